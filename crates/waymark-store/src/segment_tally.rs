//! Tallies per segment value: each card's responses of a dataset tallied by the value each of the dataset's segment
//! columns gives them. An import keeps them beside the card tallies (`segment_tally`, with `segment_kept` naming the
//! columns kept), so that splitting scores by a segment column reads a few rows per card instead of every response;
//! a dataset imported before schema 8 is tallied the same way by the first split that reads its responses.
//!
//! A response's values come from the JSON its import stored: for each column, the first key of that name — text
//! trimmed, a number or a boolean as SQLite's `json_extract` gives it (`1`/`0` for booleans), an array or object
//! as its JSON — and blank, `null`, absent or unreadable JSON is no value (the "no value" group).
//! Exports repeat a few combinations of values millions of times, so each distinct JSON text is read once and
//! remembered (up to [`MAX_TEXTS`] of them; texts past that are read each time).

use rustc_hash::FxHashMap;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use std::fmt;
use waymark_core::metrics::{MetricDefinition, Tally};

/// The most values of one segment column that a dataset keeps tallies for, the no-value group aside. A column with
/// more — an id, free text — is not kept: its splits read the responses, and the rows kept stay in proportion to
/// the cards (at most this many per card and column), so the file's open-time checks of them stay small.
pub(crate) const MAX_VALUES: usize = 500;
/// The most distinct JSON texts remembered with their values while tallying: memory stays bounded whatever the
/// responses hold.
pub(crate) const MAX_TEXTS: usize = 1 << 16;
/// The value id of the no-value group; values are numbered from 1.
const NO_VALUE: u32 = 0;
/// The value id given to a column once it has more than [`MAX_VALUES`] values (its tallies are dropped).
const DROPPED: u32 = u32::MAX;

/// One column's tallies: by (card's slot, value; `None`: no value).
pub(crate) struct ColumnTallies {
    pub name: String,
    /// How many values it has (the no-value group aside).
    pub values: usize,
    pub tallies: Vec<(u32, Option<String>, Tally)>,
}

/// Tallies responses by (card slot, column, value) as they come.
pub(crate) struct SegmentTallier {
    columns: Vec<String>,
    /// Per column: each value's id, and the values in id order (id 1 first).
    ids: Vec<FxHashMap<String, u32>>,
    values: Vec<Vec<String>>,
    /// Per column: whether it had more than [`MAX_VALUES`] values (then nothing of it is kept), and whether it
    /// may have any number (the one column a split asked for, read from the responses).
    dropped: Vec<bool>,
    uncapped: Vec<bool>,
    /// The value ids per column of each JSON text met (up to [`MAX_TEXTS`]).
    texts: FxHashMap<Box<str>, Box<[u32]>>,
    scratch: Vec<u32>,
    /// By (slot, column, value id).
    tallies: FxHashMap<(u32, u32, u32), Tally>,
}

impl SegmentTallier {
    /// A tallier of `columns` (the dataset's segment columns; a name given twice is tallied once), `uncapped` among
    /// them kept whatever number of values it has.
    pub(crate) fn new(columns: &[String], uncapped: Option<&str>) -> SegmentTallier {
        let mut unique: Vec<String> = Vec::new();
        for column in columns {
            if !unique.contains(column) {
                unique.push(column.clone());
            }
        }
        let count = unique.len();
        SegmentTallier {
            uncapped: unique
                .iter()
                .map(|c| Some(c.as_str()) == uncapped)
                .collect(),
            columns: unique,
            ids: vec![FxHashMap::default(); count],
            values: vec![Vec::new(); count],
            dropped: vec![false; count],
            texts: FxHashMap::default(),
            scratch: Vec::with_capacity(count),
            tallies: FxHashMap::default(),
        }
    }

    /// Counts one response of the card in `slot`, whose segment values are the JSON `text` (`None`: none stored).
    pub(crate) fn add(
        &mut self,
        slot: u32,
        text: Option<&str>,
        definition: &MetricDefinition,
        score: f64,
    ) {
        let SegmentTallier {
            columns,
            ids,
            values,
            dropped,
            uncapped,
            texts,
            scratch,
            tallies,
        } = self;
        if columns.is_empty() {
            return;
        }
        let row: &[u32] = match text {
            None => {
                scratch.clear();
                scratch.resize(columns.len(), NO_VALUE);
                scratch
            }
            Some(text) => match texts.get(text) {
                Some(found) => found,
                None => {
                    scratch.clear();
                    for (c, value) in read_values(text, columns).into_iter().enumerate() {
                        scratch.push(match value {
                            _ if dropped[c] => DROPPED,
                            None => NO_VALUE,
                            Some(value) => match ids[c].get(&value) {
                                Some(&id) => id,
                                None if values[c].len() >= MAX_VALUES && !uncapped[c] => {
                                    dropped[c] = true;
                                    ids[c] = FxHashMap::default();
                                    values[c] = Vec::new();
                                    DROPPED
                                }
                                None => {
                                    values[c].push(value.clone());
                                    let id = values[c].len() as u32;
                                    ids[c].insert(value, id);
                                    id
                                }
                            },
                        });
                    }
                    if texts.len() < MAX_TEXTS {
                        texts.insert(text.into(), scratch.as_slice().into());
                    }
                    scratch
                }
            },
        };
        for (c, &id) in row.iter().enumerate() {
            if !dropped[c] {
                tallies
                    .entry((slot, c as u32, id))
                    .or_default()
                    .add(definition, score);
            }
        }
    }

    /// The tallies of every column that kept them (not those with more than [`MAX_VALUES`] values), columns in the
    /// order given, each one's rows by slot and value.
    pub(crate) fn finish(self) -> Vec<ColumnTallies> {
        let mut columns: Vec<ColumnTallies> = self
            .columns
            .iter()
            .zip(&self.values)
            .map(|(name, values)| ColumnTallies {
                name: name.clone(),
                values: values.len(),
                tallies: Vec::new(),
            })
            .collect();
        for ((slot, c, id), tally) in self.tallies {
            let c = c as usize;
            if self.dropped[c] {
                continue;
            }
            let value = (id != NO_VALUE).then(|| self.values[c][id as usize - 1].clone());
            columns[c].tallies.push((slot, value, tally));
        }
        for column in &mut columns {
            column.tallies.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        }
        columns
            .into_iter()
            .zip(self.dropped)
            .filter_map(|(column, dropped)| (!dropped).then_some(column))
            .collect()
    }
}

/// Each column's value in the JSON `text`, as grouped: `None` for no value (and for every column when the text
/// is not a JSON object).
pub(crate) fn read_values(text: &str, columns: &[String]) -> Vec<Option<String>> {
    let mut found = Found {
        columns,
        values: vec![None; columns.len()],
        seen: vec![false; columns.len()],
    };
    let mut reader = serde_json::Deserializer::from_str(text);
    let read = (&mut reader)
        .deserialize_any(&mut found)
        .and_then(|()| reader.end());
    match read {
        Ok(()) => found.values,
        Err(_) => vec![None; columns.len()],
    }
}

/// A JSON value as a segment value: what `json_extract` gives, trimmed; `None` when blank or null.
fn value_text(value: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    let text = match value {
        Value::Null => return None,
        Value::String(s) => return Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_owned),
        Value::Bool(b) => u8::from(*b).to_string(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.to_string(),
            None => n.as_f64()?.to_string(),
        },
        Value::Array(_) | Value::Object(_) => value.to_string(),
    };
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

/// Reads a JSON object's values of the wanted columns, the first of each name.
struct Found<'c> {
    columns: &'c [String],
    values: Vec<Option<String>>,
    seen: Vec<bool>,
}

impl<'de> Visitor<'de> for &mut Found<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(column) = map.next_key_seed(ColumnOf(self.columns))? {
            match column {
                Some(c) if !self.seen[c] => {
                    self.seen[c] = true;
                    self.values[c] = value_text(&map.next_value::<serde_json::Value>()?);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// A key read as the index of the column it names, if any.
struct ColumnOf<'c>(&'c [String]);

impl<'de> DeserializeSeed<'de> for ColumnOf<'_> {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for ColumnOf<'_> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|c| c == key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn values_are_read_as_a_split_groups_them() {
        let wanted = columns(&["Region", "Plan \"type\"", "n", "b", "list", "missing"]);
        let values = read_values(
            r#"{"Region":" North ","Plan \"type\"":"Basic","n":12,"b":true,"list":[1, 2],"Region":"South"}"#,
            &wanted,
        );
        assert_eq!(
            values,
            [
                Some("North".to_owned()),
                Some("Basic".to_owned()),
                Some("12".to_owned()),
                Some("1".to_owned()),
                Some("[1,2]".to_owned()),
                None
            ]
        );
        for unreadable in [
            r#"{"Region": "#,
            "[1]",
            r#""North""#,
            r#"{"Region":"North"} x"#,
        ] {
            assert_eq!(
                read_values(unreadable, &wanted),
                vec![None; 6],
                "{unreadable}"
            );
        }
        assert_eq!(
            read_values(r#"{"Region":"  ","n":null,"b":1.5}"#, &wanted)[..3],
            [None, None, None]
        );
        assert_eq!(
            read_values(r#"{"b":1.5}"#, &wanted)[3],
            Some("1.5".to_owned())
        );
    }

    #[test]
    fn a_column_with_too_many_values_is_not_kept_unless_asked_for() {
        let nps = MetricDefinition::nps();
        for uncapped in [None, Some("Id")] {
            let mut tallier = SegmentTallier::new(&columns(&["Region", "Id", "Region"]), uncapped);
            let mut texts = 0;
            for i in 0..=MAX_VALUES {
                let text = format!(r#"{{"Region":"R{}","Id":"{i}"}}"#, i % 3);
                tallier.add((i % 2) as u32, Some(&text), &nps, 9.0);
                texts += 1;
            }
            tallier.add(0, None, &nps, 0.0);
            let kept = tallier.finish();
            let names: Vec<&str> = kept.iter().map(|c| c.name.as_str()).collect();
            match uncapped {
                None => assert_eq!(names, ["Region"]),
                Some(_) => assert_eq!(names, ["Region", "Id"]),
            }
            let region = &kept[0].tallies;
            assert_eq!(region.iter().map(|t| t.2.n).sum::<u64>(), texts + 1);
            assert_eq!(
                region
                    .iter()
                    .find(|t| t.0 == 0 && t.1.is_none())
                    .map(|t| t.2.n),
                Some(1)
            );
        }
    }
}
