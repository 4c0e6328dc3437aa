//! The sample project: ordering groceries online, from an empty fridge to the next weekly shop. It is what a first
//! run opens and what demos and tests use. Built through [`Project::apply`], so it obeys every invariant.

use crate::command::Command;
use crate::ids::*;
use crate::model::*;

/// Stages, left to right.
const STAGES: [&str; 6] = [
    "Discover",
    "Sign up",
    "Shop",
    "Check out",
    "Delivery",
    "After delivery",
];

/// Lanes, top to bottom: (name, kind).
const LANES: [(&str, LaneKind); 7] = [
    ("Customer actions", LaneKind::Actions),
    ("Web", LaneKind::Touchpoints),
    ("Mobile app", LaneKind::Touchpoints),
    ("Email & SMS", LaneKind::Touchpoints),
    ("Emotions", LaneKind::Emotions),
    ("Pain points", LaneKind::PainPoints),
    ("Opportunities", LaneKind::Opportunities),
];

/// Cards: (key, stage, lane, title, description, owner).
const CARDS: &[(&str, usize, usize, &str, &str, &str)] = &[
    (
        "A1",
        0,
        0,
        "Realises the fridge is empty",
        "Thursday evening, kids' lunches for tomorrow.",
        "",
    ),
    (
        "A2",
        0,
        0,
        "Searches for grocery delivery",
        "\"grocery delivery near me\" on the phone or laptop.",
        "",
    ),
    (
        "W1",
        0,
        1,
        "Search ad and landing page",
        "Paid search lands on the home page.",
        "Marketing",
    ),
    (
        "M1",
        0,
        2,
        "App store listing",
        "Rating 4.3, screenshots of the basket.",
        "Marketing",
    ),
    (
        "E1",
        0,
        3,
        "Referral email from a friend",
        "£10 off the first order.",
        "CRM",
    ),
    (
        "P1",
        0,
        5,
        "Delivery fees unclear",
        "Fees only appear at checkout; 31% of survey comments mention it.",
        "",
    ),
    (
        "O1",
        0,
        6,
        "Show fees and the first free slot up front",
        "",
        "Product",
    ),
    ("A3", 1, 0, "Creates an account", "", ""),
    (
        "W2",
        1,
        1,
        "Sign-up form",
        "Seven fields, password rules shown after failing.",
        "Web team",
    ),
    (
        "M2",
        1,
        2,
        "App onboarding",
        "Three swipe screens, then sign-in.",
        "App team",
    ),
    (
        "W3",
        1,
        1,
        "Postcode check",
        "Tells whether we deliver to the address.",
        "Web team",
    ),
    ("E2", 1, 3, "Welcome email with voucher", "", "CRM"),
    (
        "P2",
        1,
        5,
        "Postcode not covered yet",
        "Customer leaves with nothing to do.",
        "",
    ),
    ("O2", 1, 6, "Waitlist with a launch alert", "", "Growth"),
    (
        "A4",
        2,
        0,
        "Builds a basket",
        "Average 43 items, 22 minutes.",
        "",
    ),
    ("W4", 2, 1, "Browse aisles and search", "", "Web team"),
    ("W5", 2, 1, "Product page", "", "Web team"),
    ("M3", 2, 2, "Scan and reorder favourites", "", "App team"),
    ("P3", 2, 5, "Items go out of stock after adding", "", ""),
    ("O3", 2, 6, "Suggest substitutes up front", "", "Product"),
    ("A5", 3, 0, "Picks a slot and pays", "", ""),
    ("W6", 3, 1, "Delivery slot picker", "", "Web team"),
    (
        "W7",
        3,
        1,
        "Card payment",
        "3-D Secure challenge from the bank.",
        "Payments",
    ),
    ("M4", 3, 2, "Apple Pay / Google Pay", "", "Payments"),
    ("E3", 3, 3, "Order confirmation", "", "CRM"),
    (
        "P4",
        3,
        5,
        "Preferred slots sold out",
        "Evening slots gone by Wednesday.",
        "",
    ),
    ("P5", 3, 5, "Payment fails at 3-D Secure", "", ""),
    (
        "O4",
        3,
        6,
        "Green slots with a discount",
        "Cheaper when the van is already nearby.",
        "Logistics",
    ),
    ("A6", 4, 0, "Waits for the van", "", ""),
    ("M5", 4, 2, "Live van tracking", "", "App team"),
    ("E4", 4, 3, "SMS: driver 10 minutes away", "", "Logistics"),
    ("A7", 4, 0, "Receives and checks the bags", "", ""),
    ("P6", 4, 5, "Substitutions not explained", "", ""),
    (
        "O5",
        4,
        6,
        "Approve substitutions in the app",
        "",
        "App team",
    ),
    ("A8", 5, 0, "Rates the order", "", ""),
    ("A9", 5, 0, "Reorders next week", "", ""),
    ("W8", 5, 1, "Refund request form", "", "Customer care"),
    ("M6", 5, 2, "Rating prompt", "", "App team"),
    ("E5", 5, 3, "Refund confirmed", "", "Customer care"),
    ("P7", 5, 5, "Refund takes five days", "", ""),
    (
        "O6",
        5,
        6,
        "Instant credit for missing items",
        "",
        "Customer care",
    ),
];

/// Flows: (from, to, kind, label).
const FLOWS: &[(&str, &str, FlowKind, &str)] = &[
    ("A1", "A2", FlowKind::HappyPath, ""),
    ("A2", "W1", FlowKind::HappyPath, ""),
    ("A2", "M1", FlowKind::Alternative, "on the phone"),
    ("E1", "W1", FlowKind::Alternative, "referral link"),
    ("W1", "A3", FlowKind::HappyPath, ""),
    ("M1", "M2", FlowKind::Alternative, "installs the app"),
    ("A3", "W2", FlowKind::HappyPath, ""),
    ("W2", "W3", FlowKind::HappyPath, ""),
    ("M2", "W3", FlowKind::Alternative, ""),
    ("W3", "E2", FlowKind::HappyPath, "postcode covered"),
    ("W3", "P2", FlowKind::Failure, "not covered"),
    ("E2", "A4", FlowKind::HappyPath, ""),
    ("A4", "W4", FlowKind::HappyPath, ""),
    ("A4", "M3", FlowKind::Alternative, "in the app"),
    ("W4", "W5", FlowKind::HappyPath, ""),
    ("W5", "W4", FlowKind::Loop, "keeps shopping"),
    ("W5", "A5", FlowKind::HappyPath, "basket done"),
    ("M3", "A5", FlowKind::Alternative, ""),
    ("A5", "W6", FlowKind::HappyPath, ""),
    ("W6", "W7", FlowKind::HappyPath, ""),
    ("W6", "M4", FlowKind::Alternative, "pays in the app"),
    ("W6", "P4", FlowKind::Failure, "no slot left"),
    ("W7", "E3", FlowKind::HappyPath, ""),
    ("W7", "P5", FlowKind::Failure, "card declined"),
    ("P5", "W7", FlowKind::Loop, "retries payment"),
    ("M4", "E3", FlowKind::Alternative, ""),
    ("E3", "A6", FlowKind::HappyPath, ""),
    ("A6", "M5", FlowKind::HappyPath, ""),
    ("M5", "E4", FlowKind::HappyPath, ""),
    ("E4", "A7", FlowKind::HappyPath, ""),
    ("A7", "A8", FlowKind::HappyPath, ""),
    ("A7", "W8", FlowKind::Alternative, "missing items"),
    ("W8", "E5", FlowKind::Alternative, ""),
    ("E5", "A9", FlowKind::Alternative, ""),
    ("A8", "M6", FlowKind::HappyPath, ""),
    ("M6", "A9", FlowKind::HappyPath, ""),
];

/// Personas: (name, description, emotion per stage).
const PERSONAS: [(&str, &str, [i8; 6]); 2] = [
    (
        "Maya, busy parent",
        "Two kids, full-time job; shops on her phone in the evening.",
        [-1, 0, 1, -1, 1, 2],
    ),
    (
        "George, first-time online shopper",
        "Retired; shops on a laptop and prefers the phone for help.",
        [0, -2, -1, -2, 1, 1],
    ),
];

/// A new project's starting point: one journey with the usual stages and lanes and no cards yet.
pub fn starter(name: &str) -> Project {
    const STARTER_STAGES: [&str; 5] = ["Aware", "Consider", "Buy", "Use", "Advocate"];
    const STARTER_LANES: [(&str, LaneKind); 5] = [
        ("Customer actions", LaneKind::Actions),
        ("Touchpoints", LaneKind::Touchpoints),
        ("Emotions", LaneKind::Emotions),
        ("Pain points", LaneKind::PainPoints),
        ("Opportunities", LaneKind::Opportunities),
    ];
    let journey = JourneyId::new();
    let name = if name.trim().is_empty() {
        "Journey"
    } else {
        name
    };
    let stages: Vec<StageId> = STARTER_STAGES.iter().map(|_| StageId::new()).collect();
    let lanes: Vec<LaneId> = STARTER_LANES.iter().map(|_| LaneId::new()).collect();
    let commands = skeleton(
        journey,
        name,
        &stages,
        &STARTER_STAGES,
        &lanes,
        &STARTER_LANES,
    );
    build(commands)
}

/// A card's fields in the lane `(name, kind)`: of the kind the lane holds, and in a touchpoints lane, of the
/// lane's channel.
pub(crate) fn card_in_lane(title: &str, (lane_name, lane_kind): (&str, LaneKind)) -> CardFields {
    let mut fields = CardFields::titled(title, lane_kind.default_card_kind());
    if lane_kind == LaneKind::Touchpoints {
        fields.channel = Some(lane_name.into());
    }
    fields
}

/// The commands that create a journey with its stages and lanes, under the given ids.
pub(crate) fn skeleton(
    journey: JourneyId,
    name: &str,
    stages: &[StageId],
    stage_names: &[&str],
    lanes: &[LaneId],
    lane_kinds: &[(&str, LaneKind)],
) -> Vec<Command> {
    let mut commands = vec![Command::AddJourney {
        journey,
        name: name.into(),
        index: 0,
    }];
    for (index, (&stage, name)) in stages.iter().zip(stage_names).enumerate() {
        commands.push(Command::AddStage {
            journey,
            stage,
            name: (*name).into(),
            index,
        });
    }
    for (index, (&lane, &(name, kind))) in lanes.iter().zip(lane_kinds).enumerate() {
        commands.push(Command::AddLane {
            journey,
            lane,
            name: name.into(),
            kind,
            index,
        });
    }
    commands
}

fn build(commands: Vec<Command>) -> Project {
    let mut project = Project::new();
    project
        .apply(&Command::Batch {
            label: "new project".into(),
            commands,
        })
        .expect("built-in projects are valid");
    project
}

/// The name of the sample journey.
pub const JOURNEY_NAME: &str = "Ordering groceries online";

/// Builds the sample project with fresh ids.
pub fn grocery() -> Project {
    let journey = JourneyId::new();
    let stages: Vec<StageId> = STAGES.iter().map(|_| StageId::new()).collect();
    let lanes: Vec<LaneId> = LANES.iter().map(|_| LaneId::new()).collect();
    let cards: Vec<(&str, CardId)> = CARDS.iter().map(|c| (c.0, CardId::new())).collect();
    let card = |key: &str| {
        cards
            .iter()
            .find(|c| c.0 == key)
            .map(|c| c.1)
            .expect("flow names a sample card")
    };

    let mut commands = skeleton(journey, JOURNEY_NAME, &stages, &STAGES, &lanes, &LANES);
    let personas: Vec<PersonaId> = PERSONAS.iter().map(|_| PersonaId::new()).collect();
    for (&persona, (name, description, _)) in personas.iter().zip(PERSONAS) {
        commands.push(Command::AddPersona {
            persona,
            name: name.into(),
            description: description.into(),
            index: None,
        });
    }
    for (&(key, stage, lane, title, description, owner), &(_, id)) in CARDS.iter().zip(&cards) {
        let mut fields = card_in_lane(title, LANES[lane]);
        fields.description = description.into();
        fields.owner = (!owner.is_empty()).then(|| owner.into());
        fields.tags = match key.as_bytes()[0] {
            b'P' => vec!["pain".into()],
            b'O' => vec!["idea".into()],
            _ => Vec::new(),
        };
        commands.push(Command::AddCard {
            journey,
            card: id,
            stage: stages[stage],
            lane: lanes[lane],
            index: None,
            fields,
        });
    }
    for &(from, to, kind, label) in FLOWS {
        commands.push(Command::Connect {
            journey,
            flow: FlowId::new(),
            from: card(from),
            to: card(to),
            kind,
            label: (!label.is_empty()).then(|| label.into()),
        });
    }
    for (&persona, (_, _, curve)) in personas.iter().zip(PERSONAS) {
        for (&stage, value) in stages.iter().zip(curve) {
            commands.push(Command::SetEmotion {
                journey,
                persona,
                stage,
                value: Some(value),
            });
        }
    }

    let mut project = Project::new();
    project
        .apply(&Command::Batch {
            label: "sample".into(),
            commands,
        })
        .expect("the sample project is valid");
    project
}
