//! The simulated Microsoft identity platform and Graph: the demo, the integration tests, the
//! browser tests and the benchmarks all run against it on 127.0.0.1. Driven by a [`Scenario`].

mod assertion;
mod consent;
mod faults;
pub mod graph;
pub mod identity;
pub mod reply;
pub mod scenario;
pub mod signin;
pub mod signins;
pub mod state;

pub use scenario::Scenario;
pub use state::SimState;

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

/// A running simulator.
pub struct Simulator {
    /// Where it listens.
    pub addr: SocketAddr,
    state: Arc<Mutex<SimState>>,
    handle: actix_web::dev::ServerHandle,
}

impl Simulator {
    /// Starts the simulator for `scenario` on `addr` (port 0: any free port).
    pub async fn start(scenario: Scenario, addr: SocketAddr) -> std::io::Result<Simulator> {
        let state = Arc::new(Mutex::new(SimState::new(scenario)));
        let shared = web::Data::from(state.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(shared.clone())
                .app_data(web::PayloadConfig::new(1 << 20))
                .default_service(web::to(dispatch))
        })
        .workers(2)
        .disable_signals()
        .shutdown_timeout(1)
        .bind(addr)?;
        let addr = server.addrs()[0];
        let server = server.run();
        let handle = server.handle();
        tokio::spawn(server);
        Ok(Simulator {
            addr,
            state,
            handle,
        })
    }

    /// The base URL, used as both the login and the Graph URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The state, to read the request log or change the world mid-test.
    pub fn state(&self) -> MutexGuard<'_, SimState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Stops the server.
    pub async fn stop(self) {
        self.handle.stop(false).await;
    }
}

async fn dispatch(
    req: HttpRequest,
    body: web::Bytes,
    state: web::Data<Mutex<SimState>>,
) -> HttpResponse {
    let lock = || state.lock().unwrap_or_else(|e| e.into_inner());
    let arrived = Instant::now();
    let full_path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".into());
    let method = req.method().as_str().to_string();
    let latency = {
        let mut s = lock();
        s.in_flight.0 += 1;
        s.in_flight.1 = s.in_flight.1.max(s.in_flight.0);
        s.scenario.latency_ms
    };
    if latency > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(latency)).await;
    }
    let fault = faults::pick(&mut lock(), &full_path);
    let faulted = match fault {
        Some(f) => faults::apply(&f).await,
        None => None,
    };
    let (status, retry_after, resp) =
        faulted.unwrap_or_else(|| match route(&req, &body, &mut lock()) {
            Routed::Json(r) => (r.status, r.retry_after, r.into_response()),
            Routed::Page(status, resp) => (status, None, resp),
        });
    let mut s = lock();
    s.in_flight.0 -= 1;
    s.log.push(state::LogEntry {
        at: arrived,
        method,
        path: full_path,
        status,
        retry_after,
        answered: Instant::now(),
        request_hash: {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            req.headers()
                .get(actix_web::http::header::AUTHORIZATION)
                .map(|v| v.as_bytes())
                .hash(&mut h);
            body.hash(&mut h);
            h.finish()
        },
    });
    resp
}

/// A JSON reply (token endpoint, Graph) or a page or redirect (sign-in).
enum Routed {
    Json(reply::Reply),
    Page(u16, HttpResponse),
}

fn route(req: &HttpRequest, body: &[u8], state: &mut SimState) -> Routed {
    let path = decode(req.uri().path());
    let query = parse_query(req.uri().query().unwrap_or(""));
    let info = req.connection_info().clone();
    let base = format!("{}://{}", info.scheme(), info.host());
    let header = |n: &str| {
        req.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    state.request = state::RequestContext {
        base: base.clone(),
        client_info: false,
        client_request_id: header("client-request-id"),
        user_agent: header("user-agent").unwrap_or_default(),
    };
    signins::advance(state, chrono::Utc::now());
    if let Some(rest) = path.strip_prefix("/v1.0/") {
        let bearer = req
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        return Routed::Json(graph::handle(
            state,
            req.method().as_str(),
            rest,
            &query,
            bearer,
            body,
            &base,
        ));
    }
    if let Some(rest) = path.strip_prefix("/beta/") {
        let grant = req
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .and_then(|t| state.access.get(t))
            .cloned();
        let Some(grant) = grant else {
            return Routed::Json(reply::Reply::graph(
                401,
                "InvalidAuthenticationToken",
                "Access token is empty or invalid.",
            ));
        };
        return Routed::Json(match rest.to_ascii_lowercase().as_str() {
            "auditlogs/signins" => signins::list(state, &grant, &query, &base),
            "reports/appcredentialsigninactivities" => {
                signins::credential_activity(state, &grant, &query)
            }
            _ => reply::Reply::graph(
                400,
                "BadRequest",
                &format!("Resource not found for the segment '{rest}'."),
            ),
        });
    }
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (req.method().as_str(), parts.as_slice()) {
        ("POST", [tenant, "oauth2", "v2.0", "token"]) => {
            let form: HashMap<String, String> =
                url::form_urlencoded::parse(body).into_owned().collect();
            state.request.client_info = form.get("client_info").is_some_and(|v| v == "1");
            Routed::Json(identity::token(state, tenant, &form))
        }
        ("GET", [tenant, "v2.0", ".well-known", "openid-configuration"]) => {
            Routed::Json(identity::openid_configuration(state, tenant, &base))
        }
        ("POST", [tenant, "oauth2", "v2.0", "devicecode"]) => {
            let form: HashMap<String, String> =
                url::form_urlencoded::parse(body).into_owned().collect();
            Routed::Json(signin::device_code(state, tenant, &form, &base))
        }
        ("GET", [tenant, "portal", "apps", client, "secrets"]) => {
            let (status, resp) = signin::portal_secrets(state, tenant, client, None);
            Routed::Page(status, resp)
        }
        ("POST", [tenant, "portal", "apps", client, "secrets"]) => {
            let form: HashMap<String, String> =
                url::form_urlencoded::parse(body).into_owned().collect();
            let (status, resp) = signin::portal_secrets(state, tenant, client, Some(&form));
            Routed::Page(status, resp)
        }
        ("GET", [tenant, "apps", client, "settings"]) => {
            let (status, resp) = signins::settings_page(state, tenant, client, None);
            Routed::Page(status, resp)
        }
        ("POST", [tenant, "apps", client, "settings"]) => {
            let form: HashMap<String, String> =
                url::form_urlencoded::parse(body).into_owned().collect();
            let (status, resp) = signins::settings_page(state, tenant, client, Some(&form));
            Routed::Page(status, resp)
        }
        ("GET", ["devicelogin"]) => {
            let (status, resp) = signin::device_login(state, None);
            Routed::Page(status, resp)
        }
        ("POST", ["devicelogin"]) => {
            let form: HashMap<String, String> =
                url::form_urlencoded::parse(body).into_owned().collect();
            let (status, resp) = signin::device_login(state, Some(&form));
            Routed::Page(status, resp)
        }
        ("GET", [tenant, "v2.0", "adminconsent"]) => {
            let (status, resp) = consent::admin_consent(state, tenant, &query, None);
            Routed::Page(status, resp)
        }
        ("POST", [tenant, "v2.0", "adminconsent"]) => {
            let form: HashMap<String, String> =
                url::form_urlencoded::parse(body).into_owned().collect();
            let answer = form.get("answer").cloned().unwrap_or_default();
            let (status, resp) = consent::admin_consent(state, tenant, &form, Some(&answer));
            Routed::Page(status, resp)
        }
        ("GET", [tenant, "oauth2", "v2.0", "authorize"]) => {
            let (status, resp) = signin::authorize(state, tenant, &query, false);
            Routed::Page(status, resp)
        }
        ("POST", [tenant, "oauth2", "v2.0", "authorize"]) => {
            let form: HashMap<String, String> =
                url::form_urlencoded::parse(body).into_owned().collect();
            let (status, resp) = signin::authorize(state, tenant, &form, true);
            Routed::Page(status, resp)
        }
        _ => Routed::Json(reply::Reply::graph(
            404,
            "NotFound",
            &format!("no simulated endpoint at {path}"),
        )),
    }
}

/// Percent-decodes a path.
pub fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Parses a query string.
pub fn parse_query(q: &str) -> HashMap<String, String> {
    url::form_urlencoded::parse(q.as_bytes())
        .into_owned()
        .collect()
}
