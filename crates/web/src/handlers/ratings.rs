//! Reference ratings: the applicant asks a rater by email; the rater opens a single-use,
//! expiring link and rates the competency areas without an account; the rating completes the
//! portfolio's reference, where the engine applies its rules (6 or more "not enough
//! information" answers and it does not count; it is valid one year).

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use chrono::{Duration, NaiveDate, Utc};
use lattice_domain::competency::CompetencyArea;
use lattice_domain::documents::{self, MailKind};
use lattice_domain::language::{Language, OfferedLanguages};
use lattice_store::{NewMail, NewRaterRequest, NewRating, Section, StoreError, token};
use serde::Deserialize;
use serde_json::{Value, json};

use super::current_application;
use super::page;
use crate::auth::{CsrfForm, CurrentUser, RequestLanguage, anonymous_csrf, new_token};
use crate::error::WebError;
use crate::forms::Posted;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::views::{Layout, MessagePage, RateArea, RatePage, RateProblem};

/// How long a rating link works.
pub const LINK_DAYS: i64 = 30;
pub use crate::evidence::SCALE;

#[derive(Debug, Deserialize)]
pub struct RequestForm {
    name: String,
    email: String,
    role: String,
    #[serde(default)]
    waived: Option<String>,
    /// The language of the request's mail and the rating form; absent when the association
    /// offers English only (no choice is shown), then the request is English.
    #[serde(default)]
    language: Option<String>,
}

/// Who is asked, by whom, for which association and category, and in which role.
struct Invitation<'a> {
    to: &'a str,
    rater: &'a str,
    applicant: &'a str,
    association_id: lattice_domain::ids::AssociationId,
    association: &'a str,
    category: &'a str,
    role: &'a str,
    /// The language the applicant chose for the rater.
    language: Language,
}

/// The rating request, in the association's wording when it saved one
/// (`/staff/{slug}/settings/mail`), sent as saved whatever the request's language (a saved
/// template has one wording; template storage has no language); otherwise the built-in
/// wording in the language the applicant chose for the rater. The rater's role is named in
/// that language either way.
async fn rating_mail(
    state: &AppState,
    invitation: &Invitation<'_>,
    link_token: &str,
) -> Result<NewMail, WebError> {
    let tr = state.tr(invitation.language);
    let values = [
        ("rater_name", invitation.rater.to_string()),
        ("applicant_name", invitation.applicant.to_string()),
        ("association", invitation.association.to_string()),
        ("category", invitation.category.to_string()),
        ("role", tr.tk("rater-role", invitation.role)),
        ("link_days", LINK_DAYS.to_string()),
        (
            "link",
            format!("{}/rate/{link_token}", state.config().base_url),
        ),
    ];
    let template = super::mail_templates::stored(
        state.store(),
        invitation.association_id,
        MailKind::RatingRequest,
    )
    .await?;
    let (subject, body) = documents::compose_in(
        MailKind::RatingRequest,
        template
            .as_ref()
            .map(|t| (t.subject.as_str(), t.body.as_str())),
        invitation.language,
        &values,
    );
    Ok(NewMail {
        recipient: invitation.to.to_string(),
        subject,
        body,
        created_at: Utc::now(),
    })
}

/// The language chosen on the request form: English when no choice was shown (the association
/// offers English only); a code the association does not offer is refused by name, so a
/// forged form cannot send a Spanish mail for an English-only association.
fn chosen_language(offered: &OfferedLanguages, sent: Option<&str>) -> Result<Language, WebError> {
    let Some(code) = sent.map(str::trim).filter(|code| !code.is_empty()) else {
        return Ok(Language::English);
    };
    match Language::from_code(code) {
        Some(language) if offered.contains(language) && language.code() == code => Ok(language),
        _ => Err(WebError::BadRequest(format!(
            "language: rating requests can be sent only in the languages your association offers ({offered}), not in {code}"
        ))),
    }
}

/// A rater's name, email and role as a request or a paper rating gives them; each refusal
/// names its field.
fn check_rater(name: &str, email: &str, role: &str) -> Result<(), WebError> {
    if !crate::input::clean_name(name) {
        return Err(WebError::BadRequest(
            "name: give the rater's name (up to 200 characters, without line breaks or control characters)".to_string(),
        ));
    }
    if !crate::input::deliverable_email(email) {
        return Err(WebError::BadRequest(
            "email: give the rater's email address, like name@example.org".to_string(),
        ));
    }
    if !lattice_domain::portfolio::ReferenceRole::ALL
        .iter()
        .any(|r| r.key() == role)
    {
        return Err(WebError::BadRequest(
            "role: choose the rater's role".to_string(),
        ));
    }
    Ok(())
}

pub async fn request(
    State(state): State<AppState>,
    user: CurrentUser,
    client: crate::limits::ClientAddr,
    CsrfForm(form): CsrfForm<RequestForm>,
) -> Result<Response, WebError> {
    let name = form.name.trim();
    let email = form.email.trim();
    check_rater(name, email, &form.role)?;
    let store = state.store();
    super::portfolio::ensure_editable(store, user.person.id).await?;
    let application = current_application(store, user.person.id)
        .await?
        .ok_or_else(|| {
            WebError::BadRequest(
                "role: register for a category before asking for ratings".to_string(),
            )
        })?;
    let offered = super::offered_to_raters(&state, Some(&application), &user).await?;
    let language = chosen_language(&offered, form.language.as_deref())?;
    crate::limits::rater_mail(&state, user.person.id, email, client).await?;
    let waived = form.waived.is_some();
    let entry = store
        .add_entry(
            user.person.id,
            Section::References,
            &json!({"role": form.role, "name": name, "email": email, "status": "requested", "waived": waived}),
        )
        .await?;
    let link = new_token()?;
    let now = Utc::now();
    store
        .create_rater_request(
            &NewRaterRequest {
                application: application.id,
                entry: Some(entry),
                waived,
                rater_name: name.to_string(),
                rater_email: email.to_string(),
                role: form.role.clone(),
                token_hash: token::hash_token(&link),
                created_at: now,
                expires_at: now + Duration::days(LINK_DAYS),
                language,
            },
            &rating_mail(
                &state,
                &Invitation {
                    to: email,
                    rater: name,
                    applicant: &user.person.name,
                    association_id: application.association,
                    association: &store.association(application.association).await?.name,
                    category: &application.category,
                    role: &form.role,
                    language,
                },
                &link,
            )
            .await?,
        )
        .await?;
    Ok(super::portfolio::done_redirect("references", "requested").into_response())
}

#[derive(Debug, Deserialize)]
pub struct PaperForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    completed_on: String,
    #[serde(default)]
    not_enough_info: String,
    #[serde(default)]
    attest: Option<String>,
}

/// A coordinator records a rating the rater sent on paper, attesting to it; the audit log
/// names the coordinator, and the portfolio counts it as the staff's word.
pub async fn record_paper(
    State(state): State<AppState>,
    Path(id): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<PaperForm>,
) -> Result<Response, WebError> {
    let store = state.store();
    let (application, _) = super::visible_application(store, &user.viewer, &id).await?;
    if !super::coordinates(&user, &application) {
        return Err(WebError::BadRequest(
            "attest: only the association's coordinator records a paper rating".to_string(),
        ));
    }
    super::portfolio::ensure_editable(store, application.person).await?;
    let name = form.name.trim();
    let email = form.email.trim();
    check_rater(name, email, &form.role)?;
    let today = super::today();
    let completed_on =
        NaiveDate::parse_from_str(form.completed_on.trim(), "%Y-%m-%d").map_err(|_| {
            WebError::BadRequest("completed_on: give the date on the form as YYYY-MM-DD".into())
        })?;
    if completed_on > today {
        return Err(WebError::BadRequest(format!(
            "completed_on: {completed_on} is after today ({today})"
        )));
    }
    let areas = CompetencyArea::all().count();
    let not_enough_info: usize = form.not_enough_info.trim().parse().map_err(|_| {
        WebError::BadRequest(format!(
            "not_enough_info: give how many areas the rater marked \"not enough information\" (0 to {areas})"
        ))
    })?;
    if not_enough_info > areas {
        return Err(WebError::BadRequest(format!(
            "not_enough_info: the form has {areas} areas"
        )));
    }
    if form.attest.as_deref() != Some("yes") {
        return Err(WebError::BadRequest(
            "attest: confirm that you hold the rater's signed form".to_string(),
        ));
    }
    let now = Utc::now();
    let entry = json!({
        "role": form.role, "name": name, "email": email, "status": "completed",
        "not_enough_info": not_enough_info, "completed_on": completed_on.to_string(),
    });
    let request = NewRaterRequest {
        application: application.id,
        entry: None,
        waived: true,
        rater_name: name.to_string(),
        rater_email: email.to_string(),
        role: form.role.clone(),
        // Never sent: the paper form is the rating.
        token_hash: token::hash_token(&new_token()?),
        created_at: now,
        expires_at: now,
        // Nothing is sent and no form is shown: the paper form is in whatever language it was.
        language: Language::English,
    };
    store
        .record_paper_rating(
            application.person,
            &request,
            &entry,
            &NewRating {
                answers: json!({"paper-form": true}),
                not_enough_info: i64::try_from(not_enough_info).unwrap_or(i64::MAX),
                comments: format!("Paper rating form, recorded by {}", user.person.name),
                known_since: None,
                submitted_at: now,
            },
            user.person.id,
            &lattice_store::NewAudit {
                at: now,
                actor: Some(user.person.id),
                association: Some(application.association),
                subject: format!("application:{}", application.id),
                action: "record-paper-rating".to_string(),
                reason: format!(
                    "{name} ({}), completed {completed_on}; the coordinator holds the signed form",
                    form.role
                ),
            },
        )
        .await?;
    Ok(Redirect::to(&format!("/applications/{}#paper-rating", application.id)).into_response())
}

/// One of the applicant's own unanswered requests.
async fn own_open_request(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> Result<lattice_store::RaterRequestRow, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let store = state.store();
    for application in store.applications_of_person(user.person.id).await? {
        let requests = store.rater_requests_of(application.id).await?;
        if let Some(request) = requests.into_iter().find(|r| r.id == id) {
            return if request.used_at.is_none() {
                Ok(request)
            } else {
                Err(WebError::NotFound)
            };
        }
    }
    Err(WebError::NotFound)
}

/// Withdraws a request (to replace the rater): the link stops working and its reference
/// entry goes.
pub async fn cancel(
    State(state): State<AppState>,
    Path(id): Path<String>,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<Posted>,
) -> Result<Redirect, WebError> {
    let request = own_open_request(&state, &user, &id).await?;
    state
        .store()
        .cancel_rater_request(request.id, Utc::now())
        .await?;
    if let Some(entry) = request.entry {
        match state.store().delete_entry(user.person.id, entry).await {
            Ok(()) | Err(StoreError::NotFound) => {}
            Err(other) => return Err(other.into()),
        }
    }
    Ok(super::portfolio::done_redirect("references", "cancelled"))
}

pub async fn resend(
    State(state): State<AppState>,
    Path(id): Path<String>,
    user: CurrentUser,
    client: crate::limits::ClientAddr,
    CsrfForm(_): CsrfForm<Posted>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let request = own_open_request(&state, &user, &id).await?;
    crate::limits::rater_mail(&state, user.person.id, &request.rater_email, client).await?;
    let application = store.application(request.application).await?;
    let association = store.association(application.association).await?.name;
    let link = new_token()?;
    store
        .renew_rater_token(
            request.id,
            &token::hash_token(&link),
            Utc::now() + Duration::days(LINK_DAYS),
            &rating_mail(
                &state,
                &Invitation {
                    to: &request.rater_email,
                    rater: &request.rater_name,
                    applicant: &user.person.name,
                    association_id: application.association,
                    association: &association,
                    category: &application.category,
                    role: &request.role,
                    language: request.language,
                },
                &link,
            )
            .await?,
        )
        .await?;
    Ok(super::portfolio::done_redirect("references", "resent"))
}

/// A used, expired or unknown link. The request behind it is not read (a spent token finds
/// none), so the page speaks the reader's language: their browser's, or the switch's.
fn link_gone(tr: Tr) -> Result<Response, WebError> {
    let body = page(&MessagePage {
        layout: Layout::anonymous(tr.t("rate-gone-title"), String::new()).in_language(tr),
        heading: tr.t("rate-gone-heading"),
        body: tr.t("rate-gone-body"),
        link: "/".to_string(),
        link_text: tr.t("rate-home"),
    })?;
    Ok((StatusCode::NOT_FOUND, body).into_response())
}

/// The areas the rater is asked about: those of the applicant's category.
fn rated_areas(category: &str) -> Vec<CompetencyArea> {
    match category.parse::<lattice_domain::category::Category>() {
        Ok(category) => CompetencyArea::rated_for(category.track),
        // A category the catalogue no longer knows: every area, rather than none.
        Err(_) => CompetencyArea::all().collect(),
    }
}

fn areas(tr: Tr, category: &str, answers: &BTreeMap<String, String>) -> Vec<RateArea> {
    let mut previous = None;
    rated_areas(category)
        .into_iter()
        .map(|area| {
            let first_in_domain = previous != Some(area.domain());
            previous = Some(area.domain());
            RateArea {
                id: area.id().to_string(),
                name: tr.tk("area", area.id()),
                domain: tr.tk("domain", area.domain().key()),
                first_in_domain,
                answer: answers.get(area.id()).cloned().unwrap_or_default(),
            }
        })
        .collect()
}

/// What the rater typed so far: the form comes back with it when something is missing.
#[derive(Default)]
struct Typed {
    answers: BTreeMap<String, String>,
    known_since: String,
    comments: String,
}

async fn rate_page(
    state: &AppState,
    jar: CookieJar,
    reader: Tr,
    link: &str,
    typed: Typed,
    errors: Vec<RateProblem>,
) -> Result<Response, WebError> {
    let request = match state
        .store()
        .rater_request_by_token(&token::hash_token(link), Utc::now())
        .await
    {
        Ok(request) => request,
        Err(StoreError::NotFound) => return link_gone(reader),
        Err(other) => return Err(other.into()),
    };
    // The language the applicant chose for the rater, whatever the reader's browser says.
    let tr = state.tr(request.language);
    let application = state.store().application(request.application).await?;
    let applicant = state.store().person(application.person).await?;
    let (jar, csrf) = anonymous_csrf(jar, state.config().secure_cookies)?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let body = page(&RatePage {
        layout: Layout::anonymous(tr.t("rate-title"), csrf).fixed_language(tr),
        token: link.to_string(),
        rater: request.rater_name,
        applicant: applicant.name,
        areas: areas(tr, &application.category, &typed.answers),
        category: application.category,
        scale: SCALE
            .iter()
            .map(|(k, _)| ((*k).to_string(), tr.tk("scale", k)))
            .collect(),
        waived: request.waived,
        errors,
        known_since: typed.known_since,
        comments: typed.comments,
    })?;
    Ok((status, jar, body).into_response())
}

pub async fn rate_form(
    State(state): State<AppState>,
    Path(link): Path<String>,
    RequestLanguage(reader): RequestLanguage,
    jar: CookieJar,
) -> Result<Response, WebError> {
    let reader = state.tr(reader);
    rate_page(&state, jar, reader, &link, Typed::default(), Vec::new()).await
}

pub async fn rate_submit(
    State(state): State<AppState>,
    Path(link): Path<String>,
    RequestLanguage(reader): RequestLanguage,
    jar: CookieJar,
    CsrfForm(form): CsrfForm<Posted>,
) -> Result<Response, WebError> {
    let reader = state.tr(reader);
    let hash = token::hash_token(&link);
    let (category, tr) = match state
        .store()
        .rater_request_by_token(&hash, Utc::now())
        .await
    {
        Ok(request) => (
            state
                .store()
                .application(request.application)
                .await?
                .category,
            state.tr(request.language),
        ),
        Err(StoreError::NotFound) => return link_gone(reader),
        Err(other) => return Err(other.into()),
    };
    // Only the areas of the applicant's category are asked, so only they are kept.
    let rated = rated_areas(&category);
    let answers: BTreeMap<String, String> = form
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("area:")
                .filter(|id| rated.iter().any(|area| area.id() == *id))
                .map(|id| (id.to_string(), v.clone()))
        })
        .collect();
    let mut errors = Vec::new();
    for area in &rated {
        match answers.get(area.id()) {
            Some(answer) if SCALE.iter().any(|(k, _)| k == answer) => {}
            _ => errors.push(RateProblem {
                // The area's first answer: its radio group is reached from there.
                anchor: format!("area-{}-{}", area.id(), SCALE[0].0),
                message: tr.t1("rate-problem-answer", "area", tr.tk("area", area.id())),
            }),
        }
    }
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let known_since = match field("known_since").as_str() {
        "" => None,
        text => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(date) => Some(date),
            Err(_) => {
                errors.push(RateProblem {
                    anchor: "known_since".to_string(),
                    message: tr.t("rate-problem-known-since"),
                });
                None
            }
        },
    };
    let comments = field("comments");
    if comments.len() > 8000 {
        errors.push(RateProblem {
            anchor: "comments".to_string(),
            message: tr.t("rate-problem-comments"),
        });
    }
    if !errors.is_empty() {
        let typed = Typed {
            answers,
            known_since: field("known_since"),
            comments,
        };
        return rate_page(&state, jar, reader, &link, typed, errors).await;
    }
    let now = Utc::now();
    let request = match state.store().rater_request_by_token(&hash, now).await {
        Ok(request) => request,
        Err(StoreError::NotFound) => return link_gone(reader),
        Err(other) => return Err(other.into()),
    };
    let not_enough_info = answers
        .values()
        .filter(|a| *a == "not-enough-information")
        .count();
    let application = state.store().application(request.application).await?;
    // The portfolio's reference entry becomes a completed rating.
    let entry = match request.entry {
        Some(entry_id) => {
            let current = state
                .store()
                .entries(application.person)
                .await?
                .into_iter()
                .find(|e| e.id == entry_id)
                .map(|e| e.data)
                .unwrap_or_else(|| json!({}));
            let mut data = current.as_object().cloned().unwrap_or_default();
            data.insert("role".into(), Value::String(request.role.clone()));
            data.insert("name".into(), Value::String(request.rater_name.clone()));
            data.insert("status".into(), json!("completed"));
            data.insert("not_enough_info".into(), json!(not_enough_info));
            data.insert("completed_on".into(), json!(now.date_naive().to_string()));
            if let Some(since) = known_since {
                data.insert("known_since".into(), json!(since.to_string()));
            }
            Some((application.person, entry_id, Value::Object(data)))
        }
        None => None,
    };
    let rating = NewRating {
        answers: json!(answers),
        not_enough_info: i64::try_from(not_enough_info).unwrap_or(i64::MAX),
        comments,
        known_since,
        submitted_at: now,
    };
    match state
        .store()
        .submit_rating(&hash, now, &rating, entry)
        .await
    {
        Ok(_) => {}
        Err(StoreError::NotFound) => return link_gone(reader),
        Err(other) => return Err(other.into()),
    }
    let body = page(&MessagePage {
        layout: Layout::anonymous(tr.t("rate-thanks-title"), String::new()).fixed_language(tr),
        heading: tr.t("rate-thanks-heading"),
        body: tr.t("rate-thanks-body"),
        link: "/".to_string(),
        link_text: tr.t("rate-home"),
    })?;
    Ok(body.into_response())
}
