//! A response built off the async workers. actix's `HttpResponse` is not `Send`, so the part of
//! a handler that runs on the blocking pool ([`super::blocking`]) returns a [`Reply`] instead,
//! which becomes the response on the worker.

use actix_web::body::BoxBody;
use actix_web::cookie::Cookie;
use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse, Responder};
use maud::Markup;

/// Status, a redirect or a body, and cookies.
#[derive(Debug)]
pub struct Reply {
    status: StatusCode,
    location: Option<String>,
    headers: Vec<(&'static str, String)>,
    content_type: Option<&'static str>,
    body: String,
    cookies: Vec<Cookie<'static>>,
}

/// `to` when it is a path of this site: one `/` first, then no `/` or `\\` right after it, and
/// no control character, white space or backslash anywhere (browsers drop tabs and newlines
/// from a `Location`, so `/\t/evil.example` would be read as `//evil.example`).
pub fn local_path(to: &str) -> Option<&str> {
    let mut chars = to.chars();
    let local = chars.next() == Some('/')
        && !matches!(chars.next(), Some('/'))
        && !to
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    local.then_some(to)
}

impl Reply {
    /// `303 See Other` to a page of this site (anything else goes to the overview), the answer
    /// of every form post (POST, redirect, GET).
    pub fn see_other(to: &str) -> Reply {
        let to = local_path(to).unwrap_or("/");
        Reply {
            status: StatusCode::SEE_OTHER,
            location: Some(to.to_string()),
            headers: Vec::new(),
            content_type: None,
            body: String::new(),
            cookies: Vec::new(),
        }
    }

    /// `303 See Other` to another site (the identity platform's sign-in page).
    pub fn redirect_away(url: String) -> Reply {
        Reply {
            location: Some(url),
            ..Reply::see_other("/")
        }
    }

    /// A page with `status`.
    pub fn html(status: StatusCode, page: Markup) -> Reply {
        Reply {
            status,
            location: None,
            headers: Vec::new(),
            content_type: Some("text/html; charset=utf-8"),
            body: page.into_string(),
            cookies: Vec::new(),
        }
    }

    /// A form shown again with its problems: 422.
    pub fn invalid(page: Markup) -> Reply {
        Reply::html(StatusCode::UNPROCESSABLE_ENTITY, page)
    }

    /// Plain text with `status`.
    pub fn text(status: StatusCode, content_type: &'static str, body: String) -> Reply {
        Reply {
            status,
            location: None,
            headers: Vec::new(),
            content_type: Some(content_type),
            body,
            cookies: Vec::new(),
        }
    }

    /// JSON with `status`.
    pub fn json(status: StatusCode, value: &serde_json::Value) -> Reply {
        Reply::text(status, "application/json", value.to_string())
    }

    /// Sets a header too (over the security headers' defaults).
    pub fn header(mut self, name: &'static str, value: String) -> Reply {
        self.headers.push((name, value));
        self
    }

    /// Sets a cookie too.
    pub fn cookie(mut self, c: Cookie<'static>) -> Reply {
        self.cookies.push(c);
        self
    }
}

impl Responder for Reply {
    type Body = BoxBody;

    fn respond_to(self, _: &HttpRequest) -> HttpResponse {
        let mut r = HttpResponse::build(self.status);
        if let Some(to) = self.location {
            r.insert_header((header::LOCATION, to));
        }
        for (name, value) in self.headers {
            r.insert_header((name, value));
        }
        if let Some(ct) = self.content_type {
            r.content_type(ct);
        }
        for c in self.cookies {
            r.cookie(c);
        }
        r.body(self.body)
    }
}
