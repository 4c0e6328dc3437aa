//! `waymark diff` and `waymark merge` on copies of one project, edited apart with the CLI's own commands, as a
//! user runs them; and every refusal of a merge, which writes nothing.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;

use common::{stderr, stdout, waymark};

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Runs `waymark args`, which must succeed; its standard output.
fn ok(args: &[&str]) -> String {
    let output = waymark(args);
    assert!(
        output.status.success(),
        "waymark {args:?} failed: {}",
        stderr(&output)
    );
    stdout(&output)
}

/// The sample project as `name` in `dir`.
fn sample(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    ok(&["new", s(&path), "--sample"]);
    path
}

/// A plain copy of a file: another copy of the same project.
fn copy(from: &Path, name: &str) -> PathBuf {
    let to = from.with_file_name(name);
    std::fs::copy(from, &to).unwrap();
    to
}

fn show_json(file: &Path) -> Value {
    serde_json::from_str(&ok(&["show", s(file), "--json"])).unwrap()
}

/// The first journey's card titled `title` in `show --json`.
fn card(file: &Path, title: &str) -> Value {
    show_json(file)["journeys"][0]["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == title)
        .unwrap_or_else(|| panic!("no card \"{title}\" in {}", file.display()))
        .clone()
}

fn id_of(file: &Path, title: &str) -> String {
    card(file, title)["id"].as_str().unwrap().to_owned()
}

/// Sets one field of the card titled `title` with `waymark apply` (there is no update-card subcommand).
fn update_card(file: &Path, title: &str, field: &str, value: &str) {
    let data = show_json(file);
    let c = card(file, title);
    let mut fields = json!({});
    for name in ["title", "description", "kind", "channel", "owner", "tags"] {
        fields[name] = c[name].clone();
    }
    fields[field] = json!(value);
    let command = json!({
        "op": "update_card",
        "journey": data["journeys"][0]["id"],
        "card": c["id"],
        "fields": fields,
    });
    let commands = file.with_extension("command.json");
    std::fs::write(&commands, command.to_string()).unwrap();
    ok(&["apply", s(file), s(&commands)]);
    std::fs::remove_file(commands).unwrap();
}

fn history(file: &Path) -> Vec<Value> {
    serde_json::from_str::<Value>(&ok(&["history", s(file), "--json", "--limit", "1000"]))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// The files in `dir` whose names say they are a merge being written.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".merging"))
        .collect()
}

const SIGN_UP_NOTE: &str = "Three fields; the password rules are shown before typing.";

/// The sample as a base and two copies edited apart: ours retitles "Card payment" and adds a card at Check out /
/// Web; theirs rewrites "Sign-up form"'s description, moves "Postcode check" first in its cell, deletes "App
/// onboarding" (and its flows) and connects two cards.
fn two_copies(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let base = sample(dir, "base.waymark");
    let ours = copy(&base, "ours.waymark");
    let theirs = copy(&base, "theirs.waymark");
    update_card(&ours, "Card payment", "title", "Pay by card");
    let o = s(&ours);
    ok(&[
        "add-card",
        o,
        "--stage",
        "Check out",
        "--lane",
        "Web",
        "--title",
        "New idea",
    ]);
    let t = s(&theirs);
    update_card(&theirs, "Sign-up form", "description", SIGN_UP_NOTE);
    ok(&["move-card", t, "Postcode check", "--index", "0"]);
    ok(&["delete-card", t, "App onboarding"]);
    ok(&[
        "connect",
        t,
        "Creates an account",
        "Postcode check",
        "--kind",
        "alternative",
    ]);
    (base, ours, theirs)
}

#[test]
fn diff_says_what_each_copy_changed_in_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let (base, ours, theirs) = two_copies(dir.path());
    let (b, o, t) = (s(&base), s(&ours), s(&theirs));

    let text = ok(&["diff", b, o]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        format!("{b} and {o} are copies of one project."),
        "{text}"
    );
    let payment = id_of(&ours, "Pay by card");
    let idea = id_of(&ours, "New idea");
    assert_eq!(
        lines[1..],
        [
            format!("card \"Pay by card\" ({payment}): title \"Card payment\" → \"Pay by card\""),
            format!("+ card \"New idea\" ({idea}) added in Check out / Web"),
        ],
        "{text}"
    );

    let text = ok(&["diff", b, t]);
    let sign_up = id_of(&theirs, "Sign-up form");
    let postcode = id_of(&theirs, "Postcode check");
    let onboarding = id_of(&base, "App onboarding");
    for expected in [
        format!(
            "card \"Sign-up form\" ({sign_up}): description \"Seven fields, password rules shown after failin…\" → \"Three fields; the password rules are shown befo…\""
        ),
        format!(
            "card \"Postcode check\" ({postcode}) moved from Sign up / Web after \"Sign-up form\" to Sign up / Web first"
        ),
        format!("- card \"App onboarding\" ({onboarding}) removed from Sign up / Mobile app"),
    ] {
        assert!(
            text.lines().any(|l| l == expected),
            "missing {expected:?} in:\n{text}"
        );
    }
    let added_flow = text
        .lines()
        .filter(|l| l.starts_with("+ flow \"Creates an account → Postcode check\""))
        .count();
    assert_eq!(added_flow, 1, "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("- flow \"App store listing → App onboarding\""))
    );

    // JSON: the api's FileDiff as it is.
    let found: Value = serde_json::from_str(&ok(&["diff", b, o, "--json"])).unwrap();
    assert_eq!(found["same_project"], true);
    let changes = found["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2, "{found:#}");
    assert_eq!(changes[0]["item"]["kind"], "card");
    assert_eq!(changes[0]["item"]["id"], payment);
    assert_eq!(changes[0]["change"]["kind"], "changed");
    assert_eq!(
        changes[0]["change"]["fields"],
        json!([{"field": "title", "old": "Card payment", "new": "Pay by card"}])
    );
    assert_eq!(changes[1]["item"]["id"], idea);
    assert_eq!(changes[1]["change"]["kind"], "added");
    assert_eq!(changes[1]["change"]["fields"]["title"], "New idea");
    assert_eq!(found["datasets"], json!({"added": [], "removed": []}));

    let found: Value = serde_json::from_str(&ok(&["diff", b, t, "--json"])).unwrap();
    let moved = found["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["item"]["id"] == postcode)
        .unwrap();
    assert_eq!(moved["change"]["moved"]["to"]["after"], Value::Null);
    assert_eq!(moved["change"]["moved"]["from"]["after"], "Sign-up form");

    // A version saved on one side is listed; a file against itself has no differences.
    ok(&["version", t, "Workshop"]);
    assert!(ok(&["diff", b, t]).ends_with("+ version \"Workshop\" added\n"));
    assert_eq!(
        ok(&["diff", b, b]),
        format!("{b} and {b} are copies of one project.\nNo differences.\n")
    );
    let other = dir.path().join("other.waymark");
    ok(&["new", s(&other)]);
    let text = ok(&["diff", b, s(&other)]);
    assert!(
        text.starts_with(&format!("{b} and {} are different projects.\n", s(&other))),
        "{text}"
    );
}

#[test]
fn a_clean_merge_holds_both_copies_edits_and_one_more_history_entry() {
    let dir = tempfile::tempdir().unwrap();
    let (_, ours, theirs) = two_copies(dir.path());
    let out = dir.path().join("merged.waymark");
    let output = waymark(&["merge", s(&ours), s(&theirs), "-o", s(&out)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert_eq!(
        text,
        format!(
            "Merged theirs.waymark into a copy of ours.waymark: {}.\n\
             The copies share no history entries, only the project as created. Since then ours.waymark made 2 \
             history entries (2 items changed), theirs.waymark made 4 history entries (6 items changed).\n\
             Taken: every change of both sides; theirs.waymark's 4 history entries are kept in {}'s history \
             with the merge.\n\
             No conflicts.\n",
            s(&out),
            s(&out)
        )
    );

    let shown = ok(&["show", s(&out)]);
    for expected in ["Pay by card", "New idea", "Postcode check"] {
        assert!(
            shown.contains(expected),
            "missing {expected:?} in:\n{shown}"
        );
    }
    for gone in ["Card payment (", "App onboarding"] {
        assert!(!shown.contains(gone), "{gone:?} is still in:\n{shown}");
    }
    assert_eq!(card(&out, "Sign-up form")["description"], SIGN_UP_NOTE);
    let web: Vec<Value> = show_json(&out)["journeys"][0]["cards"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["title"] == "Postcode check" || c["title"] == "Sign-up form")
        .cloned()
        .collect();
    assert_eq!(web[0]["title"], "Postcode check", "moved first in its cell");
    let checked = waymark(&["check", s(&out)]);
    assert!(
        matches!(checked.status.code(), Some(0 | 1)),
        "{}",
        stderr(&checked)
    );

    let (before, after) = (history(&ours), history(&out));
    assert_eq!(after.len(), before.len() + 1);
    let newest = after[0]["description"].as_str().unwrap();
    assert!(newest.starts_with("merge theirs.waymark"), "{newest}");
    assert_eq!(after[1..], before[..]);
    // The inputs are as they were.
    assert!(ok(&["show", s(&ours)]).contains("App onboarding"));

    let json_out = dir.path().join("merged-again.waymark");
    let report: Value = serde_json::from_str(&ok(&[
        "merge",
        s(&ours),
        s(&theirs),
        "-o",
        s(&json_out),
        "--json",
    ]))
    .unwrap();
    assert_eq!(report["shared_entry"], 0);
    assert_eq!(report["ours_entries"], 2);
    assert_eq!(report["theirs_entries"], 4);
    assert_eq!(report["conflicts"], json!([]));
    assert_eq!(report["out"], s(&json_out));
    assert_eq!(
        ok(&["diff", s(&out), s(&json_out)]).lines().last(),
        Some("No differences.")
    );
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
}

#[test]
fn a_conflicting_merge_exits_1_lists_the_conflict_and_holds_ours() {
    let dir = tempfile::tempdir().unwrap();
    let base = sample(dir.path(), "base.waymark");
    let ours = copy(&base, "ours.waymark");
    let theirs = copy(&base, "theirs.waymark");
    update_card(&ours, "Sign-up form", "title", "Register");
    update_card(&theirs, "Sign-up form", "title", "Join");
    // And one change that merges cleanly beside it.
    update_card(&theirs, "Card payment", "title", "Pay by card");
    let id = id_of(&base, "Sign-up form");

    let out = dir.path().join("merged.waymark");
    let output = waymark(&["merge", s(&ours), s(&theirs), "-o", s(&out)]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    let text = stdout(&output);
    assert!(text.contains("except the conflict below"), "{text}");
    assert!(
        text.contains(&format!(
            "1 conflict: {} holds ours for it until resolved.\n  card \"Register\" ({id}) title, changed on both \
             sides: base \"Sign-up form\" / ours \"Register\" / theirs \"Join\"\n",
            s(&out)
        )),
        "{text}"
    );
    let shown = ok(&["show", s(&out)]);
    assert!(
        shown.contains("Register") && !shown.contains("Join"),
        "{shown}"
    );
    assert!(shown.contains("Pay by card"), "{shown}");

    let json_out = dir.path().join("merged.json.waymark");
    let output = waymark(&["merge", s(&ours), s(&theirs), "-o", s(&json_out), "--json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let conflicts = report["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0]["field"], "title");
    assert_eq!(conflicts[0]["reason"], "both_changed");
    assert_eq!(
        [
            &conflicts[0]["base"],
            &conflicts[0]["ours"],
            &conflicts[0]["theirs"]
        ],
        [&json!("Sign-up form"), &json!("Register"), &json!("Join")]
    );
    // The file keeps the conflict for later.
    let kept = waymark_store::Store::open(&out, "cli-test")
        .unwrap()
        .conflicts()
        .unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].conflict.theirs, Some(json!("Join")));
}

#[test]
fn conflicts_lists_what_is_open_and_settle_takes_a_choice_that_undo_reverts() {
    let dir = tempfile::tempdir().unwrap();
    let base = sample(dir.path(), "base.waymark");
    let ours = copy(&base, "ours.waymark");
    let theirs = copy(&base, "theirs.waymark");
    update_card(&ours, "Sign-up form", "title", "Register");
    update_card(&theirs, "Sign-up form", "title", "Join");
    update_card(&ours, "Card payment", "description", "Ours only");
    update_card(&theirs, "Card payment", "description", "Theirs only");
    let out = dir.path().join("merged.waymark");
    assert_eq!(
        waymark(&["merge", s(&ours), s(&theirs), "-o", s(&out)])
            .status
            .code(),
        Some(1)
    );
    let review: Value = serde_json::from_str(&ok(&["conflicts", s(&out), "--json"])).unwrap();
    let open = review["conflicts"].as_array().unwrap();
    assert_eq!(open.len(), 2, "{review}");
    let number_of = |field: &str| {
        open.iter()
            .find(|c| c["conflict"]["field"] == field)
            .unwrap()["number"]
            .as_i64()
            .unwrap()
    };
    let (title, description) = (number_of("title"), number_of("description"));
    assert_eq!(review["merges"][0]["theirs_name"], "theirs.waymark");
    let text = ok(&["conflicts", s(&out)]);
    assert!(
        text.contains("Merge #")
            && text.contains(&format!("#{title} card \"Register\""))
            && text.contains("[mine|theirs|edit]"),
        "{text}"
    );

    let said = ok(&["settle", s(&out), &title.to_string(), "theirs"]);
    assert!(said.contains("1 still open"), "{said}");
    assert_eq!(card(&out, "Join")["title"], "Join");
    ok(&[
        "settle",
        s(&out),
        &description.to_string(),
        "edit",
        "--value",
        "Both, reworded",
    ]);
    assert_eq!(card(&out, "Card payment")["description"], "Both, reworded");
    assert!(ok(&["conflicts", s(&out)]).contains("no open merge conflicts"));
    // Undo reopens the last settling; an unknown number is one sentence and changes nothing.
    ok(&["undo", s(&out)]);
    assert_eq!(card(&out, "Card payment")["description"], "Ours only");
    let review: Value = serde_json::from_str(&ok(&["conflicts", s(&out), "--json"])).unwrap();
    assert_eq!(review["conflicts"].as_array().unwrap().len(), 1);
    let bytes = std::fs::read(&out).unwrap();
    let output = waymark(&["settle", s(&out), "999", "mine"]);
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("no open merge conflict #999"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read(&out).unwrap(), bytes);
}

/// A refused merge: the exit code, one sentence on stderr, nothing on stdout, nothing written.
fn refused(args: &[&str], code: i32, says: &str, dir: &Path) {
    let listing = |dir: &Path| {
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let before = listing(dir);
    let output = waymark(args);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(code), "{args:?}: {message}");
    assert_eq!(stdout(&output), "", "{args:?}");
    assert!(
        message.starts_with("waymark: ") && message.ends_with('\n') && message.lines().count() == 1,
        "{args:?} should say one sentence, said {message:?}"
    );
    assert!(message.contains(says), "{args:?}: {message}");
    assert!(
        listing(dir) == before,
        "{args:?} changed the files in {}",
        dir.display()
    );
    assert_eq!(temporaries(dir), Vec::<String>::new());
}

#[test]
fn every_refused_merge_says_why_in_one_sentence_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_, ours, theirs) = two_copies(dir.path());
    let (o, t) = (s(&ours), s(&theirs));
    let out = dir.path().join("merged.waymark");
    let d = dir.path();

    refused(&["merge", o, o, "-o", s(&out)], 4, "are the same file", d);
    refused(&["merge", o, t, "-o", o], 4, "is an input of the merge", d);
    refused(&["merge", o, t, "-o", t], 4, "is an input of the merge", d);
    std::fs::write(&out, b"someone's work").unwrap();
    refused(&["merge", o, t, "-o", s(&out)], 4, "already exists", d);
    std::fs::remove_file(&out).unwrap();

    let other = dir.path().join("other.waymark");
    ok(&["new", s(&other), "--sample"]);
    refused(
        &["merge", o, s(&other), "-o", s(&out)],
        4,
        "are not copies of one project",
        d,
    );

    let damaged = dir.path().join("x.waymark");
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&damaged, noise).unwrap();
    refused(
        &["merge", o, s(&damaged), "-o", s(&out)],
        3,
        "is not a Waymark project",
        d,
    );
    refused(
        &["merge", s(&damaged), o, "-o", s(&out)],
        3,
        "is not a Waymark project",
        d,
    );
    refused(&["diff", o, s(&damaged)], 3, "is not a Waymark project", d);

    // A copy saved by a newer Waymark: its schema version (the header's user_version, bytes 60..64) is ahead.
    let newer = copy(&theirs, "newer.waymark");
    let mut bytes = std::fs::read(&newer).unwrap();
    bytes[60..64].copy_from_slice(&99u32.to_be_bytes());
    std::fs::write(&newer, bytes).unwrap();
    refused(
        &["merge", o, s(&newer), "-o", s(&out)],
        3,
        "was saved by a newer Waymark",
        d,
    );
    refused(
        &["diff", s(&newer), o],
        3,
        "was saved by a newer Waymark",
        d,
    );

    // The destination's folder does not exist: a file error, and no temporary file anywhere.
    let nowhere = dir.path().join("missing").join("merged.waymark");
    refused(&["merge", o, t, "-o", s(&nowhere)], 3, "merged.waymark", d);
}

/// A merge killed at moments spread over how long one takes leaves either no destination or a whole project
/// (never a part of one); the merges that finish give the same project every time.
#[test]
fn a_merge_killed_midway_leaves_no_destination_or_a_whole_one() {
    let dir = tempfile::tempdir().unwrap();
    let (_, ours, theirs) = two_copies(dir.path());
    let merge = |out: &Path| {
        Command::new(env!("CARGO_BIN_EXE_waymark"))
            .args(["merge", s(&ours), s(&theirs), "-o", s(out)])
            .env("WAYMARK_AUTHOR", "cli-test")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let reference = dir.path().join("reference.waymark");
    let started = Instant::now();
    assert!(merge(&reference).wait().unwrap().success());
    let takes = started.elapsed();
    let (mut absent, mut whole) = (0, 0);
    for i in 0..12u32 {
        let out = dir.path().join(format!("killed-{i}.waymark"));
        let mut child = merge(&out);
        std::thread::sleep(takes.mul_f64(f64::from(i) / 10.0));
        let _ = child.kill();
        let _ = child.wait();
        if out.exists() {
            whole += 1;
            let text = ok(&["diff", s(&reference), s(&out)]);
            assert!(text.ends_with("No differences.\n"), "{text}");
            let newest = history(&out)[0]["description"].as_str().unwrap().to_owned();
            assert!(newest.starts_with("merge theirs.waymark"), "{newest}");
        } else {
            absent += 1;
        }
        // What a killed merge was writing is only ever its own temporary file, never the destination.
        for temporary in temporaries(dir.path()) {
            assert!(
                temporary.starts_with(&format!(".killed-{i}.waymark.")),
                "{temporary}"
            );
            std::fs::remove_file(dir.path().join(temporary)).unwrap();
        }
    }
    eprintln!(
        "killed merges: {absent} left no destination, {whole} had finished ({takes:?} a merge)"
    );
    assert!(takes < Duration::from_secs(60));
}
