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
/// receiver drop duplicates. `guarded`: the URL was entered in the dashboard, so its host may
/// not be an internal address (names are checked by the client's resolver, see
/// [`super::destination`]). Redirects are not followed; of the answer only its status is kept.
pub async fn post(
    client: &reqwest::Client,
    guarded: bool,
    url: &str,
    body: &serde_json::Value,
    message_id: &str,
    secret: Option<&str>,
) -> Result<(), DeliveryError> {
    if guarded {
        // Checked here for a clear error; the client's resolver checks the address it
        // connects to again, so a second lookup that answers otherwise is refused too.
        super::destination::check_url(url)
            .await
            .map_err(|e| match e {
                super::destination::ResolveError::Refused(r) => {
                    DeliveryError::Refused(r.to_string())
                }
                super::destination::ResolveError::Lookup(what) => DeliveryError::Unresolvable(what),
            })?;
    }
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
    let mut reason = status.canonical_reason().unwrap_or("").to_string();
    if status.is_redirection() {
        reason.push_str(" (redirects are not followed)");
    }
    Err(DeliveryError::Http {
        status: status.as_u16(),
        reason,
        retry_after,
    })
}

/// Text for Slack's `mrkdwn`: `&`, `<` and `>` as entities, Slack's documented rule, so a
/// name from a customer's directory cannot become a link or a mention.
pub fn slack_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Text for an Adaptive Card's `TextBlock`, which reads a subset of Markdown: the characters
/// that make emphasis, links, code or HTML are escaped with a backslash (CommonMark's escape),
/// so a name from a customer's directory stays text.
pub fn teams_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*'
                | '_'
                | '['
                | ']'
                | '('
                | ')'
                | '<'
                | '>'
                | '`'
                | '~'
                | '#'
                | '|'
                | '!'
                | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A Slack Block Kit message.
pub fn slack(r: &Rendered) -> serde_json::Value {
    let text: String = r.text.chars().take(2900).collect();
    let mut blocks = vec![
        serde_json::json!({"type": "header", "text": {"type": "plain_text", "text": r.subject.chars().take(150).collect::<String>()}}),
        serde_json::json!({"type": "section", "text": {"type": "mrkdwn", "text": slack_text(&text)}}),
    ];
    if let Some(u) = &r.link {
        blocks.push(serde_json::json!({"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": "linkwatch"}, "url": u}]}));
    }
    serde_json::json!({"text": slack_text(&r.subject), "blocks": blocks})
}

/// A Teams Workflows message with an Adaptive Card.
pub fn teams(r: &Rendered) -> serde_json::Value {
    let mut body = vec![
        serde_json::json!({"type": "TextBlock", "size": "Medium", "weight": "Bolder", "wrap": true, "text": teams_text(&r.subject)}),
        serde_json::json!({"type": "TextBlock", "wrap": true, "text": teams_text(&r.text)}),
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

    #[test]
    fn names_stay_text_in_slack_and_teams() {
        let hostile = "</title><script>x</script> <https://evil.example|click> & [a](https://evil.example) **b**";
        assert_eq!(
            slack_text(hostile),
            "&lt;/title&gt;&lt;script&gt;x&lt;/script&gt; &lt;https://evil.example|click&gt; &amp; [a](https://evil.example) **b**"
        );
        let t = teams_text(hostile);
        assert_eq!(
            t,
            r"\</title\>\<script\>x\</script\> \<https://evil.example\|click\> \& \[a\]\(https://evil.example\) \*\*b\*\*"
        );
    }
}
