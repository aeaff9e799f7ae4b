//! Alert channels: the draft (`[[alerts.channels]]`, the channel form, a stored row), one
//! parse per kind into a [`Channel`] with its wrong fields keyed by name, and the [`Channels`]
//! in use — the config file's and the dashboard's, merged once at start and again on each
//! save, not on every read.

use super::webhook;
use crate::explain::Lang;
use crate::input::{self, is_address, is_web_url, Problem};
use crate::targets::Secret;
use serde::Deserialize;
use std::sync::{Arc, RwLock};

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
    /// Declared in the configuration file: the operator's, so it may send to a private
    /// address. Channels of the dashboard may not ([`super::destination`]).
    pub declared: bool,
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

/// `[[alerts.channels]]` as written, a channel form as posted, and a stored channel row: one
/// place alerts go, not yet checked.
#[derive(Debug, Clone, Deserialize, serde::Serialize, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ChannelDraft {
    /// Unique name, used in logs, the dashboard and `alert test`.
    pub name: String,
    /// email | webhook | slack | teams.
    pub kind: String,
    /// en | nl.
    #[serde(default)]
    pub language: Option<String>,
    /// Only alerts of these tenants (ids as configured); all when absent.
    #[serde(default)]
    pub tenants: Option<Vec<String>>,
    /// Only alerts of these app registrations (client ids); all when absent.
    #[serde(default)]
    pub apps: Option<Vec<String>>,
    /// Email: SMTP server.
    #[serde(default)]
    pub smtp_host: Option<String>,
    /// Email: port (587 for starttls, 465 for tls, 25 for none).
    #[serde(default)]
    pub smtp_port: Option<u16>,
    /// Email: starttls | tls | none.
    #[serde(default)]
    pub tls: Option<String>,
    /// Email: user name, when the server wants one.
    #[serde(default)]
    pub username: Option<String>,
    /// Email: environment variable with the password.
    #[serde(default)]
    pub password_env: Option<String>,
    /// Email: the password itself.
    #[serde(default)]
    pub password: Option<String>,
    /// Email: sender address.
    #[serde(default)]
    pub from: Option<String>,
    /// Email: recipients.
    #[serde(default)]
    pub to: Option<Vec<String>>,
    /// Email: also send alerts about an app registration to its owners (read from Graph).
    #[serde(default)]
    pub owners: Option<bool>,
    /// Webhook, Slack, Teams: the URL.
    #[serde(default)]
    pub url: Option<String>,
    /// Webhook, Slack, Teams: environment variable with the URL (URLs with tokens are secrets).
    #[serde(default)]
    pub url_env: Option<String>,
    /// Webhook: environment variable with the Standard Webhooks secret (`whsec_…`).
    #[serde(default)]
    pub secret_env: Option<String>,
    /// Webhook: the secret itself.
    #[serde(default)]
    pub secret: Option<String>,
}

/// What is wrong with a channel field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChannelProblem {
    /// A required field is empty (with what it is required for).
    Required(&'static str),
    /// Not one of the known values (the value, the choices).
    NotOneOf(String, &'static str),
    /// Not a mail address.
    NotAddress(String),
    /// No recipient.
    NoRecipient,
    /// Not an http(s) URL.
    NotUrl,
    /// Not a `whsec_` secret.
    NotWebhookSecret,
    /// A password without a user name, or the other way round.
    HalfCredentials(&'static str),
    /// A problem of the secret rule (value or variable).
    Secret(Problem),
}

impl ChannelProblem {
    /// The config file's wording, for `field`.
    pub fn file_text(&self, field: &str) -> String {
        match self {
            ChannelProblem::Required(what) => format!("is required{what}"),
            ChannelProblem::NotOneOf(v, choices) => format!("{v:?} is not {choices}"),
            ChannelProblem::NotAddress(v) => format!("{v:?} is not a mail address"),
            ChannelProblem::NoRecipient => "needs at least one recipient".into(),
            ChannelProblem::NotUrl => "is not an http(s) URL".into(),
            ChannelProblem::NotWebhookSecret => {
                "is not a Standard Webhooks secret (whsec_ followed by base64)".into()
            }
            ChannelProblem::HalfCredentials(other) => other.to_string(),
            ChannelProblem::Secret(p) => {
                let key = field.trim_end_matches("_env");
                match p {
                    Problem::SecretTwice => format!("set either {key} or {key}_env, not both"),
                    Problem::EnvUnset(name) => {
                        format!("environment variable {name} is not set or empty")
                    }
                    _ => "is empty".into(),
                }
            }
        }
    }

    /// The form's wording, next to the field, in `l`.
    pub fn form_text(&self, l: Lang) -> String {
        match self {
            ChannelProblem::Required(_) => l.t("required").into(),
            ChannelProblem::NotOneOf(v, choices) => {
                format!("{v:?} {} {choices}", l.t("is-not"))
            }
            ChannelProblem::NotAddress(v) => format!("{v:?} {}", l.t("is-not-a-mail-address")),
            ChannelProblem::NoRecipient => l.t("enter-at-least-one-recipient").into(),
            ChannelProblem::NotUrl => l.t("is-not-an-http-s-url").into(),
            ChannelProblem::NotWebhookSecret => l.t("is-not-a-standard-webhooks-secret").into(),
            ChannelProblem::HalfCredentials(_) => l.t("enter-both-the-user-name-and").into(),
            ChannelProblem::Secret(_) => l.t("enter-the-value").into(),
        }
    }
}

/// A channel's wrong fields, by the draft's field name, in the order found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChannelErrors(Vec<(&'static str, ChannelProblem)>);

impl ChannelErrors {
    fn add(&mut self, field: &'static str, p: ChannelProblem) {
        self.0.push((field, p));
    }

    /// The problems, by field.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &ChannelProblem)> {
        self.0.iter().map(|(f, p)| (*f, p))
    }
}

/// Parses one channel: the fields every kind has, then its kind's own.
pub fn parse(d: &ChannelDraft, env: input::Env) -> Result<Channel, ChannelErrors> {
    let mut e = ChannelErrors::default();
    if d.name.trim().is_empty() {
        e.add("name", ChannelProblem::Required(""));
    }
    let language = match d.language.as_deref() {
        None => Lang::En,
        Some(l) => Lang::parse(l).unwrap_or_else(|| {
            e.add("language", ChannelProblem::NotOneOf(l.into(), "en or nl"));
            Lang::En
        }),
    };
    let kind = match d.kind.as_str() {
        "email" => Some(ChannelKind::Email(email(d, env, &mut e))),
        "webhook" => Some(webhook(d, env, &mut e)),
        "slack" => Some(ChannelKind::Slack {
            url: hook_url(d, env, &mut e),
        }),
        "teams" => Some(ChannelKind::Teams {
            url: hook_url(d, env, &mut e),
        }),
        other => {
            e.add(
                "kind",
                ChannelProblem::NotOneOf(other.into(), "email, webhook, slack or teams"),
            );
            None
        }
    };
    match kind {
        Some(kind) if e.0.is_empty() => Ok(Channel {
            name: d.name.clone(),
            kind,
            language,
            tenants: d.tenants.clone(),
            apps: d.apps.clone(),
            declared: false,
        }),
        _ => Err(e),
    }
}

/// A secret field (`password`, `url`, `secret`) with its `_env` twin.
fn secret(
    value: &Option<String>,
    var: &Option<String>,
    (field, env_field): (&'static str, &'static str),
    env: input::Env,
    e: &mut ChannelErrors,
) -> Option<Secret> {
    input::secret(value.as_deref(), var.as_deref(), env).unwrap_or_else(|(on_var, p)| {
        e.add(
            if on_var { env_field } else { field },
            ChannelProblem::Secret(p),
        );
        None
    })
}

fn email(d: &ChannelDraft, env: input::Env, e: &mut ChannelErrors) -> EmailSettings {
    let tls = match d.tls.as_deref().unwrap_or("starttls") {
        "starttls" => Tls::StartTls,
        "tls" => Tls::Tls,
        "none" => Tls::None,
        other => {
            e.add(
                "tls",
                ChannelProblem::NotOneOf(other.into(), "starttls, tls or none"),
            );
            Tls::StartTls
        }
    };
    let host = d.smtp_host.clone().unwrap_or_default();
    if host.is_empty() {
        e.add(
            "smtp_host",
            ChannelProblem::Required(" for an email channel"),
        );
    }
    let from = d.from.clone().unwrap_or_default();
    if !is_address(&from) {
        e.add("from", ChannelProblem::NotAddress(from.clone()));
    }
    let to = d.to.clone().unwrap_or_default();
    if to.is_empty() {
        e.add("to", ChannelProblem::NoRecipient);
    }
    if let Some(bad) = to.iter().find(|t| !is_address(t)) {
        e.add("to", ChannelProblem::NotAddress(bad.clone()));
    }
    let password = secret(
        &d.password,
        &d.password_env,
        ("password", "password_env"),
        env,
        e,
    );
    let credentials = match (&d.username, password) {
        (Some(u), Some(p)) => Some((u.clone(), p)),
        (Some(_), None) => {
            e.add(
                "password_env",
                ChannelProblem::HalfCredentials("username is set, so a password is required"),
            );
            None
        }
        (None, Some(_)) => {
            e.add(
                "username",
                ChannelProblem::HalfCredentials("a password is set without username"),
            );
            None
        }
        (None, None) => None,
    };
    let port = d.smtp_port.unwrap_or(match tls {
        Tls::StartTls => 587,
        Tls::Tls => 465,
        Tls::None => 25,
    });
    EmailSettings {
        host,
        port,
        tls,
        credentials,
        from,
        to,
        owners: d.owners.unwrap_or(false),
    }
}

fn webhook(d: &ChannelDraft, env: input::Env, e: &mut ChannelErrors) -> ChannelKind {
    let url = hook_url(d, env, e);
    let secret = secret(&d.secret, &d.secret_env, ("secret", "secret_env"), env, e);
    if secret
        .as_ref()
        .is_some_and(|s| webhook::secret_key(s.expose()).is_none())
    {
        e.add("secret", ChannelProblem::NotWebhookSecret);
    }
    ChannelKind::Webhook { url, secret }
}

/// The URL of a webhook, Slack or Teams channel (a secret: URLs often hold tokens).
fn hook_url(d: &ChannelDraft, env: input::Env, e: &mut ChannelErrors) -> Secret {
    let url = secret(&d.url, &d.url_env, ("url", "url_env"), env, e);
    match &url {
        None if d.url.is_none() && d.url_env.is_none() => {
            e.add("url", ChannelProblem::Required(" (or url_env)"))
        }
        Some(s) if !is_web_url(s.expose()) => e.add("url", ChannelProblem::NotUrl),
        _ => {}
    }
    url.unwrap_or_default()
}

/// The channels in use: the config file's, then the dashboard's (a config channel of the same
/// name wins). Clones share one set; [`Channels::reload`] after a channel is saved or deleted.
#[derive(Debug, Clone, Default)]
pub struct Channels {
    declared: Arc<Vec<Channel>>,
    all: Arc<RwLock<Arc<Vec<Channel>>>>,
}

impl From<Vec<Channel>> for Channels {
    fn from(declared: Vec<Channel>) -> Channels {
        Channels {
            all: Arc::new(RwLock::new(Arc::new(declared.clone()))),
            declared: Arc::new(declared),
        }
    }
}

impl Channels {
    /// Every channel in use now.
    pub fn all(&self) -> Arc<Vec<Channel>> {
        match self.all.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.all().len()
    }

    /// None at all.
    pub fn is_empty(&self) -> bool {
        self.all().is_empty()
    }

    /// One by name.
    pub fn get(&self, name: &str) -> Option<Channel> {
        self.all().iter().find(|c| c.name == name).cloned()
    }

    /// Whether `name` is a config file channel's.
    pub fn is_declared(&self, name: &str) -> bool {
        self.declared.iter().any(|c| c.name == name)
    }

    /// Merges the dashboard's channels again (a stored channel that no longer parses is logged
    /// and left out).
    pub fn reload(&self, store: &crate::store::Store) -> Result<(), crate::store::StoreError> {
        let mut all = (*self.declared).clone();
        for (id, draft) in store.channels()? {
            match parse(&draft, &|_| None) {
                Ok(c) if !all.iter().any(|x| x.name == c.name) => all.push(c),
                Ok(_) => {}
                Err(e) => {
                    let problems: Vec<String> = e
                        .iter()
                        .map(|(f, p)| format!("{f}: {}", p.file_text(f)))
                        .collect();
                    tracing::error!(channel = id, problems = %problems.join("; "), "stored alert channel is invalid");
                }
            }
        }
        let all = Arc::new(all);
        match self.all.write() {
            Ok(mut g) => *g = all,
            Err(poisoned) => *poisoned.into_inner() = all,
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(d: &ChannelDraft) -> Vec<&'static str> {
        parse(d, &|_| None)
            .unwrap_err()
            .iter()
            .map(|(f, _)| f)
            .collect()
    }

    #[test]
    fn each_kind_names_its_own_wrong_fields() {
        let email = ChannelDraft {
            name: "it".into(),
            kind: "email".into(),
            from: Some("nobody".into()),
            tls: Some("ssl".into()),
            username: Some("u".into()),
            ..ChannelDraft::default()
        };
        assert_eq!(
            fields(&email),
            ["tls", "smtp_host", "from", "to", "password_env"]
        );
        let hook = ChannelDraft {
            name: "hook".into(),
            kind: "webhook".into(),
            url: Some("ftp://x".into()),
            secret: Some("plain".into()),
            ..ChannelDraft::default()
        };
        assert_eq!(fields(&hook), ["url", "secret"]);
        let teams = ChannelDraft {
            name: String::new(),
            kind: "teams".into(),
            ..ChannelDraft::default()
        };
        assert_eq!(fields(&teams), ["name", "url"]);
        let p = ChannelProblem::NotUrl;
        assert_eq!(p.form_text(Lang::Nl), "is geen http(s)-URL");
        assert_eq!(p.file_text("url"), "is not an http(s) URL");
    }

    #[test]
    fn a_good_slack_channel_parses() {
        let d = ChannelDraft {
            name: "chat".into(),
            kind: "slack".into(),
            language: Some("nl".into()),
            url: Some("https://hooks.slack.com/services/T/B/x".into()),
            ..ChannelDraft::default()
        };
        let c = parse(&d, &|_| None).unwrap();
        assert!(matches!(c.kind, ChannelKind::Slack { .. }));
        assert_eq!(c.language, Lang::Nl);
        let set = Channels::from(vec![c]);
        assert!(set.is_declared("chat") && set.get("chat").is_some() && set.len() == 1);
    }
}
