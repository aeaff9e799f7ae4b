//! Dashboard benchmark: server time to render the overview with 10,000 mailboxes.
//! Run with `cargo bench --bench dashboard`. Prints figures; asserts nothing.

#[path = "support/estate.rs"]
mod estate;

use actix_web::{test, App};
use chrono::Utc;
use linkwatch::accounts::Role;
use linkwatch::cycle::Checker;
use linkwatch::graph::{GraphClient, Transport, TransportConfig};
use linkwatch::store::{Snapshots, Store};
use linkwatch::vault::Vault;
use linkwatch::web::{configure, security_headers, WebState};
use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[actix_web::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("bench.db"), Vault::from_key(&[9; 32])).unwrap();
    let tenants = estate::estate(10, 10, 100);
    let t0 = Instant::now();
    store.sync_declared(&tenants).unwrap();
    let rep = estate::report(&tenants, Utc::now(), estate::healthy, estate::bad_day);
    store
        .record_cycle(&rep, "all", &Snapshots::default(), Utc::now(), 0, &|_| {
            Default::default()
        })
        .unwrap();
    println!(
        "setup: {} mailboxes, {} targets stored in {:?}",
        10_000,
        rep.targets.len(),
        t0.elapsed()
    );

    store
        .upsert_user("bench", Role::Viewer, "$argon2id$unused", Utc::now())
        .unwrap();
    let (user, _) = store.user_by_name("bench").unwrap().unwrap();
    let token = store.create_session(&user, Utc::now()).unwrap();
    store
        .upsert_user("bench-admin", Role::Admin, "$argon2id$unused", Utc::now())
        .unwrap();
    let (admin, _) = store.user_by_name("bench-admin").unwrap().unwrap();
    let admin_token = store.create_session(&admin, Utc::now()).unwrap();
    let transport = Transport::new(TransportConfig {
        concurrency: 1,
        per_tenant_concurrency: 1,
        timeout: Duration::from_secs(1),
        max_response_bytes: 1024,
        retry_budget: Duration::ZERO,
    })
    .unwrap();
    let checker = Checker {
        store: store.clone(),
        graph: GraphClient::new("http://127.0.0.1:9", "http://127.0.0.1:9", transport),
        policy: linkwatch::checks::Policy {
            warn_days: 30,
            critical_days: 7,
            consumer_idle_hours: 24,
        },
        jitter: Duration::ZERO,
        alerting: Default::default(),
        keep_days: 0,
        target_budget: Duration::from_secs(20),
        heartbeat: None,
    };
    let delivery = linkwatch::alerts::delivery::Delivery::new(store.clone(), Vec::new(), None, 60);
    let store2 = store.clone();
    let state = WebState {
        store,
        checker,
        running: Default::default(),
        limiter: Default::default(),
        alerts: Default::default(),
        pages: Default::default(),
        readings: Default::default(),
        delivery,
        site: linkwatch::web::Site {
            schedule: "0 */15 * * * *".into(),
            ..Default::default()
        },
    };
    let app = test::init_service(
        App::new()
            .wrap(security_headers())
            .configure(configure(actix_web::web::Data::new(state))),
    )
    .await;
    let cookie = actix_web::cookie::Cookie::new("lw_session", token);
    let admin_cookie = actix_web::cookie::Cookie::new("lw_session", admin_token);

    println!(
        "{:<32} {:<10} {:>6} {:>10} {:>10} {:>10} {:>8}",
        "page", "data", "runs", "mean", "p50", "p99", "bytes"
    );
    for path in [
        "/",
        "/?status=critical",
        "/?code=link_revoked&page=5",
        "/?q=m42%40a3",
        "/?page=200",
        "/manage",
        "/manage?q=m42%40a3",
    ] {
        // Manage is for admins, and reads the store on every request (no page cache).
        let cookie = if path.starts_with("/manage") {
            admin_cookie.clone()
        } else {
            cookie.clone()
        };
        // "changed": a write before each request, so the read model and the page are rebuilt
        // (the first view after every check cycle); "unchanged": served from the page cache.
        for (label, changed, runs) in [("changed", true, 50), ("unchanged", false, 200)] {
            let mut times = Vec::with_capacity(runs);
            let mut bytes = 0;
            for _ in 0..runs {
                if changed {
                    store2
                        .audit(Utc::now(), "bench", "bench.touch", None, None)
                        .unwrap();
                }
                let start = Instant::now();
                let resp = test::call_service(
                    &app,
                    test::TestRequest::get()
                        .uri(path)
                        .cookie(cookie.clone())
                        .to_request(),
                )
                .await;
                assert!(resp.status().is_success(), "{path}: {}", resp.status());
                bytes = test::read_body(resp).await.len();
                times.push(start.elapsed());
            }
            times.sort();
            let mean = times.iter().sum::<Duration>() / runs as u32;
            println!(
                "{:<32} {:<10} {:>6} {:>10.2?} {:>10.2?} {:>10.2?} {:>8}",
                path,
                label,
                runs,
                mean,
                percentile(&times, 0.5),
                percentile(&times, 0.99),
                bytes
            );
        }
    }
}
