//! One entry point for every export format, shared by the CLI and the desktop app.

use crate::pdf::{PageSize, PdfPages};
use crate::svg::SvgOptions;
use crate::{RenderError, interchange};
use waymark_core::{Journey, JourneyId, Project};

/// An export format; over IPC and in JSON by its name (`svg`, `png`, …, `mermaid`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Svg,
    Png,
    Pdf,
    Mermaid,
    Canvas,
    Json,
    Csv,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Svg,
        Format::Png,
        Format::Pdf,
        Format::Mermaid,
        Format::Canvas,
        Format::Json,
        Format::Csv,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
            Format::Mermaid => "mermaid",
            Format::Canvas => "canvas",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Mermaid => "mmd",
            other => other.name(),
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == s.to_ascii_lowercase())
            .ok_or_else(|| {
                let names: Vec<_> = Format::ALL.iter().map(|f| f.name()).collect();
                format!(
                    "unknown format '{s}' (expected one of: {})",
                    names.join(", ")
                )
            })
    }
}

#[derive(Clone, Debug)]
pub struct ExportOptions {
    pub format: Format,
    /// The journey to export; the JSON export always holds the whole project.
    pub journey: JourneyId,
    /// Scope, theme, transparency and title block of the images.
    pub image: SvgOptions,
    /// PNG: device pixels per CSS pixel.
    pub scale: f64,
    pub page: PageSize,
    /// PDF: one page, tiles, or whichever keeps the text legible.
    pub pages: PdfPages,
}

impl ExportOptions {
    pub fn new(format: Format, journey: JourneyId) -> Self {
        ExportOptions {
            format,
            journey,
            image: SvgOptions::default(),
            scale: 1.0,
            page: PageSize::default(),
            pages: PdfPages::default(),
        }
    }
}

/// The exported file's bytes.
pub fn export(project: &Project, options: &ExportOptions) -> Result<Vec<u8>, RenderError> {
    let svg = || crate::svg::journey_svg(project, options.journey, &options.image);
    // Text formats of a journey honour the scope too.
    let scoped = || crate::svg::scoped(project, options.journey, &options.image.scope);
    let journey_of = |p| journey_in(p, options.journey);
    Ok(match options.format {
        Format::Svg => svg()?.into_bytes(),
        Format::Png => crate::png::render(&svg()?, options.scale)?,
        Format::Pdf => {
            let name = journey_of(project)?.name().to_owned();
            crate::pdf::render(&svg()?, options.page, options.pages, &name)?
        }
        Format::Mermaid => {
            let p = scoped()?;
            interchange::mermaid::export(&p, journey_of(&p)?).into_bytes()
        }
        Format::Canvas => {
            let p = scoped()?;
            interchange::canvas::export(&p, journey_of(&p)?).into_bytes()
        }
        Format::Csv => {
            interchange::csv::export(journey_of(&scoped()?)?, options.image.feedback.as_ref())
        }
        Format::Json => interchange::json::export(project).into_bytes(),
    })
}

fn journey_in(project: &Project, id: JourneyId) -> Result<&Journey, RenderError> {
    project.journey(id).ok_or(RenderError::UnknownJourney)
}
