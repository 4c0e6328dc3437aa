//! `waymark scores --by COLUMN`, `waymark scores --personas` and `waymark channels`: one `waymark-api` call each
//! (`scores::scores_by_segment`, `scores::persona_scores`, `scores::channel_consistency`), printed as JSON or as one small table per card, stage or journey.

use crate::{Failure, find, open, print, refused_in};
use std::fmt::Write;
use std::path::Path;
use waymark_api::scores::{ChannelReport, PersonaScores, SegmentReport};
use waymark_core::compare::{Comparison, ComparisonMethod};
use waymark_core::metrics::MetricKind;
use waymark_core::{Journey, JourneyId};
use waymark_store::ScoreScope;
use waymark_store::Store;

/// The project at `file`, its scores at the minimum n `min_n`, and the id of the journey named (default: the
/// first).
fn opened(
    file: &Path,
    min_n: u64,
    journey: Option<&str>,
    author: &str,
) -> Result<(Store, JourneyId), Failure> {
    let mut store = open(file, author)?;
    store.set_min_n(min_n);
    let j = find::journey(store.project(), journey).map_err(|e| refused_in(file, e))?;
    let id = j.id();
    Ok((store, id))
}

/// A report as JSON, or as the text `table` writes.
fn present<T: serde::Serialize>(
    out: &mut String,
    json: bool,
    report: &T,
    table: impl FnOnce(&mut String, &T),
) {
    if json {
        print::json(out, report);
    } else {
        table(out, report);
    }
}

/// `waymark scores FILE --by COLUMN`.
pub fn scores_by(
    file: &Path,
    column: &str,
    json: bool,
    min_n: u64,
    journey: Option<&str>,
    author: &str,
    out: &mut String,
) -> Result<u8, Failure> {
    let (store, j) = opened(file, min_n, journey, author)?;
    let report = waymark_api::scores::scores_by_segment(&store, Some(j), column)?;
    present(out, json, &report, segment_tables);
    Ok(0)
}

/// `waymark scores FILE --personas`.
pub fn persona_scores(
    file: &Path,
    json: bool,
    min_n: u64,
    journey: Option<&str>,
    author: &str,
    out: &mut String,
) -> Result<u8, Failure> {
    let (store, j) = opened(file, min_n, journey, author)?;
    let personas = waymark_api::scores::persona_scores(&store, Some(j))?;
    let journey = store.project().journey(j).expect("found above");
    present(out, json, &personas, |out, personas| {
        persona_tables(out, journey, personas, min_n)
    });
    Ok(0)
}

/// `waymark channels FILE [--stage S]`.
pub fn channels(
    file: &Path,
    stage: Option<&str>,
    json: bool,
    min_n: u64,
    journey: Option<&str>,
    author: &str,
    out: &mut String,
) -> Result<u8, Failure> {
    let (store, j) = opened(file, min_n, journey, author)?;
    let report = waymark_api::scores::channel_consistency(&store, Some(j), stage)?;
    present(out, json, &report, channel_tables);
    Ok(0)
}

/// What a reader of many comparisons should keep in mind.
const ON_ITS_OWN: &str = "Each difference is tested on its own: among many, about one in twenty that are not real is still flagged.";

fn metric_name(metric: MetricKind) -> String {
    format!("{metric:?}").to_uppercase()
}

/// Differences of means get two decimals; NPS and percentage points one, as the scores do.
fn difference_text(c: &Comparison) -> String {
    let places = if c.method == ComparisonMethod::WelchT {
        2
    } else {
        1
    };
    format!(
        "{:+.places$} (95% {:.places$} to {:.places$})",
        c.difference, c.low, c.high
    )
}

/// One row of a table: name, value, n (with `*` when low-confidence), interval, then what follows.
fn row(
    out: &mut String,
    width: usize,
    name: &str,
    [value, low, high]: [f64; 3],
    n: u64,
    low_confidence: bool,
    after: &str,
) {
    let interval = format!("{low:.1} to {high:.1}");
    let n = format!("{n}{}", if low_confidence { "*" } else { " " });
    let line = format!("  {name:<width$}  {value:>7.1}  {n:>8}  {interval:<16}{after}");
    let _ = writeln!(out, "{}", line.trim_end());
}

fn header(out: &mut String, width: usize, what: &str, versus: &str) {
    let _ = writeln!(
        out,
        "  {what:<width$}  {:>7}  {:>8}  {:<16}  {versus}",
        "value", "n ", "95% interval"
    );
}

/// The legend of the `*` mark, when a table has one.
fn low_confidence_note(out: &mut String, any: bool, min_n: u64) {
    if any {
        let _ = writeln!(out, "* low confidence: fewer than {min_n} responses.");
    }
}

pub fn segment_tables(out: &mut String, report: &SegmentReport) {
    let column = &report.column;
    if report.splits.is_empty() {
        let _ = writeln!(out, "No responses record \"{column}\".");
        return;
    }
    let _ = writeln!(
        out,
        "Scores by \"{column}\": each value against the other values of the same card, stage or journey (95%). \
         Responses with no value are shown, not compared.\n{ON_ITS_OWN}"
    );
    let any = report
        .splits
        .iter()
        .any(|s| s.segments.iter().any(|g| g.low_confidence));
    low_confidence_note(out, any, report.min_n);
    for split in &report.splits {
        let scope = match &split.scope {
            ScoreScope::Card { title, .. } => title.clone(),
            ScoreScope::Stage { name, .. } => format!("Stage \"{name}\""),
            ScoreScope::Journey => "Whole journey".to_owned(),
        };
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{scope}: {}, n = {}",
            metric_name(split.metric),
            split.n
        );
        let name =
            |segment: &Option<String>| segment.clone().unwrap_or_else(|| "(no value)".into());
        let width = split
            .segments
            .iter()
            .map(|s| name(&s.segment).chars().count())
            .chain([column.chars().count()])
            .max()
            .unwrap_or(0);
        header(out, width, column, "vs the rest");
        for s in &split.segments {
            let after = match (&s.segment, &s.versus_rest) {
                (None, _) => "  not compared".to_owned(),
                (Some(_), None) => "  too few responses to compare".to_owned(),
                (Some(_), Some(c)) => versus(c, "the rest"),
            };
            row(
                out,
                width,
                &name(&s.segment),
                [s.value, s.low, s.high],
                s.n,
                s.low_confidence,
                &after,
            );
        }
    }
}

/// `  +12.3 (95% 1.9 to 22.4), significant at 95% (method)`.
fn versus(c: &Comparison, rest: &str) -> String {
    let mut text = format!("  {}", difference_text(c));
    if c.significant {
        let direction = if c.difference < 0.0 { "below" } else { "above" };
        let _ = write!(
            text,
            ", {direction} {rest}, significant at 95% ({})",
            c.method.describe()
        );
    }
    text
}

pub fn channel_tables(out: &mut String, report: &ChannelReport) {
    if report.stages.is_empty() {
        let _ = writeln!(
            out,
            "No scores on touchpoint cards: import feedback on cards in touchpoint lanes first (waymark import)."
        );
        return;
    }
    let _ = writeln!(
        out,
        "Touchpoint channels by stage: each channel against the stage's other channels together (95%).\n{ON_ITS_OWN}"
    );
    let any = report
        .stages
        .iter()
        .any(|s| s.channels.iter().any(|c| c.low_confidence));
    low_confidence_note(out, any, report.min_n);
    for stage in &report.stages {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Stage \"{}\": {}",
            stage.name,
            metric_name(stage.metric)
        );
        let width = stage
            .channels
            .iter()
            .map(|c| c.channel.chars().count())
            .chain(["channel".len()])
            .max()
            .unwrap_or(0);
        header(out, width, "channel", "vs the other channels");
        for c in &stage.channels {
            let after = match &c.versus_rest {
                None if stage.channels.len() == 1 => "  the only channel".to_owned(),
                None => "  too few responses to compare".to_owned(),
                Some(v) => {
                    let mut text = versus(v, "the other channels");
                    if c.below_rest {
                        text.push_str("  <- BELOW");
                    }
                    text
                }
            };
            row(
                out,
                width,
                &c.channel,
                [c.value, c.low, c.high],
                c.n,
                c.low_confidence,
                &after,
            );
        }
    }
}

fn persona_tables(out: &mut String, journey: &Journey, personas: &[PersonaScores], min_n: u64) {
    if personas.is_empty() {
        let _ = writeln!(
            out,
            "No persona is linked to a segment value (waymark link-persona FILE PERSONA --segment COLUMN VALUE)."
        );
        return;
    }
    let any = personas
        .iter()
        .any(|p| p.stages.iter().any(|s| s.score.low_confidence));
    low_confidence_note(out, any, min_n);
    for persona in personas {
        let link = &persona.segment;
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}: the responses with {} = \"{}\"",
            persona.name, link.column, link.value
        );
        if persona.stages.is_empty() {
            let _ = writeln!(out, "  no responses in this journey");
            continue;
        }
        let stage_name = |id| {
            journey
                .stages()
                .iter()
                .find(|s| s.id == id)
                .map_or("?", |s| s.name.as_str())
        };
        let width = persona
            .stages
            .iter()
            .map(|s| stage_name(s.stage).chars().count() + 7)
            .chain(["stage".len()])
            .max()
            .unwrap_or(0);
        header(out, width, "stage", "vs the stage's other values");
        for s in &persona.stages {
            let after = match &s.score.versus_rest {
                None => "  too few responses to compare".to_owned(),
                Some(c) => versus(c, "the rest"),
            };
            let name = format!("{} ({})", stage_name(s.stage), metric_name(s.metric));
            row(
                out,
                width,
                &name,
                [s.score.value, s.score.low, s.score.high],
                s.score.n,
                s.score.low_confidence,
                &after,
            );
        }
    }
}
