//! The Discover page: every app registration of a tenant with Microsoft Graph mail permissions,
//! read live with the tenant's monitor credential, unwatched ones first.

use super::layout::page;
use crate::discovery::FoundApp;
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
            "Read just now from the tenant's directory with its monitor credential: every app registration with Microsoft Graph mail permissions. An app that is not watched can stop mailing without anyone noticing: add it to the configuration ([[tenants.apps]]) or under Manage.",
            "Zojuist gelezen uit de directory van de tenant met het monitoraccount: elke app-registratie met Microsoft Graph-mailmachtigingen. Een app die niet wordt bewaakt kan stoppen met mailen zonder dat iemand het merkt: voeg hem toe aan de configuratie ([[tenants.apps]]) of onder Beheer.")) }
        @match found {
            Err(why) => div class="finding critical" role="alert" {
                strong { (l.pick("The directory could not be read.", "De directory kon niet worden gelezen.")) }
                p { (why) }
            },
            Ok(apps) if apps.is_empty() => p { (l.pick("No app registration in this tenant has Microsoft Graph mail permissions.", "Geen enkele app-registratie in deze tenant heeft Microsoft Graph-mailmachtigingen.")) },
            Ok(apps) => {
                @let unwatched = apps.iter().filter(|a| !a.watched).count();
                p { strong { (apps.len()) } (l.pick(" apps with mail permissions, ", " apps met mailmachtigingen, ")) strong { (unwatched) } (l.pick(" not watched.", " niet bewaakt.")) }
                table {
                    thead { tr {
                        th { (l.pick("Name", "Naam")) }
                        th { (l.pick("Mail permissions", "Mailmachtigingen")) }
                        th { (l.pick("Reaches", "Bereikt")) }
                        th class="hide-narrow" { (l.pick("Secrets and certificates", "Geheimen en certificaten")) }
                    } }
                    tbody {
                        @for a in sorted(apps) { (row(a, now, l)) }
                    }
                }
            }
        }
    };
    page(ctx, l.pick("Discover", "Ontdekken"), body)
}

/// Unwatched apps first, then by name.
fn sorted(apps: &[FoundApp]) -> Vec<&FoundApp> {
    let mut v: Vec<&FoundApp> = apps.iter().collect();
    v.sort_by_key(|a| (a.watched, a.name.to_lowercase()));
    v
}

fn row(a: &FoundApp, now: DateTime<Utc>, l: crate::explain::Lang) -> Markup {
    html! {
        tr {
            td {
                (a.name) br;
                @if a.watched { span class="badge ok" { (l.pick("watched", "bewaakt")) } } @else { span class="badge warning" { (l.pick("not watched", "niet bewaakt")) } }
                br; span class="small muted hide-narrow" { (a.client_id) }
            }
            td {
                @for s in &a.mail_scopes { code { (s) } " " }
                @for r in &a.mail_roles { code { (r) } " " span class="tag" { (l.pick("app-only: every mailbox", "app-only: elke mailbox")) } " " }
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
                        Some(e) if e <= now => { " " span class="badge critical" { (l.pick("expired ", "verlopen ")) (e.format("%Y-%m-%d")) } }
                        Some(e) => { " " span class="muted" { (l.pick("until ", "tot ")) (e.format("%Y-%m-%d")) } }
                        None => {}
                    }
                    br;
                }
            }
        }
    }
}
