//! Feedback import and reading. The file comes from a native dialog or a drop on the window (both chosen by the
//! user, both handled here in Rust); the UI only ever sends a mapping for "the file this window is importing".
//! Previews and imports run on a blocking thread under the window's own lock; other windows are not held up.

use crate::AppState;
use crate::commands::{UiError, edit, pick_file};
use crate::session::{Session, Window, in_background, lock};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State, WebviewWindow};
use waymark_api::feedback::{
    CardFeedback, CommentFilter, FEEDBACK_EXTENSIONS, FeedbackImport, MappingSource,
    is_feedback_file,
};
use waymark_core::CardId;
use waymark_feedback::suggest::{FileSummary, ScoreGuess};
use waymark_feedback::{Mapping, Preview};
use waymark_store::{DatasetId, ViewUpdate};

/// Reads the head of `path` for the import wizard and makes it this window's file to import.
fn take_file(window: &Window, path: PathBuf) -> Result<FileSummary, UiError> {
    window.with_session(|session| take_file_in(session, path))
}

fn take_file_in(session: &mut Session, path: PathBuf) -> Result<FileSummary, UiError> {
    let summary = waymark_api::feedback::summarise(&session.store, session.journey, &path)?;
    session.feedback_file = Some(path);
    Ok(summary)
}

/// Asks for a survey export and shows what it holds.
#[tauri::command]
pub async fn feedback_choose(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> Result<Option<FileSummary>, UiError> {
    let Some(path) = pick_file(
        &app,
        &window,
        "Import feedback",
        "Survey exports",
        &FEEDBACK_EXTENSIONS,
    ) else {
        return Ok(None);
    };
    in_background(state.windows.get(window.label()), |session, _| {
        take_file_in(session, path).map(Some)
    })
    .await
}

/// Registers where this window hears of files dropped on it; a file named with `--import` is announced at once
/// (read on a blocking thread).
#[tauri::command]
pub async fn watch_drops(
    window: WebviewWindow,
    state: State<'_, AppState>,
    dropped: Channel<FileSummary>,
) -> Result<(), UiError> {
    let window = state.windows.get(window.label());
    let startup = lock(&state.startup_import).take();
    *lock(&window.drops) = Some(dropped);
    if let Some(path) = startup {
        announce(window, path).await;
    }
    Ok(())
}

/// Reads the head of `path` on a blocking thread and, if it is readable, opens the import wizard on it.
async fn announce(window: Arc<Window>, path: PathBuf) {
    let _ = tauri::async_runtime::spawn_blocking(move || {
        let summary = take_file(&window, path);
        if let (Some(channel), Ok(summary)) = (&*lock(&window.drops), summary) {
            let _ = channel.send(summary);
        }
    })
    .await;
}

/// Files dropped on a window: a survey export among them opens the import wizard there (read on a blocking
/// thread: this runs on the main thread).
pub fn dropped(app: &AppHandle, label: &str, paths: &[PathBuf]) {
    let Some(path) = paths.iter().find(|p| is_feedback_file(p)).cloned() else {
        return;
    };
    let window = app.state::<AppState>().windows.get(label);
    tauri::async_runtime::spawn(announce(window, path));
}

/// What importing the window's file with `mapping` would do.
#[tauri::command]
pub async fn feedback_preview(
    window: WebviewWindow,
    state: State<'_, AppState>,
    mapping: Mapping,
) -> Result<Preview, UiError> {
    in_background(state.windows.get(window.label()), move |session, _| {
        let request = chosen_import(session, mapping, None)?;
        Ok(waymark_api::feedback::preview(&session.store, &request)?)
    })
    .await
}

/// The file this window is importing.
fn chosen_file(session: &Session) -> Result<PathBuf, UiError> {
    session.feedback_file.clone().ok_or_else(|| UiError {
        message: "Choose a file to import first.".into(),
    })
}

/// The window's chosen file, to read with `mapping` into the journey on show (the mapping saved as `save_as`).
fn chosen_import(
    session: &Session,
    mapping: Mapping,
    save_as: Option<String>,
) -> Result<FeedbackImport, UiError> {
    let file = chosen_file(session)?;
    Ok(FeedbackImport {
        file,
        mapping: MappingSource::Given {
            mapping: Box::new(mapping),
            save_as,
        },
        journey: session.journey,
    })
}

/// Imports the window's file, reporting rows read on `progress`; saves the mapping as `preset` if named.
#[tauri::command]
pub async fn feedback_import(
    window: WebviewWindow,
    state: State<'_, AppState>,
    mapping: Mapping,
    preset: Option<String>,
    progress: Channel<u64>,
) -> Result<ViewUpdate, UiError> {
    let window = state.windows.get(window.label());
    window.start_stoppable();
    in_background(window, move |session, stop| {
        let request = chosen_import(session, mapping, preset)?;
        let on_progress = |rows: u64| {
            let _ = progress.send(rows);
            !stop.load(Ordering::Relaxed)
        };
        waymark_api::feedback::import(&mut session.store, &request, &on_progress)?;
        session.feedback_file = None;
        Ok(session.updated_view()?)
    })
    .await
}

/// Stops this window's import; nothing of it is kept.
#[tauri::command]
pub fn feedback_cancel(window: WebviewWindow, state: State<'_, AppState>) {
    state.windows.get(window.label()).stop();
}

/// The definition of a metric as the import panel describes it (kind, scale, mean or share): built here, where
/// every metric is defined, so the UI never restates the maths.
#[tauri::command]
pub fn metric_definition(
    kind: waymark_core::metrics::MetricKind,
    scale: Option<(f64, f64)>,
    mean: Option<bool>,
    positive: Vec<String>,
) -> waymark_core::metrics::MetricDefinition {
    waymark_core::metrics::MetricDefinition::for_kind(kind, scale, mean, &positive)
}

/// What the first rows of a column of the window's file say it measures, for a score column the user picked.
#[tauri::command]
pub async fn feedback_guess_score(
    window: WebviewWindow,
    state: State<'_, AppState>,
    column: String,
) -> Result<Option<ScoreGuess>, UiError> {
    in_background(state.windows.get(window.label()), move |session, _| {
        let file = chosen_file(session)?;
        Ok(waymark_api::feedback::guess_score(&file, None, &column)?)
    })
    .await
}

/// A card's comments (newest first, filtered by words and score band) and its monthly trend.
#[tauri::command]
pub async fn card_feedback(
    window: WebviewWindow,
    state: State<'_, AppState>,
    card: CardId,
    search: String,
    band: Option<(f64, f64)>,
) -> Result<CardFeedback, UiError> {
    in_background(state.windows.get(window.label()), move |session, _| {
        let filter = CommentFilter { search, band };
        Ok(waymark_api::feedback::card_feedback(
            &session.store,
            session.journey,
            card,
            &filter,
        )?)
    })
    .await
}

/// Sets below how many responses this window flags a score as low-confidence: on the canvas, in the legend,
/// in exports and in trends.
#[tauri::command]
pub async fn set_min_n(
    window: WebviewWindow,
    state: State<'_, AppState>,
    min_n: u64,
) -> Result<ViewUpdate, UiError> {
    edit(&state, &window, move |session| {
        session.store.set_min_n(min_n);
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn remove_dataset(
    window: WebviewWindow,
    state: State<'_, AppState>,
    id: DatasetId,
) -> Result<ViewUpdate, UiError> {
    edit(&state, &window, move |session| {
        waymark_api::feedback::remove_dataset(&mut session.store, id.as_str())?;
        Ok(())
    })
    .await
}

/// A file named on the command line after `--import`: the wizard opens with it.
pub fn import_argument() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip_while(|a| a != "--import");
    args.next()?;
    args.next().map(PathBuf::from).filter(|p| p.exists())
}
