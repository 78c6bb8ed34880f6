//! An association's registry imported from its earlier records (issue #21): the coordinator
//! (or the Alliance administrator) uploads a CSV of endorsees, reads a dry run of what would be
//! created, changed or left alone, then applies it, all or nothing.
//!
//! Between the two steps the file travels with the page, not the server: the dry run puts
//! the file (base64) and a digest of what it showed into the Apply form, which is CSRF-bound
//! to the session like every form. Applying reads the file again, checks it again and plans
//! again; when the plan's digest differs from the one shown (the records changed meanwhile),
//! nothing is applied and the new dry run is shown instead. So nothing is kept on the server
//! between the steps, and what is applied is what the coordinator read.

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{Datelike, NaiveDate, Utc};
use lattice_domain::category::Category;
use lattice_domain::endorsement::{Status, mark, typed_credential_number};
use lattice_domain::profile::Profile;
use lattice_store::{EndorseeAction, EndorseePlan, EndorseeRow, NewAudit, PlannedEndorsee};
use serde::Deserialize;

use super::{ImportTarget, import_target, offered_categories, page, today};
use crate::auth::{CsrfForm, CsrfUpload, CurrentUser};
use crate::error::WebError;
use crate::state::AppState;
use crate::views::Layout;

/// The file's columns, in template order.
pub const ENDORSEE_COLUMNS: [&str; 8] = [
    "name",
    "email",
    "category",
    "first_endorsed_on",
    "valid_through",
    "renewals",
    "status",
    "credential_number",
];

/// The columns a file must have; `renewals` may be left out when nobody renewed yet.
const REQUIRED: [&str; 7] = [
    "name",
    "email",
    "category",
    "first_endorsed_on",
    "valid_through",
    "status",
    "credential_number",
];

/// How many rows of each kind the dry run lists; the counts say how many there are.
const LISTED: usize = 10;

/// A row of the dry run as shown.
pub struct PlannedView {
    pub line: u64,
    pub name: String,
    pub email: String,
    pub number: String,
    pub detail: String,
}

/// The first rows of one kind (created, changed, left alone); empty kinds are left out.
pub struct PlanSection {
    pub heading: &'static str,
    pub id: &'static str,
    pub count: usize,
    pub rows: Vec<PlannedView>,
}

/// The dry run as shown, with what the Apply form carries.
pub struct PlanView {
    pub created: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub new_accounts: usize,
    pub sections: Vec<PlanSection>,
    pub file: String,
    pub file_name: String,
    pub digest: String,
}

/// What the last import did, from the redirect's query.
pub struct ResultView {
    pub created: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub accounts: usize,
}

#[derive(askama::Template)]
#[template(path = "endorsee_import.html")]
pub struct EndorseeImportPage {
    pub layout: Layout,
    pub slug: String,
    pub name: String,
    pub columns: String,
    pub categories: String,
    pub statuses: String,
    pub errors: Vec<String>,
    /// Said above a new dry run shown instead of applying an outdated one.
    pub notice: Option<String>,
    pub plan: Option<PlanView>,
    pub result: Option<ResultView>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ResultQuery {
    created: Option<usize>,
    changed: Option<usize>,
    unchanged: Option<usize>,
    accounts: Option<usize>,
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
    let body = page(&EndorseeImportPage {
        layout: Layout::new(format!("Import endorsees: {}", target.name), Some(user)),
        slug: slug.to_string(),
        name: target.name.clone(),
        columns: ENDORSEE_COLUMNS.join(","),
        categories: offered_categories(&target.profile),
        statuses: Status::ALL
            .iter()
            .map(|s| s.key())
            .collect::<Vec<_>>()
            .join(", "),
        errors,
        notice,
        plan,
        result,
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
        accounts: query.accounts.unwrap_or(0),
    });
    render(&user, &slug, &target, Vec::new(), None, None, result)
}

pub async fn template(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
) -> Result<Response, WebError> {
    import_target(&state, &user, &slug).await?;
    let mut text = ENDORSEE_COLUMNS.join(",");
    text.push('\n');
    text.push_str(
        "Maya Lindqvist,maya.lindqvist@example.org,IFS,2019-06-30,2027-06-30,2023-06-30;2024-06-30;2025-06-30,active,OLD-10421\n",
    );
    text.push_str(
        "Jordan Alvarez,jordan.alvarez@example.org,IMHM-C,2016-03-15,2024-06-30,,lapsed,OLD-09977\n",
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"endorsee-template.csv\"",
            ),
        ],
        text,
    )
        .into_response())
}

/// Reads an endorsee file. Every bad cell is reported as `line L, column C (field): …`; when
/// there is any, nothing is planned or stored. `categories` is what the association offers.
pub fn read_endorsee_csv(
    text: &str,
    today: NaiveDate,
    profile: &Profile,
) -> Result<(Vec<EndorseeRow>, Vec<String>), Vec<String>> {
    let (mut reader, headers) = super::csv_with_header(text, &REQUIRED, &ENDORSEE_COLUMNS)?;
    let column = |name: &str| headers.iter().position(|h| h == name);
    let mut errors = Vec::new();
    let mut rows: Vec<EndorseeRow> = Vec::new();
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
                .to_string()
        };
        let name = cell("name");
        if !crate::input::clean_name(&name) {
            problem(
                "name",
                "give the endorsee's name (up to 200 characters, without line breaks or control characters)".into(),
            );
        }
        let email = cell("email");
        let normalised = email.to_lowercase();
        if !crate::input::deliverable_email(&email) {
            problem("email", format!("\"{email}\" is not an email address"));
        } else if let Some(earlier) = rows.iter().find(|r| r.email.to_lowercase() == normalised) {
            problem(
                "email",
                format!(
                    "{email} is already on line {}; give each person one line",
                    earlier.line
                ),
            );
        }
        let category_text = cell("category");
        let category = match category_text.parse::<Category>() {
            Ok(c) if profile.categories.contains_key(&c.track) => Some(c),
            Ok(c) => {
                problem(
                    "category",
                    format!(
                        "{} is not a category {} endorses; use one of {}",
                        c.abbreviation(),
                        profile.association.name,
                        offered_categories(profile)
                    ),
                );
                None
            }
            Err(_) => {
                problem(
                    "category",
                    format!(
                        "\"{category_text}\" is not a category; use one of {}",
                        offered_categories(profile)
                    ),
                );
                None
            }
        };
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
        let endorsed_on = date("first_endorsed_on");
        let valid_through = date("valid_through");
        let mut renewals = Vec::new();
        for part in cell("renewals")
            .split(';')
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match NaiveDate::parse_from_str(part, "%Y-%m-%d") {
                Ok(day) => renewals.push(day),
                Err(_) => problem(
                    "renewals",
                    format!("\"{part}\" is not a date (YYYY-MM-DD; dates separated by ;)"),
                ),
            }
        }
        let status_text = cell("status");
        let status = Status::from_key(&status_text.to_lowercase());
        if status.is_none() {
            problem(
                "status",
                format!(
                    "\"{status_text}\" is not a status; use one of {}",
                    Status::ALL.map(Status::key).join(", ")
                ),
            );
        }
        let carried = cell("credential_number");
        let number = typed_credential_number(&carried);
        if number.is_empty() || carried.chars().count() > 40 {
            problem(
                "credential_number",
                "give the credential number the endorsee carries (up to 40 characters)".into(),
            );
        } else if let Some(earlier) = rows.iter().find(|r| r.number == number) {
            problem(
                "credential_number",
                format!("{number} is already on line {}", earlier.line),
            );
        }
        let (Some(category), Some(endorsed_on), Some(valid_through), Some(status)) =
            (category, endorsed_on, valid_through, status)
        else {
            continue;
        };
        if endorsed_on > today {
            problem(
                "first_endorsed_on",
                format!("{endorsed_on} is after today ({today})"),
            );
        }
        if valid_through < endorsed_on {
            problem(
                "valid_through",
                format!("{valid_through} is before the first endorsement, {endorsed_on}"),
            );
        }
        if status == Status::Active && valid_through < today {
            problem(
                "valid_through",
                format!(
                    "an active endorsement good only through {valid_through} has run out; give the date it is good through, or the status lapsed"
                ),
            );
        }
        for (i, day) in renewals.iter().enumerate() {
            if *day <= endorsed_on || *day > today {
                problem(
                    "renewals",
                    format!("{day} is not between the first endorsement ({endorsed_on}) and today"),
                );
            } else if i > 0 && renewals[i - 1].year() >= day.year() {
                problem(
                    "renewals",
                    format!(
                        "{day} follows {}: give the renewals oldest first, one a year",
                        renewals[i - 1]
                    ),
                );
            }
        }
        let shown = mark(&name, &[], &[], category);
        rows.push(EndorseeRow {
            line,
            name,
            email,
            category: category.abbreviation().to_string(),
            name_line: shown.name_line,
            title_line: shown.title_line,
            endorsed_on,
            valid_through,
            renewals,
            status,
            number,
        });
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push("the file has no endorsees below its header line".to_string());
    }
    if errors.is_empty() {
        Ok((rows, headers.iter().map(str::to_string).collect()))
    } else {
        Err(errors)
    }
}

/// The store's problems in the same words as the file's: line, column and field.
/// `columns` are the file's own, in its order.
fn problems_in_words(plan: &EndorseePlan, columns: &[String]) -> Vec<String> {
    plan.problems
        .iter()
        .map(|p| {
            let column = columns
                .iter()
                .position(|c| c == p.column)
                .map_or(0, |c| c + 1);
            format!(
                "line {}, column {column} ({}): {}",
                p.line, p.column, p.message
            )
        })
        .collect()
}

/// A digest of the file and of what its dry run says, so Apply refuses a plan that is not the
/// one shown.
fn plan_digest(text: &str, plan: &EndorseePlan) -> String {
    let mut context = ring::digest::Context::new(&ring::digest::SHA256);
    context.update(text.as_bytes());
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

fn plan_view(text: &str, file_name: &str, plan: &EndorseePlan) -> PlanView {
    let view = |row: &PlannedEndorsee| PlannedView {
        line: row.line,
        name: row.name.clone(),
        email: row.email.clone(),
        number: match &row.credential_number {
            Some(ours) if *ours != row.number => format!("{} (verifies as {ours})", row.number),
            _ => row.number.clone(),
        },
        detail: match &row.action {
            EndorseeAction::Create if row.new_account => "new account, no mail sent".to_string(),
            EndorseeAction::Create => "existing account".to_string(),
            EndorseeAction::Change(words) => words.join("; "),
            EndorseeAction::Unchanged => String::new(),
        },
    };
    let section = |heading, id, count, which: fn(&EndorseeAction) -> bool| PlanSection {
        heading,
        id,
        count,
        rows: plan
            .rows
            .iter()
            .filter(|r| which(&r.action))
            .take(LISTED)
            .map(view)
            .collect(),
    };
    PlanView {
        created: plan.created(),
        changed: plan.changed(),
        unchanged: plan.unchanged(),
        new_accounts: plan.new_accounts(),
        sections: [
            section("To create", "plan-created", plan.created(), |a| {
                matches!(a, EndorseeAction::Create)
            }),
            section("To change", "plan-changed-rows", plan.changed(), |a| {
                matches!(a, EndorseeAction::Change(_))
            }),
            section("Left alone", "plan-unchanged", plan.unchanged(), |a| {
                matches!(a, EndorseeAction::Unchanged)
            }),
        ]
        .into_iter()
        .filter(|s| s.count > 0)
        .collect(),
        file: STANDARD.encode(text),
        file_name: file_name.to_string(),
        digest: plan_digest(text, plan),
    }
}

/// A file's name as the page and the audit row say it: no control characters, 200 at most.
fn clean_file_name(name: &str) -> String {
    name.chars().filter(|c| !c.is_control()).take(200).collect()
}

/// The upload: the file is read, checked and planned; the page shows the dry run (or every
/// problem) and writes nothing.
pub async fn dry_run(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    upload: CsrfUpload,
) -> Result<Response, WebError> {
    let target = import_target(&state, &user, &slug).await?;
    let text = super::portfolio::upload_text(&upload, "file")?;
    let file_name = upload
        .part("file")
        .and_then(|p| p.file_name.as_deref())
        .map(clean_file_name)
        .unwrap_or_default();
    planned(&state, &user, &slug, &target, &text, &file_name, None).await
}

async fn planned(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    target: &ImportTarget,
    text: &str,
    file_name: &str,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let (rows, columns) = match read_endorsee_csv(text, today(), &target.profile) {
        Ok(read) => read,
        Err(errors) => return render(user, slug, target, errors, None, None, None),
    };
    let plan = state.store().plan_endorsee_import(target.id, &rows).await?;
    if !plan.problems.is_empty() {
        return render(
            user,
            slug,
            target,
            problems_in_words(&plan, &columns),
            None,
            None,
            None,
        );
    }
    let view = plan_view(text, file_name, &plan);
    render(user, slug, target, Vec::new(), notice, Some(view), None)
}

#[derive(Debug, Deserialize)]
pub struct ApplyForm {
    #[serde(default)]
    file: String,
    #[serde(default)]
    file_name: String,
    #[serde(default)]
    digest: String,
}

/// Apply: the file from the dry run's form, checked and planned again; applied in one
/// transaction only when the plan is the one the coordinator read.
pub async fn apply(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<ApplyForm>,
) -> Result<Response, WebError> {
    let target = import_target(&state, &user, &slug).await?;
    let text = STANDARD
        .decode(form.file.trim())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(|| {
            WebError::BadRequest("file: upload the file again for a new dry run".to_string())
        })?;
    let file_name = clean_file_name(&form.file_name);
    let (rows, columns) = match read_endorsee_csv(&text, today(), &target.profile) {
        Ok(read) => read,
        Err(errors) => return render(&user, &slug, &target, errors, None, None, None),
    };
    let store = state.store();
    let shown = store.plan_endorsee_import(target.id, &rows).await?;
    if plan_digest(&text, &shown) != form.digest {
        return planned(
            &state,
            &user,
            &slug,
            &target,
            &text,
            &file_name,
            Some(
                "The records changed since that dry run (or it came from another file): nothing was applied. Read this one and apply it."
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
        action: "import-endorsees".to_string(),
        reason: format!(
            "{} (sha-256 {})",
            if file_name.is_empty() {
                "endorsee file"
            } else {
                &file_name
            },
            &form.digest[..12.min(form.digest.len())]
        ),
    };
    let done = store
        .import_endorsees(
            target.id,
            &target.profile.association.abbreviation,
            &rows,
            &audit,
        )
        .await?;
    if !done.applied {
        return render(
            &user,
            &slug,
            &target,
            problems_in_words(&done, &columns),
            None,
            None,
            None,
        );
    }
    // This node's registry reads the new endorsements at once; others within a second.
    state.registry().invalidate().await;
    Ok(Redirect::to(&format!(
        "/staff/{slug}/endorsees?created={}&changed={}&unchanged={}&accounts={}",
        done.created(),
        done.changed(),
        done.unchanged(),
        done.new_accounts()
    ))
    .into_response())
}
