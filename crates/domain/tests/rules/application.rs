//! The application state machine: every legal path, and a sweep showing that every other
//! (state, event, actor) is refused.

use chrono::NaiveDate;
use lattice_domain::application::{Actor, Context, Event, IllegalTransition, State};
use rstest::rstest;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

const TODAY: (i32, u32, u32) = (2026, 11, 26);

fn ctx(exam_required: bool) -> Context {
    Context {
        exam_required,
        today: day(TODAY.0, TODAY.1, TODAY.2),
    }
}

fn run(events: &[(Event, Actor)], exam: bool) -> Result<State, IllegalTransition> {
    events
        .iter()
        .try_fold(State::Draft, |state, &(event, actor)| {
            state.apply(event, actor, ctx(exam))
        })
}

use Actor::{Applicant as A, Coordinator as C};

#[test]
fn path_without_exam_ends_endorsed() {
    let path = [
        (Event::Register, A),
        (Event::Confirm, C),
        (Event::Submit, A),
        (Event::StartReview, C),
        (Event::Endorse, C),
    ];
    assert_eq!(run(&path, false), Ok(State::Endorsed));
}

#[test]
fn path_with_exam_passes_through_the_exam() {
    let path = [
        (Event::Register, A),
        (Event::Confirm, C),
        (Event::Submit, A),
        (Event::StartReview, C),
        (Event::ApproveForExam, C),
        (Event::RecordExam { passed: false }, C),
        (Event::RetakeExam, A),
        (Event::RecordExam { passed: true }, C),
        (Event::Endorse, C),
    ];
    assert_eq!(run(&path, true), Ok(State::Endorsed));
}

#[test]
fn exam_categories_cannot_skip_the_exam_and_others_cannot_sit_one() {
    let review = [
        (Event::Register, A),
        (Event::Confirm, C),
        (Event::Submit, A),
        (Event::StartReview, C),
    ];
    let under_review = run(&review, true).expect("under review");
    assert_eq!(
        under_review.apply(Event::Endorse, C, ctx(true)),
        Err(IllegalTransition::ExamRequired)
    );
    assert_eq!(
        under_review.apply(Event::ApproveForExam, C, ctx(false)),
        Err(IllegalTransition::NoExam)
    );
}

#[test]
fn more_work_waits_for_its_date() {
    let after = day(2027, 2, 1);
    let state = State::UnderReview
        .apply(
            Event::RequireMoreWork {
                re_review_after: after,
            },
            C,
            ctx(false),
        )
        .expect("more work");
    assert_eq!(
        state,
        State::MoreWorkRequired {
            re_review_after: after
        }
    );
    assert_eq!(
        state.apply(Event::Submit, A, ctx(false)),
        Err(IllegalTransition::TooEarly(after))
    );
    let later = Context {
        exam_required: false,
        today: after,
    };
    assert_eq!(state.apply(Event::Submit, A, later), Ok(State::Submitted));
    // The date must lie ahead.
    let today = ctx(false).today;
    assert_eq!(
        State::UnderReview.apply(
            Event::RequireMoreWork {
                re_review_after: today
            },
            C,
            ctx(false)
        ),
        Err(IllegalTransition::DateNotInFuture)
    );
}

#[rstest]
#[case(Event::Register, C)]
#[case(Event::Submit, C)]
#[case(Event::RetakeExam, C)]
#[case(Event::Confirm, A)]
#[case(Event::StartReview, A)]
#[case(Event::Endorse, A)]
#[case(Event::RecordExam { passed: true }, A)]
fn each_event_has_its_actor(#[case] event: Event, #[case] actor: Actor) {
    let any_state = State::Draft;
    assert!(matches!(
        any_state.apply(event, actor, ctx(true)),
        Err(IllegalTransition::WrongActor { .. })
    ));
}

#[test]
fn withdrawal_is_open_until_the_end() {
    for state in all_states() {
        let result = state.apply(Event::Withdraw, A, ctx(false));
        if state.is_final() {
            assert!(result.is_err(), "{state:?}");
        } else {
            assert_eq!(result, Ok(State::Withdrawn), "{state:?}");
        }
    }
}

/// The portfolio is frozen exactly from submission until it is handed back or decided.
#[test]
fn the_portfolio_is_frozen_from_submission_until_handed_back() {
    for state in all_states() {
        let frozen = matches!(
            state,
            State::Submitted
                | State::UnderReview
                | State::ApprovedForExam
                | State::ExamPassed
                | State::ExamFailed
        );
        assert_eq!(state.freezes_portfolio(), frozen, "{state:?}");
        assert_eq!(
            state.reads_submitted(),
            frozen || state == State::Endorsed,
            "{state:?}"
        );
    }
    // Handing it back unfreezes it: returned as incomplete, or more work required.
    let context = Context {
        exam_required: false,
        today: day(2026, 1, 1),
    };
    let returned = State::Submitted
        .apply(Event::ReturnIncomplete, Actor::Coordinator, context)
        .expect("return");
    assert!(!returned.freezes_portfolio());
}

fn all_states() -> Vec<State> {
    vec![
        State::Draft,
        State::Registered,
        State::Confirmed,
        State::Submitted,
        State::UnderReview,
        State::ApprovedForExam,
        State::ExamPassed,
        State::ExamFailed,
        State::MoreWorkRequired {
            re_review_after: day(2026, 1, 1),
        },
        State::Endorsed,
        State::Withdrawn,
    ]
}

/// The whole table: exactly these (state, event) pairs are accepted, for their actor.
#[test]
fn every_other_transition_is_refused() {
    let events = [
        Event::Register,
        Event::Confirm,
        Event::Submit,
        Event::StartReview,
        Event::ReturnIncomplete,
        Event::ApproveForExam,
        Event::RequireMoreWork {
            re_review_after: day(2027, 1, 1),
        },
        Event::RecordExam { passed: true },
        Event::RecordExam { passed: false },
        Event::RetakeExam,
        Event::Endorse,
        Event::Withdraw,
    ];
    let mut accepted = Vec::new();
    for state in all_states() {
        for event in events {
            for exam in [false, true] {
                for actor in [A, C] {
                    if let Ok(next) = state.apply(event, actor, ctx(exam))
                        && event != Event::Withdraw
                    {
                        accepted.push((state.key(), event.name(), exam, next.key()));
                    }
                }
            }
        }
    }
    accepted.sort();
    accepted.dedup();
    let mut expected = vec![
        ("draft", "register", false, "registered"),
        ("draft", "register", true, "registered"),
        ("registered", "confirm", false, "confirmed"),
        ("registered", "confirm", true, "confirmed"),
        ("confirmed", "submit", false, "submitted"),
        ("confirmed", "submit", true, "submitted"),
        ("submitted", "start-review", false, "under-review"),
        ("submitted", "start-review", true, "under-review"),
        ("submitted", "return-incomplete", false, "confirmed"),
        ("submitted", "return-incomplete", true, "confirmed"),
        ("under-review", "endorse", false, "endorsed"),
        (
            "under-review",
            "approve-for-exam",
            true,
            "approved-for-exam",
        ),
        (
            "under-review",
            "require-more-work",
            false,
            "more-work-required",
        ),
        (
            "under-review",
            "require-more-work",
            true,
            "more-work-required",
        ),
        (
            "approved-for-exam",
            "record-exam-passed",
            false,
            "exam-passed",
        ),
        (
            "approved-for-exam",
            "record-exam-passed",
            true,
            "exam-passed",
        ),
        (
            "approved-for-exam",
            "record-exam-failed",
            false,
            "exam-failed",
        ),
        (
            "approved-for-exam",
            "record-exam-failed",
            true,
            "exam-failed",
        ),
        ("exam-failed", "retake-exam", false, "approved-for-exam"),
        ("exam-failed", "retake-exam", true, "approved-for-exam"),
        ("exam-passed", "endorse", false, "endorsed"),
        ("exam-passed", "endorse", true, "endorsed"),
        ("more-work-required", "submit", false, "submitted"),
        ("more-work-required", "submit", true, "submitted"),
    ];
    expected.sort();
    assert_eq!(accepted, expected);
}

#[test]
fn states_round_trip_through_their_stored_parts() {
    for state in all_states() {
        assert_eq!(
            State::from_parts(state.key(), state.re_review_after()),
            Some(state)
        );
    }
    assert_eq!(State::from_parts("more-work-required", None), None);
    assert_eq!(State::from_parts("bogus", None), None);
}
