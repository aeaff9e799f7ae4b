//! The login page and the history page.

use super::layout::{bare, page, status_badge};
use super::parts::pager;
use crate::explain::{self, Lang};
use crate::model::Severity;
use crate::store::{AuditEntry, Fix, FixKind, HistoryEntry};
use crate::web::auth::Ctx;
use maud::{html, Markup};
use std::collections::HashMap;

/// The login form; `error` is shown above it, `demo` hints the demo account.
pub fn login(
    lang: Lang,
    csrf: &str,
    next: &str,
    error: Option<&str>,
    demo: Option<&(String, String)>,
) -> Markup {
    let l = lang;
    bare(
        l,
        l.t("sign-in"),
        html! {
            div class="login" {
                h1 { (l.t("sign-in")) }
                @if let Some(e) = error { p class="error" role="alert" { (e) } }
                form method="post" action="/login" {
                    input type="hidden" name="_csrf" value=(csrf);
                    input type="hidden" name="next" value=(next);
                    label for="username" { (l.t("user-name")) }
                    input id="username" name="username" autocomplete="username" required autofocus;
                    label for="password" { (l.t("password")) }
                    input id="password" name="password" type="password" autocomplete="current-password" required;
                    button type="submit" { (l.t("sign-in")) }
                }
                @if let Some((u, p)) = demo {
                    p class="hint" { (l.t("demo-sign-in-as")) code { (u) } (l.t("with-password")) code { (p) } }
                } @else {
                    p class="hint" { (l.t("forgot-your-password-an-admin-resets")) code { "linkwatch user add NAME --role ROLE" } }
                }
                p { a href="/lang/en?next=/login" lang="en" { "English" } " · " a href="/lang/nl?next=/login" lang="nl" { "Nederlands" } }
            }
        },
    )
}

/// The History page's filters as the reader set them.
#[derive(Debug, Clone, Default)]
pub struct HistoryForm {
    /// Search text.
    pub q: String,
    /// `changes` or `actions`; none: both.
    pub kind: Option<String>,
    /// Status changes to this status.
    pub status: Option<Severity>,
    /// Actions by this user.
    pub user: Option<String>,
    /// First day (`YYYY-MM-DD`, the reader's zone).
    pub from: Option<String>,
    /// Last day.
    pub to: Option<String>,
    /// Sign-ins listed too.
    pub sign_ins: bool,
}

impl HistoryForm {
    /// The query string that keeps these filters (for the pager and the sign-ins link).
    pub fn query(&self, sign_ins: bool) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", Some(self.q.as_str()).filter(|q| !q.is_empty())),
            ("kind", self.kind.as_deref()),
            ("status", self.status.map(|s| s.as_str())),
            ("user", self.user.as_deref()),
            ("from", self.from.as_deref()),
            ("to", self.to.as_deref()),
            ("signins", sign_ins.then_some("1")),
        ] {
            if let Some(v) = v {
                q.append_pair(k, v);
            }
        }
        q.finish()
    }
}

/// What the History page lists.
pub struct HistoryLists<'a> {
    /// Status changes.
    pub changes: &'a [HistoryEntry],
    /// Target key → name and page, for the targets that still exist.
    pub links: &'a HashMap<String, (String, String)>,
    /// (target key, time) of a recovery → the fix made in linkwatch before it.
    pub causes: &'a HashMap<(String, i64), Fix>,
    /// Actions.
    pub audit: &'a [AuditEntry],
    /// Audit target → name and page.
    pub names: &'a HashMap<String, (String, String)>,
    /// Sign-ins not listed.
    pub folded: i64,
}

/// A target that no longer exists, by what its key says: the address or the client id.
fn gone(key: &str) -> String {
    match crate::key::TargetKey::parse(key) {
        Some(crate::key::TargetKey::Mailbox { address, .. }) => address,
        Some(crate::key::TargetKey::App { client, .. }) => client,
        Some(crate::key::TargetKey::Tenant(t)) => t,
        None => key.to_string(),
    }
}

/// The history page: status changes and the audit log, filtered.
pub fn history(
    ctx: &Ctx,
    lists: HistoryLists<'_>,
    form: &HistoryForm,
    actors: &[String],
    (page_no, per_page, total_hint): (usize, usize, u64),
) -> Markup {
    let l = ctx.lang;
    let clock = ctx.clock();
    let query = form.query(form.sign_ins);
    let base = if query.is_empty() {
        "/history".to_string()
    } else {
        format!("/history?{query}")
    };
    let kind = form.kind.as_deref();
    let filtered = !query.is_empty();
    let body = html! {
        h1 { (l.t("history")) }
        form method="get" action="/history" class="filters" role="search" {
            label for="history-q" { (l.t("find")) input id="history-q" name="q" type="search" value=(form.q) placeholder=(l.t("mailbox-app-user-or-action")); }
            label for="history-kind" { (l.t("show"))
                select id="history-kind" name="kind" {
                    option value="" selected[kind.is_none()] { (l.t("everything-2")) }
                    option value="changes" selected[kind == Some("changes")] { (l.t("status-changes")) }
                    option value="actions" selected[kind == Some("actions")] { (l.t("actions")) }
                }
            }
            label for="history-status" { (l.t("status"))
                select id="history-status" name="status" {
                    option value="" selected[form.status.is_none()] { (l.t("any")) }
                    @for s in [Severity::Critical, Severity::Warning, Severity::Unknown, Severity::Ok] {
                        option value=(s.as_str()) selected[form.status == Some(s)] { (super::layout::status_word(Some(s), l)) }
                    }
                }
            }
            label for="history-user" { (l.t("user"))
                select id="history-user" name="user" {
                    option value="" selected[form.user.is_none()] { (l.t("anyone")) }
                    @for a in actors { option value=(a) selected[form.user.as_deref() == Some(a.as_str())] { (a) } }
                }
            }
            label for="history-from" { (l.t("from-2")) input id="history-from" name="from" type="date" value=[form.from.as_deref()]; }
            label for="history-to" { (l.t("to-2")) input id="history-to" name="to" type="date" value=[form.to.as_deref()]; }
            @if form.sign_ins { input type="hidden" name="signins" value="1"; }
            button type="submit" { (l.t("filter")) }
            @if filtered { a href="/history" { (l.t("clear")) } }
        }
        @if kind != Some("actions") {
            h2 { (l.t("status-changes")) }
            @if lists.changes.is_empty() { p class="empty" { (l.t("none-with-these-filters")) } }
            @else {
            table class="cards" {
                thead { tr { th { (l.t("when")) } th { (l.t("app-or-mailbox")) } th { (l.t("change")) } th { (l.t("problems")) } } }
                tbody {
                    @for e in lists.changes { tr {
                        td { time datetime=(e.changed_at.to_rfc3339()) { (clock.datetime(e.changed_at)) } }
                        td {
                            @match lists.links.get(&e.target_key) {
                                Some((name, url)) => { a href=(url) { (name) } },
                                None => { (gone(&e.target_key)) " " span class="muted" { (l.t("no-longer-watched")) } },
                            }
                        }
                        td {
                            @if let Some(p) = e.previous_status { (status_badge(Some(p), l)) " → " } (status_badge(Some(e.status), l))
                            @if let Some(f) = lists.causes.get(&(e.target_key.clone(), e.changed_at.timestamp())) {
                                br; span class="muted small" { (fixed_by(f, l)) " " (clock.datetime(f.fixed_at)) }
                            }
                        }
                        td { @for f in &e.findings { (explain::finding(f.code, l).title) " " span class="muted small" { "(" (f.code.as_str()) ")" } br; } }
                    } }
                }
            }
            }
        }
        @if kind != Some("changes") {
            h2 { (l.t("actions-audit-log")) }
            @if lists.folded > 0 {
                p class="hint" {
                    (l.count("n-sign-ins-not-listed", lists.folded))
                    " " a href=(format!("/history?{}", form.query(true))) { (l.t("show-sign-ins-too")) }
                }
            }
            @if lists.audit.is_empty() { p class="empty" { (l.t("none-with-these-filters")) } }
            @else {
            table class="cards" {
                thead { tr { th { (l.t("when")) } th { (l.t("who")) } th { (l.t("what")) } th { (l.t("on")) } } }
                tbody {
                    @for a in lists.audit { tr {
                        td { time datetime=(a.at.to_rfc3339()) { (clock.datetime(a.at)) } }
                        td { (a.actor) }
                        td {
                            @match explain::action(&a.action, l) {
                                Some(words) => { (words) " " span class="muted small" { "(" (a.action) ")" } },
                                None => { code { (a.action) } },
                            }
                            @if let Some(d) = &a.detail { br; span class="muted" { (d) } }
                        }
                        td {
                            @if let Some(t) = &a.target {
                                // A row id (`mailbox:7`, `app:2`) reads as the name, with a link.
                                @match lists.names.get(t) {
                                    Some((name, url)) => a href=(url) { (name) },
                                    None => (t),
                                }
                            }
                        }
                    } }
                }
            }
            }
        }
        (pager(&base, page_no, per_page, total_hint, l))
    };
    page(ctx, l.t("history"), body)
}

/// "after alice re-linked it" for a recovery.
fn fixed_by(f: &Fix, l: Lang) -> String {
    let key = match f.kind {
        FixKind::Relink => "fixed-by-relink",
        FixKind::Rotate => "fixed-by-rotate",
    };
    l.with(key, &[("who", &f.fixed_by)])
}
