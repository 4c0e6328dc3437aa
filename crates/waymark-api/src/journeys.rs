//! The journeys of a project as the journey switcher and `waymark *-journey` change them: add (blank, as a
//! copy, from a template), rename, move, delete. Each is one edit, so one undo step.

use crate::{ApiError, templates};
use serde::{Deserialize, Serialize};
use std::path::Path;
use waymark_core::{Command, CommandError, JourneyId, MAX_NAME_CHARS, sample};
use waymark_store::{Store, StoreError};

/// What a new journey starts as.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum NewJourney {
    /// The usual stages and lanes and no cards, as a new project's first journey.
    Blank,
    /// A copy of one of the project's journeys, placed right after it.
    CopyOf { journey: JourneyId },
    /// A built-in or user template, by name.
    Template { name: String },
}

/// Adds a journey and returns its id. It is named `name`, or when that is blank "New journey", "… (copy)" or
/// the template's name. New journeys go at the end of the list; a copy goes right after its original.
/// `user_templates` is the folder of the user's templates (see [`templates::user_dir`]).
pub fn add_journey(
    store: &mut Store,
    name: &str,
    from: &NewJourney,
    user_templates: Option<&Path>,
) -> Result<JourneyId, ApiError> {
    let project = store.project();
    let id = JourneyId::new();
    let end = project.journeys().len();
    let named = |default: &str| {
        if name.trim().is_empty() {
            default.to_owned()
        } else {
            name.to_owned()
        }
    };
    let command = match from {
        NewJourney::Blank => {
            let name = named("New journey");
            let starter = sample::starter(&name).to_data();
            project.add_journey_command(&starter.journeys[0], &[], id, &name, end)
        }
        NewJourney::CopyOf { journey } => {
            let original = project
                .journey(*journey)
                .ok_or_else(|| refused(store, CommandError::UnknownJourney(*journey)))?;
            let name = named(&copy_name(original.name()));
            project
                .copy_journey_command(*journey, id, &name)
                .map_err(|e| refused(store, e))?
        }
        NewJourney::Template { name: template } => {
            let template = templates::find(template, user_templates)?;
            template.add_command(project, id, &named(template.name()), end)
        }
    };
    store.apply(&command)?;
    Ok(id)
}

pub fn rename_journey(store: &mut Store, journey: JourneyId, name: &str) -> Result<(), ApiError> {
    store.apply(&Command::RenameJourney {
        journey,
        name: name.to_owned(),
    })?;
    Ok(())
}

/// Moves a journey to `index` (from 0) in the list.
pub fn move_journey(store: &mut Store, journey: JourneyId, index: usize) -> Result<(), ApiError> {
    store.apply(&Command::MoveJourney { journey, index })?;
    Ok(())
}

/// Deletes a journey with everything on it (one undo step), and returns the journey to show next: the one that
/// took its place, else the one before it (`None`: none is left).
pub fn delete_journey(
    store: &mut Store,
    journey: JourneyId,
) -> Result<Option<JourneyId>, ApiError> {
    let journeys = store.project().journeys();
    let index = journeys.iter().position(|j| j.id() == journey);
    store.apply(&Command::DeleteJourney { journey })?;
    let journeys = store.project().journeys();
    let next = index.and_then(|i| journeys.get(i).or_else(|| journeys.last()));
    Ok(next.map(|j| j.id()))
}

/// "Name (copy)", shortened to fit a name's limit.
fn copy_name(original: &str) -> String {
    const SUFFIX: &str = " (copy)";
    let kept: String = original
        .chars()
        .take(MAX_NAME_CHARS - SUFFIX.chars().count())
        .collect();
    format!("{}{SUFFIX}", kept.trim_end())
}

/// A refused edit, worded as the store words one.
fn refused(store: &Store, source: CommandError) -> ApiError {
    ApiError::Store(StoreError::Invalid {
        path: store.path().display().to_string(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_named_within_the_limit() {
        assert_eq!(copy_name("Returns"), "Returns (copy)");
        let long = "x".repeat(MAX_NAME_CHARS);
        assert_eq!(copy_name(&long).chars().count(), MAX_NAME_CHARS);
    }
}
