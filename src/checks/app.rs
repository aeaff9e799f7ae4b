//! Rules for an app registration: its own token probe, its credentials' expiry (the one in use
//! found by its `hint`), and its configured API permissions.

use super::aadsts::{classify, Flow};
use super::{dedupe, expiry_finding, probe_failed, Directory, Failure, Policy};
use crate::model::{Finding, FindingCode, Source};
use crate::observed::{Application, Credential};
use crate::scopes;
use chrono::{DateTime, Utc};

/// Everything observed about one app registration in one cycle.
#[derive(Debug)]
pub struct AppObservation {
    /// Hint (first three characters) of the stored secret; `None` when none is stored.
    pub secret_hint: Option<String>,
    /// Expiry entered by hand.
    pub manual_expiry: Option<DateTime<Utc>>,
    /// Scopes the mailboxes need (the app's and every mailbox's own).
    pub required_scopes: Vec<String>,
    /// The client-credentials probe.
    pub token: Result<(), Failure>,
    /// The application object from the directory.
    pub directory: Directory<Application>,
    /// Whether the directory read used a dedicated monitor credential.
    pub monitor_configured: bool,
    /// Other directory reads that were refused (grants, accounts), with the reason.
    pub denied_reads: Vec<String>,
    /// The `keyId` of the credential the consuming application last signed in with (signal
    /// 4): when known, it is the one "in use" whose expiry is watched.
    pub consumer_key: Option<String>,
}

/// Findings for one app registration.
pub fn evaluate_app(obs: &AppObservation, policy: &Policy, now: DateTime<Utc>) -> Vec<Finding> {
    let mut out = Vec::new();
    // An app watched without a secret of its own (picked from discovery) is checked through
    // the monitor credential's directory reads and its sign-ins; without those either, nothing
    // can check it.
    if obs.secret_hint.is_none() && !obs.monitor_configured {
        out.push(Finding::new(
            FindingCode::SecretInvalid,
            Source::Manual,
            "no client secret is stored for this app registration, so it cannot be checked",
        ));
    }
    match &obs.token {
        Ok(()) => {}
        Err(err @ Failure::Token(e)) => {
            let f = match classify(e, Flow::App) {
                FindingCode::ProbeFailed => probe_failed(
                    Source::AppToken,
                    "the token request with the app's secret",
                    err,
                ),
                code => Finding::new(code, Source::AppToken, e.summary())
                    .with_aadsts(crate::checks::aadsts::deciding_code(e)),
            };
            out.push(f);
        }
        Err(e) => out.push(probe_failed(
            Source::AppToken,
            "the token request with the app's secret",
            e,
        )),
    }
    let mut expiry_known = false;
    match &obs.directory {
        Directory::NotTried(_) => {}
        Directory::Denied(detail) => {
            let who = if obs.monitor_configured {
                "the tenant's monitor credential"
            } else {
                "the app's own credential (no monitor credential is configured)"
            };
            out.push(Finding::new(
                FindingCode::MonitorAccessMissing,
                Source::Directory,
                format!("{who} may not read the application ({detail}); expiry dates and permissions were not checked"),
            ));
        }
        Directory::Failed(Failure::Api { status: 404, .. }) => {
            out.push(Finding::new(
                FindingCode::AppMissing,
                Source::Directory,
                "the application was not found in the directory",
            ));
        }
        Directory::Failed(e) => out.push(probe_failed(
            Source::Directory,
            "reading the application from the directory",
            e,
        )),
        Directory::Read(app) => {
            let (findings, known) = credential_findings(
                app,
                obs.secret_hint.as_deref(),
                obs.consumer_key.as_deref(),
                obs.token.is_ok(),
                policy,
                now,
            );
            expiry_known = known;
            out.extend(findings);
            out.extend(permission_findings(app, &obs.required_scopes));
            if !obs.denied_reads.is_empty() {
                out.push(Finding::new(
                    FindingCode::MonitorAccessMissing,
                    Source::Directory,
                    format!(
                        "the directory credential may not read {}; those checks were skipped",
                        obs.denied_reads.join(", ")
                    ),
                ));
            }
        }
    }
    if !expiry_known {
        if let Some(end) = obs.manual_expiry {
            out.extend(expiry_finding(
                end,
                now,
                policy,
                Source::Manual,
                "the client secret (expiry entered by hand)",
            ));
        }
    }
    dedupe(out)
}

/// The secret in use: the one whose hint matches the stored secret's; when hints are missing,
/// the only secret there is.
pub fn secret_in_use<'a>(app: &'a Application, hint: Option<&str>) -> Option<&'a Credential> {
    let creds = &app.password_credentials;
    let by_hint: Vec<_> = creds
        .iter()
        .filter(|c| hint.is_some() && c.hint.as_deref() == hint)
        .collect();
    match by_hint.as_slice() {
        // Two secrets with the same first characters: watch the one that ends first.
        [_, ..] => by_hint.into_iter().min_by_key(|c| c.end_date_time),
        [] if creds.len() == 1 && creds[0].hint.is_none() => creds.first(),
        [] => None,
    }
}

/// The credential in use: the one the consuming application last signed in with (`key`), when
/// the application still has it, else the one the stored secret's hint names.
pub fn credential_in_use<'a>(
    app: &'a Application,
    hint: Option<&str>,
    key: Option<&str>,
) -> Option<&'a Credential> {
    key.and_then(|k| {
        app.password_credentials
            .iter()
            .find(|c| c.key_id.eq_ignore_ascii_case(k))
    })
    .or_else(|| secret_in_use(app, hint))
}

fn credential_findings(
    app: &Application,
    hint: Option<&str>,
    consumer_key: Option<&str>,
    token_ok: bool,
    policy: &Policy,
    now: DateTime<Utc>,
) -> (Vec<Finding>, bool) {
    let mut out = Vec::new();
    let mut known = false;
    match credential_in_use(app, hint, consumer_key) {
        Some(c) => {
            if let Some(end) = c.end_date_time {
                known = true;
                let name = c
                    .display_name
                    .as_deref()
                    .map(|n| format!(" \"{n}\""))
                    .unwrap_or_default();
                out.extend(expiry_finding(
                    end,
                    now,
                    policy,
                    Source::Directory,
                    &format!(
                        "the client secret in use{name} ({}…)",
                        c.hint.as_deref().unwrap_or("")
                    ),
                ));
            }
        }
        // Watched without a secret of its own and no sign-in naming one: whichever secret the
        // application uses, it stops when the one that lasts longest expires.
        None if hint.is_none() => {
            // Application Proxy renews its CWAP_AuthSecret secrets itself: they never page.
            let last = app
                .password_credentials
                .iter()
                .filter(|c| c.end_date_time.is_some())
                .filter(|c| c.display_name.as_deref() != Some(crate::expiry::SELF_RENEWING_SECRET))
                .max_by_key(|c| c.end_date_time);
            if let Some((c, end)) = last.and_then(|c| Some((c, c.end_date_time?))) {
                known = true;
                out.extend(expiry_finding(
                    end,
                    now,
                    policy,
                    Source::Directory,
                    &format!(
                        "the client secret that lasts longest ({}…; linkwatch does not hold the app's secret)",
                        c.hint.as_deref().unwrap_or("")
                    ),
                ));
            }
        }
        None => {
            let all_hinted = app.password_credentials.iter().all(|c| c.hint.is_some());
            if let (Some(h), false, true) = (hint, token_ok, all_hinted) {
                let hints: Vec<_> = app
                    .password_credentials
                    .iter()
                    .filter_map(|c| c.hint.clone())
                    .collect();
                out.push(Finding::new(
                    FindingCode::SecretInvalid,
                    Source::Directory,
                    format!("the stored secret ({h}…) matches no secret on the app registration (secrets there start with: {})", if hints.is_empty() { "none".into() } else { hints.join(", ") }),
                ));
            }
        }
    }
    for cert in &app.key_credentials {
        if let Some(end) = cert.end_date_time.filter(|e| *e > now) {
            let name = cert.display_name.as_deref().unwrap_or(&cert.key_id);
            out.extend(expiry_finding(
                end,
                now,
                policy,
                Source::Directory,
                &format!("the certificate {name}"),
            ));
        }
    }
    (out, known)
}

fn permission_findings(app: &Application, required: &[String]) -> Vec<Finding> {
    let configured: Vec<String> = app
        .required_resource_access
        .iter()
        .filter(|r| r.resource_app_id.eq_ignore_ascii_case(scopes::GRAPH_APP_ID))
        .flat_map(|r| r.resource_access.iter())
        .filter(|a| a.kind == "Scope")
        .filter_map(|a| scopes::name_of(&a.id).map(String::from))
        .collect();
    // Only scopes whose permission id we know can be compared; the others are not guessed.
    let checkable: Vec<String> = required
        .iter()
        .filter(|s| scopes::guid_of(s).is_some())
        .cloned()
        .collect();
    let missing = scopes::missing(&checkable, &configured);
    if missing.is_empty() {
        return Vec::new();
    }
    vec![Finding::new(
        FindingCode::PermissionNotConfigured,
        Source::Directory,
        format!(
            "the app registration's API permissions lack {}",
            missing.join(", ")
        ),
    )
    .with_scopes(missing)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;
    use chrono::Duration;

    fn app(creds: &[(&str, Option<&str>, i64)], scope_guids: &[&str]) -> Application {
        let now = Utc::now();
        serde_json::from_value(serde_json::json!({
            "id": "obj", "appId": "app",
            "passwordCredentials": creds.iter().map(|(id, hint, days)| serde_json::json!({
                "keyId": id, "hint": hint, "endDateTime": (now + Duration::days(*days) + Duration::hours(1)).to_rfc3339()
            })).collect::<Vec<_>>(),
            "requiredResourceAccess": [{"resourceAppId": scopes::GRAPH_APP_ID,
                "resourceAccess": scope_guids.iter().map(|g| serde_json::json!({"id": g, "type": "Scope"})).collect::<Vec<_>>()}]
        }))
        .unwrap()
    }

    fn obs(directory: Directory<Application>, token: Result<(), Failure>) -> AppObservation {
        AppObservation {
            secret_hint: Some("abc".into()),
            manual_expiry: None,
            required_scopes: vec![
                "Mail.ReadWrite.Shared".into(),
                "Mail.Send.Shared".into(),
                "offline_access".into(),
            ],
            token,
            directory,
            monitor_configured: true,
            denied_reads: Vec::new(),
            consumer_key: None,
        }
    }

    const RW: &str = "5df07973-7d5d-46ed-9847-1271055cbd51";
    const SEND: &str = "a367ab51-6b49-43bf-a716-a1fb06d2a174";
    const P: Policy = Policy {
        warn_days: 30,
        critical_days: 7,
        consumer_idle_hours: 24,
    };

    fn codes(f: &[Finding]) -> Vec<(FindingCode, Severity)> {
        f.iter().map(|f| (f.code, f.severity)).collect()
    }

    #[test]
    fn table() {
        use FindingCode::*;
        let now = Utc::now();
        type Case = (&'static str, AppObservation, Vec<(FindingCode, Severity)>);
        let cases: Vec<Case> = vec![
            (
                "healthy",
                obs(
                    Directory::Read(app(&[("1", Some("abc"), 200)], &[RW, SEND])),
                    Ok(()),
                ),
                vec![],
            ),
            (
                "in-use secret found by hint, other one expiring ignored",
                obs(
                    Directory::Read(app(
                        &[("1", Some("xyz"), 3), ("2", Some("abc"), 20)],
                        &[RW, SEND],
                    )),
                    Ok(()),
                ),
                vec![(SecretExpiring, Severity::Warning)],
            ),
            (
                "no secret of its own: the one that lasts longest is watched",
                AppObservation {
                    secret_hint: None,
                    ..obs(
                        Directory::Read(app(
                            &[("1", Some("old"), 3), ("2", Some("new"), 20)],
                            &[RW, SEND],
                        )),
                        Ok(()),
                    )
                },
                vec![(SecretExpiring, Severity::Warning)],
            ),
            (
                "no secret and no monitor credential: nothing can check it",
                AppObservation {
                    secret_hint: None,
                    monitor_configured: false,
                    ..obs(Directory::NotTried("no credential".into()), Ok(()))
                },
                vec![(SecretInvalid, Severity::Critical)],
            ),
            (
                "critical at 5 days",
                obs(
                    Directory::Read(app(&[("1", Some("abc"), 5)], &[RW, SEND])),
                    Ok(()),
                ),
                vec![(SecretExpiring, Severity::Critical)],
            ),
            (
                "expired by date",
                obs(
                    Directory::Read(app(&[("1", Some("abc"), -2)], &[RW, SEND])),
                    Ok(()),
                ),
                vec![(SecretExpired, Severity::Critical)],
            ),
            (
                "no hint matches",
                obs(
                    Directory::Read(app(&[("1", Some("zzz"), 100)], &[RW, SEND])),
                    Err(Failure::NoAnswer {
                        text: "x".into(),
                        aad: None,
                    }),
                ),
                vec![
                    (ProbeFailed, Severity::Unknown),
                    (SecretInvalid, Severity::Critical),
                ],
            ),
            (
                "permission missing",
                obs(
                    Directory::Read(app(&[("1", Some("abc"), 200)], &[RW])),
                    Ok(()),
                ),
                vec![(PermissionNotConfigured, Severity::Critical)],
            ),
            (
                "directory denied",
                obs(
                    Directory::Denied("403 Authorization_RequestDenied".into()),
                    Ok(()),
                ),
                vec![(MonitorAccessMissing, Severity::Warning)],
            ),
            (
                "app gone",
                obs(
                    Directory::Failed(Failure::Api {
                        status: 404,
                        code: "Request_ResourceNotFound".into(),
                        message: "x".into(),
                    }),
                    Ok(()),
                ),
                vec![(AppMissing, Severity::Critical)],
            ),
        ];
        for (name, o, want) in cases {
            assert_eq!(codes(&evaluate_app(&o, &P, now)), want, "{name}");
        }
    }

    #[test]
    fn manual_expiry_when_directory_is_denied() {
        let now = Utc::now();
        let mut o = obs(Directory::Denied("403".into()), Ok(()));
        o.manual_expiry = Some(now + Duration::days(10));
        let f = evaluate_app(&o, &P, now);
        assert!(f
            .iter()
            .any(|f| f.code == FindingCode::SecretExpiring && f.source == Source::Manual));
    }

    #[test]
    fn expired_secret_from_token_and_directory_is_one_finding() {
        let now = Utc::now();
        let e: crate::aad::AadError = serde_json::from_str(include_str!(
            "../../tests/fixtures/graph/token-error-expired-secret-7000222.json"
        ))
        .unwrap();
        let o = obs(
            Directory::Read(app(&[("1", Some("abc"), -1)], &[RW, SEND])),
            Err(Failure::Token(e)),
        );
        let f = evaluate_app(&o, &P, now);
        assert_eq!(
            codes(&f),
            vec![(FindingCode::SecretExpired, Severity::Critical)]
        );
        assert_eq!(f[0].aadsts, Some(7000222));
        assert!(f[0].expires_at.is_some());
    }
}
