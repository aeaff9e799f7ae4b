//! Connecting a tenant with one admin consent: the page, the trip to Microsoft, its answer at
//! `/oauth/adminconsent`, and the page that waits for the consent to apply.

use super::auth::Ctx;
use super::error::WebError;
use super::views::connect as views;
use super::WebState;
use crate::accounts::{token_hash, Role};
use crate::usecases::connect::{self, Answer, StartError};
use actix_web::web;
use serde::Deserialize;

/// Where Microsoft sends the admin back: `{public_url}/oauth/adminconsent`, or the listen
/// address's.
fn redirect_uri(state: &WebState) -> String {
    format!("{}/oauth/adminconsent", state.site.base_url)
}

fn session(ctx: &Ctx) -> String {
    token_hash(ctx.token.as_deref().unwrap_or(""))
}

/// The page's answer may redirect to the identity platform.
fn html_to_microsoft(
    state: &WebState,
    status: actix_web::http::StatusCode,
    page: maud::Markup,
) -> super::Reply {
    super::relink::to_microsoft(state, status, page)
}

/// GET /manage/tenants/connect.
pub async fn page(ctx: Ctx, state: web::Data<WebState>) -> Result<super::Reply, WebError> {
    ctx.require(Role::Admin)?;
    let monitor = state.site.monitor_app.as_ref().map(|(id, _)| id.as_str());
    let page = views::connect_page(&ctx, monitor, &redirect_uri(&state), ("", ""), None);
    Ok(html_to_microsoft(
        &state,
        actix_web::http::StatusCode::OK,
        page,
    ))
}

/// The connect form.
#[derive(Deserialize)]
pub struct ConnectForm {
    #[serde(rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    tenant: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    watch_all: Option<String>,
}

/// POST /manage/tenants/connect: to Microsoft's admin-consent page.
pub async fn start(
    ctx: Ctx,
    form: web::Form<ConnectForm>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    let s = ctx.require_form(Role::Admin, &form.csrf)?;
    let l = ctx.lang;
    let redirect = redirect_uri(&state);
    let name = Some(form.name.trim()).filter(|n| !n.is_empty());
    match connect::start(
        &state.checker,
        state.site.monitor_app.as_ref(),
        (form.tenant.trim(), name, form.watch_all.is_some()),
        (session(&ctx), &redirect),
        &s.user.name,
    )
    .await
    {
        Ok(url) => Ok(super::Reply::redirect_away(url)),
        Err(StartError::Store(e)) => Err(e.into()),
        Err(e) => {
            let msg = match e {
                StartError::NotTenant(_) => l.t("enter-the-tenant-s-domain-such").to_string(),
                StartError::UnknownTenant(t) => {
                    l.with("microsoft-does-not-know-the-tenant", &[("tenant", &t)])
                }
                other => other.to_string(),
            };
            let monitor = state.site.monitor_app.as_ref().map(|(id, _)| id.as_str());
            let page = views::connect_page(
                &ctx,
                monitor,
                &redirect,
                (form.tenant.trim(), form.name.trim()),
                Some(&msg),
            );
            Ok(html_to_microsoft(
                &state,
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                page,
            ))
        }
    }
}

/// What Microsoft sends back.
#[derive(Deserialize)]
pub struct Returned {
    #[serde(default)]
    state: String,
    tenant: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

/// GET /oauth/adminconsent: Microsoft's answer, taken once from the session that asked.
pub async fn answer(
    ctx: Ctx,
    q: web::Query<Returned>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    let s = ctx.require(Role::Admin)?;
    let q = q.into_inner();
    let a = Answer {
        state: q.state,
        tenant: q.tenant,
        error: q.error,
        error_description: q.error_description,
    };
    match connect::answer(&state.checker, a, session(&ctx), &s.user.name).await? {
        Ok(flow) => {
            let q: String = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("state", &flow)
                .finish();
            Ok(super::see_other(&format!(
                "/manage/tenants/connect/wait?{q}"
            )))
        }
        Err(r) => Ok(super::Reply::html(
            actix_web::http::StatusCode::BAD_REQUEST,
            views::refused_page(&ctx, &r),
        )),
    }
}

/// `?state=` of the connection.
#[derive(Deserialize)]
pub struct Flow {
    #[serde(default)]
    state: String,
}

/// GET /manage/tenants/connect/wait: one more try; the page reloads itself while waiting.
pub async fn wait(
    ctx: Ctx,
    q: web::Query<Flow>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    let s = ctx.require(Role::Admin)?;
    let progress = connect::poll(
        &state.checker,
        state.site.monitor_app.as_ref(),
        (&q.state, session(&ctx)),
        &s.user.name,
    )
    .await?
    .ok_or(WebError::NotFound)?;
    let status = match progress {
        connect::Progress::Failed(_) => actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
        _ => actix_web::http::StatusCode::OK,
    };
    Ok(super::Reply::html(
        status,
        views::progress_page(&ctx, &progress),
    ))
}
