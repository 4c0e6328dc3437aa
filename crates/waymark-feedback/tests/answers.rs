//! The newer real exports, read as downloaded from ../shared/fixtures/feedback (three of them carry no licence, so
//! the repository does not copy them): answers given as words, yes/no questions, question texts, review exports.
//! Every expected n and value is counted here from the file with the csv crate (or serde_json) and a label table
//! written by hand, not by the code under test.

use csv::StringRecord;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use waymark_core::metrics::{CardScore, MetricDefinition};
use waymark_core::{Journey, sample};
use waymark_feedback::answers::Answers;
use waymark_feedback::suggest::{guess_score, summarise};
use waymark_feedback::table::OpenOptions;
use waymark_feedback::{Mapping, Preview, Target, import};
use waymark_store::Store;

fn shared(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/feedback")
        .join(name)
}

/// Imports one column of `file` onto one card of the sample, with the answer scale its first rows are on (as
/// the CLI and the import panel do), and returns what was read and the card's score.
fn import_column(
    file: &str,
    column: &str,
    metric: MetricDefinition,
    positive: &[&str],
) -> (Preview, CardScore) {
    let dir = tempfile::tempdir().unwrap();
    let mut store =
        Store::create(&dir.path().join("p.waymark"), &sample::grocery(), "test").unwrap();
    let journey: Journey = store.project().journeys()[0].clone();
    let card = journey.cards_in_order().next().unwrap().id;
    let path = shared(file);
    let guess = guess_score(&path, &OpenOptions::default(), column)
        .unwrap()
        .expect("the column exists");
    let mapping = Mapping {
        metric,
        score: column.into(),
        answers: Answers {
            scale: guess.answers.scale,
            positive: positive.iter().map(|p| (*p).to_owned()).collect(),
            ..Answers::default()
        },
        comment: None,
        date: None,
        day_first: false,
        segments: vec![],
        target: Target::Card { card },
        sheet: None,
    };
    let (preview, _) = import(&mut store, &path, &mapping, &journey, None, &|_| true).unwrap();
    let scores = store.card_scores(&journey).unwrap();
    assert_eq!(scores.len(), 1);
    (preview, scores[0].clone())
}

/// A CSV file's rows (after `skip` rows under the header) as maps from column to value.
fn csv_rows(file: &str, skip: usize) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(shared(file)).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let mut record = StringRecord::new();
    let mut rows = Vec::new();
    while reader.read_record(&mut record).unwrap() {
        rows.push(
            header
                .iter()
                .cloned()
                .zip(record.iter().map(str::to_owned))
                .collect(),
        );
    }
    rows.split_off(skip)
}

/// The mean of the values the hand table gives (answers it does not list are no answer).
fn mean_by_hand<'a>(answers: impl Iterator<Item = &'a str>, table: &[(&str, f64)]) -> (u64, f64) {
    let values: Vec<f64> = answers
        .filter_map(|a| table.iter().find(|(label, _)| *label == a).map(|(_, v)| *v))
        .collect();
    (
        values.len() as u64,
        values.iter().sum::<f64>() / values.len() as f64,
    )
}

fn assert_close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-9,
        "{actual} is not {expected}"
    );
}

#[test]
fn qualtrics_choice_text_reads_end_labels_glued_to_their_numbers_and_leaves_out_spam() {
    let rows = csv_rows("qualtrics_choice_text.csv", 2);
    let real: Vec<&HashMap<String, String>> =
        rows.iter().filter(|r| r["Status"] != "Spam").collect();
    assert_eq!(real.len() + 1, rows.len(), "one row is marked as spam");
    let table = [
        ("Not at all likely\n1", 1.0),
        ("2", 2.0),
        ("3", 3.0),
        ("4", 4.0),
        ("5", 5.0),
        ("6", 6.0),
        ("Very likely\n7", 7.0),
    ];
    let (n, mean) = mean_by_hand(real.iter().map(|r| r["Q3_1"].as_str()), &table);
    // The question text finds the column as well as its id.
    let question = "How likely do you think it is that the store will use your email address to: - Inform you of the company novelties, promotions and products";
    for column in ["Q3_1", question] {
        let (preview, score) = import_column(
            "qualtrics_choice_text.csv",
            column,
            MetricDefinition::number(1.0, 7.0),
            &[],
        );
        assert_eq!(preview.excluded, 1);
        assert!(
            preview.invalid.iter().all(|i| i.reason.contains("spam")),
            "{:?}",
            preview.invalid
        );
        assert_eq!(score.n, n);
        assert_close(score.value, mean);
    }

    // A yes/no question: the share answering Yes.
    let yes = real.iter().filter(|r| r["Q17"] == "Yes").count() as f64;
    let no = real.iter().filter(|r| r["Q17"] == "No").count() as f64;
    let (_, share) = import_column(
        "qualtrics_choice_text.csv",
        "Q17",
        MetricDefinition::share(&["Yes".into()]),
        &["Yes"],
    );
    assert_eq!(score_n(&share), (yes + no) as u64);
    assert_close(share.value, 100.0 * yes / (yes + no));
}

fn score_n(score: &CardScore) -> u64 {
    score.n
}

#[test]
fn carpentries_agreement_labels_and_yes_no_with_full_stops() {
    let rows = csv_rows("carpentries_likert_yes_no.csv", 0);
    let agreement = [
        ("Strongly disagree", 1.0),
        ("Disagree", 2.0),
        ("Neutral", 3.0),
        ("Agree", 4.0),
        ("Strongly agree", 5.0),
    ];
    let (n, mean) = mean_by_hand(
        rows.iter().map(|r| r["Skills-Advance-Career"].as_str()),
        &agreement,
    );
    let (preview, score) = import_column(
        "carpentries_likert_yes_no.csv",
        "Skills-Advance-Career",
        MetricDefinition::number(1.0, 5.0),
        &[],
    );
    assert!(preview.invalid.is_empty(), "{:?}", preview.invalid);
    assert_eq!(score.n, n);
    assert_close(score.value, mean);
    let blank = rows
        .iter()
        .filter(|r| r["Skills-Advance-Career"].is_empty())
        .count() as u64;
    assert_eq!(preview.no_answer, blank);

    // "Yes." is Yes; "I don't remember." is no answer, like a blank.
    let count = |answer: &str| rows.iter().filter(|r| r["Recommended"] == answer).count() as u64;
    let (yes, no) = (count("Yes."), count("No."));
    let (preview, share) = import_column(
        "carpentries_likert_yes_no.csv",
        "Recommended",
        MetricDefinition::share(&[]),
        &[],
    );
    assert_eq!(share.n, yes + no);
    assert_close(share.value, 100.0 * yes as f64 / (yes + no) as f64);
    assert_eq!(preview.no_answer, count("I don't remember.") + count(""));
}

#[test]
fn french_labels_on_a_zero_to_ten_scale_and_answers_that_are_not_answers() {
    let rows = csv_rows("limesurvey_fr_labels.csv", 0);
    let mut table: Vec<(String, f64)> = (0..=10).map(|i| (i.to_string(), f64::from(i))).collect();
    table.extend([
        ("0 - Pas du tout".to_owned(), 0.0),
        ("5 - Neutre".to_owned(), 5.0),
        ("10 - Totalement".to_owned(), 10.0),
    ]);
    let values: Vec<f64> = rows
        .iter()
        .filter_map(|r| {
            let answer = &r["socle.satisfaction."];
            table.iter().find(|(l, _)| l == answer).map(|(_, v)| *v)
        })
        .collect();
    let n = values.len() as f64;
    let promoters = values.iter().filter(|&&v| v >= 9.0).count() as f64;
    let detractors = values.iter().filter(|&&v| v <= 6.0).count() as f64;
    let (preview, score) = import_column(
        "limesurvey_fr_labels.csv",
        "socle.satisfaction.",
        MetricDefinition::nps(),
        &[],
    );
    assert_eq!(score.n, values.len() as u64);
    assert_close(score.value, 100.0 * (promoters - detractors) / n);
    assert!(preview.invalid.is_empty(), "{:?}", preview.invalid);

    let not_known = rows
        .iter()
        .filter(|r| matches!(r["confiance.MESRI."].as_str(), "NA" | "Ne connais pas"))
        .count() as u64;
    let (preview, _) = import_column(
        "limesurvey_fr_labels.csv",
        "confiance.MESRI.",
        MetricDefinition::number(0.0, 10.0),
        &[],
    );
    assert_eq!(
        preview.no_answer, not_known,
        "NA and Ne connais pas are no answer"
    );
    assert!(preview.answers.iter().any(|a| a.answer == "Ne connais pas"
        && a.reading == waymark_feedback::answers::Reading::NoAnswer));
}

#[test]
fn typeform_headers_with_html_and_an_ease_scale_that_ends_at_difficult() {
    let mut reader = csv::Reader::from_path(shared("typeform_osmi_2018.csv")).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let ease_at = header
        .iter()
        .position(|h| h.contains("how easy or difficult"))
        .unwrap();
    let answers: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[ease_at].to_owned())
        .collect();
    let ease = [
        ("Difficult", 1.0),
        ("Somewhat difficult", 2.0),
        ("Neither easy nor difficult", 3.0),
        ("Somewhat easy", 4.0),
        ("Very easy", 5.0),
    ];
    let (n, mean) = mean_by_hand(answers.iter().map(String::as_str), &ease);
    let (preview, score) = import_column(
        "typeform_osmi_2018.csv",
        &header[ease_at],
        MetricDefinition::number(1.0, 5.0),
        &[],
    );
    assert_eq!(score.n, n);
    assert_close(score.value, mean);
    assert!(preview.invalid.is_empty(), "{:?}", preview.invalid);
    let dont_know = answers
        .iter()
        .filter(|a| *a == "I don't know" || a.is_empty())
        .count() as u64;
    assert_eq!(preview.no_answer, dont_know);

    // A header in <strong> is found by its plain text, and the summary shows it as text.
    let (_, employed) = import_column(
        "typeform_osmi_2018.csv",
        "Are you self-employed?",
        MetricDefinition::number(0.0, 1.0),
        &[],
    );
    assert!(employed.n > 400);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&dir.path().join("p.waymark"), &sample::grocery(), "t").unwrap();
    let summary = summarise(
        &shared("typeform_osmi_2018.csv"),
        &OpenOptions::default(),
        &store.project().journeys()[0],
    )
    .unwrap();
    assert_eq!(summary.questions[1], "Are you self-employed?");
    assert!(
        !matches!(summary.suggestion.score.as_str(), "#" | "Network ID"),
        "{}",
        summary.suggestion.score
    );
    assert!(!summary.reason.is_empty());
}

#[test]
fn review_exports_a_utf16_google_play_file_and_a_french_app_store_feed() {
    // Google Play: UTF-16LE with a BOM, decoded here by hand.
    let bytes = std::fs::read(shared("google_play_reviews_utf16.csv")).unwrap();
    assert_eq!(&bytes[..2], b"\xff\xfe");
    let units: Vec<u16> = bytes[2..]
        .chunks_exact(2)
        .map(|p| u16::from_le_bytes([p[0], p[1]]))
        .collect();
    let text = String::from_utf16(&units).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let at = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "Star Rating")
        .unwrap();
    let stars: Vec<f64> = reader
        .records()
        .map(|r| r.unwrap()[at].trim().parse().unwrap())
        .collect();
    let (_, score) = import_column(
        "google_play_reviews_utf16.csv",
        "Star Rating",
        MetricDefinition::rating(5.0),
        &[],
    );
    assert_eq!(score.n, stars.len() as u64);
    assert_close(score.value, stars.iter().sum::<f64>() / stars.len() as f64);

    // The App Store's French feed: ratings as strings under im:rating.label.
    let feed: serde_json::Value =
        serde_json::from_slice(&std::fs::read(shared("appstore_reviews_fr.json")).unwrap())
            .unwrap();
    let ratings: Vec<f64> = feed["feed"]["entry"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["im:rating"]["label"].as_str()?.parse().ok())
        .collect();
    let (_, score) = import_column(
        "appstore_reviews_fr.json",
        "im:rating",
        MetricDefinition::rating(5.0),
        &[],
    );
    assert_eq!(score.n, ratings.len() as u64);
    assert_close(
        score.value,
        ratings.iter().sum::<f64>() / ratings.len() as f64,
    );
}
