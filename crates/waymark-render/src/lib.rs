//! # waymark-render
//!
//! Journey maps out and in. [`svg::journey_svg`] draws a journey from core's layout geometry (not a second layout)
//! and the colour tokens the canvas uses; [`png`] rasterises that SVG with resvg and [`pdf`] turns it into vector
//! PDF pages with svg2pdf. Text is set in the bundled DejaVu Sans only, loaded explicitly, so every machine
//! produces the same output.
//!
//! Architecture invariant: rendering and parsing do no I/O; callers get bytes or a string and decide where they
//! go (`waymark-api` writes export files for both front ends).

pub mod export;
pub mod interchange;
pub mod pdf;
pub mod png;
pub mod svg;
pub mod text;
pub mod theme;

pub use export::{ExportOptions, Format, export};
pub use interchange::{ImportError, Imported, import_map};
pub use pdf::{PageSize, PdfLayout, PdfMode, PdfPages};
pub use svg::{Feedback, Scope, SvgOptions, journey_svg};
pub use theme::ThemeName;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the journey is not in this project")]
    UnknownJourney,
    #[error("stages {from}..{to} are out of range: the journey has {count} stages, counted from 1")]
    StagesOutOfRange {
        from: usize,
        to: usize,
        count: usize,
    },
    #[error("no card is selected")]
    EmptySelection,
    #[error("the export could not be cut to its scope: {0}")]
    Scope(String),
    #[error("the scale must be a positive number, not {0}")]
    BadScale(f64),
    #[error(
        "the image would be {width}×{height} pixels, more than the {max} pixels a side allowed"
    )]
    TooLarge { width: u32, height: u32, max: u32 },
    #[error("the SVG could not be read back: {0}")]
    Svg(String),
    #[error("the PNG could not be written: {0}")]
    Png(String),
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

/// Parses an SVG this crate wrote, with the bundled font as the only font.
fn tree(svg: &str) -> Result<resvg::usvg::Tree, RenderError> {
    let mut options = resvg::usvg::Options {
        font_family: text::FONT_FAMILY.to_owned(),
        ..Default::default()
    };
    for data in text::FONT_FILES {
        options.fontdb_mut().load_font_data(data.to_vec());
    }
    resvg::usvg::Tree::from_str(svg, &options).map_err(|e| RenderError::Svg(e.to_string()))
}
