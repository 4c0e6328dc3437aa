//! Journey → SVG, drawn from core's layout geometry and the shared colour tokens: the same picture as the canvas,
//! plus a title block above and a legend below. Text stays text, in the bundled font.

use crate::RenderError;
use crate::text::{self, FONT_FAMILY, Weight};
use crate::theme::{Palette, ThemeName, palette, persona_colour};
use std::collections::HashSet;
use std::fmt::Write;
use waymark_core::layout::{Layout, Point, Rect};
use waymark_core::metrics::{Aggregation, CardScore, MetricDefinition};
use waymark_core::model::{CardKind, FlowKind, LaneKind};
use waymark_core::{CardId, Command, Journey, JourneyId, Orphans, Project, Theme};

mod notes;

/// Which part of a journey to draw.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Scope {
    #[default]
    Journey,
    /// Stages `from..=to`, counted from 1 as on the canvas.
    Stages { from: usize, to: usize },
    /// These cards, in the stages and lanes that hold them.
    Cards(Vec<CardId>),
}

/// Feedback drawn on the map: a badge with value and n on each scored card, optionally the heatmap, and the
/// metric's definition in the legend.
#[derive(Clone, Debug)]
pub struct Feedback {
    /// The metric the badges and the heatmap show.
    pub metric: MetricDefinition,
    /// Every card score (all metrics: the CSV export lists them all).
    pub scores: Vec<CardScore>,
    pub heatmap: bool,
    pub min_n: u64,
}

impl Feedback {
    /// The overlay for a journey's metrics and scores, showing `chosen` (else the first metric); `None` without
    /// feedback.
    pub fn choose(
        metrics: Vec<MetricDefinition>,
        scores: Vec<CardScore>,
        chosen: Option<waymark_core::metrics::MetricKind>,
        heatmap: bool,
        min_n: u64,
    ) -> Option<Feedback> {
        let metric = metrics
            .iter()
            .find(|m| Some(m.kind) == chosen)
            .or_else(|| metrics.first())?
            .clone();
        Some(Feedback {
            metric,
            scores,
            heatmap,
            min_n,
        })
    }

    fn score(&self, card: CardId) -> Option<&CardScore> {
        self.scores
            .iter()
            .find(|s| s.card_id == card && s.metric == self.metric.kind)
    }
}

/// A score as a badge shows it: NPS signed, shares in %, means with one decimal.
pub fn format_value(value: f64, metric: &MetricDefinition) -> String {
    match metric.aggregation {
        Aggregation::NetScore { .. } => format!("{:+}", value.round() as i64),
        Aggregation::ShareAtLeast { .. } => format!("{}%", value.round() as i64),
        Aggregation::Mean => format!("{value:.1}"),
    }
}

#[derive(Clone, Debug, Default)]
pub struct SvgOptions {
    /// Scores to draw, if the project has feedback and the export should show it.
    pub feedback: Option<Feedback>,
    pub theme: ThemeName,
    /// No background fill (for PNG with transparency).
    pub transparent: bool,
    pub scope: Scope,
    /// Shown in the title block: usually the file name.
    pub project_name: String,
    /// Shown in the title block as given (the caller picks the date, so output is reproducible).
    pub date: String,
    /// Open comment threads: a numbered marker on each card that has any, and the threads as notes below the
    /// map under the same numbers (resolved threads are left out).
    pub comments: bool,
}

const PAD: f64 = 24.0;
const TITLE_HEIGHT: f64 = 64.0;
const LEGEND_GAP: f64 = 20.0;
const LEGEND_HEIGHT: f64 = 28.0;

/// The map with its title block and legend, as an SVG document.
pub fn journey_svg(
    project: &Project,
    journey: JourneyId,
    options: &SvgOptions,
) -> Result<String, RenderError> {
    let scoped = scoped(project, journey, &options.scope)?;
    let journey = scoped.journey(journey).ok_or(RenderError::UnknownJourney)?;
    let theme = Theme::default();
    let personas: Vec<_> = scoped.personas().iter().map(|p| p.id).collect();
    let layout = journey.layout(&theme, &personas);
    let colours = palette(options.theme);

    let mut legend = String::new();
    let legend_width = draw_legend(&mut legend, &scoped, colours);
    let feedback_height = match &options.feedback {
        Some(feedback) => draw_feedback_legend(&mut legend, feedback, colours, LEGEND_HEIGHT),
        None => 0.0,
    };
    let width = layout.width.max(legend_width).max(480.0) + 2.0 * PAD;
    let notes = if options.comments {
        notes::numbered(journey)
    } else {
        Vec::new()
    };
    let notes_top =
        PAD + TITLE_HEIGHT + layout.height + LEGEND_GAP + LEGEND_HEIGHT + feedback_height;
    let mut notes_svg = String::new();
    let notes_height = notes::draw_notes(&mut notes_svg, &notes, colours, width - 2.0 * PAD);
    let height = notes_top + notes_height + PAD;

    let mut out = String::with_capacity(4096 + 600 * journey.card_count());
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONT_FAMILY}" font-size="14">"#,
        w = num(width),
        h = num(height),
    );
    let _ = write!(out, "<title>{}</title>", esc(journey.name()));
    write_defs(&mut out, colours, &theme);
    if !options.transparent {
        let _ = write!(
            out,
            r#"<rect width="{}" height="{}" fill="{}"/>"#,
            num(width),
            num(height),
            colours.bg
        );
    }
    let _ = write!(out, r#"<g transform="translate({PAD} {PAD})">"#);
    draw_title(
        &mut out,
        &scoped,
        journey,
        options,
        colours,
        width - 2.0 * PAD,
    );
    out.push_str("</g>");
    let _ = write!(
        out,
        r#"<g transform="translate({PAD} {})">"#,
        num(PAD + TITLE_HEIGHT)
    );
    draw_map(
        &mut out,
        &scoped,
        journey,
        &layout,
        &theme,
        colours,
        options.feedback.as_ref(),
    );
    notes::draw_markers(&mut out, &layout, &notes, colours);
    out.push_str("</g>");
    let _ = write!(
        out,
        r#"<g transform="translate({PAD} {})">{legend}</g>"#,
        num(PAD + TITLE_HEIGHT + layout.height + LEGEND_GAP)
    );
    if !notes.is_empty() {
        let _ = write!(
            out,
            r#"<g transform="translate({PAD} {})">{notes_svg}</g>"#,
            num(notes_top)
        );
    }
    out.push_str("</svg>\n");
    // One element per line, for readable diffs; text is escaped, so "><" only ever sits between tags.
    Ok(out.replace("><", ">\n<"))
}

/// A copy of the project holding only the scoped part of the journey, cut through the ordinary commands so that
/// the layout is core's own.
pub(crate) fn scoped(
    project: &Project,
    id: JourneyId,
    scope: &Scope,
) -> Result<Project, RenderError> {
    let journey = project.journey(id).ok_or(RenderError::UnknownJourney)?;
    let delete_stage = |stage| Command::DeleteStage {
        journey: id,
        stage,
        cards: Orphans::Delete,
    };
    let commands: Vec<Command> = match scope {
        Scope::Journey => return Ok(project.clone()),
        Scope::Stages { from, to } => {
            let count = journey.stages().len();
            if *from < 1 || from > to || *to > count {
                return Err(RenderError::StagesOutOfRange {
                    from: *from,
                    to: *to,
                    count,
                });
            }
            journey
                .stages()
                .iter()
                .enumerate()
                .filter(|(i, _)| i + 1 < *from || i + 1 > *to)
                .map(|(_, s)| delete_stage(s.id))
                .collect()
        }
        Scope::Cards(ids) => {
            let keep: HashSet<CardId> = ids.iter().copied().collect();
            let kept: Vec<_> = journey
                .cards_in_order()
                .filter(|c| keep.contains(&c.id))
                .map(|c| c.cell)
                .collect();
            if kept.is_empty() {
                return Err(RenderError::EmptySelection);
            }
            let cards = journey
                .cards_in_order()
                .filter(|c| !keep.contains(&c.id))
                .map(|c| Command::DeleteCard {
                    journey: id,
                    card: c.id,
                });
            let stages = journey
                .stages()
                .iter()
                .filter(|s| kept.iter().all(|cell| cell.stage != s.id))
                .map(|s| delete_stage(s.id));
            let lanes = journey
                .lanes()
                .iter()
                .filter(|l| kept.iter().all(|cell| cell.lane != l.id))
                .map(|l| Command::DeleteLane {
                    journey: id,
                    lane: l.id,
                    cards: Orphans::Delete,
                });
            cards.chain(stages).chain(lanes).collect()
        }
    };
    let mut copy = project.clone();
    if !commands.is_empty() {
        copy.apply(&Command::Batch {
            label: "export scope".into(),
            commands,
        })
        .map_err(|e| RenderError::Scope(e.to_string()))?;
    }
    Ok(copy)
}

fn draw_title(
    out: &mut String,
    project: &Project,
    journey: &Journey,
    options: &SvgOptions,
    c: &Palette,
    width: f64,
) {
    let name = text::fit(journey.name(), 22.0, Weight::Bold, width);
    let _ = write!(
        out,
        r#"<text x="0" y="24" font-size="22" font-weight="bold" fill="{}">{}</text>"#,
        c.text,
        esc(&name)
    );
    let mut parts = Vec::new();
    if !options.project_name.is_empty() {
        parts.push(options.project_name.clone());
    }
    let personas: Vec<&str> = project.personas().iter().map(|p| p.name.as_str()).collect();
    if !personas.is_empty() {
        parts.push(format!("Personas: {}", personas.join(", ")));
    }
    if let Scope::Stages { from, to } = options.scope {
        parts.push(format!("Stages {from}–{to}"));
    }
    if !options.date.is_empty() {
        parts.push(options.date.clone());
    }
    let line = text::fit(&parts.join(" · "), 13.0, Weight::Regular, width);
    let _ = write!(
        out,
        r#"<text x="0" y="46" font-size="13" fill="{}">{}</text>"#,
        c.muted,
        esc(&line)
    );
}

fn draw_map(
    out: &mut String,
    project: &Project,
    journey: &Journey,
    layout: &Layout,
    theme: &Theme,
    c: &Palette,
    feedback: Option<&Feedback>,
) {
    // Stage columns with alternating fills.
    for (i, stage) in layout.stages.iter().enumerate() {
        let r = stage.rect;
        if i % 2 == 1 {
            rect(out, r, &c.stage_odd, None, 0.0);
        }
        line(out, r.right(), r.y, r.right(), r.bottom(), &c.line, 1.0);
    }
    // Lane rows with their headers.
    for (lane_box, lane) in layout.lanes.iter().zip(journey.lanes()) {
        let (r, h) = (lane_box.rect, lane_box.header);
        line(out, r.x, r.bottom(), r.right(), r.bottom(), &c.line, 1.0);
        rect(out, h, &c.lane_header, None, 0.0);
        line(out, h.right(), h.y, h.right(), h.bottom(), &c.line, 2.0);
        let bar = match lane.kind {
            LaneKind::PainPoints => Some(&c.pain),
            LaneKind::Opportunities => Some(&c.opportunity),
            _ => None,
        };
        if let Some(colour) = bar {
            rect(out, Rect { width: 4.0, ..h }, colour, None, 0.0);
        }
        let mut y = h.y + 10.0 + 14.0;
        for name_line in text::wrap(&lane.name, 14.0, Weight::Bold, h.width - 24.0, 2) {
            text_at(out, h.x + 12.0, y, 14.0, Weight::Bold, &c.text, &name_line);
            y += 17.0;
        }
        let kind = capitalise(&lane.kind.as_str().replace('_', " "));
        text_at(out, h.x + 12.0, y, 12.0, Weight::Regular, &c.muted, &kind);
    }
    // Stage headers over the columns.
    for (i, (stage_box, stage)) in layout.stages.iter().zip(journey.stages()).enumerate() {
        let h = stage_box.header;
        rect(out, h, &c.surface, None, 0.0);
        line(out, h.x, h.bottom(), h.right(), h.bottom(), &c.line, 2.0);
        line(out, h.right(), h.y, h.right(), h.bottom(), &c.line, 1.0);
        let number = format!("{}", i + 1);
        let baseline = h.y + h.height / 2.0 + 6.0;
        text_at(
            out,
            h.x + 14.0,
            baseline,
            16.0,
            Weight::Regular,
            &c.muted,
            &number,
        );
        let offset = 14.0 + text::width(&number, 16.0, Weight::Regular) + 8.0;
        let name = text::fit(&stage.name, 16.0, Weight::Bold, h.width - offset - 14.0);
        text_at(
            out,
            h.x + offset,
            baseline,
            16.0,
            Weight::Bold,
            &c.text,
            &name,
        );
    }
    draw_emotions(out, project, layout, c);
    // Flows under the cards, as on the canvas.
    for route in &layout.flows {
        let Some(flow) = journey.flow(route.id) else {
            continue;
        };
        let (colour, dash) = c.flow_style(flow.kind);
        let _ = write!(
            out,
            r#"<path d="{}" fill="none" stroke="{colour}" stroke-width="1.6"{} marker-end="url(#arrow-{})"/>"#,
            path_data(&route.points),
            dash.map(|d| format!(r#" stroke-dasharray="{d}""#))
                .unwrap_or_default(),
            flow.kind.as_str(),
        );
    }
    for card_box in &layout.cards {
        if let Some(card) = journey.card(card_box.id) {
            let score = feedback.and_then(|f| Some((f, f.score(card.id)?)));
            draw_card(out, journey, card, card_box.rect, theme, c, score);
        }
    }
    for route in &layout.flows {
        let Some(label) = journey.flow(route.id).and_then(|f| f.label.as_deref()) else {
            continue;
        };
        let Some(place) = route.label else {
            continue;
        };
        // The layout placed the box (see waymark_core::routes); the text, measured here, is centred in it.
        let label = text::fit(label, 12.0, Weight::Regular, 160.0);
        let w = text::width(&label, 12.0, Weight::Regular) + 8.0;
        let r = Rect {
            x: place.x + (place.width - w) / 2.0,
            y: place.y,
            width: w,
            height: place.height,
        };
        rect(out, r, &c.surface, Some(&c.line), 4.0);
        text_at(
            out,
            r.x + 4.0,
            r.y + 13.0,
            12.0,
            Weight::Regular,
            &c.text,
            &label,
        );
    }
}

fn draw_card(
    out: &mut String,
    journey: &Journey,
    card: &waymark_core::model::Card,
    r: Rect,
    theme: &Theme,
    c: &Palette,
    score: Option<(&Feedback, &CardScore)>,
) {
    let kind = card.fields.kind;
    let (fill, border) = c.card_colours(kind);
    let heat = score
        .filter(|(f, _)| f.heatmap)
        .map(|(f, s)| crate::theme::heat_colour(f.metric.position(s.value)));
    let fill = heat.as_deref().unwrap_or(fill);
    let radius = if kind == CardKind::Thought { 16.0 } else { 8.0 };
    let dash = if kind == CardKind::Opportunity {
        r#" stroke-dasharray="4 3""#
    } else {
        ""
    };
    // Drawn in the card's own coordinates, so the shared card clip fits every card.
    let _ = write!(
        out,
        r#"<g transform="translate({} {})"><rect width="{}" height="{}" rx="{radius}" fill="{fill}" stroke="{border}"{dash}/>"#,
        num(r.x),
        num(r.y),
        num(r.width),
        num(r.height),
    );
    let emphasised = matches!(kind, CardKind::PainPoint | CardKind::Opportunity);
    if emphasised {
        // The canvas's 5 px left border, inside the rounded corners.
        let _ = write!(
            out,
            r#"<rect width="5" height="{}" fill="{border}" clip-path="url(#card-clip)"/>"#,
            num(r.height)
        );
    }
    let inset = if emphasised { 12.0 } else { 10.0 };
    let inner = theme.card_width - inset - 10.0;
    let label_colour = match kind {
        CardKind::PainPoint => &c.pain,
        CardKind::Opportunity => &c.opportunity,
        _ => &c.muted,
    };
    let label = kind.as_str().replace('_', " ").to_uppercase();
    let _ = write!(
        out,
        r#"<text x="{inset}" y="19" font-size="11" letter-spacing="0.44" fill="{label_colour}">{}</text>"#,
        esc(&label)
    );
    let mut y = 36.0;
    for title_line in text::wrap(&card.fields.title, 14.0, Weight::Bold, inner, 2) {
        text_at(out, inset, y, 14.0, Weight::Bold, &c.text, &title_line);
        y += 17.5;
    }
    draw_tags(out, &card.fields.tags, r, inset, inner, c);
    if let Some((feedback, s)) = score {
        draw_score_badge(out, feedback, s, r, c);
    }
    let dots = journey.dots(card.id);
    if dots > 0 {
        let label = format!("● {dots}");
        let w = text::width(&label, 12.0, Weight::Bold);
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" font-size="12" font-weight="bold" fill="{}">{label}</text>"#,
            num(r.width - 10.0 - w),
            num(r.height - 10.0),
            c.accent
        );
    }
    out.push_str("</g>");
}

/// Tag chips along the card's bottom edge, as many as fit in one row.
fn draw_tags(out: &mut String, tags: &[String], r: Rect, inset: f64, inner: f64, c: &Palette) {
    let mut x = inset;
    let baseline = r.height - 12.0;
    for tag in tags {
        let w = text::width(tag, 11.0, Weight::Regular) + 8.0;
        if x + w > inset + inner {
            break;
        }
        let chip = Rect {
            x,
            y: baseline - 11.0,
            width: w,
            height: 15.0,
        };
        rect(out, chip, &c.stage_odd, None, 4.0);
        text_at(out, x + 4.0, baseline, 11.0, Weight::Regular, &c.text, tag);
        x += w + 3.0;
    }
}

/// The score badge in the card's top right corner: value and n, with the interval as its tooltip; dashed when
/// the score is of low confidence.
fn draw_score_badge(out: &mut String, feedback: &Feedback, s: &CardScore, r: Rect, c: &Palette) {
    let label = format!("{} n={}", format_value(s.value, &feedback.metric), s.n);
    let w = text::width(&label, 11.0, Weight::Bold) + 10.0;
    let dash = if s.low_confidence {
        r#" stroke-dasharray="3 2""#
    } else {
        ""
    };
    let _ = write!(
        out,
        r#"<g><title>{}</title><rect x="{}" y="{}" width="{}" height="16" rx="8" fill="{}" stroke="{}"{dash}/>"#,
        esc(&format!(
            "95% interval {} to {}, n = {}{}",
            format_value(s.low, &feedback.metric),
            format_value(s.high, &feedback.metric),
            s.n,
            if s.low_confidence {
                " (low confidence)"
            } else {
                ""
            }
        )),
        num(r.width - 6.0 - w),
        4,
        num(w),
        c.surface,
        c.card_border
    );
    text_at(
        out,
        r.width - 1.0 - w,
        16.0,
        11.0,
        Weight::Bold,
        &c.text,
        &label,
    );
    out.push_str("</g>");
}

fn draw_emotions(out: &mut String, project: &Project, layout: &Layout, c: &Palette) {
    let Some(band) = layout.emotion_band else {
        return;
    };
    let x0 = layout.lanes.first().map_or(0.0, |l| l.header.right());
    for value in [2.0, 0.0, -2.0] {
        let y = band.y(value);
        let _ = write!(
            out,
            r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-dasharray="3 4"/>"#,
            num(x0),
            num(layout.width),
            c.line,
            y = num(y),
        );
        let label = if value > 0.0 {
            format!("+{value}")
        } else {
            format!("{value}")
        };
        text_at(
            out,
            x0 + 4.0,
            y - 3.0,
            11.0,
            Weight::Regular,
            &c.muted,
            &label,
        );
    }
    let count = layout.emotion_curves.len() as f64;
    for (p, curve) in layout.emotion_curves.iter().enumerate() {
        let colour = persona_colour(p);
        let points: Vec<String> = curve
            .points
            .iter()
            .map(|pt| format!("{},{}", num(pt.x), num(pt.y)))
            .collect();
        let name = project
            .persona(curve.persona)
            .map_or("", |p| p.name.as_str());
        let _ = write!(
            out,
            r#"<g><title>{}</title><polyline points="{}" fill="none" stroke="{colour}" stroke-width="2.5"/>"#,
            esc(name),
            points.join(" ")
        );
        // Side by side at each stage, as the canvas's handles.
        let shift = (p as f64 - (count - 1.0) / 2.0) * 10.0;
        for pt in &curve.points {
            let _ = write!(
                out,
                r#"<circle cx="{}" cy="{}" r="7" fill="{colour}" stroke="{colour}"/>"#,
                num(pt.x + shift),
                num(pt.y)
            );
        }
        out.push_str("</g>");
    }
}

/// The legend: card kinds, flow kinds and persona curves. Returns its width.
fn draw_legend(out: &mut String, project: &Project, c: &Palette) -> f64 {
    let mut x = 0.0;
    let mut item = |out: &mut String, swatch: &dyn Fn(&mut String, f64), label: &str| {
        swatch(out, x);
        text_at(out, x + 34.0, 18.0, 12.0, Weight::Regular, &c.text, label);
        x += 34.0 + text::width(label, 12.0, Weight::Regular) + 20.0;
    };
    for (kind, label) in [
        (CardKind::PainPoint, "Pain point"),
        (CardKind::Opportunity, "Opportunity"),
    ] {
        let (fill, border) = c.card_colours(kind);
        let dash = if kind == CardKind::Opportunity {
            r#" stroke-dasharray="4 3""#
        } else {
            ""
        };
        item(
            out,
            &|out, x| {
                let _ = write!(
                    out,
                    r#"<rect x="{}" y="6" width="26" height="16" rx="4" fill="{fill}" stroke="{border}"{dash}/>"#,
                    num(x)
                );
            },
            label,
        );
    }
    for (kind, label) in [
        (FlowKind::HappyPath, "Happy path"),
        (FlowKind::Alternative, "Alternative"),
        (FlowKind::Failure, "Failure"),
        (FlowKind::Loop, "Loop"),
    ] {
        let (colour, dash) = c.flow_style(kind);
        item(
            out,
            &|out, x| {
                let _ = write!(
                    out,
                    r#"<path d="M{} 14h22" stroke="{colour}" stroke-width="1.6"{} marker-end="url(#arrow-{})"/>"#,
                    num(x),
                    dash.map(|d| format!(r#" stroke-dasharray="{d}""#))
                        .unwrap_or_default(),
                    kind.as_str()
                );
            },
            label,
        );
    }
    for (p, persona) in project.personas().iter().enumerate() {
        let colour = persona_colour(p);
        item(
            out,
            &|out, x| {
                let _ = write!(
                    out,
                    r#"<path d="M{} 14h26" stroke="{colour}" stroke-width="2.5"/><circle cx="{}" cy="14" r="4" fill="{colour}"/>"#,
                    num(x),
                    num(x + 13.0)
                );
            },
            &persona.name,
        );
    }
    x
}

/// The metric's definition and, with the heatmap, its colour scale; returns the height it adds below the legend.
fn draw_feedback_legend(out: &mut String, feedback: &Feedback, c: &Palette, top: f64) -> f64 {
    let mut x = 0.0;
    if feedback.heatmap {
        for (i, position) in [0.0, 0.25, 0.5, 0.75, 1.0].into_iter().enumerate() {
            let _ = write!(
                out,
                r#"<rect x="{}" y="{}" width="14" height="12" fill="{}"/>"#,
                num(i as f64 * 14.0),
                num(top + 6.0),
                crate::theme::heat_colour(position)
            );
        }
        x = 5.0 * 14.0 + 10.0;
    }
    let line = format!(
        "{}. Badges: value and n; dashed under {} responses.",
        feedback.metric.description, feedback.min_n
    );
    text_at(out, x, top + 16.0, 12.0, Weight::Regular, &c.text, &line);
    LEGEND_HEIGHT
}

fn write_defs(out: &mut String, c: &Palette, theme: &Theme) {
    out.push_str("<defs>");
    let _ = write!(
        out,
        r#"<clipPath id="card-clip"><rect width="{}" height="{}" rx="8"/></clipPath>"#,
        num(theme.card_width),
        num(theme.card_height)
    );
    for kind in FlowKind::ALL {
        let (colour, _) = c.flow_style(*kind);
        let _ = write!(
            out,
            r#"<marker id="arrow-{}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="{colour}"/></marker>"#,
            kind.as_str()
        );
    }
    out.push_str("</defs>");
}

fn rect(out: &mut String, r: Rect, fill: &str, stroke: Option<&str>, radius: f64) {
    let _ = write!(
        out,
        r#"<rect x="{}" y="{}" width="{}" height="{}""#,
        num(r.x),
        num(r.y),
        num(r.width),
        num(r.height)
    );
    if radius > 0.0 {
        let _ = write!(out, r#" rx="{}""#, num(radius));
    }
    let _ = write!(out, r#" fill="{fill}""#);
    if let Some(s) = stroke {
        let _ = write!(out, r#" stroke="{s}""#);
    }
    out.push_str("/>");
}

fn line(out: &mut String, x1: f64, y1: f64, x2: f64, y2: f64, colour: &str, width: f64) {
    let _ = write!(
        out,
        r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{colour}" stroke-width="{}"/>"#,
        num(x1),
        num(y1),
        num(x2),
        num(y2),
        num(width)
    );
}

fn text_at(out: &mut String, x: f64, y: f64, size: f64, weight: Weight, fill: &str, content: &str) {
    let bold = if weight == Weight::Bold {
        r#" font-weight="bold""#
    } else {
        ""
    };
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" font-size="{}"{bold} fill="{fill}">{}</text>"#,
        num(x),
        num(y),
        num(size),
        esc(content)
    );
}

fn path_data(points: &[Point]) -> String {
    let mut d = String::new();
    for (i, p) in points.iter().enumerate() {
        let _ = write!(
            d,
            "{}{} {}",
            if i == 0 { "M" } else { "L" },
            num(p.x),
            num(p.y)
        );
    }
    d
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A coordinate with at most two decimals and no trailing zeros, so output is stable and small.
fn num(v: f64) -> String {
    let rounded = (v * 100.0).round() / 100.0;
    let s = format!("{rounded:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// Text for XML content or attributes: markup characters escaped, characters XML cannot hold dropped.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.35");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(0.5), "0.5");
    }

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        assert_eq!(
            esc("<b>\"A&B\"</b>\u{0}\u{7}"),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;"
        );
    }
}
