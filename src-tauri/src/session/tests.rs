//! Windows work apart: a long import holds only its own window, and a panic ends in one sentence.

use super::*;
use std::sync::Barrier;
use std::sync::atomic::AtomicBool;
use std::time::Duration;
use waymark_api::feedback::{FeedbackImport, MappingSource};
use waymark_core::metrics::{MetricDefinition, MetricKind};
use waymark_core::{Command, StageId};
use waymark_feedback::{Mapping, Target};

/// A new sample project in `dir`, opened in window `label`.
fn open_sample(windows: &Windows, dir: &std::path::Path, label: &str) -> PathBuf {
    let path = dir.join(format!("{label}.waymark"));
    let request = waymark_api::project::NewProject {
        sample: true,
        name: None,
    };
    let store = waymark_api::project::create(&path, &request, "test").unwrap();
    windows
        .get(label)
        .set(|| Slot::Open(Box::new(Session::new(store))));
    path
}

/// A survey export of `rows` NPS answers, all about one card.
fn survey(dir: &std::path::Path, rows: usize) -> PathBuf {
    let path = dir.join("survey.csv");
    let mut text = String::from("id,score\n");
    for row in 0..rows {
        text.push_str(&format!("{row},{}\n", row % 11));
    }
    std::fs::write(&path, text).unwrap();
    path
}

fn nps_on_first_card(session: &Session) -> MappingSource {
    let card = session.store.project().journeys()[0]
        .cards_in_order()
        .next()
        .unwrap()
        .id;
    MappingSource::Given {
        mapping: Box::new(Mapping {
            metric: MetricDefinition::for_kind(MetricKind::Nps, None, None, &[]),
            score: "score".into(),
            answers: Default::default(),
            comment: None,
            date: None,
            day_first: false,
            segments: Vec::new(),
            target: Target::Card { card },
            sheet: None,
        }),
        save_as: None,
    }
}

/// Imports `file` into the window's project, calling `on_progress` as rows are read.
fn import(
    window: &Window,
    file: &std::path::Path,
    on_progress: &(dyn Fn(u64) -> bool + Sync),
) -> Result<(), UiError> {
    window.with_session(|session| {
        let request = FeedbackImport {
            file: file.to_owned(),
            mapping: nps_on_first_card(session),
            journey: None,
        };
        waymark_api::feedback::import(&mut session.store, &request, on_progress)?;
        Ok(())
    })
}

fn add_stage(session: &mut Session) -> Result<(), UiError> {
    let journey = session.store.project().journeys()[0].id();
    session.store.apply(&Command::AddStage {
        journey,
        stage: StageId::new(),
        name: "Return".into(),
        index: 0,
    })?;
    Ok(())
}

fn stage_count(window: &Window) -> usize {
    window
        .with_session(|s| Ok(s.store.project().journeys()[0].stages().len()))
        .unwrap()
}

#[test]
fn a_long_import_in_one_window_does_not_hold_up_another() {
    let dir = tempfile::tempdir().unwrap();
    let windows = Arc::new(Windows::default());
    open_sample(&windows, dir.path(), "a");
    open_sample(&windows, dir.path(), "b");
    let file = survey(dir.path(), 40_000);
    let before = stage_count(&windows.get("b"));

    // Window a's import stops at its first progress report until the test lets it go on: a slow reader.
    let (reading, go_on) = (Arc::new(Barrier::new(2)), Arc::new(Barrier::new(2)));
    let importer = {
        let (windows, reading, go_on) = (windows.clone(), reading.clone(), go_on.clone());
        let first = AtomicBool::new(true);
        std::thread::spawn(move || {
            import(&windows.get("a"), &file, &|_| {
                if first.swap(false, Ordering::Relaxed) {
                    reading.wait();
                    go_on.wait();
                }
                true
            })
        })
    };
    reading.wait();
    assert!(
        windows.get("a").slot.try_lock().is_err(),
        "the import holds its window's lock"
    );

    // Meanwhile window b edits, and gets its answer (were it waiting for a's lock, it never would).
    let (answered, answer) = std::sync::mpsc::channel();
    {
        let windows = windows.clone();
        std::thread::spawn(move || answered.send(windows.get("b").with_session(add_stage)));
    }
    let edit = answer.recv_timeout(Duration::from_secs(60));
    go_on.wait();
    assert!(
        matches!(edit, Ok(Ok(()))),
        "window b answered while a was importing"
    );
    assert_eq!(stage_count(&windows.get("b")), before + 1);

    importer.join().unwrap().unwrap();
    let datasets = windows
        .get("a")
        .with_session(|s| Ok(s.store.datasets()?))
        .unwrap();
    assert_eq!(datasets.len(), 1);
    assert_eq!(datasets[0].rows_mapped, 40_000);
}

#[test]
fn a_panicking_reader_is_one_sentence_and_the_window_keeps_working() {
    let dir = tempfile::tempdir().unwrap();
    let windows = Windows::default();
    open_sample(&windows, dir.path(), "a");
    let file = survey(dir.path(), 40_000);
    let window = windows.get("a");

    let error = import(&window, &file, &|_| panic!("the reader broke")).unwrap_err();
    assert!(error.message.contains("survey.csv"), "{}", error.message);
    assert!(
        error.message.contains("the reader broke"),
        "{}",
        error.message
    );
    assert!(
        !error.message.contains('\n'),
        "one sentence: {}",
        error.message
    );

    // Nothing of the import was kept, and the window still edits.
    let datasets = window.with_session(|s| Ok(s.store.datasets()?)).unwrap();
    assert!(datasets.is_empty());
    let before = stage_count(&window);
    window.with_session(add_stage).unwrap();
    assert_eq!(stage_count(&window), before + 1);
}

#[test]
fn a_panic_in_a_window_reopens_its_project_and_poisons_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let windows = Windows::default();
    let path = open_sample(&windows, dir.path(), "a");
    let window = windows.get("a");
    window.with_session(add_stage).unwrap();
    let stages = stage_count(&window);

    let error = window
        .with_session(|session| -> Result<(), UiError> {
            add_stage(session)?;
            panic!("something broke")
        })
        .unwrap_err();
    assert!(
        error.message.contains("something broke"),
        "{}",
        error.message
    );
    assert!(
        error.message.contains(&path.display().to_string()),
        "{}",
        error.message
    );

    // The project was reopened from its file: the edit saved before the panic is there, and the window edits on.
    assert_eq!(stage_count(&window), stages + 1);
    window.with_session(add_stage).unwrap();
    assert_eq!(stage_count(&window), stages + 2);
    assert!(!window.slot.is_poisoned());
}
