//! The project as plain data: the stable JSON shape of `waymark show --json`, and the form the store reads rows
//! into. [`Project::from_data`] rebuilds a project through [`Project::apply`], so data from an untrusted file passes
//! the same validation as every edit.

use crate::command::{Command, CommandError};
use crate::ids::*;
use crate::model::*;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The version of this JSON shape; bumped on any incompatible change.
pub const DATA_FORMAT: &str = "waymark.project/1";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProjectData {
    pub format: String,
    pub personas: Vec<Persona>,
    pub journeys: Vec<JourneyData>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JourneyData {
    pub id: JourneyId,
    pub name: String,
    pub stages: Vec<Stage>,
    pub lanes: Vec<Lane>,
    /// In reading order: stage, lane, position.
    pub cards: Vec<CardData>,
    /// In id (creation) order.
    pub flows: Vec<Flow>,
    /// In persona order, then stage order.
    pub emotions: Vec<EmotionData>,
    /// The dot-voting round, if one was ever opened.
    #[serde(default)]
    pub voting: Option<Voting>,
    /// Comments on cards, oldest first.
    #[serde(default)]
    pub comments: Vec<Comment>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CardData {
    pub id: CardId,
    pub stage: StageId,
    pub lane: LaneId,
    /// Order within the cell, from 0.
    pub position: usize,
    /// Dot-voting total.
    #[serde(default)]
    pub dots: u32,
    #[serde(flatten)]
    pub fields: CardFields,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EmotionData {
    pub persona: PersonaId,
    pub stage: StageId,
    /// −2 (very negative) … +2 (very positive).
    pub value: i8,
}

impl Project {
    /// The project as plain data, in canonical order.
    pub fn to_data(&self) -> ProjectData {
        ProjectData {
            format: DATA_FORMAT.to_owned(),
            personas: self.personas.clone(),
            journeys: self
                .journeys
                .iter()
                .map(|j| j.to_data(&self.personas))
                .collect(),
        }
    }

    /// Rebuilds a project from data, validating every invariant. Card `position`s only need to be ordered within
    /// their cell, not contiguous.
    pub fn from_data(data: &ProjectData) -> Result<Project, CommandError> {
        let mut project = Project::new();
        for command in data.commands(0) {
            project.apply(&command)?;
        }
        Ok(project)
    }
}

impl Journey {
    /// This journey as plain data; `personas` orders the emotion values.
    pub fn to_data(&self, personas: &[Persona]) -> JourneyData {
        let cards = self
            .cards_in_order()
            .map(|card| CardData {
                id: card.id,
                stage: card.cell.stage,
                lane: card.cell.lane,
                position: self.card_position(card.id).unwrap_or_default(),
                dots: self.dots(card.id),
                fields: card.fields.clone(),
            })
            .collect();
        let emotions = personas
            .iter()
            .flat_map(|p| {
                self.stages.iter().filter_map(move |s| {
                    self.emotion(p.id, s.id).map(|value| EmotionData {
                        persona: p.id,
                        stage: s.id,
                        value,
                    })
                })
            })
            .collect();
        JourneyData {
            id: self.id,
            name: self.name.clone(),
            stages: self.stages.clone(),
            lanes: self.lanes.clone(),
            cards,
            flows: self.flows_by_id().into_iter().cloned().collect(),
            emotions,
            voting: self.voting,
            comments: self.comments.values().cloned().collect(),
        }
    }
}

impl ProjectData {
    /// The commands that add this data to a project whose journeys are at indices before `first_journey`.
    pub fn commands(&self, first_journey: usize) -> Vec<Command> {
        build_commands(self, first_journey)
    }

    /// The same data with every id replaced by a fresh one, references kept, so that a copy can join a project
    /// that holds the original. Fresh ids follow the order of the old ones, so creation order is kept.
    pub fn with_fresh_ids(&self) -> ProjectData {
        let mut ids = FreshIds::default();
        let personas = self
            .personas
            .iter()
            .map(|p| Persona {
                id: PersonaId(ids.of(p.id.0)),
                ..p.clone()
            })
            .collect();
        let journeys = self.journeys.iter().map(|j| j.with_ids(&mut ids)).collect();
        ProjectData {
            format: self.format.clone(),
            personas,
            journeys,
        }
    }
}

/// Old ids to new ones: each old id gets one fresh id when first met, unless it was told to become a given one.
#[derive(Default)]
struct FreshIds(HashMap<uuid::Uuid, uuid::Uuid>);

impl FreshIds {
    fn of(&mut self, old: uuid::Uuid) -> uuid::Uuid {
        *self.0.entry(old).or_insert_with(uuid::Uuid::now_v7)
    }

    fn set(&mut self, old: uuid::Uuid, new: uuid::Uuid) {
        self.0.insert(old, new);
    }
}

impl JourneyData {
    /// The same journey under the ids `ids` gives, references kept.
    fn with_ids(&self, ids: &mut FreshIds) -> JourneyData {
        JourneyData {
            id: JourneyId(ids.of(self.id.0)),
            name: self.name.clone(),
            stages: self
                .stages
                .iter()
                .map(|s| Stage {
                    id: StageId(ids.of(s.id.0)),
                    name: s.name.clone(),
                })
                .collect(),
            lanes: self
                .lanes
                .iter()
                .map(|l| Lane {
                    id: LaneId(ids.of(l.id.0)),
                    ..l.clone()
                })
                .collect(),
            cards: self
                .cards
                .iter()
                .map(|c| CardData {
                    id: CardId(ids.of(c.id.0)),
                    stage: StageId(ids.of(c.stage.0)),
                    lane: LaneId(ids.of(c.lane.0)),
                    ..c.clone()
                })
                .collect(),
            flows: self
                .flows
                .iter()
                .map(|f| Flow {
                    id: FlowId(ids.of(f.id.0)),
                    from: CardId(ids.of(f.from.0)),
                    to: CardId(ids.of(f.to.0)),
                    ..f.clone()
                })
                .collect(),
            emotions: self
                .emotions
                .iter()
                .map(|e| EmotionData {
                    persona: PersonaId(ids.of(e.persona.0)),
                    stage: StageId(ids.of(e.stage.0)),
                    value: e.value,
                })
                .collect(),
            voting: self.voting,
            comments: self
                .comments
                .iter()
                .map(|c| Comment {
                    id: CommentId(ids.of(c.id.0)),
                    card: CardId(ids.of(c.card.0)),
                    reply_to: c.reply_to.map(|r| CommentId(ids.of(r.0))),
                    ..c.clone()
                })
                .collect(),
        }
    }
}

impl Project {
    /// One batch that adds `source` as a new journey `id` named `name` at `index`, everything in it under fresh
    /// ids. Its emotion values keep their personas: one this project holds (by id, else by name) is used as it
    /// is; the others, taken from `personas`, are added with the journey.
    pub fn add_journey_command(
        &self,
        source: &JourneyData,
        personas: &[Persona],
        id: JourneyId,
        name: &str,
        index: usize,
    ) -> Command {
        Command::Batch {
            label: "add journey".into(),
            commands: self.journey_commands(source, personas, id, name, index),
        }
    }

    /// One batch that adds a copy of `journey` right after it, as journey `id` named `name`: its stages, lanes,
    /// cards, flows, voting and the emotion values of the same personas, everything under fresh ids.
    pub fn copy_journey_command(
        &self,
        journey: JourneyId,
        id: JourneyId,
        name: &str,
    ) -> Result<Command, CommandError> {
        let index = self.journey_index_or_err(journey)?;
        let source = self.journeys[index].to_data(&self.personas);
        Ok(Command::Batch {
            label: "copy journey".into(),
            commands: self.journey_commands(&source, &self.personas, id, name, index + 1),
        })
    }

    /// The steps of [`Project::add_journey_command`].
    fn journey_commands(
        &self,
        source: &JourneyData,
        personas: &[Persona],
        id: JourneyId,
        name: &str,
        index: usize,
    ) -> Vec<Command> {
        let mut ids = FreshIds::default();
        ids.set(source.id.0, id.0);
        let mut added = Vec::new();
        for persona in source.personas_named(personas) {
            match self.same_persona(persona) {
                Some(existing) => ids.set(persona.id.0, existing.0),
                None => added.push(Persona {
                    id: PersonaId(ids.of(persona.id.0)),
                    ..persona.clone()
                }),
            }
        }
        let mut journey = source.with_ids(&mut ids);
        journey.name = name.to_owned();
        let data = ProjectData {
            format: DATA_FORMAT.to_owned(),
            personas: added,
            journeys: vec![journey],
        };
        data.commands(index)
    }

    /// The persona of this project that stands for `persona`: the same id, else the same name.
    fn same_persona(&self, persona: &Persona) -> Option<PersonaId> {
        self.persona(persona.id)
            .or_else(|| self.personas.iter().find(|p| p.name == persona.name))
            .map(|p| p.id)
    }
}

impl Project {
    /// The commands that turn this project into `target` (to be applied as one batch). A journey that differs —
    /// every journey, when the personas differ — is deleted and added again as `target` holds it, under the same
    /// ids, so feedback on its cards still finds them; a journey that is the same is only moved into place. Their
    /// size is that of the journeys that differ, whatever lies between the two documents.
    pub fn commands_to_become(&self, target: &ProjectData) -> Vec<Command> {
        let same_personas = self.personas == target.personas;
        let kept: HashSet<JourneyId> = target
            .journeys
            .iter()
            .filter(|t| {
                same_personas
                    && self
                        .journey(t.id)
                        .is_some_and(|j| j.to_data(&self.personas) == **t)
            })
            .map(|t| t.id)
            .collect();
        let mut commands: Vec<Command> = self
            .journeys
            .iter()
            .filter(|j| !kept.contains(&j.id))
            .map(|j| Command::DeleteJourney { journey: j.id })
            .collect();
        if !same_personas {
            // No journey is left to hold their emotion values, so personas go and come without clearing any.
            commands.extend(
                self.personas
                    .iter()
                    .map(|p| Command::DeletePersona { persona: p.id }),
            );
            let personas = ProjectData {
                format: DATA_FORMAT.to_owned(),
                personas: target.personas.clone(),
                journeys: Vec::new(),
            };
            commands.extend(personas.commands(0));
        }
        // Journeys in target order: those before `index` are in place; a kept one moves up, a replaced one is added.
        let mut order: Vec<JourneyId> = self
            .journeys
            .iter()
            .map(|j| j.id)
            .filter(|id| kept.contains(id))
            .collect();
        for (index, journey) in target.journeys.iter().enumerate() {
            match order.iter().position(|&id| id == journey.id) {
                Some(at) if at == index => {}
                Some(at) => {
                    order.remove(at);
                    commands.push(Command::MoveJourney {
                        journey: journey.id,
                        index,
                    });
                }
                None => {
                    let added = ProjectData {
                        format: DATA_FORMAT.to_owned(),
                        personas: Vec::new(),
                        journeys: vec![journey.clone()],
                    };
                    commands.extend(added.commands(index));
                }
            }
            if order.get(index) != Some(&journey.id) {
                order.insert(index, journey.id);
            }
        }
        commands
    }
}

impl JourneyData {
    /// The personas of `personas` whose emotion values this journey holds, in their order.
    pub(crate) fn personas_named<'a>(
        &self,
        personas: &'a [Persona],
    ) -> impl Iterator<Item = &'a Persona> {
        let named: std::collections::HashSet<PersonaId> =
            self.emotions.iter().map(|e| e.persona).collect();
        personas.iter().filter(move |p| named.contains(&p.id))
    }
}

/// The commands that build `data`, its journeys inserted from index `first_journey`.
fn build_commands(data: &ProjectData, first_journey: usize) -> Vec<Command> {
    let mut commands = Vec::new();
    for persona in &data.personas {
        commands.push(Command::AddPersona {
            persona: persona.id,
            name: persona.name.clone(),
            description: persona.description.clone(),
            index: None,
        });
        if persona.segment.is_some() {
            commands.push(Command::LinkPersona {
                persona: persona.id,
                segment: persona.segment.clone(),
            });
        }
    }
    for (index, journey) in data.journeys.iter().enumerate() {
        let j = journey.id;
        commands.push(Command::AddJourney {
            journey: j,
            name: journey.name.clone(),
            index: first_journey + index,
        });
        for (index, stage) in journey.stages.iter().enumerate() {
            commands.push(Command::AddStage {
                journey: j,
                stage: stage.id,
                name: stage.name.clone(),
                index,
            });
        }
        for (index, lane) in journey.lanes.iter().enumerate() {
            commands.push(Command::AddLane {
                journey: j,
                lane: lane.id,
                name: lane.name.clone(),
                kind: lane.kind,
                index,
            });
        }
        let mut cards: Vec<&CardData> = journey.cards.iter().collect();
        cards.sort_by_key(|c| c.position);
        for card in cards {
            commands.push(Command::AddCard {
                journey: j,
                card: card.id,
                stage: card.stage,
                lane: card.lane,
                index: None,
                fields: card.fields.clone(),
            });
        }
        for flow in &journey.flows {
            commands.push(Command::Connect {
                journey: j,
                flow: flow.id,
                from: flow.from,
                to: flow.to,
                kind: flow.kind,
                label: flow.label.clone(),
            });
        }
        if journey.voting.is_some() {
            commands.push(Command::SetVoting {
                journey: j,
                voting: journey.voting,
            });
        }
        commands.extend(
            journey
                .cards
                .iter()
                .filter(|c| c.dots > 0)
                .map(|c| Command::SetDots {
                    journey: j,
                    card: c.id,
                    dots: c.dots,
                }),
        );
        for emotion in &journey.emotions {
            commands.push(Command::SetEmotion {
                journey: j,
                persona: emotion.persona,
                stage: emotion.stage,
                value: Some(emotion.value),
            });
        }
        // Comments before the replies to them.
        let mut comments: Vec<&Comment> = journey.comments.iter().collect();
        comments.sort_by_key(|c| (c.reply_to.is_some(), c.id));
        commands.extend(comments.into_iter().map(|c| Command::AddComment {
            journey: j,
            comment: c.clone(),
        }));
    }
    commands
}
