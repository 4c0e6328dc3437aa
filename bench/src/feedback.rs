//! `waymark-bench feedback [ROWS]`: issue 4's benchmark. Writes a realistic survey export of ROWS responses
//! (default 1,000,000, about 100 MB: ids, timestamps, a touchpoint naming one of 200 cards, a channel, an NPS
//! score, comments — some quoted, some multi-line — and a segment) to bench/out, then times as whole processes,
//! five runs each (medians, peak memory):
//! - Waymark: `waymark import` into a fresh copy of a 200-card project, then `waymark scores --json`;
//! - Waymark with answers as words: the same export (same rows, same seed) with the score written as labels, imported
//!   the same way: the NPS question with its ends labelled ("0 - Not at all likely" … "10 - Extremely likely", the
//!   points between as numbers), and a satisfaction question answered in words ("Very satisfied" … "Very
//!   dissatisfied") imported as CSAT through the 5-point satisfaction scale `waymark import` finds from the first
//!   rows; each against the numeric import (target: within 10%);
//! - (a) the sqlite3 shell's `.import --csv` of the file into a table of a new database file;
//! - (b) pandas reading the whole file and computing NPS per touchpoint (`bench/pandas_nps.py`).
//!
//! Needs the release `waymark` (`cargo build --release -p waymark-cli`), the `sqlite3` shell and pandas
//! (`pip install pandas`). Prints a Markdown section for RESULTS.md.
//!
//! `waymark-bench feedback [ROWS] --scale` is issue 17's import at scale instead (default 10,000,000): see
//! [`run_scale`].

use crate::process::{ms, run_process};
use crate::{generate_grid, quantile};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Duration;
use waymark_core::LaneKind;
use waymark_store::Store;

const RUNS: usize = 5;
const CARDS: usize = 200;

const CHANNELS: [&str; 5] = ["web", "app", "store", "phone", "email"];
const SEGMENTS: [&str; 3] = ["new", "returning", "vip"];
const PHRASES: [&str; 12] = [
    "Delivery was quick",
    "the driver was friendly",
    "substitutions were poor",
    "could not find a slot",
    "app crashed at checkout",
    "prices went up again",
    "great fresh produce",
    "missing items, refund was slow",
    "easy to reorder",
    "voucher did not apply",
    "packaging was excessive",
    "support answered fast",
];

/// How the export writes the score: its column's name, and each 0–10 answer's text.
#[derive(Clone, Copy)]
pub(crate) enum Answers {
    /// The number: `9`.
    Numbers,
    /// The number, with the ends labelled: `0 - Not at all likely`, `7`, `10 - Extremely likely`.
    LabelledEnds,
    /// A 5-point satisfaction label: 0–1 `Very dissatisfied`, 2–3 `Somewhat dissatisfied`, 4–5 `Neither satisfied
    /// nor dissatisfied`, 6–7 `Somewhat satisfied`, 8–10 `Very satisfied`.
    Satisfaction,
}

impl Answers {
    fn column(self) -> &'static str {
        match self {
            Answers::Numbers | Answers::LabelledEnds => "nps",
            Answers::Satisfaction => "satisfaction",
        }
    }

    fn write(self, out: &mut impl Write, nps: i32) -> std::io::Result<()> {
        const SATISFACTION: [&str; 5] = [
            "Very dissatisfied",
            "Somewhat dissatisfied",
            "Neither satisfied nor dissatisfied",
            "Somewhat satisfied",
            "Very satisfied",
        ];
        match (self, nps) {
            (Answers::Numbers, n) => write!(out, "{n}"),
            (Answers::LabelledEnds, 0) => out.write_all(b"0 - Not at all likely"),
            (Answers::LabelledEnds, 10) => out.write_all(b"10 - Extremely likely"),
            (Answers::LabelledEnds, n) => write!(out, "{n}"),
            (Answers::Satisfaction, n) => {
                out.write_all(SATISFACTION[(n.min(9) / 2) as usize].as_bytes())
            }
        }
    }
}

/// One response of the generated export, as drawn.
pub(crate) struct Drawn {
    pub id: u64,
    /// Seconds since 1970.
    pub time: i64,
    /// The card's index: the touchpoint value is `Card {card}`.
    pub card: usize,
    pub channel: &'static str,
    /// 0–10.
    pub nps: i32,
    /// Empty for no comment; may hold commas, quotes and a line break.
    pub comment: String,
    pub segment: &'static str,
}

/// Draws the next response (the draws' order is what the export of a seed has always held).
pub(crate) fn draw(rng: &mut StdRng) -> Drawn {
    let start = 1_767_225_600i64; // 2026-01-01
    let card = rng.random_range(0..CARDS);
    // Each touchpoint leans its own way, so scores differ across cards.
    let lean = (card % 7) as i32 - 3;
    let nps = (rng.random_range(0..=10) + lean.max(0) * rng.random_range(0..=1)).clamp(0, 10);
    let time = start + rng.random_range(0..365 * 86_400);
    let kind = rng.random_range(0..10);
    let mut phrase = || PHRASES[rng.random_range(0..PHRASES.len())];
    let comment = match kind {
        0..=2 => String::new(),
        3..=7 => format!("{}; {}", phrase(), phrase()),
        8 => format!("{}, {}", phrase(), phrase()),
        _ => format!("{}.\n\"{}\", they said", phrase(), phrase()),
    };
    let id: u64 = rng.random();
    let channel = CHANNELS[rng.random_range(0..CHANNELS.len())];
    let segment = SEGMENTS[rng.random_range(0..SEGMENTS.len())];
    Drawn {
        id,
        time,
        card,
        channel,
        nps,
        comment,
        segment,
    }
}

/// Writes the survey export; every touchpoint value is the title of one of the project's cards. The same `rng`
/// state gives the same rows whatever `answers` says.
pub(crate) fn write_export(path: &Path, rows: usize, rng: &mut StdRng, answers: Answers) {
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path).unwrap());
    writeln!(
        out,
        "response_id,submitted_at,touchpoint,channel,{},comment,segment",
        answers.column()
    )
    .unwrap();
    for _ in 0..rows {
        let row = draw(rng);
        let time = jiff::Timestamp::from_second(row.time).unwrap();
        // Quoted when it must be, quotes doubled.
        let comment = if row.comment.contains([',', '"', '\n']) {
            format!("\"{}\"", row.comment.replace('"', "\"\""))
        } else {
            row.comment
        };
        write!(
            out,
            "R_{:016x},{},Card {},{},",
            row.id,
            time.strftime("%Y-%m-%dT%H:%M:%SZ"),
            row.card,
            row.channel,
        )
        .unwrap();
        answers.write(&mut out, row.nps).unwrap();
        writeln!(out, ",{comment},{}", row.segment).unwrap();
    }
    out.flush().unwrap();
}

fn median_and_peak(runs: &[(Duration, i64)]) -> (Duration, f64) {
    let times: Vec<Duration> = runs.iter().map(|r| r.0).collect();
    let peak = runs.iter().map(|r| r.1).max().unwrap_or(0);
    (quantile(&times, 0.5), peak as f64 / 1024.0)
}

/// `waymark import` of `export` into `project` with the bench's mapping; the score column read as `answers` says.
pub(crate) fn import_command(
    waymark: &Path,
    project: &Path,
    export: &Path,
    answers: Answers,
) -> Command {
    let metric = match answers {
        Answers::Numbers | Answers::LabelledEnds => "nps",
        Answers::Satisfaction => "csat",
    };
    let mut command = Command::new(waymark);
    command
        .arg("import")
        .arg(project)
        .arg(export)
        .args(["--metric", metric, "--score", answers.column()])
        .args(["--comment", "comment", "--date", "submitted_at"])
        .args(["--segment", "segment", "--card-column", "touchpoint"]);
    command
}

/// The responses the project's one dataset holds (`waymark datasets --json`).
fn rows_mapped(waymark: &Path, project: &Path) -> u64 {
    let output = Command::new(waymark)
        .arg("datasets")
        .arg(project)
        .arg("--json")
        .output()
        .expect("waymark datasets runs");
    let datasets: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    datasets[0]["rows_mapped"].as_u64().unwrap()
}

pub fn run(rows: usize) {
    if std::env::args().any(|a| a == "--scale") {
        // At scale the default is issue 17's 10 M.
        let given = std::env::args().skip(2).find_map(|a| a.parse().ok());
        return run_scale(given.unwrap_or(10_000_000));
    }
    let (waymark, out_dir) = cli_and_out_dir();
    let export = out_dir.join(format!("survey-{rows}.csv"));
    let mut rng = StdRng::seed_from_u64(4);
    if !export.exists() {
        eprintln!("writing {}", export.display());
        write_export(&export, rows, &mut rng, Answers::Numbers);
    }
    // The same rows with the score as words (the same seed, so the same draws).
    let labelled = [
        (Answers::LabelledEnds, "labelled-ends"),
        (Answers::Satisfaction, "satisfaction"),
    ]
    .map(|(answers, name)| {
        let path = out_dir.join(format!("survey-{rows}-{name}.csv"));
        if !path.exists() {
            eprintln!("writing {}", path.display());
            write_export(&path, rows, &mut StdRng::seed_from_u64(4), answers);
        }
        (answers, path)
    });
    let megabytes = |path: &Path| std::fs::metadata(path).unwrap().len() as f64 / 1e6;
    let size_mb = megabytes(&export);
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("template.waymark");
    let kinds = [LaneKind::Touchpoints; 5];
    Store::create(
        &template,
        &generate_grid(&mut rng, 5, &kinds, CARDS, 300),
        "bench",
    )
    .unwrap();

    let mut imports = Vec::new();
    let mut scores = Vec::new();
    let mut label_imports: [Vec<(Duration, i64)>; 2] = Default::default();
    let mut project_size = 0;
    let mut mapped = [0; 3];
    // The numeric and the label imports take turns, so that whatever else the machine does weighs on all alike.
    for run in 0..RUNS {
        let project = dir.path().join(format!("run-{run}.waymark"));
        std::fs::copy(&template, &project).unwrap();
        imports.push(run_process(&mut import_command(
            &waymark,
            &project,
            &export,
            Answers::Numbers,
        )));
        scores.push(run_process(
            Command::new(&waymark)
                .arg("scores")
                .arg(&project)
                .arg("--json"),
        ));
        project_size = std::fs::metadata(&project).unwrap().len();
        mapped[0] = rows_mapped(&waymark, &project);
        for (i, (answers, path)) in labelled.iter().enumerate() {
            let project = dir.path().join(format!("run-{run}-labels-{i}.waymark"));
            std::fs::copy(&template, &project).unwrap();
            label_imports[i].push(run_process(&mut import_command(
                &waymark, &project, path, *answers,
            )));
            mapped[i + 1] = rows_mapped(&waymark, &project);
            std::fs::remove_file(&project).unwrap();
        }
    }
    // Every answer was read, as words as well as as numbers.
    assert!(
        mapped.iter().all(|&m| m == mapped[0] && m > 0),
        "responses stored (numbers, labelled ends, satisfaction words): {mapped:?}"
    );
    let sqlite: Vec<(Duration, i64)> = (0..RUNS)
        .map(|run| {
            let db = dir.path().join(format!("sqlite-{run}.db"));
            run_process(
                Command::new("sqlite3")
                    .arg(&db)
                    .arg(format!(".import --csv {} responses", export.display())),
            )
        })
        .collect();
    let pandas: Vec<(Duration, i64)> = (0..RUNS)
        .map(|_| {
            run_process(
                Command::new("python3")
                    .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("pandas_nps.py"))
                    .arg(&export),
            )
        })
        .collect();

    let (import, import_peak) = median_and_peak(&imports);
    let labels = label_imports.each_ref().map(|runs| median_and_peak(runs));
    let (open_scores, scores_peak) = median_and_peak(&scores);
    let (sqlite, sqlite_peak) = median_and_peak(&sqlite);
    let (pandas, pandas_peak) = median_and_peak(&pandas);
    let waymark_total = import + open_scores;
    println!(
        "## {} — feedback import (issue 4): {rows} responses\n",
        jiff::Zoned::now().date()
    );
    println!(
        "`waymark-bench feedback {rows}`: a generated export of {size_mb:.0} MB (7 columns; 200 touchpoints; 70% \
         with comments, one in seven of those quoted over two lines). Whole processes, {RUNS} runs each, medians; peak resident \
         memory of the process. The label imports read the same rows with the score written as words, and take \
         turns with the numeric one.\n"
    );
    println!("| measure | time | peak memory | target |\n|---|---|---|---|");
    println!(
        "| Waymark `import` (every response stored durably, source kept; project {:.0} MB) | {:.0} ms | {import_peak:.0} MiB | ≤ 300 MiB |",
        project_size as f64 / 1e6,
        ms(import)
    );
    let label_rows = [
        "NPS with its ends labelled (`0 - Not at all likely` … `10 - Extremely likely`)",
        "satisfaction in words (`Very satisfied` … `Very dissatisfied`) as CSAT, 5-point scale found from the first rows",
    ];
    for ((row, (time, peak)), (_, path)) in label_rows.iter().zip(&labels).zip(&labelled) {
        println!(
            "| Waymark `import`, answers as words: {row}; {:.0} MB | {:.0} ms | {peak:.0} MiB | ≤ 1.10× numeric |",
            megabytes(path),
            ms(*time)
        );
    }
    let ratio = |(time, _): &(Duration, f64)| time.as_secs_f64() / import.as_secs_f64();
    println!(
        "| labels / numeric import | ends labelled {:.2}×, satisfaction in words {:.2}× | | ≤ 1.10× |",
        ratio(&labels[0]),
        ratio(&labels[1])
    );
    println!(
        "| Waymark `scores --json` (open the project, scores from stored tallies) | {:.0} ms | {scores_peak:.0} MiB | ≤ 300 ms |",
        ms(open_scores)
    );
    println!(
        "| Waymark import + scores | {:.0} ms | | ≤ both peers |",
        ms(waymark_total)
    );
    println!(
        "| (a) sqlite3 `.import --csv` | {:.0} ms | {sqlite_peak:.0} MiB | |",
        ms(sqlite)
    );
    println!(
        "| (b) pandas `read_csv` + NPS groupby | {:.0} ms | {pandas_peak:.0} MiB | |",
        ms(pandas)
    );
    println!(
        "| Waymark vs (a) | {:.2}× | | ≥ 1× |\n| Waymark vs (b) | {:.2}× | | ≥ 1×, aim 2× |",
        sqlite.as_secs_f64() / waymark_total.as_secs_f64(),
        pandas.as_secs_f64() / waymark_total.as_secs_f64()
    );
}

/// Runs of each measure at scale (each Waymark import writes a project of over a gigabyte at 10 M).
const SCALE_RUNS: usize = 3;

/// The median and the slowest of some timings.
fn median_and_max(times: &[Duration]) -> (Duration, Duration) {
    (quantile(times, 0.5), quantile(times, 1.0))
}

/// Times `work` `SCALE_RUNS` times.
fn timed(mut work: impl FnMut()) -> Vec<Duration> {
    (0..SCALE_RUNS)
        .map(|_| {
            let started = std::time::Instant::now();
            work();
            started.elapsed()
        })
        .collect()
}

/// Reads the file in 1 MiB pieces and does nothing with them: the least any import of it costs.
fn read_floor(path: &Path) -> u64 {
    let mut file = std::fs::File::open(path).unwrap();
    let mut buffer = vec![0; 1 << 20];
    let mut total = 0;
    loop {
        let n = std::io::Read::read(&mut file, &mut buffer).unwrap();
        if n == 0 {
            return total;
        }
        total += n as u64;
    }
}

/// The rows the export of `rows` responses holds, as Waymark stores them — card ids as 16 bytes, the segment as
/// JSON — inserted with one prepared statement of `per_statement` rows in one transaction into the `response` table
/// of a new file with the project's journal settings (rollback journal, `synchronous = FULL`), then committed:
/// SQLite's own cost of storing them. With `per_statement` 0, only drawing the rows (to subtract).
fn insert_floor(path: &Path, rows: usize, per_statement: usize) {
    let _ = std::fs::remove_file(path);
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    conn.execute_batch(
        "CREATE TABLE response (dataset INTEGER NOT NULL, card BLOB NOT NULL, row INTEGER NOT NULL, \
         score REAL NOT NULL, time INTEGER, comment TEXT, segments TEXT) STRICT",
    )
    .unwrap();
    let segments = SEGMENTS.map(|s| format!("{{\"segment\":\"{s}\"}}"));
    let tx = conn.unchecked_transaction().unwrap();
    {
        let values = |n: usize| vec!["(1, ?, ?, ?, ?, ?, ?)"; n].join(", ");
        // As the import writes: OR ROLLBACK spares a statement of many rows its statement journal.
        let sql = "INSERT OR ROLLBACK INTO response (dataset, card, row, score, time, comment, segments) VALUES ";
        let mut statement = tx
            .prepare(&format!("{sql}{}", values(per_statement.max(1))))
            .unwrap();
        let mut rng = StdRng::seed_from_u64(4);
        let mut held = Vec::with_capacity(per_statement);
        let flush = |held: &mut Vec<(i64, Drawn)>, statement: &mut rusqlite::Statement<'_>| {
            let mut index = 1;
            for (line, row) in held.iter() {
                let card = (row.card as u128 + (0x0193 << 112)).to_be_bytes();
                let segment = &segments[SEGMENTS.iter().position(|s| *s == row.segment).unwrap()];
                let comment = (!row.comment.is_empty()).then_some(row.comment.as_str());
                statement.raw_bind_parameter(index, card).unwrap();
                statement.raw_bind_parameter(index + 1, line).unwrap();
                statement
                    .raw_bind_parameter(index + 2, f64::from(row.nps))
                    .unwrap();
                statement.raw_bind_parameter(index + 3, row.time).unwrap();
                statement.raw_bind_parameter(index + 4, comment).unwrap();
                statement.raw_bind_parameter(index + 5, segment).unwrap();
                index += 6;
            }
            statement.raw_execute().unwrap();
            held.clear();
        };
        for line in 2..rows as i64 + 2 {
            let row = draw(&mut rng);
            if per_statement == 0 {
                std::hint::black_box(&row);
                continue;
            }
            held.push((line, row));
            if held.len() == per_statement {
                flush(&mut held, &mut statement);
            }
        }
        if !held.is_empty() {
            let mut last = tx.prepare(&format!("{sql}{}", values(held.len()))).unwrap();
            flush(&mut held, &mut last);
        }
    }
    tx.commit().unwrap();
    drop(conn);
    std::fs::remove_file(path).unwrap();
}

/// Writes 1,000 MiB of zeros in 1 MiB pieces and syncs them (what `dd bs=1M count=1000 conv=fsync` does).
fn disk_floor(path: &Path) {
    let mut file = std::fs::File::create(path).unwrap();
    let block = vec![0u8; 1 << 20];
    for _ in 0..1000 {
        file.write_all(&block).unwrap();
    }
    file.sync_all().unwrap();
    drop(file);
    std::fs::remove_file(path).unwrap();
}

/// The release CLI (or `$WAYMARK_BIN`) and the folder generated exports go to: `$WAYMARK_BENCH_OUT`, else
/// `bench/out`; made if missing.
pub(crate) fn cli_and_out_dir() -> (std::path::PathBuf, std::path::PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let waymark = std::env::var_os("WAYMARK_BIN").map_or_else(
        || root.join("target/release/waymark"),
        std::path::PathBuf::from,
    );
    assert!(
        waymark.exists(),
        "build it first: cargo build --release -p waymark-cli"
    );
    let out_dir = std::env::var_os("WAYMARK_BENCH_OUT")
        .map_or_else(|| root.join("bench/out"), std::path::PathBuf::from);
    std::fs::create_dir_all(&out_dir).unwrap();
    (waymark, out_dir)
}

/// `waymark-bench feedback ROWS --scale`: issue 17's import at scale (default 10,000,000 responses, about 1 GB).
/// The numeric export alone (written to bench/out when missing), `SCALE_RUNS` runs of each, taking turns:
/// - Waymark: `waymark import` into a fresh copy of a 200-card project (deleted after each run; every row of the
///   file must be stored), and `waymark import --dry-run`, the reading side alone (nothing written);
/// - the peers: (a) the sqlite3 shell's `.import --csv`, (b) pandas `read_csv` + NPS per touchpoint;
/// - the floors: `cat FILE > /dev/null` and a 1 MiB read loop (the file in the page cache), the same rows inserted
///   bare into a `response` table through rusqlite (and the drawing of those rows alone, to subtract), and the
///   disk's write speed (1,000 MiB written and synced).
///
/// `WAYMARK_BIN` names another `waymark` build to measure; `WAYMARK_BEFORE` one from before a change, whose import
/// then takes turns with it. Prints a Markdown section.
pub fn run_scale(rows: usize) {
    let (waymark, out_dir) = cli_and_out_dir();
    let export = out_dir.join(format!("survey-{rows}.csv"));
    if !export.exists() {
        eprintln!("writing {}", export.display());
        write_export(
            &export,
            rows,
            &mut StdRng::seed_from_u64(4),
            Answers::Numbers,
        );
    }
    let size_mb = std::fs::metadata(&export).unwrap().len() as f64 / 1e6;
    // Scratch files on the disk the project would be on, removed with the folder.
    let dir = tempfile::tempdir_in(&out_dir).unwrap();
    let template = dir.path().join("template.waymark");
    let kinds = [LaneKind::Touchpoints; 5];
    let project_data = generate_grid(&mut StdRng::seed_from_u64(17), 5, &kinds, CARDS, 300);
    Store::create(&template, &project_data, "bench").unwrap();

    let mut imports = Vec::new();
    let mut dry_runs = Vec::new();
    let mut sqlite_runs = Vec::new();
    let mut pandas_runs = Vec::new();
    let mut before_runs = Vec::new();
    // `WAYMARK_BEFORE` names a build from before a change, whose import takes turns with this one's.
    let before = std::env::var_os("WAYMARK_BEFORE").map(std::path::PathBuf::from);
    let mut project_mb = 0.0;
    for run in 0..SCALE_RUNS {
        eprintln!("run {}/{SCALE_RUNS}", run + 1);
        let project = dir.path().join("import.waymark");
        std::fs::copy(&template, &project).unwrap();
        imports.push(run_process(&mut import_command(
            &waymark,
            &project,
            &export,
            Answers::Numbers,
        )));
        let stored = rows_mapped(&waymark, &project);
        assert_eq!(stored, rows as u64, "every row of the file is stored");
        project_mb = std::fs::metadata(&project).unwrap().len() as f64 / 1e6;
        dry_runs.push(run_process(
            import_command(&waymark, &project, &export, Answers::Numbers).arg("--dry-run"),
        ));
        std::fs::remove_file(&project).unwrap();
        if let Some(before) = &before {
            std::fs::copy(&template, &project).unwrap();
            before_runs.push(run_process(&mut import_command(
                before,
                &project,
                &export,
                Answers::Numbers,
            )));
            std::fs::remove_file(&project).unwrap();
        }
        let db = dir.path().join("sqlite.db");
        sqlite_runs.push(run_process(
            Command::new("sqlite3")
                .arg(&db)
                .arg(format!(".import --csv {} responses", export.display())),
        ));
        std::fs::remove_file(&db).unwrap();
        pandas_runs.push(run_process(
            Command::new("python3")
                .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("pandas_nps.py"))
                .arg(&export),
        ));
    }
    eprintln!("floors");
    let cat = (0..SCALE_RUNS)
        .map(|_| {
            run_process(
                Command::new("sh")
                    .arg("-c")
                    .arg(format!("cat '{}' > /dev/null", export.display())),
            )
            .0
        })
        .collect::<Vec<_>>();
    let read = timed(|| {
        std::hint::black_box(read_floor(&export));
    });
    let floor_db = dir.path().join("floor.db");
    let insert_one = timed(|| insert_floor(&floor_db, rows, 1));
    let insert_many = timed(|| insert_floor(&floor_db, rows, 16));
    let drawing = timed(|| insert_floor(&floor_db, rows, 0));
    let disk = timed(|| disk_floor(&dir.path().join("disk.tmp")));

    let (import, import_peak) = median_and_peak(&imports);
    let (dry_run, dry_peak) = median_and_peak(&dry_runs);
    let (sqlite, sqlite_peak) = median_and_peak(&sqlite_runs);
    let (pandas, pandas_peak) = median_and_peak(&pandas_runs);
    let times = |runs: &[(Duration, i64)]| {
        runs.iter()
            .map(|r| ms(r.0))
            .map(|t| format!("{t:.0}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "`waymark-bench feedback {rows} --scale`: issue 4's generated export, {size_mb:.0} MB (200 touchpoints, \
         comments, a segment). Whole processes, {SCALE_RUNS} runs each taking turns, medians (all runs in brackets); \
         peak resident memory of the process.\n"
    );
    println!("| measure | time | peak memory | Waymark's import is |\n|---|---|---|---|");
    println!(
        "| Waymark `import` (every response stored durably, source kept; project {project_mb:.0} MB) | {:.0} ms ({}) | {import_peak:.0} MiB | |",
        ms(import),
        times(&imports)
    );
    if !before_runs.is_empty() {
        let (time, peak) = median_and_peak(&before_runs);
        println!(
            "| Waymark `import`, the build before (`WAYMARK_BEFORE`) | {:.0} ms ({}) | {peak:.0} MiB | {:.2}× as fast |",
            ms(time),
            times(&before_runs),
            time.as_secs_f64() / import.as_secs_f64()
        );
    }
    println!(
        "| Waymark `import --dry-run` (the reading side alone) | {:.0} ms ({}) | {dry_peak:.0} MiB | |",
        ms(dry_run),
        times(&dry_runs)
    );
    let faster = |peer: Duration| peer.as_secs_f64() / import.as_secs_f64();
    println!(
        "| (a) sqlite3 `.import --csv` | {:.0} ms ({}) | {sqlite_peak:.0} MiB | {:.2}× as fast |",
        ms(sqlite),
        times(&sqlite_runs),
        faster(sqlite)
    );
    println!(
        "| (b) pandas `read_csv` + NPS per touchpoint | {:.0} ms ({}) | {pandas_peak:.0} MiB | {:.2}× as fast |",
        ms(pandas),
        times(&pandas_runs),
        faster(pandas)
    );
    println!("\nFloors on this machine (medians of {SCALE_RUNS}, slowest in brackets):\n");
    println!("| floor | time | Waymark's import is |\n|---|---|---|");
    let floor = |name: &str, times: &[Duration]| {
        let (median, max) = median_and_max(times);
        println!(
            "| {name} | {:.0} ms ({:.0}) | {:.2}× this |",
            ms(median),
            ms(max),
            import.as_secs_f64() / median.as_secs_f64()
        );
    };
    floor("`cat FILE > /dev/null` (file in the page cache)", &cat);
    floor("reading the file in 1 MiB pieces, in process", &read);
    floor(
        "the same rows inserted bare into `response` through rusqlite (one prepared statement, one transaction, synchronous = FULL), a row a statement, drawing them included",
        &insert_one,
    );
    floor(
        "… 16 rows a statement, as the import writes them",
        &insert_many,
    );
    floor("… drawing those rows alone", &drawing);
    floor("writing 1,000 MiB and syncing it (the disk)", &disk);
}
