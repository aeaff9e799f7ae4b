//! The page frame and small pieces every page uses: status badges, dates, pagination.

use crate::accounts::Role;
use crate::explain::Lang;
use crate::model::Severity;
use crate::web::auth::Ctx;
use chrono::{DateTime, Utc};
use maud::{html, Markup, DOCTYPE};

/// A page with the navigation for the signed-in user.
pub fn page(ctx: &Ctx, title: &str, body: Markup) -> Markup {
    let l = ctx.lang;
    let links = html! {
        a href="/" { (l.t("overview")) }
        a href="/history" { (l.t("history")) }
        a href="/alerts" { (l.t("alerts")) }
        @if ctx.can(Role::Admin) { a href="/manage" { (l.t("manage")) } a href="/api-tokens" { "API" } }
    };
    let own = |s: &crate::store::Session| {
        html! {
            a href="/account" class="account" title=(l.t("your-account-and-password")) { (s.user.name) }
            form method="post" action="/logout" class="inline" {
                input type="hidden" name="_csrf" value=(s.csrf);
                button class="link" type="submit" title=(format!("{} ({})", s.user.name, s.user.role.as_str())) { (l.t("sign-out")) }
            }
        }
    };
    // Wide screens: one line of links. Phones: the brand, the language and a menu, on one
    // line (a details element: no JavaScript).
    let nav = html! {
        nav class="top" aria-label=(l.t("main")) {
            a class="brand" href="/" { "linkwatch" }
            @if let Some(s) = &ctx.session {
                span class="wide" { (links) }
                span class="spacer" {}
                (lang_switch(ctx))
                span class="wide" { (own(s)) }
                details class="menu" {
                    summary { (l.t("menu")) }
                    div class="menu-items" { (links) (own(s)) }
                }
            } @else {
                span class="spacer" {}
                (lang_switch(ctx))
            }
        }
    };
    frame(l, title, nav, body)
}

/// A page without navigation (login, errors).
pub fn bare(lang: Lang, title: &str, body: Markup) -> Markup {
    frame(
        lang,
        title,
        html! { nav class="top" { a class="brand" href="/" { "linkwatch" } } },
        body,
    )
}

fn frame(lang: Lang, title: &str, nav: Markup, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · linkwatch" }
                link rel="stylesheet" href="/assets/style.css";
                link rel="icon" href="/assets/icon.svg" type="image/svg+xml";
            }
            body {
                header { (nav) }
                main id="main" { (body) }
                footer { "linkwatch " (env!("CARGO_PKG_VERSION")) }
            }
        }
    }
}

fn lang_switch(ctx: &Ctx) -> Markup {
    let next: String = url::form_urlencoded::byte_serialize(ctx.path.as_bytes()).collect();
    html! {
        span class="lang" {
            @for (code, label) in [("en", "EN"), ("nl", "NL")] {
                @if ctx.lang.code() == code {
                    strong aria-current="true" { (label) }
                } @else {
                    a href=(format!("/lang/{code}?next={next}")) hreflang=(code) lang=(code) { (label) }
                }
            }
        }
    }
}

/// The word for a status.
pub fn status_word(s: Option<Severity>, l: Lang) -> &'static str {
    match s {
        Some(Severity::Ok) => l.t("ok"),
        Some(Severity::Warning) => l.t("warning-2"),
        Some(Severity::Critical) => l.t("critical-2"),
        Some(Severity::Unknown) => l.t("unknown-2"),
        None => l.t("not-checked-yet-2"),
    }
}

/// A coloured status badge with its word (never colour alone).
pub fn status_badge(s: Option<Severity>, l: Lang) -> Markup {
    let class = s.map(|s| s.as_str()).unwrap_or("pending");
    html! { span class=(format!("badge {class}")) { (status_word(s, l)) } }
}

/// "5 minutes ago" / "in 3 days".
pub fn relative(t: DateTime<Utc>, now: DateTime<Utc>, l: Lang) -> String {
    let secs = (t - now).num_seconds();
    let past = secs < 0;
    let (n, key) = match secs.abs() {
        s if s < 90 => return l.t("just-now").to_string(),
        s if s < 5400 => (
            s / 60,
            if past {
                "n-ago-minutes"
            } else {
                "n-in-minutes"
            },
        ),
        s if s < 172_800 => (s / 3600, if past { "n-ago-hours" } else { "n-in-hours" }),
        s => (s / 86400, if past { "n-ago-days" } else { "n-in-days" }),
    };
    l.count(key, n)
}

/// How long a state has lasted: "for 3 hours" / "al 3 uur", "just now" / "zojuist".
pub fn lasting(since: DateTime<Utc>, now: DateTime<Utc>, l: Lang) -> String {
    let (n, key) = match (now - since).num_seconds().max(0) {
        s if s < 90 => return l.t("just-now").to_string(),
        s if s < 5400 => (s / 60, "n-for-minutes"),
        s if s < 172_800 => (s / 3600, "n-for-hours"),
        s => (s / 86400, "n-for-days"),
    };
    l.count(key, n)
}

/// A hidden CSRF field.
pub fn csrf(ctx: &Ctx) -> Markup {
    html! { input type="hidden" name="_csrf" value=(ctx.csrf()); }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn how_long_a_state_lasted_reads_as_a_duration() {
        let now = Utc::now();
        for (secs, en, nl) in [
            (30, "just now", "zojuist"),
            (60 * 60, "for 60 minutes", "al 60 minuten"),
            (100, "for 1 minute", "al 1 minuut"),
            (3 * 3600, "for 3 hours", "al 3 uur"),
            (86400 * 2, "for 2 days", "al 2 dagen"),
        ] {
            let since = now - chrono::Duration::seconds(secs);
            assert_eq!(lasting(since, now, Lang::En), en);
            assert_eq!(lasting(since, now, Lang::Nl), nl);
        }
    }

    #[test]
    fn relative_times_say_one_in_the_singular() {
        let now = Utc::now();
        for (secs, en, nl) in [
            (-30, "just now", "zojuist"),
            (-60 * 60, "60 minutes ago", "60 minuten geleden"),
            (-100, "1 minute ago", "1 minuut geleden"),
            (-2 * 3600, "2 hours ago", "2 uur geleden"),
            (-3 * 86400, "3 days ago", "3 dagen geleden"),
            (86400 * 4, "in 4 days", "over 4 dagen"),
            (-5400, "1 hour ago", "1 uur geleden"),
        ] {
            let t = now + chrono::Duration::seconds(secs);
            assert_eq!(relative(t, now, Lang::En), en);
            assert_eq!(relative(t, now, Lang::Nl), nl);
        }
    }
}
