//! `waymark-bench open [ROWS…]`: issue 17's benchmark — what opening a project costs as its feedback grows. For each
//! count (default 1,000,000) it writes issue 4's survey export of that many rows (bench/out, reused when there), imports
//! it with the release `waymark import` into a 200-card project kept as `bench/out/open-ROWS.waymark` (reused too, so
//! runs before and after a change measure the same file), and times, file in the page cache:
//! - `Store::open` in this process, median of 9 after one warm-up;
//! - the first read of the responses after an open (`Store::comments` of one card), median of 5 opens;
//! - whole processes as a user runs them: `waymark show`, `waymark scores --json`, median of 5;
//! - where the time goes: SQLite's `PRAGMA quick_check` of the whole file and of each table, each alone, on a plain
//!   read-only connection (median of 3).
//!
//! Needs the release `waymark` (`cargo build --release -p waymark-cli`), or another build named by `WAYMARK_BIN`. Prints a Markdown section for RESULTS.md.

use crate::process::{ms, run_process};
use crate::quantile;
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use waymark_core::LaneKind;
use waymark_store::Store;

const CARDS: usize = 200;

/// The project with `rows` imported responses, made once and kept in bench/out.
fn project_with(rows: usize, waymark: &Path, out_dir: &Path) -> PathBuf {
    let project = out_dir.join(format!("open-{rows}.waymark"));
    if project.exists() {
        return project;
    }
    let export = out_dir.join(format!("survey-{rows}.csv"));
    if !export.exists() {
        eprintln!("writing {}", export.display());
        crate::feedback::write_export(
            &export,
            rows,
            &mut StdRng::seed_from_u64(4),
            crate::feedback::Answers::Numbers,
        );
    }
    let building = out_dir.join(format!("open-{rows}.building.waymark"));
    let _ = std::fs::remove_file(&building);
    let kinds = [LaneKind::Touchpoints; 5];
    let project_data = crate::generate_grid(&mut StdRng::seed_from_u64(17), 5, &kinds, CARDS, 300);
    Store::create(&building, &project_data, "bench").unwrap();
    eprintln!("importing {} into {}", export.display(), building.display());
    run_process(&mut crate::feedback::import_command(
        waymark,
        &building,
        &export,
        crate::feedback::Answers::Numbers,
    ));
    std::fs::rename(&building, &project).unwrap();
    project
}

fn median(samples: &[Duration]) -> f64 {
    ms(quantile(samples, 0.5))
}

/// `PRAGMA quick_check` (of the whole file, or of one table and its indexes) on a plain read-only connection.
fn quick_check_time(path: &Path, table: Option<&str>) -> Vec<Duration> {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let sql = match table {
        Some(t) => format!("PRAGMA quick_check(\"{t}\")"),
        None => "PRAGMA quick_check".to_owned(),
    };
    (0..3)
        .map(|_| {
            let t = Instant::now();
            let result: String = conn.query_row(&sql, [], |r| r.get(0)).unwrap();
            assert_eq!(result, "ok", "{sql} on {}", path.display());
            t.elapsed()
        })
        .collect()
}

fn tables(path: &Path) -> Vec<(String, u64)> {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    names
        .into_iter()
        .map(|name| {
            let rows: i64 = conn
                .query_row(&format!("SELECT count(*) FROM \"{name}\""), [], |r| {
                    r.get(0)
                })
                .unwrap();
            (name, rows as u64)
        })
        .collect()
}

pub fn run(counts: &[usize]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    // `WAYMARK_BIN` names another build (one from before a change, say).
    let waymark = std::env::var_os("WAYMARK_BIN")
        .map_or_else(|| root.join("target/release/waymark"), PathBuf::from);
    assert!(
        waymark.exists(),
        "build it first: cargo build --release -p waymark-cli"
    );
    let out_dir = root.join("bench/out");
    std::fs::create_dir_all(&out_dir).unwrap();
    println!(
        "| responses | file | `Store::open` | open, then a card's comments (the first read of the responses) | a card's comments alone | `waymark show` | `waymark scores --json` | `quick_check` of the whole file |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let mut breakdowns = Vec::new();
    for &rows in counts {
        let path = project_with(rows, &waymark, &out_dir);
        let size = std::fs::metadata(&path).unwrap().len();
        // Warm the page cache, and find a card with responses.
        let store = Store::open(&path, "bench").unwrap();
        let journey = store.project().journeys()[0].clone();
        let card = journey.cards_in_order().next().unwrap().id;
        drop(store);
        let opens = crate::measure(9, || drop(Store::open(&path, "bench").unwrap()));
        let first_reads = crate::measure(5, || {
            let store = Store::open(&path, "bench").unwrap();
            drop(store.comments(card, 20).unwrap());
        });
        // The comments alone, on a store that has already checked (or, before issue 17, never checks) its responses.
        let store = Store::open(&path, "bench").unwrap();
        drop(store.comments(card, 20).unwrap());
        let comments_alone = crate::measure(5, || drop(store.comments(card, 20).unwrap()));
        drop(store);
        let process = |args: &[&str]| -> Vec<Duration> {
            (0..5)
                .map(|_| run_process(Command::new(&waymark).args(args).arg(&path)).0)
                .collect()
        };
        let show = process(&["show"]);
        let scores = process(&["scores", "--json"]);
        let whole = quick_check_time(&path, None);
        println!(
            "| {rows} | {:.0} MB | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms |",
            size as f64 / 1e6,
            median(&opens),
            median(&first_reads),
            median(&comments_alone),
            median(&show),
            median(&scores),
            median(&whole),
        );
        let per_table: Vec<(String, u64, f64)> = tables(&path)
            .into_iter()
            .map(|(name, count)| {
                let time = median(&quick_check_time(&path, Some(&name)));
                (name, count, time)
            })
            .collect();
        breakdowns.push((rows, per_table));
    }
    for (rows, per_table) in breakdowns {
        println!("\n`quick_check` of each table (and its indexes) alone, {rows} responses:\n");
        println!("| table | rows | time |\n|---|---|---|");
        for (name, count, time) in per_table {
            println!("| {name} | {count} | {time:.2} ms |");
        }
    }
}
