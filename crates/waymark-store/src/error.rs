use std::path::Path;
use waymark_core::CommandError;

/// Why a project file could not be opened, created or changed. Each message is one sentence that names the file.
/// Whatever the error, the file on disk is as it was.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path} does not exist")]
    NotFound { path: String },
    #[error("{path} already exists; choose another name")]
    AlreadyExists { path: String },
    #[error("{path} could not be read or written: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not a Waymark project: {reason}")]
    NotAProject { path: String, reason: String },
    #[error(
        "{path} was saved by a newer Waymark (file format {found}; this version reads up to {supported}); update Waymark to open it"
    )]
    Newer {
        path: String,
        found: i32,
        supported: i32,
    },
    #[error("{path} is truncated: {detail}")]
    Truncated { path: String, detail: String },
    #[error("{path} is damaged: {detail}")]
    Corrupt { path: String, detail: String },
    #[error("{path} was refused: it contains {what}, which Waymark files never hold")]
    Hostile { path: String, what: String },
    #[error("{path} is open read-only ({reason}), so the change was not saved")]
    ReadOnly { path: String, reason: String },
    /// The path names another file than the one opened: replaced by a sync client, git or a colleague.
    #[error(
        "{path} was replaced on disk by another file since it was opened, so the change was not saved in it"
    )]
    Replaced { path: String },
    /// The file opened is no longer at its path.
    #[error("{path} was moved or deleted since it was opened, so the change was not saved")]
    Gone { path: String },
    #[error("{path} was not changed: {source}")]
    Invalid { path: String, source: CommandError },
    /// A history point asked for that the file does not have.
    #[error("{path} has no history entry #{seq}")]
    NoSuchEntry { path: String, seq: i64 },
    /// A request the file cannot take, in words: a blank or duplicate version label.
    #[error("{path} was not changed: {reason}")]
    Refused { path: String, reason: String },
    #[error("{path} could not be saved: {source}")]
    Sql {
        path: String,
        source: rusqlite::Error,
    },
    #[error("{path} could not be read: {source}")]
    SqlRead {
        path: String,
        source: rusqlite::Error,
    },
}

pub(crate) fn display(path: &Path) -> String {
    path.display().to_string()
}

/// The error for an SQLite failure while reading `path`.
pub(crate) fn read_failed(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + use<> {
    let path = display(path);
    move |source| StoreError::SqlRead {
        path: path.clone(),
        source,
    }
}
