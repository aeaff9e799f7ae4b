//! "Check now", for everything and for one target. The result shows when the page reloads.

use super::auth::Ctx;
use super::error::WebError;
use super::session::CsrfForm;
use super::WebState;
use crate::accounts::Role;
use crate::cycle::Scope;
use actix_web::{http::header, web, HttpResponse};
use chrono::Utc;

fn back(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.to_string()))
        .finish()
}

/// POST /check: a full cycle in the background (never beside another one).
pub async fn check_all(
    ctx: Ctx,
    form: web::Form<CsrfForm>,
    state: web::Data<WebState>,
) -> Result<HttpResponse, WebError> {
    let s = ctx.require_form(Role::Operator, &form.csrf)?;
    state
        .store
        .audit(Utc::now(), &s.user.name, "check_now", Some("all"), None)?;
    let st = state.clone();
    tokio::spawn(async move {
        crate::schedule::run_guarded(&st.checker, &st.running).await;
    });
    Ok(back("/"))
}

/// POST /apps/{id}/check.
pub async fn check_app(
    ctx: Ctx,
    id: web::Path<i64>,
    form: web::Form<CsrfForm>,
    state: web::Data<WebState>,
) -> Result<HttpResponse, WebError> {
    let s = ctx.require_form(Role::Operator, &form.csrf)?;
    state.store.app(*id)?.ok_or(WebError::NotFound)?;
    state.store.audit(
        Utc::now(),
        &s.user.name,
        "check_now",
        Some(&format!("app:{id}")),
        None,
    )?;
    state.checker.run(Scope::App(*id)).await?;
    Ok(back(&format!("/apps/{id}")))
}

/// POST /mailboxes/{id}/check.
pub async fn check_mailbox(
    ctx: Ctx,
    id: web::Path<i64>,
    form: web::Form<CsrfForm>,
    state: web::Data<WebState>,
) -> Result<HttpResponse, WebError> {
    let s = ctx.require_form(Role::Operator, &form.csrf)?;
    state.store.mailbox(*id)?.ok_or(WebError::NotFound)?;
    state.store.audit(
        Utc::now(),
        &s.user.name,
        "check_now",
        Some(&format!("mailbox:{id}")),
        None,
    )?;
    state.checker.run(Scope::Mailbox(*id)).await?;
    Ok(back(&format!("/mailboxes/{id}")))
}
