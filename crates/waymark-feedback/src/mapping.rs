//! How a table's columns become responses on cards: which column holds the score (and on what scale), the
//! comment, the date and segments, and how a row finds its card. Saved in the project as a preset so next month's
//! export of the same survey imports in one step.

use crate::answers::Answers;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use unicode_normalization::UnicodeNormalization;
use waymark_core::metrics::MetricDefinition;
use waymark_core::model::LaneKind;
use waymark_core::{CardId, Journey};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Mapping {
    pub metric: MetricDefinition,
    /// The score column (its id, or its question text).
    pub score: String,
    /// How the score column's answers become numbers when they are words.
    #[serde(default)]
    pub answers: Answers,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    /// Dates like 3/4/2025 are 3 April (not 4 March).
    #[serde(default)]
    pub day_first: bool,
    #[serde(default)]
    pub segments: Vec<String>,
    pub target: Target,
    /// The sheet of a workbook.
    #[serde(default)]
    pub sheet: Option<String>,
}

/// How a response finds its card.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Target {
    /// Every response is about this card.
    Card { card: CardId },
    /// A column names the card: its title, or a value in `aliases` (both compared without case and accents).
    Column {
        column: String,
        #[serde(default)]
        aliases: BTreeMap<String, CardId>,
    },
    /// A channel column and a stage column: the first card of that stage in the touchpoint lane of that channel.
    ChannelStage { channel: String, stage: String },
}

/// Text compared without case, accents or extra spaces: "  Caisse  Rapide" = "caisse rapide" = "CAISSE RAPIDE".
pub fn normalise(text: &str) -> String {
    let folded: String = text
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A column header or question text as plain text: tags dropped (`<strong>`, `<br>` as a space), the usual
/// entities decoded, whitespace collapsed. Exports put HTML in question texts; Waymark shows them as text.
pub fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        match rest[open..].find('>') {
            Some(close)
                if rest[open + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') =>
            {
                text.push(' ');
                rest = &rest[open + close + 1..];
            }
            _ => {
                text.push('<');
                rest = &rest[open + 1..];
            }
        }
    }
    text.push_str(rest);
    let decoded = text
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The position of the column a mapping names: by its id as written, else by its header or question text compared
/// as plain text without case or accents (so `--score "Overall, how satisfied…"` finds Qualtrics' `Q16`).
pub fn find_column(columns: &[String], questions: &[String], name: &str) -> Option<usize> {
    if let Some(i) = columns.iter().position(|c| c == name) {
        return Some(i);
    }
    let wanted = normalise(&plain_text(name));
    let same = |text: &String| !wanted.is_empty() && normalise(&plain_text(text)) == wanted;
    columns
        .iter()
        .position(same)
        .or_else(|| questions.iter().position(same))
}

/// Finds cards for a target, precomputed once per import.
pub(crate) struct CardFinder {
    by_name: HashMap<String, CardId>,
    by_channel_stage: HashMap<(String, String), CardId>,
}

impl CardFinder {
    pub fn new(journey: &Journey, target: &Target) -> CardFinder {
        let mut by_name = HashMap::new();
        for card in journey.cards_in_order() {
            by_name
                .entry(normalise(&card.fields.title))
                .or_insert(card.id);
        }
        if let Target::Column { aliases, .. } = target {
            for (alias, &card) in aliases {
                if journey.card(card).is_some() {
                    by_name.insert(normalise(alias), card);
                }
            }
        }
        let mut by_channel_stage = HashMap::new();
        for lane in journey
            .lanes()
            .iter()
            .filter(|l| l.kind == LaneKind::Touchpoints)
        {
            for stage in journey.stages() {
                let cell = waymark_core::model::Cell {
                    stage: stage.id,
                    lane: lane.id,
                };
                for &id in journey.cell_cards(cell) {
                    let card = journey.card(id).expect("cell cards exist");
                    let channel = card.fields.channel.as_deref().unwrap_or(&lane.name);
                    by_channel_stage
                        .entry((normalise(channel), normalise(&stage.name)))
                        .or_insert(id);
                }
            }
        }
        CardFinder {
            by_name,
            by_channel_stage,
        }
    }

    pub fn by_name(&self, value: &str) -> Option<CardId> {
        self.by_name.get(&normalise(value)).copied()
    }

    pub fn by_channel_stage(&self, channel: &str, stage: &str) -> Option<CardId> {
        self.by_channel_stage
            .get(&(normalise(channel), normalise(stage)))
            .copied()
    }
}

/// A cell that should hold a number but does not.
#[derive(Debug, PartialEq, Eq)]
pub struct NotANumber;

/// A score cell as a number: `7`, `7.5`, `7,5`, `" 9 "`; `None` for empty and `NA`-like cells.
pub fn parse_number(text: &str) -> Result<Option<f64>, NotANumber> {
    // Called on every score cell of a million-row import: no allocation unless a decimal comma needs replacing.
    let t = text.trim();
    if t.is_empty()
        || ["NA", "N/A", "NAN", "NULL", "-"]
            .iter()
            .any(|missing| t.eq_ignore_ascii_case(missing))
    {
        return Ok(None);
    }
    let value = match t.parse::<f64>() {
        Ok(value) => value,
        Err(_) if t.contains(',') => t
            .replacen(',', ".", 1)
            .parse::<f64>()
            .map_err(|_| NotANumber)?,
        Err(_) => return Err(NotANumber),
    };
    if value.is_finite() {
        Ok(Some(value))
    } else {
        Err(NotANumber)
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` — the form most exports write, once a row — read without the general parser: the seconds
/// it names, or `None` for anything else (which [`parse_date`] then reads as before).
fn utc_seconds(t: &str) -> Option<i64> {
    let b = t.as_bytes();
    let shaped = b.len() == 20
        && (b[4], b[7], b[10], b[13], b[16], b[19]) == (b'-', b'-', b'T', b':', b':', b'Z');
    if !shaped {
        return None;
    }
    let number = |from: usize, to: usize| {
        b[from..to].iter().try_fold(0i16, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + i16::from(d - b'0'))
        })
    };
    let small = |from: usize| number(from, from + 2).map(|n| n as i8);
    let date = jiff::civil::Date::new(number(0, 4)?, small(5)?, small(8)?).ok()?;
    let time = jiff::civil::Time::new(small(11)?, small(14)?, small(17)?, 0).ok()?;
    let stamp = jiff::tz::TimeZone::UTC
        .to_timestamp(date.to_datetime(time))
        .ok()?;
    Some(stamp.as_second())
}

/// Seconds since 1970 (UTC) of a date cell: ISO 8601 (with or without time and offset), `M/D/YYYY [H:MM[:SS]]`
/// (or day first), Excel serial numbers, Unix seconds or milliseconds. Times without an offset are taken as UTC.
pub fn parse_date(text: &str, day_first: bool) -> Option<i64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if let Some(seconds) = utc_seconds(t) {
        return Some(seconds);
    }
    if let Ok(number) = t.parse::<f64>() {
        return match number {
            // Excel serials from 1954 to 2119.
            n if (20_000.0..80_000.0).contains(&n) => excel_serial_seconds(n),
            n if (1e8..1e10).contains(&n) && n.fract() == 0.0 => Some(n as i64),
            n if (1e11..1e13).contains(&n) && n.fract() == 0.0 => Some((n / 1000.0) as i64),
            _ => None,
        };
    }
    if let Ok(ts) = t.parse::<jiff::Timestamp>() {
        return Some(ts.as_second());
    }
    let utc = |dt: jiff::civil::DateTime| {
        dt.to_zoned(jiff::tz::TimeZone::UTC)
            .ok()
            .map(|z| z.timestamp().as_second())
    };
    if let Ok(dt) = t.replacen(' ', "T", 1).parse::<jiff::civil::DateTime>() {
        return utc(dt);
    }
    if let Ok(date) = t.parse::<jiff::civil::Date>() {
        return utc(date.to_datetime(jiff::civil::Time::midnight()));
    }
    let (date_part, time_part) = t.split_once(' ').unwrap_or((t, ""));
    let numbers: Vec<i64> = date_part
        .split(['/', '.', '-'])
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let [a, b, year] = <[i64; 3]>::try_from(numbers).ok()?;
    let year = if year < 100 { 2000 + year } else { year };
    let (month, day) = if day_first { (b, a) } else { (a, b) };
    let date = jiff::civil::Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()?;
    let time = if time_part.is_empty() {
        jiff::civil::Time::midnight()
    } else {
        let parts: Vec<i64> = time_part
            .trim()
            .split(':')
            .map(|p| p.split('.').next().unwrap_or(p).parse().ok())
            .collect::<Option<_>>()?;
        let get = |i: usize| parts.get(i).copied().unwrap_or(0);
        jiff::civil::Time::new(
            i8::try_from(get(0)).ok()?,
            i8::try_from(get(1)).ok()?,
            i8::try_from(get(2)).ok()?,
            0,
        )
        .ok()?
    };
    utc(date.to_datetime(time))
}

fn excel_serial_seconds(serial: f64) -> Option<i64> {
    // Day 0 of the 1900 date system is 1899-12-30 (Excel counts a 29 February 1900 that never was).
    const EPOCH_TO_1970_DAYS: f64 = 25_569.0;
    Some(((serial - EPOCH_TO_1970_DAYS) * 86_400.0).round() as i64)
}

/// An Excel serial date as ISO 8601 text (UTC), for spreadsheet cells formatted as dates.
pub fn excel_serial_to_iso(serial: f64) -> Option<String> {
    let seconds = excel_serial_seconds(serial)?;
    let ts = jiff::Timestamp::from_second(seconds).ok()?;
    Some(ts.to_zoned(jiff::tz::TimeZone::UTC).datetime().to_string())
}

/// Whether most non-empty sample values are day-first dates (a first number above 12).
pub fn looks_day_first<'a>(samples: impl Iterator<Item = &'a str>) -> bool {
    let mut day_first = 0;
    let mut month_first = 0;
    for s in samples {
        let mut parts = s.trim().split(['/', '.']);
        let (Some(a), Some(b)) = (parts.next(), parts.next()) else {
            continue;
        };
        let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>()) else {
            continue;
        };
        day_first += u32::from(a > 12);
        month_first += u32::from(b > 12);
    }
    day_first > month_first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_timestamps_read_without_the_parser_as_the_parser_reads_them() {
        let parsed = |t: &str| t.parse::<jiff::Timestamp>().ok().map(|s| s.as_second());
        let mut seen = 0;
        for text in [
            "2026-01-01T00:00:00Z",
            "2026-12-31T23:59:59Z",
            "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59Z",
            "2024-02-29T12:30:45Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
        ] {
            assert_eq!(utc_seconds(text), parsed(text), "{text}");
            assert_eq!(parse_date(text, false), parsed(text), "{text}");
            seen += 1;
        }
        // Every day of a leap year and of the year after, at a time that differs each day.
        let mut day = jiff::civil::date(2024, 1, 1);
        for i in 0..731 {
            let text = format!("{day}T{:02}:{:02}:{:02}Z", i % 24, i % 60, (i * 7) % 60);
            let expected = day
                .to_datetime(
                    jiff::civil::Time::new((i % 24) as i8, (i % 60) as i8, ((i * 7) % 60) as i8, 0)
                        .unwrap(),
                )
                .to_zoned(jiff::tz::TimeZone::UTC)
                .unwrap()
                .timestamp()
                .as_second();
            assert_eq!(utc_seconds(&text), Some(expected), "{text}");
            day = day.tomorrow().unwrap();
            seen += 1;
        }
        assert_eq!(seen, 738);
        // Not dates, or not this form: left to the general parser, which reads them as before.
        for text in [
            "2026-02-30T10:00:00Z",
            "2026-13-01T10:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-06-30T23:59:60Z",
            "2026-01-01T10:00:00+",
            "2026-01-01 10:00:00Z",
            "2026-01-01T10:00:0aZ",
            "+026-01-01T10:00:00Z",
            "2026-01-01T10:00:00",
        ] {
            assert_eq!(utc_seconds(text), None, "{text}");
        }
        assert_eq!(parse_date("2026-02-30T10:00:00Z", false), None);
        assert_eq!(
            parse_date("2026-06-30T23:59:60Z", false),
            parsed("2026-06-30T23:59:60Z")
        );
    }

    #[test]
    fn names_match_without_case_accents_or_spaces() {
        assert_eq!(normalise("  Caisse   Rapide "), "caisse rapide");
        assert_eq!(normalise("Délai d'ATTENTE"), normalise("delai d'attente"));
        assert_eq!(normalise("Zoë"), "zoe");
    }

    #[test]
    fn question_texts_as_plain_text_find_their_columns() {
        assert_eq!(
            plain_text("<strong>Are you self-employed?</strong>"),
            "Are you self-employed?"
        );
        assert_eq!(plain_text("Steak?<br>Rare &amp; raw"), "Steak? Rare & raw");
        assert_eq!(plain_text("a < b"), "a < b");
        let columns = ["Q16".to_owned(), "<b>Age</b>".to_owned()];
        let questions = ["Overall, how\nsatisfied are you?".to_owned(), String::new()];
        assert_eq!(find_column(&columns, &questions, "Q16"), Some(0));
        assert_eq!(
            find_column(&columns, &questions, "overall, how satisfied are you?"),
            Some(0)
        );
        assert_eq!(find_column(&columns, &questions, "Age"), Some(1));
        assert_eq!(find_column(&columns, &questions, ""), None);
        assert_eq!(find_column(&columns, &questions, "Q17"), None);
    }

    #[test]
    fn numbers_and_missing_values() {
        assert_eq!(parse_number(" 9 "), Ok(Some(9.0)));
        assert_eq!(parse_number("4,5"), Ok(Some(4.5)));
        assert_eq!(parse_number("NA"), Ok(None));
        assert_eq!(parse_number(""), Ok(None));
        assert_eq!(parse_number("ten"), Err(NotANumber));
        assert_eq!(parse_number("inf"), Err(NotANumber));
    }

    #[test]
    fn dates_in_the_usual_export_formats() {
        let at = |s: &str| parse_date(s, false);
        let expected = 1_736_977_985; // 2025-01-15 21:53:05 UTC
        assert_eq!(at("2025-01-15 21:53:05"), Some(expected));
        assert_eq!(at("2025-01-15T21:53:05Z"), Some(expected));
        assert_eq!(at("2025-01-15T22:53:05+01:00"), Some(expected));
        assert_eq!(at("1/15/2025 21:53:05"), Some(expected));
        assert_eq!(parse_date("15/1/2025 21:53:05", true), Some(expected));
        assert_eq!(at("1736977985"), Some(expected));
        assert_eq!(at("1736977985000"), Some(expected));
        // Excel: 45672.9118634259 is 2025-01-15 21:53:05.
        assert_eq!(at("45672.9118634259"), Some(expected));
        assert_eq!(at("2025-01-15"), Some(expected - (21 * 3600 + 53 * 60 + 5)));
        assert_eq!(at("yesterday"), None);
        assert_eq!(
            excel_serial_to_iso(45672.9118634259).as_deref(),
            Some("2025-01-15T21:53:05")
        );
        assert!(looks_day_first(["15/1/2025", "3/2/2025"].into_iter()));
        assert!(!looks_day_first(["1/15/2025", "3/2/2025"].into_iter()));
    }
}
