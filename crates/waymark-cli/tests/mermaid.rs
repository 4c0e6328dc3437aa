//! `waymark import-map` and `waymark export` with Mermaid journeys as people write them: front matter and
//! `%%{init: …}%%` directives taken in, bad front matter refused in one sentence with its line and the project's
//! file left as it was, and a name only front matter can hold going out and coming back whole.

use std::path::{Path, PathBuf};

mod common;

use common::{stderr, stdout, waymark};

fn sample(dir: &Path) -> PathBuf {
    let path = dir.join("groceries.waymark");
    let output = waymark(&["new", path.to_str().unwrap(), "--sample"]);
    assert!(output.status.success(), "{}", stderr(&output));
    path
}

/// The journeys' names, in order.
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
fn front_matter_and_init_directives_import_with_their_title() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = file.to_str().unwrap();
    let map = dir.path().join("front.mmd");
    std::fs::write(
        &map,
        "---\ntitle: Weekly shop\ndisplayMode: compact\nconfig:\n  theme: forest\n---\n%%{init: {\"theme\": \"dark\"}}%%\njourney\n  section Plan\n    Write the list: 4: Me\n%%{init: {\"theme\": \"dark\"}}%%\n  section Shop\n    Pay: 2: Me, You\n",
    )
    .unwrap();
    let output = waymark(&["import-map", f, map.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let kubedash = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/mermaid/31-kubedash-init-directive-2.mmd");
    let output = waymark(&["import-map", f, kubedash.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        journey_names(f)[1..],
        ["Weekly shop", "Onboarding a New Team Member"]
    );
    let shown = stdout(&waymark(&["show", f]));
    for expected in [
        "Journey \"Weekly shop\"",
        "Write the list",
        "Configure RBAC",
    ] {
        assert!(
            shown.contains(expected),
            "missing {expected:?} in:\n{shown}"
        );
    }
}

#[test]
fn bad_front_matter_is_one_sentence_with_its_line_and_the_project_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = file.to_str().unwrap();
    let bomb = "---\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n---\njourney\n";
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "open.mmd",
            "---\ntitle: Lost\njourney\nsection A\n  T: 5: Me\n".into(),
            "line 1: the front matter that starts here is never closed by a `---` line.",
        ),
        (
            "invalid.mmd",
            "---\ntitle: Fine\nconfig: theme: dark\n---\njourney\n".into(),
            "line 3: the front matter is not valid YAML (",
        ),
        (
            "huge.mmd",
            format!("---\n{}---\njourney\n", "# a comment\n".repeat(1001)),
            "line 1: the front matter is 1001 lines long, more than the 1000 it may have.",
        ),
        (
            "bomb.mmd",
            bomb.into(),
            "line 7: the front matter's aliases make it more than 100000 values.",
        ),
    ];
    let before = std::fs::read(&file).unwrap();
    for (name, text, reason) in cases {
        let map = dir.path().join(name);
        std::fs::write(&map, text).unwrap();
        let output = waymark(&["import-map", f, map.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(4), "{name}: {}", stderr(&output));
        let message = stderr(&output);
        let sentence = format!(
            "{} was not imported: it is not a Mermaid journey: ",
            map.display()
        );
        assert!(
            message.contains(&sentence) && message.contains(reason),
            "{name}: {message}"
        );
        assert_eq!(message.trim_end().lines().count(), 1, "{name}: {message}");
        assert_eq!(
            std::fs::read(&file).unwrap(),
            before,
            "{name} changed the project"
        );
    }
}

#[test]
fn a_name_with_a_line_break_and_a_colon_goes_out_as_front_matter_and_comes_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let f = file.to_str().unwrap();
    let name = "Groceries: the weekly shop\nsecond line; #2";
    let first = journey_names(f)[0].clone();
    let output = waymark(&["rename-journey", f, &first, name]);
    assert!(output.status.success(), "{}", stderr(&output));
    let map = dir.path().join("map.mmd");
    let output = waymark(&["export", f, "-o", map.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(&map).unwrap();
    assert!(
        text.starts_with(
            "---\ntitle: \"Groceries: the weekly shop\\nsecond line; #2\"\n---\njourney\n"
        ),
        "{text}"
    );
    let output = waymark(&["import-map", f, map.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(journey_names(f), [name, name]);
}
