//! Every signed-in user's own account: who they are, what their role allows, and changing
//! their password (which signs out their other sessions).

use super::auth::Ctx;
use super::error::WebError;
use super::manage::{new_password, password_fields, FieldErrors};
use super::views::layout::{self, csrf};
use super::views::manage::{render_field, role_word, Field};
use super::WebState;
use crate::accounts::Role;
use crate::explain::Lang;
use actix_web::web;
use chrono::Utc;
use maud::{html, Markup};
use std::collections::HashMap;

/// `?done=password` or `?done=sessions` after a change.
#[derive(serde::Deserialize)]
pub struct Done {
    done: Option<String>,
}

fn view(
    ctx: &Ctx,
    state: &WebState,
    errors: &FieldErrors,
    notice: Option<&str>,
) -> Result<Markup, WebError> {
    let s = ctx.require(Role::Viewer)?;
    let others = (state.store.open_sessions(s.user.id, Utc::now())? - 1).max(0);
    let l = ctx.lang;
    let mut fields = vec![Field {
        name: "current",
        label: l.t("current-password").into(),
        value: String::new(),
        kind: "password",
        options: Vec::new(),
        help: String::new(),
        error: errors.get("current").cloned(),
        required: true,
    }];
    fields.extend(password_fields(l, false, errors));
    let title = l.t("your-account");
    Ok(layout::page(
        ctx,
        title,
        html! {
            h1 { (title) }
            @if let Some(n) = notice { p class="notice" role="status" { (n) } }
            dl class="facts" {
                dt { (l.t("name")) } dd { (s.user.name) }
                dt { (l.t("role")) } dd { (role_word(s.user.role, l)) " — " (allowed(s.user.role, l)) }
            }
            h2 { (l.t("change-your-password")) }
            p class="hint" { (l.t("your-other-sessions-are-signed-out")) }
            form method="post" action="/account" class="stack" novalidate {
                (csrf(ctx))
                @for f in &fields { (render_field(f, l)) }
                button type="submit" { (l.t("change-password")) }
            }
            h2 id="time-zone" { (l.t("time-zone")) }
            form method="post" action="/account/time-zone" class="stack" {
                (csrf(ctx))
                label for="f-tz" { (l.t("show-times-in")) }
                select id="f-tz" name="time_zone" {
                    option value="" selected[s.time_zone.is_none()] { (l.t("the-server-s-time-zone")) " (" (state.site.time_zone.name()) ")" }
                    @for z in chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()).filter(|z| z.contains('/') || *z == "UTC") {
                        option value=(z) selected[s.time_zone.as_deref() == Some(z)] { (z) }
                    }
                }
                @if let Some(e) = errors.get("time_zone") { p class="error" role="alert" { (e) } }
                p class="hint" { (l.t("now")) (ctx.clock().datetime(Utc::now())) }
                button type="submit" { (l.t("save-time-zone")) }
            }
            h2 { (l.t("other-sessions")) }
            @if others == 0 {
                p { (l.t("you-are-signed-in-only-here")) }
            } @else {
                p { (l.t("signed-in-elsewhere-too")) (others) " " (l.t("other-sessions-each-lasts-12-hours")) }
                form method="post" action="/account/sessions" class="inline" {
                    (csrf(ctx))
                    button type="submit" class="danger" { (l.t("sign-out-everywhere-else")) }
                }
            }
        },
    ))
}

fn allowed(r: Role, l: Lang) -> &'static str {
    match r {
        Role::Viewer => l.t("you-can-read-every-page"),
        Role::Operator => l.t("you-can-read-check-now-re"),
        Role::Admin => l.t("you-can-do-everything-including-managing"),
    }
}

/// GET /account.
pub async fn page(
    ctx: Ctx,
    q: web::Query<Done>,
    state: web::Data<WebState>,
) -> Result<Markup, WebError> {
    crate::web::blocking(move || {
        let notice = match q.done.as_deref() {
            Some("password") => Some(ctx.lang.t("password-changed-your-other-sessions-were")),
            Some("time_zone") => Some(ctx.lang.t("time-zone-saved-times-are-shown")),
            Some("sessions") => Some(ctx.lang.t("your-other-sessions-were-signed-out")),
            _ => None,
        };
        view(&ctx, &state, &HashMap::new(), notice)
    })
    .await
}

/// POST /account/sessions: signs out every other session of this account.
pub async fn end_others(
    ctx: Ctx,
    form: web::Form<HashMap<String, String>>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    crate::web::blocking(move || {
        let s = ctx.require_post(Role::Viewer, &form)?;
        let keep = ctx.token.as_deref().unwrap_or_default();
        state.store.end_other_sessions(&s.user, keep, Utc::now())?;
        Ok(super::see_other("/account?done=sessions"))
    })
    .await
}

/// POST /account/time-zone: the account's own time zone, or the server's (empty).
pub async fn time_zone(
    ctx: Ctx,
    form: web::Form<HashMap<String, String>>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    crate::web::blocking(move || {
        let s = ctx.require_post(Role::Viewer, &form)?;
        let zone = form
            .get("time_zone")
            .map(|z| z.trim())
            .filter(|z| !z.is_empty());
        if zone.is_some_and(|z| super::views::clock::parse_zone(z).is_err()) {
            let mut errors = FieldErrors::new();
            errors.insert(
                "time_zone",
                ctx.lang.t("choose-a-time-zone-from-the").into(),
            );
            return Ok(super::Reply::invalid(view(&ctx, &state, &errors, None)?));
        }
        state.store.set_time_zone(&s.user, zone, Utc::now())?;
        Ok(super::see_other("/account?done=time_zone"))
    })
    .await
}

/// POST /account: the current password, then the new one twice. Wrong current passwords
/// count against the account's sign-in limit.
pub async fn save(
    req: actix_web::HttpRequest,
    ctx: Ctx,
    form: web::Form<HashMap<String, String>>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    let ip = state
        .limiter
        .client_ip(&req)
        .map(|ip| ip.to_string())
        .unwrap_or_default();
    crate::web::blocking(move || {
        let s = ctx.require_post(Role::Viewer, &form)?;
        let l = ctx.lang;
        let name = super::throttle::normalise(&s.user.name);
        let now = std::time::Instant::now();
        let mut errors = FieldErrors::new();
        let current = form.get("current").map(String::as_str).unwrap_or("");
        if state.limiter.hold(&name, &ip, now).is_some() {
            errors.insert("current", l.t("too-many-wrong-passwords-wait-15").into());
        } else if !state.store.password_matches(s.user.id, current)? {
            state.limiter.fail(&name, &ip, now);
            errors.insert("current", l.t("this-is-not-your-current-password").into());
        }
        let hash = new_password(l, &form, false, &mut errors);
        match hash {
            Some(hash) if errors.is_empty() => {
                let keep = ctx.token.as_deref().unwrap_or_default();
                state
                    .store
                    .change_own_password(&s.user, &hash, keep, Utc::now())?;
                Ok(super::see_other("/account?done=password"))
            }
            _ => Ok(super::Reply::invalid(view(&ctx, &state, &errors, None)?)),
        }
    })
    .await
}
