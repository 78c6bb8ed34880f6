//! The digital credentials over HTTP: the associations' public keys (JWKS, and each key at its
//! own URL), their status lists, and the download of an endorsement's signed credential. The
//! work is in `crate::credential`; these only find the association or endorsement and check
//! rights.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use lattice_domain::endorsement::valid_credential_number;
use lattice_domain::rights::{Action, Object};
use lattice_store::StoreError;

use super::{JSON_LD, authorize};
use crate::auth::CurrentUser;
use crate::credential::{self, JWK_MEDIA_TYPE, MEDIA_TYPE, PublishedKey, Purpose};
use crate::error::WebError;
use crate::state::AppState;

/// The media type of a W3C Verifiable Credential secured with an embedded proof (VC Data
/// Model 2.0, §6.3).
pub const VC_MEDIA_TYPE: &str = "application/vc";

/// Keys and status lists are public and change rarely; five minutes of caching (the lists'
/// `ttl`) bounds how long a revocation takes to reach a verifier that caches. Any origin may
/// read them: verifiers run in browsers on other sites.
pub(super) fn public(mut response: Response, content_type: &'static str) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

/// `GET /.well-known/jwks.json`: every association's public keys.
pub async fn jwks(State(state): State<AppState>) -> Result<Response, WebError> {
    let keys = credential::jwks(&state, None).await?;
    Ok(public(Json(keys).into_response(), "application/json"))
}

/// `GET /a/{slug}/jwks.json`: one association's public keys.
pub async fn association_jwks(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let association = state.store().association_by_slug(&slug).await?;
    let keys = credential::jwks(&state, Some(association.id)).await?;
    Ok(public(Json(keys).into_response(), "application/json"))
}

/// `GET /a/{slug}/keys/{thumbprint}`: one public key, the one a VC-JWT's `kid` names (a JWK)
/// or a Data Integrity proof's `verificationMethod` names (a `Multikey` document).
pub async fn public_key(
    State(state): State<AppState>,
    Path((slug, thumbprint)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let association = state.store().association_by_slug(&slug).await?;
    let key = credential::public_key(&state, association.id, &association.slug, &thumbprint)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(match key {
        PublishedKey::Jwk(jwk) => public(Json(jwk).into_response(), JWK_MEDIA_TYPE),
        PublishedKey::Multikey(document) => public(Json(document).into_response(), JSON_LD),
    })
}

/// `GET /a/{slug}/status/{purpose}`: the signed status list (revocation or suspension).
pub async fn status_list(
    State(state): State<AppState>,
    Path((slug, purpose)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let purpose = Purpose::from_key(&purpose).ok_or(WebError::NotFound)?;
    let association = state.store().association_by_slug(&slug).await?;
    let jwt = credential::status_list(&state, association.id, &association.slug, purpose).await?;
    Ok(public(jwt.into_response(), MEDIA_TYPE))
}

/// `GET /credentials/{number}/credential.jwt`: the endorsement's signed credential, for the
/// endorsee to hand to an employer. Only the endorsee, a coordinator of the endorsement's
/// association, or an administrator gets it; anyone else sees the same 404 as a wrong number.
pub async fn credential_jwt(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
) -> Result<Response, WebError> {
    let endorsement = downloadable(&state, &user, &number).await?;
    let jwt = credential::issue(&state, &endorsement).await?;
    Ok(download(jwt.into_response(), MEDIA_TYPE, &number, "jwt"))
}

/// `GET /credentials/{number}/credential.json`: the same credential as JSON-LD with an
/// embedded Data Integrity proof (`eddsa-rdfc-2022`), the file wallets such as the Learner
/// Credential Wallet take. The same people get it, on the same terms, as the VC-JWT.
pub async fn credential_json(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
) -> Result<Response, WebError> {
    let endorsement = downloadable(&state, &user, &number).await?;
    let credential = credential::issue_with_proof(&state, &endorsement).await?;
    Ok(download(
        Json(credential).into_response(),
        VC_MEDIA_TYPE,
        &number,
        "json",
    ))
}

/// A signed credential as a download that no cache keeps, named after its number.
fn download(
    mut response: Response,
    content_type: &'static str,
    number: &str,
    extension: &str,
) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // The number is checked before: letters, digits and dashes only.
    if let Ok(value) =
        HeaderValue::from_str(&format!("attachment; filename=\"{number}.{extension}\""))
    {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// The endorsement whose credential `user` may download, in either format.
async fn downloadable(
    state: &AppState,
    user: &CurrentUser,
    number: &str,
) -> Result<lattice_store::EndorsementRow, WebError> {
    if !valid_credential_number(number) {
        return Err(WebError::NotFound);
    }
    let endorsement = match state.store().endorsement_by_number(number).await {
        Ok(endorsement) => endorsement,
        Err(StoreError::NotFound) => return Err(WebError::NotFound),
        Err(other) => return Err(other.into()),
    };
    // Viewing the endorsee's records: themselves, their association's coordinators, admins.
    authorize(
        &user.viewer,
        Action::View,
        Object::Person {
            id: endorsement.person,
            applied_to: &[endorsement.association],
        },
    )?;
    // Refused for everyone, the association's own staff included: a freshly signed copy of a
    // revoked or suspended endorsement would read as good until someone checked its status.
    if let Some(withheld) = endorsement.status.credential_withheld() {
        return Err(WebError::Gone(withheld.to_string()));
    }
    Ok(endorsement)
}
