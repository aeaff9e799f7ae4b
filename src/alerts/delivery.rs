//! The delivery worker: claims due outbox messages, sends them, and records the result on the
//! row. Failed sends retry after 1 min, 5 min, 30 min, 2 h and 6 h with the same message id,
//! then are dead-lettered (shown on the dashboard). At least once: a crash mid-send leaves the
//! claim to expire and the message is sent again.

use super::destination::GuardedResolver;
pub use super::error::DeliveryError;
use super::message::{render, webhook_json};
use super::rules::Alert;
use super::{email, webhook, Channel, ChannelKind, Channels};
use crate::store::{OutboxRow, Store};
use chrono::{DateTime, Duration, Utc};

/// Waits after the 1st, 2nd, … failed attempt; after the last, the message is dead.
pub const BACKOFF_SECS: [i64; 5] = [60, 300, 1800, 7200, 21600];

/// Sends outbox messages through the configured channels.
#[derive(Clone)]
pub struct Delivery {
    store: Store,
    channels: Channels,
    /// For the configuration file's destinations (the operator's).
    client: reqwest::Client,
    /// For the dashboard's: resolves through [`GuardedResolver`].
    guarded_client: reqwest::Client,
    /// `[alerts] allow_private_destinations`.
    allow_private: bool,
    public_url: Option<String>,
    lease: Duration,
}

impl Delivery {
    /// A worker for `channels` (a set shared with the dashboard, or a fixed list).
    pub fn new(
        store: Store,
        channels: impl Into<Channels>,
        public_url: Option<String>,
        lease_secs: u64,
    ) -> Delivery {
        let builder = || {
            reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(30))
                .redirect(reqwest::redirect::Policy::none())
        };
        let client = builder().build().unwrap_or_default();
        let guarded_client = builder()
            .dns_resolver(std::sync::Arc::new(GuardedResolver))
            .build()
            .unwrap_or_default();
        Delivery {
            store,
            channels: channels.into(),
            client,
            guarded_client,
            allow_private: false,
            public_url,
            lease: Duration::seconds(lease_secs as i64),
        }
    }

    /// Lets channels of the dashboard send to private addresses too (`[alerts]
    /// allow_private_destinations`).
    pub fn allow_private(mut self, allow: bool) -> Delivery {
        self.allow_private = allow;
        self
    }

    /// Whether a channel's destination must be a public address: it was set up in the
    /// dashboard, and private destinations are not allowed.
    pub fn guards(&self, channel: &Channel) -> bool {
        !channel.declared && !self.allow_private
    }

    /// Why a channel's destination would be refused now (resolving on the calling thread):
    /// the form field to name, and the refusal.
    pub fn refused(
        &self,
        channel: &Channel,
    ) -> Option<(&'static str, super::destination::Refused)> {
        self.guards(channel)
            .then(|| super::destination::check_channel_now(channel).err())
            .flatten()
    }

    /// A channel by name, from the config file or the dashboard.
    pub fn channel(&self, name: &str) -> Option<Channel> {
        self.channels.get(name)
    }

    /// One pass: sends every due message. Returns how many were delivered.
    pub async fn deliver_due(&self, now: DateTime<Utc>) -> usize {
        let channels = self.channels.all();
        let rows = match self.store.claim_due(now, 100, self.lease) {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(error = %e, "could not read the outbox");
                return 0;
            }
        };
        let mut sent = 0;
        for row in rows {
            let result = self.send(&row, &channels).await;
            let recorded = match &result {
                Ok(()) => {
                    sent += 1;
                    self.store.mark_sent(row.id, Utc::now())
                }
                Err(e) => {
                    let retry = next_attempt(e, row.attempts, now);
                    tracing::warn!(channel = %row.channel, message = %row.message_id, attempt = row.attempts, dead = retry.is_none(), transient = e.is_transient(), error = %e, "alert delivery failed");
                    let why = if e.is_transient() {
                        e.to_string()
                    } else {
                        format!("permanent error, not retried: {e}")
                    };
                    self.store.mark_failed(row.id, &why, retry)
                }
            };
            if let Err(e) = recorded {
                tracing::error!(error = %e, message = %row.message_id, "could not record the delivery; it will be retried");
            }
        }
        sent
    }

    async fn send(&self, row: &OutboxRow, channels: &[Channel]) -> Result<(), DeliveryError> {
        let channel = channels
            .iter()
            .find(|c| c.name == row.channel)
            .ok_or_else(|| {
                DeliveryError::Config(format!("channel {:?} is no longer configured", row.channel))
            })?;
        let alert: Alert = serde_json::from_str(&row.alert)
            .map_err(|e| DeliveryError::Config(format!("unreadable alert: {e}")))?;
        self.send_alert(channel, &alert, &row.message_id).await
    }

    /// Sends one alert through one channel.
    pub async fn send_alert(
        &self,
        channel: &Channel,
        alert: &Alert,
        message_id: &str,
    ) -> Result<(), DeliveryError> {
        let public = self.public_url.as_deref();
        let guarded = self.guards(channel);
        let client = if guarded {
            &self.guarded_client
        } else {
            &self.client
        };
        match &channel.kind {
            ChannelKind::Email(s) => {
                email::send(
                    s,
                    guarded,
                    &render(alert, channel.language, public),
                    message_id,
                    if s.owners { &alert.owners } else { &[] },
                )
                .await
            }
            ChannelKind::Webhook { url, secret } => {
                webhook::post(
                    client,
                    guarded,
                    url.expose(),
                    &webhook_json(alert, channel.language, public),
                    message_id,
                    secret.as_ref().map(|s| s.expose()),
                )
                .await
            }
            ChannelKind::Slack { url } => {
                webhook::post(
                    client,
                    guarded,
                    url.expose(),
                    &webhook::slack(&render(alert, channel.language, public)),
                    message_id,
                    None,
                )
                .await
            }
            ChannelKind::Teams { url } => {
                webhook::post(
                    client,
                    guarded,
                    url.expose(),
                    &webhook::teams(&render(alert, channel.language, public)),
                    message_id,
                    None,
                )
                .await
            }
        }
    }

    /// Runs passes every `every` until the task is dropped.
    pub async fn run(self, every: std::time::Duration) {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            self.deliver_due(Utc::now()).await;
        }
    }
}

/// When to try a failed message again: `None` (dead) for a permanent error or after the last
/// attempt; else after the backoff step, or the receiver's `Retry-After` when that is later.
pub fn next_attempt(e: &DeliveryError, attempts: u32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if !e.is_transient() {
        return None;
    }
    let step = *BACKOFF_SECS.get(attempts.saturating_sub(1) as usize)?;
    let asked = e
        .retry_after()
        .map(|d| d.as_secs().min(86_400) as i64)
        .unwrap_or(0);
    Some(now + Duration::seconds(step.max(asked)))
}

/// A new message id (the `webhook-id`): `msg_` and 24 random characters.
pub fn message_id() -> String {
    format!("msg_{}", &crate::accounts::random_token()[..24])
}
