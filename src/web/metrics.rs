//! Prometheus `/metrics`: credential expiry, status per target, the last cycle, calls to the
//! identity platform and Graph by outcome, throttling waits, and the outbox. Built from the
//! store at each scrape. Served to loopback, or to a bearer of `LINKWATCH_METRICS_TOKEN`.

use super::WebState;
use actix_web::{web, HttpRequest, HttpResponse};
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;
use std::sync::atomic::{AtomicU64, Ordering};

type Labels = Vec<(String, String)>;

fn allowed(req: &HttpRequest) -> bool {
    // A request relayed by a reverse proxy on the same host comes from loopback too: only a
    // direct local request counts as local.
    let proxied = ["x-forwarded-for", "forwarded", "x-real-ip"]
        .iter()
        .any(|h| req.headers().contains_key(*h));
    let loopback = !proxied && req.peer_addr().is_some_and(|a| a.ip().is_loopback());
    let token = std::env::var("LINKWATCH_METRICS_TOKEN")
        .ok()
        .filter(|t| !t.is_empty());
    match token {
        Some(t) => {
            req.headers()
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                == Some(&format!("Bearer {t}"))
        }
        None => loopback,
    }
}

/// GET /metrics.
pub async fn metrics(req: HttpRequest, state: web::Data<WebState>) -> HttpResponse {
    if !allowed(&req) {
        return HttpResponse::Forbidden().body(
            "metrics are served to loopback, or with the bearer token of LINKWATCH_METRICS_TOKEN",
        );
    }
    let rendered = super::blocking(move || Ok(render(&state)?)).await;
    match rendered {
        Ok(text) => HttpResponse::Ok()
            .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
            .body(text),
        Err(e) => actix_web::ResponseError::error_response(&e),
    }
}

fn render(state: &WebState) -> Result<String, crate::store::StoreError> {
    let mut reg = Registry::default();
    let expiry = Family::<Labels, Gauge<f64, AtomicU64>>::default();
    reg.register(
        "linkwatch_credential_expiry_timestamp_seconds",
        "When each secret or certificate of an app registration expires",
        expiry.clone(),
    );
    let status = Family::<Labels, Gauge>::default();
    reg.register(
        "linkwatch_target_status",
        "Status per target: 0 ok, 1 warning, 2 critical, 3 unknown",
        status.clone(),
    );
    let duration = Gauge::<f64, AtomicU64>::default();
    reg.register(
        "linkwatch_cycle_duration_seconds",
        "Duration of the last full check cycle",
        duration.clone(),
    );
    let calls = Family::<Labels, Counter>::default();
    reg.register(
        "linkwatch_http_calls",
        "Calls to the identity platform and Graph by outcome",
        calls.clone(),
    );
    let waited = Counter::<f64, AtomicU64>::default();
    reg.register(
        "linkwatch_throttle_wait_seconds",
        "Time spent waiting for Retry-After",
        waited.clone(),
    );
    let consumer = Family::<Labels, Gauge<f64, AtomicU64>>::default();
    reg.register(
        "linkwatch_consumer_last_success_age_seconds",
        "Seconds since the consuming application's last successful sign-in, per target (from the sign-in log)",
        consumer.clone(),
    );
    let outbox = Family::<Labels, Gauge>::default();
    reg.register(
        "linkwatch_outbox_messages",
        "Alert messages by state (dead = dead letters)",
        outbox.clone(),
    );

    let now = chrono::Utc::now();
    for t in state.store.tenants()? {
        let activity = state.store.tenant_activity(t.id)?;
        let available = activity.state == crate::activity::SignalState::Available;
        for a in state.store.apps_of_tenant(t.id)? {
            if available {
                let age =
                    |at: chrono::DateTime<chrono::Utc>| (now - at).num_seconds().max(0) as f64;
                if let Some((_, at)) = activity.key_in_use(&a.client_id) {
                    consumer
                        .get_or_create(&vec![
                            ("kind".into(), "app".into()),
                            ("tenant".into(), t.name.clone()),
                            ("app".into(), a.name.clone()),
                            ("target".into(), a.name.clone()),
                        ])
                        .set(age(at));
                }
                for m in state.store.mailboxes_of_app(a.id)? {
                    if let Some(at) = activity
                        .of(&a.client_id, &m.object_id)
                        .and_then(|x| x.last_success_at)
                    {
                        consumer
                            .get_or_create(&vec![
                                ("kind".into(), "mailbox".into()),
                                ("tenant".into(), t.name.clone()),
                                ("app".into(), a.name.clone()),
                                ("target".into(), m.address.clone()),
                            ])
                            .set(age(at));
                    }
                }
            }
            if let Some(snap) = state.store.app_snapshot(a.id)? {
                for c in snap.credentials.iter().filter(|c| c.end.is_some()) {
                    let labels = vec![
                        ("tenant".into(), t.tenant_id.clone()),
                        ("app".into(), a.client_id.clone()),
                        ("key_id".into(), c.key_id.clone()),
                        ("kind".into(), c.kind.clone()),
                    ];
                    expiry
                        .get_or_create(&labels)
                        .set(c.end.map(|e| e.timestamp() as f64).unwrap_or_default());
                }
            }
        }
    }
    let (rows, _) = state.store.overview(&Default::default(), 1_000_000, 0)?;
    for r in rows {
        let Some(s) = r.status else { continue };
        let labels = vec![
            ("kind".into(), r.kind),
            ("tenant".into(), r.tenant_name),
            ("app".into(), r.app_name),
            ("target".into(), r.name),
        ];
        status.get_or_create(&labels).set(s.exit_code() as i64);
    }
    if let Some(c) = state.store.last_cycle()? {
        duration.set((c.finished - c.started).num_milliseconds() as f64 / 1000.0);
    }
    let st = state.checker.graph.transport().stats();
    for (outcome, n) in [
        ("ok", &st.ok),
        ("client_error", &st.client_error),
        ("server_error", &st.server_error),
        ("no_reply", &st.failed),
    ] {
        calls
            .get_or_create(&vec![("outcome".into(), outcome.into())])
            .inc_by(n.load(Ordering::Relaxed));
    }
    waited.inc_by(st.waited_ms.load(Ordering::Relaxed) as f64 / 1000.0);
    let o = state.store.outbox_stats()?;
    for (name, n) in [("pending", o.pending), ("sent", o.sent), ("dead", o.dead)] {
        outbox
            .get_or_create(&vec![("state".into(), name.into())])
            .set(n as i64);
    }
    let mut text = String::new();
    encode(&mut text, &reg).map_err(|e| crate::store::StoreError::Invalid(e.to_string()))?;
    Ok(text)
}
