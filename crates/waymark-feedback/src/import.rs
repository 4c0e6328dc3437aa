//! Reading a feedback file through a mapping: a preview that counts what would happen, and the import that does it
//! in one transaction. Both run the same scan, so the preview's counts are the import's.

use crate::answers::{AnswerReader, Reading};
use crate::error::ReadError;
use crate::mapping::{CardFinder, Mapping, Target, find_column, parse_date};
use crate::table::{OpenOptions, Table, TableInfo};
use csv::StringRecord;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use waymark_core::metrics::MetricDefinition;
use waymark_core::{CardId, Journey};
use waymark_store::{ImportFailure, NewDataset, NewResponse, Store, StoreError, WritingStopped};

/// What reading the file with a mapping gives, before (or after) importing.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Preview {
    pub info: TableInfo,
    pub columns: Vec<String>,
    pub rows_read: u64,
    pub mapped: u64,
    /// Rows the export marks as not real (Qualtrics previews and tests).
    pub excluded: u64,
    /// Rows whose answer counts as no answer (blank, "N/A", "Don't know"), left out.
    pub no_answer: u64,
    /// The score column's answers that are not plain numbers, each with its reading and rows: the ones no scale
    /// reads first, then the most frequent (at most [`ANSWERS_LISTED`]).
    pub answers: Vec<AnswerCount>,
    /// Rows whose card column matched no card, by value, most frequent first.
    pub unmapped: Vec<Unmapped>,
    /// Rows left out for a reason (no score, out of range…), with the first line numbers of each.
    pub invalid: Vec<Invalid>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Unmapped {
    pub value: String,
    pub rows: u64,
}

/// One answer as written, how it was read, and how many rows gave it.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AnswerCount {
    pub answer: String,
    pub reading: Reading,
    pub rows: u64,
}

/// The most distinct answers a preview lists.
pub const ANSWERS_LISTED: usize = 200;

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Invalid {
    pub reason: String,
    pub rows: u64,
    /// The first few line numbers.
    pub lines: Vec<u64>,
}

#[derive(Debug, thiserror::Error)]
pub enum FeedbackError {
    #[error("{file} could not be read: {source}")]
    Read { file: String, source: ReadError },
    #[error("{file} has no column named \"{column}\" (its columns: {available})")]
    NoColumn {
        file: String,
        column: String,
        available: String,
    },
    #[error("{file} was not imported: none of its {rows} rows found a card{hint}")]
    NothingMapped {
        file: String,
        rows: u64,
        hint: String,
    },
    #[error("{file} was not imported: the card named by the mapping is not in this journey")]
    NoSuchCard { file: String },
    #[error("{file} was not imported: the import was cancelled")]
    Cancelled { file: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The column positions a mapping uses.
struct Columns {
    score: usize,
    comment: Option<usize>,
    date: Option<usize>,
    segments: Vec<(String, usize)>,
    target: TargetColumns,
}

enum TargetColumns {
    Card(CardId),
    Column(usize),
    ChannelStage(usize, usize),
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

fn columns_of(
    table: &Table,
    mapping: &Mapping,
    path: &Path,
    journey: &Journey,
) -> Result<Columns, FeedbackError> {
    let find = |name: &str| {
        find_column(&table.columns, &table.info.descriptions, name).ok_or_else(|| {
            FeedbackError::NoColumn {
                file: display(path),
                column: name.to_owned(),
                available: table.columns.join(", "),
            }
        })
    };
    let optional = |name: &Option<String>| name.as_deref().map(find).transpose();
    Ok(Columns {
        score: find(&mapping.score)?,
        comment: optional(&mapping.comment)?,
        date: optional(&mapping.date)?,
        segments: mapping
            .segments
            .iter()
            .map(|s| Ok((s.clone(), find(s)?)))
            .collect::<Result<_, FeedbackError>>()?,
        target: match &mapping.target {
            Target::Card { card } => {
                if journey.card(*card).is_none() {
                    return Err(FeedbackError::NoSuchCard {
                        file: display(path),
                    });
                }
                TargetColumns::Card(*card)
            }
            Target::Column { column, .. } => TargetColumns::Column(find(column)?),
            Target::ChannelStage { channel, stage } => {
                TargetColumns::ChannelStage(find(channel)?, find(stage)?)
            }
        },
    })
}

const LINES_PER_REASON: usize = 10;
const PROGRESS_EVERY: u64 = 16_384;

/// Told the rows read so far, now and then; answers whether to go on (false cancels the import).
pub type Progress<'a> = dyn Fn(u64) -> bool + Sync + 'a;

fn open_table(path: &Path, mapping: &Mapping) -> Result<Table, FeedbackError> {
    Table::open(
        path,
        &OpenOptions {
            sheet: mapping.sheet.clone(),
        },
    )
    .map_err(|source| FeedbackError::Read {
        file: display(path),
        source,
    })
}

/// Reads every row of `table` (opened from `path`) through the mapping, handing each mapped response to `sink`.
fn scan<E>(
    mut table: Table,
    path: &Path,
    mapping: &Mapping,
    journey: &Journey,
    progress: &Progress<'_>,
    mut sink: impl FnMut(&NewResponse<'_>) -> Result<(), E>,
) -> Result<Preview, ScanError<E>> {
    let read_error = |source| FeedbackError::Read {
        file: display(path),
        source,
    };
    let columns = columns_of(&table, mapping, path, journey)?;
    let mut cards = RowCards::new(journey, mapping);
    let mut answers = AnswerReader::new(
        &mapping.answers,
        mapping.metric.kind == waymark_core::metrics::MetricKind::Share,
    );
    let mut preview = Preview {
        info: table.info.clone(),
        columns: table.columns.clone(),
        rows_read: 0,
        mapped: 0,
        excluded: 0,
        no_answer: 0,
        answers: Vec::new(),
        unmapped: Vec::new(),
        invalid: Vec::new(),
    };
    let mut left_out = LeftOut::default();
    let mut segments = SegmentsJson::new(&columns.segments);
    let mut record = StringRecord::new();
    while let Some(line) = table.next_row(&mut record).map_err(read_error)? {
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        preview.rows_read += 1;
        if preview.rows_read.is_multiple_of(PROGRESS_EVERY) && !progress(preview.rows_read) {
            return Err(ScanError::Feedback(FeedbackError::Cancelled {
                file: display(path),
            }));
        }
        if let Some(reason) = table.excluded(&record) {
            preview.excluded += 1;
            left_out.note(format!("{reason} (left out)"), line);
            continue;
        }
        let card = match cards.card_of(&columns.target, &record) {
            Ok(card) => card,
            Err(value) => {
                left_out.unmatched(value);
                continue;
            }
        };
        let raw = cell(&record, columns.score);
        let reading = answers.read(raw);
        left_out.answer(raw, reading);
        let score = match score_of(raw, reading, &mapping.metric) {
            Ok(Some(score)) => score,
            Ok(None) => {
                preview.no_answer += 1;
                continue;
            }
            Err(reason) => {
                left_out.note(reason, line);
                continue;
            }
        };
        let time = columns
            .date
            .and_then(|i| parse_date(cell(&record, i), mapping.day_first));
        let comment = columns
            .comment
            .map(|i| cell(&record, i).trim())
            .filter(|c| !c.is_empty() && !matches!(*c, "NA" | "N/A"));
        let segments = segments.of(&record);
        sink(&NewResponse {
            row: line,
            card,
            score,
            time,
            comment,
            segments,
        })
        .map_err(ScanError::Sink)?;
        preview.mapped += 1;
    }
    (preview.unmapped, preview.invalid, preview.answers) = left_out.into_lists();
    Ok(preview)
}

/// A row's value in column `i` (empty past the end of a short row).
fn cell(record: &StringRecord, i: usize) -> &str {
    record.get(i).unwrap_or("")
}

/// Finds each row's card by the mapping's target.
struct RowCards {
    finder: CardFinder,
    /// Exports repeat a few hundred touchpoint values a million times: match each distinct value once.
    by_value: FxHashMap<String, Option<CardId>>,
}

impl RowCards {
    fn new(journey: &Journey, mapping: &Mapping) -> RowCards {
        RowCards {
            finder: CardFinder::new(journey, &mapping.target),
            by_value: FxHashMap::default(),
        }
    }

    /// The row's card, or (to report) the value that matched none.
    fn card_of(&mut self, target: &TargetColumns, record: &StringRecord) -> Result<CardId, String> {
        let value = |i: usize| cell(record, i);
        let card = match *target {
            TargetColumns::Card(card) => Some(card),
            TargetColumns::Column(i) => match self.by_value.get(value(i)) {
                Some(&card) => card,
                None => *self
                    .by_value
                    .entry(value(i).to_owned())
                    .or_insert_with(|| self.finder.by_name(value(i))),
            },
            TargetColumns::ChannelStage(c, s) => self.finder.by_channel_stage(value(c), value(s)),
        };
        card.ok_or_else(|| match *target {
            TargetColumns::ChannelStage(c, s) => {
                format!("{} / {}", value(c).trim(), value(s).trim())
            }
            TargetColumns::Column(i) => value(i).trim().to_owned(),
            TargetColumns::Card(_) => unreachable!("a fixed card always matches"),
        })
    }
}

/// A row's score from its answer's reading (`None`: no answer), or why the row is left out.
fn score_of(
    raw: &str,
    reading: Reading,
    definition: &MetricDefinition,
) -> Result<Option<f64>, String> {
    match reading.value() {
        Some(v) if definition.accepts(v) => Ok(Some(v)),
        Some(v) => Err(format!(
            "score {v} is outside {}–{}",
            definition.scale_min, definition.scale_max
        )),
        None if reading == Reading::NoAnswer => Ok(None),
        None => Err(format!(
            "answer \"{}\" is neither a number nor a label on a known scale",
            truncate(raw.trim(), 40)
        )),
    }
}

/// Each row's segment values as a JSON object by segment name (as serde_json writes a `BTreeMap` of them), written
/// into one buffer that every row reuses; none without segment columns.
struct SegmentsJson {
    /// By name, each name once (a name given twice is one column).
    columns: Vec<(String, usize)>,
    json: Vec<u8>,
}

impl SegmentsJson {
    fn new(segments: &[(String, usize)]) -> SegmentsJson {
        let by_name: BTreeMap<&str, usize> =
            segments.iter().map(|(n, i)| (n.as_str(), *i)).collect();
        SegmentsJson {
            columns: by_name
                .into_iter()
                .map(|(n, i)| (n.to_owned(), i))
                .collect(),
            json: Vec::new(),
        }
    }

    fn of(&mut self, record: &StringRecord) -> Option<&str> {
        if self.columns.is_empty() {
            return None;
        }
        self.json.clear();
        self.json.push(b'{');
        for (k, (name, i)) in self.columns.iter().enumerate() {
            if k > 0 {
                self.json.push(b',');
            }
            serde_json::to_writer(&mut self.json, name).expect("strings serialise");
            self.json.push(b':');
            serde_json::to_writer(&mut self.json, cell(record, *i)).expect("strings serialise");
        }
        self.json.push(b'}');
        Some(std::str::from_utf8(&self.json).expect("JSON of strings is UTF-8"))
    }
}

/// The rows a scan left out: unmatched card values with their counts, and other reasons with their counts and
/// first lines.
#[derive(Default)]
struct LeftOut {
    unmapped: HashMap<String, u64>,
    invalid: BTreeMap<String, (u64, Vec<u64>)>,
    /// Answers that are not plain numbers, as written: their reading and rows.
    answers: HashMap<String, (Reading, u64)>,
}

impl LeftOut {
    fn note(&mut self, reason: String, line: u64) {
        let entry = self.invalid.entry(reason).or_default();
        entry.0 += 1;
        if entry.1.len() < LINES_PER_REASON {
            entry.1.push(line);
        }
    }

    fn unmatched(&mut self, value: String) {
        *self.unmapped.entry(value).or_default() += 1;
    }

    /// Counts an answer that is not a plain number (blank cells are not answers to list).
    fn answer(&mut self, raw: &str, reading: Reading) {
        if matches!(reading, Reading::Number(_)) || raw.trim().is_empty() {
            return;
        }
        if let Some(entry) = self.answers.get_mut(raw) {
            entry.1 += 1;
        } else if self.answers.len() < ANSWERS_LISTED {
            self.answers.insert(raw.to_owned(), (reading, 1));
        }
    }

    /// The preview's lists: unmatched values most frequent first (then by value), reasons in order, answers that
    /// nothing reads first and then by rows.
    fn into_lists(self) -> (Vec<Unmapped>, Vec<Invalid>, Vec<AnswerCount>) {
        let mut unmapped: Vec<Unmapped> = self
            .unmapped
            .into_iter()
            .map(|(value, rows)| Unmapped { value, rows })
            .collect();
        unmapped.sort_by(|a, b| b.rows.cmp(&a.rows).then_with(|| a.value.cmp(&b.value)));
        let invalid = self
            .invalid
            .into_iter()
            .map(|(reason, (rows, lines))| Invalid {
                reason,
                rows,
                lines,
            })
            .collect();
        let mut answers: Vec<AnswerCount> = self
            .answers
            .into_iter()
            .map(|(answer, (reading, rows))| AnswerCount {
                answer,
                reading,
                rows,
            })
            .collect();
        answers.sort_by(|a, b| {
            (b.reading == Reading::Unknown)
                .cmp(&(a.reading == Reading::Unknown))
                .then(b.rows.cmp(&a.rows))
                .then_with(|| a.answer.cmp(&b.answer))
        });
        (unmapped, invalid, answers)
    }
}

enum ScanError<E> {
    Feedback(FeedbackError),
    Sink(E),
}

impl<E> From<FeedbackError> for ScanError<E> {
    fn from(e: FeedbackError) -> Self {
        ScanError::Feedback(e)
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(max).collect::<String>())
    }
}

/// What importing `path` with `mapping` would do, without changing anything.
pub fn preview(
    path: &Path,
    mapping: &Mapping,
    journey: &Journey,
) -> Result<Preview, FeedbackError> {
    let table = open_table(path, mapping)?;
    scan(table, path, mapping, journey, &|_| true, |_| {
        Ok::<(), std::convert::Infallible>(())
    })
    .map_err(|e| match e {
        ScanError::Feedback(e) => e,
        ScanError::Sink(never) => match never {},
    })
}

/// Imports `path` into the store as one dataset of `journey`, all or nothing; the same file imported again
/// replaces its earlier dataset. Returns what was read and the dataset's id.
pub fn import(
    store: &mut Store,
    path: &Path,
    mapping: &Mapping,
    journey: &Journey,
    name: Option<&str>,
    progress: &Progress<'_>,
) -> Result<(Preview, waymark_store::DatasetId), FeedbackError> {
    let file_name = path
        .file_name()
        .map_or_else(|| display(path), |n| n.to_string_lossy().into_owned());
    // Columns are read (and checked) before anything is written.
    let table = open_table(path, mapping)?;
    columns_of(&table, mapping, path, journey)?;
    let dataset = NewDataset {
        journey: journey.id(),
        name: name.map_or_else(|| file_name.clone(), str::to_owned),
        source_name: file_name,
        definition: mapping.metric.clone(),
        mapping: serde_json::to_string(mapping).expect("mappings serialise"),
        columns: table.columns.clone(),
    };
    let mut preview = None;
    let result = store.import_dataset(&dataset, path, |writer| {
        let read = scan(table, path, mapping, journey, progress, |response| {
            writer.add(response)
        })?;
        if read.mapped == 0 {
            let most_invalid = read.invalid.iter().max_by_key(|i| i.rows);
            let hint = match (read.unmapped.first(), most_invalid) {
                (Some(u), _) => format!(
                    " (the most common unmatched value is \"{}\")",
                    truncate(&u.value, 60)
                ),
                (None, Some(i)) => format!(" with a valid score (most often: {})", i.reason),
                (None, None) => String::new(),
            };
            return Err(ScanError::Feedback(FeedbackError::NothingMapped {
                file: display(path),
                rows: read.rows_read,
                hint,
            }));
        }
        let rows_read = read.rows_read;
        preview = Some(read);
        Ok(rows_read)
    });
    let id = match result {
        Ok((id, _)) => id,
        Err(ImportFailure::Store(e)) => return Err(e.into()),
        Err(ImportFailure::Fill(ScanError::Feedback(e))) => return Err(e),
        Err(ImportFailure::Fill(ScanError::Sink(WritingStopped))) => {
            unreachable!("the store reports the write that stopped the reading")
        }
    };
    Ok((preview.expect("a successful import scanned the file"), id))
}
