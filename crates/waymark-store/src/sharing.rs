//! What copies of one project share and what a merge leaves in a file: the project id (made once, kept by every
//! copy), the history two copies have in common, and a merge recorded as one history step with the other side's
//! entries since the copies parted and the conflicts still to resolve.

use crate::error::{display, read_failed};
use crate::{OpKind, Version};
use crate::{Store, StoreError};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use std::path::Path;
use waymark_core::merge::Conflict;
use waymark_core::{Applied, Command, ProjectData};

/// A history entry as stored, for carrying it into another file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RawEntry {
    pub seq: i64,
    pub id: String,
    pub at_ms: i64,
    pub author: String,
    pub kind: String,
    pub command: String,
}

/// What a merge writes into ours.
pub struct MergeRecord<'a> {
    /// The history step's label ("merge theirs.waymark").
    pub label: &'a str,
    pub merged: &'a ProjectData,
    /// The documents the merge was made from besides ours, kept for the review.
    pub base: &'a ProjectData,
    pub theirs: &'a ProjectData,
    /// The other file's name, to tell its versions apart.
    pub theirs_name: &'a str,
    /// The other side's history entries since the copies parted.
    pub theirs_entries: &'a [RawEntry],
    /// The other side's versions saved since the copies parted.
    pub theirs_versions: &'a [Version],
    pub conflicts: &'a [Conflict],
}

/// The open conflicts: the step that made each is in effect (on the undo stack), the step that settled it, if any,
/// is not.
const OPEN_CONFLICTS: &str = "FROM merge_conflict c \
     JOIN op_log made ON made.seq = c.made_by AND made.stack = 'undo' \
     LEFT JOIN op_log settled ON settled.seq = c.settled_by \
     WHERE settled.stack IS NOT 'undo'";

/// What one merge was made from: the other file's name and the three documents (ours: this file just before it).
#[derive(Clone, Debug)]
pub struct MergeSides {
    pub merge_seq: i64,
    pub theirs_name: String,
    pub base: ProjectData,
    pub ours: ProjectData,
    pub theirs: ProjectData,
}

/// A conflict a merge left in the file.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoredConflict {
    pub number: i64,
    /// The history entry of the merge that found it.
    pub merge_seq: i64,
    pub conflict: Conflict,
}

impl Store {
    /// The project id of the file at `path`, read without opening it for writing: nothing in it changes (no
    /// upgrade, no journal cleared, no lock taken), so a sync tool's copy can be looked at without being touched.
    /// A file that is not a Waymark project, or is damaged or hostile, is an error. A file from before project
    /// ids (schema 5 and older) gives the id the upgrade would give it, when the upgrade would not draw one at
    /// random.
    pub fn project_id_of(path: &Path) -> Result<String, StoreError> {
        let shown = display(path);
        let header = crate::header::check(path, crate::schema::SCHEMA_VERSION)?;
        let flags =
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let read = |source| StoreError::SqlRead {
            path: shown.clone(),
            source,
        };
        let conn = rusqlite::Connection::open_with_flags(path, flags).map_err(read)?;
        crate::schema::harden(&conn).map_err(read)?;
        if let Some(what) = crate::schema::forbidden_object(&conn).map_err(read)? {
            return Err(StoreError::Hostile { path: shown, what });
        }
        let sql = if header.user_version >= 6 {
            "SELECT value FROM project_info WHERE key = 'id'"
        } else {
            "SELECT coalesce((SELECT min(id) FROM journey), (SELECT id FROM op_log ORDER BY seq LIMIT 1))"
        };
        let id: Option<String> = conn
            .query_row(sql, [], |r| r.get(0))
            .optional()
            .map_err(read)?
            .flatten();
        id.ok_or_else(|| StoreError::Corrupt {
            path: shown,
            detail: "it holds no project id".into(),
        })
    }

    /// The project's id: the same in every copy of the project (a copy, Save As, git), different in another.
    pub fn project_id(&self) -> Result<String, StoreError> {
        self.conn
            .query_row("SELECT value FROM project_info WHERE key = 'id'", [], |r| {
                r.get(0)
            })
            .map_err(read_failed(&self.path))
    }

    /// The ids of the history entries, oldest first.
    fn entry_ids(&self) -> Result<Vec<(i64, String)>, StoreError> {
        let read = read_failed(&self.path);
        let mut statement = self
            .conn
            .prepare("SELECT seq, id FROM op_log ORDER BY seq")
            .map_err(&read)?;
        let rows = statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(&read)?;
        rows.collect::<Result<_, _>>().map_err(read)
    }

    /// The entry of `other`'s history up to which a merge into this file took it in (the newest of its entries this
    /// file keeps in `merged_entry`), if `other` still holds it: a later merge of the two starts from there.
    pub fn merged_up_to(&self, other: &Store) -> Result<Option<i64>, StoreError> {
        let read = read_failed(&self.path);
        let mut statement = self
            .conn
            .prepare("SELECT id FROM merged_entry ORDER BY merge_seq DESC, seq DESC")
            .map_err(&read)?;
        let ids = statement
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(&read)?;
        for id in ids {
            let id = id.map_err(&read)?;
            let seq: Option<i64> = other
                .conn
                .query_row("SELECT seq FROM op_log WHERE id = ?1", [&id], |r| r.get(0))
                .optional()
                .map_err(read_failed(&other.path))?;
            if seq.is_some() {
                return Ok(seq);
            }
        }
        Ok(None)
    }

    /// The newest history entry this file and `other` both hold (0: they share only the project as created): the
    /// longest run of the same entries, in the same order, from the first.
    pub fn shared_point(&self, other: &Store) -> Result<i64, StoreError> {
        let (mine, theirs) = (self.entry_ids()?, other.entry_ids()?);
        Ok(mine
            .iter()
            .zip(&theirs)
            .take_while(|(a, b)| a == b)
            .last()
            .map_or(0, |(a, _)| a.0))
    }

    /// The history entries after `seq`, oldest first.
    pub fn entries_since(&self, seq: i64) -> Result<Vec<RawEntry>, StoreError> {
        let read = read_failed(&self.path);
        let mut statement = self
            .conn
            .prepare(
                "SELECT seq, id, at_ms, author, kind, command FROM op_log WHERE seq > ?1 ORDER BY seq",
            )
            .map_err(&read)?;
        let rows = statement
            .query_map([seq], |r| {
                Ok(RawEntry {
                    seq: r.get(0)?,
                    id: r.get(1)?,
                    at_ms: r.get(2)?,
                    author: r.get(3)?,
                    kind: r.get(4)?,
                    command: r.get(5)?,
                })
            })
            .map_err(&read)?;
        rows.collect::<Result<_, _>>().map_err(read)
    }

    /// Makes the document `record.merged` as one history step labelled `record.label`, and keeps with it the
    /// other side's history since the copies parted, its versions (a label already used here gets the other
    /// file's name after it, and a number if need be) and the conflicts left to resolve. Returns the step.
    pub fn record_merge(&mut self, record: &MergeRecord<'_>) -> Result<Applied, StoreError> {
        self.ensure_writable()?;
        // Always an entry, even when the document already is the merged one: the merge is a step of the history,
        // and its records hang on it.
        let batch = Command::Batch {
            label: record.label.to_owned(),
            commands: self.project.commands_to_become(record.merged),
        };
        let applied = self.record(&batch, OpKind::Do, None)?;
        let merge_seq: i64 = self
            .conn
            .query_row("SELECT coalesce(max(seq), 0) FROM op_log", [], |r| r.get(0))
            .map_err(read_failed(&self.path))?;
        for version in record.theirs_versions {
            let label = (1..)
                .map(|n| match n {
                    1 => version.label.clone(),
                    2 => format!("{} ({})", version.label, record.theirs_name),
                    n => format!("{} ({} {n})", version.label, record.theirs_name),
                })
                .find_map(|label| match self.find_version(&label) {
                    Ok(None) => Some(Ok(label)),
                    Ok(Some(_)) => None,
                    Err(e) => Some(Err(e)),
                })
                .expect("some label is free")?;
            self.conn
                .execute(
                    "INSERT INTO version (label, seq, at_ms, author) VALUES (?1, ?2, ?3, ?4)",
                    params![label, merge_seq, version.at_ms, version.author],
                )
                .map_err(|source| StoreError::Sql {
                    path: display(&self.path),
                    source,
                })?;
        }
        let (theirs, conflicts) = (record.theirs_entries, record.conflicts);
        let write = |source| StoreError::Sql {
            path: display(&self.path),
            source,
        };
        let tx = self.conn.unchecked_transaction().map_err(write)?;
        {
            let mut entry = tx
                .prepare(
                    "INSERT INTO merged_entry (merge_seq, seq, id, at_ms, author, kind, command) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(write)?;
            for e in theirs {
                entry
                    .execute(params![
                        merge_seq, e.seq, e.id, e.at_ms, e.author, e.kind, e.command
                    ])
                    .map_err(write)?;
            }
            let document = |d: &ProjectData| serde_json::to_string(d).expect("documents serialise");
            tx.execute(
                "INSERT INTO merge_step (merge_seq, theirs_name, base, theirs) VALUES (?1, ?2, ?3, ?4)",
                params![
                    merge_seq,
                    record.theirs_name,
                    document(record.base),
                    document(record.theirs)
                ],
            )
            .map_err(write)?;
            let mut conflict = tx
                .prepare(
                    "INSERT INTO merge_conflict (merge_seq, record, made_by) VALUES (?1, ?2, ?1)",
                )
                .map_err(write)?;
            for c in conflicts {
                let record = serde_json::to_string(c).expect("conflicts serialise");
                conflict
                    .execute(params![merge_seq, record])
                    .map_err(write)?;
            }
        }
        tx.commit().map_err(write)?;
        Ok(applied)
    }

    /// Adds the feedback datasets of the project file `other` that this file does not hold (by id, or imported from
    /// the same source file into the same journey), with their responses, runs, tallies and kept source, in one
    /// transaction. Returns how many were added.
    pub fn add_datasets_from(&mut self, other: &Path) -> Result<usize, StoreError> {
        self.ensure_writable()?;
        // Both files' feedback is checked whole before any of it is read or written: this one's here, the other's
        // once it is attached (opening it checked only its document).
        self.check_bulk()?;
        let write = |source| StoreError::Sql {
            path: display(&self.path),
            source,
        };
        let other_damaged = |problem: String| StoreError::Corrupt {
            path: display(other),
            detail: format!(
                "its imported feedback cannot be read, as the integrity check says \"{problem}\""
            ),
        };
        self.conn
            .set_limit(rusqlite::limits::Limit::SQLITE_LIMIT_ATTACHED, 1)
            .map_err(write)?;
        let attached = self
            .conn
            .execute("ATTACH DATABASE ?1 AS other", [other.to_string_lossy()])
            .map_err(write)
            .and_then(|_| match crate::schema::quick_check(&self.conn, "other") {
                Ok(None) => Ok(()),
                Ok(Some(problem)) => Err(other_damaged(problem)),
                Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
                    Err(other_damaged(
                        "SQLite reports the database as malformed".into(),
                    ))
                }
                Err(e) => Err(StoreError::SqlRead {
                    path: display(other),
                    source: e,
                }),
            })
            .and_then(|()| copy_missing_datasets(&self.conn).map_err(write));
        let _ = self.conn.execute("DETACH DATABASE other", []);
        let _ = self
            .conn
            .set_limit(rusqlite::limits::Limit::SQLITE_LIMIT_ATTACHED, 0);
        attached
    }

    /// Makes the document `settled` (the open conflicts `numbers` answered) as one history step, and marks those
    /// conflicts settled by it, in one transaction: undoing the step reopens them.
    pub fn settle_conflicts(
        &mut self,
        numbers: &[i64],
        settled: &ProjectData,
    ) -> Result<Applied, StoreError> {
        let label = match numbers.len() {
            1 => "settle a merge conflict".to_owned(),
            n => format!("settle {n} merge conflicts"),
        };
        let batch = Command::Batch {
            label,
            commands: self.project.commands_to_become(settled),
        };
        let numbers = numbers.to_vec();
        self.record_with(&batch, OpKind::Do, None, move |tx, seq| {
            let mut settle =
                tx.prepare("UPDATE merge_conflict SET settled_by = ?1 WHERE number = ?2")?;
            for number in numbers {
                settle.execute([seq, number])?;
            }
            Ok(())
        })
    }

    /// What the merge at history entry `merge_seq` was made from; `None` for a merge recorded before the file
    /// kept its sides (schema 6).
    pub fn merge_sides(&self, merge_seq: i64) -> Result<Option<MergeSides>, StoreError> {
        let read = read_failed(&self.path);
        let row: Option<(String, String, String)> = self
            .conn
            .query_row(
                "SELECT theirs_name, base, theirs FROM merge_step WHERE merge_seq = ?1",
                [merge_seq],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(&read)?;
        let Some((theirs_name, base, theirs)) = row else {
            return Ok(None);
        };
        let document = |json: &str, which: &str| -> Result<ProjectData, StoreError> {
            serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
                path: display(&self.path),
                detail: format!("the {which} of merge #{merge_seq} cannot be read ({e})"),
            })
        };
        let before: i64 = self
            .conn
            .query_row(
                "SELECT coalesce(max(seq), 0) FROM op_log WHERE seq < ?1",
                [merge_seq],
                |r| r.get(0),
            )
            .map_err(&read)?;
        Ok(Some(MergeSides {
            merge_seq,
            theirs_name,
            base: document(&base, "base")?,
            ours: self.document_at(before)?.to_data(),
            theirs: document(&theirs, "other side")?,
        }))
    }

    /// The history entry of the newest merge that kept its sides (schema 7 on) and is in effect, if any.
    pub fn newest_merge(&self) -> Result<Option<i64>, StoreError> {
        self.conn
            .query_row(
                "SELECT max(m.merge_seq) FROM merge_step m JOIN op_log o ON o.seq = m.merge_seq \
                 WHERE o.stack = 'undo'",
                [],
                |r| r.get(0),
            )
            .map_err(read_failed(&self.path))
    }

    /// How many conflicts are open (see [`Store::conflicts`]), without reading them.
    pub fn open_conflict_count(&self) -> Result<usize, StoreError> {
        self.conn
            .prepare_cached(&format!("SELECT count(*) {OPEN_CONFLICTS}"))
            .and_then(|mut s| s.query_row([], |r| r.get::<_, i64>(0)))
            .map(|n| n as usize)
            .map_err(read_failed(&self.path))
    }

    /// The conflicts merges left in this file that are still open — the merge in effect, not settled (or its
    /// settling undone) — oldest first. A record that does not read (a damaged or hostile file) is reported, not
    /// skipped.
    pub fn conflicts(&self) -> Result<Vec<StoredConflict>, StoreError> {
        let read = read_failed(&self.path);
        let mut statement = self
            .conn
            .prepare(&format!(
                "SELECT c.number, c.merge_seq, c.record {OPEN_CONFLICTS} ORDER BY c.number"
            ))
            .map_err(&read)?;
        let rows = statement
            .query_map([], |r| {
                Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get::<_, String>(2)?))
            })
            .map_err(&read)?;
        let mut out = Vec::new();
        for row in rows {
            let (number, merge_seq, record) = row.map_err(&read)?;
            let conflict = serde_json::from_str(&record).map_err(|e| StoreError::Corrupt {
                path: display(&self.path),
                detail: format!("merge conflict {number} cannot be read ({e})"),
            })?;
            out.push(StoredConflict {
                number,
                merge_seq,
                conflict,
            });
        }
        Ok(out)
    }
}

/// An undo or redo took step `popped` off its stack and wrote `seq` in its place: the conflicts it made or settled
/// follow it, so they are open or settled exactly while their step is in effect.
pub(crate) fn follow_step(
    tx: &rusqlite::Transaction,
    popped: i64,
    seq: i64,
) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE merge_conflict SET made_by = ?2 WHERE made_by = ?1")?
        .execute([popped, seq])?;
    tx.prepare_cached("UPDATE merge_conflict SET settled_by = ?2 WHERE settled_by = ?1")?
        .execute([popped, seq])?;
    Ok(())
}

/// Copies the attached `other` database's datasets that `main` lacks; responses keep their order, moved past
/// `main`'s last row so their runs (rowid ranges) stay true.
fn copy_missing_datasets(conn: &rusqlite::Connection) -> rusqlite::Result<usize> {
    let tx = conn.unchecked_transaction()?;
    // The other file's tallies by segment value come along when it has them (schema 8 on); else the first split
    // of a copied dataset makes them from its responses.
    let segment_tallies: bool = tx.query_row(
        "SELECT count(*) = 2 FROM other.sqlite_schema WHERE type = 'table' AND name IN ('segment_tally', 'segment_kept')",
        [],
        |r| r.get(0),
    )?;
    let missing: Vec<i64> = tx
        .prepare(
            "SELECT o.number FROM other.dataset o WHERE NOT EXISTS (SELECT 1 FROM main.dataset m \
             WHERE m.id = o.id OR (m.journey_id = o.journey_id AND m.source_hash = o.source_hash)) ORDER BY o.number",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for &old in &missing {
        tx.execute(
            "INSERT INTO main.dataset (id, journey_id, name, source_name, source_hash, imported_at, mapping, columns, \
             rows_read, rows_mapped) SELECT id, journey_id, name, source_name, source_hash, imported_at, mapping, \
             columns, rows_read, rows_mapped FROM other.dataset WHERE number = ?1",
            [old],
        )?;
        let new = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO main.dataset_source (dataset, seq, bytes) SELECT ?1, seq, bytes FROM other.dataset_source \
             WHERE dataset = ?2",
            params![new, old],
        )?;
        let offset: i64 = tx.query_row(
            "SELECT (SELECT coalesce(max(rowid), 0) FROM main.response) + 1 \
                    - coalesce((SELECT min(rowid) FROM other.response WHERE dataset = ?1), 0)",
            [old],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO main.response (rowid, dataset, card, row, score, time, comment, segments) \
             SELECT rowid + ?1, ?2, card, row, score, time, comment, segments FROM other.response \
             WHERE dataset = ?3 ORDER BY rowid",
            params![offset, new, old],
        )?;
        tx.execute(
            "INSERT INTO main.response_run (dataset, card, first, last) \
             SELECT ?1, card, first + ?2, last + ?2 FROM other.response_run WHERE dataset = ?3",
            params![new, offset, old],
        )?;
        tx.execute(
            "INSERT INTO main.tally (dataset, card, period, n, sum, sum_squares, high, low) \
             SELECT ?1, card, period, n, sum, sum_squares, high, low FROM other.tally WHERE dataset = ?2",
            params![new, old],
        )?;
        if segment_tallies {
            tx.execute(
                "INSERT INTO main.segment_tally (dataset, segment, card, value, n, sum, sum_squares, high, low) \
                 SELECT ?1, segment, card, value, n, sum, sum_squares, high, low FROM other.segment_tally \
                 WHERE dataset = ?2",
                params![new, old],
            )?;
            tx.execute(
                "INSERT INTO main.segment_kept (dataset, segment) SELECT ?1, segment FROM other.segment_kept \
                 WHERE dataset = ?2",
                params![new, old],
            )?;
        }
    }
    tx.commit()?;
    Ok(missing.len())
}
