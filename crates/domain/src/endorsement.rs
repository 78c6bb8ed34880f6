//! Endorsements once granted: their status, the mark shown after the endorsee's name, and the
//! credential number printed on the certificate and looked up on the verification page.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::category::Category;
use crate::portfolio::{DegreeLevel, Education};
use crate::profile::RenewalRule;

/// The length of an association's smallest status list, in bits (the W3C Bitstring Status
/// List's minimum, for herd privacy). Status indexes are drawn at random below it (or below a
/// multiple of it once half of them are taken).
pub const STATUS_LIST_BITS: i64 = 131_072;

/// Where an endorsement stands. Only `Active` ones are listed in the public registry; every
/// status can still be verified by its credential number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Active,
    /// Not renewed by the deadline (and any grace period).
    Lapsed,
    /// Set aside at the endorsee's request (e.g. leave from the field).
    Inactive,
    /// Retired in good standing.
    Emeritus,
    /// Withdrawn by the association.
    Revoked,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Active,
        Status::Lapsed,
        Status::Inactive,
        Status::Emeritus,
        Status::Revoked,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Lapsed => "lapsed",
            Status::Inactive => "inactive",
            Status::Emeritus => "emeritus",
            Status::Revoked => "revoked",
        }
    }

    pub fn from_key(key: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Active => "Active",
            Status::Lapsed => "Lapsed",
            Status::Inactive => "Inactive",
            Status::Emeritus => "Emeritus",
            Status::Revoked => "Revoked",
        }
    }

    /// Whether a verifier should accept the credential today.
    pub fn verifies(self) -> bool {
        matches!(self, Status::Active | Status::Emeritus)
    }

    /// Why the endorsement may not change to another status, if it may not. Revocation is
    /// final: the W3C Bitstring Status List makes a revocation bit irreversible, so a revoked
    /// endorsement never returns to the lists as good. Every other status may change (a
    /// suspension, lapsed or inactive, ends with renewal or return).
    pub fn change_refused(self) -> Option<&'static str> {
        (self == Status::Revoked).then_some(
            "status: a revoked endorsement stays revoked; revocation is final and cannot be undone",
        )
    }

    /// Why no certificate or signed credential is handed out in this status, if none is: only
    /// an endorsement in good standing gets one, so a fresh copy never outlives a revocation,
    /// a suspension or a lapse.
    pub fn credential_withheld(self) -> Option<&'static str> {
        match self {
            Status::Active | Status::Emeritus => None,
            Status::Revoked => Some(
                "This endorsement was revoked by the association: no certificate or digital \
                 credential is issued for it.",
            ),
            Status::Lapsed => Some(
                "This endorsement has lapsed (not renewed): the certificate and digital \
                 credential are issued again once it is renewed or reinstated.",
            ),
            Status::Inactive => Some(
                "This endorsement is inactive (suspended): the certificate and digital \
                 credential are issued again once it is active.",
            ),
        }
    }

    /// The status in words with the date it took effect, as the endorsee's page and the
    /// verification page show it.
    pub fn standing(self, since: NaiveDate, valid_through: NaiveDate) -> String {
        match self {
            Status::Active => format!("Active, in good standing through {valid_through}"),
            Status::Emeritus => format!("Emeritus since {since}"),
            Status::Lapsed => format!("Lapsed since {since}: not renewed"),
            Status::Inactive => format!("Inactive (suspended) since {since}"),
            Status::Revoked => format!("Revoked on {since}"),
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The mark as displayed: the name with degrees and licences, then `IMH-E®` or `ECMH-E®` on the
/// first line, the category title on the second.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub name_line: String,
    pub title_line: String,
}

/// The degrees shown after the name: those of the highest completed level (a master's is
/// shown, the bachelor's under it is not), in the order they were earned.
pub fn degrees_for_mark(education: &[Education]) -> Vec<String> {
    let completed: Vec<&Education> = education
        .iter()
        .filter(|e| e.completed.is_some() && !e.degree.trim().is_empty())
        .collect();
    let Some(top) = completed.iter().map(|e| e.level).max() else {
        return Vec::new();
    };
    if top == DegreeLevel::None {
        return Vec::new();
    }
    let mut degrees: Vec<&Education> = completed.into_iter().filter(|e| e.level == top).collect();
    degrees.sort_by_key(|e| e.completed);
    let mut shown: Vec<String> = Vec::new();
    for degree in degrees {
        let text = degree.degree.trim().to_string();
        if !shown.contains(&text) {
            shown.push(text);
        }
    }
    shown
}

/// `Jane Doe, MSW, LMSW, IMH-E®` / `Infant Mental Health Specialist`.
pub fn mark(name: &str, degrees: &[String], licences: &[String], category: Category) -> Mark {
    let mut parts = vec![name.trim().to_string()];
    for item in degrees.iter().chain(licences) {
        let item = item.trim();
        if !item.is_empty() && !parts.iter().any(|p| p == item) {
            parts.push(item.to_string());
        }
    }
    parts.push(category.form.mark().to_string());
    Mark {
        name_line: parts.join(", "),
        title_line: category.title().to_string(),
    }
}

/// A credential number: the association's abbreviation, the year endorsed, a sequence, and a
/// check digit so a mistyped number is caught before it is looked up, e.g.
/// `MASSAIMH-2026-000042-31`.
pub fn credential_number(abbreviation: &str, year: i32, sequence: u64) -> String {
    let prefix: String = abbreviation
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase();
    let body = format!("{prefix}-{year:04}-{sequence:06}");
    format!("{body}-{}", check_digits(&body))
}

/// A credential number as a person types it, in the written form: any case, with spaces,
/// dashes or both between its parts (`massaimh 2026 000042 31`, `MassAIMH-2026-000042-31`).
pub fn typed_credential_number(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || matches!(c, '-' | '\u{2010}'..='\u{2015}'))
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
        .to_ascii_uppercase()
}

/// Whether `text` has the shape of a credential number and its check digit agrees.
pub fn valid_credential_number(text: &str) -> bool {
    let Some((body, digit)) = text.rsplit_once('-') else {
        return false;
    };
    let parts: Vec<&str> = body.split('-').collect();
    let shaped = parts.len() == 3
        && !parts[0].is_empty()
        && parts[0]
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && parts[1].len() == 4
        && parts[1].chars().all(|c| c.is_ascii_digit())
        && parts[2].len() >= 6
        && parts[2].chars().all(|c| c.is_ascii_digit());
    shaped && digit == check_digits(body)
}

/// Two check digits: a weighted sum of the characters (as base-36 values) modulo the prime 97.
/// Any single changed character or swap of two neighbours changes it, letters included.
fn check_digits(body: &str) -> String {
    let sum: u64 = body
        .chars()
        .filter(|c| *c != '-')
        .enumerate()
        .map(|(i, c)| u64::from(c.to_digit(36).unwrap_or(0)) * (i as u64 % 96 + 1))
        .sum();
    format!("{:02}", sum % 97)
}

/// The last day an endorsement stays in good standing without renewal: the renewal deadline
/// plus the association's grace period.
pub fn lapses_after(deadline: NaiveDate, grace_days: i64) -> NaiveDate {
    deadline + chrono::Duration::days(grace_days)
}

/// The last day of good standing for the renewal year `year`: the deadline plus the grace
/// period, or the later day the association still keeps unrenewed endorsements in the
/// registry (NMAIMH: March 31).
pub fn good_through(rule: &RenewalRule, year: i32) -> Option<NaiveDate> {
    let deadline = rule.deadline.in_renewal_year(year)?;
    let graced = lapses_after(deadline, rule.grace_days);
    let removal = rule.removal_after.and_then(|r| r.in_renewal_year(year));
    Some(removal.filter(|r| *r > graced).unwrap_or(graced))
}

/// The last day an endorsement good through `valid_through` stays in good standing under
/// `rule`, as the yearly pass lapses it: a day stored on or after its year's deadline gets the
/// rule's grace (an edition that lengthens the grace period after the endorsement was last
/// renewed keeps it in good standing until the new last day; one that shortens it never cuts
/// the day stored); a day stored before its year's deadline (set by hand, or imported) is not
/// a deadline's and is kept as it is.
pub fn last_day(rule: &RenewalRule, valid_through: NaiveDate) -> NaiveDate {
    let year = renewal_year(rule, valid_through);
    match (
        rule.deadline.in_renewal_year(year),
        good_through(rule, year),
    ) {
        (Some(deadline), Some(graced)) if valid_through >= deadline => graced.max(valid_through),
        _ => valid_through,
    }
}

/// The renewal year an endorsement good through `valid_through` is renewed for: the year
/// whose good standing ends on that day (or, for a day no year ends on, the first year still in
/// good standing then). Here, below both, because the renewal page and the worker's yearly pass
/// must agree on it.
pub fn renewal_year(rule: &RenewalRule, valid_through: NaiveDate) -> i32 {
    let candidates = (valid_through.year() - 2)..=(valid_through.year() + 1);
    candidates
        .clone()
        .find(|&y| good_through(rule, y) == Some(valid_through))
        .or_else(|| {
            candidates
                .filter(|&y| good_through(rule, y).is_some_and(|d| d >= valid_through))
                .min()
        })
        .unwrap_or(valid_through.year())
}

/// How long a new endorsement is good without renewal. Endorsed in year N, the first renewal
/// is for year N+1 where the association exempts the first year (MI-AIMH), otherwise for N;
/// a deadline already past moves to the next year.
pub fn first_good_through(rule: &RenewalRule, endorsed_on: NaiveDate) -> Option<NaiveDate> {
    let mut year = endorsed_on.year() + i32::from(rule.first_year_exempt);
    loop {
        let deadline = rule.deadline.in_renewal_year(year)?;
        if deadline >= endorsed_on {
            return good_through(rule, year);
        }
        year += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_number_reads_in_any_case_with_spaces_or_dashes() {
        let number = credential_number("MassAIMH", 2026, 42);
        for typed in [
            number.clone(),
            number.to_lowercase(),
            number.replace('-', " "),
            format!("  {}  ", number.replace('-', " - ")),
            number.replace('-', "\u{2013}"),
        ] {
            assert_eq!(typed_credential_number(&typed), number, "{typed:?}");
        }
        assert!(valid_credential_number(&typed_credential_number(
            &number.to_lowercase()
        )));
        assert_eq!(typed_credential_number("  "), "");
    }
    use crate::category::{Form, Track};

    fn degree(level: DegreeLevel, name: &str, year: i32) -> Education {
        Education {
            level,
            degree: name.to_string(),
            field: String::new(),
            institution: String::new(),
            completed: NaiveDate::from_ymd_opt(year, 6, 1),
            imh_certificate: false,
            competencies: Vec::new(),
            courses: Vec::new(),
        }
    }

    #[test]
    fn the_mark_shows_the_highest_degrees_then_licences() {
        let education = [
            degree(DegreeLevel::Bachelors, "BS", 2010),
            degree(DegreeLevel::Masters, "MSW", 2014),
            degree(DegreeLevel::Masters, "MEd", 2016),
        ];
        let degrees = degrees_for_mark(&education);
        assert_eq!(degrees, vec!["MSW".to_string(), "MEd".to_string()]);
        let mark = mark(
            "Jane Doe",
            &degrees,
            &["LMSW".to_string()],
            Category::new(Track::III, Form::Imh),
        );
        assert_eq!(mark.name_line, "Jane Doe, MSW, MEd, LMSW, IMH-E®");
        assert_eq!(mark.title_line, "Infant Mental Health Specialist");
        let ecmh = super::mark("Ana Ruiz", &[], &[], Category::new(Track::II, Form::Ecmh));
        assert_eq!(ecmh.name_line, "Ana Ruiz, ECMH-E®");
    }

    #[test]
    fn degrees_in_progress_are_not_shown() {
        let mut studying = degree(DegreeLevel::Masters, "MSW", 2030);
        studying.completed = None;
        let education = [degree(DegreeLevel::Bachelors, "BA", 2012), studying];
        assert_eq!(degrees_for_mark(&education), vec!["BA".to_string()]);
        assert!(degrees_for_mark(&[]).is_empty());
    }

    #[test]
    fn credential_numbers_carry_a_check_digit() {
        let number = credential_number("MassAIMH", 2026, 42);
        assert!(number.starts_with("MASSAIMH-2026-000042-"), "{number}");
        assert!(valid_credential_number(&number));
        // Any single changed character is caught.
        let chars: Vec<char> = number.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            if *c == '-' {
                continue;
            }
            for replacement in ['0', '1', '7', 'A', 'Z'] {
                if replacement == *c {
                    continue;
                }
                let mut changed = chars.clone();
                changed[i] = replacement;
                let changed: String = changed.into_iter().collect();
                assert!(!valid_credential_number(&changed), "{changed} passed");
            }
        }
        let swapped = number.replace("000042", "000024");
        assert!(!valid_credential_number(&swapped), "{swapped} passed");
        for bad in [
            "",
            "MASSAIMH",
            "massaimh-2026-000042-1",
            "X-26-1-1",
            "A-2026-000001-",
        ] {
            assert!(!valid_credential_number(bad), "{bad:?}");
        }
    }

    #[test]
    fn statuses_round_trip_and_only_good_standing_verifies() {
        for status in Status::ALL {
            assert_eq!(Status::from_key(status.key()), Some(status));
        }
        assert!(Status::Active.verifies());
        assert!(Status::Emeritus.verifies());
        assert!(!Status::Lapsed.verifies());
        assert!(!Status::Revoked.verifies());
        assert!(!Status::Inactive.verifies());
        assert_eq!(Status::from_key("bogus"), None);
    }

    #[test]
    fn revocation_is_final_and_suspension_is_not() {
        assert!(Status::Revoked.change_refused().is_some());
        for status in [
            Status::Active,
            Status::Lapsed,
            Status::Inactive,
            Status::Emeritus,
        ] {
            assert_eq!(status.change_refused(), None, "{status}");
        }
    }

    #[test]
    fn only_good_standing_gets_a_credential() {
        for status in Status::ALL {
            assert_eq!(
                status.credential_withheld().is_none(),
                status.verifies(),
                "{status}"
            );
        }
        let day = NaiveDate::from_ymd_opt(2026, 5, 4).expect("date");
        let through = NaiveDate::from_ymd_opt(2027, 1, 31).expect("date");
        assert_eq!(
            Status::Revoked.standing(day, through),
            "Revoked on 2026-05-04"
        );
        assert_eq!(
            Status::Active.standing(day, through),
            "Active, in good standing through 2027-01-31"
        );
    }

    #[test]
    fn lapse_follows_the_grace_period() {
        let deadline = NaiveDate::from_ymd_opt(2026, 12, 31).expect("date");
        assert_eq!(lapses_after(deadline, 0), deadline);
        assert_eq!(
            lapses_after(deadline, 90),
            NaiveDate::from_ymd_opt(2027, 3, 31).expect("date")
        );
    }
}
