//! Scores by segment and touchpoint channels in the real app: a survey written here (two Sign up touchpoints of
//! the sample, a Region column where South is clearly worse) is imported with the real CLI, the app is opened on
//! the project, the legend's segment filter is set to Region = South, and a card's badge must show South's n and
//! NPS as counted here from the rows; then the card's table by segment and the stage's Channels panel.
//! A test binary of its own, so no other test's app runs on the same D-Bus session meanwhile.

use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use waymark_core::sample;
use waymark_e2e::*;

/// One response: the card its touchpoint column names, its region, its 0–10 answer.
struct Row {
    card: &'static str,
    region: &'static str,
    score: u32,
}

const SIGN_UP_FORM: &str = "Sign-up form";
const APP_ONBOARDING: &str = "App onboarding";

/// 60 responses, 15 for each card and region. On the sign-up form the North is mostly promoters and the South
/// all detractors; app onboarding is poor in both regions (its channel, the mobile app, is the stage's worst).
fn rows() -> Vec<Row> {
    (0..60u32)
        .map(|i| {
            let (card, region) = match i % 4 {
                0 => (SIGN_UP_FORM, "North"),
                1 => (APP_ONBOARDING, "North"),
                2 => (SIGN_UP_FORM, "South"),
                _ => (APP_ONBOARDING, "South"),
            };
            let score = match (card, region) {
                (SIGN_UP_FORM, "North") => [10, 9, 8][(i % 3) as usize],
                (SIGN_UP_FORM, _) => [3, 6, 9, 0, 5, 2, 4][(i % 7) as usize],
                (_, "North") => [6, 7, 5][(i % 3) as usize],
                _ => i % 5,
            };
            Row {
                card,
                region,
                score,
            }
        })
        .collect()
}

fn write_survey(dir: &Path) -> PathBuf {
    let path = dir.join("survey.csv");
    let mut text = String::from("touchpoint,nps,Region\n");
    for r in rows() {
        text.push_str(&format!("{},{},{}\n", r.card, r.score, r.region));
    }
    std::fs::write(&path, text).unwrap();
    path
}

/// n and NPS (% promoters 9–10 minus % detractors 0–6) of the rows that pass `keep`, counted from the rows.
fn nps_of(keep: impl Fn(&Row) -> bool) -> (u64, f64) {
    let kept: Vec<Row> = rows().into_iter().filter(keep).collect();
    let promoters = kept.iter().filter(|r| r.score >= 9).count() as f64;
    let detractors = kept.iter().filter(|r| r.score <= 6).count() as f64;
    let n = kept.len() as f64;
    (kept.len() as u64, 100.0 * (promoters - detractors) / n)
}

/// A badge as the app writes it: NPS as a signed whole number, then n.
fn badge_text((n, value): (u64, f64)) -> String {
    let sign = if value.round() > 0.0 { "+" } else { "" };
    format!("{sign}{} n={n}", value.round() as i64)
}

async fn text_of(element: &Element) -> String {
    element.text().await.unwrap_or_default()
}

/// The score badge on the card titled `title`, if it has one.
async fn badge_of(client: &Client, title: &str) -> Option<String> {
    let card = card(client, title).await;
    match card.find(Locator::Css("[data-testid=score-badge]")).await {
        Ok(badge) => Some(text_of(&badge).await),
        Err(_) => None,
    }
}

async fn select(client: &Client, label: &str, value: &str) {
    let css = format!("select[aria-label='{label}']");
    let found = client
        .wait()
        .for_element(Locator::Css(&css))
        .await
        .unwrap_or_else(|e| panic!("{label}: {e}"));
    eventually(&format!("{label} offers {value}"), || async {
        found.is_enabled().await.unwrap_or(false)
            && found
                .find(Locator::Css(&format!("option[value='{value}']")))
                .await
                .is_ok()
    })
    .await;
    found.select_by_value(value).await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_legend_shows_one_region_and_a_stage_its_channels() {
    no_app_running().await;
    let home = tempfile::tempdir().unwrap();
    let file = project_file(home.path(), "groceries.waymark", &sample::grocery());
    let survey = write_survey(home.path());
    let args: [&OsStr; 11] = [
        "import".as_ref(),
        file.as_os_str(),
        survey.as_os_str(),
        "--metric".as_ref(),
        "nps".as_ref(),
        "--score".as_ref(),
        "nps".as_ref(),
        "--card-column".as_ref(),
        "touchpoint".as_ref(),
        "--segment".as_ref(),
        "Region".as_ref(),
    ];
    let said = waymark(&args);
    assert!(said.contains("60 imported"), "{said}");

    let driver = Driver::start(home.path());
    let client = driver.session(&file).await;
    client
        .wait()
        .for_element(Locator::Css("[data-testid=score-badge]"))
        .await
        .unwrap();
    let all = badge_text(nps_of(|r| r.card == SIGN_UP_FORM));
    assert_eq!(
        badge_of(&client, SIGN_UP_FORM).await.as_deref(),
        Some(all.as_str())
    );

    // Region = South in the legend: the badge shows South's responses only.
    select(&client, "Segment column", "Region").await;
    select(&client, "Segment value", "South").await;
    let south = nps_of(|r| r.card == SIGN_UP_FORM && r.region == "South");
    let expected = badge_text(south);
    assert_ne!(expected, all, "the test's data make South's score differ");
    eventually("the sign-up form's badge shows South's score", || async {
        badge_of(&client, SIGN_UP_FORM).await.as_deref() == Some(expected.as_str())
    })
    .await;
    let onboarding = badge_text(nps_of(|r| r.card == APP_ONBOARDING && r.region == "South"));
    assert_eq!(
        badge_of(&client, APP_ONBOARDING).await.as_deref(),
        Some(onboarding.as_str())
    );
    let showing = client
        .find(Locator::Css("[data-testid=segment-showing]"))
        .await
        .unwrap();
    assert!(
        text_of(&showing)
            .await
            .starts_with("Showing: Region = South")
    );
    // The heatmap follows the filter.
    press(&client, &[], 'h').await;
    screenshot("segments-legend-south").await;

    // The card's table by region: South is below the North, significantly.
    card(&client, SIGN_UP_FORM).await.click().await.unwrap();
    press(&client, &[Key::Control], 'i').await;
    let table = client
        .wait()
        .for_element(Locator::Css("[data-testid=segment-table]"))
        .await
        .unwrap();
    let south_row = table
        .find(Locator::Css(
            "[data-testid=segment-row][data-segment='South']",
        ))
        .await
        .unwrap();
    let text = text_of(&south_row).await;
    assert!(text.contains(&format!("{}", south.0)), "{text}");
    assert!(
        text.contains(
            "below the other values, significant at 95% (adjusted-Wald difference of NPS)"
        ),
        "{text}"
    );
    screenshot("segments-card-table").await;

    // The Sign up stage's channels, from its header: the web and the mobile app, each with its responses.
    client
        .find(Locator::Css("button[aria-label='Channels of Sign up']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let panel = client
        .wait()
        .for_element(Locator::Css("aside[aria-label='Channels']"))
        .await
        .unwrap();
    eventually("the Channels panel lists the stage's channels", || async {
        panel
            .find_all(Locator::Css("[data-testid=channel-row]"))
            .await
            .is_ok_and(|rows| rows.len() == 2)
    })
    .await;
    let mut channels = Vec::new();
    for row in panel
        .find_all(Locator::Css("[data-testid=channel-row]"))
        .await
        .unwrap()
    {
        channels.push((
            row.attr("data-channel").await.unwrap().unwrap_or_default(),
            row.attr("data-below").await.unwrap().is_some(),
            text_of(&row).await,
        ));
    }
    assert_eq!(channels[0].0, "Web");
    assert_eq!(channels[1].0, "Mobile app");
    let web_n = nps_of(|r| r.card == SIGN_UP_FORM).0;
    let app_n = nps_of(|r| r.card == APP_ONBOARDING).0;
    assert!(
        channels[0].2.contains(&web_n.to_string()),
        "{}",
        channels[0].2
    );
    assert!(
        channels[1].2.contains(&app_n.to_string()),
        "{}",
        channels[1].2
    );
    // App onboarding is far below the sign-up form (−83 against −17 on 30 responses each): flagged.
    assert!(!channels[0].1 && channels[1].1, "{channels:?}");
    assert!(channels[1].2.contains("below the other channels at 95%"));
    screenshot("segments-channels").await;
    client.close().await.unwrap();
}
