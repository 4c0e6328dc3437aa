//! A project file replaced under the open window by a colleague's copy (the way sync clients and git do it:
//! written beside it, renamed over it): the window's next edit merges its work into the new file, says so, and the
//! file ends holding the colleague's edit and both of the window's.

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use std::ffi::OsStr;
use waymark_core::sample;
use waymark_e2e::*;
use waymark_store::Store;

/// Adds a card with `title` in the cell of the card `beside`, from the keyboard.
async fn add_card(client: &Client, beside: &str, title: &str) {
    card(client, beside).await.click().await.unwrap();
    press(client, &[], 'n').await;
    client
        .wait()
        .for_element(Locator::Css("input[aria-label='Card title']"))
        .await
        .unwrap();
    type_text(client, title).await;
    press(client, &[], Key::Enter.into()).await;
    card(client, title).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_colleagues_copy_replacing_the_file_is_merged_with_the_windows_work() {
    no_app_running().await;
    let home = tempfile::tempdir().unwrap();
    let file = project_file(home.path(), "groceries.waymark", &sample::grocery());
    // The colleague's copy, taken before the window's edits, edited with the CLI.
    let colleague = home.path().join("colleague.waymark");
    std::fs::copy(&file, &colleague).unwrap();
    let arg = |s: &str| OsStr::new(s).to_owned();
    let add = |title: &str| {
        let args = [
            arg("add-card"),
            colleague.clone().into_os_string(),
            arg("--stage"),
            arg("Shop"),
            arg("--lane"),
            arg("Customer actions"),
            arg("--title"),
            arg(title),
        ];
        waymark(&args.iter().map(|a| a.as_os_str()).collect::<Vec<_>>());
    };
    add("From a colleague");

    let driver = Driver::start(home.path());
    let client = driver.session(&file).await;
    add_card(&client, "Builds a basket", "First from the window").await;
    // The sync client puts the colleague's copy in place.
    let incoming = home.path().join(".groceries.waymark.sync-tmp");
    std::fs::copy(&colleague, &incoming).unwrap();
    std::fs::rename(&incoming, &file).unwrap();
    add_card(&client, "Builds a basket", "Second from the window").await;
    eventually(
        "the window says the file was replaced and merged",
        || async {
            match client.find(Locator::Css("[data-testid=file-notice]")).await {
                Ok(notice) => notice.text().await.is_ok_and(|t| {
                    t.contains("was replaced on disk by another copy of the project")
                }),
                Err(_) => false,
            }
        },
    )
    .await;
    card(&client, "From a colleague").await;
    screenshot("replaced-file-merged").await;
    client.close().await.unwrap();

    let store = Store::open(&file, "check").unwrap();
    let titles: Vec<String> = store.project().journeys()[0]
        .cards_in_order()
        .map(|c| c.fields.title.clone())
        .collect();
    for title in [
        "From a colleague",
        "First from the window",
        "Second from the window",
    ] {
        assert!(
            titles.contains(&title.to_owned()),
            "{title} is in the file: {titles:?}"
        );
    }
    drop((store, driver));
    the_window_notices_a_replaced_or_deleted_file_without_an_edit().await;
}

/// Waits for the read-only banner of a window whose file is gone or another one's, saying `what`.
async fn detached_says(client: &Client, what: &str) {
    eventually(&format!("the window says: {what}"), || async {
        match client
            .find(Locator::Css("[data-testid=file-detached]"))
            .await
        {
            Ok(banner) => banner.text().await.is_ok_and(|t| t.contains(what)),
            Err(_) => false,
        }
    })
    .await;
}

/// Run after the first scenario, in the same test: two apps at once would be one (single instance).
async fn the_window_notices_a_replaced_or_deleted_file_without_an_edit() {
    no_app_running().await;
    let home = tempfile::tempdir().unwrap();
    let file = project_file(home.path(), "groceries.waymark", &sample::grocery());
    let colleague = home.path().join("colleague.waymark");
    std::fs::copy(&file, &colleague).unwrap();
    let args: Vec<std::ffi::OsString> = [
        "add-card",
        colleague.to_str().unwrap(),
        "--stage",
        "Delivery",
        "--lane",
        "Customer actions",
        "--title",
        "Card from the colleague",
    ]
    .iter()
    .map(Into::into)
    .collect();
    waymark(&args.iter().map(|a| a.as_os_str()).collect::<Vec<_>>());

    let driver = Driver::start(home.path());
    let client = driver.session(&file).await;
    add_card(&client, "Builds a basket", "Card from this window").await;
    let incoming = home.path().join(".groceries.waymark.part");
    std::fs::copy(&colleague, &incoming).unwrap();
    std::fs::rename(&incoming, &file).unwrap();
    // No edit: the window notices on its own, merges and shows the colleague's card.
    card(&client, "Card from the colleague").await;
    eventually(
        "the window says the file was replaced and merged",
        || async {
            client
                .find(Locator::Css("[data-testid=file-notice]"))
                .await
                .is_ok()
        },
    )
    .await;
    let titles: Vec<String> = Store::open(&file, "check").unwrap().project().journeys()[0]
        .cards_in_order()
        .map(|c| c.fields.title.clone())
        .collect();
    assert!(
        titles.contains(&"Card from this window".to_owned())
            && titles.contains(&"Card from the colleague".to_owned())
    );
    // Deleted: the window says so, turns read-only, offers Save as, and keeps its document on screen.
    std::fs::remove_file(&file).unwrap();
    detached_says(&client, "was moved or deleted on disk").await;
    card(&client, "Card from this window").await;
    let add = client
        .find(Locator::Css("button[data-action='card.add']"))
        .await
        .unwrap();
    assert!(!add.is_enabled().await.unwrap(), "read-only: no adding");
    client
        .find(Locator::XPath(
            "//*[@data-testid='file-detached']//button[normalize-space()='Save as…']",
        ))
        .await
        .expect("Save as is offered");
    screenshot("file-deleted-under-window").await;
    // Another project's file put in its place: the window offers to open that one, in a new window.
    project_file(home.path(), "groceries.waymark", &sample::grocery());
    detached_says(&client, "another project's file").await;
    let windows = client.windows().await.unwrap().len();
    client
        .find(Locator::XPath(
            "//*[@data-testid='file-detached']//button[normalize-space()='Open the new file']",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    eventually("the new file opens in a new window", || async {
        client.windows().await.is_ok_and(|w| w.len() == windows + 1)
    })
    .await;
    card(&client, "Card from this window").await;
    client.close().await.unwrap();
}
