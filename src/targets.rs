//! The targets linkwatch watches, as declared in the config file or the dashboard:
//! tenants, app registrations with their consumers, and mailboxes. Plain data, no I/O.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A secret value whose `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }
    /// The value itself: call only where it is sent or encrypted.
    pub fn expose(&self) -> &str {
        &self.0
    }
    /// The first three characters, as Entra ID shows them (`hint`).
    pub fn hint(&self) -> String {
        self.0.chars().take(3).collect()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// The kind of business application that uses an app registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ConsumerKind {
    /// Econobis (writes one refreshed token to every mailbox sharing a client id).
    Econobis,
    /// ImageCapture (one client secret per account).
    ImageCapture,
    /// Anything else.
    #[default]
    Generic,
}

impl ConsumerKind {
    /// Parses `econobis`, `imagecapture` or `generic`.
    pub fn parse(s: &str) -> Option<ConsumerKind> {
        match s {
            "econobis" => Some(ConsumerKind::Econobis),
            "imagecapture" => Some(ConsumerKind::ImageCapture),
            "generic" => Some(ConsumerKind::Generic),
            _ => None,
        }
    }

    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsumerKind::Econobis => "econobis",
            ConsumerKind::ImageCapture => "imagecapture",
            ConsumerKind::Generic => "generic",
        }
    }

    /// The delegated scopes this kind of application asks for, when none are configured.
    pub fn default_scopes(self) -> Vec<String> {
        let names: &[&str] = match self {
            // Econobis config/azure.php
            ConsumerKind::Econobis => &[
                "User.Read",
                "Mail.Read",
                "Mail.Read.Shared",
                "Mail.Send",
                "Mail.Send.Shared",
                "offline_access",
            ],
            // ImageCapture's setup guide
            ConsumerKind::ImageCapture => &[
                "Mail.ReadWrite.Shared",
                "Mail.Send.Shared",
                "offline_access",
            ],
            ConsumerKind::Generic => &["User.Read", "Mail.Read", "offline_access"],
        };
        names.iter().map(|s| s.to_string()).collect()
    }
}

/// The business application that uses an app registration.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Consumer {
    /// Which kind, for runbooks and default scopes.
    pub kind: ConsumerKind,
    /// Display name.
    pub name: Option<String>,
    /// Where the application runs.
    pub url: Option<String>,
}

/// One Entra ID directory and what is watched in it.
#[derive(Debug, Clone, PartialEq)]
pub struct TenantSpec {
    /// Row id in the store (0 before it is stored).
    pub id: i64,
    /// Declared in the config file (read-only in the dashboard).
    pub from_config: bool,
    /// GUID or verified domain.
    pub tenant_id: String,
    /// Display name.
    pub name: String,
    /// Optional app-only credential for directory reads.
    pub monitor: Option<(String, Secret)>,
    /// App registrations.
    pub apps: Vec<AppSpec>,
}

/// One app registration.
#[derive(Debug, Clone, PartialEq)]
pub struct AppSpec {
    /// Row id in the store (0 before it is stored).
    pub id: i64,
    /// Declared in the config file.
    pub from_config: bool,
    /// The application (client) id.
    pub client_id: String,
    /// Display name.
    pub name: String,
    /// The client secret the consumers use.
    pub client_secret: Option<Secret>,
    /// Expiry entered by hand, for when the directory cannot be read.
    pub secret_expires: Option<DateTime<Utc>>,
    /// Delegated scopes every mailbox needs.
    pub required_scopes: Vec<String>,
    /// Who uses it.
    pub consumer: Consumer,
    /// Linked mailboxes.
    pub mailboxes: Vec<MailboxSpec>,
    /// Watched only for its credentials' expiry, as one of every app registration of its
    /// tenant (kept in step with the directory by the cycle).
    pub expiry_only: bool,
}

/// One mailbox linked through an app registration.
#[derive(Debug, Clone, PartialEq)]
pub struct MailboxSpec {
    /// Row id in the store (0 before it is stored).
    pub id: i64,
    /// Declared in the config file.
    pub from_config: bool,
    /// SMTP address.
    pub address: String,
    /// The account's object id in the directory.
    pub object_id: String,
    /// Scopes for this mailbox, when they differ from the app's.
    pub required_scopes: Option<Vec<String>>,
    /// linkwatch's own link, when one exists.
    pub link: Option<Link>,
}

pub use crate::input::{is_address, is_guid, is_tenant_id};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_debug_hides_value() {
        let s = Secret::new("abcdef");
        assert_eq!(format!("{s:?}"), "***");
        assert_eq!(s.hint(), "abc");
    }

    #[test]
    fn validators() {
        let cases: &[(&str, bool, bool, bool)] = &[
            // value, guid, address, tenant
            ("46e6adf4-a9cf-4b60-9390-0ba6fb00bf6b", true, false, true),
            ("46e6adf4a9cf4b6093900ba6fb00bf6b", false, false, false),
            ("contoso.onmicrosoft.com", false, false, true),
            ("info@contoso.nl", false, true, false),
            ("info@contoso", false, false, false),
            ("not a guid", false, false, false),
        ];
        for (v, g, a, t) in cases {
            assert_eq!(is_guid(v), *g, "guid {v}");
            assert_eq!(is_address(v), *a, "address {v}");
            assert_eq!(is_tenant_id(v), *t, "tenant {v}");
        }
    }
}

/// linkwatch's own delegated grant for one mailbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The current refresh token (rotates on every use).
    pub refresh_token: Secret,
    /// When the link was made (UTC).
    pub linked_at: DateTime<Utc>,
    /// Who made it (a user name, or `import`).
    pub linked_by: String,
    /// The signed-in account's object id, once known.
    pub account_id: Option<String>,
    /// The signed-in account's UPN, once known.
    pub account_upn: Option<String>,
    /// Scopes granted at the last redemption.
    pub granted_scopes: Vec<String>,
}
