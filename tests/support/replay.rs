//! A replay server on 127.0.0.1:0 that answers each request with the next canned reply
//! (status, headers, body) and records when each request arrived.

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// One canned reply.
#[derive(Clone)]
pub struct Canned {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Canned {
    /// A JSON reply from a sample file in tests/fixtures/graph/.
    pub fn sample(status: u16, file: &str) -> Canned {
        let body = std::fs::read(format!(
            "{}/tests/fixtures/graph/{file}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        Canned {
            status,
            headers: vec![("content-type", "application/json; charset=utf-8".into())],
            body,
        }
    }

    /// Adds a header.
    pub fn with(mut self, name: &'static str, value: &str) -> Canned {
        self.headers.push((name, value.into()));
        self
    }
}

#[derive(Default)]
pub struct Replay {
    pub replies: VecDeque<Canned>,
    pub seen: Vec<(Instant, String)>,
}

/// Starts the server; returns its URL and the shared state.
pub async fn start(replies: Vec<Canned>) -> (String, Arc<Mutex<Replay>>) {
    let state = Arc::new(Mutex::new(Replay {
        replies: replies.into(),
        seen: Vec::new(),
    }));
    let data = web::Data::from(state.clone());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .default_service(web::to(answer))
    })
    .workers(1)
    .disable_signals()
    .bind("127.0.0.1:0")
    .unwrap();
    let url = format!("http://{}", server.addrs()[0]);
    tokio::spawn(server.run());
    (url, state)
}

async fn answer(req: HttpRequest, state: web::Data<Mutex<Replay>>) -> HttpResponse {
    let mut s = state.lock().unwrap();
    s.seen.push((Instant::now(), req.uri().to_string()));
    let Some(c) = s.replies.pop_front() else {
        return HttpResponse::InternalServerError().body("replay: no more canned replies");
    };
    let mut b = HttpResponse::build(actix_web::http::StatusCode::from_u16(c.status).unwrap());
    for (k, v) in c.headers {
        b.insert_header((k, v));
    }
    b.body(c.body)
}
