//! The merge review in the real app: a colleague's copy with a conflicting edit replaces the open file — the
//! window merges it, opens the review with the conflict marked on its card, a choice is applied, and the file
//! holds the choice (and the window's own card); then a file merged with conflicts by the CLI opens with the
//! review already open.

use fantoccini::{Client, Locator};
use std::ffi::OsStr;
use std::path::Path;
use waymark_core::{Command, sample};
use waymark_e2e::*;
use waymark_store::Store;

/// Retitles a card of the first journey with `waymark apply`, as a colleague's CLI would.
fn retitle(file: &Path, title: &str, new: &str) {
    let store = Store::open(file, "e2e").unwrap();
    let journey = &store.project().journeys()[0];
    let card = journey
        .cards_in_order()
        .find(|c| c.fields.title == title)
        .unwrap();
    let mut fields = card.fields.clone();
    fields.title = new.into();
    let command = Command::UpdateCard {
        journey: journey.id(),
        card: card.id,
        fields,
    };
    drop(store);
    let commands = file.with_extension("command.json");
    std::fs::write(&commands, serde_json::to_string(&command).unwrap()).unwrap();
    waymark(&[OsStr::new("apply"), file.as_os_str(), commands.as_os_str()]);
    std::fs::remove_file(commands).unwrap();
}

fn titles(file: &Path) -> Vec<String> {
    Store::open(file, "check").unwrap().project().journeys()[0]
        .cards_in_order()
        .map(|c| c.fields.title.clone())
        .collect()
}

async fn review(client: &Client) -> fantoccini::elements::Element {
    client
        .wait()
        .for_element(Locator::Css("aside[aria-label='Merge review']"))
        .await
        .expect("the merge review opens")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_conflicting_copy_opens_the_review_and_the_choice_is_kept_in_the_file() {
    no_app_running().await;
    let home = tempfile::tempdir().unwrap();
    let file = project_file(home.path(), "groceries.waymark", &sample::grocery());
    let colleague = home.path().join("colleague.waymark");
    std::fs::copy(&file, &colleague).unwrap();
    retitle(&colleague, "Sign-up form", "Join");
    retitle(&file, "Sign-up form", "Register");

    let driver = Driver::start(home.path());
    let client = driver.session(&file).await;
    card(&client, "Register").await;
    let incoming = home.path().join(".groceries.waymark.sync-tmp");
    std::fs::copy(&colleague, &incoming).unwrap();
    std::fs::rename(&incoming, &file).unwrap();

    let panel = review(&client).await;
    eventually("the review lists the conflict", || async {
        panel
            .find(Locator::Css("[data-testid=merge-conflict]"))
            .await
            .is_ok()
    })
    .await;
    let conflict = panel
        .find(Locator::Css("[data-testid=merge-conflict]"))
        .await
        .unwrap();
    let text = conflict.text().await.unwrap();
    assert!(text.contains("Register") && text.contains("Join"), "{text}");
    // The card is marked on the canvas.
    let marked = card(&client, "Register").await;
    let badge = marked
        .find(Locator::Css("[data-testid=change-badge]"))
        .await
        .unwrap();
    assert!(badge.text().await.unwrap().contains("conflict"));
    screenshot("merge-review-open").await;

    conflict
        .find(Locator::Css("input[type=radio][value=theirs]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    panel
        .find(Locator::XPath(
            ".//button[starts-with(normalize-space(.), 'Apply')]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    card(&client, "Join").await;
    eventually("the review has nothing left to settle", || async {
        match panel
            .find(Locator::Css("[data-testid=merge-summary]"))
            .await
        {
            Ok(summary) => summary
                .text()
                .await
                .is_ok_and(|t| t.contains("No conflicts to settle")),
            Err(_) => false,
        }
    })
    .await;
    screenshot("merge-review-settled").await;
    client.close().await.unwrap();
    drop(driver);
    let now = titles(&file);
    assert!(
        now.contains(&"Join".to_owned()) && !now.contains(&"Register".to_owned()),
        "{now:?}"
    );
    assert!(
        Store::open(&file, "check")
            .unwrap()
            .conflicts()
            .unwrap()
            .is_empty()
    );

    a_file_with_open_conflicts_opens_with_the_review().await;
}

/// Run after the first scenario, in the same test: two apps at once would be one (single instance).
async fn a_file_with_open_conflicts_opens_with_the_review() {
    no_app_running().await;
    let home = tempfile::tempdir().unwrap();
    let ours = project_file(home.path(), "ours.waymark", &sample::grocery());
    let theirs = home.path().join("theirs.waymark");
    std::fs::copy(&ours, &theirs).unwrap();
    retitle(&ours, "Card payment", "Pay by card");
    retitle(&theirs, "Card payment", "Pay with a card");
    let merged = home.path().join("merged.waymark");
    let status = std::process::Command::new(cli_binary())
        .args([
            OsStr::new("merge"),
            ours.as_os_str(),
            theirs.as_os_str(),
            OsStr::new("-o"),
            merged.as_os_str(),
        ])
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1), "the merge leaves a conflict");

    let driver = Driver::start(home.path());
    let client = driver.session(&merged).await;
    let panel = review(&client).await;
    eventually("the review lists the CLI merge's conflict", || async {
        match panel
            .find(Locator::Css("[data-testid=merge-summary]"))
            .await
        {
            Ok(summary) => summary
                .text()
                .await
                .is_ok_and(|t| t.contains("1 conflict to settle")),
            Err(_) => false,
        }
    })
    .await;
    client.close().await.unwrap();
}
