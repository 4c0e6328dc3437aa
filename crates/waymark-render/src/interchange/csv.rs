//! The cards of a journey as CSV, one row per card in reading order, for spreadsheets.

use std::collections::HashMap;
use waymark_core::Journey;
use waymark_core::metrics::MetricKind;

pub const COLUMNS: [&str; 13] = [
    "card_id",
    "stage",
    "lane",
    "position",
    "title",
    "kind",
    "channel",
    "owner",
    "tags",
    "description",
    "dots",
    "flows_in",
    "flows_out",
];

/// Card rows; with feedback, each metric's value, n, interval and low-confidence flag as more columns.
pub fn export(journey: &Journey, feedback: Option<&crate::svg::Feedback>) -> Vec<u8> {
    let scores = feedback.map_or(&[][..], |f| f.scores.as_slice());
    let mut metrics: Vec<MetricKind> = scores.iter().map(|s| s.metric).collect();
    metrics.sort();
    metrics.dedup();
    let mut flows_in = HashMap::new();
    let mut flows_out = HashMap::new();
    for flow in journey.flows_by_id() {
        *flows_out.entry(flow.from).or_insert(0usize) += 1;
        *flows_in.entry(flow.to).or_insert(0usize) += 1;
    }
    let stage_name = |id| {
        journey
            .stages()
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.name.clone())
    };
    let lane_name = |id| {
        journey
            .lanes()
            .iter()
            .find(|l| l.id == id)
            .map(|l| l.name.clone())
    };
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let mut write = |row: &[String]| {
        writer
            .write_record(row)
            .expect("writing to memory cannot fail")
    };
    let mut header: Vec<String> = COLUMNS.map(str::to_owned).to_vec();
    for metric in &metrics {
        let name = serde_json::to_value(metric)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        header
            .extend(["value", "n", "low", "high", "low_confidence"].map(|p| format!("{name}_{p}")));
    }
    write(&header);
    for card in journey.cards_in_order() {
        let f = &card.fields;
        let mut row = vec![
            card.id.to_string(),
            stage_name(card.cell.stage).unwrap_or_default(),
            lane_name(card.cell.lane).unwrap_or_default(),
            (journey.card_position(card.id).unwrap_or_default() + 1).to_string(),
            f.title.clone(),
            f.kind.to_string(),
            f.channel.clone().unwrap_or_default(),
            f.owner.clone().unwrap_or_default(),
            f.tags.join("; "),
            f.description.clone(),
            journey.dots(card.id).to_string(),
            flows_in.get(&card.id).copied().unwrap_or(0).to_string(),
            flows_out.get(&card.id).copied().unwrap_or(0).to_string(),
        ];
        for metric in &metrics {
            match scores
                .iter()
                .find(|s| s.card_id == card.id && s.metric == *metric)
            {
                Some(s) => row.extend([
                    s.value.to_string(),
                    s.n.to_string(),
                    s.low.to_string(),
                    s.high.to_string(),
                    s.low_confidence.to_string(),
                ]),
                None => row.extend(std::iter::repeat_n(String::new(), 5)),
            }
        }
        write(&row);
    }
    writer.into_inner().expect("writing to memory cannot fail")
}
