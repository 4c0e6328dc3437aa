//! The real app imports a Qualtrics export made with "choice text" (answers as words, end points glued to their
//! numbers across a line break) through the import panel: the column picked by its question, the answers table,
//! and the score on the map — checked against a count made here from the file.

use fantoccini::Locator;
use std::path::Path;
use waymark_core::sample;
use waymark_e2e::*;
use waymark_store::Store;

/// The Qualtrics export from ../shared (no licence: read in place, never copied).
fn choice_text_export() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/fixtures/feedback/qualtrics_choice_text.csv")
}

/// Q3_1's responses and mean, counted from the file: three header rows, the spam row left out, the two end
/// labels mapped by hand, the middle points bare digits, blanks no answer.
fn q3_1_by_hand() -> (u64, f64) {
    let mut reader = csv::Reader::from_path(choice_text_export()).unwrap();
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (q3_1, status) = (at("Q3_1"), at("Status"));
    let values: Vec<f64> = reader
        .records()
        .skip(2)
        .map(Result::unwrap)
        .filter(|r| &r[status] != "Spam")
        .filter_map(|r| match &r[q3_1] {
            "Not at all likely\n1" => Some(1.0),
            "Very likely\n7" => Some(7.0),
            digits => digits.parse().ok(),
        })
        .collect();
    (
        values.len() as u64,
        values.iter().sum::<f64>() / values.len() as f64,
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn a_choice_text_export_imports_through_the_panel_with_its_labels_read() {
    no_app_running().await;
    let home = tempfile::tempdir().unwrap();
    let file = project_file(home.path(), "groceries.waymark", &sample::grocery());
    let survey = choice_text_export();
    let driver = Driver::start(home.path());
    let client = driver
        .session_with(&[file.as_os_str(), "--import".as_ref(), survey.as_os_str()])
        .await;

    // The score column is picked from a list that shows each question with its id.
    let score = client
        .wait()
        .for_element(Locator::Css("select[aria-label='Score column']"))
        .await
        .unwrap();
    let option = score
        .find(Locator::Css("option[value='Q3_1']"))
        .await
        .unwrap();
    let shown = option.text().await.unwrap();
    assert!(
        shown.contains("Inform you of the company novelties") && shown.ends_with("(Q3_1)"),
        "{shown}"
    );
    score.select_by_value("Q3_1").await.unwrap();
    eventually("the suggestion says why", || async {
        match client
            .find(Locator::Css("[data-testid=score-reason]"))
            .await
        {
            Ok(reason) => reason.text().await.is_ok_and(|t| t.contains("1 to 7")),
            Err(_) => false,
        }
    })
    .await;
    // The answers given as words are listed with the numbers they are read as.
    eventually("the answers table reads the glued labels", || async {
        match client.find(Locator::Css("[data-testid=answers]")).await {
            Ok(table) => table
                .text()
                .await
                .is_ok_and(|t| t.contains("Very likely") && t.contains("the number in the label")),
            Err(_) => false,
        }
    })
    .await;
    screenshot("feedback-choice-text-panel").await;
    let (n, mean) = q3_1_by_hand();
    import_from_panel(&client, &format!("356 rows read: {n} to import")).await;
    screenshot("feedback-choice-text-imported").await;
    client.close().await.unwrap();

    let store = Store::open(&file, "check").unwrap();
    let journey = &store.project().journeys()[0];
    let scores = store.card_scores(journey).unwrap();
    assert_eq!(scores.len(), 1);
    assert_eq!(scores[0].n, n);
    assert!(
        (scores[0].value - mean).abs() < 1e-9,
        "{} vs {mean}",
        scores[0].value
    );
}
