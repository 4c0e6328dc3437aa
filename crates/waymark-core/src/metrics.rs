//! Metric maths: what a score means (its definition, stored with each dataset and shown in legends) and how a set of
//! responses becomes a score with its sample size and 95% interval.
//!
//! - NPS on 0–10: promoters 9–10, detractors 0–6; NPS = %promoters − %detractors; standard error
//!   100·√(((p+d) − (p−d)²)/n); interval NPS ± 1.96·SE, within −100…100.
//! - Proportions (CSAT top-2-box, CES % agree): Wilson score interval, never Wald.
//! - Means (CSAT/CES mean, ratings, any number): mean ± 1.96·s/√n.
//!
//! Scores below a minimum n (default 30) are flagged low-confidence.

use crate::ids::CardId;
use serde::{Deserialize, Serialize};

/// The default minimum number of responses for a score to be trusted.
pub const DEFAULT_MIN_N: u64 = 30;
const Z95: f64 = 1.959_963_984_540_054;

/// What kind of question the score answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    Nps,
    Csat,
    Ces,
    Rating,
    Number,
    /// The share of answers that are one of the chosen answers (a yes/no question's "Yes": resolution rate).
    Share,
}

impl std::str::FromStr for MetricKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "nps" => Ok(MetricKind::Nps),
            "csat" => Ok(MetricKind::Csat),
            "ces" => Ok(MetricKind::Ces),
            "rating" => Ok(MetricKind::Rating),
            "number" => Ok(MetricKind::Number),
            "share" => Ok(MetricKind::Share),
            _ => Err(format!(
                "unknown metric '{s}' (expected nps, csat, ces, rating, number or share)"
            )),
        }
    }
}

/// How responses become one value.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Aggregation {
    /// % promoters − % detractors (NPS).
    NetScore {
        promoter_min: f64,
        detractor_max: f64,
    },
    /// % of responses at or above `min` (top-2-box, % agree).
    ShareAtLeast {
        min: f64,
    },
    Mean,
}

/// A metric as stored with a dataset: kind, scale and aggregation, and the sentence a legend shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MetricDefinition {
    pub kind: MetricKind,
    pub scale_min: f64,
    pub scale_max: f64,
    pub aggregation: Aggregation,
    pub description: String,
}

impl MetricDefinition {
    pub fn nps() -> Self {
        MetricDefinition {
            kind: MetricKind::Nps,
            scale_min: 0.0,
            scale_max: 10.0,
            aggregation: Aggregation::NetScore {
                promoter_min: 9.0,
                detractor_max: 6.0,
            },
            description:
                "NPS: % promoters (9–10) − % detractors (0–6) on a 0–10 scale, −100 to 100".into(),
        }
    }

    /// CSAT on 1–5 or 1–7: top-2-box (% of the two highest answers) or the mean.
    pub fn csat(scale_max: f64, mean: bool) -> Self {
        let top = scale_max - 1.0;
        MetricDefinition {
            kind: MetricKind::Csat,
            scale_min: 1.0,
            scale_max,
            aggregation: if mean {
                Aggregation::Mean
            } else {
                Aggregation::ShareAtLeast { min: top }
            },
            description: if mean {
                format!("CSAT: mean answer on a 1–{scale_max} scale")
            } else {
                format!("CSAT: % answering {top}–{scale_max} (top-2-box) on a 1–{scale_max} scale")
            },
        }
    }

    /// CES 2.0 on 1–7: the mean, or % agreeing (5–7).
    pub fn ces(mean: bool) -> Self {
        MetricDefinition {
            kind: MetricKind::Ces,
            scale_min: 1.0,
            scale_max: 7.0,
            aggregation: if mean {
                Aggregation::Mean
            } else {
                Aggregation::ShareAtLeast { min: 5.0 }
            },
            description: if mean {
                "CES: mean agreement that it was easy, on a 1–7 scale".into()
            } else {
                "CES: % agreeing it was easy (5–7 on a 1–7 scale)".into()
            },
        }
    }

    pub fn rating(scale_max: f64) -> Self {
        MetricDefinition {
            kind: MetricKind::Rating,
            scale_min: 1.0,
            scale_max,
            aggregation: Aggregation::Mean,
            description: format!("Rating: mean stars on a 1–{scale_max} scale"),
        }
    }

    pub fn number(scale_min: f64, scale_max: f64) -> Self {
        MetricDefinition {
            kind: MetricKind::Number,
            scale_min,
            scale_max,
            aggregation: Aggregation::Mean,
            description: format!("Mean of values from {scale_min} to {scale_max}"),
        }
    }

    /// The definition of `kind` on `scale` (where the kind allows a choice: CSAT 1–5 or 1–7, ratings, numbers),
    /// as a mean or as the share of top answers (CSAT defaults to top-2-box, CES to the mean); a share counts the
    /// `positive` answers.
    pub fn for_kind(
        kind: MetricKind,
        scale: Option<(f64, f64)>,
        mean: Option<bool>,
        positive: &[String],
    ) -> Self {
        match kind {
            MetricKind::Nps => MetricDefinition::nps(),
            MetricKind::Csat => {
                MetricDefinition::csat(scale.map_or(5.0, |s| s.1), mean.unwrap_or(false))
            }
            MetricKind::Ces => MetricDefinition::ces(mean.unwrap_or(true)),
            MetricKind::Rating => MetricDefinition::rating(scale.map_or(5.0, |s| s.1)),
            MetricKind::Number => match scale {
                Some((low, high)) => MetricDefinition::number(low, high),
                None => MetricDefinition::any_number(),
            },
            MetricKind::Share => MetricDefinition::share(positive),
        }
    }

    /// The share of those who answered whose answer is one of `positive` (the import reads those as 1, every
    /// other answer as 0).
    pub fn share(positive: &[String]) -> Self {
        let answers = match positive {
            [] => "Yes".to_owned(),
            [only] => only.clone(),
            [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
        };
        MetricDefinition {
            kind: MetricKind::Share,
            scale_min: 0.0,
            scale_max: 1.0,
            aggregation: Aggregation::ShareAtLeast { min: 1.0 },
            description: format!("% answering {answers} of those who answered"),
        }
    }

    /// Any finite number, averaged.
    pub fn any_number() -> Self {
        MetricDefinition {
            description: "Mean of the values".into(),
            ..MetricDefinition::number(-1e15, 1e15)
        }
    }

    /// Where a score on this metric sits between the worst possible (0) and the best (1): NPS on −100…100,
    /// shares on 0…100, means on the answer scale. Heatmaps colour by it.
    pub fn position(&self, value: f64) -> f64 {
        let (low, high) = match self.aggregation {
            Aggregation::NetScore { .. } => (-100.0, 100.0),
            Aggregation::ShareAtLeast { .. } => (0.0, 100.0),
            Aggregation::Mean => (self.scale_min, self.scale_max),
        };
        ((value - low) / (high - low).max(f64::MIN_POSITIVE)).clamp(0.0, 1.0)
    }

    /// Whether `value` is an answer on this scale.
    pub fn accepts(&self, value: f64) -> bool {
        value.is_finite() && value >= self.scale_min && value <= self.scale_max
    }
}

/// Running counts from which every aggregation's score follows; tallies add up, so one pass over the responses
/// gives the card, stage and journey scores together.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub n: u64,
    pub sum: f64,
    pub sum_squares: f64,
    /// Responses at or above the definition's upper threshold (promoters, top box).
    pub high: u64,
    /// Responses at or below the definition's lower threshold (detractors).
    pub low: u64,
}

impl Tally {
    pub fn add(&mut self, definition: &MetricDefinition, value: f64) {
        self.n += 1;
        self.sum += value;
        self.sum_squares += value * value;
        match definition.aggregation {
            Aggregation::NetScore {
                promoter_min,
                detractor_max,
            } => {
                self.high += u64::from(value >= promoter_min);
                self.low += u64::from(value <= detractor_max);
            }
            Aggregation::ShareAtLeast { min } => self.high += u64::from(value >= min),
            Aggregation::Mean => {}
        }
    }

    pub fn merge(&mut self, other: &Tally) {
        self.n += other.n;
        self.sum += other.sum;
        self.sum_squares += other.sum_squares;
        self.high += other.high;
        self.low += other.low;
    }

    /// The score, or `None` without responses.
    pub fn score(&self, definition: &MetricDefinition, min_n: u64) -> Option<Score> {
        if self.n == 0 {
            return None;
        }
        let n = self.n as f64;
        let (value, low, high) = match definition.aggregation {
            Aggregation::NetScore { .. } => {
                let (p, d) = (self.high as f64 / n, self.low as f64 / n);
                let value = 100.0 * (p - d);
                let se = 100.0 * (((p + d) - (p - d).powi(2)).max(0.0) / n).sqrt();
                (
                    value,
                    (value - Z95 * se).max(-100.0),
                    (value + Z95 * se).min(100.0),
                )
            }
            Aggregation::ShareAtLeast { .. } => {
                let (low, high) = wilson(self.high, self.n);
                (100.0 * self.high as f64 / n, 100.0 * low, 100.0 * high)
            }
            Aggregation::Mean => {
                let mean = self.sum / n;
                let variance = if self.n > 1 {
                    ((self.sum_squares - n * mean * mean) / (n - 1.0)).max(0.0)
                } else {
                    0.0
                };
                let half = Z95 * (variance / n).sqrt();
                (mean, mean - half, mean + half)
            }
        };
        Some(Score {
            n: self.n,
            value,
            low,
            high,
            low_confidence: self.n < min_n,
        })
    }
}

/// A value with its sample size and 95% interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Score {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub n: u64,
    pub value: f64,
    pub low: f64,
    pub high: f64,
    pub low_confidence: bool,
}

/// One card's score on one metric (the shape of `waymark scores --json`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CardScore {
    pub card: String,
    pub card_id: CardId,
    pub metric: MetricKind,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub n: u64,
    pub value: f64,
    pub low: f64,
    pub high: f64,
    pub low_confidence: bool,
}

/// The Wilson score interval (95%) of `successes` out of `n`, as proportions.
pub fn wilson(successes: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let (n, p) = (n as f64, successes as f64 / n as f64);
    let z2 = Z95 * Z95;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z95 / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(definition: &MetricDefinition, values: &[f64]) -> Tally {
        let mut t = Tally::default();
        for &v in values {
            t.add(definition, v);
        }
        t
    }

    #[test]
    fn nps_counts_promoters_and_detractors_with_the_design_notes_standard_error() {
        let nps = MetricDefinition::nps();
        // 5 promoters, 3 passives, 2 detractors.
        let t = tally(&nps, &[10.0, 9.0, 9.0, 10.0, 9.0, 7.0, 8.0, 8.0, 3.0, 6.0]);
        let s = t.score(&nps, 30).unwrap();
        assert!((s.value - 30.0).abs() < 1e-9);
        let se = 100.0 * ((0.7_f64 - 0.3 * 0.3) / 10.0).sqrt();
        assert!((s.high - s.value - Z95 * se).abs() < 1e-9);
        assert!(s.low_confidence);
    }

    #[test]
    fn wilson_matches_a_hand_computed_value_and_stays_inside_zero_to_one() {
        // 81 of 263: Wilson 95% interval (0.2553, 0.3662), worked out by hand from the formula.
        let (low, high) = wilson(81, 263);
        assert!(
            (low - 0.2553).abs() < 5e-4 && (high - 0.3662).abs() < 5e-4,
            "{low} {high}"
        );
        let (low, high) = wilson(0, 10);
        assert_eq!(low, 0.0);
        assert!(high > 0.0 && high < 0.35);
        assert!((wilson(10, 10).1 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn tallies_merge_to_the_tally_of_all_responses() {
        let csat = MetricDefinition::csat(5.0, false);
        let (a, b) = ([5.0, 4.0, 2.0], [1.0, 5.0, 3.0, 4.0]);
        let mut merged = tally(&csat, &a);
        merged.merge(&tally(&csat, &b));
        let all: Vec<f64> = a.iter().chain(&b).copied().collect();
        assert_eq!(merged, tally(&csat, &all));
        let s = merged.score(&csat, 30).unwrap();
        assert!((s.value - 400.0 / 7.0).abs() < 1e-9, "4 of 7 answered 4–5");
    }

    #[test]
    fn means_have_a_normal_interval() {
        let rating = MetricDefinition::rating(5.0);
        let s = tally(&rating, &[1.0, 2.0, 3.0, 4.0, 5.0])
            .score(&rating, 3)
            .unwrap();
        assert_eq!(s.value, 3.0);
        let half = Z95 * (2.5_f64 / 5.0).sqrt();
        assert!((s.high - 3.0 - half).abs() < 1e-9);
        assert!(!s.low_confidence);
        assert!(!rating.accepts(0.0) && rating.accepts(5.0) && !rating.accepts(f64::NAN));
    }
}
