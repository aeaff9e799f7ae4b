//! What an alert says: what is wrong, why it matters, what to do, and where to do it, in
//! English or Dutch, as text, HTML, and JSON for webhooks.

use super::rules::{Alert, Event};
use crate::explain::{self, Lang};
use crate::model::{Severity, TargetKind};
use maud::html;

/// A message ready to send.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// Subject line.
    pub subject: String,
    /// Plain text.
    pub text: String,
    /// HTML.
    pub html: String,
    /// The dashboard link, when `public_url` is set.
    pub link: Option<String>,
}

fn severity_word(s: Severity, l: Lang) -> &'static str {
    match s {
        Severity::Ok => l.t("ok"),
        Severity::Warning => l.t("warning"),
        Severity::Critical => l.t("critical"),
        Severity::Unknown => l.t("unknown"),
    }
}

/// The dashboard URL of the alert's target.
pub fn link(alert: &Alert, public_url: Option<&str>) -> Option<String> {
    let base = public_url?.trim_end_matches('/');
    Some(match &alert.path {
        Some(p) => format!("{base}{p}"),
        None => format!(
            "{base}/?q={}",
            url::form_urlencoded::byte_serialize(alert.name.as_bytes()).collect::<String>()
        ),
    })
}

/// Renders an alert for people.
pub fn render(alert: &Alert, l: Lang, public_url: Option<&str>) -> Rendered {
    let what = match alert.kind {
        TargetKind::App => l.t("app-registration"),
        TargetKind::Mailbox => l.t("mailbox"),
    };
    match alert.event {
        Event::Digest => return render_digest(alert, l, public_url),
        Event::NewApp => return render_new_app(alert, l, public_url),
        _ => {}
    }
    let headline = match alert.event {
        Event::Recovery => l.t("works-again").to_string(),
        Event::Test => l.t("test-message").to_string(),
        _ => alert
            .findings
            .first()
            .map(|f| explain::finding(f.code, l).title.to_string())
            .unwrap_or_else(|| severity_word(alert.severity, l).to_string()),
    };
    let prefix = match alert.event {
        Event::Recovery => l.t("recovered"),
        Event::Reminder => l.t("still"),
        _ => "",
    };
    let subject = format!(
        "[linkwatch] {}{}{}: {} — {}",
        prefix,
        if prefix.is_empty() { "" } else { " " },
        severity_word(alert.severity, l),
        alert.name,
        headline
    );
    let link = link(alert, public_url);
    let mut text = format!(
        "{what}: {}\n{}: {}\n",
        alert.name,
        l.t("tenant"),
        alert.tenant_id
    );
    if alert.event == Event::Recovery {
        text.push_str(l.t("the-problem-is-gone-mail-works"));
        if let Some(c) = &alert.fix_closed {
            text.push_str(&format!("{}\n", fix_closed_line(c, l)));
        }
    }
    for f in &alert.findings {
        let e = explain::finding(f.code, l);
        text.push_str(&format!(
            "\n{} ({})\n{}\n{}: {}\n",
            e.title,
            f.code.as_str(),
            e.meaning,
            l.t("seen"),
            crate::seen::seen_text(&f.message, l)
        ));
        text.push_str(&format!("{}:\n", l.t("what-to-do")));
        for (i, s) in e.steps.iter().enumerate() {
            text.push_str(&format!("  {}. {s}\n", i + 1));
        }
        if let Some(b) = e.portal {
            text.push_str(&format!(
                "Azure portal: {}\n",
                explain::portal_url(b, &alert.client_id, None)
            ));
        }
    }
    if !alert.affected_mailboxes.is_empty() {
        text.push_str(&format!(
            "\n{} ({}):\n",
            l.t("mailboxes-that-fail-because-of-this"),
            alert.affected_mailboxes.len()
        ));
        for m in &alert.affected_mailboxes {
            text.push_str(&format!("  - {m}\n"));
        }
    }
    let body = html! {
        h2 { (what) ": " (alert.name) }
        p { strong { (severity_word(alert.severity, l)) } " · " (l.t("tenant")) " " (alert.tenant_id) }
        @if alert.event == Event::Recovery {
            p { (l.t("the-problem-is-gone-mail-works-2")) }
            @if let Some(c) = &alert.fix_closed { p { (fix_closed_line(c, l)) } }
        }
        @for f in &alert.findings {
            @let e = explain::finding(f.code, l);
            h3 { (e.title) }
            p { (e.meaning) }
            p { em { (l.t("seen-2")) (crate::seen::seen_text(&f.message, l)) } }
            p { strong { (l.t("what-to-do")) } }
            ol { @for s in &e.steps { li { (s) } } }
            @if let Some(b) = e.portal { p { a href=(explain::portal_url(b, &alert.client_id, None)) { (l.t("open-in-the-azure-portal")) } } }
        }
        @if !alert.affected_mailboxes.is_empty() {
            p { strong { (l.t("mailboxes-that-fail-because-of-this")) } }
            ul { @for m in &alert.affected_mailboxes { li { (m) } } }
        }
    };
    finish(subject, text, body, link, l, true)
}

/// The message: the HTML in linkwatch's mail frame, and the dashboard link at the end of both
/// parts (`text_link`: of the text part too).
fn finish(
    subject: String,
    mut text: String,
    body: maud::Markup,
    link: Option<String>,
    l: Lang,
    text_link: bool,
) -> Rendered {
    if let (Some(u), true) = (&link, text_link) {
        text.push_str(&format!("\n{}: {u}\n", l.t("open-in-linkwatch")));
    }
    let html = html! {
        div style="font-family: sans-serif; max-width: 40rem" {
            (body)
            @if let Some(u) = &link { p { a href=(u) { (l.t("open-in-linkwatch")) } } }
        }
    }
    .into_string();
    Rendered {
        subject,
        text,
        html,
        link,
    }
}

fn render_new_app(alert: &Alert, l: Lang, public_url: Option<&str>) -> Rendered {
    let tenant = alert.tenant_name.as_deref().unwrap_or(&alert.tenant_id);
    let subject = format!(
        "[linkwatch] {} {tenant}: {} — {}",
        l.t("new-mail-app-in"),
        alert.name,
        l.t("not-watched")
    );
    let found = l.t("linkwatch-found-an-app-registration-with");
    let advice = l.t("if-mail-depends-on-it-watch");
    let link = link(alert, public_url);
    let text = format!(
        "{found}

  {} ({}: {})
  {}: {tenant}

{advice}
",
        alert.name,
        l.t("application-id"),
        alert.client_id,
        l.t("tenant"),
    );
    let body = html! {
        h2 { (l.t("new-mail-app-in")) " " (tenant) ": " (alert.name) }
        p { (found) }
        ul { li { strong { (alert.name) } " (" (l.t("application-id")) " " code { (alert.client_id) } ")" } }
        p { (advice) }
    };
    finish(subject, text, body, link, l, true)
}

fn render_digest(alert: &Alert, l: Lang, public_url: Option<&str>) -> Rendered {
    let base = public_url.map(|u| u.trim_end_matches('/').to_string());
    let subject = format!(
        "[linkwatch] {} {}",
        alert.open.len(),
        l.t("problems-still-open")
    );
    let mut text = format!("{}\n\n", l.t("still-open-today"));
    for o in &alert.open {
        let title = o.code.map(|c| explain::finding(c, l).title).unwrap_or("");
        text.push_str(&format!(
            "- {} ({}) — {}: {}",
            o.name,
            o.tenant,
            severity_word(o.status, l),
            title
        ));
        if let Some(b) = &base {
            text.push_str(&format!(" — {b}{}", o.path));
        }
        text.push('\n');
    }
    let link = base.as_ref().map(|b| format!("{b}/"));
    let body = html! {
        h2 { (subject) }
        ul { @for o in &alert.open { li {
            @match &base { Some(b) => a href=(format!("{b}{}", o.path)) { (o.name) }, None => (o.name) }
            " (" (o.tenant) ") — " strong { (severity_word(o.status, l)) } ": " (o.code.map(|c| explain::finding(c, l).title).unwrap_or(""))
        } } }
    };
    finish(subject, text, body, link, l, false)
}

/// The JSON body of a generic webhook: the alert with the finding vocabulary of the JSON
/// contract, plus the rendered summary and link.
pub fn webhook_json(alert: &Alert, l: Lang, public_url: Option<&str>) -> serde_json::Value {
    let r = render(alert, l, public_url);
    let mut v = serde_json::json!({
        "type": format!("linkwatch.{}", serde_json::to_value(alert.event).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()),
        "timestamp": alert.at.to_rfc3339(),
        "data": {
            "summary": r.subject,
            "status": alert.severity,
            "previous_status": alert.previous,
            "target": { "kind": alert.kind, "tenant_id": alert.tenant_id, "client_id": alert.client_id, "address": alert.address, "name": alert.name },
            "findings": alert.findings,
            "affected_mailboxes": alert.affected_mailboxes,
            "url": r.link,
        }
    });
    if let Some(t) = &alert.tenant_name {
        v["data"]["target"]["tenant_name"] = serde_json::json!(t);
    }
    // Recoveries: which of the two closed it (the application's sign-ins, or a person).
    if let Some(c) = &alert.fix_closed {
        v["data"]["fix_closed"] = serde_json::json!({
            "by": if c.confirmed_by.is_some() { "operator" } else { "sign_ins" },
            "confirmed_by": c.confirmed_by,
            "at": c.at.to_rfc3339(),
        });
    }
    v
}

/// Which of the two closed the incident: the application's own sign-ins, or a person.
pub fn fix_closed_line(c: &crate::model::FixClosed, l: Lang) -> String {
    let at = c.at.format("%Y-%m-%d %H:%M UTC").to_string();
    match &c.confirmed_by {
        None => l.with("closed-by-sign-ins", &[("at", &at)]),
        Some(who) => l.with("closed-by-hand", &[("who", who), ("at", &at)]),
    }
}
