//! Settling a merge's conflicts: each conflict (see [`crate::merge`]) answered with a [`Choice`], applied to the
//! document as it is now (which holds ours until then). Works on [`Items`], so a field, a whole item and a place
//! are settled the same way whatever the kind.

use crate::data::ProjectData;
use crate::items::{Item, ItemKey, ItemKind, Items, cell_container};
use crate::merge::{Conflict, ConflictReason, needs};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashSet;

/// How one conflict is settled.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case", tag = "choice", content = "value")]
pub enum Choice {
    /// Keep what this file holds (ours).
    Mine,
    /// Take the other side's value, item or place.
    Theirs,
    /// Both sides added the item: keep ours and add theirs beside it as a new item.
    Both,
    /// A value of one's own for the field.
    Edit(#[cfg_attr(feature = "ts", ts(type = "unknown"))] Value),
}

/// Which choices a conflict offers: "both" only where both sides added the item (and the kind can hold two),
/// "edit" only for a field's value.
pub fn choices_for(conflict: &Conflict) -> Vec<&'static str> {
    let mut out = vec!["mine", "theirs"];
    if conflict.reason == ConflictReason::BothAdded && can_copy(conflict.item.kind) {
        out.push("both");
    }
    if is_field(&conflict.field) {
        out.push("edit");
    }
    out
}

fn is_field(field: &str) -> bool {
    field != "(item)" && field != "position"
}

fn can_copy(kind: ItemKind) -> bool {
    matches!(
        kind,
        ItemKind::Persona | ItemKind::Stage | ItemKind::Lane | ItemKind::Card | ItemKind::Comment
    )
}

/// The document `data` with each conflict settled as chosen. Fails with a sentence when a choice does not fit its
/// conflict or cannot be taken (theirs' item belongs to something no longer in the map).
pub fn resolve(data: &ProjectData, choices: &[(Conflict, Choice)]) -> Result<ProjectData, String> {
    let mut items = Items::of(data);
    // "Both" is answered per field, but makes one copy of the item.
    let mut copied: HashSet<&ItemKey> = HashSet::new();
    for (conflict, choice) in choices {
        let name = || {
            if conflict.label.is_empty() {
                conflict.item.kind.as_str().to_owned()
            } else {
                format!("“{}”", conflict.label)
            }
        };
        let refused = |what: &str| format!("{} ({}): {what}", name(), conflict.field);
        match choice {
            Choice::Mine => {}
            Choice::Edit(value) if is_field(&conflict.field) => set_field(
                &mut items,
                &conflict.item,
                &conflict.field,
                Some(value.clone()),
            )
            .map_err(|e| refused(&e))?,
            Choice::Edit(_) => return Err(refused("only a field's value can be edited")),
            Choice::Theirs => match conflict.field.as_str() {
                "(item)" => take_item(&mut items, &conflict.item, conflict.theirs.as_ref()),
                "position" => place(&mut items, &conflict.item, conflict.theirs.as_ref()),
                field => set_field(&mut items, &conflict.item, field, conflict.theirs.clone()),
            }
            .map_err(|e| refused(&e))?,
            Choice::Both if choices_for(conflict).contains(&"both") => {
                if !copied.insert(&conflict.item) {
                    continue;
                }
                let theirs_fields: Vec<(&str, Option<Value>)> = choices
                    .iter()
                    .map(|(c, _)| c)
                    .filter(|c| c.item == conflict.item && is_field(&c.field))
                    .map(|c| (c.field.as_str(), c.theirs.clone()))
                    .collect();
                copy_as_theirs(&mut items, &conflict.item, &theirs_fields)
                    .map_err(|e| refused(&e))?
            }
            Choice::Both => return Err(refused("“both” is only for an item both sides added")),
        }
    }
    for (key, item) in &items.items {
        if let Some(missing) = needs(key, &item.fields)
            .into_iter()
            .find(|n| !items.items.contains_key(n))
        {
            return Err(format!(
                "“{}” cannot be kept: the {} it belongs to is no longer in the map",
                item.label,
                missing.kind.as_str()
            ));
        }
    }
    items.to_data()
}

fn set_field(
    items: &mut Items,
    key: &ItemKey,
    field: &str,
    value: Option<Value>,
) -> Result<(), String> {
    if key.kind == ItemKind::Card && (field == "stage" || field == "lane") {
        return Err("a card's stage and lane are its place, settled as a place".into());
    }
    let item = items
        .items
        .get_mut(key)
        .ok_or("it is no longer in the map")?;
    match value {
        Some(v) => item.fields.insert(field.to_owned(), v),
        None => item.fields.remove(field),
    };
    Ok(())
}

/// The container an item of `kind` with `fields` is listed in.
fn container_of(key: &ItemKey, fields: &crate::items::Fields) -> Option<String> {
    let journey = key.journey.clone().unwrap_or_default();
    match key.kind {
        ItemKind::Persona => Some("personas".into()),
        ItemKind::Journey => Some("journeys".into()),
        ItemKind::Stage => Some(format!("stages:{journey}")),
        ItemKind::Lane => Some(format!("lanes:{journey}")),
        ItemKind::Card => Some(cell_container(
            &journey,
            fields.get("stage").unwrap_or(&Value::Null),
            fields.get("lane").unwrap_or(&Value::Null),
        )),
        ItemKind::Flow | ItemKind::Emotion | ItemKind::Comment => None,
    }
}

fn unlist(items: &mut Items, key: &ItemKey) {
    if let Some(container) = items.items.get(key).and_then(|i| i.container.clone())
        && let Some(list) = items.lists.get_mut(&container)
    {
        list.retain(|k| k != key);
    }
}

/// Lists `key` in `container` right after `after` (first when `None` or not listed there).
fn list_after(items: &mut Items, key: &ItemKey, container: &str, after: Option<&str>) {
    let list = items.lists.entry(container.to_owned()).or_default();
    let index = after
        .and_then(|id| list.iter().position(|k| k.id == id))
        .map_or(0, |i| i + 1);
    list.insert(index, key.clone());
}

/// Theirs' whole item: gone (with everything that needs it), or as they hold it.
fn take_item(items: &mut Items, key: &ItemKey, theirs: Option<&Value>) -> Result<(), String> {
    let Some(theirs) = theirs else {
        remove_with_dependants(items, key);
        return Ok(());
    };
    let fields: crate::items::Fields = theirs
        .as_object()
        .ok_or("the conflict record does not hold their item")?
        .clone()
        .into_iter()
        .collect();
    let container = container_of(key, &fields);
    let kept_place = items
        .items
        .get(key)
        .is_some_and(|i| i.container == container);
    if !kept_place {
        unlist(items, key);
        if let Some(c) = &container {
            items.lists.entry(c.clone()).or_default().push(key.clone());
        }
    }
    let label = ["title", "name"]
        .iter()
        .find_map(|f| fields.get(*f).and_then(Value::as_str))
        .unwrap_or_default()
        .to_owned();
    items.items.insert(
        key.clone(),
        Item {
            label,
            needs: needs(key, &fields),
            fields,
            container,
        },
    );
    Ok(())
}

fn remove_with_dependants(items: &mut Items, key: &ItemKey) {
    let mut gone = vec![key.clone()];
    while let Some(key) = gone.pop() {
        unlist(items, &key);
        items.items.remove(&key);
        gone.extend(
            items
                .items
                .iter()
                .filter(|(k, i)| needs(k, &i.fields).contains(&key))
                .map(|(k, _)| k.clone()),
        );
    }
}

/// Theirs' place: `{"in": container, "after_id": id or null}` as the merge recorded it.
fn place(items: &mut Items, key: &ItemKey, theirs: Option<&Value>) -> Result<(), String> {
    let theirs = theirs.ok_or("the conflict record does not hold their place")?;
    let container = theirs["in"]
        .as_str()
        .ok_or("the conflict record does not hold their place")?
        .to_owned();
    let Some(item) = items.items.get(key) else {
        return Err("it is no longer in the map".into());
    };
    // Only a list of its own kind in its own journey (the record comes from a file, which may be hostile).
    let fits = match key.kind {
        ItemKind::Card => {
            container.starts_with(&format!("cell:{}:", key.journey.as_deref().unwrap_or("")))
        }
        _ => item.container.as_deref() == Some(container.as_str()),
    };
    if !fits {
        return Err("the conflict record names a place it cannot go".into());
    }
    if key.kind == ItemKind::Card {
        // A cell is `cell:JOURNEY:STAGE:LANE`: the card's stage and lane follow it.
        let mut parts = container.rsplitn(3, ':');
        let (lane, stage) = (parts.next(), parts.next());
        let (Some(lane), Some(stage)) = (lane, stage) else {
            return Err("the conflict record names no cell".into());
        };
        let fields = &mut items.items.get_mut(key).expect("checked above").fields;
        fields.insert("stage".into(), Value::from(stage));
        fields.insert("lane".into(), Value::from(lane));
    }
    unlist(items, key);
    list_after(items, key, &container, theirs["after_id"].as_str());
    items.items.get_mut(key).expect("checked above").container = Some(container);
    Ok(())
}

/// Keeps ours and adds theirs beside it under a new id: ours' fields with theirs' value of each conflicting one.
fn copy_as_theirs(
    items: &mut Items,
    key: &ItemKey,
    theirs: &[(&str, Option<Value>)],
) -> Result<(), String> {
    let mut item = items
        .items
        .get(key)
        .ok_or("it is no longer in the map")?
        .clone();
    for (field, value) in theirs {
        match value {
            Some(v) => item.fields.insert((*field).to_owned(), v.clone()),
            None => item.fields.remove(*field),
        };
    }
    let copy = ItemKey {
        id: uuid::Uuid::now_v7().to_string(),
        ..key.clone()
    };
    if let Some(container) = container_of(&copy, &item.fields) {
        list_after(items, &copy, &container, Some(&key.id));
        item.container = Some(container);
    }
    item.needs = needs(&copy, &item.fields);
    items.items.insert(copy, item);
    Ok(())
}
