//! Signing in and out, and the language switch.

use super::auth::{
    cookie, login_token, login_token_valid, Ctx, LANG_COOKIE, LOGIN_COOKIE, SESSION_COOKIE,
};
use super::error::WebError;
use super::throttle::{self, Held};
use super::views::misc;
use super::{Reply, WebState};
use crate::accounts::verify_password;
use crate::explain::Lang;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest};
use serde::Deserialize;
use std::time::{Duration, Instant};

/// `?next=` on the login page and the language switch.
#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// Only local paths are followed after sign-in, never another site.
fn safe_next(next: Option<&str>) -> String {
    next.and_then(super::reply::local_path)
        .unwrap_or("/")
        .to_string()
}

/// GET /login.
pub async fn login_form(ctx: Ctx, q: web::Query<Next>, state: web::Data<WebState>) -> Reply {
    let token = login_token(&state.site.form_key);
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
    if pre != form.csrf || !login_token_valid(&state.site.form_key, &pre) {
        return Err(WebError::Csrf);
    }
    let ip = state
        .limiter
        .client_ip(&req)
        .map(|ip| ip.to_string())
        .unwrap_or_default();
    // The password hash is checked on the blocking pool: argon2 takes tens of milliseconds.
    let (reply, delay) = super::blocking(move || sign_in(&ctx, &form, &state, &pre, &ip)).await?;
    // A wrong password for a name under attack is answered late; nothing is held meanwhile.
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    Ok(reply)
}

/// Records an audit entry of a sign-in; a refused sign-in is answered even when its entry
/// cannot be written (the answer must not tell a full disk from a wrong password).
fn audit_sign_in(state: &WebState, name: &str, action: &str, ip: &str) {
    if let Err(e) = state
        .store
        .audit(chrono::Utc::now(), name, action, None, Some(ip))
    {
        tracing::error!(error = %e, action, "could not record a sign-in event");
    }
}

fn sign_in(
    ctx: &Ctx,
    form: &LoginForm,
    state: &WebState,
    pre: &str,
    ip: &str,
) -> Result<(super::Reply, Duration), WebError> {
    let l = ctx.lang;
    let name = throttle::normalise(&form.username);
    let now = Instant::now();
    let refuse = |status: StatusCode, message: String| {
        let html = misc::login(
            l,
            pre,
            &safe_next(form.next.as_deref()),
            Some(&message),
            state.site.demo_login.as_ref(),
        );
        Reply::html(status, html)
    };
    if let Some(hold) = state.limiter.hold(&name, ip, now) {
        let minutes = hold.remaining.as_secs().div_ceil(60).max(1) as i64;
        let key = match hold.held {
            Held::NameFromAddress => "sign-in-held-for-name",
            Held::Address => "sign-in-held-for-address",
        };
        let message = l.args(key, &[("minutes", minutes)]);
        return Ok((
            refuse(StatusCode::TOO_MANY_REQUESTS, message),
            Duration::ZERO,
        ));
    }
    let user = state.store.user_by_name(&name)?;
    let ok = match &user {
        Some((_, hash)) => verify_password(&form.password, hash),
        // Spend the same time on unknown names, so they cannot be told apart.
        None => {
            verify_password(&form.password, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$0000000000000000000000000000000000000000000");
            false
        }
    };
    let Some((user, _)) = user.filter(|_| ok) else {
        let failed = state.limiter.fail(&name, ip, now);
        audit_sign_in(state, &name, "login.failed", ip);
        match failed.started {
            Some(Held::NameFromAddress) => audit_sign_in(state, &name, "login.held", ip),
            Some(Held::Address) => audit_sign_in(state, &name, "login.held_address", ip),
            None => {}
        }
        if failed.slowed {
            audit_sign_in(state, &name, "login.slowed", ip);
        }
        let message = l.t("wrong-user-name-or-password").to_string();
        return Ok((refuse(StatusCode::UNAUTHORIZED, message), failed.delay));
    };
    state.limiter.succeed(&name, ip);
    let token = state.store.create_session(&user, chrono::Utc::now())?;
    let reply = Reply::see_other(&safe_next(form.next.as_deref())).cookie(cookie(
        SESSION_COOKIE,
        token,
        state.site.secure_cookies,
        None,
    ));
    Ok((reply, Duration::ZERO))
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
