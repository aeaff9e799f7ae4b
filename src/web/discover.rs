//! GET /tenants/{id}/discover: the tenant's mail apps, read live with its monitor credential.

use super::auth::Ctx;
use super::error::WebError;
use super::views;
use super::WebState;
use crate::accounts::Role;
use actix_web::web;
use chrono::Utc;
use maud::Markup;

/// The Discover page of one tenant.
pub async fn page(
    ctx: Ctx,
    id: web::Path<i64>,
    state: web::Data<WebState>,
) -> Result<Markup, WebError> {
    ctx.require(Role::Operator)?;
    let id = *id;
    let tenants = super::db(&state, |st| st.load_tenants()).await?;
    let t = tenants
        .into_iter()
        .find(|t| t.id == id)
        .ok_or(WebError::NotFound)?;
    let found = crate::discover::read_tenant(&state.checker.graph, &state.store, &t).await;
    Ok(views::discover::discover(
        &ctx,
        t.id,
        &t.name,
        &found,
        Utc::now(),
    ))
}
