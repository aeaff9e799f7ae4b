//! The overview: counts per status, every problem worst first with its one-line explanation,
//! the next expiries, the cycle times, and search and filters with pages.

use super::layout::{csrf, page, relative, status_badge, status_word};
use super::parts::{pager, timeline};
use crate::accounts::Role;
use crate::explain::{self, Lang};
use crate::incidents::{Action, Incident};
use crate::model::{FindingCode, Severity};
use crate::store::{
    CredentialView, CycleSummary, OverviewFilter, StatusCounts, TargetRow, TenantDetail,
};
use crate::web::auth::Ctx;
use chrono::{DateTime, Utc};
use maud::{html, Markup};

/// Everything the overview shows.
pub struct OverviewPage {
    /// Counts per status.
    pub counts: StatusCounts,
    /// This page's rows.
    pub rows: Vec<TargetRow>,
    /// Rows matching the filter.
    pub total: u64,
    /// Page number (from 1).
    pub page: usize,
    /// Rows per page.
    pub per_page: usize,
    /// The filter.
    pub filter: OverviewFilter,
    /// Tenants for the filter.
    pub tenants: Vec<TenantDetail>,
    /// Last full cycle: started, finished, status.
    pub last_cycle: Option<CycleSummary>,
    /// Next scheduled cycle.
    pub next_cycle: Option<DateTime<Utc>>,
    /// Expiries within 90 days.
    pub expiring: Vec<(i64, String, String, CredentialView)>,
    /// Now.
    pub now: DateTime<Utc>,
    /// The query string of the filter, for pager links.
    pub query: String,
    /// Per app registration on this page (row id): its mailboxes, and how many are broken.
    pub mailboxes: std::collections::HashMap<i64, (usize, usize)>,
    /// The first incidents (none when a filter is set).
    pub incidents: Vec<Incident>,
    /// Mail apps discovery found since the baseline, not watched or dismissed.
    pub new_apps: Vec<crate::store::NewMailApp>,
    /// No alert channel is configured: nobody is told of a problem.
    pub no_channel: bool,
    /// How many incidents there are in all.
    pub incidents_total: usize,
}

fn action_label(a: &Action, app: &str, l: Lang) -> String {
    match a {
        Action::RotateSecret { .. } => l.t("rotate-the-secret").into(),
        Action::Relink { .. } => l.t("re-link").into(),
        Action::GrantConsent { .. } => l.t("grant-consent").into(),
        Action::InTheApplication { .. } => format!("{}{app}", l.t("fix-in")),
        Action::Runbook { .. } => l.t("open-the-runbook").into(),
        Action::Open { .. } => l.t("action-see-what-to-do").into(),
    }
}

pub(crate) fn incident_card(
    i: &Incident,
    now: DateTime<Utc>,
    l: Lang,
    clock: super::clock::Clock,
) -> Markup {
    let r = &i.root;
    let href = if r.kind == "app" {
        crate::key::paths::app(r.id)
    } else {
        crate::key::paths::mailbox(r.id)
    };
    let what = explain::finding(i.cause.code, l).title;
    html! {
        li class=(format!("incident {}", i.severity.as_str())) {
            div class="incident-head" {
                (status_badge(Some(i.severity), l)) " "
                strong { (what) } " — " a href=(href) { (r.name) }
            }
            p class="incident-facts" {
                @if r.kind == "app" {
                    @match i.mailboxes {
                        Some((total, broken)) if broken > 0 => {
                            (l.args("n-mailboxes-broken", &[("broken", broken as i64), ("n", total as i64)]))
                        },
                        // The app's own problem has not broken its mailboxes (yet).
                        Some((total, _)) if total > 0 => {
                            (l.count("n-app-mailboxes-still-work", total as i64))
                        },
                        _ => { (l.t("app-registration-3")) },
                    }
                } @else {
                    (l.t("mailbox-of")) (r.app_name)
                }
                " · " (r.tenant_name)
                @if let Some(since) = r.since { " · " time datetime=(since.to_rfc3339()) title=(clock.datetime(since)) { (super::layout::lasting(since, now, l)) } }
                @if let Some(by) = &r.acked_by { " · " span class="tag" { (l.t("acknowledged-by-2")) (by) } }
                @if let Some((until, why)) = r.silenced.as_ref().filter(|(u, _)| *u > now) { " · " span class="tag" { (l.t("silenced-until-2")) (clock.datetime(*until)) @if !why.is_empty() { " (" (why) ")" } } }
            }
            @if !i.affected.is_empty() {
                p class="muted incident-affected" { (l.t("breaks")) @for (n, m) in i.affected.iter().enumerate() { @if n > 0 { ", " } a href=(crate::key::paths::mailbox(m.id)) { (m.name) } } }
            }
            a class="button primary" href=(i.action.path()) { (action_label(&i.action, &r.app_name, l)) }
        }
    }
}

/// Renders the overview.
pub fn overview(ctx: &Ctx, p: &OverviewPage) -> Markup {
    let l = ctx.lang;
    let c = &p.counts;
    let boxes = [
        (Some(Severity::Critical), c.critical),
        (Some(Severity::Unknown), c.unknown),
        (Some(Severity::Warning), c.warning),
        (Some(Severity::Ok), c.ok),
    ];
    let body = html! {
        h1 { (l.t("overview")) }
        section class="counts" aria-label=(l.t("status-counts")) {
            @for (s, n) in boxes {
                @let selected = s.is_some() && p.filter.status == s;
                a class=(format!("count {}{}", s.map(|s| s.as_str()).unwrap_or("pending"), if selected { " selected" } else { "" })) href=(if selected { "/#targets".to_string() } else { format!("/?status={}#targets", s.map(|s| s.as_str()).unwrap_or("")) }) aria-current=[selected.then_some("true")] {
                    span class="n" { (n) } span class="label" { (status_word(s, l)) }
                }
            }
            @if c.pending > 0 {
                span class="count pending" { span class="n" { (c.pending) } span class="label" { (status_word(None, l)) } }
            }
        }
        @if !p.incidents.is_empty() {
            section class="incidents" aria-labelledby="incidents-h" {
                h2 id="incidents-h" { (l.t("what-is-broken")) " " span class="muted" { "(" (p.incidents_total) ")" } }
                ol class="incidents" { @for i in &p.incidents { (incident_card(i, p.now, l, ctx.clock())) } }
                @if p.incidents_total > p.incidents.len() { p { a href="/?status=critical" { (l.t("all-problems")) } } }
            }
        }
        @if p.no_channel && ctx.can(crate::accounts::Role::Operator) {
            div class="finding warning" role="note" {
                p { strong { (l.t("nobody-will-be-told")) } " " (l.t("no-alert-channel-is-configured-so")) " " a href="/alerts" { (l.t("alerts")) } }
            }
        }
        @if !p.new_apps.is_empty() && ctx.can(crate::accounts::Role::Operator) {
            section class="new-apps" aria-labelledby="new-apps-h" {
                h2 id="new-apps-h" { (l.t("new-mail-apps-found")) }
                p class="muted" { (l.t("discovery-found-these-since-it-first")) }
                ul class="new-apps" {
                    @for a in &p.new_apps {
                        li {
                            strong { (a.name) } " · " (a.tenant_name) " · " span class="muted" { (l.t("found")) (ctx.clock().datetime(a.first_seen)) }
                            " " a class="button" href=(crate::key::paths::tenant_sub(a.tenant_ref, "discover")) { (l.t("discover")) }
                            @if ctx.can(crate::accounts::Role::Admin) {
                                form method="post" action=(crate::key::paths::tenant_sub(a.tenant_ref, "discover/dismiss")) class="inline" {
                                    (super::layout::csrf(ctx))
                                    input type="hidden" name="app" value=(a.client_id);
                                    button type="submit" class="secondary" { (l.t("leave-unwatched")) }
                                }
                            }
                        }
                    }
                }
            }
        }
        section class="cycle" {
            p {
                @match p.last_cycle {
                    Some(CycleSummary { finished, .. }) => { (l.t("last-check")) time datetime=(finished.to_rfc3339()) { (ctx.clock().datetime(finished)) } " (" (relative(finished, p.now, l)) ")" },
                    None => { (l.t("no-full-check-has-run-yet")) },
                }
                @if let Some(next) = p.next_cycle { " · " (l.t("next")) time datetime=(next.to_rfc3339()) { (ctx.clock().datetime(next)) } }
            }
            @if ctx.can(Role::Operator) {
                form method="post" action="/check" class="inline" {
                    (csrf(ctx))
                    button type="submit" { (l.t("check-everything-now")) }
                }
            }
        }
        // Expired credentials still in use are incidents (above), not "expiring".
        @let (coming, expired): (Vec<_>, Vec<_>) = p.expiring.iter().cloned().partition(|(_, _, _, c)| c.end.is_some_and(|e| e > p.now));
        @if !coming.is_empty() {
            section {
                h2 { (l.t("expiring-in-the-next-90-days")) }
                (timeline(&coming, p.now, l, ctx.clock()))
            }
        }
        @if !expired.is_empty() {
            p class="muted" {
                (l.t("expired-and-still-in-use"))
                @for (i, (id, name, _, _)) in expired.iter().enumerate() { @if i > 0 { ", " } a href=(crate::key::paths::app(*id)) { (name) } }
            }
        }
        section id="targets" {
            h2 { (l.t("everything-watched")) }
            (filter_form(ctx, p))
            @if p.rows.is_empty() {
                p class="empty" { (l.t("nothing-matches")) }
            } @else {
                table class="targets cards" {
                    thead { tr {
                        th scope="col" { (l.t("status")) }
                        th scope="col" { (l.t("app-or-mailbox")) }
                        th scope="col" { (l.t("problem")) }
                        th scope="col" class="hide-narrow" { (l.t("checked-2")) }
                    } }
                    tbody {
                        @for r in &p.rows { (row(ctx, r, p.now, p.mailboxes.get(&r.id).copied().filter(|_| r.kind == "app"))) }
                    }
                }
                (pager(&format!("/?{}", p.query), p.page, p.per_page, p.total, l))
            }
        }
    };
    page(ctx, l.t("overview"), body)
}

fn row(ctx: &Ctx, r: &TargetRow, now: DateTime<Utc>, rollup: Option<(usize, usize)>) -> Markup {
    let l = ctx.lang;
    let href = if r.kind == "app" {
        crate::key::paths::app(r.id)
    } else {
        crate::key::paths::mailbox(r.id)
    };
    let kind = if r.kind == "app" {
        l.t("app-registration")
    } else {
        l.t("mailbox")
    };
    html! {
        tr {
            td {
                (status_badge(r.status, l))
                @if r.status == Some(Severity::Unknown) {
                    @if let Some(k) = r.last_known { br; span class="muted" { (l.t("last-known")) (status_word(Some(k), l)) } }
                }
            }
            td {
                a href=(href) { (r.name) }
                br;
                span class="muted" { (kind) " · " (r.tenant_name) @if r.kind == "mailbox" { " · " (r.app_name) } }
                // An app registration rolls up its mailboxes.
                @if let Some((total, broken)) = rollup.filter(|(t, _)| *t > 0) {
                    br;
                    @if broken > 0 {
                        strong class="cause" { (l.args("n-mailboxes-broken", &[("broken", broken as i64), ("n", total as i64)])) }
                    } @else {
                        span class="muted" { (l.count("n-all-mailboxes-work", total as i64)) }
                    }
                }
            }
            td {
                @for f in r.findings.iter().take(2) {
                    div { strong { (explain::finding(f.code, l).title) } @if let Some(c) = f.aadsts { " " span class="aadsts" { "AADSTS" (c) } } }
                }
                @if r.findings.len() > 2 { div class="muted" { "+" (r.findings.len() - 2) } }
            }
            td class="hide-narrow" { @if let Some(t) = r.checked_at { time datetime=(t.to_rfc3339()) title=(ctx.clock().datetime(t)) { (relative(t, now, l)) } } }
        }
    }
}

fn filter_form(ctx: &Ctx, p: &OverviewPage) -> Markup {
    let l = ctx.lang;
    let f = &p.filter;
    html! {
        form method="get" action="/" class="filters" role="search" {
            label { (l.t("search")) input type="search" name="q" value=(f.q.clone().unwrap_or_default()) placeholder=(l.t("address-or-app")); }
            label { (l.t("tenant"))
                select name="tenant" {
                    option value="" { (l.t("all-2")) }
                    @for t in &p.tenants { option value=(t.id) selected[f.tenant == Some(t.id)] { (t.name) } }
                }
            }
            label { (l.t("status"))
                select name="status" {
                    option value="" { (l.t("all-2")) }
                    @for s in [Severity::Critical, Severity::Unknown, Severity::Warning, Severity::Ok] {
                        option value=(s.as_str()) selected[f.status == Some(s)] { (status_word(Some(s), l)) }
                    }
                }
            }
            label { (l.t("problem"))
                select name="code" {
                    option value="" { (l.t("all-2")) }
                    @for c in FindingCode::ALL {
                        option value=(c.as_str()) selected[f.code.as_deref() == Some(c.as_str())] { (explain::finding(c, l).title) }
                    }
                }
            }
            button type="submit" { (l.t("filter")) }
        }
    }
}
