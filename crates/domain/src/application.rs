//! The life of an application as a state machine. Every change is an [`Event`] applied to a
//! [`State`]; an event that makes no sense in the current state is rejected with
//! [`IllegalTransition`] instead of being stored, and the store records each accepted change
//! in the audit log.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum State {
    /// Started, not yet sent to the association.
    Draft,
    /// Sent to the association; waiting for the coordinator to confirm membership and fee.
    Registered,
    /// Membership and registration fee confirmed; the applicant builds the portfolio.
    Confirmed,
    /// Portfolio handed in for review.
    Submitted,
    /// Reviewers are reading it.
    UnderReview,
    /// Review passed for a category that sits the exam.
    ApprovedForExam,
    /// Exam passed; the coordinator endorses.
    ExamPassed,
    /// Exam failed; the applicant may retake it.
    ExamFailed,
    /// Review asked for more; the applicant may resubmit on or after the date.
    MoreWorkRequired { re_review_after: NaiveDate },
    /// Endorsed: the end of this application.
    Endorsed,
    /// Withdrawn by the applicant or closed by the coordinator.
    Withdrawn,
}

/// Who may cause an event. The rights module maps signed-in people to these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Actor {
    Applicant,
    Coordinator,
}

/// A change someone asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum Event {
    /// The applicant sends the registration to the association.
    Register,
    /// The coordinator confirms membership and the registration fee.
    Confirm,
    /// The applicant hands the portfolio in (again, after more work was required).
    Submit,
    /// The coordinator finds the portfolio complete and sends it to reviewers.
    StartReview,
    /// The completeness check found something missing: back to the applicant, who submits
    /// again when it is fixed.
    ReturnIncomplete,
    /// Review passed for a category that sits the exam.
    ApproveForExam,
    /// Review asked for more work; resubmission opens on the date.
    RequireMoreWork { re_review_after: NaiveDate },
    /// The exam result is in.
    RecordExam { passed: bool },
    /// After a failed exam, the applicant sits it again.
    RetakeExam,
    /// The coordinator endorses.
    Endorse,
    /// The applicant withdraws, or the coordinator closes the application.
    Withdraw,
}

/// What the machine needs to know beyond the state itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    /// Whether the category sits an exam after review (Categories III and IV, by edition).
    pub exam_required: bool,
    /// The day of the change, for the re-review date.
    pub today: NaiveDate,
}

/// Why an event was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IllegalTransition {
    #[error("cannot {event} an application that is {state}")]
    NotFrom { state: State, event: &'static str },
    #[error("only the {allowed} may {event}")]
    WrongActor {
        allowed: &'static str,
        event: &'static str,
    },
    #[error("this category sits an exam after review; approve it for the exam instead")]
    ExamRequired,
    #[error("this category has no exam")]
    NoExam,
    #[error("resubmission opens on {0}")]
    TooEarly(NaiveDate),
    #[error("the re-review date must be after today")]
    DateNotInFuture,
}

impl Event {
    /// The verb used in messages and the audit log.
    pub fn name(self) -> &'static str {
        match self {
            Event::Register => "register",
            Event::Confirm => "confirm",
            Event::Submit => "submit",
            Event::StartReview => "start-review",
            Event::ReturnIncomplete => "return-incomplete",
            Event::ApproveForExam => "approve-for-exam",
            Event::RequireMoreWork { .. } => "require-more-work",
            Event::RecordExam { passed: true } => "record-exam-passed",
            Event::RecordExam { passed: false } => "record-exam-failed",
            Event::RetakeExam => "retake-exam",
            Event::Endorse => "endorse",
            Event::Withdraw => "withdraw",
        }
    }

    /// Who may cause this event. Withdrawal is open to both.
    pub fn allowed(self, actor: Actor) -> bool {
        match self {
            Event::Register | Event::Submit | Event::RetakeExam => actor == Actor::Applicant,
            Event::Withdraw => true,
            Event::Confirm
            | Event::StartReview
            | Event::ReturnIncomplete
            | Event::ApproveForExam
            | Event::RequireMoreWork { .. }
            | Event::RecordExam { .. }
            | Event::Endorse => actor == Actor::Coordinator,
        }
    }
}

impl State {
    /// Applies `event` by `actor`, giving the next state or the reason it cannot happen.
    pub fn apply(
        self,
        event: Event,
        actor: Actor,
        context: Context,
    ) -> Result<State, IllegalTransition> {
        if !event.allowed(actor) {
            let allowed = if actor == Actor::Applicant {
                "coordinator"
            } else {
                "applicant"
            };
            return Err(IllegalTransition::WrongActor {
                allowed,
                event: event.name(),
            });
        }
        let not_from = || IllegalTransition::NotFrom {
            state: self,
            event: event.name(),
        };
        match (self, event) {
            (State::Draft, Event::Register) => Ok(State::Registered),
            (State::Registered, Event::Confirm) => Ok(State::Confirmed),
            (State::Confirmed, Event::Submit) => Ok(State::Submitted),
            (State::MoreWorkRequired { re_review_after }, Event::Submit) => {
                if context.today < re_review_after {
                    Err(IllegalTransition::TooEarly(re_review_after))
                } else {
                    Ok(State::Submitted)
                }
            }
            (State::Submitted, Event::StartReview) => Ok(State::UnderReview),
            (State::Submitted, Event::ReturnIncomplete) => Ok(State::Confirmed),
            (State::UnderReview, Event::ApproveForExam) => {
                if context.exam_required {
                    Ok(State::ApprovedForExam)
                } else {
                    Err(IllegalTransition::NoExam)
                }
            }
            (State::UnderReview, Event::Endorse) => {
                if context.exam_required {
                    Err(IllegalTransition::ExamRequired)
                } else {
                    Ok(State::Endorsed)
                }
            }
            (State::UnderReview, Event::RequireMoreWork { re_review_after }) => {
                if re_review_after <= context.today {
                    Err(IllegalTransition::DateNotInFuture)
                } else {
                    Ok(State::MoreWorkRequired { re_review_after })
                }
            }
            (State::ApprovedForExam, Event::RecordExam { passed }) => Ok(if passed {
                State::ExamPassed
            } else {
                State::ExamFailed
            }),
            (State::ExamFailed, Event::RetakeExam) => Ok(State::ApprovedForExam),
            (State::ExamPassed, Event::Endorse) => Ok(State::Endorsed),
            (State::Endorsed | State::Withdrawn, Event::Withdraw) => Err(not_from()),
            (_, Event::Withdraw) => Ok(State::Withdrawn),
            _ => Err(not_from()),
        }
    }

    /// Whether the portfolio is frozen: from submission until a decision hands it back
    /// (returned as incomplete, more work required) or ends the application. Reviewers and
    /// scorers judge what was submitted, so nothing may change under them.
    pub fn freezes_portfolio(self) -> bool {
        matches!(
            self,
            State::Submitted
                | State::UnderReview
                | State::ApprovedForExam
                | State::ExamPassed
                | State::ExamFailed
        )
    }

    /// Whether staff pages read the submitted copy rather than the live portfolio.
    pub fn reads_submitted(self) -> bool {
        self.freezes_portfolio() || self == State::Endorsed
    }

    /// The stored key of the state, without its data.
    pub fn key(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Registered => "registered",
            State::Confirmed => "confirmed",
            State::Submitted => "submitted",
            State::UnderReview => "under-review",
            State::ApprovedForExam => "approved-for-exam",
            State::ExamPassed => "exam-passed",
            State::ExamFailed => "exam-failed",
            State::MoreWorkRequired { .. } => "more-work-required",
            State::Endorsed => "endorsed",
            State::Withdrawn => "withdrawn",
        }
    }

    /// Rebuilds a state from its stored key and, for more-work-required, its date.
    pub fn from_parts(key: &str, re_review_after: Option<NaiveDate>) -> Option<State> {
        Some(match key {
            "draft" => State::Draft,
            "registered" => State::Registered,
            "confirmed" => State::Confirmed,
            "submitted" => State::Submitted,
            "under-review" => State::UnderReview,
            "approved-for-exam" => State::ApprovedForExam,
            "exam-passed" => State::ExamPassed,
            "exam-failed" => State::ExamFailed,
            "more-work-required" => State::MoreWorkRequired {
                re_review_after: re_review_after?,
            },
            "endorsed" => State::Endorsed,
            "withdrawn" => State::Withdrawn,
            _ => return None,
        })
    }

    /// The date carried by more-work-required.
    pub fn re_review_after(self) -> Option<NaiveDate> {
        match self {
            State::MoreWorkRequired { re_review_after } => Some(re_review_after),
            _ => None,
        }
    }

    /// Whether reaching this state is a decision on the application, the end point of the
    /// "time from submission to decision" report.
    pub fn is_decision(self) -> bool {
        matches!(
            self,
            State::ApprovedForExam
                | State::MoreWorkRequired { .. }
                | State::Endorsed
                | State::Withdrawn
        )
    }

    /// Whether the application is over (no event leads anywhere).
    pub fn is_final(self) -> bool {
        matches!(self, State::Endorsed | State::Withdrawn)
    }

    /// Words for people, used on dashboards.
    pub fn label(self) -> String {
        match self {
            State::Draft => "Draft".into(),
            State::Registered => "Registered, awaiting confirmation".into(),
            State::Confirmed => "Building portfolio".into(),
            State::Submitted => "Submitted".into(),
            State::UnderReview => "Under review".into(),
            State::ApprovedForExam => "Approved for exam".into(),
            State::ExamPassed => "Exam passed".into(),
            State::ExamFailed => "Exam not passed".into(),
            State::MoreWorkRequired { re_review_after } => {
                format!("More work required (resubmit from {re_review_after})")
            }
            State::Endorsed => "Endorsed".into(),
            State::Withdrawn => "Withdrawn".into(),
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The event keys accepted from forms and the API.
impl FromStr for Event {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "register" => Event::Register,
            "confirm" => Event::Confirm,
            "submit" => Event::Submit,
            "start-review" => Event::StartReview,
            "return-incomplete" => Event::ReturnIncomplete,
            "approve-for-exam" => Event::ApproveForExam,
            "record-exam-passed" => Event::RecordExam { passed: true },
            "record-exam-failed" => Event::RecordExam { passed: false },
            "retake-exam" => Event::RetakeExam,
            "endorse" => Event::Endorse,
            "withdraw" => Event::Withdraw,
            other => return Err(format!("unknown event \"{other}\"")),
        })
    }
}
