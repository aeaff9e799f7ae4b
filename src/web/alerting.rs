//! Acknowledge, silence, maintenance windows, the alerts page and test messages.

use super::auth::Ctx;
use super::error::WebError;
use super::views::alerting;
use super::WebState;
use crate::accounts::Role;
use actix_web::{http::header, web, HttpResponse};
use chrono::{Duration, Utc};
use maud::Markup;
use serde::Deserialize;

fn back(to: &str) -> HttpResponse {
    let to = if to.starts_with('/') && !to.starts_with("//") {
        to
    } else {
        "/"
    };
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.to_string()))
        .finish()
}

/// Acknowledge form.
#[derive(Deserialize)]
pub struct AckForm {
    #[serde(rename = "_csrf")]
    csrf: String,
    key: String,
    back: String,
}

fn known_key(state: &WebState, key: &str) -> Result<(), WebError> {
    let known = if let Some(t) = key.strip_prefix("tenant:") {
        state.store.tenants()?.iter().any(|x| x.tenant_id == t)
    } else {
        state.store.target_state(key)?.is_some()
    };
    if known {
        Ok(())
    } else {
        Err(WebError::NotFound)
    }
}

/// POST /alerts/ack.
pub async fn acknowledge(
    ctx: Ctx,
    form: web::Form<AckForm>,
    state: web::Data<WebState>,
) -> Result<HttpResponse, WebError> {
    let s = ctx.require_form(Role::Operator, &form.csrf)?;
    known_key(&state, &form.key)?;
    state
        .store
        .acknowledge(&form.key, &s.user.name, Utc::now())?;
    Ok(back(&form.back))
}

/// Silence form.
#[derive(Deserialize)]
pub struct SilenceForm {
    #[serde(rename = "_csrf")]
    csrf: String,
    key: String,
    back: String,
    hours: i64,
    #[serde(default)]
    reason: String,
}

/// POST /alerts/silence: `hours = 0` ends the silence.
pub async fn silence(
    ctx: Ctx,
    form: web::Form<SilenceForm>,
    state: web::Data<WebState>,
) -> Result<HttpResponse, WebError> {
    let s = ctx.require_form(Role::Operator, &form.csrf)?;
    known_key(&state, &form.key)?;
    let now = Utc::now();
    let until = (form.hours > 0).then(|| now + Duration::hours(form.hours.min(24 * 90)));
    let reason = form.reason.trim();
    if until.is_some() && reason.is_empty() {
        return Ok(back(&form.back));
    }
    state
        .store
        .silence(&form.key, until, reason, &s.user.name, now)?;
    Ok(back(&form.back))
}

/// `?test=` after a test message.
#[derive(Deserialize)]
pub struct Notice {
    sent: Option<String>,
    failed: Option<String>,
}

/// GET /alerts.
pub async fn page(
    ctx: Ctx,
    q: web::Query<Notice>,
    state: web::Data<WebState>,
) -> Result<Markup, WebError> {
    ctx.require(Role::Viewer)?;
    let l = ctx.lang;
    let notice = match (&q.sent, &q.failed) {
        (Some(c), _) => Some(format!(
            "{} {c}.",
            l.pick("Test message sent through", "Testbericht verstuurd via")
        )),
        (_, Some(e)) => Some(format!(
            "{} {e}",
            l.pick("The test message failed:", "Het testbericht is mislukt:")
        )),
        _ => None,
    };
    Ok(alerting::alerts_page(
        &ctx,
        &state.alerts.channels,
        &state.store.outbox_stats()?,
        &state.store.outbox_messages(50)?,
        notice.as_deref(),
    ))
}

/// Test form.
#[derive(Deserialize)]
pub struct TestForm {
    #[serde(rename = "_csrf")]
    csrf: String,
    channel: String,
}

/// POST /alerts/test: sends a test message now.
pub async fn test(
    ctx: Ctx,
    form: web::Form<TestForm>,
    state: web::Data<WebState>,
) -> Result<HttpResponse, WebError> {
    let s = ctx.require_form(Role::Operator, &form.csrf)?;
    let channel = state
        .alerts
        .channels
        .iter()
        .find(|c| c.name == form.channel)
        .ok_or(WebError::NotFound)?;
    let id = crate::alerts::delivery::message_id();
    let result = state
        .delivery
        .send_alert(channel, &crate::alerts::rules::test_alert(Utc::now()), &id)
        .await;
    state.store.audit(
        Utc::now(),
        &s.user.name,
        "alert.test",
        Some(&channel.name),
        result.as_ref().err().map(String::as_str),
    )?;
    let q = match result {
        Ok(()) => format!(
            "sent={}",
            url::form_urlencoded::byte_serialize(channel.name.as_bytes()).collect::<String>()
        ),
        Err(e) => format!(
            "failed={}",
            url::form_urlencoded::byte_serialize(e.as_bytes()).collect::<String>()
        ),
    };
    Ok(back(&format!("/alerts?{q}")))
}
