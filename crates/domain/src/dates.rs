//! Date ranges: unions without double counting, and month spans. Calendar arithmetic is
//! chrono's; this module only combines ranges.

use chrono::{Datelike, Months, NaiveDate};

/// An inclusive range of calendar days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Span {
    /// `None` when the range would be empty (last before first).
    pub fn new(first: NaiveDate, last: NaiveDate) -> Option<Span> {
        (first <= last).then_some(Span { first, last })
    }

    pub fn days(self) -> i64 {
        (self.last - self.first).num_days() + 1
    }

    pub fn overlaps(self, other: Span) -> bool {
        self.first <= other.last && other.first <= self.last
    }
}

/// Days covered by at least one span: overlapping jobs count once.
pub fn union_days(spans: &[Span]) -> i64 {
    merge(spans).iter().map(|s| s.days()).sum()
}

/// The spans merged into disjoint, sorted ranges (adjacent days join).
pub fn merge(spans: &[Span]) -> Vec<Span> {
    let mut sorted = spans.to_vec();
    sorted.sort();
    let mut merged: Vec<Span> = Vec::with_capacity(sorted.len());
    for span in sorted {
        match merged.last_mut() {
            Some(last) if span.first <= last.last.succ_opt().unwrap_or(last.last) => {
                last.last = last.last.max(span.last);
            }
            _ => merged.push(span),
        }
    }
    merged
}

/// `date` plus whole months, clamped to the month's end (Jan 31 + 1 month = Feb 28/29).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The day after `last`: a range of days ends there, so "June 1 to May 31" is one year.
fn end_of(last: NaiveDate) -> NaiveDate {
    last.succ_opt().unwrap_or(NaiveDate::MAX)
}

/// True when the days `first..=last` cover at least `months` (a span "of no less than a
/// year"). Ranges are inclusive: a monthly group from June 1 to May 31 covers a year.
pub fn spans_at_least(first: NaiveDate, last: NaiveDate, months: u32) -> bool {
    add_months(first, months) <= end_of(last)
}

/// True when the days `first..=last` cover at most `months` (a span "of no more than two
/// years"): January 1, 2023 to December 31, 2024 does; to January 1, 2025 does not.
pub fn spans_at_most(first: NaiveDate, last: NaiveDate, months: u32) -> bool {
    end_of(last) <= add_months(first, months)
}

/// Whole months the days `first..=last` cover, for messages ("spans 25 months").
pub fn months_between(first: NaiveDate, last: NaiveDate) -> u32 {
    // The calendar difference is at most one off the answer; step from there rather than
    // from zero (a portfolio's RS/C windows are checked for every category).
    let calendar = (last.year() - first.year()) * 12 + last.month() as i32 - first.month() as i32;
    let mut months = calendar.clamp(0, 1200) as u32;
    while months > 0 && !spans_at_least(first, last, months) {
        months -= 1;
    }
    while months < 1200 && spans_at_least(first, last, months + 1) {
        months += 1;
    }
    months
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn span(a: &str, b: &str) -> Span {
        Span::new(d(a), d(b)).expect("ordered")
    }

    #[test]
    fn overlapping_ranges_count_once() {
        let jobs = [
            span("2020-01-01", "2020-12-31"),
            span("2020-07-01", "2021-06-30"),
        ];
        assert_eq!(union_days(&jobs), 366 + 181);
    }

    #[test]
    fn adjacent_and_nested_ranges_merge() {
        let jobs = [
            span("2020-01-01", "2020-01-31"),
            span("2020-02-01", "2020-02-10"),
            span("2020-01-05", "2020-01-06"),
        ];
        assert_eq!(merge(&jobs), vec![span("2020-01-01", "2020-02-10")]);
    }

    #[test]
    fn month_spans_are_inclusive_of_both_days() {
        assert!(spans_at_least(d("2024-06-01"), d("2025-05-31"), 12));
        assert!(!spans_at_least(d("2024-06-01"), d("2025-05-30"), 12));
        assert!(spans_at_most(d("2023-01-01"), d("2024-12-31"), 24));
        assert!(!spans_at_most(d("2023-01-01"), d("2025-01-01"), 24));
        assert_eq!(months_between(d("2023-01-10"), d("2025-02-15")), 25);
        assert_eq!(months_between(d("2024-06-01"), d("2025-05-31")), 12);
        assert_eq!(months_between(d("2023-01-10"), d("2023-02-08")), 0);
        assert_eq!(
            months_between(d("2025-03-01"), d("2024-03-01")),
            0,
            "backwards"
        );
    }

    /// Starting from the calendar difference gives what counting up from zero gives, for
    /// every pair of days around month ends, leap days and backwards ranges.
    #[test]
    fn months_between_agrees_with_counting_from_zero() {
        let counted = |first: NaiveDate, last: NaiveDate| {
            (0..)
                .find(|&m| !spans_at_least(first, last, m + 1))
                .expect("finite")
        };
        let start = d("2023-12-25");
        for offset in 0..80 {
            let first = start + chrono::Duration::days(offset);
            for length in (-40..800).step_by(7) {
                let last = first + chrono::Duration::days(length);
                assert_eq!(
                    months_between(first, last),
                    counted(first, last),
                    "{first} to {last}"
                );
            }
        }
    }
}
