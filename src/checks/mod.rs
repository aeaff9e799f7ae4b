//! The watchdog rules: pure functions from what was observed, the policy and `now` to findings.
//! No I/O here; `cycle.rs` gathers the observations.

pub use crate::aad as aadsts;
mod app;
pub mod consumer;
mod mailbox;

pub use app::{credential_in_use, evaluate_app, secret_in_use, AppObservation};
pub use mailbox::{evaluate_mailbox, LinkProbe, MailboxObservation};

use crate::aad::AadError;
use crate::model::{Finding, FindingCode, Severity, Source};
use chrono::{DateTime, Utc};
use std::fmt;

/// Thresholds from `[checks]`.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Warning at this many days left.
    pub warn_days: i64,
    /// Critical at this many days left.
    pub critical_days: i64,
    /// `consumer_idle` after this many hours without a sign-in by the application.
    pub consumer_idle_hours: i64,
}

impl Policy {
    /// The policy of the `[checks]` section.
    pub fn from_checks(c: &crate::config::ChecksConfig) -> Policy {
        Policy {
            warn_days: c.warn_days,
            critical_days: c.critical_days,
            consumer_idle_hours: c.consumer_idle_hours,
        }
    }
}

/// The outcome of a directory read.
#[derive(Debug, PartialEq)]
pub enum Directory<T> {
    /// Not attempted (no credential could get a token, say).
    NotTried(String),
    /// Refused (403): the credential lacks the directory permission.
    Denied(String),
    /// The read failed for another reason.
    Failed(Failure),
    /// Read.
    Read(T),
}

/// Why a call a check depends on gave no answer: the checks' own view of a client error, so
/// that they depend on no I/O module (the cycle translates).
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The identity platform refused a token.
    Token(AadError),
    /// Graph answered with an error status.
    Api {
        /// HTTP status.
        status: u16,
        /// Graph's error code, maybe empty.
        code: String,
        /// Graph's message.
        message: String,
    },
    /// No usable answer (throttled, out of time, unreachable, unreadable); `aad` when the
    /// identity platform said why.
    NoAnswer {
        /// What happened, in words.
        text: String,
        /// The identity platform's error body, when it sent one.
        aad: Option<AadError>,
    },
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Token(e) => write!(f, "token request refused: {e}"),
            Failure::Api {
                status,
                code,
                message,
            } if code.is_empty() => write!(f, "Graph answered {status}: {message}"),
            Failure::Api {
                status,
                code,
                message,
            } => write!(f, "Graph answered {status} {code}: {message}"),
            Failure::NoAnswer { text, .. } => f.write_str(text),
        }
    }
}

/// A finding for an expiry date: `secret_expired`, `secret_expiring` with its severity, or none.
pub fn expiry_finding(
    end: DateTime<Utc>,
    now: DateTime<Utc>,
    policy: &Policy,
    source: Source,
    what: &str,
) -> Option<Finding> {
    if end <= now {
        let f = Finding::new(
            FindingCode::SecretExpired,
            source,
            format!("{what} expired on {}", end.format("%Y-%m-%d")),
        );
        return Some(f.with_expiry(end));
    }
    let days_left = (end - now).num_days();
    if days_left > policy.warn_days {
        return None;
    }
    let mut f = Finding::new(
        FindingCode::SecretExpiring,
        source,
        format!(
            "{what} expires on {} ({days_left} days left)",
            end.format("%Y-%m-%d")
        ),
    )
    .with_expiry(end);
    f.severity = if days_left <= policy.critical_days {
        Severity::Critical
    } else {
        Severity::Warning
    };
    Some(f)
}

/// A `probe_failed` finding for an error, with the error as detail.
/// A transient identity-platform error (AADSTS90033, 50196, `temporarily_unavailable`) says
/// so in words, and keeps its code.
pub fn probe_failed(source: Source, what: &str, e: &Failure) -> Finding {
    let aad = match e {
        Failure::Token(t) => Some(t),
        Failure::NoAnswer { aad, .. } => aad.as_ref(),
        Failure::Api { .. } => None,
    };
    let detail = match e {
        Failure::Token(t) if aadsts::is_transient(t) => format!(
            "{what} did not complete: Microsoft's sign-in service was temporarily unavailable ({})",
            t.summary()
        ),
        _ => format!("{what} did not complete: {e}"),
    };
    Finding::new(FindingCode::ProbeFailed, source, detail)
        .with_aadsts(aad.and_then(aadsts::deciding_code))
}

/// Keeps the first finding of each code, merging the scopes and expiry of later ones into it.
pub fn dedupe(findings: Vec<Finding>) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    for f in findings {
        match out.iter_mut().find(|o| o.code == f.code) {
            Some(o) => {
                for s in f.scopes {
                    if !o.scopes.iter().any(|x| x.eq_ignore_ascii_case(&s)) {
                        o.scopes.push(s);
                    }
                }
                o.expires_at = o.expires_at.or(f.expires_at);
                o.aadsts = o.aadsts.or(f.aadsts);
                if f.severity.rank() > o.severity.rank() {
                    o.severity = f.severity;
                }
            }
            None => out.push(f),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn expiry_thresholds() {
        let now = Utc::now();
        let p = Policy {
            warn_days: 30,
            critical_days: 7,
            consumer_idle_hours: 24,
        };
        let cases: &[(i64, Option<(FindingCode, Severity)>)] = &[
            (-1, Some((FindingCode::SecretExpired, Severity::Critical))),
            (0, Some((FindingCode::SecretExpired, Severity::Critical))),
            (3, Some((FindingCode::SecretExpiring, Severity::Critical))),
            (7, Some((FindingCode::SecretExpiring, Severity::Critical))),
            (8, Some((FindingCode::SecretExpiring, Severity::Warning))),
            (30, Some((FindingCode::SecretExpiring, Severity::Warning))),
            (31, None),
        ];
        for (days, want) in cases {
            // Half an hour more, so whole days are counted as a person would.
            let end = now
                + Duration::days(*days)
                + if *days > 0 {
                    Duration::minutes(30)
                } else {
                    Duration::zero()
                };
            let got = expiry_finding(end, now, &p, Source::Directory, "secret")
                .map(|f| (f.code, f.severity));
            assert_eq!(got, *want, "{days} days");
        }
    }
}
