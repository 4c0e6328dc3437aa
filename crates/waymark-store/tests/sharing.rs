//! Copies of one project: the id every copy keeps, the history two copies share, a merge recorded in a file, and
//! the id an older file takes when it is upgraded.

use rusqlite::Connection;
use waymark_core::merge::merge;
use waymark_core::*;
use waymark_store::{APPLICATION_ID, MergeRecord, Store};

fn rename_first_card(store: &mut Store, title: &str) {
    let j = &store.project().journeys()[0];
    let card = j.cards_in_order().next().unwrap();
    let mut fields = card.fields.clone();
    fields.title = title.into();
    let command = Command::UpdateCard {
        journey: j.id(),
        card: card.id,
        fields,
    };
    store.apply(&command).unwrap();
}

#[test]
fn copies_keep_the_project_id_and_share_the_history_up_to_where_they_parted() {
    let dir = tempfile::tempdir().unwrap();
    let a_path = dir.path().join("a.waymark");
    let mut a = Store::create(&a_path, &sample::grocery(), "ann").unwrap();
    let other = Store::create(&dir.path().join("other.waymark"), &sample::grocery(), "x").unwrap();
    assert_ne!(
        a.project_id().unwrap(),
        other.project_id().unwrap(),
        "a new file is a new project"
    );
    rename_first_card(&mut a, "One");
    rename_first_card(&mut a, "Two");
    let b_path = dir.path().join("b.waymark");
    let mut b = a.save_as(&b_path).unwrap();
    assert_eq!(
        a.project_id().unwrap(),
        b.project_id().unwrap(),
        "Save As keeps the id"
    );
    let copied = dir.path().join("copied.waymark");
    drop(b);
    std::fs::copy(&b_path, &copied).unwrap();
    b = Store::open(&b_path, "bob").unwrap();
    assert_eq!(
        Store::open(&copied, "c").unwrap().project_id().unwrap(),
        a.project_id().unwrap()
    );
    assert_eq!(a.shared_point(&b).unwrap(), 2);
    rename_first_card(&mut a, "Ann's");
    rename_first_card(&mut b, "Bob's");
    b.undo().unwrap();
    assert_eq!(
        a.shared_point(&b).unwrap(),
        2,
        "entries after the parting are not shared"
    );
    assert_eq!(b.entries_since(2).unwrap().len(), 2, "an undo is an entry");
    assert_eq!(a.shared_point(&other).unwrap(), 0);
}

#[test]
fn a_merge_is_one_history_entry_with_the_other_sides_entries_and_its_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let mut ours =
        Store::create(&dir.path().join("ours.waymark"), &sample::grocery(), "ann").unwrap();
    let mut theirs = ours.save_as(&dir.path().join("theirs.waymark")).unwrap();
    let base = ours.project().to_data();
    rename_first_card(&mut ours, "Ann's");
    rename_first_card(&mut theirs, "Bob's");
    let merged = merge(
        &base,
        &ours.project().to_data(),
        &theirs.project().to_data(),
    )
    .unwrap();
    assert_eq!(merged.conflicts.len(), 1);
    let before = ours.history(100).unwrap().len();
    let entries = theirs.entries_since(0).unwrap();
    let mut versions = theirs.versions().unwrap();
    theirs.save_version("Bob's draft").unwrap();
    ours.save_version("Bob's draft").unwrap();
    versions.extend(theirs.versions().unwrap());
    ours.record_merge(&MergeRecord {
        label: "merge theirs.waymark",
        merged: &merged.data,
        base: &base,
        theirs: &theirs.project().to_data(),
        theirs_name: "theirs.waymark",
        theirs_entries: &entries,
        theirs_versions: &versions,
        conflicts: &merged.conflicts,
    })
    .unwrap();
    let labels: Vec<String> = ours
        .versions()
        .unwrap()
        .into_iter()
        .map(|v| v.label)
        .collect();
    assert!(
        labels.contains(&"Bob's draft (theirs.waymark)".to_owned())
            && labels.contains(&"Bob's draft".to_owned()),
        "their version is kept beside ours of the same name: {labels:?}"
    );
    let after = ours.history(100).unwrap().len();
    assert_eq!(
        after,
        before + 1,
        "the merge is an entry even when it keeps ours"
    );
    let stored = ours.conflicts().unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].conflict, merged.conflicts[0]);
    let sides = ours.merge_sides(stored[0].merge_seq).unwrap().unwrap();
    assert_eq!(
        (sides.theirs_name.as_str(), &sides.base, &sides.theirs),
        ("theirs.waymark", &base, &theirs.project().to_data())
    );
    assert_eq!(
        sides.ours,
        ours.document_at(stored[0].merge_seq - 1).unwrap().to_data()
    );
    // A merge that changes the document is one entry.
    let mut data = ours.project().to_data();
    data.journeys[0].name = "Renamed by the merge".into();
    ours.record_merge(&MergeRecord {
        label: "merge x",
        merged: &data,
        base: &data,
        theirs: &data,
        theirs_name: "x",
        theirs_entries: &[],
        theirs_versions: &[],
        conflicts: &[],
    })
    .unwrap();
    assert_eq!(ours.history(100).unwrap().len(), after + 1);
    assert_eq!(ours.project().journeys()[0].name(), "Renamed by the merge");
}

#[test]
fn an_older_file_takes_its_oldest_journeys_id_so_its_copies_still_agree() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.waymark");
    let mut store = Store::create(&path, &sample::grocery(), "t").unwrap();
    rename_first_card(&mut store, "Edited before the upgrade");
    drop(store);
    // Make it a schema 5 file, as an older Waymark left it.
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TABLE project_info; DROP TABLE merged_entry; DROP TABLE merge_conflict; DROP TABLE comment; \
             DROP TABLE merge_step; DROP TABLE segment_tally; DROP TABLE segment_kept; \
             PRAGMA user_version = 5;",
        )
        .unwrap();
        let app: i32 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(app, APPLICATION_ID);
    }
    let oldest_journey: String = Connection::open(&path)
        .unwrap()
        .query_row("SELECT min(id) FROM journey", [], |r| r.get(0))
        .unwrap();
    // A copy edited on its own before either is upgraded still agrees.
    let copy = dir.path().join("copy.waymark");
    std::fs::copy(&path, &copy).unwrap();
    {
        let conn = Connection::open(&copy).unwrap();
        conn.execute("DELETE FROM op_log", []).unwrap();
    }
    // Looked at without being opened for writing: the same id, and not a byte changed (no upgrade).
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(Store::project_id_of(&path).unwrap(), oldest_journey);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    let a = Store::open(&path, "t").unwrap();
    let b = Store::open(&copy, "t").unwrap();
    assert_eq!(a.project_id().unwrap(), oldest_journey);
    assert_eq!(Store::project_id_of(&copy).unwrap(), oldest_journey);
    assert!(Store::project_id_of(&dir.path().join("nothing.waymark")).is_err());
    assert_eq!(b.project_id().unwrap(), oldest_journey);
}

#[test]
fn a_file_replaced_or_removed_under_an_open_store_takes_no_edit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.waymark");
    let mut store = Store::create(&path, &sample::grocery(), "ann").unwrap();
    rename_first_card(&mut store, "Before");
    // A colleague's copy, edited, replaces the file the way sync clients and git do: written beside it, renamed.
    let colleague = dir.path().join(".shared.waymark.sync");
    {
        let mut other = store.save_as(&colleague).unwrap();
        rename_first_card(&mut other, "Theirs");
    }
    std::fs::rename(&colleague, &path).unwrap();
    let before = store.project().to_data();
    let j = &store.project().journeys()[0];
    let card = j.cards_in_order().next().unwrap();
    let mut fields = card.fields.clone();
    fields.title = "Lost?".into();
    let edit = Command::UpdateCard {
        journey: j.id(),
        card: card.id,
        fields,
    };
    let error = store.apply(&edit).unwrap_err().to_string();
    assert!(
        error.contains("was replaced on disk by another file"),
        "{error}"
    );
    assert_eq!(
        store.project().to_data(),
        before,
        "nothing changed in memory"
    );
    let on_disk = Store::open(&path, "check").unwrap();
    let title = &on_disk.project().journeys()[0]
        .cards_in_order()
        .next()
        .unwrap()
        .fields
        .title;
    assert_eq!(title, "Theirs", "the colleague's file is untouched");
    drop(on_disk);
    // Moved away: refused too.
    std::fs::rename(&path, dir.path().join("moved.waymark")).unwrap();
    let error = store.apply(&edit).unwrap_err().to_string();
    assert!(error.contains("was moved or deleted"), "{error}");
}
