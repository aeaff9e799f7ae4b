//! `linkwatch discover`: reads each tenant's directory with its monitor credential and prints
//! what [`crate::discovery`] finds, as a table or in the JSON of DESIGN.md.

use crate::activity::TenantActivity;
use crate::cli::{DiscoverArgs, Format};
use crate::commands::Runtime;
use crate::discovery::{discover, FoundApp};
use crate::graph::GraphClient;
use crate::targets::TenantSpec;
use anyhow::{bail, Result};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Runs `discover`.
pub async fn run(config: Option<&Path>, args: &DiscoverArgs) -> Result<()> {
    let rt = Runtime::open(config)?;
    let mut tenants = rt.store.load_tenants()?;
    if let Some(only) = &args.tenant {
        tenants.retain(|t| t.tenant_id.eq_ignore_ascii_case(only));
        if tenants.is_empty() {
            bail!("no tenant {only:?} is configured");
        }
    }
    let mut out = Vec::new();
    for t in &tenants {
        let activity = signed_in(rt.store.tenant_activity(t.id)?);
        let found = read_with_progress(&rt.graph, t, &activity).await;
        out.push((t.tenant_id.clone(), t.name.clone(), found));
    }
    match args.format {
        Format::Json => {
            let json: Vec<serde_json::Value> = out
                .iter()
                .map(|(id, _, found)| match found {
                    Ok(apps) => serde_json::json!({"tenant_id": id, "apps": apps}),
                    Err(e) => serde_json::json!({"tenant_id": id, "apps": [], "error": e}),
                })
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({ "tenants": json }))?
            );
        }
        Format::Table => {
            for (id, name, found) in &out {
                println!("{name} ({id})");
                match found {
                    Err(e) => println!("  could not be read: {e}"),
                    Ok(apps) if apps.is_empty() => {
                        println!("  no app with Microsoft Graph mail permissions")
                    }
                    Ok(apps) => {
                        for a in apps {
                            let reach = match a.consent {
                                "tenant" => "every account".to_string(),
                                "users" if a.accounts.len() == 1 => "1 account".to_string(),
                                "users" => format!("{} accounts", a.accounts.len()),
                                _ => "no consent".to_string(),
                            };
                            println!(
                                "  {:<11}  {:<24}  {:<14}  {:<52}  {}",
                                if a.watched { "watched" } else { "NOT WATCHED" },
                                a.name,
                                reach,
                                permissions(a),
                                a.client_id
                            );
                        }
                    }
                }
            }
        }
    }
    let failed = out.iter().filter(|(_, _, found)| found.is_err()).count();
    if failed > 0 {
        bail!(
            "{failed} of {} tenants could not be read (see above)",
            out.len()
        );
    }
    Ok(())
}

/// [`read_tenant`], saying on standard error every few seconds how far a long read has come
/// (standard output keeps the table or the JSON only).
async fn read_with_progress(
    graph: &GraphClient,
    t: &TenantSpec,
    signed_in: &HashMap<String, Vec<String>>,
) -> Result<Vec<FoundApp>, String> {
    use crate::graph::progress::{Collection, ReadProgress};
    let progress = ReadProgress::default();
    let graph = graph.with_progress(progress.clone());
    let read = read_tenant(&graph, t, signed_in);
    tokio::pin!(read);
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(3));
    tick.tick().await;
    loop {
        tokio::select! {
            found = &mut read => return found,
            _ = tick.tick() => {
                let what = |c| match c {
                    Collection::Applications => "app registrations",
                    Collection::ServicePrincipals => "enterprise applications",
                    Collection::Grants => "delegated permission grants",
                    Collection::Other => "objects",
                };
                let s = progress.snapshot();
                let mut parts: Vec<String> =
                    s.done.iter().map(|(c, n)| format!("{n} {}", what(*c))).collect();
                if let Some((c, n, page)) = s.reading {
                    parts.push(format!("{n} {} (page {page})", what(c)));
                }
                if !parts.is_empty() {
                    eprintln!("{}: {} read so far…", t.name, parts.join(", "));
                }
            }
        }
    }
}

/// Delegated mail scopes, then application ones marked as app-only (they reach every mailbox).
fn permissions(a: &FoundApp) -> String {
    let roles = a.mail_roles.iter().map(|r| format!("{r} (app-only)"));
    let all: Vec<String> = a.mail_scopes.iter().cloned().chain(roles).collect();
    all.join(" ")
}

/// The accounts the watched applications signed in as (signal 4, from earlier check cycles), by
/// client id: what a tenant-wide consent reaches.
pub fn signed_in(activity: TenantActivity) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for ((app, principal), a) in activity.by_principal {
        if !principal.is_empty() && a.last_success_at.is_some() {
            out.entry(app).or_default().push(principal);
        }
    }
    out
}

/// Reads one tenant's directory with its monitor credential and finds its mail apps; the error
/// says what could not be read and which permission that needs.
/// `signed_in`: the accounts each watched application signs in as ([`signed_in`]).
pub async fn read_tenant(
    graph: &GraphClient,
    t: &TenantSpec,
    signed_in: &HashMap<String, Vec<String>>,
) -> Result<Vec<FoundApp>, String> {
    let Some((client, secret)) = &t.monitor else {
        return Err("the tenant has no monitor credential (monitor_client_id)".into());
    };
    let tenant = t.tenant_id.as_str();
    let token = graph
        .app_token(tenant, client, secret)
        .await
        .map_err(|e| format!("the monitor credential could not get a token: {e}"))?;
    let apps = graph.applications(tenant, &token).await.map_err(|e| {
        format!("reading applications (the monitor app needs Application.Read.All): {e}")
    })?;
    let sps = graph
        .service_principals(tenant, &token)
        .await
        .map_err(|e| {
            format!("reading service principals (the monitor app needs Application.Read.All): {e}")
        })?;
    let grants = graph
        .tenant_grants(tenant, &token)
        .await
        .map_err(|e| format!("reading delegated grants (the monitor app needs DelegatedPermissionGrant.Read.All): {e}"))?;
    let mut ids: Vec<String> = grants
        .iter()
        .filter_map(|g| g.principal_id.as_deref())
        .chain(signed_in.values().flatten().map(String::as_str))
        .map(str::to_ascii_lowercase)
        .collect();
    ids.sort();
    ids.dedup();
    let users: HashMap<String, crate::observed::User> = graph
        .users(tenant, &token, &ids)
        .await
        .map_err(|e| format!("reading accounts (the monitor app needs User.Read.All): {e}"))?
        .into_iter()
        .filter_map(|(id, r)| Some((id.to_ascii_lowercase(), r.ok()?)))
        .collect();
    // Apps watched for their expiry only can still be watched as mail apps.
    let watched: HashSet<String> = t
        .apps
        .iter()
        .filter(|a| !a.expiry_only)
        .map(|a| a.client_id.to_ascii_lowercase())
        .collect();
    Ok(discover(&apps, &sps, &grants, &users, &watched, signed_in))
}
