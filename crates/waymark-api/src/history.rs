//! History and versions, for the History panel and `waymark history|restore|version|versions|compare`: the history
//! a page at a time, restoring to a point (one new edit), named versions saved and listed, and a version (or any
//! point) compared with the map as it is now.
//!
//! A point is named as `waymark history` prints it — `#12` or `12` — or by a version's label; labels never read as
//! numbers (the store refuses them), so the two cannot be confused.

use crate::ApiError;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use waymark_core::{CardData, CardId, JourneyId, Project};
use waymark_store::{HistoryEntry, Store, Version};

/// Up to `limit` history entries older than entry `before` (the newest when `None`), newest first.
pub fn history_page(
    store: &Store,
    before: Option<i64>,
    limit: usize,
) -> Result<Vec<HistoryEntry>, ApiError> {
    Ok(store.history_page(before, limit)?)
}

/// Makes the document what it was right after entry `seq` (0: as created), as one new edit that can be undone.
pub fn restore(store: &mut Store, seq: i64) -> Result<(), ApiError> {
    store.restore(seq)?;
    Ok(())
}

/// Saves a version labelled `label` at the newest history entry.
pub fn save_version(store: &mut Store, label: &str) -> Result<Version, ApiError> {
    Ok(store.save_version(label)?)
}

/// The saved versions, newest first.
pub fn versions(store: &Store) -> Result<Vec<Version>, ApiError> {
    Ok(store.versions()?)
}

/// The history point `entry` names: `#12` or `12`, else a version's label (in any case). A number is not looked
/// up here: restoring to or comparing with an entry the file lacks is refused by the store.
pub fn find_point(store: &Store, entry: &str) -> Result<i64, ApiError> {
    let entry = entry.trim();
    let number = entry.strip_prefix('#').unwrap_or(entry);
    if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
        // More digits than any entry has: no such entry, which the store says.
        return Ok(number.parse().unwrap_or(i64::MAX));
    }
    match store.find_version(entry)? {
        Some(version) => Ok(version.seq),
        None => Err(ApiError::Refused(format!(
            "{} has no version named \"{entry}\" (`waymark versions` lists them)",
            store.path().display()
        ))),
    }
}

/// The cards of the journey on show, then (at a history point) and now.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Comparison {
    /// The history point compared with now.
    pub seq: i64,
    /// The journey compared: the one on show.
    pub journey: JourneyId,
    /// Cards on the journey now that it did not hold then, in reading order.
    pub added: Vec<CardId>,
    /// Cards it held then that are gone now, as they were then (their stage and lane may be gone too).
    pub removed: Vec<CardData>,
    /// Cards held then and now whose title, description, kind, channel, owner, tags, stage or lane differ.
    pub changed: Vec<CardId>,
}

/// What changed on the journey on show (`journey`, else the first) since the version or point `label_or_seq`
/// names (see [`find_point`]).
pub fn compare_with_version(
    store: &Store,
    label_or_seq: &str,
    journey: Option<JourneyId>,
) -> Result<Comparison, ApiError> {
    let seq = find_point(store, label_or_seq)?;
    let then = store.document_at(seq)?;
    let now = crate::project::shown_journey(store, journey)?;
    let cards_now = now.to_data(store.project().personas()).cards;
    let cards_then = cards_of(&then, now.id());
    let by_id: HashMap<CardId, &CardData> = cards_then.iter().map(|c| (c.id, c)).collect();
    let mut comparison = Comparison {
        seq,
        journey: now.id(),
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
    };
    for card in &cards_now {
        match by_id.get(&card.id) {
            None => comparison.added.push(card.id),
            Some(old) if differs(old, card) => comparison.changed.push(card.id),
            Some(_) => {}
        }
    }
    let still_there: HashSet<CardId> = cards_now.iter().map(|c| c.id).collect();
    comparison.removed = cards_then
        .into_iter()
        .filter(|c| !still_there.contains(&c.id))
        .collect();
    Ok(comparison)
}

/// The cards `journey` held in `project`, in reading order (none if it did not exist).
fn cards_of(project: &Project, journey: JourneyId) -> Vec<CardData> {
    project
        .journey(journey)
        .map(|j| j.to_data(project.personas()).cards)
        .unwrap_or_default()
}

/// Whether a card changed in a way the map shows: its fields or its cell (not its order in the cell or its dots).
fn differs(then: &CardData, now: &CardData) -> bool {
    then.fields != now.fields || then.stage != now.stage || then.lane != now.lane
}
