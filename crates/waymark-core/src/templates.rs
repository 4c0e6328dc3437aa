//! Journey templates: a journey to start from, with its name and what it is for.
//!
//! The built-in ones ([`builtin`]) are written out in `templates/builtin.rs` and built through [`Project::apply`],
//! so they obey every invariant. A user's template is a `waymark.project/1` file holding one journey, with a
//! `"description"` beside it; [`Template::from_json`] reads it as untrusted text, rebuilding it through `apply`.

mod builtin;

use crate::MAX_DESCRIPTION_CHARS;
use crate::command::{Command, CommandError, check_len, check_name};
use crate::data::{DATA_FORMAT, JourneyData, ProjectData};
use crate::ids::*;
use crate::model::Project;
use crate::sample::{card_in_lane, skeleton};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A journey to start from. Its data holds exactly one journey, valid as any edit would leave it, whose name is
/// the template's name.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    description: String,
    data: ProjectData,
}

/// Why a template file was not read.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum TemplateError {
    #[error("it is not Waymark JSON ({0})")]
    Json(String),
    #[error("its format is \"{0}\" and this Waymark reads \"{DATA_FORMAT}\"")]
    Format(String),
    #[error("it holds {0} journeys, and a template holds one")]
    JourneyCount(usize),
    #[error("{0}")]
    Invalid(#[from] CommandError),
}

/// A template as a file: the `waymark.project/1` shape, and what the template is for.
#[derive(Serialize, Deserialize)]
struct TemplateFile {
    #[serde(default)]
    description: String,
    #[serde(flatten)]
    data: ProjectData,
}

impl Template {
    /// Reads a template file's text, checking it as strictly as a project file: its one journey is rebuilt
    /// through [`Project::apply`].
    pub fn from_json(text: &str) -> Result<Template, TemplateError> {
        let file: TemplateFile =
            serde_json::from_str(text).map_err(|e| TemplateError::Json(e.to_string()))?;
        if file.data.format != DATA_FORMAT {
            return Err(TemplateError::Format(file.data.format));
        }
        if file.data.journeys.len() != 1 {
            return Err(TemplateError::JourneyCount(file.data.journeys.len()));
        }
        check_len(
            "template description",
            &file.description,
            MAX_DESCRIPTION_CHARS,
        )?;
        Project::from_data(&file.data)?;
        Ok(Template {
            description: file.description,
            data: file.data,
        })
    }

    /// The template as a file's text (see [`Template::from_json`]).
    pub fn to_json(&self) -> String {
        let file = TemplateFile {
            description: self.description.clone(),
            data: self.data.clone(),
        };
        let mut text = serde_json::to_string_pretty(&file).expect("templates serialise");
        text.push('\n');
        text
    }

    /// A template of one of `project`'s journeys, named `name`: its stages, lanes, cards, flows and emotion
    /// values (with their personas). Dot votes are left out: they belong to one workshop, not to the pattern.
    pub fn of_journey(
        project: &Project,
        journey: JourneyId,
        name: &str,
        description: &str,
    ) -> Result<Template, CommandError> {
        check_name("template name", name)?;
        check_len("template description", description, MAX_DESCRIPTION_CHARS)?;
        let journey = project
            .journey(journey)
            .ok_or(CommandError::UnknownJourney(journey))?;
        let mut data = journey.to_data(project.personas());
        data.name = name.to_owned();
        data.voting = None;
        data.cards.iter_mut().for_each(|c| c.dots = 0);
        let personas = data.personas_named(project.personas()).cloned().collect();
        Ok(Template {
            description: description.to_owned(),
            data: ProjectData {
                format: DATA_FORMAT.to_owned(),
                personas,
                journeys: vec![data],
            },
        })
    }

    pub fn name(&self) -> &str {
        &self.journey().name
    }

    pub fn description(&self) -> &str {
        &self.description
    }

    /// The template's journey.
    pub fn journey(&self) -> &JourneyData {
        &self.data.journeys[0]
    }

    /// One batch that adds this template to `project` as journey `id` named `name` at `index` (see
    /// [`Project::add_journey_command`]).
    pub fn add_command(
        &self,
        project: &Project,
        id: JourneyId,
        name: &str,
        index: usize,
    ) -> Command {
        project.add_journey_command(self.journey(), &self.data.personas, id, name, index)
    }
}

/// The built-in templates, in the order they are listed, each with fresh ids.
pub fn builtin() -> Vec<Template> {
    builtin::ALL.iter().map(Spec::build).collect()
}

/// A built-in template as written in `templates/builtin.rs`. Cards take the kind their lane holds (and a
/// touchpoints lane's name as their channel).
struct Spec {
    name: &'static str,
    description: &'static str,
    stages: &'static [&'static str],
    lanes: &'static [(&'static str, crate::LaneKind)],
    /// (key, stage, lane, title); stages and lanes counted from 0.
    cards: &'static [(&'static str, usize, usize, &'static str)],
    /// (from, to, kind, label) with cards named by key; "" for no label.
    flows: &'static [(&'static str, &'static str, crate::FlowKind, &'static str)],
}

impl Spec {
    fn build(&self) -> Template {
        let journey = JourneyId::new();
        let stages: Vec<StageId> = self.stages.iter().map(|_| StageId::new()).collect();
        let lanes: Vec<LaneId> = self.lanes.iter().map(|_| LaneId::new()).collect();
        let mut commands = skeleton(journey, self.name, &stages, self.stages, &lanes, self.lanes);
        let mut cards = HashMap::new();
        for &(key, stage, lane, title) in self.cards {
            let card = CardId::new();
            cards.insert(key, card);
            commands.push(Command::AddCard {
                journey,
                card,
                stage: stages[stage],
                lane: lanes[lane],
                index: None,
                fields: card_in_lane(title, self.lanes[lane]),
            });
        }
        for &(from, to, kind, label) in self.flows {
            commands.push(Command::Connect {
                journey,
                flow: FlowId::new(),
                from: cards[from],
                to: cards[to],
                kind,
                label: (!label.is_empty()).then(|| label.into()),
            });
        }
        let mut project = Project::new();
        project
            .apply(&Command::Batch {
                label: "template".into(),
                commands,
            })
            .unwrap_or_else(|e| panic!("the built-in template {} is invalid: {e}", self.name));
        Template {
            description: self.description.to_owned(),
            data: project.to_data(),
        }
    }
}
