//! The simulated estate of the cycle and peer benchmarks: tenants of five app registrations
//! whose mailboxes are linked, each application polling its mailboxes every 15 minutes (so the
//! sign-in log fills), and the simulator run as its own process with a fixed latency per call.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

/// How the refresh tokens of the applications' own grants begin (the others are linkwatch's
/// links).
pub const APP_TOKEN_PREFIX: &str = "rt-app-";

/// The simulator's latency per call.
pub const LATENCY_MS: u64 = 20;

/// The scenario and linkwatch's configuration of `mailboxes` mailboxes, 100 per tenant
/// (`signal`: the monitor app may read the sign-in log).
/// `app_links`: each mailbox also has a second refresh token, the application's own grant
/// (starting with [`APP_TOKEN_PREFIX`]).
pub fn estate(mailboxes: usize, signal: bool, app_links: bool) -> (String, String) {
    let audit = if signal {
        ", \"AuditLog.Read.All\", \"Directory.Read.All\""
    } else {
        ""
    };
    let tenants = (mailboxes / 100).max(1);
    let apps_per_tenant = 5;
    let per_app = mailboxes / tenants / apps_per_tenant;
    let (mut s, mut c) = (
        format!("latency_ms = {LATENCY_MS}\npage_size = 100\n"),
        String::new(),
    );
    let all = "User.Read Mail.Read offline_access";
    for t in 0..tenants {
        let tid = format!("t{t}.example.org");
        writeln!(s, "[[tenants]]\nid = \"{tid}\"").unwrap();
        for a in 0..apps_per_tenant {
            for m in 0..per_app {
                writeln!(s, "[[tenants.users]]\nid = \"11111111-{t:04}-4000-8{a:03}-{m:012}\"\nupn = \"m{m}@a{a}.{tid}\"").unwrap();
            }
        }
        writeln!(s, "[[tenants.apps]]\nclient_id = \"f0000000-{t:04}-4000-8000-000000000000\"\nroles = [\"Application.Read.All\", \"DelegatedPermissionGrant.Read.All\", \"User.Read.All\"{audit}]\nsecrets = [{{ value = \"monitor-secret\" }}]").unwrap();
        writeln!(c, "[[tenants]]\nid = \"{tid}\"\nmonitor_client_id = \"f0000000-{t:04}-4000-8000-000000000000\"\nmonitor_client_secret = \"monitor-secret\"").unwrap();
        for a in 0..apps_per_tenant {
            let cid = format!("a0000000-{t:04}-4000-8000-{a:012}");
            // The application itself polls its mailboxes every 15 minutes (signal 4).
            writeln!(s, "[[tenants.apps]]\nclient_id = \"{cid}\"\nconfigured_scopes = [\"User.Read\", \"Mail.Read\"]\nsecrets = [{{ value = \"app-secret\", expires_in_days = 300 }}]\ngrants = [{{ principal = \"all\", scopes = [\"User.Read\", \"Mail.Read\"] }}]\nconsumer = {{ every_minutes = 15, history_hours = 2 }}").unwrap();
            writeln!(c, "[[tenants.apps]]\nclient_id = \"{cid}\"\nclient_secret = \"app-secret\"\nrequired_scopes = [{}]", all.split(' ').map(|x| format!("\"{x}\"")).collect::<Vec<_>>().join(", ")).unwrap();
            for m in 0..per_app {
                let uid = format!("11111111-{t:04}-4000-8{a:03}-{m:012}");
                writeln!(s, "[[tenants.apps.links]]\nuser = \"{uid}\"\nrefresh_token = \"rt-{t}-{a}-{m}\"\nmailbox = \"m{m}@a{a}.{tid}\"").unwrap();
                // The business application's own grant for the same mailbox (a script that
                // checks the links uses these; linkwatch has its own).
                if app_links {
                    writeln!(s, "[[tenants.apps.links]]\nuser = \"{uid}\"\nrefresh_token = \"{APP_TOKEN_PREFIX}{t}-{a}-{m}\"\nmailbox = \"m{m}@a{a}.{tid}\"").unwrap();
                }
                writeln!(c, "[[tenants.apps.mailboxes]]\naddress = \"m{m}@a{a}.{tid}\"\nobject_id = \"{uid}\"").unwrap();
            }
        }
    }
    (s, c)
}

/// Starts `linkwatch simulate` on a free port with `scenario` (written into `dir`) and waits
/// until it answers; the process and its base URL.
pub async fn start_simulator(dir: &Path, scenario: &str) -> (std::process::Child, String) {
    std::fs::write(dir.join("scenario.toml"), scenario).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let sim = std::process::Command::new(env!("CARGO_BIN_EXE_linkwatch"))
        .args([
            "simulate",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--scenario",
        ])
        .arg(dir.join("scenario.toml"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..600 {
        if reqwest::get(format!("{url}/v1.0/me")).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (sim, url)
}
