//! Pieces shared by several pages: a finding with its explanation and fix steps, the expiry
//! timeline (server-side SVG), the days-left bar, and pagination.

use crate::explain::{self, Lang};
use crate::model::{Finding, FindingCode, Severity};
use crate::store::CredentialView;
use chrono::{DateTime, Utc};
use maud::{html, Markup, PreEscaped};

/// A finding: what it means, what was seen, and the steps that fix it.
/// The app registration a mailbox's finding may be caused by: its name and its page.
pub type Cause<'a> = Option<(&'a str, String)>;

pub fn finding_card(
    f: &Finding,
    l: Lang,
    clock: super::clock::Clock,
    client_id: &str,
    user_id: Option<&str>,
    cause: Cause<'_>,
    guides: Guides,
) -> Markup {
    let e = explain::finding(f.code, l);
    html! {
        article class=(format!("finding {}", f.severity.as_str())) {
            h3 { (e.title) " " code class="code" { (f.code.as_str()) } }
            p { (e.meaning) }
            @if let Some(c) = &f.caused_by {
                p class="cause" {
                    (l.t("caused-by-the-app-registration-s"))
                    @match &cause {
                        // The app's name and page, not its internal key.
                        Some((name, path)) => { " (" a href=(path) { (name) } ")." },
                        None => { " (" code { (c) } ")." },
                    }
                }
            }
            @if !f.scopes.is_empty() {
                p { strong { (l.t("missing")) } @for s in &f.scopes { code { (s) } " " } }
            }
            @if let Some(at) = f.expires_at { p { strong { (l.t("expiry-2")) } (clock.datetime(at)) } }
            h4 { (l.t("how-to-fix")) }
            @match guides.follows {
                Some(first) => p class="cause" { (l.t("this-follows-from")) strong { (explain::finding(first, l).title) } (l.t("fixing-that-fixes-this-too")) },
                None => ol { @for s in &e.steps { li { (s) } } },
            }
            // The guides that carry the steps out: the rotation wizard for a secret, the runbook.
            p class="actions" {
                @if guides.rotate && matches!(f.code, FindingCode::SecretExpired | FindingCode::SecretExpiring | FindingCode::SecretInvalid) && f.caused_by.is_none() {
                    a class="button" href=(crate::key::paths::app_sub(guides.app_id, "rotate")) { (l.t("rotate-the-secret")) }
                }
                a href=(crate::key::paths::app_sub(guides.app_id, "runbook")) { (l.t("open-the-runbook")) }
            }
            @if let Some(blade) = e.portal {
                p { a class="portal" href=(explain::portal_url(blade, client_id, user_id)) rel="noopener noreferrer" target="_blank" { (if blade == explain::Blade::User { l.t("open-in-entra") } else { l.t("open-in-the-azure-portal") }) " ↗" } }
            }
            // What Microsoft answered, word for word: below the fix, folded.
            details class="detail" {
                summary { (l.t("what-was-seen")) @if let Some(code) = f.aadsts { " (AADSTS" (code) ")" } }
                p {
                    (said(&f.message, l))
                    @if let Some(code) = f.aadsts {
                        " " span class="aadsts" { "AADSTS" (code) }
                        @if let Some(text) = explain::aadsts(code, l) { " — " (text) }
                    }
                }
            }
        }
    }
}

/// Where a finding's guides are: its app registration, and whether the reader may rotate.
#[derive(Debug, Clone, Copy)]
pub struct Guides {
    /// The app registration's row id.
    pub app_id: i64,
    /// The reader may use the rotation wizard (admins).
    pub rotate: bool,
    /// Another finding of the same target this one follows from (the mailbox read refused
    /// because the link was made with the wrong account): its fix is that one's.
    pub follows: Option<FindingCode>,
}

/// Days from `now` to `end`, rounded down; negative when past.
pub fn days_left(end: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (end - now).num_days()
}

fn expiry_class(days: i64) -> &'static str {
    match days {
        d if d < 0 => "expired",
        d if d <= 7 => "critical",
        d if d <= 30 => "warning",
        _ => "ok",
    }
}

/// A bar whose length is the days left out of a year, with the number beside it.
pub fn days_bar(end: Option<DateTime<Utc>>, now: DateTime<Utc>, l: Lang) -> Markup {
    let Some(end) = end else {
        return html! { span class="muted" { "—" } };
    };
    let d = days_left(end, now);
    let pct = (d.clamp(0, 365) as f64 / 365.0 * 100.0).round();
    // An SVG, not a styled span: the Content-Security-Policy allows no inline styles.
    let bar = format!(
        "<svg class=\"daysbar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\"><rect width=\"100\" height=\"10\" rx=\"5\" class=\"track\"/><rect width=\"{pct}\" height=\"10\" rx=\"5\" class=\"bar {}\"/></svg>",
        expiry_class(d)
    );
    html! {
        (PreEscaped(bar))
        " "
        @if d < 0 { strong class="expired" { (l.count("n-expired-days-ago", -d)) } }
        @else { (l.count("n-days-left", d)) }
    }
}

/// The next 90 days of expiries as an SVG timeline, with a table of the same for screen readers.
pub fn timeline(
    items: &[(i64, String, String, CredentialView)],
    now: DateTime<Utc>,
    l: Lang,
    clock: super::clock::Clock,
) -> Markup {
    const W: f64 = 760.0;
    const X0: f64 = 30.0;
    const SPAN: f64 = 700.0;
    let x = |days: f64| X0 + days.clamp(0.0, 90.0) / 90.0 * SPAN;
    let height = 60 + 16 * items.len().min(12);
    let mut svg = String::new();
    svg.push_str(&format!("<svg class=\"timeline\" viewBox=\"0 0 {W} {height}\" role=\"img\" aria-labelledby=\"tl-title\"><title id=\"tl-title\">{}</title>", l.t("expiries-in-the-next-90-days")));
    svg.push_str(&format!(
        "<line x1=\"{X0}\" y1=\"30\" x2=\"{}\" y2=\"30\" class=\"axis\"/>",
        X0 + SPAN
    ));
    for d in [0, 7, 14, 30, 60, 90] {
        let xd = x(d as f64);
        svg.push_str(&format!("<line x1=\"{xd}\" y1=\"25\" x2=\"{xd}\" y2=\"35\" class=\"tick\"/><text x=\"{xd}\" y=\"18\" class=\"ticklabel\">{}</text>", if d == 0 { l.t("today").to_string() } else { format!("{d}d") }));
    }
    for (i, (_, app, _, c)) in items.iter().take(12).enumerate() {
        let end = c.end.unwrap_or(now);
        let d = days_left(end, now);
        let xd = x(d as f64);
        let y = 52.0 + 16.0 * i as f64;
        let label = format!(
            "{app}: {} {}",
            c.kind,
            c.name
                .clone()
                .or_else(|| c.hint.clone())
                .unwrap_or_default()
        );
        svg.push_str(&format!(
            "<line x1=\"{xd}\" y1=\"30\" x2=\"{xd}\" y2=\"{y}\" class=\"stem\"/><circle cx=\"{xd}\" cy=\"{y}\" r=\"5\" class=\"dot {}\"><title>{} — {}</title></circle><text x=\"{}\" y=\"{}\" class=\"dotlabel\">{}</text>",
            expiry_class(d),
            esc(&label),
            clock.datetime(end),
            (xd + 9.0).min(W - 200.0),
            y + 4.0,
            esc(&label)
        ));
    }
    svg.push_str("</svg>");
    html! {
        figure {
            (PreEscaped(svg))
            figcaption { (l.t("secrets-and-certificates-that-expire-within")) }
        }
        table class="compact" {
            caption class="sr-only" { (l.t("expiries")) }
            thead { tr { th { (l.t("app-registration")) } th { (l.t("credential")) } th { (l.t("expires")) } } }
            tbody {
                @for (id, app, tenant, c) in items {
                    tr {
                        td { a href=(crate::key::paths::app(*id)) { (app) } " " span class="muted" { (tenant) } }
                        td { (c.kind) " " (c.name.clone().unwrap_or_default()) @if let Some(h) = &c.hint { " (" code { (h) "…" } ")" } @if c.in_use { " " span class="tag" { (l.t("in-use")) } } }
                        td { (days_bar(c.end, now, l)) }
                    }
                }
            }
        }
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Previous/next links for a paged list.
pub fn pager(base: &str, page: usize, per_page: usize, total: u64, l: Lang) -> Markup {
    let pages = (total as usize).div_ceil(per_page).max(1);
    let sep = if base.contains('?') { '&' } else { '?' };
    html! {
        nav class="pager" aria-label=(l.t("pages")) {
            @if page > 1 { a rel="prev" href=(format!("{base}{sep}page={}", page - 1)) { "← " (l.t("previous")) } }
            span { (l.t("page-2")) (page) " / " (pages) " · " (total) (l.t("items")) }
            @if page < pages { a rel="next" href=(format!("{base}{sep}page={}", page + 1)) { (l.t("next-2")) " →" } }
        }
    }
}

/// A severity's rank word for sorting labels.
pub fn severity_class(s: Option<Severity>) -> &'static str {
    s.map(|s| s.as_str()).unwrap_or("pending")
}

/// A finding's message in the reader's language, Microsoft's own words marked as English.
pub fn said(message: &str, l: Lang) -> Markup {
    html! {
        @for part in crate::seen::seen(message, l) {
            @match part {
                crate::seen::Part::Text(t) => (t),
                crate::seen::Part::Microsoft(t) => span lang="en" { (t) },
            }
        }
    }
}
