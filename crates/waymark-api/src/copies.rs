//! Conflict copies beside a project: the files a sync tool wrote next to the project's file when two people (or
//! two computers) changed it at once, found by their names and kept only when they are copies of the same project
//! (the same project id) — so that the app can offer to merge each one, and then to move it to the trash.
//!
//! Names are matched first, which costs nothing; only those candidates are opened, as the untrusted files they
//! are (a copy that does not open, or a copy of another project, is passed over, never an error for the scan).
//! The names each tool writes, for a project `Journey map.waymark`:
//!
//! | tool | copy |
//! |---|---|
//! | Dropbox (and Maestral) | `Journey map (Ana's conflicted copy 2026-12-04).waymark`, `… (conflicted copy 2026-12-04).waymark`, either with ` (1)` after it; `… (Ana's conflicting copy 2026-12-04).waymark` |
//! | Nextcloud, ownCloud 2.5 and later | `Journey map (conflicted copy 2026-12-04 123456).waymark`, `… (conflicted copy ana 2026-12-04 123456).waymark` |
//! | ownCloud before 2.5 | `Journey map_conflict-20261204-123456.waymark`, `Journey map_conflict_ana-20261204-123456.waymark` |
//! | Syncthing | `Journey map.sync-conflict-20261204-123456-ABCDEFG.waymark` |
//! | Seafile | `Journey map (SFConflict ana@example.com 2026-12-04-12-34-56).waymark` |
//! | OneDrive | `Journey map-LAPTOP.waymark`, `Journey map-LAPTOP-2.waymark`, `Journey map-LAPTOP-safeBackup-0001.waymark` |
//! | Resilio Sync | `Journey map.Conflict.waymark`, `journey map.Conflict1.waymark` (two names differing only in case) |
//! | Google Drive, OneDrive on the web, a browser's download | `Journey map (1).waymark` (a numbered copy) |

use crate::ApiError;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;
use waymark_store::Store;

/// At most this many candidates (the newest) are opened in one scan, so a folder full of look-alikes stays quick.
const MOST_OPENED: usize = 32;

/// The tool whose naming a conflict copy's file name follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SyncTool {
    #[serde(rename = "Dropbox")]
    Dropbox,
    /// Nextcloud and ownCloud name copies alike.
    #[serde(rename = "Nextcloud or ownCloud")]
    Nextcloud,
    #[serde(rename = "Syncthing")]
    Syncthing,
    #[serde(rename = "Seafile")]
    Seafile,
    #[serde(rename = "OneDrive")]
    OneDrive,
    #[serde(rename = "Resilio Sync")]
    Resilio,
    /// `Journey map (1).waymark`: Google Drive, OneDrive on the web, a browser's download.
    #[serde(rename = "a numbered copy")]
    Numbered,
}

impl SyncTool {
    /// The tool's name as people say it ("Dropbox", "a numbered copy").
    pub fn label(self) -> &'static str {
        match self {
            SyncTool::Dropbox => "Dropbox",
            SyncTool::Nextcloud => "Nextcloud or ownCloud",
            SyncTool::Syncthing => "Syncthing",
            SyncTool::Seafile => "Seafile",
            SyncTool::OneDrive => "OneDrive",
            SyncTool::Resilio => "Resilio Sync",
            SyncTool::Numbered => "a numbered copy",
        }
    }
}

/// A conflict copy of the project beside its file: the shape of `waymark copies --json`.
///
/// ```text
/// [{"path": "/home/ana/Dropbox/Journey map (Ben's conflicted copy 2026-12-04).waymark",
///   "name": "Journey map (Ben's conflicted copy 2026-12-04).waymark", "tool": "Dropbox",
///   "modified_ms": 1796380800000}]
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConflictCopy {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub path: PathBuf,
    /// The file's name, as text to show.
    pub name: String,
    pub tool: SyncTool,
    /// When the copy was last written (milliseconds since 1970).
    pub modified_ms: i64,
}

/// The conflict copies of the project at `project` in its folder, newest first (see [`copies_of`]).
pub fn conflict_copies(project: &Path, author: &str) -> Result<Vec<ConflictCopy>, ApiError> {
    copies_of(&Store::open(project, author)?)
}

/// The files beside the open project whose names are a sync tool's conflict copies of the project's file name and
/// that are copies of the same project, newest first. A candidate that does not open, or is another project's
/// file, is left out.
pub fn copies_of(store: &Store) -> Result<Vec<ConflictCopy>, ApiError> {
    let project = store.path();
    let Some(project_name) = project.file_name().and_then(|n| n.to_str()) else {
        return Ok(Vec::new());
    };
    let folder = folder_of(project);
    let entries = std::fs::read_dir(&folder).map_err(|e| {
        ApiError::File(format!(
            "{} could not be read to look for conflict copies ({e})",
            folder.display()
        ))
    })?;
    let mut candidates: Vec<ConflictCopy> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let tool = copy_tool(project_name, &name)?;
            let meta = entry.metadata().ok()?;
            // Regular files only: no folders, and no links that could lead elsewhere.
            if !entry.file_type().ok()?.is_file() {
                return None;
            }
            let path = entry.path();
            path.to_str()?;
            Some(ConflictCopy {
                path,
                name,
                tool,
                modified_ms: modified_ms(&meta),
            })
        })
        .collect();
    newest_first(&mut candidates);
    candidates.truncate(MOST_OPENED);
    let id = store.project_id()?;
    candidates.retain(|c| !same_file(&c.path, project) && same_project(&c.path, &id));
    Ok(candidates)
}

/// Moves `copy` to the desktop's trash after checking again that it is a conflict copy of the project at
/// `project` (see [`trash_copy_of`]).
pub fn trash_copy(project: &Path, copy: &Path, author: &str) -> Result<(), ApiError> {
    trash_copy_of(&Store::open(project, author)?, copy)
}

/// Moves `copy` to the desktop's trash, never deleting it: only a file [`copies_of`] would list — beside the
/// project, named as a sync tool's conflict copy of it, a copy of the same project — is moved; anything else is
/// refused in one sentence, and a failure to move it names the file.
pub fn trash_copy_of(store: &Store, copy: &Path) -> Result<(), ApiError> {
    let project = store.path();
    let project_name = crate::file_name(project);
    let refuse = || {
        ApiError::Refused(format!(
            "{} is not a conflict copy of {project_name} beside it: only a sync tool's copy of this project is \
             moved to the trash",
            copy.display()
        ))
    };
    let name = copy
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(refuse)?;
    copy_tool(&project_name, name).ok_or_else(refuse)?;
    let beside = match (
        folder_of(copy).canonicalize(),
        folder_of(project).canonicalize(),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let regular = std::fs::symlink_metadata(copy).is_ok_and(|m| m.is_file());
    if !beside || !regular || same_file(copy, project) {
        return Err(refuse());
    }
    let id = store.project_id()?;
    let theirs = Store::project_id_of(copy)?;
    if theirs != id {
        return Err(ApiError::Refused(format!(
            "{} is a file of another project, not a copy of {project_name}: it stays where it is",
            copy.display()
        )));
    }
    trash::delete(copy).map_err(|e| {
        ApiError::File(format!(
            "{} could not be moved to the trash ({})",
            copy.display(),
            one_line(&e.to_string())
        ))
    })
}

/// Which tool's conflict-copy naming `candidate` follows for the project file named `project`, if any. Both are
/// file names; the extension must be the project's, and the name the project's own is never a copy.
pub fn copy_tool(project: &str, candidate: &str) -> Option<SyncTool> {
    let (stem, ext) = split_extension(project);
    let (their_stem, their_ext) = split_extension(candidate);
    if candidate == project || !their_ext.eq_ignore_ascii_case(ext) {
        return None;
    }
    if let Some(tool) = their_stem.strip_prefix(stem).and_then(tool_of_suffix) {
        return Some(tool);
    }
    // Resilio renames one of two names that differ only in case.
    let lower = their_stem.to_lowercase();
    let rest = lower.strip_prefix(&stem.to_lowercase())?;
    resilio(rest).then_some(SyncTool::Resilio)
}

/// The name without its extension, and the extension with its dot ("" when there is none).
fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(dot) if dot > 0 => name.split_at(dot),
        _ => (name, ""),
    }
}

/// What a tool added after the project's name.
fn tool_of_suffix(rest: &str) -> Option<SyncTool> {
    if rest.is_empty() {
        return None;
    }
    if syncthing(rest) {
        return Some(SyncTool::Syncthing);
    }
    if resilio(&rest.to_lowercase()) {
        return Some(SyncTool::Resilio);
    }
    if owncloud_before_2_5(rest) {
        return Some(SyncTool::Nextcloud);
    }
    if let Some(host) = rest.strip_prefix('-') {
        return onedrive(host).then_some(SyncTool::OneDrive);
    }
    bracketed(rest)
}

/// `.sync-conflict-YYYYMMDD-HHMMSS-DEVICE`, once or more (a conflict of a conflict copy).
fn syncthing(rest: &str) -> bool {
    let mut parts = rest.split(".sync-conflict-");
    if parts.next() != Some("") {
        return false;
    }
    let mut any = false;
    for marker in parts {
        any = true;
        let fields: Vec<&str> = marker.split('-').collect();
        let [date, time, device] = fields[..] else {
            return false;
        };
        if !digits(date, 8)
            || !digits(time, 6)
            || device.is_empty()
            || !device.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return false;
        }
    }
    any
}

/// `.conflict`, `.conflict1`… once or more, already lower-cased (Resilio writes `.Conflict`).
fn resilio(rest: &str) -> bool {
    let mut parts = rest.split(".conflict");
    parts.next() == Some("")
        && rest.contains(".conflict")
        && parts.all(|number| number.bytes().all(|b| b.is_ascii_digit()))
}

/// `_conflict-YYYYMMDD-HHMMSS` or `_conflict_USER-YYYYMMDD-HHMMSS`.
fn owncloud_before_2_5(rest: &str) -> bool {
    let Some(tag) = rest.strip_prefix("_conflict") else {
        return false;
    };
    let Some(stamp) = tag.len().checked_sub(16).and_then(|at| tag.get(at..)) else {
        return false;
    };
    let head = &tag[..tag.len() - 16];
    let stamp_ok = stamp.is_ascii()
        && stamp.starts_with('-')
        && digits(&stamp[1..9], 8)
        && &stamp[9..10] == "-"
        && digits(&stamp[10..], 6);
    stamp_ok && (head.is_empty() || head.strip_prefix('_').is_some_and(|user| !user.is_empty()))
}

/// After `-`: the computer's name, then maybe `-N` or `-safeBackup-NNNN` (both names a computer could have).
fn onedrive(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host.bytes().any(|b| b.is_ascii_alphabetic())
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && !host.starts_with(['-', '.'])
}

/// One or more ` (…)` groups: a tool's marker, maybe followed by ` (N)`, or only ` (N)`.
fn bracketed(rest: &str) -> Option<SyncTool> {
    let mut tool = None;
    let mut numbered = false;
    for group in groups(rest)? {
        if !group.is_empty() && group.len() <= 4 && group.bytes().all(|b| b.is_ascii_digit()) {
            numbered = true;
        } else {
            let found = marker(group)?;
            tool.get_or_insert(found);
        }
    }
    tool.or(numbered.then_some(SyncTool::Numbered))
}

/// The contents of ` (a) (b (c))…`, outer groups only; `None` when `rest` is not made of such groups.
fn groups(rest: &str) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    let mut left = rest;
    while !left.is_empty() {
        left = left.strip_prefix(" (")?;
        let mut depth = 1;
        let close = left.char_indices().find_map(|(i, c)| {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            (depth == 0).then_some(i)
        })?;
        out.push(&left[..close]);
        left = &left[close + 1..];
    }
    Some(out)
}

/// What one tool writes inside the brackets.
fn marker(group: &str) -> Option<SyncTool> {
    if let Some(inside) = group.strip_prefix("SFConflict ") {
        // Seafile: `SFConflict [WHO ]YYYY-MM-DD-HH-MM-SS`.
        let head = inside
            .len()
            .checked_sub(19)
            .and_then(|at| inside.get(..at))?;
        let stamp = &inside[head.len()..];
        let stamp_ok = stamp.split('-').map(str::len).eq([4, 2, 2, 2, 2, 2])
            && stamp.bytes().all(|b| b.is_ascii_digit() || b == b'-');
        return (stamp_ok && (head.is_empty() || head.ends_with(' '))).then_some(SyncTool::Seafile);
    }
    let lower = group.to_lowercase();
    if let Some(inside) = lower.strip_prefix("conflicted copy ") {
        // Nextcloud and ownCloud 2.5+: `conflicted copy [USER ]YYYY-MM-DD HHMMSS`.
        if let Some(head) = inside.len().checked_sub(17).and_then(|at| inside.get(..at)) {
            let stamp = &inside[head.len()..];
            if stamp.is_ascii()
                && dashed_date(&stamp[..10])
                && &stamp[10..11] == " "
                && digits(&stamp[11..], 6)
                && (head.is_empty() || head.ends_with(' '))
            {
                return Some(SyncTool::Nextcloud);
            }
        }
    }
    dropbox(&lower).then_some(SyncTool::Dropbox)
}

/// `[WHO's ]conflicted copy[ YYYY-MM-DD[ (N)]]`, lower-cased; Maestral writes `conflicting copy`.
fn dropbox(group: &str) -> bool {
    let Some((at, words)) = ["conflicted copy", "conflicting copy"]
        .iter()
        .find_map(|w| group.find(w).map(|at| (at, w.len())))
    else {
        return false;
    };
    let who = &group[..at];
    let who_ok = who.is_empty()
        || ["'s ", "\u{2019}s "].iter().any(|s| {
            who.strip_suffix(s)
                .is_some_and(|name| !name.trim().is_empty())
        });
    let after = &group[at + words..];
    let after_ok = after.is_empty()
        || after.strip_prefix(' ').is_some_and(|dated| {
            dated.get(..10).is_some_and(dashed_date)
                && (dated.len() == 10
                    || dated[10..]
                        .strip_prefix(" (")
                        .and_then(|n| n.strip_suffix(')'))
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
        });
    who_ok && after_ok
}

/// `s` is exactly `n` ASCII digits.
fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// `YYYY-MM-DD`.
fn dashed_date(s: &str) -> bool {
    s.len() == 10
        && s.is_ascii()
        && digits(&s[..4], 4)
        && &s[4..5] == "-"
        && digits(&s[5..7], 2)
        && &s[7..8] == "-"
        && digits(&s[8..], 2)
}

/// The folder a file is in (`.` for a bare name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

fn modified_ms(meta: &std::fs::Metadata) -> i64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

fn newest_first(copies: &mut [ConflictCopy]) {
    copies.sort_by(|a, b| {
        b.modified_ms
            .cmp(&a.modified_ms)
            .then_with(|| a.name.cmp(&b.name))
    });
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Whether the file at `path` holds the project `id` (a damaged or hostile file simply does not), read without
/// changing it: listing copies must not rewrite one (its sync tool would upload it again).
fn same_project(path: &Path, id: &str) -> bool {
    Store::project_id_of(path).is_ok_and(|theirs| theirs == id)
}

/// An error's text on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
