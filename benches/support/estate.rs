//! The generated estate the dashboard, load and history benchmarks share: tenants × app
//! registrations × mailboxes declared as config targets, and cycle reports over them.
#![allow(dead_code)]

use chrono::{DateTime, Utc};
use linkwatch::model::{
    status_of, CycleReport, Finding, FindingCode, Severity, Source, TargetKind, TargetResult,
};
use linkwatch::targets::{AppSpec, Consumer, MailboxSpec, Secret, TenantSpec};

/// `tenants` tenants of `apps` app registrations with `mailboxes` mailboxes each.
pub fn estate(tenants: usize, apps: usize, mailboxes: usize) -> Vec<TenantSpec> {
    (0..tenants)
        .map(|t| TenantSpec {
            id: 0,
            from_config: true,
            tenant_id: format!("tenant{t}.example.org"),
            name: format!("Tenant {t}"),
            monitor: None,
            apps: (0..apps)
                .map(|a| AppSpec {
                    id: 0,
                    from_config: true,
                    client_id: format!("a0000000-0000-4000-8000-{t:06}{a:06}"),
                    name: format!("App {t}-{a}"),
                    client_secret: Some(Secret::new("bench-secret")),
                    secret_expires: None,
                    required_scopes: vec!["Mail.Read".into()],
                    consumer: Consumer::default(),
                    mailboxes: (0..mailboxes)
                        .map(|m| MailboxSpec {
                            id: 0,
                            from_config: true,
                            address: format!("m{m}@a{a}.tenant{t}.example.org"),
                            object_id: format!("11111111-0000-4000-8000-{t:04}{a:04}{m:04}"),
                            required_scopes: None,
                            link: None,
                        })
                        .collect(),
                    expiry_only: false,
                })
                .collect(),
        })
        .collect()
}

/// A report over every app (findings by app number) and mailbox (by mailbox number).
pub fn report(
    tenants: &[TenantSpec],
    at: DateTime<Utc>,
    app_findings: impl Fn(usize) -> Vec<Finding>,
    mailbox_findings: impl Fn(usize) -> Vec<Finding>,
) -> CycleReport {
    let (mut targets, mut apps, mut mailboxes) = (Vec::new(), 0, 0);
    let target =
        |t: &TenantSpec, a: &AppSpec, address: Option<&str>, findings: Vec<Finding>| TargetResult {
            kind: if address.is_some() {
                TargetKind::Mailbox
            } else {
                TargetKind::App
            },
            tenant_id: t.tenant_id.clone(),
            client_id: a.client_id.clone(),
            address: address.map(str::to_string),
            name: address.unwrap_or(&a.name).to_string(),
            status: status_of(&findings),
            findings,
            fix_closed: None,
        };
    for t in tenants {
        for a in &t.apps {
            targets.push(target(t, a, None, app_findings(apps)));
            apps += 1;
            for m in &a.mailboxes {
                targets.push(target(t, a, Some(&m.address), mailbox_findings(mailboxes)));
                mailboxes += 1;
            }
        }
    }
    CycleReport {
        checked_at: at,
        status: Severity::worst(targets.iter().map(|t| t.status)),
        targets,
    }
}

/// About 5% critical, 3% warning, 1% unknown: a real estate on a bad day.
pub fn bad_day(n: usize) -> Vec<Finding> {
    match n % 100 {
        0..=4 => vec![Finding::new(
            FindingCode::LinkRevoked,
            Source::Link,
            "AADSTS50173: revoked",
        )
        .with_aadsts(Some(50173))],
        5..=7 => vec![Finding::new(
            FindingCode::NotLinked,
            Source::Link,
            "not linked",
        )],
        8 => vec![Finding::new(
            FindingCode::ProbeFailed,
            Source::Link,
            "timeout",
        )],
        _ => vec![],
    }
}

/// Nothing wrong.
pub fn healthy(_: usize) -> Vec<Finding> {
    Vec::new()
}
