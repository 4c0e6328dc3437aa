//! Scores split by a segment column, and touchpoint channels side by side within a stage, each group compared with
//! the rest (`waymark_core::compare`).
//!
//! - **Segment columns** are the ones the journey's datasets were imported with: each dataset's mapping lists them
//!   (`segments`), and the import stores every response's values of exactly those columns. No response is read to
//!   find them.
//! - **Segment scores** read the responses of the datasets whose mapping has the column (datasets without it are
//!   left out: they never recorded it), with each value taken from the response's JSON. Values are trimmed; an
//!   empty or missing value puts the response in the "no value" group (`segment: None`), which is shown with its
//!   score but not compared, and is not part of "the rest": a segment is compared with the responses that gave
//!   another value, on the same card (or stage, or journey) and metric.
//! - **Channel scores** use the per-card all-time tallies, no responses: a stage's touchpoint cards grouped by
//!   channel — the card's own channel, else its lane's name, as the import's channel-and-stage matching finds them —
//!   each channel against the stage's other channels together.

use crate::error::read_failed;
use crate::keys::{DatasetId, MetricKey};
use crate::{Store, StoreError};
use rusqlite::types::Value;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use waymark_core::compare::{Comparison, compare};
use waymark_core::metrics::{MetricDefinition, MetricKind, Tally};
use waymark_core::model::{Cell, LaneKind};
use waymark_core::{CardId, Journey, JourneyId, StageId};

/// Tallies by (card, metric, segment value; `None`: no value), with the metric's definition.
pub type SegmentTallies = BTreeMap<(CardId, MetricKey, Option<String>), (MetricDefinition, Tally)>;

/// All-time tallies by (card, metric), with the metric's definition.
type CardTallies = BTreeMap<(CardId, MetricKey), (MetricDefinition, Tally)>;

/// A channel of a stage being summed up.
struct Channel {
    /// Its name compared without case or extra spaces.
    key: String,
    name: String,
    cards: Vec<CardId>,
    tally: Tally,
}

/// What a split or a comparison is about: a card, a stage, or the whole journey.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ScoreScope {
    Card { card: CardId, title: String },
    Stage { stage: StageId, name: String },
    Journey,
}

/// One card's (stage's, journey's) responses on one metric, split by the values of a segment column.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SegmentSplit {
    pub scope: ScoreScope,
    pub metric: MetricKind,
    /// The responses split (the segments' n add up to it).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub n: u64,
    /// Values in text order, the no-value group last.
    pub segments: Vec<SegmentScore>,
}

/// One segment's score, and how it compares with the other segments of the same split.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SegmentScore {
    /// The value (trimmed); `None` for the responses without one.
    pub segment: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub n: u64,
    pub value: f64,
    pub low: f64,
    pub high: f64,
    pub low_confidence: bool,
    /// This segment's score minus that of the other values' responses together; `None` for the no-value group
    /// and where either side has fewer than 2 responses.
    pub versus_rest: Option<Comparison>,
}

/// One stage's touchpoint channels on one metric.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StageChannels {
    pub stage: StageId,
    pub name: String,
    pub metric: MetricKind,
    /// Channels with responses on this metric, in lane order.
    pub channels: Vec<ChannelScore>,
}

/// One channel's score in a stage: its touchpoint cards' responses together.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChannelScore {
    /// As the first of its cards spells it (cards whose channels differ only in case and spacing are one channel).
    pub channel: String,
    /// Its touchpoint cards in the stage that have responses on this metric.
    pub cards: Vec<CardId>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub n: u64,
    pub value: f64,
    pub low: f64,
    pub high: f64,
    pub low_confidence: bool,
    /// This channel's score minus that of the stage's other channels together; `None` with a single channel or
    /// fewer than 2 responses on either side.
    pub versus_rest: Option<Comparison>,
    /// Significantly below the other channels (95%).
    pub below_rest: bool,
}

/// The JSON path of a top-level key, if SQLite's path syntax can name it: `$."key"` finds the key only when its
/// stored (escaped) form is the key itself, so keys with quotes, backslashes, control or non-ASCII characters —
/// which the JSON may hold escaped — are looked up through `json_each` instead.
fn json_path(key: &str) -> Option<String> {
    key.chars()
        .all(|c| c.is_ascii() && !c.is_ascii_control() && c != '"' && c != '\\')
        .then(|| format!("$.\"{key}\""))
}

/// A segment value as grouped: trimmed text; blanks and anything that is not text or a number are no value.
fn segment_value(value: Value) -> Option<String> {
    let text = match value {
        Value::Text(text) => text,
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => r.to_string(),
        Value::Null | Value::Blob(_) => return None,
    };
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// Channel names compared without case or extra spaces.
fn channel_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Store {
    /// The segment columns of the journey's datasets, in the order they first appear (oldest dataset first), as
    /// their mappings list them.
    pub fn segment_columns(&self, journey: JourneyId) -> Result<Vec<String>, StoreError> {
        let mut columns: Vec<String> = Vec::new();
        for dataset in self
            .datasets()?
            .into_iter()
            .filter(|d| d.journey == journey)
        {
            for column in mapping_segments(&dataset.mapping) {
                if !columns.contains(&column) {
                    columns.push(column);
                }
            }
        }
        Ok(columns)
    }

    /// Every response of the journey's datasets that record `column`, tallied by (card, metric, value) with its
    /// dataset's definition; datasets of the same metric add up, and cards no longer in the journey are left out.
    pub fn segment_tallies(
        &self,
        journey: &Journey,
        column: &str,
    ) -> Result<SegmentTallies, StoreError> {
        self.check_bulk()?;
        let sql = read_failed(&self.path);
        let mut tallies = SegmentTallies::new();
        let path = json_path(column);
        let query = if path.is_some() {
            "SELECT card, score, CASE WHEN json_valid(segments) THEN json_extract(segments, ?4) END \
             FROM response WHERE rowid BETWEEN ?2 AND ?3 AND dataset = ?1"
        } else {
            "SELECT card, score, CASE WHEN json_valid(segments) THEN \
             (SELECT value FROM json_each(segments) WHERE key = ?4) END \
             FROM response WHERE rowid BETWEEN ?2 AND ?3 AND dataset = ?1"
        };
        let key = path.unwrap_or_else(|| column.to_owned());
        for dataset in self.datasets()? {
            if dataset.journey != journey.id()
                || !mapping_segments(&dataset.mapping)
                    .iter()
                    .any(|c| c == column)
            {
                continue;
            }
            let Some((number, first, last)) = self.response_rowids(&dataset.id)? else {
                continue;
            };
            let metric = MetricKey::of(&dataset.definition);
            let mut statement = self.conn.prepare_cached(query).map_err(&sql)?;
            let mut rows = statement
                .query(rusqlite::params![number, first, last, key])
                .map_err(&sql)?;
            while let Some(row) = rows.next().map_err(&sql)? {
                let card: Vec<u8> = row.get(0).map_err(&sql)?;
                // A damaged or hostile file may hold anything here: rows that name no card of the journey and
                // scores that are not numbers are left out, as the tallies leave them out.
                let Ok(bytes) = <[u8; 16]>::try_from(card.as_slice()) else {
                    continue;
                };
                let card = CardId(uuid::Uuid::from_bytes(bytes));
                if journey.card(card).is_none() {
                    continue;
                }
                let Ok(score) = row.get::<_, f64>(1) else {
                    continue;
                };
                // A score off the dataset's scale no import writes: damage, not a number to count.
                if !dataset.definition.accepts(score) {
                    return Err(StoreError::Corrupt {
                        path: crate::error::display(&self.path),
                        detail: format!(
                            "dataset {} holds a response scored {score}, outside its {}–{} scale",
                            dataset.id, dataset.definition.scale_min, dataset.definition.scale_max
                        ),
                    });
                }
                let value = segment_value(row.get(2).map_err(&sql)?);
                tallies
                    .entry((card, metric.clone(), value))
                    .or_insert_with(|| (dataset.definition.clone(), Tally::default()))
                    .1
                    .add(&dataset.definition, score);
            }
        }
        Ok(tallies)
    }

    /// Each card's, each stage's and the whole journey's scores per metric, split by the values of `column`,
    /// each value compared with the others: cards in reading order, then stages in order, then the journey.
    pub fn segment_scores(
        &self,
        journey: &Journey,
        column: &str,
    ) -> Result<Vec<SegmentSplit>, StoreError> {
        let tallies = self.segment_tallies(journey, column)?;
        // By (scope order, metric): the scope, the definition, and the tallies by value.
        type Groups = BTreeMap<Option<String>, Tally>;
        let mut splits: BTreeMap<(usize, MetricKey), (ScoreScope, MetricDefinition, Groups)> =
            BTreeMap::new();
        let order: HashMap<CardId, usize> = journey
            .cards_in_order()
            .enumerate()
            .map(|(i, c)| (c.id, i))
            .collect();
        let cards = order.len();
        for ((card, metric, value), (definition, tally)) in &tallies {
            let (Some(found), Some(&position)) = (journey.card(*card), order.get(card)) else {
                continue;
            };
            let stage = found.cell.stage;
            let Some(stage_index) = journey.stage_index(stage) else {
                continue;
            };
            let scopes = [
                (
                    position,
                    ScoreScope::Card {
                        card: *card,
                        title: found.fields.title.clone(),
                    },
                ),
                (
                    cards + stage_index,
                    ScoreScope::Stage {
                        stage,
                        name: journey.stages()[stage_index].name.clone(),
                    },
                ),
                (usize::MAX, ScoreScope::Journey),
            ];
            for (position, scope) in scopes {
                splits
                    .entry((position, metric.clone()))
                    .or_insert_with(|| (scope, definition.clone(), Groups::new()))
                    .2
                    .entry(value.clone())
                    .or_default()
                    .merge(tally);
            }
        }
        let min_n = self.min_n;
        Ok(splits
            .into_values()
            .map(|(scope, definition, groups)| {
                let mut stated = Tally::default();
                let mut n = 0;
                for (value, tally) in &groups {
                    n += tally.n;
                    if value.is_some() {
                        stated.merge(tally);
                    }
                }
                let mut segments: Vec<SegmentScore> = groups
                    .iter()
                    .filter_map(|(value, tally)| {
                        let s = tally.score(&definition, min_n)?;
                        let versus_rest = value
                            .as_ref()
                            .and_then(|_| compare(&definition, tally, &without(&stated, tally)));
                        Some(SegmentScore {
                            segment: value.clone(),
                            n: s.n,
                            value: s.value,
                            low: s.low,
                            high: s.high,
                            low_confidence: s.low_confidence,
                            versus_rest,
                        })
                    })
                    .collect();
                // `None` sorts first in the map; the no-value group goes last.
                segments.sort_by_key(|s| s.segment.is_none());
                SegmentSplit {
                    scope,
                    metric: definition.kind,
                    n,
                    segments,
                }
            })
            .collect())
    }

    /// Each stage's (or only `stage`'s) touchpoint channels per metric, from the cards' all-time tallies: each
    /// channel's cards together, against the stage's other channels together. Stages in order.
    pub fn channel_scores(
        &self,
        journey: &Journey,
        stage: Option<StageId>,
    ) -> Result<Vec<StageChannels>, StoreError> {
        let card_tallies = self.all_time_tallies(journey)?;
        let min_n = self.min_n;
        let mut out = Vec::new();
        for s in journey
            .stages()
            .iter()
            .filter(|s| stage.is_none_or(|id| id == s.id))
        {
            // By metric: channels in lane order, each with its name, cards and tally.
            let mut by_metric: BTreeMap<MetricKey, (MetricDefinition, Vec<Channel>)> =
                BTreeMap::new();
            for lane in journey
                .lanes()
                .iter()
                .filter(|l| l.kind == LaneKind::Touchpoints)
            {
                let cell = Cell {
                    stage: s.id,
                    lane: lane.id,
                };
                for &id in journey.cell_cards(cell) {
                    let Some(card) = journey.card(id) else {
                        continue;
                    };
                    // The channel as the import's channel-and-stage matching reads it (`CardFinder`).
                    let channel = card.fields.channel.as_deref().unwrap_or(&lane.name);
                    let key = channel_key(channel);
                    for ((_, metric), (definition, tally)) in card_tallies
                        .range((id, MetricKey::default())..)
                        .take_while(|((c, _), _)| *c == id)
                    {
                        let channels = &mut by_metric
                            .entry(metric.clone())
                            .or_insert_with(|| (definition.clone(), Vec::new()))
                            .1;
                        match channels.iter_mut().find(|c| c.key == key) {
                            Some(found) => {
                                found.cards.push(id);
                                found.tally.merge(tally);
                            }
                            None => channels.push(Channel {
                                key: key.clone(),
                                name: channel.to_owned(),
                                cards: vec![id],
                                tally: *tally,
                            }),
                        }
                    }
                }
            }
            for (definition, channels) in by_metric.into_values() {
                let mut all = Tally::default();
                for channel in &channels {
                    all.merge(&channel.tally);
                }
                let scores: Vec<ChannelScore> = channels
                    .into_iter()
                    .filter_map(|channel| {
                        let tally = channel.tally;
                        let score = tally.score(&definition, min_n)?;
                        let versus_rest = compare(&definition, &tally, &without(&all, &tally));
                        Some(ChannelScore {
                            channel: channel.name,
                            cards: channel.cards,
                            n: score.n,
                            value: score.value,
                            low: score.low,
                            high: score.high,
                            low_confidence: score.low_confidence,
                            below_rest: versus_rest
                                .is_some_and(|c| c.significant && c.difference < 0.0),
                            versus_rest,
                        })
                    })
                    .collect();
                if !scores.is_empty() {
                    out.push(StageChannels {
                        stage: s.id,
                        name: s.name.clone(),
                        metric: definition.kind,
                        channels: scores,
                    });
                }
            }
        }
        Ok(out)
    }

    /// The all-time tallies of the journey's cards, summed over datasets of the same metric, by (card, metric).
    fn all_time_tallies(&self, journey: &Journey) -> Result<CardTallies, StoreError> {
        let definitions: HashMap<DatasetId, MetricDefinition> = self
            .datasets()?
            .into_iter()
            .filter(|d| d.journey == journey.id())
            .map(|d| (d.id, d.definition))
            .collect();
        let mut sums = BTreeMap::new();
        for t in self.tallies(journey.id())? {
            let Some(definition) = definitions.get(&t.dataset) else {
                continue;
            };
            if t.period.is_some() || journey.card(t.card).is_none() {
                continue;
            }
            sums.entry((t.card, MetricKey::of(definition)))
                .or_insert_with(|| (definition.clone(), Tally::default()))
                .1
                .merge(&t.tally);
        }
        Ok(sums)
    }

    /// A dataset's number and the rowids its responses lie between; `None` without responses.
    fn response_rowids(&self, dataset: &DatasetId) -> Result<Option<(i64, i64, i64)>, StoreError> {
        self.check_bulk()?;
        let found: (i64, Option<i64>, Option<i64>) = self
            .conn
            .prepare_cached(
                "SELECT d.number, (SELECT min(first) FROM response_run WHERE dataset = d.number), \
                 (SELECT max(last) FROM response_run WHERE dataset = d.number) FROM dataset d WHERE d.id = ?1",
            )
            .and_then(|mut s| s.query_row([dataset.as_str()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))))
            .map_err(read_failed(&self.path))?;
        Ok(match found {
            (number, Some(first), Some(last)) => Some((number, first, last)),
            _ => None,
        })
    }
}

/// `all` less `part` (a part of it). The sums are of answers on a scale, usually whole numbers, which floating
/// point adds and subtracts exactly.
fn without(all: &Tally, part: &Tally) -> Tally {
    Tally {
        n: all.n - part.n,
        sum: all.sum - part.sum,
        sum_squares: all.sum_squares - part.sum_squares,
        high: all.high - part.high,
        low: all.low - part.low,
    }
}

/// The segment columns a dataset's mapping lists (none if it cannot be read).
fn mapping_segments(mapping: &str) -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct WithSegments {
        #[serde(default)]
        segments: Vec<String>,
    }
    serde_json::from_str::<WithSegments>(mapping)
        .map(|m| m.segments)
        .unwrap_or_default()
}
