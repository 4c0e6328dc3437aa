//! Every edit is a [`Command`]. [`Project::apply`] validates it, mutates the project and returns the command that
//! undoes it, plus the set of [`Change`]s a store must persist. An invalid command changes nothing.
//!
//! Commands that touch dependants (deleting a card with flows, a stage with cards, a persona with emotion values)
//! expand into a [`Command::Batch`] of simpler commands, so their inverses come out right by construction.
//!
//! Each kind of thing edited (journeys, stages, lanes, cards, flows, personas and emotions, voting) has its own
//! submodule; this one holds the command types, batches and the lookups and checks they share.

mod cards;
mod comments;
mod flows;
mod journeys;
mod lanes;
mod personas;
mod stages;
mod voting;

use crate::ids::*;
use crate::model::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Longest names (journey, stage, lane, persona, channel, owner, tag, flow label), in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest card title, in characters.
pub const MAX_TITLE_CHARS: usize = 500;
/// Longest card or persona description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
/// Most tags on one card.
pub const MAX_TAGS: usize = 50;

/// What happens to the cards of a stage or lane being deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum Orphans<T> {
    /// Delete the cards (and their flows) too.
    Delete,
    /// Move the cards to the end of the same lane (or stage) in `target`.
    MoveTo { target: T },
}

/// One edit of a project. Ids are chosen by whoever builds the command (use `XxxId::new()`), so a command
/// replays identically from the op log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Command {
    AddJourney {
        journey: JourneyId,
        name: String,
        index: usize,
    },
    RenameJourney {
        journey: JourneyId,
        name: String,
    },
    /// Moves the journey to `index` in the project's list.
    MoveJourney {
        journey: JourneyId,
        index: usize,
    },
    /// Deletes the journey with everything on it.
    DeleteJourney {
        journey: JourneyId,
    },
    AddStage {
        journey: JourneyId,
        stage: StageId,
        name: String,
        index: usize,
    },
    RenameStage {
        journey: JourneyId,
        stage: StageId,
        name: String,
    },
    MoveStage {
        journey: JourneyId,
        stage: StageId,
        index: usize,
    },
    DeleteStage {
        journey: JourneyId,
        stage: StageId,
        cards: Orphans<StageId>,
    },
    AddLane {
        journey: JourneyId,
        lane: LaneId,
        name: String,
        kind: LaneKind,
        index: usize,
    },
    UpdateLane {
        journey: JourneyId,
        lane: LaneId,
        name: String,
        kind: LaneKind,
    },
    MoveLane {
        journey: JourneyId,
        lane: LaneId,
        index: usize,
    },
    DeleteLane {
        journey: JourneyId,
        lane: LaneId,
        cards: Orphans<LaneId>,
    },
    /// Adds a card at `index` in its cell (`None`: at the end).
    AddCard {
        journey: JourneyId,
        card: CardId,
        stage: StageId,
        lane: LaneId,
        index: Option<usize>,
        fields: CardFields,
    },
    UpdateCard {
        journey: JourneyId,
        card: CardId,
        fields: CardFields,
    },
    /// Moves a card to `index` in the target cell, counted without the card itself (`None`: at the end).
    MoveCard {
        journey: JourneyId,
        card: CardId,
        stage: StageId,
        lane: LaneId,
        index: Option<usize>,
    },
    /// Deletes the card and every flow that touches it.
    DeleteCard {
        journey: JourneyId,
        card: CardId,
    },
    Connect {
        journey: JourneyId,
        flow: FlowId,
        from: CardId,
        to: CardId,
        kind: FlowKind,
        label: Option<String>,
    },
    UpdateFlow {
        journey: JourneyId,
        flow: FlowId,
        kind: FlowKind,
        label: Option<String>,
    },
    Disconnect {
        journey: JourneyId,
        flow: FlowId,
    },
    /// Sets (or with `None` clears) a persona's emotion at a stage, −2…+2.
    SetEmotion {
        journey: JourneyId,
        persona: PersonaId,
        stage: StageId,
        value: Option<i8>,
    },
    AddPersona {
        persona: PersonaId,
        name: String,
        description: String,
        index: Option<usize>,
    },
    UpdatePersona {
        persona: PersonaId,
        name: String,
        description: String,
    },
    /// Deletes the persona and its emotion values in every journey.
    DeletePersona {
        persona: PersonaId,
    },
    /// Links the persona to the respondents of a segment value (or with `None` unlinks it).
    LinkPersona {
        persona: PersonaId,
        segment: Option<SegmentLink>,
    },
    /// Adds a comment (or a reply) on a card.
    AddComment {
        journey: JourneyId,
        comment: Comment,
    },
    /// Changes a comment's text.
    EditComment {
        journey: JourneyId,
        comment: CommentId,
        text: String,
        edited_ms: Option<i64>,
    },
    /// Resolves a comment's thread, or reopens it.
    ResolveComment {
        journey: JourneyId,
        comment: CommentId,
        resolved: bool,
    },
    /// Deletes a comment, and its replies first.
    DeleteComment {
        journey: JourneyId,
        comment: CommentId,
    },
    /// Sets (or with `None` removes) the journey's dot-voting round.
    SetVoting {
        journey: JourneyId,
        voting: Option<Voting>,
    },
    /// Sets the number of dots on a card.
    SetDots {
        journey: JourneyId,
        card: CardId,
        dots: u32,
    },
    /// Several commands as one undo step; all apply or none does.
    Batch {
        label: String,
        commands: Vec<Command>,
    },
}

/// Why a command was refused. The project is unchanged.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CommandError {
    #[error("no journey {0}")]
    UnknownJourney(JourneyId),
    #[error("no stage {0} in this journey")]
    UnknownStage(StageId),
    #[error("no lane {0} in this journey")]
    UnknownLane(LaneId),
    #[error("no card {0} in this journey")]
    UnknownCard(CardId),
    #[error("no flow {0} in this journey")]
    UnknownFlow(FlowId),
    #[error("no persona {0}")]
    UnknownPersona(PersonaId),
    #[error("no comment {0} in this journey")]
    UnknownComment(CommentId),
    #[error("a reply answers a comment on the same card that is not itself a reply")]
    BadReply,
    #[error("id {0} is already in use")]
    IdInUse(String),
    #[error("position {index} is out of range (0…{max})")]
    IndexOutOfRange { index: usize, max: usize },
    #[error("the {0} must not be blank")]
    Blank(&'static str),
    #[error("the {what} is longer than {max} characters")]
    TooLong { what: &'static str, max: usize },
    #[error("a card can have at most {MAX_TAGS} tags")]
    TooManyTags,
    #[error("emotion {0} is outside −2…+2")]
    EmotionOutOfRange(i8),
    #[error("a flow cannot join a card to itself")]
    SelfFlow,
    #[error("these cards are already connected")]
    AlreadyConnected,
    #[error("cards cannot be moved to the {0} that is being deleted")]
    MoveToDeleted(&'static str),
    #[error("step {index} of the batch failed: {source}")]
    InBatch {
        index: usize,
        source: Box<CommandError>,
    },
}

/// Something a store must write after a command: the named rows now hold what the project holds (or are deleted
/// when the project no longer has them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    /// The persona list (names, descriptions, order).
    Personas,
    /// The journey list (names, order).
    Journeys,
    /// The stages of a journey (names, order).
    Stages(JourneyId),
    /// The lanes of a journey (names, kinds, order).
    Lanes(JourneyId),
    Card(JourneyId, CardId),
    /// The order of the cards in a cell.
    Cell(JourneyId, Cell),
    Flow(JourneyId, FlowId),
    Emotion(JourneyId, PersonaId, StageId),
    Voting(JourneyId),
    Comment(JourneyId, CommentId),
}

/// The result of applying a command.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    /// The command that undoes this one.
    pub inverse: Command,
    pub changes: BTreeSet<Change>,
}

impl Project {
    /// Validates `command`, applies it and returns its inverse. On error nothing changed.
    pub fn apply(&mut self, command: &Command) -> Result<Applied, CommandError> {
        let mut changes = BTreeSet::new();
        let inverse = self.apply_into(command, &mut changes)?;
        Ok(Applied { inverse, changes })
    }

    /// Hands `command` to the code for the kind of thing it edits (one submodule each).
    fn apply_into(
        &mut self,
        command: &Command,
        changes: &mut BTreeSet<Change>,
    ) -> Result<Command, CommandError> {
        use Command::*;
        match command {
            Batch { label, commands } => self.apply_batch(label, commands, changes),
            AddJourney { .. }
            | RenameJourney { .. }
            | MoveJourney { .. }
            | DeleteJourney { .. } => self.apply_journey_command(command, changes),
            AddStage { .. } | RenameStage { .. } | MoveStage { .. } | DeleteStage { .. } => {
                self.apply_stage_command(command, changes)
            }
            AddLane { .. } | UpdateLane { .. } | MoveLane { .. } | DeleteLane { .. } => {
                self.apply_lane_command(command, changes)
            }
            AddCard { .. } | UpdateCard { .. } | MoveCard { .. } | DeleteCard { .. } => {
                self.apply_card_command(command, changes)
            }
            Connect { .. } | UpdateFlow { .. } | Disconnect { .. } => {
                self.apply_flow_command(command, changes)
            }
            AddPersona { .. }
            | UpdatePersona { .. }
            | DeletePersona { .. }
            | LinkPersona { .. }
            | SetEmotion { .. } => self.apply_persona_command(command, changes),
            SetVoting { .. } | SetDots { .. } => self.apply_voting_command(command, changes),
            AddComment { .. }
            | EditComment { .. }
            | ResolveComment { .. }
            | DeleteComment { .. } => self.apply_comment_command(command, changes),
        }
    }

    /// Applies `commands` in order; if one fails, undoes the ones before it and reports which failed.
    fn apply_batch(
        &mut self,
        label: &str,
        commands: &[Command],
        changes: &mut BTreeSet<Change>,
    ) -> Result<Command, CommandError> {
        let mut inverses = Vec::with_capacity(commands.len());
        for (index, command) in commands.iter().enumerate() {
            match self.apply_into(command, changes) {
                Ok(inverse) => inverses.push(inverse),
                Err(source) => {
                    for inverse in inverses.iter().rev() {
                        self.apply_into(inverse, changes)
                            .expect("the inverse of an applied command applies");
                    }
                    return Err(CommandError::InBatch {
                        index,
                        source: Box::new(source),
                    });
                }
            }
        }
        inverses.reverse();
        Ok(Command::Batch {
            label: label.to_owned(),
            commands: inverses,
        })
    }

    /// Deletes something that still has dependants: one batch of `steps`, which clear the dependants, then
    /// `delete` itself, which by then finds nothing left to expand.
    fn clear_then_delete(
        &mut self,
        label: &str,
        mut steps: Vec<Command>,
        delete: Command,
        changes: &mut BTreeSet<Change>,
    ) -> Result<Command, CommandError> {
        steps.push(delete);
        self.apply_batch(label, &steps, changes)
    }

    /// Refuses an id that already names anything in the project: ids are unique project-wide.
    fn check_unused(&self, id: uuid::Uuid) -> Result<(), CommandError> {
        let in_use = self.personas.iter().any(|p| p.id.0 == id)
            || self.journeys.iter().any(|j| {
                j.id.0 == id
                    || j.cards.contains_key(&CardId(id))
                    || j.flows.contains_key(&FlowId(id))
                    || j.stages.iter().any(|s| s.id.0 == id)
                    || j.lanes.iter().any(|l| l.id.0 == id)
                    || j.comments.contains_key(&CommentId(id))
            });
        if in_use {
            return Err(CommandError::IdInUse(id.to_string()));
        }
        Ok(())
    }

    fn journey_or_err(&self, id: JourneyId) -> Result<&Journey, CommandError> {
        self.journey(id).ok_or(CommandError::UnknownJourney(id))
    }

    fn journey_mut_or_err(&mut self, id: JourneyId) -> Result<&mut Journey, CommandError> {
        self.journey_mut(id).ok_or(CommandError::UnknownJourney(id))
    }
}

impl Journey {
    fn stage_index_or_err(&self, id: StageId) -> Result<usize, CommandError> {
        self.stage_index(id).ok_or(CommandError::UnknownStage(id))
    }

    fn lane_index_or_err(&self, id: LaneId) -> Result<usize, CommandError> {
        self.lane_index(id).ok_or(CommandError::UnknownLane(id))
    }

    fn node_or_err(&self, id: CardId) -> Result<petgraph::stable_graph::NodeIndex, CommandError> {
        self.node(id).ok_or(CommandError::UnknownCard(id))
    }

    fn cell_or_err(&self, stage: StageId, lane: LaneId) -> Result<Cell, CommandError> {
        self.stage_index_or_err(stage)?;
        self.lane_index_or_err(lane)?;
        Ok(Cell { stage, lane })
    }

    /// The steps that empty `cells` before their stage or lane goes: each card is deleted, or moved to the end of
    /// the cell `moved_to` maps its cell to.
    fn clear_cells(
        &self,
        cells: impl Iterator<Item = Cell>,
        moved_to: Option<impl Fn(Cell) -> Cell>,
    ) -> Vec<Command> {
        let journey = self.id;
        cells
            .flat_map(|cell| self.cell_cards(cell).iter().map(move |&card| (cell, card)))
            .map(|(cell, card)| match &moved_to {
                None => Command::DeleteCard { journey, card },
                Some(moved_to) => {
                    let to = moved_to(cell);
                    Command::MoveCard {
                        journey,
                        card,
                        stage: to.stage,
                        lane: to.lane,
                        index: None,
                    }
                }
            })
            .collect()
    }

    /// The steps that clear this journey's emotion values at the (persona, stage) pairs `matches` picks.
    fn clear_emotions(
        &self,
        matches: impl Fn(PersonaId, StageId) -> bool,
    ) -> impl Iterator<Item = Command> {
        let journey = self.id;
        self.emotions
            .keys()
            .filter(move |&&(persona, stage)| matches(persona, stage))
            .map(move |&(persona, stage)| Command::SetEmotion {
                journey,
                persona,
                stage,
                value: None,
            })
    }
}

impl Command {
    /// A short human name for the command, as shown in history.
    pub fn describe(&self) -> String {
        match self {
            Command::Batch { label, commands } => format!("{label} ({} steps)", commands.len()),
            other => {
                let json = serde_json::to_value(other).unwrap_or_default();
                json["op"].as_str().unwrap_or("edit").replace('_', " ")
            }
        }
    }
}

/// Where the cards of a deleted stage or lane go: `None` to be deleted, else an existing other stage or lane.
fn orphan_target<T: PartialEq + Copy>(
    orphans: &Orphans<T>,
    deleted: T,
    what: &'static str,
    exists: impl Fn(T) -> Result<usize, CommandError>,
) -> Result<Option<T>, CommandError> {
    match *orphans {
        Orphans::Delete => Ok(None),
        Orphans::MoveTo { target } if target == deleted => Err(CommandError::MoveToDeleted(what)),
        Orphans::MoveTo { target } => exists(target).map(|_| Some(target)),
    }
}

/// Moves `items[from]` to `to`.
fn reorder<T>(items: &mut Vec<T>, from: usize, to: usize) -> Result<(), CommandError> {
    check_index(to, items.len() - 1)?;
    let moved = items.remove(from);
    items.insert(to, moved);
    Ok(())
}

fn check_index(index: usize, max: usize) -> Result<(), CommandError> {
    if index > max {
        return Err(CommandError::IndexOutOfRange { index, max });
    }
    Ok(())
}

pub(crate) fn check_len(what: &'static str, text: &str, max: usize) -> Result<(), CommandError> {
    if text.chars().count() > max {
        return Err(CommandError::TooLong { what, max });
    }
    Ok(())
}

pub(crate) fn check_name(what: &'static str, name: &str) -> Result<(), CommandError> {
    if name.trim().is_empty() {
        return Err(CommandError::Blank(what));
    }
    check_len(what, name, MAX_NAME_CHARS)
}
