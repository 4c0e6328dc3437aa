//! Builds commands from random seeds against the current project, for property tests. A seed may well describe
//! an invalid command (a stage that was just deleted, a duplicate flow): tests check those are refused cleanly.

use waymark_core::*;

/// The raw material of one random command.
pub type Seed = (u8, u32, u32, u32, String);

fn pick<T: Copy>(items: &[T], n: u32) -> Option<T> {
    (!items.is_empty()).then(|| items[n as usize % items.len()])
}

/// Turns a seed into a command for `project`'s first journey (or, now and then, for its list of journeys).
pub fn command_from_seed(project: &Project, seed: &Seed) -> Command {
    let Some(j) = project.journeys().first() else {
        return Command::AddJourney {
            journey: JourneyId::new(),
            name: "again".into(),
            index: 0,
        };
    };
    let (op, a, b, c, _) = seed;
    let numbers = (*a, *b, *c);
    let picked = Picked::new(project, j, seed);
    match op % 21 {
        op @ 0..=8 => card_or_flow_command(op, numbers, picked),
        op @ 9..=14 => stage_or_lane_command(op, numbers, picked),
        19 => journey_command(project, numbers, picked),
        20 => comment_command(j, numbers, picked),
        op => other_command(op, numbers, picked),
    }
}

/// Op 20: comments — added (a reply now and then), edited, resolved or reopened, deleted.
fn comment_command(j: &Journey, (a, b, c): Numbers, picked: Picked) -> Command {
    let all: Vec<CommentId> = j.comments().map(|c| c.id).collect();
    let roots: Vec<CommentId> = j
        .comments()
        .filter(|c| c.reply_to.is_none())
        .map(|c| c.id)
        .collect();
    let journey = picked.journey;
    let comment = pick(&all, b).unwrap_or_default();
    match a % 5 {
        0 | 1 => Command::AddComment {
            journey,
            comment: Comment {
                id: CommentId::new(),
                card: picked.card,
                reply_to: (b % 2 == 0).then(|| pick(&roots, c)).flatten(),
                author: "tester".into(),
                at_ms: i64::from(c),
                text: picked.name,
                edited_ms: None,
                resolved: false,
            },
        },
        2 => Command::EditComment {
            journey,
            comment,
            text: picked.name,
            edited_ms: Some(i64::from(c)),
        },
        3 => Command::ResolveComment {
            journey,
            comment,
            resolved: c % 2 == 0,
        },
        _ => Command::DeleteComment { journey, comment },
    }
}

/// Op 19: copying the first journey (the copy goes right after it) or moving any journey.
fn journey_command(project: &Project, (a, b, c): Numbers, picked: Picked) -> Command {
    let journeys: Vec<JourneyId> = project.journeys().iter().map(|j| j.id()).collect();
    if c % 3 == 0 {
        return project
            .copy_journey_command(picked.journey, JourneyId::new(), &picked.name)
            .expect("the first journey exists");
    }
    Command::MoveJourney {
        journey: pick(&journeys, a).unwrap_or_default(),
        // Now and then one past the end, which is refused.
        index: b as usize % (journeys.len() + 1),
    }
}

/// The seed's numbers.
type Numbers = (u32, u32, u32);

/// What a seed picks in a journey (a default id where there is nothing to pick), and its text as a name.
struct Picked {
    journey: JourneyId,
    stages: Vec<StageId>,
    lanes: Vec<LaneId>,
    personas: Vec<PersonaId>,
    name: String,
    stage: StageId,
    lane: LaneId,
    card: CardId,
    other: CardId,
    flow: FlowId,
    /// An index from 0 to 3.
    small: usize,
}

impl Picked {
    fn new(project: &Project, j: &Journey, (_, a, b, c, text): &Seed) -> Picked {
        let stages: Vec<StageId> = j.stages().iter().map(|s| s.id).collect();
        let lanes: Vec<LaneId> = j.lanes().iter().map(|l| l.id).collect();
        let cards: Vec<CardId> = j.cards_in_order().map(|c| c.id).collect();
        let flows: Vec<FlowId> = j.flows_by_id().iter().map(|f| f.id).collect();
        let personas: Vec<PersonaId> = project.personas().iter().map(|p| p.id).collect();
        let name = if text.trim().is_empty() {
            "x".to_owned()
        } else {
            text.clone()
        };
        Picked {
            journey: j.id(),
            stage: pick(&stages, *a).unwrap_or_default(),
            lane: pick(&lanes, *b).unwrap_or_default(),
            card: pick(&cards, *a).unwrap_or_default(),
            other: pick(&cards, *b).unwrap_or_default(),
            flow: pick(&flows, *c).unwrap_or_default(),
            small: (*c % 4) as usize,
            stages,
            lanes,
            personas,
            name,
        }
    }
}

/// Ops 0 to 8: adding, changing, moving and deleting cards; connecting, disconnecting and changing flows.
fn card_or_flow_command(op: u8, (a, b, c): Numbers, picked: Picked) -> Command {
    let Picked {
        journey,
        stages,
        lanes,
        name,
        stage,
        lane,
        card,
        other,
        flow,
        small,
        ..
    } = picked;
    match op {
        0 | 1 => Command::AddCard {
            journey,
            card: CardId::new(),
            stage,
            lane,
            index: (c % 2 == 0).then_some(small),
            fields: CardFields::titled(name, CardKind::ALL[c as usize % CardKind::ALL.len()]),
        },
        2 => Command::UpdateCard {
            journey,
            card,
            fields: CardFields {
                title: name,
                description: format!("{b}"),
                kind: CardKind::Note,
                channel: Some("web".into()),
                owner: None,
                tags: vec!["t".into()],
            },
        },
        3 => Command::MoveCard {
            journey,
            card,
            stage: pick(&stages, b).unwrap_or_default(),
            lane: pick(&lanes, c).unwrap_or_default(),
            index: (a % 2 == 0).then_some(small),
        },
        4 => Command::DeleteCard { journey, card },
        5 | 6 => Command::Connect {
            journey,
            flow: FlowId::new(),
            from: card,
            to: other,
            kind: FlowKind::ALL[c as usize % FlowKind::ALL.len()],
            label: (c % 3 == 0).then(|| name.clone()),
        },
        7 => Command::Disconnect { journey, flow },
        8 => Command::UpdateFlow {
            journey,
            flow,
            kind: FlowKind::Loop,
            label: Some(name),
        },
        _ => unreachable!("card and flow commands are ops 0 to 8"),
    }
}

/// Ops 9 to 14: adding, renaming, moving and deleting stages; adding and deleting lanes.
fn stage_or_lane_command(op: u8, (a, b, c): Numbers, picked: Picked) -> Command {
    let Picked {
        journey,
        stages,
        lanes,
        name,
        stage,
        lane,
        small,
        ..
    } = picked;
    match op {
        9 => Command::AddStage {
            journey,
            stage: StageId::new(),
            name,
            index: small.min(stages.len()),
        },
        10 => Command::RenameStage {
            journey,
            stage,
            name,
        },
        11 => Command::MoveStage {
            journey,
            stage,
            index: b as usize % stages.len().max(1),
        },
        12 => Command::DeleteStage {
            journey,
            stage,
            cards: if c % 2 == 0 {
                Orphans::Delete
            } else {
                Orphans::MoveTo {
                    target: pick(&stages, b).unwrap_or_default(),
                }
            },
        },
        13 => Command::AddLane {
            journey,
            lane: LaneId::new(),
            name,
            kind: LaneKind::ALL[c as usize % LaneKind::ALL.len()],
            index: small.min(lanes.len()),
        },
        14 => Command::DeleteLane {
            journey,
            lane,
            cards: if c % 2 == 0 {
                Orphans::Delete
            } else {
                Orphans::MoveTo {
                    target: pick(&lanes, a).unwrap_or_default(),
                }
            },
        },
        _ => unreachable!("stage and lane commands are ops 9 to 14"),
    }
}

/// Ops 15 to 18: emotions; deleting the journey, adding and deleting personas, moving lanes; voting and dots;
/// and a batch that adds one card and deletes another.
fn other_command(op: u8, (a, b, c): Numbers, picked: Picked) -> Command {
    let Picked {
        journey,
        lanes,
        personas,
        name,
        stage,
        lane,
        card,
        ..
    } = picked;
    match op {
        15 => Command::SetEmotion {
            journey,
            persona: pick(&personas, b).unwrap_or_default(),
            stage,
            value: (c % 5 != 0).then_some((c % 7) as i8 - 3),
        },
        17 if c % 2 == 0 => Command::SetVoting {
            journey,
            voting: (b % 3 != 0).then_some(Voting {
                dots_per_person: b % 5,
                open: a % 2 == 0,
            }),
        },
        17 => Command::SetDots {
            journey,
            card,
            dots: b % 4,
        },
        16 if c % 11 == 0 => Command::DeleteJourney { journey },
        16 => match c % 4 {
            0 => Command::AddPersona {
                persona: PersonaId::new(),
                name,
                description: String::new(),
                index: None,
            },
            1 => Command::DeletePersona {
                persona: pick(&personas, a).unwrap_or_default(),
            },
            2 => Command::LinkPersona {
                persona: pick(&personas, a).unwrap_or_default(),
                segment: (b % 3 != 0).then(|| SegmentLink {
                    column: ["Plan", "Region"][b as usize % 2].into(),
                    value: format!("value {}", c % 5),
                }),
            },
            _ => Command::MoveLane {
                journey,
                lane,
                index: a as usize % lanes.len().max(1),
            },
        },
        _ => Command::Batch {
            label: "pair".into(),
            commands: vec![
                Command::AddCard {
                    journey,
                    card: CardId::new(),
                    stage,
                    lane,
                    index: None,
                    fields: CardFields::titled(name, CardKind::Action),
                },
                Command::DeleteCard { journey, card },
            ],
        },
    }
}
