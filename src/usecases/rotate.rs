//! Rotating an app registration's client secret: Microsoft must accept the new secret before
//! anything is saved; then the secret (when the app is managed in the dashboard), the audit
//! entry and the fix that stays open until the application itself uses the new secret are
//! written in one transaction, and the app is checked again.

use crate::cycle::{Checker, Scope};
use crate::graph::GraphError;
use crate::store::{AppDetail, StoreError};
use crate::targets::Secret;
use chrono::{DateTime, Utc};

/// Why a rotation did not happen.
#[derive(Debug, thiserror::Error)]
pub enum RotateError {
    /// Microsoft refused a token with the new secret: nothing was saved.
    #[error("{0}")]
    Refused(GraphError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a rotation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rotated {
    /// The secret was saved (the app is managed in the dashboard); else it was only validated
    /// and the config file is to be updated.
    pub saved: bool,
}

/// Tries `secret` with Microsoft, then records the rotation of `a` by `by`.
pub async fn rotate(
    checker: &Checker,
    a: &AppDetail,
    secret: &Secret,
    expires: Option<DateTime<Utc>>,
    by: &str,
) -> Result<Rotated, RotateError> {
    let store = &checker.store;
    if let Err(e) = checker
        .graph
        .app_token(&a.tenant_id, &a.client_id, secret)
        .await
    {
        let (client, detail, who) = (a.client_id.clone(), e.to_string(), by.to_string());
        store
            .run_blocking(move |s| {
                s.audit(
                    Utc::now(),
                    &who,
                    "secret.rotate.refused",
                    Some(&client),
                    Some(&detail),
                )
            })
            .await?;
        return Err(RotateError::Refused(e));
    }
    let saved = !a.from_config;
    let (app_id, client, tenant_ref, who) =
        (a.id, a.client_id.clone(), a.tenant_ref, by.to_string());
    let secret = secret.clone();
    store
        .run_blocking(move |s| {
            let old_key = s
                .tenant_activity(tenant_ref)?
                .key_in_use(&client)
                .map(|(k, _)| k);
            let (new, detail) = if saved {
                (Some((&secret, expires)), "saved")
            } else {
                (None, "validated; config file to update")
            };
            s.rotate_secret(
                app_id,
                &client,
                new,
                old_key.as_deref(),
                detail,
                &who,
                Utc::now(),
            )
        })
        .await?;
    if saved {
        checker.run(Scope::App(a.id)).await?;
    }
    Ok(Rotated { saved })
}

/// What the tenant's app management policies allow for a new secret of `a`, read now with the
/// tenant's monitor credential; or why they could not be read.
pub async fn secret_rules(
    checker: &Checker,
    a: &AppDetail,
) -> Result<crate::observed::policies::SecretRules, String> {
    let tenant_ref = a.tenant_ref;
    let monitor = checker
        .store
        .run_blocking(move |s| s.load_tenant(tenant_ref))
        .await
        .map_err(|e| e.to_string())?
        .and_then(|t| t.monitor);
    let Some((client, secret)) = monitor else {
        return Err("the tenant has no monitor credential".into());
    };
    let graph = &checker.graph;
    let token = graph
        .app_token(&a.tenant_id, &client, &secret)
        .await
        .map_err(|e| format!("the monitor credential could not get a token: {e}"))?;
    graph
        .secret_rules(&a.tenant_id, &token, &a.client_id)
        .await
        .map_err(|e| match e {
            GraphError::Api { status: 403, .. } => {
                "the monitor app may not read app management policies (Policy.Read.All)".into()
            }
            other => other.to_string(),
        })
}
