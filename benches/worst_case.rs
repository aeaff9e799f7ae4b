//! `check --once` on the demo estate with every fault of the simulator switched on, with the
//! default settings (`target_budget_secs = 20`): how long the real binary takes when Microsoft
//! answers as badly as it can (throttled requests and `$batch` items with and without
//! `Retry-After`, a token endpoint that is temporarily unavailable, a reply that never comes,
//! 5xx, HTML, truncated, wrongly typed and huge replies). Nagios and Icinga kill a plugin after
//! 60 s. Run with `cargo bench --bench worst_case`. Prints figures; asserts nothing.

use std::time::Instant;

const KEY: &str = "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=";

/// Every fault kind, each on a different target of the demo estate.
const FAULTS: &str = r#"
[[faults]]
path = "/users/11111111-0000-4000-8000-000000000001/mailFolders"
kind = "throttle"
retry_after = 1.5
rate = 0.5
[[faults]]
path = "/users/11111111-0000-4000-8000-000000000002/mailFolders"
kind = "status"
status = 503
[[faults]]
path = "/users/11111111-0000-4000-8000-000000000003/mailFolders"
kind = "slow"
delay_ms = 600000
[[faults]]
path = "/users/11111111-0000-4000-8000-000000000004/mailFolders"
kind = "truncated"
[[faults]]
path = "/users/11111111-0000-4000-8000-000000000006/mailFolders"
kind = "wrong_types"
[[faults]]
path = "/users/11111111-0000-4000-8000-000000000007/mailFolders"
kind = "huge"
[[faults]]
path = "/users/11111111-0000-4000-8000-000000000009"
kind = "throttle"
retry_after = 30
batch_item = true
[[faults]]
path = "/users/"
kind = "throttle"
status = 503
batch_item = true
rate = 0.3
[[faults]]
path = "/oauth2/v2.0/token"
kind = "unavailable"
retry_after = 2
rate = 0.25
[[faults]]
path = "oauth2PermissionGrants"
kind = "status"
status = 500
times = 2
[[faults]]
path = "/owners"
kind = "throttle"
rate = 0.5
"#;

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = format!("{}\n{FAULTS}", linkwatch::commands::DEMO_SCENARIO);
    let sim = linkwatch::simulator::Simulator::start(
        linkwatch::simulator::Scenario::parse(&scenario).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    let url = sim.url();
    let config = dir.path().join("linkwatch.toml");
    std::fs::write(
        &config,
        format!(
            "[cloud]\nlogin_url = \"{url}\"\ngraph_url = \"{url}\"\n[storage]\npath = \"{}\"\n{}",
            dir.path().join("lw.db").display(),
            linkwatch::commands::DEMO_CONFIG
        ),
    )
    .unwrap();
    let cfg = linkwatch::config::Config::from_toml(
        &std::fs::read_to_string(&config).unwrap(),
        "bench",
        &[],
    )
    .unwrap();
    let rt = linkwatch::commands::Runtime::from_config(
        cfg,
        Some(linkwatch::vault::Vault::from_base64(KEY, "bench").unwrap()),
    )
    .unwrap();
    linkwatch::commands::seed_demo_links(
        &rt.store,
        &linkwatch::simulator::Scenario::parse(&scenario).unwrap(),
    )
    .unwrap();
    drop(rt);
    println!("demo estate, every simulator fault on, default settings (target budget 20 s)");
    for run in 1..=3 {
        let start = Instant::now();
        let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_linkwatch"))
            .args(["check", "--once", "--format", "json", "--config"])
            .arg(&config)
            .env("LINKWATCH_KEY", KEY)
            .output()
            .await
            .unwrap();
        let took = start.elapsed();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        let targets = json["targets"].as_array().cloned().unwrap_or_default();
        let unknown = targets.iter().filter(|t| t["status"] == "unknown").count();
        let gave_up = targets
            .iter()
            .flat_map(|t| t["findings"].as_array().cloned().unwrap_or_default())
            .filter(|f| {
                f["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("gave up after") || m.contains("time budget"))
            })
            .count();
        println!(
            "run {run}: check --once took {:.1} s (exit {}), {} targets, {unknown} unknown, {gave_up} findings at the time budget",
            took.as_secs_f64(),
            out.status.code().unwrap_or(-1),
            targets.len()
        );
    }
    let calls = sim.state().log.len();
    println!("simulator answered {calls} requests in the three runs");
    sim.stop().await;
}
