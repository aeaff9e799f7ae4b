//! Alerts: which status changes alert whom (`rules.rs`), what the messages say (`message.rs`),
//! how they are sent (`email.rs`, `webhook.rs`), and the delivery worker over the durable
//! outbox (`delivery.rs`). Channels come from `[[alerts.channels]]`.

pub mod channel;
pub mod delivery;
pub mod destination;
pub mod email;
pub mod error;
pub mod heartbeat;
pub mod message;
pub mod rules;
pub mod webhook;

pub use channel::{Channel, ChannelKind, Channels, EmailSettings, Tls};

use crate::config::{parse_duration, AlertsConfig};
use std::collections::HashSet;

/// Alert policy from `[alerts]` and `[checks]`.
#[derive(Debug, Clone)]
pub struct AlertPolicy {
    /// Failures in a row before a `probe_failed` alerts.
    pub probe_failed_after: u32,
    /// Reminder interval while critical, in seconds.
    pub remind_every_secs: u64,
    /// Days before expiry to alert once each.
    pub thresholds_days: Vec<i64>,
    /// The channels in use (shared by every clone).
    pub channels: Channels,
}

/// Validates `[[alerts.channels]]`, naming each wrong field by its path.
pub fn channels(
    cfg: &AlertsConfig,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<Channel>, Vec<String>> {
    let mut problems = Vec::new();
    let mut names = HashSet::new();
    let mut out = Vec::new();
    for (i, c) in cfg.channels.iter().enumerate() {
        let at = format!("alerts.channels[{i}]");
        if !c.name.trim().is_empty() && !names.insert(c.name.clone()) {
            problems.push(format!("{at}.name: {:?} is used twice", c.name));
        }
        match channel::parse(c, env) {
            Ok(ch) => out.push(Channel {
                declared: true,
                ..ch
            }),
            Err(e) => problems.extend(
                e.iter()
                    .map(|(field, p)| format!("{at}.{field}: {}", p.file_text(field))),
            ),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The alert policy of a configuration.
pub fn policy(
    cfg: &crate::config::Config,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<AlertPolicy, Vec<String>> {
    Ok(AlertPolicy {
        probe_failed_after: cfg.checks.probe_failed_after,
        remind_every_secs: parse_duration(&cfg.alerts.remind_every).unwrap_or(86400),
        thresholds_days: cfg.alerts.thresholds_days.clone(),
        channels: channels(&cfg.alerts, env)?.into(),
    })
}

impl Default for AlertPolicy {
    fn default() -> Self {
        AlertPolicy {
            probe_failed_after: 3,
            remind_every_secs: 86400,
            thresholds_days: vec![30, 14, 7, 3, 1],
            channels: Channels::default(),
        }
    }
}

/// What a cycle's changes call for: the outbox messages (each alert to every channel that
/// routes its tenant and app) and the new alert state of the targets.
pub fn plan_outbox(
    policy: &AlertPolicy,
    changes: &[crate::model::TargetChange],
    now: chrono::DateTime<chrono::Utc>,
) -> crate::store::AlertOutcome {
    let rules = rules::Rules {
        probe_failed_after: policy.probe_failed_after,
        remind_every: chrono::Duration::seconds(policy.remind_every_secs as i64),
        thresholds_days: policy.thresholds_days.clone(),
    };
    let plan = rules::plan(changes, &rules, now);
    let mut messages = Vec::new();
    for alert in &plan.alerts {
        let Ok(json) = serde_json::to_string(alert) else {
            continue;
        };
        for c in policy
            .channels
            .all()
            .iter()
            .filter(|c| c.routes(&alert.tenant_id, &alert.client_id))
        {
            messages.push(crate::store::NewMessage {
                message_id: delivery::message_id(),
                channel: c.name.clone(),
                alert: json.clone(),
            });
        }
    }
    crate::store::AlertOutcome {
        messages,
        updates: plan.updates,
    }
}

/// The notices of mail apps new in a tenant (`apps`: client id, name), one per app to every
/// channel that routes the tenant and the app.
pub fn plan_new_apps(
    policy: &AlertPolicy,
    tenant: (&str, &str, i64),
    apps: &[(String, String)],
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<crate::store::NewMessage> {
    let (tenant_id, tenant_name, tenant_ref) = tenant;
    let mut messages = Vec::new();
    for (client, name) in apps {
        let alert = rules::new_app(
            (tenant_id, tenant_name),
            (client, name),
            crate::key::paths::tenant_sub(tenant_ref, "discover"),
            now,
        );
        let Ok(json) = serde_json::to_string(&alert) else {
            continue;
        };
        for c in policy
            .channels
            .all()
            .iter()
            .filter(|c| c.routes(tenant_id, client))
        {
            messages.push(crate::store::NewMessage {
                message_id: delivery::message_id(),
                channel: c.name.clone(),
                alert: json.clone(),
            });
        }
    }
    messages
}

/// Queues the daily digest (everything still open) for every email channel; nothing when
/// nothing is open. Returns how many messages were queued.
pub fn queue_digest(
    store: &crate::store::Store,
    policy: &AlertPolicy,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, crate::store::StoreError> {
    let (rows, _) = store.overview(&Default::default(), 100_000, 0)?;
    let open: Vec<rules::OpenItem> = rows
        .into_iter()
        .filter(|r| {
            matches!(
                r.status,
                Some(
                    crate::model::Severity::Critical
                        | crate::model::Severity::Warning
                        | crate::model::Severity::Unknown
                )
            )
        })
        .map(|r| rules::OpenItem {
            path: if r.kind == "app" {
                crate::key::paths::app(r.id)
            } else {
                crate::key::paths::mailbox(r.id)
            },
            name: r.name,
            tenant: r.tenant_name,
            status: r.status.unwrap_or(crate::model::Severity::Unknown),
            code: r.findings.first().map(|f| f.code),
        })
        .collect();
    let Some(alert) = rules::digest(open, now) else {
        return Ok(0);
    };
    let json = serde_json::to_string(&alert).unwrap_or_default();
    let messages: Vec<_> = policy
        .channels
        .all()
        .iter()
        .filter(|c| matches!(c.kind, ChannelKind::Email(_)))
        .map(|c| crate::store::NewMessage {
            message_id: delivery::message_id(),
            channel: c.name.clone(),
            alert: json.clone(),
        })
        .collect();
    store.enqueue(&messages, now)?;
    Ok(messages.len())
}

impl AlertPolicy {
    /// Whether any email channel also writes to app owners (then the cycle reads them).
    pub fn wants_owners(&self) -> bool {
        self.channels
            .all()
            .iter()
            .any(|c| matches!(&c.kind, ChannelKind::Email(s) if s.owners))
    }
}
