//! The JSON API beside the pages. Same rights, same store calls; errors come back as
//! `{"error", "request_id"}` from the error middleware.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use lattice_domain::rights::{Action, Object, may};
use serde_json::{Value, json};

use super::{association_id, authorize, visible_application};
use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::state::AppState;

/// The OpenAPI document of the JSON and machine endpoints, as written in the repository:
/// embedded so the served contract is the file the tests and `scripts/api-contract` check.
pub const OPENAPI: &str = include_str!("../../openapi.json");

/// `GET /api/openapi.json`.
pub async fn openapi() -> Response {
    let mut response = OPENAPI.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

pub async fn me(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Value>, WebError> {
    let mut staff = Vec::new();
    for (association, role) in &user.viewer.staff {
        let row = state.store().association(*association).await?;
        staff.push(json!({"association": row.slug, "role": role.key()}));
    }
    Ok(Json(json!({
        "id": user.person.id,
        "name": user.person.name,
        "email": user.person.email,
        "admin": user.person.admin,
        "staff": staff,
    })))
}

pub async fn application(
    State(state): State<AppState>,
    Path(id): Path<String>,
    user: CurrentUser,
) -> Result<Json<Value>, WebError> {
    let store = state.store();
    let (application, reviewers) = visible_application(store, &user.viewer, &id).await?;
    let association = store.association(application.association).await?;
    let applicant = store.person(application.person).await?;
    let rows = store
        .audit_of_subject(&format!("application:{}", application.id))
        .await?;
    // The applicant sees no reviewer: no ids, no staff actors (see `for_the_applicant`).
    let as_applicant = super::reads_as_applicant(&user, &application);
    let rows = if as_applicant {
        super::for_the_applicant(rows, user.person.id)
    } else {
        rows
    };
    let audit: Vec<Value> = rows
        .into_iter()
        .map(|a| json!({"at": a.at.to_rfc3339(), "actor": a.actor, "action": a.action, "reason": lattice_domain::exam::hide_blind_codes(&a.reason)}))
        .collect();
    let reviewers = if as_applicant { Vec::new() } else { reviewers };
    Ok(Json(json!({
        "id": application.id,
        "association": association.slug,
        "category": application.category,
        "state": application.state,
        "applicant": {"id": applicant.id, "name": applicant.name, "email": applicant.email},
        "intended_submission": application.intended_submission,
        "updated_at": application.updated_at.to_rfc3339(),
        "reviewers": reviewers,
        "audit": audit,
    })))
}

pub async fn association_applications(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
) -> Result<Json<Value>, WebError> {
    let store = state.store();
    let association = association_id(store, &slug).await?;
    authorize(&user.viewer, Action::View, Object::StaffArea(association))?;
    let mut list = Vec::new();
    for application in store.applications_of_association(association).await? {
        let reviewers = store.reviewers(application.id).await?;
        let object = Object::Application {
            owner: application.person,
            association,
            reviewers: &reviewers,
        };
        if may(&user.viewer, Action::View, object) {
            list.push(json!({
                "id": application.id,
                "category": application.category,
                "state": application.state,
                "person": application.person,
                "updated_at": application.updated_at.to_rfc3339(),
            }));
        }
    }
    Ok(Json(json!({"association": slug, "applications": list})))
}
