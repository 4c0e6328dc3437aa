//! Another copy of the project merged into the window's file, and the merge review: File → "Merge a copy…" (a file
//! picked in a native dialog), a conflict copy found beside the file (only a path the scan of `copies.rs` lists),
//! the open conflicts with what each side changed, and the choices settled as one undoable step. Each is one
//! `waymark_api::sharing` call on the window's project.

use crate::AppState;
use crate::commands::{UiError, edit, pick_file};
use crate::session::in_background;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, State, WebviewWindow};
use waymark_api::sharing::MergeReview;
use waymark_core::resolve::Choice;
use waymark_store::ViewUpdate;

/// Asks for another copy of the project and merges it into this window's file; `None` when the dialog was
/// cancelled. The view says what the merge did, once; when conflicts are left the window opens the review.
#[tauri::command]
pub async fn merge_a_copy(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> Result<Option<ViewUpdate>, UiError> {
    let Some(path) = pick_file(
        &app,
        &window,
        "Merge a copy of this project",
        "Waymark project",
        &["waymark"],
    ) else {
        return Ok(None);
    };
    merged(&state, &window, path).await.map(Some)
}

/// Merges a conflict copy found beside the window's file (refused for any path the scan does not list).
#[tauri::command]
pub async fn merge_copy(
    window: WebviewWindow,
    state: State<'_, AppState>,
    path: PathBuf,
) -> Result<ViewUpdate, UiError> {
    edit(&state, &window, move |session| {
        if !is_listed_copy(&session.store, &path)? {
            return Err(UiError {
                message: format!(
                    "{} is not a conflict copy of this project beside it; use File → Merge a copy… to pick a file",
                    path.display()
                ),
            });
        }
        session.merge_copy(&path)
    })
    .await
}

async fn merged(
    state: &AppState,
    window: &WebviewWindow,
    path: PathBuf,
) -> Result<ViewUpdate, UiError> {
    edit(state, window, move |session| session.merge_copy(&path)).await
}

/// The window file's open merge conflicts and the merges that left them.
#[tauri::command]
pub async fn merge_review(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> Result<MergeReview, UiError> {
    in_background(state.windows.get(window.label()), |session, _| {
        Ok(waymark_api::sharing::merge_review(&session.store)?)
    })
    .await
}

/// One conflict's answer.
#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct Settle {
    pub number: i64,
    pub choice: Choice,
}

/// Settles the answered conflicts as one undoable step.
#[tauri::command]
pub async fn settle_conflicts(
    window: WebviewWindow,
    state: State<'_, AppState>,
    answers: Vec<Settle>,
) -> Result<ViewUpdate, UiError> {
    edit(&state, &window, move |session| {
        let choices: Vec<(i64, Choice)> =
            answers.into_iter().map(|a| (a.number, a.choice)).collect();
        Ok(waymark_api::sharing::settle_conflicts(
            &mut session.store,
            &choices,
        )?)
    })
    .await
}

/// Whether `path` is a conflict copy the scan beside the window's file lists.
fn is_listed_copy(store: &waymark_store::Store, path: &Path) -> Result<bool, UiError> {
    Ok(waymark_api::copies::copies_of(store)?
        .iter()
        .any(|c| c.path == path))
}

/// Opens the file that now stands at this window's path (another project's, or one that did not merge) in a new
/// window, leaving this window's document as it is; refused unless the window's file was replaced so.
#[tauri::command]
pub async fn open_new_file(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> Result<(), UiError> {
    let path = in_background(
        state.windows.get(window.label()),
        |session, _| match &session.detached {
            Some(d) if d.another_file => Ok(session.store.path().to_owned()),
            _ => Err(UiError {
                message: "No other file has taken this window's file's place.".to_owned(),
            }),
        },
    )
    .await?;
    let _ = tauri::async_runtime::spawn_blocking(move || {
        crate::windows::open_in_new_window(&app, &path)
    })
    .await;
    Ok(())
}
