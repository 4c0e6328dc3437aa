//! The merge review: a file's open conflicts with what each side changed, settled as one history step that undo
//! reopens, through the file (as the app and the CLI do it); a merge into an open window's file in place.

use waymark_api::sharing::{merge_files, merge_into_window, merge_review, settle_conflicts};
use waymark_core::resolve::Choice;
use waymark_core::*;
use waymark_store::Store;

fn retitle(store: &mut Store, title: &str, new: &str) {
    let j = &store.project().journeys()[0];
    let card = j
        .cards_in_order()
        .find(|c| c.fields.title == title)
        .unwrap();
    let mut fields = card.fields.clone();
    fields.title = new.into();
    let command = Command::UpdateCard {
        journey: j.id(),
        card: card.id,
        fields,
    };
    store.apply(&command).unwrap();
}

fn titles(store: &Store) -> Vec<String> {
    store.project().journeys()[0]
        .cards_in_order()
        .map(|c| c.fields.title.clone())
        .collect()
}

/// Two copies of the sample: both retitle "Card payment" differently, ours also "Product page", theirs also
/// "Postcode check". Returns the directory and the two paths.
fn diverged() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let (ours_path, theirs_path) = (
        dir.path().join("ours.waymark"),
        dir.path().join("theirs.waymark"),
    );
    let mut ours = Store::create(&ours_path, &sample::grocery(), "ann").unwrap();
    let mut theirs = ours.save_as(&theirs_path).unwrap();
    retitle(&mut ours, "Card payment", "Pay by card");
    retitle(&mut ours, "Product page", "Product details");
    retitle(&mut theirs, "Card payment", "Pay with a card");
    retitle(&mut theirs, "Postcode check", "Postcode lookup");
    (dir, ours_path, theirs_path)
}

#[test]
fn a_review_lists_each_sides_changes_and_settling_undoes_and_redoes() {
    let (dir, ours, theirs) = diverged();
    let out = dir.path().join("merged.waymark");
    merge_files(&ours, &theirs, &out, "t").unwrap();
    let mut store = Store::open(&out, "bo").unwrap();
    let review = merge_review(&store).unwrap();
    assert_eq!(review.conflicts.len(), 1);
    let conflict = &review.conflicts[0];
    assert_eq!(conflict.conflict.field, "title");
    assert_eq!(conflict.choices, ["mine", "theirs", "edit"]);
    let [merge] = &review.merges[..] else {
        panic!("one merge: {:?}", review.merges)
    };
    assert_eq!(merge.theirs_name.as_deref(), Some("theirs.waymark"));
    let labels = |changes: &[waymark_core::diff::ItemChange]| {
        let mut l: Vec<String> = changes.iter().map(|c| c.label.clone()).collect();
        l.sort();
        l
    };
    assert_eq!(
        labels(&merge.ours_changes),
        ["Pay by card", "Product details"]
    );
    assert_eq!(
        labels(&merge.theirs_changes),
        ["Pay with a card", "Postcode lookup"]
    );

    let before = store.history(1000).unwrap().len();
    settle_conflicts(&mut store, &[(conflict.number, Choice::Theirs)]).unwrap();
    assert!(titles(&store).contains(&"Pay with a card".to_owned()));
    assert!(merge_review(&store).unwrap().conflicts.is_empty());
    assert_eq!(store.history(1000).unwrap().len(), before + 1, "one step");
    drop(store);
    // Reopened: still settled. Undo reopens the conflict with ours back; redo settles it again.
    let mut store = Store::open(&out, "bo").unwrap();
    assert!(store.conflicts().unwrap().is_empty());
    store.undo().unwrap();
    assert!(titles(&store).contains(&"Pay by card".to_owned()));
    assert_eq!(store.conflicts().unwrap().len(), 1);
    store.redo().unwrap();
    assert!(titles(&store).contains(&"Pay with a card".to_owned()));
    assert!(store.conflicts().unwrap().is_empty());
    // Undoing the settling and then the merge itself: no conflict is open while the merge is undone.
    store.undo().unwrap();
    store.undo().unwrap();
    assert!(store.conflicts().unwrap().is_empty());
    store.redo().unwrap();
    assert_eq!(store.conflicts().unwrap().len(), 1);
}

#[test]
fn a_settling_that_does_not_fit_is_refused_and_changes_nothing() {
    let (dir, ours, theirs) = diverged();
    let out = dir.path().join("merged.waymark");
    merge_files(&ours, &theirs, &out, "t").unwrap();
    let mut store = Store::open(&out, "bo").unwrap();
    let number = store.conflicts().unwrap()[0].number;
    let bytes = std::fs::read(&out).unwrap();
    let refusals = [
        (vec![(number + 7, Choice::Theirs)], "no open merge conflict"),
        (vec![(number, Choice::Both)], "both"),
        (
            vec![(number, Choice::Edit("".into()))],
            "could not be settled",
        ),
        (vec![], "at least one"),
    ];
    for (choices, says) in refusals {
        let e = settle_conflicts(&mut store, &choices)
            .unwrap_err()
            .to_string();
        assert!(e.contains(says) && e.contains("merged.waymark"), "{e}");
    }
    drop(store);
    assert_eq!(std::fs::read(&out).unwrap(), bytes, "nothing written");
}

#[test]
fn a_copy_merges_into_the_open_file_as_one_undoable_step() {
    let (dir, ours, theirs) = diverged();
    let window = Store::open(&ours, "ann").unwrap();
    let (mut merged, report) = merge_into_window(&window, &theirs, "ann").unwrap();
    drop(window);
    assert_eq!(report.conflicts.len(), 1);
    let t = titles(&merged);
    assert!(t.contains(&"Postcode lookup".to_owned()) && t.contains(&"Pay by card".to_owned()));
    assert_eq!(merge_review(&merged).unwrap().conflicts.len(), 1);
    merged.undo().unwrap();
    assert!(titles(&merged).contains(&"Postcode check".to_owned()));
    assert!(merged.conflicts().unwrap().is_empty());
    // Another project's file is refused, and the window's file is left as it was.
    let other = dir.path().join("other.waymark");
    Store::create(&other, &sample::grocery(), "cy").unwrap();
    let bytes = std::fs::read(&ours).unwrap();
    let e = merge_into_window(&merged, &other, "ann")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("other.waymark") && e.contains("another project"),
        "{e}"
    );
    let e = merge_into_window(&merged, &ours, "ann")
        .unwrap_err()
        .to_string();
    assert!(e.contains("this window has open"), "{e}");
    assert_eq!(std::fs::read(&ours).unwrap(), bytes);
}
