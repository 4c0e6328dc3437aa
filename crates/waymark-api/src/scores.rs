//! Scores split by a segment column (every card, stage and the journey, each value against the other values), and
//! touchpoint channels side by side within each stage (each channel against the stage's other channels). The
//! statistics are `waymark_core::compare`'s; the grouping rules are the store's (`Store::segment_scores`,
//! `Store::channel_scores`); here the journey, the column and the stage are found by what the user typed.

use crate::ApiError;
use serde::Serialize;
use std::collections::HashMap;
use waymark_core::metrics::MetricKind;
use waymark_core::{Journey, JourneyId, PersonaId, SegmentLink, StageId};
use waymark_store::{ScoreScope, SegmentScore, SegmentSplit, StageChannels, Store};

/// Scores by the values of one segment column: the JSON of `waymark scores FILE --by COLUMN --json`.
///
/// ```text
/// {
///   "journey": "0190…", "column": "Region", "min_n": 30,
///   "splits": [{
///     "scope": {"kind": "card", "card": "0190…", "title": "Card payment"},   // or {"kind": "stage",
///                                            // "stage": "0190…", "name": "Check out"}, or {"kind": "journey"}
///     "metric": "nps", "n": 412,
///     "segments": [{
///       "segment": "North",                  // null: the responses with no value (shown, never compared)
///       "n": 130, "value": 41.5, "low": 29.8, "high": 53.2, "low_confidence": false,
///       "versus_rest": {                     // null: no-value group, or fewer than 2 responses on a side
///         "difference": 12.3, "low": 1.9, "high": 22.4, "significant": true, "p_value": 0.021,
///         "method": "adjusted_wald_nps_difference"   // or "newcombe_hybrid_score", "welch_t"
///       }
///     }]
///   }]
/// }
/// ```
///
/// Splits run cards in reading order, then stages, then the journey; segments run in text order, the no-value
/// group last. `difference`, `low` and `high` are in the score's units (NPS points, percentage points, or the
/// answer scale for means); `p_value` is null for Newcombe's interval.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SegmentReport {
    pub journey: JourneyId,
    /// The column as the datasets name it.
    pub column: String,
    /// Scores on fewer responses are low-confidence.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub min_n: u64,
    pub splits: Vec<SegmentSplit>,
}

/// Touchpoint channels side by side: the JSON of `waymark channels FILE --json`.
///
/// ```text
/// {
///   "journey": "0190…", "min_n": 30,
///   "stages": [{
///     "stage": "0190…", "name": "Shop", "metric": "nps",
///     "channels": [{
///       "channel": "Web", "cards": ["0190…"],
///       "n": 310, "value": 12.0, "low": 3.1, "high": 20.9, "low_confidence": false,
///       "versus_rest": {"difference": -8.2, "low": -19.0, "high": 2.6, "significant": false,
///                       "p_value": 0.14, "method": "adjusted_wald_nps_difference"},
///       "below_rest": false                  // significantly below the stage's other channels at 95%
///     }]
///   }]
/// }
/// ```
///
/// One entry per stage and metric with touchpoint feedback, stages in order; channels in lane order. A channel is
/// a card's own channel, else its touchpoint lane's name.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChannelReport {
    pub journey: JourneyId,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub min_n: u64,
    pub stages: Vec<StageChannels>,
}

/// Each card's, stage's and the journey's scores split by the segment column `column` (its exact name, else its
/// only case-insensitive match), at the store's minimum n. An unknown column is refused in one sentence that
/// names the file and lists the segment columns there are.
pub fn scores_by_segment(
    store: &Store,
    journey: Option<JourneyId>,
    column: &str,
) -> Result<SegmentReport, ApiError> {
    let journey = crate::project::shown_journey(store, journey)?;
    let columns = store.segment_columns(journey.id())?;
    let found = columns.iter().find(|c| *c == column).or_else(|| {
        let mut same = columns
            .iter()
            .filter(|c| c.to_lowercase() == column.to_lowercase());
        same.next().filter(|_| same.next().is_none())
    });
    let Some(column) = found else {
        return Err(ApiError::Refused(unknown_column(
            store, journey, column, &columns,
        )));
    };
    Ok(SegmentReport {
        journey: journey.id(),
        column: column.clone(),
        min_n: store.min_n(),
        splits: store.segment_scores(journey, column)?,
    })
}

fn unknown_column(store: &Store, journey: &Journey, column: &str, columns: &[String]) -> String {
    let file = store.path().display();
    let name = journey.name();
    if columns.is_empty() {
        format!(
            "{file}: the feedback of journey \"{name}\" has no segment columns, so there is no \"{column}\" \
             (segment columns are chosen when a survey is imported)"
        )
    } else {
        let listed: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
        format!(
            "{file}: the feedback of journey \"{name}\" has no segment column \"{column}\"; its segment columns are {}",
            listed.join(", ")
        )
    }
}

/// Each stage's (or the stage named `stage`'s, by id or name without case) touchpoint channels side by side,
/// each against the stage's other channels, at the store's minimum n.
pub fn channel_consistency(
    store: &Store,
    journey: Option<JourneyId>,
    stage: Option<&str>,
) -> Result<ChannelReport, ApiError> {
    let journey = crate::project::shown_journey(store, journey)?;
    let stage = stage
        .map(|wanted| find_stage(journey, wanted))
        .transpose()
        .map_err(|reason| ApiError::Refused(format!("{}: {reason}", store.path().display())))?;
    Ok(ChannelReport {
        journey: journey.id(),
        min_n: store.min_n(),
        stages: store.channel_scores(journey, stage)?,
    })
}

/// The stage whose id is `wanted`, or the one whose name is, ignoring case and surrounding spaces.
fn find_stage(journey: &Journey, wanted: &str) -> Result<StageId, String> {
    let stages = journey.stages();
    if let Some(stage) = stages.iter().find(|s| s.id.to_string() == wanted.trim()) {
        return Ok(stage.id);
    }
    let same: Vec<StageId> = stages
        .iter()
        .filter(|s| s.name.trim().to_lowercase() == wanted.trim().to_lowercase())
        .map(|s| s.id)
        .collect();
    match same.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!(
            "journey \"{}\" has no stage named \"{wanted}\"; its stages are {}",
            journey.name(),
            stages
                .iter()
                .map(|s| format!("\"{}\"", s.name))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        many => Err(format!(
            "journey \"{}\" has {} stages named \"{wanted}\"; name one by id ({})",
            journey.name(),
            many.len(),
            many.iter()
                .map(StageId::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use waymark_core::metrics::MetricDefinition;
    use waymark_core::sample;
    use waymark_store::{NewDataset, NewResponse, WritingStopped};

    /// The sample with `n` NPS answers on "Card payment", every other one from "North", the rest from "South".
    fn store_with_feedback(dir: &std::path::Path, n: u64) -> Store {
        let path = dir.join("groceries.waymark");
        let mut store = Store::create(&path, &sample::grocery(), "tester").unwrap();
        let j = store.project().journeys()[0].clone();
        let card = j
            .cards_in_order()
            .find(|c| c.fields.title == "Card payment")
            .unwrap()
            .id;
        let source = dir.join("survey.csv");
        std::fs::write(&source, "survey").unwrap();
        let nps = MetricDefinition::nps();
        let dataset = NewDataset {
            journey: j.id(),
            name: "survey".into(),
            source_name: "survey.csv".into(),
            definition: nps.clone(),
            mapping: serde_json::json!({ "metric": nps, "segments": ["Region", "Plan type"] })
                .to_string(),
            columns: Vec::new(),
        };
        store
            .import_dataset(&dataset, &source, |w| {
                for row in 0..n {
                    let region = if row % 2 == 0 { "North" } else { "South" };
                    let segments = format!(r#"{{"Plan type":"Basic","Region":"{region}"}}"#);
                    w.add(&NewResponse {
                        row,
                        card,
                        score: (row % 11) as f64,
                        time: None,
                        comment: None,
                        segments: Some(&segments),
                    })?;
                }
                Ok::<u64, WritingStopped>(n)
            })
            .unwrap();
        store
    }

    #[test]
    fn an_unknown_column_is_one_sentence_listing_the_columns() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with_feedback(dir.path(), 40);
        let error = scores_by_segment(&store, None, "Device")
            .unwrap_err()
            .to_string();
        assert!(
            error.ends_with(
                "groceries.waymark: the feedback of journey \"Ordering groceries online\" has no segment column \
                 \"Device\"; its segment columns are \"Region\", \"Plan type\""
            ),
            "{error}"
        );
        let report = scores_by_segment(&store, None, "plan TYPE").unwrap();
        assert_eq!(report.column, "Plan type");
        assert_eq!(report.min_n, 30);
        let json = serde_json::to_value(&report).unwrap();
        let journey = json["splits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["scope"]["kind"] == "journey")
            .unwrap();
        assert_eq!(journey["n"], 40);
        assert_eq!(journey["segments"][0]["segment"], "Basic");
        assert_eq!(
            journey["segments"][0]["versus_rest"],
            serde_json::Value::Null
        );

        let empty = tempfile::tempdir().unwrap();
        let mut store = store_with_feedback(empty.path(), 0);
        for d in store.datasets().unwrap() {
            store.remove_dataset(&d.id).unwrap();
        }
        let error = scores_by_segment(&store, None, "Region")
            .unwrap_err()
            .to_string();
        assert!(error.contains("has no segment columns"), "{error}");
    }

    #[test]
    fn stages_are_found_by_name_or_id_and_an_unknown_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with_feedback(dir.path(), 40);
        let j = &store.project().journeys()[0];
        let checkout = j
            .stages()
            .iter()
            .find(|s| s.name == "Check out")
            .unwrap()
            .id;
        let by_name = channel_consistency(&store, None, Some(" check OUT ")).unwrap();
        let by_id = channel_consistency(&store, None, Some(&checkout.to_string())).unwrap();
        assert_eq!(by_name.stages, by_id.stages);
        assert_eq!(by_name.stages.len(), 1);
        assert_eq!(by_name.stages[0].channels[0].channel, "Web");
        assert_eq!(by_name.stages[0].channels[0].n, 40);
        assert_eq!(
            channel_consistency(&store, None, None).unwrap().stages,
            by_name.stages
        );
        let error = channel_consistency(&store, None, Some("Checkout"))
            .unwrap_err()
            .to_string();
        assert!(
            error.ends_with(
                "groceries.waymark: journey \"Ordering groceries online\" has no stage named \"Checkout\"; its stages \
                 are \"Discover\", \"Sign up\", \"Shop\", \"Check out\", \"Delivery\", \"After delivery\""
            ),
            "{error}"
        );
    }
}

/// A persona linked to a segment value, with that segment's score at each stage — to stand beside the persona's
/// emotion curve: the JSON of `waymark scores FILE --personas --json` (an array of these).
///
/// ```text
/// {"persona": "0190…", "name": "Busy parent", "segment": {"column": "Plan", "value": "Family"},
///  "stages": [{"stage": "0190…", "metric": "nps",
///              "score": {"segment": "Family", "n": 88, "value": 12.5, …, "versus_rest": {…}}}]}
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonaScores {
    pub persona: PersonaId,
    pub name: String,
    pub segment: SegmentLink,
    /// The stages where the persona's segment answered, in stage order (one entry per metric).
    pub stages: Vec<PersonaStageScore>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonaStageScore {
    pub stage: StageId,
    pub metric: MetricKind,
    /// The segment's score at the stage, against the stage's other segment values.
    pub score: SegmentScore,
}

/// Every linked persona of the project with its segment's stage scores in the journey on show (personas whose
/// column the journey's feedback does not record have no stages). Values are matched without case or outer
/// spaces, as a user types them.
pub fn persona_scores(
    store: &Store,
    journey: Option<JourneyId>,
) -> Result<Vec<PersonaScores>, ApiError> {
    let journey = crate::project::shown_journey(store, journey)?;
    let columns = store.segment_columns(journey.id())?;
    let mut splits_by_column: HashMap<&str, Vec<SegmentSplit>> = HashMap::new();
    let mut out = Vec::new();
    for persona in store.project().personas() {
        let Some(link) = &persona.segment else {
            continue;
        };
        let stages = match columns.iter().find(|c| **c == link.column) {
            Some(column) => {
                if !splits_by_column.contains_key(column.as_str()) {
                    let splits = store.segment_scores(journey, column)?;
                    splits_by_column.insert(column, splits);
                }
                stage_scores(&splits_by_column[column.as_str()], &link.value)
            }
            None => Vec::new(),
        };
        out.push(PersonaScores {
            persona: persona.id,
            name: persona.name.clone(),
            segment: link.clone(),
            stages,
        });
    }
    Ok(out)
}

/// The stage splits' scores of the segment `value`.
fn stage_scores(splits: &[SegmentSplit], value: &str) -> Vec<PersonaStageScore> {
    let wanted = value.trim().to_lowercase();
    splits
        .iter()
        .filter_map(|split| {
            let ScoreScope::Stage { stage, .. } = split.scope else {
                return None;
            };
            let score = split.segments.iter().find(|s| {
                s.segment
                    .as_deref()
                    .is_some_and(|v| v.trim().to_lowercase() == wanted)
            })?;
            Some(PersonaStageScore {
                stage,
                metric: split.metric,
                score: score.clone(),
            })
        })
        .collect()
}
