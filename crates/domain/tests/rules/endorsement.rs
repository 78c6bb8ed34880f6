//! How long a new endorsement is good before its first renewal, by association.

use chrono::NaiveDate;
use lattice_domain::endorsement::{first_good_through, good_through, renewal_year};
use rstest::rstest;

use crate::catalog;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

#[rstest]
// MI-AIMH: renewal by December 31, the first year exempt: endorsed in 2026, first renewal 2027.
#[case("mi-aimh", day(2026, 11, 26), day(2027, 12, 31))]
// NMAIMH keeps unrenewed endorsements in the registry until March 31 of the next year.
#[case("nmaimh", day(2026, 11, 26), day(2028, 3, 31))]
// MassAIMH's 2025 rules: December 31, as MI-AIMH.
#[case("massaimh", day(2026, 2, 1), day(2027, 12, 31))]
fn the_first_renewal_follows_the_association(
    #[case] association: &str,
    #[case] endorsed_on: NaiveDate,
    #[case] expected: NaiveDate,
) {
    let profile = catalog()
        .profile(association, endorsed_on)
        .expect("profile");
    assert_eq!(
        first_good_through(&profile.renewal, endorsed_on),
        Some(expected),
        "{association}"
    );
}

#[test]
fn good_standing_runs_to_the_deadline_or_the_removal_date() {
    let mi = catalog().profile("mi-aimh", day(2026, 6, 1)).expect("mi");
    assert_eq!(good_through(&mi.renewal, 2026), Some(day(2026, 12, 31)));
    let nm = catalog().profile("nmaimh", day(2026, 6, 1)).expect("nm");
    let through = good_through(&nm.renewal, 2026).expect("date");
    assert!(through > nm.renewal.deadline.in_renewal_year(2026).expect("deadline"));
}

#[rstest]
// MI-AIMH: good through December 31 of the renewal year itself.
#[case("mi-aimh", day(2026, 12, 31), 2026)]
// NMAIMH: good standing for the 2026 renewal year runs to March 31, 2027.
#[case("nmaimh", day(2027, 3, 31), 2026)]
// A day no year ends on (a record written under other rules) belongs to the first year still in
// good standing then.
#[case("mi-aimh", day(2026, 6, 30), 2026)]
#[case("nmaimh", day(2027, 1, 15), 2026)]
fn the_renewal_year_is_the_one_whose_good_standing_ends_that_day(
    #[case] association: &str,
    #[case] valid_through: NaiveDate,
    #[case] expected: i32,
) {
    let profile = catalog()
        .profile(association, day(2026, 6, 1))
        .expect("profile");
    assert_eq!(
        renewal_year(&profile.renewal, valid_through),
        expected,
        "{association} {valid_through}"
    );
}
