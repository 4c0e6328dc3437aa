//! Feedback import and reading. The file comes from a native dialog or a drop on the window (both chosen by the
//! user, both handled here in Rust); the UI only ever sends a mapping for "the file this window is importing".

use crate::commands::{UiError, no_project, pick_file, with_session};
use crate::{AppState, Slot};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State, WebviewWindow};
use waymark_core::CardId;
use waymark_feedback::suggest::FileSummary;
use waymark_feedback::table::OpenOptions;
use waymark_feedback::{Mapping, Preview};
use waymark_store::{Comment, TrendPoint, ViewUpdate};

const FEEDBACK_FILES: [&str; 9] = [
    "csv", "tsv", "txt", "xlsx", "xls", "ods", "json", "jsonl", "ndjson",
];

fn failed(error: impl std::fmt::Display) -> UiError {
    UiError {
        message: format!("{error}."),
    }
}

/// Reads the head of `path` for the import wizard and makes it this window's file to import.
fn take_file(state: &AppState, window: &str, path: PathBuf) -> Result<FileSummary, UiError> {
    let mut windows = state.windows.lock().expect("windows lock");
    let Some(Slot::Open(session)) = windows.get_mut(window) else {
        return Err(no_project());
    };
    let journey = session
        .journey
        .and_then(|id| session.store.project().journey(id))
        .or_else(|| session.store.project().journeys().first())
        .ok_or_else(|| failed("The project has no journey to import feedback into"))?;
    let summary = waymark_feedback::suggest::summarise(&path, &OpenOptions::default(), journey)
        .map_err(|e| failed(format!("{} could not be read: {e}", path.display())))?;
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
        &FEEDBACK_FILES,
    ) else {
        return Ok(None);
    };
    take_file(&state, window.label(), path).map(Some)
}

/// Registers where this window hears of files dropped on it; a file named with `--import` is announced at once.
#[tauri::command]
pub fn watch_drops(
    window: WebviewWindow,
    state: State<'_, AppState>,
    dropped: Channel<FileSummary>,
) {
    let startup = state.startup_import.lock().expect("startup lock").take();
    if let Some(Ok(summary)) = startup.map(|path| take_file(&state, window.label(), path)) {
        let _ = dropped.send(summary);
    }
    state
        .drops
        .lock()
        .expect("drops lock")
        .insert(window.label().to_owned(), dropped);
}

/// A file dropped on a window: a survey export opens the import wizard there.
pub fn dropped(app: &AppHandle, window: &str, paths: &[PathBuf]) {
    let state = app.state::<AppState>();
    let Some(path) = paths.iter().find(|p| {
        p.extension()
            .is_some_and(|e| FEEDBACK_FILES.contains(&e.to_string_lossy().to_lowercase().as_str()))
    }) else {
        return;
    };
    let summary = take_file(&state, window, path.clone());
    let drops = state.drops.lock().expect("drops lock");
    if let (Some(channel), Ok(summary)) = (drops.get(window), summary) {
        let _ = channel.send(summary);
    }
}

fn file_of(state: &AppState, window: &str) -> Result<PathBuf, UiError> {
    let windows = state.windows.lock().expect("windows lock");
    match windows.get(window) {
        Some(Slot::Open(session)) => session
            .feedback_file
            .clone()
            .ok_or_else(|| failed("Choose a file to import first")),
        _ => Err(no_project()),
    }
}

/// What importing the window's file with `mapping` would do.
#[tauri::command]
pub async fn feedback_preview(
    window: WebviewWindow,
    state: State<'_, AppState>,
    mapping: Mapping,
) -> Result<Preview, UiError> {
    let path = file_of(&state, window.label())?;
    let journey = {
        let windows = state.windows.lock().expect("windows lock");
        let Some(Slot::Open(session)) = windows.get(window.label()) else {
            return Err(no_project());
        };
        shown_journey(session)?.clone()
    };
    waymark_feedback::preview(&path, &mapping, &journey).map_err(failed)
}

fn shown_journey(session: &crate::Session) -> Result<&waymark_core::Journey, UiError> {
    session
        .journey
        .and_then(|id| session.store.project().journey(id))
        .or_else(|| session.store.project().journeys().first())
        .ok_or_else(|| failed("The project has no journey"))
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
    let path = file_of(&state, window.label())?;
    let cancel = Arc::new(AtomicBool::new(false));
    state
        .cancels
        .lock()
        .expect("cancels lock")
        .insert(window.label().to_owned(), cancel.clone());
    let result = (|| {
        let mut windows = state.windows.lock().expect("windows lock");
        let Some(Slot::Open(session)) = windows.get_mut(window.label()) else {
            return Err(no_project());
        };
        let journey = shown_journey(session)?.clone();
        let on_progress = |rows: u64| {
            let _ = progress.send(rows);
            !cancel.load(Ordering::Relaxed)
        };
        waymark_feedback::import(
            &mut session.store,
            &path,
            &mapping,
            &journey,
            None,
            &on_progress,
        )
        .map_err(failed)?;
        if let Some(name) = preset.filter(|n| !n.trim().is_empty()) {
            let json = serde_json::to_string(&mapping).expect("mappings serialise");
            session.store.save_preset(name.trim(), &json)?;
        }
        session.feedback_file = None;
        Ok(session.updated_view()?)
    })();
    state
        .cancels
        .lock()
        .expect("cancels lock")
        .remove(window.label());
    result
}

/// Stops this window's import; nothing of it is kept.
#[tauri::command]
pub fn feedback_cancel(window: WebviewWindow, state: State<'_, AppState>) {
    if let Some(flag) = state
        .cancels
        .lock()
        .expect("cancels lock")
        .get(window.label())
    {
        flag.store(true, Ordering::Relaxed);
    }
}

/// The definition of a metric as the import panel describes it (kind, scale, mean or share): built here, where
/// every metric is defined, so the UI never restates the maths.
#[tauri::command]
pub fn metric_definition(
    kind: waymark_core::metrics::MetricKind,
    scale: Option<(f64, f64)>,
    mean: Option<bool>,
) -> waymark_core::metrics::MetricDefinition {
    waymark_core::metrics::MetricDefinition::for_kind(kind, scale, mean)
}

/// A card's comments (newest first, filtered) and monthly trend.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct CardFeedback {
    pub comments: Vec<Comment>,
    /// Comments matching the filter, of which `comments` holds the first ones.
    pub matching: usize,
    pub trend: Vec<TrendPoint>,
}

const COMMENTS_SHOWN: usize = 200;

#[tauri::command]
pub async fn card_feedback(
    window: WebviewWindow,
    state: State<'_, AppState>,
    card: CardId,
    search: String,
    band: Option<(f64, f64)>,
) -> Result<CardFeedback, UiError> {
    let windows = state.windows.lock().expect("windows lock");
    let Some(Slot::Open(session)) = windows.get(window.label()) else {
        return Err(no_project());
    };
    let journey = shown_journey(session)?;
    let needle = search.trim().to_lowercase();
    let matching: Vec<Comment> = session
        .store
        .comments(card, 20_000)?
        .into_iter()
        .filter(|c| band.is_none_or(|(low, high)| c.score >= low && c.score <= high))
        .filter(|c| needle.is_empty() || c.text.to_lowercase().contains(&needle))
        .collect();
    Ok(CardFeedback {
        matching: matching.len(),
        comments: matching.into_iter().take(COMMENTS_SHOWN).collect(),
        trend: session
            .store
            .card_trend(journey, card, waymark_core::metrics::DEFAULT_MIN_N)?,
    })
}

/// Sets below how many responses this window flags a score as low-confidence.
#[tauri::command]
pub fn set_min_n(
    window: WebviewWindow,
    state: State<'_, AppState>,
    min_n: u64,
) -> Result<ViewUpdate, UiError> {
    with_session(&state, &window, |session| {
        session.store.set_min_n(min_n);
        Ok(())
    })
}

#[tauri::command]
pub fn remove_dataset(
    window: WebviewWindow,
    state: State<'_, AppState>,
    id: String,
) -> Result<ViewUpdate, UiError> {
    with_session(&state, &window, |session| {
        session.store.remove_dataset(&id).map(drop)
    })
}

/// A file named on the command line after `--import`: the wizard opens with it.
pub fn import_argument() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip_while(|a| a != "--import");
    args.next()?;
    args.next()
        .map(PathBuf::from)
        .filter(|p: &PathBuf| Path::new(p).exists())
}
