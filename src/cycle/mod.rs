//! One check cycle: for every tenant, app registration and mailbox, gather what the identity
//! platform and Graph say, evaluate the checks, and record the results in one transaction.

mod gather;
pub mod interpret;
mod signins;

use interpret::{
    account_of, app_level_break, app_snapshot, directory_token, failure, granted_to,
    mailbox_scopes, mailbox_snapshot, required_scopes,
};
pub use signins::is_own;

use crate::activity::{SignalState, TenantActivity};
use crate::checks::{
    self, evaluate_app, evaluate_mailbox, AppObservation, Directory, LinkProbe, MailboxObservation,
    Policy,
};
use crate::graph::budget::Deadline;
use crate::graph::{GraphClient, GraphError};
use crate::model::{status_of, CycleReport, Severity, TargetKind, TargetResult};
use crate::observed::{Grant, User};
use crate::store::{HistoryEntry, Snapshots, Store, StoreError};
use crate::targets::{AppSpec, MailboxSpec, Secret, TenantSpec};
use chrono::{DateTime, Utc};
use futures_util::future::join_all;
use rand::Rng;
use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// What a cycle needs.
#[derive(Clone)]
pub struct Checker {
    /// The store.
    pub store: Store,
    /// The client.
    pub graph: GraphClient,
    /// Thresholds.
    pub policy: Policy,
    /// Largest random delay before each target (scheduled cycles only).
    pub jitter: Duration,
    /// Who hears about what.
    pub alerting: std::sync::Arc<crate::alerts::AlertPolicy>,
    /// Days of history kept (`[storage] keep_days`; 0: everything); a full cycle prunes what
    /// is older.
    pub keep_days: u32,
    /// Time each target's calls and waits may take (`[checks] target_budget_secs`); past it the
    /// target is `probe_failed` for this cycle. Zero: no budget.
    pub target_budget: Duration,
    /// Pinged after each full cycle (`[alerts] heartbeat_url`).
    pub heartbeat: Option<crate::alerts::heartbeat::Heartbeat>,
}

/// The outcome of a cycle.
#[derive(Debug)]
pub struct CycleOutcome {
    /// What was found, in the JSON contract's shape.
    pub report: CycleReport,
    /// Status changes recorded.
    pub changes: Vec<HistoryEntry>,
    /// HTTP requests made.
    pub http_calls: u64,
    /// How long it took.
    pub elapsed: Duration,
}

/// What the directory told about one tenant's app: grants and accounts.
struct DirectoryView {
    grants: Directory<Vec<Grant>>,
    users: Directory<HashMap<String, Result<User, checks::Failure>>>,
}

/// Which targets a cycle checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everything.
    All,
    /// One app registration and its mailboxes.
    App(i64),
    /// One mailbox (and its app registration, whose state it depends on).
    Mailbox(i64),
}

impl Scope {
    /// `all`, `app:ID` or `mailbox:ID`, as recorded with the cycle.
    pub fn label(self) -> String {
        match self {
            Scope::All => "all".into(),
            Scope::App(id) => crate::key::RowRef::App(id).to_string(),
            Scope::Mailbox(id) => crate::key::RowRef::Mailbox(id).to_string(),
        }
    }
}

/// Results and snapshots of part of a cycle.
#[derive(Default)]
struct Gathered {
    results: Vec<TargetResult>,
    snapshots: Snapshots,
    /// Fixes the application's sign-ins closed, and closed fixes whose closing was noted.
    fixes_closed: Vec<(&'static str, i64, DateTime<Utc>)>,
    fixes_noted: Vec<(&'static str, i64)>,
}

impl Gathered {
    fn extend(&mut self, other: Gathered) {
        self.results.extend(other.results);
        self.snapshots.apps.extend(other.snapshots.apps);
        self.snapshots.mailboxes.extend(other.snapshots.mailboxes);
        self.fixes_closed.extend(other.fixes_closed);
        self.fixes_noted.extend(other.fixes_noted);
    }
}

/// Fixes made in linkwatch the applications may still have to get, by (target, row id).
type Fixes = HashMap<(&'static str, i64), crate::activity::Fix>;

/// What the checks of one tenant's targets share besides the directory: signal 4 and the
/// open fixes.
#[derive(Clone, Copy)]
struct Shared<'a> {
    activity: &'a TenantActivity,
    fixes: &'a Fixes,
    now: DateTime<Utc>,
    /// Mailbox checks under way at once, all tenants together (see [`LIVE_PER_REQUEST`]).
    live: &'a tokio::sync::Semaphore,
}

/// Mailbox checks under way at once per request slot of `[checks] concurrency`. A check that
/// has not started holds a permit-wait and nothing else, so 10,000 mailboxes do not keep
/// 10,000 requests' state in memory while 16 of them are on the wire.
const LIVE_PER_REQUEST: usize = 8;

/// Applies the outcome of a target's fix (if it has one) to its findings and the cycle.
fn apply_fix(
    shared: Shared<'_>,
    target: (&'static str, i64),
    who: (&str, Option<&str>, Option<&str>),
    (app_name, todo): (&str, String),
    findings: &mut Vec<crate::model::Finding>,
    out: &mut Gathered,
) -> Option<crate::model::FixClosed> {
    let fix = shared.fixes.get(&target)?;
    match checks::consumer::fix_outcome(fix, shared.activity, who, app_name, &todo) {
        checks::consumer::FixOutcome::Open(f) => {
            findings.push(f);
            None
        }
        checks::consumer::FixOutcome::ClosedBySignIns(at) => {
            out.fixes_closed.push((target.0, target.1, at));
            Some(crate::model::FixClosed {
                confirmed_by: None,
                at,
            })
        }
        checks::consumer::FixOutcome::Closed(c) => {
            out.fixes_noted.push(target);
            Some(c)
        }
    }
}

impl Checker {
    /// Runs one full cycle and records it, then pings the heartbeat.
    pub async fn run_cycle(&self) -> Result<CycleOutcome, StoreError> {
        let out = self.run(Scope::All).await;
        if let Some(hb) = &self.heartbeat {
            hb.report(&self.store, &out).await;
        }
        out
    }

    /// Runs a cycle over `scope` and records it.
    pub async fn run(&self, scope: Scope) -> Result<CycleOutcome, StoreError> {
        let started = std::time::Instant::now();
        let checked_at = Utc::now();
        let calls_before = self.graph.transport().stats().calls.load(Ordering::Relaxed);
        if scope == Scope::All {
            self.sync_all_apps().await;
        }
        let mut tenants = self.store.run_blocking(|s| s.load_tenants()).await?;
        let alerting = self.alerting.clone();
        let want_owners = alerting.wants_owners();
        narrow(&mut tenants, scope);
        let fixes: Fixes = self
            .store
            .run_blocking(|s| s.fixes_for_cycle())
            .await?
            .into_iter()
            .map(|f| ((f.target, f.target_ref), f))
            .collect();
        let live = tokio::sync::Semaphore::new(
            self.graph.transport().concurrency().max(1) * LIVE_PER_REQUEST,
        );
        let futures: Vec<_> = tenants
            .iter()
            .map(|t| self.check_tenant(t, scope, (&fixes, &live), checked_at, want_owners))
            .collect();
        let mut all = Gathered::default();
        for g in join_all(futures).await {
            all.extend(g);
        }
        let (closed, noted) = (
            std::mem::take(&mut all.fixes_closed),
            std::mem::take(&mut all.fixes_noted),
        );
        self.store
            .run_blocking(move |s| s.settle_fixes(&closed, &noted, Utc::now()))
            .await?;
        let targets = all.results;
        let report = CycleReport {
            checked_at,
            status: Severity::worst(targets.iter().map(|t| t.status)),
            targets,
        };
        let http_calls =
            self.graph.transport().stats().calls.load(Ordering::Relaxed) - calls_before;
        // The commit is long at 10,000 mailboxes: it runs on the blocking pool, never on an
        // async worker that serves pages.
        let label = scope.label();
        let snapshots = all.snapshots;
        let (report, changes) = self
            .store
            .run_blocking(move |s| {
                let changes = s.record_cycle(
                    &report,
                    &label,
                    &snapshots,
                    Utc::now(),
                    http_calls,
                    &|changes| crate::alerts::plan_outbox(&alerting, changes, checked_at),
                )?;
                Ok((report, changes))
            })
            .await?;
        // The cycle's replies and results are recorded: hand their memory back.
        crate::memory::give_back();
        if scope == Scope::All && self.keep_days > 0 {
            let before = checked_at - chrono::Duration::days(self.keep_days.into());
            let pruned = self.store.run_blocking(move |s| s.prune(before)).await?;
            if pruned > 0 {
                tracing::info!(
                    rows = pruned,
                    keep_days = self.keep_days,
                    "old history pruned"
                );
            }
        }
        Ok(CycleOutcome {
            report,
            changes,
            http_calls,
            elapsed: started.elapsed(),
        })
    }

    async fn jitter(&self) {
        if !self.jitter.is_zero() {
            let ms = rand::thread_rng().gen_range(0..=self.jitter.as_millis() as u64);
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
    }

    async fn check_tenant(
        &self,
        t: &TenantSpec,
        scope: Scope,
        (fixes, live): (&Fixes, &tokio::sync::Semaphore),
        now: DateTime<Utc>,
        want_owners: bool,
    ) -> Gathered {
        let monitor_token = match &t.monitor {
            Some((id, secret)) => Some(
                Deadline::start(self.target_budget)
                    .call(self.graph.app_token(&t.tenant_id, id, secret))
                    .await
                    .map_err(|e| format!("the monitor credential could not get a token: {e}")),
            ),
            None => None,
        };
        // With a monitor credential one listing serves every app registration of the tenant.
        // It is shared by all of them and paged, so it gets three targets' budgets.
        let tenant_grants = match &monitor_token {
            Some(Ok(tok)) => Some(
                Deadline::start(self.target_budget * 3)
                    .call(self.graph.tenant_grants(&t.tenant_id, tok))
                    .await,
            ),
            _ => None,
        };
        // Signal 4: the applications' own sign-ins, read once for the whole tenant.
        let activity = self
            .consumer_signal(t, monitor_token.as_ref(), scope == Scope::All, now)
            .await;
        let futures: Vec<_> = t
            .apps
            .iter()
            .map(|a| {
                self.check_app(
                    t,
                    a,
                    monitor_token.as_ref(),
                    tenant_grants.as_ref(),
                    Shared {
                        activity: &activity,
                        fixes,
                        now,
                        live,
                    },
                    want_owners,
                )
            })
            .collect();
        let mut all = Gathered::default();
        for g in join_all(futures).await {
            all.extend(g);
        }
        all
    }

    async fn check_app(
        &self,
        t: &TenantSpec,
        a: &AppSpec,
        monitor: Option<&Result<Secret, String>>,
        tenant_grants: Option<&Result<Vec<Grant>, GraphError>>,
        shared: Shared<'_>,
        want_owners: bool,
    ) -> Gathered {
        let (activity, now) = (shared.activity, shared.now);
        self.jitter().await;
        // The app registration's own calls share one budget; each mailbox has its own.
        let dl = Deadline::start(self.target_budget);
        let tenant = t.tenant_id.as_str();
        let own_token = match &a.client_secret {
            Some(secret) => Some(
                dl.call(self.graph.app_token(tenant, &a.client_id, secret))
                    .await,
            ),
            None => None,
        };
        let dir_token = directory_token(monitor, own_token.as_ref());
        let dir_token_for_owners = dir_token.clone();
        let (application, view) = self
            .read_directory(tenant, a, dir_token, monitor.is_some(), tenant_grants, &dl)
            .await;
        let mut denied_reads = Vec::new();
        if let Directory::Denied(why) = &view.grants {
            denied_reads.push(format!("delegated grants ({why})"));
        }
        if let Directory::Denied(why) = &view.users {
            denied_reads.push(format!("accounts ({why})"));
        }
        let obs = AppObservation {
            secret_hint: a.client_secret.as_ref().map(Secret::hint),
            manual_expiry: a.secret_expires,
            required_scopes: required_scopes(a),
            token: match &own_token {
                Some(Err(e)) => Err(failure(e)),
                _ => Ok(()),
            },
            directory: application,
            monitor_configured: monitor.is_some(),
            denied_reads,
            consumer_key: activity.key_in_use(&a.client_id).map(|(k, _)| k),
        };
        let mut findings = evaluate_app(&obs, &self.policy, now);
        let object_ids: Vec<String> = a.mailboxes.iter().map(|m| m.object_id.clone()).collect();
        findings.extend(checks::consumer::app(
            activity,
            &a.client_id,
            &object_ids,
            &a.name,
        ));
        let mut out = Gathered::default();
        let settings =
            crate::explain::consumer_settings(a.consumer.kind, &a.name, crate::explain::Lang::En);
        // The secret linkwatch holds, as the directory names it: the one the application must
        // sign in with after a rotation.
        let new_key = match &obs.directory {
            Directory::Read(app) => {
                checks::secret_in_use(app, obs.secret_hint.as_deref()).map(|c| c.key_id.clone())
            }
            _ => None,
        };
        let fix_closed = apply_fix(
            shared,
            ("app", a.id),
            (&a.client_id, None, new_key.as_deref()),
            (
                &a.name,
                format!("paste the new secret's value in {settings}"),
            ),
            &mut findings,
            &mut out,
        );
        let findings = checks::dedupe(findings);
        let mut app_snapshot = app_snapshot(a, &obs.directory, now);
        // Owners are read only when a channel writes to them.
        if let (true, Directory::Read(_), Ok(tok)) =
            (want_owners, &obs.directory, &dir_token_for_owners)
        {
            app_snapshot.owners = dl
                .call(self.graph.owners(tenant, tok, &a.client_id))
                .await
                .unwrap_or_default();
        }
        let app_result = TargetResult {
            kind: TargetKind::App,
            tenant_id: t.tenant_id.clone(),
            client_id: a.client_id.clone(),
            address: None,
            name: a.name.clone(),
            status: status_of(&findings),
            findings,
            fix_closed,
        };
        let app_key = app_result.key();
        let broken = app_level_break(&app_result.findings, &app_key);
        let (view, app_key) = (&view, app_key.as_str());
        let futures: Vec<_> = a
            .mailboxes
            .iter()
            .map(|m| {
                let broken = broken.clone();
                async move {
                    // Waiting costs a few bytes; the check's own state is allocated (boxed)
                    // only once it may run. The jitter is waited out before, not on a permit.
                    self.jitter().await;
                    let _permit = shared.live.acquire().await;
                    Box::pin(self.check_mailbox(t, a, m, view, broken, (shared, app_key))).await
                }
            })
            .collect();
        out.results.push(app_result);
        out.snapshots.apps.push(app_snapshot);
        for g in join_all(futures).await {
            out.extend(g);
        }
        out
    }

    async fn check_mailbox(
        &self,
        t: &TenantSpec,
        a: &AppSpec,
        m: &MailboxSpec,
        view: &DirectoryView,
        app_broken: Option<(crate::model::Finding, String)>,
        (shared, app_key): (Shared<'_>, &str),
    ) -> Gathered {
        let (activity, now) = (shared.activity, shared.now);
        let required = mailbox_scopes(a, m);
        let link = if app_broken.is_some() {
            LinkProbe::Skipped
        } else {
            let dl = Deadline::start(self.target_budget);
            self.probe_link(&t.tenant_id, a, m, &required, now, &dl)
                .await
        };
        let account = account_of(&view.users, &m.object_id);
        let granted = granted_to(&view.grants, &m.object_id);
        let obs = MailboxObservation {
            object_id: m.object_id.clone(),
            required_scopes: required,
            app_broken,
            link,
            account,
            granted,
        };
        let mut findings = evaluate_mailbox(&obs, &self.policy, now);
        // With signal 4, a mailbox without a link of linkwatch's own is watched through the
        // application's sign-ins: it is not "not linked".
        if activity.state == SignalState::Available {
            findings.retain(|f| f.code != crate::model::FindingCode::NotLinked);
        }
        findings.extend(checks::consumer::mailbox(
            activity,
            &a.client_id,
            &m.object_id,
            &a.name,
            app_key,
            &self.policy,
            now,
        ));
        let mut out = Gathered::default();
        let settings =
            crate::explain::consumer_settings(a.consumer.kind, &a.name, crate::explain::Lang::En);
        let fix_closed = apply_fix(
            shared,
            ("mailbox", m.id),
            (&a.client_id, Some(&m.object_id), None),
            (
                &a.name,
                format!("connect {} again in {settings}", m.address),
            ),
            &mut findings,
            &mut out,
        );
        let findings = checks::dedupe(findings);
        let snapshot = mailbox_snapshot(m.id, &obs.granted, &obs.account);
        let result = TargetResult {
            kind: TargetKind::Mailbox,
            tenant_id: t.tenant_id.clone(),
            client_id: a.client_id.clone(),
            address: Some(m.address.clone()),
            name: m.address.clone(),
            status: status_of(&findings),
            findings,
            fix_closed,
        };
        out.results.push(result);
        out.snapshots.mailboxes.push(snapshot);
        out
    }
}

/// Keeps only the targets of `scope`.
fn narrow(tenants: &mut Vec<TenantSpec>, scope: Scope) {
    match scope {
        Scope::All => {}
        Scope::App(id) => {
            for t in tenants.iter_mut() {
                t.apps.retain(|a| a.id == id);
            }
        }
        Scope::Mailbox(id) => {
            for t in tenants.iter_mut() {
                t.apps.retain(|a| a.mailboxes.iter().any(|m| m.id == id));
                for a in &mut t.apps {
                    a.mailboxes.retain(|m| m.id == id);
                }
            }
        }
    }
    tenants.retain(|t| !t.apps.is_empty() || scope == Scope::All);
}
