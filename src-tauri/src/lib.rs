//! The Waymark desktop shell. It holds no document logic and no policy: each command finds the calling window's
//! open project, makes one call — `waymark-api` for the operations the CLI offers too, `Store::apply` for edits
//! — and returns the new view (whole or as a patch on the last one, a `ViewUpdate`) or a one-sentence
//! [`UiError`]. Each window's project has its own lock (`session.rs`); long work runs on blocking threads.
//!
//! Files are reached only through paths the user chose: a native dialog opened here in Rust, the command line,
//! or the recent-files list those two fill. The UI never passes a path of its own.

mod allocator;
mod check;
mod commands;
mod comments;
mod copies;
mod export;
mod feedback;
mod history;
mod journeys;
mod personas;
mod recent;
mod rendering;
mod script_heap;
mod segments;
mod session;
mod sharing;
mod watch;
mod windows;

pub use allocator::limit_malloc_arenas;
pub use commands::UiError;
pub use rendering::draw_on_the_cpu_without_a_gpu;
pub use script_heap::collect_script_garbage_sooner;
pub use session::{Session, Slot, Window, Windows};
pub use sharing::Settle;
pub use watch::FileEvent;

use recent::Recent;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, AtomicU64};
use tauri::Manager;

struct AppState {
    /// Every window's project, each behind its own lock.
    windows: Windows,
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
        .plugin(
            tauri_plugin_window_state::Builder::default()
                .with_state_flags(windows::REMEMBERED)
                .build(),
        )
        .setup(move |app| {
            let config_dir = app.path().app_config_dir()?;
            let data_dir = app.path().app_data_dir()?;
            let recent_file = config_dir.join("recent.json");
            app.manage(AppState {
                windows: Windows::default(),
                startup_import: Mutex::new(startup_import.clone()),
                recent: Mutex::new(Recent::load(&recent_file)),
                recent_file,
                data_dir,
                next_window: AtomicU32::new(1),
                geometry_changes: AtomicU64::new(0),
                author: waymark_store::default_author(),
            });
            windows::first_window(app.handle(), file_arg.clone())?;
            watch::start(app.handle().clone());
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
            check::check_journey,
            check::paths_between,
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
            export::export_formats,
            export::export_preview,
            export::export_file,
            export::export_cancel,
            export::import_map,
            history::history_page,
            history::restore_history,
            history::versions,
            history::save_version,
            history::compare_version,
            journeys::journey_templates,
            journeys::add_journey,
            journeys::rename_journey,
            journeys::move_journey,
            journeys::delete_journey,
            journeys::save_journey_as_template,
            feedback::feedback_choose,
            feedback::watch_drops,
            feedback::feedback_preview,
            feedback::metric_definition,
            feedback::feedback_guess_score,
            feedback::feedback_import,
            feedback::feedback_cancel,
            feedback::card_feedback,
            feedback::remove_dataset,
            feedback::set_min_n,
            personas::persona_scores,
            watch::watch_file,
            comments::add_comment,
            comments::edit_comment,
            comments::resolve_comment,
            comments::author,
            copies::conflict_copies,
            copies::trash_copy,
            sharing::merge_a_copy,
            sharing::merge_copy,
            sharing::merge_review,
            sharing::settle_conflicts,
            sharing::open_new_file,
            segments::segment_columns,
            segments::scores_by_segment,
            segments::channel_consistency,
        ])
        .run(tauri::generate_context!())
        .expect("the Waymark window could not start");
}
