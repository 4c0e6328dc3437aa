//! The whole file's check of the feedback, remembered outside the file for the exact content it passed: a file
//! checked once opens and reads its responses without checking again, and any change to it — damage written in
//! place with its modification time put back, the same bytes written again, a copy, another connection's commit —
//! is checked again and its damage found. (Remembered in a folder of this test's own.)

use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;
use waymark_core::metrics::MetricDefinition;
use waymark_core::*;
use waymark_store::*;

/// Longer than a file must rest after its last change for its check to be remembered.
const SETTLE: Duration = Duration::from_millis(1_200);

/// The grocery sample with `responses` NPS responses, each with a comment `marker-N`.
fn project_with(dir: &Path, name: &str, responses: usize) -> PathBuf {
    let path = dir.join(format!("{name}.waymark"));
    let mut store = Store::create(&path, &sample::grocery(), "tester").unwrap();
    let journey = &store.project().journeys()[0];
    let cards: Vec<CardId> = journey.cards_in_order().map(|c| c.id).collect();
    let source = dir.join(format!("{name}.csv"));
    std::fs::write(&source, "a survey export\n").unwrap();
    let definition = MetricDefinition::nps();
    let dataset = NewDataset {
        journey: journey.id(),
        name: name.into(),
        source_name: format!("{name}.csv"),
        definition: definition.clone(),
        mapping: serde_json::json!({ "metric": definition }).to_string(),
        columns: Vec::new(),
    };
    store
        .import_dataset(&dataset, &source, |writer| {
            for i in 0..responses {
                writer.add(&NewResponse {
                    row: i as u64 + 2,
                    card: cards[i % cards.len()],
                    score: (i % 11) as f64,
                    time: Some(1_767_225_600 + i as i64),
                    comment: Some(&format!("marker-{i:08}")),
                    segments: None,
                })?;
            }
            Ok::<u64, WritingStopped>(responses as u64)
        })
        .unwrap();
    path
}

/// The first card of the first journey.
fn first_card(store: &Store) -> CardId {
    store.project().journeys()[0]
        .cards_in_order()
        .next()
        .unwrap()
        .id
}

/// An edit: `dots` on `card`.
fn set_dots(store: &mut Store, card: CardId, dots: u32) {
    let journey = store.project().journeys()[0].id();
    store
        .apply(&Command::SetDots {
            journey,
            card,
            dots,
        })
        .unwrap();
}

/// Opens the file, reads a card's comments (the first read of the responses), and says how the feedback was found
/// sound — or the error.
fn read_comments(path: &Path) -> Result<Option<FeedbackCheck>, StoreError> {
    let store = Store::open(path, "tester").unwrap();
    store.comments(first_card(&store), 10)?;
    Ok(store.feedback_check())
}

/// The offsets of the pages holding responses (table leaves with `marker-` in them).
fn response_pages(bytes: &[u8]) -> Vec<usize> {
    let page_size = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    (1..bytes.len() / page_size)
        .map(|i| i * page_size)
        .filter(|&at| {
            let page = &bytes[at..at + page_size];
            page[0] == 0x0D && page.windows(7).any(|w| w == b"marker-")
        })
        .collect()
}

/// Writes a damaged b-tree header into one response page, in place (same file, same size), and puts the file's
/// modification time back as it was: only its change time, which no one can set, tells.
fn damage_in_place(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let page = response_pages(&bytes)[3];
    let modified = std::fs::metadata(path).unwrap().modified().unwrap();
    let mut file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    file.seek(SeekFrom::Start(page as u64 + 1)).unwrap();
    file.write_all(&[0xA5; 7]).unwrap();
    file.set_modified(modified).unwrap();
    drop(file);
    assert_eq!(std::fs::metadata(path).unwrap().len(), bytes.len() as u64);
}

fn assert_damaged(result: Result<Option<FeedbackCheck>, StoreError>, path: &Path) {
    let error = result.expect_err("the damage is found").to_string();
    assert!(
        error.starts_with(&path.display().to_string())
            && error.contains("imported feedback cannot be read"),
        "{error}"
    );
}

/// Whether the whole file's check ran (when the feedback was read, or on its own thread since the open).
fn checked_again(how: Option<FeedbackCheck>) -> bool {
    matches!(how, Some(FeedbackCheck::Ran | FeedbackCheck::Background))
}

fn remembered_lines(memory: &Path) -> usize {
    std::fs::read_to_string(memory.join("checked-files"))
        .map(|t| t.lines().count())
        .unwrap_or(0)
}

#[test]
fn a_passed_check_is_remembered_for_exactly_that_content() {
    let memory = tempfile::tempdir().unwrap();
    set_check_memory(CheckMemory::Folder(memory.path().to_owned()));
    let dir = tempfile::tempdir().unwrap();
    let path = project_with(dir.path(), "survey", 5_000);

    // Checked just after it changed: the check runs, and is not remembered (a change in the same tick of the
    // file system's clock would not move its times).
    assert!(checked_again(read_comments(&path).unwrap()));
    assert_eq!(remembered_lines(memory.path()), 0);
    std::thread::sleep(SETTLE);
    assert!(checked_again(read_comments(&path).unwrap()));
    if remembered_lines(memory.path()) == 0 {
        eprintln!(
            "{} is on a file system whose change times are not trusted: nothing to remember",
            dir.path().display()
        );
        return;
    }
    assert_eq!(
        read_comments(&path).unwrap(),
        Some(FeedbackCheck::Remembered)
    );

    // Damage written in place, the modification time put back: checked again, and found.
    let good = std::fs::read(&path).unwrap();
    damage_in_place(&path);
    for _ in 0..2 {
        assert_damaged(read_comments(&path), &path);
    }
    // The same good bytes again are a new content as far as anyone can tell: checked again, then remembered.
    std::fs::write(&path, &good).unwrap();
    std::thread::sleep(SETTLE);
    assert!(checked_again(read_comments(&path).unwrap()));
    assert_eq!(
        read_comments(&path).unwrap(),
        Some(FeedbackCheck::Remembered)
    );
    assert_eq!(remembered_lines(memory.path()), 1, "one line per file");

    // A copy is another file: checked.
    let copy = dir.path().join("copy.waymark");
    std::fs::copy(&path, &copy).unwrap();
    std::thread::sleep(SETTLE);
    assert!(checked_again(read_comments(&copy).unwrap()));

    // This store's own edits are remembered when it closes (once they have settled)…
    {
        let mut store = Store::open(&path, "tester").unwrap();
        let card = first_card(&store);
        store.comments(card, 10).unwrap();
        assert_eq!(store.feedback_check(), Some(FeedbackCheck::Remembered));
        set_dots(&mut store, card, 3);
        std::thread::sleep(SETTLE);
    }
    assert_eq!(
        read_comments(&path).unwrap(),
        Some(FeedbackCheck::Remembered)
    );
    // …and damage after them is still found.
    damage_in_place(&path);
    assert_damaged(read_comments(&path), &path);

    // Another connection's commit while a store has the file open: not remembered at close, though the store
    // wrote too.
    std::fs::write(&copy, &good).unwrap();
    std::thread::sleep(SETTLE);
    assert!(checked_again(read_comments(&copy).unwrap()));
    {
        let store = Store::open(&copy, "tester").unwrap();
        let card = first_card(&store);
        store.comments(card, 10).unwrap();
        assert_eq!(store.feedback_check(), Some(FeedbackCheck::Remembered));
        let other = rusqlite::Connection::open(&copy).unwrap();
        other
            .execute(
                "INSERT INTO preset (name, mapping) VALUES ('by another', '{}')",
                [],
            )
            .unwrap();
        drop(other);
        let mut store = store;
        set_dots(&mut store, card, 1);
        std::thread::sleep(SETTLE);
    }
    assert!(checked_again(read_comments(&copy).unwrap()));
}
