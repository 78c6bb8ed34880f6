//! No silent stall, in real headless Chromium: the applicant names a reviewer as a conflict
//! before review, the automatic plan finds one reviewer, the coordinator reads why, invites a
//! new reviewer by email (the link read from the SMTP sink), who chooses a password, signs in
//! and reviews; the second review comes in and the coordinator endorses. axe-core runs on
//! every new page (staff accounts, the why page, the invitation, the consent page).

use chrono::Utc;
use fantoccini::Locator;
use lattice_domain::application::State;
use lattice_domain::ids::{ApplicationId, PersonId};
use lattice_store::SharedStore;
use lattice_web::demo::DEMO_PASSWORD;

use crate::browser::{Driver, Served, Walk, browser_available, wait_for_mail};
use crate::support::Sink;

const NEW_REVIEWER: &str = "nadia.okoro@example.org";
const NEW_PASSWORD: &str = "a reviewer's own passphrase";

async fn person(store: &SharedStore, email: &str) -> PersonId {
    store.person_by_email(email).await.expect("person").0.id
}

impl Walk {
    /// A new staff member's first sign-in: the password, then enrolment in the second factor
    /// with a code from the key the page shows. Returns the key.
    async fn enrol(&self, email: &str, password: &str) -> String {
        self.go("/sign-in").await;
        self.fill("email", email).await;
        self.fill("password", password).await;
        self.click("form.stack button[type=submit]").await;
        self.expect_text("Set up two-step sign-in").await;
        let key = self.totp_key_on_page().await;
        let code = crate::browser::next_totp_code(&format!("{}|{email}", self.base), &key).await;
        self.fill("code", &code).await;
        self.click("form.stack button[type=submit]").await;
        self.expect_text("Two-step sign-in is on").await;
        self.click("a.button").await;
        self.expect_text("Welcome,").await;
        key
    }

    /// Signs in with the password and a code from the person's own key.
    async fn sign_in_with_key(&self, email: &str, password: &str, key: &str) {
        self.go("/sign-in").await;
        self.fill("email", email).await;
        self.fill("password", password).await;
        self.click("form.stack button[type=submit]").await;
        self.expect_text("Enter your sign-in code").await;
        let code = crate::browser::next_totp_code(&format!("{}|{email}", self.base), key).await;
        self.fill("code", &code).await;
        self.click("form.stack button[type=submit]").await;
        self.expect_text("Welcome,").await;
    }

    /// Signs out whoever is signed in, then signs in.
    async fn staff_as(&self, email: &str, password: &str) {
        if self.source().await.contains("Sign out") {
            self.sign_out().await;
        }
        self.sign_in(email, password).await;
    }

    /// Submits a review recommending endorsement.
    async fn staff_review(&self, id: i64, comments: &str) {
        self.go(&format!("/applications/{id}/review")).await;
        self.expect_text("Your review").await;
        self.click("#review-form input[name='req:Education']").await;
        self.click("#review-form input[name=recommendation][value='endorse']")
            .await;
        self.fill("review-comments", comments).await;
        self.click_button("Submit review").await;
        self.expect_text(comments).await;
    }
}

/// The invitation link of a delivered mail, quoted-printable undone.
fn invitation_link(mail: &str) -> String {
    let text = mail
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=");
    let start = text.find("/staff-invitation?token=").expect("link");
    text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect()
}

#[tokio::test]
async fn a_conflict_leaves_one_reviewer_and_the_coordinator_invites_another() {
    if !browser_available() {
        return;
    }
    let work = tempfile::tempdir().expect("dir");
    let sink = Sink::start(&work.path().join("sink"), 0);
    let served = Served::start(work.path(), &sink).await;
    let store = served.store.clone();
    let elena_person = person(&store, "elena.morales@example.org").await;
    let elena = store
        .applications_of_person(elena_person)
        .await
        .expect("applications")[0]
        .id
        .0;
    let coordinator = person(&store, "coordinator@massaimh.test").await;
    // Fees paid and degrees checked are other tests' business: done through the store.
    for invoice in store
        .invoices(ApplicationId(elena))
        .await
        .expect("invoices")
    {
        if !invoice.paid {
            store
                .mark_invoice_paid(invoice.id, coordinator, Utc::now())
                .await
                .expect("paid");
        }
    }

    let driver = Driver::start();
    let mut walk = Walk::open(&driver, work.path(), &served.config.base_url).await;

    // Elena names Priya before review starts.
    walk.staff_as("elena.morales@example.org", DEMO_PASSWORD)
        .await;
    walk.go(&format!("/applications/{elena}")).await;
    walk.fill("conflict-person", "Priya Natarajan").await;
    walk.fill("conflict-why", "She supervised my internship")
        .await;
    walk.click("#conflict-form button[type=submit]").await;
    walk.expect_text("She supervised my internship").await;

    // The coordinator checks the degrees and starts the review; the plan finds one reviewer.
    walk.staff_as("coordinator@massaimh.test", DEMO_PASSWORD)
        .await;
    loop {
        walk.go(&format!("/applications/{elena}/review")).await;
        let Ok(button) = walk
            .client
            .find(Locator::Css("button[value=verified]"))
            .await
        else {
            break;
        };
        button.click().await.expect("verify");
        walk.expect_text("Verified against the official transcript")
            .await;
    }
    walk.click_button("Portfolio complete: start review").await;
    walk.expect_text("Under review").await;
    walk.go("/staff/massaimh/assign").await;
    walk.expect_text("needs 1 more reviewer").await;
    walk.click("form[action='/staff/massaimh/assign'] button[type=submit]")
        .await;
    walk.expect_text("id=\"applied\"").await;
    walk.click(&format!("a[href='/applications/{elena}/reviewers/why']"))
        .await;
    walk.expect_text("1 reviewer short").await;
    walk.expect_text("was named by the applicant as a conflict of interest")
        .await;
    walk.check("assignment-why-short").await;

    // Invite a reviewer endorsed at II from the staff accounts page.
    walk.click("#invite-link").await;
    walk.expect_text("Invite someone").await;
    walk.check("staff-accounts").await;
    walk.fill("invite-name", "Nadia Okoro").await;
    walk.fill("invite-email", NEW_REVIEWER).await;
    walk.click("#invite-form input[name='endorsed:II']").await;
    walk.fill("invite-employer", "Harbor Family Services").await;
    walk.click_button("Send invitation").await;
    walk.expect_text("Invitation sent").await;
    walk.check("staff-accounts-invited").await;

    // Nadia follows the emailed link and chooses her password.
    let mail = wait_for_mail(&sink, NEW_REVIEWER, "invited").await;
    let link = invitation_link(&mail);
    walk.sign_out().await;
    walk.go(&link).await;
    walk.expect_text("Accept your invitation").await;
    walk.check("staff-invitation").await;
    walk.fill("password", NEW_PASSWORD).await;
    walk.fill("confirm", NEW_PASSWORD).await;
    walk.click("#accept-form button[type=submit]").await;
    walk.expect_text("You are now a reviewer").await;
    // Staff sign in with a second factor: her first sign-in sets it up.
    let key = walk.enrol(NEW_REVIEWER, NEW_PASSWORD).await;
    walk.go("/account/reviewing").await;
    walk.check("reviewing-consent").await;

    // The coordinator assigns her: enough reviewers now.
    let nadia = person(&store, NEW_REVIEWER).await;
    walk.staff_as("coordinator@massaimh.test", DEMO_PASSWORD)
        .await;
    walk.go(&format!("/applications/{elena}/review")).await;
    walk.click(&format!(
        "form[action='/applications/{elena}/review/assign'] input[value='{nadia}'] ~ button"
    ))
    .await;
    // Her name is in the candidates table already: wait for the list of those assigned.
    walk.expect_text("<li>Nadia Okoro").await;
    walk.go(&format!("/applications/{elena}/reviewers/why"))
        .await;
    walk.expect_text("id=\"enough\"").await;
    walk.check("assignment-why-enough").await;

    // Two reviews, then the decision.
    walk.staff_as("reviewer1@massaimh.test", DEMO_PASSWORD)
        .await;
    walk.staff_review(elena, "Strong relationship-based work")
        .await;
    walk.sign_out().await;
    walk.sign_in_with_key(NEW_REVIEWER, NEW_PASSWORD, &key)
        .await;
    walk.staff_review(elena, "Agreed, ready to endorse").await;
    walk.staff_as("coordinator@massaimh.test", DEMO_PASSWORD)
        .await;
    walk.go(&format!("/applications/{elena}/review")).await;
    walk.expect_text("id=\"agreement\"").await;
    walk.click("#decision-form input[name=recommendation][value='endorse']")
        .await;
    walk.click("#decision-confirmed").await;
    walk.click_button("Record the decision").await;
    // The state chip of the page the decision redirects to (the word alone is on the form).
    walk.expect_text("state-endorsed").await;
    assert_eq!(
        store
            .application(ApplicationId(elena))
            .await
            .expect("application")
            .state,
        State::Endorsed
    );

    walk.client.close().await.expect("close");
    served.stop().await;
}
