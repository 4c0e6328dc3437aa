//! The document: a project holds personas and journeys; a journey holds ordered stages and lanes, cards placed in
//! (stage, lane) cells, flows between cards in a petgraph `StableGraph`, and emotion values per persona per stage.
//!
//! Fields are private: the only way to change a project is [`Project::apply`](crate::Project::apply), which keeps
//! every invariant in one place.

use crate::ids::*;
use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Declares a fieldless enum whose variants have fixed snake_case names, used in JSON, SQL and on the command line.
macro_rules! named_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The variant's fixed name.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(format!(
                        "unknown {} '{}' (expected one of: {})",
                        stringify!($name), s, [$($text),+].join(", ")
                    )),
                }
            }
        }
    };
}

named_enum!(
    /// What a lane holds.
    LaneKind {
        /// Touchpoints of one channel (web, app, store, phone, email…); the lane's name is the channel.
        Touchpoints => "touchpoints",
        Actions => "actions",
        Thoughts => "thoughts",
        /// Draws one emotion curve per persona.
        Emotions => "emotions",
        PainPoints => "pain_points",
        Opportunities => "opportunities",
        Frontstage => "frontstage",
        Backstage => "backstage",
        Support => "support",
        Metrics => "metrics",
    }
);

named_enum!(
    /// What a card is.
    CardKind {
        Touchpoint => "touchpoint",
        Action => "action",
        Thought => "thought",
        PainPoint => "pain_point",
        Opportunity => "opportunity",
        Frontstage => "frontstage",
        Backstage => "backstage",
        Support => "support",
        Metric => "metric",
        Note => "note",
    }
);

named_enum!(
    /// What a flow means for the customer.
    FlowKind {
        HappyPath => "happy_path",
        Alternative => "alternative",
        Failure => "failure",
        /// A deliberate step back (retry, reorder); cycles should contain one.
        Loop => "loop",
    }
);

impl LaneKind {
    /// The kind a new card gets in a lane of this kind.
    pub fn default_card_kind(self) -> CardKind {
        match self {
            LaneKind::Touchpoints => CardKind::Touchpoint,
            LaneKind::Actions => CardKind::Action,
            LaneKind::Thoughts => CardKind::Thought,
            LaneKind::Emotions => CardKind::Note,
            LaneKind::PainPoints => CardKind::PainPoint,
            LaneKind::Opportunities => CardKind::Opportunity,
            LaneKind::Frontstage => CardKind::Frontstage,
            LaneKind::Backstage => CardKind::Backstage,
            LaneKind::Support => CardKind::Support,
            LaneKind::Metrics => CardKind::Metric,
        }
    }
}

/// A column of a journey.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Stage {
    pub id: StageId,
    pub name: String,
}

/// A row of a journey.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Lane {
    pub id: LaneId,
    pub name: String,
    pub kind: LaneKind,
}

/// Who walks the journey.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Persona {
    pub id: PersonaId,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The respondents this persona stands for in imported feedback: those whose segment column has this value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<SegmentLink>,
}

/// A value of a feedback segment column ("Plan" = "Family").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SegmentLink {
    pub column: String,
    pub value: String,
}

/// What a user edits on a card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CardFields {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub kind: CardKind,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

impl CardFields {
    /// Fields with just a title and a kind.
    pub fn titled(title: impl Into<String>, kind: CardKind) -> Self {
        Self {
            title: title.into(),
            description: String::new(),
            kind,
            channel: None,
            owner: None,
            tags: Vec::new(),
        }
    }
}

/// A (stage, lane) cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Cell {
    pub stage: StageId,
    pub lane: LaneId,
}

/// A card as stored in the graph: where it sits and what it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    pub id: CardId,
    pub cell: Cell,
    pub fields: CardFields,
}

/// A remark on a card, or a reply to one (`CardComment` in TypeScript, beside feedback's comments). Its author and times are chosen when the command is made (like ids), so
/// it replays the same; all of it is untrusted text, shown as text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "CardComment"))]
pub struct Comment {
    pub id: CommentId,
    pub card: CardId,
    /// The comment this one answers (a thread is one level deep: a reply answers a comment that answers none).
    #[serde(default)]
    pub reply_to: Option<CommentId>,
    pub author: String,
    /// Milliseconds since the Unix epoch.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub at_ms: i64,
    pub text: String,
    /// When the text was last edited.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub edited_ms: Option<i64>,
    /// A resolved thread is closed; it can be reopened.
    #[serde(default)]
    pub resolved: bool,
}

/// A directed edge: the customer moves from one card to another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Flow {
    pub id: FlowId,
    pub from: CardId,
    pub to: CardId,
    pub kind: FlowKind,
    #[serde(default)]
    pub label: Option<String>,
}

/// One journey map. Cards are the nodes and flows the edges of a `StableGraph`, so node and edge indices stay
/// valid while others are removed; the `cards`/`flows` maps translate the stable ids to those indices.
#[derive(Clone, Debug)]
pub struct Journey {
    pub(crate) id: JourneyId,
    pub(crate) name: String,
    pub(crate) stages: Vec<Stage>,
    pub(crate) lanes: Vec<Lane>,
    pub(crate) graph: StableDiGraph<Card, Flow>,
    pub(crate) cards: HashMap<CardId, NodeIndex>,
    pub(crate) flows: HashMap<FlowId, EdgeIndex>,
    /// The cards of each non-empty cell, in order.
    pub(crate) cells: HashMap<Cell, Vec<CardId>>,
    pub(crate) emotions: BTreeMap<(PersonaId, StageId), i8>,
    /// Dot-voting totals; cards without dots are absent.
    pub(crate) dots: BTreeMap<CardId, u32>,
    pub(crate) voting: Option<Voting>,
    /// Comments on the cards, in id (creation) order.
    pub(crate) comments: BTreeMap<CommentId, Comment>,
}

/// A journey's dot-voting round: how many dots each participant gets, and whether dots can be placed now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Voting {
    pub dots_per_person: u32,
    pub open: bool,
}

impl Journey {
    pub(crate) fn new(id: JourneyId, name: String) -> Self {
        Self {
            id,
            name,
            stages: Vec::new(),
            lanes: Vec::new(),
            graph: StableDiGraph::new(),
            cards: HashMap::new(),
            flows: HashMap::new(),
            cells: HashMap::new(),
            emotions: BTreeMap::new(),
            dots: BTreeMap::new(),
            voting: None,
            comments: BTreeMap::new(),
        }
    }

    pub fn id(&self) -> JourneyId {
        self.id
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Stages, left to right.
    pub fn stages(&self) -> &[Stage] {
        &self.stages
    }

    /// Lanes, top to bottom.
    pub fn lanes(&self) -> &[Lane] {
        &self.lanes
    }

    pub fn stage_index(&self, id: StageId) -> Option<usize> {
        self.stages.iter().position(|s| s.id == id)
    }

    pub fn lane_index(&self, id: LaneId) -> Option<usize> {
        self.lanes.iter().position(|l| l.id == id)
    }

    pub fn card(&self, id: CardId) -> Option<&Card> {
        self.cards.get(&id).map(|&ix| &self.graph[ix])
    }

    pub fn flow(&self, id: FlowId) -> Option<&Flow> {
        self.flows.get(&id).map(|&ix| &self.graph[ix])
    }

    pub fn card_count(&self) -> usize {
        self.cards.len()
    }

    pub fn flow_count(&self) -> usize {
        self.flows.len()
    }

    /// The cards of one cell, in order.
    pub fn cell_cards(&self, cell: Cell) -> &[CardId] {
        self.cells.get(&cell).map_or(&[], Vec::as_slice)
    }

    /// A card's index within its cell.
    pub fn card_position(&self, id: CardId) -> Option<usize> {
        let card = self.card(id)?;
        self.cell_cards(card.cell).iter().position(|&c| c == id)
    }

    /// Cards in reading order: stage by stage, lane by lane, then by position in the cell.
    pub fn cards_in_order(&self) -> impl Iterator<Item = &Card> + Clone + '_ {
        self.stages.iter().flat_map(move |stage| {
            self.lanes.iter().flat_map(move |lane| {
                self.cell_cards(Cell {
                    stage: stage.id,
                    lane: lane.id,
                })
                .iter()
                .filter_map(move |&id| self.card(id))
            })
        })
    }

    /// All flows, in id order (ids are time-ordered, so this is creation order).
    pub fn flows_by_id(&self) -> Vec<&Flow> {
        let mut flows: Vec<&Flow> = self.graph.edge_weights().collect();
        flows.sort_by_key(|f| f.id);
        flows
    }

    /// Flows leaving or entering a card.
    pub fn flows_of(&self, card: CardId, direction: Direction) -> impl Iterator<Item = &Flow> + '_ {
        let node = self.cards.get(&card).copied();
        node.into_iter()
            .flat_map(move |n| self.graph.edges_directed(n, direction))
            .map(|e| e.weight())
    }

    /// The flow from `from` to `to`, if there is one.
    pub fn flow_between(&self, from: CardId, to: CardId) -> Option<&Flow> {
        let edge = self.graph.find_edge(self.node(from)?, self.node(to)?)?;
        Some(&self.graph[edge])
    }

    pub fn emotion(&self, persona: PersonaId, stage: StageId) -> Option<i8> {
        self.emotions.get(&(persona, stage)).copied()
    }

    /// All set emotion values as (persona, stage, value).
    pub fn emotions(&self) -> impl Iterator<Item = (PersonaId, StageId, i8)> + '_ {
        self.emotions.iter().map(|(&(p, s), &v)| (p, s, v))
    }

    /// The dots a card has received.
    /// The journey's comments, oldest first.
    pub fn comments(&self) -> impl Iterator<Item = &Comment> {
        self.comments.values()
    }

    pub fn comment(&self, id: CommentId) -> Option<&Comment> {
        self.comments.get(&id)
    }

    pub fn dots(&self, card: CardId) -> u32 {
        self.dots.get(&card).copied().unwrap_or(0)
    }

    pub fn voting(&self) -> Option<Voting> {
        self.voting
    }

    pub fn graph(&self) -> &StableDiGraph<Card, Flow> {
        &self.graph
    }

    pub(crate) fn node(&self, card: CardId) -> Option<NodeIndex> {
        self.cards.get(&card).copied()
    }
}

/// A whole `.waymark` project: personas and journeys.
#[derive(Clone, Debug, Default)]
pub struct Project {
    pub(crate) personas: Vec<Persona>,
    pub(crate) journeys: Vec<Journey>,
}

impl Project {
    /// An empty project.
    pub fn new() -> Self {
        Self::default()
    }

    pub fn personas(&self) -> &[Persona] {
        &self.personas
    }

    pub fn persona(&self, id: PersonaId) -> Option<&Persona> {
        self.personas.iter().find(|p| p.id == id)
    }

    pub fn journeys(&self) -> &[Journey] {
        &self.journeys
    }

    pub fn journey(&self, id: JourneyId) -> Option<&Journey> {
        self.journeys.iter().find(|j| j.id == id)
    }

    /// The journey a window or command shows: the chosen one while it exists, else the first (`None`: the
    /// project has no journey).
    pub fn shown_journey(&self, chosen: Option<JourneyId>) -> Option<&Journey> {
        chosen
            .and_then(|id| self.journey(id))
            .or_else(|| self.journeys.first())
    }

    pub(crate) fn journey_mut(&mut self, id: JourneyId) -> Option<&mut Journey> {
        self.journeys.iter_mut().find(|j| j.id == id)
    }
}

/// Two projects are equal when they hold the same document, whatever their graph indices.
impl PartialEq for Project {
    fn eq(&self, other: &Self) -> bool {
        self.to_data() == other.to_data()
    }
}
