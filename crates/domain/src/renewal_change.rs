//! What a change of the renewal figures does to an association's endorsees (issue #21 item 2):
//! the fee settings page turns a new deadline, grace period or late fee into a new edition of
//! the rules, and before it is scheduled shows whom it touches. Eligibility does not change,
//! so the rules preview lists nobody; this says, per endorsee, the renewal they owe next under
//! the edition in force and under the new one: its deadline (late from the day after), the day
//! they lapse if they do not renew, and the late fee.
//!
//! The dates are the ones the rest of Lattice uses: `endorsement::renewal_year` for the year
//! owed, the rule's deadline in that year, and `endorsement::last_day` for the last day of good
//! standing as the yearly pass lapses (a shorter grace period never cuts the day stored, so it
//! changes nobody's current standing; a longer one extends it).

use chrono::{Duration, NaiveDate};

use crate::endorsement::{last_day, renewal_year};
use crate::profile::RenewalRule;

/// An endorsee's next renewal under one edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextRenewal {
    pub year: i32,
    /// The renewal is late from the day after.
    pub deadline: NaiveDate,
    /// Unrenewed, the endorsement lapses on this day.
    pub lapses_on: NaiveDate,
    pub late_fee_usd: Option<u32>,
}

impl NextRenewal {
    /// The renewal owed next by an endorsement good through `valid_through`, under `rule`.
    pub fn under(rule: &RenewalRule, valid_through: NaiveDate) -> Option<NextRenewal> {
        NextRenewal::of_year(rule, renewal_year(rule, valid_through), valid_through)
    }

    /// The renewal for `year` under `rule`: the year is the one the stored day was set for
    /// (by the edition in force), so both editions speak of the same renewal.
    fn of_year(rule: &RenewalRule, year: i32, valid_through: NaiveDate) -> Option<NextRenewal> {
        Some(NextRenewal {
            year,
            deadline: rule.deadline.in_renewal_year(year)?,
            lapses_on: last_day(rule, valid_through) + Duration::days(1),
            late_fee_usd: rule.late_fee_usd,
        })
    }
}

/// One endorsee whose renewal dates the change moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved<K> {
    pub who: K,
    pub before: NextRenewal,
    pub after: NextRenewal,
}

impl<K> Moved<K> {
    pub fn deadline_moves(&self) -> bool {
        self.before.deadline != self.after.deadline
    }

    pub fn lapse_moves(&self) -> bool {
        self.before.lapses_on != self.after.lapses_on
    }
}

/// What the change does to the endorsees given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenewalImpact<K> {
    /// Endorsees looked at.
    pub endorsees: usize,
    /// Whose next deadline moves (so they are late from another day).
    pub deadline_moves: usize,
    /// Whose lapse day moves.
    pub lapse_moves: usize,
    /// Who would pay another late fee if they renewed late.
    pub late_fee_changes: usize,
    /// Each endorsee whose deadline or lapse day moves, in the order given.
    pub moved: Vec<Moved<K>>,
}

/// The change from `before` (the edition in force) to `after` for each endorsee (`who`, good
/// through). Only what still lies ahead counts: a renewal whose dates under both editions
/// are before `effective` (the day the new edition takes effect) is decided by the old one.
pub fn renewal_impact<K: Clone>(
    before: &RenewalRule,
    after: &RenewalRule,
    endorsees: &[(K, NaiveDate)],
    effective: NaiveDate,
) -> RenewalImpact<K> {
    let mut impact = RenewalImpact {
        endorsees: endorsees.len(),
        deadline_moves: 0,
        lapse_moves: 0,
        late_fee_changes: 0,
        moved: Vec::new(),
    };
    for (who, valid_through) in endorsees {
        let Some(old) = NextRenewal::under(before, *valid_through) else {
            continue;
        };
        let Some(new) = NextRenewal::of_year(after, old.year, *valid_through) else {
            continue;
        };
        if old.lapses_on.max(new.lapses_on) < effective {
            continue;
        }
        if old.late_fee_usd != new.late_fee_usd {
            impact.late_fee_changes += 1;
        }
        let moved = Moved {
            who: who.clone(),
            before: old,
            after: new,
        };
        if moved.deadline_moves() || moved.lapse_moves() {
            impact.deadline_moves += usize::from(moved.deadline_moves());
            impact.lapse_moves += usize::from(moved.lapse_moves());
            impact.moved.push(moved);
        }
    }
    impact
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::YearlyDate;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    /// MassAIMH's terms: December 31, a grace period and a late fee as given.
    fn rule(deadline: YearlyDate, grace_days: i64, late_fee_usd: Option<u32>) -> RenewalRule {
        let mut rule: RenewalRule = serde_json::from_value(serde_json::json!({
            "deadline": {"month": 12, "day": 31},
            "training_hours": 15, "rsc_topic_hours": 3, "rsc_topic_required_for": [],
            "rsc_topic_recommended_for": [], "rsc_hours": 12, "rsc_required_for": [],
            "first_year_exempt": true, "code_of_ethics_annual": true
        }))
        .expect("renewal rule");
        rule.deadline = deadline;
        rule.grace_days = grace_days;
        rule.late_fee_usd = late_fee_usd;
        rule
    }

    const DEC_31: YearlyDate = YearlyDate {
        month: 12,
        day: 31,
        years_after: 0,
    };
    const JAN_31_AFTER: YearlyDate = YearlyDate {
        month: 1,
        day: 31,
        years_after: 1,
    };

    #[test]
    fn the_lapse_day_is_the_day_after_the_grace_period() {
        let graced = rule(DEC_31, 30, Some(25));
        // Good through the 2026 deadline: late from January 1, still good on the grace
        // period's last day (January 30), lapsed the day after.
        let next = NextRenewal::under(&graced, day("2026-12-31")).expect("next");
        assert_eq!(next.year, 2026);
        assert_eq!(next.deadline, day("2026-12-31"));
        assert_eq!(next.lapses_on, day("2027-01-31"));
        assert_eq!(
            last_day(&graced, day("2026-12-31")),
            day("2027-01-30"),
            "the grace period's last day is still good standing"
        );
        // Without grace, the day after the deadline.
        let none = rule(DEC_31, 0, Some(25));
        assert_eq!(
            NextRenewal::under(&none, day("2026-12-31"))
                .expect("next")
                .lapses_on,
            day("2027-01-01")
        );
    }

    #[test]
    fn a_longer_grace_period_moves_the_lapse_day_not_the_deadline() {
        let before = rule(DEC_31, 0, Some(25));
        let after = rule(DEC_31, 30, Some(25));
        let endorsees = [("rena", day("2026-12-31")), ("sam", day("2027-12-31"))];
        let impact = renewal_impact(&before, &after, &endorsees, day("2026-12-15"));
        assert_eq!(impact.endorsees, 2);
        assert_eq!(impact.deadline_moves, 0);
        assert_eq!(impact.lapse_moves, 2);
        assert_eq!(impact.late_fee_changes, 0);
        assert_eq!(impact.moved[0].who, "rena");
        assert_eq!(impact.moved[0].before.lapses_on, day("2027-01-01"));
        assert_eq!(impact.moved[0].after.lapses_on, day("2027-01-31"));
    }

    #[test]
    fn a_shorter_grace_period_cuts_no_day_already_stored() {
        // Renewed under 30 days of grace: good through January 30, stored.
        let before = rule(DEC_31, 30, Some(25));
        let after = rule(DEC_31, 29, Some(25));
        let stored = [("rena", day("2027-01-30"))];
        let impact = renewal_impact(&before, &after, &stored, day("2026-12-15"));
        assert_eq!(impact.lapse_moves, 0, "{impact:?}");
        assert!(impact.moved.is_empty());
        // One day more than the stored day: that day moves.
        let longer = rule(DEC_31, 31, Some(25));
        let impact = renewal_impact(&before, &longer, &stored, day("2026-12-15"));
        assert_eq!(impact.lapse_moves, 1);
        assert_eq!(impact.moved[0].before.lapses_on, day("2027-01-31"));
        assert_eq!(impact.moved[0].after.lapses_on, day("2027-02-01"));
    }

    #[test]
    fn a_later_deadline_moves_when_they_are_late_and_a_new_fee_reaches_everyone() {
        let before = rule(DEC_31, 0, Some(25));
        let after = rule(JAN_31_AFTER, 0, Some(40));
        let endorsees = [("rena", day("2026-12-31")), ("sam", day("2027-12-31"))];
        let impact = renewal_impact(&before, &after, &endorsees, day("2026-12-15"));
        assert_eq!(impact.deadline_moves, 2);
        assert_eq!(impact.late_fee_changes, 2);
        let rena = &impact.moved[0];
        assert_eq!(rena.before.deadline, day("2026-12-31"));
        assert_eq!(rena.after.deadline, day("2027-01-31"));
        assert_eq!(rena.after.late_fee_usd, Some(40));
    }

    #[test]
    fn a_renewal_decided_before_the_edition_takes_effect_is_left_out() {
        let before = rule(DEC_31, 0, None);
        let after = rule(DEC_31, 30, None);
        let endorsees = [("rena", day("2026-12-31"))];
        // Lapsing on 2027-01-01 under the old rules, 2027-01-31 under the new: an edition from
        // 2027-01-31 still reaches her, one from the day after does not.
        assert_eq!(
            renewal_impact(&before, &after, &endorsees, day("2027-01-31")).lapse_moves,
            1
        );
        let late = renewal_impact(&before, &after, &endorsees, day("2027-02-01"));
        assert_eq!(late.lapse_moves, 0);
        assert_eq!(late.endorsees, 1);
    }
}
