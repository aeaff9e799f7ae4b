//! The tenant, app registration and mailbox pages.

use super::consumer::{self as signal, Subject};
use super::layout::{csrf, page, relative, status_badge, status_word};
use super::parts::{days_bar, finding_card, Guides};
use crate::accounts::Role;
use crate::activity::{Fix, SignalState, TenantActivity};
use crate::explain::{portal_url, Blade, Lang};
use crate::model::AlertState;
use crate::scopes;
use crate::store::{
    AppDetail, AppSnapshot, HistoryEntry, MailboxDetail, MailboxSnapshot, TargetState, TenantDetail,
};
use crate::web::auth::Ctx;
use crate::web::views::alerting::{maintenance, target_alerts};
use chrono::{DateTime, Utc};
use maud::{html, Markup};

/// The tenant page.
pub struct TenantPage {
    /// The tenant.
    pub tenant: TenantDetail,
    /// Its apps with their state and mailbox count.
    pub apps: Vec<(AppDetail, Option<TargetState>, usize)>,
    /// Its maintenance window.
    pub maintenance: AlertState,
    /// Whether the applications' own sign-ins can be read there.
    pub signal: SignalState,
    /// When they were last read.
    pub signal_read_at: Option<DateTime<Utc>>,
    /// Now.
    pub now: DateTime<Utc>,
}

/// The app registration page.
pub struct AppPage {
    /// The app.
    pub app: AppDetail,
    /// Its current state.
    pub state: Option<TargetState>,
    /// What the directory showed.
    pub snapshot: Option<AppSnapshot>,
    /// Its mailboxes.
    pub mailboxes: Vec<(MailboxDetail, Option<TargetState>, Option<MailboxSnapshot>)>,
    /// Status changes.
    pub history: Vec<HistoryEntry>,
    /// Alert state.
    pub alert: AlertState,
    /// The redirect URI to register for re-linking.
    pub redirect_uri: String,
    /// Signal 4 of its tenant.
    pub activity: TenantActivity,
    /// The fix still to do in the application, or how it closed.
    pub fix: Option<Fix>,
    /// Where the application's own settings are.
    pub app_url: Option<String>,
    /// Just watched from discovery.
    pub watched: bool,
    /// What the tenant's policies allow for a new secret, when they restrict it and the app
    /// needs one soon.
    pub secret_rules: Option<crate::observed::policies::SecretRules>,
    /// Now.
    pub now: DateTime<Utc>,
}

/// The mailbox page.
pub struct MailboxPage {
    /// The mailbox.
    pub mailbox: MailboxDetail,
    /// Its app registration.
    pub app: AppDetail,
    /// Current state.
    pub state: Option<TargetState>,
    /// What the directory showed.
    pub snapshot: Option<MailboxSnapshot>,
    /// Status changes.
    pub history: Vec<HistoryEntry>,
    /// Alert state.
    pub alert: AlertState,
    /// Just re-linked: say so.
    pub relinked: bool,
    /// Signal 4 of its tenant.
    pub activity: TenantActivity,
    /// The fix still to do in the application, or how it closed.
    pub fix: Option<Fix>,
    /// Where the application's own settings are.
    pub app_url: Option<String>,
    /// Now.
    pub now: DateTime<Utc>,
}

fn check_now(ctx: &Ctx, action: &str) -> Markup {
    let l = ctx.lang;
    html! {
        @if ctx.can(Role::Operator) {
            form method="post" action=(action) class="inline" { (csrf(ctx)) button type="submit" { (l.t("check-now")) } }
        }
    }
}

fn state_line(state: &Option<TargetState>, now: DateTime<Utc>, l: Lang) -> Markup {
    html! {
        p class="state" {
            (status_badge(state.as_ref().map(|s| s.status), l))
            @if let Some(s) = state {
                " " (l.t("checked")) time datetime=(s.checked_at.to_rfc3339()) { (relative(s.checked_at, now, l)) }
                @if s.status == crate::model::Severity::Unknown {
                    @if let Some(k) = s.last_known_status { " · " (l.t("last-known")) (status_word(Some(k), l)) }
                    " · " (s.failures_in_row) (l.t("failed-checks-in-a-row"))
                }
            }
        }
    }
}

fn history_list(h: &[HistoryEntry], l: Lang, clock: super::clock::Clock) -> Markup {
    html! {
        @if h.is_empty() { p class="muted" { (l.t("no-changes-recorded-yet")) } }
        @else {
            ol class="timeline-list" {
                @for e in h {
                    li {
                        time datetime=(e.changed_at.to_rfc3339()) { (clock.datetime(e.changed_at)) } " "
                        @if let Some(p) = e.previous_status { (status_badge(Some(p), l)) " → " }
                        (status_badge(Some(e.status), l))
                        @for f in &e.findings { " " code { (f.code.as_str()) } }
                    }
                }
            }
        }
    }
}

/// Renders the tenant page.
pub fn tenant(ctx: &Ctx, p: &TenantPage) -> Markup {
    let l = ctx.lang;
    let t = &p.tenant;
    let body = html! {
        p class="crumbs" { a href="/" { (l.t("overview")) } " › " (l.t("tenant")) }
        h1 { (t.name) }
        dl class="facts" {
            dt { (l.t("tenant-id")) } dd { code { (t.tenant_id) } }
            dt { (l.t("monitor-credential")) }
            dd { @match &t.monitor_client_id { Some(id) => code { (id) }, None => span class="muted" { (l.t("none-each-app-s-own-credential")) } } }
            dt { (l.t("source")) } dd { (source(t.from_config, l)) }
            dt { (l.t("the-applications-own-sign-ins")) }
            dd id="signal" {
                @match signal::unavailable(&p.signal, l) {
                    None => { (l.t("available-read-from-microsoft-s-sign")) @if let Some(r) = p.signal_read_at { ", " (relative(r, p.now, l)) } }
                    Some(why) => span class="info" { (why) },
                }
            }
        }
        h2 id="all-apps" { (l.t("every-app-registration-s-expiry")) }
        p {
            @if t.watch_all { (l.t("on-the-secrets-and-certificates-of")) }
            @else { (l.t("off-only-the-apps-listed-below")) }
            " " span class="muted" { (l.t("left-out")) @for p in crate::expiry::excludes(t.exclude_apps.as_deref()) { code { (p) } " " } (l.t("and-application-proxy-s-cwap-authsecret")) }
        }
        @if t.watch_all && !t.left_out.is_empty() {
            details id="left-out" {
                summary { (l.count("n-apps-left-out", t.left_out.len() as i64)) }
                ul { @for (name, pattern) in &t.left_out { li { (name) " " span class="muted" { "(" code { (pattern) } ")" } } } }
            }
        }
        @if ctx.can(Role::Admin) {
            form method="post" action=(crate::key::paths::tenant_sub(t.id, "watch-all")) class="stack" {
                (super::layout::csrf(ctx))
                label class="check" { input type="checkbox" name="on" value="yes" checked[t.watch_all]; " " (l.t("watch-every-app-registration-s-secrets")) }
                label for="f-exclude" { (l.t("leave-out-app-registrations-named-one")) }
                textarea id="f-exclude" name="exclude" rows="3" { (t.exclude_apps.clone().unwrap_or_else(|| crate::expiry::DEFAULT_EXCLUDES.join("\n"))) }
                button type="submit" { (l.t("save")) }
            }
        }
        h2 { (l.t("app-registrations")) }
        p { a class="button" href=(crate::key::paths::tenant_sub(t.id, "discover")) { (l.t("discover-mail-apps")) } " " span class="muted" { (l.t("every-app-with-mail-permissions-in")) } }
        table { thead { tr { th { (l.t("status")) } th { (l.t("name")) } th { (l.t("mailboxes")) } } }
            tbody { @for (a, s, n) in &p.apps { tr { td { (status_badge(s.as_ref().map(|s| s.status), l)) } td { a href=(crate::key::paths::app(a.id)) { (a.name) } br; code class="muted" { (a.client_id) } } td { (n) } } } }
        }
        (maintenance(ctx, &crate::key::TargetKey::tenant(&t.tenant_id).to_string(), &crate::key::paths::tenant(t.id), &p.maintenance, p.now))
    };
    page(ctx, &t.name, body)
}

fn source(from_config: bool, l: Lang) -> &'static str {
    if from_config {
        l.t("declared-in-the-config-file-read")
    } else {
        l.t("managed-in-the-dashboard")
    }
}

/// Renders the app registration page.
pub fn app(ctx: &Ctx, p: &AppPage) -> Markup {
    let l = ctx.lang;
    let a = &p.app;
    let findings = p
        .state
        .as_ref()
        .map(|s| s.findings.clone())
        .unwrap_or_default();
    let body = html! {
        p class="crumbs" { a href="/" { (l.t("overview")) } " › " a href=(crate::key::paths::tenant(a.tenant_ref)) { (a.tenant_name) } " › " (l.t("app-registration")) }
        h1 { (a.name) }
        @if p.watched {
            @let n = p.mailboxes.len();
            p class="notice ok" role="status" {
                (l.t("watched-with")) (n) " "
                (if n == 1 { l.t("mailbox-2") } else { l.t("mailboxes-2") })
                (l.t("the-check-below-ran-just-now"))
            }
        }
        (state_line(&p.state, p.now, l))
        (check_now(ctx, &crate::key::paths::app_sub(a.id, "check")))
        dl class="facts" {
            dt { (l.t("application-client-id")) } dd { code { (a.client_id) } }
            dt { (l.t("tenant")) } dd { code { (a.tenant_id) } }
            dt { (l.t("stored-secret")) } dd { @match &a.secret_hint { Some(h) => { code { (h) "…" } " " span class="muted" { (l.t("first-characters-only")) } }, None => { (l.t("none")) } } }
            dt { (l.t("signals")) } dd { (signals(p, l)) }
            dt { (l.t("used-by")) } dd { (crate::explain::consumer_word(a.consumer_kind, l)) @if let Some(n) = &a.consumer_name { " · " (n) } @if let Some(u) = &a.consumer_url { " · " a href=(u) rel="noopener noreferrer" { (u) } } }
            dt { (l.t("source")) } dd { @if a.expiry_only { (l.t("every-app-registration-of-the-tenant")) } @else { (source(a.from_config, l)) } }
            dt { (l.t("redirect-uri-for-re-linking")) }
            dd { code { (p.redirect_uri) } br; span class="muted" { (l.t("add-it-under-authentication-platform-web")) } }
            dt { (l.t("guides")) }
            dd { a href=(crate::key::paths::app_sub(a.id, "runbook")) { (l.t("runbook-for")) (crate::explain::runbook_of(a.consumer_kind, &a.name)) } @if ctx.can(Role::Admin) { " · " a href=(crate::key::paths::app_sub(a.id, "rotate")) { (l.t("rotate-the-client-secret")) } } }
            dt { (l.t("azure-portal")) }
            dd {
                a href=(portal_url(Blade::Credentials, &a.client_id, None)) rel="noopener noreferrer" target="_blank" { (l.t("certificates-secrets")) " ↗" } " · "
                a href=(portal_url(Blade::ApiPermissions, &a.client_id, None)) rel="noopener noreferrer" target="_blank" { (l.t("api-permissions")) " ↗" } " · "
                a href=(portal_url(Blade::Authentication, &a.client_id, None)) rel="noopener noreferrer" target="_blank" { (l.t("authentication")) " ↗" }
            }
        }
        @if let Some(r) = &p.secret_rules {
            div class="finding warning" role="note" {
                @if r.blocked {
                    p { strong { (l.t("a-new-client-secret-is-not")) } " (" (r.by.as_deref().unwrap_or("")) "). " (l.t("the-secret-is-running-out-while")) }
                } @else if let Some(d) = r.max_days {
                    p { (l.t("a-new-client-secret-may-last")) (d) (l.t("days-here")) " (" (r.by.as_deref().unwrap_or("")) ")." }
                }
                @if ctx.can(Role::Admin) { p { a href=(crate::key::paths::app_sub(a.id, "rotate")) { (l.t("rotate-the-client-secret")) } } }
            }
        }
        @if !findings.is_empty() {
            h2 { (l.t("problems")) }
            @for f in &findings { (finding_card(f, l, ctx.clock(), &a.client_id, None, None, Guides { app_id: a.id, rotate: ctx.can(Role::Admin), follows: None })) }
        }
        (target_alerts(ctx, &crate::web::pages::app_key(&a.tenant_id, &a.client_id), &crate::key::paths::app(a.id), p.state.as_ref().map(|s| s.status), &p.alert, p.now))
        (signal::section(ctx, &p.activity, p.fix.as_ref(), &Subject {
            app_name: &a.name,
            kind: a.consumer_kind,
            client_id: &a.client_id,
            object_id: None,
            confirm_action: crate::key::paths::app_sub(a.id, "fix/confirm"),
            runbook: crate::key::paths::app_sub(a.id, "runbook"),
            app_url: p.app_url.clone(),
        }, p.snapshot.as_ref().map(|s| s.credentials.as_slice()).unwrap_or(&[]), p.now))
        h2 { (l.t("secrets-and-certificates")) }
        (credentials(p, l, ctx.clock()))
        h2 { (l.t("permissions")) }
        (permission_matrix(p, l))
        h2 { (l.t("mailboxes")) }
        @if p.mailboxes.is_empty() { p class="muted" { (l.t("no-mailboxes")) } }
        @else {
            table { thead { tr { th { (l.t("status")) } th { (l.t("mailbox")) } th { (l.t("link")) } } }
                tbody { @for (m, s, _) in &p.mailboxes { tr {
                    td { (status_badge(s.as_ref().map(|s| s.status), l)) }
                    td { a href=(crate::key::paths::mailbox(m.id)) { (m.address) } }
                    td { @if m.link.is_some() { (l.t("linked")) } @else { span class="muted" { (l.t("not-linked")) } } }
                } } }
            }
        }
        h2 { (l.t("history")) }
        (history_list(&p.history, l, ctx.clock()))
    };
    page(ctx, &a.name, body)
}

fn credentials(p: &AppPage, l: Lang, clock: super::clock::Clock) -> Markup {
    let snap = p.snapshot.as_ref();
    html! {
        @match snap {
            Some(s) if s.directory_status == "read" => {
                @if s.credentials.is_empty() { p { (l.t("the-app-registration-has-no-secrets")) } }
                @else {
                    table { thead { tr { th { (l.t("kind")) } th { (l.t("name")) } th { (l.t("expires")) } th { (l.t("days-left")) } } }
                        tbody { @for c in &s.credentials { tr {
                            td { (c.kind) @if c.in_use { " " span class="tag" { (l.t("in-use")) } } }
                            td { (c.name.clone().unwrap_or_default()) @if let Some(h) = &c.hint { " " code { (h) "…" } } }
                            td { @if let Some(e) = c.end { (clock.datetime(e)) } }
                            td { (days_bar(c.end, p.now, l)) }
                        } } }
                    }
                }
                p class="muted" { (l.t("as-read-from-the-directory")) (relative(s.observed_at, p.now, l)) "." }
            }
            Some(s) => {
                p { (l.t("the-directory-could-not-be-read")) span class="muted" { (super::parts::said(&s.directory_status, l)) } }
                @if let Some(e) = p.app.secret_expires { p { (l.t("expiry-entered-by-hand")) (clock.datetime(e)) " — " (days_bar(Some(e), p.now, l)) } }
            }
            None => { p class="muted" { (l.t("not-checked-yet")) } }
        }
    }
}

fn permission_matrix(p: &AppPage, l: Lang) -> Markup {
    let required: Vec<String> = p
        .app
        .required_scopes
        .iter()
        .filter(|s| !scopes::is_oidc(s))
        .cloned()
        .collect();
    let configured = p
        .snapshot
        .as_ref()
        .and_then(|s| s.configured_scopes.clone());
    let mut all = required.clone();
    for c in configured.iter().flatten() {
        if !all.iter().any(|a| a.eq_ignore_ascii_case(c)) && !scopes::is_oidc(c) {
            all.push(c.clone());
        }
    }
    let read: Vec<&Vec<String>> = p
        .mailboxes
        .iter()
        .filter_map(|(_, _, s)| s.as_ref().and_then(|s| s.granted_scopes.as_ref()))
        .collect();
    let yes = |b: bool| {
        if b {
            l.t("yes")
        } else {
            l.t("no")
        }
    };
    html! {
        table class="matrix" {
            thead { tr { th scope="col" { (l.t("scope-2")) } th scope="col" { (l.t("required-2")) } th scope="col" { (l.t("configured-on-the-app")) } th scope="col" { (l.t("granted-mailboxes")) } } }
            tbody {
                @for s in &all {
                    @let req = required.iter().any(|r| r.eq_ignore_ascii_case(s));
                    @let conf = configured.as_ref().map(|c| c.iter().any(|x| x.eq_ignore_ascii_case(s)));
                    @let granted = read.iter().filter(|g| g.iter().any(|x| x.eq_ignore_ascii_case(s))).count();
                    tr {
                        th scope="row" { code { (s) } }
                        td { (yes(req)) }
                        td class=(match conf { Some(false) if req => "bad", _ => "" }) { @match conf { Some(c) => (yes(c)), None => span class="muted" { (l.t("not-read")) } } }
                        td class=(if req && !read.is_empty() && granted < read.len() { "bad" } else { "" }) { @if read.is_empty() { span class="muted" { (l.t("not-read")) } } @else { (granted) " / " (read.len()) } }
                    }
                }
            }
        }
    }
}

/// Renders the mailbox page.
pub fn mailbox(ctx: &Ctx, p: &MailboxPage) -> Markup {
    let l = ctx.lang;
    let m = &p.mailbox;
    let findings = p
        .state
        .as_ref()
        .map(|s| s.findings.clone())
        .unwrap_or_default();
    let body = html! {
        p class="crumbs" { a href="/" { (l.t("overview")) } " › " a href=(crate::key::paths::app(p.app.id)) { (p.app.name) } " › " (l.t("mailbox")) }
        h1 { (m.address) }
        (state_line(&p.state, p.now, l))
        @if p.relinked {
            p class="notice ok" role="status" { (l.t("re-linked-the-check-below-ran")) }
        }
        div class="actions" {
            (check_now(ctx, &crate::key::paths::mailbox_sub(m.id, "check")))
            // The main action follows the cause: a mailbox broken by its app registration's
            // secret is fixed by rotating that secret, not by re-linking it.
            @if findings.iter().any(|f| f.caused_by.is_some()) {
                @if ctx.can(Role::Admin) {
                    a class="button" href=(crate::key::paths::app_sub(p.app.id, "rotate")) { (l.t("rotate-the-secret-of")) (p.app.name) }
                } @else {
                    a class="button" href=(crate::key::paths::app(p.app.id)) { (l.t("open")) (p.app.name) }
                }
                span class="muted" { " " (l.t("this-mailbox-fails-because-of-its")) }
            } @else if ctx.can(Role::Operator) {
                a class="button" href=(crate::key::paths::mailbox_sub(m.id, "relink")) {
                    @if m.link.is_some() { (l.t("re-link-this-mailbox")) } @else { (l.t("link-this-mailbox")) }
                }
            }
        }
        @if !findings.is_empty() {
            h2 { (l.t("problems")) }
            @for f in &findings { (finding_card(f, l, ctx.clock(), &p.app.client_id, Some(&m.object_id), Some((p.app.name.as_str(), crate::key::paths::app(p.app.id))), Guides { app_id: p.app.id, rotate: ctx.can(Role::Admin), follows: follows(f, &findings) })) }
        }
        (target_alerts(ctx, &crate::web::pages::mailbox_key(&p.app.tenant_id, &p.app.client_id, &m.address), &crate::key::paths::mailbox(m.id), p.state.as_ref().map(|s| s.status), &p.alert, p.now))
        (signal::section(ctx, &p.activity, p.fix.as_ref(), &Subject {
            app_name: &p.app.name,
            kind: p.app.consumer_kind,
            client_id: &p.app.client_id,
            object_id: Some(&m.object_id),
            confirm_action: crate::key::paths::mailbox_sub(m.id, "fix/confirm"),
            runbook: crate::key::paths::app_sub(p.app.id, "runbook"),
            app_url: p.app_url.clone(),
        }, &[], p.now))
        h2 { (l.t("link")) }
        @match &m.link {
            None => p { (l.t("linkwatch-has-no-link-to-this")) },
            Some(k) => dl class="facts" {
                dt { (l.t("linked-2")) } dd { (ctx.clock().datetime(k.linked_at)) " " (l.t("by")) (k.linked_by) }
                dt { (l.t("signed-in-account")) } dd { @match (&k.account_upn, &k.account_id) { (Some(u), _) => { (u) }, (None, Some(id)) => code { (id) }, _ => span class="muted" { (l.t("not-known-yet")) } } }
                dt { (l.t("granted-scopes")) } dd { @if k.granted_scopes.is_empty() { span class="muted" { "—" } } @for s in &k.granted_scopes { code { (s) } " " } }
                dt { (l.t("token-renewed")) } dd { @match k.rotated_at { Some(t) => (relative(t, p.now, l)), None => span class="muted" { (l.t("not-yet")) } } }
            },
        }
        h2 { (l.t("account")) }
        dl class="facts" {
            dt { (l.t("object-id")) } dd { code { (m.object_id) } " " a href=(portal_url(Blade::User, &p.app.client_id, Some(&m.object_id))) rel="noopener noreferrer" target="_blank" { (l.t("open-in-entra")) " ↗" } }
            dt { (l.t("account-enabled")) }
            dd { @match p.snapshot.as_ref().and_then(|s| s.account_enabled) { Some(true) => (l.t("yes")), Some(false) => strong class="expired" { (l.t("no")) }, None => span class="muted" { (l.t("not-read")) } } }
            dt { (l.t("required-scopes")) } dd { @for s in m.required_scopes.as_ref().unwrap_or(&p.app.required_scopes) { code { (s) } " " } }
            dt { (l.t("source")) } dd { (source(m.from_config, l)) }
        }
        h2 { (l.t("history")) }
        (history_list(&p.history, l, ctx.clock()))
    };
    page(ctx, &m.address, body)
}

/// Which of the four signals an app has, and why not.
fn signals(p: &AppPage, l: crate::explain::Lang) -> Markup {
    let linked = p
        .mailboxes
        .iter()
        .filter(|(m, _, _)| m.link.is_some())
        .count();
    let directory = p.snapshot.as_ref().map(|s| s.directory_status.as_str());
    html! {
        ul class="signals" {
            li {
                @if p.app.secret_hint.is_some() { (l.t("sign-in-with-its-secret-on")) }
                @else { (l.t("sign-in-with-its-secret-off")) }
            }
            li { (l.t("mailbox-probes")) (linked) (l.t("of-2")) (p.mailboxes.len()) (l.t("linked-in-linkwatch")) }
            li {
                @match directory {
                    Some("read") => (l.t("directory-read")),
                    Some(_) => (l.t("directory-not-read-see-the-problems")),
                    None => (l.t("directory-not-read-yet")),
                }
            }
            li {
                @if p.activity.state == crate::activity::SignalState::Available { (l.t("the-application-s-sign-ins-read")) }
                @else { (l.t("the-application-s-sign-ins-not")) }
            }
        }
    }
}

/// The finding `f` follows from, among the same mailbox's `all`: Graph refusing the mailbox
/// when the link was made with another account than the mailbox's.
fn follows(
    f: &crate::model::Finding,
    all: &[crate::model::Finding],
) -> Option<crate::model::FindingCode> {
    use crate::model::FindingCode::*;
    (f.code == MailboxUnreachable && all.iter().any(|g| g.code == IdentityMismatch))
        .then_some(IdentityMismatch)
}
