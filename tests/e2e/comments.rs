//! Comments in the real app: on the sample's "Card payment", a comment and a reply written in the card's details,
//! the thread resolved; then the app closed and started again on the same file, where the Comments panel finds
//! the resolved thread with both texts — and the file holds them.

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use waymark_core::sample;
use waymark_e2e::*;
use waymark_store::Store;

const COMMENT: &str = "Why 3-D Secure here? @Bob";
const REPLY: &str = "The bank asks for it";

/// The text of the first element `css` finds, or "" while there is none.
async fn text_of(client: &Client, css: &str) -> String {
    match client.find(Locator::Css(css)).await {
        Ok(element) => element.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Clicks the text box `label` names and types `text` into it.
async fn write_in(client: &Client, label: &str, text: &str) {
    let css = format!("textarea[aria-label='{label}']");
    client
        .wait()
        .for_element(Locator::Css(&css))
        .await
        .unwrap_or_else(|e| panic!("the box {label}: {e}"))
        .click()
        .await
        .unwrap();
    type_text(client, text).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thread_written_and_resolved_in_the_app_is_there_after_a_restart() {
    no_app_running().await;
    let home = tempfile::tempdir().unwrap();
    let file = project_file(home.path(), "groceries.waymark", &sample::grocery());
    let driver = Driver::start(home.path());

    let client = driver.session(&file).await;
    assert_eq!(count(&client, "[data-testid=comment-badge]").await, 0);
    card(&client, "Card payment").await.click().await.unwrap();
    press(&client, &[Key::Control], 'i').await;

    // A comment, posted with Ctrl+Enter: the card gets its badge.
    write_in(&client, "New comment", COMMENT).await;
    press(&client, &[Key::Control], Key::Enter.into()).await;
    eventually("the card's badge counts one open thread", || async {
        text_of(&client, "[data-testid=comment-badge]").await == "1"
    })
    .await;
    let badge = client
        .find(Locator::Css("[data-testid=comment-badge]"))
        .await
        .unwrap();
    assert_eq!(
        badge.attr("title").await.unwrap().as_deref(),
        Some("1 open comment")
    );
    assert!(
        text_of(&client, ".thread mark.mention").await == "@Bob",
        "the mention is marked"
    );

    // A reply, by the author the app records (WAYMARK_AUTHOR is e2e), with the thread's Reply button.
    write_in(&client, "Reply to e2e", REPLY).await;
    client
        .find(Locator::XPath(
            "//li[contains(@class,'thread')]//button[normalize-space()='Reply']",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    eventually("the reply is under its comment", || async {
        text_of(&client, ".thread .comment.reply .comment-text").await == REPLY
    })
    .await;
    assert_eq!(count(&client, "button[aria-label='Edit comment']").await, 2);
    screenshot("comments-thread").await;

    // Resolved: the thread folds to one line and the badge goes.
    client
        .find(Locator::Css("button[aria-label='Resolve thread']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    eventually("the thread folds", || async {
        count(&client, ".thread.folded").await == 1
    })
    .await;
    eventually("no open thread is left to count", || async {
        count(&client, "[data-testid=comment-badge]").await == 0
    })
    .await;
    screenshot("comments-resolved").await;
    client.close().await.unwrap();

    // The file holds the thread: the comment, its reply, resolved, by e2e.
    {
        let store = Store::open(&file, "check").unwrap();
        let journey = &store.project().journeys()[0];
        let comments: Vec<_> = journey.comments().collect();
        assert_eq!(comments.len(), 2, "{comments:?}");
        let card = journey
            .cards_in_order()
            .find(|c| c.fields.title == "Card payment")
            .unwrap()
            .id;
        let root = comments.iter().find(|c| c.reply_to.is_none()).unwrap();
        let reply = comments.iter().find(|c| c.reply_to.is_some()).unwrap();
        assert_eq!((root.text.as_str(), root.card), (COMMENT, card));
        assert!(root.resolved);
        assert_eq!(
            (reply.text.as_str(), reply.reply_to, reply.card),
            (REPLY, Some(root.id), card)
        );
        assert!(comments.iter().all(|c| c.author == "e2e"));
    }

    // Started again: the Comments panel lists the resolved thread (with "Show resolved"); choosing it opens the
    // thread in the card's details, both texts in it.
    let client = driver.session(&file).await;
    card(&client, "Card payment").await;
    press(&client, &[Key::Control, Key::Shift], 'm').await;
    let summary = client
        .wait()
        .for_element(Locator::Css("[data-testid=comments-summary]"))
        .await
        .unwrap();
    assert_eq!(
        summary.text().await.unwrap(),
        "No open threads, 1 resolved."
    );
    client
        .find(Locator::XPath(
            "//label[normalize-space()='Show resolved']/input",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let listed = client
        .wait()
        .for_element(Locator::Css("[data-testid=comment-list] button"))
        .await
        .unwrap();
    let text = listed.text().await.unwrap();
    assert!(
        text.contains("Card payment") && text.contains(COMMENT) && text.contains("1 reply"),
        "{text}"
    );
    listed.click().await.unwrap();
    eventually(
        "the resolved thread opens in the card's details",
        || async {
            let thread = text_of(&client, ".card-comments .thread.resolved:not(.folded)").await;
            thread.contains(COMMENT) && thread.contains(REPLY)
        },
    )
    .await;
    assert_eq!(
        client
            .find(Locator::Css("aside[aria-label='Card details'] input"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("Card payment")
    );
    assert!(
        client
            .find(Locator::Css("button[aria-label='Reopen thread']"))
            .await
            .is_ok()
    );
    screenshot("comments-after-restart").await;
    client.close().await.unwrap();
}
