//! Every app registration's expiry, tenant-wide: which of a tenant's app registrations become
//! expiry-only targets, and which are left out — by the tenant's name patterns, and by default
//! the ones whose credentials Microsoft renews itself (Entra Connect's
//! `ConnectSyncProvisioning_*`). Application Proxy's `CWAP_AuthSecret` secrets are renewed by
//! Microsoft too: they are left out of an app's expiry, not the app. Pure.

use crate::observed::Application;

/// Name patterns left out unless a tenant sets its own.
pub const DEFAULT_EXCLUDES: &[&str] = &["ConnectSyncProvisioning_*"];

/// The display name of the secrets Application Proxy adds and renews itself.
pub const SELF_RENEWING_SECRET: &str = "CWAP_AuthSecret";

/// Whether `name` matches `pattern` (`*` for any run of characters, case-insensitive).
pub fn matches(pattern: &str, name: &str) -> bool {
    let (p, n) = (pattern.to_lowercase(), name.to_lowercase());
    let parts: Vec<&str> = p.split('*').collect();
    if parts.len() == 1 {
        return p == n;
    }
    let mut rest = n.as_str();
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            let Some(r) = rest.strip_prefix(part) else {
                return false;
            };
            rest = r;
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            let Some(at) = rest.find(part) else {
                return false;
            };
            rest = &rest[at + part.len()..];
        }
    }
    true
}

/// An app registration left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// Its name.
    pub name: String,
    /// The pattern that matched.
    pub pattern: String,
}

/// The app registrations to watch for expiry (client id, name), and those left out.
/// `watched` are the client ids watched already (as mail apps).
pub fn targets(
    apps: &[Application],
    watched: &[String],
    excludes: &[String],
) -> (Vec<(String, String)>, Vec<LeftOut>) {
    let mut keep = Vec::new();
    let mut left = Vec::new();
    for a in apps {
        let name = a.display_name.clone().unwrap_or_else(|| a.app_id.clone());
        if watched.iter().any(|w| w.eq_ignore_ascii_case(&a.app_id)) {
            continue;
        }
        if let Some(p) = excludes.iter().find(|p| matches(p, &name)) {
            left.push(LeftOut {
                name,
                pattern: p.clone(),
            });
            continue;
        }
        if a.password_credentials.is_empty() && a.key_credentials.is_empty() {
            continue;
        }
        keep.push((a.app_id.to_ascii_lowercase(), name));
    }
    (keep, left)
}

/// A tenant's exclusions: its own patterns (one per line), or the defaults.
pub fn excludes(own: Option<&str>) -> Vec<String> {
    match own.map(str::trim).filter(|s| !s.is_empty()) {
        Some(text) => text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect(),
        None => DEFAULT_EXCLUDES.iter().map(|s| s.to_string()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(id: &str, name: &str, secrets: usize) -> Application {
        serde_json::from_value(serde_json::json!({
            "id": format!("o-{id}"), "appId": id, "displayName": name,
            "passwordCredentials": (0..secrets).map(|i| serde_json::json!({"keyId": format!("k{i}")})).collect::<Vec<_>>(),
        }))
        .unwrap()
    }

    #[test]
    fn patterns() {
        for (p, n, want) in [
            (
                "ConnectSyncProvisioning_*",
                "ConnectSyncProvisioning_CS01_3ac06f5648e4",
                true,
            ),
            (
                "connectsyncprovisioning_*",
                "ConnectSyncProvisioning_X",
                true,
            ),
            ("*-test", "payroll-test", true),
            ("pay*-test", "payroll-prod", false),
            ("Payroll", "Payroll", true),
            ("Payroll", "Payroll 2", false),
        ] {
            assert_eq!(matches(p, n), want, "{p} {n}");
        }
    }

    #[test]
    fn every_app_with_a_credential_but_the_watched_and_the_excluded() {
        let apps = [
            app("a1", "Payroll connector", 1),
            app("a2", "Econobis", 1),
            app("a3", "ConnectSyncProvisioning_CS01_3ac06f5648e4", 0),
            app("a4", "No credentials", 0),
        ];
        let (keep, left) = targets(&apps, &["A2".into()], &excludes(None));
        assert_eq!(keep, [("a1".to_string(), "Payroll connector".to_string())]);
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].pattern, "ConnectSyncProvisioning_*");
        assert_eq!(excludes(Some("Payroll*\n\n  Test ")), ["Payroll*", "Test"]);
    }
}
