//! Merging two copies of a project into a new file: what each side did is there, feedback datasets are the union,
//! the merge is one history entry, and every refusal writes nothing.

use std::path::Path;
use waymark_api::sharing::{diff_files, merge_files};
use waymark_core::metrics::MetricDefinition;
use waymark_core::*;
use waymark_feedback::{Mapping, Target};
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

/// Imports ten NPS answers (five 10s, five 0s) onto "Card payment".
fn import_survey(store: &mut Store, dir: &Path) {
    let survey = dir.join("survey.csv");
    let rows: String = (0..10)
        .map(|i| format!("{}\n", if i < 5 { 10 } else { 0 }))
        .collect();
    std::fs::write(&survey, format!("nps\n{rows}")).unwrap();
    let journey = store.project().journeys()[0].clone();
    let card = journey
        .cards_in_order()
        .find(|c| c.fields.title == "Card payment")
        .unwrap()
        .id;
    let mapping = Mapping {
        metric: MetricDefinition::nps(),
        score: "nps".into(),
        answers: Default::default(),
        comment: None,
        date: None,
        day_first: false,
        segments: vec![],
        target: Target::Card { card },
        sheet: None,
    };
    waymark_feedback::import(store, &survey, &mapping, &journey, None, &|_| true).unwrap();
}

#[test]
fn a_merge_holds_both_sides_and_the_union_of_their_feedback() {
    let dir = tempfile::tempdir().unwrap();
    let (ours_path, theirs_path, out) = (
        dir.path().join("ours.waymark"),
        dir.path().join("theirs.waymark"),
        dir.path().join("merged.waymark"),
    );
    let mut ours = Store::create(&ours_path, &sample::grocery(), "ann").unwrap();
    let mut theirs = ours.save_as(&theirs_path).unwrap();
    retitle(&mut ours, "Product page", "Product details");
    retitle(&mut theirs, "Postcode check", "Postcode lookup");
    import_survey(&mut theirs, dir.path());
    let theirs_scores = theirs.card_scores(&theirs.project().journeys()[0]).unwrap();
    let ours_history = ours.history(1000).unwrap().len();
    drop((ours, theirs));

    let diff = diff_files(&ours_path, &theirs_path, "t").unwrap();
    assert!(diff.same_project);
    assert_eq!(diff.datasets.added, ["survey.csv"]);
    assert_eq!(diff.changes.len(), 2, "{:?}", diff.changes);

    let report = merge_files(&ours_path, &theirs_path, &out, "t").unwrap();
    assert!(report.conflicts.is_empty());
    assert_eq!(
        (
            report.shared_entry,
            report.ours_entries,
            report.theirs_entries
        ),
        (Some(0), 1, 1)
    );
    let merged = Store::open(&out, "t").unwrap();
    let titles: Vec<String> = merged.project().journeys()[0]
        .cards_in_order()
        .map(|c| c.fields.title.clone())
        .collect();
    assert!(
        titles.contains(&"Product details".into()) && titles.contains(&"Postcode lookup".into())
    );
    assert_eq!(
        merged.history(1000).unwrap().len(),
        ours_history + 1,
        "the merge is one entry"
    );
    assert_eq!(merged.datasets().unwrap().len(), 1);
    drop(merged);
    // The same export imported on both sides is one dataset in the merge.
    let mut ours = Store::open(&ours_path, "ann").unwrap();
    import_survey(&mut ours, dir.path());
    drop(ours);
    let twice = dir.path().join("twice.waymark");
    merge_files(&ours_path, &theirs_path, &twice, "t").unwrap();
    assert_eq!(
        Store::open(&twice, "t").unwrap().datasets().unwrap().len(),
        1
    );
    let merged = Store::open(&out, "t").unwrap();
    assert_eq!(
        merged.card_scores(&merged.project().journeys()[0]).unwrap(),
        theirs_scores
    );
    assert!(
        std::fs::read_dir(dir.path()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".merging")),
        "no temporary file is left"
    );
}

#[test]
fn refused_merges_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.waymark");
    let b = dir.path().join("b.waymark");
    let stranger = dir.path().join("stranger.waymark");
    let out = dir.path().join("out.waymark");
    Store::create(&a, &sample::grocery(), "t")
        .unwrap()
        .save_as(&b)
        .unwrap();
    Store::create(&stranger, &sample::grocery(), "t").unwrap();
    let refused = |ours: &Path, theirs: &Path, out: &Path| {
        merge_files(ours, theirs, out, "t").unwrap_err().to_string()
    };
    assert!(refused(&a, &a, &out).contains("are the same file"));
    assert!(refused(&a, &b, &a).contains("is an input of the merge"));
    assert!(refused(&a, &stranger, &out).contains("not copies of one project"));
    std::fs::write(&out, b"already here").unwrap();
    assert!(refused(&a, &b, &out).contains("already exists"));
    assert_eq!(std::fs::read(&out).unwrap(), b"already here");
    std::fs::remove_file(&out).unwrap();
    let damaged = dir.path().join("damaged.waymark");
    std::fs::write(&damaged, vec![7u8; 4096]).unwrap();
    assert!(refused(&a, &damaged, &out).contains("damaged.waymark"));
    assert!(!out.exists());
}

#[test]
fn a_second_merge_starts_from_what_the_first_took_in() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name);
    let mut ours = Store::create(&path("a.waymark"), &sample::grocery(), "ann").unwrap();
    let mut theirs = ours.save_as(&path("b.waymark")).unwrap();
    retitle(&mut theirs, "Product page", "Product details");
    retitle(&mut ours, "Card payment", "Pay by card");
    drop((ours, theirs));
    merge_files(
        &path("a.waymark"),
        &path("b.waymark"),
        &path("m.waymark"),
        "t",
    )
    .unwrap();
    // After the merge, ours changes its mind about their title; they edit something else.
    let mut merged = Store::open(&path("m.waymark"), "ann").unwrap();
    retitle(&mut merged, "Product details", "Product page");
    let mut theirs = Store::open(&path("b.waymark"), "bob").unwrap();
    retitle(&mut theirs, "Postcode check", "Postcode lookup");
    drop((merged, theirs));
    let report = merge_files(
        &path("m.waymark"),
        &path("b.waymark"),
        &path("m2.waymark"),
        "t",
    )
    .unwrap();
    assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
    assert_eq!(
        report.theirs_entries, 1,
        "only what they did since the first merge"
    );
    let titles: Vec<String> = Store::open(&path("m2.waymark"), "t")
        .unwrap()
        .project()
        .journeys()[0]
        .cards_in_order()
        .map(|c| c.fields.title.clone())
        .collect();
    for title in ["Product page", "Pay by card", "Postcode lookup"] {
        assert!(titles.contains(&title.to_owned()), "{title} in {titles:?}");
    }
}

#[path = "../../waymark-core/tests/support/mod.rs"]
mod support;

use proptest::prelude::*;

fn seeds() -> impl Strategy<Value = Vec<support::Seed>> {
    prop::collection::vec(
        (
            any::<u8>(),
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            "[a-z ]{0,6}",
        ),
        0..10,
    )
}

/// Applies the seeds' commands that apply, and now and then undoes the last step, through the store.
fn walk(store: &mut Store, seeds: &[support::Seed]) {
    for seed in seeds {
        if seed.0 % 9 == 0 {
            let _ = store.undo();
            continue;
        }
        let command = support::command_from_seed(store.project(), seed);
        let _ = store.apply(&command);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Two copies edited apart (undo included) merge into a file that passes SQLite's integrity check and
    /// reopens holding exactly the merged document.
    #[test]
    fn merged_files_are_sound_and_reopen_equal(a in seeds(), b in seeds()) {
        let dir = tempfile::tempdir().unwrap();
        let path = |name: &str| dir.path().join(name);
        let mut ours = Store::create(&path("a.waymark"), &sample::grocery(), "ann").unwrap();
        let mut theirs = ours.save_as(&path("b.waymark")).unwrap();
        let base = ours.project().to_data();
        walk(&mut ours, &a);
        walk(&mut theirs, &b);
        let expected = waymark_core::merge::merge(&base, &ours.project().to_data(), &theirs.project().to_data())
            .unwrap();
        let expected = Project::from_data(&expected.data).unwrap().to_data();
        drop((ours, theirs));
        let report = merge_files(&path("a.waymark"), &path("b.waymark"), &path("m.waymark"), "t").unwrap();
        let check: String = rusqlite::Connection::open(path("m.waymark"))
            .unwrap()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        prop_assert_eq!(check, "ok");
        // The file reopens holding the merge of the two documents, and its conflicts.
        let merged = Store::open(&path("m.waymark"), "t").unwrap();
        prop_assert_eq!(merged.conflicts().unwrap().len(), report.conflicts.len());
        prop_assert_eq!(merged.project().to_data(), expected);
    }
}
