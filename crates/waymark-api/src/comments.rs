//! Comments on cards, as both front ends add and resolve them: the comment made with the store's author and the
//! time now, a reply checked against its comment, resolving a reply's thread. Each is one edit (one undo step).

use crate::ApiError;
use std::time::{SystemTime, UNIX_EPOCH};
use waymark_core::{CardId, Command, Comment, CommentId, JourneyId};
use waymark_store::Store;

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Adds a comment on `card` (a reply when `reply_to` is given) by the store's author, now; returns its id.
pub fn add_comment(
    store: &mut Store,
    journey: JourneyId,
    card: CardId,
    text: &str,
    reply_to: Option<CommentId>,
) -> Result<CommentId, ApiError> {
    let comment = Comment {
        id: CommentId::new(),
        card,
        reply_to,
        author: store.author().to_owned(),
        at_ms: now_ms(),
        text: text.to_owned(),
        edited_ms: None,
        resolved: false,
    };
    let id = comment.id;
    store.apply(&Command::AddComment { journey, comment })?;
    Ok(id)
}

/// Changes a comment's text, marking when.
pub fn edit_comment(
    store: &mut Store,
    journey: JourneyId,
    comment: CommentId,
    text: &str,
) -> Result<(), ApiError> {
    store.apply(&Command::EditComment {
        journey,
        comment,
        text: text.to_owned(),
        edited_ms: Some(now_ms()),
    })?;
    Ok(())
}

/// Resolves (or reopens) the thread `comment` is in: a reply's thread is its comment's.
pub fn resolve_thread(
    store: &mut Store,
    journey: JourneyId,
    comment: CommentId,
    resolved: bool,
) -> Result<(), ApiError> {
    let thread = store
        .project()
        .journey(journey)
        .and_then(|j| j.comment(comment))
        .and_then(|c| c.reply_to)
        .unwrap_or(comment);
    store.apply(&Command::ResolveComment {
        journey,
        comment: thread,
        resolved,
    })?;
    Ok(())
}
