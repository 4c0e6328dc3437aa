//! Windows and their projects, each behind its own lock: work in one window never waits for another, long work
//! runs on a blocking thread (never on the main thread or the async runtime), and a panic in it becomes one
//! sentence in that window and a project reopened from its file, never a poisoned lock.

use crate::commands::UiError;
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use waymark_core::{JourneyId, Theme};
use waymark_feedback::suggest::FileSummary;
use waymark_store::{
    Detached, ProjectView, Store, StoreError, ViewTracker, ViewUpdate, panic_message,
};

/// One window's open project, the journey it shows, where its exports go (chosen in a dialog), and the
/// feedback file it is importing (chosen in a dialog, dropped on it, or named on the command line).
pub struct Session {
    pub store: Store,
    pub journey: Option<JourneyId>,
    pub export_dir: Option<PathBuf>,
    pub feedback_file: Option<PathBuf>,
    /// The last view sent to the window, so the next one goes as a patch.
    shown: ViewTracker,
    /// What the next view says once about the file (see `FileInfo::notice`).
    pub notice: Option<String>,
    /// The window's file is gone or not this project's any more: the window keeps its document, read-only.
    pub detached: Option<Detached>,
    /// The file standing at the window's path that was refused (another project's, damaged), so it is not opened
    /// again until it changes.
    refused_file: Option<(std::time::SystemTime, u64)>,
}

/// The theme every window's views are laid out in.
fn theme() -> Theme {
    Theme::default()
}

impl Session {
    pub fn new(store: Store) -> Self {
        Session {
            store,
            journey: None,
            export_dir: None,
            feedback_file: None,
            shown: ViewTracker::default(),
            notice: None,
            detached: None,
            refused_file: None,
        }
    }

    /// Lays out what the window's first view will show, while its page is still loading.
    pub fn lay_out_first_view(&self) {
        self.store.lay_out_first_view(self.journey, &theme());
    }

    /// The window's whole view (when it opens a project or asks for all of it).
    pub fn full_view(&mut self) -> Result<ViewUpdate, StoreError> {
        let view = self.view()?;
        Ok(self.shown.full(view))
    }

    /// The window's view after a change, as a patch on the one it has.
    pub fn updated_view(&mut self) -> Result<ViewUpdate, StoreError> {
        let view = self.view()?;
        Ok(self.shown.update(view))
    }

    /// The view with what the shell knows about the file: the notice (said once) and whether it is detached.
    fn view(&mut self) -> Result<ProjectView, StoreError> {
        let mut view = self.store.view(self.journey, &theme())?;
        view.file.notice = self.notice.take();
        if let Some(detached) = &self.detached {
            view.file.read_only = Some(detached.reason.clone());
            view.file.detached = Some(detached.clone());
        }
        Ok(view)
    }

    /// Looks at the window's file (before each edit, and once a second from `watch.rs`). Replaced by another copy
    /// of the project: the window's work is merged into it and the window goes on with the merged file, saying so
    /// once. Moved, deleted, or replaced by something else: the window keeps its document, read-only, for Save As
    /// (and, where another file now stands, to open that one). Back as it was: editable again.
    pub fn check_file(&mut self) -> FileCheck {
        match self.store.ensure_same_file() {
            Ok(()) => match self.detached.take() {
                Some(_) => FileCheck::Changed,
                None => FileCheck::Same,
            },
            Err(StoreError::Replaced { .. }) => {
                let standing = fingerprint(self.store.path());
                if let Some(d) = &self.detached
                    && d.another_file
                    && self.refused_file == standing
                {
                    // The file that was refused is still the one there: not opened again every second.
                    return FileCheck::Same;
                }
                match self.take_in_replaced_file() {
                    Ok(()) => {
                        self.detached = None;
                        FileCheck::Changed
                    }
                    Err(UiError { message }) => {
                        self.refused_file = standing;
                        self.detach(message, true)
                    }
                }
            }
            Err(StoreError::Gone { path }) => {
                self.detach(format!("{path} was moved or deleted on disk."), false)
            }
            Err(other) => self.detach(other.to_string(), false),
        }
    }

    fn detach(&mut self, reason: String, another_file: bool) -> FileCheck {
        let detached = Detached {
            reason,
            another_file,
        };
        if self.detached.as_ref() == Some(&detached) {
            return FileCheck::Same;
        }
        self.detached = Some(detached);
        FileCheck::Changed
    }

    /// Before an edit: the file is checked (see [`Session::check_file`]); a window whose file is gone or another
    /// one's refuses the edit with the reason.
    pub fn ensure_editable(&mut self) -> Result<(), UiError> {
        self.check_file();
        match &self.detached {
            Some(d) => Err(UiError {
                message: format!(
                    "{} This window keeps your document: use Save As to keep it.",
                    d.reason
                ),
            }),
            None => Ok(()),
        }
    }

    /// The file at the window's path is another copy of the project: what the window holds is merged into it.
    fn take_in_replaced_file(&mut self) -> Result<(), UiError> {
        let author = self.store.author().to_owned();
        let (merged, report) =
            waymark_api::sharing::merge_window_into_replaced(&self.store, &author)?;
        self.store = merged;
        let name = file_name(self.store.path());
        self.notice = Some(format!(
            "{name} was replaced on disk by another copy of the project ({} changed there); what you changed \
             here ({}) was merged into it.{}",
            items(report.theirs_changes),
            items(report.ours_changes),
            conflicts_kept(&report)
        ));
        Ok(())
    }
}

/// What looking at a window's file found.
#[derive(Debug, PartialEq, Eq)]
pub enum FileCheck {
    /// Nothing new to tell the window.
    Same,
    /// The window's view changed: a copy merged, the file gone or back.
    Changed,
}

/// What tells one file at a path from another without opening it: its size and when it was written.
fn fingerprint(path: &Path) -> Option<(std::time::SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

impl Session {
    /// Merges another copy of the project (`path`) into the window's file, in place, as one undoable step, and
    /// says once what it did.
    pub fn merge_copy(&mut self, path: &Path) -> Result<(), UiError> {
        let author = self.store.author().to_owned();
        let (merged, report) = waymark_api::sharing::merge_into_window(&self.store, path, &author)?;
        self.store = merged;
        self.notice = Some(format!(
            "{} was merged into {} ({} changed there, {} here).{}",
            file_name(path),
            file_name(self.store.path()),
            items(report.theirs_changes),
            items(report.ours_changes),
            conflicts_kept(&report)
        ));
        Ok(())
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

fn items(n: usize) -> String {
    if n == 1 {
        "1 item".to_owned()
    } else {
        format!("{n} items")
    }
}

/// The sentence a merge notice ends with when conflicts were left.
fn conflicts_kept(report: &waymark_api::sharing::MergeReport) -> String {
    match report.conflicts.len() {
        0 => String::new(),
        1 => " One change was made differently on both sides: yours is kept until you settle it in the merge \
              review."
            .to_owned(),
        n => format!(
            " {n} changes were made differently on both sides: yours are kept until you settle them in the merge \
             review."
        ),
    }
}

/// What a window has: nothing, a project, or the reason the last attempt to open one failed (shown once).
pub enum Slot {
    Empty,
    Open(Box<Session>),
    Failed(String),
}

/// One window: its slot behind its own lock, and what must be reachable while its work holds that lock.
pub struct Window {
    slot: Mutex<Slot>,
    /// Set to stop the window's running import or export.
    stop: AtomicBool,
    /// Where files dropped on the window are announced.
    pub drops: Mutex<Option<tauri::ipc::Channel<FileSummary>>>,
    /// Where the window hears that its file changed on disk (see `watch.rs`).
    pub file_events: Mutex<Option<tauri::ipc::Channel<crate::watch::FileEvent>>>,
}

/// A lock that a panic elsewhere cannot make unusable: work runs under `catch_unwind` inside the lock, so
/// poisoning is not expected, and if it happens the data is still whole (every store change is transactional).
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Window {
    fn new() -> Self {
        Window {
            slot: Mutex::new(Slot::Empty),
            stop: AtomicBool::new(false),
            drops: Mutex::new(None),
            file_events: Mutex::new(None),
        }
    }

    /// The window's slot, locked (briefly: for long work use [`Window::with_session`] on a blocking thread).
    pub fn slot(&self) -> MutexGuard<'_, Slot> {
        lock(&self.slot)
    }

    /// The window's slot if no work holds it now (a watcher passes by rather than wait).
    pub fn slot_if_free(&self) -> Option<MutexGuard<'_, Slot>> {
        match self.slot.try_lock() {
            Ok(slot) => Some(slot),
            Err(std::sync::TryLockError::Poisoned(p)) => Some(p.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => None,
        }
    }

    /// Replaces what the window has; the old project's file is released first, so it can be opened again.
    pub fn set(&self, open: impl FnOnce() -> Slot) {
        let mut slot = self.slot();
        *slot = Slot::Empty;
        *slot = open();
    }

    /// Runs `work` on the window's open project. A panic in it is caught: the window gets one sentence and its
    /// project is reopened from the file (every change is a transaction, so the file is whole).
    pub fn with_session<T>(
        &self,
        work: impl FnOnce(&mut Session) -> Result<T, UiError>,
    ) -> Result<T, UiError> {
        let mut slot = self.slot();
        let Slot::Open(session) = &mut *slot else {
            return Err(no_project());
        };
        let path = session.store.path().to_owned();
        let author = session.store.author().to_owned();
        match catch_unwind(AssertUnwindSafe(|| work(session))) {
            Ok(result) => result,
            Err(payload) => {
                let why = panic_message(&*payload);
                *slot = Slot::Empty;
                *slot = match Store::open(&path, &author) {
                    Ok(store) => Slot::Open(Box::new(Session::new(store))),
                    Err(e) => Slot::Failed(e.to_string()),
                };
                Err(UiError {
                    message: format!(
                        "Waymark stopped on an internal error ({why}); {} was reopened as it is on disk.",
                        path.display()
                    ),
                })
            }
        }
    }

    /// Asks the window's running import or export to stop.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// Starts long work: clears an earlier stop, and returns the flag to watch.
    pub fn start_stoppable(&self) -> &AtomicBool {
        self.stop.store(false, Ordering::Relaxed);
        &self.stop
    }

    pub fn stop_requested(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

/// Runs `work` on the window's project on a blocking thread, so neither the main thread nor the async runtime
/// waits for it (or for the window's lock).
pub async fn in_background<T: Send + 'static>(
    window: Arc<Window>,
    work: impl FnOnce(&mut Session, &AtomicBool) -> Result<T, UiError> + Send + 'static,
) -> Result<T, UiError> {
    tauri::async_runtime::spawn_blocking(move || {
        window.with_session(|session| work(session, &window.stop))
    })
    .await
    .map_err(|e| UiError {
        message: format!("Waymark stopped on an internal error ({e})."),
    })?
}

/// Replaces what the window has, on a blocking thread (it waits for the window's running work, if any).
pub async fn replace(window: Arc<Window>, open: impl FnOnce() -> Slot + Send + 'static) {
    let _ = tauri::async_runtime::spawn_blocking(move || window.set(open)).await;
}

pub fn no_project() -> UiError {
    UiError {
        message: "No project is open in this window.".into(),
    }
}

/// Every window, by label. The map's lock is held only to find a window, never during its work.
#[derive(Default)]
pub struct Windows {
    all: Mutex<HashMap<String, Arc<Window>>>,
}

impl Windows {
    /// The window `label` (made on first use).
    pub fn get(&self, label: &str) -> Arc<Window> {
        lock(&self.all)
            .entry(label.to_owned())
            .or_insert_with(|| Arc::new(Window::new()))
            .clone()
    }

    /// Every window now.
    pub fn all(&self) -> Vec<Arc<Window>> {
        lock(&self.all).values().cloned().collect()
    }

    /// A window closed: its running work is asked to stop, and its project is released when the last use of
    /// the window ends (at once, unless work is running).
    pub fn remove(&self, label: &str) {
        if let Some(window) = lock(&self.all).remove(label) {
            window.stop();
        }
    }
}

#[cfg(test)]
mod tests;
