//! API tokens on the dashboard: admins create (shown once) and revoke them.

use super::auth::Ctx;
use super::error::WebError;
use super::views::layout::{csrf, page};
use super::WebState;
use crate::accounts::Role;
use actix_web::web;
use chrono::Utc;
use maud::{html, Markup};
use std::collections::HashMap;

fn list(ctx: &Ctx, state: &WebState, created: Option<&str>) -> Result<Markup, WebError> {
    let l = ctx.lang;
    let tokens = state.store.api_tokens()?;
    Ok(page(
        ctx,
        l.t("api-tokens"),
        html! {
            h1 { (l.t("api-tokens")) }
            p { (l.t("tokens-for-the-read-only-json")) a href="/api/v1/openapi.json" { "OpenAPI" } (l.t("send-them-as-authorization-bearer-token")) }
            @if let Some(t) = created {
                div class="notice" role="status" {
                    p { strong { (l.t("copy-the-token-now-it-is")) } }
                    p { code id="new-token" { (t) } }
                }
            }
            table { thead { tr { th { (l.t("name")) } th { (l.t("created")) } th { (l.t("last-used")) } th {} } }
                tbody { @for t in &tokens { tr {
                    td { (t.name) } td { (ctx.clock().datetime(t.created_at)) " · " (t.created_by) } td { @match t.last_used_at { Some(u) => (ctx.clock().datetime(u)), None => "—" } }
                    td { form method="post" action=(format!("/api-tokens/{}/delete", t.id)) class="inline" { (csrf(ctx)) button type="submit" class="danger" { (l.t("revoke")) } } }
                } } }
            }
            h2 { (l.t("new-token")) }
            form method="post" action="/api-tokens" class="stack" {
                (csrf(ctx))
                label for="name" { (l.t("what-it-is-for")) input id="name" name="name" required placeholder="grafana"; }
                button type="submit" { (l.t("create")) }
            }
        },
    ))
}

/// GET /api-tokens.
pub async fn index(ctx: Ctx, state: web::Data<WebState>) -> Result<Markup, WebError> {
    crate::web::blocking(move || {
        ctx.require(Role::Admin)?;
        list(&ctx, &state, None)
    })
    .await
}

/// POST /api-tokens.
pub async fn create(
    ctx: Ctx,
    form: web::Form<HashMap<String, String>>,
    state: web::Data<WebState>,
) -> Result<Markup, WebError> {
    crate::web::blocking(move || {
        let s = ctx.require_post(Role::Admin, &form)?;
        let name = form
            .get("name")
            .map(|n| n.trim())
            .filter(|n| !n.is_empty())
            .unwrap_or("token");
        let token = state
            .store
            .create_api_token(name, &s.user.name, Utc::now())?;
        list(&ctx, &state, Some(&token))
    })
    .await
}

/// POST /api-tokens/{id}/delete.
pub async fn delete(
    ctx: Ctx,
    id: web::Path<i64>,
    form: web::Form<HashMap<String, String>>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    crate::web::blocking(move || {
        let s = ctx.require_post(Role::Admin, &form)?;
        state
            .store
            .delete_api_token(*id, &s.user.name, Utc::now())?;
        Ok(super::see_other("/api-tokens"))
    })
    .await
}
