//! The colour tokens shared with the canvas: `tokens.json` is read by the UI (as CSS variables) and by the
//! exporters, so an export uses exactly the colours on screen.

use serde::Deserialize;
use std::sync::OnceLock;
use waymark_core::model::{CardKind, FlowKind};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    #[default]
    Light,
    Dark,
}

impl std::str::FromStr for ThemeName {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "light" => Ok(ThemeName::Light),
            "dark" => Ok(ThemeName::Dark),
            _ => Err(format!("unknown theme '{s}' (expected light or dark)")),
        }
    }
}

/// One theme's colours; field names are the CSS variable names.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Palette {
    pub bg: String,
    pub surface: String,
    pub text: String,
    pub muted: String,
    pub line: String,
    pub accent: String,
    pub stage_odd: String,
    pub lane_header: String,
    pub card: String,
    pub card_border: String,
    pub pain: String,
    pub pain_bg: String,
    pub opportunity: String,
    pub opportunity_bg: String,
    pub thought_bg: String,
    pub flow: String,
    pub flow_failure: String,
    pub flow_alternative: String,
    pub flow_loop: String,
}

#[derive(Debug, Deserialize)]
struct Tokens {
    persona_curves: Vec<String>,
    /// Worst, middle and best score colours.
    heat: [String; 3],
    light: Palette,
    dark: Palette,
}

fn tokens() -> &'static Tokens {
    static TOKENS: OnceLock<Tokens> = OnceLock::new();
    TOKENS.get_or_init(|| {
        serde_json::from_str(include_str!("../tokens.json")).expect("tokens.json matches Palette")
    })
}

pub fn palette(theme: ThemeName) -> &'static Palette {
    match theme {
        ThemeName::Light => &tokens().light,
        ThemeName::Dark => &tokens().dark,
    }
}

/// The colour of the `index`th persona's emotion curve.
pub fn persona_colour(index: usize) -> &'static str {
    let colours = &tokens().persona_curves;
    &colours[index % colours.len()]
}

/// The heatmap colour at `position` (0 worst … 1 best): red through amber to green, as on the canvas.
pub fn heat_colour(position: f64) -> String {
    let [worst, middle, best] = &tokens().heat;
    let channel = |hex: &str, i: usize| {
        f64::from(u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap_or(0))
    };
    let mix = |a: &str, b: &str, t: f64| {
        let c: Vec<String> = (0..3)
            .map(|i| {
                format!(
                    "{:02x}",
                    (channel(a, i) + (channel(b, i) - channel(a, i)) * t).round() as u8
                )
            })
            .collect();
        format!("#{}", c.concat())
    };
    let t = position.clamp(0.0, 1.0);
    if t < 0.5 {
        mix(worst, middle, t * 2.0)
    } else {
        mix(middle, best, (t - 0.5) * 2.0)
    }
}

impl Palette {
    /// Fill and border of a card of this kind.
    pub fn card_colours(&self, kind: CardKind) -> (&str, &str) {
        match kind {
            CardKind::PainPoint => (&self.pain_bg, &self.pain),
            CardKind::Opportunity => (&self.opportunity_bg, &self.opportunity),
            CardKind::Thought => (&self.thought_bg, &self.card_border),
            _ => (&self.card, &self.card_border),
        }
    }

    /// Stroke colour and dash pattern of a flow of this kind.
    pub fn flow_style(&self, kind: FlowKind) -> (&str, Option<&'static str>) {
        match kind {
            FlowKind::HappyPath => (&self.flow, None),
            FlowKind::Alternative => (&self.flow_alternative, Some("2 3")),
            FlowKind::Failure => (&self.flow_failure, Some("6 4")),
            FlowKind::Loop => (&self.flow_loop, None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_themes_load_and_differ() {
        assert_ne!(palette(ThemeName::Light).bg, palette(ThemeName::Dark).bg);
        assert!(palette(ThemeName::Dark).text.starts_with('#'));
        assert_ne!(persona_colour(0), persona_colour(1));
        assert_eq!(
            persona_colour(0),
            persona_colour(tokens().persona_curves.len())
        );
    }
}
