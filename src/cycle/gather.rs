//! The calls of one app registration and one mailbox: its directory reads (the application,
//! its service principal, the accounts and grants) and the redemption of a mailbox's link.

use super::interpret::{accounts, failure, grants_of, to_directory};
use super::{Checker, DirectoryView};
use crate::checks::{self, Directory, LinkProbe};
use crate::graph::budget::Deadline;
use crate::graph::GraphError;
use crate::observed::{Application, Grant};
use crate::targets::{AppSpec, MailboxSpec, Secret};
use chrono::{DateTime, Utc};

impl Checker {
    /// The app's directory reads: the application, its service principal and the accounts in
    /// one `$batch` (more for over 18 mailboxes), and its delegated grants (from the tenant's
    /// listing when there is one).
    pub(super) async fn read_directory(
        &self,
        tenant: &str,
        a: &AppSpec,
        token: Result<Secret, String>,
        monitor: bool,
        tenant_grants: Option<&Result<Vec<Grant>, GraphError>>,
        dl: &Deadline,
    ) -> (Directory<Application>, DirectoryView) {
        let tok = match &token {
            Ok(t) => t,
            Err(why) => {
                let app = if monitor {
                    Directory::Denied(why.clone())
                } else {
                    Directory::NotTried(why.clone())
                };
                return (
                    app,
                    DirectoryView {
                        grants: Directory::NotTried(why.clone()),
                        users: Directory::NotTried(why.clone()),
                    },
                );
            }
        };
        let ids: Vec<String> = a.mailboxes.iter().map(|m| m.object_id.clone()).collect();
        let bundle = match dl
            .call(self.graph.app_bundle(tenant, tok, &a.client_id, &ids))
            .await
        {
            Ok(b) => b,
            Err(e) => {
                let why = e.to_string();
                let app = to_directory(Err(e));
                return (
                    app,
                    DirectoryView {
                        grants: Directory::NotTried(why.clone()),
                        users: Directory::NotTried(why),
                    },
                );
            }
        };
        let application = to_directory(bundle.application);
        let grants = match (&application, bundle.service_principal) {
            (Directory::Read(_), Ok(Some(sp))) => match tenant_grants {
                Some(Ok(all)) => Directory::Read(grants_of(all, &sp.id)),
                Some(Err(e)) => Directory::Failed(failure(e)),
                None => to_directory(dl.call(self.graph.grants(tenant, tok, &sp.id)).await),
            },
            (Directory::Read(_), Ok(None)) => Directory::Read(Vec::new()),
            (Directory::Read(_), Err(e)) => to_directory(Err(e)),
            _ => Directory::NotTried("the application could not be read".into()),
        };
        let users = accounts(bundle.users);
        (application, DirectoryView { grants, users })
    }

    /// Redeems a mailbox's link for the scopes it needs, stores the rotated refresh token at
    /// once, learns the account when the token did not name it, and reads the inbox.
    pub(super) async fn probe_link(
        &self,
        tenant: &str,
        a: &AppSpec,
        m: &MailboxSpec,
        required: &[String],
        now: DateTime<Utc>,
        dl: &Deadline,
    ) -> LinkProbe {
        let (Some(link), Some(secret)) = (&m.link, &a.client_secret) else {
            return LinkProbe::NotLinked;
        };
        let mut wanted: Vec<String> = required.to_vec();
        let mut extra = vec!["offline_access"];
        if link.granted_scopes.iter().any(|s| s == "openid") {
            extra.extend(["openid", "profile"]);
        }
        for s in extra {
            if !wanted.iter().any(|w| w == s) {
                wanted.push(s.to_string());
            }
        }
        let redeemed = match dl
            .call(
                self.graph
                    .redeem(tenant, &a.client_id, secret, &link.refresh_token, &wanted),
            )
            .await
        {
            Ok(r) => r,
            Err(e) => return LinkProbe::TokenFailed(failure(&e)),
        };
        let claims = redeemed.account.clone();
        let mut account_id = claims
            .as_ref()
            .and_then(|c| c.oid.clone())
            .or_else(|| link.account_id.clone());
        let mut account_upn = claims
            .as_ref()
            .and_then(|c| c.preferred_username.clone())
            .or_else(|| link.account_upn.clone());
        // The rotated refresh token is stored before anything else happens with it.
        if let Err(e) = self.store.save_rotated_token(
            m.id,
            redeemed.refresh_token.as_ref(),
            &redeemed.scopes,
            account_id.as_deref().map(|id| (id, account_upn.as_deref())),
            now,
        ) {
            tracing::error!(mailbox = %m.address, error = %e, "could not store the rotated refresh token");
            return LinkProbe::TokenFailed(checks::Failure::NoAnswer {
                text: format!("the rotated refresh token could not be stored: {e}"),
                aad: None,
            });
        }
        if account_id.is_none() {
            let me = dl.call(self.graph.me(tenant, &redeemed.access_token)).await;
            if let Err(e) = &me {
                tracing::debug!(mailbox = %m.address, error = %e, "could not read the linked account; trying again next cycle");
            }
            if let Ok(me) = me {
                account_upn = me.user_principal_name.clone();
                account_id = Some(me.id.clone());
                let _ = self.store.save_rotated_token(
                    m.id,
                    None,
                    &redeemed.scopes,
                    Some((&me.id, me.user_principal_name.as_deref())),
                    now,
                );
            }
        }
        let inbox = dl
            .call(
                self.graph
                    .probe_inbox(tenant, &redeemed.access_token, &m.object_id),
            )
            .await;
        LinkProbe::Redeemed {
            granted: redeemed.scopes,
            account_id,
            account_upn,
            inbox: inbox.map_err(|e| failure(&e)),
        }
    }

    /// Keeps the expiry-only apps of the tenants that watch every app registration in step
    /// with their directories. A tenant whose directory cannot be read keeps what it had: no
    /// target is created or removed from a failed read.
    pub(super) async fn sync_all_apps(&self) {
        let tenants = match self.store.run_blocking(|s| s.tenants_watching_all()).await {
            Ok(t) => t,
            Err(e) => {
                tracing::error!(error = %e, "could not read the tenants that watch every app registration");
                return;
            }
        };
        for t in tenants {
            let (client, secret) = &t.monitor;
            let apps = match self.graph.app_token(&t.tenant_id, client, secret).await {
                Ok(token) => self.graph.applications(&t.tenant_id, &token).await,
                Err(e) => Err(e),
            };
            let apps = match apps {
                Ok(a) => a,
                Err(e) => {
                    tracing::warn!(tenant = %t.tenant_id, error = %e, "could not list the tenant's app registrations; its expiry-only targets stay as they were");
                    continue;
                }
            };
            let excludes = crate::expiry::excludes(t.exclude_apps.as_deref());
            let (wanted, left_out) = crate::expiry::targets(&apps, &t.watched, &excludes);
            let tenant_ref = t.tenant_ref;
            match self
                .store
                .run_blocking(move |s| s.sync_expiry_only(tenant_ref, &wanted, &left_out))
                .await
            {
                Ok((added, removed)) => {
                    tracing::debug!(tenant = %t.tenant_id, added, removed, "every app registration's expiry")
                }
                Err(e) => {
                    tracing::error!(tenant = %t.tenant_id, error = %e, "could not keep the expiry-only apps")
                }
            }
        }
    }
}
