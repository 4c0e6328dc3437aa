//! Typed names for what the feedback tables key by, so that a dataset id, a month and a metric's identity are
//! not interchangeable strings.

use serde::{Deserialize, Serialize};
use waymark_core::metrics::MetricDefinition;

/// A feedback dataset's id (a UUID v7, as text in the file).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(transparent)]
pub struct DatasetId(pub String);

impl DatasetId {
    pub(crate) fn new() -> Self {
        DatasetId(uuid::Uuid::now_v7().to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for DatasetId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A civil month, the period of a trend point; shown and stored as `YYYY-MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// Months since January of year 0.
    index: i64,
}

impl Month {
    /// The month of a timestamp (seconds since 1970), if its year is 0…9999.
    pub fn of_timestamp(seconds: i64) -> Option<Month> {
        // Civil month from days since 1970 (Howard Hinnant's algorithm), to keep the store free of a date library.
        let days = seconds.div_euclid(86_400);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        (0..=9999).contains(&year).then_some(Month {
            index: year * 12 + month - 1,
        })
    }

    /// `YYYY-MM` as the file stores it; anything else is not a month.
    pub fn parse(text: &str) -> Option<Month> {
        let (year, month) = text.split_once('-')?;
        let valid = year.len() == 4 && month.len() == 2;
        let (year, month) = (year.parse::<i64>().ok()?, month.parse::<i64>().ok()?);
        (valid && (1..=12).contains(&month)).then_some(Month {
            index: year * 12 + month - 1,
        })
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.index / 12, self.index % 12 + 1)
    }
}

impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// What makes two datasets' metrics the same metric, so their tallies add up: kind, scale and aggregation agree
/// (descriptions may be reworded).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MetricKey(String);

impl MetricKey {
    pub fn of(definition: &MetricDefinition) -> MetricKey {
        let MetricDefinition {
            kind,
            scale_min,
            scale_max,
            aggregation,
            ..
        } = definition;
        MetricKey(format!("{kind:?}|{scale_min}|{scale_max}|{aggregation:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::Month;

    #[test]
    fn months_of_timestamps() {
        let name = |s| Month::of_timestamp(s).map(|m| m.to_string());
        assert_eq!(name(0).as_deref(), Some("1970-01"));
        assert_eq!(name(1_736_977_985).as_deref(), Some("2025-01"));
        assert_eq!(name(951_782_400).as_deref(), Some("2000-02")); // 2000-02-29
        assert_eq!(name(-1).as_deref(), Some("1969-12"));
    }

    #[test]
    fn months_read_back_as_written() {
        let month = Month::of_timestamp(1_736_977_985).unwrap();
        assert_eq!(Month::parse(&month.to_string()), Some(month));
        for bad in [
            "", "2025", "2025-13", "2025-00", "25-01", "2025-1", "x025-01",
        ] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }
}
