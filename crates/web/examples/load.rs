//! Loopback load generator for `scripts/load`. Bounded by both time and request count.
//!
//! `load bare` serves a bare axum handler (the baseline) and prints its address.
//! `load sign-in --base URL --email EMAIL` signs in (with the demo's second factor for staff)
//! and prints the session cookie.
//! `load run --base URL --path P [--sign-in EMAIL | --cookie C] [--concurrency N] [--seconds S]
//! [--max M]` signs in when asked (or uses the cookie), then requests P from N keep-alive clients until S seconds or M
//! requests, and prints one JSON line: requests, errors, requests per second, p50/p99 in ms.
//! A `{name}` in P is replaced on every request by the start of a generated family name.
//! `--language CODE` asks for the page in that language (the language switch's cookie).
//! With `--form FIELDS` each request is a POST of those URL-encoded fields plus the session's
//! CSRF token (read once from `/dashboard`), and a redirect counts as success; with
//! `--unreviewed-from DATABASE_URL` each request takes the next application under review that
//! the signed-in reviewer has not reviewed yet as the `{id}` in P (a review is sent once).
//! `load seed --database-url URL --count N` adds N generated endorsees with active
//! endorsements to a database the server has already set up (associations exist).
//! `load seed-applications --database-url URL --association SLUG (--count N | --total N)`
//! adds N applicants (or brings the association to N applications) at every stage, with
//! portfolios, assignments to the association's two demo reviewers, reviews and snapshots,
//! in large multi-row transactions straight into the tables; it prints counts and seconds.

mod common;
use common::{flag, number};

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use reqwest::header::{COOKIE, SET_COOKIE};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("bare") => bare().await,
        Some("run") => run(&args[1..]).await,
        Some("sign-in") => {
            let base = flag(&args[1..], "--base").expect("--base");
            let email = flag(&args[1..], "--email").expect("--email");
            let client = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client");
            println!(
                "{}",
                sign_in(&client, base.trim_end_matches('/'), email).await
            );
        }
        Some("seed") => seed(&args[1..]).await,
        Some("seed-applications") => seed_applications(&args[1..]).await,
        _ => {
            eprintln!(
                "usage: load bare | load sign-in --base URL --email EMAIL | load run --base URL --path P [--sign-in EMAIL] [--concurrency N] [--seconds S] [--max M] | load seed --database-url URL --count N | load seed-applications --database-url URL --association SLUG (--count N | --total N)"
            );
            std::process::exit(2);
        }
    }
}

async fn bare() {
    let app = axum::Router::new().route("/", axum::routing::get(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    println!(
        "listening http://{}",
        listener.local_addr().expect("address")
    );
    axum::serve(listener, app).await.expect("serve");
}

async fn sign_in(client: &reqwest::Client, base: &str, email: &str) -> String {
    let page = client
        .get(format!("{base}/sign-in"))
        .send()
        .await
        .expect("sign-in page");
    let anon = page
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("lattice_csrf="))
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
        .expect("csrf cookie");
    let html = page.text().await.expect("body");
    let start = html.find("name=\"csrf\" value=\"").expect("csrf field") + 19;
    let csrf = html[start..].split('"').next().expect("token").to_string();
    let password =
        std::env::var("LOAD_PASSWORD").unwrap_or_else(|_| "lattice-demo-2026".to_string());
    let response = client
        .post(format!("{base}/sign-in"))
        .header(COOKIE, &anon)
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", email),
            ("password", &password),
            ("next", ""),
        ])
        .send()
        .await
        .expect("sign in");
    let cookie = |response: &reqwest::Response, name: &str| {
        response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(name))
            .map(|v| v.split(';').next().unwrap_or_default().to_string())
    };
    if let Some(session) = cookie(&response, "lattice_session=") {
        return session;
    }
    // Staff show a second factor next: demo staff share the published key.
    let pending = cookie(&response, "lattice_pending=")
        .unwrap_or_else(|| panic!("sign-in of {email} failed: {}", response.status()));
    let page = client
        .get(format!("{base}/sign-in/code"))
        .header(COOKIE, format!("{pending}; {anon}"))
        .send()
        .await
        .expect("code page")
        .text()
        .await
        .expect("body");
    let start = page.find("name=\"csrf\" value=\"").expect("csrf field") + 19;
    let csrf = page[start..].split('"').next().expect("token").to_string();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let code = lattice_web::demo::demo_totp_code(now).expect("demo code");
    let response = client
        .post(format!("{base}/sign-in/code"))
        .header(COOKIE, format!("{pending}; {anon}"))
        .form(&[("csrf", csrf.as_str()), ("code", &code), ("next", "")])
        .send()
        .await
        .expect("code");
    cookie(&response, "lattice_session=")
        .unwrap_or_else(|| panic!("second factor of {email} failed: {}", response.status()))
}

async fn run(args: &[String]) {
    let base = flag(args, "--base")
        .expect("--base")
        .trim_end_matches('/')
        .to_string();
    let path = flag(args, "--path").unwrap_or("/").to_string();
    let concurrency = number(args, "--concurrency", 16) as usize;
    let seconds = number(args, "--seconds", 10);
    let max = number(args, "--max", 100_000) as usize;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(concurrency)
        .build()
        .expect("client");
    // A staff member's second-factor code is accepted once, so a script that measures several
    // pages as one person signs in once (`load sign-in`) and passes the session's cookie.
    let cookie = match (flag(args, "--cookie"), flag(args, "--sign-in")) {
        (Some(cookie), _) => cookie.to_string(),
        (None, Some(email)) => sign_in(&client, &base, email).await,
        (None, None) => String::new(),
    };
    // `--language es` asks for the page in that language the way the header's switch does
    // (its cookie), so a page's cost in each language is measured with the same session.
    let cookie = match flag(args, "--language") {
        Some(code) => format!("{cookie}; lattice_lang={code}"),
        None => cookie,
    };
    let url = format!("{base}{path}");
    // A form to post instead of a GET: the session's CSRF token (read once from a signed-in
    // page) goes with every request, and `{id}` in the path takes the next of `ids`.
    let form = match flag(args, "--form") {
        Some(fields) => {
            let page = client
                .get(format!("{base}/dashboard"))
                .header(COOKIE, &cookie)
                .send()
                .await
                .expect("page with the CSRF token")
                .text()
                .await
                .expect("body");
            let start = page.find("name=\"csrf\" value=\"").expect("csrf field") + 19;
            let csrf = page[start..].split('"').next().expect("token").to_string();
            let mut pairs: Vec<(String, String)> =
                serde_urlencoded::from_str(fields).expect("--form: a URL-encoded form");
            pairs.push(("csrf".to_string(), csrf));
            Some(serde_urlencoded::to_string(&pairs).expect("form"))
        }
        None => None,
    };
    let ids = Arc::new(match flag(args, "--unreviewed-from") {
        Some(database) => {
            let email = flag(args, "--sign-in").expect("--unreviewed-from needs --sign-in");
            unreviewed(database, email).await
        }
        None => Vec::new(),
    });
    let max = if ids.is_empty() {
        max
    } else {
        max.min(ids.len())
    };
    if form.is_none() {
        // Warm up: connections, caches, the first page.
        for _ in 0..concurrency {
            let _ = client
                .get(&url)
                .header(COOKIE, &cookie)
                .send()
                .await
                .and_then(|r| r.error_for_status());
        }
    }
    let issued = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(AtomicUsize::new(0));
    let first_error = Arc::new(std::sync::Mutex::new(None::<String>));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (client, url, cookie, issued, errors) = (
            client.clone(),
            url.clone(),
            cookie.clone(),
            issued.clone(),
            errors.clone(),
        );
        let (form, ids, first_error) = (form.clone(), ids.clone(), first_error.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut turn = 0usize;
            while Instant::now() < deadline {
                let number = issued.fetch_add(1, Ordering::SeqCst);
                if number >= max {
                    break;
                }
                turn += 1;
                let mut target = if url.contains("{name}") {
                    url.replace("{name}", &name_prefix(turn + latencies.len() * 7919))
                } else {
                    url.clone()
                };
                if let Some(id) = ids.get(number) {
                    target = target.replace("{id}", &id.to_string());
                }
                let start = Instant::now();
                let request = match &form {
                    Some(body) => client
                        .post(&target)
                        .header(
                            reqwest::header::CONTENT_TYPE,
                            "application/x-www-form-urlencoded",
                        )
                        .body(body.clone()),
                    None => client.get(&target),
                };
                // A saved form answers with a redirect (303): that is its success.
                let ok = match request.header(COOKIE, &cookie).send().await {
                    Ok(response)
                        if response.status().is_success() || response.status().is_redirection() =>
                    {
                        response.bytes().await.is_ok()
                    }
                    Ok(response) => {
                        let status = response.status();
                        let text = response.text().await.unwrap_or_default();
                        first_error.lock().expect("lock").get_or_insert(format!(
                            "{target}: {status}: {}",
                            text.chars().take(300).collect::<String>()
                        ));
                        false
                    }
                    Err(e) => {
                        first_error
                            .lock()
                            .expect("lock")
                            .get_or_insert(format!("{target}: {e}"));
                        false
                    }
                };
                if ok {
                    latencies.push(start.elapsed());
                } else {
                    errors.fetch_add(1, Ordering::SeqCst);
                }
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.expect("task"));
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q).ceil() as usize).saturating_sub(1))
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(f64::NAN)
    };
    println!(
        "{}",
        serde_json::json!({
            "path": path,
            "requests": latencies.len(),
            "errors": errors.load(Ordering::SeqCst),
            "seconds": elapsed,
            "rps": latencies.len() as f64 / elapsed,
            "p50_ms": at(0.50),
            "p99_ms": at(0.99),
            "concurrency": concurrency,
        })
    );
    if let Some(error) = first_error.lock().expect("lock").take() {
        eprintln!("load: first failed request: {error}");
    }
}

/// The applications under review assigned to `email` that they have not reviewed yet in the
/// current round, oldest first: each review save of `run --form` takes one, since a review is
/// sent once.
async fn unreviewed(database: &str, email: &str) -> Vec<i64> {
    use sqlx::Row;
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(database)
        .await
        .expect("database");
    sqlx::query(
        "SELECT a.id FROM applications a \
         JOIN application_reviewers ar ON ar.application_id = a.id \
         JOIN people p ON p.id = ar.person_id \
         WHERE p.email = $1 AND a.state = 'under-review' AND NOT EXISTS \
         (SELECT 1 FROM reviews v WHERE v.application_id = a.id AND v.round = a.review_round \
          AND v.reviewer_id = p.id) ORDER BY a.id",
    )
    .bind(email)
    .fetch_all(&pool)
    .await
    .expect("unreviewed applications")
    .iter()
    .map(|row| row.try_get::<i64, _>(0).expect("id"))
    .collect()
}

const GIVEN: [&str; 24] = [
    "Ana", "Ben", "Carmen", "Dev", "Elena", "Farah", "George", "Hana", "Isabel", "Jack", "Kara",
    "Luis", "Mei", "Noor", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tomas", "Uma", "Vera", "Wen",
    "Yusuf",
];
const FAMILY: [&str; 32] = [
    "Abbott",
    "Baca",
    "Chen",
    "Delgado",
    "Ellis",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jones",
    "Kowalski",
    "Lopez",
    "Morales",
    "Nguyen",
    "Okafor",
    "Patel",
    "Quispe",
    "Reyes",
    "Santos",
    "Tran",
    "Usman",
    "Vargas",
    "Walsh",
    "Xu",
    "Yazzie",
    "Zamora",
    "Begay",
    "Lind",
    "Osei",
    "Herrera",
    "Wong",
    "Natarajan",
];
const CITIES: [(&str, &str); 8] = [
    ("Boston", "MA"),
    ("Worcester", "MA"),
    ("Albuquerque", "NM"),
    ("Santa Fe", "NM"),
    ("Hartford", "CT"),
    ("Anchorage", "AK"),
    ("Detroit", "MI"),
    ("Lansing", "MI"),
];

/// The first three letters of a family name, chosen by `turn`.
fn name_prefix(turn: usize) -> String {
    FAMILY[turn % FAMILY.len()][..3].to_lowercase()
}

async fn seed(args: &[String]) {
    use lattice_store::{NewEndorsement, NewPerson};
    let url = flag(args, "--database-url").expect("--database-url");
    let count = number(args, "--count", 100_000) as usize;
    let store = lattice_store::connect(url, 4).await.expect("database");
    let associations = store.associations().await.expect("associations");
    assert!(
        !associations.is_empty(),
        "start the server once so the associations exist"
    );
    let categories = ["IFA", "IFS", "IMHS", "IMHM-C", "ECFA", "ECFS", "ECMHS"];
    let titles: Vec<String> = categories
        .iter()
        .map(|c| {
            c.parse::<lattice_domain::category::Category>()
                .map(|c| c.title().to_string())
                .unwrap_or_default()
        })
        .collect();
    let started = Instant::now();
    let today = chrono::Utc::now().date_naive();
    const BATCH: usize = 5_000;
    let mut done = 0;
    while done < count {
        let size = BATCH.min(count - done);
        let people: Vec<NewPerson> = (done..done + size)
            .map(|i| NewPerson {
                email: format!("endorsee{i}@registry.test"),
                name: format!(
                    "{} {}",
                    GIVEN[i % GIVEN.len()],
                    FAMILY[(i / GIVEN.len()) % FAMILY.len()]
                ),
                password_hash: None,
                admin: false,
            })
            .collect();
        let ids = store.add_people(&people).await.expect("people");
        let endorsements: Vec<NewEndorsement> = ids
            .iter()
            .zip(&people)
            .enumerate()
            .map(|(k, (id, person))| {
                let i = done + k;
                let association = &associations[i % associations.len()];
                let c = i % categories.len();
                let (city, region) = CITIES[i % CITIES.len()];
                NewEndorsement {
                    person: *id,
                    association: association.id,
                    abbreviation: association.slug.to_uppercase(),
                    application: None,
                    category: categories[c].to_string(),
                    name_line: format!("{}, IMH-E®", person.name),
                    title_line: titles[c].clone(),
                    display_name: person.name.clone(),
                    city: city.to_string(),
                    region: region.to_string(),
                    endorsed_on: today,
                    valid_through: today + chrono::Duration::days(400),
                    at: chrono::Utc::now(),
                }
            })
            .collect();
        store
            .add_endorsements(&endorsements)
            .await
            .expect("endorsements");
        done += size;
    }
    println!(
        "{}",
        serde_json::json!({"seeded": count, "seconds": started.elapsed().as_secs_f64()})
    );
}

/// A text as an SQL string literal. Every value seeded here is generated by this tool, never
/// read from outside, so quoting by doubling is enough; literals let one multi-row statement
/// carry thousands of rows on both backends without binding limits.
fn lit(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Appends to `out` the multi-row INSERTs into `head` that carry `rows`, in statements of at most
/// `ROWS_PER_STATEMENT` rows.
fn insert_rows(out: &mut Vec<String>, head: &str, rows: &[String]) {
    const ROWS_PER_STATEMENT: usize = 500;
    for part in rows.chunks(ROWS_PER_STATEMENT) {
        out.push(format!("INSERT INTO {head} VALUES {}", part.join(",")));
    }
}

/// The stages seeded, with their share in a hundred applications: every state the queue
/// filters by, most of them in the review stages the staff pages read.
const STAGES: [(&str, usize); 9] = [
    ("draft", 14),
    ("registered", 8),
    ("confirmed", 10),
    ("submitted", 14),
    ("under-review", 26),
    ("approved-for-exam", 10),
    ("exam-passed", 4),
    ("more-work-required", 4),
    ("endorsed", 10),
];

fn stage_of(i: usize) -> &'static str {
    // Spread the stages evenly over ids, so every slice of the data set (and every page of
    // the queue) holds each of them.
    let mut at = (i * 37) % 100;
    for (stage, share) in STAGES {
        if at < share {
            return stage;
        }
        at -= share;
    }
    "draft"
}

const SEED_CATEGORIES: [&str; 4] = ["IFA", "IFS", "IMHS", "IMHM-C"];
const COMPETENCIES: [&str; 12] = [
    "pregnancy-early-parenthood",
    "infant-very-young-child-development-behavior",
    "infant-very-young-child-family-centered-practice",
    "relationship-focused-practice",
    "family-relationships-dynamics",
    "attachment-separation-trauma-grief-loss",
    "cultural-competence",
    "disorders-of-infancy-early-childhood",
    "ethical-practice",
    "screening-assessment",
    "observation-listening",
    "reflective-supervision",
];
const TRAINING_TITLES: [&str; 10] = [
    "Foundations of Infant Mental Health",
    "Attachment and Loss in the First Years",
    "Culturally Responsive Home Visiting",
    "Screening with the ASQ:SE-2",
    "Working with Parents of Premature Infants",
    "Trauma-Informed Care for Toddlers",
    "Observation and Listening in Home Visits",
    "Ethics for Home Visitors",
    "Perinatal Depression and the Family",
    "Reflective Practice Basics",
];
const PROVIDERS: [&str; 6] = [
    "MassAIMH",
    "Boston Children's",
    "ZERO TO THREE",
    "Early Intervention Training Center",
    "NASW-MA",
    "Brookes",
];

/// One generated person's portfolio entries by section, in the shapes of `lattice-portfolio/1`
/// (as `examples/ana-ruiz.json` has them): one or two degrees, 15 to 30 trainings, one to three
/// jobs, RS/C and three references not yet asked.
fn portfolio_of(n: usize, today: chrono::NaiveDate) -> Vec<(&'static str, serde_json::Value)> {
    use serde_json::json;
    let day = |back: i64| (today - chrono::Duration::days(back)).to_string();
    let mut entries = Vec::new();
    entries.push((
        "education",
        json!({"level": "bachelors", "degree": "BA", "field": "Psychology",
               "institution": "UMass Boston", "completed": day(3000 + (n % 900) as i64),
               "imh_certificate": false}),
    ));
    if n.is_multiple_of(3) {
        entries.push((
            "education",
            json!({"level": "masters", "degree": "MSW", "field": "Social Work",
                   "institution": "Boston University", "completed": day(1500 + (n % 400) as i64),
                   "imh_certificate": n.is_multiple_of(6)}),
        ));
    }
    // 15 to 30 trainings over the last four years, each in one or two competency areas.
    for t in 0..15 + n % 16 {
        let k = n * 31 + t * 7;
        let mut areas = vec![COMPETENCIES[k % COMPETENCIES.len()]];
        if t % 2 == 0 {
            areas.push(COMPETENCIES[(k + 5) % COMPETENCIES.len()]);
        }
        entries.push((
            "trainings",
            json!({"title": TRAINING_TITLES[k % TRAINING_TITLES.len()],
                   "provider": PROVIDERS[k % PROVIDERS.len()],
                   "date": day(30 + ((t * 53 + n) % 1400) as i64),
                   "hours": 2 + (k % 7), "kind": "workshop", "conference": null,
                   "competencies": areas, "population": "infant-toddler", "topics": []}),
        ));
    }
    for w in 0..1 + n % 3 {
        let start = 2600 - 800 * w as i64;
        entries.push((
            "work",
            json!({"employer": PROVIDERS[(n + w) % PROVIDERS.len()], "role": "Home Visitor",
                   "start": day(start), "end": if w == n % 3 { serde_json::Value::Null } else { json!(day(start - 790)) },
                   "paid": true, "supervised": true, "internship": false,
                   "families_served": 10 + (n + w) % 30, "ages": ["prenatal", "birth-36m"],
                   "with_child_and_parent": true, "classroom": false,
                   "services": ["home-visiting"], "provides_rsc": false, "leadership": false}),
        ));
    }
    for r in 0..1 + n % 2 {
        entries.push((
            "rsc",
            json!({"provider": {"name": format!("Dr. {}", FAMILY[(n + r) % FAMILY.len()]),
                                "endorsement": "IMHM-C", "degree": "doctorate", "receives_rsc": true},
                   "format": if r == 0 { "individual" } else { "group" },
                   "start": day(700), "end": day(60), "hours": 12 + (n + r) % 20, "about_own_rsc": 0}),
        ));
    }
    for (role, who) in [
        ("program-supervisor", 1),
        ("rsc-provider", 2),
        ("colleague", 3),
    ] {
        entries.push((
            "references",
            json!({"role": role, "name": format!("{} {}", GIVEN[(n + who) % GIVEN.len()], FAMILY[(n + who * 3) % FAMILY.len()]),
                   "status": "not-requested", "not_enough_info": 0, "completed_on": null}),
        ));
    }
    entries
}

/// Counts and timing of one seeding run.
#[derive(Default)]
struct Seeded {
    applications: usize,
    entries: usize,
    assignments: usize,
    reviews: usize,
    snapshots: usize,
}

/// `load seed-applications --database-url URL --association SLUG (--count N | --total N)`:
/// adds N applicants with one application each (or as many as bring the association to N
/// applications), at every stage, straight into the tables in large transactions. The server
/// must have set the database up (the demo's association and reviewers) and must not be
/// running on SQLite while this writes.
async fn seed_applications(args: &[String]) {
    use sqlx::Row;
    let url = flag(args, "--database-url").expect("--database-url");
    let slug = flag(args, "--association").unwrap_or("massaimh");
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await
        .expect("database");
    let postgres = url.starts_with("postgres");
    let scalar = |sql: String| {
        let pool = pool.clone();
        async move {
            sqlx::query(&sql)
                .fetch_one(&pool)
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
                .try_get::<i64, _>(0)
                .expect("a number")
        }
    };
    let association = scalar(format!(
        "SELECT id FROM associations WHERE slug = {}",
        lit(slug)
    ))
    .await;
    let reviewer = |n: u8| {
        scalar(format!(
            "SELECT id FROM people WHERE email = 'reviewer{n}@{slug}.test'"
        ))
    };
    let reviewers = [reviewer(1).await, reviewer(2).await];
    let existing = scalar(format!(
        "SELECT COUNT(*) FROM applications WHERE association_id = {association}"
    ))
    .await as usize;
    let count = match (flag(args, "--count"), flag(args, "--total")) {
        (Some(_), _) => number(args, "--count", 0) as usize,
        (None, Some(_)) => (number(args, "--total", 0) as usize).saturating_sub(existing),
        (None, None) => panic!("--count N or --total N"),
    };
    let next =
        |table: &'static str| scalar(format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}"));
    let (mut person_id, mut application_id, mut entry_id, mut snapshot_id, mut membership_id) = (
        next("people").await,
        next("applications").await,
        next("portfolio_entries").await,
        next("snapshots").await,
        next("memberships").await,
    );

    let started = Instant::now();
    let now = chrono::Utc::now();
    let now_secs = now.timestamp();
    let today = now.date_naive();
    let mut seeded = Seeded::default();
    // One transaction per chunk: large enough that commits cost nothing, small enough that
    // the statements of one chunk stay a few megabytes.
    const CHUNK: usize = 2_000;
    let mut done = 0;
    while done < count {
        let size = CHUNK.min(count - done);
        let (mut people, mut portfolios, mut entries, mut memberships) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (mut applications, mut assignments, mut reviews, mut snapshots) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for k in 0..size {
            let n = person_id as usize;
            let name = format!(
                "{} {}",
                GIVEN[n % GIVEN.len()],
                FAMILY[(n / GIVEN.len()) % FAMILY.len()]
            );
            let email = format!("applicant{person_id}@load.test");
            // Created over the last two years; changed since, at distinct seconds.
            let created = now_secs - 86_400 * (30 + (n * 7919 % 700) as i64) - k as i64;
            let updated = (created + 86_400 * (n % 29) as i64).min(now_secs - k as i64);
            people.push(format!(
                "({person_id}, {}, {}, NULL, 0, {created})",
                lit(&email),
                lit(&name)
            ));
            let meta = serde_json::json!({"agreements": {
                "code_of_ethics": (today - chrono::Duration::days(90)).to_string(),
                "endorsement_agreement": (today - chrono::Duration::days(90)).to_string()}});
            portfolios.push(format!(
                "({person_id}, {}, {updated})",
                lit(&meta.to_string())
            ));
            let mut document = serde_json::json!({
                "format": "lattice-portfolio/1",
                "person": {"name": name, "email": email},
                "education": [], "trainings": [], "work": [], "rsc": [], "references": [],
                "agreements": meta["agreements"],
            });
            for (section, data) in portfolio_of(n, today) {
                entries.push(format!(
                    "({entry_id}, {person_id}, {}, {}, {created}, {updated})",
                    lit(section),
                    lit(&data.to_string())
                ));
                let mut shown = data;
                if section == "education" {
                    shown["entry_id"] = entry_id.into();
                }
                if section == "references" {
                    shown["source"] = "applicant".into();
                }
                if let Some(list) = document[section].as_array_mut() {
                    list.push(shown);
                }
                entry_id += 1;
                seeded.entries += 1;
            }
            let stage = stage_of(n);
            let category = SEED_CATEGORIES[n % SEED_CATEGORIES.len()];
            let registered = stage != "draft";
            if registered {
                let starts = (today - chrono::Duration::days(200)).to_string();
                let ends = (today + chrono::Duration::days(165)).to_string();
                memberships.push(format!(
                    "({membership_id}, {person_id}, {association}, {}, 'individual', {}, {}, NULL, {created})",
                    lit(&format!("L{person_id}")),
                    lit(&starts),
                    lit(&ends)
                ));
                document["membership"] = serde_json::json!({
                    "association": slug, "valid_until": ends, "source": "association",
                    "member_number": format!("L{person_id}"), "kind": "individual",
                    "starts_on": starts, "other_association": null});
                membership_id += 1;
            }
            let handed_in = !matches!(stage, "draft" | "registered" | "confirmed");
            let reviewed = !matches!(stage, "draft" | "registered" | "confirmed" | "submitted");
            let re_review = if stage == "more-work-required" {
                lit(&(today + chrono::Duration::days(60)).to_string())
            } else {
                "NULL".to_string()
            };
            let rules_date = if registered {
                lit(&chrono::DateTime::from_timestamp(created, 0)
                    .expect("time")
                    .date_naive()
                    .to_string())
            } else {
                "NULL".to_string()
            };
            let submitted_at = if handed_in {
                (created + 86_400).min(updated).to_string()
            } else {
                "NULL".to_string()
            };
            let decided_at = if matches!(stage, "endorsed" | "more-work-required") {
                updated.to_string()
            } else {
                "NULL".to_string()
            };
            // id, person, association, category, state, re_review_after, intended_submission,
            // created_at, updated_at, rules_date, cycle_id, review_round, submitted_at,
            // decided_at, reinstates
            applications.push(format!(
                "({application_id}, {person_id}, {association}, {}, {}, {re_review}, NULL, {created}, {updated}, {rules_date}, NULL, 0, {submitted_at}, {decided_at}, NULL)",
                lit(category),
                lit(stage)
            ));
            if handed_in {
                snapshots.push(format!(
                    "({snapshot_id}, {application_id}, {}, {submitted_at})",
                    lit(&document.to_string())
                ));
                snapshot_id += 1;
                seeded.snapshots += 1;
            }
            if reviewed {
                for (r, reviewer) in reviewers.iter().enumerate() {
                    assignments.push(format!(
                        "({application_id}, {reviewer}, {submitted_at}, NULL)"
                    ));
                    seeded.assignments += 1;
                    // Under review, the second reviewer has sent hers for half of them and
                    // the first none (the load test sends those); past review both have.
                    let sent = if stage == "under-review" {
                        r == 1 && n.is_multiple_of(2)
                    } else {
                        true
                    };
                    if sent {
                        let recommendation = match stage {
                            "more-work-required" => serde_json::json!({"kind": "more-work",
                                "re_review_after": (today + chrono::Duration::days(60)).to_string(),
                                "training": true, "rsc": false}),
                            "approved-for-exam" | "exam-passed" => {
                                serde_json::json!({"kind": "approve-for-exam"})
                            }
                            _ => serde_json::json!({"kind": "endorse"}),
                        };
                        reviews.push(format!(
                            "({application_id}, 0, {reviewer}, {}, {}, {}, {updated})",
                            lit(&recommendation.to_string()),
                            lit(r#"{"requirements":[],"areas":[]}"#),
                            lit("Portfolio read in full; the trainings cover the areas.")
                        ));
                        seeded.reviews += 1;
                    }
                }
            }
            person_id += 1;
            application_id += 1;
        }
        let mut statements = Vec::new();
        insert_rows(
            &mut statements,
            "people (id, email, name, password_hash, admin, created_at)",
            &people,
        );
        insert_rows(
            &mut statements,
            "portfolios (person_id, meta, updated_at)",
            &portfolios,
        );
        insert_rows(
            &mut statements,
            "portfolio_entries (id, person_id, section, data, created_at, updated_at)",
            &entries,
        );
        insert_rows(
            &mut statements,
            "memberships (id, person_id, association_id, member_number, kind, starts_on, ends_on, recorded_by, recorded_at)",
            &memberships,
        );
        insert_rows(
            &mut statements,
            "applications (id, person_id, association_id, category, state, re_review_after, intended_submission, created_at, updated_at, rules_date, cycle_id, review_round, submitted_at, decided_at, reinstates)",
            &applications,
        );
        insert_rows(
            &mut statements,
            "snapshots (id, application_id, document, created_at)",
            &snapshots,
        );
        insert_rows(
            &mut statements,
            "application_reviewers (application_id, person_id, assigned_at, due_on)",
            &assignments,
        );
        insert_rows(
            &mut statements,
            "reviews (application_id, round, reviewer_id, recommendation, checklist, comments, submitted_at)",
            &reviews,
        );
        let mut tx = pool.begin().await.expect("transaction");
        for sql in &statements {
            sqlx::raw_sql(sql)
                .execute(&mut *tx)
                .await
                .unwrap_or_else(|e| panic!("seeding: {e}"));
        }
        tx.commit().await.expect("commit");
        done += size;
        seeded.applications += size;
    }
    if postgres {
        // Ids were given explicitly: move each sequence past them, or the server's next
        // insert would collide.
        for table in [
            "people",
            "applications",
            "portfolio_entries",
            "snapshots",
            "memberships",
        ] {
            sqlx::raw_sql(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))
            .execute(&pool)
            .await
            .expect("sequence");
        }
    }
    // Fresh statistics, so the planner knows the tables' new sizes.
    sqlx::raw_sql("ANALYZE")
        .execute(&pool)
        .await
        .expect("analyze");
    let total = existing + count;
    println!(
        "{}",
        serde_json::json!({
            "association": slug,
            "applications_added": seeded.applications,
            "applications_in_association": total,
            "portfolio_entries": seeded.entries,
            "snapshots": seeded.snapshots,
            "assignments": seeded.assignments,
            "reviews": seeded.reviews,
            "seconds": started.elapsed().as_secs_f64(),
        })
    );
}
