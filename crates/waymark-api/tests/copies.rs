//! Conflict copies beside a project: every tool's naming found in a real folder of file copies, newest first;
//! copies of another project, other files, damaged files and look-alikes that are not files passed over without an
//! error; the trash refusing anything that is not such a copy, and moving one for real into a freedesktop.org
//! trash under a temporary XDG_DATA_HOME (in a child process, so no other test sees the variable).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use waymark_api::ApiError;
use waymark_api::copies::{ConflictCopy, SyncTool, conflict_copies, copy_tool, trash_copy};
use waymark_core::sample;
use waymark_store::Store;

const PROJECT: &str = "Journey map.waymark";

/// Each tool's copy of `Journey map.waymark`, with the tool it names.
const PATTERNS: &[(&str, SyncTool)] = &[
    (
        "Journey map (Ana's conflicted copy 2026-12-04).waymark",
        SyncTool::Dropbox,
    ),
    (
        "Journey map (conflicted copy 2026-12-04).waymark",
        SyncTool::Dropbox,
    ),
    (
        "Journey map (Ana Smith's conflicted copy 2026-12-04) (1).waymark",
        SyncTool::Dropbox,
    ),
    (
        "Journey map (Sam's conflicting copy 2026-12-04).waymark",
        SyncTool::Dropbox,
    ),
    (
        "Journey map (conflicted copy 2026-12-04 123456).waymark",
        SyncTool::Nextcloud,
    ),
    (
        "Journey map (conflicted copy ana 2026-12-04 123456).waymark",
        SyncTool::Nextcloud,
    ),
    (
        "Journey map_conflict-20261204-123456.waymark",
        SyncTool::Nextcloud,
    ),
    (
        "Journey map.sync-conflict-20261204-123456-ABCDEFG.waymark",
        SyncTool::Syncthing,
    ),
    (
        "Journey map (SFConflict ana@example.com 2026-12-04-12-34-56).waymark",
        SyncTool::Seafile,
    ),
    ("Journey map-LAPTOP-7.waymark", SyncTool::OneDrive),
    ("Journey map-LAPTOP-7-2.waymark", SyncTool::OneDrive),
    ("Journey map.Conflict.waymark", SyncTool::Resilio),
    ("Journey map (1).waymark", SyncTool::Numbered),
];

fn project(dir: &Path) -> PathBuf {
    let path = dir.join(PROJECT);
    Store::create(&path, &sample::grocery(), "ann").unwrap();
    path
}

/// Sets a file's modification time `minutes` after a fixed instant.
fn modified_at(path: &Path, minutes: u64) {
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_796_380_800 + minutes * 60);
    File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(at)
        .unwrap();
}

fn names(copies: &[ConflictCopy]) -> Vec<&str> {
    copies.iter().map(|c| c.name.as_str()).collect()
}

#[test]
fn each_tools_copy_of_the_project_is_found_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(dir.path());
    for (n, (name, _)) in PATTERNS.iter().enumerate() {
        let copy = dir.path().join(name);
        std::fs::copy(&project, &copy).unwrap();
        modified_at(&copy, n as u64);
    }
    let found = conflict_copies(&project, "t").unwrap();
    let newest_first: Vec<&str> = PATTERNS.iter().rev().map(|(name, _)| *name).collect();
    assert_eq!(names(&found), newest_first);
    for copy in &found {
        let tool = PATTERNS.iter().find(|(n, _)| *n == copy.name).unwrap().1;
        assert_eq!(copy.tool, tool, "{}", copy.name);
        assert_eq!(copy.path, dir.path().join(&copy.name));
    }
    assert!(
        found[0].modified_ms > found[1].modified_ms,
        "{:?}",
        &found[..2]
    );
    assert_eq!(
        serde_json::to_value(&found[0]).unwrap()["tool"],
        "a numbered copy"
    );
}

#[test]
fn names_are_matched_by_each_tools_rules_and_nothing_looser() {
    for (name, tool) in PATTERNS {
        assert_eq!(copy_tool(PROJECT, name), Some(*tool), "{name}");
    }
    let more = [
        // Dropbox: a name with spaces and a curly apostrophe, a conflict of a conflict copy, no date (old clients).
        (
            "Journey map (Ana Smith’s conflicted copy 2026-12-04).waymark",
            SyncTool::Dropbox,
        ),
        (
            "Journey map (Ana's conflicted copy 2026-12-04) (Ben's conflicted copy 2026-12-05).waymark",
            SyncTool::Dropbox,
        ),
        (
            "Journey map (Ana's conflicted copy).waymark",
            SyncTool::Dropbox,
        ),
        (
            "Journey map (Ana's Conflicted Copy 2026-12-04).waymark",
            SyncTool::Dropbox,
        ),
        (
            "Journey map_conflict_ana-20261204-123456.waymark",
            SyncTool::Nextcloud,
        ),
        (
            "Journey map.sync-conflict-20261204-123456-ABCDEFG.sync-conflict-20261205-000000-HIJKLMN.waymark",
            SyncTool::Syncthing,
        ),
        (
            "Journey map (SFConflict 2026-12-04-12-34-56).waymark",
            SyncTool::Seafile,
        ),
        (
            "Journey map-LAPTOP-7-safeBackup-0001.waymark",
            SyncTool::OneDrive,
        ),
        ("journey map.Conflict1.waymark", SyncTool::Resilio),
        ("Journey map (12).WAYMARK", SyncTool::Numbered),
    ];
    for (name, tool) in more {
        assert_eq!(copy_tool(PROJECT, name), Some(tool), "{name}");
    }
    for name in [
        PROJECT,
        "Journey map.json",
        "Journey map (1).txt",
        "Journey map (draft).waymark",
        "Journey map 2.waymark",
        "Journey map-2.waymark",
        "Journey map-.waymark",
        "Journey mapping (1).waymark",
        "Journey map copy.waymark",
        "Other (1).waymark",
        "journey map (1).waymark",
        "Journey map (conflicted copy 2026-12).waymark",
        "Journey map (Ana's conflicted copy 2026-12-04 12).waymark",
        "Journey map (conflicted copy 2026-12-04 1234).waymark",
        "Journey map.sync-conflict-2026-123456-ABC.waymark",
        "Journey map.sync-conflict-20261204-123456.waymark",
        "Journey map (SFConflict ana 2026-12-04).waymark",
        "Journey map_conflict-2026.waymark",
        "Journey map (1) extra.waymark",
        "Journey map (12345).waymark",
        "Journey map (é's conflicted copy 2026-12-0é).waymark",
        "Journey map_conflict-2026120é-123456.waymark",
    ] {
        assert_eq!(copy_tool(PROJECT, name), None, "{name}");
    }
}

#[test]
fn another_projects_copy_other_files_and_damaged_files_are_passed_over() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(dir.path());
    let ours = dir
        .path()
        .join("Journey map (Ana's conflicted copy 2026-12-04).waymark");
    std::fs::copy(&project, &ours).unwrap();
    // Another project under a copy's name.
    Store::create(
        &dir.path()
            .join("Journey map (conflicted copy 2026-12-04).waymark"),
        &sample::grocery(),
        "ben",
    )
    .unwrap();
    // A copy of this project under a name no tool writes, and an unrelated project.
    std::fs::copy(&project, dir.path().join("Journey map backup.waymark")).unwrap();
    Store::create(&dir.path().join("Other.waymark"), &sample::grocery(), "ben").unwrap();
    // A text file, a damaged file (half a copy) and an empty one under copies' names.
    std::fs::write(dir.path().join("Journey map (1).waymark"), "not a project").unwrap();
    let bytes = std::fs::read(&project).unwrap();
    std::fs::write(
        dir.path()
            .join("Journey map.sync-conflict-20261204-123456-ABCDEFG.waymark"),
        &bytes[..bytes.len() / 2],
    )
    .unwrap();
    File::create(dir.path().join("Journey map-LAPTOP.waymark")).unwrap();
    // A folder, and a link to the real copy, under copies' names.
    std::fs::create_dir(dir.path().join("Journey map (2).waymark")).unwrap();
    std::os::unix::fs::symlink(&ours, dir.path().join("Journey map (3).waymark")).unwrap();

    let found = conflict_copies(&project, "t").unwrap();
    assert_eq!(
        names(&found),
        ["Journey map (Ana's conflicted copy 2026-12-04).waymark"]
    );
    assert!(
        dir.path().join("Journey map (1).waymark").exists(),
        "nothing is touched"
    );
}

#[test]
fn a_project_alone_has_no_copies() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(dir.path());
    assert_eq!(conflict_copies(&project, "t").unwrap(), []);
}

#[test]
fn the_trash_refuses_anything_that_is_not_a_conflict_copy_of_this_project_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(dir.path());
    let elsewhere = tempfile::tempdir().unwrap();
    let far = elsewhere
        .path()
        .join("Journey map (Ana's conflicted copy 2026-12-04).waymark");
    std::fs::copy(&project, &far).unwrap();
    let renamed = dir.path().join("Journey map backup.waymark");
    std::fs::copy(&project, &renamed).unwrap();
    let theirs = dir
        .path()
        .join("Journey map (conflicted copy 2026-12-04).waymark");
    Store::create(&theirs, &sample::grocery(), "ben").unwrap();
    let damaged = dir.path().join("Journey map (1).waymark");
    std::fs::write(&damaged, "not a project").unwrap();
    let missing = dir.path().join("Journey map (2).waymark");

    for path in [&project, &far, &renamed] {
        let error = trash_copy(&project, path, "t").unwrap_err();
        assert!(
            matches!(&error, ApiError::Refused(m) if m.contains("is not a conflict copy of Journey map.waymark")),
            "{path:?}: {error}"
        );
        assert!(path.exists());
    }
    let error = trash_copy(&project, &theirs, "t").unwrap_err();
    assert!(
        matches!(&error, ApiError::Refused(m) if m.contains("another project")),
        "{error}"
    );
    assert!(theirs.exists());
    let error = trash_copy(&project, &damaged, "t").unwrap_err();
    assert!(
        error.to_string().contains("Journey map (1).waymark"),
        "{error}"
    );
    assert!(damaged.exists());
    assert!(trash_copy(&project, &missing, "t").is_err());
    Store::open(&project, "t").unwrap();
}

/// The child process's half of the trash test (run with `--ignored` by the test below, XDG_DATA_HOME set).
#[test]
#[ignore = "run in a child process by a_copy_goes_to_the_trash_not_away"]
fn trash_child() {
    let dir = PathBuf::from(std::env::var_os("WAYMARK_TEST_FOLDER").unwrap());
    let project = dir.join(PROJECT);
    trash_copy(
        &project,
        &dir.join("Journey map (Ana's conflicted copy 2026-12-04).waymark"),
        "t",
    )
    .unwrap();
}

#[test]
fn a_copy_goes_to_the_trash_not_away() {
    let root = tempfile::tempdir().unwrap();
    let (folder, data) = (root.path().join("Dropbox"), root.path().join("data"));
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::create_dir_all(&data).unwrap();
    let project = project(&folder);
    let name = "Journey map (Ana's conflicted copy 2026-12-04).waymark";
    std::fs::copy(&project, folder.join(name)).unwrap();
    let bytes = std::fs::read(folder.join(name)).unwrap();

    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["trash_child", "--exact", "--ignored", "--nocapture"])
        .env("XDG_DATA_HOME", &data)
        .env("WAYMARK_TEST_FOLDER", &folder)
        .output()
        .unwrap();
    assert!(
        child.status.success(),
        "{}{}",
        String::from_utf8_lossy(&child.stdout),
        String::from_utf8_lossy(&child.stderr)
    );
    assert!(
        !folder.join(name).exists(),
        "the copy has left the project's folder"
    );
    let trashed = data.join("Trash/files").join(name);
    assert_eq!(
        std::fs::read(&trashed).unwrap(),
        bytes,
        "the copy is whole in the trash"
    );
    let info =
        std::fs::read_to_string(data.join("Trash/info").join(format!("{name}.trashinfo"))).unwrap();
    assert!(info.starts_with("[Trash Info]"), "{info}");
    assert!(info.contains("DeletionDate="), "{info}");
    assert!(project.exists());
    assert_eq!(conflict_copies(&project, "t").unwrap(), []);
}
