//! Adding, renaming, moving and deleting the stages (columns) of a journey.

use super::{
    Change, Command, CommandError, Orphans, check_index, check_name, orphan_target, reorder,
};
use crate::ids::{JourneyId, StageId};
use crate::model::{Cell, Project, Stage};
use std::collections::BTreeSet;

impl Project {
    /// Applies a stage command; `apply_into` sends no other kind here.
    pub(super) fn apply_stage_command(
        &mut self,
        command: &Command,
        changes: &mut BTreeSet<Change>,
    ) -> Result<Command, CommandError> {
        use Command::*;
        match command {
            AddStage {
                journey,
                stage,
                name,
                index,
            } => {
                check_name("stage name", name)?;
                self.check_unused(stage.0)?;
                let j = self.journey_mut_or_err(*journey)?;
                check_index(*index, j.stages.len())?;
                j.stages.insert(
                    *index,
                    Stage {
                        id: *stage,
                        name: name.clone(),
                    },
                );
                changes.insert(Change::Stages(*journey));
                Ok(DeleteStage {
                    journey: *journey,
                    stage: *stage,
                    cards: Orphans::Delete,
                })
            }
            RenameStage {
                journey,
                stage,
                name,
            } => {
                check_name("stage name", name)?;
                let j = self.journey_mut_or_err(*journey)?;
                let i = j.stage_index_or_err(*stage)?;
                let old = std::mem::replace(&mut j.stages[i].name, name.clone());
                changes.insert(Change::Stages(*journey));
                Ok(RenameStage {
                    journey: *journey,
                    stage: *stage,
                    name: old,
                })
            }
            MoveStage {
                journey,
                stage,
                index,
            } => {
                let j = self.journey_mut_or_err(*journey)?;
                let from = j.stage_index_or_err(*stage)?;
                reorder(&mut j.stages, from, *index)?;
                changes.insert(Change::Stages(*journey));
                Ok(MoveStage {
                    journey: *journey,
                    stage: *stage,
                    index: from,
                })
            }
            DeleteStage {
                journey,
                stage,
                cards,
            } => self.delete_stage(*journey, *stage, *cards, changes),
            other => unreachable!("not a stage command: {other:?}"),
        }
    }

    /// Deletes a stage; its cards are deleted or moved, and its emotion values cleared, first, in one batch.
    fn delete_stage(
        &mut self,
        journey: JourneyId,
        stage: StageId,
        cards: Orphans<StageId>,
        changes: &mut BTreeSet<Change>,
    ) -> Result<Command, CommandError> {
        let j = self.journey_or_err(journey)?;
        let index = j.stage_index_or_err(stage)?;
        let target = orphan_target(&cards, stage, "stage", |t| j.stage_index_or_err(t))?;
        let cells = j.lanes.iter().map(|l| Cell { stage, lane: l.id });
        let mut steps = j.clear_cells(cells, target.map(|t| move |c| Cell { stage: t, ..c }));
        steps.extend(j.clear_emotions(|_, s| s == stage));
        if !steps.is_empty() {
            let delete = Command::DeleteStage {
                journey,
                stage,
                cards,
            };
            return self.clear_then_delete("delete stage", steps, delete, changes);
        }
        let j = self.journey_mut_or_err(journey)?;
        let removed = j.stages.remove(index);
        changes.insert(Change::Stages(journey));
        Ok(Command::AddStage {
            journey,
            stage,
            name: removed.name,
            index,
        })
    }
}
