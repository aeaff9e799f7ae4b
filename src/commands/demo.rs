//! `demo` and `simulate`: the simulator with its demo tenant, and the dashboard on it.

use super::*;

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
    // The demo's organisations are Dutch: times in their zone (each account can change it).
    config.server.time_zone = Some("Europe/Amsterdam".into());
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
    // Tenants linkwatch does not watch yet (Northwind, to be connected) keep their tokens for
    // their own applications.
    let watched: Vec<String> = store
        .load_tenants()?
        .into_iter()
        .map(|t| t.tenant_id.to_ascii_lowercase())
        .collect();
    for t in scenario
        .tenants
        .iter()
        .filter(|t| watched.contains(&t.id.to_ascii_lowercase()))
    {
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
