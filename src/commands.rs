//! What each command does, on top of the library: open config, vault and store, then run.

use crate::accounts::{hash_password, validate_name, Role};
use crate::alerts::delivery::Delivery;
use crate::alerts::{self, AlertPolicy};
use crate::cli::{CheckArgs, Format, LinkCommand, ServeArgs, SimulateArgs, UserCommand};
use crate::config::Config;
use crate::cycle::Checker;
use crate::graph::{GraphClient, Transport, TransportConfig};
use crate::simulator::{Scenario, Simulator};
use crate::store::Store;
use crate::targets::Secret;
use crate::vault::Vault;
use crate::web::{self, WebState};
use crate::{checks, report, schedule};
use anyhow::{bail, Context, Result};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The embedded demo scenario.
pub const DEMO_SCENARIO: &str = include_str!("../examples/demo-scenario.toml");
/// The embedded demo configuration (its cloud URLs are pointed at the simulator).
pub const DEMO_CONFIG: &str = include_str!("../examples/demo-linkwatch.toml");

/// Config, store and client, ready for a command.
pub struct Runtime {
    /// The validated configuration.
    pub config: Config,
    /// Alert rules and channels.
    pub alerting: Arc<AlertPolicy>,
    /// The store, synced with the declared targets.
    pub store: Store,
    /// The client.
    pub graph: GraphClient,
}

impl Runtime {
    /// The dashboard's state from the configuration, with `checker` for "check now": cookies
    /// `Secure` behind an https public URL, the schedule, trusted proxies, alert policy and
    /// delivery, and the cloud's sign-in address.
    pub fn web_state(&self, checker: Checker) -> WebState {
        let server = &self.config.server;
        WebState {
            store: self.store.clone(),
            checker,
            running: Arc::default(),
            secure_cookies: server
                .public_url
                .as_deref()
                .is_some_and(|u| u.starts_with("https://")),
            schedule: self.config.schedule.checks.clone(),
            limiter: web::auth::LoginLimiter::behind(server.trusted_proxy_ips()),
            demo_login: None,
            alerts: self.alerting.clone(),
            delivery: self.delivery(),
            public_url: server.public_url.clone(),
            login_url: self.config.cloud.login_url.clone(),
            simulated_portal: None,
            pages: Default::default(),
        }
    }

    /// Loads and validates the configuration, then opens the vault and the store and syncs the
    /// declared targets. An invalid file stops here, before the database is touched.
    pub fn open(config_path: Option<&Path>) -> Result<Runtime> {
        let (path, explicit) = match config_path {
            Some(p) => (p.to_path_buf(), true),
            None => (PathBuf::from("linkwatch.toml"), false),
        };
        let config = Config::load(&path, explicit)?;
        Runtime::from_config(config, None)
    }

    /// As [`Runtime::open`], from a parsed config; `vault` overrides the key lookup (demo).
    pub fn from_config(config: Config, vault: Option<Vault>) -> Result<Runtime> {
        let env = |name: &str| std::env::var(name).ok();
        let tenants = config.validate(&env)?;
        let alerting =
            Arc::new(alerts::policy(&config, &env).map_err(crate::config::ConfigError::Invalid)?);
        let vault = match vault {
            Some(v) => v,
            None => {
                let key_file = std::env::var_os("LINKWATCH_KEY_FILE")
                    .map(PathBuf::from)
                    .unwrap_or_else(|| default_key_file(&config.storage.path));
                Vault::open(std::env::var("LINKWATCH_KEY").ok().as_deref(), &key_file)?
            }
        };
        let tag = crate::graph::tag::RequestTag::new(vault.tag_key());
        let store = Store::open(&config.storage.path, vault)
            .with_context(|| format!("opening the database {}", config.storage.path.display()))?;
        let summary = store.sync_declared(&tenants)?;
        alerting.channels.reload(&store)?;
        tracing::debug!(?summary, "declared targets synced");
        let transport = Transport::new(TransportConfig::from_checks(&config.checks))?;
        let graph = GraphClient::new(&config.cloud.login_url, &config.cloud.graph_url, transport)
            .with_tag(tag);
        Ok(Runtime {
            config,
            alerting,
            store,
            graph,
        })
    }

    /// A checker for this runtime.
    pub fn checker(&self, jitter: Duration) -> Checker {
        Checker {
            store: self.store.clone(),
            graph: self.graph.clone(),
            policy: checks::Policy::from_checks(&self.config.checks),
            jitter,
            alerting: self.alerting.clone(),
            keep_days: self.config.storage.keep_days,
            target_budget: Duration::from_secs(self.config.checks.target_budget_secs),
            heartbeat: crate::alerts::heartbeat::Heartbeat::new(
                self.config.alerts.heartbeat_url.as_deref(),
            ),
        }
    }

    /// The alert delivery worker for this runtime.
    pub fn delivery(&self) -> Delivery {
        Delivery::new(
            self.store.clone(),
            self.alerting.channels.clone(),
            self.config.server.public_url.clone(),
            self.config.alerts.lease_secs,
        )
    }
}

fn default_key_file(db: &Path) -> PathBuf {
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("linkwatch.key")
}

/// `check --once`: returns the Nagios exit code.
pub async fn check(config: Option<&Path>, args: &CheckArgs) -> Result<i32> {
    if !args.once {
        bail!("check runs one cycle and exits: pass --once (use `linkwatch serve` for scheduled checks)");
    }
    let rt = Runtime::open(config)?;
    let out = rt.checker(Duration::ZERO).run_cycle().await?;
    match args.format {
        Format::Json => println!("{}", report::to_json(&out.report)),
        Format::Table => print!("{}", report::to_table(&out.report)),
    }
    Ok(out.report.status.exit_code())
}

/// `serve`: the scheduler and the dashboard until SIGINT or SIGTERM.
pub async fn serve(config: Option<&Path>, args: &ServeArgs) -> Result<()> {
    let mut rt = Runtime::open(config)?;
    if let Some(l) = &args.listen {
        rt.config.server.listen = l.clone();
    }
    if rt.store.users()?.is_empty() {
        tracing::warn!(
            "no dashboard accounts yet: create one with `linkwatch user add NAME --role admin`"
        );
    }
    run_service(&rt, None, None).await
}

/// Scheduler, first cycle and dashboard, until SIGINT or SIGTERM.
async fn run_service(
    rt: &Runtime,
    demo_login: Option<(String, String)>,
    simulated_portal: Option<String>,
) -> Result<()> {
    let shutdown = shutdown_signal();
    let checker = rt.checker(Duration::from_secs(rt.config.schedule.jitter_secs));
    let running: Arc<tokio::sync::Mutex<()>> = Arc::default();
    let state = WebState {
        running: running.clone(),
        demo_login,
        simulated_portal,
        ..rt.web_state(checker.clone())
    };
    let (addr, server) = web::start(state, &rt.config.server.listen)
        .with_context(|| format!("listening on {}", rt.config.server.listen))?;
    let handle = server.handle();
    tokio::spawn(server);
    println!("Dashboard: http://{addr}/");
    tracing::info!(schedule = %rt.config.schedule.checks, %addr, "linkwatch started; running a first cycle now");
    let (first, first_lock) = (checker.clone(), running.clone());
    tokio::spawn(async move { schedule::run_guarded(&first, &first_lock).await });
    let mut sched = schedule::start(checker, &rt.config.schedule.checks, running.clone())
        .await
        .context("starting the scheduler")?;
    if !rt.config.alerts.digest.is_empty() {
        schedule::add_digest(
            &sched,
            &rt.config.alerts.digest,
            rt.store.clone(),
            rt.alerting.clone(),
        )
        .await
        .context("scheduling the digest")?;
    }
    let every = Duration::from_secs(rt.config.alerts.deliver_every_secs.max(1));
    let worker = tokio::spawn(rt.delivery().run(every));
    shutdown.await;
    tracing::info!("stopping: no new cycles; waiting up to 30 s for a running one");
    sched.shutdown().await.ok();
    // A cycle in flight records its results (and its alerts) before we exit.
    if tokio::time::timeout(Duration::from_secs(30), running.lock())
        .await
        .is_err()
    {
        tracing::warn!("the running cycle did not finish in 30 s; its targets are checked again at the next start");
    }
    handle.stop(true).await;
    // Messages claimed by an unfinished send are retried after their lease at the next start.
    worker.abort();
    Ok(())
}

/// A future that completes on SIGINT or SIGTERM. The SIGTERM handler is installed when this
/// is called, not when it is first awaited: a signal during start-up is not lost (and does not
/// kill the process with the default action).
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .expect("installing a SIGTERM handler");
    async move {
        #[cfg(unix)]
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
        #[cfg(not(unix))]
        tokio::signal::ctrl_c().await.ok();
    }
}

/// The demo's dashboard account.
pub const DEMO_USER: (&str, &str) = ("demo", "linkwatch-demo");

/// `demo`: simulator, demo tenant, one cycle printed, then the dashboard until stopped.
pub async fn demo(args: &ServeArgs) -> Result<()> {
    let scenario = Scenario::parse(DEMO_SCENARIO)
        .map_err(|e| anyhow::anyhow!("embedded demo scenario: {e}"))?;
    let sim = Simulator::start(scenario.clone(), "127.0.0.1:0".parse()?)
        .await
        .context("starting the simulator")?;
    // A fresh directory each time: a demo killed earlier may have left one behind (with a
    // database sealed by another key), and process ids are reused.
    let dir = std::env::temp_dir().join(format!(
        "linkwatch-demo-{}-{}",
        std::process::id(),
        &crate::accounts::random_token()[..8]
    ));
    std::fs::create_dir_all(&dir)?;
    let mut config = Config::from_toml(DEMO_CONFIG, "embedded demo config", &[])?;
    config.cloud.login_url = sim.url();
    config.cloud.graph_url = sim.url();
    config.storage.path = dir.join("demo.db");
    config.server.listen = args
        .listen
        .clone()
        .unwrap_or_else(|| "127.0.0.1:8080".into());
    config.schedule.checks = "0 */5 * * * *".into();
    config.schedule.jitter_secs = 0;
    let mut key = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut key);
    let rt = Runtime::from_config(config, Some(Vault::from_key(&key)))?;
    seed_demo_links(&rt.store, &scenario)?;
    rt.store.release_declared()?;
    rt.store.upsert_user(
        DEMO_USER.0,
        Role::Admin,
        &hash_password(DEMO_USER.1)?,
        chrono::Utc::now(),
    )?;
    println!("Simulated identity platform and Graph at {}", sim.url());
    let out = rt.checker(Duration::ZERO).run_cycle().await?;
    print!("{}", report::to_table(&out.report));
    println!(
        "({} HTTP calls in {} ms; demo database in {})",
        out.http_calls,
        out.elapsed.as_millis(),
        dir.display()
    );
    println!(
        "Sign in as \"{}\" with password \"{}\" (a demo admin). Stop with Ctrl-C.",
        DEMO_USER.0, DEMO_USER.1
    );
    let result = run_service(
        &rt,
        Some((DEMO_USER.0.into(), DEMO_USER.1.into())),
        Some(sim.url()),
    )
    .await;
    sim.stop().await;
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// Stores the scenario's issued refresh tokens as the demo mailboxes' links.
pub fn seed_demo_links(store: &Store, scenario: &Scenario) -> Result<()> {
    for t in &scenario.tenants {
        for a in &t.apps {
            for l in &a.links {
                let mailbox = match &l.mailbox {
                    Some(m) => m.clone(),
                    None => t
                        .users
                        .iter()
                        .find(|u| u.id.eq_ignore_ascii_case(&l.user))
                        .map(|u| u.upn.clone())
                        .context("demo link for an unknown user")?,
                };
                store.import_link(
                    &mailbox,
                    &Secret::new(l.refresh_token.clone()),
                    "demo",
                    chrono::Utc::now(),
                )?;
            }
        }
    }
    Ok(())
}

/// `simulate`: the simulator until stopped.
pub async fn simulate(args: &SimulateArgs) -> Result<()> {
    let shutdown = shutdown_signal();
    let text = match &args.scenario {
        Some(p) => std::fs::read_to_string(p)
            .with_context(|| format!("reading scenario {}", p.display()))?,
        None => DEMO_SCENARIO.to_string(),
    };
    let origin = args
        .scenario
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "embedded demo scenario".into());
    let scenario = Scenario::parse(&text).map_err(|e| anyhow::anyhow!("{origin}: {e}"))?;
    let addr = args.listen.parse().with_context(|| {
        format!(
            "--listen {:?} is not an address such as 127.0.0.1:8081",
            args.listen
        )
    })?;
    let sim = Simulator::start(scenario, addr)
        .await
        .with_context(|| format!("listening on {}", args.listen))?;
    println!("Simulated identity platform and Graph at {}", sim.url());
    println!(
        "Point linkwatch at it with [cloud] login_url = graph_url = \"{}\"",
        sim.url()
    );
    shutdown.await;
    sim.stop().await;
    Ok(())
}

/// `link import --mailbox ADDR` (token on standard input) or `link import --file FILE`.
pub fn link(config: Option<&Path>, cmd: &LinkCommand) -> Result<()> {
    match cmd {
        LinkCommand::Import {
            mailbox: Some(mailbox),
            ..
        } => {
            let mut input = String::new();
            std::io::stdin()
                .read_to_string(&mut input)
                .context("reading the refresh token from standard input")?;
            let token = parse_refresh_token(&input)?;
            let rt = Runtime::open(config)?;
            rt.store
                .import_link(mailbox, &token, "import", chrono::Utc::now())?;
            println!("Stored the link for {mailbox}. The next check cycle verifies it (or run: linkwatch check --once).");
            Ok(())
        }
        LinkCommand::Import {
            file: Some(file), ..
        } => {
            let mut input = String::new();
            if file.as_os_str() == "-" {
                std::io::stdin()
                    .read_to_string(&mut input)
                    .context("reading links from standard input")?;
            } else {
                input = std::fs::read_to_string(file)
                    .with_context(|| format!("reading {}", file.display()))?;
            }
            let items = crate::link_file::parse_link_file(&input).map_err(|problems| {
                anyhow::anyhow!("{}\nNothing was imported.", problems.join("\n"))
            })?;
            let rt = Runtime::open(config)?;
            let replaced = rt
                .store
                .import_links(&items, "import", chrono::Utc::now())
                .map_err(|e| anyhow::anyhow!("{e}\nNothing was imported."))?;
            let n_replaced = replaced.iter().filter(|r| **r).count();
            println!(
                "Imported {} links in one transaction ({} new, {n_replaced} replacing an earlier link).",
                items.len(),
                items.len() - n_replaced
            );
            for ((line, address, _), _) in items.iter().zip(&replaced).filter(|(_, r)| **r) {
                println!("  replaced: {address} (line {line})");
            }
            println!("The next check cycle verifies them (or run: linkwatch check --once).");
            Ok(())
        }
        LinkCommand::Import { .. } => bail!("give --mailbox ADDR or --file FILE"),
    }
}

/// Checks what was piped in looks like one refresh token.
pub fn parse_refresh_token(input: &str) -> Result<Secret> {
    let token = input.trim();
    if token.is_empty() {
        bail!("standard input is empty: pipe the refresh token in, e.g. `linkwatch link import --mailbox info@contoso.nl < token.txt`");
    }
    if token.lines().count() > 1 || token.contains(char::is_whitespace) {
        bail!("standard input holds more than one word: give only the refresh token, on one line");
    }
    crate::link_file::check_refresh_token(token)
        .map_err(|why| anyhow::anyhow!("standard input {why}"))?;
    Ok(Secret::new(token))
}

/// `user add NAME --role ROLE`: password from a prompt, or standard input when it is not a terminal.
pub fn user(config: Option<&Path>, cmd: &UserCommand) -> Result<()> {
    match cmd {
        UserCommand::Add { name, role } => {
            validate_name(name)?;
            let role = Role::parse(role)
                .with_context(|| format!("--role {role:?}: use admin, operator or viewer"))?;
            let password = read_password()?;
            let hash = hash_password(&password)?;
            let rt = Runtime::open(config)?;
            rt.store
                .upsert_user(name, role, &hash, chrono::Utc::now())?;
            println!(
                "Account {name} ({}) saved; its open sessions, if any, are signed out.",
                role.as_str()
            );
            Ok(())
        }
        UserCommand::List => {
            let rt = Runtime::open(config)?;
            let rows = rt.store.user_rows(chrono::Utc::now())?;
            println!(
                "{:<24} {:<9} {:<21} SESSIONS",
                "NAME", "ROLE", "LAST SIGN-IN"
            );
            for r in &rows {
                let last = r
                    .last_login_at
                    .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                    .unwrap_or_else(|| "never".into());
                println!(
                    "{:<24} {:<9} {:<21} {}",
                    r.user.name,
                    r.user.role.as_str(),
                    last,
                    r.sessions
                );
            }
            if rows.is_empty() {
                println!("(no accounts yet: linkwatch user add NAME --role admin)");
            }
            Ok(())
        }
    }
}

fn read_password() -> Result<String> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ")?;
        let again = rpassword::prompt_password("Again: ")?;
        if first != again {
            bail!("the passwords differ");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .context("reading the password from standard input")?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

/// `alert test CHANNEL`: sends a test message through one channel now and says how it went.
pub async fn alert_test(config: Option<&Path>, channel: &str) -> Result<()> {
    let rt = Runtime::open(config)?;
    let delivery = rt.delivery();
    let Some(c) = delivery.channel(channel) else {
        let names: Vec<_> = rt
            .alerting
            .channels
            .all()
            .iter()
            .map(|c| c.name.clone())
            .collect();
        bail!(
            "no channel {channel:?} in the configuration (channels: {})",
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        );
    };
    let id = crate::usecases::test_alert::send(&delivery, &rt.store, &c, "cli")
        .await
        .map_err(|e| anyhow::anyhow!("sending through {channel}: {e}"))?;
    println!("Test message {id} sent through {channel}.");
    Ok(())
}

/// `link --mailbox ADDR`: a device-code sign-in from the terminal, with the account checked
/// before anything is stored.
pub async fn link_device(config: Option<&Path>, address: &str) -> Result<()> {
    let rt = Runtime::open(config)?;
    let tenants = rt.store.load_tenants()?;
    let found: Vec<_> = tenants
        .iter()
        .flat_map(|t| t.apps.iter().map(move |a| (t, a)))
        .flat_map(|(t, a)| {
            a.mailboxes
                .iter()
                .filter(|m| m.address.eq_ignore_ascii_case(address))
                .map(move |m| (t, a, m))
        })
        .collect();
    let (t, a, m) = match found.as_slice() {
        [one] => *one,
        [] => bail!("no mailbox {address} is configured"),
        _ => bail!(
            "{address} is linked through {} app registrations; link it from the dashboard",
            found.len()
        ),
    };
    let target = crate::usecases::relink::Target::of_spec(t, a, m);
    let checker = rt.checker(Duration::ZERO);
    let show = |sign_in: &crate::graph::token::DeviceSignIn| {
        println!(
            "To link {address}, open {} and enter the code {}",
            sign_in.verification_uri, sign_in.user_code
        );
        println!("Sign in as {address} (not as yourself). Waiting…");
    };
    let verdict = crate::usecases::relink::by_device_code(&checker, &target, show, "cli")
        .await
        .map_err(|e| match e {
            crate::usecases::relink::RelinkError::Microsoft(e) => {
                anyhow::anyhow!("the sign-in did not complete: {e}")
            }
            other => anyhow::anyhow!(other),
        })?;
    let upn = match verdict {
        crate::linking::Verdict::Stored { upn } => upn,
        crate::linking::Verdict::WrongAccount { who } => bail!("signed in as {who}, but {address} is another account: nothing was stored. Run again and sign in as {address}."),
        crate::linking::Verdict::MissingScopes(missing) => bail!("the sign-in did not grant {}: nothing was stored. Have an administrator grant consent for the app registration, then run again.", missing.join(", ")),
        crate::linking::Verdict::NoRefreshToken => bail!("no refresh token came back (offline_access not granted): nothing was stored"),
    };
    let status = checker
        .store
        .target_state(
            &crate::key::TargetKey::mailbox(&t.tenant_id, &a.client_id, &m.address).to_string(),
        )?
        .map(|s| s.status)
        .unwrap_or(crate::model::Severity::Unknown);
    println!(
        "Linked {address} as {}. Its check now says: {status}.",
        upn.unwrap_or_else(|| m.object_id.clone())
    );
    Ok(())
}

/// `backup FILE`: an online copy of the database.
pub fn backup(config: Option<&Path>, file: &Path) -> Result<()> {
    let rt = Runtime::open(config)?;
    rt.store.backup_to(file)?;
    println!("Database copied to {} (integrity ok). Keep it with the encryption key: the copy is useless without it.", file.display());
    Ok(())
}
