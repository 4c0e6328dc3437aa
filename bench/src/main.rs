//! `cargo run --release -p waymark-bench [-- --quick]`: measures the foundation on a generated project of 5,000
//! cards and 10,000 flows (issue 2's targets) and prints a Markdown section for bench/RESULTS.md.
//!
//! `waymark-bench generate OUT CARDS FLOWS` writes such a generated project (for the app benchmarks);
//! `waymark-bench app FILE` measures the real desktop app on it (see `app.rs`); `waymark-bench export` measures
//! `waymark export` against Mermaid (see `export.rs`); `waymark-bench feedback [ROWS]` measures `waymark import`
//! against sqlite3 and pandas (see `feedback.rs`); `waymark-bench merge` measures `waymark diff` and `waymark merge`
//! of two copies edited apart (see `merge.rs`); `waymark-bench open [ROWS…]` measures opening a project with ROWS
//! imported responses (see `open.rs`); `waymark-bench scores [ROWS]` measures scores, segments and comments at ROWS
//! responses after an open (see `scores.rs`).
//!
//! - apply-and-persist: one command applied and committed to the file (fsync included), median and p95;
//! - open: `Store::open` of the file (header checks, quick_check, load, validation), median of 15;
//! - check: `Journey::check` with default limits, median of 15;
//! - 100,000 commands in a row: time per 10,000, first block against last.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::path::Path;
use std::time::{Duration, Instant};
use waymark_core::*;
use waymark_store::Store;

mod app;
mod edit;
mod export;
mod feedback;
mod merge;
mod open;
mod process;
mod routes;
mod scores;

const CARDS: usize = 5_000;
const FLOWS: usize = 10_000;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("generate") => {
            let number = |i: usize| {
                args.get(i)
                    .and_then(|a| a.parse().ok())
                    .expect("generate OUT CARDS FLOWS")
            };
            let project = generate(&mut StdRng::seed_from_u64(3), number(3), number(4));
            Store::create(Path::new(&args[2]), &project, "bench").unwrap();
        }
        Some("app") => app::run(Path::new(&args[2])),
        Some("edit") => {
            let number =
                |i: usize, default| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
            edit::run(number(2, 1_000), number(3, 1_500))
        }
        Some("export") => export::run(),
        Some("merge") => merge::run(args.get(2).map(Path::new)),
        Some("routes") => routes::run(),
        Some("open") => open::run(&counts(&args[2..], 1_000_000)),
        Some("scores") => scores::run(counts(&args[2..], 10_000_000)[0]),
        Some("feedback") => feedback::run(
            args.get(2)
                .and_then(|n| n.parse().ok())
                .unwrap_or(1_000_000),
        ),
        _ => foundation(args.iter().any(|a| a == "--quick")),
    }
}

fn foundation(quick: bool) {
    let run_length = if quick { 10_000 } else { 100_000 };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.waymark");
    let mut rng = StdRng::seed_from_u64(2);

    let started = Instant::now();
    let project = generate(&mut rng, CARDS, FLOWS);
    Store::create(&path, &project, "bench").unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    eprintln!(
        "generated and saved in {:.1?} ({} KiB)",
        started.elapsed(),
        size / 1024
    );

    let opens = measure(15, || drop(Store::open(&path, "bench").unwrap()));
    let journey = &project.journeys()[0];
    let findings = journey.check(PathLimits::default());
    let checks = measure(15, || drop(journey.check(PathLimits::default())));

    let mut store = Store::open(&path, "bench").unwrap();
    let mut applies = Vec::with_capacity(2_000);
    for _ in 0..2_000 {
        let command = random_command(store.project(), &mut rng);
        let t = Instant::now();
        store.apply(&command).unwrap();
        applies.push(t.elapsed());
    }

    // Only `apply` is timed; building the random commands is not.
    let mut blocks = Vec::new();
    let mut block = Duration::ZERO;
    for i in 1..=run_length {
        let command = random_command(store.project(), &mut rng);
        let t = Instant::now();
        store.apply(&command).unwrap();
        block += t.elapsed();
        if i % 10_000 == 0 {
            blocks.push(std::mem::take(&mut block));
        }
    }
    let final_cards = store.project().journeys()[0].card_count();
    // The History panel's first page, and one deep in the history, on the file the run left.
    let newest = store.history(1).unwrap()[0].seq;
    let history_first = measure(15, || drop(store.history_page(None, 100).unwrap()));
    let history_deep = measure(15, || {
        drop(store.history_page(Some(newest / 2), 100).unwrap())
    });
    drop(store);
    let reopen = measure(5, || drop(Store::open(&path, "bench").unwrap()));
    let final_size = std::fs::metadata(&path).unwrap().len();

    report(&Report {
        opens,
        checks,
        applies,
        blocks,
        findings,
        size,
        final_size,
        final_cards,
        reopen,
        run_length,
        history: (newest, history_first, history_deep),
        path: &path,
    });
}

struct Report<'a> {
    opens: Vec<Duration>,
    checks: Vec<Duration>,
    applies: Vec<Duration>,
    blocks: Vec<Duration>,
    findings: Findings,
    size: u64,
    final_size: u64,
    final_cards: usize,
    reopen: Vec<Duration>,
    run_length: usize,
    /// The newest history entry, and the times to read the first page and one half-way down.
    history: (i64, Vec<Duration>, Vec<Duration>),
    path: &'a Path,
}

fn report(r: &Report) {
    let ms = |d: Duration| d.as_secs_f64() * 1_000.0;
    let first = r.blocks.first().copied().unwrap_or_default();
    let last = r.blocks.last().copied().unwrap_or_default();
    println!("| measure | result | target |");
    println!("|---|---|---|");
    println!(
        "| apply-and-persist one command (2,000 mixed edits) | median {:.3} ms, p95 {:.3} ms | ≤ 1 ms median |",
        ms(quantile(&r.applies, 0.5)),
        ms(quantile(&r.applies, 0.95))
    );
    println!(
        "| open the {CARDS}-card, {FLOWS}-flow project ({} KiB) | median {:.1} ms (min {:.1}, max {:.1}) | ≤ 150 ms |",
        r.size / 1024,
        ms(quantile(&r.opens, 0.5)),
        ms(quantile(&r.opens, 0.0)),
        ms(quantile(&r.opens, 1.0))
    );
    println!(
        "| `check` (paths: {}{}) | median {:.1} ms (min {:.1}, max {:.1}) | ≤ 100 ms |",
        r.findings.paths.count,
        if r.findings.paths.truncated {
            "+, stopped at its limit"
        } else {
            ""
        },
        ms(quantile(&r.checks, 0.5)),
        ms(quantile(&r.checks, 0.0)),
        ms(quantile(&r.checks, 1.0))
    );
    println!(
        "| {} commands in a row | first 10,000: {:.2} s ({:.3} ms each); last 10,000: {:.2} s ({:.3} ms each); ratio last/first {:.2} | no slow-down |",
        r.run_length,
        first.as_secs_f64(),
        ms(first) / 10_000.0,
        last.as_secs_f64(),
        ms(last) / 10_000.0,
        last.as_secs_f64() / first.as_secs_f64()
    );
    println!(
        "| after the run | {} cards, file {} KiB, reopen median {:.1} ms | |",
        r.final_cards,
        r.final_size / 1024,
        ms(quantile(&r.reopen, 0.5))
    );
    let (entries, first_page, deep_page) = &r.history;
    println!(
        "| a page of 100 history entries of {entries} (the History panel's first page; one half-way down) | median {:.2} ms; {:.2} ms | ≤ 200 ms to open the panel |",
        ms(quantile(first_page, 0.5)),
        ms(quantile(deep_page, 0.5))
    );
    eprintln!("file was {}", r.path.display());
}

fn measure(times: usize, mut work: impl FnMut()) -> Vec<Duration> {
    (0..times)
        .map(|_| {
            let t = Instant::now();
            work();
            t.elapsed()
        })
        .collect()
}

/// Counts given on the command line, or `default` alone.
fn counts(args: &[String], default: usize) -> Vec<usize> {
    let given: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    if given.is_empty() {
        vec![default]
    } else {
        given
    }
}

fn quantile(samples: &[Duration], q: f64) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

/// A journey of `cards` cards on a grid of about 10 cards per cell (at least 10 stages), and `flows` flows that
/// mostly go forward a stage or two, with some alternatives, failures and loops back.
/// A project of about ten cards per cell, on a grid a little wider than high, lanes of every kind.
fn generate(rng: &mut StdRng, cards: usize, flows: usize) -> Project {
    let cells = (cards / 10).max(100);
    let stages_count = (cells as f64 * 1.25).sqrt().round() as usize;
    let lanes_count = cells.div_ceil(stages_count);
    let kinds: Vec<LaneKind> = (0..lanes_count)
        .map(|i| LaneKind::ALL[i % LaneKind::ALL.len()])
        .collect();
    generate_grid(rng, stages_count, &kinds, cards, flows)
}

/// One journey of `stages` stages and a lane per entry of `lane_kinds`; cards spread over the stages in turn and
/// over lanes at random; flows mostly to the next stage, some alternatives, failures and loops.
fn generate_grid(
    rng: &mut StdRng,
    stages_count: usize,
    lane_kinds: &[LaneKind],
    cards: usize,
    flows: usize,
) -> Project {
    let lanes_count = lane_kinds.len();
    let journey = JourneyId::new();
    let mut commands = vec![Command::AddJourney {
        journey,
        name: "Generated".into(),
        index: 0,
    }];
    let stages: Vec<StageId> = (0..stages_count).map(|_| StageId::new()).collect();
    let lanes: Vec<LaneId> = (0..lanes_count).map(|_| LaneId::new()).collect();
    for (index, &stage) in stages.iter().enumerate() {
        commands.push(Command::AddStage {
            journey,
            stage,
            name: format!("Stage {index}"),
            index,
        });
    }
    for (index, (&lane, &kind)) in lanes.iter().zip(lane_kinds).enumerate() {
        commands.push(Command::AddLane {
            journey,
            lane,
            name: format!("Lane {index}"),
            kind,
            index,
        });
    }
    let mut by_stage: Vec<Vec<CardId>> = vec![Vec::new(); stages_count];
    for i in 0..cards {
        let (s, l) = (i % stages_count, rng.random_range(0..lanes_count));
        let card = CardId::new();
        by_stage[s].push(card);
        let mut fields = CardFields::titled(format!("Card {i}"), CardKind::Touchpoint);
        fields.description = "A generated card with a sentence of description.".into();
        commands.push(Command::AddCard {
            journey,
            card,
            stage: stages[s],
            lane: lanes[l],
            index: None,
            fields,
        });
    }
    let mut pairs = std::collections::HashSet::new();
    while pairs.len() < flows {
        let s = rng.random_range(0..stages_count - 1);
        let (to_stage, kind) = match rng.random_range(0..20) {
            0 if s > 0 => (s - 1, FlowKind::Loop),
            1 => (s, FlowKind::Failure),
            2..=5 => ((s + 2).min(stages_count - 1), FlowKind::Alternative),
            _ => (s + 1, FlowKind::HappyPath),
        };
        let from = by_stage[s][rng.random_range(0..by_stage[s].len())];
        let to = by_stage[to_stage][rng.random_range(0..by_stage[to_stage].len())];
        if from != to && pairs.insert((from, to)) {
            commands.push(Command::Connect {
                journey,
                flow: FlowId::new(),
                from,
                to,
                kind,
                label: None,
            });
        }
    }
    let mut project = Project::new();
    project
        .apply(&Command::Batch {
            label: "generate".into(),
            commands,
        })
        .unwrap();
    project
}

/// A realistic mix of edits that keeps the document about the same size: add, retitle, move, connect, disconnect
/// and delete cards (deleting takes the card's flows along).
fn random_command(project: &Project, rng: &mut StdRng) -> Command {
    let j = &project.journeys()[0];
    let journey = j.id();
    let stage = j.stages()[rng.random_range(0..j.stages().len())].id;
    let lane = j.lanes()[rng.random_range(0..j.lanes().len())].id;
    let card = random_card(j, rng);
    match rng.random_range(0..10) {
        0 | 1 => Command::AddCard {
            journey,
            card: CardId::new(),
            stage,
            lane,
            index: None,
            fields: CardFields::titled("Added in the benchmark", CardKind::Action),
        },
        3 | 4 => {
            let mut fields = j.card(card).unwrap().fields.clone();
            fields.title = format!("Retitled {}", rng.random_range(0..1_000));
            Command::UpdateCard {
                journey,
                card,
                fields,
            }
        }
        5 | 6 => Command::MoveCard {
            journey,
            card,
            stage,
            lane,
            index: Some(0),
        },
        7 => {
            let other = random_card(j, rng);
            if other == card || j.flow_between(card, other).is_some() {
                return Command::UpdateCard {
                    journey,
                    card,
                    fields: j.card(card).unwrap().fields.clone(),
                };
            }
            Command::Connect {
                journey,
                flow: FlowId::new(),
                from: card,
                to: other,
                kind: FlowKind::Alternative,
                label: None,
            }
        }
        8 => match j.flows_by_id().first() {
            Some(flow) => Command::Disconnect {
                journey,
                flow: flow.id,
            },
            None => Command::DeleteCard { journey, card },
        },
        _ => Command::DeleteCard { journey, card },
    }
}

fn random_card(j: &Journey, rng: &mut StdRng) -> CardId {
    let stage = &j.stages()[rng.random_range(0..j.stages().len())];
    let cards: Vec<CardId> = j
        .lanes()
        .iter()
        .flat_map(|l| {
            j.cell_cards(Cell {
                stage: stage.id,
                lane: l.id,
            })
            .iter()
            .copied()
        })
        .collect();
    if cards.is_empty() {
        j.cards_in_order().next().unwrap().id
    } else {
        cards[rng.random_range(0..cards.len())]
    }
}
