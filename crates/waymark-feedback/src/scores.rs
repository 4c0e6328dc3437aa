//! Scores from the tallies kept in the project file: per card, per metric, with n, the 95% interval and the
//! low-confidence flag. Datasets with the same metric definition (kind, scale, aggregation) add up.

use serde::Serialize;
use std::collections::BTreeMap;
use waymark_core::metrics::{MetricDefinition, MetricKind, Tally};
use waymark_core::{CardId, Journey};
use waymark_store::{Store, StoreError};

/// One card's score on one metric (the shape of `waymark scores --json`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CardScore {
    pub card: String,
    pub card_id: CardId,
    pub metric: MetricKind,
    pub n: u64,
    pub value: f64,
    pub low: f64,
    pub high: f64,
    pub low_confidence: bool,
}

/// Metrics count as the same when kind, scale and aggregation agree (descriptions may be reworded).
fn same_metric(definition: &MetricDefinition) -> String {
    let MetricDefinition {
        kind,
        scale_min,
        scale_max,
        aggregation,
        ..
    } = definition;
    format!("{kind:?}|{scale_min}|{scale_max}|{aggregation:?}")
}

/// Every card's all-time score per metric, cards in reading order.
pub fn card_scores(
    store: &Store,
    journey: &Journey,
    min_n: u64,
) -> Result<Vec<CardScore>, StoreError> {
    let definitions: BTreeMap<String, MetricDefinition> = store
        .datasets()?
        .into_iter()
        .filter(|d| d.journey == journey.id())
        .map(|d| (d.id, d.definition))
        .collect();
    let mut sums: BTreeMap<(CardId, String), (MetricDefinition, Tally)> = BTreeMap::new();
    for t in store.tallies(journey.id())? {
        let Some(definition) = definitions.get(&t.dataset) else {
            continue;
        };
        if !t.period.is_empty() || journey.card(t.card).is_none() {
            continue;
        }
        sums.entry((t.card, same_metric(definition)))
            .or_insert_with(|| (definition.clone(), Tally::default()))
            .1
            .merge(&t.tally);
    }
    let mut scores = Vec::new();
    for card in journey.cards_in_order() {
        for ((_, _), (definition, tally)) in sums
            .range((card.id, String::new())..)
            .take_while(|((c, _), _)| *c == card.id)
        {
            if let Some(s) = tally.score(definition, min_n) {
                scores.push(CardScore {
                    card: card.fields.title.clone(),
                    card_id: card.id,
                    metric: definition.kind,
                    n: s.n,
                    value: s.value,
                    low: s.low,
                    high: s.high,
                    low_confidence: s.low_confidence,
                });
            }
        }
    }
    Ok(scores)
}
