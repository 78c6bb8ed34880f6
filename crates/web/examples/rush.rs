//! The renewal-deadline rush, for `scripts/rush` and `scripts/crash-rush`. Loopback only;
//! bounded by time and by the number of sessions.
//!
//! `rush seed --database-url URL --count N --rushers R` adds N endorsees to a migrated
//! database, before the server starts. The first R (`rush{i}@registry.test`) hold a MassAIMH endorsement due
//! for renewal this year, a password, and a portfolio complete for the year; the rest only
//! an endorsement, as in the registry load.
//!
//! `rush run --base URL --clients C --seconds S --think-ms T [--sessions M] [--pid-file F]
//! [--acks FILE]`: C virtual endorsees, each in turn taking the next rusher and doing what a
//! person does: open the sign-in page, sign in, open the renewal page, hand in the renewal,
//! look at the page again, sign out, with a think time of T/2..3T/2 between steps. A handed-in
//! renewal the server acknowledged (its 303) is written to the acks file at once. Prints one
//! JSON line: requests, errors, requests/s, p50/p99 overall and per step, sessions, acks, and
//! the server's peak resident memory (sampled from /proc every 200 ms when given its pid file).
//!
//! `rush uploads --base URL --nodes URL,URL,… --count N --first I`: rushers I.. each sign in
//! through URL (the balancer), upload a certificate, and read it back from every node
//! directly. Prints one JSON line; exits 1 unless every upload reads back whole everywhere.
//!
//! `rush check --database-url URL --acks FILE --rushers R --mail-dir DIR [--wait-seconds W]`
//! reconciles: every acknowledged renewal is in the database; every renewal there has exactly
//! one audit row and one confirmation mail, and no confirmation exists without its renewal;
//! every confirmation is delivered as exactly one `.eml` file (waiting up to W seconds for the
//! mail worker). Exits 1 when anything is off.

mod common;
use common::{cookie, flag, number};

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use lattice_store::{MailStatus, NewEndorsement, NewPerson, Section, SharedStore};
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use serde_json::json;

const PASSWORD: &str = "rush-password-2026";
const STEPS: [&str; 6] = [
    "sign-in page",
    "sign in",
    "renewal page",
    "hand in renewal",
    "renewal page again",
    "sign out",
];

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("seed") => seed(&args[1..]).await,
        Some("run") => run(&args[1..]).await,
        Some("check") => check(&args[1..]).await,
        Some("uploads") => uploads(&args[1..]).await,
        _ => {
            eprintln!("usage: rush seed|run|check … (see the file's header)");
            std::process::exit(2);
        }
    }
}

fn rusher(i: usize) -> String {
    format!("rush{i}@registry.test")
}

async fn open(args: &[String]) -> SharedStore {
    let url = flag(args, "--database-url").expect("--database-url");
    lattice_store::connect(url, 8).await.expect("database")
}

async fn seed(args: &[String]) {
    let store = open(args).await;
    let count = number(args, "--count", 100_000) as usize;
    let rushers = number(args, "--rushers", 20_000) as usize;
    assert!(rushers <= count, "--rushers at most --count");
    let started = Instant::now();
    // The associations, as the server makes them at start: the seed runs before the server,
    // so the server's first yearly pass meets all the endorsees, as on a real deadline day.
    lattice_web::sync_profiles(&store)
        .await
        .expect("associations");
    let massaimh = store
        .association_by_slug("massaimh")
        .await
        .expect("massaimh");
    let associations = store.associations().await.expect("associations");
    let hash = lattice_web::auth::hash_password(PASSWORD.to_string())
        .await
        .expect("hash");
    let today = chrono::Utc::now().date_naive();
    let year = today.year();
    let day = |m, d| NaiveDate::from_ymd_opt(year, m, d).expect("date");
    // Within this year and not in the future, whatever today is.
    let done_on = (today - chrono::Duration::days(30)).max(day(1, 1));
    const BATCH: usize = 5_000;
    let mut next = 0;
    while next < count {
        let size = BATCH.min(count - next);
        let people: Vec<NewPerson> = (next..next + size)
            .map(|i| NewPerson {
                email: if i < rushers {
                    rusher(i)
                } else {
                    format!("endorsee{i}@registry.test")
                },
                name: format!("Rush Endorsee {i}"),
                password_hash: (i < rushers).then(|| hash.clone()),
                admin: false,
            })
            .collect();
        let ids = store.add_people(&people).await.expect("people");
        let endorsements: Vec<NewEndorsement> = ids
            .iter()
            .zip(next..)
            .map(|(id, i)| {
                let association = if i < rushers {
                    &massaimh
                } else {
                    &associations[i % associations.len()]
                };
                NewEndorsement {
                    person: *id,
                    association: association.id,
                    abbreviation: association.slug.to_uppercase(),
                    application: None,
                    category: "IFS".to_string(),
                    name_line: format!("Rush Endorsee {i}, IMH-E®"),
                    title_line: "Infant Family Specialist".to_string(),
                    display_name: format!("Rush Endorsee {i}"),
                    city: "Boston".to_string(),
                    region: "MA".to_string(),
                    endorsed_on: day(1, 1) - chrono::Duration::days(600),
                    // Due this year: the renewal for `year` is theirs to hand in.
                    valid_through: day(12, 31),
                    at: chrono::Utc::now(),
                }
            })
            .collect();
        store
            .add_endorsements(&endorsements)
            .await
            .expect("endorsements");
        // The year's training, the Code of Ethics signed and membership paid: what the
        // MassAIMH renewal asks of an Infant Family Specialist.
        let portfolios: Vec<_> = ids
            .iter()
            .zip(next..)
            .filter(|(_, i)| *i < rushers)
            .collect();
        for chunk in portfolios.chunks(500) {
            let mut tasks = tokio::task::JoinSet::new();
            for (id, _) in chunk {
                let (store, id) = (store.clone(), **id);
                let training = json!({"title": "Reflective practice in home visiting",
                    "provider": "MassAIMH", "date": done_on.to_string(), "hours": 16,
                    "kind": "workshop", "conference": null,
                    "competencies": ["attachment-separation-trauma-grief-loss", "cultural-competence"],
                    "population": "infant-toddler", "topics": []});
                let meta = json!({
                    "agreements": {"code_of_ethics": done_on.to_string(),
                                   "endorsement_agreement": (day(1, 1) - chrono::Duration::days(600)).to_string()},
                });
                // Membership is the association's record, as its roster import makes it.
                let now = chrono::Utc::now();
                let membership = lattice_store::NewMembership {
                    person: id,
                    association: massaimh.id,
                    member_number: format!("RUSH-{}", id.0),
                    kind: "individual".to_string(),
                    starts_on: done_on,
                    ends_on: today + chrono::Duration::days(365),
                    recorded_by: None,
                    recorded_at: now,
                };
                let audit = lattice_store::NewAudit {
                    at: now,
                    actor: None,
                    association: Some(massaimh.id),
                    subject: format!("person:{}", id.0),
                    action: "record-membership".to_string(),
                    reason: "rush seed".to_string(),
                };
                tasks.spawn(async move {
                    store
                        .add_entry(id, Section::Trainings, &training)
                        .await
                        .expect("training");
                    store.set_portfolio_meta(id, &meta).await.expect("meta");
                    store
                        .record_membership(&membership, &audit)
                        .await
                        .expect("membership");
                });
            }
            while let Some(done) = tasks.join_next().await {
                done.expect("portfolio task");
            }
        }
        next += size;
    }
    println!(
        "{}",
        json!({"seeded": count, "rushers": rushers, "seconds": started.elapsed().as_secs_f64()})
    );
}

/// Why a session stopped early.
#[derive(Debug)]
struct Failure {
    step: usize,
    why: String,
}

struct Client {
    http: reqwest::Client,
    base: String,
    think: Duration,
    /// xorshift state for think times: repeatable per client, no dependency for it.
    seed: u64,
    latencies: Vec<(usize, Duration)>,
    /// Behind a load balancer (`--retry`): a request the balancer could not complete (a node
    /// killed with it in flight: 502, 503, 504 or a dropped connection) is sent again, up to
    /// three times, as a browser's user would press reload.
    retry: bool,
    retried: usize,
}

/// An answer a balancer gives when the node it chose died mid-request.
fn lost_in_flight(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::BAD_GATEWAY | StatusCode::SERVICE_UNAVAILABLE | StatusCode::GATEWAY_TIMEOUT
    )
}

impl Client {
    async fn pause(&mut self) {
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        let fraction = 0.5 + (self.seed % 1000) as f64 / 1000.0;
        tokio::time::sleep(self.think.mul_f64(fraction)).await;
    }

    /// One request of `step`; the answer's status, cookies and body.
    async fn send(
        &mut self,
        step: usize,
        mut request: reqwest::RequestBuilder,
        expect: StatusCode,
    ) -> Result<(Vec<String>, String, Option<String>), Failure> {
        let fail = |why: String| Failure { step, why };
        let started = Instant::now();
        let mut attempts = 0;
        let response = loop {
            let again = request.try_clone().filter(|_| self.retry && attempts < 3);
            match (request.send().await, again) {
                (Ok(answer), Some(again)) if lost_in_flight(answer.status()) => request = again,
                (Err(_), Some(again)) => request = again,
                (Ok(answer), _) => break answer,
                (Err(e), None) => return Err(fail(e.to_string())),
            }
            attempts += 1;
            self.retried += 1;
            tokio::time::sleep(Duration::from_millis(250)).await;
        };
        let status = response.status();
        let cookies = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or_default().to_string())
            .collect();
        let location = response
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = response.text().await.map_err(|e| fail(e.to_string()))?;
        self.latencies.push((step, started.elapsed()));
        if status != expect {
            let snippet: String = body.chars().take(200).collect();
            return Err(fail(format!("{status}: {snippet}")));
        }
        Ok((cookies, body, location))
    }

    /// One endorsee's visit; Ok(true) once the renewal was acknowledged.
    async fn session(&mut self, email: &str, acked: &mut bool) -> Result<(), Failure> {
        let base = self.base.clone();
        let (cookies, page, _) = self
            .send(0, self.http.get(format!("{base}/sign-in")), StatusCode::OK)
            .await?;
        let anon = find_cookie(&cookies, "lattice_csrf=").ok_or(Failure {
            step: 0,
            why: "no csrf cookie".into(),
        })?;
        let token = csrf(&page, 0)?;
        self.pause().await;
        let (cookies, _, _) = self
            .send(
                1,
                self.http
                    .post(format!("{base}/sign-in"))
                    .header(COOKIE, &anon)
                    .form(&[
                        ("csrf", token.as_str()),
                        ("email", email),
                        ("password", PASSWORD),
                        ("next", ""),
                    ]),
                StatusCode::SEE_OTHER,
            )
            .await?;
        let session = find_cookie(&cookies, "lattice_session=").ok_or(Failure {
            step: 1,
            why: "no session cookie".into(),
        })?;
        self.pause().await;
        let (_, page, _) = self
            .send(
                2,
                self.http
                    .get(format!("{base}/renewal"))
                    .header(COOKIE, &session),
                StatusCode::OK,
            )
            .await?;
        let token = csrf(&page, 2)?;
        let action = page
            .split("action=\"/renewal/")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .map(|path| format!("/renewal/{path}"))
            .ok_or(Failure {
                step: 2,
                why: "no renewal form".into(),
            })?;
        self.pause().await;
        self.send(
            3,
            self.http
                .post(format!("{base}{action}"))
                .header(COOKIE, &session)
                .form(&[("csrf", token.as_str())]),
            StatusCode::SEE_OTHER,
        )
        .await?;
        *acked = true;
        self.pause().await;
        let (_, page, _) = self
            .send(
                4,
                self.http
                    .get(format!("{base}/renewal"))
                    .header(COOKIE, &session),
                StatusCode::OK,
            )
            .await?;
        if !page.contains("Renewed for") {
            return Err(Failure {
                step: 4,
                why: "the renewal page does not show the renewal".into(),
            });
        }
        let token = csrf(&page, 4)?;
        self.pause().await;
        self.send(
            5,
            self.http
                .post(format!("{base}/sign-out"))
                .header(COOKIE, &session)
                .form(&[("csrf", token.as_str())]),
            StatusCode::SEE_OTHER,
        )
        .await?;
        Ok(())
    }
}

fn find_cookie(cookies: &[String], prefix: &str) -> Option<String> {
    cookies.iter().find(|c| c.starts_with(prefix)).cloned()
}

fn csrf(page: &str, step: usize) -> Result<String, Failure> {
    page.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(str::to_string)
        .ok_or(Failure {
            step,
            why: "no csrf field".into(),
        })
}

fn rss_kb(pid_file: &str) -> Option<u64> {
    let pid = std::fs::read_to_string(pid_file).ok()?;
    let status = std::fs::read_to_string(format!("/proc/{}/status", pid.trim())).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

async fn run(args: &[String]) {
    let base = flag(args, "--base")
        .expect("--base")
        .trim_end_matches('/')
        .to_string();
    let clients = number(args, "--clients", 500) as usize;
    let seconds = number(args, "--seconds", 60);
    let think = Duration::from_millis(number(args, "--think-ms", 2000));
    let sessions = number(args, "--sessions", 20_000) as usize;
    let acks_path = PathBuf::from(flag(args, "--acks").unwrap_or("rush-acks.txt"));
    let pid_file = flag(args, "--pid-file").map(str::to_string);
    let retry = args.iter().any(|a| a == "--retry");
    let acks = Arc::new(Mutex::new(
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&acks_path)
            .expect("acks file"),
    ));
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(clients)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let taken = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let peak_rss = Arc::new(AtomicUsize::new(0));
    let sampler = pid_file.map(|file| {
        let peak = peak_rss.clone();
        tokio::spawn(async move {
            loop {
                if let Some(kb) = rss_kb(&file) {
                    peak.fetch_max(kb as usize, Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
    });
    let started = Instant::now();
    let mut tasks = Vec::new();
    for n in 0..clients {
        let (http, base, taken, acks) = (http.clone(), base.clone(), taken.clone(), acks.clone());
        tasks.push(tokio::spawn(async move {
            let mut client = Client {
                http,
                base,
                think,
                seed: 0x9E37_79B9_7F4A_7C15 ^ (n as u64 + 1),
                latencies: Vec::new(),
                retry,
                retried: 0,
            };
            // Arrivals spread over the first think time, not all at once.
            tokio::time::sleep(think.mul_f64(n as f64 / clients as f64)).await;
            let mut failures = Vec::new();
            let mut done = 0usize;
            while Instant::now() < deadline {
                let i = taken.fetch_add(1, Ordering::SeqCst);
                if i >= sessions {
                    break;
                }
                let email = rusher(i);
                let mut acked = false;
                let outcome = client.session(&email, &mut acked).await;
                if acked {
                    let mut file = acks.lock().expect("acks");
                    writeln!(file, "{email}").expect("ack written");
                }
                match outcome {
                    Ok(()) => done += 1,
                    Err(failure) => {
                        failures.push(failure);
                        // A person who meets an error (a server being restarted) comes back
                        // after a while, rather than burning through the queue at once.
                        client.pause().await;
                    }
                }
            }
            (client.latencies, failures, done, client.retried)
        }));
    }
    let mut latencies = Vec::new();
    let mut failures = Vec::new();
    let mut completed = 0;
    let mut retried = 0;
    for task in tasks {
        let (l, f, d, r) = task.await.expect("client task");
        latencies.extend(l);
        failures.extend(f);
        completed += d;
        retried += r;
    }
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(sampler) = sampler {
        sampler.abort();
    }
    let quantiles = |mut values: Vec<Duration>| {
        values.sort();
        let at = |q: f64| {
            values
                .get(((values.len() as f64 * q).ceil() as usize).saturating_sub(1))
                .map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
        };
        json!({"requests": values.len(), "p50_ms": at(0.5), "p99_ms": at(0.99), "max_ms": at(1.0)})
    };
    let mut by_step = BTreeMap::new();
    for (i, name) in STEPS.iter().enumerate() {
        let mut entry = quantiles(
            latencies
                .iter()
                .filter(|(s, _)| *s == i)
                .map(|(_, d)| *d)
                .collect(),
        );
        entry["errors"] = json!(failures.iter().filter(|f| f.step == i).count());
        by_step.insert(format!("{i} {name}"), entry);
    }
    let acked = std::fs::read_to_string(&acks_path)
        .map(|t| t.lines().count())
        .unwrap_or(0);
    let mut errors: Vec<String> = failures
        .iter()
        .map(|f| format!("{}: {}", STEPS[f.step], f.why))
        .collect();
    errors.sort();
    errors.dedup();
    errors.truncate(10);
    let overall = quantiles(latencies.iter().map(|(_, d)| *d).collect());
    println!(
        "{}",
        json!({
            "clients": clients,
            "seconds": elapsed,
            "requests": latencies.len(),
            "requests_per_second": latencies.len() as f64 / elapsed,
            "p50_ms": overall["p50_ms"],
            "p99_ms": overall["p99_ms"],
            "errors": failures.len(),
            "retried": retried,
            "sessions_started": taken.load(Ordering::SeqCst).min(sessions),
            "sessions_completed": completed,
            "acknowledged_renewals_in_file": acked,
            "peak_rss_mb": peak_rss.load(Ordering::Relaxed) as f64 / 1024.0,
            "steps": by_step,
            "error_samples": errors,
        })
    );
}

async fn check(args: &[String]) {
    let store = open(args).await;
    let acks_path = flag(args, "--acks").expect("--acks");
    let rushers = number(args, "--rushers", 20_000) as usize;
    let mail_dir = PathBuf::from(flag(args, "--mail-dir").expect("--mail-dir"));
    let wait = Duration::from_secs(number(args, "--wait-seconds", 60));
    let acked: HashSet<String> = std::fs::read_to_string(acks_path)
        .expect("acks file")
        .lines()
        .map(str::to_string)
        .collect();
    let massaimh = store
        .association_by_slug("massaimh")
        .await
        .expect("massaimh");
    let renewals = store
        .renewals_of_association(massaimh.id)
        .await
        .expect("renewals");
    let renewed: HashSet<i64> = renewals.iter().map(|r| r.person.0).collect();
    let mut problems = Vec::new();
    if renewed.len() != renewals.len() {
        problems.push(format!(
            "{} renewals for {} people: some person renewed twice",
            renewals.len(),
            renewed.len()
        ));
    }
    let started = Instant::now();
    let mut committed_unacked = 0;
    let mut undelivered = 0;
    let mut delivered = 0;
    let mut checked = 0;
    for i in 0..rushers {
        let email = rusher(i);
        let Ok((person, _)) = store.person_by_email(&email).await else {
            problems.push(format!("{email}: not in the database"));
            continue;
        };
        let has_renewal = renewed.contains(&person.id.0);
        let is_acked = acked.contains(&email);
        if is_acked && !has_renewal {
            problems.push(format!("{email}: acknowledged, but no renewal is stored"));
        }
        if has_renewal && !is_acked {
            committed_unacked += 1;
        }
        let audits = store
            .audit_of_subject(&format!("person:{}", person.id))
            .await
            .expect("audit")
            .into_iter()
            .filter(|a| a.action == "renew")
            .count();
        let mut confirmations: Vec<_> = store
            .mails_to(&email)
            .await
            .expect("mails")
            .into_iter()
            .filter(|m| m.subject.ends_with(" renewal"))
            .collect();
        let expected = usize::from(has_renewal);
        if audits != expected || confirmations.len() != expected {
            problems.push(format!(
                "{email}: renewal {has_renewal}, {audits} audit rows, {} confirmation mails",
                confirmations.len()
            ));
            continue;
        }
        let Some(mail) = confirmations.pop() else {
            continue;
        };
        checked += 1;
        // The worker may still be sending; wait for it, within the bound.
        let mut mail = mail;
        while mail.status == MailStatus::Pending && started.elapsed() < wait {
            tokio::time::sleep(Duration::from_millis(200)).await;
            mail = store.mail(mail.id).await.expect("mail");
        }
        let file = mail_dir.join(format!("{:08}.eml", mail.id.0));
        if mail.status == MailStatus::Sent && file.exists() {
            delivered += 1;
        } else {
            undelivered += 1;
            problems.push(format!(
                "{email}: confirmation {:?}, file {}",
                mail.status,
                if file.exists() { "present" } else { "missing" }
            ));
        }
    }
    // Exactly once: one file per confirmation, no stray copies under other names.
    let files = std::fs::read_dir(&mail_dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().ends_with(".eml"))
                .count()
        })
        .unwrap_or(0);
    let report = json!({
        "rushers_checked": rushers,
        "acknowledged": acked.len(),
        "renewals_stored": renewals.len(),
        "committed_without_acknowledgement": committed_unacked,
        "confirmations": checked,
        "confirmations_delivered": delivered,
        "confirmations_undelivered": undelivered,
        "eml_files_in_mail_dir": files,
        "problems": problems.len(),
        "problem_samples": problems.iter().take(10).collect::<Vec<_>>(),
    });
    println!("{report}");
    if !problems.is_empty() {
        std::process::exit(1);
    }
}

/// Every upload made through the balancer reads back, byte for byte, from every node.
async fn uploads(args: &[String]) {
    let base = flag(args, "--base")
        .expect("--base")
        .trim_end_matches('/')
        .to_string();
    let nodes: Vec<String> = flag(args, "--nodes")
        .expect("--nodes")
        .split(',')
        .map(|n| n.trim_end_matches('/').to_string())
        .collect();
    let count = number(args, "--count", 20) as usize;
    let first = number(args, "--first", 0) as usize;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let mut problems = Vec::new();
    let mut read_back = 0;
    for i in first..first + count {
        let email = rusher(i);
        match upload_and_read(&http, &base, &nodes, &email, i).await {
            Ok(reads) => read_back += reads,
            Err(why) => problems.push(format!("{email}: {why}")),
        }
    }
    println!(
        "{}",
        json!({"uploads": count, "nodes": nodes.len(), "read_back": read_back,
               "problems": problems.len(), "problem_samples": problems.iter().take(10).collect::<Vec<_>>()})
    );
    if !problems.is_empty() {
        std::process::exit(1);
    }
}

async fn upload_and_read(
    http: &reqwest::Client,
    base: &str,
    nodes: &[String],
    email: &str,
    i: usize,
) -> Result<usize, String> {
    let text = |e: reqwest::Error| e.to_string();
    let page = http
        .get(format!("{base}/sign-in"))
        .send()
        .await
        .map_err(text)?;
    let anon = cookie(&page, "lattice_csrf").ok_or("no csrf cookie")?;
    let token = csrf(&page.text().await.map_err(text)?, 0).map_err(|f| f.why)?;
    let signed_in = http
        .post(format!("{base}/sign-in"))
        .header(COOKIE, &anon)
        .form(&[
            ("csrf", token.as_str()),
            ("email", email),
            ("password", PASSWORD),
            ("next", ""),
        ])
        .send()
        .await
        .map_err(text)?;
    let session = cookie(&signed_in, "lattice_session").ok_or("not signed in")?;
    let page = http
        .get(format!("{base}/portfolio/trainings"))
        .header(COOKIE, &session)
        .send()
        .await
        .map_err(text)?
        .text()
        .await
        .map_err(text)?;
    let token = csrf(&page, 0).map_err(|f| f.why)?;
    let content = format!("%PDF-1.4\n% certificate of rusher {i}\n%%EOF\n").into_bytes();
    let form = reqwest::multipart::Form::new()
        .text("csrf", token)
        .text("entry", "")
        .part(
            "file",
            reqwest::multipart::Part::bytes(content.clone())
                .file_name("certificate.pdf")
                .mime_str("application/pdf")
                .map_err(text)?,
        );
    let uploaded = http
        .post(format!("{base}/portfolio/trainings/certificates"))
        .header(COOKIE, &session)
        .multipart(form)
        .send()
        .await
        .map_err(text)?;
    if uploaded.status() != StatusCode::SEE_OTHER {
        return Err(format!("upload answered {}", uploaded.status()));
    }
    let mut reads = 0;
    for node in nodes {
        let page = http
            .get(format!("{node}/portfolio/trainings"))
            .header(COOKIE, &session)
            .send()
            .await
            .map_err(text)?
            .text()
            .await
            .map_err(text)?;
        let link = page
            .split("href=\"/uploads/")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .ok_or(format!("{node} lists no upload"))?;
        let bytes = http
            .get(format!("{node}/uploads/{link}"))
            .header(COOKIE, &session)
            .send()
            .await
            .map_err(text)?
            .bytes()
            .await
            .map_err(text)?;
        if bytes.as_ref() != content.as_slice() {
            return Err(format!("{node} served {} other bytes", bytes.len()));
        }
        reads += 1;
    }
    Ok(reads)
}
