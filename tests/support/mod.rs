//! Test support: the simulator on 127.0.0.1:0, a temporary config and database, and running
//! the real `linkwatch` binary against them.
#![allow(dead_code)]

#[macro_use]
pub mod dash;

use linkwatch::commands::{DEMO_CONFIG, DEMO_SCENARIO};
use linkwatch::simulator::{Scenario, Simulator};
use linkwatch::store::Store;
use linkwatch::vault::Vault;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A fixed test key (base64 of 32 bytes of 7).
pub const KEY: &str = "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=";

/// A simulator, a temporary directory and a config file pointing at both.
pub struct World {
    pub sim: Simulator,
    pub dir: tempfile::TempDir,
    pub config: PathBuf,
}

impl World {
    /// Starts the simulator with `scenario` and writes `config_body` below a `[cloud]` and
    /// `[storage]` section pointing at the simulator and the temporary database.
    pub async fn start(scenario: &str, config_body: &str) -> World {
        World::start_with(
            Scenario::parse(scenario).expect("scenario parses"),
            config_body,
        )
        .await
    }

    /// [`World::start`] with a scenario already parsed (and changed).
    pub async fn start_with(scenario: Scenario, config_body: &str) -> World {
        let sim = Simulator::start(scenario, "127.0.0.1:0".parse().unwrap())
            .await
            .expect("simulator starts");
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("linkwatch.toml");
        std::fs::write(
            &config,
            config_text(&sim.url(), &dir.path().join("lw.db"), config_body),
        )
        .unwrap();
        World { sim, dir, config }
    }

    /// The demo scenario and demo configuration.
    pub async fn demo() -> World {
        World::start(DEMO_SCENARIO, DEMO_CONFIG).await
    }

    /// The database path.
    pub fn db(&self) -> PathBuf {
        self.dir.path().join("lw.db")
    }

    /// Opens the store with the test key (the binary must have created it first).
    pub fn store(&self) -> Store {
        Store::open(&self.db(), Vault::from_base64(KEY, "test").unwrap()).unwrap()
    }

    /// Runs the real binary with `args` and the config, optional standard input.
    pub async fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        run_binary(&self.config, args, stdin).await
    }

    /// Runs `check --once --format json` and parses the JSON.
    pub async fn check_json(&self) -> (i32, serde_json::Value) {
        let out = self
            .run(&["check", "--once", "--format", "json"], None)
            .await;
        let code = out.status.code().unwrap_or(-1);
        let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {}\nstderr: {}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (code, json)
    }

    /// Opens the runtime in-process (creating and syncing the store with the test key) and
    /// stores the scenario's issued refresh tokens as links.
    pub fn seed_links(&self, scenario: &str) -> linkwatch::commands::Runtime {
        let rt = self.runtime();
        let s = Scenario::parse(scenario).unwrap();
        linkwatch::commands::seed_demo_links(&rt.store, &s).unwrap();
        rt
    }

    /// The runtime in-process, as the binary would open it.
    pub fn runtime(&self) -> linkwatch::commands::Runtime {
        let text = std::fs::read_to_string(&self.config).unwrap();
        let cfg = linkwatch::config::Config::from_toml(&text, "test", &[]).unwrap();
        linkwatch::commands::Runtime::from_config(
            cfg,
            Some(Vault::from_base64(KEY, "test").unwrap()),
        )
        .unwrap()
    }
}

/// Config text with the cloud URLs and storage path filled in.
pub fn config_text(sim_url: &str, db: &Path, body: &str) -> String {
    format!("[cloud]\nlogin_url = \"{sim_url}\"\ngraph_url = \"{sim_url}\"\n\n[storage]\npath = \"{}\"\n\n{body}", db.display())
}

/// Runs the binary with the test key.
pub async fn run_binary(config: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    use tokio::io::AsyncWriteExt;
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_linkwatch"));
    cmd.arg("--config")
        .arg(config)
        .args(args)
        .env("LINKWATCH_KEY", KEY)
        .env_remove("LINKWATCH_LOG");
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("binary starts");
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        // A command that refuses its arguments exits before it reads its input.
        match input.write_all(text.as_bytes()).await {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other.unwrap(),
        }
    }
    drop(input);
    child.wait_with_output().await.unwrap()
}

/// Every finding code found in a check JSON document.
pub fn codes(json: &serde_json::Value) -> Vec<String> {
    let mut c: Vec<String> = json["targets"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| {
            t["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["code"].as_str().unwrap().to_string())
        })
        .collect();
    c.sort();
    c.dedup();
    c
}

/// The target with this name (app name or mailbox address).
pub fn target<'a>(json: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    json["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("no target {name}"))
}

/// Sends SIGTERM to a child process (a graceful stop, as systemd does).
pub fn sigterm(child: &tokio::process::Child) {
    let pid = child.id().unwrap().to_string();
    assert!(std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
}

/// The app registration of [`scenario`] and [`config`].
pub const APP: &str = "a0000000-0000-4000-8000-000000000001";

/// A simulated tenant with `n` linked mailboxes (one grant each, so grants span pages), plus extra TOML.
pub fn scenario(n: usize, extra: &str) -> String {
    let mut s = format!("page_size = 2\n{extra}\n[[tenants]]\nid = \"t.example.org\"\n");
    for i in 1..=n {
        s += &format!("[[tenants.users]]\nid = \"11111111-0000-4000-8000-{i:012}\"\nupn = \"m{i}@t.example.org\"\n");
    }
    s += &format!("[[tenants.apps]]\nclient_id = \"{APP}\"\nname = \"App\"\nroles = [\"Application.Read.All\", \"DelegatedPermissionGrant.Read.All\", \"User.Read.All\"]\nconfigured_scopes = [\"User.Read\", \"Mail.Read\"]\nsecrets = [{{ value = \"abc-secret-value\", expires_in_days = 300 }}]\n");
    for i in 1..=n {
        s += &format!("[[tenants.apps.grants]]\nprincipal = \"11111111-0000-4000-8000-{i:012}\"\nscopes = [\"User.Read\", \"Mail.Read\"]\n[[tenants.apps.links]]\nuser = \"11111111-0000-4000-8000-{i:012}\"\nrefresh_token = \"rt-initial-{i:06}\"\n");
    }
    s
}

/// linkwatch's configuration watching [`scenario`]'s `n` mailboxes, plus `[checks]` lines.
pub fn config(n: usize, checks: &str) -> String {
    let mut c = format!("[checks]\n{checks}\n[[tenants]]\nid = \"t.example.org\"\n[[tenants.apps]]\nclient_id = \"{APP}\"\nname = \"App\"\nclient_secret = \"abc-secret-value\"\nrequired_scopes = [\"User.Read\", \"Mail.Read\", \"offline_access\"]\n");
    for i in 1..=n {
        c += &format!("[[tenants.apps.mailboxes]]\naddress = \"m{i}@t.example.org\"\nobject_id = \"11111111-0000-4000-8000-{i:012}\"\n");
    }
    c
}

/// A new app registration with Microsoft Graph mail permissions, "Quote mailer", appears in
/// the simulator's first tenant (for discovery's "new mail app").
pub fn quote_mailer_appears(sim: &Simulator) {
    let mut sim = sim.state();
    let mut new = sim.scenario.tenants[0].apps[0].clone();
    new.client_id = "a0000000-0000-4000-8000-0000000000aa".into();
    new.name = "Quote mailer".into();
    new.roles = Vec::new();
    new.configured_scopes = vec!["Mail.Send".into()];
    new.grants = Vec::new();
    new.links = Vec::new();
    new.consumer = None;
    sim.scenario.tenants[0].apps.push(new);
}

/// The part of `page` after the element with `id="start"` and before the one with `id="end"`.
pub fn between<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
    page.split(&format!("id=\"{start}\""))
        .nth(1)
        .and_then(|p| p.split(&format!("id=\"{end}\"")).next())
        .unwrap_or_else(|| panic!("no section {start}..{end} in {page}"))
}
