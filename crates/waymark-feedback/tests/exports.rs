//! Every real export in tests/fixtures (see SOURCES.md there), read as exported: counts, columns, header layouts,
//! encodings, dates and scores, checked against independent readings of the same files.

use csv::StringRecord;
use std::path::{Path, PathBuf};
use waymark_core::metrics::MetricDefinition;
use waymark_core::{Journey, sample};
use waymark_feedback::table::{HeaderLayout, OpenOptions, Table};
use waymark_feedback::{FeedbackError, Mapping, Target, import, preview};
use waymark_store::Store;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn sample_store(dir: &Path) -> Store {
    Store::create(&dir.join("groceries.waymark"), &sample::grocery(), "test").unwrap()
}

fn journey(store: &Store) -> Journey {
    store.project().journeys()[0].clone()
}

fn card_named(journey: &Journey, title: &str) -> waymark_core::CardId {
    journey
        .cards_in_order()
        .find(|c| c.fields.title == title)
        .unwrap()
        .id
}

fn mapping(metric: MetricDefinition, score: &str, target: Target) -> Mapping {
    Mapping {
        metric,
        score: score.into(),
        answers: Default::default(),
        comment: None,
        date: None,
        day_first: false,
        segments: vec![],
        target,
        sheet: None,
    }
}

/// All rows of a table as (line, cells).
fn rows(path: &Path) -> (Table, Vec<(u64, Vec<String>)>) {
    let mut table = Table::open(path, &OpenOptions::default()).unwrap();
    let mut record = StringRecord::new();
    let mut out = Vec::new();
    while let Some(line) = table.next_row(&mut record).unwrap() {
        out.push((line, record.iter().map(str::to_owned).collect()));
    }
    (table, out)
}

#[test]
fn the_french_retail_nps_file_keeps_its_accents_and_its_nps_matches_an_independent_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = sample_store(dir.path());
    let j = journey(&store);
    let card = card_named(&j, "Card payment");
    let path = fixture("nps_retail_fr_latin1.csv");
    let mut m = mapping(MetricDefinition::nps(), "nps", Target::Card { card });
    m.comment = Some("explication".into());
    let (read, _) = import(&mut store, &path, &m, &j, None, &|_| true).unwrap();
    assert_eq!(read.info.encoding, "windows-1252");
    assert_eq!(
        read.columns[0], "Column 1",
        "R's blank first header gets a name"
    );
    assert_eq!((read.rows_read, read.mapped), (13_954, 13_612));
    assert_eq!(read.no_answer, 342, "NA counts as no answer");
    assert!(read.invalid.is_empty(), "{:?}", read.invalid);
    assert_eq!(
        read.answers.len(),
        1,
        "NA is the one answer that is not a number"
    );
    assert_eq!(
        (read.answers[0].answer.as_str(), read.answers[0].rows),
        ("NA", 342)
    );

    // Independently: Latin-1 bytes are code points 0–255; split on the CSV by hand-rolled csv reading.
    let text: String = std::fs::read(&path)
        .unwrap()
        .iter()
        .map(|&b| b as char)
        .collect();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let nps_at = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "nps")
        .unwrap();
    let scores: Vec<u32> = reader
        .records()
        .filter_map(|r| r.unwrap()[nps_at].parse().ok())
        .collect();
    let promoters = scores.iter().filter(|&&s| s >= 9).count() as f64;
    let detractors = scores.iter().filter(|&&s| s <= 6).count() as f64;
    let expected = 100.0 * (promoters - detractors) / scores.len() as f64;

    let scores = store.card_scores(&j).unwrap();
    assert_eq!(scores.len(), 1);
    assert_eq!(scores[0].n, 13_612);
    assert!(
        (scores[0].value - expected).abs() < 1e-9,
        "{} vs {expected}",
        scores[0].value
    );
    assert!(scores[0].low < expected && expected < scores[0].high && !scores[0].low_confidence);
    let comments = store.comments(card, 20_000).unwrap();
    assert!(
        comments
            .iter()
            .any(|c| c.text.starts_with("Il y a très peu de caisse ouverte"))
    );
    assert!(comments.iter().all(|c| c.text != "NA"));
}

#[test]
fn qualtrics_exports_skip_their_header_rows_and_leave_out_previews() {
    let (table, data) = rows(&fixture("qualtrics_3header.csv"));
    assert_eq!(table.info.layout, HeaderLayout::Qualtrics);
    assert_eq!(table.info.header_rows, 3);
    assert_eq!(table.columns[17..], ["Q1", "Q2", "Q2 - Topics"]);
    assert_eq!(table.info.descriptions[18], "This is a free text question.");
    assert_eq!(data.len(), 1);
    assert_eq!(
        (data[0].0, data[0].1[17].as_str(), data[0].1[18].as_str()),
        (4, "2", "Hello World!")
    );

    let (legacy, data) = rows(&fixture("qualtrics_legacy_bom.csv"));
    assert_eq!(legacy.info.layout, HeaderLayout::QualtricsLegacy);
    assert_eq!(
        legacy.columns[0], "ResponseID",
        "the byte-order mark is gone"
    );
    assert_eq!(legacy.columns[10..12], ["Q1", "Q2"]);
    assert_eq!(data.len(), 1);
    assert_eq!(data[0].1[11], "Hello World!");

    // A preview response (Status 1) in a copy of the export is left out with its reason.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("qualtrics_3header.csv")).unwrap();
    let response = text.lines().nth(3).unwrap();
    let preview_row = response.replacen(",0,", ",1,", 1);
    let copy = dir.path().join("with-preview.csv");
    std::fs::write(&copy, format!("{text}{preview_row}\n")).unwrap();
    let store = sample_store(dir.path());
    let j = journey(&store);
    let card = card_named(&j, "Card payment");
    let mut m = mapping(
        MetricDefinition::number(1.0, 5.0),
        "Q1",
        Target::Card { card },
    );
    m.date = Some("RecordedDate".into());
    let read = preview(&copy, &m, &j).unwrap();
    assert_eq!((read.rows_read, read.mapped, read.excluded), (2, 1, 1));
    assert!(read.invalid[0].reason.contains("survey preview"));
}

#[test]
fn surveymonkey_questions_and_options_merge_into_column_names() {
    let (table, data) = rows(&fixture("surveymonkey_steak_risk.csv"));
    assert_eq!(table.info.layout, HeaderLayout::SurveyMonkey);
    assert_eq!(table.columns[2], "Do you ever smoke cigarettes?");
    assert!(table.columns[1].starts_with("Consider the following hypothetical situations"));
    assert_eq!(data.len(), 550);
    assert_eq!(data[0].1[0], "3237565956");

    // No column holds numbers, so a numeric import is refused, saying why.
    let dir = tempfile::tempdir().unwrap();
    let mut store = sample_store(dir.path());
    let j = journey(&store);
    let card = card_named(&j, "Card payment");
    let m = mapping(MetricDefinition::any_number(), "Age", Target::Card { card });
    let before = std::fs::read(store.path()).unwrap();
    let error = import(
        &mut store,
        &fixture("surveymonkey_steak_risk.csv"),
        &m,
        &j,
        None,
        &|_| true,
    )
    .unwrap_err();
    assert!(
        matches!(error, FeedbackError::NothingMapped { rows: 550, .. }),
        "{error}"
    );
    assert!(
        error.to_string().contains("neither a number nor a label"),
        "{error}"
    );
    assert_eq!(std::fs::read(store.path()).unwrap(), before);
}

#[test]
fn google_forms_csv_and_xlsx_read_the_same_responses() {
    let (csv_table, csv_rows) = rows(&fixture("google_forms_hot_dog.csv"));
    let (xlsx_table, xlsx_rows) = rows(&fixture("google_forms_hot_dog.xlsx"));
    assert_eq!(csv_table.columns, xlsx_table.columns);
    assert_eq!(xlsx_table.info.format, "XLSX sheet 'Form Responses 1'");
    assert_eq!(csv_rows.len(), 64);
    assert_eq!(xlsx_rows.len(), 64);
    // Quoted multi-line comments, CRLF, no final newline: the same text as in the workbook.
    let multi_line = csv_rows
        .iter()
        .position(|(_, r)| r[2].contains('\n'))
        .expect("a multi-line comment");
    assert_eq!(
        csv_rows[multi_line].1[2].trim(),
        xlsx_rows[multi_line].1[2].trim()
    );
    assert_eq!(csv_rows[1].0, 3, "the second response starts on line 3");
    // Timestamps: M/D/YYYY text in the CSV, Excel date-times (with milliseconds) in the workbook.
    for i in [0, 10, 63] {
        let from_csv = waymark_feedback::mapping::parse_date(&csv_rows[i].1[0], false).unwrap();
        let from_xlsx = waymark_feedback::mapping::parse_date(&xlsx_rows[i].1[0], false).unwrap();
        assert!(
            (from_csv - from_xlsx).abs() <= 1,
            "row {i}: {} vs {}",
            csv_rows[i].1[0],
            xlsx_rows[i].1[0]
        );
    }
    assert_eq!(
        waymark_feedback::mapping::parse_date(&csv_rows[0].1[0], false),
        Some(1_736_977_985)
    );
}

#[test]
fn app_store_reviews_import_as_star_ratings_with_japanese_comments() {
    let path = fixture("appstore_reviews_jp.json");
    let dir = tempfile::tempdir().unwrap();
    let mut store = sample_store(dir.path());
    let j = journey(&store);
    let card = card_named(&j, "App store listing");
    let mut m = mapping(
        MetricDefinition::rating(5.0),
        "im:rating",
        Target::Card { card },
    );
    m.comment = Some("content".into());
    let (read, _) = import(&mut store, &path, &m, &j, None, &|_| true).unwrap();
    assert_eq!(read.info.format, "JSON feed");
    assert_eq!((read.rows_read, read.mapped), (50, 50));

    let feed: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let stars: Vec<f64> = feed["feed"]["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["im:rating"]["label"].as_str().unwrap().parse().unwrap())
        .collect();
    let mean = stars.iter().sum::<f64>() / stars.len() as f64;
    let scores = store.card_scores(&j).unwrap();
    assert!((scores[0].value - mean).abs() < 1e-9);
    assert_eq!(scores[0].n, 50);
    let comments = store.comments(card, 100).unwrap();
    assert_eq!(comments.len(), 50);
    assert!(
        comments
            .iter()
            .any(|c| c.text.contains("とにかく周りの人皆んなが暖かく"))
    );
}

#[test]
fn importing_the_same_file_again_replaces_its_dataset_and_presets_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = sample_store(dir.path());
    let j = journey(&store);
    let card = card_named(&j, "App store listing");
    let m = mapping(
        MetricDefinition::rating(5.0),
        "im:rating",
        Target::Card { card },
    );
    let path = fixture("appstore_reviews_jp.json");
    import(&mut store, &path, &m, &j, None, &|_| true).unwrap();
    import(&mut store, &path, &m, &j, None, &|_| true).unwrap();
    assert_eq!(store.datasets().unwrap().len(), 1);
    assert_eq!(store.card_scores(&j).unwrap()[0].n, 50);
    store
        .save_preset("reviews", &serde_json::to_string(&m).unwrap())
        .unwrap();
    let file = store.path().to_path_buf();
    drop(store);
    let mut reopened = Store::open(&file, "test").unwrap();
    let saved: Mapping =
        serde_json::from_str(&reopened.preset("reviews").unwrap().unwrap()).unwrap();
    assert_eq!(saved, m);
    let id = reopened.datasets().unwrap()[0].id.clone();
    assert!(reopened.remove_dataset(&id).unwrap());
    assert!(reopened.card_scores(&j).unwrap().is_empty());
}

#[test]
fn a_card_column_finds_cards_by_title_without_case_or_accents_and_groups_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    let j = journey(&store);
    let path = dir.path().join("touchpoints.csv");
    std::fs::write(
        &path,
        "touchpoint;score;when\nCARD PAYMENT;5;2025-01-03\n  card   páyment ;4;2025-02-10\nKiosk;3;2025-02-11\nKiosk;2;\nRating prompt;9;\n",
    )
    .unwrap();
    let mut m = mapping(
        MetricDefinition::csat(5.0, false),
        "score",
        Target::Column {
            column: "touchpoint".into(),
            aliases: Default::default(),
        },
    );
    m.date = Some("when".into());
    let read = preview(&path, &m, &j).unwrap();
    assert_eq!(read.info.format, "CSV (delimiter ';')");
    assert_eq!((read.rows_read, read.mapped), (5, 2));
    assert_eq!(
        (read.unmapped[0].value.as_str(), read.unmapped[0].rows),
        ("Kiosk", 2)
    );
    assert_eq!(read.invalid[0].reason, "score 9 is outside 1–5");
    assert_eq!(read.invalid[0].lines, [6]);
    m.target = Target::Column {
        column: "touchpoint".into(),
        aliases: [("kiosk".to_owned(), card_named(&j, "Card payment"))].into(),
    };
    assert_eq!(preview(&path, &m, &j).unwrap().mapped, 4);
}

#[test]
fn an_import_reports_progress_and_a_cancelled_one_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = sample_store(dir.path());
    let j = journey(&store);
    let card = card_named(&j, "Card payment");
    let m = mapping(MetricDefinition::nps(), "nps", Target::Card { card });
    let big = dir.path().join("big.csv");
    let rows: String = (0..50_000).map(|i| format!("{}\n", i % 11)).collect();
    std::fs::write(&big, format!("nps\n{rows}")).unwrap();
    let file = store.path().to_path_buf();
    let before = std::fs::read(&file).unwrap();
    let seen = std::sync::Mutex::new(Vec::new());
    // Cancel at the second report.
    let error = import(&mut store, &big, &m, &j, None, &|rows| {
        let mut seen = seen.lock().unwrap();
        seen.push(rows);
        seen.len() < 2
    })
    .unwrap_err();
    assert!(matches!(error, FeedbackError::Cancelled { .. }), "{error}");
    assert_eq!(*seen.lock().unwrap(), [16_384, 32_768]);
    assert!(store.datasets().unwrap().is_empty());
    drop(store);
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn suggestions_find_the_score_comment_date_and_card_columns() {
    use waymark_feedback::suggest::summarise;
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    let j = journey(&store);
    let nps = summarise(
        &fixture("nps_retail_fr_latin1.csv"),
        &OpenOptions::default(),
        &j,
    )
    .unwrap();
    assert_eq!(nps.suggestion.score, "nps");
    assert_eq!(
        nps.suggestion.metric.kind,
        waymark_core::metrics::MetricKind::Nps
    );
    assert_eq!(nps.suggestion.comment.as_deref(), Some("explication"));
    let reviews = summarise(
        &fixture("appstore_reviews_jp.json"),
        &OpenOptions::default(),
        &j,
    )
    .unwrap();
    assert_eq!(reviews.suggestion.score, "im:rating");
    assert_eq!(
        reviews.suggestion.metric.kind,
        waymark_core::metrics::MetricKind::Rating
    );
    assert_eq!(reviews.suggestion.comment.as_deref(), Some("content"));
    let qualtrics = summarise(
        &fixture("qualtrics_3header.csv"),
        &OpenOptions::default(),
        &j,
    )
    .unwrap();
    assert_eq!(
        qualtrics.suggestion.score, "Q1",
        "question columns before bookkeeping"
    );
    let path = dir.path().join("touchpoints.csv");
    std::fs::write(
        &path,
        "when,touchpoint,csat\n2026-01-02,Card payment,4\n2026-01-03,Product page,5\n",
    )
    .unwrap();
    let by_card = summarise(&path, &OpenOptions::default(), &j).unwrap();
    assert_eq!(by_card.suggestion.score, "csat");
    assert_eq!(by_card.suggestion.date.as_deref(), Some("when"));
    assert!(
        matches!(by_card.suggestion.target, Target::Column { ref column, .. } if column == "touchpoint")
    );
}

#[test]
fn suggestions_come_from_evidence_never_from_bookkeeping_and_say_why() {
    use waymark_core::metrics::MetricKind;
    use waymark_feedback::suggest::summarise;
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    let j = journey(&store);
    // A Qualtrics-like export: small-number bookkeeping (SolutionRevision, Progress) before the questions; the
    // question text in row 2 says which question is the NPS one.
    let path = dir.path().join("qualtrics.csv");
    let mut text = String::from(
        "ResponseId,SolutionRevision,Progress,Q1,Q2\n\
         Response ID,Solution revision,Progress,How easy was checkout?,How likely are you to recommend us to a friend?\n\
         {\"ImportId\":\"_recordId\"},{\"ImportId\":\"solutionRevision\"},{\"ImportId\":\"progress\"},{\"ImportId\":\"QID1\"},{\"ImportId\":\"QID2\"}\n",
    );
    for i in 0..40 {
        text.push_str(&format!(
            "R_{i},{},100,{},{}\n",
            1 + i % 9,
            1 + i % 7,
            i % 11
        ));
    }
    std::fs::write(&path, text).unwrap();
    let summary = summarise(&path, &OpenOptions::default(), &j).unwrap();
    assert_eq!(summary.suggestion.score, "Q2");
    assert_eq!(summary.suggestion.metric.kind, MetricKind::Nps);
    assert!(summary.reason.contains("recommend"), "{}", summary.reason);
    assert_eq!(
        summary.questions[4],
        "How likely are you to recommend us to a friend?"
    );

    // Labels on a scale, and yes/no, are suggested by their answers.
    let path = dir.path().join("labels.csv");
    std::fs::write(
        &path,
        "Network ID,Resolved?,How satisfied were you?\nab12,Yes.,Very satisfied\ncd34,No.,Satisfied\nef56,Yes.,Dissatisfied\n",
    )
    .unwrap();
    let summary = summarise(&path, &OpenOptions::default(), &j).unwrap();
    assert_eq!(summary.suggestion.score, "How satisfied were you?");
    assert_eq!(summary.suggestion.metric.kind, MetricKind::Csat);
    assert_eq!(
        summary.suggestion.answers.scale.as_deref(),
        Some("satisfaction_5")
    );
    assert!(
        summary.reason.contains("5-point satisfaction scale"),
        "{}",
        summary.reason
    );
}

#[test]
fn stage_and_journey_scores_add_up_the_cards_where_they_are_now() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = sample_store(dir.path());
    let j = journey(&store);
    let path = dir.path().join("two-cards.csv");
    // Card payment (Check out): 2 promoters, 1 detractor. Product page (Shop): 1 promoter, 1 passive.
    std::fs::write(&path, "touchpoint,nps\nCard payment,10\nCard payment,9\nCard payment,3\nProduct page,9\nProduct page,7\n").unwrap();
    let m = mapping(
        MetricDefinition::nps(),
        "nps",
        Target::Column {
            column: "touchpoint".into(),
            aliases: Default::default(),
        },
    );
    import(&mut store, &path, &m, &j, None, &|_| true).unwrap();
    let scopes = store.scope_scores(&j).unwrap();
    let stage_named = |name: &str| j.stages().iter().find(|s| s.name == name).unwrap().id;
    let of =
        |stage: Option<waymark_core::StageId>| scopes.iter().find(|s| s.stage == stage).unwrap();
    assert_eq!(
        (
            of(Some(stage_named("Check out"))).n,
            of(Some(stage_named("Check out"))).value.round()
        ),
        (3, 33.0)
    );
    assert_eq!(
        (
            of(Some(stage_named("Shop"))).n,
            of(Some(stage_named("Shop"))).value
        ),
        (2, 50.0)
    );
    assert_eq!(
        (of(None).n, of(None).value),
        (5, 40.0),
        "journey: 3 promoters, 1 detractor of 5"
    );
    assert_eq!(scopes.last().unwrap().stage, None, "the journey comes last");
    // Move Product page into Check out: the stage scores follow the card, nothing recomputed.
    let card = card_named(&j, "Product page");
    let lane = j.card(card).unwrap().cell.lane;
    store
        .apply(&waymark_core::Command::MoveCard {
            journey: j.id(),
            card,
            stage: stage_named("Check out"),
            lane,
            index: None,
        })
        .unwrap();
    let moved = store.project().journeys()[0].clone();
    let scopes = store.scope_scores(&moved).unwrap();
    let checkout = scopes
        .iter()
        .find(|s| s.stage == Some(stage_named("Check out")))
        .unwrap();
    assert_eq!((checkout.n, checkout.value), (5, 40.0));
    assert!(scopes.iter().all(|s| s.stage != Some(stage_named("Shop"))));
}

#[test]
fn json_arrays_json_lines_and_tab_separated_files_read_alike() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("a.json", r#"[{"touchpoint": "Card payment", "nps": 9, "meta": {"device": "ios"}}, {"touchpoint": "Card payment", "nps": null}]"#.to_owned()),
        ("b.jsonl", "{\"touchpoint\": \"Card payment\", \"nps\": 9, \"meta\": {\"device\": \"ios\"}}\n\n{\"touchpoint\": \"Card payment\", \"nps\": null}\n".to_owned()),
        ("c.tsv", "touchpoint\tnps\tmeta.device\nCard payment\t9\tios\nCard payment\t\t\n".to_owned()),
    ];
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let (table, data) = rows(&path);
        assert_eq!(
            table.columns,
            ["touchpoint", "nps", "meta.device"],
            "{name}"
        );
        assert_eq!(data.len(), 2, "{name}");
        assert_eq!(data[0].1, ["Card payment", "9", "ios"], "{name}");
        assert_eq!(data[1].1[1], "", "{name}: null is empty");
    }
}

#[test]
fn a_csv_import_stores_exactly_the_rows_of_the_file_that_find_a_card() {
    use std::collections::BTreeMap;
    use std::fmt::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut store = sample_store(dir.path());
    let j = journey(&store);
    let titles: Vec<(String, waymark_core::CardId)> = j
        .cards_in_order()
        .map(|c| (c.fields.title.clone(), c.id))
        .collect();
    // Written here row by row, with what the import must store for each row worked out beside it: the card of
    // its touchpoint, its first line, its score, its time, its comment and its segments as a JSON object.
    type Stored = (
        Vec<u8>,
        i64,
        f64,
        Option<i64>,
        Option<String>,
        Option<String>,
    );
    let mut expected: Vec<Stored> = Vec::new();
    let mut csv = String::from("id,when,touchpoint,nps,comment,segment,region\n");
    let mut line = 2;
    let start = 1_767_225_600i64; // 2026-01-01
    for i in 0..70_000usize {
        let (title, card) = if i % 97 == 0 {
            ("Kiosk".to_owned(), None)
        } else {
            let (title, card) = &titles[(i * 7 + i / 13) % titles.len()];
            (title.clone(), Some(*card))
        };
        let score = (i % 13 < 11).then_some(i % 13);
        let seconds = start + (i as i64) * 421;
        let when = jiff::Timestamp::from_second(seconds)
            .unwrap()
            .strftime("%Y-%m-%dT%H:%M:%SZ")
            .to_string();
        let (written, comment, lines) = match i % 5 {
            0 => (String::new(), None, 1),
            1 => (format!("\"fine, {i}\""), Some(format!("fine, {i}")), 1),
            2 => (
                format!("\"said \"\"no\"\"\nthen {i}\""),
                Some(format!("said \"no\"\nthen {i}")),
                2,
            ),
            3 => ("N/A".to_owned(), None, 1),
            _ => (format!("café {i}"), Some(format!("café {i}")), 1),
        };
        let segment = ["new", "returning", "vip \"gold\""][i % 3];
        let region = ["north", "", "south"][i % 2];
        let quoted = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        writeln!(
            csv,
            "R{i},{when},{},{},{written},{},{region}",
            quoted(&title),
            score.map_or(String::new(), |s| s.to_string()),
            quoted(segment)
        )
        .unwrap();
        if let (Some(card), Some(score)) = (card, score) {
            let segments: BTreeMap<&str, &str> = [("segment", segment), ("region", region)].into();
            expected.push((
                card.0.as_bytes().to_vec(),
                line,
                score as f64,
                Some(seconds),
                comment,
                Some(serde_json::to_string(&segments).unwrap()),
            ));
        }
        line += lines;
    }
    let path = dir.path().join("responses.csv");
    std::fs::write(&path, csv).unwrap();
    let mut m = mapping(
        MetricDefinition::nps(),
        "nps",
        Target::Column {
            column: "touchpoint".into(),
            aliases: Default::default(),
        },
    );
    m.comment = Some("comment".into());
    m.date = Some("when".into());
    m.segments = vec!["segment".into(), "region".into()];
    let (read, _) = import(&mut store, &path, &m, &j, None, &|_| true).unwrap();
    assert_eq!(read.mapped as usize, expected.len());
    let file = store.path().to_path_buf();
    drop(store);
    let conn = rusqlite::Connection::open(&file).unwrap();
    let mut stored: Vec<Stored> = conn
        .prepare("SELECT card, row, score, time, comment, segments FROM response")
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    stored.sort_by_key(|s| s.1);
    assert_eq!(stored.len(), expected.len());
    for (s, e) in stored.iter().zip(&expected) {
        assert_eq!(s, e);
    }
}
