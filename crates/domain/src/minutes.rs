//! Clock hours kept as whole minutes, so quarter hours add up exactly.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub};

/// A duration in whole minutes. Hours arrive as decimals (`6.5`, `29.75`) and are stored
/// exactly as minutes; floats never take part in a sum.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Minutes(u32);

/// Why a decimal number of hours could not become minutes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    #[error("must be a number of hours, not {0}")]
    NotFinite(String),
    #[error("must be > 0")]
    NotPositive,
    #[error("must be a whole number of minutes (e.g. 1.25 or 6.5 hours), not {0}")]
    NotWholeMinutes(String),
    #[error("{0} hours is more than the {1} hours one record may hold")]
    TooLarge(String, u32),
}

impl Minutes {
    pub const ZERO: Minutes = Minutes(0);
    /// The most hours one portfolio record may claim; more is a typing slip, not a record.
    pub const MAX_HOURS_PER_RECORD: u32 = 2_000;

    pub const fn new(minutes: u32) -> Self {
        Minutes(minutes)
    }

    pub const fn from_hours(hours: u32) -> Self {
        Minutes(hours * 60)
    }

    pub const fn get(self) -> u32 {
        self.0
    }

    /// Parses a positive decimal number of hours. Accepts only values that are a whole number
    /// of minutes, so `0.1` (6 min) passes and `0.33` (19.8 min) is refused rather than rounded.
    pub fn parse_hours(hours: f64) -> Result<Self, HoursError> {
        if !hours.is_finite() {
            return Err(HoursError::NotFinite(hours.to_string()));
        }
        if hours <= 0.0 {
            return Err(HoursError::NotPositive);
        }
        if hours > f64::from(Self::MAX_HOURS_PER_RECORD) {
            return Err(HoursError::TooLarge(
                hours.to_string(),
                Self::MAX_HOURS_PER_RECORD,
            ));
        }
        let minutes = hours * 60.0;
        let whole = minutes.round();
        if (minutes - whole).abs() > 1e-6 {
            return Err(HoursError::NotWholeMinutes(hours.to_string()));
        }
        // In range by the checks above: 0 < whole <= 120_000.
        Ok(Minutes(whole as u32))
    }

    /// Like [`Minutes::parse_hours`] but zero is allowed (e.g. "hours about own RS/C: 0").
    pub fn parse_hours_or_zero(hours: f64) -> Result<Self, HoursError> {
        if hours == 0.0 {
            Ok(Minutes::ZERO)
        } else {
            Self::parse_hours(hours)
        }
    }

    /// Hours as a number for reports; exact for every quarter hour.
    pub fn as_hours(self) -> f64 {
        f64::from(self.0) / 60.0
    }

    pub fn saturating_sub(self, other: Minutes) -> Minutes {
        Minutes(self.0.saturating_sub(other.0))
    }
}

impl Add for Minutes {
    type Output = Minutes;
    fn add(self, rhs: Minutes) -> Minutes {
        Minutes(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Minutes {
    fn add_assign(&mut self, rhs: Minutes) {
        *self = *self + rhs;
    }
}

impl Sub for Minutes {
    type Output = Minutes;
    fn sub(self, rhs: Minutes) -> Minutes {
        self.saturating_sub(rhs)
    }
}

impl Sum for Minutes {
    fn sum<I: Iterator<Item = Minutes>>(iter: I) -> Minutes {
        iter.fold(Minutes::ZERO, Add::add)
    }
}

impl fmt::Display for Minutes {
    /// `6.5 h`, `30 h`, `29.75 h`, `0.1 h`: hours with no trailing zeros.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_hours(f, *self)?;
        f.write_str(" h")
    }
}

/// Writes hours to two decimals at most, trailing zeros dropped, without allocating: reports
/// print hundreds of these.
fn write_hours(f: &mut impl fmt::Write, m: Minutes) -> fmt::Result {
    let whole = m.0 / 60;
    // Hundredths of an hour, rounded half up (20 min = 0.33 h).
    let hundredths = ((m.0 % 60) * 100 + 30) / 60;
    let (whole, hundredths) = if hundredths == 100 {
        (whole + 1, 0)
    } else {
        (whole, hundredths)
    };
    match hundredths {
        0 => write!(f, "{whole}"),
        h if h % 10 == 0 => write!(f, "{whole}.{}", h / 10),
        h => write!(f, "{whole}.{h:02}"),
    }
}

/// Hours as text without a unit: `6.5`, `30`, `0.1`.
pub fn format_hours(m: Minutes) -> String {
    let mut text = String::new();
    // Writing to a String cannot fail.
    let _ = write_hours(&mut text, m);
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(6.5, 390)]
    #[case(29.75, 1785)]
    #[case(30.0, 1800)]
    #[case(0.25, 15)]
    #[case(0.1, 6)]
    #[case(1.0 / 60.0, 1)]
    #[case(2000.0, 120_000)]
    fn parses_exact_hours(#[case] hours: f64, #[case] minutes: u32) {
        assert_eq!(Minutes::parse_hours(hours), Ok(Minutes::new(minutes)));
    }

    #[rstest]
    #[case(0.0)]
    #[case(-1.0)]
    #[case(f64::NAN)]
    #[case(f64::INFINITY)]
    #[case(0.33)]
    #[case(2000.5)]
    fn refuses_bad_hours(#[case] hours: f64) {
        assert!(Minutes::parse_hours(hours).is_err(), "{hours} accepted");
    }

    #[rstest]
    #[case(390, "6.5")]
    #[case(1785, "29.75")]
    #[case(1800, "30")]
    #[case(6, "0.1")]
    #[case(20, "0.33")]
    fn formats_hours(#[case] minutes: u32, #[case] text: &str) {
        assert_eq!(format_hours(Minutes::new(minutes)), text);
    }
}
