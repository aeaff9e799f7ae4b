//! Reading the consuming applications' own sign-ins (signal 4): the beta sign-in log, one
//! filtered query per tenant per cycle for all its watched apps (non-interactive user and
//! service-principal sign-ins since a time), paged, and the credential activity report. The
//! reporting API allows 5 requests per 10 s per app per tenant: requests are paced to stay
//! within it. A tenant without a premium licence answers 403
//! `Authentication_RequestFromNonPremiumTenantOrB2CTenant`: that is [`ReportError::NoPremium`],
//! not a failure.

use super::error::GraphError;
use super::GraphClient;
use crate::observed::signins::{
    read_credential_uses, read_sign_in_page, CredentialUse, Folded, SignIn,
};
use crate::targets::Secret;
use chrono::{DateTime, SecondsFormat, Utc};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Pages read at most per read (1,000 records each).
pub const MAX_PAGES: usize = 100;
/// Apps per query (the filter's length stays well under Graph's URL limit).
const APPS_PER_QUERY: usize = 15;
/// The fields read of each sign-in record (a record has about 80; Microsoft advises `$select`).
pub const SIGN_IN_FIELDS: &str = "id,createdDateTime,appId,userId,userPrincipalName,status,signInEventTypes,servicePrincipalCredentialKeyId,correlationId,userAgent";

/// Requests per window per tenant, and the window (Microsoft: 5 per 10 s per app per tenant).
const REPORT_LIMIT: (usize, Duration) = (5, Duration::from_secs(10));

/// Why a report could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The tenant has no Entra ID P1/P2 licence: the signal is not available there.
    #[error("the tenant has no Microsoft Entra ID P1 or P2 licence, which Microsoft requires for reading sign-in logs through Graph")]
    NoPremium,
    /// The credential may not read it (AuditLog.Read.All and Directory.Read.All are needed).
    #[error("the monitor credential may not read sign-in logs (it needs the application permissions AuditLog.Read.All and Directory.Read.All): {0}")]
    Denied(String),
    /// Anything else.
    #[error(transparent)]
    Graph(#[from] GraphError),
}

/// What one read of the sign-in log gave.
#[derive(Debug, Default)]
pub struct SignInRead {
    /// The records kept ([`Folded`]): each account's newest success and every failure once.
    pub records: Vec<SignIn>,
    /// The newest and the oldest record's time, of all records read and kept.
    pub span: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Records left out as unreadable.
    pub unreadable: usize,
    /// Whether every page since the asked time was read (false: stopped at [`MAX_PAGES`]).
    pub complete: bool,
    /// Requests made.
    pub requests: usize,
}

/// Paces reporting-API requests per tenant (shared by clones of the client).
#[derive(Clone, Default)]
pub struct ReportPacer {
    sent: Arc<Mutex<HashMap<String, VecDeque<Instant>>>>,
}

impl ReportPacer {
    /// Waits until one more request to `tenant` stays within the limit, and counts it.
    async fn wait_turn(&self, tenant: &str) {
        loop {
            let wait = {
                let mut map = self.sent.lock().unwrap_or_else(|e| e.into_inner());
                let q = map.entry(tenant.to_ascii_lowercase()).or_default();
                let now = Instant::now();
                while q
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= REPORT_LIMIT.1)
                {
                    q.pop_front();
                }
                if q.len() < REPORT_LIMIT.0 {
                    q.push_back(now);
                    return;
                }
                REPORT_LIMIT.1 - now.duration_since(q[0])
            };
            super::budget::note(|| "waiting for the reporting API's 5 requests per 10 s".into());
            tokio::time::sleep(wait).await;
        }
    }
}

fn report_error(e: GraphError) -> ReportError {
    match e {
        GraphError::Api {
            status: 401 | 403,
            code,
            ..
        } if code == "Authentication_RequestFromNonPremiumTenantOrB2CTenant" => {
            ReportError::NoPremium
        }
        GraphError::Api {
            status: 403,
            code,
            message,
        } => ReportError::Denied(format!("403 {code}: {message}")),
        other => ReportError::Graph(other),
    }
}

/// The `$filter` for `apps`' non-interactive and service-principal sign-ins since `since`.
pub fn sign_in_filter(apps: &[String], since: DateTime<Utc>) -> String {
    let apps: Vec<String> = apps
        .iter()
        .map(|a| format!("appId eq '{}'", a.replace('\'', "''")))
        .collect();
    format!(
        "({}) and createdDateTime ge {} and signInEventTypes/any(t: t eq 'nonInteractiveUser' or t eq 'servicePrincipal')",
        apps.join(" or "),
        since.to_rfc3339_opts(SecondsFormat::Secs, true)
    )
}

impl GraphClient {
    fn beta(&self, path_and_query: &str) -> String {
        format!("{}/beta/{}", self.graph_url, path_and_query)
    }

    async fn report_get(
        &self,
        tenant: &str,
        token: &Secret,
        url: &str,
    ) -> Result<serde_json::Value, ReportError> {
        let started = Instant::now();
        self.pacer.wait_turn(tenant).await;
        let out = self
            .get::<serde_json::Value>(tenant, token, url, "sign-in report")
            .await
            .map_err(report_error);
        let stats = self.transport.stats();
        stats
            .report_calls
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        stats.report_ms.fetch_add(
            started.elapsed().as_millis() as u64,
            std::sync::atomic::Ordering::Relaxed,
        );
        out
    }

    /// The sign-ins of `apps` since `since` that `keep` keeps (linkwatch's own are left out),
    /// folded page by page ([`Folded`]); at most [`MAX_PAGES`] pages per query (`complete`
    /// says whether all were read).
    pub async fn sign_ins(
        &self,
        tenant: &str,
        token: &Secret,
        apps: &[String],
        since: DateTime<Utc>,
        keep: &(dyn Fn(&SignIn) -> bool + Sync),
    ) -> Result<SignInRead, ReportError> {
        let mut out = SignInRead {
            complete: true,
            ..Default::default()
        };
        let mut folded = Folded::default();
        for chunk in apps.chunks(APPS_PER_QUERY) {
            let q = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("$filter", &sign_in_filter(chunk, since))
                .append_pair("$select", SIGN_IN_FIELDS)
                .append_pair("$top", "1000")
                .finish();
            let mut url = self.beta(&format!("auditLogs/signIns?{q}"));
            let mut pages = 0;
            loop {
                let body = self.report_get(tenant, token, &url).await?;
                out.requests += 1;
                pages += 1;
                let page = read_sign_in_page(&body).map_err(|m| {
                    ReportError::Graph(GraphError::malformed(
                        "sign-in log page",
                        Some("application/json"),
                        body.to_string().as_bytes(),
                        m,
                    ))
                })?;
                out.unreadable += page.unreadable;
                for r in page.records.into_iter().filter(|r| keep(r)) {
                    folded.add(r);
                }
                match page.next_link {
                    Some(next) if pages < MAX_PAGES => url = self.same_origin(&next)?,
                    Some(_) => {
                        out.complete = false;
                        break;
                    }
                    None => break,
                }
            }
        }
        out.span = folded.newest.zip(folded.oldest);
        out.records = folded.into_records();
        Ok(out)
    }

    /// The credential activity report of `apps`: per credential, when anyone last signed in
    /// with it.
    pub async fn credential_uses(
        &self,
        tenant: &str,
        token: &Secret,
        apps: &[String],
    ) -> Result<Vec<CredentialUse>, ReportError> {
        let mut out = Vec::new();
        for chunk in apps.chunks(APPS_PER_QUERY) {
            let filter: Vec<String> = chunk
                .iter()
                .map(|a| format!("appId eq '{}'", a.replace('\'', "''")))
                .collect();
            let q = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("$filter", &filter.join(" or "))
                .finish();
            let body = self
                .report_get(
                    tenant,
                    token,
                    &self.beta(&format!("reports/appCredentialSignInActivities?{q}")),
                )
                .await?;
            out.extend(read_credential_uses(&body));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_names_every_app_the_time_and_both_event_types() {
        let since = DateTime::parse_from_rfc3339("2026-11-24T10:00:00.123Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            sign_in_filter(&["a".into(), "b'c".into()], since),
            "(appId eq 'a' or appId eq 'b''c') and createdDateTime ge 2026-11-24T10:00:00Z and signInEventTypes/any(t: t eq 'nonInteractiveUser' or t eq 'servicePrincipal')"
        );
    }
}
