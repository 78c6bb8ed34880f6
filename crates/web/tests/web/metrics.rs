//! The metrics page: requests counted under their route's pattern (never the raw path), the
//! outbox and the yearly pass read from the store at scrape time, valid Prometheus text, and
//! served only on its own address.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{Duration, Utc};
use http_body_util::BodyExt;
use lattice_store::{DeliveryOutcome, NewMail};
use lattice_web::{Application, Config};
use tower::ServiceExt;

use crate::support::TestApp;

/// One scrape, checked line by line against the text format's grammar, as samples keyed by
/// their name and sorted labels (`name{a="x",b="y"}`).
///
/// A hand-written check rather than the `prometheus-parse` crate: its line pattern stops a
/// label set at the first `}`, so it cannot read the route patterns (`/verify/{number}`)
/// that the format allows in label values and Prometheus reads.
struct Scrape {
    text: String,
    samples: BTreeMap<String, f64>,
}

impl Scrape {
    fn parse(text: String) -> Scrape {
        let samples = strict_samples(&text);
        Scrape { text, samples }
    }

    fn value(&self, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
        let labels = labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self.samples.get(&key(name, labels)).copied()
    }

    /// Every series of a metric name, as label maps.
    fn series(&self, name: &str) -> Vec<&str> {
        self.samples
            .keys()
            .filter(|k| k.starts_with(&format!("{name}{{")) || k.as_str() == name)
            .map(String::as_str)
            .collect()
    }
}

fn key(name: &str, mut labels: Vec<(String, String)>) -> String {
    labels.sort();
    if labels.is_empty() {
        return name.to_string();
    }
    let inner: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v:?}")).collect();
    format!("{name}{{{}}}", inner.join(","))
}

fn metric_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

/// The text format's grammar (version 0.0.4), strictly: HELP and TYPE lines, then samples of
/// the family just typed (with `_bucket`, `_sum`, `_count` for histograms), label values
/// quoted with only `\\`, `\"` and `\n` escaped, values that are numbers. Panics on any other
/// line.
fn strict_samples(text: &str) -> BTreeMap<String, f64> {
    assert!(text.ends_with('\n'), "the text ends with a line break");
    let mut samples = BTreeMap::new();
    let mut family: Option<(String, String)> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# HELP ") {
            let (name, _help) = rest.split_once(' ').expect("HELP name text");
            assert!(metric_name(name), "{line}");
            continue;
        }
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').expect("TYPE name kind");
            assert!(metric_name(name), "{line}");
            assert!(
                ["counter", "gauge", "histogram", "untyped"].contains(&kind),
                "{line}"
            );
            family = Some((name.to_string(), kind.to_string()));
            continue;
        }
        assert!(
            !line.starts_with('#') && !line.is_empty(),
            "stray line {line:?}"
        );
        let (family_name, kind) = family.as_ref().expect("a sample after its TYPE");
        let name_end = line.find(['{', ' ']).expect("name then value");
        let name = &line[..name_end];
        let allowed = match kind.as_str() {
            "histogram" => ["_bucket", "_sum", "_count"]
                .iter()
                .any(|suffix| name == format!("{family_name}{suffix}")),
            _ => name == family_name,
        };
        assert!(allowed, "{name} is not of the family {family_name}: {line}");
        let mut rest = &line[name_end..];
        let mut labels = Vec::new();
        if let Some(inside) = rest.strip_prefix('{') {
            let mut at = 0;
            loop {
                if let Some(after) = inside[at..].strip_prefix('}') {
                    rest = after;
                    break;
                }
                let eq = inside[at..].find("=\"").expect("name=\"value\"") + at;
                let label = &inside[at..eq];
                assert!(metric_name(label) && !label.contains(':'), "{line}");
                let mut value = String::new();
                at = eq + 2;
                loop {
                    let c = inside[at..].chars().next().expect("closing quote");
                    at += c.len_utf8();
                    match c {
                        '"' => break,
                        '\\' => {
                            let escaped = inside[at..].chars().next().expect("escape");
                            at += escaped.len_utf8();
                            value.push(match escaped {
                                '\\' => '\\',
                                '"' => '"',
                                'n' => '\n',
                                other => panic!("bad escape \\{other} in {line}"),
                            });
                        }
                        c => value.push(c),
                    }
                }
                labels.push((label.to_string(), value));
                match inside[at..].chars().next() {
                    Some(',') => at += 1,
                    Some('}') => {}
                    _ => panic!("a label ends with , or }}: {line}"),
                }
            }
        }
        let value = rest.strip_prefix(' ').expect("one space before the value");
        let value: f64 = match value {
            "+Inf" => f64::INFINITY,
            "-Inf" => f64::NEG_INFINITY,
            "NaN" => f64::NAN,
            number => number
                .parse()
                .unwrap_or_else(|_| panic!("not a number: {line}")),
        };
        let key = key(name, labels);
        assert!(samples.insert(key.clone(), value).is_none(), "{key} twice");
    }
    samples
}

/// Scrapes the app's metrics page through the metrics router, as Prometheus would.
async fn scrape(app: &TestApp) -> Scrape {
    let response = lattice_web::metrics_routes::router(app.state.clone())
        .oneshot(
            Request::get("/metrics")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("answer");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    Scrape::parse(String::from_utf8(bytes.to_vec()).expect("text"))
}

fn class(status: StatusCode) -> String {
    format!("{}xx", status.as_u16() / 100)
}

#[tokio::test]
async fn requests_are_counted_under_their_route_pattern() {
    let app = TestApp::sqlite().await;
    let mut client = app.client();
    for _ in 0..3 {
        assert_eq!(client.get("/health").await.status, StatusCode::OK);
    }
    // Two credential numbers: one series for the pattern, not one per number.
    let mut verify_statuses = Vec::new();
    for number in ["MI-2026-000417", "ZZ-1999-123456"] {
        verify_statuses.push(client.get(&format!("/verify/{number}")).await.status);
    }
    // Paths no route matches (scanners, typos): one series between them.
    for path in ["/wp-login.php", "/no/such/page/8231"] {
        assert_eq!(client.get(path).await.status, StatusCode::NOT_FOUND);
    }

    let scrape = scrape(&app).await;
    let requests = "lattice_http_requests_total";
    assert_eq!(
        scrape.value(
            requests,
            &[("route", "/health"), ("method", "GET"), ("status", "2xx")]
        ),
        Some(3.0),
        "{}",
        scrape.text
    );
    let mut by_class: BTreeMap<String, f64> = BTreeMap::new();
    for status in &verify_statuses {
        *by_class.entry(class(*status)).or_default() += 1.0;
    }
    for (status, count) in &by_class {
        assert_eq!(
            scrape.value(
                requests,
                &[
                    ("route", "/verify/{number}"),
                    ("method", "GET"),
                    ("status", status)
                ]
            ),
            Some(*count),
            "{}",
            scrape.text
        );
    }
    assert_eq!(
        scrape.value(
            requests,
            &[
                ("route", "(no route)"),
                ("method", "GET"),
                ("status", "4xx")
            ]
        ),
        Some(2.0),
        "{}",
        scrape.text
    );
    // Exactly the series sent: three routes, no raw paths, no request to the metrics page
    // itself (it is not on the site's router).
    let series = scrape.series(requests);
    assert_eq!(series.len(), 2 + by_class.len(), "{series:#?}");
    for raw in ["MI-2026-000417", "ZZ-1999-123456", "wp-login", "8231"] {
        assert!(!scrape.text.contains(raw), "{raw} in the metrics");
    }
    // The latency histogram counts the same requests, in its 1 ms to 5 s buckets.
    let durations = "lattice_http_request_duration_seconds";
    for (route, count) in [
        ("/health", 3.0),
        ("/verify/{number}", 2.0),
        ("(no route)", 2.0),
    ] {
        let labels = [("route", route), ("method", "GET")];
        assert_eq!(
            scrape.value(&format!("{durations}_count"), &labels),
            Some(count)
        );
        // Cumulative buckets, one per bound from 1 ms to 5 s, ending at +Inf with the count.
        let bucket = |le: &str| {
            scrape
                .value(
                    &format!("{durations}_bucket"),
                    &[("route", route), ("method", "GET"), ("le", le)],
                )
                .unwrap_or_else(|| panic!("{route} has no bucket {le}"))
        };
        let bounds: Vec<String> = lattice_web::metrics::LATENCY_BUCKETS
            .iter()
            .map(f64::to_string)
            .chain(["+Inf".to_string()])
            .collect();
        assert_eq!((bounds[0].as_str(), bounds[11].as_str()), ("0.001", "5"));
        let counts: Vec<f64> = bounds.iter().map(|le| bucket(le)).collect();
        assert!(
            counts.windows(2).all(|w| w[0] <= w[1]),
            "{route}: {counts:?}"
        );
        assert_eq!(counts.last(), Some(&count));
    }
    assert_eq!(
        scrape.value(
            "lattice_build_info",
            &[
                ("version", env!("CARGO_PKG_VERSION")),
                ("backend", "sqlite")
            ]
        ),
        Some(1.0),
        "{}",
        scrape.text
    );
}

/// Every app counts its own requests: a second app in the same process starts from nothing.
#[tokio::test]
async fn each_app_has_its_own_registry() {
    let first = TestApp::sqlite().await;
    let second = TestApp::sqlite().await;
    first.client().get("/health").await;
    let labels = [("route", "/health"), ("method", "GET"), ("status", "2xx")];
    assert_eq!(
        scrape(&first)
            .await
            .value("lattice_http_requests_total", &labels),
        Some(1.0)
    );
    assert_eq!(
        scrape(&second)
            .await
            .value("lattice_http_requests_total", &labels),
        None
    );
}

async fn the_outbox_and_the_pass_are_read_at_scrape_time(app: TestApp) {
    let before = scrape(&app).await;
    let gauge = |scrape: &Scrape, name: &str| {
        scrape
            .value(name, &[])
            .unwrap_or_else(|| panic!("{name} missing:\n{}", scrape.text))
    };
    assert_eq!(gauge(&before, "lattice_database_up"), 1.0);
    let waiting = gauge(&before, "lattice_mail_outbox_waiting");
    let failed = gauge(&before, "lattice_mail_failed");

    // A mail queued an hour ago and not yet sent (no worker runs in these tests).
    let store = app.state.store();
    let recipient = "metrics-probe@example.org";
    let queued_at = Utc::now() - Duration::hours(1);
    let id = store
        .enqueue_mail(&NewMail {
            recipient: recipient.to_string(),
            subject: "A probe".to_string(),
            body: "Nothing personal.".to_string(),
            created_at: queued_at,
        })
        .await
        .expect("queue");
    let after = scrape(&app).await;
    assert_eq!(gauge(&after, "lattice_mail_outbox_waiting"), waiting + 1.0);
    let age = gauge(&after, "lattice_mail_outbox_oldest_waiting_age_seconds");
    assert!((3600.0..3600.0 + 120.0).contains(&age), "age {age}");
    assert_eq!(gauge(&after, "lattice_mail_outbox_retrying"), 0.0);
    assert!(!after.text.contains(recipient) && !after.text.contains("example.org"));

    // It fails once (waits for a retry), then is given up on.
    store
        .record_deliveries(&[lattice_store::Delivery {
            id,
            outcome: DeliveryOutcome::Failed {
                error: "relay said no".to_string(),
                retry_at: Some(Utc::now() + Duration::minutes(5)),
            },
        }])
        .await
        .expect("first failure");
    let retrying = scrape(&app).await;
    assert_eq!(gauge(&retrying, "lattice_mail_outbox_retrying"), 1.0);
    assert_eq!(
        gauge(&retrying, "lattice_mail_outbox_waiting"),
        waiting + 1.0
    );
    store
        .mark_mail_failed(id, "relay said no", None)
        .await
        .expect("given up");
    let given_up = scrape(&app).await;
    assert_eq!(gauge(&given_up, "lattice_mail_outbox_waiting"), waiting);
    assert_eq!(gauge(&given_up, "lattice_mail_failed"), failed + 1.0);
    assert_eq!(gauge(&given_up, "lattice_mail_outbox_retrying"), 0.0);

    // The day's yearly pass, recorded by whichever node ran it.
    assert_eq!(
        gauge(
            &given_up,
            "lattice_yearly_pass_last_completed_timestamp_seconds"
        ),
        0.0
    );
    let finished = Utc::now() - Duration::minutes(3);
    let day = lattice_web::lifecycle::day_key(Utc::now().date_naive() - chrono::Days::new(1));
    store
        .send_reminder(&day, &[], finished)
        .await
        .expect("record the pass");
    let passed = scrape(&app).await;
    assert_eq!(
        gauge(
            &passed,
            "lattice_yearly_pass_last_completed_timestamp_seconds"
        ),
        finished.timestamp() as f64
    );

    // The pool: what this node has open, within its maximum.
    let open = gauge(&passed, "lattice_db_pool_connections");
    let idle = gauge(&passed, "lattice_db_pool_idle_connections");
    let max = gauge(&passed, "lattice_db_pool_max_connections");
    assert!(
        open >= 1.0 && idle <= open && open <= max,
        "{open} {idle} {max}"
    );
}

#[tokio::test]
async fn the_outbox_and_the_pass_are_read_at_scrape_time_on_sqlite() {
    the_outbox_and_the_pass_are_read_at_scrape_time(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn the_outbox_and_the_pass_are_read_at_scrape_time_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    the_outbox_and_the_pass_are_read_at_scrape_time(app).await;
}

async fn serving(extra: &[(&str, &str)]) -> (Application, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut env = vec![
        ("LATTICE_BIND".to_string(), "127.0.0.1:0".to_string()),
        (
            "LATTICE_DATA_DIR".to_string(),
            dir.path().display().to_string(),
        ),
    ];
    env.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let config = Config::load(None, env).expect("config");
    let url = lattice_store::testing::sqlite_url_in(dir.path());
    let store = lattice_store::testing::open(&url).await.expect("store");
    let app = Application::build_with_store(config, store)
        .await
        .expect("build");
    (app, dir)
}

#[tokio::test]
async fn the_metrics_are_served_on_their_own_address_only() {
    // Off unless configured.
    let (plain, _plain_dir) = serving(&[]).await;
    assert!(plain.metrics_addr().is_none());

    let (app, _dir) = serving(&[("LATTICE_METRICS_BIND", "127.0.0.1:0")]).await;
    let site = app.local_addr().expect("site address");
    let metrics = app
        .metrics_addr()
        .expect("metrics configured")
        .expect("metrics address");
    assert_ne!(site, metrics);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until_stopped(async move {
        let _ = stopped.await;
    }));

    let http = reqwest::Client::new();
    let get = |address: std::net::SocketAddr, path: &str| {
        http.get(format!("http://{address}{path}")).send()
    };
    assert_eq!(get(site, "/health").await.expect("site").status(), 200);
    // Not on the site's address, in any spelling.
    for path in ["/metrics", "/metrics/", "/METRICS"] {
        assert_eq!(get(site, path).await.expect("site").status(), 404, "{path}");
    }
    // The metrics address serves nothing of the site.
    assert_eq!(
        get(metrics, "/health").await.expect("metrics").status(),
        404
    );
    let page = get(metrics, "/metrics").await.expect("metrics");
    assert_eq!(page.status(), 200);
    let scrape = Scrape::parse(page.text().await.expect("text"));
    let count = |route: &str, status: &str| {
        scrape.value(
            "lattice_http_requests_total",
            &[("route", route), ("method", "GET"), ("status", status)],
        )
    };
    // What the site answered, and only that: the metrics address's own requests are not
    // counted among the site's.
    assert_eq!(count("/health", "2xx"), Some(1.0), "{}", scrape.text);
    assert_eq!(count("(no route)", "4xx"), Some(3.0), "{}", scrape.text);
    assert_eq!(scrape.series("lattice_http_requests_total").len(), 2);

    let _ = stop.send(());
    server.await.expect("joined").expect("stopped cleanly");
    // Both listeners are closed once the app has stopped.
    assert!(get(metrics, "/metrics").await.is_err());
}

/// A request the server fails is counted in the 5xx class of its route.
#[tokio::test]
async fn server_errors_are_counted() {
    let app = TestApp::sqlite().await;
    // The endorsements table gone from under the server: the verification page fails.
    sqlx::any::install_default_drivers();
    let url = lattice_store::testing::sqlite_url_in(app.dir.path());
    let pool = sqlx::AnyPool::connect(&url).await.expect("connect");
    let number: String = sqlx::query_scalar("SELECT credential_number FROM endorsements LIMIT 1")
        .fetch_one(&pool)
        .await
        .expect("a demo endorsement");
    sqlx::query("ALTER TABLE endorsements RENAME TO endorsements_elsewhere")
        .execute(&pool)
        .await
        .expect("rename");
    let mut client = app.client();
    for _ in 0..2 {
        let page = client.get(&format!("/verify/{number}")).await;
        assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    }
    let scrape = scrape(&app).await;
    let labels = [
        ("route", "/verify/{number}"),
        ("method", "GET"),
        ("status", "5xx"),
    ];
    assert_eq!(
        scrape.value("lattice_http_requests_total", &labels),
        Some(2.0),
        "{}",
        scrape.text
    );
}

/// The worker's passes report what they did: the day's yearly pass on the demo data, its
/// renewal reminders and lapses counted as the database recorded them.
#[tokio::test]
async fn the_worker_reports_its_passes() {
    let (app, dir) = serving(&[("LATTICE_METRICS_BIND", "127.0.0.1:0")]).await;
    lattice_web::demo::load(app.state())
        .await
        .expect("demo data");
    // One endorsement past its date (the pass lapses it), one due in three weeks (the pass
    // reminds its holder).
    let today = Utc::now().date_naive();
    for (email, valid_through) in [
        ("rena@example.org", today - Duration::days(1)),
        ("theo@example.org", today + Duration::days(20)),
    ] {
        endorsee(&app, email, valid_through).await;
    }
    let metrics = app
        .metrics_addr()
        .expect("metrics configured")
        .expect("metrics address");
    let started = Utc::now().timestamp() as f64;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until_stopped(async move {
        let _ = stopped.await;
    }));
    // The worker runs its passes when it starts; wait (bounded) for the yearly one to finish.
    let mut scrape = None;
    for _ in 0..400 {
        let text = reqwest::get(format!("http://{metrics}/metrics"))
            .await
            .expect("scrape")
            .text()
            .await
            .expect("text");
        let read = Scrape::parse(text);
        if read.value("lattice_yearly_pass_completed_total", &[]) == Some(1.0) {
            scrape = Some(read);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let scrape = scrape.expect("the yearly pass completed within 20 s");
    let _ = stop.send(());
    server.await.expect("joined").expect("stopped cleanly");
    let finished = Utc::now().timestamp() as f64;

    let gauge = |name: &str| {
        scrape
            .value(name, &[])
            .unwrap_or_else(|| panic!("{name} missing:\n{}", scrape.text))
    };
    assert_eq!(gauge("lattice_yearly_pass_running"), 0.0);
    for name in [
        "lattice_yearly_pass_node_finished_timestamp_seconds",
        "lattice_yearly_pass_last_completed_timestamp_seconds",
    ] {
        let at = gauge(name);
        assert!((started..=finished).contains(&at), "{name} {at}");
    }
    sqlx::any::install_default_drivers();
    let url = lattice_store::testing::sqlite_url_in(dir.path());
    let pool = sqlx::AnyPool::connect(&url).await.expect("connect");
    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .expect("count") as f64
        }
    };
    // What the pass queued, read from the outbox (sent or not): a renewal reminder or a
    // lapse notice is one mail each.
    let renewal_reminders =
        count("SELECT COUNT(*) FROM outbox WHERE subject LIKE 'Your % renewal is due by %'").await;
    let lapsed =
        count("SELECT COUNT(*) FROM outbox WHERE subject = 'Your endorsement has lapsed'").await;
    assert_eq!(
        gauge("lattice_yearly_pass_reminders_total"),
        renewal_reminders
    );
    assert_eq!(gauge("lattice_yearly_pass_lapsed_total"), lapsed);
    assert!(
        renewal_reminders >= 1.0 && lapsed >= 1.0,
        "{renewal_reminders} {lapsed}"
    );
}

/// An endorsement of MassAIMH for a new person, good until `valid_through`.
async fn endorsee(app: &Application, email: &str, valid_through: chrono::NaiveDate) {
    let store = app.state().store();
    let person = store
        .create_person(&lattice_store::NewPerson {
            email: email.to_string(),
            name: "Rena Walsh".to_string(),
            // No password: this person never signs in.
            password_hash: None,
            admin: false,
        })
        .await
        .expect("person");
    let association = store.association_by_slug("massaimh").await.expect("a").id;
    store
        .add_endorsement(&lattice_store::NewEndorsement {
            person,
            association,
            abbreviation: "MassAIMH".to_string(),
            application: None,
            category: "IFS".to_string(),
            name_line: "Rena Walsh, MSW, IMH-E®".to_string(),
            title_line: "Infant Family Specialist".to_string(),
            display_name: "Rena Walsh".to_string(),
            city: "Boston".to_string(),
            region: "MA".to_string(),
            endorsed_on: chrono::NaiveDate::from_ymd_opt(2024, 6, 1).expect("date"),
            valid_through,
            at: Utc::now(),
        })
        .await
        .expect("endorsement");
}
