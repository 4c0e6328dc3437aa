//! Conflict copies beside the window's project: the list the banner offers to merge (one `waymark_api::copies`
//! call on the window's open project), and one of them moved to the trash. The UI passes back only a path the
//! list gave it, and Rust checks it again before moving anything: beside the project, named as a sync tool's copy
//! of it, a copy of the same project. Merging one is `merge_copy` (`sharing.rs`).

use crate::AppState;
use crate::commands::UiError;
use crate::session::in_background;
use std::path::PathBuf;
use tauri::{State, WebviewWindow};
use waymark_api::copies::ConflictCopy;

/// The conflict copies of the window's project beside its file, newest first.
#[tauri::command]
pub async fn conflict_copies(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> Result<Vec<ConflictCopy>, UiError> {
    in_background(state.windows.get(window.label()), |session, _| {
        Ok(waymark_api::copies::copies_of(&session.store)?)
    })
    .await
}

/// Moves one conflict copy of the window's project to the trash (the UI asks first); anything else is refused.
#[tauri::command]
pub async fn trash_copy(
    window: WebviewWindow,
    state: State<'_, AppState>,
    path: PathBuf,
) -> Result<(), UiError> {
    in_background(state.windows.get(window.label()), move |session, _| {
        Ok(waymark_api::copies::trash_copy_of(&session.store, &path)?)
    })
    .await
}
