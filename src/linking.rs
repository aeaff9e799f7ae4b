//! Finishing a link, whichever way the sign-in happened (browser or device code): find out who
//! signed in, refuse the wrong account or missing scopes (storing nothing), store the rest.

use crate::graph::token::Redeemed;
use crate::graph::GraphClient;
use crate::scopes;
use crate::store::{Store, StoreError};
use chrono::Utc;

/// What became of a sign-in.
#[derive(Debug)]
pub enum Verdict {
    /// Stored as the mailbox's link.
    Stored {
        /// The signed-in account's UPN, when known.
        upn: Option<String>,
    },
    /// Another account signed in; nothing was stored.
    WrongAccount {
        /// Who signed in.
        who: String,
    },
    /// Required scopes were not granted; nothing was stored.
    MissingScopes(Vec<String>),
    /// No refresh token came back (offline_access not granted); nothing was stored.
    NoRefreshToken,
}

/// Checks a redeemed sign-in against the mailbox and stores it as the link when it is right.
#[allow(clippy::too_many_arguments)]
pub async fn finish(
    graph: &GraphClient,
    store: &Store,
    tenant: &str,
    mailbox_id: i64,
    object_id: &str,
    wanted: &[String],
    redeemed: Redeemed,
    by: &str,
) -> Result<Verdict, StoreError> {
    // Who signed in, as Graph says (the id token only as a fallback).
    let me = graph.me(tenant, &redeemed.access_token).await.ok();
    let claims = redeemed.account.as_ref();
    let account_id = me
        .as_ref()
        .map(|u| u.id.clone())
        .or_else(|| claims.and_then(|c| c.oid.clone()))
        .unwrap_or_default();
    let upn = me
        .as_ref()
        .and_then(|u| u.user_principal_name.clone())
        .or_else(|| claims.and_then(|c| c.preferred_username.clone()));
    let target = crate::key::RowRef::Mailbox(mailbox_id).to_string();
    if !account_id.eq_ignore_ascii_case(object_id) {
        let who = upn.unwrap_or(account_id);
        let (by, w) = (by.to_string(), who.clone());
        store
            .run_blocking(move |s| {
                s.audit(
                    Utc::now(),
                    &by,
                    "relink.identity_mismatch",
                    Some(&target),
                    Some(&w),
                )
            })
            .await?;
        return Ok(Verdict::WrongAccount { who });
    }
    let missing = scopes::missing(wanted, &redeemed.scopes);
    if !missing.is_empty() {
        let (by, detail) = (by.to_string(), missing.join(" "));
        store
            .run_blocking(move |s| {
                s.audit(
                    Utc::now(),
                    &by,
                    "relink.missing_scopes",
                    Some(&target),
                    Some(&detail),
                )
            })
            .await?;
        return Ok(Verdict::MissingScopes(missing));
    }
    let Some(refresh) = redeemed.refresh_token else {
        return Ok(Verdict::NoRefreshToken);
    };
    let mut granted = redeemed.scopes.clone();
    granted.extend(["openid".to_string(), "profile".to_string()]);
    let (by, who) = (by.to_string(), upn.clone());
    store
        .run_blocking(move |s| {
            s.store_link(
                mailbox_id,
                &refresh,
                &by,
                &account_id,
                who.as_deref(),
                &granted,
                Utc::now(),
            )
        })
        .await?;
    Ok(Verdict::Stored { upn })
}
