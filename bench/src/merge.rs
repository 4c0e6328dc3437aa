//! `waymark-bench merge`: two copies of one project become one again. The generated 5,000-card, 10,000-flow
//! project (the generator behind `waymark-bench generate`) is copied twice and each copy gets 1,000 random edits
//! of its own through `Store::apply` (adds, retitles, moves, connects, disconnects, deletes); then the release
//! `waymark` binary is timed as whole processes, as a user runs it: `waymark diff A B --json` (and the text for
//! people) and `waymark merge A B -o OUT --json`, five runs each, medians and peak resident memory.
//! Needs `cargo build --release -p waymark-cli`. Prints a Markdown section for RESULTS.md. `waymark-bench merge DIR`
//! leaves the two copies in DIR (a.waymark, b.waymark), for profiling.

use crate::process::ms;
use crate::{CARDS, FLOWS, generate, quantile, random_command};
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use waymark_store::Store;

const RUNS: usize = 5;
const EDITS: usize = 1_000;

/// Runs a command to completion; its wall time and peak resident memory (KiB). `waymark merge` exits 1 when it
/// leaves conflicts, which is a finished merge too.
#[expect(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4, which also reports its rusage"
)]
fn run_timed(command: &mut Command, exits: &[i32]) -> (Duration, i64) {
    let started = Instant::now();
    let child = command
        .stdout(Stdio::null())
        .spawn()
        .expect("the command starts");
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, which std has not waited for.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    let elapsed = started.elapsed();
    assert!(
        pid > 0 && libc::WIFEXITED(status) && exits.contains(&libc::WEXITSTATUS(status)),
        "{command:?} failed"
    );
    (elapsed, usage.ru_maxrss)
}

fn median_and_peak(runs: &[(Duration, i64)]) -> (f64, f64) {
    let times: Vec<Duration> = runs.iter().map(|r| r.0).collect();
    let peak = runs.iter().map(|r| r.1).max().unwrap_or(0);
    (ms(quantile(&times, 0.5)), peak as f64 / 1024.0)
}

pub fn run(keep_in: Option<&Path>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let waymark = root.join("target/release/waymark");
    assert!(
        waymark.exists(),
        "build it first: cargo build --release -p waymark-cli"
    );
    let temporary = tempfile::tempdir().unwrap();
    let dir = keep_in.unwrap_or(temporary.path());
    std::fs::create_dir_all(dir).unwrap();
    let original = dir.join("original.waymark");
    let _ = std::fs::remove_file(&original);
    let started = Instant::now();
    let project = generate(&mut StdRng::seed_from_u64(6), CARDS, FLOWS);
    Store::create(&original, &project, "bench").unwrap();
    let (a, b) = (dir.join("a.waymark"), dir.join("b.waymark"));
    for (copy, seed) in [(&a, 7), (&b, 8)] {
        let _ = std::fs::remove_file(copy);
        std::fs::copy(&original, copy).unwrap();
        let mut store = Store::open(copy, "bench").unwrap();
        let mut rng = StdRng::seed_from_u64(seed);
        for _ in 0..EDITS {
            let command = random_command(store.project(), &mut rng);
            store.apply(&command).unwrap();
        }
    }
    let size = |p: &Path| std::fs::metadata(p).unwrap().len() / 1024;
    eprintln!(
        "generated and edited in {:.1?} (a {} KiB, b {} KiB)",
        started.elapsed(),
        size(&a),
        size(&b)
    );

    let out = dir.join("merged.waymark");
    let _ = std::fs::remove_file(&out);
    let waymark_with = |args: &[&str]| {
        let mut command = Command::new(&waymark);
        command.args(args).env("WAYMARK_AUTHOR", "bench");
        command
    };
    let (a_s, b_s, out_s) = (
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        out.to_str().unwrap(),
    );

    // What the diff and the merge find, once, untimed.
    let found: serde_json::Value = serde_json::from_slice(
        &waymark_with(&["diff", a_s, b_s, "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let changes = found["changes"].as_array().unwrap().len();
    let merged = waymark_with(&["merge", a_s, b_s, "-o", out_s, "--json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&merged.stdout).unwrap();
    std::fs::remove_file(&out).unwrap();

    let mut diffs = Vec::new();
    let mut texts = Vec::new();
    let mut merges = Vec::new();
    for _ in 0..RUNS {
        diffs.push(run_timed(
            &mut waymark_with(&["diff", a_s, b_s, "--json"]),
            &[0],
        ));
        texts.push(run_timed(&mut waymark_with(&["diff", a_s, b_s]), &[0]));
        merges.push(run_timed(
            &mut waymark_with(&["merge", a_s, b_s, "-o", out_s, "--json"]),
            &[0, 1],
        ));
        std::fs::remove_file(&out).unwrap();
    }
    let (diff, diff_peak) = median_and_peak(&diffs);
    let (text, text_peak) = median_and_peak(&texts);
    let (merge, merge_peak) = median_and_peak(&merges);

    println!(
        "`waymark-bench merge`: the generated {CARDS}-card, {FLOWS}-flow project ({} KiB) copied twice, {EDITS} random \
         edits applied to each copy through `Store::apply` (adds, retitles, moves, connects, disconnects, deletes; \
         copies of {} and {} KiB after). The release `waymark` as whole processes, {RUNS} runs each, medians; peak \
         resident memory of the process.\n",
        size(&original),
        size(&a),
        size(&b)
    );
    println!("| measure | time | peak memory | target |\n|---|---|---|---|");
    println!(
        "| `waymark diff A B --json` ({changes} item changes) | {diff:.0} ms | {diff_peak:.0} MiB | ≤ 300 ms |"
    );
    println!("| `waymark diff A B` (text for people) | {text:.0} ms | {text_peak:.0} MiB | |");
    println!(
        "| `waymark merge A B -o OUT --json` ({} + {} history entries since the copy, {} + {} items changed, {} conflicts) | {merge:.0} ms | {merge_peak:.0} MiB | ≤ 1 s |",
        report["ours_entries"],
        report["theirs_entries"],
        report["ours_changes"],
        report["theirs_changes"],
        report["conflicts"].as_array().map_or(0, Vec::len),
    );
}
