//! The Check panel: what `waymark check` finds in the journey on show, and the paths between two cards. Both are
//! read on a blocking thread, so checking a large map never holds up an edit's answer.

use crate::AppState;
use crate::commands::UiError;
use crate::session::in_background;
use tauri::{State, WebviewWindow};
use waymark_core::{CardId, Findings, PathsBetween};

#[tauri::command]
pub async fn check_journey(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> Result<Findings, UiError> {
    in_background(state.windows.get(window.label()), |session, _| {
        Ok(waymark_api::check::check(&session.store, session.journey)?)
    })
    .await
}

#[tauri::command]
pub async fn paths_between(
    window: WebviewWindow,
    state: State<'_, AppState>,
    from: CardId,
    to: CardId,
) -> Result<PathsBetween, UiError> {
    in_background(state.windows.get(window.label()), move |session, _| {
        Ok(waymark_api::check::paths_between(
            &session.store,
            session.journey,
            from,
            to,
        )?)
    })
    .await
}
