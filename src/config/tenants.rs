//! `[[tenants]]`, `[[tenants.apps]]` and `[[tenants.apps.mailboxes]]` as written in the file;
//! `validate.rs` parses them through [`crate::input`].

use serde::Deserialize;

/// `[[tenants]]`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct TenantConfig {
    /// GUID or verified domain.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Optional app-only credential for directory reads.
    #[serde(default)]
    pub monitor_client_id: Option<String>,
    /// Environment variable holding the monitor secret.
    #[serde(default)]
    pub monitor_client_secret_env: Option<String>,
    /// The monitor secret itself.
    #[serde(default)]
    pub monitor_client_secret: Option<String>,
    /// Also watch the secrets and certificates of every app registration in the tenant (with
    /// its monitor credential), not only the apps declared.
    #[serde(default)]
    pub watch_all_apps: Option<bool>,
    /// With `watch_all_apps`: app registrations left out, by name pattern (`*` for any text);
    /// absent: `ConnectSyncProvisioning_*`.
    #[serde(default)]
    pub exclude_apps: Option<Vec<String>>,
    /// App registrations.
    #[serde(default)]
    pub apps: Vec<AppConfig>,
}

/// `[[tenants.apps]]`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AppConfig {
    /// The application (client) id.
    pub client_id: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Environment variable holding the client secret.
    #[serde(default)]
    pub client_secret_env: Option<String>,
    /// The client secret itself.
    #[serde(default)]
    pub client_secret: Option<String>,
    /// Delegated scopes each mailbox needs.
    #[serde(default)]
    pub required_scopes: Option<Vec<String>>,
    /// `YYYY-MM-DD` or RFC 3339.
    #[serde(default)]
    pub secret_expires: Option<String>,
    /// Who uses this app.
    #[serde(default)]
    pub consumer: Option<ConsumerConfig>,
    /// Linked mailboxes.
    #[serde(default)]
    pub mailboxes: Vec<MailboxConfig>,
}

/// `consumer = { kind, name, url }`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ConsumerConfig {
    /// econobis | imagecapture | generic.
    pub kind: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Where it runs.
    #[serde(default)]
    pub url: Option<String>,
}

/// `[[tenants.apps.mailboxes]]`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct MailboxConfig {
    /// SMTP address.
    pub address: String,
    /// The account's object id.
    pub object_id: String,
    /// Scopes, when they differ from the app's.
    #[serde(default)]
    pub required_scopes: Option<Vec<String>>,
}
