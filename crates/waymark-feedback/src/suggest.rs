//! A first guess at the mapping, from column names and the values of the first rows, for the import wizard to
//! show; the user confirms or changes it.

use crate::answers::{AnswerShape, Answers, is_no_answer, number_with_label, shape_of};
use crate::error::ReadError;
use crate::mapping::{
    Mapping, Target, find_column, normalise, parse_date, parse_number, plain_text,
};
use crate::table::{OpenOptions, Table, TableInfo};
use csv::StringRecord;
use serde::Serialize;
use std::path::Path;
use waymark_core::Journey;
use waymark_core::metrics::{MetricDefinition, MetricKind};

const SAMPLE_ROWS: usize = 500;

/// What the wizard shows about a file before any mapping: its shape, and the guess.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FileSummary {
    pub info: TableInfo,
    pub columns: Vec<String>,
    /// Each column's question as plain text where the export gives one (or its header holds HTML); else empty.
    pub questions: Vec<String>,
    /// The first rows, for a glimpse of the values.
    pub sample: Vec<Vec<String>>,
    pub suggestion: Mapping,
    /// Why the score column was suggested; empty when no column looked like a score.
    pub reason: String,
}

/// What a column's answers say it measures, and why.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScoreGuess {
    pub metric: MetricDefinition,
    pub answers: Answers,
    pub reason: String,
}

fn named(column: &str, words: &[&str]) -> bool {
    let name = normalise(column);
    words.iter().any(|w| name.contains(w))
}

/// Reads the first rows of `path` and guesses a mapping onto `journey`'s cards.
pub fn summarise(
    path: &Path,
    options: &OpenOptions,
    journey: &Journey,
) -> Result<FileSummary, ReadError> {
    let mut table = Table::open(path, options)?;
    let sample = Sample::read(&mut table)?;
    let best = (0..sample.columns.len())
        .filter_map(|i| Some((i, sample.evidence(i)?)))
        .max_by(|(i, a), (j, b)| a.strength.cmp(&b.strength).then(j.cmp(i)));
    let (score_column, guess) = match best {
        Some((i, evidence)) => (sample.columns[i].clone(), evidence.guess),
        None => (
            sample.columns.first().cloned().unwrap_or_default(),
            ScoreGuess {
                metric: MetricDefinition::any_number(),
                answers: Answers::default(),
                reason: String::new(),
            },
        ),
    };
    let comment = guess_comment(&sample, &score_column);
    let date = guess_date(&sample, &score_column);
    let target = guess_target(&sample, journey);
    Ok(FileSummary {
        info: table.info.clone(),
        columns: sample.columns.clone(),
        questions: sample.questions.clone(),
        sample: sample.rows.into_iter().take(5).collect(),
        suggestion: Mapping {
            metric: guess.metric,
            score: score_column,
            answers: guess.answers,
            comment,
            date,
            day_first: false,
            segments: Vec::new(),
            target,
            sheet: options.sheet.clone(),
        },
        reason: guess.reason,
    })
}

/// What the first rows of `column` (its id or question text) say it measures: the metric and answer scale to
/// read it with, for a score column the user picked. `None` when the file has no such column.
pub fn guess_score(
    path: &Path,
    options: &OpenOptions,
    column: &str,
) -> Result<Option<ScoreGuess>, ReadError> {
    let mut table = Table::open(path, options)?;
    let sample = Sample::read(&mut table)?;
    let Some(i) = find_column(&sample.columns, &sample.questions, column) else {
        return Ok(None);
    };
    Ok(Some(match sample.evidence(i) {
        Some(evidence) => evidence.guess,
        None => ScoreGuess {
            metric: sample
                .numbers(i)
                .map_or_else(MetricDefinition::any_number, |(lo, hi)| {
                    MetricDefinition::number(lo.min(0.0), hi.max(1.0))
                }),
            answers: Answers::default(),
            reason: String::new(),
        },
    }))
}

/// Columns an export adds about the response rather than the respondent's answers (normalised names).
const BOOKKEEPING: &[&str] = &[
    "status",
    "response type",
    "progress",
    "duration",
    "finished",
    "solutionrevision",
    "solution revision",
    "location",
    "latitude",
    "longitude",
    "accuracy",
    "ipaddress",
    "ip address",
    "network id",
    "recipient",
    "externalreference",
    "external data reference",
    "distributionchannel",
    "distribution channel",
    "userlanguage",
    "user language",
    "recaptcha",
    "start date",
    "startdate",
    "end date",
    "enddate",
    "submit date",
    "recordeddate",
    "recorded date",
];

/// Whether a column is the export's bookkeeping: named like it, an id, or holding IP addresses.
fn is_bookkeeping(column: &str, values: &mut dyn Iterator<Item = &str>) -> bool {
    let name = normalise(column);
    let is_id = name == "#"
        || name == "id"
        || name.ends_with(" id")
        || (column.len() > 2 && (column.ends_with("Id") || column.ends_with("ID")));
    is_id
        || BOOKKEEPING.iter().any(|w| name.contains(w))
        || values
            .take(20)
            .any(|v| v.trim().parse::<std::net::IpAddr>().is_ok())
}

/// The words of questions that ask for each metric, in English, French, German and Spanish.
const ASKS_FOR: [(MetricKind, &[&str]); 4] = [
    (
        MetricKind::Nps,
        &["recommend", "recommand", "empfehl", "recomend", "nps"],
    ),
    (MetricKind::Csat, &["satisf", "zufrieden", "csat"]),
    (
        MetricKind::Ces,
        &[
            "easy", "effort", "facile", "einfach", "leicht", "facil", "ces",
        ],
    ),
    (
        MetricKind::Rating,
        &[
            "rating",
            "stars",
            "etoiles",
            "sterne",
            "estrellas",
            "bewertung",
        ],
    ),
];

/// A column's claim to be the score: how strong, and the guess it makes.
struct Evidence {
    strength: u8,
    guess: ScoreGuess,
}

/// The first [`SAMPLE_ROWS`] rows: enough to guess from without reading a large file through.
struct Sample {
    columns: Vec<String>,
    questions: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Sample {
    fn read(table: &mut Table) -> Result<Sample, ReadError> {
        let mut record = StringRecord::new();
        let mut rows: Vec<Vec<String>> = Vec::new();
        while rows.len() < SAMPLE_ROWS {
            match table.next_row(&mut record)? {
                Some(_) => rows.push(record.iter().map(str::to_owned).collect()),
                None => break,
            }
        }
        let questions = (0..table.columns.len())
            .map(|i| {
                let header = &table.columns[i];
                let text = table
                    .info
                    .descriptions
                    .get(i)
                    .filter(|d| !d.trim().is_empty())
                    .map_or_else(|| plain_text(header), |d| plain_text(d));
                if text == *header { String::new() } else { text }
            })
            .collect();
        Ok(Sample {
            columns: table.columns.clone(),
            questions,
            rows,
        })
    }

    /// Column `i`'s values that are not blank.
    fn values(&self, i: usize) -> impl Iterator<Item = &str> {
        self.rows
            .iter()
            .filter_map(move |r| r.get(i))
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }

    /// Column `i`'s range (lowest, highest) when at least 90% of its answers are numbers (alone or written with
    /// their label, "0 - Not at all likely"), not counting answers that count as no answer.
    fn numbers(&self, i: usize) -> Option<(f64, f64)> {
        let answers: Vec<&str> = self.values(i).filter(|v| !is_no_answer(v)).collect();
        let parsed: Vec<f64> = answers
            .iter()
            .filter_map(|v| {
                parse_number(v)
                    .ok()
                    .flatten()
                    .or_else(|| number_with_label(v))
            })
            .collect();
        (!answers.is_empty() && parsed.len() * 10 >= answers.len() * 9).then(|| {
            parsed
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                    (lo.min(v), hi.max(v))
                })
        })
    }

    /// The mean length in characters of column `i`'s values (0 without any).
    fn mean_length(&self, i: usize) -> usize {
        let texts: Vec<usize> = self.values(i).map(|v| v.chars().count()).collect();
        if texts.is_empty() {
            0
        } else {
            texts.iter().sum::<usize>() / texts.len()
        }
    }

    /// The metric column `i`'s question asks for, by its words.
    fn asks_for(&self, i: usize) -> Option<MetricKind> {
        let text = format!("{} {}", self.columns[i], self.questions[i]);
        ASKS_FOR
            .iter()
            .find(|(_, words)| named(&text, words))
            .map(|(kind, _)| *kind)
    }

    /// What column `i` looks like as a score, from its values and its question; `None` for bookkeeping and for
    /// columns whose values fit no metric.
    fn evidence(&self, i: usize) -> Option<Evidence> {
        if is_bookkeeping(&self.columns[i], &mut self.values(i)) {
            return None;
        }
        let asks = self.asks_for(i);
        let asked = |kind: MetricKind| asks == Some(kind);
        let says = |kind: MetricKind| match kind {
            MetricKind::Nps => "its question asks how likely one is to recommend",
            MetricKind::Csat => "its question asks about satisfaction",
            MetricKind::Rating => "it is named as a rating",
            _ => "its question asks how easy it was",
        };
        let evidence = |strength: u8, metric: MetricDefinition, answers: Answers, why: String| {
            let reason = match asks {
                Some(kind) if kind == metric.kind => format!("{why}, and {}", says(kind)),
                _ => why,
            };
            Some(Evidence {
                strength: strength + u8::from(asks == Some(metric.kind)) * 2,
                guess: ScoreGuess {
                    metric,
                    answers,
                    reason,
                },
            })
        };
        if let Some((lo, hi)) = self.numbers(i) {
            let whole = self.values(i).all(|v| {
                parse_number(v)
                    .ok()
                    .flatten()
                    .is_none_or(|n| n.fract() == 0.0)
            });
            return match (lo, hi) {
                (lo, hi)
                    if whole
                        && lo >= 0.0
                        && hi <= 10.0
                        && (hi >= 9.0 || asked(MetricKind::Nps))
                        && (asked(MetricKind::Nps) || lo <= 1.0) =>
                {
                    evidence(
                        3,
                        MetricDefinition::nps(),
                        Answers::default(),
                        format!(
                            "its answers are whole numbers from {lo} to {hi}, on the 0–10 NPS scale"
                        ),
                    )
                }
                (lo, hi) if whole && lo >= 1.0 && hi <= 7.0 => {
                    let top = if hi > 5.0 { 7.0 } else { 5.0 };
                    let metric = if asked(MetricKind::Rating) {
                        MetricDefinition::rating(top)
                    } else if asked(MetricKind::Ces) {
                        MetricDefinition::ces(true)
                    } else if asked(MetricKind::Csat) {
                        MetricDefinition::csat(top, false)
                    } else {
                        MetricDefinition::number(1.0, top)
                    };
                    evidence(
                        2,
                        metric,
                        Answers::default(),
                        format!("its answers are whole numbers from 1 to {top}"),
                    )
                }
                _ => None,
            };
        }
        match shape_of(self.values(i))? {
            AnswerShape::YesNo => evidence(
                1,
                MetricDefinition::share(&["Yes".to_owned()]),
                Answers {
                    positive: vec!["Yes".into()],
                    ..Answers::default()
                },
                "its answers are yes or no".into(),
            ),
            AnswerShape::Scale(scale) => {
                let metric = match scale.id {
                    "likelihood_11" => MetricDefinition::nps(),
                    id if id.starts_with("satisfaction") => {
                        MetricDefinition::csat(scale.last(), false)
                    }
                    "ease_7" => MetricDefinition::ces(true),
                    _ if asked(MetricKind::Ces) && scale.last() == 7.0 => {
                        MetricDefinition::ces(true)
                    }
                    _ => MetricDefinition::number(scale.first, scale.last()),
                };
                evidence(
                    3,
                    metric,
                    Answers {
                        scale: Some(scale.id.to_owned()),
                        ..Answers::default()
                    },
                    format!("its answers are labels of the {} scale", scale.name),
                )
            }
        }
    }
}

/// The comment: the longest text column (not the score) that is named like one or holds long values.
fn guess_comment(sample: &Sample, score_column: &str) -> Option<String> {
    let columns = &sample.columns;
    (0..columns.len())
        .filter(|&i| columns[i] != score_column && sample.numbers(i).is_none())
        .filter(|&i| !sample.values(i).take(20).any(|v| v.starts_with("http")))
        .filter(|&i| {
            named(
                &columns[i],
                &[
                    "comment",
                    "feedback",
                    "review",
                    "content",
                    "explication",
                    "why",
                    "reason",
                    "text",
                    "verbatim",
                ],
            ) || sample.mean_length(i) > 30
        })
        .max_by_key(|&i| sample.mean_length(i))
        .map(|i| columns[i].clone())
}

/// The date: the first column (not the score) of dates, named like one or at least not numbers.
fn guess_date(sample: &Sample, score_column: &str) -> Option<String> {
    let columns = &sample.columns;
    (0..columns.len())
        .filter(|&i| columns[i] != score_column)
        .find(|&i| {
            let total = sample.values(i).count();
            total > 0
                && sample
                    .values(i)
                    .filter(|v| parse_date(v, false).is_some())
                    .count()
                    * 10
                    >= total * 9
                && (named(
                    &columns[i],
                    &[
                        "date",
                        "time",
                        "submitted",
                        "recorded",
                        "created",
                        "updated",
                    ],
                ) || sample.numbers(i).is_none())
        })
        .map(|i| columns[i].clone())
}

/// How rows find their card: the column whose values name the most cards (at least half its values), else the
/// journey's first touchpoint (or first card) for every row.
fn guess_target(sample: &Sample, journey: &Journey) -> Target {
    let titles: std::collections::HashSet<String> = journey
        .cards_in_order()
        .map(|c| normalise(&c.fields.title))
        .collect();
    let card_column = (0..sample.columns.len())
        .map(|i| {
            (
                i,
                sample
                    .values(i)
                    .filter(|v| titles.contains(&normalise(v)))
                    .count(),
            )
        })
        .filter(|&(i, matched)| matched > 0 && matched * 2 >= sample.values(i).count())
        .max_by_key(|&(_, matched)| matched)
        .map(|(i, _)| sample.columns[i].clone());
    match card_column {
        Some(column) => Target::Column {
            column,
            aliases: Default::default(),
        },
        None => Target::Card {
            card: journey
                .cards_in_order()
                .find(|c| c.fields.kind == waymark_core::model::CardKind::Touchpoint)
                .or_else(|| journey.cards_in_order().next())
                .map(|c| c.id)
                .unwrap_or_default(),
        },
    }
}
