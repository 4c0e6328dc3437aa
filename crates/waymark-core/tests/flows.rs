//! Moving one end of a flow to another card, as the canvas does it: one batch that keeps the flow's id, kind and
//! label, validated like any edit and undone as one step.

use waymark_core::*;

#[test]
fn reconnecting_a_flow_keeps_its_id_kind_and_label_and_undoes_as_one_step() {
    let mut project = sample::grocery();
    let journey = project.journeys()[0].clone();
    let flow = journey
        .flows_by_id()
        .into_iter()
        .find(|f| f.label.is_some())
        .expect("the sample labels some flows")
        .clone();
    let target = journey
        .cards_in_order()
        .find(|c| {
            c.id != flow.from && c.id != flow.to && journey.flow_between(flow.from, c.id).is_none()
        })
        .unwrap()
        .id;
    let before = project.to_data();

    let reconnect = reconnect_batch(journey.id(), &flow, flow.from, target);
    let applied = project.apply(&reconnect).unwrap();
    let moved = project.journeys()[0]
        .flow(flow.id)
        .expect("the same id")
        .clone();
    assert_eq!((moved.from, moved.to), (flow.from, target));
    assert_eq!(
        (moved.kind, moved.label.clone()),
        (flow.kind, flow.label.clone())
    );
    assert_eq!(project.journeys()[0].flow_count(), journey.flow_count());

    project.apply(&applied.inverse).unwrap();
    assert_eq!(
        project.to_data(),
        before,
        "one undo brings the flow back where it was"
    );

    // Onto a card it already joins, the batch is refused and nothing changes.
    let (other_from, other_to) = journey
        .flows_by_id()
        .into_iter()
        .find(|f| f.id != flow.id && f.from != flow.from)
        .map(|f| (f.from, f.to))
        .unwrap();
    let clash = reconnect_batch(journey.id(), &flow, other_from, other_to);
    assert!(project.apply(&clash).is_err());
    assert_eq!(project.to_data(), before);
}

/// The canvas's reconnect: the flow taken away and put back, same id, kind and label, between `from` and `to`.
fn reconnect_batch(journey: JourneyId, flow: &Flow, from: CardId, to: CardId) -> Command {
    Command::Batch {
        label: "reconnect flow".into(),
        commands: vec![
            Command::Disconnect {
                journey,
                flow: flow.id,
            },
            Command::Connect {
                journey,
                flow: flow.id,
                from,
                to,
                kind: flow.kind,
                label: flow.label.clone(),
            },
        ],
    }
}
