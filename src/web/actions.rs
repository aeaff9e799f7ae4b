//! "Check now", for everything and for one target. The result shows when the page reloads.

use super::auth::Ctx;
use super::error::WebError;
use super::session::CsrfForm;
use super::WebState;
use crate::accounts::Role;
use crate::cycle::Scope;
use actix_web::web;
use chrono::Utc;

/// POST /check: a full cycle in the background (never beside another one).
pub async fn check_all(
    ctx: Ctx,
    form: web::Form<CsrfForm>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    let s = ctx.require_form(Role::Operator, &form.csrf)?;
    let who = s.user.name.clone();
    super::db(&state, move |st| {
        st.audit(Utc::now(), &who, "check_now", Some("all"), None)
    })
    .await?;
    let st = state.clone();
    tokio::spawn(async move {
        crate::schedule::run_guarded(&st.checker, &st.running).await;
    });
    Ok(super::see_other("/"))
}

/// POST /apps/{id}/check.
pub async fn check_app(
    ctx: Ctx,
    id: web::Path<i64>,
    form: web::Form<CsrfForm>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    let app = *id;
    super::db(&state, move |st| st.app(app))
        .await?
        .ok_or(WebError::NotFound)?;
    check_one(
        &ctx,
        &form.csrf,
        &state,
        Scope::App(*id),
        &crate::key::paths::app(*id),
    )
    .await
}

/// POST /mailboxes/{id}/check.
pub async fn check_mailbox(
    ctx: Ctx,
    id: web::Path<i64>,
    form: web::Form<CsrfForm>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    let mailbox = *id;
    super::db(&state, move |st| st.mailbox(mailbox))
        .await?
        .ok_or(WebError::NotFound)?;
    check_one(
        &ctx,
        &form.csrf,
        &state,
        Scope::Mailbox(*id),
        &crate::key::paths::mailbox(*id),
    )
    .await
}

/// Checks one target now, audited, and goes back to its page.
async fn check_one(
    ctx: &Ctx,
    csrf: &str,
    state: &web::Data<WebState>,
    scope: Scope,
    page: &str,
) -> Result<super::Reply, WebError> {
    let s = ctx.require_form(Role::Operator, csrf)?;
    crate::usecases::check::now(&state.checker, scope, &s.user.name).await?;
    Ok(super::see_other(page))
}

/// POST /apps/{id}/fix/confirm and /mailboxes/{id}/fix/confirm: an operator confirms the
/// application has the fix (audited); the target is checked again at once.
pub async fn confirm_fix(
    ctx: Ctx,
    path: web::Path<(String, i64)>,
    form: web::Form<CsrfForm>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    let s = ctx.require_form(Role::Operator, &form.csrf)?;
    let (kind, id) = path.into_inner();
    let (target, scope, page) = match kind.as_str() {
        "apps" => ("app", Scope::App(id), crate::key::paths::app(id)),
        "mailboxes" => (
            "mailbox",
            Scope::Mailbox(id),
            crate::key::paths::mailbox(id),
        ),
        _ => return Err(WebError::NotFound),
    };
    crate::usecases::check::confirm_fix(&state.checker, (target, id), scope, &s.user.name).await?;
    Ok(super::see_other(&format!("{page}#application")))
}
