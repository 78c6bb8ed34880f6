//! The dashboard of each role, and an association's staff area.

use axum::extract::{Path, State};
use axum::response::Html;
use lattice_domain::rights::{Action, Object, StaffRole};

use super::{association_id, audit_views, authorize, count_states, page, summarize};
use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::portfolio;
use crate::state::AppState;
use crate::views::{
    ChoiceView, CycleView, DashboardPage, Layout, MessageView, PersonView, StaffAreaSummary,
    StaffPage,
};

pub async fn dashboard(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    let store = state.store();
    let viewer = &user.viewer;

    // The applicant's own applications, each with the live requirement panel.
    let mut own = Vec::new();
    let applications = store.applications_of_person(user.person.id).await?;
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
        let mut summary = summarize(store, &application).await?;
        if !application.state.is_final() {
            let slug = store.association(application.association).await?.slug;
            match portfolio::eligibility(
                &state,
                &document,
                &slug,
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
                requirement.detail = words.clone();
            }
        }
        own.push(summary);
    }

    // Each association where the person is staff (admins: every association).
    let mut staff_areas = Vec::new();
    let associations = store.associations().await?;
    for association in associations {
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
        let applications = if role == "Reviewer" {
            store
                .applications_for_reviewer(viewer.person)
                .await?
                .into_iter()
                .filter(|a| a.association == association.id)
                .collect()
        } else {
            store.applications_of_association(association.id).await?
        };
        staff_areas.push(StaffAreaSummary {
            slug: association.slug,
            name: association.name,
            role: role.to_string(),
            open: applications.iter().filter(|a| !a.state.is_final()).count(),
            counts: count_states(&applications),
        });
    }

    let mut assigned = Vec::new();
    for application in store.applications_for_reviewer(viewer.person).await? {
        let reviewers = store.reviewers(application.id).await?;
        let object = Object::Application {
            owner: application.person,
            association: application.association,
            reviewers: &reviewers,
        };
        if lattice_domain::rights::may(viewer, Action::View, object) {
            assigned.push(summarize(store, &application).await?);
        }
    }

    page(&DashboardPage {
        layout: Layout::new("Dashboard", Some(&user)),
        name: user.person.name.clone(),
        admin: viewer.admin,
        own,
        staff_areas,
        assigned,
        endorsements: super::endorsements::own(&state, &user).await?,
        associations: super::transfers::destinations(store).await?,
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
}

pub async fn staff_area(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    axum::extract::Query(filter): axum::extract::Query<QueueFilter>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    let store = state.store();
    let association = association_id(store, &slug).await?;
    authorize(&user.viewer, Action::View, Object::StaffArea(association))?;
    let coordinator =
        lattice_domain::rights::may(&user.viewer, Action::Manage, Object::StaffArea(association));
    let row = store.association(association).await?;
    let all = store.applications_of_association(association).await?;
    let mut visible = Vec::new();
    for application in &all {
        let reviewers = store.reviewers(application.id).await?;
        let object = Object::Application {
            owner: application.person,
            association: application.association,
            reviewers: &reviewers,
        };
        if lattice_domain::rights::may(&user.viewer, Action::View, object) {
            visible.push(application.clone());
        }
    }
    let mut applications = Vec::with_capacity(visible.len());
    for application in &visible {
        let state_matches = filter.state.is_empty() || application.state.key() == filter.state;
        let category_matches =
            filter.category.is_empty() || application.category == filter.category;
        let cycle_matches = filter.cycle.is_empty()
            || application.cycle.map(|c| c.to_string()).as_deref() == Some(filter.cycle.as_str());
        if state_matches && category_matches && cycle_matches {
            applications.push(summarize(store, application).await?);
        }
    }
    let cycles = store
        .cycles(association)
        .await?
        .into_iter()
        .map(|c| CycleView {
            id: c.id.to_string(),
            applications: visible.iter().filter(|a| a.cycle == Some(c.id)).count(),
            name: c.name,
            submission_deadline: c.submission_deadline.to_string(),
            review_due: c.review_due.to_string(),
        })
        .collect();
    let reviewers = if coordinator {
        store
            .reviewers_of(association)
            .await?
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
    let state_filters = count_states(&visible)
        .into_iter()
        .zip(visible_state_keys(&visible))
        .map(|(count, key)| ChoiceView {
            key: key.to_string(),
            label: count.label,
        })
        .collect();
    let mut categories: Vec<String> = visible.iter().map(|a| a.category.clone()).collect();
    categories.sort();
    categories.dedup();
    let category_filters = categories
        .into_iter()
        .map(|c| ChoiceView {
            label: c.clone(),
            key: c,
        })
        .collect();
    let staff = store
        .staff_of(association)
        .await?
        .into_iter()
        .map(|(person, role)| PersonView {
            name: person.name,
            email: person.email,
            role: role.key().to_string(),
        })
        .collect();
    let mut messages = Vec::new();
    if coordinator {
        for message in store.messages_of_association(association, 20).await? {
            let applicant = store.person(message.person).await?.name;
            messages.push(MessageView {
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
            });
        }
    }
    let audit = if coordinator {
        audit_views(store, store.audit_of_association(association, 25).await?).await?
    } else {
        Vec::new()
    };
    page(&StaffPage {
        layout: Layout::new(format!("{} staff", row.name), Some(&user)),
        messages,
        name: row.name,
        slug: row.slug,
        coordinator,
        counts: count_states(&visible),
        applications,
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
        reviewer_as_scorer: store.reviewer_as_scorer(association).await?.key(),
        exam_windows: store
            .exam_windows(association)
            .await?
            .into_iter()
            .map(|w| format!("{} to {}, {}", w.opens, w.closes, w.place))
            .collect(),
        staff,
        audit,
        transfers: if coordinator {
            super::transfers::for_staff(store, association).await?
        } else {
            Vec::new()
        },
    })
}

/// The state keys present, in the order `count_states` lists them.
fn visible_state_keys(applications: &[lattice_store::ApplicationRow]) -> Vec<&'static str> {
    super::STATE_ORDER
        .iter()
        .copied()
        .filter(|key| applications.iter().any(|a| a.state.key() == *key))
        .collect()
}
