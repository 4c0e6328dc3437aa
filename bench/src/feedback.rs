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
    let start = 1_767_225_600i64; // 2026-01-01
    for _ in 0..rows {
        let card = rng.random_range(0..CARDS);
        // Each touchpoint leans its own way, so scores differ across cards.
        let lean = (card % 7) as i32 - 3;
        let nps = (rng.random_range(0..=10) + lean.max(0) * rng.random_range(0..=1)).clamp(0, 10);
        let time = jiff::Timestamp::from_second(start + rng.random_range(0..365 * 86_400)).unwrap();
        let kind = rng.random_range(0..10);
        let mut phrase = || PHRASES[rng.random_range(0..PHRASES.len())];
        let comment = match kind {
            0..=2 => String::new(),
            3..=7 => {
                let text = format!("{}; {}", phrase(), phrase());
                if text.contains(',') {
                    format!("\"{text}\"")
                } else {
                    text
                }
            }
            8 => format!("\"{}, {}\"", phrase(), phrase()),
            _ => format!("\"{}.\n\"\"{}\"\", they said\"", phrase(), phrase()),
        };
        let id: u64 = rng.random();
        write!(
            out,
            "R_{id:016x},{},Card {card},{},",
            time.strftime("%Y-%m-%dT%H:%M:%SZ"),
            CHANNELS[rng.random_range(0..CHANNELS.len())],
        )
        .unwrap();
        answers.write(&mut out, nps).unwrap();
        writeln!(
            out,
            ",{comment},{}",
            SEGMENTS[rng.random_range(0..SEGMENTS.len())]
        )
        .unwrap();
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
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let waymark = root.join("target/release/waymark");
    assert!(
        waymark.exists(),
        "build it first: cargo build --release -p waymark-cli"
    );
    let out_dir = root.join("bench/out");
    std::fs::create_dir_all(&out_dir).unwrap();
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
                    .arg(root.join("bench/pandas_nps.py"))
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
