//! What a new edition of the rules would do before it takes effect (issue #21): every stored
//! portfolio is checked by the engine under the edition in force and under the drafted one, on
//! the draft's effective date, and the requirements whose status changes are listed per person.
//!
//! A person counts as affected when a requirement changes status (met to not met, not met to
//! met, or a requirement that appears or goes away). A rule change moves a number for everyone
//! it touches ("30 of 30 hours" to "30 of 36 hours"), so a changed number alone would list every
//! applicant of the category; the numbers are shown beside each status change instead, where
//! they say why it changed.

use chrono::NaiveDate;

use crate::category::Category;
use crate::engine::{TrainingCounts, check_with};
use crate::portfolio::Portfolio;
use crate::profile::Profile;
use crate::report::{RequirementId, RequirementReport, Status, Unit};

/// One requirement's outcome as the preview shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub status: Status,
    pub counted: f64,
    pub needed: f64,
    pub unit: Unit,
}

impl Outcome {
    fn of(r: &RequirementReport<'_>) -> Outcome {
        Outcome {
            status: r.status,
            counted: r.counted,
            needed: r.needed,
            unit: r.unit,
        }
    }

    /// "met: 30 of 30 hours", "not met: 30 of 36 hours", "not asked".
    pub fn words(&self) -> String {
        let status = match self.status {
            Status::Met => "met",
            Status::Unmet => "not met",
            Status::Pending => "pending",
            Status::NotApplicable => return "not asked".to_string(),
        };
        let unit = match self.unit {
            Unit::Hours => " hours",
            Unit::Years => " years",
            Unit::Count => "",
        };
        format!(
            "{status}: {} of {}{unit}",
            number(self.counted),
            number(self.needed)
        )
    }
}

/// A number as people write it: `30`, `1.5`.
fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A requirement whose status differs between the two editions.
#[derive(Debug, Clone, PartialEq)]
pub struct RequirementChange {
    pub id: RequirementId,
    /// `None` where the edition does not ask for it.
    pub before: Option<Outcome>,
    pub after: Option<Outcome>,
}

impl RequirementChange {
    /// "Training: met: 30 of 30 hours -> not met: 30 of 36 hours".
    pub fn words(&self) -> String {
        let side = |o: &Option<Outcome>| o.as_ref().map_or("not asked".to_string(), Outcome::words);
        format!(
            "{}: {} -> {}",
            self.id.label(),
            side(&self.before),
            side(&self.after)
        )
    }
}

/// How one person's outcome changes.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonChange {
    /// The subject's place in the list given to [`preview`].
    pub index: usize,
    pub ready_before: bool,
    pub ready_after: bool,
    pub changes: Vec<RequirementChange>,
    /// Said when one edition cannot check the category at all (a category dropped or added).
    pub note: Option<String>,
}

/// What the preview found over every subject.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Preview {
    pub checked: usize,
    pub affected: Vec<PersonChange>,
}

/// One stored portfolio and the category it is judged for (the application's, or the
/// endorsement's for an endorsee). The portfolio is parsed once by the caller and read by both
/// checks.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub portfolio: &'a Portfolio,
    pub category: Category,
}

/// Compares one portfolio under `before` and `after` on `on`; `None` when nothing changes.
pub fn compare(
    subject: Subject<'_>,
    index: usize,
    before: &Profile,
    after: &Profile,
    on: NaiveDate,
) -> Option<PersonChange> {
    // Both checks count trainings under their own rule; an unchanged training rule is counted
    // once (the counts are keyed by the rule).
    let mut counts = TrainingCounts::default();
    let old = check_with(subject.portfolio, before, subject.category, on, &mut counts);
    let new = check_with(subject.portfolio, after, subject.category, on, &mut counts);
    match (old, new) {
        (Err(_), Err(_)) => None,
        (Ok(old), Err(e)) => Some(PersonChange {
            index,
            ready_before: old.ready,
            ready_after: false,
            changes: Vec::new(),
            note: Some(format!("not checked under the new edition: {e}")),
        }),
        (Err(e), Ok(new)) => Some(PersonChange {
            index,
            ready_before: false,
            ready_after: new.ready,
            changes: Vec::new(),
            note: Some(format!("not checked under the edition in force: {e}")),
        }),
        (Ok(old), Ok(new)) => {
            let outcome = |r: Option<&RequirementReport<'_>>| {
                r.filter(|r| r.status != Status::NotApplicable)
                    .map(Outcome::of)
            };
            let mut changes = Vec::new();
            for id in old
                .requirements
                .iter()
                .chain(&new.requirements)
                .map(|r| r.id)
            {
                if changes.iter().any(|c: &RequirementChange| c.id == id) {
                    continue;
                }
                let before = outcome(old.requirement(id));
                let after = outcome(new.requirement(id));
                if before.as_ref().map(|o| o.status) != after.as_ref().map(|o| o.status) {
                    changes.push(RequirementChange { id, before, after });
                }
            }
            (!changes.is_empty() || old.ready != new.ready).then_some(PersonChange {
                index,
                ready_before: old.ready,
                ready_after: new.ready,
                changes,
                note: None,
            })
        }
    }
}

/// Checks every subject under both editions on `on` and lists those whose outcome changes,
/// in the order given.
pub fn preview<'a>(
    subjects: impl IntoIterator<Item = Subject<'a>>,
    before: &Profile,
    after: &Profile,
    on: NaiveDate,
) -> Preview {
    let mut result = Preview::default();
    for (index, subject) in subjects.into_iter().enumerate() {
        result.checked += 1;
        if let Some(change) = compare(subject, index, before, after, on) {
            result.affected.push(change);
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(30.0, "30")]
    #[case(1.5, "1.5")]
    #[case(0.25, "0.25")]
    #[case(0.0, "0")]
    fn numbers_read_as_written(#[case] value: f64, #[case] text: &str) {
        assert_eq!(number(value), text);
    }

    #[test]
    fn an_outcome_in_words() {
        let o = Outcome {
            status: Status::Unmet,
            counted: 30.0,
            needed: 36.0,
            unit: Unit::Hours,
        };
        assert_eq!(o.words(), "not met: 30 of 36 hours");
        let change = RequirementChange {
            id: RequirementId::Training,
            before: Some(Outcome {
                status: Status::Met,
                needed: 30.0,
                ..o.clone()
            }),
            after: Some(o),
        };
        assert_eq!(
            change.words(),
            "Training: met: 30 of 30 hours -> not met: 30 of 36 hours"
        );
    }
}
