//! Adding, updating, moving and deleting the lanes (rows) of a journey.

use super::{
    Change, Command, CommandError, Orphans, check_index, check_name, orphan_target, reorder,
};
use crate::ids::{JourneyId, LaneId};
use crate::model::{Cell, Lane, Project};
use std::collections::BTreeSet;

impl Project {
    /// Applies a lane command; `apply_into` sends no other kind here.
    pub(super) fn apply_lane_command(
        &mut self,
        command: &Command,
        changes: &mut BTreeSet<Change>,
    ) -> Result<Command, CommandError> {
        use Command::*;
        match command {
            AddLane {
                journey,
                lane,
                name,
                kind,
                index,
            } => {
                check_name("lane name", name)?;
                self.check_unused(lane.0)?;
                let j = self.journey_mut_or_err(*journey)?;
                check_index(*index, j.lanes.len())?;
                j.lanes.insert(
                    *index,
                    Lane {
                        id: *lane,
                        name: name.clone(),
                        kind: *kind,
                    },
                );
                changes.insert(Change::Lanes(*journey));
                Ok(DeleteLane {
                    journey: *journey,
                    lane: *lane,
                    cards: Orphans::Delete,
                })
            }
            UpdateLane {
                journey,
                lane,
                name,
                kind,
            } => {
                check_name("lane name", name)?;
                let j = self.journey_mut_or_err(*journey)?;
                let i = j.lane_index_or_err(*lane)?;
                let old = std::mem::replace(
                    &mut j.lanes[i],
                    Lane {
                        id: *lane,
                        name: name.clone(),
                        kind: *kind,
                    },
                );
                changes.insert(Change::Lanes(*journey));
                Ok(UpdateLane {
                    journey: *journey,
                    lane: *lane,
                    name: old.name,
                    kind: old.kind,
                })
            }
            MoveLane {
                journey,
                lane,
                index,
            } => {
                let j = self.journey_mut_or_err(*journey)?;
                let from = j.lane_index_or_err(*lane)?;
                reorder(&mut j.lanes, from, *index)?;
                changes.insert(Change::Lanes(*journey));
                Ok(MoveLane {
                    journey: *journey,
                    lane: *lane,
                    index: from,
                })
            }
            DeleteLane {
                journey,
                lane,
                cards,
            } => self.delete_lane(*journey, *lane, *cards, changes),
            other => unreachable!("not a lane command: {other:?}"),
        }
    }

    /// Deletes a lane; its cards are deleted or moved first, in one batch.
    fn delete_lane(
        &mut self,
        journey: JourneyId,
        lane: LaneId,
        cards: Orphans<LaneId>,
        changes: &mut BTreeSet<Change>,
    ) -> Result<Command, CommandError> {
        let j = self.journey_or_err(journey)?;
        let index = j.lane_index_or_err(lane)?;
        let target = orphan_target(&cards, lane, "lane", |t| j.lane_index_or_err(t))?;
        let cells = j.stages.iter().map(|s| Cell { stage: s.id, lane });
        let steps = j.clear_cells(cells, target.map(|t| move |c| Cell { lane: t, ..c }));
        if !steps.is_empty() {
            let delete = Command::DeleteLane {
                journey,
                lane,
                cards,
            };
            return self.clear_then_delete("delete lane", steps, delete, changes);
        }
        let j = self.journey_mut_or_err(journey)?;
        let removed = j.lanes.remove(index);
        changes.insert(Change::Lanes(journey));
        Ok(Command::AddLane {
            journey,
            lane,
            name: removed.name,
            kind: removed.kind,
            index,
        })
    }
}
