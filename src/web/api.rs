//! The read-only JSON API v1 (status, targets, findings, history), authenticated by API tokens
//! that admins create on the dashboard; its OpenAPI document is `/api/v1/openapi.json`.

use super::error::WebError;
use super::{Reply, WebState};
use crate::model::{FindingCode, Severity};
use crate::store::OverviewFilter;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

const OPENAPI: &str = include_str!("../../assets/openapi.json");

/// The bearer token of a request ("" when there is none).
fn bearer(req: &HttpRequest) -> String {
    req.headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("")
        .to_string()
}

/// Runs an API handler's body on the blocking pool once the token is accepted; a request
/// without a valid token gets 401.
async fn authorised(
    req: &HttpRequest,
    state: web::Data<WebState>,
    body: impl FnOnce(&WebState) -> Result<serde_json::Value, crate::store::StoreError> + Send + 'static,
) -> Result<Reply, WebError> {
    let token = bearer(req);
    super::blocking(move || {
        if token.is_empty() || !state.store.check_api_token(&token, Utc::now())? {
            return Ok(Reply::json(
                StatusCode::UNAUTHORIZED,
                &json!({"error": "a valid API token is required: Authorization: Bearer <token>"}),
            )
            .header("WWW-Authenticate", "Bearer".into()));
        }
        Ok(Reply::json(StatusCode::OK, &body(&state)?))
    })
    .await
}

/// GET /api/v1/openapi.json.
pub async fn openapi() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(OPENAPI)
}

/// GET /api/v1/status.
pub async fn status(req: HttpRequest, state: web::Data<WebState>) -> Result<Reply, WebError> {
    authorised(&req, state, |state| {
        let counts = state.store.status_counts()?;
        let last = state.store.last_cycle()?;
        let worst = if counts.critical > 0 {
            Severity::Critical
        } else if counts.unknown > 0 {
            Severity::Unknown
        } else if counts.warning > 0 {
            Severity::Warning
        } else {
            Severity::Ok
        };
        Ok(json!({
            "status": worst,
            "counts": {"ok": counts.ok, "warning": counts.warning, "critical": counts.critical, "unknown": counts.unknown, "pending": counts.pending},
            "last_cycle": last.map(|c| json!({"started_at": c.started, "finished_at": c.finished, "status": c.status})),
        }))
    })
    .await
}

/// `/targets` query.
#[derive(Deserialize)]
pub struct TargetsQuery {
    status: Option<String>,
    code: Option<String>,
    q: Option<String>,
    page: Option<usize>,
    per_page: Option<usize>,
}

fn target_json(r: crate::store::TargetRow) -> serde_json::Value {
    json!({
        "kind": r.kind, "id": r.id, "tenant": r.tenant_name, "app": r.app_name, "name": r.name,
        "status": r.status, "last_known_status": r.last_known, "checked_at": r.checked_at, "findings": r.findings,
    })
}

/// GET /api/v1/targets.
pub async fn targets(
    req: HttpRequest,
    q: web::Query<TargetsQuery>,
    state: web::Data<WebState>,
) -> Result<Reply, WebError> {
    let q = q.into_inner();
    authorised(&req, state, move |state| {
        let per_page = q.per_page.unwrap_or(100).clamp(1, 1000);
        let page = q.page.unwrap_or(1).max(1);
        let filter = OverviewFilter {
            q: q.q.clone(),
            tenant: None,
            status: q.status.as_deref().and_then(Severity::parse),
            code: q
                .code
                .clone()
                .filter(|c| FindingCode::ALL.iter().any(|k| k.as_str() == c)),
        };
        let (rows, total) = state
            .store
            .overview(&filter, per_page, (page - 1) * per_page)?;
        Ok(json!({"total": total, "page": page, "per_page": per_page, "targets": rows.into_iter().map(target_json).collect::<Vec<_>>()}))
    })
    .await
}

/// GET /api/v1/findings.
pub async fn findings(req: HttpRequest, state: web::Data<WebState>) -> Result<Reply, WebError> {
    authorised(&req, state, |state| {
        let (rows, _) = state
            .store
            .overview(&OverviewFilter::default(), 1_000_000, 0)?;
        let items: Vec<_> = rows
            .into_iter()
            .flat_map(|r| {
                let target = json!({"kind": r.kind, "id": r.id, "tenant": r.tenant_name, "app": r.app_name, "name": r.name});
                r.findings.into_iter().map(move |f| json!({"target": target.clone(), "finding": f}))
            })
            .collect();
        Ok(json!({"findings": items}))
    })
    .await
}

/// `/history` query.
#[derive(Deserialize)]
pub struct HistoryQuery {
    target: Option<String>,
    limit: Option<usize>,
}

/// GET /api/v1/history.
pub async fn history(
    req: HttpRequest,
    q: web::Query<HistoryQuery>,
    state: web::Data<WebState>,
) -> Result<Reply, WebError> {
    let q = q.into_inner();
    authorised(&req, state, move |state| {
        let limit = q.limit.unwrap_or(100).clamp(1, 1000);
        let rows = match &q.target {
            Some(t) => state.store.history(t, limit)?,
            None => state.store.recent_history(limit, 0)?,
        };
        Ok(json!({"changes": rows.into_iter().map(|h| json!({"target": h.target_key, "status": h.status, "previous_status": h.previous_status, "changed_at": h.changed_at, "findings": h.findings})).collect::<Vec<_>>()}))
    })
    .await
}
