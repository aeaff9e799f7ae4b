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
    // One trip to the blocking pool for the tenant and its sign-in activity.
    let (t, activity) = super::db(&state, move |st| {
        let t = st.load_tenants()?.into_iter().find(|t| t.id == id);
        let activity = t.as_ref().map(|_| st.tenant_activity(id)).transpose()?;
        Ok(t.zip(activity))
    })
    .await?
    .ok_or(WebError::NotFound)?;
    let signed_in = crate::discover::signed_in(activity);
    let found = crate::discover::read_tenant(&state.checker.graph, &t, &signed_in).await;
    Ok(views::discover::discover(
        &ctx,
        t.id,
        &t.name,
        &found,
        Utc::now(),
    ))
}
