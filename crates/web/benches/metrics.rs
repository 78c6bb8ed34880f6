//! What the metrics middleware costs a request: the same trivial handler behind the router,
//! bare and with `metrics_routes::track` (its route pattern looked up, a counter and a histogram
//! recorded). The difference is the middleware's whole cost; any page does far more work.
//!
//! `cargo bench -p lattice-web --bench metrics`

use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use axum::routing::get;
use lattice_web::state::AppState;
use tower::ServiceExt;

fn main() {
    divan::main();
}

struct Fixture {
    runtime: tokio::runtime::Runtime,
    bare: Router,
    counted: Router,
    _dir: tempfile::TempDir,
}

/// One app (its state holds the registry), built once for every sample.
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let dir = tempfile::tempdir().expect("dir");
        let state: AppState = runtime.block_on(async {
            let env = [
                ("LATTICE_BIND", "127.0.0.1:0".to_string()),
                ("LATTICE_DATA_DIR", dir.path().display().to_string()),
            ]
            .map(|(k, v)| (k.to_string(), v));
            let config = lattice_web::Config::load(None, env).expect("config");
            let url = lattice_store::testing::sqlite_url_in(dir.path());
            let store = lattice_store::testing::open(&url).await.expect("store");
            lattice_web::Application::build_with_store(config, store)
                .await
                .expect("build")
                .state()
                .clone()
        });
        let routes = || Router::new().route("/items/{id}", get(|| async { "ok" }));
        let counted = routes().layer(axum::middleware::from_fn_with_state(
            state,
            lattice_web::metrics_routes::track,
        ));
        Fixture {
            runtime,
            bare: routes(),
            counted,
            _dir: dir,
        }
    })
}

fn request(router: &Router, runtime: &tokio::runtime::Runtime) {
    let response = runtime
        .block_on(
            router.clone().oneshot(
                Request::get("/items/42")
                    .body(Body::empty())
                    .expect("request"),
            ),
        )
        .expect("answer");
    assert!(response.status().is_success());
}

#[divan::bench]
fn bare() {
    let fixture = fixture();
    request(&fixture.bare, &fixture.runtime);
}

#[divan::bench]
fn with_metrics() {
    let fixture = fixture();
    request(&fixture.counted, &fixture.runtime);
}
