//! The one error type of the identity-platform and Graph client, and how AADSTS token errors
//! are read (`error`, `suberror`, `error_codes`, with the description as a last resort).

use serde::Deserialize;
use std::fmt;
use std::time::Duration;

pub use crate::aad::AadError;

/// What went wrong talking to the identity platform or Graph.
#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    /// The token endpoint refused the request.
    #[error("token request refused: {0}")]
    Token(AadError),
    /// Graph answered with an error.
    #[error("Graph answered {status}{}: {message}", if .code.is_empty() { String::new() } else { format!(" {}", .code) })]
    Api {
        /// HTTP status.
        status: u16,
        /// Graph's error code (`ErrorAccessDenied`, …), maybe empty.
        code: String,
        /// Graph's message, or a snippet of the body.
        message: String,
    },
    /// Still throttled or unavailable after waiting as long as the budget allows.
    #[error("{}", throttled_text(*.status, *.attempts, *.waited, .aad.as_deref(), .why))]
    Throttled {
        /// 429 or 503.
        status: u16,
        /// Attempts made.
        attempts: u32,
        /// Total time waited.
        waited: Duration,
        /// The identity platform's error body of the last reply, when it sent one (a token
        /// endpoint's 503 `temporarily_unavailable` with AADSTS90033): its codes are kept.
        aad: Option<Box<AadError>>,
        /// Why no further attempt was made.
        why: String,
    },
    /// The target's time budget ran out (`[checks] target_budget_secs`).
    #[error("{}", gave_up_text(*.after, .cause, .aad.as_deref()))]
    GaveUp {
        /// The budget.
        after: Duration,
        /// What the calls were doing when it ran out.
        cause: String,
        /// The identity platform's error of the last reply that carried one: its codes are
        /// kept, whichever limit ended the wait.
        aad: Option<Box<AadError>>,
    },
    /// No reply in time.
    #[error("no reply within {0:?}")]
    Timeout(Duration),
    /// Could not connect or the connection broke.
    #[error("network error: {0}")]
    Network(String),
    /// The reply was larger than the configured cap.
    #[error("reply larger than the {limit} byte limit")]
    TooLarge {
        /// The cap.
        limit: usize,
    },
    /// The reply could not be read.
    #[error("unreadable reply: {0}")]
    Malformed(String),
    /// linkwatch's own credential cannot be used (a certificate that cannot sign).
    #[error("{0}")]
    Credential(String),
}

impl GraphError {
    /// Whether trying again later may succeed without anyone acting.
    pub fn is_transient(&self) -> bool {
        match self {
            GraphError::Token(e) => crate::aad::is_transient(e),
            GraphError::Api { status, .. } => *status >= 500 || *status == 429,
            GraphError::Throttled { .. }
            | GraphError::GaveUp { .. }
            | GraphError::Timeout(_)
            | GraphError::Network(_)
            | GraphError::TooLarge { .. }
            | GraphError::Malformed(_) => true,
            GraphError::Credential(_) => false,
        }
    }

    /// A short description of a body that could not be read, for error details.
    pub fn malformed(
        what: &str,
        content_type: Option<&str>,
        body: &[u8],
        cause: impl fmt::Display,
    ) -> GraphError {
        let snippet: String = String::from_utf8_lossy(&body[..body.len().min(120)])
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let ct = content_type.unwrap_or("no content type");
        GraphError::Malformed(format!(
            "{what}: {cause} ({ct}, {} bytes, starts {:?})",
            body.len(),
            snippet.trim()
        ))
    }
}

/// `20 s`, `0.05 s`, `1.5 s`: a duration as people read it in a finding.
pub fn seconds(d: Duration) -> String {
    let ms = d.as_millis();
    if ms % 1000 == 0 {
        format!("{} s", ms / 1000)
    } else {
        let s = format!("{:.2}", d.as_secs_f64());
        format!("{} s", s.trim_end_matches('0').trim_end_matches('.'))
    }
}

fn gave_up_text(after: Duration, cause: &str, aad: Option<&AadError>) -> String {
    let gave_up = format!("gave up after {}: {cause}", seconds(after));
    match aad {
        Some(e) => format!("{}; {gave_up}", unavailable_text(e, None)),
        None => gave_up,
    }
}

/// "Microsoft's sign-in service was temporarily unavailable (HTTP 503 temporarily_unavailable,
/// AADSTS90033)".
fn unavailable_text(e: &AadError, status: Option<u16>) -> String {
    let code = e
        .codes()
        .first()
        .map(|c| format!(", AADSTS{c}"))
        .unwrap_or_default();
    let status = status.map(|s| format!("HTTP {s} ")).unwrap_or_default();
    format!(
        "Microsoft's sign-in service was temporarily unavailable ({status}{}{code})",
        e.error
    )
}

fn throttled_text(
    status: u16,
    attempts: u32,
    waited: Duration,
    aad: Option<&AadError>,
    why: &str,
) -> String {
    let tries = format!("{attempts} attempts and {} of waiting", seconds(waited));
    match aad {
        Some(e) => format!("{} after {tries}; {why}", unavailable_text(e, Some(status))),
        None => format!("throttled (HTTP {status}) after {tries}; {why}"),
    }
}

/// Graph's error envelope: `{"error": {"code", "message"}}`.
#[derive(Debug, Deserialize)]
pub struct GraphErrorBody {
    /// The error.
    pub error: GraphErrorInner,
}

/// The inner error object.
#[derive(Debug, Deserialize)]
pub struct GraphErrorInner {
    /// e.g. `ErrorAccessDenied`; may be empty.
    #[serde(default)]
    pub code: String,
    /// Human text.
    #[serde(default)]
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aadsts_from_codes_or_text() {
        let e: AadError =
            serde_json::from_str(r#"{"error":"invalid_client","error_codes":["7000222"]}"#)
                .unwrap();
        assert_eq!(e.aadsts(), Some(7000222));
        let e: AadError = serde_json::from_str(r#"{"error":"invalid_grant","error_description":"AADSTS50173: revoked\r\nTrace ID: x","error_codes":null}"#).unwrap();
        assert_eq!(e.aadsts(), Some(50173));
        assert_eq!(e.summary(), "AADSTS50173: revoked");
        let e: AadError =
            serde_json::from_str(r#"{"error":"invalid_grant","error_codes":[{"x":1}]}"#).unwrap();
        assert_eq!(e.aadsts(), None);
    }
}
