//! The association's members: its membership records, listed, and a roster imported from
//! CSV, all or nothing (every bad cell named by line and column). Membership is the
//! association's word, so only its staff record it; the eligibility engine reads it from here.

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDate, Utc};
use lattice_domain::rights::{Action, Object};
use lattice_store::{NewAudit, RosterRow};
use serde::Deserialize;

use lattice_domain::ids::{AssociationId, PersonId};

use super::{MEMBERSHIP_KINDS, association_id, authorize, coordinator_of, kind_label, page, today};
use crate::auth::{CsrfForm, CsrfUpload, CurrentUser};
use crate::error::WebError;
use crate::state::AppState;
use crate::views::{Layout, MemberView, MembersPage, RequestView};

#[derive(Debug, Deserialize)]
pub struct MembershipForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    member_number: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
}

/// Records a membership from a coordinator's form, for `person` in `association`, with the
/// audit row on `subject`; every refusal names its field.
pub async fn record(
    state: &AppState,
    user: &CurrentUser,
    person: PersonId,
    association: AssociationId,
    form: &MembershipForm,
    subject: &str,
) -> Result<(), WebError> {
    let number = form.member_number.trim();
    if number.is_empty() || number.chars().count() > 40 {
        return Err(WebError::BadRequest(
            "member_number: give the member number (up to 40 characters)".to_string(),
        ));
    }
    if !MEMBERSHIP_KINDS.iter().any(|(k, _)| *k == form.kind) {
        return Err(WebError::BadRequest(
            "kind: choose the membership type".to_string(),
        ));
    }
    let date = |field: &str, text: &str| {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| WebError::BadRequest(format!("{field}: give the date as YYYY-MM-DD")))
    };
    let starts_on = date("starts_on", &form.starts_on)?;
    let ends_on = date("ends_on", &form.ends_on)?;
    if starts_on > today() {
        return Err(WebError::BadRequest(format!(
            "starts_on: {starts_on} is after today; record a membership once its dues are received"
        )));
    }
    if ends_on < starts_on {
        return Err(WebError::BadRequest(
            "ends_on: the membership must end on or after its first day".to_string(),
        ));
    }
    let now = Utc::now();
    state
        .store()
        .record_membership(
            &lattice_store::NewMembership {
                person,
                association,
                member_number: number.to_string(),
                kind: form.kind.clone(),
                starts_on,
                ends_on,
                recorded_by: Some(user.person.id),
                recorded_at: now,
            },
            &NewAudit {
                at: now,
                actor: Some(user.person.id),
                association: Some(association),
                subject: subject.to_string(),
                action: "record-membership".to_string(),
                reason: format!(
                    "member no. {number} ({}), {starts_on} to {ends_on}",
                    form.kind
                ),
            },
        )
        .await?;
    Ok(())
}

/// The coordinator records a membership for anyone with an account, by email (a member who
/// is not applying, or one who asked from their portfolio).
pub async fn record_by_email(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<MembershipForm>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let association = association_id(store, &slug).await?;
    authorize(&user.viewer, Action::Manage, Object::StaffArea(association))?;
    let person = match store.person_by_email(form.email.trim()).await {
        Ok((person, _)) => person,
        Err(lattice_store::StoreError::NotFound) => {
            return Err(WebError::BadRequest(format!(
                "email: no account uses {}; add the member with a roster import instead",
                form.email.trim()
            )));
        }
        Err(other) => return Err(other.into()),
    };
    record(
        &state,
        &user,
        person.id,
        association,
        &form,
        &format!("person:{}", person.id),
    )
    .await?;
    Ok(Redirect::to(&format!("/staff/{slug}/members#members")))
}

#[derive(Debug, Deserialize)]
pub struct JoinForm {
    #[serde(default)]
    association: String,
    #[serde(default)]
    kind: String,
}

/// A person asks an association to record their membership (to join, or to renew), and its
/// coordinator is told. The membership counts once the coordinator records it.
pub async fn request(
    State(state): State<AppState>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<JoinForm>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let association = match store.association_by_slug(form.association.trim()).await {
        Ok(row) => row,
        Err(lattice_store::StoreError::NotFound) => {
            return Err(WebError::BadRequest(
                "association: choose the association to join".to_string(),
            ));
        }
        Err(other) => return Err(other.into()),
    };
    if !MEMBERSHIP_KINDS.iter().any(|(k, _)| *k == form.kind) {
        return Err(WebError::BadRequest(
            "kind: choose the membership type".to_string(),
        ));
    }
    let now = Utc::now();
    let mail = coordinator_of(store, association.id)
        .await?
        .map(|coordinator| lattice_store::NewMail {
            recipient: coordinator.email,
            subject: format!("Membership request from {}", user.person.name),
            body: format!(
                "{} ({}) asks to join or renew their {} membership ({}).\nRecord it once the dues are in: {}/staff/{}/members\n",
                user.person.name,
                user.person.email,
                association.name,
                kind_label(&form.kind),
                state.config().base_url,
                association.slug
            ),
            created_at: now,
        });
    store
        .request_membership(
            user.person.id,
            association.id,
            &form.kind,
            state.payments().key(),
            now,
            mail.as_ref(),
        )
        .await?;
    Ok(Redirect::to("/portfolio#membership"))
}

/// The roster's columns, in template order.
pub const ROSTER_COLUMNS: [&str; 6] = [
    "member_number",
    "name",
    "email",
    "kind",
    "starts_on",
    "ends_on",
];

/// How many records the page lists (the newest); the count says how many there are.
const LISTED: i64 = 200;

#[derive(Debug, Deserialize)]
pub struct MembersQuery {
    #[serde(default)]
    imported: Option<usize>,
}

pub async fn members_page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    Query(query): Query<MembersQuery>,
) -> Result<Response, WebError> {
    members_view(&state, &user, &slug, query.imported, Vec::new(), None).await
}

async fn members_view(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    imported: Option<usize>,
    errors: Vec<String>,
    checked: Option<String>,
) -> Result<Response, WebError> {
    let store = state.store();
    let association = association_id(store, slug).await?;
    authorize(&user.viewer, Action::Manage, Object::StaffArea(association))?;
    let name = store.association(association).await?.name;
    let (count, listed) = store
        .memberships_of_association(association, LISTED)
        .await?;
    let today = today();
    let members = listed
        .into_iter()
        .map(|m| MemberView {
            id: m.membership.id,
            status: status_words(&m.membership, today),
            number: m.membership.member_number,
            name: m.name,
            email: m.email,
            kind: MEMBERSHIP_KINDS
                .iter()
                .find(|(k, _)| *k == m.membership.kind)
                .map_or(m.membership.kind.clone(), |(_, label)| (*label).to_string()),
            starts_on: m.membership.starts_on.to_string(),
            ends_on: m.membership.ends_on.to_string(),
            active: m.membership.starts_on <= today && today <= m.membership.ends_on,
        })
        .collect();
    let requests = store
        .open_membership_requests(None, Some(association))
        .await?
        .into_iter()
        .map(|r| RequestView {
            id: r.id,
            name: r.name,
            email: r.email,
            kind: kind_label(&r.kind),
            requested_on: r.requested_at.date_naive().to_string(),
            dues: r.dues.as_ref().map(|d| match d.paid_at {
                Some(at) => (format!("${} paid {}", d.amount_usd, at.date_naive()), false),
                None => (format!("${} not paid yet", d.amount_usd), true),
            }),
            other: r.other.map(|o| {
                (
                    format!(
                        "member of {} (no. {}) until {}",
                        o.association, o.member_number, o.valid_until
                    ),
                    o.proof_upload,
                )
            }),
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let body = page(&MembersPage {
        layout: Layout::new(format!("{name} members"), Some(user)),
        slug: slug.to_string(),
        name,
        count,
        members,
        requests,
        kind_options: MEMBERSHIP_KINDS,
        dues: {
            let set = store.membership_dues(association).await?;
            MEMBERSHIP_KINDS
                .iter()
                .filter(|(k, _)| *k != "other-imh-association")
                .map(|(k, label)| {
                    let amount = set
                        .iter()
                        .find(|(kind, _)| kind == k)
                        .map(|(_, a)| a.to_string())
                        .unwrap_or_default();
                    (*k, *label, amount)
                })
                .collect()
        },
        today: today.to_string(),
        imported,
        errors,
        checked,
        columns: ROSTER_COLUMNS.join(","),
        kinds: MEMBERSHIP_KINDS
            .iter()
            .map(|(k, _)| *k)
            .collect::<Vec<_>>()
            .join(", "),
    })?;
    Ok((status, body).into_response())
}

pub async fn roster_template(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
) -> Result<Response, WebError> {
    let association = association_id(state.store(), &slug).await?;
    authorize(&user.viewer, Action::Manage, Object::StaffArea(association))?;
    let mut text = ROSTER_COLUMNS.join(",");
    text.push('\n');
    text.push_str(
        "M-10421,Maya Lindqvist,maya.lindqvist@example.org,individual,2026-02-01,2027-01-31\n",
    );
    text.push_str(
        "M-10422,Jordan Alvarez,jordan.alvarez@example.org,student,2026-03-15,2027-03-14\n",
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"member-roster-template.csv\"",
            ),
        ],
        text,
    )
        .into_response())
}

/// Reads a member roster. Every bad cell is reported as `line L, column C (field): …`; when
/// there is any, nothing is stored.
pub fn read_roster_csv(text: &str, today: NaiveDate) -> Result<Vec<RosterRow>, Vec<String>> {
    let (mut reader, headers) = super::csv_with_header(text, &ROSTER_COLUMNS, &ROSTER_COLUMNS)?;
    let mut errors = Vec::new();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap_or(0);
    let mut rows: Vec<(u64, RosterRow)> = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let mut problem = |field: &str, message: String| {
            errors.push(format!(
                "line {line}, column {} ({field}): {message}",
                column(field) + 1
            ));
        };
        let cell = |field: &str| record.get(column(field)).unwrap_or("").to_string();
        let number = cell("member_number");
        if number.is_empty() || number.chars().count() > 40 {
            problem(
                "member_number",
                "give the member number (up to 40 characters)".into(),
            );
        }
        let name = cell("name");
        if !crate::input::clean_name(&name) {
            problem("name", "give the member's name (up to 200 characters, without line breaks or control characters)".into());
        }
        let email = cell("email");
        if !crate::input::deliverable_email(&email) {
            problem("email", format!("\"{email}\" is not an email address"));
        }
        let kind = cell("kind");
        if !MEMBERSHIP_KINDS.iter().any(|(k, _)| *k == kind) {
            problem(
                "kind",
                format!(
                    "\"{kind}\" is not a membership type; use one of {}",
                    MEMBERSHIP_KINDS
                        .iter()
                        .map(|(k, _)| *k)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        let mut date = |field: &str| {
            let text = cell(field);
            match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
                Ok(date) => Some(date),
                Err(_) => {
                    problem(field, format!("\"{text}\" is not a date (YYYY-MM-DD)"));
                    None
                }
            }
        };
        let (starts_on, ends_on) = (date("starts_on"), date("ends_on"));
        let (Some(starts_on), Some(ends_on)) = (starts_on, ends_on) else {
            continue;
        };
        if starts_on > today {
            problem(
                "starts_on",
                format!(
                    "{starts_on} is after today ({today}); add the member once the membership has begun"
                ),
            );
        }
        if ends_on < starts_on {
            problem(
                "ends_on",
                format!("{ends_on} is before the first day, {starts_on}"),
            );
        }
        if let Some((earlier, _)) = rows
            .iter()
            .find(|(_, r)| r.member_number == number && r.starts_on == starts_on)
        {
            problem(
                "member_number",
                format!("{number} starting {starts_on} is already on line {earlier}"),
            );
        }
        rows.push((
            line,
            RosterRow {
                member_number: number,
                name,
                email,
                kind,
                starts_on,
                ends_on,
            },
        ));
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push("the file has no members below its header line".to_string());
    }
    if errors.is_empty() {
        Ok(rows.into_iter().map(|(_, row)| row).collect())
    } else {
        Err(errors)
    }
}

pub async fn import_roster(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    upload: CsrfUpload,
) -> Result<Response, WebError> {
    let store = state.store();
    let association = association_id(store, &slug).await?;
    authorize(&user.viewer, Action::Manage, Object::StaffArea(association))?;
    let text = super::portfolio::upload_text(&upload, "file")?;
    let rows = match read_roster_csv(&text, today()) {
        Ok(rows) => rows,
        Err(errors) => return members_view(&state, &user, &slug, None, errors, None).await,
    };
    // Clashes with recorded memberships are named, every one, before anything is saved; the
    // store checks again inside its transaction.
    let plan = store.plan_roster_import(association, &rows).await?;
    if !plan.clashes.is_empty() {
        let errors = plan
            .clashes
            .iter()
            .map(|(row, why)| format!("line {}, column 1 (member_number): {why}", row + 2))
            .collect();
        return members_view(&state, &user, &slug, None, errors, None).await;
    }
    let left_alone = match plan.unchanged.len() {
        0 => String::new(),
        1 => " 1 row is recorded already exactly so and would be left alone.".to_string(),
        n => format!(" {n} rows are recorded already exactly so and would be left alone."),
    };
    // "Check only": the same checks, nothing saved; the coordinator sends the file again to
    // import it.
    if upload.part("dry_run").is_some() {
        let checked = format!(
            "The file is ready: importing it would record {} membership{} and {}.{left_alone} Nothing was saved: send the file again with \"Import the roster\".",
            plan.memberships,
            if plan.memberships == 1 { "" } else { "s" },
            match plan.new_accounts {
                0 => "make no new account (everyone in it has one)".to_string(),
                1 => "make 1 account (without a password; no mail is sent)".to_string(),
                n => format!("make {n} accounts (without a password; no mail is sent)"),
            },
        );
        return members_view(&state, &user, &slug, None, Vec::new(), Some(checked)).await;
    }
    let audit = NewAudit {
        at: Utc::now(),
        actor: Some(user.person.id),
        association: Some(association),
        subject: format!("association:{}", association.0),
        action: "import-member-roster".to_string(),
        reason: format!("{} memberships", rows.len()),
    };
    match store
        .import_roster(association, &rows, user.person.id, &audit)
        .await
    {
        Ok(count) => {
            Ok(Redirect::to(&format!("/staff/{slug}/members?imported={count}")).into_response())
        }
        Err(lattice_store::StoreError::Conflict(message)) => {
            // A clash recorded between the plan above and the import: the store names each
            // 0-based row; a person reads the file's line (after the header).
            let line_messages = message
                .split("; ")
                .map(|one| {
                    one.strip_prefix("row ")
                        .and_then(|rest| rest.split_once(':'))
                        .and_then(|(row, why)| Some((row.parse::<usize>().ok()? + 2, why.trim())))
                        .map_or(one.to_string(), |(line, why)| {
                            format!("line {line}, column 1 (member_number): {why}")
                        })
                })
                .collect();
            members_view(&state, &user, &slug, None, line_messages, None).await
        }
        Err(other) => Err(other.into()),
    }
}

/// A membership's standing on `today`, in the coordinator's words.
fn status_words(membership: &lattice_store::MembershipRow, today: NaiveDate) -> String {
    let elsewhere = membership
        .other_association
        .as_ref()
        .map(|other| format!(" (member of {other}, proof verified)"))
        .unwrap_or_default();
    if membership.starts_on > today {
        format!("Starts {}{elsewhere}", membership.starts_on)
    } else if membership.ends_on >= today {
        format!("Active{elsewhere}")
    } else if let Some(reason) = &membership.ended_reason {
        format!("Ended early: {reason}")
    } else {
        "Expired".to_string()
    }
}

#[derive(Debug, Deserialize)]
pub struct EndForm {
    #[serde(default)]
    last_day: String,
    #[serde(default)]
    reason: String,
}

/// A coordinator ends a membership before its last day (dues refunded, a member who left);
/// the record stays, with the reason, and the audit row names the coordinator.
pub async fn end(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<EndForm>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let association = association_id(store, &slug).await?;
    authorize(&user.viewer, Action::Manage, Object::StaffArea(association))?;
    let membership: i64 = super::path_id(&id)?;
    let last_day = NaiveDate::parse_from_str(form.last_day.trim(), "%Y-%m-%d")
        .map_err(|_| WebError::BadRequest("last_day: give the date as YYYY-MM-DD".into()))?;
    let reason = form.reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(WebError::BadRequest(
            "reason: say why it ends early (up to 500 characters)".to_string(),
        ));
    }
    store
        .end_membership(
            membership,
            association,
            last_day,
            reason,
            &NewAudit {
                at: Utc::now(),
                actor: Some(user.person.id),
                association: Some(association),
                subject: format!("membership:{membership}"),
                action: "end-membership".to_string(),
                reason: format!("last day {last_day}: {reason}"),
            },
        )
        .await?;
    Ok(Redirect::to(&format!(
        "/staff/{slug}/members#members-heading"
    )))
}

/// A coordinator verified the proof of membership in another infant mental health
/// association: it is recorded, from today to the day the proof shows.
pub async fn verify_other(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<crate::forms::Posted>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let association = association_id(store, &slug).await?;
    authorize(&user.viewer, Action::Manage, Object::StaffArea(association))?;
    let request: i64 = super::path_id(&id)?;
    store
        .verify_other_membership(
            request,
            association,
            user.person.id,
            &NewAudit {
                at: Utc::now(),
                actor: Some(user.person.id),
                association: Some(association),
                subject: format!("membership-request:{request}"),
                action: "verify-other-membership".to_string(),
                reason: "proof of membership in another infant mental health association checked"
                    .to_string(),
            },
        )
        .await?;
    Ok(Redirect::to(&format!(
        "/staff/{slug}/members#members-heading"
    )))
}

/// Where the association's rules accept membership in another infant mental health
/// association, the applicant sends what it is with a proof (a card or a receipt, as PDF or
/// image) for a coordinator to verify. Nothing counts until they do.
pub async fn request_other(
    State(state): State<AppState>,
    user: CurrentUser,
    upload: CsrfUpload,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let text = |name: &str| {
        upload
            .part(name)
            .map(|p| String::from_utf8_lossy(&p.bytes).trim().to_string())
            .unwrap_or_default()
    };
    let association = match store.association_by_slug(&text("association")).await {
        Ok(row) => row,
        Err(lattice_store::StoreError::NotFound) => {
            return Err(WebError::BadRequest(
                "association: choose the association you apply to".to_string(),
            ));
        }
        Err(other) => return Err(other.into()),
    };
    let accepts = state
        .catalog()
        .profile(&association.slug, today())
        .map(|p| p.membership.any_imh_association)
        .unwrap_or(false);
    if !accepts {
        return Err(WebError::BadRequest(format!(
            "other_association: {} counts only membership in itself; join it instead",
            association.name
        )));
    }
    let other = text("other_association");
    if other.is_empty() || other.chars().count() > 200 {
        return Err(WebError::BadRequest(
            "other_association: name the association you are a member of (up to 200 characters)"
                .to_string(),
        ));
    }
    let number = text("member_number");
    if number.is_empty() || number.chars().count() > 40 {
        return Err(WebError::BadRequest(
            "member_number: give your member number there (up to 40 characters)".to_string(),
        ));
    }
    let valid_until = NaiveDate::parse_from_str(&text("valid_until"), "%Y-%m-%d")
        .map_err(|_| WebError::BadRequest("valid_until: give the date as YYYY-MM-DD".into()))?;
    if valid_until < today() {
        return Err(WebError::BadRequest(format!(
            "valid_until: {valid_until} has passed; renew there first, then send the new proof"
        )));
    }
    let proof =
        super::files::save_file(&state, &user, &upload, "proof", None, "membership-proof").await?;
    let now = Utc::now();
    let mail = coordinator_of(store, association.id)
        .await?
        .map(|coordinator| lattice_store::NewMail {
            recipient: coordinator.email,
            subject: format!("Membership elsewhere to verify: {}", user.person.name),
            body: format!(
                "{} ({}) is a member of {other} (no. {number}) until {valid_until}, and sent a proof.\nCheck it and verify: {}/staff/{}/members\n",
                user.person.name,
                user.person.email,
                state.config().base_url,
                association.slug
            ),
            created_at: now,
        });
    store
        .request_other_membership(
            user.person.id,
            association.id,
            &lattice_store::OtherMembershipClaim {
                association: other,
                member_number: number,
                valid_until,
                proof_upload: proof,
            },
            now,
            mail.as_ref(),
        )
        .await?;
    Ok(Redirect::to("/portfolio#membership"))
}

/// The association's dues per membership type, from the Members page: a field per type, in
/// whole dollars; an empty field means the type is not charged through Lattice.
pub async fn set_dues(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<crate::forms::Posted>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let association = association_id(store, &slug).await?;
    authorize(&user.viewer, Action::Manage, Object::StaffArea(association))?;
    let mut dues = Vec::new();
    for (key, value) in form.iter() {
        let Some(kind) = key.strip_prefix("dues:") else {
            continue;
        };
        if !MEMBERSHIP_KINDS.iter().any(|(k, _)| *k == kind) {
            return Err(WebError::BadRequest(format!(
                "{key}: not a membership type"
            )));
        }
        let text = value.trim().trim_start_matches('$');
        if text.is_empty() {
            continue;
        }
        let amount: i64 = text
            .parse()
            .ok()
            .filter(|a| (0..=100_000).contains(a))
            .ok_or_else(|| {
                WebError::BadRequest(format!(
                    "{key}: give the dues in whole dollars (0 to 100000), or leave it empty"
                ))
            })?;
        dues.push((kind.to_string(), amount));
    }
    let words: Vec<String> = dues.iter().map(|(k, a)| format!("{k} ${a}")).collect();
    store
        .set_membership_dues(
            association,
            &dues,
            &NewAudit {
                at: Utc::now(),
                actor: Some(user.person.id),
                association: Some(association),
                subject: format!("association:{slug}"),
                action: "set-membership-dues".to_string(),
                reason: if words.is_empty() {
                    "no dues charged through Lattice".to_string()
                } else {
                    words.join(", ")
                },
            },
        )
        .await?;
    Ok(Redirect::to(&format!("/staff/{slug}/members#dues")))
}

/// A coordinator records a request's dues paid (the payment reached the association through
/// its provider: by hand, today).
pub async fn dues_paid(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<crate::forms::Posted>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let association = association_id(store, &slug).await?;
    authorize(&user.viewer, Action::Manage, Object::StaffArea(association))?;
    let request: i64 = super::path_id(&id)?;
    store
        .mark_dues_paid(
            request,
            association,
            user.person.id,
            &NewAudit {
                at: Utc::now(),
                actor: Some(user.person.id),
                association: Some(association),
                subject: format!("membership-request:{request}"),
                action: "membership-dues-paid".to_string(),
                reason: String::new(),
            },
        )
        .await?;
    Ok(Redirect::to(&format!(
        "/staff/{slug}/members#requests-heading"
    )))
}
