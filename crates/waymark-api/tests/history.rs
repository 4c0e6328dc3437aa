//! History paged, restored and compared, and versions saved and listed, as the app and the CLI call them.

use std::path::Path;
use waymark_api::history::{
    compare_with_version, find_point, history_page, restore, save_version, versions,
};
use waymark_core::*;
use waymark_store::Store;

fn sample_store(dir: &Path) -> Store {
    Store::create(&dir.join("groceries.waymark"), &sample::grocery(), "t").unwrap()
}

fn card_titled(store: &Store, title: &str) -> Card {
    let journey = &store.project().journeys()[0];
    let card = journey.cards_in_order().find(|c| c.fields.title == title);
    card.expect("the card is there").clone()
}

/// A version "Before the workshop", then: a card added, one retitled, one moved, one deleted, one reordered.
fn edited_after_a_version(store: &mut Store) -> (CardId, CardId, CardId, Card) {
    save_version(store, "Before the workshop").unwrap();
    let journey = store.project().journeys()[0].id();
    let added = CardId::new();
    let payment = card_titled(store, "Card payment");
    let retitled = card_titled(store, "Order confirmation");
    let deleted = card_titled(store, "Rating prompt");
    let mut fields = retitled.fields.clone();
    fields.title = "Order confirmed".into();
    let commands = [
        Command::AddCard {
            journey,
            card: added,
            stage: payment.cell.stage,
            lane: payment.cell.lane,
            index: Some(0),
            fields: CardFields::titled("Pays by voucher", CardKind::Touchpoint),
        },
        Command::UpdateCard {
            journey,
            card: retitled.id,
            fields,
        },
        Command::MoveCard {
            journey,
            card: payment.id,
            stage: store.project().journeys()[0].stages()[0].id,
            lane: payment.cell.lane,
            index: None,
        },
        Command::DeleteCard {
            journey,
            card: deleted.id,
        },
    ];
    for command in &commands {
        store.apply(command).unwrap();
    }
    (added, retitled.id, payment.id, deleted)
}

#[test]
fn a_version_compared_with_now_lists_cards_added_removed_and_changed() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = sample_store(dir.path());
    let (added, retitled, moved, deleted) = edited_after_a_version(&mut store);

    let comparison = compare_with_version(&store, "before the WORKSHOP", None).unwrap();
    assert_eq!(comparison.seq, 0);
    assert_eq!(comparison.journey, store.project().journeys()[0].id());
    assert_eq!(comparison.added, [added]);
    assert_eq!(comparison.changed.len(), 2);
    assert!(comparison.changed.contains(&retitled) && comparison.changed.contains(&moved));
    assert_eq!(comparison.removed.len(), 1);
    assert_eq!(comparison.removed[0].id, deleted.id);
    assert_eq!(comparison.removed[0].fields.title, "Rating prompt");

    // Any point compares too, by number: after the first edit only the other three differ.
    let by_number = compare_with_version(&store, "#1", None).unwrap();
    assert!(by_number.added.is_empty());
    assert_eq!(by_number.removed.len(), 1);
    let now = compare_with_version(&store, "4", None).unwrap();
    assert!(now.added.is_empty() && now.removed.is_empty() && now.changed.is_empty());
}

#[test]
fn a_journey_added_since_the_version_is_all_new() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = sample_store(dir.path());
    save_version(&mut store, "One journey").unwrap();
    let original = store.project().journeys()[0].id();
    let from = waymark_api::journeys::NewJourney::CopyOf { journey: original };
    let copy = waymark_api::journeys::add_journey(&mut store, "Copy", &from, None).unwrap();
    let comparison = compare_with_version(&store, "One journey", Some(copy)).unwrap();
    assert_eq!(comparison.journey, copy);
    assert_eq!(comparison.added.len(), 41);
    assert!(comparison.removed.is_empty() && comparison.changed.is_empty());
}

#[test]
fn points_are_named_by_number_or_label_and_unknown_ones_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = sample_store(dir.path());
    let (_, _, _, deleted) = edited_after_a_version(&mut store);
    save_version(&mut store, "After").unwrap();
    assert_eq!(find_point(&store, "#3").unwrap(), 3);
    assert_eq!(find_point(&store, " 3 ").unwrap(), 3);
    assert_eq!(find_point(&store, "after").unwrap(), 4);
    assert_eq!(find_point(&store, "before the workshop").unwrap(), 0);
    let path = store.path().display().to_string();
    let error = find_point(&store, "Yesterday").unwrap_err().to_string();
    assert_eq!(
        error,
        format!("{path} has no version named \"Yesterday\" (`waymark versions` lists them)")
    );
    let error = compare_with_version(&store, "#99999999999999999999", None)
        .unwrap_err()
        .to_string();
    assert_eq!(error, format!("{path} has no history entry #{}", i64::MAX));
    let labels: Vec<String> = versions(&store)
        .unwrap()
        .into_iter()
        .map(|v| v.label)
        .collect();
    assert_eq!(labels, ["After", "Before the workshop"]);

    let before = find_point(&store, "Before the workshop").unwrap();
    restore(&mut store, before).unwrap();
    assert_eq!(card_titled(&store, "Rating prompt").id, deleted.id);
    let newest = &history_page(&store, None, 1).unwrap()[0];
    assert_eq!(newest.seq, 5);
    assert!(newest.description.starts_with("restore to #0"));
    let older = history_page(&store, Some(newest.seq), 10).unwrap();
    let seqs: Vec<i64> = older.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [4, 3, 2, 1]);
}
