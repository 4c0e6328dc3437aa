//! Mermaid journeys as people write them: YAML front matter and `%%{init: …}%%` directives the way Mermaid's
//! documentation shows them (docs/config/configuration.md, docs/config/directives.md, the syntax reference's
//! "Frontmatter for diagram code"), long and multi-line titles and sections, tasks with many actors, and the two
//! real KubeDash diagrams in ../shared/fixtures/mermaid (read from there). Every expected name, section, task,
//! score and actor is written here from the diagram's text. Each accepted diagram and its export are also read by
//! the real `mermaid` package (ui/tests/mermaid-parse.mjs), which must see the same title and sections.

use std::path::{Path, PathBuf};
use waymark_core::model::{CardKind, LaneKind};
use waymark_core::{CardFields, CardId, Command, JourneyId, LaneId, Project, StageId};
use waymark_render::interchange::mermaid;
use waymark_render::{ImportError, import_map};

fn shared(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/mermaid")
        .join(name)
}

/// Imports Mermaid text into `project` as one step; returns the new journey.
fn import(project: &mut Project, text: &str) -> Result<JourneyId, ImportError> {
    let imported = import_map(project, "diagram.mmd", text.as_bytes())?;
    let journey = imported.journey.expect("an import makes a journey");
    project
        .apply(&imported.command("diagram.mmd"))
        .expect("imported commands apply");
    Ok(journey)
}

/// A task as written: its name, score and actors.
type Task = (&'static str, u8, &'static [&'static str]);

/// A stage's name and its cards' titles and tags.
type Stage = (String, Vec<(String, Vec<String>)>);

/// Stages and their cards as a Mermaid import makes them from `(section, tasks)`.
fn expected(sections: &[(&str, &[Task])]) -> Vec<Stage> {
    sections
        .iter()
        .map(|(name, tasks)| {
            let cards = tasks
                .iter()
                .map(|(task, score, actors)| {
                    let tags = std::iter::once(format!("score {score}"))
                        .chain(actors.iter().map(|a| a.to_string()))
                        .collect();
                    (task.to_string(), tags)
                })
                .collect();
            (name.to_string(), cards)
        })
        .collect()
}

/// Stages and their cards (title, tags) of a journey.
fn stages_of(project: &Project, journey: JourneyId) -> Vec<Stage> {
    let journey = project.journey(journey).unwrap();
    journey
        .stages()
        .iter()
        .map(|stage| {
            let cards = journey
                .cards_in_order()
                .filter(|c| c.cell.stage == stage.id)
                .map(|c| (c.fields.title.clone(), c.fields.tags.clone()))
                .collect();
            (stage.name.clone(), cards)
        })
        .collect()
}

#[derive(serde::Deserialize, Debug)]
struct MermaidRead {
    title: Option<String>,
    sections: Option<Vec<String>>,
    tasks: Option<Vec<MermaidTask>>,
    error: Option<String>,
}

#[derive(serde::Deserialize, Debug)]
struct MermaidTask {
    task: String,
}

/// What the real `mermaid` package reads from each text, in one run of Node.
fn mermaid_reads(texts: &[String]) -> Vec<MermaidRead> {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let file = dir.path().join(format!("{i}.mmd"));
            std::fs::write(&file, text).unwrap();
            file
        })
        .collect();
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui");
    let output = std::process::Command::new("node")
        .current_dir(&ui)
        .arg("tests/mermaid-parse.mjs")
        .args(&files)
        .output()
        .expect("node runs (install Node.js and `npm ci` in ui/)");
    let reads: Vec<MermaidRead> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(
        reads.len(),
        texts.len(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    reads
}

/// Mermaid reads `text` (a diagram as written, or an export) with this title and these sections.
fn assert_mermaid_reads(texts: &[(String, &str, Vec<String>)]) {
    let reads = mermaid_reads(&texts.iter().map(|t| t.0.clone()).collect::<Vec<_>>());
    for ((text, title, sections), read) in texts.iter().zip(reads) {
        assert_eq!(read.error, None, "mermaid refused:\n{text}");
        assert_eq!(read.title.as_deref(), Some(*title), "title of:\n{text}");
        assert_eq!(
            read.sections.as_ref(),
            Some(sections),
            "sections of:\n{text}"
        );
    }
}

/// Mermaid's own front matter example (the syntax reference's, with a journey in place of its gantt chart):
/// `title`, `displayMode`, `config`, and a key Mermaid does not know.
const DOCS_FRONT_MATTER: &str = "---
title: Frontmatter Example
displayMode: compact
config:
  theme: forest
gantt:
    useWidth: 400
    compact: true
---
journey
    section Waffle
        Iron: 4: Me
        House: 2: Me, You
";

/// The configuration page's example: nested `config`, a quoted colour holding `#`; the journey indented with tabs.
const DOCS_CONFIG: &str = "---
title: Hello Title
config:
  theme: base
  themeVariables:
    primaryColor: \"#00ff00\"
---
journey
\tsection Hello
\t\tWorld: 5: Me
";

/// The directives page's forms: single-line with single quotes before `journey`, `initialize`, one between
/// sections, `%%{wrap}%%` at the end of a `section` line, the multi-line form at the end.
const DOCS_DIRECTIVES: &str = "%%{init: { 'logLevel': 'debug', 'theme': 'dark' } }%%
journey
  title Directives everywhere
  section One
    A: 5: Me
%%{init: { \"theme\": \"forest\" } }%%
%%{initialize: { 'logLevel': 'fatal', \"theme\":'dark', 'startOnLoad': true } }%%
  section Two %%{wrap}%%
    B: 3: Me
%%{
  init: {
    \"theme\": \"dark\",
    \"fontFamily\": \"monospace\",
    \"logLevel\": \"info\",
    \"sequence\": {
      \"mirrorActors\": true
    }
  }
}%%
";

#[test]
fn front_matter_written_as_mermaids_docs_show_it_names_the_journey_and_config_is_ignored() {
    let mut project = Project::new();
    let id = import(&mut project, DOCS_FRONT_MATTER).unwrap();
    assert_eq!(project.journey(id).unwrap().name(), "Frontmatter Example");
    assert_eq!(
        stages_of(&project, id),
        expected(&[(
            "Waffle",
            &[("Iron", 4, &["Me"]), ("House", 2, &["Me", "You"])]
        )])
    );

    let id = import(&mut project, DOCS_CONFIG).unwrap();
    assert_eq!(project.journey(id).unwrap().name(), "Hello Title");
    assert_eq!(
        stages_of(&project, id),
        expected(&[("Hello", &[("World", 5, &["Me"])])])
    );

    // A `title` statement after the front matter wins, as in Mermaid.
    let both = "---\ntitle: From the front matter\n---\njourney\ntitle From the statement\nsection A\n  T: 3\n";
    let id = import(&mut project, both).unwrap();
    assert_eq!(project.journey(id).unwrap().name(), "From the statement");

    // Front matter without a title, or with an empty one: the file's name, as before.
    for text in [
        "---\nconfig:\n  theme: dark\n---\njourney\nsection A\n  T: 3\n",
        "---\ntitle: \"\"\n---\njourney\nsection A\n  T: 3\n",
        "---\n# only a comment\n---\njourney\nsection A\n  T: 3\n",
    ] {
        let id = import(&mut project, text).unwrap();
        assert_eq!(project.journey(id).unwrap().name(), "diagram", "{text}");
    }

    // The `---` lines may be indented, as long as both are alike; CRLF line ends too.
    let indented = "  ---\r\n  title: Indented\r\n  config:\r\n    theme: dark\r\n  ---\r\njourney\r\nsection A\r\n  T: 3\r\n";
    let id = import(&mut project, indented).unwrap();
    assert_eq!(project.journey(id).unwrap().name(), "Indented");

    assert_mermaid_reads(&[
        (
            DOCS_FRONT_MATTER.into(),
            "Frontmatter Example",
            vec!["Waffle".into()],
        ),
        (DOCS_CONFIG.into(), "Hello Title", vec!["Hello".into()]),
        (both.into(), "From the statement", vec!["A".into()]),
        (indented.into(), "Indented", vec!["A".into()]),
    ]);
}

#[test]
fn init_directives_before_journey_between_sections_and_at_the_end_are_passed_over() {
    let mut project = Project::new();
    let id = import(&mut project, DOCS_DIRECTIVES).unwrap();
    assert_eq!(project.journey(id).unwrap().name(), "Directives everywhere");
    assert_eq!(
        stages_of(&project, id),
        expected(&[("One", &[("A", 5, &["Me"])]), ("Two", &[("B", 3, &["Me"])])])
    );
    // Both together, and a comment line right after a statement (which once looped forever).
    let together = format!(
        "---\ntitle: Front matter and directives\n---\n%%{{init: {{\"theme\": \"dark\"}}}}%%\njourney\n%% a comment\n{}",
        "section A\n%%{init: {\"theme\": \"dark\"}}%%\n  T: 3: Me\n%%{init: {\"theme\": \"dark\"}}%%"
    );
    let id = import(&mut project, &together).unwrap();
    assert_eq!(
        project.journey(id).unwrap().name(),
        "Front matter and directives"
    );
    assert_eq!(
        stages_of(&project, id),
        expected(&[("A", &[("T", 3, &["Me"])])])
    );
    // Line numbers after a multi-line directive still name the file's line.
    let text =
        "%%{\n  init: {\n    \"theme\": \"dark\"\n  }\n}%%\njourney\nsection A\n  No score here\n";
    let error = import_map(&project, "d.mmd", text.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("line 8: the task \"No score here\""),
        "{error}"
    );

    assert_mermaid_reads(&[
        // Mermaid keeps the space the `%%{wrap}%%` left at the end of the section (Waymark trims it).
        (
            DOCS_DIRECTIVES.into(),
            "Directives everywhere",
            vec!["One".into(), "Two ".into()],
        ),
        (together, "Front matter and directives", vec!["A".into()]),
    ]);
}

#[test]
fn long_and_multi_line_titles_and_sections_and_many_actors_import_whole() {
    let mut project = Project::new();
    // A YAML literal block keeps its line break and what the `title` statement cannot hold (`:`, `;`, `#`).
    let literal = "---\ntitle: |\n  Ordering groceries:\n  the whole week; #2\n---\njourney\nsection Order\n  Pick: 4: Me\n";
    let id = import(&mut project, literal).unwrap();
    assert_eq!(
        project.journey(id).unwrap().name(),
        "Ordering groceries:\nthe whole week; #2"
    );
    // A folded block joins its lines with spaces.
    let folded = "---\ntitle: >-\n  A title folded\n  over three\n  lines\n---\njourney\nsection A\n  T: 3\n";
    let id = import(&mut project, folded).unwrap();
    assert_eq!(
        project.journey(id).unwrap().name(),
        "A title folded over three lines"
    );

    // A long title statement is whole up to a name's 200 characters, then cut there (and trimmed).
    let long_title = "A title with a colon: it goes on and on ".repeat(4); // 160 characters
    let text = format!("journey\ntitle {long_title}\nsection A\n  T: 3\n");
    let id = import(&mut project, &text).unwrap();
    assert_eq!(project.journey(id).unwrap().name(), long_title.trim_end());
    let text = format!("journey\ntitle {}\nsection A\n  T: 3\n", "word ".repeat(50));
    let id = import(&mut project, &text).unwrap();
    assert_eq!(project.journey(id).unwrap().name(), ["word"; 40].join(" "));

    // Sections: a long one whole; `<br>` in any of Mermaid's spellings is a line break (Mermaid draws one).
    let long_section = "Comparing prices across three shops and two apps ".repeat(3); // 150 characters
    let text = format!(
        "journey\ntitle Sections\nsection {long_section}\n  T: 3\nsection Line1<br>Line2<BR/>Line3<br />Line4\n  Two<br>lines: 2\n"
    );
    let id = import(&mut project, &text).unwrap();
    assert_eq!(
        stages_of(&project, id),
        expected(&[
            (long_section.trim_end(), &[("T", 3, &[])]),
            ("Line1\nLine2\nLine3\nLine4", &[("Two\nlines", 2, &[])]),
        ])
    );

    // Twelve actors on one task: twelve personas, each on the card; an actor's name past 200 characters is cut
    // the same way for the persona and the card.
    let long_actor = "Grandmother ".repeat(20); // 240 characters
    let text = format!(
        "journey\ntitle Family shopping\nsection Shop\n  Choose the food: 4: Ann, Bob, Cara, Dev, Eve, Finn, Gus, Hana, Ivo, Jo, Kim, Lea\n  Pay: 2: Ann\n  Carry: 3: {long_actor}\n"
    );
    let mut family = Project::new();
    let id = import(&mut family, &text).unwrap();
    let cut = "Grandmother ".repeat(16) + "Grandmot"; // 16 × 12 + 8 = 200 characters
    assert_eq!(cut.chars().count(), 200);
    let twelve = [
        "Ann", "Bob", "Cara", "Dev", "Eve", "Finn", "Gus", "Hana", "Ivo", "Jo", "Kim", "Lea",
    ];
    assert_eq!(
        stages_of(&family, id),
        vec![(
            "Shop".to_owned(),
            vec![
                (
                    "Choose the food".to_owned(),
                    std::iter::once("score 4")
                        .chain(twelve)
                        .map(String::from)
                        .collect()
                ),
                ("Pay".to_owned(), vec!["score 2".into(), "Ann".into()]),
                ("Carry".to_owned(), vec!["score 3".into(), cut.clone()]),
            ]
        )]
    );
    let names: Vec<&str> = family.personas().iter().map(|p| p.name.as_str()).collect();
    let mut all: Vec<&str> = twelve.to_vec();
    all.push(&cut);
    assert_eq!(names, all);
    let journey = family.journey(id).unwrap();
    let shop = journey.stages()[0].id;
    // Ann: (4 + 2) / 2 = 3 → 0; the other eleven: 4 → +1.
    assert_eq!(journey.emotion(family.personas()[0].id, shop), Some(0));
    assert_eq!(journey.emotion(family.personas()[11].id, shop), Some(1));

    assert_mermaid_reads(&[
        (
            literal.into(),
            "Ordering groceries:\nthe whole week; #2\n",
            vec!["Order".into()],
        ),
        (
            folded.into(),
            "A title folded over three lines",
            vec!["A".into()],
        ),
    ]);
}

#[test]
fn the_kubedash_diagrams_with_an_init_directive_import_with_title_sections_and_tasks() {
    let mut project = Project::new();
    let text = std::fs::read_to_string(shared("30-kubedash-init-directive-1.mmd")).unwrap();
    let id = import(&mut project, &text).unwrap();
    assert_eq!(
        project.journey(id).unwrap().name(),
        "Debugging a Production Issue"
    );
    assert_eq!(
        stages_of(&project, id),
        expected(&[
            (
                "Discovery",
                &[
                    ("Receive alert", 3, &["Dana"]),
                    ("Open KubeDash", 5, &["Dana"]),
                    ("Navigate to Workloads", 5, &["Dana"]),
                ]
            ),
            (
                "Investigation",
                &[
                    ("Select namespace", 5, &["Dana"]),
                    ("View pod list", 5, &["Dana"]),
                    ("Identify failing pod", 4, &["Dana"]),
                    ("View pod details", 5, &["Dana"]),
                ]
            ),
            (
                "Diagnosis",
                &[
                    ("Stream pod logs", 5, &["Dana"]),
                    ("Find error message", 5, &["Dana"]),
                    ("Open pod exec", 4, &["Dana"]),
                    ("Run diagnostic commands", 4, &["Dana"]),
                ]
            ),
            (
                "Resolution",
                &[
                    ("Identify root cause", 5, &["Dana"]),
                    ("Scale deployment", 5, &["Dana"]),
                    ("Verify fix", 5, &["Dana"]),
                ]
            ),
        ])
    );
    assert_eq!(
        project.journey(id).unwrap().flow_count(),
        13,
        "14 tasks in a row"
    );

    let text = std::fs::read_to_string(shared("31-kubedash-init-directive-2.mmd")).unwrap();
    let id = import(&mut project, &text).unwrap();
    assert_eq!(
        project.journey(id).unwrap().name(),
        "Onboarding a New Team Member"
    );
    assert_eq!(
        stages_of(&project, id),
        expected(&[
            (
                "Admin Setup",
                &[
                    ("Create user account", 5, &["Pat"]),
                    ("Assign role", 5, &["Pat"]),
                    ("Configure RBAC", 4, &["Pat"]),
                ]
            ),
            (
                "User First Login",
                &[
                    ("User receives credentials", 5, &["Dana"]),
                    ("Login to KubeDash", 5, &["Dana"]),
                    ("Change password", 5, &["Dana"]),
                ]
            ),
            (
                "Exploration",
                &[
                    ("View dashboard", 5, &["Dana"]),
                    ("Browse namespaces", 5, &["Dana"]),
                    ("View team resources", 5, &["Dana"]),
                ]
            ),
            (
                "Productivity",
                &[
                    ("Deploy first app", 4, &["Dana"]),
                    ("View logs", 5, &["Dana"]),
                    ("Collaborate with team", 5, &["Dana"]),
                ]
            ),
        ])
    );
    // Dana from the first diagram, Pat new.
    let names: Vec<&str> = project.personas().iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Dana", "Pat"]);
    let journey = project.journey(id).unwrap();
    // Pat at Admin Setup: (5 + 5 + 4) / 3 = 4.67 → +2 (rounded from 1.67).
    assert_eq!(
        journey.emotion(project.personas()[1].id, journey.stages()[0].id),
        Some(2)
    );
}

/// A journey named `name`, with one stage of one touchpoint card.
fn journey_named(project: &mut Project, name: &str, stage_name: &str) -> JourneyId {
    let journey = JourneyId::new();
    let stage = StageId::new();
    let lane = LaneId::new();
    let commands = vec![
        Command::AddJourney {
            journey,
            name: name.into(),
            index: project.journeys().len(),
        },
        Command::AddStage {
            journey,
            stage,
            name: stage_name.into(),
            index: 0,
        },
        Command::AddLane {
            journey,
            lane,
            name: "Web".into(),
            kind: LaneKind::Touchpoints,
            index: 0,
        },
        Command::AddCard {
            journey,
            card: CardId::new(),
            stage,
            lane,
            index: None,
            fields: CardFields::titled("Two\nlines", CardKind::Touchpoint),
        },
    ];
    project
        .apply(&Command::Batch {
            label: "test".into(),
            commands,
        })
        .unwrap();
    journey
}

#[test]
fn a_name_the_title_statement_cannot_hold_is_exported_as_front_matter_and_imported_the_same() {
    // `#` and `;` end a title statement, a line break ends the line, `%%` could start a comment or a directive,
    // runs of spaces collapse; controls are not even YAML text unless escaped.
    let names = [
        "Checkout: pay; then #win",
        "Line one\nLine two",
        "%% not a comment",
        "Plan %%{init: {\"theme\": \"dark\"}}%% B",
        "Tab\there, \"quotes\", a \\ backslash and  two spaces",
        "Delete \u{7f}, next line \u{85}, separator \u{2028} and BOM \u{feff}",
    ];
    let mut project = Project::new();
    let mut exported = Vec::new();
    for name in names {
        let id = journey_named(&mut project, name, "Stage one\nand two");
        let text = mermaid::export(&project, project.journey(id).unwrap());
        assert!(text.starts_with("---\ntitle: \""), "{text}");
        assert!(!text.contains("\n    title "), "{text}");
        let again = import(&mut project, &text).unwrap();
        let journey = project.journey(again).unwrap();
        assert_eq!(journey.name(), name, "{text}");
        assert_eq!(journey.stages()[0].name, "Stage one\nand two");
        assert_eq!(
            journey.cards_in_order().next().unwrap().fields.title,
            "Two\nlines"
        );
        exported.push((text, name, vec!["Stage one<br>and two".to_owned()]));
    }
    // A name the statement holds stays a statement.
    for name in ["Plain name (v2), 100% sure", "---"] {
        let id = journey_named(&mut project, name, "S");
        let text = mermaid::export(&project, project.journey(id).unwrap());
        assert!(
            text.starts_with(&format!("journey\n    title {name}\n")),
            "{text}"
        );
        let again = import(&mut project, &text).unwrap();
        assert_eq!(project.journey(again).unwrap().name(), name);
        exported.push((text, name, vec!["S".to_owned()]));
    }

    // Mermaid reads each title, from the front matter or the statement; its sanitiser keeps these characters.
    assert_mermaid_reads(
        &exported
            .iter()
            .map(|(text, name, sections)| (text.clone(), *name, sections.clone()))
            .collect::<Vec<_>>(),
    );
}

#[test]
fn every_accepted_diagram_exports_to_text_mermaid_reads_with_its_title() {
    let kubedash = std::fs::read_to_string(shared("30-kubedash-init-directive-1.mmd")).unwrap();
    let mut project = Project::new();
    let mut exported = Vec::new();
    for text in [DOCS_FRONT_MATTER, DOCS_CONFIG, DOCS_DIRECTIVES, &kubedash] {
        let id = import(&mut project, text).unwrap();
        let journey = project.journey(id).unwrap();
        let sections: Vec<String> = journey.stages().iter().map(|s| s.name.clone()).collect();
        let tasks: Vec<String> = journey
            .cards_in_order()
            .map(|c| c.fields.title.clone())
            .collect();
        exported.push((
            mermaid::export(&project, journey),
            journey.name().to_owned(),
            sections,
            tasks,
        ));
    }
    let reads = mermaid_reads(&exported.iter().map(|e| e.0.clone()).collect::<Vec<_>>());
    for ((text, name, sections, tasks), read) in exported.iter().zip(reads) {
        assert_eq!(read.error, None, "mermaid refused:\n{text}");
        assert_eq!(read.title.as_ref(), Some(name), "{text}");
        assert_eq!(read.sections.as_ref(), Some(sections), "{text}");
        let read_tasks: Option<Vec<String>> =
            read.tasks.map(|t| t.into_iter().map(|t| t.task).collect());
        assert_eq!(read_tasks.as_ref(), Some(tasks), "{text}");
    }
}

#[test]
fn bad_front_matter_and_directives_are_refused_with_their_line() {
    let project = Project::new();
    let bomb = "---
a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
---
journey
section A
  T: 3
";
    // The same growth through complex mapping keys, which a loader may count as one value each.
    let key_bomb = "---
a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b
  ? [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
  : 1
c: &c
  ? [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
  : 1
d: &d
  ? [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
  : 1
e: &e
  ? [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
  : 1
---
journey
section A
  T: 3
";
    let long_lines = format!("---\n{}---\njourney\n", "# a comment\n".repeat(1001));
    let long_bytes = format!("---\ntitle: {}\n---\njourney\n", "x".repeat(70_000));
    let deep = format!(
        "---\ntitle: {}{}\n---\njourney\n",
        "[".repeat(70),
        "]".repeat(70)
    );
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "never closed",
            "---\ntitle: Lost\njourney\nsection A\n  T: 5: Me\n".into(),
            "line 1: the front matter that starts here is never closed by a `---` line",
        ),
        (
            "invalid YAML",
            "---\ntitle: Fine\nconfig: theme: dark\n---\njourney\n".into(),
            "line 3: the front matter is not valid YAML (",
        ),
        (
            "a key twice",
            "---\ntitle: One\nconfig:\n  theme: dark\ntitle: Two\n---\njourney\n".into(),
            "line 5: the front matter is not valid YAML (",
        ),
        (
            "too many lines",
            long_lines,
            "line 1: the front matter is 1001 lines long, more than the 1000 it may have",
        ),
        (
            "too many bytes",
            long_bytes,
            "line 1: the front matter is 70007 bytes long, more than the 65536 it may have",
        ),
        (
            "an alias bomb",
            bomb.into(),
            // a 10, b 91, c 820, d 7381, e 66430 values with the root map and the keys: 74738 by e's end;
            // f's first *e takes it past 100000.
            "line 7: the front matter's aliases make it more than 100000 values",
        ),
        (
            "an alias bomb in keys",
            key_bomb.into(),
            // a 11, b 113, c 1133, d 11333 with keys: 12595 by d's end; e's key list passes 100000 at its
            // ninth *d.
            "line 13: the front matter's aliases make it more than 100000 values",
        ),
        (
            "nested too deep",
            deep,
            "line 2: the front matter nests lists and maps more than 64 deep",
        ),
        (
            "not on the first line",
            "\n---\ntitle: Late\n---\njourney\n".into(),
            "line 2: front matter (`---` … `---`) must start on the first line",
        ),
        (
            "nothing after it",
            "---\ntitle: Alone\n---\n".into(),
            "line 3: a Mermaid journey starts with `journey`, and none follows the front matter",
        ),
        (
            "a directive never closed",
            "journey\nsection A\n%%{init: {\"theme\": \"dark\"}\n  T: 3\n".into(),
            "line 3: the directive `%%{init` is never closed by `}%%`",
        ),
    ];
    for (what, text, reason) in cases {
        let error = import_map(&project, "diagram.mmd", text.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("it is not a Mermaid journey: ") && error.contains(reason),
            "{what}: {error}"
        );
        assert!(!error.contains('\n'), "{what}: one line: {error}");
    }
}
