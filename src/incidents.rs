//! Incidents, not rows (DESIGN.md, the incident paragraph): one root cause and everything it
//! breaks. An app registration's problem with the mailboxes whose findings are `caused_by` it
//! is one incident; a mailbox's own problem is another. Worst first, then widest, each with the
//! one action that fixes it. Pure: rows in, incidents out.

use crate::model::{Finding, FindingCode, Severity};
use crate::store::TargetRow;
use std::collections::HashMap;

/// The one action that fixes an incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Rotate the app registration's secret (the rotation wizard).
    RotateSecret {
        /// The app registration's row id.
        app_id: i64,
    },
    /// Re-link the mailbox.
    Relink {
        /// The mailbox's row id.
        mailbox_id: i64,
    },
    /// Grant or configure the permission (the app registration's runbook has the steps).
    GrantConsent {
        /// The app registration's row id.
        app_id: i64,
    },
    /// Do what is still to do in the application (the target page says what).
    InTheApplication {
        /// The page.
        path: String,
    },
    /// Follow the runbook of the application.
    Runbook {
        /// The app registration's row id.
        app_id: i64,
    },
    /// Read the detail on the target's page (a check that could not run, an account).
    Open {
        /// The page.
        path: String,
    },
}

impl Action {
    /// Where the action's button leads.
    pub fn path(&self) -> String {
        match self {
            Action::RotateSecret { app_id } => crate::key::paths::app_sub(*app_id, "rotate"),
            Action::Relink { mailbox_id } => crate::key::paths::mailbox_sub(*mailbox_id, "relink"),
            Action::GrantConsent { app_id } | Action::Runbook { app_id } => {
                crate::key::paths::app_sub(*app_id, "runbook")
            }
            Action::InTheApplication { path } | Action::Open { path } => path.clone(),
        }
    }
}

/// One root cause and what it breaks.
#[derive(Debug, Clone)]
pub struct Incident {
    /// The target with the cause (an app registration or a mailbox).
    pub root: TargetRow,
    /// The finding that decides it.
    pub cause: Finding,
    /// Its severity (the worst of the root and what it breaks).
    pub severity: Severity,
    /// Mailboxes broken by the root's problem (app registrations only).
    pub affected: Vec<TargetRow>,
    /// For an app registration: its mailboxes in all, and how many have any problem.
    pub mailboxes: Option<(usize, usize)>,
    /// What fixes it.
    pub action: Action,
}

fn page_of(r: &TargetRow) -> String {
    if r.kind == "app" {
        crate::key::paths::app(r.id)
    } else {
        crate::key::paths::mailbox(r.id)
    }
}

/// The action for a finding of a target.
pub fn action_for(r: &TargetRow, f: &Finding) -> Action {
    use FindingCode::*;
    let app = r.kind == "app";
    match f.code {
        // A mailbox broken by its app's secret is fixed by the app's rotation.
        SecretExpiring | SecretExpired | SecretInvalid => Action::RotateSecret { app_id: r.app_id },
        ConsumerFailing if app => Action::InTheApplication {
            path: format!("{}#application", page_of(r)),
        },
        LinkRevoked | ReauthRequired | IdentityMismatch | NotLinked => {
            Action::Relink { mailbox_id: r.id }
        }
        ConsentMissing | PermissionNotConfigured => Action::GrantConsent { app_id: r.app_id },
        ConsumerFailing | ConsumerIdle | ConsumerPending => Action::InTheApplication {
            path: format!("{}#application", page_of(r)),
        },
        AppMissing => Action::Runbook { app_id: r.app_id },
        AccountDisabled | MailboxUnreachable | MonitorAccessMissing | ProbeFailed => {
            Action::Open { path: page_of(r) }
        }
    }
}

/// The finding that decides a target's incident: the worst, and among equals the one that
/// comes first in the vocabulary (the root cause before its consequences).
fn deciding(findings: &[Finding]) -> Option<&Finding> {
    findings
        .iter()
        .filter(|f| f.caused_by.is_none())
        .max_by_key(|f| (f.severity.rank(), std::cmp::Reverse(f.code)))
        .or_else(|| findings.iter().max_by_key(|f| f.severity.rank()))
}

/// Per app registration (row id): how many mailboxes it has, and how many have a problem.
pub fn mailbox_counts(rows: &[TargetRow]) -> HashMap<i64, (usize, usize)> {
    let mut per_app: HashMap<i64, (usize, usize)> = HashMap::new();
    for r in rows.iter().filter(|r| r.kind == "mailbox") {
        let e = per_app.entry(r.app_id).or_default();
        e.0 += 1;
        if r.status.is_some_and(|s| s != Severity::Ok) {
            e.1 += 1;
        }
    }
    per_app
}

/// Groups the targets with a problem into incidents, worst first, then widest, then by name.
/// `per_app`: [`mailbox_counts`] of the same rows.
pub fn incidents(rows: &[TargetRow], per_app: &HashMap<i64, (usize, usize)>) -> Vec<Incident> {
    let problem = |r: &TargetRow| r.status.is_some_and(|s| s != Severity::Ok);
    // Mailboxes whose problem is their app registration's, by that app.
    let mut caused: HashMap<i64, Vec<TargetRow>> = HashMap::new();
    let mut out = Vec::new();
    for r in rows.iter().filter(|r| problem(r) && r.kind == "mailbox") {
        let own: Vec<&Finding> = r
            .findings
            .iter()
            .filter(|f| f.caused_by.is_none())
            .collect();
        if own.is_empty() && r.findings.iter().any(|f| f.caused_by.is_some()) {
            caused.entry(r.app_id).or_default().push(r.clone());
            continue;
        }
        if let Some(f) = deciding(&r.findings) {
            out.push(Incident {
                root: r.clone(),
                cause: f.clone(),
                severity: r.status.unwrap_or(Severity::Unknown),
                affected: Vec::new(),
                mailboxes: None,
                action: action_for(r, f),
            });
        }
    }
    for r in rows.iter().filter(|r| r.kind == "app") {
        let affected = caused.remove(&r.id).unwrap_or_default();
        if !problem(r) && affected.is_empty() {
            continue;
        }
        let Some(f) =
            deciding(&r.findings).or_else(|| affected.first().and_then(|a| deciding(&a.findings)))
        else {
            continue;
        };
        let severity = Severity::worst(
            std::iter::once(r.status.unwrap_or(Severity::Ok))
                .chain(affected.iter().filter_map(|a| a.status)),
        );
        out.push(Incident {
            action: action_for(r, f),
            cause: f.clone(),
            severity,
            mailboxes: per_app.get(&r.id).copied(),
            affected,
            root: r.clone(),
        });
    }
    out.sort_by(|a, b| {
        (
            std::cmp::Reverse(a.severity.rank()),
            std::cmp::Reverse(a.affected.len()),
            &a.root.name,
        )
            .cmp(&(
                std::cmp::Reverse(b.severity.rank()),
                std::cmp::Reverse(b.affected.len()),
                &b.root.name,
            ))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;

    fn row(kind: &str, id: i64, app_id: i64, name: &str, findings: Vec<Finding>) -> TargetRow {
        TargetRow {
            kind: kind.into(),
            id,
            tenant_ref: 1,
            tenant_name: "Contoso".into(),
            app_name: "Econobis".into(),
            name: name.into(),
            status: Some(crate::model::status_of(&findings)),
            findings,
            checked_at: None,
            last_known: None,
            app_id,
            since: None,
            acked_by: None,
            silenced: None,
        }
    }

    fn f(code: FindingCode) -> Finding {
        Finding::new(code, Source::Link, "x")
    }

    fn caused(code: FindingCode) -> Finding {
        let mut x = f(code);
        x.caused_by = Some("app:t/c".into());
        x
    }

    #[test]
    fn an_apps_secret_is_one_incident_with_its_mailboxes_worst_and_widest_first() {
        let rows = vec![
            row("app", 1, 1, "Helpdesk", vec![f(FindingCode::SecretExpired)]),
            row(
                "mailbox",
                10,
                1,
                "helpdesk@",
                vec![caused(FindingCode::SecretExpired)],
            ),
            row(
                "mailbox",
                11,
                1,
                "support@",
                vec![
                    caused(FindingCode::SecretExpired),
                    caused(FindingCode::ConsumerFailing),
                ],
            ),
            row("app", 2, 2, "Econobis", vec![]),
            row(
                "mailbox",
                20,
                2,
                "finance@",
                vec![f(FindingCode::LinkRevoked), f(FindingCode::ConsumerFailing)],
            ),
            row("mailbox", 21, 2, "info@", vec![]),
            row(
                "mailbox",
                22,
                2,
                "scan@",
                vec![f(FindingCode::ConsumerIdle)],
            ),
            row(
                "mailbox",
                23,
                2,
                "welcome@",
                vec![f(FindingCode::NotLinked)],
            ),
        ];
        let got = incidents(&rows, &mailbox_counts(&rows));
        let summary: Vec<_> = got
            .iter()
            .map(|i| {
                (
                    i.root.name.as_str(),
                    i.cause.code,
                    i.affected.len(),
                    i.action.path(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    "Helpdesk",
                    FindingCode::SecretExpired,
                    2,
                    "/apps/1/rotate".to_string()
                ),
                (
                    "finance@",
                    FindingCode::LinkRevoked,
                    0,
                    "/mailboxes/20/relink".to_string()
                ),
                (
                    "scan@",
                    FindingCode::ConsumerIdle,
                    0,
                    "/mailboxes/22#application".to_string()
                ),
                (
                    "welcome@",
                    FindingCode::NotLinked,
                    0,
                    "/mailboxes/23/relink".to_string()
                ),
            ]
        );
        assert_eq!(got[0].severity, Severity::Critical);
        assert_eq!(got[0].mailboxes, Some((2, 2)));
        assert!(
            incidents(&rows[3..4], &mailbox_counts(&rows[3..4])).is_empty(),
            "a healthy app is no incident"
        );
    }

    #[test]
    fn each_cause_has_its_action() {
        let m = row("mailbox", 5, 9, "m@", vec![]);
        let a = row("app", 9, 9, "A", vec![]);
        for (r, code, want) in [
            (&a, FindingCode::SecretInvalid, "/apps/9/rotate"),
            (&m, FindingCode::ReauthRequired, "/mailboxes/5/relink"),
            (&m, FindingCode::ConsentMissing, "/apps/9/runbook"),
            (&a, FindingCode::ConsumerFailing, "/apps/9#application"),
            (&m, FindingCode::ConsumerPending, "/mailboxes/5#application"),
            (&a, FindingCode::AppMissing, "/apps/9/runbook"),
            (&m, FindingCode::ProbeFailed, "/mailboxes/5"),
        ] {
            assert_eq!(action_for(r, &f(code)).path(), want, "{code}");
        }
    }
}
