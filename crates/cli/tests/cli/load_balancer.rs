//! Two `lattice serve` nodes on one PostgreSQL database behind HAProxy, configured with the
//! example in docs/OPERATIONS.md ("Behind HAProxy"): the balancer takes a draining node out on
//! its `/ready` check before the node stops, and requests keep succeeding throughout.

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::server::{SHARED_KEY, Server, free_port, http};

/// The `haproxy` block of docs/OPERATIONS.md, with loopback addresses for the balancer and the
/// nodes, and (for the test only) a stats socket to read the nodes' states from.
fn documented_config(listen: &str, nodes: &[&str], stats: &Path) -> String {
    let docs = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/OPERATIONS.md"),
    )
    .expect("docs/OPERATIONS.md");
    let block = docs
        .split("```haproxy\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/OPERATIONS.md has a ```haproxy block");
    let mut servers = nodes.iter().enumerate();
    let mut config = String::new();
    for line in block.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("bind ") {
            config.push_str(&format!("    bind {listen}\n"));
        } else if trimmed.starts_with("server ") {
            if let Some((i, address)) = servers.next() {
                config.push_str(&format!("    server node{} {address} check\n", i + 1));
            }
        } else {
            config.push_str(line);
            config.push('\n');
            if trimmed == "global" {
                config.push_str(&format!("    stats socket {}\n", stats.display()));
            }
        }
    }
    assert!(
        servers.next().is_none(),
        "the documented block has fewer server lines than the test has nodes"
    );
    config
}

/// The HAProxy process, stopped when dropped.
struct Balancer {
    child: Child,
    stats: PathBuf,
}

impl Balancer {
    /// Each node's state as HAProxy sees it ("UP", "DOWN", …), from `show stat`.
    fn states(&self) -> Vec<(String, String)> {
        let mut socket = UnixStream::connect(&self.stats).expect("stats socket");
        socket.write_all(b"show stat\n").expect("ask");
        let mut csv = String::new();
        socket.read_to_string(&mut csv).expect("read");
        csv.lines()
            .filter(|line| line.starts_with("nodes,node"))
            .map(|line| {
                let fields: Vec<&str> = line.split(',').collect();
                (fields[1].to_string(), fields[17].to_string())
            })
            .collect()
    }

    fn state_of(&self, node: &str) -> String {
        self.states()
            .into_iter()
            .find(|(name, _)| name == node)
            .map(|(_, state)| state)
            .unwrap_or_default()
    }
}

impl Drop for Balancer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn haproxy() -> Option<&'static str> {
    let path = "/usr/sbin/haproxy";
    if Path::new(path).exists() {
        return Some(path);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but HAProxy is missing: scripts/test installs Debian's haproxy"
    );
    eprintln!("haproxy is not installed; skipping (run ./scripts/test)");
    None
}

#[tokio::test]
async fn a_draining_node_leaves_the_balancer_before_it_stops() {
    let Some(haproxy) = haproxy() else { return };
    let Some(url) = lattice_store::testing::postgres_url().await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let data_dir = dir.path().display().to_string();
    let env = [
        ("LATTICE_CREDENTIAL_KEY", SHARED_KEY),
        ("LATTICE_DRAIN_DELAY", "8s"),
        ("LATTICE_TRUSTED_PROXIES", "127.0.0.1"),
    ];
    let node1 = Server::start_with(
        &[
            "--database-url",
            &url,
            "--data-dir",
            &data_dir,
            "--demo",
            "--demo-on-postgres",
        ],
        &env,
    );
    let mut node2 = Server::start_with(&["--database-url", &url, "--data-dir", &data_dir], &env);
    let address = |server: &Server| server.url("").trim_start_matches("http://").to_string();
    let listen = format!("127.0.0.1:{}", free_port());
    let stats = dir.path().join("haproxy.sock");
    let config = dir.path().join("haproxy.cfg");
    std::fs::write(
        &config,
        documented_config(&listen, &[&address(&node1), &address(&node2)], &stats),
    )
    .expect("config");
    let child = Command::new(haproxy)
        .args(["-db", "-f"])
        .arg(&config)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("haproxy starts");
    let balancer = Balancer { child, stats };
    let front = format!("http://{listen}");
    let client = http();

    // Both nodes in service: the checks pass (two in a row) and pages come through.
    let started = Instant::now();
    while !(stats_ready(&balancer) && balancer.states().iter().all(|(_, s)| s == "UP")) {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "HAProxy did not see both nodes ready: {:?}",
            stats_ready(&balancer).then(|| balancer.states())
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let home = client.get(&front).send().await.expect("through HAProxy");
    assert_eq!(home.status(), reqwest::StatusCode::OK);
    assert!(home.text().await.expect("page").contains("Lattice"));

    // Requests every 10 ms through the balancer while node 2 drains and stops.
    let load = {
        let (client, front) = (client.clone(), front.clone());
        tokio::spawn(async move {
            let (mut ok, mut failed) = (0, Vec::new());
            let until = Instant::now() + Duration::from_secs(14);
            while Instant::now() < until {
                match client.get(format!("{front}/health")).send().await {
                    Ok(answer) if answer.status().is_success() => ok += 1,
                    Ok(answer) => failed.push(answer.status().to_string()),
                    Err(error) => failed.push(error.to_string()),
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            (ok, failed)
        })
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    node2.signal_stop();
    let stopping = Instant::now();
    // Out of the balancer on its /ready check (2 failures a second apart) while it still
    // serves, within its 8 s drain. "UP 1/2" is one failed check: still in service.
    while balancer.state_of("node2").starts_with("UP") {
        assert!(
            node2.ended_within(Duration::from_millis(1)).is_none(),
            "node 2 stopped while HAProxy still counted it in service"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let out_after = stopping.elapsed();
    assert!(
        node2.ended_within(Duration::from_millis(1)).is_none(),
        "node 2 was taken out only after it had stopped"
    );
    let exit = node2
        .ended_within(Duration::from_secs(30))
        .expect("node 2 stops after its drain");
    assert!(exit.success(), "{exit:?}");
    let (ok, failed) = load.await.expect("load");
    assert!(
        failed.is_empty(),
        "requests failed while a node drained: {failed:?}"
    );
    // About 100 a second on a quiet machine; far fewer would mean the balancer stalled.
    assert!(ok > 100, "only {ok} requests went through");
    assert!(out_after < Duration::from_secs(8), "{out_after:?}");
    assert_eq!(balancer.state_of("node1"), "UP");
}

/// Whether the stats socket answers yet (HAProxy creates it once it has started).
fn stats_ready(balancer: &Balancer) -> bool {
    UnixStream::connect(&balancer.stats).is_ok()
}
