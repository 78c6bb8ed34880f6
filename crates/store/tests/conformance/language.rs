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
