//! Growth benchmark: the database after a simulated year of history. 1,000 mailboxes (10
//! tenants × 5 app registrations × 20) are checked every 15 minutes for 365 days (35,040
//! cycles) through the real `record_cycle` and alert planner (a webhook and an email channel),
//! with churn like a real estate: each mailbox breaks four times a year for half a day
//! (revoked, consent, disabled in turn) and recovers, one check in a thousand fails to reach
//! Graph, each app's secret warns for 3 weeks and is critical for a week before it is rotated.
//! Prints the size, the rows per table and the bytes per mailbox. Asserts nothing.
//!
//! `cargo bench --bench history` (`-- MAILBOXES MINUTES`: another estate size or interval).

#[path = "support/estate.rs"]
mod estate;

use chrono::{Duration, TimeZone, Utc};
use linkwatch::model::{Finding, FindingCode, Severity, Source};
use linkwatch::store::Snapshots;
use std::time::Instant;

fn mailbox_findings(cycle: i64, per_year: i64, m: usize) -> Vec<Finding> {
    let m = m as i64;
    // Four incidents a year of half a day each, at a different moment per mailbox.
    let quarter = per_year / 4;
    let half_day = (per_year / 730).max(1);
    let phase = (cycle + m * 7919) % quarter;
    if phase < half_day {
        let code = match (cycle / quarter + m) % 3 {
            0 => FindingCode::LinkRevoked,
            1 => FindingCode::ConsentMissing,
            _ => FindingCode::AccountDisabled,
        };
        return vec![Finding::new(code, Source::Link, "simulated incident")];
    }
    if (cycle * 31 + m * 17) % 1000 == 0 {
        return vec![Finding::new(
            FindingCode::ProbeFailed,
            Source::Link,
            "simulated timeout",
        )];
    }
    Vec::new()
}

fn app_findings(cycle: i64, per_year: i64, a: usize) -> Vec<Finding> {
    let day = per_year / 365;
    let until_rotation = per_year - (cycle + a as i64 * 7 * day) % per_year;
    let days_left = until_rotation / day.max(1);
    let mut f = match days_left {
        0..7 => Finding::new(
            FindingCode::SecretExpiring,
            Source::Directory,
            "expires soon",
        ),
        7..28 => Finding::new(FindingCode::SecretExpiring, Source::Directory, "expires"),
        _ => return Vec::new(),
    };
    f.severity = if days_left < 7 {
        Severity::Critical
    } else {
        Severity::Warning
    };
    vec![f]
}

fn main() {
    let args: Vec<i64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let mailboxes = args.first().copied().unwrap_or(1000).max(100);
    let minutes = args.get(1).copied().unwrap_or(15).max(1);
    let per_year = 365 * 24 * 60 / minutes;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("year.db");
    let cfg = linkwatch::config::Config::from_toml(
        &format!(
            "[storage]\npath = \"{}\"\n[[alerts.channels]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"https://hooks.example.org/lw\"\n[[alerts.channels]]\nname = \"mail\"\nkind = \"email\"\nsmtp_host = \"smtp.example.org\"\nfrom = \"lw@example.org\"\nto = [\"it@example.org\"]\n",
            db.display()
        ),
        "bench",
        &[],
    )
    .unwrap();
    let rt = linkwatch::commands::Runtime::from_config(
        cfg,
        Some(linkwatch::vault::Vault::from_key(&[7; 32])),
    )
    .unwrap();
    let tenants = estate::estate(10, 5, (mailboxes / 50) as usize);
    rt.store.sync_declared(&tenants).unwrap();
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let policy = rt.alerting.clone();
    println!(
        "{} mailboxes, {} app registrations; a cycle every {minutes} min for 365 days ({per_year} cycles)",
        tenants.iter().flat_map(|t| &t.apps).map(|a| a.mailboxes.len()).sum::<usize>(),
        tenants.iter().map(|t| t.apps.len()).sum::<usize>(),
    );
    let t0 = Instant::now();
    let mut changes = 0;
    for cycle in 0..per_year {
        let at = start + Duration::minutes(cycle * minutes);
        let report = estate::report(
            &tenants,
            at,
            |a| app_findings(cycle, per_year, a),
            |m| mailbox_findings(cycle, per_year, m),
        );
        changes += rt
            .store
            .record_cycle(&report, "all", &Snapshots::default(), at, 0, &|c| {
                linkwatch::alerts::plan_outbox(&policy, c, at)
            })
            .unwrap()
            .len();
        if cycle > 0 && cycle % (per_year / 10) == 0 {
            eprintln!("  {}% ({:.0?})", cycle * 100 / per_year, t0.elapsed());
        }
    }
    let took = t0.elapsed();
    let copy = dir.path().join("copy.db");
    rt.store.backup_to(&copy).unwrap();
    let size = std::fs::metadata(&copy).unwrap().len() as f64;
    let conn = rusqlite::Connection::open(&copy).unwrap();
    println!("simulated in {took:.1?}; {changes} status changes");
    // Bytes per table with its indexes, where SQLite's dbstat table is built in.
    let bytes = |table: &str| -> Option<f64> {
        conn.query_row(
            "SELECT sum(pgsize) FROM dbstat WHERE name = ?1 OR name IN
               (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1)",
            [table],
            |r| r.get::<_, f64>(0),
        )
        .ok()
    };
    for table in [
        "cycles",
        "status_history",
        "outbox",
        "target_state",
        "alert_state",
        "audit_log",
    ] {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        match bytes(table) {
            Some(b) => println!("  {table:<15} {n:>9} rows {:>8.1} MB", b / 1e6),
            None => println!("  {table:<15} {n:>9} rows"),
        }
    }
    let n = mailboxes as f64;
    println!("database after a year: {:.1} MB", size / 1e6);
    println!("per mailbox:           {:.1} KB", size / n / 1e3);
}
