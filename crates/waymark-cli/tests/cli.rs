//! The `waymark` binary, run as a user runs it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod common;

use common::{stderr, stdout, waymark};

fn sample(dir: &Path) -> PathBuf {
    let path = dir.join("groceries.waymark");
    let output = waymark(&["new", path.to_str().unwrap(), "--sample"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("6 stages, 7 lanes, 41 cards, 36 flows"),
        "{}",
        stdout(&output)
    );
    path
}

#[test]
fn show_prints_the_sample_as_text_and_as_stable_json() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = file.to_str().unwrap();
    let text = stdout(&waymark(&["show", f]));
    for expected in [
        "1. Discover",
        "6. After delivery",
        "Realises the fridge is empty (action)",
        "Flows:",
        "(loop)",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&waymark(&["show", f, "--json"]))).unwrap();
    assert_eq!(json["format"], "waymark.project/1");
    assert_eq!(json["personas"].as_array().unwrap().len(), 2);
    let journey = &json["journeys"][0];
    assert_eq!(journey["stages"].as_array().unwrap().len(), 6);
    assert_eq!(journey["lanes"][1]["kind"], "touchpoints");
    assert_eq!(journey["cards"].as_array().unwrap().len(), 41);
    assert_eq!(journey["cards"][0]["title"], "Realises the fridge is empty");
    assert_eq!(journey["cards"][0]["position"], 0);
    assert_eq!(journey["flows"].as_array().unwrap().len(), 36);
    assert_eq!(journey["emotions"].as_array().unwrap().len(), 12);
}

#[test]
fn view_prints_what_the_app_draws() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let output = waymark(&["view", file.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let view: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(view["file"]["name"], "groceries.waymark");
    assert_eq!(view["layout"]["cards"].as_array().unwrap().len(), 41);
    assert_eq!(view["layout"]["flows"].as_array().unwrap().len(), 36);
    assert_eq!(view["journey"]["stages"][0]["name"], "Discover");
}

#[test]
fn edits_checks_undo_redo_and_history_work_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = file.to_str().unwrap();
    assert_eq!(waymark(&["check", f]).status.code(), Some(0));

    let added = waymark(&[
        "add-card",
        f,
        "--stage",
        "shop",
        "--lane",
        "WEB",
        "--title",
        "Filters by diet",
    ]);
    assert!(added.status.success(), "{}", stderr(&added));
    let card_id = stdout(&added).trim().to_owned();
    assert_eq!(card_id.len(), 36, "prints the new card's id");
    let connected = waymark(&[
        "connect",
        f,
        &card_id,
        "Product page",
        "--kind",
        "alternative",
    ]);
    assert!(connected.status.success(), "{}", stderr(&connected));

    // Nothing leads to the new card: check finds it unreachable and exits 1.
    let check = waymark(&["check", f]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stdout(&check).contains("unreachable from any entry (1): Filters by diet"),
        "{}",
        stdout(&check)
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&waymark(&["check", f, "--json"]))).unwrap();
    assert_eq!(json[0]["problems"], 1);
    assert_eq!(json[0]["unreachable"][0], card_id);

    assert!(
        waymark(&["connect", f, "Browse aisles and search", &card_id])
            .status
            .success()
    );
    assert_eq!(waymark(&["check", f]).status.code(), Some(0));

    let undo = waymark(&["undo", f]);
    assert_eq!(stdout(&undo).trim(), "Undid: connect");
    assert_eq!(waymark(&["check", f]).status.code(), Some(1));
    assert!(waymark(&["redo", f]).status.success());
    assert_eq!(waymark(&["check", f]).status.code(), Some(0));

    let moved = waymark(&["move-card", f, "Filters by diet", "--stage", "Check out"]);
    assert!(moved.status.success(), "{}", stderr(&moved));
    let history = stdout(&waymark(&["history", f]));
    let lines: Vec<&str> = history.lines().collect();
    assert_eq!(lines.len(), 6, "{history}");
    assert!(
        lines[0].contains("cli-test") && lines[0].contains("do    move card"),
        "{history}"
    );
    assert!(lines[2].contains("undo  connect"), "{history}");

    assert!(
        waymark(&["delete-card", f, "Filters by diet"])
            .status
            .success()
    );
    assert!(!stdout(&waymark(&["show", f])).contains("Filters by diet"));
}

#[test]
fn stages_lanes_and_json_commands_can_be_scripted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.waymark");
    let f = path.to_str().unwrap();
    assert!(waymark(&["new", f]).status.success());
    let stage = stdout(&waymark(&["add-stage", f, "Visit"]))
        .trim()
        .to_owned();
    let lane = stdout(&waymark(&["add-lane", f, "Store", "--kind", "touchpoints"]))
        .trim()
        .to_owned();
    assert_eq!((stage.len(), lane.len()), (36, 36));
    let journey: serde_json::Value =
        serde_json::from_str(&stdout(&waymark(&["show", f, "--json"]))).unwrap();
    let journey_id = journey["journeys"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(journey["journeys"][0]["name"], "empty");

    let commands = format!(
        r#"[{{"op":"add_card","journey":"{journey_id}","card":"0190a000-0000-7000-8000-000000000001","stage":"{stage}","lane":"{lane}","index":null,"fields":{{"title":"Greeted at the door","kind":"touchpoint"}}}},
            {{"op":"add_card","journey":"{journey_id}","card":"0190a000-0000-7000-8000-000000000002","stage":"{stage}","lane":"{lane}","index":null,"fields":{{"title":"Finds the aisle","kind":"touchpoint"}}}}]"#
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(["apply", f, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), commands.as_bytes()).unwrap();
    let applied = child.wait_with_output().unwrap();
    assert!(applied.status.success(), "{}", stderr(&applied));
    let text = stdout(&waymark(&["show", f]));
    assert!(
        text.contains("Greeted at the door") && text.contains("Finds the aisle"),
        "{text}"
    );
    // The script's two cards are one undo step.
    assert!(waymark(&["undo", f]).status.success());
    assert!(!stdout(&waymark(&["show", f])).contains("Greeted at the door"));
}

#[test]
fn errors_are_one_sentence_with_documented_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = file.to_str().unwrap();

    let junk = dir.path().join("notes.waymark");
    std::fs::write(&junk, "just some notes\n").unwrap();
    let output = waymark(&["show", junk.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(
        stderr(&output),
        format!(
            "waymark: {} is not a Waymark project: it is not an SQLite database\n",
            junk.display()
        )
    );

    let output = waymark(&[
        "add-card", f, "--stage", "Nowhere", "--lane", "Web", "--title", "x",
    ]);
    assert_eq!(output.status.code(), Some(4));
    assert!(
        stderr(&output).contains("there is no stage named \"Nowhere\""),
        "{}",
        stderr(&output)
    );

    let output = waymark(&["redo", f]);
    assert_eq!(output.status.code(), Some(4));
    assert!(stderr(&output).contains("nothing to redo"));

    let output = waymark(&["new", f]);
    assert_eq!(output.status.code(), Some(3));
    assert!(stderr(&output).contains("already exists"));

    assert_eq!(waymark(&["show"]).status.code(), Some(2));
    assert!(stdout(&waymark(&["--help"])).contains("Exit codes:"));
}

#[test]
fn a_file_being_edited_elsewhere_is_read_only_here() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = file.to_str().unwrap();
    let before = std::fs::read(&file).unwrap();
    let writer = waymark_store::Store::open(&file, "other process").unwrap();
    let output = waymark(&[
        "add-card", f, "--stage", "Shop", "--lane", "Web", "--title", "x",
    ]);
    assert_eq!(output.status.code(), Some(4));
    assert!(
        stderr(&output)
            .contains("is open read-only (another Waymark window or process is editing it)"),
        "{}",
        stderr(&output)
    );
    // Reading still works.
    assert!(waymark(&["show", f]).status.success());
    drop(writer);
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn export_writes_every_format_from_the_extension_or_format_flag() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = file.to_str().unwrap();
    let magic: [(&str, &[u8]); 7] = [
        ("map.svg", b"<svg"),
        ("map.png", b"\x89PNG"),
        ("map.pdf", b"%PDF"),
        ("map.mmd", b"journey\n"),
        ("map.canvas", b"{"),
        ("map.json", b"{"),
        ("map.csv", b"card_id,"),
    ];
    for (name, start) in magic {
        let out = dir.path().join(name);
        let output = waymark(&["export", f, "-o", out.to_str().unwrap(), "--scale", "1"]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        assert!(stdout(&output).contains("Wrote"), "{name}");
        assert!(std::fs::read(&out).unwrap().starts_with(start), "{name}");
    }
    let to_stdout = waymark(&[
        "export", f, "--format", "mermaid", "--stages", "4..4", "-o", "-",
    ]);
    let text = stdout(&to_stdout);
    assert!(
        text.contains("section Check out") && !text.contains("section Shop"),
        "{text}"
    );
}

#[test]
fn export_refuses_bad_options_with_one_sentence_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = file.to_str().unwrap();
    let out = dir.path().join("map.png");
    let o = out.to_str().unwrap();
    for (args, code, reason) in [
        (vec!["--stages", "5..9"], 4, "out of range"),
        (vec!["--stages", "two"], 4, "FROM..TO"),
        (vec!["--scale", "0"], 4, "positive number"),
        (vec!["--scale", "400"], 4, "pixels a side"),
        (vec!["--cards", "No such card"], 4, "no card named"),
    ] {
        let mut full = vec!["export", f, "-o", o];
        full.extend(args.iter().copied());
        let output = waymark(&full);
        assert_eq!(
            output.status.code(),
            Some(code),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(reason),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(!out.exists(), "{args:?} left a file");
    }
    let unknown = waymark(&[
        "export",
        f,
        "-o",
        dir.path().join("map.xyz").to_str().unwrap(),
    ]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("--format"));
}

#[test]
fn import_map_adds_a_journey_as_one_undo_step_and_a_bad_file_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = file.to_str().unwrap();
    let mmd = dir.path().join("day.mmd");
    std::fs::write(
        &mmd,
        "journey\ntitle My day\nsection Morning\n  Make tea: 5: Me\n  Commute: 2: Me\n",
    )
    .unwrap();
    let output = waymark(&["import-map", f, mmd.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let shown = stdout(&waymark(&["show", f]));
    assert!(
        shown.contains("Journey \"My day\"") && shown.contains("Make tea"),
        "{shown}"
    );

    let bad = dir.path().join("bad.mmd");
    std::fs::write(&bad, "journey\nsection A\nTask: loud\n").unwrap();
    let before = std::fs::read(&file).unwrap();
    let output = waymark(&["import-map", f, bad.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(4));
    assert!(
        stderr(&output).contains("bad.mmd was not imported") && stderr(&output).contains("line 3")
    );
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the project is unchanged"
    );

    let undone = waymark(&["undo", f]);
    assert!(stdout(&undone).contains("Undid"), "{}", stderr(&undone));
    assert!(!stdout(&waymark(&["show", f])).contains("My day"));
}

fn feedback_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../waymark-feedback/tests/fixtures")
        .join(name)
}

/// The survey file a dataset came from is kept in the project and written back out byte for byte (a Latin-1
/// export, so nothing was re-encoded on the way); an existing file is never overwritten.
#[test]
fn dataset_source_writes_back_the_file_an_import_kept() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = file.to_str().unwrap();
    let nps = feedback_fixture("nps_retail_fr_latin1.csv");
    let imported = waymark(&[
        "import",
        f,
        nps.to_str().unwrap(),
        "--metric",
        "nps",
        "--score",
        "nps",
        "--card",
        "Card payment",
    ]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    let out = dir.path().join("kept.csv");
    let o = out.to_str().unwrap();
    let written = waymark(&["dataset-source", f, "nps_retail_fr_latin1.csv", "-o", o]);
    assert!(written.status.success(), "{}", stderr(&written));
    let original = std::fs::read(&nps).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), original);
    assert!(
        stdout(&written).contains(&format!("({} bytes)", original.len())),
        "{}",
        stdout(&written)
    );

    std::fs::write(&out, "mine").unwrap();
    let refused = waymark(&["dataset-source", f, "nps_retail_fr_latin1.csv", "-o", o]);
    assert!(!refused.status.success());
    assert_eq!(std::fs::read(&out).unwrap(), b"mine", "not overwritten");
    let unknown = waymark(&["dataset-source", f, "other.csv", "-o", o]);
    assert!(!unknown.status.success());
    assert!(
        stderr(&unknown).contains("0 datasets match \"other.csv\""),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn import_previews_with_dry_run_imports_once_and_scores_print_as_json_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = file.to_str().unwrap();
    let nps = feedback_fixture("nps_retail_fr_latin1.csv");
    let n = nps.to_str().unwrap();
    let args = [
        "import",
        f,
        n,
        "--metric",
        "nps",
        "--score",
        "nps",
        "--comment",
        "explication",
        "--card",
        "Card payment",
    ];
    let before = std::fs::read(&file).unwrap();
    let dry = waymark(&[&args[..], &["--dry-run"]].concat());
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(
        stdout(&dry).contains("13954 rows read: 13612 would be imported"),
        "{}",
        stdout(&dry)
    );
    assert!(
        stdout(&dry).contains("342 with no answer")
            && stdout(&dry).contains("\"NA\" → no answer: 342 rows"),
        "{}",
        stdout(&dry)
    );
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "a dry run changes nothing"
    );

    let done = waymark(&[&args[..], &["--preset", "retail"]].concat());
    assert!(done.status.success(), "{}", stderr(&done));
    assert!(
        stdout(&done).contains("13612 imported") && stdout(&done).contains("preset \"retail\"")
    );
    // Next month: the preset alone.
    let again = waymark(&["import", f, n, "--preset", "retail"]);
    assert!(again.status.success(), "{}", stderr(&again));

    let json: serde_json::Value =
        serde_json::from_str(&stdout(&waymark(&["scores", f, "--json"]))).unwrap();
    let scores = json.as_array().unwrap();
    assert_eq!(
        scores.len(),
        1,
        "the same file imported twice is one dataset"
    );
    let s = &scores[0];
    assert_eq!(
        (s["card"].as_str(), s["metric"].as_str(), s["n"].as_u64()),
        (Some("Card payment"), Some("nps"), Some(13612))
    );
    for key in ["card_id", "value", "low", "high", "low_confidence"] {
        assert!(s.get(key).is_some(), "{key}");
    }
    let csv = stdout(&waymark(&["scores", f, "--csv"]));
    assert!(
        csv.starts_with("card,card_id,metric,n,value,low,high,low_confidence\nCard payment,"),
        "{csv}"
    );
    let listed = stdout(&waymark(&["datasets", f]));
    assert!(
        listed.contains("nps_retail_fr_latin1.csv: 13954 rows read, 13612 on cards"),
        "{listed}"
    );
    let text = stdout(&waymark(&["scores", f]));
    assert!(text.contains("Card payment: NPS 53.4"), "{text}");
    assert!(
        text.contains("Stage \"Check out\": NPS 53.4") && text.contains("Whole journey: NPS 53.4"),
        "{text}"
    );
}

#[test]
fn a_refused_import_exits_4_with_one_sentence_and_leaves_the_project_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = file.to_str().unwrap();
    let steak = feedback_fixture("surveymonkey_steak_risk.csv");
    let before = std::fs::read(&file).unwrap();
    let output = waymark(&[
        "import",
        f,
        steak.to_str().unwrap(),
        "--metric",
        "number",
        "--score",
        "Nope",
        "--card",
        "Card payment",
    ]);
    assert_eq!(output.status.code(), Some(4));
    assert!(
        stderr(&output).contains("has no column named \"Nope\""),
        "{}",
        stderr(&output)
    );
    assert_eq!(stderr(&output).lines().count(), 1);
    assert_eq!(std::fs::read(&file).unwrap(), before);
    let usage = waymark(&["import", f, steak.to_str().unwrap(), "--score", "Age"]);
    assert_eq!(usage.status.code(), Some(2));
    assert!(stderr(&usage).contains("--metric"));
}

#[test]
fn answers_given_as_words_import_through_labels_values_and_shares() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = file.to_str().unwrap();
    // Our own small export: a satisfaction question answered in words (one answer no scale knows), a yes/no
    // question with a third answer, and answers that are no answer.
    let answers = [
        ("Very satisfied", "Yes."),
        ("Satisfied", "No"),
        ("Dissatisfied", "Partly"),
        ("Meh", "Yes"),
        ("Very dissatisfied", "Don't know"),
        ("N/A", "no."),
        ("Very satisfied", "YES"),
    ];
    let survey = dir.path().join("survey.csv");
    let rows: String = answers.iter().map(|(s, r)| format!("{s},{r}\n")).collect();
    std::fs::write(
        &survey,
        format!("How satisfied were you?,Resolved?\n{rows}"),
    )
    .unwrap();
    let s = survey.to_str().unwrap();
    let import = |extra: &[&str]| {
        let mut args = vec!["import", f, s, "--card", "Card payment"];
        args.extend(extra);
        waymark(&args)
    };
    // Without a value for "Meh", the dry run says which answer is not read.
    let dry = import(&[
        "--metric",
        "csat",
        "--score",
        "How satisfied were you?",
        "--dry-run",
    ]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(
        stdout(&dry).contains("\"Meh\" → not read"),
        "{}",
        stdout(&dry)
    );
    assert!(
        stdout(&dry).contains("1 with no answer"),
        "{}",
        stdout(&dry)
    );
    let done = import(&[
        "--metric",
        "csat",
        "--score",
        "How satisfied were you?",
        "--value",
        "Meh=5",
        "--preset",
        "words",
    ]);
    assert!(done.status.success(), "{}", stderr(&done));
    // Independently: top-2-box of 5, 4, 2, 5, 1, 5 (N/A is no answer) is 4 of 6.
    let csat = || {
        let scores: serde_json::Value =
            serde_json::from_str(&stdout(&waymark(&["scores", f, "--json"]))).unwrap();
        scores.as_array().unwrap()[0].clone()
    };
    assert_eq!(
        (csat()["metric"].as_str(), csat()["n"].as_u64()),
        (Some("csat"), Some(6))
    );
    assert!((csat()["value"].as_f64().unwrap() - 400.0 / 6.0).abs() < 1e-9);
    // The preset keeps the answers' numbers: next month's file, with the preset alone, reads "Meh" as 5 again.
    let next = dir.path().join("next.csv");
    std::fs::write(
        &next,
        "How satisfied were you?,Resolved?\nMeh,Yes\nMeh,No\nDissatisfied,No\n",
    )
    .unwrap();
    let again = waymark(&["import", f, next.to_str().unwrap(), "--preset", "words"]);
    assert!(again.status.success(), "{}", stderr(&again));
    // Both files on the one card: 4 + 2 top answers of 6 + 3.
    assert_eq!(csat()["n"].as_u64(), Some(9));
    assert!(
        (csat()["value"].as_f64().unwrap() - 600.0 / 9.0).abs() < 1e-9,
        "{}",
        csat()
    );

    // The share answering Yes or Partly: "Yes." and "YES" are Yes; "Don't know" is no answer: 4 of 6.
    let done = import(&[
        "--metric",
        "share",
        "--score",
        "Resolved?",
        "--positive",
        "Yes",
        "--positive",
        "partly",
    ]);
    assert!(done.status.success(), "{}", stderr(&done));
    let scores: serde_json::Value =
        serde_json::from_str(&stdout(&waymark(&["scores", f, "--json"]))).unwrap();
    let share = scores
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["metric"] == "share")
        .unwrap();
    assert_eq!(share["n"].as_u64(), Some(6));
    assert!(
        (share["value"].as_f64().unwrap() - 400.0 / 6.0).abs() < 1e-9,
        "{share}"
    );
    let datasets = stdout(&waymark(&["datasets", f]));
    assert!(
        datasets.contains("% answering Yes or partly of those who answered"),
        "{datasets}"
    );

    let bad = import(&[
        "--metric",
        "csat",
        "--score",
        "How satisfied were you?",
        "--value",
        "Meh",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("--value wants LABEL=N"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn export_honours_the_minimum_n_in_images_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = file.to_str().unwrap();
    // 20 answers on one card: under the default minimum of 30, over a minimum of 10.
    let survey = dir.path().join("survey.csv");
    let rows: String = (0..20).map(|i| format!("{},{}\n", i, i % 11)).collect();
    std::fs::write(&survey, format!("id,score\n{rows}")).unwrap();
    let import = waymark(&[
        "import",
        f,
        survey.to_str().unwrap(),
        "--metric",
        "nps",
        "--score",
        "score",
        "--card",
        "Card payment",
    ]);
    assert!(import.status.success(), "{}", stderr(&import));

    let low_confidence = |min_n: Option<&str>| {
        let csv = dir.path().join("cards.csv");
        let mut args = vec!["export", f, "-o", csv.to_str().unwrap()];
        args.extend(min_n.map(|n| ["--min-n", n]).into_iter().flatten());
        let done = waymark(&args);
        assert!(done.status.success(), "{}", stderr(&done));
        let text = std::fs::read_to_string(&csv).unwrap();
        std::fs::remove_file(&csv).unwrap();
        let mut lines = text.lines().map(|l| l.split(',').collect::<Vec<_>>());
        let header = lines.next().unwrap();
        let column = header
            .iter()
            .position(|c| *c == "nps_low_confidence")
            .unwrap();
        let title = header.iter().position(|c| *c == "title").unwrap();
        let row = lines.find(|r| r[title] == "Card payment").unwrap();
        row[column].to_owned()
    };
    assert_eq!(low_confidence(None), "true");
    assert_eq!(low_confidence(Some("30")), "true");
    assert_eq!(low_confidence(Some("10")), "false");

    let svg = |min_n: &str| {
        let out = dir.path().join(format!("map-{min_n}.svg"));
        let done = waymark(&["export", f, "-o", out.to_str().unwrap(), "--min-n", min_n]);
        assert!(done.status.success(), "{}", stderr(&done));
        std::fs::read_to_string(out).unwrap()
    };
    assert!(svg("30").contains("n = 20 (low confidence)"));
    assert!(!svg("10").contains("(low confidence)"));
    assert!(svg("10").contains("dashed under 10 responses"));
}

/// Runs `waymark` with its data folder (where user templates live) in `data`.
fn waymark_in(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(args)
        .env("WAYMARK_AUTHOR", "cli-test")
        .env("XDG_DATA_HOME", data)
        .output()
        .unwrap()
}

fn journey_names(file: &str) -> Vec<String> {
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&waymark(&["show", file, "--json"]))).unwrap();
    json["journeys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn journeys_are_added_renamed_moved_and_deleted_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = file.to_str().unwrap();
    let data = dir.path();

    let blank = waymark_in(data, &["add-journey", f, "Returns"]);
    assert!(blank.status.success(), "{}", stderr(&blank));
    let returns = stdout(&blank).trim().to_owned();
    assert_eq!(returns.len(), 36, "prints the new journey's id");
    let trip = waymark_in(
        data,
        &["add-journey", f, "Trip", "--template", "booking travel"],
    );
    assert!(trip.status.success(), "{}", stderr(&trip));
    let copy = waymark_in(
        data,
        &[
            "add-journey",
            f,
            "Variant",
            "--copy-of",
            "ordering GROCERIES online",
        ],
    );
    assert!(copy.status.success(), "{}", stderr(&copy));
    assert_eq!(
        journey_names(f),
        ["Ordering groceries online", "Variant", "Returns", "Trip"]
    );
    let shown = stdout(&waymark(&["show", f]));
    assert!(
        shown.contains("Journey \"Variant\": 6 stages × 7 lanes, 41 cards, 36 flows"),
        "{shown}"
    );
    assert_eq!(
        waymark(&["check", f]).status.code(),
        Some(0),
        "the template and the copy pass the check"
    );

    let moved = waymark(&["move-journey", f, "Trip", "--index", "0"]);
    assert_eq!(stdout(&moved), "Moved.\n", "{}", stderr(&moved));
    let renamed = waymark(&["rename-journey", f, &returns, "Refunds"]);
    assert_eq!(stdout(&renamed), "Renamed.\n", "{}", stderr(&renamed));
    let deleted = waymark(&["delete-journey", f, "Variant"]);
    assert_eq!(stdout(&deleted), "Deleted.\n", "{}", stderr(&deleted));
    assert_eq!(
        journey_names(f),
        ["Trip", "Ordering groceries online", "Refunds"]
    );
    assert_eq!(
        stdout(&waymark(&["undo", f])),
        "Undid: delete journey (14 steps)\n"
    );
    assert_eq!(journey_names(f)[2], "Variant");

    let before = std::fs::read(&file).unwrap();
    for (args, code, reason) in [
        (
            vec!["rename-journey", f, "Nowhere", "x"],
            4,
            "there is no journey named \"Nowhere\"",
        ),
        (
            vec!["rename-journey", f, "Trip", " "],
            4,
            "the journey name must not be blank",
        ),
        (
            vec!["move-journey", f, "Trip", "--index", "9"],
            4,
            "position 9 is out of range (0…3)",
        ),
        (
            vec!["add-journey", f, "x", "--template", "Nope"],
            4,
            "There is no template named \"Nope\".",
        ),
        (
            vec!["add-journey", f, "x", "--copy-of", "Nowhere"],
            4,
            "there is no journey named \"Nowhere\"",
        ),
        (
            vec![
                "add-journey",
                f,
                "x",
                "--copy-of",
                "Trip",
                "--template",
                "Booking travel",
            ],
            2,
            "cannot be used with",
        ),
        (vec!["move-journey", f, "Trip"], 2, "--index"),
    ] {
        let output = waymark_in(data, &args);
        assert_eq!(
            output.status.code(),
            Some(code),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(reason),
            "{args:?}: {}",
            stderr(&output)
        );
        if code == 4 {
            assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
        }
    }
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "refusals change nothing"
    );
}

#[test]
fn templates_are_listed_saved_and_make_new_projects() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let listed = stdout(&waymark_in(&data, &["templates"]));
    for expected in [
        "Service blueprint: 5 stages, 5 lanes, 25 cards, 20 flows\n",
        "E-commerce purchase:",
        "B2B SaaS onboarding:",
        "Patient's clinic visit:",
        "Opening a bank account:",
        "Support request or complaint:",
        "Employee onboarding:",
        "Booking travel:",
    ] {
        assert!(
            listed.contains(expected),
            "missing {expected:?} in:\n{listed}"
        );
    }

    let clinic = dir.path().join("clinic.waymark");
    let c = clinic.to_str().unwrap();
    let created = waymark_in(&data, &["new", c, "--template", "patient's clinic visit"]);
    assert_eq!(
        stdout(&created),
        format!("Created {c}: journey \"clinic\" with 6 stages, 9 lanes, 24 cards, 20 flows.\n"),
        "{}",
        stderr(&created)
    );
    assert_eq!(waymark(&["check", c]).status.code(), Some(0));

    let saved = waymark_in(
        &data,
        &[
            "save-template",
            c,
            "Our clinic",
            "--description",
            "The Leeds clinic.",
        ],
    );
    let folder = data.join("app.waymark.desktop").join("templates");
    assert_eq!(
        stdout(&saved),
        format!("Saved template \"Our clinic\" in {}.\n", folder.display()),
        "{}",
        stderr(&saved)
    );
    assert!(folder.join("Our clinic.json").is_file());
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&waymark_in(&data, &["templates", "--json"]))).unwrap();
    let mine = json.as_array().unwrap().last().unwrap().clone();
    assert_eq!(mine["name"], "Our clinic");
    assert_eq!(mine["builtin"], false);
    assert_eq!(mine["cards"], 24);
    assert!(stdout(&waymark_in(&data, &["templates"])).contains("Our clinic (yours):"));
    let second = dir.path().join("second.waymark");
    let s = second.to_str().unwrap();
    let from_mine = waymark_in(
        &data,
        &["new", s, "--template", "Our clinic", "--name", "Leeds"],
    );
    assert!(from_mine.status.success(), "{}", stderr(&from_mine));
    assert_eq!(journey_names(s), ["Leeds"]);

    let missing = dir.path().join("missing.waymark");
    let output = waymark_in(
        &data,
        &["new", missing.to_str().unwrap(), "--template", "Nope"],
    );
    assert_eq!(output.status.code(), Some(4));
    assert_eq!(
        stderr(&output),
        "waymark: There is no template named \"Nope\".\n"
    );
    assert!(!missing.exists());
    let both = waymark_in(
        &data,
        &["new", s, "--sample", "--template", "Booking travel"],
    );
    assert_eq!(both.status.code(), Some(2));
    let builtin_name = waymark_in(&data, &["save-template", c, "Booking travel"]);
    assert_eq!(builtin_name.status.code(), Some(4));
    assert!(stderr(&builtin_name).contains("is the name of a built-in template"));
}

#[test]
fn update_flow_changes_a_flows_kind_and_label() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = file.to_str().unwrap();
    let flow = |from: &str, to: &str| {
        let json: serde_json::Value =
            serde_json::from_str(&stdout(&waymark(&["show", f, "--json"]))).unwrap();
        let journey = &json["journeys"][0];
        let id = |title: &str| {
            journey["cards"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["title"] == title)
                .unwrap()["id"]
                .clone()
        };
        let (from, to) = (id(from), id(to));
        journey["flows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|fl| fl["from"] == from && fl["to"] == to)
            .unwrap()
            .clone()
    };
    let (from, to) = ("Card payment", "Payment fails at 3-D Secure");
    assert_eq!(flow(from, to)["label"], "card declined");

    let updated = waymark(&["update-flow", f, from, to, "--kind", "alternative"]);
    assert_eq!(stdout(&updated), "Updated.\n", "{}", stderr(&updated));
    let after = flow(from, to);
    assert_eq!(
        (&after["kind"], &after["label"]),
        (&"alternative".into(), &"card declined".into()),
        "the label stays"
    );
    assert!(
        waymark(&["update-flow", f, from, to, "--label", "declined"])
            .status
            .success()
    );
    assert_eq!(flow(from, to)["kind"], "alternative", "the kind stays");
    assert!(
        waymark(&["update-flow", f, from, to, "--label", ""])
            .status
            .success()
    );
    assert_eq!(flow(from, to)["label"], serde_json::Value::Null);
    assert_eq!(stdout(&waymark(&["undo", f])), "Undid: update flow\n");
    assert_eq!(flow(from, to)["label"], "declined");

    let none = waymark(&[
        "update-flow",
        f,
        "Order confirmation",
        from,
        "--kind",
        "loop",
    ]);
    assert_eq!(none.status.code(), Some(4));
    assert!(
        stderr(&none).contains("no flow joins these cards"),
        "{}",
        stderr(&none)
    );
    let bad = waymark(&["update-flow", f, from, to, "--kind", "sideways"]);
    assert_eq!(bad.status.code(), Some(2));
}

fn card_titles(file: &str) -> Vec<String> {
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&waymark(&["show", file, "--json"]))).unwrap();
    json["journeys"][0]["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn versions_are_saved_listed_compared_and_restored_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = file.to_str().unwrap();
    let saved = waymark(&["version", f, "Before the workshop"]);
    assert_eq!(
        stdout(&saved),
        "Saved version \"Before the workshop\" at #0 (created).\n"
    );
    let original = card_titles(f);
    let add = [
        "add-card",
        f,
        "--stage",
        "Shop",
        "--lane",
        "Web",
        "--title",
        "Filters by diet",
    ];
    assert!(waymark(&add).status.success());
    assert!(
        waymark(&["delete-card", f, "Rating prompt"])
            .status
            .success()
    );
    let saved = waymark(&["version", f, "After the workshop"]);
    assert_eq!(
        stdout(&saved),
        "Saved version \"After the workshop\" at #2 (delete card).\n"
    );
    let edited = card_titles(f);

    let listed = stdout(&waymark(&["versions", f]));
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 2, "{listed}");
    assert!(
        lines[0].starts_with("\"After the workshop\" at #2 (delete card), saved ")
            && lines[0].ends_with(" by cli-test"),
        "{listed}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&waymark(&["versions", f, "--json"]))).unwrap();
    assert_eq!(json[1]["label"], "Before the workshop");
    assert_eq!(json[1]["seq"], 0);

    let compared = stdout(&waymark(&["compare", f, "before the workshop"]));
    assert_eq!(
        compared,
        "Since \"before the workshop\" (#0), journey \"Ordering groceries online\": 1 added, 1 removed, 0 changed.\n  added    Filters by diet\n  removed  Rating prompt\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&waymark(&["compare", f, "#1", "--json"]))).unwrap();
    assert_eq!(json["seq"], 1);
    assert_eq!(json["removed"][0]["title"], "Rating prompt");
    assert!(json["added"].as_array().unwrap().is_empty());

    let restored = waymark(&["restore", f, "Before the workshop"]);
    assert_eq!(
        stdout(&restored),
        "Restored to \"Before the workshop\" (#0).\n"
    );
    assert_eq!(card_titles(f), original);
    let history = stdout(&waymark(&["history", f]));
    assert!(
        history
            .lines()
            .next()
            .unwrap()
            .contains("do    restore to #0"),
        "{history}"
    );
    assert_eq!(history.lines().count(), 3, "history is kept: {history}");
    assert!(waymark(&["undo", f]).status.success());
    assert_eq!(card_titles(f), edited);
    assert_eq!(stdout(&waymark(&["restore", f, "#1"])), "Restored to #1.\n");
    assert!(card_titles(f).contains(&"Rating prompt".to_owned()));
    assert!(card_titles(f).contains(&"Filters by diet".to_owned()));
}

#[test]
fn history_pages_back_with_before() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = file.to_str().unwrap();
    for title in ["One", "Two", "Three", "Four"] {
        let add = [
            "add-card", f, "--stage", "Shop", "--lane", "Web", "--title", title,
        ];
        assert!(waymark(&add).status.success());
    }
    let seqs = |args: &[&str]| -> Vec<String> {
        stdout(&waymark(args))
            .lines()
            .map(|l| l.split_whitespace().next().unwrap().to_owned())
            .collect()
    };
    assert_eq!(seqs(&["history", f, "--limit", "2"]), ["#4", "#3"]);
    assert_eq!(
        seqs(&["history", f, "--limit", "2", "--before", "#3"]),
        ["#2", "#1"]
    );
    assert_eq!(seqs(&["history", f, "--before", "2"]), ["#1"]);
    assert_eq!(
        stdout(&waymark(&["history", f, "--before", "1"])),
        "No edits yet.\n"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&waymark(&[
        "history", f, "--before", "4", "--limit", "1", "--json",
    ])))
    .unwrap();
    assert_eq!(json[0]["seq"], 3);
    assert_eq!(json[0]["description"], "add card");
}

#[test]
fn history_errors_are_one_sentence_with_documented_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = file.to_str().unwrap();
    assert!(waymark(&["version", f, "Start"]).status.success());
    let before = std::fs::read(&file).unwrap();
    let refusals: [(&[&str], String); 6] = [
        (
            &["restore", f, "12"],
            format!("{f} has no history entry #12"),
        ),
        (
            &["restore", f, "Yesterday"],
            format!("{f} has no version named \"Yesterday\" (`waymark versions` lists them)"),
        ),
        (
            &["compare", f, "#3"],
            format!("{f} has no history entry #3"),
        ),
        (
            &["version", f, "START"],
            format!("{f} was not changed: there is already a version named \"Start\""),
        ),
        (
            &["version", f, " "],
            format!("{f} was not changed: a version needs a label"),
        ),
        (
            &["version", f, "#2"],
            format!(
                "{f} was not changed: \"#2\" reads as history entry #2; give the version a label with a word in it"
            ),
        ),
    ];
    for (args, message) in refusals {
        let output = waymark(args);
        assert_eq!(output.status.code(), Some(4), "{args:?}");
        assert_eq!(stderr(&output), format!("waymark: {message}\n"), "{args:?}");
    }
    assert_eq!(std::fs::read(&file).unwrap(), before, "nothing was written");

    let output = waymark(&["history", f, "--before", "yesterday"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("wants a history entry number like 12 or #12"));
    assert_eq!(waymark(&["restore", f]).status.code(), Some(2));

    let missing = dir.path().join("missing.waymark");
    let output = waymark(&["versions", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(stderr(&output).lines().count(), 1);

    let writer = waymark_store::Store::open(&file, "other process").unwrap();
    for args in [&["version", f, "Sneaky"][..], &["restore", f, "0"][..]] {
        let output = waymark(args);
        assert_eq!(output.status.code(), Some(4), "{args:?}");
        assert!(
            stderr(&output).contains("is open read-only"),
            "{}",
            stderr(&output)
        );
    }
    drop(writer);
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn comments_are_added_replied_to_resolved_and_undone_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = file.to_str().unwrap();
    let said = waymark(&[
        "--author",
        "Ann",
        "comment",
        f,
        "Card payment",
        "Why here? @Bob",
    ]);
    assert!(said.status.success(), "{}", stderr(&said));
    let id = stdout(&said).trim().to_owned();
    let reply = waymark(&[
        "--author",
        "Bob",
        "comment",
        f,
        "Card payment",
        "The bank asks",
        "--reply-to",
        &id,
    ]);
    assert!(reply.status.success(), "{}", stderr(&reply));
    let listed = stdout(&waymark(&["comments", f]));
    assert!(listed.contains("\"Card payment\" [open]"), "{listed}");
    assert!(
        listed.contains("Ann: Why here? @Bob") && listed.contains("↳"),
        "{listed}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&waymark(&["comments", f, "--json"]))).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
    assert_eq!(json[1]["reply_to"], id.as_str());
    // Resolving a reply resolves its thread; --open then lists nothing; undo reopens it.
    let reply_id = stdout(&reply).trim().to_owned();
    assert!(waymark(&["resolve", f, &reply_id]).status.success());
    assert_eq!(
        stdout(&waymark(&["comments", f, "--open"])).trim(),
        "No comments."
    );
    assert!(stdout(&waymark(&["undo", f])).contains("resolve comment"));
    assert!(stdout(&waymark(&["comments", f, "--open"])).contains("[open]"));
    // Deleting the card takes its thread; undo brings both back.
    assert!(
        waymark(&["delete-card", f, "Card payment"])
            .status
            .success()
    );
    assert_eq!(stdout(&waymark(&["comments", f])).trim(), "No comments.");
    assert!(waymark(&["undo", f]).status.success());
    assert!(stdout(&waymark(&["comments", f])).contains("The bank asks"));
    let blank = waymark(&["comment", f, "Card payment", "   "]);
    assert_eq!(blank.status.code(), Some(4), "{}", stderr(&blank));
    assert_eq!(stderr(&blank).lines().count(), 1);
}

#[test]
fn export_with_comments_lists_open_threads_as_numbered_notes() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = file.to_str().unwrap();
    let say = |author: &str, card: &str, text: &str, reply_to: Option<&str>| {
        let mut args = vec!["--author", author, "comment", f, card, text];
        if let Some(id) = reply_to {
            args.extend(["--reply-to", id]);
        }
        let said = waymark(&args);
        assert!(said.status.success(), "{}", stderr(&said));
        stdout(&said).trim().to_owned()
    };
    let asked = say(
        "Ann",
        "Card payment",
        "Why does the bank ask for a code?",
        None,
    );
    say(
        "Bob",
        "Card payment",
        "3-D Secure is required",
        Some(&asked),
    );
    say(
        "Eve",
        "Delivery slot picker",
        "</text><script>alert(1)</script>",
        None,
    );
    let fixed = say("Dan", "Product page", "Already fixed", None);
    assert!(waymark(&["resolve", f, &fixed]).status.success());

    let export = |name: &str, comments: bool| {
        let out = dir.path().join(name);
        let mut args = vec!["export", f, "-o", out.to_str().unwrap()];
        if comments {
            args.push("--comments");
        }
        let output = waymark(&args);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        std::fs::read(&out).unwrap()
    };
    let svg = String::from_utf8(export("notes.svg", true)).unwrap();
    let notes = &svg[svg.find(">Comments<").expect("a Comments heading")..];
    // In reading order: both cards are in "Check out", in the Web lane, the slot picker above the payment.
    let order = [
        ">1<",
        ">Delivery slot picker<",
        ">Eve<",
        ">&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;<",
        ">2<",
        ">Card payment<",
        ">Ann<",
        ">Why does the bank ask for a code?<",
        ">Bob<",
        ">3-D Secure is required<",
    ];
    let at: Vec<usize> = order
        .iter()
        .map(|s| notes.find(s).unwrap_or_else(|| panic!("{s} in {notes}")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{notes}");
    assert!(!svg.contains("<script") && !svg.contains("Already fixed"));

    let plain = String::from_utf8(export("plain.svg", false)).unwrap();
    assert!(!plain.contains(">Comments<") && !plain.contains("Why does the bank"));

    // PNG: the picture grows to hold the notes (the height is the IHDR's second number).
    let png_height = |bytes: &[u8]| u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert!(png_height(&export("notes.png", true)) > png_height(&export("plain.png", false)));

    // PDF: the notes are text.
    let pdf = dir.path().join("notes.pdf");
    export("notes.pdf", true);
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout);
    for expected in [
        "Comments",
        "Why does the bank ask for a code?",
        "3-D Secure is required",
        "</text><script>alert(1)</script>",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    assert!(!text.contains("Already fixed"));
}
