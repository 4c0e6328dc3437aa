//! The app and the `waymark` command are two front ends over one library call per operation: for the same
//! request they give the same result. Here, with the real app and the real CLI: a feedback import saves the same
//! preset, an export writes the same bytes, and the minimum n set in the app's legend is the one the canvas and
//! the export both honour (a card with 10 ≤ n < 30 is confident at 10, low-confidence at 30).
//! A test binary of its own, so no other test's app runs on the same D-Bus session meanwhile.

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use waymark_core::sample;
use waymark_e2e::*;
use waymark_feedback::{Mapping, Target};
use waymark_store::Store;

/// How many responses the survey gives its one card: between the two minimums the test sets.
const RESPONSES: usize = 20;

/// A survey export naming one card of the sample in every row.
fn survey(dir: &Path) -> PathBuf {
    let path = dir.join("survey.csv");
    let mut text = String::from("touchpoint,nps,comment\n");
    for row in 0..RESPONSES {
        text.push_str(&format!("Card payment,{},fine {row}\n", 10 - row % 4));
    }
    std::fs::write(&path, text).unwrap();
    path
}

/// The `waymark import` options that say what `mapping` says.
fn import_flags(mapping: &Mapping) -> Vec<String> {
    let metric = &mapping.metric;
    let mut flags = vec![
        "--metric".to_owned(),
        serde_json::to_value(metric.kind)
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned(),
        "--score".to_owned(),
        mapping.score.clone(),
        "--scale".to_owned(),
        format!("{}-{}", metric.scale_min, metric.scale_max),
    ];
    for (flag, value) in [
        ("--comment", &mapping.comment),
        ("--date", &mapping.date),
        ("--sheet", &mapping.sheet),
    ] {
        if let Some(value) = value {
            flags.extend([flag.to_owned(), value.clone()]);
        }
    }
    for segment in &mapping.segments {
        flags.extend(["--segment".to_owned(), segment.clone()]);
    }
    if mapping.day_first {
        flags.push("--day-first".to_owned());
    }
    match &mapping.target {
        Target::Card { card } => flags.extend(["--card".to_owned(), card.to_string()]),
        Target::Column { column, aliases } => {
            flags.extend(["--card-column".to_owned(), column.clone()]);
            for (value, card) in aliases {
                flags.extend(["--alias".to_owned(), format!("{value}={card}")]);
            }
        }
        Target::ChannelStage { channel, stage } => flags.extend([
            "--channel-column".to_owned(),
            channel.clone(),
            "--stage-column".to_owned(),
            stage.clone(),
        ]),
    }
    flags
}

/// Sets the legend's "Minimum responses" as a user types it: the old value selected, the new one typed over it.
async fn set_min_n(client: &Client, min_n: u64) {
    let input = client
        .find(Locator::Css("input[aria-label='Minimum responses']"))
        .await
        .unwrap();
    input.click().await.unwrap();
    press(client, &[Key::Control], 'a').await;
    type_text(client, &min_n.to_string()).await;
    eventually("the legend shows the minimum", || async {
        input.prop("value").await.ok().flatten().as_deref() == Some(min_n.to_string().as_str())
    })
    .await;
    // Done typing: the app's shortcuts (not the field) get the next keys.
    client
        .execute("document.activeElement.blur()", vec![])
        .await
        .unwrap();
}

/// Whether the one score badge on the canvas is drawn as low-confidence (dashed).
async fn badge_is_low_confidence(client: &Client) -> bool {
    let badge = client
        .find(Locator::Css("[data-testid=score-badge]"))
        .await
        .unwrap();
    badge
        .attr("class")
        .await
        .unwrap()
        .unwrap_or_default()
        .contains("low-confidence")
}

/// Exports from the open Export panel and returns the file's bytes.
async fn export_from_app(client: &Client) -> Vec<u8> {
    let done = client.find(Locator::Css("[data-testid=export-done]")).await;
    let before = match done {
        Ok(done) => done.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    };
    client
        .find(Locator::Css("[data-testid=export-run]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let said = || async {
        match client.find(Locator::Css("[data-testid=export-done]")).await {
            Ok(done) => done.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    };
    eventually("the panel says where the export went", || async {
        let now = said().await;
        !now.is_empty() && now != before
    })
    .await;
    let said = said().await;
    let path = said
        .strip_prefix("Saved ")
        .and_then(|rest| rest.rsplit_once(" ("))
        .map(|(path, _)| path.to_owned())
        .unwrap_or_else(|| panic!("the panel names the file: {said}"));
    std::fs::read(path).unwrap()
}

/// The journey exported as SVG by the CLI with this minimum n.
fn export_from_cli(file: &Path, dir: &Path, min_n: u64) -> Vec<u8> {
    let out = dir.join(format!("cli-{min_n}.svg"));
    let min_n = min_n.to_string();
    let args: [&OsStr; 6] = [
        "export".as_ref(),
        file.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--min-n".as_ref(),
        min_n.as_ref(),
    ];
    waymark(&args);
    std::fs::read(out).unwrap()
}

fn dashed_badges(svg: &[u8]) -> usize {
    String::from_utf8_lossy(svg)
        .matches("(low confidence)")
        .count()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_app_and_the_cli_give_the_same_results_for_the_same_request() {
    no_app_running().await;
    let home = tempfile::tempdir().unwrap();
    let file = project_file(home.path(), "groceries.waymark", &sample::grocery());
    let copy = project_file(home.path(), "copy.waymark", &sample::grocery());
    let survey = survey(home.path());
    let driver = Driver::start(home.path());

    // Import in the app, saving the mapping as a preset.
    let client = driver
        .session_with(&[file.as_os_str(), "--import".as_ref(), survey.as_os_str()])
        .await;
    client
        .wait()
        .for_element(Locator::Css("input[aria-label='Preset name']"))
        .await
        .unwrap()
        .send_keys("monthly")
        .await
        .unwrap();
    import_from_panel(
        &client,
        &format!("{RESPONSES} rows read: {RESPONSES} to import"),
    )
    .await;

    // The same import with the CLI, on a copy: the same preset is saved.
    let saved_by_app = Store::open(&file, "check")
        .unwrap()
        .preset("monthly")
        .unwrap()
        .unwrap();
    let mapping: Mapping = serde_json::from_str(&saved_by_app).unwrap();
    let mut args: Vec<String> = vec![
        "import".into(),
        copy.display().to_string(),
        survey.display().to_string(),
    ];
    args.extend(import_flags(&mapping));
    args.extend(["--preset".into(), "monthly".into()]);
    waymark(&args.iter().map(OsStr::new).collect::<Vec<_>>());
    let saved_by_cli = Store::open(&copy, "check")
        .unwrap()
        .preset("monthly")
        .unwrap()
        .unwrap();
    assert_eq!(
        saved_by_app, saved_by_cli,
        "the app and the CLI save the same preset"
    );

    // At the default minimum n (30) the card's 20 responses are low-confidence on the canvas…
    assert!(badge_is_low_confidence(&client).await);
    // …and at 10 they are not: the canvas redraws the badge solid.
    set_min_n(&client, 10).await;
    eventually("the badge is drawn confident", || async {
        !badge_is_low_confidence(&client).await
    })
    .await;

    // The export honours the same minimum, and is byte for byte the CLI's for the same request.
    open_export_panel(&client).await;
    client
        .find(Locator::Css("select[aria-label='Format']"))
        .await
        .unwrap()
        .select_by_value("svg")
        .await
        .unwrap();
    let app_at_10 = export_from_app(&client).await;
    assert_eq!(dashed_badges(&app_at_10), 0, "confident at a minimum of 10");
    assert!(
        app_at_10 == export_from_cli(&file, home.path(), 10),
        "the app's SVG is the CLI's"
    );

    // Back to 30: low-confidence in the canvas and the export alike.
    press(&client, &[], Key::Escape.into()).await;
    set_min_n(&client, 30).await;
    eventually("the badge is drawn low-confidence", || async {
        badge_is_low_confidence(&client).await
    })
    .await;
    open_export_panel(&client).await;
    let app_at_30 = export_from_app(&client).await;
    assert_eq!(
        dashed_badges(&app_at_30),
        1,
        "low-confidence at a minimum of 30"
    );
    assert!(
        app_at_30 == export_from_cli(&file, home.path(), 30),
        "the app's SVG is the CLI's"
    );
    screenshot("parity-min-n").await;
    client.close().await.unwrap();
}
