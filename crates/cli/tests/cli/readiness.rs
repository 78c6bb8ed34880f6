//! `/ready` means what a load balancer needs: after SIGTERM the node says it is draining for
//! `drain_delay` while it still serves, then stops; a database whose schema does not match the
//! binary makes it not ready.

use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::server::{Server, data_dir_args, http};

#[tokio::test]
async fn a_stopping_node_drains_while_it_still_serves() {
    let dir = tempfile::tempdir().expect("dir");
    let args = data_dir_args(dir.path());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut server = Server::start_with(&args, &[("LATTICE_DRAIN_DELAY", "5s")]);
    let client = http();
    let ready = client
        .get(server.url("/ready"))
        .send()
        .await
        .expect("ready");
    assert_eq!(ready.status(), StatusCode::OK);
    assert_eq!(
        ready.json::<serde_json::Value>().await.expect("json")["ready"],
        true
    );

    let stopped_at = Instant::now();
    server.signal_stop();
    let draining = loop {
        let answer = client
            .get(server.url("/ready"))
            .send()
            .await
            .expect("ready");
        if answer.status() == StatusCode::SERVICE_UNAVAILABLE {
            break answer.json::<serde_json::Value>().await.expect("json");
        }
        assert!(
            stopped_at.elapsed() < Duration::from_secs(5),
            "/ready still says ready after the stop signal"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(draining["ready"], false);
    assert_eq!(draining["reason"], "draining: this node is stopping");
    // Still serving while it drains: a page and the health check answer.
    let page = client.get(server.url("/")).send().await.expect("home");
    assert_eq!(page.status(), StatusCode::OK);
    let health = client
        .get(server.url("/health"))
        .send()
        .await
        .expect("health");
    assert_eq!(health.status(), StatusCode::OK);
    let status = server
        .ended_within(Duration::from_secs(40))
        .expect("the node stops after draining");
    assert!(status.success(), "{status:?}");
    // It waited out the drain before it stopped accepting.
    assert!(stopped_at.elapsed() >= Duration::from_secs(5));
}
