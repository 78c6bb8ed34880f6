//! Rule changes with a preview (issue #21 item 3): the coordinator of an association (or the
//! Alliance administrator) drafts a new edition of its requirement profile, sees which
//! applicants' and endorsees' outcomes it changes on its effective date, and schedules it.
//!
//! The draft is one `[[edition]]` in the files' shape, appended to the association's file and
//! loaded as the files are (`lattice_profiles::draft`), so a draft is refused for the same
//! reasons a file is. The preview reads every open application's and every endorsee's stored
//! portfolio in bulk (`portfolio::documents`, a few queries per 500 people), parses each once,
//! and lets the engine judge it under both editions (`lattice_domain::preview`). Scheduling
//! stores the edition and puts a catalog with it in force on this node; other nodes follow
//! (`catalog::refresh`). Until it takes effect, the latest scheduled edition can be withdrawn.
//! An application keeps the edition of the day it registered, since it is judged by
//! `rules_as_of`, which an edition taking effect after today (the earliest a draft may take)
//! does not reach.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate, Utc};
use lattice_domain::application::State as ApplicationState;
use lattice_domain::category::Category;
use lattice_domain::ids::{AssociationId, PersonId};
use lattice_domain::portfolio::Portfolio;
use lattice_domain::preview::{Subject, preview as compare_all};
use lattice_profiles::Catalog;
use lattice_profiles::draft::{Drafted, load_draft, template};
use lattice_store::{EditionStatus, NewAudit, NewEdition};
use serde::Deserialize;

use super::{page, today};
use crate::auth::{CsrfForm, CurrentUser};
use crate::error::WebError;
use crate::state::AppState;
use crate::views::{Layout, RuleChangeView, RuleEditionView, RulePreviewView};

#[derive(askama::Template)]
#[template(path = "rules.html")]
pub struct RulesPage {
    pub layout: Layout,
    pub slug: String,
    pub name: String,
    /// The edition in force today and the day it took effect.
    pub in_force: String,
    pub in_force_since: String,
    pub text: String,
    pub errors: Vec<String>,
    pub notice: Option<String>,
    pub preview: Option<RulePreviewView>,
    pub editions: Vec<RuleEditionView>,
    pub refused: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RulesQuery {
    scheduled: Option<String>,
    withdrawn: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct DraftForm {
    #[serde(default)]
    text: String,
}

/// The association whose rules these are, once the viewer may manage it.
struct Target {
    id: AssociationId,
    name: String,
}

async fn target(state: &AppState, user: &CurrentUser, slug: &str) -> Result<Target, WebError> {
    let super::ManagedAssociation { id, name } =
        super::managed_association(state, user, slug).await?;
    // The page shows the editions in force and scheduled: those another node scheduled or
    // withdrew a moment ago too.
    crate::catalog::refresh(state).await?;
    Ok(Target { id, name })
}

/// The longest draft taken: the largest profile file is a few tens of kilobytes.
const MAX_DRAFT: usize = 64 * 1024;

/// What a rendering of the page shows besides the rules in force and the editions.
#[derive(Default)]
struct Shown {
    text: String,
    errors: Vec<String>,
    notice: Option<String>,
    preview: Option<RulePreviewView>,
    /// Why a withdrawal was refused.
    refused: Option<String>,
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    target: &Target,
    shown: Shown,
) -> Result<Response, WebError> {
    let Shown {
        text,
        errors,
        notice,
        preview,
        refused,
    } = shown;
    let in_force = state
        .catalog()
        .profile(slug, today())
        .map_err(|e| WebError::Internal(format!("profile: {e}")))?;
    let rows = state.store().editions_of(target.id).await?;
    let people: Vec<PersonId> = rows.iter().filter_map(|r| r.drafted_by).collect();
    let names = state.store().names_of(&people).await?;
    let latest_scheduled = rows
        .iter()
        .filter(|r| r.status == EditionStatus::Scheduled)
        .max_by_key(|r| r.effective)
        .map(|r| r.id);
    let editions = rows
        .iter()
        .rev()
        .map(|r| RuleEditionView {
            effective: r.effective.to_string(),
            status: match r.status {
                EditionStatus::Draft => "draft",
                EditionStatus::Scheduled => "scheduled",
            },
            by: r
                .drafted_by
                .and_then(|p| names.get(&p).cloned())
                .unwrap_or_default(),
            at: r
                .scheduled_at
                .unwrap_or(r.drafted_at)
                .format("%Y-%m-%d %H:%M UTC")
                .to_string(),
            // Offered for the latest scheduled edition not yet in effect; the store checks
            // again (and that no application registered under it) when it is asked.
            withdraw: (r.status == EditionStatus::Scheduled
                && r.effective > today()
                && Some(r.id) == latest_scheduled)
                .then_some(r.id),
        })
        .collect();
    let status = if errors.is_empty() && refused.is_none() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let body = page(&RulesPage {
        layout: Layout::new(format!("Rules: {}", target.name), Some(user)),
        slug: slug.to_string(),
        name: target.name.clone(),
        in_force: in_force.id.clone(),
        in_force_since: in_force.effective.to_string(),
        text,
        errors,
        notice,
        preview,
        editions,
        refused,
    })?;
    Ok((status, body).into_response())
}

/// The first day a new edition could take effect by default: next January 1, or the day after
/// the latest edition if that is later.
fn default_effective(catalog: &Catalog, slug: &str) -> NaiveDate {
    let today = today();
    let new_year = NaiveDate::from_ymd_opt(today.year() + 1, 1, 1).unwrap_or(today);
    let after_latest = catalog
        .editions(slug)
        .last()
        .and_then(|p| p.effective.succ_opt())
        .unwrap_or(new_year);
    new_year.max(after_latest)
}

/// The page reopens on the latest draft previewed, or starts from the rules in force.
async fn starting_text(state: &AppState, slug: &str, target: &Target) -> Result<String, WebError> {
    let draft = state
        .store()
        .editions_of(target.id)
        .await?
        .into_iter()
        .rev()
        .find(|r| r.status == EditionStatus::Draft)
        .map(|r| r.text);
    Ok(match draft {
        Some(text) => text,
        None => {
            let catalog = state.catalog();
            let profile = catalog
                .profile(slug, today())
                .map_err(|e| WebError::Internal(format!("profile: {e}")))?;
            template(profile, default_effective(catalog, slug))
        }
    })
}

pub async fn rules_page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    Query(query): Query<RulesQuery>,
) -> Result<Response, WebError> {
    let target = target(&state, &user, &slug).await?;
    let text = starting_text(&state, &slug, &target).await?;
    let notice = query
        .scheduled
        .and_then(|day| NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok())
        .map(|day| format!("The edition is scheduled: it takes effect on {day}. Applications registered before then keep the rules they registered under."));
    let notice = notice.or_else(|| {
        query
            .withdrawn
            .and_then(|day| NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok())
            .map(|day| format!("The edition of {day} is withdrawn: it will not take effect."))
    });
    let shown = Shown {
        text,
        notice,
        ..Shown::default()
    };
    render(&state, &user, &slug, &target, shown).await
}

/// Loads a draft against the stored files (with the editions already scheduled), so every
/// node checks it against the same rules whatever catalog it started with.
async fn load(
    state: &AppState,
    slug: &str,
    text: &str,
) -> Result<Result<Drafted, String>, WebError> {
    if text.len() > MAX_DRAFT {
        return Ok(Err(format!(
            "the draft is longer than {} kB; state only what changes",
            MAX_DRAFT / 1024
        )));
    }
    let sources = crate::catalog::profile_texts(state.store())
        .await
        .map_err(|e| WebError::Internal(format!("profiles: {e}")))?;
    let current = Catalog::from_texts(sources.clone())
        .map_err(|e| WebError::Internal(format!("profiles: {e}")))?;
    Ok(load_draft(&sources, &current, slug, text, today()).map_err(|e| e.message))
}

/// One stored portfolio to judge, and what the page says it is.
struct Stored {
    person: PersonId,
    category: String,
    what: String,
    link: Option<String>,
}

/// Every open application's and every endorsee's portfolio, each person's read and parsed
/// once however many rows they have.
async fn stored_portfolios(
    state: &AppState,
    association: AssociationId,
) -> Result<
    (
        Vec<Stored>,
        HashMap<PersonId, (String, Result<Portfolio, String>)>,
        std::time::Duration,
    ),
    WebError,
> {
    let store = state.store();
    let mut rows = Vec::new();
    for application in store.applications_of_association(association).await? {
        if matches!(
            application.state,
            ApplicationState::Endorsed | ApplicationState::Withdrawn
        ) {
            continue;
        }
        rows.push(Stored {
            person: application.person,
            what: format!(
                "Application {} ({})",
                application.id.0, application.category
            ),
            category: application.category,
            link: Some(format!("/applications/{}", application.id.0)),
        });
    }
    for endorsement in store.endorsements_of_association(association).await? {
        if endorsement.status == lattice_domain::endorsement::Status::Revoked {
            continue;
        }
        rows.push(Stored {
            person: endorsement.person,
            what: format!(
                "Endorsement {} ({}, {})",
                endorsement.credential_number,
                endorsement.category,
                endorsement.status.key()
            ),
            category: endorsement.category,
            link: None,
        });
    }
    // Each person once, read in batches by the bulk read, parsed as each batch comes in so
    // only the parsed portfolios (a fraction of the JSON) are kept.
    let mut people: Vec<PersonId> = rows.iter().map(|r| r.person).collect();
    people.sort_unstable_by_key(|p| p.0);
    people.dedup();
    let mut portfolios = HashMap::with_capacity(people.len());
    // The part of the read spent parsing, logged apart (PERFORMANCE.md).
    let mut parsing = std::time::Duration::ZERO;
    crate::portfolio::documents(store, &people, |person, document| {
        let started = std::time::Instant::now();
        let parsed = document.portfolio();
        parsing += started.elapsed();
        portfolios.insert(person.id, (person.name, parsed));
    })
    .await?;
    Ok((rows, portfolios, parsing))
}

async fn impact(
    state: &AppState,
    slug: &str,
    association: AssociationId,
    drafted: &Drafted,
) -> Result<RulePreviewView, WebError> {
    let on = drafted.effective;
    let before = state
        .catalog()
        .profile(slug, on)
        .map_err(|e| WebError::Internal(format!("profile: {e}")))?;
    let after = drafted
        .catalog
        .profile(slug, on)
        .map_err(|e| WebError::Internal(format!("profile: {e}")))?;
    let started = std::time::Instant::now();
    let (rows, portfolios, parsing) = stored_portfolios(state, association).await?;
    let read = started.elapsed();
    let mut unreadable = Vec::new();
    let mut judged = Vec::new();
    for row in &rows {
        let Some((name, parsed)) = portfolios.get(&row.person) else {
            continue;
        };
        let category: Result<Category, String> = row.category.parse();
        match (parsed, category) {
            (Ok(portfolio), Ok(category)) => judged.push((row, name, portfolio, category)),
            (Err(e), _) => unreadable.push(format!("{name} ({}): {e}", row.what)),
            (_, Err(e)) => unreadable.push(format!("{name} ({}): {e}", row.what)),
        }
    }
    let result = compare_all(
        judged.iter().map(|(_, _, portfolio, category)| Subject {
            portfolio,
            category: *category,
        }),
        before,
        after,
        on,
    );
    // The split PERFORMANCE.md records: reading and parsing the portfolios, then the engine.
    tracing::info!(
        association = slug,
        portfolios = portfolios.len(),
        read_ms = read.as_millis() as u64,
        parse_ms = parsing.as_millis() as u64,
        engine_ms = (started.elapsed() - read).as_millis() as u64,
        "rule-change preview"
    );
    let ready = |r: bool| if r { "ready" } else { "not ready" };
    let mut people: Vec<RuleChangeView> = result
        .affected
        .iter()
        .map(|change| {
            let (row, name, _, _) = judged[change.index];
            RuleChangeView {
                name: name.clone(),
                what: row.what.clone(),
                link: row.link.clone(),
                ready: (change.ready_before != change.ready_after).then(|| {
                    format!(
                        "{} -> {}",
                        ready(change.ready_before),
                        ready(change.ready_after)
                    )
                }),
                changes: change.changes.iter().map(|c| c.words()).collect(),
                note: change.note.clone(),
            }
        })
        .collect();
    // By name, so the list reads the same whatever order the store returns rows in.
    people.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.what.cmp(&b.what)));
    Ok(RulePreviewView {
        effective: on.to_string(),
        before: before.id.clone(),
        after: after.id.clone(),
        checked: result.checked,
        people,
        unreadable,
    })
}

fn audit(user: &CurrentUser, target: &Target, slug: &str, on: NaiveDate, action: &str) -> NewAudit {
    NewAudit {
        at: Utc::now(),
        actor: Some(user.person.id),
        association: Some(target.id),
        subject: format!("profile-edition:{slug}@{on}"),
        action: action.to_string(),
        reason: format!("an edition of {slug}'s requirement profile taking effect on {on}"),
    }
}

pub async fn preview(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<DraftForm>,
) -> Result<Response, WebError> {
    let target = target(&state, &user, &slug).await?;
    let drafted = match load(&state, &slug, &form.text).await? {
        Ok(drafted) => drafted,
        Err(error) => {
            let shown = Shown {
                text: form.text,
                errors: vec![error],
                ..Shown::default()
            };
            return render(&state, &user, &slug, &target, shown).await;
        }
    };
    let impact = impact(&state, &slug, target.id, &drafted).await?;
    state
        .store()
        .save_edition(
            &NewEdition {
                association: target.id,
                text: form.text.clone(),
                effective: drafted.effective,
                status: EditionStatus::Draft,
                by: Some(user.person.id),
                at: Utc::now(),
            },
            &audit(
                &user,
                &target,
                &slug,
                drafted.effective,
                "draft-rules-edition",
            ),
        )
        .await?;
    let shown = Shown {
        text: form.text,
        preview: Some(impact),
        ..Shown::default()
    };
    render(&state, &user, &slug, &target, shown).await
}

pub async fn schedule(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<DraftForm>,
) -> Result<Response, WebError> {
    let target = target(&state, &user, &slug).await?;
    let drafted = match load(&state, &slug, &form.text).await? {
        Ok(drafted) => drafted,
        Err(error) => {
            let shown = Shown {
                text: form.text,
                errors: vec![error],
                ..Shown::default()
            };
            return render(&state, &user, &slug, &target, shown).await;
        }
    };
    state
        .store()
        .save_edition(
            &NewEdition {
                association: target.id,
                text: form.text.clone(),
                effective: drafted.effective,
                status: EditionStatus::Scheduled,
                by: Some(user.person.id),
                at: Utc::now(),
            },
            &audit(
                &user,
                &target,
                &slug,
                drafted.effective,
                "schedule-rules-edition",
            ),
        )
        .await?;
    // The catalog as stored now (this edition and any another node scheduled), in force here
    // at once; other nodes follow within `app::EDITIONS_EVERY`.
    crate::catalog::refresh(&state).await?;
    Ok(Redirect::to(&format!(
        "/staff/{slug}/rules?scheduled={}",
        drafted.effective
    ))
    .into_response())
}

#[derive(Debug, Deserialize)]
pub struct WithdrawForm {
    edition: i64,
}

/// Withdraws a scheduled edition before it takes effect: refused, with the reason on the page,
/// once it is in effect, while a later edition builds on it, or when an application already
/// registered under it (the store checks all three in the transaction that deletes it).
pub async fn withdraw(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<WithdrawForm>,
) -> Result<Response, WebError> {
    let target = target(&state, &user, &slug).await?;
    let store = state.store();
    let edition = store
        .editions_of(target.id)
        .await?
        .into_iter()
        .find(|r| r.id == form.edition && r.status == EditionStatus::Scheduled)
        .ok_or(WebError::NotFound)?;
    let withdrawn = store
        .withdraw_edition(
            target.id,
            edition.id,
            today(),
            &audit(
                &user,
                &target,
                &slug,
                edition.effective,
                "withdraw-rules-edition",
            ),
        )
        .await;
    match withdrawn {
        Ok(()) => {}
        Err(lattice_store::StoreError::Conflict(why)) => {
            let shown = Shown {
                text: starting_text(&state, &slug, &target).await?,
                refused: Some(format!(
                    "The edition of {} was not withdrawn: {why}.",
                    edition.effective
                )),
                ..Shown::default()
            };
            return render(&state, &user, &slug, &target, shown).await;
        }
        Err(other) => return Err(other.into()),
    }
    crate::catalog::refresh(&state).await?;
    Ok(Redirect::to(&format!(
        "/staff/{slug}/rules?withdrawn={}",
        edition.effective
    ))
    .into_response())
}
