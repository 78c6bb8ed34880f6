//! Reinstating a lapsed endorsement. MI-AIMH's endorsement policies (`shared/DOMAIN.md`,
//! "Keeping the endorsement"), which the other associations follow: an endorsement not renewed
//! leaves the registry; to reinstate it the endorsee updates their membership, adds experience,
//! obtains three new ratings and pays the processing fee again. Reinstatement is a new review
//! in the same category that revives the same credential, so the original endorsement date is
//! kept.
//!
//! "New" is measured from the lapse: evidence the old endorsement already rested on cannot
//! reinstate it. The engine applies the rating rule ([`crate::engine::check_reinstatement`]);
//! this module says what is needed, in the association's own figures, before anything starts.

use chrono::NaiveDate;
use serde::Serialize;

use crate::category::Category;
use crate::phrase::{Phrase, Value};
use crate::portfolio::Portfolio;
use crate::profile::Profile;

/// Whether a rating completed on `completed_on` is new evidence for the reinstatement of an
/// endorsement that lapsed on `lapsed_on`: completed on the lapse day or later.
pub fn rating_is_new(completed_on: NaiveDate, lapsed_on: NaiveDate) -> bool {
    completed_on >= lapsed_on
}

/// Why an old rating does not count, in words the endorsee reads on the panel.
pub fn old_rating_reason(completed_on: NaiveDate, lapsed_on: NaiveDate) -> String {
    format!(
        "completed {completed_on}, before your endorsement lapsed on {lapsed_on}; reinstatement needs new ratings, completed on or after that day"
    )
}

/// Whether the portfolio shows experience since the lapse: a training dated on or after the
/// lapse day, or a job that went on past it (up to `as_of`, like every dated item).
pub fn has_new_experience(portfolio: &Portfolio, lapsed_on: NaiveDate, as_of: NaiveDate) -> bool {
    let training = portfolio
        .trainings
        .iter()
        .any(|t| t.date >= lapsed_on && t.date <= as_of);
    let work = portfolio
        .work
        .iter()
        .any(|w| w.start <= as_of && w.end.is_none_or(|end| end >= lapsed_on));
    training || work
}

/// One thing reinstatement asks for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Need {
    /// `membership`, `experience`, `ratings` or `fee`.
    pub id: &'static str,
    pub label: String,
    pub detail: String,
    /// The label and the detail as phrases, for a page or mail in another language.
    #[serde(skip)]
    pub label_said: Phrase,
    #[serde(skip)]
    pub detail_said: Phrase,
}

impl Need {
    fn new(id: &'static str, label: Phrase, detail: Phrase) -> Need {
        Need {
            id,
            label: label.english.clone(),
            detail: detail.english.clone(),
            label_said: label,
            detail_said: detail,
        }
    }
}

/// What reinstating an endorsement in `category` that lapsed on `lapsed_on` asks, with the
/// figures of the profile in force; `None` where the association does not offer the category.
pub fn needs(profile: &Profile, category: Category, lapsed_on: NaiveDate) -> Option<Vec<Need>> {
    let rule = profile.rule(category.track)?;
    let association = &profile.association.abbreviation;
    let any = profile.membership.any_imh_association;
    let membership = Phrase::new(
        "reinstate-membership",
        vec![
            ("association", Value::Name(association.clone())),
            ("any", Value::Key(if any { "yes" } else { "no" })),
        ],
        if any {
            format!(
                "A current membership of {association} or another infant mental health association, recorded by {association}."
            )
        } else {
            format!("A current membership of {association}, recorded by {association}.")
        },
    );
    let count = rule.references.count;
    let fee = match &rule.fees {
        Some(fees) => Phrase::new(
            "reinstate-fee",
            vec![("usd", Value::Number(f64::from(fees.processing_usd)))],
            format!(
                "The ${} processing fee, again: it is invoiced when you submit.",
                fees.processing_usd
            ),
        ),
        None => Phrase::new(
            "reinstate-fee-association",
            vec![("association", Value::Name(association.clone()))],
            format!("{association}'s processing fee, again: it is invoiced when you submit."),
        ),
    };
    let lapsed = ("lapsed", Value::Date(lapsed_on));
    Some(vec![
        Need::new(
            "membership",
            Phrase::new(
                "reinstate-label-membership",
                vec![],
                "Updated membership".into(),
            ),
            membership,
        ),
        Need::new(
            "experience",
            Phrase::new(
                "reinstate-label-experience",
                vec![],
                "New experience".into(),
            ),
            Phrase::new(
                "reinstate-experience",
                vec![lapsed.clone()],
                format!(
                    "Work or training since {lapsed_on}, added to your portfolio: a job that went on after that day, or a training dated on or after it."
                ),
            ),
        ),
        Need::new(
            "ratings",
            Phrase::new(
                "reinstate-label-ratings",
                vec![("count", Value::Number(f64::from(count)))],
                format!("{} new ratings", number_word(count)),
            ),
            Phrase::new(
                "reinstate-ratings",
                vec![
                    lapsed,
                    (
                        "months",
                        Value::Number(f64::from(rule.references.valid_months)),
                    ),
                ],
                format!(
                    "Ratings completed on or after {lapsed_on}. Ratings completed before your endorsement lapsed do not count again; each rating is valid for {} months.",
                    rule.references.valid_months
                ),
            ),
        ),
        Need::new(
            "fee",
            Phrase::new("reinstate-label-fee", vec![], "The processing fee".into()),
            fee,
        ),
    ])
}

/// "Three" for 3: the policy speaks of "three new ratings".
fn number_word(n: u32) -> String {
    const WORDS: [&str; 10] = [
        "No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine",
    ];
    WORDS
        .get(n as usize)
        .map_or_else(|| n.to_string(), |w| (*w).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn a_rating_on_the_lapse_day_is_new_the_day_before_is_not() {
        let lapsed = day(2027, 1, 1);
        assert!(!rating_is_new(day(2026, 12, 31), lapsed));
        assert!(rating_is_new(lapsed, lapsed));
        assert!(rating_is_new(day(2027, 1, 2), lapsed));
    }

    #[test]
    fn numbers_read_as_words_up_to_nine() {
        assert_eq!(number_word(3), "Three");
        assert_eq!(number_word(12), "12");
    }
}
