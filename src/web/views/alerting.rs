//! Alert pieces of the pages: a target's alert state with acknowledge and silence, a tenant's
//! maintenance window, and the alerts page (channels, outbox, dead letters, test messages).

use super::layout::{csrf, page};
use crate::accounts::Role;
use crate::alerts::{Channel, ChannelKind};
use crate::model::{AlertState, Severity};
use crate::store::{OutboxMessage, OutboxStats};
use crate::web::auth::Ctx;
use chrono::{DateTime, Utc};
use maud::{html, Markup};
use std::collections::HashMap;

fn until_select(ctx: &Ctx) -> Markup {
    let l = ctx.lang;
    html! {
        select name="hours" aria-label=(l.t("for-how-long")) {
            option value="1" { (l.t("t-1-hour")) }
            option value="4" selected { (l.t("t-4-hours")) }
            option value="24" { (l.t("t-1-day")) }
            option value="168" { (l.t("t-1-week")) }
        }
    }
}

/// A target's alert state and the operator's actions on it.
pub fn target_alerts(
    ctx: &Ctx,
    key: &str,
    back: &str,
    status: Option<Severity>,
    st: &AlertState,
    now: DateTime<Utc>,
) -> Markup {
    let l = ctx.lang;
    let silenced = st.silenced_until.filter(|u| *u > now);
    html! {
        h2 { (l.t("alerts")) }
        ul class="plain" {
            li { (l.t("last-alert")) @match st.last_alert_at { Some(t) => (ctx.clock().datetime(t)), None => span class="muted" { (l.t("none")) } } }
            @if let (Some(at), Some(by)) = (st.acked_at, &st.acked_by) { li { (l.t("acknowledged-by")) (by) " · " (ctx.clock().datetime(at)) (l.t("no-reminders-until-the-status-changes")) } }
            @if let Some(u) = silenced { li { strong { (l.t("silenced-until")) (ctx.clock().datetime(u)) } @if let Some(r) = &st.silence_reason { " — " (r) } } }
            @if let Some(u) = st.tenant_silenced_until.filter(|u| *u > now) { li { (l.t("the-tenant-is-in-maintenance-until")) (ctx.clock().datetime(u)) } }
        }
        @if ctx.can(Role::Operator) {
            div class="actions" {
                @if matches!(status, Some(Severity::Critical | Severity::Warning | Severity::Unknown)) && st.acked_at.is_none() {
                    form method="post" action="/alerts/ack" class="inline" {
                        (csrf(ctx)) input type="hidden" name="key" value=(key); input type="hidden" name="back" value=(back);
                        button type="submit" { (l.t("acknowledge")) }
                    }
                }
                @if silenced.is_some() {
                    form method="post" action="/alerts/silence" class="inline" {
                        (csrf(ctx)) input type="hidden" name="key" value=(key); input type="hidden" name="back" value=(back); input type="hidden" name="hours" value="0";
                        button type="submit" { (l.t("end-the-silence")) }
                    }
                } @else {
                    form method="post" action="/alerts/silence" class="silence" {
                        (csrf(ctx)) input type="hidden" name="key" value=(key); input type="hidden" name="back" value=(back);
                        (until_select(ctx))
                        input type="text" name="reason" required placeholder=(l.t("reason")) aria-label=(l.t("reason-2"));
                        button type="submit" { (l.t("silence")) }
                    }
                }
            }
        }
    }
}

/// A tenant's maintenance window form.
pub fn maintenance(
    ctx: &Ctx,
    tenant_key: &str,
    back: &str,
    st: &AlertState,
    now: DateTime<Utc>,
) -> Markup {
    let l = ctx.lang;
    let active = st.silenced_until.filter(|u| *u > now);
    html! {
        h2 { (l.t("maintenance-window")) }
        @match active {
            Some(u) => p { strong { (l.t("no-alerts-for-this-tenant-until")) (ctx.clock().datetime(u)) } @if let Some(r) = &st.silence_reason { " — " (r) } },
            None => p class="muted" { (l.t("none-alerts-go-out-as-usual")) },
        }
        @if ctx.can(Role::Operator) {
            form method="post" action="/alerts/silence" class="silence" {
                (csrf(ctx)) input type="hidden" name="key" value=(tenant_key); input type="hidden" name="back" value=(back);
                @if active.is_some() { input type="hidden" name="hours" value="0"; button type="submit" { (l.t("end-the-maintenance-window")) } }
                @else { (until_select(ctx)) input type="text" name="reason" required placeholder=(l.t("reason")) aria-label=(l.t("reason-2")); button type="submit" { (l.t("start-maintenance")) } }
            }
        }
    }
}

/// The heartbeat, as the Alerts page shows it.
pub struct HeartbeatView {
    /// The URL's scheme and host (its path is a secret); `None`: not configured.
    pub shown: Option<String>,
    /// The last ping.
    pub last: Option<crate::alerts::heartbeat::LastPing>,
}

fn heartbeat_section(ctx: &Ctx, hb: &HeartbeatView) -> Markup {
    let l = ctx.lang;
    html! {
        h2 id="heartbeat" { (l.t("heartbeat")) }
        @match &hb.shown {
            None => p class="muted" {
                (l.t("not-set-if-linkwatch-itself-stops"))
            },
            Some(shown) => {
                p { (l.t("after-every-check-cycle-linkwatch-calls")) code { (shown) } (l.t("and-fail-when-a-cycle-could")) }
                @match &hb.last {
                    None => p class="muted" { (l.t("no-ping-sent-yet-the-first")) },
                    Some(p) => p {
                        (l.t("last-ping")) (ctx.clock().datetime(p.at)) " — "
                        @if p.cycle_ok { (l.t("cycle-ok")) } @else { strong class="expired" { (l.t("reported-as-failed")) } @if let Some(why) = &p.cycle_problem { " (" (why) ")" } }
                        "; "
                        @match &p.error {
                            None => (l.t("the-monitor-accepted-it")),
                            Some(e) => strong class="expired" { (l.t("the-ping-failed")) (e) },
                        }
                    },
                }
            },
        }
    }
}

/// What the Alerts page shows above its channels: what is open, who is on it, what is
/// quiet and why, and the settings that decide when alerts go out.
pub struct AlertsState<'a> {
    /// Open incidents, worst and widest first.
    pub incidents: &'a [crate::incidents::Incident],
    /// Acknowledgements, silences and maintenance windows.
    pub attention: &'a [crate::store::Attention],
    /// Target key → name and page; tenant key → tenant name and page.
    pub names: &'a HashMap<String, (String, String)>,
    /// `[alerts]` as in force.
    pub policy: &'a crate::alerts::AlertPolicy,
    /// `[alerts] digest`.
    pub digest: &'a str,
    /// Now.
    pub now: chrono::DateTime<chrono::Utc>,
    /// The heartbeat.
    pub heartbeat: HeartbeatView,
}

/// "at 08:00" for a daily cron such as `0 0 8 * * *`; else the expression itself.
fn daily_at(cron: &str, l: crate::explain::Lang) -> String {
    let f: Vec<&str> = cron.split_whitespace().collect();
    match f.as_slice() {
        [] => l.t("never").into(),
        ["0", m, h, "*", "*", "*"] if m.parse::<u8>().is_ok() && h.parse::<u8>().is_ok() => {
            format!("{} {h:0>2}:{m:0>2}", l.t("every-day-at"))
        }
        _ => format!("cron {cron}"),
    }
}

fn state_sections(ctx: &Ctx, st: &AlertsState<'_>) -> Markup {
    let l = ctx.lang;
    let clock = ctx.clock();
    let name = |key: &str| st.names.get(key).cloned();
    let (tenants, targets): (Vec<_>, Vec<_>) = st
        .attention
        .iter()
        .partition(|a| a.target_key.starts_with("tenant:"));
    let windows: Vec<_> = tenants.iter().filter(|a| a.silenced.is_some()).collect();
    let p = st.policy;
    html! {
        h2 id="open" { (l.t("open-incidents")) " (" (st.incidents.len()) ")" }
        @if st.incidents.is_empty() { p class="empty" { (l.t("nothing-is-broken")) } }
        @else {
            ol class="incidents" { @for i in st.incidents.iter().take(10) { (super::overview::incident_card(i, st.now, l, clock)) } }
            @if st.incidents.len() > 10 { p { a href="/#incidents" { (l.t("all-of-them-on-the-overview")) } } }
        }
        h2 id="quiet" { (l.t("acknowledged-and-silenced")) }
        @if targets.is_empty() { p class="empty" { (l.t("nothing-is-acknowledged-or-silenced-every")) } }
        @else {
            table class="cards" {
                thead { tr { th { (l.t("app-or-mailbox")) } th { (l.t("state")) } } }
                tbody { @for a in &targets { tr {
                    td { @match name(&a.target_key) { Some((n, url)) => a href=(url) { (n) }, None => (a.target_key) } }
                    td {
                        @if let Some((by, at)) = &a.acked { (l.t("acknowledged-by")) (by) " · " (clock.datetime(*at)) (l.t("no-reminders-until-the-status-changes")) br; }
                        @if let Some((until, why, by)) = &a.silenced { strong { (l.t("silenced-until")) (clock.datetime(*until)) } @if let Some(by) = by { " " (l.t("by")) (by) } @if !why.is_empty() { " — " (why) } }
                    }
                } } }
            }
        }
        h2 id="maintenance" { (l.t("maintenance-windows")) }
        @if windows.is_empty() { p class="empty" { (l.t("no-tenant-is-in-maintenance-start")) } }
        @else {
            ul { @for a in &windows { @if let Some((until, why, by)) = &a.silenced { li {
                @match name(&a.target_key) { Some((n, url)) => a href=(url) { (n) }, None => (a.target_key) }
                ": " (l.t("no-alerts-until")) (clock.datetime(*until))
                @if let Some(by) = by { " (" (l.t("by")) (by) ")" }
                @if !why.is_empty() { " — " (why) }
            } } } }
        }
        h2 id="settings" { (l.t("when-alerts-go-out")) }
        dl class="facts" {
            dt { (l.t("problems")) } dd { (l.t("once-when-a-target-turns-warning")) }
            dt { (l.t("expiry")) } dd { (l.t("once-at-each-of")) (p.thresholds_days.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")) (l.t("days-before")) }
            dt { (l.t("reminders")) } dd {
                @if p.remind_every_secs == 0 { (l.t("none")) }
                @else { (l.t("every")) (p.remind_every_secs / 3600) (l.t("hours-while-critical-and-not-acknowledged")) }
            }
            dt { (l.t("checks-that-could-not-run")) } dd { (l.t("after")) (p.probe_failed_after) (l.t("failures-in-a-row")) }
            dt { (l.t("daily-digest-email")) } dd { (daily_at(st.digest, l)) }
        }
        p class="hint" { (l.t("set-under-alerts-in-linkwatch-toml")) }
    }
}

/// The alerts page.
pub fn alerts_page(
    ctx: &Ctx,
    channels: &[Channel],
    managed: &[(i64, String)],
    stats: &OutboxStats,
    messages: &[OutboxMessage],
    notice: Option<&str>,
    state: &AlertsState<'_>,
) -> Markup {
    let l = ctx.lang;
    let body = html! {
        h1 { (l.t("alerts")) }
        @if let Some(n) = notice { p class="notice" role="status" { (n) } }
        (state_sections(ctx, state))
        (heartbeat_section(ctx, &state.heartbeat))
        p { (l.t("waiting")) strong { (stats.pending) } " · " (l.t("sent")) (stats.sent) " · " (l.t("given-up-dead-letters")) strong class=(if stats.dead > 0 { "expired" } else { "" }) { (stats.dead) } }
        @if stats.dead > 0 && ctx.can(Role::Operator) {
            form method="post" action="/alerts/requeue" class="inline" {
                (csrf(ctx))
                button type="submit" { (l.t("send-the-dead-letters-again")) }
                " " span class="hint" { (l.t("once-the-channel-s-cause-is")) }
            }
        }
        h2 { (l.t("channels")) }
        @if ctx.can(Role::Admin) { p { a href="/alerts/channels/new" { "+ " (l.t("add-a-channel")) } } }
        @if channels.is_empty() { p class="muted" { (l.t("no-channels-add-one-here-or")) } }
        @else {
            table { thead { tr { th { (l.t("name")) } th { (l.t("kind")) } th { (l.t("language")) } th { (l.t("scope")) } th {} } }
                tbody { @for c in channels { tr {
                    td {
                        (c.name)
                        @match managed.iter().find(|(_, n)| *n == c.name) {
                            Some((id, _)) => { @if ctx.can(Role::Admin) { " " a href=(format!("/alerts/channels/{id}")) { (l.t("edit")) } } },
                            None => { " " span class="tag" { (l.t("config-file")) } },
                        }
                    }
                    td { (match &c.kind { ChannelKind::Email(s) => format!("email → {}", s.to.join(", ")), ChannelKind::Webhook { .. } => "webhook".into(), ChannelKind::Slack { .. } => "slack".into(), ChannelKind::Teams { .. } => "teams".into() }) }
                    td { (c.language.code()) }
                    td { @match (&c.tenants, &c.apps) { (None, None) => (l.t("everything")), (t, a) => { (t.as_ref().map(|t| t.join(", ")).unwrap_or_default()) " " (a.as_ref().map(|a| a.join(", ")).unwrap_or_default()) } } }
                    td { @if ctx.can(Role::Operator) { form method="post" action="/alerts/test" class="inline" { (csrf(ctx)) input type="hidden" name="channel" value=(c.name); button type="submit" { (l.t("send-a-test-message")) } } } }
                } } }
            }
        }
        h2 { (l.t("recent-messages")) }
        table { thead { tr { th { (l.t("channel")) } th { (l.t("about")) } th { (l.t("state-2")) } th { (l.t("attempts")) } th { (l.t("last-error")) } } }
            tbody { @for m in messages { tr {
                td { (m.channel) }
                td { (summary(&m.alert)) }
                td { span class=(format!("badge {}", match m.state.as_str() { "sent" => "ok", "dead" => "critical", _ => "pending" })) { (m.state) } }
                td { (m.attempts) }
                td class="detail" { (m.last_error.clone().unwrap_or_default()) }
            } } }
        }
    };
    page(ctx, l.t("alerts"), body)
}

fn summary(alert_json: &str) -> String {
    serde_json::from_str::<crate::alerts::rules::Alert>(alert_json)
        .map(|a| format!("{:?}: {}", a.event, a.name).to_lowercase())
        .unwrap_or_else(|_| "?".into())
}
