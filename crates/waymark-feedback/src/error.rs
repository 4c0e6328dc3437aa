//! Why a feedback file could not be read or imported. Each message completes the sentence "FILE …", so the
//! caller can say "survey.csv could not be imported: it is empty".

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(std::io::Error),
    #[error("it is empty")]
    Empty,
    #[error("it is not text (binary data where a CSV was expected)")]
    NotText,
    #[error("line {line} is not valid CSV: {reason}")]
    Csv { line: u64, reason: String },
    #[error(
        "line {line} has {cells} cells but the header has {columns} columns, so the columns do not line up"
    )]
    Ragged {
        line: u64,
        cells: usize,
        columns: usize,
    },
    #[error("it is not a workbook Waymark can read: {0}")]
    Sheet(String),
    #[error("it has no sheet named \"{0}\"")]
    NoSheet(String),
    #[error("it is too large to read: {0}")]
    TooLarge(String),
    #[error("it is not JSON Waymark can read: {0}")]
    Json(String),
    /// Not well-formed XML: an unclosed or mismatched tag, an undefined entity, text after the root element…
    #[error("line {line} is not well-formed XML: {reason}")]
    Xml { line: u64, reason: String },
    /// Well-formed, perhaps, but refused: a DOCTYPE, nesting too deep, an encoding that cannot be read. The
    /// reason completes "line N …".
    #[error("line {line} {reason}")]
    XmlRefused { line: u64, reason: String },
    /// XML without a row in it: not a feed, or a feed without entries.
    #[error("{0}")]
    NotFeed(&'static str),
}

impl ReadError {
    pub(crate) fn from_csv(error: csv::Error) -> ReadError {
        let line = error.position().map_or(0, |p| p.line());
        match error.into_kind() {
            csv::ErrorKind::Io(io) => ReadError::Io(io),
            csv::ErrorKind::Utf8 { err, .. } => ReadError::Csv {
                line,
                reason: format!("invalid UTF-8 ({err})"),
            },
            other => ReadError::Csv {
                line,
                reason: format!("{other:?}"),
            },
        }
    }
}
