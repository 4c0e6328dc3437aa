//! The history subcommands: the history a page at a time, restore to a point, versions saved and listed, and a
//! point compared with now. Each makes one `waymark-api` call, the same the app's History panel makes; a point is
//! named as `waymark history` prints it (`#12` or `12`) or by a version's label.

use crate::{Failure, JourneyArg, find, open, print, refused_in};
use clap::Subcommand;
use std::path::PathBuf;
use waymark_api::history;

#[derive(Subcommand)]
pub enum HistoryAction {
    /// List the newest edits, undos, redos and restores; --before pages back through older ones.
    History {
        file: PathBuf,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Only entries older than this one (a number as listed, e.g. 120 or "#120").
        #[arg(long, value_parser = entry_number)]
        before: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Make the project what it was right after a history entry, as one new edit (`undo` takes it back).
    Restore {
        file: PathBuf,
        /// A history entry as `history` lists it (12 or "#12"; 0 is the project as created) or a version's label.
        entry: String,
    },
    /// Save a named version at the newest history entry.
    Version { file: PathBuf, label: String },
    /// List the saved versions, newest first.
    Versions {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// List the cards added, removed and changed on a journey since a version (or a history entry).
    Compare {
        file: PathBuf,
        /// A version's label, or a history entry (12 or "#12").
        entry: String,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        journey: JourneyArg,
    },
}

/// Runs one history subcommand.
pub fn run(action: HistoryAction, author: &str, out: &mut String) -> Result<u8, Failure> {
    match action {
        HistoryAction::History {
            file,
            limit,
            before,
            json,
        } => {
            let entries = history::history_page(&open(&file, author)?, before, limit)?;
            if json {
                print::json(out, &entries);
            } else {
                print::history(out, &entries);
            }
        }
        HistoryAction::Restore { file, entry } => {
            let mut store = open(&file, author)?;
            let seq = history::find_point(&store, &entry)?;
            history::restore(&mut store, seq)?;
            out.push_str(&format!("Restored to {}.\n", point_name(&entry, seq)));
        }
        HistoryAction::Version { file, label } => {
            let version = history::save_version(&mut open(&file, author)?, &label)?;
            out.push_str(&format!(
                "Saved version \"{}\" at #{} ({}).\n",
                version.label, version.seq, version.description
            ));
        }
        HistoryAction::Versions { file, json } => {
            let versions = history::versions(&open(&file, author)?)?;
            if json {
                print::json(out, &versions);
            } else {
                print::versions(out, &versions);
            }
        }
        HistoryAction::Compare {
            file,
            entry,
            json,
            journey,
        } => {
            let store = open(&file, author)?;
            let shown = find::journey(store.project(), journey.journey.as_deref())
                .map_err(|e| refused_in(&file, e))?;
            let comparison = history::compare_with_version(&store, &entry, Some(shown.id()))?;
            if json {
                print::json(out, &comparison);
            } else {
                let since = point_name(&entry, comparison.seq);
                print::comparison(out, shown, &since, &comparison);
            }
        }
    }
    Ok(0)
}

/// A point as the user named it: `#12`, or a version as `"Workshop" (#12)`.
fn point_name(entry: &str, seq: i64) -> String {
    if entry_number(entry.trim()).is_ok() {
        format!("#{seq}")
    } else {
        format!("\"{}\" (#{seq})", entry.trim())
    }
}

/// A history entry's number as `waymark history` prints it: `12` or `#12`.
fn entry_number(text: &str) -> Result<i64, String> {
    text.strip_prefix('#')
        .unwrap_or(text)
        .parse()
        .map_err(|_| format!("wants a history entry number like 12 or #12, not \"{text}\""))
}
