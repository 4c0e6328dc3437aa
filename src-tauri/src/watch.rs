//! Noticing, without waiting for an edit, that a window's file was replaced, moved or deleted on disk: a thread
//! looks at every window's file once a second (passing by a window whose work holds it). Replaced by another copy
//! of the project: the window's work is merged into it at once and the window gets its new view, with a notice.
//! Moved, deleted or replaced by something else: the window's view turns read-only and says why, once; the window
//! keeps its document (Save As keeps it).

use crate::AppState;
use crate::session::{FileCheck, Slot, Window, lock};
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State, WebviewWindow};
use waymark_store::ViewUpdate;

/// What the window hears about its file: its new view, when looking at the file changed it — another copy merged
/// in (the notice says so), the file gone or another one's (the view says so: `FileInfo::detached`), or back.
#[derive(Clone, Debug, Serialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FileEvent {
    Changed {
        update: ViewUpdate,
    },
    /// The view could not be made: why.
    Problem {
        message: String,
    },
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
    if session.check_file() == FileCheck::Same {
        return;
    }
    let event = match session.updated_view() {
        Ok(update) => FileEvent::Changed { update },
        Err(e) => FileEvent::Problem {
            message: e.to_string(),
        },
    };
    drop(slot);
    if let Some(channel) = &*lock(&window.file_events) {
        let _ = channel.send(event);
    }
}
