//! What a window is sent after a change: the whole view when it opens a project or changes journey, otherwise
//! only what differs from the view it was sent last. A map of 1,000 cards is about 1.8 MB of JSON; one edit
//! usually touches a few cards and the routes of their flows, so sending the difference keeps the round trip short
//! and lets the UI keep every object that did not change.
//!
//! Lists of things with ids (cards, flows and their boxes and routes) are patched item by item; everything else
//! is sent whole when it changed. A field left out of a patch is unchanged.

use crate::view::{FeedbackView, FileInfo, JourneySummary, ProjectView};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use waymark_core::layout::{
    CardBox, EmotionBand, EmotionCurve, FlowRoute, LaneBox, Point, Rect, StageBox,
};
use waymark_core::*;

/// The view a window gets: whole, or as a patch on the view of revision `base`. A UI whose view is not `base`
/// (it missed an answer) asks for the whole view again.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ViewUpdate {
    Full {
        view: Box<ProjectView>,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        revision: u64,
    },
    Patch {
        patch: Box<ViewPatch>,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        base: u64,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        revision: u64,
    },
}

/// Remembers the last view a window was sent, to send the next one as a patch.
#[derive(Debug, Default)]
pub struct ViewTracker {
    last: Option<ProjectView>,
    revision: u64,
}

impl ViewTracker {
    /// The whole view (on opening, or when the UI asks for it).
    pub fn full(&mut self, view: ProjectView) -> ViewUpdate {
        self.revision += 1;
        self.last = Some(view.clone());
        ViewUpdate::Full {
            view: Box::new(view),
            revision: self.revision,
        }
    }

    /// The view as a patch on the last one sent, or whole when there is no last one or the journey changed.
    pub fn update(&mut self, view: ProjectView) -> ViewUpdate {
        let Some(patch) = self
            .last
            .as_ref()
            .and_then(|last| ViewPatch::between(last, &view))
        else {
            return self.full(view);
        };
        let base = self.revision;
        self.revision += 1;
        self.last = Some(view);
        ViewUpdate::Patch {
            patch: Box::new(patch),
            base,
            revision: self.revision,
        }
    }
}

/// A list of items with ids, as what changed: the items that are new or differ, the ids that left, and where
/// the items sit that are new or moved against the others (as few as can be: one moved card is one entry, not
/// the order of the whole list). Every other item keeps its place relative to the rest.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ListPatch<T, I> {
    pub changed: Vec<T>,
    pub removed: Vec<I>,
    /// `[id, index in the new list]`, by increasing index.
    pub placed: Vec<(I, usize)>,
    /// Boxes and routes that only moved, each group by one offset: when a stage, lane or band grows, everything
    /// beyond it moves by the same amount, and an offset and the items' indexes are a fraction of their geometry.
    /// Applied to the new list, after the rest of the patch.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<Shift>>", optional))]
    pub shifted: Vec<Shift>,
}

/// Items of a patched list that moved by `by` (`[dx, dy]`), by their indexes in the new list (increasing).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Shift {
    pub by: (f64, f64),
    pub items: Vec<usize>,
}

/// Geometry that can have moved as a whole.
pub trait Movable {
    /// `(dx, dy)` when `self` is `old` moved by it exactly (each coordinate `old + d`, as the UI will add it).
    fn moved_from(&self, old: &Self) -> Option<(f64, f64)>;
}

/// The offset from `old` to `new` if adding it to every old point gives exactly the new one.
fn common_offset(old: &[Point], new: &[Point]) -> Option<(f64, f64)> {
    let (first_old, first_new) = (old.first()?, new.first()?);
    let by = (first_new.x - first_old.x, first_new.y - first_old.y);
    let same = old.len() == new.len()
        && old
            .iter()
            .zip(new)
            .all(|(o, n)| o.x + by.0 == n.x && o.y + by.1 == n.y);
    same.then_some(by)
}

/// Whether `new` is `old` moved by `by` exactly.
fn rect_moved(old: &Rect, new: &Rect, by: (f64, f64)) -> bool {
    old.width == new.width
        && old.height == new.height
        && old.x + by.0 == new.x
        && old.y + by.1 == new.y
}

impl Movable for CardBox {
    fn moved_from(&self, old: &Self) -> Option<(f64, f64)> {
        let by = (self.rect.x - old.rect.x, self.rect.y - old.rect.y);
        (self.id == old.id && rect_moved(&old.rect, &self.rect, by)).then_some(by)
    }
}

impl Movable for FlowRoute {
    fn moved_from(&self, old: &Self) -> Option<(f64, f64)> {
        if self.id != old.id {
            return None;
        }
        let by = common_offset(&old.points, &self.points)?;
        let label_moved = match (&old.label, &self.label) {
            (None, None) => true,
            (Some(o), Some(n)) => rect_moved(o, n, by),
            _ => false,
        };
        label_moved.then_some(by)
    }
}

/// An item of a patched list.
pub trait Keyed {
    type Key: Copy + Eq + Hash;
    fn key(&self) -> Self::Key;
}

macro_rules! keyed {
    ($($item:ty => $key:ty),* $(,)?) => {
        $(impl Keyed for $item {
            type Key = $key;
            fn key(&self) -> $key {
                self.id
            }
        })*
    };
}
keyed!(CardData => CardId, Flow => FlowId, CardBox => CardId, FlowRoute => FlowId);

/// How many items at the start and at the end of two lists are equal, one for one (not overlapping): an edit
/// mostly changes a few items in the middle of a long list, and what is equal around them needs no look-ups.
fn equal_ends<T: PartialEq>(old: &[T], new: &[T]) -> (usize, usize) {
    let start = old.iter().zip(new).take_while(|(o, n)| o == n).count();
    let end = old[start..]
        .iter()
        .rev()
        .zip(new[start..].iter().rev())
        .take_while(|(o, n)| o == n)
        .count();
    (start, end)
}

impl<T: Keyed + Clone + PartialEq> ListPatch<T, T::Key> {
    /// `None` when the lists are equal.
    pub fn between(old: &[T], new: &[T]) -> Option<Self> {
        Self::with_ends(old, new).map(|(patch, _)| patch)
    }

    /// [`ListPatch::between`], and how many items at the lists' start and end are equal.
    fn with_ends(old: &[T], new: &[T]) -> Option<(Self, (usize, usize))> {
        let (start, end) = equal_ends(old, new);
        if start == old.len() && start == new.len() {
            return None;
        }
        // The equal ends keep their places and need nothing; only the middles are compared by key (an item's key
        // is in one list once, so no key of one middle is in the other's ends).
        let (old, new) = (&old[start..old.len() - end], &new[start..new.len() - end]);
        let before: HashMap<T::Key, (usize, &T)> = old
            .iter()
            .enumerate()
            .map(|(index, item)| (item.key(), (index, item)))
            .collect();
        let kept: HashSet<T::Key> = new.iter().map(Keyed::key).collect();
        // Items that were there keep their places if their old positions rise along the new list: the longest
        // such run stays, everything else is placed.
        let old_positions: Vec<Option<usize>> = new
            .iter()
            .map(|item| before.get(&item.key()).map(|&(index, _)| index))
            .collect();
        let staying = longest_rising(&old_positions);
        let patch = ListPatch {
            shifted: Vec::new(),
            changed: new
                .iter()
                .filter(|item| before.get(&item.key()).is_none_or(|&(_, old)| old != *item))
                .cloned()
                .collect(),
            removed: old
                .iter()
                .map(Keyed::key)
                .filter(|key| !kept.contains(key))
                .collect(),
            placed: new
                .iter()
                .enumerate()
                .filter(|(index, _)| !staying[*index])
                .map(|(index, item)| (item.key(), start + index))
                .collect(),
        };
        Some((patch, (start, end)))
    }
}

impl<T: Keyed + Clone + PartialEq + Movable> ListPatch<T, T::Key> {
    /// As [`ListPatch::between`], with the items that only moved sent as shifts.
    pub fn between_shifting(old: &[T], new: &[T]) -> Option<Self> {
        // Only the items that differ can have moved, and those lie between the lists' equal ends; each is looked at
        // once.
        let (mut patch, (start, end)) = Self::with_ends(old, new)?;
        let changed: HashSet<T::Key> = patch.changed.iter().map(Keyed::key).collect();
        let before: HashMap<T::Key, &T> = old[start..old.len() - end]
            .iter()
            .filter(|item| changed.contains(&item.key()))
            .map(|item| (item.key(), item))
            .collect();
        let mut moved: HashSet<T::Key> = HashSet::new();
        let mut groups: Vec<Shift> = Vec::new();
        for (index, item) in new.iter().enumerate().take(new.len() - end).skip(start) {
            let Some(by) = before.get(&item.key()).and_then(|old| item.moved_from(old)) else {
                continue;
            };
            moved.insert(item.key());
            match groups.iter_mut().find(|g| g.by == by) {
                Some(group) => group.items.push(index),
                None => groups.push(Shift {
                    by,
                    items: vec![index],
                }),
            }
        }
        patch.changed.retain(|item| !moved.contains(&item.key()));
        patch.shifted = groups;
        Some(patch)
    }
}

/// Marks the longest run of positions that rises from left to right (a longest increasing subsequence, in
/// O(n log n)); `None` (a new item) never belongs to it.
fn longest_rising(positions: &[Option<usize>]) -> Vec<bool> {
    // tails[k]: the index in `positions` of the smallest last value of a rising run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; positions.len()];
    for (index, value) in positions.iter().enumerate() {
        let Some(value) = value else { continue };
        let at = tails.partition_point(|&t| positions[t].is_some_and(|v| v < *value));
        previous[index] = at.checked_sub(1).map(|k| tails[k]);
        if at == tails.len() {
            tails.push(index);
        } else {
            tails[at] = index;
        }
    }
    let mut staying = vec![false; positions.len()];
    let mut next = tails.last().copied();
    while let Some(index) = next {
        staying[index] = true;
        next = previous[index];
    }
    staying
}

/// `Some(new)` when it differs from `old`.
fn changed<T: PartialEq + Clone>(old: &T, new: &T) -> Option<T> {
    (old != new).then(|| new.clone())
}

/// What differs between two views of the same journey. Fields left out are unchanged.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ViewPatch {
    pub can_undo: bool,
    pub can_redo: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub file: Option<FileInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub personas: Option<Vec<Persona>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub journeys: Option<Vec<JourneySummary>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub journey: Option<JourneyPatch>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub layout: Option<LayoutPatch>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub feedback: Option<FeedbackView>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JourneyPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub stages: Option<Vec<Stage>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub lanes: Option<Vec<Lane>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub cards: Option<ListPatch<CardData, CardId>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub flows: Option<ListPatch<Flow, FlowId>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub emotions: Option<Vec<EmotionData>>,
    /// `null` when the round was removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub voting: Option<Option<Voting>>,
    /// The journey's comments, whole, when any changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub comments: Option<Vec<Comment>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LayoutPatch {
    pub width: f64,
    pub height: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub stages: Option<Vec<StageBox>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub lanes: Option<Vec<LaneBox>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub cards: Option<ListPatch<CardBox, CardId>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub flows: Option<ListPatch<FlowRoute, FlowId>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub emotion_curves: Option<Vec<EmotionCurve>>,
    /// `null` when the journey no longer has an emotions lane.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub emotion_band: Option<Option<EmotionBand>>,
}

impl JourneyPatch {
    /// Whether nothing in the journey changed (cheaper to ask than comparing two journeys again).
    fn is_empty(&self) -> bool {
        let JourneyPatch {
            name,
            stages,
            lanes,
            cards,
            flows,
            emotions,
            voting,
            comments,
        } = self;
        name.is_none()
            && stages.is_none()
            && lanes.is_none()
            && cards.is_none()
            && flows.is_none()
            && emotions.is_none()
            && voting.is_none()
            && comments.is_none()
    }
}

impl LayoutPatch {
    /// Whether nothing but the size could have changed: no list or band in it.
    fn is_empty(&self) -> bool {
        let LayoutPatch {
            width: _,
            height: _,
            stages,
            lanes,
            cards,
            flows,
            emotion_curves,
            emotion_band,
        } = self;
        stages.is_none()
            && lanes.is_none()
            && cards.is_none()
            && flows.is_none()
            && emotion_curves.is_none()
            && emotion_band.is_none()
    }
}

impl ViewPatch {
    /// The patch from `old` to `new`; `None` when they show different journeys (or one shows none), which the
    /// UI gets whole.
    pub fn between(old: &ProjectView, new: &ProjectView) -> Option<ViewPatch> {
        let (Some(old_journey), Some(new_journey)) = (&old.journey, &new.journey) else {
            return None;
        };
        let (Some(old_layout), Some(new_layout)) = (&old.layout, &new.layout) else {
            return None;
        };
        if old_journey.id != new_journey.id || old.card_kind_for_lane != new.card_kind_for_lane {
            return None;
        }
        let journey = JourneyPatch {
            name: changed(&old_journey.name, &new_journey.name),
            stages: changed(&old_journey.stages, &new_journey.stages),
            lanes: changed(&old_journey.lanes, &new_journey.lanes),
            cards: ListPatch::between(&old_journey.cards, &new_journey.cards),
            flows: ListPatch::between(&old_journey.flows, &new_journey.flows),
            emotions: changed(&old_journey.emotions, &new_journey.emotions),
            voting: changed(&old_journey.voting, &new_journey.voting),
            comments: changed(&old_journey.comments, &new_journey.comments),
        };
        let layout = LayoutPatch {
            width: new_layout.width,
            height: new_layout.height,
            stages: changed(&old_layout.stages, &new_layout.stages),
            lanes: changed(&old_layout.lanes, &new_layout.lanes),
            cards: ListPatch::between_shifting(&old_layout.cards, &new_layout.cards),
            flows: ListPatch::between_shifting(&old_layout.flows, &new_layout.flows),
            emotion_curves: changed(&old_layout.emotion_curves, &new_layout.emotion_curves),
            emotion_band: changed(&old_layout.emotion_band, &new_layout.emotion_band),
        };
        Some(ViewPatch {
            can_undo: new.can_undo,
            can_redo: new.can_redo,
            file: changed(&old.file, &new.file),
            personas: changed(&old.personas, &new.personas),
            journeys: changed(&old.journeys, &new.journeys),
            journey: (!journey.is_empty()).then_some(journey),
            layout: (old_layout.width != new_layout.width
                || old_layout.height != new_layout.height
                || !layout.is_empty())
            .then_some(layout),
            feedback: changed(&old.feedback, &new.feedback),
        })
    }
}
