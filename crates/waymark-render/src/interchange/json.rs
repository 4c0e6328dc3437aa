//! The whole project as Waymark's documented JSON (`waymark.project/1`, the shape of `waymark show --json`).
//! Exporting and importing into an empty project gives back the same project: ids, order and all.

use super::{ImportError, Imported};
use std::collections::HashMap;
use waymark_core::{DATA_FORMAT, Project, ProjectData};

pub fn export(project: &Project) -> String {
    let mut text =
        serde_json::to_string_pretty(&project.to_data()).expect("project data serialises");
    text.push('\n');
    text
}

/// Adds the journeys (and personas) of a JSON export to `project`. Ids are kept unless the project already
/// holds one of them (a file imported twice); personas already in the project under the same name are reused.
pub fn import(project: &Project, text: &str) -> Result<Imported, ImportError> {
    let data: ProjectData =
        serde_json::from_str(text).map_err(|e| ImportError::Json(e.to_string()))?;
    if data.format != DATA_FORMAT {
        return Err(ImportError::Json(format!(
            "its format is \"{}\" and this Waymark reads \"{DATA_FORMAT}\"",
            data.format
        )));
    }
    if data.journeys.is_empty() {
        return Err(ImportError::Empty);
    }
    let clash = data
        .journeys
        .iter()
        .any(|j| project.journey(j.id).is_some())
        || data
            .personas
            .iter()
            .any(|p| project.persona(p.id).is_some());
    let mut data = if clash { data.with_fresh_ids() } else { data };
    let mut same_name = HashMap::new();
    data.personas.retain(
        |p| match project.personas().iter().find(|q| q.name == p.name) {
            Some(existing) => {
                same_name.insert(p.id, existing.id);
                false
            }
            None => true,
        },
    );
    for emotion in data.journeys.iter_mut().flat_map(|j| j.emotions.iter_mut()) {
        if let Some(&id) = same_name.get(&emotion.persona) {
            emotion.persona = id;
        }
    }
    Ok(Imported {
        journey: data.journeys.first().map(|j| j.id),
        commands: data.commands(project.journeys().len()),
    })
}
