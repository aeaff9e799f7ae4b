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
    /// What it lets linkwatch watch, in English.
    pub en: &'static str,
    /// The same in Dutch.
    pub nl: &'static str,
}

impl Permission {
    /// What it lets linkwatch watch, in `l`.
    pub fn feeds(&self, l: Lang) -> &'static str {
        l.pick(self.en, self.nl)
    }
}

/// Every permission the monitor app asks for, most important first.
pub const PERMISSIONS: &[Permission] = &[
    Permission {
        role: "Application.Read.All",
        en: "app registrations: secret and certificate expiry, configured permissions; discovery of mail apps",
        nl: "app-registraties: vervaldatum van geheimen en certificaten, ingestelde machtigingen; het ontdekken van mail-apps",
    },
    Permission {
        role: "DelegatedPermissionGrant.Read.All",
        en: "consent: which mailboxes gave an app which permissions",
        nl: "toestemming: welke mailboxen een app welke machtigingen gaven",
    },
    Permission {
        role: "User.Read.All",
        en: "accounts: mail addresses, and whether an account is disabled",
        nl: "accounts: mailadressen, en of een account is uitgeschakeld",
    },
    Permission {
        role: "AuditLog.Read.All",
        en: "the applications' own sign-ins (with Entra ID P1 or P2)",
        nl: "de eigen aanmeldingen van de applicaties (met Entra ID P1 of P2)",
    },
    Permission {
        role: "Policy.Read.All",
        en: "app management policies: whether new secrets are allowed, and for how long",
        nl: "beleid voor app-beheer: of nieuwe geheimen zijn toegestaan, en hoe lang",
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
