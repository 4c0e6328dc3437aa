//! Maps as text, in and out: Mermaid `journey`, JSON Canvas 1.0, Waymark's own JSON and a CSV of cards.
//!
//! Imports never touch a project directly: they return the commands that add what the file holds, which the
//! caller applies as one undo step, so an import is all or nothing and goes through the same validation as
//! every edit.

pub mod canvas;
pub mod csv;
pub mod json;
pub mod mermaid;

use waymark_core::{Command, JourneyId, Project};

/// The largest map file read: far beyond any real map, small enough to parse in memory.
pub const MAX_MAP_BYTES: usize = 32 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(
        "it is not a map Waymark can import: the name should end in .mmd, .mermaid, .canvas or .json"
    )]
    UnknownKind,
    #[error("it is {0} bytes, more than the {MAX_MAP_BYTES} a map file may have")]
    TooLarge(usize),
    #[error("it is not UTF-8 text")]
    NotText,
    #[error("it is not a Mermaid journey: {0}")]
    Syntax(String),
    #[error("it is not valid JSON Canvas: {0}")]
    Canvas(String),
    #[error("it is not a Waymark JSON export: {0}")]
    Json(String),
    #[error("it holds no journey")]
    Empty,
}

/// What an import adds: its commands, and the journey to show afterwards.
#[derive(Debug)]
pub struct Imported {
    pub journey: Option<JourneyId>,
    pub commands: Vec<Command>,
}

impl Imported {
    /// The import as one undo step.
    pub fn command(self, file_name: &str) -> Command {
        Command::Batch {
            label: format!("Import {file_name}"),
            commands: self.commands,
        }
    }
}

/// Reads the map file `file_name` (kind chosen by its extension) into commands for `project`.
pub fn import_map(
    project: &Project,
    file_name: &str,
    bytes: &[u8],
) -> Result<Imported, ImportError> {
    if bytes.len() > MAX_MAP_BYTES {
        return Err(ImportError::TooLarge(bytes.len()));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| ImportError::NotText)?;
    let lower = file_name.to_lowercase();
    let stem = std::path::Path::new(file_name).file_stem().map_or_else(
        || file_name.to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    if lower.ends_with(".mmd") || lower.ends_with(".mermaid") {
        mermaid::import(project, text, &stem)
    } else if lower.ends_with(".canvas") {
        canvas::import(project, text, &stem)
    } else if lower.ends_with(".json") {
        json::import(project, text)
    } else {
        Err(ImportError::UnknownKind)
    }
}

/// `text` trimmed and cut to `max` characters, or `fallback` when blank.
fn clip(text: &str, max: usize, fallback: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        return fallback.to_owned();
    }
    text.chars()
        .take(max)
        .collect::<String>()
        .trim_end()
        .to_owned()
}
