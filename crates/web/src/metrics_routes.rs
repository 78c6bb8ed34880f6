//! The metrics' HTTP side: the middleware that counts the site's requests and the `/metrics`
//! page on `metrics_bind`. Apart from `metrics` because they read the app's state, which holds
//! the metrics: the registry stays below the state, these above it.

use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Utc;

use crate::metrics::UNMATCHED_ROUTE;
use crate::state::AppState;

/// Middleware on the site's routes: counts each request under its route's pattern and times
/// it to the response's head (a streamed body's transfer is not included).
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    // Routes put their pattern in the request before their layers run; the fallback has none.
    let route = request.extensions().get::<MatchedPath>().cloned();
    let response = next.run(request).await;
    let route = route.as_ref().map_or(UNMATCHED_ROUTE, MatchedPath::as_str);
    state
        .metrics()
        .observe(route, &method, response.status(), started.elapsed());
    response
}

/// The metrics address's only page, `/metrics`; everything else there is a plain 404.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(metrics_page))
        .with_state(state)
}

async fn metrics_page(State(state): State<AppState>) -> Response {
    let metrics = state.metrics();
    metrics.refresh(state.store(), Utc::now()).await;
    match metrics.encode() {
        Ok(text) => (
            [(
                header::CONTENT_TYPE,
                prometheus_client::encoding::prometheus_text::CONTENT_TYPE,
            )],
            text,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "metrics: encoding failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
