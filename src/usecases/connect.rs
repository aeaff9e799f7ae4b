//! Connecting a tenant with one admin consent to linkwatch's monitor app: send the admin to
//! Microsoft with a state bound to the session, take the answer once, then ask for a token in
//! that tenant until the consent has reached Microsoft's token service (minutes, at worst),
//! read the granted permissions from the token, and save the tenant.

use crate::accounts::random_token;
use crate::cycle::Checker;
use crate::input::TenantId;
use crate::monitor::{self, Permission};
use crate::store::{RelinkRefused, StoreError};
use crate::targets::Secret;
use chrono::{Duration, Utc};

/// How long linkwatch waits for a consent to reach the token service.
pub const PROPAGATION_LIMIT_SECS: i64 = 300;

/// With some permissions granted but not all, how long to wait for the rest before saving the
/// tenant with what was granted (an admin may have consented to fewer).
const SETTLE_SECS: i64 = 45;

/// Why a connection could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// No `[monitor]` in the configuration.
    #[error("no monitor app is configured ([monitor] client_id and its secret)")]
    NoMonitorApp,
    /// Not a tenant id.
    #[error("{0:?} is neither a GUID nor a domain name")]
    NotTenant(String),
    /// Microsoft does not know the tenant (AADSTS90002 from its discovery document).
    #[error("Microsoft does not know the tenant {0:?}")]
    UnknownTenant(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Starts connecting `tenant` (named `name`): returns the admin-consent address to send the
/// admin to.
pub async fn start(
    checker: &Checker,
    monitor: Option<&(String, Secret)>,
    (tenant, name, watch_all): (&str, Option<&str>, bool),
    (session, redirect_uri): (String, &str),
    by: &str,
) -> Result<String, StartError> {
    let (client_id, _) = monitor.ok_or(StartError::NoMonitorApp)?;
    let tenant = TenantId::parse(tenant).ok_or_else(|| StartError::NotTenant(tenant.into()))?;
    // A domain Microsoft does not know would leave the admin on Microsoft's error page with no
    // way back: ask its discovery document first. When that cannot be read, Microsoft's own
    // page still tells.
    match checker.graph.tenant_id_of(tenant.as_str()).await {
        Err(crate::graph::GraphError::Token(e)) if e.codes().contains(&90002) => {
            return Err(StartError::UnknownTenant(tenant.to_string()));
        }
        Err(e) => {
            tracing::warn!(tenant = %tenant, error = %e, "the tenant's discovery document could not be read; sending the admin on");
        }
        Ok(_) => {}
    }
    let state = random_token();
    let url = checker
        .graph
        .tenant_consent_url(tenant.as_str(), client_id, redirect_uri, &state);
    let (t, n, who) = (
        tenant.to_string(),
        name.map(String::from).filter(|n| !n.trim().is_empty()),
        by.to_string(),
    );
    checker
        .store
        .run_blocking(move |s| {
            s.start_consent(
                &state,
                &session,
                (&t, n.as_deref(), watch_all),
                &who,
                Utc::now(),
            )
        })
        .await?;
    Ok(url)
}

/// What came back from Microsoft.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    /// `state`.
    pub state: String,
    /// `tenant` (documented on success; never trusted alone).
    pub tenant: Option<String>,
    /// `error` (`access_denied` when the admin cancelled).
    pub error: Option<String>,
    /// `error_description` (AADSTS65004 on a cancel).
    pub error_description: Option<String>,
}

/// Why the answer ends the connection.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The state is forged, replayed, expired or another session's.
    Flow(RelinkRefused),
    /// Microsoft's error: the admin cancelled, or the consent failed.
    Microsoft {
        /// `error`.
        error: String,
        /// `error_description`.
        description: String,
    },
}

/// Takes Microsoft's answer for the session `session` (once).
pub async fn answer(
    checker: &Checker,
    a: Answer,
    session: String,
    by: &str,
) -> Result<Result<String, Refusal>, StoreError> {
    let who = by.to_string();
    let error = a
        .error
        .clone()
        .map(|e| format!("{e}: {}", a.error_description.clone().unwrap_or_default()));
    let (state, returned) = (a.state.clone(), a.tenant.clone());
    let taken = checker
        .store
        .run_blocking(move |s| {
            s.take_consent(
                &state,
                &session,
                (returned.as_deref(), error.as_deref()),
                &who,
                Utc::now(),
            )
        })
        .await?;
    Ok(match (taken, &a_error(&a)) {
        (Err(why), _) => Err(Refusal::Flow(why)),
        (Ok(_), Some((error, description))) => Err(Refusal::Microsoft {
            error: error.clone(),
            description: description.clone(),
        }),
        (Ok(_), None) => Ok(a.state),
    })
}

fn a_error(a: &Answer) -> Option<(String, String)> {
    a.error
        .clone()
        .map(|e| (e, a.error_description.clone().unwrap_or_default()))
}

/// Where a connection stands.
#[derive(Debug, Clone)]
pub enum Progress {
    /// Not (fully) on Microsoft's side yet.
    Waiting {
        /// Since the consent.
        since_secs: i64,
        /// What the last token request showed.
        why: Pending,
    },
    /// Saved.
    Connected {
        /// The tenant's row.
        tenant_ref: i64,
        /// Its name.
        name: String,
        /// The permissions granted.
        granted: Vec<String>,
        /// The permissions not granted, with what they would feed.
        missing: Vec<&'static Permission>,
    },
    /// Given up; nothing was saved.
    Failed(GaveUp),
}

/// What the last token request showed while waiting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    /// No token yet (Microsoft's error).
    NoToken(String),
    /// A token without permissions.
    NoRoles,
    /// Some permissions so far.
    Partial {
        /// Granted.
        granted: usize,
        /// Asked for.
        total: usize,
    },
}

/// Why linkwatch gave up on a connection (nothing was saved).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GaveUp {
    /// No `[monitor]` in the configuration.
    #[error("no monitor app is configured")]
    NoMonitorApp,
    /// Still no token after the limit.
    #[error("after waiting the longest linkwatch waits, Microsoft still refuses a token for the monitor app in this tenant: {0}")]
    NotPropagated(String),
    /// The token cannot be read.
    #[error("the token is not a JWT, so its permissions cannot be read")]
    NotJwt,
    /// The consent's `tenant` is not the token's.
    #[error("the consent came back for another tenant ({returned}) than the one asked for ({asked}, {tid}): nothing was saved")]
    OtherTenant {
        /// The callback's `tenant`.
        returned: String,
        /// As entered.
        asked: String,
        /// The token's `tid`.
        tid: String,
    },
    /// A token without any permission after the limit.
    #[error("the token for this tenant carries no permission: the consent did not grant any")]
    NoRoles,
    /// Microsoft refuses the monitor app's own secret or certificate: no wait fixes that.
    #[error("Microsoft refuses the monitor app's own credential ({0}). Check [monitor] in linkwatch.toml: the client secret's value, or that the certificate is uploaded to the monitor app under Certificates & secrets. Nothing was saved.")]
    MonitorCredential(String),
    /// The store refused the tenant.
    #[error("{0}")]
    Refused(String),
}

/// Whether Microsoft refused the credential itself (a wrong or expired secret, a certificate
/// not on the app): unlike a consent still on its way, waiting does not help.
fn credential_refused(e: &crate::graph::GraphError) -> bool {
    use crate::graph::GraphError;
    match e {
        GraphError::Credential(_) => true,
        // The codes the identity platform's table knows as a wrong or expired credential (not
        // AADSTS7000229, "missing service principal", which a consent still on its way gives).
        GraphError::Token(a) => crate::aad::deciding_code(a).is_some_and(|c| {
            crate::aad::KNOWN.iter().any(|(k, f)| {
                *k == c
                    && matches!(
                        f,
                        crate::model::FindingCode::SecretInvalid
                            | crate::model::FindingCode::SecretExpired
                    )
            })
        }),
        _ => false,
    }
}

/// One step of waiting for the consent of connection `state`: a token request in the tenant,
/// and the tenant saved once the token carries the permissions.
pub async fn poll(
    checker: &Checker,
    monitor: Option<&(String, Secret)>,
    (state, session): (&str, String),
    by: &str,
) -> Result<Option<Progress>, StoreError> {
    let Some((client_id, secret)) = monitor else {
        return Ok(Some(Progress::Failed(GaveUp::NoMonitorApp)));
    };
    let st = state.to_string();
    let Some(flow) = checker
        .store
        .run_blocking(move |s| s.consent_flow(&st, &session))
        .await?
    else {
        return Ok(None);
    };
    let token = checker
        .graph
        .app_token(&flow.tenant, client_id, secret)
        .await;
    let claims = token.as_ref().ok().and_then(monitor::claims);
    if let Some(tenant_ref) = flow.tenant_ref {
        let granted = claims.map(|c| c.roles).unwrap_or_default();
        return Ok(Some(Progress::Connected {
            tenant_ref,
            name: flow.name.clone().unwrap_or(flow.tenant.clone()),
            missing: monitor::missing(&granted),
            granted,
        }));
    }
    let now = Utc::now();
    let since = now - flow.consented_at.unwrap_or(now);
    let fail = |why: GaveUp| async move {
        let (st, who, w) = (state.to_string(), by.to_string(), why.to_string());
        checker
            .store
            .run_blocking(move |s| s.fail_consent(&st, &w, &who, Utc::now()))
            .await?;
        Ok::<_, StoreError>(Some(Progress::Failed(why)))
    };
    let out_of_time = since > Duration::seconds(PROPAGATION_LIMIT_SECS);
    let waiting = |why: Pending| {
        Ok(Some(Progress::Waiting {
            since_secs: since.num_seconds(),
            why,
        }))
    };
    let claims = match (token, claims) {
        (Err(e), _) if credential_refused(&e) => {
            return fail(GaveUp::MonitorCredential(e.to_string())).await
        }
        (Err(e), _) if out_of_time => return fail(GaveUp::NotPropagated(e.to_string())).await,
        (Err(e), _) => return waiting(Pending::NoToken(e.to_string())),
        (Ok(_), None) => return fail(GaveUp::NotJwt).await,
        (Ok(_), Some(c)) => c,
    };
    if let Some(returned) = flow.returned_tenant.as_deref() {
        if !returned.eq_ignore_ascii_case(&claims.tid) {
            return fail(GaveUp::OtherTenant {
                returned: returned.to_string(),
                asked: flow.tenant.clone(),
                tid: claims.tid.clone(),
            })
            .await;
        }
    }
    let missing = monitor::missing(&claims.roles);
    let settled = since > Duration::seconds(SETTLE_SECS);
    match (claims.roles.is_empty(), missing.is_empty()) {
        (true, _) if out_of_time => return fail(GaveUp::NoRoles).await,
        (true, _) => return waiting(Pending::NoRoles),
        (false, false) if !settled => {
            return waiting(Pending::Partial {
                granted: monitor::PERMISSIONS.len() - missing.len(),
                total: monitor::PERMISSIONS.len(),
            })
        }
        _ => {}
    }
    let name = flow.name.clone().unwrap_or(flow.tenant.clone());
    let (st, who, tid, n, cid, sec, granted) = (
        state.to_string(),
        by.to_string(),
        claims.tid.clone(),
        name.clone(),
        client_id.clone(),
        secret.clone(),
        claims.roles.join(" "),
    );
    let saved = checker
        .store
        .run_blocking(move |s| {
            s.finish_consent(&st, (&tid, &n), (&cid, &sec), &granted, &who, Utc::now())
        })
        .await;
    let tenant_ref = match saved {
        Ok(id) => id,
        Err(StoreError::Invalid(why)) => return fail(GaveUp::Refused(why)).await,
        Err(e) => return Err(e),
    };
    Ok(Some(Progress::Connected {
        tenant_ref,
        name,
        missing,
        granted: claims.roles,
    }))
}
