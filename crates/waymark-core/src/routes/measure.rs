//! How readable a layout's flows are, as numbers: crossings between flows (in sight, and hidden where two flows
//! share a stretch and part on swapped sides), the length where two flows run on top of each other, bends per
//! flow, and labels overlapping cards, other labels or another flow's line. The bench and the route tests read
//! them; they do not depend on how the routes were made.

use super::Buckets;
use crate::ids::FlowId;
use crate::layout::{Layout, Point, Rect};
use serde::Serialize;
use std::collections::HashMap;

/// Two coordinates closer than this are the same line.
const SAME: f64 = 0.5;

/// The figures of one layout's flows.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RouteMeasures {
    pub flows: usize,
    /// Pairs of segments of two different flows that cross (a vertical through a horizontal, inside both).
    pub crossings: usize,
    /// Pairs of segments of two different flows that run on top of each other and leave the shared stretch on
    /// swapped sides: they cross inside it, where the eye cannot follow (libavoid counts these as crossings on a
    /// shared path). A stretch that turns a corner with both flows on it is judged piece by piece, so a crossing
    /// hidden across the corner is missed: a lower bound.
    pub hidden_crossings: usize,
    /// Length (px) where a segment lies on a segment of another flow, summed over pairs.
    pub overlap_length: f64,
    /// Corners, over all flows.
    pub bends: usize,
    /// The most corners one flow has.
    pub max_bends: usize,
    /// Labels overlapping a card, another label, or a line of another flow (each label counted once per kind).
    pub labels_on_cards: usize,
    pub labels_on_labels: usize,
    pub labels_on_flows: usize,
}

/// One straight piece of a flow's route.
#[derive(Clone, Copy, Debug)]
struct Segment {
    flow: usize,
    /// Index of its first point in the route.
    index: usize,
    vertical: bool,
    /// The coordinate it runs along (x for a vertical, y for a horizontal).
    at: f64,
    from: f64,
    to: f64,
}

fn segments(points: &[Point], flow: usize) -> impl Iterator<Item = Segment> + '_ {
    points.windows(2).enumerate().filter_map(move |(index, w)| {
        let (a, b) = (w[0], w[1]);
        if (a.x - b.x).abs() < 1e-9 && (a.y - b.y).abs() > 1e-9 {
            Some(Segment {
                flow,
                index,
                vertical: true,
                at: a.x,
                from: a.y.min(b.y),
                to: a.y.max(b.y),
            })
        } else if (a.y - b.y).abs() < 1e-9 && (a.x - b.x).abs() > 1e-9 {
            Some(Segment {
                flow,
                index,
                vertical: false,
                at: a.y,
                from: a.x.min(b.x),
                to: a.x.max(b.x),
            })
        } else {
            None
        }
    })
}

fn bounds(s: &Segment) -> Rect {
    if s.vertical {
        Rect {
            x: s.at,
            y: s.from,
            width: 0.0,
            height: s.to - s.from,
        }
    } else {
        Rect {
            x: s.from,
            y: s.at,
            width: s.to - s.from,
            height: 0.0,
        }
    }
}

/// Whether a segment passes through the inside of `r`.
fn cuts(s: &Segment, r: &Rect) -> bool {
    let (lo, hi, across_lo, across_hi) = if s.vertical {
        (r.y, r.bottom(), r.x, r.right())
    } else {
        (r.x, r.right(), r.y, r.bottom())
    };
    s.at > across_lo && s.at < across_hi && s.from < hi && s.to > lo
}

/// Which side of its line the route of `s` goes to beyond `along` (a position on the line): −1 or +1, or 0 where
/// it runs on along the line there or ends at a card.
fn side_beyond(points: &[Point], s: &Segment, along: f64) -> i8 {
    let on_line = |p: Point| if s.vertical { p.y } else { p.x };
    let across = |p: Point| if s.vertical { p.x } else { p.y };
    let (first, second) = (points[s.index], points[s.index + 1]);
    let beyond = if (on_line(first) - along).abs() < SAME {
        s.index.checked_sub(1).map(|k| points[k])
    } else if (on_line(second) - along).abs() < SAME {
        points.get(s.index + 2).copied()
    } else {
        None
    };
    match beyond.map(|p| across(p) - s.at) {
        Some(d) if d > SAME => 1,
        Some(d) if d < -SAME => -1,
        _ => 0,
    }
}

/// Whether two segments on one line, overlapping, leave their shared stretch on swapped sides.
fn crosses_hidden(layout: &Layout, a: &Segment, b: &Segment) -> bool {
    let (lo, hi) = (a.from.max(b.from), a.to.min(b.to));
    let order = |along: f64| {
        side_beyond(&layout.flows[a.flow].points, a, along)
            - side_beyond(&layout.flows[b.flow].points, b, along)
    };
    order(lo) * order(hi) < 0
}

/// Measures `layout`'s flows; `labels` are the flows' label boxes.
pub fn measure(layout: &Layout, labels: &[(FlowId, Rect)]) -> RouteMeasures {
    let all: Vec<Segment> = layout
        .flows
        .iter()
        .enumerate()
        .flat_map(|(i, f)| segments(&f.points, i))
        .collect();
    let area = super::extent(
        layout.flows.iter().flat_map(|f| f.points.iter()).copied(),
        &layout.cards.iter().map(|c| c.rect).collect::<Vec<_>>(),
    );
    let mut grid = Buckets::new(256.0, 256.0, &area);
    for (i, s) in all.iter().enumerate() {
        grid.insert(&bounds(s), i);
    }
    let (mut crossings, mut hidden_crossings, mut overlap_length) = (0, 0, 0.0);
    for (i, a) in all.iter().enumerate() {
        for j in grid.near(&bounds(a)).into_iter().filter(|&j| j > i) {
            let b = &all[j];
            if a.flow == b.flow {
                continue;
            }
            if a.vertical == b.vertical {
                let shared = a.to.min(b.to) - a.from.max(b.from);
                if (a.at - b.at).abs() < SAME && shared > 0.0 {
                    overlap_length += shared;
                    if shared > SAME && crosses_hidden(layout, a, b) {
                        hidden_crossings += 1;
                    }
                }
            } else {
                let (v, h) = if a.vertical { (a, b) } else { (b, a) };
                let inside = |x: f64, lo: f64, hi: f64| x > lo + SAME && x < hi - SAME;
                if inside(v.at, h.from, h.to) && inside(h.at, v.from, v.to) {
                    crossings += 1;
                }
            }
        }
    }
    let bends: Vec<usize> = layout
        .flows
        .iter()
        .map(|f| f.points.len().saturating_sub(2))
        .collect();
    let index: HashMap<FlowId, usize> = layout
        .flows
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id, i))
        .collect();
    let mut cards = Buckets::new(256.0, 256.0, &area);
    for (i, c) in layout.cards.iter().enumerate() {
        cards.insert(&c.rect, i);
    }
    let count = |hit: &dyn Fn(usize, &FlowId, &Rect) -> bool| {
        labels
            .iter()
            .enumerate()
            .filter(|(k, (flow, r))| hit(*k, flow, r))
            .count()
    };
    let labels_on_cards = count(&|_, _, r| {
        cards
            .near(r)
            .iter()
            .any(|&c| layout.cards[c].rect.overlaps(r))
    });
    let labels_on_labels = count(&|k, _, r| {
        labels
            .iter()
            .enumerate()
            .any(|(m, (_, other))| m != k && other.overlaps(r))
    });
    let labels_on_flows = count(&|_, flow, r| {
        let own = index.get(flow).copied();
        grid.near(r)
            .iter()
            .any(|&s| Some(all[s].flow) != own && cuts(&all[s], r))
    });
    RouteMeasures {
        flows: layout.flows.len(),
        crossings,
        hidden_crossings,
        overlap_length,
        bends: bends.iter().sum(),
        max_bends: bends.iter().copied().max().unwrap_or(0),
        labels_on_cards,
        labels_on_labels,
        labels_on_flows,
    }
}
