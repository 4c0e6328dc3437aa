//! A sync tool's conflict copy beside the project, in the real app: the banner names it (and not a copy of another
//! project under a copy's name), Merge brings the colleague's card into the window's project, Move to trash asks
//! first, and the copy ends in the trash under XDG_DATA_HOME — never deleted.

use fantoccini::{Client, Locator};
use std::ffi::OsStr;
use std::path::Path;
use waymark_core::sample;
use waymark_e2e::*;
use waymark_store::Store;

const COPY: &str = "Groceries (Ana's conflicted copy 2026-12-04).waymark";

async fn button(client: &Client, label: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .for_element(Locator::Css(&format!("button[aria-label=\"{label}\"]")))
        .await
        .unwrap_or_else(|e| panic!("button '{label}': {e}"))
}

async fn banner_text(client: &Client) -> Option<String> {
    let banner = client
        .find(Locator::Css("[data-testid=conflict-copies]"))
        .await
        .ok()?;
    banner.text().await.ok()
}

fn titles(file: &Path) -> Vec<String> {
    Store::open(file, "check").unwrap().project().journeys()[0]
        .cards_in_order()
        .map(|c| c.fields.title.clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_conflict_copy_is_offered_merged_and_moved_to_the_trash() {
    no_app_running().await;
    let home = tempfile::tempdir().unwrap();
    let file = project_file(home.path(), "Groceries.waymark", &sample::grocery());
    // Ana's laptop saved its own edit while the project changed elsewhere: Dropbox kept hers as a copy.
    let copy = home.path().join(COPY);
    std::fs::copy(&file, &copy).unwrap();
    let args = [
        OsStr::new("add-card"),
        copy.as_os_str(),
        OsStr::new("--stage"),
        OsStr::new("Shop"),
        OsStr::new("--lane"),
        OsStr::new("Customer actions"),
        OsStr::new("--title"),
        OsStr::new("From the laptop"),
    ];
    waymark(&args);
    // Another project under a copy's name is not offered.
    project_file(home.path(), "Groceries (1).waymark", &sample::grocery());

    let driver = Driver::start(home.path());
    let client = driver.session(&file).await;
    client
        .wait()
        .for_element(Locator::Css("[data-testid=conflict-copies]"))
        .await
        .unwrap();
    let text = banner_text(&client).await.unwrap();
    assert!(
        text.contains("A conflict copy of this project is beside it") && text.contains(COPY),
        "{text}"
    );
    assert!(!text.contains("Groceries (1).waymark"), "{text}");

    button(&client, &format!("Merge {COPY}"))
        .await
        .click()
        .await
        .unwrap();
    card(&client, "From the laptop").await;
    screenshot("conflict-copy-merged").await;

    // Move to trash asks first: Cancel leaves the copy where it is.
    let trash = format!("Move {COPY} to the trash");
    button(&client, &trash).await.click().await.unwrap();
    let dialog = client
        .wait()
        .for_element(Locator::Css("[role=alertdialog]"))
        .await
        .unwrap();
    assert!(dialog.text().await.unwrap().contains(COPY));
    screenshot("conflict-copy-trash-asks").await;
    dialog
        .find(Locator::XPath(".//button[normalize-space()='Cancel']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    eventually("the dialog closes", || async {
        client
            .find(Locator::Css("[role=alertdialog]"))
            .await
            .is_err()
    })
    .await;
    assert!(copy.exists(), "cancelled, the copy stays");

    button(&client, &trash).await.click().await.unwrap();
    client
        .wait()
        .for_element(Locator::XPath(
            "//*[@role='alertdialog']//button[normalize-space()='Move to trash']",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    eventually("the banner is gone with the copy", || async {
        banner_text(&client).await.is_none()
    })
    .await;
    client.close().await.unwrap();
    drop(driver);

    assert!(!copy.exists(), "the copy left the project's folder");
    let trashed = home.path().join("data/Trash/files").join(COPY);
    assert!(
        titles(&trashed).contains(&"From the laptop".to_owned()),
        "the copy is whole in the trash"
    );
    assert!(
        titles(&file).contains(&"From the laptop".to_owned()),
        "the project holds the merged card"
    );
    assert!(home.path().join("Groceries (1).waymark").exists());
}
