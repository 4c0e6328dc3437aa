//! Feedback datasets in the project file. Feedback is bulk data, not document edits: an import is one
//! transaction of its own (all or nothing) rather than an op-log command — a million responses with their inverse
//! in the op log would double the file for an undo nobody needs; removing the dataset is the way back.
//!
//! Per-card tallies (all time and per month) are written with the responses, so opening a project shows scores
//! without reading responses; stage and journey scores are sums of card tallies over the cards where they are now.

use crate::error::{display, read_failed};
use crate::keys::{DatasetId, MetricKey, Month};
use crate::segment_tally::SegmentTallier;
use crate::{Store, StoreError};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};
use waymark_core::metrics::{CardScore, MetricKind};
use waymark_core::metrics::{MetricDefinition, Tally};
use waymark_core::{CardId, Journey, JourneyId, StageId};

/// What describes a dataset, given by the importer.
#[derive(Clone, Debug)]
pub struct NewDataset {
    pub journey: JourneyId,
    pub name: String,
    pub source_name: String,
    pub definition: MetricDefinition,
    /// The mapping as JSON (the importer's type; it holds the definition too).
    pub mapping: String,
    pub columns: Vec<String>,
}

/// A stored dataset.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Dataset {
    pub id: DatasetId,
    pub journey: JourneyId,
    pub name: String,
    pub source_name: String,
    /// Seconds since 1970.
    pub imported_at: i64,
    pub rows_read: i64,
    pub rows_mapped: i64,
    pub definition: MetricDefinition,
    #[serde(skip)]
    pub mapping: String,
}

/// A stage's (or, with no stage, the journey's) score on one metric.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScopeScore {
    pub stage: Option<StageId>,
    pub metric: MetricKind,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub n: u64,
    pub value: f64,
    pub low: f64,
    pub high: f64,
    pub low_confidence: bool,
}

/// A card's score in one month.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrendPoint {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub period: Month,
    pub metric: MetricKind,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub n: u64,
    pub value: f64,
    /// Fewer responses than the minimum n that month.
    pub low_confidence: bool,
}

/// Tallies by (card, metric, month; `None` is all time), with the metric's definition.
type SummedTallies =
    std::collections::BTreeMap<(CardId, MetricKey, Option<Month>), (MetricDefinition, Tally)>;

/// A comment left with a response; untrusted text, to be shown as text only.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Comment {
    pub dataset: DatasetId,
    pub row: i64,
    pub score: f64,
    pub time: Option<i64>,
    pub text: String,
}

/// One response on its way in.
pub struct NewResponse<'a> {
    /// The row's line number in the file.
    pub row: u64,
    pub card: CardId,
    pub score: f64,
    /// Seconds since 1970.
    pub time: Option<i64>,
    pub comment: Option<&'a str>,
    /// Segment values as JSON, if any were mapped.
    pub segments: Option<&'a str>,
}

/// Responses held before a batch is appended.
const BATCH: usize = 1 << 17;
/// Bytes of text held before a batch is appended, however few its responses.
const BATCH_TEXT: usize = BATCH * 256;
/// Responses one insert statement writes, all of one card: SQLite then starts and ends a statement — binding the
/// card, opening a cursor, finding the table's last page, closing it — once for this many rows instead of for each.
const ROWS_PER_INSERT: usize = 16;

/// A response waiting in a batch; its texts live in its card's text.
struct Held {
    row: u64,
    score: f64,
    time: Option<i64>,
    comment: Option<(u32, u32)>,
    segments: Option<(u32, u32)>,
}

/// One card's responses in a batch, in the order read, and their texts.
struct CardRows {
    card: CardId,
    held: Vec<Held>,
    text: String,
}

impl CardRows {
    fn text(&self, span: Option<(u32, u32)>) -> Option<&str> {
        span.map(|(start, len)| &self.text[start as usize..(start + len) as usize])
    }
}

/// Responses read but not yet written, kept by card as they are read (cards in the order the import first met
/// them), so that writing them card by card reads memory in order and nothing is sorted but the cards.
#[derive(Default)]
struct Batch {
    cards: Vec<CardRows>,
    responses: usize,
    text: usize,
}

impl Batch {
    /// An empty batch of the same cards: one the writer has written and sent back, its lists keeping the room they
    /// grew (so the pages of a few batches serve the whole import), else a new one with room for what each card
    /// held in this one and a little more.
    fn next(&self, written: Option<Batch>) -> Batch {
        let room = |len: usize| len + len / 8;
        let mut next = written.unwrap_or_default();
        let known = next.cards.len();
        next.cards
            .extend(self.cards[known..].iter().map(|rows| CardRows {
                card: rows.card,
                held: Vec::with_capacity(room(rows.held.len())),
                text: String::with_capacity(room(rows.text.len())),
            }));
        next
    }

    /// Empties the batch, keeping its cards and the room their lists have.
    fn clear(&mut self) {
        for rows in &mut self.cards {
            rows.held.clear();
            rows.text.clear();
        }
        (self.responses, self.text) = (0, 0);
    }
}

/// Reading stopped because writing (or keeping the source file) failed; the store reports why.
#[derive(Debug, thiserror::Error)]
#[error("writing the responses stopped")]
pub struct WritingStopped;

/// Takes the responses of one import. It runs on the reading thread; full batches go to the thread that holds
/// the transaction and writes them, so reading the file and writing the project overlap.
pub struct DatasetWriter {
    definition: MetricDefinition,
    /// Each card's place in the batches (and tallies), in the order met.
    slots: FxHashMap<CardId, usize>,
    /// By card's place and month (`None`: the whole dataset).
    tallies: FxHashMap<(usize, Option<Month>), Tally>,
    written: u64,
    batch: Batch,
    to_writer: SyncSender<ToWriter>,
    /// Batches written, emptied, to fill again.
    to_fill: Receiver<Batch>,
    /// Set when keeping the source file failed: nothing more is sent.
    stop: Arc<AtomicBool>,
    /// The responses by card and segment value.
    segments: SegmentTallier,
}

impl DatasetWriter {
    pub fn add(&mut self, response: &NewResponse<'_>) -> Result<(), WritingStopped> {
        let slot = *self.slots.entry(response.card).or_insert_with(|| {
            self.batch.cards.push(CardRows {
                card: response.card,
                held: Vec::new(),
                text: String::new(),
            });
            self.batch.cards.len() - 1
        });
        let rows = &mut self.batch.cards[slot];
        let had = rows.text.len();
        let mut keep = |text: Option<&str>| {
            text.map(|t| {
                let start = rows.text.len() as u32;
                rows.text.push_str(t);
                (start, t.len() as u32)
            })
        };
        let (comment, segments) = (keep(response.comment), keep(response.segments));
        self.batch.text += rows.text.len() - had;
        rows.held.push(Held {
            row: response.row,
            score: response.score,
            time: response.time,
            comment,
            segments,
        });
        self.batch.responses += 1;
        let month = response.time.and_then(Month::of_timestamp);
        for period in std::iter::once(None).chain(month.map(Some)) {
            self.tallies
                .entry((slot, period))
                .or_default()
                .add(&self.definition, response.score);
        }
        self.segments.add(
            slot as u32,
            response.segments,
            &self.definition,
            response.score,
        );
        self.written += 1;
        if self.batch.responses >= BATCH || self.batch.text >= BATCH_TEXT {
            self.send()?;
        }
        Ok(())
    }

    fn send(&mut self) -> Result<(), WritingStopped> {
        if self.stop.load(Ordering::Relaxed) {
            return Err(WritingStopped);
        }
        let next = self.batch.next(self.to_fill.try_recv().ok());
        let batch = std::mem::replace(&mut self.batch, next);
        self.to_writer
            .send(ToWriter::Responses(batch))
            .map_err(|_| WritingStopped)
    }

    /// The tallies by card, and by card and segment value.
    fn into_tallies(self) -> (CardTallies, Vec<SegmentColumn>) {
        let cards = &self.batch.cards;
        let by_card = self
            .tallies
            .into_iter()
            .map(|((slot, period), tally)| ((cards[slot].card, period), tally))
            .collect();
        let by_segment = self
            .segments
            .finish()
            .into_iter()
            .map(|column| SegmentColumn {
                name: column.name,
                tallies: column
                    .tallies
                    .into_iter()
                    .map(|(slot, value, tally)| (cards[slot as usize].card, value, tally))
                    .collect(),
            })
            .collect();
        (by_card, by_segment)
    }
}

/// `INSERT` of `rows` responses of one card: `?1` the dataset, `?2` the card, then five values a row from `?3` on
/// (row, score, time, comment, segments). SQLite numbers the rows: each one more than the table's last.
fn insert_responses_sql(rows: usize) -> String {
    let values: Vec<String> = (0..rows)
        .map(|i| {
            let at = 3 + 5 * i;
            format!(
                "(?1, ?2, ?{at}, ?{}, ?{}, ?{}, ?{})",
                at + 1,
                at + 2,
                at + 3,
                at + 4
            )
        })
        .collect();
    // OR ROLLBACK: a row breaking a constraint (none can: the values are ours) would end the whole transaction —
    // the import fails either way — so SQLite keeps no statement journal for a statement of many rows.
    format!(
        "INSERT OR ROLLBACK INTO response (dataset, card, row, score, time, comment, segments) VALUES {}",
        values.join(", ")
    )
}

/// Appends a batch card by card (by card id, each card's responses in the order read) and records each card's
/// run of rowids.
fn append(tx: &rusqlite::Transaction<'_>, dataset: i64, batch: &Batch) -> rusqlite::Result<()> {
    let mut many = tx.prepare_cached(&insert_responses_sql(ROWS_PER_INSERT))?;
    let mut one = tx.prepare_cached(&insert_responses_sql(1))?;
    let mut run = tx.prepare_cached(
        "INSERT INTO response_run (dataset, card, first, last) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut cards: Vec<&CardRows> = batch.cards.iter().filter(|c| !c.held.is_empty()).collect();
    cards.sort_unstable_by_key(|rows| rows.card);
    for rows in cards {
        for statement in [&mut many, &mut one] {
            statement.raw_bind_parameter(1, dataset)?;
            statement.raw_bind_parameter(2, &rows.card.0.as_bytes()[..])?;
        }
        let bind = |statement: &mut rusqlite::CachedStatement<'_>, at: usize, held: &Held| {
            statement.raw_bind_parameter(at, held.row as i64)?;
            statement.raw_bind_parameter(at + 1, held.score)?;
            statement.raw_bind_parameter(at + 2, held.time)?;
            statement.raw_bind_parameter(at + 3, rows.text(held.comment))?;
            statement.raw_bind_parameter(at + 4, rows.text(held.segments))
        };
        // The card's rows get consecutive rowids (each one more than the last), the first found from the rowid
        // of the first statement's last row.
        let mut first = None;
        let mut full = rows.held.chunks_exact(ROWS_PER_INSERT);
        for chunk in &mut full {
            for (i, held) in chunk.iter().enumerate() {
                bind(&mut many, 3 + 5 * i, held)?;
            }
            many.raw_execute()?;
            first.get_or_insert(tx.last_insert_rowid() - (ROWS_PER_INSERT as i64 - 1));
        }
        for held in full.remainder() {
            bind(&mut one, 3, held)?;
            one.raw_execute()?;
            first.get_or_insert(tx.last_insert_rowid());
        }
        let first = first.expect("a card in a batch has responses");
        run.execute(params![
            dataset,
            rows.card.0.as_bytes(),
            first,
            tx.last_insert_rowid()
        ])?;
    }
    Ok(())
}

/// The dataset's row, before its responses; returns its number. Its hash is its id until the file is read.
fn insert_dataset(
    tx: &rusqlite::Transaction<'_>,
    id: &DatasetId,
    dataset: &NewDataset,
) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO dataset (id, journey_id, name, source_name, source_hash, imported_at, mapping, columns, rows_read, rows_mapped) \
         VALUES (?1, ?2, ?3, ?4, ?1, ?5, ?6, ?7, 0, 0)",
        params![
            id.as_str(),
            dataset.journey.to_string(),
            dataset.name,
            dataset.source_name,
            crate::now_ms() / 1000,
            dataset.mapping,
            serde_json::to_string(&dataset.columns).expect("strings serialise"),
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// A card's responses with one value of a segment column (`None`: no value), tallied.
pub(crate) type ValueTally = (CardId, Option<String>, Tally);

/// The tallies by card (`None`: all time, else a month).
type CardTallies = HashMap<(CardId, Option<Month>), Tally>;

/// One segment column's tallies, by card and value.
pub(crate) struct SegmentColumn {
    pub name: String,
    pub tallies: Vec<ValueTally>,
}

/// What the reading side found.
struct Filled {
    hash: String,
    rows_read: u64,
    tallies: CardTallies,
    segments: Vec<SegmentColumn>,
    written: u64,
}

/// Reads on two more threads — one keeping the file itself (hashed, and compressed so the dataset can be re-mapped
/// without the original), one finding the responses in it through `fill` — while this thread writes what both
/// send, inside the transaction. When either reading side fails, the other stops at its next piece or batch.
fn read_and_write<E: Send>(
    tx: &rusqlite::Transaction<'_>,
    number: i64,
    definition: &MetricDefinition,
    segments: &[String],
    source: &std::path::Path,
    fill: impl FnOnce(&mut DatasetWriter) -> Result<u64, E> + Send,
    project: Option<&std::fs::File>,
) -> Result<Filled, ReadFailure<E>> {
    let (to_writer, received) = std::sync::mpsc::sync_channel::<ToWriter>(3);
    let stop = Arc::new(AtomicBool::new(false));
    let definition = definition.clone();
    // Writing behind: SQLite syncs the project file only when the transaction commits, so a large import's pages
    // would all reach the disk then, with nothing else to do meanwhile. A thread of its own syncs what has been
    // written so far after each batch (when it is not still syncing the last), so that the disk writes while the
    // import reads and writes on and the commit syncs only the rest. An early sync changes nothing SQLite relies
    // on: pages reach the file only after the journal that can undo them is synced. Its errors are the commit's
    // to report.
    let (flush, flushes) = std::sync::mpsc::sync_channel::<()>(1);
    // Batches go back to the reader to be filled again: no more of them exist than the channel and the two ends
    // hold.
    let (written_batches, to_fill) = std::sync::mpsc::channel::<Batch>();
    let (kept, read, written) = std::thread::scope(|scope| {
        if let Some(project) = project {
            scope.spawn(move || {
                for () in flushes {
                    let _ = project.sync_data();
                }
            });
        }
        let keeper = {
            let (to_writer, stop) = (to_writer.clone(), stop.clone());
            scope.spawn(move || {
                let _stops_on_panic = StopOnPanic(&stop);
                let kept = send_source(source, &to_writer, &stop);
                if kept.is_err() {
                    stop.store(true, Ordering::Relaxed);
                }
                kept
            })
        };
        let reader = scope.spawn(move || {
            let _stops_on_panic = StopOnPanic(&stop);
            let mut writer = DatasetWriter {
                definition,
                slots: FxHashMap::default(),
                tallies: FxHashMap::default(),
                written: 0,
                batch: Batch::default(),
                to_writer,
                to_fill,
                stop: stop.clone(),
                segments: SegmentTallier::new(segments, None),
            };
            let read = fill(&mut writer)
                .map_err(ReadFailure::Fill)
                .and_then(|rows_read| {
                    writer.send().map_err(|_| ReadFailure::Stopped)?;
                    Ok(rows_read)
                });
            match read {
                Ok(rows_read) => Ok((rows_read, writer.written, writer.into_tallies())),
                Err(failure) => {
                    stop.store(true, Ordering::Relaxed);
                    Err(failure)
                }
            }
        });
        let written = received.iter().try_for_each(|message| match message {
            ToWriter::Source { seq, packed } => tx
                .prepare_cached(
                    "INSERT INTO dataset_source (dataset, seq, bytes) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![number, seq, packed])
                .map(drop),
            ToWriter::Responses(mut batch) => {
                append(tx, number, &batch)?;
                let _ = flush.try_send(());
                batch.clear();
                let _ = written_batches.send(batch);
                Ok(())
            }
        });
        drop(flush);
        // Dropping the receiver stops a reader still sending after a write failed.
        drop(received);
        // A panic in either reader (in `fill`, say) ends the import like any failure, instead of unwinding the
        // caller.
        let kept = keeper
            .join()
            .unwrap_or_else(|payload| Err(SourceFailure::Panicked(panic_message(&*payload))));
        let read = reader
            .join()
            .unwrap_or_else(|payload| Err(ReadFailure::Panicked(panic_message(&*payload))));
        (kept, read, written)
    });
    written.map_err(ReadFailure::Write)?;
    // A side that stopped because the other failed says only that it stopped: the failure is the other's.
    match (kept, read) {
        (Err(SourceFailure::Panicked(why)), _) | (_, Err(ReadFailure::Panicked(why))) => {
            Err(ReadFailure::Panicked(why))
        }
        (Err(SourceFailure::Io(e)), _) => Err(ReadFailure::Io(e)),
        (_, Err(failure)) => Err(failure),
        (Ok(hash), Ok((rows_read, written, (tallies, segments)))) => Ok(Filled {
            hash,
            rows_read,
            tallies,
            segments,
            written,
        }),
        (Err(SourceFailure::Stopped), Ok(_)) => {
            unreachable!("the source stops only when reading or writing the responses failed")
        }
    }
}

/// A panic's message, as far as it has one (for the one sentence that reports it).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_owned())
}

/// After the responses: replaces an earlier import of the same file, then writes the hash, tallies and counts.
fn finish_dataset(
    tx: &rusqlite::Transaction<'_>,
    number: i64,
    journey: JourneyId,
    filled: &Filled,
) -> rusqlite::Result<()> {
    let replaced: Option<i64> = tx
        .query_row(
            "SELECT number FROM dataset WHERE journey_id = ?1 AND source_hash = ?2",
            params![journey.to_string(), filled.hash],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(old) = replaced {
        delete_dataset(tx, old)?;
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO tally (dataset, card, period, n, sum, sum_squares, high, low) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for ((card, period), t) in &filled.tallies {
        insert.execute(params![
            number,
            card.0.as_bytes(),
            period.map_or_else(String::new, |m| m.to_string()),
            t.n as i64,
            t.sum,
            t.sum_squares,
            t.high as i64,
            t.low as i64
        ])?;
    }
    write_segment_tallies(tx, number, &filled.segments)?;
    tx.execute(
        "UPDATE dataset SET source_hash = ?1, rows_read = ?2, rows_mapped = ?3 WHERE number = ?4",
        params![
            filled.hash,
            filled.rows_read as i64,
            filled.written as i64,
            number
        ],
    )?;
    Ok(())
}

/// Keeps a dataset's tallies by segment value, and which columns they are of (replacing any it had).
pub(crate) fn write_segment_tallies(
    tx: &rusqlite::Transaction<'_>,
    number: i64,
    columns: &[SegmentColumn],
) -> rusqlite::Result<()> {
    let mut kept = tx
        .prepare_cached("INSERT OR REPLACE INTO segment_kept (dataset, segment) VALUES (?1, ?2)")?;
    let mut clear =
        tx.prepare_cached("DELETE FROM segment_tally WHERE dataset = ?1 AND segment = ?2")?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO segment_tally (dataset, segment, card, value, n, sum, sum_squares, high, low) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for column in columns {
        clear.execute(params![number, column.name])?;
        for (card, value, t) in &column.tallies {
            insert.execute(params![
                number,
                column.name,
                card.0.as_bytes(),
                value.as_deref().unwrap_or(""),
                t.n as i64,
                t.sum,
                t.sum_squares,
                t.high as i64,
                t.low as i64
            ])?;
        }
        kept.execute(params![number, column.name])?;
    }
    Ok(())
}

/// How the reading side of an import ended badly.
enum ReadFailure<E> {
    Fill(E),
    Io(std::io::Error),
    /// The writing side stopped (and says why).
    Stopped,
    /// Writing failed.
    Write(rusqlite::Error),
    Panicked(String),
}

/// What the reading threads send the writing one.
enum ToWriter {
    /// A piece of the imported file, compressed.
    Source {
        seq: i64,
        packed: Vec<u8>,
    },
    Responses(Batch),
}

enum SourceFailure {
    Io(std::io::Error),
    /// Reading or writing the responses failed.
    Stopped,
    Panicked(String),
}

/// Sends the file at `path` in compressed pieces; returns its hash (which recognises a file imported before).
/// Raises `stop` when its reading side panics, so the other side stops too instead of reading on into a
/// transaction that will be rolled back.
struct StopOnPanic<'a>(&'a AtomicBool);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.store(true, Ordering::Relaxed);
        }
    }
}

/// Checks `stop` before each piece.
fn send_source(
    path: &std::path::Path,
    to_writer: &SyncSender<ToWriter>,
    stop: &AtomicBool,
) -> Result<String, SourceFailure> {
    let mut file = std::fs::File::open(path).map_err(SourceFailure::Io)?;
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    let mut length = 0u64;
    let mut chunk = vec![0; SOURCE_CHUNK];
    for seq in 0.. {
        if stop.load(Ordering::Relaxed) {
            return Err(SourceFailure::Stopped);
        }
        let filled = read_full(&mut file, &mut chunk).map_err(SourceFailure::Io)?;
        if filled == 0 {
            break;
        }
        hash.update(&chunk[..filled]);
        length += filled as u64;
        let packed = lz4_flex::compress_prepend_size(&chunk[..filled]);
        to_writer
            .send(ToWriter::Source { seq, packed })
            .map_err(|_| SourceFailure::Stopped)?;
    }
    Ok(format!("xxh3:{:016x}:{length}", hash.digest()))
}

/// Why an import did not happen: the store's reason, or the one `fill` gave.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure<E> {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Fill(E),
}

/// Tallies of one card in one dataset.
#[derive(Clone, Debug)]
pub struct CardTally {
    pub dataset: DatasetId,
    pub card: CardId,
    /// `None` for all time.
    pub period: Option<Month>,
    pub tally: Tally,
}

impl Store {
    /// Imports a dataset in one transaction: the file `source` kept whole, then the responses `fill` writes (it
    /// returns how many rows it read), then the tallies. If `fill` fails (or panics), or anything else does, the
    /// project file is left exactly as it was. A dataset of the same file (same bytes) in the same journey is
    /// replaced. Returns the dataset id and the number of responses written.
    pub fn import_dataset<E>(
        &mut self,
        dataset: &NewDataset,
        source: &std::path::Path,
        fill: impl FnOnce(&mut DatasetWriter) -> Result<u64, E> + Send,
    ) -> Result<(DatasetId, u64), ImportFailure<E>>
    where
        E: Send,
    {
        self.ensure_writable()?;
        // Responses are appended to (and a replaced import's deleted from) tables nothing has read yet.
        self.check_bulk()?;
        let shown = display(&self.path);
        let sql = |source: rusqlite::Error| StoreError::Sql {
            path: shown.clone(),
            source,
        };
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(sql)?;
        let id = DatasetId::new();
        let number = insert_dataset(&tx, &id, dataset).map_err(sql)?;
        let read = read_and_write(
            &tx,
            number,
            &dataset.definition,
            &crate::segments::mapping_segments(&dataset.mapping),
            source,
            fill,
            self.lock.as_ref(),
        );
        let filled = match read {
            Ok(filled) => filled,
            Err(ReadFailure::Fill(e)) => return Err(ImportFailure::Fill(e)),
            Err(ReadFailure::Io(e)) => {
                return Err(StoreError::Io {
                    path: display(source),
                    source: e,
                }
                .into());
            }
            Err(ReadFailure::Write(e)) => return Err(sql(e).into()),
            Err(ReadFailure::Stopped) => {
                unreachable!(
                    "what stopped the reader (writing, or keeping the source) is reported instead"
                )
            }
            Err(ReadFailure::Panicked(why)) => {
                return Err(StoreError::Io {
                    path: display(source),
                    source: std::io::Error::other(format!(
                        "reading it stopped on an internal error ({why})"
                    )),
                }
                .into());
            }
        };
        finish_dataset(&tx, number, dataset.journey, &filled).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok((id, filled.written))
    }

    /// Every dataset, oldest first.
    pub fn datasets(&self) -> Result<Vec<Dataset>, StoreError> {
        let shown = display(&self.path);
        let sql = read_failed(&self.path);
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT id, journey_id, name, source_name, imported_at, rows_read, rows_mapped, mapping FROM dataset ORDER BY number",
            )
            .map_err(&sql)?;
        let rows = statement
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, i64>(6)?,
                    r.get::<_, String>(7)?,
                ))
            })
            .map_err(&sql)?;
        let mut datasets = Vec::new();
        for row in rows {
            let (id, journey, name, source_name, imported_at, rows_read, rows_mapped, mapping) =
                row.map_err(&sql)?;
            let damaged = |what: &str| StoreError::Corrupt {
                path: shown.clone(),
                detail: format!("dataset {id} has {what}"),
            };
            #[derive(serde::Deserialize)]
            struct WithMetric {
                metric: MetricDefinition,
            }
            let definition = serde_json::from_str::<WithMetric>(&mapping)
                .map_err(|_| damaged("an unreadable mapping"))?
                .metric;
            let journey = journey
                .parse()
                .map_err(|_| damaged("an invalid journey id"))?;
            datasets.push(Dataset {
                id: DatasetId(id),
                journey,
                name,
                source_name,
                imported_at,
                rows_read,
                rows_mapped,
                definition,
                mapping,
            });
        }
        Ok(datasets)
    }

    /// Card tallies of every dataset of `journey`, each checked against what any import can write (see
    /// [`TallyCheck`]): a file whose tallies no import could have written is damaged, and saying so in one sentence
    /// is better than a wrong score.
    pub fn tallies(&self, journey: JourneyId) -> Result<Vec<CardTally>, StoreError> {
        let sql = read_failed(&self.path);
        let definitions: HashMap<DatasetId, (MetricDefinition, i64)> = self
            .datasets()?
            .into_iter()
            .filter(|d| d.journey == journey)
            .map(|d| (d.id, (d.definition, d.rows_mapped)))
            .collect();
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT d.id, t.card, t.period, t.n, t.sum, t.sum_squares, t.high, t.low \
                 FROM tally t JOIN dataset d ON d.number = t.dataset WHERE d.journey_id = ?1 ORDER BY d.number, t.card, t.period",
            )
            .map_err(&sql)?;
        let rows = statement
            .query_map([journey.to_string()], |r| {
                Ok(RawTally {
                    dataset: DatasetId(r.get(0)?),
                    card: r.get(1)?,
                    period: r.get(2)?,
                    n: r.get(3)?,
                    sum: r.get(4)?,
                    sum_squares: r.get(5)?,
                    high: r.get(6)?,
                    low: r.get(7)?,
                })
            })
            .map_err(&sql)?;
        let mut check = TallyCheck::default();
        let mut out = Vec::new();
        for row in rows {
            let raw = row.map_err(&sql)?;
            let Some((definition, _)) = definitions.get(&raw.dataset) else {
                continue;
            };
            let tally = check
                .row(&raw, definition)
                .map_err(|what| StoreError::Corrupt {
                    path: display(&self.path),
                    detail: format!("dataset {} holds an impossible tally ({what})", raw.dataset),
                })?;
            // Rows that name no card are left out…
            let Ok(bytes) = <[u8; 16]>::try_from(raw.card.as_slice()) else {
                continue;
            };
            // …and so are periods that are neither all time (`""`) nor a month.
            let period = match raw.period.as_str() {
                "" => None,
                month => match Month::parse(month) {
                    Some(month) => Some(month),
                    None => continue,
                },
            };
            out.push(CardTally {
                dataset: raw.dataset,
                card: CardId(uuid::Uuid::from_bytes(bytes)),
                period,
                tally,
            });
        }
        check
            .finish(&definitions)
            .map_err(|(dataset, what)| StoreError::Corrupt {
                path: display(&self.path),
                detail: format!("dataset {dataset} holds impossible tallies ({what})"),
            })?;
        Ok(out)
    }

    /// The comments left on `card`, newest first (undated last), at most `limit`. The first read of the responses
    /// in this store checks them first ([`Store::check_bulk`]); a score off its dataset's scale is damage.
    pub fn comments(&self, card: CardId, limit: usize) -> Result<Vec<Comment>, StoreError> {
        Ok(self.comments_matching(card, limit, |_, _| true)?.0)
    }

    /// The comments left on `card` that `matches` accepts (given each one's text and score): the newest `shown` of
    /// them (undated last; then the newer dataset, then the earlier row), and how many there are. Every comment of
    /// the card is read once, in the order the file holds them, and only those that match are kept and sorted: a
    /// search looks at all of them, at the cost of reading them. The first read of the responses in this store
    /// checks them first ([`Store::check_bulk`]); a score off its dataset's scale is damage.
    pub fn comments_matching(
        &self,
        card: CardId,
        shown: usize,
        matches: impl Fn(&str, f64) -> bool,
    ) -> Result<(Vec<Comment>, usize), StoreError> {
        self.check_bulk()?;
        let definitions: HashMap<DatasetId, MetricDefinition> = self
            .datasets()?
            .into_iter()
            .map(|d| (d.id, d.definition))
            .collect();
        let sql = read_failed(&self.path);
        let numbers: HashMap<i64, DatasetId> = self
            .conn
            .prepare_cached("SELECT number, id FROM dataset")
            .and_then(|mut s| {
                s.query_map([], |r| Ok((r.get(0)?, DatasetId(r.get(1)?))))?
                    .collect()
            })
            .map_err(&sql)?;
        let mut statement = self
            .conn
            // CROSS JOIN fixes the order — the card's runs, then the rowid ranges they name: left to itself, SQLite
            // 3.54 scans every response and looks each up in an automatic index of the runs (280 ms for a million
            // responses, 21 s for ten million; this way a few ms).
            .prepare_cached(
                "SELECT u.dataset, r.row, r.score, r.time, r.comment FROM response_run u CROSS JOIN response r \
                 ON r.rowid BETWEEN u.first AND u.last WHERE u.card = ?1 AND r.comment IS NOT NULL",
            )
            .map_err(&sql)?;
        let mut rows = statement.query([card.0.as_bytes()]).map_err(&sql)?;
        // By dataset number, with the comment.
        let mut found: Vec<(i64, Comment)> = Vec::new();
        while let Some(row) = rows.next().map_err(&sql)? {
            let number: i64 = row.get(0).map_err(&sql)?;
            let Some(dataset) = numbers.get(&number) else {
                continue;
            };
            let score: f64 = row.get(2).map_err(&sql)?;
            let text = row.get_ref(4).map_err(&sql)?;
            let text = text.as_str().map_err(|e| {
                sql(rusqlite::Error::FromSqlConversionFailure(
                    4,
                    text.data_type(),
                    e.into(),
                ))
            })?;
            let row_number: i64 = row.get(1).map_err(&sql)?;
            if let Some(definition) = definitions.get(dataset)
                && !definition.accepts(score)
            {
                return Err(StoreError::Corrupt {
                    path: display(&self.path),
                    detail: format!(
                        "dataset {dataset} holds a response (row {row_number}) scored {score}, outside its {}–{} \
                         scale",
                        definition.scale_min, definition.scale_max
                    ),
                });
            }
            if matches(text, score) {
                found.push((
                    number,
                    Comment {
                        dataset: dataset.clone(),
                        row: row_number,
                        score,
                        time: row.get(3).map_err(&sql)?,
                        text: text.to_owned(),
                    },
                ));
            }
        }
        let count = found.len();
        let key = |(number, c): &(i64, Comment)| {
            (
                c.time.is_none(),
                std::cmp::Reverse(c.time),
                std::cmp::Reverse(*number),
                c.row,
            )
        };
        if found.len() > shown {
            found.select_nth_unstable_by_key(shown, key);
            found.truncate(shown);
        }
        found.sort_unstable_by_key(key);
        Ok((found.into_iter().map(|(_, c)| c).collect(), count))
    }

    /// Every card's all-time score per metric, cards in reading order. Datasets with the same metric definition
    /// (kind, scale, aggregation) add up.
    pub fn card_scores(&self, journey: &Journey) -> Result<Vec<CardScore>, StoreError> {
        let min_n = self.min_n;
        let sums = self.summed_tallies(journey, |period| period.is_none())?;
        let mut scores = Vec::new();
        for card in journey.cards_in_order() {
            for (_, (definition, tally)) in sums
                .range((card.id, MetricKey::default(), None)..)
                .take_while(|((c, _, _), _)| *c == card.id)
            {
                if let Some(s) = tally.score(definition, min_n) {
                    scores.push(CardScore {
                        card: card.fields.title.clone(),
                        card_id: card.id,
                        metric: definition.kind,
                        n: s.n,
                        value: s.value,
                        low: s.low,
                        high: s.high,
                        low_confidence: s.low_confidence,
                    });
                }
            }
        }
        Ok(scores)
    }

    /// Each stage's and the whole journey's all-time score per metric: the tallies of the cards where they are
    /// now, added up (stage `None` is the journey). Stages in order, then the journey.
    pub fn scope_scores(&self, journey: &Journey) -> Result<Vec<ScopeScore>, StoreError> {
        let min_n = self.min_n;
        let sums = self.summed_tallies(journey, |period| period.is_none())?;
        let mut scopes: std::collections::BTreeMap<
            (usize, MetricKey),
            (MetricDefinition, Tally, Option<StageId>),
        > = std::collections::BTreeMap::new();
        for ((card, metric, _), (definition, tally)) in &sums {
            let Some(stage) = journey.card(*card).map(|c| c.cell.stage) else {
                continue;
            };
            let index = journey.stage_index(stage).unwrap_or(usize::MAX - 1);
            for (key, scope) in [(index, Some(stage)), (usize::MAX, None)] {
                scopes
                    .entry((key, metric.clone()))
                    .or_insert_with(|| (definition.clone(), Tally::default(), scope))
                    .1
                    .merge(tally);
            }
        }
        Ok(scopes
            .into_values()
            .filter_map(|(definition, tally, stage)| {
                let s = tally.score(&definition, min_n)?;
                Some(ScopeScore {
                    stage,
                    metric: definition.kind,
                    n: s.n,
                    value: s.value,
                    low: s.low,
                    high: s.high,
                    low_confidence: s.low_confidence,
                })
            })
            .collect())
    }

    /// A card's score per month, per metric, oldest first.
    pub fn card_trend(
        &self,
        journey: &Journey,
        card: CardId,
    ) -> Result<Vec<TrendPoint>, StoreError> {
        let sums = self.summed_tallies(journey, |period| period.is_some())?;
        let mut points: Vec<TrendPoint> = sums
            .range((card, MetricKey::default(), None)..)
            .take_while(|((c, _, _), _)| *c == card)
            .filter_map(|((_, _, period), (definition, tally))| {
                let s = tally.score(definition, self.min_n)?;
                Some(TrendPoint {
                    period: (*period)?,
                    metric: definition.kind,
                    n: s.n,
                    value: s.value,
                    low_confidence: s.low_confidence,
                })
            })
            .collect();
        points.sort_by_key(|p| (p.metric, p.period));
        Ok(points)
    }

    /// The metric definitions of the journey's datasets, once each, for a legend.
    pub fn metrics(&self, journey: JourneyId) -> Result<Vec<MetricDefinition>, StoreError> {
        let mut seen = std::collections::BTreeSet::new();
        Ok(self
            .datasets()?
            .into_iter()
            .filter(|d| d.journey == journey && seen.insert(MetricKey::of(&d.definition)))
            .map(|d| d.definition)
            .collect())
    }

    /// Tallies of the journey's cards for the periods `keep` accepts, summed over datasets of the same metric, by
    /// (card, metric, period).
    fn summed_tallies(
        &self,
        journey: &Journey,
        keep: impl Fn(Option<Month>) -> bool,
    ) -> Result<SummedTallies, StoreError> {
        let definitions: HashMap<DatasetId, MetricDefinition> = self
            .datasets()?
            .into_iter()
            .filter(|d| d.journey == journey.id())
            .map(|d| (d.id, d.definition))
            .collect();
        let mut sums = std::collections::BTreeMap::new();
        for t in self.tallies(journey.id())? {
            let Some(definition) = definitions.get(&t.dataset) else {
                continue;
            };
            if !keep(t.period) || journey.card(t.card).is_none() {
                continue;
            }
            sums.entry((t.card, MetricKey::of(definition), t.period))
                .or_insert_with(|| (definition.clone(), Tally::default()))
                .1
                .merge(&t.tally);
        }
        Ok(sums)
    }

    /// Removes a dataset with its responses and tallies.
    pub fn remove_dataset(&mut self, id: &DatasetId) -> Result<bool, StoreError> {
        let shown = display(&self.path);
        self.ensure_writable()?;
        self.check_bulk()?;
        let sql = |source| StoreError::Sql {
            path: shown.clone(),
            source,
        };
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(sql)?;
        let number: Option<i64> = tx
            .query_row(
                "SELECT number FROM dataset WHERE id = ?1",
                [id.as_str()],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql)?;
        if let Some(number) = number {
            delete_dataset(&tx, number).map_err(sql)?;
        }
        tx.commit().map_err(sql)?;
        Ok(number.is_some())
    }

    /// Saves a mapping preset under `name` (replacing one of that name).
    pub fn save_preset(&mut self, name: &str, mapping: &str) -> Result<(), StoreError> {
        let shown = display(&self.path);
        self.ensure_writable()?;
        self.conn
            .execute(
                "INSERT INTO preset (name, mapping) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET mapping = excluded.mapping",
                params![name, mapping],
            )
            .map_err(|source| StoreError::Sql { path: shown, source })?;
        Ok(())
    }

    /// The mapping saved under `name`, as JSON.
    pub fn preset(&self, name: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row("SELECT mapping FROM preset WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()
            .map_err(read_failed(&self.path))
    }

    /// Writes the file dataset `id` was imported from, as the project keeps it, to `to` (which must not exist yet;
    /// it appears whole or not at all). Returns its length, or `None` when the project holds no such dataset.
    /// Every piece is checked before it is unpacked — in order, no bigger than a piece is — and the whole against
    /// the hash taken at import, so a damaged or hostile file is one sentence, never a huge allocation or a wrong
    /// file.
    pub fn write_dataset_source(
        &self,
        id: &DatasetId,
        to: &std::path::Path,
    ) -> Result<Option<u64>, StoreError> {
        self.check_bulk()?;
        let sql = read_failed(&self.path);
        let found: Option<(i64, String)> = self
            .conn
            .query_row(
                "SELECT number, source_hash FROM dataset WHERE id = ?1",
                [id.as_str()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(&sql)?;
        let Some((number, expected)) = found else {
            return Ok(None);
        };
        let damaged = |what: String| StoreError::Corrupt {
            path: display(&self.path),
            detail: format!("its copy of the file dataset {id} was imported from {what}"),
        };
        if to.exists() {
            return Err(StoreError::AlreadyExists { path: display(to) });
        }
        let io = |source| StoreError::Io {
            path: display(to),
            source,
        };
        // Written beside `to` under a name of its own, then linked into place only when whole and verified: `to`
        // never holds part of the file, and nothing at `to` that this did not write is replaced or removed.
        let name = to
            .file_name()
            .ok_or_else(|| io(std::io::ErrorKind::InvalidInput.into()))?;
        let temporary = to.with_file_name(format!(
            ".{}.{}.writing",
            name.to_string_lossy(),
            std::process::id()
        ));
        let written = (|| -> Result<u64, StoreError> {
            let mut out = std::io::BufWriter::new(
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&temporary)
                    .map_err(io)?,
            );
            let mut statement = self
                .conn
                .prepare("SELECT seq, bytes FROM dataset_source WHERE dataset = ?1 ORDER BY seq")
                .map_err(&sql)?;
            let mut rows = statement.query([number]).map_err(&sql)?;
            let mut hash = xxhash_rust::xxh3::Xxh3::new();
            let mut length = 0u64;
            let mut short_piece = None;
            let mut expected_seq = 0i64;
            while let Some(row) = rows.next().map_err(&sql)? {
                let seq: i64 = row.get(0).map_err(&sql)?;
                let packed = row
                    .get_ref(1)
                    .map_err(&sql)?
                    .as_blob()
                    .map_err(|_| damaged(format!("has a piece ({seq}) that is not bytes")))?;
                if seq != expected_seq {
                    return Err(damaged(format!("lacks piece {expected_seq}")));
                }
                if let Some(short) = short_piece {
                    return Err(damaged(format!(
                        "has a piece ({short}) shorter than the pieces after it"
                    )));
                }
                let piece = unpack_piece(packed)
                    .map_err(|what| damaged(format!("has a piece ({seq}) {what}")))?;
                if piece.len() < SOURCE_CHUNK {
                    short_piece = Some(seq);
                }
                hash.update(&piece);
                length += piece.len() as u64;
                std::io::Write::write_all(&mut out, &piece).map_err(io)?;
                expected_seq += 1;
            }
            // Every import writing pieces hashes with xxh3: another kind of hash is a file that was tampered with.
            let found = format!("xxh3:{:016x}:{length}", hash.digest());
            if found != expected {
                return Err(damaged(
                    "does not match that file (its hash differs from the one taken at import)"
                        .into(),
                ));
            }
            let file = out.into_inner().map_err(|e| io(e.into_error()))?;
            file.sync_all().map_err(io)?;
            match std::fs::hard_link(&temporary, to) {
                Ok(()) => Ok(length),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists || to.exists() => {
                    Err(StoreError::AlreadyExists { path: display(to) })
                }
                // A file system without hard links (FAT, some network shares): renamed into place instead.
                Err(_) => std::fs::rename(&temporary, to).map(|()| length).map_err(io),
            }
        })();
        let _ = std::fs::remove_file(&temporary);
        written.map(Some)
    }
}

/// One piece of a kept source file unpacked: LZ4 with its length in front (`compress_prepend_size`). The length is
/// checked against the most a piece holds before anything is allocated; else what is wrong, in words.
fn unpack_piece(packed: &[u8]) -> Result<Vec<u8>, String> {
    let Some(prefix) = packed.first_chunk::<4>() else {
        return Err("too short to say its length".into());
    };
    let claimed = u32::from_le_bytes(*prefix) as usize;
    if claimed > SOURCE_CHUNK {
        return Err(format!(
            "that claims to unpack to {claimed} bytes, more than the {SOURCE_CHUNK} a piece holds"
        ));
    }
    let piece = lz4_flex::decompress_size_prepended(packed)
        .map_err(|e| format!("that does not unpack ({e})"))?;
    if piece.len() != claimed {
        return Err(format!(
            "that unpacks to {} bytes, not the {claimed} it claims",
            piece.len()
        ));
    }
    Ok(piece)
}

/// A row of `tally` as the file holds it.
struct RawTally {
    dataset: DatasetId,
    card: Vec<u8>,
    period: String,
    n: i64,
    sum: f64,
    sum_squares: f64,
    high: i64,
    low: i64,
}

/// A tally as the file holds it — (n, sum, sum of squares, top answers, bottom answers) — as long as `n` answers on
/// the dataset's scale can give it: counts not negative, top and bottom answers together at most `n`, sums finite and
/// within `n` times the scale's ends (with room for rounding). Else what is impossible, starting with `at`.
pub(crate) fn bounded_tally(
    (n, sum, sum_squares, high, low): (i64, f64, f64, i64, i64),
    definition: &MetricDefinition,
    at: &str,
) -> Result<Tally, String> {
    let count = |value: i64, what: &str| {
        u64::try_from(value).map_err(|_| format!("{at}: {what} is negative ({value})"))
    };
    let (n, high, low) = (
        count(n, "the number of responses")?,
        count(high, "the number of top answers")?,
        count(low, "the number of bottom answers")?,
    );
    if high.checked_add(low).is_none_or(|both| both > n) {
        return Err(format!(
            "{at}: {high} top and {low} bottom answers among {n} responses"
        ));
    }
    if !sum.is_finite() || !sum_squares.is_finite() {
        return Err(format!("{at}: a sum that is not a finite number"));
    }
    let (min, max) = (definition.scale_min, definition.scale_max);
    let count = n as f64;
    // Answers are on the scale, so their sum is within n times its ends (with room for rounding).
    let slack = 1e-9 * count * min.abs().max(max.abs()).max(1.0);
    let largest_square = (min * min).max(max * max);
    if !(sum >= count * min - slack && sum <= count * max + slack) {
        return Err(format!(
            "{at}: {n} answers on a {min}–{max} scale cannot add up to {sum}"
        ));
    }
    if !(sum_squares >= 0.0 && sum_squares <= count * largest_square * (1.0 + 1e-9)) {
        return Err(format!(
            "{at}: {n} answers on a {min}–{max} scale cannot have squares adding up to {sum_squares}"
        ));
    }
    Ok(Tally {
        n,
        sum,
        sum_squares,
        high,
        low,
    })
}

/// What every tally an import writes satisfies, checked row by row and then per dataset — so that whatever tallies
/// a damaged or hostile file holds, none becomes a wrong score, and no sum of them overflows:
/// - counts are not negative, and promoters and detractors (or top answers) together are at most the responses;
/// - sums are finite, and the scores' sum and sum of squares lie where `n` answers on the dataset's scale can put
///   them (so a mean never leaves the scale);
/// - each dataset's cards' all-time counts add up to the responses it holds (each response is on one card), and a
///   card's months add up to at most its all time (undated responses have no month);
/// - all counts together fit in 64 bits and all sums together are finite, so adding up any of them (the stage
///   and journey scores do) can neither overflow nor reach infinity.
#[derive(Default)]
struct TallyCheck {
    /// By dataset: the all-time counts of its cards added up.
    all_time: HashMap<DatasetId, u64>,
    /// By dataset and card: the all-time count, and the months' counts added up.
    months: HashMap<(DatasetId, Vec<u8>), (u64, u64)>,
    /// Every count (n, high, low) and every absolute sum added up: their bounds.
    counts: u64,
    sums: f64,
}

impl TallyCheck {
    /// The row as a tally, or what makes it impossible.
    fn row(&mut self, raw: &RawTally, definition: &MetricDefinition) -> Result<Tally, String> {
        let card = uuid::Uuid::from_slice(&raw.card).map_or_else(
            |_| "a malformed card id".to_owned(),
            |u| format!("card {u}"),
        );
        let when = match raw.period.as_str() {
            "" => "all time".to_owned(),
            month => {
                Month::parse(month).map_or_else(|| "an unknown period".into(), |m| m.to_string())
            }
        };
        let at = format!("{card}, {when}");
        let tally = bounded_tally(
            (raw.n, raw.sum, raw.sum_squares, raw.high, raw.low),
            definition,
            &at,
        )?;
        let (n, high, low) = (tally.n, tally.high, tally.low);
        self.counts = [n, high, low]
            .iter()
            .try_fold(self.counts, |total, &c| total.checked_add(c))
            .ok_or_else(|| format!("{at}: counts too large for any file to hold"))?;
        self.sums += raw.sum.abs() + raw.sum_squares;
        if !self.sums.is_finite() {
            return Err(format!("{at}: sums too large to add up"));
        }
        let months = self
            .months
            .entry((raw.dataset.clone(), raw.card.clone()))
            .or_default();
        if raw.period.is_empty() {
            months.0 = n;
            let all = self.all_time.entry(raw.dataset.clone()).or_default();
            *all = all.saturating_add(n);
        } else {
            months.1 = months.1.saturating_add(n);
        }
        Ok(tally)
    }

    /// The per-dataset checks, once every row is in: the dataset and what is wrong, if anything is.
    fn finish(
        self,
        datasets: &HashMap<DatasetId, (MetricDefinition, i64)>,
    ) -> Result<(), (DatasetId, String)> {
        for ((dataset, card), (all_time, months)) in &self.months {
            if months > all_time {
                let card = uuid::Uuid::from_slice(card)
                    .map_or_else(|_| "a malformed card id".to_owned(), |u| u.to_string());
                return Err((
                    dataset.clone(),
                    format!(
                        "card {card} has {months} responses in its months but {all_time} in all"
                    ),
                ));
            }
        }
        for (dataset, (_, rows_mapped)) in datasets {
            let counted = self.all_time.get(dataset).copied().unwrap_or(0);
            if u64::try_from(*rows_mapped) != Ok(counted) {
                return Err((
                    dataset.clone(),
                    format!(
                        "its cards' counts add up to {counted} responses, but it holds {rows_mapped}"
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// How much of a source file one row of `dataset_source` holds (before LZ4 compression, which stores survey
/// text in about a third of the space, so the project file stays smaller and opens faster).
const SOURCE_CHUNK: usize = 4 << 20;
/// Fills `buffer` as far as the file allows; returns how much it filled.
fn read_full(file: &mut impl Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        let n = file.read(&mut buffer[filled..])?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    Ok(filled)
}

fn delete_dataset(tx: &rusqlite::Transaction<'_>, number: i64) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM dataset_source WHERE dataset = ?1", [number])?;
    tx.execute(
        "DELETE FROM response WHERE rowid BETWEEN (SELECT min(first) FROM response_run WHERE dataset = ?1) \
         AND (SELECT max(last) FROM response_run WHERE dataset = ?1) AND dataset = ?1",
        [number],
    )?;
    tx.execute("DELETE FROM response_run WHERE dataset = ?1", [number])?;
    tx.execute("DELETE FROM tally WHERE dataset = ?1", [number])?;
    tx.execute("DELETE FROM segment_tally WHERE dataset = ?1", [number])?;
    tx.execute("DELETE FROM segment_kept WHERE dataset = ?1", [number])?;
    tx.execute("DELETE FROM dataset WHERE number = ?1", [number])?;
    Ok(())
}
