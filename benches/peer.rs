//! linkwatch beside the script an admin writes instead (`benches/peer/check_links.py`: Python
//! with `requests` and 16 threads that only redeems each mailbox's refresh token and reads its
//! inbox), on the same simulated estate in one run: whole processes, `linkwatch check --once`
//! against `python3 check_links.py`, each run three times after one warm-up; prints the
//! median wall time, CPU (user + system) and peak RSS of each and their ratios. linkwatch does
//! more per mailbox (its app registrations' secrets, the directory, the sign-in log, history,
//! alerts): the ratios say what that costs. Run with `cargo bench --bench peer` (`-- 10000`
//! for another size). Needs python3 with `requests` and GNU time (`/usr/bin/time`). Asserts
//! nothing.

#[path = "support/sim_estate.rs"]
mod sim_estate;

use sim_estate::{estate, start_simulator, APP_TOKEN_PREFIX};
use std::ffi::OsString;
use std::path::Path;
use std::process::Command;

/// Wall seconds, CPU seconds and peak RSS in MB of one whole process, from GNU time, and
/// what it said (the last line of its output) and its exit code.
#[derive(Debug, Clone)]
struct Usage {
    wall: f64,
    cpu: f64,
    rss_mb: f64,
    said: String,
}

/// Runs `argv` (with `env`) under GNU time.
fn measured(dir: &Path, argv: &[OsString], env: &[(&str, &str)]) -> Usage {
    let out = dir.join("time.txt");
    let run = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%e %U %S %M")
        .arg("-o")
        .arg(&out)
        .args(argv)
        .envs(env.iter().copied())
        .output()
        .expect("GNU time at /usr/bin/time (Debian package time)");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let said = format!(
        "exit {}: {}",
        run.status.code().unwrap_or(-1),
        stdout
            .lines()
            .last()
            .unwrap_or("")
            .chars()
            .take(120)
            .collect::<String>()
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let f: Vec<f64> = text
        .lines()
        .last()
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    Usage {
        wall: f[0],
        cpu: f[1] + f[2],
        rss_mb: f[3] / 1024.0,
        said,
    }
}

fn median(runs: Vec<Usage>) -> Usage {
    let mid = runs.len() / 2;
    let pick = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v[mid]
    };
    Usage {
        wall: pick(&mut runs.iter().map(|u| u.wall).collect()),
        cpu: pick(&mut runs.iter().map(|u| u.cpu).collect()),
        rss_mb: pick(&mut runs.iter().map(|u| u.rss_mb).collect()),
        said: runs[mid].said.clone(),
    }
}

#[tokio::main]
async fn main() {
    let mailboxes: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1_000);
    let dir = tempfile::tempdir().unwrap();
    let (scenario, config) = estate(mailboxes, true, true);
    let (mut sim, url) = start_simulator(dir.path(), &scenario).await;
    let db = dir.path().join("peer.db");
    let config_path = dir.path().join("linkwatch.toml");
    std::fs::write(
        &config_path,
        format!("[cloud]\nlogin_url = \"{url}\"\ngraph_url = \"{url}\"\n[storage]\npath = \"{}\"\n[checks]\nconcurrency = 16\nper_tenant_concurrency = 4\n{config}", db.display()),
    )
    .unwrap();
    // The links, imported as `link import` would; the script gets the same refresh tokens.
    let key = [5u8; 32];
    {
        let cfg = linkwatch::config::Config::load(&config_path, true).unwrap();
        let rt = linkwatch::commands::Runtime::from_config(
            cfg,
            Some(linkwatch::vault::Vault::from_key(&key)),
        )
        .unwrap();
        let parsed = linkwatch::simulator::Scenario::parse(&scenario).unwrap();
        // linkwatch gets its links, the script the applications' own grants: two refresh
        // tokens per mailbox, as in production.
        let mut targets = Vec::new();
        for t in &parsed.tenants {
            for a in t.apps.iter() {
                for l in &a.links {
                    if l.refresh_token.starts_with(APP_TOKEN_PREFIX) {
                        targets.push(serde_json::json!({
                            "tenant": t.id, "client_id": a.client_id, "secret": "app-secret",
                            "refresh_token": l.refresh_token, "object_id": l.user,
                        }));
                    } else if let Some(m) = &l.mailbox {
                        let token = linkwatch::targets::Secret::new(l.refresh_token.clone());
                        rt.store
                            .import_link(m, &token, "bench", chrono::Utc::now())
                            .unwrap();
                    }
                }
            }
        }
        std::fs::write(
            dir.path().join("targets.json"),
            serde_json::to_vec(&targets).unwrap(),
        )
        .unwrap();
    }
    use base64::Engine;
    let key_b64 = base64::engine::general_purpose::STANDARD.encode(key);
    let linkwatch: Vec<OsString> = vec![
        env!("CARGO_BIN_EXE_linkwatch").into(),
        "--config".into(),
        config_path.clone().into(),
        "check".into(),
        "--once".into(),
        "--format".into(),
        "table".into(),
    ];
    let lw_env = [("LINKWATCH_KEY", key_b64.as_str())];
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/peer/check_links.py");
    let python: Vec<OsString> = vec![
        "python3".into(),
        script.into(),
        dir.path().join("targets.json").into(),
        url.clone().into(),
    ];
    // One warm-up each: linkwatch's first cycle after an import also reads each link's account
    // once and the sign-in log 7 days back.
    measured(dir.path(), &linkwatch, &lw_env);
    measured(dir.path(), &python, &[]);
    let (mut lw, mut py) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        lw.push(measured(dir.path(), &linkwatch, &lw_env));
        py.push(measured(dir.path(), &python, &[]));
    }
    let (lw, py) = (median(lw), median(py));
    println!(
        "estate: {mailboxes} linked mailboxes, simulator at {} ms per call",
        sim_estate::LATENCY_MS
    );
    println!("{:<34} {:>9} {:>9} {:>9}", "", "wall s", "CPU s", "RSS MB");
    println!(
        "{:<34} {:>9.2} {:>9.2} {:>9.1}",
        "linkwatch check --once", lw.wall, lw.cpu, lw.rss_mb
    );
    println!(
        "{:<34} {:>9.2} {:>9.2} {:>9.1}",
        "python3 check_links.py (16 threads)", py.wall, py.cpu, py.rss_mb
    );
    println!(
        "{:<34} {:>9.2} {:>9.2} {:>9.2}",
        "ratio linkwatch / script",
        lw.wall / py.wall,
        lw.cpu / py.cpu,
        lw.rss_mb / py.rss_mb
    );
    println!("linkwatch said: {}", lw.said);
    println!("the script said: {}", py.said);
    sim.kill().ok();
    sim.wait().ok();
}
