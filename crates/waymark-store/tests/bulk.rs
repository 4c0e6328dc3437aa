//! The bulk feedback tables — responses, their runs, the kept source files — are checked when first read, not on
//! open: opening costs what the document costs; damage in those tables, and values no import writes, are one
//! sentence naming the file when they are read — never a panic, a wrong score or a changed file.

use rand::{Rng, SeedableRng};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use waymark_core::metrics::MetricDefinition;
use waymark_core::*;
use waymark_store::*;

/// One generated response.
struct Row {
    card: CardId,
    score: f64,
    /// Its segment values: "Region" and "Plan".
    region: &'static str,
    plan: &'static str,
}

/// A project (the grocery sample) with `responses` NPS responses on its first journey's cards, written through
/// the store's import, each with a comment `marker-N`, a date in 2026 and the segment columns "Region" and "Plan";
/// its source file is `source` (any bytes: the import keeps it beside the responses). Returns the file, the rows
/// and the dataset.
fn project_with(
    dir: &Path,
    name: &str,
    responses: usize,
    source: &[u8],
) -> (PathBuf, Vec<Row>, DatasetId) {
    let path = dir.join(format!("{name}.waymark"));
    let mut store = Store::create(&path, &sample::grocery(), "tester").unwrap();
    let journey = &store.project().journeys()[0];
    let cards: Vec<CardId> = journey.cards_in_order().map(|c| c.id).collect();
    let mut rng = rand::rngs::StdRng::seed_from_u64(17);
    let rows: Vec<Row> = (0..responses)
        .map(|i| Row {
            card: cards[i % cards.len()],
            score: f64::from(rng.random_range(0..=10)),
            region: ["North", "South"][i % 2],
            plan: ["Basic", "Plus", "Family"][i % 3],
        })
        .collect();
    let source_path = dir.join(format!("{name}.csv"));
    std::fs::write(&source_path, source).unwrap();
    let definition = MetricDefinition::nps();
    let dataset = NewDataset {
        journey: journey.id(),
        name: name.into(),
        source_name: format!("{name}.csv"),
        definition: definition.clone(),
        mapping: serde_json::json!({ "metric": definition, "segments": ["Region", "Plan"] })
            .to_string(),
        columns: Vec::new(),
    };
    let start = 1_767_225_600i64; // 2026-01-01
    let (id, written) = store
        .import_dataset(&dataset, &source_path, |writer| {
            for (i, row) in rows.iter().enumerate() {
                writer.add(&NewResponse {
                    row: i as u64 + 2,
                    card: row.card,
                    score: row.score,
                    time: Some(start + (i as i64 % 300) * 86_400),
                    comment: Some(&format!("marker-{i:08}")),
                    segments: Some(&format!(
                        r#"{{"Plan":"{}","Region":"{}"}}"#,
                        row.plan, row.region
                    )),
                })?;
            }
            Ok::<u64, WritingStopped>(rows.len() as u64)
        })
        .unwrap();
    assert_eq!(written, responses as u64);
    (path, rows, id)
}

/// Each card's NPS counted here from the rows: card → (n, value).
fn expected_nps(rows: &[Row]) -> std::collections::HashMap<CardId, (u64, f64)> {
    let mut counts: std::collections::HashMap<CardId, (u64, u64, u64)> = Default::default();
    for row in rows {
        let c = counts.entry(row.card).or_default();
        c.0 += 1;
        c.1 += u64::from(row.score >= 9.0);
        c.2 += u64::from(row.score <= 6.0);
    }
    counts
        .into_iter()
        .map(|(card, (n, p, d))| (card, (n, 100.0 * (p as f64 - d as f64) / n as f64)))
        .collect()
}

fn assert_scores_are(store: &Store, rows: &[Row]) {
    let expected = expected_nps(rows);
    let scores = store.card_scores(&store.project().journeys()[0]).unwrap();
    assert_eq!(scores.len(), expected.len());
    for score in scores {
        let (n, value) = expected[&score.card_id];
        assert_eq!(score.n, n);
        assert!(
            (score.value - value).abs() < 1e-9,
            "{score:?} against {value}"
        );
    }
}

/// One sentence that names the file and says it is damaged.
fn assert_damaged(error: &StoreError, path: &Path, says: &str) {
    let message = error.to_string();
    assert!(
        message.starts_with(&path.display().to_string()),
        "{message}"
    );
    assert!(message.contains("is damaged"), "{message}");
    assert!(message.contains(says), "expected '{says}' in '{message}'");
    assert!(!message.contains('\n'), "one sentence: {message}");
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn source_of(lines: usize) -> Vec<u8> {
    (0..lines)
        .flat_map(|i| format!("R_{i:08},2026-01-01,a line of the survey export\n").into_bytes())
        .collect()
}

/// A card's comments: the newest first (dated before undated, then by row), counted and searched over all of them
/// however many there are — each equal to the rows sorted and filtered here.
#[test]
fn a_cards_comments_are_the_newest_of_all_that_match() {
    let dir = tempfile::tempdir().unwrap();
    let (path, rows, _) = project_with(dir.path(), "comments", 30_000, &source_of(10));
    let store = Store::open(&path, "tester").unwrap();
    let card = rows[0].card;
    let start = 1_767_225_600i64;
    // (time, row, text, score) of the card's responses, as `project_with` made them.
    let mut expected: Vec<(i64, i64, String, f64)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.card == card)
        .map(|(i, r)| {
            (
                start + (i as i64 % 300) * 86_400,
                i as i64 + 2,
                format!("marker-{i:08}"),
                r.score,
            )
        })
        .collect();
    expected.sort_by_key(|(time, row, _, _)| (std::cmp::Reverse(*time), *row));
    assert!(expected.len() > 400, "more than are shown");
    let shown = |c: &[waymark_store::Comment]| -> Vec<(i64, i64, String, f64)> {
        c.iter()
            .map(|c| (c.time.unwrap(), c.row, c.text.clone(), c.score))
            .collect()
    };
    let (all, count) = store.comments_matching(card, 200, |_, _| true).unwrap();
    assert_eq!(count, expected.len());
    assert_eq!(shown(&all), expected[..200]);
    assert_eq!(shown(&store.comments(card, 7).unwrap()), expected[..7]);
    // A search, in any case, of every comment: "MARKER-000012" is rows 1,200 to 1,299.
    let (found, count) = store
        .comments_matching(card, 200, |text, _| {
            text.to_lowercase().contains("marker-000012")
        })
        .unwrap();
    let wanted: Vec<_> = expected
        .iter()
        .filter(|e| e.2.contains("marker-000012"))
        .cloned()
        .collect();
    assert!(!wanted.is_empty());
    assert_eq!((shown(&found), count), (wanted.clone(), wanted.len()));
    // Detractors only.
    let (low, count) = store
        .comments_matching(card, 50, |_, score| score <= 6.0)
        .unwrap();
    let wanted: Vec<_> = expected.iter().filter(|e| e.3 <= 6.0).cloned().collect();
    assert_eq!((shown(&low), count), (wanted[..50].to_vec(), wanted.len()));
}

/// A project with 100 times the responses opens in less than twice the time: opening checks the document, not the
/// feedback. (Before issue 17, opening ran `quick_check` over the whole file and this failed: about 10 times.)
#[test]
fn opening_does_not_grow_with_the_responses() {
    let dir = tempfile::tempdir().unwrap();
    let (small, _, _) = project_with(dir.path(), "small", 2_000, &source_of(2_000));
    let (large, _, _) = project_with(dir.path(), "large", 200_000, &source_of(200_000));
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    assert!(
        size(&large) > 20 * size(&small),
        "the files differ as their feedback does"
    );
    let open = |path: &Path| {
        let started = Instant::now();
        let store = Store::open(path, "tester").unwrap();
        let took = started.elapsed();
        assert_eq!(store.project().journeys().len(), 1);
        took
    };
    open(&small);
    open(&large);
    let (mut smalls, mut larges) = (Vec::new(), Vec::new());
    // Taking turns, so whatever else the machine does weighs on both alike.
    for _ in 0..21 {
        smalls.push(open(&small));
        larges.push(open(&large));
    }
    let (small_time, large_time) = (median(smalls), median(larges));
    eprintln!(
        "open: {} KiB in {small_time:.1?}, {} KiB in {large_time:.1?}",
        size(&small) / 1024,
        size(&large) / 1024
    );
    assert!(
        large_time < 2 * small_time,
        "100 times the responses: {large_time:.1?} against {small_time:.1?}"
    );
}

/// The pages of the file that are table leaves holding responses (their comments say `marker-`).
fn response_leaf_pages(bytes: &[u8]) -> Vec<usize> {
    let page_size = match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65_536,
        n => n as usize,
    };
    (1..bytes.len() / page_size)
        .filter(|&i| {
            let page = &bytes[i * page_size..(i + 1) * page_size];
            page[0] == 0x0D && page.windows(7).any(|w| w == b"marker-")
        })
        .map(|i| i * page_size)
        .collect()
}

/// Damages the b-tree header of every third response leaf page (a cell count and content offset no page holds).
fn damage_responses(path: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(path).unwrap();
    let pages = response_leaf_pages(&bytes);
    assert!(pages.len() > 20, "{} response pages", pages.len());
    for &start in pages.iter().skip(1).step_by(3) {
        bytes[start + 1..start + 8].fill(0xA5);
    }
    std::fs::write(path, &bytes).unwrap();
    bytes
}

/// Each card's responses by value of `column`, counted here from the rows: (card, value) → n.
fn expected_by(
    rows: &[Row],
    column: fn(&Row) -> &'static str,
) -> std::collections::BTreeMap<(CardId, String), u64> {
    let mut counts = std::collections::BTreeMap::new();
    for row in rows {
        *counts
            .entry((row.card, column(row).to_owned()))
            .or_default() += 1;
    }
    counts
}

/// The cards' splits by `column` as (card, value) → n.
fn split_counts(
    store: &Store,
    column: &str,
) -> Result<std::collections::BTreeMap<(CardId, String), u64>, StoreError> {
    let journey = &store.project().journeys()[0];
    Ok(store
        .segment_scores(journey, column)?
        .into_iter()
        .filter_map(|split| match split.scope {
            ScoreScope::Card { card, .. } => Some((card, split.segments)),
            _ => None,
        })
        .flat_map(|(card, segments)| {
            segments
                .into_iter()
                .map(move |s| ((card, s.segment.expect("every row has a value")), s.n))
        })
        .collect())
}

/// Damaged response pages: the project opens (its document is sound) and shows its scores (from the tallies) and
/// its splits by a segment column the import kept tallies of; the first read of the responses — comments, a split
/// whose tallies were not kept (a file from before schema 8), a copy, removing or adding a dataset, the kept source
/// — is one sentence naming the file, every time; nothing is written.
#[test]
fn damaged_responses_are_one_sentence_when_read_and_the_file_stays_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (path, rows, dataset) = project_with(dir.path(), "damaged", 20_000, &source_of(100));
    // "Plan" as a dataset imported before its tallies by value were kept.
    let conn = Connection::open(&path).unwrap();
    conn.execute("DELETE FROM segment_kept WHERE segment = 'Plan'", [])
        .unwrap();
    drop(conn);
    let damaged = damage_responses(&path);
    // The whole-file check sees the damage (so the tests below are about where it is found, not whether).
    let conn = Connection::open(&path).unwrap();
    let whole: String = conn
        .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
        .unwrap();
    assert_ne!(whole, "ok");
    drop(conn);

    let mut store = Store::open(&path, "tester").expect("the document is sound");
    assert_eq!(store.access(), &Access::ReadWrite);
    assert_scores_are(&store, &rows);
    let journey = store.project().journeys()[0].clone();
    let card = rows[0].card;
    for _ in 0..2 {
        let error = store.comments(card, 10).unwrap_err();
        assert_damaged(&error, &path, "imported feedback cannot be read");
    }
    assert_eq!(
        split_counts(&store, "Region").unwrap(),
        expected_by(&rows, |r| r.region)
    );
    assert_damaged(
        &split_counts(&store, "Plan").unwrap_err(),
        &path,
        "imported feedback",
    );
    let copy = dir.path().join("copy.waymark");
    assert_damaged(
        &store.save_as(&copy).unwrap_err(),
        &path,
        "imported feedback",
    );
    assert!(!copy.exists());
    let source = dir.path().join("source-again.csv");
    assert_damaged(
        &store.write_dataset_source(&dataset, &source).unwrap_err(),
        &path,
        "imported feedback",
    );
    assert!(!source.exists());
    assert_damaged(
        &store.remove_dataset(&dataset).unwrap_err(),
        &path,
        "imported feedback",
    );
    let again = project_with(dir.path(), "another", 10, b"another file\n");
    let Err(ImportFailure::Store(error)) = store.import_dataset(
        &NewDataset {
            journey: journey.id(),
            name: "more".into(),
            source_name: "another.csv".into(),
            definition: MetricDefinition::nps(),
            mapping: serde_json::json!({ "metric": MetricDefinition::nps() }).to_string(),
            columns: Vec::new(),
        },
        &dir.path().join("another.csv"),
        |_| Ok::<u64, WritingStopped>(0),
    ) else {
        panic!("an import into a file with damaged responses must be refused");
    };
    assert_damaged(&error, &path, "imported feedback");
    drop((store, again));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        damaged,
        "the file was changed"
    );
    assert!(!dir.path().join("damaged.waymark-journal").exists());
}

/// A file opened for writing is checked whole on a thread of its own from a moment after the open: a sound file's
/// first read of the responses takes that check's pass (and a read before it began runs the check itself); damage is found by it and is one sentence at the first read; an edit
/// stops it (it holds a lock under which nothing commits) and the damage is still found when the responses are
/// first read after; and a pass does not count once another connection has committed to the file.
#[test]
fn the_check_started_at_open_finds_damage_and_gives_way_to_edits() {
    // Every check runs: none is remembered (this waits long enough for a file to be remembered).
    set_check_memory(CheckMemory::Off);
    let dir = tempfile::tempdir().unwrap();
    let (sound, rows, _) = project_with(dir.path(), "sound", 20_000, &source_of(100));
    let card = rows[0].card;
    // Longer than the check waits after the open before it begins, and than it takes here.
    let settle = || std::thread::sleep(Duration::from_millis(1_000));
    let store = Store::open(&sound, "tester").unwrap();
    settle();
    store.comments(card, 10).unwrap();
    assert_eq!(store.feedback_check(), Some(FeedbackCheck::Background));
    drop(store);
    let store = Store::open(&sound, "tester").unwrap();
    store.comments(card, 10).unwrap();
    assert_eq!(store.feedback_check(), Some(FeedbackCheck::Ran));
    drop(store);
    // Another connection's commit after the check started: its pass does not count, the check runs again.
    let store = Store::open(&sound, "tester").unwrap();
    settle();
    Connection::open(&sound)
        .unwrap()
        .execute(
            "INSERT INTO preset (name, mapping) VALUES ('another', '{}')",
            [],
        )
        .unwrap();
    store.comments(card, 10).unwrap();
    assert_eq!(store.feedback_check(), Some(FeedbackCheck::Ran));
    drop(store);
    // Read only (another store has it for writing): no check on a thread, it runs when the responses are read.
    let writer = Store::open(&sound, "tester").unwrap();
    let reader = Store::open(&sound, "tester").unwrap();
    assert!(matches!(reader.access(), Access::ReadOnly(_)));
    reader.comments(card, 10).unwrap();
    assert_eq!(reader.feedback_check(), Some(FeedbackCheck::Ran));
    drop((writer, reader));

    let (path, rows, _) = project_with(dir.path(), "damaged-early", 20_000, &source_of(100));
    let damaged = damage_responses(&path);
    let store = Store::open(&path, "tester").unwrap();
    settle();
    for _ in 0..2 {
        assert_damaged(
            &store.comments(rows[0].card, 10).unwrap_err(),
            &path,
            "imported feedback cannot be read",
        );
    }
    assert_eq!(store.feedback_check(), None);
    drop(store);
    assert_eq!(std::fs::read(&path).unwrap(), damaged);
    // An edit at once, while the check may be running: it is stopped, the edit is saved, and the damage is found
    // at the first read of the responses all the same.
    for _ in 0..3 {
        let mut store = Store::open(&path, "tester").unwrap();
        let journey = store.project().journeys()[0].id();
        store
            .apply(&Command::SetDots {
                journey,
                card: rows[0].card,
                dots: 2,
            })
            .unwrap();
        assert_damaged(
            &store.comments(rows[0].card, 10).unwrap_err(),
            &path,
            "imported feedback cannot be read",
        );
        drop(store);
        let store = Store::open(&path, "tester").unwrap();
        assert_eq!(store.project().journeys()[0].dots(rows[0].card), 2);
    }
}

/// Merging in another copy's datasets reads its responses: damage there names that file, and ours is unchanged.
#[test]
fn damaged_responses_in_the_other_copy_are_refused_before_anything_is_copied() {
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join("ours.waymark");
    let mut store = Store::create(&ours, &sample::grocery(), "tester").unwrap();
    let (theirs, _, _) = project_with(dir.path(), "theirs", 20_000, &source_of(100));
    damage_responses(&theirs);
    let before = std::fs::read(&ours).unwrap();
    let error = store.add_datasets_from(&theirs).unwrap_err();
    assert_damaged(&error, &theirs, "imported feedback cannot be read");
    assert!(store.datasets().unwrap().is_empty());
    drop(store);
    assert_eq!(std::fs::read(&ours).unwrap(), before);
}

/// Tallies no import can write: each is one sentence naming the file wherever scores are read, never a score.
#[test]
fn impossible_tallies_are_one_sentence_never_a_score() {
    let dir = tempfile::tempdir().unwrap();
    let (good, rows, _) = project_with(dir.path(), "good", 3_000, &source_of(10));
    {
        let store = Store::open(&good, "tester").unwrap();
        assert_scores_are(&store, &rows);
        assert!(
            !store
                .card_trend(&store.project().journeys()[0], rows[0].card)
                .unwrap()
                .is_empty()
        );
    }
    let good_bytes = std::fs::read(&good).unwrap();
    // The first card's all-time row, and one of its months.
    let all_time =
        "period = '' AND card = (SELECT card FROM tally WHERE period = '' ORDER BY card LIMIT 1)";
    let a_month = "period = '2026-02' AND card = (SELECT card FROM tally WHERE period = '' ORDER BY card LIMIT 1)";
    let cases = [
        (
            format!("UPDATE tally SET n = -3 WHERE {all_time}"),
            "is negative (-3)",
        ),
        (
            format!("UPDATE tally SET low = -1 WHERE {a_month}"),
            "is negative (-1)",
        ),
        (
            format!("UPDATE tally SET high = n, low = 1 WHERE {all_time}"),
            "bottom answers among",
        ),
        (
            format!("UPDATE tally SET sum = 9e999 WHERE {all_time}"),
            "not a finite number",
        ),
        (
            format!("UPDATE tally SET sum = n * 50 WHERE {all_time}"),
            "cannot add up to",
        ),
        (
            format!("UPDATE tally SET sum_squares = -1 WHERE {a_month}"),
            "cannot have squares adding up to -1",
        ),
        // Counts that are each possible, but not together.
        (
            format!("UPDATE tally SET n = n + 5 WHERE {all_time}"),
            "add up to 3005 responses, but it holds 3000",
        ),
        (
            format!("UPDATE tally SET n = 100000 WHERE {a_month}"),
            "in its months but",
        ),
        (
            "UPDATE dataset SET rows_mapped = 9223372036854775807".to_owned(),
            "but it holds 9223372036854775807",
        ),
    ];
    for (i, (sql, says)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("tally-{i}.waymark"));
        std::fs::write(&path, &good_bytes).unwrap();
        let conn = Connection::open(&path).unwrap();
        assert_eq!(conn.execute(sql, []).unwrap(), 1, "{sql}");
        drop(conn);
        let before = std::fs::read(&path).unwrap();
        let store = Store::open(&path, "tester").expect("tallies are read when scores are");
        let journey = &store.project().journeys()[0];
        let errors = [
            store.card_scores(journey).map(drop),
            store.scope_scores(journey).map(drop),
            store.card_trend(journey, rows[0].card).map(drop),
            store.channel_scores(journey, None).map(drop),
            store.view(None, &Theme::default()).map(drop),
        ];
        for error in errors {
            let error = error.expect_err(sql);
            assert_damaged(&error, &path, says);
            assert!(error.to_string().contains("impossible tall"), "{error}");
        }
        drop(store);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "{sql} changed the file"
        );
    }
}

/// Tallies by segment value no import can write: one sentence naming the file and the column at each split, never
/// a score, and the file unchanged. (Values moved from one value to another with every card's totals kept are
/// possible tallies: no check can tell them from the truth without reading the responses.)
#[test]
fn impossible_segment_tallies_are_one_sentence_never_a_score() {
    let dir = tempfile::tempdir().unwrap();
    let (good, rows, _) = project_with(dir.path(), "good", 3_000, &source_of(10));
    {
        let store = Store::open(&good, "tester").unwrap();
        assert_eq!(
            split_counts(&store, "Region").unwrap(),
            expected_by(&rows, |r| r.region)
        );
    }
    let good_bytes = std::fs::read(&good).unwrap();
    let one =
        "segment = 'Region' AND value = 'North' AND card = (SELECT min(card) FROM segment_tally)";
    let cases = [
        (
            format!("UPDATE segment_tally SET n = -1 WHERE {one}"),
            "is negative (-1)",
        ),
        (
            format!("UPDATE segment_tally SET high = n, low = 1 WHERE {one}"),
            "bottom answers among",
        ),
        (
            format!("UPDATE segment_tally SET sum = 9e999 WHERE {one}"),
            "not a finite number",
        ),
        (
            format!("UPDATE segment_tally SET value = ' North ' WHERE {one}"),
            "a value with spaces around it",
        ),
        (
            format!("UPDATE segment_tally SET card = X'01' WHERE {one}"),
            "malformed card id",
        ),
        // Rows that are each possible, but do not add up to their card's tally.
        (
            format!("UPDATE segment_tally SET n = n + 1 WHERE {one}"),
            "but its tally holds",
        ),
        (
            format!("DELETE FROM segment_tally WHERE {one}"),
            "but its tally holds",
        ),
        (
            format!(
                "UPDATE segment_tally SET n = 9223372036854775807, high = 0, low = 0, sum = 0, sum_squares = 0 \
                 WHERE {one}"
            ),
            "its values add up to 92233720368547758",
        ),
        (
            format!("UPDATE segment_tally SET sum = sum + 1 WHERE {one}"),
            "but its tally holds",
        ),
    ];
    for (i, (sql, says)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("segment-{i}.waymark"));
        std::fs::write(&path, &good_bytes).unwrap();
        let conn = Connection::open(&path).unwrap();
        assert_eq!(conn.execute(sql, []).unwrap(), 1, "{sql}");
        drop(conn);
        let before = std::fs::read(&path).unwrap();
        let store =
            Store::open(&path, "tester").expect("tallies by value are read when splits are");
        let error = split_counts(&store, "Region").expect_err(sql);
        assert_damaged(&error, &path, says);
        assert!(
            error
                .to_string()
                .contains("impossible tallies by its segment column \"Region\""),
            "{error}"
        );
        // The other column, and the scores, are still read.
        assert_eq!(
            split_counts(&store, "Plan").unwrap(),
            expected_by(&rows, |r| r.plan)
        );
        assert_scores_are(&store, &rows);
        drop(store);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "{sql} changed the file"
        );
    }
}

/// The kept source file comes back as it was imported; a piece claiming a huge size, a missing piece, pieces out
/// of order and a hash of a kind no import writes are each one sentence, and leave nothing behind.
#[test]
fn the_kept_source_comes_back_whole_or_is_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    // Over two pieces of 4 MiB.
    let source = source_of(220_000);
    assert!(source.len() > 8 << 20);
    let (path, _, dataset) = project_with(dir.path(), "source", 50, &source);
    let store = Store::open(&path, "tester").unwrap();
    let out = dir.path().join("again.csv");
    assert_eq!(
        store.write_dataset_source(&dataset, &out).unwrap(),
        Some(source.len() as u64)
    );
    assert_eq!(std::fs::read(&out).unwrap(), source);
    assert!(matches!(
        store.write_dataset_source(&dataset, &out),
        Err(StoreError::AlreadyExists { .. })
    ));
    assert_eq!(
        store
            .write_dataset_source(&DatasetId("no such dataset".into()), &dir.path().join("x"))
            .unwrap(),
        None
    );
    drop(store);
    let good_bytes = std::fs::read(&path).unwrap();
    let cases = [
        (
            // The size in front says 2 GiB: refused before anything that size is allocated.
            "UPDATE dataset_source SET bytes = CAST(X'FFFFFF7F' || substr(bytes, 5) AS BLOB) WHERE seq = 1",
            "claims to unpack to 2147483647 bytes, more than the 4194304 a piece holds",
        ),
        (
            "UPDATE dataset_source SET bytes = X'0102' WHERE seq = 0",
            "too short",
        ),
        (
            "UPDATE dataset_source SET bytes = CAST(X'10000000' || zeroblob(8) AS BLOB) WHERE seq = 0",
            "does not unpack",
        ),
        ("DELETE FROM dataset_source WHERE seq = 1", "lacks piece 1"),
        (
            "UPDATE dataset_source SET seq = 9 WHERE seq = 0; UPDATE dataset_source SET seq = 0 WHERE seq = 1; \
             UPDATE dataset_source SET seq = 1 WHERE seq = 9",
            "hash differs",
        ),
        (
            // Pieces swapped and the hash renamed to a kind no import writes: not taken as unverifiable.
            "UPDATE dataset_source SET seq = 9 WHERE seq = 0; UPDATE dataset_source SET seq = 0 WHERE seq = 1; \
             UPDATE dataset_source SET seq = 1 WHERE seq = 9; UPDATE dataset SET source_hash = 'md5:0'",
            "hash differs",
        ),
    ];
    for (i, (sql, says)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("source-{i}.waymark"));
        std::fs::write(&path, &good_bytes).unwrap();
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(sql).unwrap();
        drop(conn);
        let store = Store::open(&path, "tester").unwrap();
        let out = dir.path().join(format!("again-{i}.csv"));
        let error = store.write_dataset_source(&dataset, &out).unwrap_err();
        assert_damaged(&error, &path, says);
        assert!(!out.exists(), "{sql} left {}", out.display());
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".writing"))
            .collect();
        assert!(left.is_empty(), "{sql} left {left:?}");
    }
}

/// Opening still checks everything but the bulk tables: a damaged page of the document (the `card` table) and a
/// damaged freelist (checked with `sqlite_schema`) are refused in one sentence, however sound the responses are.
#[test]
fn damage_to_the_document_or_the_freelist_is_still_refused_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, dataset) = project_with(dir.path(), "doc", 5_000, &source_of(100));
    // Removing the dataset leaves its pages on the freelist.
    Store::open(&path, "tester")
        .unwrap()
        .remove_dataset(&dataset)
        .unwrap();
    let good = std::fs::read(&path).unwrap();
    let free_pages = u32::from_be_bytes(good[36..40].try_into().unwrap());
    assert!(free_pages > 10, "{free_pages} free pages");
    let page_size = u16::from_be_bytes([good[16], good[17]]) as usize;
    let conn = Connection::open(&path).unwrap();
    let card_root: i64 = conn
        .query_row(
            "SELECT rootpage FROM sqlite_schema WHERE name = 'card'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(conn);

    let mut card = good.clone();
    let start = (card_root as usize - 1) * page_size;
    card[start + 1..start + 8].fill(0xA5);
    let mut freelist = good.clone();
    freelist[36..40].copy_from_slice(&(free_pages + 5).to_be_bytes());
    for (name, bytes, says) in [
        ("card.waymark", card, "btreeInitPage"),
        ("freelist.waymark", freelist, "Freelist"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let error = Store::open(&path, "tester").expect_err(name);
        assert_damaged(&error, &path, says);
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
    }
}
