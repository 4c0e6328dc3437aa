//! Mermaid's YAML front matter, found where Mermaid finds it (`frontmatter.ts`): a `---` line first in the
//! text (spaces before it allowed), closed by the first later line that is the same indentation and `---`; the
//! lines between, that indentation taken off, are YAML 1.2 — read by saphyr, as Mermaid reads them with
//! js-yaml. Only `title` means something to a journey; `config`, `displayMode` and every other key are read
//! and ignored, as Mermaid ignores what a diagram type does not use.
//!
//! The block is untrusted: its size is limited before the YAML is read, and one pass over the parser's events
//! (saphyr-parser) bounds its nesting and the size it grows to through aliases — an alias bomb ("billion
//! laughs") is refused before the loader would copy anything.

use saphyr::{LoadableYamlNode, Scalar, ScanError, Yaml};
use saphyr_parser::{Event, Parser};
use std::collections::HashMap;

/// The most bytes the YAML between the two `---` lines may have.
pub const MAX_BYTES: usize = 64 * 1024;
/// The most lines the YAML between the two `---` lines may have.
pub const MAX_LINES: usize = 1000;
/// The most values (scalars, lists, maps) the YAML may amount to, each alias counted at the size of what it
/// names: far beyond any Mermaid configuration, far below what would strain memory.
pub const MAX_VALUES: u64 = 100_000;
/// The deepest lists and maps may nest.
pub const MAX_DEPTH: usize = 64;

/// What the front matter says.
#[derive(Debug, PartialEq)]
pub struct FrontMatter {
    /// The diagram's title, when `title` holds one.
    pub title: Option<String>,
    /// The lines the block takes, both `---` lines included.
    pub lines: usize,
}

/// The front matter at the start of `text` (its line breaks already `\n`), `None` when it has none. Errors name
/// the line, counted from 1 at the text's start.
pub fn read(text: &str) -> Result<Option<FrontMatter>, String> {
    let Some((first, _)) = text.split_once('\n') else {
        return Ok(None);
    };
    let indent = &first[..first.len() - first.trim_start().len()];
    if !is_fence(&first[indent.len()..]) {
        return Ok(None);
    }
    let closing = text
        .split('\n')
        .enumerate()
        .skip(1)
        .find(|(_, line)| line.strip_prefix(indent).is_some_and(is_fence))
        .map(|(n, _)| n);
    let Some(closing) = closing else {
        return Err(
            "line 1: the front matter that starts here is never closed by a `---` line".into(),
        );
    };
    let lines = closing - 1;
    if lines > MAX_LINES {
        return Err(format!(
            "line 1: the front matter is {lines} lines long, more than the {MAX_LINES} it may have"
        ));
    }
    let body: Vec<&str> = text
        .split('\n')
        .skip(1)
        .take(lines)
        .map(|line| line.strip_prefix(indent).unwrap_or(line))
        .collect();
    let yaml = body.join("\n");
    if yaml.len() > MAX_BYTES {
        return Err(format!(
            "line 1: the front matter is {} bytes long, more than the {MAX_BYTES} it may have",
            yaml.len()
        ));
    }
    // The YAML's line 1 is the text's line 2; an error past its end is on the closing line.
    let last = body.len() + 2;
    let at = |yaml_line: usize| (yaml_line + 1).clamp(2, last);
    let invalid = |e: ScanError| {
        format!(
            "line {}: the front matter is not valid YAML ({})",
            at(e.marker().line()),
            e.info()
        )
    };
    check_size(&yaml, &at, &invalid)?;
    let documents = Yaml::load_from_str(&yaml).map_err(invalid)?;
    let title = documents
        .first()
        .and_then(|d| d.as_mapping_get("title"))
        .and_then(title_text);
    Ok(Some(FrontMatter {
        title,
        lines: body.len() + 2,
    }))
}

/// `---` and nothing but white space after it.
fn is_fence(line: &str) -> bool {
    line.strip_prefix("---")
        .is_some_and(|rest| rest.trim().is_empty())
}

/// Walks the parser's events once: at most one document, nesting at most [`MAX_DEPTH`] deep, at most
/// [`MAX_VALUES`] values once every alias is replaced by what it names. `invalid` words the parser's errors.
fn check_size(
    yaml: &str,
    at: &dyn Fn(usize) -> usize,
    invalid: &dyn Fn(ScanError) -> String,
) -> Result<(), String> {
    let mut parser = Parser::new_from_str(yaml);
    // Values each anchor names; the lists and maps still open, with their anchor and their values so far.
    let mut anchored: HashMap<usize, u64> = HashMap::new();
    let mut open: Vec<(usize, u64)> = Vec::new();
    let mut values: u64 = 0;
    let mut documents = 0;
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(invalid)?;
        let line = at(span.start.line());
        // A finished value: its anchor, and how many values it amounts to.
        let (anchor, size) = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(format!(
                        "line {line}: the front matter holds more than one YAML document"
                    ));
                }
                continue;
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if open.len() == MAX_DEPTH {
                    return Err(format!(
                        "line {line}: the front matter nests lists and maps more than {MAX_DEPTH} deep"
                    ));
                }
                open.push((anchor, 1));
                values += 1;
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match open.pop() {
                Some((anchor, size)) => {
                    if anchor > 0 {
                        anchored.insert(anchor, size);
                    }
                    if let Some(parent) = open.last_mut() {
                        parent.1 = parent.1.saturating_add(size);
                    }
                    continue;
                }
                None => continue,
            },
            Event::Scalar(_, _, anchor, _) => (anchor, 1),
            Event::Alias(id) => (0, anchored.get(&id).copied().unwrap_or(1)),
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => continue,
        };
        if anchor > 0 {
            anchored.insert(anchor, size);
        }
        if let Some(parent) = open.last_mut() {
            parent.1 = parent.1.saturating_add(size);
        }
        values = values.saturating_add(size);
        if values > MAX_VALUES {
            return Err(format!(
                "line {line}: the front matter's aliases make it more than {MAX_VALUES} values"
            ));
        }
    }
    Ok(())
}

/// The title as Mermaid shows it: `String(title)` when `title` is truthy in JavaScript — so an empty one,
/// `null`, `false` or `0` is none. A list or a map is no name either (Mermaid would print `a,b` or
/// `[object Object]`).
fn title_text(value: &Yaml) -> Option<String> {
    match value {
        Yaml::Value(Scalar::String(s)) => Some(s.to_string()),
        Yaml::Value(Scalar::Integer(n)) => (*n != 0).then(|| n.to_string()),
        Yaml::Value(Scalar::FloatingPoint(x)) => {
            (x.0 != 0.0 && !x.0.is_nan()).then(|| x.0.to_string())
        }
        Yaml::Value(Scalar::Boolean(true)) => Some("true".into()),
        Yaml::Representation(s, ..) => Some(s.to_string()),
        Yaml::Tagged(_, inner) => title_text(inner),
        _ => None,
    }
    .filter(|t| !t.is_empty())
}
