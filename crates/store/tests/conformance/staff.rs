//! Conformance tests for `StaffStore`: invitations (hashed, single use, expiring), staff
//! status and what it grants, the outside-reviewer setting and consent, and the conflicts
//! applicants declare. Instantiated for both backends by `both!` in `main.rs`.

use chrono::Duration;
use lattice_domain::ids::ApplicationId;
use lattice_domain::rights::StaffRole;
use lattice_store::*;

use super::{application, association, at, audit, person};

fn invitation(
    email: &str,
    association: lattice_domain::ids::AssociationId,
    token_hash: &str,
    by: lattice_domain::ids::PersonId,
) -> NewInvitation {
    NewInvitation {
        email: email.to_string(),
        name: "Nadia Okoro".to_string(),
        association,
        role: StaffRole::Reviewer,
        token_hash: token_hash.to_string(),
        expires_at: at(3) + Duration::days(7),
        by,
        at: at(3),
        subject: "You are invited".to_string(),
        body: "link".to_string(),
    }
}

pub(crate) async fn invitations_are_single_use_and_only_active_roles_count(
    store: SharedStore,
    _url: String,
) {
    let mass = association(&store, "massaimh").await;
    let maria = person(&store, "maria@example.org").await;
    store
        .grant_staff(maria, mass, StaffRole::Coordinator, None)
        .await
        .expect("coordinator");

    // A new person, without a password, invited: no role counts yet.
    let nadia = store
        .invite_staff(&invitation(" Nadia@Example.org ", mass, "hash-1", maria))
        .await
        .expect("invite");
    let (row, hash) = store.person_by_email("nadia@example.org").await.expect("p");
    assert_eq!((row.id, hash), (nadia, None));
    assert!(store.staff_roles(nadia).await.expect("roles").is_empty());
    assert!(
        store
            .reviewers_of(mass)
            .await
            .expect("reviewers")
            .is_empty()
    );
    let accounts = store.staff_accounts(mass).await.expect("accounts");
    assert!(
        accounts
            .iter()
            .any(|a| a.person == nadia && a.status == StaffStatus::Invited)
    );
    assert_eq!(
        store.mails_to("nadia@example.org").await.expect("m").len(),
        1
    );
    let audit_rows = store
        .audit_of_subject(&format!("person:{nadia}"))
        .await
        .expect("audit");
    assert!(audit_rows.iter().any(|a| a.action == "invite-reviewer"));

    // Read and spent by the hash only, once, before it expires.
    let found = store.invitation("hash-1", at(4)).await.expect("invitation");
    assert_eq!((found.person, found.has_password), (nadia, false));
    assert!(matches!(
        store.invitation("hash-1", at(3) + Duration::days(8)).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .accept_invitation("hash-1", Some("$argon2id$x"), at(3) + Duration::days(8))
            .await,
        Err(StoreError::NotFound)
    ));
    store
        .accept_invitation("hash-1", Some("$argon2id$x"), at(4))
        .await
        .expect("accept");
    assert!(matches!(
        store
            .accept_invitation("hash-1", Some("$argon2id$y"), at(4))
            .await,
        Err(StoreError::NotFound)
    ));
    let (_, hash) = store.person_by_email("nadia@example.org").await.expect("p");
    assert_eq!(hash.as_deref(), Some("$argon2id$x"));
    assert_eq!(
        store.staff_roles(nadia).await.expect("roles"),
        vec![(mass, StaffRole::Reviewer)]
    );
    // Inviting an active reviewer again is refused.
    assert!(matches!(
        store
            .invite_staff(&invitation("nadia@example.org", mass, "hash-2", maria))
            .await,
        Err(StoreError::Conflict(_))
    ));

    // Suspended: nothing granted, the open assignment goes back; reinstated: granted again.
    let ana = person(&store, "ana@example.org").await;
    let app = application(&store, ana, mass).await;
    super::review::into_review(&store, app, maria).await;
    store
        .assign_reviewers(&[(app, nadia)], None, maria, at(5))
        .await
        .expect("assign");
    let suspend = NewAudit {
        at: at(6),
        actor: Some(maria),
        association: Some(mass),
        subject: format!("person:{nadia}"),
        action: "suspend-reviewer".into(),
        reason: String::new(),
    };
    store
        .set_staff_status(
            nadia,
            mass,
            StaffRole::Reviewer,
            StaffStatus::Suspended,
            &suspend,
        )
        .await
        .expect("suspend");
    assert!(store.staff_roles(nadia).await.expect("roles").is_empty());
    assert!(store.reviewers(app).await.expect("reviewers").is_empty());
    assert!(
        store
            .audit_of_subject(&format!("application:{app}"))
            .await
            .expect("audit")
            .iter()
            .any(|a| a.action == "unassign-reviewer")
    );
    // An invitation sent before a suspension no longer admits.
    store
        .set_staff_status(
            nadia,
            mass,
            StaffRole::Reviewer,
            StaffStatus::Removed,
            &suspend,
        )
        .await
        .expect("remove");
    let kim = store
        .invite_staff(&invitation("kim@example.org", mass, "hash-3", maria))
        .await
        .expect("invite kim");
    store
        .set_staff_status(
            kim,
            mass,
            StaffRole::Reviewer,
            StaffStatus::Removed,
            &suspend,
        )
        .await
        .expect("withdraw kim");
    assert!(matches!(
        store.accept_invitation("hash-3", None, at(7)).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(store.staff_roles(kim).await.expect("roles").is_empty());
    // A removed reviewer can be invited again; granting makes a role active.
    store
        .invite_staff(&invitation("nadia@example.org", mass, "hash-4", maria))
        .await
        .expect("invite again");
    let again = store.invitation("hash-4", at(4)).await.expect("again");
    assert!(again.has_password, "an existing account keeps its password");
    store
        .accept_invitation("hash-4", None, at(4))
        .await
        .expect("accept again");
    assert_eq!(
        store.staff_roles(nadia).await.expect("roles"),
        vec![(mass, StaffRole::Reviewer)]
    );

    // The outside-reviewer setting is off by default; consent is the reviewer's own.
    let nm = association(&store, "nmaimh").await;
    let tom = person(&store, "tom@example.org").await;
    store
        .grant_staff(tom, nm, StaffRole::Reviewer, None)
        .await
        .expect("tom");
    assert!(!store.outside_reviewers(mass).await.expect("setting"));
    assert!(
        store
            .consenting_reviewers(mass)
            .await
            .expect("c")
            .is_empty()
    );
    store
        .set_reviews_elsewhere(tom, true, &suspend)
        .await
        .expect("consent");
    let outside = store.consenting_reviewers(mass).await.expect("c");
    assert_eq!(outside.len(), 1);
    assert_eq!(outside[0].person, tom);
    assert!(store.consenting_reviewers(nm).await.expect("c").is_empty());
    store
        .set_outside_reviewers(mass, true, &suspend)
        .await
        .expect("on");
    assert!(store.outside_reviewers(mass).await.expect("setting"));
}

pub(crate) async fn declared_conflicts_are_decided_once(store: SharedStore, _url: String) {
    let mass = association(&store, "massaimh").await;
    let ana = person(&store, "ana@example.org").await;
    let maria = person(&store, "maria@example.org").await;
    let app: ApplicationId = application(&store, ana, mass).await;
    let id = store
        .declare_applicant_conflict(
            app,
            "Priya Natarajan",
            "my supervisor",
            &audit(app, "declare-conflict", ana),
        )
        .await
        .expect("declare");
    let rows = store.declared_conflicts(app).await.expect("declared");
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].named.as_str(), rows[0].decision),
        ("Priya Natarajan", ConflictDecision::Pending)
    );
    store
        .decide_applicant_conflict(
            id,
            &[ConflictDecision::Pending],
            ConflictDecision::Overridden,
            maria,
            "never worked together",
            &audit(app, "override-declared-conflict", maria),
        )
        .await
        .expect("override");
    // Decided already: a second decision from "pending" finds nothing.
    assert!(matches!(
        store
            .decide_applicant_conflict(
                id,
                &[ConflictDecision::Pending],
                ConflictDecision::Accepted,
                maria,
                "",
                &audit(app, "accept-declared-conflict", maria),
            )
            .await,
        Err(StoreError::NotFound)
    ));
    let rows = store.declared_conflicts(app).await.expect("declared");
    assert_eq!(rows[0].decision, ConflictDecision::Overridden);
    assert_eq!(rows[0].decision_reason, "never worked together");
    let actions: Vec<String> = store
        .audit_of_subject(&format!("application:{app}"))
        .await
        .expect("audit")
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(
        actions,
        vec!["create", "declare-conflict", "override-declared-conflict"]
    );
}
