//! Thin handlers: extract, parse, ask the rights module, call the store or the domain, render.

pub mod achievements;
pub mod agreement_texts;
pub mod api;
pub mod applicant_import;
pub mod assignment;
pub mod auth;
pub mod conflicts;
pub mod credentials;
pub mod cycles;
pub mod dashboard;
pub mod endorsee_import;
pub mod endorsements;
pub mod evidence;
pub mod exam;
pub mod failed_mail;
pub mod files;
pub mod insight;
pub mod language;
pub mod mail_templates;
pub mod members;
pub mod messages;
pub mod portfolio;
pub mod public;
pub mod ratings;
pub mod register;
pub mod renewal;
pub mod reports;
pub mod review;
pub mod rules;
pub mod second_factor;
pub mod settings;
pub mod signing_keys;
pub mod staff_accounts;
pub mod transcripts;
pub mod transfers;
pub mod workflow;
// Issue #21 item 2: fees and renewal settings.
pub mod fee_settings;

use std::collections::HashMap;

use askama::Template;
use axum::response::Html;
use chrono::Utc;
use lattice_domain::application::State as Stage;
use lattice_domain::category::Category;
use lattice_domain::ids::{ApplicationId, AssociationId, PersonId};
use lattice_domain::rights::{Action, Object, Viewer, may};
use lattice_store::{ApplicationRow, AuditRow, SharedStore};

use crate::error::WebError;
use crate::i18n::{Language, Tr};
use crate::views::{ApplicationSummary, AuditView, StateCount};

/// The one gate every handler passes. A refusal looks exactly like a missing object.
pub fn authorize(viewer: &Viewer, action: Action, object: Object<'_>) -> Result<(), WebError> {
    if may(viewer, action, object) {
        Ok(())
    } else {
        Err(WebError::NotFound)
    }
}

/// The application at `id` with its reviewers, if the viewer may see it; otherwise not found.
pub async fn visible_application(
    store: &SharedStore,
    viewer: &Viewer,
    id: &str,
) -> Result<(ApplicationRow, Vec<PersonId>), WebError> {
    let application = store.application(path_id::<ApplicationId>(id)?).await?;
    let reviewers = store.reviewers(application.id).await?;
    authorize(
        viewer,
        Action::View,
        Object::Application {
            owner: application.person,
            association: application.association,
            reviewers: &reviewers,
        },
    )?;
    Ok((application, reviewers))
}

/// The person's open application: the latest one not yet endorsed or withdrawn.
pub async fn current_application(
    store: &SharedStore,
    person: PersonId,
) -> Result<Option<ApplicationRow>, WebError> {
    let applications = store.applications_of_person(person).await?;
    Ok(applications.into_iter().rev().find(|a| !a.state.is_final()))
}

/// The languages a rating request may be sent in, for the request form (portfolio) and its
/// handler (ratings): those the association of the applicant's current application offers
/// (their home association's before they register).
pub async fn offered_to_raters(
    state: &crate::state::AppState,
    application: Option<&ApplicationRow>,
    user: &crate::auth::CurrentUser,
) -> Result<lattice_domain::language::OfferedLanguages, WebError> {
    Ok(match application {
        Some(application) => {
            crate::brand::frame(state.store(), state.brands(), application.association)
                .await?
                .languages
        }
        None => user.languages.clone(),
    })
}

/// The coordinator who receives an association's notifications (the first one listed).
pub async fn coordinator_of(
    store: &SharedStore,
    association: AssociationId,
) -> Result<Option<lattice_store::PersonRow>, WebError> {
    let staff = store.staff_of(association).await?;
    Ok(staff
        .into_iter()
        .find(|(_, role)| *role == lattice_domain::rights::StaffRole::Coordinator)
        .map(|(person, _)| person))
}

/// Whether the viewer coordinates the application's association (or is an admin).
pub fn coordinates(user: &crate::auth::CurrentUser, application: &ApplicationRow) -> bool {
    may(
        &user.viewer,
        Action::Transition(lattice_domain::application::Actor::Coordinator),
        Object::Application {
            owner: application.person,
            association: application.association,
            reviewers: &[],
        },
    )
}

/// Renders a page struct.
/// A public page whose words follow the visitor's language (the `lattice_lang` cookie, else
/// `Accept-Language`): a cache must keep one copy per language, never hand a Spanish visitor
/// the English one.
pub fn by_language(mut response: axum::response::Response) -> axum::response::Response {
    response.headers_mut().insert(
        axum::http::header::VARY,
        axum::http::HeaderValue::from_static("Accept-Language, Cookie"),
    );
    response
}

pub fn page(template: &impl Template) -> Result<Html<String>, WebError> {
    Ok(Html(template.render()?))
}

/// A settings page as answered: 422 Unprocessable Content when it shows a refusal (the form
/// kept as typed, the problem named), 200 otherwise, so a client can tell the two apart.
pub fn answer(
    refused: bool,
    template: &impl Template,
) -> Result<axum::response::Response, WebError> {
    use axum::response::IntoResponse;
    let status = if refused {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((status, page(template)?).into_response())
}

/// Parses an id from the path; anything unparsable is simply not found.
pub fn path_id<T: std::str::FromStr>(text: &str) -> Result<T, WebError> {
    text.parse().map_err(|_| WebError::NotFound)
}

pub fn category_title(abbreviation: &str) -> String {
    abbreviation
        .parse::<Category>()
        .map(|c| c.title().to_string())
        .unwrap_or_default()
}

/// A list row for an application; eligibility is filled in by the caller when wanted.
pub async fn summarize(
    store: &SharedStore,
    application: &ApplicationRow,
) -> Result<ApplicationSummary, WebError> {
    let association = store.association(application.association).await?;
    let applicant = store.person(application.person).await?;
    Ok(summary_line(application, &association.name, applicant.name))
}

/// The summary of an application whose association and applicant names are already known.
pub fn summary_line(
    application: &ApplicationRow,
    association: &str,
    applicant: String,
) -> ApplicationSummary {
    ApplicationSummary {
        id: application.id.0,
        association: association.to_string(),
        category: application.category.clone(),
        category_title: category_title(&application.category),
        applicant,
        state: application.state.label(),
        state_key: application.state.key(),
        resubmit_from: match application.state {
            lattice_domain::application::State::MoreWorkRequired { re_review_after } => {
                Some(re_review_after)
            }
            _ => None,
        },
        updated: application.updated_at.date_naive(),
        reinstatement: application.reinstates.is_some(),
        eligibility: None,
        problem: None,
    }
}

/// The states in the order of the process.
pub const STATE_ORDER: [&str; 11] = [
    "draft",
    "registered",
    "confirmed",
    "submitted",
    "under-review",
    "approved-for-exam",
    "exam-failed",
    "exam-passed",
    "more-work-required",
    "endorsed",
    "withdrawn",
];

/// The queue's counts by state, in the order of the process, from the database's totals
/// (state key, how many); each with its key, for the filter.
pub fn counts_of_states(totals: &[(String, i64)]) -> Vec<(&'static str, StateCount)> {
    STATE_ORDER
        .iter()
        .filter_map(|key| {
            let (_, count) = totals.iter().find(|(k, _)| k == key)?;
            let label = match lattice_domain::application::State::from_parts(key, None) {
                Some(state) => state.label(),
                // Its label carries a date; the count is of all of them.
                None => "More work required".to_string(),
            };
            Some((
                *key,
                StateCount {
                    label,
                    count: *count as usize,
                },
            ))
        })
        .collect()
}

pub async fn audit_views(
    store: &SharedStore,
    rows: Vec<AuditRow>,
    tr: &Tr,
) -> Result<Vec<AuditView>, WebError> {
    // All the names are read in one query.
    let ids: Vec<PersonId> = audit_people(&rows).collect();
    let names = store.names_of(&ids).await?;
    Ok(audit_lines(rows, &names, tr))
}

/// The person an audit row's reason names by id (an assigned reviewer): the line reads better
/// with their name.
fn named_in_reason(row: &AuditRow) -> Option<PersonId> {
    row.reason
        .strip_prefix("person:")
        .and_then(|id| id.parse().ok())
        .map(PersonId)
}

/// The people audit rows name (actors and reasons), for one read of their names with any
/// others a page shows.
pub fn audit_people(rows: &[AuditRow]) -> impl Iterator<Item = PersonId> + '_ {
    rows.iter()
        .flat_map(|row| [row.actor, named_in_reason(row)])
        .flatten()
}

/// History lines from audit rows, with the names of the people they name, in `tr`'s
/// language (the staff area's log is English).
pub fn audit_lines(
    rows: Vec<AuditRow>,
    names: &HashMap<PersonId, String>,
    tr: &Tr,
) -> Vec<AuditView> {
    let name_of = |id: PersonId| {
        names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| tr.t("history-unknown-person"))
    };
    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        let actor = match row.actor {
            None => "Lattice".to_string(),
            Some(id) => name_of(id),
        };
        let reason = match named_in_reason(&row) {
            Some(id) => name_of(id),
            // Rows written before codes were kept out of the history may still carry one.
            None => lattice_domain::exam::hide_blind_codes(&row.reason),
        };
        let (action, reason, english) = history_words(&row.action, reason, tr);
        views.push(AuditView {
            at: tr.t2(
                "history-at",
                "date",
                row.at.date_naive(),
                "time",
                row.at.format("%H:%M").to_string(),
            ),
            actor,
            action,
            action_in_english: english && tr.language() != Language::English,
            link: row
                .subject
                .strip_prefix("application:")
                .map(|id| format!("/applications/{id}")),
            subject: row.subject.replace(':', " "),
            reason,
        });
    }
    views
}

/// The audit actions a history line words (`history-{action}`): the steps of an application
/// and what staff record on it. Others (the staff log's sign-ins, settings, imports) read as
/// their key with spaces, in English.
const WORDED_ACTIONS: [&str; 35] = [
    "register",
    "confirm",
    "submit",
    "start-review",
    "return-incomplete",
    "approve-for-exam",
    "require-more-work",
    "record-exam-passed",
    "record-exam-failed",
    "retake-exam",
    "endorse",
    "withdraw",
    "assign-reviewer",
    "unassign-reviewer",
    "submit-review",
    "mark-paid",
    "record-membership",
    "record-paper-rating",
    "declare-conflict",
    "withdraw-conflict",
    "accept-declared-conflict",
    "override-declared-conflict",
    "set-cycle",
    "set-rules-edition",
    "schedule-exam",
    "reschedule-exam",
    "record-exam-part1",
    "reopen-exam-score",
    "request-exam-accommodation",
    "grant-exam-accommodation",
    "decline-exam-accommodation",
    "verify-transcript",
    "ask-for-another-transcript",
    "reinstatement",
    "create",
];

/// What a history line says a person did, in words: the audit log keeps short action keys
/// (`create`, `approve-for-exam`), and the line reads "Ana Ruiz: started an application for
/// IFS" rather than "create “category IFS”". Keys without words of their own read as the key
/// with spaces, and say so (the third value: English whatever the page's language). The
/// reason is dropped where the words already say it.
fn history_words(action: &str, reason: String, tr: &Tr) -> (String, String, bool) {
    if action == "create" {
        return match reason.strip_prefix("category ") {
            Some(category) => (
                tr.t1("history-create", "category", category),
                String::new(),
                false,
            ),
            None => (tr.t("history-create-plain"), reason, false),
        };
    }
    if WORDED_ACTIONS.contains(&action) {
        let reason = machine_reason(action, &reason, tr).unwrap_or(reason);
        (tr.t(&format!("history-{action}")), reason, false)
    } else {
        (action.replace('-', " "), reason, true)
    }
}

/// A reason Lattice itself wrote into the audit (in English, its fixed shape), said again in
/// `tr`'s language; `None` for a reason a person typed, which stays as they wrote it. The
/// audit keeps the English: it is the record, the page is its reading.
fn machine_reason(action: &str, reason: &str, tr: &Tr) -> Option<String> {
    let date = |text: &str| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    match action {
        "register" => {
            let on = date(reason.strip_prefix("intends to submit on ")?)?;
            Some(tr.t1("history-reason-intends", "date", on))
        }
        "record-exam-part1" => {
            let (on, wrong) = reason.strip_prefix("sitting on ")?.split_once(": ")?;
            let wrong: u32 = wrong.strip_suffix(" wrong")?.parse().ok()?;
            Some(tr.t2("history-reason-part1", "date", date(on)?, "wrong", wrong))
        }
        "reschedule-exam" => {
            let (from, to) = reason
                .strip_prefix("sitting on ")?
                .split_once(" moved to ")?;
            Some(tr.t2("history-reason-moved", "from", date(from)?, "to", date(to)?))
        }
        "reopen-exam-score" => {
            let (on, rest) = reason
                .strip_prefix("sitting on ")?
                .split_once(": scorer ")?;
            let (slot, why) = rest.split_once("'s Part 2 scores reopened: ")?;
            let slot: u32 = slot.parse().ok()?;
            Some(tr.t3(
                "history-reason-reopened",
                "date",
                date(on)?,
                "slot",
                slot,
                "reason",
                why,
            ))
        }
        _ => None,
    }
}

/// Audit rows that would tell an applicant who decided a conflict they named (an override is
/// only ever about someone who reviews): left out of the applicant's history altogether.
const HIDDEN_FROM_APPLICANTS: [&str; 2] =
    ["accept-declared-conflict", "override-declared-conflict"];

/// The application's history as its applicant reads it. Applicants never learn who reviews
/// them: every actor but themselves is "the association", and no reason that names a person
/// by id (assignments) or comes from a reviewer is shown.
pub fn for_the_applicant(rows: Vec<AuditRow>, applicant: PersonId) -> Vec<AuditRow> {
    rows.into_iter()
        .filter(|row| !HIDDEN_FROM_APPLICANTS.contains(&row.action.as_str()))
        .map(|mut row| {
            let own = row.actor == Some(applicant);
            if !own {
                row.actor = None;
                if row.reason.contains("person:")
                    || row.action.contains("reviewer")
                    || row.action.contains("review")
                {
                    row.reason = String::new();
                }
            }
            row
        })
        .collect()
}

/// Whether the viewer reads the application as its applicant (not as its staff).
pub fn reads_as_applicant(user: &crate::auth::CurrentUser, application: &ApplicationRow) -> bool {
    application.person == user.person.id && !coordinates(user, application)
}

pub fn today() -> chrono::NaiveDate {
    Utc::now().date_naive()
}

/// The rule of the application's category in the edition it is judged by, with its track.
pub fn category_rule<'a>(
    state: &'a crate::state::AppState,
    slug: &str,
    application: &ApplicationRow,
) -> Option<(
    lattice_domain::category::Track,
    &'a lattice_domain::profile::CategoryRule,
)> {
    let track = application.category.parse::<Category>().ok()?.track;
    let profile = state
        .catalog()
        .profile(slug, application.rules_as_of())
        .ok()?;
    Some((track, profile.rule(track)?))
}

/// A date field of a form (`YYYY-MM-DD`); blank is `None`. Errors name the field.
pub fn optional_date(text: &str, field: &str) -> Result<Option<chrono::NaiveDate>, WebError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| WebError::BadRequest(format!("{field}: {text:?} is not a date (YYYY-MM-DD)")))
}

/// A date field that must be filled in.
pub fn required_date(text: &str, field: &str) -> Result<chrono::NaiveDate, WebError> {
    optional_date(text, field)?
        .ok_or_else(|| WebError::BadRequest(format!("{field}: give a date as YYYY-MM-DD")))
}

/// The association behind a staff area slug.
pub async fn association_id(store: &SharedStore, slug: &str) -> Result<AssociationId, WebError> {
    Ok(store.association_by_slug(slug).await?.id)
}

/// Opens an uploaded CSV and checks its header line: every `required` column is there and
/// none outside `known`. Problems are named `line 1: …`, as a person reads the file.
pub(crate) fn csv_with_header<'a>(
    text: &'a str,
    required: &[&str],
    known: &[&str],
) -> Result<(csv::Reader<&'a [u8]>, csv::StringRecord), Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(e) => return Err(vec![format!("line 1: {e}")]),
    };
    let mut errors = Vec::new();
    for missing in required
        .iter()
        .filter(|r| !headers.iter().any(|h| h == **r))
    {
        errors.push(format!(
            "line 1: the column \"{missing}\" is missing (download the template)"
        ));
    }
    for unknown in headers.iter().filter(|h| !known.contains(h)) {
        errors.push(format!("line 1: unknown column \"{unknown}\""));
    }
    if errors.is_empty() {
        Ok((reader, headers))
    } else {
        Err(errors)
    }
}

/// The JSON-LD media type: key and controller documents, achievements, the association page.
pub(super) const JSON_LD: &str = "application/ld+json";

// Shared by the achievement pages and the public association page (each serves JSON-LD too).
/// Whether the client ranks a JSON type above HTML in its `Accept` header (q-values read as
/// RFC 9110 gives them; a missing q is 1). Browsers list `text/html` first; wallets and
/// verifiers ask for `application/ld+json` or `application/json`.
pub(super) fn prefers_json(headers: &axum::http::HeaderMap) -> bool {
    let mut json = 0.0_f32;
    let mut html = 0.0_f32;
    for value in headers.get_all(axum::http::header::ACCEPT) {
        let Ok(value) = value.to_str() else { continue };
        for range in value.split(',') {
            let mut parts = range.split(';').map(str::trim);
            let media = parts.next().unwrap_or_default().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.strip_prefix("q="))
                .find_map(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            match media.as_str() {
                JSON_LD | "application/json" => json = json.max(q),
                "text/html" | "application/xhtml+xml" => html = html.max(q),
                _ => {}
            }
        }
    }
    json > 0.0 && json > html
}

// Shared by the endorsement, renewal and transfer pages.
/// The endorsement behind a credential number; malformed numbers are simply not found.
pub async fn by_number(
    state: &crate::state::AppState,
    number: &str,
) -> Result<lattice_store::EndorsementRow, WebError> {
    if !lattice_domain::endorsement::valid_credential_number(number) {
        return Err(WebError::NotFound);
    }
    Ok(state.store().endorsement_by_number(number).await?)
}

// Read by the review, workflow and conflict pages.
/// Whether the applicant may still add or withdraw conflicts: before review starts. Once
/// reviewers may be reading, a change would tell the applicant who they are (or could
/// remove one mid-review); a message to the coordinator is the way then.
pub fn conflicts_open(state: Stage) -> bool {
    matches!(
        state,
        Stage::Draft
            | Stage::Registered
            | Stage::Confirmed
            | Stage::Submitted
            | Stage::MoreWorkRequired { .. }
    )
}

// The membership types, for the Members page and the portfolio and application pages.
/// The membership types a coordinator records.
pub const MEMBERSHIP_KINDS: &[(&str, &str)] = &[
    ("individual", "Individual"),
    ("student", "Student"),
    ("family-or-retired", "Family or retired"),
    ("organizational", "Through an organization"),
    (
        "other-imh-association",
        "Another infant mental health association",
    ),
];

/// The words for a membership type.
pub fn kind_label(kind: &str) -> String {
    MEMBERSHIP_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or_else(|| kind.to_string(), |(_, label)| (*label).to_string())
}

/// An association whose records are being imported, once the viewer may manage it: the
/// endorsee and applicant imports both start here.
pub struct ImportTarget {
    pub id: AssociationId,
    pub name: String,
    pub profile: lattice_domain::profile::Profile,
}

/// The association of a staff page that changes it (imports, rules, settings), once the viewer
/// may manage it: its coordinator or the Alliance admin; anyone else is refused.
pub struct ManagedAssociation {
    pub id: AssociationId,
    pub name: String,
}

pub async fn managed_association(
    state: &crate::state::AppState,
    user: &crate::auth::CurrentUser,
    slug: &str,
) -> Result<ManagedAssociation, WebError> {
    let store = state.store();
    let id = association_id(store, slug).await?;
    authorize(&user.viewer, Action::Manage, Object::StaffArea(id))?;
    let name = store.association(id).await?.name;
    Ok(ManagedAssociation { id, name })
}

pub async fn import_target(
    state: &crate::state::AppState,
    user: &crate::auth::CurrentUser,
    slug: &str,
) -> Result<ImportTarget, WebError> {
    let ManagedAssociation { id, name } = managed_association(state, user, slug).await?;
    let profile = state
        .catalog()
        .profile(slug, today())
        .map_err(|e| WebError::Internal(format!("profile: {e}")))?
        .clone();
    Ok(ImportTarget { id, name, profile })
}

/// The categories the profile offers, as an import's template help lists them ("IFS, IFRS").
pub fn offered_categories(profile: &lattice_domain::profile::Profile) -> String {
    Category::all()
        .filter(|c| profile.categories.contains_key(&c.track))
        .map(Category::abbreviation)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::I18n;

    /// Every action the history words has its words in every language, so no line falls back
    /// to a message id; an action it does not word reads as its key and says it is English.
    #[test]
    fn every_worded_action_has_words_in_every_language() {
        for language in [Language::English, Language::Spanish] {
            let ids = I18n::embedded().ids(language);
            for action in WORDED_ACTIONS {
                let id = if action == "create" {
                    "history-create-plain".to_string()
                } else {
                    format!("history-{action}")
                };
                assert!(ids.contains(&id), "{id} in {language:?}");
            }
        }
        let es = Tr::new(I18n::embedded(), Language::Spanish);
        assert_eq!(
            history_words("create", "category IFS".to_string(), &es),
            (
                "inició una solicitud de IFS".to_string(),
                String::new(),
                false
            )
        );
        assert_eq!(
            history_words("schedule-exam", "2027-03-04".to_string(), &es),
            (
                "programó el examen".to_string(),
                "2027-03-04".to_string(),
                false
            )
        );
        // Lattice's own reasons are said again in the page's language, English as stored.
        let en = Tr::new(I18n::embedded(), Language::English);
        for (action, stored, english, spanish) in [
            (
                "register",
                "intends to submit on 2027-01-02",
                "intends to submit on 2027-01-02",
                "tiene previsto enviar el portafolio el 2 de enero de 2027",
            ),
            (
                "record-exam-part1",
                "sitting on 2027-03-04: 12 wrong",
                "sitting on 2027-03-04: 12 wrong",
                "fecha de examen del 4 de marzo de 2027: 12 respuestas incorrectas",
            ),
            (
                "record-exam-part1",
                "sitting on 2027-03-04: 1 wrong",
                "sitting on 2027-03-04: 1 wrong",
                "fecha de examen del 4 de marzo de 2027: 1 respuesta incorrecta",
            ),
            (
                "reschedule-exam",
                "sitting on 2027-03-04 moved to 2027-04-01",
                "sitting on 2027-03-04 moved to 2027-04-01",
                "la fecha de examen del 4 de marzo de 2027 pasó al 1 de abril de 2027",
            ),
            (
                "reopen-exam-score",
                "sitting on 2027-03-04: scorer 2's Part 2 scores reopened: wrong vignette",
                "sitting on 2027-03-04: scorer 2's Part 2 scores reopened: wrong vignette",
                "fecha de examen del 4 de marzo de 2027: se reabrieron las calificaciones de la Parte 2 del/de la evaluador/a 2: wrong vignette",
            ),
        ] {
            assert_eq!(history_words(action, stored.to_string(), &en).1, english);
            assert_eq!(history_words(action, stored.to_string(), &es).1, spanish);
        }
        // What a person typed stays as typed, even where it looks like Lattice's.
        for (action, typed) in [
            ("register", "intends to submit soon"),
            ("record-exam-part1", "sitting on 2027-03-04: many wrong"),
            ("start-review", "intends to submit on 2027-01-02"),
        ] {
            assert_eq!(history_words(action, typed.to_string(), &es).1, typed);
        }
        assert_eq!(
            history_words("import-applicants", String::new(), &es),
            ("import applicants".to_string(), String::new(), true)
        );
    }
}
