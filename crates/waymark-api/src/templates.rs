//! Journey templates: the built-in ones, and the user's own — `waymark.project/1` files of one journey in a
//! templates folder. The app passes the one in its data folder ([`user_dir`]); the command line finds the same
//! folder from the environment ([`default_user_dir`]), so both list the same templates.

use crate::ApiError;
use crate::export::{safe_file_stem, unused_name, write_whole};
use crate::maps::read_at_most;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use waymark_core::{JourneyId, Template, templates};
use waymark_store::Store;

/// The largest user template file read (or written).
pub const MAX_TEMPLATE_BYTES: usize = 4 * 1024 * 1024;
/// The most files read from a templates folder: a list, not a search through an archive.
const MAX_USER_TEMPLATES: usize = 500;
/// The desktop app's identifier, which names its data folder.
pub const APP_IDENTIFIER: &str = "app.waymark.desktop";

/// A template as the list shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TemplateInfo {
    pub name: String,
    /// What the template is for (plain text).
    pub description: String,
    /// Built into Waymark, rather than one of the user's.
    pub builtin: bool,
    pub stages: usize,
    pub lanes: usize,
    pub cards: usize,
    pub flows: usize,
}

impl TemplateInfo {
    fn of(template: &Template, builtin: bool) -> TemplateInfo {
        let journey = template.journey();
        TemplateInfo {
            name: template.name().to_owned(),
            description: template.description().to_owned(),
            builtin,
            stages: journey.stages.len(),
            lanes: journey.lanes.len(),
            cards: journey.cards.len(),
            flows: journey.flows.len(),
        }
    }
}

/// What "Save journey as template" asks for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SaveTemplate {
    pub journey: JourneyId,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// The templates folder inside a data folder (the app's `app_data_dir`).
pub fn user_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("templates")
}

/// The templates folder of the app's data folder, found where the app finds it: `$XDG_DATA_HOME` (else
/// `~/.local/share`) on Linux, `~/Library/Application Support` on macOS, `%APPDATA%` on Windows, then
/// `app.waymark.desktop/templates`. `None` when the environment names no home.
pub fn default_user_dir() -> Option<PathBuf> {
    let absolute = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    let data_home = if cfg!(target_os = "macos") {
        absolute("HOME").map(|home| home.join("Library/Application Support"))
    } else if cfg!(windows) {
        absolute("APPDATA")
    } else {
        absolute("XDG_DATA_HOME").or_else(|| absolute("HOME").map(|home| home.join(".local/share")))
    };
    data_home.map(|d| user_dir(&d.join(APP_IDENTIFIER)))
}

/// Every template: the built-in ones, then the user's by name. A user file that cannot be read or is not a
/// valid template is left out, as is a missing folder.
pub fn list(user_dir: Option<&Path>) -> Vec<TemplateInfo> {
    let builtin = templates::builtin();
    let users = user_dir.map(user_templates).unwrap_or_default();
    builtin
        .iter()
        .map(|t| TemplateInfo::of(t, true))
        .chain(users.iter().map(|(_, t)| TemplateInfo::of(t, false)))
        .collect()
}

/// The template named `name` (ignoring case and surrounding spaces): a built-in one, else the user's.
pub fn find(name: &str, user_dir: Option<&Path>) -> Result<Template, ApiError> {
    let named = |t: &Template| same_name(t.name(), name);
    if let Some(template) = templates::builtin().into_iter().find(named) {
        return Ok(template);
    }
    user_dir
        .map(user_templates)
        .unwrap_or_default()
        .into_iter()
        .map(|(_, t)| t)
        .find(named)
        .ok_or_else(|| {
            ApiError::Refused(format!("There is no template named \"{}\".", name.trim()))
        })
}

/// Keeps one of the project's journeys as a user template in `user_dir` (created if need be), written whole or
/// not at all. Saving under the name of one of the user's templates replaces it; a built-in one's name is
/// refused.
pub fn save_journey_as_template(
    store: &Store,
    request: &SaveTemplate,
    user_dir: &Path,
) -> Result<TemplateInfo, ApiError> {
    let not_saved =
        |reason: String| ApiError::Refused(format!("The template was not saved: {reason}."));
    let template = Template::of_journey(
        store.project(),
        request.journey,
        request.name.trim(),
        &request.description,
    )
    .map_err(|e| not_saved(e.to_string()))?;
    if templates::builtin()
        .iter()
        .any(|t| same_name(t.name(), template.name()))
    {
        return Err(not_saved(format!(
            "\"{}\" is the name of a built-in template",
            template.name()
        )));
    }
    let text = template.to_json();
    if text.len() > MAX_TEMPLATE_BYTES {
        return Err(not_saved(format!(
            "it would be {} bytes, more than the {MAX_TEMPLATE_BYTES} a template may have",
            text.len()
        )));
    }
    let unwritable = |e: std::io::Error| {
        ApiError::File(format!("{} could not be written: {e}.", user_dir.display()))
    };
    std::fs::create_dir_all(user_dir).map_err(unwritable)?;
    let path = user_templates(user_dir)
        .into_iter()
        .find(|(_, t)| same_name(t.name(), template.name()))
        .map(|(path, _)| path)
        .unwrap_or_else(|| {
            unused_name(
                user_dir,
                &format!("{}.json", safe_file_stem(template.name())),
            )
        });
    write_whole(&path, text.as_bytes()).map_err(unwritable)?;
    Ok(TemplateInfo::of(&template, false))
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// The valid templates among the `.json` files of `dir`, with their paths, by name then path.
fn user_templates(dir: &Path) -> Vec<(PathBuf, Template)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| Some(e.ok()?.path()))
        // Regular files only: opening a FIFO would wait for a writer.
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"))
                && p.is_file()
        })
        .collect();
    paths.sort();
    paths.truncate(MAX_USER_TEMPLATES);
    let mut found: Vec<(PathBuf, Template)> = paths
        .into_iter()
        .filter_map(|path| Some((path.clone(), read_template(&path)?)))
        .collect();
    found.sort_by_key(|(_, t)| t.name().to_lowercase());
    found
}

/// A user template file: no larger than [`MAX_TEMPLATE_BYTES`], checked like a project file.
fn read_template(path: &Path) -> Option<Template> {
    let bytes = read_at_most(path, MAX_TEMPLATE_BYTES).ok()?.ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    Template::from_json(text.strip_prefix('\u{feff}').unwrap_or(text)).ok()
}
