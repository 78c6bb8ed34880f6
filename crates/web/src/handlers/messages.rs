//! The application's message thread: the applicant's comments and help requests, and the
//! coordinators' answers. Each side is emailed when the other writes; both read the whole
//! thread on the application page. Reviewers are not part of it: an applicant writes to the
//! association, never to (or about) the people who judge them.

use axum::extract::{Path, State};
use axum::response::Redirect;
use chrono::Utc;
use lattice_store::{ApplicationRow, MessageRow, NewMail, NewMessage};
use serde::Deserialize;

use super::{coordinates, coordinator_of, visible_application};
use crate::auth::{CsrfForm, CurrentUser};
use crate::error::WebError;
use crate::i18n::Tr;
use crate::state::AppState;

pub use crate::views::ThreadMessage;

pub fn kind_label(kind: &str) -> &'static str {
    match kind {
        "help-technical" => "Help: technical",
        "help-process" => "Help: process",
        _ => "Comment",
    }
}

/// The thread for the page, in the reader's language: the applicant's name on theirs, the
/// coordinator's on answers. (Mails keep `kind_label`'s English.)
pub fn thread_view(tr: Tr, rows: Vec<MessageRow>, applicant: &str) -> Vec<ThreadMessage> {
    rows.into_iter()
        .map(|row| {
            let from_staff = row.author.is_some();
            ThreadMessage {
                from: match row.author {
                    Some((_, name)) => tr.t1("thread-from-coordinator", "name", name),
                    None => applicant.to_string(),
                },
                from_staff,
                kind: if from_staff {
                    tr.t("thread-chip-answer")
                } else {
                    match row.kind.as_str() {
                        "help-technical" | "help-process" => tr.tk("thread-chip", &row.kind),
                        _ => tr.t("thread-chip-comment"),
                    }
                },
                at: row.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                body: row.body,
            }
        })
        .collect()
}

#[derive(Debug, Deserialize)]
pub struct ThreadForm {
    #[serde(default)]
    kind: Option<String>,
    body: String,
}

/// A message in the application's thread: from the applicant to the coordinators, or a
/// coordinator's answer to the applicant. The message and its mail are one transaction.
pub async fn post(
    State(state): State<AppState>,
    Path(id): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<ThreadForm>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let (application, _) = visible_application(store, &user.viewer, &id).await?;
    let answering = coordinates(&user, &application);
    let writing = application.person == user.person.id;
    if !answering && !writing {
        // A reviewer sees the application but is not part of its thread.
        return Err(WebError::NotFound);
    }
    let body = form.body.trim();
    if body.is_empty() || body.chars().count() > 4000 {
        return Err(WebError::BadRequest(
            "body: write your message (up to 4000 characters)".to_string(),
        ));
    }
    let kind = match form.kind.as_deref().unwrap_or("comment") {
        kind @ ("comment" | "help-technical" | "help-process") => kind,
        _ => {
            return Err(WebError::BadRequest(
                "kind: choose a comment or a kind of help".to_string(),
            ));
        }
    };
    let (author, mail) = if answering && !writing {
        (
            Some(user.person.id),
            Some(answer_mail(&state, &application, &user, body).await?),
        )
    } else {
        (
            None,
            question_mail(&state, &application, &user, kind, body).await?,
        )
    };
    store
        .add_message(
            &NewMessage {
                person: application.person,
                association: application.association,
                application: Some(application.id),
                section: "application".to_string(),
                kind: if author.is_some() { "comment" } else { kind }.to_string(),
                body: body.to_string(),
                created_at: Utc::now(),
                author,
            },
            mail.as_ref(),
        )
        .await?;
    Ok(Redirect::to(&format!(
        "/applications/{}#messages",
        application.id
    )))
}

/// The applicant hears that their association answered, and where to read it.
async fn answer_mail(
    state: &AppState,
    application: &ApplicationRow,
    user: &CurrentUser,
    body: &str,
) -> Result<NewMail, WebError> {
    let store = state.store();
    let applicant = store.person(application.person).await?;
    let association = store.association(application.association).await?;
    Ok(NewMail {
        recipient: applicant.email,
        subject: format!("{} answered your message", association.name),
        body: format!(
            "Dear {},\n\n{} of {} answered in your {} application's messages:\n\n{body}\n\nRead the whole thread and reply: {}/applications/{}#messages\n",
            applicant.name,
            user.person.name,
            association.name,
            application.category,
            state.config().base_url,
            application.id
        ),
        created_at: Utc::now(),
    })
}

/// The association's coordinator hears of the applicant's message.
async fn question_mail(
    state: &AppState,
    application: &ApplicationRow,
    user: &CurrentUser,
    kind: &str,
    body: &str,
) -> Result<Option<NewMail>, WebError> {
    let coordinator = coordinator_of(state.store(), application.association).await?;
    Ok(coordinator.map(|coordinator| NewMail {
        recipient: coordinator.email,
        subject: format!(
            "{} from {} (application {})",
            kind_label(kind),
            user.person.name,
            application.id
        ),
        body: format!(
            "{} ({}) wrote in their {} application's messages:\n\n{body}\n\nAnswer in Lattice: {}/applications/{}#messages\n",
            user.person.name,
            user.person.email,
            application.category,
            state.config().base_url,
            application.id
        ),
        created_at: Utc::now(),
    }))
}
