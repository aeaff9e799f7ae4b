//! Plain data of signal 4, the consuming application's own sign-ins, as the store keeps them
//! and the checks read them. No I/O here.

use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// Whether a tenant's sign-in log could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignalState {
    /// No monitor credential: the signal is not configured.
    NotConfigured,
    /// Read; `covered_since` is how far back it reaches without a gap.
    Available,
    /// The tenant has no Entra ID P1/P2 licence: information, never a warning.
    NoPremium,
    /// The monitor credential may not read it (AuditLog.Read.All missing).
    Denied(String),
    /// The last read failed (network, throttled past the budget): nothing is concluded.
    Failed(String),
}

impl SignalState {
    /// The stored form (`status` column).
    pub fn as_str(&self) -> &'static str {
        match self {
            SignalState::NotConfigured => "not_configured",
            SignalState::Available => "read",
            SignalState::NoPremium => "no_premium",
            SignalState::Denied(_) => "denied",
            SignalState::Failed(_) => "failed",
        }
    }

    /// From the stored form and detail.
    pub fn parse(status: &str, detail: Option<String>) -> SignalState {
        let d = detail.unwrap_or_default();
        match status {
            "read" => SignalState::Available,
            "no_premium" => SignalState::NoPremium,
            "denied" => SignalState::Denied(d),
            "failed" => SignalState::Failed(d),
            _ => SignalState::NotConfigured,
        }
    }
}

/// A failed sign-in of the application.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// When.
    pub at: DateTime<Utc>,
    /// The AADSTS code.
    pub code: u32,
    /// The credential it presented, when known.
    pub key_id: Option<String>,
}

/// What the application did for one account (or, with principal `""`, as itself).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Activity {
    /// Its last successful sign-in.
    pub last_success_at: Option<DateTime<Utc>>,
    /// The credential it used then.
    pub last_success_key: Option<String>,
    /// Its latest failed sign-ins after that, oldest first (at most 20).
    pub failures: Vec<Failure>,
    /// How many failed after its last success.
    pub failure_count: usize,
    /// The first of them.
    pub first_failure_at: Option<DateTime<Utc>>,
}

/// Failures kept per account for display; the count and the first are kept apart.
pub const RECENT_FAILURES: usize = 20;

/// One tenant's signal 4: whether it is available, how far back it reaches, and the activity
/// per (client id, principal), keys lower case.
#[derive(Debug, Clone)]
pub struct TenantActivity {
    /// Available or why not.
    pub state: SignalState,
    /// When the log was last read.
    pub read_at: Option<DateTime<Utc>>,
    /// Read without a gap since then (up to `read_at`).
    pub covered_since: Option<DateTime<Utc>>,
    /// By (client id, principal).
    pub by_principal: HashMap<(String, String), Activity>,
    /// Last use per (client id, key id), from the credential activity report.
    pub credential_uses: HashMap<(String, String), DateTime<Utc>>,
}

impl TenantActivity {
    /// The activity of `principal` ('' for app-only sign-ins) with `app`, created empty.
    pub fn activity_mut(&mut self, app: &str, principal: &str) -> &mut Activity {
        self.by_principal
            .entry((app.to_ascii_lowercase(), principal.to_ascii_lowercase()))
            .or_default()
    }

    /// A tenant whose signal is `state`, with no activity known.
    pub fn unavailable(state: SignalState) -> TenantActivity {
        TenantActivity {
            state,
            read_at: None,
            covered_since: None,
            by_principal: HashMap::new(),
            credential_uses: HashMap::new(),
        }
    }

    /// The activity for an account (object id) of an app, or the app's own (`principal` "").
    pub fn of(&self, client_id: &str, principal: &str) -> Option<&Activity> {
        self.by_principal.get(&(
            client_id.to_ascii_lowercase(),
            principal.to_ascii_lowercase(),
        ))
    }

    /// The credential the application last signed in with, over all its accounts.
    pub fn key_in_use(&self, client_id: &str) -> Option<(String, DateTime<Utc>)> {
        let id = client_id.to_ascii_lowercase();
        self.by_principal
            .iter()
            .filter(|((c, _), _)| *c == id)
            .filter_map(|(_, a)| Some((a.last_success_key.clone()?, a.last_success_at?)))
            .max_by_key(|(_, at)| *at)
    }
}

/// What a fix was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixKind {
    /// A mailbox re-linked in linkwatch.
    Relink,
    /// An app registration's secret rotated in linkwatch.
    Rotate,
}

impl FixKind {
    /// `relink` or `rotate`, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            FixKind::Relink => "relink",
            FixKind::Rotate => "rotate",
        }
    }
}

/// How a fix closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Closed {
    /// The application signed in successfully after it.
    BySignIns(DateTime<Utc>),
    /// An operator confirmed it.
    Confirmed {
        /// Who.
        by: String,
        /// When.
        at: DateTime<Utc>,
    },
}

/// A fix of one app registration (`app`) or mailbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    /// `app` or `mailbox`.
    pub target: &'static str,
    /// Its row id.
    pub target_ref: i64,
    /// Re-link or rotation.
    pub kind: FixKind,
    /// When linkwatch's part was done.
    pub fixed_at: DateTime<Utc>,
    /// By whom.
    pub fixed_by: String,
    /// Rotations: the credential the application signed in with before, when known.
    pub old_key: Option<String>,
    /// How it closed; `None` while open.
    pub closed: Option<Closed>,
}
