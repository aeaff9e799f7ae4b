//! What the identity platform and Graph reported, as typed data: credentials, configured
//! permissions, grants and accounts. The Graph client produces these; the checks read them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer};

/// A client secret or certificate on an application.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Credential {
    /// The credential's id.
    pub key_id: String,
    /// Its name in the portal.
    #[serde(default)]
    pub display_name: Option<String>,
    /// First three characters of a secret (secrets only; may be null).
    #[serde(default)]
    pub hint: Option<String>,
    /// When it stops working.
    #[serde(default, deserialize_with = "graph_time")]
    pub end_date_time: Option<DateTime<Utc>>,
    /// When it started.
    #[serde(default, deserialize_with = "graph_time")]
    pub start_date_time: Option<DateTime<Utc>>,
}

/// One `requiredResourceAccess` entry.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceAccessList {
    /// The API (Graph is `00000003-0000-0000-c000-000000000000`).
    pub resource_app_id: String,
    /// Permissions on it.
    #[serde(default)]
    pub resource_access: Vec<ResourceAccess>,
}

/// One configured permission.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ResourceAccess {
    /// Permission GUID.
    pub id: String,
    /// `Scope` (delegated) or `Role` (application).
    #[serde(rename = "type")]
    pub kind: String,
}

/// An application object as read from `/applications(appId='…')`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    /// Object id.
    pub id: String,
    /// Client id.
    pub app_id: String,
    /// Display name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Client secrets.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub password_credentials: Vec<Credential>,
    /// Certificates.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub key_credentials: Vec<Credential>,
    /// Configured API permissions.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub required_resource_access: Vec<ResourceAccessList>,
    /// Web platform settings (its redirect URIs), when selected.
    #[serde(default)]
    pub web: Option<RedirectUris>,
    /// Single-page application settings, when selected.
    #[serde(default)]
    pub spa: Option<RedirectUris>,
    /// Public client (desktop, mobile) settings, when selected.
    #[serde(default)]
    pub public_client: Option<RedirectUris>,
}

impl Application {
    /// Every redirect URI of every platform.
    pub fn redirect_uris(&self) -> impl Iterator<Item = &str> {
        [&self.web, &self.spa, &self.public_client]
            .into_iter()
            .flatten()
            .flat_map(|p| p.redirect_uris.iter().map(String::as_str))
    }
}

/// A platform's redirect URIs (`web`, `spa`, `publicClient`).
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct RedirectUris {
    /// Where tokens and codes are sent.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub redirect_uris: Vec<String>,
}

/// A delegated permission grant (`oauth2PermissionGrant`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Grant {
    /// The client service principal's object id.
    pub client_id: String,
    /// `AllPrincipals` or `Principal`.
    pub consent_type: String,
    /// The user, for `Principal` grants.
    #[serde(default)]
    pub principal_id: Option<String>,
    /// The resource service principal's object id.
    #[serde(default)]
    pub resource_id: Option<String>,
    /// Space-separated scopes.
    #[serde(default)]
    pub scope: Option<String>,
}

/// A user account.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// Object id.
    pub id: String,
    /// Sign-in name.
    #[serde(default)]
    pub user_principal_name: Option<String>,
    /// Primary SMTP address.
    #[serde(default)]
    pub mail: Option<String>,
    /// Only present when asked for with `$select`.
    #[serde(default)]
    pub account_enabled: Option<bool>,
}

/// A service principal (only the fields linkwatch reads).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePrincipal {
    /// Object id.
    pub id: String,
    /// Client id (a placeholder in one documented sample, so not validated).
    #[serde(default)]
    pub app_id: Option<String>,
    /// Whether sign-in is enabled.
    #[serde(default)]
    pub account_enabled: Option<bool>,
}

/// A mail folder (only its id is ever read; never mail content).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MailFolder {
    /// Folder id.
    pub id: String,
}

/// Reads Graph times: RFC 3339 with 0 to 7 fractional digits, or null.
fn graph_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    let raw: Option<String> = Option::deserialize(d)?;
    match raw {
        None => Ok(None),
        Some(s) => DateTime::parse_from_rfc3339(&s)
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|e| serde::de::Error::custom(format!("{s:?} is not a date-time: {e}"))),
    }
}

fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

pub mod policies;
pub mod signins;
