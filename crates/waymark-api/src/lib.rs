//! # waymark-api
//!
//! One function per operation that both front ends offer — the `waymark` command and the desktop app — so that
//! the two cannot drift apart: each takes a typed request, applies the policy (defaults, names, size limits, the
//! minimum n) and returns a typed result that the caller presents. The front ends only parse, call and present.
//!
//! - [`comments`]: comments on cards added (by the store's author, now), edited, and their threads resolved.
//! - [`check`]: the check of a journey's flows, and the paths between two cards.
//! - [`project`]: new projects (what they hold, how the first journey is named) and the journey on show.
//! - [`export`]: every export format, prepared from the open project and rendered without it.
//! - [`maps`]: a map file (Mermaid, JSON Canvas, Waymark JSON) added as one undo step.
//! - [`feedback`]: survey exports previewed and imported (with the preset rule), datasets removed, a card's
//!   comments and trend.
//! - [`scores`]: scores split by a segment column, and touchpoint channels side by side within stages, each group
//!   against the rest.
//! - [`sharing`]: two files compared item by item, two copies of a project merged three ways (from the history
//!   they share, or from the base git gives), and a file as text for git.
//! - [`copies`]: a sync tool's conflict copies of a project found beside it, and one moved to the trash.
//! - [`history`]: the history a page at a time, restoring to a point, named versions, a version compared with now.
//! - [`journeys`]: journeys added (blank, as a copy, from a template), renamed, moved and deleted.
//! - [`templates`]: the built-in and the user's journey templates; a journey saved as one.
//!
//! Other edits need no function here: both front ends send a `Command` to `Store::apply`.

pub mod check;
pub mod comments;
pub mod copies;
mod error;
pub mod export;
pub mod feedback;
pub mod history;
pub mod journeys;
pub mod maps;
pub mod project;
pub mod scores;
pub mod sharing;
pub mod templates;

pub use error::ApiError;

/// A path's file name for messages and dataset names (the whole path when it has none).
fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
