//! The journey and template subcommands: each names its journey (by id or name) and makes one `waymark-api`
//! call, the same the app's journey switcher makes. User templates live where the app keeps them.

use crate::{Failure, JourneyArg, find, open, print, refused_in};
use clap::Subcommand;
use std::path::{Path, PathBuf};
use waymark_api::journeys::{self, NewJourney};
use waymark_api::templates::{self, SaveTemplate};
use waymark_core::{JourneyId, Project};

#[derive(Subcommand)]
pub enum JourneyAction {
    /// Add a journey with the usual stages and lanes, as a copy of another, or from a template; prints its id.
    AddJourney {
        file: PathBuf,
        name: String,
        /// Start from this template (`waymark templates` lists them).
        #[arg(long, conflicts_with = "copy_of")]
        template: Option<String>,
        /// Start as a copy of this journey (placed right after it).
        #[arg(long)]
        copy_of: Option<String>,
    },
    /// Rename a journey.
    RenameJourney {
        file: PathBuf,
        journey: String,
        name: String,
    },
    /// Move a journey to another place in the list.
    MoveJourney {
        file: PathBuf,
        journey: String,
        /// The new position, from 0.
        #[arg(long)]
        index: usize,
    },
    /// Delete a journey with everything on it (`undo` brings it back).
    DeleteJourney { file: PathBuf, journey: String },
    /// List the journey templates: the built-in ones, then yours.
    Templates {
        #[arg(long)]
        json: bool,
    },
    /// Keep a journey as one of your templates (saving under one of their names replaces it).
    SaveTemplate {
        file: PathBuf,
        name: String,
        #[arg(long, default_value = "")]
        description: String,
        #[command(flatten)]
        journey: JourneyArg,
    },
}

/// Runs one journey or template subcommand.
pub fn run(action: JourneyAction, author: &str, out: &mut String) -> Result<u8, Failure> {
    let user_dir = templates::default_user_dir();
    match action {
        JourneyAction::AddJourney {
            file,
            name,
            template,
            copy_of,
        } => {
            let mut store = open(&file, author)?;
            let from = match (template, copy_of) {
                (Some(name), _) => NewJourney::Template { name },
                (None, Some(journey)) => NewJourney::CopyOf {
                    journey: journey_id(store.project(), &file, &journey)?,
                },
                (None, None) => NewJourney::Blank,
            };
            let id = journeys::add_journey(&mut store, &name, &from, user_dir.as_deref())?;
            out.push_str(&format!("{id}\n"));
        }
        JourneyAction::RenameJourney {
            file,
            journey,
            name,
        } => {
            let mut store = open(&file, author)?;
            let journey = journey_id(store.project(), &file, &journey)?;
            journeys::rename_journey(&mut store, journey, &name)?;
            out.push_str("Renamed.\n");
        }
        JourneyAction::MoveJourney {
            file,
            journey,
            index,
        } => {
            let mut store = open(&file, author)?;
            let journey = journey_id(store.project(), &file, &journey)?;
            journeys::move_journey(&mut store, journey, index)?;
            out.push_str("Moved.\n");
        }
        JourneyAction::DeleteJourney { file, journey } => {
            let mut store = open(&file, author)?;
            let journey = journey_id(store.project(), &file, &journey)?;
            journeys::delete_journey(&mut store, journey)?;
            out.push_str("Deleted.\n");
        }
        JourneyAction::Templates { json } => {
            let list = templates::list(user_dir.as_deref());
            if json {
                print::json(out, &list);
            } else {
                print::templates(out, &list);
            }
        }
        JourneyAction::SaveTemplate {
            file,
            name,
            description,
            journey,
        } => {
            let folder = user_dir.ok_or_else(|| {
                Failure::file("there is no home folder to keep templates in ($HOME is not set)")
            })?;
            let store = open(&file, author)?;
            let request = SaveTemplate {
                journey: journey_id_or_shown(store.project(), &file, journey.journey.as_deref())?,
                name,
                description,
            };
            let saved = templates::save_journey_as_template(&store, &request, &folder)?;
            out.push_str(&format!(
                "Saved template \"{}\" in {}.\n",
                saved.name,
                folder.display()
            ));
        }
    }
    Ok(0)
}

/// The journey named `wanted` (by id or name); a refusal naming the file otherwise.
fn journey_id(project: &Project, file: &Path, wanted: &str) -> Result<JourneyId, Failure> {
    journey_id_or_shown(project, file, Some(wanted))
}

/// The journey named `wanted`, or with `None` the one on show.
fn journey_id_or_shown(
    project: &Project,
    file: &Path,
    wanted: Option<&str>,
) -> Result<JourneyId, Failure> {
    find::journey(project, wanted)
        .map(|j| j.id())
        .map_err(|e| refused_in(file, e))
}
