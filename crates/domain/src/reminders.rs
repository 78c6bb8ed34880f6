//! Which reminders are due on a given day. Each carries a stable key naming its trigger, so
//! the job that sends them can run daily (or twice, or after a missed day) and the store,
//! recording keys already sent, sends each reminder exactly once.
//!
//! Nothing here remembers what was sent: a reminder stays due for its whole window, and the
//! key (not the day it was computed) is what makes sending idempotent.

use chrono::NaiveDate;

use crate::ids::{ApplicationId, PersonId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reminder {
    /// Registration confirmed but nothing submitted 30 days before the intended date.
    SubmitSoon {
        application: ApplicationId,
        intended: NaiveDate,
    },
    /// A reference not completed after 7 or 14 days (`after_days` is 7 or 14).
    ReferencePending { request: i64, after_days: u32 },
    /// A review due in 7 days.
    ReviewDue {
        application: ApplicationId,
        reviewer: PersonId,
        due: NaiveDate,
    },
    /// A membership ending within 30 days, with no later one recorded.
    MembershipEnding { membership: i64, ends: NaiveDate },
}

impl Reminder {
    /// unique per trigger, e.g. "submit-soon:app:12:2027-01-15", "reference:req:5:day-7",
    /// "review-due:app:12:rev:3:2027-01-15"
    ///
    /// Dates are part of the key where the trigger is a date that can move: a changed
    /// intended date or review due date is a new trigger and earns a fresh reminder.
    pub fn key(&self) -> String {
        match self {
            Reminder::SubmitSoon {
                application,
                intended,
            } => format!("submit-soon:app:{application}:{intended}"),
            Reminder::ReferencePending {
                request,
                after_days,
            } => format!("reference:req:{request}:day-{after_days}"),
            Reminder::ReviewDue {
                application,
                reviewer,
                due,
            } => format!("review-due:app:{application}:rev:{reviewer}:{due}"),
            Reminder::MembershipEnding { membership, ends } => {
                format!("membership-ending:m:{membership}:{ends}")
            }
        }
    }
}

/// An application whose registration the coordinator confirmed and which is not yet
/// submitted (only applications in the confirmed state are passed in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Confirmed {
    pub application: ApplicationId,
    /// The intended submission date, if the applicant gave one.
    pub intended: Option<NaiveDate>,
}

/// A reference request not yet completed or cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenRequest {
    pub request: i64,
    pub sent_on: NaiveDate,
}

/// A review not yet submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenReview {
    pub application: ApplicationId,
    pub reviewer: PersonId,
    pub due: Option<NaiveDate>,
}

pub const SUBMIT_SOON_DAYS: i64 = 30;
pub const REFERENCE_DAYS: [u32; 2] = [7, 14];
pub const REVIEW_DUE_DAYS: i64 = 7;
pub const MEMBERSHIP_ENDING_DAYS: i64 = 30;

/// A membership record with no later one for the same person and association.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LatestMembership {
    pub membership: i64,
    pub ends: NaiveDate,
}

/// Memberships to remind of: from 30 days before the last day through the last day itself
/// (the key carries the day, so a renewal that is recorded ends the reminders, and the next
/// end earns its own).
pub fn memberships_ending(today: NaiveDate, memberships: &[LatestMembership]) -> Vec<Reminder> {
    memberships
        .iter()
        .filter(|m| (0..=MEMBERSHIP_ENDING_DAYS).contains(&(m.ends - today).num_days()))
        .map(|m| Reminder::MembershipEnding {
            membership: m.membership,
            ends: m.ends,
        })
        .collect()
}

/// Every reminder due on `today`, in input order (confirmed applications, then reference
/// requests, then reviews).
///
/// - Submit soon: from 30 days before the intended date until the day before it; once the
///   date has come, a reminder to submit "soon" would be wrong.
/// - Reference pending: one per threshold (7 and 14 days) reached since the request was sent.
///   Both are returned once 14 days have passed, so a job that missed day 7 still sends it;
///   the store sends each key once.
/// - Review due: from 7 days before the due date through the due date itself.
pub fn due(
    today: NaiveDate,
    confirmed: &[Confirmed],
    requests: &[OpenRequest],
    reviews: &[OpenReview],
) -> Vec<Reminder> {
    let mut out = Vec::new();
    for c in confirmed {
        if let Some(intended) = c.intended {
            let left = (intended - today).num_days();
            if (1..=SUBMIT_SOON_DAYS).contains(&left) {
                out.push(Reminder::SubmitSoon {
                    application: c.application,
                    intended,
                });
            }
        }
    }
    for r in requests {
        let waited = (today - r.sent_on).num_days();
        for after_days in REFERENCE_DAYS {
            if waited >= i64::from(after_days) {
                out.push(Reminder::ReferencePending {
                    request: r.request,
                    after_days,
                });
            }
        }
    }
    for r in reviews {
        if let Some(due) = r.due {
            let left = (due - today).num_days();
            if (0..=REVIEW_DUE_DAYS).contains(&left) {
                out.push(Reminder::ReviewDue {
                    application: r.application,
                    reviewer: r.reviewer,
                    due,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    fn keys(reminders: &[Reminder]) -> Vec<String> {
        reminders.iter().map(Reminder::key).collect()
    }

    #[rstest]
    #[case("2027-01-01", false)] // 31 days before
    #[case("2027-01-02", true)] // exactly 30 days before
    #[case("2027-02-01", true)] // the last day
    #[case("2027-02-02", false)] // ended
    fn membership_ending_window(#[case] today: &str, #[case] is_due: bool) {
        let latest = [LatestMembership {
            membership: 9,
            ends: day("2027-02-01"),
        }];
        let due = memberships_ending(day(today), &latest);
        assert_eq!(due.len(), usize::from(is_due), "{due:?}");
        if is_due {
            assert_eq!(due[0].key(), "membership-ending:m:9:2027-02-01");
        }
    }

    #[test]
    fn keys_name_the_trigger() {
        let submit = Reminder::SubmitSoon {
            application: ApplicationId(12),
            intended: day("2027-01-15"),
        };
        let reference = Reminder::ReferencePending {
            request: 5,
            after_days: 7,
        };
        let review = Reminder::ReviewDue {
            application: ApplicationId(12),
            reviewer: PersonId(3),
            due: day("2027-01-15"),
        };
        assert_eq!(submit.key(), "submit-soon:app:12:2027-01-15");
        assert_eq!(reference.key(), "reference:req:5:day-7");
        assert_eq!(review.key(), "review-due:app:12:rev:3:2027-01-15");
    }

    #[rstest]
    #[case("2026-12-15", false)] // 31 days before
    #[case("2026-12-16", true)] // exactly 30 days before
    #[case("2027-01-01", true)]
    #[case("2027-01-14", true)] // the day before
    #[case("2027-01-15", false)] // the intended date itself
    #[case("2027-02-01", false)] // passed
    fn submit_soon_window(#[case] today: &str, #[case] is_due: bool) {
        let confirmed = [Confirmed {
            application: ApplicationId(12),
            intended: Some(day("2027-01-15")),
        }];
        let expected = if is_due {
            vec![Reminder::SubmitSoon {
                application: ApplicationId(12),
                intended: day("2027-01-15"),
            }]
        } else {
            vec![]
        };
        assert_eq!(due(day(today), &confirmed, &[], &[]), expected);
    }

    #[test]
    fn no_intended_date_no_submit_reminder() {
        let confirmed = [Confirmed {
            application: ApplicationId(1),
            intended: None,
        }];
        assert!(due(day("2027-01-01"), &confirmed, &[], &[]).is_empty());
    }

    #[rstest]
    #[case("2026-03-01", &[])] // sent today
    #[case("2026-03-07", &[])] // six days
    #[case("2026-03-08", &[7])] // exactly seven
    #[case("2026-03-14", &[7])]
    #[case("2026-03-15", &[7, 14])] // exactly fourteen: both, the store sends each once
    #[case("2026-03-16", &[7, 14])]
    #[case("2026-06-01", &[7, 14])]
    #[case("2026-02-20", &[])] // sent in the future: bad data, nothing due
    fn reference_thresholds(#[case] today: &str, #[case] thresholds: &[u32]) {
        let requests = [OpenRequest {
            request: 5,
            sent_on: day("2026-03-01"),
        }];
        let expected: Vec<Reminder> = thresholds
            .iter()
            .map(|&after_days| Reminder::ReferencePending {
                request: 5,
                after_days,
            })
            .collect();
        assert_eq!(due(day(today), &[], &requests, &[]), expected);
    }

    #[rstest]
    #[case("2027-01-07", false)] // eight days before
    #[case("2027-01-08", true)] // exactly seven days before
    #[case("2027-01-12", true)]
    #[case("2027-01-15", true)] // the due date itself
    #[case("2027-01-16", false)] // overdue: another reminder's business
    fn review_due_window(#[case] today: &str, #[case] is_due: bool) {
        let reviews = [
            OpenReview {
                application: ApplicationId(12),
                reviewer: PersonId(3),
                due: Some(day("2027-01-15")),
            },
            OpenReview {
                application: ApplicationId(13),
                reviewer: PersonId(3),
                due: None,
            },
        ];
        let expected = if is_due {
            vec!["review-due:app:12:rev:3:2027-01-15".to_string()]
        } else {
            vec![]
        };
        assert_eq!(keys(&due(day(today), &[], &[], &reviews)), expected);
    }

    #[test]
    fn keys_are_stable_across_days_so_each_is_sent_once() {
        let confirmed = [Confirmed {
            application: ApplicationId(12),
            intended: Some(day("2027-01-15")),
        }];
        let requests = [OpenRequest {
            request: 5,
            sent_on: day("2026-12-20"),
        }];
        let reviews = [OpenReview {
            application: ApplicationId(12),
            reviewer: PersonId(3),
            due: Some(day("2027-01-14")),
        }];
        let mut sent = std::collections::BTreeSet::new();
        let mut sends = Vec::new();
        let mut today = day("2026-12-01");
        while today <= day("2027-02-01") {
            for key in keys(&due(today, &confirmed, &requests, &reviews)) {
                if sent.insert(key.clone()) {
                    sends.push(key);
                }
            }
            today = today.succ_opt().expect("in range");
        }
        assert_eq!(
            sends,
            vec![
                "submit-soon:app:12:2027-01-15",
                "reference:req:5:day-7",
                "reference:req:5:day-14",
                "review-due:app:12:rev:3:2027-01-14",
            ]
        );
    }

    #[test]
    fn moving_the_date_makes_a_new_trigger() {
        let on = |intended: &str| {
            keys(&due(
                day("2027-01-01"),
                &[Confirmed {
                    application: ApplicationId(12),
                    intended: Some(day(intended)),
                }],
                &[],
                &[],
            ))
        };
        assert_ne!(on("2027-01-15"), on("2027-01-20"));
    }

    #[test]
    fn all_kinds_together_in_input_order() {
        let today = day("2027-01-10");
        let reminders = due(
            today,
            &[
                Confirmed {
                    application: ApplicationId(2),
                    intended: Some(day("2027-01-20")),
                },
                Confirmed {
                    application: ApplicationId(1),
                    intended: Some(day("2027-01-30")),
                },
            ],
            &[OpenRequest {
                request: 9,
                sent_on: day("2027-01-01"),
            }],
            &[OpenReview {
                application: ApplicationId(4),
                reviewer: PersonId(8),
                due: Some(day("2027-01-10")),
            }],
        );
        assert_eq!(
            keys(&reminders),
            vec![
                "submit-soon:app:2:2027-01-20",
                "submit-soon:app:1:2027-01-30",
                "reference:req:9:day-7",
                "review-due:app:4:rev:8:2027-01-10",
            ]
        );
    }
}
