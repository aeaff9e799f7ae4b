//! The alert channel form: the kind chosen first, then only that kind's fields; the tenants
//! and app registrations it is limited to picked from lists; "Send a test" before saving.

use super::layout::{csrf, page};
use crate::explain::Lang;
use crate::web::auth::Ctx;
use maud::{html, Markup};
use std::collections::HashMap;

/// The four kinds, with what each is for.
pub const KINDS: &[&str] = &["email", "webhook", "slack", "teams"];

fn kind_name(kind: &str, l: Lang) -> &'static str {
    match kind {
        "email" => l.t("email"),
        "webhook" => l.t("webhook"),
        "slack" => l.t("slack"),
        _ => l.t("microsoft-teams"),
    }
}

fn kind_about(kind: &str, l: Lang) -> &'static str {
    match kind {
        "email" => l.t("through-your-smtp-server-in-english"),
        "webhook" => l.t("json-to-your-own-endpoint-signed"),
        "slack" => l.t("a-slack-incoming-webhook-block-kit"),
        _ => l.t("a-teams-workflows-webhook-adaptive-card"),
    }
}

/// The first step of a new channel: which kind.
pub fn kind_chooser(ctx: &Ctx) -> Markup {
    let l = ctx.lang;
    let body = html! {
        p class="crumbs" { a href="/alerts" { (l.t("alerts")) } }
        h1 { (l.t("add-an-alert-channel")) }
        p { (l.t("where-should-alerts-go")) }
        ul class="plain choices" {
            @for k in KINDS {
                li { a class="button" href=(format!("/alerts/channels/new?kind={k}")) { (kind_name(k, l)) } " " span class="hint" { (kind_about(k, l)) } }
            }
        }
    };
    page(ctx, l.t("alert-channel"), body)
}

/// Everything the channel form shows.
pub struct ChannelForm<'a> {
    /// The stored channel's row id; none for a new one.
    pub id: Option<i64>,
    /// `email`, `webhook`, `slack` or `teams`.
    pub kind: &'a str,
    /// The fields' values as typed or stored (secrets never).
    pub values: &'a HashMap<String, String>,
    /// Tenant ids and client ids it is limited to.
    pub picked: (&'a [String], &'a [String]),
    /// Every tenant (id, name).
    pub tenants: &'a [(String, String)],
    /// Every app registration (client id, name, tenant name).
    pub apps: &'a [(String, String, String)],
    /// Problems by field.
    pub errors: &'a HashMap<String, String>,
    /// A message above the form.
    pub error: Option<String>,
    /// The result of "Send a test": what was sent, or why it failed.
    pub tested: Option<Result<String, String>>,
    /// Secrets typed before a test or a refused save, sealed so they need not be typed again.
    pub sealed: Option<String>,
    /// Which secrets are stored or sealed already (leave empty to keep).
    pub kept: &'a [&'a str],
}

/// The form of one channel kind.
pub fn channel_form(ctx: &Ctx, f: &ChannelForm<'_>) -> Markup {
    let l = ctx.lang;
    let v = |k: &str| f.values.get(k).cloned().unwrap_or_default();
    let text = |name: &str, label: &str, kind: &str, help: &str| {
        let id = format!("f-{name}");
        let err = f.errors.get(name);
        let secret = kind == "password";
        let kept = secret && f.kept.contains(&name);
        html! {
            label for=(id) {
                (label)
                input id=(id) name=(name) type=(kind) value=(if secret { String::new() } else { v(name) }) autocomplete="off" aria-invalid=[err.map(|_| "true")];
                @if let Some(e) = err { span class="field-error" { (e) } }
                @if kept { span class="help" { (l.t("kept-leave-empty-to-keep-it")) } }
                @if !help.is_empty() { span class="help" { (help) } }
            }
        }
    };
    let action =
        f.id.map(|i| format!("/alerts/channels/{i}"))
            .unwrap_or_else(|| "/alerts/channels/new".into());
    let body = html! {
        p class="crumbs" { a href="/alerts" { (l.t("alerts")) } }
        h1 { (kind_name(f.kind, l)) ": " (if f.id.is_some() { l.t("alert-channel-2") } else { l.t("new-alert-channel") }) }
        p class="hint" { (kind_about(f.kind, l)) }
        @if let Some(e) = &f.error { p class="error" role="alert" { (e) } }
        @match &f.tested {
            Some(Ok(what)) => p class="notice ok" role="status" { (what) },
            Some(Err(why)) => p class="error" role="alert" { (l.t("the-test-message-was-not-delivered")) (why) },
            None => {},
        }
        form method="post" action=(action) class="stack" novalidate {
            (csrf(ctx))
            input type="hidden" name="kind" value=(f.kind);
            @if let Some(s) = &f.sealed { input type="hidden" name="sealed" value=(s); }
            (text("name", l.t("name-2"), "text", l.t("how-alerts-and-the-alerts-page")))
            label for="f-language" { (l.t("language"))
                select id="f-language" name="language" {
                    option value="en" selected[v("language") != "nl"] { "English" }
                    option value="nl" selected[v("language") == "nl"] { "Nederlands" }
                }
            }
            @match f.kind {
                "email" => {
                    (text("smtp_host", l.t("smtp-server"), "text", ""))
                    (text("smtp_port", l.t("port"), "text", l.t("t-587-for-starttls-465-for-tls")))
                    label for="f-tls" { (l.t("connection"))
                        select id="f-tls" name="tls" {
                            @for t in ["starttls", "tls", "none"] { option value=(t) selected[v("tls") == t] { (t) } }
                        }
                    }
                    (text("username", l.t("user-name"), "text", l.t("empty-no-sign-in-at-the")))
                    (text("password", l.t("password"), "password", l.t("encrypted-at-rest-never-shown-again")))
                    (text("from", l.t("from"), "text", ""))
                    (text("to", l.t("to"), "text", l.t("addresses-separated-by-spaces-or-commas")))
                    label class="check" { input type="checkbox" name="owners" value="yes" checked[v("owners") == "yes"]; " " (l.t("also-to-the-owners-of-the")) }
                },
                "webhook" => {
                    (text("url", l.t("url"), "password", l.t("encrypted-at-rest-urls-with-tokens")))
                    (text("secret", l.t("signing-secret-whsec"), "password", l.t("optional-the-receiver-checks-webhook-signature")))
                },
                _ => {
                    (text("url", l.t("webhook-url"), "password", l.t("encrypted-at-rest-urls-with-tokens")))
                },
            }
            fieldset {
                legend { (l.t("which-alerts")) }
                p class="help" { (l.t("nothing-ticked-every-tenant-and-app")) }
                @for (id, name) in f.tenants {
                    label class="check" { input type="checkbox" name="tenant" value=(id) checked[f.picked.0.iter().any(|p| p.eq_ignore_ascii_case(id))]; " " (l.t("tenant-2")) strong { (name) } }
                }
                @for (client, name, tenant) in f.apps {
                    label class="check" { input type="checkbox" name="app" value=(client) checked[f.picked.1.iter().any(|p| p.eq_ignore_ascii_case(client))]; " " (l.t("app-registration-2")) strong { (name) } " " span class="muted" { "(" (tenant) ")" } }
                }
                // Limits that name nothing known any more stay, ticked, until unticked.
                @for t in f.picked.0.iter().filter(|p| !f.tenants.iter().any(|(id, _)| id.eq_ignore_ascii_case(p))) {
                    label class="check" { input type="checkbox" name="tenant" value=(t) checked; " " (t) }
                }
                @for a in f.picked.1.iter().filter(|p| !f.apps.iter().any(|(c, _, _)| c.eq_ignore_ascii_case(p))) {
                    label class="check" { input type="checkbox" name="app" value=(a) checked; " " (a) }
                }
                @if let Some(e) = f.errors.get("tenants").or(f.errors.get("apps")) { span class="field-error" { (e) } }
            }
            div class="actions" {
                button type="submit" name="action" value="test" class="secondary" { (l.t("send-a-test")) }
                button type="submit" name="action" value="save" { (l.t("save")) }
            }
            p class="help" { (l.t("send-a-test-delivers-one-test")) }
        }
        @if let Some(id) = f.id {
            h2 { (l.t("delete")) }
            form method="post" action=(format!("/alerts/channels/{id}/delete")) class="stack" {
                (csrf(ctx))
                label class="check" { input type="checkbox" name="confirm" value="yes" required; " " (l.t("yes-delete-this-channel")) }
                button type="submit" class="danger" { (l.t("delete")) }
            }
        }
    };
    page(ctx, l.t("alert-channel"), body)
}
