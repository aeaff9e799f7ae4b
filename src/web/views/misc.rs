//! The login page and the history page.

use super::layout::{bare, page, status_badge};
use super::parts::pager;
use crate::explain::{self, Lang};
use crate::store::{AuditEntry, HistoryEntry};
use crate::web::auth::Ctx;
use maud::{html, Markup};

/// The login form; `error` is shown above it, `demo` hints the demo account.
pub fn login(
    lang: Lang,
    csrf: &str,
    next: &str,
    error: Option<&str>,
    demo: Option<&(String, String)>,
) -> Markup {
    let l = lang;
    bare(
        l,
        l.pick("Sign in", "Aanmelden"),
        html! {
            div class="login" {
                h1 { (l.pick("Sign in", "Aanmelden")) }
                @if let Some(e) = error { p class="error" role="alert" { (e) } }
                form method="post" action="/login" {
                    input type="hidden" name="_csrf" value=(csrf);
                    input type="hidden" name="next" value=(next);
                    label for="username" { (l.pick("User name", "Gebruikersnaam")) }
                    input id="username" name="username" autocomplete="username" required autofocus;
                    label for="password" { (l.pick("Password", "Wachtwoord")) }
                    input id="password" name="password" type="password" autocomplete="current-password" required;
                    button type="submit" { (l.pick("Sign in", "Aanmelden")) }
                }
                @if let Some((u, p)) = demo {
                    p class="hint" { (l.pick("Demo: sign in as ", "Demo: meld u aan als ")) code { (u) } (l.pick(" with password ", " met wachtwoord ")) code { (p) } }
                } @else {
                    p class="hint" { (l.pick("Forgot your password? An admin resets it under Manage → Dashboard users, or on the server: ", "Wachtwoord vergeten? Een beheerder stelt het opnieuw in bij Beheer → Dashboardgebruikers, of op de server: ")) code { "linkwatch user add NAME --role ROLE" } }
                }
                p { a href="/lang/en?next=/login" lang="en" { "English" } " · " a href="/lang/nl?next=/login" lang="nl" { "Nederlands" } }
            }
        },
    )
}

/// The history page: status changes and the audit log.
pub fn history(
    ctx: &Ctx,
    changes: &[HistoryEntry],
    links: &std::collections::HashMap<String, (String, String)>,
    audit: &[AuditEntry],
    names: &std::collections::HashMap<String, (String, String)>,
    find: &str,
    (page_no, per_page, total_hint): (usize, usize, u64),
) -> Markup {
    let l = ctx.lang;
    let base = if find.is_empty() {
        "/history".to_string()
    } else {
        let q: String = url::form_urlencoded::byte_serialize(find.as_bytes()).collect();
        format!("/history?q={q}")
    };
    let body = html! {
        h1 { (l.pick("History", "Geschiedenis")) }
        form method="get" action="/history" class="filters" role="search" {
            label for="history-q" { (l.pick("Find", "Zoeken")) input id="history-q" name="q" type="search" value=(find) placeholder=(l.pick("mailbox, client id, user or action", "mailbox, client-ID, gebruiker of actie")); }
            button type="submit" { (l.pick("Search", "Zoeken")) }
        }
        h2 { (l.pick("Status changes", "Statuswijzigingen")) }
        table class="cards" {
            thead { tr { th { (l.pick("When", "Wanneer")) } th { (l.pick("Target", "Doel")) } th { (l.pick("Change", "Wijziging")) } th { (l.pick("Findings", "Meldingen")) } } }
            tbody {
                @for e in changes { tr {
                    td { time datetime=(e.changed_at.to_rfc3339()) { (ctx.clock().datetime(e.changed_at)) } }
                    td {
                        @match links.get(&e.target_key) {
                            Some((name, url)) => { a href=(url) { (name) } br; span class="muted small" { (e.target_key) } },
                            None => { code { (e.target_key) } " " span class="muted" { (l.pick("(no longer watched)", "(niet meer bewaakt)")) } },
                        }
                    }
                    td { @if let Some(p) = e.previous_status { (status_badge(Some(p), l)) " → " } (status_badge(Some(e.status), l)) }
                    td { @for f in &e.findings { code { (f.code.as_str()) } " " } }
                } }
            }
        }
        h2 { (l.pick("Actions (audit log)", "Acties (auditlog)")) }
        table class="cards" {
            thead { tr { th { (l.pick("When", "Wanneer")) } th { (l.pick("Who", "Wie")) } th { (l.pick("What", "Wat")) } th { (l.pick("On", "Op")) } } }
            tbody {
                @for a in audit { tr {
                    td { time datetime=(a.at.to_rfc3339()) { (ctx.clock().datetime(a.at)) } }
                    td { (a.actor) }
                    td {
                        @match explain::action(&a.action, l) {
                            Some(words) => { (words) " " span class="muted small" { "(" (a.action) ")" } },
                            None => { code { (a.action) } },
                        }
                        @if let Some(d) = &a.detail { br; span class="muted" { (d) } }
                    }
                    td {
                        @if let Some(t) = &a.target {
                            // A row id (`mailbox:7`, `app:2`) reads as the name, with a link.
                            @match names.get(t) {
                                Some((name, url)) => a href=(url) { (name) },
                                None => (t),
                            }
                        }
                    }
                } }
            }
        }
        (pager(&base, page_no, per_page, total_hint, l))
    };
    page(ctx, l.pick("History", "Geschiedenis"), body)
}
