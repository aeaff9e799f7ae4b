//! Which alerts a cycle's results call for. Pure: the targets' new and previous states, the
//! policy and `now` in, alerts out. Alert on state changes, once per incident:
//! - a target turning warning or critical (or changing which problems it has) alerts;
//! - `unknown` alerts only when the check failed `probe_failed_after` times in a row;
//! - back to ok after an alerted problem is a recovery;
//! - mailboxes broken by their app registration's credential fold into the app's alert.

use crate::key::TargetKey;
use crate::model::{AlertState, Finding, FindingCode, Severity, TargetChange, TargetKind};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What kind of message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// Something broke or is about to.
    Problem,
    /// It works again.
    Recovery,
    /// Still broken.
    Reminder,
    /// An expiry threshold was crossed.
    Threshold,
    /// `alert test`.
    Test,
    /// The daily list of everything still open.
    Digest,
    /// Discovery found a mail app in a tenant's directory that nobody watches.
    NewApp,
}

/// One open problem in a digest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenItem {
    /// Target name.
    pub name: String,
    /// Tenant name.
    pub tenant: String,
    /// Status.
    pub status: Severity,
    /// The first finding's code.
    pub code: Option<FindingCode>,
    /// The dashboard page.
    pub path: String,
}

/// One alert, as stored in the outbox and rendered per channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    /// Problem, recovery, …
    pub event: Event,
    /// The target's status.
    pub severity: Severity,
    /// The status before.
    pub previous: Option<Severity>,
    /// `app:…` or `mailbox:…`.
    pub target_key: String,
    /// App or mailbox.
    pub kind: TargetKind,
    /// Tenant id.
    pub tenant_id: String,
    /// Client id.
    pub client_id: String,
    /// Mailbox address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Display name.
    pub name: String,
    /// The findings.
    pub findings: Vec<Finding>,
    /// Mailboxes that fail because of this app registration.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub affected_mailboxes: Vec<String>,
    /// The dashboard page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
    /// Digest: everything still open.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub open: Vec<OpenItem>,
    /// The app registration's owners (for channels that write to them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<String>,
    /// Recoveries: how a fix made in linkwatch closed (the application's own sign-ins, or an
    /// operator's confirmation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix_closed: Option<crate::model::FixClosed>,
    /// The tenant's display name, when the message names it (new apps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_name: Option<String>,
}

/// The notice of a mail app that discovery found in a tenant and nobody watches: sent once,
/// when it first appears after the tenant's first read.
pub fn new_app(
    (tenant_id, tenant_name): (&str, &str),
    (client_id, name): (&str, &str),
    discover_path: String,
    now: DateTime<Utc>,
) -> Alert {
    Alert {
        event: Event::NewApp,
        severity: Severity::Warning,
        previous: None,
        target_key: crate::key::TargetKey::app(tenant_id, client_id).to_string(),
        kind: TargetKind::App,
        tenant_id: tenant_id.into(),
        client_id: client_id.into(),
        address: None,
        name: name.into(),
        findings: Vec::new(),
        affected_mailboxes: Vec::new(),
        path: Some(discover_path),
        at: now,
        open: Vec::new(),
        owners: Vec::new(),
        fix_closed: None,
        tenant_name: Some(tenant_name.into()),
    }
}

/// The message of `alert test`.
pub fn test_alert(now: DateTime<Utc>) -> Alert {
    Alert {
        event: Event::Test,
        severity: Severity::Ok,
        previous: None,
        target_key: "test".into(),
        kind: TargetKind::App,
        tenant_id: "-".into(),
        client_id: "-".into(),
        address: None,
        name: "linkwatch".into(),
        findings: Vec::new(),
        affected_mailboxes: Vec::new(),
        path: Some("/".into()),
        at: now,
        open: Vec::new(),
        owners: Vec::new(),
        fix_closed: None,
        tenant_name: None,
    }
}

/// The daily digest of everything still open; `None` when nothing is.
pub fn digest(open: Vec<OpenItem>, now: DateTime<Utc>) -> Option<Alert> {
    if open.is_empty() {
        return None;
    }
    let worst = Severity::worst(open.iter().map(|o| o.status));
    Some(Alert {
        event: Event::Digest,
        severity: worst,
        previous: None,
        target_key: "digest".into(),
        kind: TargetKind::App,
        tenant_id: "-".into(),
        client_id: "-".into(),
        address: None,
        name: format!("{}", open.len()),
        findings: Vec::new(),
        affected_mailboxes: Vec::new(),
        path: Some("/".into()),
        at: now,
        open,
        owners: Vec::new(),
        fix_closed: None,
        tenant_name: None,
    })
}

fn is_problem(s: Severity) -> bool {
    matches!(s, Severity::Warning | Severity::Critical)
}

/// Whether the previous state had been alerted as a problem.
fn was_alerted(c: &TargetChange, after: u32) -> bool {
    match c.previous {
        Some(s) if is_problem(s) => true,
        Some(Severity::Unknown) => c.previous_failures >= after,
        _ => false,
    }
}

fn codes(f: &[Finding]) -> Vec<FindingCode> {
    let mut c: Vec<_> = f.iter().map(|f| f.code).collect();
    c.sort();
    c.dedup();
    c
}

/// The rules' settings.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Failures in a row before `unknown` alerts.
    pub probe_failed_after: u32,
    /// Reminder interval while critical.
    pub remind_every: chrono::Duration,
    /// Days before expiry at which to alert once each.
    pub thresholds_days: Vec<i64>,
}

/// What a cycle's changes call for: the alerts to send, and the new alert state of each
/// target whose state moved.
#[derive(Debug, Default)]
pub struct Plan {
    /// Alerts, grouped.
    pub alerts: Vec<Alert>,
    /// (target key, new state).
    pub updates: Vec<(String, AlertState)>,
}

/// The smallest threshold the expiry has crossed.
fn crossed(c: &TargetChange, thresholds: &[i64], now: DateTime<Utc>) -> Option<i64> {
    let end = c
        .findings
        .iter()
        .filter(|f| {
            matches!(
                f.code,
                FindingCode::SecretExpiring | FindingCode::SecretExpired
            )
        })
        .filter_map(|f| f.expires_at)
        .min()?;
    let days = (end - now).num_days();
    thresholds
        .iter()
        .copied()
        .filter(|t| days <= *t)
        .min()
        .or(Some(i64::MIN).filter(|_| days < 0))
}

/// The alerts a cycle's changes call for.
pub fn plan(changes: &[TargetChange], rules: &Rules, now: DateTime<Utc>) -> Plan {
    let mut alerts: Vec<Alert> = Vec::new();
    let mut updates = Vec::new();
    for c in changes {
        let mut prev_codes = c.previous_codes.clone();
        prev_codes.sort();
        prev_codes.dedup();
        let st = &c.alert_state;
        let mut next = st.clone();
        let changed = c.previous != Some(c.status) || codes(&c.findings) != prev_codes;
        if changed {
            // An acknowledgement holds until the status changes.
            next.acked_at = None;
            next.acked_by = None;
        }
        // A check that could not run alerts once, when it has failed often enough in a row.
        let failing =
            c.status == Severity::Unknown && c.failures_in_row == rules.probe_failed_after;
        let mut event = if (is_problem(c.status) && changed) || failing {
            Some(Event::Problem)
        } else if c.status == Severity::Ok && was_alerted(c, rules.probe_failed_after) {
            Some(Event::Recovery)
        } else {
            None
        };
        // Expiry thresholds: once each, the smallest crossed; renewed secrets start over.
        match crossed(c, &rules.thresholds_days, now) {
            Some(t) => {
                if st.last_threshold.is_none_or(|last| t < last) {
                    event = event.or(Some(Event::Threshold));
                    next.last_threshold = Some(t);
                }
            }
            None => next.last_threshold = None,
        }
        let due = st
            .last_alert_at
            .is_some_and(|at| now - at >= rules.remind_every);
        if event.is_none() && c.status == Severity::Critical && next.acked_at.is_none() && due {
            event = Some(Event::Reminder);
        }
        let silenced = [st.silenced_until, st.tenant_silenced_until]
            .iter()
            .flatten()
            .any(|until| *until > now);
        if let (Some(event), false) = (event, silenced) {
            next.last_alert_at = Some(now);
            alerts.push(Alert {
                event,
                severity: c.status,
                previous: c.previous,
                target_key: c.key.clone(),
                kind: c.kind,
                tenant_id: c.tenant_id.clone(),
                client_id: c.client_id.clone(),
                address: c.address.clone(),
                name: c.name.clone(),
                findings: c.findings.clone(),
                affected_mailboxes: Vec::new(),
                path: c.path.clone(),
                at: now,
                open: Vec::new(),
                owners: c.owners.clone(),
                fix_closed: if event == Event::Recovery {
                    c.fix_closed.clone()
                } else {
                    None
                },
                tenant_name: None,
            });
        }
        if next != *st {
            updates.push((c.key.clone(), next));
        }
    }
    Plan {
        alerts: group(alerts),
        updates,
    }
}

/// Folds mailbox alerts caused by their app registration into the app's alert of the same
/// event: one incident, one message that lists the mailboxes.
fn group(alerts: Vec<Alert>) -> Vec<Alert> {
    let mut out: Vec<Alert> = Vec::new();
    let mut folded = Vec::new();
    for (i, a) in alerts.iter().enumerate() {
        if a.kind != TargetKind::Mailbox {
            continue;
        }
        let cause = match a.event {
            Event::Recovery => Some(TargetKey::app(&a.tenant_id, &a.client_id).to_string()),
            _ => {
                let causes: Vec<_> = a
                    .findings
                    .iter()
                    .filter_map(|f| f.caused_by.clone())
                    .collect();
                (causes.len() == a.findings.len() && !causes.is_empty()).then(|| causes[0].clone())
            }
        };
        let Some(cause) = cause else { continue };
        if alerts
            .iter()
            .any(|x| x.target_key == cause && x.event == a.event)
        {
            folded.push((i, cause));
        }
    }
    for (i, a) in alerts.iter().enumerate() {
        if folded.iter().any(|(j, _)| *j == i) {
            continue;
        }
        let mut a = a.clone();
        a.affected_mailboxes = folded
            .iter()
            .filter(|(_, c)| *c == a.target_key)
            .filter_map(|(j, _)| alerts[*j].address.clone())
            .collect();
        out.push(a);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;

    fn change(
        key: &str,
        status: Severity,
        previous: Option<Severity>,
        codes: &[FindingCode],
        prev_codes: &[FindingCode],
    ) -> TargetChange {
        let mailbox = matches!(TargetKey::parse(key), Some(TargetKey::Mailbox { .. }));
        TargetChange {
            key: key.into(),
            kind: if mailbox {
                TargetKind::Mailbox
            } else {
                TargetKind::App
            },
            tenant_id: "t".into(),
            client_id: "c".into(),
            address: mailbox.then(|| key.rsplit('/').next().unwrap().to_string()),
            name: key.into(),
            status,
            previous,
            findings: codes
                .iter()
                .map(|c| Finding::new(*c, Source::Link, "x"))
                .collect(),
            previous_codes: prev_codes.to_vec(),
            failures_in_row: 0,
            previous_failures: 0,
            path: None,
            alert_state: AlertState::default(),
            owners: Vec::new(),
            fix_closed: None,
        }
    }

    fn rules() -> Rules {
        Rules {
            probe_failed_after: 3,
            remind_every: chrono::Duration::hours(24),
            thresholds_days: vec![30, 14, 7, 3, 1],
        }
    }

    #[test]
    fn state_changes_alert_once() {
        use FindingCode::*;
        use Severity::*;
        let now = Utc::now();
        let cases: Vec<(&str, TargetChange, Option<Event>)> = vec![
            (
                "new problem",
                change("mailbox:t/c/a", Critical, Some(Ok), &[LinkRevoked], &[]),
                Some(Event::Problem),
            ),
            (
                "first check finds a problem",
                change("mailbox:t/c/a", Critical, None, &[LinkRevoked], &[]),
                Some(Event::Problem),
            ),
            (
                "same problem again: silence",
                change(
                    "mailbox:t/c/a",
                    Critical,
                    Some(Critical),
                    &[LinkRevoked],
                    &[LinkRevoked],
                ),
                None,
            ),
            (
                "another problem, same status",
                change(
                    "mailbox:t/c/a",
                    Critical,
                    Some(Critical),
                    &[LinkRevoked, AccountDisabled],
                    &[LinkRevoked],
                ),
                Some(Event::Problem),
            ),
            (
                "warning to critical",
                change(
                    "app:t/c",
                    Critical,
                    Some(Warning),
                    &[SecretExpiring],
                    &[SecretExpiring],
                ),
                Some(Event::Problem),
            ),
            (
                "recovery",
                change("mailbox:t/c/a", Ok, Some(Critical), &[], &[LinkRevoked]),
                Some(Event::Recovery),
            ),
            (
                "ok stays ok",
                change("mailbox:t/c/a", Ok, Some(Ok), &[], &[]),
                None,
            ),
            (
                "first check ok",
                change("mailbox:t/c/a", Ok, None, &[], &[]),
                None,
            ),
        ];
        for (name, c, want) in cases {
            assert_eq!(
                plan(&[c], &rules(), now).alerts.first().map(|a| a.event),
                want,
                "{name}"
            );
        }
    }

    #[test]
    fn probe_failed_waits_for_the_threshold_and_recovers_only_if_alerted() {
        let now = Utc::now();
        let mut c = change(
            "mailbox:t/c/a",
            Severity::Unknown,
            Some(Severity::Ok),
            &[FindingCode::ProbeFailed],
            &[],
        );
        for (failures, alert) in [(1, false), (2, false), (3, true), (4, false)] {
            c.failures_in_row = failures;
            assert_eq!(
                !plan(&[c.clone()], &rules(), now).alerts.is_empty(),
                alert,
                "failure {failures}"
            );
        }
        let mut back = change(
            "mailbox:t/c/a",
            Severity::Ok,
            Some(Severity::Unknown),
            &[],
            &[FindingCode::ProbeFailed],
        );
        back.previous_failures = 1;
        assert!(
            plan(&[back.clone()], &rules(), now).alerts.is_empty(),
            "a blip is not a recovery"
        );
        back.previous_failures = 5;
        assert_eq!(
            plan(&[back], &rules(), now).alerts[0].event,
            Event::Recovery
        );
    }

    #[test]
    fn mailboxes_broken_by_their_app_fold_into_one_alert() {
        let now = Utc::now();
        let app = change(
            "app:t/c",
            Severity::Critical,
            Some(Severity::Ok),
            &[FindingCode::SecretExpired],
            &[],
        );
        let mut m1 = change(
            "mailbox:t/c/a@x.nl",
            Severity::Critical,
            Some(Severity::Ok),
            &[FindingCode::SecretExpired],
            &[],
        );
        m1.findings[0].caused_by = Some("app:t/c".into());
        let mut m2 = m1.clone();
        m2.key = "mailbox:t/c/b@x.nl".into();
        m2.address = Some("b@x.nl".into());
        // m3 has its own problem too: it keeps its own alert.
        let mut m3 = change(
            "mailbox:t/c/c@x.nl",
            Severity::Critical,
            Some(Severity::Ok),
            &[FindingCode::SecretExpired, FindingCode::AccountDisabled],
            &[],
        );
        m3.findings[0].caused_by = Some("app:t/c".into());
        let alerts = plan(&[app, m1, m2, m3], &rules(), now).alerts;
        assert_eq!(alerts.len(), 2);
        assert_eq!(alerts[0].target_key, "app:t/c");
        assert_eq!(alerts[0].affected_mailboxes, vec!["a@x.nl", "b@x.nl"]);
        assert_eq!(alerts[1].target_key, "mailbox:t/c/c@x.nl");
    }

    fn expiring(days: i64, now: DateTime<Utc>, state: AlertState) -> TargetChange {
        let mut c = change(
            "app:t/c",
            Severity::Warning,
            Some(Severity::Warning),
            &[FindingCode::SecretExpiring],
            &[FindingCode::SecretExpiring],
        );
        c.findings[0].expires_at =
            Some(now + chrono::Duration::days(days) + chrono::Duration::hours(1));
        c.alert_state = state;
        c
    }

    #[test]
    fn each_expiry_threshold_alerts_once() {
        let now = Utc::now();
        let mut state = AlertState {
            last_threshold: Some(30),
            ..Default::default()
        };
        let mut alerted = Vec::new();
        // Days left at each daily cycle, from 29 down to 0.
        for days in (0..30).rev() {
            let p = plan(&[expiring(days, now, state.clone())], &rules(), now);
            if let Some(a) = p.alerts.first() {
                assert_eq!(a.event, Event::Threshold);
                alerted.push(days);
            }
            if let Some((_, s)) = p.updates.into_iter().next() {
                state = s;
            }
        }
        assert_eq!(alerted, vec![14, 7, 3, 1]);
        // A renewed secret starts over.
        let mut renewed = change(
            "app:t/c",
            Severity::Ok,
            Some(Severity::Warning),
            &[],
            &[FindingCode::SecretExpiring],
        );
        renewed.alert_state = state;
        let p = plan(&[renewed], &rules(), now);
        assert_eq!(p.alerts[0].event, Event::Recovery);
        assert_eq!(p.updates[0].1.last_threshold, None);
    }

    #[test]
    fn reminders_acknowledgements_and_silences() {
        let now = Utc::now();
        let critical = |state: AlertState| {
            let mut c = change(
                "mailbox:t/c/a",
                Severity::Critical,
                Some(Severity::Critical),
                &[FindingCode::LinkRevoked],
                &[FindingCode::LinkRevoked],
            );
            c.alert_state = state;
            c
        };
        let day_ago = Some(now - chrono::Duration::hours(25));
        let cases: Vec<(&str, AlertState, Option<Event>)> = vec![
            (
                "reminder after remind_every",
                AlertState {
                    last_alert_at: day_ago,
                    ..Default::default()
                },
                Some(Event::Reminder),
            ),
            (
                "not before",
                AlertState {
                    last_alert_at: Some(now - chrono::Duration::hours(2)),
                    ..Default::default()
                },
                None,
            ),
            (
                "acknowledged: no reminder",
                AlertState {
                    last_alert_at: day_ago,
                    acked_at: Some(now),
                    ..Default::default()
                },
                None,
            ),
            (
                "silenced",
                AlertState {
                    last_alert_at: day_ago,
                    silenced_until: Some(now + chrono::Duration::hours(1)),
                    ..Default::default()
                },
                None,
            ),
            (
                "silence over",
                AlertState {
                    last_alert_at: day_ago,
                    silenced_until: Some(now - chrono::Duration::hours(1)),
                    ..Default::default()
                },
                Some(Event::Reminder),
            ),
            (
                "tenant in maintenance",
                AlertState {
                    last_alert_at: day_ago,
                    tenant_silenced_until: Some(now + chrono::Duration::hours(1)),
                    ..Default::default()
                },
                None,
            ),
        ];
        for (name, state, want) in cases {
            assert_eq!(
                plan(&[critical(state)], &rules(), now)
                    .alerts
                    .first()
                    .map(|a| a.event),
                want,
                "{name}"
            );
        }
        // A status change ends the acknowledgement.
        let mut c = change(
            "mailbox:t/c/a",
            Severity::Critical,
            Some(Severity::Warning),
            &[FindingCode::LinkRevoked],
            &[FindingCode::NotLinked],
        );
        c.alert_state = AlertState {
            acked_at: Some(now),
            acked_by: Some("anna".into()),
            ..Default::default()
        };
        let p = plan(&[c], &rules(), now);
        assert_eq!(p.alerts[0].event, Event::Problem);
        assert_eq!(p.updates[0].1.acked_at, None);
    }
}
