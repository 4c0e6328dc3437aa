//! The document as a flat set of items keyed by id — personas, journeys, stages, lanes, cards, flows and emotion
//! values — each a map of fields, with where it sits in its ordered list. Diff and merge work on this shape, so
//! both see one rule for what "the same thing" and "a change" are: the same key, a different field value.
//!
//! Order is kept as a place: for each item, the container it is listed in (a journey's stages, a cell's cards…)
//! and its anchor, the item listed before it among the items both compared documents hold. A card inserted above
//! another does not move that card; moving one item is one change.

use crate::data::{CardData, DATA_FORMAT, EmotionData, JourneyData, ProjectData};
use crate::model::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What an item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Persona,
    Journey,
    Stage,
    Lane,
    Card,
    Flow,
    Emotion,
    Comment,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Persona => "persona",
            ItemKind::Journey => "journey",
            ItemKind::Stage => "stage",
            ItemKind::Lane => "lane",
            ItemKind::Card => "card",
            ItemKind::Flow => "flow",
            ItemKind::Emotion => "emotion",
            ItemKind::Comment => "comment",
        }
    }
}

/// An item's identity: its kind, its journey (for everything inside one) and its id (an emotion value's id is
/// `PERSONA/STAGE`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemKey {
    pub kind: ItemKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journey: Option<String>,
    pub id: String,
}

/// An item's fields by name, as JSON values.
pub type Fields = BTreeMap<String, Value>;

/// One item of the document.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// What people call it: a name or a title (for messages).
    pub label: String,
    pub fields: Fields,
    /// The list it is in (`None`: unordered, like flows).
    pub container: Option<String>,
    /// The items it cannot exist without (its journey, a card's stage and lane, a flow's cards…).
    pub needs: Vec<ItemKey>,
}

/// The document as items, with each ordered list in order.
#[derive(Clone, Debug, Default)]
pub struct Items {
    pub items: BTreeMap<ItemKey, Item>,
    /// Each container's items in order.
    pub lists: BTreeMap<String, Vec<ItemKey>>,
}

fn key(kind: ItemKind, journey: Option<&JourneyData>, id: impl ToString) -> ItemKey {
    ItemKey {
        kind,
        journey: journey.map(|j| j.id.to_string()),
        id: id.to_string(),
    }
}

/// The JSON object of a serialisable value, as fields (minus the id, which is the key).
fn fields_of(value: &impl Serialize) -> Fields {
    match serde_json::to_value(value).expect("document values serialise") {
        Value::Object(map) => map.into_iter().filter(|(k, _)| k != "id").collect(),
        _ => Fields::new(),
    }
}

/// The container a card is listed in: its cell.
pub fn cell_container(journey: &str, stage: &Value, lane: &Value) -> String {
    format!(
        "cell:{journey}:{}:{}",
        stage.as_str().unwrap_or(""),
        lane.as_str().unwrap_or("")
    )
}

impl Items {
    pub fn of(data: &ProjectData) -> Items {
        let mut items = Items::default();
        for p in &data.personas {
            items.add(
                key(ItemKind::Persona, None, p.id),
                p.name.clone(),
                fields_of(p),
                Some("personas".into()),
                vec![],
            );
        }
        for j in &data.journeys {
            items.add_journey(j);
        }
        items
    }

    fn add(
        &mut self,
        key: ItemKey,
        label: String,
        fields: Fields,
        container: Option<String>,
        needs: Vec<ItemKey>,
    ) {
        if let Some(c) = &container {
            self.lists.entry(c.clone()).or_default().push(key.clone());
        }
        self.items.insert(
            key,
            Item {
                label,
                fields,
                container,
                needs,
            },
        );
    }

    fn add_journey(&mut self, j: &JourneyData) {
        let journey = key(ItemKind::Journey, None, j.id);
        let mut fields = Fields::new();
        fields.insert("name".into(), Value::from(j.name.clone()));
        fields.insert(
            "voting".into(),
            serde_json::to_value(j.voting).expect("voting serialises"),
        );
        self.add(
            journey.clone(),
            j.name.clone(),
            fields,
            Some("journeys".into()),
            vec![],
        );
        let jid = j.id.to_string();
        for s in &j.stages {
            let fields = fields_of(s);
            self.add(
                key(ItemKind::Stage, Some(j), s.id),
                s.name.clone(),
                fields,
                Some(format!("stages:{jid}")),
                vec![journey.clone()],
            );
        }
        for l in &j.lanes {
            self.add(
                key(ItemKind::Lane, Some(j), l.id),
                l.name.clone(),
                fields_of(l),
                Some(format!("lanes:{jid}")),
                vec![journey.clone()],
            );
        }
        for c in &j.cards {
            let mut fields = fields_of(&c.fields);
            fields.insert("stage".into(), Value::from(c.stage.to_string()));
            fields.insert("lane".into(), Value::from(c.lane.to_string()));
            fields.insert("dots".into(), Value::from(c.dots));
            let container = cell_container(&jid, &fields["stage"], &fields["lane"]);
            self.add(
                key(ItemKind::Card, Some(j), c.id),
                c.fields.title.clone(),
                fields,
                Some(container),
                vec![
                    journey.clone(),
                    key(ItemKind::Stage, Some(j), c.stage),
                    key(ItemKind::Lane, Some(j), c.lane),
                ],
            );
        }
        let titles: HashMap<_, _> = j.cards.iter().map(|c| (c.id, &c.fields.title)).collect();
        for f in &j.flows {
            let title = |id| titles.get(&id).map_or("?", |t| t.as_str());
            self.add(
                key(ItemKind::Flow, Some(j), f.id),
                format!("{} → {}", title(f.from), title(f.to)),
                fields_of(f),
                None,
                vec![
                    journey.clone(),
                    key(ItemKind::Card, Some(j), f.from),
                    key(ItemKind::Card, Some(j), f.to),
                ],
            );
        }
        for c in &j.comments {
            let mut needs = vec![journey.clone(), key(ItemKind::Card, Some(j), c.card)];
            needs.extend(c.reply_to.map(|r| key(ItemKind::Comment, Some(j), r)));
            let label: String = c.text.chars().take(40).collect();
            self.add(
                key(ItemKind::Comment, Some(j), c.id),
                label,
                fields_of(c),
                None,
                needs,
            );
        }
        for e in &j.emotions {
            let mut fields = Fields::new();
            fields.insert("value".into(), Value::from(e.value));
            self.add(
                key(
                    ItemKind::Emotion,
                    Some(j),
                    format!("{}/{}", e.persona, e.stage),
                ),
                String::new(),
                fields,
                None,
                vec![
                    journey.clone(),
                    key(ItemKind::Persona, None, e.persona),
                    key(ItemKind::Stage, Some(j), e.stage),
                ],
            );
        }
    }

    /// The item listed before `key` in its container among the items `keep` accepts (`None`: first).
    pub fn anchor(&self, key: &ItemKey, keep: impl Fn(&ItemKey) -> bool) -> Option<ItemKey> {
        let container = self.items.get(key)?.container.as_ref()?;
        let list = self.lists.get(container)?;
        let at = list.iter().position(|k| k == key)?;
        list[..at].iter().rev().find(|k| keep(k)).cloned()
    }

    /// The items listed before `key` in its container, nearest first, at most `limit`.
    pub fn before(&self, key: &ItemKey, limit: usize) -> Vec<ItemKey> {
        let Some(list) = self
            .items
            .get(key)
            .and_then(|i| i.container.as_ref())
            .and_then(|c| self.lists.get(c))
        else {
            return Vec::new();
        };
        let at = list.iter().position(|k| k == key).unwrap_or(0);
        list[..at].iter().rev().take(limit).cloned().collect()
    }

    /// Rebuilds plain data from items. Lists run in `lists` order; a card's position is its index in its cell.
    /// Fails with the item that does not fit its kind's shape.
    pub fn to_data(&self) -> Result<ProjectData, String> {
        let list = |name: &str| self.lists.get(name).cloned().unwrap_or_default();
        let personas = list("personas")
            .iter()
            .map(|k| serde_json::from_value(self.value_of(k)).map_err(|e| format!("{}: {e}", k.id)))
            .collect::<Result<_, _>>()?;
        let journeys = list("journeys")
            .iter()
            .map(|k| self.journey_data(k))
            .collect::<Result<_, _>>()?;
        Ok(ProjectData {
            format: DATA_FORMAT.to_owned(),
            personas,
            journeys,
        })
    }

    /// An item as the JSON object of its kind's type (its fields and its id).
    fn value_of(&self, key: &ItemKey) -> Value {
        let mut map: serde_json::Map<String, Value> =
            self.items[key].fields.clone().into_iter().collect();
        map.insert("id".into(), Value::from(key.id.clone()));
        Value::Object(map)
    }

    fn journey_data(&self, journey: &ItemKey) -> Result<JourneyData, String> {
        let jid = journey.id.clone();
        let item = &self.items[journey];
        let bad = |what: &str, e: serde_json::Error| format!("{what}: {e}");
        let value = |k: &ItemKey| self.value_of(k);
        let list = |name: String| self.lists.get(&name).cloned().unwrap_or_default();
        let stages: Vec<Stage> = list(format!("stages:{jid}"))
            .iter()
            .map(|k| serde_json::from_value(value(k)).map_err(|e| bad(&k.id, e)))
            .collect::<Result<_, _>>()?;
        let lanes: Vec<Lane> = list(format!("lanes:{jid}"))
            .iter()
            .map(|k| serde_json::from_value(value(k)).map_err(|e| bad(&k.id, e)))
            .collect::<Result<_, _>>()?;
        let mut cards = Vec::new();
        for stage in &stages {
            for lane in &lanes {
                let cell = cell_container(
                    &jid,
                    &Value::from(stage.id.to_string()),
                    &Value::from(lane.id.to_string()),
                );
                for (position, k) in list(cell).iter().enumerate() {
                    let fields = &self.items[k].fields;
                    let dots = fields.get("dots").and_then(Value::as_u64).unwrap_or(0);
                    cards.push(CardData {
                        id: k
                            .id
                            .parse()
                            .map_err(|_| format!("{}: not a card id", k.id))?,
                        stage: stage.id,
                        lane: lane.id,
                        position,
                        dots: u32::try_from(dots).unwrap_or(u32::MAX),
                        fields: serde_json::from_value(value(k)).map_err(|e| bad(&k.id, e))?,
                    });
                }
            }
        }
        let mut flows: Vec<Flow> = Vec::new();
        let mut emotions: Vec<EmotionData> = Vec::new();
        let mut comments: Vec<Comment> = Vec::new();
        for (k, item) in &self.items {
            if k.journey.as_deref() != Some(jid.as_str()) {
                continue;
            }
            match k.kind {
                ItemKind::Flow => {
                    flows.push(serde_json::from_value(value(k)).map_err(|e| bad(&k.id, e))?)
                }
                ItemKind::Comment => {
                    comments.push(serde_json::from_value(value(k)).map_err(|e| bad(&k.id, e))?)
                }
                ItemKind::Emotion => {
                    let (persona, stage) = k.id.split_once('/').ok_or("an emotion id")?;
                    emotions.push(EmotionData {
                        persona: persona.parse().map_err(|_| "an emotion's persona")?,
                        stage: stage.parse().map_err(|_| "an emotion's stage")?,
                        value: item.fields["value"].as_i64().unwrap_or(0) as i8,
                    });
                }
                _ => {}
            }
        }
        flows.sort_by_key(|f| f.id);
        comments.sort_by_key(|c| c.id);
        // As the project lists them: persona order, then stage order.
        let persona_order: HashMap<String, usize> = self
            .lists
            .get("personas")
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(i, k)| (k.id.clone(), i))
            .collect();
        let stage_order: HashMap<_, usize> =
            stages.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
        emotions.sort_by_key(|e| {
            (
                persona_order
                    .get(&e.persona.to_string())
                    .copied()
                    .unwrap_or(usize::MAX),
                stage_order.get(&e.stage).copied().unwrap_or(usize::MAX),
            )
        });
        Ok(JourneyData {
            id: jid
                .parse()
                .map_err(|_| format!("{jid}: not a journey id"))?,
            name: item.fields["name"].as_str().unwrap_or_default().to_owned(),
            stages,
            lanes,
            cards,
            flows,
            emotions,
            voting: serde_json::from_value(item.fields["voting"].clone())
                .map_err(|e| bad("voting", e))?,
            comments,
        })
    }

    /// The keys of `kind` items, in key order.
    pub fn keys_of(&self, kind: ItemKind) -> impl Iterator<Item = &ItemKey> {
        self.items.keys().filter(move |k| k.kind == kind)
    }
}

/// The items of `common` that `side` moved from where `base` has them: into another list, or out of the longest
/// run of items both keep in the same order (so moving one card above three others moves that card, not the
/// three).
pub fn moved(base: &Items, side: &Items, common: &HashSet<ItemKey>) -> HashSet<ItemKey> {
    let mut moved = HashSet::new();
    for (container, list) in &base.lists {
        let before: Vec<&ItemKey> = list.iter().filter(|k| common.contains(*k)).collect();
        let in_same_list =
            |k: &&ItemKey| side.items.get(*k).and_then(|i| i.container.as_ref()) == Some(container);
        moved.extend(
            before
                .iter()
                .filter(|k| !in_same_list(k))
                .map(|k| (*k).clone()),
        );
        let after: Vec<&ItemKey> = side
            .lists
            .get(container)
            .into_iter()
            .flatten()
            .filter(|k| common.contains(*k))
            .collect();
        let kept: Vec<&ItemKey> = before.iter().copied().filter(in_same_list).collect();
        let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &kept, &after);
        for op in ops {
            if let similar::DiffOp::Delete {
                old_index, old_len, ..
            } = op
            {
                moved.extend(
                    kept[old_index..old_index + old_len]
                        .iter()
                        .map(|k| (*k).clone()),
                );
            }
        }
    }
    moved
}

/// Keys present in every one of `docs`.
pub fn common_keys(docs: &[&Items]) -> HashSet<ItemKey> {
    let Some((first, rest)) = docs.split_first() else {
        return HashSet::new();
    };
    first
        .items
        .keys()
        .filter(|k| rest.iter().all(|d| d.items.contains_key(*k)))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    #[test]
    fn the_sample_round_trips_through_items() {
        let data = sample::grocery().to_data();
        let items = Items::of(&data);
        assert!(items.keys_of(ItemKind::Card).count() == 41);
        let back = items.to_data().unwrap();
        // Emotions come back grouped by journey in key order; compare them as sets.
        let sorted = |d: &ProjectData| {
            let mut d = d.clone();
            for j in &mut d.journeys {
                j.emotions.sort_by_key(|e| (e.persona, e.stage));
            }
            d
        };
        assert_eq!(sorted(&back), sorted(&data));
    }
}
