//! The dashboard of each role, and an association's staff area.

use axum::extract::{Path, State};
use axum::response::Html;
use lattice_domain::rights::{Action, Object, StaffRole};

use super::{association_id, audit_views, authorize, count_states, page, summarize, today};
use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::portfolio;
use crate::state::AppState;
use crate::views::{DashboardPage, Layout, MessageView, PersonView, StaffAreaSummary, StaffPage};

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
            match portfolio::eligibility(&state, &document, &slug, &application.category, today()) {
                Ok(view) => summary.eligibility = Some(view),
                Err(problem) => summary.problem = Some(problem),
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
    })
}

pub async fn staff_area(
    State(state): State<AppState>,
    Path(slug): Path<String>,
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
        applications.push(summarize(store, application).await?);
    }
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
            messages.push(MessageView {
                from: store.person(message.person).await?.name,
                kind: match message.kind.as_str() {
                    "help-technical" => "Help: technical",
                    "help-process" => "Help: process",
                    _ => "Comment",
                },
                section: message.section.replace('-', " "),
                at: message.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                body: message.body,
                link: message.application.map(|a| format!("/applications/{a}")),
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
        staff,
        audit,
    })
}
