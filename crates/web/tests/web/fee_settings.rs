//! Fees, the late fee, the renewal deadline and the grace period in the association's hands
//! (issue #21 item 2): MassAIMH's coordinator raises the Category II processing fee from $100
//! to $120 and gives a 30-day grace period from 2027-01-01 on `/staff/massaimh/settings/fees`;
//! the change is a scheduled edition, audited before -> after. Refused input names its field
//! and keeps what was typed. With the grace period, an endorsement good through the 2026
//! deadline (2026-12-31) is still in good standing on 2027-01-30 and lapses on 2027-01-31.

use axum::http::StatusCode;
use chrono::{NaiveDate, Utc};
use lattice_domain::endorsement::{Status, good_through};
use lattice_domain::ids::PersonId;
use lattice_domain::profile::keys;
use lattice_store::{EditionStatus, InvoiceKind, NewAudit, NewEdition, NewEndorsement, NewPerson};

use crate::support::{Page, TestApp};

const COORDINATOR: &str = "coordinator@massaimh.test";
const PAGE: &str = "/staff/massaimh/settings/fees";

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// Every field of the form as the page fills it: (name, value) of each text input and of the
/// selected option.
fn form_fields(page: &Page) -> Vec<(String, String)> {
    let body = &page.body;
    let start = body.find("id=\"fee-form\"").expect("the form");
    let form = &body[start..body[start..].find("</form>").expect("form end") + start];
    let attr = |tag: &str, name: &str| {
        let key = format!("{name}=\"");
        tag.find(&key).map(|i| {
            let rest = &tag[i + key.len()..];
            rest[..rest.find('"').expect("quote")].to_string()
        })
    };
    let mut fields = Vec::new();
    for tag in form.split("<input").skip(1) {
        let tag = &tag[..tag.find('>').expect("tag end")];
        if let (Some(name), Some(value)) = (attr(tag, "name"), attr(tag, "value"))
            && name != "csrf"
        {
            fields.push((name, value));
        }
    }
    for select in form.split("<select").skip(1) {
        let name = attr(select, "name").expect("select name");
        let chosen = select
            .split("<option")
            .find(|o| o.contains(" selected"))
            .and_then(|o| attr(o, "value"))
            .expect("a chosen option");
        fields.push((name, chosen));
    }
    fields
}

/// The form as filled, with `changes` typed over it.
fn with(fields: &[(String, String)], changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out = fields.to_vec();
    for (name, value) in changes {
        match out.iter_mut().find(|(n, _)| n == name) {
            Some(field) => field.1 = (*value).to_string(),
            None => panic!("no field {name} in {fields:?}"),
        }
    }
    out
}

fn as_pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}

/// The value a text input shows.
fn value_of(page: &Page, name: &str) -> String {
    form_fields(page)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no field {name}"))
        .1
}

/// An endorsee of MassAIMH good through `valid_through`.
async fn endorsee(
    app: &TestApp,
    email: &str,
    name: &str,
    valid_through: NaiveDate,
) -> (PersonId, i64) {
    let store = app.state.store();
    // The demo password, so the endorsee can sign in.
    let password = store
        .person_by_email("ana@example.org")
        .await
        .expect("ana")
        .1;
    let person = store
        .create_person(&NewPerson {
            email: email.to_string(),
            name: name.to_string(),
            password_hash: password,
            admin: false,
        })
        .await
        .expect("person");
    let association = store.association_by_slug("massaimh").await.expect("a").id;
    let id = store
        .add_endorsement(&NewEndorsement {
            person,
            association,
            abbreviation: "MassAIMH".to_string(),
            application: None,
            category: "IFS".to_string(),
            name_line: format!("{name}, MSW, IMH-E®"),
            title_line: "Infant Family Specialist".to_string(),
            display_name: name.to_string(),
            city: "Boston".to_string(),
            region: "MA".to_string(),
            endorsed_on: day(2024, 6, 1),
            valid_through,
            at: Utc::now(),
        })
        .await
        .expect("endorsement");
    (person, id)
}

async fn a_coordinator_changes_a_fee_and_the_grace_period(app: TestApp) {
    let store = app.state.store().clone();
    let mut maria = app.client();
    maria.sign_in(COORDINATOR).await;
    // The staff page leads to the settings hub, and the hub to this page.
    let staff = maria.get("/staff/massaimh").await;
    assert!(
        staff.body.contains("href=\"/staff/massaimh/settings\""),
        "{}",
        staff.body
    );
    let hub = maria.get("/staff/massaimh/settings").await;
    assert!(
        hub.body.contains("href=\"/staff/massaimh/settings/fees\""),
        "{}",
        hub.body
    );
    let page = maria.get(PAGE).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    // In force today: MassAIMH's 2025 edition, Category II at $20 + $100, December 31, $25
    // late fee, no grace period (profiles/massaimh.toml).
    for row in [
        "<th scope=\"row\">Category II processing fee</th><td>$100</td>",
        "<th scope=\"row\">Late fee</th><td>$25</td>",
        "<th scope=\"row\">Renewal deadline</th><td>December 31 of the renewal year</td>",
        "<th scope=\"row\">Grace period</th><td>none</td>",
    ] {
        assert!(page.body.contains(row), "{row} in {}", page.body);
    }
    let fields = form_fields(&page);
    assert_eq!(value_of(&page, "fee.II.processing"), "100");
    assert_eq!(value_of(&page, "effective"), "2027-01-01");

    let sent = maria
        .post(
            PAGE,
            &as_pairs(&with(
                &fields,
                &[("fee.II.processing", "120"), ("grace_days", "30")],
            )),
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(
        sent.location.as_deref(),
        Some("/staff/massaimh/settings/fees?scheduled=2027-01-01")
    );
    let after = maria.get(sent.location.as_deref().expect("to")).await;
    assert!(
        after
            .body
            .contains("The new figures are scheduled: they take effect on 2027-01-01"),
        "{}",
        after.body
    );
    for row in [
        "<th scope=\"row\">Category II processing fee</th><td>$100</td><td>$120</td>",
        "<th scope=\"row\">Category II registration fee</th><td>$20</td><td>$20</td>",
        "<th scope=\"row\">Grace period</th><td>none</td><td>30 days</td>",
    ] {
        assert!(after.body.contains(row), "{row} in {}", after.body);
    }
    assert!(
        after
            .body
            .contains("<th scope=\"col\">From 2027-01-01 (scheduled)</th>")
    );

    // The edition: only what changed, each cited as the association's setting.
    let mass = store.association_by_slug("massaimh").await.expect("m").id;
    let editions = store.editions_of(mass).await.expect("editions");
    assert_eq!(editions.len(), 1);
    assert_eq!(editions[0].status, EditionStatus::Scheduled);
    assert_eq!(editions[0].effective, day(2027, 1, 1));
    assert!(
        !editions[0].text.contains("registration_usd = 15"),
        "{}",
        editions[0].text
    );
    let profile = app
        .state
        .catalog()
        .profile("massaimh", day(2027, 1, 2))
        .expect("in force");
    let track = "II".parse::<lattice_domain::category::Track>().expect("II");
    let fees = profile.categories[&track].fees.clone().expect("fees");
    assert_eq!((fees.registration_usd, fees.processing_usd), (20, 120));
    assert_eq!(profile.renewal.grace_days, 30);
    assert_eq!(profile.renewal.late_fee_usd, Some(25));
    // Good standing for the 2027 renewal runs 30 days past December 31, 2027.
    assert_eq!(good_through(&profile.renewal, 2027), Some(day(2028, 1, 30)));
    let grace = profile
        .source(None, keys::RENEWAL_GRACE)
        .expect("the grace period is cited")
        .in_words();
    assert!(
        grace.contains("The grace period set by Maria Santos on")
            && grace.contains("This is MassAIMH's setting in Lattice"),
        "{grace}"
    );
    assert!(profile.uncited().is_empty(), "{:?}", profile.uncited());
    // A restarted node reads the same.
    let restarted = lattice_web::sync_profiles(&store).await.expect("catalog");
    assert_eq!(
        restarted
            .profile("massaimh", day(2027, 1, 2))
            .expect("in force")
            .renewal
            .grace_days,
        30
    );

    // The audit row says who, and each figure before -> after.
    let audit = store.audit_of_association(mass, 50).await.expect("audit");
    let row = audit
        .iter()
        .find(|a| a.action == "schedule-fee-settings")
        .expect("audited");
    assert_eq!(row.subject, "profile-edition:massaimh@2027-01-01");
    assert_eq!(
        row.reason,
        "from 2027-01-01: Category II processing fee: $100 -> $120; grace period: none -> 30 days"
    );
    let (maria_id, _) = store.person_by_email(COORDINATOR).await.expect("maria");
    assert_eq!(row.actor, Some(maria_id.id));

    // With the grace period, an endorsement good through the 2026 deadline stays in good
    // standing through 2027-01-30 and lapses on 2027-01-31; one with no grace (before the
    // edition) would have lapsed on 2027-01-01.
    let (_, graced) = endorsee(&app, "grace@example.org", "Grace Hall", day(2026, 12, 31)).await;
    // Lucía, alike, chose Spanish with the switch: her notice comes in Spanish.
    let (_, lucia) = endorsee(&app, "lucia@example.org", "Lucía Paz", day(2026, 12, 31)).await;
    choose_spanish(&app, "lucia@example.org").await;
    let pass = |y, m, d| {
        let store = store.clone();
        let catalog = app.state.catalog().clone();
        async move {
            let now = day(y, m, d).and_hms_opt(3, 0, 0).expect("time").and_utc();
            lattice_web::lifecycle::run_pass(&store, &catalog, "http://lattice.test", now)
                .await
                .expect("pass");
        }
    };
    pass(2027, 1, 1).await;
    assert_eq!(
        store.endorsement(graced).await.expect("row").status,
        Status::Active
    );
    pass(2027, 1, 30).await;
    assert_eq!(
        store.endorsement(graced).await.expect("row").status,
        Status::Active,
        "the last day of the grace period"
    );
    pass(2027, 1, 31).await;
    assert_eq!(
        store.endorsement(graced).await.expect("row").status,
        Status::Lapsed,
        "the day after the grace period"
    );
    let lucia_number = store
        .endorsement(lucia)
        .await
        .expect("row")
        .credential_number;
    let notice = store
        .mails_to("lucia@example.org")
        .await
        .expect("mails")
        .into_iter()
        .find(|m| m.subject == "Su credencial Endorsement® venció")
        .expect("Lucía's notice, in Spanish");
    assert_eq!(
        notice.body,
        format!(
            "Hola, Lucía Paz:\n\nSu credencial Endorsement® Infant Family Specialist ({lucia_number}) no se renovó y venció; ya no aparece en el registro público. Su página de verificación indica desde cuándo.\n\nPuede restablecerla aquí: http://lattice.test/renewal\n"
        )
    );

    // The 7-day reminder for the 2027 renewal names the real last day and the late fee.
    endorsee(&app, "rolf@example.org", "Rolf Berg", day(2028, 1, 30)).await;
    pass(2027, 12, 24).await;
    let due: Vec<String> = store
        .mails_to("rolf@example.org")
        .await
        .expect("mails")
        .into_iter()
        .filter(|m| m.subject == "Your 2027 renewal is due by 2027-12-31")
        .map(|m| m.body)
        .collect();
    assert_eq!(due.len(), 1, "{due:?}");
    assert!(
        due[0].contains("A late renewal is still taken until 2028-01-30 with a $25 late fee; an endorsement not renewed by then lapses on 2028-01-31."),
        "{}",
        due[0]
    );
    // In Spanish, the same reminder with the dates written out.
    let spanish: Vec<String> = store
        .mails_to("lucia@example.org")
        .await
        .expect("mails")
        .into_iter()
        .filter(|m| m.subject.starts_with("Su renovación"))
        .map(|m| m.subject)
        .collect();
    assert!(
        spanish.is_empty(),
        "lapsed, she is reminded of nothing: {spanish:?}"
    );
    endorsee(&app, "sofia@example.org", "Sofía Ruiz", day(2028, 1, 30)).await;
    choose_spanish(&app, "sofia@example.org").await;
    pass(2027, 12, 25).await;
    let due: Vec<(String, String)> = store
        .mails_to("sofia@example.org")
        .await
        .expect("mails")
        .into_iter()
        .map(|m| (m.subject, m.body))
        .collect();
    assert_eq!(due.len(), 1, "{due:?}");
    assert_eq!(
        due[0].0,
        "Su renovación de 2027 vence el viernes, 31 de diciembre de 2027"
    );
    assert!(
        due[0].1.contains("La renovación de 2027 vence el viernes, 31 de diciembre de 2027 (dentro de 6 días). Todavía se acepta una renovación tardía hasta el domingo, 30 de enero de 2028, con una cuota por atraso de 25 US$; una credencial no renovada para entonces vence el lunes, 31 de enero de 2028."),
        "{}",
        due[0].1
    );
}

/// The endorsee signs in and chooses Spanish with the header's switch.
async fn choose_spanish(app: &TestApp, email: &str) {
    let mut client = app.client();
    client.sign_in(email).await;
    let chosen = client.post("/language", &[("language", "es")]).await;
    assert_eq!(chosen.status, StatusCode::SEE_OTHER, "{}", chosen.body);
}

#[tokio::test]
async fn a_coordinator_changes_a_fee_and_the_grace_period_on_sqlite() {
    a_coordinator_changes_a_fee_and_the_grace_period(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_coordinator_changes_a_fee_and_the_grace_period_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        a_coordinator_changes_a_fee_and_the_grace_period(app).await;
    }
}

async fn refused_input_names_the_field(app: TestApp) {
    let mut maria = app.client();
    maria.sign_in(COORDINATOR).await;
    let page = maria.get(PAGE).await;
    let fields = form_fields(&page);
    for (changes, field, message) in [
        (
            vec![("fee.II.processing", "-5")],
            "fee.II.processing",
            "Category II processing fee: “-5” is not a whole number (0 or more, digits only)",
        ),
        (
            vec![("grace_days", "thirty")],
            "grace_days",
            "Grace period: “thirty” is not a whole number (0 or more, digits only)",
        ),
        (
            vec![("grace_days", "400")],
            "grace_days",
            "Grace period: 400 is more than 366",
        ),
        (
            vec![("deadline_month", "2"), ("deadline_day", "30")],
            "deadline_day",
            "Renewal deadline: day: February 30 is not a day of every year",
        ),
        (
            vec![("deadline_month", "2"), ("deadline_day", "29")],
            "deadline_day",
            "Renewal deadline: day: February 29 is not a day of every year",
        ),
        (
            vec![("effective", "2020-01-01"), ("late_fee", "30")],
            "effective",
            "Takes effect on: 2020-01-01 is not after today",
        ),
        (
            vec![("effective", "2027-02-30"), ("late_fee", "30")],
            "effective",
            "Takes effect on: “2027-02-30” is not a date (YYYY-MM-DD)",
        ),
    ] {
        let typed = with(&fields, &changes);
        let refused = maria.post(PAGE, &as_pairs(&typed)).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{changes:?}: {}",
            refused.body
        );
        let id = field.replace('.', "-");
        assert!(
            refused.body.contains(&format!(
                "<p class=\"error\" id=\"{id}-error\">{}",
                html(message)
            )),
            "{message} beside {field}: {}",
            refused.body
        );
        // What was typed is kept.
        for (name, value) in &changes {
            assert_eq!(value_of(&refused, name), *value, "{name} kept");
        }
    }
    // Nothing changed is refused too, and nothing was scheduled.
    let same = maria.post(PAGE, &as_pairs(&fields)).await;
    assert_eq!(same.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(same.body.contains("Nothing changed"), "{}", same.body);
    let store = app.state.store();
    let mass = store.association_by_slug("massaimh").await.expect("m").id;
    assert!(store.editions_of(mass).await.expect("editions").is_empty());
}

/// Askama's escaping of the quotes and dashes in a message.
fn html(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
        .replace('>', "&#62;")
        .replace('<', "&#60;")
}

#[tokio::test]
async fn refused_input_names_the_field_on_sqlite() {
    refused_input_names_the_field(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn refused_input_names_the_field_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        refused_input_names_the_field(app).await;
    }
}

/// The number a line of the preview's counts starts with.
fn count_in(page: &Page, id: &str) -> usize {
    let marker = format!("id=\"{id}\">");
    let start = page
        .body
        .find(&marker)
        .unwrap_or_else(|| panic!("no {id} in {}", page.body))
        + marker.len();
    let digits: String = page.body[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().expect("a count")
}

/// The preview of the form with `change` typed, as the button posts it.
async fn preview(maria: &mut crate::support::Client<'_>, change: &[(String, String)]) -> Page {
    maria.get(PAGE).await;
    maria
        .post(&format!("{PAGE}/preview"), &as_pairs(change))
        .await
}

/// "Preview whom it affects" for a 30-day grace period and a $40 late fee from 2027-01-01:
/// on the page, nothing saved. An endorsee good through the 2026 deadline now lapses on
/// 2027-01-01 and would on 2027-01-31; one good through 2027 on 2028-01-01, then 2028-01-31;
/// one whose stored day (2026-06-30, imported) lapses before the edition takes effect is not
/// touched. Counted against the same preview before they were added.
async fn the_preview_says_what_the_change_does_to_renewals(app: TestApp) {
    let store = app.state.store().clone();
    let mut maria = app.client();
    maria.sign_in(COORDINATOR).await;
    let page = maria.get(PAGE).await;
    let change = with(
        &form_fields(&page),
        &[("grace_days", "30"), ("late_fee", "40")],
    );
    let before = preview(&mut maria, &change).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);
    assert!(
        before
            .body
            .contains("A preview: nothing is saved yet. From 2027-01-01: "),
        "{}",
        before.body
    );
    // The form keeps what was typed.
    assert_eq!(value_of(&before, "grace_days"), "30");
    assert_eq!(value_of(&before, "late_fee"), "40");
    assert!(before.body.contains("($25 → $40)"), "{}", before.body);
    let counts = |page: &Page| {
        [
            "impact-endorsees",
            "impact-deadline",
            "impact-lapse",
            "impact-fee",
        ]
        .map(|id| count_in(page, id))
    };
    let [seen, deadline, lapse, fee] = counts(&before);

    endorsee(&app, "rena@example.org", "Rena Walsh", day(2026, 12, 31)).await;
    endorsee(&app, "sam@example.org", "Sam Obi", day(2027, 12, 31)).await;
    endorsee(&app, "olga@example.org", "Olga Imported", day(2026, 6, 30)).await;
    let after = preview(&mut maria, &change).await;
    assert_eq!(
        counts(&after),
        [seen + 3, deadline, lapse + 2, fee + 2],
        "{}",
        after.body
    );
    let row = |name: &str| {
        let start = after.body.find(&format!("<th scope=\"row\">{name}</th>"))?;
        let end = start + after.body[start..].find("</tr>")?;
        Some(after.body[start..end].to_string())
    };
    let rena = row("Rena Walsh").expect("Rena listed");
    assert!(
        rena.contains("<td>2026</td><td>2026-12-31</td><td>2027-01-01 → 2027-01-31</td>"),
        "{rena}"
    );
    let sam = row("Sam Obi").expect("Sam listed");
    assert!(
        sam.contains("<td>2027</td><td>2027-12-31</td><td>2028-01-01 → 2028-01-31</td>"),
        "{sam}"
    );
    assert_eq!(row("Olga Imported"), None, "decided before the edition");

    // Nothing was saved: no draft, no scheduled edition, no audit row.
    let mass = store.association_by_slug("massaimh").await.expect("m").id;
    assert!(
        store
            .audit_of_association(mass, 50)
            .await
            .expect("audit")
            .iter()
            .all(|a| !a.action.contains("fee-settings")),
        "a preview is not audited as a change"
    );
    assert!(
        !maria.get(PAGE).await.body.contains("(scheduled)"),
        "nothing scheduled"
    );
}

#[tokio::test]
async fn the_preview_says_what_the_change_does_to_renewals_on_sqlite() {
    the_preview_says_what_the_change_does_to_renewals(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn the_preview_says_what_the_change_does_to_renewals_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        the_preview_says_what_the_change_does_to_renewals(app).await;
    }
}

#[tokio::test]
async fn another_associations_coordinator_finds_nothing() {
    let app = TestApp::sqlite().await;
    let mut other = app.client();
    other.sign_in("coordinator@ct-aimh.test").await;
    assert_eq!(other.get(PAGE).await.status, StatusCode::NOT_FOUND);
    let own = other.get("/staff/ct-aimh/settings/fees").await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    let mut admin = app.client();
    admin.sign_in("admin@alliance.test").await;
    assert_eq!(admin.get(PAGE).await.status, StatusCode::OK);
}

/// Invoices take the fees of the edition in force on the day they are made. The edition the
/// form scheduled takes effect on 2027-01-01; to see that day come, the test stores the same
/// text dated today (as the day arriving would put it in force) and rebuilds the catalog.
#[tokio::test]
async fn a_new_invoice_has_the_new_fee_and_an_old_one_keeps_its_own() {
    let app = TestApp::sqlite().await;
    let store = app.state.store().clone();
    let mass = store.association_by_slug("massaimh").await.expect("m").id;
    let mut ben = app.client();
    ben.sign_in("ben.carter@example.org").await;
    ben.get("/register").await;
    let later = (Utc::now() + chrono::Duration::days(40))
        .date_naive()
        .to_string();
    let register = [
        ("association", "massaimh"),
        ("category", "IFS"),
        ("intended_submission", later.as_str()),
    ];
    let before = ben.post("/register", &register).await;
    assert_eq!(before.status, StatusCode::SEE_OTHER, "{}", before.body);
    let ben_application = latest_application(&app, "ben.carter@example.org").await;
    let invoice = |id| {
        let store = store.clone();
        async move {
            let invoices = store.invoices(id).await.expect("invoices");
            assert_eq!(invoices.len(), 1, "{invoices:?}");
            (invoices[0].kind, invoices[0].amount_usd)
        }
    };
    assert_eq!(
        invoice(ben_application).await,
        (InvoiceKind::Registration, 20)
    );

    let mut maria = app.client();
    maria.sign_in(COORDINATOR).await;
    let page = maria.get(PAGE).await;
    let fields = form_fields(&page);
    let sent = maria
        .post(
            PAGE,
            &as_pairs(&with(
                &fields,
                &[("fee.II.registration", "35"), ("grace_days", "30")],
            )),
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let scheduled = store.editions_of(mass).await.expect("editions").remove(0);
    let today = Utc::now().date_naive();
    let text = scheduled.text.replace(
        "effective = \"2027-01-01\"",
        &format!("effective = \"{today}\""),
    );
    // The day comes: the edition is in force. (Its 2027-01-01 twin stays scheduled.)
    let catalog_before = app
        .state
        .catalog()
        .profile("massaimh", today)
        .expect("p")
        .id
        .clone();
    store
        .save_edition(
            &NewEdition {
                association: mass,
                text,
                effective: today,
                status: EditionStatus::Scheduled,
                by: None,
                at: Utc::now(),
            },
            &NewAudit {
                at: Utc::now(),
                actor: None,
                association: Some(mass),
                subject: format!("profile-edition:massaimh@{today}"),
                action: "test-the-day-comes".into(),
                reason: String::new(),
            },
        )
        .await
        .expect("in force today");
    app.state
        .replace_catalog(lattice_web::sync_profiles(&store).await.expect("catalog"));
    assert_ne!(
        app.state
            .catalog()
            .profile("massaimh", today)
            .expect("p")
            .id,
        catalog_before
    );

    // Someone registering now gets $35; Ben's invoice stays $20.
    let password = store.person_by_email("ana@example.org").await.expect("a").1;
    store
        .create_person(&NewPerson {
            email: "lena@example.org".into(),
            name: "Lena Late".into(),
            password_hash: password,
            admin: false,
        })
        .await
        .expect("person");
    let mut late = app.client();
    late.sign_in("lena@example.org").await;
    late.get("/register").await;
    let after = late.post("/register", &register).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER, "{}", after.body);
    let lena_application = latest_application(&app, "lena@example.org").await;
    assert_eq!(
        invoice(lena_application).await,
        (InvoiceKind::Registration, 35)
    );
    assert_eq!(
        invoice(ben_application).await,
        (InvoiceKind::Registration, 20)
    );

    // The renewal page says the real last day and cites the setting.
    let mut jack = app.client();
    jack.sign_in("jack.osei@example.org").await;
    let renewal = jack.get("/renewal").await;
    let year = lattice_domain::endorsement::renewal_year(
        &app.state
            .catalog()
            .profile("massaimh", today)
            .expect("p")
            .renewal,
        store
            .endorsements_of_person(
                store
                    .person_by_email("jack.osei@example.org")
                    .await
                    .expect("j")
                    .0
                    .id,
            )
            .await
            .expect("e")[0]
            .valid_through,
    );
    let last = day(year, 12, 31) + chrono::Duration::days(30);
    assert!(
        renewal.body.contains(&format!(
            "Grace period: a late renewal is still taken until {last}, and you stay in the registry meanwhile; not renewed by then, the endorsement lapses on {}.",
            last + chrono::Duration::days(1)
        )),
        "{}",
        renewal.body
    );
    assert!(
        renewal
            .body
            .contains("The grace period set by Maria Santos on"),
        "{}",
        renewal.body
    );
}

/// The latest application of the person with this email.
async fn latest_application(app: &TestApp, email: &str) -> lattice_domain::ids::ApplicationId {
    let store = app.state.store();
    let person = store.person_by_email(email).await.expect("person").0.id;
    store
        .applications_of_person(person)
        .await
        .expect("applications")
        .into_iter()
        .map(|a| a.id)
        .max_by_key(|id| id.0)
        .expect("an application")
}

/// Within the grace period an endorsement is still active and its renewal is taken with the
/// late fee. An edition in force today puts the deadline on yesterday with 30 days of grace:
/// the pass today leaves the endorsement good through yesterday active (without the grace it
/// would lapse today), the renewal page names the last day, and handing in the renewal owes
/// MassAIMH's $25 late fee.
async fn a_late_renewal_within_grace_owes_the_late_fee(app: TestApp) {
    let store = app.state.store().clone();
    let mass = store.association_by_slug("massaimh").await.expect("m").id;
    let today = Utc::now().date_naive();
    let yesterday = today - chrono::Duration::days(1);
    let text = format!(
        "[[edition]]\neffective = \"{today}\"\n[edition.cite]\n\"renewal.deadline\" = {{ setting = \"test deadline\" }}\n\"renewal.grace_days\" = {{ setting = \"test grace\" }}\n[edition.renewal]\ndeadline = {{ month = {}, day = {}, years_after = 0 }}\ngrace_days = 30\n",
        chrono::Datelike::month(&yesterday),
        chrono::Datelike::day(&yesterday)
    );
    store
        .save_edition(
            &NewEdition {
                association: mass,
                text,
                effective: today,
                status: EditionStatus::Scheduled,
                by: None,
                at: Utc::now(),
            },
            &NewAudit {
                at: Utc::now(),
                actor: None,
                association: Some(mass),
                subject: format!("profile-edition:massaimh@{today}"),
                action: "test-grace-today".into(),
                reason: String::new(),
            },
        )
        .await
        .expect("edition");
    app.state
        .replace_catalog(lattice_web::sync_profiles(&store).await.expect("catalog"));
    let (person, id) = endorsee(&app, "rena@example.org", "Rena Walsh", yesterday).await;

    lattice_web::lifecycle::run_pass(
        &store,
        app.state.catalog(),
        "http://lattice.test",
        Utc::now(),
    )
    .await
    .expect("pass");
    assert_eq!(
        store.endorsement(id).await.expect("row").status,
        Status::Active,
        "the day after the deadline, within the grace period"
    );

    let last = yesterday + chrono::Duration::days(30);
    let mut rena = app.client();
    rena.sign_in("rena@example.org").await;
    let page = rena.get("/renewal").await;
    assert!(
        page.body.contains(&format!(
            "Grace period: a late renewal is still taken until {last}, and you stay in the registry meanwhile; not renewed by then, the endorsement lapses on {}.",
            last + chrono::Duration::days(1)
        )),
        "{}",
        page.body
    );
    complete_the_year(&store, person, chrono::Datelike::year(&yesterday)).await;
    let year = chrono::Datelike::year(&yesterday);
    let done = rena.post(&format!("/renewal/massaimh/{year}"), &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let renewals = store.renewals_of_person(person).await.expect("renewals");
    assert_eq!(
        renewals
            .iter()
            .map(|r| (r.year, r.fee_usd))
            .collect::<Vec<_>>(),
        vec![(year, 25)]
    );
}

/// The renewal year's hours, the Code of Ethics and membership, as the renewal asks.
pub(crate) async fn complete_the_year(
    store: &lattice_store::SharedStore,
    person: PersonId,
    year: i32,
) {
    let training = serde_json::json!({"title": "Attachment across cultures", "provider": "MassAIMH",
        "date": format!("{year}-01-10"), "hours": 16, "kind": "workshop", "conference": null,
        "competencies": ["attachment-separation-trauma-grief-loss", "cultural-competence"],
        "population": "infant-toddler", "topics": []});
    store
        .add_entry(person, lattice_store::Section::Trainings, &training)
        .await
        .expect("training");
    store
        .set_portfolio_meta(
            person,
            &serde_json::json!({
                "agreements": {"code_of_ethics": format!("{year}-01-05"), "endorsement_agreement": "2024-05-01"},
            }),
        )
        .await
        .expect("meta");
    crate::support::record_membership(store, person, "massaimh", &format!("{}-06-30", year + 1))
        .await;
}

#[tokio::test]
async fn a_late_renewal_within_grace_owes_the_late_fee_on_sqlite() {
    a_late_renewal_within_grace_owes_the_late_fee(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_late_renewal_within_grace_owes_the_late_fee_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        a_late_renewal_within_grace_owes_the_late_fee(app).await;
    }
}
