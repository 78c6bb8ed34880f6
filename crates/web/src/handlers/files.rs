//! Uploaded documents (transcripts, certificates): checked by their content (PDF, PNG or JPEG
//! only) and size, stored through `object_store` (local disk under the data dir by default),
//! and shown only to their owner, the coordinators of an association they applied to, and
//! the reviewers assigned to one of their applications.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use lattice_domain::ids::EntryId;
use lattice_domain::rights::{Action, Object, may};
use lattice_store::{NewUpload, Section};
use object_store::path::Path as ObjectPath;

use crate::auth::{CsrfUpload, CurrentUser, new_token};
use crate::error::WebError;
use crate::state::AppState;

pub use crate::upload_limits::{MAX_BYTES, too_large_message};

/// The type of a file from its first bytes; the name and the browser's claim are ignored.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"\xFF\xD8\xFF") {
        Some("image/jpeg")
    } else {
        None
    }
}

/// What a sniffed type is called, and the name endings that may go with it.
fn kind_of(content_type: &str) -> (&'static str, &'static [&'static str]) {
    match content_type {
        "image/png" => ("a PNG image", &["png"]),
        "image/jpeg" => ("a JPEG image", &["jpg", "jpeg"]),
        _ => ("a PDF", &["pdf"]),
    }
}

/// Refuses a name whose ending claims another type than the content (a PDF called
/// `setup.exe`): the download keeps the name, and a lying one could make it open as
/// something else. A name without an ending is fine. The message names the field.
fn check_name(name: &str, content_type: &str, field: &str) -> Result<(), WebError> {
    let Some((_, ending)) = name.rsplit_once('.') else {
        return Ok(());
    };
    let ending = ending.trim().to_ascii_lowercase();
    let (kind, endings) = kind_of(content_type);
    if endings.contains(&ending.as_str()) {
        return Ok(());
    }
    Err(WebError::BadRequest(format!(
        "{field}: the name ends in .{ending} but the file is {kind}; rename it to end in .{}",
        endings[0]
    )))
}

/// A file name safe to hand back in a header: letters, digits, dot, dash, underscore, space.
fn clean_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' '))
        .take(120)
        .collect();
    if cleaned.trim().is_empty() {
        "document".to_string()
    } else {
        cleaned.trim().to_string()
    }
}

pub async fn upload_transcript(
    State(state): State<AppState>,
    user: CurrentUser,
    upload: CsrfUpload,
) -> Result<Response, WebError> {
    store_upload(&state, &user, &upload, Section::Education, "transcript").await?;
    Ok(Redirect::to("/portfolio/education#transcripts").into_response())
}

pub async fn upload_certificate(
    State(state): State<AppState>,
    user: CurrentUser,
    upload: CsrfUpload,
) -> Result<Response, WebError> {
    store_upload(&state, &user, &upload, Section::Trainings, "certificate").await?;
    Ok(Redirect::to("/portfolio/trainings#certificates").into_response())
}

/// Checks and stores one uploaded file, attached to one of the person's entries in `section`.
async fn store_upload(
    state: &AppState,
    user: &CurrentUser,
    upload: &CsrfUpload,
    section: Section,
    kind: &str,
) -> Result<(), WebError> {
    super::portfolio::ensure_editable(state.store(), user.person.id).await?;
    let entry: Option<EntryId> = match upload
        .part("entry")
        .map(|p| String::from_utf8_lossy(&p.bytes).to_string())
    {
        Some(text) if !text.is_empty() => Some(
            text.parse()
                .map_err(|_| WebError::BadRequest("entry: choose an entry".into()))?,
        ),
        _ => None,
    };
    if let Some(entry) = entry {
        let own = state.store().entries(user.person.id).await?;
        if !own.iter().any(|e| e.id == entry && e.section == section) {
            return Err(WebError::NotFound);
        }
    }
    save_file(state, user, upload, "file", entry, kind).await?;
    Ok(())
}

/// Checks the `field` part of an upload by its content (PDF, PNG or JPEG, under the size
/// limit, a name that matches) and stores it as the person's upload of `kind`; its id.
pub async fn save_file(
    state: &AppState,
    user: &CurrentUser,
    upload: &CsrfUpload,
    field: &str,
    entry: Option<EntryId>,
    kind: &str,
) -> Result<i64, WebError> {
    let part = upload
        .part(field)
        .filter(|p| !p.bytes.is_empty())
        .ok_or_else(|| WebError::BadRequest(format!("{field}: choose a file to upload")))?;
    if part.bytes.len() > MAX_BYTES {
        return Err(WebError::BadRequest(too_large_message(field, MAX_BYTES)));
    }
    let content_type = sniff(&part.bytes).ok_or_else(|| {
        WebError::BadRequest(format!(
            "{field}: only PDF, PNG or JPEG files are accepted, and this file is none of them"
        ))
    })?;
    check_name(
        part.file_name.as_deref().unwrap_or_default(),
        content_type,
        field,
    )?;
    let key = format!("uploads/{}/{}", user.person.id, new_token()?);
    state
        .files()
        .put(&ObjectPath::from(key.as_str()), part.bytes.clone().into())
        .await
        .map_err(|e| WebError::Internal(format!("storing the upload: {e}")))?;
    // On local disk, readable by the service alone, like the database (see `private_fs`); a
    // bucket's access is its own policy's.
    if state.config().files_bucket.is_none() {
        lattice_jobs::private_fs::tighten_below(&state.config().data_dir.join("files"), &key)
            .map_err(|e| WebError::Internal(format!("protecting the upload: {e}")))?;
    }
    Ok(state
        .store()
        .add_upload(&NewUpload {
            person: user.person.id,
            entry,
            kind: kind.to_string(),
            file_name: clean_name(part.file_name.as_deref().unwrap_or(kind)),
            content_type: content_type.to_string(),
            size: i64::try_from(part.bytes.len()).unwrap_or(i64::MAX),
            object_key: key,
            created_at: Utc::now(),
        })
        .await?)
}

/// `?view=inline` opens a transcript in the browser's own viewer instead of saving it.
#[derive(Debug, Default, serde::Deserialize)]
pub struct DownloadQuery {
    #[serde(default)]
    view: Option<String>,
}

pub async fn download(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<DownloadQuery>,
    user: CurrentUser,
) -> Result<Response, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let store = state.store();
    let upload = store.upload(id).await?;
    let mut allowed = upload.person == user.person.id;
    if !allowed {
        for application in store.applications_of_person(upload.person).await? {
            let reviewers = store.reviewers(application.id).await?;
            let object = Object::Application {
                owner: application.person,
                association: application.association,
                reviewers: &reviewers,
            };
            if may(&user.viewer, Action::View, object) {
                allowed = true;
                break;
            }
        }
    }
    if !allowed && upload.kind == "membership-proof" {
        // A proof of membership elsewhere is read by the coordinators it was sent to, who
        // may have no application of the person to see it through.
        for (association, _) in &user.viewer.staff {
            if may(
                &user.viewer,
                Action::Manage,
                Object::StaffArea(*association),
            ) && store
                .open_membership_requests(Some(upload.person), Some(*association))
                .await?
                .iter()
                .any(|r| {
                    r.other
                        .as_ref()
                        .is_some_and(|o| o.proof_upload == upload.id)
                })
            {
                allowed = true;
                break;
            }
        }
    }
    if !allowed {
        return Err(WebError::NotFound);
    }
    let bytes = state
        .files()
        .get(&ObjectPath::from(upload.object_key.as_str()))
        .await
        .map_err(|e| WebError::Internal(format!("reading the upload: {e}")))?
        .bytes()
        .await
        .map_err(|e| WebError::Internal(format!("reading the upload: {e}")))?;
    // Only the kinds the upload check sniffed in (PDF, PNG, JPEG) are ever stored, and
    // `nosniff` holds the browser to the stored type, so showing one inline runs nothing.
    let inline = query.view.as_deref() == Some("inline");
    let disposition = if inline { "inline" } else { "attachment" };
    Ok((
        [
            (header::CONTENT_TYPE, upload.content_type),
            (
                header::CONTENT_DISPOSITION,
                format!("{disposition}; filename=\"{}\"", upload.file_name),
            ),
        ],
        bytes,
    )
        .into_response())
}
