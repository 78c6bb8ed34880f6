//! Loopback load generator for `scripts/load`. Bounded by both time and request count.
//!
//! `load bare` serves a bare axum handler (the baseline) and prints its address.
//! `load run --base URL --path P [--sign-in EMAIL] [--concurrency N] [--seconds S] [--max M]`
//! signs in when asked, then requests P from N keep-alive clients until S seconds or M
//! requests, and prints one JSON line: requests, errors, requests per second, p50/p99 in ms.
//! A `{name}` in P is replaced on every request by the start of a generated family name.
//! `load seed --database-url URL --count N` adds N generated endorsees with active
//! endorsements to a database the server has already set up (associations exist).

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
        Some("seed") => seed(&args[1..]).await,
        _ => {
            eprintln!(
                "usage: load bare | load run --base URL --path P [--sign-in EMAIL] [--concurrency N] [--seconds S] [--max M] | load seed --database-url URL --count N"
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
    let cookie = match flag(args, "--sign-in") {
        Some(email) => sign_in(&client, &base, email).await,
        None => String::new(),
    };
    let url = format!("{base}{path}");
    // Warm up: connections, caches, the first page.
    for _ in 0..concurrency {
        let _ = client
            .get(&url)
            .header(COOKIE, &cookie)
            .send()
            .await
            .and_then(|r| r.error_for_status());
    }
    let issued = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(AtomicUsize::new(0));
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
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut turn = 0usize;
            while Instant::now() < deadline && issued.fetch_add(1, Ordering::SeqCst) < max {
                turn += 1;
                let target = if url.contains("{name}") {
                    url.replace("{name}", &name_prefix(turn + latencies.len() * 7919))
                } else {
                    url.clone()
                };
                let start = Instant::now();
                let ok = match client.get(&target).header(COOKIE, &cookie).send().await {
                    Ok(response) if response.status().is_success() => {
                        response.bytes().await.is_ok()
                    }
                    _ => false,
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
