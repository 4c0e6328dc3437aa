//! The schema: numbered forward-only migrations, and the connection settings every `.waymark` file is opened with.

use rusqlite::Connection;
use rusqlite::config::DbConfig;
use rusqlite::limits::Limit;

/// Migration `n` (1-based) takes a file from schema version `n - 1` to `n`. Never edit one that has shipped:
/// add a new file instead.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_initial.sql"),
    include_str!("../migrations/0002_dot_voting.sql"),
    include_str!("../migrations/0003_feedback.sql"),
    include_str!("../migrations/0004_versions.sql"),
    include_str!("../migrations/0005_persona_segments.sql"),
    include_str!("../migrations/0006_sharing.sql"),
    include_str!("../migrations/0007_merge_review.sql"),
    include_str!("../migrations/0008_segment_tallies.sql"),
];

/// The schema version this build writes, and the newest it reads.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// Takes an open transaction's database from `from` to [`SCHEMA_VERSION`].
pub(crate) fn migrate(conn: &Connection, from: i32) -> rusqlite::Result<()> {
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        conn.execute_batch(sql)?;
        conn.pragma_update(None, "user_version", index as i32 + 1)?;
    }
    Ok(())
}

/// Settings for a connection to an untrusted file (sqlite.org/security.html): defensive mode, untrusted schema,
/// no triggers or views, small limits, no memory mapping, cell checks, and a durable rollback journal.
pub(crate) fn harden(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
    for (limit, value) in [
        (Limit::SQLITE_LIMIT_LENGTH, 64 << 20),
        (Limit::SQLITE_LIMIT_SQL_LENGTH, 1 << 20),
        (Limit::SQLITE_LIMIT_COLUMN, 200),
        (Limit::SQLITE_LIMIT_EXPR_DEPTH, 100),
        (Limit::SQLITE_LIMIT_COMPOUND_SELECT, 10),
        (Limit::SQLITE_LIMIT_ATTACHED, 0),
        (Limit::SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 100),
        (Limit::SQLITE_LIMIT_TRIGGER_DEPTH, 10),
    ] {
        conn.set_limit(limit, value)?;
    }
    conn.pragma_update(None, "cell_size_check", true)?;
    conn.pragma_update(None, "mmap_size", 0)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

/// Writes a compacted copy of the database to `path`. `VACUUM INTO` attaches the target, so the hardened
/// connection's "no attached databases" limit is lifted for that one statement.
pub(crate) fn vacuum_into(conn: &Connection, path: &std::path::Path) -> rusqlite::Result<()> {
    conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 1)?;
    let copied = conn.execute("VACUUM INTO ?1", [path.to_string_lossy()]);
    conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0)?;
    copied.map(drop)
}

/// Journal settings for a writer: a rollback journal that is deleted at each commit (nothing beside the file at
/// rest, works on network shares) and full syncs, so an acknowledged edit survives a crash.
pub(crate) fn set_durable_journal(conn: &Connection) -> rusqlite::Result<()> {
    let mode: String =
        conn.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
    debug_assert_eq!(mode, "delete");
    conn.pragma_update(None, "synchronous", "FULL")
}

/// The first schema object a Waymark file never holds (a trigger, a view or a virtual table), if any.
pub(crate) fn forbidden_object(conn: &Connection) -> rusqlite::Result<Option<String>> {
    let mut statement = conn.prepare(
        "SELECT type, name FROM sqlite_schema
         WHERE type IN ('trigger', 'view') OR (type = 'table' AND sql LIKE 'CREATE VIRTUAL%')
         LIMIT 1",
    )?;
    let mut rows = statement.query([])?;
    Ok(match rows.next()? {
        Some(row) => {
            let kind: String = row.get(0)?;
            let name: String = row.get(1)?;
            let kind = if kind == "table" {
                "virtual table".to_owned()
            } else {
                kind
            };
            Some(format!("a {kind} named '{name}'"))
        }
        None => None,
    })
}

/// The tables that grow with the imported responses: checked when they are first read, not on open.
pub(crate) const BULK_TABLES: [&str; 3] = ["response", "response_run", "dataset_source"];

/// `PRAGMA quick_check` of the whole file (of `schema`: `main`, or an attached file): `None` when it is sound, else
/// the first problem found.
pub(crate) fn quick_check(conn: &Connection, schema: &str) -> rusqlite::Result<Option<String>> {
    let first: String =
        conn.query_row(&format!("PRAGMA \"{schema}\".quick_check(1)"), [], |r| {
            r.get(0)
        })?;
    Ok((first != "ok").then(|| one_line(&first)))
}

/// `PRAGMA quick_check` of everything but the [`BULK_TABLES`]: `sqlite_schema` (which also checks the freelist),
/// then each other table with its indexes. `None` when all are sound, else the first problem found.
///
/// What a per-table check cannot see — a page two b-trees share, a page no b-tree uses — the whole-file check
/// finds when the bulk tables are first read ([`quick_check`]).
pub(crate) fn quick_check_document(conn: &Connection) -> rusqlite::Result<Option<String>> {
    let mut tables = vec!["sqlite_schema".to_owned()];
    let mut statement = conn.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT IN (?1, ?2, ?3) ORDER BY name",
    )?;
    for name in statement.query_map(BULK_TABLES, |r| r.get::<_, String>(0))? {
        tables.push(name?);
    }
    for table in tables {
        // The name comes from the file: quoted as a string literal, which the pragma takes as a table name.
        let sql = format!("PRAGMA quick_check('{}')", table.replace('\'', "''"));
        let first: String = conn.query_row(&sql, [], |r| r.get(0))?;
        if first != "ok" {
            return Ok(Some(one_line(&first)));
        }
    }
    Ok(None)
}

/// A problem `quick_check` reports, on one line: its "*** in database main ***" heading left out, its lines joined.
fn one_line(problem: &str) -> String {
    problem
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("*** in database"))
        .collect::<Vec<_>>()
        .join("; ")
}
