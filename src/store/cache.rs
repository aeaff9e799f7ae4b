//! The overview's read model, kept in memory: every target worst first, the counts, the
//! tenants, the last cycle and the expiries. Built from the database once and rebuilt only when
//! the database changed (a write here, or a commit by another process sharing the file) or after
//! [`MAX_AGE`], so that a dashboard under load filters and pages in memory instead of scanning
//! every target per request.

use super::views::{CycleSummary, OverviewFilter, StatusCounts, TargetRow, TenantDetail};
use super::{CredentialView, Store, StoreError};
use crate::model::Severity;
use chrono::{Duration, Utc};
use std::sync::Arc;
use std::time::Instant;

/// How long a read model is trusted without a change: expiries and "within 90 days" move with
/// the clock, not with the database.
const MAX_AGE: std::time::Duration = std::time::Duration::from_secs(30);

/// What the overview reads, as of one moment.
#[derive(Debug)]
pub struct OverviewData {
    /// Every target, worst first (critical, unknown, warning, never checked, ok), then apps
    /// before mailboxes, then by name.
    pub rows: Vec<TargetRow>,
    /// Lower-case name and app name of each row, for search.
    lower: Vec<(String, String)>,
    /// Counts per status.
    pub counts: StatusCounts,
    /// All tenants by name.
    pub tenants: Vec<TenantDetail>,
    /// The last full cycle.
    pub last_cycle: Option<CycleSummary>,
    /// Credentials expiring within 90 days: (app id, app name, tenant, credential).
    pub expiring: Vec<(i64, String, String, CredentialView)>,
    /// The targets with a problem grouped by root cause, worst and widest first.
    pub incidents: Vec<crate::incidents::Incident>,
    /// Per app registration (row id): its mailboxes, and how many have a problem.
    pub mailboxes: std::collections::HashMap<i64, (usize, usize)>,
    /// Mail apps discovery found since each tenant's baseline, not watched or dismissed.
    pub new_apps: Vec<super::NewMailApp>,
}

/// The cached read model and the database state it was built from.
#[derive(Default)]
pub(super) struct ViewCache {
    built: Option<(Stamp, Instant, Arc<OverviewData>)>,
    /// A rebuild is under way: others serve the previous model meanwhile.
    rebuilding: bool,
}

/// `PRAGMA data_version` (moves on other connections' commits) and the connection's own
/// change count (moves on ours).
type Stamp = (i64, u64);

fn rank(s: Option<Severity>) -> u8 {
    match s {
        Some(Severity::Critical) => 0,
        Some(Severity::Unknown) => 1,
        Some(Severity::Warning) => 2,
        None => 3,
        Some(Severity::Ok) => 4,
    }
}

impl OverviewData {
    fn build(store: &Store) -> Result<OverviewData, StoreError> {
        let mut rows = store.all_targets()?;
        rows.sort_by(|a, b| {
            (rank(a.status), &a.kind, &a.name).cmp(&(rank(b.status), &b.kind, &b.name))
        });
        let mut counts = StatusCounts::default();
        for r in &rows {
            *match r.status {
                Some(Severity::Ok) => &mut counts.ok,
                Some(Severity::Warning) => &mut counts.warning,
                Some(Severity::Critical) => &mut counts.critical,
                Some(Severity::Unknown) => &mut counts.unknown,
                None => &mut counts.pending,
            } += 1;
        }
        let mailboxes = crate::incidents::mailbox_counts(&rows);
        let incidents = crate::incidents::incidents(&rows, &mailboxes);
        Ok(OverviewData {
            lower: rows
                .iter()
                .map(|r| (r.name.to_lowercase(), r.app_name.to_lowercase()))
                .collect(),
            rows,
            counts,
            tenants: store.tenants()?,
            last_cycle: store.last_cycle()?,
            expiring: store.expiring_credentials(Utc::now() + Duration::days(90))?,
            incidents,
            mailboxes,
            new_apps: store.new_mail_apps()?,
        })
    }

    /// One page of the rows matching `f`, and how many match in all.
    pub fn page(&self, f: &OverviewFilter, limit: usize, offset: usize) -> (Vec<TargetRow>, u64) {
        let q =
            f.q.as_deref()
                .map(|q| q.trim().to_lowercase())
                .filter(|q| !q.is_empty());
        let code = f.code.as_deref().filter(|c| !c.is_empty());
        let mut total = 0u64;
        let mut page = Vec::new();
        for (r, (name, app)) in self.rows.iter().zip(&self.lower) {
            let hit = q
                .as_deref()
                .is_none_or(|q| name.contains(q) || app.contains(q))
                && f.tenant.is_none_or(|t| r.tenant_ref == t)
                && f.status.is_none_or(|s| r.status == Some(s))
                && code.is_none_or(|c| r.findings.iter().any(|x| x.code.as_str() == c));
            if hit {
                if total as usize >= offset && page.len() < limit {
                    page.push(r.clone());
                }
                total += 1;
            }
        }
        (page, total)
    }
}

impl Store {
    /// The overview's read model: cached, rebuilt when the database changed or after 30 s.
    /// One caller rebuilds (without holding the lock); the others are served the previous
    /// model meanwhile, so commits in quick succession never queue every request behind a
    /// rebuild of its own. Only the very first build is waited for.
    pub fn overview_data(&self) -> Result<Arc<OverviewData>, StoreError> {
        let stamp = self.stamp()?;
        {
            let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            match &cache.built {
                Some((s, at, data)) if *s == stamp && at.elapsed() < MAX_AGE => {
                    return Ok(data.clone());
                }
                Some((_, _, data)) if cache.rebuilding => return Ok(data.clone()),
                _ => {}
            }
            if cache.built.is_some() {
                cache.rebuilding = true;
            }
        }
        let built = OverviewData::build(self);
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.rebuilding = false;
        let data = Arc::new(built?);
        let newer = cache
            .built
            .as_ref()
            .is_some_and(|(s, _, _)| s.0 > stamp.0 || (s.0 == stamp.0 && s.1 > stamp.1));
        if !newer {
            cache.built = Some((stamp, Instant::now(), data.clone()));
        }
        Ok(data)
    }

    fn stamp(&self) -> Result<Stamp, StoreError> {
        self.commit_stamp()
    }

    /// The read model when it is current, without rebuilding it: one `PRAGMA data_version`
    /// (read from the WAL's shared memory, no disk I/O, as the session cache does), so a page
    /// served from memory needs no hop to the blocking pool. `None`: the model must be rebuilt
    /// ([`Store::overview_data`], on the blocking pool).
    pub fn overview_data_if_current(&self) -> Option<Arc<OverviewData>> {
        let stamp = self.commit_stamp().ok()?;
        let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        match &cache.built {
            Some((s, at, data)) if *s == stamp && at.elapsed() < MAX_AGE => Some(data.clone()),
            _ => None,
        }
    }
}
