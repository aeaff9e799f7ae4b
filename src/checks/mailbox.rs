//! Rules for a linked mailbox: the link's refresh-token redemption and mailbox read, the
//! account in the directory, and the delegated grants that cover it.

use super::aadsts::{classify, is_app_level, Flow};
use super::{dedupe, probe_failed, Directory, Failure, Policy};
use crate::model::{Finding, FindingCode, Source};
use crate::observed::User;
use crate::scopes;
use chrono::{DateTime, Utc};

/// What probing a mailbox's link showed.
#[derive(Debug)]
pub enum LinkProbe {
    /// The mailbox has no link.
    NotLinked,
    /// Not probed: the app's own credential is broken, so the redemption would fail the same way.
    Skipped,
    /// Redeeming the refresh token failed.
    TokenFailed(Failure),
    /// Redeemed; then the mailbox was read.
    Redeemed {
        /// Scopes the identity platform granted.
        granted: Vec<String>,
        /// The signed-in account's object id, when known.
        account_id: Option<String>,
        /// The account's sign-in name, when known.
        account_upn: Option<String>,
        /// Reading the inbox folder's id.
        inbox: Result<(), Failure>,
    },
}

/// Everything observed about one mailbox in one cycle.
#[derive(Debug)]
pub struct MailboxObservation {
    /// The mailbox account's object id.
    pub object_id: String,
    /// Scopes this mailbox needs.
    pub required_scopes: Vec<String>,
    /// The app's credential finding that breaks every mailbox, with the app's target key.
    pub app_broken: Option<(Finding, String)>,
    /// The link probe.
    pub link: LinkProbe,
    /// The account, from the directory.
    pub account: Directory<User>,
    /// Scopes granted to the app that cover this account, from the directory.
    pub granted: Directory<Vec<String>>,
}

/// Findings for one mailbox.
pub fn evaluate_mailbox(
    obs: &MailboxObservation,
    _policy: &Policy,
    _now: DateTime<Utc>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let caused_by = obs.app_broken.as_ref().map(|(_, key)| key.clone());
    if let Some((f, key)) = &obs.app_broken {
        let mut m = Finding::new(
            f.code,
            f.source,
            format!(
                "mail stops for this mailbox: {} (on the app registration)",
                f.message
            ),
        )
        .with_aadsts(f.aadsts);
        m.expires_at = f.expires_at;
        m.caused_by = Some(key.clone());
        out.push(m);
    }
    match &obs.link {
        LinkProbe::NotLinked => out.push(Finding::new(FindingCode::NotLinked, Source::Link, "linkwatch has no link to this mailbox yet, so only directory signals are checked; link it to watch the grant")),
        LinkProbe::Skipped => {}
        LinkProbe::TokenFailed(err @ Failure::Token(e)) => {
            let code = classify(e, Flow::Link);
            let mut f = match code {
                FindingCode::ProbeFailed => probe_failed(Source::Link, "redeeming the link's refresh token", err),
                _ => Finding::new(code, Source::Link, e.summary()).with_aadsts(crate::checks::aadsts::deciding_code(e)),
            };
            if is_app_level(code) {
                f.caused_by = caused_by.clone();
            }
            if code == FindingCode::ConsentMissing {
                f.scopes = obs.required_scopes.iter().filter(|s| !scopes::is_oidc(s)).cloned().collect();
            }
            out.push(f);
        }
        LinkProbe::TokenFailed(e) => out.push(probe_failed(Source::Link, "redeeming the link's refresh token", e)),
        LinkProbe::Redeemed { granted, account_id, account_upn, inbox } => {
            if let Some(id) = account_id.as_deref().filter(|id| !id.eq_ignore_ascii_case(&obs.object_id)) {
                let who = account_upn.as_deref().unwrap_or(id);
                out.push(Finding::new(FindingCode::IdentityMismatch, Source::Link, format!("the link was made by {who}, not by this mailbox's account ({}); re-link while signed in as the mailbox", obs.object_id)));
            }
            let missing = scopes::missing(&obs.required_scopes, granted);
            if !missing.is_empty() {
                out.push(Finding::new(FindingCode::ConsentMissing, Source::Link, format!("the link's token lacks {}", missing.join(", "))).with_scopes(missing));
            }
            match inbox {
                Ok(()) => {}
                Err(Failure::Api { status: status @ (403 | 404), code, message }) => {
                    let code = if code.is_empty() { format!("HTTP {status}") } else { code.clone() };
                    out.push(Finding::new(FindingCode::MailboxUnreachable, Source::Link, format!("Graph cannot reach the mailbox: {code}: {message}")));
                }
                Err(e) => out.push(probe_failed(Source::Link, "reading the mailbox", e)),
            }
        }
    }
    match &obs.account {
        Directory::Read(u) if u.account_enabled == Some(false) => {
            out.push(Finding::new(
                FindingCode::AccountDisabled,
                Source::Directory,
                "the mailbox account is disabled in the directory (accountEnabled: false)",
            ));
        }
        Directory::Failed(Failure::Api { status: 404, .. }) => {
            out.push(Finding::new(
                FindingCode::AccountDisabled,
                Source::Directory,
                "the mailbox account was not found in the directory (deleted?)",
            ));
        }
        Directory::Failed(e) => out.push(probe_failed(
            Source::Directory,
            "reading the mailbox account",
            e,
        )),
        _ => {}
    }
    if let Directory::Read(granted) = &obs.granted {
        let missing = scopes::missing(&obs.required_scopes, granted);
        if !missing.is_empty() {
            out.push(
                Finding::new(
                    FindingCode::ConsentMissing,
                    Source::Directory,
                    format!(
                        "no delegated grant for this account covers {}",
                        missing.join(", ")
                    ),
                )
                .with_scopes(missing),
            );
        }
    }
    dedupe(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aad::AadError;
    use crate::model::Severity;
    use FindingCode::*;

    const OID: &str = "87d349ed-44d7-43e1-9a83-5f2406dee5bd";

    fn base(link: LinkProbe) -> MailboxObservation {
        MailboxObservation {
            object_id: OID.into(),
            required_scopes: vec![
                "Mail.ReadWrite.Shared".into(),
                "Mail.Send.Shared".into(),
                "offline_access".into(),
            ],
            app_broken: None,
            link,
            account: Directory::NotTried("no token".into()),
            granted: Directory::NotTried("no token".into()),
        }
    }

    fn redeemed(granted: &[&str], account: &str, inbox: Result<(), Failure>) -> LinkProbe {
        LinkProbe::Redeemed {
            granted: granted.iter().map(|s| s.to_string()).collect(),
            account_id: Some(account.into()),
            account_upn: None,
            inbox,
        }
    }

    fn sample(name: &str) -> AadError {
        serde_json::from_str(
            &std::fs::read_to_string(format!(
                "{}/tests/fixtures/graph/{name}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap(),
        )
        .unwrap()
    }

    fn api(status: u16, code: &str) -> Failure {
        Failure::Api {
            status,
            code: code.into(),
            message: "m".into(),
        }
    }

    #[test]
    fn table() {
        let all = ["Mail.ReadWrite.Shared", "Mail.Send.Shared"];
        let cases: Vec<(&str, MailboxObservation, Vec<FindingCode>)> = vec![
            ("healthy", base(redeemed(&all, OID, Ok(()))), vec![]),
            ("not linked", base(LinkProbe::NotLinked), vec![NotLinked]),
            (
                "revoked",
                base(LinkProbe::TokenFailed(Failure::Token(sample(
                    "token-refresh-error-revoked-50173.json",
                )))),
                vec![LinkRevoked],
            ),
            (
                "consent",
                base(LinkProbe::TokenFailed(Failure::Token(sample(
                    "token-refresh-error-consent-65001.json",
                )))),
                vec![ConsentMissing],
            ),
            (
                "mfa",
                base(LinkProbe::TokenFailed(Failure::Token(sample(
                    "token-refresh-error-mfa-50076.json",
                )))),
                vec![ReauthRequired],
            ),
            (
                "scope missing",
                base(redeemed(&["Mail.ReadWrite.Shared"], OID, Ok(()))),
                vec![ConsentMissing],
            ),
            (
                "wrong account",
                base(redeemed(
                    &all,
                    "11111111-1111-1111-1111-111111111111",
                    Ok(()),
                )),
                vec![IdentityMismatch],
            ),
            (
                "rest disabled",
                base(redeemed(
                    &all,
                    OID,
                    Err(api(404, "MailboxNotEnabledForRESTAPI")),
                )),
                vec![MailboxUnreachable],
            ),
            (
                "access denied",
                base(redeemed(&all, OID, Err(api(403, "ErrorAccessDenied")))),
                vec![MailboxUnreachable],
            ),
            (
                "graph 503",
                base(redeemed(&all, OID, Err(api(503, "")))),
                vec![ProbeFailed],
            ),
            (
                "timeout",
                base(LinkProbe::TokenFailed(Failure::NoAnswer {
                    text: "no reply within 30s".into(),
                    aad: None,
                })),
                vec![ProbeFailed],
            ),
        ];
        for (name, o, want) in cases {
            let got: Vec<_> = evaluate_mailbox(
                &o,
                &Policy {
                    warn_days: 30,
                    critical_days: 7,
                    consumer_idle_hours: 24,
                },
                Utc::now(),
            )
            .iter()
            .map(|f| f.code)
            .collect();
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn app_broken_is_caused_by_the_app_and_directory_still_counts() {
        let mut o = base(LinkProbe::Skipped);
        let f = Finding::new(SecretExpired, Source::AppToken, "AADSTS7000222: expired")
            .with_aadsts(Some(7000222));
        o.app_broken = Some((f, "app:t/c".into()));
        o.account = Directory::Read(User {
            id: OID.into(),
            user_principal_name: None,
            mail: None,
            account_enabled: Some(false),
        });
        o.granted = Directory::Read(vec!["Mail.ReadWrite.Shared".into()]);
        let got = evaluate_mailbox(
            &o,
            &Policy {
                warn_days: 30,
                critical_days: 7,
                consumer_idle_hours: 24,
            },
            Utc::now(),
        );
        assert_eq!(got[0].code, SecretExpired);
        assert_eq!(got[0].caused_by.as_deref(), Some("app:t/c"));
        assert_eq!(got[0].severity, Severity::Critical);
        assert!(got.iter().any(|f| f.code == AccountDisabled));
        let consent = got.iter().find(|f| f.code == ConsentMissing).unwrap();
        assert_eq!(consent.scopes, vec!["Mail.Send.Shared".to_string()]);
    }
}
