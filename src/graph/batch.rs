//! JSON batching (`POST /v1.0/$batch`, at most 20 requests). The reply is 200 even when its
//! items failed: each item has its own status and headers, and a throttled item (429 or 503)
//! carries its own `Retry-After`. Throttled items are sent again, alone, never before the
//! longest `Retry-After` among them (a short backoff with jitter when they name none); the
//! answers of the others are kept. Items are matched by `id`, whatever their order; a missing
//! item, a duplicate or an item that is not an object is reported, never guessed at.

use super::api::api_error;
use super::error::GraphError;
use super::transport::{backoff, parse_retry_after};
use super::GraphClient;
use crate::targets::Secret;
use serde_json::Value;
use std::collections::HashMap;
use std::time::Duration;

/// Requests per `$batch`, Graph's limit.
pub const MAX_ITEMS: usize = 20;

/// Rounds of sending throttled items again, at most.
const MAX_ROUNDS: u32 = 8;

/// One item of a `$batch` reply: its status, `Retry-After` (when it sent one) and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// HTTP status of the item.
    pub status: u16,
    /// The item's own `Retry-After` header, read.
    pub retry_after: Option<Duration>,
    /// The body, as JSON bytes.
    pub body: Vec<u8>,
}

/// What a batch gave for each request id: the body of a 2xx, or the error.
pub type Answers = HashMap<String, Result<Vec<u8>, GraphError>>;

/// Reads a `$batch` reply into items by id. Items without a usable `id`, and later duplicates
/// of an id, are left out (the first answer counts); the reply must have a `responses` array.
pub fn read_reply(body: &[u8]) -> Result<HashMap<String, Item>, GraphError> {
    let reply: Value = super::api::decode(body, Some("application/json"), "$batch reply")?;
    let responses = match reply.get("responses") {
        Some(Value::Array(r)) => r,
        other => {
            let cause = match other {
                None => "missing field `responses`".to_string(),
                Some(v) => format!(
                    "invalid type: {}, expected a sequence (field responses)",
                    kind(v)
                ),
            };
            return Err(GraphError::malformed(
                "$batch reply",
                Some("application/json"),
                body,
                cause,
            ));
        }
    };
    let mut items = HashMap::new();
    for r in responses {
        let id = match r.get("id") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => continue,
        };
        let status = r
            .get("status")
            .and_then(Value::as_u64)
            .and_then(|s| u16::try_from(s).ok())
            .unwrap_or(0);
        // Header names are case-insensitive: Graph writes `Retry-After` and `retry-after`.
        let retry_after = r.get("headers").and_then(Value::as_object).and_then(|h| {
            h.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("retry-after"))
                .and_then(|(_, v)| match v {
                    Value::String(s) => parse_retry_after(s),
                    Value::Number(n) => parse_retry_after(&n.to_string()),
                    _ => None,
                })
        });
        let body = serde_json::to_vec(r.get("body").unwrap_or(&Value::Null)).unwrap_or_default();
        items.entry(id).or_insert(Item {
            status,
            retry_after,
            body,
        });
    }
    Ok(items)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "sequence",
        Value::Object(_) => "map",
    }
}

/// The answer for one item: its body on 2xx, else its error (status 0: the item had none).
pub fn answer(item: Item) -> Result<Vec<u8>, GraphError> {
    match item.status {
        200..=299 => Ok(item.body),
        0 => Err(GraphError::Malformed(
            "$batch reply item has no status".into(),
        )),
        s => Err(api_error(s, &item.body)),
    }
}

impl GraphClient {
    /// Sends `requests` (id, relative GET URL; at most [`MAX_ITEMS`]) as one `$batch`, then the
    /// throttled items again until each has an answer or waiting would overrun a budget.
    /// Every id gets a result.
    pub async fn batch(
        &self,
        tenant: &str,
        token: &Secret,
        requests: &[(String, String)],
    ) -> Result<Answers, GraphError> {
        let mut answers = Answers::new();
        let mut pending: Vec<&(String, String)> = requests.iter().collect();
        let mut waited = Duration::ZERO;
        for round in 1..=MAX_ROUNDS {
            let body = serde_json::json!({
                "requests": pending.iter().map(|(id, url)| serde_json::json!({"id": id, "method": "GET", "url": url})).collect::<Vec<_>>()
            });
            let reply = self.post_json(tenant, token, "$batch", body).await?;
            let mut items = read_reply(&reply)?;
            let mut throttled = Vec::new();
            let mut wait = Duration::ZERO;
            for req in pending {
                match items.remove(&req.0) {
                    Some(item) if matches!(item.status, 429 | 503) => {
                        wait = wait.max(item.retry_after.unwrap_or_else(|| backoff(round)));
                        throttled.push((req, item));
                    }
                    Some(item) => {
                        answers.insert(req.0.clone(), answer(item));
                    }
                    None => {
                        answers.insert(
                            req.0.clone(),
                            Err(GraphError::Malformed(format!(
                                "$batch reply has no answer for request {:?}",
                                req.0
                            ))),
                        );
                    }
                }
            }
            if throttled.is_empty() {
                return Ok(answers);
            }
            let refusal = self.transport.refuse_wait(round, waited, wait, MAX_ROUNDS);
            if let Some(why) = refusal {
                for (req, item) in throttled {
                    answers.insert(
                        req.0.clone(),
                        Err(GraphError::Throttled {
                            status: item.status,
                            attempts: round,
                            waited,
                            aad: None,
                            why: format!("a throttled $batch item; {why}"),
                        }),
                    );
                }
                return Ok(answers);
            }
            super::budget::note(|| {
                format!(
                    "{} $batch item(s) throttled (round {round}), waiting {}",
                    throttled.len(),
                    super::error::seconds(wait)
                )
            });
            tokio::time::sleep(wait).await;
            waited += wait;
            pending = throttled.into_iter().map(|(req, _)| req).collect();
        }
        Ok(answers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_by_id_in_any_order_first_duplicate_wins_odd_items_skipped() {
        let body = br#"{"responses":[
            {"id":"2","status":429,"headers":{"retry-after":"3"},"body":{"error":{"code":"TooManyRequests","message":"Please retry again later."}}},
            {"id":"1","status":200,"headers":{"Content-Type":"application/json"},"body":{"id":"a"}},
            {"id":"1","status":404,"body":{}},
            {"id":3,"status":200,"body":"PGh0bWw+"},
            {"status":200},
            "nonsense",
            {"id":"4","status":503,"headers":{"Retry-After":"-5"}}
        ]}"#;
        let items = read_reply(body).unwrap();
        assert_eq!(items.len(), 4);
        assert_eq!(items["1"].status, 200);
        assert_eq!(items["2"].retry_after, Some(Duration::from_secs(3)));
        assert_eq!(items["3"].body, br#""PGh0bWw+""#);
        assert_eq!(items["4"].retry_after, None);
        assert!(matches!(
            answer(items["2"].clone()),
            Err(GraphError::Api { status: 429, .. })
        ));
    }

    #[test]
    fn a_reply_without_responses_or_not_json_is_a_clear_error() {
        for body in [&b"{}"[..], b"<html>", b"{\"responses\":{}}"] {
            let e = read_reply(body).unwrap_err();
            assert!(e.to_string().contains("$batch reply"), "{e}");
        }
    }
}
