//! What an import writes, read back from the file with plain SQL: every response given, exactly once, with its
//! values; each card's runs of rowids naming its responses and no others; and an import stopped on either reading
//! side — the responses failing, the source file failing — leaves the file byte for byte as it was.

use rand::{Rng, SeedableRng};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use waymark_core::metrics::MetricDefinition;
use waymark_core::*;
use waymark_store::*;

/// One response as given to the import and as read back: card, row, score, time, comment, segments.
type Response = (
    Vec<u8>,
    i64,
    f64,
    Option<i64>,
    Option<String>,
    Option<String>,
);

/// More responses than two batches hold, so that batches, cards and the rows a statement writes all have ends.
const RESPONSES: usize = 300_000;

fn project(dir: &Path) -> (PathBuf, Store) {
    let path = dir.join("import.waymark");
    let store = Store::create(&path, &sample::grocery(), "tester").unwrap();
    (path, store)
}

fn dataset(store: &Store, name: &str) -> NewDataset {
    let definition = MetricDefinition::nps();
    NewDataset {
        journey: store.project().journeys()[0].id(),
        name: name.into(),
        source_name: format!("{name}.csv"),
        definition: definition.clone(),
        mapping: serde_json::json!({ "metric": definition }).to_string(),
        columns: Vec::new(),
    }
}

/// `count` responses over the journey's cards, some cards far more often than others (one card gets a response
/// in a hundred, so some batches hold fewer of its rows than one statement writes), with texts that need care.
fn responses(store: &Store, count: usize) -> Vec<(CardId, Response)> {
    let cards: Vec<CardId> = store.project().journeys()[0]
        .cards_in_order()
        .map(|c| c.id)
        .collect();
    let mut rng = rand::rngs::StdRng::seed_from_u64(29);
    (0..count)
        .map(|i| {
            let card = if rng.random_range(0..100) == 0 {
                cards[0]
            } else {
                cards[1 + rng
                    .random_range(0..cards.len() - 1)
                    .min(rng.random_range(0..cards.len() - 1))]
            };
            let comment = match rng.random_range(0..4) {
                0 => None,
                1 => Some(format!("\"quoted\", {i}\nover two lines")),
                2 => Some(format!("délai d'attente {i} ✓")),
                _ => Some(String::new()),
            };
            let segments = rng
                .random_bool(0.5)
                .then(|| format!("{{\"segment\":\"s{}\"}}", rng.random_range(0..3)));
            let time = rng
                .random_bool(0.9)
                .then(|| 1_767_225_600 + rng.random_range(0..365 * 86_400));
            let response = (
                card.0.as_bytes().to_vec(),
                i as i64 + 2,
                f64::from(rng.random_range(0..=10)),
                time,
                comment,
                segments,
            );
            (card, response)
        })
        .collect()
}

fn import(
    store: &mut Store,
    name: &str,
    source: &Path,
    given: &[(CardId, Response)],
) -> Result<(DatasetId, u64), ImportFailure<WritingStopped>> {
    store.import_dataset(&dataset(store, name), source, |writer| {
        for (card, (_, row, score, time, comment, segments)) in given {
            writer.add(&NewResponse {
                row: *row as u64,
                card: *card,
                score: *score,
                time: *time,
                comment: comment.as_deref(),
                segments: segments.as_deref(),
            })?;
        }
        Ok(given.len() as u64 + 1)
    })
}

fn read_only(path: &Path) -> Connection {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

#[test]
fn an_import_stores_every_response_given_once_and_its_runs_name_only_its_card() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = project(dir.path());
    let source = dir.path().join("survey.csv");
    std::fs::write(&source, "the file itself\n".repeat(1000)).unwrap();
    let given = responses(&store, RESPONSES);
    let (_, written) = import(&mut store, "survey", &source, &given).unwrap();
    assert_eq!(written, RESPONSES as u64);
    drop(store);

    let conn = read_only(&path);
    let mut stored: Vec<Response> = conn
        .prepare("SELECT card, row, score, time, comment, segments FROM response")
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut expected: Vec<Response> = given.into_iter().map(|(_, r)| r).collect();
    let by_row = |a: &Response, b: &Response| a.1.cmp(&b.1);
    stored.sort_by(by_row);
    expected.sort_by(by_row);
    assert_eq!(stored.len(), RESPONSES);
    assert!(
        stored == expected,
        "the responses stored are the ones given"
    );

    // Each run names rowids of its own card only, and the runs together name every response once.
    let runs: Vec<(Vec<u8>, i64, i64)> = conn
        .prepare("SELECT card, first, last FROM response_run")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut covered = 0;
    for (card, first, last) in &runs {
        let (count, others): (i64, i64) = conn
            .query_row(
                "SELECT count(*), count(*) FILTER (WHERE card <> ?1) FROM response WHERE rowid BETWEEN ?2 AND ?3",
                rusqlite::params![card, first, last],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((count, others), (last - first + 1, 0), "run {first}–{last}");
        covered += count;
    }
    assert_eq!(covered, RESPONSES as i64);
    // Three batches at least, each with a run for every card it held.
    assert!(runs.len() > 3 * 10, "{} runs", runs.len());
}

/// The file's bytes, once the store has let go of it.
fn bytes_of(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn an_import_stopped_by_its_responses_leaves_the_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = project(dir.path());
    let source = dir.path().join("survey.csv");
    std::fs::write(&source, "x".repeat(20 << 20)).unwrap();
    let given = responses(&store, RESPONSES);
    // A first import, so that the file holds responses the stopped one must leave alone.
    import(&mut store, "first", &source, &given[..1000]).unwrap();
    drop(store);
    let before = bytes_of(&path);
    let mut store = Store::open(&path, "tester").unwrap();
    let result = store.import_dataset(&dataset(&store, "stopped"), &source, |writer| {
        for (i, (card, (_, row, score, ..))) in given.iter().enumerate() {
            if i == 200_000 {
                return Err("stopped by the user");
            }
            writer
                .add(&NewResponse {
                    row: *row as u64,
                    card: *card,
                    score: *score,
                    time: None,
                    comment: None,
                    segments: None,
                })
                .map_err(|_| "writing stopped")?;
        }
        Ok(0)
    });
    assert!(
        matches!(result, Err(ImportFailure::Fill("stopped by the user"))),
        "{result:?}"
    );
    assert_eq!(store.datasets().unwrap().len(), 1);
    drop(store);
    assert!(bytes_of(&path) == before, "the file is as it was");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains("journal"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn an_import_whose_source_cannot_be_read_says_so_and_leaves_the_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = project(dir.path());
    let given = responses(&store, RESPONSES);
    drop(store);
    let before = bytes_of(&path);
    let mut store = Store::open(&path, "tester").unwrap();
    // A folder opens but cannot be read as a file: keeping the source fails while the responses are being read.
    let folder = dir.path().join("not-a-file.csv");
    std::fs::create_dir(&folder).unwrap();
    let result = import(&mut store, "folder", &folder, &given);
    match result {
        Err(ImportFailure::Store(StoreError::Io { path, .. })) => {
            assert!(path.contains("not-a-file.csv"), "{path}")
        }
        other => panic!("{other:?}"),
    }
    assert!(store.datasets().unwrap().is_empty());
    drop(store);
    assert!(bytes_of(&path) == before, "the file is as it was");
}
