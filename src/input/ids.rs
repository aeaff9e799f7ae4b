//! Typed identities: each parses once, then is known good. `Display` gives the stored form
//! (GUIDs lower-case, as Graph returns them).

use std::fmt;

/// Whether `s` looks like a GUID (8-4-4-4-12 hex digits).
pub fn is_guid(s: &str) -> bool {
    uuid::Uuid::try_parse(s).is_ok() && s.len() == 36
}

/// Whether `s` looks like a mail address: one `@`, something on both sides, a dot in the domain.
pub fn is_address(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c == '<' || c == '>')
        && !domain.contains('@')
}

/// Whether `s` is a plausible tenant id: a GUID or a domain name.
pub fn is_tenant_id(s: &str) -> bool {
    is_guid(s)
        || (s.contains('.')
            && s.split('.').all(|part| {
                !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            }))
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $check:expr, $norm:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Parses `s` (trimmed); `None` when it is not one.
            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim();
                let check: fn(&str) -> bool = $check;
                let norm: fn(&str) -> String = $norm;
                check(s).then(|| $name(norm(s)))
            }

            /// The stored form.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }
    };
}

id_type!(
    /// A directory: its GUID or a verified domain, as entered (Microsoft accepts both).
    TenantId,
    is_tenant_id,
    str::to_string
);
id_type!(
    /// An application (client) id.
    ClientId,
    is_guid,
    str::to_ascii_lowercase
);
id_type!(
    /// A directory object's id (a user, a service principal).
    ObjectId,
    is_guid,
    str::to_ascii_lowercase
);
id_type!(
    /// An SMTP address, as entered.
    Address,
    is_address,
    str::to_string
);
id_type!(
    /// A delegated permission name such as `Mail.Send.Shared`.
    Scope,
    |s| {
        !s.is_empty()
            && s
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    },
    str::to_string
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_and_normalise() {
        let c = ClientId::parse(" A0000000-0000-4000-8000-000000000001 ").unwrap();
        assert_eq!(c.to_string(), "a0000000-0000-4000-8000-000000000001");
        assert!(ClientId::parse("a0000000").is_none());
        assert!(TenantId::parse("contoso.onmicrosoft.com").is_some());
        assert!(TenantId::parse("contoso").is_none());
        assert!(Address::parse("info@contoso.nl").is_some());
        assert!(Address::parse("info@contoso").is_none());
        assert!(Scope::parse("Mail.Send.Shared").is_some());
        assert!(Scope::parse("offline_access").is_some());
        for bad in ["", "Mail Send", "Mail,Send", "<x>"] {
            assert!(Scope::parse(bad).is_none(), "{bad:?}");
        }
    }
}
