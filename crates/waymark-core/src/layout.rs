//! Layout geometry: where every stage column, lane row, card, flow route and emotion curve sits. Computed once,
//! here, so that the canvas and every exporter draw the same picture.
//!
//! Cards fill a cell left to right, then top to bottom. A stage is as many card columns wide as its busiest cell
//! needs (at most [`Theme::max_stack`] cards high per column), a lane as many card rows high as its tallest cell.
//! Cards are inset by `cell_padding`, so the bands along stage and lane boundaries and the gaps between card
//! columns and rows are free of cards: flow routes run only in those bands and never cut through a card. A band
//! that more flows share than the theme's gap holds (or that a label crosses) is widened to hold them, each on a
//! track of its own (see `routes.rs`); a busy band gets room for the next power of two of tracks, so that one
//! edit seldom moves the whole map. A gap between neighbours that a labelled straight arrow crosses and another
//! flow runs down is widened on the arrow's near side, so the label sits on its arrow clear of the other flow.

use crate::ids::*;
use crate::model::{Cell, Journey, LaneKind};
use crate::routes::{self, Band, LabelNeed, Route, Width};
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

/// Sizes and spacing, in CSS pixels at 100% zoom.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Theme {
    pub lane_header_width: f64,
    pub stage_header_height: f64,
    pub card_width: f64,
    pub card_height: f64,
    pub card_gap: f64,
    pub cell_padding: f64,
    /// Cards stacked in one column of a cell before the stage grows another column.
    pub max_stack: usize,
    pub emotion_lane_height: f64,
}

impl Default for Theme {
    fn default() -> Self {
        Self {
            lane_header_width: 160.0,
            stage_header_height: 56.0,
            card_width: 200.0,
            card_height: 88.0,
            card_gap: 16.0,
            cell_padding: 20.0,
            max_stack: 4,
            emotion_lane_height: 160.0,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    /// The point on a quarter-pixel grid: tracks and ports fall on thirds and sevenths of a pixel, which nobody
    /// sees but which cost a dozen digits each in every view sent to the window.
    pub fn snapped(self) -> Point {
        let snap = |v: f64| (v * 4.0).round() / 4.0;
        Point {
            x: snap(self.x),
            y: snap(self.y),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.width
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }
    pub fn center_y(&self) -> f64 {
        self.y + self.height / 2.0
    }
    /// Whether the two rectangles overlap with positive area.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }
}

/// A stage column: `rect` spans the whole height, its header included.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StageBox {
    pub id: StageId,
    pub rect: Rect,
    pub header: Rect,
}

/// A lane row: `rect` spans the whole width, its header included.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LaneBox {
    pub id: LaneId,
    pub rect: Rect,
    pub header: Rect,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CardBox {
    pub id: CardId,
    pub rect: Rect,
}

/// A flow as an orthogonal polyline from the source card's right edge to the target card's left edge, and where
/// its label's box sits when it has one (see `routes.rs`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FlowRoute {
    pub id: FlowId,
    /// Its corners, sent as one flat list `[x0, y0, x1, y1, …]`.
    #[serde(with = "flat_points")]
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub points: Vec<Point>,
    /// Left out when the flow has no label (most have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub label: Option<Rect>,
}

/// A route's corners on the wire as one flat list `[x0, y0, x1, y1, …]`: a quarter fewer bytes than `{"x", "y"}`
/// objects and no object per corner to build in the window, for the hundreds of routes an edit sends.
mod flat_points {
    use super::Point;
    use serde::ser::SerializeSeq;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(points: &[Point], serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(points.len() * 2))?;
        for p in points {
            seq.serialize_element(&p.x)?;
            seq.serialize_element(&p.y)?;
        }
        seq.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Point>, D::Error> {
        let flat = Vec::<f64>::deserialize(deserializer)?;
        if flat.len() % 2 != 0 {
            return Err(serde::de::Error::custom(
                "a route's coordinates come in x, y pairs",
            ));
        }
        Ok(flat
            .chunks_exact(2)
            .map(|xy| Point { x: xy[0], y: xy[1] })
            .collect())
    }
}

/// Where emotion values sit in the emotions lane: +2 at `top`, −2 at `bottom`, linear between.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EmotionBand {
    pub top: f64,
    pub bottom: f64,
}

impl EmotionBand {
    pub fn y(&self, value: f64) -> f64 {
        self.top + (2.0 - value) / 4.0 * (self.bottom - self.top)
    }
}

/// One persona's emotion curve: a point per stage that has a value, at the stage's centre.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EmotionCurve {
    pub persona: PersonaId,
    pub points: Vec<Point>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub stages: Vec<StageBox>,
    pub lanes: Vec<LaneBox>,
    pub cards: Vec<CardBox>,
    pub flows: Vec<FlowRoute>,
    pub emotion_curves: Vec<EmotionCurve>,
    /// The value scale of the first emotions lane, if the journey has one.
    pub emotion_band: Option<EmotionBand>,
}

impl Journey {
    /// Computes the layout of this journey; `personas` gives the order of the emotion curves.
    pub fn layout(&self, theme: &Theme, personas: &[PersonaId]) -> Layout {
        self.layout_remembering(theme, personas, &mut LayoutMemo::default())
    }

    /// [`Journey::layout`], reusing what an earlier layout of this journey left in `memo`, and leaving this one's
    /// there for the next. Its spacing is tried first: the bands are sized by how many flows share them, which does
    /// not depend on how wide the bands are (widening a band moves what lies past it, keeping every order along
    /// every line — the band below a lane stretched to its least height lies on its edge, as every band between
    /// lanes does), so the routes on the theme's gaps and those on any other spacing need the same widths, and when
    /// the spacing tried already has the widths its routes need — after most edits — its routes are the layout's,
    /// worked out once instead of twice. And a stretch of flows that reads as it did takes the tracks it had
    /// ([`routes::TrackMemo`]). The layout is the same either way.
    pub fn layout_remembering(
        &self,
        theme: &Theme,
        personas: &[PersonaId],
        memo: &mut LayoutMemo,
    ) -> Layout {
        let tried = match memo.spacing.take() {
            Some(g) if g.fits(self) => g,
            _ => Spacing::of(self, theme),
        };
        let grid = self.grid(theme, &tried);
        let (cards, slots) = self.place_cards(theme, &grid, &tried);
        let (flows, routes) = self.raw_routes(&slots);
        let stretches = routes::shared_stretches(&routes);
        let needed = {
            let labels: Vec<LabelNeed> = flows
                .iter()
                .zip(&routes)
                .enumerate()
                .filter_map(|(route, (f, r))| {
                    Some(LabelNeed {
                        route,
                        text: f.label.as_deref()?,
                        crossing: (r.points.len() == 2).then(|| slots[&f.from].right.gutter),
                    })
                })
                .collect();
            routes::widths_needed(&routes, &stretches, &labels)
        };
        let mut spacing = Spacing::of(self, theme);
        spacing.widen(&needed, theme);
        let (grid, cards, routes, stretches) = if spacing == tried {
            (grid, cards, routes, stretches)
        } else {
            let grid = self.grid(theme, &spacing);
            let (cards, slots) = self.place_cards(theme, &grid, &spacing);
            let (_, routes) = self.raw_routes(&slots);
            let stretches = routes::shared_stretches(&routes);
            (grid, cards, routes, stretches)
        };
        let rows = grid.row_bands(&spacing);
        let flows = self.flow_routes(&flows, routes, &stretches, &mut memo.tracks, &cards, &rows);
        let emotion_band = self
            .lanes
            .iter()
            .zip(&grid.lane_ys)
            .find(|(l, _)| l.kind == LaneKind::Emotions)
            .map(|(_, &(ly, lh))| EmotionBand {
                top: ly + theme.cell_padding,
                bottom: ly + lh - theme.cell_padding,
            });
        let emotion_curves = match emotion_band {
            None => Vec::new(),
            Some(band) => self.emotion_curves(band, personas, &grid),
        };
        memo.spacing = Some(spacing);
        Layout {
            width: grid.width,
            height: grid.height,
            stages: self.stage_boxes(theme, &grid),
            lanes: self.lane_boxes(theme, &grid),
            cards,
            flows,
            emotion_curves,
            emotion_band,
        }
    }

    /// Every flow's route, on a track of its own where flows share a band, and its label's box.
    /// `flows` and `routes`: [`Journey::raw_routes`] of `cards`; `stretches`: their shared stretches.
    fn flow_routes(
        &self,
        flows: &[&crate::model::Flow],
        mut routes: Vec<Route>,
        stretches: &[Vec<routes::Piece>],
        tracks: &mut routes::TrackMemo,
        cards: &[CardBox],
        rows: &[(f64, f64)],
    ) -> Vec<FlowRoute> {
        // A port moves at most along its card's side when the ports are handed out again below.
        let port_slack = cards.iter().map(|c| c.rect.height).fold(0.0, f64::max);
        routes::nudge(&mut routes, stretches, port_slack, tracks);
        // The ports were handed out before the tracks were known: now in the tracks' order.
        let ends: Vec<(CardId, CardId)> = flows.iter().map(|f| (f.from, f.to)).collect();
        let ports = routes::ports_in_track_order(&routes, &ends);
        routes::move_ports(&mut routes, &ports);
        let points: Vec<&[Point]> = routes.iter().map(|r| r.points.as_slice()).collect();
        let rects: Vec<Rect> = cards.iter().map(|c| c.rect).collect();
        let labels: Vec<(usize, &str)> = flows
            .iter()
            .enumerate()
            .filter_map(|(i, f)| Some((i, f.label.as_deref()?)))
            .collect();
        let boxes = routes::place_labels(&points, &rects, rows, &labels);
        flows
            .iter()
            .zip(routes)
            .zip(boxes)
            .map(|((f, r), label)| FlowRoute {
                id: f.id,
                points: r.points.into_iter().map(Point::snapped).collect(),
                label,
            })
            .collect()
    }

    /// Each flow (by id) with its route on the middle lines of the bands.
    /// Flows leaving or entering one card leave and enter at ports of their own, spread down its side in the order
    /// of the cards at their other ends (top to bottom, then left to right), so their stubs neither overlap nor
    /// cross.
    fn raw_routes(&self, slots: &HashMap<CardId, Slot>) -> (Vec<&crate::model::Flow>, Vec<Route>) {
        let (flows, ends): (Vec<&crate::model::Flow>, Vec<(&Slot, &Slot)>) = self
            .flows_by_id()
            .into_iter()
            .filter_map(|f| Some((f, (slots.get(&f.from)?, slots.get(&f.to)?))))
            .unzip();
        let position = |slot: &Slot| (slot.rect.y, slot.rect.x);
        let mut outgoing: HashMap<CardId, Vec<usize>> = HashMap::default();
        let mut incoming: HashMap<CardId, Vec<usize>> = HashMap::default();
        for (i, f) in flows.iter().enumerate() {
            outgoing.entry(f.from).or_default().push(i);
            incoming.entry(f.to).or_default().push(i);
        }
        let mut start_y = vec![0.0; flows.len()];
        let mut end_y = vec![0.0; flows.len()];
        // Each card's flows take ports down its side in the order of the cards at their other ends.
        let ports = |by_card: HashMap<CardId, Vec<usize>>, ys: &mut Vec<f64>, leaving: bool| {
            let this_and_other = |i: usize| {
                let (from, to) = ends[i];
                if leaving { (from, to) } else { (to, from) }
            };
            for mut list in by_card.into_values() {
                list.sort_by(|&a, &b| {
                    position(this_and_other(a).1)
                        .partial_cmp(&position(this_and_other(b).1))
                        .unwrap_or(std::cmp::Ordering::Equal)
                });
                let r = &this_and_other(list[0]).0.rect;
                let n = list.len() as f64;
                for (k, i) in list.into_iter().enumerate() {
                    ys[i] = r.y + r.height * (k as f64 + 1.0) / (n + 1.0);
                }
            }
        };
        ports(outgoing, &mut start_y, true);
        ports(incoming, &mut end_y, false);
        let routes = ends
            .iter()
            .enumerate()
            .map(|(i, &(from, to))| route(from, to, start_y[i], end_y[i]))
            .collect();
        (flows, routes)
    }

    /// How many card columns each stage needs and card rows each lane, and so where each column and row sits.
    fn grid(&self, t: &Theme, spacing: &Spacing) -> Grid {
        let max_stack = t.max_stack.max(1);
        let count = |stage: StageId, lane: LaneId| self.cell_cards(Cell { stage, lane }).len();
        let columns: Vec<usize> = self
            .stages
            .iter()
            .map(|s| {
                self.lanes
                    .iter()
                    .map(|l| count(s.id, l.id).div_ceil(max_stack))
                    .max()
                    .unwrap_or(0)
                    .max(1)
            })
            .collect();
        let rows: Vec<usize> = self
            .lanes
            .iter()
            .map(|l| {
                self.stages
                    .iter()
                    .zip(&columns)
                    .map(|(s, &cols)| count(s.id, l.id).div_ceil(cols))
                    .max()
                    .unwrap_or(0)
                    .max(1)
            })
            .collect();
        let span = |n: usize, size: f64, gap: f64| n as f64 * size + (n as f64 - 1.0) * gap;

        let mut x = t.lane_header_width;
        let stage_xs: Vec<(f64, f64)> = columns
            .iter()
            .zip(&spacing.stages)
            .map(|(&cols, gaps)| {
                let width = span(cols, t.card_width, gaps.between) + gaps.before + gaps.after;
                let start = x;
                x += width;
                (start, width)
            })
            .collect();
        let mut y = t.stage_header_height;
        let lane_ys: Vec<(f64, f64)> = self
            .lanes
            .iter()
            .zip(&rows)
            .zip(&spacing.lanes)
            .map(|((lane, &n), gaps)| {
                let mut height = span(n, t.card_height, gaps.between) + gaps.before + gaps.after;
                if lane.kind == LaneKind::Emotions {
                    height = height.max(t.emotion_lane_height);
                }
                let start = y;
                y += height;
                (start, height)
            })
            .collect();
        Grid {
            columns,
            rows,
            stage_xs,
            lane_ys,
            width: x,
            height: y,
            card_height: t.card_height,
        }
    }

    fn stage_boxes(&self, t: &Theme, grid: &Grid) -> Vec<StageBox> {
        self.stages
            .iter()
            .zip(&grid.stage_xs)
            .map(|(s, &(x, w))| StageBox {
                id: s.id,
                rect: Rect {
                    x,
                    y: 0.0,
                    width: w,
                    height: grid.height,
                },
                header: Rect {
                    x,
                    y: 0.0,
                    width: w,
                    height: t.stage_header_height,
                },
            })
            .collect()
    }

    fn lane_boxes(&self, t: &Theme, grid: &Grid) -> Vec<LaneBox> {
        self.lanes
            .iter()
            .zip(&grid.lane_ys)
            .map(|(l, &(y, h))| LaneBox {
                id: l.id,
                rect: Rect {
                    x: 0.0,
                    y,
                    width: grid.width,
                    height: h,
                },
                header: Rect {
                    x: 0.0,
                    y,
                    width: t.lane_header_width,
                    height: h,
                },
            })
            .collect()
    }

    /// Places every card in its cell, in cell order, and notes each card's slot for routing flows.
    fn place_cards(
        &self,
        t: &Theme,
        grid: &Grid,
        spacing: &Spacing,
    ) -> (Vec<CardBox>, HashMap<CardId, Slot>) {
        let mut cards = Vec::with_capacity(self.cards.len());
        let mut slots = HashMap::with_capacity_and_hasher(self.cards.len(), Default::default());
        let stages = self.stages.iter().zip(&grid.stage_xs).zip(&grid.columns);
        for (s, ((stage, &(sx, _)), &cols)) in stages.enumerate() {
            let across = &spacing.stages[s];
            let lanes = self.lanes.iter().zip(&grid.lane_ys).zip(&grid.rows);
            for (l, ((lane, &(ly, lh)), &lane_rows)) in lanes.enumerate() {
                let down = &spacing.lanes[l];
                // How much taller the lane is than its cards and gaps (an emotions lane at its least height).
                let rows = lane_rows as f64;
                let stretch = lh
                    - (rows * t.card_height
                        + (rows - 1.0) * down.between
                        + down.before
                        + down.after);
                let cell = Cell {
                    stage: stage.id,
                    lane: lane.id,
                };
                for (k, &id) in self.cell_cards(cell).iter().enumerate() {
                    let (row, col) = (k / cols, k % cols);
                    let rect = Rect {
                        x: sx + across.before + col as f64 * (t.card_width + across.between),
                        y: ly + down.before + row as f64 * (t.card_height + down.between),
                        width: t.card_width,
                        height: t.card_height,
                    };
                    let left = if col == 0 {
                        Side::at_edge(Gutter::StageEdge(s), &spacing.stages, s, s)
                    } else {
                        Side::between(Gutter::Columns(s), across.between)
                    };
                    let right = if col + 1 == cols {
                        Side::at_edge(Gutter::StageEdge(s + 1), &spacing.stages, s + 1, s)
                    } else {
                        Side::between(Gutter::Columns(s), across.between)
                    };
                    let above = if row == 0 {
                        Side::at_edge(Gutter::LaneEdge(l), &spacing.lanes, l, l)
                    } else {
                        Side::between(Gutter::Rows(l), down.between)
                    };
                    let below = if row + 1 == lane_rows {
                        let mut side =
                            Side::at_edge(Gutter::LaneEdge(l + 1), &spacing.lanes, l + 1, l);
                        // The band between two lanes lies on their edge, below a stretched lane's gap too: on a
                        // line of its own only on some spacings, the widths it needs would depend on them.
                        if l + 1 < self.lanes.len() {
                            side.to_middle += stretch;
                        }
                        side
                    } else {
                        Side::between(Gutter::Rows(l), down.between)
                    };
                    slots.insert(
                        id,
                        Slot {
                            rect,
                            left,
                            right,
                            above,
                            below,
                        },
                    );
                    cards.push(CardBox { id, rect });
                }
            }
        }
        (cards, slots)
    }

    /// Each persona's curve through the centres of the stages where it has a value.
    fn emotion_curves(
        &self,
        band: EmotionBand,
        personas: &[PersonaId],
        grid: &Grid,
    ) -> Vec<EmotionCurve> {
        personas
            .iter()
            .map(|&persona| EmotionCurve {
                persona,
                points: self
                    .stages
                    .iter()
                    .zip(&grid.stage_xs)
                    .filter_map(|(s, &(sx, sw))| {
                        let value = f64::from(self.emotion(persona, s.id)?);
                        Some(Point {
                            x: sx + sw / 2.0,
                            y: band.y(value),
                        })
                    })
                    .collect(),
            })
            .collect()
    }
}

/// The card grid of a journey: card columns per stage and card rows per lane, and where they sit.
struct Grid {
    /// Card columns of each stage, in stage order.
    columns: Vec<usize>,
    /// Card rows of each lane, in lane order.
    rows: Vec<usize>,
    /// The left edge and width of each stage column.
    stage_xs: Vec<(f64, f64)>,
    /// The top edge and height of each lane row.
    lane_ys: Vec<(f64, f64)>,
    /// The size of the whole journey, headers included.
    width: f64,
    height: f64,
    card_height: f64,
}

impl Grid {
    /// The card-free bands across the map between rows of cards: at each lane's top edge and between a lane's
    /// rows, as (middle line, height).
    fn row_bands(&self, spacing: &Spacing) -> Vec<(f64, f64)> {
        let mut bands = Vec::new();
        for (l, (&(y, _), &rows)) in self.lane_ys.iter().zip(&self.rows).enumerate() {
            let gaps = &spacing.lanes[l];
            let above = l.checked_sub(1).map_or(0.0, |k| spacing.lanes[k].after);
            bands.push((y, gaps.before + above));
            let pitch = self.card_height + gaps.between;
            for r in 1..rows {
                bands.push((
                    y + gaps.before + r as f64 * pitch - gaps.between / 2.0,
                    gaps.between,
                ));
            }
        }
        bands
    }
}

/// A placed card and, for each of its edges, the card-free band beyond it.
struct Slot {
    rect: Rect,
    left: Side,
    right: Side,
    above: Side,
    below: Side,
}

/// The card-free band beyond one edge of a card: which it is, how far its middle line is from the card, and how far
/// a track may run either way from that line (the band's narrower half: a band widened on one side for a label
/// is no roomier on the other).
#[derive(Clone, Copy)]
struct Side {
    gutter: Gutter,
    to_middle: f64,
    room: f64,
}

impl Side {
    fn band(self) -> Band {
        Band {
            gutter: self.gutter,
            room: self.room,
        }
    }

    /// The band between two columns or rows of one stage or lane, `width` wide.
    fn between(gutter: Gutter, width: f64) -> Side {
        Side {
            gutter,
            to_middle: width / 2.0,
            room: width / 2.0,
        }
    }

    /// The band at the edge before item `edge` of `items`, seen from a card of item `from` (next to the edge, on
    /// either side): its middle line on the edge itself, or, at the map's outer edges, where the band is on one
    /// side only, in the middle of the padding.
    fn at_edge(gutter: Gutter, items: &[Gaps], edge: usize, from: usize) -> Side {
        let (near, far) = if from < edge {
            (items[from].after, items.get(edge).map(|g| g.before))
        } else {
            (
                items[from].before,
                edge.checked_sub(1).map(|k| items[k].after),
            )
        };
        match far {
            Some(far) => Side {
                gutter,
                to_middle: near,
                room: near.min(far),
            },
            None => Side {
                gutter,
                to_middle: near / 2.0,
                room: near / 2.0,
            },
        }
    }
}

/// A band between cards that flows run in: at a stage's left edge (`StageEdge(i)`, the right edge of stage i − 1),
/// between a stage's card columns, at a lane's top edge, between a lane's card rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Gutter {
    StageEdge(usize),
    Columns(usize),
    LaneEdge(usize),
    Rows(usize),
}

/// The gaps around and between the cards of one stage (across) or lane (down).
#[derive(Clone, Debug, PartialEq)]
struct Gaps {
    before: f64,
    between: f64,
    after: f64,
}

/// What a layout of a journey leaves for the next one (see [`Journey::layout_remembering`]): its spacing and the
/// tracks of its shared stretches.
#[derive(Clone, Debug, Default)]
pub struct LayoutMemo {
    spacing: Option<Spacing>,
    tracks: routes::TrackMemo,
}

/// Every stage's and lane's gaps: the theme's, widened where more flows share a band than it holds.
#[derive(Clone, Debug, PartialEq)]
struct Spacing {
    stages: Vec<Gaps>,
    lanes: Vec<Gaps>,
}

impl Spacing {
    fn of(journey: &Journey, t: &Theme) -> Spacing {
        let gaps = Gaps {
            before: t.cell_padding,
            between: t.card_gap,
            after: t.cell_padding,
        };
        Spacing {
            stages: vec![gaps.clone(); journey.stages.len()],
            lanes: vec![gaps; journey.lanes.len()],
        }
    }

    /// Whether this spacing has a place for each of the journey's stages and lanes.
    fn fits(&self, journey: &Journey) -> bool {
        self.stages.len() == journey.stages.len() && self.lanes.len() == journey.lanes.len()
    }

    /// Widens each band to the width it needs (by gutter), keeping a stage's or lane's edge band centred on the
    /// edge, then its side before the middle line to what a label there needs (a band between columns or rows,
    /// whose middle line is its middle, on both sides).
    fn widen(&mut self, needed: &HashMap<Gutter, Width>, t: &Theme) {
        let extra = |wanted: f64, width: f64| (wanted - width).max(0.0);
        for (&gutter, &Width { whole, before }) in needed {
            match gutter {
                Gutter::Columns(s) => {
                    let g = &mut self.stages[s];
                    let wanted = whole.max(2.0 * before);
                    g.between = g.between.max(t.card_gap + extra(wanted, t.card_gap));
                }
                Gutter::Rows(l) => {
                    let g = &mut self.lanes[l];
                    let wanted = whole.max(2.0 * before);
                    g.between = g.between.max(t.card_gap + extra(wanted, t.card_gap));
                }
                Gutter::StageEdge(i) => {
                    let width = edge_band(i, self.stages.len(), t);
                    widen_edge(&mut self.stages, i, extra(whole, width), before)
                }
                Gutter::LaneEdge(i) => {
                    let width = edge_band(i, self.lanes.len(), t);
                    widen_edge(&mut self.lanes, i, extra(whole, width), before)
                }
            }
        }
    }
}

/// How wide the band at the edge before item `i` of `n` is: padding on both sides, or on one at the map's edges.
fn edge_band(i: usize, n: usize, t: &Theme) -> f64 {
    if i == 0 || i == n {
        t.cell_padding
    } else {
        2.0 * t.cell_padding
    }
}

/// Adds half of `extra` on each side of the edge before item `i`; at the map's outer edges, where the band is on
/// one side only, all of it. Then widens the side before the edge to `before`, if it is narrower.
fn widen_edge(items: &mut [Gaps], i: usize, extra: f64, before: f64) {
    let outer = i == 0 || i == items.len();
    let share = if outer { extra } else { extra / 2.0 };
    if let Some(previous) = i.checked_sub(1).and_then(|k| items.get_mut(k)) {
        previous.after = (previous.after + share).max(before);
    }
    if let Some(next) = items.get_mut(i) {
        next.before += share;
    }
}

/// The route of a flow from card `a` to card `b`, on the middle lines of card-free bands only: out of `a` into the
/// gutter on its right, along the row band next to `b`, into the gutter on `b`'s left.
fn route(a: &Slot, b: &Slot, start_y: f64, end_y: f64) -> Route {
    let (ra, rb) = (&a.rect, &b.rect);
    let start = Point {
        x: ra.right(),
        y: start_y,
    };
    let end = Point { x: rb.x, y: end_y };
    // Neighbouring slots on one card row: nothing lies between them; straight across when the ports are level,
    // else with a step in the gap.
    if ra.y == rb.y
        && rb.x > ra.right()
        && rb.x - ra.right() <= a.right.to_middle + b.left.to_middle + 1e-6
    {
        if (start_y - end_y).abs() < 1e-9 {
            return Route {
                points: vec![start, end],
                bands: vec![None],
            };
        }
        let x = ra.right() + a.right.to_middle;
        return Route {
            points: vec![start, Point { x, y: start_y }, Point { x, y: end_y }, end],
            bands: vec![None, Some(a.right.band()), None],
        };
    }
    let out_x = ra.right() + a.right.to_middle;
    let in_x = rb.x - b.left.to_middle;
    // A row band next to the target: above it when coming from above or level, below it otherwise.
    let band = if ra.y <= rb.y {
        (rb.y - b.above.to_middle, b.above)
    } else {
        (rb.bottom() + b.below.to_middle, b.below)
    };
    let room = |side: Side| Some(side.band());
    // Each corner with the band of the segment that leaves it (none for the stubs at the cards).
    let corners = [
        (start, None),
        (
            Point {
                x: out_x,
                y: start.y,
            },
            room(a.right),
        ),
        (
            Point {
                x: out_x,
                y: band.0,
            },
            room(band.1),
        ),
        (Point { x: in_x, y: band.0 }, room(b.left)),
        (Point { x: in_x, y: end.y }, None),
        (end, None),
    ];
    // Drop repeated points and corners that are not turns (three in a line).
    let mut kept: Vec<(Point, Option<Band>)> = Vec::with_capacity(corners.len());
    for (p, band) in corners {
        if let Some(last) = kept.last_mut()
            && (p.x - last.0.x).abs() < 1e-9
            && (p.y - last.0.y).abs() < 1e-9
        {
            // The segment that leaves this point now leaves the kept one.
            last.1 = band;
            continue;
        }
        let n = kept.len();
        if n >= 2 {
            let (a, b) = (kept[n - 2].0, kept[n - 1].0);
            let in_line = ((a.x - b.x).abs() < 1e-9 && (b.x - p.x).abs() < 1e-9)
                || ((a.y - b.y).abs() < 1e-9 && (b.y - p.y).abs() < 1e-9);
            if in_line {
                // One segment now, in one band: the narrower reading of its room.
                let merged = match (kept[n - 2].1, kept[n - 1].1) {
                    (Some(x), Some(y)) => Some(if x.room <= y.room { x } else { y }),
                    _ => None,
                };
                kept.pop();
                kept[n - 2].1 = merged;
            }
        }
        kept.push((p, band));
    }
    let points: Vec<Point> = kept.iter().map(|&(p, _)| p).collect();
    let bands = kept[..kept.len() - 1].iter().map(|&(_, b)| b).collect();
    Route { points, bands }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(x: f64, y: f64) -> Slot {
        Slot {
            rect: Rect {
                x,
                y,
                width: 100.0,
                height: 50.0,
            },
            left: Side::between(Gutter::Columns(0), 20.0),
            right: Side::between(Gutter::Columns(0), 20.0),
            above: Side::between(Gutter::Rows(0), 20.0),
            below: Side::between(Gutter::Rows(0), 20.0),
        }
    }

    #[test]
    fn neighbours_on_a_row_get_a_straight_arrow() {
        let points = route(&slot(0.0, 0.0), &slot(120.0, 0.0), 25.0, 25.0).points;
        assert_eq!(
            points,
            vec![Point { x: 100.0, y: 25.0 }, Point { x: 120.0, y: 25.0 }]
        );
    }

    #[test]
    fn other_flows_run_in_the_bands_between_cards() {
        // Target one row down and two slots right: out to the gutter, down to the band above the target, across,
        // down into the target's row.
        let points = route(&slot(0.0, 0.0), &slot(240.0, 70.0), 25.0, 95.0).points;
        assert_eq!(
            points,
            vec![
                Point { x: 100.0, y: 25.0 },
                Point { x: 110.0, y: 25.0 },
                Point { x: 110.0, y: 60.0 },
                Point { x: 230.0, y: 60.0 },
                Point { x: 230.0, y: 95.0 },
                Point { x: 240.0, y: 95.0 },
            ]
        );
        // A loop back to the left and up uses the band below the target.
        let back = route(&slot(240.0, 70.0), &slot(0.0, 0.0), 95.0, 25.0).points;
        assert_eq!(back[2], Point { x: 350.0, y: 60.0 });
        assert_eq!(back[3], Point { x: -10.0, y: 60.0 });
    }

    #[test]
    fn a_route_goes_on_the_wire_as_one_flat_list_of_coordinates() {
        let route = FlowRoute {
            id: FlowId::new(),
            points: vec![Point { x: 1.5, y: -2.0 }, Point { x: 30.25, y: -2.0 }],
            label: None,
        };
        let json = serde_json::to_value(&route).unwrap();
        assert_eq!(json["points"], serde_json::json!([1.5, -2.0, 30.25, -2.0]));
        let back: FlowRoute = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back, route);
        let mut odd = json;
        odd["points"] = serde_json::json!([1.5, -2.0, 30.25]);
        let error = serde_json::from_value::<FlowRoute>(odd)
            .unwrap_err()
            .to_string();
        assert!(error.contains("pairs"), "{error}");
    }
}
