//! The identity platform's error replies (`error`, `suberror`, `error_codes`, with the
//! description as a last resort) and which finding each means. Known AADSTS numbers decide
//! first (they are the most specific), then `suberror`, then `error`; anything else is
//! `probe_failed`, never healthy. A leaf: the Graph client and the checks both read it, and
//! neither reads the other.

use crate::model::FindingCode;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// An error body of the identity platform's token endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AadError {
    /// `invalid_client`, `invalid_grant`, `interaction_required`, …
    pub error: String,
    /// Human text; starts with `AADSTSnnn:` and ends with trace lines.
    #[serde(default)]
    pub error_description: Option<String>,
    /// AADSTS numbers.
    #[serde(default, deserialize_with = "lenient_codes")]
    pub error_codes: Vec<u32>,
    /// `consent_required`, `basic_action`, `message_only`, `bad_token`.
    #[serde(default)]
    pub suberror: Option<String>,
    /// Correlation id, for support cases.
    #[serde(default)]
    pub correlation_id: Option<String>,
}

impl AadError {
    /// The AADSTS code: the first of `error_codes`, else the number after `AADSTS` in the text.
    pub fn aadsts(&self) -> Option<u32> {
        self.codes().first().copied()
    }

    /// Every AADSTS code: `error_codes` in order, else the number after `AADSTS` in the text.
    pub fn codes(&self) -> Vec<u32> {
        if !self.error_codes.is_empty() {
            return self.error_codes.clone();
        }
        let from_text = || {
            let d = self.error_description.as_deref()?;
            let rest = &d[d.find("AADSTS")? + 6..];
            let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
            digits.parse().ok()
        };
        from_text().into_iter().collect()
    }

    /// Reads an identity-platform error body; `None` when the body is not one (no `error`).
    pub fn from_body(body: &[u8]) -> Option<AadError> {
        serde_json::from_slice::<AadError>(body)
            .ok()
            .filter(|e| !e.error.is_empty())
    }

    /// The first line of the description, without the trace lines.
    pub fn summary(&self) -> String {
        let d = self.error_description.as_deref().unwrap_or("");
        let line = d.lines().next().unwrap_or("").trim();
        let mut s: String = line.chars().take(600).collect();
        if s.is_empty() {
            s = self.error.clone();
        }
        s
    }
}

impl fmt::Display for AadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.error, self.summary())
    }
}

impl oauth2::ErrorResponse for AadError {}

/// `error_codes` as integers; strings of digits are accepted, anything else is skipped.
fn lenient_codes<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u32>, D::Error> {
    let v: Option<serde_json::Value> = Option::deserialize(d)?;
    let Some(serde_json::Value::Array(items)) = v else {
        return Ok(Vec::new());
    };
    Ok(items
        .iter()
        .filter_map(|i| match i {
            serde_json::Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
            serde_json::Value::String(s) => s.parse().ok(),
            _ => None,
        })
        .collect())
}

/// Which token request failed: the app's own client-credentials probe, or a link's refresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Client credentials with the app's secret.
    App,
    /// Refresh-token redemption for a mailbox link.
    Link,
}

/// AADSTS codes that mean "try again later".
pub const TRANSIENT: &[u32] = &[90033, 50196, 50033, 50087, 90006, 90024, 90090, 90055];

/// Known AADSTS codes and the finding each means.
pub const KNOWN: &[(u32, FindingCode)] = &[
    (7000222, FindingCode::SecretExpired),
    (7000215, FindingCode::SecretInvalid),
    (7000218, FindingCode::SecretInvalid),
    // A certificate credential refused: not registered or expired (700027), an assertion
    // for another app (700021), endpoint (700023) or time (700024).
    (700027, FindingCode::SecretInvalid),
    (700021, FindingCode::SecretInvalid),
    (700023, FindingCode::SecretInvalid),
    (700024, FindingCode::SecretInvalid),
    (700016, FindingCode::AppMissing),
    (7000112, FindingCode::AppMissing),
    (70001, FindingCode::AppMissing),
    (90002, FindingCode::AppMissing),
    (90038, FindingCode::AppMissing),
    (65001, FindingCode::ConsentMissing),
    (50173, FindingCode::LinkRevoked),
    (70000, FindingCode::LinkRevoked),
    (70008, FindingCode::LinkRevoked),
    (700082, FindingCode::LinkRevoked),
    (50076, FindingCode::ReauthRequired),
    (50079, FindingCode::ReauthRequired),
    (53003, FindingCode::ReauthRequired),
    (530003, FindingCode::ReauthRequired),
    (50055, FindingCode::ReauthRequired),
    (50158, FindingCode::ReauthRequired),
    (70043, FindingCode::ReauthRequired),
    (50057, FindingCode::AccountDisabled),
    (50034, FindingCode::AccountDisabled),
];

/// The code that decides the finding: the first of the error's codes that the product knows
/// (as transient or with a finding), else the first code.
pub fn deciding_code(e: &AadError) -> Option<u32> {
    let codes = e.codes();
    codes
        .iter()
        .copied()
        .find(|c| TRANSIENT.contains(c) || KNOWN.iter().any(|(k, _)| k == c))
        .or_else(|| codes.first().copied())
}

/// Whether the error is worth retrying later without anyone acting.
pub fn is_transient(e: &AadError) -> bool {
    deciding_code(e).is_some_and(|c| TRANSIENT.contains(&c)) || e.error == "temporarily_unavailable"
}

/// The finding a token error means in `flow`.
pub fn classify(e: &AadError, flow: Flow) -> FindingCode {
    if is_transient(e) {
        return FindingCode::ProbeFailed;
    }
    if let Some(code) = deciding_code(e) {
        if let Some((_, f)) = KNOWN.iter().find(|(c, _)| *c == code) {
            return *f;
        }
    }
    match (e.suberror.as_deref(), e.error.as_str(), flow) {
        (Some("consent_required"), _, _) | (_, "consent_required", _) => {
            FindingCode::ConsentMissing
        }
        (_, "interaction_required", _) => FindingCode::ReauthRequired,
        (_, "invalid_client", _) => FindingCode::SecretInvalid,
        (_, "unauthorized_client" | "invalid_tenant", _) => FindingCode::AppMissing,
        (_, "invalid_grant", Flow::Link) => FindingCode::LinkRevoked,
        _ => FindingCode::ProbeFailed,
    }
}

/// Whether a finding code is about the app registration's own credential, so that every
/// mailbox's failure with it is caused by the app.
pub fn is_app_level(code: FindingCode) -> bool {
    matches!(
        code,
        FindingCode::SecretExpired | FindingCode::SecretInvalid | FindingCode::AppMissing
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use FindingCode::*;

    fn err(error: &str, code: Option<u32>, suberror: Option<&str>) -> AadError {
        AadError {
            error: error.into(),
            error_description: code.map(|c| format!("AADSTS{c}: something.\r\nTrace ID: x")),
            error_codes: code.into_iter().collect(),
            suberror: suberror.map(Into::into),
            correlation_id: None,
        }
    }

    #[test]
    fn every_design_aadsts_code() {
        let cases: &[(&str, u32, Flow, FindingCode)] = &[
            ("invalid_client", 7000222, Flow::App, SecretExpired),
            ("invalid_client", 7000215, Flow::App, SecretInvalid),
            ("unauthorized_client", 700016, Flow::App, AppMissing),
            ("unauthorized_client", 7000112, Flow::App, AppMissing),
            ("invalid_tenant", 90002, Flow::App, AppMissing),
            ("invalid_grant", 65001, Flow::Link, ConsentMissing),
            ("invalid_grant", 50173, Flow::Link, LinkRevoked),
            ("invalid_grant", 70000, Flow::Link, LinkRevoked),
            ("invalid_grant", 70008, Flow::Link, LinkRevoked),
            ("invalid_grant", 700082, Flow::Link, LinkRevoked),
            ("invalid_grant", 50076, Flow::Link, ReauthRequired),
            ("interaction_required", 50079, Flow::Link, ReauthRequired),
            ("interaction_required", 53003, Flow::Link, ReauthRequired),
            ("invalid_grant", 530003, Flow::Link, ReauthRequired),
            ("invalid_grant", 50055, Flow::Link, ReauthRequired),
            ("invalid_grant", 50158, Flow::Link, ReauthRequired),
            ("invalid_grant", 70043, Flow::Link, ReauthRequired),
            ("invalid_grant", 50057, Flow::Link, AccountDisabled),
            ("invalid_grant", 50034, Flow::Link, AccountDisabled),
            ("temporarily_unavailable", 90033, Flow::App, ProbeFailed),
            ("invalid_request", 50196, Flow::Link, ProbeFailed),
            ("invalid_request", 90055, Flow::App, ProbeFailed),
            // The app's secret seen through a link's refresh.
            ("invalid_client", 7000222, Flow::Link, SecretExpired),
        ];
        for (error, code, flow, want) in cases {
            assert_eq!(
                classify(&err(error, Some(*code), None), *flow),
                *want,
                "AADSTS{code} in {flow:?}"
            );
        }
    }

    #[test]
    fn by_error_and_suberror_when_the_code_is_unknown() {
        let cases: &[(&str, Option<&str>, Flow, FindingCode)] = &[
            (
                "invalid_grant",
                Some("consent_required"),
                Flow::Link,
                ConsentMissing,
            ),
            ("interaction_required", None, Flow::Link, ReauthRequired),
            ("invalid_grant", None, Flow::Link, LinkRevoked),
            ("invalid_grant", None, Flow::App, ProbeFailed),
            ("invalid_client", None, Flow::App, SecretInvalid),
            ("temporarily_unavailable", None, Flow::App, ProbeFailed),
            ("server_error", None, Flow::App, ProbeFailed),
        ];
        for (error, sub, flow, want) in cases {
            assert_eq!(
                classify(&err(error, Some(9999999), *sub), *flow),
                *want,
                "{error} {sub:?}"
            );
            assert_eq!(
                classify(&err(error, None, *sub), *flow),
                *want,
                "{error} {sub:?} without code"
            );
        }
    }

    #[test]
    fn with_several_codes_the_first_known_one_decides() {
        let mut e = err("invalid_grant", None, None);
        e.error_codes = vec![9999999, 50173, 50076];
        assert_eq!(deciding_code(&e), Some(50173));
        assert_eq!(classify(&e, Flow::Link), LinkRevoked);
        e.error_codes = vec![1234, 90033, 7000215];
        assert_eq!(classify(&e, Flow::App), ProbeFailed);
        e.error_codes = vec![1234, 5678];
        assert_eq!(deciding_code(&e), Some(1234));
        e.error_codes = Vec::new();
        assert_eq!(deciding_code(&e), None);
    }

    #[test]
    fn every_code_in_the_table_is_classified_as_listed() {
        for (code, want) in KNOWN {
            assert_eq!(
                classify(&err("whatever", Some(*code), None), Flow::Link),
                *want,
                "AADSTS{code}"
            );
        }
        for code in TRANSIENT {
            assert!(is_transient(&err("x", Some(*code), None)));
        }
    }
}
