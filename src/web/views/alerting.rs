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
        select name="hours" aria-label=(l.pick("For how long", "Hoe lang")) {
            option value="1" { (l.pick("1 hour", "1 uur")) }
            option value="4" selected { (l.pick("4 hours", "4 uur")) }
            option value="24" { (l.pick("1 day", "1 dag")) }
            option value="168" { (l.pick("1 week", "1 week")) }
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
        h2 { (l.pick("Alerts", "Meldingen")) }
        ul class="plain" {
            li { (l.pick("Last alert: ", "Laatste melding: ")) @match st.last_alert_at { Some(t) => (ctx.clock().datetime(t)), None => span class="muted" { (l.pick("none", "geen")) } } }
            @if let (Some(at), Some(by)) = (st.acked_at, &st.acked_by) { li { (l.pick("Acknowledged by ", "Bevestigd door ")) (by) " · " (ctx.clock().datetime(at)) (l.pick(" — no reminders until the status changes", " — geen herinneringen tot de status verandert")) } }
            @if let Some(u) = silenced { li { strong { (l.pick("Silenced until ", "Gedempt tot ")) (ctx.clock().datetime(u)) } @if let Some(r) = &st.silence_reason { " — " (r) } } }
            @if let Some(u) = st.tenant_silenced_until.filter(|u| *u > now) { li { (l.pick("The tenant is in maintenance until ", "De tenant is in onderhoud tot ")) (ctx.clock().datetime(u)) } }
        }
        @if ctx.can(Role::Operator) {
            div class="actions" {
                @if matches!(status, Some(Severity::Critical | Severity::Warning | Severity::Unknown)) && st.acked_at.is_none() {
                    form method="post" action="/alerts/ack" class="inline" {
                        (csrf(ctx)) input type="hidden" name="key" value=(key); input type="hidden" name="back" value=(back);
                        button type="submit" { (l.pick("Acknowledge", "Bevestigen")) }
                    }
                }
                @if silenced.is_some() {
                    form method="post" action="/alerts/silence" class="inline" {
                        (csrf(ctx)) input type="hidden" name="key" value=(key); input type="hidden" name="back" value=(back); input type="hidden" name="hours" value="0";
                        button type="submit" { (l.pick("End the silence", "Stilte beëindigen")) }
                    }
                } @else {
                    form method="post" action="/alerts/silence" class="silence" {
                        (csrf(ctx)) input type="hidden" name="key" value=(key); input type="hidden" name="back" value=(back);
                        (until_select(ctx))
                        input type="text" name="reason" required placeholder=(l.pick("reason", "reden")) aria-label=(l.pick("Reason", "Reden"));
                        button type="submit" { (l.pick("Silence", "Dempen")) }
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
        h2 { (l.pick("Maintenance window", "Onderhoudsvenster")) }
        @match active {
            Some(u) => p { strong { (l.pick("No alerts for this tenant until ", "Geen meldingen voor deze tenant tot ")) (ctx.clock().datetime(u)) } @if let Some(r) = &st.silence_reason { " — " (r) } },
            None => p class="muted" { (l.pick("None: alerts go out as usual.", "Geen: meldingen gaan zoals gewoonlijk.")) },
        }
        @if ctx.can(Role::Operator) {
            form method="post" action="/alerts/silence" class="silence" {
                (csrf(ctx)) input type="hidden" name="key" value=(tenant_key); input type="hidden" name="back" value=(back);
                @if active.is_some() { input type="hidden" name="hours" value="0"; button type="submit" { (l.pick("End the maintenance window", "Onderhoudsvenster beëindigen")) } }
                @else { (until_select(ctx)) input type="text" name="reason" required placeholder=(l.pick("reason", "reden")) aria-label=(l.pick("Reason", "Reden")); button type="submit" { (l.pick("Start maintenance", "Onderhoud starten")) } }
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
        h2 id="heartbeat" { (l.pick("Heartbeat", "Hartslag")) }
        @match &hb.shown {
            None => p class="muted" {
                (l.pick(
                    "Not set: if linkwatch itself stops, nobody is told. Set [alerts] heartbeat_url to a Healthchecks.io or Uptime Kuma push URL; linkwatch calls it after every check cycle, and {url}/fail when a cycle could not run.",
                    "Niet ingesteld: als linkwatch zelf stopt, hoort niemand het. Zet [alerts] heartbeat_url op een push-URL van Healthchecks.io of Uptime Kuma; linkwatch roept die aan na elke controleronde, en {url}/fail als een ronde niet kon draaien."
                ))
            },
            Some(shown) => {
                p { (l.pick("After every check cycle linkwatch calls ", "Na elke controleronde roept linkwatch ")) code { (shown) } (l.pick(" (and …/fail when a cycle could not run).", " aan (en …/fail als een ronde niet kon draaien).")) }
                @match &hb.last {
                    None => p class="muted" { (l.pick("No ping sent yet: the first goes out after the next cycle.", "Nog geen ping verstuurd: de eerste gaat na de volgende ronde.")) },
                    Some(p) => p {
                        (l.pick("Last ping: ", "Laatste ping: ")) (ctx.clock().datetime(p.at)) " — "
                        @if p.cycle_ok { (l.pick("cycle ok", "ronde in orde")) } @else { strong class="expired" { (l.pick("reported as failed", "gemeld als mislukt")) } @if let Some(why) = &p.cycle_problem { " (" (why) ")" } }
                        "; "
                        @match &p.error {
                            None => (l.pick("the monitor accepted it.", "de monitor heeft hem ontvangen.")),
                            Some(e) => strong class="expired" { (l.pick("the ping failed: ", "de ping is mislukt: ")) (e) },
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
        [] => l.pick("never", "nooit").into(),
        ["0", m, h, "*", "*", "*"] if m.parse::<u8>().is_ok() && h.parse::<u8>().is_ok() => {
            format!("{} {h:0>2}:{m:0>2}", l.pick("every day at", "elke dag om"))
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
        h2 id="open" { (l.pick("Open incidents", "Open incidenten")) " (" (st.incidents.len()) ")" }
        @if st.incidents.is_empty() { p class="empty" { (l.pick("Nothing is broken.", "Er is niets kapot.")) } }
        @else {
            ol class="incidents" { @for i in st.incidents.iter().take(10) { (super::overview::incident_card(i, st.now, l, clock)) } }
            @if st.incidents.len() > 10 { p { a href="/#incidents" { (l.pick("All of them on the overview", "Allemaal op het overzicht")) } } }
        }
        h2 id="quiet" { (l.pick("Acknowledged and silenced", "Bevestigd en gedempt")) }
        @if targets.is_empty() { p class="empty" { (l.pick("Nothing is acknowledged or silenced: every problem alerts as usual.", "Niets is bevestigd of gedempt: elk probleem wordt gemeld zoals gewoonlijk.")) } }
        @else {
            table class="cards" {
                thead { tr { th { (l.pick("App or mailbox", "App of mailbox")) } th { (l.pick("State", "Stand")) } } }
                tbody { @for a in &targets { tr {
                    td { @match name(&a.target_key) { Some((n, url)) => a href=(url) { (n) }, None => (a.target_key) } }
                    td {
                        @if let Some((by, at)) = &a.acked { (l.pick("Acknowledged by ", "Bevestigd door ")) (by) " · " (clock.datetime(*at)) (l.pick(" — no reminders until the status changes", " — geen herinneringen tot de status verandert")) br; }
                        @if let Some((until, why, by)) = &a.silenced { strong { (l.pick("Silenced until ", "Gedempt tot ")) (clock.datetime(*until)) } @if let Some(by) = by { " " (l.pick("by ", "door ")) (by) } @if !why.is_empty() { " — " (why) } }
                    }
                } } }
            }
        }
        h2 id="maintenance" { (l.pick("Maintenance windows", "Onderhoudsvensters")) }
        @if windows.is_empty() { p class="empty" { (l.pick("No tenant is in maintenance. Start a window on a tenant's page: its alerts wait until it ends.", "Geen tenant is in onderhoud. Start een venster op de pagina van een tenant: de meldingen wachten tot het eindigt.")) } }
        @else {
            ul { @for a in &windows { @if let Some((until, why, by)) = &a.silenced { li {
                @match name(&a.target_key) { Some((n, url)) => a href=(url) { (n) }, None => (a.target_key) }
                ": " (l.pick("no alerts until ", "geen meldingen tot ")) (clock.datetime(*until))
                @if let Some(by) = by { " (" (l.pick("by ", "door ")) (by) ")" }
                @if !why.is_empty() { " — " (why) }
            } } } }
        }
        h2 id="settings" { (l.pick("When alerts go out", "Wanneer meldingen worden verstuurd")) }
        dl class="facts" {
            dt { (l.pick("Problems", "Problemen")) } dd { (l.pick("once when a target turns warning or critical, and once when it works again", "één keer als een doel waarschuwing of kritiek wordt, en één keer als het weer werkt")) }
            dt { (l.pick("Expiry", "Vervaldatum")) } dd { (l.pick("once at each of ", "één keer bij elk van ")) (p.thresholds_days.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")) (l.pick(" days before", " dagen ervoor")) }
            dt { (l.pick("Reminders", "Herinneringen")) } dd {
                @if p.remind_every_secs == 0 { (l.pick("none", "geen")) }
                @else { (l.pick("every ", "elke ")) (p.remind_every_secs / 3600) (l.pick(" hours while critical and not acknowledged", " uur zolang kritiek en niet bevestigd")) }
            }
            dt { (l.pick("Checks that could not run", "Controles die niet konden draaien")) } dd { (l.pick("after ", "na ")) (p.probe_failed_after) (l.pick(" failures in a row", " mislukte pogingen op rij")) }
            dt { (l.pick("Daily digest (email)", "Dagelijks overzicht (e-mail)")) } dd { (daily_at(st.digest, l)) }
        }
        p class="hint" { (l.pick("Set under [alerts] in linkwatch.toml.", "In te stellen onder [alerts] in linkwatch.toml.")) }
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
        h1 { (l.pick("Alerts", "Meldingen")) }
        @if let Some(n) = notice { p class="notice" role="status" { (n) } }
        (state_sections(ctx, state))
        (heartbeat_section(ctx, &state.heartbeat))
        p { (l.pick("Waiting: ", "Wachtend: ")) strong { (stats.pending) } " · " (l.pick("sent: ", "verzonden: ")) (stats.sent) " · " (l.pick("given up (dead letters): ", "opgegeven: ")) strong class=(if stats.dead > 0 { "expired" } else { "" }) { (stats.dead) } }
        @if stats.dead > 0 && ctx.can(Role::Operator) {
            form method="post" action="/alerts/requeue" class="inline" {
                (csrf(ctx))
                button type="submit" { (l.pick("Send the dead letters again", "Opgegeven berichten opnieuw versturen")) }
                " " span class="hint" { (l.pick("Once the channel's cause is fixed (see the errors below). Receivers that already got one see the same message id.", "Zodra de oorzaak bij het kanaal is verholpen (zie de fouten hieronder). Ontvangers die er een al kregen zien hetzelfde bericht-ID.")) }
            }
        }
        h2 { (l.pick("Channels", "Kanalen")) }
        @if ctx.can(Role::Admin) { p { a href="/alerts/channels/new" { "+ " (l.pick("Add a channel", "Kanaal toevoegen")) } } }
        @if channels.is_empty() { p class="muted" { (l.pick("No channels: add one here, or [[alerts.channels]] to the config file.", "Geen kanalen: voeg er hier een toe, of [[alerts.channels]] aan het configuratiebestand.")) } }
        @else {
            table { thead { tr { th { (l.pick("Name", "Naam")) } th { (l.pick("Kind", "Soort")) } th { (l.pick("Language", "Taal")) } th { (l.pick("Scope", "Bereik")) } th {} } }
                tbody { @for c in channels { tr {
                    td {
                        (c.name)
                        @match managed.iter().find(|(_, n)| *n == c.name) {
                            Some((id, _)) => { @if ctx.can(Role::Admin) { " " a href=(format!("/alerts/channels/{id}")) { (l.pick("Edit", "Wijzigen")) } } },
                            None => { " " span class="tag" { (l.pick("config file", "configuratiebestand")) } },
                        }
                    }
                    td { (match &c.kind { ChannelKind::Email(s) => format!("email → {}", s.to.join(", ")), ChannelKind::Webhook { .. } => "webhook".into(), ChannelKind::Slack { .. } => "slack".into(), ChannelKind::Teams { .. } => "teams".into() }) }
                    td { (c.language.code()) }
                    td { @match (&c.tenants, &c.apps) { (None, None) => (l.pick("everything", "alles")), (t, a) => { (t.as_ref().map(|t| t.join(", ")).unwrap_or_default()) " " (a.as_ref().map(|a| a.join(", ")).unwrap_or_default()) } } }
                    td { @if ctx.can(Role::Operator) { form method="post" action="/alerts/test" class="inline" { (csrf(ctx)) input type="hidden" name="channel" value=(c.name); button type="submit" { (l.pick("Send a test message", "Testbericht sturen")) } } } }
                } } }
            }
        }
        h2 { (l.pick("Recent messages", "Recente berichten")) }
        table { thead { tr { th { (l.pick("Channel", "Kanaal")) } th { (l.pick("About", "Over")) } th { (l.pick("State", "Status")) } th { (l.pick("Attempts", "Pogingen")) } th { (l.pick("Last error", "Laatste fout")) } } }
            tbody { @for m in messages { tr {
                td { (m.channel) }
                td { (summary(&m.alert)) }
                td { span class=(format!("badge {}", match m.state.as_str() { "sent" => "ok", "dead" => "critical", _ => "pending" })) { (m.state) } }
                td { (m.attempts) }
                td class="detail" { (m.last_error.clone().unwrap_or_default()) }
            } } }
        }
    };
    page(ctx, l.pick("Alerts", "Meldingen"), body)
}

fn summary(alert_json: &str) -> String {
    serde_json::from_str::<crate::alerts::rules::Alert>(alert_json)
        .map(|a| format!("{:?}: {}", a.event, a.name).to_lowercase())
        .unwrap_or_else(|_| "?".into())
}
