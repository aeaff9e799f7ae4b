//! Webhooks: generic JSON signed as the Standard Webhooks specification describes
//! (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>`), Slack
//! incoming webhooks (Block Kit) and Microsoft Teams Workflows webhooks (Adaptive Card).

use super::error::DeliveryError;
use super::message::Rendered;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The key bytes of a `whsec_…` secret.
pub fn secret_key(secret: &str) -> Option<Vec<u8>> {
    B64.decode(secret.strip_prefix("whsec_").unwrap_or(secret))
        .ok()
        .filter(|k| !k.is_empty())
}

/// `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`.
pub fn sign(key: &[u8], id: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    format!("v1,{}", B64.encode(mac.finalize().into_bytes()))
}

/// Posts a JSON body; with a secret, signed. The same `webhook-id` on every attempt lets the
/// receiver drop duplicates.
pub async fn post(
    client: &reqwest::Client,
    url: &str,
    body: &serde_json::Value,
    message_id: &str,
    secret: Option<&str>,
) -> Result<(), DeliveryError> {
    let bytes = serde_json::to_vec(body).map_err(|e| DeliveryError::Config(e.to_string()))?;
    let ts = chrono::Utc::now().timestamp();
    let mut req = client
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", message_id)
        .header("webhook-timestamp", ts.to_string());
    if let Some(key) = secret.and_then(secret_key) {
        req = req.header("webhook-signature", sign(&key, message_id, ts, &bytes));
    }
    let resp = req
        .body(bytes)
        .send()
        .await
        .map_err(DeliveryError::from_reqwest)?;
    let status = resp.status();
    if status.is_success() {
        return Ok(());
    }
    let retry_after = crate::graph::transport::retry_after(resp.headers());
    let text: String = resp
        .text()
        .await
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect();
    Err(DeliveryError::Http {
        status: status.as_u16(),
        body: format!(
            "{}{}{}",
            status.canonical_reason().unwrap_or(""),
            if text.is_empty() { "" } else { ": " },
            text
        ),
        retry_after,
    })
}

/// A Slack Block Kit message.
pub fn slack(r: &Rendered) -> serde_json::Value {
    let mut blocks = vec![
        serde_json::json!({"type": "header", "text": {"type": "plain_text", "text": r.subject.chars().take(150).collect::<String>()}}),
        serde_json::json!({"type": "section", "text": {"type": "mrkdwn", "text": r.text.chars().take(2900).collect::<String>()}}),
    ];
    if let Some(u) = &r.link {
        blocks.push(serde_json::json!({"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": "linkwatch"}, "url": u}]}));
    }
    serde_json::json!({"text": r.subject, "blocks": blocks})
}

/// A Teams Workflows message with an Adaptive Card.
pub fn teams(r: &Rendered) -> serde_json::Value {
    let mut body = vec![
        serde_json::json!({"type": "TextBlock", "size": "Medium", "weight": "Bolder", "wrap": true, "text": r.subject}),
        serde_json::json!({"type": "TextBlock", "wrap": true, "text": r.text}),
    ];
    let actions: Vec<_> = r
        .link
        .iter()
        .map(|u| serde_json::json!({"type": "Action.OpenUrl", "title": "linkwatch", "url": u}))
        .collect();
    if actions.is_empty() {
        body.push(serde_json::json!({"type": "TextBlock", "text": " "}));
    }
    serde_json::json!({
        "type": "message",
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "content": {"$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard", "version": "1.4", "body": body, "actions": actions}
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_webhooks_reference_signature() {
        // The example of the Standard Webhooks specification.
        let key = secret_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let body = br#"{"test": 2432232314}"#;
        assert_eq!(
            sign(&key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
        assert!(secret_key("whsec_").is_none());
    }
}
