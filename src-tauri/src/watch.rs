//! Noticing, without waiting for an edit, that a window's file was replaced, moved or deleted on disk: a thread
//! looks at every window's file once a second (passing by a window whose work holds it). Replaced by another copy
//! of the project: the window's work is merged into it at once and the window gets its new view, with a notice.
//! Anything else: the window is told once, in one sentence, and keeps its document (Save As keeps it).

use crate::AppState;
use crate::commands::UiError;
use crate::session::{Slot, Window, lock};
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State, WebviewWindow};
use waymark_store::{StoreError, ViewUpdate};

/// What the window hears about its file.
#[derive(Clone, Debug, Serialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FileEvent {
    /// The file was replaced by another copy and merged: the window's new view (its notice says so).
    Merged { update: ViewUpdate },
    /// The file was replaced by something else, moved or deleted: why, once.
    Problem { message: String },
}

/// Registers where this window hears about its file.
#[tauri::command]
pub fn watch_file(window: WebviewWindow, state: State<'_, AppState>, events: Channel<FileEvent>) {
    *lock(&state.windows.get(window.label()).file_events) = Some(events);
}

/// Starts the thread that looks at every window's file once a second.
pub fn start(app: AppHandle) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_secs(1));
            let state = app.state::<AppState>();
            for window in state.windows.all() {
                look(&window);
            }
        }
    });
}

/// Looks at one window's file; tells the window what changed, if anything did.
fn look(window: &Arc<Window>) {
    let Some(mut slot) = window.slot_if_free() else {
        return;
    };
    let Slot::Open(session) = &mut *slot else {
        return;
    };
    let event = match session.store.ensure_same_file() {
        Ok(()) => {
            session.told_file_problem = false;
            return;
        }
        Err(StoreError::Replaced { .. }) => match session.take_in_replaced_file() {
            Ok(()) => match session.updated_view() {
                Ok(update) => FileEvent::Merged { update },
                Err(e) => FileEvent::Problem {
                    message: e.to_string(),
                },
            },
            Err(UiError { message }) => FileEvent::Problem { message },
        },
        Err(StoreError::Gone { path }) => FileEvent::Problem {
            message: format!(
                "{path} was moved or deleted on disk. This window keeps your document: use Save As to keep it."
            ),
        },
        Err(other) => FileEvent::Problem {
            message: other.to_string(),
        },
    };
    if let FileEvent::Problem { .. } = event {
        if session.told_file_problem {
            return;
        }
        session.told_file_problem = true;
    }
    drop(slot);
    if let Some(channel) = &*lock(&window.file_events) {
        let _ = channel.send(event);
    }
}
