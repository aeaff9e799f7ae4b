//! Discovery (`linkwatch discover`): from what a tenant's directory holds, every app
//! registration and service principal with Microsoft Graph mail permissions (configured in
//! `requiredResourceAccess` or granted), its credentials, its consent and the accounts it
//! reaches, in the JSON shape of DESIGN.md. Pure: directory data in, the list out.

use crate::graph::directory::ServicePrincipalSummary;
use crate::observed::{Application, Grant, User};
use crate::scopes;
use crate::targets::ConsumerKind;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// One credential of an app registration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoundCredential {
    /// `secret` or `certificate`.
    pub kind: &'static str,
    /// Its key id.
    pub key_id: String,
    /// The first characters of a secret.
    pub hint: Option<String>,
    /// Its name in the portal.
    pub name: Option<String>,
    /// When it expires.
    pub expires_at: Option<DateTime<Utc>>,
}

/// An account the app reaches through a per-user grant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoundAccount {
    /// Its object id.
    pub object_id: String,
    /// Its mail address (or sign-in name), when the directory gave it.
    pub address: Option<String>,
    /// The mail scopes granted for it.
    pub scopes: Vec<String>,
}

/// One app with mail permissions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoundApp {
    /// Client id.
    pub client_id: String,
    /// Display name.
    pub name: String,
    /// Mail scopes, configured or granted.
    pub mail_scopes: Vec<String>,
    /// Application mail permissions (app-only, every mailbox) as configured in the app
    /// registration; whether an admin granted them is not read.
    pub mail_roles: Vec<String>,
    /// `tenant` (an admin consented for everyone), `users` (per account) or `none`.
    pub consent: &'static str,
    /// Secrets and certificates (none for a third-party app registered elsewhere).
    pub credentials: Vec<FoundCredential>,
    /// Accounts with a per-user grant.
    pub accounts: Vec<FoundAccount>,
    /// Whether linkwatch watches it already.
    pub watched: bool,
    /// Which business application it probably is, from its name and redirect URIs (editable
    /// when it is watched).
    pub consumer_kind: ConsumerKind,
}

/// Which business application an app registration probably belongs to: Econobis and
/// ImageCapture name themselves in the registration's name or its redirect URIs (Econobis
/// redirects to `…/oauth/callback` on its own host, e.g. `contoso.econobis.nl`).
pub fn guess_kind<'a>(
    name: &str,
    redirect_uris: impl IntoIterator<Item = &'a str>,
) -> ConsumerKind {
    let mut text = name.to_ascii_lowercase();
    for u in redirect_uris {
        text.push_str(&u.to_ascii_lowercase());
    }
    // Letters and digits only: "Image-Capture", "image capture" and "imagecapture" are alike.
    let squeezed: String = text.chars().filter(char::is_ascii_alphanumeric).collect();
    if squeezed.contains("econobis") {
        ConsumerKind::Econobis
    } else if squeezed.contains("imagecapture") {
        ConsumerKind::ImageCapture
    } else {
        ConsumerKind::Generic
    }
}

/// The tenants that own Microsoft's first-party applications.
const MICROSOFT_TENANTS: &[&str] = &[
    "f8cdef31-a31e-4b4a-93e4-5f571e91255a",
    "72f988bf-86f1-41af-91ab-2d7cd011db47",
];

fn is_mail(scope: &str) -> bool {
    scope.starts_with("Mail.")
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x.eq_ignore_ascii_case(s)) {
        v.push(s.to_string());
    }
}

/// An account the app reaches, with its address when the directory read found it.
fn account(object_id: &str, users: &HashMap<String, User>, scopes: Vec<String>) -> FoundAccount {
    let u = users.get(&object_id.to_ascii_lowercase());
    FoundAccount {
        object_id: object_id.to_string(),
        address: u.and_then(|u| u.mail.clone().or_else(|| u.user_principal_name.clone())),
        scopes,
    }
}

/// The tenant's apps with mail permissions, by name. `own_tenant`: the tenant's GUID, to tell
/// its own and third-party apps from Microsoft's first-party ones (left out); `watched`:
/// the client ids linkwatch watches, lower case.
pub fn discover(
    apps: &[Application],
    sps: &[ServicePrincipalSummary],
    grants: &[Grant],
    users: &HashMap<String, User>,
    watched: &HashSet<String>,
    signed_in: &HashMap<String, Vec<String>>,
) -> Vec<FoundApp> {
    let by_client: HashMap<String, &Application> = apps
        .iter()
        .map(|a| (a.app_id.to_ascii_lowercase(), a))
        .collect();
    let mut out: Vec<FoundApp> = Vec::new();
    // Every service principal with grants, and every registered application.
    let mut clients: Vec<(String, String, Option<&ServicePrincipalSummary>)> = Vec::new();
    for a in apps {
        let sp = sps.iter().find(|s| {
            s.app_id
                .as_deref()
                .is_some_and(|i| i.eq_ignore_ascii_case(&a.app_id))
        });
        clients.push((
            a.app_id.to_ascii_lowercase(),
            a.display_name.clone().unwrap_or_else(|| a.app_id.clone()),
            sp,
        ));
    }
    for sp in sps {
        let Some(app_id) = sp.app_id.as_deref().map(str::to_ascii_lowercase) else {
            continue;
        };
        // Microsoft's own first-party apps (owned by Microsoft's tenants) are left out.
        if sp
            .app_owner_organization_id
            .as_deref()
            .is_some_and(|o| MICROSOFT_TENANTS.iter().any(|m| o.eq_ignore_ascii_case(m)))
        {
            continue;
        }
        if !by_client.contains_key(&app_id) {
            clients.push((
                app_id,
                sp.display_name.clone().unwrap_or_default(),
                Some(sp),
            ));
        }
    }
    for (client_id, name, sp) in clients {
        let app = by_client.get(&client_id).copied();
        let mut mail_scopes: Vec<String> = Vec::new();
        let mut mail_roles: Vec<String> = Vec::new();
        for r in app
            .map(|a| a.required_resource_access.as_slice())
            .unwrap_or(&[])
        {
            if !r.resource_app_id.eq_ignore_ascii_case(scopes::GRAPH_APP_ID) {
                continue;
            }
            for x in &r.resource_access {
                match x.kind.as_str() {
                    "Scope" => {
                        if let Some(n) = scopes::name_of(&x.id).filter(|n| is_mail(n)) {
                            push_unique(&mut mail_scopes, n);
                        }
                    }
                    "Role" => {
                        if let Some(n) = scopes::role_name_of(&x.id) {
                            push_unique(&mut mail_roles, n);
                        }
                    }
                    _ => {}
                }
            }
        }
        let mine: Vec<&Grant> = sp
            .map(|sp| {
                grants
                    .iter()
                    .filter(|g| g.client_id.eq_ignore_ascii_case(&sp.id))
                    .collect()
            })
            .unwrap_or_default();
        let mut tenant_wide = false;
        let mut tenant_scopes: Vec<String> = Vec::new();
        let mut accounts: Vec<FoundAccount> = Vec::new();
        for g in &mine {
            let granted: Vec<String> = scopes::parse_list(g.scope.as_deref().unwrap_or(""))
                .into_iter()
                .filter(|s| is_mail(s))
                .collect();
            if granted.is_empty() {
                continue;
            }
            for s in &granted {
                push_unique(&mut mail_scopes, s);
            }
            match (g.consent_type.as_str(), &g.principal_id) {
                ("AllPrincipals", _) => {
                    tenant_wide = true;
                    tenant_scopes = granted;
                }
                (_, Some(p)) => accounts.push(account(p, users, granted)),
                _ => {}
            }
        }
        // A tenant-wide consent names no accounts; the application's own sign-ins (signal 4) do.
        if tenant_wide {
            for p in signed_in.get(&client_id).into_iter().flatten() {
                if !accounts.iter().any(|a| a.object_id.eq_ignore_ascii_case(p)) {
                    accounts.push(account(p, users, tenant_scopes.clone()));
                }
            }
        }
        if mail_scopes.is_empty() && mail_roles.is_empty() {
            continue;
        }
        let credentials = app
            .map(|a| {
                let mut c: Vec<FoundCredential> = a
                    .password_credentials
                    .iter()
                    .map(|c| FoundCredential {
                        kind: "secret",
                        key_id: c.key_id.clone(),
                        hint: c.hint.clone(),
                        name: c.display_name.clone(),
                        expires_at: c.end_date_time,
                    })
                    .collect();
                c.extend(a.key_credentials.iter().map(|c| FoundCredential {
                    kind: "certificate",
                    key_id: c.key_id.clone(),
                    hint: None,
                    name: c.display_name.clone(),
                    expires_at: c.end_date_time,
                }));
                c
            })
            .unwrap_or_default();
        accounts.sort_by(|a, b| a.address.cmp(&b.address));
        let uris: Vec<&str> = app.map(|a| a.redirect_uris().collect()).unwrap_or_default();
        out.push(FoundApp {
            consumer_kind: guess_kind(&name, uris),
            watched: watched.contains(&client_id),
            client_id,
            name,
            mail_scopes,
            mail_roles,
            consent: if tenant_wide {
                "tenant"
            } else if !accounts.is_empty() {
                "users"
            } else {
                "none"
            },
            credentials,
            accounts,
        });
    }
    out.sort_by_key(|a| a.name.to_lowercase());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::observed::{Credential, ResourceAccess, ResourceAccessList};

    fn app(id: &str, name: &str, scopes_guids: &[&str]) -> Application {
        Application {
            id: format!("obj-{id}"),
            app_id: id.into(),
            display_name: Some(name.into()),
            password_credentials: vec![Credential {
                key_id: "k1".into(),
                display_name: Some("s".into()),
                hint: Some("Abc".into()),
                end_date_time: None,
                start_date_time: None,
            }],
            key_credentials: Vec::new(),
            required_resource_access: vec![ResourceAccessList {
                resource_app_id: scopes::GRAPH_APP_ID.into(),
                resource_access: scopes_guids
                    .iter()
                    .map(|g| ResourceAccess {
                        id: g.to_string(),
                        kind: "Scope".into(),
                    })
                    .collect(),
            }],
            web: None,
            spa: None,
            public_client: None,
        }
    }

    fn sp(id: &str, app_id: &str, name: &str) -> ServicePrincipalSummary {
        ServicePrincipalSummary {
            id: id.into(),
            app_id: Some(app_id.into()),
            display_name: Some(name.into()),
            app_owner_organization_id: None,
        }
    }

    fn grant(client: &str, principal: Option<&str>, scope: &str) -> Grant {
        Grant {
            client_id: client.into(),
            consent_type: if principal.is_some() {
                "Principal"
            } else {
                "AllPrincipals"
            }
            .into(),
            principal_id: principal.map(String::from),
            resource_id: None,
            scope: Some(scope.into()),
        }
    }

    #[test]
    fn mail_apps_with_their_consent_and_accounts_others_left_out() {
        let mail_read = scopes::guid_of("Mail.Read").unwrap();
        let user_read = scopes::guid_of("User.Read").unwrap();
        let apps = vec![
            app("A1", "Econobis", &[mail_read]),
            app("A2", "Intranet", &[user_read]),
            app("A3", "Newsletter", &[]),
        ];
        let sps = vec![
            sp("sp1", "a1", "Econobis"),
            sp("sp2", "a2", "Intranet"),
            sp("sp3", "a3", "Newsletter"),
            sp("sp9", "x9", "Scanner (third party)"),
        ];
        let grants = vec![
            grant("sp1", Some("U1"), " User.Read Mail.Read offline_access"),
            grant("sp3", None, "Mail.Send"),
            grant("sp9", Some("u2"), "Mail.ReadWrite"),
            grant("sp2", None, "User.Read"),
        ];
        let users = HashMap::from([(
            "u1".to_string(),
            User {
                id: "U1".into(),
                user_principal_name: Some("info@contoso.nl".into()),
                mail: None,
                account_enabled: None,
            },
        )]);
        let found = discover(
            &apps,
            &sps,
            &grants,
            &users,
            &HashSet::from(["a1".to_string()]),
            &HashMap::new(),
        );
        let summary: Vec<_> = found
            .iter()
            .map(|a| (a.name.as_str(), a.consent, a.watched, a.mail_scopes.clone()))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("Econobis", "users", true, vec!["Mail.Read".to_string()]),
                ("Newsletter", "tenant", false, vec!["Mail.Send".to_string()]),
                (
                    "Scanner (third party)",
                    "users",
                    false,
                    vec!["Mail.ReadWrite".to_string()]
                ),
            ]
        );
        assert_eq!(
            found[0].accounts[0].address.as_deref(),
            Some("info@contoso.nl")
        );
        assert_eq!(found[0].credentials[0].kind, "secret");
        assert!(
            found[2].credentials.is_empty(),
            "registered in another tenant"
        );
    }
}

#[cfg(test)]
mod guess_tests {
    use super::*;

    #[test]
    fn the_consumer_is_guessed_from_the_name_and_redirect_uris() {
        let cases: &[(&str, &[&str], ConsumerKind)] = &[
            ("Econobis", &[], ConsumerKind::Econobis),
            (
                "Mail koppeling",
                &["https://contoso.econobis.nl/oauth/callback"],
                ConsumerKind::Econobis,
            ),
            ("Image-Capture mail", &[], ConsumerKind::ImageCapture),
            (
                "Scanner",
                &["https://app.imagecapture.nl/ms/redirect"],
                ConsumerKind::ImageCapture,
            ),
            (
                "Helpdesk",
                &["https://helpdesk.contoso.nl/auth"],
                ConsumerKind::Generic,
            ),
        ];
        for (name, uris, want) in cases {
            assert_eq!(guess_kind(name, uris.iter().copied()), *want, "{name}");
        }
    }
}
