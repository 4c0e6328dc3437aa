//! Adding, renaming, moving and deleting journeys.

use super::{Change, Command, CommandError, Orphans, check_index, check_name, reorder};
use crate::ids::JourneyId;
use crate::model::{Journey, Project};
use std::collections::BTreeSet;

impl Project {
    /// Applies a journey command; `apply_into` sends no other kind here.
    pub(super) fn apply_journey_command(
        &mut self,
        command: &Command,
        changes: &mut BTreeSet<Change>,
    ) -> Result<Command, CommandError> {
        use Command::*;
        match command {
            AddJourney {
                journey,
                name,
                index,
            } => {
                check_name("journey name", name)?;
                check_index(*index, self.journeys.len())?;
                self.check_unused(journey.0)?;
                self.journeys
                    .insert(*index, Journey::new(*journey, name.clone()));
                changes.insert(Change::Journeys);
                Ok(DeleteJourney { journey: *journey })
            }
            RenameJourney { journey, name } => {
                check_name("journey name", name)?;
                let j = self.journey_mut_or_err(*journey)?;
                let old = std::mem::replace(&mut j.name, name.clone());
                changes.insert(Change::Journeys);
                Ok(RenameJourney {
                    journey: *journey,
                    name: old,
                })
            }
            MoveJourney { journey, index } => {
                let from = self.journey_index_or_err(*journey)?;
                reorder(&mut self.journeys, from, *index)?;
                changes.insert(Change::Journeys);
                Ok(MoveJourney {
                    journey: *journey,
                    index: from,
                })
            }
            DeleteJourney { journey } => self.delete_journey(*journey, changes),
            other => unreachable!("not a journey command: {other:?}"),
        }
    }

    /// Deletes a journey; its stages and lanes (with their cards) and its voting round go first, in one batch.
    fn delete_journey(
        &mut self,
        journey: JourneyId,
        changes: &mut BTreeSet<Change>,
    ) -> Result<Command, CommandError> {
        use Command::*;
        let index = self.journey_index_or_err(journey)?;
        let j = &self.journeys[index];
        let mut steps: Vec<Command> = j
            .stages
            .iter()
            .map(|s| DeleteStage {
                journey,
                stage: s.id,
                cards: Orphans::Delete,
            })
            .collect();
        steps.extend(j.lanes.iter().map(|l| DeleteLane {
            journey,
            lane: l.id,
            cards: Orphans::Delete,
        }));
        if j.voting.is_some() {
            steps.push(SetVoting {
                journey,
                voting: None,
            });
        }
        if !steps.is_empty() {
            return self.clear_then_delete(
                "delete journey",
                steps,
                DeleteJourney { journey },
                changes,
            );
        }
        let removed = self.journeys.remove(index);
        changes.insert(Change::Journeys);
        Ok(AddJourney {
            journey,
            name: removed.name,
            index,
        })
    }

    /// Where `journey` is in the project's list.
    pub(crate) fn journey_index_or_err(&self, journey: JourneyId) -> Result<usize, CommandError> {
        self.journeys
            .iter()
            .position(|j| j.id == journey)
            .ok_or(CommandError::UnknownJourney(journey))
    }
}
