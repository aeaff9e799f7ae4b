//! What the gathered replies mean, before the checks judge them: which credential reads the
//! directory, which grants belong to an app and which to an account, when 403s mean a missing
//! permission, the scopes an app needs in all, what the dashboard's snapshots hold, and the
//! client's errors in the checks' own terms. Pure: the cycle gathers, this interprets.

use crate::checks::{self, Directory, Failure};
use crate::graph::GraphError;
use crate::model::{Finding, Source};
use crate::observed::{Application, Grant, User};
use crate::scopes;
use crate::store::{AppSnapshot, CredentialView, MailboxSnapshot};
use crate::targets::{AppSpec, MailboxSpec, Secret};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// A client error in the checks' terms.
pub fn failure(e: &GraphError) -> Failure {
    match e {
        GraphError::Token(t) => Failure::Token(t.clone()),
        GraphError::Api {
            status,
            code,
            message,
        } => Failure::Api {
            status: *status,
            code: code.clone(),
            message: message.clone(),
        },
        GraphError::Throttled { aad, .. } | GraphError::GaveUp { aad, .. } => Failure::NoAnswer {
            text: e.to_string(),
            aad: aad.as_deref().cloned(),
        },
        other => Failure::NoAnswer {
            text: other.to_string(),
            aad: None,
        },
    }
}

/// A read's result as a directory observation: a 403 is a refusal (a permission is missing).
pub fn to_directory<T>(r: Result<T, GraphError>) -> Directory<T> {
    match r {
        Ok(v) => Directory::Read(v),
        Err(GraphError::Api {
            status: 403,
            code,
            message,
        }) => Directory::Denied(format!("403 {code}: {message}")),
        Err(e) => Directory::Failed(failure(&e)),
    }
}

/// Which token reads the directory: the tenant's monitor credential when there is one (its
/// failure is the answer), else the app's own.
pub fn directory_token(
    monitor: Option<&Result<Secret, String>>,
    own: Option<&Result<Secret, GraphError>>,
) -> Result<Secret, String> {
    match (monitor, own) {
        (Some(Ok(tok)), _) => Ok(tok.clone()),
        (Some(Err(e)), _) => Err(e.clone()),
        (None, Some(Ok(tok))) => Ok(tok.clone()),
        (None, Some(Err(e))) => Err(format!("no token for directory reads: {e}")),
        (None, None) => Err("no credential for directory reads".into()),
    }
}

/// The delegated scopes the app needs in all: its own and every mailbox's extra ones.
pub fn required_scopes(a: &AppSpec) -> Vec<String> {
    let mut required = a.required_scopes.clone();
    for m in &a.mailboxes {
        for s in m.required_scopes.iter().flatten() {
            if !required.iter().any(|r| r.eq_ignore_ascii_case(s)) {
                required.push(s.clone());
            }
        }
    }
    required
}

/// The scopes one mailbox needs.
pub fn mailbox_scopes(a: &AppSpec, m: &MailboxSpec) -> Vec<String> {
    m.required_scopes
        .clone()
        .unwrap_or_else(|| a.required_scopes.clone())
}

/// The grants of one client service principal (`sp_id`) among a tenant's.
pub fn grants_of(all: &[Grant], sp_id: &str) -> Vec<Grant> {
    all.iter()
        .filter(|g| g.client_id.eq_ignore_ascii_case(sp_id))
        .cloned()
        .collect()
}

/// The accounts read in a batch. When every one was refused, the credential lacks the
/// permission to read users: that is a refusal of the read, not of each account.
pub fn accounts(
    users: HashMap<String, Result<User, GraphError>>,
) -> Directory<HashMap<String, Result<User, Failure>>> {
    let all_refused = !users.is_empty()
        && users
            .values()
            .all(|r| matches!(r, Err(GraphError::Api { status: 403, .. })));
    if all_refused {
        return Directory::Denied("403 on every account".into());
    }
    Directory::Read(
        users
            .into_iter()
            .map(|(id, r)| (id, r.map_err(|e| failure(&e))))
            .collect(),
    )
}

/// One account from the batch's accounts.
pub fn account_of(
    users: &Directory<HashMap<String, Result<User, Failure>>>,
    object_id: &str,
) -> Directory<User> {
    match users {
        Directory::Read(map) => match map.get(object_id) {
            Some(Ok(u)) => Directory::Read(u.clone()),
            Some(Err(Failure::Api { status: 403, .. })) => Directory::Denied("403".into()),
            Some(Err(e)) => Directory::Failed(e.clone()),
            None => Directory::NotTried("not in the batch reply".into()),
        },
        Directory::Denied(w) => Directory::Denied(w.clone()),
        Directory::NotTried(w) => Directory::NotTried(w.clone()),
        Directory::Failed(e) => Directory::Failed(e.clone()),
    }
}

/// The scopes the app's grants give one account: tenant-wide grants (`AllPrincipals`) and its
/// own (`Principal` with its object id). Graph may lead a scope list with a space.
pub fn granted_to(grants: &Directory<Vec<Grant>>, object_id: &str) -> Directory<Vec<String>> {
    match grants {
        Directory::Read(grants) => Directory::Read(
            grants
                .iter()
                .filter(|g| {
                    g.consent_type == "AllPrincipals"
                        || g.principal_id
                            .as_deref()
                            .is_some_and(|p| p.eq_ignore_ascii_case(object_id))
                })
                .flat_map(|g| scopes::parse_list(g.scope.as_deref().unwrap_or("")))
                .collect(),
        ),
        _ => Directory::NotTried("grants not read".into()),
    }
}

/// The app's own credential problem that breaks every mailbox (expired or invalid secret,
/// app gone), with the app's key for their `caused_by`.
pub fn app_level_break(findings: &[Finding], app_key: &str) -> Option<(Finding, String)> {
    findings
        .iter()
        .find(|f| f.source == Source::AppToken && checks::aadsts::is_app_level(f.code))
        .cloned()
        .map(|f| (f, app_key.to_string()))
}

/// What the directory showed of a mailbox, for the dashboard.
pub fn mailbox_snapshot(
    mailbox_id: i64,
    granted: &Directory<Vec<String>>,
    account: &Directory<User>,
) -> MailboxSnapshot {
    MailboxSnapshot {
        mailbox_id,
        granted_scopes: match granted {
            Directory::Read(s) => Some(s.clone()),
            _ => None,
        },
        account_enabled: match account {
            Directory::Read(u) => u.account_enabled,
            _ => None,
        },
    }
}

/// What the directory showed of an app, for the dashboard.
pub fn app_snapshot(a: &AppSpec, dir: &Directory<Application>, now: DateTime<Utc>) -> AppSnapshot {
    let status = match dir {
        Directory::Read(_) => "read".to_string(),
        Directory::Denied(w) => format!("denied: {w}"),
        Directory::Failed(e) => format!("failed: {e}"),
        Directory::NotTried(w) => format!("not tried: {w}"),
    };
    let Directory::Read(app) = dir else {
        return AppSnapshot {
            app_id: a.id,
            observed_at: now,
            credentials: Vec::new(),
            configured_scopes: None,
            directory_status: status,
            owners: Vec::new(),
        };
    };
    let hint = a.client_secret.as_ref().map(Secret::hint);
    let in_use = checks::secret_in_use(app, hint.as_deref()).map(|c| c.key_id.clone());
    let view = |kind: &str, c: &crate::observed::Credential| CredentialView {
        kind: kind.into(),
        key_id: c.key_id.clone(),
        name: c.display_name.clone(),
        hint: c.hint.clone(),
        end: c.end_date_time,
        in_use: kind == "secret" && in_use.as_deref() == Some(c.key_id.as_str()),
    };
    let mut credentials: Vec<_> = app
        .password_credentials
        .iter()
        .map(|c| view("secret", c))
        .collect();
    credentials.extend(app.key_credentials.iter().map(|c| view("certificate", c)));
    let configured = app
        .required_resource_access
        .iter()
        .filter(|r| r.resource_app_id.eq_ignore_ascii_case(scopes::GRAPH_APP_ID))
        .flat_map(|r| r.resource_access.iter())
        .filter(|x| x.kind == "Scope")
        .map(|x| {
            scopes::name_of(&x.id)
                .map(String::from)
                .unwrap_or_else(|| x.id.clone())
        })
        .collect();
    AppSnapshot {
        app_id: a.id,
        observed_at: now,
        credentials,
        configured_scopes: Some(configured),
        directory_status: status,
        owners: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aad::AadError;
    use crate::targets::Consumer;

    const ME: &str = "11111111-0000-4000-8000-000000000001";
    const OTHER: &str = "11111111-0000-4000-8000-000000000002";

    fn grant(client: &str, consent: &str, principal: Option<&str>, scope: &str) -> Grant {
        Grant {
            client_id: client.into(),
            consent_type: consent.into(),
            principal_id: principal.map(String::from),
            resource_id: None,
            scope: Some(scope.into()),
        }
    }

    fn user(id: &str) -> User {
        serde_json::from_value(serde_json::json!({"id": id, "accountEnabled": true})).unwrap()
    }

    fn api(status: u16) -> GraphError {
        GraphError::Api {
            status,
            code: "ErrorAccessDenied".into(),
            message: "Access is denied.".into(),
        }
    }

    fn mailbox(scopes: Option<&[&str]>) -> MailboxSpec {
        MailboxSpec {
            id: 1,
            from_config: true,
            address: "a@x.nl".into(),
            object_id: ME.into(),
            required_scopes: scopes.map(|s| s.iter().map(|x| x.to_string()).collect()),
            link: None,
        }
    }

    fn app(scopes: &[&str], mailboxes: Vec<MailboxSpec>) -> AppSpec {
        AppSpec {
            id: 1,
            from_config: true,
            client_id: "c".into(),
            name: "App".into(),
            client_secret: None,
            secret_expires: None,
            required_scopes: scopes.iter().map(|s| s.to_string()).collect(),
            consumer: Consumer::default(),
            mailboxes,
            expiry_only: false,
        }
    }

    #[test]
    fn an_account_gets_tenant_wide_grants_and_its_own_not_anothers() {
        let cases: &[(&str, Vec<Grant>, Vec<&str>)] = &[
            (
                "tenant-wide",
                vec![grant("sp", "AllPrincipals", None, "Mail.Read")],
                vec!["Mail.Read"],
            ),
            (
                "its own, leading space, other case",
                vec![grant(
                    "sp",
                    "Principal",
                    Some(&ME.to_uppercase()),
                    " Mail.Send offline_access",
                )],
                vec!["Mail.Send", "offline_access"],
            ),
            (
                "another account's",
                vec![grant("sp", "Principal", Some(OTHER), "Mail.Send")],
                vec![],
            ),
            (
                "both kinds",
                vec![
                    grant("sp", "AllPrincipals", None, "User.Read"),
                    grant("sp", "Principal", Some(ME), "Mail.Read"),
                ],
                vec!["User.Read", "Mail.Read"],
            ),
        ];
        for (name, grants, want) in cases {
            let got = granted_to(&Directory::Read(grants.clone()), ME);
            assert_eq!(
                got,
                Directory::Read(want.iter().map(|s| s.to_string()).collect()),
                "{name}"
            );
        }
        assert!(matches!(
            granted_to(&Directory::Denied("403".into()), ME),
            Directory::NotTried(_)
        ));
    }

    #[test]
    fn grants_are_the_apps_service_principals_only() {
        let all = vec![
            grant("SP-1", "AllPrincipals", None, "Mail.Read"),
            grant("sp-2", "AllPrincipals", None, "Mail.Send"),
        ];
        let got = grants_of(&all, "sp-1");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].scope.as_deref(), Some("Mail.Read"));
    }

    type Reads = Vec<(&'static str, Result<User, GraphError>)>;
    type Tokens = (
        Option<Result<Secret, String>>,
        Option<Result<Secret, GraphError>>,
        Result<&'static str, &'static str>,
    );

    #[test]
    fn a_403_on_every_account_means_the_permission_is_missing() {
        let cases: Vec<(&str, Reads, &str)> = vec![
            (
                "all refused",
                vec![(ME, Err(api(403))), (OTHER, Err(api(403)))],
                "denied",
            ),
            (
                "one refused",
                vec![(ME, Ok(user(ME))), (OTHER, Err(api(403)))],
                "read",
            ),
            ("none asked", vec![], "read"),
            ("all missing", vec![(ME, Err(api(404)))], "read"),
        ];
        for (name, users, want) in cases {
            let users: HashMap<_, _> = users.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            let got = match accounts(users) {
                Directory::Denied(_) => "denied",
                Directory::Read(_) => "read",
                _ => "other",
            };
            assert_eq!(got, want, "{name}");
        }
        let read = accounts(HashMap::from([
            (ME.to_string(), Ok(user(ME))),
            (OTHER.to_string(), Err(api(403))),
        ]));
        assert!(matches!(account_of(&read, ME), Directory::Read(_)));
        assert!(matches!(account_of(&read, OTHER), Directory::Denied(_)));
        assert!(matches!(account_of(&read, "x"), Directory::NotTried(_)));
    }

    #[test]
    fn required_scopes_are_the_union_of_the_app_and_its_mailboxes() {
        let a = app(
            &["Mail.Read", "offline_access"],
            vec![
                mailbox(Some(&["mail.read", "Mail.Send.Shared"])),
                mailbox(None),
            ],
        );
        assert_eq!(
            required_scopes(&a),
            ["Mail.Read", "offline_access", "Mail.Send.Shared"]
        );
        assert_eq!(
            mailbox_scopes(&a, &a.mailboxes[0]),
            ["mail.read", "Mail.Send.Shared"]
        );
        assert_eq!(
            mailbox_scopes(&a, &a.mailboxes[1]),
            ["Mail.Read", "offline_access"]
        );
    }

    #[test]
    fn the_monitor_reads_the_directory_when_there_is_one() {
        let ok = |s: &str| Ok::<_, String>(Secret::new(s));
        let cases: Vec<Tokens> = vec![
            (
                Some(ok("monitor")),
                Some(Ok(Secret::new("own"))),
                Ok("monitor"),
            ),
            (
                Some(Err("monitor refused".into())),
                Some(Ok(Secret::new("own"))),
                Err("monitor refused"),
            ),
            (None, Some(Ok(Secret::new("own"))), Ok("own")),
            (
                None,
                Some(Err(api(401))),
                Err("no token for directory reads"),
            ),
            (None, None, Err("no credential for directory reads")),
        ];
        for (monitor, own, want) in cases {
            let got = directory_token(monitor.as_ref(), own.as_ref());
            match (got, want) {
                (Ok(t), Ok(w)) => assert_eq!(t.expose(), w),
                (Err(e), Err(w)) => assert!(e.starts_with(w), "{e}"),
                (got, want) => panic!("{got:?} vs {want:?}"),
            }
        }
    }

    #[test]
    fn client_errors_become_the_checks_failures_keeping_aadsts_codes() {
        let aad = AadError {
            error: "temporarily_unavailable".into(),
            error_description: Some("AADSTS90033: try later".into()),
            error_codes: vec![90033],
            suberror: None,
            correlation_id: None,
        };
        let throttled = GraphError::Throttled {
            status: 503,
            attempts: 3,
            waited: std::time::Duration::from_secs(2),
            aad: Some(Box::new(aad.clone())),
            why: "budget".into(),
        };
        assert!(matches!(failure(&throttled), Failure::NoAnswer { aad: Some(a), .. } if a == aad));
        assert_eq!(failure(&api(403)).to_string(), api(403).to_string());
        assert_eq!(
            failure(&GraphError::Token(aad.clone())),
            Failure::Token(aad)
        );
        assert!(
            matches!(to_directory::<()>(Err(api(403))), Directory::Denied(w) if w.starts_with("403 ErrorAccessDenied"))
        );
        assert!(matches!(
            to_directory::<()>(Err(api(500))),
            Directory::Failed(Failure::Api { status: 500, .. })
        ));
    }

    #[test]
    fn snapshots_hold_what_was_read_and_why_not() {
        let s = mailbox_snapshot(
            7,
            &Directory::Read(vec!["Mail.Read".into()]),
            &Directory::Read(user(ME)),
        );
        assert_eq!(
            (s.granted_scopes.as_deref(), s.account_enabled),
            (Some(&["Mail.Read".to_string()][..]), Some(true))
        );
        let s = mailbox_snapshot(
            7,
            &Directory::NotTried("x".into()),
            &Directory::Denied("403".into()),
        );
        assert_eq!((s.granted_scopes, s.account_enabled), (None, None));
        let a = app(&["Mail.Read"], vec![]);
        let now = Utc::now();
        let snap = app_snapshot(&a, &Directory::Denied("403 x".into()), now);
        assert_eq!(snap.directory_status, "denied: 403 x");
        assert!(snap.configured_scopes.is_none());
        let application: Application = serde_json::from_value(serde_json::json!({
            "id": "o", "appId": "c",
            "passwordCredentials": [{"keyId": "k1", "hint": "abc", "endDateTime": "2027-01-01T00:00:00Z"}],
            "keyCredentials": null,
            "requiredResourceAccess": [{"resourceAppId": scopes::GRAPH_APP_ID, "resourceAccess": [
                {"id": "570282fd-fa5c-430d-a7fd-fc8dc98a9dca", "type": "Scope"},
                {"id": "810c84a8-4a9e-49e6-bf7d-12d183f40d01", "type": "Role"}]}]
        }))
        .unwrap();
        let snap = app_snapshot(&a, &Directory::Read(application), now);
        assert_eq!(snap.directory_status, "read");
        assert_eq!(snap.credentials.len(), 1);
        assert_eq!(snap.configured_scopes.unwrap(), ["Mail.Read"]);
    }
}
