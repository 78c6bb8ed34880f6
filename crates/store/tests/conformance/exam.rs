//! Conformance tests for the exam as the applicant lives it (issue #26): a sitting's details
//! and its mails, final Part 2 scores with their kept history, and accommodations. Instantiated
//! for both backends by `both!` in `main.rs`.

use chrono::NaiveDate;
use lattice_domain::ids::{ApplicationId, AssociationId, PersonId};
use lattice_store::*;

use super::{application, association, at, audit, mail, person};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

struct Fixture {
    assoc: AssociationId,
    app: ApplicationId,
    scorers: [PersonId; 2],
    coord: PersonId,
}

async fn fixture(store: &SharedStore) -> Fixture {
    let assoc = association(store, "massaimh").await;
    let ana = person(store, "ana@example.org").await;
    Fixture {
        assoc,
        app: application(store, ana, assoc).await,
        scorers: [
            person(store, "a-scorer@example.org").await,
            person(store, "b-scorer@example.org").await,
        ],
        coord: person(store, "coord@example.org").await,
    }
}

fn new_sitting(f: &Fixture, code: &str) -> NewSitting {
    NewSitting {
        application: f.app,
        association: f.assoc,
        sat_on: day(2026, 11, 1),
        blind_code: code.to_string(),
        scorers: f.scorers,
        by: f.coord,
        at: at(3),
    }
}

fn details(place: &str) -> SittingDetails {
    SittingDetails {
        starts_at: "09:30".into(),
        place: place.into(),
        online_link: "https://exam.example.org/room".into(),
        instructions: "Arrive 15 minutes early.".into(),
        bring: "Photo identification".into(),
    }
}

pub(crate) async fn exam_sittings_carry_their_details_and_mail_in_one_transaction(
    store: SharedStore,
    _url: String,
) {
    let f = fixture(&store).await;
    let id = store
        .schedule_sitting(
            &new_sitting(&f, "E-000001"),
            &details("Room 4"),
            &[mail("ana@example.org", "Scheduled", at(3))],
        )
        .await
        .expect("scheduled");
    let sitting = store.sitting(id).await.expect("sitting");
    assert_eq!(sitting.details, details("Room 4"));
    assert_eq!(sitting.sat_on, day(2026, 11, 1));
    // A duplicate code fails the whole schedule: no sitting and no second mail.
    let duplicate = store
        .schedule_sitting(
            &new_sitting(&f, "E-000001"),
            &details("Room 5"),
            &[mail("ana@example.org", "Scheduled again", at(3))],
        )
        .await;
    assert!(
        matches!(duplicate, Err(StoreError::Conflict(_))),
        "{duplicate:?}"
    );
    let subjects =
        |mails: Vec<MailRow>| -> Vec<String> { mails.into_iter().map(|m| m.subject).collect() };
    assert_eq!(
        subjects(store.mails_to("ana@example.org").await.expect("mails")),
        ["Scheduled"]
    );
    assert_eq!(store.sittings(f.app).await.expect("sittings").len(), 1);

    // Moving it changes the date and the details, audits and mails together.
    store
        .reschedule_sitting(
            id,
            day(2026, 11, 20),
            &details("Room 9"),
            &audit(f.app, "reschedule-exam", f.coord),
            &[mail("ana@example.org", "Moved", at(4))],
        )
        .await
        .expect("moved");
    let moved = store.sitting(id).await.expect("sitting");
    assert_eq!(
        (moved.sat_on, moved.details.place.as_str()),
        (day(2026, 11, 20), "Room 9")
    );
    assert_eq!(
        subjects(store.mails_to("ana@example.org").await.expect("mails")),
        ["Scheduled", "Moved"]
    );
    assert_eq!(
        store
            .audit_of_subject(&format!("application:{}", f.app))
            .await
            .expect("audit")
            .iter()
            .filter(|a| a.action == "reschedule-exam")
            .count(),
        1
    );
    // Decided sittings stay where they were, and nothing is mailed or audited.
    store
        .set_sitting_result(id, "passed")
        .await
        .expect("passed");
    assert!(matches!(
        store
            .reschedule_sitting(
                id,
                day(2026, 12, 1),
                &details("Room 1"),
                &audit(f.app, "reschedule-exam", f.coord),
                &[mail("ana@example.org", "Too late", at(5))],
            )
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        store.sitting(id).await.expect("s").sat_on,
        day(2026, 11, 20)
    );
    assert_eq!(
        store
            .mails_to("ana@example.org")
            .await
            .expect("mails")
            .len(),
        2
    );
}

pub(crate) async fn exam_scores_are_final_until_reopened_and_every_version_is_kept(
    store: SharedStore,
    _url: String,
) {
    let f = fixture(&store).await;
    let [a, b] = f.scorers;
    let id = store
        .create_sitting(&new_sitting(&f, "E-000002"))
        .await
        .expect("sitting");
    assert!(store.score_versions(id).await.expect("none").is_empty());
    // Nothing submitted yet: nothing to reopen.
    assert!(matches!(
        store
            .reopen_score(
                id,
                a,
                f.coord,
                "why",
                &audit(f.app, "reopen-exam-score", f.coord)
            )
            .await,
        Err(StoreError::Conflict(_))
    ));
    store.score_part2(id, a, [3, 3], at(4)).await.expect("a");
    store.score_part2(id, b, [3, 2], at(4)).await.expect("b");
    // Final: a second submission is refused and changes nothing.
    assert!(matches!(
        store.score_part2(id, b, [4, 4], at(5)).await,
        Err(StoreError::Conflict(_))
    ));
    let in_force = |s: SittingRow| -> Vec<Option<[u32; 2]>> {
        s.scorers.into_iter().map(|x| x.scores).collect()
    };
    assert_eq!(
        in_force(store.sitting(id).await.expect("s")),
        [Some([3, 3]), Some([3, 2])]
    );

    // Reopened: cleared for a new submission, the old version kept with who and why.
    let mut reopen = audit(f.app, "reopen-exam-score", f.coord);
    reopen.at = at(6);
    store
        .reopen_score(id, b, f.coord, "answer 2 misread", &reopen)
        .await
        .expect("reopened");
    assert_eq!(
        in_force(store.sitting(id).await.expect("s")),
        [Some([3, 3]), None]
    );
    store
        .score_part2(id, b, [4, 3], at(7))
        .await
        .expect("again");
    let versions = store.score_versions(id).await.expect("versions");
    let summary: Vec<(PersonId, [u32; 2], bool, &str)> = versions
        .iter()
        .map(|v| {
            (
                v.scorer,
                v.scores,
                v.reopened_at.is_some(),
                v.reopen_reason.as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (a, [3, 3], false, ""),
            (b, [3, 2], true, "answer 2 misread"),
            (b, [4, 3], false, ""),
        ]
    );
    assert_eq!(versions[1].reopened_at, Some(at(6)));
    assert_eq!(
        versions[1].reopened_by.as_deref(),
        Some("Person coord@example.org")
    );
    assert_eq!(
        in_force(store.sitting(id).await.expect("s")),
        [Some([3, 3]), Some([4, 3])]
    );
    assert_eq!(
        store
            .audit_of_subject(&format!("application:{}", f.app))
            .await
            .expect("audit")
            .iter()
            .filter(|x| x.action == "reopen-exam-score")
            .count(),
        1,
        "the refused reopen wrote nothing"
    );
    // Someone who does not score this sitting has nothing to reopen.
    assert!(matches!(
        store.reopen_score(id, f.coord, f.coord, "x", &reopen).await,
        Err(StoreError::NotFound)
    ));
    // Decided: no reopening.
    store
        .set_sitting_result(id, "passed")
        .await
        .expect("passed");
    assert!(matches!(
        store.reopen_score(id, a, f.coord, "late", &reopen).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.score_versions(id).await.expect("v").len(), 3);
}

pub(crate) async fn exam_accommodations_are_decided_once(store: SharedStore, _url: String) {
    let f = fixture(&store).await;
    let ben = person(&store, "ben@example.org").await;
    let other = application(&store, ben, f.assoc).await;
    let mut asked = audit(f.app, "request-exam-accommodation", f.coord);
    asked.at = at(3);
    let id = store
        .request_accommodation(
            f.app,
            "Extra time: dyslexia",
            &asked,
            &[mail("coord@example.org", "Asked", at(3))],
        )
        .await
        .expect("asked");
    let rows = store.accommodations(f.app).await.expect("rows");
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (
            rows[0].request.as_str(),
            rows[0].decision.as_str(),
            rows[0].requested_at,
            rows[0].decided_at
        ),
        ("Extra time: dyslexia", "pending", at(3), None)
    );
    assert!(store.accommodations(other).await.expect("none").is_empty());
    // Another application's id does not reach it.
    assert!(matches!(
        store
            .decide_accommodation(
                other,
                id,
                true,
                "",
                f.coord,
                &audit(other, "grant-exam-accommodation", f.coord),
                &[],
            )
            .await,
        Err(StoreError::NotFound)
    ));
    let mut granted = audit(f.app, "grant-exam-accommodation", f.coord);
    granted.at = at(5);
    store
        .decide_accommodation(
            f.app,
            id,
            true,
            "30 minutes more per part",
            f.coord,
            &granted,
            &[mail("ana@example.org", "Granted", at(5))],
        )
        .await
        .expect("granted");
    let row = &store.accommodations(f.app).await.expect("rows")[0];
    assert_eq!(
        (row.decision.as_str(), row.note.as_str(), row.decided_at),
        ("granted", "30 minutes more per part", Some(at(5)))
    );
    // Decided once: declining afterwards is refused, and sends nothing.
    assert!(matches!(
        store
            .decide_accommodation(
                f.app,
                id,
                false,
                "no",
                f.coord,
                &audit(f.app, "decline-exam-accommodation", f.coord),
                &[mail("ana@example.org", "Declined", at(6))],
            )
            .await,
        Err(StoreError::Conflict(_))
    ));
    let subjects: Vec<String> = store
        .mails_to("ana@example.org")
        .await
        .expect("mails")
        .into_iter()
        .map(|m| m.subject)
        .collect();
    assert_eq!(subjects, ["Granted"]);
    let actions: Vec<String> = store
        .audit_of_subject(&format!("application:{}", f.app))
        .await
        .expect("audit")
        .into_iter()
        .map(|a| a.action)
        .filter(|a| a.ends_with("-exam-accommodation"))
        .collect();
    assert_eq!(
        actions,
        ["request-exam-accommodation", "grant-exam-accommodation"]
    );
}
