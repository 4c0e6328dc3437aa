//! The commands the UI invokes. Each finds the calling window's project, makes one store call and returns what
//! the window now shows.

use crate::windows::{open_in, remember, set_slot};
use crate::{AppState, Session, Slot};
use serde::Serialize;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;
use waymark_core::{Command, JourneyId, sample};
use waymark_store::{Store, StoreError, ViewUpdate};

/// A failure, as one sentence for the user.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct UiError {
    pub message: String,
}

impl From<StoreError> for UiError {
    fn from(error: StoreError) -> Self {
        UiError {
            message: error.to_string(),
        }
    }
}

pub(crate) fn no_project() -> UiError {
    UiError {
        message: "No project is open in this window.".into(),
    }
}

/// Runs `work` on the window's open project and returns the resulting view.
pub(crate) fn with_session(
    state: &AppState,
    window: &WebviewWindow,
    work: impl FnOnce(&mut Session) -> Result<(), StoreError>,
) -> Result<ViewUpdate, UiError> {
    let mut windows = state.windows.lock().expect("windows lock");
    let Some(Slot::Open(session)) = windows.get_mut(window.label()) else {
        return Err(no_project());
    };
    work(session)?;
    Ok(session.updated_view()?)
}

/// What this window shows, whole: its project, `None` when it has none, or why opening failed (said once).
#[tauri::command]
pub fn current_view(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> Result<Option<ViewUpdate>, UiError> {
    let mut windows = state.windows.lock().expect("windows lock");
    match windows.get_mut(window.label()) {
        Some(Slot::Open(session)) => Ok(Some(session.full_view()?)),
        Some(Slot::Failed(message)) => {
            let message = message.clone();
            windows.remove(window.label());
            Err(UiError { message })
        }
        None => Ok(None),
    }
}

#[tauri::command]
pub fn apply(
    window: WebviewWindow,
    state: State<'_, AppState>,
    command: Command,
) -> Result<ViewUpdate, UiError> {
    with_session(&state, &window, |s| s.store.apply(&command).map(drop))
}

#[tauri::command]
pub fn undo(window: WebviewWindow, state: State<'_, AppState>) -> Result<ViewUpdate, UiError> {
    with_session(&state, &window, |s| s.store.undo().map(drop))
}

#[tauri::command]
pub fn redo(window: WebviewWindow, state: State<'_, AppState>) -> Result<ViewUpdate, UiError> {
    with_session(&state, &window, |s| s.store.redo().map(drop))
}

#[tauri::command]
pub fn show_journey(
    window: WebviewWindow,
    state: State<'_, AppState>,
    journey: JourneyId,
) -> Result<ViewUpdate, UiError> {
    with_session(&state, &window, |s| {
        s.journey = Some(journey);
        Ok(())
    })
}

/// Asks where to save a new project (empty, or the sample) and opens it in this window.
#[tauri::command]
pub async fn new_project(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    sample: bool,
) -> Result<Option<ViewUpdate>, UiError> {
    let Some(path) = choose_new_file(
        &app,
        &window,
        if sample {
            "Groceries sample"
        } else {
            "Journey"
        },
    ) else {
        return Ok(None);
    };
    let project = if sample {
        sample::grocery()
    } else {
        sample::starter(&journey_name(&path))
    };
    Store::create(&path, &project, &state.author)?;
    opened(&app, &window, &state, &path)
}

/// Asks which project to open and opens it in this window.
#[tauri::command]
pub async fn open_project(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> Result<Option<ViewUpdate>, UiError> {
    let Some(path) = pick_file(
        &app,
        &window,
        "Open a Waymark project",
        "Waymark project",
        &["waymark"],
    ) else {
        return Ok(None);
    };
    opened(&app, &window, &state, &path)
}

/// Opens a file from the recent-files list (and only from it).
#[tauri::command]
pub fn open_recent(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    path: String,
) -> Result<Option<ViewUpdate>, UiError> {
    let path = PathBuf::from(path);
    if !state
        .recent
        .lock()
        .expect("recent list lock")
        .contains(&path)
    {
        return Err(UiError {
            message: format!("{} is not on the recent-files list.", path.display()),
        });
    }
    if !path.exists() {
        let mut recent = state.recent.lock().expect("recent list lock");
        recent.forget(&path);
        let _ = recent.save(&state.recent_file);
        return Err(UiError {
            message: format!("{} no longer exists.", path.display()),
        });
    }
    opened(&app, &window, &state, &path)
}

#[tauri::command]
pub fn recent_files(state: State<'_, AppState>) -> Vec<String> {
    let recent = state.recent.lock().expect("recent list lock");
    recent
        .paths()
        .iter()
        .map(|p| p.display().to_string())
        .collect()
}

/// Writes a copy under a new name and continues in the copy.
#[tauri::command]
pub async fn save_as(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> Result<Option<ViewUpdate>, UiError> {
    let Some(path) = choose_new_file(&app, &window, "Copy") else {
        return Ok(None);
    };
    let copy = {
        let windows = state.windows.lock().expect("windows lock");
        let Some(Slot::Open(session)) = windows.get(window.label()) else {
            return Err(no_project());
        };
        session.store.save_as(&path)?
    };
    remember(&app, &path);
    set_slot(
        &app,
        window.label(),
        Slot::Open(Box::new(Session::new(copy))),
    );
    current_view(window, state)
}

#[tauri::command]
pub fn close_project(window: WebviewWindow, state: State<'_, AppState>) {
    state
        .windows
        .lock()
        .expect("windows lock")
        .remove(window.label());
    let _ = window.set_title("Waymark");
}

#[tauri::command]
pub fn set_fullscreen(window: WebviewWindow, on: bool) -> Result<(), UiError> {
    window.set_fullscreen(on).map_err(|e| UiError {
        message: format!("Full screen is not available: {e}"),
    })
}

fn opened(
    app: &AppHandle,
    window: &WebviewWindow,
    state: &State<'_, AppState>,
    path: &Path,
) -> Result<Option<ViewUpdate>, UiError> {
    open_in(app, window.label(), path);
    current_view(window.clone(), state.clone())
}

/// A native open dialog for one file of the given kinds.
pub(crate) fn pick_file(
    app: &AppHandle,
    window: &WebviewWindow,
    title: &str,
    kind: &str,
    extensions: &[&str],
) -> Option<PathBuf> {
    app.dialog()
        .file()
        .set_parent(window)
        .set_title(title)
        .add_filter(kind, extensions)
        .blocking_pick_file()?
        .into_path()
        .ok()
}

/// A native save dialog for a new `.waymark` file; adds the extension when the user left it off.
fn choose_new_file(app: &AppHandle, window: &WebviewWindow, suggested: &str) -> Option<PathBuf> {
    let picked = app
        .dialog()
        .file()
        .set_parent(window)
        .set_title("Save the Waymark project as")
        .set_file_name(format!("{suggested}.waymark"))
        .add_filter("Waymark project", &["waymark"])
        .blocking_save_file()?;
    let path = picked.into_path().ok()?;
    Some(if path.extension().is_some_and(|e| e == "waymark") {
        path
    } else {
        path.with_extension("waymark")
    })
}

fn journey_name(path: &Path) -> String {
    path.file_stem().map_or_else(
        || "Journey".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    )
}
