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
    html! { p class="crumbs" { a href="/manage" { (l.pick("Manage", "Beheer")) } " › " (l.pick("Connect a tenant", "Tenant koppelen")) } }
}

/// The permissions table: which signal each one feeds.
fn permissions(l: Lang) -> Markup {
    html! {
        table class="compact" {
            thead { tr { th { (l.pick("Application permission", "Toepassingsmachtiging")) } th { (l.pick("What linkwatch watches with it", "Wat linkwatch ermee bewaakt")) } } }
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
        h1 { (l.pick("Connect a tenant", "Tenant koppelen")) }
        p { (l.pick(
            "An administrator of the tenant consents once to linkwatch's monitor app; linkwatch then reads the tenant's app registrations, consent and sign-ins with it, and offers the mail apps it finds to watch. No app registration per customer, no IDs to type.",
            "Een beheerder van de tenant geeft één keer toestemming aan de monitor-app van linkwatch; linkwatch leest daarmee de app-registraties, toestemmingen en aanmeldingen van de tenant, en biedt de mail-apps die het vindt aan om te bewaken. Geen app-registratie per klant, geen ID's om te typen.")) }
        details open[monitor_client_id.is_none()] {
            summary { (l.pick("Once: register linkwatch's monitor app", "Eenmalig: de monitor-app van linkwatch registreren")) }
            ol class="steps" {
                li { (l.pick("In your own tenant: Entra ID → App registrations → New registration. Supported account types: ", "In uw eigen tenant: Entra ID → App-registraties → Nieuwe registratie. Ondersteunde accounttypen: ")) strong { (l.pick("Accounts in any organizational directory (multitenant)", "Accounts in een organisatieadreslijst (multitenant)")) } ". " (l.pick("Redirect URI, platform Web: ", "Omleidings-URI, platform Web: ")) code { (redirect_uri) } }
                li { (l.pick("API permissions → Add a permission → Microsoft Graph → Application permissions; add these (no need to grant consent there):", "API-machtigingen → Een machtiging toevoegen → Microsoft Graph → Toepassingsmachtigingen; voeg deze toe (toestemming geven hoeft daar niet):")) (permissions(l)) }
                li { (l.pick("Certificates & secrets → Certificates → Upload certificate (recommended: an RSA certificate of 2048 bits or more, the private key stays with linkwatch), or New client secret and copy its Value.", "Certificaten en geheimen → Certificaten → Certificaat uploaden (aanbevolen: een RSA-certificaat van 2048 bits of meer; de privésleutel blijft bij linkwatch), of Nieuw clientgeheim en kopieer de waarde.")) }
                li { (l.pick("In linkwatch.toml, then restart linkwatch:", "In linkwatch.toml, en start linkwatch daarna opnieuw:")) pre { "[monitor]\nclient_id = \"<Application (client) ID>\"\ncertificate_file = \"/etc/linkwatch/monitor.crt\"\nprivate_key_file = \"/etc/linkwatch/monitor.key\"\n# " (l.pick("or, with a client secret:", "of, met een clientgeheim:")) "\n# client_secret_env = \"LINKWATCH_MONITOR_SECRET\"" } }
            }
        }
        @match monitor_client_id {
            None => p class="error" role="alert" { (l.pick("No monitor app is configured yet ([monitor] in linkwatch.toml): register it as above first.", "Er is nog geen monitor-app ingesteld ([monitor] in linkwatch.toml): registreer hem eerst zoals hierboven.")) },
            Some(id) => {
                p class="muted" { (l.pick("Monitor app: ", "Monitor-app: ")) code { (id) } }
                @if let Some(e) = error { p class="error" role="alert" { (e) } }
                form method="post" action="/manage/tenants/connect" class="stack" novalidate {
                    (csrf(ctx))
                    label for="f-tenant" { (l.pick("Tenant", "Tenant")) " *" }
                    input id="f-tenant" name="tenant" type="text" value=(tenant) required autocomplete="off" aria-invalid=[error.map(|_| "true")];
                    p class="help" { (l.pick("Its domain (contoso.onmicrosoft.com or a verified domain) or its tenant ID.", "Het domein (contoso.onmicrosoft.com of een geverifieerd domein) of de tenant-ID.")) }
                    label for="f-name" { (l.pick("Name in linkwatch", "Naam in linkwatch")) }
                    input id="f-name" name="name" type="text" value=(name) autocomplete="off";
                    label class="check" { input type="checkbox" name="watch_all" value="yes" checked; " " (l.pick("Also watch every app registration's secrets and certificates, not only mail apps (those Microsoft renews itself, such as Entra Connect's ConnectSyncProvisioning_* and Application Proxy's CWAP_AuthSecret, are left out)", "Ook de geheimen en certificaten van elke app-registratie bewaken, niet alleen van mail-apps (die Microsoft zelf vernieuwt, zoals ConnectSyncProvisioning_* van Entra Connect en CWAP_AuthSecret van Application Proxy, blijven buiten beschouwing)")) }
                    p class="help" { (l.pick("A Global Administrator or Privileged Role Administrator of that tenant signs in at Microsoft and accepts. Nothing is saved until Microsoft confirms.", "Een globale beheerder of beheerder met bevoorrechte rollen van die tenant meldt zich aan bij Microsoft en accepteert. Er wordt niets opgeslagen totdat Microsoft het bevestigt.")) }
                    button type="submit" { (l.pick("Continue to Microsoft", "Verder naar Microsoft")) }
                }
            }
        }
    };
    page(ctx, l.pick("Connect a tenant", "Tenant koppelen"), body)
}

/// Waiting for the consent to apply, connected, or given up.
pub fn progress_page(ctx: &Ctx, p: &Progress) -> Markup {
    let l = ctx.lang;
    let body = html! {
        (crumbs(l))
        @match p {
            Progress::Waiting { since_secs, why } => {
                meta http-equiv="refresh" content="3";
                h1 { (l.pick("Waiting for Microsoft…", "Wachten op Microsoft…")) }
                p { (l.pick("The consent was given. Microsoft's token service takes up to a few minutes to apply it; this page checks again every 3 seconds.", "De toestemming is gegeven. De tokendienst van Microsoft heeft tot enkele minuten nodig om die toe te passen; deze pagina controleert elke 3 seconden opnieuw.")) }
                progress max=(PROPAGATION_LIMIT_SECS) value=((*since_secs).clamp(0, PROPAGATION_LIMIT_SECS)) aria-label=(l.pick("Waiting", "Wachten")) {}
                p class="muted" role="status" { (since_secs) (l.pick(" s of at most ", " s van hoogstens ")) (PROPAGATION_LIMIT_SECS / 60) (l.pick(" minutes · ", " minuten · ")) (pending(why, l)) }
            }
            Progress::Connected { tenant_ref, name, granted, missing } => {
                h1 { (l.pick("Connected: ", "Gekoppeld: ")) (name) }
                p class="notice ok" role="status" { (l.pick("Microsoft applied the consent and linkwatch saved the tenant with its monitor app.", "Microsoft heeft de toestemming toegepast en linkwatch heeft de tenant met de monitor-app opgeslagen.")) }
                h2 { (l.pick("What linkwatch can watch here", "Wat linkwatch hier kan bewaken")) }
                ul class="signals" {
                    @for p in PERMISSIONS.iter().filter(|p| granted.iter().any(|g| g.eq_ignore_ascii_case(p.role))) {
                        li { "✓ " (p.feeds(l)) " " span class="muted small" { "(" (p.role) ")" } }
                    }
                    @for p in missing {
                        li { "✗ " (p.feeds(l)) " " span class="muted small" { "(" (p.role) (l.pick(" was not granted", " is niet verleend")) ")" } }
                    }
                }
                p { a class="button" href=(crate::key::paths::tenant_sub(*tenant_ref, "discover")) { (l.pick("Discover its mail apps", "Mail-apps ontdekken")) } " " a href=(crate::key::paths::tenant(*tenant_ref)) { (l.pick("Open the tenant", "De tenant openen")) } }
            }
            Progress::Failed(why) => {
                h1 { (l.pick("The tenant was not connected", "De tenant is niet gekoppeld")) }
                div class="finding critical" role="alert" { p { (gave_up(why, l)) } }
                p { a class="button" href="/manage/tenants/connect" { (l.pick("Try again", "Opnieuw proberen")) } }
            }
        }
    };
    page(ctx, l.pick("Connect a tenant", "Tenant koppelen"), body)
}

/// Microsoft's answer ended the connection, or its state was not good.
pub fn refused_page(ctx: &Ctx, r: &Refusal) -> Markup {
    let l = ctx.lang;
    let (title, detail): (&str, String) = match r {
        Refusal::Flow(why) => (
            l.pick("The tenant was not connected", "De tenant is niet gekoppeld"),
            match why {
                RelinkRefused::Unknown => l.pick("This answer does not belong to a connection started here (the link may be forged).", "Dit antwoord hoort niet bij een koppeling die hier is gestart (de link is mogelijk vervalst)."),
                RelinkRefused::Replayed => l.pick("This answer was already used once; it cannot be used again.", "Dit antwoord is al een keer gebruikt; het kan niet nog eens."),
                RelinkRefused::Expired => l.pick("The consent took longer than 15 minutes; start again.", "De toestemming duurde langer dan 15 minuten; begin opnieuw."),
                RelinkRefused::OtherSession => l.pick("This connection was started in another dashboard session.", "Deze koppeling is in een andere dashboardsessie gestart."),
            }.to_string(),
        ),
        Refusal::Microsoft { error, description } if error == "access_denied" && description.contains("65004") => (
            l.pick("The administrator cancelled", "De beheerder heeft geannuleerd"),
            l.pick("The consent was declined at Microsoft, so nothing was saved. Start again and choose Accept when you are ready.", "De toestemming is bij Microsoft geweigerd, dus er is niets opgeslagen. Begin opnieuw en kies Accepteren zodra u zover bent.").to_string(),
        ),
        Refusal::Microsoft { description, .. } if description.contains("50020") => (
            l.pick("Signed in with an account of another directory", "Aangemeld met een account uit een andere directory"),
            l.pick("The account used at Microsoft does not belong to this tenant. Start again and sign in with an administrator of the tenant itself.", "Het account dat bij Microsoft werd gebruikt hoort niet bij deze tenant. Begin opnieuw en meld u aan met een beheerder van de tenant zelf.").to_string(),
        ),
        Refusal::Microsoft { error, description } => (
            l.pick("Microsoft did not give the consent", "Microsoft heeft de toestemming niet gegeven"),
            format!("{error}: {}", description.lines().next().unwrap_or("")),
        ),
    };
    let body = html! {
        (crumbs(l))
        h1 { (title) }
        div class="finding critical" role="alert" { p { (detail) } }
        p { a class="button" href="/manage/tenants/connect" { (l.pick("Start again", "Opnieuw beginnen")) } }
    };
    page(ctx, l.pick("Connect a tenant", "Tenant koppelen"), body)
}

/// What the last token request showed, in words.
fn pending(p: &Pending, l: Lang) -> String {
    match p {
        Pending::NoToken(e) => format!("{} ({e})", l.pick("no token yet", "nog geen token")),
        Pending::NoRoles => l
            .pick(
                "the token has no permissions yet",
                "het token heeft nog geen machtigingen",
            )
            .into(),
        Pending::Partial { granted, total } => format!(
            "{granted} {} {total} {}",
            l.pick("of", "van de"),
            l.pick("permissions so far", "machtigingen tot nu toe")
        ),
    }
}

/// Why linkwatch gave up, in words.
fn gave_up(g: &GaveUp, l: Lang) -> String {
    match (g, l) {
        (GaveUp::NoMonitorApp, Lang::Nl) => "Er is geen monitor-app ingesteld ([monitor] in linkwatch.toml).".into(),
        (GaveUp::NotPropagated(e), Lang::Nl) => format!("Na {} minuten weigert Microsoft nog steeds een token voor de monitor-app in deze tenant: {e}", PROPAGATION_LIMIT_SECS / 60),
        (GaveUp::NotPropagated(e), Lang::En) => format!("After {} minutes Microsoft still refuses a token for the monitor app in this tenant: {e}", PROPAGATION_LIMIT_SECS / 60),
        (GaveUp::NotJwt, Lang::Nl) => "Het token is geen JWT, dus de machtigingen zijn niet te lezen.".into(),
        (GaveUp::OtherTenant { returned, asked, tid }, Lang::Nl) => format!("De toestemming kwam terug voor een andere tenant ({returned}) dan gevraagd ({asked}, {tid}): er is niets opgeslagen."),
        (GaveUp::NoRoles, Lang::Nl) => "Het token voor deze tenant heeft geen enkele machtiging: de toestemming verleende er geen.".into(),
        (GaveUp::MonitorCredential(e), Lang::Nl) => format!("Microsoft weigert de eigen referentie van de monitor-app ({e}). Controleer [monitor] in linkwatch.toml: de waarde van het clientgeheim, of dat het certificaat bij de monitor-app is geüpload onder Certificaten en geheimen. Er is niets opgeslagen."),
        (GaveUp::Refused(_), Lang::Nl) => "Deze tenant staat in het configuratiebestand: wijzig de monitor-app daar.".into(),
        (other, _) => other.to_string(),
    }
}
