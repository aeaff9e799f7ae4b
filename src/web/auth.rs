//! Who is asking and in which language: the session cookie, roles, CSRF tokens, and the
//! login rate limit.

use super::error::WebError;
use super::WebState;
use crate::accounts::Role;
use crate::explain::Lang;
use crate::store::Session;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

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

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Failed sign-ins per key (user name, client address) in a sliding window, and which peers
/// are trusted reverse proxies (to find the client's address behind them).
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
    max: usize,
    window: Duration,
    trusted_proxies: Vec<IpAddr>,
}

impl Default for LoginLimiter {
    fn default() -> Self {
        LoginLimiter::behind(Vec::new())
    }
}

impl LoginLimiter {
    /// A limiter for a server behind `trusted_proxies` (`[server] trusted_proxies`).
    pub fn behind(trusted_proxies: Vec<IpAddr>) -> LoginLimiter {
        LoginLimiter {
            failures: Mutex::default(),
            max: 5,
            window: Duration::from_secs(15 * 60),
            trusted_proxies,
        }
    }

    /// The client's address: the peer's, or, when the peer is a trusted proxy, the nearest
    /// address in `X-Forwarded-For` that is not a trusted proxy itself. Entries are read from
    /// the right (the ones the proxies appended); one that is not an address stops the walk.
    pub fn client_ip(&self, req: &HttpRequest) -> Option<IpAddr> {
        let peer = req.peer_addr()?.ip();
        if !self.trusted_proxies.contains(&peer) {
            return Some(peer);
        }
        let chain: Vec<&str> = req
            .headers()
            .get_all("x-forwarded-for")
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect();
        for hop in chain.iter().rev() {
            match hop.trim().parse::<IpAddr>() {
                Ok(ip) if self.trusted_proxies.contains(&ip) => continue,
                Ok(ip) => return Some(ip),
                Err(_) => break,
            }
        }
        Some(peer)
    }

    /// Whether any of `keys` has used up its attempts.
    pub fn is_blocked(&self, keys: &[&str]) -> bool {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        // Forget what has aged out, so names tried once do not pile up.
        map.retain(|_, list| {
            list.retain(|t| t.elapsed() < self.window);
            !list.is_empty()
        });
        keys.iter()
            .any(|k| map.get(*k).is_some_and(|l| l.len() >= self.max))
    }

    /// Records a failed attempt for `keys`.
    pub fn fail(&self, keys: &[&str]) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        for k in keys {
            map.entry(k.to_string()).or_default().push(Instant::now());
        }
    }

    /// Clears `keys` after a successful sign-in.
    pub fn succeed(&self, keys: &[&str]) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        for k in keys {
            map.remove(*k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn client(l: &LoginLimiter, peer: &str, forwarded: Option<&str>) -> String {
        let mut r = TestRequest::default().peer_addr(peer.parse().unwrap());
        if let Some(f) = forwarded {
            r = r.insert_header(("x-forwarded-for", f));
        }
        l.client_ip(&r.to_http_request()).unwrap().to_string()
    }

    #[test]
    fn client_address_is_read_behind_trusted_proxies_only() {
        let direct = LoginLimiter::default();
        let proxied = LoginLimiter::behind(vec![
            "127.0.0.1".parse().unwrap(),
            "10.0.0.2".parse().unwrap(),
        ]);
        let local = "127.0.0.1:5000";
        // Without trusted proxies the header is ignored: anyone can write it.
        assert_eq!(client(&direct, local, Some("203.0.113.5")), "127.0.0.1");
        assert_eq!(client(&proxied, local, Some("203.0.113.5")), "203.0.113.5");
        // A forged left-most entry does not count: the nearest untrusted hop does.
        assert_eq!(
            client(&proxied, local, Some("6.6.6.6, 203.0.113.5, 10.0.0.2")),
            "203.0.113.5"
        );
        // A peer that is not a trusted proxy is not believed.
        assert_eq!(
            client(&proxied, "198.51.100.7:5000", Some("203.0.113.5")),
            "198.51.100.7"
        );
        // Garbage where a proxy writes, or no header: the peer.
        assert_eq!(
            client(&proxied, local, Some("203.0.113.5, junk")),
            "127.0.0.1"
        );
        assert_eq!(client(&proxied, local, None), "127.0.0.1");
    }

    #[test]
    fn limiter_blocks_each_key_after_five_failures() {
        let l = LoginLimiter::default();
        for _ in 0..5 {
            assert!(!l.is_blocked(&["ip:a"]));
            l.fail(&["ip:a"]);
        }
        assert!(l.is_blocked(&["ip:a"]));
        assert!(l.is_blocked(&["user:x", "ip:a"]), "any blocked key blocks");
        assert!(!l.is_blocked(&["ip:b"]));
        l.succeed(&["ip:a"]);
        assert!(!l.is_blocked(&["ip:a"]));
    }
}
