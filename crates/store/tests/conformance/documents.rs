//! Conformance tests for an association's own words (migrations 20261203000065 and
//! 20261204000030): agreement
//! texts numbered per association and kind, the built-in wording stored as version 1 at the
//! first publication, each publication audited; mail templates saved, replaced, read per kind
//! and removed. Instantiated for both backends by `both!` in `main.rs`.

use lattice_domain::ids::{AssociationId, PersonId};
use lattice_store::*;

use super::{association, at, person};

fn audit(association: AssociationId, action: &str) -> NewAudit {
    NewAudit {
        at: at(3),
        actor: None,
        association: Some(association),
        subject: format!("association:{}", association.0),
        action: action.to_string(),
        reason: "because".to_string(),
    }
}

pub async fn agreement_texts_are_numbered_and_templates_replaced(store: SharedStore, _url: String) {
    let mass = association(&store, "massaimh").await;
    let nm = association(&store, "nmaimh").await;
    let coordinator = person(&store, "coordinator@massaimh.test").await;
    assert!(
        store
            .agreement_texts(mass, "code_of_ethics")
            .await
            .expect("texts")
            .is_empty()
    );
    let text = |body: &'static str| NewAgreementText {
        association: mass,
        kind: "code_of_ethics",
        title: "Code of Ethics (2027)",
        body,
        by: coordinator,
        at: at(3),
    };
    let built_in = ("Code of Ethics", "The built-in wording.");
    let two = store
        .publish_agreement_text(
            &text("Second."),
            built_in,
            &audit(mass, "publish-code-of-ethics"),
        )
        .await
        .expect("publish");
    assert_eq!(two, 2, "the built-in wording became version 1");
    let three = store
        .publish_agreement_text(
            &text("Third."),
            built_in,
            &audit(mass, "publish-code-of-ethics"),
        )
        .await
        .expect("publish");
    assert_eq!(three, 3);
    let versions = store
        .agreement_texts(mass, "code_of_ethics")
        .await
        .expect("texts");
    let seen: Vec<(i32, &str, Option<PersonId>)> = versions
        .iter()
        .map(|v| (v.version, v.body.as_str(), v.published_by))
        .collect();
    assert_eq!(
        seen,
        vec![
            (1, "The built-in wording.", None),
            (2, "Second.", Some(coordinator)),
            (3, "Third.", Some(coordinator)),
        ]
    );
    // Another kind and another association start from their own version 1.
    assert!(
        store
            .agreement_texts(mass, "endorsement_agreement")
            .await
            .expect("texts")
            .is_empty()
    );
    assert!(
        store
            .agreement_texts(nm, "code_of_ethics")
            .await
            .expect("texts")
            .is_empty()
    );
    let audited = store.audit_of_association(mass, 10).await.expect("audit");
    assert_eq!(
        audited
            .iter()
            .filter(|a| a.action == "publish-code-of-ethics")
            .count(),
        2
    );

    assert!(matches!(
        store.mail_template(mass, "rating-request").await,
        Err(StoreError::NotFound)
    ));
    let template = |subject: &str| MailTemplateRow {
        association: mass,
        kind: "rating-request".to_string(),
        subject: subject.to_string(),
        body: "Rate here: {link}".to_string(),
        updated_at: at(4),
        updated_by: Some(coordinator),
    };
    store
        .save_mail_template(&template("First"), &audit(mass, "save-mail-template"))
        .await
        .expect("save");
    store
        .save_mail_template(&template("Second"), &audit(mass, "save-mail-template"))
        .await
        .expect("replace");
    assert_eq!(
        store
            .mail_template(mass, "rating-request")
            .await
            .expect("template"),
        template("Second")
    );
    let of_kind = store
        .mail_templates_of_kind("rating-request")
        .await
        .expect("of kind");
    assert_eq!(of_kind.len(), 1);
    assert_eq!(of_kind[&mass].subject, "Second");
    assert!(
        store
            .mail_templates_of_kind("renewal-reminder")
            .await
            .expect("of kind")
            .is_empty()
    );
    store
        .delete_mail_template(
            mass,
            "rating-request",
            &audit(mass, "restore-mail-template"),
        )
        .await
        .expect("restore");
    assert!(matches!(
        store.mail_template(mass, "rating-request").await,
        Err(StoreError::NotFound)
    ));
    let audited = store.audit_of_association(mass, 20).await.expect("audit");
    assert!(audited.iter().any(|a| a.action == "restore-mail-template"));

    // Every kind an association may word is stored (migrations 20261204000030 and 40), each apart;
    // a kind the service does not know is refused by the database too.
    for kind in lattice_domain::documents::MailKind::ALL {
        let row = MailTemplateRow {
            kind: kind.key().to_string(),
            ..template(kind.title())
        };
        store
            .save_mail_template(&row, &audit(mass, "save-mail-template"))
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", kind.key()));
        assert_eq!(
            store.mail_template(mass, kind.key()).await.expect("read"),
            row
        );
    }
    assert!(
        store
            .save_mail_template(
                &MailTemplateRow {
                    kind: "birthday-card".to_string(),
                    ..template("Happy birthday")
                },
                &audit(mass, "save-mail-template"),
            )
            .await
            .is_err()
    );
}
