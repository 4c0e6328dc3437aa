//! # waymark-feedback
//!
//! Survey and review exports into a project, as exported: [`table`] reads CSV/TSV (delimiter and encoding
//! detected, streamed), XLSX/XLS/ODS and JSON into columns and rows, recognising Qualtrics and SurveyMonkey
//! header rows; [`mapping`] says which column is the score (on which scale), the comment, the date, segments, and
//! how a row finds its card; [`import`] previews and imports through one scan, all or nothing. Scores come from
//! the tallies the store keeps (`Store::card_scores`).
//! Review feeds saved as XML (Atom or RSS, as the App Store's) read like the JSON feed, with its column names.

pub mod answers;
mod decode;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod import;
mod json;
pub mod mapping;
mod sheet;
pub mod suggest;
pub mod table;
mod xml;

pub use error::ReadError;
pub use import::{FeedbackError, Preview, import, preview};
pub use mapping::{Mapping, Target};
