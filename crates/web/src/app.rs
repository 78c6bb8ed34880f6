//! Building and running the service: `Application::build` connects the store, loads the
//! rules, and binds (port 0 in tests); `run_until_stopped` serves until the shutdown future
//! completes, then lets requests in flight finish and stops the mail worker.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::MatchedPath;
use axum::http::{HeaderName, HeaderValue, Request, header};
use axum::middleware;
use axum::routing::{get, post};
use lattice_profiles::{Catalog, embedded_sources};
use lattice_store::{ProfileSource, SharedStore};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower_http::LatencyUnit;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnFailure, DefaultOnResponse, TraceLayer};

use crate::config::Config;
use crate::error::render_errors;
use crate::handlers::{
    api, assignment, auth, conflicts, cycles, dashboard, evidence, exam, files, insight, messages,
    portfolio, public, ratings, register, review, second_factor, staff_accounts, workflow,
};
use crate::state::AppState;
use lattice_jobs::mail::{Mailer, ReminderSchedule, run_worker};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{0}")]
    Config(String),
    #[error("database: {0}")]
    Store(#[from] lattice_store::StoreError),
    #[error("requirement profiles: {0}")]
    Profiles(#[from] lattice_profiles::ProfileError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

#[derive(Debug)]
pub struct Application {
    listener: TcpListener,
    /// The metrics page's own listener, when `metrics_bind` is set.
    metrics_listener: Option<TcpListener>,
    state: AppState,
}

impl Application {
    /// Opens the configured database and binds the configured address.
    pub async fn build(config: Config) -> Result<Application, StartError> {
        let in_data_dir = |e: std::io::Error| {
            StartError::Config(format!("data_dir {}: {e}", config.data_dir.display()))
        };
        let database = config.data_dir.join("lattice.db");
        if config.database_url.is_none() {
            lattice_jobs::private_fs::create_dir(&config.data_dir).map_err(in_data_dir)?;
            // Made 0600 before SQLite opens it: SQLite gives its -wal and -shm the same mode.
            lattice_jobs::private_fs::create_file(&database).map_err(in_data_dir)?;
        }
        let store = lattice_store::connect(config.database_url().expose(), 16).await?;
        if config.database_url.is_none() {
            // Files an earlier version left readable by others.
            for suffix in ["", "-wal", "-shm"] {
                let mut name = database.clone().into_os_string();
                name.push(suffix);
                lattice_jobs::private_fs::tighten(std::path::Path::new(&name))
                    .map_err(in_data_dir)?;
            }
        }
        Application::build_with_store(config, store).await
    }

    /// Like [`Application::build`], with a store opened by the caller.
    pub async fn build_with_store(
        mut config: Config,
        store: SharedStore,
    ) -> Result<Application, StartError> {
        // Nodes sharing a PostgreSQL database must seal and open the associations' signing
        // keys with one key-encryption key: a key file generated per node would make a
        // credential signed on one node unreadable on the others.
        if store.backend() == lattice_store::Backend::Postgres && config.credential_key.is_none() {
            return Err(StartError::Config(
                "credential_key: required with PostgreSQL (database_url), so every node seals \
                 keys alike; make one with `openssl rand -base64 32` and set it as \
                 credential_key in the file or LATTICE_CREDENTIAL_KEY on every node"
                    .to_string(),
            ));
        }
        let catalog = sync_profiles(&store).await?;
        let mailer = Mailer::new(&config.mail_settings()).map_err(StartError::Config)?;
        let listener = TcpListener::bind(config.bind).await?;
        let metrics_listener = match config.metrics_bind {
            Some(address) => Some(
                TcpListener::bind(address)
                    .await
                    .map_err(|e| StartError::Config(format!("metrics_bind {address}: {e}")))?,
            ),
            None => None,
        };
        // Bound to any free port (tests, load runs) with the default base URL: links in pages,
        // mails and credentials name the port actually given.
        if config.bind.port() == 0 && config.base_url == format!("http://{}", config.bind) {
            config.base_url = format!("http://{}", listener.local_addr()?);
        }
        if let crate::config::MailConfig::Files { dir } = &config.mail {
            lattice_jobs::private_fs::create_dir(dir)
                .and_then(|()| lattice_jobs::private_fs::tighten(dir))
                .map_err(|e| StartError::Config(format!("mail_dir {}: {e}", dir.display())))?;
        }
        let files = file_store(&config).await?;
        let state = AppState::new(store, catalog, config, mailer, files);
        Ok(Application {
            listener,
            metrics_listener,
            state,
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Where `/metrics` is served; None when `metrics_bind` is not set.
    pub fn metrics_addr(&self) -> Option<std::io::Result<SocketAddr>> {
        self.metrics_listener.as_ref().map(TcpListener::local_addr)
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then drains requests and stops the mail worker.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let (stop_worker, worker_stopped) = watch::channel(false);
        let state = self.state.clone();
        let worker = tokio::spawn(run_worker(
            state.store().clone(),
            state.mailer().clone(),
            state.config().mail_from.clone(),
            Duration::from_millis(state.config().mail_poll_ms),
            state.config().bulk_mail_per_second,
            ReminderSchedule {
                base_url: state.config().base_url.clone(),
                every: state.config().reminder_interval,
                catalog: state.catalog().clone(),
                progress: state.metrics().progress().clone(),
            },
            worker_stopped,
        ));
        // Editions another node schedules or withdraws are in force here within this interval.
        let editions = tokio::spawn(follow_editions(
            state.clone(),
            EDITIONS_EVERY,
            stop_worker.subscribe(),
        ));
        // The metrics are served until the site has stopped, through its drain: the last
        // scrapes show the node going out.
        let (stop_metrics, metrics_stopped) = watch::channel(false);
        let metrics = self.metrics_listener.map(|listener| {
            let mut stopped = metrics_stopped;
            tokio::spawn(serve(
                listener,
                crate::metrics_routes::router(state.clone()),
                state.config().header_read_timeout,
                Duration::from_secs(1),
                async move {
                    let _ = stopped.wait_for(|stop| *stop).await;
                },
            ))
        });
        let header_read_timeout = state.config().header_read_timeout;
        let shutdown_grace = state.config().shutdown_grace;
        let drain_delay = state.config().drain_delay;
        let draining = state.clone();
        // A stop signal first makes `/ready` answer 503 for `drain_delay` while the node still
        // serves, so a load balancer takes it out before it stops accepting connections.
        let shutdown = async move {
            shutdown.await;
            draining.start_draining();
            if !drain_delay.is_zero() {
                tracing::info!(
                    drain_secs = drain_delay.as_secs(),
                    "stop signal: draining, /ready answers 503"
                );
                tokio::time::sleep(drain_delay).await;
            }
        };
        let served = serve(
            self.listener,
            router(self.state),
            header_read_timeout,
            shutdown_grace,
            shutdown,
        )
        .await;
        let _ = stop_worker.send(true);
        let _ = stop_metrics.send(true);
        if let Err(error) = editions.await {
            tracing::error!(%error, "edition follower ended abnormally");
        }
        if let Err(error) = worker.await {
            tracing::error!(%error, "mail worker ended abnormally");
        }
        if let Some(Err(error)) = match metrics {
            Some(task) => Some(task.await),
            None => None,
        } {
            tracing::error!(%error, "metrics server ended abnormally");
        }
        served
    }
}

/// Serves HTTP/1.1 on the listener until `shutdown` completes, then lets the connections
/// finish their requests for at most `shutdown_grace`; connections still busy then are
/// dropped, so a stalled client cannot keep the process from stopping. Written out rather than `axum::serve`, which sets no timer: without
/// one a client that sends half a request header holds its connection (and a task) for as
/// long as it likes, and a few hundred such clients exhaust the server.
async fn serve(
    listener: TcpListener,
    router: Router,
    header_read_timeout: Duration,
    shutdown_grace: Duration,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::extract::ConnectInfo;
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt;

    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
    let connections = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, say: wait a moment instead of spinning.
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        // What `into_make_service_with_connect_info` would add: the client's address, for
        // the per-client mail limits.
        let service = router.clone().map_request(
            move |mut request: axum::http::Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(ConnectInfo(remote));
                request
            },
        );
        let connection = http.serve_connection(
            TokioIo::new(stream),
            hyper_util::service::TowerToHyperService::new(service),
        );
        let connection = connections.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, %remote, "connection ended with an error");
            }
        });
    }
    drop(listener);
    let in_flight = connections.count();
    if in_flight > 0 {
        tracing::info!(
            connections = in_flight,
            grace_secs = shutdown_grace.as_secs(),
            "shutting down: waiting for requests in flight"
        );
    }
    // The connections left then are dropped with the runtime when the process exits.
    if tokio::time::timeout(shutdown_grace, connections.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            event = "shutdown_grace_elapsed",
            grace_secs = shutdown_grace.as_secs(),
            "stopping with requests still in flight: shutdown_grace elapsed"
        );
    }
    Ok(())
}

/// Where uploads live: the S3 bucket of `files_bucket`, which every node reads, or else the
/// local disk under the data dir (one node, or a shared volume).
async fn file_store(
    config: &Config,
) -> Result<std::sync::Arc<dyn object_store::ObjectStore>, StartError> {
    if let Some(bucket) = &config.files_bucket {
        let s3 = object_store::aws::AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .build()
            .map_err(|e| StartError::Config(format!("files_bucket {bucket}: {e}")))?;
        // Reached once now, so a wrong endpoint, key or bucket stops the start with its name
        // rather than failing the first person who uploads a transcript.
        use futures_util::TryStreamExt;
        use object_store::ObjectStore;
        // Bounded: the client retries a refused connection for minutes, as it should for an
        // upload, but a start should say what is wrong soon.
        let listed = tokio::time::timeout(
            std::time::Duration::from_secs(15),
            s3.list(Some(&object_store::path::Path::from("uploads")))
                .try_next(),
        )
        .await;
        let problem = match listed {
            Ok(Ok(_)) => None,
            Ok(Err(e)) => Some(e.to_string()),
            Err(_) => Some("no answer in 15 seconds".to_string()),
        };
        if let Some(problem) = problem {
            return Err(StartError::Config(format!(
                "files_bucket {bucket}: cannot list it (check AWS_ENDPOINT, AWS_REGION and the \
                 access key): {problem}"
            )));
        }
        return Ok(std::sync::Arc::new(s3));
    }
    let files_dir = config.data_dir.join("files");
    lattice_jobs::private_fs::create_dir(&files_dir)
        .and_then(|()| lattice_jobs::private_fs::tighten(&files_dir))
        .and_then(|()| lattice_jobs::private_fs::check_writable(&files_dir))
        .map_err(|e| {
            StartError::Config(format!(
                "data_dir {}: not writable: {e}",
                files_dir.display()
            ))
        })?;
    let files = object_store::local::LocalFileSystem::new_with_prefix(&files_dir)
        .map_err(|e| StartError::Config(format!("files: {e}")))?;
    Ok(std::sync::Arc::new(files))
}

/// How often a node compares the stored scheduled editions with its catalog's: the longest an
/// edition scheduled or withdrawn on another node goes unseen on pages other than the
/// registration and the rules pages (which compare first).
pub const EDITIONS_EVERY: Duration = Duration::from_secs(30);

/// Keeps this node's rules catalog on the stored scheduled editions, comparing every `every`
/// until `stop` turns true. A failed comparison (the database away) is logged and retried
/// on the next tick; the catalog in force stays.
pub async fn follow_editions(state: AppState, every: Duration, mut stop: watch::Receiver<bool>) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let stopped = tokio::select! {
            _ = ticks.tick() => false,
            // The guard `wait_for` returns is not held across the comparison below.
            _ = stop.wait_for(|stop| *stop) => true,
        };
        if stopped {
            return;
        }
        if let Err(error) = crate::catalog::refresh(&state).await {
            tracing::warn!(%error, "comparing the scheduled editions failed");
        }
    }
}

/// Brings the stored requirement profiles up to the ones built into this binary and returns
/// the catalog built from the stored texts (the store is the source every node reads).
pub async fn sync_profiles(store: &SharedStore) -> Result<Catalog, StartError> {
    let embedded = Catalog::embedded()?;
    for (file, text) in embedded_sources() {
        let slug = file.trim_end_matches(".toml").to_string();
        let editions = embedded.editions(&slug);
        let Some(latest) = editions.last() else {
            return Err(StartError::Config(format!(
                "profile file {file} names no association {slug:?}"
            )));
        };
        store
            .upsert_association(
                &slug,
                &latest.association.name,
                &ProfileSource { file, text },
            )
            .await?;
    }
    Ok(Catalog::from_texts(
        crate::catalog::profile_texts(store).await?,
    )?)
}

const CSS: &str = include_str!("../static/app.css");
const JS: &str = include_str!("../static/app.js");

/// Every route of the service. (Kept as written: the router's lines are long.)
#[rustfmt::skip]
fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(public::home))
        .route("/health", get(public::health))
        .route("/ready", get(public::ready))
        .route("/static/app.css", get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS) }))
        .route("/a/{slug}", get(public::association))
        .route("/.well-known/jwks.json", get(crate::handlers::credentials::jwks))
        .route("/a/{slug}/jwks.json", get(crate::handlers::credentials::association_jwks))
        .route("/a/{slug}/keys/{thumbprint}", get(crate::handlers::credentials::public_key))
        .route("/a/{slug}/status/{purpose}", get(crate::handlers::credentials::status_list))
        .route("/a/{slug}/achievements/{category}", get(crate::handlers::achievements::achievement))
        .route("/a/{slug}/achievements/{category}/badge.svg", get(crate::handlers::achievements::badge))
        .route(
            "/credentials/{number}/credential.jwt",
            get(crate::handlers::credentials::credential_jwt),
        )
        .route(
            "/credentials/{number}/credential.json",
            get(crate::handlers::credentials::credential_json),
        )
        .route("/sign-in", get(auth::sign_in_page).post(auth::sign_in))
        .route("/sign-in/code", get(second_factor::code_page_get).post(second_factor::code))
        .route("/sign-in/enrol", get(second_factor::enrol_page).post(second_factor::enrol))
        .route("/account/recovery-codes", post(second_factor::new_recovery_codes))
        .route("/sign-out", post(auth::sign_out))
        .route("/language", get(crate::handlers::language::choose_for_browser).post(crate::handlers::language::choose_for_account))
        .route("/forgot-password", get(auth::forgot_page).post(auth::forgot))
        .route("/reset-password", get(auth::reset_page).post(auth::reset))
        .route("/verify-email", get(auth::verify_email))
        .route("/dashboard", get(dashboard::dashboard))
        .route("/staff/{slug}", get(dashboard::staff_area))
        .route("/applications/{id}", get(workflow::application_page))
        .route("/applications/{id}/events", post(workflow::apply_event))
        .route("/applications/{id}/review", get(review::review_page))
        .route("/applications/{id}/evidence", get(evidence::evidence_page))
        .route("/applications/{id}/messages", post(messages::post))
        .route("/applications/{id}/review/submit", post(review::submit_review))
        .route("/applications/{id}/review/decide", post(review::decide))
        .route("/applications/{id}/review/assign", post(review::assign))
        .route("/applications/{id}/review/conflicts", post(review::declare_conflict))
        .route("/applications/{id}/review/rules", post(review::set_rules))
        .route("/applications/{id}/exam", get(exam::exam_page))
        .route("/applications/{id}/exam/sittings", post(exam::schedule))
        .route("/applications/{id}/exam/sittings/{sitting}/part1", post(exam::record_part1))
        .route("/applications/{id}/exam/sittings/{sitting}/result", post(exam::record_result))
        .route("/applications/{id}/exam/sittings/{sitting}/reschedule", post(exam::reschedule))
        .route(
            "/applications/{id}/exam/sittings/{sitting}/scores/{scorer}/reopen",
            post(exam::reopen_score),
        )
        .route("/applications/{id}/exam/accommodations", post(exam::request_accommodation))
        .route(
            "/applications/{id}/exam/accommodations/{accommodation}/decision",
            post(exam::decide_accommodation),
        )
        .route("/scoring", get(exam::scoring_page))
        .route("/scoring/{sitting}", post(exam::score))
        .route("/staff/{slug}/assign", get(assignment::dry_run).post(assignment::apply))
        .route("/staff/{slug}/reports", get(crate::handlers::reports::reports_page))
        .route("/staff/{slug}/endorsees", get(crate::handlers::endorsee_import::import_page))
        .route("/staff/{slug}/rules", get(crate::handlers::rules::rules_page))
        .route("/staff/{slug}/rules/preview", post(crate::handlers::rules::preview))
        .route("/staff/{slug}/rules/schedule", post(crate::handlers::rules::schedule))
        .route(
            "/staff/{slug}/endorsees/template.csv",
            get(crate::handlers::endorsee_import::template),
        )
        .route(
            "/staff/{slug}/endorsees/dry-run",
            post(crate::handlers::endorsee_import::dry_run),
        )
        .route(
            "/staff/{slug}/endorsees/apply",
            // The dry run's file comes back base64-encoded (a third larger than uploaded).
            post(crate::handlers::endorsee_import::apply)
                .layer(axum::extract::DefaultBodyLimit::max(4 * 1024 * 1024)),
        )
        .route(
            "/staff/{slug}/applicants",
            get(crate::handlers::applicant_import::import_page),
        )
        .route(
            "/staff/{slug}/applicants/template.csv",
            get(crate::handlers::applicant_import::template),
        )
        .route(
            "/staff/{slug}/applicants/dry-run",
            // The CSV and every applicant's portfolio file in one form.
            post(crate::handlers::applicant_import::dry_run)
                .layer(axum::extract::DefaultBodyLimit::max(8 * 1024 * 1024)),
        )
        .route(
            "/staff/{slug}/applicants/apply",
            // The dry run's files come back base64-encoded (a third larger than uploaded).
            post(crate::handlers::applicant_import::apply)
                .layer(axum::extract::DefaultBodyLimit::max(12 * 1024 * 1024)),
        )
        .route("/staff/{slug}/members", get(crate::handlers::members::members_page))
        .route(
            "/staff/{slug}/members/template.csv",
            get(crate::handlers::members::roster_template),
        )
        .route(
            "/staff/{slug}/members/import",
            post(crate::handlers::members::import_roster),
        )
        .route("/staff/{slug}/members/{id}/end", post(crate::handlers::members::end))
        .route("/staff/{slug}/members/dues", post(crate::handlers::members::set_dues))
        .route(
            "/staff/{slug}/members/requests/{id}/dues-paid",
            post(crate::handlers::members::dues_paid),
        )
        .route(
            "/staff/{slug}/members/requests/{id}/verify",
            post(crate::handlers::members::verify_other),
        )
        .route("/membership/other", post(crate::handlers::members::request_other).layer(axum::extract::DefaultBodyLimit::max(files::MAX_BYTES + 64 * 1024)))
        .route(
            "/staff/{slug}/members/record",
            post(crate::handlers::members::record_by_email),
        )
        .route("/membership/request", post(crate::handlers::members::request))
        .route("/staff/{slug}/reports/{kind}", get(crate::handlers::reports::export))
        .route("/staff/{slug}/assign/csv", post(assignment::import_csv))
        .route("/staff/{slug}/cycles", post(cycles::create))
        .route("/registry", get(crate::handlers::endorsements::registry))
        .route("/a/{slug}/registry", get(crate::handlers::endorsements::association_registry))
        .route("/api/registry", get(crate::handlers::endorsements::registry_api))
        .route("/verify", get(crate::handlers::endorsements::verify_lookup))
        .route("/verify/{number}", get(crate::handlers::endorsements::verify))
        .route("/credentials/{number}", get(crate::handlers::endorsements::credential_id))
        .route(
            "/credentials/{number}/status",
            post(crate::handlers::endorsements::set_status),
        )
        .route("/renewal", get(crate::handlers::renewal::renewal_page))
        .route("/renewal/{slug}/{year}", post(crate::handlers::renewal::submit))
        .route(
            "/staff/{slug}/renewals/{id}/paid",
            post(crate::handlers::renewal::mark_paid),
        )
        .route(
            "/credentials/{number}/reinstate",
            get(crate::handlers::renewal::reinstate_page)
                .post(crate::handlers::renewal::reinstate),
        )
        .route(
            "/credentials/{number}/certificate.pdf",
            get(crate::handlers::endorsements::certificate),
        )
        .route(
            "/credentials/{number}/listing",
            post(crate::handlers::endorsements::set_listing),
        )
        .route(
            "/credentials/{number}/transfer",
            post(crate::handlers::transfers::request),
        )
        .route(
            "/staff/{slug}/transfers/{id}/accept",
            post(crate::handlers::transfers::accept),
        )
        .route(
            "/staff/{slug}/transfers/{id}/decline",
            post(crate::handlers::transfers::decline),
        )
        .route("/staff/{slug}/exam-windows", post(exam::create_window))
        .route("/staff/{slug}/exam-scorers", post(exam::set_scorer_policy))
        .route("/staff/{slug}/reviewers/{person}", post(cycles::reviewer_profile))
        .route("/applications/{id}/review/cycle", post(cycles::place))
        .route("/staff/{slug}/accounts", get(staff_accounts::accounts_page))
        .route("/staff/{slug}/accounts/invite", post(staff_accounts::invite))
        .route(
            "/staff/{slug}/accounts/outside-reviewers",
            post(staff_accounts::set_outside),
        )
        .route("/staff/{slug}/accounts/{person}/status", post(staff_accounts::set_status))
        .route("/staff/{slug}/accounts/{person}/profile", post(staff_accounts::set_profile))
        .route(
            "/staff-invitation",
            get(staff_accounts::invitation_page).post(staff_accounts::accept),
        )
        .route("/admin/mail", get(crate::handlers::failed_mail::failed_mail_page))
        .route("/admin/mail/{id}/resend", post(crate::handlers::failed_mail::resend))
        .route("/admin/keys", get(crate::handlers::signing_keys::keys_page))
        .route(
            "/admin/keys/{slug}/rotate",
            post(crate::handlers::signing_keys::rotate),
        )
        .route(
            "/account/reviewing",
            get(staff_accounts::reviewing_page).post(staff_accounts::set_reviewing),
        )
        .route("/applications/{id}/reviewers/why", get(conflicts::why_page))
        .route(
            "/applications/{id}/declared-conflicts/{conflict}",
            post(conflicts::decide),
        )
        .route("/applications/{id}/conflicts", post(review::applicant_conflict))
        .route(
            "/applications/{id}/conflicts/{conflict}/remove",
            post(review::remove_applicant_conflict),
        )
        .route("/portfolio", get(portfolio::overview))
        .route("/portfolio/export.json", get(portfolio::export))
        .route("/portfolio/import", post(portfolio::import))
        .route("/portfolio/agreements", get(portfolio::agreements_page).post(portfolio::sign))
        .route("/portfolio/trainings/template.csv", get(portfolio::csv_template))
        .route("/portfolio/trainings/import", post(portfolio::import_trainings))
        .route("/portfolio/references/request", post(ratings::request))
        .route("/portfolio/references/requests/{id}/resend", post(ratings::resend))
        .route("/portfolio/references/requests/{id}/cancel", post(ratings::cancel))
        .route("/rate/{token}", get(ratings::rate_form).post(ratings::rate_submit))
        .route("/register", get(register::register_page).post(register::register))
        .route("/applications/{id}/invoices/{invoice}/paid", post(workflow::mark_paid))
        .route("/applications/{id}/membership", post(workflow::record_membership))
        .route(
            "/applications/{id}/paper-rating",
            post(crate::handlers::ratings::record_paper),
        )
        .route(
            "/applications/{id}/education/{entry}/check",
            post(crate::handlers::transcripts::check),
        )
        .route(
            "/portfolio/education/transcripts",
            post(files::upload_transcript).layer(axum::extract::DefaultBodyLimit::max(files::MAX_BYTES + 64 * 1024)),
        )
        .route(
            "/portfolio/trainings/certificates",
            post(files::upload_certificate)
                .layer(axum::extract::DefaultBodyLimit::max(files::MAX_BYTES + 64 * 1024)),
        )
        .route("/uploads/{id}", get(files::download))
        .route("/portfolio/coverage", get(insight::coverage))
        .route("/portfolio/summary", get(insight::summary))
        .route("/sign-up", get(auth::sign_up_page).post(auth::sign_up))
        .route("/portfolio/{section}", get(portfolio::section).post(portfolio::add))
        .route("/portfolio/{section}/messages", post(portfolio::message))
        .route("/portfolio/{section}/{id}", get(portfolio::edit).post(portfolio::update))
        .route("/portfolio/{section}/{id}/delete", post(portfolio::delete))
        .route("/static/app.js", get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], JS) }))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/me", get(api::me))
        .route("/api/applications/{id}", get(api::application))
        .route("/api/associations/{slug}/applications", get(api::association_applications))
        // An association's settings and its branding (issue #21 item 2).
        .route(
            "/staff/{slug}/settings",
            get(crate::handlers::settings::settings_page)
                .post(crate::handlers::settings::save)
                .layer(axum::extract::DefaultBodyLimit::max(crate::handlers::settings::MAX_FORM_BYTES)),
        )
        .route("/associations/{slug}/logo", get(crate::handlers::settings::logo))
        .route("/associations/{slug}/brand.css", get(crate::handlers::settings::stylesheet))
        // Fees, the late fee, the deadline and the grace period as a new edition (#21 item 2).
        .route(
            "/staff/{slug}/settings/fees",
            get(crate::handlers::fee_settings::fee_settings_page)
                .post(crate::handlers::fee_settings::schedule),
        )
        .route(
            "/staff/{slug}/settings/fees/preview",
            post(crate::handlers::fee_settings::preview),
        )
        // Agreement texts by version and mail templates (#21 item 2).
        .route(
            "/staff/{slug}/settings/agreements",
            get(crate::handlers::agreement_texts::settings_page)
                .post(crate::handlers::agreement_texts::publish),
        )
        .route(
            "/a/{slug}/agreements/{kind}/{version}",
            get(crate::handlers::agreement_texts::text_page),
        )
        .route(
            "/staff/{slug}/settings/mail",
            get(crate::handlers::mail_templates::settings_page)
                .post(crate::handlers::mail_templates::save),
        )
        // preview2 (#21 item 3 follow-ups)
        .route("/staff/{slug}/rules/withdraw", post(crate::handlers::rules::withdraw))
        .fallback(public::not_found)
}

/// The routes with the layers around them. `keep_place` is given the routes a second time,
/// bare, to render the page a form with a mistake came from (a second copy, so that the
/// router holds no reference to itself).
pub fn router(state: AppState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let pages = routes().with_state(state.clone());
    routes()
        .layer(middleware::from_fn_with_state(pages, crate::keep_place::keep_place))
        .layer(middleware::from_fn(render_errors))
        .layer(middleware::from_fn(no_store_unless_public))
        // Around the pages and the error pages a form's mistake renders again, so that all a
        // request's reads share one pooled connection (`lattice_store::request_scope`).
        .layer(middleware::from_fn(one_connection_per_request))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            state.config().body_read_timeout,
        ))
        .layer(
            // One line per request at info, when the response starts. The route's pattern
            // (`/rate/{token}`), never the path: paths carry rating, reset, verification
            // and invitation tokens.
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<_>| {
                    let id = request
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    let route = request
                        .extensions()
                        .get::<MatchedPath>()
                        .map_or("(no route)", MatchedPath::as_str);
                    tracing::info_span!("request", request_id = %id, method = %request.method(), route = %route)
                })
                .on_request(())
                .on_response(
                    DefaultOnResponse::new()
                        .level(tracing::Level::INFO)
                        .latency_unit(LatencyUnit::Millis),
                )
                // A failed request is already logged at ERROR by `WebError` with its cause;
                // what is left here is mostly deliberate (`/ready`'s 503 while draining), so
                // a warning, not a second error line.
                .on_failure(
                    DefaultOnFailure::new()
                        .level(tracing::Level::WARN)
                        .latency_unit(LatencyUnit::Millis),
                ),
        )
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .layer(middleware::map_request(drop_unsafe_request_id))
        // Outside everything above, so a request's time includes the error pages, the
        // timeouts and the headers; still a route layer, so it sees the route's pattern.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::metrics_routes::track,
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        // HSTS only where the service is reached over TLS: browsers ignore it on plain HTTP,
        // and sending it from a dev box would pin localhost to HTTPS.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            state.config().base_url.starts_with("https://").then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains")),
        ))
        .with_state(state)
}

async fn one_connection_per_request(
    request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    lattice_store::request_scope(next.run(request)).await
}

/// A request id from the client is kept only when it is short and plain, so it can be logged
/// and sent back as it is; anything else (line breaks, quotes, a kilobyte of text) would let a
/// client forge log lines, and is replaced by a fresh id.
async fn drop_unsafe_request_id(mut request: axum::extract::Request) -> axum::extract::Request {
    let plain = request
        .headers()
        .get("x-request-id")
        .map(|value| plain_request_id(value.as_bytes()));
    if plain == Some(false) {
        request.headers_mut().remove("x-request-id");
    }
    request
}

/// 1 to 64 of `A-Z a-z 0-9 . _ -`.
pub fn plain_request_id(id: &[u8]) -> bool {
    (1..=64).contains(&id.len())
        && id
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Pages anyone may see, the same for everyone: they keep the caching they have. Static
/// assets are the same for a signed-in person too.
fn public_path(path: &str) -> bool {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match segments.as_slice() {
        [""] | ["health"] | ["registry"] => true,
        ["api", "registry" | "openapi.json"] => true,
        ["verify"] | ["verify", _] | [".well-known", _] => true,
        // The association's page, registry, keys and status lists.
        ["a", _] | ["a", _, "registry" | "jwks.json"] | ["a", _, "status" | "keys", _] => true,
        // Its categories as Open Badges achievements, and their badges.
        ["a", _, "achievements", _] | ["a", _, "achievements", _, "badge.svg"] => true,
        // A credential's id, which only sends on to its verification page.
        ["credentials", _] => true,
        // An association's logo and the stylesheet with its colour, shown on its pages.
        ["associations", _, "logo" | "brand.css"] => true,
        _ => false,
    }
}

/// `Cache-Control: no-store` on everything private (signed-in pages, the API, exports,
/// uploads, rating and reset links, the sign-in forms): a shared computer's browser cache or
/// a proxy must not keep a portfolio, a token in a URL or a form's CSRF token. A public page
/// shown to a signed-in person is private too (it carries their name), unless its handler
/// declared it `public` because it is the same for everyone (keys, status lists).
async fn no_store_unless_public(
    request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    let path = request.uri().path();
    let is_static = path.starts_with("/static/");
    let is_public = public_path(path);
    let signed_in = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|pair| pair.trim().starts_with(crate::auth::SESSION_COOKIE));
    let mut response = next.run(request).await;
    let declared_public = response
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|d| d.trim() == "public"));
    let keep = is_static || (is_public && (!signed_in || declared_public));
    if !keep {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
