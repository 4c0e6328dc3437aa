//! SVG → PDF as vectors with selectable text: svg2pdf turns the map into one form XObject, and every page shows
//! a window onto it. [`PdfLayout::plan`] decides the pages: one page, scaled down, whenever the map's smallest
//! text stays at or above [`MIN_TEXT_PT`] on it; otherwise tiles at the scale where that text is just legible,
//! the fewest that cover the map, with the map spread evenly over them so that no tile is nearly empty. Tiles
//! overlap, carry marks where the next one starts, and are labelled with their place.

use crate::RenderError;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use resvg::usvg;
use std::collections::HashMap;

/// A PDF page size; over IPC and in JSON as `a4`, `a3`, `letter` or `fit`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum PageSize {
    A4,
    A3,
    Letter,
    /// One page exactly the size of the map.
    #[default]
    Fit,
}

impl std::str::FromStr for PageSize {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "a4" => Ok(PageSize::A4),
            "a3" => Ok(PageSize::A3),
            "letter" => Ok(PageSize::Letter),
            "fit" => Ok(PageSize::Fit),
            _ => Err(format!(
                "unknown page size '{s}' (expected a4, a3, letter or fit)"
            )),
        }
    }
}

impl PageSize {
    /// Landscape width and height in points, or `None` for fit-to-content.
    fn landscape(self) -> Option<(f32, f32)> {
        match self {
            PageSize::A4 => Some((841.89, 595.28)),
            PageSize::A3 => Some((1190.55, 841.89)),
            PageSize::Letter => Some((792.0, 612.0)),
            PageSize::Fit => None,
        }
    }

    /// The name a sentence uses: "A4", "Letter", "map-sized".
    pub fn label(self) -> &'static str {
        match self {
            PageSize::A4 => "A4",
            PageSize::A3 => "A3",
            PageSize::Letter => "Letter",
            PageSize::Fit => "map-sized",
        }
    }
}

/// How the map is put on pages of a chosen size; over IPC and in JSON as `auto`, `fit` or `tile` (absent in
/// older requests: `auto`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum PdfPages {
    /// One page whenever the text stays legible on it ([`MIN_TEXT_PT`]), else tiles at a legible scale.
    #[default]
    Auto,
    /// One page, however small the text gets.
    Fit,
    /// Tiles at print size (100 %: the text as large as on the canvas at 100 % zoom).
    Tile,
}

/// Whether a PDF is one page with the whole map, or tiles that are put together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum PdfMode {
    Fit,
    Tile,
}

/// How a map lands on pages, as the export writes it and the preview reports it.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PdfLayout {
    pub mode: PdfMode,
    /// `columns × rows`.
    pub pages: usize,
    pub columns: usize,
    pub rows: usize,
    /// The size the map's smallest text prints at, in points.
    pub text_pt: f32,
    /// [`MIN_TEXT_PT`], so a front end can say what "legible" means without a copy of the number.
    pub min_text_pt: f32,
    /// Whether `text_pt` is at least `min_text_pt` (only a forced one-page PDF can be smaller).
    pub legible: bool,
}

/// The smallest text size, in points, a map is printed with unless one page is asked for whatever the size.
///
/// The map's smallest text is 11 px: card kind labels (in capitals), tags, score badges, the emotion scale and
/// comment markers; the text the map is read by — card and lane titles — is 14 px bold, stage names 16 px. At
/// print size (1 px = 0.75 pt) the smallest is 8.25 pt. The rule: **no text below 4 pt**, so card titles never
/// below 5.1 pt. Why not the 6 pt floor usually given for print: that floor is for text faces like Times, whose
/// lowercase is 0.45 em high, and the bundled DejaVu Sans has an x-height of 0.55 em (capitals 0.73 em). Card
/// titles at 5.1 pt DejaVu have lowercase letters 1 mm high, as tall as 6.2 pt Times, so the titles meet the 6
/// pt floor by the measure that matters for reading; the 11 px labels at 4 pt have capitals 1 mm high and
/// lowercase 0.77 mm — fine print, still readable without a loupe. This keeps a 40-card map (the sample, at 4.2
/// pt) on one A4 page rather than six; anything that would go smaller is tiled instead.
pub const MIN_TEXT_PT: f32 = 4.0;

/// CSS pixels to points: 1 px = 1/96 in, 1 pt = 1/72 in.
const PT_PER_PX: f32 = 0.75;
/// The page margin: 7 mm, clear of the unprintable edge of office printers (about 4–5 mm).
const MARGIN: f32 = 20.0;
/// Below a tile, for its label.
const LABEL_SPACE: f32 = 14.0;
/// How much neighbouring tiles share (10 mm), so nothing is lost in the cut and there is room to glue.
const OVERLAP: f32 = 28.0;
/// The font size of a tile's label.
const LABEL_PT: f32 = 8.0;
/// Text the map draws without a size of its own gets the SVG's root size.
const DEFAULT_TEXT_PX: f32 = 14.0;

/// What the page layout needs to know about a map.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapSize {
    /// CSS pixels.
    pub width: f32,
    pub height: f32,
    /// The smallest font size any text of the map is drawn with, in CSS pixels.
    pub smallest_text_px: f32,
}

impl MapSize {
    /// Reads the size and the smallest text of an SVG this crate wrote.
    pub fn of(svg: &str) -> Result<MapSize, RenderError> {
        Ok(MapSize::of_tree(&crate::tree(svg)?))
    }

    fn of_tree(tree: &usvg::Tree) -> MapSize {
        MapSize {
            width: tree.size().width(),
            height: tree.size().height(),
            smallest_text_px: smallest_text(tree.root()).unwrap_or(DEFAULT_TEXT_PX),
        }
    }
}

/// The smallest font size of the text under `group`, as drawn (transforms applied).
fn smallest_text(group: &usvg::Group) -> Option<f32> {
    group
        .children()
        .iter()
        .filter_map(|node| match node {
            usvg::Node::Group(g) => smallest_text(g),
            usvg::Node::Text(text) => {
                let (sx, sy) = text.abs_transform().get_scale();
                text.chunks()
                    .iter()
                    .filter(|chunk| !chunk.text().trim().is_empty())
                    .flat_map(|chunk| chunk.spans())
                    .map(|span| span.font_size().get() * sx.min(sy))
                    .reduce(f32::min)
            }
            _ => None,
        })
        .reduce(f32::min)
}

/// Where everything goes on the pages.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Plan {
    layout: PdfLayout,
    page_width: f32,
    page_height: f32,
    /// Points per CSS pixel of the map.
    scale: f32,
    /// The part of the map each page shows, in points: the whole map on one page; on tiles an equal share of it
    /// plus the overlap.
    window: (f32, f32),
}

impl Plan {
    /// The window's top-left corner on the page (PDF coordinates, y up): centred in the printable area.
    fn window_origin(&self) -> (f32, f32) {
        let (w, h) = self.window;
        match self.layout.mode {
            PdfMode::Fit => ((self.page_width - w) / 2.0, (self.page_height + h) / 2.0),
            PdfMode::Tile => {
                let (area_w, area_h) = tile_area(self.page_width, self.page_height);
                (
                    MARGIN + (area_w - w) / 2.0,
                    self.page_height - MARGIN - (area_h - h) / 2.0,
                )
            }
        }
    }
}

/// A tile's printable area: the page inside its margins, less the label's line.
fn tile_area(page_width: f32, page_height: f32) -> (f32, f32) {
    (
        page_width - 2.0 * MARGIN,
        page_height - 2.0 * MARGIN - LABEL_SPACE,
    )
}

/// How many tiles of `area` points, overlapping by [`OVERLAP`], cover `content` points.
fn tiles(content: f32, area: f32) -> usize {
    // A hair of tolerance, so a map that exactly fits is not given an extra row of rounding error.
    ((content - OVERLAP) / (area - OVERLAP) - 1e-4)
        .ceil()
        .max(1.0) as usize
}

impl PdfLayout {
    /// The pages for `map` on `page`: see [`PdfPages`].
    pub fn plan(map: &MapSize, page: PageSize, pages: PdfPages) -> PdfLayout {
        plan(map, page, pages).layout
    }
}

fn plan(map: &MapSize, page: PageSize, pages: PdfPages) -> Plan {
    let (width, height) = (map.width.max(1.0), map.height.max(1.0));
    let layout = |mode, columns: usize, rows: usize, scale: f32| {
        let text_pt = map.smallest_text_px * scale;
        PdfLayout {
            mode,
            pages: columns * rows,
            columns,
            rows,
            text_pt,
            min_text_pt: MIN_TEXT_PT,
            legible: text_pt >= MIN_TEXT_PT - 1e-3,
        }
    };
    let Some((long, short)) = page.landscape() else {
        return Plan {
            layout: layout(PdfMode::Fit, 1, 1, PT_PER_PX),
            page_width: width * PT_PER_PX,
            page_height: height * PT_PER_PX,
            scale: PT_PER_PX,
            window: (width * PT_PER_PX, height * PT_PER_PX),
        };
    };
    // Landscape first: on a tie it is kept.
    let orientations = [(long, short), (short, long)];

    // One page: the largest scale (at most print size) at which the map fits inside the margins.
    let fit_scale = |(pw, ph): (f32, f32)| {
        ((pw - 2.0 * MARGIN) / width)
            .min((ph - 2.0 * MARGIN) / height)
            .min(PT_PER_PX)
    };
    let (fit_page, scale) = orientations
        .into_iter()
        .map(|o| (o, fit_scale(o)))
        .reduce(|best, next| if next.1 > best.1 { next } else { best })
        .expect("two orientations");
    let one_page = layout(PdfMode::Fit, 1, 1, scale);
    if pages == PdfPages::Fit || (pages == PdfPages::Auto && one_page.legible) {
        return Plan {
            layout: one_page,
            page_width: fit_page.0,
            page_height: fit_page.1,
            scale,
            window: (width * scale, height * scale),
        };
    }

    // Tiles: the fewest that cover the map at the scale where its smallest text is just legible (or at print
    // size when asked for tiles), then the largest scale up to print size that still fits that grid, so the
    // map fills the tiles and the text is as large as those pages allow.
    let base = match pages {
        PdfPages::Tile => PT_PER_PX,
        _ => (MIN_TEXT_PT / map.smallest_text_px).min(PT_PER_PX),
    };
    let grid = |(pw, ph): (f32, f32)| {
        let (area_w, area_h) = tile_area(pw, ph);
        let (columns, rows) = (tiles(width * base, area_w), tiles(height * base, area_h));
        let reach = |n: usize, area: f32| n as f32 * (area - OVERLAP) + OVERLAP;
        let scale = PT_PER_PX
            .min(reach(columns, area_w) / width)
            .min(reach(rows, area_h) / height)
            .max(base);
        ((pw, ph), columns, rows, scale)
    };
    let ((page_width, page_height), columns, rows, scale) = orientations
        .into_iter()
        .map(grid)
        .reduce(|best, next| {
            let fewer = next.1 * next.2 < best.1 * best.2;
            let larger = next.1 * next.2 == best.1 * best.2 && next.3 > best.3;
            if fewer || larger { next } else { best }
        })
        .expect("two orientations");
    // Each tile shows an equal share of the map plus the overlap with its neighbours.
    let share = |content: f32, n: usize| (content + (n - 1) as f32 * OVERLAP) / n as f32;
    Plan {
        layout: layout(PdfMode::Tile, columns, rows, scale),
        page_width,
        page_height,
        scale,
        window: (share(width * scale, columns), share(height * scale, rows)),
    }
}

/// The PDF of `svg` on pages of `page` size, laid out as `pages` asks; `title` goes into the document info and
/// the tiles' labels.
pub fn render(
    svg: &str,
    page: PageSize,
    pages: PdfPages,
    title: &str,
) -> Result<Vec<u8>, RenderError> {
    let tree = crate::tree(svg)?;
    let map = MapSize::of_tree(&tree);
    let plan = plan(&map, page, pages);
    let (chunk, map_ref) = svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
        .map_err(|e| RenderError::Pdf(e.to_string()))?;

    let mut next = Ref::new(1);
    let catalog = next.bump();
    let page_tree = next.bump();
    let font = next.bump();
    let info = next.bump();
    let mut renumbered = HashMap::new();
    let chunk = chunk.renumber(|old| *renumbered.entry(old).or_insert_with(|| next.bump()));
    let map_ref = renumbered[&map_ref];
    let layout = plan.layout;
    let page_refs: Vec<(Ref, Ref)> = (0..layout.pages)
        .map(|_| (next.bump(), next.bump()))
        .collect();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(page_tree);
    pdf.pages(page_tree)
        .kids(page_refs.iter().map(|(page, _)| *page))
        .count(page_refs.len() as i32);
    pdf.type1_font(font).base_font(Name(b"Helvetica"));
    pdf.document_info(info)
        .title(TextStr(title))
        .creator(TextStr("Waymark"));

    let (content_w, content_h) = (map.width * plan.scale, map.height * plan.scale);
    let (window_w, window_h) = plan.window;
    let (left, top) = plan.window_origin();
    let tiled = layout.mode == PdfMode::Tile;
    for (index, &(page_ref, content_ref)) in page_refs.iter().enumerate() {
        let (row, column) = (index / layout.columns, index % layout.columns);
        let mut page = pdf.page(page_ref);
        page.media_box(Rect::new(0.0, 0.0, plan.page_width, plan.page_height));
        page.parent(page_tree);
        page.contents(content_ref);
        let mut resources = page.resources();
        resources.x_objects().pair(Name(b"Map"), map_ref);
        resources.fonts().pair(Name(b"Label"), font);
        resources.finish();
        page.finish();

        // This page's window onto the map, clipped.
        let shift_x = column as f32 * (window_w - OVERLAP);
        let shift_y = row as f32 * (window_h - OVERLAP);
        let mut content = Content::new();
        content.save_state();
        content
            .rect(left, top - window_h, window_w, window_h)
            .clip_nonzero()
            .end_path();
        content.transform([
            content_w,
            0.0,
            0.0,
            content_h,
            left - shift_x,
            top + shift_y - content_h,
        ]);
        content.x_object(Name(b"Map"));
        content.restore_state();
        if tiled {
            let neighbours = Neighbours {
                left: column > 0,
                right: column + 1 < layout.columns,
                above: row > 0,
                below: row + 1 < layout.rows,
            };
            overlap_marks(&mut content, (left, top), plan.window, neighbours);
            let place = format!(
                " - page {} of {} (row {} of {}, column {} of {}); pages overlap by {} mm",
                index + 1,
                layout.pages,
                row + 1,
                layout.rows,
                column + 1,
                layout.columns,
                (OVERLAP / 72.0 * 25.4).round()
            );
            // The label stays inside the printable width: a long title is shortened, never the place.
            let room = label_chars(plan.page_width - 2.0 * MARGIN).saturating_sub(place.len());
            let label = format!("{}{place}", shorten(&ascii(title), room));
            content
                .begin_text()
                .set_font(Name(b"Label"), LABEL_PT)
                .next_line(MARGIN, MARGIN)
                .show(Str(label.as_bytes()))
                .end_text();
        }
        pdf.stream(content_ref, &content.finish());
    }
    pdf.extend(&chunk);
    Ok(pdf.finish())
}

/// Which sides of a tile another tile continues.
#[derive(Clone, Copy)]
struct Neighbours {
    left: bool,
    right: bool,
    above: bool,
    below: bool,
}

/// Short grey ticks outside the window where a neighbouring tile's window begins: line the next page's edge up
/// with them (and the previous page's edge with the ticks on its own side).
fn overlap_marks(
    content: &mut Content,
    (left, top): (f32, f32),
    (w, h): (f32, f32),
    n: Neighbours,
) {
    const GAP: f32 = 2.0;
    const LENGTH: f32 = 6.0;
    let bottom = top - h;
    let right = left + w;
    content.save_state();
    content.set_stroke_gray(0.55).set_line_width(0.5);
    let mut tick = |x1: f32, y1: f32, x2: f32, y2: f32| {
        content.move_to(x1, y1).line_to(x2, y2);
    };
    // Vertical ticks above and below the window at the x where a side neighbour's window ends or begins.
    let mut xs = Vec::new();
    if n.left {
        xs.push(left + OVERLAP);
    }
    if n.right {
        xs.push(right - OVERLAP);
    }
    for x in xs {
        tick(x, top + GAP, x, top + GAP + LENGTH);
        tick(x, bottom - GAP, x, bottom - GAP - LENGTH);
    }
    let mut ys = Vec::new();
    if n.above {
        ys.push(top - OVERLAP);
    }
    if n.below {
        ys.push(bottom + OVERLAP);
    }
    for y in ys {
        tick(left - GAP, y, left - GAP - LENGTH, y);
        tick(right + GAP, y, right + GAP + LENGTH, y);
    }
    content.stroke();
    content.restore_state();
}

/// How many characters of the label font fit in `width` points, counting every character as wide as Helvetica's
/// widest common ones (0.61 em: capitals such as N, U, H), so the estimate errs on the short side.
fn label_chars(width: f32) -> usize {
    (width / (LABEL_PT * 0.61)).floor() as usize
}

/// `text` cut to at most `max` characters, ending in "..." when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let kept: String = text.chars().take(max.saturating_sub(3)).collect();
    format!("{}...", kept.trim_end())
}

/// The page label's font is the PDF base Helvetica, which only knows Latin-1: other characters become '?'.
fn ascii(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() {
                c
            } else {
                '?'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const A4: (f32, f32) = (841.89, 595.28);

    fn map(width: f32, height: f32) -> MapSize {
        MapSize {
            width,
            height,
            smallest_text_px: 11.0,
        }
    }

    #[test]
    fn a_map_legible_on_one_page_gets_one_page_scaled_down() {
        // 1600 × 1400 px on A4 landscape inside 20 pt margins: the height decides, 555.28 / 1400 pt per px.
        let plan = plan(&map(1600.0, 1400.0), PageSize::A4, PdfPages::Auto);
        assert_eq!(plan.layout.mode, PdfMode::Fit);
        assert_eq!(plan.layout.pages, 1);
        assert_eq!((plan.page_width, plan.page_height), A4);
        let expected = 11.0 * (595.28 - 40.0) / 1400.0;
        assert!((plan.layout.text_pt - expected).abs() < 1e-3, "{plan:?}");
        assert!(plan.layout.legible);
        // A small map is printed at print size, not blown up.
        let small = PdfLayout::plan(&map(300.0, 200.0), PageSize::A4, PdfPages::Auto);
        assert_eq!((small.pages, small.text_pt), (1, 8.25));
    }

    #[test]
    fn a_tall_map_turns_the_page_to_portrait() {
        let plan = plan(&map(900.0, 1600.0), PageSize::A4, PdfPages::Auto);
        assert_eq!((plan.page_width, plan.page_height), (A4.1, A4.0));
        assert_eq!(plan.layout.pages, 1);
    }

    #[test]
    fn a_map_too_big_for_one_legible_page_is_tiled_evenly_at_a_legible_size() {
        // 6000 × 1500 px: on one A4 page its 11 px text would be 11 × 801.89 / 6000 = 1.5 pt.
        let big = map(6000.0, 1500.0);
        let plan = plan(&big, PageSize::A4, PdfPages::Auto);
        let l = plan.layout;
        assert_eq!(l.mode, PdfMode::Tile);
        assert!(l.legible && l.text_pt <= 8.25, "{l:?}");
        assert_eq!(l.pages, l.columns * l.rows);
        // At 4 pt for 11 px text the map is 2182 × 545 pt; landscape tiles show 801.89 × 541.28 pt of it with
        // 28 pt of overlap: 3 × 2 tiles; portrait (555.28 × 787.89): 5 × 1. Five pages, in portrait.
        assert_eq!((l.columns, l.rows), (5, 1), "{plan:?}");
        assert_eq!((plan.page_width, plan.page_height), (A4.1, A4.0));
        // Every tile shows an equal share: together they cover the map, each no larger than the printable area.
        let (w, h) = plan.window;
        let (area_w, area_h) = tile_area(plan.page_width, plan.page_height);
        assert!(w <= area_w + 1e-3 && h <= area_h + 1e-3, "{plan:?}");
        let covered = l.columns as f32 * (w - OVERLAP) + OVERLAP;
        assert!((covered - 6000.0 * plan.scale).abs() < 1e-2);
        // The scale grew from 4 pt text until the five columns are full.
        assert!((w - area_w).abs() < 1e-2, "{plan:?}");
    }

    #[test]
    fn fit_and_tile_can_be_forced() {
        let sample = map(1600.0, 1400.0);
        let tiles = PdfLayout::plan(&sample, PageSize::A4, PdfPages::Tile);
        assert_eq!(tiles.mode, PdfMode::Tile);
        assert_eq!(tiles.text_pt, 8.25, "forced tiles print at print size");
        assert!(tiles.pages > 1);
        let one = PdfLayout::plan(&map(6000.0, 1500.0), PageSize::A4, PdfPages::Fit);
        assert_eq!((one.mode, one.pages), (PdfMode::Fit, 1));
        assert!(!one.legible && one.text_pt < MIN_TEXT_PT);
    }

    #[test]
    fn the_map_sized_page_is_one_page_at_print_size() {
        let fit = plan(&map(6000.0, 1500.0), PageSize::Fit, PdfPages::Tile);
        assert_eq!((fit.layout.pages, fit.page_width), (1, 4500.0));
        assert_eq!(fit.layout.text_pt, 8.25);
    }

    #[test]
    fn long_titles_are_shortened_in_labels() {
        assert_eq!(shorten("Ordering", 20), "Ordering");
        assert_eq!(shorten("Ordering groceries online", 12), "Ordering...");
    }
}
