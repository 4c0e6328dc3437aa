//! SVG → PDF as vectors with selectable text: svg2pdf turns the map into one form XObject, and every page shows
//! a window onto it. A map that fits a page at a readable size gets one page; a larger one is tiled at print size
//! over several pages that overlap, each labelled with its place.

use crate::RenderError;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
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
}

/// CSS pixels to points: 1 px = 1/96 in, 1 pt = 1/72 in.
const PT_PER_PX: f32 = 0.75;
/// Below this fraction of print size text gets too small to read, so the map is tiled instead of shrunk.
const MIN_SHRINK: f32 = 0.5;
const MARGIN: f32 = 28.0;
const LABEL_SPACE: f32 = 14.0;
/// How much neighbouring tiles share, so nothing is lost in the cut.
const OVERLAP: f32 = 28.0;

/// How the map lands on pages.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pagination {
    pub page_width: f32,
    pub page_height: f32,
    /// Points per CSS pixel of the map.
    pub scale: f32,
    pub columns: usize,
    pub rows: usize,
}

impl Pagination {
    pub fn pages(&self) -> usize {
        self.columns * self.rows
    }

    /// Plans pages for a map of `width`×`height` CSS pixels.
    pub fn plan(width: f32, height: f32, page: PageSize) -> Pagination {
        let Some((page_width, page_height)) = page.landscape() else {
            return Pagination {
                page_width: width * PT_PER_PX,
                page_height: height * PT_PER_PX,
                scale: PT_PER_PX,
                columns: 1,
                rows: 1,
            };
        };
        let (area_w, area_h) = (
            page_width - 2.0 * MARGIN,
            page_height - 2.0 * MARGIN - LABEL_SPACE,
        );
        let fit = (area_w / (width * PT_PER_PX)).min(area_h / (height * PT_PER_PX));
        if fit >= MIN_SHRINK {
            return Pagination {
                page_width,
                page_height,
                scale: PT_PER_PX * fit.min(1.0),
                columns: 1,
                rows: 1,
            };
        }
        let tiles = |content: f32, area: f32| {
            (((content - OVERLAP) / (area - OVERLAP)).ceil() as usize).max(1)
        };
        Pagination {
            page_width,
            page_height,
            scale: PT_PER_PX,
            columns: tiles(width * PT_PER_PX, area_w),
            rows: tiles(height * PT_PER_PX, area_h),
        }
    }
}

/// The PDF of `svg` on pages of `page` size; `title` goes into the document info.
pub fn render(svg: &str, page: PageSize, title: &str) -> Result<Vec<u8>, RenderError> {
    let tree = crate::tree(svg)?;
    let (width, height) = (tree.size().width(), tree.size().height());
    let plan = Pagination::plan(width, height, page);
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
    let pages: Vec<(Ref, Ref)> = (0..plan.pages())
        .map(|_| (next.bump(), next.bump()))
        .collect();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(page_tree);
    pdf.pages(page_tree)
        .kids(pages.iter().map(|(page, _)| *page))
        .count(pages.len() as i32);
    pdf.type1_font(font).base_font(Name(b"Helvetica"));
    pdf.document_info(info)
        .title(TextStr(title))
        .creator(TextStr("Waymark"));

    let (content_w, content_h) = (width * plan.scale, height * plan.scale);
    let tiled = plan.pages() > 1;
    let (area_w, area_h) = if tiled {
        (
            plan.page_width - 2.0 * MARGIN,
            plan.page_height - 2.0 * MARGIN - LABEL_SPACE,
        )
    } else {
        (content_w, content_h)
    };
    for (index, &(page_ref, content_ref)) in pages.iter().enumerate() {
        let (row, column) = (index / plan.columns, index % plan.columns);
        let mut page = pdf.page(page_ref);
        page.media_box(Rect::new(0.0, 0.0, plan.page_width, plan.page_height));
        page.parent(page_tree);
        page.contents(content_ref);
        let mut resources = page.resources();
        resources.x_objects().pair(Name(b"Map"), map_ref);
        resources.fonts().pair(Name(b"Label"), font);
        resources.finish();
        page.finish();

        // The visible window: the printable area, centred when the map is smaller than it.
        let left = if tiled {
            MARGIN
        } else {
            (plan.page_width - content_w) / 2.0
        };
        let top = if tiled {
            plan.page_height - MARGIN
        } else {
            (plan.page_height + content_h) / 2.0
        };
        let shift_x = column as f32 * (area_w - OVERLAP);
        let shift_y = row as f32 * (area_h - OVERLAP);
        let mut content = Content::new();
        content.save_state();
        content
            .rect(left, top - area_h, area_w, area_h)
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
            let label = format!(
                "{} - page {} of {} (row {}, column {}); pages overlap by {} mm",
                ascii(title),
                index + 1,
                plan.pages(),
                row + 1,
                column + 1,
                (OVERLAP / 72.0 * 25.4).round()
            );
            content
                .begin_text()
                .set_font(Name(b"Label"), 8.0)
                .next_line(MARGIN, MARGIN - 4.0)
                .show(Str(label.as_bytes()))
                .end_text();
        }
        pdf.stream(content_ref, &content.finish());
    }
    pdf.extend(&chunk);
    Ok(pdf.finish())
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

    #[test]
    fn a_small_map_gets_one_page_and_a_huge_one_is_tiled_with_overlap() {
        let small = Pagination::plan(1200.0, 800.0, PageSize::A4);
        assert_eq!(small.pages(), 1);
        assert!(small.scale <= PT_PER_PX);
        let huge = Pagination::plan(6000.0, 1500.0, PageSize::A4);
        assert!(huge.columns > 1, "{huge:?}");
        assert_eq!(huge.scale, PT_PER_PX);
        // Together the tiles cover the map, overlaps counted once.
        let area_w = huge.page_width - 2.0 * MARGIN;
        assert!(huge.columns as f32 * (area_w - OVERLAP) + OVERLAP >= 6000.0 * PT_PER_PX);
        assert!((huge.columns as f32 - 1.0) * (area_w - OVERLAP) + OVERLAP < 6000.0 * PT_PER_PX);
        let fit = Pagination::plan(6000.0, 1500.0, PageSize::Fit);
        assert_eq!((fit.pages(), fit.page_width), (1, 4500.0));
    }
}
