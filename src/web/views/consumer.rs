//! What the consuming application itself does (signal 4), on the app registration, mailbox and
//! tenant pages and in the rotation wizard's last step: its last successful sign-in, its
//! failures with codes and what to do about them, the credential it uses, whether the signal
//! is available and why not, and the fix still to do in the application.

use super::layout::{csrf, relative};
use crate::accounts::Role;
use crate::activity::{Activity, Closed, Fix, FixKind, SignalState, TenantActivity};
use crate::explain::{self, Lang};
use crate::store::CredentialView;
use crate::targets::ConsumerKind;
use crate::web::auth::Ctx;
use chrono::{DateTime, Utc};
use maud::{html, Markup};

/// Whom the section is about: the app registration (its app-only sign-ins and the credential
/// it uses) or one mailbox (its account's sign-ins).
pub struct Subject<'a> {
    /// The application's name.
    pub app_name: &'a str,
    /// Its consumer kind (where its settings are).
    pub kind: ConsumerKind,
    /// Its client id.
    pub client_id: &'a str,
    /// The mailbox's account object id; `None` for the app registration.
    pub object_id: Option<&'a str>,
    /// Where the confirmation form posts (`/apps/3/fix/confirm`).
    pub confirm_action: String,
    /// The runbook's address.
    pub runbook: String,
    /// Where the application's own settings are (its URL; in the demo, the simulated
    /// application's settings page).
    pub app_url: Option<String>,
}

/// Why the signal is not there, in the reader's words; `None` when it is.
pub fn unavailable(state: &SignalState, l: Lang) -> Option<String> {
    Some(match state {
        SignalState::Available => return None,
        SignalState::NotConfigured => l.pick(
            "Not available: this tenant has no monitor credential. With one that has AuditLog.Read.All and Directory.Read.All, linkwatch also sees the application's own sign-ins.",
            "Niet beschikbaar: deze tenant heeft geen monitoraccount. Met een monitoraccount met AuditLog.Read.All en Directory.Read.All ziet linkwatch ook de eigen aanmeldingen van de applicatie.",
        ).into(),
        SignalState::NoPremium => l.pick(
            "Not available: this tenant has no Microsoft Entra ID P1 or P2 licence, and Microsoft gives the sign-in log to Graph only with one. linkwatch watches its own link; after a fix, confirm by hand that the application works again.",
            "Niet beschikbaar: deze tenant heeft geen licentie voor Microsoft Entra ID P1 of P2, en Microsoft geeft het aanmeldlogboek alleen daarmee aan Graph. linkwatch bewaakt zijn eigen koppeling; bevestig na een oplossing met de hand dat de applicatie weer werkt.",
        ).into(),
        SignalState::Denied(why) => format!(
            "{} ({why})",
            l.pick(
                "Not available: the monitor credential may not read sign-in logs. Grant it the application permissions AuditLog.Read.All and Directory.Read.All, with admin consent.",
                "Niet beschikbaar: het monitoraccount mag geen aanmeldlogboeken lezen. Geef het de toepassingsmachtigingen AuditLog.Read.All en Directory.Read.All, met beheerderstoestemming.",
            )
        ),
        SignalState::Failed(why) => format!(
            "{} ({why})",
            l.pick(
                "The sign-in log could not be read the last time; linkwatch tries again each cycle.",
                "Het aanmeldlogboek kon de laatste keer niet worden gelezen; linkwatch probeert het elke ronde opnieuw.",
            )
        ),
    })
}

fn activity_lines(
    a: Option<&Activity>,
    t: &TenantActivity,
    s: &Subject<'_>,
    now: DateTime<Utc>,
    l: Lang,
    clock: super::clock::Clock,
) -> Markup {
    let empty = Activity::default();
    let a = a.unwrap_or(&empty);
    html! {
        dl class="facts" {
            dt { (l.pick("Last successful sign-in", "Laatste geslaagde aanmelding")) }
            dd {
                @match a.last_success_at {
                    Some(at) => { time datetime=(at.to_rfc3339()) { (relative(at, now, l)) } " " span class="muted" { "(" (clock.datetime(at)) ")" } }
                    None => span class="muted" {
                        (l.pick("none in the sign-in log", "geen in het aanmeldlogboek"))
                        @if let Some(c) = t.covered_since { " " (l.pick("since", "sinds")) " " (clock.datetime(c)) }
                    },
                }
            }
            @if let Some(last) = a.failures.last() {
                dt { (l.pick("Failed sign-ins since then", "Mislukte aanmeldingen sindsdien")) }
                dd {
                    strong class="expired" { (a.failure_count.max(a.failures.len())) }
                    @if let Some(first) = a.first_failure_at { " · " (l.pick("first ", "eerste ")) (clock.datetime(first)) }
                    " · " (l.pick("latest ", "laatste ")) code { "AADSTS" (last.code) } " " (relative(last.at, now, l))
                    @if let Some(meaning) = explain::aadsts(last.code, l) { br; span class="muted" { (meaning) } }
                }
                dt { (l.pick("What to do", "Wat te doen")) }
                dd { (explain::consumer_fix(last.code, s.kind, s.app_name, l)) " " a href=(s.runbook) { (l.pick("Runbook", "Draaiboek")) } }
            }
        }
    }
}

fn fix_block(ctx: &Ctx, fix: Option<&Fix>, t: &TenantActivity, s: &Subject<'_>) -> Markup {
    let l = ctx.lang;
    let Some(fix) = fix else { return html! {} };
    let settings = explain::consumer_settings(s.kind, s.app_name, l);
    let todo = match (fix.kind, l) {
        (FixKind::Rotate, Lang::En) => format!("paste the new secret's value in {settings}."),
        (FixKind::Rotate, Lang::Nl) => {
            format!("plak de waarde van het nieuwe geheim in {settings}.")
        }
        (FixKind::Relink, Lang::En) => format!("connect the mailbox again in {settings}."),
        (FixKind::Relink, Lang::Nl) => format!("koppel de mailbox opnieuw in {settings}."),
    };
    html! {
        @match &fix.closed {
            None => div class="todo" id="still-to-do" {
                p {
                    strong { (l.pick("Still to do in ", "Nog te doen in ")) (s.app_name) ": " } (todo) " "
                    a href=(s.runbook) { (l.pick("Runbook", "Draaiboek")) }
                    @if let Some(u) = &s.app_url { " · " a href=(u) rel="noopener noreferrer" { (l.pick("Open ", "Open ")) (s.app_name) " ↗" } }
                }
                p class="muted" {
                    (match fix.kind { FixKind::Rotate => l.pick("The secret was rotated in linkwatch ", "Het geheim is in linkwatch vervangen "), FixKind::Relink => l.pick("The mailbox was re-linked in linkwatch ", "De mailbox is in linkwatch opnieuw gekoppeld ") })
                    (ctx.clock().datetime(fix.fixed_at)) " " (l.pick("by ", "door ")) (fix.fixed_by) ". "
                    @if t.state == SignalState::Available {
                        (l.pick("This closes by itself when ", "Dit sluit vanzelf zodra ")) (s.app_name) (l.pick("'s own sign-ins succeed, or when an operator confirms it.", " zich zelf weer met succes aanmeldt, of wanneer een operator het bevestigt."))
                    } @else {
                        (l.pick("The application's sign-ins cannot be read here: confirm once it works again.", "De aanmeldingen van de applicatie zijn hier niet te lezen: bevestig zodra het weer werkt."))
                    }
                }
                @if ctx.can(Role::Operator) {
                    form method="post" action=(s.confirm_action) class="inline" {
                        (csrf(ctx))
                        button type="submit" { (l.pick("Confirm: ", "Bevestigen: ")) (s.app_name) (l.pick(" has the fix", " heeft de oplossing")) }
                    }
                }
            },
            Some(Closed::BySignIns(at)) => p class="notice ok" { (l.pick("Done: ", "Klaar: ")) (s.app_name) (l.pick("'s own sign-ins succeed again since ", " meldt zich weer met succes aan sinds ")) (ctx.clock().datetime(*at)) "." },
            Some(Closed::Confirmed { by, at }) => p class="notice ok" { (l.pick("Done: confirmed by ", "Klaar: bevestigd door ")) (by) " " (ctx.clock().datetime(*at)) "." },
        }
    }
}

/// The section "{application} itself" on a mailbox or app registration page.
pub fn section(
    ctx: &Ctx,
    t: &TenantActivity,
    fix: Option<&Fix>,
    s: &Subject<'_>,
    credentials: &[CredentialView],
    now: DateTime<Utc>,
) -> Markup {
    let l = ctx.lang;
    let principal = s.object_id.unwrap_or("");
    let in_use = t.key_in_use(s.client_id);
    html! {
        h2 id="application" { (s.app_name) (l.pick(" itself", " zelf")) }
        p class="muted" { (l.pick("From Microsoft's sign-in log: what the application does, not only linkwatch's own link.", "Uit het aanmeldlogboek van Microsoft: wat de applicatie zelf doet, niet alleen de eigen koppeling van linkwatch.")) }
        (fix_block(ctx, fix, t, s))
        @match unavailable(&t.state, l) {
            Some(why) => p class="info" { (why) },
            None => {
                (activity_lines(t.of(s.client_id, principal), t, s, now, l, ctx.clock()))
                @if s.object_id.is_none() {
                    p {
                        (l.pick("Credential it signs in with: ", "Referentie waarmee zij zich aanmeldt: "))
                        @match &in_use {
                            Some((key, at)) => { (credential_name(credentials, key)) " " span class="muted" { "(" (l.pick("last ", "laatst ")) (relative(*at, now, l)) ")" } }
                            None => span class="muted" { (l.pick("not seen in the sign-in log", "niet gezien in het aanmeldlogboek")) },
                        }
                    }
                }
                @if let Some(r) = t.read_at { p class="muted" { (l.pick("Sign-in log read ", "Aanmeldlogboek gelezen ")) (relative(r, now, l)) "." } }
            },
        }
    }
}

/// A credential's name as the portal shows it, by key id.
pub fn credential_name(credentials: &[CredentialView], key: &str) -> String {
    credentials
        .iter()
        .find(|c| c.key_id.eq_ignore_ascii_case(key))
        .map(|c| {
            let name = c.name.clone().unwrap_or_else(|| c.kind.clone());
            match &c.hint {
                Some(h) => format!("\"{name}\" ({h}…)"),
                None => format!("\"{name}\""),
            }
        })
        .unwrap_or_else(|| key.to_string())
}

/// The rotation wizard's last step: each secret, and whether the application still uses it
/// (signs in with it, or still tries to). The new secret (`new_hint`, its first characters)
/// is never offered for deletion.
pub fn secret_uses(
    l: Lang,
    clock: super::clock::Clock,
    (app_name, client_id): (&str, &str),
    new_hint: Option<&str>,
    t: &TenantActivity,
    credentials: &[CredentialView],
    now: DateTime<Utc>,
) -> Markup {
    let id = client_id.to_ascii_lowercase();
    let tried = |key: &str| {
        t.by_principal
            .iter()
            .filter(|((c, _), _)| *c == id)
            .flat_map(|(_, a)| a.failures.iter())
            .filter(|f| {
                f.key_id
                    .as_deref()
                    .is_some_and(|k| k.eq_ignore_ascii_case(key))
            })
            .map(|f| (f.at, f.code))
            .max()
    };
    let app_use = |key: &str| {
        t.by_principal
            .iter()
            .filter(|((c, _), _)| *c == id)
            .filter(|(_, a)| {
                a.last_success_key
                    .as_deref()
                    .is_some_and(|k| k.eq_ignore_ascii_case(key))
            })
            .filter_map(|(_, a)| a.last_success_at)
            .max()
    };
    let any_use = |key: &str| {
        t.credential_uses
            .get(&(id.clone(), key.to_ascii_lowercase()))
            .copied()
    };
    html! {
        h2 { (l.pick("Which secret ", "Welk geheim ")) (app_name) (l.pick(" uses", " gebruikt")) }
        @match unavailable(&t.state, l) {
            Some(why) => p class="info" { (why) " " (l.pick("Delete the old secret only after you have checked the application's own settings.", "Verwijder het oude geheim pas nadat u de instellingen van de applicatie zelf hebt gecontroleerd.")) },
            None => ul class="secret-uses" {
                @for c in credentials.iter().filter(|c| c.kind == "secret") {
                    li {
                        (credential_name(credentials, &c.key_id)) ": "
                        @if new_hint.is_some() && c.hint.as_deref() == new_hint {
                            strong { (l.pick("the new secret", "het nieuwe geheim")) } " — "
                            @match app_use(&c.key_id) {
                                Some(at) => { (app_name) (l.pick(" signs in with it (last ", " meldt zich ermee aan (laatst ")) (relative(at, now, l)) ")." }
                                None => { (l.pick("not used by ", "nog niet gebruikt door ")) (app_name) (l.pick(" yet.", ".")) }
                            }
                        } @else if let (None, Some((at, code))) = (app_use(&c.key_id), tried(&c.key_id)) {
                            strong class="expired" { (app_name) (l.pick(" still tries it", " probeert het nog")) }
                            " (AADSTS" (code) ", " (relative(at, now, l)) ")" (l.pick(": give it the new secret first.", ": geef eerst het nieuwe geheim."))
                        } @else {
                        @match app_use(&c.key_id) {
                            Some(at) if now - at < chrono::Duration::hours(24) => strong class="expired" { (app_name) (l.pick(" signed in with it ", " meldde zich ermee aan ")) (relative(at, now, l)) (l.pick(": not safe to delete yet.", ": nog niet veilig om te verwijderen.")) },
                            Some(at) => { (app_name) (l.pick(" last signed in with it ", " meldde zich er het laatst mee aan ")) (relative(at, now, l)) "." }
                            None => {
                                (l.pick("not used by ", "niet gebruikt door ")) (app_name)
                                @match any_use(&c.key_id) {
                                    Some(at) => { (l.pick(" (last use by anyone, linkwatch included: ", " (laatste gebruik door wie dan ook, linkwatch inbegrepen: ")) (clock.datetime(at)) ")" }
                                    None => { (l.pick(" since ", " sinds ")) @if let Some(cov) = t.covered_since { (clock.datetime(cov)) } }
                                }
                                (l.pick(": safe to delete once the new one works everywhere.", ": veilig om te verwijderen zodra het nieuwe overal werkt."))
                            }
                        }
                        }
                    }
                }
            },
        }
    }
}
