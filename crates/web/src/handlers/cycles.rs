//! Review cycles: an association reviews in rounds (quarterly at MI-AIMH), each with a
//! submission deadline and a date reviews are due.

use axum::extract::{Path, State};
use axum::response::Redirect;
use chrono::Utc;
use lattice_domain::rights::{Action, Object};
use lattice_store::{NewAudit, StoreError};
use serde::Deserialize;

use super::{association_id, authorize, coordinates, required_date, visible_application};
use crate::auth::{CsrfForm, CurrentUser};
use crate::error::WebError;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct CycleForm {
    name: String,
    submission_deadline: String,
    review_due: String,
}

pub async fn create(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<CycleForm>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let association = association_id(store, &slug).await?;
    authorize(&user.viewer, Action::Manage, Object::StaffArea(association))?;
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(WebError::BadRequest(
            "name: name the cycle (at most 100 characters), e.g. \"Spring 2027\"".to_string(),
        ));
    }
    let deadline = required_date(&form.submission_deadline, "submission_deadline")?;
    let due = required_date(&form.review_due, "review_due")?;
    if due <= deadline {
        return Err(WebError::BadRequest(
            "review_due: reviews fall due after the submission deadline".to_string(),
        ));
    }
    store
        .create_cycle(association, name, deadline, due, Utc::now())
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => {
                WebError::BadRequest(format!("name: there is already a cycle called {name:?}"))
            }
            other => other.into(),
        })?;
    Ok(Redirect::to(&format!("/staff/{slug}#cycles")))
}

#[derive(Debug, Deserialize)]
pub struct PlaceForm {
    #[serde(default)]
    cycle: String,
}

/// Puts an application in one of its association's cycles, or takes it out.
pub async fn place(
    State(state): State<AppState>,
    Path(id): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<PlaceForm>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let (application, _) = visible_application(store, &user.viewer, &id).await?;
    if !coordinates(&user, &application) {
        return Err(WebError::NotFound);
    }
    let cycle = match form.cycle.trim() {
        "" => None,
        text => Some(
            text.parse::<i64>()
                .map_err(|_| WebError::BadRequest("cycle: choose a cycle".to_string()))?,
        ),
    };
    let label = match cycle {
        Some(id) => store
            .cycles(application.association)
            .await?
            .into_iter()
            .find(|c| c.id == id)
            .map(|c| c.name)
            .ok_or_else(|| {
                WebError::BadRequest("cycle: not a cycle of this association".to_string())
            })?,
        None => "no cycle".to_string(),
    };
    store
        .set_cycle(
            application.id,
            cycle,
            &NewAudit {
                at: Utc::now(),
                actor: Some(user.person.id),
                association: Some(application.association),
                subject: format!("application:{}", application.id),
                action: "set-cycle".to_string(),
                reason: label,
            },
        )
        .await?;
    Ok(Redirect::to(&format!(
        "/applications/{}/review",
        application.id
    )))
}

#[derive(Debug, Deserialize)]
pub struct ReviewerProfileForm {
    #[serde(default)]
    employer: String,
    #[serde(default)]
    endorsed: String,
}

/// A coordinator records where a reviewer works and the categories they hold: what
/// qualification and conflict checks read.
pub async fn reviewer_profile(
    State(state): State<AppState>,
    Path((slug, person)): Path<(String, String)>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<ReviewerProfileForm>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let association = association_id(store, &slug).await?;
    authorize(&user.viewer, Action::Manage, Object::StaffArea(association))?;
    let person: lattice_domain::ids::PersonId = super::path_id(&person)?;
    if !store
        .reviewers_of(association)
        .await?
        .iter()
        .any(|r| r.person == person)
    {
        return Err(WebError::NotFound);
    }
    let employer = form.employer.trim();
    if employer.chars().count() > 200 {
        return Err(WebError::BadRequest(
            "employer: at most 200 characters".to_string(),
        ));
    }
    let mut endorsed = Vec::new();
    for key in form
        .endorsed
        .split([',', ' '])
        .map(str::trim)
        .filter(|k| !k.is_empty())
    {
        let track: lattice_domain::category::Track = key
            .parse()
            .map_err(|e: String| WebError::BadRequest(format!("endorsed: {e}")))?;
        if !endorsed.contains(&track.key().to_string()) {
            endorsed.push(track.key().to_string());
        }
    }
    store
        .set_reviewer_profile(person, employer, &endorsed, Utc::now())
        .await?;
    store
        .record_audit(&NewAudit {
            at: Utc::now(),
            actor: Some(user.person.id),
            association: Some(association),
            subject: format!("person:{person}"),
            action: "set-reviewer-profile".to_string(),
            reason: format!("endorsed {}; employer {employer}", endorsed.join(", ")),
        })
        .await?;
    Ok(Redirect::to(&format!("/staff/{slug}#reviewers")))
}
