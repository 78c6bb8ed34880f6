//! Mail templates in the association's hands (issue #21 item 2): a coordinator of the
//! association (or the Alliance administrator) words the mails it sends to its applicants,
//! raters and endorsees (`MailKind::ALL`, listed under `MAIL_GROUPS`: the application's
//! invitation, receipt, transcript request, more-work and endorsement mails; the rating request
//! and the rater's reminder; the exam sitting, its move and the results; the renewal reminder,
//! receipts (on time and late), completion, lapse notice and reinstatement) on `/staff/{slug}/settings/mail`, previews each filled with
//! sample values, saves it (audited) or restores the built-in wording. Mails about a person's
//! own account (sign-up confirmation, password reset) and notices to the association's own
//! staff stay Lattice's; the page says so, and names the mails not yet templatable.
//!
//! A template is plain text with named placeholders from a fixed list per mail
//! (`lattice_domain::documents::MailKind`), filled in one pass by `documents::fill`: nothing a
//! coordinator types is run, and a value is never read as a template. A template that names an
//! unknown placeholder, or leaves out one the mail needs (the link), is refused naming the
//! field. Sending uses the association's template when it has one, the built-in wording
//! otherwise ([`compose`]; the background passes in `lattice-jobs` call the same
//! `documents::compose` for the reminders and the lapse notice).

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use lattice_domain::documents::{self, MAIL_GROUPS, MailKind, check_mail, fill};
use lattice_domain::ids::AssociationId;
use lattice_domain::language::Language;
use lattice_store::{MailTemplateRow, NewAudit, PersonRow, SharedStore, StoreError};
use serde::Deserialize;

use super::{ManagedAssociation, answer, managed_association};
use crate::auth::{CsrfForm, CurrentUser};
use crate::error::WebError;
use crate::state::AppState;
use crate::views::{
    Layout, MailGroupView, MailPlaceholderView, MailSettingsPage, MailTemplateView,
};

/// The subject and body of a mail of `kind` for the association: its own template when it
/// saved one, the built-in wording in `language` otherwise, filled with `values` (which the
/// caller wrote in `language`, the one [`mail_language`] gave).
pub async fn compose(
    store: &SharedStore,
    association: AssociationId,
    kind: MailKind,
    language: Language,
    values: &[(&str, String)],
) -> Result<(String, String), WebError> {
    let template = stored(store, association, kind).await?;
    Ok(documents::compose_in(
        kind,
        template
            .as_ref()
            .map(|t| (t.subject.as_str(), t.body.as_str())),
        language,
        values,
    ))
}

/// The language a mail of `kind` from the association to `person` is written in: their
/// [`reader_language`] when the mail has wording in it (`MailKind::wording_language`),
/// English otherwise.
pub async fn mail_language(
    state: &AppState,
    association: AssociationId,
    person: &PersonRow,
    kind: MailKind,
) -> Result<Language, WebError> {
    if kind.wording_language(person.language.unwrap_or_default()) == Language::English {
        return Ok(Language::English);
    }
    Ok(kind.wording_language(reader_language(state, association, person).await?))
}

/// The language the association writes to `person` in: the one they chose for their account
/// (sign-up records the one it was made in) when the association offers it, English
/// otherwise. An association that does not offer Spanish sends none.
pub async fn reader_language(
    state: &AppState,
    association: AssociationId,
    person: &PersonRow,
) -> Result<Language, WebError> {
    if person.language.unwrap_or_default() == Language::English {
        return Ok(Language::English);
    }
    let offered = crate::brand::frame(state.store(), state.brands(), association)
        .await?
        .languages;
    Ok(offered.reader_language(person.language))
}

/// The association's own template of `kind`, if it saved one.
pub async fn stored(
    store: &SharedStore,
    association: AssociationId,
    kind: MailKind,
) -> Result<Option<MailTemplateRow>, WebError> {
    match store.mail_template(association, kind.key()).await {
        Ok(t) => Ok(Some(t)),
        Err(StoreError::NotFound) => Ok(None),
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct SettingsQuery {
    saved: Option<String>,
    restored: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct TemplateForm {
    kind: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    body: String,
}

/// One mail's form as posted, with its preview or refusal.
struct Posted {
    kind: MailKind,
    subject: String,
    body: String,
    error: Option<String>,
    preview: Option<(String, String)>,
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    ManagedAssociation { id, name }: &ManagedAssociation,
    notice: Option<String>,
    posted: Option<Posted>,
) -> Result<Response, WebError> {
    let store = state.store();
    let mut mails = Vec::new();
    for kind in MailKind::ALL {
        let stored = stored(store, *id, kind).await?;
        let using = match &stored {
            Some(t) => {
                let by = match t.updated_by {
                    Some(p) => store.names_of(&[p]).await?.remove(&p).unwrap_or_default(),
                    None => String::new(),
                };
                format!(
                    "Your wording, saved {}{}",
                    t.updated_at.format("%Y-%m-%d %H:%M UTC"),
                    if by.is_empty() {
                        String::new()
                    } else {
                        format!(" by {by}")
                    }
                )
            }
            None => "The built-in wording".to_string(),
        };
        let (subject, body, error, preview) = match &posted {
            Some(p) if p.kind == kind => (
                p.subject.clone(),
                p.body.clone(),
                p.error.clone(),
                p.preview.clone(),
            ),
            _ => match &stored {
                Some(t) => (t.subject.clone(), t.body.clone(), None, None),
                None => (
                    kind.default_subject().to_string(),
                    kind.default_body().to_string(),
                    None,
                    None,
                ),
            },
        };
        mails.push(MailTemplateView {
            key: kind.key(),
            heading: kind.title(),
            using,
            customised: stored.is_some(),
            placeholders: kind
                .placeholders()
                .iter()
                .map(|p| MailPlaceholderView {
                    name: format!("{{{}}}", p.name),
                    meaning: p.meaning,
                    sample: p.sample,
                    required: p.required,
                })
                .collect(),
            subject,
            body,
            error,
            preview_subject: preview.as_ref().map(|p| p.0.clone()),
            preview_body: preview.map(|p| p.1),
        });
    }
    let groups = MAIL_GROUPS
        .into_iter()
        .map(|heading| MailGroupView {
            heading,
            id: format!("group-{}", heading.to_lowercase()),
            mails: mails
                .extract_if(.., |m| {
                    MailKind::from_key(m.key).map(MailKind::group) == Some(heading)
                })
                .collect(),
        })
        .collect();
    answer(
        posted.as_ref().is_some_and(|p| p.error.is_some()),
        &MailSettingsPage {
            layout: Layout::new(format!("Mail templates: {name}"), Some(user)),
            slug: slug.to_string(),
            name: name.clone(),
            notice,
            groups,
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
    let notice = match (query.saved, query.restored) {
        (Some(k), _) => MailKind::from_key(&k).map(|k| {
            format!(
                "{} saved: the next ones are sent in your wording.",
                k.title()
            )
        }),
        (None, Some(k)) => MailKind::from_key(&k).map(|k| {
            format!(
                "{} restored: the next ones are sent in the built-in wording.",
                k.title()
            )
        }),
        (None, None) => None,
    };
    render(&state, &user, &slug, &target, notice, None).await
}

pub async fn save(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<TemplateForm>,
) -> Result<Response, WebError> {
    let target = managed_association(&state, &user, &slug).await?;
    let kind = MailKind::from_key(&form.kind)
        .ok_or_else(|| WebError::BadRequest("kind: choose one of the mails listed".into()))?;
    let store = state.store();
    let now = Utc::now();
    let audit = |action: &str, reason: String| NewAudit {
        at: now,
        actor: Some(user.person.id),
        association: Some(target.id),
        subject: format!("association:{}", target.id.0),
        action: action.to_string(),
        reason,
    };
    if form.action == "restore" {
        store
            .delete_mail_template(
                target.id,
                kind.key(),
                &audit(
                    "restore-mail-template",
                    format!("{}: the built-in wording again", kind.key()),
                ),
            )
            .await?;
        return Ok(Redirect::to(&format!(
            "/staff/{slug}/settings/mail?restored={}",
            kind.key()
        ))
        .into_response());
    }
    let subject = form.subject.trim().to_string();
    let body = form.body.replace("\r\n", "\n");
    let checked = check_mail(kind, &subject, &body);
    if form.action == "preview" || checked.is_err() {
        let preview = checked.is_ok().then(|| {
            let samples = kind.samples();
            (fill(&subject, &samples), fill(&body, &samples))
        });
        let posted = Posted {
            kind,
            subject: form.subject,
            body: form.body,
            error: checked.err().map(|e| e.to_string()),
            preview,
        };
        return render(&state, &user, &slug, &target, None, Some(posted)).await;
    }
    if form.action != "save" {
        return Err(WebError::BadRequest(
            "action: choose Preview, Save or Restore the default".into(),
        ));
    }
    store
        .save_mail_template(
            &MailTemplateRow {
                association: target.id,
                kind: kind.key().to_string(),
                subject: subject.clone(),
                body: body.clone(),
                updated_at: now,
                updated_by: Some(user.person.id),
            },
            &audit(
                "save-mail-template",
                format!(
                    "{}: subject \"{subject}\", body of {} characters",
                    kind.key(),
                    body.chars().count()
                ),
            ),
        )
        .await?;
    Ok(Redirect::to(&format!("/staff/{slug}/settings/mail?saved={}", kind.key())).into_response())
}
