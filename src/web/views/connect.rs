//! Connecting a tenant: what the monitor app needs (once), the form that sends an admin to
//! Microsoft, waiting for the consent to apply, and what came of it.

use super::layout::{csrf, page};
use crate::explain::Lang;
use crate::monitor::PERMISSIONS;
use crate::store::RelinkRefused;
use crate::usecases::connect::{GaveUp, Pending, Progress, Refusal, PROPAGATION_LIMIT_SECS};
use crate::web::auth::Ctx;
use maud::{html, Markup};

fn crumbs(l: Lang) -> Markup {
    html! { p class="crumbs" { a href="/manage" { (l.t("manage")) } " › " (l.t("connect-a-tenant")) } }
}

/// The permissions table: which signal each one feeds.
fn permissions(l: Lang) -> Markup {
    html! {
        table class="compact" {
            thead { tr { th { (l.t("application-permission")) } th { (l.t("what-linkwatch-watches-with-it")) } } }
            tbody { @for p in PERMISSIONS { tr { td { code { (p.role) } } td { (p.feeds(l)) } } } }
        }
    }
}

/// The page: the monitor app's registration (once), then the tenant to connect.
pub fn connect_page(
    ctx: &Ctx,
    monitor_client_id: Option<&str>,
    redirect_uri: &str,
    (tenant, name): (&str, &str),
    error: Option<&str>,
) -> Markup {
    let l = ctx.lang;
    let body = html! {
        (crumbs(l))
        h1 { (l.t("connect-a-tenant")) }
        p { (l.t("an-administrator-of-the-tenant-consents")) }
        details open[monitor_client_id.is_none()] {
            summary { (l.t("once-register-linkwatch-s-monitor-app")) }
            ol class="steps" {
                li { (l.t("in-your-own-tenant-entra-id")) strong { (l.t("accounts-in-any-organizational-directory-multitenant")) } ". " (l.t("redirect-uri-platform-web")) code { (redirect_uri) } }
                li { (l.t("api-permissions-add-a-permission-microsoft")) (permissions(l)) }
                li { (l.t("certificates-secrets-certificates-upload-certificate-recommended")) }
                li { (l.t("in-linkwatch-toml-then-restart-linkwatch")) pre { "[monitor]\nclient_id = \"<Application (client) ID>\"\ncertificate_file = \"/etc/linkwatch/monitor.crt\"\nprivate_key_file = \"/etc/linkwatch/monitor.key\"\n# " (l.t("or-with-a-client-secret")) "\n# client_secret_env = \"LINKWATCH_MONITOR_SECRET\"" } }
            }
        }
        @match monitor_client_id {
            None => p class="error" role="alert" { (l.t("no-monitor-app-is-configured-yet")) },
            Some(id) => {
                p class="muted" { (l.t("monitor-app")) code { (id) } }
                @if let Some(e) = error { p class="error" role="alert" { (e) } }
                form method="post" action="/manage/tenants/connect" class="stack" novalidate {
                    (csrf(ctx))
                    label for="f-tenant" { (l.t("tenant")) " *" }
                    input id="f-tenant" name="tenant" type="text" value=(tenant) required autocomplete="off" aria-invalid=[error.map(|_| "true")];
                    p class="help" { (l.t("its-domain-contoso-onmicrosoft-com-or")) }
                    label for="f-name" { (l.t("name-in-linkwatch")) }
                    input id="f-name" name="name" type="text" value=(name) autocomplete="off";
                    label class="check" { input type="checkbox" name="watch_all" value="yes" checked; " " (l.t("also-watch-every-app-registration-s")) }
                    p class="help" { (l.t("a-global-administrator-or-privileged-role")) }
                    button type="submit" { (l.t("continue-to-microsoft")) }
                }
            }
        }
    };
    page(ctx, l.t("connect-a-tenant"), body)
}

/// Waiting for the consent to apply, connected, or given up.
pub fn progress_page(ctx: &Ctx, p: &Progress) -> Markup {
    let l = ctx.lang;
    let body = html! {
        (crumbs(l))
        @match p {
            Progress::Waiting { since_secs, why } => {
                meta http-equiv="refresh" content="3";
                h1 { (l.t("waiting-for-microsoft")) }
                p { (l.t("the-consent-was-given-microsoft-s")) }
                progress max=(PROPAGATION_LIMIT_SECS) value=((*since_secs).clamp(0, PROPAGATION_LIMIT_SECS)) aria-label=(l.t("waiting-2")) {}
                p class="muted" role="status" { (since_secs) (l.t("s-of-at-most")) (PROPAGATION_LIMIT_SECS / 60) (l.t("minutes")) (pending(why, l)) }
            }
            Progress::Connected { tenant_ref, name, granted, missing } => {
                h1 { (l.t("connected")) (name) }
                p class="notice ok" role="status" { (l.t("microsoft-applied-the-consent-and-linkwatch")) }
                h2 { (l.t("what-linkwatch-can-watch-here")) }
                ul class="signals" {
                    @for p in PERMISSIONS.iter().filter(|p| granted.iter().any(|g| g.eq_ignore_ascii_case(p.role))) {
                        li { "✓ " (p.feeds(l)) " " span class="muted small" { "(" (p.role) ")" } }
                    }
                    @for p in missing {
                        li { "✗ " (p.feeds(l)) " " span class="muted small" { "(" (p.role) (l.t("was-not-granted")) ")" } }
                    }
                }
                p { a class="button" href=(crate::key::paths::tenant_sub(*tenant_ref, "discover")) { (l.t("discover-its-mail-apps")) } " " a href=(crate::key::paths::tenant(*tenant_ref)) { (l.t("open-the-tenant")) } }
            }
            Progress::Failed(why) => {
                h1 { (l.t("the-tenant-was-not-connected")) }
                div class="finding critical" role="alert" { p { (gave_up(why, l)) } }
                p { a class="button" href="/manage/tenants/connect" { (l.t("try-again")) } }
            }
        }
    };
    page(ctx, l.t("connect-a-tenant"), body)
}

/// Microsoft's answer ended the connection, or its state was not good.
pub fn refused_page(ctx: &Ctx, r: &Refusal) -> Markup {
    let l = ctx.lang;
    let (title, detail): (&str, String) = match r {
        Refusal::Flow(why) => (
            l.t("the-tenant-was-not-connected"),
            match why {
                RelinkRefused::Unknown => l.t("this-answer-does-not-belong-to"),
                RelinkRefused::Replayed => l.t("this-answer-was-already-used-once"),
                RelinkRefused::Expired => l.t("the-consent-took-longer-than-15"),
                RelinkRefused::OtherSession => l.t("this-connection-was-started-in-another"),
            }
            .to_string(),
        ),
        Refusal::Microsoft { error, description }
            if error == "access_denied" && description.contains("65004") =>
        {
            (
                l.t("the-administrator-cancelled"),
                l.t("the-consent-was-declined-at-microsoft").to_string(),
            )
        }
        Refusal::Microsoft { description, .. } if description.contains("50020") => (
            l.t("signed-in-with-an-account-of"),
            l.t("the-account-used-at-microsoft-does").to_string(),
        ),
        Refusal::Microsoft { error, description } => (
            l.t("microsoft-did-not-give-the-consent"),
            format!("{error}: {}", description.lines().next().unwrap_or("")),
        ),
    };
    let body = html! {
        (crumbs(l))
        h1 { (title) }
        div class="finding critical" role="alert" { p { (detail) } }
        p { a class="button" href="/manage/tenants/connect" { (l.t("start-again")) } }
    };
    page(ctx, l.t("connect-a-tenant"), body)
}

/// What the last token request showed, in words.
fn pending(p: &Pending, l: Lang) -> String {
    match p {
        Pending::NoToken(e) => format!("{} ({e})", l.t("no-token-yet")),
        Pending::NoRoles => l.t("the-token-has-no-permissions-yet").into(),
        Pending::Partial { granted, total } => format!(
            "{granted} {} {total} {}",
            l.t("of"),
            l.t("permissions-so-far")
        ),
    }
}

/// Why linkwatch gave up, in words.
fn gave_up(g: &GaveUp, l: Lang) -> String {
    match g {
        GaveUp::NoMonitorApp => l.t("gave-up-no-monitor-app").into(),
        GaveUp::NotPropagated(e) => l.with(
            "gave-up-not-propagated",
            &[
                ("minutes", &(PROPAGATION_LIMIT_SECS / 60).to_string()),
                ("error", e),
            ],
        ),
        GaveUp::NotJwt => l.t("gave-up-not-jwt").into(),
        GaveUp::OtherTenant {
            returned,
            asked,
            tid,
        } => l.with(
            "gave-up-other-tenant",
            &[("returned", returned), ("asked", asked), ("tid", tid)],
        ),
        GaveUp::NoRoles => l.t("gave-up-no-roles").into(),
        GaveUp::MonitorCredential(e) => l.with("gave-up-monitor-credential", &[("error", e)]),
        GaveUp::Refused(_) => l.t("gave-up-refused").into(),
    }
}
