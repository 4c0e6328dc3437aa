//! Layout geometry: where every stage column, lane row, card, flow route and emotion curve sits. Computed once,
//! here, so that the canvas and every exporter draw the same picture.
//!
//! Cards fill a cell left to right, then top to bottom. A stage is as many card columns wide as its busiest cell
//! needs (at most [`Theme::max_stack`] cards high per column), a lane as many card rows high as its tallest cell.
//! Cards are inset by `cell_padding`, so the bands along stage and lane boundaries and the gaps between card
//! columns and rows are free of cards: flow routes run only in those bands and never cut through a card.

use crate::ids::*;
use crate::model::{Cell, Journey, LaneKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

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

/// A flow as an orthogonal polyline from the source card's right edge to the target card's left edge.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FlowRoute {
    pub id: FlowId,
    pub points: Vec<Point>,
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
        let grid = self.grid(theme);
        let (cards, slots) = self.place_cards(theme, &grid);
        let flows = self
            .flows_by_id()
            .into_iter()
            .filter_map(|f| {
                let (a, b) = (slots.get(&f.from)?, slots.get(&f.to)?);
                Some(FlowRoute {
                    id: f.id,
                    points: route(a, b),
                })
            })
            .collect();
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

    /// How many card columns each stage needs and card rows each lane, and so where each column and row sits.
    fn grid(&self, t: &Theme) -> Grid {
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
        let span = |n: usize, size: f64| n as f64 * size + (n as f64 - 1.0) * t.card_gap;

        let mut x = t.lane_header_width;
        let stage_xs: Vec<(f64, f64)> = columns
            .iter()
            .map(|&cols| {
                let width = span(cols, t.card_width) + 2.0 * t.cell_padding;
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
            .map(|(lane, &n)| {
                let mut height = span(n, t.card_height) + 2.0 * t.cell_padding;
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
    fn place_cards(&self, t: &Theme, grid: &Grid) -> (Vec<CardBox>, HashMap<CardId, Slot>) {
        let mut cards = Vec::with_capacity(self.cards.len());
        let mut slots = HashMap::with_capacity(self.cards.len());
        let stages = self.stages.iter().zip(&grid.stage_xs).zip(&grid.columns);
        for ((stage, &(sx, _)), &cols) in stages {
            let lanes = self.lanes.iter().zip(&grid.lane_ys).zip(&grid.rows);
            for ((lane, &(ly, _)), &lane_rows) in lanes {
                let cell = Cell {
                    stage: stage.id,
                    lane: lane.id,
                };
                for (k, &id) in self.cell_cards(cell).iter().enumerate() {
                    let (row, col) = (k / cols, k % cols);
                    let rect = Rect {
                        x: sx + t.cell_padding + col as f64 * (t.card_width + t.card_gap),
                        y: ly + t.cell_padding + row as f64 * (t.card_height + t.card_gap),
                        width: t.card_width,
                        height: t.card_height,
                    };
                    // Half the free space on each side: the middle of a card-free band.
                    let half = |outermost: bool| {
                        if outermost {
                            t.cell_padding
                        } else {
                            t.card_gap / 2.0
                        }
                    };
                    slots.insert(
                        id,
                        Slot {
                            rect,
                            left: half(col == 0),
                            right: half(col + 1 == cols),
                            above: half(row == 0),
                            below: half(row + 1 == lane_rows),
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
}

/// A placed card and the distance from each of its edges to the middle of the card-free band beyond it.
struct Slot {
    rect: Rect,
    left: f64,
    right: f64,
    above: f64,
    below: f64,
}

/// The route of a flow from card `a` to card `b`, in card-free bands only.
fn route(a: &Slot, b: &Slot) -> Vec<Point> {
    let (ra, rb) = (&a.rect, &b.rect);
    let start = Point {
        x: ra.right(),
        y: ra.center_y(),
    };
    let end = Point {
        x: rb.x,
        y: rb.center_y(),
    };
    // Neighbouring slots on one card row: nothing lies between them.
    if ra.y == rb.y && rb.x > ra.right() && rb.x - ra.right() <= a.right + b.left + 1e-6 {
        return vec![start, end];
    }
    let out_x = ra.right() + a.right;
    let in_x = rb.x - b.left;
    // A row band next to the target: above it when coming from above or level, below it otherwise.
    let band_y = if ra.y <= rb.y {
        rb.y - b.above
    } else {
        rb.bottom() + b.below
    };
    let mut points = vec![
        start,
        Point {
            x: out_x,
            y: start.y,
        },
        Point {
            x: out_x,
            y: band_y,
        },
        Point { x: in_x, y: band_y },
        Point { x: in_x, y: end.y },
        end,
    ];
    points.dedup_by(|p, q| (p.x - q.x).abs() < 1e-9 && (p.y - q.y).abs() < 1e-9);
    points
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
            left: 10.0,
            right: 10.0,
            above: 10.0,
            below: 10.0,
        }
    }

    #[test]
    fn neighbours_on_a_row_get_a_straight_arrow() {
        let points = route(&slot(0.0, 0.0), &slot(120.0, 0.0));
        assert_eq!(
            points,
            vec![Point { x: 100.0, y: 25.0 }, Point { x: 120.0, y: 25.0 }]
        );
    }

    #[test]
    fn other_flows_run_in_the_bands_between_cards() {
        // Target one row down and two slots right: out to the gutter, down to the band above the target, across,
        // down into the target's row.
        let points = route(&slot(0.0, 0.0), &slot(240.0, 70.0));
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
        let back = route(&slot(240.0, 70.0), &slot(0.0, 0.0));
        assert_eq!(back[2], Point { x: 350.0, y: 60.0 });
        assert_eq!(back[3], Point { x: -10.0, y: 60.0 });
    }
}
