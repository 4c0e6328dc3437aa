//! Windows and the projects open in them.

use crate::AppState;
use crate::session::{Session, Slot, lock};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::Duration;
use tauri::webview::PageLoadEvent;
use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindow, WebviewWindowBuilder};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};
use waymark_store::{Access, Store};

/// The project a first start opens: the file named on the command line, else the most recent file that still
/// exists, else the sample project (created on the very first run).
pub fn first_window(app: &AppHandle, file: Option<PathBuf>) -> tauri::Result<()> {
    let state = app.state::<AppState>();
    let chosen = file.or_else(|| {
        let recent = lock(&state.recent);
        recent.paths().iter().find(|p| p.exists()).cloned()
    });
    let label = new_window(app)?;
    let path = match chosen {
        Some(path) => path,
        None => {
            let sample_path = state.data_dir.join("Groceries sample.waymark");
            if !sample_path.exists() {
                std::fs::create_dir_all(&state.data_dir)?;
                let sample = waymark_api::project::NewProject {
                    sample: true,
                    name: None,
                };
                if let Err(e) = waymark_api::project::create(&sample_path, &sample, &state.author) {
                    state
                        .windows
                        .get(&label)
                        .set(|| Slot::Failed(e.to_string()));
                    return Ok(());
                }
            }
            sample_path
        }
    };
    open_now(app, &label, &path);
    lay_out_first_view(app, &label);
    Ok(())
}

/// Another `waymark-app FILE` was started: open FILE in a new window of this instance and bring it forward.
pub fn second_launch(app: &AppHandle, args: &[String], cwd: &str) {
    let file = args
        .iter()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(|a| Path::new(cwd).join(a));
    match file {
        Some(path) => open_in_new_window(app, &path),
        None => {
            if let Some(window) = app.webview_windows().values().next() {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }
    }
}

/// Opens `path` in a new window.
pub fn open_in_new_window(app: &AppHandle, path: &Path) {
    if let Ok(label) = new_window(app) {
        open_now(app, &label, path);
        lay_out_first_view(app, &label);
    }
}

/// What the window-state plugin keeps of each window: all but whether it is shown, which `new_window` decides.
pub const REMEMBERED: StateFlags = StateFlags::all().difference(StateFlags::VISIBLE);

/// Opens a window; its UI asks for its view once loaded. The window is shown when its page has loaded: a window
/// shown at once made WebKitGTK's first draw wait (up to its 500 ms limit) for the web process's first frame while
/// the page's files waited for that same main thread — so half the launches measured took 500 ms longer to show
/// the map (bench/RESULTS.md, 2026-12-07).
pub fn new_window(app: &AppHandle) -> tauri::Result<String> {
    let state = app.state::<AppState>();
    let label = format!("w{}", state.next_window.fetch_add(1, Ordering::Relaxed));
    WebviewWindowBuilder::new(app, &label, WebviewUrl::App("index.html".into()))
        .title("Waymark")
        .inner_size(1280.0, 800.0)
        .min_inner_size(720.0, 480.0)
        .visible(false)
        .on_page_load(|window, payload| {
            if payload.event() == PageLoadEvent::Finished {
                show_and_bring_forward(&window);
            }
        })
        .build()?;
    // Should the page never finish loading (its web process stuck or gone), the window shows anyway, for the
    // user to see that and close it: a window that never shows would hold its file's lock unseen.
    let app = app.clone();
    let hidden = label.clone();
    let _ = std::thread::Builder::new()
        .name("waymark-show-anyway".into())
        .spawn(move || {
            std::thread::sleep(Duration::from_secs(5));
            if let Some(window) = app.get_webview_window(&hidden) {
                let _ = app.run_on_main_thread(move || show_and_bring_forward(&window));
            }
        });
    Ok(label)
}

/// Shows a window made hidden and brings it forward, on the main thread; a window already shown is left as it is
/// (a page loaded again does not take the focus). GTK shows and focuses in one call: tao's focus request made
/// right after its show request was dropped, the window not being visible yet.
fn show_and_bring_forward(window: &WebviewWindow) {
    if !matches!(window.is_visible(), Ok(false)) {
        return;
    }
    #[cfg(target_os = "linux")]
    if let Ok(gtk_window) = window.gtk_window() {
        use gtk::prelude::{GtkWindowExt, WidgetExt};
        gtk_window.show_all();
        gtk_window.present();
        return;
    }
    let _ = window.show();
    let _ = window.set_focus();
}

/// Opens `path` in window `label`, replacing what it had, once the window's running work (if any) has ended;
/// a failure is kept for the window to show.
pub async fn open_in(app: &AppHandle, label: &str, path: &Path) {
    let (app, label, path) = (app.clone(), label.to_owned(), path.to_owned());
    let _ = tauri::async_runtime::spawn_blocking(move || open_now(&app, &label, &path)).await;
}

/// Opens `path` in window `label` now (blocking while the window's work runs; a new window has none).
fn open_now(app: &AppHandle, label: &str, path: &Path) {
    let state = app.state::<AppState>();
    let mut read_only = None;
    state
        .windows
        .get(label)
        .set(|| match Store::open(path, &state.author) {
            Ok(store) => {
                read_only = Some(matches!(store.access(), Access::ReadOnly(_)));
                Slot::Open(Box::new(Session::new(store)))
            }
            Err(e) => Slot::Failed(e.to_string()),
        });
    let Some(window) = app.get_webview_window(label) else {
        return;
    };
    match read_only {
        Some(read_only) => {
            remember(app, path);
            set_title(&window, path, read_only);
        }
        None => {
            let _ = window.set_title("Waymark");
        }
    }
}

/// Lays out a new window's first view on a thread of its own while WebKit starts and loads the page, so that the
/// page's first ask finds it made; an ask that comes first waits for the window's lock and the layout, no longer
/// than it would have taken to make. Without a thread to be had, or should the layout fail, the view lays it out
/// as before.
fn lay_out_first_view(app: &AppHandle, label: &str) {
    let window = app.state::<AppState>().windows.get(label);
    let _ = std::thread::Builder::new()
        .name("waymark-first-view".into())
        .spawn(move || {
            if let Slot::Open(session) = &*window.slot() {
                // Caught, so as not to poison the window's lock: the view then lays out itself, and a panic there
                // is reported as any command's is.
                let _ = catch_unwind(AssertUnwindSafe(|| session.lay_out_first_view()));
            }
        });
}

/// "file.waymark — Waymark", marked when the file is open read-only.
pub fn set_title(window: &WebviewWindow, path: &Path, read_only: bool) {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let _ = window.set_title(&format!(
        "{} — Waymark{}",
        name.unwrap_or_default(),
        if read_only { " (read-only)" } else { "" }
    ));
}

/// Puts `path` first on the recent-files list and saves the list.
pub fn remember(app: &AppHandle, path: &Path) {
    let state = app.state::<AppState>();
    let path = path.canonicalize().unwrap_or_else(|_| path.to_owned());
    let mut recent = lock(&state.recent);
    recent.touch(&path);
    let _ = recent.save(&state.recent_file);
}

/// A window closed: release its file.
pub fn forget(app: &AppHandle, label: &str) {
    if let Some(state) = app.try_state::<AppState>() {
        state.windows.remove(label);
    }
}

/// Saves every window's size and position half a second after the last move or resize. The window-state plugin
/// alone saves them only when the app exits cleanly; this way a killed or crashed app keeps them too.
pub fn remember_geometry_soon(app: &AppHandle) {
    let Some(state) = app.try_state::<AppState>() else {
        return;
    };
    let change = state.geometry_changes.fetch_add(1, Ordering::Relaxed) + 1;
    let app = app.clone();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(500));
        let latest = app
            .state::<AppState>()
            .geometry_changes
            .load(Ordering::Relaxed);
        if latest == change {
            // On the main thread: saving holds the plugin's lock while it asks the main thread for each window's
            // geometry, and a window being created on the main thread waits for that lock — from here the two
            // would wait for each other (seen: a second launch opening its window hung the app).
            let saver = app.clone();
            let _ = app.run_on_main_thread(move || {
                let _ = saver.save_window_state(REMEMBERED);
            });
        }
    });
}
