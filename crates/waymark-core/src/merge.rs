//! Three-way merge of two documents that share an ancestor, item by item and field by field (see [`crate::items`]):
//!
//! - a field changed on one side only is taken; the same change on both sides is taken once;
//! - a field changed differently on both sides is a conflict — except a description, merged line by line where
//!   the two edits do not overlap (diffy), and a card's dots, which add up (ours + theirs − base);
//! - an item edited on one side and deleted on the other is a conflict (never a silent loss);
//! - an item added into a stage, lane, journey or onto a card the other side deleted is a conflict;
//! - both sides connecting the same two cards, each with a flow of its own, is one flow (a journey holds one flow
//!   per pair): ours, the other side's id dropped, and a conflict on ours holding theirs whole if they differ;
//! - items added on both sides are all kept, in an order that does not depend on which side is "ours".
//!
//! Until a conflict is resolved the result holds ours: our value of the field, our item where we kept it, our
//! deletion where we made it — and the conflict records base, ours and theirs, so nothing is lost.

use crate::data::ProjectData;
use crate::items::{ItemKey, ItemKind, Items, common_keys, moved};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Why two sides could not both be taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ConflictReason {
    /// Both sides changed the field, differently.
    BothChanged,
    /// Both sides added an item with this id, differently.
    BothAdded,
    /// One side changed the item, the other deleted it.
    ChangedAndDeleted,
    /// One side added or moved something into (or onto) what the other side deleted.
    AddedIntoDeleted,
}

/// One disagreement: the item, the field (`"(item)"` for the whole item, `"position"` for its place), and each
/// side's value (`None`: the item is not there).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Conflict {
    pub item: ItemKey,
    /// Its name or title, for people.
    pub label: String,
    pub field: String,
    pub reason: ConflictReason,
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub base: Option<Value>,
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub ours: Option<Value>,
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub theirs: Option<Value>,
}

/// What a merge gives: the merged document (holding ours wherever there is a conflict) and the conflicts.
#[derive(Clone, Debug)]
pub struct Merged {
    pub data: ProjectData,
    pub conflicts: Vec<Conflict>,
    /// How many items each side added, removed, changed or moved since the base.
    pub ours_changes: usize,
    pub theirs_changes: usize,
}

/// How many items `side` added, removed, changed or moved since `base`.
fn changes(base: &Items, side: &Items, moved: &HashSet<ItemKey>) -> usize {
    let changed = side
        .items
        .iter()
        .filter(|(k, item)| {
            base.items.get(*k).is_none_or(|b| b.fields != item.fields) || moved.contains(*k)
        })
        .count();
    changed
        + base
            .items
            .keys()
            .filter(|k| !side.items.contains_key(*k))
            .count()
}

/// The whole item's fields as one value, for conflict records.
fn whole(items: &Items, key: &ItemKey) -> Option<Value> {
    items
        .items
        .get(key)
        .map(|i| Value::Object(i.fields.clone().into_iter().collect()))
}

/// Fields that are not merged as fields: a card's cell is part of its place.
fn is_place_field(key: &ItemKey, field: &str) -> bool {
    key.kind == ItemKind::Card && (field == "stage" || field == "lane")
}

/// Merges `ours` and `theirs`, both descended from `base`.
pub fn merge(
    base: &ProjectData,
    ours: &ProjectData,
    theirs: &ProjectData,
) -> Result<Merged, String> {
    let (b, o, t) = (Items::of(base), Items::of(ours), Items::of(theirs));
    let common = common_keys(&[&b, &o, &t]);
    let mut state = State {
        b: &b,
        o: &o,
        t: &t,
        moved_by_us: moved(&b, &o, &common),
        moved_by_them: moved(&b, &t, &common),
        base_positions: b
            .lists
            .values()
            .flat_map(|list| list.iter().enumerate().map(|(i, k)| (k.clone(), i)))
            .collect(),
        common,
        result: Items::default(),
        places: BTreeMap::new(),
        conflicts: Vec::new(),
    };
    let keys: BTreeSet<&ItemKey> = b
        .items
        .keys()
        .chain(o.items.keys())
        .chain(t.items.keys())
        .collect();
    for key in keys {
        state.merge_item(key);
    }
    state.keep_what_items_need();
    state.one_flow_per_pair();
    state.order_lists();
    let data = state.result.to_data()?;
    Ok(Merged {
        data,
        ours_changes: changes(&b, &o, &state.moved_by_us),
        theirs_changes: changes(&b, &t, &state.moved_by_them),
        conflicts: state.conflicts,
    })
}

/// Where a merged item goes: its container, and how it is placed there.
#[derive(Clone, Debug, PartialEq)]
struct Place {
    container: String,
    how: Placed,
}

#[derive(Clone, Debug, PartialEq)]
enum Placed {
    /// Added on one side: right after the nearest item before it there that the merge keeps (the items before
    /// it, nearest first; none: first).
    New(Vec<ItemKey>),
    /// Moved on one side: after the common item before it there.
    Moved(Option<ItemKey>),
    /// Where the base has it, among the other items neither side moved.
    Unmoved,
}

struct State<'a> {
    b: &'a Items,
    o: &'a Items,
    t: &'a Items,
    /// The items all three documents hold: places are told by them.
    common: HashSet<ItemKey>,
    moved_by_us: HashSet<ItemKey>,
    moved_by_them: HashSet<ItemKey>,
    /// Each base item's index in its list, for ordering (made once: there are as many lists as cells).
    base_positions: HashMap<ItemKey, usize>,
    result: Items,
    places: BTreeMap<ItemKey, Place>,
    conflicts: Vec<Conflict>,
}

impl State<'_> {
    fn conflict(
        &mut self,
        key: &ItemKey,
        field: &str,
        reason: ConflictReason,
        values: [Option<Value>; 3],
    ) {
        let label = [self.o, self.t, self.b]
            .iter()
            .find_map(|d| d.items.get(key).map(|i| i.label.clone()))
            .unwrap_or_default();
        let [base, ours, theirs] = values;
        self.conflicts.push(Conflict {
            item: key.clone(),
            label,
            field: field.to_owned(),
            reason,
            base,
            ours,
            theirs,
        });
    }

    fn merge_item(&mut self, key: &ItemKey) {
        let (b, o, t) = (self.b, self.o, self.t);
        let (in_b, in_o, in_t) = (b.items.get(key), o.items.get(key), t.items.get(key));
        match (in_b, in_o, in_t) {
            (Some(_), Some(_), Some(_)) => self.merge_fields(key, true),
            (None, Some(_), Some(_)) => self.merge_fields(key, false),
            (Some(bi), Some(oi), None) => {
                if oi.fields != bi.fields {
                    let values = [whole(b, key), whole(o, key), None];
                    self.conflict(key, "(item)", ConflictReason::ChangedAndDeleted, values);
                    self.take(key, o, false);
                }
            }
            (Some(bi), None, Some(ti)) => {
                if ti.fields != bi.fields {
                    let values = [whole(b, key), None, whole(t, key)];
                    self.conflict(key, "(item)", ConflictReason::ChangedAndDeleted, values);
                }
            }
            (None, Some(_), None) => self.take(key, o, true),
            (None, None, Some(_)) => self.take(key, t, true),
            (Some(_), None, None) | (None, None, None) => {}
        }
    }

    /// Puts `side`'s item into the result as it is there, placed as it is there.
    fn take(&mut self, key: &ItemKey, side: &Items, new: bool) {
        let item = side.items[key].clone();
        if let Some(container) = item.container.clone() {
            let how = if new {
                Placed::New(side.before(key, 32))
            } else {
                Placed::Moved(side.anchor(key, |k| self.common.contains(k)))
            };
            self.places.insert(key.clone(), Place { container, how });
        }
        self.result.items.insert(key.clone(), item);
    }

    /// An item both sides hold: each field merged three ways (`in_base`: the base holds it too), then its place.
    fn merge_fields(&mut self, key: &ItemKey, in_base: bool) {
        let (b, o, t) = (self.b, self.o, self.t);
        let mut item = o.items[key].clone();
        let names: BTreeSet<String> = [b, o, t]
            .iter()
            .filter_map(|d| d.items.get(key))
            .flat_map(|i| i.fields.keys().cloned())
            .collect();
        for name in names {
            if is_place_field(key, &name) {
                continue;
            }
            let get = |d: &Items| d.items.get(key).and_then(|i| i.fields.get(&name)).cloned();
            let (bv, ov, tv) = (if in_base { get(b) } else { None }, get(o), get(t));
            let merged = if ov == tv || tv == bv {
                ov
            } else if ov == bv {
                tv
            } else if let Some(v) = combine(&name, &bv, &ov, &tv) {
                Some(v)
            } else {
                let reason = if in_base {
                    ConflictReason::BothChanged
                } else {
                    ConflictReason::BothAdded
                };
                self.conflict(key, &name, reason, [bv, ov.clone(), tv]);
                ov
            };
            match merged {
                Some(v) => item.fields.insert(name, v),
                None => item.fields.remove(&name),
            };
        }
        self.result.items.insert(key.clone(), item);
        if o.items[key].container.is_some() {
            self.merge_place(key, in_base);
        }
    }

    /// Where an item both sides hold goes: where the base has it unless a side moved it (for a card, its cell
    /// too); moved differently by both sides, a conflict.
    fn merge_place(&mut self, key: &ItemKey, in_base: bool) {
        let common = &self.common;
        let place_in = |d: &Items| -> Option<Place> {
            let item = d.items.get(key)?;
            Some(Place {
                container: item.container.clone()?,
                how: Placed::Moved(d.anchor(key, |k| common.contains(k))),
            })
        };
        let (ours, theirs) = (place_in(self.o), place_in(self.t));
        let (by_us, by_them) = if in_base {
            (
                self.moved_by_us.contains(key),
                self.moved_by_them.contains(key),
            )
        } else {
            // Added on both sides: placed as ours has it, a conflict if theirs differs.
            (true, true)
        };
        let place = match (by_us, by_them) {
            (false, false) => self.b.items[key].container.clone().map(|container| Place {
                container,
                how: Placed::Unmoved,
            }),
            (true, false) => ours,
            (false, true) => theirs,
            (true, true) => {
                if ours != theirs {
                    let base = if in_base { place_in(self.b) } else { None };
                    let shown = |p: &Option<Place>| p.as_ref().map(|p| place_value(self.b, p));
                    let values = [shown(&base), shown(&ours), shown(&theirs)];
                    self.conflict(key, "position", ConflictReason::BothChanged, values);
                }
                ours
            }
        };
        let Some(place) = place else { return };
        if key.kind == ItemKind::Card {
            // The cell is the container: the card's stage and lane follow it.
            let held = |d: &Items| d.items.get(key).and_then(|i| i.container.clone());
            let side = if held(self.o).as_ref() == Some(&place.container) {
                self.o
            } else {
                self.t
            };
            let fields = &side.items[key].fields;
            let (stage, lane) = (fields["stage"].clone(), fields["lane"].clone());
            let item = self
                .result
                .items
                .get_mut(key)
                .expect("merged before placed");
            item.fields.insert("stage".into(), stage);
            item.fields.insert("lane".into(), lane);
            item.container = Some(place.container.clone());
        }
        self.places.insert(key.clone(), place);
    }

    /// Whatever a kept item needs (its journey, a card's stage and lane, a flow's cards, an emotion's persona
    /// and stage, a reply's comment) is kept too, and what they deleted but we kept keeps all we hold inside it:
    /// ours is restored where we hold the item, theirs' item is left out (and recorded) where only they do.
    /// Repeated until nothing more changes; each restored or left-out item is recorded once.
    fn keep_what_items_need(&mut self) {
        let mut recorded: HashSet<ItemKey> = HashSet::new();
        // What each item of ours holds inside it: the items of ours that need it.
        let mut inside: HashMap<&ItemKey, Vec<&ItemKey>> = HashMap::new();
        for (key, item) in &self.o.items {
            for need in &item.needs {
                inside.entry(need).or_default().push(key);
            }
        }
        loop {
            let mut changed = false;
            let missing: Vec<(ItemKey, ItemKey)> = self
                .result
                .items
                .iter()
                .flat_map(|(k, item)| {
                    needs(k, &item.fields)
                        .into_iter()
                        .map(move |n| (k.clone(), n))
                })
                .filter(|(_, need)| !self.result.items.contains_key(need))
                .collect();
            for (key, need) in missing {
                if !self.result.items.contains_key(&key) || self.result.items.contains_key(&need) {
                    continue;
                }
                changed = true;
                let (b, o, t) = (self.b, self.o, self.t);
                let (recorded_key, new) =
                    if o.items.contains_key(&key) && o.items.contains_key(&need) {
                        // We hold both: what they deleted comes back as ours.
                        self.take(&need, o, !b.items.contains_key(&need));
                        (need, false)
                    } else if o.items.contains_key(&key) {
                        // They moved our item somewhere we deleted: it stays as we hold it.
                        self.take(&key, o, !b.items.contains_key(&key));
                        (key, false)
                    } else {
                        // Only they hold it, and we deleted what it needs: it is left out, recorded whole.
                        self.result.items.remove(&key);
                        self.places.remove(&key);
                        (key, true)
                    };
                if recorded.insert(recorded_key.clone()) {
                    let ours = if new { None } else { whole(o, &recorded_key) };
                    let values = [whole(b, &recorded_key), ours, whole(t, &recorded_key)];
                    self.conflict(
                        &recorded_key,
                        "(item)",
                        ConflictReason::AddedIntoDeleted,
                        values,
                    );
                }
            }
            // Kept although they deleted it: all we hold inside it stays, as we hold it.
            let kept: Vec<ItemKey> = self
                .result
                .items
                .keys()
                .filter(|k| self.b.items.contains_key(*k) && !self.t.items.contains_key(*k))
                .cloned()
                .collect();
            for key in kept {
                for dependant in inside.get(&key).into_iter().flatten() {
                    if self.result.items.contains_key(*dependant) {
                        continue;
                    }
                    changed = true;
                    let (b, o, t) = (self.b, self.o, self.t);
                    self.take(dependant, o, !b.items.contains_key(*dependant));
                    if recorded.insert((*dependant).clone()) {
                        let values = [
                            whole(b, dependant),
                            whole(o, dependant),
                            whole(t, dependant),
                        ];
                        self.conflict(
                            dependant,
                            "(item)",
                            ConflictReason::ChangedAndDeleted,
                            values,
                        );
                    }
                }
            }
            if !changed {
                return;
            }
        }
    }

    /// Both sides may connect the same two cards, each with its own flow: one flow is kept (ours, else the first
    /// by id), and a different kind or label is a conflict holding the kept one.
    fn one_flow_per_pair(&mut self) {
        let mut by_pair: BTreeMap<(Option<String>, String, String), Vec<ItemKey>> = BTreeMap::new();
        for (key, item) in &self.result.items {
            if key.kind == ItemKind::Flow {
                let end = |f: &str| item.fields.get(f).map(Value::to_string).unwrap_or_default();
                by_pair
                    .entry((key.journey.clone(), end("from"), end("to")))
                    .or_default()
                    .push(key.clone());
            }
        }
        for mut flows in by_pair.into_values().filter(|f| f.len() > 1) {
            flows.sort_by_key(|k| (!self.o.items.contains_key(k), k.clone()));
            let kept = flows.remove(0);
            for other in flows {
                let removed = self.result.items.remove(&other).expect("listed above");
                let fields_of = |k: &ItemKey| self.result.items.get(k).map(|i| i.fields.clone());
                if fields_of(&kept).as_ref() != Some(&removed.fields) {
                    let as_value = |f: crate::items::Fields| Value::Object(f.into_iter().collect());
                    let values = [
                        None,
                        fields_of(&kept).map(as_value),
                        Some(as_value(removed.fields)),
                    ];
                    self.conflict(&kept, "(item)", ConflictReason::BothAdded, values);
                }
            }
        }
    }

    /// Each container's items in merged order: the items neither side moved in base order, each followed by
    /// the items added right after it on one side, then those moved right after it (each group by key, so the order
    /// does not depend on which side is ours); whatever follows an item that is gone goes last, in base order.
    fn order_lists(&mut self) {
        let mut by_container: BTreeMap<String, Vec<ItemKey>> = BTreeMap::new();
        for (key, place) in &self.places {
            if self.result.items.contains_key(key) {
                by_container
                    .entry(place.container.clone())
                    .or_default()
                    .push(key.clone());
            }
        }
        for (container, keys) in by_container {
            let order = self.order_of(&keys);
            self.result.lists.insert(container, order);
        }
    }

    fn order_of(&self, keys: &[ItemKey]) -> Vec<ItemKey> {
        let present: HashSet<&ItemKey> = keys.iter().collect();
        let base_index = |k: &ItemKey| self.base_positions.get(k).copied().unwrap_or(usize::MAX);
        // Unmoved items follow one another in base order.
        let mut unmoved: Vec<&ItemKey> = keys
            .iter()
            .filter(|k| self.places[*k].how == Placed::Unmoved)
            .collect();
        unmoved.sort_by_key(|k| (base_index(k), (*k).clone()));
        // After each item (or the start): the items added after it, then those moved after it, then the next
        // unmoved one.
        let mut follows: BTreeMap<Option<ItemKey>, [Vec<ItemKey>; 3]> = BTreeMap::new();
        for (i, key) in unmoved.iter().enumerate() {
            let anchor = i.checked_sub(1).map(|p| unmoved[p].clone());
            follows.entry(anchor).or_default()[2].push((*key).clone());
        }
        for key in keys {
            let (anchor, slot) = match &self.places[key].how {
                Placed::New(before) => (before.iter().find(|a| present.contains(a)).cloned(), 0),
                Placed::Moved(a) => (a.clone().filter(|a| present.contains(a)), 1),
                Placed::Unmoved => continue,
            };
            follows.entry(anchor).or_default()[slot].push(key.clone());
        }
        for lists in follows.values_mut() {
            lists[0].sort();
            lists[1].sort();
        }
        let mut order = Vec::with_capacity(keys.len());
        let mut seen = HashSet::new();
        // Depth first, without recursion (a list may be long): an item, then what follows it.
        let children = |anchor: &Option<ItemKey>| -> std::vec::IntoIter<ItemKey> {
            follows
                .get(anchor)
                .map(|l| l.concat())
                .unwrap_or_default()
                .into_iter()
        };
        let walk =
            |start: Option<ItemKey>, order: &mut Vec<ItemKey>, seen: &mut HashSet<ItemKey>| {
                let mut stack = vec![children(&start)];
                while let Some(top) = stack.last_mut() {
                    match top.next() {
                        Some(key) if seen.insert(key.clone()) => {
                            order.push(key.clone());
                            stack.push(children(&Some(key)));
                        }
                        Some(_) => {}
                        None => {
                            stack.pop();
                        }
                    }
                }
            };
        walk(None, &mut order, &mut seen);
        let mut rest: Vec<&ItemKey> = keys.iter().filter(|k| !seen.contains(*k)).collect();
        rest.sort_by_key(|k| (base_index(k), (*k).clone()));
        for key in rest {
            if seen.insert(key.clone()) {
                order.push(key.clone());
                walk(Some(key.clone()), &mut order, &mut seen);
            }
        }
        order
    }
}

/// A place as people read it in a conflict: the container and the item it follows.
fn place_value(base: &Items, place: &Place) -> Value {
    let anchor = match &place.how {
        Placed::New(before) => before.first(),
        Placed::Moved(a) => a.as_ref(),
        Placed::Unmoved => None,
    };
    let after = anchor.map(|a| {
        base.items
            .get(a)
            .map_or_else(|| a.id.clone(), |i| i.label.clone())
    });
    let after_id = anchor.map(|a| a.id.clone());
    serde_json::json!({ "in": place.container, "after": after, "after_id": after_id })
}

/// Two different changes of one field that still combine: descriptions merged line by line, dots added up.
fn combine(
    field: &str,
    base: &Option<Value>,
    ours: &Option<Value>,
    theirs: &Option<Value>,
) -> Option<Value> {
    match field {
        "description" => {
            let text =
                |v: &Option<Value>| v.as_ref().and_then(Value::as_str).unwrap_or("").to_owned();
            diffy::merge(&text(base), &text(ours), &text(theirs))
                .ok()
                .filter(|merged| merged.chars().count() <= crate::MAX_DESCRIPTION_CHARS)
                .map(Value::from)
        }
        "dots" => {
            let n = |v: &Option<Value>| v.as_ref().and_then(Value::as_i64).unwrap_or(0);
            Some(Value::from((n(ours) + n(theirs) - n(base)).max(0)))
        }
        _ => None,
    }
}

/// The items an item cannot exist without, from its fields as merged.
pub(crate) fn needs(key: &ItemKey, fields: &crate::items::Fields) -> Vec<ItemKey> {
    let journey = key.journey.clone();
    let at = |kind, id: &str| ItemKey {
        kind,
        journey: journey.clone(),
        id: id.to_owned(),
    };
    let field = |name: &str| {
        fields
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let mut out = Vec::new();
    if let Some(j) = &journey {
        out.push(ItemKey {
            kind: ItemKind::Journey,
            journey: None,
            id: j.clone(),
        });
    }
    match key.kind {
        ItemKind::Card => {
            out.push(at(ItemKind::Stage, &field("stage")));
            out.push(at(ItemKind::Lane, &field("lane")));
        }
        ItemKind::Flow => {
            out.push(at(ItemKind::Card, &field("from")));
            out.push(at(ItemKind::Card, &field("to")));
        }
        ItemKind::Comment => {
            out.push(at(ItemKind::Card, &field("card")));
            if let Some(reply_to) = fields.get("reply_to").and_then(Value::as_str) {
                out.push(at(ItemKind::Comment, reply_to));
            }
        }
        ItemKind::Emotion => {
            if let Some((persona, stage)) = key.id.split_once('/') {
                out.push(ItemKey {
                    kind: ItemKind::Persona,
                    journey: None,
                    id: persona.to_owned(),
                });
                out.push(at(ItemKind::Stage, stage));
            }
        }
        _ => {}
    }
    out
}
