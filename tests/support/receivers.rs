//! Real receivers on 127.0.0.1 for alert tests: an SMTP server (mailin-embedded) and a
//! webhook receiver that verifies Standard Webhooks signatures.
#![allow(dead_code)]

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use mailin_embedded::{response, Handler, Response, Server, SslConfig};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// One received mail.
#[derive(Debug, Clone)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    pub raw: Vec<u8>,
}

#[derive(Clone, Default)]
struct Collect {
    mails: Arc<Mutex<Vec<Mail>>>,
    current: Option<Mail>,
    /// What every RCPT TO is answered with, instead of OK.
    refuse_rcpt: Option<(u16, String)>,
}

impl Handler for Collect {
    fn rcpt(&mut self, _to: &str) -> Response {
        match &self.refuse_rcpt {
            Some((code, text)) => Response::custom(*code, text.clone()),
            None => response::OK,
        }
    }
    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current = Some(Mail {
            from: from.to_string(),
            to: to.to_vec(),
            raw: Vec::new(),
        });
        response::OK
    }
    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Some(m) = &mut self.current {
            m.raw.extend_from_slice(buf);
        }
        Ok(())
    }
    fn data_end(&mut self) -> Response {
        if let Some(m) = self.current.take() {
            self.mails.lock().unwrap().push(m);
        }
        response::OK
    }
}

/// Starts an SMTP server without TLS; returns its port and the received mails.
pub fn smtp_server() -> (u16, Arc<Mutex<Vec<Mail>>>) {
    smtp_server_with(None)
}

/// Starts an SMTP server that answers every recipient with `code` and `text` (550: the
/// mailbox does not exist; 451: try again later).
pub fn smtp_server_refusing(code: u16, text: &str) -> u16 {
    smtp_server_with(Some((code, text.to_string()))).0
}

fn smtp_server_with(refuse_rcpt: Option<(u16, String)>) -> (u16, Arc<Mutex<Vec<Mail>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handler = Collect {
        refuse_rcpt,
        ..Default::default()
    };
    let mails = handler.mails.clone();
    let mut server = Server::new(handler);
    server
        .with_name("localhost")
        .with_ssl(SslConfig::None)
        .unwrap()
        .with_tcp_listener(listener);
    std::thread::spawn(move || {
        let _ = server.serve();
    });
    (port, mails)
}

/// One received webhook call.
#[derive(Debug, Clone)]
pub struct Hook {
    pub method: String,
    pub path: String,
    pub id: String,
    pub timestamp: String,
    pub signature: String,
    pub body: serde_json::Value,
    pub verified: bool,
}

/// Starts a webhook receiver on `port` (0: any) that checks signatures with `secret`.
pub async fn webhook_receiver(
    port: u16,
    secret: &str,
) -> (u16, Arc<Mutex<Vec<Hook>>>, actix_web::dev::ServerHandle) {
    receiver(port, Some(secret)).await
}

/// Starts a receiver that takes any JSON (Slack, Teams).
pub async fn plain_receiver() -> (u16, Arc<Mutex<Vec<Hook>>>, actix_web::dev::ServerHandle) {
    receiver(0, None).await
}

/// Starts a receiver on `port` that takes any JSON, unsigned hooks included.
pub async fn plain_receiver_on(
    port: u16,
) -> (u16, Arc<Mutex<Vec<Hook>>>, actix_web::dev::ServerHandle) {
    receiver(port, None).await
}

async fn receiver(
    port: u16,
    secret: Option<&str>,
) -> (u16, Arc<Mutex<Vec<Hook>>>, actix_web::dev::ServerHandle) {
    let hooks: Arc<Mutex<Vec<Hook>>> = Arc::default();
    let key: Option<Vec<u8>> = secret.map(|s| linkwatch::alerts::webhook::secret_key(s).unwrap());
    let (h, k) = (hooks.clone(), key.clone());
    let server = HttpServer::new(move || {
        let (h, k) = (h.clone(), k.clone());
        App::new().default_service(web::to(move |req: HttpRequest, body: web::Bytes| {
            let (h, k) = (h.clone(), k.clone());
            async move {
                let header = |n: &str| {
                    req.headers()
                        .get(n)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_string()
                };
                let (id, ts, sig) = (
                    header("webhook-id"),
                    header("webhook-timestamp"),
                    header("webhook-signature"),
                );
                let verified = match &k {
                    Some(k) => {
                        let expected = linkwatch::alerts::webhook::sign(
                            k,
                            &id,
                            ts.parse().unwrap_or(0),
                            &body,
                        );
                        sig.split(' ').any(|s| s == expected)
                    }
                    None => true,
                };
                h.lock().unwrap().push(Hook {
                    method: req.method().to_string(),
                    path: req.path().to_string(),
                    id,
                    timestamp: ts,
                    signature: sig,
                    body: serde_json::from_slice(&body).unwrap_or_default(),
                    verified,
                });
                if verified {
                    HttpResponse::NoContent().finish()
                } else {
                    HttpResponse::Unauthorized().finish()
                }
            }
        }))
    })
    .workers(1)
    .disable_signals()
    .bind(("127.0.0.1", port))
    .unwrap();
    let port = server.addrs()[0].port();
    let server = server.run();
    let handle = server.handle();
    tokio::spawn(server);
    (port, hooks, handle)
}

/// Starts a receiver that answers every request with `status` (and `Retry-After`, when
/// given); returns its port and how many requests it got.
pub async fn status_receiver(
    status: u16,
    retry_after: Option<&'static str>,
) -> (u16, Arc<Mutex<u32>>, actix_web::dev::ServerHandle) {
    counting_receiver(move || {
        let mut r = HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap());
        if let Some(ra) = retry_after {
            r.insert_header(("Retry-After", ra));
        }
        r.body("{\"error\":\"as configured\"}")
    })
    .await
}

/// Starts a receiver that answers every request with `302 Found` to `location`; returns its
/// port and how many requests it got.
pub async fn redirect_receiver(
    location: String,
) -> (u16, Arc<Mutex<u32>>, actix_web::dev::ServerHandle) {
    counting_receiver(move || {
        HttpResponse::Found()
            .insert_header(("Location", location.clone()))
            .finish()
    })
    .await
}

/// Starts a receiver that answers every request with what `answer` makes, and counts them.
async fn counting_receiver(
    answer: impl Fn() -> HttpResponse + Clone + Send + 'static,
) -> (u16, Arc<Mutex<u32>>, actix_web::dev::ServerHandle) {
    let count: Arc<Mutex<u32>> = Arc::default();
    let c = count.clone();
    let server = HttpServer::new(move || {
        let (c, answer) = (c.clone(), answer.clone());
        App::new().default_service(web::to(move || {
            let (c, answer) = (c.clone(), answer.clone());
            async move {
                *c.lock().unwrap() += 1;
                answer()
            }
        }))
    })
    .workers(1)
    .disable_signals()
    .bind(("127.0.0.1", 0))
    .unwrap();
    let port = server.addrs()[0].port();
    let server = server.run();
    let handle = server.handle();
    tokio::spawn(server);
    (port, count, handle)
}

/// A free port on 127.0.0.1 (nothing listens on it after this returns).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
