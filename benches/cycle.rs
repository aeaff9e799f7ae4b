//! Check-cycle benchmark: a generated estate of 100 tenants, 500 app registrations and 10,000
//! linked mailboxes behind the simulator (run as its own process) with 20 ms per call.
//! Prints wall time, the ideal time for the same calls at the configured concurrency, their
//! ratio, calls per mailbox, CPU seconds per 1,000 mailboxes and peak RSS. Run with
//! `cargo bench --bench cycle` (`-- 1000` for a smaller estate, `-- nosignal` without the
//! applications' sign-in log). Asserts nothing.

use std::time::{Duration, Instant};

#[path = "support/sim_estate.rs"]
mod sim_estate;

use sim_estate::{estate, start_simulator, LATENCY_MS};

const CONCURRENCY: usize = 16;

/// User + system CPU seconds of this process, from /proc.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks: f64 = fields
        .get(11)
        .and_then(|u| u.parse::<f64>().ok())
        .unwrap_or(0.0)
        + fields
            .get(12)
            .and_then(|s| s.parse::<f64>().ok())
            .unwrap_or(0.0);
    ticks / 100.0
}

/// Peak resident set size of this process, in MB.
fn peak_rss_mb() -> f64 {
    status_mb("VmHWM:")
}

/// A size line of /proc/self/status, in MB.
fn status_mb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

/// Where the memory is at a stage of the run: now and the peak so far.
fn memory_at(stage: &str) {
    println!(
        "  memory {stage}: {:.0} MB resident, peak so far {:.0} MB",
        status_mb("VmRSS:"),
        peak_rss_mb()
    );
}

// The runtime `linkwatch serve` and `check --once` run on (src/main.rs).
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mailboxes: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();
    // `-- 1000 nosignal`: without signal 4 (the monitor may not read sign-in logs), to compare.
    let signal = !std::env::args().any(|a| a == "nosignal");
    let (scenario, config) = estate(mailboxes, signal, false);
    let (mut sim, url) = start_simulator(dir.path(), &scenario).await;
    let text = format!("[cloud]\nlogin_url = \"{url}\"\ngraph_url = \"{url}\"\n[storage]\npath = \"{}\"\n[checks]\nconcurrency = {CONCURRENCY}\nper_tenant_concurrency = 4\n{config}", dir.path().join("bench.db").display());
    let cfg = linkwatch::config::Config::from_toml(&text, "bench", &[]).unwrap();
    let rt = linkwatch::commands::Runtime::from_config(
        cfg,
        Some(linkwatch::vault::Vault::from_key(&[5; 32])),
    )
    .unwrap();
    let import = Instant::now();
    let scenario_links = linkwatch::simulator::Scenario::parse(&scenario).unwrap();
    linkwatch::commands::seed_demo_links(&rt.store, &scenario_links).unwrap();
    // The generated estate's texts are the benchmark's, not linkwatch's: gone before measuring.
    drop((scenario_links, scenario, config, text));
    linkwatch::memory::give_back();
    println!(
        "estate: {mailboxes} mailboxes; links imported in {:.1?}",
        import.elapsed()
    );
    memory_at("after the estate is set up");
    let checker = rt.checker(Duration::ZERO);
    // The first cycle after an import also learns each link's account (one /me per mailbox);
    // the steady state is measured on the second.
    let first = Instant::now();
    // Only its call count is kept: the report itself is the caller's, not the next cycle's.
    let warm = checker.run_cycle().await.unwrap().http_calls;
    println!(
        "first cycle: {:.2} s, {} calls ({:.2} per mailbox, with one-time account reads)",
        first.elapsed().as_secs_f64(),
        warm,
        warm as f64 / mailboxes as f64
    );
    let reports = |c: &linkwatch::cycle::Checker| {
        let s = c.graph.transport().stats();
        (
            s.report_calls.load(std::sync::atomic::Ordering::Relaxed),
            s.report_ms.load(std::sync::atomic::Ordering::Relaxed),
        )
    };
    let first_reports = reports(&checker);
    println!(
        "  of which sign-in log and credential report (first read, 7 days back): {} calls, {:.1} s summed over tenants",
        first_reports.0,
        first_reports.1 as f64 / 1000.0
    );
    memory_at("after the first cycle");
    let cpu0 = cpu_seconds();
    let start = Instant::now();
    let out = checker.run_cycle().await.unwrap();
    let after = reports(&checker);
    let wall = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu0;
    let ideal = out.http_calls as f64 * LATENCY_MS as f64 / 1000.0 / CONCURRENCY as f64;
    let ok = out
        .report
        .targets
        .iter()
        .filter(|t| t.status == linkwatch::model::Severity::Ok)
        .count();
    memory_at("after the second cycle");
    println!("targets: {} ({} ok)", out.report.targets.len(), ok);
    println!("wall time:                {wall:.2} s");
    println!(
        "ideal ({} calls x {LATENCY_MS} ms / {CONCURRENCY}): {ideal:.2} s",
        out.http_calls
    );
    println!("ratio wall / ideal:       {:.2}", wall / ideal);
    println!(
        "sign-in reads (signal 4): {} calls ({:.3} per mailbox), {:.1} s summed over {} tenants read at once",
        after.0 - first_reports.0,
        (after.0 - first_reports.0) as f64 / mailboxes as f64,
        (after.1 - first_reports.1) as f64 / 1000.0,
        (mailboxes / 100).max(1)
    );
    println!(
        "calls per mailbox:        {:.2}",
        out.http_calls as f64 / mailboxes as f64
    );
    println!(
        "CPU per 1,000 mailboxes:  {:.3} s",
        cpu / (mailboxes as f64 / 1000.0)
    );
    println!("peak RSS:                 {:.0} MB", peak_rss_mb());
    println!(
        "database after one cycle: {:.1} MB",
        std::fs::metadata(dir.path().join("bench.db"))
            .map(|m| m.len() as f64 / 1e6)
            .unwrap_or(0.0)
            + std::fs::metadata(dir.path().join("bench.db-wal"))
                .map(|m| m.len() as f64 / 1e6)
                .unwrap_or(0.0)
    );
    sim.kill().ok();
    sim.wait().ok();
}
