//! Gathering signal 4 for one tenant in a cycle: read its sign-in log since the watermark
//! (first read 7 days back, later reads 15 minutes before the last record seen), leave out
//! linkwatch's own sign-ins, store the rest with the credential activity report, and hand the
//! checks what the store now knows. Once per tenant per cycle, for all its watched apps.

use super::Checker;
use crate::activity::{SignalState, TenantActivity};
use crate::graph::budget::Deadline;
use crate::graph::signins::ReportError;
use crate::observed::signins::SignIn;
use crate::targets::{Secret, TenantSpec};
use chrono::{DateTime, Duration, Utc};

/// How far the first read looks back (the shortest retention, Entra ID Free: 7 days).
pub const FIRST_LOOK_BACK_DAYS: i64 = 7;
/// Later reads start this long before the newest record seen: records arrive late.
pub const OVERLAP_MINUTES: i64 = 15;
/// A scheduled cycle does not repeat a read that any process sharing the database made this
/// recently (the reporting API's window is 10 s; a 429 beyond it is waited out anyway). A
/// check asked for by a person always reads.
const SHARED_READ_SECS: i64 = 10;

/// Whether a sign-in record is linkwatch's own: its `client-request-id` carries linkwatch's
/// tag, or its `User-Agent` is linkwatch's.
pub fn is_own(r: &SignIn, tag: &crate::graph::tag::RequestTag) -> bool {
    r.correlation_id.as_deref().is_some_and(|c| tag.is_ours(c))
        || r.user_agent
            .as_deref()
            .is_some_and(|a| a.starts_with("linkwatch/"))
}

impl Checker {
    /// Reads and records the tenant's sign-ins, and returns what is known of signal 4.
    pub(super) async fn consumer_signal(
        &self,
        t: &TenantSpec,
        monitor: Option<&Result<Secret, String>>,
        scheduled: bool,
        now: DateTime<Utc>,
    ) -> TenantActivity {
        let Some(monitor) = monitor else {
            return TenantActivity::unavailable(SignalState::NotConfigured);
        };
        if let Err(why) = self.read_sign_ins(t, monitor, scheduled, now).await {
            tracing::warn!(tenant = %t.tenant_id, error = %why, "the sign-in log could not be read");
        }
        let id = t.id;
        match self
            .store
            .run_blocking(move |s| s.tenant_activity(id))
            .await
        {
            Ok(a) => a,
            Err(e) => TenantActivity::unavailable(SignalState::Failed(e.to_string())),
        }
    }

    async fn read_sign_ins(
        &self,
        t: &TenantSpec,
        monitor: &Result<Secret, String>,
        scheduled: bool,
        now: DateTime<Utc>,
    ) -> Result<(), String> {
        let tenant_ref = t.id;
        let record_problem = |state: SignalState| async move {
            let s = state.clone();
            self.store
                .run_blocking(move |st| st.record_sign_in_problem(tenant_ref, &s, now))
                .await
                .map_err(|e| e.to_string())
        };
        let token = match monitor {
            Ok(tok) => tok,
            Err(e) => {
                record_problem(SignalState::Failed(e.clone())).await?;
                return Err(e.clone());
            }
        };
        let apps: Vec<String> = t
            .apps
            .iter()
            .map(|a| a.client_id.to_ascii_lowercase())
            .collect();
        if apps.is_empty() {
            return Ok(());
        }
        let mark = self
            .store
            .run_blocking(move |s| s.sign_in_watermark(tenant_ref))
            .await
            .map_err(|e| e.to_string())?;
        if scheduled
            && mark
                .as_ref()
                .is_some_and(|m| m.read_at > now - Duration::seconds(SHARED_READ_SECS))
        {
            // Another process sharing the database read it a moment ago (the reporting API
            // allows 5 requests per 10 s per app and tenant, for all of them together).
            return Ok(());
        }
        let oldest = now - Duration::days(FIRST_LOOK_BACK_DAYS);
        let since = mark
            .and_then(|m| m.read_through)
            .map(|t| t - Duration::minutes(OVERLAP_MINUTES))
            .unwrap_or(oldest)
            .max(oldest);
        // A read of the whole tenant's log may take a few requests: three targets' budgets.
        let dl = Deadline::start(self.target_budget * 3);
        let tag = self.graph.tag().clone();
        let theirs = move |r: &SignIn| !is_own(r, &tag);
        let read = dl
            .run(
                self.graph
                    .sign_ins(&t.tenant_id, token, &apps, since, &theirs),
            )
            .await
            .map_err(ReportError::from)
            .and_then(|r| r);
        let read = match read {
            Ok(r) => r,
            Err(e) => {
                let state = match &e {
                    ReportError::NoPremium => SignalState::NoPremium,
                    ReportError::Denied(d) => SignalState::Denied(d.clone()),
                    ReportError::Graph(g) => SignalState::Failed(g.to_string()),
                };
                record_problem(state).await?;
                return Err(e.to_string());
            }
        };
        // The credential report is extra: without it the sign-ins still count.
        let uses = match dl
            .run(self.graph.credential_uses(&t.tenant_id, token, &apps))
            .await
        {
            Ok(Ok(u)) => u,
            Ok(Err(e)) => {
                tracing::debug!(tenant = %t.tenant_id, error = %e, "credential activity report not read");
                Vec::new()
            }
            Err(e) => {
                tracing::debug!(tenant = %t.tenant_id, error = %e, "credential activity report not read");
                Vec::new()
            }
        };
        let (complete, unreadable, span) = (read.complete, read.unreadable, read.span);
        let theirs = read.records;
        self.store
            .run_blocking(move |s| {
                let read = crate::store::SignInsRead {
                    since,
                    records: &theirs,
                    span,
                    complete,
                    unreadable,
                };
                s.record_sign_ins(tenant_ref, &read, &uses, now)
            })
            .await
            .map_err(|e| e.to_string())
    }
}
