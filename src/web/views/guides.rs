//! The secret rotation wizard and the runbooks of the consuming applications, with the real
//! values filled in, in English and Dutch (from the procedures in shared/seeds).

use super::layout::{csrf, page};
use crate::explain::{portal_url, Blade, Lang};
use crate::observed::policies::SecretRules;
use crate::store::{AppDetail, MailboxDetail};
use crate::targets::ConsumerKind;
use crate::web::auth::Ctx;
use chrono::{DateTime, Utc};
use maud::{html, Markup};

/// The rotation wizard's first page (and the form again with an error).
pub fn rotate_form(
    ctx: &Ctx,
    a: &AppDetail,
    error: Option<(&str, Option<u32>)>,
    recommended: DateTime<Utc>,
    simulated_portal: Option<&str>,
    rules: Option<&Result<SecretRules, String>>,
) -> Markup {
    let l = ctx.lang;
    let body = html! {
        p class="crumbs" { a href=(crate::key::paths::app(a.id)) { (a.name) } }
        h1 { (l.t("rotate-the-client-secret-of")) (a.name) }
        @match rules {
            Some(Ok(r)) if r.blocked => div class="finding critical" role="alert" {
                p { strong { (l.t("new-client-secrets-are-blocked-for")) } " (" (r.by.as_deref().unwrap_or("")) ")." }
                p { (l.t("the-portal-will-refuse-a-new")) }
            },
            Some(Ok(r)) if r.max_days.is_some() => p class="notice" role="status" {
                (l.t("new-client-secrets-may-last-at"))
                (r.max_days.unwrap_or_default()) (l.t("days-here")) " (" (r.by.as_deref().unwrap_or("")) "). "
                (l.t("the-expiry-below-keeps-within-it"))
            },
            Some(Err(why)) => p class="muted small" { (l.t("linkwatch-could-not-read-the-tenant")) (super::parts::said(why, l)) (l.t("the-portal-says-so-if-a")) },
            _ => {}
        }
        @if let Some((msg, code)) = error {
            div class="error" role="alert" {
                p { strong { (l.t("microsoft-refused-this-secret-nothing-was")) } }
                p { (msg) }
                @if let Some(c) = code { @if let Some(t) = crate::explain::aadsts(c, l) { p { "AADSTS" (c) ": " (t) } } }
                @if code == Some(7000215) { p { (l.t("did-you-paste-the-secret-s")) } }
            }
        }
        ol class="steps" {
            li {
                a href=(portal_url(Blade::Credentials, &a.client_id, None)) rel="noopener noreferrer" target="_blank" { (l.t("open-certificates-secrets-in-the-azure")) " ↗" }
                @if let Some(base) = simulated_portal {
                    br; (l.t("in-this-demo-microsoft-is-simulated"))
                    a href=(format!("{base}/{}/portal/apps/{}/secrets", a.tenant_id, a.client_id)) { (l.t("its-certificates-secrets-page")) }
                }
            }
            li { (l.t("choose-new-client-secret-description")) code { "linkwatch " (Utc::now().format("%Y-%m")) } (l.t("expires-180-days-the-portal-s")) (ctx.clock().date(recommended)) "." }
            li { (l.t("copy-the-value-not-the-secret")) }
            li { (l.t("paste-it-here-linkwatch-tries-it")) }
        }
        form method="post" action=(crate::key::paths::app_sub(a.id, "rotate")) class="stack" {
            (csrf(ctx))
            label for="secret" { (l.t("new-client-secret-value")) input id="secret" name="secret" type="password" autocomplete="off" required; }
            label for="expires" { (l.t("expires-as-shown-in-the-portal")) input id="expires" name="expires" type="date"; span class="help" { (l.t("optional-when-linkwatch-may-read-the")) } }
            button type="submit" { (l.t("test-and-save")) }
        }
    };
    page(ctx, l.t("rotate-the-client-secret-2"), body)
}

/// After a secret was accepted: where it must go now.
pub fn rotate_done(
    ctx: &Ctx,
    a: &AppDetail,
    mailboxes: &[MailboxDetail],
    saved: bool,
    expires: Option<DateTime<Utc>>,
    old_hint: Option<&str>,
    secret_uses: &Markup,
) -> Markup {
    let l = ctx.lang;
    let body = html! {
        h1 { (l.t("the-new-secret-works")) }
        @if saved {
            p class="notice ok" role="status" { (l.t("microsoft-accepted-it-and-linkwatch-saved")) @if let Some(e) = expires { (l.t("it-expires-on")) (ctx.clock().datetime(e)) "." } }
        } @else {
            p class="notice ok" role="status" { (l.t("microsoft-accepted-it-this-app-registration")) }
        }
        p { strong { (l.t("the-azure-portal-shows-the-secret")) } }
        h2 { (l.t("checklist")) }
        ol class="steps" {
            li { (consumer_step(a, l)) }
            @if !mailboxes.is_empty() {
                li {
                    @if a.consumer_kind == ConsumerKind::Econobis {
                        (l.t("econobis-stores-the-secret-per-mailbox"))
                    } @else {
                        (l.t("these-mailboxes-are-linked-through-this"))
                    }
                    ul { @for m in mailboxes { li { a href=(crate::key::paths::mailbox(m.id)) { (m.address) } } } }
                }
            }
            @if a.consumer_kind == ConsumerKind::ImageCapture { li { (l.t("imagecapture-holds-one-client-secret-per")) } }
            li { (l.t("wait-for-the-next-check-or")) }
            li { (l.t("then-delete-the-old-secret-in")) @if let Some(h) = old_hint { " (" (l.t("it-starts-with")) code { (h) "…" } ")" } ". " a href=(portal_url(Blade::Credentials, &a.client_id, None)) rel="noopener noreferrer" target="_blank" { (l.t("open-2")) " ↗" } }
        }
        (secret_uses)
        p id="still-to-do" { strong { (l.t("still-to-do-in")) (a.name) ": " } (l.t("the-problem-stays-open-until")) (a.name) (l.t("itself-signs-in-with-the-new")) }
        div class="actions" {
            @if ctx.can(crate::accounts::Role::Operator) {
                form method="post" action=(crate::key::paths::app_sub(a.id, "check")) class="inline" { (super::layout::csrf(ctx)) button type="submit" { (l.t("check-now")) } }
            }
            a class="button" href=(crate::key::paths::app(a.id)) { (l.t("back-to")) (a.name) }
        }
    };
    page(ctx, l.t("the-new-secret-works"), body)
}

fn consumer_step(a: &AppDetail, l: Lang) -> Markup {
    // The application by its name (the consumer's, else the app registration's), never by
    // its kind ("generic").
    let name = a.consumer_name.clone().unwrap_or_else(|| a.name.clone());
    html! {
        (l.t("enter-the-new-secret-in"))
        @match &a.consumer_url { Some(u) => a href=(u) rel="noopener noreferrer" { (name) }, None => (name) }
        (l.t("the-application-that-uses-this-app"))
    }
}

/// The runbook of the consuming application, with this app registration's values.
pub fn runbook(
    ctx: &Ctx,
    a: &AppDetail,
    mailboxes: &[MailboxDetail],
    redirect_uri: &str,
) -> Markup {
    let l = ctx.lang;
    let values = html! {
        dl class="facts" {
            dt { (l.t("tenant-id")) } dd { code { (a.tenant_id) } }
            dt { (l.t("client-id")) } dd { code { (a.client_id) } }
            dt { (l.t("client-secret")) } dd { @match &a.secret_hint { Some(h) => { code { (h) "…" } " " span class="muted" { (l.t("the-full-value-is-in-your")) } }, None => "—" } }
            @if let Some(u) = &a.consumer_url { dt { (l.t("application")) } dd { a href=(u) rel="noopener noreferrer" { (u) } } }
        }
        table { thead { tr { th { (l.t("mailbox")) } th { (l.t("object-id")) } th {} } }
            tbody { @for m in mailboxes { tr { td { (m.address) } td { code { (m.object_id) } } td { a href=(crate::key::paths::mailbox_sub(m.id, "relink")) { (l.t("re-link-in-linkwatch")) } } } } }
        }
    };
    let steps: Vec<String> = match a.consumer_kind {
        ConsumerKind::Econobis => vec![
            l.t("open-econobis-in-microsoft-edge-any").into(),
            l.t("sign-in-to-econobis-with-your").into(),
            l.t("set-incoming-email-type-to-microsoft").into(),
            l.t("under-microsoft-azure-api-settings-fill").into(),
            l.t("save-microsoft-s-sign-in-page").into(),
            l.t("before-the-next-mailbox-sign-out").into(),
        ],
        ConsumerKind::ImageCapture => vec![
            l.t("the-app-registration-is-single-tenant").into(),
            l.t("api-permissions-microsoft-graph-delegated-mail").into(),
            l.t("in-imagecapture-replace-the-microsoft-exchange").into(),
            l.t("imagecapture-holds-one-client-secret-per-2").into(),
            l.t("secrets-can-no-longer-be-set").into(),
        ],
        ConsumerKind::Generic => vec![
            l.t("in-the-application-s-mail-settings").into(),
            l.t("start-its-microsoft-sign-in-and").into(),
            l.t("check-the-mailbox-s-page-here").into(),
        ],
    };
    let body = html! {
        p class="crumbs" { a href=(crate::key::paths::app(a.id)) { (a.name) } }
        h1 { (l.t("runbook-2")) (crate::explain::runbook_of(a.consumer_kind, &a.name)) @if a.consumer_kind != crate::targets::ConsumerKind::Generic { " — " (a.name) } }
        h2 { (l.t("the-values")) }
        (values)
        h2 { (l.t("steps")) }
        ol class="steps" { @for s in &steps { li { (s) } } }
        p class="hint" { (l.t("linkwatch-s-own-link-uses-this")) code { (redirect_uri) } }
    };
    page(ctx, l.t("runbook"), body)
}
