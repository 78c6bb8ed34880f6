//! The Alliance administrator's page of failed mail: mail the worker gave up on after its last
//! attempt, with a Resend button that queues it again now. Only the administrator sees it
//! (the relay is the service's, not an association's); bodies and links are never shown, as
//! they may carry a rater's or a reset link's token.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Redirect};
use lattice_domain::ids::MailId;
use lattice_store::MailRow;
use serde::Deserialize;

use super::{page, path_id};
use crate::auth::{CsrfForm, CurrentUser};
use crate::error::WebError;
use crate::state::AppState;
use crate::views::Layout;

/// One failed mail as the page lists it: never its body.
#[derive(Debug, Clone)]
pub struct FailedMailView {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub kind: &'static str,
    pub attempts: i64,
    pub last_error: String,
    pub queued: String,
}

impl From<&MailRow> for FailedMailView {
    fn from(mail: &MailRow) -> FailedMailView {
        FailedMailView {
            id: mail.id.0,
            recipient: mail.recipient.clone(),
            subject: mail.subject.clone(),
            // In words for the page; the CLI keeps the short names.
            kind: if mail.bulk {
                "Reminder or notice"
            } else {
                "Someone waits for it"
            },
            attempts: mail.attempts,
            last_error: mail.last_error.clone().unwrap_or_default(),
            queued: mail.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        }
    }
}

#[derive(Template)]
#[template(path = "failed_mail.html")]
pub struct FailedMailPage {
    pub layout: Layout,
    pub mails: Vec<FailedMailView>,
    pub resent: Option<i64>,
}

/// Anyone but the Alliance administrator finds no such page.
pub(super) fn administrator(user: &CurrentUser) -> Result<(), WebError> {
    if user.person.admin {
        Ok(())
    } else {
        Err(WebError::NotFound)
    }
}

#[derive(Debug, Deserialize)]
pub struct Notice {
    resent: Option<i64>,
}

/// `GET /admin/mail`
pub async fn failed_mail_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(notice): Query<Notice>,
) -> Result<Html<String>, WebError> {
    administrator(&user)?;
    let mails = state.store().failed_mails().await?;
    page(&FailedMailPage {
        layout: Layout::new("Failed mail", Some(&user)),
        mails: mails.iter().map(FailedMailView::from).collect(),
        resent: notice.resent,
    })
}

/// `POST /admin/mail/{id}/resend`: attempts from zero, due now, audited. A mail no longer
/// failed (resent by another click, or from the command line) is not found.
pub async fn resend(
    State(state): State<AppState>,
    Path(id): Path<String>,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Redirect, WebError> {
    administrator(&user)?;
    let id: MailId = path_id(&id)?;
    state
        .store()
        .resend_mail(
            id,
            &lattice_jobs::mail::resend_audit(
                id,
                Some(user.person.id),
                "from the failed-mail page",
            ),
        )
        .await?;
    tracing::info!(
        mail_id = id.0,
        by = user.person.id.0,
        "failed mail queued again"
    );
    Ok(Redirect::to(&format!("/admin/mail?resent={id}")))
}
