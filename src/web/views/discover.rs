//! The Discover page: every app registration of a tenant with Microsoft Graph mail permissions,
//! read live with the tenant's monitor credential, unwatched ones first.

use super::layout::{csrf, page};
use crate::accounts::Role;
use crate::activity::SignalState;
use crate::discovery::FoundApp;
use crate::explain::Lang;
use crate::graph::progress::{Collection, Snapshot};
use crate::targets::ConsumerKind;
use crate::usecases::watch::{Choice, WatchError};
use crate::web::auth::Ctx;
use chrono::{DateTime, Utc};
use maud::{html, Markup};

/// The page: `found` is what the read gave, or why it could not be read.
pub fn discover(
    ctx: &Ctx,
    tenant_ref: i64,
    tenant_name: &str,
    found: &Result<Vec<FoundApp>, String>,
    now: DateTime<Utc>,
) -> Markup {
    let l = ctx.lang;
    let body = html! {
        p class="crumbs" { a href="/" { (l.t("overview")) } " › " a href=(crate::key::paths::tenant(tenant_ref)) { (tenant_name) } " › " (l.t("discover")) }
        h1 { (l.t("mail-apps-in")) (tenant_name) }
        p class="hint" { (l.t("read-just-now-from-the-tenant")) }
        @match found {
            Err(why) => div class="finding critical" role="alert" {
                strong { (l.t("the-directory-could-not-be-read-2")) }
                p { (why) }
            },
            Ok(apps) if apps.is_empty() => p { (l.t("no-app-registration-in-this-tenant")) },
            Ok(apps) => {
                @let unwatched = apps.iter().filter(|a| !a.watched).count();
                p { strong { (apps.len()) } (l.t("apps-with-mail-permissions")) strong { (unwatched) } (l.t("not-watched-2")) }
                table class="cards" {
                    thead { tr {
                        th { (l.t("name")) }
                        th { (l.t("mail-permissions")) }
                        th { (l.t("reaches")) }
                        th class="hide-narrow" { (l.t("secrets-and-certificates")) }
                    } }
                    tbody {
                        @for a in sorted(apps) { (row(a, now, (l, ctx.clock()), watch_link(ctx, tenant_ref, a))) }
                    }
                }
            }
        }
    };
    page(ctx, l.t("discover"), body)
}

/// While a large directory is read: how far it has come, looked at again every 3 seconds.
pub fn reading(
    ctx: &Ctx,
    tenant_ref: i64,
    tenant_name: &str,
    so_far: &Snapshot,
    since: std::time::Duration,
) -> Markup {
    let l = ctx.lang;
    let line = |c: Collection, n: usize, pages: Option<usize>| {
        let what = match c {
            Collection::Applications => l.t("app-registrations"),
            Collection::ServicePrincipals => l.t("enterprise-applications"),
            Collection::Grants => l.t("delegated-permission-grants"),
            Collection::Other => l.t("other-objects"),
        };
        html! { li { strong { (what) } ": " (thousands(n, l)) " "
            @match pages {
                Some(p) => (l.t("read-so-far")) " (" (l.t("page")) " " (p) ")…",
                None => "✓",
            }
        } }
    };
    let body = html! {
        meta http-equiv="refresh" content="3";
        p class="crumbs" { a href="/" { (l.t("overview")) } " › " a href=(crate::key::paths::tenant(tenant_ref)) { (tenant_name) } " › " (l.t("discover")) }
        h1 { (l.t("reading-the-directory-of")) (tenant_name) "…" }
        p role="status" { (l.t("a-large-directory-is-read-999")) }
        ul class="steps" {
            @for (c, n) in &so_far.done { (line(*c, *n, None)) }
            @if let Some((c, n, p)) = so_far.reading { (line(c, n, Some(p))) }
            @if so_far.done.is_empty() && so_far.reading.is_none() { li { (l.t("asking-microsoft-for-a-token")) } }
        }
        p class="hint" { (l.t("reading-for")) (since.as_secs()) " s" }
    };
    page(ctx, l.t("discover"), body)
}

/// `12345` as "12,345" (English) or "12.345" (Dutch).
fn thousands(n: usize, l: Lang) -> String {
    let digits = n.to_string();
    let sep = l.t("text");
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(ch);
    }
    out
}

/// Unwatched apps first, then by name.
fn sorted(apps: &[FoundApp]) -> Vec<&FoundApp> {
    let mut v: Vec<&FoundApp> = apps.iter().collect();
    v.sort_by_key(|a| (a.watched, a.name.to_lowercase()));
    v
}

/// The address of the watch form for an unwatched app, for admins.
fn watch_link(ctx: &Ctx, tenant_ref: i64, a: &FoundApp) -> Option<String> {
    (!a.watched && ctx.can(Role::Admin)).then(|| {
        let q: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("app", &a.client_id)
            .finish();
        format!(
            "{}?{q}",
            crate::key::paths::tenant_sub(tenant_ref, "discover/watch")
        )
    })
}

/// The consumer kind in words.
fn kind_name(kind: ConsumerKind, l: Lang) -> &'static str {
    match kind {
        ConsumerKind::Econobis => "Econobis",
        ConsumerKind::ImageCapture => "ImageCapture",
        ConsumerKind::Generic => l.t("another-application"),
    }
}

fn row(
    a: &FoundApp,
    now: DateTime<Utc>,
    (l, clock): (Lang, super::clock::Clock),
    watch: Option<String>,
) -> Markup {
    html! {
        tr {
            td {
                (a.name) br;
                @if a.watched { span class="badge ok" { (l.t("watched")) } } @else { span class="badge warning" { (l.t("not-watched")) } }
                @if a.consumer_kind != ConsumerKind::Generic { " " span class="small muted" { (l.t("probably")) (kind_name(a.consumer_kind, l)) } }
                br; span class="small muted hide-narrow" { (a.client_id) }
                @if let Some(href) = watch { br; a class="button" href=(href) { (l.t("watch")) } }
            }
            td {
                @for s in &a.mail_scopes { code class="perm" { (s) } " " }
                @for r in &a.mail_roles { code class="perm" { (r) } " " span class="tag" { (l.t("app-only-every-mailbox")) } " " }
            }
            td {
                @match a.consent {
                    "tenant" => { (l.t("every-account-admin-consent")) br; }
                    "users" => {}
                    _ if !a.mail_roles.is_empty() => { (l.t("every-mailbox-once-an-admin-granted")) }
                    _ => { span class="muted" { (l.t("no-consent")) } }
                }
                @for acc in &a.accounts { (acc.address.as_deref().unwrap_or(&acc.object_id)) br; }
            }
            td class="hide-narrow" {
                @if a.credentials.is_empty() { span class="muted" { (l.t("none")) } }
                @for c in &a.credentials {
                    (if c.kind == "secret" { l.t("secret") } else { l.t("certificate") })
                    @if let Some(n) = &c.name { " " (n) }
                    @match c.expires_at {
                        Some(e) if e <= now => { " " span class="badge critical" { (l.t("expired")) (clock.date(e)) } }
                        Some(e) => { " " span class="muted" { (l.t("until")) (clock.date(e)) } }
                        None => {}
                    }
                    br;
                }
            }
        }
    }
}

/// The watch form: a name, the consumer kind (guessed), the mailboxes to watch (all ticked),
/// an optional secret, and which signals the app will have.
pub fn watch_form(
    ctx: &Ctx,
    (tenant_ref, tenant_name): (i64, &str),
    a: &FoundApp,
    choice: &Choice,
    signal: &SignalState,
    error: Option<&WatchError>,
) -> Markup {
    let l = ctx.lang;
    let action = crate::key::paths::tenant_sub(tenant_ref, "discover/watch");
    let field_error = |field: &str| -> Option<String> {
        match error {
            Some(WatchError::Invalid(e)) => e
                .iter()
                .find(|(f, _)| f.form_key() == field)
                .map(|(_, p)| p.form_text(l)),
            _ => None,
        }
    };
    let secret_error = match error {
        Some(WatchError::SecretRefused(e)) => Some(format!(
            "{} {e}",
            l.t("microsoft-refused-a-token-with-this")
        )),
        _ => field_error("client_secret"),
    };
    let top_error = match error {
        Some(WatchError::UnknownAccount(x)) => {
            Some(format!("{x} {}", l.t("is-not-a-mailbox-this-app")))
        }
        Some(WatchError::Invalid(_)) | Some(WatchError::SecretRefused(_)) => {
            Some(l.t("nothing-was-saved-see-the-fields").to_string())
        }
        _ => None,
    };
    let signals_available = *signal == SignalState::Available;
    let body = html! {
        p class="crumbs" { a href=(crate::key::paths::tenant(tenant_ref)) { (tenant_name) } " › " a href=(crate::key::paths::tenant_sub(tenant_ref, "discover")) { (l.t("discover")) } }
        h1 { (l.t("watch-2")) (a.name) }
        @if let Some(e) = &top_error { p class="error" role="alert" { (e) } }
        p {
            (l.t("mail-permissions-2"))
            @for s in &a.mail_scopes { code class="perm" { (s) } " " }
            @for r in &a.mail_roles { code class="perm" { (r) } " " span class="tag" { (l.t("app-only-every-mailbox")) } " " }
        }
        form method="post" action=(action) class="stack" novalidate {
            (csrf(ctx))
            input type="hidden" name="app" value=(a.client_id);
            (text_field("name", l.t("name-in-linkwatch"), &choice.name, "text", field_error("name"), None))
            label for="f-consumer_kind" { (l.t("used-by")) }
            select id="f-consumer_kind" name="consumer_kind" {
                @for k in [ConsumerKind::Econobis, ConsumerKind::ImageCapture, ConsumerKind::Generic] {
                    option value=(k.as_str()) selected[choice.consumer_kind == k.as_str()] { (kind_name(k, l)) }
                }
            }
            p class="help" { (l.t("guessed-from-the-app-registration-s")) }
            fieldset {
                legend { (l.t("mailboxes-to-watch")) }
                @if a.accounts.is_empty() {
                    p class="muted" { @if a.mail_roles.is_empty() {
                        (l.t("no-account-has-consented-to-this"))
                    } @else {
                        (l.t("this-app-reaches-every-mailbox-with"))
                    } }
                }
                @for acc in &a.accounts {
                    @match &acc.address {
                        Some(addr) => label class="check" { input type="checkbox" name="mailbox" value=(acc.object_id) checked[choice.mailboxes.iter().any(|m| m.eq_ignore_ascii_case(&acc.object_id))]; " " (addr) },
                        None => label class="check muted" { input type="checkbox" disabled; " " (acc.object_id) " " (l.t("no-mail-address-in-the-directory")) },
                    }
                }
            }
            (text_field("client_secret", l.t("the-app-s-client-secret-optional"), "", "password", secret_error, Some(l.t("its-value-from-certificates-secrets-with"))))
            h2 { (l.t("what-linkwatch-will-watch")) }
            ul class="signals" {
                li { strong { (l.t("directory")) } (l.t("its-secrets-and-certificates-expiry-its")) }
                li { strong { (l.t("the-application-s-sign-ins")) }
                    @if signals_available { (l.t("available-linkwatch-sees-when-the-application")) }
                    @else { (l.t("not-available-in-this-tenant-entra")) } }
                li { strong { (l.t("app-sign-in-with-its-secret")) } (l.t("only-when-you-give-the-secret")) }
                li { strong { (l.t("mailbox-probes")) } (l.t("after-each-mailbox-is-re-linked")) }
            }
            button type="submit" { (l.t("watch-this-app")) }
        }
    };
    page(ctx, l.t("watch-3"), body)
}

fn text_field(
    name: &str,
    label: &str,
    value: &str,
    kind: &str,
    error: Option<String>,
    help: Option<&str>,
) -> Markup {
    let id = format!("f-{name}");
    let err_id = format!("{id}-error");
    html! {
        label for=(id) { (label) }
        input id=(id) name=(name) type=(kind) value=(value) autocomplete="off" aria-invalid=[error.as_ref().map(|_| "true")] aria-describedby=[error.as_ref().map(|_| err_id.as_str())];
        @if let Some(e) = &error { p class="field-error" id=(err_id) { (e) } }
        @if let Some(h) = help { p class="help" { (h) } }
    }
}

/// Nothing can be watched: the directory could not be read, the app is gone or watched.
pub fn watch_refused(ctx: &Ctx, (tenant_ref, tenant_name): (i64, &str), e: &WatchError) -> Markup {
    let l = ctx.lang;
    let why = match e {
        WatchError::Read(why) => format!("{} {why}", l.t("the-directory-could-not-be-read-3")),
        WatchError::NotFound => l.t("this-app-registration-is-not-among").into(),
        WatchError::Watched => l.t("this-app-registration-is-watched-already").into(),
        other => other.to_string(),
    };
    let body = html! {
        p class="crumbs" { a href=(crate::key::paths::tenant(tenant_ref)) { (tenant_name) } " › " a href=(crate::key::paths::tenant_sub(tenant_ref, "discover")) { (l.t("discover")) } }
        h1 { (l.t("nothing-was-watched")) }
        div class="finding critical" role="alert" { p { (why) } }
        p { a class="button" href=(crate::key::paths::tenant_sub(tenant_ref, "discover")) { (l.t("back-to-discover")) } }
    };
    page(ctx, l.t("watch-3"), body)
}
