//! Comments on cards: add (a comment, or a reply to one), edit, resolve or reopen, delete (a thread's replies first).

use super::{Change, Command, CommandError, MAX_DESCRIPTION_CHARS, check_len, check_name};
use crate::ids::{CommentId, JourneyId};
use crate::model::{Comment, Journey, Project};
use std::collections::BTreeSet;

impl Project {
    /// Applies a comment command; `apply_into` sends no other kind here.
    pub(super) fn apply_comment_command(
        &mut self,
        command: &Command,
        changes: &mut BTreeSet<Change>,
    ) -> Result<Command, CommandError> {
        use Command::*;
        match command {
            AddComment { journey, comment } => {
                check_name("comment author", &comment.author)?;
                check_text(&comment.text)?;
                self.check_unused(comment.id.0)?;
                let j = self.journey_or_err(*journey)?;
                j.node_or_err(comment.card)?;
                if let Some(parent) = comment.reply_to {
                    let parent = comment_or_err(j, parent)?;
                    if parent.card != comment.card || parent.reply_to.is_some() {
                        return Err(CommandError::BadReply);
                    }
                }
                let j = self.journey_mut_or_err(*journey)?;
                j.comments.insert(comment.id, comment.clone());
                changes.insert(Change::Comment(*journey, comment.id));
                Ok(DeleteComment {
                    journey: *journey,
                    comment: comment.id,
                })
            }
            EditComment {
                journey,
                comment,
                text,
                edited_ms,
            } => {
                check_text(text)?;
                let c = self.comment_mut(*journey, *comment)?;
                let old_text = std::mem::replace(&mut c.text, text.clone());
                let old_edited = std::mem::replace(&mut c.edited_ms, *edited_ms);
                changes.insert(Change::Comment(*journey, *comment));
                Ok(EditComment {
                    journey: *journey,
                    comment: *comment,
                    text: old_text,
                    edited_ms: old_edited,
                })
            }
            ResolveComment {
                journey,
                comment,
                resolved,
            } => {
                let c = self.comment_mut(*journey, *comment)?;
                let old = std::mem::replace(&mut c.resolved, *resolved);
                changes.insert(Change::Comment(*journey, *comment));
                Ok(ResolveComment {
                    journey: *journey,
                    comment: *comment,
                    resolved: old,
                })
            }
            DeleteComment { journey, comment } => self.delete_comment(*journey, *comment, changes),
            other => unreachable!("not a comment command: {other:?}"),
        }
    }

    fn comment_mut(
        &mut self,
        journey: JourneyId,
        comment: CommentId,
    ) -> Result<&mut Comment, CommandError> {
        self.journey_mut_or_err(journey)?
            .comments
            .get_mut(&comment)
            .ok_or(CommandError::UnknownComment(comment))
    }

    /// Deletes a comment; its replies are deleted first, in one batch.
    fn delete_comment(
        &mut self,
        journey: JourneyId,
        comment: CommentId,
        changes: &mut BTreeSet<Change>,
    ) -> Result<Command, CommandError> {
        let j = self.journey_or_err(journey)?;
        comment_or_err(j, comment)?;
        let replies: Vec<Command> = j
            .comments()
            .filter(|c| c.reply_to == Some(comment))
            .map(|c| Command::DeleteComment {
                journey,
                comment: c.id,
            })
            .collect();
        if !replies.is_empty() {
            let delete = Command::DeleteComment { journey, comment };
            return self.clear_then_delete("delete comment", replies, delete, changes);
        }
        let removed = self
            .journey_mut_or_err(journey)?
            .comments
            .remove(&comment)
            .expect("checked above");
        changes.insert(Change::Comment(journey, comment));
        Ok(Command::AddComment {
            journey,
            comment: removed,
        })
    }
}

fn comment_or_err(j: &Journey, id: CommentId) -> Result<&Comment, CommandError> {
    j.comment(id).ok_or(CommandError::UnknownComment(id))
}

fn check_text(text: &str) -> Result<(), CommandError> {
    if text.trim().is_empty() {
        return Err(CommandError::Blank("comment"));
    }
    check_len("comment", text, MAX_DESCRIPTION_CHARS)?;
    Ok(())
}
