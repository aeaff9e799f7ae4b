//! Signing in and out, and the language switch.

use super::auth::{cookie, Ctx, LANG_COOKIE, LOGIN_COOKIE, SESSION_COOKIE};
use super::error::WebError;
use super::views::misc;
use super::{Reply, WebState};
use crate::accounts::{random_token, verify_password};
use crate::explain::Lang;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest};
use serde::Deserialize;
use std::time::Duration;

/// `?next=` on the login page and the language switch.
#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// Only local paths are followed after sign-in, never another site.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/".into(),
    }
}

/// GET /login.
pub async fn login_form(ctx: Ctx, q: web::Query<Next>, state: web::Data<WebState>) -> Reply {
    let token = random_token();
    let html = misc::login(
        ctx.lang,
        &token,
        &safe_next(q.next.as_deref()),
        None,
        state.site.demo_login.as_ref(),
    );
    Reply::html(StatusCode::OK, html).cookie(cookie(
        LOGIN_COOKIE,
        token,
        state.site.secure_cookies,
        Some(Duration::from_secs(3600)),
    ))
}

/// The login form's fields.
#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    #[serde(rename = "_csrf")]
    csrf: String,
    next: Option<String>,
}

/// POST /login.
pub async fn login(
    req: HttpRequest,
    ctx: Ctx,
    form: web::Form<LoginForm>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    let pre = req
        .cookie(LOGIN_COOKIE)
        .map(|c| c.value().to_string())
        .unwrap_or_default();
    if pre.is_empty() || pre != form.csrf {
        return Err(WebError::Csrf);
    }
    let ip = state
        .limiter
        .client_ip(&req)
        .map(|ip| ip.to_string())
        .unwrap_or_default();
    // The password hash is checked on the blocking pool: argon2 takes tens of milliseconds.
    super::blocking(move || sign_in(&ctx, &form, &state, &pre, &ip)).await
}

fn sign_in(
    ctx: &Ctx,
    form: &LoginForm,
    state: &WebState,
    pre: &str,
    ip: &str,
) -> Result<super::Reply, WebError> {
    let keys = [
        format!("user:{}", form.username.to_lowercase()),
        format!("ip:{ip}"),
    ];
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    if state.limiter.is_blocked(&keys) {
        return Err(WebError::TooManyRequests);
    }
    let user = state.store.user_by_name(form.username.trim())?;
    let ok = match &user {
        Some((_, hash)) => verify_password(&form.password, hash),
        // Spend the same time on unknown names, so they cannot be told apart.
        None => {
            verify_password(&form.password, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$0000000000000000000000000000000000000000000");
            false
        }
    };
    let Some((user, _)) = user.filter(|_| ok) else {
        state.limiter.fail(&keys);
        // A refused sign-in is answered even when its audit entry cannot be written (the
        // answer must not tell a full disk from a wrong password); the failure is logged.
        if let Err(e) = state.store.audit(
            chrono::Utc::now(),
            form.username.trim(),
            "login.failed",
            None,
            Some(ip),
        ) {
            tracing::error!(error = %e, "could not record a failed sign-in");
        }
        let l = ctx.lang;
        let html = misc::login(
            l,
            pre,
            &safe_next(form.next.as_deref()),
            Some(l.t("wrong-user-name-or-password")),
            state.site.demo_login.as_ref(),
        );
        return Ok(Reply::html(StatusCode::UNAUTHORIZED, html));
    };
    state.limiter.succeed(&keys[..1]);
    let token = state.store.create_session(&user, chrono::Utc::now())?;
    Ok(
        Reply::see_other(&safe_next(form.next.as_deref())).cookie(cookie(
            SESSION_COOKIE,
            token,
            state.site.secure_cookies,
            None,
        )),
    )
}

/// A form with only the CSRF token.
#[derive(Deserialize)]
pub struct CsrfForm {
    /// The token.
    #[serde(rename = "_csrf")]
    pub csrf: String,
}

/// POST /logout.
pub async fn logout(
    ctx: Ctx,
    form: web::Form<CsrfForm>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    crate::web::blocking(move || {
        ctx.require_form(crate::accounts::Role::Viewer, &form.csrf)?;
        if let Some(t) = &ctx.token {
            state.store.delete_session(t)?;
        }
        let mut gone = cookie(
            SESSION_COOKIE,
            String::new(),
            state.site.secure_cookies,
            None,
        );
        gone.make_removal();
        Ok(Reply::see_other("/login").cookie(gone))
    })
    .await
}

/// GET /lang/{code}: remembers the language in a cookie.
pub async fn language(
    code: web::Path<String>,
    q: web::Query<Next>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    crate::web::blocking(move || {
        let lang = Lang::parse(&code).ok_or(WebError::NotFound)?;
        Ok(
            Reply::see_other(&safe_next(q.next.as_deref())).cookie(cookie(
                LANG_COOKIE,
                lang.code().into(),
                state.site.secure_cookies,
                Some(Duration::from_secs(365 * 86400)),
            )),
        )
    })
    .await
}
