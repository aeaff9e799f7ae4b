//! One way in. Tenants, app registrations and mailboxes — from the config file, a manage form or
//! discovery — are parsed here, once, from a raw draft into typed values, and every wrong field
//! comes back as a [`Problem`] keyed by its [`Field`]. The caller only says where the draft came
//! from: the config loader prefixes `tenants[i].apps[j].` and prints the file's wording, a form
//! puts each problem next to its input in the reader's language.

mod entities;
mod ids;

pub use entities::{
    app, is_web_url, mailbox, parse_date, tenant, App, AppDraft, Mailbox, MailboxDraft,
    SecretDraft, Tenant, TenantDraft,
};
pub use ids::{is_address, is_guid, is_tenant_id, Address, ClientId, ObjectId, Scope, TenantId};

use crate::explain::Lang;
use crate::targets::Secret;

/// Looks up an environment variable (the config file names secrets by variable).
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// A field of a tenant, app registration or mailbox draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The directory's id.
    TenantId,
    /// Display name.
    Name,
    /// Monitor app's client id.
    MonitorClientId,
    /// Monitor app's secret.
    MonitorSecret,
    /// The variable holding the monitor app's secret.
    MonitorSecretEnv,
    /// Application (client) id.
    ClientId,
    /// Client secret.
    ClientSecret,
    /// The variable holding the client secret.
    ClientSecretEnv,
    /// Expiry entered by hand.
    SecretExpires,
    /// Consumer kind.
    ConsumerKind,
    /// Consumer URL.
    ConsumerUrl,
    /// Delegated scopes.
    RequiredScopes,
    /// Mail address.
    Address,
    /// Account object id.
    ObjectId,
}

impl Field {
    /// Its key in the config file (`tenants[i].…`).
    pub fn file_key(self) -> &'static str {
        match self {
            Field::TenantId => "id",
            Field::Name => "name",
            Field::MonitorClientId => "monitor_client_id",
            Field::MonitorSecret => "monitor_client_secret",
            Field::MonitorSecretEnv => "monitor_client_secret_env",
            Field::ClientId => "client_id",
            Field::ClientSecret => "client_secret",
            Field::ClientSecretEnv => "client_secret_env",
            Field::SecretExpires => "secret_expires",
            Field::ConsumerKind => "consumer.kind",
            Field::ConsumerUrl => "consumer.url",
            Field::RequiredScopes => "required_scopes",
            Field::Address => "address",
            Field::ObjectId => "object_id",
        }
    }

    /// Its input's name in the manage forms.
    pub fn form_key(self) -> &'static str {
        match self {
            Field::TenantId => "tenant_id",
            Field::MonitorSecret | Field::MonitorSecretEnv => "monitor_secret",
            Field::ClientSecret | Field::ClientSecretEnv => "client_secret",
            Field::ConsumerKind => "consumer_kind",
            Field::ConsumerUrl => "consumer_url",
            other => other.file_key(),
        }
    }
}

/// What is wrong with a field. Values are kept so the file's message can quote them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Neither a GUID nor a domain.
    NotTenantId(String),
    /// Not a GUID.
    NotGuid(String),
    /// Not a mail address.
    NotAddress(String),
    /// Not a date.
    NotDate(String),
    /// Not an http(s) URL.
    NotUrl(String),
    /// Not a scope name.
    NotScope(String),
    /// An empty scope list.
    NoScopes,
    /// Not a consumer kind.
    NotConsumerKind(String),
    /// A name given but blank.
    NoName,
    /// Both the value and the variable of a secret.
    SecretTwice,
    /// A secret given as an empty value.
    SecretEmpty,
    /// The variable named for a secret is unset.
    EnvUnset(String),
    /// No client secret for an app.
    NoClientSecret,
    /// A monitor client id without its secret.
    NoMonitorSecret,
    /// A monitor secret without its client id.
    NoMonitorClientId,
}

impl Problem {
    /// The config file's wording (English, quoting the value), for `field`.
    pub fn file_text(&self, field: Field) -> String {
        let key = field.file_key();
        match self {
            Problem::NotTenantId(v) => format!("{v:?} is neither a GUID nor a domain name"),
            Problem::NotGuid(v) => format!("{v:?} is not a GUID"),
            Problem::NotAddress(v) => format!("{v:?} is not a mail address"),
            Problem::NotDate(v) => format!("{v:?} is not a date such as 2027-05-01"),
            Problem::NotUrl(v) => format!("{v:?} is not an http(s) URL"),
            Problem::NotScope(v) => format!("{v:?} is not a scope name such as Mail.Send.Shared"),
            Problem::NoScopes => "must name at least one scope".into(),
            Problem::NotConsumerKind(v) => {
                format!("{v:?} is not one of econobis, imagecapture, generic")
            }
            Problem::NoName => "is empty: leave it out to use the id".into(),
            Problem::SecretTwice => format!("set either {key} or {key}_env, not both"),
            Problem::SecretEmpty => "is empty".into(),
            Problem::EnvUnset(name) => format!("environment variable {name} is not set or empty"),
            Problem::NoClientSecret => "every app needs its client secret (client_secret_env or client_secret) to be checked".into(),
            Problem::NoMonitorSecret => "monitor_client_id is set, so a monitor_client_secret or monitor_client_secret_env is required".into(),
            Problem::NoMonitorClientId => "a monitor secret is set without monitor_client_id".into(),
        }
    }

    /// The form's wording, next to the field, in `l`.
    pub fn form_text(&self, l: Lang) -> String {
        let t = match self {
            Problem::NotTenantId(_) => l.t("enter-a-guid-or-a-domain"),
            Problem::NotGuid(_) => l.t("not-a-guid-a-guid-has"),
            Problem::NotAddress(_) => l.t("not-a-mail-address-such-as"),
            Problem::NotDate(_) => l.t("not-a-date-such-as-2027"),
            Problem::NotUrl(_) => l.t("not-a-web-address-such-as"),
            Problem::NotScope(_) | Problem::NoScopes => l.t("scope-names-such-as-mail-send"),
            Problem::NotConsumerKind(_) => l.t("choose-econobis-imagecapture-or-generic"),
            Problem::NoName => l.t("enter-a-name"),
            Problem::SecretTwice | Problem::SecretEmpty | Problem::EnvUnset(_) => {
                l.t("enter-the-secret-s-value")
            }
            Problem::NoClientSecret => l.t("enter-the-client-secret-s-value"),
            Problem::NoMonitorSecret => l.t("enter-the-monitor-app-s-secret"),
            Problem::NoMonitorClientId => l.t("enter-the-monitor-app-s-client"),
        };
        t.to_string()
    }
}

/// Every wrong field of one draft, in the order found; the first problem of a field is kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<(Field, Problem)>);

impl FieldErrors {
    /// Records `problem` for `field` (unless the field has one already).
    pub fn add(&mut self, field: Field, problem: Problem) {
        if !self.0.iter().any(|(f, _)| *f == field) {
            self.0.push((field, problem));
        }
    }

    /// No problems.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The problems.
    pub fn iter(&self) -> impl Iterator<Item = &(Field, Problem)> {
        self.0.iter()
    }
}

/// The words of a list typed in one field (separated by spaces, commas or semicolons), or
/// `None` when there are none.
pub fn words(s: &str) -> Option<Vec<String>> {
    let v: Vec<String> = s
        .split([' ', ',', ';'])
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect();
    (!v.is_empty()).then_some(v)
}

/// A secret given either as a value or as the name of an environment variable holding it.
/// `Ok(None)` when neither is given; `Err((true, _))` when the problem is the variable's.
pub fn secret(
    value: Option<&str>,
    env_var: Option<&str>,
    env: Env,
) -> Result<Option<Secret>, (bool, Problem)> {
    match (value, env_var) {
        (Some(_), Some(_)) => Err((false, Problem::SecretTwice)),
        (Some(""), None) => Err((false, Problem::SecretEmpty)),
        (Some(s), None) => Ok(Some(Secret::new(s))),
        (None, Some(name)) => match env(name) {
            Some(s) if !s.is_empty() => Ok(Some(Secret::new(s))),
            _ => Err((true, Problem::EnvUnset(name.to_string()))),
        },
        (None, None) => Ok(None),
    }
}
