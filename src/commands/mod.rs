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

mod admin;
mod demo;

pub use admin::{alert_test, backup, link, link_device, parse_refresh_token, user};
use anyhow::{bail, Context, Result};
pub use demo::{demo, seed_demo_links, simulate};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The embedded demo scenario.
pub const DEMO_SCENARIO: &str = include_str!("../../examples/demo-scenario.toml");
/// The embedded demo configuration (its cloud URLs are pointed at the simulator).
pub const DEMO_CONFIG: &str = include_str!("../../examples/demo-linkwatch.toml");

/// Config, store and client, ready for a command.
pub struct Runtime {
    /// The validated configuration.
    pub config: Config,
    /// Alert rules and channels.
    pub alerting: Arc<AlertPolicy>,
    /// The store, synced with the declared targets.
    pub store: Store,
    /// linkwatch's own monitor app (`[monitor]`), for connecting tenants.
    pub monitor: Option<(String, Secret)>,
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
            limiter: web::auth::LoginLimiter::behind(server.trusted_proxy_ips()),
            alerts: self.alerting.clone(),
            delivery: self.delivery(),
            pages: Default::default(),
            readings: Default::default(),
            site: web::Site {
                public_url: server.public_url.clone(),
                base_url: server.base_url(),
                form_key: self.store.form_key(),
                secure_cookies: server
                    .public_url
                    .as_deref()
                    .is_some_and(|u| u.starts_with("https://")),
                schedule: self.config.schedule.checks.clone(),
                demo_login: None,
                simulated_portal: None,
                monitor_app: self.monitor.clone(),
                time_zone: server
                    .time_zone
                    .as_deref()
                    .and_then(|z| web::views::clock::parse_zone(z).ok())
                    .unwrap_or_default(),
                digest_schedule: self.config.alerts.digest.clone(),
            },
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
        crate::memory::limit_arenas();
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
        for t in &config.tenants {
            if let Some(on) = t.watch_all_apps {
                store.declare_watch_all(&t.id, on, t.exclude_apps.as_deref())?;
            }
        }
        alerting.channels.reload(&store)?;
        let monitor = config
            .monitor_app(&env)
            .map_err(crate::config::ConfigError::Invalid)?
            .map(|(id, secret)| (id.to_string(), secret));
        if let Some((id, secret)) = &monitor {
            let n = store.refresh_shared_monitor(id, secret)?;
            tracing::debug!(
                tenants = n,
                "connected tenants use the monitor app's current secret"
            );
        }
        tracing::debug!(?summary, "declared targets synced");
        // The file's parse and the sync are done: what they used is not needed again.
        crate::memory::give_back();
        let transport = Transport::new(TransportConfig::from_checks(&config.checks))?;
        let graph = GraphClient::new(&config.cloud.login_url, &config.cloud.graph_url, transport)
            .with_tag(tag);
        Ok(Runtime {
            config,
            alerting,
            store,
            monitor,
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
        .allow_private(self.config.alerts.allow_private_destinations)
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
    if let Some(problem) = rt.config.server.public_url_problem() {
        anyhow::bail!("{problem}");
    }
    if rt.store.users()?.is_empty() {
        tracing::warn!(
            "no dashboard accounts yet: create one with `linkwatch user add NAME --role admin`"
        );
    }
    run_service(&rt, None, None).await
}

/// Scheduler, first cycle and dashboard, until SIGINT or SIGTERM.
pub(super) async fn run_service(
    rt: &Runtime,
    demo_login: Option<(String, String)>,
    simulated_portal: Option<String>,
) -> Result<()> {
    let shutdown = shutdown_signal();
    let checker = rt.checker(Duration::from_secs(rt.config.schedule.jitter_secs));
    let running: Arc<tokio::sync::Mutex<()>> = Arc::default();
    let mut state = WebState {
        running: running.clone(),
        ..rt.web_state(checker.clone())
    };
    state.site.demo_login = demo_login;
    state.site.simulated_portal = simulated_portal;
    let (addr, server) = web::start(state, &rt.config.server.listen)
        .with_context(|| format!("listening on {}", rt.config.server.listen))?;
    let handle = server.handle();
    tokio::spawn(server);
    println!("Dashboard: http://{addr}/");
    tracing::info!(schedule = %rt.config.schedule.checks, %addr, "linkwatch started; running a first cycle now");
    let (first, first_lock) = (checker.clone(), running.clone());
    tokio::spawn(async move { schedule::run_guarded(&first, &first_lock).await });
    let mut sched = schedule::start(checker.clone(), &rt.config.schedule.checks, running.clone())
        .await
        .context("starting the scheduler")?;
    if !rt.config.schedule.discover.is_empty() {
        schedule::add_discovery(&sched, &rt.config.schedule.discover, checker.clone())
            .await
            .context("adding the daily discovery")?;
    }
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
pub(super) fn shutdown_signal() -> impl std::future::Future<Output = ()> {
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
