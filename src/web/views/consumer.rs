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
        SignalState::NotConfigured => l.t("not-available-this-tenant-has-no").into(),
        SignalState::NoPremium => l.t("not-available-this-tenant-has-no-2").into(),
        SignalState::Denied(why) => format!(
            "{} ({why})",
            l.t("not-available-the-monitor-credential-may")
        ),
        SignalState::Failed(why) => format!("{} ({why})", l.t("the-sign-in-log-could-not")),
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
            dt { (l.t("last-successful-sign-in")) }
            dd {
                @match a.last_success_at {
                    Some(at) => { time datetime=(at.to_rfc3339()) { (relative(at, now, l)) } " " span class="muted" { "(" (clock.datetime(at)) ")" } }
                    None => span class="muted" {
                        (l.t("none-in-the-sign-in-log"))
                        @if let Some(c) = t.covered_since { " " (l.t("since")) " " (clock.datetime(c)) }
                    },
                }
            }
            @if let Some(last) = a.failures.last() {
                dt { (l.t("failed-sign-ins-since-then")) }
                dd {
                    strong class="expired" { (a.failure_count.max(a.failures.len())) }
                    @if let Some(first) = a.first_failure_at { " · " (l.t("first")) (clock.datetime(first)) }
                    " · " (l.t("latest")) code { "AADSTS" (last.code) } " " (relative(last.at, now, l))
                    @if let Some(meaning) = explain::aadsts(last.code, l) { br; span class="muted" { (meaning) } }
                }
                dt { (l.t("what-to-do")) }
                dd { (explain::consumer_fix(last.code, s.kind, s.app_name, l)) " " a href=(s.runbook) { (l.t("runbook")) } }
            }
        }
    }
}

fn fix_block(ctx: &Ctx, fix: Option<&Fix>, t: &TenantActivity, s: &Subject<'_>) -> Markup {
    let l = ctx.lang;
    let Some(fix) = fix else { return html! {} };
    let settings = explain::consumer_settings(s.kind, s.app_name, l);
    let todo = match fix.kind {
        FixKind::Rotate => l.with("todo-paste-new-secret", &[("settings", &settings)]),
        FixKind::Relink => l.with("todo-connect-again", &[("settings", &settings)]),
    };
    html! {
        @match &fix.closed {
            None => div class="todo" id="still-to-do" {
                p {
                    strong { (l.t("still-to-do-in")) (s.app_name) ": " } (todo) " "
                    a href=(s.runbook) { (l.t("runbook")) }
                    @if let Some(u) = &s.app_url { " · " a href=(u) rel="noopener noreferrer" { (l.t("open")) (s.app_name) " ↗" } }
                }
                p class="muted" {
                    (match fix.kind { FixKind::Rotate => l.t("the-secret-was-rotated-in-linkwatch"), FixKind::Relink => l.t("the-mailbox-was-re-linked-in") })
                    (ctx.clock().datetime(fix.fixed_at)) " " (l.t("by")) (fix.fixed_by) ". "
                    @if t.state == SignalState::Available {
                        (l.t("this-closes-by-itself-when")) (s.app_name) (l.t("s-own-sign-ins-succeed-or"))
                    } @else {
                        (l.t("the-application-s-sign-ins-cannot"))
                    }
                }
                @if ctx.can(Role::Operator) {
                    form method="post" action=(s.confirm_action) class="inline" {
                        (csrf(ctx))
                        button type="submit" { (l.t("confirm")) (s.app_name) (l.t("has-the-fix")) }
                    }
                }
            },
            Some(Closed::BySignIns(at)) => p class="notice ok" { (l.t("done")) (s.app_name) (l.t("s-own-sign-ins-succeed-again")) (ctx.clock().datetime(*at)) "." },
            Some(Closed::Confirmed { by, at }) => p class="notice ok" { (l.t("done-confirmed-by")) (by) " " (ctx.clock().datetime(*at)) "." },
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
        h2 id="application" { (s.app_name) (l.t("itself")) }
        p class="muted" { (l.t("from-microsoft-s-sign-in-log")) }
        (fix_block(ctx, fix, t, s))
        @match unavailable(&t.state, l) {
            Some(why) => p class="info" { (why) },
            None => {
                (activity_lines(t.of(s.client_id, principal), t, s, now, l, ctx.clock()))
                @if s.object_id.is_none() {
                    p {
                        (l.t("credential-it-signs-in-with"))
                        @match &in_use {
                            Some((key, at)) => { (credential_name(credentials, key)) " " span class="muted" { "(" (l.t("last")) (relative(*at, now, l)) ")" } }
                            None => span class="muted" { (l.t("not-seen-in-the-sign-in")) },
                        }
                    }
                }
                @if let Some(r) = t.read_at { p class="muted" { (l.t("sign-in-log-read")) (relative(r, now, l)) "." } }
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
        h2 { (l.t("which-secret")) (app_name) (l.t("uses")) }
        @match unavailable(&t.state, l) {
            Some(why) => p class="info" { (why) " " (l.t("delete-the-old-secret-only-after")) },
            None => ul class="secret-uses" {
                @for c in credentials.iter().filter(|c| c.kind == "secret") {
                    li {
                        (credential_name(credentials, &c.key_id)) ": "
                        @if new_hint.is_some() && c.hint.as_deref() == new_hint {
                            strong { (l.t("the-new-secret")) } " — "
                            @match app_use(&c.key_id) {
                                Some(at) => { (app_name) (l.t("signs-in-with-it-last")) (relative(at, now, l)) ")." }
                                None => { (l.t("not-used-by")) (app_name) (l.t("yet")) }
                            }
                        } @else if let (None, Some((at, code))) = (app_use(&c.key_id), tried(&c.key_id)) {
                            strong class="expired" { (app_name) (l.t("still-tries-it")) }
                            " (AADSTS" (code) ", " (relative(at, now, l)) ")" (l.t("give-it-the-new-secret-first"))
                        } @else {
                        @match app_use(&c.key_id) {
                            Some(at) if now - at < chrono::Duration::hours(24) => strong class="expired" { (app_name) (l.t("signed-in-with-it")) (relative(at, now, l)) (l.t("not-safe-to-delete-yet")) },
                            Some(at) => { (app_name) (l.t("last-signed-in-with-it")) (relative(at, now, l)) "." }
                            None => {
                                (l.t("not-used-by-2")) (app_name)
                                @match any_use(&c.key_id) {
                                    Some(at) => { (l.t("last-use-by-anyone-linkwatch-included")) (clock.datetime(at)) ")" }
                                    None => { (l.t("since-2")) @if let Some(cov) = t.covered_since { (clock.datetime(cov)) } }
                                }
                                (l.t("safe-to-delete-once-the-new"))
                            }
                        }
                        }
                    }
                }
            },
        }
    }
}
