//! Watching the watcher: after each full cycle linkwatch calls `[alerts] heartbeat_url` (GET,
//! the push style of Healthchecks.io and Uptime Kuma), and `{url}/fail` when the cycle could
//! not do its work (the database refused, or no target could be checked at all: every tenant
//! unreachable). When linkwatch dies, hangs or loses its network, the pings stop and the outside
//! monitor pages someone. The URL is a secret (whoever knows it can ping): it is never logged
//! or shown in full.

use crate::cycle::CycleOutcome;
use crate::model::Severity;
use crate::store::{Store, StoreError};
use crate::targets::Secret;
use chrono::{DateTime, Utc};

/// The outcome of the last ping, for the Alerts page.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LastPing {
    /// When it was sent.
    pub at: DateTime<Utc>,
    /// Whether the cycle worked (`false`: `/fail` was called).
    pub cycle_ok: bool,
    /// Why the cycle is reported as failed.
    #[serde(default)]
    pub cycle_problem: Option<String>,
    /// Why the ping itself failed; `None`: the monitor accepted it.
    pub error: Option<String>,
}

/// Pings the heartbeat URL.
#[derive(Clone)]
pub struct Heartbeat {
    url: Secret,
    client: reqwest::Client,
}

impl Heartbeat {
    /// A heartbeat to `url`; `None` when no URL is set.
    pub fn new(url: Option<&str>) -> Option<Heartbeat> {
        let url = url.map(str::trim).filter(|u| !u.is_empty())?;
        // Redirects are not followed: a monitor does not send one, and a redirect could point
        // anywhere, the internal network included.
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("linkwatch/", env!("CARGO_PKG_VERSION")))
            .build()
            .ok()?;
        Some(Heartbeat {
            url: Secret::new(url.trim_end_matches('/').to_string()),
            client,
        })
    }

    /// The URL (secret: show [`shown`] of it).
    pub fn url(&self) -> &str {
        self.url.expose()
    }

    /// Calls the URL for a cycle's outcome and records how it went. Never fails the cycle.
    pub async fn report(&self, store: &Store, outcome: &Result<CycleOutcome, StoreError>) {
        let problem = cycle_problem(outcome);
        let url = match &problem {
            None => self.url.expose().to_string(),
            Some(_) => format!("{}/fail", self.url.expose()),
        };
        let error = match self.client.get(&url).send().await {
            Ok(r) if r.status().is_success() => None,
            Ok(r) if r.status().is_redirection() => Some(format!(
                "the monitor answered {} (redirects are not followed)",
                r.status()
            )),
            Ok(r) => Some(format!("the monitor answered {}", r.status())),
            Err(e) => Some(format!("no answer: {}", e.without_url())),
        };
        if let Some(e) = &error {
            tracing::warn!(error = %e, "heartbeat ping failed");
        }
        let ping = LastPing {
            at: Utc::now(),
            cycle_ok: problem.is_none(),
            cycle_problem: problem,
            error,
        };
        if let Err(e) = store.record_heartbeat(&ping) {
            tracing::warn!(error = %e, "could not record the heartbeat ping");
        }
    }
}

/// Why a cycle counts as not having run: the store failed, or every target came back
/// `unknown` (no tenant could be reached). `None`: it ran.
pub fn cycle_problem(outcome: &Result<CycleOutcome, StoreError>) -> Option<String> {
    match outcome {
        Err(e) => Some(format!("the cycle could not be recorded: {e}")),
        Ok(out) => {
            let t = &out.report.targets;
            (!t.is_empty() && t.iter().all(|t| t.status == Severity::Unknown)).then(|| {
                format!(
                    "none of the {} targets could be checked (every tenant unreachable)",
                    t.len()
                )
            })
        }
    }
}

/// The host of a heartbeat URL, for display (the path is its secret).
pub fn shown(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(|h| format!("{}://{h}/…", u.scheme())))
        .unwrap_or_else(|| "(an unreadable URL)".into())
}
