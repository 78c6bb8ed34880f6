//! Automatic reviewer assignment for an association: a dry run, then the same plan applied in
//! one transaction.

use axum::extract::{Path, State};
use axum::response::Html;
use chrono::{NaiveDate, Utc};
use lattice_domain::application::State as Stage;
use lattice_domain::review::{Need, Plan, REVIEWERS_PER_APPLICATION, plan};
use lattice_domain::rights::{Action, Object};
use lattice_store::{ApplicationRow, ReviewerRow};
use serde::Deserialize;

use super::review::{applicant_ties, candidate, notify_reviewer};
use super::{association_id, authorize, page};
use crate::auth::{CsrfForm, CurrentUser};
use crate::error::WebError;
use crate::state::AppState;
use crate::views::{AssignPage, Layout, PlanLine};

struct Planned {
    plan: Plan,
    waiting: Vec<ApplicationRow>,
    reviewers: Vec<ReviewerRow>,
}

/// The plan for every application under review that lacks reviewers.
async fn make_plan(
    state: &AppState,
    association: lattice_domain::ids::AssociationId,
) -> Result<Planned, WebError> {
    let store = state.store();
    let reviewers = store.reviewers_of(association).await?;
    let candidates: Vec<_> = reviewers.iter().map(candidate).collect();
    let mut needs = Vec::new();
    let mut waiting = Vec::new();
    for application in store.applications_of_association(association).await? {
        if application.state != Stage::UnderReview {
            continue;
        }
        let assigned = store.reviewers(application.id).await?;
        if assigned.len() >= REVIEWERS_PER_APPLICATION {
            continue;
        }
        let Ok(category) = application
            .category
            .parse::<lattice_domain::category::Category>()
        else {
            continue;
        };
        needs.push(Need {
            application: application.id,
            track: category.track,
            ties: applicant_ties(state, &application).await?,
            assigned,
        });
        waiting.push(application);
    }
    Ok(Planned {
        plan: plan(&needs, &candidates),
        waiting,
        reviewers,
    })
}

async fn lines(state: &AppState, planned: &Planned) -> Result<Vec<PlanLine>, WebError> {
    let name = |id| {
        planned
            .reviewers
            .iter()
            .find(|r| r.person == id)
            .map(|r| r.name.clone())
            .unwrap_or_default()
    };
    let mut lines = Vec::new();
    for application in &planned.waiting {
        let applicant = state.store().person(application.person).await?;
        lines.push(PlanLine {
            application: application.id.0,
            applicant: applicant.name,
            category: application.category.clone(),
            reviewers: planned
                .plan
                .assignments
                .iter()
                .filter(|(a, _)| *a == application.id)
                .map(|(_, r)| name(*r))
                .collect(),
            skipped: planned
                .plan
                .skipped
                .iter()
                .filter(|(a, _, _)| *a == application.id)
                .map(|(_, r, why)| {
                    let reasons: Vec<&str> = why.iter().map(|c| c.describe()).collect();
                    format!("{} ({})", name(*r), reasons.join(", "))
                })
                .collect(),
            unfilled: planned
                .plan
                .unfilled
                .iter()
                .find(|(a, _)| *a == application.id)
                .map(|(_, why)| why.clone()),
        });
    }
    Ok(lines)
}

pub async fn dry_run(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    let store = state.store();
    let association = association_id(store, &slug).await?;
    authorize(&user.viewer, Action::Manage, Object::StaffArea(association))?;
    let planned = make_plan(&state, association).await?;
    let row = store.association(association).await?;
    page(&AssignPage {
        layout: Layout::new("Assign reviewers", Some(&user)),
        slug,
        name: row.name,
        lines: lines(&state, &planned).await?,
        assignments: planned.plan.assignments.len(),
        applied: false,
    })
}

#[derive(Debug, Deserialize)]
pub struct ApplyForm {
    #[serde(default)]
    due_on: String,
}

/// Applies the plan as it stands now (recomputed, so nothing stale is saved), all or nothing.
pub async fn apply(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<ApplyForm>,
) -> Result<Html<String>, WebError> {
    let store = state.store();
    let association = association_id(store, &slug).await?;
    authorize(&user.viewer, Action::Manage, Object::StaffArea(association))?;
    let due = match form.due_on.trim() {
        "" => None,
        text => Some(NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            WebError::BadRequest(format!("due_on: {text:?} is not a date (YYYY-MM-DD)"))
        })?),
    };
    let planned = make_plan(&state, association).await?;
    store
        .assign_reviewers(&planned.plan.assignments, due, user.person.id, Utc::now())
        .await?;
    for (application, reviewer) in &planned.plan.assignments {
        let Some(row) = planned.waiting.iter().find(|a| a.id == *application) else {
            continue;
        };
        if let Some(person) = planned.reviewers.iter().find(|r| r.person == *reviewer) {
            notify_reviewer(&state, row, person, due).await?;
        }
    }
    let name = store.association(association).await?.name;
    page(&AssignPage {
        layout: Layout::new("Reviewers assigned", Some(&user)),
        slug,
        name,
        lines: lines(&state, &planned).await?,
        assignments: planned.plan.assignments.len(),
        applied: true,
    })
}
