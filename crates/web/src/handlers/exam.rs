//! The exam of Categories III (before 2025) and IV: sittings, Part 1 results, blind Part 2
//! scoring, the result with its feedback letter, and the one-year rules.

use axum::extract::{Path, State};
use axum::response::{Html, Redirect};
use chrono::{NaiveDate, Utc};
use lattice_domain::application::{Actor, Event, State as Stage};
use lattice_domain::exam::{
    Part1, Part2, ReviewerAsScorer, approval_expires, blind_code, feedback_letter, part1_passes,
    part2_passes, retake_from,
};
use lattice_domain::ids::PersonId;
use lattice_domain::profile::ExamRule;
use lattice_store::{ApplicationRow, NewAudit, NewMail, NewSitting, SittingRow};
use serde::Deserialize;

use super::coordinates;
use super::workflow::perform;
use super::{category_rule, category_title, page, path_id, today, visible_application};
use crate::auth::{CsrfForm, CurrentUser};
use crate::error::WebError;
use crate::state::AppState;
use crate::views::{ChoiceView, ExamPage, Layout, ScoringPage, SittingView};

async fn exam_rule(state: &AppState, application: &ApplicationRow) -> Result<ExamRule, WebError> {
    let slug = state
        .store()
        .association(application.association)
        .await?
        .slug;
    category_rule(state, &slug, application)
        .and_then(|(_, rule)| rule.exam.clone())
        .ok_or_else(|| WebError::BadRequest("exam: this category has no exam".to_string()))
}

/// The day approval to sit was given: the latest approve-for-exam or retake in the history.
async fn approved_on(
    state: &AppState,
    application: &ApplicationRow,
) -> Result<Option<NaiveDate>, WebError> {
    let audit = state
        .store()
        .audit_of_subject(&format!("application:{}", application.id))
        .await?;
    Ok(audit
        .iter()
        .rev()
        .find(|a| a.action == "approve-for-exam" || a.action == "retake-exam")
        .map(|a| a.at.date_naive()))
}

/// A failed part may be sat again only a year (by the profile) after the failed sitting.
pub async fn retake_allowed(
    state: &AppState,
    application: &ApplicationRow,
) -> Result<(), WebError> {
    let rule = exam_rule(state, application).await?;
    let sittings = state.store().sittings(application.id).await?;
    if let Some(failed) = sittings.iter().rev().find(|s| s.result == "failed") {
        let from = retake_from(&rule, failed.sat_on);
        if today() < from {
            return Err(WebError::BadRequest(format!(
                "event: the exam can be sat again from {from}"
            )));
        }
    }
    Ok(())
}

fn sitting_view(sitting: &SittingRow, rule: &ExamRule) -> SittingView {
    let part2 = part2_of(sitting);
    SittingView {
        id: sitting.id,
        sat_on: sitting.sat_on.to_string(),
        code: sitting.blind_code.clone(),
        part1: sitting
            .part1_wrong
            .map(|w| {
                let passed = part1_passes(rule, Part1 { wrong: w }).unwrap_or(false);
                format!(
                    "{w} wrong of {} ({})",
                    rule.part1_questions,
                    if passed { "passed" } else { "not passed" }
                )
            })
            .unwrap_or_default(),
        scorers: sitting
            .scorers
            .iter()
            .map(|s| match s.scores {
                Some([a, b]) => format!("{}: {a} and {b}", s.scorer_name),
                None => format!("{}: not scored yet", s.scorer_name),
            })
            .collect(),
        part2: part2
            .map(|p| {
                if part2_passes(rule, p).unwrap_or(false) {
                    "passed".to_string()
                } else {
                    "not passed".to_string()
                }
            })
            .unwrap_or_default(),
        result: sitting.result.clone(),
        ready: sitting.result == "pending" && sitting.part1_wrong.is_some() && part2.is_some(),
        answers: sitting.answers.clone(),
    }
}

/// Both scorers' rubric scores, once both are in.
fn part2_of(sitting: &SittingRow) -> Option<Part2> {
    let first = sitting.scorers.iter().find(|s| s.slot == 0)?.scores?;
    let second = sitting.scorers.iter().find(|s| s.slot == 1)?.scores?;
    Some(Part2 {
        scores: [[first[0], second[0]], [first[1], second[1]]],
    })
}

pub async fn exam_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    let store = state.store();
    let (application, _) = visible_application(store, &user.viewer, &id).await?;
    if !coordinates(&user, &application) {
        return Err(WebError::NotFound);
    }
    let rule = exam_rule(&state, &application).await?;
    let applicant = store.person(application.person).await?;
    let approved = approved_on(&state, &application).await?;
    let sittings = store.sittings(application.id).await?;
    let policy = store.reviewer_as_scorer(application.association).await?;
    let reviewed = reviewed_by(&state, &application).await?;
    let scorers = store
        .reviewers_of(application.association)
        .await?
        .into_iter()
        .filter(|r| r.person != application.person)
        .filter(|r| policy == ReviewerAsScorer::Warn || !reviewed.contains(&r.person))
        .map(|r| ChoiceView {
            key: r.person.0.to_string(),
            label: if reviewed.contains(&r.person) {
                format!("{} (reviewed this application: not blind)", r.name)
            } else {
                r.name
            },
        })
        .collect();
    let mut sitting_views: Vec<SittingView> =
        sittings.iter().map(|s| sitting_view(s, &rule)).collect();
    // A coordinator who also scores a sitting reads it here without its code.
    for (view, sitting) in sitting_views.iter_mut().zip(&sittings) {
        if sitting.scorers.iter().any(|s| s.scorer == user.person.id) {
            view.code = "code hidden: you score this sitting".to_string();
        }
    }
    page(&ExamPage {
        layout: Layout::new(format!("Exam: {}", applicant.name), Some(&user)),
        id: application.id.0,
        applicant: applicant.name,
        category: application.category.clone(),
        state_key: application.state.key(),
        state_label: application.state.label(),
        rules: format!(
            "Part 1: {} questions in {} minutes, passing with at most {} wrong. Part 2: {} vignettes, {} answered in {} minutes, each answer scored 0–4 by two scorers who do not see the examinee's name. Approval to sit lasts {} months; a failed exam can be sat again after {} months.",
            rule.part1_questions,
            rule.part1_minutes,
            rule.part1_max_wrong(),
            rule.part2_vignettes,
            rule.part2_answered,
            rule.part2_minutes,
            rule.approval_valid_months,
            rule.retake_after_months
        ),
        approval_until: approved
            .map(|d| approval_expires(&rule, d).to_string())
            .unwrap_or_default(),
        can_schedule: application.state == Stage::ApprovedForExam
            && !sittings.iter().any(|s| s.result == "pending"),
        sittings: sitting_views,
        scorers,
        scorer_policy: match policy {
            ReviewerAsScorer::Exclude => {
                "Reviewers of this application are not offered as scorers: they have read the portfolio under the examinee's name."
            }
            ReviewerAsScorer::Warn => {
                "Your association allows a reviewer of this application to score it; such a scorer is marked, since their score is not blind."
            }
        },
        windows: store
            .exam_windows(application.association)
            .await?
            .into_iter()
            .filter(|w| w.closes >= today())
            .map(|w| format!("{} to {}, {}", w.opens, w.closes, w.place))
            .collect(),
    })
}

#[derive(Debug, Deserialize)]
pub struct SittingForm {
    sat_on: String,
    first_scorer: String,
    second_scorer: String,
}

fn parse_person(text: &str, field: &str) -> Result<PersonId, WebError> {
    text.trim()
        .parse()
        .map_err(|_| WebError::BadRequest(format!("{field}: choose a scorer")))
}

pub async fn schedule(
    State(state): State<AppState>,
    Path(id): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<SittingForm>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let (application, _) = visible_application(store, &user.viewer, &id).await?;
    if !coordinates(&user, &application) {
        return Err(WebError::NotFound);
    }
    if application.state != Stage::ApprovedForExam {
        return Err(WebError::BadRequest(
            "exam: the application is not approved to sit the exam".to_string(),
        ));
    }
    let rule = exam_rule(&state, &application).await?;
    let sat_on = super::required_date(&form.sat_on, "sat_on")?;
    if let Some(approved) = approved_on(&state, &application).await? {
        let until = approval_expires(&rule, approved);
        if sat_on > until {
            return Err(WebError::BadRequest(format!(
                "sat_on: approval to sit is valid until {until}"
            )));
        }
    }
    let windows = store.exam_windows(application.association).await?;
    if windows.is_empty() {
        return Err(WebError::BadRequest(
            "sat_on: no exam window is open yet; add one in the staff area first".to_string(),
        ));
    }
    if !windows
        .iter()
        .any(|w| w.opens <= sat_on && sat_on <= w.closes)
    {
        let listed: Vec<String> = windows
            .iter()
            .map(|w| format!("{} to {}", w.opens, w.closes))
            .collect();
        return Err(WebError::BadRequest(format!(
            "sat_on: {sat_on} is outside the exam windows ({})",
            listed.join("; ")
        )));
    }
    let scorers = [
        parse_person(&form.first_scorer, "first_scorer")?,
        parse_person(&form.second_scorer, "second_scorer")?,
    ];
    if scorers[0] == scorers[1] {
        return Err(WebError::BadRequest(
            "second_scorer: Part 2 needs two different scorers".to_string(),
        ));
    }
    let known = store.reviewers_of(application.association).await?;
    let excluded = match store.reviewer_as_scorer(application.association).await? {
        ReviewerAsScorer::Exclude => reviewed_by(&state, &application).await?,
        ReviewerAsScorer::Warn => Vec::new(),
    };
    for (field, scorer) in ["first_scorer", "second_scorer"].iter().zip(scorers) {
        if !known.iter().any(|r| r.person == scorer) || scorer == application.person {
            return Err(WebError::BadRequest(format!(
                "{field}: not a reviewer of this association"
            )));
        }
        if excluded.contains(&scorer) {
            return Err(WebError::BadRequest(format!(
                "{field}: this reviewer reviewed the application, so their score would not be blind; choose another scorer"
            )));
        }
    }
    // The code must not be guessable from the examinee, so it comes from fresh randomness.
    let seed = crate::auth::new_token()?
        .bytes()
        .fold(0u64, |acc, b| acc.rotate_left(7) ^ u64::from(b));
    store
        .create_sitting(&NewSitting {
            application: application.id,
            association: application.association,
            sat_on,
            blind_code: blind_code(seed),
            scorers,
            by: user.person.id,
            at: Utc::now(),
        })
        .await?;
    Ok(Redirect::to(&format!(
        "/applications/{}/exam",
        application.id
    )))
}

#[derive(Debug, Deserialize)]
pub struct Part1Form {
    wrong: String,
    #[serde(default)]
    answers: String,
}

/// The sitting `sid` of this application, or not found.
async fn own_sitting(
    state: &AppState,
    application: &ApplicationRow,
    sid: &str,
) -> Result<SittingRow, WebError> {
    let sitting = state.store().sitting(path_id(sid)?).await?;
    if sitting.application != application.id {
        return Err(WebError::NotFound);
    }
    Ok(sitting)
}

/// Scores and results come from a sitting that took place: recorded before its date they could
/// only be a mistake (the wrong sitting) or made up.
fn sat_already(sitting: &SittingRow) -> Result<(), WebError> {
    let today = super::today();
    if sitting.sat_on > today {
        return Err(WebError::BadRequest(format!(
            "exam: this sitting is on {}; its scores and result can be recorded from that day (today is {today})",
            sitting.sat_on
        )));
    }
    Ok(())
}

pub async fn record_part1(
    State(state): State<AppState>,
    Path((id, sid)): Path<(String, String)>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<Part1Form>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let (application, _) = visible_application(store, &user.viewer, &id).await?;
    if !coordinates(&user, &application) {
        return Err(WebError::NotFound);
    }
    let sitting = own_sitting(&state, &application, &sid).await?;
    sat_already(&sitting)?;
    let rule = exam_rule(&state, &application).await?;
    let wrong: u32 = form.wrong.trim().parse().map_err(|_| {
        WebError::BadRequest("wrong: give the number of wrong Part 1 answers".to_string())
    })?;
    part1_passes(&rule, Part1 { wrong })
        .map_err(|e| WebError::BadRequest(format!("wrong: {e}")))?;
    if form.answers.len() > 50_000 {
        return Err(WebError::BadRequest(
            "answers: keep the transcribed answers under 50,000 characters".to_string(),
        ));
    }
    store
        .record_part1(
            sitting.id,
            wrong,
            form.answers.trim(),
            &NewAudit {
                at: Utc::now(),
                actor: Some(user.person.id),
                association: Some(application.association),
                subject: format!("application:{}", application.id),
                action: "record-exam-part1".to_string(),
                // The history is read by reviewers who may score: it names the sitting by its
                // date, never by its blind code.
                reason: format!("sitting on {}: {wrong} wrong", sitting.sat_on),
            },
        )
        .await?;
    Ok(Redirect::to(&format!(
        "/applications/{}/exam",
        application.id
    )))
}

/// Both parts are in: the result moves the application and the feedback letter goes out,
/// whatever the result.
pub async fn record_result(
    State(state): State<AppState>,
    Path((id, sid)): Path<(String, String)>,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<crate::forms::Posted>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let (application, _) = visible_application(store, &user.viewer, &id).await?;
    if !coordinates(&user, &application) {
        return Err(WebError::NotFound);
    }
    let sitting = own_sitting(&state, &application, &sid).await?;
    sat_already(&sitting)?;
    let rule = exam_rule(&state, &application).await?;
    let (Some(wrong), Some(part2)) = (sitting.part1_wrong, part2_of(&sitting)) else {
        return Err(WebError::BadRequest(
            "exam: Part 1 and both Part 2 scores must be in first".to_string(),
        ));
    };
    let part1 = Part1 { wrong };
    let passed = part1_passes(&rule, part1)
        .and_then(|p1| part2_passes(&rule, part2).map(|p2| p1 && p2))
        .map_err(|e| WebError::BadRequest(format!("exam: {e}")))?;
    let applicant = store.person(application.person).await?;
    let letter = feedback_letter(
        &applicant.name,
        &category_title(&application.category),
        &rule,
        Some(part1),
        Some(part2),
        sitting.sat_on,
    );
    let mail = NewMail {
        recipient: applicant.email.clone(),
        subject: format!("Your {} exam results", application.category),
        body: letter,
        created_at: Utc::now(),
    };
    perform(
        &state,
        &user,
        &application,
        Event::RecordExam { passed },
        Actor::Coordinator,
        &format!("sitting on {}", sitting.sat_on),
        vec![mail],
    )
    .await?;
    store
        .set_sitting_result(sitting.id, if passed { "passed" } else { "failed" })
        .await?;
    Ok(Redirect::to(&format!(
        "/applications/{}/exam",
        application.id
    )))
}

/// Part 2 scoring, blind: the scorer sees the code and the answers, never the name.
/// Whether the viewer holds an active staff role at the association (the viewer's roles are
/// read from active roles only, so a suspension takes effect here at once).
fn active_staff_of(user: &CurrentUser, association: lattice_domain::ids::AssociationId) -> bool {
    user.viewer.staff_associations().any(|a| a == association)
}

pub async fn scoring_page(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    let sittings = state.store().sittings_for_scorer(user.person.id).await?;
    let mut views = Vec::new();
    for sitting in &sittings {
        let application = state.store().application(sitting.application).await?;
        // A suspended or removed scorer keeps the row but no longer sees the answers.
        if !active_staff_of(&user, application.association) {
            continue;
        }
        let rule = exam_rule(&state, &application).await?;
        let mut view = sitting_view(sitting, &rule);
        // Scorers see only their own scores until the result is recorded.
        view.scorers = sitting
            .scorers
            .iter()
            .filter(|s| s.scorer == user.person.id)
            .map(|s| match s.scores {
                Some([a, b]) => format!("your scores: {a} and {b}"),
                None => "not scored yet".to_string(),
            })
            .collect();
        view.part1 = String::new();
        view.part2 = String::new();
        // The date would link the code to the application's history, which names the
        // sitting by its date.
        view.sat_on = String::new();
        views.push(view);
    }
    page(&ScoringPage {
        layout: Layout::new("Exam scoring", Some(&user)),
        sittings: views,
    })
}

#[derive(Debug, Deserialize)]
pub struct ScoreForm {
    first: String,
    second: String,
}

pub async fn score(
    State(state): State<AppState>,
    Path(sid): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<ScoreForm>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let sitting = store.sitting(path_id(&sid)?).await?;
    let association = store.application(sitting.application).await?.association;
    if !sitting.scorers.iter().any(|s| s.scorer == user.person.id)
        || !active_staff_of(&user, association)
    {
        return Err(WebError::NotFound);
    }
    sat_already(&sitting)?;
    let parse = |text: &str, field: &str| -> Result<u32, WebError> {
        text.trim()
            .parse::<u32>()
            .ok()
            .filter(|s| *s <= lattice_domain::exam::RUBRIC_MAX)
            .ok_or_else(|| {
                WebError::BadRequest(format!(
                    "{field}: give a rubric score from 0 to {}",
                    lattice_domain::exam::RUBRIC_MAX
                ))
            })
    };
    let scores = [parse(&form.first, "first")?, parse(&form.second, "second")?];
    store
        .score_part2(sitting.id, user.person.id, scores, Utc::now())
        .await?;
    Ok(Redirect::to("/scoring"))
}

#[derive(Debug, Deserialize)]
pub struct WindowForm {
    opens: String,
    closes: String,
    place: String,
}

/// A coordinator opens an exam window: the exam is offered between two dates.
pub async fn create_window(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<WindowForm>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let association = super::association_id(store, &slug).await?;
    super::authorize(
        &user.viewer,
        lattice_domain::rights::Action::Manage,
        lattice_domain::rights::Object::StaffArea(association),
    )?;
    let opens = super::required_date(&form.opens, "opens")?;
    let closes = super::required_date(&form.closes, "closes")?;
    if closes < opens {
        return Err(WebError::BadRequest(
            "closes: the window closes on or after it opens".to_string(),
        ));
    }
    if closes < today() {
        return Err(WebError::BadRequest(
            "closes: this window would already be over".to_string(),
        ));
    }
    let place = form.place.trim();
    if place.is_empty() || place.chars().count() > 200 {
        return Err(WebError::BadRequest(
            "place: say where or how the exam is held (at most 200 characters)".to_string(),
        ));
    }
    store
        .create_exam_window(association, opens, closes, place, Utc::now())
        .await?;
    Ok(Redirect::to(&format!("/staff/{slug}#exam-windows")))
}

/// Everyone who has read the application under the applicant's name as a reviewer: those
/// assigned now and those who reviewed it in any round.
async fn reviewed_by(
    state: &AppState,
    application: &ApplicationRow,
) -> Result<Vec<PersonId>, WebError> {
    let store = state.store();
    let mut people = store.reviewers(application.id).await?;
    for round in 1..=application.review_round {
        for review in store.reviews(application.id, round).await? {
            if !people.contains(&review.reviewer) {
                people.push(review.reviewer);
            }
        }
    }
    Ok(people)
}

#[derive(Debug, Deserialize)]
pub struct ScorerPolicyForm {
    policy: String,
}

/// The association's choice for scorers who reviewed the examinee's application.
pub async fn set_scorer_policy(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<ScorerPolicyForm>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let association = super::association_id(store, &slug).await?;
    super::authorize(
        &user.viewer,
        lattice_domain::rights::Action::Manage,
        lattice_domain::rights::Object::StaffArea(association),
    )?;
    let policy = ReviewerAsScorer::from_key(form.policy.trim()).ok_or_else(|| {
        WebError::BadRequest(
            "policy: choose to exclude such scorers or to allow them with a warning".to_string(),
        )
    })?;
    store
        .set_reviewer_as_scorer(
            association,
            policy,
            &NewAudit {
                at: Utc::now(),
                actor: Some(user.person.id),
                association: Some(association),
                subject: format!("association:{slug}"),
                action: "set-reviewer-as-scorer".to_string(),
                reason: policy.key().to_string(),
            },
        )
        .await?;
    Ok(Redirect::to(&format!("/staff/{slug}#exam-windows")))
}
