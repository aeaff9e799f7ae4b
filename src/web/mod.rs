//! The dashboard (actix-web and maud): routes, shared state, security headers and assets.
//! Handlers read through `store`, build a typed view and render it; no SQL or Graph calls here.

mod account;
mod actions;
mod alerting;
mod api;
pub mod auth;
mod channels;
mod connect;
mod discover;
pub mod error;
mod guides;
mod manage;
mod metrics;
pub mod page_cache;
pub(crate) mod pages;
pub mod readings;
mod relink;
pub mod reply;
mod session;
mod throttle;
mod tokens;
pub mod views;

use crate::cycle::Checker;
use crate::store::Store;
use actix_web::middleware::DefaultHeaders;
use actix_web::{web, App, HttpResponse, HttpServer};
pub use reply::Reply;
use std::net::SocketAddr;
use std::sync::Arc;

/// What every handler can reach: services, and the site's settings in one place.
pub struct WebState {
    /// The store.
    pub store: Store,
    /// Runs "check now" (and holds the Graph client).
    pub checker: Checker,
    /// Held while a full cycle runs (shared with the scheduler: cycles never overlap).
    pub running: Arc<tokio::sync::Mutex<()>>,
    /// Failed sign-ins.
    pub limiter: auth::LoginLimiter,
    /// Alert channels and rules.
    pub alerts: std::sync::Arc<crate::alerts::AlertPolicy>,
    /// Sends test messages.
    pub delivery: crate::alerts::delivery::Delivery,
    /// Rendered overview pages of the current data.
    pub pages: page_cache::PageCache,
    /// How the dashboard is reached and what it shows.
    pub site: Site,
    /// Directory reads of the Discover page in progress.
    pub readings: std::sync::Arc<readings::Readings>,
}

/// The dashboard's settings.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// `[server] public_url`, for OAuth redirects.
    pub public_url: Option<String>,
    /// Where the dashboard is reached, without a trailing `/`: `public_url`, else
    /// `http://{listen address}`. Every absolute link is built from it, never from a request.
    pub base_url: String,
    /// The key that signs the sign-in form's token (derived from the encryption key).
    pub form_key: [u8; 32],
    /// Cookies get `Secure` (the public URL is https).
    pub secure_cookies: bool,
    /// The cron expression, to show the next cycle.
    pub schedule: String,
    /// The demo account to hint on the login page.
    pub demo_login: Option<(String, String)>,
    /// The demo's simulated portal (secrets are created there instead of portal.azure.com).
    pub simulated_portal: Option<String>,
    /// linkwatch's own monitor app (`[monitor]`): its client id and secret, for connecting
    /// tenants with one admin consent.
    pub monitor_app: Option<(String, crate::targets::Secret)>,
    /// The time zone times are shown in, unless an account chose its own
    /// (`[server] time_zone`; UTC when unset).
    pub time_zone: chrono_tz::Tz,
    /// `[alerts] digest`: when the daily digest goes out (cron), for the Alerts page.
    pub digest_schedule: String,
}

/// Runs a handler's synchronous part (store reads and writes, password hashing, rendering) on
/// the blocking thread pool: no SQLite call, and no wait for the writer during a cycle's long
/// commit, ever holds one of the few async workers that serve every other request.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, error::WebError> + Send + 'static,
) -> Result<T, error::WebError> {
    web::block(f)
        .await
        .map_err(|e| error::WebError::internal(format!("the blocking pool failed: {e}")))?
}

/// Store work off the async workers, for handlers that also await Microsoft between reads and
/// writes (rotation, re-link, check now).
pub(crate) async fn db<T: Send + 'static>(
    state: &web::Data<WebState>,
    f: impl FnOnce(&Store) -> Result<T, crate::store::StoreError> + Send + 'static,
) -> Result<T, error::WebError> {
    let state = state.clone();
    blocking(move || Ok(f(&state.store)?)).await
}

/// The Content-Security-Policy: no inline script, nothing from elsewhere.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Security headers on every response.
pub fn security_headers() -> DefaultHeaders {
    security_headers_for(false)
}

/// [`security_headers`], with HSTS when the dashboard is reached over https (`public_url`):
/// browsers then never try it over plain http again for a year.
pub fn security_headers_for(https: bool) -> DefaultHeaders {
    let headers = if https {
        DefaultHeaders::new().add(("Strict-Transport-Security", "max-age=31536000"))
    } else {
        DefaultHeaders::new()
    };
    headers
        .add(("Content-Security-Policy", CSP))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "same-origin"))
        .add((
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=()",
        ))
}

/// `303 See Other` to a page of this site; see [`Reply::see_other`].
pub(crate) fn see_other(to: &str) -> Reply {
    Reply::see_other(to)
}

/// Registers every route and the state.
pub fn configure(state: web::Data<WebState>) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        cfg.app_data(state)
            .app_data(web::FormConfig::default().limit(64 * 1024))
            .route("/", web::get().to(pages::overview))
            .route("/tenants/{id}", web::get().to(pages::tenant))
            .route("/manage/tenants/connect", web::get().to(connect::page))
            .route("/manage/tenants/connect", web::post().to(connect::start))
            .route("/manage/tenants/connect/wait", web::get().to(connect::wait))
            .route("/oauth/adminconsent", web::get().to(connect::answer))
            .route("/tenants/{id}/discover", web::get().to(discover::page))
            .route(
                "/tenants/{id}/discover/watch",
                web::get().to(discover::watch_form),
            )
            .route(
                "/tenants/{id}/discover/watch",
                web::post().to(discover::watch_save),
            )
            .route(
                "/tenants/{id}/discover/dismiss",
                web::post().to(discover::dismiss),
            )
            .route(
                "/tenants/{id}/watch-all",
                web::post().to(discover::watch_all),
            )
            .route("/apps/{id}", web::get().to(pages::app))
            .route("/mailboxes/{id}", web::get().to(pages::mailbox))
            .route("/history", web::get().to(pages::history))
            .route("/check", web::post().to(actions::check_all))
            .route("/apps/{id}/check", web::post().to(actions::check_app))
            .route(
                "/mailboxes/{id}/check",
                web::post().to(actions::check_mailbox),
            )
            .route(
                "/{kind:apps|mailboxes}/{id}/fix/confirm",
                web::post().to(actions::confirm_fix),
            )
            .route("/apps/{id}/rotate", web::get().to(guides::form))
            .route("/apps/{id}/rotate", web::post().to(guides::rotate))
            .route("/apps/{id}/runbook", web::get().to(guides::runbook))
            .route("/mailboxes/{id}/relink", web::get().to(relink::confirm))
            .route("/mailboxes/{id}/relink", web::post().to(relink::start))
            .route("/oauth/callback", web::get().to(relink::callback))
            .route("/alerts", web::get().to(alerting::page))
            .route("/alerts/ack", web::post().to(alerting::acknowledge))
            .route("/alerts/silence", web::post().to(alerting::silence))
            .route("/alerts/test", web::post().to(alerting::test))
            .route("/alerts/requeue", web::post().to(alerting::requeue))
            .route(
                "/alerts/channels/new",
                web::get().to(|c, q, s| channels::channel_form(c, None, q, s)),
            )
            .route(
                "/alerts/channels/new",
                web::post().to(|c, f, s| channels::channel_save(c, None, f, s)),
            )
            .route(
                "/alerts/channels/{id}",
                web::get().to(|c, id, q, s| channels::channel_form(c, Some(id), q, s)),
            )
            .route(
                "/alerts/channels/{id}",
                web::post().to(|c, id, f, s| channels::channel_save(c, Some(id), f, s)),
            )
            .route(
                "/alerts/channels/{id}/delete",
                web::post().to(channels::channel_delete),
            )
            .route("/manage", web::get().to(manage::index))
            .route(
                "/manage/tenants/new",
                web::get().to(|c, s| manage::tenant_page(c, None, s)),
            )
            .route(
                "/manage/tenants/new",
                web::post().to(|c, f, s| manage::tenant_save(c, None, f, s)),
            )
            .route(
                "/manage/tenants/{id}",
                web::get().to(|c, id, s| manage::tenant_page(c, Some(id), s)),
            )
            .route(
                "/manage/tenants/{id}",
                web::post().to(|c, id, f, s| manage::tenant_save(c, Some(id), f, s)),
            )
            .route(
                "/manage/apps/new",
                web::get().to(|c, s| manage::app_page(c, None, s)),
            )
            .route(
                "/manage/apps/new",
                web::post().to(|c, f, s| manage::app_save(c, None, f, s)),
            )
            .route(
                "/manage/apps/{id}",
                web::get().to(|c, id, s| manage::app_page(c, Some(id), s)),
            )
            .route(
                "/manage/apps/{id}",
                web::post().to(|c, id, f, s| manage::app_save(c, Some(id), f, s)),
            )
            .route(
                "/manage/mailboxes/new",
                web::get().to(|c, s| manage::mailbox_page(c, None, s)),
            )
            .route(
                "/manage/mailboxes/new",
                web::post().to(|c, f, s| manage::mailbox_save(c, None, f, s)),
            )
            .route(
                "/manage/mailboxes/{id}",
                web::get().to(|c, id, s| manage::mailbox_page(c, Some(id), s)),
            )
            .route(
                "/manage/mailboxes/{id}",
                web::post().to(|c, id, f, s| manage::mailbox_save(c, Some(id), f, s)),
            )
            .route(
                "/manage/users/new",
                web::get().to(|c, s| manage::user_page(c, None, s)),
            )
            .route(
                "/manage/users/new",
                web::post().to(|c, f, s| manage::user_save(c, None, f, s)),
            )
            .route(
                "/manage/users/{id}",
                web::get().to(|c, id, s| manage::user_page(c, Some(id), s)),
            )
            .route(
                "/manage/users/{id}",
                web::post().to(|c, id, f, s| manage::user_save(c, Some(id), f, s)),
            )
            // Before the targets' delete route, which would take "users" as a kind.
            .route(
                "/manage/users/{id}/delete",
                web::post().to(manage::user_delete),
            )
            .route("/manage/{kind}/{id}/delete", web::post().to(manage::delete))
            .route("/account", web::get().to(account::page))
            .route("/account", web::post().to(account::save))
            .route("/account/sessions", web::post().to(account::end_others))
            .route("/account/time-zone", web::post().to(account::time_zone))
            .route("/login", web::get().to(session::login_form))
            .route("/login", web::post().to(session::login))
            .route("/logout", web::post().to(session::logout))
            .route("/lang/{code}", web::get().to(session::language))
            .route(
                "/healthz",
                web::get()
                    .to(|| async { HttpResponse::Ok().content_type("text/plain").body("ok") }),
            )
            .route("/readyz", web::get().to(readyz))
            .route("/metrics", web::get().to(metrics::metrics))
            .route("/api/v1/openapi.json", web::get().to(api::openapi))
            .route("/api/v1/status", web::get().to(api::status))
            .route("/api/v1/targets", web::get().to(api::targets))
            .route("/api/v1/findings", web::get().to(api::findings))
            .route("/api/v1/history", web::get().to(api::history))
            .route("/api-tokens", web::get().to(tokens::index))
            .route("/api-tokens", web::post().to(tokens::create))
            .route("/api-tokens/{id}/delete", web::post().to(tokens::delete))
            .route("/assets/{name}", web::get().to(asset))
            .default_service(web::to(|| async {
                Err::<HttpResponse, _>(error::WebError::NotFound)
            }));
    }
}

/// Starts the dashboard on `listen`; returns the bound address and the server to await.
pub fn start(
    state: WebState,
    listen: &str,
) -> std::io::Result<(SocketAddr, actix_web::dev::Server)> {
    start_with(state, listen, |_| {})
}

/// [`start`] with extra routes beside linkwatch's own (the load benchmark serves its reference
/// static page this way, through the same server and middleware).
pub fn start_with(
    state: WebState,
    listen: &str,
    extra: impl Fn(&mut web::ServiceConfig) + Clone + Send + 'static,
) -> std::io::Result<(SocketAddr, actix_web::dev::Server)> {
    let mut state = state;
    let listener = std::net::TcpListener::bind(listen)?;
    let addr = listener.local_addr()?;
    if state.site.public_url.is_none() {
        // The port the system chose, when asked for port 0.
        state.site.base_url = format!("http://{addr}");
    }
    let https = state.site.base_url.starts_with("https://");
    let data = web::Data::new(state);
    let server = HttpServer::new(move || {
        App::new()
            .wrap(security_headers_for(https))
            .configure(extra.clone())
            .configure(configure(data.clone()))
    })
    .workers(2)
    .disable_signals()
    .shutdown_timeout(5)
    .listen(listener)?;
    Ok((addr, server.run()))
}

const STYLE: &[u8] = include_bytes!("../../assets/style.css");
const ICON: &[u8] = include_bytes!("../../assets/icon.svg");

async fn asset(name: web::Path<String>) -> HttpResponse {
    let (body, ct) = match name.as_str() {
        "style.css" => (STYLE, "text/css; charset=utf-8"),
        "icon.svg" => (ICON, "image/svg+xml"),
        _ => return HttpResponse::NotFound().finish(),
    };
    HttpResponse::Ok()
        .content_type(ct)
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .body(body)
}

/// GET /readyz: the database answers and the last full cycle is recent (within three schedule
/// intervals, at least 5 minutes). 503 with the reason otherwise.
async fn readyz(state: web::Data<WebState>) -> HttpResponse {
    let now = chrono::Utc::now();
    let db = state.store.schema_version();
    let last = state.store.last_cycle().ok().flatten();
    let interval = croner::Cron::new(&state.site.schedule)
        .with_seconds_required()
        .parse()
        .ok()
        .and_then(|c| {
            let a = c.find_next_occurrence(&now, false).ok()?;
            let b = c.find_next_occurrence(&a, false).ok()?;
            Some(b - a)
        })
        .unwrap_or(chrono::Duration::minutes(15));
    let limit = (interval * 3).max(chrono::Duration::minutes(5));
    let recent = last.is_some_and(|c| now - c.finished <= limit);
    let ready = db.is_ok() && recent;
    let body = serde_json::json!({
        "ready": ready,
        "database": db.as_ref().map(|_| "ok".to_string()).unwrap_or_else(|e| e.to_string()),
        "last_cycle_finished": last.map(|c| c.finished.to_rfc3339()),
        "max_age_secs": limit.num_seconds(),
    });
    if ready {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}
