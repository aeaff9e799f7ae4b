//! Who is asking and in which language: the session cookie, roles and CSRF tokens.

use super::error::WebError;
use super::WebState;
use crate::accounts::Role;
use crate::explain::Lang;
use crate::store::Session;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use std::collections::HashMap;
use std::time::Duration;

/// The session cookie.
pub const SESSION_COOKIE: &str = "lw_session";
/// The language cookie.
pub const LANG_COOKIE: &str = "lw_lang";
/// The pre-login CSRF cookie.
pub const LOGIN_COOKIE: &str = "lw_login";

/// The request's context: the session (if signed in), the language and the path.
#[derive(Clone)]
pub struct Ctx {
    /// The signed-in session.
    pub session: Option<Session>,
    /// The language of the page.
    pub lang: Lang,
    /// Path and query of the request (to come back after signing in).
    pub path: String,
    /// The raw session cookie value, for logging out.
    pub token: Option<String>,
    /// The reader's time zone: their own, else the server's (`[server] time_zone`).
    pub tz: chrono_tz::Tz,
}

impl Ctx {
    /// The reader's time zone and language, to show times with.
    pub fn clock(&self) -> super::views::clock::Clock {
        super::views::clock::Clock {
            tz: self.tz,
            lang: self.lang,
        }
    }

    /// The session, if its role is at least `role`; else a redirect to login or a 403.
    pub fn require(&self, role: Role) -> Result<&Session, WebError> {
        match &self.session {
            None => Err(WebError::Login {
                next: self.path.clone(),
            }),
            Some(s) if s.user.role >= role => Ok(s),
            Some(_) => Err(WebError::Forbidden),
        }
    }

    /// As [`Ctx::require`], and the form's CSRF token must match the session's.
    pub fn require_form(&self, role: Role, csrf: &str) -> Result<&Session, WebError> {
        let s = self.require(role)?;
        if !constant_time_eq(s.csrf.as_bytes(), csrf.as_bytes()) {
            return Err(WebError::Csrf);
        }
        Ok(s)
    }

    /// As [`Ctx::require_form`], with the token from a form's `_csrf` field.
    pub fn require_post(
        &self,
        role: Role,
        form: &HashMap<String, String>,
    ) -> Result<&Session, WebError> {
        self.require_form(role, form.get("_csrf").map(String::as_str).unwrap_or(""))
    }

    /// The session's CSRF token, for forms ("" when signed out).
    pub fn csrf(&self) -> &str {
        self.session.as_ref().map(|s| s.csrf.as_str()).unwrap_or("")
    }

    /// Whether the signed-in role is at least `role`.
    pub fn can(&self, role: Role) -> bool {
        self.session.as_ref().is_some_and(|s| s.user.role >= role)
    }
}

impl FromRequest for Ctx {
    type Error = WebError;
    type Future = futures_util::future::LocalBoxFuture<'static, Result<Ctx, WebError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { ctx_of(&req).await })
    }
}

async fn ctx_of(req: &HttpRequest) -> Result<Ctx, WebError> {
    let state = req
        .app_data::<web::Data<WebState>>()
        .ok_or_else(|| WebError::internal("web state missing"))?
        .clone();
    let token = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string());
    let now = chrono::Utc::now();
    let server_zone = state.site.time_zone;
    let session = match token.clone() {
        // Known since the last commit: no query. Else read on the blocking pool.
        Some(t) => match state.store.cached_session(&t, now) {
            Some(s) => s,
            None => super::blocking(move || Ok(state.store.session(&t, now)?)).await?,
        },
        None => None,
    };
    let lang = req
        .cookie(LANG_COOKIE)
        .and_then(|c| Lang::parse(c.value()))
        .unwrap_or_else(|| {
            Lang::from_accept_language(
                req.headers()
                    .get("accept-language")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or(""),
            )
        });
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".into());
    let tz = session
        .as_ref()
        .and_then(|s| s.time_zone.as_deref())
        .and_then(|z| z.parse().ok())
        .unwrap_or(server_zone);
    Ok(Ctx {
        session,
        lang,
        path,
        token,
        tz,
    })
}

/// A cookie with linkwatch's settings: HttpOnly, SameSite=Lax, Secure behind https.
pub fn cookie(
    name: &str,
    value: String,
    secure: bool,
    max_age: Option<Duration>,
) -> Cookie<'static> {
    let mut c = Cookie::build(name.to_string(), value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish();
    if let Some(age) = max_age {
        c.set_max_age(actix_web::cookie::time::Duration::seconds(
            age.as_secs() as i64
        ));
    }
    c
}

/// A token for the sign-in form: a random nonce and its HMAC under the server's form key, so
/// only tokens this server issued pass (a plain double-submit would take any value an
/// attacker plants in both the cookie and the form).
pub fn login_token(key: &[u8; 32]) -> String {
    let nonce = crate::accounts::random_token();
    let mac = login_mac(key, &nonce);
    format!("{nonce}.{mac}")
}

/// Whether `token` is one [`login_token`] made with `key`.
pub fn login_token_valid(key: &[u8; 32], token: &str) -> bool {
    match token.split_once('.') {
        Some((nonce, mac)) if !nonce.is_empty() => {
            constant_time_eq(login_mac(key, nonce).as_bytes(), mac.as_bytes())
        }
        _ => false,
    }
}

fn login_mac(key: &[u8; 32], nonce: &str) -> String {
    use base64::Engine;
    use hmac::Mac;
    let mut mac =
        <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(b"login form ");
    mac.update(nonce.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub use super::throttle::LoginLimiter;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_login_tokens_signed_with_the_servers_key_pass() {
        let key = [7u8; 32];
        let t = login_token(&key);
        assert!(login_token_valid(&key, &t));
        assert!(!login_token_valid(&[8u8; 32], &t), "another server's key");
        for forged in [
            "x",
            "",
            ".",
            "x.y",
            &format!("{}.", t.split('.').next().unwrap()),
        ] {
            assert!(!login_token_valid(&key, forged), "{forged:?}");
        }
    }
}
