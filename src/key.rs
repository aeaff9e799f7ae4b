//! Identities that travel as text: a target's key (history, alert state, `caused_by`) and
//! the dashboard's paths. Each is built and read here only.

use std::fmt;

/// What a key names. Stored and shown as `app:{tenant}/{client}`,
/// `mailbox:{tenant}/{client}/{address}` and `tenant:{tenant}` (a maintenance window).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TargetKey {
    /// An app registration.
    App {
        /// Tenant id as configured.
        tenant: String,
        /// Client id.
        client: String,
    },
    /// A mailbox linked through an app registration.
    Mailbox {
        /// Tenant id as configured.
        tenant: String,
        /// Client id.
        client: String,
        /// Its address.
        address: String,
    },
    /// A whole tenant (its maintenance window).
    Tenant(String),
}

impl TargetKey {
    /// An app registration's key.
    pub fn app(tenant: &str, client: &str) -> TargetKey {
        TargetKey::App {
            tenant: tenant.into(),
            client: client.into(),
        }
    }

    /// A mailbox's key.
    pub fn mailbox(tenant: &str, client: &str, address: &str) -> TargetKey {
        TargetKey::Mailbox {
            tenant: tenant.into(),
            client: client.into(),
            address: address.into(),
        }
    }

    /// A tenant's key.
    pub fn tenant(tenant: &str) -> TargetKey {
        TargetKey::Tenant(tenant.into())
    }

    /// Reads a stored key; `None` when it is not one.
    pub fn parse(s: &str) -> Option<TargetKey> {
        let (kind, rest) = s.split_once(':')?;
        let mut parts = rest.splitn(3, '/');
        let (a, b, c) = (parts.next()?, parts.next(), parts.next());
        let key = match (kind, b, c) {
            ("tenant", None, None) => TargetKey::tenant(a),
            ("app", Some(b), None) => TargetKey::app(a, b),
            ("mailbox", Some(b), Some(c)) => TargetKey::mailbox(a, b, c),
            _ => return None,
        };
        let empty = match &key {
            TargetKey::App { tenant, client } => tenant.is_empty() || client.is_empty(),
            TargetKey::Mailbox {
                tenant,
                client,
                address,
            } => tenant.is_empty() || client.is_empty() || address.is_empty(),
            TargetKey::Tenant(t) => t.is_empty(),
        };
        (!empty).then_some(key)
    }

    /// The key of the app registration a mailbox is linked through (an app's own key for an
    /// app).
    pub fn app_of(&self) -> Option<TargetKey> {
        match self {
            TargetKey::App { .. } => Some(self.clone()),
            TargetKey::Mailbox { tenant, client, .. } => Some(TargetKey::app(tenant, client)),
            TargetKey::Tenant(_) => None,
        }
    }
}

impl fmt::Display for TargetKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetKey::App { tenant, client } => write!(f, "app:{tenant}/{client}"),
            TargetKey::Mailbox {
                tenant,
                client,
                address,
            } => write!(f, "mailbox:{tenant}/{client}/{address}"),
            TargetKey::Tenant(t) => write!(f, "tenant:{t}"),
        }
    }
}

/// A watched thing by its row id, as audit entries name it (`app:2`, `mailbox:7`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowRef {
    /// An app registration's row.
    App(i64),
    /// A mailbox's row.
    Mailbox(i64),
}

impl RowRef {
    /// Reads an audit target; `None` when it names something else.
    pub fn parse(s: &str) -> Option<RowRef> {
        let (kind, id) = s.split_once(':')?;
        let id = id.parse().ok()?;
        match kind {
            "app" => Some(RowRef::App(id)),
            "mailbox" => Some(RowRef::Mailbox(id)),
            _ => None,
        }
    }
}

impl fmt::Display for RowRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RowRef::App(id) => write!(f, "app:{id}"),
            RowRef::Mailbox(id) => write!(f, "mailbox:{id}"),
        }
    }
}

/// The dashboard's pages of watched things, by row id.
pub mod paths {
    /// A tenant's page.
    pub fn tenant(id: i64) -> String {
        format!("/tenants/{id}")
    }

    /// An app registration's page.
    pub fn app(id: i64) -> String {
        format!("/apps/{id}")
    }

    /// A mailbox's page.
    pub fn mailbox(id: i64) -> String {
        format!("/mailboxes/{id}")
    }

    /// A page or action under an app registration's page (`rotate`, `check`, `runbook`).
    pub fn app_sub(id: i64, what: &str) -> String {
        format!("{}/{what}", app(id))
    }

    /// A page or action under a mailbox's page (`relink`, `check`).
    pub fn mailbox_sub(id: i64, what: &str) -> String {
        format!("{}/{what}", mailbox(id))
    }

    /// A page under a tenant's page (`discover`).
    pub fn tenant_sub(id: i64, what: &str) -> String {
        format!("{}/{what}", tenant(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_as_written() {
        for k in [
            TargetKey::app("contoso.onmicrosoft.com", "a0"),
            TargetKey::mailbox("t", "c", "info@contoso.nl"),
            TargetKey::tenant("t"),
        ] {
            assert_eq!(TargetKey::parse(&k.to_string()), Some(k));
        }
        assert_eq!(
            TargetKey::parse("mailbox:t/c/a@x.nl").and_then(|k| k.app_of()),
            Some(TargetKey::app("t", "c"))
        );
        assert_eq!(RowRef::parse("mailbox:7"), Some(RowRef::Mailbox(7)));
        assert_eq!(
            RowRef::parse(&RowRef::App(2).to_string()),
            Some(RowRef::App(2))
        );
        assert_eq!(RowRef::parse("app:t/c"), None);
        for bad in [
            "app:t",
            "mailbox:t/c",
            "x:t/c",
            "app:/c",
            "tenant:",
            "nothing",
        ] {
            assert_eq!(TargetKey::parse(bad), None, "{bad}");
        }
    }
}
