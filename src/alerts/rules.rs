//! Which alerts a cycle's results call for. Pure: the targets' new and previous states, the
//! policy and `now` in, alerts out. Alert on state changes, once per incident:
//! - a target turning warning or critical (or changing which problems it has) alerts;
//! - `unknown` alerts only when the check failed `probe_failed_after` times in a row;
//! - back to ok after an alerted problem is a recovery;
//! - mailboxes broken by their app registration's credential fold into the app's alert.

use crate::model::{Finding, FindingCode, Severity, TargetChange, TargetKind};
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
    }
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

/// The alerts a cycle's changes call for.
pub fn plan(changes: &[TargetChange], probe_failed_after: u32, now: DateTime<Utc>) -> Vec<Alert> {
    let mut alerts: Vec<Alert> = Vec::new();
    for c in changes {
        let mut prev_codes = c.previous_codes.clone();
        prev_codes.sort();
        prev_codes.dedup();
        let changed = c.previous != Some(c.status) || codes(&c.findings) != prev_codes;
        // A check that could not run alerts once, when it has failed often enough in a row.
        let failing = c.status == Severity::Unknown && c.failures_in_row == probe_failed_after;
        let event = if (is_problem(c.status) && changed) || failing {
            Some(Event::Problem)
        } else if c.status == Severity::Ok && was_alerted(c, probe_failed_after) {
            Some(Event::Recovery)
        } else {
            None
        };
        let Some(event) = event else { continue };
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
        });
    }
    group(alerts)
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
            Event::Recovery => Some(format!("app:{}/{}", a.tenant_id, a.client_id)),
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
        let mailbox = key.starts_with("mailbox:");
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
            assert_eq!(plan(&[c], 3, now).first().map(|a| a.event), want, "{name}");
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
                !plan(&[c.clone()], 3, now).is_empty(),
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
            plan(&[back.clone()], 3, now).is_empty(),
            "a blip is not a recovery"
        );
        back.previous_failures = 5;
        assert_eq!(plan(&[back], 3, now)[0].event, Event::Recovery);
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
        let alerts = plan(&[app, m1, m2, m3], 3, now);
        assert_eq!(alerts.len(), 2);
        assert_eq!(alerts[0].target_key, "app:t/c");
        assert_eq!(alerts[0].affected_mailboxes, vec!["a@x.nl", "b@x.nl"]);
        assert_eq!(alerts[1].target_key, "mailbox:t/c/c@x.nl");
    }
}
