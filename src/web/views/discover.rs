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
        p class="crumbs" { a href="/" { (l.pick("Overview", "Overzicht")) } " › " a href=(crate::key::paths::tenant(tenant_ref)) { (tenant_name) } " › " (l.pick("Discover", "Ontdekken")) }
        h1 { (l.pick("Mail apps in ", "Mail-apps in ")) (tenant_name) }
        p class="hint" { (l.pick(
            "Read just now from the tenant's directory with its monitor credential: every app registration with Microsoft Graph mail permissions. An app that is not watched can stop mailing without anyone noticing: choose Watch to add it with its mailboxes.",
            "Zojuist gelezen uit de directory van de tenant met de monitor-app: elke app-registratie met Microsoft Graph-mailmachtigingen. Een app die niet wordt bewaakt kan stoppen met mailen zonder dat iemand het merkt: kies Bewaken om hem met zijn mailboxen toe te voegen.")) }
        @match found {
            Err(why) => div class="finding critical" role="alert" {
                strong { (l.pick("The directory could not be read.", "De directory kon niet worden gelezen.")) }
                p { (why) }
            },
            Ok(apps) if apps.is_empty() => p { (l.pick("No app registration in this tenant has Microsoft Graph mail permissions.", "Geen enkele app-registratie in deze tenant heeft Microsoft Graph-mailmachtigingen.")) },
            Ok(apps) => {
                @let unwatched = apps.iter().filter(|a| !a.watched).count();
                p { strong { (apps.len()) } (l.pick(" apps with mail permissions, ", " apps met mailmachtigingen, ")) strong { (unwatched) } (l.pick(" not watched.", " niet bewaakt.")) }
                table class="cards" {
                    thead { tr {
                        th { (l.pick("Name", "Naam")) }
                        th { (l.pick("Mail permissions", "Mailmachtigingen")) }
                        th { (l.pick("Reaches", "Bereikt")) }
                        th class="hide-narrow" { (l.pick("Secrets and certificates", "Geheimen en certificaten")) }
                    } }
                    tbody {
                        @for a in sorted(apps) { (row(a, now, (l, ctx.clock()), watch_link(ctx, tenant_ref, a))) }
                    }
                }
            }
        }
    };
    page(ctx, l.pick("Discover", "Ontdekken"), body)
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
            Collection::Applications => l.pick("App registrations", "App-registraties"),
            Collection::ServicePrincipals => {
                l.pick("Enterprise applications", "Bedrijfstoepassingen")
            }
            Collection::Grants => {
                l.pick("Delegated permission grants", "Gedelegeerde machtigingen")
            }
            Collection::Other => l.pick("Other objects", "Overige objecten"),
        };
        html! { li { strong { (what) } ": " (thousands(n, l)) " "
            @match pages {
                Some(p) => (l.pick("read so far", "tot nu toe gelezen")) " (" (l.pick("page", "pagina")) " " (p) ")…",
                None => "✓",
            }
        } }
    };
    let body = html! {
        meta http-equiv="refresh" content="3";
        p class="crumbs" { a href="/" { (l.pick("Overview", "Overzicht")) } " › " a href=(crate::key::paths::tenant(tenant_ref)) { (tenant_name) } " › " (l.pick("Discover", "Ontdekken")) }
        h1 { (l.pick("Reading the directory of ", "De directory lezen van ")) (tenant_name) "…" }
        p role="status" { (l.pick(
            "A large directory is read 999 objects a page; this page looks again every 3 seconds and shows the mail apps once every page is read. Nothing is saved until you choose Watch.",
            "Een grote directory wordt gelezen in pagina's van 999 objecten; deze pagina kijkt elke 3 seconden opnieuw en toont de mail-apps zodra elke pagina is gelezen. Er wordt niets opgeslagen tot u Bewaken kiest.")) }
        ul class="steps" {
            @for (c, n) in &so_far.done { (line(*c, *n, None)) }
            @if let Some((c, n, p)) = so_far.reading { (line(c, n, Some(p))) }
            @if so_far.done.is_empty() && so_far.reading.is_none() { li { (l.pick("Asking Microsoft for a token…", "Token aanvragen bij Microsoft…")) } }
        }
        p class="hint" { (l.pick("Reading for ", "Bezig sinds ")) (since.as_secs()) " s" }
    };
    page(ctx, l.pick("Discover", "Ontdekken"), body)
}

/// `12345` as "12,345" (English) or "12.345" (Dutch).
fn thousands(n: usize, l: Lang) -> String {
    let digits = n.to_string();
    let sep = l.pick(",", ".");
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
        ConsumerKind::Generic => l.pick("another application", "een andere applicatie"),
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
                @if a.watched { span class="badge ok" { (l.pick("watched", "bewaakt")) } } @else { span class="badge warning" { (l.pick("not watched", "niet bewaakt")) } }
                @if a.consumer_kind != ConsumerKind::Generic { " " span class="small muted" { (l.pick("probably ", "waarschijnlijk ")) (kind_name(a.consumer_kind, l)) } }
                br; span class="small muted hide-narrow" { (a.client_id) }
                @if let Some(href) = watch { br; a class="button" href=(href) { (l.pick("Watch…", "Bewaken…")) } }
            }
            td {
                @for s in &a.mail_scopes { code class="perm" { (s) } " " }
                @for r in &a.mail_roles { code class="perm" { (r) } " " span class="tag" { (l.pick("app-only: every mailbox", "app-only: elke mailbox")) } " " }
            }
            td {
                @match a.consent {
                    "tenant" => { (l.pick("every account (admin consent)", "elk account (beheerderstoestemming)")) br; }
                    "users" => {}
                    _ if !a.mail_roles.is_empty() => { (l.pick("every mailbox, once an admin granted the application permission", "elke mailbox, zodra een beheerder de toepassingsmachtiging heeft verleend")) }
                    _ => { span class="muted" { (l.pick("no consent", "geen toestemming")) } }
                }
                @for acc in &a.accounts { (acc.address.as_deref().unwrap_or(&acc.object_id)) br; }
            }
            td class="hide-narrow" {
                @if a.credentials.is_empty() { span class="muted" { (l.pick("none", "geen")) } }
                @for c in &a.credentials {
                    (if c.kind == "secret" { l.pick("secret", "geheim") } else { l.pick("certificate", "certificaat") })
                    @if let Some(n) = &c.name { " " (n) }
                    @match c.expires_at {
                        Some(e) if e <= now => { " " span class="badge critical" { (l.pick("expired ", "verlopen ")) (clock.date(e)) } }
                        Some(e) => { " " span class="muted" { (l.pick("until ", "tot ")) (clock.date(e)) } }
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
        Some(WatchError::SecretRefused(e)) => Some(format!("{} {e}", l.pick(
            "Microsoft refused a token with this secret, so nothing was saved. Copy the secret's Value (not its ID), or leave the field empty:",
            "Microsoft weigerde een token met dit geheim, dus er is niets opgeslagen. Kopieer de waarde van het geheim (niet de ID), of laat het veld leeg:"))),
        _ => field_error("client_secret"),
    };
    let top_error = match error {
        Some(WatchError::UnknownAccount(x)) => Some(format!(
            "{x} {}",
            l.pick(
                "is not a mailbox this app reaches (any more). Untick it and try again.",
                "is geen mailbox die deze app (nog) bereikt. Vink hem uit en probeer opnieuw."
            )
        )),
        Some(WatchError::Invalid(_)) | Some(WatchError::SecretRefused(_)) => Some(
            l.pick(
                "Nothing was saved: see the fields below.",
                "Er is niets opgeslagen: zie de velden hieronder.",
            )
            .to_string(),
        ),
        _ => None,
    };
    let signals_available = *signal == SignalState::Available;
    let body = html! {
        p class="crumbs" { a href=(crate::key::paths::tenant(tenant_ref)) { (tenant_name) } " › " a href=(crate::key::paths::tenant_sub(tenant_ref, "discover")) { (l.pick("Discover", "Ontdekken")) } }
        h1 { (l.pick("Watch ", "Bewaken: ")) (a.name) }
        @if let Some(e) = &top_error { p class="error" role="alert" { (e) } }
        p {
            (l.pick("Mail permissions: ", "Mailmachtigingen: "))
            @for s in &a.mail_scopes { code class="perm" { (s) } " " }
            @for r in &a.mail_roles { code class="perm" { (r) } " " span class="tag" { (l.pick("app-only: every mailbox", "app-only: elke mailbox")) } " " }
        }
        form method="post" action=(action) class="stack" novalidate {
            (csrf(ctx))
            input type="hidden" name="app" value=(a.client_id);
            (text_field("name", l.pick("Name in linkwatch", "Naam in linkwatch"), &choice.name, "text", field_error("name"), None))
            label for="f-consumer_kind" { (l.pick("Used by", "Gebruikt door")) }
            select id="f-consumer_kind" name="consumer_kind" {
                @for k in [ConsumerKind::Econobis, ConsumerKind::ImageCapture, ConsumerKind::Generic] {
                    option value=(k.as_str()) selected[choice.consumer_kind == k.as_str()] { (kind_name(k, l)) }
                }
            }
            p class="help" { (l.pick("Guessed from the app registration's name and redirect URIs. It sets the permissions each mailbox needs and the re-link runbook.", "Geraden uit de naam en de omleidings-URI's van de app-registratie. Dit bepaalt de machtigingen die elke mailbox nodig heeft en het herkoppel-draaiboek.")) }
            fieldset {
                legend { (l.pick("Mailboxes to watch", "Te bewaken mailboxen")) }
                @if a.accounts.is_empty() {
                    p class="muted" { @if a.mail_roles.is_empty() {
                        (l.pick("No account has consented to this app yet. Watching it still watches its credentials, permissions and sign-ins.", "Nog geen account heeft toestemming gegeven aan deze app. Bewaken bewaakt dan nog steeds zijn referenties, machtigingen en aanmeldingen."))
                    } @else {
                        (l.pick("This app reaches every mailbox with its application permission; linkwatch watches its credentials, permissions and sign-ins.", "Deze app bereikt elke mailbox met zijn toepassingsmachtiging; linkwatch bewaakt zijn referenties, machtigingen en aanmeldingen."))
                    } }
                }
                @for acc in &a.accounts {
                    @match &acc.address {
                        Some(addr) => label class="check" { input type="checkbox" name="mailbox" value=(acc.object_id) checked[choice.mailboxes.iter().any(|m| m.eq_ignore_ascii_case(&acc.object_id))]; " " (addr) },
                        None => label class="check muted" { input type="checkbox" disabled; " " (acc.object_id) " " (l.pick("(no mail address in the directory)", "(geen mailadres in de directory)")) },
                    }
                }
            }
            (text_field("client_secret", l.pick("The app's client secret (optional)", "Clientgeheim van de app (optioneel)"), "", "password", secret_error, Some(l.pick(
                "Its Value, from Certificates & secrets. With it, linkwatch also signs in as the app and can re-link mailboxes; without it, the app is watched through the directory and its own sign-ins. Encrypted, never shown again.",
                "De waarde, uit Certificaten en geheimen. Daarmee meldt linkwatch zich ook aan als de app en kan het mailboxen opnieuw koppelen; zonder wordt de app bewaakt via de directory en zijn eigen aanmeldingen. Versleuteld, nooit meer getoond."))))
            h2 { (l.pick("What linkwatch will watch", "Wat linkwatch gaat bewaken")) }
            ul class="signals" {
                li { strong { (l.pick("Directory: ", "Directory: ")) } (l.pick("its secrets' and certificates' expiry, its permissions and the accounts' consent, with the monitor credential.", "de vervaldatum van geheimen en certificaten, de machtigingen en de toestemming van de accounts, met het monitoraccount.")) }
                li { strong { (l.pick("The application's sign-ins: ", "Aanmeldingen van de applicatie: ")) }
                    @if signals_available { (l.pick("available: linkwatch sees when the application itself fails.", "beschikbaar: linkwatch ziet wanneer de applicatie zelf faalt.")) }
                    @else { (l.pick("not available in this tenant (Entra ID P1 or P2 and AuditLog.Read.All are needed).", "niet beschikbaar in deze tenant (Entra ID P1 of P2 en AuditLog.Read.All zijn nodig).")) } }
                li { strong { (l.pick("App sign-in with its secret: ", "Aanmelden met het geheim: ")) } (l.pick("only when you give the secret above.", "alleen als u hierboven het geheim invult.")) }
                li { strong { (l.pick("Mailbox probes: ", "Mailboxcontroles: ")) } (l.pick("after each mailbox is re-linked in linkwatch (this needs the secret).", "nadat elke mailbox in linkwatch opnieuw is gekoppeld (daarvoor is het geheim nodig).")) }
            }
            button type="submit" { (l.pick("Watch this app", "Deze app bewaken")) }
        }
    };
    page(ctx, l.pick("Watch", "Bewaken"), body)
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
        WatchError::Read(why) => format!(
            "{} {why}",
            l.pick(
                "The directory could not be read, so nothing was watched:",
                "De directory kon niet worden gelezen, dus er is niets bewaakt:"
            )
        ),
        WatchError::NotFound => l
            .pick(
                "This app registration is not among the tenant's mail apps (any more).",
                "Deze app-registratie hoort niet (meer) bij de mail-apps van de tenant.",
            )
            .into(),
        WatchError::Watched => l
            .pick(
                "This app registration is watched already.",
                "Deze app-registratie wordt al bewaakt.",
            )
            .into(),
        other => other.to_string(),
    };
    let body = html! {
        p class="crumbs" { a href=(crate::key::paths::tenant(tenant_ref)) { (tenant_name) } " › " a href=(crate::key::paths::tenant_sub(tenant_ref, "discover")) { (l.pick("Discover", "Ontdekken")) } }
        h1 { (l.pick("Nothing was watched", "Er is niets bewaakt")) }
        div class="finding critical" role="alert" { p { (why) } }
        p { a class="button" href=(crate::key::paths::tenant_sub(tenant_ref, "discover")) { (l.pick("Back to Discover", "Terug naar Ontdekken")) } }
    };
    page(ctx, l.pick("Watch", "Bewaken"), body)
}
