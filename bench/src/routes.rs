//! `waymark-bench routes`: issue 16's measures of flow routes — crossings between flows (seen, and hidden where
//! two flows share a stretch of line and part on swapped sides), the length where two flows
//! run on top of each other, bends per flow and overlapping labels — on the sample and on generated maps of 300
//! and 1,000 cards and issue 17's 5,000 (every fourth flow labelled), with the layout's time (median of 15). Prints a Markdown section
//! for RESULTS.md.

use crate::{generate, generate_grid, quantile};
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::time::{Duration, Instant};
use waymark_core::routes::label_boxes;
use waymark_core::routes::measure::measure;
use waymark_core::*;

const RUNS: usize = 15;

/// Labels every fourth flow, with texts of 5 to 24 characters.
fn labelled(mut project: Project) -> Project {
    let j = &project.journeys()[0];
    let commands: Vec<Command> = j
        .flows_by_id()
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 4 == 0)
        .map(|(i, f)| Command::UpdateFlow {
            journey: j.id(),
            flow: f.id,
            kind: f.kind,
            label: Some("label text here, longer".chars().take(5 + i % 20).collect()),
        })
        .collect();
    project
        .apply(&Command::Batch {
            label: "labels".into(),
            commands,
        })
        .unwrap();
    project
}

pub fn run() {
    let maps = [
        ("sample (41 cards)", sample::grocery()),
        (
            "300 cards, 400 flows",
            labelled(generate_grid(
                &mut StdRng::seed_from_u64(5),
                6,
                &[LaneKind::Touchpoints; 5],
                300,
                400,
            )),
        ),
        (
            "1,000 cards, 1,500 flows",
            labelled(generate(&mut StdRng::seed_from_u64(7), 1_000, 1_500)),
        ),
        (
            "5,000 cards, 7,500 flows",
            labelled(generate(&mut StdRng::seed_from_u64(17), 5_000, 7_500)),
        ),
    ];
    println!(
        "| map | flows | crossings seen / hidden in shared stretches | overlap length (px) | bends per flow (mean / max) | labels | labels on cards / labels / other flows | map (px) | layout (median) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (name, project) in maps {
        let journey = &project.journeys()[0];
        let personas: Vec<PersonaId> = project.personas().iter().map(|p| p.id).collect();
        let theme = Theme::default();
        let times: Vec<Duration> = (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(journey.layout(&theme, &personas));
                start.elapsed()
            })
            .collect();
        let layout = journey.layout(&theme, &personas);
        let labels = label_boxes(&layout);
        let m = measure(&layout, &labels);
        println!(
            "| {name} | {} | {} / {} | {:.0} | {:.2} / {} | {} | {} / {} / {} | {:.0} × {:.0} | {:.1} ms |",
            m.flows,
            m.crossings,
            m.hidden_crossings,
            m.overlap_length,
            m.bends as f64 / m.flows.max(1) as f64,
            m.max_bends,
            labels.len(),
            m.labels_on_cards,
            m.labels_on_labels,
            m.labels_on_flows,
            layout.width,
            layout.height,
            quantile(&times, 0.5).as_secs_f64() * 1000.0,
        );
    }
}
