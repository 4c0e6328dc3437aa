//! The bundled font and text measurement. Exports load only this font (never system fonts), so text wraps and
//! renders the same on every machine; wrapping measures with the font's own advance widths.

use std::sync::OnceLock;

/// The family name of the bundled font, as SVG output names it.
pub const FONT_FAMILY: &str = "DejaVu Sans";

/// DejaVu Sans (regular and bold); licence in `fonts/LICENSE`.
pub const FONT_FILES: [&[u8]; 2] = [
    include_bytes!("../fonts/DejaVuSans.ttf"),
    include_bytes!("../fonts/DejaVuSans-Bold.ttf"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

struct Face {
    face: ttf_parser::Face<'static>,
    units_per_em: f64,
}

fn face(weight: Weight) -> &'static Face {
    static FACES: OnceLock<[Face; 2]> = OnceLock::new();
    let faces = FACES.get_or_init(|| {
        FONT_FILES.map(|data| {
            let face = ttf_parser::Face::parse(data, 0).expect("the bundled font parses");
            let units_per_em = f64::from(face.units_per_em());
            Face { face, units_per_em }
        })
    });
    &faces[weight as usize]
}

/// The advance width of `text` at `size` pixels. Characters the font lacks count as the width of its
/// missing-glyph box, which is what the renderers draw for them.
pub fn width(text: &str, size: f64, weight: Weight) -> f64 {
    let f = face(weight);
    let units: f64 = text
        .chars()
        .map(|c| {
            let glyph = f.face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
            f64::from(f.face.glyph_hor_advance(glyph).unwrap_or(0))
        })
        .sum();
    units * size / f.units_per_em
}

/// Breaks `text` into at most `max_lines` lines no wider than `max_width`, at spaces where it can and inside
/// words where it must. Text that does not fit ends in an ellipsis.
pub fn wrap(
    text: &str,
    size: f64,
    weight: Weight,
    max_width: f64,
    max_lines: usize,
) -> Vec<String> {
    let fits = |s: &str| width(s, size, weight) <= max_width;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if fits(&candidate) {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // A word wider than the line is split where it overflows.
        for c in word.chars() {
            line.push(c);
            if !fits(&line) && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::replace(&mut line, c.to_string()));
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        let last = lines.last_mut().expect("max_lines is at least one");
        while !last.is_empty() && !fits(&format!("{last}…")) {
            last.pop();
        }
        let trimmed = last.trim_end().to_owned();
        *last = format!("{trimmed}…");
    }
    lines
}

/// One line of at most `max_width`, cut with an ellipsis.
pub fn fit(text: &str, size: f64, weight: Weight, max_width: f64) -> String {
    wrap(text, size, weight, max_width, 1)
        .pop()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wider_text_measures_wider_and_bold_is_wider_than_regular() {
        let narrow = width("iii", 14.0, Weight::Regular);
        let wide = width("WWW", 14.0, Weight::Regular);
        assert!(wide > 2.0 * narrow, "{wide} vs {narrow}");
        assert!(width("Checkout", 14.0, Weight::Bold) > width("Checkout", 14.0, Weight::Regular));
        assert!(
            (width("ab", 28.0, Weight::Regular) - 2.0 * width("ab", 14.0, Weight::Regular)).abs()
                < 1e-9
        );
    }

    #[test]
    fn wrapping_keeps_every_line_within_the_width_and_marks_cut_text() {
        let text = "Customer compares delivery slots across three weekdays before paying";
        let lines = wrap(text, 14.0, Weight::Bold, 150.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(
            lines.iter().all(|l| width(l, 14.0, Weight::Bold) <= 150.0),
            "{lines:?}"
        );
        assert!(lines[1].ends_with('…'), "{lines:?}");
        let all = wrap(text, 14.0, Weight::Bold, 150.0, 10);
        assert_eq!(all.join(" "), text);
    }

    #[test]
    fn a_word_longer_than_the_line_is_split() {
        let lines = wrap(
            "Supercalifragilisticexpialidocious",
            14.0,
            Weight::Regular,
            60.0,
            10,
        );
        assert!(lines.len() > 2, "{lines:?}");
        assert_eq!(lines.concat(), "Supercalifragilisticexpialidocious");
        assert!(
            lines
                .iter()
                .all(|l| width(l, 14.0, Weight::Regular) <= 60.0)
        );
    }
}
