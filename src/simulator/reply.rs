//! Reply bodies in the shapes of the real services (shared/graph-samples/).

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use chrono::Utc;
use serde_json::{json, Value};

/// A reply before it becomes an HTTP response (so `$batch` can embed it).
#[derive(Debug, Clone)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// JSON body.
    pub body: Value,
    /// `Retry-After`, in seconds.
    pub retry_after: Option<f64>,
}

impl Reply {
    /// 200 with a JSON body.
    pub fn ok(body: Value) -> Reply {
        Reply {
            status: 200,
            body,
            retry_after: None,
        }
    }

    /// A token-endpoint error, like `token-error-*.json`.
    pub fn aad(status: u16, error: &str, code: u32, text: &str, suberror: Option<&str>) -> Reply {
        let now = Utc::now();
        let ts = now.format("%Y-%m-%d %H:%M:%SZ").to_string();
        let (trace, corr) = (
            uuid::Uuid::new_v4().to_string(),
            uuid::Uuid::new_v4().to_string(),
        );
        let mut body = json!({
            "error": error,
            "error_description": format!("AADSTS{code}: {text}\r\nTrace ID: {trace}\r\nCorrelation ID: {corr}\r\nTimestamp: {ts}"),
            "error_codes": [code],
            "timestamp": ts,
            "trace_id": trace,
            "correlation_id": corr,
            "error_uri": format!("https://login.microsoftonline.com/error?code={code}"),
        });
        if let Some(s) = suberror {
            body["suberror"] = json!(s);
        }
        Reply {
            status,
            body,
            retry_after: None,
        }
    }

    /// A Graph error, like `graph-error-*.json`.
    pub fn graph(status: u16, code: &str, message: &str) -> Reply {
        let id = uuid::Uuid::new_v4().to_string();
        Reply {
            status,
            body: json!({"error": {"code": code, "message": message, "innerError": {
                "date": Utc::now().format("%Y-%m-%dT%H:%M:%S").to_string(), "request-id": id, "client-request-id": id}}}),
            retry_after: None,
        }
    }

    /// 429 like `graph-error-429-throttled.json`.
    pub fn throttled(status: u16, retry_after: Option<f64>) -> Reply {
        let mut r = Reply::graph(status, "TooManyRequests", "Please retry again later.");
        r.body["error"]["innerError"]["code"] = json!(status.to_string());
        r.body["error"]["innerError"]["status"] = json!(status.to_string());
        r.retry_after = retry_after;
        r
    }

    /// The HTTP response.
    pub fn into_response(self) -> HttpResponse {
        let mut b = HttpResponse::build(
            StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        );
        if let Some(ra) = self.retry_after {
            b.insert_header(("Retry-After", format_retry_after(ra)));
        }
        b.content_type("application/json; charset=utf-8")
            .body(self.body.to_string())
    }
}

/// `2.128` stays fractional, `10.0` becomes `10`.
pub fn format_retry_after(secs: f64) -> String {
    if secs.fract() == 0.0 {
        format!("{}", secs as u64)
    } else {
        format!("{secs}")
    }
}

/// A time as Graph writes it: seven fractional digits and `Z`.
pub fn graph_time(t: chrono::DateTime<Utc>) -> String {
    format!(
        "{}.{:07}Z",
        t.format("%Y-%m-%dT%H:%M:%S"),
        t.timestamp_subsec_nanos() / 100
    )
}
