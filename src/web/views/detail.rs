//! The tenant, app registration and mailbox pages.

use super::consumer::{self as signal, Subject};
use super::layout::{csrf, page, relative, status_badge, status_word};
use super::parts::{days_bar, finding_card};
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
            form method="post" action=(action) class="inline" { (csrf(ctx)) button type="submit" { (l.pick("Check now", "Nu controleren")) } }
        }
    }
}

fn state_line(state: &Option<TargetState>, now: DateTime<Utc>, l: Lang) -> Markup {
    html! {
        p class="state" {
            (status_badge(state.as_ref().map(|s| s.status), l))
            @if let Some(s) = state {
                " " (l.pick("checked ", "gecontroleerd ")) time datetime=(s.checked_at.to_rfc3339()) { (relative(s.checked_at, now, l)) }
                @if s.status == crate::model::Severity::Unknown {
                    @if let Some(k) = s.last_known_status { " · " (l.pick("last known: ", "laatst bekend: ")) (status_word(Some(k), l)) }
                    " · " (s.failures_in_row) (l.pick(" failed checks in a row", " mislukte controles op rij"))
                }
            }
        }
    }
}

fn history_list(h: &[HistoryEntry], l: Lang, clock: super::clock::Clock) -> Markup {
    html! {
        @if h.is_empty() { p class="muted" { (l.pick("No changes recorded yet.", "Nog geen wijzigingen vastgelegd.")) } }
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
        p class="crumbs" { a href="/" { (l.pick("Overview", "Overzicht")) } " › " (l.pick("Tenant", "Tenant")) }
        h1 { (t.name) }
        dl class="facts" {
            dt { (l.pick("Tenant ID", "Tenant-ID")) } dd { code { (t.tenant_id) } }
            dt { (l.pick("Monitor credential", "Monitoraccount")) }
            dd { @match &t.monitor_client_id { Some(id) => code { (id) }, None => span class="muted" { (l.pick("none: each app's own credential is tried for directory reads", "geen: voor directory-lezen wordt het account van elke app geprobeerd")) } } }
            dt { (l.pick("Source", "Bron")) } dd { (source(t.from_config, l)) }
            dt { (l.pick("The applications' own sign-ins", "Eigen aanmeldingen van de applicaties")) }
            dd id="signal" {
                @match signal::unavailable(&p.signal, l) {
                    None => { (l.pick("available: read from Microsoft's sign-in log", "beschikbaar: gelezen uit het aanmeldlogboek van Microsoft")) @if let Some(r) = p.signal_read_at { ", " (relative(r, p.now, l)) } }
                    Some(why) => span class="info" { (why) },
                }
            }
        }
        h2 id="all-apps" { (l.pick("Every app registration's expiry", "Vervaldatum van elke app-registratie")) }
        p {
            @if t.watch_all { (l.pick("On: the secrets and certificates of every app registration here are watched, not only mail apps'.", "Aan: de geheimen en certificaten van elke app-registratie hier worden bewaakt, niet alleen die van mail-apps.")) }
            @else { (l.pick("Off: only the apps listed below are watched.", "Uit: alleen de apps hieronder worden bewaakt.")) }
            " " span class="muted" { (l.pick("Left out: ", "Buiten beschouwing: ")) @for p in crate::expiry::excludes(t.exclude_apps.as_deref()) { code { (p) } " " } (l.pick("and Application Proxy's CWAP_AuthSecret secrets (Microsoft renews them).", "en de CWAP_AuthSecret-geheimen van Application Proxy (Microsoft vernieuwt ze).")) }
        }
        @if t.watch_all && !t.left_out.is_empty() {
            details id="left-out" {
                summary { (t.left_out.len()) " " (l.pick(if t.left_out.len() == 1 { "app registration left out at the last check" } else { "app registrations left out at the last check" }, if t.left_out.len() == 1 { "app-registratie buiten beschouwing gelaten bij de laatste controle" } else { "app-registraties buiten beschouwing gelaten bij de laatste controle" })) }
                ul { @for (name, pattern) in &t.left_out { li { (name) " " span class="muted" { "(" code { (pattern) } ")" } } } }
            }
        }
        @if ctx.can(Role::Admin) {
            form method="post" action=(crate::key::paths::tenant_sub(t.id, "watch-all")) class="stack" {
                (super::layout::csrf(ctx))
                label class="check" { input type="checkbox" name="on" value="yes" checked[t.watch_all]; " " (l.pick("Watch every app registration's secrets and certificates", "De geheimen en certificaten van elke app-registratie bewaken")) }
                label for="f-exclude" { (l.pick("Leave out app registrations named (one pattern per line, * for any text)", "Laat app-registraties weg met de naam (één patroon per regel, * voor willekeurige tekst)")) }
                textarea id="f-exclude" name="exclude" rows="3" { (t.exclude_apps.clone().unwrap_or_else(|| crate::expiry::DEFAULT_EXCLUDES.join("\n"))) }
                button type="submit" { (l.pick("Save", "Opslaan")) }
            }
        }
        h2 { (l.pick("App registrations", "App-registraties")) }
        p { a class="button" href=(crate::key::paths::tenant_sub(t.id, "discover")) { (l.pick("Discover mail apps", "Mail-apps ontdekken")) } " " span class="muted" { (l.pick("every app with mail permissions in this tenant, and which are not watched", "elke app met mailmachtigingen in deze tenant, en welke niet worden bewaakt")) } }
        table { thead { tr { th { (l.pick("Status", "Status")) } th { (l.pick("Name", "Naam")) } th { (l.pick("Mailboxes", "Mailboxen")) } } }
            tbody { @for (a, s, n) in &p.apps { tr { td { (status_badge(s.as_ref().map(|s| s.status), l)) } td { a href=(crate::key::paths::app(a.id)) { (a.name) } br; code class="muted" { (a.client_id) } } td { (n) } } } }
        }
        (maintenance(ctx, &crate::key::TargetKey::tenant(&t.tenant_id).to_string(), &crate::key::paths::tenant(t.id), &p.maintenance, p.now))
    };
    page(ctx, &t.name, body)
}

fn source(from_config: bool, l: Lang) -> &'static str {
    if from_config {
        l.pick(
            "declared in the config file (read-only here)",
            "gedeclareerd in het configuratiebestand (hier alleen-lezen)",
        )
    } else {
        l.pick("managed in the dashboard", "beheerd in het dashboard")
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
        p class="crumbs" { a href="/" { (l.pick("Overview", "Overzicht")) } " › " a href=(crate::key::paths::tenant(a.tenant_ref)) { (a.tenant_name) } " › " (l.pick("App registration", "App-registratie")) }
        h1 { (a.name) }
        @if p.watched {
            @let n = p.mailboxes.len();
            p class="notice ok" role="status" {
                (l.pick("Watched, with ", "Bewaakt, met ")) (n) " "
                (if n == 1 { l.pick("mailbox", "mailbox") } else { l.pick("mailboxes", "mailboxen") })
                (l.pick(". The check below ran just now.", ". De controle hieronder is zojuist uitgevoerd."))
            }
        }
        (state_line(&p.state, p.now, l))
        (check_now(ctx, &crate::key::paths::app_sub(a.id, "check")))
        dl class="facts" {
            dt { (l.pick("Application (client) ID", "Applicatie-ID (client)")) } dd { code { (a.client_id) } }
            dt { (l.pick("Tenant", "Tenant")) } dd { code { (a.tenant_id) } }
            dt { (l.pick("Stored secret", "Opgeslagen geheim")) } dd { @match &a.secret_hint { Some(h) => { code { (h) "…" } " " span class="muted" { (l.pick("(first characters only)", "(alleen de eerste tekens)")) } }, None => { (l.pick("none", "geen")) } } }
            dt { (l.pick("Signals", "Signalen")) } dd { (signals(p, l)) }
            dt { (l.pick("Used by", "Gebruikt door")) } dd { (crate::explain::consumer_word(a.consumer_kind, l)) @if let Some(n) = &a.consumer_name { " · " (n) } @if let Some(u) = &a.consumer_url { " · " a href=(u) rel="noopener noreferrer" { (u) } } }
            dt { (l.pick("Source", "Bron")) } dd { @if a.expiry_only { (l.pick("every app registration of the tenant: watched for its secrets' and certificates' expiry", "elke app-registratie van de tenant: bewaakt op de vervaldatum van geheimen en certificaten")) } @else { (source(a.from_config, l)) } }
            dt { (l.pick("Redirect URI for re-linking", "Omleidings-URI voor opnieuw koppelen")) }
            dd { code { (p.redirect_uri) } br; span class="muted" { (l.pick("Add it under Authentication, platform Web, once per app registration.", "Voeg hem eenmalig toe onder Verificatie, platform Web, per app-registratie.")) } }
            dt { (l.pick("Guides", "Handleidingen")) }
            dd { a href=(crate::key::paths::app_sub(a.id, "runbook")) { (l.pick("Runbook for ", "Draaiboek voor ")) (crate::explain::consumer_word(a.consumer_kind, l)) } @if ctx.can(Role::Admin) { " · " a href=(crate::key::paths::app_sub(a.id, "rotate")) { (l.pick("Rotate the client secret", "Het clientgeheim vervangen")) } } }
            dt { (l.pick("Azure portal", "Azure-portal")) }
            dd {
                a href=(portal_url(Blade::Credentials, &a.client_id, None)) rel="noopener noreferrer" target="_blank" { (l.pick("Certificates & secrets", "Certificaten en geheimen")) " ↗" } " · "
                a href=(portal_url(Blade::ApiPermissions, &a.client_id, None)) rel="noopener noreferrer" target="_blank" { (l.pick("API permissions", "API-machtigingen")) " ↗" } " · "
                a href=(portal_url(Blade::Authentication, &a.client_id, None)) rel="noopener noreferrer" target="_blank" { (l.pick("Authentication", "Verificatie")) " ↗" }
            }
        }
        @if let Some(r) = &p.secret_rules {
            div class="finding warning" role="note" {
                @if r.blocked {
                    p { strong { (l.pick("A new client secret is not allowed here", "Een nieuw clientgeheim is hier niet toegestaan")) } " (" (r.by.as_deref().unwrap_or("")) "). " (l.pick("The secret is running out while the tenant's app management policy blocks new secrets for this app: rotate with a certificate, or ask for an exception to the policy.", "Het geheim raakt op terwijl het beleid voor app-beheer van de tenant nieuwe geheimen voor deze app blokkeert: vervang het met een certificaat, of vraag een uitzondering op het beleid.")) }
                } @else if let Some(d) = r.max_days {
                    p { (l.pick("A new client secret may last at most ", "Een nieuw clientgeheim mag hier hoogstens ")) (d) (l.pick(" days here", " dagen geldig zijn")) " (" (r.by.as_deref().unwrap_or("")) ")." }
                }
                @if ctx.can(Role::Admin) { p { a href=(crate::key::paths::app_sub(a.id, "rotate")) { (l.pick("Rotate the client secret", "Het clientgeheim vervangen")) } } }
            }
        }
        @if !findings.is_empty() {
            h2 { (l.pick("Problems", "Problemen")) }
            @for f in &findings { (finding_card(f, l, ctx.clock(), &a.client_id, None, None)) }
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
        h2 { (l.pick("Secrets and certificates", "Geheimen en certificaten")) }
        (credentials(p, l, ctx.clock()))
        h2 { (l.pick("Permissions", "Machtigingen")) }
        (permission_matrix(p, l))
        h2 { (l.pick("Mailboxes", "Mailboxen")) }
        @if p.mailboxes.is_empty() { p class="muted" { (l.pick("No mailboxes.", "Geen mailboxen.")) } }
        @else {
            table { thead { tr { th { (l.pick("Status", "Status")) } th { (l.pick("Mailbox", "Mailbox")) } th { (l.pick("Link", "Koppeling")) } } }
                tbody { @for (m, s, _) in &p.mailboxes { tr {
                    td { (status_badge(s.as_ref().map(|s| s.status), l)) }
                    td { a href=(crate::key::paths::mailbox(m.id)) { (m.address) } }
                    td { @if m.link.is_some() { (l.pick("linked", "gekoppeld")) } @else { span class="muted" { (l.pick("not linked", "niet gekoppeld")) } } }
                } } }
            }
        }
        h2 { (l.pick("History", "Geschiedenis")) }
        (history_list(&p.history, l, ctx.clock()))
    };
    page(ctx, &a.name, body)
}

fn credentials(p: &AppPage, l: Lang, clock: super::clock::Clock) -> Markup {
    let snap = p.snapshot.as_ref();
    html! {
        @match snap {
            Some(s) if s.directory_status == "read" => {
                @if s.credentials.is_empty() { p { (l.pick("The app registration has no secrets or certificates.", "De app-registratie heeft geen geheimen of certificaten.")) } }
                @else {
                    table { thead { tr { th { (l.pick("Kind", "Soort")) } th { (l.pick("Name", "Naam")) } th { (l.pick("Expires", "Verloopt")) } th { (l.pick("Days left", "Dagen over")) } } }
                        tbody { @for c in &s.credentials { tr {
                            td { (c.kind) @if c.in_use { " " span class="tag" { (l.pick("in use", "in gebruik")) } } }
                            td { (c.name.clone().unwrap_or_default()) @if let Some(h) = &c.hint { " " code { (h) "…" } } }
                            td { @if let Some(e) = c.end { (clock.datetime(e)) } }
                            td { (days_bar(c.end, p.now, l)) }
                        } } }
                    }
                }
                p class="muted" { (l.pick("As read from the directory ", "Zoals gelezen uit de directory ")) (relative(s.observed_at, p.now, l)) "." }
            }
            Some(s) => {
                p { (l.pick("The directory could not be read: ", "De directory kon niet worden gelezen: ")) span class="muted" { (super::parts::said(&s.directory_status, l)) } }
                @if let Some(e) = p.app.secret_expires { p { (l.pick("Expiry entered by hand: ", "Met de hand ingevulde vervaldatum: ")) (clock.datetime(e)) " — " (days_bar(Some(e), p.now, l)) } }
            }
            None => { p class="muted" { (l.pick("Not checked yet.", "Nog niet gecontroleerd.")) } }
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
            l.pick("yes", "ja")
        } else {
            l.pick("no", "nee")
        }
    };
    html! {
        table class="matrix" {
            thead { tr { th scope="col" { (l.pick("Scope", "Machtiging")) } th scope="col" { (l.pick("Required", "Vereist")) } th scope="col" { (l.pick("Configured on the app", "Ingesteld op de app")) } th scope="col" { (l.pick("Granted (mailboxes)", "Toegekend (mailboxen)")) } } }
            tbody {
                @for s in &all {
                    @let req = required.iter().any(|r| r.eq_ignore_ascii_case(s));
                    @let conf = configured.as_ref().map(|c| c.iter().any(|x| x.eq_ignore_ascii_case(s)));
                    @let granted = read.iter().filter(|g| g.iter().any(|x| x.eq_ignore_ascii_case(s))).count();
                    tr {
                        th scope="row" { code { (s) } }
                        td { (yes(req)) }
                        td class=(match conf { Some(false) if req => "bad", _ => "" }) { @match conf { Some(c) => (yes(c)), None => span class="muted" { (l.pick("not read", "niet gelezen")) } } }
                        td class=(if req && !read.is_empty() && granted < read.len() { "bad" } else { "" }) { @if read.is_empty() { span class="muted" { (l.pick("not read", "niet gelezen")) } } @else { (granted) " / " (read.len()) } }
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
        p class="crumbs" { a href="/" { (l.pick("Overview", "Overzicht")) } " › " a href=(crate::key::paths::app(p.app.id)) { (p.app.name) } " › " (l.pick("Mailbox", "Mailbox")) }
        h1 { (m.address) }
        (state_line(&p.state, p.now, l))
        @if p.relinked {
            p class="notice ok" role="status" { (l.pick("Re-linked. The check below ran just now.", "Opnieuw gekoppeld. De controle hieronder is zojuist uitgevoerd.")) }
        }
        div class="actions" {
            (check_now(ctx, &crate::key::paths::mailbox_sub(m.id, "check")))
            // The main action follows the cause: a mailbox broken by its app registration's
            // secret is fixed by rotating that secret, not by re-linking it.
            @if findings.iter().any(|f| f.caused_by.is_some()) {
                @if ctx.can(Role::Admin) {
                    a class="button" href=(crate::key::paths::app_sub(p.app.id, "rotate")) { (l.pick("Rotate the secret of ", "Het geheim vervangen van ")) (p.app.name) }
                } @else {
                    a class="button" href=(crate::key::paths::app(p.app.id)) { (l.pick("Open ", "Open ")) (p.app.name) }
                }
                span class="muted" { " " (l.pick("This mailbox fails because of its app registration's secret.", "Deze mailbox werkt niet door het geheim van haar app-registratie.")) }
            } @else if ctx.can(Role::Operator) {
                a class="button" href=(crate::key::paths::mailbox_sub(m.id, "relink")) {
                    @if m.link.is_some() { (l.pick("Re-link this mailbox", "Deze mailbox opnieuw koppelen")) } @else { (l.pick("Link this mailbox", "Deze mailbox koppelen")) }
                }
            }
        }
        @if !findings.is_empty() {
            h2 { (l.pick("Problems", "Problemen")) }
            @for f in &findings { (finding_card(f, l, ctx.clock(), &p.app.client_id, Some(&m.object_id), Some((p.app.name.as_str(), crate::key::paths::app(p.app.id))))) }
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
        h2 { (l.pick("Link", "Koppeling")) }
        @match &m.link {
            None => p { (l.pick("linkwatch has no link to this mailbox.", "linkwatch heeft geen koppeling met deze mailbox.")) },
            Some(k) => dl class="facts" {
                dt { (l.pick("Linked", "Gekoppeld")) } dd { (ctx.clock().datetime(k.linked_at)) " " (l.pick("by ", "door ")) (k.linked_by) }
                dt { (l.pick("Signed-in account", "Aangemeld account")) } dd { @match (&k.account_upn, &k.account_id) { (Some(u), _) => { (u) }, (None, Some(id)) => code { (id) }, _ => span class="muted" { (l.pick("not known yet", "nog niet bekend")) } } }
                dt { (l.pick("Granted scopes", "Toegekende machtigingen")) } dd { @if k.granted_scopes.is_empty() { span class="muted" { "—" } } @for s in &k.granted_scopes { code { (s) } " " } }
                dt { (l.pick("Token renewed", "Token vernieuwd")) } dd { @match k.rotated_at { Some(t) => (relative(t, p.now, l)), None => span class="muted" { (l.pick("not yet", "nog niet")) } } }
            },
        }
        h2 { (l.pick("Account", "Account")) }
        dl class="facts" {
            dt { (l.pick("Object ID", "Object-ID")) } dd { code { (m.object_id) } " " a href=(portal_url(Blade::User, &p.app.client_id, Some(&m.object_id))) rel="noopener noreferrer" target="_blank" { (l.pick("Open in Entra", "Openen in Entra")) " ↗" } }
            dt { (l.pick("Account enabled", "Account ingeschakeld")) }
            dd { @match p.snapshot.as_ref().and_then(|s| s.account_enabled) { Some(true) => (l.pick("yes", "ja")), Some(false) => strong class="expired" { (l.pick("no", "nee")) }, None => span class="muted" { (l.pick("not read", "niet gelezen")) } } }
            dt { (l.pick("Required scopes", "Vereiste machtigingen")) } dd { @for s in m.required_scopes.as_ref().unwrap_or(&p.app.required_scopes) { code { (s) } " " } }
            dt { (l.pick("Source", "Bron")) } dd { (source(m.from_config, l)) }
        }
        h2 { (l.pick("History", "Geschiedenis")) }
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
                @if p.app.secret_hint.is_some() { (l.pick("Sign-in with its secret: on.", "Aanmelden met het geheim: aan.")) }
                @else { (l.pick("Sign-in with its secret: off — no secret of its own is stored (add it under Manage).", "Aanmelden met het geheim: uit — er is geen eigen geheim opgeslagen (voeg het toe onder Beheer).")) }
            }
            li { (l.pick("Mailbox probes: ", "Mailboxcontroles: ")) (linked) (l.pick(" of ", " van ")) (p.mailboxes.len()) (l.pick(" linked in linkwatch.", " gekoppeld in linkwatch.")) }
            li {
                @match directory {
                    Some("read") => (l.pick("Directory: read.", "Directory: gelezen.")),
                    Some(_) => (l.pick("Directory: not read (see the problems below).", "Directory: niet gelezen (zie de problemen hieronder).")),
                    None => (l.pick("Directory: not read yet.", "Directory: nog niet gelezen.")),
                }
            }
            li {
                @if p.activity.state == crate::activity::SignalState::Available { (l.pick("The application's sign-ins: read.", "Aanmeldingen van de applicatie: gelezen.")) }
                @else { (l.pick("The application's sign-ins: not available in this tenant.", "Aanmeldingen van de applicatie: niet beschikbaar in deze tenant.")) }
            }
        }
    }
}
