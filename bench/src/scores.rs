//! `waymark-bench scores [ROWS]`: issue 17's "scores that stay instant" (default 10,000,000 responses). On a 200-card
//! project (the `open` bench's map) with a persona linked to a segment value, issue 4's numeric export of ROWS
//! responses imported as NPS with its `segment` column, and the same export's first ROWS / 10 rows answered in words
//! imported as CSAT (so the legend has two metrics), it times in this process, file in the page cache, what the app
//! asks Rust for:
//! - open → map data ready: `Store::open` and the window's whole view (layout, card and scope scores: the badges and
//!   the heatmap), median of 9; then with the calls the UI makes right after (the segment columns, the linked
//!   persona's stage scores beside the emotion curve), median of 5;
//! - switching the legend's segment column: `scores_by_segment` (every card's, stage's and the journey's scores per
//!   value), the first call on a store just opened and again on the same store, medians of 5 (choosing a value,
//!   or a metric, makes no call: the view and the report hold every metric and every value);
//! - a card's comments: `card_feedback` (the 200 newest, how many there are, and the trend) first on a store just
//!   opened and again, and a search of all of them, medians of 5; the first read of the responses after an open
//!   passes the whole file's check, remembered from the warm-up for this file's content — and, for the figures of a
//!   file never checked on this machine, each open is given an empty cache folder (`set_check_memory`), so the
//!   check starts on its thread a moment after the open: the comments read at once (running the check first) and
//!   2 s later (done), the open → map data ready, and an edit at once and one 0.5 s after the open (which stop it
//!   first);
//! - whole processes as a user runs them: `waymark scores --json` and `waymark scores --by segment --json`, median of
//!   3.
//!
//! "First on a store just opened" is timed apart from the open. The project is made with the release `waymark`
//! (`WAYMARK_BIN` names another build) and kept as `scores-ROWS.waymark` in the output folder (`WAYMARK_BENCH_OUT`,
//! else bench/out), with the exports, so runs before and after a change measure the same rows. Each run opens the
//! file as it is; a build that upgrades the file's schema does so at its first open (not timed). Prints a Markdown
//! table for RESULTS.md.

use crate::process::{ms, run_process};
use crate::quantile;
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use waymark_api::feedback::{CommentFilter, card_feedback};
use waymark_api::scores::{persona_scores, scores_by_segment};
use waymark_core::{CardId, LaneKind, PersonaId, SegmentLink, Theme};
use waymark_store::{CheckMemory, FeedbackCheck, Store, set_check_memory};

const CARDS: usize = 200;

/// The project with `rows` NPS responses and `rows / 10` CSAT ones, made once and kept.
fn project_with(rows: usize, waymark: &Path, out_dir: &Path) -> PathBuf {
    let project = out_dir.join(format!("scores-{rows}.waymark"));
    if project.exists() {
        return project;
    }
    let exports = [
        (rows, crate::feedback::Answers::Numbers, ""),
        (
            rows / 10,
            crate::feedback::Answers::Satisfaction,
            "-satisfaction",
        ),
    ]
    .map(|(count, answers, suffix)| {
        let export = out_dir.join(format!("survey-{count}{suffix}.csv"));
        if !export.exists() {
            eprintln!("writing {}", export.display());
            crate::feedback::write_export(&export, count, &mut StdRng::seed_from_u64(4), answers);
        }
        (export, answers)
    });
    let building = out_dir.join(format!("scores-{rows}.building.waymark"));
    let _ = std::fs::remove_file(&building);
    let kinds = [LaneKind::Touchpoints; 5];
    let project_data = crate::generate_grid(&mut StdRng::seed_from_u64(17), 5, &kinds, CARDS, 300);
    let mut store = Store::create(&building, &project_data, "bench").unwrap();
    let persona = PersonaId::new();
    for command in [
        waymark_core::Command::AddPersona {
            persona,
            name: "VIP shopper".into(),
            description: String::new(),
            index: None,
        },
        waymark_core::Command::LinkPersona {
            persona,
            segment: Some(SegmentLink {
                column: "segment".into(),
                value: "vip".into(),
            }),
        },
    ] {
        store.apply(&command).unwrap();
    }
    drop(store);
    for (export, answers) in &exports {
        eprintln!("importing {} into {}", export.display(), building.display());
        run_process(&mut crate::feedback::import_command(
            waymark, &building, export, *answers,
        ));
    }
    std::fs::rename(&building, &project).unwrap();
    project
}

fn median(samples: &[Duration]) -> f64 {
    ms(quantile(samples, 0.5))
}

/// Times `work` on a store opened just before (the open not timed), `times` times.
fn first_after_open(path: &Path, times: usize, mut work: impl FnMut(&Store)) -> Vec<Duration> {
    (0..times)
        .map(|_| {
            let store = Store::open(path, "bench").unwrap();
            let t = Instant::now();
            work(&store);
            let elapsed = t.elapsed();
            drop(store);
            elapsed
        })
        .collect()
}

pub fn run(rows: usize) {
    let (waymark, out_dir) = crate::feedback::cli_and_out_dir();
    let path = project_with(rows, &waymark, &out_dir);
    let size = std::fs::metadata(&path).unwrap().len();
    // Passed checks are remembered in a folder of this run's own, not the user's.
    let remembered = tempfile::tempdir().unwrap();
    let ours = CheckMemory::Folder(remembered.path().to_owned());
    set_check_memory(ours.clone());
    // Warm the page cache — upgrading the file's schema, if this build's is newer, and letting a split keep the
    // tallies by value an older import did not — and find a card with comments.
    let store = Store::open(&path, "bench").unwrap();
    let journey = store.project().journeys()[0].clone();
    let card: CardId = journey.cards_in_order().next().unwrap().id;
    drop(scores_by_segment(&store, None, "segment").unwrap());
    drop(store);
    // The whole file's check passed and remembered for this content (a file changed less than a second before its
    // check is not remembered: then again, a moment later).
    for _ in 0..3 {
        let store = Store::open(&path, "bench").unwrap();
        drop(card_feedback(&store, None, card, &CommentFilter::default()).unwrap());
        if store.feedback_check() == Some(FeedbackCheck::Remembered) {
            break;
        }
        drop(store);
        std::thread::sleep(Duration::from_millis(1_100));
    }

    let theme = Theme::default();
    let open_view = crate::measure(9, || {
        let store = Store::open(&path, "bench").unwrap();
        drop(store.view(None, &theme).unwrap());
    });
    let open_view_calls = crate::measure(5, || {
        let store = Store::open(&path, "bench").unwrap();
        let view = store.view(None, &theme).unwrap();
        drop(store.segment_columns(journey.id()).unwrap());
        let personas = persona_scores(&store, None).unwrap();
        assert!(!personas[0].stages.is_empty() && !view.feedback.scores.is_empty());
        // Nothing of this read the responses (which would have needed the whole file's check).
        assert_eq!(store.feedback_check(), None);
    });
    let segment_first = first_after_open(&path, 5, |store| {
        drop(scores_by_segment(store, None, "segment").unwrap());
    });
    let store = Store::open(&path, "bench").unwrap();
    let report = scores_by_segment(&store, None, "segment").unwrap();
    let splits = report.splits.len();
    let segment_again = crate::measure(5, || {
        drop(scores_by_segment(&store, None, "segment").unwrap());
    });
    drop(store);
    let all = CommentFilter::default();
    let search = CommentFilter {
        search: "refund".into(),
        band: None,
    };
    let comments_first = first_after_open(&path, 5, |store| {
        drop(card_feedback(store, None, card, &all).unwrap());
        assert_eq!(store.feedback_check(), Some(FeedbackCheck::Remembered));
    });
    // A file never checked on this machine: each open given an empty cache folder, so the whole file's check
    // starts on its thread a moment after the open. Read at once, before it began, the comments run it themselves;
    // read after the two seconds a user takes to look at the map and pick a card, it is done.
    let never_checked = |pause: Duration, how: FeedbackCheck| -> Vec<Duration> {
        (0..5)
            .map(|_| {
                let memory = tempfile::tempdir().unwrap();
                set_check_memory(CheckMemory::Folder(memory.path().to_owned()));
                let store = Store::open(&path, "bench").unwrap();
                std::thread::sleep(pause);
                let t = Instant::now();
                drop(card_feedback(&store, None, card, &all).unwrap());
                let elapsed = t.elapsed();
                assert_eq!(store.feedback_check(), Some(how));
                drop(store);
                set_check_memory(ours.clone());
                elapsed
            })
            .collect()
    };
    let never_checked_at_once = never_checked(Duration::ZERO, FeedbackCheck::Ran);
    let never_checked_later = never_checked(Duration::from_secs(2), FeedbackCheck::Background);
    let open_view_never_checked = (0..5)
        .map(|_| {
            let memory = tempfile::tempdir().unwrap();
            set_check_memory(CheckMemory::Folder(memory.path().to_owned()));
            let t = Instant::now();
            let store = Store::open(&path, "bench").unwrap();
            drop(store.view(None, &theme).unwrap());
            let elapsed = t.elapsed();
            drop(store);
            set_check_memory(ours.clone());
            elapsed
        })
        .collect::<Vec<_>>();
    let search_first = first_after_open(&path, 5, |store| {
        drop(card_feedback(store, None, card, &search).unwrap());
    });
    let store = Store::open(&path, "bench").unwrap();
    let found = card_feedback(&store, None, card, &search).unwrap();
    let comments_again = crate::measure(5, || {
        drop(card_feedback(&store, None, card, &all).unwrap());
    });
    let search_again = crate::measure(5, || {
        drop(card_feedback(&store, None, card, &search).unwrap());
    });
    drop(store);
    // An edit after an open of a never-checked file stops the check on its thread first (it holds the lock under
    // which nothing commits): at once, before it began, and half a second after the open, while it runs. Last, as
    // it changes the file (which the warm-up of the next run checks again).
    let edits_after = |pause: Duration| -> Vec<Duration> {
        (0..5)
            .map(|i| {
                let memory = tempfile::tempdir().unwrap();
                set_check_memory(CheckMemory::Folder(memory.path().to_owned()));
                let mut store = Store::open(&path, "bench").unwrap();
                std::thread::sleep(pause);
                let command = waymark_core::Command::SetDots {
                    journey: journey.id(),
                    card,
                    dots: i % 2,
                };
                let t = Instant::now();
                store.apply(&command).unwrap();
                let elapsed = t.elapsed();
                drop(store);
                set_check_memory(ours.clone());
                elapsed
            })
            .collect()
    };
    let edits_at_once = edits_after(Duration::ZERO);
    let edits_while_checking = edits_after(Duration::from_millis(500));
    let process = |args: &[&str]| -> Vec<Duration> {
        (0..3)
            .map(|_| run_process(Command::new(&waymark).args(args).arg(&path)).0)
            .collect()
    };
    let scores_process = process(&["scores", "--json"]);
    let by_segment_process = process(&["scores", "--by", "segment", "--json"]);

    println!(
        "{rows} responses (and {} CSAT), {CARDS} cards, file {:.0} MB; medians (ms):\n",
        rows / 10,
        size as f64 / 1e6
    );
    println!("| measure | time | target |\n|---|---|---|");
    let row = |what: &str, samples: &[Duration], target: &str| {
        println!("| {what} | {:.1} ms | {target} |", median(samples));
    };
    row(
        "open → map data ready (`Store::open` + the whole view)",
        &open_view,
        "≤ 300 ms",
    );
    row(
        "… and the UI's calls right after (segment columns, the linked persona's stage scores)",
        &open_view_calls,
        "",
    );
    row(
        "open → map data ready, the file never checked on this machine (the check starts on its thread)",
        &open_view_never_checked,
        "≤ 300 ms",
    );
    row(
        &format!("switch segment column, first on a store just opened ({splits} splits)"),
        &segment_first,
        "≤ 100 ms",
    );
    row("switch segment column, again", &segment_again, "≤ 100 ms");
    row(
        "a card's comments, first on a store just opened",
        &comments_first,
        "≤ 100 ms",
    );
    row(
        "… the file never checked on this machine, read at once (the check runs first)",
        &never_checked_at_once,
        "",
    );
    row(
        "… the file never checked on this machine, read 2 s after the open (the check done meanwhile)",
        &never_checked_later,
        "≤ 100 ms",
    );
    row("a card's comments, again", &comments_again, "≤ 100 ms");
    row(
        &format!(
            "comment search (\"refund\": {} of them), first on a store just opened",
            found.matching
        ),
        &search_first,
        "≤ 100 ms",
    );
    row("comment search, again", &search_again, "≤ 100 ms");
    row(
        "an edit at once after opening a file never checked (its check not begun; fsync included)",
        &edits_at_once,
        "",
    );
    row(
        "an edit 0.5 s after opening a file never checked (its check running, stopped first; fsync included)",
        &edits_while_checking,
        "",
    );
    row(
        "`waymark scores --json` (whole process)",
        &scores_process,
        "",
    );
    row(
        "`waymark scores --by segment --json` (whole process)",
        &by_segment_process,
        "",
    );
    eprintln!("file was {}", path.display());
}
