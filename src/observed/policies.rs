//! App management policies (`/policies/defaultAppManagementPolicy` and an app's own
//! `appManagementPolicies`) and what they mean for a new client secret: blocked, or capped at
//! a lifetime. A policy assigned to the app overrides the tenant default; a restriction applies
//! only to apps created after its `restrictForAppsCreatedAfterDateTime`; a disabled policy
//! applies to nothing.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer};

/// One restriction on passwords or keys.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Restriction {
    /// `passwordAddition`, `passwordLifetime`, `symmetricKeyAddition`, …
    #[serde(default)]
    pub restriction_type: String,
    /// An ISO 8601 duration (`P90D`, `P4DT12H30M5S`), or null.
    #[serde(default)]
    pub max_lifetime: Option<String>,
    /// Applies to apps created after this.
    #[serde(default)]
    pub restrict_for_apps_created_after_date_time: Option<DateTime<Utc>>,
}

/// Restrictions on an app's credentials.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Restrictions {
    /// On client secrets.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub password_credentials: Vec<Restriction>,
    /// On certificates.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub key_credentials: Vec<Restriction>,
}

/// The tenant's default policy.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DefaultPolicy {
    /// Enforced.
    #[serde(default)]
    pub is_enabled: bool,
    /// What applies to applications.
    #[serde(default)]
    pub application_restrictions: Option<Restrictions>,
}

/// A policy assigned to one app.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct AppPolicy {
    /// Its name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Enforced.
    #[serde(default)]
    pub is_enabled: bool,
    /// What it restricts.
    #[serde(default)]
    pub restrictions: Option<Restrictions>,
}

fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// What the policies allow for a new client secret of one app.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SecretRules {
    /// New secrets are blocked (use a certificate).
    pub blocked: bool,
    /// New secrets may last at most this many days.
    pub max_days: Option<i64>,
    /// Which policy says so (`the tenant's default policy` or the assigned one's name).
    pub by: Option<String>,
}

/// Days in an ISO 8601 duration (`P1Y2M10DT2H` → years as 365, months as 30 days; hours and
/// less round down). `None` when it is not one.
pub fn duration_days(s: &str) -> Option<i64> {
    let rest = s.trim().strip_prefix('P')?;
    let (date, time) = rest.split_once('T').unwrap_or((rest, ""));
    let mut days: f64 = 0.0;
    let mut any = false;
    for (part, units) in [
        (
            date,
            &[('Y', 365.0), ('M', 30.0), ('W', 7.0), ('D', 1.0)][..],
        ),
        (
            time,
            &[('H', 1.0 / 24.0), ('M', 1.0 / 1440.0), ('S', 1.0 / 86400.0)][..],
        ),
    ] {
        let mut num = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                num.push(c);
                continue;
            }
            let factor = units.iter().find(|(u, _)| *u == c)?.1;
            days += num.parse::<f64>().ok()? * factor;
            num.clear();
            any = true;
        }
        if !num.is_empty() {
            return None;
        }
    }
    any.then_some(days.floor() as i64)
}

/// The rules for a new client secret of an app created at `created` (unknown: every
/// restriction applies), under `assigned` (the app's own policies) or else `default`.
pub fn secret_rules(
    default: Option<&DefaultPolicy>,
    assigned: &[AppPolicy],
    created: Option<DateTime<Utc>>,
) -> SecretRules {
    let own = assigned.iter().find(|p| p.is_enabled);
    let (restrictions, by) = match (own, default) {
        (Some(p), _) => (
            p.restrictions.clone(),
            p.display_name.clone().or(Some("the app's policy".into())),
        ),
        (None, Some(d)) if d.is_enabled => (
            d.application_restrictions.clone(),
            Some("the tenant's default policy".into()),
        ),
        _ => return SecretRules::default(),
    };
    let applies = |r: &&Restriction| match (r.restrict_for_apps_created_after_date_time, created) {
        (Some(after), Some(c)) => c > after,
        _ => true,
    };
    let rules: Vec<&Restriction> = restrictions
        .as_ref()
        .map(|r| r.password_credentials.iter().filter(applies).collect())
        .unwrap_or_default();
    let blocked = rules
        .iter()
        .any(|r| r.restriction_type == "passwordAddition");
    let max_days = rules
        .iter()
        .filter(|r| r.restriction_type == "passwordLifetime")
        .filter_map(|r| r.max_lifetime.as_deref().and_then(duration_days))
        .min();
    if !blocked && max_days.is_none() {
        return SecretRules::default();
    }
    SecretRules {
        blocked,
        max_days,
        by,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_durations_in_days() {
        for (s, want) in [
            ("P90D", Some(90)),
            ("P4DT12H30M5S", Some(4)),
            ("P1Y", Some(365)),
            ("P2W", Some(14)),
            ("PT36H", Some(1)),
            ("P", None),
            ("90D", None),
            ("P5X", None),
        ] {
            assert_eq!(duration_days(s), want, "{s}");
        }
    }

    #[test]
    fn the_samples_policies_read_and_apply() {
        let default: DefaultPolicy = serde_json::from_str(include_str!(
            "../../tests/fixtures/graph/graph-defaultAppManagementPolicy.json"
        ))
        .unwrap();
        assert_eq!(
            secret_rules(Some(&default), &[], None),
            SecretRules::default(),
            "disabled out of the box"
        );
        #[derive(Deserialize)]
        struct List {
            value: Vec<AppPolicy>,
        }
        let mut list: List = serde_json::from_str(include_str!(
            "../../tests/fixtures/graph/graph-appManagementPolicy-restrictions.json"
        ))
        .unwrap();
        assert_eq!(
            secret_rules(None, &list.value, None),
            SecretRules::default(),
            "the sample's policy is disabled"
        );
        list.value[0].is_enabled = true;
        let rules = secret_rules(Some(&default), &list.value, None);
        assert!(rules.blocked);
        assert_eq!(rules.max_days, Some(4));
        // An app created before the passwordAddition date is not blocked, only capped.
        let old = "2018-01-01T00:00:00Z".parse().ok();
        let rules = secret_rules(None, &list.value, old);
        assert!(!rules.blocked);
        assert_eq!(rules.max_days, Some(4));
        // The tenant default applies when the app has none of its own.
        let capped = DefaultPolicy {
            is_enabled: true,
            application_restrictions: list.value[0].restrictions.clone(),
        };
        assert_eq!(
            secret_rules(Some(&capped), &[], old).by.as_deref(),
            Some("the tenant's default policy")
        );
    }
}
