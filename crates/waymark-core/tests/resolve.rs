//! Settling a merge's conflicts: each choice on a hand-made conflict of the sample, checked against the side it
//! names, and a property over random edit sequences (settling every conflict gives a valid project; "mine" for
//! all is the merge as it stands; "theirs" for all takes their value of every conflicting field).

mod sample_edits;
mod support;

use proptest::prelude::*;
use sample_edits::{card, edited, journey, retitle};
use support::{Seed, command_from_seed};
use waymark_core::items::Items;
use waymark_core::merge::{Conflict, ConflictReason, merge};
use waymark_core::resolve::{Choice, choices_for, resolve};
use waymark_core::*;

/// The merge of the two sides' edits, and its conflicts.
fn conflicting(
    base: &Project,
    ours: &[Command],
    theirs: &[Command],
) -> (ProjectData, Vec<Conflict>) {
    let m = merge(
        &base.to_data(),
        &edited(base, ours).to_data(),
        &edited(base, theirs).to_data(),
    )
    .unwrap();
    (m.data, m.conflicts)
}

fn settled(data: &ProjectData, conflicts: &[Conflict], choice: Choice) -> Project {
    let choices: Vec<_> = conflicts
        .iter()
        .map(|c| (c.clone(), choice.clone()))
        .collect();
    Project::from_data(&resolve(data, &choices).unwrap()).unwrap()
}

fn titles(p: &Project) -> Vec<String> {
    journey(p)
        .cards_in_order()
        .map(|c| c.fields.title.clone())
        .collect()
}

#[test]
fn a_field_settles_as_mine_theirs_or_an_edit() {
    let base = sample::grocery();
    let (data, conflicts) = conflicting(
        &base,
        &[retitle(&base, "Card payment", "Pay by card")],
        &[retitle(&base, "Card payment", "Pay with a card")],
    );
    assert_eq!(conflicts.len(), 1);
    assert_eq!(choices_for(&conflicts[0]), ["mine", "theirs", "edit"]);
    let has = |p: &Project, t: &str| titles(p).iter().any(|x| x == t);
    assert!(has(
        &settled(&data, &conflicts, Choice::Mine),
        "Pay by card"
    ));
    assert!(has(
        &settled(&data, &conflicts, Choice::Theirs),
        "Pay with a card"
    ));
    let edit = Choice::Edit("Card or cash".into());
    let p = settled(&data, &conflicts, edit);
    assert!(has(&p, "Card or cash") && !has(&p, "Pay by card"));
    // A value the document refuses is refused, not stored.
    let blank = vec![(conflicts[0].clone(), Choice::Edit("".into()))];
    let resolved = resolve(&data, &blank).unwrap();
    assert!(Project::from_data(&resolved).is_err());
    // "Both" is not offered for a field both sides changed.
    let both = vec![(conflicts[0].clone(), Choice::Both)];
    assert!(resolve(&data, &both).unwrap_err().contains("both"));
}

#[test]
fn their_deletion_takes_the_card_and_its_flows_away() {
    let base = sample::grocery();
    let j = journey(&base);
    let id = card(&base, "Card payment");
    let flows_at = |p: &Project| {
        journey(p)
            .flows_by_id()
            .into_iter()
            .filter(|f| f.from == id || f.to == id)
            .count()
    };
    assert!(flows_at(&base) > 0, "the sample connects the card");
    let delete = Command::DeleteCard {
        journey: j.id(),
        card: id,
    };
    let (data, conflicts) = conflicting(
        &base,
        &[retitle(&base, "Card payment", "Pay by card")],
        &[delete],
    );
    assert_eq!(conflicts[0].reason, ConflictReason::ChangedAndDeleted);
    assert_eq!(choices_for(&conflicts[0]), ["mine", "theirs"]);
    let p = settled(&data, &conflicts, Choice::Theirs);
    assert!(journey(&p).card(id).is_none());
    assert_eq!(flows_at(&p), 0);
    let p = settled(&data, &conflicts, Choice::Mine);
    assert_eq!(journey(&p).card(id).unwrap().fields.title, "Pay by card");
}

#[test]
fn their_edit_of_a_card_we_deleted_brings_it_back_as_they_hold_it() {
    let base = sample::grocery();
    let j = journey(&base);
    let id = card(&base, "Card payment");
    let delete = Command::DeleteCard {
        journey: j.id(),
        card: id,
    };
    let theirs = edited(&base, &[retitle(&base, "Card payment", "Pay by card")]);
    let (data, conflicts) = conflicting(
        &base,
        &[delete],
        &[retitle(&base, "Card payment", "Pay by card")],
    );
    assert!(
        journey(&Project::from_data(&data).unwrap())
            .card(id)
            .is_none()
    );
    let p = settled(&data, &conflicts, Choice::Theirs);
    let (now, there) = (
        journey(&p).card(id).unwrap(),
        journey(&theirs).card(id).unwrap(),
    );
    assert_eq!(
        (now.fields.clone(), now.cell),
        (there.fields.clone(), there.cell)
    );
}

#[test]
fn a_card_moved_differently_settles_in_their_place() {
    let base = sample::grocery();
    let j = journey(&base);
    let id = card(&base, "Card payment");
    let lane = j.card(id).unwrap().cell.lane;
    let to = |stage: usize, index| Command::MoveCard {
        journey: j.id(),
        card: id,
        stage: j.stages()[stage].id,
        lane,
        index,
    };
    let theirs = edited(&base, &[to(1, Some(0))]);
    let (data, conflicts) = conflicting(&base, &[to(0, None)], &[to(1, Some(0))]);
    let position: Vec<&Conflict> = conflicts.iter().filter(|c| c.field == "position").collect();
    assert_eq!(position.len(), 1, "{conflicts:?}");
    let p = settled(&data, &conflicts, Choice::Theirs);
    let cell = |p: &Project| {
        let c = journey(p).card(id).unwrap().cell;
        let order: Vec<CardId> = journey(p)
            .cards_in_order()
            .filter(|x| x.cell == c)
            .map(|x| x.id)
            .collect();
        (c, order)
    };
    assert_eq!(cell(&p), cell(&theirs));
    assert_eq!(
        journey(&settled(&data, &conflicts, Choice::Mine))
            .card(id)
            .unwrap()
            .cell
            .stage,
        j.stages()[0].id
    );
}

#[test]
fn both_keeps_ours_and_adds_theirs_beside_it() {
    let base = sample::grocery();
    let j = journey(&base);
    let cell = j.card(card(&base, "Card payment")).unwrap().cell;
    // The same id added on both sides (as replaying one command on two copies does), with different titles.
    let id = CardId::new();
    let add = |title: &str| Command::AddCard {
        journey: j.id(),
        card: id,
        stage: cell.stage,
        lane: cell.lane,
        index: None,
        fields: CardFields::titled(title, CardKind::Touchpoint),
    };
    let (data, conflicts) = conflicting(&base, &[add("Ours")], &[add("Theirs")]);
    assert_eq!(conflicts[0].reason, ConflictReason::BothAdded);
    assert!(choices_for(&conflicts[0]).contains(&"both"));
    let p = settled(&data, &conflicts, Choice::Both);
    let in_cell: Vec<String> = journey(&p)
        .cards_in_order()
        .filter(|c| c.cell == cell)
        .map(|c| c.fields.title.clone())
        .collect();
    let at = |t: &str| in_cell.iter().position(|x| x == t).unwrap();
    assert_eq!(at("Theirs"), at("Ours") + 1, "{in_cell:?}");
    assert_eq!(
        journey(&p).cards_in_order().count(),
        journey(&base).cards_in_order().count() + 2
    );
}

fn walk(base: &Project, seeds: &[Seed]) -> Project {
    let mut p = base.clone();
    for seed in seeds {
        let _ = p.apply(&command_from_seed(&p, seed));
    }
    p
}

fn seeds() -> impl Strategy<Value = Vec<Seed>> {
    prop::collection::vec(
        (
            any::<u8>(),
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            "[a-z ]{0,6}",
        ),
        0..12,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn settling_every_conflict_gives_a_valid_project(a in seeds(), b in seeds()) {
        let base = sample::grocery();
        let (ours, theirs) = (walk(&base, &a), walk(&base, &b));
        let m = merge(&base.to_data(), &ours.to_data(), &theirs.to_data()).unwrap();
        let all = |choice: Choice| -> Vec<(Conflict, Choice)> {
            m.conflicts.iter().map(|c| (c.clone(), choice.clone())).collect()
        };
        prop_assert_eq!(resolve(&m.data, &all(Choice::Mine)).unwrap(), m.data.clone());
        // Theirs for all: valid, unless theirs' item belongs to something gone — then a sentence, not a panic.
        match resolve(&m.data, &all(Choice::Theirs)) {
            Ok(data) => {
                let p = Project::from_data(&data);
                prop_assert!(p.is_ok(), "{:?}", p.err());
                let items = Items::of(&data);
                for c in m.conflicts.iter().filter(|c| c.field != "(item)" && c.field != "position") {
                    if let Some(item) = items.items.get(&c.item) {
                        prop_assert_eq!(item.fields.get(&c.field), c.theirs.as_ref(), "{:?}", c);
                    }
                }
            }
            Err(e) => prop_assert!(e.contains("no longer in the map"), "{}", e),
        }
    }
}

/// A conflict record comes from a file, which may be hostile: a place in another journey's cell, or a stage put in
/// the list of personas, is refused, not applied.
#[test]
fn a_place_that_does_not_fit_the_item_is_refused() {
    let base = sample::grocery();
    let j = journey(&base);
    let id = card(&base, "Card payment");
    let lane = j.card(id).unwrap().cell.lane;
    let to = |stage: usize| Command::MoveCard {
        journey: j.id(),
        card: id,
        stage: j.stages()[stage].id,
        lane,
        index: None,
    };
    let (data, conflicts) = conflicting(&base, &[to(0)], &[to(1)]);
    let mut place = conflicts
        .into_iter()
        .find(|c| c.field == "position")
        .unwrap();
    place.theirs = Some(
        serde_json::json!({"in": "cell:another-journey:s:l", "after": null, "after_id": null}),
    );
    let e = resolve(&data, &[(place.clone(), Choice::Theirs)]).unwrap_err();
    assert!(e.contains("cannot go"), "{e}");
    let stage = j.stages()[0].id.to_string();
    let mut stage_place = place;
    stage_place.item = waymark_core::items::ItemKey {
        kind: waymark_core::items::ItemKind::Stage,
        journey: Some(j.id().to_string()),
        id: stage,
    };
    stage_place.theirs =
        Some(serde_json::json!({"in": "personas", "after": null, "after_id": null}));
    assert!(
        resolve(&data, &[(stage_place, Choice::Theirs)])
            .unwrap_err()
            .contains("cannot go")
    );
}
