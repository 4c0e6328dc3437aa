//! Flow routes as a reader sees them, measured (`routes::measure`) on the sample and on generated maps of 300 and
//! 1,000 cards: no two flows on one line, no label on a card or another label, few labels on other flows, and no
//! more bends than the one-bend-in-each-band route has. The measures themselves are checked on hand-made layouts.

use waymark_core::layout::{CardBox, FlowRoute, Layout, LayoutMemo, Point, Rect};
use waymark_core::routes::label_boxes;
use waymark_core::routes::measure::{RouteMeasures, measure};
use waymark_core::*;

fn measured(project: &Project) -> RouteMeasures {
    let journey = &project.journeys()[0];
    let personas: Vec<PersonaId> = project.personas().iter().map(|p| p.id).collect();
    let layout = journey.layout(&Theme::default(), &personas);
    measure(&layout, &label_boxes(&layout))
}

/// A map of `cards` cards over a grid of stages and lanes, and `flows` flows mostly to the next stage, some two
/// ahead, some back, every fourth labelled — from a fixed seed (a linear congruential generator, so the map is
/// the same on every run).
fn generated(stages: usize, lanes: usize, cards: usize, flows: usize) -> Project {
    let mut seed: u64 = 0x5eed;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n
    };
    let Grid {
        journey,
        stages: stage_ids,
        lanes: lane_ids,
        mut commands,
    } = Grid::new(stages, lanes);
    let mut by_stage: Vec<Vec<CardId>> = vec![Vec::new(); stages];
    for i in 0..cards {
        let (s, l) = (i % stages, next(lanes));
        let card = CardId::new();
        by_stage[s].push(card);
        commands.push(Command::AddCard {
            journey,
            card,
            stage: stage_ids[s],
            lane: lane_ids[l],
            index: None,
            fields: CardFields::titled(format!("Card {i}"), CardKind::Touchpoint),
        });
    }
    let mut pairs = std::collections::HashSet::new();
    while pairs.len() < flows {
        let s = next(stages - 1);
        let (to, kind) = match next(10) {
            0 if s > 0 => (s - 1, FlowKind::Loop),
            1 | 2 => ((s + 2).min(stages - 1), FlowKind::Alternative),
            _ => (s + 1, FlowKind::HappyPath),
        };
        let from = by_stage[s][next(by_stage[s].len())];
        let to = by_stage[to][next(by_stage[to].len())];
        if from != to && pairs.insert((from, to)) {
            let label = (pairs.len() % 4 == 0).then(|| format!("label {}", pairs.len()));
            commands.push(Command::Connect {
                journey,
                flow: FlowId::new(),
                from,
                to,
                kind,
                label,
            });
        }
    }
    made_of(commands)
}

/// A journey of empty stages and lanes, as the commands that make it.
struct Grid {
    journey: JourneyId,
    stages: Vec<StageId>,
    lanes: Vec<LaneId>,
    commands: Vec<Command>,
}

impl Grid {
    fn new(stages: usize, lanes: usize) -> Grid {
        let journey = JourneyId::new();
        let mut commands = vec![Command::AddJourney {
            journey,
            name: "Generated".into(),
            index: 0,
        }];
        let stages: Vec<StageId> = (0..stages).map(|_| StageId::new()).collect();
        let lanes: Vec<LaneId> = (0..lanes).map(|_| LaneId::new()).collect();
        for (index, &stage) in stages.iter().enumerate() {
            let name = format!("Stage {index}");
            commands.push(Command::AddStage {
                journey,
                stage,
                name,
                index,
            });
        }
        for (index, &lane) in lanes.iter().enumerate() {
            let (name, kind) = (format!("Lane {index}"), LaneKind::Touchpoints);
            commands.push(Command::AddLane {
                journey,
                lane,
                name,
                kind,
                index,
            });
        }
        Grid {
            journey,
            stages,
            lanes,
            commands,
        }
    }

    /// A touchpoint card in each (stage, lane) cell given, by index; their ids in that order.
    fn add_cards(&mut self, cells: &[(usize, usize)]) -> Vec<CardId> {
        let cards: Vec<CardId> = cells.iter().map(|_| CardId::new()).collect();
        for (&card, &(s, l)) in cards.iter().zip(cells) {
            self.commands.push(Command::AddCard {
                journey: self.journey,
                card,
                stage: self.stages[s],
                lane: self.lanes[l],
                index: None,
                fields: CardFields::titled("Card", CardKind::Touchpoint),
            });
        }
        cards
    }

    /// An alternative flow between two cards.
    fn connect(&mut self, from: CardId, to: CardId, label: Option<&str>) {
        self.commands.push(Command::Connect {
            journey: self.journey,
            flow: FlowId::new(),
            from,
            to,
            kind: FlowKind::Alternative,
            label: label.map(str::to_owned),
        });
    }
}

/// A project made by `commands`, as one batch.
fn made_of(commands: Vec<Command>) -> Project {
    let mut project = Project::new();
    project
        .apply(&Command::Batch {
            label: "make".into(),
            commands,
        })
        .unwrap();
    project
}

/// What every map must meet: flows side by side, never on one line; labels clear of cards and of each other and
/// all but a tenth of them of other flows; at most four bends a flow (out, along a band, in), and a mean no higher.
fn assert_readable(m: &RouteMeasures, labels: usize, what: &str) {
    assert!(
        m.overlap_length <= 20.0 * m.flows as f64,
        "{what}: {:.0} px of flows on one line ({:.1} a flow): {m:?}",
        m.overlap_length,
        m.overlap_length / m.flows as f64
    );
    assert_eq!(
        (m.labels_on_cards, m.labels_on_labels),
        (0, 0),
        "{what}: {m:?}"
    );
    assert!(
        m.labels_on_flows * 10 <= labels,
        "{what}: over a tenth of the labels on other flows: {m:?}"
    );
    assert!(m.max_bends <= 4 && m.bends <= 4 * m.flows, "{what}: {m:?}");
}

#[test]
fn the_sample_has_no_two_flows_on_one_line_and_its_labels_clear_of_cards_and_each_other() {
    let m = measured(&sample::grocery());
    assert_eq!(m.flows, 36);
    assert!(m.overlap_length < 20.0, "{m:?}");
    assert_eq!(
        m.labels_on_flows, 0,
        "none of the 13 labels on other flows: {m:?}"
    );
    // 35 when each card's ports were handed out before the tracks were known, 20 with every flow on one line.
    assert!(m.crossings + m.hidden_crossings <= 30, "{m:?}");
    assert_readable(&m, 13, "the sample");
}

/// A labelled straight arrow between neighbours in one row, across the gap between the first two stages, and
/// `others` flows from the first stage, in the rows below, up that gap to a card above in stage `target` (1: the
/// second, entering it from that gap; 2: the third, leaving the gap along the band above the arrow).
fn arrow_across_a_busy_gap(others: usize, target: usize) -> Layout {
    let mut grid = Grid::new(3, 2 + others);
    // (stage, lane) of: the card above, the arrow's two ends, the cards below on the left.
    let cells: Vec<(usize, usize)> = [(target, 0), (0, 1), (1, 1)]
        .into_iter()
        .chain((0..others).map(|k| (0, 2 + k)))
        .collect();
    let cards = grid.add_cards(&cells);
    grid.connect(cards[1], cards[2], Some("installs the app"));
    for &below in &cards[3..] {
        grid.connect(below, cards[0], None);
    }
    made_of(grid.commands).journeys()[0].layout(&Theme::default(), &[])
}

/// The route of the map's one labelled flow, a straight arrow between neighbours in one row.
fn labelled_arrow(layout: &Layout) -> &[Point] {
    let arrow = &layout
        .flows
        .iter()
        .find(|f| f.label.is_some())
        .unwrap()
        .points;
    assert_eq!(
        arrow.len(),
        2,
        "neighbours in one row get a straight arrow: {arrow:?}"
    );
    arrow
}

/// The arrow's label sits on the arrow, before the flows that run down the gap it crosses and at least the
/// labels' clearance (3 px) from them; no label covers a card, a label or a flow, and no route cuts a card.
fn assert_label_clear_of_the_gap(layout: &Layout, others: usize) {
    let labels = label_boxes(layout);
    let arrow = labelled_arrow(layout);
    let label = labels[0].1;
    assert!(
        (label.center_y() - arrow[0].y).abs() < 1e-9,
        "the label sits on its arrow: {label:?}, arrow {arrow:?}"
    );
    for flow in &layout.flows {
        for w in flow.points.windows(2) {
            let (x0, x1, y0, y1) = (
                w[0].x.min(w[1].x),
                w[0].x.max(w[1].x),
                w[0].y.min(w[1].y),
                w[0].y.max(w[1].y),
            );
            for card in &layout.cards {
                let r = card.rect;
                let cuts = x1 > r.x && x0 < r.right() && y1 > r.y && y0 < r.bottom();
                assert!(!cuts, "{:?} cuts the card at {r:?}", flow.points);
            }
        }
    }
    let tracks: Vec<f64> = layout
        .flows
        .iter()
        .filter(|f| f.label.is_none())
        .flat_map(|f| f.points.windows(2))
        .filter(|w| {
            let (lo, hi) = (w[0].y.min(w[1].y), w[0].y.max(w[1].y));
            w[0].x == w[1].x
                && w[0].x > arrow[0].x
                && w[0].x < arrow[1].x
                && lo < arrow[0].y
                && arrow[0].y < hi
        })
        .map(|w| w[0].x)
        .collect();
    assert_eq!(
        tracks.len(),
        others,
        "every other flow runs down the gap past the arrow"
    );
    let nearest = tracks.iter().copied().fold(f64::INFINITY, f64::min);
    assert!(
        label.right() + 3.0 <= nearest,
        "the label ({label:?}) ends 3 px or more before the first track ({nearest})"
    );
    let m = measure(layout, &labels);
    assert_eq!(
        (m.labels_on_cards, m.labels_on_labels, m.labels_on_flows),
        (0, 0, 0),
        "{m:?}"
    );
}

/// One flow down the gap, into the arrow's right-hand stage or on past it: the gap is widened on the arrow's near
/// side to hold the label (centred over the gap, on its arrow or in the row band beside it, it would cross that
/// flow).
#[test]
fn a_label_on_a_straight_arrow_stays_clear_of_a_flow_down_the_gap_it_crosses() {
    for target in [1, 2] {
        assert_label_clear_of_the_gap(&arrow_across_a_busy_gap(1, target), 1);
    }
}

/// Thirty flows down the gap, all leaving cards before it: their tracks spread only as far as the gap's narrower
/// side, so those widened for the label do not run into the cards beyond the gap.
#[test]
fn tracks_in_a_gap_widened_for_a_label_stay_clear_of_the_cards_beyond_it() {
    assert_label_clear_of_the_gap(&arrow_across_a_busy_gap(30, 2), 30);
}

/// A stage's gaps between card columns are one band: a labelled arrow across one of them is not widened for a
/// flow that runs down another (one card a column, so a cell's three cards stand in a row).
#[test]
fn a_flow_down_another_column_gap_leaves_the_arrows_gap_as_it_is() {
    let mut grid = Grid::new(2, 3);
    // (stage, lane) of: the arrow's ends and a third card in the row, two cards below, one above in the next stage.
    let cells = [(0, 1), (0, 1), (0, 1), (0, 2), (0, 2), (1, 0)];
    let cards = grid.add_cards(&cells);
    grid.connect(cards[0], cards[1], Some("installs the app"));
    // From the second card below, out into the gap after the second column, up past the arrow's row.
    grid.connect(cards[4], cards[5], None);
    let theme = Theme {
        max_stack: 1,
        ..Theme::default()
    };
    let layout = made_of(grid.commands).journeys()[0].layout(&theme, &[]);
    let arrow = labelled_arrow(&layout);
    let other = &layout
        .flows
        .iter()
        .find(|f| f.label.is_none())
        .unwrap()
        .points;
    let rect = |card: CardId| layout.cards.iter().find(|c| c.id == card).unwrap().rect;
    let (second, third) = (rect(cards[1]), rect(cards[2]));
    assert!(
        other.windows(2).any(|w| w[0].x == w[1].x
            && w[0].x > second.right()
            && w[0].x < third.x
            && w[0].y.min(w[1].y) < arrow[0].y),
        "the other flow runs down the next column gap, past the arrow's row: {other:?}"
    );
    assert!(
        arrow[1].x - arrow[0].x < 100.0,
        "the arrow's gap is not widened for its label: {arrow:?}"
    );
}

#[test]
fn a_300_card_map_keeps_its_flows_apart() {
    let project = generated(6, 5, 300, 400);
    let labels = project.journeys()[0]
        .flows_by_id()
        .iter()
        .filter(|f| f.label.is_some())
        .count();
    assert_readable(&measured(&project), labels, "300 cards");
}

#[test]
fn a_1000_card_map_keeps_its_flows_apart() {
    let project = generated(12, 10, 1_000, 1_500);
    let labels = project.journeys()[0]
        .flows_by_id()
        .iter()
        .filter(|f| f.label.is_some())
        .count();
    assert_readable(&measured(&project), labels, "1,000 cards");
}

/// Tracks cost room, but a busy map stays a size one can zoom out of: the 1,000-card map's area at most twenty
/// times its cards' (with every flow on one line it was about 2.5 times; with every track 8 px apart, 58 times).
#[test]
fn a_1000_card_map_stays_a_size_one_can_zoom_out_of() {
    let project = generated(12, 10, 1_000, 1_500);
    let layout = project.journeys()[0].layout(&Theme::default(), &[]);
    let cards: f64 = layout
        .cards
        .iter()
        .map(|c| c.rect.width * c.rect.height)
        .sum();
    let area = layout.width * layout.height;
    assert!(
        area <= 20.0 * cards,
        "{:.0} × {:.0} px is {:.1} times its cards' area",
        layout.width,
        layout.height,
        area / cards
    );
}

/// The measures, on layouts drawn by hand: two flows on one line for 50 px, one crossing, bends, a label on a card.
#[test]
fn the_measures_count_what_a_reader_sees() {
    let p = |x: f64, y: f64| Point { x, y };
    let flow = |points: Vec<Point>| FlowRoute {
        id: FlowId::new(),
        points,
        label: None,
    };
    let layout = Layout {
        width: 400.0,
        height: 400.0,
        stages: vec![],
        lanes: vec![],
        cards: vec![CardBox {
            id: CardId::new(),
            rect: Rect {
                x: 300.0,
                y: 300.0,
                width: 50.0,
                height: 50.0,
            },
        }],
        flows: vec![
            // Along y = 100 from 0 to 200, then down.
            flow(vec![p(0.0, 100.0), p(200.0, 100.0), p(200.0, 300.0)]),
            // Along y = 100 from 150 to 250 (50 px on the first), then down through the first's... no: down at 250.
            flow(vec![p(150.0, 100.0), p(250.0, 100.0), p(250.0, 300.0)]),
            // Across both verticals at y = 200.
            flow(vec![p(100.0, 200.0), p(300.0, 200.0)]),
        ],
        emotion_curves: vec![],
        emotion_band: None,
    };
    let on_card = (
        layout.flows[2].id,
        Rect {
            x: 290.0,
            y: 290.0,
            width: 40.0,
            height: 18.0,
        },
    );
    let m = measure(&layout, &[on_card]);
    assert_eq!(m.flows, 3);
    assert!((m.overlap_length - 50.0).abs() < 1e-9, "{m:?}");
    assert_eq!(m.crossings, 2, "the third crosses both verticals");
    assert_eq!((m.bends, m.max_bends), (2, 1));
    assert_eq!(
        (m.labels_on_cards, m.labels_on_labels, m.labels_on_flows),
        (1, 0, 0)
    );
}

/// Two flows on one line for a stretch cross inside it when they leave it on swapped sides (one comes from above
/// and goes below, the other the other way), and do not when each leaves on the side it came from.
#[test]
fn a_crossing_hidden_in_a_shared_stretch_is_counted() {
    let p = |x: f64, y: f64| Point { x, y };
    let layout = |flows: Vec<Vec<Point>>| Layout {
        width: 300.0,
        height: 300.0,
        stages: vec![],
        lanes: vec![],
        cards: vec![],
        flows: flows
            .into_iter()
            .map(|points| FlowRoute {
                id: FlowId::new(),
                points,
                label: None,
            })
            .collect(),
        emotion_curves: vec![],
        emotion_band: None,
    };
    // Both run along y = 100 from x = 100 to 200.
    let down = vec![
        p(100.0, 0.0),
        p(100.0, 100.0),
        p(200.0, 100.0),
        p(200.0, 200.0),
    ];
    let up = vec![
        p(100.0, 200.0),
        p(100.0, 100.0),
        p(200.0, 100.0),
        p(200.0, 0.0),
    ];
    let back_up = vec![
        p(100.0, 0.0),
        p(100.0, 100.0),
        p(200.0, 100.0),
        p(200.0, 0.0),
    ];
    let back_down = vec![
        p(100.0, 200.0),
        p(100.0, 100.0),
        p(200.0, 100.0),
        p(200.0, 200.0),
    ];
    let swapped = measure(&layout(vec![down, up]), &[]);
    assert_eq!(
        (swapped.crossings, swapped.hidden_crossings),
        (0, 1),
        "{swapped:?}"
    );
    assert!((swapped.overlap_length - 100.0).abs() < 1e-9);
    let kept = measure(&layout(vec![back_up, back_down]), &[]);
    assert_eq!((kept.crossings, kept.hidden_crossings), (0, 0), "{kept:?}");
}

/// A labelled flow between neighbours that leaves its card at a port of its own (the card has another flow), so
/// its route steps in the gap between them: the label goes in a band beside the cards, not on them.
#[test]
fn a_stepped_arrow_between_neighbours_keeps_its_label_off_the_cards() {
    let journey = JourneyId::new();
    let (s0, s1, l0, l1) = (StageId::new(), StageId::new(), LaneId::new(), LaneId::new());
    let (a, b, c) = (CardId::new(), CardId::new(), CardId::new());
    let card = |card, stage, lane, title: &str| Command::AddCard {
        journey,
        card,
        stage,
        lane,
        index: None,
        fields: CardFields::titled(title, CardKind::Touchpoint),
    };
    let connect = |from, to, label: Option<&str>| Command::Connect {
        journey,
        flow: FlowId::new(),
        from,
        to,
        kind: FlowKind::HappyPath,
        label: label.map(str::to_owned),
    };
    let mut commands = vec![Command::AddJourney {
        journey,
        name: "J".into(),
        index: 0,
    }];
    for (index, stage) in [s0, s1].into_iter().enumerate() {
        commands.push(Command::AddStage {
            journey,
            stage,
            name: format!("S{index}"),
            index,
        });
    }
    for (index, lane) in [l0, l1].into_iter().enumerate() {
        let kind = LaneKind::Touchpoints;
        commands.push(Command::AddLane {
            journey,
            lane,
            name: format!("L{index}"),
            kind,
            index,
        });
    }
    commands.extend([
        card(a, s0, l0, "A"),
        card(b, s1, l0, "B"),
        card(c, s1, l1, "C"),
        connect(a, b, Some("pays by card")),
        connect(a, c, None),
    ]);
    let mut project = Project::new();
    project
        .apply(&Command::Batch {
            label: "build".into(),
            commands,
        })
        .unwrap();
    let layout = project.journeys()[0].layout(&Theme::default(), &[]);
    let labelled = layout.flows.iter().find(|f| f.label.is_some()).unwrap();
    assert_eq!(
        labelled.points.len(),
        4,
        "a step between the ports: {:?}",
        labelled.points
    );
    let label = labelled.label.unwrap();
    for card in &layout.cards {
        assert!(
            !card.rect.overlaps(&label),
            "label {label:?} on card {:?}",
            card.rect
        );
    }
}

/// A layout made from what an earlier one left (its spacing, its stretches' tracks) is the layout made from
/// nothing: after each of a run of moves (a card a stage right, then one back), from what the last state's layout
/// left and from what the first state's left, on the sample, every template and maps of 300 and 1,000 cards.
#[test]
fn a_layout_from_what_an_earlier_one_left_is_the_layout() {
    let mut projects = vec![
        sample::grocery(),
        generated(6, 5, 300, 400),
        generated(12, 10, 1_000, 1_500),
    ];
    for template in templates::builtin() {
        let mut project = Project::new();
        let journey = JourneyId::new();
        project
            .apply(&template.add_command(&project, journey, template.name(), 0))
            .unwrap();
        projects.push(project);
    }
    let theme = Theme::default();
    for mut project in projects {
        let personas: Vec<PersonaId> = project.personas().iter().map(|p| p.id).collect();
        let journey = project.journeys()[0].id();
        let mut first = LayoutMemo::default();
        project.journeys()[0].layout_remembering(&theme, &personas, &mut first);
        let mut last = first.clone();
        let moves: Vec<Command> = {
            let j = &project.journeys()[0];
            let stages: Vec<StageId> = j.stages().iter().map(|s| s.id).collect();
            let cards: Vec<_> = j.cards_in_order().map(|c| (c.id, c.cell)).collect();
            let step = (cards.len() / 12).max(1);
            cards
                .iter()
                .step_by(step)
                .enumerate()
                .map(|(k, &(card, cell))| {
                    let at = stages.iter().position(|&s| s == cell.stage).unwrap();
                    let to = if k % 2 == 0 {
                        (at + 1) % stages.len()
                    } else {
                        at.saturating_sub(1)
                    };
                    Command::MoveCard {
                        journey,
                        card,
                        stage: stages[to],
                        lane: cell.lane,
                        index: None,
                    }
                })
                .collect()
        };
        for (k, command) in moves.iter().enumerate() {
            project.apply(command).unwrap();
            let j = project.journey(journey).unwrap();
            let expected = j.layout(&theme, &personas);
            let from_last = j.layout_remembering(&theme, &personas, &mut last);
            let from_first = j.layout_remembering(&theme, &personas, &mut first.clone());
            let what = format!("{}, move {k}", j.name());
            assert!(from_last == expected, "{what}: from the last layout");
            assert!(from_first == expected, "{what}: from the first layout");
        }
    }
}

/// An emotions lane is taller than its one row of cards needs: on the theme's gaps the line below a card in it lies
/// above the lane's lower edge, on wide enough gaps the two are one line. A layout made from what an earlier one
/// left is still the layout: cards in the emotions lane, flows into them from above and below, and busy bands at
/// the lane's edges (flows along them into the next lane's cards).
#[test]
fn a_layout_from_what_an_earlier_one_left_is_the_layout_with_cards_in_an_emotions_lane() {
    for flows in [4, 8, 12, 16] {
        let mut grid = Grid::new(8, 4);
        for command in &mut grid.commands {
            if let Command::AddLane { kind, index: 1, .. } = command {
                *kind = LaneKind::Emotions;
            }
        }
        let feeling = grid.add_cards(&[(3, 1), (4, 1)]);
        let above = grid.add_cards(&vec![(0, 0); flows]);
        let below = grid.add_cards(&vec![(0, 3); flows]);
        let next_lane = grid.add_cards(&(1..8).map(|s| (s, 2)).collect::<Vec<_>>());
        for k in 0..flows {
            grid.connect(above[k], feeling[k % 2], None);
            grid.connect(below[k], feeling[k % 2], None);
            grid.connect(above[k], next_lane[k % next_lane.len()], None);
        }
        let project = made_of(grid.commands);
        let journey = &project.journeys()[0];
        let theme = Theme::default();
        let expected = journey.layout(&theme, &[]);
        let mut memo = LayoutMemo::default();
        journey.layout_remembering(&theme, &[], &mut memo);
        assert!(
            journey.layout_remembering(&theme, &[], &mut memo) == expected,
            "{flows} flows each way"
        );
    }
}
