//! Applicants in progress brought in by their association (issue #21): the coordinator (or
//! the Alliance administrator) uploads a CSV of applicants and, in the same form, each
//! applicant's `lattice-portfolio/1` file; the CSV's `portfolio` column names the file. A dry
//! run says what would be created, changed or left alone and, per applicant, what of their
//! file is not taken and why; Apply writes it all or nothing and invites each new applicant
//! to set a password.
//!
//! As with the endorsee import, the files travel with the page between the two steps: the dry
//! run puts them (base64 JSON) and a digest of what it showed into the Apply form, which is
//! CSRF-bound to the session. Applying reads, checks and plans again, and applies only the plan
//! the coordinator read.
//!
//! A file speaks for the applicant only where the applicant may (`docs/PORTFOLIO.md`, "Who
//! vouches for what"): education, trainings, work and RS/C are taken and marked as imported by
//! the coordinator; a rating becomes a rater to ask; membership and signatures are never taken.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{Duration, NaiveDate, Utc};
use lattice_domain::category::Category;
use lattice_domain::documents::{self, MailKind};
use lattice_domain::format::parse_portfolio;
use lattice_domain::language::{Language, OfferedLanguages};
use lattice_domain::profile::Profile;
use lattice_domain::rights::StaffRole;
use lattice_store::{
    ApplicantAction, ApplicantPlan, ApplicantRow, Invitation, NewAudit, NewMail, Section,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{ImportTarget, import_target, offered_categories, page, today};
use crate::auth::{CsrfForm, CsrfUpload, CurrentUser};
use crate::error::WebError;
use crate::portfolio_file::{Reader, take};
use crate::state::AppState;
use crate::views::Layout;

/// The CSV's columns, in template order.
pub const APPLICANT_COLUMNS: [&str; 6] = [
    "name",
    "email",
    "category",
    "intended_submission",
    "portfolio",
    "language",
];

/// `intended_submission` and `language` may be left out.
const REQUIRED: [&str; 4] = ["name", "email", "category", "portfolio"];

/// How long an invitation's link works: longer than a reset link (an hour), since the person
/// did not ask for it and may read it days later. "Forgot password" makes a new one.
const INVITATION_DAYS: i64 = 14;

/// How many rows of each kind the dry run lists; the counts say how many there are.
const LISTED: usize = 25;

/// One applicant of the dry run as shown.
pub struct PlannedView {
    pub line: u64,
    pub name: String,
    pub email: String,
    pub category: String,
    pub file_name: String,
    pub entries: usize,
    pub detail: String,
    /// What of the file is not taken, and why.
    pub left_out: Vec<String>,
}

pub struct PlanSection {
    pub heading: &'static str,
    pub id: &'static str,
    pub count: usize,
    pub rows: Vec<PlannedView>,
}

pub struct PlanView {
    pub created: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub new_accounts: usize,
    pub sections: Vec<PlanSection>,
    pub files: String,
    pub digest: String,
}

pub struct ResultView {
    pub created: usize,
    pub changed: usize,
    pub unchanged: usize,
}

#[derive(askama::Template)]
#[template(path = "applicant_import.html")]
pub struct ApplicantImportPage {
    pub layout: Layout,
    pub slug: String,
    pub name: String,
    pub columns: String,
    pub categories: String,
    pub errors: Vec<String>,
    pub notice: Option<String>,
    pub plan: Option<PlanView>,
    pub result: Option<ResultView>,
    pub invitation_days: i64,
}

#[derive(Debug, Default, Deserialize)]
pub struct ResultQuery {
    created: Option<usize>,
    changed: Option<usize>,
    unchanged: Option<usize>,
}

/// The coordinator's files, as the dry run read them and the Apply form returns them.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Files {
    pub csv: String,
    pub csv_name: String,
    /// File name → its text.
    pub portfolios: BTreeMap<String, String>,
}

/// One row read from the files: what the store needs, and what the page says was left out.
pub struct ReadRow {
    pub line: u64,
    pub name: String,
    pub email: String,
    pub category: String,
    pub intended_submission: Option<NaiveDate>,
    pub file_name: String,
    pub entries: Vec<(Section, Value)>,
    pub meta: Value,
    pub left_out: Vec<String>,
    pub language: Option<Language>,
}

fn render(
    user: &CurrentUser,
    slug: &str,
    target: &ImportTarget,
    errors: Vec<String>,
    notice: Option<String>,
    plan: Option<PlanView>,
    result: Option<ResultView>,
) -> Result<Response, WebError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let body = page(&ApplicantImportPage {
        layout: Layout::new(format!("Import applicants: {}", target.name), Some(user)),
        slug: slug.to_string(),
        name: target.name.clone(),
        columns: APPLICANT_COLUMNS.join(","),
        categories: offered_categories(&target.profile),
        errors,
        notice,
        plan,
        result,
        invitation_days: INVITATION_DAYS,
    })?;
    Ok((status, body).into_response())
}

pub async fn import_page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    Query(query): Query<ResultQuery>,
) -> Result<Response, WebError> {
    let target = import_target(&state, &user, &slug).await?;
    let result = query.created.map(|created| ResultView {
        created,
        changed: query.changed.unwrap_or(0),
        unchanged: query.unchanged.unwrap_or(0),
    });
    render(&user, &slug, &target, Vec::new(), None, None, result)
}

pub async fn template(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
) -> Result<Response, WebError> {
    import_target(&state, &user, &slug).await?;
    let mut text = APPLICANT_COLUMNS.join(",");
    text.push('\n');
    text.push_str("Ana Ruiz,ana.ruiz@example.org,IFS,2027-03-01,ana-ruiz.json,es\n");
    text.push_str("Sam Okoro,sam.okoro@example.org,IMHM-C,,sam-okoro.json,\n");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"applicant-template.csv\"",
            ),
        ],
        text,
    )
        .into_response())
}

/// Reads the CSV and the portfolio files it names. Every problem is named by the CSV's line
/// and column, a portfolio's own problems by the field too
/// (`line 3, column 5 (portfolio): ana.json: trainings[0].hours: must be > 0`).
pub fn read_applicants(
    files: &Files,
    today: NaiveDate,
    profile: &Profile,
    offered: &OfferedLanguages,
) -> Result<Vec<ReadRow>, Vec<String>> {
    let (mut reader, headers) = super::csv_with_header(&files.csv, &REQUIRED, &APPLICANT_COLUMNS)?;
    let column = |name: &str| headers.iter().position(|h| h == name);
    let mut errors = Vec::new();
    let mut rows: Vec<ReadRow> = Vec::new();
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
                column(field).map_or(0, |c| c + 1)
            ));
        };
        let cell = |field: &str| {
            column(field)
                .and_then(|c| record.get(c))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let name = cell("name");
        if !crate::input::clean_name(&name) {
            problem(
                "name",
                "give the applicant's name (up to 200 characters, without line breaks or control characters)".into(),
            );
        }
        let email = cell("email");
        if !crate::input::deliverable_email(&email) {
            problem("email", format!("\"{email}\" is not an email address"));
        } else if let Some(earlier) = rows.iter().find(|r| r.email.eq_ignore_ascii_case(&email)) {
            problem(
                "email",
                format!(
                    "{email} is already on line {}; give each person one line",
                    earlier.line
                ),
            );
        }
        let category_text = cell("category");
        match category_text.parse::<Category>() {
            Ok(c) if profile.categories.contains_key(&c.track) => {}
            Ok(c) => problem(
                "category",
                format!(
                    "{} is not a category {} endorses; use one of {}",
                    c.abbreviation(),
                    profile.association.name,
                    offered_categories(profile)
                ),
            ),
            Err(_) => problem(
                "category",
                format!(
                    "\"{category_text}\" is not a category; use one of {}",
                    offered_categories(profile)
                ),
            ),
        }
        let intended_text = cell("intended_submission");
        let intended_submission = if intended_text.is_empty() {
            None
        } else {
            match NaiveDate::parse_from_str(&intended_text, "%Y-%m-%d") {
                Ok(day) => Some(day),
                Err(_) => {
                    problem(
                        "intended_submission",
                        format!(
                            "\"{intended_text}\" is not a date (YYYY-MM-DD; or leave it empty)"
                        ),
                    );
                    None
                }
            }
        };
        // The language the association knows the person reads: the invitation's, and the
        // account's until they choose. Only one the association offers.
        let language_text = cell("language");
        let language = if language_text.is_empty() {
            None
        } else {
            match Language::from_code(&language_text) {
                Some(language) if offered.contains(language) => Some(language),
                Some(language) => {
                    problem(
                        "language",
                        format!(
                            "{} does not offer {} ({}); leave it empty for English",
                            profile.association.name,
                            language.endonym(),
                            language.code()
                        ),
                    );
                    None
                }
                None => {
                    problem(
                        "language",
                        format!(
                            "\"{language_text}\" is not a language Lattice speaks; use en or es, or leave it empty for English"
                        ),
                    );
                    None
                }
            }
        };
        let file_name = cell("portfolio");
        let mut entries = Vec::new();
        let mut meta = json!({});
        let mut left_out = Vec::new();
        match files.portfolios.get(&file_name) {
            _ if file_name.is_empty() => problem(
                "portfolio",
                "name the applicant's lattice-portfolio/1 file, uploaded with this CSV".into(),
            ),
            None => problem(
                "portfolio",
                format!(
                    "{file_name} is not among the uploaded portfolio files ({})",
                    if files.portfolios.is_empty() {
                        "none was uploaded".to_string()
                    } else {
                        files
                            .portfolios
                            .keys()
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                ),
            ),
            Some(text) => match parse_portfolio(text) {
                Err(bad) => {
                    for field in bad.0 {
                        problem("portfolio", format!("{file_name}: {field}"));
                    }
                }
                Ok(_) => {
                    let raw: Value = serde_json::from_str(text).unwrap_or(Value::Null);
                    let future = crate::portfolio_file::future_dates(&raw, today);
                    for p in &future {
                        problem("portfolio", format!("{file_name}: {p}"));
                    }
                    let file_email = raw["person"]["email"].as_str().unwrap_or("").trim();
                    if !file_email.is_empty() && !file_email.eq_ignore_ascii_case(&email) {
                        problem(
                            "portfolio",
                            format!("{file_name} is the portfolio of {file_email}, not of {email}"),
                        );
                    }
                    if future.is_empty() {
                        let taken = take(&raw, Reader::Staff, &[]);
                        meta = taken.meta();
                        (entries, left_out) = (taken.entries, taken.left_out);
                    }
                }
            },
        }
        rows.push(ReadRow {
            line,
            name,
            email: email.to_lowercase(),
            category: category_text.to_uppercase(),
            intended_submission,
            file_name,
            entries,
            meta,
            left_out,
            language,
        });
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push("the file has no applicants below its header line".to_string());
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// The rows as the store takes them, each with a fresh invitation (used only if the row
/// creates an applicant), worded as the association saved it or in the built-in wording.
async fn store_rows(
    state: &AppState,
    target: &ImportTarget,
    read: &[ReadRow],
) -> Result<Vec<ApplicantRow>, WebError> {
    let now = Utc::now();
    let kind = MailKind::ImportInvitation;
    let template = super::mail_templates::stored(state.store(), target.id, kind).await?;
    let mut rows = Vec::with_capacity(read.len());
    for row in read {
        let token = crate::auth::new_token()?;
        let values = [
            ("name", row.name.clone()),
            ("association", target.name.clone()),
            ("category", row.category.clone()),
            ("entries", row.entries.len().to_string()),
            ("email", row.email.clone()),
            ("link_days", INVITATION_DAYS.to_string()),
            (
                "link",
                format!("{}/reset-password?token={token}", state.config().base_url),
            ),
        ];
        // In the language the association gave for the person (English when none).
        let (subject, body) = documents::compose_in(
            kind,
            template
                .as_ref()
                .map(|t| (t.subject.as_str(), t.body.as_str())),
            kind.wording_language(row.language.unwrap_or_default()),
            &values,
        );
        let mail = NewMail {
            recipient: row.email.clone(),
            subject,
            body,
            created_at: now,
        };
        rows.push(ApplicantRow {
            line: row.line,
            name: row.name.clone(),
            email: row.email.clone(),
            category: row.category.clone(),
            intended_submission: row.intended_submission,
            file_name: row.file_name.clone(),
            entries: row.entries.clone(),
            meta: row.meta.clone(),
            language: row.language,
            invitation: Invitation {
                token_hash: lattice_store::token::hash_token(&token),
                expires_at: now + Duration::days(INVITATION_DAYS),
                mail,
            },
        });
    }
    Ok(rows)
}

fn problems_in_words(plan: &ApplicantPlan) -> Vec<String> {
    plan.problems
        .iter()
        .map(|p| {
            let column = APPLICANT_COLUMNS
                .iter()
                .position(|c| *c == p.column)
                .map_or(0, |c| c + 1);
            format!(
                "line {}, column {column} ({}): {}",
                p.line, p.column, p.message
            )
        })
        .collect()
}

/// A digest of the files and of what their dry run says, so Apply refuses a plan that is not
/// the one shown.
fn plan_digest(encoded: &str, plan: &ApplicantPlan) -> String {
    let mut context = ring::digest::Context::new(&ring::digest::SHA256);
    context.update(encoded.as_bytes());
    for row in &plan.rows {
        context.update(format!("\n{}|{:?}|{}", row.line, row.action, row.new_account).as_bytes());
    }
    context
        .finish()
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn plan_view(encoded: String, plan: &ApplicantPlan, read: &[ReadRow]) -> PlanView {
    let view = |row: &lattice_store::PlannedApplicant| {
        PlannedView {
        line: row.line,
        name: row.name.clone(),
        email: row.email.clone(),
        category: row.category.clone(),
        file_name: row.file_name.clone(),
        entries: row.entries,
        detail: match (&row.action, row.new_account) {
            (ApplicantAction::Create, true) => {
                "new account, draft application, invitation by email".to_string()
            }
            (ApplicantAction::Create, false) => {
                "existing account without a password (e.g. from the member roster): draft application, invitation by email".to_string()
            }
            (ApplicantAction::Change, _) => {
                "imported before from another file, no password set yet: portfolio to replace, no new mail".to_string()
            }
            (ApplicantAction::Unchanged, _) => "imported before from the same files".to_string(),
        },
        left_out: read
            .iter()
            .find(|r| r.line == row.line)
            .map(|r| r.left_out.clone())
            .unwrap_or_default(),
    }
    };
    let section = |heading, id, action: ApplicantAction| {
        let all: Vec<_> = plan.rows.iter().filter(|r| r.action == action).collect();
        PlanSection {
            heading,
            id,
            count: all.len(),
            rows: all.into_iter().take(LISTED).map(view).collect(),
        }
    };
    let digest = plan_digest(&encoded, plan);
    PlanView {
        created: plan.created(),
        changed: plan.changed(),
        unchanged: plan.unchanged(),
        new_accounts: plan.new_accounts(),
        sections: [
            section("To create", "plan-created", ApplicantAction::Create),
            section("To change", "plan-changed-rows", ApplicantAction::Change),
            section("Left alone", "plan-unchanged", ApplicantAction::Unchanged),
        ]
        .into_iter()
        .filter(|s| s.count > 0)
        .collect(),
        files: encoded,
        digest,
    }
}

/// A file's name as the page and the audit row say it: no folders, no control characters,
/// 200 characters at most.
fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.chars().filter(|c| !c.is_control()).take(200).collect()
}

fn encode(files: &Files) -> Result<String, WebError> {
    let text =
        serde_json::to_string(files).map_err(|e| WebError::Internal(format!("files: {e}")))?;
    Ok(STANDARD.encode(text))
}

/// The upload: the CSV (`file`) and the portfolio files (`portfolios`, several), read, checked
/// and planned; the page shows the dry run (or every problem) and writes nothing.
pub async fn dry_run(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    upload: CsrfUpload,
) -> Result<Response, WebError> {
    let target = import_target(&state, &user, &slug).await?;
    let csv = super::portfolio::upload_text(&upload, "file")?;
    let mut files = Files {
        csv,
        csv_name: upload
            .part("file")
            .and_then(|p| p.file_name.as_deref())
            .map(clean_file_name)
            .unwrap_or_default(),
        portfolios: BTreeMap::new(),
    };
    let mut errors = Vec::new();
    for part in upload.0.iter().filter(|p| p.name == "portfolios") {
        if part.bytes.is_empty() {
            continue;
        }
        let name = part
            .file_name
            .as_deref()
            .map(clean_file_name)
            .unwrap_or_default();
        match String::from_utf8(part.bytes.to_vec()) {
            Ok(text) => {
                if files.portfolios.insert(name.clone(), text).is_some() {
                    errors.push(format!(
                        "portfolios: two files are called {name}; give each applicant's file its own name"
                    ));
                }
            }
            Err(_) => errors.push(format!("portfolios: {name} is not text (UTF-8)")),
        }
    }
    if !errors.is_empty() {
        return render(&user, &slug, &target, errors, None, None, None);
    }
    planned(&state, &user, &slug, &target, &files, None).await
}

async fn planned(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    target: &ImportTarget,
    files: &Files,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let offered = crate::brand::frame(state.store(), state.brands(), target.id)
        .await?
        .languages;
    let read = match read_applicants(files, today(), &target.profile, &offered) {
        Ok(read) => read,
        Err(errors) => return render(user, slug, target, errors, None, None, None),
    };
    let rows = store_rows(state, target, &read).await?;
    let plan = state
        .store()
        .plan_applicant_import(target.id, &rows)
        .await?;
    if !plan.problems.is_empty() {
        return render(
            user,
            slug,
            target,
            problems_in_words(&plan),
            None,
            None,
            None,
        );
    }
    let view = plan_view(encode(files)?, &plan, &read);
    render(user, slug, target, Vec::new(), notice, Some(view), None)
}

#[derive(Debug, Deserialize)]
pub struct ApplyForm {
    #[serde(default)]
    files: String,
    #[serde(default)]
    digest: String,
}

/// Apply: the files from the dry run's form, checked and planned again; applied in one
/// transaction only when the plan is the one the coordinator read.
pub async fn apply(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<ApplyForm>,
) -> Result<Response, WebError> {
    let target = import_target(&state, &user, &slug).await?;
    let files: Files = STANDARD
        .decode(form.files.trim())
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(|| {
            WebError::BadRequest("files: upload the files again for a new dry run".to_string())
        })?;
    let offered = crate::brand::frame(state.store(), state.brands(), target.id)
        .await?
        .languages;
    let read = match read_applicants(&files, today(), &target.profile, &offered) {
        Ok(read) => read,
        Err(errors) => return render(&user, &slug, &target, errors, None, None, None),
    };
    let rows = store_rows(&state, &target, &read).await?;
    let store = state.store();
    let shown = store.plan_applicant_import(target.id, &rows).await?;
    if plan_digest(&encode(&files)?, &shown) != form.digest {
        return planned(
            &state,
            &user,
            &slug,
            &target,
            &files,
            Some(
                "The records changed since that dry run (or it came from other files): nothing was applied. Read this one and apply it."
                    .to_string(),
            ),
        )
        .await;
    }
    let audit = NewAudit {
        at: Utc::now(),
        actor: Some(user.person.id),
        association: Some(target.id),
        subject: format!("association:{}", target.id.0),
        action: "import-applicants".to_string(),
        reason: format!(
            "{} with {} portfolio files (sha-256 {})",
            if files.csv_name.is_empty() {
                "applicant file"
            } else {
                &files.csv_name
            },
            files.portfolios.len(),
            &form.digest[..12.min(form.digest.len())]
        ),
    };
    // Each entry says who brought it in, in the role they held: the association's coordinator,
    // or the Alliance administrator importing for it (who need not be its coordinator).
    let role = if user.viewer.holds(target.id, StaffRole::Coordinator) {
        "coordinator"
    } else {
        "alliance-admin"
    };
    let marker = json!({
        "name": user.person.name,
        "role": role,
        "association": slug,
    });
    let done = store
        .import_applicants(target.id, &rows, &audit, &marker)
        .await?;
    if !done.problems.is_empty() {
        return render(
            &user,
            &slug,
            &target,
            problems_in_words(&done),
            None,
            None,
            None,
        );
    }
    Ok(Redirect::to(&format!(
        "/staff/{slug}/applicants?created={}&changed={}&unchanged={}",
        done.created(),
        done.changed(),
        done.unchanged(),
    ))
    .into_response())
}
