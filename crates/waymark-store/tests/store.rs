use proptest::prelude::*;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use waymark_core::*;
use waymark_store::*;

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn sample_file(dir: &Path) -> PathBuf {
    let path = dir.join("groceries.waymark");
    Store::create(&path, &sample::grocery(), "tester").unwrap();
    path
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn first_journey(store: &Store) -> &Journey {
    &store.project().journeys()[0]
}

/// Copies the first journey as "Copy" (one edit): the first journey's id and the copy's.
fn copy_first_journey(store: &mut Store) -> (JourneyId, JourneyId) {
    let first = first_journey(store).id();
    let copy = JourneyId::new();
    let command = store
        .project()
        .copy_journey_command(first, copy, "Copy")
        .unwrap();
    store.apply(&command).unwrap();
    (first, copy)
}

fn add_card(store: &Store, title: &str) -> Command {
    let j = first_journey(store);
    Command::AddCard {
        journey: j.id(),
        card: CardId::new(),
        stage: j.stages()[0].id,
        lane: j.lanes()[0].id,
        index: None,
        fields: CardFields::titled(title, CardKind::Action),
    }
}

#[test]
fn a_saved_project_reopens_equal_and_leaves_nothing_beside_the_file() {
    let dir = temp();
    let path = dir.path().join("groceries.waymark");
    let project = sample::grocery();
    {
        let mut store = Store::create(&path, &project, "tester").unwrap();
        assert_eq!(store.access(), &Access::ReadWrite);
        let command = add_card(&store, "Checks the fridge again");
        store.apply(&command).unwrap();
    }
    assert_eq!(entries(dir.path()), vec!["groceries.waymark"]);
    let store = Store::open(&path, "tester").unwrap();
    let titles: Vec<&str> = first_journey(&store)
        .cards_in_order()
        .map(|c| c.fields.title.as_str())
        .collect();
    assert!(titles.contains(&"Checks the fridge again"));
    assert_eq!(
        first_journey(&store).card_count(),
        first_journey_of(&project).card_count() + 1
    );
    let header = std::fs::read(&path).unwrap();
    assert_eq!(&header[68..72], &APPLICATION_ID.to_be_bytes());
    assert_eq!(&header[60..64], &SCHEMA_VERSION.to_be_bytes());
}

fn first_journey_of(p: &Project) -> &Journey {
    &p.journeys()[0]
}

#[test]
fn undo_and_redo_survive_a_restart() {
    let dir = temp();
    let path = sample_file(dir.path());
    let original = Store::open(&path, "a").unwrap().project().clone();
    let edited = {
        let mut store = Store::open(&path, "ann").unwrap();
        let first = add_card(&store, "First");
        store.apply(&first).unwrap();
        let second = add_card(&store, "Second");
        store.apply(&second).unwrap();
        store.project().clone()
    };
    {
        let mut store = Store::open(&path, "bob").unwrap();
        assert_eq!(store.project(), &edited);
        assert_eq!(store.stack_depths().unwrap(), (2, 0));
        store.undo().unwrap().expect("one step undone");
    }
    {
        let mut store = Store::open(&path, "bob").unwrap();
        assert_eq!(store.stack_depths().unwrap(), (1, 1));
        store.undo().unwrap().expect("second step undone");
        assert_eq!(store.project(), &original);
        assert!(store.undo().unwrap().is_none(), "nothing left to undo");
    }
    {
        let mut store = Store::open(&path, "cy").unwrap();
        assert_eq!(store.project(), &original);
        store.redo().unwrap().unwrap();
        store.redo().unwrap().unwrap();
        assert_eq!(store.project(), &edited);
        store.undo().unwrap().unwrap();
        // A new edit after an undo clears the redo stack.
        let third = add_card(&store, "Third");
        store.apply(&third).unwrap();
        assert_eq!(store.stack_depths().unwrap(), (2, 0));
        let history = store.history(10).unwrap();
        let kinds: Vec<&str> = history.iter().map(|h| h.kind.as_str()).collect();
        assert_eq!(
            kinds,
            ["do", "undo", "redo", "redo", "undo", "undo", "do", "do"]
        );
        assert_eq!(history[0].author, "cy");
        assert_eq!(history[7].author, "ann");
        assert_eq!(history[0].description, "add card");
    }
}

#[test]
fn a_refused_edit_changes_neither_memory_nor_file() {
    let dir = temp();
    let path = sample_file(dir.path());
    let mut store = Store::open(&path, "t").unwrap();
    let before = store.project().clone();
    let bytes = std::fs::read(&path).unwrap();
    let j = first_journey(&store);
    let command = Command::RenameStage {
        journey: j.id(),
        stage: StageId::new(),
        name: "x".into(),
    };
    let error = store.apply(&command).expect_err("refused");
    assert!(
        error
            .to_string()
            .contains("groceries.waymark was not changed: no stage"),
        "{error}"
    );
    assert_eq!(store.project(), &before);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn a_second_writer_gets_read_only_and_is_told_why() {
    let dir = temp();
    let path = sample_file(dir.path());
    let mut writer = Store::open(&path, "first").unwrap();
    let mut second = Store::open(&path, "second").unwrap();
    let Access::ReadOnly(reason) = second.access().clone() else {
        panic!("second open must be read-only")
    };
    assert!(reason.contains("another Waymark"), "{reason}");
    let command = add_card(&second, "Sneaky");
    let error = second.apply(&command).expect_err("refused");
    assert!(error.to_string().contains("is open read-only"), "{error}");
    // The writer still writes, and the reader's file is untouched by its refused edit.
    let command = add_card(&writer, "Legit");
    writer.apply(&command).unwrap();
    drop(writer);
    drop(second);
    let reopened = Store::open(&path, "third").unwrap();
    assert_eq!(
        reopened.access(),
        &Access::ReadWrite,
        "the lock goes with the writer"
    );
    let titles: Vec<String> = first_journey(&reopened)
        .cards_in_order()
        .map(|c| c.fields.title.clone())
        .collect();
    assert!(titles.contains(&"Legit".to_owned()) && !titles.contains(&"Sneaky".to_owned()));
}

#[test]
fn create_refuses_to_overwrite() {
    let dir = temp();
    let path = sample_file(dir.path());
    let bytes = std::fs::read(&path).unwrap();
    let error = Store::create(&path, &Project::new(), "t").expect_err("refused");
    assert!(matches!(error, StoreError::AlreadyExists { .. }));
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert_eq!(entries(dir.path()), vec!["groceries.waymark"]);
}

/// Each hostile file gets its own clear sentence naming the file; its bytes stay the same.
#[test]
fn hostile_files_are_refused_clearly_and_left_untouched() {
    let dir = temp();
    let good = std::fs::read(sample_file(dir.path())).unwrap();
    let edit = |name: &str, sql: &str| -> PathBuf {
        let path = dir.path().join(name);
        std::fs::write(&path, &good).unwrap();
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(sql).unwrap();
        drop(conn);
        path
    };
    let write = |name: &str, bytes: &[u8]| -> PathBuf {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let mut random = vec![0u8; 8192];
    for (i, b) in random.iter_mut().enumerate() {
        *b = (i.wrapping_mul(2_654_435_761) >> 7) as u8;
    }
    let newer_message =
        format!("newer Waymark (file format 99; this version reads up to {SCHEMA_VERSION})");
    let cases: Vec<(PathBuf, &str)> = vec![
        (
            edit("foreign.waymark", "PRAGMA application_id = 42;"),
            "another application (application_id 0x2a)",
        ),
        (
            edit("newer.waymark", "PRAGMA user_version = 99;"),
            &newer_message,
        ),
        (
            edit(
                "trigger.waymark",
                "CREATE TRIGGER t AFTER INSERT ON card BEGIN DELETE FROM card; END;",
            ),
            "contains a trigger named 't'",
        ),
        (
            edit("view.waymark", "CREATE VIEW v AS SELECT * FROM card;"),
            "contains a view named 'v'",
        ),
        (
            edit("nojournal.waymark", "DROP TABLE journey;"),
            "its schema is incomplete",
        ),
        (
            edit(
                "badrow.waymark",
                "UPDATE card SET stage_id = 'nonsense' WHERE rowid = 1;",
            ),
            "holds an invalid value",
        ),
        (
            edit(
                "dangling.waymark",
                &format!(
                    "UPDATE flow SET to_card = '{}' WHERE rowid = 1;",
                    uuid::Uuid::now_v7()
                ),
            ),
            "contents are inconsistent (no card",
        ),
        (
            write("truncated.waymark", &good[..good.len() / 2]),
            "is truncated",
        ),
        (
            write("header-only.waymark", &good[..60]),
            "is truncated: it ends after 60 bytes",
        ),
        (write("random.waymark", &random), "not an SQLite database"),
        (write("empty.waymark", b""), "the file is empty"),
        (
            write(
                "notes.waymark",
                b"# Journey notes\nNot a database at all.\n",
            ),
            "not an SQLite database",
        ),
    ];
    for (path, expected) in cases {
        let before = std::fs::read(&path).unwrap();
        let error = refused(&path);
        let message = error.to_string();
        assert!(
            message.starts_with(&path.display().to_string()),
            "{message}"
        );
        assert!(
            message.contains(expected),
            "{}: expected '{expected}' in '{message}'",
            path.display()
        );
        assert!(!message.contains('\n'), "one sentence: {message}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "{} was modified",
            path.display()
        );
    }
    // Corrupting a page inside the file (not the header) is caught by quick_check or the loader.
    let mut damaged = good.clone();
    let page = 4096;
    for start in (page..damaged.len()).step_by(page) {
        damaged[start..start + 16].fill(0xA5);
    }
    let path = write("damaged.waymark", &damaged);
    let message = refused(&path).to_string();
    assert!(
        message.contains("damaged") || message.contains("inconsistent"),
        "{message}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), damaged);
    assert!(!dir.path().join("damaged.waymark-journal").exists());
}

fn refused(path: &Path) -> StoreError {
    match Store::open(path, "t") {
        Ok(_) => panic!("{} must be refused", path.display()),
        Err(error) => error,
    }
}

/// The migration files, in order, read from the source tree: a new one is tested without touching this test.
fn migration_files() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

#[test]
fn every_older_schema_version_migrates_with_its_contents() {
    let migrations = migration_files();
    assert_eq!(migrations.len() as i32, SCHEMA_VERSION);
    let dir = temp();
    for from in 1..SCHEMA_VERSION {
        let path = dir.path().join(format!("v{from}.waymark"));
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            for sql in &migrations[..from as usize] {
                conn.execute_batch(sql).unwrap();
            }
            conn.pragma_update(None, "user_version", from).unwrap();
            // A journey as version 1 wrote it: the columns every later version keeps.
            let (j, s, l, c) = (
                JourneyId::new(),
                StageId::new(),
                LaneId::new(),
                CardId::new(),
            );
            conn.execute_batch(&format!(
                "INSERT INTO journey (id, position, name) VALUES ('{j}', 0, 'Old journey');
                 INSERT INTO stage (id, journey_id, position, name) VALUES ('{s}', '{j}', 0, 'Old stage');
                 INSERT INTO lane (id, journey_id, position, name, kind) VALUES ('{l}', '{j}', 0, 'Web', 'touchpoints');
                 INSERT INTO card (id, journey_id, stage_id, lane_id, position, title, description, kind, channel,
                                   owner, tags)
                 VALUES ('{c}', '{j}', '{s}', '{l}', 0, 'Old card', '', 'touchpoint', NULL, NULL, '[]');"
            ))
            .unwrap();
        }
        let mut store = Store::open(&path, "t").unwrap();
        let journey = &store.project().journeys()[0];
        assert_eq!(journey.name(), "Old journey");
        let card = journey
            .cards_in_order()
            .next()
            .expect("the old card survives")
            .id;
        assert_eq!(journey.dots(card), 0);
        let j = journey.id();
        store
            .apply(&Command::SetDots {
                journey: j,
                card,
                dots: 2,
            })
            .expect("the migrated file takes new edits");
        drop(store);
        let version: i32 = Connection::open(&path)
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION, "migrated from {from}");
        let mut store = Store::open(&path, "t").unwrap();
        let saved = store.save_version("After the upgrade").unwrap();
        assert_eq!(saved.seq, 1, "the migrated file keeps versions");
        drop(store);
        assert_eq!(
            Store::open(&path, "t").unwrap().project().journeys()[0].dots(card),
            2
        );
    }
    // A Waymark header with no schema at all is refused, not "migrated" from nothing.
    let path = dir.path().join("hollow.waymark");
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
    }
    let error = refused(&path);
    assert!(
        error.to_string().contains("schema is incomplete"),
        "{error}"
    );
}

#[test]
fn votes_are_saved_and_undone_with_everything_else() {
    let dir = temp();
    let path = sample_file(dir.path());
    let mut store = Store::open(&path, "t").unwrap();
    let j = first_journey(&store).id();
    let card = first_journey(&store).cards_in_order().nth(3).unwrap().id;
    store
        .apply(&Command::SetVoting {
            journey: j,
            voting: Some(Voting {
                dots_per_person: 3,
                open: true,
            }),
        })
        .unwrap();
    store
        .apply(&Command::SetDots {
            journey: j,
            card,
            dots: 2,
        })
        .unwrap();
    drop(store);
    let mut store = Store::open(&path, "t").unwrap();
    assert_eq!(
        first_journey(&store).voting(),
        Some(Voting {
            dots_per_person: 3,
            open: true
        })
    );
    assert_eq!(first_journey(&store).dots(card), 2);
    // Deleting a voted card takes its dots along, and undo brings both back.
    store
        .apply(&Command::DeleteCard { journey: j, card })
        .unwrap();
    store.undo().unwrap();
    drop(store);
    let store = Store::open(&path, "t").unwrap();
    assert_eq!(first_journey(&store).dots(card), 2);
}

#[test]
fn journey_order_and_copies_survive_a_restart_and_undo_after_it() {
    let dir = temp();
    let path = sample_file(dir.path());
    let names = |store: &Store| -> Vec<String> {
        store
            .project()
            .journeys()
            .iter()
            .map(|j| j.name().to_owned())
            .collect()
    };
    let mut store = Store::open(&path, "t").unwrap();
    let (_, copy) = copy_first_journey(&mut store);
    store
        .apply(&Command::MoveJourney {
            journey: copy,
            index: 0,
        })
        .unwrap();
    let edited = store.project().clone();
    drop(store);

    let mut store = Store::open(&path, "t").unwrap();
    assert_eq!(names(&store), ["Copy", sample::JOURNEY_NAME]);
    assert_eq!(store.project(), &edited);
    store.undo().unwrap().expect("the move is undone");
    drop(store);
    let mut store = Store::open(&path, "t").unwrap();
    assert_eq!(names(&store), [sample::JOURNEY_NAME, "Copy"]);
    store.undo().unwrap().expect("the copy is undone");
    drop(store);
    let store = Store::open(&path, "t").unwrap();
    assert_eq!(names(&store), [sample::JOURNEY_NAME]);
    assert_eq!(
        store.history(1).unwrap()[0].description,
        "copy journey (103 steps)"
    );
}

/// The view after an edit takes the layout made while the edit was written: it must be the layout of the journey
/// as it now is, in the theme asked for, whichever journey the edit changed and whichever the view shows.
#[test]
fn the_view_after_an_edit_lays_out_the_journey_as_it_now_is() {
    let dir = temp();
    let mut store = Store::open(&sample_file(dir.path()), "t").unwrap();
    let (groceries, copy) = copy_first_journey(&mut store);
    let add_to = |store: &Store, journey: JourneyId| {
        let j = store.project().journey(journey).unwrap();
        Command::AddCard {
            journey,
            card: CardId::new(),
            stage: j.stages()[1].id,
            lane: j.lanes()[0].id,
            index: None,
            fields: CardFields::titled("Added", CardKind::Action),
        }
    };
    // Worked out here from the project as it is, not through the store's view.
    let fresh = |store: &Store, journey: JourneyId, theme: &Theme| {
        let personas: Vec<PersonaId> = store.project().personas().iter().map(|p| p.id).collect();
        store
            .project()
            .journey(journey)
            .unwrap()
            .layout(theme, &personas)
    };
    let theme = Theme::default();
    let wider = Theme {
        card_width: theme.card_width + 40.0,
        ..theme.clone()
    };
    let shown = |store: &Store, journey: JourneyId, theme: &Theme| {
        store.view(Some(journey), theme).unwrap().layout.unwrap()
    };
    assert_eq!(
        shown(&store, groceries, &theme),
        fresh(&store, groceries, &theme)
    );
    let before = shown(&store, groceries, &theme);

    store.apply(&add_to(&store, groceries)).unwrap();
    let after = shown(&store, groceries, &theme);
    assert_ne!(after, before, "the added card is in the layout");
    assert_eq!(after, fresh(&store, groceries, &theme));

    store.apply(&add_to(&store, copy)).unwrap();
    assert_eq!(shown(&store, copy, &theme), fresh(&store, copy, &theme));

    store.apply(&add_to(&store, copy)).unwrap();
    assert_eq!(shown(&store, copy, &wider), fresh(&store, copy, &wider));

    store.undo().unwrap().expect("the last card is taken back");
    assert_eq!(shown(&store, copy, &wider), fresh(&store, copy, &wider));
    assert_eq!(shown(&store, groceries, &theme), after);
}

fn seed() -> impl Strategy<Value = (u8, u32, u32, u32, String)> {
    (
        any::<u8>(),
        any::<u32>(),
        any::<u32>(),
        any::<u32>(),
        "[a-z]{1,6}",
    )
}

#[path = "../../waymark-core/tests/support/mod.rs"]
mod support;

/// One random step: an undo, a redo, or a command built from the seed (which may be refused). Says whether it
/// added a history entry.
fn random_step(store: &mut Store, seed: &(u8, u32, u32, u32, String)) -> bool {
    match seed.0 % 10 {
        0 => store.undo().unwrap().is_some(),
        1 => store.redo().unwrap().is_some(),
        _ => {
            let command = support::command_from_seed(store.project(), seed);
            store.apply(&command).is_ok()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Edits, undos and redos through the store; the reopened file always equals memory, and undoing everything
    /// gives back the file as created.
    #[test]
    fn save_then_reopen_equals_memory(seeds in prop::collection::vec(seed(), 1..25)) {
        let dir = temp();
        let path = sample_file(dir.path());
        let mut store = Store::open(&path, "p").unwrap();
        let start = store.project().clone();
        for seed in &seeds {
            random_step(&mut store, seed);
        }
        let end = store.project().clone();
        drop(store);
        let mut store = Store::open(&path, "p").unwrap();
        prop_assert_eq!(store.project(), &end);
        while store.undo().unwrap().is_some() {}
        prop_assert_eq!(store.project(), &start);
        drop(store);
        let reopened = Store::open(&path, "p").unwrap();
        prop_assert_eq!(reopened.project(), &start);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// After random edits, undos and redos, restoring to any history point (0: as created) gives exactly the
    /// document as it was right after that entry, recorded independently as the steps were taken; undoing the
    /// restore gives back the latest document. The points stay right after restores, and after a restart.
    #[test]
    fn restoring_to_any_point_gives_the_document_of_that_point(
        seeds in prop::collection::vec(seed(), 1..25),
    ) {
        let dir = temp();
        let path = sample_file(dir.path());
        let mut store = Store::open(&path, "p").unwrap();
        let mut points = vec![(0, store.project().to_data())];
        for seed in &seeds {
            if random_step(&mut store, seed) {
                let seq = store.history(1).unwrap()[0].seq;
                points.push((seq, store.project().to_data()));
            }
        }
        let latest = store.project().to_data();
        for (seq, document) in &points {
            prop_assert_eq!(&store.document_at(*seq).unwrap().to_data(), document);
            store.restore(*seq).unwrap();
            prop_assert_eq!(&store.project().to_data(), document, "restored to #{}", seq);
            store.undo().unwrap().expect("the restore is undone");
            prop_assert_eq!(&store.project().to_data(), &latest);
        }
        drop(store);
        let mut store = Store::open(&path, "p").unwrap();
        prop_assert_eq!(&store.project().to_data(), &latest);
        let (seq, document) = &points[points.len() / 2];
        store.restore(*seq).unwrap();
        drop(store);
        let store = Store::open(&path, "p").unwrap();
        prop_assert_eq!(&store.project().to_data(), document, "the restore was saved");
    }
}

/// Applies a view patch to the JSON of a view the way the UI does (`ui/src/patch.ts`): a field left out is
/// unchanged, `journey` and `layout` are patched field by field, lists with ids item by item.
fn merge_patch(view: &mut serde_json::Value, patch: &serde_json::Value) {
    for (key, value) in patch.as_object().expect("a patch is an object") {
        let is_list = value.get("changed").is_some() && value.get("placed").is_some();
        if key == "journey" || key == "layout" {
            merge_patch(&mut view[key], value);
        } else if is_list {
            let id = |item: &serde_json::Value| item["id"].as_str().unwrap().to_owned();
            let changed: std::collections::HashMap<String, serde_json::Value> = value["changed"]
                .as_array()
                .unwrap()
                .iter()
                .map(|item| (id(item), item.clone()))
                .collect();
            let gone = |key: &str| {
                let listed = |list: &str| value[list].as_array().unwrap().iter();
                listed("removed").any(|r| r == key) || listed("placed").any(|p| p[0] == key)
            };
            let mut list: Vec<serde_json::Value> = view[key]
                .as_array()
                .expect("a patched list")
                .iter()
                .filter(|item| !gone(&id(item)))
                .map(|item| changed.get(&id(item)).unwrap_or(item).clone())
                .collect();
            let old = view[key].as_array().unwrap().clone();
            for placed in value["placed"].as_array().unwrap() {
                let key = placed[0].as_str().unwrap();
                let item = changed
                    .get(key)
                    .or_else(|| old.iter().find(|item| item["id"] == key))
                    .expect("a known id");
                list.insert(placed[1].as_u64().unwrap() as usize, item.clone());
            }
            for shift in value["shifted"].as_array().into_iter().flatten() {
                let by = |k: usize| shift["by"][k].as_f64().unwrap();
                for index in shift["items"].as_array().unwrap() {
                    moved_by(&mut list[index.as_u64().unwrap() as usize], by(0), by(1));
                }
            }
            view[key] = serde_json::Value::Array(list);
        } else {
            view[key] = value.clone();
        }
    }
}

/// A card's box or a flow's route (points and label) moved by (dx, dy), as `ui/src/patch.ts` moves them.
fn moved_by(item: &mut serde_json::Value, dx: f64, dy: f64) {
    let shift = |at: &mut serde_json::Value| {
        at["x"] = (at["x"].as_f64().unwrap() + dx).into();
        at["y"] = (at["y"].as_f64().unwrap() + dy).into();
    };
    if item.get("rect").is_some() {
        shift(&mut item["rect"]);
    } else {
        // A route's corners are one flat list: x, y, x, y, …
        for (k, c) in item["points"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .enumerate()
        {
            *c = (c.as_f64().unwrap() + if k % 2 == 0 { dx } else { dy }).into();
        }
        if item["label"].is_object() {
            shift(&mut item["label"]);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// After any edit, undo or redo, the view the UI rebuilds from the last view and the patch equals the new
    /// view.
    #[test]
    fn view_patches_rebuild_the_new_view(seeds in prop::collection::vec(seed(), 1..25)) {
        let dir = temp();
        let path = sample_file(dir.path());
        let mut store = Store::open(&path, "p").unwrap();
        let theme = Theme::default();
        let mut tracker = ViewTracker::default();
        let ViewUpdate::Full { view, revision } = tracker.full(store.view(None, &theme).unwrap()) else {
            panic!("the first view is whole");
        };
        let mut ui = serde_json::to_value(&view).unwrap();
        let mut ui_revision = revision;
        for seed in &seeds {
            random_step(&mut store, seed);
            let new = store.view(None, &theme).unwrap();
            match tracker.update(new.clone()) {
                ViewUpdate::Patch { patch, base, revision } => {
                    prop_assert_eq!(base, ui_revision);
                    merge_patch(&mut ui, &serde_json::to_value(&patch).unwrap());
                    ui_revision = revision;
                }
                ViewUpdate::Full { view, revision } => {
                    ui = serde_json::to_value(&view).unwrap();
                    ui_revision = revision;
                }
            }
            prop_assert_eq!(&ui, &serde_json::to_value(&new).unwrap());
        }
    }
}

/// The sample, open, with its whole view sent once (as when a window opens it).
fn sample_sent_whole(dir: &Path) -> (Store, ViewTracker) {
    let store = Store::open(&sample_file(dir), "t").unwrap();
    let mut tracker = ViewTracker::default();
    tracker.full(store.view(None, &Theme::default()).unwrap());
    (store, tracker)
}

#[test]
fn a_lane_that_grows_sends_what_it_pushed_down_as_one_shift() {
    let dir = temp();
    let (mut store, mut tracker) = sample_sent_whole(dir.path());
    let theme = Theme::default();
    let old = store.view(None, &theme).unwrap();
    // Three more cards in the first cell make the first lane taller: every card below it moves down.
    for k in 0..3 {
        store
            .apply(&add_card(&store, &format!("Extra {k}")))
            .unwrap();
    }
    let new = store.view(None, &theme).unwrap();
    let ViewUpdate::Patch { patch, .. } = tracker.update(new.clone()) else {
        panic!("an edit is sent as a patch");
    };
    let layout = patch.layout.as_ref().unwrap();
    let (old_layout, new_layout) = (old.layout.unwrap(), new.layout.unwrap());
    // Independently: the cards whose box is the same size at another place.
    let moved = new_layout
        .cards
        .iter()
        .filter(|b| {
            old_layout.cards.iter().any(|o| {
                o.id == b.id
                    && (o.rect.x, o.rect.y) != (b.rect.x, b.rect.y)
                    && (o.rect.width, o.rect.height) == (b.rect.width, b.rect.height)
            })
        })
        .count();
    assert!(
        moved > new_layout.cards.len() / 2,
        "most cards moved: {moved}"
    );
    let cards = layout.cards.as_ref().unwrap();
    let shifted: usize = cards.shifted.iter().map(|s| s.items.len()).sum();
    assert_eq!(
        shifted, moved,
        "each card that only moved is sent as a shift"
    );
    assert!(
        cards.shifted.iter().any(|s| s.by.1 > 0.0),
        "cards below went down"
    );
    assert!(
        cards.changed.len() <= 4,
        "the new cards and little else: {}",
        cards.changed.len()
    );
    // The routes whose every point (and label) moved by the one offset of their first point.
    let translated = new_layout
        .flows
        .iter()
        .filter(|r| {
            let Some(o) = old_layout.flows.iter().find(|o| o.id == r.id) else {
                return false;
            };
            let (dx, dy) = (r.points[0].x - o.points[0].x, r.points[0].y - o.points[0].y);
            let label = |l: &Option<waymark_core::layout::Rect>| {
                l.map(|l| (l.x - dx, l.y - dy, l.width, l.height))
            };
            (dx, dy) != (0.0, 0.0)
                && o.points.len() == r.points.len()
                && o.points
                    .iter()
                    .zip(&r.points)
                    .all(|(a, b)| (b.x - a.x, b.y - a.y) == (dx, dy))
                && label(&r.label) == o.label.map(|l| (l.x, l.y, l.width, l.height))
        })
        .count();
    assert!(translated > 0, "some routes only moved");
    let flows = layout.flows.as_ref().unwrap();
    let shifted: usize = flows.shifted.iter().map(|s| s.items.len()).sum();
    assert_eq!(
        shifted, translated,
        "each route that only moved is sent as a shift"
    );
    let plain = ListPatch::between(&old_layout.flows, &new_layout.flows).unwrap();
    assert_eq!(plain.changed.len(), flows.changed.len() + shifted);
    let size = |p: &ListPatch<_, _>| serde_json::to_string(p).unwrap().len();
    assert!(size(flows) < size(&plain));
}

#[test]
fn an_edit_sends_only_the_card_it_changed() {
    let dir = temp();
    let (mut store, mut tracker) = sample_sent_whole(dir.path());
    let journey = first_journey(&store);
    let card = journey.cards_in_order().next().unwrap().clone();
    let mut fields = card.fields.clone();
    fields.title = "Renamed".into();
    store
        .apply(&Command::UpdateCard {
            journey: journey.id(),
            card: card.id,
            fields,
        })
        .unwrap();
    let ViewUpdate::Patch {
        patch,
        base,
        revision,
    } = tracker.update(store.view(None, &Theme::default()).unwrap())
    else {
        panic!("an edit is sent as a patch");
    };
    assert_eq!((base, revision), (1, 2));
    let cards = patch.journey.as_ref().unwrap().cards.as_ref().unwrap();
    assert_eq!(cards.changed.len(), 1);
    assert_eq!(cards.changed[0].fields.title, "Renamed");
    assert!(
        cards.placed.is_empty() && cards.removed.is_empty(),
        "no card came, went or moved"
    );
    assert!(patch.journey.as_ref().unwrap().flows.is_none());
    assert!(patch.feedback.is_none() && patch.personas.is_none());
    assert!(patch.can_undo);
    let json = serde_json::to_string(&patch).unwrap();
    assert!(
        json.len() < 2_000,
        "a rename is small on the wire: {} bytes",
        json.len()
    );
}

#[test]
fn a_moved_card_is_placed_alone_not_with_the_order_of_every_card() {
    let dir = temp();
    let (mut store, mut tracker) = sample_sent_whole(dir.path());
    let journey = first_journey(&store);
    let card = journey.cards_in_order().next().unwrap().clone();
    let last_stage = journey.stages().last().unwrap().id;
    store
        .apply(&Command::MoveCard {
            journey: journey.id(),
            card: card.id,
            stage: last_stage,
            lane: card.cell.lane,
            index: Some(0),
        })
        .unwrap();
    let ViewUpdate::Patch { patch, .. } =
        tracker.update(store.view(None, &Theme::default()).unwrap())
    else {
        panic!("a move is sent as a patch");
    };
    let cards = patch.journey.as_ref().unwrap().cards.as_ref().unwrap();
    assert_eq!(cards.placed.len(), 1, "{:?}", cards.placed);
    assert_eq!(cards.placed[0].0, card.id);
    assert!(cards.removed.is_empty());
    let json = serde_json::to_string(&patch).unwrap();
    assert!(
        json.len() < 20_000,
        "a move is small on the wire: {} bytes",
        json.len()
    );
}

#[test]
fn save_as_copies_everything_and_the_copy_is_independent() {
    let dir = temp();
    let path = sample_file(dir.path());
    let mut store = Store::open(&path, "t").unwrap();
    let command = add_card(&store, "Before the copy");
    store.apply(&command).unwrap();
    let copy_path = dir.path().join("copy.waymark");
    let mut copy = store.save_as(&copy_path).unwrap();
    assert_eq!(copy.project(), store.project());
    assert_eq!(copy.stack_depths().unwrap(), (1, 0), "history comes along");
    let command = add_card(&copy, "Only in the copy");
    copy.apply(&command).unwrap();
    assert_ne!(copy.project(), store.project());
    assert!(store.save_as(&copy_path).is_err(), "never overwrites");
    drop((store, copy));
    assert_eq!(
        entries(dir.path()),
        vec!["copy.waymark", "groceries.waymark"]
    );
}

#[test]
fn the_view_shows_the_chosen_journey_with_its_layout() {
    let dir = temp();
    let path = sample_file(dir.path());
    let store = Store::open(&path, "t").unwrap();
    let view = store.view(None, &Theme::default()).unwrap();
    assert_eq!(view.file.name, "groceries.waymark");
    assert_eq!(view.file.read_only, None);
    assert!(!view.can_undo && !view.can_redo);
    let journey = view.journey.expect("the first journey is shown");
    let layout = view.layout.expect("with its layout");
    assert_eq!(layout.cards.len(), journey.cards.len());
    assert_eq!(layout.emotion_curves.len(), 2);
    assert!(
        view.card_kind_for_lane
            .contains(&(LaneKind::PainPoints, CardKind::PainPoint))
    );
    let read_only = Store::open(&path, "second").unwrap();
    let second = read_only
        .view(Some(JourneyId::new()), &Theme::default())
        .unwrap();
    assert!(second.file.read_only.unwrap().contains("another Waymark"));
    assert_eq!(
        second.journey.map(|j| j.id),
        Some(journey.id),
        "an unknown journey falls back to the first"
    );
}

/// The sample with three cards added, one edit each: history entries 1 to 3.
fn sample_with_three_edits(dir: &Path) -> (PathBuf, Store) {
    let path = sample_file(dir);
    let mut store = Store::open(&path, "ann").unwrap();
    for title in ["One", "Two", "Three"] {
        let command = add_card(&store, title);
        store.apply(&command).unwrap();
    }
    (path, store)
}

fn titles(store: &Store) -> Vec<String> {
    first_journey(store)
        .cards_in_order()
        .map(|c| c.fields.title.clone())
        .filter(|t| ["One", "Two", "Three"].contains(&t.as_str()))
        .collect()
}

#[test]
fn a_restore_is_one_new_edit_that_keeps_history_and_undoes() {
    let dir = temp();
    let (path, mut store) = sample_with_three_edits(dir.path());
    assert_eq!(titles(&store), ["One", "Two", "Three"]);
    assert_eq!(titles_of(&store.document_at(1).unwrap()), ["One"]);
    assert_eq!(
        titles(&store),
        ["One", "Two", "Three"],
        "comparing changes nothing"
    );

    store.restore(1).unwrap();
    assert_eq!(titles(&store), ["One"]);
    let history = store.history(10).unwrap();
    assert_eq!(history.len(), 4, "history is kept, the restore added to it");
    assert_eq!(history[0].kind, OpKind::Do);
    assert!(
        history[0].description.starts_with("restore to #1 ("),
        "{}",
        history[0].description
    );
    drop(store);

    let mut store = Store::open(&path, "bob").unwrap();
    assert_eq!(titles(&store), ["One"], "the restore was saved");
    store.undo().unwrap().expect("the restore is undone");
    assert_eq!(titles(&store), ["One", "Two", "Three"]);
    store.restore(0).unwrap();
    assert!(titles(&store).is_empty(), "point 0 is as created");
    assert_eq!(first_journey(&store).card_count(), 41);
}

fn titles_of(project: &Project) -> Vec<String> {
    project.journeys()[0]
        .cards_in_order()
        .map(|c| c.fields.title.clone())
        .filter(|t| ["One", "Two", "Three"].contains(&t.as_str()))
        .collect()
}

#[test]
fn an_unknown_history_point_is_refused_in_one_sentence() {
    let dir = temp();
    let (path, mut store) = sample_with_three_edits(dir.path());
    let bytes = std::fs::read(&path).unwrap();
    for seq in [4, -1, 99] {
        let error = store.restore(seq).expect_err("refused");
        assert_eq!(
            error.to_string(),
            format!("{} has no history entry #{seq}", path.display())
        );
        assert!(store.document_at(seq).is_err());
    }
    assert_eq!(titles(&store), ["One", "Two", "Three"]);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    let mut reader = Store::open(&path, "second").unwrap();
    let error = reader.restore(1).expect_err("read-only");
    assert!(error.to_string().contains("is open read-only"), "{error}");
}

#[test]
fn versions_are_labels_on_history_points_kept_in_the_file() {
    let dir = temp();
    let path = sample_file(dir.path());
    let mut store = Store::open(&path, "ann").unwrap();
    let first = store.save_version("  As created ").unwrap();
    assert_eq!(
        (first.label.as_str(), first.seq, first.author.as_str()),
        ("As created", 0, "ann")
    );
    assert_eq!(first.description, "created");
    let command = add_card(&store, "One");
    store.apply(&command).unwrap();
    store.undo().unwrap();
    let second = store.save_version("After the undo").unwrap();
    assert_eq!(
        (second.seq, second.description.as_str()),
        (2, "undo add card")
    );
    drop(store);

    let mut store = Store::open(&path, "bob").unwrap();
    let versions = store.versions().unwrap();
    let labels: Vec<&str> = versions.iter().map(|v| v.label.as_str()).collect();
    assert_eq!(labels, ["After the undo", "As created"], "newest first");
    assert_eq!(versions[0], second);
    assert_eq!(
        store.find_version("as CREATED").unwrap().map(|v| v.seq),
        Some(0)
    );
    let refusals = [
        ("   ", "a version needs a label"),
        (
            "AS CREATED",
            "there is already a version named \"As created\"",
        ),
        ("#12", "\"#12\" reads as history entry #12"),
        ("2024", "\"2024\" reads as history entry #2024"),
    ];
    for (label, reason) in refusals {
        let error = store.save_version(label).expect_err(label).to_string();
        assert_eq!(
            error.split("; give").next().unwrap(),
            format!("{} was not changed: {reason}", path.display())
        );
    }
    let long = "x".repeat(MAX_NAME_CHARS + 1);
    assert!(store.save_version(&long).is_err());
    assert_eq!(store.versions().unwrap().len(), 2);
    let mut reader = Store::open(&path, "second").unwrap();
    let error = reader.save_version("Sneaky").expect_err("read-only");
    assert!(error.to_string().contains("is open read-only"), "{error}");
}

#[test]
fn history_pages_through_every_entry_by_the_primary_key() {
    let dir = temp();
    let path = sample_file(dir.path());
    let mut store = Store::open(&path, "t").unwrap();
    for n in 0..7 {
        let command = add_card(&store, &format!("Card {n}"));
        store.apply(&command).unwrap();
    }
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let page = store.history_page(before, 3).unwrap();
        let Some(last) = page.last() else { break };
        before = Some(last.seq);
        seen.extend(page.iter().map(|e| e.seq));
    }
    assert_eq!(seen, [7, 6, 5, 4, 3, 2, 1]);
    assert_eq!(
        store.history(2).unwrap(),
        store.history_page(None, 2).unwrap()
    );
    // A page is a range of op_log's rowid, so it costs the same at entry 100,000 as at entry 10.
    let conn = Connection::open(&path).unwrap();
    let plan: String = conn
        .query_row(
            "EXPLAIN QUERY PLAN SELECT seq FROM op_log WHERE seq < 5 ORDER BY seq DESC LIMIT 3",
            [],
            |r| r.get(3),
        )
        .unwrap();
    assert!(plan.contains("USING INTEGER PRIMARY KEY"), "{plan}");
}

/// A patch of a long list whose start and end are unchanged: the items between are compared, and those placed are
/// placed by their index in the whole new list.
#[test]
fn a_list_patch_places_items_at_their_index_in_the_whole_list() {
    use waymark_core::layout::{CardBox, Rect};
    let card = |x: f64| CardBox {
        id: CardId::new(),
        rect: Rect {
            x,
            y: 0.0,
            width: 10.0,
            height: 10.0,
        },
    };
    let old: Vec<CardBox> = (0..8).map(|k| card(k as f64)).collect();
    // The fourth moved after the fifth and sixth, the fifth resized, the seventh gone, one new before the last.
    let mut resized = old[4].clone();
    resized.rect.width = 20.0;
    let added = card(99.0);
    let new = vec![
        old[0].clone(),
        old[1].clone(),
        old[2].clone(),
        resized.clone(),
        old[5].clone(),
        old[3].clone(),
        added.clone(),
        old[7].clone(),
    ];
    let patch = ListPatch::between(&old, &new).unwrap();
    assert_eq!(patch.changed, vec![resized, added.clone()]);
    assert_eq!(patch.removed, vec![old[6].id]);
    // Of 4, 5, 3, 7 (old positions), the longest rising run keeps 4, 5, 7: the fourth card is placed, at index 5.
    assert_eq!(patch.placed, vec![(old[3].id, 5), (added.id, 6)]);
    // The same with the fourth card also moved 5 px right: sent as a shift, by its index in the whole list.
    let mut shifted = new.clone();
    shifted[5].rect.x += 5.0;
    let patch = ListPatch::between_shifting(&old, &shifted).unwrap();
    assert_eq!(patch.shifted.len(), 1);
    assert_eq!(
        (patch.shifted[0].by, &patch.shifted[0].items),
        ((5.0, 0.0), &vec![5])
    );
    assert_eq!(patch.placed, vec![(old[3].id, 5), (added.id, 6)]);
    assert!(ListPatch::between(&old, &old.clone()).is_none());
}
