//! Who may see and do what. Every web handler and API call asks [`may`]; nothing else decides
//! access. When the answer is no, callers answer "not found", so one association's staff
//! cannot even learn that another association's people exist.

use serde::{Deserialize, Serialize};

use crate::application::Actor;
use crate::ids::{AssociationId, PersonId};

/// A staff role, always held at one association.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StaffRole {
    Coordinator,
    Reviewer,
}

impl StaffRole {
    pub fn key(self) -> &'static str {
        match self {
            StaffRole::Coordinator => "coordinator",
            StaffRole::Reviewer => "reviewer",
        }
    }

    pub fn from_key(key: &str) -> Option<StaffRole> {
        match key {
            "coordinator" => Some(StaffRole::Coordinator),
            "reviewer" => Some(StaffRole::Reviewer),
            _ => None,
        }
    }
}

/// The signed-in person, with every role they hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub person: PersonId,
    /// Alliance administrator: sees every association.
    pub admin: bool,
    pub staff: Vec<(AssociationId, StaffRole)>,
}

impl Viewer {
    pub fn holds(&self, association: AssociationId, role: StaffRole) -> bool {
        self.staff
            .iter()
            .any(|&(a, r)| a == association && r == role)
    }

    fn is_staff_of(&self, association: AssociationId) -> bool {
        self.staff.iter().any(|&(a, _)| a == association)
    }

    /// The associations whose staff pages this viewer may open.
    pub fn staff_associations(&self) -> impl Iterator<Item = AssociationId> + '_ {
        let mut seen = Vec::new();
        self.staff.iter().filter_map(move |&(a, _)| {
            if seen.contains(&a) {
                None
            } else {
                seen.push(a);
                Some(a)
            }
        })
    }
}

/// Something that can be looked at or changed, with the facts access depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Object<'a> {
    /// An association's staff area (its queue, its people, its settings).
    StaffArea(AssociationId),
    /// An application and its portfolio.
    Application {
        owner: PersonId,
        association: AssociationId,
        reviewers: &'a [PersonId],
    },
    /// A person's account details; `applied_to` lists associations holding their applications.
    Person {
        id: PersonId,
        applied_to: &'a [AssociationId],
    },
}

/// What the viewer wants to do with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    View,
    /// Edit the portfolio, agreements, references.
    Edit,
    /// Move the application through its states as this actor.
    Transition(Actor),
    /// Manage the association's staff and settings.
    Manage,
}

/// The one place that decides access.
pub fn may(viewer: &Viewer, action: Action, object: Object<'_>) -> bool {
    if viewer.admin {
        return true;
    }
    match object {
        Object::StaffArea(association) => match action {
            Action::View => viewer.is_staff_of(association),
            Action::Manage | Action::Edit | Action::Transition(_) => {
                viewer.holds(association, StaffRole::Coordinator)
            }
        },
        Object::Application {
            owner,
            association,
            reviewers,
        } => {
            let owns = viewer.person == owner;
            let coordinates = viewer.holds(association, StaffRole::Coordinator);
            let reviews = viewer.holds(association, StaffRole::Reviewer)
                && reviewers.contains(&viewer.person);
            match action {
                Action::View => owns || coordinates || reviews,
                Action::Edit | Action::Transition(Actor::Applicant) => owns,
                Action::Transition(Actor::Coordinator) | Action::Manage => coordinates,
            }
        }
        Object::Person { id, applied_to } => {
            let coordinates_one = applied_to
                .iter()
                .any(|&a| viewer.holds(a, StaffRole::Coordinator));
            match action {
                Action::View => viewer.person == id || coordinates_one,
                Action::Edit => viewer.person == id,
                Action::Transition(_) | Action::Manage => false,
            }
        }
    }
}
