//! Three-way merge: each rule by a hand-written case on the sample, and properties over random edit sequences on
//! two copies of one project.

mod sample_edits;
mod support;

use proptest::prelude::*;
use sample_edits::{card, edited, journey, retitle};
use serde_json::Value;
use std::collections::BTreeSet;
use support::{Seed, command_from_seed};
use waymark_core::items::{Item, ItemKey, ItemKind, Items, common_keys, moved};
use waymark_core::merge::{ConflictReason, Merged, merge};
use waymark_core::*;

fn sample() -> Project {
    sample::grocery()
}

fn describe(p: &Project, title: &str, description: &str) -> Command {
    let j = journey(p);
    let id = card(p, title);
    let mut fields = j.card(id).unwrap().fields.clone();
    fields.description = description.into();
    Command::UpdateCard {
        journey: j.id(),
        card: id,
        fields,
    }
}

/// Merges and checks the result is a valid project.
fn merged(base: &Project, ours: &Project, theirs: &Project) -> (Merged, Project) {
    let m = merge(&base.to_data(), &ours.to_data(), &theirs.to_data()).unwrap();
    let project = Project::from_data(&m.data).expect("a merge is a valid project");
    (m, project)
}

fn titles(p: &Project) -> BTreeSet<String> {
    journey(p)
        .cards_in_order()
        .map(|c| c.fields.title.clone())
        .collect()
}

#[test]
fn changes_on_one_side_are_taken_and_the_same_change_once() {
    let base = sample();
    let ours = edited(&base, &[retitle(&base, "Card payment", "Pay by card")]);
    let theirs = edited(&base, &[retitle(&base, "Product page", "Product details")]);
    let (m, p) = merged(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    assert!(titles(&p).contains("Pay by card") && titles(&p).contains("Product details"));
    let (reverse, _) = merged(&base, &theirs, &ours);
    assert_eq!(
        m.data, reverse.data,
        "the order of the sides does not matter"
    );

    let both = edited(&base, &[retitle(&base, "Card payment", "Pay by card")]);
    let (m, p) = merged(&base, &ours, &both);
    assert!(m.conflicts.is_empty());
    assert!(titles(&p).contains("Pay by card"));
}

#[test]
fn the_same_field_changed_differently_is_a_conflict_holding_ours() {
    let base = sample();
    let ours = edited(&base, &[retitle(&base, "Card payment", "Pay by card")]);
    let theirs = edited(&base, &[retitle(&base, "Card payment", "Checkout payment")]);
    let (m, p) = merged(&base, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1);
    let c = &m.conflicts[0];
    assert_eq!(
        (c.field.as_str(), c.reason),
        ("title", ConflictReason::BothChanged)
    );
    assert_eq!(c.base, Some(Value::from("Card payment")));
    assert_eq!(c.ours, Some(Value::from("Pay by card")));
    assert_eq!(c.theirs, Some(Value::from("Checkout payment")));
    assert!(titles(&p).contains("Pay by card") && !titles(&p).contains("Checkout payment"));
}

#[test]
fn edited_on_one_side_and_deleted_on_the_other_is_a_conflict() {
    let base = sample();
    let delete = Command::DeleteCard {
        journey: journey(&base).id(),
        card: card(&base, "Card payment"),
    };
    let ours = edited(&base, &[retitle(&base, "Card payment", "Pay by card")]);
    let theirs = edited(&base, &[delete]);
    let (m, p) = merged(&base, &ours, &theirs);
    assert!(titles(&p).contains("Pay by card"), "ours kept the card");
    assert!(
        m.conflicts
            .iter()
            .any(|c| c.reason == ConflictReason::ChangedAndDeleted && c.theirs.is_none())
    );
    // The other way round: our deletion holds, their edit is in the conflict record.
    let (m, p) = merged(&base, &theirs, &ours);
    assert!(!titles(&p).contains("Pay by card") && !titles(&p).contains("Card payment"));
    let c = m
        .conflicts
        .iter()
        .find(|c| c.reason == ConflictReason::ChangedAndDeleted)
        .unwrap();
    assert_eq!(c.theirs.as_ref().unwrap()["title"], "Pay by card");
    // An unchanged card the other side deleted just goes.
    let (m, p) = merged(&base, &base.clone(), &theirs);
    assert!(m.conflicts.is_empty() && !titles(&p).contains("Card payment"));
}

#[test]
fn something_added_into_what_the_other_side_deleted_is_a_conflict() {
    let base = sample();
    let j = journey(&base);
    let stage = j.stages()[3].id;
    let lane = j.lanes()[0].id;
    let add = Command::AddCard {
        journey: j.id(),
        card: CardId::new(),
        stage,
        lane,
        index: None,
        fields: CardFields::titled("Added on a train", CardKind::Action),
    };
    let delete_stage = Command::DeleteStage {
        journey: j.id(),
        stage,
        cards: Orphans::Delete,
    };
    let ours = edited(&base, &[add]);
    let theirs = edited(&base, &[delete_stage]);
    // We added into the stage they deleted: the stage stays (ours), with our card.
    let (m, p) = merged(&base, &ours, &theirs);
    assert!(titles(&p).contains("Added on a train"));
    assert!(journey(&p).stages().iter().any(|s| s.id == stage));
    assert!(
        m.conflicts
            .iter()
            .any(|c| c.reason == ConflictReason::AddedIntoDeleted)
    );
    // They added into the stage we deleted: the stage stays deleted and their card is recorded, not lost.
    let (m, p) = merged(&base, &theirs, &ours);
    assert!(!titles(&p).contains("Added on a train"));
    let c = m
        .conflicts
        .iter()
        .find(|c| c.reason == ConflictReason::AddedIntoDeleted && c.item.kind == ItemKind::Card)
        .unwrap();
    assert_eq!(c.theirs.as_ref().unwrap()["title"], "Added on a train");

    // A flow onto a card the other side deleted.
    let from = card(&base, "Card payment");
    let to = card(&base, "Product page");
    let connect = Command::Connect {
        journey: j.id(),
        flow: FlowId::new(),
        from,
        to,
        kind: FlowKind::Alternative,
        label: Some("back to the product".into()),
    };
    let ours = edited(&base, &[connect]);
    let theirs = edited(
        &base,
        &[Command::DeleteCard {
            journey: j.id(),
            card: to,
        }],
    );
    let (m, p) = merged(&base, &theirs, &ours);
    assert!(journey(&p).card(to).is_none());
    assert!(
        m.conflicts
            .iter()
            .any(|c| c.item.kind == ItemKind::Flow && c.reason == ConflictReason::AddedIntoDeleted)
    );
}

#[test]
fn cards_added_on_both_sides_are_all_kept_in_an_order_either_side_gives() {
    let base = sample();
    let j = journey(&base);
    let (stage, lane) = (j.stages()[1].id, j.lanes()[0].id);
    let add = |title: &str| Command::AddCard {
        journey: j.id(),
        card: CardId::new(),
        stage,
        lane,
        index: Some(0),
        fields: CardFields::titled(title, CardKind::Action),
    };
    let ours = edited(&base, &[add("Ours first"), add("Ours second")]);
    let theirs = edited(&base, &[add("Theirs")]);
    let (m, p) = merged(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    for t in ["Ours first", "Ours second", "Theirs"] {
        assert!(titles(&p).contains(t));
    }
    let (reverse, _) = merged(&base, &theirs, &ours);
    assert_eq!(m.data, reverse.data);
    // Each side's own order holds: ours put "Ours second" above "Ours first".
    let cell: Vec<String> = journey(&p)
        .cell_cards(Cell { stage, lane })
        .iter()
        .map(|id| journey(&p).card(*id).unwrap().fields.title.clone())
        .collect();
    let at = |t: &str| cell.iter().position(|c| c == t).unwrap();
    assert!(at("Ours second") < at("Ours first"), "{cell:?}");
}

#[test]
fn descriptions_merge_line_by_line_unless_the_edits_overlap() {
    let base = sample();
    let text = "line one\nline two\nline three\n";
    let start = edited(&base, &[describe(&base, "Card payment", text)]);
    let ours = edited(
        &start,
        &[describe(
            &start,
            "Card payment",
            "line ONE\nline two\nline three\n",
        )],
    );
    let theirs = edited(
        &start,
        &[describe(
            &start,
            "Card payment",
            "line one\nline two\nline THREE\n",
        )],
    );
    let (m, p) = merged(&start, &ours, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    let id = card(&p, "Card payment");
    assert_eq!(
        journey(&p).card(id).unwrap().fields.description,
        "line ONE\nline two\nline THREE\n"
    );
    let clash = edited(
        &start,
        &[describe(
            &start,
            "Card payment",
            "line uno\nline two\nline three\n",
        )],
    );
    let (m, p) = merged(&start, &ours, &clash);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].field, "description");
    assert_eq!(
        journey(&p)
            .card(card(&p, "Card payment"))
            .unwrap()
            .fields
            .description,
        "line ONE\nline two\nline three\n"
    );
}

#[test]
fn dots_add_up_and_a_move_combines_with_an_edit() {
    let base = sample();
    let j = journey(&base);
    let id = card(&base, "Card payment");
    let dots = |n| Command::SetDots {
        journey: j.id(),
        card: id,
        dots: n,
    };
    let start = edited(&base, &[dots(1)]);
    let (m, p) = merged(
        &start,
        &edited(&start, &[dots(3)]),
        &edited(&start, &[dots(2)]),
    );
    assert!(m.conflicts.is_empty());
    assert_eq!(journey(&p).dots(id), 4, "1 + 2 from us + 1 from them");

    let elsewhere = j.stages()[0].id;
    let moved = Command::MoveCard {
        journey: j.id(),
        card: id,
        stage: elsewhere,
        lane: j.card(id).unwrap().cell.lane,
        index: None,
    };
    let (m, p) = merged(
        &base,
        &edited(&base, &[moved]),
        &edited(&base, &[retitle(&base, "Card payment", "Pay by card")]),
    );
    assert!(m.conflicts.is_empty());
    let card = journey(&p).card(id).unwrap();
    assert_eq!(
        (card.cell.stage, card.fields.title.as_str()),
        (elsewhere, "Pay by card")
    );
}

/// Applies each seed's command if it applies, and now and then undoes the last one (as a new edit, like the
/// store's undo).
fn walk(base: &Project, seeds: &[Seed]) -> Project {
    let mut p = base.clone();
    let mut last: Option<Command> = None;
    for seed in seeds {
        if seed.0 % 9 == 0
            && let Some(inverse) = last.take()
        {
            p.apply(&inverse).unwrap();
            continue;
        }
        let command = command_from_seed(&p, seed);
        if let Ok(applied) = p.apply(&command) {
            last = Some(applied.inverse);
        }
    }
    p
}

/// The keys whose item differs from the base (added, removed, moved, or any field), with the keys those items
/// need.
fn touched(base: &Items, side: &Items) -> BTreeSet<ItemKey> {
    let mut keys: BTreeSet<ItemKey> = moved(base, side, &common_keys(&[base, side]))
        .into_iter()
        .collect();
    for (key, item) in &side.items {
        if base.items.get(key).is_none_or(|b| b.fields != item.fields) {
            keys.insert(key.clone());
            keys.extend(item.needs.iter().cloned());
        }
    }
    for (key, item) in &base.items {
        if !side.items.contains_key(key) {
            keys.insert(key.clone());
            keys.extend(item.needs.iter().cloned());
        }
    }
    keys
}

/// The items a side changed that the merge lost: each must be in the result as that side holds it, or in a
/// conflict — or, for our deletion, absent. A loss is excused only by a conflict on the item itself or on
/// something it needs, or, for a flow, by the flow the result holds between the same two cards (a journey holds
/// one flow per pair, so when both sides connect them the merge keeps one side's id): it must be the same
/// connection, or carry a conflict that records this side's flow whole.
fn lost_changes(bi: &Items, oi: &Items, ti: &Items, m: &Merged) -> Vec<ItemKey> {
    let ri = Items::of(&m.data);
    let conflicted: BTreeSet<&ItemKey> = m.conflicts.iter().map(|c| &c.item).collect();
    let held_by_pair = |key: &ItemKey, flow: &Item| {
        let whole = Some(Value::Object(flow.fields.clone().into_iter().collect()));
        let end = |i: &Item, f: &str| i.fields.get(f).cloned();
        key.kind == ItemKind::Flow
            && ri.items.iter().any(|(k, i)| {
                k.kind == ItemKind::Flow
                    && k.journey == key.journey
                    && (end(i, "from"), end(i, "to")) == (end(flow, "from"), end(flow, "to"))
                    && (i.fields == flow.fields
                        || m.conflicts
                            .iter()
                            .any(|c| &c.item == k && (c.ours == whole || c.theirs == whole)))
            })
    };
    let mut lost = Vec::new();
    for side in [oi, ti] {
        for key in touched(bi, side) {
            let (now, there) = (ri.items.get(&key), side.items.get(&key));
            let changed = bi.items.get(&key).map(|i| &i.fields) != there.map(|i| &i.fields);
            if !changed {
                continue;
            }
            let kept = now.map(|i| &i.fields) == there.map(|i| &i.fields);
            let field_kept = match (now, there) {
                (Some(n), Some(t)) => t.fields.iter().all(|(f, v)| {
                    n.fields.get(f) == Some(v)
                        || bi.items.get(&key).and_then(|b| b.fields.get(f)) == Some(v)
                        || ["description", "dots"].contains(&f.as_str())
                        || (key.kind == ItemKind::Card && (f == "stage" || f == "lane"))
                }),
                _ => false,
            };
            let needed = there.map(|i| i.needs.clone()).unwrap_or_default();
            let paired = now.is_none() && there.is_some_and(|t| held_by_pair(&key, t));
            if !(kept
                || field_kept
                || paired
                || conflicted.contains(&key)
                || needed.iter().any(|n| conflicted.contains(n)))
            {
                lost.push(key);
            }
        }
    }
    lost
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
    fn merges_are_valid_keep_every_change_and_do_not_depend_on_the_order_of_the_sides(
        a in seeds(),
        b in seeds(),
    ) {
        let base = sample();
        let (ours, theirs) = (walk(&base, &a), walk(&base, &b));
        let (m, _) = merged(&base, &ours, &theirs);
        let items = |p: &Project| Items::of(&p.to_data());
        let (bi, oi, ti) = (items(&base), items(&ours), items(&theirs));
        // No change is lost.
        let lost = lost_changes(&bi, &oi, &ti, &m);
        prop_assert!(lost.is_empty(), "{lost:?} lost");
        // Disjoint edits: no conflict, and the same document whichever side is ours.
        if touched(&bi, &oi).is_disjoint(&touched(&bi, &ti)) {
            prop_assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
            let (reverse, _) = merged(&base, &theirs, &ours);
            prop_assert_eq!(&m.data, &reverse.data);
        }
    }
}

#[test]
fn a_diff_names_each_change_by_item_and_field() {
    use waymark_core::diff::{ChangeKind, diff};
    let base = sample();
    let j = journey(&base);
    let id = card(&base, "Card payment");
    let lane = j.card(id).unwrap().cell.lane;
    let moved_to = j.stages()[0].id;
    let changed = edited(
        &base,
        &[
            retitle(&base, "Card payment", "Pay by card"),
            Command::MoveCard {
                journey: j.id(),
                card: id,
                stage: moved_to,
                lane,
                index: Some(0),
            },
            Command::DeleteCard {
                journey: j.id(),
                card: card(&base, "Product page"),
            },
        ],
    );
    let changes = diff(&base.to_data(), &changed.to_data());
    let of = |id: CardId| {
        changes
            .iter()
            .find(|c| c.item.id == id.to_string())
            .unwrap()
    };
    match &of(id).change {
        ChangeKind::Changed { fields, moved } => {
            let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
            assert_eq!(names, ["stage", "title"]);
            assert!(moved.is_some());
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        of(card(&base, "Product page")).change,
        ChangeKind::Removed { .. }
    ));
    // Flows of the deleted card go with it; nothing else is reported.
    assert!(
        changes
            .iter()
            .all(|c| matches!(c.item.kind, ItemKind::Card | ItemKind::Flow)),
        "{changes:?}"
    );
    assert!(diff(&base.to_data(), &base.to_data()).is_empty());
}

#[test]
fn comments_merge_like_everything_else() {
    let base = sample();
    let j = journey(&base).id();
    let card_id = card(&base, "Card payment");
    let say = |text: &str| Command::AddComment {
        journey: j,
        comment: Comment {
            id: CommentId::new(),
            card: card_id,
            reply_to: None,
            author: "someone".into(),
            at_ms: 5,
            text: text.into(),
            edited_ms: None,
            resolved: false,
        },
    };
    let ours = edited(&base, &[say("From Ann")]);
    let theirs = edited(&base, &[say("From Bob")]);
    let (m, p) = merged(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    let texts: BTreeSet<String> = journey(&p).comments().map(|c| c.text.clone()).collect();
    assert_eq!(texts, ["From Ann".to_owned(), "From Bob".to_owned()].into());
    // A comment on a card the other side deleted is a conflict, recorded whole.
    let deleted = edited(
        &base,
        &[Command::DeleteCard {
            journey: j,
            card: card_id,
        }],
    );
    let (m, p) = merged(&base, &deleted, &theirs);
    assert_eq!(journey(&p).comments().count(), 0);
    assert!(m.conflicts.iter().any(|c| c.item.kind == ItemKind::Comment
        && c.reason == ConflictReason::AddedIntoDeleted
        && c.theirs.as_ref().unwrap()["text"] == "From Bob"));
}

#[test]
fn an_item_kept_against_a_deletion_keeps_what_it_holds() {
    let base = sample();
    let j = journey(&base);
    let stage = j.stages()[3].clone();
    let in_stage = |p: &Project| {
        journey(p)
            .cards_in_order()
            .filter(|c| c.cell.stage == stage.id)
            .count()
    };
    let renamed = edited(
        &base,
        &[Command::RenameStage {
            journey: j.id(),
            stage: stage.id,
            name: "Checkout".into(),
        }],
    );
    let deleted = edited(
        &base,
        &[Command::DeleteStage {
            journey: j.id(),
            stage: stage.id,
            cards: Orphans::Delete,
        }],
    );
    let (m, p) = merged(&base, &renamed, &deleted);
    assert_eq!(
        in_stage(&p),
        in_stage(&base),
        "the kept stage keeps its cards"
    );
    assert_eq!(
        journey(&p).flows_by_id().len(),
        j.flows_by_id().len(),
        "and their flows"
    );
    assert_eq!(
        p.to_data().journeys[0].emotions,
        base.to_data().journeys[0].emotions
    );
    assert!(
        m.conflicts
            .iter()
            .any(|c| c.item.id == stage.id.to_string())
    );

    // A card we edited and they deleted keeps its flows.
    let id = card(&base, "Card payment");
    let flows = |p: &Project| {
        journey(p)
            .flows_by_id()
            .iter()
            .filter(|f| f.from == id || f.to == id)
            .count()
    };
    let gone = edited(
        &base,
        &[Command::DeleteCard {
            journey: j.id(),
            card: id,
        }],
    );
    let (_, p) = merged(
        &base,
        &edited(&base, &[retitle(&base, "Card payment", "Pay")]),
        &gone,
    );
    assert_eq!(flows(&p), flows(&base));
}

#[test]
fn the_same_two_cards_connected_on_both_sides_are_one_flow() {
    let base = sample();
    let j = journey(&base);
    let (from, to) = (
        card(&base, "Card payment"),
        card(&base, "Realises the fridge is empty"),
    );
    let connect = |label: &str| Command::Connect {
        journey: j.id(),
        flow: FlowId::new(),
        from,
        to,
        kind: FlowKind::Loop,
        label: Some(label.into()),
    };
    let (m, p) = merged(
        &base,
        &edited(&base, &[connect("again")]),
        &edited(&base, &[connect("again")]),
    );
    let pair = |p: &Project| {
        journey(p)
            .flows_by_id()
            .iter()
            .filter(|f| f.from == from && f.to == to)
            .count()
    };
    assert_eq!(pair(&p), 1);
    assert!(m.conflicts.is_empty(), "the same flow twice is one change");
    let (m, p) = merged(
        &base,
        &edited(&base, &[connect("again")]),
        &edited(&base, &[connect("retry")]),
    );
    assert_eq!(pair(&p), 1);
    assert_eq!(m.conflicts.len(), 1, "labels differ");
}

/// Found by the merge property (the second seed in `merge.proptest-regressions`): each side connects the same two
/// cards with a flow of its own. A journey holds one flow per pair of cards, so the merge keeps one of the two ids;
/// the other side's flow is then no longer there under its id, yet its change is not lost: the kept flow is the
/// same connection, or a conflict on the kept flow holds it.
#[test]
fn both_sides_connecting_the_same_cards_loses_neither_sides_flow() {
    let base = sample();
    let j = journey(&base);
    let (from, to) = (
        card(&base, "Instant credit for missing items"),
        card(&base, "App store listing"),
    );
    let connect = |flow: FlowId, kind: FlowKind, label: Option<&str>| Command::Connect {
        journey: j.id(),
        flow,
        from,
        to,
        kind,
        label: label.map(Into::into),
    };
    let key = |flow: FlowId| ItemKey {
        kind: ItemKind::Flow,
        journey: Some(j.id().to_string()),
        id: flow.to_string(),
    };
    let between = |p: &Project| -> Vec<Flow> {
        journey(p)
            .flows_by_id()
            .iter()
            .filter(|f| f.from == from && f.to == to)
            .map(|f| (*f).clone())
            .collect()
    };
    let items = |p: &Project| Items::of(&p.to_data());
    let (our_flow, their_flow) = (FlowId::new(), FlowId::new());

    // Differently: a happy path labelled "x" here, an unlabelled alternative there (the seed's two flows).
    let ours = edited(&base, &[connect(our_flow, FlowKind::HappyPath, Some("x"))]);
    let theirs = edited(&base, &[connect(their_flow, FlowKind::Alternative, None)]);
    let bi = items(&base);
    for (us, them, kept, dropped) in [
        (&ours, &theirs, our_flow, their_flow),
        (&theirs, &ours, their_flow, our_flow),
    ] {
        let (m, p) = merged(&base, us, them);
        // One flow between the two cards: the one of the side merged into, as that side made it.
        let flows = between(&p);
        let made = journey(us).flow(kept).unwrap().clone();
        assert_eq!(flows, [made]);
        // One conflict, on that flow, holding the other side's flow whole.
        assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
        let c = &m.conflicts[0];
        assert_eq!(
            (&c.item, c.field.as_str(), c.reason),
            (&key(kept), "(item)", ConflictReason::BothAdded)
        );
        let other = journey(them).flow(dropped).unwrap();
        let theirs_value = c.theirs.as_ref().unwrap();
        assert_eq!(
            theirs_value["kind"],
            serde_json::to_value(other.kind).unwrap()
        );
        assert_eq!(
            theirs_value["label"],
            serde_json::to_value(&other.label).unwrap()
        );
        // So no change of either side is lost...
        let (ui, ti) = (items(us), items(them));
        assert_eq!(lost_changes(&bi, &ui, &ti, &m), Vec::<ItemKey>::new());
        // ...and without that conflict, the other side's flow would be.
        let silent = Merged {
            conflicts: Vec::new(),
            ..m
        };
        assert_eq!(lost_changes(&bi, &ui, &ti, &silent), [key(dropped)]);
    }

    // The same flow on both sides: one flow, no conflict, nothing lost.
    let ours = edited(&base, &[connect(our_flow, FlowKind::Loop, Some("again"))]);
    let theirs = edited(&base, &[connect(their_flow, FlowKind::Loop, Some("again"))]);
    let (m, p) = merged(&base, &ours, &theirs);
    assert_eq!(between(&p).len(), 1);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    assert_eq!(
        lost_changes(&bi, &items(&ours), &items(&theirs), &m),
        Vec::<ItemKey>::new()
    );
}

#[test]
fn a_merge_with_an_unchanged_side_is_the_other_side() {
    let base = sample();
    let j = journey(&base);
    let moved = edited(
        &base,
        &[Command::MoveStage {
            journey: j.id(),
            stage: j.stages()[0].id,
            index: 2,
        }],
    );
    let (m, _) = merged(&base, &moved, &base);
    assert_eq!(m.data, moved.to_data());
    let (m, _) = merged(&base, &base, &moved);
    assert_eq!(m.data, moved.to_data());
}

#[test]
fn a_card_added_after_one_the_other_side_deleted_stays_near_its_place() {
    let base = sample();
    let j = journey(&base);
    let last = card(&base, "Postcode check");
    let cell = j.card(last).unwrap().cell;
    let added = Command::AddCard {
        journey: j.id(),
        card: CardId::new(),
        stage: cell.stage,
        lane: cell.lane,
        index: None,
        fields: CardFields::titled("At the end", CardKind::Touchpoint),
    };
    let (_, p) = merged(
        &base,
        &edited(&base, &[added]),
        &edited(
            &base,
            &[Command::DeleteCard {
                journey: j.id(),
                card: last,
            }],
        ),
    );
    let titles: Vec<String> = journey(&p)
        .cell_cards(cell)
        .iter()
        .map(|id| journey(&p).card(*id).unwrap().fields.title.clone())
        .collect();
    assert_eq!(
        titles.last().map(String::as_str),
        Some("At the end"),
        "{titles:?}"
    );
}
