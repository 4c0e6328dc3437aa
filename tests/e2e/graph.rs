//! The journey as a graph in the real app: a flow selected from the keyboard is made a failure and labelled in
//! place, another flow is deleted, a journey is added from a template and renamed, a card added by mistake is taken
//! away by restoring the history to the point before it; after closing and starting the app again, every change
//! is in the window and in the file.
//! A test binary of its own, so no other test's app runs on the same D-Bus session meanwhile.

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use waymark_core::{FlowKind, sample};
use waymark_e2e::*;
use waymark_store::Store;

const LABEL: &str = "card declined";
const MISTAKE: &str = "Added by mistake";

/// Selects the next flow of the selected card with `]` and returns its id.
async fn next_flow(client: &Client) -> String {
    press(client, &[], ']').await;
    let selected = client
        .wait()
        .for_element(Locator::Css(".flow-item.selected [data-testid=flow]"))
        .await
        .unwrap();
    selected.attr("data-flow-id").await.unwrap().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn flows_and_journeys_edited_in_the_window_are_kept() {
    no_app_running().await;
    let home = tempfile::tempdir().unwrap();
    let file = project_file(home.path(), "groceries.waymark", &sample::grocery());
    let (branching, flows_before) = {
        let store = Store::open(&file, "check").unwrap();
        let journey = &store.project().journeys()[0];
        let card = journey
            .cards_in_order()
            .find(|c| {
                journey
                    .flows_by_id()
                    .iter()
                    .filter(|f| f.from == c.id)
                    .count()
                    >= 2
            })
            .expect("the sample branches");
        (card.fields.title.clone(), journey.flow_count())
    };
    let driver = Driver::start(home.path());
    let client = driver.session(&file).await;

    // From a card, ] selects its first flow; 3 makes it a failure; Enter labels it in place.
    card(&client, &branching).await.click().await.unwrap();
    let typed = next_flow(&client).await;
    press(&client, &[], '3').await;
    eventually("the flow is drawn as a failure", || async {
        let flow = client
            .find(Locator::Css(&format!("[data-flow-id='{typed}']")))
            .await;
        match flow {
            Ok(flow) => flow
                .attr("class")
                .await
                .ok()
                .flatten()
                .is_some_and(|c| c.contains("flow-failure")),
            Err(_) => false,
        }
    })
    .await;
    press(&client, &[], Key::Enter.into()).await;
    client
        .wait()
        .for_element(Locator::Css("input[aria-label='Flow label']"))
        .await
        .unwrap();
    type_text(&client, LABEL).await;
    press(&client, &[], Key::Enter.into()).await;
    eventually("the label is on the canvas", || async {
        let labels = client
            .find_all(Locator::Css(".flow-label"))
            .await
            .unwrap_or_default();
        for label in labels {
            if label.text().await.is_ok_and(|t| t == LABEL) {
                return true;
            }
        }
        false
    })
    .await;

    // The card's next flow goes with Delete.
    card(&client, &branching).await.click().await.unwrap();
    let mut deleted = next_flow(&client).await;
    if deleted == typed {
        deleted = next_flow(&client).await;
    }
    press(&client, &[], Key::Delete.into()).await;
    eventually("the flow is gone", || async {
        count(&client, "[data-testid=flow]").await == flows_before - 1
    })
    .await;

    // A journey from a template, renamed in the Journeys panel.
    press(&client, &[Key::Control, Key::Shift], 'j').await;
    let panel = client
        .wait()
        .for_element(Locator::Css("aside[aria-label='Journeys']"))
        .await
        .unwrap();
    panel
        .find(Locator::Css("select[aria-label='Start from']"))
        .await
        .unwrap()
        .select_by_value("template:Booking travel")
        .await
        .unwrap();
    panel
        .find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    eventually("the journey is added", || async {
        count(&client, "select[aria-label=Journey] option").await == 2
    })
    .await;
    let name = panel
        .find(Locator::Css("input[aria-label='Name of journey 2']"))
        .await
        .unwrap();
    name.clear().await.unwrap();
    name.send_keys("Business trip\u{E007}").await.unwrap();
    eventually("the journey is renamed", || async {
        let options = client
            .find_all(Locator::Css("select[aria-label=Journey] option"))
            .await
            .unwrap_or_default();
        match options.get(1) {
            Some(option) => option.text().await.is_ok_and(|t| t == "Business trip"),
            None => false,
        }
    })
    .await;
    screenshot("graph-edited").await;

    // A card added by mistake (on the new journey, now on show), then the history restored to the point before
    // it: one new edit.
    client
        .find(Locator::Css("[data-testid=card]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    press(&client, &[], 'n').await;
    client
        .wait()
        .for_element(Locator::Css("input[aria-label='Card title']"))
        .await
        .unwrap();
    type_text(&client, MISTAKE).await;
    press(&client, &[], Key::Enter.into()).await;
    card(&client, MISTAKE).await;
    press(&client, &[Key::Control, Key::Shift], 'h').await;
    // The newest entry is the card's title, the one before it its adding: restore to the entry before both.
    client
        .wait()
        .for_element(Locator::Css(
            "[data-testid=history-entry]:nth-child(3) button[aria-label^='Restore to #']",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    eventually("the mistaken card is gone", || async {
        client
            .find(Locator::XPath(&format!(
                "//div[@class='card-title'][normalize-space()='{MISTAKE}']"
            )))
            .await
            .is_err()
    })
    .await;
    screenshot("graph-restored").await;
    client.close().await.unwrap();

    // Started again: everything is there, in the window…
    let client = driver.session(&file).await;
    card(&client, &branching).await;
    assert_eq!(count(&client, "[data-testid=flow]").await, flows_before - 1);
    assert_eq!(count(&client, "select[aria-label=Journey] option").await, 2);
    client.close().await.unwrap();

    // …and in the file.
    let store = Store::open(&file, "check").unwrap();
    let journeys = store.project().journeys();
    assert_eq!(journeys.len(), 2);
    assert_eq!(journeys[1].name(), "Business trip");
    assert!(
        journeys[1].card_count() > 0,
        "the template's cards came along"
    );
    let flows = journeys[0].flows_by_id();
    assert_eq!(flows.len(), flows_before - 1);
    assert!(flows.iter().all(|f| f.id.to_string() != deleted));
    let labelled = flows.iter().find(|f| f.id.to_string() == typed).unwrap();
    assert_eq!(labelled.kind, FlowKind::Failure);
    assert_eq!(labelled.label.as_deref(), Some(LABEL));
    assert!(
        journeys
            .iter()
            .all(|j| j.cards_in_order().all(|c| c.fields.title != MISTAKE)),
        "the restore took the mistaken card away"
    );
    let newest = &store.history(1).unwrap()[0];
    assert!(
        newest.description.starts_with("restore to #"),
        "{}",
        newest.description
    );
}
