//! Automatic reviewer assignment for an association: a dry run, then the same plan applied in
//! one transaction.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::Utc;
use lattice_domain::application::State as Stage;
use lattice_domain::review::{Need, Plan, REVIEWERS_PER_APPLICATION, plan};
use lattice_domain::rights::{Action, Object};
use lattice_store::{ApplicationRow, ReviewerRow};
use serde::Deserialize;

use super::conflicts::{applicant_ties, candidate};
use super::review::notify_reviewer;
use super::{association_id, authorize, page};
use crate::auth::{CsrfForm, CsrfUpload, CurrentUser};
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
        imported: None,
        errors: Vec::new(),
    })
}

#[derive(Debug, Deserialize)]
pub struct ApplyForm {
    #[serde(default)]
    pub(crate) due_on: String,
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
    let due = super::optional_date(&form.due_on, "due_on")?;
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
        imported: None,
        errors: Vec::new(),
    })
}

/// One row of a bulk assignment file, as written: checked against the store later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentLine {
    /// The line in the file (the header is line 1).
    pub line: usize,
    pub application: lattice_domain::ids::ApplicationId,
    pub reviewer_email: String,
}

/// The rows of a bulk assignment file as written, with the problems of rows that cannot be
/// read; those rows are left out. A file without its header is one problem and no rows.
/// Pure (no store), so the fuzz target in `fuzz/` reads files without a server.
pub fn parse_assignment_csv(text: &str) -> Result<(Vec<AssignmentLine>, Vec<String>), Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| vec![format!("file: {e}")])?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(app_column), Some(email_column)) =
        (column("application_id"), column("reviewer_email"))
    else {
        return Err(vec![
            "file: the first line must name the columns application_id,reviewer_email".to_string(),
        ]);
    };
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    for (index, record) in reader.records().enumerate() {
        // Line 1 is the header.
        let line = index + 2;
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                errors.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let id_text = record.get(app_column).unwrap_or("");
        let email = record.get(email_column).unwrap_or("");
        let Ok(id) = id_text.parse::<lattice_domain::ids::ApplicationId>() else {
            errors.push(format!(
                "line {line}: application_id {id_text:?} is not a number"
            ));
            continue;
        };
        lines.push(AssignmentLine {
            line,
            application: id,
            reviewer_email: email.to_string(),
        });
    }
    Ok((lines, errors))
}

/// The rows of a bulk assignment file, or every problem found, each naming its line.
async fn read_assignment_csv(
    state: &AppState,
    association: lattice_domain::ids::AssociationId,
    text: &str,
) -> Result<Vec<(ApplicationRow, ReviewerRow)>, Vec<String>> {
    let store = state.store();
    let reviewers = store
        .reviewers_of(association)
        .await
        .map_err(|e| vec![format!("reviewers: {e}")])?;
    let (lines, mut errors) = parse_assignment_csv(text)?;
    let mut rows: Vec<(ApplicationRow, ReviewerRow)> = Vec::new();
    for AssignmentLine {
        line,
        application: id,
        reviewer_email,
    } in lines
    {
        let email = reviewer_email.as_str();
        let application = match store.application(id).await {
            Ok(a) if a.association == association => a,
            _ => {
                errors.push(format!(
                    "line {line}: there is no application {id} at this association"
                ));
                continue;
            }
        };
        if application.state != Stage::UnderReview {
            errors.push(format!("line {line}: application {id} is not under review"));
            continue;
        }
        let Some(reviewer) = reviewers
            .iter()
            .find(|r| r.email.eq_ignore_ascii_case(email))
        else {
            errors.push(format!(
                "line {line}: reviewer_email {email:?} is not a reviewer of this association"
            ));
            continue;
        };
        if rows
            .iter()
            .any(|(a, r)| a.id == application.id && r.person == reviewer.person)
        {
            errors.push(format!("line {line}: this pair appears twice"));
            continue;
        }
        rows.push((application, reviewer.clone()));
    }
    for (application, reviewer) in &rows {
        let assigned = match store.reviewers(application.id).await {
            Ok(assigned) => assigned,
            Err(e) => return Err(vec![format!("reviewers: {e}")]),
        };
        let label = format!("application {} and {}", application.id, reviewer.email);
        if assigned.contains(&reviewer.person) {
            errors.push(format!("{label}: already assigned"));
            continue;
        }
        let new_for_it = rows.iter().filter(|(a, _)| a.id == application.id).count();
        if assigned.len() + new_for_it > REVIEWERS_PER_APPLICATION {
            errors.push(format!(
                "{label}: an application has {REVIEWERS_PER_APPLICATION} reviewers, this would make {}",
                assigned.len() + new_for_it
            ));
            continue;
        }
        let ties = applicant_ties(state, application)
            .await
            .map_err(|e| vec![format!("application {}: {e}", application.id)])?;
        let track = application
            .category
            .parse::<lattice_domain::category::Category>()
            .map(|c| c.track)
            .map_err(|e| vec![e])?;
        if let Some(why) = super::review::refusal(&candidate(reviewer), track, &ties) {
            errors.push(format!("{label}: {why}"));
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        errors.sort();
        errors.dedup();
        Err(errors)
    }
}

/// Bulk assignment from a CSV file (`application_id,reviewer_email`): every row is checked
/// (association, state, reviewer, qualification, conflicts, two per application) and then all
/// are saved in one transaction, or none.
pub async fn import_csv(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    upload: CsrfUpload,
) -> Result<Response, WebError> {
    let store = state.store();
    let association = association_id(store, &slug).await?;
    authorize(&user.viewer, Action::Manage, Object::StaffArea(association))?;
    let text = super::portfolio::upload_text(&upload, "file")?;
    let due_text = upload
        .part("due_on")
        .map(|p| String::from_utf8_lossy(&p.bytes).into_owned())
        .unwrap_or_default();
    let due = super::optional_date(&due_text, "due_on")?;
    let name = store.association(association).await?.name;
    match read_assignment_csv(&state, association, &text).await {
        Ok(rows) => {
            let pairs: Vec<_> = rows.iter().map(|(a, r)| (a.id, r.person)).collect();
            store
                .assign_reviewers(&pairs, due, user.person.id, Utc::now())
                .await?;
            for (application, reviewer) in &rows {
                notify_reviewer(&state, application, reviewer, due).await?;
            }
            let planned = make_plan(&state, association).await?;
            Ok(page(&AssignPage {
                layout: Layout::new("Reviewers assigned", Some(&user)),
                slug,
                name,
                lines: lines(&state, &planned).await?,
                assignments: planned.plan.assignments.len(),
                applied: false,
                imported: Some(rows.len()),
                errors: Vec::new(),
            })?
            .into_response())
        }
        Err(errors) => {
            let planned = make_plan(&state, association).await?;
            let body = page(&AssignPage {
                layout: Layout::new("Assign reviewers", Some(&user)),
                slug,
                name,
                lines: lines(&state, &planned).await?,
                assignments: planned.plan.assignments.len(),
                applied: false,
                imported: None,
                errors,
            })?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
    }
}
