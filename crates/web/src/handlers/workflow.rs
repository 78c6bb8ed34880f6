//! One application: its page, and the events that move it through the state machine.

use axum::extract::{Path, State};
use axum::response::{Html, Redirect};
use chrono::{NaiveDate, Utc};
use lattice_domain::application::{Actor, Context, Event, State as AppStage};
use lattice_domain::category::Category;
use lattice_domain::documents::{self, MailKind};
use lattice_domain::language::Language;
use lattice_domain::report::RequirementId;
use lattice_domain::rights::{Action, Object, may};
use lattice_store::{
    ApplicationRow, Effects, InvoiceKind, NewAudit, NewInvoice, NewMail, PersonRow,
};
use serde::Deserialize;

use super::coordinator_of;
use super::mail_templates::{compose, mail_language, reader_language};
use super::{audit_views, page, summarize, today, visible_application};
use crate::auth::{CsrfForm, CurrentUser};
use crate::error::WebError;
use crate::i18n::Tr;
use crate::portfolio;
use crate::state::AppState;
use crate::views::{ApplicationPage, EventButton, InvoiceView, Layout};

/// Every event a page may offer, in order, and whether its button warns (red). Each button's
/// words are the message `event-{name}`.
const EVENTS: [(Event, bool); 11] = [
    (Event::Register, false),
    (Event::Confirm, false),
    (Event::Submit, false),
    (Event::StartReview, false),
    (Event::ReturnIncomplete, false),
    (Event::ApproveForExam, false),
    (Event::RecordExam { passed: true }, false),
    (Event::RecordExam { passed: false }, false),
    (Event::RetakeExam, false),
    (Event::Endorse, false),
    (Event::Withdraw, true),
];

/// The button of an event the viewer may cause, with the words of its confirmation box when
/// the step cannot be undone (`forms::confirmation_of` says which; `confirm-…` words them).
fn button(tr: Tr, event: &'static str, needs_date: bool, danger: bool) -> EventButton {
    EventButton {
        event,
        label: tr.tk("event", event),
        needs_date,
        danger,
        confirmation: crate::forms::confirmation_of(event).map(|_| match event {
            "submit" | "withdraw" => tr.tk("confirm", event),
            _ => tr.t("confirm-decision"),
        }),
    }
}

/// Whether the category sits an exam in the edition of the rules the application is under.
pub fn exam_required(state: &AppState, slug: &str, application: &ApplicationRow) -> bool {
    super::category_rule(state, slug, application).is_some_and(|(_, rule)| rule.exam.is_some())
}

/// The actors the viewer may act as on this application.
fn actors(
    user: &CurrentUser,
    application: &ApplicationRow,
    reviewers: &[lattice_domain::ids::PersonId],
) -> Vec<Actor> {
    let object = Object::Application {
        owner: application.person,
        association: application.association,
        reviewers,
    };
    [Actor::Applicant, Actor::Coordinator]
        .into_iter()
        .filter(|&actor| may(&user.viewer, Action::Transition(actor), object))
        .collect()
}

pub async fn application_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    let store = state.store();
    let (application, reviewers) = visible_application(store, &user.viewer, &id).await?;
    let association = store.association(application.association).await?;
    let applicant = store.person(application.person).await?;
    let mut summary = summarize(store, &application).await?;
    // From submission on, staff and applicant alike see the portfolio as it was handed in.
    let document = if application.state.reads_submitted() {
        crate::portfolio::reviewed_document(&state, &application).await?
    } else {
        portfolio::document(store, &applicant).await?
    };
    let lapsed_on = super::renewal::lapsed_on(store, &application).await?;
    match portfolio::eligibility_since(
        &state,
        &document,
        &association.slug,
        &application.category,
        application.rules_as_of(),
        lapsed_on,
    ) {
        Ok(mut view) => {
            if application.person == user.person.id {
                portfolio::for_the_applicant(&mut view, &document);
            }
            summary.eligibility = Some(view);
        }
        Err(problem) => summary.problem = Some(problem),
    }
    let context = Context {
        exam_required: exam_required(&state, &association.slug, &application),
        today: today(),
    };
    let allowed = actors(&user, &application, &reviewers);
    let tr = state.tr(user.language);
    let mut events = Vec::new();
    let more_work = Event::RequireMoreWork {
        re_review_after: today() + chrono::Duration::days(1),
    };
    for (event, danger) in EVENTS {
        // Asking for more work sits before withdrawal, which stays last.
        if event == Event::Withdraw
            && decided_elsewhere(application.state, more_work).is_none()
            && allowed
                .iter()
                .any(|&actor| application.state.apply(more_work, actor, context).is_ok())
        {
            events.push(button(tr, "require-more-work", true, false));
        }
        if decided_elsewhere(application.state, event).is_none()
            && allowed
                .iter()
                .any(|&actor| application.state.apply(event, actor, context).is_ok())
        {
            events.push(button(tr, event.name(), false, danger));
        }
    }
    let as_applicant = super::reads_as_applicant(&user, &application);
    let mut reviewer_names = Vec::new();
    if as_applicant {
        // Applicants never learn who reviews them: a count, not names.
        if !reviewers.is_empty() {
            reviewer_names.push(tr.t1("app-reviewers-count", "count", reviewers.len()));
        }
    } else {
        for reviewer in &reviewers {
            reviewer_names.push(store.person(*reviewer).await?.name);
        }
    }
    let invoices = store
        .invoices(application.id)
        .await?
        .into_iter()
        .map(|i| InvoiceView {
            id: i.id,
            label: tr.t2(
                "app-fee",
                "kind",
                if i.kind == InvoiceKind::Registration {
                    "registration"
                } else {
                    "processing"
                },
                "amount",
                i.amount_usd,
            ),
            paid: i.paid,
            paid_on: i
                .paid_at
                .map(|t| tr.date(t.date_naive()))
                .unwrap_or_default(),
        })
        .collect::<Vec<InvoiceView>>();
    let has_open_invoice = invoices.iter().any(|i| !i.paid);
    // The requirements still needed, named as the panel names them in the page's language.
    let submit_blocked = summary
        .eligibility
        .as_ref()
        .filter(|e| !e.ready)
        .map(|e| e.still_needed_in(&tr));
    let rows = store
        .audit_of_subject(&format!("application:{}", application.id))
        .await?;
    let audit = if as_applicant {
        let mut views =
            audit_views(store, super::for_the_applicant(rows, user.person.id), &tr).await?;
        for view in &mut views {
            if view.actor == "Lattice" {
                view.actor = association.name.clone();
            }
        }
        views
    } else {
        audit_views(store, rows, &tr).await?
    };
    // Only the applicant's own declarations, as they typed them: matched to reviewers, or
    // with pinned ones, they would reveal who reviews.
    let declared_conflicts = if application.person == user.person.id {
        super::conflicts::applicant_view(&state, application.id).await?
    } else {
        Vec::new()
    };
    let memberships = store.memberships_of(applicant.id).await?;
    let membership = portfolio::membership_record(
        &memberships,
        &store.applications_of_person(applicant.id).await?,
    )
    .map(|m| {
        tr.tn(
            "app-membership-line",
            &[
                ("association", m.association_name.clone()),
                ("number", m.member_number.clone()),
                ("kind", tr.tk("membership-kind", &m.kind)),
                ("start", tr.date(m.starts_on)),
                ("end", tr.date(m.ends_on)),
            ],
        )
    });
    // The thread is between the applicant and the association; reviewers do not read it.
    let in_thread = application.person == user.person.id || allowed.contains(&Actor::Coordinator);
    let thread = if in_thread {
        super::messages::thread_view(
            tr,
            store.messages_of_application(application.id).await?,
            &applicant.name,
        )
    } else {
        Vec::new()
    };
    let next_hint = next_hint(
        tr,
        application.state,
        allowed.contains(&Actor::Coordinator),
        application.person == user.person.id,
        !reviewers.is_empty(),
        application.id.0,
        lapsed_on,
    );
    page(&ApplicationPage {
        next_hint,
        thread,
        in_thread,
        layout: Layout::new(
            format!("{} – {}", applicant.name, application.category),
            Some(&user),
        )
        .in_language(tr),
        membership,
        membership_kinds: super::MEMBERSHIP_KINDS,
        membership_request: store
            .open_membership_requests(Some(applicant.id), Some(application.association))
            .await?
            .first()
            .map(|r| {
                tr.t2(
                    "app-membership-request",
                    "kind",
                    tr.tk("membership-kind", &r.kind),
                    "date",
                    tr.date(r.requested_at.date_naive()),
                )
            }),
        today: today().to_string(),
        as_coordinator: allowed.contains(&Actor::Coordinator),
        as_reviewer: reviewers.contains(&user.person.id),
        as_applicant: application.person == user.person.id,
        declared_conflicts,
        conflicts_open: super::conflicts_open(application.state),
        exam_stage: matches!(
            application.state,
            AppStage::ApprovedForExam | AppStage::ExamPassed | AppStage::ExamFailed
        ) || exam_required(&state, &association.slug, &application)
            && application.state == AppStage::Endorsed,
        s: summary,
        applicant_email: applicant.email,
        intended_submission: application
            .intended_submission
            .map(|d| tr.date(d))
            .unwrap_or_default(),
        reviewers: reviewer_names,
        events,
        audit,
        invoices,
        payment_note: state.payments().instructions(tr.language()).to_string(),
        has_open_invoice,
        submit_blocked,
    })
}

/// What comes next on the application page, for the coordinator or the applicant, in the
/// reader's language, with a link to where it is done. `lapsed_on`: a reinstatement still
/// under way.
pub fn next_hint(
    tr: Tr,
    stage: AppStage,
    coordinator: bool,
    applicant: bool,
    reviewers_assigned: bool,
    id: i64,
    lapsed_on: Option<NaiveDate>,
) -> Option<(String, Option<(String, String)>)> {
    let review = format!("/applications/{id}/review");
    let exam = format!("/applications/{id}/exam");
    let hint = |text: &str, link: Option<(String, &str)>| {
        Some((tr.t(text), link.map(|(href, words)| (href, tr.t(words)))))
    };
    if coordinator {
        return match stage {
            AppStage::Registered => hint("next-coordinator-registered", None),
            AppStage::Submitted => hint(
                "next-coordinator-submitted",
                Some((review, "next-coordinator-check")),
            ),
            AppStage::UnderReview if !reviewers_assigned => hint(
                "next-coordinator-assign",
                Some((
                    format!("{review}#reviewers"),
                    "next-coordinator-assign-link",
                )),
            ),
            AppStage::UnderReview => hint(
                "next-coordinator-decide",
                Some((review, "next-coordinator-open-review")),
            ),
            AppStage::ApprovedForExam | AppStage::ExamFailed => hint(
                "next-coordinator-exam",
                Some((exam, "next-coordinator-exam-link")),
            ),
            AppStage::ExamPassed => hint("next-coordinator-endorse", None),
            _ => None,
        };
    }
    if !applicant {
        return None;
    }
    // Two sentences, each whole in the language.
    let reinstating = |text: &str| match lapsed_on {
        Some(date) => format!(
            "{} {}",
            tr.t(text),
            tr.t1("next-reinstating", "date", tr.date(date))
        ),
        None => tr.t(text),
    };
    let portfolio = || Some(("/portfolio".to_string(), tr.t("next-open-portfolio")));
    match stage {
        AppStage::Draft => Some((reinstating("next-draft"), None)),
        AppStage::Registered => Some((reinstating("next-registered"), portfolio())),
        AppStage::Confirmed | AppStage::MoreWorkRequired { .. } => {
            Some((reinstating("next-building"), portfolio()))
        }
        AppStage::Submitted | AppStage::UnderReview => hint("next-in-review", None),
        AppStage::ApprovedForExam | AppStage::ExamFailed => {
            hint("next-exam", Some((exam, "next-your-exam")))
        }
        _ => None,
    }
}

/// The application, when the viewer is a coordinator of its association; `field` names what
/// was refused otherwise.
async fn as_coordinator_of(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    refusal: &str,
) -> Result<ApplicationRow, WebError> {
    let (application, reviewers) = visible_application(state.store(), &user.viewer, id).await?;
    let object = Object::Application {
        owner: application.person,
        association: application.association,
        reviewers: &reviewers,
    };
    if !may(&user.viewer, Action::Transition(Actor::Coordinator), object) {
        return Err(WebError::BadRequest(refusal.to_string()));
    }
    Ok(application)
}

/// The coordinator records the applicant's membership, as the association's record (with
/// their name in the audit log). The applicant cannot: membership is the association's word.
pub async fn record_membership(
    State(state): State<AppState>,
    Path(id): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<super::members::MembershipForm>,
) -> Result<Redirect, WebError> {
    let application = as_coordinator_of(
        &state,
        &user,
        &id,
        "member_number: only the association's coordinator records membership",
    )
    .await?;
    super::members::record(
        &state,
        &user,
        application.person,
        application.association,
        &form,
        &format!("application:{}", application.id),
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/applications/{}#membership",
        application.id
    )))
}

/// The coordinator records that an invoice of this application was paid.
pub async fn mark_paid(
    State(state): State<AppState>,
    Path((id, invoice)): Path<(String, String)>,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<crate::forms::Posted>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let application = as_coordinator_of(
        &state,
        &user,
        &id,
        "invoice: only the coordinator records payments",
    )
    .await?;
    let invoice: i64 = invoice.parse().map_err(|_| WebError::NotFound)?;
    if !store
        .invoices(application.id)
        .await?
        .iter()
        .any(|i| i.id == invoice && !i.paid)
    {
        return Err(WebError::NotFound);
    }
    store
        .mark_invoice_paid(invoice, user.person.id, Utc::now())
        .await?;
    Ok(Redirect::to(&format!("/applications/{}", application.id)))
}

#[derive(Debug, Deserialize)]
pub struct EventForm {
    event: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    re_review_after: String,
    /// The confirmation box of a step that cannot be undone (see `forms::check_confirmed`).
    #[serde(default)]
    asked: String,
    #[serde(default)]
    confirmed: String,
}

pub(crate) fn parse_event(form: &EventForm) -> Result<Event, WebError> {
    if form.event == "require-more-work" {
        let date =
            NaiveDate::parse_from_str(form.re_review_after.trim(), "%Y-%m-%d").map_err(|_| {
                WebError::BadRequest(
                    "re_review_after: give the date resubmission opens, as YYYY-MM-DD".to_string(),
                )
            })?;
        return Ok(Event::RequireMoreWork {
            re_review_after: date,
        });
    }
    form.event
        .parse()
        .map_err(|e: String| WebError::BadRequest(format!("event: {e}")))
}

pub async fn apply_event(
    State(state): State<AppState>,
    Path(id): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<EventForm>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let (application, reviewers) = visible_application(store, &user.viewer, &id).await?;
    let event = parse_event(&form)?;
    crate::forms::check_confirmed(&form.asked, &form.confirmed)?;
    if let Some(page) = decided_elsewhere(application.state, event) {
        return Err(WebError::BadRequest(format!("event: {page}")));
    }
    let allowed = actors(&user, &application, &reviewers);
    // Applicants act as themselves first; staff act as coordinator.
    let actor = allowed
        .iter()
        .copied()
        .find(|&actor| event.allowed(actor))
        .ok_or_else(|| WebError::BadRequest(format!("event: you may not {}", event.name())))?;
    perform(
        &state,
        &user,
        &application,
        event,
        actor,
        &form.reason,
        Vec::new(),
    )
    .await?;
    Ok(Redirect::to(&format!("/applications/{}", application.id)))
}

/// Events that have their own page, because they need more than a button: decisions after
/// review need both reviews, exam results need the sitting's scores.
fn decided_elsewhere(state: AppStage, event: Event) -> Option<&'static str> {
    match (state, event) {
        (
            AppStage::UnderReview,
            Event::Endorse | Event::ApproveForExam | Event::RequireMoreWork { .. },
        ) => Some("decide on the review page, once both reviews are in"),
        (_, Event::RecordExam { .. }) => Some("record exam results on the exam page"),
        _ => None,
    }
}

/// Applies `event` to the application as `actor`, with its checks, mails and audit row, in
/// one store transaction. `extra_mails` go out with it (a feedback letter, say).
pub async fn perform(
    state: &AppState,
    user: &CurrentUser,
    application: &ApplicationRow,
    event: Event,
    actor: Actor,
    reason: &str,
    extra_mails: Vec<NewMail>,
) -> Result<AppStage, WebError> {
    perform_noted(
        state,
        user,
        application,
        event,
        actor,
        reason,
        reason,
        extra_mails,
    )
    .await
}

/// [`perform`], with the audit's reason and the note the applicant's mail carries kept apart:
/// a decision's audit row names the outcome chosen, while the mail already says what happened
/// and carries only what the coordinator wrote.
#[expect(
    clippy::too_many_arguments,
    reason = "perform's arguments and the note"
)]
pub async fn perform_noted(
    state: &AppState,
    user: &CurrentUser,
    application: &ApplicationRow,
    event: Event,
    actor: Actor,
    reason: &str,
    note: &str,
    extra_mails: Vec<NewMail>,
) -> Result<AppStage, WebError> {
    let store = state.store();
    if reason.len() > 4000 {
        return Err(WebError::BadRequest(
            "reason: keep it under 4000 characters".to_string(),
        ));
    }
    let association = store.association(application.association).await?;
    let context = Context {
        exam_required: exam_required(state, &association.slug, application),
        today: today(),
    };
    let next = application
        .state
        .apply(event, actor, context)
        .map_err(|e| WebError::BadRequest(format!("event: {e}")))?;
    let now = Utc::now();
    let audit = NewAudit {
        at: now,
        actor: Some(user.person.id),
        association: Some(application.association),
        subject: format!("application:{}", application.id),
        action: event.name().to_string(),
        reason: reason.trim().to_string(),
    };
    let applicant = store.person(application.person).await?;
    let mut effects = Effects::default();
    effects.mails.extend(
        notification(
            state,
            application,
            &applicant,
            &association.name,
            event,
            next,
            note,
        )
        .await?,
    );
    effects.mails.extend(extra_mails);
    match event {
        Event::Confirm => {
            let open = store
                .invoices(application.id)
                .await?
                .into_iter()
                .any(|i| !i.paid);
            if open {
                return Err(WebError::BadRequest(
                    "event: the registration fee is not marked paid yet; mark its invoice paid first".to_string(),
                ));
            }
            // Confirming says the association has the applicant as a member: its own record
            // must show it, as the rules of this application's edition accept it.
            let document = portfolio::document(store, &applicant).await?;
            let membership_met = portfolio::eligibility(
                state,
                &document,
                &association.slug,
                &application.category,
                application.rules_as_of(),
            )
            .ok()
            .and_then(|view| {
                view.requirements
                    .into_iter()
                    .find(|r| r.label == RequirementId::Membership.label())
            })
            .is_some_and(|r| r.status == "met");
            if !membership_met {
                return Err(WebError::BadRequest(
                    "event: no active membership is recorded for the applicant; record it under Membership first".to_string(),
                ));
            }
        }
        Event::StartReview => {
            let check = completeness(state, application).await?;
            if !check.complete {
                return Err(WebError::BadRequest(format!(
                    "event: the portfolio is not complete: {}; return it to the applicant instead",
                    check.missing.join("; ")
                )));
            }
        }
        Event::ReturnIncomplete if reason.trim().is_empty() => {
            return Err(WebError::BadRequest(
                "reason: say what is missing, so the applicant can fix it".to_string(),
            ));
        }
        Event::RetakeExam => retake_allowed(state, application).await?,
        Event::Endorse => match application.reinstates {
            // A reinstatement revives the lapsed credential instead of making another.
            Some(endorsement) => {
                let rule = &state
                    .catalog()
                    .profile(&association.slug, today())
                    .map_err(|e| WebError::Internal(format!("profile: {e}")))?
                    .renewal;
                let through = lattice_domain::endorsement::first_good_through(rule, today())
                    .ok_or_else(|| WebError::Internal("no renewal deadline".to_string()))?;
                effects.reinstatement = Some((endorsement, through));
            }
            None => {
                effects.endorsement = Some(
                    super::endorsements::new_endorsement(
                        state,
                        application,
                        &applicant,
                        &association,
                    )
                    .await?,
                );
            }
        },
        Event::Submit => {
            let document = portfolio::document(store, &applicant).await?;
            let lapsed_on = super::renewal::lapsed_on(store, application).await?;
            if let Some(lapsed_on) = lapsed_on {
                new_experience_since(&document, lapsed_on)?;
            }
            let view = portfolio::eligibility_since(
                state,
                &document,
                &association.slug,
                &application.category,
                application.rules_as_of(),
                lapsed_on,
            )
            .map_err(|problem| {
                WebError::BadRequest(format!("event: the portfolio cannot be checked: {problem}"))
            })?;
            if !view.ready {
                let missing: Vec<String> = view
                    .requirements
                    .iter()
                    .filter(|r| r.status == "unmet")
                    .map(|r| r.label.clone())
                    .collect();
                return Err(WebError::BadRequest(format!(
                    "event: not ready to submit yet; still needed: {}",
                    missing.join(", ")
                )));
            }
            effects.snapshot = Some(document);
            if let Some(fees) = fees_for(state, &association.slug, &application.category) {
                effects.invoice = Some(NewInvoice {
                    kind: InvoiceKind::Processing,
                    amount_usd: i64::from(fees.processing_usd),
                    provider: state.payments().key().to_string(),
                    created_at: now,
                });
            }
            let kind = MailKind::PortfolioReceived;
            let language = mail_language(state, application.association, &applicant, kind).await?;
            let fee = fees_for(state, &association.slug, &application.category)
                .map(|f| {
                    documents::processing_fee_paragraph(
                        language,
                        f.processing_usd,
                        state.payments().instructions(language),
                    )
                })
                .unwrap_or_default();
            let (subject, body) = compose(
                store,
                application.association,
                kind,
                language,
                &[
                    ("name", applicant.name.clone()),
                    ("association", association.name.clone()),
                    ("category", application.category.clone()),
                    ("date", language.mail_date(today())),
                    ("fee", fee),
                    (
                        "link",
                        format!(
                            "{}/applications/{}",
                            state.config().base_url,
                            application.id
                        ),
                    ),
                ],
            )
            .await?;
            effects.mails.push(NewMail {
                recipient: applicant.email.clone(),
                subject,
                body,
                created_at: now,
            });
        }
        _ => {}
    }
    store
        .transition(application.id, application.state, next, &audit, &effects)
        .await?;
    if next == AppStage::Endorsed {
        state.registry().invalidate().await;
    }
    tracing::info!(application_id = application.id.0, event = event.name(), from = %application.state, to = %next, "application moved");
    Ok(next)
}

/// The fees of a category in the profile in force, where the association publishes them.
pub fn fees_for(
    state: &AppState,
    slug: &str,
    category: &str,
) -> Option<lattice_domain::profile::Fees> {
    let category = category.parse::<Category>().ok()?;
    state
        .catalog()
        .profile(slug, today())
        .ok()?
        .categories
        .get(&category.track)?
        .fees
        .clone()
}

/// Refuses a reinstatement's submission until the portfolio shows experience since the lapse.
fn new_experience_since(
    document: &serde_json::Value,
    lapsed_on: NaiveDate,
) -> Result<(), WebError> {
    let portfolio =
        lattice_domain::format::parse_portfolio(&document.to_string()).map_err(|e| {
            WebError::BadRequest(format!("event: the portfolio cannot be checked: {e}"))
        })?;
    if lattice_domain::reinstatement::has_new_experience(&portfolio, lapsed_on, today()) {
        Ok(())
    } else {
        Err(WebError::BadRequest(format!(
            "event: reinstatement needs new experience: add work that went on after {lapsed_on} or a training dated on or after it"
        )))
    }
}

/// What happened and what comes next, in the words the applicant reads in the mail a change
/// sends them: (subject, what happened, what is next).
pub fn applicant_notice(
    event: Event,
    next: AppStage,
    category: &str,
    association: &str,
    reinstating: bool,
    exam_page: &str,
) -> (String, String, String) {
    let subject = format!("Your {category} application: {}", next.label());
    let (happened, what_next) = match (event, next) {
        (Event::Confirm, _) => (
            format!("{association} confirmed your membership and registration fee."),
            "build your portfolio and submit it for review once your progress panel shows every requirement met.".to_string(),
        ),
        (Event::ReturnIncomplete, _) => (
            format!("{association} returned your portfolio as incomplete."),
            "add what is missing (see the note below) and submit it again.".to_string(),
        ),
        (Event::StartReview, _) => (
            "Your portfolio is complete and its review has started.".to_string(),
            format!("two reviewers read it; we write to you when {association} has decided."),
        ),
        (Event::ApproveForExam, _) => (
            "The reviewers approved you to sit the exam.".to_string(),
            format!("{association} schedules your sitting and writes to you with its date, place and what to bring. Your exam page: {exam_page}"),
        ),
        (Event::RetakeExam, _) => (
            "You may sit the exam again.".to_string(),
            format!("{association} schedules your new sitting and writes to you with its date, place and what to bring. Your exam page: {exam_page}"),
        ),
        (Event::RecordExam { passed: true }, _) => (
            "You passed the exam.".to_string(),
            format!("{association} records your endorsement and writes to you when it is done."),
        ),
        (Event::RecordExam { passed: false }, _) => (
            "You did not pass the exam this time.".to_string(),
            format!("your results letter explains each part; you may sit it again once the retake opens. Your exam page: {exam_page}"),
        ),
        (Event::RequireMoreWork { re_review_after }, _) => (
            "The reviewers ask for more work before a decision.".to_string(),
            format!("add it to your portfolio (see the note below); you can submit again from {re_review_after}."),
        ),
        (Event::Endorse, _) if reinstating => {
            return (
                format!("Your {category} endorsement is reinstated"),
                format!("{association} reinstated your {category} endorsement."),
                "it is back in the public registry with its number and original endorsement date; your certificate is on your dashboard. Renew it each year to keep it.".to_string(),
            );
        }
        (Event::Endorse, _) => (
            format!("{association} endorsed you in {category}."),
            "your certificate and credential are on your dashboard, and you are listed in the public registry. Renew each year to keep your endorsement.".to_string(),
        ),
        (Event::Withdraw, _) => (
            "Your application is withdrawn.".to_string(),
            "nothing more is needed. You can start a new application from your dashboard.".to_string(),
        ),
        (_, next) => (
            format!("Your application is now: {}.", next.label()),
            "see its page for what comes next.".to_string(),
        ),
    };
    (subject, happened, what_next)
}

/// [`applicant_notice`] in Spanish, with the state's Spanish name (`next_name`, the pages'
/// `state-…` message). The decisions an association words itself (endorsed, more work) are
/// `MailKind`s and not here.
pub fn applicant_notice_es(
    event: Event,
    next_name: &str,
    category: &str,
    association: &str,
    reinstating: bool,
    exam_page: &str,
) -> (String, String, String) {
    let subject = format!("Su solicitud de {category}: {next_name}");
    let (happened, what_next) = match event {
        Event::Confirm => (
            format!("{association} confirmó su membresía y su cuota de inscripción."),
            "arme su portafolio y envíelo a revisión cuando su panel de progreso muestre todos los requisitos cumplidos.".to_string(),
        ),
        Event::ReturnIncomplete => (
            format!("{association} le devolvió su portafolio por estar incompleto."),
            "agregue lo que falta (vea la nota abajo) y vuelva a enviarlo.".to_string(),
        ),
        Event::StartReview => (
            "Su portafolio está completo y comenzó su revisión.".to_string(),
            format!("dos revisores/as lo leen; le escribiremos cuando {association} haya decidido."),
        ),
        Event::ApproveForExam => (
            "Los/las revisores/as le aprobaron para presentar el examen.".to_string(),
            format!("{association} programa su examen y le escribe con la fecha, el lugar y qué llevar. La página de su examen: {exam_page}"),
        ),
        Event::RetakeExam => (
            "Puede presentar el examen otra vez.".to_string(),
            format!("{association} programa su nuevo examen y le escribe con la fecha, el lugar y qué llevar. La página de su examen: {exam_page}"),
        ),
        Event::RecordExam { passed: true } => (
            "Aprobó el examen.".to_string(),
            format!("{association} registra su Endorsement® y le escribe cuando esté hecho."),
        ),
        Event::RecordExam { passed: false } => (
            "Esta vez no aprobó el examen.".to_string(),
            format!("su carta de resultados explica cada parte; puede presentarlo de nuevo cuando se abra la nueva oportunidad. La página de su examen: {exam_page}"),
        ),
        Event::Endorse if reinstating => {
            return (
                format!("Su credencial Endorsement® de {category} fue restablecida"),
                format!("{association} restableció su credencial Endorsement® de {category}."),
                "vuelve a estar en el registro público con su número y su fecha original de Endorsement®; su certificado está en Mi panel. Renuévela cada año para mantenerla.".to_string(),
            );
        }
        Event::Withdraw => (
            "Su solicitud fue retirada.".to_string(),
            "no necesita hacer nada más. Puede comenzar una nueva solicitud desde Mi panel.".to_string(),
        ),
        _ => (
            format!("Su solicitud ahora está: {next_name}."),
            "vea su página para saber qué sigue.".to_string(),
        ),
    };
    (subject, happened, what_next)
}

/// The mail a change sends: to the applicant when staff act, to the coordinators when the
/// applicant hands something in. Each says what happened and what comes next.
async fn notification(
    state: &AppState,
    application: &ApplicationRow,
    applicant: &PersonRow,
    association: &str,
    event: Event,
    next: AppStage,
    note: &str,
) -> Result<Option<NewMail>, WebError> {
    let link = format!(
        "{}/applications/{}",
        state.config().base_url,
        application.id
    );
    let now = Utc::now();
    let reinstating = application.reinstates.is_some();
    let to_coordinator = matches!(next, AppStage::Registered | AppStage::Submitted);
    if to_coordinator {
        let Some(coordinator) = coordinator_of(state.store(), application.association).await?
        else {
            return Ok(None);
        };
        let what_next = if next == AppStage::Registered {
            "record their membership and registration fee, then confirm."
        } else {
            "check that the portfolio is complete, start review, then assign two reviewers."
        };
        return Ok(Some(NewMail {
            recipient: coordinator.email,
            subject: format!(
                "{}: {} {}",
                association,
                applicant.name,
                next.label().to_lowercase()
            ),
            body: format!(
                "{} ({}) is now: {}.\nCategory: {}{}\n\nWhat is next: {what_next}\n\nOpen the application: {link}\n",
                applicant.name,
                applicant.email,
                next.label(),
                application.category,
                if reinstating {
                    " (a reinstatement)"
                } else {
                    ""
                },
            ),
            created_at: now,
        }));
    }
    // The decisions the association words itself; the other changes keep the fixed words.
    let worded = match event {
        Event::Endorse if !reinstating => Some((MailKind::Endorsed, None)),
        Event::RequireMoreWork { re_review_after } => {
            Some((MailKind::MoreWorkRequired, Some(re_review_after)))
        }
        _ => None,
    };
    if let Some((kind, submit_from)) = worded {
        let language = mail_language(state, application.association, applicant, kind).await?;
        let mut values = vec![
            ("name", applicant.name.clone()),
            ("association", association.to_string()),
            ("category", application.category.clone()),
            (
                "note",
                documents::note_paragraph(language, association, note),
            ),
            ("link", link),
        ];
        values.extend(submit_from.map(|d| ("submit_from", language.mail_date(d))));
        let (subject, body) = compose(
            state.store(),
            application.association,
            kind,
            language,
            &values,
        )
        .await?;
        return Ok(Some(NewMail {
            recipient: applicant.email.clone(),
            subject,
            body,
            created_at: now,
        }));
    }
    let language = reader_language(state, application.association, applicant).await?;
    let exam_page = format!("{link}/exam");
    let (subject, body) = match language {
        Language::English => {
            let (subject, happened, what_next) = applicant_notice(
                event,
                next,
                &application.category,
                association,
                reinstating,
                &exam_page,
            );
            let body = format!(
                "Hello {},\n\n{happened}\n\nWhat is next: {what_next}\n{}\nSee your application: {link}\n",
                applicant.name,
                documents::note_paragraph(language, association, note),
            );
            (subject, body)
        }
        Language::Spanish => {
            let tr = state.tr(language);
            let (subject, happened, what_next) = applicant_notice_es(
                event,
                &tr.tk("state", next.key()),
                &application.category,
                association,
                reinstating,
                &exam_page,
            );
            let body = format!(
                "Hola, {}:\n\n{happened}\n\nSiguiente paso: {what_next}\n{}\nVea su solicitud: {link}\n",
                applicant.name,
                documents::note_paragraph(language, association, note),
            );
            (subject, body)
        }
    };
    Ok(Some(NewMail {
        recipient: applicant.email.clone(),
        subject,
        body,
        created_at: now,
    }))
}

/// What the completeness check found.
#[derive(Debug, Clone)]
pub struct Completeness {
    pub complete: bool,
    pub missing: Vec<String>,
    pub eligibility: Option<crate::views::EligibilityView>,
}

/// Complete means every requirement of the application's edition is met on the submitted
/// portfolio and every fee is paid.
pub async fn completeness(
    state: &AppState,
    application: &ApplicationRow,
) -> Result<Completeness, WebError> {
    let store = state.store();
    let association = store.association(application.association).await?;
    let document = crate::portfolio::reviewed_document(state, application).await?;
    let mut missing = Vec::new();
    // Reused while the document (submitted copy or live portfolio) is unchanged.
    let eligibility = match crate::portfolio::cached_eligibility(
        state,
        application.person,
        &document,
        &association.slug,
        &application.category,
        application.rules_as_of(),
    ) {
        Ok(view) => {
            missing.extend(
                view.requirements
                    .iter()
                    .filter(|r| r.status == "unmet")
                    .map(|r| format!("{} ({})", r.label, r.progress)),
            );
            Some(view)
        }
        Err(problem) => {
            missing.push(format!("the portfolio cannot be checked: {problem}"));
            None
        }
    };
    missing.extend(super::transcripts::unverified(state, application, &document).await?);
    for invoice in store.invoices(application.id).await? {
        if !invoice.paid {
            missing.push(format!("the {} fee is not paid", invoice.kind.key()));
        }
    }
    Ok(Completeness {
        complete: missing.is_empty(),
        missing,
        eligibility,
    })
}

/// The exam rule of the application's category, in its edition of the rules.
pub(super) async fn exam_rule(
    state: &AppState,
    application: &ApplicationRow,
) -> Result<lattice_domain::profile::ExamRule, WebError> {
    let slug = state
        .store()
        .association(application.association)
        .await?
        .slug;
    super::category_rule(state, &slug, application)
        .and_then(|(_, rule)| rule.exam.clone())
        .ok_or_else(|| WebError::BadRequest("exam: this category has no exam".to_string()))
}

/// A failed part may be sat again only a year (by the profile) after the failed sitting.
pub async fn retake_allowed(
    state: &AppState,
    application: &ApplicationRow,
) -> Result<(), WebError> {
    let rule = exam_rule(state, application).await?;
    let sittings = state.store().sittings(application.id).await?;
    if let Some(failed) = sittings.iter().rev().find(|s| s.result == "failed") {
        let from = lattice_domain::exam::retake_from(&rule, failed.sat_on);
        if super::today() < from {
            return Err(WebError::BadRequest(format!(
                "event: the exam can be sat again from {from}"
            )));
        }
    }
    Ok(())
}
#[cfg(test)]
mod tests {
    use super::*;

    const EXAM: &str = "http://x/applications/7/exam";

    fn notice(event: Event, next: AppStage, reinstating: bool) -> (String, String, String) {
        applicant_notice(event, next, "IMHS", "NMAIMH", reinstating, EXAM)
    }

    /// In Spanish each change says the same things, with the state's Spanish name.
    #[test]
    fn each_mail_says_it_in_spanish_too() {
        let (subject, happened, what_next) = applicant_notice_es(
            Event::ApproveForExam,
            "Aprobada para el examen",
            "IMHS",
            "NMAIMH",
            false,
            EXAM,
        );
        assert_eq!(subject, "Su solicitud de IMHS: Aprobada para el examen");
        assert_eq!(
            happened,
            "Los/las revisores/as le aprobaron para presentar el examen."
        );
        assert_eq!(
            what_next,
            "NMAIMH programa su examen y le escribe con la fecha, el lugar y qué llevar. La página de su examen: http://x/applications/7/exam"
        );
        let reinstated = applicant_notice_es(
            Event::Endorse,
            "Endorsement® otorgado",
            "IMHS",
            "NMAIMH",
            true,
            EXAM,
        );
        assert_eq!(
            reinstated.0,
            "Su credencial Endorsement® de IMHS fue restablecida"
        );
        let other = applicant_notice_es(Event::Submit, "Enviada", "IMHS", "NMAIMH", false, EXAM);
        assert_eq!(other.1, "Su solicitud ahora está: Enviada.");
    }

    /// The words each change's mail says: what happened, then what is next; never the
    /// action's label as a note.
    #[test]
    fn each_mail_says_what_happened_and_what_is_next() {
        let cases = [
            (
                Event::ApproveForExam,
                AppStage::ApprovedForExam,
                "Your IMHS application: Approved for exam",
                "The reviewers approved you to sit the exam.",
                "NMAIMH schedules your sitting and writes to you with its date, place and what to bring. Your exam page: http://x/applications/7/exam",
            ),
            (
                Event::StartReview,
                AppStage::UnderReview,
                "Your IMHS application: Under review",
                "Your portfolio is complete and its review has started.",
                "two reviewers read it; we write to you when NMAIMH has decided.",
            ),
            (
                Event::Confirm,
                AppStage::Confirmed,
                "Your IMHS application: Building portfolio",
                "NMAIMH confirmed your membership and registration fee.",
                "build your portfolio and submit it for review once your progress panel shows every requirement met.",
            ),
            (
                Event::ReturnIncomplete,
                AppStage::Confirmed,
                "Your IMHS application: Building portfolio",
                "NMAIMH returned your portfolio as incomplete.",
                "add what is missing (see the note below) and submit it again.",
            ),
            (
                Event::Endorse,
                AppStage::Endorsed,
                "Your IMHS application: Endorsed",
                "NMAIMH endorsed you in IMHS.",
                "your certificate and credential are on your dashboard, and you are listed in the public registry. Renew each year to keep your endorsement.",
            ),
            (
                Event::RecordExam { passed: false },
                AppStage::ExamFailed,
                "Your IMHS application: Exam not passed",
                "You did not pass the exam this time.",
                "your results letter explains each part; you may sit it again once the retake opens. Your exam page: http://x/applications/7/exam",
            ),
        ];
        for (event, next, subject, happened, what_next) in cases {
            assert_eq!(
                notice(event, next, false),
                (subject.into(), happened.into(), what_next.into()),
                "{event:?}"
            );
        }
    }

    #[test]
    fn a_reinstatement_ends_reinstated_not_endorsed() {
        let (subject, happened, what_next) = notice(Event::Endorse, AppStage::Endorsed, true);
        assert_eq!(subject, "Your IMHS endorsement is reinstated");
        assert_eq!(happened, "NMAIMH reinstated your IMHS endorsement.");
        assert!(
            what_next.contains("original endorsement date"),
            "{what_next}"
        );
        assert!(!subject.contains("Endorsed") && !happened.contains("endorsed you"));
    }

    #[test]
    fn the_coordinator_is_told_to_assign_reviewers_after_starting_review() {
        let (text, link) = next_hint(
            Tr::default(),
            AppStage::UnderReview,
            true,
            false,
            false,
            7,
            None,
        )
        .expect("a hint");
        assert_eq!(text, "Next: assign two reviewers.");
        assert_eq!(
            link,
            Some((
                "/applications/7/review#reviewers".to_string(),
                "Assign reviewers".to_string()
            ))
        );
        let (text, _) = next_hint(
            Tr::default(),
            AppStage::UnderReview,
            true,
            false,
            true,
            7,
            None,
        )
        .expect("hint");
        assert_eq!(
            text,
            "Next: decide on the review page once both reviews are in."
        );
        let (_, link) = next_hint(
            Tr::default(),
            AppStage::ApprovedForExam,
            true,
            false,
            true,
            7,
            None,
        )
        .expect("hint");
        assert_eq!(
            link,
            Some((
                "/applications/7/exam".to_string(),
                "Open the exam page".to_string()
            ))
        );
    }
}
