//! Watching an app registration found by discovery: nothing is typed but a name, a consumer
//! kind and (optionally) the app's own secret. The tenant's directory is read again at the
//! moment of saving, so only what it really holds is watched; the app and the chosen mailboxes
//! are saved in one transaction with their audit entry, then checked at once.

use crate::activity::TenantActivity;
use crate::cycle::{Checker, Scope};
use crate::discovery::FoundApp;
use crate::graph::GraphError;
use crate::input::{self, FieldErrors};
use crate::store::{AppInput, PickedMailbox, StoreError};
use crate::targets::{ConsumerKind, TenantSpec};
use chrono::Utc;

/// What the person chose on the watch form.
#[derive(Debug, Clone, Default)]
pub struct Choice {
    /// The app's client id (from the discovery list, not typed).
    pub client_id: String,
    /// Its name in linkwatch.
    pub name: String,
    /// econobis | imagecapture | generic.
    pub consumer_kind: String,
    /// The app's own client secret, when the person has it.
    pub secret: Option<String>,
    /// The accounts (object ids) to watch as its mailboxes.
    pub mailboxes: Vec<String>,
}

/// Why nothing was watched.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// The directory could not be read: nothing is created from a failed read.
    #[error("the directory could not be read: {0}")]
    Read(String),
    /// The app is not (or no longer) one of the tenant's mail apps.
    #[error("this app registration is not among the tenant's mail apps (any more)")]
    NotFound,
    /// It is watched already.
    #[error("this app registration is watched already")]
    Watched,
    /// A chosen account is not one the app reaches, or has no mail address.
    #[error("{0} is not a mailbox this app reaches")]
    UnknownAccount(String),
    /// A field is wrong.
    #[error("a field is wrong")]
    Invalid(FieldErrors),
    /// Microsoft refused a token with the secret given: nothing was saved.
    #[error("{0}")]
    SecretRefused(GraphError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One app of the tenant's discovery, read now.
pub async fn find(
    checker: &Checker,
    tenant: &TenantSpec,
    activity: TenantActivity,
    client_id: &str,
) -> Result<FoundApp, WatchError> {
    let signed_in = crate::discover::signed_in(activity);
    let found = crate::discover::read_tenant(&checker.graph, tenant, &signed_in)
        .await
        .map_err(WatchError::Read)?;
    found
        .into_iter()
        .find(|a| a.client_id.eq_ignore_ascii_case(client_id.trim()))
        .ok_or(WatchError::NotFound)
}

/// The scopes a watched app's mailboxes need: the consumer kind's, or for an application
/// linkwatch does not know, the mail permissions the app has now.
fn required_scopes(kind: ConsumerKind, found: &FoundApp) -> Option<Vec<&str>> {
    match kind {
        ConsumerKind::Generic if !found.mail_scopes.is_empty() => {
            Some(found.mail_scopes.iter().map(String::as_str).collect())
        }
        _ => None,
    }
}

/// Watches the app chosen in `tenant`; returns its row id.
/// `found` is the app as [`find`] read it at the moment of saving.
pub async fn watch(
    checker: &Checker,
    tenant: &TenantSpec,
    found: &FoundApp,
    choice: &Choice,
    by: &str,
) -> Result<i64, WatchError> {
    if found.watched {
        return Err(WatchError::Watched);
    }
    let kind = ConsumerKind::parse(choice.consumer_kind.trim()).unwrap_or_default();
    let draft = input::AppDraft {
        client_id: &found.client_id,
        name: Some(choice.name.as_str()),
        secret: input::SecretDraft {
            value: choice.secret.as_deref().filter(|s| !s.trim().is_empty()),
            env_var: None,
            stored: false,
        },
        secret_expires: None,
        consumer_kind: Some(choice.consumer_kind.as_str()),
        consumer_name: None,
        consumer_url: None,
        required_scopes: required_scopes(kind, found),
        secret_optional: true,
    };
    let app = input::app(&draft, &|_| None).map_err(WatchError::Invalid)?;
    let mut picked: Vec<PickedMailbox> = Vec::new();
    for id in &choice.mailboxes {
        let account = found
            .accounts
            .iter()
            .find(|a| a.object_id.eq_ignore_ascii_case(id))
            .ok_or_else(|| WatchError::UnknownAccount(id.clone()))?;
        let address = account
            .address
            .as_deref()
            .ok_or_else(|| WatchError::UnknownAccount(id.clone()))?;
        let m = input::mailbox(&input::MailboxDraft {
            address,
            object_id: &account.object_id,
            required_scopes: None,
        })
        .map_err(|_| WatchError::UnknownAccount(address.to_string()))?;
        picked.push((m.address.into(), m.object_id.into()));
    }
    // A secret given must work before anything is saved.
    if let Some(secret) = &app.client_secret {
        checker
            .graph
            .app_token(&tenant.tenant_id, app.client_id.as_str(), secret)
            .await
            .map_err(WatchError::SecretRefused)?;
    }
    let row = AppInput {
        tenant_ref: tenant.id,
        client_id: app.client_id.to_string(),
        name: app.name.clone(),
        client_secret: app.client_secret.as_ref().map(|s| s.expose().to_string()),
        secret_expires: None,
        required_scopes: app.required_scopes.iter().map(|s| s.to_string()).collect(),
        consumer_kind: app.consumer.kind.as_str().into(),
        consumer_url: None,
    };
    let who = by.to_string();
    let id = checker
        .store
        .run_blocking(move |s| s.watch_app(&row, &picked, &who, Utc::now()))
        .await?;
    checker.run(Scope::App(id)).await?;
    Ok(id)
}
