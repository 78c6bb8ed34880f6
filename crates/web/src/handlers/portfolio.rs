//! The applicant's portfolio: each section's entries added, edited and deleted through forms
//! checked field by field, the agreements signed by typed name, the whole portfolio exported
//! and imported as `lattice-portfolio/1`, and trainings imported from CSV. Every page carries
//! the live requirement panel of the applicant's current application.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use lattice_domain::documents::AgreementKind;
use lattice_domain::format::parse_portfolio;
use lattice_domain::ids::{EntryId, PersonId};
use lattice_store::{NewAudit, Section, SharedStore, StoreError};
use serde_json::{Map, Value, json};

use super::agreement_texts;
use super::{coordinator_of, current_application};
use super::{page, path_id, summarize, today};
use crate::auth::{CsrfForm, CsrfUpload, CurrentUser};
use crate::error::WebError;
use crate::forms::{self, FieldProblem, Posted};
use crate::i18n::{Language, Tr};
use crate::portfolio;
use crate::portfolio_file::Reader;
use crate::state::AppState;
use crate::views::{
    AgreementCard, AgreementsPage, ApplicationSummary, EntryView, Layout, PortfolioPage, RaterView,
    SectionLink, SectionPage, UploadView,
};

fn section_of(key: &str) -> Result<Section, WebError> {
    Section::from_key(key).ok_or(WebError::NotFound)
}

/// Why the person's portfolio is read-only, while one of their applications holds it
/// (from submission until it is returned or decided), or `None`.
pub(crate) async fn frozen_notice(
    store: &SharedStore,
    person: PersonId,
) -> Result<Option<String>, WebError> {
    frozen_notice_in(store, person, Tr::default()).await
}

/// [`frozen_notice`] in the page's language.
async fn frozen_notice_in(
    store: &SharedStore,
    person: PersonId,
    tr: Tr,
) -> Result<Option<String>, WebError> {
    let applications = store.applications_of_person(person).await?;
    Ok(applications
        .iter()
        .rev()
        .find(|a| a.state.freezes_portfolio())
        .map(|a| match a.submitted_at {
            Some(at) => tr.t2(
                "portfolio-frozen-on",
                "category",
                &a.category,
                "date",
                at.date_naive(),
            ),
            None => tr.t1("portfolio-frozen", "category", &a.category),
        }))
}

/// Refuses a change to a frozen portfolio, naming why.
pub(crate) async fn ensure_editable(store: &SharedStore, person: PersonId) -> Result<(), WebError> {
    match frozen_notice(store, person).await? {
        Some(notice) => Err(WebError::Conflict(format!("portfolio: {notice}"))),
        None => Ok(()),
    }
}

/// The association's membership record in words for the applicant, if there is one.
async fn membership_text(
    state: &AppState,
    user: &CurrentUser,
    tr: Tr,
) -> Result<Option<String>, WebError> {
    let store = state.store();
    let memberships = store.memberships_of(user.person.id).await?;
    let applications = store.applications_of_person(user.person.id).await?;
    Ok(
        portfolio::membership_record(&memberships, &applications).map(|m| {
            let ended = if m.ends_on < today() { "yes" } else { "no" };
            let mut args = vec![
                ("number", m.member_number.clone()),
                ("ended", ended.to_string()),
                ("date", tr.date(m.ends_on)),
                ("association", m.association_name.clone()),
            ];
            match &m.other_association {
                Some(other) => {
                    args.push(("other", other.clone()));
                    tr.tn("portfolio-member-of-other", &args)
                }
                None => {
                    args.push(("kind", tr.tk("membership-kind", &m.kind)));
                    tr.tn("portfolio-member", &args)
                }
            }
        }),
    )
}

/// The panel of the applicant's current (latest open) application, if any.
pub(crate) async fn panel(
    state: &AppState,
    user: &CurrentUser,
    document: &Value,
) -> Result<Option<ApplicationSummary>, WebError> {
    let store = state.store();
    let Some(current) = current_application(store, user.person.id).await? else {
        return Ok(None);
    };
    let mut summary = summarize(store, &current).await?;
    let slug = store.association(current.association).await?.slug;
    match portfolio::eligibility(
        state,
        document,
        &slug,
        &current.category,
        current.rules_as_of(),
    ) {
        Ok(mut view) => {
            portfolio::for_the_applicant(&mut view, document);
            summary.eligibility = Some(view);
        }
        Err(problem) => summary.problem = Some(problem),
    }
    Ok(Some(summary))
}

async fn uploads(
    state: &AppState,
    user: &CurrentUser,
    kind: &str,
) -> Result<Vec<UploadView>, WebError> {
    Ok(state
        .store()
        .uploads_of(user.person.id)
        .await?
        .into_iter()
        .filter(|u| u.kind == kind)
        .map(|u| UploadView {
            id: u.id,
            file_name: u.file_name,
            size_kb: (u.size + 1023) / 1024,
            uploaded: u.created_at.date_naive(),
        })
        .collect())
}

/// The languages the request form offers for a rater's mail and form, the applicant's own
/// preselected when offered (else English); none when only English is offered.
async fn rater_languages(
    state: &AppState,
    user: &CurrentUser,
) -> Result<Vec<(Language, bool)>, WebError> {
    let application = super::current_application(state.store(), user.person.id).await?;
    let offered = super::offered_to_raters(state, application.as_ref(), user).await?;
    if offered.languages().len() < 2 {
        return Ok(Vec::new());
    }
    let preselected = offered.choose(user.language);
    Ok(offered
        .languages()
        .iter()
        .map(|language| (*language, *language == preselected))
        .collect())
}

/// The applicant's rating requests with where each stands.
async fn raters(state: &AppState, user: &CurrentUser, tr: Tr) -> Result<Vec<RaterView>, WebError> {
    let store = state.store();
    let now = Utc::now();
    let mut views = Vec::new();
    for application in store.applications_of_person(user.person.id).await? {
        for request in store.rater_requests_of(application.id).await? {
            let status = match request.used_at {
                Some(at) => tr.t1("section-rater-received", "date", at.date_naive()),
                None if request.expires_at <= now => tr.t("section-rater-expired"),
                None => tr.t1(
                    "section-rater-waiting",
                    "date",
                    request.expires_at.date_naive(),
                ),
            };
            views.push(RaterView {
                id: request.id,
                name: request.rater_name,
                email: request.rater_email,
                role: forms::role_words(&request.role, tr),
                can_resend: request.used_at.is_none(),
                status,
            });
        }
    }
    Ok(views)
}

pub async fn overview(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    overview_page(&state, &user, Vec::new(), Vec::new()).await
}

/// The portfolio's front page, with the problems of a refused import when there are some.
async fn overview_page(
    state: &AppState,
    user: &CurrentUser,
    import_errors: Vec<String>,
    import_notices: Vec<String>,
) -> Result<Html<String>, WebError> {
    let document = portfolio::document(state.store(), &user.person).await?;
    let sections = Section::ALL
        .into_iter()
        .map(|section| SectionLink {
            key: section.key(),
            count: document[section.key()].as_array().map_or(0, Vec::len),
        })
        .collect();
    let agreements = &document["agreements"];
    let tr = state.tr(user.language);
    let signed = |key: &str| tr.kept_date(agreements[key].as_str().unwrap_or(""));
    page(&PortfolioPage {
        layout: Layout::new(tr.t("portfolio-title"), Some(user)).in_language(tr),
        sections,
        code_of_ethics: signed("code_of_ethics"),
        endorsement_agreement: signed("endorsement_agreement"),
        s: panel(state, user, &document).await?,
        import_errors,
        import_notices,
        frozen: frozen_notice_in(state.store(), user.person.id, tr).await?,
        membership: membership_text(state, user, tr).await?,
        membership_request: state
            .store()
            .open_membership_requests(Some(user.person.id), None)
            .await?
            .first()
            .map(|r| {
                let date = r.requested_at.date_naive();
                match &r.other {
                    Some(o) => tr.t2(
                        "portfolio-request-proof",
                        "other",
                        &o.association,
                        "date",
                        date,
                    ),
                    None => {
                        let asked = tr.t2(
                            "portfolio-request-join",
                            "kind",
                            tr.tk("membership-kind", &r.kind),
                            "date",
                            date,
                        );
                        let dues = r.dues.as_ref().map(|d| match d.paid_at {
                            Some(at) => tr.t2(
                                "portfolio-request-dues-paid",
                                "amount",
                                d.amount_usd,
                                "date",
                                at.date_naive(),
                            ),
                            None => tr.t1("portfolio-request-dues-unpaid", "amount", d.amount_usd),
                        });
                        // Two sentences, each whole in the language.
                        match dues {
                            Some(dues) => format!("{asked} {dues}"),
                            None => asked,
                        }
                    }
                }
            }),
        join_association: match current_application(state.store(), user.person.id).await? {
            Some(application) => {
                state
                    .store()
                    .association(application.association)
                    .await?
                    .slug
            }
            None => String::new(),
        },
        elsewhere_accepted: state
            .store()
            .associations()
            .await?
            .into_iter()
            .filter(|a| {
                state
                    .catalog()
                    .profile(&a.slug, today())
                    .is_ok_and(|p| p.membership.any_imh_association)
            })
            .map(|a| (a.slug, a.name))
            .collect(),
        today: today().to_string(),
        associations: state
            .store()
            .associations()
            .await?
            .into_iter()
            .map(|a| (a.slug, a.name))
            .collect(),
        membership_kinds: super::MEMBERSHIP_KINDS,
        payment_note: state.payments().instructions(user.language).to_string(),
    })
}

/// What the section page shows in its form and around it.
#[derive(Default)]
struct Draft {
    values: Value,
    typed: Posted,
    problems: Vec<FieldProblem>,
    editing: Option<i64>,
    message_sent: bool,
    done: Option<&'static str>,
    csv_errors: Vec<String>,
}

/// What a change on a section page did, said once on the page the redirect leads to, in a
/// status message that takes focus (so a keyboard or screen reader user hears the result
/// instead of landing on `<body>`). Carried by the redirect's query (`?done=added`) because
/// that works without JavaScript, a session store or a cookie to clear; only these fixed words
/// are read, so nothing typed into a URL reaches the page, and every signed-in page is sent
/// `no-store` (app.rs), so no cache keeps it.
fn done_message(done: &str) -> Option<&'static str> {
    Some(match done {
        "added" => "section-done-added",
        "saved" => "section-done-saved",
        "deleted" => "section-done-deleted",
        "imported" => "section-done-imported",
        "requested" => "section-done-requested",
        "resent" => "section-done-resent",
        "cancelled" => "section-done-cancelled",
        _ => return None,
    })
}

/// Where a change sends the browser back: the section page, saying what was done.
pub(crate) fn done_redirect(key: &str, done: &str) -> Redirect {
    Redirect::to(&format!("/portfolio/{key}?done={done}#status"))
}

async fn section_page(
    state: &AppState,
    user: &CurrentUser,
    section: Section,
    draft: Draft,
    status: StatusCode,
) -> Result<Response, WebError> {
    let document = portfolio::document(state.store(), &user.person).await?;
    let checks = if section == Section::Education {
        state.store().education_checks_of(user.person.id).await?
    } else {
        Vec::new()
    };
    // The document lists a section's entries in the store's order, each as the rules see it
    // (a reference with the status its rater's request gives it).
    let vouched = document[section.key()]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let tr = state.tr(user.language);
    let entries = state
        .store()
        .entries(user.person.id)
        .await?
        .into_iter()
        .filter(|e| e.section == section)
        .zip(vouched)
        .map(|(e, seen)| EntryView {
            id: e.id.0,
            summary: forms::summary_in(section, &seen, tr),
            status: {
                let check = checks
                    .iter()
                    .any(|c| c.entry == e.id)
                    .then(|| super::transcripts::status_of(e.id, &e.data, &checks).describe_in(tr));
                // Provenance: an entry the association's import brought in says so until the
                // applicant edits it (the form writes the entry afresh, without the mark).
                let importer = &e.data["imported_by"];
                let imported = importer["name"].as_str().map(|name| {
                    let role = match importer["role"].as_str() {
                        Some("alliance-admin") => tr.t("section-importer-admin"),
                        _ => tr.t("section-importer-coordinator"),
                    };
                    tr.t2("section-imported-by", "name", name, "role", role)
                });
                match (check, imported) {
                    (Some(check), Some(imported)) => Some(format!("{check}. {imported}")),
                    (check, imported) => check.or(imported),
                }
            },
        })
        .collect();
    let body = page(&SectionPage {
        layout: Layout::new(tr.tk("section", section.key()), Some(user)).in_language(tr),
        key: section.key(),
        title: tr.tk("section", section.key()),
        entries,
        fields: forms::view(section, &draft.values, &draft.typed, &draft.problems, tr),
        editing: draft.editing,
        message_sent: draft.message_sent,
        done: draft.done.map(|id| tr.t(id)),
        problem_count: draft.problems.len(),
        csv_errors: draft.csv_errors,
        s: panel(state, user, &document).await?,
        raters: if section == Section::References {
            raters(state, user, tr).await?
        } else {
            Vec::new()
        },
        rater_languages: if section == Section::References {
            rater_languages(state, user).await?
        } else {
            Vec::new()
        },
        uploads: match section {
            Section::Education => uploads(state, user, "transcript").await?,
            Section::Trainings => uploads(state, user, "certificate").await?,
            _ => Vec::new(),
        },
        frozen: frozen_notice_in(state.store(), user.person.id, tr).await?,
    })?;
    Ok((status, body).into_response())
}

#[derive(Debug, serde::Deserialize)]
pub struct SentQuery {
    #[serde(default)]
    sent: Option<String>,
    /// A change just made on this page (see `done_message`).
    #[serde(default)]
    done: Option<String>,
}

pub async fn section(
    State(state): State<AppState>,
    Path(key): Path<String>,
    user: CurrentUser,
    axum::extract::Query(query): axum::extract::Query<SentQuery>,
) -> Result<Response, WebError> {
    let section = section_of(&key)?;
    let blank = Draft {
        message_sent: query.sent.is_some(),
        done: query.done.as_deref().and_then(done_message),
        ..Draft::default()
    };
    section_page(&state, &user, section, blank, StatusCode::OK).await
}

pub async fn edit(
    State(state): State<AppState>,
    Path((key, id)): Path<(String, String)>,
    user: CurrentUser,
) -> Result<Response, WebError> {
    let section = section_of(&key)?;
    let id: EntryId = path_id(&id)?;
    // Entries are looked up among the signed-in person's own: another person's id is not found.
    let entry = state
        .store()
        .entries(user.person.id)
        .await?
        .into_iter()
        .find(|e| e.id == id && e.section == section)
        .ok_or(WebError::NotFound)?;
    let draft = Draft {
        values: entry.data,
        editing: Some(id.0),
        ..Draft::default()
    };
    section_page(&state, &user, section, draft, StatusCode::OK).await
}

/// Another person's entry is not found, before anything else is said about it.
async fn own_entry(state: &AppState, user: &CurrentUser, id: EntryId) -> Result<(), WebError> {
    let entries = state.store().entries(user.person.id).await?;
    if entries.iter().any(|e| e.id == id) {
        Ok(())
    } else {
        Err(WebError::NotFound)
    }
}

/// Reads and checks a posted entry; on problems, the page comes back with them.
pub(crate) fn checked(section: Section, form: &Posted) -> (Value, Vec<FieldProblem>) {
    let (entry, mut problems) = forms::read(section, form);
    // The reader's rules run on whatever could be read, so one bad cell hides no other: a
    // field the form could not read is left out of the entry, and what the reader then says
    // about that field (usually "missing") is already said better above.
    let unread: Vec<String> = problems.iter().map(|p| p.field.clone()).collect();
    problems.extend(
        forms::validate(section, &entry)
            .into_iter()
            .filter(|p| !unread.contains(&p.field)),
    );
    if problems.is_empty() {
        problems = forms::future_dates(section, &entry, today());
    }
    (entry, problems)
}

/// A rating is the rater's to give: the applicant lists raters only by asking them.
fn refuse_typed_reference(section: Section) -> Result<(), WebError> {
    if section == Section::References {
        return Err(WebError::BadRequest(
            "status: ask the rater with \"Ask for a rating\" on the References page; a rating counts only when the rater sends it".to_string(),
        ));
    }
    Ok(())
}

pub async fn add(
    State(state): State<AppState>,
    Path(key): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<Posted>,
) -> Result<Response, WebError> {
    let section = section_of(&key)?;
    refuse_typed_reference(section)?;
    ensure_editable(state.store(), user.person.id).await?;
    let (entry, problems) = checked(section, &form);
    if !problems.is_empty() {
        let draft = Draft {
            values: entry,
            typed: form,
            problems,
            editing: None,
            ..Draft::default()
        };
        return section_page(
            &state,
            &user,
            section,
            draft,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    state
        .store()
        .add_entry(user.person.id, section, &entry)
        .await?;
    Ok(done_redirect(section.key(), "added").into_response())
}

pub async fn update(
    State(state): State<AppState>,
    Path((key, id)): Path<(String, String)>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<Posted>,
) -> Result<Response, WebError> {
    let section = section_of(&key)?;
    let id: EntryId = path_id(&id)?;
    own_entry(&state, &user, id).await?;
    refuse_typed_reference(section)?;
    ensure_editable(state.store(), user.person.id).await?;
    let (entry, problems) = checked(section, &form);
    if !problems.is_empty() {
        let draft = Draft {
            values: entry,
            typed: form,
            problems,
            editing: Some(id.0),
            ..Draft::default()
        };
        return section_page(
            &state,
            &user,
            section,
            draft,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    state
        .store()
        .update_entry(user.person.id, id, &entry)
        .await?;
    Ok(done_redirect(section.key(), "saved").into_response())
}

pub async fn delete(
    State(state): State<AppState>,
    Path((key, id)): Path<(String, String)>,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<Posted>,
) -> Result<Redirect, WebError> {
    let section = section_of(&key)?;
    let id: EntryId = path_id(&id)?;
    own_entry(&state, &user, id).await?;
    ensure_editable(state.store(), user.person.id).await?;
    state.store().delete_entry(user.person.id, id).await?;
    Ok(done_redirect(section.key(), "deleted"))
}

pub async fn agreements_page(
    State(state): State<AppState>,
    user: CurrentUser,
    axum::extract::Query(query): axum::extract::Query<SentQuery>,
) -> Result<Html<String>, WebError> {
    let document = portfolio::document(state.store(), &user.person).await?;
    agreements_view(&state, &user, &document, None, query.sent.is_some()).await
}

/// The association whose agreement texts the applicant signs: that of their current
/// application; before they register, none (the built-in wording).
async fn texts_association(
    state: &AppState,
    user: &CurrentUser,
) -> Result<Option<lattice_store::AssociationRow>, WebError> {
    let store = state.store();
    match current_application(store, user.person.id).await? {
        Some(current) => Ok(Some(store.association(current.association).await?)),
        None => Ok(None),
    }
}

async fn agreements_view(
    state: &AppState,
    user: &CurrentUser,
    document: &Value,
    error: Option<String>,
    message_sent: bool,
) -> Result<Html<String>, WebError> {
    let agreements = &document["agreements"];
    let association = texts_association(state, user).await?;
    let tr = state.tr(user.language);
    let mut cards = Vec::new();
    for kind in AgreementKind::ALL {
        let text =
            agreement_texts::current(state.store(), association.as_ref().map(|a| a.id), kind)
                .await?;
        // The signing date as the reader's language writes it (empty when unsigned).
        let signed_on = tr.kept_date(agreements[kind.key()].as_str().unwrap_or(""));
        let signed_version = lattice_domain::documents::signed_version(agreements, kind);
        let signed_with = lattice_domain::documents::signed_association(agreements, kind);
        let (outdated, signed_link) = match (signed_version, &association) {
            (Some(v), Some(a)) if signed_with.is_some_and(|s| s != a.slug) => (
                Some(tr.t3(
                    "agreements-outdated-other",
                    "signed",
                    v,
                    "association",
                    &a.name,
                    "current",
                    text.version,
                )),
                signed_with.map(|s| crate::evidence::agreement_text_link(s, kind, v)),
            ),
            (Some(v), Some(a)) if v != i64::from(text.version) => (
                Some(tr.t2("agreements-outdated", "signed", v, "current", text.version)),
                Some(crate::evidence::agreement_text_link(&a.slug, kind, v)),
            ),
            _ => (None, None),
        };
        cards.push(AgreementCard {
            key: kind.key(),
            heading: tr.tk("agreements-heading", kind.key()),
            input_id: match kind {
                AgreementKind::CodeOfEthics => "sign-ethics",
                AgreementKind::EndorsementAgreement => "sign-agreement",
            },
            title: text.title.clone(),
            version: text.version,
            paragraphs: text.paragraphs(),
            signed_on,
            signed_version,
            outdated,
            signed_link,
        });
    }
    page(&AgreementsPage {
        layout: Layout::new(tr.t("agreements-title"), Some(user)).in_language(tr),
        name: user.person.name.clone(),
        cards,
        error,
        message_sent,
        s: panel(state, user, document).await?,
        frozen: frozen_notice_in(state.store(), user.person.id, tr).await?,
    })
}

#[derive(Debug, serde::Deserialize)]
pub struct SignForm {
    agreement: String,
    signature: String,
    /// The version the page showed; a newer one published meanwhile is not signed unread.
    #[serde(default)]
    version: Option<String>,
}

pub async fn sign(
    State(state): State<AppState>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<SignForm>,
) -> Result<Response, WebError> {
    let kind = AgreementKind::from_key(&form.agreement).ok_or_else(|| {
        WebError::BadRequest(
            "agreement: choose the Code of Ethics or the Endorsement Agreement".into(),
        )
    })?;
    let key = kind.key();
    let store = state.store();
    ensure_editable(store, user.person.id).await?;
    if !form
        .signature
        .trim()
        .eq_ignore_ascii_case(user.person.name.trim())
    {
        let document = portfolio::document(store, &user.person).await?;
        let message = format!(
            "signature: {}",
            state
                .tr(user.language)
                .t1("agreements-error-signature", "name", &user.person.name)
        );
        let body = agreements_view(&state, &user, &document, Some(message), false).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response());
    }
    let association = texts_association(&state, &user).await?;
    let text = agreement_texts::current(store, association.as_ref().map(|a| a.id), kind).await?;
    if let Some(read) = form
        .version
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        && read != text.version.to_string()
    {
        return Err(WebError::Conflict(format!(
            "version: version {} of the {} was published since the page was opened; read it and sign again",
            text.version,
            kind.title()
        )));
    }
    let mut meta = match store.portfolio_meta(user.person.id).await {
        Ok(Value::Object(meta)) => meta,
        Ok(_) | Err(StoreError::NotFound) => Map::new(),
        Err(other) => return Err(other.into()),
    };
    let signed_on = today().to_string();
    let agreements = meta.entry("agreements").or_insert_with(|| json!({}));
    // The date stays where lattice-portfolio/1 readers look; the version (and whose text)
    // sit beside it under keys those readers pass over (docs/PORTFOLIO.md).
    agreements[key] = Value::String(signed_on.clone());
    agreements[format!("{key}_version")] = json!(text.version);
    match &association {
        Some(a) => agreements[format!("{key}_association")] = json!(a.slug),
        None => {
            if let Some(fields) = agreements.as_object_mut() {
                fields.remove(&format!("{key}_association"));
            }
        }
    }
    store
        .set_portfolio_meta(user.person.id, &Value::Object(meta))
        .await?;
    let whose = association
        .as_ref()
        .map_or_else(|| "the built-in text".to_string(), |a| a.slug.clone());
    store
        .record_audit(&NewAudit {
            at: Utc::now(),
            actor: Some(user.person.id),
            association: association.as_ref().map(|a| a.id),
            subject: format!("person:{}", user.person.id),
            action: format!("sign-{}", key.replace('_', "-")),
            reason: format!(
                "signed version {} ({whose}) as \"{}\" on {signed_on}",
                text.version,
                form.signature.trim()
            ),
        })
        .await?;
    Ok(Redirect::to("/portfolio/agreements").into_response())
}

pub async fn export(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Response, WebError> {
    let mut document = portfolio::document(state.store(), &user.person).await?;
    // Entry ids are this database's; a file carries the entries alone.
    for entry in document["education"].as_array_mut().into_iter().flatten() {
        if let Some(fields) = entry.as_object_mut() {
            fields.remove("entry_id");
        }
    }
    // A rating whose reading the applicant waived is not theirs to read, in any form.
    for entry in document["references"].as_array_mut().into_iter().flatten() {
        if entry["waived"] == json!(true)
            && let Some(fields) = entry.as_object_mut()
        {
            fields.remove("not_enough_info");
        }
    }
    let text =
        serde_json::to_string_pretty(&document).map_err(|e| WebError::Internal(e.to_string()))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/json; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"portfolio.json\"".to_string(),
            ),
        ],
        text,
    )
        .into_response())
}

pub(crate) fn upload_text(upload: &CsrfUpload, name: &str) -> Result<String, WebError> {
    let part = upload
        .part(name)
        .filter(|p| !p.bytes.is_empty())
        .ok_or_else(|| WebError::BadRequest(format!("{name}: choose a file to import")))?;
    String::from_utf8(part.bytes.to_vec())
        .map_err(|_| WebError::BadRequest(format!("{name}: the file is not text (UTF-8)")))
}

/// Replaces the applicant's own entries with an imported `lattice-portfolio/1` file, all or
/// nothing. A file speaks only for what the applicant may: its ratings become raters to ask,
/// and its membership and signatures are not taken (the page says so, field by field).
/// Ratings already sent by raters stay.
pub async fn import(
    State(state): State<AppState>,
    user: CurrentUser,
    upload: CsrfUpload,
) -> Result<Response, WebError> {
    ensure_editable(state.store(), user.person.id).await?;
    let text = upload_text(&upload, "file")?;
    if let Err(errors) = parse_portfolio(&text) {
        let problems = errors.0.iter().map(ToString::to_string).collect();
        let body = overview_page(&state, &user, problems, Vec::new()).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response());
    }
    let raw: Value =
        serde_json::from_str(&text).map_err(|e| WebError::BadRequest(format!("file: {e}")))?;
    let store = state.store();
    let future = crate::portfolio_file::future_dates(&raw, today());
    if !future.is_empty() {
        let body = overview_page(&state, &user, future, Vec::new()).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response());
    }
    // Raters already asked keep their entries (the store keeps what a request points at).
    let current = portfolio::document(store, &user.person).await?;
    let asked: Vec<&Value> = current["references"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["status"] != "not-requested")
        .collect();
    let taken = crate::portfolio_file::take(&raw, Reader::Applicant, &asked);
    // The meta keeps the signatures made here; the file brings licences and endorsements
    // held elsewhere.
    let mut meta = match store.portfolio_meta(user.person.id).await {
        Ok(Value::Object(meta)) => meta,
        Ok(_) | Err(StoreError::NotFound) => Map::new(),
        Err(other) => return Err(other.into()),
    };
    taken.put_into(&mut meta);
    let (entries, notices) = (taken.entries, taken.left_out);
    store
        .replace_portfolio(user.person.id, &entries, &Value::Object(meta))
        .await?;
    store
        .record_audit(&NewAudit {
            at: Utc::now(),
            actor: Some(user.person.id),
            association: None,
            subject: format!("person:{}", user.person.id),
            action: "import-portfolio".to_string(),
            reason: format!(
                "{} entries; {} items not taken",
                entries.len(),
                notices.len()
            ),
        })
        .await?;
    if notices.is_empty() {
        return Ok(Redirect::to("/portfolio").into_response());
    }
    Ok(overview_page(&state, &user, Vec::new(), notices)
        .await?
        .into_response())
}

/// The columns of the trainings CSV, in template order.
const CSV_COLUMNS: [&str; 10] = [
    "title",
    "provider",
    "date",
    "end_date",
    "hours",
    "kind",
    "conference",
    "competencies",
    "population",
    "topics",
];

pub async fn csv_template() -> Response {
    let mut text = CSV_COLUMNS.join(",");
    text.push('\n');
    text.push_str("Attachment and the first year,Infant Mental Health Institute,2024-03-02,,6.5,workshop,,attachment-separation-trauma-grief-loss;pregnancy-early-parenthood,infant-toddler,\n");
    text.push_str("Reflective practice day,MassAIMH,2024-05-10,,5,workshop,MassAIMH Annual Conference 2024,reflective-supervision;emotional-response,infant-toddler,rsc\n");
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"trainings-template.csv\"",
            ),
        ],
        text,
    )
        .into_response()
}

/// Reads the trainings CSV. Every bad cell is reported by line and column; when there is
/// any, nothing is stored.
pub fn read_trainings_csv(text: &str) -> Result<Vec<Value>, Vec<String>> {
    let (mut reader, headers) =
        super::csv_with_header(text, &["title", "date", "hours", "kind"], &CSV_COLUMNS)?;
    let mut errors = Vec::new();
    let mut trainings = Vec::new();
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
        let mut posted: Posted = Vec::new();
        for (name, value) in headers.iter().zip(record.iter()) {
            if name == "competencies" || name == "topics" {
                for item in value.split(';').map(str::trim).filter(|v| !v.is_empty()) {
                    posted.push((name.to_string(), item.to_string()));
                }
            } else {
                posted.push((name.to_string(), value.to_string()));
            }
        }
        let (entry, problems) = checked(Section::Trainings, &posted);
        for problem in &problems {
            let column = headers
                .iter()
                .position(|h| h == problem.field)
                .map_or(0, |i| i + 1);
            errors.push(format!(
                "line {line}, column {column} ({}): {}",
                problem.field, problem.message
            ));
        }
        if problems.is_empty() {
            trainings.push(entry);
        }
    }
    if trainings.is_empty() && errors.is_empty() {
        errors.push("the file has no trainings below its header line".to_string());
    }
    if errors.is_empty() {
        Ok(trainings)
    } else {
        Err(errors)
    }
}

pub async fn import_trainings(
    State(state): State<AppState>,
    user: CurrentUser,
    upload: CsrfUpload,
) -> Result<Response, WebError> {
    ensure_editable(state.store(), user.person.id).await?;
    let text = upload_text(&upload, "file")?;
    match read_trainings_csv(&text) {
        Ok(trainings) => {
            let entries: Vec<(Section, Value)> = trainings
                .into_iter()
                .map(|t| (Section::Trainings, t))
                .collect();
            state.store().add_entries(user.person.id, &entries).await?;
            Ok(done_redirect("trainings", "imported").into_response())
        }
        Err(errors) => {
            let draft = Draft {
                csv_errors: errors,
                ..Draft::default()
            };
            section_page(
                &state,
                &user,
                Section::Trainings,
                draft,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(Debug, serde::Deserialize)]
pub struct MessageForm {
    kind: String,
    body: String,
}

/// A comment or help request from a section page to the coordinators of the applicant's
/// association, with a mail to the coordinator in the same transaction.
pub async fn message(
    State(state): State<AppState>,
    Path(key): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<MessageForm>,
) -> Result<Response, WebError> {
    let section = if key == "agreements" {
        "agreements"
    } else {
        section_of(&key)?.key()
    };
    let kind_label = match form.kind.as_str() {
        "comment" => "Comment",
        "help-technical" => "Help request (technical)",
        "help-process" => "Help request (process)",
        _ => {
            return Err(WebError::BadRequest(
                "kind: choose a comment or a kind of help".to_string(),
            ));
        }
    };
    let body = form.body.trim();
    if body.is_empty() || body.chars().count() > 4000 {
        return Err(WebError::BadRequest(
            "body: write your message (up to 4000 characters)".to_string(),
        ));
    }
    let store = state.store();
    let application = current_application(store, user.person.id)
        .await?
        .ok_or_else(|| {
            WebError::BadRequest(
                "body: register for a category first, so your message reaches your association's coordinator"
                    .to_string(),
            )
        })?;
    let association = store.association(application.association).await?;
    let coordinator = coordinator_of(store, association.id).await?;
    let mail = coordinator.map(|coordinator| lattice_store::NewMail {
        recipient: coordinator.email,
        subject: format!("{kind_label} from {} ({})", user.person.name, forms_title(section)),
        body: format!(
            "{} ({}) wrote from the {} section of their portfolio:\n\n{body}\n\nApplication: {}/applications/{}\n",
            user.person.name,
            user.person.email,
            forms_title(section),
            state.config().base_url,
            application.id
        ),
        created_at: Utc::now(),
    });
    store
        .add_message(
            &lattice_store::NewMessage {
                person: user.person.id,
                association: association.id,
                application: Some(application.id),
                section: section.to_string(),
                kind: form.kind.clone(),
                body: body.to_string(),
                created_at: Utc::now(),
                author: None,
            },
            mail.as_ref(),
        )
        .await?;
    // To the confirmation itself: a fragment naming another element would keep the browser
    // from moving focus to it (a page's target element wins over autofocus).
    Ok(Redirect::to(&format!("/portfolio/{key}?sent=1#message-sent")).into_response())
}

fn forms_title(section: &str) -> &'static str {
    Section::from_key(section)
        .map(forms::title)
        .unwrap_or("Agreements")
}
