//! Journeys and templates: add (blank, as a copy, from a template), rename, reorder, delete, and the journey
//! saved as a template in the user's templates folder (under the app's data folder). Each is one `waymark-api`
//! call on the window's project; the window then shows the journey the operation leaves on show.

use crate::AppState;
use crate::commands::{UiError, edit};
use std::path::PathBuf;
use tauri::{State, WebviewWindow};
use waymark_api::journeys::NewJourney;
use waymark_api::templates::{SaveTemplate, TemplateInfo};
use waymark_core::JourneyId;
use waymark_store::ViewUpdate;

fn user_templates(state: &AppState) -> PathBuf {
    waymark_api::templates::user_dir(&state.data_dir)
}

/// Every template a new journey can start from: Waymark's, then the user's.
#[tauri::command]
pub fn journey_templates(state: State<'_, AppState>) -> Vec<TemplateInfo> {
    waymark_api::templates::list(Some(&user_templates(&state)))
}

/// Adds a journey and shows it.
#[tauri::command]
pub async fn add_journey(
    window: WebviewWindow,
    state: State<'_, AppState>,
    name: String,
    from: NewJourney,
) -> Result<ViewUpdate, UiError> {
    let templates = user_templates(&state);
    edit(&state, &window, move |session| {
        let added =
            waymark_api::journeys::add_journey(&mut session.store, &name, &from, Some(&templates))?;
        session.journey = Some(added);
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn rename_journey(
    window: WebviewWindow,
    state: State<'_, AppState>,
    journey: JourneyId,
    name: String,
) -> Result<ViewUpdate, UiError> {
    edit(&state, &window, move |session| {
        Ok(waymark_api::journeys::rename_journey(
            &mut session.store,
            journey,
            &name,
        )?)
    })
    .await
}

#[tauri::command]
pub async fn move_journey(
    window: WebviewWindow,
    state: State<'_, AppState>,
    journey: JourneyId,
    index: usize,
) -> Result<ViewUpdate, UiError> {
    edit(&state, &window, move |session| {
        Ok(waymark_api::journeys::move_journey(
            &mut session.store,
            journey,
            index,
        )?)
    })
    .await
}

/// Deletes a journey (one undo step) and shows the one the operation leaves on show.
#[tauri::command]
pub async fn delete_journey(
    window: WebviewWindow,
    state: State<'_, AppState>,
    journey: JourneyId,
) -> Result<ViewUpdate, UiError> {
    edit(&state, &window, move |session| {
        let next = waymark_api::journeys::delete_journey(&mut session.store, journey)?;
        if session.journey == Some(journey) {
            session.journey = next;
        }
        Ok(())
    })
    .await
}

/// Keeps a journey as one of the user's templates.
#[tauri::command]
pub async fn save_journey_as_template(
    window: WebviewWindow,
    state: State<'_, AppState>,
    request: SaveTemplate,
) -> Result<TemplateInfo, UiError> {
    let templates = user_templates(&state);
    crate::session::in_background(state.windows.get(window.label()), move |session, _| {
        Ok(waymark_api::templates::save_journey_as_template(
            &session.store,
            &request,
            &templates,
        )?)
    })
    .await
}
