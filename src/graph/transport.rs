//! HTTP transport shared by token and Graph calls: bounded concurrency (global and per tenant),
//! timeouts, a cap on reply size, and `Retry-After` honoured on 429 and 503 (never earlier).

use super::error::GraphError;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;

/// Limits of the transport, from `[checks]`.
#[derive(Debug, Clone)]
pub struct TransportConfig {
    /// Requests in flight at once, all tenants together.
    pub concurrency: usize,
    /// Requests in flight at once per tenant.
    pub per_tenant_concurrency: usize,
    /// Timeout of one request.
    pub timeout: Duration,
    /// Largest reply body read.
    pub max_response_bytes: usize,
    /// Longest total `Retry-After` wait for one request.
    pub retry_budget: Duration,
}

impl TransportConfig {
    /// Limits from the `[checks]` section.
    pub fn from_checks(c: &crate::config::ChecksConfig) -> TransportConfig {
        TransportConfig {
            concurrency: c.concurrency,
            per_tenant_concurrency: c.per_tenant_concurrency,
            timeout: Duration::from_secs(c.timeout_secs),
            max_response_bytes: c.max_response_bytes,
            retry_budget: Duration::from_secs(c.retry_budget_secs),
        }
    }
}

/// Counters of what the transport did, for summaries and metrics.
#[derive(Debug, Default)]
pub struct TransportStats {
    /// HTTP requests sent (each attempt counts).
    pub calls: AtomicU64,
    /// Replies that asked us to wait (429/503).
    pub throttled: AtomicU64,
    /// Milliseconds spent waiting for `Retry-After`.
    pub waited_ms: AtomicU64,
    /// Replies by class: 2xx, 4xx, 5xx, and requests that got no reply.
    pub ok: AtomicU64,
    /// 4xx replies (429 included).
    pub client_error: AtomicU64,
    /// 5xx replies.
    pub server_error: AtomicU64,
    /// Timeouts, refused connections, oversized replies.
    pub failed: AtomicU64,
    /// Requests to the reporting API (sign-in log, credential report), included in `calls`.
    pub report_calls: AtomicU64,
    /// Milliseconds spent on them, waits for the reporting limit included.
    pub report_ms: AtomicU64,
}

/// Sends requests within the limits.
#[derive(Clone)]
pub struct Transport {
    client: reqwest::Client,
    cfg: TransportConfig,
    global: Arc<Semaphore>,
    tenants: Arc<Mutex<HashMap<String, Arc<Semaphore>>>>,
    stats: Arc<TransportStats>,
}

/// Attempts of one request. The retry budget bounds the time spent waiting; this bounds a
/// storm of short `Retry-After`s: at 30% of calls throttled at random, 8 attempts left about
/// one request in 15,000 without an answer, 16 leave one in 23 million.
const MAX_ATTEMPTS: u32 = 16;

impl Transport {
    /// A transport with its own connection pool.
    pub fn new(cfg: TransportConfig) -> Result<Transport, GraphError> {
        let client = reqwest::Client::builder()
            .timeout(cfg.timeout)
            .connect_timeout(cfg.timeout.min(Duration::from_secs(10)))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("linkwatch/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| GraphError::Network(e.to_string()))?;
        Ok(Transport {
            client,
            global: Arc::new(Semaphore::new(cfg.concurrency)),
            tenants: Arc::default(),
            stats: Arc::default(),
            cfg,
        })
    }

    /// Requests in flight at once, all tenants together (`[checks] concurrency`).
    pub fn concurrency(&self) -> usize {
        self.cfg.concurrency
    }

    /// The counters.
    pub fn stats(&self) -> &TransportStats {
        &self.stats
    }

    fn tenant_gate(&self, tenant: &str) -> Arc<Semaphore> {
        let mut map = self.tenants.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(tenant.to_ascii_lowercase())
            .or_insert_with(|| Arc::new(Semaphore::new(self.cfg.per_tenant_concurrency)))
            .clone()
    }

    /// Sends `req` for `tenant`, retrying 429/503 after `Retry-After` (a short backoff with
    /// jitter when there is none) and transient 5xx briefly. Permits are released while waiting,
    /// so a throttled tenant does not block the others. Waits stay within the retry budget and
    /// the target's time budget ([`super::budget`]): a wait that would overrun either is not
    /// started; the error says why.
    pub async fn send(
        &self,
        tenant: &str,
        req: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, GraphError> {
        let gate = self.tenant_gate(tenant);
        let what = format!("{} {}", req.method(), req.uri().path());
        let mut waited = Duration::ZERO;
        let mut attempt = 0;
        loop {
            attempt += 1;
            super::budget::note(|| format!("waiting for a reply to {what}"));
            let queued_at = tokio::time::Instant::now();
            let resp = {
                let _t = gate
                    .acquire()
                    .await
                    .map_err(|e| GraphError::Network(e.to_string()))?;
                let _g = self
                    .global
                    .acquire()
                    .await
                    .map_err(|e| GraphError::Network(e.to_string()))?;
                // Queueing behind other targets is not this target's time.
                super::budget::queued(queued_at.elapsed());
                self.stats.calls.fetch_add(1, Ordering::Relaxed);
                let r = self.send_once(&req).await;
                let counter = match &r {
                    Ok(resp) if resp.status().is_success() => &self.stats.ok,
                    Ok(resp) if resp.status().is_client_error() => &self.stats.client_error,
                    Ok(_) => &self.stats.server_error,
                    Err(_) => &self.stats.failed,
                };
                counter.fetch_add(1, Ordering::Relaxed);
                if let Err(e) = &r {
                    super::budget::note(|| format!("{what}: {e}"));
                }
                r?
            };
            let status = resp.status().as_u16();
            let throttled = status == 429 || status == 503;
            let wait = if throttled {
                self.stats.throttled.fetch_add(1, Ordering::Relaxed);
                Some(retry_after(resp.headers()).unwrap_or_else(|| backoff(attempt)))
            } else if matches!(status, 500 | 502 | 504) && attempt < 3 {
                Some(backoff(attempt))
            } else {
                None
            };
            let Some(wait) = wait else {
                return Ok(resp);
            };
            super::budget::note(|| format!("{what} answered HTTP {status} (attempt {attempt})"));
            let aad = throttled
                .then(|| super::error::AadError::from_body(resp.body()))
                .flatten();
            if let Some(e) = &aad {
                super::budget::note_aad(e.clone());
            }
            // The spread is part of the wait that is checked against the budgets, so the
            // last wait cannot outlast them unseen.
            let pause = wait + spread(wait);
            let why = self.refuse_wait(attempt, waited, pause, MAX_ATTEMPTS);
            if let Some(why) = why {
                if throttled {
                    return Err(GraphError::Throttled {
                        status,
                        attempts: attempt,
                        waited,
                        aad: aad.map(Box::new),
                        why,
                    });
                }
                return Ok(resp);
            }
            tracing::debug!(
                status,
                wait_ms = pause.as_millis() as u64,
                attempt,
                "waiting before retry"
            );
            tokio::time::sleep(pause).await;
            waited += pause;
            self.stats
                .waited_ms
                .fetch_add(pause.as_millis() as u64, Ordering::Relaxed);
        }
    }

    /// Why waiting `wait` more before attempt `attempt + 1` is not allowed (after `waited`
    /// already): too many attempts, past the retry budget, or past the target's time budget.
    /// `None`: wait.
    pub fn refuse_wait(
        &self,
        attempt: u32,
        waited: Duration,
        wait: Duration,
        max_attempts: u32,
    ) -> Option<String> {
        let seconds = super::error::seconds;
        if attempt >= max_attempts {
            Some(format!("{max_attempts} attempts is the most made"))
        } else if waited + wait > self.cfg.retry_budget {
            Some(format!(
                "asked to wait {} more, past the {} retry budget",
                seconds(wait),
                seconds(self.cfg.retry_budget)
            ))
        } else if super::budget::remaining().is_some_and(|left| wait >= left) {
            Some(format!(
                "asked to wait {}, past this target's {} time budget",
                seconds(wait),
                seconds(super::budget::limit().unwrap_or_default())
            ))
        } else {
            None
        }
    }

    async fn send_once(
        &self,
        req: &http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, GraphError> {
        let mut builder = self
            .client
            .request(req.method().clone(), req.uri().to_string())
            .headers(req.headers().clone());
        if !req.body().is_empty() {
            builder = builder.body(req.body().clone());
        }
        let mut resp = builder.send().await.map_err(|e| self.map_reqwest(e))?;
        let limit = self.cfg.max_response_bytes;
        if resp.content_length().is_some_and(|n| n as usize > limit) {
            return Err(GraphError::TooLarge { limit });
        }
        let mut out = http::Response::builder().status(resp.status());
        if let Some(h) = out.headers_mut() {
            *h = resp.headers().clone();
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| self.map_reqwest(e))? {
            if body.len() + chunk.len() > limit {
                return Err(GraphError::TooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        out.body(body)
            .map_err(|e| GraphError::Malformed(e.to_string()))
    }

    fn map_reqwest(&self, e: reqwest::Error) -> GraphError {
        if e.is_timeout() {
            GraphError::Timeout(self.cfg.timeout)
        } else {
            // Without the URL: it can carry tenant or user ids, never secrets, but keep logs short.
            GraphError::Network(e.without_url().to_string())
        }
    }
}

/// Up to a tenth more than asked (at most 2 s), so requests throttled together do not all come
/// back in the same instant. Never less: `Retry-After` is a floor.
fn spread(wait: Duration) -> Duration {
    use rand::Rng;
    let most = (wait / 10).min(Duration::from_secs(2)).as_millis() as u64;
    Duration::from_millis(rand::thread_rng().gen_range(0..=most))
}

/// The wait before attempt `attempt + 1` when the reply named none (a 429 or 503 without
/// `Retry-After`, as Outlook sends them, or a 5xx): 0.5 s, 1 s, 2 s, … at most 8 s, plus up to
/// half again at random so that clients throttled together spread out.
pub fn backoff(attempt: u32) -> Duration {
    use rand::Rng;
    let base = 500u64 << attempt.saturating_sub(1).min(4);
    Duration::from_millis(base + rand::thread_rng().gen_range(0..=base / 2))
}

/// Reads `Retry-After` from a header map; see [`parse_retry_after`].
pub fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    parse_retry_after(headers.get(http::header::RETRY_AFTER)?.to_str().ok()?)
}

/// A `Retry-After` value: seconds (fractional allowed, rounded up to the millisecond) or an
/// HTTP date. Negative, non-finite or unreadable values give `None` (the caller backs off on
/// its own); a date in the past is zero; anything over a day is read as a day (the budgets cap
/// it long before).
pub fn parse_retry_after(v: &str) -> Option<Duration> {
    const DAY_MS: f64 = 86_400_000.0;
    let v = v.trim();
    if let Ok(secs) = v.parse::<f64>() {
        if secs.is_finite() && secs >= 0.0 {
            return Some(Duration::from_millis(
                (secs * 1000.0).ceil().min(DAY_MS) as u64
            ));
        }
        return None;
    }
    let at = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let delta = at.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(
        delta
            .to_std()
            .unwrap_or_default()
            .min(Duration::from_millis(DAY_MS as u64)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spread_adds_at_most_a_tenth_and_two_seconds() {
        for (wait, most) in [(0, 0), (100, 10), (5_000, 500), (60_000, 2_000)] {
            let wait = Duration::from_millis(wait);
            let spreads: Vec<_> = (0..200).map(|_| spread(wait).as_millis() as u64).collect();
            assert!(spreads.iter().all(|&s| s <= most), "{wait:?}: {spreads:?}");
            if most >= 10 {
                assert!(
                    spreads.iter().any(|&s| s != spreads[0]),
                    "{wait:?}: the spread varies"
                );
            }
        }
    }

    #[test]
    fn backoff_is_short_and_grows_with_jitter() {
        for (attempt, low, high) in [
            (1, 500, 750),
            (2, 1_000, 1_500),
            (5, 8_000, 12_000),
            (9, 8_000, 12_000),
        ] {
            let d = backoff(attempt).as_millis() as u64;
            assert!((low..=high).contains(&d), "attempt {attempt}: {d} ms");
        }
    }

    #[test]
    fn retry_after_forms() {
        let mut h = http::HeaderMap::new();
        let cases = [
            ("2.128", Some(2128)),
            ("10", Some(10_000)),
            ("0.0001", Some(1)),
            ("-1", None),
            ("soon", None),
            ("NaN", None),
            ("1e300", Some(86_400_000)),
            ("Wed, 21 Oct 2015 07:28:00 GMT", Some(0)),
        ];
        for (v, want) in cases {
            h.insert(http::header::RETRY_AFTER, v.parse().unwrap());
            assert_eq!(retry_after(&h).map(|d| d.as_millis() as u64), want, "{v}");
        }
    }
}
