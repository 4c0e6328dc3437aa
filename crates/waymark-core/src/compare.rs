//! Is one group's score different from the rest's? The difference of two independent groups' scores on one metric,
//! with its 95% interval, by the method that suits the aggregation:
//!
//! - NPS ([`Aggregation::NetScore`]): the adjusted-Wald interval of a difference of two NPS (Lewis & Sauro 2021,
//!   after Rocks 2016);
//! - shares ([`Aggregation::ShareAtLeast`]): Newcombe's hybrid score interval (his method 10) from the two Wilson
//!   intervals;
//! - means ([`Aggregation::Mean`]): Welch's t test, with Welch–Satterthwaite degrees of freedom, its two-sided p
//!   value and the t interval of the difference.
//!
//! A difference is significant when its interval leaves out 0. Each comparison is at 95% on its own: across many
//! segments or channels, about one in twenty differences that are not real will still be flagged.

use crate::metrics::{Aggregation, MetricDefinition, Tally, wilson};
use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

const Z95: f64 = 1.959_963_984_540_054;

/// How a difference was tested.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ComparisonMethod {
    /// Difference of two NPS, adjusted-Wald interval (Lewis & Sauro 2021; Rocks 2016).
    AdjustedWaldNpsDifference,
    /// Difference of two proportions, Newcombe's hybrid score interval (Newcombe 1998, method 10).
    NewcombeHybridScore,
    /// Difference of two means, Welch's t test.
    WelchT,
}

impl ComparisonMethod {
    /// The method in a few words, for text output.
    pub fn describe(self) -> &'static str {
        match self {
            ComparisonMethod::AdjustedWaldNpsDifference => "adjusted-Wald NPS difference",
            ComparisonMethod::NewcombeHybridScore => "Newcombe hybrid score interval",
            ComparisonMethod::WelchT => "Welch's t test",
        }
    }
}

/// One group's score against the rest's, at 95%. (`ScoreComparison` in TypeScript, beside the History panel's
/// `Comparison` of a version with now.)
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "ScoreComparison"))]
pub struct Comparison {
    /// The group's score minus the rest's, in the score's units: NPS points, percentage points, or the answer
    /// scale for means. This is the difference of the scores as shown; the NPS interval is centred on the adjusted
    /// difference instead (see [`ComparisonMethod::AdjustedWaldNpsDifference`]), which is pulled towards 0, so with
    /// very few responses the difference shown can even lie outside its interval.
    pub difference: f64,
    /// The 95% interval of the difference.
    pub low: f64,
    pub high: f64,
    /// The interval leaves out 0.
    pub significant: bool,
    /// The two-sided p value, where the method gives one (adjusted-Wald z, Welch's t); not for Newcombe's interval.
    pub p_value: Option<f64>,
    pub method: ComparisonMethod,
}

/// The fewest responses on either side for a comparison.
pub const MIN_COMPARED: u64 = 2;

/// Compares a group's tally with the rest's on the metric `definition` describes; `None` when either side has
/// fewer than [`MIN_COMPARED`] responses.
pub fn compare(definition: &MetricDefinition, group: &Tally, rest: &Tally) -> Option<Comparison> {
    if group.n < MIN_COMPARED || rest.n < MIN_COMPARED {
        return None;
    }
    Some(match definition.aggregation {
        Aggregation::NetScore { .. } => nps_difference(group, rest),
        Aggregation::ShareAtLeast { .. } => share_difference(group, rest),
        Aggregation::Mean => welch(group, rest),
    })
}

/// The difference of two NPS (promoters `high`, detractors `low`), in NPS points.
///
/// The adjusted-Wald method of Lewis & Sauro, "How to Statistically Compare Two Net Promoter Scores"
/// (MeasuringU, 2021), evaluated in their "Evaluating NPS Significance Tests with Real-World Data" (2021) and built
/// on the adjusted-Wald NPS interval that Rocks, "Interval Estimation for the 'Net Promoter Score'", The American
/// Statistician 70(4), 2016, pp. 365–372, found the best of those he studied. For each group: add 3/4 to the
/// promoters, 3/4 to the detractors and 3 to n (so 3/2 to the passives); NPS.adj = p.adj − d.adj and
/// Var.adj = p.adj + d.adj − (p.adj − d.adj)²; then SE = √(Var.adj₁/n.adj₁ + Var.adj₂/n.adj₂) and the interval is
/// (NPS.adj₁ − NPS.adj₂) ± 1.96·SE, with z = (NPS.adj₁ − NPS.adj₂)/SE. (The adjustment is 3 per group, not 3/2:
/// the published method adds 3 to each group's n.)
fn nps_difference(a: &Tally, b: &Tally) -> Comparison {
    let adjusted = |t: &Tally| {
        let n = t.n as f64 + 3.0;
        let (p, d) = ((t.high as f64 + 0.75) / n, (t.low as f64 + 0.75) / n);
        (p - d, (p + d - (p - d).powi(2)).max(0.0) / n)
    };
    let raw = |t: &Tally| (t.high as f64 - t.low as f64) / t.n as f64;
    let ((nps_a, var_a), (nps_b, var_b)) = (adjusted(a), adjusted(b));
    let centre = nps_a - nps_b;
    let se = (var_a + var_b).sqrt();
    let (low, high) = (
        (100.0 * (centre - Z95 * se)).max(-200.0),
        (100.0 * (centre + Z95 * se)).min(200.0),
    );
    let normal = Normal::standard();
    let p_value = (se > 0.0).then(|| 2.0 * normal.sf((centre / se).abs()));
    Comparison {
        difference: 100.0 * (raw(a) - raw(b)),
        low,
        high,
        significant: low > 0.0 || high < 0.0,
        p_value,
        method: ComparisonMethod::AdjustedWaldNpsDifference,
    }
}

/// The difference of two shares (`high` of `n`), in percentage points: Newcombe's hybrid score interval,
/// "Interval estimation for the difference between independent proportions: comparison of eleven methods",
/// Statistics in Medicine 17, 1998, pp. 873–890, method 10. With Wilson intervals (l₁, u₁) and (l₂, u₂) of
/// p₁ and p₂: low = (p₁ − p₂) − √((p₁ − l₁)² + (u₂ − p₂)²), high = (p₁ − p₂) + √((u₁ − p₁)² + (p₂ − l₂)²).
fn share_difference(a: &Tally, b: &Tally) -> Comparison {
    let (p1, p2) = (a.high as f64 / a.n as f64, b.high as f64 / b.n as f64);
    let ((l1, u1), (l2, u2)) = (wilson(a.high, a.n), wilson(b.high, b.n));
    let d = p1 - p2;
    let low = d - ((p1 - l1).powi(2) + (u2 - p2).powi(2)).sqrt();
    let high = d + ((u1 - p1).powi(2) + (p2 - l2).powi(2)).sqrt();
    Comparison {
        difference: 100.0 * d,
        low: 100.0 * low,
        high: 100.0 * high,
        significant: low > 0.0 || high < 0.0,
        p_value: None,
        method: ComparisonMethod::NewcombeHybridScore,
    }
}

/// The mean and the sample variance of a tally (n ≥ 2).
fn mean_variance(t: &Tally) -> (f64, f64) {
    let n = t.n as f64;
    let mean = t.sum / n;
    (
        mean,
        ((t.sum_squares - n * mean * mean) / (n - 1.0)).max(0.0),
    )
}

/// The difference of two means, in the answer scale's units: Welch's t test. With vᵢ = sᵢ²/nᵢ,
/// t = (m₁ − m₂)/√(v₁ + v₂) on ν = (v₁ + v₂)²/(v₁²/(n₁ − 1) + v₂²/(n₂ − 1)) degrees of freedom
/// (Welch–Satterthwaite); the interval is (m₁ − m₂) ± t₀.₉₇₅,ν·√(v₁ + v₂). When neither group varies at all the
/// test has no spread to work with: the difference is then significant exactly when the means differ (the limit
/// as the spread goes to zero), with an interval of the difference alone.
fn welch(a: &Tally, b: &Tally) -> Comparison {
    let ((m1, s1), (m2, s2)) = (mean_variance(a), mean_variance(b));
    let (v1, v2) = (s1 / a.n as f64, s2 / b.n as f64);
    let d = m1 - m2;
    let se = (v1 + v2).sqrt();
    let method = ComparisonMethod::WelchT;
    if se == 0.0 || !se.is_finite() {
        return Comparison {
            difference: d,
            low: d,
            high: d,
            significant: d != 0.0,
            p_value: Some(if d == 0.0 { 1.0 } else { 0.0 }),
            method,
        };
    }
    let freedom =
        (v1 + v2).powi(2) / (v1.powi(2) / (a.n as f64 - 1.0) + v2.powi(2) / (b.n as f64 - 1.0));
    let t = StudentsT::new(0.0, 1.0, freedom).expect("Welch's degrees of freedom are positive");
    let quantile = t.inverse_cdf(0.975);
    let (low, high) = (d - quantile * se, d + quantile * se);
    Comparison {
        difference: d,
        low,
        high,
        significant: low > 0.0 || high < 0.0,
        p_value: Some((2.0 * t.sf((d / se).abs())).min(1.0)),
        method,
    }
}

#[cfg(test)]
mod tests {
    //! The expected figures were computed independently in plain Python (python3 with mpmath for the t
    //! distribution; scipy is not on the build machine), from the formulas in the sources cited above:
    //!
    //! ```python
    //! from math import sqrt
    //! import mpmath as mp
    //! Z = 1.959963984540054
    //! def nps_diff(p1, d1, n1, p2, d2, n2):  # Lewis & Sauro 2021
    //!     def adj(p, d, n):
    //!         na = n + 3.0; pa, da = (p + .75) / na, (d + .75) / na
    //!         return pa - da, (pa + da - (pa - da) ** 2) / na
    //!     (a1, v1), (a2, v2) = adj(p1, d1, n1), adj(p2, d2, n2)
    //!     se = sqrt(v1 + v2); z = (a1 - a2) / se
    //!     return (100 * (p1 / n1 - d1 / n1 - p2 / n2 + d2 / n2),
    //!             100 * (a1 - a2 - Z * se), 100 * (a1 - a2 + Z * se), float(2 * (1 - mp.ncdf(abs(z)))))
    //! def wilson(x, n):
    //!     p = x / n; z2 = Z * Z
    //!     c = (p + z2 / (2 * n)) / (1 + z2 / n); h = Z / (1 + z2 / n) * sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    //!     return c - h, c + h
    //! def newcombe(x1, n1, x2, n2):  # Newcombe 1998, method 10
    //!     p1, p2 = x1 / n1, x2 / n2; (l1, u1), (l2, u2) = wilson(x1, n1), wilson(x2, n2)
    //!     return p1 - p2 - sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), p1 - p2 + sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    //! def welch(a, b):
    //!     n1, n2 = len(a), len(b); m1, m2 = sum(a) / n1, sum(b) / n2
    //!     v1 = sum((x - m1) ** 2 for x in a) / (n1 - 1) / n1; v2 = sum((x - m2) ** 2 for x in b) / (n2 - 1) / n2
    //!     se = sqrt(v1 + v2); df = (v1 + v2) ** 2 / (v1 ** 2 / (n1 - 1) + v2 ** 2 / (n2 - 1)); t = (m1 - m2) / se
    //!     tail = lambda x: mp.betainc(df / 2, 0.5, 0, df / (df + x * x), regularized=True)  # P(|T| > x)
    //!     q = mp.findroot(lambda x: tail(x) - 0.05, 2.0)
    //!     return m1 - m2, m1 - m2 - q * se, m1 - m2 + q * se, df, tail(t)
    //! ```
    //!
    //! Newcombe's examples (a), (b), (d) and (e) are those of his paper's Table II, where method 10 gives the same
    //! intervals to four decimals.

    use super::*;
    use crate::metrics::MetricDefinition;

    fn tally(definition: &MetricDefinition, values: &[f64]) -> Tally {
        let mut t = Tally::default();
        for &v in values {
            t.add(definition, v);
        }
        t
    }

    /// A tally of `n` answers with `high` at or above the top threshold and `low` at or below the bottom one.
    fn counts(n: u64, high: u64, low: u64) -> Tally {
        Tally {
            n,
            high,
            low,
            ..Tally::default()
        }
    }

    fn close(actual: f64, expected: f64, tolerance: f64) {
        assert!(
            (actual - expected).abs() < tolerance,
            "{actual} is not {expected}"
        );
    }

    #[test]
    fn nps_differences_use_the_adjusted_wald_interval() {
        let nps = MetricDefinition::nps();
        // 60 promoters, 24 detractors of 120 (NPS 30) against 45 and 60 of 150 (NPS −10).
        // nps_diff(60, 24, 120, 45, 60, 150) = (40.0, 20.027597, 58.116832, 5.7929e-05)
        let c = compare(&nps, &counts(120, 60, 24), &counts(150, 45, 60)).unwrap();
        assert_eq!(c.method, ComparisonMethod::AdjustedWaldNpsDifference);
        close(c.difference, 40.0, 1e-9);
        close(c.low, 20.027_597, 1e-5);
        close(c.high, 58.116_832, 1e-5);
        close(c.p_value.unwrap(), 5.7929e-5, 1e-8);
        assert!(c.significant);
        // 18 and 10 of 40 (NPS 20) against 20 and 15 of 50 (NPS 10).
        // nps_diff(18, 10, 40, 20, 15, 50) = (10.0, -23.611508, 41.952886, 0.583491)
        let c = compare(&nps, &counts(40, 18, 10), &counts(50, 20, 15)).unwrap();
        close(c.difference, 10.0, 1e-9);
        close(c.low, -23.611_508, 1e-5);
        close(c.high, 41.952_886, 1e-5);
        close(c.p_value.unwrap(), 0.583_491, 1e-6);
        assert!(!c.significant);
    }

    #[test]
    fn share_differences_use_newcombes_hybrid_score_interval() {
        let csat = MetricDefinition::csat(5.0, false);
        for ((x1, n1, x2, n2), (low, high), significant) in [
            // (a) 56/70 − 48/80: newcombe(56, 70, 48, 80) = (0.052431, 0.333873)
            ((56, 70, 48, 80), (0.052_431, 0.333_873), true),
            // (b) 9/10 − 3/10: (0.170523, 0.809018)
            ((9, 10, 3, 10), (0.170_523, 0.809_018), true),
            // (d) 5/56 − 0/29: (-0.038137, 0.192560)
            ((5, 56, 0, 29), (-0.038_137, 0.192_560), false),
            // (e) 0/10 − 0/20: (-0.161125, 0.277533)
            ((0, 10, 0, 20), (-0.161_125, 0.277_533), false),
        ] {
            let c = compare(&csat, &counts(n1, x1, 0), &counts(n2, x2, 0)).unwrap();
            assert_eq!(c.method, ComparisonMethod::NewcombeHybridScore);
            close(
                c.difference,
                100.0 * (x1 as f64 / n1 as f64 - x2 as f64 / n2 as f64),
                1e-9,
            );
            close(c.low, 100.0 * low, 1e-4);
            close(c.high, 100.0 * high, 1e-4);
            assert_eq!(c.significant, significant, "{x1}/{n1} − {x2}/{n2}");
            assert_eq!(c.p_value, None);
        }
    }

    #[test]
    fn mean_differences_use_welchs_t_test() {
        let rating = MetricDefinition::rating(5.0);
        let a = [5.0, 4.0, 5.0, 3.0, 4.0, 5.0, 4.0, 4.0, 5.0, 3.0, 5.0, 4.0];
        let b = [3.0, 2.0, 4.0, 3.0, 3.0, 2.0, 4.0, 3.0, 2.0, 3.0, 5.0];
        // welch(a, b) = (1.159091, 0.409691, 1.908491, df 19.157622, p 0.00431916)
        let c = compare(&rating, &tally(&rating, &a), &tally(&rating, &b)).unwrap();
        assert_eq!(c.method, ComparisonMethod::WelchT);
        close(c.difference, 1.159_091, 1e-6);
        close(c.low, 0.409_691, 1e-5);
        close(c.high, 1.908_491, 1e-5);
        close(c.p_value.unwrap(), 0.004_319_16, 1e-7);
        assert!(c.significant);
        let a = [4.0, 5.0, 3.0, 4.0, 2.0, 5.0, 4.0, 3.0];
        let b = [3.0, 4.0, 4.0, 5.0, 3.0, 2.0, 4.0, 3.0, 4.0];
        // welch(a, b) = (0.194444, -0.813105, 1.201994, df 13.888444, p 0.685033)
        let c = compare(&rating, &tally(&rating, &a), &tally(&rating, &b)).unwrap();
        close(c.difference, 0.194_444, 1e-6);
        close(c.low, -0.813_105, 1e-5);
        close(c.high, 1.201_994, 1e-5);
        close(c.p_value.unwrap(), 0.685_033, 1e-6);
        assert!(!c.significant);
    }

    #[test]
    fn too_few_responses_are_not_compared_and_no_spread_is_the_limit() {
        let rating = MetricDefinition::rating(5.0);
        let one = tally(&rating, &[5.0]);
        let many = tally(&rating, &[1.0, 2.0, 3.0]);
        assert_eq!(compare(&rating, &one, &many), None);
        assert_eq!(compare(&rating, &many, &one), None);
        assert_eq!(compare(&rating, &many, &Tally::default()), None);
        let fives = tally(&rating, &[5.0; 4]);
        let fours = tally(&rating, &[4.0; 6]);
        let c = compare(&rating, &fives, &fours).unwrap();
        assert!(c.significant && c.difference == 1.0 && c.low == 1.0 && c.high == 1.0);
        assert!(!compare(&rating, &fives, &fives).unwrap().significant);
        // One side without spread: ν is the other side's n − 1.
        let c = compare(&rating, &fives, &many).unwrap();
        let half =
            StudentsT::new(0.0, 1.0, 2.0).unwrap().inverse_cdf(0.975) * (1.0_f64 / 3.0).sqrt();
        close(c.high - c.difference, half, 1e-9);
    }

    #[test]
    fn methods_serialise_in_snake_case() {
        let names: Vec<String> = [
            ComparisonMethod::AdjustedWaldNpsDifference,
            ComparisonMethod::NewcombeHybridScore,
            ComparisonMethod::WelchT,
        ]
        .iter()
        .map(|m| serde_json::to_string(m).unwrap())
        .collect();
        assert_eq!(
            names,
            [
                "\"adjusted_wald_nps_difference\"",
                "\"newcombe_hybrid_score\"",
                "\"welch_t\""
            ]
        );
    }
}
