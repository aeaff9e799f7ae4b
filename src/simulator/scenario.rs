//! The scenario file of the simulator: tenants, users and their mailboxes, app registrations
//! with secrets, certificates, configured permissions and grants, refresh tokens already issued,
//! and faults. Dates are absolute or relative to the simulator's start.
//! See `examples/demo-scenario.toml` for every key with a comment.

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

/// A whole scenario.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// A redeemed refresh token stops working (as Entra ID may); default true.
    #[serde(default = "yes")]
    pub strict_rotation: bool,
    /// With `strict_rotation`, a redeemed refresh token still works for this many seconds after
    /// its first redemption, as rotating identity providers allow for a reply lost on the way
    /// (default 0: stops at once).
    #[serde(default)]
    pub rotation_grace_secs: f64,
    /// Delay added to every reply, in milliseconds (for benchmarks).
    #[serde(default)]
    pub latency_ms: u64,
    /// Items per page of `oauth2PermissionGrants` (small, so paging is exercised).
    #[serde(default = "default_page")]
    pub page_size: usize,
    /// Items per page of `/applications` and `/servicePrincipals` at most (Graph: 999; a
    /// server may answer fewer than `$top`), so paging can be exercised without thousands.
    #[serde(default)]
    pub directory_page_size: Option<usize>,
    /// Seconds before a sign-in shows in the sign-in log (Microsoft: 2 min at P95).
    #[serde(default)]
    pub signin_delay_secs: u64,
    /// Every so many sign-in records is listed twice, as Microsoft's log may (0: never).
    #[serde(default)]
    pub signin_duplicate_every: u64,
    /// Records per page of the sign-in log (Microsoft: 1,000).
    #[serde(default = "default_signin_page")]
    pub signin_page_size: usize,
    /// Directories.
    #[serde(default)]
    pub tenants: Vec<SimTenant>,
    /// linkwatch's own multi-tenant monitor app: tenants consent to it with one admin consent.
    #[serde(default)]
    pub monitor_app: Option<SimMonitorApp>,
    /// Injected faults.
    #[serde(default)]
    pub faults: Vec<Fault>,
}

fn yes() -> bool {
    true
}
fn default_page() -> usize {
    2
}
fn default_signin_page() -> usize {
    1000
}

/// One directory.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SimTenant {
    /// Domain used in URLs (`contoso.onmicrosoft.com`).
    pub id: String,
    /// The tenant has Entra ID P1 or P2 (default true); without, the sign-in log and the
    /// activity reports answer 403 `Authentication_RequestFromNonPremiumTenantOrB2CTenant`.
    #[serde(default = "yes")]
    pub premium: bool,
    /// The tenant GUID; also accepted in URLs.
    #[serde(default)]
    pub guid: Option<String>,
    /// An admin consented to the scenario's `monitor_app` here already.
    #[serde(default)]
    pub monitor_consented: bool,
    /// The tenant's default app management policy, when enabled.
    #[serde(default)]
    pub app_policy: Option<SimPolicy>,
    /// Accounts.
    #[serde(default)]
    pub users: Vec<SimUser>,
    /// App registrations.
    #[serde(default)]
    pub apps: Vec<SimApp>,
}

/// What state an account's mailbox is in.
#[derive(Debug, Clone, Copy, Deserialize, Default, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MailboxState {
    /// Reachable.
    #[default]
    Ok,
    /// `MailboxNotEnabledForRESTAPI` (inactive, soft-deleted or on-premises).
    RestDisabled,
    /// No mailbox: `ErrorItemNotFound`.
    None,
    /// `ErrorAccessDenied`.
    AccessDenied,
}

/// One account.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SimUser {
    /// Object id.
    pub id: String,
    /// Sign-in name and address.
    pub upn: String,
    /// Password used on the simulator's sign-in page.
    #[serde(default)]
    pub password: Option<String>,
    /// `accountEnabled`; a disabled account's refresh fails with AADSTS50057.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Mailbox state.
    #[serde(default)]
    pub mailbox: MailboxState,
    /// Refreshes demand MFA (AADSTS50076).
    #[serde(default)]
    pub mfa_required: bool,
    /// Sessions were revoked (password change): existing refresh tokens fail with AADSTS50173.
    #[serde(default)]
    pub revoked: bool,
}

/// A multi-tenant app registered in another directory (linkwatch's monitor app): it has a
/// service principal in a tenant only once an admin consented there.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SimMonitorApp {
    /// Client id.
    pub client_id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Its client secret.
    #[serde(default)]
    pub secret: String,
    /// Its certificate (PEM, public part), when it signs in with one.
    #[serde(default)]
    pub certificate: Option<String>,
    /// The application permissions it asks for (granted by the admin consent).
    #[serde(default)]
    pub roles: Vec<String>,
    /// Redirect URIs registered (empty: any is accepted).
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    /// Seconds after a consent before its roles reach the token service (Microsoft: up to
    /// minutes; until then tokens come without `roles`).
    #[serde(default)]
    pub consent_delay_secs: u64,
}

/// An app management policy's rules on client secrets.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SimPolicy {
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// New client secrets are blocked (`passwordAddition`).
    #[serde(default)]
    pub block_secrets: bool,
    /// New client secrets may last at most this many days (`passwordLifetime`).
    #[serde(default)]
    pub max_secret_days: Option<u64>,
}

/// One app registration.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SimApp {
    /// Client id.
    pub client_id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Disabled by an admin (AADSTS7000112).
    #[serde(default)]
    pub disabled: bool,
    /// Application permissions (app roles) granted to the app itself, e.g. `Application.Read.All`.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Delegated Graph permissions configured on the registration.
    #[serde(default)]
    pub configured_scopes: Vec<String>,
    /// Client secrets.
    #[serde(default)]
    pub secrets: Vec<SimSecret>,
    /// Certificates (expiry only).
    #[serde(default)]
    pub certificates: Vec<SimSecret>,
    /// Delegated grants (`oauth2PermissionGrants`).
    #[serde(default)]
    pub grants: Vec<SimGrant>,
    /// Refresh tokens already issued.
    #[serde(default)]
    pub links: Vec<SimLink>,
    /// Redirect URIs registered (Web platform); empty: any is accepted.
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    /// Users may not consent themselves: an admin must approve (AADSTS90094).
    #[serde(default)]
    pub admin_approval_required: bool,
    /// Owners of the app registration (user ids).
    #[serde(default)]
    pub owners: Vec<String>,
    /// Registered in another directory: only its service principal is in this tenant (not
    /// listed under `/applications`).
    #[serde(default)]
    pub home_elsewhere: bool,
    /// An app management policy assigned to this app (overrides the tenant's default).
    #[serde(default)]
    pub app_policy: Option<SimPolicy>,
    /// The business application that uses this app registration (Econobis, a help desk):
    /// it redeems its mailboxes' refresh tokens on a schedule, and so fills the sign-in log.
    #[serde(default)]
    pub consumer: Option<SimConsumer>,
}

/// A simulated business application: what it sends and how often.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SimConsumer {
    /// The client secret it sends (default: the app registration's first secret). A value that
    /// is not (or no longer) on the app registration makes its sign-ins fail (AADSTS7000215).
    #[serde(default)]
    pub secret: Option<String>,
    /// Minutes between its polls (default 15).
    #[serde(default)]
    pub every_minutes: Option<u64>,
    /// The mailboxes it polls, as user ids (default: the users of the app's links).
    #[serde(default)]
    pub mailboxes: Option<Vec<String>>,
    /// Its own grant for these mailboxes was revoked (its refresh token: AADSTS50173), while
    /// linkwatch's link may still work.
    #[serde(default)]
    pub revoked: Vec<String>,
    /// It stopped polling this many hours before the simulator started (0: it runs).
    #[serde(default)]
    pub stopped_hours_ago: u64,
    /// Its log starts this many hours before the simulator started (default 48).
    #[serde(default)]
    pub history_hours: Option<u64>,
    /// It also signs in app-only (client credentials) on each poll.
    #[serde(default)]
    pub client_credentials: bool,
    /// Mailboxes (user ids) it was connected to again after their sessions were revoked: its
    /// new refresh token works even for an account marked `revoked`.
    #[serde(default)]
    pub reconnected: Vec<String>,
}

/// A client secret or certificate.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SimSecret {
    /// The secret value (certificates: unused).
    #[serde(default)]
    pub value: String,
    /// A certificate's public part (PEM): client assertions signed by its key are accepted.
    #[serde(default)]
    pub pem: Option<String>,
    /// Name in the portal.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Absolute expiry.
    #[serde(default)]
    pub expires: Option<DateTime<Utc>>,
    /// Expiry relative to the simulator's start (negative: already expired).
    #[serde(default)]
    pub expires_in_days: Option<i64>,
}

impl SimSecret {
    /// The expiry, resolved against `start`; two years after start when none is given.
    pub fn end(&self, start: DateTime<Utc>) -> DateTime<Utc> {
        self.expires
            .or_else(|| {
                self.expires_in_days
                    .map(|d| start + Duration::days(d) + Duration::hours(1))
            })
            .unwrap_or(start + Duration::days(730))
    }
}

/// A delegated grant.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SimGrant {
    /// `all` (admin consent for everyone) or a user's object id.
    pub principal: String,
    /// Scopes granted.
    pub scopes: Vec<String>,
}

/// A refresh token already issued to a user for an app.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SimLink {
    /// Whose.
    pub user: String,
    /// The token value.
    pub refresh_token: String,
    /// The mailbox `linkwatch demo` stores this token for (default: the user's UPN).
    #[serde(default)]
    pub mailbox: Option<String>,
}

/// An injected fault.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// Applies to requests whose path (and query) contains this.
    pub path: String,
    /// What happens.
    pub kind: FaultKind,
    /// HTTP status for `status`, `throttle` (429 or 503) and `html`.
    #[serde(default)]
    pub status: Option<u16>,
    /// `Retry-After` seconds for `throttle` (fractions allowed; none: no header).
    #[serde(default)]
    pub retry_after: Option<f64>,
    /// Delay for `slow`.
    #[serde(default)]
    pub delay_ms: u64,
    /// Hit only this many matching requests (0: all).
    #[serde(default)]
    pub times: u64,
    /// Hit this fraction of matching requests, spread evenly (default 1).
    #[serde(default)]
    pub rate: Option<f64>,
    /// Hit the items of `$batch` requests whose URL matches `path` (each item answers with its
    /// own status and `Retry-After` header inside a 200 reply, as Graph does) instead of whole
    /// requests. For `throttle` and `status`.
    #[serde(default)]
    pub batch_item: bool,
}

/// Kinds of fault.
#[derive(Debug, Clone, Copy, Deserialize, Default, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// 429 (or 503) with `Retry-After`.
    #[default]
    Throttle,
    /// A plain error status with a Graph error body.
    Status,
    /// Answer late.
    Slow,
    /// An HTML page from a proxy.
    Html,
    /// JSON cut off mid-way.
    Truncated,
    /// JSON with the wrong types.
    WrongTypes,
    /// A 10 MB body.
    Huge,
    /// The token endpoint's 503 `temporarily_unavailable` with AADSTS90033 (the directory
    /// service is unavailable), with `Retry-After` when `retry_after` is set.
    Unavailable,
}

impl Scenario {
    /// Parses scenario TOML, naming the field on error.
    pub fn parse(text: &str) -> Result<Scenario, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }
}
