//! Fees, the late fee, the renewal deadline and the grace period in the association's hands
//! (issue #21 item 2): `/staff/{slug}/settings/fees` shows the figures in force and those of
//! any scheduled edition, and a form of typed fields that turns a change into a new
//! `[[edition]]` of the association's profile.
//!
//! The form writes only what changes, citing each changed figure as the association's setting
//! (no published document states a figure typed here), and sends the text through the same
//! loader and the same store path as a draft on the rules page (`lattice_profiles::draft`,
//! `save_edition`), so a setting is refused for the same reasons a file is, scheduled the same
//! way, and audited with each figure before and after. "Preview whom it affects" shows, on the
//! same page and without saving anything, what the change does to each endorsee's next
//! renewal ([`preview`]).

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate, Utc};
use lattice_domain::category::Track;
use lattice_domain::endorsement::Status;
use lattice_domain::endorsement::good_through;
use lattice_domain::ids::AssociationId;
use lattice_domain::profile::{Fees, Profile, RenewalRule, YearlyDate};
use lattice_domain::renewal_change::renewal_impact;
use lattice_profiles::Catalog;
use lattice_profiles::draft::load_draft;
use lattice_store::{EditionStatus, NewAudit, NewEdition};
use serde::Deserialize;

use super::{answer, today};
use crate::auth::{CsrfForm, CurrentUser};
use crate::error::WebError;
use crate::state::AppState;
use crate::views::{FeeFieldView, FeeTableView, Layout};

#[derive(askama::Template)]
#[template(path = "fee_settings.html")]
pub struct FeeSettingsPage {
    pub layout: Layout,
    pub slug: String,
    pub name: String,
    pub table: FeeTableView,
    /// One group of fields per category, then the renewal fields.
    pub fee_fields: Vec<(String, Vec<FeeFieldView>)>,
    pub renewal_fields: Vec<FeeFieldView>,
    pub deadline_year: FeeFieldView,
    pub effective: FeeFieldView,
    /// Each error with the id of its field, where it has one.
    pub errors: Vec<(Option<String>, String)>,
    pub notice: Option<String>,
    /// What the change previewed does to renewals; nothing saved yet.
    pub impact: Option<ImpactView>,
}

/// What a change does to the association's endorsees' next renewal, as the preview says it.
pub struct ImpactView {
    pub effective: String,
    /// The figures changed, before -> after, as the audit row will say them.
    pub changed: Vec<String>,
    pub endorsees: usize,
    pub deadline_moves: usize,
    pub lapse_moves: usize,
    pub late_fee_changes: usize,
    /// "$25 -> $40", when the late fee changes.
    pub late_fee: Option<String>,
    pub rows: Vec<ImpactRow>,
    /// Endorsees moved beyond the rows shown.
    pub more: usize,
}

/// One endorsee whose deadline or lapse day moves.
pub struct ImpactRow {
    pub name: String,
    pub credential: String,
    pub year: i32,
    pub deadline: (String, String),
    pub lapses_on: (String, String),
}

/// The most endorsees the preview lists by name; the counts cover them all.
const IMPACT_ROWS: usize = 200;

#[derive(Debug, Default, Deserialize)]
pub struct FeeQuery {
    scheduled: Option<String>,
}

/// The posted form: every field by name (`fee.II.registration`, `late_fee`, …), kept as typed.
pub type FeeForm = BTreeMap<String, String>;

struct Target {
    id: AssociationId,
    name: String,
}

async fn target(state: &AppState, user: &CurrentUser, slug: &str) -> Result<Target, WebError> {
    let super::ManagedAssociation { id, name } =
        super::managed_association(state, user, slug).await?;
    Ok(Target { id, name })
}

/// The figures a setting can change, as they stand in one edition.
#[derive(Debug, Clone, PartialEq)]
struct Figures {
    /// Each offered category, in the profile's order, with its fees if it has any.
    fees: Vec<(Track, String, Option<Fees>)>,
    late_fee: Option<u32>,
    deadline: YearlyDate,
    grace_days: i64,
}

impl Figures {
    fn of(profile: &Profile) -> Figures {
        Figures {
            fees: profile
                .categories
                .iter()
                .filter(|(_, rule)| rule.offered)
                .map(|(track, rule)| (*track, profile.tier_name(*track), rule.fees.clone()))
                .collect(),
            late_fee: profile.renewal.late_fee_usd,
            deadline: profile.renewal.deadline,
            grace_days: profile.renewal.grace_days,
        }
    }
}

/// "December 31 of the renewal year", "January 31 of the year after".
fn deadline_words(d: YearlyDate) -> String {
    let month = NaiveDate::from_ymd_opt(2024, d.month, 1)
        .map(|m| m.format("%B").to_string())
        .unwrap_or_else(|| d.month.to_string());
    let year = if d.years_after == 0 {
        "of the renewal year".to_string()
    } else {
        "of the year after".to_string()
    };
    format!("{month} {} {year}", d.day)
}

fn grace_words(days: i64) -> String {
    match days {
        0 => "none".to_string(),
        1 => "1 day".to_string(),
        n => format!("{n} days"),
    }
}

fn fee_words(fees: &Option<Fees>) -> (String, String) {
    match fees {
        Some(f) => (
            format!("${}", f.registration_usd),
            format!("${}", f.processing_usd),
        ),
        None => ("none".to_string(), "none".to_string()),
    }
}

/// The figures in force today and those of each edition scheduled after today, side by side.
fn table(catalog: &Catalog, slug: &str, in_force: &Profile) -> FeeTableView {
    let today = today();
    let mut editions: Vec<&Profile> = vec![in_force];
    editions.extend(
        catalog
            .editions(slug)
            .iter()
            .filter(|p| p.effective > today),
    );
    let columns = editions
        .iter()
        .map(|p| {
            if p.effective <= today {
                format!("Today (since {})", p.effective)
            } else {
                format!("From {} (scheduled)", p.effective)
            }
        })
        .collect();
    let figures: Vec<Figures> = editions.iter().map(|p| Figures::of(p)).collect();
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    for (i, (_, name, _)) in figures[0].fees.iter().enumerate() {
        let cell = |f: &Figures, registration: bool| {
            f.fees
                .get(i)
                .map(|(_, _, fees)| {
                    let (r, p) = fee_words(fees);
                    if registration { r } else { p }
                })
                .unwrap_or_default()
        };
        rows.push((
            format!("{name} registration fee"),
            figures.iter().map(|f| cell(f, true)).collect(),
        ));
        rows.push((
            format!("{name} processing fee"),
            figures.iter().map(|f| cell(f, false)).collect(),
        ));
    }
    rows.push((
        "Late fee".to_string(),
        figures
            .iter()
            .map(|f| {
                f.late_fee
                    .map_or("none".to_string(), |fee| format!("${fee}"))
            })
            .collect(),
    ));
    rows.push((
        "Renewal deadline".to_string(),
        figures.iter().map(|f| deadline_words(f.deadline)).collect(),
    ));
    rows.push((
        "Grace period".to_string(),
        figures.iter().map(|f| grace_words(f.grace_days)).collect(),
    ));
    // The real last day, so a coordinator reads what the figures mean for people.
    rows.push((
        format!("Last day of good standing for {}", today.year()),
        editions
            .iter()
            .map(|p| {
                good_through(&p.renewal, today.year())
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            })
            .collect(),
    ));
    FeeTableView { columns, rows }
}

/// The first day a new edition may take effect by default: next January 1, or the day after
/// the latest edition if that is later (as on the rules page).
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

fn fee_name(track: Track, part: &str) -> String {
    format!("fee.{}.{part}", track.key())
}

/// The form's fields: one group per category, the renewal fields, the deadline's year and
/// the effective date.
struct Fields {
    fees: Vec<(String, Vec<FeeFieldView>)>,
    renewal: Vec<FeeFieldView>,
    deadline_year: FeeFieldView,
    effective: FeeFieldView,
}

/// The fields, filled from `values` (what was typed) or else from the latest edition.
fn fields(
    base: &Figures,
    values: &FeeForm,
    errors: &BTreeMap<String, String>,
    effective: NaiveDate,
) -> Fields {
    let field = |name: String, label: String, current: String, help: &str| FeeFieldView {
        id: name.replace('.', "-"),
        value: values.get(&name).cloned().unwrap_or(current),
        error: errors.get(&name).cloned(),
        name,
        label,
        help: help.to_string(),
    };
    let fee_fields = base
        .fees
        .iter()
        .map(|(track, name, fees)| {
            let (r, p, help) = match fees {
                Some(f) => (
                    f.registration_usd.to_string(),
                    f.processing_usd.to_string(),
                    "",
                ),
                None => (
                    String::new(),
                    String::new(),
                    "No fee today: leave empty to keep it so.",
                ),
            };
            (
                name.clone(),
                vec![
                    field(
                        fee_name(*track, "registration"),
                        format!("{name} registration fee (whole dollars)"),
                        r,
                        help,
                    ),
                    field(
                        fee_name(*track, "processing"),
                        format!("{name} processing fee (whole dollars)"),
                        p,
                        help,
                    ),
                ],
            )
        })
        .collect();
    let renewal = vec![
        field(
            "late_fee".into(),
            "Late fee (whole dollars)".into(),
            base.late_fee.map(|f| f.to_string()).unwrap_or_default(),
            "Charged for a renewal handed in after the deadline and within the grace period. Leave empty for no late fee.",
        ),
        field(
            "deadline_month".into(),
            "Renewal deadline: month (1 to 12)".into(),
            base.deadline.month.to_string(),
            "",
        ),
        field(
            "deadline_day".into(),
            "Renewal deadline: day of the month".into(),
            base.deadline.day.to_string(),
            "",
        ),
        field(
            "grace_days".into(),
            "Grace period (days after the deadline, 0 to 366)".into(),
            base.grace_days.to_string(),
            "An endorsement not renewed by the deadline stays in good standing this many days more, then lapses.",
        ),
    ];
    let deadline_year = field(
        "deadline_year".into(),
        "The deadline falls".into(),
        base.deadline.years_after.to_string(),
        "",
    );
    let effective = field(
        "effective".into(),
        "Takes effect on (YYYY-MM-DD)".into(),
        effective.to_string(),
        "Tomorrow or later, and after the latest edition. Registrations and renewals from that day use the new figures; invoices already made keep theirs.",
    );
    Fields {
        fees: fee_fields,
        renewal,
        deadline_year,
        effective,
    }
}

/// What a rendering shows besides the figures in force.
#[derive(Default)]
struct Shown {
    values: FeeForm,
    field_errors: BTreeMap<String, String>,
    errors: Vec<String>,
    notice: Option<String>,
    impact: Option<ImpactView>,
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    target: &Target,
    shown: Shown,
) -> Result<Response, WebError> {
    let catalog = state.catalog();
    let in_force = catalog
        .profile(slug, today())
        .map_err(|e| WebError::Internal(format!("profile: {e}")))?;
    let latest = catalog.editions(slug).last().unwrap_or(in_force);
    let Fields {
        fees: fee_fields,
        renewal: renewal_fields,
        deadline_year,
        effective,
    } = fields(
        &Figures::of(latest),
        &shown.values,
        &shown.field_errors,
        default_effective(catalog, slug),
    );
    // Field errors first, in the order of the form, so the summary reads top to bottom.
    // Each links to its field.
    let mut errors: Vec<(Option<String>, String)> = fee_fields
        .iter()
        .flat_map(|(_, f)| f.iter())
        .chain(renewal_fields.iter())
        .chain([&deadline_year, &effective])
        .filter_map(|f| f.error.clone().map(|e| (Some(f.id.clone()), e)))
        .collect();
    errors.extend(shown.errors.into_iter().map(|e| (None, e)));
    answer(
        !errors.is_empty(),
        &FeeSettingsPage {
            layout: Layout::new(format!("Fees and renewal: {}", target.name), Some(user)),
            slug: slug.to_string(),
            name: target.name.clone(),
            table: table(catalog, slug, in_force),
            fee_fields,
            renewal_fields,
            deadline_year,
            effective,
            errors,
            notice: shown.notice,
            impact: shown.impact,
        },
    )
}

pub async fn fee_settings_page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    Query(query): Query<FeeQuery>,
) -> Result<Response, WebError> {
    let target = target(&state, &user, &slug).await?;
    let notice = query
        .scheduled
        .and_then(|day| NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok())
        .map(|day| format!("The new figures are scheduled: they take effect on {day}. Invoices already made keep their amounts."));
    let shown = Shown {
        notice,
        ..Shown::default()
    };
    render(&state, &user, &slug, &target, shown).await
}

/// A whole number of dollars or days typed in a field, or why not.
fn whole(label: &str, typed: &str, max: u32) -> Result<u32, String> {
    let typed = typed.trim();
    match typed.parse::<u32>() {
        Ok(n) if n <= max => Ok(n),
        Ok(n) => Err(format!("{label}: {n} is more than {max}")),
        Err(_) if typed.is_empty() => Err(format!("{label}: enter a whole number")),
        Err(_) => Err(format!(
            "{label}: \u{201c}{typed}\u{201d} is not a whole number (0 or more, digits only)"
        )),
    }
}

/// The figures the form asks for, or each field's error (keyed by field name).
fn read_form(
    form: &FeeForm,
    base: &Figures,
    latest_effective: NaiveDate,
) -> Result<(Figures, NaiveDate), BTreeMap<String, String>> {
    let mut errors = BTreeMap::new();
    let get = |name: &str| form.get(name).map(String::as_str).unwrap_or("");
    // A fee above $100,000 is a typing slip, not a fee.
    const MAX_USD: u32 = 100_000;
    let mut fees = Vec::new();
    for (track, name, old) in &base.fees {
        let (r_name, p_name) = (
            fee_name(*track, "registration"),
            fee_name(*track, "processing"),
        );
        let (r, p) = (get(&r_name).trim(), get(&p_name).trim());
        if r.is_empty() && p.is_empty() && old.is_none() {
            // A category without fees stays without.
            fees.push((*track, name.clone(), None));
            continue;
        }
        let registration = whole(&format!("{name} registration fee"), r, MAX_USD)
            .map_err(|e| errors.insert(r_name.clone(), e))
            .ok();
        let processing = whole(&format!("{name} processing fee"), p, MAX_USD)
            .map_err(|e| errors.insert(p_name.clone(), e))
            .ok();
        if let (Some(registration_usd), Some(processing_usd)) = (registration, processing) {
            fees.push((
                *track,
                name.clone(),
                Some(Fees {
                    registration_usd,
                    processing_usd,
                }),
            ));
        }
    }
    let late_fee = match get("late_fee").trim() {
        "" => None,
        typed => whole("Late fee", typed, MAX_USD)
            .map_err(|e| errors.insert("late_fee".into(), e))
            .ok(),
    };
    let month = whole("Renewal deadline: month", get("deadline_month"), 12)
        .and_then(|m| {
            if m == 0 {
                Err("Renewal deadline: month: 0 is not a month (1 to 12)".to_string())
            } else {
                Ok(m)
            }
        })
        .map_err(|e| errors.insert("deadline_month".into(), e))
        .ok();
    let day = whole("Renewal deadline: day", get("deadline_day"), 31)
        .map_err(|e| errors.insert("deadline_day".into(), e))
        .ok();
    let years_after = match get("deadline_year").trim() {
        "0" => Some(0),
        "1" => Some(1),
        _ => {
            errors.insert(
                "deadline_year".into(),
                "The deadline falls: choose the renewal year or the year after".into(),
            );
            None
        }
    };
    // The deadline must fall every year: February 29 does not, and February 30 never.
    let deadline = match (month, day, years_after) {
        (Some(month), Some(day), Some(years_after)) => {
            let every_year = NaiveDate::from_ymd_opt(2025, month, day).is_some();
            if every_year {
                Some(YearlyDate {
                    month,
                    day,
                    years_after,
                })
            } else {
                let month_name = NaiveDate::from_ymd_opt(2024, month, 1)
                    .map(|m| m.format("%B").to_string())
                    .unwrap_or_default();
                errors.insert(
                    "deadline_day".into(),
                    format!("Renewal deadline: day: {month_name} {day} is not a day of every year"),
                );
                None
            }
        }
        _ => None,
    };
    let grace_days = whole("Grace period", get("grace_days"), 366)
        .map_err(|e| errors.insert("grace_days".into(), e))
        .ok();
    let effective = match NaiveDate::parse_from_str(get("effective").trim(), "%Y-%m-%d") {
        Ok(d) if d <= today() => {
            errors.insert(
                "effective".into(),
                format!("Takes effect on: {d} is not after today; new figures take effect from tomorrow at the earliest"),
            );
            None
        }
        Ok(d) if d <= latest_effective => {
            errors.insert(
                "effective".into(),
                format!(
                    "Takes effect on: {d} is not after the latest edition ({latest_effective})"
                ),
            );
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            errors.insert(
                "effective".into(),
                format!(
                    "Takes effect on: \u{201c}{}\u{201d} is not a date (YYYY-MM-DD)",
                    get("effective").trim()
                ),
            );
            None
        }
    };
    match (deadline, grace_days, effective) {
        (Some(deadline), Some(grace_days), Some(effective)) if errors.is_empty() => Ok((
            Figures {
                fees,
                late_fee,
                deadline,
                grace_days: i64::from(grace_days),
            },
            effective,
        )),
        _ => Err(errors),
    }
}

/// Each figure that changes, "before -> after" in words, as the audit row says it.
fn changes(before: &Figures, after: &Figures) -> Vec<String> {
    let mut out = Vec::new();
    for ((_, name, old), (_, _, new)) in before.fees.iter().zip(&after.fees) {
        let (old_r, old_p) = fee_words(old);
        let (new_r, new_p) = fee_words(new);
        if old_r != new_r {
            out.push(format!("{name} registration fee: {old_r} -> {new_r}"));
        }
        if old_p != new_p {
            out.push(format!("{name} processing fee: {old_p} -> {new_p}"));
        }
    }
    if before.late_fee != after.late_fee {
        let words = |f: Option<u32>| f.map_or("none".to_string(), |f| format!("${f}"));
        out.push(format!(
            "late fee: {} -> {}",
            words(before.late_fee),
            words(after.late_fee)
        ));
    }
    if before.deadline != after.deadline {
        out.push(format!(
            "renewal deadline: {} -> {}",
            deadline_words(before.deadline),
            deadline_words(after.deadline)
        ));
    }
    if before.grace_days != after.grace_days {
        out.push(format!(
            "grace period: {} -> {}",
            grace_words(before.grace_days),
            grace_words(after.grace_days)
        ));
    }
    out
}

/// A TOML basic string: JSON's escapes are all TOML escapes; control characters are dropped.
fn toml_string(text: &str) -> String {
    let clean: String = text.chars().filter(|c| !c.is_control()).collect();
    serde_json::to_string(&clean).unwrap_or_else(|_| "\"\"".to_string())
}

/// The `[[edition]]` stating only what changes, each changed figure cited as the
/// association's setting, since no published document states it.
fn edition_text(
    before: &Figures,
    after: &Figures,
    effective: NaiveDate,
    who: &str,
    on: NaiveDate,
) -> String {
    let setting = |what: &str| {
        format!(
            "{{ setting = {} }}",
            toml_string(&format!(
                "{what} set by {who} on {on} in Lattice, in force from {effective}"
            ))
        )
    };
    let mut cite = Vec::new();
    let mut renewal = Vec::new();
    let mut categories = Vec::new();
    for ((track, name, old), (_, _, new)) in before.fees.iter().zip(&after.fees) {
        if old != new
            && let Some(f) = new
        {
            cite.push(format!(
                "\"{}.fees\" = {}",
                track.key(),
                setting(&format!("The {name} fees"))
            ));
            categories.push(format!(
                "[edition.categories.{}]\nfees = {{ registration_usd = {}, processing_usd = {} }}",
                track.key(),
                f.registration_usd,
                f.processing_usd
            ));
        }
    }
    if before.late_fee != after.late_fee {
        match after.late_fee {
            Some(fee) => {
                cite.push(format!(
                    "\"renewal.late_fee\" = {}",
                    setting("The late fee")
                ));
                renewal.push(format!("late_fee_usd = {fee}"));
            }
            None => renewal.push("late_fee_usd = false".to_string()),
        }
    }
    if before.deadline != after.deadline {
        let d = after.deadline;
        cite.push(format!(
            "\"renewal.deadline\" = {}",
            setting("The renewal deadline")
        ));
        renewal.push(format!(
            "deadline = {{ month = {}, day = {}, years_after = {} }}",
            d.month, d.day, d.years_after
        ));
    }
    if before.grace_days != after.grace_days {
        if after.grace_days > 0 {
            cite.push(format!(
                "\"renewal.grace_days\" = {}",
                setting("The grace period")
            ));
        }
        renewal.push(format!("grace_days = {}", after.grace_days));
    }
    let mut text = format!("[[edition]]\neffective = \"{effective}\"\n");
    if !cite.is_empty() {
        text.push_str("\n[edition.cite]\n");
        text.push_str(&cite.join("\n"));
        text.push('\n');
    }
    if !renewal.is_empty() {
        text.push_str("\n[edition.renewal]\n");
        text.push_str(&renewal.join("\n"));
        text.push('\n');
    }
    for table in categories {
        text.push('\n');
        text.push_str(&table);
        text.push('\n');
    }
    text
}

/// The checked form as an edition's text and the audit's before -> after, or the page again
/// with what is wrong.
enum Checked {
    Edition {
        text: String,
        effective: NaiveDate,
        changed: Vec<String>,
        /// The renewal terms on the effective day without the change, and with it.
        renewal: Box<(RenewalRule, RenewalRule)>,
    },
    Refused(Shown),
}

async fn check(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    form: FeeForm,
) -> Result<Checked, WebError> {
    let catalog = state.catalog();
    let latest = catalog
        .editions(slug)
        .last()
        .ok_or_else(|| WebError::Internal(format!("no edition of {slug}")))?;
    let before = Figures::of(latest);
    let (after, effective) = match read_form(&form, &before, latest.effective) {
        Ok(read) => read,
        Err(field_errors) => {
            return Ok(Checked::Refused(Shown {
                values: form,
                field_errors,
                ..Shown::default()
            }));
        }
    };
    let changed = changes(&before, &after);
    if changed.is_empty() {
        return Ok(Checked::Refused(Shown {
            values: form,
            errors: vec!["Nothing changed: every figure is the one already in force.".into()],
            ..Shown::default()
        }));
    }
    let text = edition_text(&before, &after, effective, &user.person.name, today());
    // The same loader as the files and the rules page, against the stored files with the
    // editions already scheduled.
    let sources = crate::catalog::profile_texts(state.store())
        .await
        .map_err(|e| WebError::Internal(format!("profiles: {e}")))?;
    let current = Catalog::from_texts(sources.clone())
        .map_err(|e| WebError::Internal(format!("profiles: {e}")))?;
    let drafted = match load_draft(&sources, &current, slug, &text, today()) {
        Ok(drafted) => drafted,
        Err(e) => {
            return Ok(Checked::Refused(Shown {
                values: form,
                errors: vec![format!("The new edition was refused: {}", e.message)],
                ..Shown::default()
            }));
        }
    };
    let terms = |catalog: &Catalog| {
        catalog
            .profile(slug, effective)
            .map(|p| p.renewal.clone())
            .map_err(|e| WebError::Internal(format!("profile: {e}")))
    };
    Ok(Checked::Edition {
        text,
        effective,
        changed,
        renewal: Box::new((terms(&current)?, terms(&drafted.catalog)?)),
    })
}

fn audit(
    user: &CurrentUser,
    target: &Target,
    slug: &str,
    on: NaiveDate,
    action: &str,
    changed: &[String],
) -> NewAudit {
    NewAudit {
        at: Utc::now(),
        actor: Some(user.person.id),
        association: Some(target.id),
        subject: format!("profile-edition:{slug}@{on}"),
        action: action.to_string(),
        reason: format!("from {on}: {}", changed.join("; ")),
    }
}

/// Schedules the change as a new edition of the profile.
pub async fn schedule(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<FeeForm>,
) -> Result<Response, WebError> {
    let target = target(&state, &user, &slug).await?;
    let (text, effective, changed) = match check(&state, &user, &slug, form).await? {
        Checked::Edition {
            text,
            effective,
            changed,
            ..
        } => (text, effective, changed),
        Checked::Refused(shown) => return render(&state, &user, &slug, &target, shown).await,
    };
    state
        .store()
        .save_edition(
            &NewEdition {
                association: target.id,
                text,
                effective,
                status: EditionStatus::Scheduled,
                by: Some(user.person.id),
                at: Utc::now(),
            },
            &audit(
                &user,
                &target,
                &slug,
                effective,
                "schedule-fee-settings",
                &changed,
            ),
        )
        .await?;
    // The catalog as stored now (this edition and any another node scheduled), in force here,
    // as the rules page does.
    let sources = crate::catalog::profile_texts(state.store())
        .await
        .map_err(|e| WebError::Internal(format!("profiles: {e}")))?;
    let catalog =
        Catalog::from_texts(sources).map_err(|e| WebError::Internal(format!("profiles: {e}")))?;
    state.replace_catalog(catalog);
    Ok(Redirect::to(&format!(
        "/staff/{slug}/settings/fees?scheduled={effective}"
    ))
    .into_response())
}

/// What the change would do to renewals, on the same page with the form as typed; nothing is
/// saved. A deadline, grace period or late fee changes no one's eligibility, so the rules
/// page's preview would list nobody: this one says, for each active endorsee, whether the
/// renewal they owe next falls due or lapses on another day, and who would pay another late
/// fee (`lattice_domain::renewal_change`).
pub async fn preview(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<FeeForm>,
) -> Result<Response, WebError> {
    let target = target(&state, &user, &slug).await?;
    let values = form.clone();
    let (effective, changed, renewal) = match check(&state, &user, &slug, form).await? {
        Checked::Edition {
            effective,
            changed,
            renewal,
            ..
        } => (effective, changed, renewal),
        Checked::Refused(shown) => return render(&state, &user, &slug, &target, shown).await,
    };
    let (before, after) = *renewal;
    let endorsements: Vec<_> = state
        .store()
        .endorsements_of_association(target.id)
        .await?
        .into_iter()
        .filter(|e| e.status == Status::Active)
        .collect();
    let endorsees: Vec<(usize, NaiveDate)> = endorsements
        .iter()
        .enumerate()
        .map(|(i, e)| (i, e.valid_through))
        .collect();
    let impact = renewal_impact(&before, &after, &endorsees, effective);
    let dollars = |fee: Option<u32>| fee.map_or("none".to_string(), |f| format!("${f}"));
    let view = ImpactView {
        effective: effective.to_string(),
        changed,
        endorsees: impact.endorsees,
        deadline_moves: impact.deadline_moves,
        lapse_moves: impact.lapse_moves,
        late_fee_changes: impact.late_fee_changes,
        late_fee: (before.late_fee_usd != after.late_fee_usd).then(|| {
            format!(
                "{} → {}",
                dollars(before.late_fee_usd),
                dollars(after.late_fee_usd)
            )
        }),
        more: impact.moved.len().saturating_sub(IMPACT_ROWS),
        rows: impact
            .moved
            .iter()
            .take(IMPACT_ROWS)
            .map(|m| {
                let e = &endorsements[m.who];
                ImpactRow {
                    name: e.display_name.clone(),
                    credential: e.credential_number.clone(),
                    year: m.before.year,
                    deadline: (m.before.deadline.to_string(), m.after.deadline.to_string()),
                    lapses_on: (
                        m.before.lapses_on.to_string(),
                        m.after.lapses_on.to_string(),
                    ),
                }
            })
            .collect(),
    };
    let shown = Shown {
        values,
        impact: Some(view),
        ..Shown::default()
    };
    render(&state, &user, &slug, &target, shown).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures() -> Figures {
        Figures {
            fees: vec![(
                Track::II,
                "Category II".into(),
                Some(Fees {
                    registration_usd: 20,
                    processing_usd: 100,
                }),
            )],
            late_fee: Some(25),
            deadline: YearlyDate {
                month: 12,
                day: 31,
                years_after: 0,
            },
            grace_days: 0,
        }
    }

    #[test]
    fn an_edition_states_only_what_changes_and_cites_it() {
        let before = figures();
        let mut after = figures();
        after.fees[0].2 = Some(Fees {
            registration_usd: 20,
            processing_usd: 120,
        });
        after.grace_days = 30;
        let on = NaiveDate::from_ymd_opt(2026, 12, 3).expect("date");
        let effective = NaiveDate::from_ymd_opt(2027, 1, 1).expect("date");
        let text = edition_text(&before, &after, effective, "Maria \"M\" Santos", on);
        assert_eq!(
            text,
            "[[edition]]\neffective = \"2027-01-01\"\n\n[edition.cite]\n\"II.fees\" = { setting = \"The Category II fees set by Maria \\\"M\\\" Santos on 2026-12-03 in Lattice, in force from 2027-01-01\" }\n\"renewal.grace_days\" = { setting = \"The grace period set by Maria \\\"M\\\" Santos on 2026-12-03 in Lattice, in force from 2027-01-01\" }\n\n[edition.renewal]\ngrace_days = 30\n\n[edition.categories.II]\nfees = { registration_usd = 20, processing_usd = 120 }\n"
        );
        assert_eq!(
            changes(&before, &after),
            vec![
                "Category II processing fee: $100 -> $120".to_string(),
                "grace period: none -> 30 days".to_string()
            ]
        );
    }
}
