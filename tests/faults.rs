//! The real check cycle against a misbehaving simulator: paging, throttling (no call before
//! `Retry-After`), malformed, huge and slow replies, and bounded concurrency. No panic, each
//! target `probe_failed` with a clear detail, and no refresh token lost.

mod support;

use linkwatch::model::{CycleReport, FindingCode, Severity};
use std::time::Duration;
use support::World;

const APP: &str = "a0000000-0000-4000-8000-000000000001";

/// A tenant with `n` linked mailboxes (one grant each, so grants span pages), plus extra TOML.
fn scenario(n: usize, extra: &str) -> String {
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

fn config(n: usize, checks: &str) -> String {
    let mut c = format!("[checks]\n{checks}\n[[tenants]]\nid = \"t.example.org\"\n[[tenants.apps]]\nclient_id = \"{APP}\"\nname = \"App\"\nclient_secret = \"abc-secret-value\"\nrequired_scopes = [\"User.Read\", \"Mail.Read\", \"offline_access\"]\n");
    for i in 1..=n {
        c += &format!("[[tenants.apps.mailboxes]]\naddress = \"m{i}@t.example.org\"\nobject_id = \"11111111-0000-4000-8000-{i:012}\"\n");
    }
    c
}

async fn cycle(w: &World) -> CycleReport {
    w.runtime()
        .checker(Duration::ZERO)
        .run_cycle()
        .await
        .unwrap()
        .report
}

fn statuses(r: &CycleReport) -> Vec<Severity> {
    r.targets.iter().map(|t| t.status).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grants_are_read_across_every_page() {
    let s = scenario(7, "");
    let w = World::start(&s, &config(7, "")).await;
    w.seed_links(&s);
    let r = cycle(&w).await;
    assert!(
        r.targets.iter().all(|t| t.status == Severity::Ok),
        "{:#?}",
        r.targets
    );
    let pages = w
        .sim
        .state()
        .log
        .iter()
        .filter(|e| e.path.contains("oauth2PermissionGrants"))
        .count();
    assert_eq!(pages, 4, "7 grants in pages of 2");
    // The last page's grant counts: remove it and that mailbox shows consent_missing.
    w.sim.state().scenario.tenants[0].apps[0].grants.pop();
    let r = cycle(&w).await;
    let m7 = r
        .targets
        .iter()
        .find(|t| t.name == "m7@t.example.org")
        .unwrap();
    assert!(
        m7.findings
            .iter()
            .any(|f| f.code == FindingCode::ConsentMissing),
        "{m7:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_request_before_retry_after() {
    let faults = "[[faults]]\npath = \"/mailFolders\"\nkind = \"throttle\"\nretry_after = 1.25\ntimes = 3\n\
                  [[faults]]\npath = \"oauth2PermissionGrants\"\nkind = \"throttle\"\nstatus = 503\nretry_after = 0.5\ntimes = 1\n";
    let s = scenario(3, faults);
    let w = World::start(&s, &config(3, "")).await;
    w.seed_links(&s);
    let r = cycle(&w).await;
    assert!(
        r.targets.iter().all(|t| t.status == Severity::Ok),
        "throttling is waited out: {:#?}",
        r.targets
    );
    let log = w.sim.state().log.clone();
    let mut checked = 0;
    for (i, e) in log.iter().enumerate() {
        let Some(ra) = e.retry_after else { continue };
        let next = log[i + 1..]
            .iter()
            .find(|n| n.path == e.path)
            .expect("the throttled request is retried");
        let gap = next.at - e.at;
        assert!(
            gap >= Duration::from_secs_f64(ra),
            "{} retried after {gap:?}, Retry-After was {ra}",
            e.path
        );
        checked += 1;
    }
    assert_eq!(checked, 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttled_past_the_budget_is_probe_failed_not_ok() {
    let s = scenario(
        1,
        "[[faults]]\npath = \"/mailFolders\"\nkind = \"throttle\"\nretry_after = 30\n",
    );
    let w = World::start(&s, &config(1, "retry_budget_secs = 2")).await;
    w.seed_links(&s);
    let started = std::time::Instant::now();
    let r = cycle(&w).await;
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "gives up instead of waiting 30 s"
    );
    let m = &r.targets[1];
    assert_eq!(m.status, Severity::Unknown);
    assert!(
        m.findings[0].message.contains("throttled"),
        "{}",
        m.findings[0].message
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_replies_are_probe_failed_and_lose_no_token() {
    let cases = [
        ("/token", "html", "text/html"),
        ("/token", "truncated", "EOF while parsing"),
        ("/token", "wrong_types", "invalid type"),
        ("/token", "huge", "larger than"),
        ("/mailFolders", "html", "text/html"),
        ("/mailFolders", "truncated", "EOF while parsing"),
        ("/mailFolders", "wrong_types", "invalid type"),
        ("/mailFolders", "huge", "larger than"),
        ("/$batch", "wrong_types", "invalid type"),
    ];
    for (path, kind, detail) in cases {
        // The app's own token request is the first /token call; the link's refresh is the second.
        let times = if path == "/token" {
            "rate = 0.5\ntimes = 2"
        } else {
            "times = 1"
        };
        let s = scenario(
            1,
            &format!("[[faults]]\npath = \"{path}\"\nkind = \"{kind}\"\n{times}\n"),
        );
        let w = World::start(&s, &config(1, "")).await;
        w.seed_links(&s);
        let r = cycle(&w).await;
        let failed: Vec<_> = r
            .targets
            .iter()
            .flat_map(|t| &t.findings)
            .filter(|f| f.code == FindingCode::ProbeFailed)
            .collect();
        assert!(!failed.is_empty(), "{path} {kind}: {:#?}", r.targets);
        assert!(
            failed.iter().any(|f| f.message.contains(detail)),
            "{path} {kind}: want {detail:?} in {:?}",
            failed.iter().map(|f| &f.message).collect::<Vec<_>>()
        );
        assert!(
            statuses(&r).iter().all(|s| *s != Severity::Critical),
            "{path} {kind}: a broken reply is not a verdict"
        );
        // Strict rotation is on: the next cycle works only if the right token was kept.
        let r = cycle(&w).await;
        assert_eq!(
            statuses(&r),
            vec![Severity::Ok, Severity::Ok],
            "{path} {kind}: {:#?}",
            r.targets
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_replies_time_out() {
    let s = scenario(
        1,
        "[[faults]]\npath = \"/mailFolders\"\nkind = \"slow\"\ndelay_ms = 3000\n",
    );
    let w = World::start(&s, &config(1, "timeout_secs = 1")).await;
    w.seed_links(&s);
    let r = cycle(&w).await;
    let m = &r.targets[1];
    assert_eq!(m.status, Severity::Unknown);
    assert!(
        m.findings[0].message.contains("no reply within 1s"),
        "{}",
        m.findings[0].message
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrency_is_bounded_per_tenant() {
    let s = scenario(24, "latency_ms = 40");
    let w = World::start(
        &s,
        &config(24, "concurrency = 8\nper_tenant_concurrency = 3"),
    )
    .await;
    w.seed_links(&s);
    let r = cycle(&w).await;
    assert!(r.targets.iter().all(|t| t.status == Severity::Ok));
    let max = w.sim.state().in_flight.1;
    assert!(
        (2..=3).contains(&max),
        "at most 3 requests in flight for one tenant, saw {max}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_storm_of_429_on_30_percent_of_calls_is_waited_out() {
    const N: usize = 300;
    let storm = "[[faults]]\npath = \"/\"\nkind = \"throttle\"\nretry_after = 0.1\nrate = 0.3\n";
    let s = scenario(N, storm);
    let w = World::start(&s, &config(N, "")).await;
    w.seed_links(&s);
    let started = std::time::Instant::now();
    let r = cycle(&w).await;
    let took = started.elapsed();
    assert_eq!(r.targets.len(), N + 1, "the cycle completes");
    let not_ok: Vec<_> = r
        .targets
        .iter()
        .filter(|t| t.status != Severity::Ok)
        .collect();
    assert!(not_ok.is_empty(), "the storm is waited out: {not_ok:#?}");
    let log = w.sim.state().log.clone();
    let throttled = log.iter().filter(|e| e.status == 429).count();
    let share = throttled as f64 / log.len() as f64;
    assert!(
        (0.25..0.35).contains(&share),
        "{throttled} of {} calls throttled",
        log.len()
    );
    // Each throttled request is sent again, and never before its Retry-After has passed since
    // the 429 was answered. A request is its method, address, credentials and body.
    let mut earliest = Duration::MAX;
    for (i, e) in log.iter().enumerate() {
        let Some(ra) = e.retry_after else { continue };
        let again = log[i + 1..]
            .iter()
            .find(|n| n.method == e.method && n.path == e.path && n.request_hash == e.request_hash)
            .unwrap_or_else(|| panic!("{} {} was not sent again", e.method, e.path));
        let gap = again.at.saturating_duration_since(e.answered);
        assert!(
            gap >= Duration::from_secs_f64(ra),
            "{} {} sent again {gap:?} after the 429, Retry-After was {ra}",
            e.method,
            e.path
        );
        earliest = earliest.min(gap);
    }
    println!(
        "{N} mailboxes: {} calls, {throttled} throttled ({:.0}%), cycle {took:.2?}, \
         earliest retry {earliest:?} after its 429 (Retry-After 100 ms)",
        log.len(),
        share * 100.0
    );
}
