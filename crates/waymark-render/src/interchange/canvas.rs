//! JSON Canvas 1.0 (Obsidian's open canvas format), both ways.
//!
//! Export: a group per stage, a text node per lane header and per card (at the positions of core's layout), an
//! edge per flow; card and flow kinds become the spec's preset colours. Emotion curves have no JSON Canvas form.
//!
//! Import: groups become stages (left to right); the other nodes become cards in the stage whose group holds
//! them (nodes in no group go to an extra stage); rows of nodes that overlap vertically become lanes, named by a
//! text node left of every group; edges between cards become flows.

use super::{ImportError, Imported, clip};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use waymark_core::model::{CardFields, CardKind, FlowKind, LaneKind};
use waymark_core::{
    CardId, Command, FlowId, Journey, JourneyId, LaneId, MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS,
    MAX_TITLE_CHARS, Project, StageId, Theme,
};

#[derive(Debug, Serialize, Deserialize)]
struct Canvas {
    #[serde(default)]
    nodes: Vec<Node>,
    #[serde(default)]
    edges: Vec<Edge>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Node {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    x: f64,
    y: f64,
    width: f64,
    height: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    color: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Edge {
    id: String,
    from_node: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    from_side: Option<String>,
    to_node: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    to_side: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    color: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    label: Option<String>,
}

/// Preset colours of the spec: 1 red, 2 orange, 4 green, 6 purple.
fn card_colour(kind: CardKind) -> Option<&'static str> {
    match kind {
        CardKind::PainPoint => Some("1"),
        CardKind::Opportunity => Some("4"),
        CardKind::Thought => Some("6"),
        _ => None,
    }
}

fn flow_colour(kind: FlowKind) -> Option<&'static str> {
    match kind {
        FlowKind::HappyPath => None,
        FlowKind::Failure => Some("1"),
        FlowKind::Loop => Some("2"),
        FlowKind::Alternative => Some("6"),
    }
}

pub fn export(project: &Project, journey: &Journey) -> String {
    let personas: Vec<_> = project.personas().iter().map(|p| p.id).collect();
    let layout = journey.layout(&Theme::default(), &personas);
    let node = |id: String, kind: &str, r: waymark_core::layout::Rect| Node {
        id,
        kind: kind.into(),
        x: r.x.round(),
        y: r.y.round(),
        width: r.width.round(),
        height: r.height.round(),
        text: None,
        file: None,
        url: None,
        label: None,
        color: None,
    };
    let mut nodes = Vec::new();
    for (stage_box, stage) in layout.stages.iter().zip(journey.stages()) {
        nodes.push(Node {
            label: Some(stage.name.clone()),
            ..node(stage.id.to_string(), "group", stage_box.rect)
        });
    }
    for (lane_box, lane) in layout.lanes.iter().zip(journey.lanes()) {
        nodes.push(Node {
            text: Some(format!("**{}**\n\n{}", lane.name, lane.kind)),
            ..node(lane.id.to_string(), "text", lane_box.header)
        });
    }
    for card_box in &layout.cards {
        let Some(card) = journey.card(card_box.id) else {
            continue;
        };
        let f = &card.fields;
        let text = if f.description.is_empty() {
            f.title.clone()
        } else {
            format!("{}\n\n{}", f.title, f.description)
        };
        nodes.push(Node {
            text: Some(text),
            color: card_colour(f.kind).map(str::to_owned),
            ..node(card.id.to_string(), "text", card_box.rect)
        });
    }
    let edges = journey
        .flows_by_id()
        .into_iter()
        .map(|f| Edge {
            id: f.id.to_string(),
            from_node: f.from.to_string(),
            from_side: Some("right".into()),
            to_node: f.to.to_string(),
            to_side: Some("left".into()),
            color: flow_colour(f.kind).map(str::to_owned),
            label: f.label.clone(),
        })
        .collect();
    let mut text =
        serde_json::to_string_pretty(&Canvas { nodes, edges }).expect("canvas serialises");
    text.push('\n');
    text
}

fn center(n: &Node) -> (f64, f64) {
    (n.x + n.width / 2.0, n.y + n.height / 2.0)
}

fn contains(group: &Node, (x, y): (f64, f64)) -> bool {
    x >= group.x && x <= group.x + group.width && y >= group.y && y <= group.y + group.height
}

/// A card's title and description from a node's text: the first line (without Markdown heading or emphasis
/// marks) and the rest.
fn title_and_description(n: &Node) -> (String, String) {
    let text = match n.kind.as_str() {
        "file" => {
            let path = n.file.clone().unwrap_or_default();
            let name = path.rsplit('/').next().unwrap_or_default().to_owned();
            return (name, path);
        }
        "link" => return (n.url.clone().unwrap_or_default(), String::new()),
        _ => n.text.clone().unwrap_or_default(),
    };
    let mut lines = text.lines().skip_while(|l| l.trim().is_empty());
    let first = lines.next().unwrap_or_default();
    let title = first
        .trim()
        .trim_start_matches('#')
        .trim()
        .trim_matches(['*', '_'])
        .trim()
        .to_owned();
    let rest = lines.collect::<Vec<_>>().join("\n").trim().to_owned();
    (title, rest)
}

pub fn import(project: &Project, text: &str, fallback_name: &str) -> Result<Imported, ImportError> {
    let canvas = parse_canvas(text)?;
    let grid = Grid::of(&canvas)?;
    let journey = JourneyId::new();
    let mut commands = vec![Command::AddJourney {
        journey,
        name: clip(fallback_name, MAX_NAME_CHARS, "Imported canvas"),
        index: project.journeys().len(),
    }];
    let stages = add_stages(&grid, journey, &mut commands);
    let lanes = add_lanes(&grid, journey, &mut commands);
    let card_ids = add_cards(&grid, journey, &stages, &lanes, &mut commands);
    connect_cards(&canvas.edges, &card_ids, journey, &mut commands);
    Ok(Imported {
        journey: Some(journey),
        commands,
    })
}

/// The canvas in `text`, refused if two nodes share an id or a node has no valid position and size.
fn parse_canvas(text: &str) -> Result<Canvas, ImportError> {
    let canvas: Canvas =
        serde_json::from_str(text).map_err(|e| ImportError::Canvas(e.to_string()))?;
    let mut ids = HashSet::new();
    for n in &canvas.nodes {
        if !ids.insert(n.id.as_str()) {
            return Err(ImportError::Canvas(format!(
                "two nodes have the id \"{}\"",
                n.id
            )));
        }
        if !(n.width >= 0.0 && n.height >= 0.0 && n.x.is_finite() && n.y.is_finite()) {
            return Err(ImportError::Canvas(format!(
                "node \"{}\" has no valid size",
                n.id
            )));
        }
    }
    Ok(canvas)
}

/// A canvas read as a journey's grid: groups (left to right) are the stages' columns, rows of nodes are lanes.
struct Grid<'a> {
    /// Sorted left to right (then top to bottom).
    groups: Vec<&'a Node>,
    /// Every node that is not a group: lane headers and cards.
    items: Vec<&'a Node>,
    left_of_groups: f64,
    /// Each row's top and bottom.
    rows: Vec<(f64, f64)>,
}

impl<'a> Grid<'a> {
    /// The canvas's grid; an empty canvas has none.
    fn of(canvas: &'a Canvas) -> Result<Grid<'a>, ImportError> {
        let mut groups: Vec<&Node> = canvas.nodes.iter().filter(|n| n.kind == "group").collect();
        groups.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y)));
        let left_of_groups = groups.iter().map(|g| g.x).fold(f64::INFINITY, f64::min);
        let items: Vec<&Node> = canvas.nodes.iter().filter(|n| n.kind != "group").collect();
        if items.is_empty() && groups.is_empty() {
            return Err(ImportError::Empty);
        }
        // Rows: nodes whose vertical extents overlap share a lane.
        let mut by_top: Vec<&Node> = items.clone();
        by_top.sort_by(|a, b| a.y.total_cmp(&b.y));
        let mut rows: Vec<(f64, f64)> = Vec::new();
        for n in &by_top {
            match rows.last_mut() {
                Some((_, bottom)) if n.y < *bottom => *bottom = bottom.max(n.y + n.height),
                _ => rows.push((n.y, n.y + n.height)),
            }
        }
        Ok(Grid {
            groups,
            items,
            left_of_groups,
            rows,
        })
    }

    /// A text node left of every group names its row's lane. Without groups there is no header column.
    fn is_header(&self, n: &Node) -> bool {
        n.kind == "text" && !self.groups.is_empty() && center(n).0 < self.left_of_groups
    }

    fn row_of(&self, n: &Node) -> usize {
        let cy = center(n).1;
        self.rows
            .iter()
            .position(|&(top, bottom)| cy >= top && cy <= bottom)
            .unwrap_or(0)
    }

    /// The smallest group holding the node's centre.
    fn stage_of(&self, n: &Node) -> Option<usize> {
        self.groups
            .iter()
            .enumerate()
            .filter(|(_, g)| contains(g, center(n)))
            .min_by(|(_, a), (_, b)| (a.width * a.height).total_cmp(&(b.width * b.height)))
            .map(|(i, _)| i)
    }
}

/// A stage per group, and an extra last one for the cards in no group.
fn add_stages(grid: &Grid, journey: JourneyId, commands: &mut Vec<Command>) -> Vec<StageId> {
    let mut stages: Vec<StageId> = Vec::new();
    for (index, group) in grid.groups.iter().enumerate() {
        let stage = StageId::new();
        commands.push(Command::AddStage {
            journey,
            stage,
            name: clip(
                group.label.as_deref().unwrap_or_default(),
                MAX_NAME_CHARS,
                "Group",
            ),
            index,
        });
        stages.push(stage);
    }
    let ungrouped = grid
        .items
        .iter()
        .any(|n| !grid.is_header(n) && grid.stage_of(n).is_none());
    if ungrouped {
        let stage = StageId::new();
        commands.push(Command::AddStage {
            journey,
            stage,
            name: if grid.groups.is_empty() {
                "Canvas"
            } else {
                "Outside groups"
            }
            .into(),
            index: stages.len(),
        });
        stages.push(stage);
    }
    stages
}

/// A lane per row, named (and given its kind) by the row's header node if it has one.
fn add_lanes(
    grid: &Grid,
    journey: JourneyId,
    commands: &mut Vec<Command>,
) -> Vec<(LaneId, LaneKind)> {
    (0..grid.rows.len())
        .map(|row| {
            let header = grid
                .items
                .iter()
                .find(|n| grid.is_header(n) && grid.row_of(n) == row);
            let (name, rest) = header.map(|h| title_and_description(h)).unwrap_or_default();
            let kind = rest.trim().parse().unwrap_or(LaneKind::Touchpoints);
            let lane = LaneId::new();
            commands.push(Command::AddLane {
                journey,
                lane,
                name: clip(&name, MAX_NAME_CHARS, &format!("Row {}", row + 1)),
                kind,
                index: row,
            });
            (lane, kind)
        })
        .collect()
}

/// A card per node that is not a header, top to bottom and left to right, in its row's lane and its group's
/// stage; its kind from the node's colour, else the lane's. Returns the cards by node id.
fn add_cards<'a>(
    grid: &Grid<'a>,
    journey: JourneyId,
    stages: &[StageId],
    lanes: &[(LaneId, LaneKind)],
    commands: &mut Vec<Command>,
) -> HashMap<&'a str, CardId> {
    let mut cards: Vec<&&Node> = grid.items.iter().filter(|n| !grid.is_header(n)).collect();
    cards.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut card_ids: HashMap<&str, CardId> = HashMap::new();
    for n in cards {
        let (lane, lane_kind) = lanes[grid.row_of(n)];
        let stage = stages[grid.stage_of(n).unwrap_or(stages.len() - 1)];
        let (title, description) = title_and_description(n);
        let kind = match n.color.as_deref() {
            Some("1") => CardKind::PainPoint,
            Some("4") => CardKind::Opportunity,
            Some("6") => CardKind::Thought,
            _ => lane_kind.default_card_kind(),
        };
        let mut fields = CardFields::titled(clip(&title, MAX_TITLE_CHARS, "Untitled"), kind);
        fields.description = description.chars().take(MAX_DESCRIPTION_CHARS).collect();
        let card = CardId::new();
        card_ids.insert(n.id.as_str(), card);
        commands.push(Command::AddCard {
            journey,
            card,
            stage,
            lane,
            index: None,
            fields,
        });
    }
    card_ids
}

/// A flow per edge between two different cards (once per pair); its kind from the edge's colour.
fn connect_cards(
    edges: &[Edge],
    card_ids: &HashMap<&str, CardId>,
    journey: JourneyId,
    commands: &mut Vec<Command>,
) {
    let mut joined = HashSet::new();
    for e in edges {
        let (Some(&from), Some(&to)) = (
            card_ids.get(e.from_node.as_str()),
            card_ids.get(e.to_node.as_str()),
        ) else {
            continue;
        };
        if from == to || !joined.insert((from, to)) {
            continue;
        }
        let kind = match e.color.as_deref() {
            Some("1") => FlowKind::Failure,
            Some("2") => FlowKind::Loop,
            Some("6") => FlowKind::Alternative,
            _ => FlowKind::HappyPath,
        };
        commands.push(Command::Connect {
            journey,
            flow: FlowId::new(),
            from,
            to,
            kind,
            label: e
                .label
                .as_deref()
                .map(|l| clip(l, MAX_NAME_CHARS, ""))
                .filter(|l| !l.is_empty()),
        });
    }
}
