//! A feedback file as a table: column names and a stream of rows, whatever the file was. CSV and TSV stream from
//! disk through the encoding's decoder; spreadsheets and JSON are read whole (within limits). Header rows are
//! recognised: Qualtrics (three rows, or the legacy two), SurveyMonkey (two, merged into column names) or plain.

use crate::decode;
use crate::error::ReadError;
use csv::StringRecord;
use std::collections::VecDeque;
use std::io::{BufReader, Read};
use std::path::Path;

/// The longest physical line read: past this a file is refused rather than buffered.
pub const MAX_LINE_BYTES: usize = 16 * 1024 * 1024;
/// The largest spreadsheet or JSON file read into memory.
pub const MAX_IN_MEMORY_BYTES: u64 = 256 * 1024 * 1024;
/// Spreadsheet limits: more rows or columns than this is not a survey export.
pub const MAX_SHEET_ROWS: u32 = 2_000_000;
pub const MAX_SHEET_COLUMNS: u32 = 4_096;
/// A zip entry may not unpack to more than this many times its packed size (zip bombs).
pub const MAX_ZIP_RATIO: u64 = 200;

/// How the export lays out its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum HeaderLayout {
    Plain,
    /// Column ids, question texts, `{"ImportId":…}`.
    Qualtrics,
    /// `V1…` ids over a row of names (older Qualtrics exports).
    QualtricsLegacy,
    /// Questions over a row of answer options.
    SurveyMonkey,
}

/// What was recognised about the file.
#[derive(Clone, Debug, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TableInfo {
    /// e.g. "CSV (delimiter ';')", "XLSX sheet 'Form Responses 1'", "JSON Lines".
    pub format: String,
    pub encoding: String,
    pub layout: HeaderLayout,
    pub header_rows: usize,
    /// The question text of each column, where the export gives one.
    pub descriptions: Vec<String>,
}

enum Rows {
    Csv(Box<csv::Reader<Box<dyn Read + Send>>>),
    Memory(std::vec::IntoIter<(u64, Vec<String>)>),
}

pub struct Table {
    pub columns: Vec<String>,
    pub info: TableInfo,
    rows: Rows,
    /// Data rows read while looking for the header, served first.
    pending: VecDeque<(u64, StringRecord)>,
    /// The Qualtrics status column, whose preview and test rows are left out.
    status_column: Option<usize>,
    /// Lines end in CR LF: the csv reader starts each record on the LF of the line before, one line early.
    crlf: bool,
}

/// The line a CSV record starts on.
fn line_of(record: &StringRecord, crlf: bool) -> u64 {
    record
        .position()
        .map_or(0, |p| p.line() + u64::from(crlf && p.byte() > 0))
}

#[derive(Clone, Debug, Default)]
pub struct OpenOptions {
    /// The sheet of a workbook (default: the first).
    pub sheet: Option<String>,
}

impl Table {
    pub fn open(path: &Path, options: &OpenOptions) -> Result<Table, ReadError> {
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match extension.as_str() {
            "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => crate::sheet::open(path, options),
            "json" | "jsonl" | "ndjson" => crate::json::open(path),
            "xml" | "atom" | "rss" => crate::xml::open(path),
            // An XML feed saved as .csv, .txt or without an extension.
            _ if crate::xml::looks_like_xml(path) => crate::xml::open(path),
            _ => open_delimited(path),
        }
    }

    /// A table over rows already in memory (spreadsheets, JSON); `first` holds the header candidates.
    pub(crate) fn from_memory(
        mut rows: Vec<(u64, Vec<String>)>,
        format: String,
        encoding: &str,
        detect_header: bool,
    ) -> Result<Table, ReadError> {
        if rows.is_empty() {
            return Err(ReadError::Empty);
        }
        let width = rows.iter().map(|(_, r)| r.len()).max().unwrap_or(0);
        for (_, row) in &mut rows {
            row.resize(width, String::new());
        }
        let candidates: Vec<StringRecord> = rows
            .iter()
            .take(if detect_header { 3 } else { 1 })
            .map(|(_, r)| StringRecord::from(r.clone()))
            .collect();
        let header = Header::detect(&candidates);
        let rest = rows.split_off(header.rows.min(rows.len()));
        let mut table = Table {
            columns: header.columns,
            info: TableInfo {
                format,
                encoding: encoding.into(),
                layout: header.layout,
                header_rows: header.rows,
                descriptions: header.descriptions,
            },
            rows: Rows::Memory(rest.into_iter()),
            pending: VecDeque::new(),
            status_column: None,
            crlf: false,
        };
        table.find_status_column();
        Ok(table)
    }

    fn find_status_column(&mut self) {
        if matches!(
            self.info.layout,
            HeaderLayout::Qualtrics | HeaderLayout::QualtricsLegacy
        ) {
            self.status_column = self.columns.iter().position(|c| c == "Status");
        }
    }

    /// The next data row, into `record`; returns its line (row) number in the file, `None` at the end.
    pub fn next_row(&mut self, record: &mut StringRecord) -> Result<Option<u64>, ReadError> {
        let line = if let Some((line, pending)) = self.pending.pop_front() {
            *record = pending;
            line
        } else {
            match &mut self.rows {
                Rows::Csv(reader) => {
                    if !reader.read_record(record).map_err(ReadError::from_csv)? {
                        return Ok(None);
                    }
                    line_of(record, self.crlf)
                }
                Rows::Memory(rows) => {
                    let Some((line, cells)) = rows.next() else {
                        return Ok(None);
                    };
                    record.clear();
                    for cell in cells {
                        record.push_field(&cell);
                    }
                    line
                }
            }
        };
        if record.len() > self.columns.len() {
            // Trailing empty cells (a comma at the end of each line) are harmless; data beyond the header means
            // the columns do not line up.
            if record
                .iter()
                .skip(self.columns.len())
                .any(|c| !c.trim().is_empty())
            {
                return Err(ReadError::Ragged {
                    line,
                    cells: record.len(),
                    columns: self.columns.len(),
                });
            }
            record.truncate(self.columns.len());
        }
        Ok(Some(line))
    }

    /// Why Qualtrics marks this row as not a real response (a survey preview or test), if it does.
    pub fn excluded(&self, record: &StringRecord) -> Option<&'static str> {
        let status = record.get(self.status_column?)?.trim();
        match status {
            "1" | "Survey Preview" => Some("a Qualtrics survey preview"),
            "2" | "Survey Test" => Some("a Qualtrics survey test"),
            "8" | "Spam" => Some("a response Qualtrics marked as spam"),
            _ => None,
        }
    }
}

/// A reader that refuses a physical line longer than [`MAX_LINE_BYTES`] instead of buffering it.
struct LineGuard<R> {
    inner: R,
    since_newline: usize,
}

impl<R: Read> Read for LineGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let read = &buf[..n];
        // The line running into this read ends at its first newline; lines inside one read are shorter than it.
        let (first, last) = (
            read.iter().position(|&b| b == b'\n'),
            read.iter().rposition(|&b| b == b'\n'),
        );
        let running = self.since_newline + first.unwrap_or(n);
        self.since_newline = match last {
            Some(last) => n - last - 1,
            None => running,
        };
        if running > MAX_LINE_BYTES || self.since_newline > MAX_LINE_BYTES {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "a line is longer than {} MB",
                    MAX_LINE_BYTES / (1024 * 1024)
                ),
            ));
        }
        Ok(n)
    }
}

fn open_delimited(path: &Path) -> Result<Table, ReadError> {
    let (encoding, bom) = decode::detect_file(path).map_err(ReadError::Io)?;
    let decoded = || -> Result<Box<dyn Read + Send>, ReadError> {
        let file = std::fs::File::open(path).map_err(ReadError::Io)?;
        let guarded = LineGuard {
            inner: BufReader::with_capacity(1 << 16, file),
            since_newline: 0,
        };
        // A file without a byte-order mark found to be UTF-8 is UTF-8 throughout (every byte was checked): it is
        // read as it is, without a decoder copying it.
        if encoding == encoding_rs::UTF_8 && bom == 0 {
            return Ok(Box::new(guarded));
        }
        // The decoder strips a byte-order mark and turns the bytes into UTF-8.
        Ok(Box::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding))
                .bom_sniffing(true)
                .build(guarded),
        ))
    };
    let mut sample = Vec::new();
    decoded()?
        .take(64 * 1024)
        .read_to_end(&mut sample)
        .map_err(ReadError::Io)?;
    if sample.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty);
    }
    if looks_binary(&sample) {
        return Err(ReadError::NotText);
    }
    let delimiter = sniff_delimiter(&sample);
    let crlf = sample.windows(2).any(|w| w == b"\r\n");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(1 << 16)
        .from_reader(decoded()?);
    let mut first = Vec::new();
    for _ in 0..3 {
        let mut record = StringRecord::new();
        if !reader
            .read_record(&mut record)
            .map_err(ReadError::from_csv)?
        {
            break;
        }
        first.push((line_of(&record, crlf), record));
    }
    let records: Vec<StringRecord> = first.iter().map(|(_, r)| r.clone()).collect();
    let header = Header::detect(&records);
    let delimiter_name = match delimiter {
        b'\t' => "tab".to_owned(),
        other => format!("'{}'", other as char),
    };
    let mut table = Table {
        columns: header.columns,
        info: TableInfo {
            format: format!("CSV (delimiter {delimiter_name})"),
            encoding: encoding.name().to_owned(),
            layout: header.layout,
            header_rows: header.rows,
            descriptions: header.descriptions,
        },
        rows: Rows::Csv(Box::new(reader)),
        pending: first.into_iter().skip(header.rows).collect(),
        status_column: None,
        crlf,
    };
    table.find_status_column();
    Ok(table)
}

/// Control characters other than whitespace mean the file is not text.
fn looks_binary(sample: &[u8]) -> bool {
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    control > sample.len() / 100 + 1
}

/// The delimiter (`,` `;` tab `|`) that splits the sample's first lines into the most columns, consistently.
fn sniff_delimiter(sample: &[u8]) -> u8 {
    let mut best = (b',', 0usize, 0usize);
    for delimiter in [b',', b';', b'\t', b'|'] {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(sample);
        let counts: Vec<usize> = reader
            .records()
            .take(50)
            .map_while(Result::ok)
            .map(|r| r.len())
            .collect();
        // The last record of the sample may be cut short.
        let counts = &counts[..counts.len().saturating_sub(1).max(1.min(counts.len()))];
        let Some(&first) = counts.first() else {
            continue;
        };
        let agreeing = counts.iter().filter(|&&c| c == first).count();
        if first > 1 && (agreeing, first) > (best.1, best.2) {
            best = (delimiter, agreeing, first);
        }
    }
    best.0
}

struct Header {
    columns: Vec<String>,
    descriptions: Vec<String>,
    layout: HeaderLayout,
    rows: usize,
}

impl Header {
    /// Recognises the header among the first (up to three) rows.
    fn detect(first: &[StringRecord]) -> Header {
        let row = |i: usize| -> Vec<String> {
            first
                .get(i)
                .map(|r| r.iter().map(|c| c.trim().to_owned()).collect())
                .unwrap_or_default()
        };
        let (names, second, third) = (row(0), row(1), row(2));
        let is_import_id =
            |c: &String| c.starts_with("{\"ImportId\"") || c.starts_with("{'ImportId'");
        if !third.is_empty() && third.iter().filter(|c| is_import_id(c)).count() * 2 >= third.len()
        {
            return Header::named(names, second, HeaderLayout::Qualtrics, 3);
        }
        let v_ids = names
            .iter()
            .filter(|c| {
                c.len() > 1 && c.starts_with('V') && c[1..].chars().all(|d| d.is_ascii_digit())
            })
            .count();
        if v_ids >= 3 && second.iter().any(|c| c == "ResponseID") {
            // Ids for the system columns come from the second row, question ids (Q1…) stay.
            let merged = names
                .iter()
                .zip(&second)
                .map(|(id, name)| {
                    if id.starts_with('V') && !name.is_empty() {
                        name.clone()
                    } else {
                        id.clone()
                    }
                })
                .collect();
            return Header::named(merged, second, HeaderLayout::QualtricsLegacy, 2);
        }
        let answer_labels = second
            .iter()
            .filter(|c| matches!(c.as_str(), "Response" | "Open-Ended Response"))
            .count();
        if answer_labels >= 1 && second.first().is_some_and(String::is_empty) {
            let mut question = String::new();
            let merged = names
                .iter()
                .zip(&second)
                .map(|(q, option)| {
                    if !q.is_empty() {
                        question = q.clone();
                    }
                    match option.as_str() {
                        "" | "Response" | "Open-Ended Response" => question.clone(),
                        option => format!("{question} - {option}"),
                    }
                })
                .collect();
            return Header::named(merged, Vec::new(), HeaderLayout::SurveyMonkey, 2);
        }
        Header::named(names, Vec::new(), HeaderLayout::Plain, 1)
    }

    /// Column names made usable: blank ones numbered, repeated ones told apart.
    fn named(
        names: Vec<String>,
        descriptions: Vec<String>,
        layout: HeaderLayout,
        rows: usize,
    ) -> Header {
        let mut seen = std::collections::HashMap::new();
        let columns = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let base = if name.is_empty() {
                    format!("Column {}", i + 1)
                } else {
                    name.clone()
                };
                let count = seen.entry(base.clone()).or_insert(0);
                *count += 1;
                if *count == 1 {
                    base
                } else {
                    format!("{base} ({count})")
                }
            })
            .collect();
        Header {
            columns,
            descriptions,
            layout,
            rows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1;2;3\n4;5;6\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff_delimiter(b"a|b|c\n1|2|3\n"), b'|');
        assert_eq!(
            sniff_delimiter(b"name,comment\nx,\"a; b; c\"\ny,\"d; e\"\n"),
            b','
        );
    }
}

#[cfg(test)]
mod line_tests {
    use super::*;

    #[test]
    fn rows_know_their_line_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, "a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n3,w").unwrap();
        let mut table = Table::open(&path, &OpenOptions::default()).unwrap();
        let mut record = StringRecord::new();
        let mut lines = Vec::new();
        while let Some(line) = table.next_row(&mut record).unwrap() {
            lines.push((line, record.get(0).unwrap().to_owned()));
        }
        assert_eq!(
            lines,
            [
                (2, "1".to_owned()),
                (4, "2".to_owned()),
                (5, "3".to_owned())
            ]
        );
    }
}
