//! The real check cycle against a misbehaving simulator: paging, throttling (no call before
//! `Retry-After`), malformed, huge and slow replies, and bounded concurrency. No panic, each
//! target `probe_failed` with a clear detail, and no refresh token lost.

mod support;

use linkwatch::model::{CycleReport, FindingCode, Severity};
use std::time::Duration;
use support::{config, scenario, World};

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttled_batch_items_are_sent_again_alone_after_their_own_retry_after() {
    // Two of the three account lookups in the $batch answer 429 with Retry-After 0.6 s inside a
    // 200 reply; a third item answers 503 with no Retry-After at all (short backoff).
    let faults = "[[faults]]\npath = \"/users/11111111-0000-4000-8000-000000000001\"\nkind = \"throttle\"\nretry_after = 0.6\ntimes = 1\nbatch_item = true\n\
                  [[faults]]\npath = \"/users/11111111-0000-4000-8000-000000000002\"\nkind = \"throttle\"\nretry_after = 0.6\ntimes = 1\nbatch_item = true\n\
                  [[faults]]\npath = \"/applications(\"\nkind = \"throttle\"\nstatus = 503\ntimes = 1\nbatch_item = true\n";
    let s = scenario(3, faults);
    let w = World::start(&s, &config(3, "")).await;
    w.seed_links(&s);
    let r = cycle(&w).await;
    assert!(
        r.targets.iter().all(|t| t.status == Severity::Ok),
        "throttled items are waited out, the others kept: {:#?}",
        r.targets
    );
    let state = w.sim.state();
    assert_eq!(
        state.batches.len(),
        2,
        "one batch, then one for the throttled items"
    );
    let statuses: Vec<u16> = state.batches[0].iter().map(|(_, s)| *s).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 429 || **s == 503).count(),
        3,
        "{:?}",
        state.batches[0]
    );
    let again: Vec<&str> = state.batches[1].iter().map(|(u, _)| u.as_str()).collect();
    assert_eq!(
        again.len(),
        3,
        "only the throttled items are sent again: {again:?}"
    );
    assert!(again.iter().all(|u| !u.contains("servicePrincipals")));
    assert!(state.batches[1].iter().all(|(_, s)| *s == 200));
    let posts: Vec<_> = state
        .log
        .iter()
        .filter(|e| e.path.contains("$batch"))
        .collect();
    let gap = posts[1].at.saturating_duration_since(posts[0].answered);
    assert!(
        gap >= Duration::from_millis(600),
        "the throttled items were sent again {gap:?} after the reply, Retry-After was 0.6 s"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_items_throttled_past_the_budget_are_probe_failed_with_the_cause() {
    let faults = "[[faults]]\npath = \"/users/\"\nkind = \"throttle\"\nretry_after = 30\nbatch_item = true\n";
    let s = scenario(1, faults);
    let w = World::start(&s, &config(1, "target_budget_secs = 3")).await;
    w.seed_links(&s);
    let started = std::time::Instant::now();
    let r = cycle(&w).await;
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    let m = &r.targets[1];
    assert_eq!(m.status, Severity::Unknown, "{m:#?}");
    let f = &m.findings[0];
    assert_eq!(f.code, FindingCode::ProbeFailed);
    assert!(
        f.message.contains("throttled $batch item") && f.message.contains("3 s time budget"),
        "{}",
        f.message
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_endpoint_temporarily_unavailable_keeps_its_aadsts_code() {
    // Every token request answers 503 temporarily_unavailable with AADSTS90033.
    let faults = "[[faults]]\npath = \"/token\"\nkind = \"unavailable\"\nretry_after = 1\n";
    let s = scenario(1, faults);
    let w = World::start(&s, &config(1, "target_budget_secs = 4")).await;
    w.seed_links(&s);
    let started = std::time::Instant::now();
    let r = cycle(&w).await;
    let took = started.elapsed();
    assert!(took < Duration::from_secs(10), "{took:?}");
    let app = &r.targets[0];
    assert_eq!(app.status, Severity::Unknown, "{app:#?}");
    let f = &app.findings[0];
    assert_eq!(f.code, FindingCode::ProbeFailed);
    assert_eq!(f.aadsts, Some(90033), "{f:#?}");
    assert!(
        f.message
            .contains("Microsoft's sign-in service was temporarily unavailable")
            && !f.message.starts_with("throttled"),
        "{}",
        f.message
    );
    // The same reply once, then normal: the retry succeeds and nothing is reported.
    let s = scenario(
        1,
        "[[faults]]\npath = \"/token\"\nkind = \"unavailable\"\ntimes = 1\n",
    );
    let w = World::start(&s, &config(1, "")).await;
    w.seed_links(&s);
    let r = cycle(&w).await;
    assert_eq!(
        statuses(&r),
        vec![Severity::Ok, Severity::Ok],
        "{:#?}",
        r.targets
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_endpoint_unavailable_without_retry_after_keeps_its_code_at_the_default_budget() {
    // 503 temporarily_unavailable (AADSTS90033) without Retry-After, with default settings:
    // the backoff's waits, not Microsoft's, run into the target's 20 s budget.
    let faults = "[[faults]]\npath = \"/token\"\nkind = \"unavailable\"\n";
    let s = scenario(1, faults);
    let w = World::start(&s, &config(1, "")).await;
    w.seed_links(&s);
    let r = cycle(&w).await;
    for t in &r.targets {
        assert_eq!(t.status, Severity::Unknown, "{t:#?}");
        let f = &t.findings[0];
        assert_eq!(f.code, FindingCode::ProbeFailed, "{f:#?}");
        assert_eq!(f.aadsts, Some(90033), "{}: {f:#?}", t.name);
        assert!(
            f.message
                .contains("Microsoft's sign-in service was temporarily unavailable"),
            "{}: {}",
            t.name,
            f.message
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_that_never_answers_well_gives_up_within_its_budget() {
    // The inbox read of m1 hangs for a minute (longer than the request timeout); m2's answers
    // 503 without Retry-After forever. Each gives up at the 2 s budget; m3 is not held up.
    let faults = "[[faults]]\npath = \"/users/11111111-0000-4000-8000-000000000001/mailFolders\"\nkind = \"slow\"\ndelay_ms = 60000\n\
                  [[faults]]\npath = \"/users/11111111-0000-4000-8000-000000000002/mailFolders\"\nkind = \"status\"\nstatus = 503\n";
    let s = scenario(3, faults);
    let w = World::start(&s, &config(3, "target_budget_secs = 2\ntimeout_secs = 30")).await;
    w.seed_links(&s);
    let started = std::time::Instant::now();
    let r = cycle(&w).await;
    let took = started.elapsed();
    assert!(took < Duration::from_secs(6), "the cycle took {took:?}");
    let by_name = |n: &str| r.targets.iter().find(|t| t.name == n).unwrap();
    let m1 = by_name("m1@t.example.org");
    assert_eq!(m1.status, Severity::Unknown);
    assert!(
        m1.findings[0].message.contains(
            "gave up after 2 s: waiting for a reply to GET /v1.0/users/11111111-0000-4000-8000-000000000001/mailFolders/inbox"
        ),
        "{}",
        m1.findings[0].message
    );
    let m2 = by_name("m2@t.example.org");
    assert_eq!(m2.status, Severity::Unknown);
    assert!(
        m2.findings[0].message.contains("HTTP 503") && m2.findings[0].message.contains("2 s"),
        "{}",
        m2.findings[0].message
    );
    assert_eq!(by_name("m3@t.example.org").status, Severity::Ok);
    // The refresh tokens were rotated and kept: the next cycle, without faults, is all ok.
    w.sim.state().scenario.faults.clear();
    let r = cycle(&w).await;
    assert!(
        r.targets.iter().all(|t| t.status == Severity::Ok),
        "{:#?}",
        r.targets
    );
}
