//! Builds commands from random seeds against the current project, for property tests. A seed may well describe
//! an invalid command (a stage that was just deleted, a duplicate flow): tests check those are refused cleanly.

use waymark_core::*;

/// The raw material of one random command.
pub type Seed = (u8, u32, u32, u32, String);

fn pick<T: Copy>(items: &[T], n: u32) -> Option<T> {
    (!items.is_empty()).then(|| items[n as usize % items.len()])
}

/// Turns a seed into a command for `project`'s first journey.
pub fn command_from_seed(project: &Project, (op, a, b, c, text): &Seed) -> Command {
    let Some(j) = project.journeys().first() else {
        return Command::AddJourney {
            journey: JourneyId::new(),
            name: "again".into(),
            index: 0,
        };
    };
    let journey = j.id();
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
    let stage = pick(&stages, *a).unwrap_or_default();
    let lane = pick(&lanes, *b).unwrap_or_default();
    let card = pick(&cards, *a).unwrap_or_default();
    let other = pick(&cards, *b).unwrap_or_default();
    let flow = pick(&flows, *c).unwrap_or_default();
    let small = (*c % 4) as usize;
    match op % 19 {
        0 | 1 => Command::AddCard {
            journey,
            card: CardId::new(),
            stage,
            lane,
            index: (c % 2 == 0).then_some(small),
            fields: CardFields::titled(name, CardKind::ALL[*c as usize % CardKind::ALL.len()]),
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
            stage: pick(&stages, *b).unwrap_or_default(),
            lane: pick(&lanes, *c).unwrap_or_default(),
            index: (a % 2 == 0).then_some(small),
        },
        4 => Command::DeleteCard { journey, card },
        5 | 6 => Command::Connect {
            journey,
            flow: FlowId::new(),
            from: card,
            to: other,
            kind: FlowKind::ALL[*c as usize % FlowKind::ALL.len()],
            label: (c % 3 == 0).then(|| name.clone()),
        },
        7 => Command::Disconnect { journey, flow },
        8 => Command::UpdateFlow {
            journey,
            flow,
            kind: FlowKind::Loop,
            label: Some(name),
        },
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
            index: *b as usize % stages.len().max(1),
        },
        12 => Command::DeleteStage {
            journey,
            stage,
            cards: if c % 2 == 0 {
                Orphans::Delete
            } else {
                Orphans::MoveTo {
                    target: pick(&stages, *b).unwrap_or_default(),
                }
            },
        },
        13 => Command::AddLane {
            journey,
            lane: LaneId::new(),
            name,
            kind: LaneKind::ALL[*c as usize % LaneKind::ALL.len()],
            index: small.min(lanes.len()),
        },
        14 => Command::DeleteLane {
            journey,
            lane,
            cards: if c % 2 == 0 {
                Orphans::Delete
            } else {
                Orphans::MoveTo {
                    target: pick(&lanes, *a).unwrap_or_default(),
                }
            },
        },
        15 => Command::SetEmotion {
            journey,
            persona: pick(&personas, *b).unwrap_or_default(),
            stage,
            value: (c % 5 != 0).then_some((*c % 7) as i8 - 3),
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
        16 => match c % 3 {
            0 => Command::AddPersona {
                persona: PersonaId::new(),
                name,
                description: String::new(),
                index: None,
            },
            1 => Command::DeletePersona {
                persona: pick(&personas, *a).unwrap_or_default(),
            },
            _ => Command::MoveLane {
                journey,
                lane,
                index: *a as usize % lanes.len().max(1),
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
