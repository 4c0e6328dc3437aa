//! # waymark-core
//!
//! The Waymark document and everything that can be computed from it without I/O: the model ([`Project`],
//! [`Journey`]), the one way to change it ([`Command`] → [`Project::apply`] → inverse), graph checks
//! ([`Journey::check`]), layout geometry ([`Journey::layout`]) and the sample project ([`sample::grocery`]).
//!
//! Architecture invariant: this crate does no I/O and knows nothing of SQLite, files, Tauri or the terminal.

pub mod check;
pub mod command;
pub mod compare;
pub mod data;
pub mod diff;
pub mod ids;
pub mod items;
pub mod layout;
pub mod merge;
pub mod metrics;
pub mod model;
pub mod resolve;
pub mod routes;
pub mod sample;
pub mod templates;

pub use check::{Findings, PathLimits, PathSummary, PathsBetween};
pub use command::{
    Applied, Change, Command, CommandError, MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, MAX_TAGS,
    MAX_TITLE_CHARS, Orphans,
};
pub use data::{CardData, DATA_FORMAT, EmotionData, JourneyData, ProjectData};
pub use ids::*;
pub use layout::{Layout, Theme};
pub use model::*;
pub use templates::{Template, TemplateError};
