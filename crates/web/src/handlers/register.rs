//! Registering for a category at an association: the requirements in plain words and the
//! fees, an intended submission date at least four weeks out, and the registration invoice.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Duration, NaiveDate, Utc};
use lattice_domain::category::Category;
use lattice_domain::documents;
use lattice_store::{Effects, InvoiceKind, NewApplication, NewInvoice, NewMail};
use serde::Deserialize;

use super::coordinator_of;
use super::mail_templates::reader_language;
use super::public::categories;
use super::workflow::fees_for;
use super::{page, today};
use crate::auth::{CsrfForm, CurrentUser};
use crate::error::WebError;
use crate::state::AppState;
use crate::views::{CategoryChoice, Layout, RegisterPage};

/// Weeks between registration and the intended submission (the coordinator confirms in that time).
pub const LEAD_WEEKS: i64 = 4;

#[derive(Debug, Deserialize)]
pub struct RegisterQuery {
    #[serde(default)]
    association: String,
    #[serde(default)]
    category: String,
}

pub async fn register_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<RegisterQuery>,
) -> Result<Response, WebError> {
    let slug = if query.association.is_empty() {
        "massaimh".to_string()
    } else {
        query.association
    };
    render(
        &state,
        &user,
        &slug,
        &query.category,
        "",
        None,
        StatusCode::OK,
    )
    .await
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    category: &str,
    intended: &str,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let association = state.store().association_by_slug(slug).await?;
    let profile = state
        .catalog()
        .profile(slug, today())
        .map_err(|_| WebError::NotFound)?;
    let tr = state.tr(user.language);
    let mut choices = Vec::new();
    for view in categories(profile, &tr) {
        for abbreviation in [view.imh.clone(), view.ecmh.clone()] {
            if view.offered {
                choices.push(CategoryChoice {
                    selected: abbreviation.eq_ignore_ascii_case(category),
                    title: abbreviation
                        .parse::<Category>()
                        .map(|c| c.title().to_string())
                        .unwrap_or_default(),
                    abbreviation,
                });
            }
        }
    }
    let associations = state.store().associations().await?;
    let earliest = today() + Duration::weeks(LEAD_WEEKS);
    let body = page(&RegisterPage {
        layout: Layout::new(tr.t("register-title"), Some(user)).in_language(tr),
        association: association.name,
        slug: association.slug,
        associations: associations.into_iter().map(|a| (a.slug, a.name)).collect(),
        categories: categories(profile, &tr),
        choices,
        earliest: earliest.to_string(),
        earliest_words: tr.date(earliest),
        intended: intended.to_string(),
        error,
    })?;
    Ok((status, body).into_response())
}

#[derive(Debug, Deserialize)]
pub struct RegisterForm {
    association: String,
    category: String,
    intended_submission: String,
}

pub async fn register(
    State(state): State<AppState>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<RegisterForm>,
) -> Result<Response, WebError> {
    let store = state.store();
    let association = store.association_by_slug(&form.association).await?;
    // A registration takes the edition in force today: one another node scheduled or withdrew
    // a moment ago counts too.
    crate::catalog::refresh(&state).await?;
    let earliest = today() + Duration::weeks(LEAD_WEEKS);
    // Each mistake is the form's field and a message in the reader's language (`register-
    // error-…`), so the page puts it beside that field.
    let tr = state.tr(user.language);
    let problem = match (
        form.category.parse::<Category>(),
        NaiveDate::parse_from_str(form.intended_submission.trim(), "%Y-%m-%d"),
    ) {
        (Err(_), _) => Some(format!("category: {}", tr.t("register-error-category"))),
        (_, Err(_)) => Some(format!(
            "intended_submission: {}",
            tr.t("register-error-date")
        )),
        (Ok(_), Ok(date)) if date < earliest => Some(format!(
            "intended_submission: {}",
            tr.t2(
                "register-error-too-early",
                "earliest",
                tr.date(earliest),
                "weeks",
                LEAD_WEEKS
            )
        )),
        _ => None,
    };
    let profile = state
        .catalog()
        .profile(&association.slug, today())
        .map_err(|_| WebError::NotFound)?;
    let offered = form
        .category
        .parse::<Category>()
        .ok()
        .and_then(|c| profile.categories.get(&c.track))
        .is_some_and(|rule| rule.offered);
    let problem = problem.or_else(|| {
        (!offered).then(|| {
            format!(
                "category: {}",
                tr.t1(
                    "register-error-not-offered",
                    "association",
                    &association.name
                )
            )
        })
    });
    // One open application per person, association and category: a second would split the
    // portfolio's review, fees and mail between two records of the same attempt.
    let already_open = match form.category.parse::<Category>() {
        Ok(category) => store
            .applications_of_person(user.person.id)
            .await?
            .iter()
            .any(|a| {
                a.association == association.id
                    && a.category == category.abbreviation()
                    && !a.state.is_final()
            }),
        Err(_) => false,
    };
    let problem = problem.or_else(|| {
        already_open.then(|| {
            format!(
                "category: {}",
                tr.t2(
                    "register-error-already-open",
                    "category",
                    &form.category,
                    "association",
                    &association.name
                )
            )
        })
    });
    if let Some(error) = problem {
        return render(
            &state,
            &user,
            &association.slug,
            &form.category,
            &form.intended_submission,
            Some(error),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let category = form
        .category
        .parse::<Category>()
        .map_err(|e| WebError::BadRequest(format!("category: {e}")))?;
    let intended = NaiveDate::parse_from_str(form.intended_submission.trim(), "%Y-%m-%d")
        .map_err(|_| WebError::BadRequest("intended_submission: a date".to_string()))?;
    let now = Utc::now();
    let mut effects = Effects::default();
    let fees = fees_for(&state, &association.slug, category.abbreviation());
    if let Some(fees) = &fees {
        effects.invoice = Some(NewInvoice {
            kind: InvoiceKind::Registration,
            amount_usd: i64::from(fees.registration_usd),
            provider: state.payments().key().to_string(),
            created_at: now,
        });
    }
    if let Some(coordinator) = coordinator_of(store, association.id).await? {
        effects.mails.push(NewMail {
            recipient: coordinator.email,
            subject: format!("{}: new registration from {}", association.name, user.person.name),
            body: format!(
                "{} ({}) registered for {} ({}), intending to submit on {intended}.\nConfirm membership and the registration fee in Lattice.\n",
                user.person.name,
                user.person.email,
                category.abbreviation(),
                category.title()
            ),
            created_at: now,
        });
    }
    let language = reader_language(&state, association.id, &user.person).await?;
    let (subject, body) = documents::registration_receipt(
        language,
        &documents::Registration {
            name: &user.person.name,
            category: category.abbreviation(),
            title: category.title(),
            association: &association.name,
            fee: fees
                .as_ref()
                .map(|f| (f.registration_usd, state.payments().instructions(language))),
            portfolio_link: &format!("{}/portfolio", state.config().base_url),
        },
    );
    effects.mails.push(NewMail {
        recipient: user.person.email.clone(),
        subject,
        body,
        created_at: now,
    });
    let id = store
        .register_application(
            &NewApplication {
                person: user.person.id,
                association: association.id,
                category: category.abbreviation().to_string(),
                intended_submission: Some(intended),
                created_at: now,
            },
            &format!("intends to submit on {intended}"),
            &effects,
        )
        .await?;
    Ok(Redirect::to(&format!("/applications/{id}")).into_response())
}
