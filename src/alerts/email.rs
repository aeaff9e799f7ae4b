//! Email with lettre over SMTP: STARTTLS, implicit TLS, or plain for a local relay; optional
//! authentication; several recipients; a text and an HTML part.

use super::error::DeliveryError;
use super::message::Rendered;
use super::{EmailSettings, Tls};
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls as SmtpTls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// Sends one message; the error says what failed (never a password, never the server's
/// words). `guarded`: the server was entered in the dashboard, so every address its name
/// resolves to must be public, and the connection goes to the address checked (the name
/// still checks the server's certificate).
pub async fn send(
    s: &EmailSettings,
    guarded: bool,
    r: &Rendered,
    message_id: &str,
    extra_to: &[String],
) -> Result<(), DeliveryError> {
    let config = |m: String| DeliveryError::Config(m);
    let from: Mailbox = s
        .from
        .parse()
        .map_err(|e| config(format!("from {:?}: {e}", s.from)))?;
    let mut builder = Message::builder()
        .from(from)
        .subject(&r.subject)
        .message_id(Some(format!("<{message_id}@linkwatch>")));
    let mut all: Vec<&String> = s.to.iter().collect();
    for o in extra_to {
        if !all.iter().any(|t| t.eq_ignore_ascii_case(o)) {
            all.push(o);
        }
    }
    for to in all {
        builder = builder.to(to.parse().map_err(|e| config(format!("to {to:?}: {e}")))?);
    }
    let email = builder
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(r.text.clone()),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(r.html.clone()),
                ),
        )
        .map_err(|e| config(format!("building the message: {e}")))?;
    let server = format!("{}:{}", s.host, s.port);
    let smtp = |e: lettre::transport::smtp::Error| DeliveryError::from_smtp(&server, &e);
    let connect_to = if guarded {
        let addrs = super::destination::resolve(&s.host, s.port)
            .await
            .map_err(|e| match e {
                super::destination::ResolveError::Refused(r) => {
                    DeliveryError::Refused(r.to_string())
                }
                super::destination::ResolveError::Lookup(_) => {
                    DeliveryError::Unresolvable(server.clone())
                }
            })?;
        addrs[0].ip().to_string()
    } else {
        s.host.clone()
    };
    let tls_for = |host: &str| TlsParameters::new(host.to_string()).map_err(smtp);
    let mut transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(connect_to)
        .tls(match s.tls {
            Tls::StartTls => SmtpTls::Required(tls_for(&s.host)?),
            Tls::Tls => SmtpTls::Wrapper(tls_for(&s.host)?),
            Tls::None => SmtpTls::None,
        })
        .port(s.port)
        .timeout(Some(Duration::from_secs(30)));
    if let Some((user, password)) = &s.credentials {
        transport = transport.credentials(Credentials::new(
            user.clone(),
            password.expose().to_string(),
        ));
    }
    transport
        .build()
        .send(email)
        .await
        .map(|_| ())
        .map_err(smtp)
}
