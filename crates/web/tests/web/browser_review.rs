//! The review process in real headless Chromium: a Category III application under the
//! pre-2025 rules from completeness to endorsement through the exam, and a Category II
//! application sent back for more RS/C, re-reviewed, then endorsed. Each page passes the same
//! axe-core check as the applicant's journey.

use chrono::{Duration, Utc};
use fantoccini::Locator;
use lattice_domain::application::State;
use lattice_domain::ids::{ApplicationId, PersonId};
use lattice_store::{Effects, NewAudit, SharedStore};
use lattice_web::demo::DEMO_PASSWORD;

use crate::browser::{
    Driver, Served, Walk, axe_source, browser, browser_available, wait_for_mail, workspace,
};
use crate::support::Sink;

async fn person(store: &SharedStore, email: &str) -> PersonId {
    store.person_by_email(email).await.expect("person").0.id
}

async fn application(store: &SharedStore, email: &str) -> i64 {
    let id = person(store, email).await;
    store
        .applications_of_person(id)
        .await
        .expect("applications")[0]
        .id
        .0
}

async fn state_of(store: &SharedStore, id: i64) -> State {
    store
        .application(ApplicationId(id))
        .await
        .expect("application")
        .state
}

impl Walk {
    /// Signs out whoever is signed in, then signs in a demo account.
    pub(crate) async fn as_demo(&self, email: &str) {
        if self.source().await.contains("Sign out") {
            self.sign_out().await;
        }
        self.sign_in(email, DEMO_PASSWORD).await;
    }

    /// Marks every open invoice of the application paid, as its coordinator.
    pub(crate) async fn pay_all(&self, id: i64) {
        loop {
            self.go(&format!("/applications/{id}")).await;
            let Ok(button) = self
                .client
                .find(Locator::XPath(
                    "//button[starts-with(normalize-space(), 'Mark paid')]",
                ))
                .await
            else {
                return;
            };
            button.click().await.expect("mark paid");
            self.expect_text("Paid ").await;
        }
    }

    /// As the coordinator: marks each degree verified against its transcript, on the review
    /// page, until none is left unverified.
    pub(crate) async fn verify_degrees(&self, id: i64) {
        loop {
            self.go(&format!("/applications/{id}/review")).await;
            let Ok(button) = self
                .client
                .find(Locator::Css("button[value=verified]"))
                .await
            else {
                return;
            };
            button.click().await.expect("verify the degree");
            self.expect_text("Verified against the official transcript")
                .await;
        }
    }

    /// Fills and submits the review form with a recommendation.
    pub(crate) async fn review(
        &self,
        id: i64,
        recommendation: &str,
        comments: &str,
        date: Option<&str>,
    ) {
        self.go(&format!("/applications/{id}/review")).await;
        self.expect_text("Your review").await;
        self.click("#review-form input[name='req:Education']").await;
        self.click("#review-form input[name='area:attachment-separation-trauma-grief-loss']")
            .await;
        self.click(&format!(
            "#review-form input[name=recommendation][value='{recommendation}']"
        ))
        .await;
        if let Some(date) = date {
            self.click("#review-form input[name=more_rsc]").await;
            self.set("review-date", date).await;
        }
        self.fill("review-comments", comments).await;
        self.click_button("Submit review").await;
        self.expect_text(comments).await;
    }

    /// Records the coordinator's decision on the review page.
    pub(crate) async fn decide(&self, id: i64, recommendation: &str, date: Option<&str>) {
        self.go(&format!("/applications/{id}/review")).await;
        self.expect_text("id=\"agreement\"").await;
        self.click(&format!(
            "#decision-form input[name=recommendation][value='{recommendation}']"
        ))
        .await;
        if let Some(date) = date {
            self.click("#decision-form input[name=more_rsc]").await;
            self.set("decision-date", date).await;
        }
        // A decision cannot be undone: the box says so and must be ticked.
        self.click("#decision-confirmed").await;
        self.click_button("Record the decision").await;
    }
}

async fn walk_for(driver: &Driver, served: &Served, profile: &std::path::Path) -> Walk {
    let shots = workspace().join("target/browser-screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot dir");
    Walk {
        client: browser(driver, profile).await,
        base: served.config.base_url.clone(),
        axe: axe_source(),
        shots,
        checked: Vec::new(),
    }
}

#[tokio::test]
async fn category_three_before_2025_from_completeness_to_endorsement() {
    if !browser_available() {
        return;
    }
    let work = tempfile::tempdir().expect("dir");
    let sink = Sink::start(&work.path().join("sink"), 0);
    let served = Served::start(work.path(), &sink).await;
    let store = served.store.clone();
    let grace = application(&store, "grace.okafor@example.org").await;
    let luis = application(&store, "luis.herrera@example.org").await;
    let coordinator = person(&store, "coordinator@nmaimh.test").await;
    let tom = person(&store, "reviewer@nmaimh.test").await;
    let ruth = person(&store, "reviewer2@nmaimh.test").await;
    let nmaimh = store
        .association_by_slug("nmaimh")
        .await
        .expect("nmaimh")
        .id;

    // Set-up: a third reviewer who gave Grace her reflective supervision, and no open review
    // of her own, while Tom already reviews Luis; a plan blind to conflicts would pick her.
    let helen = crate::support::add_reviewer(
        &store,
        "nmaimh",
        "helen.baca@example.org",
        "Dr. Helen Baca",
        &["IV-C"],
    )
    .await;
    store
        .transition(
            ApplicationId(luis),
            State::Submitted,
            State::UnderReview,
            &NewAudit {
                at: Utc::now(),
                actor: Some(coordinator),
                association: Some(nmaimh),
                subject: format!("application:{luis}"),
                action: "start-review".to_string(),
                reason: String::new(),
            },
            &Effects::default(),
        )
        .await
        .expect("luis under review");
    store
        .assign_reviewers(&[(ApplicationId(luis), tom)], None, coordinator, Utc::now())
        .await
        .expect("tom reviews luis");

    let driver = Driver::start();
    let mut walk = walk_for(&driver, &served, &work.path().join("chromium")).await;

    // Completeness, under the rules of 2024.
    walk.as_demo("coordinator@nmaimh.test").await;
    walk.pay_all(grace).await;
    walk.verify_degrees(grace).await;
    walk.go(&format!("/applications/{grace}/review")).await;
    walk.expect_text("rules in force on 2024-06-01").await;
    walk.expect_text("Every requirement is met").await;
    walk.check("review-completeness").await;
    walk.click_button("Portfolio complete: start review").await;
    walk.expect_text("Under review").await;

    // Automatic assignment: a dry run that names the conflict, then applied.
    walk.go("/staff/nmaimh/assign").await;
    let plan = walk.expect_text("Grace Okafor").await;
    assert!(
        plan.contains("Dr. Helen Baca ("),
        "the conflict is shown: {plan}"
    );
    walk.check("assign-dry-run").await;
    assert!(
        store
            .reviewers(ApplicationId(grace))
            .await
            .expect("reviewers")
            .is_empty(),
        "a dry run saves nothing"
    );
    // Luis, with one reviewer, gets a second in the same plan.
    walk.click("form[action='/staff/nmaimh/assign'] button")
        .await;
    walk.expect_text("assignments made").await;
    let mut chosen = store
        .reviewers(ApplicationId(grace))
        .await
        .expect("reviewers");
    chosen.sort();
    let mut expected = vec![tom, ruth];
    expected.sort();
    assert_eq!(chosen, expected, "the conflicted reviewer is never chosen");
    assert!(!chosen.contains(&helen));

    // Two blind reviews.
    walk.as_demo("reviewer2@nmaimh.test").await;
    walk.go(&format!("/applications/{grace}/review")).await;
    walk.check("review-form").await;
    walk.review(
        grace,
        "approve-for-exam",
        "Rich dyadic work; ready for the exam",
        None,
    )
    .await;
    walk.as_demo("reviewer@nmaimh.test").await;
    walk.go(&format!("/applications/{grace}/review")).await;
    let blind = walk.expect_text("id=\"blind-note\"").await;
    assert!(
        !blind.contains("Rich dyadic work"),
        "the other review is hidden"
    );
    walk.review(grace, "approve-for-exam", "Agreed: approve", None)
        .await;
    walk.expect_text("Rich dyadic work").await;

    // The decision, then the exam.
    walk.as_demo("coordinator@nmaimh.test").await;
    walk.decide(grace, "approve-for-exam", None).await;
    walk.expect_text("Approved for exam").await;
    // Grace's reviewers will score her exam: NMAIMH allows it, marked as not blind.
    walk.go("/staff/nmaimh").await;
    walk.click("#scorer-policy-form input[value=warn]").await;
    walk.click("#scorer-policy-form button[type=submit]").await;
    walk.expect_text("value=\"warn\" checked").await;
    walk.go(&format!("/applications/{grace}/exam")).await;
    walk.expect_text("(reviewed this application: not blind)")
        .await;
    walk.expect_text("at most 12 wrong").await;
    walk.check("exam-schedule").await;
    // Sat today, in a window open today: scores and the result are recorded from the
    // sitting's day on, not before.
    let today = Utc::now().date_naive();
    let nmaimh = store
        .association_by_slug("nmaimh")
        .await
        .expect("nmaimh")
        .id;
    store
        .create_exam_window(
            nmaimh,
            today - Duration::days(1),
            today,
            "On site",
            Utc::now(),
        )
        .await
        .expect("window");
    let sat_on = today.to_string();
    walk.set("sat-on", &sat_on).await;
    walk.select("first-scorer", &ruth.to_string()).await;
    walk.select("second-scorer", &tom.to_string()).await;
    walk.set("starts-at", "09:00").await;
    walk.fill("place", "On site").await;
    walk.click_button("Schedule and tell the applicant").await;
    walk.expect_text("Sitting of").await;
    let sitting = store
        .sittings(ApplicationId(grace))
        .await
        .expect("sittings")
        .pop()
        .expect("sitting");
    walk.fill(&format!("wrong-{}", sitting.id), "9").await;
    walk.fill(
        &format!("answers-{}", sitting.id),
        "Vignette B: I would first wonder aloud with the father about the baby's cues.",
    )
    .await;
    walk.click_button("Save Part 1 and the answers").await;
    walk.expect_text("9 wrong of 60").await;

    for (scorer, scores) in [
        ("reviewer2@nmaimh.test", ("3", "4")),
        ("reviewer@nmaimh.test", ("3", "3")),
    ] {
        walk.as_demo(scorer).await;
        walk.go("/scoring").await;
        let page = walk.expect_text(&sitting.blind_code).await;
        assert!(!page.contains("Okafor"), "scoring is blind: {page}");
        walk.check("scoring").await;
        walk.fill(&format!("first-{}", sitting.id), scores.0).await;
        walk.fill(&format!("second-{}", sitting.id), scores.1).await;
        walk.click_button("Submit scores").await;
        walk.expect_text("your scores").await;
    }

    walk.as_demo("coordinator@nmaimh.test").await;
    walk.go(&format!("/applications/{grace}/exam")).await;
    walk.click_button("Record the result and send the feedback letter")
        .await;
    walk.expect_text("Exam passed").await;
    let letter = wait_for_mail(&sink, "grace.okafor@example.org", "exam results").await;
    assert!(letter.contains("Grace Okafor"), "{letter}");
    walk.go(&format!("/applications/{grace}")).await;
    walk.click("#confirm-endorse").await;
    walk.click_button("Endorse").await;
    walk.expect_text("Endorsed").await;
    assert_eq!(state_of(&store, grace).await, State::Endorsed);

    walk.client.close().await.expect("close");
    served.stop().await;
}

#[tokio::test]
async fn category_two_more_rsc_then_re_review_then_endorsed() {
    if !browser_available() {
        return;
    }
    let work = tempfile::tempdir().expect("dir");
    let sink = Sink::start(&work.path().join("sink"), 0);
    let served = Served::start(work.path(), &sink).await;
    let store = served.store.clone();
    let elena = application(&store, "elena.morales@example.org").await;
    let massaimh = store
        .association_by_slug("massaimh")
        .await
        .expect("massaimh")
        .id;
    let driver = Driver::start();
    let mut walk = walk_for(&driver, &served, &work.path().join("chromium")).await;

    // Review starts; the coordinator assigns both reviewers by hand.
    walk.as_demo("coordinator@massaimh.test").await;
    walk.pay_all(elena).await;
    walk.verify_degrees(elena).await;
    walk.go(&format!("/applications/{elena}/review")).await;
    walk.click_button("Portfolio complete: start review").await;
    walk.expect_text("Under review").await;
    for assigned in 1..=2 {
        walk.go(&format!("/applications/{elena}/review")).await;
        walk.click("#candidates form button").await;
        // The page already says "Assigned" for the first reviewer before the second click's
        // answer arrives, so wait for the store rather than for the text (seen in CI).
        let mut count = 0;
        for _ in 0..200 {
            count = store
                .reviewers(ApplicationId(elena))
                .await
                .expect("reviewers")
                .len();
            if count >= assigned {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(count, assigned, "reviewers assigned after click {assigned}");
        walk.expect_text("Assigned").await;
    }

    // Both ask for more RS/C; the coordinator follows them.
    let tomorrow = (Utc::now().date_naive() + Duration::days(1)).to_string();
    walk.as_demo("reviewer1@massaimh.test").await;
    walk.review(elena, "more-work", "Needs more RS/C hours", Some(&tomorrow))
        .await;
    walk.as_demo("reviewer2@massaimh.test").await;
    walk.review(elena, "more-work", "Agree: more RS/C", Some(&tomorrow))
        .await;
    walk.as_demo("coordinator@massaimh.test").await;
    walk.decide(elena, "more-work", Some(&tomorrow)).await;
    walk.expect_text("More work required").await;
    let notice = wait_for_mail(&sink, "elena.morales@example.org", "More work required").await;
    assert!(notice.contains(&tomorrow), "{notice}");

    // A day passes: the test moves the stored re-review date to yesterday, as the clock would.
    let yesterday = Utc::now().date_naive() - Duration::days(1);
    let tomorrow_date = Utc::now().date_naive() + Duration::days(1);
    store
        .transition(
            ApplicationId(elena),
            State::MoreWorkRequired {
                re_review_after: tomorrow_date,
            },
            State::MoreWorkRequired {
                re_review_after: yesterday,
            },
            &NewAudit {
                at: Utc::now(),
                actor: None,
                association: Some(massaimh),
                subject: format!("application:{elena}"),
                action: "test-clock".to_string(),
                reason: "the re-review date has come".to_string(),
            },
            &Effects::default(),
        )
        .await
        .expect("time passes");

    // The applicant resubmits; review starts again, round 2.
    walk.as_demo("elena.morales@example.org").await;
    walk.go(&format!("/applications/{elena}")).await;
    walk.click("#confirm-submit").await;
    walk.click_button("Submit portfolio for review").await;
    walk.expect_text("Submitted").await;
    walk.as_demo("coordinator@massaimh.test").await;
    walk.pay_all(elena).await;
    walk.verify_degrees(elena).await;
    walk.go(&format!("/applications/{elena}/review")).await;
    walk.click_button("Portfolio complete: start review").await;
    walk.expect_text("Under review").await;
    walk.go(&format!("/applications/{elena}/review")).await;
    walk.expect_text("No review yet").await;
    let round = store
        .application(ApplicationId(elena))
        .await
        .expect("application")
        .review_round;
    assert_eq!(round, 2);

    walk.as_demo("reviewer1@massaimh.test").await;
    walk.review(elena, "endorse", "RS/C now sufficient", None)
        .await;
    walk.as_demo("reviewer2@massaimh.test").await;
    walk.review(elena, "endorse", "Endorse", None).await;
    walk.as_demo("coordinator@massaimh.test").await;
    walk.decide(elena, "endorse", None).await;
    walk.expect_text("Endorsed").await;
    walk.check("review-endorsed").await;
    assert_eq!(state_of(&store, elena).await, State::Endorsed);

    walk.client.close().await.expect("close");
    served.stop().await;
}
