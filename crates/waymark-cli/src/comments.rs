//! Comments on cards from the command line: add one (or a reply), list them, resolve or reopen a thread — the same
//! `waymark-api` calls the app makes; the author is the one the history records.

use crate::{Failure, JourneyArg, find, open, print, refused_in};
use clap::Subcommand;
use std::fmt::Write;
use std::path::PathBuf;
use waymark_core::{Comment, CommentId, Journey};

#[derive(Subcommand)]
pub enum CommentAction {
    /// Comment on a card (or reply to a comment with --reply-to); prints the comment's id.
    Comment {
        file: PathBuf,
        card: String,
        text: String,
        /// The comment this one answers (its id, as `waymark comments` lists it).
        #[arg(long)]
        reply_to: Option<String>,
        #[command(flatten)]
        journey: JourneyArg,
    },
    /// List the comments on the journey's cards, threads in order, replies under their comment.
    Comments {
        file: PathBuf,
        /// Only the threads still open.
        #[arg(long)]
        open: bool,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        journey: JourneyArg,
    },
    /// Resolve a comment's thread (--reopen opens it again).
    Resolve {
        file: PathBuf,
        comment: String,
        #[arg(long)]
        reopen: bool,
        #[command(flatten)]
        journey: JourneyArg,
    },
}

/// The comment named by its id, or by the start of it (at least 8 characters, naming exactly one).
fn comment_id(journey: &Journey, wanted: &str) -> Result<CommentId, String> {
    let wanted = wanted.trim();
    let found: Vec<CommentId> = journey
        .comments()
        .map(|c| c.id)
        .filter(|id| {
            let id = id.to_string();
            id == wanted || (wanted.len() >= 8 && id.starts_with(wanted))
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!(
            "there is no comment {wanted} on journey \"{}\"",
            journey.name()
        )),
        _ => Err(format!(
            "more than one comment starts with {wanted}: give more of its id"
        )),
    }
}

/// Runs one comment subcommand.
pub fn run(action: CommentAction, author: &str, out: &mut String) -> Result<u8, Failure> {
    match action {
        CommentAction::Comment {
            file,
            card,
            text,
            reply_to,
            journey,
        } => {
            let mut store = open(&file, author)?;
            let j = find::journey(store.project(), journey.journey.as_deref())
                .map_err(|e| refused_in(&file, e))?;
            let card = find::card(j, &card).map_err(|e| refused_in(&file, e))?;
            let reply_to = reply_to
                .map(|r| comment_id(j, &r))
                .transpose()
                .map_err(|e| refused_in(&file, e))?;
            let j = j.id();
            let id = waymark_api::comments::add_comment(&mut store, j, card, &text, reply_to)?;
            let _ = writeln!(out, "{id}");
            Ok(0)
        }
        CommentAction::Comments {
            file,
            open: only_open,
            json,
            journey,
        } => {
            let store = open(&file, author)?;
            let j = find::journey(store.project(), journey.journey.as_deref())
                .map_err(|e| refused_in(&file, e))?;
            let shown: Vec<&Comment> = j
                .comments()
                .filter(|c| {
                    let thread = c.reply_to.and_then(|r| j.comment(r)).unwrap_or(c);
                    !only_open || !thread.resolved
                })
                .collect();
            if json {
                print::json(out, &shown);
            } else {
                threads(out, j, &shown);
            }
            Ok(0)
        }
        CommentAction::Resolve {
            file,
            comment,
            reopen,
            journey,
        } => {
            let mut store = open(&file, author)?;
            let j = find::journey(store.project(), journey.journey.as_deref())
                .map_err(|e| refused_in(&file, e))?;
            let id = comment_id(j, &comment).map_err(|e| refused_in(&file, e))?;
            let j = j.id();
            waymark_api::comments::resolve_thread(&mut store, j, id, !reopen)?;
            let _ = writeln!(out, "{}", if reopen { "Reopened." } else { "Resolved." });
            Ok(0)
        }
    }
}

/// Each thread: its card, the comment, then its replies indented.
fn threads(out: &mut String, journey: &Journey, comments: &[&Comment]) {
    if comments.is_empty() {
        let _ = writeln!(out, "No comments.");
        return;
    }
    let line = |c: &Comment| {
        let text = c.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let edited = if c.edited_ms.is_some() {
            " (edited)"
        } else {
            ""
        };
        format!("{} {}: {text}{edited}", c.id, c.author)
    };
    for root in comments.iter().filter(|c| c.reply_to.is_none()) {
        let card = journey
            .card(root.card)
            .map_or("?", |c| c.fields.title.as_str());
        let state = if root.resolved { "resolved" } else { "open" };
        let _ = writeln!(out, "\"{card}\" [{state}]");
        let _ = writeln!(out, "  {}", line(root));
        for reply in comments.iter().filter(|c| c.reply_to == Some(root.id)) {
            let _ = writeln!(out, "    ↳ {}", line(reply));
        }
    }
}
