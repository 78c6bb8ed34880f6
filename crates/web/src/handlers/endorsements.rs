//! Endorsements once granted: the record made when an application is endorsed, the public
//! registry (pages and JSON), the verification page per credential number, and what the
//! endorsee sees of their own.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDate, Utc};
use lattice_domain::category::Category;
use lattice_domain::endorsement::{
    Status, degrees_for_mark, first_good_through, mark, typed_credential_number,
    valid_credential_number,
};
use lattice_domain::format::parse_portfolio;
use lattice_domain::language::Language;
use lattice_domain::rights::StaffRole;
use lattice_store::{
    ApplicationRow, AssociationRow, EndorsementRow, NewEndorsement, PersonRow, RegistryQuery,
    StoreError,
};
use serde::{Deserialize, Serialize};

use super::{by_number, page, today};
use crate::achievement::{LinkedInCertification, achievement_id, linkedin_add_url};
use crate::auth::{CsrfForm, CurrentUser, MaybeUser, RequestLanguage};
use crate::error::WebError;
use crate::i18n::Tr;
use crate::portfolio;
use crate::state::AppState;
use crate::views::{
    ChoiceView, EndorsementView, Layout, RegistryPage, RegistryRow, VerifyLookupPage, VerifyPage,
};
use lattice_jobs::registry_index::Listing;

/// The endorsement an endorsed application creates: the mark from the portfolio's degrees and
/// licences, good through the association's first renewal.
pub async fn new_endorsement(
    state: &AppState,
    application: &ApplicationRow,
    applicant: &PersonRow,
    association: &AssociationRow,
) -> Result<NewEndorsement, WebError> {
    let category: Category = application
        .category
        .parse()
        .map_err(|e: String| WebError::Internal(format!("stored category: {e}")))?;
    let document = portfolio::document(state.store(), applicant).await?;
    let (degrees, licences) = match parse_portfolio(&document.to_string()) {
        Ok(p) => (degrees_for_mark(&p.education), p.person.licences),
        Err(_) => (Vec::new(), Vec::new()),
    };
    let shown = mark(&applicant.name, &degrees, &licences, category);
    let endorsed_on = today();
    let profile = state
        .catalog()
        .profile(&association.slug, endorsed_on)
        .map_err(|e| WebError::Internal(format!("profile: {e}")))?;
    let valid_through = first_good_through(&profile.renewal, endorsed_on)
        .ok_or_else(|| WebError::Internal("the profile has no renewal deadline".to_string()))?;
    Ok(NewEndorsement {
        person: applicant.id,
        association: association.id,
        abbreviation: profile.association.abbreviation.clone(),
        application: Some(application.id),
        category: application.category.clone(),
        name_line: shown.name_line,
        title_line: shown.title_line,
        display_name: applicant.name.clone(),
        city: String::new(),
        region: String::new(),
        endorsed_on,
        valid_through,
        at: Utc::now(),
    })
}

/// The registry's query string. Names follow the NPPES registry API where they can
/// (`skip`, `limit`).
#[derive(Debug, Default, Clone, Deserialize)]
pub struct RegistrySearch {
    #[serde(default)]
    name: String,
    #[serde(default)]
    given: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    association: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    skip: Option<String>,
    #[serde(default)]
    limit: Option<String>,
}

const DEFAULT_LIMIT: i64 = 20;
const MAX_LIMIT: i64 = 200;
const MAX_SKIP: i64 = 10_000;

/// Why a registry search cannot run as asked, naming its parameter: the JSON API says it in
/// English ([`SearchProblem::english`]), the page in the visitor's language.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SearchProblem {
    /// `skip` or `limit` is not a whole number in range: the address's, never typed.
    Number {
        field: &'static str,
        max: i64,
    },
    /// A text box holds more than 100 characters.
    TooLong {
        field: &'static str,
    },
    Category {
        typed: String,
    },
    Association {
        slug: String,
    },
}

impl SearchProblem {
    /// The query parameter the problem concerns.
    pub(crate) fn field(&self) -> &'static str {
        match self {
            SearchProblem::Number { field, .. } | SearchProblem::TooLong { field } => field,
            SearchProblem::Category { .. } => "category",
            SearchProblem::Association { .. } => "association",
        }
    }

    /// "field: what is wrong", as the API and its clients have always read it.
    pub(crate) fn english(&self) -> String {
        let field = self.field();
        match self {
            SearchProblem::Number { max, .. } => {
                format!("{field}: a whole number from 0 to {max}")
            }
            SearchProblem::TooLong { .. } => format!("{field}: at most 100 characters"),
            SearchProblem::Category { typed } => {
                format!("{field}: {typed:?} is not a category abbreviation (IFA, IFS, IMHS, …)")
            }
            SearchProblem::Association { slug } => format!("{field}: no association {slug:?}"),
        }
    }

    /// What the page says beside the box, in its language. `skip` and `limit` are never typed
    /// into the form, so for them a visitor reads what the page did instead.
    fn said(&self, tr: Tr) -> String {
        match self {
            SearchProblem::Number { .. } => tr.t("registry-no-such-page"),
            SearchProblem::TooLong { .. } => tr.t("registry-too-long"),
            SearchProblem::Category { typed } => tr.t1("registry-no-category", "typed", typed),
            SearchProblem::Association { slug } => tr.t1("registry-no-association", "typed", slug),
        }
    }
}

impl From<SearchProblem> for WebError {
    fn from(problem: SearchProblem) -> WebError {
        WebError::BadRequest(problem.english())
    }
}

/// The checks of a search that need no store: `(limit, skip, category)`, or the first
/// problem. Pure, so the fuzz target in `fuzz/` calls it directly.
pub(crate) fn checked_search(
    search: &RegistrySearch,
) -> Result<(i64, i64, &'static str), SearchProblem> {
    let number = |text: &Option<String>, field: &'static str, default: i64, max: i64| match text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        None => Ok(default),
        Some(t) => t
            .parse::<i64>()
            .ok()
            .filter(|n| (0..=max).contains(n))
            .ok_or(SearchProblem::Number { field, max }),
    };
    let limit = number(&search.limit, "limit", DEFAULT_LIMIT, MAX_LIMIT)?.max(1);
    let skip = number(&search.skip, "skip", 0, MAX_SKIP)?;
    for (field, value) in [
        ("name", &search.name),
        ("given", &search.given),
        ("city", &search.city),
        ("region", &search.region),
    ] {
        if value.chars().count() > 100 {
            return Err(SearchProblem::TooLong { field });
        }
    }
    // Listings carry the written abbreviation; `ifs` finds what `IFS` finds.
    let category = match search.category.trim() {
        "" => "",
        typed => typed
            .parse::<Category>()
            .map(Category::abbreviation)
            .map_err(|_| SearchProblem::Category {
                typed: typed.to_string(),
            })?,
    };
    Ok((limit, skip, category))
}

/// Checks the search and turns it into a store query: the outer error is the store's, the
/// inner one what is wrong with the search.
async fn registry_query(
    state: &AppState,
    search: &RegistrySearch,
    fixed_association: Option<&AssociationRow>,
) -> Result<Result<RegistryQuery, SearchProblem>, WebError> {
    let (limit, skip, category) = match checked_search(search) {
        Ok(checked) => checked,
        Err(problem) => return Ok(Err(problem)),
    };
    let association = match fixed_association {
        Some(row) => Some(row.id),
        None => match search.association.trim() {
            "" => None,
            // Known from the registry itself, without a database round trip per search.
            slug => match state.registry().association(slug).await {
                Some(known) => Some(known),
                None => match state.store().association_by_slug(slug).await {
                    Ok(row) => Some(row.id),
                    Err(StoreError::NotFound) => {
                        return Ok(Err(SearchProblem::Association {
                            slug: slug.to_string(),
                        }));
                    }
                    Err(other) => return Err(other.into()),
                },
            },
        },
    };
    Ok(Ok(RegistryQuery {
        name: search.name.clone(),
        given: search.given.clone(),
        category: category.to_string(),
        association,
        city: search.city.clone(),
        region: search.region.clone(),
        skip,
        limit,
    }))
}

/// One result of the JSON API: stable snake_case names.
#[derive(Debug, Serialize)]
pub struct RegistryResult<'a> {
    pub credential_number: &'a str,
    pub name: &'a str,
    pub mark: &'a str,
    pub category: &'a str,
    pub category_title: &'a str,
    pub association: &'a str,
    pub association_name: &'a str,
    pub city: &'a str,
    pub region: &'a str,
    pub status: &'static str,
    pub endorsed_on: NaiveDate,
    pub valid_through: NaiveDate,
    pub verification_url: VerificationUrl<'a>,
}

/// `{base}/verify/{number}`, written straight into the JSON without a string of its own.
#[derive(Debug)]
pub struct VerificationUrl<'a> {
    base: &'a str,
    number: &'a str,
}

impl Serialize for VerificationUrl<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("{}/verify/{}", self.base, self.number))
    }
}

#[derive(Debug, Serialize)]
pub struct RegistryAnswer<'a> {
    pub result_count: usize,
    /// How many match in all, counted up to `total_cap`; more than that reads as `total_cap + 1`.
    pub total: i64,
    pub total_cap: i64,
    pub skip: i64,
    pub limit: i64,
    pub notice: &'static str,
    pub results: Vec<RegistryResult<'a>>,
}

pub const NOT_A_LICENSE: &str = "Endorsement® recognizes professional development in infant and early childhood mental health. It is not a license to practice.";

fn result<'a>(base: &'a str, listing: &'a Listing) -> RegistryResult<'a> {
    RegistryResult {
        credential_number: &listing.credential_number,
        name: &listing.display_name,
        mark: &listing.name_line,
        category: &listing.category,
        category_title: &listing.title_line,
        association: &listing.association_slug,
        association_name: &listing.association_name,
        city: &listing.city,
        region: &listing.region,
        // Only active endorsements are listed.
        status: Status::Active.key(),
        endorsed_on: listing.endorsed_on,
        valid_through: listing.valid_through,
        verification_url: VerificationUrl {
            base,
            number: &listing.credential_number,
        },
    }
}

pub async fn registry_api(
    State(state): State<AppState>,
    search: Result<Query<RegistrySearch>, QueryRejection>,
) -> Result<Response, WebError> {
    let Query(search) = search?;
    let query = registry_query(&state, &search, None).await??;
    let (total, listings) = state.registry().search(&query).await?;
    let base = state.config().base_url.as_str();
    let answer = RegistryAnswer {
        result_count: listings.len(),
        total,
        total_cap: lattice_store::REGISTRY_COUNT_CAP,
        skip: query.skip,
        limit: query.limit,
        notice: NOT_A_LICENSE,
        results: listings.iter().map(|l| result(base, l)).collect(),
    };
    // Sized for a full default page, so the body is written without regrowing.
    let mut body = Vec::with_capacity(16 * 1024);
    serde_json::to_writer(&mut body, &answer)
        .map_err(|e| WebError::Internal(format!("registry answer: {e}")))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            ),
        ],
        body,
    )
        .into_response())
}

/// A search the page cannot run as typed (a page number out of range, an unknown category, a
/// name too long) shows the page anyway, with the form as typed, the message beside the box it
/// concerns, and the results of the search without that part: never a bare error page.
async fn registry_page(
    state: &AppState,
    user: Option<&CurrentUser>,
    tr: Tr,
    search: Result<Query<RegistrySearch>, QueryRejection>,
    association: Option<AssociationRow>,
) -> Result<Response, WebError> {
    // An address that could not be read at all (a part given twice) is searched as empty.
    let (search, unreadable) = match search {
        Ok(Query(search)) => (search, false),
        Err(_) => (RegistrySearch::default(), true),
    };
    let mut asked = search.clone();
    let mut refused = None;
    let query = loop {
        match registry_query(state, &asked, association.as_ref()).await? {
            Ok(query) => break query,
            // One part set aside is enough: what is left is a search the checks let through,
            // and a second refusal would be a bug, said as the first.
            Err(problem) if refused.is_none() && !unreadable => {
                match problem.field() {
                    "name" => asked.name.clear(),
                    "given" => asked.given.clear(),
                    "city" => asked.city.clear(),
                    "region" => asked.region.clear(),
                    "category" => asked.category.clear(),
                    "association" => asked.association.clear(),
                    _ => {
                        asked.skip = None;
                        asked.limit = None;
                    }
                }
                refused = Some(problem);
            }
            Err(problem) => return Err(problem.into()),
        }
    };
    let problem_field = match refused.as_ref().map(SearchProblem::field) {
        Some("given") => "name",
        Some(field @ ("name" | "city" | "region" | "category" | "association")) => field,
        _ => "",
    }
    .to_string();
    let problem = match &refused {
        _ if unreadable => Some(tr.t("registry-unreadable")),
        Some(problem) => Some(problem.said(tr)),
        None => None,
    };
    let searched = !(search.name.trim().is_empty()
        && search.given.trim().is_empty()
        && search.city.trim().is_empty()
        && search.region.trim().is_empty()
        && search.category.trim().is_empty()
        && search.association.trim().is_empty());
    // An empty search lists everyone, paged, with a sentence saying so.
    let (total, rows) = state.registry().search(&query).await?;
    let associations = state
        .registry()
        .association_choices()
        .await?
        .iter()
        .map(|(slug, name)| ChoiceView {
            key: slug.clone(),
            label: name.clone(),
        })
        .collect();
    let categories = Category::all()
        .map(|c| ChoiceView {
            key: c.abbreviation().to_string(),
            label: format!("{} ({})", c.title(), c.abbreviation()),
        })
        .collect();
    let next_skip = query.skip + query.limit;
    let mut layout = Layout::new(
        match &association {
            Some(a) => tr.t1("registry-title-association", "association", &a.name),
            None => tr.t("registry-title"),
        },
        user,
    )
    .in_language(tr);
    if let Some(a) = &association {
        layout.brand = super::settings::brand(state, a.id).await?;
    }
    page(&RegistryPage {
        layout,
        heading: match &association {
            Some(a) => tr.t1("registry-heading-association", "association", &a.name),
            None => tr.t("registry-heading"),
        },
        action: match &association {
            Some(a) => format!("/a/{}/registry", a.slug),
            None => "/registry".to_string(),
        },
        fixed_association: association.is_some(),
        name: search.name.clone(),
        city: search.city.clone(),
        region: search.region.clone(),
        category: search.category.clone(),
        association: search.association.clone(),
        associations,
        categories,
        searched,
        total,
        more_than_cap: total > lattice_store::REGISTRY_COUNT_CAP,
        rows: rows
            .iter()
            .map(|r| RegistryRow {
                mark: r.name_line.to_string(),
                title: r.title_line.to_string(),
                association: r.association_name.to_string(),
                place: [&*r.city, &*r.region]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", "),
                number: r.credential_number.to_string(),
            })
            .collect(),
        next: (next_skip < total).then(|| {
            serde_urlencoded::to_string([
                ("name", search.name.as_str()),
                ("given", search.given.as_str()),
                ("city", search.city.as_str()),
                ("region", search.region.as_str()),
                ("category", search.category.as_str()),
                ("association", search.association.as_str()),
                ("skip", &next_skip.to_string()),
            ])
            .unwrap_or_default()
        }),
        problem_field,
        problem: problem.clone(),
    })
    .map(|html| {
        let status = if problem.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
        super::by_language((status, html).into_response())
    })
}

pub async fn registry(
    State(state): State<AppState>,
    search: Result<Query<RegistrySearch>, QueryRejection>,
    user: MaybeUser,
    RequestLanguage(language): RequestLanguage,
) -> Result<Response, WebError> {
    registry_page(&state, user.0.as_ref(), state.tr(language), search, None).await
}

pub async fn association_registry(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    search: Result<Query<RegistrySearch>, QueryRejection>,
    user: MaybeUser,
    RequestLanguage(language): RequestLanguage,
) -> Result<Response, WebError> {
    let association = state.store().association_by_slug(&slug).await?;
    let tr = state.tr(language);
    registry_page(&state, user.0.as_ref(), tr, search, Some(association)).await
}

#[derive(Debug, Default, Deserialize)]
pub struct VerifyLookup {
    #[serde(default)]
    number: String,
}

/// `/verify`: the box the home page invites visitors to use; a typed number goes on to its
/// verification page in its written form.
pub async fn verify_lookup(
    State(state): State<AppState>,
    Query(lookup): Query<VerifyLookup>,
    user: MaybeUser,
    RequestLanguage(language): RequestLanguage,
) -> Result<Response, WebError> {
    let tr = state.tr(language);
    let typed = lookup.number.trim();
    if typed.is_empty() {
        return Ok(super::by_language(
            page(&VerifyLookupPage {
                layout: Layout::new(tr.t("verify-heading"), user.0.as_ref()).in_language(tr),
                typed: String::new(),
                problem: None,
            })?
            .into_response(),
        ));
    }
    verified_or_explained(&state, typed, user, tr).await
}

/// The verification page of the number as typed, or the lookup page saying plainly that no
/// endorsement has it (404, with what was typed kept).
async fn verified_or_explained(
    state: &AppState,
    typed: &str,
    user: MaybeUser,
    tr: Tr,
) -> Result<Response, WebError> {
    let number = typed_credential_number(typed);
    let found = match by_number(state, &number).await {
        Ok(row) => Some(row),
        Err(WebError::NotFound) => None,
        Err(other) => return Err(other),
    };
    match found {
        Some(row) if row.credential_number == typed => {
            let former = state.store().former_number_of(row.id).await?;
            let brand = super::settings::brand(state, row.association).await?;
            // Whoever may hold the certificate is offered it in each language the association
            // offers (the dashboard's button makes it in the endorsee's own).
            let certificates = match &user.0 {
                Some(viewer)
                    if may_hold(viewer, &row) && row.status.credential_withheld().is_none() =>
                {
                    crate::brand::frame(state.store(), state.brands(), row.association)
                        .await?
                        .languages
                        .languages()
                        .to_vec()
                }
                _ => Vec::new(),
            };
            verify_page(row, former, user, brand, tr, certificates)
        }
        Some(row) => {
            Ok(Redirect::to(&format!("/verify/{}", row.credential_number)).into_response())
        }
        None => {
            // An endorsee imported from an association's earlier records carries its old
            // number, which the import keeps (see `endorsee_import`): it leads to the record.
            match state.store().credential_number_for_former(&number).await {
                Ok(ours) => return Ok(Redirect::to(&format!("/verify/{ours}")).into_response()),
                Err(StoreError::NotFound) => {}
                Err(other) => return Err(other.into()),
            }
            let problem = if valid_credential_number(&number) {
                tr.t1("verify-unknown", "number", &number)
            } else {
                tr.t1("verify-unknown-check", "number", typed)
            };
            let body = page(&VerifyLookupPage {
                layout: Layout::new(tr.t("verify-heading"), user.0.as_ref()).in_language(tr),
                typed: typed.to_string(),
                problem: Some(problem),
            })?;
            Ok(super::by_language(
                (StatusCode::NOT_FOUND, body).into_response(),
            ))
        }
    }
}

/// The public verification page: every status shows, so a lapsed endorsement reads "lapsed
/// since …" rather than vanishing. A number typed in another case or with spaces goes on to
/// its written form; one that finds nothing says so, with the box to try again.
pub async fn verify(
    State(state): State<AppState>,
    Path(number): Path<String>,
    user: MaybeUser,
    RequestLanguage(language): RequestLanguage,
) -> Result<Response, WebError> {
    verified_or_explained(&state, &number, user, state.tr(language)).await
}

fn verify_page(
    row: EndorsementRow,
    former: Option<String>,
    user: MaybeUser,
    brand: Option<crate::views::Brand>,
    tr: Tr,
    certificates: Vec<Language>,
) -> Result<Response, WebError> {
    let standing = crate::views::standing(tr, row.status, row.status_since, row.valid_through);
    let mut layout = Layout::new(
        tr.t1("verify-title", "number", &row.credential_number),
        user.0.as_ref(),
    )
    .in_language(tr);
    layout.brand = brand;
    page(&VerifyPage {
        layout,
        number: row.credential_number.clone(),
        mark: row.name_line.clone(),
        title: row.title_line.clone(),
        association: row.association_name.clone(),
        association_slug: row.association_slug.clone(),
        endorsed_on: tr.date(row.endorsed_on),
        former,
        status_key: row.status.key(),
        standing,
        good: row.status.verifies(),
        certificates,
        // A revoked endorsement has no status to change to: revocation is final.
        can_manage: row.status.change_refused().is_none()
            && user.0.as_ref().is_some_and(|u| {
                u.viewer.admin || u.viewer.holds(row.association, StaffRole::Coordinator)
            }),
        statuses: Status::ALL
            .iter()
            .map(|s| ChoiceView {
                key: s.key().to_string(),
                label: tr.t1("verify-status-label", "status", s.key()),
            })
            .collect(),
    })
    .map(|html| super::by_language(html.into_response()))
}

#[derive(Debug, Deserialize)]
pub struct StatusForm {
    status: String,
    #[serde(default)]
    reason: String,
    /// The box a coordinator ticks to revoke (see `forms::check_confirmed`).
    #[serde(default)]
    asked: String,
    #[serde(default)]
    confirmed: String,
}

/// A coordinator of the endorsement's association changes its status (revoked, inactive,
/// emeritus, or active again), with the reason kept in the audit log.
pub async fn set_status(
    State(state): State<AppState>,
    Path(number): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<StatusForm>,
) -> Result<Redirect, WebError> {
    let row = by_number(&state, &number).await?;
    if !(user.viewer.admin || user.viewer.holds(row.association, StaffRole::Coordinator)) {
        return Err(WebError::NotFound);
    }
    let status = Status::from_key(form.status.trim()).ok_or_else(|| {
        WebError::BadRequest("status: choose active, lapsed, inactive, emeritus or revoked".into())
    })?;
    // Revocation is final, so it alone asks for the box (the others can be changed back).
    if status == Status::Revoked {
        crate::forms::check_confirmed(&form.asked, &form.confirmed)?;
    }
    // Checked again in the store's write, against a revocation made meanwhile.
    if let Some(refused) = row.status.change_refused() {
        return Err(WebError::Conflict(refused.to_string()));
    }
    let reason = form.reason.trim();
    if reason.is_empty() || reason.len() > 2000 {
        return Err(WebError::BadRequest(
            "reason: say why (under 2000 characters); it is kept in the record".to_string(),
        ));
    }
    state
        .store()
        .set_endorsement_status(
            row.id,
            status,
            today(),
            &lattice_store::NewAudit {
                at: Utc::now(),
                actor: Some(user.person.id),
                association: Some(row.association),
                subject: format!("person:{}", row.person),
                action: format!("endorsement-{}", status.key()),
                reason: format!("{}: {reason}", row.credential_number),
            },
        )
        .await?;
    state.registry().invalidate().await;
    Ok(Redirect::to(&format!("/verify/{number}")))
}

/// Whether the viewer may download this endorsement's certificate and credential: the
/// endorsee, a coordinator of its association, or an admin.
pub fn may_hold(user: &CurrentUser, row: &EndorsementRow) -> bool {
    user.viewer.admin
        || user.person.id == row.person
        || user.viewer.holds(row.association, StaffRole::Coordinator)
}

#[derive(Debug, Default, Deserialize)]
pub struct CertificateLanguage {
    #[serde(default)]
    language: String,
}

/// The language a certificate is made in: the one asked for (`?language=es`) when the
/// association offers it, else the endorsee's account language where the association offers
/// it, else English. A code the association does not offer is refused by name.
async fn certificate_language(
    state: &AppState,
    row: &EndorsementRow,
    asked: &str,
) -> Result<Language, WebError> {
    let offered = crate::brand::frame(state.store(), state.brands(), row.association)
        .await?
        .languages;
    let asked = asked.trim();
    if asked.is_empty() {
        let holder = state.store().person(row.person).await?;
        return Ok(offered.choose(holder.language.unwrap_or_default()));
    }
    match Language::from_code(asked) {
        Some(language) if offered.contains(language) && language.code() == asked => Ok(language),
        _ => Err(WebError::BadRequest(format!(
            "language: {} makes certificates in {offered}, not in {asked:?}",
            row.association_name
        ))),
    }
}

pub async fn certificate(
    State(state): State<AppState>,
    Path(number): Path<String>,
    user: CurrentUser,
    Query(asked): Query<CertificateLanguage>,
) -> Result<Response, WebError> {
    let row = by_number(&state, &number).await?;
    if !may_hold(&user, &row) {
        return Err(WebError::NotFound);
    }
    if let Some(withheld) = row.status.credential_withheld() {
        return Err(WebError::Gone(withheld.to_string()));
    }
    let language = certificate_language(&state, &row, &asked.language).await?;
    let (display_name, accent, logo) =
        super::settings::certificate_branding(&state, row.association).await?;
    let data = crate::certificate::CertificateData {
        name_line: row.name_line.clone(),
        title_line: row.title_line.clone(),
        category: row.category.clone(),
        association_name: display_name.unwrap_or_else(|| row.association_name.clone()),
        endorsed_on: row.endorsed_on,
        reinstated_on: super::renewal::reinstated_on(state.store(), &row).await?,
        valid_through: row.valid_through,
        credential_number: row.credential_number.clone(),
        verify_url: format!(
            "{}/verify/{}",
            state.config().base_url,
            row.credential_number
        ),
        accent,
        logo,
        language,
    };
    // Drawing the PDF is CPU work; keep it off the async workers.
    let pdf = tokio::task::spawn_blocking(move || crate::certificate::render(&data))
        .await
        .map_err(|e| WebError::Internal(format!("certificate task: {e}")))?
        .map_err(|e| WebError::Internal(format!("certificate: {e}")))?;
    let disposition = format!("attachment; filename=\"{}.pdf\"", row.credential_number);
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        pdf,
    )
        .into_response())
}

/// The endorsee's endorsements for the dashboard, each with its transfer requests.
pub async fn own(
    state: &AppState,
    user: &CurrentUser,
    associations: &[AssociationRow],
) -> Result<Vec<EndorsementView>, WebError> {
    let store = state.store();
    if !user.has_endorsements {
        return Ok(Vec::new());
    }
    let rows = store.endorsements_of_person(user.person.id).await?;
    let mut views = Vec::with_capacity(rows.len());
    let base = state.config().base_url.trim_end_matches('/');
    for r in rows {
        let transfers = store.transfers_of(r.id).await?;
        let category = r.category.parse::<Category>().ok();
        let certification = match category {
            Some(c) => format!("{} ({}), {}", c.title(), c.abbreviation(), c.form.mark()),
            None => r.title_line.clone(),
        };
        let linkedin = linkedin_add_url(&LinkedInCertification {
            name: &certification,
            organization: &r.association_name,
            issued: r.endorsed_on,
            expires: r.valid_through,
            url: &format!("{base}/verify/{}", r.credential_number),
            credential_number: &r.credential_number,
        });
        let achievement = category
            .map(|c| achievement_id("", &r.association_slug, c))
            .unwrap_or_default();
        views.push(EndorsementView {
            id: r.id,
            number: r.credential_number,
            mark: r.name_line,
            title: r.title_line,
            association: r.association_name,
            status: r.status,
            status_since: r.status_since,
            status_key: r.status.key(),
            withheld: r.status.credential_withheld(),
            valid_through: r.valid_through,
            city: r.city,
            region: r.region,
            association_slug: r.association_slug,
            transfers: super::transfers::describe(associations, &transfers),
            linkedin,
            achievement,
        });
    }
    Ok(views)
}

#[derive(Debug, Deserialize)]
pub struct ListingForm {
    #[serde(default)]
    city: String,
    #[serde(default)]
    region: String,
}

/// The endorsee chooses the place shown beside their name in the registry.
pub async fn set_listing(
    State(state): State<AppState>,
    Path(number): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<ListingForm>,
) -> Result<Redirect, WebError> {
    let row = by_number(&state, &number).await?;
    if row.person != user.person.id {
        return Err(WebError::NotFound);
    }
    for (field, value) in [("city", &form.city), ("region", &form.region)] {
        if value.chars().count() > 100 {
            return Err(WebError::BadRequest(format!(
                "{field}: at most 100 characters"
            )));
        }
    }
    state
        .store()
        .set_listing(row.id, &form.city, &form.region, Utc::now())
        .await?;
    state.registry().invalidate().await;
    Ok(Redirect::to("/dashboard#endorsements"))
}

/// A credential's `id` resolves to its verification page, so the URL inside a credential
/// leads a person somewhere useful.
pub async fn credential_id(Path(number): Path<String>) -> Result<Redirect, WebError> {
    if !valid_credential_number(&number) {
        return Err(WebError::NotFound);
    }
    Ok(Redirect::to(&format!("/verify/{number}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{I18n, Language};

    /// In English the verification page reads as before its words became messages: the
    /// domain's sentence for every status, and the registry's notice the API's own.
    #[test]
    fn english_words_are_the_domain_s_own() {
        let en = Tr::new(I18n::embedded(), Language::English);
        let es = Tr::new(I18n::embedded(), Language::Spanish);
        let since = NaiveDate::from_ymd_opt(2026, 5, 4).expect("a date");
        let through = NaiveDate::from_ymd_opt(2027, 1, 31).expect("a date");
        for status in Status::ALL {
            assert_eq!(
                crate::views::standing(en, status, since, through),
                status.standing(since, through),
                "{status}"
            );
            assert_eq!(
                en.t1("verify-status-label", "status", status.key()),
                status.label()
            );
        }
        assert_eq!(
            crate::views::standing(es, Status::Active, since, through),
            "Vigente, en regla hasta el 31 de enero de 2027"
        );
        assert_eq!(
            crate::views::standing(es, Status::Revoked, since, through),
            "Revocada el 4 de mayo de 2026"
        );
        assert_eq!(en.t("registry-not-a-license"), NOT_A_LICENSE);
        assert!(I18n::embedded().missing().is_empty());
    }
}
