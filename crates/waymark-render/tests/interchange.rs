//! Mermaid, JSON Canvas, JSON and CSV, in and out: against Mermaid's own test diagrams, Mermaid's own parser (the
//! npm package, run in Node), Obsidian's sample canvas, and round trips.

use std::path::{Path, PathBuf};
use waymark_core::model::{CardKind, LaneKind};
use waymark_core::{
    CardFields, CardId, Command, Journey, JourneyId, LaneId, Project, StageId, sample,
};
use waymark_render::interchange::mermaid;
use waymark_render::{ExportOptions, Format, ImportError, export, import_map};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// Imports a map file into `project` and applies it as one step; returns the new journey.
fn import_into(project: &mut Project, name: &str, bytes: &[u8]) -> Result<JourneyId, ImportError> {
    let imported = import_map(project, name, bytes)?;
    let journey = imported.journey.expect("an import makes a journey");
    project
        .apply(&imported.command(name))
        .expect("imported commands apply");
    Ok(journey)
}

/// A section's name and its tasks: title and tags (score tag, then actors).
type SectionTasks = (String, Vec<(String, Vec<String>)>);

/// Sections and tasks of an imported journey.
fn tasks_of(project: &Project, journey: JourneyId) -> Vec<SectionTasks> {
    let journey = project.journey(journey).unwrap();
    journey
        .stages()
        .iter()
        .map(|stage| {
            let tasks = journey
                .cards_in_order()
                .filter(|c| c.cell.stage == stage.id)
                .map(|c| (c.fields.title.clone(), c.fields.tags.clone()))
                .collect();
            (stage.name.clone(), tasks)
        })
        .collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn every_mermaid_test_diagram_parses_as_mermaids_own_tests_expect() {
    let read = |name: &str| std::fs::read_to_string(fixture(&format!("mermaid/{name}"))).unwrap();
    let title = "Adding journey diagram functionality to mermaid";

    let d = mermaid::parse(&read("01-journey-should-handle-a-title-definition.mmd")).unwrap();
    assert_eq!((d.title.as_deref(), d.sections.len()), (Some(title), 0));

    let d = mermaid::parse(&read(
        "02-journey-should-handle-an-accessibility-description-accdescr.mmd",
    ))
    .unwrap();
    assert_eq!(
        d.acc_descr.as_deref(),
        Some("A user journey for family shopping")
    );
    assert_eq!(d.sections[0].name, "Order from website");

    let d = mermaid::parse(&read(
        "03-journey-should-handle-an-accessibility-multiline-description-accdescr.mmd",
    ))
    .unwrap();
    assert_eq!(
        d.acc_descr.as_deref(),
        Some("A user journey for\nfamily shopping")
    );
    assert_eq!(d.title.as_deref(), Some(title));
    assert_eq!(
        d.acc_title.as_deref(),
        Some("Adding acc journey diagram functionality to mermaid")
    );

    let d = mermaid::parse(&read(
        "04-journey-should-handle-an-accessibility-title-accdescr.mmd",
    ))
    .unwrap();
    assert_eq!(
        (d.acc_title.as_deref(), d.acc_descr.as_deref()),
        (Some("The title"), None)
    );

    let d = mermaid::parse(&read("05-journey-should-handle-a-section-definition.mmd")).unwrap();
    assert_eq!(d.sections.len(), 1);

    let d = mermaid::parse(&read(
        "06-journey-should-handle-multiline-section-titles-with-different-line-bre.mmd",
    ))
    .unwrap();
    assert_eq!(
        d.sections[0].name,
        "Line1<br>Line2<br/>Line3</br />Line4<br\t/>Line5"
    );

    let d = mermaid::parse(&read("07-journey-should-handle-a-task-definition.mmd")).unwrap();
    let tasks: Vec<(&str, &str, f64, Vec<String>)> = d
        .sections
        .iter()
        .flat_map(|s| {
            s.tasks
                .iter()
                .map(move |t| (s.name.as_str(), t.name.as_str(), t.score, t.actors.clone()))
        })
        .collect();
    assert_eq!(
        tasks,
        vec![
            (
                "Documentation",
                "A task",
                5.0,
                strings(&["Alice", "Bob", "Charlie"])
            ),
            ("Documentation", "B task", 3.0, strings(&["Bob", "Charlie"])),
            ("Documentation", "C task", 5.0, vec![]),
            (
                "Documentation",
                "D task",
                5.0,
                strings(&["Charlie", "Alice"])
            ),
            ("Documentation", "E task", 5.0, vec![]),
            ("Another section", "P task", 5.0, vec![]),
            ("Another section", "Q task", 5.0, vec![]),
            ("Another section", "R task", 5.0, vec![]),
        ]
    );
}

#[test]
fn the_mermaid_docs_example_imports_as_a_journey_with_personas_and_emotions() {
    let mut project = Project::new();
    let bytes = std::fs::read(fixture("mermaid/18-userjourney-doc-example-1.mmd")).unwrap();
    let id = import_into(&mut project, "day.mmd", &bytes).unwrap();
    let journey = project.journey(id).unwrap();
    assert_eq!(journey.name(), "My working day");
    assert_eq!(
        tasks_of(&project, id),
        vec![
            (
                "Go to work".to_owned(),
                vec![
                    ("Make tea".to_owned(), strings(&["score 5", "Me"])),
                    ("Go upstairs".to_owned(), strings(&["score 3", "Me"])),
                    ("Do work".to_owned(), strings(&["score 1", "Me", "Cat"])),
                ]
            ),
            (
                "Go home".to_owned(),
                vec![
                    ("Go downstairs".to_owned(), strings(&["score 5", "Me"])),
                    ("Sit down".to_owned(), strings(&["score 5", "Me"])),
                ]
            ),
        ]
    );
    let names: Vec<&str> = project.personas().iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Me", "Cat"]);
    let me = project.personas()[0].id;
    // Me: (5 + 3 + 1) / 3 = 3 → 0 at work; 5 → +2 at home.
    assert_eq!(journey.emotion(me, journey.stages()[0].id), Some(0));
    assert_eq!(journey.emotion(me, journey.stages()[1].id), Some(2));
    assert_eq!(journey.flow_count(), 4, "tasks joined in order");
    // Every fixture imports.
    for entry in std::fs::read_dir(fixture("mermaid")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        import_into(&mut project, &name, &std::fs::read(&path).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

/// A journey whose texts fight Mermaid's grammar: keywords, colons, semicolons, hashes, commas in actor names.
fn awkward() -> Project {
    let mut project = sample::grocery();
    let journey = project.journeys()[0].id();
    let stage = project.journeys()[0].stages()[1].id;
    let lane = project.journeys()[0]
        .lanes()
        .iter()
        .find(|l| l.kind == LaneKind::Touchpoints)
        .unwrap()
        .id;
    let mut add = |title: &str| {
        project
            .apply(&Command::AddCard {
                journey,
                card: CardId::new(),
                stage,
                lane,
                index: None,
                fields: CardFields::titled(title, CardKind::Touchpoint),
            })
            .unwrap();
    };
    add("Section 3: pay; then #win");
    add("title of the page");
    add("%% not a comment");
    add("journey planner");
    add("50%% off");
    project
}

#[derive(serde::Deserialize, Debug)]
struct MermaidRead {
    title: String,
    sections: Vec<String>,
    actors: Vec<String>,
    tasks: Vec<MermaidTask>,
}

#[derive(serde::Deserialize, Debug)]
struct MermaidTask {
    section: String,
    task: String,
    score: f64,
    people: Vec<String>,
}

#[test]
fn mermaids_own_parser_reads_the_export_with_every_section_task_score_and_actor() {
    let project = awkward();
    let journey = &project.journeys()[0];
    let text = mermaid::export(&project, journey);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sample.mmd");
    std::fs::write(&file, &text).unwrap();
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui");
    let output = std::process::Command::new("node")
        .current_dir(&ui)
        .arg("tests/mermaid-parse.mjs")
        .arg(&file)
        .output()
        .expect("node runs (install Node.js and `npm ci` in ui/)");
    assert!(
        output.status.success(),
        "mermaid refused:\n{text}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let read: MermaidRead = serde_json::from_slice(&output.stdout).unwrap();

    assert_eq!(read.title, journey.name());
    let stages: Vec<String> = journey.stages().iter().map(|s| s.name.clone()).collect();
    assert_eq!(read.sections, stages);
    let touchpoints: Vec<&waymark_core::model::Card> = journey
        .stages()
        .iter()
        .flat_map(|s| {
            journey
                .lanes()
                .iter()
                .filter(|l| l.kind == LaneKind::Touchpoints)
                .flat_map(move |l| {
                    journey.cell_cards(waymark_core::model::Cell {
                        stage: s.id,
                        lane: l.id,
                    })
                })
        })
        .map(|&id| journey.card(id).unwrap())
        .collect();
    assert_eq!(read.tasks.len(), touchpoints.len());
    let clean = |s: &str| s.replace('\u{2060}', "");
    assert!(
        read.tasks
            .iter()
            .any(|t| clean(&t.task) == "Section 3 pay then win"),
        "{:?}",
        read.tasks
    );
    assert!(
        read.tasks
            .iter()
            .any(|t| clean(&t.task) == "title of the page")
    );
    assert!(
        read.tasks
            .iter()
            .any(|t| clean(&t.task) == "journey planner")
    );
    assert!(read.tasks.iter().any(|t| clean(&t.task) == "50%% off"));
    assert!(
        read.tasks
            .iter()
            .any(|t| clean(&t.task) == "%% not a comment")
    );
    assert!(read.tasks.iter().all(|t| (1.0..=5.0).contains(&t.score)));
    let personas: Vec<String> = project
        .personas()
        .iter()
        .map(|p| {
            p.name
                .replace(',', " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let mut sorted = personas.clone();
    sorted.sort();
    assert_eq!(read.actors, sorted);
    // Scores: the stage's mean emotion, −2…+2 → 1…5.
    let checkout = &journey.stages()[3];
    let mean = project
        .personas()
        .iter()
        .filter_map(|p| journey.emotion(p.id, checkout.id))
        .map(f64::from)
        .sum::<f64>()
        / 2.0;
    let in_checkout: Vec<&MermaidTask> = read
        .tasks
        .iter()
        .filter(|t| t.section == checkout.name)
        .collect();
    assert!(!in_checkout.is_empty());
    assert!(
        in_checkout
            .iter()
            .all(|t| t.score == mean.round() + 3.0 && t.people.len() == 2)
    );
}

#[test]
fn mermaid_export_then_import_keeps_sections_tasks_scores_and_actors() {
    let mut project = Project::new();
    let text = std::fs::read(fixture(
        "mermaid/07-journey-should-handle-a-task-definition.mmd",
    ))
    .unwrap();
    let first = import_into(&mut project, "tasks.mmd", &text).unwrap();
    let again = mermaid::export(&project, project.journey(first).unwrap());
    let second = import_into(&mut project, "again.mmd", again.as_bytes()).unwrap();
    assert_eq!(tasks_of(&project, first), tasks_of(&project, second));
    assert_eq!(
        project.personas().len(),
        3,
        "actors are matched to the personas the first import made"
    );
}

#[test]
fn the_obsidian_sample_canvas_imports_with_its_group_nodes_and_edge() {
    let mut project = Project::new();
    let bytes = std::fs::read(fixture("jsoncanvas/obsidianmd-jsoncanvas-sample.canvas")).unwrap();
    let id = import_into(&mut project, "sample.canvas", &bytes).unwrap();
    let journey = project.journey(id).unwrap();
    let stages: Vec<&str> = journey.stages().iter().map(|s| s.name.as_str()).collect();
    assert_eq!(stages, ["JSON Canvas", "Outside groups"]);
    let in_group: Vec<&str> = journey
        .cards_in_order()
        .filter(|c| c.cell.stage == journey.stages()[0].id)
        .map(|c| c.fields.title.as_str())
        .collect();
    assert_eq!(in_group, ["logo.svg", "Learn more:"]);
    assert_eq!(journey.card_count(), 4);
    let readme = journey
        .cards_in_order()
        .find(|c| c.fields.title == "readme.md")
        .unwrap();
    assert_eq!(readme.fields.description, "readme.md");
    assert_eq!(journey.flow_count(), 1);
    let learn = journey
        .cards_in_order()
        .find(|c| c.fields.title == "Learn more:")
        .unwrap();
    assert!(learn.fields.description.contains("[Spec](spec/1.0.md)"));
}

#[test]
fn json_canvas_export_imports_back_to_the_same_map() {
    let project = sample::grocery();
    let original = &project.journeys()[0];
    let text = String::from_utf8(
        export(&project, &ExportOptions::new(Format::Canvas, original.id())).unwrap(),
    )
    .unwrap();
    let canvas: serde_json::Value = serde_json::from_str(&text).unwrap();
    let groups = canvas["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["type"] == "group")
        .count();
    assert_eq!(groups, original.stages().len());
    assert_eq!(
        canvas["edges"].as_array().unwrap().len(),
        original.flow_count()
    );

    let mut copy = Project::new();
    let id = import_into(&mut copy, "groceries.canvas", text.as_bytes()).unwrap();
    let back = copy.journey(id).unwrap();
    let shape = |j: &Journey| {
        let stage = |s: StageId| j.stages().iter().position(|x| x.id == s).unwrap();
        let lane = |l: LaneId| j.lanes().iter().position(|x| x.id == l).unwrap();
        let mut cards: Vec<_> = j
            .cards_in_order()
            .map(|c| {
                (
                    stage(c.cell.stage),
                    lane(c.cell.lane),
                    c.fields.title.clone(),
                    c.fields.kind,
                )
            })
            .collect();
        cards.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let names: Vec<_> = j.lanes().iter().map(|l| (l.name.clone(), l.kind)).collect();
        (
            j.stages()
                .iter()
                .map(|s| s.name.clone())
                .collect::<Vec<_>>(),
            names,
            cards,
            j.flow_count(),
        )
    };
    assert_eq!(shape(back), shape(original));
}

#[test]
fn json_export_imports_losslessly_and_a_second_import_gets_fresh_ids() {
    let project = sample::grocery();
    let text = export(
        &project,
        &ExportOptions::new(Format::Json, project.journeys()[0].id()),
    )
    .unwrap();
    let mut copy = Project::new();
    import_into(&mut copy, "groceries.json", &text).unwrap();
    assert_eq!(
        copy.to_data(),
        project.to_data(),
        "lossless: ids, order, emotions, votes"
    );

    let again = import_into(&mut copy, "groceries.json", &text).unwrap();
    assert_eq!(copy.journeys().len(), 2);
    assert_ne!(again, project.journeys()[0].id());
    assert_eq!(
        copy.personas().len(),
        project.personas().len(),
        "personas matched by name"
    );
    let a = copy.journeys()[0].to_data(copy.personas());
    let b = copy.journeys()[1].to_data(copy.personas());
    assert_eq!(
        (a.cards.len(), a.flows.len(), a.emotions.len()),
        (b.cards.len(), b.flows.len(), b.emotions.len())
    );
}

#[test]
fn csv_has_a_row_per_card_that_a_csv_reader_reads_back() {
    let project = sample::grocery();
    let journey = &project.journeys()[0];
    let bytes = export(&project, &ExportOptions::new(Format::Csv, journey.id())).unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, waymark_render::interchange::csv::COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), journey.card_count());
    let titles: Vec<&str> = rows.iter().map(|r| &r[4]).collect();
    let expected: Vec<&str> = journey
        .cards_in_order()
        .map(|c| c.fields.title.as_str())
        .collect();
    assert_eq!(titles, expected);
    let flows_out: usize = rows.iter().map(|r| r[12].parse::<usize>().unwrap()).sum();
    assert_eq!(flows_out, journey.flow_count());
}

#[test]
fn bad_map_files_are_refused_with_a_reason_and_change_nothing() {
    let project = sample::grocery();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("junk.mmd", vec![0xff, 0xfe, 0x00, 0x41], "not UTF-8"),
        ("flow.mmd", b"flowchart LR\n A --> B".to_vec(), "starts with `journey`"),
        ("score.mmd", b"journey\nsection A\nTask: high: Me".to_vec(), "not a score"),
        ("semi.mmd", b"journey\nsection A;\n".to_vec(), "unexpected ';'"),
        ("empty.mmd", Vec::new(), "empty"),
        ("bad.canvas", b"{\"nodes\": [{\"id\": 1}]}".to_vec(), "not valid JSON Canvas"),
        (
            "twice.canvas",
            br#"{"nodes":[{"id":"a","type":"text","x":0,"y":0,"width":1,"height":1},{"id":"a","type":"text","x":0,"y":0,"width":1,"height":1}]}"#.to_vec(),
            "two nodes",
        ),
        ("other.json", br#"{"format":"waymark.project/9","personas":[],"journeys":[]}"#.to_vec(), "waymark.project/9"),
        ("list.json", b"[1, 2, 3]".to_vec(), "not a Waymark JSON export"),
        ("map.txt", b"journey".to_vec(), ".mmd, .mermaid, .canvas or .json"),
    ];
    for (name, bytes, reason) in cases {
        let error = import_map(&project, name, &bytes).unwrap_err().to_string();
        assert!(error.contains(reason), "{name}: {error}");
    }
    let huge = vec![b' '; waymark_render::interchange::MAX_MAP_BYTES + 1];
    assert!(matches!(
        import_map(&project, "huge.mmd", &huge),
        Err(ImportError::TooLarge(_))
    ));
}
