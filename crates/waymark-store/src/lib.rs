//! # waymark-store
//!
//! The `.waymark` project file: one SQLite database holding the document and its op log.
//!
//! - **One path for every edit.** [`Store::apply`], [`Store::undo`] and [`Store::redo`] apply a command to the
//!   in-memory [`Project`] and write the rows it changed plus one op-log row in a single transaction. If the write
//!   fails, the in-memory change is reverted, so memory and file never disagree.
//! - **Durable.** Rollback journal in `DELETE` mode with `synchronous = FULL`: an edit acknowledged by `apply` is
//!   on disk, a kill at any instant leaves a file that opens, and no `-journal`, `-wal` or `-shm` file sits beside
//!   a closed project.
//! - **Untrusted input.** [`Store::open`] checks the header bytes first (SQLite? ours? a version we read? as long
//!   as it says?), then opens with defensive settings, refuses triggers, views and virtual tables, runs
//!   `quick_check` on every table but the bulk feedback ones (responses, their runs, kept source files), and
//!   rebuilds the document through the same validation as every edit. The whole file's `quick_check` runs once,
//!   before the bulk tables are first read or written, so opening costs what the document costs — on a thread of
//!   its own from a moment after a writable open (`background`), and not at all for content it passed before,
//!   remembered outside the file by what the kernel says identifies it (`checked`); values read from the feedback
//!   are checked against what an import writes. Nothing is written to a file that fails the checks on open; one
//!   whose bulk tables fail theirs takes edits to its document but no feedback read or written.
//! - **History is kept.** Undo, redo and [`Store::restore`] (back to any history point) are new op-log entries;
//!   none is ever rewritten or removed. Named versions ([`Store::save_version`]) are labels on history points.
//! - **One writer.** A writer holds an exclusive advisory lock on the file for as long as it is open; a second
//!   process gets the file read-only and is told why.
//!
//! Architecture invariant: this crate knows nothing of Tauri, the terminal or the UI.

mod background;
mod checked;
mod error;
mod feedback;
mod header;
mod history;
mod keys;
mod laid_out;
mod rows;
mod schema;
mod segment_tally;
mod segments;
mod sharing;
mod view;
mod view_update;

pub use checked::{CheckMemory, set_check_memory};
pub use error::StoreError;
pub use feedback::{
    CardTally, Comment, Dataset, DatasetWriter, ImportFailure, NewDataset, NewResponse, ScopeScore,
    TrendPoint, WritingStopped, panic_message,
};
pub use header::APPLICATION_ID;
pub use history::{HistoryEntry, OpKind, Version};
pub use keys::{DatasetId, MetricKey, Month};
pub use schema::SCHEMA_VERSION;
pub use segments::{
    ChannelScore, ScoreScope, SegmentScore, SegmentSplit, SegmentTallies, StageChannels,
};
pub use sharing::{MergeRecord, MergeSides, RawEntry, StoredConflict};
pub use view::{Detached, FeedbackView, FileInfo, JourneySummary, ProjectView};
pub use view_update::{
    JourneyPatch, Keyed, LayoutPatch, ListPatch, Movable, Shift, ViewPatch, ViewTracker, ViewUpdate,
};
pub use waymark_core::metrics::CardScore;

use error::{display, read_failed};
use rusqlite::{Connection, OpenFlags, TransactionBehavior, params};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};
use waymark_core::{Applied, Command, Project};

/// Whether this process may write the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access {
    ReadWrite,
    /// Opened read-only, with the reason in words.
    ReadOnly(String),
}

/// An open project file.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    project: Project,
    access: Access,
    author: String,
    /// Scores on fewer responses are flagged low-confidence (a setting of this session, not of the file): the one
    /// value every score read from this store honours.
    min_n: u64,
    /// Held for the store's lifetime: the exclusive advisory lock that makes this process the only writer — and
    /// the file opened, to tell whether the path still names it before each write.
    lock: Option<File>,
    /// The whole file's `quick_check`, run once before the bulk feedback tables are first read or written (not on
    /// open, where it would cost what the responses cost): `None` when sound, else the problem, in words.
    bulk_checked: std::cell::OnceCell<Option<String>>,
    /// The device and inode of the file opened (where the platform has them): a passed check is remembered for
    /// this file's content only ([`checked`]).
    opened: Option<(u64, u64)>,
    /// How the feedback came to be known sound, once it is: by the check, remembered, or as a copy made from
    /// checked tables — with what tells, when the store is closed, whether only this store has changed the file
    /// since (SQLite's `data_version`, this connection's row changes) and the file's key then.
    sound: std::cell::RefCell<Option<Sound>>,
    /// The whole file's check running on a thread of its own since the store was opened for writing, until the
    /// feedback is first read (which waits for it) or written, or the store is closed (either of which stops it).
    background: std::cell::RefCell<Option<background::Background>>,
    /// Counts the in-memory project's states: one more for every edit tried (applied, refused or reverted), so that
    /// two states never share a number.
    generation: u64,
    /// The layout of the journey on show, made while the last edit was written or before the first view
    /// ([`laid_out`]).
    laid_out: std::cell::RefCell<laid_out::LaidOut>,
}

/// How an open store's feedback was found sound (see [`Store::feedback_check`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedbackCheck {
    /// The whole file's `quick_check` ran, in this store, when the feedback was first read.
    Ran,
    /// It ran on a thread of its own, started when the store was opened for writing.
    Background,
    /// A check of this exact content passed before and was remembered ([`checked`]).
    Remembered,
    /// The file is a copy this process wrote from checked tables (Save As).
    Copied,
}

/// What was true when the feedback was found sound.
#[derive(Debug)]
struct Sound {
    how: FeedbackCheck,
    data_version: i64,
    changes: u64,
    key: Option<checked::ContentKey>,
}

impl Store {
    /// Creates a new project file holding `project`. Refuses to overwrite an existing file. The file appears
    /// complete or not at all: it is written beside its final name and renamed into place.
    pub fn create(path: &Path, project: &Project, author: &str) -> Result<Store, StoreError> {
        write_new_file(path, |temporary| {
            let mut conn = Connection::open_with_flags(
                temporary,
                OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_CREATE
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            schema::harden(&conn)?;
            schema::set_durable_journal(&conn)?;
            let tx = conn.transaction()?;
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            schema::migrate(&tx, 0)?;
            rows::write_all(&tx, project)?;
            tx.commit()
        })?;
        Store::open(path, author)
    }

    /// Opens a project file, read-write if no other process is writing it, else read-only (see [`Store::access`]).
    pub fn open(path: &Path, author: &str) -> Result<Store, StoreError> {
        let shown = display(path);
        let header = header::check(path, SCHEMA_VERSION)?;
        let (lock, access) = lock_for_writing(path);
        let flags = match access {
            Access::ReadWrite => OpenFlags::SQLITE_OPEN_READ_WRITE,
            Access::ReadOnly(_) => OpenFlags::SQLITE_OPEN_READ_ONLY,
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let sql = |source: rusqlite::Error| classify(&shown, source);
        let conn = Connection::open_with_flags(path, flags).map_err(sql)?;
        schema::harden(&conn).map_err(sql)?;
        if let Some(what) = schema::forbidden_object(&conn).map_err(sql)? {
            return Err(StoreError::Hostile { path: shown, what });
        }
        if let Some(problem) = schema::quick_check_document(&conn).map_err(sql)? {
            return Err(StoreError::Corrupt {
                path: shown,
                detail: format!("the integrity check says \"{problem}\""),
            });
        }
        if access == Access::ReadWrite {
            schema::set_durable_journal(&conn).map_err(sql)?;
        }
        if header.user_version < SCHEMA_VERSION {
            if let Access::ReadOnly(reason) = &access {
                return Err(StoreError::ReadOnly {
                    path: shown,
                    reason: format!("{reason}; it needs upgrading to the current format first"),
                });
            }
            let tx = conn.unchecked_transaction().map_err(sql)?;
            schema::migrate(&tx, header.user_version).map_err(sql)?;
            tx.commit().map_err(sql)?;
        }
        if access == Access::ReadWrite {
            remove_stale_journal(&conn, path).map_err(sql)?;
        }
        let data = rows::read_project(&conn).map_err(sql)?;
        let project = Project::from_data(&data).map_err(|e| StoreError::Corrupt {
            path: shown.clone(),
            detail: format!("its contents are inconsistent ({e})"),
        })?;
        // The file SQLite opened: the one locked (which every write checks the path still names), else the one the
        // path names now.
        let opened = match &lock {
            Some(file) => file.metadata(),
            None => std::fs::metadata(path),
        }
        .ok()
        .and_then(|meta| checked::file_id(&meta));
        let background = match (&access, opened) {
            (Access::ReadWrite, Some(opened)) => start_background_check(&conn, path, opened),
            _ => None,
        };
        Ok(Store {
            conn,
            path: path.to_owned(),
            project,
            access,
            author: author.to_owned(),
            min_n: waymark_core::metrics::DEFAULT_MIN_N,
            lock,
            bulk_checked: std::cell::OnceCell::new(),
            opened,
            sound: std::cell::RefCell::new(None),
            background: std::cell::RefCell::new(background),
            generation: 0,
            laid_out: Default::default(),
        })
    }

    /// Writes a copy of the project, history included, to `path` (which must not exist yet) and opens the copy.
    /// The copy appears complete or not at all. The feedback is checked first (it is copied whole); the copy, built
    /// by SQLite from checked tables, is not checked again.
    pub fn save_as(&self, path: &Path) -> Result<Store, StoreError> {
        self.check_bulk()?;
        write_new_file(path, |temporary| schema::vacuum_into(&self.conn, temporary))?;
        let copy = Store::open(path, &self.author)?;
        copy.take_background(true);
        let _ = copy.bulk_checked.set(None);
        copy.found_sound(FeedbackCheck::Copied, None);
        Ok(copy)
    }

    /// Runs, once per open store, the whole file's `quick_check` that opening leaves out — the bulk feedback tables
    /// (responses, their runs, the kept source files) — and says, in one sentence naming the file, when it fails.
    /// Everything that reads or writes those tables calls this first, so no statement touches a page of them that
    /// has not passed the check; a failure is remembered, so each later read says the same at no cost. A check
    /// this exact content passed before, in this process or another, is remembered outside the file ([`checked`])
    /// and not run again; a check that passes is remembered in turn.
    pub(crate) fn check_bulk(&self) -> Result<(), StoreError> {
        if self.bulk_checked.get().is_none() {
            self.take_background(false);
        }
        let found = match self.bulk_checked.get() {
            Some(found) => found,
            None => {
                let key = self.opened.and_then(|id| checked::key(&self.path, id));
                if let Some(key) = &key
                    && checked::remembered(key)
                {
                    self.found_sound(FeedbackCheck::Remembered, Some(key.clone()));
                    return Ok(());
                }
                let found = match schema::quick_check(&self.conn, "main") {
                    Ok(found) => found,
                    Err(e)
                        if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) =>
                    {
                        Some("SQLite reports the database as malformed".into())
                    }
                    Err(e) => return Err(classify(&display(&self.path), e)),
                };
                if found.is_none() {
                    // Remembered only if nothing changed the file while it was checked.
                    let after = self.opened.and_then(|id| checked::key(&self.path, id));
                    let key = key.filter(|k| after.as_ref() == Some(k));
                    if let Some(key) = &key {
                        checked::remember(key);
                    }
                    self.found_sound(FeedbackCheck::Ran, key);
                }
                self.bulk_checked.get_or_init(|| found)
            }
        };
        match found {
            None => Ok(()),
            Some(problem) => Err(StoreError::Corrupt {
                path: display(&self.path),
                detail: format!(
                    "its imported feedback cannot be read, as the integrity check says \"{problem}\""
                ),
            }),
        }
    }

    /// Waits for the check running on its own thread, if one is, or with `stop` (or if it has not begun) stops it
    /// first; takes what it found if it finished, and no other connection has committed to the file since it was
    /// started.
    fn take_background(&self, stop: bool) {
        let Some(running) = self.background.borrow_mut().take() else {
            return;
        };
        let started_at = running.data_version;
        let outcome = if stop || !running.started() {
            running.stop()
        } else {
            running.finish()
        };
        let data_version: Option<i64> = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .ok();
        if data_version != Some(started_at) {
            return;
        }
        match outcome {
            background::Outcome::Sound(key) => self.found_sound(FeedbackCheck::Background, key),
            background::Outcome::Damaged(problem) => {
                let _ = self.bulk_checked.set(Some(problem));
            }
            background::Outcome::Unknown => {}
        }
    }

    /// Notes that the feedback is sound (the check is then passed), and what tells at close whether the file
    /// has been changed since only by this store.
    fn found_sound(&self, how: FeedbackCheck, key: Option<checked::ContentKey>) {
        let _ = self.bulk_checked.set(None);
        let data_version = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .unwrap_or(-1);
        *self.sound.borrow_mut() = Some(Sound {
            how,
            data_version,
            changes: self.conn.total_changes(),
            key,
        });
    }

    /// How this store's feedback was found sound, once something has read it (`None` before, and when its check
    /// failed).
    pub fn feedback_check(&self) -> Option<FeedbackCheck> {
        self.sound.borrow().as_ref().map(|s| s.how)
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    /// Refuses a change to a file this process has open read-only, or whose path no longer names the file it
    /// opened (a sync client, git or a colleague replaced it, or it was moved or deleted): saying why, and writing
    /// nothing, so no edit lands in a file nobody will see again.
    pub(crate) fn ensure_writable(&self) -> Result<(), StoreError> {
        // The check reading on its own thread holds a lock under which nothing commits.
        self.take_background(true);
        if let Access::ReadOnly(reason) = &self.access {
            return Err(StoreError::ReadOnly {
                path: display(&self.path),
                reason: reason.clone(),
            });
        }
        self.ensure_same_file()
    }

    /// Whether the path still names the file this store opened.
    pub fn ensure_same_file(&self) -> Result<(), StoreError> {
        let Some(held) = &self.lock else {
            return Ok(());
        };
        let path = display(&self.path);
        match std::fs::metadata(&self.path) {
            Err(_) => Err(StoreError::Gone { path }),
            Ok(now) => match held.metadata() {
                Ok(opened) if same_file(&opened, &now) => Ok(()),
                _ => Err(StoreError::Replaced { path }),
            },
        }
    }

    /// Sets the minimum number of responses below which scores are flagged low-confidence (at least 1): in views,
    /// exports, CSV and trends alike, since all of them read it from here.
    pub fn set_min_n(&mut self, min_n: u64) {
        self.min_n = min_n.max(1);
    }

    pub fn min_n(&self) -> u64 {
        self.min_n
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Who the edits made through this store are recorded as.
    pub fn author(&self) -> &str {
        &self.author
    }

    pub fn access(&self) -> &Access {
        &self.access
    }

    /// Applies an edit and saves it; it becomes the newest undo step and clears the redo stack.
    pub fn apply(&mut self, command: &Command) -> Result<Applied, StoreError> {
        self.record(command, OpKind::Do, None)
    }

    /// Undoes the newest undo step, if there is one, and saves that.
    pub fn undo(&mut self) -> Result<Option<Applied>, StoreError> {
        self.step_from("undo", OpKind::Undo)
    }

    /// Redoes the newest undone step, if there is one, and saves that.
    pub fn redo(&mut self) -> Result<Option<Applied>, StoreError> {
        self.step_from("redo", OpKind::Redo)
    }

    /// Whether there is a step to undo, and one to redo (cheap: no counting).
    pub fn can_undo_redo(&self) -> Result<(bool, bool), StoreError> {
        let any = |stack: &str| -> rusqlite::Result<bool> {
            self.conn
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM op_log WHERE stack = ?1)")?
                .query_row([stack], |r| r.get(0))
        };
        let sql = read_failed(&self.path);
        Ok((any("undo").map_err(&sql)?, any("redo").map_err(&sql)?))
    }

    /// How many steps can be undone and redone.
    pub fn stack_depths(&self) -> Result<(usize, usize), StoreError> {
        let count = |stack: &str| -> rusqlite::Result<usize> {
            let n: i64 = self.conn.query_row(
                "SELECT count(*) FROM op_log WHERE stack = ?1",
                [stack],
                |r| r.get(0),
            )?;
            Ok(n as usize)
        };
        let sql = read_failed(&self.path);
        Ok((count("undo").map_err(&sql)?, count("redo").map_err(&sql)?))
    }

    fn step_from(&mut self, stack: &str, kind: OpKind) -> Result<Option<Applied>, StoreError> {
        let shown = display(&self.path);
        let top = rows::top_of_stack(&self.conn, stack).map_err(|source| StoreError::Sql {
            path: shown.clone(),
            source,
        })?;
        let Some((seq, json)) = top else {
            return Ok(None);
        };
        let command: Command = serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
            path: shown,
            detail: format!("history entry {seq} cannot be read ({e})"),
        })?;
        self.record(&command, kind, Some(seq)).map(Some)
    }

    /// The one path every change takes: apply in memory, then write rows, op log and stacks in one transaction;
    /// if writing fails, revert the memory.
    fn record(
        &mut self,
        command: &Command,
        kind: OpKind,
        popped: Option<i64>,
    ) -> Result<Applied, StoreError> {
        self.record_with(command, kind, popped, |_, _| Ok(()))
    }

    /// [`Store::record`], with `also` run in the same transaction once the entry is written (given its seq).
    fn record_with(
        &mut self,
        command: &Command,
        kind: OpKind,
        popped: Option<i64>,
        also: impl FnOnce(&rusqlite::Transaction, i64) -> rusqlite::Result<()>,
    ) -> Result<Applied, StoreError> {
        let shown = display(&self.path);
        self.ensure_writable()?;
        self.generation += 1;
        let applied = self
            .project
            .apply(command)
            .map_err(|source| StoreError::Invalid {
                path: shown.clone(),
                source,
            })?;
        // The journey on show is laid out on another thread while the transaction waits for the disk.
        let ahead = self.laid_out.get_mut().ahead();
        let (written, made) = laid_out::beside(&self.project, ahead, || {
            self.write_edit(command, &applied, kind, popped, also)
        });
        if let Some(made) = made
            && written.is_ok()
        {
            self.laid_out.get_mut().keep(self.generation, made);
        }
        if let Err(source) = written {
            self.project
                .apply(&applied.inverse)
                .expect("the inverse of an applied command applies");
            self.generation += 1;
            return Err(StoreError::Sql {
                path: shown,
                source,
            });
        }
        Ok(applied)
    }

    /// Writes an edit applied in memory: the rows it changed, its op-log entry and the stacks, in one transaction.
    fn write_edit(
        &self,
        command: &Command,
        applied: &Applied,
        kind: OpKind,
        popped: Option<i64>,
        also: impl FnOnce(&rusqlite::Transaction, i64) -> rusqlite::Result<()>,
    ) -> rusqlite::Result<()> {
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        rows::write_changes(&tx, &self.project, applied.changes.iter())?;
        if let Some(seq) = popped {
            tx.prepare_cached("UPDATE op_log SET stack = NULL WHERE seq = ?1")?
                .execute([seq])?;
        }
        if kind == OpKind::Do {
            tx.prepare_cached("UPDATE op_log SET stack = NULL WHERE stack = 'redo'")?
                .execute([])?;
        }
        let stack = if kind == OpKind::Undo { "redo" } else { "undo" };
        tx.prepare_cached(
            "INSERT INTO op_log (id, at_ms, author, kind, command, inverse, stack) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            uuid::Uuid::now_v7().to_string(),
            now_ms(),
            self.author,
            kind.as_str(),
            serde_json::to_string(command).expect("commands serialize"),
            serde_json::to_string(&applied.inverse).expect("commands serialize"),
            stack,
        ])?;
        let seq = tx.last_insert_rowid();
        if let Some(popped) = popped {
            sharing::follow_step(&tx, popped, seq)?;
        }
        also(&tx, seq)?;
        tx.commit()
    }
}

/// On close, a store whose feedback was found sound remembers the file's content as checked ([`checked`]) when only
/// this store has changed it since: no other connection has committed to it (SQLite's `data_version` is as it
/// was), and either this store wrote to it (its own writes, through SQLite, to checked tables) or it is exactly the
/// content found sound (the same key — which may not have been remembered then, for having changed just before).
impl Drop for Store {
    fn drop(&mut self) {
        if let Some(running) = self.background.get_mut().take() {
            running.stop();
        }
        let Some(sound) = self.sound.get_mut().take() else {
            return;
        };
        let Some(opened) = self.opened else {
            return;
        };
        let data_version: Option<i64> = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .ok();
        if data_version != Some(sound.data_version) {
            return;
        }
        let Some(key) = checked::key(&self.path, opened) else {
            return;
        };
        let wrote = self.conn.total_changes() != sound.changes;
        if wrote || sound.key.as_ref() == Some(&key) {
            checked::remember(&key);
        }
    }
}

/// Starts the whole file's check on a thread of its own ([`background`]) for a file opened for writing that holds
/// feedback and whose check is not remembered; `None` when there is nothing to start (or it could not start: the
/// check then runs when the feedback is first read, as it would have).
fn start_background_check(
    conn: &Connection,
    path: &Path,
    opened: (u64, u64),
) -> Option<background::Background> {
    let feedback: bool = conn
        .query_row("SELECT EXISTS (SELECT 1 FROM dataset)", [], |r| r.get(0))
        .ok()?;
    if !feedback || checked::key(path, opened).is_some_and(|key| checked::remembered(&key)) {
        return None;
    }
    let data_version: i64 = conn
        .query_row("PRAGMA data_version", [], |r| r.get(0))
        .ok()?;
    background::start(path, opened, data_version).ok()
}

/// Creates `path`, which must not exist yet, complete or not at all: `write` fills a hidden file beside it, which
/// is then renamed into place (and removed if anything failed).
fn write_new_file(
    path: &Path,
    write: impl FnOnce(&Path) -> rusqlite::Result<()>,
) -> Result<(), StoreError> {
    let shown = display(path);
    if path.exists() {
        return Err(StoreError::AlreadyExists { path: shown });
    }
    let io = |source| StoreError::Io {
        path: shown.clone(),
        source,
    };
    let name = path
        .file_name()
        .ok_or_else(|| io(std::io::ErrorKind::InvalidInput.into()))?;
    let temporary = path.with_file_name(format!(
        ".{}.{}.creating",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = write(&temporary).map_err(|source| StoreError::Sql {
        path: shown.clone(),
        source,
    });
    let placed = written.and_then(|()| std::fs::rename(&temporary, path).map_err(io));
    if placed.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    placed
}

/// A kill at the instant SQLite created the rollback journal, before it wrote the journal's header, leaves a
/// journal that is not "hot": SQLite ignores it, and it would stay beside the file until the next edit. Under a
/// RESERVED lock nobody else can be writing, and a hot journal would already have been rolled back by the reads
/// above, so any journal there now is stale and safe to delete.
fn remove_stale_journal(conn: &Connection, path: &Path) -> rusqlite::Result<()> {
    let mut journal = path.as_os_str().to_owned();
    journal.push("-journal");
    let journal = PathBuf::from(journal);
    if !journal.exists() {
        return Ok(());
    }
    let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let _ = std::fs::remove_file(&journal);
    tx.commit()
}

/// Who edits, as the op log records it: `$WAYMARK_AUTHOR`, else `$USER`, else "unknown".
pub fn default_author() -> String {
    std::env::var("WAYMARK_AUTHOR")
        .or_else(|_| std::env::var("USER"))
        .unwrap_or_else(|_| "unknown".into())
}

/// Takes the exclusive advisory lock that makes this process the file's only writer, or says why it cannot.
/// Whether two metadata describe one file (on Unix: the same device and inode).
#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    a.len() == b.len() && a.modified().ok() == b.modified().ok()
}

fn lock_for_writing(path: &Path) -> (Option<File>, Access) {
    let file = match OpenOptions::new().read(true).write(true).open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return (
                None,
                Access::ReadOnly("you may not write to this file".into()),
            );
        }
        Err(e) => {
            return (
                None,
                Access::ReadOnly(format!("it cannot be opened for writing: {e}")),
            );
        }
    };
    match file.try_lock() {
        Ok(()) => (Some(file), Access::ReadWrite),
        Err(std::fs::TryLockError::WouldBlock) => (
            None,
            Access::ReadOnly("another Waymark window or process is editing it".into()),
        ),
        Err(std::fs::TryLockError::Error(e)) => {
            (None, Access::ReadOnly(format!("it cannot be locked: {e}")))
        }
    }
}

/// Maps an SQLite error met while opening to the sentence a user should see.
fn classify(path: &str, error: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode::*;
    let path = path.to_owned();
    match error.sqlite_error_code() {
        Some(NotADatabase) => StoreError::NotAProject {
            path,
            reason: "it is not an SQLite database".into(),
        },
        Some(DatabaseCorrupt) => StoreError::Corrupt {
            path,
            detail: "SQLite reports the database as malformed".into(),
        },
        Some(DatabaseBusy | DatabaseLocked) => StoreError::ReadOnly {
            path,
            reason: "another process holds it locked".into(),
        },
        _ => match error {
            rusqlite::Error::SqliteFailure(_, Some(message)) if message.starts_with("no such") => {
                StoreError::Corrupt {
                    path,
                    detail: format!("its schema is incomplete ({message})"),
                }
            }
            rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::InvalidColumnType(..) => StoreError::Corrupt {
                path,
                detail: format!("it holds an invalid value ({error})"),
            },
            source => StoreError::SqlRead { path, source },
        },
    }
}

pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
