//! Agreement texts in the association's hands (issue #21 item 2): the Code of Ethics and the
//! Endorsement Agreement as versioned documents. A coordinator of the association (or the
//! Alliance administrator) publishes a new version on `/staff/{slug}/settings/agreements`;
//! applicants read the current version in full and their signature records its number; each
//! published version stays readable at `/a/{slug}/agreements/{kind}/{version}`, so reviewers
//! open exactly the text that was signed.
//!
//! Version 1 of every association's texts is the built-in wording
//! (`lattice_domain::documents`): signatures made before texts were versioned carry no number
//! and read as version 1. A newer version does not unmeet an older signature (the engine
//! reads the signing date, as `lattice-portfolio/1` has it): the applicant agreed to the text
//! in force when they signed, and a publication must not silently stop applications in
//! progress. The pages say plainly who signed an older version, and the applicant can sign
//! the current one.

use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use lattice_domain::documents::{AgreementKind, check_agreement, paragraphs};
use lattice_domain::ids::AssociationId;
use lattice_store::{AgreementTextRow, NewAgreementText, NewAudit, SharedStore};
use serde::Deserialize;

use super::{ManagedAssociation, answer, association_id, managed_association, page};
use crate::auth::{CsrfForm, CurrentUser, MaybeUser};
use crate::error::WebError;
use crate::evidence::agreement_text_link;
use crate::state::AppState;
use crate::views::{
    AgreementHistoryView, AgreementSettingsPage, AgreementTextPage, AgreementTextView, Layout,
};

/// One version of a text as the pages show it.
#[derive(Debug, Clone)]
pub struct Text {
    pub version: i32,
    pub title: String,
    pub body: String,
    /// "built in" for version 1 before anything was published, else the day.
    pub published: String,
    pub published_by: Option<lattice_domain::ids::PersonId>,
}

impl Text {
    fn built_in(kind: AgreementKind) -> Text {
        Text {
            version: 1,
            title: kind.title().to_string(),
            body: kind.built_in_body().to_string(),
            published: "built in".to_string(),
            published_by: None,
        }
    }

    fn from_row(row: AgreementTextRow) -> Text {
        Text {
            version: row.version,
            title: row.title,
            body: row.body,
            published: if row.published_by.is_none() {
                "built in".to_string()
            } else {
                row.published_at.date_naive().to_string()
            },
            published_by: row.published_by,
        }
    }

    pub fn paragraphs(&self) -> Vec<String> {
        paragraphs(&self.body)
    }
}

/// Every version of the association's text of `kind`, oldest first (at least the built-in
/// version 1). Without an association (an applicant not yet registered) the built-in text.
pub async fn versions(
    store: &SharedStore,
    association: Option<AssociationId>,
    kind: AgreementKind,
) -> Result<Vec<Text>, WebError> {
    let rows = match association {
        Some(id) => store.agreement_texts(id, kind.key()).await?,
        None => Vec::new(),
    };
    if rows.is_empty() {
        return Ok(vec![Text::built_in(kind)]);
    }
    Ok(rows.into_iter().map(Text::from_row).collect())
}

/// The version in force: the latest published.
pub async fn current(
    store: &SharedStore,
    association: Option<AssociationId>,
    kind: AgreementKind,
) -> Result<Text, WebError> {
    versions(store, association, kind)
        .await?
        .pop()
        .ok_or_else(|| WebError::Internal("agreement text: no version".into()))
}

#[derive(Debug, Default, Deserialize)]
pub struct SettingsQuery {
    published: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct PublishForm {
    kind: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

/// What the page shows besides the stored texts: a refused draft kept as typed.
struct Refused {
    kind: AgreementKind,
    title: String,
    body: String,
    error: String,
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    ManagedAssociation { id, name }: &ManagedAssociation,
    notice: Option<String>,
    refused: Option<Refused>,
) -> Result<Response, WebError> {
    let store = state.store();
    let mut documents = Vec::new();
    for kind in AgreementKind::ALL {
        let all = versions(store, Some(*id), kind).await?;
        let people: Vec<_> = all.iter().filter_map(|t| t.published_by).collect();
        let names = store.names_of(&people).await?;
        let current = all
            .last()
            .cloned()
            .ok_or_else(|| WebError::Internal("agreement text: no version".into()))?;
        let (draft_title, draft_body, error) = match &refused {
            Some(r) if r.kind == kind => (r.title.clone(), r.body.clone(), Some(r.error.clone())),
            _ => (current.title.clone(), current.body.clone(), None),
        };
        documents.push(AgreementTextView {
            key: kind.key(),
            heading: kind.title(),
            version: current.version,
            title: current.title.clone(),
            paragraphs: current.paragraphs(),
            published: current.published.clone(),
            next_version: current.version + 1,
            draft_title,
            draft_body,
            error,
            history: all
                .iter()
                .rev()
                .map(|t| AgreementHistoryView {
                    version: t.version,
                    title: t.title.clone(),
                    published: t.published.clone(),
                    by: t
                        .published_by
                        .and_then(|p| names.get(&p).cloned())
                        .unwrap_or_else(|| "Lattice (built-in wording)".into()),
                    link: agreement_text_link(slug, kind, i64::from(t.version)),
                })
                .collect(),
        });
    }
    answer(
        refused.is_some(),
        &AgreementSettingsPage {
            layout: Layout::new(format!("Agreement texts: {name}"), Some(user)),
            slug: slug.to_string(),
            name: name.clone(),
            notice,
            documents,
        },
    )
}

pub async fn settings_page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    Query(query): Query<SettingsQuery>,
) -> Result<Response, WebError> {
    let target = managed_association(&state, &user, &slug).await?;
    let notice = query.published.and_then(|p| {
        let (key, version) = p.rsplit_once('-')?;
        let kind = AgreementKind::from_key(key)?;
        let version: i32 = version.parse().ok()?;
        Some(format!(
            "Version {version} of the {} is published: applicants now read and sign it. Those who signed an earlier version are told so and can sign again; their signature still counts.",
            kind.title()
        ))
    });
    render(&state, &user, &slug, &target, notice, None).await
}

pub async fn publish(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<PublishForm>,
) -> Result<Response, WebError> {
    let target = managed_association(&state, &user, &slug).await?;
    let kind = AgreementKind::from_key(&form.kind).ok_or_else(|| {
        WebError::BadRequest("kind: choose the Code of Ethics or the Endorsement Agreement".into())
    })?;
    let store = state.store();
    let title = form.title.trim();
    let body = form.body.replace("\r\n", "\n");
    let body = body.trim();
    let current = current(store, Some(target.id), kind).await?;
    let problem = match check_agreement(title, body) {
        Err(e) => Some(e.to_string()),
        Ok(()) if title == current.title && body == current.body.trim() => Some(format!(
            "body: this is the text of version {} already; change it to publish a new version",
            current.version
        )),
        Ok(()) => None,
    };
    if let Some(error) = problem {
        let refused = Refused {
            kind,
            title: form.title,
            body: form.body,
            error,
        };
        return render(&state, &user, &slug, &target, None, Some(refused)).await;
    }
    let now = Utc::now();
    let version = store
        .publish_agreement_text(
            &NewAgreementText {
                association: target.id,
                kind: kind.key(),
                title,
                body,
                by: user.person.id,
                at: now,
            },
            (kind.title(), kind.built_in_body()),
            &NewAudit {
                at: now,
                actor: Some(user.person.id),
                association: Some(target.id),
                subject: format!("association:{}", target.id.0),
                action: format!("publish-{}", kind.key().replace('_', "-")),
                reason: format!(
                    "version {} of the {}: \"{title}\" ({} characters)",
                    current.version + 1,
                    kind.title(),
                    body.chars().count()
                ),
            },
        )
        .await?;
    Ok(Redirect::to(&format!(
        "/staff/{slug}/settings/agreements?published={}-{version}",
        kind.key()
    ))
    .into_response())
}

/// One published version of an association's text, public: it is what applicants are asked
/// to sign, and reviewers open the version an applicant signed.
pub async fn text_page(
    State(state): State<AppState>,
    Path((slug, key, version)): Path<(String, String, String)>,
    MaybeUser(user): MaybeUser,
) -> Result<Html<String>, WebError> {
    let kind = AgreementKind::from_key(&key).ok_or(WebError::NotFound)?;
    let version: i32 = version.parse().map_err(|_| WebError::NotFound)?;
    let store = state.store();
    let id = association_id(store, &slug).await?;
    let association = store.association(id).await?.name;
    let all = versions(store, Some(id), kind).await?;
    let latest = all.last().map_or(1, |t| t.version);
    let text = all
        .into_iter()
        .find(|t| t.version == version)
        .ok_or(WebError::NotFound)?;
    page(&AgreementTextPage {
        layout: Layout::new(format!("{}, version {version}", text.title), user.as_ref()),
        association,
        slug: slug.clone(),
        heading: kind.title(),
        title: text.title.clone(),
        version,
        latest,
        published: text.published.clone(),
        paragraphs: text.paragraphs(),
        current_link: agreement_text_link(&slug, kind, i64::from(latest)),
    })
}
