//! What the CLI prints: human text or pretty JSON, built as a string so that a closed pipe (`| head`) ends the
//! program quietly instead of failing mid-line.

use serde::Serialize;
use std::fmt::Write;
use waymark_api::history::Comparison;
use waymark_core::*;
use waymark_store::{HistoryEntry, Version};

pub fn json(out: &mut String, value: &impl Serialize) {
    let _ = writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(value).expect("values serialize")
    );
}

fn title(journey: &Journey, card: CardId) -> &str {
    journey.card(card).map_or("?", |c| c.fields.title.as_str())
}

pub fn project(out: &mut String, project: &Project, ids: bool) {
    let id = |id: &dyn std::fmt::Display| {
        if ids {
            format!("  [{id}]")
        } else {
            String::new()
        }
    };
    if !project.personas().is_empty() {
        let _ = writeln!(out, "Personas:");
        for p in project.personas() {
            let _ = writeln!(out, "  {}{}", p.name, id(&p.id));
        }
    }
    for j in project.journeys() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Journey \"{}\": {} stages × {} lanes, {} cards, {} flows{}",
            j.name(),
            j.stages().len(),
            j.lanes().len(),
            j.card_count(),
            j.flow_count(),
            id(&j.id())
        );
        let _ = writeln!(
            out,
            "Lanes: {}",
            j.lanes()
                .iter()
                .map(|l| format!("{} ({})", l.name, l.kind))
                .collect::<Vec<_>>()
                .join(", ")
        );
        for (n, stage) in j.stages().iter().enumerate() {
            let _ = writeln!(out);
            let _ = writeln!(out, "{}. {}{}", n + 1, stage.name, id(&stage.id));
            for lane in j.lanes() {
                let cards = j.cell_cards(Cell {
                    stage: stage.id,
                    lane: lane.id,
                });
                if cards.is_empty() {
                    continue;
                }
                let _ = writeln!(out, "   {}{}", lane.name, id(&lane.id));
                for &card in cards {
                    let c = j.card(card).expect("cell cards exist");
                    let _ = writeln!(
                        out,
                        "     - {} ({}){}",
                        c.fields.title,
                        c.fields.kind,
                        id(&card)
                    );
                }
            }
            let emotions: Vec<String> = project
                .personas()
                .iter()
                .filter_map(|p| {
                    j.emotion(p.id, stage.id)
                        .map(|v| format!("{} {v:+}", p.name))
                })
                .collect();
            if !emotions.is_empty() {
                let _ = writeln!(out, "   Emotion: {}", emotions.join("; "));
            }
        }
        if j.flow_count() > 0 {
            let _ = writeln!(out);
            let _ = writeln!(out, "Flows:");
            for f in j.flows_by_id() {
                let label = f
                    .label
                    .as_deref()
                    .map(|l| format!(" \"{l}\""))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "  {} -> {} ({}){label}{}",
                    title(j, f.from),
                    title(j, f.to),
                    f.kind,
                    id(&f.id)
                );
            }
        }
    }
}

#[derive(Serialize)]
pub struct JourneyFindings<'a> {
    journey: JourneyId,
    name: &'a str,
    problems: usize,
    #[serde(flatten)]
    findings: &'a Findings,
}

pub fn findings_json<'a>(all: &'a [(&'a Journey, Findings)]) -> Vec<JourneyFindings<'a>> {
    all.iter()
        .map(|(j, f)| JourneyFindings {
            journey: j.id(),
            name: j.name(),
            problems: f.problem_count(),
            findings: f,
        })
        .collect()
}

pub fn findings(out: &mut String, all: &[(&Journey, Findings)]) {
    for (j, f) in all {
        let titles = |cards: &[CardId]| {
            cards
                .iter()
                .map(|&c| title(j, c))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let problems = f.problem_count();
        let _ = writeln!(
            out,
            "Journey \"{}\": {}",
            j.name(),
            if problems == 0 {
                "no problems found".to_owned()
            } else {
                format!("{problems} problem(s) found")
            }
        );
        let _ = writeln!(
            out,
            "  entries ({}): {}",
            f.entries.len(),
            titles(&f.entries)
        );
        let _ = writeln!(out, "  exits ({}): {}", f.exits.len(), titles(&f.exits));
        if !f.dead_ends.is_empty() {
            let _ = writeln!(
                out,
                "  PROBLEM dead ends, no way on ({}): {}",
                f.dead_ends.len(),
                titles(&f.dead_ends)
            );
        }
        if !f.unreachable.is_empty() {
            let _ = writeln!(
                out,
                "  PROBLEM unreachable from any entry ({}): {}",
                f.unreachable.len(),
                titles(&f.unreachable)
            );
        }
        for cycle in &f.unmarked_loops {
            let _ = writeln!(
                out,
                "  PROBLEM a cycle with no flow marked `loop`: {}",
                titles(cycle)
            );
        }
        let _ = writeln!(out, "  loops: {}", f.loops.len());
        let p = &f.paths;
        let bounds = match (p.shortest, p.longest) {
            (Some(s), Some(l)) => format!(", {s} to {l} cards long"),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "  paths from entry to exit: {}{}{bounds}",
            p.count,
            if p.truncated {
                "+ (stopped counting)"
            } else {
                ""
            }
        );
        match &f.happy_path {
            Some(path) => {
                let _ = writeln!(
                    out,
                    "  happy path: {}",
                    path.iter()
                        .map(|&c| title(j, c))
                        .collect::<Vec<_>>()
                        .join(" -> ")
                );
            }
            None => {
                let _ = writeln!(out, "  happy path: none from an entry to an exit");
            }
        }
    }
}

pub fn history(out: &mut String, entries: &[HistoryEntry]) {
    if entries.is_empty() {
        let _ = writeln!(out, "No edits yet.");
        return;
    }
    let zone = jiff::tz::TimeZone::system();
    for e in entries {
        let undone = if e.redoable { "  (can be redone)" } else { "" };
        let _ = writeln!(
            out,
            "#{:<5} {}  {:<12} {:<5} {}{undone}",
            e.seq,
            local_time(e.at_ms, &zone),
            e.author,
            e.kind.as_str(),
            e.description
        );
    }
}

/// Milliseconds since the Unix epoch as local date and time.
fn local_time(at_ms: i64, zone: &jiff::tz::TimeZone) -> String {
    jiff::Timestamp::from_millisecond(at_ms)
        .map(|t| {
            t.to_zoned(zone.clone())
                .strftime("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|_| "?".into())
}

/// One version a line: its label, the history entry it marks and what that entry did, when and by whom.
pub fn versions(out: &mut String, versions: &[Version]) {
    if versions.is_empty() {
        let _ = writeln!(out, "No versions saved yet.");
        return;
    }
    let zone = jiff::tz::TimeZone::system();
    for v in versions {
        let _ = writeln!(out, "{}", version_line(v, &zone));
    }
}

fn version_line(v: &Version, zone: &jiff::tz::TimeZone) -> String {
    format!(
        "\"{}\" at #{} ({}), saved {} by {}",
        v.label,
        v.seq,
        v.description,
        local_time(v.at_ms, zone),
        v.author
    )
}

/// Counts, then each card added, removed and changed with its title (a removed card's as it was).
pub fn comparison(out: &mut String, journey: &Journey, since: &str, c: &Comparison) {
    let _ = writeln!(
        out,
        "Since {since}, journey \"{}\": {} added, {} removed, {} changed.",
        journey.name(),
        c.added.len(),
        c.removed.len(),
        c.changed.len()
    );
    for (word, cards) in [("added", &c.added), ("changed", &c.changed)] {
        for &card in cards {
            let _ = writeln!(out, "  {word:<8} {}", title(journey, card));
        }
    }
    for card in &c.removed {
        let _ = writeln!(out, "  {:<8} {}", "removed", card.fields.title);
    }
}

/// What an import read: counts, then unmatched values and invalid rows with their first line numbers.
pub fn feedback_preview(out: &mut String, p: &waymark_feedback::Preview, outcome: &str) {
    let _ = writeln!(
        out,
        "{}, {} encoding, {} header ({} row{}), {} columns.",
        p.info.format,
        p.info.encoding,
        serde_json::to_value(p.info.layout)
            .ok()
            .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
            .unwrap_or_default(),
        p.info.header_rows,
        if p.info.header_rows == 1 { "" } else { "s" },
        p.columns.len()
    );
    let unmapped: u64 = p.unmapped.iter().map(|u| u.rows).sum();
    let invalid: u64 = p.invalid.iter().map(|i| i.rows).sum::<u64>() - p.excluded;
    let _ = writeln!(
        out,
        "{} rows read: {} {outcome}, {} with no answer, {} matched no card, {} invalid, {} left out by the export's own status.",
        p.rows_read, p.mapped, p.no_answer, unmapped, invalid, p.excluded
    );
    answers(out, &p.answers);
    for u in p.unmapped.iter().take(10) {
        let _ = writeln!(out, "  no card for \"{}\": {} rows", u.value, u.rows);
    }
    if p.unmapped.len() > 10 {
        let _ = writeln!(out, "  … and {} more values", p.unmapped.len() - 10);
    }
    for i in &p.invalid {
        let lines: Vec<String> = i.lines.iter().map(u64::to_string).collect();
        let more = if i.rows as usize > i.lines.len() {
            ", …"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {}: {} rows (lines {}{more})",
            i.reason,
            i.rows,
            lines.join(", ")
        );
    }
}

/// The answers that are words, each with the number it was read as (unread ones first: give them `--value`).
fn answers(out: &mut String, answers: &[waymark_feedback::import::AnswerCount]) {
    use waymark_feedback::answers::Reading;
    if answers.is_empty() {
        return;
    }
    let _ = writeln!(out, "Answers given as words:");
    for a in answers.iter().take(20) {
        let reading = match a.reading {
            Reading::Yours(v) => format!("{v} (yours)"),
            Reading::Label(v) => format!("{v}"),
            Reading::NumberInLabel(v) => format!("{v} (the number in the label)"),
            Reading::Number(v) => format!("{v}"),
            Reading::NoAnswer => "no answer".into(),
            Reading::Unknown => "not read: say --value \"LABEL=N\"".into(),
        };
        let _ = writeln!(
            out,
            "  \"{}\" → {reading}: {} rows",
            a.answer.split_whitespace().collect::<Vec<_>>().join(" "),
            a.rows
        );
    }
    if answers.len() > 20 {
        let _ = writeln!(out, "  … and {} more answers", answers.len() - 20);
    }
}

pub fn scores(out: &mut String, scores: &[waymark_store::CardScore]) {
    if scores.is_empty() {
        let _ = writeln!(out, "No scores: import feedback first (waymark import).");
        return;
    }
    for s in scores {
        score_line(
            out,
            &s.card,
            s.metric,
            [s.value, s.low, s.high],
            s.n,
            s.low_confidence,
        );
    }
}

pub fn scores_csv(out: &mut String, scores: &[waymark_store::CardScore]) {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for s in scores {
        writer.serialize(s).expect("writing to memory cannot fail");
    }
    if scores.is_empty() {
        writer
            .write_record([
                "card",
                "card_id",
                "metric",
                "n",
                "value",
                "low",
                "high",
                "low_confidence",
            ])
            .expect("writing to memory cannot fail");
    }
    let bytes = writer.into_inner().expect("writing to memory cannot fail");
    out.push_str(&String::from_utf8(bytes).expect("CSV of strings is UTF-8"));
}

/// Stage and journey scores, after the cards' (text output only; the JSON stays one row per card).
pub fn scope_scores(out: &mut String, journey: &Journey, scopes: &[waymark_store::ScopeScore]) {
    for s in scopes {
        let name = match s.stage {
            Some(stage) => journey
                .stages()
                .iter()
                .find(|x| x.id == stage)
                .map_or_else(String::new, |x| format!("Stage \"{}\"", x.name)),
            None => "Whole journey".to_owned(),
        };
        score_line(
            out,
            &name,
            s.metric,
            [s.value, s.low, s.high],
            s.n,
            s.low_confidence,
        );
    }
}

/// `NAME: NPS 53.4 (95% 52.3 to 54.5), n = 13612[, low confidence]`.
fn score_line(
    out: &mut String,
    name: &str,
    metric: waymark_core::metrics::MetricKind,
    [value, low, high]: [f64; 3],
    n: u64,
    low_confidence: bool,
) {
    let flag = if low_confidence {
        ", low confidence"
    } else {
        ""
    };
    let metric = format!("{metric:?}").to_uppercase();
    let _ = writeln!(
        out,
        "{name}: {metric} {value:.1} (95% {low:.1} to {high:.1}), n = {n}{flag}"
    );
}

pub fn templates(out: &mut String, templates: &[waymark_api::templates::TemplateInfo]) {
    for t in templates {
        let _ = writeln!(
            out,
            "{}{}: {} stages, {} lanes, {} cards, {} flows",
            t.name,
            if t.builtin { "" } else { " (yours)" },
            t.stages,
            t.lanes,
            t.cards,
            t.flows
        );
        if !t.description.is_empty() {
            let _ = writeln!(out, "    {}", t.description);
        }
    }
}
