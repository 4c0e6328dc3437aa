//! The commands the UI invokes for the window's project. Each finds the calling window, runs one call on its
//! project (on a blocking thread, under that window's own lock: see `session.rs`) and returns what the window
//! now shows.

use crate::AppState;
use crate::session::{Session, Slot, in_background, replace};
use crate::windows::{open_in, remember, set_title};
use serde::Serialize;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;
use waymark_api::project::{NewProject, suggested_file_name};
use waymark_core::{Command, JourneyId};
use waymark_store::{StoreError, ViewUpdate};

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

impl From<waymark_api::ApiError> for UiError {
    fn from(error: waymark_api::ApiError) -> Self {
        UiError {
            message: error.to_string(),
        }
    }
}

/// Runs `work` on the window's project on a blocking thread and returns the view it leaves.
pub(crate) async fn edit(
    state: &AppState,
    window: &WebviewWindow,
    work: impl FnOnce(&mut Session) -> Result<(), UiError> + Send + 'static,
) -> Result<ViewUpdate, UiError> {
    in_background(state.windows.get(window.label()), |session, _| {
        session.ensure_editable()?;
        work(session)?;
        Ok(session.updated_view()?)
    })
    .await
}

/// What this window shows, whole: its project, `None` when it has none, or why opening failed (said once).
#[tauri::command]
pub async fn current_view(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> Result<Option<ViewUpdate>, UiError> {
    let window = state.windows.get(window.label());
    tauri::async_runtime::spawn_blocking(move || {
        let mut slot = window.slot();
        match &mut *slot {
            Slot::Open(session) => Ok(Some(session.full_view()?)),
            Slot::Failed(message) => {
                let message = std::mem::take(message);
                *slot = Slot::Empty;
                Err(UiError { message })
            }
            Slot::Empty => Ok(None),
        }
    })
    .await
    .map_err(|e| UiError {
        message: format!("Waymark stopped on an internal error ({e})."),
    })?
}

#[tauri::command]
pub async fn apply(
    window: WebviewWindow,
    state: State<'_, AppState>,
    command: Command,
) -> Result<ViewUpdate, UiError> {
    edit(&state, &window, move |s| {
        Ok(s.store.apply(&command).map(drop)?)
    })
    .await
}

#[tauri::command]
pub async fn undo(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> Result<ViewUpdate, UiError> {
    edit(&state, &window, |s| Ok(s.store.undo().map(drop)?)).await
}

#[tauri::command]
pub async fn redo(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> Result<ViewUpdate, UiError> {
    edit(&state, &window, |s| Ok(s.store.redo().map(drop)?)).await
}

#[tauri::command]
pub async fn show_journey(
    window: WebviewWindow,
    state: State<'_, AppState>,
    journey: JourneyId,
) -> Result<ViewUpdate, UiError> {
    // Not an edit: a read-only or detached window shows its other journeys too.
    in_background(state.windows.get(window.label()), move |s, _| {
        s.journey = Some(journey);
        Ok(s.updated_view()?)
    })
    .await
}

/// Asks where to save a new project (empty, or the sample) and opens it in this window.
#[tauri::command]
pub async fn new_project(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    sample: bool,
) -> Result<Option<ViewUpdate>, UiError> {
    let Some(path) = choose_new_file(&app, &window, suggested_file_name(sample)) else {
        return Ok(None);
    };
    create_project(&path, sample, &state.author)?;
    opened(&app, &window, &state, &path).await
}

/// Creates what New makes at `path` — the sample, or one journey named after the file — and lets go of it again:
/// the window opens it next.
fn create_project(path: &Path, sample: bool, author: &str) -> Result<(), UiError> {
    let request = NewProject { sample, name: None };
    drop(waymark_api::project::create(path, &request, author)?);
    Ok(())
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
    opened(&app, &window, &state, &path).await
}

/// Opens a file from the recent-files list (and only from it).
#[tauri::command]
pub async fn open_recent(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    path: String,
) -> Result<Option<ViewUpdate>, UiError> {
    let path = PathBuf::from(path);
    if !crate::session::lock(&state.recent).contains(&path) {
        return Err(UiError {
            message: format!("{} is not on the recent-files list.", path.display()),
        });
    }
    if !path.exists() {
        let mut recent = crate::session::lock(&state.recent);
        recent.forget(&path);
        let _ = recent.save(&state.recent_file);
        return Err(UiError {
            message: format!("{} no longer exists.", path.display()),
        });
    }
    opened(&app, &window, &state, &path).await
}

#[tauri::command]
pub fn recent_files(state: State<'_, AppState>) -> Vec<String> {
    let recent = crate::session::lock(&state.recent);
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
    let target = path.clone();
    let view = in_background(state.windows.get(window.label()), move |session, _| {
        let copy = session.store.save_as(&target)?;
        *session = Session::new(copy);
        Ok(session.full_view()?)
    })
    .await?;
    remember(&app, &path);
    set_title(&window, &path, false);
    Ok(Some(view))
}

#[tauri::command]
pub async fn close_project(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> Result<(), UiError> {
    let _ = window.set_title("Waymark");
    replace(state.windows.get(window.label()), || Slot::Empty).await;
    Ok(())
}

#[tauri::command]
pub fn set_fullscreen(window: WebviewWindow, on: bool) -> Result<(), UiError> {
    window.set_fullscreen(on).map_err(|e| UiError {
        message: format!("Full screen is not available: {e}"),
    })
}

async fn opened(
    app: &AppHandle,
    window: &WebviewWindow,
    state: &State<'_, AppState>,
    path: &Path,
) -> Result<Option<ViewUpdate>, UiError> {
    open_in(app, window.label(), path).await;
    current_view(window.clone(), state.clone()).await
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

#[cfg(test)]
mod tests {
    use super::create_project;
    use std::path::Path;
    use waymark_store::Store;

    /// The `waymark` command `.ci/run` builds before the tests.
    fn cli() -> std::path::PathBuf {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/debug/waymark");
        assert!(
            path.exists(),
            "{} is missing: run `cargo build -p waymark-cli`",
            path.display()
        );
        path
    }

    fn first_journey(path: &Path) -> (String, usize) {
        let store = Store::open(path, "test").unwrap();
        let journey = &store.project().journeys()[0];
        (journey.name().to_owned(), journey.stages().len())
    }

    #[test]
    fn new_projects_from_the_app_and_the_cli_are_named_alike() {
        let dir = tempfile::tempdir().unwrap();
        let (app_dir, cli_dir) = (dir.path().join("app"), dir.path().join("cli"));
        std::fs::create_dir_all(&app_dir).unwrap();
        std::fs::create_dir_all(&cli_dir).unwrap();
        let name = "Checkout study.waymark";

        create_project(&app_dir.join(name), false, "test").unwrap();
        let status = std::process::Command::new(cli())
            .arg("new")
            .arg(cli_dir.join(name))
            .status()
            .unwrap();
        assert!(status.success());

        let from_app = first_journey(&app_dir.join(name));
        assert_eq!(from_app, first_journey(&cli_dir.join(name)));
        assert_eq!(from_app.0, "Checkout study");
    }
}
