//! Moving an endorsement between associations: an endorsee who moves states asks the
//! association of their new state to take the endorsement over, and that association's
//! coordinator accepts or declines. An accepted endorsement keeps its credential number and
//! its audit history; only the association holding it changes.

use axum::extract::{Path, State};
use axum::response::Redirect;
use chrono::Utc;
use lattice_domain::endorsement::Status;
use lattice_domain::ids::AssociationId;
use lattice_domain::rights::{Action, Object};
use lattice_store::{AssociationRow, NewMail, SharedStore, StoreError, TransferRow};
use serde::Deserialize;

use super::{association_id, authorize, by_number, coordinator_of, path_id};
use crate::auth::{CsrfForm, CurrentUser};
use crate::error::WebError;
use crate::forms::Posted;
use crate::state::AppState;
use crate::views::{ChoiceView, TransferView};

/// Long enough for a real explanation, short enough to read in the coordinator's list.
pub const MAX_REASON: usize = 2000;

#[derive(Debug, Deserialize)]
pub struct TransferForm {
    #[serde(default)]
    association: String,
    #[serde(default)]
    reason: String,
}

/// A transfer request as the form gives it, checked: errors name the field.
struct TransferRequest {
    slug: String,
    reason: String,
}

impl TryFrom<TransferForm> for TransferRequest {
    type Error = WebError;

    fn try_from(form: TransferForm) -> Result<Self, WebError> {
        let slug = form.association.trim().to_string();
        if slug.is_empty() {
            return Err(WebError::BadRequest(
                "association: choose the association of the state you are moving to".to_string(),
            ));
        }
        let reason = form.reason.trim().to_string();
        if reason.is_empty() {
            return Err(WebError::BadRequest(
                "reason: say why the endorsement should move (required)".to_string(),
            ));
        }
        if reason.chars().count() > MAX_REASON {
            return Err(WebError::BadRequest(format!(
                "reason: at most {MAX_REASON} characters"
            )));
        }
        Ok(TransferRequest { slug, reason })
    }
}

/// The endorsee asks to move one of their endorsements to another association.
pub async fn request(
    State(state): State<AppState>,
    Path(number): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<TransferForm>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let endorsement = by_number(&state, &number).await?;
    // Someone else's endorsement looks exactly like a missing one.
    if endorsement.person != user.person.id {
        return Err(WebError::NotFound);
    }
    // A lapsed or revoked endorsement has nothing to carry over; it is renewed or reinstated
    // where it was granted first.
    if endorsement.status != Status::Active {
        return Err(WebError::BadRequest(format!(
            "association: only an active endorsement can move to another association; this one is {}",
            endorsement.status.label().to_lowercase()
        )));
    }
    let wanted = TransferRequest::try_from(form)?;
    let target = store
        .association_by_slug(&wanted.slug)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => {
                WebError::BadRequest(format!("association: no association {:?}", wanted.slug))
            }
            other => other.into(),
        })?;
    // The store refuses a move to the same association and a second open request; both are
    // the person's input to correct, not a server conflict.
    store
        .request_transfer(
            endorsement.id,
            target.id,
            user.person.id,
            &wanted.reason,
            Utc::now(),
        )
        .await
        .map_err(|e| match e {
            StoreError::Conflict(message) => WebError::BadRequest(message),
            other => other.into(),
        })?;
    // Without a coordinator there is nobody to mail; the request still waits on the staff page.
    if let Some(coordinator) = coordinator_of(store, target.id).await? {
        store
            .enqueue_mail(&NewMail {
                recipient: coordinator.email,
                subject: format!(
                    "{}: {} asks to transfer an endorsement to you",
                    target.name, user.person.name
                ),
                body: format!(
                    "{} ({}) holds the {} endorsement {} from the {} and asks to move it to the {}.\n\n\
                     Their reason:\n{}\n\nAccept or decline it in your staff area:\n{}/staff/{}#transfers\n",
                    user.person.name,
                    user.person.email,
                    endorsement.category,
                    endorsement.credential_number,
                    endorsement.association_name,
                    target.name,
                    wanted.reason,
                    state.config().base_url,
                    target.slug
                ),
                created_at: Utc::now(),
            })
            .await?;
    }
    Ok(Redirect::to("/dashboard#endorsements"))
}

pub async fn accept(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<Posted>,
) -> Result<Redirect, WebError> {
    decide(&state, &user, &slug, &id, true).await
}

pub async fn decline(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<Posted>,
) -> Result<Redirect, WebError> {
    decide(&state, &user, &slug, &id, false).await
}

/// Only the receiving association decides: the one giving the endorsement up has no say in
/// where its endorsee now lives.
async fn decide(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    id: &str,
    accept: bool,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let association = association_id(store, slug).await?;
    authorize(&user.viewer, Action::Manage, Object::StaffArea(association))?;
    let transfer_id: i64 = path_id(id)?;
    // Looked up among the transfers to this association, so a transfer to another one is
    // simply not found here.
    let transfer = store
        .transfers_to(association)
        .await?
        .into_iter()
        .find(|t| t.id == transfer_id)
        .ok_or(WebError::NotFound)?;
    if transfer.status != "requested" {
        return Err(WebError::BadRequest(format!(
            "transfer: already {}",
            transfer.status
        )));
    }
    store
        .decide_transfer(transfer.id, accept, user.person.id, Utc::now())
        .await?;
    state.registry().invalidate().await;
    let endorsement = store.endorsement(transfer.endorsement).await?;
    let endorsee = store.person(endorsement.person).await?;
    let receiving = store.association(association).await?;
    let from = store.association(transfer.from_association).await?;
    let body = if accept {
        format!(
            "Hello {},\n\nThe {} accepted your endorsement {} ({}). It is now held by the {}; \
             its credential number and history stay as they were.\n\nVerification page: {}/verify/{}\n",
            endorsee.name,
            receiving.name,
            endorsement.credential_number,
            endorsement.category,
            receiving.name,
            state.config().base_url,
            endorsement.credential_number
        )
    } else {
        format!(
            "Hello {},\n\nThe {} declined to take over your endorsement {} ({}). It stays with the {}.\n\
             Contact the {} if you have questions.\n",
            endorsee.name,
            receiving.name,
            endorsement.credential_number,
            endorsement.category,
            from.name,
            receiving.name
        )
    };
    store
        .enqueue_mail(&NewMail {
            recipient: endorsee.email,
            subject: format!(
                "Your endorsement transfer to the {} was {}",
                receiving.name,
                if accept { "accepted" } else { "declined" }
            ),
            body,
            created_at: Utc::now(),
        })
        .await?;
    Ok(Redirect::to(&format!("/staff/{slug}#transfers")))
}

fn status_label(status: &str) -> &'static str {
    match status {
        "requested" => "Waiting",
        "accepted" => "Accepted",
        "declined" => "Declined",
        _ => "Unknown",
    }
}

fn association_name(associations: &[AssociationRow], id: AssociationId) -> String {
    associations
        .iter()
        .find(|a| a.id == id)
        .map(|a| a.name.clone())
        .unwrap_or_default()
}

/// The transfers to an association for its staff page, oldest first.
pub async fn for_staff(
    store: &SharedStore,
    association: AssociationId,
    associations: &[AssociationRow],
) -> Result<Vec<TransferView>, WebError> {
    let mut views = Vec::new();
    for transfer in store.transfers_to(association).await? {
        let endorsement = store.endorsement(transfer.endorsement).await?;
        views.push(TransferView {
            id: transfer.id,
            endorsee: endorsement.display_name,
            mark: endorsement.name_line,
            category: endorsement.category,
            number: endorsement.credential_number,
            from: association_name(associations, transfer.from_association),
            reason: transfer.reason,
            requested: transfer.created_at.format("%Y-%m-%d").to_string(),
            open: transfer.status == "requested",
            status: status_label(&transfer.status),
        });
    }
    Ok(views)
}

/// One line per transfer request of an endorsement, for its endorsee.
pub fn describe(associations: &[AssociationRow], transfers: &[TransferRow]) -> Vec<String> {
    transfers
        .iter()
        .map(|t| {
            format!(
                "To the {}, asked {}: {}",
                association_name(associations, t.to_association),
                t.created_at.format("%Y-%m-%d"),
                status_label(&t.status).to_lowercase()
            )
        })
        .collect()
}

/// The associations an endorsement could move to, for the dashboard's form.
pub fn destinations(associations: &[AssociationRow]) -> Vec<ChoiceView> {
    associations
        .iter()
        .map(|a| ChoiceView {
            key: a.slug.clone(),
            label: a.name.clone(),
        })
        .collect()
}
