//! Tenants, app registrations and mailboxes: a draft of raw strings in, typed values or the
//! wrong fields out. The rules live here and nowhere else.

use super::ids::{Address, ClientId, ObjectId, Scope, TenantId};
use super::{secret, Env, Field, FieldErrors, Problem};
use crate::targets::{Consumer, ConsumerKind, Secret};
use chrono::{DateTime, NaiveDate, Utc};

/// A secret as given: a value, the name of a variable holding it, and whether one is stored
/// already (a form may leave it empty to keep it).
#[derive(Debug, Clone, Copy, Default)]
pub struct SecretDraft<'a> {
    /// The value typed or written in the file.
    pub value: Option<&'a str>,
    /// The environment variable named in the file.
    pub env_var: Option<&'a str>,
    /// A secret is stored already.
    pub stored: bool,
}

/// A tenant as given.
#[derive(Debug, Clone, Copy, Default)]
pub struct TenantDraft<'a> {
    /// GUID or verified domain.
    pub tenant_id: &'a str,
    /// Display name; absent or blank: the id.
    pub name: Option<&'a str>,
    /// linkwatch's monitor app in this tenant.
    pub monitor_client_id: Option<&'a str>,
    /// Its secret.
    pub monitor_secret: SecretDraft<'a>,
}

/// A tenant, parsed.
#[derive(Debug, Clone)]
pub struct Tenant {
    /// Its id.
    pub tenant_id: TenantId,
    /// Display name.
    pub name: String,
    /// The monitor app's client id.
    pub monitor_client_id: Option<ClientId>,
    /// A new monitor secret (`None` with a client id: the stored one is kept).
    pub monitor_secret: Option<Secret>,
}

/// An app registration as given.
#[derive(Debug, Clone, Default)]
pub struct AppDraft<'a> {
    /// Application (client) id.
    pub client_id: &'a str,
    /// Display name; absent: the client id; blank: refused.
    pub name: Option<&'a str>,
    /// Client secret.
    pub secret: SecretDraft<'a>,
    /// `YYYY-MM-DD` or RFC 3339.
    pub secret_expires: Option<&'a str>,
    /// econobis | imagecapture | generic; absent: generic.
    pub consumer_kind: Option<&'a str>,
    /// The consumer's own name.
    pub consumer_name: Option<&'a str>,
    /// Where the consumer runs.
    pub consumer_url: Option<&'a str>,
    /// Delegated scopes; absent: the consumer kind's defaults.
    pub required_scopes: Option<Vec<&'a str>>,
    /// Watched without a secret of its own (picked from discovery): the app-token probe is
    /// skipped, the directory and the application's sign-ins remain.
    pub secret_optional: bool,
}

/// An app registration, parsed (its mailboxes are parsed one by one).
#[derive(Debug, Clone)]
pub struct App {
    /// Client id.
    pub client_id: ClientId,
    /// Display name.
    pub name: String,
    /// A new client secret (`None` when a stored one is kept).
    pub client_secret: Option<Secret>,
    /// Expiry entered by hand.
    pub secret_expires: Option<DateTime<Utc>>,
    /// Delegated scopes every mailbox needs.
    pub required_scopes: Vec<Scope>,
    /// Who uses it.
    pub consumer: Consumer,
}

/// A mailbox as given.
#[derive(Debug, Clone, Default)]
pub struct MailboxDraft<'a> {
    /// SMTP address.
    pub address: &'a str,
    /// The account's object id.
    pub object_id: &'a str,
    /// Scopes, when they differ from the app's.
    pub required_scopes: Option<Vec<&'a str>>,
}

/// A mailbox, parsed.
#[derive(Debug, Clone)]
pub struct Mailbox {
    /// Address.
    pub address: Address,
    /// Object id.
    pub object_id: ObjectId,
    /// Own scopes.
    pub required_scopes: Option<Vec<Scope>>,
}

/// Parses a tenant.
pub fn tenant(d: &TenantDraft, env: Env) -> Result<Tenant, FieldErrors> {
    let mut e = FieldErrors::default();
    let tenant_id = TenantId::parse(d.tenant_id);
    if tenant_id.is_none() {
        e.add(Field::TenantId, Problem::NotTenantId(d.tenant_id.into()));
    }
    let monitor_client_id = d.monitor_client_id.map(|id| {
        let parsed = ClientId::parse(id);
        if parsed.is_none() {
            e.add(Field::MonitorClientId, Problem::NotGuid(id.into()));
        }
        parsed
    });
    let monitor_secret = secret_of(
        &d.monitor_secret,
        env,
        (Field::MonitorSecret, Field::MonitorSecretEnv),
        &mut e,
    );
    match (&monitor_client_id, &monitor_secret) {
        (Some(_), None) if !d.monitor_secret.stored => {
            e.add(Field::MonitorSecret, Problem::NoMonitorSecret)
        }
        (None, Some(_)) => e.add(Field::MonitorClientId, Problem::NoMonitorClientId),
        _ => {}
    }
    let (Some(tenant_id), true) = (tenant_id, e.is_empty()) else {
        return Err(e);
    };
    Ok(Tenant {
        name: d
            .name
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map_or_else(|| tenant_id.to_string(), String::from),
        tenant_id,
        monitor_client_id: monitor_client_id.flatten(),
        monitor_secret,
    })
}

/// Parses an app registration's own fields.
pub fn app(d: &AppDraft, env: Env) -> Result<App, FieldErrors> {
    let mut e = FieldErrors::default();
    let client_id = ClientId::parse(d.client_id);
    if client_id.is_none() {
        e.add(Field::ClientId, Problem::NotGuid(d.client_id.into()));
    }
    if d.name.is_some_and(|n| n.trim().is_empty()) {
        e.add(Field::Name, Problem::NoName);
    }
    let client_secret = secret_of(
        &d.secret,
        env,
        (Field::ClientSecret, Field::ClientSecretEnv),
        &mut e,
    );
    let nothing_given = d.secret.value.is_none() && d.secret.env_var.is_none();
    if nothing_given && !d.secret.stored && !d.secret_optional {
        e.add(Field::ClientSecret, Problem::NoClientSecret);
    }
    let secret_expires = d.secret_expires.and_then(|s| {
        let parsed = parse_date(s.trim());
        if parsed.is_none() {
            e.add(Field::SecretExpires, Problem::NotDate(s.into()));
        }
        parsed
    });
    let kind = match d.consumer_kind {
        None => ConsumerKind::Generic,
        Some(k) => ConsumerKind::parse(k.trim()).unwrap_or_else(|| {
            e.add(Field::ConsumerKind, Problem::NotConsumerKind(k.into()));
            ConsumerKind::Generic
        }),
    };
    if let Some(u) = d.consumer_url {
        if !is_web_url(u.trim()) {
            e.add(Field::ConsumerUrl, Problem::NotUrl(u.into()));
        }
    }
    let required_scopes = match &d.required_scopes {
        Some(s) => scopes(s, &mut e),
        None => kind
            .default_scopes()
            .iter()
            .filter_map(|s| Scope::parse(s))
            .collect(),
    };
    let (Some(client_id), true) = (client_id, e.is_empty()) else {
        return Err(e);
    };
    Ok(App {
        name: d
            .name
            .map_or_else(|| d.client_id.trim().to_string(), |n| n.trim().to_string()),
        client_id,
        client_secret,
        secret_expires,
        required_scopes,
        consumer: Consumer {
            kind,
            name: d.consumer_name.map(String::from),
            url: d.consumer_url.map(|u| u.trim().to_string()),
        },
    })
}

/// Parses a mailbox.
pub fn mailbox(d: &MailboxDraft) -> Result<Mailbox, FieldErrors> {
    let mut e = FieldErrors::default();
    let address = Address::parse(d.address);
    if address.is_none() {
        e.add(Field::Address, Problem::NotAddress(d.address.into()));
    }
    let object_id = ObjectId::parse(d.object_id);
    if object_id.is_none() {
        e.add(Field::ObjectId, Problem::NotGuid(d.object_id.into()));
    }
    let required_scopes = d.required_scopes.as_ref().map(|s| scopes(s, &mut e));
    let (Some(address), Some(object_id), true) = (address, object_id, e.is_empty()) else {
        return Err(e);
    };
    Ok(Mailbox {
        address,
        object_id,
        required_scopes,
    })
}

/// Parses `YYYY-MM-DD` (end of that day, UTC) or an RFC 3339 time.
pub fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d.and_hms_opt(23, 59, 59)?.and_utc());
    }
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// An http(s) URL.
pub fn is_web_url(s: &str) -> bool {
    url::Url::parse(s).is_ok_and(|u| matches!(u.scheme(), "https" | "http"))
}

fn secret_of(
    d: &SecretDraft,
    env: Env,
    (field, env_field): (Field, Field),
    e: &mut FieldErrors,
) -> Option<Secret> {
    secret(d.value, d.env_var, env).unwrap_or_else(|(on_var, p)| {
        e.add(if on_var { env_field } else { field }, p);
        None
    })
}

fn scopes(given: &[&str], e: &mut FieldErrors) -> Vec<Scope> {
    if given.is_empty() {
        e.add(Field::RequiredScopes, Problem::NoScopes);
    }
    given
        .iter()
        .filter_map(|s| {
            let parsed = Scope::parse(s);
            if parsed.is_none() {
                e.add(Field::RequiredScopes, Problem::NotScope(s.to_string()));
            }
            parsed
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    const ID: &str = "A0000000-0000-4000-8000-000000000001";

    fn fields(e: &FieldErrors) -> Vec<Field> {
        e.iter().map(|(f, _)| *f).collect()
    }

    #[test]
    fn an_app_needs_a_guid_a_secret_and_good_scopes() {
        let d = AppDraft {
            client_id: "nope",
            name: Some(" "),
            secret_expires: Some("next year"),
            consumer_kind: Some("exchange"),
            consumer_url: Some("ftp://x"),
            required_scopes: Some(vec!["Mail.Read", "Mail Send"]),
            ..AppDraft::default()
        };
        let e = app(&d, &no_env).unwrap_err();
        assert_eq!(
            fields(&e),
            [
                Field::ClientId,
                Field::Name,
                Field::ClientSecret,
                Field::SecretExpires,
                Field::ConsumerKind,
                Field::ConsumerUrl,
                Field::RequiredScopes
            ]
        );
    }

    #[test]
    fn an_app_takes_its_kinds_scopes_and_lower_cases_its_id() {
        let d = AppDraft {
            client_id: ID,
            secret: SecretDraft {
                value: Some("v~1"),
                ..SecretDraft::default()
            },
            consumer_kind: Some("econobis"),
            ..AppDraft::default()
        };
        let a = app(&d, &no_env).unwrap();
        assert_eq!(a.client_id.as_str(), ID.to_ascii_lowercase());
        assert_eq!(a.name, ID);
        assert!(a
            .required_scopes
            .iter()
            .any(|s| s.as_str() == "Mail.Send.Shared"));
    }

    #[test]
    fn a_stored_secret_may_be_kept_but_a_variable_must_be_set() {
        let kept = AppDraft {
            client_id: ID,
            secret: SecretDraft {
                stored: true,
                ..SecretDraft::default()
            },
            ..AppDraft::default()
        };
        assert!(app(&kept, &no_env).unwrap().client_secret.is_none());
        let unset = AppDraft {
            secret: SecretDraft {
                env_var: Some("NOPE"),
                ..SecretDraft::default()
            },
            ..kept.clone()
        };
        let e = app(&unset, &no_env).unwrap_err();
        assert_eq!(fields(&e), [Field::ClientSecretEnv]);
    }

    #[test]
    fn a_monitor_needs_both_halves() {
        let d = TenantDraft {
            tenant_id: "contoso.onmicrosoft.com",
            monitor_client_id: Some(ID),
            ..TenantDraft::default()
        };
        assert_eq!(
            fields(&tenant(&d, &no_env).unwrap_err()),
            [Field::MonitorSecret]
        );
        let d = TenantDraft {
            monitor_client_id: None,
            monitor_secret: SecretDraft {
                value: Some("s"),
                ..SecretDraft::default()
            },
            ..d
        };
        assert_eq!(
            fields(&tenant(&d, &no_env).unwrap_err()),
            [Field::MonitorClientId]
        );
        let t = tenant(
            &TenantDraft {
                tenant_id: "contoso.onmicrosoft.com",
                name: Some(""),
                ..TenantDraft::default()
            },
            &no_env,
        )
        .unwrap();
        assert_eq!(t.name, "contoso.onmicrosoft.com");
    }

    #[test]
    fn a_mailbox_needs_an_address_and_an_object_id() {
        let e = mailbox(&MailboxDraft {
            address: "info",
            object_id: "x",
            required_scopes: Some(vec![]),
        })
        .unwrap_err();
        assert_eq!(
            fields(&e),
            [Field::Address, Field::ObjectId, Field::RequiredScopes]
        );
    }
}
