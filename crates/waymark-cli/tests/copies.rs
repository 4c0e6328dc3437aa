//! `waymark copies`: a project's conflict copies beside it, as text and as JSON, with a copy of another project
//! and a damaged copy passed over; a project that does not open is one sentence and exit 3.

use serde_json::Value;
use std::path::Path;

mod common;

use common::{stderr, stdout, waymark};

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn copies_lists_the_sync_tools_copies_of_the_project_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("Journey map.waymark");
    assert!(waymark(&["new", s(&project), "--sample"]).status.success());

    let alone = waymark(&["copies", s(&project)]);
    assert!(alone.status.success(), "{}", stderr(&alone));
    assert_eq!(
        stdout(&alone),
        "No conflict copies of Journey map.waymark beside it.\n"
    );

    let dropbox = dir
        .path()
        .join("Journey map (Ana's conflicted copy 2026-12-04).waymark");
    let syncthing = dir
        .path()
        .join("Journey map.sync-conflict-20261204-123456-ABCDEFG.waymark");
    std::fs::copy(&project, &dropbox).unwrap();
    std::fs::copy(&project, &syncthing).unwrap();
    // Syncthing's copy is the newer one.
    std::fs::File::options()
        .write(true)
        .open(&dropbox)
        .unwrap()
        .set_modified(
            std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_796_380_800),
        )
        .unwrap();
    let other = dir
        .path()
        .join("Journey map (conflicted copy 2026-12-04 123456).waymark");
    assert!(waymark(&["new", s(&other), "--sample"]).status.success());
    std::fs::write(dir.path().join("Journey map (1).waymark"), "damaged").unwrap();

    let listed = waymark(&["copies", s(&project)]);
    assert!(listed.status.success(), "{}", stderr(&listed));
    let text = stdout(&listed);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(
        lines[0],
        "2 conflict copies of Journey map.waymark beside it:"
    );
    assert!(
        lines[1].starts_with("  Journey map.sync-conflict-20261204-123456-ABCDEFG.waymark  ")
            && lines[1].ends_with("  Syncthing"),
        "{text}"
    );
    assert!(
        lines[2].starts_with("  Journey map (Ana's conflicted copy 2026-12-04).waymark")
            && lines[2].contains(" 2026-12-0")
            && lines[2].ends_with("  Dropbox"),
        "{text}"
    );

    let json: Value =
        serde_json::from_str(&stdout(&waymark(&["copies", s(&project), "--json"]))).unwrap();
    let copies = json.as_array().unwrap();
    assert_eq!(copies.len(), 2);
    assert_eq!(
        copies[1]["name"],
        "Journey map (Ana's conflicted copy 2026-12-04).waymark"
    );
    assert_eq!(copies[1]["tool"], "Dropbox");
    assert_eq!(copies[1]["path"], s(&dropbox));
    assert_eq!(copies[1]["modified_ms"], 1_796_380_800_000_i64);
    assert_eq!(copies[0]["tool"], "Syncthing");
    assert!(
        dropbox.exists() && syncthing.exists(),
        "listing moves nothing"
    );
}

#[test]
fn copies_of_a_file_that_does_not_open_is_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("notes.waymark");
    std::fs::write(&bad, "not a project").unwrap();
    let output = waymark(&["copies", s(&bad)]);
    assert_eq!(output.status.code(), Some(3));
    let message = stderr(&output);
    assert!(
        message.starts_with("waymark: ") && message.contains("notes.waymark"),
        "{message}"
    );
    assert_eq!(message.lines().count(), 1, "{message}");
    assert_eq!(stdout(&output), "");
}
