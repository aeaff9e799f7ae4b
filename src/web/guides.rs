//! Secret rotation (validated with Microsoft before anything is saved) and the runbooks.

use super::auth::Ctx;
use super::error::WebError;
use super::views::guides;
use super::WebState;
use crate::accounts::Role;
use crate::config::parse_date;
use crate::graph::GraphError;
use crate::targets::Secret;
use crate::usecases::rotate;
use actix_web::web;
use chrono::{Duration, Utc};
use maud::Markup;
use serde::Deserialize;

fn html(status: actix_web::http::StatusCode, m: Markup) -> super::Reply {
    super::Reply::html(status, m)
}

/// GET /apps/{id}/rotate.
pub async fn form(
    ctx: Ctx,
    id: web::Path<i64>,
    state: web::Data<WebState>,
) -> Result<Markup, WebError> {
    ctx.require(Role::Admin)?;
    let id = *id;
    let a = super::db(&state, move |st| st.app(id))
        .await?
        .ok_or(WebError::NotFound)?;
    // The tenant's app management policies, read now: a blocked or capped secret is said
    // before the admin goes to the portal.
    let rules = rotate::secret_rules(&state.checker, &a).await;
    let days = rules
        .as_ref()
        .ok()
        .and_then(|r| r.max_days)
        .map_or(180, |d| d.min(180));
    Ok(guides::rotate_form(
        &ctx,
        &a,
        None,
        Utc::now() + Duration::days(days),
        state.site.simulated_portal.as_deref(),
        Some(&rules),
    ))
}

/// The rotation form.
#[derive(Deserialize)]
pub struct RotateForm {
    #[serde(rename = "_csrf")]
    csrf: String,
    secret: String,
    #[serde(default)]
    expires: String,
}

/// POST /apps/{id}/rotate: tries the secret with Microsoft, then saves it.
pub async fn rotate(
    ctx: Ctx,
    id: web::Path<i64>,
    form: web::Form<RotateForm>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    let s = ctx.require_form(Role::Admin, &form.csrf)?;
    let who = s.user.name.clone();
    let id = *id;
    let a = super::db(&state, move |st| st.app(id))
        .await?
        .ok_or(WebError::NotFound)?;
    let l = ctx.lang;
    let year = Utc::now() + Duration::days(180);
    let secret = form.secret.trim();
    let new_hint: String = secret.chars().take(3).collect();
    let expires = Some(form.expires.trim())
        .filter(|e| !e.is_empty())
        .map(parse_date);
    // A pasted Secret ID (a GUID) is refused here, before it goes to Microsoft.
    let is_secret_id = crate::targets::is_guid(secret);
    if secret.is_empty() || is_secret_id || matches!(expires, Some(None)) {
        let msg = if secret.is_empty() {
            l.t("paste-the-secret-s-value")
        } else if is_secret_id {
            l.t("that-is-the-secret-id-a")
        } else {
            l.t("the-expiry-is-not-a-date")
        };
        return Ok(html(
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            guides::rotate_form(
                &ctx,
                &a,
                Some((msg, None)),
                year,
                state.site.simulated_portal.as_deref(),
                None,
            ),
        ));
    }
    // Nothing is saved unless Microsoft accepts the secret.
    let rotated = match rotate::rotate(
        &state.checker,
        &a,
        &Secret::new(secret),
        expires.flatten(),
        &who,
    )
    .await
    {
        Ok(r) => r,
        Err(rotate::RotateError::Store(e)) => return Err(e.into()),
        Err(rotate::RotateError::Refused(e)) => {
            let code = match &e {
                GraphError::Token(t) => t.aadsts(),
                _ => None,
            };
            return Ok(html(
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                guides::rotate_form(
                    &ctx,
                    &a,
                    Some((&e.to_string(), code)),
                    year,
                    state.site.simulated_portal.as_deref(),
                    None,
                ),
            ));
        }
    };
    let saved = rotated.saved;
    let (app_id, tenant_ref) = (a.id, a.tenant_ref);
    let (read, mailboxes, activity, credentials) = super::db(&state, move |st| {
        // The expiry as the directory shows it, when it could be read; else as entered.
        let snapshot = st.app_snapshot(app_id)?;
        let credentials = snapshot
            .as_ref()
            .map(|s| s.credentials.clone())
            .unwrap_or_default();
        let read = snapshot.and_then(|snap| {
            snap.credentials
                .into_iter()
                .find(|c| c.in_use)
                .and_then(|c| c.end)
        });
        Ok((
            read,
            st.mailboxes_of_app(app_id)?,
            st.tenant_activity(tenant_ref)?,
            credentials,
        ))
    })
    .await?;
    Ok(html(
        actix_web::http::StatusCode::OK,
        guides::rotate_done(
            &ctx,
            &a,
            &mailboxes,
            saved,
            read.or(expires.flatten()),
            a.secret_hint.as_deref(),
            &super::views::consumer::secret_uses(
                l,
                ctx.clock(),
                (&a.name, &a.client_id),
                Some(&new_hint),
                &activity,
                &credentials,
                Utc::now(),
            ),
        ),
    ))
}

/// GET /apps/{id}/runbook.
pub async fn runbook(
    ctx: Ctx,
    id: web::Path<i64>,
    state: web::Data<WebState>,
) -> Result<Markup, WebError> {
    let redirect = super::relink::redirect_uri(&state);
    super::blocking(move || {
        ctx.require(Role::Viewer)?;
        let a = state.store.app(*id)?.ok_or(WebError::NotFound)?;
        let mailboxes = state.store.mailboxes_of_app(a.id)?;
        Ok(guides::runbook(&ctx, &a, &mailboxes, &redirect))
    })
    .await
}
