//! Journeys added, renamed, moved and deleted, and templates listed, saved and used, as the app and the CLI call
//! them.

use std::path::Path;
use waymark_api::journeys::{
    NewJourney, add_journey, delete_journey, move_journey, rename_journey,
};
use waymark_api::templates::{self, SaveTemplate};
use waymark_core::*;
use waymark_store::Store;

fn sample_store(dir: &Path) -> Store {
    Store::create(&dir.join("groceries.waymark"), &sample::grocery(), "t").unwrap()
}

fn names(store: &Store) -> Vec<String> {
    let journeys = store.project().journeys();
    journeys.iter().map(|j| j.name().to_owned()).collect()
}

#[test]
fn journeys_are_added_blank_as_copies_or_from_templates_then_renamed_moved_and_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = sample_store(dir.path());
    let groceries = store.project().journeys()[0].id();

    let blank = add_journey(&mut store, "", &NewJourney::Blank, None).unwrap();
    let journey = store.project().journey(blank).unwrap();
    assert_eq!(journey.name(), "New journey");
    assert_eq!((journey.stages().len(), journey.lanes().len()), (5, 5));
    let copy = add_journey(
        &mut store,
        " ",
        &NewJourney::CopyOf { journey: groceries },
        None,
    )
    .unwrap();
    let from_template = NewJourney::Template {
        name: "booking TRAVEL ".into(),
    };
    let trip = add_journey(&mut store, "Summer trip", &from_template, None).unwrap();
    assert_eq!(
        names(&store),
        [
            sample::JOURNEY_NAME,
            "Ordering groceries online (copy)",
            "New journey",
            "Summer trip"
        ]
    );
    assert_eq!(store.project().journey(copy).unwrap().card_count(), 41);
    assert!(store.project().journey(trip).unwrap().card_count() > 15);

    rename_journey(&mut store, blank, "Returns").unwrap();
    move_journey(&mut store, trip, 0).unwrap();
    assert_eq!(names(&store)[0], "Summer trip");
    assert_eq!(names(&store)[3], "Returns");
    // The one that takes a deleted journey's place is shown next; at the end, the one before.
    assert_eq!(delete_journey(&mut store, copy).unwrap(), Some(blank));
    assert_eq!(delete_journey(&mut store, blank).unwrap(), Some(groceries));
    // Each was one undo step.
    store.undo().unwrap().unwrap();
    assert_eq!(names(&store)[2], "Returns");

    let refusals = [
        add_journey(
            &mut store,
            "x",
            &NewJourney::CopyOf {
                journey: JourneyId::new(),
            },
            None,
        )
        .map(|_| ()),
        add_journey(
            &mut store,
            "x",
            &NewJourney::Template {
                name: "Nope".into(),
            },
            None,
        )
        .map(|_| ()),
        rename_journey(&mut store, trip, "  "),
        move_journey(&mut store, trip, 9),
        delete_journey(&mut store, JourneyId::new()).map(|_| ()),
    ];
    let messages: Vec<String> = refusals
        .into_iter()
        .map(|r| r.unwrap_err().to_string())
        .collect();
    for (message, expected) in messages.iter().zip([
        "was not changed: no journey",
        "There is no template named \"Nope\".",
        "the journey name must not be blank",
        "position 9 is out of range (0…2)",
        "was not changed: no journey",
    ]) {
        assert!(message.contains(expected), "{expected}: {message}");
    }
}

#[test]
fn a_journey_saved_as_a_template_is_listed_and_used_and_bad_files_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let user_dir = dir.path().join("data").join("templates");
    let mut store = sample_store(dir.path());
    let groceries = store.project().journeys()[0].id();

    let builtin = templates::list(None);
    assert_eq!(builtin.len(), 8);
    assert!(builtin.iter().all(|t| t.builtin && t.cards > 0));

    let request = SaveTemplate {
        journey: groceries,
        name: "Weekly shop".into(),
        description: "Ours.".into(),
    };
    let saved = templates::save_journey_as_template(&store, &request, &user_dir).unwrap();
    assert_eq!(
        (saved.name.as_str(), saved.cards, saved.builtin),
        ("Weekly shop", 41, false)
    );
    assert!(user_dir.join("Weekly shop.json").is_file());
    // Saving again under the same name replaces it.
    let again = SaveTemplate {
        description: "Ours, again.".into(),
        name: "weekly SHOP".into(),
        ..request.clone()
    };
    templates::save_journey_as_template(&store, &again, &user_dir).unwrap();
    // Files that are not valid templates are left out of the list.
    std::fs::write(user_dir.join("notes.json"), "not json").unwrap();
    std::fs::write(user_dir.join("readme.txt"), "hello").unwrap();
    let huge = format!(
        "{{\"description\": \"{}\"}}",
        "x".repeat(templates::MAX_TEMPLATE_BYTES)
    );
    std::fs::write(user_dir.join("huge.json"), huge).unwrap();

    let listed = templates::list(Some(&user_dir));
    assert_eq!(listed.len(), 9, "{listed:?}");
    let mine = listed.last().unwrap();
    assert_eq!(
        (mine.name.as_str(), mine.description.as_str(), mine.builtin),
        ("weekly SHOP", "Ours, again.", false)
    );

    let from_mine = NewJourney::Template {
        name: "Weekly shop".into(),
    };
    let added = add_journey(&mut store, "", &from_mine, Some(&user_dir)).unwrap();
    assert_eq!(
        store.project().journey(added).unwrap().name(),
        "weekly SHOP"
    );
    assert_eq!(
        store.project().personas().len(),
        2,
        "its personas are the project's own"
    );

    let builtin_name = SaveTemplate {
        name: "Service Blueprint".into(),
        ..request
    };
    let refused = templates::save_journey_as_template(&store, &builtin_name, &user_dir)
        .unwrap_err()
        .to_string();
    assert_eq!(
        refused,
        "The template was not saved: \"Service Blueprint\" is the name of a built-in template."
    );
}

#[test]
fn a_new_project_can_start_from_a_template() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Clinic study.waymark");
    let store = waymark_api::project::create_from_template(
        &path,
        "Patient's clinic visit",
        None,
        None,
        "t",
    )
    .unwrap();
    let journey = &store.project().journeys()[0];
    assert_eq!(journey.name(), "Clinic study");
    assert_eq!(journey.check(PathLimits::default()).problem_count(), 0);
    drop(store);
    let missing = waymark_api::project::create_from_template(
        &dir.path().join("other.waymark"),
        "Nope",
        None,
        None,
        "t",
    );
    assert!(missing.is_err());
    assert!(!dir.path().join("other.waymark").exists());
}
