//! Alerts: which status changes alert whom (`rules.rs`), what the messages say (`message.rs`),
//! how they are sent (`email.rs`, `webhook.rs`), and the delivery worker over the durable
//! outbox (`delivery.rs`). Channels come from `[[alerts.channels]]`.

pub mod delivery;
pub mod email;
pub mod error;
pub mod heartbeat;
pub mod message;
pub mod rules;
pub mod webhook;

use crate::config::{parse_duration, AlertsConfig};
use crate::explain::Lang;
use crate::input::{self, Problem};
use crate::targets::{is_address, Secret};
use std::collections::HashSet;

/// How an email channel connects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tls {
    /// STARTTLS upgrade (port 587).
    StartTls,
    /// Implicit TLS (port 465).
    Tls,
    /// Plain, for a local relay.
    None,
}

/// Email channel settings.
#[derive(Debug, Clone)]
pub struct EmailSettings {
    /// SMTP host.
    pub host: String,
    /// SMTP port.
    pub port: u16,
    /// Connection security.
    pub tls: Tls,
    /// User name and password, when the server wants them.
    pub credentials: Option<(String, Secret)>,
    /// Sender.
    pub from: String,
    /// Recipients.
    pub to: Vec<String>,
    /// Also the owners of the app registration concerned.
    pub owners: bool,
}

/// Where a channel sends.
#[derive(Debug, Clone)]
pub enum ChannelKind {
    /// SMTP.
    Email(EmailSettings),
    /// Generic JSON, signed as Standard Webhooks.
    Webhook {
        /// Receiver.
        url: Secret,
        /// `whsec_…` signing secret.
        secret: Option<Secret>,
    },
    /// Slack incoming webhook (Block Kit).
    Slack {
        /// The webhook URL.
        url: Secret,
    },
    /// Microsoft Teams Workflows webhook (Adaptive Card).
    Teams {
        /// The webhook URL.
        url: Secret,
    },
}

/// A validated channel.
#[derive(Debug, Clone)]
pub struct Channel {
    /// Name.
    pub name: String,
    /// Where it sends.
    pub kind: ChannelKind,
    /// Message language.
    pub language: Lang,
    /// Only these tenants, when set.
    pub tenants: Option<Vec<String>>,
    /// Only these app registrations, when set.
    pub apps: Option<Vec<String>>,
}

impl Channel {
    /// Whether alerts about this tenant and app go to this channel.
    pub fn routes(&self, tenant_id: &str, client_id: &str) -> bool {
        self.tenants
            .as_ref()
            .is_none_or(|t| t.iter().any(|x| x.eq_ignore_ascii_case(tenant_id)))
            && self
                .apps
                .as_ref()
                .is_none_or(|a| a.iter().any(|x| x.eq_ignore_ascii_case(client_id)))
    }
}

/// Alert policy from `[alerts]` and `[checks]`.
#[derive(Debug, Clone)]
pub struct AlertPolicy {
    /// Failures in a row before a `probe_failed` alerts.
    pub probe_failed_after: u32,
    /// Reminder interval while critical, in seconds.
    pub remind_every_secs: u64,
    /// Days before expiry to alert once each.
    pub thresholds_days: Vec<i64>,
    /// The channels.
    pub channels: Vec<Channel>,
}

/// Validates `[[alerts.channels]]`, naming each wrong field.
pub fn channels(
    cfg: &AlertsConfig,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<Channel>, Vec<String>> {
    let mut problems = Vec::new();
    let mut names = HashSet::new();
    let mut out = Vec::new();
    for (i, c) in cfg.channels.iter().enumerate() {
        let at = format!("alerts.channels[{i}]");
        let mut fail = |field: &str, msg: String| problems.push(format!("{at}.{field}: {msg}"));
        if c.name.trim().is_empty() {
            fail("name", "is required".into());
        } else if !names.insert(c.name.clone()) {
            fail("name", format!("{:?} is used twice", c.name));
        }
        let language = match c.language.as_deref() {
            None => Lang::En,
            Some(l) => Lang::parse(l).unwrap_or_else(|| {
                fail("language", format!("{l:?} is not en or nl"));
                Lang::En
            }),
        };
        let secret = |literal: &Option<String>,
                      var: &Option<String>,
                      field: &str,
                      fail: &mut dyn FnMut(&str, String)|
         -> Option<Secret> {
            input::secret(literal.as_deref(), var.as_deref(), env).unwrap_or_else(|(on_var, p)| {
                let message = match &p {
                    Problem::SecretTwice => format!("set either {field} or {field}_env, not both"),
                    Problem::EnvUnset(name) => {
                        format!("environment variable {name} is not set or empty")
                    }
                    _ => "is empty".into(),
                };
                fail(
                    &if on_var {
                        format!("{field}_env")
                    } else {
                        field.to_string()
                    },
                    message,
                );
                None
            })
        };
        let url = |fail: &mut dyn FnMut(&str, String)| -> Option<Secret> {
            let u = secret(&c.url, &c.url_env, "url", fail);
            match &u {
                None => fail("url", "is required (or url_env)".into()),
                Some(s)
                    if !url::Url::parse(s.expose())
                        .is_ok_and(|u| u.scheme() == "https" || u.scheme() == "http") =>
                {
                    fail("url", "is not an http(s) URL".into())
                }
                _ => {}
            }
            u
        };
        let kind = match c.kind.as_str() {
            "email" => {
                let tls = match c.tls.as_deref().unwrap_or("starttls") {
                    "starttls" => Tls::StartTls,
                    "tls" => Tls::Tls,
                    "none" => Tls::None,
                    other => {
                        fail("tls", format!("{other:?} is not starttls, tls or none"));
                        Tls::StartTls
                    }
                };
                let host = c.smtp_host.clone().unwrap_or_default();
                if host.is_empty() {
                    fail("smtp_host", "is required for an email channel".into());
                }
                let from = c.from.clone().unwrap_or_default();
                if !is_address(&from) {
                    fail("from", format!("{from:?} is not a mail address"));
                }
                let to = c.to.clone().unwrap_or_default();
                if to.is_empty() {
                    fail("to", "needs at least one recipient".into());
                }
                for t in &to {
                    if !is_address(t) {
                        fail("to", format!("{t:?} is not a mail address"));
                    }
                }
                let password = secret(&c.password, &c.password_env, "password", &mut fail);
                let credentials = match (&c.username, password) {
                    (Some(u), Some(p)) => Some((u.clone(), p)),
                    (Some(_), None) => {
                        fail(
                            "password_env",
                            "username is set, so a password is required".into(),
                        );
                        None
                    }
                    (None, Some(_)) => {
                        fail("username", "a password is set without username".into());
                        None
                    }
                    (None, None) => None,
                };
                let port = c.smtp_port.unwrap_or(match tls {
                    Tls::StartTls => 587,
                    Tls::Tls => 465,
                    Tls::None => 25,
                });
                ChannelKind::Email(EmailSettings {
                    host,
                    port,
                    tls,
                    credentials,
                    from,
                    to,
                    owners: c.owners.unwrap_or(false),
                })
            }
            "webhook" => {
                let url = url(&mut fail);
                let secret = secret(&c.secret, &c.secret_env, "secret", &mut fail);
                if let Some(s) = &secret {
                    if webhook::secret_key(s.expose()).is_none() {
                        fail(
                            "secret",
                            "is not a Standard Webhooks secret (whsec_ followed by base64)".into(),
                        );
                    }
                }
                ChannelKind::Webhook {
                    url: url.unwrap_or_default(),
                    secret,
                }
            }
            "slack" => ChannelKind::Slack {
                url: url(&mut fail).unwrap_or_default(),
            },
            "teams" => ChannelKind::Teams {
                url: url(&mut fail).unwrap_or_default(),
            },
            other => {
                fail(
                    "kind",
                    format!("{other:?} is not email, webhook, slack or teams"),
                );
                continue;
            }
        };
        out.push(Channel {
            name: c.name.clone(),
            kind,
            language,
            tenants: c.tenants.clone(),
            apps: c.apps.clone(),
        });
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
        channels: channels(&cfg.alerts, env)?,
    })
}

impl Default for AlertPolicy {
    fn default() -> Self {
        AlertPolicy {
            probe_failed_after: 3,
            remind_every_secs: 86400,
            thresholds_days: vec![30, 14, 7, 3, 1],
            channels: Vec::new(),
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
            path: format!(
                "/{}/{}",
                if r.kind == "app" { "apps" } else { "mailboxes" },
                r.id
            ),
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

/// The channels managed on the dashboard, validated (a stored channel that no longer
/// validates is logged and left out).
pub fn managed_channels(store: &crate::store::Store) -> Vec<Channel> {
    let rows = match store.channels() {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "could not read the dashboard's alert channels");
            return Vec::new();
        }
    };
    rows.into_iter()
        .filter_map(|(id, cfg)| {
            let one = AlertsConfig { channels: vec![cfg], ..Default::default() };
            match channels(&one, &|_| None) {
                Ok(mut c) => c.pop(),
                Err(problems) => {
                    tracing::error!(channel = id, problems = %problems.join("; "), "stored alert channel is invalid");
                    None
                }
            }
        })
        .collect()
}

impl AlertPolicy {
    /// Whether any email channel also writes to app owners (then the cycle reads them).
    pub fn wants_owners(&self) -> bool {
        self.channels
            .iter()
            .any(|c| matches!(&c.kind, ChannelKind::Email(s) if s.owners))
    }

    /// This policy with the dashboard's channels added (a config channel of the same name wins).
    pub fn with_managed(&self, store: &crate::store::Store) -> AlertPolicy {
        let mut p = self.clone();
        for c in managed_channels(store) {
            if !p.channels.iter().any(|x| x.name == c.name) {
                p.channels.push(c);
            }
        }
        p
    }
}
