//! Why a delivery failed, per channel kind, and whether trying again can help
//! ([`DeliveryError::is_transient`]), as healthchecks' `TransportError(message, permanent)`
//! does. A permanent error is dead-lettered at once with its reason; a transient one waits for
//! the next attempt (never before the receiver's `Retry-After`).

use std::time::Duration;

/// A failed delivery.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DeliveryError {
    /// The webhook receiver answered with a non-2xx status.
    #[error("the receiver answered {status} {reason}")]
    Http {
        /// HTTP status.
        status: u16,
        /// The status's standard reason phrase ("Not Found"); never the receiver's own words,
        /// which could be another service's page.
        reason: String,
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
    /// The destination is an address alerts set up in the dashboard may not go to.
    #[error("refused: {0}")]
    Refused(String),
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
            DeliveryError::Unresolvable(_)
            | DeliveryError::Refused(_)
            | DeliveryError::Config(_) => false,
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
        if super::destination::is_refusal(&chain) {
            return DeliveryError::Refused(
                "the destination resolved to an address alerts set up in the dashboard may not go to".into(),
            );
        }
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
    /// connection is not; a host name that does not resolve is permanent. Only the reply's
    /// code is kept, never the server's words: a server entered in the dashboard could
    /// otherwise be made to show another service's banner.
    pub fn from_smtp(server: &str, e: &lettre::transport::smtp::Error) -> DeliveryError {
        let code = e.status().map(|c| c.to_string()).unwrap_or_default();
        if e.is_permanent() {
            return DeliveryError::Smtp {
                server: server.into(),
                message: format!("the server refused the message ({code})"),
                permanent: true,
            };
        }
        if e.is_transient() || e.is_timeout() {
            let message = if e.is_timeout() {
                "no answer in time".to_string()
            } else {
                format!("the server refused the message for now ({code})")
            };
            return DeliveryError::Smtp {
                server: server.into(),
                message,
                permanent: false,
            };
        }
        let chain = chain_text(e);
        if is_lookup_failure(&chain) {
            return DeliveryError::Unresolvable(server.to_string());
        }
        let message = if e.is_response() {
            "the server's answer is not SMTP".to_string()
        } else if e.is_tls() {
            "the TLS connection failed".to_string()
        } else if let Some(io) = io_error_in(e) {
            format!("could not connect: {io}")
        } else if e.is_client() {
            e.to_string()
        } else {
            "the connection failed".to_string()
        };
        DeliveryError::Network(format!("SMTP {server}: {message}"))
    }
}

/// The operating system's error inside a chain of sources (connection refused, reset, …).
fn io_error_in<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a std::io::Error> {
    let mut cur = Some(e);
    while let Some(err) = cur {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        cur = err.source();
    }
    None
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
            reason: String::new(),
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
