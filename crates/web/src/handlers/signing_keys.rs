//! The Alliance administrator's page of the associations' credential signing keys, with a
//! Rotate button per association. Only the administrator sees it: keys are the service's
//! trust, not one association's setting. The work is in `crate::key_rotation`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Redirect};
use lattice_store::SigningKeyRow;
use serde::Deserialize;

use super::failed_mail::administrator;
use super::page;
use crate::auth::{CsrfForm, CurrentUser};
use crate::error::WebError;
use crate::state::AppState;
use crate::views::Layout;

#[derive(Debug, Clone)]
pub struct KeyView {
    pub kid: String,
    pub algorithm: String,
    pub created: String,
    /// "Signs new credentials", or since when it only verifies.
    pub role: String,
}

#[derive(Debug, Clone)]
pub struct AssociationKeys {
    pub slug: String,
    pub name: String,
    pub keys: Vec<KeyView>,
}

#[derive(Template)]
#[template(path = "signing_keys.html")]
pub struct SigningKeysPage {
    pub layout: Layout,
    pub associations: Vec<AssociationKeys>,
    pub rotated: Option<String>,
}

const WHEN: &str = "%Y-%m-%d %H:%M:%S UTC";

/// The keys newest first, as the store lists them: the newest unretired key of each use
/// signs (as `credential::signer_of` picks it); each older one stopped signing when the next
/// of its use was made.
fn key_views(keys: &[SigningKeyRow]) -> Vec<KeyView> {
    let uses: Vec<&str> = keys
        .iter()
        .map(|k| crate::credential::key_use(&k.public_jwk))
        .collect();
    keys.iter()
        .enumerate()
        .map(|(i, key)| {
            let same_use = |j: &usize| uses[*j] == uses[i];
            let signing = (0..keys.len())
                .filter(same_use)
                .find(|&j| keys[j].retired_at.is_none());
            let newer = (0..i).rfind(same_use);
            KeyView {
                kid: key.kid.clone(),
                algorithm: key
                    .public_jwk
                    .get("alg")
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or("Ed25519")
                    .to_string(),
                created: key.created_at.format(WHEN).to_string(),
                role: match (Some(i) == signing, key.retired_at, newer) {
                    (true, _, _) => format!("Signs new credentials: {}", uses[i]),
                    (false, Some(at), _) => {
                        format!("Retired {}; still verifies", at.format(WHEN))
                    }
                    (false, None, Some(newer)) => format!(
                        "Replaced {}; still verifies",
                        keys[newer].created_at.format(WHEN)
                    ),
                    (false, None, None) => "Still verifies".to_string(),
                },
            }
        })
        .collect()
}

#[derive(Debug, Deserialize)]
pub struct Notice {
    rotated: Option<String>,
}

/// `GET /admin/keys`
pub async fn keys_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(notice): Query<Notice>,
) -> Result<Html<String>, WebError> {
    administrator(&user)?;
    let mut associations = Vec::new();
    for association in state.store().associations().await? {
        let keys = state.store().signing_keys(association.id).await?;
        associations.push(AssociationKeys {
            slug: association.slug,
            name: association.name,
            keys: key_views(&keys),
        });
    }
    page(&SigningKeysPage {
        layout: Layout::new("Credential signing keys", Some(&user)),
        associations,
        rotated: notice.rotated,
    })
}

/// `POST /admin/keys/{slug}/rotate`: a new key signs from now on; audited.
pub async fn rotate(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Redirect, WebError> {
    administrator(&user)?;
    let association = state.store().association_by_slug(&slug).await?;
    crate::key_rotation::rotate(
        &state,
        association.id,
        Some(user.person.id),
        "from the signing keys page",
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/admin/keys?rotated={}",
        association.slug
    )))
}
