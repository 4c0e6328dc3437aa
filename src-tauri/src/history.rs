//! The History panel: the file's history a page at a time, restore to a point (one new edit), versions saved and
//! listed, and one compared with the map as it is now. Each is one `waymark-api` call on the window's project.

use crate::AppState;
use crate::commands::{UiError, edit};
use crate::session::in_background;
use tauri::{State, WebviewWindow};
use waymark_api::history::Comparison;
use waymark_store::{HistoryEntry, Version, ViewUpdate};

#[tauri::command]
pub async fn history_page(
    window: WebviewWindow,
    state: State<'_, AppState>,
    before: Option<i64>,
    limit: usize,
) -> Result<Vec<HistoryEntry>, UiError> {
    in_background(state.windows.get(window.label()), move |session, _| {
        Ok(waymark_api::history::history_page(
            &session.store,
            before,
            limit,
        )?)
    })
    .await
}

/// Makes the document what it was right after entry `seq`, as one new edit.
#[tauri::command]
pub async fn restore_history(
    window: WebviewWindow,
    state: State<'_, AppState>,
    seq: i64,
) -> Result<ViewUpdate, UiError> {
    edit(&state, &window, move |session| {
        waymark_api::history::restore(&mut session.store, seq)?;
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn versions(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> Result<Vec<Version>, UiError> {
    in_background(state.windows.get(window.label()), |session, _| {
        Ok(waymark_api::history::versions(&session.store)?)
    })
    .await
}

#[tauri::command]
pub async fn save_version(
    window: WebviewWindow,
    state: State<'_, AppState>,
    label: String,
) -> Result<Version, UiError> {
    in_background(state.windows.get(window.label()), move |session, _| {
        Ok(waymark_api::history::save_version(
            &mut session.store,
            &label,
        )?)
    })
    .await
}

/// What changed on the journey on show since the version `label`.
#[tauri::command]
pub async fn compare_version(
    window: WebviewWindow,
    state: State<'_, AppState>,
    label: String,
) -> Result<Comparison, UiError> {
    in_background(state.windows.get(window.label()), move |session, _| {
        Ok(waymark_api::history::compare_with_version(
            &session.store,
            &label,
            session.journey,
        )?)
    })
    .await
}
