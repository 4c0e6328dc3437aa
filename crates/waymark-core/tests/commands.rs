mod support;

use proptest::prelude::*;
use support::{Seed, command_from_seed};
use waymark_core::*;

fn seed() -> impl Strategy<Value = Seed> {
    (
        any::<u8>(),
        any::<u32>(),
        any::<u32>(),
        any::<u32>(),
        "[a-zé ]{0,8}",
    )
}

fn journey(p: &Project) -> &Journey {
    &p.journeys()[0]
}

fn card_titled(p: &Project, title: &str) -> CardId {
    journey(p)
        .cards_in_order()
        .find(|c| c.fields.title == title)
        .expect("card exists")
        .id
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any sequence of commands, undone in reverse order, gives back the start; redone, gives back the end.
    /// Refused commands leave the project exactly as it was.
    #[test]
    fn undo_and_redo_restore_documents(seeds in prop::collection::vec(seed(), 1..40)) {
        let start = sample::grocery();
        let mut project = start.clone();
        let mut done: Vec<(Command, Command)> = Vec::new();
        for seed in &seeds {
            let command = command_from_seed(&project, seed);
            let before = project.clone();
            match project.apply(&command) {
                Ok(applied) => done.push((command, applied.inverse)),
                Err(_) => prop_assert_eq!(&project, &before),
            }
        }
        let end = project.clone();
        for (_, inverse) in done.iter().rev() {
            project.apply(inverse).expect("inverse applies");
        }
        prop_assert_eq!(&project, &start);
        for (command, _) in &done {
            project.apply(command).expect("redo applies");
        }
        prop_assert_eq!(&project, &end);
    }

    /// From any document, `commands_to_become` reaches any other exactly, as one batch whose inverse comes back;
    /// here two documents that went different ways from the sample.
    #[test]
    fn any_document_becomes_any_other(
        ours in prop::collection::vec(seed(), 0..30),
        theirs in prop::collection::vec(seed(), 0..30),
    ) {
        let edited = |seeds: &[Seed]| {
            let mut project = sample::grocery();
            for seed in seeds {
                let _ = project.apply(&command_from_seed(&project, seed));
            }
            project
        };
        let (mut project, target) = (edited(&ours), edited(&theirs));
        let before = project.clone();
        let batch = Command::Batch {
            label: "restore".into(),
            commands: project.commands_to_become(&target.to_data()),
        };
        let applied = project.apply(&batch).expect("the batch applies");
        prop_assert_eq!(project.to_data(), target.to_data());
        project.apply(&applied.inverse).expect("its inverse applies");
        prop_assert_eq!(project.to_data(), before.to_data());
        prop_assert!(before.commands_to_become(&before.to_data()).is_empty(), "nothing to do for the same");
    }

    /// Data round trip and command JSON round trip.
    #[test]
    fn data_and_commands_round_trip(seeds in prop::collection::vec(seed(), 1..20)) {
        let mut project = sample::grocery();
        for seed in &seeds {
            let command = command_from_seed(&project, seed);
            let json = serde_json::to_string(&command).unwrap();
            prop_assert_eq!(&serde_json::from_str::<Command>(&json).unwrap(), &command);
            let _ = project.apply(&command);
        }
        let data = project.to_data();
        let rebuilt = Project::from_data(&data).expect("valid data rebuilds");
        prop_assert_eq!(&rebuilt, &project);
        let json = serde_json::to_string(&data).unwrap();
        prop_assert_eq!(serde_json::from_str::<ProjectData>(&json).unwrap(), data);
    }

    /// Cards never overlap and flow routes never cross a card, whatever the edits.
    #[test]
    fn layout_keeps_cards_apart_and_routes_clear(seeds in prop::collection::vec(seed(), 1..40)) {
        let mut project = sample::grocery();
        for seed in &seeds {
            let _ = project.apply(&command_from_seed(&project, seed));
        }
        assert_layout_is_clean(&project);
    }
}

fn assert_layout_is_clean(project: &Project) {
    for journey in project.journeys() {
        assert_journey_layout_is_clean(project, journey);
    }
}

fn assert_journey_layout_is_clean(project: &Project, journey: &Journey) {
    let personas: Vec<PersonaId> = project.personas().iter().map(|p| p.id).collect();
    let layout = journey.layout(&Theme::default(), &personas);
    assert_eq!(layout.cards.len(), journey.card_count());
    for (i, a) in layout.cards.iter().enumerate() {
        for b in &layout.cards[i + 1..] {
            assert!(
                !a.rect.overlaps(&b.rect),
                "cards {} and {} overlap",
                a.id,
                b.id
            );
        }
    }
    for flow in &layout.flows {
        for segment in flow.points.windows(2) {
            let (p, q) = (segment[0], segment[1]);
            assert!(
                p.x == q.x || p.y == q.y,
                "flow {} has a diagonal segment",
                flow.id
            );
            // A segment as a thin rectangle; touching a card's edge is fine, entering it is not.
            let seg = layout::Rect {
                x: p.x.min(q.x) + 0.5,
                y: p.y.min(q.y) + 0.5,
                width: ((p.x - q.x).abs() - 1.0).max(0.0),
                height: ((p.y - q.y).abs() - 1.0).max(0.0),
            };
            let seg = layout::Rect {
                width: seg.width.max(0.01),
                height: seg.height.max(0.01),
                ..seg
            };
            for card in &layout.cards {
                assert!(
                    !card.rect.overlaps(&seg),
                    "flow {} cuts through card {}",
                    flow.id,
                    card.id
                );
            }
        }
    }
}

#[test]
fn sample_is_rich_enough_to_demo() {
    let project = sample::grocery();
    let j = journey(&project);
    assert_eq!(project.personas().len(), 2);
    assert_eq!(j.stages().len(), 6);
    assert_eq!(j.lanes().len(), 7);
    assert!(j.card_count() >= 30, "{} cards", j.card_count());
    assert!(j.flow_count() >= 30, "{} flows", j.flow_count());
    let kinds: Vec<CardKind> = j.cards_in_order().map(|c| c.fields.kind).collect();
    assert!(kinds.contains(&CardKind::PainPoint) && kinds.contains(&CardKind::Opportunity));
    let flow_kinds: Vec<FlowKind> = j.flows_by_id().iter().map(|f| f.kind).collect();
    assert!(flow_kinds.contains(&FlowKind::Alternative) && flow_kinds.contains(&FlowKind::Loop));
    for persona in project.personas() {
        assert!(
            j.stages()
                .iter()
                .all(|s| j.emotion(persona.id, s.id).is_some())
        );
    }
    let findings = j.check(PathLimits::default());
    assert_eq!(findings.problem_count(), 0, "{findings:?}");
    assert!(
        findings
            .entries
            .contains(&card_titled(&project, "Realises the fridge is empty"))
    );
    assert!(
        findings
            .exits
            .contains(&card_titled(&project, "Reorders next week"))
    );
    assert_eq!(findings.loops.len(), 2);
    let happy = findings.happy_path.expect("a happy path exists");
    assert_eq!(
        happy.first(),
        Some(&card_titled(&project, "Realises the fridge is empty"))
    );
    assert_eq!(
        happy.last(),
        Some(&card_titled(&project, "Reorders next week"))
    );
    assert!(findings.paths.count > 4 && !findings.paths.truncated);
    assert_layout_is_clean(&project);
}

/// A tiny journey: one stage per card title given, one lane.
fn line(titles: &[&str]) -> (Project, JourneyId, Vec<StageId>, LaneId, Vec<CardId>) {
    let mut p = Project::new();
    let journey = JourneyId::new();
    let lane = LaneId::new();
    let stages: Vec<StageId> = titles.iter().map(|_| StageId::new()).collect();
    let cards: Vec<CardId> = titles.iter().map(|_| CardId::new()).collect();
    p.apply(&Command::AddJourney {
        journey,
        name: "J".into(),
        index: 0,
    })
    .unwrap();
    p.apply(&Command::AddLane {
        journey,
        lane,
        name: "Web".into(),
        kind: LaneKind::Touchpoints,
        index: 0,
    })
    .unwrap();
    for (i, ((&stage, &card), title)) in stages.iter().zip(&cards).zip(titles).enumerate() {
        p.apply(&Command::AddStage {
            journey,
            stage,
            name: format!("S{i}"),
            index: i,
        })
        .unwrap();
        p.apply(&Command::AddCard {
            journey,
            card,
            stage,
            lane,
            index: None,
            fields: CardFields::titled(*title, CardKind::Touchpoint),
        })
        .unwrap();
    }
    (p, journey, stages, lane, cards)
}

fn connect(
    p: &mut Project,
    journey: JourneyId,
    from: CardId,
    to: CardId,
    kind: FlowKind,
) -> FlowId {
    let flow = FlowId::new();
    p.apply(&Command::Connect {
        journey,
        flow,
        from,
        to,
        kind,
        label: None,
    })
    .unwrap();
    flow
}

#[test]
fn invalid_commands_are_refused_and_change_nothing() {
    let (mut p, journey, stages, lane, cards) = line(&["a", "b", "c"]);
    connect(&mut p, journey, cards[0], cards[1], FlowKind::HappyPath);
    let before = p.clone();
    let cases: Vec<(Command, CommandError)> = vec![
        (
            Command::AddCard {
                journey,
                card: CardId::new(),
                stage: StageId::new(),
                lane,
                index: None,
                fields: CardFields::titled("x", CardKind::Note),
            },
            CommandError::UnknownStage(StageId(uuid_of(0))),
        ),
        (
            Command::Connect {
                journey,
                flow: FlowId::new(),
                from: cards[0],
                to: cards[0],
                kind: FlowKind::Loop,
                label: None,
            },
            CommandError::SelfFlow,
        ),
        (
            Command::Connect {
                journey,
                flow: FlowId::new(),
                from: cards[0],
                to: cards[1],
                kind: FlowKind::Loop,
                label: None,
            },
            CommandError::AlreadyConnected,
        ),
        (
            Command::AddCard {
                journey,
                card: cards[2],
                stage: stages[0],
                lane,
                index: None,
                fields: CardFields::titled("dup", CardKind::Note),
            },
            CommandError::IdInUse(cards[2].to_string()),
        ),
        (
            Command::RenameStage {
                journey,
                stage: stages[0],
                name: "   ".into(),
            },
            CommandError::Blank("stage name"),
        ),
        (
            Command::AddCard {
                journey,
                card: CardId::new(),
                stage: stages[0],
                lane,
                index: Some(5),
                fields: CardFields::titled("x", CardKind::Note),
            },
            CommandError::IndexOutOfRange { index: 5, max: 1 },
        ),
        (
            Command::DeleteStage {
                journey,
                stage: stages[0],
                cards: Orphans::MoveTo { target: stages[0] },
            },
            CommandError::MoveToDeleted("stage"),
        ),
    ];
    for (command, expected) in cases {
        let error = p.apply(&command).expect_err("refused");
        if let CommandError::UnknownStage(_) = expected {
            assert!(matches!(error, CommandError::UnknownStage(_)), "{error}");
        } else {
            assert_eq!(error, expected);
        }
        assert_eq!(p, before);
    }
    // A batch whose second step fails leaves nothing of its first step behind.
    let batch = Command::Batch {
        label: "half".into(),
        commands: vec![
            Command::RenameStage {
                journey,
                stage: stages[0],
                name: "Renamed".into(),
            },
            Command::SetEmotion {
                journey,
                persona: PersonaId::new(),
                stage: stages[0],
                value: Some(1),
            },
        ],
    };
    assert!(matches!(
        p.apply(&batch),
        Err(CommandError::InBatch { index: 1, .. })
    ));
    assert_eq!(p, before);
    assert_eq!(journey_of(&p).stages()[0].name, "S0");
}

fn uuid_of(n: u128) -> uuid::Uuid {
    uuid::Uuid::from_u128(n)
}

fn journey_of(p: &Project) -> &Journey {
    journey(p)
}

#[test]
fn deleting_a_stage_deletes_or_moves_its_cards_and_undo_restores_them() {
    let (mut p, journey, stages, lane, cards) = line(&["a", "b", "c"]);
    connect(&mut p, journey, cards[0], cards[1], FlowKind::HappyPath);
    connect(&mut p, journey, cards[1], cards[2], FlowKind::HappyPath);
    let start = p.clone();

    let applied = p
        .apply(&Command::DeleteStage {
            journey,
            stage: stages[1],
            cards: Orphans::Delete,
        })
        .unwrap();
    assert_eq!(journey_of(&p).card_count(), 2);
    assert_eq!(
        journey_of(&p).flow_count(),
        0,
        "flows of the deleted card go too"
    );
    p.apply(&applied.inverse).unwrap();
    assert_eq!(p, start);

    let applied = p
        .apply(&Command::DeleteStage {
            journey,
            stage: stages[1],
            cards: Orphans::MoveTo { target: stages[2] },
        })
        .unwrap();
    let j = journey_of(&p);
    assert_eq!(
        j.cell_cards(Cell {
            stage: stages[2],
            lane
        }),
        &[cards[2], cards[1]]
    );
    assert_eq!(j.flow_count(), 2, "moved cards keep their flows");
    p.apply(&applied.inverse).unwrap();
    assert_eq!(p, start);
}

#[test]
fn checks_find_dead_ends_unreachable_cards_and_unmarked_loops() {
    let (mut p, journey, _, _, cards) = line(&["entry", "middle", "stuck", "island", "end"]);
    let [entry, middle, stuck, island, end] = cards[..] else {
        unreachable!()
    };
    connect(&mut p, journey, entry, middle, FlowKind::HappyPath);
    connect(&mut p, journey, middle, end, FlowKind::HappyPath);
    connect(&mut p, journey, middle, stuck, FlowKind::Alternative);
    connect(&mut p, journey, island, end, FlowKind::HappyPath);
    let findings = journey_of(&p).check(PathLimits::default());
    assert_eq!(findings.entries, vec![entry]);
    assert_eq!(findings.exits, vec![end]);
    assert_eq!(findings.dead_ends, vec![stuck]);
    assert_eq!(findings.unreachable, vec![island]);
    assert!(findings.unmarked_loops.is_empty());
    assert_eq!(findings.paths.count, 1);
    assert_eq!(findings.happy_path, Some(vec![entry, middle, end]));

    // end → middle closes a cycle; not marked as a loop, it is a problem; marked, it is not.
    let back = connect(&mut p, journey, end, middle, FlowKind::Alternative);
    let findings = journey_of(&p).check(PathLimits::default());
    assert_eq!(findings.unmarked_loops.len(), 1);
    p.apply(&Command::UpdateFlow {
        journey,
        flow: back,
        kind: FlowKind::Loop,
        label: None,
    })
    .unwrap();
    let findings = journey_of(&p).check(PathLimits::default());
    assert!(findings.unmarked_loops.is_empty());
    assert_eq!(findings.loops.len(), 1);
}

#[test]
fn path_counting_stops_at_its_limit() {
    let project = sample::grocery();
    let findings = journey(&project).check(PathLimits {
        max_paths: 2,
        max_steps: 1_000_000,
    });
    assert!(findings.paths.truncated);
    assert_eq!(findings.paths.count, 2);
}

#[test]
fn layout_follows_the_document() {
    let (mut p, journey, stages, lane, cards) = line(&["a", "b"]);
    let theme = Theme::default();
    let before = journey_of(&p).layout(&theme, &[]);
    assert_eq!(before.stages.len(), 2);
    assert_eq!(before.flows.len(), 0);
    // Five cards in one cell make the stage two card columns wide (max_stack is 4).
    for i in 0..4 {
        p.apply(&Command::AddCard {
            journey,
            card: CardId::new(),
            stage: stages[0],
            lane,
            index: None,
            fields: CardFields::titled(format!("extra {i}"), CardKind::Note),
        })
        .unwrap();
    }
    connect(&mut p, journey, cards[0], cards[1], FlowKind::HappyPath);
    let after = journey_of(&p).layout(&theme, &[]);
    let width = |l: &Layout| l.stages[0].rect.width;
    assert_eq!(width(&before), theme.card_width + 2.0 * theme.cell_padding);
    assert_eq!(
        width(&after),
        2.0 * theme.card_width + theme.card_gap + 2.0 * theme.cell_padding
    );
    assert_eq!(
        after.lanes[0].rect.height,
        3.0 * theme.card_height + 2.0 * theme.card_gap + 2.0 * theme.cell_padding
    );
    assert_eq!(after.flows.len(), 1);
    assert_eq!(
        after.width,
        theme.lane_header_width + after.stages.iter().map(|s| s.rect.width).sum::<f64>()
    );
    assert_layout_is_clean(&p);
}

#[test]
fn a_persona_links_to_a_segment_value_and_undo_of_its_deletion_brings_the_link_back() {
    let mut p = Project::new();
    let persona = PersonaId::new();
    p.apply(&Command::AddPersona {
        persona,
        name: "Busy parent".into(),
        description: String::new(),
        index: None,
    })
    .unwrap();
    let link = SegmentLink {
        column: "Plan".into(),
        value: "Family".into(),
    };
    let undo_link = p
        .apply(&Command::LinkPersona {
            persona,
            segment: Some(link.clone()),
        })
        .unwrap();
    assert_eq!(p.persona(persona).unwrap().segment.as_ref(), Some(&link));
    // The link survives the trip through plain data.
    let rebuilt = Project::from_data(&p.to_data()).unwrap();
    assert_eq!(
        rebuilt.persona(persona).unwrap().segment.as_ref(),
        Some(&link)
    );
    let undo_delete = p.apply(&Command::DeletePersona { persona }).unwrap();
    assert!(p.persona(persona).is_none());
    p.apply(&undo_delete.inverse).unwrap();
    assert_eq!(p.persona(persona).unwrap().segment.as_ref(), Some(&link));
    p.apply(&undo_link.inverse).unwrap();
    assert_eq!(p.persona(persona).unwrap().segment, None);
    let blank = Command::LinkPersona {
        persona,
        segment: Some(SegmentLink {
            column: " ".into(),
            value: "Family".into(),
        }),
    };
    assert!(p.apply(&blank).is_err(), "a blank column is refused");
}

#[test]
fn comments_thread_on_a_card_undo_and_go_with_their_card() {
    let mut p = sample::grocery();
    let j = journey(&p).id();
    let card = card_titled(&p, "Card payment");
    let comment = |id: CommentId, reply_to: Option<CommentId>, text: &str| Command::AddComment {
        journey: j,
        comment: Comment {
            id,
            card,
            reply_to,
            author: "Ann".into(),
            at_ms: 1,
            text: text.into(),
            edited_ms: None,
            resolved: false,
        },
    };
    let (root, reply, nested) = (CommentId::new(), CommentId::new(), CommentId::new());
    p.apply(&comment(root, None, "Why 3-D Secure here? @Bob"))
        .unwrap();
    p.apply(&comment(reply, Some(root), "The bank asks for it"))
        .unwrap();
    assert!(
        matches!(
            p.apply(&comment(nested, Some(reply), "deeper")),
            Err(CommandError::BadReply)
        ),
        "a thread is one level deep"
    );
    let edit = p
        .apply(&Command::EditComment {
            journey: j,
            comment: reply,
            text: "The bank requires it".into(),
            edited_ms: Some(2),
        })
        .unwrap();
    assert_eq!(
        journey(&p).comment(reply).unwrap().text,
        "The bank requires it"
    );
    p.apply(&edit.inverse).unwrap();
    assert_eq!(
        journey(&p).comment(reply).unwrap().text,
        "The bank asks for it"
    );
    p.apply(&Command::ResolveComment {
        journey: j,
        comment: root,
        resolved: true,
    })
    .unwrap();
    assert!(journey(&p).comment(root).unwrap().resolved);
    // Deleting the card deletes its thread; undo brings card and thread back.
    let before = p.to_data();
    let deleted = p.apply(&Command::DeleteCard { journey: j, card }).unwrap();
    assert_eq!(journey(&p).comments().count(), 0);
    p.apply(&deleted.inverse).unwrap();
    assert_eq!(p.to_data(), before);
    // Deleting a comment takes its replies first; blank text is refused.
    let gone = p
        .apply(&Command::DeleteComment {
            journey: j,
            comment: root,
        })
        .unwrap();
    assert_eq!(journey(&p).comments().count(), 0);
    p.apply(&gone.inverse).unwrap();
    assert_eq!(p.to_data(), before);
    assert!(p.apply(&comment(CommentId::new(), None, "  ")).is_err());
}
