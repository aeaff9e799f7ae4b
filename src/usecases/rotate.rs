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
