//! The evidence view: the submitted portfolio whole, for the coordinator and the assigned
//! reviewers only, with the engine's reasons, every rating's answers and the transcripts.

use axum::http::StatusCode;

use crate::support::TestApp;

/// Farah Haddad's IFS application is under review by the demo's two MassAIMH reviewers; her
/// portfolio lists a training about adolescents and a second conference, which do not count.
#[tokio::test]
async fn the_judges_read_every_item_with_its_reason_and_every_rating() {
    let app = TestApp::sqlite().await;
    let farah = app.application_of("farah.haddad@example.org").await;
    let path = format!("/applications/{farah}/evidence");
    for judge in [
        "reviewer1@massaimh.test",
        "reviewer2@massaimh.test",
        "coordinator@massaimh.test",
    ] {
        let mut client = app.client();
        client.sign_in(judge).await;
        let page = client.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{judge}: {}", page.body);
        let body = &page.body;
        // The exact figures a reviewer reads.
        assert!(body.contains("34.75 hours counted."), "{body}");
        assert!(body.contains("34.75 of 30 hours"));
        assert!(body.contains("38 of 24 hours"));
        // Each excluded training beside the engine's reason; counted ones say so.
        let teens = body
            .find("Supporting Teens in Crisis</strong>")
            .expect("listed");
        let row = &body[teens..teens + body[teens..].find("</tr>").expect("row end")];
        assert!(row.contains("Not counted: focused on adolescents"), "{row}");
        let ethics = body
            .find("Ethics for Home Visitors</strong>")
            .expect("listed");
        let row = &body[ethics..ethics + body[ethics..].find("</tr>").expect("row end")];
        assert!(
            row.contains(">Counted<") && !row.contains("Not counted"),
            "{row}"
        );
        // RS/C providers' qualifications, as the applicant stated them.
        assert!(body.contains("Dr. Lena Ortiz</strong><br><span class=\"small muted\">endorsed IMHM-C, degree: doctorate"));
        // Three ratings, each with its answers, comments and source; waived ones included.
        assert_eq!(body.matches("class=\"card rating\"").count(), 3, "{body}");
        assert_eq!(
            body.matches("Sent by the rater through the emailed link")
                .count(),
            3
        );
        assert!(
            body.contains(
                "<td>Pregnancy &#38; early parenthood</td><td>Not enough information</td>"
            )
        );
        assert!(body.contains("(1 \"not enough information\")"));
        assert!(body.contains("Karen Lowe has worked alongside the applicant for years."));
        assert!(body.contains("The applicant waived the right to read this rating"));
        // The membership is the association's record.
        assert!(body.contains("massaimh no. "), "{body}");
    }
}

#[tokio::test]
async fn only_the_coordinator_and_the_assigned_reviewers_open_it() {
    let app = TestApp::sqlite().await;
    let farah = app.application_of("farah.haddad@example.org").await;
    let path = format!("/applications/{farah}/evidence");
    for outsider in [
        // The applicant reads her own portfolio, never the judges' copy with waived ratings.
        "farah.haddad@example.org",
        // Another association's staff.
        "coordinator@ct-aimh.test",
        "reviewer@nmaimh.test",
    ] {
        let mut client = app.client();
        client.sign_in(outsider).await;
        let page = client.get(&path).await;
        assert_eq!(
            page.status,
            StatusCode::NOT_FOUND,
            "{outsider}: {}",
            page.body
        );
        assert!(!page.body.contains("Karen Lowe has worked alongside"));
    }
    // A reviewer of the association opens only the applications assigned to them: Hana
    // Lopez's went to the second reviewer alone.
    let hana = format!(
        "/applications/{}/evidence",
        app.application_of("hana.lopez@example.org").await
    );
    for (reviewer, status) in [
        ("reviewer1@massaimh.test", StatusCode::NOT_FOUND),
        ("reviewer2@massaimh.test", StatusCode::OK),
    ] {
        let mut client = app.client();
        client.sign_in(reviewer).await;
        assert_eq!(client.get(&hana).await.status, status, "{reviewer}");
    }
    let anonymous = app.client().get(&path).await;
    assert_ne!(anonymous.status, StatusCode::OK);
    assert!(!anonymous.body.contains("Karen Lowe"));
}

/// The review form puts, under each tick, the items it rests on.
#[tokio::test]
async fn each_tick_on_the_review_form_names_its_evidence() {
    let app = TestApp::sqlite().await;
    let farah = app.application_of("farah.haddad@example.org").await;
    let mut reviewer = app.client();
    reviewer.sign_in("reviewer1@massaimh.test").await;
    let page = reviewer.get(&format!("/applications/{farah}/review")).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    let training = body
        .find("id=\"req-items-training\"")
        .expect("training's items");
    let items = &body[training..training + body[training..].find("</div>").expect("end")];
    assert!(
        items.contains("Counted: Foundations of Infant Mental Health · 2023-03-04 · 6.5 h"),
        "{items}"
    );
    assert!(items.contains("<br>Not counted: "), "{items}");
    assert!(
        items.contains("Supporting Teens in Crisis · 2025-03-15 · 4 h: focused on adolescents")
    );
    let area = body
        .find("id=\"area-items-attachment-separation-trauma-grief-loss\"")
        .expect("the area's evidence");
    let lines = &body[area..area + body[area..].find("</div>").expect("end")];
    assert!(
        lines.contains("Training: Attachment and Loss in the First Years"),
        "{lines}"
    );
    assert!(lines.contains("Rating by Karen Lowe (shows, does not document)"));
    // An area no counted training names says so, even where the raters see it.
    let disorders = body
        .find("id=\"area-items-disorders-of-infancy-early-childhood\"")
        .expect("the area's evidence");
    let lines = &body[disorders..disorders + body[disorders..].find("</div>").expect("end")];
    assert!(
        lines.contains("shown only by ratings; not documented by coursework or training"),
        "{lines}"
    );
    assert!(lines.contains("Listed, not counted: Zero to Three LEARN sessions"));
}
