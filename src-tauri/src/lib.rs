//! The Waymark desktop shell. It holds no document logic: each command finds the calling window's open project,
//! makes one call into `waymark-store`, and returns the new view (whole or as a patch on the last one, a
//! [`ViewUpdate`]) or a one-sentence [`UiError`].
//!
//! Files are reached only through paths the user chose: a native dialog opened here in Rust, the command line,
//! or the recent-files list those two fill. The UI never passes a path of its own.

mod commands;
mod export;
mod feedback;
mod recent;
mod windows;

pub use commands::UiError;
pub use export::{ExportDone, ExportPreview, ExportRequest};
pub use feedback::CardFeedback;

use recent::Recent;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, AtomicU64};
use tauri::Manager;
use waymark_core::JourneyId;
use waymark_core::Theme;
use waymark_store::{Store, StoreError, ViewTracker, ViewUpdate};

/// One window's open project, the journey it shows, where its exports go (chosen in a dialog), and the
/// feedback file it is importing (chosen in a dialog, dropped on it, or named on the command line).
struct Session {
    store: Store,
    journey: Option<JourneyId>,
    export_dir: Option<PathBuf>,
    feedback_file: Option<PathBuf>,
    /// The last view sent to the window, so the next one goes as a patch.
    shown: ViewTracker,
}

impl Session {
    fn new(store: Store) -> Self {
        Session {
            store,
            journey: None,
            export_dir: None,
            feedback_file: None,
            shown: ViewTracker::default(),
        }
    }

    /// The window's whole view (when it opens a project or asks for all of it).
    fn full_view(&mut self) -> Result<ViewUpdate, StoreError> {
        let view = self.store.view(self.journey, &Theme::default())?;
        Ok(self.shown.full(view))
    }

    /// The window's view after a change, as a patch on the one it has.
    fn updated_view(&mut self) -> Result<ViewUpdate, StoreError> {
        let view = self.store.view(self.journey, &Theme::default())?;
        Ok(self.shown.update(view))
    }
}

/// What a window has: a project, or the reason the last attempt to open one failed (shown once), or nothing.
enum Slot {
    Open(Box<Session>),
    Failed(String),
}

struct AppState {
    windows: Mutex<HashMap<String, Slot>>,
    /// Per window: the flag that cancels its running import (apart from `windows`, which the import holds).
    cancels: Mutex<HashMap<String, std::sync::Arc<std::sync::atomic::AtomicBool>>>,
    /// Per window: where files dropped on it are announced.
    drops: Mutex<HashMap<String, tauri::ipc::Channel<waymark_feedback::suggest::FileSummary>>>,
    /// A feedback file named with `--import FILE`, for the first window.
    startup_import: Mutex<Option<PathBuf>>,
    recent: Mutex<Recent>,
    recent_file: PathBuf,
    data_dir: PathBuf,
    next_window: AtomicU32,
    /// Counts window moves and resizes, so only the last of a burst saves the geometry.
    geometry_changes: AtomicU64,
    author: String,
}

/// Starts the app: `waymark-app [FILE]`.
pub fn run() {
    let startup_import = feedback::import_argument();
    let file_arg = std::env::args_os()
        .skip(1)
        .find(|a| !a.to_string_lossy().starts_with('-') && Some(PathBuf::from(a)) != startup_import)
        .map(PathBuf::from);
    tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, args, cwd| {
            windows::second_launch(app, &args, &cwd);
        }))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .setup(move |app| {
            let config_dir = app.path().app_config_dir()?;
            let data_dir = app.path().app_data_dir()?;
            let recent_file = config_dir.join("recent.json");
            app.manage(AppState {
                windows: Mutex::new(HashMap::new()),
                cancels: Mutex::new(HashMap::new()),
                drops: Mutex::new(HashMap::new()),
                startup_import: Mutex::new(startup_import.clone()),
                recent: Mutex::new(Recent::load(&recent_file)),
                recent_file,
                data_dir,
                next_window: AtomicU32::new(1),
                geometry_changes: AtomicU64::new(0),
                author: waymark_store::default_author(),
            });
            windows::first_window(app.handle(), file_arg.clone())?;
            Ok(())
        })
        .on_window_event(|window, event| match event {
            tauri::WindowEvent::Destroyed => windows::forget(window.app_handle(), window.label()),
            tauri::WindowEvent::Moved(_) | tauri::WindowEvent::Resized(_) => {
                windows::remember_geometry_soon(window.app_handle())
            }
            tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) => {
                feedback::dropped(window.app_handle(), window.label(), paths)
            }
            _ => {}
        })
        .invoke_handler(tauri::generate_handler![
            commands::current_view,
            commands::apply,
            commands::undo,
            commands::redo,
            commands::show_journey,
            commands::new_project,
            commands::open_project,
            commands::open_recent,
            commands::recent_files,
            commands::save_as,
            commands::close_project,
            commands::set_fullscreen,
            export::export_preview,
            export::export_file,
            export::import_map,
            feedback::feedback_choose,
            feedback::watch_drops,
            feedback::feedback_preview,
            feedback::metric_definition,
            feedback::feedback_import,
            feedback::feedback_cancel,
            feedback::card_feedback,
            feedback::remove_dataset,
            feedback::set_min_n,
        ])
        .run(tauri::generate_context!())
        .expect("the Waymark window could not start");
}
