//! Entry points for the fuzz targets (`fuzz/`) and for the test that replays their corpus
//! (`tests/fuzz_corpus.rs`): arbitrary bytes go through the code the product runs on token
//! endpoint replies, Graph replies and config files, and on through the checks and the
//! explanations. None of them may panic, whatever the bytes.

use crate::checks::{
    evaluate_app, evaluate_mailbox, secret_in_use, AppObservation, Directory, LinkProbe,
    MailboxObservation, Policy,
};
use crate::explain::{self, Lang};
use crate::graph::api::{api_error, decode, read_bundle_reply, read_page};
use crate::graph::token::read_token_reply;
use crate::model::{status_of, Finding};
use crate::observed::{Application, Grant, MailFolder, ServicePrincipal, User};
use chrono::{DateTime, Utc};

const POLICY: Policy = Policy {
    warn_days: 30,
    critical_days: 7,
    consumer_idle_hours: 24,
};

/// A fixed moment, so that a crash found once is found again.
fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_000_000, 0).unwrap_or_default()
}

/// The first byte picks a status; the rest is the body.
fn status_and_body(data: &[u8]) -> (u16, &[u8]) {
    const STATUSES: [u16; 8] = [200, 400, 401, 403, 404, 429, 500, 503];
    match data.split_first() {
        Some((b, rest)) => (STATUSES[usize::from(*b) % STATUSES.len()], rest),
        None => (200, data),
    }
}

fn explain_all(findings: &[Finding]) {
    let _ = status_of(findings);
    for f in findings {
        for l in [Lang::En, Lang::Nl] {
            let _ = explain::finding(f.code, l);
        }
        let _ = serde_json::to_string(f);
    }
}

/// A token endpoint reply (status, body) through the oauth2 client, the error mapping, the
/// redemption's reading (scopes, id token) and the mailbox rules.
pub fn token_reply(data: &[u8]) {
    let (status, body) = status_and_body(data);
    let wanted = vec!["Mail.Read".to_string(), "offline_access".to_string()];
    let link = match read_token_reply(status, body, &wanted) {
        Ok(r) => LinkProbe::Redeemed {
            granted: r.scopes,
            account_id: r.account.as_ref().and_then(|a| a.oid.clone()),
            account_upn: r.account.and_then(|a| a.preferred_username),
            inbox: Ok(()),
        },
        Err(e) => {
            let _ = (e.is_transient(), e.to_string());
            LinkProbe::TokenFailed(crate::cycle::interpret::failure(&e))
        }
    };
    let obs = MailboxObservation {
        object_id: "11111111-1111-4111-8111-111111111111".into(),
        required_scopes: wanted.clone(),
        app_broken: None,
        link,
        account: Directory::NotTried("fuzz".into()),
        granted: Directory::NotTried("fuzz".into()),
    };
    explain_all(&evaluate_mailbox(&obs, &POLICY, now()));
}

/// A Graph reply (status, body) read as every object linkwatch reads, then the application
/// through the app rules (expiry arithmetic on whatever dates it holds).
pub fn graph_reply(data: &[u8]) {
    let (status, body) = status_and_body(data);
    if status != 200 {
        let e = api_error(status, body);
        let _ = (e.is_transient(), e.to_string());
        return;
    }
    let ct = Some("application/json");
    let _ = decode::<User>(body, ct, "user");
    let _ = decode::<ServicePrincipal>(body, ct, "service principal");
    let _ = decode::<MailFolder>(body, ct, "mail folder");
    let _ = read_page::<Grant>(body);
    let ids = vec!["11111111-1111-4111-8111-111111111111".to_string()];
    if let Ok(bundle) = read_bundle_reply(body, &ids) {
        if let Ok(app) = bundle.application {
            check_app(app);
        }
    }
    match decode::<Application>(body, ct, "application") {
        Ok(app) => check_app(app),
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

fn check_app(app: Application) {
    let _ = secret_in_use(&app, Some("abc"));
    let refused = crate::checks::Failure::NoAnswer {
        text: "fuzz".into(),
        aad: None,
    };
    for token in [Ok(()), Err(refused)] {
        let obs = AppObservation {
            secret_hint: Some("abc".into()),
            manual_expiry: None,
            required_scopes: vec!["Mail.Read".into(), "Mail.Send".into()],
            token,
            directory: Directory::Read(app.clone()),
            monitor_configured: false,
            denied_reads: Vec::new(),
            consumer_key: None,
        };
        explain_all(&evaluate_app(&obs, &POLICY, now()));
    }
}

/// A config file: parsed and validated as `linkwatch` loads one (every `*_env` secret set).
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match crate::config::Config::from_toml(text, "fuzz.toml", &[]) {
        Ok(cfg) => match cfg.validate(&|_| Some("fuzz-secret".into())) {
            Ok(tenants) => {
                let _ = serde_json::to_string(&tenants.len());
            }
            Err(e) => {
                let _ = e.to_string();
            }
        },
        Err(e) => {
            let _ = e.to_string();
        }
    }
}
