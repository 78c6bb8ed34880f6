//! Keeping an endorsement: the renewal page (the same engine as `lattice renewal`, all year),
//! handing in the year's renewal, the coordinator recording a late fee, and reinstating a
//! lapsed endorsement by a new review.

use axum::extract::{Path, State};
use axum::response::{Html, Redirect};
use chrono::{Datelike, NaiveDate, Utc};
use lattice_domain::application::State as AppStage;
use lattice_domain::category::Category;
use lattice_domain::documents::MailKind;
use lattice_domain::endorsement::{Status, good_through, renewal_year};
use lattice_domain::format::parse_portfolio;
use lattice_domain::profile::{Profile, keys};
use lattice_domain::reinstatement::{self, Need};
use lattice_domain::renewal::{Standing, renewal};
use lattice_domain::report::Status as ItemStatus;
use lattice_domain::rights::{Action, Object};
use lattice_store::{
    ApplicationRow, EndorsementRow, NewApplication, NewAudit, NewMail, NewRenewal, SharedStore,
    StoreError,
};

use super::mail_templates::{compose, mail_language};
use super::{
    association_id, authorize, by_number, coordinator_of, current_application, page, today,
};
use crate::auth::{CsrfForm, CurrentUser};
use crate::error::WebError;
use crate::forms::Posted;
use crate::i18n::Tr;
use crate::portfolio;
use crate::state::AppState;
use crate::views::{
    Layout, ReinstatePage, RenewalBlock, RenewalItemView, RenewalPage, SourceView, TermView,
};

/// What the renewal deadline, grace period, late fee, lapse and reinstatement mean for the
/// renewal year `year`, in the figures of the association's profile, in the page's language.
fn terms(profile: &Profile, category: &str, year: i32, tr: Tr) -> Vec<TermView> {
    let rule = &profile.renewal;
    let (Some(deadline), Some(through)) = (
        rule.deadline.in_renewal_year(year),
        good_through(rule, year),
    ) else {
        return Vec::new();
    };
    // Each term says where it comes from, beside it.
    let term = |text: String, key: &str| TermView {
        text,
        source: profile.source(None, key).map(|s| SourceView::of(s)),
    };
    let lapse_day = through + chrono::Duration::days(1);
    let mut terms = vec![term(
        tr.t2(
            "renewal-term-deadline",
            "year",
            year.to_string(),
            "deadline",
            deadline,
        ),
        keys::RENEWAL_DEADLINE,
    )];
    terms.push(if through > deadline {
        term(
            tr.t2("renewal-term-grace", "through", through, "lapse", lapse_day),
            // The later of the two ends good standing, and its source is the one cited.
            if rule
                .removal_after
                .and_then(|r| r.in_renewal_year(year))
                .is_some_and(|r| r == through)
            {
                keys::RENEWAL_REMOVAL
            } else {
                keys::RENEWAL_GRACE
            },
        )
    } else {
        // The deadline's document, without its setting: that is said once, beside the date.
        TermView {
            text: tr.t("renewal-term-no-grace"),
            source: profile
                .source(None, keys::RENEWAL_DEADLINE)
                .map(|s| SourceView::of(s))
                .filter(|s| s.citation.is_some())
                .map(|s| SourceView { setting: None, ..s }),
        }
    });
    terms.push(match rule.late_fee_usd {
        Some(fee) => term(
            tr.t2("renewal-term-late-fee", "deadline", deadline, "fee", fee),
            keys::RENEWAL_LATE_FEE,
        ),
        None => TermView {
            text: tr.t("renewal-term-no-late-fee"),
            source: None,
        },
    });
    terms.push(term(
        tr.t1("renewal-term-lapse", "through", through),
        keys::RENEWAL_LAPSE,
    ));
    let category = category.parse::<Category>().ok();
    if let Some(needs) = category.and_then(|c| reinstatement::needs(profile, c, lapse_day)) {
        // Each need inside the sentence: its label as a phrase within it, its detail without
        // the closing stop.
        let listed: Vec<String> = needs
            .iter()
            .map(|n| {
                tr.t2(
                    "renewal-term-need",
                    "label",
                    lowercase_first(&tr.phrase(&n.label_said)),
                    "detail",
                    tr.phrase(&n.detail_said).trim_end_matches('.'),
                )
            })
            .collect();
        terms.push(term(
            tr.t1("renewal-term-reinstatement", "needs", listed.join("; ")),
            keys::RENEWAL_REINSTATEMENT,
        ));
    }
    terms
}

/// The text with its first letter lower-case: a label ("Updated membership") inside a sentence.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What the renewal page shows for one association.
async fn block(
    state: &AppState,
    user: &CurrentUser,
    held: &[EndorsementRow],
    document: &serde_json::Value,
    tr: Tr,
) -> Result<RenewalBlock, WebError> {
    let first = &held[0];
    let profile = state
        .catalog()
        .profile(&first.association_slug, today())
        .map_err(|e| WebError::Internal(format!("profile: {e}")))?;
    let active: Vec<&EndorsementRow> = held.iter().filter(|e| e.status == Status::Active).collect();
    let year = active
        .iter()
        .map(|e| renewal_year(&profile.renewal, e.valid_through))
        .min()
        .unwrap_or(today().year());
    let renewals: Vec<lattice_store::RenewalRow> = state
        .store()
        .renewals_of_person(user.person.id)
        .await?
        .into_iter()
        .filter(|r| r.association == first.association)
        .collect();
    let describe = |r: &lattice_store::RenewalRow| {
        if r.paid_at.is_some() {
            tr.t2(
                "renewal-renewed",
                "year",
                r.year.to_string(),
                "date",
                r.valid_through,
            )
        } else {
            tr.t2(
                "renewal-awaiting-fee",
                "year",
                r.year.to_string(),
                "fee",
                r.fee_usd,
            )
        }
    };
    let last_renewal = renewals.iter().max_by_key(|r| r.year).map(describe);
    let renewed = renewals.iter().find(|r| r.year == year).map(describe);
    let mut items = Vec::new();
    let mut standing = String::new();
    let mut compliant = false;
    let mut problem = None;
    let mut deadline = String::new();
    let mut fee = None;
    match parse_portfolio(&document.to_string()) {
        Ok(portfolio) => match renewal(&portfolio, profile, year, today()) {
            Ok(report) => {
                compliant = report.compliant;
                deadline = tr.date(report.deadline);
                standing = match (report.standing, report.late_fee_usd) {
                    (Standing::Compliant, _) => tr.t("renewal-standing-compliant"),
                    (Standing::FirstYear, _) => tr.t("renewal-standing-first-year"),
                    (Standing::Due, _) => {
                        tr.t1("renewal-standing-due", "deadline", report.deadline)
                    }
                    (Standing::Overdue, Some(fee)) => tr.t2(
                        "renewal-standing-overdue-fee",
                        "deadline",
                        report.deadline,
                        "fee",
                        fee,
                    ),
                    (Standing::Overdue, None) => {
                        tr.t1("renewal-standing-overdue", "deadline", report.deadline)
                    }
                    (Standing::Lapsed, _) => tr.t("renewal-standing-lapsed"),
                };
                if today() > report.deadline {
                    fee = report.late_fee_usd;
                }
                items = report
                    .requirements
                    .iter()
                    .map(|i| RenewalItemView {
                        id: i.id,
                        required: i.required,
                        status: match i.status {
                            ItemStatus::Met => "met",
                            ItemStatus::Unmet => "unmet",
                            ItemStatus::Pending => "pending",
                            ItemStatus::NotApplicable => "na",
                        },
                        detail: tr.phrase(&i.said),
                        source: profile.renewal_source(i.id).map(|s| SourceView::of(s)),
                    })
                    .collect();
            }
            Err(e) => problem = Some(e.to_string()),
        },
        Err(e) => problem = Some(e.to_string()),
    }
    let terms = terms(profile, &first.category, year, tr);
    Ok(RenewalBlock {
        terms,
        association: first.association_name.clone(),
        slug: first.association_slug.clone(),
        year,
        deadline,
        standing,
        compliant,
        fee,
        renewed,
        last_renewal,
        problem,
        items,
        endorsements: held
            .iter()
            .map(|e| {
                (
                    e.credential_number.clone(),
                    format!("{} ({})", e.title_line, e.category),
                    tr.t2(
                        "renewal-good-through",
                        "status",
                        tr.t1("verify-status-label", "status", e.status.key()),
                        "date",
                        e.valid_through,
                    ),
                    e.status == Status::Lapsed,
                )
            })
            .collect(),
    })
}

pub async fn renewal_page(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    let store = state.store();
    let tr = state.tr(user.language);
    let mine = store.endorsements_of_person(user.person.id).await?;
    let document = portfolio::document(store, &user.person).await?;
    let mut blocks = Vec::new();
    let mut associations: Vec<lattice_domain::ids::AssociationId> = Vec::new();
    for row in &mine {
        if !associations.contains(&row.association) {
            associations.push(row.association);
        }
    }
    for association in associations {
        let held: Vec<EndorsementRow> = mine
            .iter()
            .filter(|e| e.association == association && e.status != Status::Revoked)
            .cloned()
            .collect();
        if !held.is_empty() {
            blocks.push(block(&state, &user, &held, &document, tr).await?);
        }
    }
    page(&RenewalPage {
        layout: Layout::new(tr.t("renewal-title"), Some(&user)).in_language(tr),
        blocks,
    })
}

/// Hands in the year's renewal: refused until the engine finds every requirement met.
pub async fn submit(
    State(state): State<AppState>,
    Path((slug, year)): Path<(String, String)>,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<Posted>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let association = association_id(store, &slug).await?;
    let year: i32 = year.parse().map_err(|_| WebError::NotFound)?;
    let held: Vec<EndorsementRow> = store
        .endorsements_of_person(user.person.id)
        .await?
        .into_iter()
        .filter(|e| e.association == association && e.status == Status::Active)
        .collect();
    if held.is_empty() {
        return Err(WebError::NotFound);
    }
    let profile = state
        .catalog()
        .profile(&slug, today())
        .map_err(|e| WebError::Internal(format!("profile: {e}")))?;
    let document = portfolio::document(store, &user.person).await?;
    let portfolio = parse_portfolio(&document.to_string())
        .map_err(|e| WebError::BadRequest(format!("portfolio: {e}")))?;
    let report = renewal(&portfolio, profile, year, today())
        .map_err(|e| WebError::BadRequest(format!("year: {e}")))?;
    if !report.compliant {
        let missing: Vec<String> = report
            .requirements
            .iter()
            .filter(|i| i.required && i.status == ItemStatus::Unmet)
            .map(|i| i.detail.clone())
            .collect();
        return Err(WebError::BadRequest(format!(
            "renewal: not everything is in yet: {}",
            missing.join(" ")
        )));
    }
    let fee = if today() > report.deadline {
        i64::from(report.late_fee_usd.unwrap_or(0))
    } else {
        0
    };
    let valid_through = good_through(&profile.renewal, year + 1)
        .ok_or_else(|| WebError::Internal(format!("no renewal deadline for {}", year + 1)))?;
    let now = Utc::now();
    let kind = if fee == 0 {
        MailKind::RenewalReceived
    } else {
        MailKind::LateRenewalReceived
    };
    let language = mail_language(&state, association, &user.person, kind).await?;
    let mut values = vec![
        ("name", user.person.name.clone()),
        ("association", held[0].association_name.clone()),
        ("year", year.to_string()),
        ("valid_through", language.mail_date(valid_through)),
    ];
    if fee > 0 {
        values.extend([
            ("deadline", language.mail_date(report.deadline)),
            ("fee", fee.to_string()),
            (
                "how_to_pay",
                state.payments().instructions(language).to_string(),
            ),
        ]);
    }
    let (subject, body) = compose(store, association, kind, language, &values).await?;
    let mut mails = vec![NewMail {
        recipient: user.person.email.clone(),
        subject,
        body,
        created_at: now,
    }];
    if fee > 0
        && let Some(coordinator) = coordinator_of(store, association).await?
    {
        mails.push(NewMail {
            recipient: coordinator.email,
            subject: format!("{}: late renewal to record", user.person.name),
            body: format!(
                "{} renewed for {year} after the deadline; record the ${fee} late fee when it is paid: {}/staff/{slug}#renewals\n",
                user.person.name,
                state.config().base_url
            ),
            created_at: now,
        });
    }
    store
        .submit_renewal(&NewRenewal {
            person: user.person.id,
            association,
            year,
            fee_usd: fee,
            valid_through,
            at: now,
            mails,
        })
        .await
        .map_err(|e| match e {
            StoreError::Conflict(why) => WebError::BadRequest(format!("renewal: {why}")),
            other => other.into(),
        })?;
    state.registry().invalidate().await;
    Ok(Redirect::to("/renewal"))
}

/// The coordinator records a renewal's late fee paid; the endorsements are extended with it.
pub async fn mark_paid(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<Posted>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let association = association_id(store, &slug).await?;
    authorize(&user.viewer, Action::Manage, Object::StaffArea(association))?;
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    if !store
        .renewals_of_association(association)
        .await?
        .iter()
        .any(|r| r.id == id && r.paid_at.is_none())
    {
        return Err(WebError::NotFound);
    }
    let row = store
        .mark_renewal_paid(id, user.person.id, Utc::now())
        .await?;
    let person = store.person(row.person).await?;
    let kind = MailKind::RenewalComplete;
    let language = mail_language(&state, association, &person, kind).await?;
    let (subject, body) = compose(
        store,
        association,
        kind,
        language,
        &[
            ("name", person.name),
            ("association", store.association(association).await?.name),
            ("year", row.year.to_string()),
            ("valid_through", language.mail_date(row.valid_through)),
        ],
    )
    .await?;
    store
        .enqueue_mail(&NewMail {
            recipient: person.email,
            subject,
            body,
            created_at: Utc::now(),
        })
        .await?;
    Ok(Redirect::to(&format!("/staff/{slug}#renewals")))
}

/// The day a reinstatement's endorsement lapsed, while it is still lapsed: from then on only
/// new ratings count (see `lattice_domain::reinstatement`). `None` for other applications and
/// once the endorsement is reinstated.
pub async fn lapsed_on(
    store: &SharedStore,
    application: &ApplicationRow,
) -> Result<Option<NaiveDate>, WebError> {
    let Some(id) = application.reinstates else {
        return Ok(None);
    };
    let row = store.endorsement(id).await?;
    Ok((row.status == Status::Lapsed).then_some(row.status_since))
}

/// The day the endorsement was last reinstated: when the application that revived it was
/// decided. `None` for an endorsement never reinstated.
pub async fn reinstated_on(
    store: &SharedStore,
    row: &EndorsementRow,
) -> Result<Option<NaiveDate>, WebError> {
    Ok(store
        .applications_of_person(row.person)
        .await?
        .iter()
        .filter(|a| a.reinstates == Some(row.id) && a.state == AppStage::Endorsed)
        .filter_map(|a| a.decided_at.map(|t| t.date_naive()))
        .max())
}

/// The lapsed endorsement the signed-in person asks to reinstate, with its profile's needs.
async fn reinstatable(
    state: &AppState,
    user: &CurrentUser,
    number: &str,
) -> Result<(EndorsementRow, Vec<Need>), WebError> {
    let row = by_number(state, number).await?;
    if row.person != user.person.id {
        return Err(WebError::NotFound);
    }
    if row.status != Status::Lapsed {
        return Err(WebError::BadRequest(
            "endorsement: only a lapsed endorsement is reinstated".to_string(),
        ));
    }
    let profile = state
        .catalog()
        .profile(&row.association_slug, today())
        .map_err(|e| WebError::Internal(format!("profile: {e}")))?;
    let category: Category = row
        .category
        .parse()
        .map_err(|e: String| WebError::Internal(format!("category: {e}")))?;
    let needs = reinstatement::needs(profile, category, row.status_since).ok_or_else(|| {
        WebError::BadRequest(format!(
            "endorsement: {} no longer offers {}; ask your coordinator",
            row.association_name, row.category
        ))
    })?;
    Ok((row, needs))
}

/// `GET /credentials/{number}/reinstate`: what reinstating asks, before anything is created.
pub async fn reinstate_page(
    State(state): State<AppState>,
    Path(number): Path<String>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    let (row, needs) = reinstatable(&state, &user, &number).await?;
    let open = current_application(state.store(), user.person.id).await?;
    let tr = state.tr(user.language);
    page(&ReinstatePage {
        layout: Layout::new(tr.t("reinstate-title"), Some(&user)).in_language(tr),
        number: row.credential_number.clone(),
        title: format!("{} ({})", row.title_line, row.category),
        association: row.association_name.clone(),
        endorsed_on: tr.date(row.endorsed_on),
        lapsed_on: tr.date(row.status_since),
        needs: needs
            .iter()
            .map(|n| (n.id, tr.phrase(&n.label_said), tr.phrase(&n.detail_said)))
            .collect(),
        open_application: open.map(|a| a.id.0),
    })
}

/// A lapsed endorsee confirms reinstatement: a new application in the same category that,
/// once endorsed, revives the same credential with its original endorsement date. The
/// endorsee and the coordinator are told what is needed and what comes next.
pub async fn reinstate(
    State(state): State<AppState>,
    Path(number): Path<String>,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<Posted>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let (row, needs) = reinstatable(&state, &user, &number).await?;
    if current_application(store, user.person.id).await?.is_some() {
        return Err(WebError::BadRequest(
            "endorsement: finish or withdraw your open application first".to_string(),
        ));
    }
    let now = Utc::now();
    let base = &state.config().base_url;
    // The endorsee's mail, needs and dates included, in their language.
    let language = mail_language(
        &state,
        row.association,
        &user.person,
        MailKind::ReinstatementStarted,
    )
    .await?;
    let tr = state.tr(language);
    let listed: Vec<String> = needs
        .iter()
        .map(|n| {
            format!(
                "- {}: {}",
                tr.phrase(&n.label_said),
                tr.phrase(&n.detail_said)
            )
        })
        .collect();
    let (subject, body) = compose(
        store,
        row.association,
        MailKind::ReinstatementStarted,
        language,
        &[
            ("name", user.person.name.clone()),
            ("association", row.association_name.clone()),
            ("category", row.category.clone()),
            ("title", row.title_line.clone()),
            ("credential_number", row.credential_number.clone()),
            ("lapsed_on", language.mail_date(row.status_since)),
            ("endorsed_on", language.mail_date(row.endorsed_on)),
            ("needs", listed.join("\n")),
            ("link", format!("{base}/dashboard")),
        ],
    )
    .await?;
    let mut mails = vec![NewMail {
        recipient: user.person.email.clone(),
        subject,
        body,
        created_at: now,
    }];
    if let Some(coordinator) = coordinator_of(store, row.association).await? {
        mails.push(NewMail {
            recipient: coordinator.email,
            subject: format!(
                "{}: {} started a reinstatement",
                row.association_name, user.person.name
            ),
            body: format!(
                "{} ({}) started reinstating {} ({}), which lapsed on {}.\n\nNext: when the application is sent to you, record their updated membership and confirm it; at submission the processing fee is invoiced again. Only ratings completed on or after {} count.\n\nThe queue marks it as a reinstatement: {base}/staff/{}\n",
                user.person.name,
                user.person.email,
                row.credential_number,
                row.category,
                row.status_since,
                row.status_since,
                row.association_slug,
            ),
            created_at: now,
        });
    }
    let application = store
        .register_application(
            &NewApplication {
                person: user.person.id,
                association: row.association,
                category: row.category.clone(),
                intended_submission: None,
                created_at: now,
            },
            &format!("reinstatement of {}", row.credential_number),
            &lattice_store::Effects {
                mails,
                ..lattice_store::Effects::default()
            },
        )
        .await?;
    store.set_reinstates(application, row.id).await?;
    store
        .record_audit(&NewAudit {
            at: now,
            actor: Some(user.person.id),
            association: Some(row.association),
            subject: format!("application:{application}"),
            action: "reinstatement".to_string(),
            reason: row.credential_number.clone(),
        })
        .await?;
    Ok(Redirect::to(&format!("/applications/{application}")))
}
