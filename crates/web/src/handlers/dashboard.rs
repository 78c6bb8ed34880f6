//! The dashboard of each role, and an association's staff area.

use axum::extract::{Path, State};
use axum::response::Html;
use lattice_domain::ids::ApplicationId;
use lattice_domain::rights::{Action, Object, StaffRole};
use lattice_store::{QueueQuery, QueueRow, QueueTotals, StoreError};

use super::{audit_lines, audit_people, authorize, counts_of_states, page, summary_line};
use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::portfolio;
use crate::state::AppState;
use crate::views::{
    ChoiceView, CycleView, DashboardPage, Layout, MessageView, PersonView, StaffAreaSummary,
    StaffPage,
};

/// Where the reviewer's list of assignments starts.
#[derive(Debug, Default, serde::Deserialize)]
pub struct DashboardQuery {
    /// The id of the previous page's last application: the page goes on with older ones.
    #[serde(default)]
    before: String,
}

/// Assignments per page of the reviewer's dashboard.
const ASSIGNMENTS_PAGE: i64 = 50;

/// How many applications are not yet final, from counts by state key.
fn open_of(states: &[(String, i64)]) -> usize {
    states
        .iter()
        // "more-work-required" has no state without its date, and is not final either.
        .filter(|(key, _)| {
            !lattice_domain::application::State::from_parts(key, None).is_some_and(|s| s.is_final())
        })
        .map(|(_, n)| *n as usize)
        .sum()
}

pub async fn dashboard(
    State(state): State<AppState>,
    axum::extract::Query(query): axum::extract::Query<DashboardQuery>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    let store = state.store();
    let viewer = &user.viewer;

    // Read once for the applications' associations, the staff areas, the endorsements and
    // where an endorsement can move to.
    let associations = store.associations().await?;

    // The applicant's own applications, each with the live requirement panel.
    let mut own = Vec::new();
    let applications = if user.has_applications {
        store.applications_of_person(user.person.id).await?
    } else {
        Vec::new()
    };
    // Staff dashboards have no applications of their own: skip reading a portfolio then.
    let document = if applications.is_empty() {
        serde_json::Value::Null
    } else {
        portfolio::document(store, &user.person).await?
    };
    for application in applications {
        authorize(
            viewer,
            Action::View,
            Object::Application {
                owner: application.person,
                association: application.association,
                reviewers: &[],
            },
        )?;
        // The applicant is the signed-in person, whose name is at hand; the association gives
        // its name and its rules.
        let association = associations
            .iter()
            .find(|a| a.id == application.association)
            .ok_or(StoreError::NotFound)?;
        let mut summary = summary_line(&application, &association.name, user.person.name.clone());
        if !application.state.is_final() {
            // The panel is reused while the document is unchanged (crate::report_cache).
            match crate::portfolio::cached_eligibility(
                &state,
                user.person.id,
                &document,
                &association.slug,
                &application.category,
                application.rules_as_of(),
            ) {
                Ok(view) => summary.eligibility = Some(view),
                Err(problem) => summary.problem = Some(problem),
            }
        }
        // Past review the exam is no longer a "later stage": say where it stands, from the
        // sittings (scheduled for a date, awaiting results, passed or not).
        if let (Some(stage), Some(eligibility)) = (
            super::exam::stage_of(&state, &application).await?,
            summary.eligibility.as_mut(),
        ) {
            let (label, words) = stage.words();
            for requirement in eligibility
                .requirements
                .iter_mut()
                .filter(|r| r.label == lattice_domain::report::RequirementId::Exam.label())
            {
                requirement.status = match stage {
                    lattice_domain::exam::ExamStage::Passed(_) => "met",
                    lattice_domain::exam::ExamStage::NotPassed { .. } => "unmet",
                    _ => "pending",
                };
                requirement.status_text = label;
                requirement.status_own = true;
                requirement.own_status_key = stage.key();
                requirement.detail = words.clone();
                requirement.detail_phrases = vec![stage.phrase()];
            }
        }
        own.push(summary);
    }

    // Each association where the person is staff (admins: every association), with its
    // counts by state from the database's tallies (a reviewer: of their assignments there),
    // never by reading the applications.
    let mut staff_areas = Vec::new();
    // Where an endorsement can move to: the same list, not read again.
    let destinations = super::transfers::destinations(&associations);
    for association in &associations {
        let role = if viewer.holds(association.id, StaffRole::Coordinator) {
            "Coordinator"
        } else if viewer.holds(association.id, StaffRole::Reviewer) {
            "Reviewer"
        } else if viewer.admin {
            "Alliance admin"
        } else {
            continue;
        };
        authorize(viewer, Action::View, Object::StaffArea(association.id))?;
        let whose = (role == "Reviewer").then_some(viewer.person);
        let totals = store.queue_totals(association.id, whose).await?;
        staff_areas.push(StaffAreaSummary {
            slug: association.slug.clone(),
            name: association.name.clone(),
            role: role.to_string(),
            open: open_of(&totals.states),
            counts: counts_of_states(&totals.states)
                .into_iter()
                .map(|(_, count)| count)
                .collect(),
        });
    }

    // A page of the reviewer's assignments, newest application first, with a link to the next.
    let before = query.before.parse().ok().map(ApplicationId);
    let assignments_notice = (!query.before.is_empty() && before.is_none()).then(|| {
        "That link to a later page of your assignments was broken, so this is the first page."
            .to_string()
    });
    // Someone who is no association's staff has nothing to review: no statement for them.
    let mut lines = if viewer.admin || !viewer.staff.is_empty() {
        store
            .assignments_page(viewer.person, before, ASSIGNMENTS_PAGE + 1)
            .await?
    } else {
        Vec::new()
    };
    // One line more than a page was asked for, to know whether a next page exists.
    let next_assignments = if lines.len() as i64 > ASSIGNMENTS_PAGE {
        lines.truncate(ASSIGNMENTS_PAGE as usize);
        lines
            .last()
            .map(|last| format!("/dashboard?before={}#assigned", last.application.id))
    } else {
        None
    };
    let assigned = lines
        .into_iter()
        .filter(|line| may_see(viewer, line))
        .map(|line| summary_line(&line.application, &line.association, line.applicant))
        .collect();

    let tr = state.tr(user.language);
    // An applicant or endorsee of one association sees its brand (`Layout::new`).
    let layout = Layout::new(tr.t("dashboard-title"), Some(&user)).in_language(tr);
    page(&DashboardPage {
        layout,
        name: user.person.name.clone(),
        admin: viewer.admin,
        own,
        staff_areas,
        assigned,
        next_assignments,
        first_assignments: before.map(|_| "/dashboard#assigned".to_string()),
        assignments_notice,
        assignments_page_size: ASSIGNMENTS_PAGE,
        endorsements: super::endorsements::own(&state, &user, &associations).await?,
        associations: destinations,
    })
}

/// The queue's filters; unknown values simply match nothing.
#[derive(Debug, Default, serde::Deserialize)]
pub struct QueueFilter {
    #[serde(default)]
    state: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    cycle: String,
    /// Where the page starts: `{last change as a Unix time}-{id}` of the previous page's last
    /// line.
    #[serde(default)]
    after: String,
}

/// Lines per page of the queue.
const QUEUE_PAGE: i64 = 50;

/// The position an `after` parameter names, or None when it is not one.
fn queue_position(text: &str) -> Option<(chrono::DateTime<chrono::Utc>, ApplicationId)> {
    let (at, id) = text.split_once('-')?;
    let at = chrono::DateTime::from_timestamp(at.parse().ok()?, 0)?;
    Some((at, ApplicationId(id.parse().ok()?)))
}

/// The link to the queue's page after the line at (last change, id), or to its first page,
/// keeping the filters.
fn page_link(slug: &str, filter: &QueueFilter, after: Option<(i64, i64)>) -> String {
    let mut pairs: Vec<(&str, String)> = [
        ("state", &filter.state),
        ("category", &filter.category),
        ("cycle", &filter.cycle),
    ]
    .into_iter()
    .filter(|(_, value)| !value.is_empty())
    .map(|(key, value)| (key, value.clone()))
    .collect();
    if let Some((updated_at, id)) = after {
        pairs.push(("after", format!("{updated_at}-{id}")));
    }
    let query = serde_urlencoded::to_string(pairs).unwrap_or_default();
    format!("/staff/{slug}?{query}#queue")
}

pub async fn staff_area(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    axum::extract::Query(filter): axum::extract::Query<QueueFilter>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    let store = state.store();
    // Every association in one statement: this one found by its slug (with its settings), the
    // others named in the transfers below. Each read of them was a round trip of its own.
    let associations = store.associations().await?;
    let row = associations
        .iter()
        .find(|a| a.slug == slug)
        .cloned()
        .ok_or(WebError::NotFound)?;
    let association = row.id;
    authorize(&user.viewer, Action::View, Object::StaffArea(association))?;
    let coordinator =
        lattice_domain::rights::may(&user.viewer, Action::Manage, Object::StaffArea(association));
    // The coordinator sees the association's whole queue, a reviewer only their assignments,
    // other staff none; the page and its totals are read with those bounds in the database,
    // so the page costs the same however long the queue is.
    let whose = if coordinator {
        Some(None)
    } else if user.viewer.holds(association, StaffRole::Reviewer) {
        Some(Some(user.viewer.person))
    } else {
        None
    };
    // A mangled page link (hand-edited, cut short by a mail client) shows the first page
    // with a sentence saying so, rather than an error page with no queue on it.
    let after = queue_position(&filter.after);
    let queue_notice = (!filter.after.is_empty() && after.is_none()).then(|| {
        "That link to a later page of the queue was broken, so this is the first page.".to_string()
    });
    let (lines, totals) = match whose {
        Some(reviewer) => {
            let query = QueueQuery {
                reviewer,
                state: Some(filter.state.clone()).filter(|s| !s.is_empty()),
                category: Some(filter.category.clone()).filter(|c| !c.is_empty()),
                // Unknown values match nothing, as a filter that finds no line.
                cycle: match filter.cycle.as_str() {
                    "" => None,
                    cycle => Some(cycle.parse().unwrap_or(-1)),
                },
                after,
                limit: QUEUE_PAGE + 1,
            };
            (
                store.queue_page(association, &query).await?,
                store.queue_totals(association, reviewer).await?,
            )
        }
        None => (Vec::new(), QueueTotals::default()),
    };
    let mut lines: Vec<QueueRow> = lines
        .into_iter()
        .filter(|line| may_see(&user.viewer, line))
        .collect();
    // One line more than a page was asked for, to know whether a next page exists.
    let next_page = if lines.len() as i64 > QUEUE_PAGE {
        lines.truncate(QUEUE_PAGE as usize);
        lines.last().map(|last| {
            page_link(
                &slug,
                &filter,
                Some((
                    last.application.updated_at.timestamp(),
                    last.application.id.0,
                )),
            )
        })
    } else {
        None
    };
    let applications = lines
        .into_iter()
        .map(|line| summary_line(&line.application, &line.association, line.applicant))
        .collect();
    let calendar = store.calendar(association).await?;
    let cycles = calendar
        .cycles
        .into_iter()
        .map(|c| CycleView {
            id: c.id.to_string(),
            applications: totals
                .cycles
                .iter()
                .find(|(id, _)| *id == c.id)
                .map_or(0, |(_, n)| *n as usize),
            name: c.name,
            submission_deadline: c.submission_deadline.to_string(),
            review_due: c.review_due.to_string(),
        })
        .collect();
    let staff_list = store.staff_and_reviewers(association).await?;
    let reviewers = if coordinator {
        staff_list
            .reviewers
            .into_iter()
            .map(|r| {
                (
                    r.person.0,
                    r.name,
                    r.employer,
                    r.endorsed.join(", "),
                    r.open_reviews,
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let counts = counts_of_states(&totals.states);
    let state_filters = counts
        .iter()
        .map(|(key, count)| ChoiceView {
            key: key.to_string(),
            label: count.label.clone(),
        })
        .collect();
    let categories = totals.categories;
    let category_filters = categories
        .into_iter()
        .map(|c| ChoiceView {
            label: c.clone(),
            key: c,
        })
        .collect();
    let staff = staff_list
        .staff
        .into_iter()
        .map(|(person, role)| PersonView {
            name: person.name,
            email: person.email,
            role: role.key().to_string(),
        })
        .collect();
    let (recent, history) = if coordinator {
        (
            store.messages_of_association(association, 20).await?,
            store.audit_of_association(association, 25).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    // The people the messages and the history lines name, read in one statement for both.
    let ids: Vec<_> = recent
        .iter()
        .map(|m| m.person)
        .chain(audit_people(&history))
        .collect();
    let names = store.names_of(&ids).await?;
    let messages: Vec<MessageView> = recent
        .into_iter()
        .map(|message| {
            let applicant = names.get(&message.person).cloned().unwrap_or_default();
            MessageView {
                from: match &message.author {
                    Some((_, coordinator)) => format!("{coordinator}, answering {applicant}"),
                    None => applicant,
                },
                kind: if message.author.is_some() {
                    "Answer"
                } else {
                    super::messages::kind_label(&message.kind)
                },
                section: message.section.replace('-', " "),
                at: message.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                body: message.body,
                link: message
                    .application
                    .map(|a| format!("/applications/{a}#messages")),
            }
        })
        .collect();
    let audit = audit_lines(history, &names, &crate::i18n::Tr::default());
    let mut layout = Layout::new(format!("{} staff", row.name), Some(&user));
    layout.brand = super::settings::brand(&state, association).await?;
    page(&StaffPage {
        layout,
        messages,
        name: row.name,
        slug: row.slug,
        coordinator,
        counts: counts.into_iter().map(|(_, count)| count).collect(),
        applications,
        next_page,
        first_page: after.map(|_| page_link(&slug, &filter, None)),
        queue_notice,
        page_size: QUEUE_PAGE,
        state_filters,
        category_filters,
        filter_state: filter.state,
        filter_category: filter.category,
        filter_cycle: filter.cycle,
        cycles,
        reviewers,
        renewals: if coordinator {
            store
                .renewals_of_association(association)
                .await?
                .into_iter()
                .filter(|r| r.paid_at.is_none())
                .map(|r| {
                    (
                        r.id,
                        r.person_name,
                        r.year,
                        r.fee_usd,
                        r.submitted_at.date_naive().to_string(),
                    )
                })
                .collect()
        } else {
            Vec::new()
        },
        reviewer_as_scorer: row.reviewer_as_scorer.key(),
        exam_windows: calendar
            .exam_windows
            .into_iter()
            .map(|w| format!("{} to {}, {}", w.opens, w.closes, w.place))
            .collect(),
        staff,
        audit,
        transfers: if coordinator {
            super::transfers::for_staff(store, association, &associations).await?
        } else {
            Vec::new()
        },
    })
}

/// Whether the viewer may see this queue line (an assigned reviewer, staff of its association).
fn may_see(viewer: &lattice_domain::rights::Viewer, line: &QueueRow) -> bool {
    let object = Object::Application {
        owner: line.application.person,
        association: line.application.association,
        reviewers: &line.reviewers,
    };
    lattice_domain::rights::may(viewer, Action::View, object)
}
