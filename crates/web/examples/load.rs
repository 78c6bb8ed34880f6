//! Loopback load generator for `scripts/load`. Bounded by both time and request count.
//!
//! `load bare` serves a bare axum handler (the baseline) and prints its address.
//! `load run --base URL --path P [--sign-in EMAIL] [--concurrency N] [--seconds S] [--max M]`
//! signs in when asked, then requests P from N keep-alive clients until S seconds or M
//! requests, and prints one JSON line: requests, errors, requests per second, p50/p99 in ms.

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
        _ => {
            eprintln!(
                "usage: load bare | load run --base URL --path P [--sign-in EMAIL] [--concurrency N] [--seconds S] [--max M]"
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

fn flag<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

fn number(args: &[String], name: &str, default: u64) -> u64 {
    flag(args, name)
        .map(|v| v.parse().unwrap_or_else(|_| panic!("{name}: a number")))
        .unwrap_or(default)
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
        .header(COOKIE, anon)
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", email),
            ("password", &password),
            ("next", ""),
        ])
        .send()
        .await
        .expect("sign in");
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("lattice_session="))
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
        .unwrap_or_else(|| panic!("sign-in of {email} failed: {}", response.status()))
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
            while Instant::now() < deadline && issued.fetch_add(1, Ordering::SeqCst) < max {
                let start = Instant::now();
                let ok = match client.get(&url).header(COOKIE, &cookie).send().await {
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
        "{{\"path\":\"{path}\",\"requests\":{},\"errors\":{},\"seconds\":{elapsed:.2},\"rps\":{:.0},\"p50_ms\":{:.2},\"p99_ms\":{:.2},\"concurrency\":{concurrency}}}",
        latencies.len(),
        errors.load(Ordering::SeqCst),
        latencies.len() as f64 / elapsed,
        at(0.50),
        at(0.99)
    );
}
