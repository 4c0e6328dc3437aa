//! `waymark-bench edit CARDS FLOWS`: where the Rust side of one edit goes, as the app does it (issue 17) — the
//! command applied and persisted, then the window's whole view rebuilt (the journey as plain data, its layout, the
//! feedback view), diffed against the last one into a patch, and the patch serialised for IPC. 20 cards spread over
//! the map, each moved a stage right and back (40 moves), on a generated map; medians and p95 per step, with how
//! many cards and flows each move's layout patch carries (moved or re-routed).

use crate::{generate, quantile};
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::time::{Duration, Instant};
use waymark_core::layout::LayoutMemo;
use waymark_core::*;
use waymark_store::{Store, ViewTracker, ViewUpdate};

const MOVES: usize = 40;

pub fn run(cards: usize, flows: usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("edit.waymark");
    let project = generate(&mut StdRng::seed_from_u64(7), cards, flows);
    Store::create(&path, &project, "bench").unwrap();
    let mut store = Store::open(&path, "bench").unwrap();
    let theme = Theme::default();
    let mut tracker = ViewTracker::default();
    tracker.full(store.view(None, &theme).unwrap());

    // Every 40th card (in reading order) that has a stage to its right: each moved there and back.
    let journey = &store.project().journeys()[0];
    let stages: Vec<StageId> = journey.stages().iter().map(|s| s.id).collect();
    let movable: Vec<(CardId, Cell)> = journey
        .cards_in_order()
        .filter(|c| c.cell.stage != stages[stages.len() - 1])
        .map(|c| (c.id, c.cell))
        .collect();
    assert!(
        movable.len() >= MOVES / 2,
        "the map needs {} cards with a stage to their right",
        MOVES / 2
    );
    let moves: Vec<Command> = (0..MOVES / 2)
        .flat_map(|k| {
            let (card, home) = movable[k * movable.len() / (MOVES / 2)];
            let right = stages[stages.iter().position(|&s| s == home.stage).unwrap() + 1];
            [right, home.stage].map(|stage| Command::MoveCard {
                journey: journey.id(),
                card,
                stage,
                lane: home.lane,
                index: None,
            })
        })
        .collect();
    let personas: Vec<PersonaId> = store.project().personas().iter().map(|p| p.id).collect();

    let steps = [
        "apply and persist",
        "whole view",
        "… journey as data",
        "… layout (from what the last one left, as the app lays out)",
        "patch (diff against the last view)",
        "patch as JSON",
        "all",
    ];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); steps.len()];
    let mut bytes = Vec::new();
    // Cards and flows the layout patch carries (moved or re-routed), per move.
    let mut moved: Vec<(usize, usize)> = Vec::new();
    // What the last layout left for the next, as the app keeps it.
    let mut memo = LayoutMemo::default();
    for command in &moves {
        let start = Instant::now();
        store.apply(command).unwrap();
        let applied = start.elapsed();
        let view = store.view(None, &theme).unwrap();
        let viewed = start.elapsed();
        let update = tracker.update(view);
        let diffed = start.elapsed();
        let json = serde_json::to_string(&update).unwrap();
        let all = start.elapsed();
        bytes.push(json.len());
        if let ViewUpdate::Patch { patch, .. } = &update
            && let Some(layout) = &patch.layout
        {
            // Changed (re-routed, resized) and only moved (sent as shifts).
            let carried = |changed: usize, shifted: &[waymark_store::Shift]| {
                changed + shifted.iter().map(|s| s.items.len()).sum::<usize>()
            };
            moved.push((
                layout
                    .cards
                    .as_ref()
                    .map_or(0, |c| carried(c.changed.len(), &c.shifted)),
                layout
                    .flows
                    .as_ref()
                    .map_or(0, |f| carried(f.changed.len(), &f.shifted)),
            ));
        }
        // The parts of the view timed on their own, outside the round.
        let shown = &store.project().journeys()[0];
        let t = Instant::now();
        std::hint::black_box(shown.to_data(store.project().personas()));
        let as_data = t.elapsed();
        let t = Instant::now();
        std::hint::black_box(shown.layout_remembering(&theme, &personas, &mut memo));
        let layout = t.elapsed();
        for (k, d) in [
            applied,
            viewed - applied,
            as_data,
            layout,
            diffed - viewed,
            all - diffed,
            all,
        ]
        .into_iter()
        .enumerate()
        {
            times[k].push(d);
        }
    }
    bytes.sort_unstable();
    println!("| step ({cards} cards, {flows} flows; {MOVES} moves) | median | p95 |");
    println!("|---|---|---|");
    for (name, mut t) in steps.iter().zip(times) {
        t.sort();
        println!(
            "| {name} | {:.2} ms | {:.2} ms |",
            quantile(&t, 0.5).as_secs_f64() * 1000.0,
            quantile(&t, 0.95).as_secs_f64() * 1000.0
        );
    }
    println!(
        "| patch size (bytes) | {} | {} |",
        bytes[bytes.len() / 2],
        bytes[bytes.len() * 19 / 20]
    );
    let (cards_moved, flows_moved): (Vec<usize>, Vec<usize>) = moved.iter().copied().unzip();
    let shifted = cards_moved.iter().filter(|&&n| n * 2 > cards).count();
    let at = |mut v: Vec<usize>, q: usize| {
        v.sort_unstable();
        v.get((v.len().max(1) - 1) * q / 100).copied().unwrap_or(0)
    };
    println!(
        "| cards / flows in the layout patch (re-routed, or moved and sent as shifts) | {} / {} | {} / {} |",
        at(cards_moved.clone(), 50),
        at(flows_moved.clone(), 50),
        at(cards_moved, 95),
        at(flows_moved, 95)
    );
    println!(
        "| moves that moved over half the map's cards (a stage, lane or band grew or shrank) | {shifted} of {} | |",
        moved.len()
    );
}
