//! Mermaid `journey` diagrams, both ways.
//!
//! Export: stages → sections, cards of the touchpoint lanes → tasks, personas → actors. A task's score (1–5) is
//! the card's own `score N` tag (kept from a Mermaid import), else the mean emotion of the personas at its stage
//! (−2…+2 → 1…5), else 3.
//!
//! The journey's name is a `title` statement when the statement keeps it as it is; a name the statement would
//! change (one with `#`, `;`, `:`, a line break, `%%` or runs of spaces) goes into YAML front matter, whole.
//!
//! Import first does what Mermaid does before its grammar (`preprocess.rs`): YAML front matter read
//! (`front_matter.rs`: its `title` is the journey's name unless a `title` statement follows; other keys are
//! ignored), `%%{…}%%` directives removed wherever they stand. Then it follows Mermaid's lexer (journey.jison)
//! rule by rule: case-insensitive keywords, `%` and `#` comments, `title`, `accTitle:`, `accDescr:` and
//! `accDescr { … }`, `section`, and tasks `name: score[: actor, actor]`. Sections become stages; tasks become
//! touchpoint cards tagged `score N` and with their actors' names; actors become personas whose emotion at a
//! stage is the mean score of their tasks there. `<br>` in a section or task (Mermaid draws a line break there)
//! becomes a line break, and back to `<br>` on export.

mod front_matter;
mod preprocess;

use super::{ImportError, Imported, clip};
use std::collections::BTreeMap;
use waymark_core::model::{CardFields, CardKind, LaneKind};
use waymark_core::{
    CardId, Command, Journey, JourneyId, LaneId, MAX_NAME_CHARS, MAX_TITLE_CHARS, PersonaId,
    Project, StageId,
};

const SCORE_TAG: &str = "score ";

/// The journey as Mermaid text.
pub fn export(project: &Project, journey: &Journey) -> String {
    let name = journey.name();
    let mut out = if line_text(name) == name {
        format!("journey\n    title {name}\n")
    } else {
        format!("---\ntitle: {}\n---\njourney\n", yaml_quoted(name))
    };
    let touchpoint_lanes: Vec<LaneId> = journey
        .lanes()
        .iter()
        .filter(|l| l.kind == LaneKind::Touchpoints)
        .map(|l| l.id)
        .collect();
    out.push_str(&format!(
        "    accDescr: Exported from Waymark: {} stages, touchpoints as tasks, personas as actors\n",
        journey.stages().len()
    ));
    for stage in journey.stages() {
        out.push_str(&format!("    section {}\n", lines_text(&stage.name)));
        let felt: Vec<(&str, i8)> = project
            .personas()
            .iter()
            .filter_map(|p| Some((p.name.as_str(), journey.emotion(p.id, stage.id)?)))
            .collect();
        for lane in &touchpoint_lanes {
            let cell = waymark_core::model::Cell {
                stage: stage.id,
                lane: *lane,
            };
            for card in journey
                .cell_cards(cell)
                .iter()
                .filter_map(|&id| journey.card(id))
            {
                let tags = &card.fields.tags;
                let own_score = tags
                    .iter()
                    .find_map(|t| t.strip_prefix(SCORE_TAG)?.parse::<u8>().ok())
                    .filter(|s| (1..=5).contains(s));
                // A card from a Mermaid import keeps its own score and actors (its tags naming personas).
                let actors: Vec<&str> = match own_score {
                    Some(_) => tags
                        .iter()
                        .filter(|t| project.personas().iter().any(|p| p.name == **t))
                        .map(String::as_str)
                        .collect(),
                    None => felt.iter().map(|(name, _)| *name).collect(),
                };
                let score = own_score.unwrap_or_else(|| stage_score(&felt));
                let actors: Vec<String> = actors.iter().map(|a| actor_text(a)).collect();
                out.push_str(&format!(
                    "      {}: {score}{}\n",
                    task_text(&card.fields.title),
                    if actors.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", actors.join(", "))
                    }
                ));
            }
        }
    }
    out
}

fn stage_score(felt: &[(&str, i8)]) -> u8 {
    if felt.is_empty() {
        return 3;
    }
    let mean = felt.iter().map(|(_, v)| f64::from(*v)).sum::<f64>() / felt.len() as f64;
    (mean.round() + 3.0).clamp(1.0, 5.0) as u8
}

/// Invisible, and breaks up what Mermaid's lexer would otherwise read as a keyword or a comment.
const WORD_JOINER: char = '\u{2060}';

/// Title and section text ends at `#`, `;` and newlines, and sections also at `:`; `%%` after any character
/// starts a comment.
fn clean(s: &str) -> String {
    let mut cleaned = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '#' | ';' | ':' | '\n' | '\r' => cleaned.push(' '),
            '%' if cleaned.ends_with('%') => cleaned.extend([WORD_JOINER, '%']),
            c => cleaned.push(c),
        }
    }
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `s` as one line of Mermaid text, or `Untitled`.
fn line_text(s: &str) -> String {
    let cleaned = clean(s);
    if cleaned.is_empty() {
        "Untitled".into()
    } else {
        cleaned
    }
}

/// Section and task text: each line of `s` as [`line_text`] makes it, joined by `<br>`, where Mermaid draws a
/// line break.
fn lines_text(s: &str) -> String {
    let lines: Vec<String> = s.split('\n').map(clean).filter(|l| !l.is_empty()).collect();
    if lines.is_empty() {
        "Untitled".into()
    } else {
        lines.join("<br>")
    }
}

/// `s` as a YAML double-quoted scalar, which holds any text: `"` and `\` escaped, and so is every character YAML
/// does not allow raw (controls, js-yaml refuses them) or reads as a line break.
fn yaml_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A task name must not start like a keyword, nor with `%` (Mermaid drops such lines).
fn task_text(s: &str) -> String {
    let text = lines_text(s);
    let lower = text.to_lowercase();
    let keyword = ["journey", "title", "section", "acctitle", "accdescr", "%"]
        .iter()
        .any(|k| lower.starts_with(k));
    if keyword {
        format!("{WORD_JOINER}{text}")
    } else {
        text
    }
}

fn actor_text(s: &str) -> String {
    line_text(&s.replace(',', " "))
}

#[derive(Debug, PartialEq)]
enum Token {
    Newline,
    Journey,
    Title(String),
    AccTitle(String),
    AccDescr(String),
    Section(String),
    TaskName(String),
    TaskData(String),
    Colon,
    Invalid(char),
}

/// Mermaid's journey lexer: the rules of journey.jison in their order, the first that matches wins.
fn lex(text: &str) -> Vec<(usize, Token)> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut line = 1;
    let until = |from: usize, stop: &dyn Fn(char) -> bool| {
        let mut j = from;
        while j < chars.len() && !stop(chars[j]) {
            j += 1;
        }
        j
    };
    let starts_ci = |at: usize, word: &str| {
        word.chars().enumerate().all(|(k, w)| {
            chars
                .get(at + k)
                .is_some_and(|c| c.eq_ignore_ascii_case(&w))
        })
    };
    let string = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
    while i < chars.len() {
        let c = chars[i];
        let rest_is = |k: usize, s: &str| {
            s.chars()
                .enumerate()
                .all(|(n, x)| chars.get(k + n) == Some(&x))
        };
        let start_line = line;
        // Comments, as Mermaid's generated lexer has them: `%` not followed by `{`, or any character but `}`
        // followed by `%%` (that character, even a line break, is part of the comment).
        if c == '%' && chars.get(i + 1) != Some(&'{') {
            i = until(i, &|c| c == '\n');
            continue;
        }
        if c != '}' && rest_is(i + 1, "%%") {
            line += usize::from(c == '\n');
            i = until(i + 1, &|c| c == '\n');
            continue;
        }
        if c == '\n' {
            while i < chars.len() && chars[i] == '\n' {
                i += 1;
                line += 1;
            }
            tokens.push((start_line, Token::Newline));
            continue;
        }
        if c.is_whitespace() {
            while i < chars.len() && chars[i].is_whitespace() {
                line += usize::from(chars[i] == '\n');
                i += 1;
            }
            continue;
        }
        if c == '#' {
            i = until(i, &|c| c == '\n');
            continue;
        }
        let word_char = |c: &char| c.is_ascii_alphanumeric() || *c == '_';
        if starts_ci(i, "journey") && !chars.get(i + 7).is_some_and(word_char) {
            tokens.push((line, Token::Journey));
            i += 7;
            continue;
        }
        if starts_ci(i, "title") && chars.get(i + 5).is_some_and(|c| c.is_whitespace()) {
            let end = until(i + 6, &|c| matches!(c, '#' | '\n' | ';'));
            if end > i + 6 {
                tokens.push((line, Token::Title(string(i + 6, end))));
                i = end;
                continue;
            }
        }
        if let Some((token, end)) = accessibility(&chars, i) {
            tokens.push((line, token));
            line += chars[i..end].iter().filter(|&&c| c == '\n').count();
            i = end;
            continue;
        }
        if starts_ci(i, "section") && chars.get(i + 7).is_some_and(|c| c.is_whitespace()) {
            let end = until(i + 8, &|c| matches!(c, '#' | ':' | '\n' | ';'));
            if end > i + 8 {
                tokens.push((line, Token::Section(string(i + 8, end))));
                i = end;
                continue;
            }
        }
        if !matches!(c, '#' | ':' | '\n' | ';') {
            let end = until(i, &|c| matches!(c, '#' | ':' | '\n' | ';'));
            tokens.push((line, Token::TaskName(string(i, end))));
            i = end;
            continue;
        }
        if c == ':' {
            let end = until(i + 1, &|c| matches!(c, '#' | '\n' | ';'));
            if end > i + 1 {
                tokens.push((line, Token::TaskData(string(i + 1, end))));
            } else {
                tokens.push((line, Token::Colon));
            }
            i = end.max(i + 1);
            continue;
        }
        tokens.push((line, Token::Invalid(c)));
        i += 1;
    }
    tokens
}

/// `accTitle: …`, `accDescr: …` or `accDescr { … }` at `i`: the token and where it ends.
fn accessibility(chars: &[char], i: usize) -> Option<(Token, usize)> {
    let word = ["accTitle", "accDescr"].into_iter().find(|w| {
        w.chars()
            .enumerate()
            .all(|(k, x)| chars.get(i + k).is_some_and(|c| c.eq_ignore_ascii_case(&x)))
    })?;
    let skip = |mut j: usize| {
        while chars.get(j).is_some_and(|c| c.is_whitespace()) {
            j += 1;
        }
        j
    };
    let find = |from: usize, stop: char| {
        (from..chars.len())
            .find(|&k| chars[k] == stop)
            .unwrap_or(chars.len())
    };
    let j = skip(i + word.len());
    let text =
        |from: usize, to: usize| chars[from..to].iter().collect::<String>().trim().to_owned();
    match chars.get(j) {
        Some(':') => {
            let from = skip(j + 1);
            let end = find(from, '\n');
            let value = text(from, end);
            let token = if word == "accTitle" {
                Token::AccTitle(value)
            } else {
                Token::AccDescr(value)
            };
            Some((token, end))
        }
        Some('{') if word == "accDescr" => {
            let end = find(j + 1, '}');
            Some((
                Token::AccDescr(text(j + 1, end)),
                (end + 1).min(chars.len()),
            ))
        }
        _ => None,
    }
}

/// What a Mermaid journey says, as Mermaid's own parser reads it.
#[derive(Debug, Default, PartialEq)]
pub struct Diagram {
    pub title: Option<String>,
    pub acc_title: Option<String>,
    pub acc_descr: Option<String>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Default, PartialEq)]
pub struct Section {
    pub name: String,
    pub tasks: Vec<Task>,
}

#[derive(Debug, PartialEq)]
pub struct Task {
    pub name: String,
    pub score: f64,
    pub actors: Vec<String>,
}

/// Parses Mermaid journey text; the error names the line.
pub fn parse(text: &str) -> Result<Diagram, String> {
    let pre = preprocess::preprocess(text)?;
    let mut tokens = lex(&pre.text).into_iter().peekable();
    while tokens.peek().is_some_and(|(_, t)| *t == Token::Newline) {
        tokens.next();
    }
    match tokens.next() {
        Some((_, Token::Journey)) => {}
        Some((line, Token::TaskName(name))) if name.trim() == "---" => {
            return Err(format!(
                "line {line}: front matter (`---` … `---`) must start on the first line"
            ));
        }
        Some((line, _)) => {
            return Err(format!(
                "line {line}: a Mermaid journey starts with `journey`"
            ));
        }
        None if pre.front_matter_lines > 0 => {
            return Err(format!(
                "line {}: a Mermaid journey starts with `journey`, and none follows the front matter",
                pre.front_matter_lines
            ));
        }
        None => return Err("it is empty".into()),
    }
    // A `title` statement wins over the front matter's title, as in Mermaid (which sets that one first).
    let mut diagram = Diagram {
        title: pre.title,
        ..Diagram::default()
    };
    while let Some((line, token)) = tokens.next() {
        match token {
            Token::Newline => {}
            Token::Title(t) => diagram.title = Some(t.trim().to_owned()),
            Token::AccTitle(t) => diagram.acc_title = Some(t),
            // As Mermaid's common db does: indentation after a line break goes.
            Token::AccDescr(t) => {
                let lines: Vec<&str> = t.lines().map(str::trim_start).collect();
                diagram.acc_descr = Some(lines.join("\n"));
            }
            Token::Section(name) => diagram.sections.push(Section {
                name: name.replace(WORD_JOINER, "").trim().to_owned(),
                tasks: Vec::new(),
            }),
            Token::TaskName(name) => {
                let Some((_, Token::TaskData(data))) = tokens.next() else {
                    return Err(format!(
                        "line {line}: the task \"{}\" has no `: score`",
                        name.trim()
                    ));
                };
                let mut pieces = data.split(':');
                let score_text = pieces.next().unwrap_or_default().trim();
                let score: f64 = score_text
                    .parse()
                    .map_err(|_| format!("line {line}: \"{score_text}\" is not a score"))?;
                let actors = pieces
                    .next()
                    .map(|people| {
                        people
                            .split(',')
                            .map(|p| p.trim().to_owned())
                            .filter(|p| !p.is_empty())
                            .collect()
                    })
                    .unwrap_or_default();
                if diagram.sections.is_empty() {
                    diagram.sections.push(Section::default());
                }
                let section = diagram.sections.last_mut().expect("just ensured");
                section.tasks.push(Task {
                    name: name.replace(WORD_JOINER, "").trim().to_owned(),
                    score,
                    actors,
                });
            }
            Token::Journey => return Err(format!("line {line}: `journey` appears twice")),
            Token::TaskData(_) | Token::Colon => {
                return Err(format!("line {line}: a `:` without a task name before it"));
            }
            Token::Invalid(c) => return Err(format!("line {line}: unexpected '{c}'")),
        }
    }
    Ok(diagram)
}

/// The diagram as a new journey (and any new personas) in `project`.
pub fn import(project: &Project, text: &str, fallback_name: &str) -> Result<Imported, ImportError> {
    let diagram = parse(text).map_err(ImportError::Syntax)?;
    let journey = JourneyId::new();
    let name = diagram
        .title
        .clone()
        .or(diagram.acc_title.clone())
        .unwrap_or_else(|| fallback_name.to_owned());
    let mut commands = vec![Command::AddJourney {
        journey,
        name: clip(&name, MAX_NAME_CHARS, "Imported journey"),
        index: project.journeys().len(),
    }];
    // Actors become personas: an existing persona of the same name, else a new one. A name too long for a
    // persona (and for the card's tag that names it) is cut, the same way everywhere.
    let actor_name = |actor: &str| clip(actor, MAX_NAME_CHARS, "Actor");
    let mut personas: BTreeMap<String, PersonaId> = BTreeMap::new();
    for actor in diagram
        .sections
        .iter()
        .flat_map(|s| &s.tasks)
        .flat_map(|t| &t.actors)
    {
        let actor = actor_name(actor);
        if personas.contains_key(&actor) {
            continue;
        }
        let id = match project.personas().iter().find(|p| p.name == actor) {
            Some(p) => p.id,
            None => {
                let id = PersonaId::new();
                commands.push(Command::AddPersona {
                    persona: id,
                    name: actor.clone(),
                    description: "Actor of an imported Mermaid journey.".into(),
                    index: None,
                });
                id
            }
        };
        personas.insert(actor, id);
    }
    let lane = LaneId::new();
    commands.push(Command::AddLane {
        journey,
        lane,
        name: "Tasks".into(),
        kind: LaneKind::Touchpoints,
        index: 0,
    });
    let emotions = LaneId::new();
    if !personas.is_empty() {
        commands.push(Command::AddLane {
            journey,
            lane: emotions,
            name: "Emotions".into(),
            kind: LaneKind::Emotions,
            index: 1,
        });
    }
    let mut flows_from: Option<CardId> = None;
    for (index, section) in diagram.sections.iter().enumerate() {
        let stage = StageId::new();
        commands.push(Command::AddStage {
            journey,
            stage,
            name: clip(
                &line_breaks(&section.name),
                MAX_NAME_CHARS,
                "Untitled section",
            ),
            index,
        });
        let mut felt: BTreeMap<PersonaId, Vec<f64>> = BTreeMap::new();
        for task in &section.tasks {
            let card = CardId::new();
            let mut fields = CardFields::titled(
                clip(&line_breaks(&task.name), MAX_TITLE_CHARS, "Untitled task"),
                CardKind::Touchpoint,
            );
            fields.tags = std::iter::once(format!("{SCORE_TAG}{}", task.score))
                .chain(task.actors.iter().map(|a| actor_name(a)))
                .take(waymark_core::MAX_TAGS)
                .collect();
            commands.push(Command::AddCard {
                journey,
                card,
                stage,
                lane,
                index: None,
                fields,
            });
            // Mermaid draws tasks as one path, in order.
            if let Some(from) = flows_from.replace(card) {
                commands.push(Command::Connect {
                    journey,
                    flow: waymark_core::FlowId::new(),
                    from,
                    to: card,
                    kind: waymark_core::model::FlowKind::HappyPath,
                    label: None,
                });
            }
            for actor in &task.actors {
                felt.entry(personas[&actor_name(actor)])
                    .or_default()
                    .push(task.score);
            }
        }
        for (persona, scores) in felt {
            let mean = scores.iter().sum::<f64>() / scores.len() as f64;
            commands.push(Command::SetEmotion {
                journey,
                persona,
                stage,
                value: Some((mean - 3.0).round().clamp(-2.0, 2.0) as i8),
            });
        }
    }
    Ok(Imported {
        journey: Some(journey),
        commands,
    })
}

/// Mermaid's line breaks in a section or task (`<br>`, `<br/>`, `<br />`, any case) as line breaks.
fn line_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tag = &rest[at..];
        let after_br = tag
            .get(..3)
            .filter(|t| t.eq_ignore_ascii_case("<br"))
            .map(|_| tag[3..].trim_start());
        let end = after_br.and_then(|r| {
            let r = r.strip_prefix('/').unwrap_or(r);
            r.starts_with('>').then(|| tag.len() - r.len() + 1)
        });
        match end {
            Some(end) => {
                out.push('\n');
                rest = &tag[end..];
            }
            None => {
                out.push('<');
                rest = &tag[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
