//! Open comment threads in an export: a numbered marker on the top-left corner of each card that has any
//! (numbered in reading order: stage, then lane, then position in the cell), and below the map a "Comments" section
//! listing each number with the card's title and its open threads — author, date (UTC), text, replies indented —
//! wrapped to the picture's width. Resolved threads are left out. All of it is untrusted text, written through
//! `text_at`, which escapes it.

use super::{line, num, rect, text_at};
use crate::text::{self, Weight};
use crate::theme::Palette;
use std::fmt::Write;
use waymark_core::layout::{Layout, Rect};
use waymark_core::model::Card;
use waymark_core::{Comment, Journey};

/// An open thread: the comment that opened it and its replies, oldest first.
pub(super) struct Thread<'a> {
    comment: &'a Comment,
    replies: Vec<&'a Comment>,
}

/// A card with open threads; its number is its place in the list plus one.
pub(super) struct Noted<'a> {
    card: &'a Card,
    threads: Vec<Thread<'a>>,
}

/// The cards with open threads in reading order, each with its open threads oldest first.
pub(super) fn numbered(journey: &Journey) -> Vec<Noted<'_>> {
    let comments: Vec<&Comment> = journey.comments().collect();
    journey
        .cards_in_order()
        .filter_map(|card| {
            let threads: Vec<Thread> = comments
                .iter()
                .filter(|c| c.card == card.id && c.reply_to.is_none() && !c.resolved)
                .map(|&comment| Thread {
                    comment,
                    replies: comments
                        .iter()
                        .copied()
                        .filter(|r| r.reply_to == Some(comment.id))
                        .collect(),
                })
                .collect();
            (!threads.is_empty()).then_some(Noted { card, threads })
        })
        .collect()
}

const MARKER_HEIGHT: f64 = 18.0;
const MARKER_SIZE: f64 = 11.0;

/// A number in a pill centred on (`cx`, `cy`): a circle for one or two digits, wider for more.
fn marker(out: &mut String, cx: f64, cy: f64, number: usize, c: &Palette) {
    let label = number.to_string();
    let w = (text::width(&label, MARKER_SIZE, Weight::Bold) + 8.0).max(MARKER_HEIGHT);
    let _ = write!(
        out,
        r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{}" stroke="{}" stroke-width="1.5"/>"#,
        num(cx - w / 2.0),
        num(cy - MARKER_HEIGHT / 2.0),
        num(w),
        num(MARKER_HEIGHT),
        num(MARKER_HEIGHT / 2.0),
        c.accent,
        c.surface
    );
    let label_width = text::width(&label, MARKER_SIZE, Weight::Bold);
    text_at(
        out,
        cx - label_width / 2.0,
        cy + 4.0,
        MARKER_SIZE,
        Weight::Bold,
        &c.surface,
        &label,
    );
}

/// Each noted card's marker on its top-left corner, in the map's coordinates (drawn after the cards, so nothing
/// covers it; the corner is clear of the card's kind label, score badge and dots).
pub(super) fn draw_markers(out: &mut String, layout: &Layout, noted: &[Noted], c: &Palette) {
    for (i, n) in noted.iter().enumerate() {
        if let Some(card_box) = layout.cards.iter().find(|b| b.id == n.card.id) {
            marker(out, card_box.rect.x, card_box.rect.y, i + 1, c);
        }
    }
}

const GAP: f64 = 28.0;
const HEADING_SIZE: f64 = 16.0;
const TITLE_SIZE: f64 = 13.0;
const SIZE: f64 = 12.0;
const LINE: f64 = 16.0;
const PARAGRAPH_GAP: f64 = 5.0;
/// Where a thread's text starts, right of the numbers.
const INDENT: f64 = 28.0;
/// How much further a reply starts.
const REPLY_INDENT: f64 = 18.0;

/// The notes section, drawn from its own top-left corner across `width`; returns the height it adds (0 without
/// notes).
pub(super) fn draw_notes(out: &mut String, noted: &[Noted], c: &Palette, width: f64) -> f64 {
    if noted.is_empty() {
        return 0.0;
    }
    line(out, 0.0, GAP - 12.0, width, GAP - 12.0, &c.line, 1.0);
    let mut y = GAP;
    text_at(
        out,
        0.0,
        y + HEADING_SIZE,
        HEADING_SIZE,
        Weight::Bold,
        &c.text,
        "Comments",
    );
    y += HEADING_SIZE + 14.0;
    for (i, n) in noted.iter().enumerate() {
        marker(out, MARKER_HEIGHT / 2.0, y + 10.0, i + 1, c);
        let title = text::fit(
            &n.card.fields.title,
            TITLE_SIZE,
            Weight::Bold,
            width - INDENT,
        );
        text_at(
            out,
            INDENT,
            y + 14.5,
            TITLE_SIZE,
            Weight::Bold,
            &c.text,
            &title,
        );
        y += 24.0;
        for thread in &n.threads {
            y = comment(out, thread.comment, INDENT, y, width, c);
            if !thread.replies.is_empty() {
                let top = y;
                for reply in &thread.replies {
                    y = comment(out, reply, INDENT + REPLY_INDENT, y, width, c);
                }
                // A bar beside the replies, as a quote is marked.
                rect(
                    out,
                    Rect {
                        x: INDENT + 3.0,
                        y: top + 2.0,
                        width: 2.0,
                        height: y - top - 8.0,
                    },
                    &c.line,
                    None,
                    0.0,
                );
            }
            y += 2.0;
        }
        y += 8.0;
    }
    // The last block's spacing stands in for a bottom margin of the section.
    y - 10.0
}

/// One comment at `x` from `top`: author and date, then the text wrapped to what is left of `width`, paragraphs
/// kept. Returns where the next one starts.
fn comment(out: &mut String, comment: &Comment, x: f64, top: f64, width: f64, c: &Palette) -> f64 {
    let room = width - x;
    let date = date(comment.at_ms);
    let date_width = text::width(&date, SIZE, Weight::Regular);
    let author = text::fit(
        &comment.author,
        SIZE,
        Weight::Bold,
        (room - date_width - 10.0).max(40.0),
    );
    let mut y = top + SIZE;
    text_at(out, x, y, SIZE, Weight::Bold, &c.text, &author);
    text_at(
        out,
        x + text::width(&author, SIZE, Weight::Bold) + 8.0,
        y,
        SIZE,
        Weight::Regular,
        &c.muted,
        &date,
    );
    for (i, paragraph) in comment
        .text
        .lines()
        .filter(|p| !p.trim().is_empty())
        .enumerate()
    {
        if i > 0 {
            y += PARAGRAPH_GAP;
        }
        for text_line in text::wrap(paragraph, SIZE, Weight::Regular, room, usize::MAX) {
            y += LINE;
            text_at(out, x, y, SIZE, Weight::Regular, &c.text, &text_line);
        }
    }
    y + 10.0
}

/// Milliseconds since the Unix epoch as the UTC date, yyyy-mm-dd (proleptic Gregorian; days to a civil date after
/// Howard Hinnant's `civil_from_days`).
fn date(at_ms: i64) -> String {
    let days = at_ms.div_euclid(86_400_000);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::date;

    #[test]
    fn dates_are_utc_days() {
        // Known instants, from `date -u -d @SECONDS +%F`.
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(1_700_000_000_000), "2023-11-14");
        assert_eq!(date(951_782_400_000), "2000-02-29");
        assert_eq!(date(1_709_251_199_999), "2024-02-29");
        assert_eq!(date(-1), "1969-12-31");
    }
}
