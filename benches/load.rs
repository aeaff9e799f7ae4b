//! Dashboard load benchmark: requests per second and p99 latency of the overview page at
//! 10,000 mailboxes under 64 concurrent connections, measured in the same run as a static
//! asset served by the same server, and their ratio; then the overview again while a full
//! 10,000-mailbox cycle commits every 2 s (every target changes status each time: five
//! commits in the window, where production has one per 15 minutes), which shows whether a long
//! write stalls page serving. Run with `cargo bench --bench load`.
//! Prints figures; asserts nothing.

#[path = "support/estate.rs"]
mod estate;

use chrono::Utc;
use linkwatch::accounts::Role;
use linkwatch::store::{Snapshots, Store};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

const CONNECTIONS: usize = 64;
const SECONDS: u64 = 10;

async fn hammer(
    client: &reqwest::Client,
    url: &str,
    cookie: &str,
) -> (f64, Duration, usize, Duration) {
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
    let max = all[all.len() - 1];
    (all.len() as f64 / SECONDS as f64, p99, size, max)
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
    let tenants = estate::estate(10, 10, 100);
    store.sync_declared(&tenants).unwrap();
    store
        .record_cycle(
            &estate::report(&tenants, Utc::now(), estate::healthy, estate::bad_day),
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
    let mut state = rt.web_state(rt.checker(Duration::ZERO));
    state.site.schedule = "0 */15 * * * *".into();
    // The reference: a static page of the overview's size, served by the same server (same
    // workers and middleware) from memory, filled in once the overview has been fetched.
    let reference: Arc<OnceLock<Vec<u8>>> = Default::default();
    let served = reference.clone();
    let (addr, server) = linkwatch::web::start_with(state, "127.0.0.1:0", move |cfg| {
        let served = served.clone();
        cfg.route(
            "/bench/static",
            actix_web::web::get().to(move || {
                let body = served.get().cloned().unwrap_or_default();
                async move {
                    actix_web::HttpResponse::Ok()
                        .content_type("text/html; charset=utf-8")
                        .body(body)
                }
            }),
        );
    })
    .unwrap();
    tokio::spawn(server);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONNECTIONS)
        .build()
        .unwrap();
    let base = format!("http://{addr}");
    let first = client
        .get(format!("{base}/"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert!(first.status().is_success());
    let _ = reference.set(first.bytes().await.unwrap().to_vec());
    println!("{CONNECTIONS} connections, {SECONDS} s each, 10,000 mailboxes, server on 2 workers");
    let (s_rps, s_p99, s_size, _) = hammer(&client, &format!("{base}/bench/static"), &cookie).await;
    println!("static page:  {s_rps:>8.0} req/s, p99 {s_p99:>8.2?}, {s_size} bytes");
    let (o_rps, o_p99, o_size, o_max) = hammer(&client, &format!("{base}/"), &cookie).await;
    println!(
        "overview:     {o_rps:>8.0} req/s, p99 {o_p99:>8.2?}, {o_size} bytes, slowest {o_max:.2?}"
    );
    println!("ratio overview / static: {:.3}", o_rps / s_rps);

    // The same overview while a full cycle commits every 2 s: each one rewrites the status of
    // all 10,100 targets (healthy, then a bad day), with their history rows.
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (store, stop) = (store.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut took = Vec::new();
            let mut bad = false;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                bad = !bad;
                let report = if bad {
                    estate::report(&tenants, Utc::now(), estate::healthy, estate::bad_day)
                } else {
                    estate::report(&tenants, Utc::now(), estate::healthy, estate::healthy)
                };
                let start = Instant::now();
                store
                    .record_cycle(
                        &report,
                        "all",
                        &Snapshots::default(),
                        Utc::now(),
                        0,
                        &|_| Default::default(),
                    )
                    .unwrap();
                took.push(start.elapsed());
                let pause = Instant::now();
                while pause.elapsed() < Duration::from_secs(2)
                    && !stop.load(std::sync::atomic::Ordering::Relaxed)
                {
                    std::thread::sleep(Duration::from_millis(20));
                }
            }
            took
        })
    };
    let (w_rps, w_p99, _, w_max) = hammer(&client, &format!("{base}/"), &cookie).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut took = writer.join().unwrap();
    took.sort();
    println!(
        "overview during commits: {w_rps:>8.0} req/s, p99 {w_p99:>8.2?}, slowest {w_max:.2?} ({} full-cycle commits of 10,100 targets, one every 2 s, median {:.2?}, longest {:.2?})",
        took.len(),
        took[took.len() / 2],
        took[took.len() - 1]
    );
    println!(
        "overview during commits / without: {:.3} req/s, p99 {:.1}x",
        w_rps / o_rps,
        w_p99.as_secs_f64() / o_p99.as_secs_f64()
    );
}
