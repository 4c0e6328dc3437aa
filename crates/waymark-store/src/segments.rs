//! Scores split by a segment column, and touchpoint channels side by side within a stage, each group compared with
//! the rest (`waymark_core::compare`).
//!
//! - **Segment columns** are the ones the journey's datasets were imported with: each dataset's mapping lists them
//!   (`segments`), and the import stores every response's values of exactly those columns. No response is read to
//!   find them.
//! - **Segment scores** come from the tallies by card and value that each dataset whose mapping has the column kept
//!   at import (`segment_tally.rs`; datasets without the column are left out: they never recorded it), checked to
//!   add up to each card's tally; a dataset that kept none of the column (imported before schema 8, or the column
//!   has too many values to keep) has its responses read, each value taken from the response's JSON, and a file
//!   open for writing keeps what that found. Values are trimmed; an empty or missing value puts the response in the
//!   "no value" group (`segment: None`), which is shown with its score but not compared, and is not part of "the
//!   rest": a segment is compared with the responses that gave another value, on the same card (or stage, or
//!   journey) and metric.
//! - **Channel scores** use the per-card all-time tallies, no responses: a stage's touchpoint cards grouped by
//!   channel — the card's own channel, else its lane's name, as the import's channel-and-stage matching finds them —
//!   each channel against the stage's other channels together.

use crate::error::read_failed;
use crate::feedback::{SegmentColumn, ValueTally};
use crate::keys::{DatasetId, MetricKey};
use crate::segment_tally::{self, SegmentTallier};
use crate::{Dataset, Store, StoreError};
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

    /// The responses of the journey's datasets that record `column`, tallied by (card, metric, value) with their
    /// dataset's definition; datasets of the same metric add up, and cards no longer in the journey are left out.
    /// Each dataset's tallies by value are the ones its import kept ([`Store::kept_segment_tallies`]), else they are
    /// made from its responses ([`Store::segment_tallies_from_responses`]) and, in a file open for writing, kept.
    /// Either way each card's values must add up to the card's own tally, or the file is damaged.
    pub fn segment_tallies(
        &self,
        journey: &Journey,
        column: &str,
    ) -> Result<SegmentTallies, StoreError> {
        let mut tallies = SegmentTallies::new();
        // What each card's values add up to: its all-time tally in each dataset, checked as every tally read is.
        let mut totals: Option<HashMap<(DatasetId, CardId), Tally>> = None;
        for dataset in self.datasets()? {
            if dataset.journey != journey.id()
                || !mapping_segments(&dataset.mapping)
                    .iter()
                    .any(|c| c == column)
            {
                continue;
            }
            let totals = match &mut totals {
                Some(totals) => totals,
                None => totals.insert(
                    self.tallies(journey.id())?
                        .into_iter()
                        .filter(|t| t.period.is_none())
                        .map(|t| ((t.dataset, t.card), t.tally))
                        .collect(),
                ),
            };
            let number = self.dataset_number(&dataset.id)?;
            let found = match self.kept_segment_tallies(number, &dataset, column)? {
                Some(found) => {
                    self.adds_up(&dataset, column, &found, totals)?;
                    found
                }
                None => {
                    let mut columns =
                        self.segment_tallies_from_responses(number, &dataset, column)?;
                    for found in &columns {
                        self.adds_up(&dataset, &found.name, &found.tallies, totals)?;
                    }
                    self.keep_segment_tallies(number, &columns);
                    columns
                        .iter_mut()
                        .find(|c| c.name == column)
                        .map(|c| std::mem::take(&mut c.tallies))
                        .unwrap_or_default()
                }
            };
            let metric = MetricKey::of(&dataset.definition);
            for (card, value, tally) in found {
                if journey.card(card).is_none() {
                    continue;
                }
                tallies
                    .entry((card, metric.clone(), value))
                    .or_insert_with(|| (dataset.definition.clone(), Tally::default()))
                    .1
                    .merge(&tally);
            }
        }
        Ok(tallies)
    }

    /// The tallies by value of `column` that dataset `number`'s import kept, each checked as a tally read from the
    /// file is (`bounded_tally`), values as grouped (trimmed, not blank; `''` is no value); `None` when it kept none
    /// of that column.
    fn kept_segment_tallies(
        &self,
        number: i64,
        dataset: &Dataset,
        column: &str,
    ) -> Result<Option<Vec<ValueTally>>, StoreError> {
        let sql = read_failed(&self.path);
        let kept: bool = self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM segment_kept WHERE dataset = ?1 AND segment = ?2)",
            )
            .and_then(|mut s| s.query_row(rusqlite::params![number, column], |r| r.get(0)))
            .map_err(&sql)?;
        if !kept {
            return Ok(None);
        }
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT card, value, n, sum, sum_squares, high, low FROM segment_tally \
                 WHERE dataset = ?1 AND segment = ?2",
            )
            .map_err(&sql)?;
        let mut rows = statement
            .query(rusqlite::params![number, column])
            .map_err(&sql)?;
        let mut found = Vec::new();
        while let Some(row) = rows.next().map_err(&sql)? {
            let card: Vec<u8> = row.get(0).map_err(&sql)?;
            let value: String = row.get(1).map_err(&sql)?;
            let impossible = |what: String| self.impossible_segment_tallies(dataset, column, what);
            let Ok(bytes) = <[u8; 16]>::try_from(card.as_slice()) else {
                return Err(impossible("a row with a malformed card id".into()));
            };
            let card = CardId(uuid::Uuid::from_bytes(bytes));
            let value = match value.as_str() {
                "" => None,
                v if v.trim() == v => Some(value),
                _ => {
                    return Err(impossible(format!(
                        "card {card}: a value with spaces around it"
                    )));
                }
            };
            let raw = (
                row.get(2).map_err(&sql)?,
                row.get(3).map_err(&sql)?,
                row.get(4).map_err(&sql)?,
                row.get(5).map_err(&sql)?,
                row.get(6).map_err(&sql)?,
            );
            let tally =
                crate::feedback::bounded_tally(raw, &dataset.definition, &format!("card {card}"))
                    .map_err(impossible)?;
            found.push((card, value, tally));
        }
        Ok(Some(found))
    }

    /// Dataset `number`'s responses tallied by card and value of each of its segment columns — every column the
    /// split asked for (`column`) with all its values, the others up to [`segment_tally::MAX_VALUES`] — read once.
    /// The whole file is checked first ([`Store::check_bulk`]); a score off the dataset's scale is damage, and rows
    /// that name no card or hold no number are left out, as the tallies leave them out.
    fn segment_tallies_from_responses(
        &self,
        number: i64,
        dataset: &Dataset,
        column: &str,
    ) -> Result<Vec<SegmentColumn>, StoreError> {
        self.check_bulk()?;
        let sql = read_failed(&self.path);
        let mut tallier = SegmentTallier::new(&mapping_segments(&dataset.mapping), Some(column));
        let mut cards: Vec<CardId> = Vec::new();
        let mut slots: rustc_hash::FxHashMap<[u8; 16], u32> = Default::default();
        let mut last: Option<([u8; 16], u32)> = None;
        if let Some((first, end)) = self.response_rowids(number)? {
            let mut statement = self
                .conn
                .prepare_cached(
                    "SELECT card, score, segments FROM response WHERE rowid BETWEEN ?2 AND ?3 AND dataset = ?1",
                )
                .map_err(&sql)?;
            let mut rows = statement
                .query(rusqlite::params![number, first, end])
                .map_err(&sql)?;
            while let Some(row) = rows.next().map_err(&sql)? {
                let card = row.get_ref(0).map_err(&sql)?;
                let Some(Ok(bytes)) = card.as_blob().ok().map(<[u8; 16]>::try_from) else {
                    continue;
                };
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
                // Rows of a card follow one another: the card is looked up when it changes.
                let slot = match last {
                    Some((card, slot)) if card == bytes => slot,
                    _ => {
                        let slot = *slots.entry(bytes).or_insert_with(|| {
                            cards.push(CardId(uuid::Uuid::from_bytes(bytes)));
                            cards.len() as u32 - 1
                        });
                        last = Some((bytes, slot));
                        slot
                    }
                };
                let text = row
                    .get_ref(2)
                    .map_err(&sql)?
                    .as_str_or_null()
                    .ok()
                    .flatten();
                tallier.add(slot, text, &dataset.definition, score);
            }
        }
        Ok(tallier
            .finish()
            .into_iter()
            // The column asked for is kept only if any column with as many values would be.
            .filter(|c| c.name == column || c.values <= segment_tally::MAX_VALUES)
            .map(|c| SegmentColumn {
                name: c.name,
                tallies: c
                    .tallies
                    .into_iter()
                    .map(|(slot, value, tally)| (cards[slot as usize], value, tally))
                    .collect(),
            })
            .collect())
    }

    /// Keeps tallies by value made from a dataset's responses, so that the next split reads them instead: only in a
    /// file open for writing that is still the one opened, and only columns with at most
    /// [`segment_tally::MAX_VALUES`] values. A failure changes nothing (the transaction is rolled back) and is not
    /// an error: the split has its figures, and the next one reads the responses again.
    fn keep_segment_tallies(&self, number: i64, columns: &[SegmentColumn]) {
        if self.ensure_writable().is_err() {
            return;
        }
        let kept: Vec<&SegmentColumn> = columns
            .iter()
            .filter(|c| {
                let mut values: Vec<&Option<String>> = c.tallies.iter().map(|t| &t.1).collect();
                values.sort();
                values.dedup();
                values.iter().filter(|v| v.is_some()).count() <= segment_tally::MAX_VALUES
            })
            .collect();
        let _ = (|| -> rusqlite::Result<()> {
            let tx = rusqlite::Transaction::new_unchecked(
                &self.conn,
                rusqlite::TransactionBehavior::Immediate,
            )?;
            for column in kept {
                crate::feedback::write_segment_tallies(&tx, number, std::slice::from_ref(column))?;
            }
            tx.commit()
        })();
    }

    /// Whether each card's tallies by value of `column` add up to the card's own all-time tally in the dataset
    /// (`totals`, checked): every response gives each column one value or none, so counts must match exactly and
    /// sums up to rounding. Else the file is damaged.
    fn adds_up(
        &self,
        dataset: &Dataset,
        column: &str,
        found: &[ValueTally],
        totals: &HashMap<(DatasetId, CardId), Tally>,
    ) -> Result<(), StoreError> {
        let impossible = |what: String| self.impossible_segment_tallies(dataset, column, what);
        let mut sums: HashMap<CardId, Tally> = HashMap::new();
        for (card, _, tally) in found {
            let sum = sums.entry(*card).or_default();
            let add = |a: u64, b: u64| a.checked_add(b);
            match (
                add(sum.n, tally.n),
                add(sum.high, tally.high),
                add(sum.low, tally.low),
            ) {
                (Some(n), Some(high), Some(low)) => {
                    (sum.n, sum.high, sum.low) = (n, high, low);
                    sum.sum += tally.sum;
                    sum.sum_squares += tally.sum_squares;
                }
                _ => {
                    return Err(impossible(format!(
                        "card {card}: counts too large to add up"
                    )));
                }
            }
        }
        let (min, max) = (dataset.definition.scale_min, dataset.definition.scale_max);
        let largest = min.abs().max(max.abs()).max(1.0);
        let cards = totals
            .iter()
            .filter(|((d, _), t)| *d == dataset.id && t.n > 0)
            .map(|((_, card), _)| *card)
            .chain(sums.keys().copied());
        for card in cards {
            let zero = Tally::default();
            let total = totals.get(&(dataset.id.clone(), card)).unwrap_or(&zero);
            let sum = sums.get(&card).unwrap_or(&zero);
            let n = total.n as f64;
            let close = |a: f64, b: f64, scale: f64| (a - b).abs() <= 1e-9 * n * scale + 1e-9;
            if (sum.n, sum.high, sum.low) != (total.n, total.high, total.low)
                || !close(sum.sum, total.sum, largest)
                || !close(sum.sum_squares, total.sum_squares, largest * largest)
            {
                return Err(impossible(format!(
                    "card {card}: its values add up to {} responses, but its tally holds {}",
                    sum.n, total.n
                )));
            }
        }
        Ok(())
    }

    fn impossible_segment_tallies(
        &self,
        dataset: &Dataset,
        column: &str,
        what: String,
    ) -> StoreError {
        StoreError::Corrupt {
            path: crate::error::display(&self.path),
            detail: format!(
                "dataset {} holds impossible tallies by its segment column \"{column}\" ({what})",
                dataset.id
            ),
        }
    }

    /// A dataset's number in the file.
    fn dataset_number(&self, dataset: &DatasetId) -> Result<i64, StoreError> {
        self.conn
            .prepare_cached("SELECT number FROM dataset WHERE id = ?1")
            .and_then(|mut s| s.query_row([dataset.as_str()], |r| r.get(0)))
            .map_err(read_failed(&self.path))
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

    /// The rowids dataset `number`'s responses lie between; `None` without responses.
    fn response_rowids(&self, number: i64) -> Result<Option<(i64, i64)>, StoreError> {
        self.check_bulk()?;
        let found: (Option<i64>, Option<i64>) = self
            .conn
            .prepare_cached("SELECT min(first), max(last) FROM response_run WHERE dataset = ?1")
            .and_then(|mut s| s.query_row([number], |r| Ok((r.get(0)?, r.get(1)?))))
            .map_err(read_failed(&self.path))?;
        Ok(match found {
            (Some(first), Some(last)) => Some((first, last)),
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
pub(crate) fn mapping_segments(mapping: &str) -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct WithSegments {
        #[serde(default)]
        segments: Vec<String>,
    }
    serde_json::from_str::<WithSegments>(mapping)
        .map(|m| m.segments)
        .unwrap_or_default()
}
