//! Re-linking a mailbox, by the browser (authorization code with PKCE, state bound to the
//! session) or by device code from the terminal. Both end in [`finish`]: the signed-in account
//! and the granted scopes are checked before anything is stored, and the mailbox is checked
//! again once linked.

use crate::accounts::random_token;
use crate::cycle::{Checker, Scope};
use crate::graph::token::{AuthorizeRequest, DeviceSignIn, Redeemed};
use crate::graph::GraphError;
use crate::linking::Verdict;
use crate::scopes;
use crate::store::{AppDetail, MailboxDetail, RelinkRefused, StoreError};
use crate::targets::{AppSpec, MailboxSpec, Secret, TenantSpec};
use chrono::Utc;

/// Why a re-link stopped before a verdict.
#[derive(Debug, thiserror::Error)]
pub enum RelinkError {
    /// The mailbox or its app registration no longer exists.
    #[error("the mailbox or its app registration no longer exists")]
    Gone,
    /// No client secret is stored for the app registration.
    #[error("no client secret is stored for {0}")]
    NoSecret(String),
    /// Microsoft refused the sign-in or the code.
    #[error("{0}")]
    Microsoft(GraphError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The mailbox being linked and the app registration it is linked through.
#[derive(Debug, Clone)]
pub struct Target {
    /// Mailbox row id.
    pub mailbox_id: i64,
    /// Its address.
    pub address: String,
    /// Its account's object id.
    pub object_id: String,
    /// App row id.
    pub app_id: i64,
    /// Tenant id as configured.
    pub tenant_id: String,
    /// Client id.
    pub client_id: String,
    /// Delegated scopes the link must grant (OIDC scopes left out).
    pub scopes: Vec<String>,
}

impl Target {
    /// From the dashboard's views.
    pub fn of_detail(m: &MailboxDetail, a: &AppDetail) -> Target {
        Target::new(
            (m.id, &m.address, &m.object_id, m.required_scopes.as_ref()),
            (a.id, &a.tenant_id, &a.client_id, &a.required_scopes),
        )
    }

    /// From the loaded targets.
    pub fn of_spec(t: &TenantSpec, a: &AppSpec, m: &MailboxSpec) -> Target {
        Target::new(
            (m.id, &m.address, &m.object_id, m.required_scopes.as_ref()),
            (a.id, &t.tenant_id, &a.client_id, &a.required_scopes),
        )
    }

    fn new(
        (mailbox_id, address, object_id, own): (i64, &str, &str, Option<&Vec<String>>),
        (app_id, tenant_id, client_id, app_scopes): (i64, &str, &str, &[String]),
    ) -> Target {
        Target {
            mailbox_id,
            address: address.into(),
            object_id: object_id.into(),
            app_id,
            tenant_id: tenant_id.into(),
            client_id: client_id.into(),
            scopes: own
                .map(|s| s.as_slice())
                .unwrap_or(app_scopes)
                .iter()
                .filter(|s| !scopes::is_oidc(s))
                .cloned()
                .collect(),
        }
    }
}

/// The mailbox `id` and its app registration, as the dashboard shows them.
pub async fn load(
    checker: &Checker,
    id: i64,
) -> Result<Option<(MailboxDetail, AppDetail)>, StoreError> {
    checker
        .store
        .run_blocking(move |st| {
            let Some(m) = st.mailbox(id)? else {
                return Ok(None);
            };
            Ok(st.app(m.app_ref)?.map(|a| (m, a)))
        })
        .await
}

/// Starts a browser sign-in for `target`, bound to `session` (a hash of the dashboard
/// session): returns the identity platform's address to send the browser to.
pub async fn start(
    checker: &Checker,
    target: &Target,
    session: String,
    redirect_uri: &str,
    by: &str,
) -> Result<String, RelinkError> {
    let flow_state = random_token();
    let (url, verifier) = checker
        .graph
        .authorize_url(&AuthorizeRequest {
            tenant: &target.tenant_id,
            client_id: &target.client_id,
            redirect_uri,
            scopes: &target.scopes,
            state: &flow_state,
            login_hint: &target.address,
        })
        .map_err(RelinkError::Microsoft)?;
    let (who, mailbox) = (by.to_string(), target.mailbox_id);
    checker
        .store
        .run_blocking(move |st| {
            st.start_relink(
                &flow_state,
                mailbox,
                &session,
                verifier.expose(),
                &who,
                Utc::now(),
            )
        })
        .await?;
    Ok(url)
}

/// Takes the flow `state` that came back (once, from the session that started it): the
/// mailbox and the PKCE verifier, or why not (audited).
pub async fn take(
    checker: &Checker,
    state: String,
    session: String,
    by: &str,
) -> Result<Result<(i64, Secret), RelinkRefused>, StoreError> {
    let by = by.to_string();
    checker
        .store
        .run_blocking(move |st| st.take_relink(&state, &session, &by, Utc::now()))
        .await
}

/// Records that Microsoft answered the sign-in with an error instead of a code.
pub async fn refused_by_microsoft(
    checker: &Checker,
    target: &Target,
    description: Option<String>,
    by: &str,
) -> Result<(), StoreError> {
    let (by, id) = (by.to_string(), target.mailbox_id);
    checker
        .store
        .run_blocking(move |st| {
            st.audit(
                Utc::now(),
                &by,
                "relink.error",
                Some(&crate::key::RowRef::Mailbox(id).to_string()),
                description.as_deref(),
            )
        })
        .await
}

/// Redeems the code that came back and finishes the link.
pub async fn redeem_code(
    checker: &Checker,
    target: &Target,
    code: &str,
    verifier: &Secret,
    redirect_uri: &str,
    by: &str,
) -> Result<Verdict, RelinkError> {
    let secret = app_secret(checker, target).await?;
    let redeemed = checker
        .graph
        .exchange_code(
            &target.tenant_id,
            &target.client_id,
            &secret,
            code,
            verifier,
            redirect_uri,
        )
        .await
        .map_err(RelinkError::Microsoft)?;
    finish(checker, target, redeemed, by).await
}

/// A device-code sign-in: `show` gets the code to type and where; waits up to 15 minutes for
/// the person to sign in, then finishes the link.
pub async fn by_device_code(
    checker: &Checker,
    target: &Target,
    show: impl FnOnce(&DeviceSignIn),
    by: &str,
) -> Result<Verdict, RelinkError> {
    let secret = app_secret(checker, target).await?;
    let graph = &checker.graph;
    let sign_in = graph
        .device_start(
            &target.tenant_id,
            &target.client_id,
            &secret,
            &target.scopes,
        )
        .await
        .map_err(RelinkError::Microsoft)?;
    show(&sign_in);
    let redeemed = graph
        .device_finish(
            &target.tenant_id,
            &target.client_id,
            &secret,
            &sign_in,
            std::time::Duration::from_secs(900),
        )
        .await
        .map_err(RelinkError::Microsoft)?;
    finish(checker, target, redeemed, by).await
}

/// Checks a redeemed sign-in against the mailbox, stores it when it is right, and checks the
/// mailbox again.
pub async fn finish(
    checker: &Checker,
    target: &Target,
    redeemed: Redeemed,
    by: &str,
) -> Result<Verdict, RelinkError> {
    let verdict = crate::linking::finish(
        &checker.graph,
        &checker.store,
        &target.tenant_id,
        target.mailbox_id,
        &target.object_id,
        &target.scopes,
        redeemed,
        by,
    )
    .await?;
    if matches!(verdict, Verdict::Stored { .. }) {
        checker.run(Scope::Mailbox(target.mailbox_id)).await?;
    }
    Ok(verdict)
}

/// The app registration's client secret (only that app's is decrypted).
async fn app_secret(checker: &Checker, target: &Target) -> Result<Secret, RelinkError> {
    let app_id = target.app_id;
    checker
        .store
        .run_blocking(move |st| st.app_secret(app_id))
        .await?
        .ok_or_else(|| RelinkError::NoSecret(target.client_id.clone()))
}
