//! Paths between two cards, checked against a plain depth-first enumeration of every simple path.

use std::collections::{HashMap, HashSet};
use waymark_core::*;

/// Every simple path from `from` to `to`, by brute force over the flow list.
fn every_path(journey: &Journey, from: CardId, to: CardId) -> Vec<Vec<CardId>> {
    let mut next: HashMap<CardId, Vec<CardId>> = HashMap::new();
    for flow in journey.flows_by_id() {
        next.entry(flow.from).or_default().push(flow.to);
    }
    let mut found = Vec::new();
    let mut path = vec![from];
    fn walk(
        next: &HashMap<CardId, Vec<CardId>>,
        to: CardId,
        path: &mut Vec<CardId>,
        found: &mut Vec<Vec<CardId>>,
    ) {
        let last = *path.last().unwrap();
        if last == to && path.len() > 1 {
            found.push(path.clone());
            return;
        }
        for &card in next.get(&last).into_iter().flatten() {
            if !path.contains(&card) {
                path.push(card);
                walk(next, to, path, found);
                path.pop();
            }
        }
    }
    walk(&next, to, &mut path, &mut found);
    found
}

#[test]
fn paths_between_cards_are_every_simple_path_shortest_first() {
    let project = sample::grocery();
    let journey = &project.journeys()[0];
    let cards: Vec<CardId> = journey.cards_in_order().map(|c| c.id).collect();
    let mut pairs_with_paths = 0;
    for &from in &cards {
        for &to in &cards {
            let expected = every_path(journey, from, to);
            let got = journey.paths_between(from, to, usize::MAX, usize::MAX);
            assert!(!got.truncated);
            let lengths: Vec<usize> = got.paths.iter().map(Vec::len).collect();
            assert!(lengths.is_sorted(), "shortest first");
            let got: HashSet<Vec<CardId>> = got.paths.into_iter().collect();
            assert_eq!(got, expected.into_iter().collect::<HashSet<_>>());
            pairs_with_paths += usize::from(!got.is_empty());
        }
    }
    assert!(
        pairs_with_paths > 20,
        "the sample has branching paths to compare"
    );
}

#[test]
fn paths_between_stop_at_their_limits_and_say_so() {
    let project = sample::grocery();
    let journey = &project.journeys()[0];
    let cards: Vec<CardId> = journey.cards_in_order().map(|c| c.id).collect();
    let (from, to, all) = cards
        .iter()
        .flat_map(|&a| cards.iter().map(move |&b| (a, b)))
        .map(|(a, b)| (a, b, every_path(journey, a, b)))
        .max_by_key(|(_, _, paths)| paths.len())
        .unwrap();
    assert!(all.len() >= 2);
    let first = journey.paths_between(from, to, 1, usize::MAX);
    assert_eq!(first.paths.len(), 1);
    assert!(first.truncated);
    assert_eq!(
        first.paths[0].len(),
        all.iter().map(Vec::len).min().unwrap()
    );
    assert!(journey.paths_between(from, to, usize::MAX, 1).truncated);
}
