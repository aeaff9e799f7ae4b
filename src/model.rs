//! Plain data shared by every module: severities, finding codes, findings and check targets.
//! Nothing here does I/O; the JSON field names are part of the public contract (DESIGN.md).

use crate::key::TargetKey;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a finding is. The order of the variants is not the order of badness: use [`Severity::rank`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Nothing wrong.
    Ok,
    /// Something needs attention soon.
    Warning,
    /// The check itself could not complete.
    Unknown,
    /// Mail is broken or about to break.
    Critical,
}

impl Severity {
    /// Badness rank: critical > unknown > warning > ok (DESIGN.md).
    pub fn rank(self) -> u8 {
        match self {
            Severity::Ok => 0,
            Severity::Warning => 1,
            Severity::Unknown => 2,
            Severity::Critical => 3,
        }
    }

    /// The Nagios plugin exit code for this status.
    pub fn exit_code(self) -> i32 {
        match self {
            Severity::Ok => 0,
            Severity::Warning => 1,
            Severity::Critical => 2,
            Severity::Unknown => 3,
        }
    }

    /// Lower-case name, as in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Ok => "ok",
            Severity::Warning => "warning",
            Severity::Unknown => "unknown",
            Severity::Critical => "critical",
        }
    }

    /// Parses the lower-case name.
    pub fn parse(s: &str) -> Option<Severity> {
        [
            Severity::Ok,
            Severity::Warning,
            Severity::Unknown,
            Severity::Critical,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }

    /// The worst of a set of severities; `Ok` for none.
    pub fn worst(items: impl IntoIterator<Item = Severity>) -> Severity {
        items
            .into_iter()
            .max_by_key(|s| s.rank())
            .unwrap_or(Severity::Ok)
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The stable finding vocabulary. Add codes; never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum FindingCode {
    /// The secret or certificate in use expires soon.
    SecretExpiring,
    /// The secret or certificate in use has expired.
    SecretExpired,
    /// The stored secret is rejected or matches no credential on the app.
    SecretInvalid,
    /// The app is not found, disabled, or the tenant is not found.
    AppMissing,
    /// A required scope is absent from the app's configured API permissions.
    PermissionNotConfigured,
    /// A required scope is not granted for this mailbox's account.
    ConsentMissing,
    /// The link's refresh token no longer works.
    LinkRevoked,
    /// The account must sign in interactively.
    ReauthRequired,
    /// The mailbox account is disabled or deleted.
    AccountDisabled,
    /// Graph refuses or cannot find the mailbox.
    MailboxUnreachable,
    /// The linked account is not the mailbox's account.
    IdentityMismatch,
    /// The mailbox has no link yet.
    NotLinked,
    /// The monitor credential may not read the directory.
    MonitorAccessMissing,
    /// The check itself did not complete.
    ProbeFailed,
    /// The consuming application's own sign-ins fail since its last success.
    ConsumerFailing,
    /// The consuming application has not signed in for longer than `consumer_idle_hours`.
    ConsumerIdle,
    /// A fix made in linkwatch (re-link, rotation) that the application still has to get.
    ConsumerPending,
}

impl FindingCode {
    /// Every code, in vocabulary order.
    pub const ALL: [FindingCode; 17] = [
        FindingCode::SecretExpiring,
        FindingCode::SecretExpired,
        FindingCode::SecretInvalid,
        FindingCode::AppMissing,
        FindingCode::PermissionNotConfigured,
        FindingCode::ConsentMissing,
        FindingCode::LinkRevoked,
        FindingCode::ReauthRequired,
        FindingCode::AccountDisabled,
        FindingCode::MailboxUnreachable,
        FindingCode::IdentityMismatch,
        FindingCode::NotLinked,
        FindingCode::MonitorAccessMissing,
        FindingCode::ProbeFailed,
        FindingCode::ConsumerFailing,
        FindingCode::ConsumerIdle,
        FindingCode::ConsumerPending,
    ];

    /// The snake_case code, as in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingCode::SecretExpiring => "secret_expiring",
            FindingCode::SecretExpired => "secret_expired",
            FindingCode::SecretInvalid => "secret_invalid",
            FindingCode::AppMissing => "app_missing",
            FindingCode::PermissionNotConfigured => "permission_not_configured",
            FindingCode::ConsentMissing => "consent_missing",
            FindingCode::LinkRevoked => "link_revoked",
            FindingCode::ReauthRequired => "reauth_required",
            FindingCode::AccountDisabled => "account_disabled",
            FindingCode::MailboxUnreachable => "mailbox_unreachable",
            FindingCode::IdentityMismatch => "identity_mismatch",
            FindingCode::NotLinked => "not_linked",
            FindingCode::MonitorAccessMissing => "monitor_access_missing",
            FindingCode::ProbeFailed => "probe_failed",
            FindingCode::ConsumerFailing => "consumer_failing",
            FindingCode::ConsumerIdle => "consumer_idle",
            FindingCode::ConsumerPending => "consumer_pending",
        }
    }

    /// The fixed severity of the code; `secret_expiring` is decided by its days left instead.
    pub fn default_severity(self) -> Severity {
        match self {
            FindingCode::NotLinked
            | FindingCode::MonitorAccessMissing
            | FindingCode::ConsumerIdle
            | FindingCode::ConsumerPending => Severity::Warning,
            FindingCode::SecretExpiring => Severity::Warning,
            FindingCode::ProbeFailed => Severity::Unknown,
            _ => Severity::Critical,
        }
    }
}

impl fmt::Display for FindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which signal produced a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A client-credentials token request with the app's own secret.
    AppToken,
    /// Redeeming the mailbox link's refresh token, or reading the mailbox with it.
    Link,
    /// A directory read with the monitor credential (or the app's own).
    Directory,
    /// Values entered by hand (config or dashboard), such as a secret's expiry date.
    Manual,
    /// The consuming application's own sign-ins (signal 4).
    Consumer,
}

/// One problem found by a check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable code from the vocabulary.
    pub code: FindingCode,
    /// How bad it is.
    pub severity: Severity,
    /// Which signal found it.
    pub source: Source,
    /// The AADSTS code seen, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub aadsts: Option<u32>,
    /// A one-line human explanation with the detail that was observed.
    pub message: String,
    /// When the credential concerned expires or expired (UTC).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub expires_at: Option<DateTime<Utc>>,
    /// Missing scopes, when relevant.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub scopes: Vec<String>,
    /// The target whose problem causes this one (`app:{client_id}`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub caused_by: Option<String>,
    /// The consuming application's last successful sign-in (consumer findings).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub last_success_at: Option<DateTime<Utc>>,
    /// The day its refresh token dies of inactivity (`consumer_idle`: 90 days after its last
    /// sign-in, AADSTS700082).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub idle_until: Option<DateTime<Utc>>,
}

impl Finding {
    /// A finding with the code's default severity and nothing optional filled in.
    pub fn new(code: FindingCode, source: Source, message: impl Into<String>) -> Finding {
        Finding {
            code,
            severity: code.default_severity(),
            source,
            aadsts: None,
            message: message.into(),
            expires_at: None,
            scopes: Vec::new(),
            caused_by: None,
            last_success_at: None,
            idle_until: None,
        }
    }

    /// Sets the AADSTS code.
    pub fn with_aadsts(mut self, code: Option<u32>) -> Finding {
        self.aadsts = code;
        self
    }

    /// Sets the missing scopes.
    pub fn with_scopes(mut self, scopes: Vec<String>) -> Finding {
        self.scopes = scopes;
        self
    }

    /// Sets the expiry time.
    pub fn with_expiry(mut self, at: DateTime<Utc>) -> Finding {
        self.expires_at = Some(at);
        self
    }
}

/// What kind of thing a target is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetKind {
    /// An app registration.
    App,
    /// A linked mailbox.
    Mailbox,
}

/// The result of checking one target in one cycle.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TargetResult {
    /// App or mailbox.
    pub kind: TargetKind,
    /// The tenant id as configured (GUID or domain).
    pub tenant_id: String,
    /// The app registration's client id.
    pub client_id: String,
    /// The mailbox address (mailboxes only).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub address: Option<String>,
    /// Display name of the app, or the mailbox address.
    pub name: String,
    /// The worst finding's severity.
    pub status: Severity,
    /// Everything found.
    pub findings: Vec<Finding>,
    /// How a fix made in linkwatch for this target closed in this cycle, for the recovery
    /// alert.
    #[serde(skip)]
    pub fix_closed: Option<FixClosed>,
}

impl TargetResult {
    /// A stable key for this target, used in history and `caused_by`.
    pub fn key(&self) -> String {
        let key = match &self.address {
            Some(addr) => TargetKey::mailbox(&self.tenant_id, &self.client_id, addr),
            None => TargetKey::app(&self.tenant_id, &self.client_id),
        };
        key.to_string()
    }
}

/// The result of one full check cycle, in the JSON shape of DESIGN.md.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CycleReport {
    /// When the cycle started (UTC).
    pub checked_at: DateTime<Utc>,
    /// The worst target status.
    pub status: Severity,
    /// Every target checked.
    pub targets: Vec<TargetResult>,
}

/// One target's result in a cycle, with what it was before.
#[derive(Debug, Clone)]
pub struct TargetChange {
    /// `app:…` or `mailbox:…`.
    pub key: String,
    /// App or mailbox.
    pub kind: TargetKind,
    /// Tenant id.
    pub tenant_id: String,
    /// Client id.
    pub client_id: String,
    /// Mailbox address.
    pub address: Option<String>,
    /// Display name.
    pub name: String,
    /// Status now.
    pub status: Severity,
    /// Status before this cycle.
    pub previous: Option<Severity>,
    /// Findings now.
    pub findings: Vec<Finding>,
    /// Finding codes before.
    pub previous_codes: Vec<FindingCode>,
    /// Failed checks in a row, this one included.
    pub failures_in_row: u32,
    /// Failed checks in a row before this cycle.
    pub previous_failures: u32,
    /// The dashboard page of the target (`/mailboxes/3`).
    pub path: Option<String>,
    /// What was alerted before, acknowledgements and silences.
    pub alert_state: AlertState,
    /// The app registration's owners, for channels that write to them.
    pub owners: Vec<String>,
    /// How a fix made in linkwatch closed in this cycle.
    pub fix_closed: Option<FixClosed>,
}

/// How a fix made in linkwatch (a re-link, a rotation) was found to have reached the
/// consuming application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FixClosed {
    /// Who confirmed it by hand; `None`: the application's own sign-ins succeeded.
    pub confirmed_by: Option<String>,
    /// When (the sign-in, or the confirmation).
    pub at: DateTime<Utc>,
}

/// Per-target alert bookkeeping.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AlertState {
    /// When the target last alerted (for reminders).
    pub last_alert_at: Option<DateTime<Utc>>,
    /// The last expiry threshold (days) alerted.
    pub last_threshold: Option<i64>,
    /// Acknowledged: no reminders until the status changes.
    pub acked_at: Option<DateTime<Utc>>,
    /// Who acknowledged.
    pub acked_by: Option<String>,
    /// No alerts until then.
    pub silenced_until: Option<DateTime<Utc>>,
    /// Why.
    pub silence_reason: Option<String>,
    /// The tenant's maintenance window ends then (no alerts until).
    pub tenant_silenced_until: Option<DateTime<Utc>>,
}

/// Status of a target from its findings: the worst one, `Ok` when there are none.
pub fn status_of(findings: &[Finding]) -> Severity {
    Severity::worst(findings.iter().map(|f| f.severity))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worst_follows_design_order() {
        use Severity::*;
        let cases = [
            (vec![], Ok),
            (vec![Ok, Warning], Warning),
            (vec![Warning, Unknown], Unknown),
            (vec![Unknown, Critical, Warning], Critical),
        ];
        for (input, want) in cases {
            assert_eq!(Severity::worst(input.clone()), want, "{input:?}");
        }
    }

    #[test]
    fn codes_serialize_as_their_names() {
        for code in FindingCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn exit_codes_follow_nagios() {
        assert_eq!(Severity::Ok.exit_code(), 0);
        assert_eq!(Severity::Warning.exit_code(), 1);
        assert_eq!(Severity::Critical.exit_code(), 2);
        assert_eq!(Severity::Unknown.exit_code(), 3);
    }
}
