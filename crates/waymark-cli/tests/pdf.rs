//! `waymark export … --page a4` with and without `--fit` and `--tile`, pages counted by poppler's `pdfinfo`.

use std::path::Path;
use std::process::{Command, Stdio};

mod common;

use common::{stderr, stdout, waymark};

fn pages(pdf: &Path) -> usize {
    let output = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils)");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Exports `file` to `name` in `dir` as an A4 PDF with `flags`; the PDF's page count and what went to stderr.
fn a4(file: &Path, dir: &Path, name: &str, flags: &[&str]) -> (usize, String) {
    let out = dir.join(name);
    let mut args = vec![
        "export",
        file.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--page",
        "a4",
    ];
    args.extend(flags);
    let output = waymark(&args);
    assert!(output.status.success(), "{flags:?}: {}", stderr(&output));
    assert!(stdout(&output).contains("Wrote"));
    (pages(&out), stderr(&output))
}

/// A project of 300 cards: the usual five stages and five lanes, twelve cards to a cell.
fn big(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("big.waymark");
    let f = path.to_str().unwrap();
    assert!(waymark(&["new", f]).status.success());
    let shown: serde_json::Value =
        serde_json::from_str(&stdout(&waymark(&["show", f, "--json"]))).unwrap();
    let journey = &shown["journeys"][0];
    let id = |list: &str, i: usize| journey[list][i]["id"].as_str().unwrap().to_owned();
    let (stages, lanes) = (
        journey["stages"].as_array().unwrap().len(),
        journey["lanes"].as_array().unwrap().len(),
    );
    let commands: Vec<String> = (0..300)
        .map(|i| {
            format!(
                r#"{{"op":"add_card","journey":"{}","card":"0190a000-0000-7000-8000-{i:012x}","stage":"{}","lane":"{}","index":null,"fields":{{"title":"Card {i}","kind":"touchpoint"}}}}"#,
                journey["id"].as_str().unwrap(),
                id("stages", i % stages),
                id("lanes", (i / stages) % lanes),
            )
        })
        .collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(["apply", f, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        &mut child.stdin.take().unwrap(),
        format!("[{}]", commands.join(",")).as_bytes(),
    )
    .unwrap();
    let applied = child.wait_with_output().unwrap();
    assert!(applied.status.success(), "{}", stderr(&applied));
    path
}

#[test]
fn a4_is_one_page_when_the_text_stays_legible_and_fit_and_tile_force_either() {
    let dir = tempfile::tempdir().unwrap();
    let sample = dir.path().join("groceries.waymark");
    assert!(
        waymark(&["new", sample.to_str().unwrap(), "--sample"])
            .status
            .success()
    );
    // The sample: one page, unless tiles are asked for.
    assert_eq!(a4(&sample, dir.path(), "auto.pdf", &[]), (1, String::new()));
    assert_eq!(
        a4(&sample, dir.path(), "fit.pdf", &["--fit"]),
        (1, String::new())
    );
    let (tiles, warned) = a4(&sample, dir.path(), "tiles.pdf", &["--tile"]);
    assert!(tiles > 1, "{tiles}");
    assert_eq!(warned, "");

    // 300 cards: tiled by default; on one page only when asked, with a warning saying how small the text gets.
    let big = big(dir.path());
    let (auto, warned) = a4(&big, dir.path(), "big.pdf", &[]);
    assert!(auto > 1, "{auto}");
    assert_eq!(warned, "");
    let (one, warned) = a4(&big, dir.path(), "big-one.pdf", &["--fit"]);
    assert_eq!(one, 1);
    assert!(
        warned.starts_with("waymark: warning: on one A4 page the smallest text prints at ")
            && warned.contains("below the 4 pt that stays legible")
            && warned.contains(&format!("would tile it over {auto} pages")),
        "{warned}"
    );

    // Both at once is a mistake on the command line.
    let out = dir.path().join("both.pdf");
    let both = waymark(&[
        "export",
        sample.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--page",
        "a4",
        "--fit",
        "--tile",
    ]);
    assert_eq!(both.status.code(), Some(2), "{}", stderr(&both));
    assert!(
        stderr(&both).contains("cannot be used with"),
        "{}",
        stderr(&both)
    );
    assert!(!out.exists());
}
