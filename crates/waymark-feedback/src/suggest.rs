//! A first guess at the mapping, from column names and the values of the first rows, for the import wizard to
//! show; the user confirms or changes it.

use crate::error::ReadError;
use crate::mapping::{Mapping, Target, normalise, parse_date, parse_number};
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
    /// The first rows, for a glimpse of the values.
    pub sample: Vec<Vec<String>>,
    pub suggestion: Mapping,
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
    let rows = read_sample(&mut table)?;
    let sample = Sample {
        columns: table.columns.clone(),
        rows,
    };
    let score = named_score_column(&sample).or_else(|| small_number_column(&sample));
    let (score_column, metric) = score_and_metric(&sample, score);
    let comment = guess_comment(&sample, &score_column);
    let date = guess_date(&sample, &score_column);
    let target = guess_target(&sample, journey);
    let Sample { columns, rows } = sample;
    Ok(FileSummary {
        info: table.info.clone(),
        columns,
        sample: rows.into_iter().take(5).collect(),
        suggestion: Mapping {
            metric,
            score: score_column,
            comment,
            date,
            day_first: false,
            segments: Vec::new(),
            target,
            sheet: options.sheet.clone(),
        },
    })
}

/// The first [`SAMPLE_ROWS`] rows: enough to guess from without reading a large file through.
fn read_sample(table: &mut Table) -> Result<Vec<Vec<String>>, ReadError> {
    let mut record = StringRecord::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    while rows.len() < SAMPLE_ROWS {
        match table.next_row(&mut record)? {
            Some(_) => rows.push(record.iter().map(str::to_owned).collect()),
            None => break,
        }
    }
    Ok(rows)
}

/// The columns and sampled rows the guesses look at, column by column.
struct Sample {
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Sample {
    /// Column `i`'s values that are not blank.
    fn values(&self, i: usize) -> impl Iterator<Item = &str> {
        self.rows
            .iter()
            .filter_map(move |r| r.get(i))
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }

    /// Column `i`'s range (lowest, highest) when at least 90% of its values are numbers.
    fn numbers(&self, i: usize) -> Option<(f64, f64)> {
        let parsed: Vec<f64> = self
            .values(i)
            .filter_map(|v| parse_number(v).ok().flatten())
            .collect();
        let total = self.values(i).count();
        (total > 0 && parsed.len() * 10 >= total * 9).then(|| {
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
}

/// The first numeric column whose name says which score it is, trying NPS, CSAT, CES and ratings in that order.
fn named_score_column(sample: &Sample) -> Option<(usize, MetricKind)> {
    let score_words: [(MetricKind, &[&str]); 4] = [
        (MetricKind::Nps, &["nps", "recommend", "likely"]),
        (MetricKind::Csat, &["csat", "satisf"]),
        (MetricKind::Ces, &["ces", "effort", "easy"]),
        (MetricKind::Rating, &["rating", "stars", "score"]),
    ];
    for (kind, words) in score_words {
        for (i, c) in sample.columns.iter().enumerate() {
            if named(c, words) && sample.numbers(i).is_some() {
                return Some((i, kind));
            }
        }
    }
    None
}

/// Without a named score column, a small-number column: question-like names (Q1, Q2_3) first, survey-tool
/// bookkeeping never.
fn small_number_column(sample: &Sample) -> Option<(usize, MetricKind)> {
    let bookkeeping = [
        "status",
        "progress",
        "duration",
        "finished",
        "id",
        "latitude",
        "longitude",
        "accuracy",
    ];
    let question = |c: &str| {
        let name = normalise(c);
        name.starts_with('q') && name[1..].starts_with(|d: char| d.is_ascii_digit())
    };
    let columns = &sample.columns;
    let mut candidates: Vec<usize> = (0..columns.len())
        .filter(|&i| !named(&columns[i], &bookkeeping))
        .filter(|&i| {
            sample
                .numbers(i)
                .is_some_and(|(lo, hi)| lo >= 0.0 && hi <= 10.0)
        })
        .collect();
    candidates.sort_by_key(|&i| !question(&columns[i]));
    candidates.first().map(|&i| (i, MetricKind::Number))
}

/// The score column's name and the metric it measures, on the scale its values suggest; without a score column,
/// the first column and any number.
fn score_and_metric(
    sample: &Sample,
    score: Option<(usize, MetricKind)>,
) -> (String, MetricDefinition) {
    match score {
        Some((i, kind)) => {
            let range = sample.numbers(i).unwrap_or((0.0, 10.0));
            let metric = match kind {
                MetricKind::Csat | MetricKind::Rating => MetricDefinition::for_kind(
                    kind,
                    Some((1.0, if range.1 > 5.0 { 7.0 } else { 5.0 })),
                    None,
                ),
                MetricKind::Number => MetricDefinition::number(range.0.min(0.0), range.1.max(1.0)),
                other => MetricDefinition::for_kind(other, None, None),
            };
            (sample.columns[i].clone(), metric)
        }
        None => (
            sample.columns.first().cloned().unwrap_or_default(),
            MetricDefinition::any_number(),
        ),
    }
}

/// The comment: the longest text column (not the score) that is named like one or holds long values.
fn guess_comment(sample: &Sample, score_column: &str) -> Option<String> {
    let columns = &sample.columns;
    (0..columns.len())
        .filter(|&i| columns[i] != score_column && sample.numbers(i).is_none())
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
