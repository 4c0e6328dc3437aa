//! Comments on the cards of the journey on show: added (by the window's author, now), edited, their threads
//! resolved or reopened. Each is one `waymark-api` call on the window's project; deleting one is a plain command
//! (`apply`).

use crate::AppState;
use crate::commands::{UiError, edit};
use tauri::{State, WebviewWindow};
use waymark_core::{CardId, CommentId};
use waymark_store::ViewUpdate;

/// Adds a comment on `card` (a reply when `reply_to` is given).
#[tauri::command]
pub async fn add_comment(
    window: WebviewWindow,
    state: State<'_, AppState>,
    card: CardId,
    text: String,
    reply_to: Option<CommentId>,
) -> Result<ViewUpdate, UiError> {
    edit(&state, &window, move |session| {
        let journey = waymark_api::project::shown_journey(&session.store, session.journey)?.id();
        waymark_api::comments::add_comment(&mut session.store, journey, card, &text, reply_to)?;
        Ok(())
    })
    .await
}

/// Changes a comment's text.
#[tauri::command]
pub async fn edit_comment(
    window: WebviewWindow,
    state: State<'_, AppState>,
    comment: CommentId,
    text: String,
) -> Result<ViewUpdate, UiError> {
    edit(&state, &window, move |session| {
        let journey = waymark_api::project::shown_journey(&session.store, session.journey)?.id();
        Ok(waymark_api::comments::edit_comment(
            &mut session.store,
            journey,
            comment,
            &text,
        )?)
    })
    .await
}

/// Resolves (or reopens) the thread of `comment`.
#[tauri::command]
pub async fn resolve_comment(
    window: WebviewWindow,
    state: State<'_, AppState>,
    comment: CommentId,
    resolved: bool,
) -> Result<ViewUpdate, UiError> {
    edit(&state, &window, move |session| {
        let journey = waymark_api::project::shown_journey(&session.store, session.journey)?.id();
        Ok(waymark_api::comments::resolve_thread(
            &mut session.store,
            journey,
            comment,
            resolved,
        )?)
    })
    .await
}

/// The name the window's edits are recorded under, for telling one's own comments.
#[tauri::command]
pub async fn author(window: WebviewWindow, state: State<'_, AppState>) -> Result<String, UiError> {
    crate::session::in_background(state.windows.get(window.label()), |session, _| {
        Ok(session.store.author().to_owned())
    })
    .await
}
