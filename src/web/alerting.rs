//! Acknowledge, silence, maintenance windows, the alerts page and test messages.

use super::auth::Ctx;
use super::error::WebError;
use super::views::alerting;
use super::WebState;
use crate::accounts::Role;
use crate::key::TargetKey;
use actix_web::web;
use chrono::{Duration, Utc};
use maud::Markup;
use serde::Deserialize;
use std::collections::HashMap;

/// Acknowledge form.
#[derive(Deserialize)]
pub struct AckForm {
    #[serde(rename = "_csrf")]
    csrf: String,
    key: String,
    back: String,
}

fn known_key(state: &WebState, key: &str) -> Result<(), WebError> {
    let known = match TargetKey::parse(key) {
        None => false,
        Some(TargetKey::Tenant(t)) => state.store.tenants()?.iter().any(|x| x.tenant_id == t),
        Some(_) => state.store.target_state(key)?.is_some(),
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
) -> Result<super::Reply, WebError> {
    crate::web::blocking(move || {
        let s = ctx.require_form(Role::Operator, &form.csrf)?;
        known_key(&state, &form.key)?;
        state
            .store
            .acknowledge(&form.key, &s.user.name, Utc::now())?;
        Ok(super::see_other(&form.back))
    })
    .await
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
) -> Result<super::Reply, WebError> {
    crate::web::blocking(move || {
        let s = ctx.require_form(Role::Operator, &form.csrf)?;
        known_key(&state, &form.key)?;
        let now = Utc::now();
        let until = (form.hours > 0).then(|| now + Duration::hours(form.hours.min(24 * 90)));
        let reason = form.reason.trim();
        if until.is_some() && reason.is_empty() {
            return Ok(super::see_other(&form.back));
        }
        state
            .store
            .silence(&form.key, until, reason, &s.user.name, now)?;
        Ok(super::see_other(&form.back))
    })
    .await
}

/// `?test=` after a test message.
#[derive(Deserialize)]
pub struct Notice {
    sent: Option<String>,
    failed: Option<String>,
    requeued: Option<usize>,
}

/// GET /alerts.
pub async fn page(
    ctx: Ctx,
    q: web::Query<Notice>,
    state: web::Data<WebState>,
) -> Result<Markup, WebError> {
    crate::web::blocking(move || {
        ctx.require(Role::Viewer)?;
        let l = ctx.lang;
        let notice = match (&q.sent, &q.failed, q.requeued) {
            (Some(c), _, _) => Some(format!("{} {c}.", l.t("test-message-sent-through"))),
            (_, Some(e), _) => Some(format!("{} {e}", l.t("the-test-message-failed"))),
            (_, _, Some(n)) => Some(format!(
                "{n} {}",
                l.t("dead-letters-queued-again-and-tried")
            )),
            _ => None,
        };
        let all = state.alerts.channels.all();
        let managed: Vec<(i64, String)> = state
            .store
            .channels()?
            .into_iter()
            .map(|(id, c)| (id, c.name))
            .collect();
        let now = Utc::now();
        let data = state.store.overview_data()?;
        let attention = state.store.attention(now)?;
        let keys: Vec<&str> = attention.iter().map(|a| a.target_key.as_str()).collect();
        let mut names = state.store.target_links(&keys)?;
        for t in state.store.tenants()? {
            names.insert(
                TargetKey::tenant(&t.tenant_id).to_string(),
                (t.name, crate::key::paths::tenant(t.id)),
            );
        }
        let alerts_state = alerting::AlertsState {
            incidents: &data.incidents,
            attention: &attention,
            names: &names,
            policy: &state.alerts,
            digest: &state.site.digest_schedule,
            now,
            heartbeat: alerting::HeartbeatView {
                shown: state
                    .checker
                    .heartbeat
                    .as_ref()
                    .map(|h| crate::alerts::heartbeat::shown(h.url())),
                last: state.store.last_heartbeat()?,
            },
        };
        Ok(alerting::alerts_page(
            &ctx,
            &all,
            &managed,
            &state.store.outbox_stats()?,
            &state.store.outbox_messages(50)?,
            notice.as_deref(),
            &alerts_state,
        ))
    })
    .await
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
) -> Result<super::Reply, WebError> {
    let s = ctx.require_form(Role::Operator, &form.csrf)?;
    let channel = state
        .alerts
        .channels
        .get(&form.channel)
        .ok_or(WebError::NotFound)?;
    let result =
        crate::usecases::test_alert::send(&state.delivery, &state.store, &channel, &s.user.name)
            .await;
    let result = match result {
        Ok(_) => Ok(()),
        Err(crate::usecases::test_alert::TestError::Store(e)) => return Err(e.into()),
        Err(e) => Err(e.to_string()),
    };
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
    Ok(super::see_other(&format!("/alerts?{q}")))
}

/// POST /alerts/requeue: dead letters go back in the queue and out at once (after a fixed
/// SMTP server or webhook), with their own message ids.
pub async fn requeue(
    ctx: Ctx,
    form: web::Form<HashMap<String, String>>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    let s = ctx.require_post(Role::Operator, &form)?;
    let (st, who) = (state.clone(), s.user.name.clone());
    let n = super::blocking(move || Ok(st.store.requeue_dead(&who, Utc::now())?)).await?;
    state.delivery.deliver_due(Utc::now()).await;
    Ok(super::see_other(&format!("/alerts?requeued={n}")))
}
