//! Discovery again, each day: every tenant's mail apps are read and compared with what was
//! seen before; an app that appeared since is noticed once (on the overview, in the audit log
//! and through the alert channels), until an admin watches or dismisses it. A tenant's first read is its baseline.

use crate::cycle::Checker;
use crate::discovery::FoundApp;
use crate::store::StoreError;
use crate::targets::TenantSpec;
use chrono::Utc;

/// Records what a read of `tenant` found; returns the mail apps new since the last read.
pub async fn record(
    checker: &Checker,
    tenant: &TenantSpec,
    found: &[FoundApp],
) -> Result<Vec<(String, String)>, StoreError> {
    let apps: Vec<(String, String)> = found
        .iter()
        .map(|a| (a.client_id.clone(), a.name.clone()))
        .collect();
    let (tenant_ref, tenant_id, name) = (tenant.id, tenant.tenant_id.clone(), tenant.name.clone());
    let policy = checker.alerting.clone();
    checker
        .store
        .run_blocking(move |s| {
            let now = Utc::now();
            s.record_discovery(tenant_ref, &apps, now, &|new| {
                crate::alerts::plan_new_apps(&policy, (&tenant_id, &name, tenant_ref), new, now)
            })
        })
        .await
}

/// Reads every tenant with a monitor credential; returns how many new mail apps were found.
/// A tenant that cannot be read is logged and skipped (it keeps its baseline).
pub async fn every_tenant(checker: &Checker) -> Result<usize, StoreError> {
    let tenants = checker.store.run_blocking(|s| s.load_tenants()).await?;
    let mut new = 0;
    for t in tenants.iter().filter(|t| t.monitor.is_some()) {
        let id = t.id;
        let activity = checker
            .store
            .run_blocking(move |s| s.tenant_activity(id))
            .await?;
        let signed_in = crate::discover::signed_in(activity);
        match crate::discover::read_tenant(&checker.graph, t, &signed_in).await {
            Ok(found) => {
                let apps = record(checker, t, &found).await?;
                for (client, name) in &apps {
                    tracing::info!(tenant = %t.tenant_id, app = %name, client_id = %client, "discovery found a new mail app");
                }
                new += apps.len();
            }
            Err(why) => {
                tracing::warn!(tenant = %t.tenant_id, %why, "discovery could not read the tenant")
            }
        }
    }
    Ok(new)
}
