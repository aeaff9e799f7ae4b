//! linkwatch's own monitor app: the application permissions it asks for and which signal each
//! one feeds, and what an app-only token says was granted (its `tid` and `roles` claims).

use crate::explain::Lang;
use crate::targets::Secret;
use base64::Engine;
use serde::Deserialize;

/// One application permission of the monitor app.
#[derive(Debug, Clone, Copy)]
pub struct Permission {
    /// The Microsoft Graph application permission.
    pub role: &'static str,
    /// What it lets linkwatch watch: its message id.
    pub feeds: &'static str,
}

impl Permission {
    /// What it lets linkwatch watch, in `l`.
    pub fn feeds(&self, l: Lang) -> &'static str {
        l.t(self.feeds)
    }
}

/// Every permission the monitor app asks for, most important first.
pub const PERMISSIONS: &[Permission] = &[
    Permission {
        role: "Application.Read.All",
        feeds: "permission-application-read-all",
    },
    Permission {
        role: "DelegatedPermissionGrant.Read.All",
        feeds: "permission-delegatedpermissiongrant-read-all",
    },
    Permission {
        role: "User.Read.All",
        feeds: "permission-user-read-all",
    },
    Permission {
        role: "AuditLog.Read.All",
        feeds: "permission-auditlog-read-all",
    },
    Permission {
        role: "Policy.Read.All",
        feeds: "permission-policy-read-all",
    },
];

/// What an app-only access token says.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AppClaims {
    /// The directory it was issued in.
    #[serde(default)]
    pub tid: String,
    /// The application permissions granted.
    #[serde(default)]
    pub roles: Vec<String>,
}

/// Reads an app-only access token's claims (its signature is Microsoft's business: the token
/// came straight from the token endpoint over TLS). `None` when it is not a JWT.
pub fn claims(token: &Secret) -> Option<AppClaims> {
    let payload = token.expose().split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// The permissions of [`PERMISSIONS`] that `roles` lacks.
pub fn missing(roles: &[String]) -> Vec<&'static Permission> {
    PERMISSIONS
        .iter()
        .filter(|p| !roles.iter().any(|r| r.eq_ignore_ascii_case(p.role)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_are_read_from_the_tokens_payload() {
        let b64 = |v: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v);
        let token = Secret::new(format!(
            "{}.{}.sig",
            b64(r#"{"typ":"JWT"}"#),
            b64(r#"{"tid":"t-1","roles":["User.Read.All","Application.Read.All"],"aud":"x"}"#)
        ));
        let c = claims(&token).unwrap();
        assert_eq!(c.tid, "t-1");
        assert_eq!(missing(&c.roles).len(), PERMISSIONS.len() - 2);
        assert_eq!(claims(&Secret::new("opaque")), None);
        let no_roles = Secret::new(format!("{}.{}.s", b64("{}"), b64(r#"{"tid":"t"}"#)));
        assert!(claims(&no_roles).unwrap().roles.is_empty());
    }
}
