//! JSON feedback: an array of objects, JSON Lines (an object per line), or a feed that holds its items in an
//! array (the iTunes customer-review feed: `feed.entry`). Nested values are flattened into dotted column names,
//! and `{"label": x}` wrappers (as the iTunes feed writes every value) are unwrapped.

use crate::error::ReadError;
use crate::table::{MAX_IN_MEMORY_BYTES, Table};
use serde_json::Value;
use std::path::Path;

pub fn open(path: &Path) -> Result<Table, ReadError> {
    let size = std::fs::metadata(path).map_err(ReadError::Io)?.len();
    if size > MAX_IN_MEMORY_BYTES {
        return Err(ReadError::TooLarge(format!(
            "{size} bytes of JSON; convert it to CSV, which streams"
        )));
    }
    let bytes = std::fs::read(path).map_err(ReadError::Io)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| ReadError::Json("it is not UTF-8".into()))?;
    let (items, format) = match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => (items, "JSON array"),
        Ok(Value::Object(object)) => (records_in(object)?, "JSON feed"),
        Ok(_) => {
            return Err(ReadError::Json(
                "it holds a single value, not records".into(),
            ));
        }
        Err(whole) => {
            // JSON Lines: one object per line.
            let mut items = Vec::new();
            for (i, line) in text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
            {
                let item = serde_json::from_str(line).map_err(|e| {
                    if i == 0 {
                        ReadError::Json(whole.to_string())
                    } else {
                        ReadError::Json(format!("line {}: {e}", i + 1))
                    }
                })?;
                items.push(item);
            }
            (items, "JSON Lines")
        }
    };
    let mut columns: Vec<String> = Vec::new();
    let mut index = std::collections::HashMap::new();
    let mut rows = Vec::with_capacity(items.len());
    for item in &items {
        let mut cells = Vec::new();
        flatten("", item, &mut cells);
        let mut row = vec![String::new(); columns.len()];
        for (name, value) in cells {
            let at = *index.entry(name.clone()).or_insert_with(|| {
                columns.push(name);
                columns.len() - 1
            });
            if at >= row.len() {
                row.resize(at + 1, String::new());
            }
            row[at] = value;
        }
        rows.push(row);
    }
    let mut table_rows = vec![(0, columns)];
    table_rows.extend(rows.into_iter().enumerate().map(|(i, r)| (i as u64 + 1, r)));
    Table::from_memory(table_rows, format.into(), "UTF-8", false)
}

/// The records of a JSON object: `feed.entry`, or its only array of objects.
fn records_in(mut object: serde_json::Map<String, Value>) -> Result<Vec<Value>, ReadError> {
    if let Some(Value::Object(mut feed)) = object.remove("feed") {
        return match feed.remove("entry") {
            Some(Value::Array(entries)) => Ok(entries),
            Some(entry @ Value::Object(_)) => Ok(vec![entry]),
            _ => Err(ReadError::Json("the feed has no entries".into())),
        };
    }
    let arrays: Vec<Value> = object
        .into_iter()
        .filter_map(|(_, v)| match v {
            Value::Array(items) if items.iter().all(Value::is_object) && !items.is_empty() => {
                Some(Value::Array(items))
            }
            _ => None,
        })
        .collect();
    match <[Value; 1]>::try_from(arrays) {
        Ok([Value::Array(items)]) => Ok(items),
        _ => Err(ReadError::Json(
            "it is an object without one list of records in it".into(),
        )),
    }
}

fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    let key = |k: &str| {
        if prefix.is_empty() {
            k.to_owned()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                // `{"label": x}` is x (the iTunes feed wraps every value so).
                let path = if k == "label" && !prefix.is_empty() {
                    prefix.to_owned()
                } else {
                    key(k)
                };
                flatten(&path, v, out);
            }
        }
        Value::Null => out.push((prefix.to_owned(), String::new())),
        Value::String(s) => out.push((prefix.to_owned(), s.clone())),
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            let parts: Vec<String> = items
                .iter()
                .map(|i| match i {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect();
            out.push((prefix.to_owned(), parts.join(", ")));
        }
        Value::Array(items) => {
            out.push((prefix.to_owned(), Value::Array(items.clone()).to_string()))
        }
        other => out.push((prefix.to_owned(), other.to_string())),
    }
}
