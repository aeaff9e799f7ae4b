//! Injected faults: throttling with `Retry-After`, error statuses, slow, HTML, truncated,
//! wrongly typed and huge replies.

use super::reply::Reply;
use super::scenario::{Fault, FaultKind};
use super::state::SimState;
use actix_web::HttpResponse;
use std::time::Duration;

/// The fault that hits this request, if any (counting hits so `times` and `rate` hold).
pub fn pick(state: &mut SimState, path: &str) -> Option<Fault> {
    pick_where(state, path, false)
}

/// The fault that hits this `$batch` item (`url` made absolute with `/v1.0`), if any.
pub fn pick_item(state: &mut SimState, url: &str) -> Option<Fault> {
    pick_where(state, &format!("/v1.0{url}"), true)
}

fn pick_where(state: &mut SimState, path: &str, batch_item: bool) -> Option<Fault> {
    for (i, f) in state.scenario.faults.iter().enumerate() {
        if f.batch_item != batch_item || !path.contains(&f.path) {
            continue;
        }
        let seen = state.fault_hits[i];
        state.fault_hits[i] += 1;
        if f.times > 0 && seen >= f.times {
            continue;
        }
        // `rate` spreads hits evenly: hit when the running share falls below the rate.
        let rate = f.rate.unwrap_or(1.0).clamp(0.0, 1.0);
        let hit = ((seen + 1) as f64 * rate).floor() > (seen as f64 * rate).floor();
        if hit {
            return Some(f.clone());
        }
    }
    None
}

/// The reply of a `throttle`, `status` or `unavailable` fault, also as a `$batch` item.
pub fn item_reply(f: &Fault) -> Reply {
    match f.kind {
        FaultKind::Unavailable => {
            let mut r = Reply::aad(
                f.status.unwrap_or(503),
                "temporarily_unavailable",
                90033,
                "A transient error has occurred. Please try again.",
                None,
            );
            r.retry_after = f.retry_after;
            r
        }
        FaultKind::Status => {
            let status = f.status.unwrap_or(503);
            let mut r = Reply::graph(
                status,
                "ServiceUnavailable",
                "The service is temporarily unavailable.",
            );
            r.retry_after = f.retry_after;
            r
        }
        _ => Reply::throttled(f.status.unwrap_or(429), f.retry_after),
    }
}

/// Applies a fault: a finished response, or `None` to answer normally (after a delay for `slow`).
pub async fn apply(f: &Fault) -> Option<(u16, Option<f64>, HttpResponse)> {
    let raw = |status: u16, ct: &str, body: Vec<u8>| {
        let resp = HttpResponse::build(
            actix_web::http::StatusCode::from_u16(status)
                .unwrap_or(actix_web::http::StatusCode::OK),
        )
        .content_type(ct)
        .body(body);
        Some((status, None, resp))
    };
    match f.kind {
        FaultKind::Slow => {
            tokio::time::sleep(Duration::from_millis(f.delay_ms)).await;
            None
        }
        FaultKind::Throttle => {
            let r = Reply::throttled(f.status.unwrap_or(429), f.retry_after);
            Some((r.status, f.retry_after, r.into_response()))
        }
        FaultKind::Status | FaultKind::Unavailable => {
            let r = item_reply(f);
            Some((r.status, r.retry_after, r.into_response()))
        }
        FaultKind::Html => raw(f.status.unwrap_or(200), "text/html", b"<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>The proxy server received an invalid response.</p></body></html>".to_vec()),
        FaultKind::Truncated => raw(200, "application/json", br#"{"token_type":"Bearer","value":[{"id":"AAMkAG","scope":"Mail.Re"#.to_vec()),
        FaultKind::WrongTypes => raw(200, "application/json", br#"{"id":42,"appId":false,"access_token":7,"token_type":["Bearer"],"value":"none","passwordCredentials":"none","responses":{}}"#.to_vec()),
        FaultKind::Huge => {
            let mut body = b"{\"value\":\"".to_vec();
            body.resize(10 * 1024 * 1024, b'x');
            body.extend_from_slice(b"\"}");
            raw(200, "application/json", body)
        }
    }
}
