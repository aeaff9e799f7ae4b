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
        "email" => l.pick("Email", "E-mail"),
        "webhook" => l.pick("Webhook", "Webhook"),
        "slack" => l.pick("Slack", "Slack"),
        _ => l.pick("Microsoft Teams", "Microsoft Teams"),
    }
}

fn kind_about(kind: &str, l: Lang) -> &'static str {
    match kind {
        "email" => l.pick(
            "Through your SMTP server, in English or Dutch, to fixed addresses and optionally to the app registration's owners.",
            "Via uw SMTP-server, in het Engels of Nederlands, naar vaste adressen en desgewenst naar de eigenaren van de app-registratie.",
        ),
        "webhook" => l.pick(
            "JSON to your own endpoint, signed as Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).",
            "JSON naar uw eigen endpoint, ondertekend volgens Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).",
        ),
        "slack" => l.pick(
            "A Slack incoming webhook (Block Kit message).",
            "Een inkomende webhook van Slack (Block Kit-bericht).",
        ),
        _ => l.pick(
            "A Teams Workflows webhook (Adaptive Card).",
            "Een Workflows-webhook van Teams (Adaptive Card).",
        ),
    }
}

/// The first step of a new channel: which kind.
pub fn kind_chooser(ctx: &Ctx) -> Markup {
    let l = ctx.lang;
    let body = html! {
        p class="crumbs" { a href="/alerts" { (l.pick("Alerts", "Meldingen")) } }
        h1 { (l.pick("Add an alert channel", "Meldingskanaal toevoegen")) }
        p { (l.pick("Where should alerts go?", "Waar moeten meldingen heen?")) }
        ul class="plain choices" {
            @for k in KINDS {
                li { a class="button" href=(format!("/alerts/channels/new?kind={k}")) { (kind_name(k, l)) } " " span class="hint" { (kind_about(k, l)) } }
            }
        }
    };
    page(ctx, l.pick("Alert channel", "Meldingskanaal"), body)
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
                @if kept { span class="help" { (l.pick("Kept; leave empty to keep it.", "Bewaard; laat leeg om te houden.")) } }
                @if !help.is_empty() { span class="help" { (help) } }
            }
        }
    };
    let action =
        f.id.map(|i| format!("/alerts/channels/{i}"))
            .unwrap_or_else(|| "/alerts/channels/new".into());
    let body = html! {
        p class="crumbs" { a href="/alerts" { (l.pick("Alerts", "Meldingen")) } }
        h1 { (kind_name(f.kind, l)) ": " (if f.id.is_some() { l.pick("alert channel", "meldingskanaal") } else { l.pick("new alert channel", "nieuw meldingskanaal") }) }
        p class="hint" { (kind_about(f.kind, l)) }
        @if let Some(e) = &f.error { p class="error" role="alert" { (e) } }
        @match &f.tested {
            Some(Ok(what)) => p class="notice ok" role="status" { (what) },
            Some(Err(why)) => p class="error" role="alert" { (l.pick("The test message was not delivered: ", "Het testbericht is niet afgeleverd: ")) (why) },
            None => {},
        }
        form method="post" action=(action) class="stack" novalidate {
            (csrf(ctx))
            input type="hidden" name="kind" value=(f.kind);
            @if let Some(s) = &f.sealed { input type="hidden" name="sealed" value=(s); }
            (text("name", l.pick("Name *", "Naam *"), "text", l.pick("How alerts and the Alerts page name it.", "Hoe meldingen en de pagina Meldingen het noemen.")))
            label for="f-language" { (l.pick("Language", "Taal"))
                select id="f-language" name="language" {
                    option value="en" selected[v("language") != "nl"] { "English" }
                    option value="nl" selected[v("language") == "nl"] { "Nederlands" }
                }
            }
            @match f.kind {
                "email" => {
                    (text("smtp_host", l.pick("SMTP server *", "SMTP-server *"), "text", ""))
                    (text("smtp_port", l.pick("Port", "Poort"), "text", l.pick("587 for starttls, 465 for tls, 25 without encryption (none).", "587 voor starttls, 465 voor tls, 25 zonder versleuteling (none).")))
                    label for="f-tls" { (l.pick("Connection", "Verbinding"))
                        select id="f-tls" name="tls" {
                            @for t in ["starttls", "tls", "none"] { option value=(t) selected[v("tls") == t] { (t) } }
                        }
                    }
                    (text("username", l.pick("User name", "Gebruikersnaam"), "text", l.pick("Empty: no sign-in at the server.", "Leeg: zonder aanmelden bij de server.")))
                    (text("password", l.pick("Password", "Wachtwoord"), "password", l.pick("Encrypted at rest, never shown again.", "Versleuteld opgeslagen, nooit meer getoond.")))
                    (text("from", l.pick("From *", "Afzender *"), "text", ""))
                    (text("to", l.pick("To *", "Ontvangers *"), "text", l.pick("Addresses separated by spaces or commas.", "Adressen gescheiden door spaties of komma's.")))
                    label class="check" { input type="checkbox" name="owners" value="yes" checked[v("owners") == "yes"]; " " (l.pick("Also to the owners of the app registration concerned (read from Graph; needs Application.Read.All)", "Ook naar de eigenaren van de betreffende app-registratie (gelezen uit Graph; vereist Application.Read.All)")) }
                },
                "webhook" => {
                    (text("url", l.pick("URL *", "URL *"), "password", l.pick("Encrypted at rest: URLs with tokens are secrets.", "Versleuteld opgeslagen: URL's met tokens zijn geheimen.")))
                    (text("secret", l.pick("Signing secret (whsec_…)", "Ondertekengeheim (whsec_…)"), "password", l.pick("Optional; the receiver checks webhook-signature with it.", "Optioneel; de ontvanger controleert er webhook-signature mee.")))
                },
                _ => {
                    (text("url", l.pick("Webhook URL *", "Webhook-URL *"), "password", l.pick("Encrypted at rest: URLs with tokens are secrets.", "Versleuteld opgeslagen: URL's met tokens zijn geheimen.")))
                },
            }
            fieldset {
                legend { (l.pick("Which alerts", "Welke meldingen")) }
                p class="help" { (l.pick("Nothing ticked: every tenant and app registration.", "Niets aangevinkt: elke tenant en app-registratie.")) }
                @for (id, name) in f.tenants {
                    label class="check" { input type="checkbox" name="tenant" value=(id) checked[f.picked.0.iter().any(|p| p.eq_ignore_ascii_case(id))]; " " (l.pick("Tenant ", "Tenant ")) strong { (name) } }
                }
                @for (client, name, tenant) in f.apps {
                    label class="check" { input type="checkbox" name="app" value=(client) checked[f.picked.1.iter().any(|p| p.eq_ignore_ascii_case(client))]; " " (l.pick("App registration ", "App-registratie ")) strong { (name) } " " span class="muted" { "(" (tenant) ")" } }
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
                button type="submit" name="action" value="test" class="secondary" { (l.pick("Send a test", "Test versturen")) }
                button type="submit" name="action" value="save" { (l.pick("Save", "Opslaan")) }
            }
            p class="help" { (l.pick("Send a test delivers one test message through these settings without saving them.", "Test versturen levert één testbericht af met deze instellingen, zonder ze op te slaan.")) }
        }
        @if let Some(id) = f.id {
            h2 { (l.pick("Delete", "Verwijderen")) }
            form method="post" action=(format!("/alerts/channels/{id}/delete")) class="stack" {
                (csrf(ctx))
                label class="check" { input type="checkbox" name="confirm" value="yes" required; " " (l.pick("Yes, delete this channel", "Ja, verwijder dit kanaal")) }
                button type="submit" class="danger" { (l.pick("Delete", "Verwijderen")) }
            }
        }
    };
    page(ctx, l.pick("Alert channel", "Meldingskanaal"), body)
}
