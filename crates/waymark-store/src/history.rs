//! History: the op log read a page at a time, the document as it was at any entry, restoring to an entry (one new
//! edit, so history is kept and the restore can be undone), and named versions — labels on history points, kept in
//! the `version` table.
//!
//! Every op-log row holds the command applied and its inverse, so the document right after entry P is the current
//! document with the inverses of the entries after P applied newest first. Point 0 is the project as it was
//! created, before any entry.

use crate::error::{display, read_failed};
use crate::{Store, StoreError, now_ms};
use rusqlite::params;
use waymark_core::{Applied, Command, MAX_NAME_CHARS, Project};

/// What an op-log row records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum OpKind {
    Do,
    Undo,
    Redo,
}

impl OpKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OpKind::Do => "do",
            OpKind::Undo => "undo",
            OpKind::Redo => "redo",
        }
    }

    fn parse(text: &str) -> Option<OpKind> {
        [OpKind::Do, OpKind::Undo, OpKind::Redo]
            .into_iter()
            .find(|k| k.as_str() == text)
    }
}

impl std::fmt::Display for OpKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of history, as `waymark history` shows it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryEntry {
    pub seq: i64,
    pub id: String,
    /// Milliseconds since the Unix epoch.
    pub at_ms: i64,
    pub author: String,
    pub kind: OpKind,
    /// What was done, undone or redone, in words.
    pub description: String,
    /// For an undo: whether `redo` would bring back what it took away (it is on the redo stack).
    pub redoable: bool,
}

/// A named version: a label on a history point, kept in the file.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Version {
    pub label: String,
    /// The history entry it marks (0: the project as it was created).
    pub seq: i64,
    /// When it was saved, in milliseconds since the Unix epoch.
    pub at_ms: i64,
    /// Who saved it.
    pub author: String,
    /// What the entry it marks did, as history words it ("add card", "undo add card"; "created" for point 0).
    pub description: String,
}

impl Store {
    /// The newest `limit` history entries, newest first.
    pub fn history(&self, limit: usize) -> Result<Vec<HistoryEntry>, StoreError> {
        self.history_page(None, limit)
    }

    /// Up to `limit` history entries older than `before_seq` (all when `None`), newest first: the next page of a
    /// list that scrolls through the whole history. A page is a range of the op log's primary key, so it costs
    /// the same however long the history is.
    pub fn history_page(
        &self,
        before_seq: Option<i64>,
        limit: usize,
    ) -> Result<Vec<HistoryEntry>, StoreError> {
        // An undo row is described by what it took away (its inverse).
        let sql = "SELECT seq, id, at_ms, author, kind, CASE kind WHEN 'undo' THEN inverse ELSE command END, stack
                   FROM op_log WHERE seq < ?1 ORDER BY seq DESC LIMIT ?2";
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = (|| -> rusqlite::Result<Vec<(HistoryEntry, String)>> {
            self.conn
                .prepare_cached(sql)?
                .query_map(params![before_seq.unwrap_or(i64::MAX), limit], |r| {
                    Ok((
                        HistoryEntry {
                            seq: r.get(0)?,
                            id: r.get(1)?,
                            at_ms: r.get(2)?,
                            author: r.get(3)?,
                            kind: op_kind(r, 4)?,
                            description: String::new(),
                            redoable: r.get::<_, Option<String>>(6)?.as_deref() == Some("redo"),
                        },
                        r.get(5)?,
                    ))
                })?
                .collect()
        })()
        .map_err(read_failed(&self.path))?;
        Ok(rows
            .into_iter()
            .map(|(mut entry, command)| {
                entry.description = describe(&command);
                entry
            })
            .collect())
    }

    /// The document as it was right after history entry `seq` (0: as created), in memory only: for comparing.
    /// Each later entry's inverse is applied to a copy, newest first; one that does not apply means the file's
    /// history is damaged.
    pub fn document_at(&self, seq: i64) -> Result<Project, StoreError> {
        self.ensure_history_point(seq)?;
        let read = read_failed(&self.path);
        let mut project = self.project.clone();
        let mut statement = self
            .conn
            .prepare("SELECT seq, inverse FROM op_log WHERE seq > ?1 ORDER BY seq DESC")
            .map_err(&read)?;
        let mut rows = statement.query([seq]).map_err(&read)?;
        while let Some(row) = rows.next().map_err(&read)? {
            let entry: i64 = row.get(0).map_err(&read)?;
            let inverse: String = row.get(1).map_err(&read)?;
            let damaged = |detail: String| StoreError::Corrupt {
                path: display(&self.path),
                detail: format!("history entry #{entry} cannot be undone ({detail})"),
            };
            let inverse: Command =
                serde_json::from_str(&inverse).map_err(|e| damaged(e.to_string()))?;
            project
                .apply(&inverse)
                .map_err(|e| damaged(e.to_string()))?;
        }
        Ok(project)
    }

    /// Returns the document to how it was right after history entry `seq` (0: as created) as one new edit, "restore
    /// to #seq": recorded like any edit, so it can be undone, and nothing of the history is removed. The edit
    /// replaces only the journeys that differ (see [`Project::commands_to_become`]) rather than replaying the
    /// entries in between, so a restore that follows other restores is no bigger than they are.
    pub fn restore(&mut self, seq: i64) -> Result<Applied, StoreError> {
        self.ensure_writable()?;
        let target = self.document_at(seq)?.to_data();
        let restore = Command::Batch {
            label: format!("restore to #{seq}"),
            commands: self.project.commands_to_become(&target),
        };
        self.record(&restore, OpKind::Do, None)
    }

    /// Saves a named version at the newest history entry. Refuses a blank or overlong label, one that reads as an
    /// entry number ("12", "#12"), and one already used (in any case).
    pub fn save_version(&mut self, label: &str) -> Result<Version, StoreError> {
        self.ensure_writable()?;
        let label = label.trim();
        let refused = |reason: String| StoreError::Refused {
            path: display(&self.path),
            reason,
        };
        check_label(label).map_err(refused)?;
        if let Some(same) = self.find_version(label)? {
            return Err(refused(format!(
                "there is already a version named \"{}\"",
                same.label
            )));
        }
        let seq = self.newest_seq()?;
        self.conn
            .prepare_cached(
                "INSERT INTO version (label, seq, at_ms, author) VALUES (?1, ?2, ?3, ?4)",
            )
            .and_then(|mut insert| insert.execute(params![label, seq, now_ms(), self.author]))
            .map_err(|source| StoreError::Sql {
                path: display(&self.path),
                source,
            })?;
        let saved = self.versions()?.into_iter().next();
        Ok(saved.expect("the version just saved is the newest"))
    }

    /// The named versions, newest first.
    pub fn versions(&self) -> Result<Vec<Version>, StoreError> {
        // An undo row is described by what it took away (its inverse), as in `history_page`.
        let sql = "SELECT v.label, v.seq, v.at_ms, v.author, o.kind,
                          CASE o.kind WHEN 'undo' THEN o.inverse ELSE o.command END
                   FROM version v LEFT JOIN op_log o ON o.seq = v.seq ORDER BY v.number DESC";
        self.conn
            .prepare_cached(sql)
            .and_then(|mut statement| {
                statement
                    .query_map([], |r| {
                        let seq: i64 = r.get(1)?;
                        let kind = r.get::<_, Option<String>>(4)?;
                        let command = r.get::<_, Option<String>>(5)?;
                        Ok(Version {
                            label: r.get(0)?,
                            seq,
                            at_ms: r.get(2)?,
                            author: r.get(3)?,
                            description: describe_point(seq, kind.as_deref(), command.as_deref()),
                        })
                    })?
                    .collect()
            })
            .map_err(read_failed(&self.path))
    }

    /// The version labelled `label`, compared without surrounding spaces or case.
    pub fn find_version(&self, label: &str) -> Result<Option<Version>, StoreError> {
        let wanted = label.trim().to_lowercase();
        Ok(self
            .versions()?
            .into_iter()
            .find(|v| v.label.trim().to_lowercase() == wanted))
    }

    /// The newest history entry's seq (0 when there is none yet).
    fn newest_seq(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("SELECT coalesce(max(seq), 0) FROM op_log", [], |r| r.get(0))
            .map_err(read_failed(&self.path))
    }

    /// Refuses a history point the file does not have (0, the project as created, it always has).
    fn ensure_history_point(&self, seq: i64) -> Result<(), StoreError> {
        let exists = seq == 0
            || self
                .conn
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM op_log WHERE seq = ?1)",
                    [seq],
                    |r| r.get(0),
                )
                .map_err(read_failed(&self.path))?;
        if exists {
            Ok(())
        } else {
            Err(StoreError::NoSuchEntry {
                path: display(&self.path),
                seq,
            })
        }
    }
}

fn op_kind(row: &rusqlite::Row, column: usize) -> rusqlite::Result<OpKind> {
    OpKind::parse(&row.get::<_, String>(column)?).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            column,
            rusqlite::types::Type::Text,
            "an unknown kind of history entry".into(),
        )
    })
}

/// A stored command in words.
fn describe(command: &str) -> String {
    serde_json::from_str::<Command>(command)
        .map_or_else(|_| "unreadable command".to_owned(), |c| c.describe())
}

/// What a version's entry did: "add card", "undo add card"; "created" for point 0.
fn describe_point(seq: i64, kind: Option<&str>, command: Option<&str>) -> String {
    match (kind, command) {
        (Some(kind), Some(command)) if kind == OpKind::Do.as_str() => describe(command),
        (Some(kind), Some(command)) => format!("{kind} {}", describe(command)),
        _ if seq == 0 => "created".to_owned(),
        _ => "an entry missing from the history".to_owned(),
    }
}

/// Why `label` (trimmed) cannot name a version, if it cannot.
fn check_label(label: &str) -> Result<(), String> {
    if label.is_empty() {
        return Err("a version needs a label".to_owned());
    }
    if label.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "the version label is longer than {MAX_NAME_CHARS} characters"
        ));
    }
    // Where a version is asked for, an entry number may be given instead: a label must not read as one.
    let number = label.strip_prefix('#').unwrap_or(label);
    if !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "\"{label}\" reads as history entry #{number}; give the version a label with a word in it"
        ));
    }
    Ok(())
}
