//! The review page of one application: the coordinator's completeness check, reviewer
//! assignment with conflicts of interest, the reviewers' blind reviews, and the decision.

use axum::extract::{Path, State};
use axum::response::{Html, Redirect};
use chrono::{NaiveDate, Utc};
use lattice_domain::application::{Actor, Event, State as Stage};
use lattice_domain::category::Track;
use lattice_domain::competency::CompetencyArea;
use lattice_domain::ids::PersonId;
use lattice_domain::profile::ReviewOutcome;
use lattice_domain::review::{
    Agreement, ApplicantTies, Candidate, Conflict, Recommendation, conflicts, qualified, reconcile,
};
use lattice_domain::rights::StaffRole;
use lattice_store::{
    ApplicationRow, ConflictSource, NewAudit, NewConflict, NewMail, ReviewRow, ReviewerRow,
    StoreError,
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::conflicts::{applicant_ties, candidate, same_person};
use super::coordinates;
use super::workflow::completeness;
use super::{category_rule, optional_date, page, today, visible_application};
use crate::auth::{CsrfForm, CurrentUser};
use crate::error::WebError;
use crate::evidence;
use crate::portfolio;
use crate::state::AppState;
use crate::views::{CandidateView, ChoiceView, ConflictView, Layout, ReviewPage, ReviewView};

fn track_of(application: &ApplicationRow) -> Result<Track, WebError> {
    application
        .category
        .parse::<lattice_domain::category::Category>()
        .map(|c| c.track)
        .map_err(|e| WebError::Internal(format!("stored category: {e}")))
}

fn outcome_choice(outcome: ReviewOutcome) -> ChoiceView {
    let (key, label) = match outcome {
        ReviewOutcome::Endorse => ("endorse", "Endorse"),
        ReviewOutcome::Emerging => ("emerging", "Endorse as emerging"),
        ReviewOutcome::ApproveForExam => ("approve-for-exam", "Approve to sit the exam"),
        ReviewOutcome::MoreWorkThenReReview => (
            "more-work",
            "More training and/or RS/C, then re-review after a date",
        ),
    };
    ChoiceView {
        key: key.to_string(),
        label: label.to_string(),
    }
}

fn review_view(row: &ReviewRow) -> ReviewView {
    let recommendation = serde_json::from_value::<Recommendation>(row.recommendation.clone())
        .map(|r| r.label())
        .unwrap_or_else(|_| "unreadable recommendation".to_string());
    let checked = |prefix: &str| {
        row.checklist
            .get(prefix)
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
    };
    ReviewView {
        reviewer: row.reviewer_name.clone(),
        recommendation,
        comments: row.comments.clone(),
        verified: checked("requirements"),
        areas: checked("areas"),
        submitted: row.submitted_at.format("%Y-%m-%d").to_string(),
    }
}

pub async fn review_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    let store = state.store();
    let (application, reviewers) = visible_application(store, &user.viewer, &id).await?;
    let coordinator = coordinates(&user, &application);
    let is_reviewer = reviewers.contains(&user.person.id)
        && user
            .viewer
            .holds(application.association, StaffRole::Reviewer);
    if !coordinator && !is_reviewer {
        // Applicants follow their application on its own page; reviews are not theirs to read.
        return Err(WebError::NotFound);
    }
    let association = store.association(application.association).await?;
    let applicant = store.person(application.person).await?;
    let track = track_of(&application)?;
    let rule = category_rule(&state, &association.slug, &application).map(|(_, r)| r);
    let edition = state
        .catalog()
        .profile(&association.slug, application.rules_as_of())
        .map(|p| p.effective.to_string())
        .unwrap_or_default();
    let check = completeness(&state, &application).await?;
    let reviewed = crate::portfolio::reviewed_document(&state, &application).await?;
    // A resubmission: what changed since the version before it, for the reviewers who read
    // that one.
    let versions = store.snapshots(application.id).await?;
    let (changed_since, changes) = match versions.as_slice() {
        [.., (previous_at, previous), (_, latest)] => (
            Some(previous_at.date_naive().to_string()),
            portfolio::changes(previous, latest),
        ),
        _ => (None, Vec::new()),
    };
    let degrees = super::transcripts::degree_views(&state, &application, &reviewed).await?;
    // The form ties each tick to the evidence: the items each requirement counted, and what
    // documents or shows each area.
    let judged = super::evidence::judged(&state, &application, &association.slug).await?;
    let report =
        lattice_domain::engine::check(&judged.portfolio, judged.profile, judged.category, today())
            .map_err(|e| WebError::Internal(e.to_string()))?;
    let rater_areas = judged.rater_areas();
    let picture = lattice_domain::coverage::picture(
        &judged.portfolio,
        judged.profile,
        Some(track),
        &rater_areas,
        today(),
    );
    let round = application.review_round;
    let reviews = store.reviews(application.id, round).await?;
    let mine_done = reviews.iter().any(|r| r.reviewer == user.person.id);
    // Blind review: a reviewer reads the other review only once theirs is in.
    let visible_reviews: Vec<ReviewView> = if coordinator || mine_done {
        reviews.iter().map(review_view).collect()
    } else {
        Vec::new()
    };
    let hidden_reviews = reviews.len() - visible_reviews.len();
    let agreement = decision_basis(&reviews);
    let mut candidates = Vec::new();
    let mut conflict_views = Vec::new();
    let assignments = store.assignments(application.id).await?;
    if coordinator {
        let ties = applicant_ties(&state, &application).await?;
        for row in store.reviewers_of(application.association).await? {
            let candidate = candidate(&row);
            let found = conflicts(&candidate, &ties);
            candidates.push(CandidateView {
                id: row.person.0,
                name: row.name.clone(),
                endorsed: row.endorsed.join(", "),
                employer: row.employer.clone(),
                load: row.open_reviews,
                qualified: qualified(&candidate.endorsed, track),
                conflicts: found.iter().map(|c| c.describe().to_string()).collect(),
                assigned: reviewers.contains(&row.person),
            });
        }
        for conflict in store.conflicts_of(application.person).await? {
            if conflict.applicant == application.person {
                conflict_views.push(ConflictView {
                    reviewer: conflict.reviewer_name,
                    source: match conflict.source {
                        ConflictSource::Applicant => "declared by the applicant",
                        ConflictSource::Reviewer => "declared by the reviewer",
                        ConflictSource::Coordinator => "pinned by a coordinator",
                    },
                    reason: conflict.reason,
                });
            }
        }
    }
    let assigned: Vec<String> = assignments
        .iter()
        .map(|a| {
            let done = reviews.iter().any(|r| r.reviewer == a.reviewer);
            format!(
                "{}{}{}",
                a.reviewer_name,
                a.due_on.map(|d| format!(", due {d}")).unwrap_or_default(),
                if done { ", review in" } else { "" }
            )
        })
        .collect();
    let outcomes = rule
        .map(|r| {
            r.review_outcomes
                .iter()
                .map(|&o| outcome_choice(o))
                .collect()
        })
        .unwrap_or_default();
    page(&ReviewPage {
        degrees,
        changed_since,
        changes,
        layout: Layout::new(format!("Review: {}", applicant.name), Some(&user)),
        id: application.id.0,
        applicant: applicant.name,
        category: application.category.clone(),
        association: association.name,
        state_key: application.state.key(),
        state_label: application.state.label(),
        coordinator,
        edition,
        rules_date: application.rules_as_of().to_string(),
        can_change_rules: coordinator
            && matches!(
                application.state,
                Stage::Draft | Stage::Registered | Stage::Confirmed | Stage::Submitted
            ),
        submitted: application.state == Stage::Submitted,
        under_review: application.state == Stage::UnderReview,
        complete: check.complete,
        missing: check.missing,
        eligibility: check.eligibility,
        candidates,
        assigned,
        conflicts: conflict_views,
        reviews: visible_reviews,
        hidden_reviews,
        can_review: is_reviewer && !mine_done && application.state == Stage::UnderReview,
        outcomes,
        areas: {
            let rated = CompetencyArea::rated_for(track);
            evidence::area_evidence(&picture, |area| rated.contains(&area))
        },
        requirement_evidence: evidence::requirement_evidence(&report),
        agreement: agreement.as_ref().map(|(label, _)| label.clone()),
        disagree: reviews.len() >= 2 && agreement.is_none(),
        can_decide: coordinator && application.state == Stage::UnderReview && reviews.len() >= 2,
        default_date: (today() + chrono::Duration::days(90)).to_string(),
        cycles: store
            .cycles(application.association)
            .await?
            .into_iter()
            .map(|c| ChoiceView {
                key: c.id.to_string(),
                label: format!(
                    "{} (deadline {}, reviews due {})",
                    c.name, c.submission_deadline, c.review_due
                ),
            })
            .collect(),
        cycle: application.cycle.map(|c| c.to_string()).unwrap_or_default(),
    })
}

/// The agreed recommendation of the round's first two reviews, with its label.
fn decision_basis(reviews: &[ReviewRow]) -> Option<(String, Recommendation)> {
    let parsed: Vec<Recommendation> = reviews
        .iter()
        .filter_map(|r| serde_json::from_value(r.recommendation.clone()).ok())
        .collect();
    match parsed.as_slice() {
        [first, second, ..] => match reconcile(*first, *second) {
            Agreement::Agree(agreed) => Some((agreed.label(), agreed)),
            Agreement::Disagree => None,
        },
        _ => None,
    }
}

fn value_of<'a>(form: &'a [(String, String)], key: &str) -> Option<&'a str> {
    form.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

fn parse_date(form: &[(String, String)], key: &str) -> Result<NaiveDate, WebError> {
    let text = value_of(form, key).ok_or_else(|| {
        WebError::BadRequest(format!("{key}: give the re-review date as YYYY-MM-DD"))
    })?;
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| WebError::BadRequest(format!("{key}: {text:?} is not a date (YYYY-MM-DD)")))
}

/// Reads a recommendation from a review or decision form.
fn parse_recommendation(form: &[(String, String)]) -> Result<Recommendation, WebError> {
    let kind = value_of(form, "recommendation").ok_or_else(|| {
        WebError::BadRequest("recommendation: choose one of the recommendations".to_string())
    })?;
    Ok(match kind {
        "endorse" => Recommendation::Endorse,
        "emerging" => Recommendation::Emerging,
        "approve-for-exam" => Recommendation::ApproveForExam,
        "more-work" => Recommendation::MoreWork {
            re_review_after: parse_date(form, "re_review_after")?,
            training: value_of(form, "more_training").is_some(),
            rsc: value_of(form, "more_rsc").is_some(),
        },
        other => {
            return Err(WebError::BadRequest(format!(
                "recommendation: {other:?} is not a recommendation"
            )));
        }
    })
}

fn offered_outcomes(
    state: &AppState,
    slug: &str,
    application: &ApplicationRow,
) -> Vec<ReviewOutcome> {
    category_rule(state, slug, application)
        .map(|(_, rule)| rule.review_outcomes.clone())
        .unwrap_or_default()
}

pub async fn submit_review(
    State(state): State<AppState>,
    Path(id): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let (application, reviewers) = visible_application(store, &user.viewer, &id).await?;
    if !reviewers.contains(&user.person.id) {
        return Err(WebError::NotFound);
    }
    let association = store.association(application.association).await?;
    let recommendation = parse_recommendation(&form)?;
    recommendation
        .validate(
            &offered_outcomes(&state, &association.slug, &application),
            today(),
        )
        .map_err(|e| WebError::BadRequest(format!("recommendation: {e}")))?;
    let comments = value_of(&form, "comments").unwrap_or("").to_string();
    if comments.len() > 20_000 {
        return Err(WebError::BadRequest(
            "comments: keep them under 20,000 characters".to_string(),
        ));
    }
    let picked = |prefix: &str| -> Vec<String> {
        form.iter()
            .filter_map(|(k, v)| k.strip_prefix(prefix).filter(|_| v == "on"))
            .map(str::to_string)
            .collect()
    };
    // The second review completes the round: the coordinator hears the decision is theirs.
    // The notice is written for every review and the store queues it, in the review's own
    // transaction, only when the round has its second (one write, so one turn, per save).
    let when_round_complete = match super::coordinator_of(store, application.association).await? {
        Some(coordinator) => {
            let applicant = store.person(application.person).await?;
            Some(both_reviews_in(
                &state,
                &association.name,
                &application,
                &applicant.name,
                coordinator.email,
            ))
        }
        None => None,
    };
    store
        .submit_review(&lattice_store::NewReview {
            application: application.id,
            round: application.review_round,
            reviewer: user.person.id,
            association: application.association,
            recommendation: serde_json::to_value(recommendation)
                .map_err(|e| WebError::Internal(e.to_string()))?,
            checklist: json!({
                "requirements": picked("req:"),
                // Only areas of the guidelines are kept; anything else in the form is noise.
                "areas": picked("area:")
                    .into_iter()
                    .filter(|id| id.parse::<CompetencyArea>().is_ok())
                    .collect::<Vec<_>>(),
            }),
            comments,
            at: Utc::now(),
            when_round_complete,
        })
        .await?;
    Ok(Redirect::to(&format!(
        "/applications/{}/review",
        application.id
    )))
}

/// The coordinator's notice that both reviews of `application` are in.
fn both_reviews_in(
    state: &AppState,
    association: &str,
    application: &ApplicationRow,
    applicant: &str,
    coordinator: String,
) -> NewMail {
    NewMail {
        recipient: coordinator,
        subject: format!("{association}: both reviews are in for {applicant}"),
        body: format!(
            "Both reviews of {applicant}'s {} application are in{}.\n\nWhat is next: read them and decide on the review page: {}/applications/{}/review\n",
            application.category,
            if application.reinstates.is_some() {
                " (a reinstatement)"
            } else {
                ""
            },
            state.config().base_url,
            application.id
        ),
        created_at: Utc::now(),
    }
}

/// The coordinator decides: the reviewers' shared recommendation, or, when they disagree, a
/// choice with the reason recorded.
pub async fn decide(
    State(state): State<AppState>,
    Path(id): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let (application, _) = visible_application(store, &user.viewer, &id).await?;
    if !coordinates(&user, &application) {
        return Err(WebError::NotFound);
    }
    if application.state != Stage::UnderReview {
        return Err(WebError::BadRequest(
            "decision: the application is not under review".to_string(),
        ));
    }
    let association = store.association(application.association).await?;
    let reviews = store
        .reviews(application.id, application.review_round)
        .await?;
    if reviews.len() < 2 {
        return Err(WebError::BadRequest(
            "decision: both reviews must be in before deciding".to_string(),
        ));
    }
    crate::forms::check_confirmed(
        value_of(&form, "asked").unwrap_or(""),
        value_of(&form, "confirmed").unwrap_or(""),
    )?;
    let reason = value_of(&form, "reason").unwrap_or("").to_string();
    let chosen = parse_recommendation(&form)?;
    chosen
        .validate(
            &offered_outcomes(&state, &association.slug, &application),
            today(),
        )
        .map_err(|e| WebError::BadRequest(format!("recommendation: {e}")))?;
    let agreed = decision_basis(&reviews).map(|(_, r)| r);
    let follows = agreed.is_some_and(|a| a.outcome() == chosen.outcome());
    if !follows && reason.is_empty() {
        return Err(WebError::BadRequest(
            "reason: the reviews disagree or you chose differently; record why".to_string(),
        ));
    }
    let event = match chosen {
        Recommendation::Endorse | Recommendation::Emerging => Event::Endorse,
        Recommendation::ApproveForExam => Event::ApproveForExam,
        Recommendation::MoreWork {
            re_review_after, ..
        } => Event::RequireMoreWork { re_review_after },
    };
    let note = if reason.is_empty() {
        chosen.label()
    } else {
        format!("{}. {reason}", chosen.label())
    };
    // The audit row names the outcome; the applicant's mail says it in words already and
    // carries only what the coordinator wrote, and for more work, what is asked.
    let to_applicant = match chosen {
        Recommendation::MoreWork { .. } if reason.is_empty() => format!("{}.", chosen.label()),
        Recommendation::MoreWork { .. } => format!("{}. {reason}", chosen.label()),
        _ => reason.clone(),
    };
    super::workflow::perform_noted(
        &state,
        &user,
        &application,
        event,
        Actor::Coordinator,
        &note,
        &to_applicant,
        Vec::new(),
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/applications/{}/review",
        application.id
    )))
}

#[derive(Debug, Deserialize)]
pub struct AssignForm {
    reviewer: String,
    #[serde(default)]
    due_on: String,
}

/// Why this reviewer cannot take this application, if anything stands in the way.
pub fn refusal(candidate: &Candidate, track: Track, ties: &ApplicantTies) -> Option<String> {
    if !qualified(&candidate.endorsed, track) {
        return Some(format!(
            "{} is not endorsed at {} or higher",
            candidate.name,
            track.key()
        ));
    }
    let found: Vec<Conflict> = conflicts(candidate, ties);
    if found.is_empty() {
        None
    } else {
        let why: Vec<&str> = found.iter().map(|c| c.describe()).collect();
        Some(format!(
            "{} has a conflict of interest: {}",
            candidate.name,
            why.join("; ")
        ))
    }
}

pub async fn assign(
    State(state): State<AppState>,
    Path(id): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<AssignForm>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let (application, _) = visible_application(store, &user.viewer, &id).await?;
    if !coordinates(&user, &application) {
        return Err(WebError::NotFound);
    }
    // Reviewers read the portfolio only once review has started.
    if application.state != Stage::UnderReview {
        return Err(WebError::BadRequest(
            "reviewer: assign reviewers once review has started".to_string(),
        ));
    }
    let reviewer: PersonId = form
        .reviewer
        .trim()
        .parse()
        .map_err(|_| WebError::BadRequest("reviewer: choose a reviewer".to_string()))?;
    let row = store
        .reviewers_of(application.association)
        .await?
        .into_iter()
        .find(|r| r.person == reviewer)
        .ok_or_else(|| {
            WebError::BadRequest("reviewer: not a reviewer of this association".to_string())
        })?;
    let ties = applicant_ties(&state, &application).await?;
    if let Some(why) = refusal(&candidate(&row), track_of(&application)?, &ties) {
        return Err(WebError::BadRequest(format!("reviewer: {why}")));
    }
    let due = optional_date(&form.due_on, "due_on")?;
    store
        .assign_reviewers(
            &[(application.id, reviewer)],
            due,
            user.person.id,
            Utc::now(),
        )
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => {
                WebError::BadRequest("reviewer: already assigned to this application".to_string())
            }
            other => other.into(),
        })?;
    notify_reviewer(&state, &application, &row, due).await?;
    Ok(Redirect::to(&format!(
        "/applications/{}/review",
        application.id
    )))
}

/// Tells a reviewer about a new assignment.
pub async fn notify_reviewer(
    state: &AppState,
    application: &ApplicationRow,
    reviewer: &ReviewerRow,
    due: Option<NaiveDate>,
) -> Result<(), WebError> {
    state
        .store()
        .enqueue_mail(&NewMail {
            recipient: reviewer.email.clone(),
            subject: format!(
                "{} {} portfolio to review",
                crate::forms::capital_article(&application.category),
                application.category
            ),
            body: format!(
                "Hello {},\n\nYou have been asked to review {} {} portfolio{}.\nOpen it here: {}/applications/{}/review\n\nIf you know the applicant in a way that could bias your review, declare a conflict on that page and we will ask someone else.\n",
                reviewer.name,
                crate::forms::article(&application.category),
                application.category,
                due.map(|d| format!(" by {d}")).unwrap_or_default(),
                state.config().base_url,
                application.id
            ),
            created_at: Utc::now(),
        })
        .await?;
    Ok(())
}

#[derive(Debug, Deserialize)]
pub struct ConflictForm {
    #[serde(default)]
    reviewer: String,
    #[serde(default)]
    reason: String,
}

/// A coordinator pins a conflict; a reviewer declares one (and leaves the application).
pub async fn declare_conflict(
    State(state): State<AppState>,
    Path(id): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<ConflictForm>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let (application, reviewers) = visible_application(store, &user.viewer, &id).await?;
    let reason = form.reason.trim().to_string();
    if reason.is_empty() || reason.len() > 2000 {
        return Err(WebError::BadRequest(
            "reason: say briefly what the conflict is (under 2000 characters)".to_string(),
        ));
    }
    let now = Utc::now();
    let (reviewer, source) = if coordinates(&user, &application) {
        let reviewer: PersonId = form
            .reviewer
            .trim()
            .parse()
            .map_err(|_| WebError::BadRequest("reviewer: choose a reviewer".to_string()))?;
        if !store
            .reviewers_of(application.association)
            .await?
            .iter()
            .any(|r| r.person == reviewer)
        {
            return Err(WebError::BadRequest(
                "reviewer: not a reviewer of this association".to_string(),
            ));
        }
        (reviewer, ConflictSource::Coordinator)
    } else if reviewers.contains(&user.person.id) {
        (user.person.id, ConflictSource::Reviewer)
    } else {
        return Err(WebError::NotFound);
    };
    store
        .add_conflict(&NewConflict {
            applicant: application.person,
            reviewer,
            source,
            reason: reason.clone(),
            by: user.person.id,
            association: application.association,
            at: now,
        })
        .await?;
    // A conflicted reviewer leaves the application, unless their review is already in.
    let reviewed = store
        .reviews(application.id, application.review_round)
        .await?
        .iter()
        .any(|r| r.reviewer == reviewer);
    if reviewers.contains(&reviewer) && !reviewed {
        store
            .unassign_reviewer(
                application.id,
                reviewer,
                &NewAudit {
                    at: now,
                    actor: Some(user.person.id),
                    association: Some(application.association),
                    subject: format!("application:{}", application.id),
                    action: "unassign-reviewer".to_string(),
                    reason: format!("person:{reviewer}"),
                },
            )
            .await?;
    }
    if source == ConflictSource::Reviewer {
        if let Some(coordinator) = super::coordinator_of(store, application.association).await? {
            store
                .enqueue_mail(&NewMail {
                    recipient: coordinator.email,
                    subject: "A reviewer declared a conflict of interest".to_string(),
                    body: format!(
                        "{} declared a conflict with application {} and no longer reviews it.\nReason: {reason}\n\nAssign someone else: {}/applications/{}/review\n",
                        user.person.name,
                        application.id,
                        state.config().base_url,
                        application.id
                    ),
                    created_at: now,
                })
                .await?;
        }
        return Ok(Redirect::to("/dashboard"));
    }
    Ok(Redirect::to(&format!(
        "/applications/{}/review",
        application.id
    )))
}

#[derive(Debug, Deserialize)]
pub struct RulesForm {
    rules_date: String,
    #[serde(default)]
    reason: String,
}

/// Keeps an application on the edition of the rules it was begun under (e.g. a Category III
/// registered before 2025 still sits the exam).
pub async fn set_rules(
    State(state): State<AppState>,
    Path(id): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<RulesForm>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let (application, _) = visible_application(store, &user.viewer, &id).await?;
    if !coordinates(&user, &application) {
        return Err(WebError::NotFound);
    }
    let date = optional_date(&form.rules_date, "rules_date")?.ok_or_else(|| {
        WebError::BadRequest("rules_date: give the date whose rules apply".to_string())
    })?;
    if date > today() {
        return Err(WebError::BadRequest(
            "rules_date: the rules cannot come from the future".to_string(),
        ));
    }
    let association = store.association(application.association).await?;
    state
        .catalog()
        .profile(&association.slug, date)
        .map_err(|e| WebError::BadRequest(format!("rules_date: {e}")))?;
    store
        .set_rules_date(
            application.id,
            date,
            &NewAudit {
                at: Utc::now(),
                actor: Some(user.person.id),
                association: Some(application.association),
                subject: format!("application:{}", application.id),
                action: "set-rules-edition".to_string(),
                reason: format!("rules as of {date}. {}", form.reason.trim()),
            },
        )
        .await?;
    Ok(Redirect::to(&format!(
        "/applications/{}/review",
        application.id
    )))
}

#[derive(Debug, Deserialize)]
pub struct ApplicantConflictForm {
    #[serde(default)]
    person: String,
    #[serde(default)]
    reason: String,
}

/// The applicant names someone who should not review the portfolio, before review starts.
/// The declaration is kept as typed for the coordinator to decide (until then it keeps anyone
/// it names off the application), and the answer is the same whether or not that person
/// reviews for the association, so it reveals no reviewer.
pub async fn applicant_conflict(
    State(state): State<AppState>,
    Path(id): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<ApplicantConflictForm>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let (application, _) = visible_application(store, &user.viewer, &id).await?;
    if application.person != user.person.id {
        return Err(WebError::NotFound);
    }
    if !super::conflicts_open(application.state) {
        return Err(WebError::BadRequest(CONFLICTS_CLOSED.to_string()));
    }
    let typed = form.person.trim();
    if typed.is_empty() || typed.len() > 200 {
        return Err(WebError::BadRequest(
            "person: give the person's name or email".to_string(),
        ));
    }
    let reason = form.reason.trim();
    if reason.is_empty() || reason.len() > 2000 {
        return Err(WebError::BadRequest(
            "reason: say briefly how you know them (under 2000 characters)".to_string(),
        ));
    }
    let already = store
        .declared_conflicts(application.id)
        .await?
        .iter()
        .any(|d| {
            d.decision != lattice_store::ConflictDecision::Withdrawn
                && same_person(typed, &d.named, "")
        });
    if !already {
        store
            .declare_applicant_conflict(
                application.id,
                typed,
                reason,
                &NewAudit {
                    at: Utc::now(),
                    actor: Some(user.person.id),
                    association: Some(application.association),
                    subject: format!("application:{}", application.id),
                    action: "declare-conflict".to_string(),
                    reason: format!("{typed}: {reason}"),
                },
            )
            .await?;
    }
    Ok(Redirect::to(&format!(
        "/applications/{}#conflicts",
        application.id
    )))
}

/// Why an applicant can no longer change their conflicts, and what to do instead.
pub const CONFLICTS_CLOSED: &str = "person: review has started, so conflicts can no longer be added or removed here; send your coordinator a message from any portfolio section instead";

/// The applicant withdraws a conflict they declared, before review starts.
pub async fn remove_applicant_conflict(
    State(state): State<AppState>,
    Path((id, conflict)): Path<(String, String)>,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<crate::forms::Posted>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let (application, _) = visible_application(store, &user.viewer, &id).await?;
    if application.person != user.person.id {
        return Err(WebError::NotFound);
    }
    let conflict: i64 = super::path_id(&conflict)?;
    let declared = store
        .declared_conflicts(application.id)
        .await?
        .into_iter()
        .find(|d| d.id == conflict)
        .ok_or(WebError::NotFound)?;
    if !super::conflicts_open(application.state) {
        return Err(WebError::BadRequest(CONFLICTS_CLOSED.to_string()));
    }
    store
        .decide_applicant_conflict(
            declared.id,
            &[
                lattice_store::ConflictDecision::Pending,
                lattice_store::ConflictDecision::Accepted,
                lattice_store::ConflictDecision::Overridden,
            ],
            lattice_store::ConflictDecision::Withdrawn,
            user.person.id,
            "",
            &NewAudit {
                at: Utc::now(),
                actor: Some(user.person.id),
                association: Some(application.association),
                subject: format!("application:{}", application.id),
                action: "withdraw-conflict".to_string(),
                reason: declared.named.clone(),
            },
        )
        .await
        .map_err(|e| match e {
            StoreError::NotFound => WebError::NotFound,
            other => other.into(),
        })?;
    Ok(Redirect::to(&format!(
        "/applications/{}#conflicts",
        application.id
    )))
}
