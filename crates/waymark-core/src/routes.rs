//! Flow routes as a whole: each flow's route is first drawn on the middle line of the card-free bands it runs in
//! (`layout.rs`), then the routes that share a stretch of one band are spread across it, each on a track of its
//! own where it meets another — the "nudging" step of orthogonal connector routers (libavoid, ELK): segments on one
//! line whose extents overlap are ordered by how many of their turns would cross the others' (summed over every
//! pair), and spaced evenly inside the band, clear of the cards: the middle one on the band's middle line, as many
//! on each side as on the wider one (an even number of tracks leaves one place free on the side before, and bands
//! are as wide as that). A busy stretch (more than sixteen segments, on large maps) is spread instead along the
//! line, each segment on the track nearest the middle line, on the side its turns prefer, that no segment it meets
//! holds: one edit then moves the segments near what changed rather than every one ranked after it. Moving a
//! segment sideways moves only the corners it shares with the segments before and after it, so a route keeps its
//! bends. Each card side's ports then go to its flows in the order of their tracks.
//! Labels are then placed where they cover no card, no other label and as few other flows as possible, and where
//! they can, not within a clearance of another flow. Everything is computed once, here, for the canvas and every
//! export.

pub mod measure;

use crate::ids::FlowId;
use crate::layout::{Gutter, Point, Rect};
use rustc_hash::FxHashMap as HashMap;

/// A flow's route before nudging: its corners, and for each segment the band it runs in (none for the stubs that
/// leave and enter cards, which stay put).
pub(crate) struct Route {
    pub points: Vec<Point>,
    pub bands: Vec<Option<Band>>,
}

/// The band a segment runs in, and how far it may move either way from the band's middle line.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Band {
    pub gutter: Gutter,
    pub room: f64,
}

/// Kept between a track and a card's edge.
const CLEARANCE: f64 = 3.0;
/// The widest spacing between two tracks.
const TRACK_SPACING: f64 = 8.0;

/// A label's box: 12 px text in a box 18 px high, about 6.6 px an average character (DejaVu Sans at 12 px), at
/// most 160 px of text (longer labels are cut with "…" by the renderers).
pub fn label_size(text: &str) -> (f64, f64) {
    let chars = text.chars().count() as f64;
    ((chars * 6.6).min(160.0) + 8.0, 18.0)
}

/// Tracks a band makes full room for, [`TRACK_SPACING`] apart (one fewer gap: an even sixteen are a little closer);
/// each further one adds only [`PACKED_SPACING`].
const ROOMY_TRACKS: usize = 16;
/// The room each track past the first [`ROOMY_TRACKS`] adds: a map of thousands of flows stays a size one can zoom
/// out of, its busiest bands' tracks closer together (but never on one line) and still apart when zoomed in.
const PACKED_SPACING: f64 = 2.0;

/// How wide a band must be to hold `tracks` tracks about a centre track, with as many places on each side as the
/// wider side needs (see `by_rank`: an even number takes one more place, which also leaves labels across the band
/// more room clear of other flows): the first fifteen gaps between places 8 px, each further one 2 px. A busy band
/// (over sixteen) gets room for the next power of two of tracks, so that a flow more or less seldom changes its
/// width, which would move every card beyond it (and send the whole map to the window after one edit); a quieter
/// band, as on most hand-made maps, keeps its exact width. A busy stretch spread by `first_fit` keeps this width
/// whatever tracks it takes — most often fewer, its flows then spread over the band; when most prefer one side,
/// more on that side, closer together — so the map's size does not depend on how they were spread.
pub(crate) fn band_width(tracks: usize) -> f64 {
    let tracks = if tracks <= ROOMY_TRACKS {
        tracks
    } else {
        tracks.next_power_of_two()
    };
    // A centre track and as many on each side as on the wider one (see `by_rank`).
    let gaps = 2 * (tracks / 2);
    let roomy = gaps.min(ROOMY_TRACKS - 1);
    2.0 * CLEARANCE + roomy as f64 * TRACK_SPACING + (gaps - roomy) as f64 * PACKED_SPACING
}

/// One interior segment of a route, for nudging.
pub(crate) struct Piece {
    route: usize,
    gutter: Gutter,
    /// Index of its first point in the route.
    index: usize,
    vertical: bool,
    at: f64,
    from: f64,
    to: f64,
    room: f64,
}

impl Piece {
    /// Where the route turns at each end of this segment: (position along the line, side: −1 towards smaller
    /// coordinates, +1 towards larger, 0 when it ends there).
    fn turns(&self, points: &[Point]) -> [(f64, i8); 2] {
        let side = |from: Point, to: Point| -> i8 {
            let d = if self.vertical {
                to.x - from.x
            } else {
                to.y - from.y
            };
            if d > 1e-9 {
                1
            } else if d < -1e-9 {
                -1
            } else {
                0
            }
        };
        let (a, b) = (points[self.index], points[self.index + 1]);
        let along = |p: Point| if self.vertical { p.y } else { p.x };
        let before = if self.index > 0 {
            side(a, points[self.index - 1])
        } else {
            0
        };
        let after = points.get(self.index + 2).map_or(0, |&next| side(b, next));
        [(along(a), before), (along(b), after)]
    }
}

/// For each piece of a stretch (its span along the line and its two turns), how many more of the turns of it and
/// each other piece would cross the other if it took the track on the smaller-coordinate side than if the other
/// did (`a`'s turns towards larger coordinates inside `b`'s span, `b`'s towards smaller inside `a`'s, and a pair of
/// turns towards each other at one point counting as three — they would run on top of each other), added up: the more negative, the more it would rather take a track on the smaller-coordinate side.
/// Ordering by these totals puts first the pieces whose turns cross fewest of the others. Worked out with sorted
/// lists and binary searches instead of pair by pair: a busy gutter's stretch holds hundreds of pieces.
fn preference_totals(spans: &[(f64, f64)], turns: &[[(f64, i8); 2]]) -> Vec<i64> {
    const EDGE: f64 = 1e-6;
    let sorted = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v
    };
    let below = |v: &[f64], x: f64| v.partition_point(|&y| y < x) as i64;
    let at_most = |v: &[f64], x: f64| v.partition_point(|&y| y <= x) as i64;
    // A span too short to hold anything strictly inside it holds nothing.
    let roomy = spans.iter().filter(|(lo, hi)| hi - lo > 2.0 * EDGE);
    let starts = sorted(roomy.clone().map(|s| s.0).collect());
    let ends = sorted(roomy.map(|s| s.1).collect());
    // Spans holding `t` strictly inside: started before it, less those ended before it.
    let holding = |t: f64| below(&starts, t - EDGE) - at_most(&ends, t + EDGE);
    let mut all: Vec<(f64, i8)> = turns.iter().flatten().copied().collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    let at: Vec<f64> = all.iter().map(|t| t.0).collect();
    let mut sides_before = vec![0_i64; all.len() + 1];
    for (k, t) in all.iter().enumerate() {
        sides_before[k + 1] = sides_before[k] + i64::from(t.1);
    }
    let towards = |side: i8| sorted(all.iter().filter(|t| t.1 == side).map(|t| t.0).collect());
    let (up, down) = (towards(1), towards(-1));
    // Turns the other way within half a pixel of `t`.
    let meeting = |t: f64, side: i8| {
        let other = if side > 0 { &down } else { &up };
        below(other, t + 0.5) - at_most(other, t - 0.5)
    };
    spans
        .iter()
        .zip(turns)
        .map(|(&(lo, hi), own)| {
            let mut total = 0;
            for &(t, side) in own {
                total += i64::from(side) * holding(t);
                if side != 0 {
                    let own_meets = own
                        .iter()
                        .filter(|o| o.1 == -side && (o.0 - t).abs() < 0.5)
                        .count() as i64;
                    total += 3 * i64::from(side) * (meeting(t, side) - own_meets);
                }
            }
            // The others' turns strictly inside this span.
            let (first, past) = (at_most(&at, lo + EDGE), below(&at, hi - EDGE));
            if past > first {
                total -= sides_before[past as usize] - sides_before[first as usize];
            }
            total
        })
        .collect()
}

/// The segments of different routes that share a stretch of one line: on one line of one band, extents that
/// overlap (a run of such), two or more.
pub(crate) fn shared_stretches(routes: &[Route]) -> Vec<Vec<Piece>> {
    let mut lines: HashMap<(bool, i64), Vec<Piece>> = HashMap::default();
    for (r, route) in routes.iter().enumerate() {
        for (index, w) in route.points.windows(2).enumerate() {
            let Some(band) = route.bands[index] else {
                continue;
            };
            let (a, b) = (w[0], w[1]);
            let vertical = (a.x - b.x).abs() < 1e-9;
            let (at, from, to) = if vertical {
                (a.x, a.y.min(b.y), a.y.max(b.y))
            } else {
                (a.y, a.x.min(b.x), a.x.max(b.x))
            };
            let key = (vertical, (at * 100.0).round() as i64);
            lines.entry(key).or_default().push(Piece {
                route: r,
                gutter: band.gutter,
                index,
                vertical,
                at,
                from,
                to,
                room: band.room,
            });
        }
    }
    let mut keys: Vec<(bool, i64)> = lines.keys().copied().collect();
    keys.sort_unstable();
    let mut stretches = Vec::new();
    for key in keys {
        let mut pieces = lines.remove(&key).expect("listed");
        pieces.sort_by(|a, b| a.from.total_cmp(&b.from).then(a.route.cmp(&b.route)));
        let mut run: Vec<Piece> = Vec::new();
        let mut reach = f64::NEG_INFINITY;
        for piece in pieces {
            // Pieces that only touch share a stretch too: their turns at the shared point must not overlap.
            if piece.from > reach + 1e-6 {
                if run.len() > 1 {
                    stretches.push(std::mem::take(&mut run));
                }
                run.clear();
                reach = f64::NEG_INFINITY;
            }
            reach = reach.max(piece.to);
            run.push(piece);
        }
        if run.len() > 1 {
            stretches.push(run);
        }
    }
    stretches
}

/// A flow's label, for sizing the bands: its route, its text, and the band a straight arrow crosses (none for
/// other routes).
pub(crate) struct LabelNeed<'a> {
    pub route: usize,
    pub text: &'a str,
    pub crossing: Option<Gutter>,
}

/// How wide a band must be: in all, and on the side before its middle line (towards smaller coordinates).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Width {
    pub whole: f64,
    pub before: f64,
}

/// How wide each band must be: room for the tracks of its most crowded shared stretch, for a label across the band
/// where a labelled flow runs along it, and — where a labelled straight arrow crosses a band that another flow runs
/// down — room on the near side for the label between the card and the tracks (the label on the arrow, clear of
/// the other flow; centred over the gap it would cross it).
/// `stretches`: [`shared_stretches`] of `routes`.
pub(crate) fn widths_needed(
    routes: &[Route],
    stretches: &[Vec<Piece>],
    labels: &[LabelNeed],
) -> HashMap<Gutter, Width> {
    let mut needed: HashMap<Gutter, Width> = HashMap::default();
    let mut need = |gutter: Gutter, width: f64| {
        let w = needed.entry(gutter).or_default();
        w.whole = w.whole.max(width);
    };
    for stretch in stretches {
        need(stretch[0].gutter, band_width(stretch.len()));
    }
    let label_height = label_size("").1;
    let mut labelled = vec![false; routes.len()];
    for label in labels {
        labelled[label.route] = true;
    }
    // The verticals of the gaps labelled arrows cross, by gap: (route, x, top, bottom).
    let mut verticals: HashMap<Gutter, Vec<(usize, f64, f64, f64)>> = labels
        .iter()
        .filter_map(|l| Some((l.crossing?, Vec::new())))
        .collect();
    for (r, route) in routes.iter().enumerate() {
        for (w, band) in route.points.windows(2).zip(&route.bands) {
            let Some(band) = band else { continue };
            if (w[0].y - w[1].y).abs() < 1e-9 {
                if labelled[r] {
                    need(band.gutter, label_height + 2.0 * CLEARANCE);
                }
            } else if let Some(gap) = verticals.get_mut(&band.gutter) {
                let (lo, hi) = (w[0].y.min(w[1].y), w[0].y.max(w[1].y));
                gap.push((r, w[0].x, lo, hi));
            }
        }
    }
    for label in labels {
        let Some(gutter) = label.crossing else {
            continue;
        };
        // Another flow down this gap (a stage's column gaps are one gutter: the one between the arrow's ends).
        let (from, to) = (routes[label.route].points[0], routes[label.route].points[1]);
        let crossed = verticals.get(&gutter).is_some_and(|v| {
            v.iter().any(|&(r, x, lo, hi)| {
                r != label.route && from.x < x && x < to.x && lo < from.y && from.y < hi
            })
        });
        if crossed {
            let w = needed.entry(gutter).or_default();
            // Half the tracks' band (one track: its clearance), the label with its clearance either side, and a
            // step of the places tried along the arrow.
            let tracks = w.whole.max(band_width(1)) / 2.0;
            let side = tracks + label_size(label.text).0 + 2.0 * CLEARANCE + LABEL_STEP_ROOM;
            w.before = w.before.max(side);
        }
    }
    needed
}

/// How many more places a label tries, after one that only comes within a clearance of another flow.
const NEAR_TRIES: usize = 8;

/// Slack for the places a label is tried at along a segment (a fortieth of it apart).
const LABEL_STEP_ROOM: f64 = 8.0;

/// Spreads the routes that share a stretch of one band over tracks, one of its own for each where it meets another
/// (see the module's notes); `stretches`: [`shared_stretches`] of `routes`; `port_slack`: how far a port may move
/// along its card's side afterwards. A stretch whose spreading reads what it read in the last layout `memo` kept
/// takes the tracks it got then.
pub(crate) fn nudge(
    routes: &mut [Route],
    stretches: &[Vec<Piece>],
    port_slack: f64,
    memo: &mut TrackMemo,
) {
    let mut kept = HashMap::with_capacity_and_hasher(stretches.len(), Default::default());
    for stretch in stretches {
        let turns: Vec<[(f64, i8); 2]> = stretch
            .iter()
            .map(|p| p.turns(&routes[p.route].points))
            .collect();
        let key = spread_key(stretch, &turns, routes, port_slack);
        let places = match memo.0.remove(&key) {
            Some(places) => places,
            None => spread(stretch, &turns, routes, port_slack),
        };
        for (p, &at) in stretch.iter().zip(&places) {
            let points = &mut routes[p.route].points;
            for k in [p.index, p.index + 1] {
                if p.vertical {
                    points[k].x = at;
                } else {
                    points[k].y = at;
                }
            }
        }
        kept.insert(key, places);
    }
    memo.0 = kept;
}

/// The tracks the shared stretches of a journey's last layout were spread over, by everything spreading them read
/// (`spread_key`): most of them read the same after an edit, and spreading costs sorts and searches over every
/// stretch. Keyed by exact values, so a stretch takes the tracks spreading it again would give.
#[derive(Clone, Debug, Default)]
pub struct TrackMemo(HashMap<Vec<u64>, Vec<f64>>);

/// Everything [`spread`] reads of a stretch, as bits: each piece's route and place in it, the route's length, its
/// direction, line, ends in the route's order, room and turns, and the port slack.
fn spread_key(
    pieces: &[Piece],
    turns: &[[(f64, i8); 2]],
    routes: &[Route],
    port_slack: f64,
) -> Vec<u64> {
    let mut key = Vec::with_capacity(1 + pieces.len() * 12);
    key.push(port_slack.to_bits());
    for (p, own) in pieces.iter().zip(turns) {
        let points = &routes[p.route].points;
        let along = |k: usize| if p.vertical { points[k].y } else { points[k].x };
        key.extend([
            p.route as u64,
            p.index as u64,
            points.len() as u64,
            u64::from(p.vertical),
            p.at.to_bits(),
            along(p.index).to_bits(),
            along(p.index + 1).to_bits(),
            p.room.to_bits(),
        ]);
        for &(at, side) in own {
            key.extend([at.to_bits(), side as u64]);
        }
    }
    key
}

/// A flow at a card side's port: its route, which way its first or last vertical runs from the port, its track's x.
type PortUser = (usize, f64, f64);

/// Each card side's ports handed to its flows in the order of the tracks they took, so that their stubs cross none
/// of the others' tracks: the ports were first handed out in the order of the cards at the other ends, before the
/// tracks were known. `ends[route]`: the cards a route leaves and enters. On a card's right side the
/// flows that go up take the top ports, the innermost track highest, then those that go down, the outermost
/// highest; on the left side those that arrive from above take the top ports, the innermost highest, then those
/// from below, the outermost highest. A straight arrow keeps its port. The answer: each route's new (leaving,
/// arriving) port, where it changes.
pub(crate) fn ports_in_track_order<Card: std::hash::Hash + Eq + Copy>(
    routes: &[Route],
    ends: &[(Card, Card)],
) -> Vec<[Option<f64>; 2]> {
    let mut ports = vec![[None, None]; routes.len()];
    let mut sides: HashMap<(Card, bool), Vec<PortUser>> = HashMap::default();
    for (r, route) in routes.iter().enumerate() {
        let p = &route.points;
        let n = p.len();
        if n < 4 {
            continue;
        }
        if (p[1].x - p[2].x).abs() < 1e-9 {
            sides
                .entry((ends[r].0, true))
                .or_default()
                .push((r, p[2].y - p[1].y, p[1].x));
        }
        if (p[n - 3].x - p[n - 2].x).abs() < 1e-9 {
            sides.entry((ends[r].1, false)).or_default().push((
                r,
                p[n - 3].y - p[n - 2].y,
                p[n - 2].x,
            ));
        }
    }
    for ((_, leaving), mut flows) in sides {
        if flows.len() < 2 {
            continue;
        }
        let port = |r: usize| {
            let p = &routes[r].points;
            if leaving { p[0].y } else { p[p.len() - 1].y }
        };
        let mut ys: Vec<f64> = flows.iter().map(|f| port(f.0)).collect();
        ys.sort_by(f64::total_cmp);
        // Leaving: up (towards smaller y) first, innermost (smallest x) first; then down, outermost first.
        // Arriving (from the other side, `toward` < 0 meaning from above): from above first, innermost (largest x)
        // first; then from below, outermost first.
        flows.sort_by(|a, b| {
            let key = |&(_, toward, x): &PortUser| {
                let first = toward < 0.0;
                let x = if leaving { x } else { -x };
                (!first, if first { x } else { -x })
            };
            let (ka, kb) = (key(a), key(b));
            ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
        });
        for ((r, _, _), y) in flows.into_iter().zip(ys) {
            ports[r][usize::from(!leaving)] = Some(y);
        }
    }
    ports
}

/// Moves each route's ends to the ports given (leaving, arriving), with the stubs and the corners after them.
pub(crate) fn move_ports(routes: &mut [Route], ports: &[[Option<f64>; 2]]) {
    for (route, &[leaving, arriving]) in routes.iter_mut().zip(ports) {
        let p = &mut route.points;
        let n = p.len();
        if let Some(y) = leaving {
            (p[0].y, p[1].y) = (y, y);
        }
        if let Some(y) = arriving {
            (p[n - 1].y, p[n - 2].y) = (y, y);
        }
    }
}

/// Stretches of more pieces than this (busy bands of large maps) are spread by [`first_fit`], the others by rank.
const BUSY_STRETCH: usize = 16;

/// Where each piece of one shared stretch goes on the line across it (its `turns` as [`Piece::turns`] gives them):
/// on a track of its own where it overlaps another, ordered so that few turns cross.
fn spread(
    pieces: &[Piece],
    turns: &[[(f64, i8); 2]],
    routes: &[Route],
    port_slack: f64,
) -> Vec<f64> {
    let spans: Vec<(f64, f64)> = pieces.iter().map(|p| (p.from, p.to)).collect();
    let wants = preference_totals(&spans, turns);
    // How far a track may be from the middle line.
    let room = pieces.iter().map(|p| p.room).fold(f64::INFINITY, f64::min) - CLEARANCE;
    let (tracks, spacing) = if pieces.len() > BUSY_STRETCH {
        let (tracks, side) = first_fit(pieces, &wants, routes, port_slack);
        // Spread over the band (as wide as one track a piece needs): room between flows for labels.
        (tracks, room / side as f64)
    } else {
        let (tracks, side) = by_rank(pieces, &wants);
        (tracks, (room / side as f64).min(TRACK_SPACING))
    };
    pieces
        .iter()
        .zip(&tracks)
        .map(|(p, &track)| p.at + track as f64 * spacing)
        .collect()
}

/// Each piece's track (0 on the band's middle line, negative towards smaller coordinates) in the order of
/// `wants`, the middle one on the middle line and the rest evenly on each side, and the places on the wider side:
/// the fewest turns crossing, but a piece that comes or goes moves every piece on one side of it.
fn by_rank(pieces: &[Piece], wants: &[i64]) -> (Vec<i64>, usize) {
    let n = pieces.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        wants[a]
            .cmp(&wants[b])
            .then(pieces[a].route.cmp(&pieces[b].route))
    });
    let centre = (n - 1) / 2;
    let mut tracks = vec![0; n];
    for (rank, &i) in order.iter().enumerate() {
        tracks[i] = rank as i64 - centre as i64;
    }
    (tracks, (n / 2).max(1))
}

/// Each piece's track in a busy stretch, and the places a side holds: taking the pieces along the line, each the
/// track nearest the middle line, on the side its turns prefer (either, from the middle line out, when they prefer
/// neither), that no piece it meets holds. So a piece that comes or goes moves only pieces that meet it or, through
/// chains of such, their neighbours — where ranks over the whole stretch moved hundreds of flows after one edit —
/// unless the wider side's places pass a power of two (the spacing changes), and pieces that never meet share
/// tracks. A piece's end at a card's port counts as reaching `port_slack` further: the ports are handed out again
/// after the tracks (`ports_in_track_order`), which moves that end along the card's side, and two pieces sharing a
/// track must not come to meet then. Each piece goes to the side its turns prefer, but the pieces of one side are not
/// ordered among themselves, which costs a few crossings more on busy bands. The places are rounded up to a power
/// of two, so that one track more seldom changes the spacing (which would move every piece of the stretch); when
/// most pieces prefer one side, that side holds more tracks than ranks would put there, closer together.
fn first_fit(
    pieces: &[Piece],
    wants: &[i64],
    routes: &[Route],
    port_slack: f64,
) -> (Vec<i64>, usize) {
    const TOUCH: f64 = 1e-6;
    // Each piece's extent, its ends at ports reaching further.
    let reach: Vec<(f64, f64)> = pieces
        .iter()
        .map(|p| {
            let points = &routes[p.route].points;
            let along = |k: usize| if p.vertical { points[k].y } else { points[k].x };
            let slack_at = |k: usize, (from, to): &mut (f64, f64)| {
                if along(k) <= *from {
                    *from -= port_slack;
                } else {
                    *to += port_slack;
                }
            };
            let mut extent = (p.from, p.to);
            if p.vertical && p.index == 1 {
                slack_at(1, &mut extent);
            }
            if p.vertical && p.index + 3 == points.len() {
                slack_at(p.index + 1, &mut extent);
            }
            extent
        })
        .collect();
    let mut order: Vec<usize> = (0..pieces.len()).collect();
    order.sort_by(|&a, &b| reach[a].0.total_cmp(&reach[b].0).then(a.cmp(&b)));
    // How far along the line each track is held, by place: the middle line, then +1, −1, +2, −2, …
    let mut held_to: Vec<f64> = Vec::new();
    let place = |track: i64| -> usize {
        if track > 0 {
            (2 * track - 1) as usize
        } else {
            (-2 * track) as usize
        }
    };
    let outwards = |k: i64| if k % 2 == 0 { -(k / 2) } else { k / 2 + 1 };
    let mut tracks = vec![0; pieces.len()];
    let mut widest = 1;
    for i in order {
        let (from, to) = reach[i];
        let free = |track: &i64| {
            held_to
                .get(place(*track))
                .is_none_or(|&held| held < from - TOUCH)
        };
        let track = match wants[i].signum() {
            -1 => (1..).map(|k: i64| -k).find(free),
            1 => (1..).find(free),
            _ => (0..).map(outwards).find(free),
        }
        .expect("a track past every held one is free");
        let at = place(track);
        if held_to.len() <= at {
            held_to.resize(at + 1, f64::NEG_INFINITY);
        }
        held_to[at] = held_to[at].max(to);
        widest = widest.max(track.unsigned_abs() as usize);
        tracks[i] = track;
    }
    (tracks, widest.next_power_of_two())
}

/// Where each labelled flow's label goes: on or beside its route (the places of [`SpotTier`], tried a tier at a
/// time; `rows`: each band between card rows, its middle line and height) — the first where the box covers no card,
/// no label placed before it and no other flow, and comes within [`CLEARANCE`] of no other flow; failing that, the
/// best of its tier that crosses no flow (fewest close, after [`NEAR_TRIES`] more places); failing that, where it
/// covers no card or label and crosses fewest flows; failing that, where it overlaps least.
/// `labels` are (route index, label text), placed in that order; the answer holds each route's box, by index.
pub(crate) fn place_labels(
    points: &[&[Point]],
    cards: &[Rect],
    rows: &[(f64, f64)],
    labels: &[(usize, &str)],
) -> Vec<Option<Rect>> {
    let mut placed: Vec<Option<Rect>> = vec![None; points.len()];
    if labels.is_empty() {
        return placed;
    }
    let area = extent(points.iter().flat_map(|p| p.iter()).copied(), cards);
    let mut card_grid = Buckets::new(256.0, 256.0, &area);
    for (i, c) in cards.iter().enumerate() {
        card_grid.insert(c, i);
    }
    // Verticals in tall narrow buckets, horizontals in wide flat ones: a long segment fills few of them, and a
    // label's box meets few segments that do not pass near it.
    let mut segments: Vec<(usize, Point, Point)> = Vec::new();
    let mut verticals = Buckets::new(64.0, 1024.0, &area);
    let mut horizontals = Buckets::new(1024.0, 64.0, &area);
    for (r, route) in points.iter().enumerate() {
        for w in route.windows(2) {
            let bounds = Rect {
                x: w[0].x.min(w[1].x),
                y: w[0].y.min(w[1].y),
                width: (w[0].x - w[1].x).abs(),
                height: (w[0].y - w[1].y).abs(),
            };
            let grid = if bounds.width == 0.0 {
                &mut verticals
            } else {
                &mut horizontals
            };
            grid.insert(&bounds, segments.len());
            segments.push((r, w[0], w[1]));
        }
    }
    let mut placed_grid = Buckets::new(256.0, 256.0, &area);
    for &(route, text) in labels {
        let (w, h) = label_size(text);
        let route_points = points[route];
        let mut best: Option<(f64, Rect)> = None;
        // Place by place, best first: the first that covers nothing and comes within a clearance of no other flow
        // is taken.
        'tiers: for tier in SpotTier::ALL {
            let mut spots = label_spots(route_points, rows, (w, h), tier);
            spots.sort_by(|a, b| a.1.total_cmp(&b.1));
            // Once a place is found that only comes close to another flow, the next few in order of preference are
            // tried for one clear of it, not the whole tier.
            let mut tries_left = usize::MAX;
            for (centre, off_best) in spots {
                if best.is_some_and(|(c, _)| c < 10.0) {
                    tries_left = tries_left.min(NEAR_TRIES);
                    if tries_left == 0 {
                        break;
                    }
                    tries_left -= 1;
                }
                let centre = centre.snapped();
                let r = Rect {
                    x: centre.x - w / 2.0,
                    y: centre.y - h / 2.0,
                    width: w,
                    height: h,
                };
                let blocked = card_grid.any(&r, |c| cards[c].overlaps(&r))
                    || placed_grid.any(&r, |l| placed[l].is_some_and(|p| p.overlaps(&r)));
                if blocked && best.is_some_and(|(c, _)| c < 1000.0) {
                    continue;
                }
                // Other flows' segments through the box (one spanning two buckets counts twice: a cost, not a
                // count), counted only as far as could still beat the best so far; for a box no flow crosses, those
                // within a clearance of it.
                let count = |area: &Rect, most: usize| {
                    let other_flow = |s: usize| {
                        let (other, p, q) = segments[s];
                        other != route && crosses(p, q, area)
                    };
                    let found = verticals.count(area, most, other_flow);
                    found + horizontals.count(area, most.saturating_sub(found), other_flow)
                };
                let most = |per: f64| {
                    best.map_or(usize::MAX, |(c, _)| {
                        ((c - off_best) / per).max(0.0) as usize + 1
                    })
                };
                let crossed = count(&r, most(10.0));
                let nearby = if crossed > 0 {
                    0
                } else {
                    let near = Rect {
                        x: r.x - CLEARANCE,
                        y: r.y - CLEARANCE,
                        width: r.width + 2.0 * CLEARANCE,
                        height: r.height + 2.0 * CLEARANCE,
                    };
                    count(&near, most(1.0))
                };
                // However many flows come close, less than one that crosses.
                let cost = if blocked { 1000.0 } else { 0.0 }
                    + 10.0 * crossed as f64
                    + nearby.min(9) as f64
                    + off_best;
                if best.is_none_or(|(c, _)| cost < c) {
                    best = Some((cost, r));
                }
                if !blocked && crossed == 0 && nearby == 0 {
                    break 'tiers;
                }
            }
            // A place that only comes close to another flow, rather than a later kind of place.
            if best.is_some_and(|(c, _)| c < 10.0) {
                break;
            }
        }
        let r = best.map(|(_, r)| r).unwrap_or_else(|| {
            // A straight arrow between neighbours, or no band at all: in the middle.
            let m = route_points[route_points.len() / 2];
            Rect {
                x: m.x - w / 2.0,
                y: m.y - h / 2.0,
                width: w,
                height: h,
            }
        });
        placed_grid.insert(&r, route);
        placed[route] = Some(r);
    }
    placed
}

/// The kinds of place tried for a label, best first.
#[derive(Clone, Copy, PartialEq)]
enum SpotTier {
    /// On a horizontal segment.
    OnLine,
    /// Just above or below a horizontal segment.
    BesideLine,
    /// Across a band between rows of cards that a vertical passes: a vertical runs in a gutter too narrow for a
    /// label, so the label goes across it, or starts or ends at it.
    AcrossBand,
    /// Beside a vertical, for an empty cell next to it.
    BesideVertical,
    /// For a short route between neighbours (a straight arrow, or two stubs and a step, all inside one card row,
    /// where the gap is too narrow): the band just above or below the cards, over the gap.
    OverGap,
}

impl SpotTier {
    const ALL: [SpotTier; 5] = [
        SpotTier::OnLine,
        SpotTier::BesideLine,
        SpotTier::AcrossBand,
        SpotTier::BesideVertical,
        SpotTier::OverGap,
    ];
}

/// Where a `size` label may sit on a route, of one `tier`: centres, each with how far it is from the best place of
/// its tier (a tie-break: the middle of a segment, the route's own line).
fn label_spots(
    route: &[Point],
    rows: &[(f64, f64)],
    (w, h): (f64, f64),
    tier: SpotTier,
) -> Vec<(Point, f64)> {
    let mut spots: Vec<(Point, f64)> = Vec::new();
    if tier == SpotTier::OverGap {
        if route.len() <= 4 {
            let (x, y) = ((route[0].x + route[route.len() - 1].x) / 2.0, route[0].y);
            let above = rows
                .iter()
                .filter(|&&(b, _)| b < y)
                .max_by(|p, q| p.0.total_cmp(&q.0));
            let below = rows
                .iter()
                .filter(|&&(b, _)| b > y)
                .min_by(|p, q| p.0.total_cmp(&q.0));
            // Centred over the gap, else slid either way while it still spans the gap's middle.
            let slide = w / 2.0 - 4.0;
            for &(band, height) in above.into_iter().chain(below) {
                if height >= h {
                    for step in 0..=8 {
                        let dx = slide * f64::from(step) / 4.0 - slide;
                        spots.push((Point { x: x + dx, y: band }, dx.abs() / 1000.0));
                    }
                }
            }
        }
        return spots;
    }
    let last = route.len().saturating_sub(2);
    for (k, s) in route.windows(2).enumerate() {
        let (a, b) = (s[0], s[1]);
        // Stubs at the cards are too short to hold a label.
        if (k == 0 || k == last) && route.len() > 2 {
            continue;
        }
        let horizontal = (a.y - b.y).abs() < 1e-9;
        let (lo, hi) = if horizontal {
            (a.x.min(b.x), a.x.max(b.x))
        } else {
            (a.y.min(b.y), a.y.max(b.y))
        };
        match tier {
            SpotTier::OnLine | SpotTier::BesideLine if horizontal => {
                let dys: &[f64] = if tier == SpotTier::OnLine {
                    &[0.0]
                } else {
                    &[-(h / 2.0 + 1.0), h / 2.0 + 1.0]
                };
                for &dy in dys {
                    for step in 1..40 {
                        let t = f64::from(step) / 40.0;
                        spots.push((
                            Point {
                                x: lo + (hi - lo) * t,
                                y: a.y + dy,
                            },
                            (t - 0.5).abs(),
                        ));
                    }
                }
            }
            SpotTier::AcrossBand if !horizontal => {
                let slide = w / 2.0 - 4.0;
                for &(y, height) in rows
                    .iter()
                    .filter(|&&(y, height)| y > lo && y < hi && height >= h)
                {
                    let play = (height - h) / 2.0;
                    let ups = if play < 1.0 { 1 } else { 3 };
                    for dy in [0.0, -play, play].into_iter().take(ups) {
                        for step in 0..=4 {
                            let dx = slide * f64::from(step) / 2.0 - slide;
                            spots.push((
                                Point {
                                    x: a.x + dx,
                                    y: y + dy,
                                },
                                (dx.abs() + dy.abs()) / 1000.0,
                            ));
                        }
                    }
                }
            }
            SpotTier::BesideVertical if !horizontal => {
                // At most 24 places along it.
                let steps = ((hi - lo) / h - 2.0).clamp(0.0, 24.0) as usize;
                for step in 1..=steps {
                    let y = lo + (hi - lo) * step as f64 / (steps + 1) as f64;
                    for dx in [-(w / 2.0 + 2.0), w / 2.0 + 2.0] {
                        spots.push((
                            Point { x: a.x + dx, y },
                            ((lo + hi) / 2.0 - y).abs() / 100_000.0,
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    spots
}

/// The smallest box holding `points` and `boxes`.
pub(crate) fn extent(points: impl Iterator<Item = Point>, boxes: &[Rect]) -> Rect {
    let corners = boxes
        .iter()
        .flat_map(|b| {
            [
                Point { x: b.x, y: b.y },
                Point {
                    x: b.right(),
                    y: b.bottom(),
                },
            ]
        })
        .chain(points);
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in corners {
        (x0, y0, x1, y1) = (x0.min(p.x), y0.min(p.y), x1.max(p.x), y1.max(p.y));
    }
    if x0 > x1 {
        return Rect {
            x: 0.0,
            y: 0.0,
            width: 0.0,
            height: 0.0,
        };
    }
    Rect {
        x: x0,
        y: y0,
        width: x1 - x0,
        height: y1 - y0,
    }
}

/// Whether the segment p–q passes through the inside of `r`.
fn crosses(p: Point, q: Point, r: &Rect) -> bool {
    let (x0, x1, y0, y1) = (p.x.min(q.x), p.x.max(q.x), p.y.min(q.y), p.y.max(q.y));
    x1 > r.x && x0 < r.right() && y1 > r.y && y0 < r.bottom()
}

/// Buckets of a fixed size laid over an area, for finding what lies near a box without looking at everything.
/// Whatever lies outside the area falls in the buckets along its edge.
pub(crate) struct Buckets {
    /// The area's corner, and each bucket's width and height.
    origin: Point,
    cell: (f64, f64),
    columns: usize,
    rows: usize,
    cells: Vec<Vec<usize>>,
}

/// The most buckets one index holds: larger areas get larger buckets.
const MOST_BUCKETS: usize = 65_536;

impl Buckets {
    /// Buckets `width` × `height` over `area` (long thin buckets suit segments that run one way).
    pub(crate) fn new(width: f64, height: f64, area: &Rect) -> Self {
        let wanted = (area.width / width).ceil().max(1.0) * (area.height / height).ceil().max(1.0);
        let scale = (wanted / MOST_BUCKETS as f64).sqrt().max(1.0);
        let cell = (width * scale, height * scale);
        // A long thin area is one bucket across already: its length takes fewer, longer buckets instead.
        let columns = ((area.width / cell.0).ceil().max(1.0) as usize).min(MOST_BUCKETS);
        let rows = ((area.height / cell.1).ceil().max(1.0) as usize).min(MOST_BUCKETS / columns);
        let cell = (
            cell.0.max(area.width / columns as f64),
            cell.1.max(area.height / rows as f64),
        );
        Buckets {
            origin: Point {
                x: area.x,
                y: area.y,
            },
            cell,
            columns,
            rows,
            cells: vec![Vec::new(); columns * rows],
        }
    }

    /// The buckets `r` touches, as ranges of columns and rows.
    fn span(&self, r: &Rect) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
        let index = |at: f64, origin: f64, size: f64, count: usize| {
            (((at - origin) / size).floor().max(0.0) as usize).min(count - 1)
        };
        let x = index(r.x, self.origin.x, self.cell.0, self.columns)
            ..index(r.right(), self.origin.x, self.cell.0, self.columns) + 1;
        let y = index(r.y, self.origin.y, self.cell.1, self.rows)
            ..index(r.bottom(), self.origin.y, self.cell.1, self.rows) + 1;
        (x, y)
    }

    /// The buckets `r` touches.
    fn touched(&self, r: &Rect) -> impl Iterator<Item = &Vec<usize>> {
        let (columns, rows) = self.span(r);
        rows.flat_map(move |j| {
            columns
                .clone()
                .map(move |i| &self.cells[j * self.columns + i])
        })
    }

    pub(crate) fn insert(&mut self, r: &Rect, item: usize) {
        let (columns, rows) = self.span(r);
        for j in rows {
            for i in columns.clone() {
                self.cells[j * self.columns + i].push(item);
            }
        }
    }

    /// Whether any item in the buckets `r` touches is one `f` accepts.
    pub(crate) fn any(&self, r: &Rect, f: impl Fn(usize) -> bool) -> bool {
        self.touched(r).any(|items| items.iter().any(|&k| f(k)))
    }

    /// How many items in the buckets `r` touches `f` accepts (an item in two of them counts twice), counting no
    /// further than `most`.
    pub(crate) fn count(&self, r: &Rect, most: usize, f: impl Fn(usize) -> bool) -> usize {
        self.touched(r)
            .flat_map(|items| items.iter())
            .filter(|&&k| f(k))
            .take(most)
            .count()
    }

    /// The items in the buckets `r` touches, each once.
    pub(crate) fn near(&self, r: &Rect) -> Vec<usize> {
        let mut out: Vec<usize> = self.touched(r).flatten().copied().collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Flow ids with their label boxes, for [`measure::measure`].
pub fn label_boxes(layout: &crate::layout::Layout) -> Vec<(FlowId, Rect)> {
    layout
        .flows
        .iter()
        .filter_map(|f| Some((f.id, f.label?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x: f64, y: f64, width: f64, height: f64) -> Rect {
        Rect {
            x,
            y,
            width,
            height,
        }
    }

    fn route(points: &[(f64, f64)]) -> Route {
        Route {
            points: points.iter().map(|&(x, y)| Point { x, y }).collect(),
            bands: vec![None; points.len() - 1],
        }
    }

    /// Pairs of segments of different routes, one vertical and one horizontal, that cross inside both.
    fn crossings(routes: &[Route]) -> usize {
        let segments: Vec<(usize, Point, Point)> = routes
            .iter()
            .enumerate()
            .flat_map(|(r, route)| route.points.windows(2).map(move |w| (r, w[0], w[1])))
            .collect();
        let mut n = 0;
        for &(r, a, b) in &segments {
            for &(q, c, d) in &segments {
                let (vertical, horizontal) = (a.x == b.x, c.y == d.y);
                if r != q && vertical && horizontal {
                    let inside = |v: f64, p: f64, q: f64| v > p.min(q) && v < p.max(q);
                    if inside(a.x, c.x, d.x) && inside(c.y, a.y, b.y) {
                        n += 1;
                    }
                }
            }
        }
        n
    }

    /// Flows down one gutter (middle line x = 0, 100 px of room either way), each a stub in from the left, a piece
    /// down from `top` to `bottom` and a stub out to the right.
    fn down_one_gutter(spans: &[(f64, f64)]) -> Vec<Route> {
        spans
            .iter()
            .map(|&(top, bottom)| {
                let mut r = route(&[(-50.0, top), (0.0, top), (0.0, bottom), (50.0, bottom)]);
                r.bands[1] = Some(Band {
                    gutter: Gutter::Columns(0),
                    room: 100.0,
                });
                r
            })
            .collect()
    }

    /// A busy stretch (more pieces than `BUSY_STRETCH`, a staircase in which each piece meets the next two and
    /// comes 10 px short of the third, and the wider side's places stay at a power of two): a piece that comes at
    /// its end moves no piece that ends before it starts, pieces that meet are never on one line, and every track
    /// stays inside the band. With the ends at ports reaching 10 px further (both ends of each piece here are at
    /// ports), pieces that come within twice that of each other are never on one line either: the ports may move.
    #[test]
    fn a_piece_that_comes_to_a_busy_stretch_moves_none_that_ends_before_it() {
        let staircase: Vec<(f64, f64)> = (0..20)
            .map(|i| (i as f64 * 20.0, i as f64 * 20.0 + 50.0))
            .collect();
        let coming = (420.0, 470.0);
        let with_coming = [staircase.clone(), vec![coming]].concat();
        let nudged = |spans: &[(f64, f64)], port_slack: f64| {
            let mut routes = down_one_gutter(spans);
            let stretches = shared_stretches(&routes);
            nudge(
                &mut routes,
                &stretches,
                port_slack,
                &mut TrackMemo::default(),
            );
            routes.iter().map(|r| r.points[1].x).collect::<Vec<f64>>()
        };
        let (before, after) = (nudged(&staircase, 0.0), nudged(&with_coming, 0.0));
        for (i, &(_, bottom)) in staircase.iter().enumerate() {
            if bottom < coming.0 {
                assert_eq!(before[i], after[i], "piece {i} moved");
            }
        }
        let apart = |x: &[f64], slack: f64| {
            for (i, a) in with_coming.iter().enumerate() {
                assert!(
                    x[i].abs() <= 100.0 - CLEARANCE,
                    "piece {i} outside the band"
                );
                for (j, b) in with_coming.iter().enumerate().skip(i + 1) {
                    if a.0 <= b.1 + 2.0 * slack && b.0 <= a.1 + 2.0 * slack {
                        assert!((x[i] - x[j]).abs() > 1.0, "pieces {i} and {j} on one line");
                    }
                }
            }
        };
        apart(&after, 0.0);
        apart(&nudged(&with_coming, 10.0), 10.0);
    }

    /// Card 0 (right edge x = 0, y 0–40) sends two flows down its gutter: the one on the outer track turns off
    /// first, so it must leave from the upper port. Card 1 (left edge x = 300, y 300–340) takes two from above:
    /// the one on the inner track comes in higher, so it must arrive at the upper port. Handed out the other way,
    /// a stub crosses a track at each card.
    #[test]
    fn ports_follow_the_tracks_so_that_no_stub_crosses_a_track() {
        let mut routes = vec![
            route(&[(0.0, 30.0), (20.0, 30.0), (20.0, 100.0), (200.0, 100.0)]),
            route(&[(0.0, 10.0), (12.0, 10.0), (12.0, 200.0), (200.0, 200.0)]),
            route(&[
                (100.0, 250.0),
                (290.0, 250.0),
                (290.0, 330.0),
                (300.0, 330.0),
            ]),
            route(&[
                (100.0, 260.0),
                (280.0, 260.0),
                (280.0, 310.0),
                (300.0, 310.0),
            ]),
        ];
        let ends = [(0, 9), (0, 8), (7, 1), (6, 1)];
        assert_eq!(crossings(&routes), 2);
        let ports = ports_in_track_order(&routes, &ends);
        move_ports(&mut routes, &ports);
        assert_eq!(crossings(&routes), 0);
        assert_eq!(
            routes
                .iter()
                .map(|r| (r.points[0].y, r.points[r.points.len() - 1].y))
                .collect::<Vec<_>>(),
            vec![(10.0, 100.0), (30.0, 200.0), (250.0, 310.0), (260.0, 330.0)]
        );
    }

    /// One pair's preference, counted turn by turn: the crossings when `a` goes first less those when `b` does.
    fn preference(
        a: &[(f64, i8); 2],
        a_span: (f64, f64),
        b: &[(f64, i8); 2],
        b_span: (f64, f64),
    ) -> i32 {
        let inside = |x: f64, (lo, hi): (f64, f64)| x > lo + 1e-6 && x < hi - 1e-6;
        let mut d = 0;
        for &(at, side) in a {
            if inside(at, b_span) {
                d += i32::from(side);
            }
        }
        for &(at, side) in b {
            if inside(at, a_span) {
                d -= i32::from(side);
            }
        }
        // Turning towards each other at one point: the two turns would run on top of each other, worse than a crossing.
        for &(p, sa) in a {
            for &(q, sb) in b {
                if sa * sb < 0 && (p - q).abs() < 0.5 {
                    d += 3 * i32::from(sa);
                }
            }
        }
        d
    }

    /// The totals found with sorted lists are the pairwise preferences added up, pair by pair, on random stretches
    /// with turns that meet, coincide and sit on span ends.
    #[test]
    fn preference_totals_add_up_the_pairs() {
        proptest::proptest!(|(pieces in proptest::collection::vec((0_u8..40, 0_u8..40, -1_i8..=1, -1_i8..=1), 1..40))| {
            // Half-pixel steps: ends coincide and turns meet often.
            let spans: Vec<(f64, f64)> = pieces
                .iter()
                .map(|&(a, b, ..)| (f64::from(a.min(b)) / 2.0, f64::from(a.max(b)) / 2.0 + 0.25))
                .collect();
            let turns: Vec<[(f64, i8); 2]> = spans
                .iter()
                .zip(&pieces)
                .map(|(&(lo, hi), &(.., s, t))| [(lo, s), (hi, t)])
                .collect();
            let totals = preference_totals(&spans, &turns);
            for i in 0..spans.len() {
                let pairwise: i64 = (0..spans.len())
                    .filter(|&j| j != i)
                    .map(|j| i64::from(preference(&turns[i], spans[i], &turns[j], spans[j])))
                    .sum();
                proptest::prop_assert_eq!(totals[i], pairwise, "piece {}", i);
            }
        });
    }

    /// However long and thin the area, the index holds at most `MOST_BUCKETS` buckets and still finds what lies
    /// near a box, and only that.
    #[test]
    fn buckets_over_a_long_thin_area_stay_few_and_still_find_things() {
        for area in [
            rect(0.0, 0.0, 5_000_000.0, 10.0),
            rect(0.0, 0.0, 10.0, 5_000_000.0),
            rect(0.0, 0.0, 300_000.0, 300_000.0),
        ] {
            let mut buckets = Buckets::new(64.0, 1024.0, &area);
            assert!(buckets.cells.len() <= MOST_BUCKETS, "{area:?}");
            let far = rect(area.width - 5.0, area.height - 5.0, 1.0, 1.0);
            let near_origin = rect(1.0, 1.0, 1.0, 1.0);
            buckets.insert(&far, 7);
            assert_eq!(buckets.near(&far), vec![7], "{area:?}");
            assert!(buckets.near(&near_origin).is_empty(), "{area:?}");
        }
    }
}
