//! The project as plain data: the stable JSON shape of `waymark show --json`, and the form the store reads rows
//! into. [`Project::from_data`] rebuilds a project through [`Project::apply`], so data from an untrusted file passes
//! the same validation as every edit.

use crate::command::{Command, CommandError};
use crate::ids::*;
use crate::model::*;
use serde::{Deserialize, Serialize};

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
        let mut fresh = std::collections::HashMap::new();
        let mut id = |old: uuid::Uuid| *fresh.entry(old).or_insert_with(uuid::Uuid::now_v7);
        let personas = self
            .personas
            .iter()
            .map(|p| Persona {
                id: PersonaId(id(p.id.0)),
                ..p.clone()
            })
            .collect();
        let journeys = self
            .journeys
            .iter()
            .map(|j| JourneyData {
                id: JourneyId(id(j.id.0)),
                name: j.name.clone(),
                stages: j
                    .stages
                    .iter()
                    .map(|s| Stage {
                        id: StageId(id(s.id.0)),
                        name: s.name.clone(),
                    })
                    .collect(),
                lanes: j
                    .lanes
                    .iter()
                    .map(|l| Lane {
                        id: LaneId(id(l.id.0)),
                        ..l.clone()
                    })
                    .collect(),
                cards: j
                    .cards
                    .iter()
                    .map(|c| CardData {
                        id: CardId(id(c.id.0)),
                        stage: StageId(id(c.stage.0)),
                        lane: LaneId(id(c.lane.0)),
                        ..c.clone()
                    })
                    .collect(),
                flows: j
                    .flows
                    .iter()
                    .map(|f| Flow {
                        id: FlowId(id(f.id.0)),
                        from: CardId(id(f.from.0)),
                        to: CardId(id(f.to.0)),
                        ..f.clone()
                    })
                    .collect(),
                emotions: j
                    .emotions
                    .iter()
                    .map(|e| EmotionData {
                        persona: PersonaId(id(e.persona.0)),
                        stage: StageId(id(e.stage.0)),
                        value: e.value,
                    })
                    .collect(),
                voting: j.voting,
            })
            .collect();
        ProjectData {
            format: self.format.clone(),
            personas,
            journeys,
        }
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
    }
    commands
}
