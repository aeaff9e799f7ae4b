//! Dashboard load benchmark: requests per second and p99 latency of the overview page at
//! 10,000 mailboxes under 64 concurrent connections, measured in the same run as a static
//! asset served by the same server, and their ratio. Run with `cargo bench --bench load`.
//! Prints figures; asserts nothing.

use chrono::Utc;
use linkwatch::accounts::Role;
use linkwatch::model::{
    CycleReport, Finding, FindingCode, Severity, Source, TargetKind, TargetResult,
};
use linkwatch::store::{Snapshots, Store};
use linkwatch::targets::{AppSpec, Consumer, MailboxSpec, Secret, TenantSpec};
use std::time::{Duration, Instant};

const CONNECTIONS: usize = 64;
const SECONDS: u64 = 10;

fn estate() -> Vec<TenantSpec> {
    (0..10)
        .map(|t| TenantSpec {
            id: 0,
            from_config: true,
            tenant_id: format!("tenant{t}.example.org"),
            name: format!("Tenant {t}"),
            monitor: None,
            apps: (0..10)
                .map(|a| AppSpec {
                    id: 0,
                    from_config: true,
                    client_id: format!("a0000000-0000-4000-8000-{t:06}{a:06}"),
                    name: format!("App {t}-{a}"),
                    client_secret: Some(Secret::new("bench-secret")),
                    secret_expires: None,
                    required_scopes: vec!["Mail.Read".into()],
                    consumer: Consumer::default(),
                    mailboxes: (0..100)
                        .map(|m| MailboxSpec {
                            id: 0,
                            from_config: true,
                            address: format!("m{m}@a{a}.tenant{t}.example.org"),
                            object_id: format!("11111111-0000-4000-8000-{t:04}{a:04}{m:04}"),
                            required_scopes: None,
                            link: None,
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

fn report(tenants: &[TenantSpec]) -> CycleReport {
    let mut targets = Vec::new();
    for (n, (t, a, m)) in tenants
        .iter()
        .flat_map(|t| {
            t.apps
                .iter()
                .flat_map(move |a| a.mailboxes.iter().map(move |m| (t, a, m)))
        })
        .enumerate()
    {
        let findings = if n % 20 == 0 {
            vec![
                Finding::new(FindingCode::LinkRevoked, Source::Link, "AADSTS50173")
                    .with_aadsts(Some(50173)),
            ]
        } else {
            vec![]
        };
        targets.push(TargetResult {
            kind: TargetKind::Mailbox,
            tenant_id: t.tenant_id.clone(),
            client_id: a.client_id.clone(),
            address: Some(m.address.clone()),
            name: m.address.clone(),
            status: linkwatch::model::status_of(&findings),
            findings,
        });
    }
    CycleReport {
        checked_at: Utc::now(),
        status: Severity::Critical,
        targets,
    }
}

async fn hammer(client: &reqwest::Client, url: &str, cookie: &str) -> (f64, Duration, usize) {
    let deadline = Instant::now() + Duration::from_secs(SECONDS);
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let (client, url, cookie) = (client.clone(), url.to_string(), cookie.to_string());
            tokio::spawn(async move {
                let mut times = Vec::new();
                let mut bytes = 0;
                while Instant::now() < deadline {
                    let start = Instant::now();
                    let resp = client
                        .get(&url)
                        .header("cookie", &cookie)
                        .send()
                        .await
                        .unwrap();
                    assert!(resp.status().is_success());
                    bytes = resp.bytes().await.unwrap().len();
                    times.push(start.elapsed());
                }
                (times, bytes)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut size = 0;
    for t in tasks {
        let (times, bytes) = t.await.unwrap();
        all.extend(times);
        size = bytes;
    }
    all.sort();
    let p99 = all[((all.len() as f64 - 1.0) * 0.99) as usize];
    (all.len() as f64 / SECONDS as f64, p99, size)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    // The runtime first: it syncs the (empty) config's targets; the estate is stored after.
    let cfg = linkwatch::config::Config::from_toml(
        &format!(
            "[storage]\npath = \"{}\"\n",
            dir.path().join("load.db").display()
        ),
        "bench",
        &[],
    )
    .unwrap();
    let rt = linkwatch::commands::Runtime::from_config(
        cfg,
        Some(linkwatch::vault::Vault::from_key(&[9; 32])),
    )
    .unwrap();
    let store: Store = rt.store.clone();
    let tenants = estate();
    store.sync_declared(&tenants).unwrap();
    store
        .record_cycle(
            &report(&tenants),
            "all",
            &Snapshots::default(),
            Utc::now(),
            0,
            &|_| Default::default(),
        )
        .unwrap();
    store
        .upsert_user("bench", Role::Viewer, "$argon2id$unused", Utc::now())
        .unwrap();
    let (user, _) = store.user_by_name("bench").unwrap().unwrap();
    let cookie = format!(
        "lw_session={}",
        store.create_session(&user, Utc::now()).unwrap()
    );
    let state = linkwatch::web::WebState {
        store: rt.store.clone(),
        checker: rt.checker(Duration::ZERO),
        running: Default::default(),
        secure_cookies: false,
        schedule: "0 */15 * * * *".into(),
        limiter: Default::default(),
        demo_login: None,
        alerts: rt.alerting.clone(),
        delivery: rt.delivery(),
        public_url: None,
        login_url: "http://127.0.0.1:9".into(),
        simulated_portal: None,
    };
    let (addr, server) = linkwatch::web::start(state, "127.0.0.1:0").unwrap();
    tokio::spawn(server);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONNECTIONS)
        .build()
        .unwrap();
    let base = format!("http://{addr}");
    println!("{CONNECTIONS} connections, {SECONDS} s each, 10,000 mailboxes, server on 2 workers");
    let (s_rps, s_p99, s_size) =
        hammer(&client, &format!("{base}/assets/style.css"), &cookie).await;
    println!("static asset: {s_rps:>8.0} req/s, p99 {s_p99:>8.2?}, {s_size} bytes");
    let (o_rps, o_p99, o_size) = hammer(&client, &format!("{base}/"), &cookie).await;
    println!("overview:     {o_rps:>8.0} req/s, p99 {o_p99:>8.2?}, {o_size} bytes");
    println!("ratio overview / static: {:.3}", o_rps / s_rps);
}
