//! What changed from one document to another, item by item (see [`crate::items`]): added, removed, changed field
//! by field (old → new), and moved (into another list, or out of the order the items both hold keep; see
//! [`crate::items::moved`]). The shape of `waymark diff --json`.

use crate::data::ProjectData;
use crate::items::{Fields, ItemKey, Items, common_keys, moved};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One item's change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemChange {
    pub item: ItemKey,
    /// Its name or title (as it is after the change, or was before a removal).
    pub label: String,
    pub change: ChangeKind,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangeKind {
    Added {
        #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>"))]
        fields: Fields,
    },
    Removed {
        #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>"))]
        fields: Fields,
    },
    Changed {
        /// Fields whose value differs, in name order.
        fields: Vec<FieldChange>,
        /// Where it moved, when it did.
        moved: Option<Moved>,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldChange {
    pub field: String,
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub old: Option<Value>,
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub new: Option<Value>,
}

/// A place: the list an item is in and the label of the item before it there (`None`: first).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Place {
    pub list: String,
    pub after: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Moved {
    pub from: Place,
    pub to: Place,
}

/// The changes from `a` to `b`, in item key order (kind, journey, id).
pub fn diff(a: &ProjectData, b: &ProjectData) -> Vec<ItemChange> {
    let (a, b) = (Items::of(a), Items::of(b));
    let common = common_keys(&[&a, &b]);
    let moved = moved(&a, &b, &common);
    let place = |items: &Items, key: &ItemKey| -> Option<Place> {
        let item = items.items.get(key)?;
        Some(Place {
            list: item.container.clone()?,
            after: items
                .anchor(key, |k| common.contains(k))
                .map(|k| items.items[&k].label.clone()),
        })
    };
    let keys: std::collections::BTreeSet<&ItemKey> = a.items.keys().chain(b.items.keys()).collect();
    let mut changes = Vec::new();
    for key in keys {
        let change = match (a.items.get(key), b.items.get(key)) {
            (None, Some(new)) => ChangeKind::Added {
                fields: new.fields.clone(),
            },
            (Some(old), None) => ChangeKind::Removed {
                fields: old.fields.clone(),
            },
            (Some(old), Some(new)) => {
                let names: std::collections::BTreeSet<&String> =
                    old.fields.keys().chain(new.fields.keys()).collect();
                let fields: Vec<FieldChange> = names
                    .into_iter()
                    .filter(|n| old.fields.get(*n) != new.fields.get(*n))
                    .map(|n| FieldChange {
                        field: n.clone(),
                        old: old.fields.get(n).cloned(),
                        new: new.fields.get(n).cloned(),
                    })
                    .collect();
                let moved = match (place(&a, key), place(&b, key)) {
                    (Some(from), Some(to)) if moved.contains(key) => Some(Moved { from, to }),
                    _ => None,
                };
                if fields.is_empty() && moved.is_none() {
                    continue;
                }
                ChangeKind::Changed { fields, moved }
            }
            (None, None) => continue,
        };
        let label = b
            .items
            .get(key)
            .or_else(|| a.items.get(key))
            .map_or_else(String::new, |i| i.label.clone());
        changes.push(ItemChange {
            item: key.clone(),
            label,
            change,
        });
    }
    changes
}
