//! Check results: the current state of every target, its status history, and the cycles.

use super::targets::parse_time;
use super::{Store, StoreError};
use crate::model::{CycleReport, Finding, FindingCode, Severity, TargetChange};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

/// The stored state of one target after its last check.
#[derive(Debug, Clone)]
pub struct TargetState {
    /// `app:…` or `mailbox:…`.
    pub target_key: String,
    /// Current status.
    pub status: Severity,
    /// Current findings.
    pub findings: Vec<Finding>,
    /// When it was last checked.
    pub checked_at: DateTime<Utc>,
    /// How many cycles in a row the check could not complete.
    pub failures_in_row: u32,
    /// The last status that was not `unknown`.
    pub last_known_status: Option<Severity>,
}

/// One status change.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    /// The target.
    pub target_key: String,
    /// The new status.
    pub status: Severity,
    /// The status before.
    pub previous_status: Option<Severity>,
    /// The findings at the change.
    pub findings: Vec<Finding>,
    /// When.
    pub changed_at: DateTime<Utc>,
}

const UPSERT_STATE: &str = "INSERT INTO target_state (target_key, kind, status, findings, checked_at, failures_in_row, last_known_status)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
     ON CONFLICT (target_key) DO UPDATE SET kind = ?2, status = ?3, findings = ?4, checked_at = ?5,
        failures_in_row = ?6, last_known_status = ?7";

fn codes(findings: &[Finding]) -> Vec<FindingCode> {
    let mut c: Vec<_> = findings.iter().map(|f| f.code).collect();
    c.sort();
    c
}

/// Turns a cycle's changes into outbox messages (the alert rules and routing).
pub type AlertPlanner<'a> = &'a dyn Fn(&[TargetChange]) -> super::AlertOutcome;

/// The owners of a target's app registration, from the snapshot saved in this transaction.
fn app_owners(
    tx: &rusqlite::Transaction<'_>,
    t: &crate::model::TargetResult,
) -> Result<Vec<String>, StoreError> {
    let json: Option<String> = tx
        .prepare_cached("SELECT s.owners FROM app_snapshot s JOIN apps a ON a.id = s.app_ref JOIN tenants t ON t.id = a.tenant_ref WHERE t.tenant_id = ?1 AND a.client_id = ?2")?
        .query_row(params![t.tenant_id, t.client_id], |r| r.get(0))
        .optional()?;
    Ok(json
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default())
}

/// The dashboard path of a target (`/apps/2`, `/mailboxes/7`).
fn page_path(
    tx: &rusqlite::Transaction<'_>,
    t: &crate::model::TargetResult,
) -> Result<Option<String>, StoreError> {
    let id: Option<i64> = match &t.address {
        None => tx
            .prepare_cached("SELECT a.id FROM apps a JOIN tenants t ON t.id = a.tenant_ref WHERE t.tenant_id = ?1 AND a.client_id = ?2")?
            .query_row(params![t.tenant_id, t.client_id], |r| r.get(0))
            .optional()?,
        Some(addr) => tx
            .prepare_cached("SELECT m.id FROM mailboxes m JOIN apps a ON a.id = m.app_ref JOIN tenants t ON t.id = a.tenant_ref WHERE t.tenant_id = ?1 AND a.client_id = ?2 AND m.address = ?3")?
            .query_row(params![t.tenant_id, t.client_id, addr], |r| r.get(0))
            .optional()?,
    };
    Ok(id.map(|id| match t.address {
        Some(_) => crate::key::paths::mailbox(id),
        None => crate::key::paths::app(id),
    }))
}

impl Store {
    /// Records a cycle's results in one transaction: the new state of every target, a history
    /// row for each whose status or finding codes changed, and the cycle itself.
    /// Returns the history entries written (the changes).
    pub fn record_cycle(
        &self,
        report: &CycleReport,
        scope: &str,
        snapshots: &super::Snapshots,
        finished_at: DateTime<Utc>,
        http_calls: u64,
        alerts: AlertPlanner<'_>,
    ) -> Result<Vec<HistoryEntry>, StoreError> {
        self.write(|tx| {
            super::snapshots::save(tx, snapshots, report.checked_at)?;
            let mut changes = Vec::new();
            let mut targets = Vec::with_capacity(report.targets.len());
            for t in &report.targets {
                let key = t.key();
                let prev: Option<(String, String, u32, Option<String>)> = tx
                    .prepare_cached(
                        "SELECT status, findings, failures_in_row, last_known_status FROM target_state WHERE target_key = ?1",
                    )?
                    .query_row(
                        [&key],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                    )
                    .optional()?;
                let prev_status = prev.as_ref().and_then(|p| Severity::parse(&p.0));
                let prev_findings: Vec<Finding> = prev.as_ref().and_then(|p| serde_json::from_str(&p.1).ok()).unwrap_or_default();
                let failed = t.findings.iter().any(|f| f.code == FindingCode::ProbeFailed);
                let failures = if failed { prev.as_ref().map_or(0, |p| p.2) + 1 } else { 0 };
                let last_known = if t.status == Severity::Unknown {
                    prev.as_ref().and_then(|p| p.3.clone())
                } else {
                    Some(t.status.as_str().to_string())
                };
                let findings_json = serde_json::to_string(&t.findings).unwrap_or_else(|_| "[]".into());
                tx.prepare_cached(UPSERT_STATE)?.execute(
                    params![key, if t.address.is_some() { "mailbox" } else { "app" }, t.status.as_str(), findings_json, report.checked_at.to_rfc3339(), failures, last_known],
                )?;
                let changed = prev_status != Some(t.status) || codes(&prev_findings) != codes(&t.findings);
                targets.push(TargetChange {
                    key: key.clone(),
                    kind: t.kind,
                    tenant_id: t.tenant_id.clone(),
                    client_id: t.client_id.clone(),
                    address: t.address.clone(),
                    name: t.name.clone(),
                    status: t.status,
                    previous: prev_status,
                    findings: t.findings.clone(),
                    previous_codes: codes(&prev_findings),
                    failures_in_row: failures,
                    previous_failures: prev.as_ref().map_or(0, |p| p.2),
                    // Only targets that may alert need their page's address.
                    alert_state: super::outbox::read_state(tx, &key, &t.tenant_id)?,
                    owners: if changed || t.status != Severity::Ok { app_owners(tx, t)? } else { Vec::new() },
                    path: if changed || t.status == Severity::Unknown { page_path(tx, t)? } else { None },
                    fix_closed: t.fix_closed.clone(),
                });
                if changed {
                    tx.prepare_cached(
                        "INSERT INTO status_history (target_key, status, previous_status, findings, changed_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    )?
                    .execute(
                        params![key, t.status.as_str(), prev_status.map(|s| s.as_str()), findings_json, report.checked_at.to_rfc3339()],
                    )?;
                    changes.push(HistoryEntry {
                        target_key: key,
                        status: t.status,
                        previous_status: prev_status,
                        findings: t.findings.clone(),
                        changed_at: report.checked_at,
                    });
                }
            }
            // The alerts go to the outbox in the same transaction as the changes that cause them.
            let outcome = alerts(&targets);
            super::outbox::enqueue(tx, &outcome.messages, report.checked_at)?;
            super::outbox::write_states(tx, &outcome.updates)?;
            tx.execute(
                "INSERT INTO cycles (started_at, finished_at, status, targets, http_calls, scope) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![report.checked_at.to_rfc3339(), finished_at.to_rfc3339(), report.status.as_str(), report.targets.len() as i64, http_calls as i64, scope],
            )?;
            Ok(changes)
        })
    }

    /// Deletes history from before `before`: cycles, status changes that a later change of the
    /// same target superseded, and alerts delivered or given up on. Returns the rows deleted.
    pub fn prune(&self, before: DateTime<Utc>) -> Result<usize, StoreError> {
        let at = before.to_rfc3339();
        self.write(|tx| {
            let mut n = tx.execute("DELETE FROM cycles WHERE finished_at < ?1", [&at])?;
            n += tx.execute(
                "DELETE FROM status_history WHERE changed_at < ?1 AND id NOT IN
                   (SELECT max(id) FROM status_history GROUP BY target_key)",
                [&at],
            )?;
            n += tx.execute(
                "DELETE FROM outbox WHERE state IN ('sent', 'dead') AND created_at < ?1",
                [&at],
            )?;
            Ok(n)
        })
    }

    /// The stored state of one target.
    pub fn target_state(&self, target_key: &str) -> Result<Option<TargetState>, StoreError> {
        let conn = self.read()?;
        let row = conn
            .query_row(
                "SELECT target_key, status, findings, checked_at, failures_in_row, last_known_status FROM target_state WHERE target_key = ?1",
                [target_key],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, u32>(4)?, r.get::<_, Option<String>>(5)?)),
            )
            .optional()?;
        Ok(row.map(
            |(target_key, status, findings, at, failures_in_row, last)| TargetState {
                target_key,
                status: Severity::parse(&status).unwrap_or(Severity::Unknown),
                findings: serde_json::from_str(&findings).unwrap_or_default(),
                checked_at: parse_time(&at),
                failures_in_row,
                last_known_status: last.as_deref().and_then(Severity::parse),
            },
        ))
    }

    /// Status changes of one target, newest first.
    pub fn history(&self, target_key: &str, limit: usize) -> Result<Vec<HistoryEntry>, StoreError> {
        let conn = self.read()?;
        let mut stmt = conn.prepare(
            "SELECT target_key, status, previous_status, findings, changed_at FROM status_history
             WHERE target_key = ?1 ORDER BY changed_at DESC, id DESC LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(params![target_key, limit as i64], history_row)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// How many cycles have been recorded.
    pub fn cycle_count(&self) -> Result<u64, StoreError> {
        Ok(self
            .read()?
            .query_row("SELECT count(*) FROM cycles WHERE scope = 'all'", [], |r| {
                r.get::<_, i64>(0)
            })? as u64)
    }

    /// When the last cycle finished, if any has.
    pub fn last_cycle_finished(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let at: Option<String> = self.read()?.query_row(
            "SELECT max(finished_at) FROM cycles WHERE scope = 'all'",
            [],
            |r| r.get(0),
        )?;
        Ok(at.as_deref().map(parse_time))
    }
}

/// A status change from `SELECT target_key, status, previous_status, findings, changed_at`.
pub(super) fn history_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<HistoryEntry> {
    Ok(HistoryEntry {
        target_key: r.get(0)?,
        status: Severity::parse(&r.get::<_, String>(1)?).unwrap_or(Severity::Unknown),
        previous_status: r
            .get::<_, Option<String>>(2)?
            .as_deref()
            .and_then(Severity::parse),
        findings: serde_json::from_str(&r.get::<_, String>(3)?).unwrap_or_default(),
        changed_at: parse_time(&r.get::<_, String>(4)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Source, TargetKind, TargetResult};
    use crate::vault::Vault;

    fn report(at: DateTime<Utc>, findings: Vec<Finding>) -> CycleReport {
        let t = TargetResult {
            kind: TargetKind::App,
            tenant_id: "t".into(),
            client_id: "c".into(),
            address: None,
            name: "App".into(),
            status: crate::model::status_of(&findings),
            findings,
            fix_closed: None,
        };
        CycleReport {
            checked_at: at,
            status: t.status,
            targets: vec![t],
        }
    }

    #[test]
    fn prune_keeps_recent_history_and_each_targets_latest_change() {
        let store = Store::open_in_memory(Vault::from_key(&[1; 32])).unwrap();
        let year_ago = Utc::now() - chrono::Duration::days(365);
        let revoked = || vec![Finding::new(FindingCode::LinkRevoked, Source::Link, "x")];
        // A year ago: broken, then fixed (two changes); yesterday: broken again.
        for (days, findings) in [(0, revoked()), (1, vec![]), (364, revoked())] {
            let at = year_ago + chrono::Duration::days(days);
            store
                .record_cycle(
                    &report(at, findings),
                    "all",
                    &Default::default(),
                    at,
                    1,
                    &|_| Default::default(),
                )
                .unwrap();
        }
        let key = report(year_ago, vec![]).targets[0].key();
        assert_eq!(store.history(&key, 10).unwrap().len(), 3);
        let pruned = store
            .prune(Utc::now() - chrono::Duration::days(30))
            .unwrap();
        assert_eq!(pruned, 2 + 2, "two old cycles and two superseded changes");
        let left = store.history(&key, 10).unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!(
            left[0].status,
            Severity::Critical,
            "the latest change stays"
        );
        // An old change that is still the latest is kept: the target has been like this since.
        store.prune(Utc::now() + chrono::Duration::days(1)).unwrap();
        assert_eq!(store.history(&key, 10).unwrap().len(), 1);
    }

    #[test]
    fn history_on_change_only_and_failure_counting() {
        let store = Store::open_in_memory(Vault::from_key(&[1; 32])).unwrap();
        let t0 = Utc::now();
        let failed = || {
            vec![Finding::new(
                FindingCode::ProbeFailed,
                Source::AppToken,
                "timeout",
            )]
        };
        store
            .record_cycle(
                &report(t0, vec![]),
                "all",
                &Default::default(),
                t0,
                1,
                &|_| Default::default(),
            )
            .unwrap();
        assert!(
            store
                .record_cycle(
                    &report(t0, vec![]),
                    "all",
                    &Default::default(),
                    t0,
                    1,
                    &|_| Default::default()
                )
                .unwrap()
                .is_empty(),
            "no change, no history"
        );
        let ch = store
            .record_cycle(
                &report(t0, failed()),
                "all",
                &Default::default(),
                t0,
                1,
                &|_| Default::default(),
            )
            .unwrap();
        assert_eq!(ch[0].previous_status, Some(Severity::Ok));
        store
            .record_cycle(
                &report(t0, failed()),
                "all",
                &Default::default(),
                t0,
                1,
                &|_| Default::default(),
            )
            .unwrap();
        let st = store.target_state("app:t/c").unwrap().unwrap();
        assert_eq!(st.failures_in_row, 2);
        assert_eq!(st.status, Severity::Unknown);
        assert_eq!(
            st.last_known_status,
            Some(Severity::Ok),
            "last known status kept beside unknown"
        );
        assert_eq!(store.history("app:t/c", 10).unwrap().len(), 2);
        store
            .record_cycle(
                &report(t0, vec![]),
                "all",
                &Default::default(),
                t0,
                1,
                &|_| Default::default(),
            )
            .unwrap();
        assert_eq!(
            store
                .target_state("app:t/c")
                .unwrap()
                .unwrap()
                .failures_in_row,
            0
        );
    }
}
