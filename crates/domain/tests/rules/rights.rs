//! The rights module: who may see and change what.

use lattice_domain::application::Actor;
use lattice_domain::ids::{AssociationId, PersonId};
use lattice_domain::rights::{Action, Object, StaffRole, Viewer, may};

const MASS: AssociationId = AssociationId(1);
const CT: AssociationId = AssociationId(2);
const ANA: PersonId = PersonId(10);
const REVIEWER: PersonId = PersonId(20);

fn viewer(person: i64, staff: &[(AssociationId, StaffRole)]) -> Viewer {
    Viewer {
        person: PersonId(person),
        admin: false,
        staff: staff.to_vec(),
    }
}

fn anas_application(reviewers: &[PersonId]) -> Object<'_> {
    Object::Application {
        owner: ANA,
        association: MASS,
        reviewers,
    }
}

#[test]
fn applicant_sees_and_edits_only_their_own() {
    let ana = viewer(ANA.0, &[]);
    let bo = viewer(11, &[]);
    for action in [
        Action::View,
        Action::Edit,
        Action::Transition(Actor::Applicant),
    ] {
        assert!(may(&ana, action, anas_application(&[])));
        assert!(!may(&bo, action, anas_application(&[])));
    }
    assert!(!may(
        &ana,
        Action::Transition(Actor::Coordinator),
        anas_application(&[])
    ));
    assert!(!may(&ana, Action::View, Object::StaffArea(MASS)));
}

#[test]
fn coordinators_act_only_in_their_association() {
    let mass = viewer(30, &[(MASS, StaffRole::Coordinator)]);
    let ct = viewer(31, &[(CT, StaffRole::Coordinator)]);
    assert!(may(&mass, Action::View, anas_application(&[])));
    assert!(may(
        &mass,
        Action::Transition(Actor::Coordinator),
        anas_application(&[])
    ));
    assert!(
        !may(&mass, Action::Edit, anas_application(&[])),
        "staff never edit a portfolio"
    );
    for action in [
        Action::View,
        Action::Transition(Actor::Coordinator),
        Action::Manage,
    ] {
        assert!(!may(&ct, action, anas_application(&[])), "{action:?}");
        assert!(!may(&ct, action, Object::StaffArea(MASS)), "{action:?}");
    }
    let person = Object::Person {
        id: ANA,
        applied_to: &[MASS],
    };
    assert!(may(&mass, Action::View, person));
    assert!(!may(&ct, Action::View, person));
    assert!(!may(&mass, Action::Edit, person));
}

#[test]
fn reviewers_see_only_what_they_were_assigned() {
    let reviewer = viewer(REVIEWER.0, &[(MASS, StaffRole::Reviewer)]);
    assert!(may(&reviewer, Action::View, anas_application(&[REVIEWER])));
    assert!(!may(&reviewer, Action::View, anas_application(&[])));
    assert!(!may(
        &reviewer,
        Action::Transition(Actor::Coordinator),
        anas_application(&[REVIEWER])
    ));
    assert!(may(&reviewer, Action::View, Object::StaffArea(MASS)));
    assert!(!may(&reviewer, Action::Manage, Object::StaffArea(MASS)));
    // A reviewer at another association assigned by mistake still sees nothing here.
    let elsewhere = viewer(REVIEWER.0, &[(CT, StaffRole::Reviewer)]);
    assert!(!may(
        &elsewhere,
        Action::View,
        anas_application(&[REVIEWER])
    ));
}

#[test]
fn admins_see_everything() {
    let admin = Viewer {
        person: PersonId(1),
        admin: true,
        staff: vec![],
    };
    assert!(may(&admin, Action::Manage, Object::StaffArea(CT)));
    assert!(may(&admin, Action::View, anas_application(&[])));
}
