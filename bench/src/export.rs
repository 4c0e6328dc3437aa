//! `waymark-bench export`: issue 5's benchmark. A generated journey of 300 touchpoint cards over 6 stages is
//! exported by the release `waymark` binary as whole processes (SVG; PNG at 2×, with its peak memory), and the
//! same journey as Mermaid text is rendered to SVG by the `mermaid` npm package in headless Chromium
//! (`bench/mermaid-render.mjs`), as a whole process and warm (render alone, page already loaded).
//! Needs `cargo build --release -p waymark-cli` and `npm ci` in ui/. Prints a Markdown section for RESULTS.md.

use crate::process::{ms, run_process};
use crate::{generate_grid, quantile};
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::path::Path;
use std::process::Command;
use std::time::Duration;
use waymark_core::LaneKind;
use waymark_store::Store;

const RUNS: usize = 15;

fn mermaid_version(root: &Path) -> String {
    let manifest = std::fs::read(root.join("ui/node_modules/mermaid/package.json")).unwrap();
    let manifest: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
    manifest["version"].as_str().unwrap_or("?").to_owned()
}

pub fn run() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let waymark = root.join("target/release/waymark");
    assert!(
        waymark.exists(),
        "build it first: cargo build --release -p waymark-cli"
    );
    let dir = tempfile::tempdir().unwrap();
    let project_path = dir.path().join("journey-300.waymark");
    let kinds = [LaneKind::Touchpoints; 5];
    let project = generate_grid(&mut StdRng::seed_from_u64(5), 6, &kinds, 300, 400);
    Store::create(&project_path, &project, "bench").unwrap();
    let file = project_path.to_str().unwrap();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let export = |args: &[&str]| {
        let mut command = Command::new(&waymark);
        command.arg("export").arg(file).args(args);
        command
    };

    let mmd = out("journey.mmd");
    run_process(&mut export(&["-o", &mmd]));
    let tasks = std::fs::read_to_string(&mmd)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("      "))
        .count();

    let svg_runs: Vec<Duration> = (0..RUNS)
        .map(|_| run_process(&mut export(&["-o", &out("map.svg")])).0)
        .collect();
    let png_runs: Vec<(Duration, i64)> = (0..RUNS)
        .map(|_| run_process(&mut export(&["-o", &out("map.png"), "--scale", "2"])))
        .collect();
    let png_times: Vec<Duration> = png_runs.iter().map(|r| r.0).collect();
    let png_peak = png_runs.iter().map(|r| r.1).max().unwrap();

    let script = root.join("bench/mermaid-render.mjs");
    let node = |extra: &[&str]| {
        let mut command = Command::new("node");
        command
            .arg(&script)
            .arg(&mmd)
            .arg(out("mermaid.svg"))
            .args(extra);
        command
    };
    let whole: Vec<Duration> = (0..5).map(|_| run_process(&mut node(&[])).0).collect();
    let warm_output = node(&[&RUNS.to_string()]).output().unwrap();
    assert!(warm_output.status.success(), "mermaid-render failed");
    let warm: Vec<Duration> = serde_json::from_slice::<Vec<f64>>(&warm_output.stdout)
        .unwrap()
        .into_iter()
        .map(|ms| Duration::from_secs_f64(ms / 1000.0))
        .collect();

    let (svg, png) = (quantile(&svg_runs, 0.5), quantile(&png_times, 0.5));
    let (mermaid_whole, mermaid_warm) = (quantile(&whole, 0.5), quantile(&warm, 0.5));
    let size = |name: &str| std::fs::metadata(out(name)).unwrap().len() / 1024;
    let png_bytes = std::fs::read(out("map.png")).unwrap();
    // Width and height sit at bytes 16 and 20 of the IHDR chunk.
    let png_side = |at: usize| u32::from_be_bytes(png_bytes[at..at + 4].try_into().unwrap());
    println!(
        "## {} — export (issue 5): 300 cards over 6 stages\n",
        jiff::Zoned::now().date()
    );
    println!(
        "Journey from `waymark-bench export` (6 stages × 5 touchpoint lanes, 300 cards, 400 flows; {tasks} Mermaid \
         tasks). Whole processes of the release `waymark` binary, {RUNS} runs each, medians; Mermaid {} (the npm \
         package) in Debian's headless Chromium via `bench/mermaid-render.mjs`: 5 whole runs, and {RUNS} warm \
         renders in one page.\n",
        mermaid_version(&root)
    );
    println!("| measure | result | target |\n|---|---|---|");
    println!(
        "| `waymark export -o map.svg` (whole process) | {:.1} ms ({} KiB) | ≤ 100 ms |",
        ms(svg),
        size("map.svg")
    );
    println!(
        "| `waymark export -o map.png --scale 2` (whole process) | {:.0} ms ({}×{} px, {} KiB), peak memory {:.0} MiB | ≤ 1 s |",
        ms(png),
        png_side(16),
        png_side(20),
        size("map.png"),
        png_peak as f64 / 1024.0
    );
    println!(
        "| Mermaid: node + Chromium + render, whole process | {:.0} ms ({} KiB SVG) | |",
        ms(mermaid_whole),
        size("mermaid.svg")
    );
    println!(
        "| Mermaid: warm render alone | {:.1} ms | |",
        ms(mermaid_warm)
    );
    println!(
        "| Waymark SVG vs Mermaid warm render | {:.1}× faster | ≥ 5× |",
        mermaid_warm.as_secs_f64() / svg.as_secs_f64()
    );
    println!(
        "| Waymark PNG 2× vs Mermaid whole process | {:.1}× faster | > 1× |",
        mermaid_whole.as_secs_f64() / png.as_secs_f64()
    );
}
