//! The whole file's check of the feedback, started on a thread of its own when a project is opened for writing, so
//! that it is usually done before anything reads the feedback (a window shows its map, the user picks a card) and
//! the first read waits only for what is left of it.
//!
//! It begins a moment after the open ([`DELAY`]: after the first view, and after most command-line commands have
//! ended) and reads the file through a second connection, read-only and hardened like the first, at a lower
//! priority than the window's work. A read of the feedback before it began runs the check itself, as it would
//! have. A connection reading holds SQLite's shared lock, under which no one can commit — the store's own edits
//! included — so every write of the store stops it first (an interrupt, which `quick_check` honours within a page
//! or so): a check that had finished counts, one that had not is run again, in the foreground, when the feedback is
//! first read. Its outcome counts only while the file is still the one opened and no other connection has committed
//! to it since it was started (SQLite's `data_version`).

use crate::checked;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What the check on its thread found.
pub(crate) enum Outcome {
    /// Sound, with the file's key when it did not change while being checked (then also remembered).
    Sound(Option<checked::ContentKey>),
    /// The first problem found.
    Damaged(String),
    /// Stopped, or the file could not be read or was no longer the one opened: to be checked again when needed.
    Unknown,
}

/// How long after the open the check starts: after the window's first view is built and sent, and after most
/// command-line commands are done (which then stop a check that never began, at no cost).
pub(crate) const DELAY: Duration = Duration::from_millis(250);

/// A check on its thread, waiting to start or running.
pub(crate) struct Background {
    thread: JoinHandle<Outcome>,
    shared: Arc<Shared>,
    /// The store's connection's `data_version` when the check was started.
    pub data_version: i64,
}

/// What the store and the check's thread share.
#[derive(Default)]
struct Shared {
    /// Set by the store: stop (or do not start).
    stop: AtomicBool,
    /// Set by the thread once its connection is open and the check about to run.
    started: AtomicBool,
    interrupt: Mutex<Option<rusqlite::InterruptHandle>>,
}

impl std::fmt::Debug for Background {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Background")
            .field("data_version", &self.data_version)
            .finish_non_exhaustive()
    }
}

/// Starts the check of the file at `path`, which must still be the file `opened` (device, inode) when it begins,
/// [`DELAY`] from now.
pub(crate) fn start(
    path: &Path,
    opened: (u64, u64),
    data_version: i64,
) -> std::io::Result<Background> {
    let shared = Arc::new(Shared::default());
    let path = path.to_owned();
    let theirs = shared.clone();
    let thread = std::thread::Builder::new()
        .name("waymark feedback check".into())
        .spawn(move || check(&path, opened, &theirs))?;
    Ok(Background {
        thread,
        shared,
        data_version,
    })
}

/// The thread's work: wait, open a read-only hardened connection, check the whole file.
fn check(path: &Path, opened: (u64, u64), shared: &Shared) -> Outcome {
    let begin = Instant::now() + DELAY;
    while !shared.stop.load(Ordering::Relaxed) && Instant::now() < begin {
        std::thread::park_timeout(begin.saturating_duration_since(Instant::now()));
    }
    lower_priority();
    let still_opened = || {
        std::fs::metadata(path)
            .ok()
            .and_then(|m| checked::file_id(&m))
            == Some(opened)
    };
    if shared.stop.load(Ordering::Relaxed) || !still_opened() {
        return Outcome::Unknown;
    }
    let Ok(conn) = rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) else {
        return Outcome::Unknown;
    };
    if crate::schema::harden(&conn).is_err() {
        return Outcome::Unknown;
    }
    *shared.interrupt.lock().unwrap_or_else(|e| e.into_inner()) = Some(conn.get_interrupt_handle());
    shared.started.store(true, Ordering::Relaxed);
    if shared.stop.load(Ordering::Relaxed) {
        return Outcome::Unknown;
    }
    let key = checked::key(path, opened);
    let found = crate::schema::quick_check(&conn, "main");
    // An interrupted check reports a problem of its own making: only a finished pass counts then.
    let stopped = shared.stop.load(Ordering::Relaxed);
    match found {
        Ok(None) if still_opened() => {
            let after = checked::key(path, opened);
            let key = key.filter(|k| after.as_ref() == Some(k));
            if let Some(key) = &key {
                checked::remember(key);
            }
            Outcome::Sound(key)
        }
        Ok(Some(problem)) if !stopped && still_opened() => Outcome::Damaged(problem),
        Err(e)
            if !stopped
                && e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt)
                && still_opened() =>
        {
            Outcome::Damaged("SQLite reports the database as malformed".into())
        }
        _ => Outcome::Unknown,
    }
}

impl Background {
    /// Whether the check has begun (its wait is over and its connection open).
    pub(crate) fn started(&self) -> bool {
        self.shared.started.load(Ordering::Relaxed)
    }

    /// Waits for the check to finish.
    pub(crate) fn finish(self) -> Outcome {
        self.thread.join().unwrap_or(Outcome::Unknown)
    }

    /// Stops the check (what it had found, if it had finished, still counts) and waits for its thread: at once if
    /// it had not begun, else within a millisecond or so. The interrupt is repeated until the thread ends, since
    /// one sent before its statement starts does nothing.
    pub(crate) fn stop(self) -> Outcome {
        self.shared.stop.store(true, Ordering::Relaxed);
        self.thread.thread().unpark();
        while !self.thread.is_finished() {
            if let Some(interrupt) = &*self
                .shared
                .interrupt
                .lock()
                .unwrap_or_else(|e| e.into_inner())
            {
                interrupt.interrupt();
            }
            std::thread::sleep(Duration::from_micros(100));
        }
        self.finish()
    }
}

/// Makes this thread yield to the window's work (Linux: a nice value of 10 for the thread alone).
#[cfg(target_os = "linux")]
fn lower_priority() {
    // SAFETY: gettid has no preconditions; setpriority on this thread's id changes only this thread.
    unsafe {
        let thread = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, thread as libc::id_t, 10);
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}
