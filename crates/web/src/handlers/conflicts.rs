//! No silent stall: when an application under review has fewer eligible reviewers than it
//! needs, its coordinator sees everyone who was passed over and why (conflict, not endorsed
//! high enough, suspended, not yet accepted, the applicant), and what to do next: invite a
//! reviewer, decide a conflict the applicant declared, or ask a reviewer endorsed at another
//! association who agreed to be asked. Applicants' declared conflicts are decided here too.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, Redirect};
use chrono::Utc;
use lattice_domain::application::State as Stage;
use lattice_domain::category::{Category, Track};
use lattice_domain::ids::ApplicationId;
use lattice_domain::review::{Conflict, REVIEWERS_PER_APPLICATION, conflicts, qualified};
use lattice_domain::rights::StaffRole;
use lattice_store::{
    ApplicationRow, ConflictDecision, ConflictSource, NewAudit, ReviewerRow, StaffStatus,
    StoreError,
};
use serde::Deserialize;

use super::{coordinates, page, path_id, visible_application};
use crate::auth::{CsrfForm, CurrentUser};
use crate::error::WebError;
use crate::state::AppState;
use crate::views::Layout;

/// One reviewer and what stands between them and this application.
#[derive(Debug, Clone)]
pub struct ReviewerVerdict {
    pub id: i64,
    pub name: String,
    pub email: String,
    /// "assigned", "eligible" or "excluded".
    pub verdict: &'static str,
    pub reasons: Vec<String>,
}

/// A conflict the applicant declared, with the reviewers it names.
#[derive(Debug, Clone)]
pub struct DeclaredView {
    pub id: i64,
    pub named: String,
    pub reason: String,
    pub decision: &'static str,
    pub decision_reason: String,
    pub matches: Vec<String>,
    pub can_accept: bool,
    pub can_override: bool,
}

/// A reviewer of another association who agreed to be asked.
#[derive(Debug, Clone)]
pub struct OutsideView {
    pub name: String,
    pub email: String,
    pub association: String,
    pub endorsed: String,
    pub employer: String,
    pub endorsed_keys: Vec<String>,
    pub problem: Option<String>,
}

#[derive(Template)]
#[template(path = "assignment_why.html")]
pub struct WhyPage {
    pub layout: Layout,
    pub id: i64,
    pub slug: String,
    pub association: String,
    pub applicant: String,
    pub category: String,
    pub needs: String,
    pub under_review: bool,
    pub assigned: usize,
    pub eligible: usize,
    pub short: usize,
    pub reviewers: Vec<ReviewerVerdict>,
    pub declared: Vec<DeclaredView>,
    pub outside_on: bool,
    pub outside: Vec<OutsideView>,
}

fn track_of(application: &ApplicationRow) -> Result<Track, WebError> {
    application
        .category
        .parse::<Category>()
        .map(|c| c.track)
        .map_err(|e| WebError::Internal(format!("stored category: {e}")))
}

/// What a reviewer needs for this track, in words.
fn needed(track: Track) -> String {
    match track {
        Track::IvClinical | Track::IvPolicy | Track::IvResearch => {
            format!("endorsed at {}", track.key())
        }
        _ => format!("endorsed at {} or higher", track.key()),
    }
}

fn decision_words(decision: ConflictDecision) -> &'static str {
    match decision {
        ConflictDecision::Pending => "waiting for your decision (kept off meanwhile)",
        ConflictDecision::Accepted => "accepted",
        ConflictDecision::Overridden => "overridden",
        ConflictDecision::Withdrawn => "withdrawn by the applicant",
    }
}

/// `GET /applications/{id}/reviewers/why`: coordinators of the application's association
/// (or the admin) only.
pub async fn why_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    let store = state.store();
    let (application, assigned) = visible_application(store, &user.viewer, &id).await?;
    if !coordinates(&user, &application) {
        return Err(WebError::NotFound);
    }
    let association = store.association(application.association).await?;
    let applicant = store.person(application.person).await?;
    let track = track_of(&application)?;
    let ties = applicant_ties(&state, &application).await?;
    let declared_rows = store.declared_conflicts(application.id).await?;
    let accounts = store.staff_accounts(application.association).await?;
    let open_reviews = store.reviewers_of(application.association).await?;
    let mut reviewers = Vec::new();
    for account in accounts.iter().filter(|a| a.role == StaffRole::Reviewer) {
        let row = open_reviews
            .iter()
            .find(|r| r.person == account.person)
            .cloned()
            .unwrap_or_else(|| ReviewerRow {
                person: account.person,
                name: account.name.clone(),
                email: account.email.clone(),
                employer: account.employer.clone(),
                endorsed: account.endorsed.clone(),
                open_reviews: 0,
            });
        let candidate = candidate(&row);
        let mut reasons = Vec::new();
        match account.status {
            StaffStatus::Active => {}
            StaffStatus::Invited => {
                reasons.push("invited, has not accepted the invitation yet".to_string());
            }
            StaffStatus::Suspended => reasons.push("suspended".to_string()),
            StaffStatus::Removed => reasons.push("removed".to_string()),
        }
        if !qualified(&candidate.endorsed, track) {
            reasons.push(if account.endorsed.is_empty() {
                format!("no endorsement recorded; needs to be {}", needed(track))
            } else {
                format!(
                    "endorsed {}; needs to be {}",
                    account.endorsed.join(", "),
                    needed(track)
                )
            });
        }
        for conflict in conflicts(&candidate, &ties) {
            reasons.push(format!("conflict of interest: {}", conflict.describe()));
        }
        let verdict = if assigned.contains(&account.person) {
            "assigned"
        } else if reasons.is_empty() {
            "eligible"
        } else {
            "excluded"
        };
        reviewers.push(ReviewerVerdict {
            id: account.person.0,
            name: account.name.clone(),
            email: account.email.clone(),
            verdict,
            reasons,
        });
    }
    let eligible = reviewers.iter().filter(|r| r.verdict == "eligible").count();
    let short = REVIEWERS_PER_APPLICATION.saturating_sub(assigned.len() + eligible);
    let declared = declared_rows
        .iter()
        .map(|d| DeclaredView {
            id: d.id,
            named: d.named.clone(),
            reason: d.reason.clone(),
            decision: decision_words(d.decision),
            decision_reason: d.decision_reason.clone(),
            matches: accounts
                .iter()
                .filter(|a| {
                    a.role == StaffRole::Reviewer && same_person(&d.named, &a.name, &a.email)
                })
                .map(|a| a.name.clone())
                .collect(),
            can_accept: matches!(
                d.decision,
                ConflictDecision::Pending | ConflictDecision::Overridden
            ),
            can_override: matches!(
                d.decision,
                ConflictDecision::Pending | ConflictDecision::Accepted
            ),
        })
        .collect();
    let outside_on = store.outside_reviewers(application.association).await?;
    let mut outside = Vec::new();
    if outside_on {
        let active_here: Vec<_> = accounts.iter().map(|a| a.person).collect();
        let mut seen = Vec::new();
        for row in store.consenting_reviewers(application.association).await? {
            if active_here.contains(&row.person) || seen.contains(&row.person) {
                continue;
            }
            seen.push(row.person);
            let as_reviewer = ReviewerRow {
                person: row.person,
                name: row.name.clone(),
                email: row.email.clone(),
                employer: row.employer.clone(),
                endorsed: row.endorsed.clone(),
                open_reviews: 0,
            };
            let candidate = candidate(&as_reviewer);
            let mut problems = Vec::new();
            if !qualified(&candidate.endorsed, track) {
                problems.push(format!("needs to be {}", needed(track)));
            }
            problems.extend(
                conflicts(&candidate, &ties)
                    .iter()
                    .map(|c| c.describe().to_string()),
            );
            if declared_rows.iter().any(|d| {
                matches!(
                    d.decision,
                    ConflictDecision::Pending | ConflictDecision::Accepted
                ) && same_person(&d.named, &row.name, &row.email)
            }) {
                problems.push(Conflict::DeclaredByApplicant.describe().to_string());
            }
            outside.push(OutsideView {
                name: row.name,
                email: row.email,
                association: row.association_name,
                endorsed: row.endorsed.join(", "),
                employer: row.employer,
                endorsed_keys: row.endorsed,
                problem: (!problems.is_empty()).then(|| problems.join("; ")),
            });
        }
    }
    page(&WhyPage {
        layout: Layout::new(
            format!("Who can review {}'s application", applicant.name),
            Some(&user),
        ),
        id: application.id.0,
        slug: association.slug,
        association: association.name,
        applicant: applicant.name,
        category: application.category.clone(),
        needs: needed(track),
        under_review: application.state == Stage::UnderReview,
        assigned: assigned.len(),
        eligible,
        short,
        reviewers,
        declared,
        outside_on,
        outside,
    })
}

#[derive(Debug, Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
}

/// `POST /applications/{id}/declared-conflicts/{conflict}`: the coordinator accepts a conflict
/// the applicant declared, or overrides it with a reason. Audited on the application.
pub async fn decide(
    State(state): State<AppState>,
    Path((id, conflict)): Path<(String, String)>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<DecideForm>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let (application, _) = visible_application(store, &user.viewer, &id).await?;
    if !coordinates(&user, &application) {
        return Err(WebError::NotFound);
    }
    let conflict: i64 = path_id(&conflict)?;
    let declared = store
        .declared_conflicts(application.id)
        .await?
        .into_iter()
        .find(|d| d.id == conflict)
        .ok_or(WebError::NotFound)?;
    let reason = form.reason.trim();
    let (to, from): (ConflictDecision, &[ConflictDecision]) = match form.decision.as_str() {
        "accept" => (
            ConflictDecision::Accepted,
            &[ConflictDecision::Pending, ConflictDecision::Overridden],
        ),
        "override" => (
            ConflictDecision::Overridden,
            &[ConflictDecision::Pending, ConflictDecision::Accepted],
        ),
        _ => {
            return Err(WebError::BadRequest(
                "decision: accept or override".to_string(),
            ));
        }
    };
    if to == ConflictDecision::Overridden && reason.is_empty() {
        return Err(WebError::BadRequest(
            "reason: say why this is not a conflict of interest".to_string(),
        ));
    }
    if reason.chars().count() > 2000 {
        return Err(WebError::BadRequest(
            "reason: at most 2000 characters".to_string(),
        ));
    }
    store
        .decide_applicant_conflict(
            declared.id,
            from,
            to,
            user.person.id,
            reason,
            &NewAudit {
                at: Utc::now(),
                actor: Some(user.person.id),
                association: Some(application.association),
                subject: format!("application:{}", application.id),
                action: format!("{}-declared-conflict", form.decision),
                reason: format!("\"{}\": {reason}", declared.named),
            },
        )
        .await
        .map_err(|e| match e {
            StoreError::NotFound => {
                WebError::BadRequest("decision: it was decided meanwhile; reload".to_string())
            }
            other => other.into(),
        })?;
    Ok(Redirect::to(&format!(
        "/applications/{}/reviewers/why#declared",
        application.id
    )))
}

/// For the application page: the applicant's declarations as typed, never matched to a
/// reviewer and without the decision: "overridden" would only ever be said of someone who
/// reviews, so even the decision would tell the applicant who might.
pub async fn applicant_view(
    state: &AppState,
    application: ApplicationId,
) -> Result<Vec<(i64, String, String)>, WebError> {
    Ok(state
        .store()
        .declared_conflicts(application)
        .await?
        .into_iter()
        .filter(|d| d.decision != ConflictDecision::Withdrawn)
        .map(|d| (d.id, d.named, d.reason))
        .collect())
}

/// Everything about the applicant that can make a reviewer conflicted.
pub async fn applicant_ties(
    state: &AppState,
    application: &ApplicationRow,
) -> Result<lattice_domain::review::ApplicantTies, WebError> {
    let store = state.store();
    let document = crate::portfolio::reviewed_document(state, application).await?;
    let mut ties = lattice_domain::review::ApplicantTies {
        applicant: application.person,
        ..lattice_domain::review::ApplicantTies::default()
    };
    if let Ok(portfolio) = lattice_domain::format::parse_portfolio(&document.to_string()) {
        ties.employers = portfolio.work.iter().map(|w| w.employer.clone()).collect();
        ties.rsc_providers = portfolio
            .rsc
            .iter()
            .map(|r| r.provider.name.clone())
            .collect();
        for reference in &portfolio.references {
            ties.raters.push(reference.name.clone());
            ties.raters.extend(reference.email.clone());
        }
    }
    for request in store.rater_requests_of(application.id).await? {
        ties.raters.push(request.rater_name);
        ties.raters.push(request.rater_email);
    }
    // Conflicts declared on this application as typed: pending ones keep the person off
    // until the coordinator decides, accepted ones for good; an overridden one does not.
    let declared: Vec<String> = store
        .declared_conflicts(application.id)
        .await?
        .into_iter()
        .filter(|d| {
            matches!(
                d.decision,
                lattice_store::ConflictDecision::Pending
                    | lattice_store::ConflictDecision::Accepted
            )
        })
        .map(|d| d.named)
        .collect();
    if !declared.is_empty() {
        for account in store.staff_accounts(application.association).await? {
            if declared
                .iter()
                .any(|named| same_person(named, &account.name, &account.email))
                && !ties.declared_by_applicant.contains(&account.person)
            {
                ties.declared_by_applicant.push(account.person);
            }
        }
    }
    for conflict in store.conflicts_of(application.person).await? {
        if conflict.applicant != application.person {
            continue;
        }
        match conflict.source {
            ConflictSource::Applicant => ties.declared_by_applicant.push(conflict.reviewer),
            ConflictSource::Reviewer => ties.declared_by_reviewer.push(conflict.reviewer),
            ConflictSource::Coordinator => ties.pinned.push(conflict.reviewer),
        }
    }
    Ok(ties)
}

/// A reviewer as the conflict rules read them.
pub fn candidate(row: &ReviewerRow) -> lattice_domain::review::Candidate {
    lattice_domain::review::Candidate {
        person: row.person,
        name: row.name.clone(),
        email: row.email.clone(),
        employer: Some(row.employer.clone()).filter(|e| !e.trim().is_empty()),
        endorsed: row.endorsed.iter().filter_map(|t| t.parse().ok()).collect(),
        load: usize::try_from(row.open_reviews).unwrap_or(0),
    }
}

/// Collapses case and spacing so "Dr.  Lee CHEN" finds "Dr. Lee Chen".
pub(crate) fn same_person(typed: &str, name: &str, email: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let typed = norm(typed);
    !typed.is_empty() && (typed == norm(name) || typed == norm(email))
}
