//! Every export format, for both front ends: [`Export::prepare`] takes what the export needs from the open
//! project (a copy, so the caller can let go of it), then [`Export::render`], [`Export::preview`] or
//! [`Export::write`] do the slow part.

use crate::ApiError;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use waymark_core::metrics::MetricKind;
use waymark_core::{CardId, JourneyId, Project};
use waymark_render::pdf::{MapSize, PdfLayout, PdfPages};
use waymark_render::{ExportOptions, Feedback, Format, PageSize, Scope, SvgOptions, ThemeName};
use waymark_store::Store;

/// What to export and how: the Export panel's settings, and `waymark export`'s options.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportRequest {
    pub format: Format,
    /// The journey (default: the first); the JSON export always holds the whole project.
    pub journey: Option<JourneyId>,
    /// PNG: pixels per canvas pixel (`waymark_render::png::scale_for_dpi` turns dots per inch into this).
    pub scale: f64,
    /// PDF: the page size.
    pub page: PageSize,
    /// PDF: one page, tiles, or one page whenever the text stays legible on it (absent in older requests and
    /// presets: that automatic choice).
    #[serde(default)]
    pub pages: PdfPages,
    pub theme: ThemeName,
    /// PNG and SVG: no background.
    pub transparent: bool,
    /// Only stages from..to, counted from 1.
    pub stages: Option<(usize, usize)>,
    /// Only these cards, in the stages and lanes that hold them (when `stages` is `None`); empty: all.
    pub cards: Vec<CardId>,
    /// Colour cards by their score (badges with value and n are drawn whenever there is feedback).
    pub heatmap: bool,
    /// The metric the badges and the heatmap show (default: the journey's first).
    pub metric: Option<MetricKind>,
    /// Images: open comment threads as numbered markers on their cards and notes below the map (absent in older
    /// requests and presets: off).
    #[serde(default)]
    pub comments: bool,
}

impl ExportRequest {
    /// The whole first journey in `format`, with every other setting at its default.
    pub fn new(format: Format) -> Self {
        ExportRequest {
            format,
            journey: None,
            scale: 1.0,
            page: PageSize::default(),
            pages: PdfPages::default(),
            theme: ThemeName::default(),
            transparent: false,
            stages: None,
            cards: Vec::new(),
            heatmap: false,
            metric: None,
            comments: false,
        }
    }
}

/// A format as the Export panel lists it.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FormatInfo {
    pub format: Format,
    /// What the panel's list says.
    pub label: String,
    pub extension: String,
    /// Drawn as a picture (SVG, PNG, PDF), rather than written as text.
    pub image: bool,
}

/// Every export format, in the order the panel lists them.
pub fn formats() -> Vec<FormatInfo> {
    Format::ALL
        .into_iter()
        .map(|format| FormatInfo {
            format,
            label: label(format).to_owned(),
            extension: format.extension().to_owned(),
            image: is_image(format),
        })
        .collect()
}

fn label(format: Format) -> &'static str {
    match format {
        Format::Svg => "SVG (vector)",
        Format::Png => "PNG (image)",
        Format::Pdf => "PDF (vector, pages)",
        Format::Mermaid => "Mermaid journey (text)",
        Format::Canvas => "JSON Canvas (Obsidian)",
        Format::Json => "Waymark JSON (whole project)",
        Format::Csv => "CSV of cards",
    }
}

fn is_image(format: Format) -> bool {
    matches!(format, Format::Svg | Format::Png | Format::Pdf)
}

/// The format a file name's extension (or a format name given as one) stands for.
pub fn format_of(path: &Path) -> Option<Format> {
    let extension = path.extension()?.to_string_lossy().to_lowercase();
    Format::ALL
        .into_iter()
        .find(|f| f.extension() == extension || f.name() == extension)
}

/// What the Export panel shows before exporting.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportPreview {
    /// The map as SVG (image formats), to be shown as an image, never inserted as markup.
    pub svg: Option<String>,
    /// The start of the file (text formats).
    pub text: Option<String>,
    /// PDF: the pages the chosen page size takes and the size the smallest text prints at.
    pub pdf: Option<PdfLayout>,
    /// PNG: the image size in pixels.
    pub pixels: Option<(u32, u32)>,
    /// Where "Export" writes.
    pub folder: String,
}

/// A written export.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportDone {
    pub path: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
}

/// An export ready to render: a copy of the project and the options built from the request and the store's
/// settings (the minimum n included), so rendering needs nothing from the store.
pub struct Export {
    project: Project,
    options: ExportOptions,
}

impl Export {
    pub fn prepare(store: &Store, request: &ExportRequest) -> Result<Export, ApiError> {
        let journey = crate::project::shown_journey(store, request.journey)?;
        let scope = match (request.stages, request.cards.is_empty()) {
            (Some((from, to)), _) => Scope::Stages { from, to },
            (None, false) => Scope::Cards(request.cards.clone()),
            (None, true) => Scope::Journey,
        };
        let mut options = ExportOptions::new(request.format, journey.id());
        options.scale = request.scale;
        options.page = request.page;
        options.pages = request.pages;
        options.image = SvgOptions {
            feedback: Feedback::choose(
                store.metrics(journey.id())?,
                store.card_scores(journey)?,
                request.metric,
                request.heatmap,
                store.min_n(),
            ),
            theme: request.theme,
            transparent: request.transparent,
            scope,
            project_name: store
                .path()
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            date: jiff::Zoned::now().date().to_string(),
            comments: request.comments,
        };
        Ok(Export {
            project: store.project().clone(),
            options,
        })
    }

    pub fn format(&self) -> Format {
        self.options.format
    }

    /// The exported file's bytes.
    pub fn render(&self) -> Result<Vec<u8>, ApiError> {
        waymark_render::export(&self.project, &self.options).map_err(failed)
    }

    /// What the export will look like: the picture (image formats) or the file's start (text formats).
    pub fn preview(&self, folder: &Path) -> Result<ExportPreview, ApiError> {
        let options = &self.options;
        let folder = folder.display().to_string();
        if !is_image(options.format) {
            let bytes = self.render()?;
            return Ok(ExportPreview {
                svg: None,
                text: Some(String::from_utf8_lossy(&bytes).chars().take(4000).collect()),
                pdf: None,
                pixels: None,
                folder,
            });
        }
        let svg = waymark_render::journey_svg(&self.project, options.journey, &options.image)
            .map_err(failed)?;
        let (width, height) = svg_size(&svg);
        let pdf = match options.format {
            Format::Pdf => Some(PdfLayout::plan(
                &MapSize::of(&svg).map_err(failed)?,
                options.page,
                options.pages,
            )),
            _ => None,
        };
        Ok(ExportPreview {
            pdf,
            pixels: (options.format == Format::Png).then(|| {
                (
                    (width * options.scale).ceil() as u32,
                    (height * options.scale).ceil() as u32,
                )
            }),
            svg: Some(svg),
            text: None,
            folder,
        })
    }

    /// A PDF forced onto one page with its text below the legible minimum: one sentence saying how small the
    /// text prints and what the automatic choice would do; `None` for everything else. (The export is still
    /// made: one page is what was asked for.)
    pub fn warning(&self) -> Result<Option<String>, ApiError> {
        let options = &self.options;
        if options.format != Format::Pdf || options.pages != PdfPages::Fit {
            return Ok(None);
        }
        let svg = waymark_render::journey_svg(&self.project, options.journey, &options.image)
            .map_err(failed)?;
        let map = MapSize::of(&svg).map_err(failed)?;
        let one = PdfLayout::plan(&map, options.page, PdfPages::Fit);
        if one.legible {
            return Ok(None);
        }
        let auto = PdfLayout::plan(&map, options.page, PdfPages::Auto);
        Ok(Some(format!(
            "on one {} page the smallest text prints at {:.1} pt, below the {} pt that stays legible; \
             automatic pages would tile it over {} pages ({} × {}) at {:.1} pt",
            options.page.label(),
            one.text_pt,
            one.min_text_pt,
            auto.pages,
            auto.columns,
            auto.rows,
            auto.text_pt,
        )))
    }

    /// The file name an export of this journey is offered under: the journey's name, made safe for a file name.
    pub fn suggested_file_name(&self) -> String {
        let name = self
            .project
            .journey(self.options.journey)
            .map_or("", |j| j.name());
        format!(
            "{}.{}",
            safe_file_stem(name),
            self.options.format.extension()
        )
    }

    /// Renders and writes the export to `path`, whole or not at all.
    pub fn write(&self, path: &Path) -> Result<ExportDone, ApiError> {
        write_rendered(path, &self.render()?)
    }
}

/// Writes rendered export bytes to `path`, whole or not at all.
pub fn write_rendered(path: &Path, bytes: &[u8]) -> Result<ExportDone, ApiError> {
    write_whole(path, bytes)
        .map_err(|e| ApiError::File(format!("{} could not be written: {e}.", path.display())))?;
    Ok(ExportDone {
        path: path.display().to_string(),
        bytes: bytes.len() as u64,
    })
}

/// `name` made safe as a file name's stem: no separators or control characters, no leading dot; "Journey" when
/// nothing is left.
pub(crate) fn safe_file_stem(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.');
    if cleaned.is_empty() {
        "Journey".to_owned()
    } else {
        cleaned.to_owned()
    }
}

fn failed(error: waymark_render::RenderError) -> ApiError {
    ApiError::Refused(format!("The export failed: {error}."))
}

/// The width and height the renderer's SVG declares on its root element.
fn svg_size(svg: &str) -> (f64, f64) {
    let attribute = |name: &str| {
        let key = format!(" {name}=\"");
        svg.find(&key)
            .and_then(|at| svg[at + key.len()..].split('"').next()?.parse().ok())
            .unwrap_or(0.0)
    };
    (attribute("width"), attribute("height"))
}

/// `folder/name`, or `folder/stem (2).ext` and so on: an export never replaces an existing file unasked.
pub fn unused_name(folder: &Path, name: &str) -> PathBuf {
    let first = folder.join(name);
    if !first.exists() {
        return first;
    }
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
    (2..)
        .map(|n| folder.join(format!("{stem} ({n}).{extension}")))
        .find(|p| !p.exists())
        .expect("some number is free")
}

/// Writes a file whole or not at all: the bytes go to a `.partial` file beside `path`, which is then renamed into
/// place, so a failed or interrupted write never leaves half a file under the final name.
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    std::fs::write(&partial, bytes)
        .and_then(|()| std::fs::rename(&partial, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&partial);
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use waymark_render::pdf::PdfMode;

    #[test]
    fn a_request_from_before_the_comments_option_still_reads_with_it_off() {
        let old = r#"{"format":"svg","journey":null,"scale":2,"page":"a4","theme":"light",
            "transparent":false,"stages":null,"cards":[],"heatmap":false,"metric":null}"#;
        let request: ExportRequest = serde_json::from_str(old).unwrap();
        assert!(!request.comments);
        assert_eq!(
            request,
            ExportRequest {
                scale: 2.0,
                page: PageSize::A4,
                ..ExportRequest::new(Format::Svg)
            }
        );
        let asked: ExportRequest = serde_json::from_str(
            &old.replace("\"metric\":null", "\"metric\":null,\"comments\":true"),
        )
        .unwrap();
        assert!(asked.comments);
    }

    #[test]
    fn the_preview_of_a_pdf_says_its_pages_and_text_size_and_a_forced_page_warns_only_when_too_small()
     {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(
            &dir.path().join("groceries.waymark"),
            &waymark_core::sample::grocery(),
            "t",
        )
        .unwrap();
        let mut request = ExportRequest::new(Format::Pdf);
        request.page = PageSize::A4;
        let export = Export::prepare(&store, &request).unwrap();
        let pdf = export.preview(dir.path()).unwrap().pdf.unwrap();
        assert_eq!((pdf.mode, pdf.pages), (PdfMode::Fit, 1), "{pdf:?}");
        assert!(pdf.legible && pdf.text_pt >= pdf.min_text_pt, "{pdf:?}");
        request.pages = PdfPages::Tile;
        let tiles = Export::prepare(&store, &request)
            .unwrap()
            .preview(dir.path())
            .unwrap()
            .pdf
            .unwrap();
        assert_eq!(tiles.mode, PdfMode::Tile);
        assert_eq!(tiles.pages, tiles.columns * tiles.rows);
        assert!(tiles.pages > 1 && tiles.text_pt > pdf.text_pt, "{tiles:?}");
        // Forcing one page of a map legible on one page needs no warning; other formats have no PDF layout.
        request.pages = PdfPages::Fit;
        assert_eq!(
            Export::prepare(&store, &request)
                .unwrap()
                .warning()
                .unwrap(),
            None
        );
        let svg = Export::prepare(&store, &ExportRequest::new(Format::Svg)).unwrap();
        assert!(svg.preview(dir.path()).unwrap().pdf.is_none());
    }

    #[test]
    fn a_request_from_before_the_pdf_pages_option_still_reads_as_automatic() {
        // What the Export panel sent, and stored as its last settings, before `pages` existed.
        let old = r#"{"format":"pdf","journey":null,"scale":1,"page":"a4","theme":"light",
            "transparent":false,"stages":null,"cards":[],"heatmap":false,"metric":null,"comments":false}"#;
        let request: ExportRequest = serde_json::from_str(old).unwrap();
        assert_eq!(request.pages, PdfPages::Auto);
        for (name, pages) in [
            ("auto", PdfPages::Auto),
            ("fit", PdfPages::Fit),
            ("tile", PdfPages::Tile),
        ] {
            let asked: ExportRequest = serde_json::from_str(&old.replace(
                "\"comments\":false",
                &format!("\"comments\":false,\"pages\":\"{name}\""),
            ))
            .unwrap();
            assert_eq!(asked.pages, pages);
        }
    }
}
