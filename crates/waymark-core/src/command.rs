//! Every edit is a [`Command`]. [`Project::apply`] validates it, mutates the project and returns the command that
//! undoes it, plus the set of [`Change`]s a store must persist. An invalid command changes nothing.
//!
//! Commands that touch dependants (deleting a card with flows, a stage with cards, a persona with emotion values)
//! expand into a [`Command::Batch`] of simpler commands, so their inverses come out right by construction.

use crate::ids::*;
use crate::model::*;
use petgraph::Direction;
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

    fn apply_into(
        &mut self,
        command: &Command,
        changes: &mut BTreeSet<Change>,
    ) -> Result<Command, CommandError> {
        use Command::*;
        match command {
            Batch { label, commands } => self.apply_batch(label, commands, changes),
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
            DeleteJourney { journey } => {
                let index = self
                    .journeys
                    .iter()
                    .position(|j| j.id == *journey)
                    .ok_or(CommandError::UnknownJourney(*journey))?;
                let j = &self.journeys[index];
                if j.stages.is_empty() && j.lanes.is_empty() && j.voting.is_none() {
                    let removed = self.journeys.remove(index);
                    changes.insert(Change::Journeys);
                    return Ok(AddJourney {
                        journey: *journey,
                        name: removed.name,
                        index,
                    });
                }
                let mut steps: Vec<Command> = j
                    .stages
                    .iter()
                    .map(|s| DeleteStage {
                        journey: *journey,
                        stage: s.id,
                        cards: Orphans::Delete,
                    })
                    .collect();
                steps.extend(j.lanes.iter().map(|l| DeleteLane {
                    journey: *journey,
                    lane: l.id,
                    cards: Orphans::Delete,
                }));
                if j.voting.is_some() {
                    steps.push(SetVoting {
                        journey: *journey,
                        voting: None,
                    });
                }
                steps.push(command.clone());
                self.apply_batch("delete journey", &steps, changes)
            }
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
            } => {
                let j = self.journey_or_err(*journey)?;
                let index = j.stage_index_or_err(*stage)?;
                let target = orphan_target(cards, *stage, "stage", |t| j.stage_index_or_err(t))?;
                let cells = j.lanes.iter().map(|l| Cell {
                    stage: *stage,
                    lane: l.id,
                });
                let mut steps =
                    j.clear_cells(cells, target.map(|t| move |c| Cell { stage: t, ..c }));
                steps.extend(j.emotions.keys().filter(|(_, s)| s == stage).map(
                    |&(persona, stage)| SetEmotion {
                        journey: *journey,
                        persona,
                        stage,
                        value: None,
                    },
                ));
                if !steps.is_empty() {
                    steps.push(command.clone());
                    return self.apply_batch("delete stage", &steps, changes);
                }
                let j = self.journey_mut_or_err(*journey)?;
                let removed = j.stages.remove(index);
                changes.insert(Change::Stages(*journey));
                Ok(AddStage {
                    journey: *journey,
                    stage: *stage,
                    name: removed.name,
                    index,
                })
            }
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
            } => {
                let j = self.journey_or_err(*journey)?;
                let index = j.lane_index_or_err(*lane)?;
                let target = orphan_target(cards, *lane, "lane", |t| j.lane_index_or_err(t))?;
                let cells = j.stages.iter().map(|s| Cell {
                    stage: s.id,
                    lane: *lane,
                });
                let mut steps =
                    j.clear_cells(cells, target.map(|t| move |c| Cell { lane: t, ..c }));
                if !steps.is_empty() {
                    steps.push(command.clone());
                    return self.apply_batch("delete lane", &steps, changes);
                }
                let j = self.journey_mut_or_err(*journey)?;
                let removed = j.lanes.remove(index);
                changes.insert(Change::Lanes(*journey));
                Ok(AddLane {
                    journey: *journey,
                    lane: *lane,
                    name: removed.name,
                    kind: removed.kind,
                    index,
                })
            }
            AddCard {
                journey,
                card,
                stage,
                lane,
                index,
                fields,
            } => {
                check_fields(fields)?;
                self.check_unused(card.0)?;
                let j = self.journey_mut_or_err(*journey)?;
                let cell = j.cell_or_err(*stage, *lane)?;
                let len = j.cell_cards(cell).len();
                let index = index.unwrap_or(len);
                check_index(index, len)?;
                let node = j.graph.add_node(Card {
                    id: *card,
                    cell,
                    fields: fields.clone(),
                });
                j.cards.insert(*card, node);
                j.cells.entry(cell).or_default().insert(index, *card);
                changes.insert(Change::Card(*journey, *card));
                changes.insert(Change::Cell(*journey, cell));
                Ok(DeleteCard {
                    journey: *journey,
                    card: *card,
                })
            }
            UpdateCard {
                journey,
                card,
                fields,
            } => {
                check_fields(fields)?;
                let j = self.journey_mut_or_err(*journey)?;
                let node = j.node_or_err(*card)?;
                let old = std::mem::replace(&mut j.graph[node].fields, fields.clone());
                changes.insert(Change::Card(*journey, *card));
                Ok(UpdateCard {
                    journey: *journey,
                    card: *card,
                    fields: old,
                })
            }
            MoveCard {
                journey,
                card,
                stage,
                lane,
                index,
            } => {
                let j = self.journey_mut_or_err(*journey)?;
                let node = j.node_or_err(*card)?;
                let to = j.cell_or_err(*stage, *lane)?;
                let from = j.graph[node].cell;
                let from_index = j.card_position(*card).unwrap_or_default();
                let len_without = j.cell_cards(to).len() - usize::from(from == to);
                let index = index.unwrap_or(len_without);
                check_index(index, len_without)?;
                j.take_from_cell(from, *card);
                j.cells.entry(to).or_default().insert(index, *card);
                j.graph[node].cell = to;
                changes.insert(Change::Card(*journey, *card));
                changes.insert(Change::Cell(*journey, from));
                changes.insert(Change::Cell(*journey, to));
                Ok(MoveCard {
                    journey: *journey,
                    card: *card,
                    stage: from.stage,
                    lane: from.lane,
                    index: Some(from_index),
                })
            }
            DeleteCard { journey, card } => {
                let j = self.journey_or_err(*journey)?;
                let node = j.node_or_err(*card)?;
                let flows: Vec<Command> = j
                    .graph
                    .edges_directed(node, Direction::Outgoing)
                    .chain(j.graph.edges_directed(node, Direction::Incoming))
                    .map(|e| Disconnect {
                        journey: *journey,
                        flow: e.weight().id,
                    })
                    .collect();
                let mut steps = flows;
                if j.dots(*card) > 0 {
                    steps.push(SetDots {
                        journey: *journey,
                        card: *card,
                        dots: 0,
                    });
                }
                if !steps.is_empty() {
                    steps.push(command.clone());
                    return self.apply_batch("delete card", &steps, changes);
                }
                let j = self.journey_mut_or_err(*journey)?;
                let index = j.card_position(*card).unwrap_or_default();
                let removed = j
                    .graph
                    .remove_node(node)
                    .expect("indexed card is in the graph");
                j.cards.remove(card);
                j.take_from_cell(removed.cell, *card);
                changes.insert(Change::Card(*journey, *card));
                changes.insert(Change::Cell(*journey, removed.cell));
                Ok(AddCard {
                    journey: *journey,
                    card: *card,
                    stage: removed.cell.stage,
                    lane: removed.cell.lane,
                    index: Some(index),
                    fields: removed.fields,
                })
            }
            Connect {
                journey,
                flow,
                from,
                to,
                kind,
                label,
            } => {
                check_label(label)?;
                self.check_unused(flow.0)?;
                let j = self.journey_mut_or_err(*journey)?;
                let a = j.node_or_err(*from)?;
                let b = j.node_or_err(*to)?;
                if a == b {
                    return Err(CommandError::SelfFlow);
                }
                if j.graph.find_edge(a, b).is_some() {
                    return Err(CommandError::AlreadyConnected);
                }
                let edge = j.graph.add_edge(
                    a,
                    b,
                    Flow {
                        id: *flow,
                        from: *from,
                        to: *to,
                        kind: *kind,
                        label: label.clone(),
                    },
                );
                j.flows.insert(*flow, edge);
                changes.insert(Change::Flow(*journey, *flow));
                Ok(Disconnect {
                    journey: *journey,
                    flow: *flow,
                })
            }
            UpdateFlow {
                journey,
                flow,
                kind,
                label,
            } => {
                check_label(label)?;
                let j = self.journey_mut_or_err(*journey)?;
                let edge = *j.flows.get(flow).ok_or(CommandError::UnknownFlow(*flow))?;
                let weight = &mut j.graph[edge];
                let old_kind = std::mem::replace(&mut weight.kind, *kind);
                let old_label = std::mem::replace(&mut weight.label, label.clone());
                changes.insert(Change::Flow(*journey, *flow));
                Ok(UpdateFlow {
                    journey: *journey,
                    flow: *flow,
                    kind: old_kind,
                    label: old_label,
                })
            }
            Disconnect { journey, flow } => {
                let j = self.journey_mut_or_err(*journey)?;
                let edge = j
                    .flows
                    .remove(flow)
                    .ok_or(CommandError::UnknownFlow(*flow))?;
                let removed = j
                    .graph
                    .remove_edge(edge)
                    .expect("indexed flow is in the graph");
                changes.insert(Change::Flow(*journey, *flow));
                Ok(Connect {
                    journey: *journey,
                    flow: *flow,
                    from: removed.from,
                    to: removed.to,
                    kind: removed.kind,
                    label: removed.label,
                })
            }
            SetEmotion {
                journey,
                persona,
                stage,
                value,
            } => {
                if let Some(v) = value
                    && !(-2..=2).contains(v)
                {
                    return Err(CommandError::EmotionOutOfRange(*v));
                }
                if self.persona(*persona).is_none() {
                    return Err(CommandError::UnknownPersona(*persona));
                }
                let j = self.journey_mut_or_err(*journey)?;
                j.stage_index_or_err(*stage)?;
                let old = match value {
                    Some(v) => j.emotions.insert((*persona, *stage), *v),
                    None => j.emotions.remove(&(*persona, *stage)),
                };
                changes.insert(Change::Emotion(*journey, *persona, *stage));
                Ok(SetEmotion {
                    journey: *journey,
                    persona: *persona,
                    stage: *stage,
                    value: old,
                })
            }
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
            AddPersona {
                persona,
                name,
                description,
                index,
            } => {
                check_name("persona name", name)?;
                check_len("persona description", description, MAX_DESCRIPTION_CHARS)?;
                let index = index.unwrap_or(self.personas.len());
                check_index(index, self.personas.len())?;
                self.check_unused(persona.0)?;
                self.personas.insert(
                    index,
                    Persona {
                        id: *persona,
                        name: name.clone(),
                        description: description.clone(),
                    },
                );
                changes.insert(Change::Personas);
                Ok(DeletePersona { persona: *persona })
            }
            UpdatePersona {
                persona,
                name,
                description,
            } => {
                check_name("persona name", name)?;
                check_len("persona description", description, MAX_DESCRIPTION_CHARS)?;
                let p = self
                    .personas
                    .iter_mut()
                    .find(|p| p.id == *persona)
                    .ok_or(CommandError::UnknownPersona(*persona))?;
                let old_name = std::mem::replace(&mut p.name, name.clone());
                let old_description = std::mem::replace(&mut p.description, description.clone());
                changes.insert(Change::Personas);
                Ok(UpdatePersona {
                    persona: *persona,
                    name: old_name,
                    description: old_description,
                })
            }
            DeletePersona { persona } => {
                let index = self
                    .personas
                    .iter()
                    .position(|p| p.id == *persona)
                    .ok_or(CommandError::UnknownPersona(*persona))?;
                let steps: Vec<Command> =
                    self.journeys
                        .iter()
                        .flat_map(|j| {
                            j.emotions.keys().filter(|(p, _)| p == persona).map(
                                |&(persona, stage)| SetEmotion {
                                    journey: j.id,
                                    persona,
                                    stage,
                                    value: None,
                                },
                            )
                        })
                        .collect();
                if !steps.is_empty() {
                    let mut steps = steps;
                    steps.push(command.clone());
                    return self.apply_batch("delete persona", &steps, changes);
                }
                let removed = self.personas.remove(index);
                changes.insert(Change::Personas);
                Ok(AddPersona {
                    persona: *persona,
                    name: removed.name,
                    description: removed.description,
                    index: Some(index),
                })
            }
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

    /// Refuses an id that already names anything in the project: ids are unique project-wide.
    fn check_unused(&self, id: uuid::Uuid) -> Result<(), CommandError> {
        let in_use = self.personas.iter().any(|p| p.id.0 == id)
            || self.journeys.iter().any(|j| {
                j.id.0 == id
                    || j.cards.contains_key(&CardId(id))
                    || j.flows.contains_key(&FlowId(id))
                    || j.stages.iter().any(|s| s.id.0 == id)
                    || j.lanes.iter().any(|l| l.id.0 == id)
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

    fn take_from_cell(&mut self, cell: Cell, card: CardId) {
        if let Some(cards) = self.cells.get_mut(&cell) {
            cards.retain(|&c| c != card);
            if cards.is_empty() {
                self.cells.remove(&cell);
            }
        }
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

fn check_len(what: &'static str, text: &str, max: usize) -> Result<(), CommandError> {
    if text.chars().count() > max {
        return Err(CommandError::TooLong { what, max });
    }
    Ok(())
}

fn check_name(what: &'static str, name: &str) -> Result<(), CommandError> {
    if name.trim().is_empty() {
        return Err(CommandError::Blank(what));
    }
    check_len(what, name, MAX_NAME_CHARS)
}

fn check_label(label: &Option<String>) -> Result<(), CommandError> {
    label
        .as_deref()
        .map_or(Ok(()), |l| check_len("flow label", l, MAX_NAME_CHARS))
}

fn check_fields(fields: &CardFields) -> Result<(), CommandError> {
    if fields.title.trim().is_empty() {
        return Err(CommandError::Blank("card title"));
    }
    check_len("card title", &fields.title, MAX_TITLE_CHARS)?;
    check_len(
        "card description",
        &fields.description,
        MAX_DESCRIPTION_CHARS,
    )?;
    for (what, value) in [("channel", &fields.channel), ("owner", &fields.owner)] {
        if let Some(value) = value {
            check_len(what, value, MAX_NAME_CHARS)?;
        }
    }
    if fields.tags.len() > MAX_TAGS {
        return Err(CommandError::TooManyTags);
    }
    for tag in &fields.tags {
        check_name("tag", tag)?;
    }
    Ok(())
}
