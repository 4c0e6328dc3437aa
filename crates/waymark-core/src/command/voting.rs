//! A journey's dot-voting round and the dots on its cards.

use super::{Change, Command, CommandError};
use crate::model::Project;
use std::collections::BTreeSet;

impl Project {
    /// Applies a voting or dots command; `apply_into` sends no other kind here.
    pub(super) fn apply_voting_command(
        &mut self,
        command: &Command,
        changes: &mut BTreeSet<Change>,
    ) -> Result<Command, CommandError> {
        use Command::*;
        match command {
            SetVoting { journey, voting } => {
                let j = self.journey_mut_or_err(*journey)?;
                let old = std::mem::replace(&mut j.voting, *voting);
                changes.insert(Change::Voting(*journey));
                Ok(SetVoting {
                    journey: *journey,
                    voting: old,
                })
            }
            SetDots {
                journey,
                card,
                dots,
            } => {
                let j = self.journey_mut_or_err(*journey)?;
                j.node_or_err(*card)?;
                let old = match dots {
                    0 => j.dots.remove(card),
                    n => j.dots.insert(*card, *n),
                };
                changes.insert(Change::Card(*journey, *card));
                Ok(SetDots {
                    journey: *journey,
                    card: *card,
                    dots: old.unwrap_or(0),
                })
            }
            other => unreachable!("not a voting command: {other:?}"),
        }
    }
}
