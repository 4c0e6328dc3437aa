//! # waymark-feedback
//!
//! Survey and review exports into a project, as exported: [`table`] reads CSV/TSV (delimiter and encoding
//! detected, streamed), XLSX/XLS/ODS and JSON into columns and rows, recognising Qualtrics and SurveyMonkey
//! header rows; [`mapping`] says which column is the score (on which scale), the comment, the date, segments, and
//! how a row finds its card; [`import`] previews and imports through one scan, all or nothing. Scores come from
//! the tallies the store keeps (`Store::card_scores`).

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

pub use error::ReadError;
pub use import::{FeedbackError, Preview, import, preview};
pub use mapping::{Mapping, Target};
