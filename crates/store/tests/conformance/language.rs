//! A person's chosen language (issue #23): stored on the account, read back with the person
//! wherever the person is read, and cleared again.

use super::*;
use lattice_domain::language::Language;

pub(crate) async fn a_person_s_language_is_kept_on_the_account(store: SharedStore, _url: String) {
    let ana = person(&store, "ana@example.org").await;
    let bo = person(&store, "bo@example.org").await;
    // Nothing chosen yet: the browser decides.
    assert_eq!(store.person(ana).await.expect("ana").language, None);

    store
        .set_person_language(ana, Some(Language::Spanish))
        .await
        .expect("choose Spanish");
    assert_eq!(
        store.person(ana).await.expect("ana").language,
        Some(Language::Spanish)
    );
    // Read the same way at sign-in and on every signed-in request.
    let (by_email, _) = store
        .person_by_email("ana@example.org")
        .await
        .expect("by email");
    assert_eq!(by_email.language, Some(Language::Spanish));
    let session = token::hash_token("ana's session");
    store
        .create_session(&NewSession {
            token_hash: session.clone(),
            person: ana,
            csrf_token: "c".into(),
            created_at: at(1),
            expires_at: at(20),
        })
        .await
        .expect("session");
    let signed_in = store.signed_in(&session, at(2)).await.expect("signed in");
    assert_eq!(signed_in.person.language, Some(Language::Spanish));
    // Another person's choice is their own.
    assert_eq!(store.person(bo).await.expect("bo").language, None);

    store
        .set_person_language(ana, Some(Language::English))
        .await
        .expect("back to English");
    assert_eq!(
        store.person(ana).await.expect("ana").language,
        Some(Language::English)
    );
    store.set_person_language(ana, None).await.expect("cleared");
    assert_eq!(store.person(ana).await.expect("ana").language, None);

    assert!(matches!(
        store
            .set_person_language(PersonId(ana.0 + 1_000_000), Some(Language::Spanish))
            .await,
        Err(StoreError::NotFound)
    ));
}

/// The languages an association offers (migration 20261204000050): English only until it
/// saves more, read with its branding (the one read the header needs), one association's
/// choice not another's, and each change audited in the same transaction.
pub(crate) async fn an_association_offers_english_until_it_chooses_more(
    store: SharedStore,
    _url: String,
) {
    use lattice_domain::language::OfferedLanguages;
    let mass = association(&store, "massaimh").await;
    let ct = association(&store, "ct-aimh").await;
    let coordinator = person(&store, "coordinator@massaimh.test").await;
    let fresh = store.branding(mass).await.expect("branding");
    assert_eq!(fresh.languages.languages(), [Language::English]);
    assert!(fresh.is_plain());

    let both = OfferedLanguages::new([Language::Spanish]);
    let change = |languages: OfferedLanguages, day: u32| BrandingUpdate {
        association: mass,
        display_name: None,
        colour: None,
        logo: LogoChange::Keep,
        languages,
        by: coordinator,
        at: at(day),
    };
    let audit = |reason: &str, day: u32| NewAudit {
        at: at(day),
        actor: Some(coordinator),
        association: Some(mass),
        subject: format!("association:{}", mass.0),
        action: "set-languages".into(),
        reason: reason.into(),
    };
    store
        .save_branding(
            &change(both.clone(), 1),
            &[audit("languages: en → en, es", 1)],
        )
        .await
        .expect("offer Spanish");
    let saved = store.branding(mass).await.expect("branding");
    assert_eq!(
        saved.languages.languages(),
        [Language::English, Language::Spanish]
    );
    // Offering a language is not a look of its own: the header stays plain.
    assert!(saved.is_plain());
    assert_eq!(
        store.branding(ct).await.expect("ct").languages,
        OfferedLanguages::default(),
        "another association keeps English only"
    );
    // Re-reading the association (as the profile loader does) keeps the choice.
    store
        .upsert_association("massaimh", "MassAIMH", &source("massaimh"))
        .await
        .expect("upsert");
    assert_eq!(store.branding(mass).await.expect("again").languages, both);
    let audits = store
        .audit_of_subject(&format!("association:{}", mass.0))
        .await
        .expect("audit");
    assert!(
        audits
            .iter()
            .any(|a| a.action == "set-languages" && a.reason == "languages: en → en, es"),
        "{audits:?}"
    );

    store
        .save_branding(
            &change(OfferedLanguages::default(), 2),
            &[audit("languages: en, es → en", 2)],
        )
        .await
        .expect("back to English only");
    assert_eq!(
        store.branding(mass).await.expect("branding").languages,
        OfferedLanguages::default()
    );
    // An association that does not exist offers what a new one would.
    assert_eq!(
        store
            .branding(AssociationId(mass.0 + 1_000_000))
            .await
            .expect("none")
            .languages,
        OfferedLanguages::default()
    );
}

/// The language the applicant chose for a rater (migration 20261204000060) is kept on the
/// request and read back wherever the request is read: by its token (the rating form), in the
/// application's list, and from the answer.
pub(crate) async fn a_rater_request_keeps_its_language(store: SharedStore, _url: String) {
    let assoc = association(&store, "massaimh").await;
    let ana = person(&store, "ana@example.org").await;
    let app = application(&store, ana, assoc).await;
    let request = |token: &str, language| NewRaterRequest {
        application: app,
        entry: None,
        waived: false,
        rater_name: "Dra. Rosa Vega".into(),
        rater_email: "rosa@example.org".into(),
        role: "colleague".into(),
        token_hash: token::hash_token(token),
        created_at: at(1),
        expires_at: at(10),
        language,
    };
    for (token, language) in [
        ("es-link", Language::Spanish),
        ("en-link", Language::English),
    ] {
        store
            .create_rater_request(
                &request(token, language),
                &mail("rosa@example.org", "Rate", at(1)),
            )
            .await
            .expect("request");
    }
    let by_token = store
        .rater_request_by_token(&token::hash_token("es-link"), at(2))
        .await
        .expect("by token");
    assert_eq!(by_token.language, Language::Spanish);
    assert_eq!(
        store
            .rater_request_by_token(&token::hash_token("en-link"), at(2))
            .await
            .expect("by token")
            .language,
        Language::English
    );
    let listed: Vec<_> = store
        .rater_requests_of(app)
        .await
        .expect("list")
        .into_iter()
        .map(|r| r.language)
        .collect();
    assert_eq!(listed, [Language::Spanish, Language::English]);
    let answered = store
        .submit_rating(
            &token::hash_token("es-link"),
            at(3),
            &NewRating {
                answers: json!({"speaking": "sometimes"}),
                not_enough_info: 0,
                comments: String::new(),
                known_since: None,
                submitted_at: at(3),
            },
            None,
        )
        .await
        .expect("submit");
    assert_eq!(answered.language, Language::Spanish);
    let details = store.rating_details(app).await.expect("details");
    assert_eq!(details.len(), 1);
    assert_eq!(details[0].request.language, Language::Spanish);
}
