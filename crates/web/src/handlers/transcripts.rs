//! Official transcripts: a coordinator checks each degree of the submitted portfolio against
//! its uploaded transcript, and marks it verified or asks for another. Completeness needs
//! every degree verified; a degree edited after its check is no longer verified.

use axum::extract::{Path, State};
use axum::response::Redirect;
use chrono::Utc;
use lattice_domain::documents::MailKind;
use lattice_domain::ids::EntryId;
use lattice_store::{ApplicationRow, EducationCheckRow, NewAudit, NewEducationCheck, NewMail};
use serde::Deserialize;
use serde_json::Value;

use super::mail_templates::{compose, mail_language};
use super::{coordinates, path_id, visible_application};
use crate::auth::{CsrfForm, CurrentUser};
use crate::error::WebError;
use crate::forms;
use crate::state::AppState;
use crate::views::{DegreeView, UploadView};

/// Where a degree stands with the association.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DegreeStatus {
    Unchecked,
    Verified {
        by: String,
        on: chrono::NaiveDate,
        note: String,
    },
    AnotherAsked {
        note: String,
    },
}

impl DegreeStatus {
    pub fn describe(&self) -> String {
        self.describe_in(crate::i18n::Tr::default())
    }

    /// [`DegreeStatus::describe`] in the page's language.
    pub fn describe_in(&self, tr: crate::i18n::Tr) -> String {
        match self {
            DegreeStatus::Unchecked => tr.t("transcript-unchecked"),
            DegreeStatus::Verified { by, on, note } if note.is_empty() => {
                tr.t2("transcript-verified", "by", by, "on", on)
            }
            DegreeStatus::Verified { by, on, note } => {
                tr.t3("transcript-verified-note", "by", by, "on", on, "note", note)
            }
            DegreeStatus::AnotherAsked { note } => tr.t1("transcript-another", "note", note),
        }
    }
}

/// An entry as the applicant entered it, without what the document adds to it.
fn as_entered(entry: &Value) -> Value {
    let mut entry = entry.clone();
    if let Some(fields) = entry.as_object_mut() {
        fields.remove("entry_id");
    }
    entry
}

/// The status of one education entry: its latest check, if that check saw this very entry.
pub fn status_of(entry_id: EntryId, entry: &Value, checks: &[EducationCheckRow]) -> DegreeStatus {
    match checks.iter().rev().find(|c| c.entry == entry_id) {
        Some(check) if check.entry_data != as_entered(entry) => DegreeStatus::Unchecked,
        Some(check) if check.verified => DegreeStatus::Verified {
            by: check.checked_by_name.clone(),
            on: check.checked_at.date_naive(),
            note: check.note.clone(),
        },
        Some(check) => DegreeStatus::AnotherAsked {
            note: check.note.clone(),
        },
        None => DegreeStatus::Unchecked,
    }
}

/// The degrees of a portfolio document that need an official transcript: every education
/// entry with a completion date (a degree held), with its entry id.
pub fn degrees(document: &Value) -> Vec<(EntryId, &Value)> {
    document["education"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["completed"].as_str().is_some_and(|d| !d.is_empty()))
        .filter_map(|e| Some((EntryId(e["entry_id"].as_i64()?), e)))
        .collect()
}

/// Each degree of the reviewed document with its transcripts and status, for the page.
pub async fn degree_views(
    state: &AppState,
    application: &ApplicationRow,
    document: &Value,
) -> Result<Vec<DegreeView>, WebError> {
    let store = state.store();
    let checks = store.education_checks_of(application.person).await?;
    let uploads = store.uploads_of(application.person).await?;
    Ok(degrees(document)
        .into_iter()
        .map(|(id, entry)| {
            let status = status_of(id, entry, &checks);
            DegreeView {
                entry: id.0,
                summary: forms::summary(lattice_store::Section::Education, entry),
                transcripts: uploads
                    .iter()
                    .filter(|u| u.kind == "transcript" && u.entry == Some(id))
                    .map(|u| UploadView {
                        id: u.id,
                        file_name: u.file_name.clone(),
                        size_kb: (u.size + 1023) / 1024,
                        uploaded: u.created_at.date_naive(),
                    })
                    .collect(),
                verified: matches!(status, DegreeStatus::Verified { .. }),
                status: status.describe(),
            }
        })
        .collect())
}

/// What completeness still needs for the degrees of the reviewed document.
pub async fn unverified(
    state: &AppState,
    application: &ApplicationRow,
    document: &Value,
) -> Result<Vec<String>, WebError> {
    let checks = state
        .store()
        .education_checks_of(application.person)
        .await?;
    Ok(degrees(document)
        .into_iter()
        .filter_map(|(id, entry)| {
            let summary = forms::summary(lattice_store::Section::Education, entry);
            match status_of(id, entry, &checks) {
                DegreeStatus::Verified { .. } => None,
                DegreeStatus::Unchecked => Some(format!(
                    "the official transcript of {summary} is not verified yet"
                )),
                DegreeStatus::AnotherAsked { note } => Some(format!(
                    "another transcript of {summary} was asked for ({note})"
                )),
            }
        })
        .collect())
}

#[derive(Debug, Deserialize)]
pub struct CheckForm {
    decision: String,
    #[serde(default)]
    note: String,
}

/// The coordinator's check of one degree of the submitted portfolio.
pub async fn check(
    State(state): State<AppState>,
    Path((id, entry)): Path<(String, String)>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<CheckForm>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let (application, _) = visible_application(store, &user.viewer, &id).await?;
    if !coordinates(&user, &application) {
        return Err(WebError::BadRequest(
            "decision: only the association's coordinator checks transcripts".to_string(),
        ));
    }
    let entry: EntryId = path_id(&entry)?;
    let document = crate::portfolio::reviewed_document(&state, &application).await?;
    let (_, degree) = degrees(&document)
        .into_iter()
        .find(|(e, _)| *e == entry)
        .ok_or(WebError::NotFound)?;
    let verified = match form.decision.as_str() {
        "verified" => true,
        "another" => false,
        _ => {
            return Err(WebError::BadRequest(
                "decision: choose verified or ask for another transcript".to_string(),
            ));
        }
    };
    let note = form.note.trim();
    if !verified && note.is_empty() {
        return Err(WebError::BadRequest(
            "note: say what is wrong with the transcript, so the applicant can send the right one"
                .to_string(),
        ));
    }
    if note.chars().count() > 2000 {
        return Err(WebError::BadRequest(
            "note: keep it under 2000 characters".to_string(),
        ));
    }
    let summary = forms::summary(lattice_store::Section::Education, degree);
    let now = Utc::now();
    let applicant = store.person(application.person).await?;
    let mail = if verified {
        None
    } else {
        let kind = MailKind::AnotherTranscript;
        let language = mail_language(&state, application.association, &applicant, kind).await?;
        let (subject, body) = compose(
            store,
            application.association,
            kind,
            language,
            &[
                ("name", applicant.name.clone()),
                (
                    "association",
                    store.association(application.association).await?.name,
                ),
                ("degree", summary.clone()),
                ("note", note.to_string()),
                (
                    "link",
                    format!("{}/portfolio/education", state.config().base_url),
                ),
            ],
        )
        .await?;
        Some(NewMail {
            recipient: applicant.email.clone(),
            subject,
            body,
            created_at: now,
        })
    };
    store
        .record_education_check(
            &NewEducationCheck {
                person: application.person,
                entry,
                entry_data: as_entered(degree),
                verified,
                note: note.to_string(),
                checked_by: user.person.id,
                checked_at: now,
            },
            &NewAudit {
                at: now,
                actor: Some(user.person.id),
                association: Some(application.association),
                subject: format!("application:{}", application.id),
                action: if verified {
                    "verify-transcript".to_string()
                } else {
                    "ask-for-another-transcript".to_string()
                },
                reason: if verified {
                    summary
                } else {
                    format!("{summary}: {note}")
                },
            },
            mail.as_ref(),
        )
        .await?;
    Ok(Redirect::to(&format!(
        "/applications/{}/review#transcripts",
        application.id
    )))
}
