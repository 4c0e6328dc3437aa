//! New projects and the journey on show.

use crate::ApiError;
use std::path::Path;
use waymark_core::{Journey, JourneyId, Project, sample};
use waymark_store::Store;

/// What a new project file holds.
#[derive(Clone, Debug, Default)]
pub struct NewProject {
    /// The sample project (ordering groceries online) instead of one empty journey.
    pub sample: bool,
    /// The first journey's name (default: the file's name, see [`first_journey_name`]); not used with `sample`.
    pub name: Option<String>,
}

/// The file name a dialog suggests for a new project.
pub fn suggested_file_name(sample: bool) -> &'static str {
    if sample {
        "Groceries sample"
    } else {
        "Journey"
    }
}

/// The name of a new project's first journey: the one asked for, else the file's name, else "Journey".
pub fn first_journey_name(path: &Path, asked: Option<&str>) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    [asked.map(str::to_owned), stem]
        .into_iter()
        .flatten()
        .map(|name| name.trim().to_owned())
        .find(|name| !name.is_empty())
        .unwrap_or_else(|| "Journey".to_owned())
}

/// Creates the project file `path` (never over an existing file) and opens it.
pub fn create(path: &Path, request: &NewProject, author: &str) -> Result<Store, ApiError> {
    let project = if request.sample {
        sample::grocery()
    } else {
        sample::starter(&first_journey_name(path, request.name.as_deref()))
    };
    Ok(Store::create(path, &project, author)?)
}

/// Creates the project file `path` (never over an existing file) whose one journey is the template named
/// `template` (built-in, or the user's in `user_templates`), named `name`, else after the file; and opens it.
pub fn create_from_template(
    path: &Path,
    template: &str,
    name: Option<&str>,
    user_templates: Option<&Path>,
    author: &str,
) -> Result<Store, ApiError> {
    let template = crate::templates::find(template, user_templates)?;
    let mut project = Project::new();
    let command = template.add_command(
        &project,
        JourneyId::new(),
        &first_journey_name(path, name),
        0,
    );
    project
        .apply(&command)
        .map_err(|e| ApiError::Refused(format!("{} was not created: {e}.", path.display())))?;
    Ok(Store::create(path, &project, author)?)
}

/// The journey on show: `chosen` while it exists, else the first; an error when the project has none.
pub fn shown_journey(store: &Store, chosen: Option<JourneyId>) -> Result<&Journey, ApiError> {
    store
        .project()
        .shown_journey(chosen)
        .ok_or_else(|| ApiError::Refused(format!("{} has no journey.", store.path().display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_journeys_are_named_after_the_request_then_the_file() {
        let path = Path::new("/tmp/Checkout study.waymark");
        assert_eq!(first_journey_name(path, Some("Returns")), "Returns");
        assert_eq!(first_journey_name(path, Some("  ")), "Checkout study");
        assert_eq!(first_journey_name(path, None), "Checkout study");
        assert_eq!(first_journey_name(Path::new("/"), None), "Journey");
    }
}
