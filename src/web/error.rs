//! All error-to-HTTP mapping: one enum, one `match` for the status, one error page. The user
//! sees a short message (and a request id for 500s); the cause goes to the log only.

use crate::explain::Lang;
use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use std::fmt;

/// What a handler can fail with.
#[derive(Debug)]
pub enum WebError {
    /// Not signed in: go to the login page, then back to `next`.
    Login {
        /// Where to return after signing in.
        next: String,
    },
    /// Signed in, but the role may not do this.
    Forbidden,
    /// The form's CSRF token is missing or wrong.
    Csrf,
    /// Nothing here.
    NotFound,
    /// Too many attempts.
    TooManyRequests,
    /// Something broke; the detail is logged with the request id.
    Internal {
        /// Shown to the user and logged.
        request_id: String,
    },
}

impl WebError {
    /// Logs `cause` with a new request id and returns the error the user sees.
    pub fn internal(cause: impl fmt::Display) -> WebError {
        let request_id = crate::accounts::random_token()[..12].to_string();
        tracing::error!(request_id = %request_id, error = %cause, "request failed");
        WebError::Internal { request_id }
    }
}

impl fmt::Display for WebError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebError::Login { .. } => f.write_str("sign in first"),
            WebError::Forbidden => f.write_str("your role may not do this"),
            WebError::Csrf => f.write_str("the form expired or did not come from this site"),
            WebError::NotFound => f.write_str("not found"),
            WebError::TooManyRequests => f.write_str("too many attempts; wait a few minutes"),
            WebError::Internal { request_id } => {
                write!(f, "internal error (request id {request_id})")
            }
        }
    }
}

impl From<crate::store::StoreError> for WebError {
    fn from(e: crate::store::StoreError) -> Self {
        WebError::internal(e)
    }
}

impl ResponseError for WebError {
    fn status_code(&self) -> StatusCode {
        match self {
            WebError::Login { .. } => StatusCode::SEE_OTHER,
            WebError::Forbidden | WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            WebError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let WebError::Login { next } = self {
            let target = format!(
                "/login?next={}",
                url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
            );
            return HttpResponse::SeeOther()
                .insert_header((header::LOCATION, target))
                .finish();
        }
        // The error page is bilingual: the language is not known on every error path.
        let key = match self {
            WebError::Forbidden => "error-forbidden",
            WebError::Csrf => "error-csrf",
            WebError::NotFound => "error-not-found",
            WebError::TooManyRequests => "error-too-many",
            _ => "error-internal",
        };
        let (en, nl) = (Lang::En.t(key), Lang::Nl.t(key));
        let id = match self {
            WebError::Internal { request_id } => Some(request_id.clone()),
            _ => None,
        };
        let page = super::views::layout::bare(
            Lang::En,
            "linkwatch",
            maud::html! {
                h1 { (self.status_code().as_u16()) " — " (self.status_code().canonical_reason().unwrap_or("Error")) }
                p { (en) }
                p lang="nl" { (nl) }
                @if let Some(id) = id { p { "Request id: " code { (id) } } }
                p { a href="/" { "Overview / Overzicht" } }
            },
        );
        HttpResponse::build(self.status_code())
            .content_type("text/html; charset=utf-8")
            .body(page.into_string())
    }
}
