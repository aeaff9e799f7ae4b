//! Why a delivery failed, per channel kind, and whether trying again can help
//! ([`DeliveryError::is_transient`]), as healthchecks' `TransportError(message, permanent)`
//! does. A permanent error is dead-lettered at once with its reason; a transient one waits for
//! the next attempt (never before the receiver's `Retry-After`).

use std::time::Duration;

/// A failed delivery.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DeliveryError {
    /// The webhook receiver answered with a non-2xx status.
    #[error("the receiver answered {status} {body}")]
    Http {
        /// HTTP status.
        status: u16,
        /// The start of its body.
        body: String,
        /// Its `Retry-After`, when it sent one (429, 503).
        retry_after: Option<Duration>,
    },
    /// The receiver's host name does not resolve.
    #[error("the receiver's address does not resolve: {0}")]
    Unresolvable(String),
    /// No connection, or it broke, or no answer in time.
    #[error("{0}")]
    Network(String),
    /// The SMTP server answered with an error (5xx: permanent, 4xx: transient).
    #[error("SMTP {server}: {message}")]
    Smtp {
        /// host:port.
        server: String,
        /// What it said.
        message: String,
        /// A 5xx reply (the recipient or sender was refused).
        permanent: bool,
    },
    /// The channel or the message cannot be sent as configured (a bad address, a channel no
    /// longer configured, an unreadable stored alert).
    #[error("{0}")]
    Config(String),
}

impl DeliveryError {
    /// Whether a later attempt may succeed without anyone acting.
    pub fn is_transient(&self) -> bool {
        match self {
            DeliveryError::Http { status, .. } => {
                matches!(status, 408 | 425 | 429) || *status >= 500 || *status < 400
            }
            DeliveryError::Network(_) => true,
            DeliveryError::Smtp { permanent, .. } => !permanent,
            DeliveryError::Unresolvable(_) | DeliveryError::Config(_) => false,
        }
    }

    /// The receiver's `Retry-After`, when it named one.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            DeliveryError::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// A reqwest failure: a name that does not resolve is permanent, anything else is not.
    /// The URL is left out (a webhook's path may be its secret).
    pub fn from_reqwest(e: reqwest::Error) -> DeliveryError {
        let chain = chain_text(&e);
        let is_builder = e.is_builder();
        let text = e.without_url().to_string();
        if is_lookup_failure(&chain) {
            DeliveryError::Unresolvable(text)
        } else if is_builder {
            DeliveryError::Config(format!("the URL cannot be used: {text}"))
        } else {
            DeliveryError::Network(format!("POST failed: {text}"))
        }
    }

    /// A lettre SMTP failure: a 5xx reply is permanent, a 4xx reply, a timeout or a broken
    /// connection is not; a host name that does not resolve is permanent.
    pub fn from_smtp(server: &str, e: &lettre::transport::smtp::Error) -> DeliveryError {
        let message = e.to_string();
        if e.is_permanent() {
            return DeliveryError::Smtp {
                server: server.into(),
                message,
                permanent: true,
            };
        }
        if e.is_transient() || e.is_timeout() {
            return DeliveryError::Smtp {
                server: server.into(),
                message,
                permanent: false,
            };
        }
        if is_lookup_failure(&chain_text(e)) {
            DeliveryError::Unresolvable(format!("{server}: {message}"))
        } else {
            DeliveryError::Network(format!("SMTP {server}: {message}"))
        }
    }
}

/// The error and its sources, as one text, to recognise a failed name lookup.
fn chain_text(e: &dyn std::error::Error) -> String {
    let mut chain = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        chain.push(' ');
        chain.push_str(&s.to_string());
        source = s.source();
    }
    chain
}

fn is_lookup_failure(chain: &str) -> bool {
    [
        "dns error",
        "failed to lookup address",
        "Name or service not known",
    ]
    .iter()
    .any(|m| chain.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_statuses_split_into_permanent_and_transient() {
        let http = |status| DeliveryError::Http {
            status,
            body: String::new(),
            retry_after: None,
        };
        for s in [400, 401, 403, 404, 410, 413, 422] {
            assert!(!http(s).is_transient(), "{s} is permanent");
        }
        for s in [408, 425, 429, 500, 502, 503, 504] {
            assert!(http(s).is_transient(), "{s} is transient");
        }
        assert!(!DeliveryError::Unresolvable("x".into()).is_transient());
        assert!(DeliveryError::Network("x".into()).is_transient());
        let smtp = |permanent| DeliveryError::Smtp {
            server: "h:25".into(),
            message: "x".into(),
            permanent,
        };
        assert!(!smtp(true).is_transient());
        assert!(smtp(false).is_transient());
    }
}
