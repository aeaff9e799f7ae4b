//! The few Graph v1.0 resources linkwatch reads, with Graph's authorization rules, paging
//! and JSON batching.

use super::reply::Reply;
use super::scenario::MailboxState;
use super::state::{AccessGrant, Principal, SimState};
use crate::scopes;
use serde_json::{json, Value};
use std::collections::HashMap;

/// The Microsoft Graph service principal's object id in every simulated tenant.
pub const GRAPH_SP_ID: &str = "1804a6f8-e623-4520-8f40-ba1b0c11c42d";

/// The service principal id the simulator gives an app (stable, GUID-shaped).
pub fn sp_id(client_id: &str) -> String {
    format!("5e{}", client_id.get(2..).unwrap_or(""))
}

/// Handles one Graph request. `path` is after `/v1.0/`, decoded; `base` is the simulator's URL.
pub fn handle(
    state: &mut SimState,
    method: &str,
    path: &str,
    query: &HashMap<String, String>,
    bearer: Option<&str>,
    body: &[u8],
    base: &str,
) -> Reply {
    let Some(grant) = bearer.and_then(|t| state.access.get(t)).cloned() else {
        return Reply::graph(
            401,
            "InvalidAuthenticationToken",
            "Access token is empty or invalid.",
        );
    };
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (method, segments.as_slice()) {
        ("POST", ["$batch"]) => batch(state, &grant, body, bearer.unwrap_or(""), base),
        ("GET", [one]) if one.starts_with("applications(appId=") => {
            application(state, &grant, key_arg(one))
        }
        ("GET", [one, "owners"]) if one.starts_with("applications(appId=") => {
            owners(state, &grant, key_arg(one))
        }
        ("GET", [one]) if one.starts_with("servicePrincipals(appId=") => {
            service_principal(state, &grant, key_arg(one))
        }
        ("GET", ["oauth2PermissionGrants"]) => grants(state, &grant, query, base),
        ("GET", ["policies", "defaultAppManagementPolicy"]) => default_policy(state, &grant),
        ("GET", ["applications", id, "appManagementPolicies"]) => app_policies(state, &grant, id),
        ("GET", ["applications"]) => list_applications(state, &grant, query, base),
        ("GET", ["servicePrincipals"]) => list_service_principals(state, &grant, query, base),
        ("GET", ["me"]) => match &grant.principal {
            Principal::User { user, .. } => user_reply(state, &grant, user, query),
            Principal::App { .. } => Reply::graph(
                400,
                "BadRequest",
                "/me request is only valid with delegated authentication flow.",
            ),
        },
        ("GET", ["users", id]) => {
            if !allowed(&grant, &["User.Read.All", "Directory.Read.All"]) && !is_self(&grant, id) {
                return denied();
            }
            user_reply(state, &grant, id, query)
        }
        ("GET", ["users", id, "mailFolders", "inbox"]) => inbox(state, &grant, id),
        _ => Reply::graph(
            400,
            "BadRequest",
            &format!(
                "Resource not found for the segment '{}'.",
                segments.first().unwrap_or(&"")
            ),
        ),
    }
}

fn key_arg(segment: &str) -> &str {
    segment.split('\'').nth(1).unwrap_or("")
}

fn denied() -> Reply {
    Reply::graph(
        403,
        "Authorization_RequestDenied",
        "Insufficient privileges to complete the operation.",
    )
}

fn allowed(grant: &AccessGrant, roles: &[&str]) -> bool {
    match &grant.principal {
        Principal::App { roles: have } => have
            .iter()
            .any(|h| roles.iter().any(|r| r.eq_ignore_ascii_case(h))),
        Principal::User { .. } => false,
    }
}

fn is_self(grant: &AccessGrant, id: &str) -> bool {
    matches!(&grant.principal, Principal::User { user, .. } if user.eq_ignore_ascii_case(id))
}

fn application(state: &SimState, grant: &AccessGrant, client_id: &str) -> Reply {
    if !allowed(grant, &["Application.Read.All", "Directory.Read.All"]) {
        return denied();
    }
    let Some(app) = state.app(grant.tenant, client_id) else {
        return Reply::graph(404, "Request_ResourceNotFound", &format!("Resource '{client_id}' does not exist or one of its queried reference-property objects are not present."));
    };
    let cred = |i: usize, s: &super::scenario::SimSecret, secret: bool| {
        let mut v = json!({
            "customKeyIdentifier": null,
            "displayName": s.display_name,
            "endDateTime": super::reply::graph_time(s.end(state.started)),
            "keyId": super::signins::key_id(i),
            "startDateTime": (state.started - chrono::Duration::days(30)).format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        });
        if secret {
            v["hint"] = json!(s.value.chars().take(3).collect::<String>());
            v["secretText"] = Value::Null;
        } else {
            v["key"] = Value::Null;
            v["type"] = json!("AsymmetricX509Cert");
            v["usage"] = json!("Verify");
        }
        v
    };
    let access: Vec<Value> = app
        .configured_scopes
        .iter()
        .filter_map(|s| scopes::guid_of(s))
        .map(|g| json!({"id": g, "type": "Scope"}))
        .chain(
            app.roles
                .iter()
                .filter_map(|r| scopes::role_guid_of(r))
                .map(|g| json!({"id": g, "type": "Role"})),
        )
        .collect();
    Reply::ok(json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications(id,appId,displayName,passwordCredentials,keyCredentials,requiredResourceAccess)/$entity",
        "id": format!("0b{}", app.client_id.get(2..).unwrap_or("")),
        "appId": app.client_id,
        "displayName": app.name,
        "passwordCredentials": app.secrets.iter().enumerate().map(|(i, s)| cred(i, s, true)).collect::<Vec<_>>(),
        "keyCredentials": app.certificates.iter().enumerate().map(|(i, s)| cred(i + 99, s, false)).collect::<Vec<_>>(),
        "requiredResourceAccess": [{"resourceAppId": scopes::GRAPH_APP_ID, "resourceAccess": access}],
        "createdDateTime": (state.started - chrono::Duration::days(400)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "web": {
            "homePageUrl": null,
            "logoutUrl": null,
            "redirectUris": app.redirect_uris,
            "implicitGrantSettings": {"enableAccessTokenIssuance": false, "enableIdTokenIssuance": false},
        },
        "spa": {"redirectUris": []},
        "publicClient": {"redirectUris": []},
    }))
}

fn service_principal(state: &SimState, grant: &AccessGrant, client_id: &str) -> Reply {
    if !allowed(grant, &["Application.Read.All", "Directory.Read.All"]) {
        return denied();
    }
    match state.app(grant.tenant, client_id) {
        Some(app) => Reply::ok(json!({"id": sp_id(&app.client_id), "appId": app.client_id, "accountEnabled": !app.disabled})),
        None => Reply::graph(404, "Request_ResourceNotFound", &format!("Resource '{client_id}' does not exist or one of its queried reference-property objects are not present.")),
    }
}

fn grants(
    state: &SimState,
    grant: &AccessGrant,
    query: &HashMap<String, String>,
    base: &str,
) -> Reply {
    if !allowed(
        grant,
        &["DelegatedPermissionGrant.Read.All", "Directory.Read.All"],
    ) {
        return denied();
    }
    let filter = query.get("$filter").map(String::as_str).unwrap_or("");
    let wanted_sp = filter.split('\'').nth(1).unwrap_or("");
    let tenant = state.tenant_at(grant.tenant);
    let all: Vec<Value> = tenant
        .apps
        .iter()
        .filter(|a| wanted_sp.is_empty() || sp_id(&a.client_id).eq_ignore_ascii_case(wanted_sp))
        .flat_map(|a| {
            a.grants.iter().enumerate().map(move |(i, g)| {
                let all = g.principal == "all";
                json!({
                    "clientId": sp_id(&a.client_id),
                    "consentType": if all { "AllPrincipals" } else { "Principal" },
                    "id": format!("grant-{}-{i}", sp_id(&a.client_id)),
                    "principalId": if all { Value::Null } else { json!(g.principal) },
                    "resourceId": GRAPH_SP_ID,
                    "scope": g.scopes.join(" "),
                })
            })
        })
        .collect();
    let skip: usize = query
        .get("$skiptoken")
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let size = state.scenario.page_size.max(1);
    let page: Vec<Value> = all.iter().skip(skip).take(size).cloned().collect();
    let mut body = json!({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#oauth2PermissionGrants", "value": page});
    if skip + size < all.len() {
        let filter_q: String = url::form_urlencoded::byte_serialize(filter.as_bytes()).collect();
        body["@odata.nextLink"] = json!(format!(
            "{base}/v1.0/oauth2PermissionGrants?$filter={filter_q}&$skiptoken={}",
            skip + size
        ));
    }
    Reply::ok(body)
}

fn user_reply(
    state: &SimState,
    grant: &AccessGrant,
    id: &str,
    query: &HashMap<String, String>,
) -> Reply {
    let Some(u) = state.user(grant.tenant, id) else {
        return Reply::graph(404, "Request_ResourceNotFound", &format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present."));
    };
    let mut body = json!({"id": u.id, "userPrincipalName": u.upn, "mail": u.upn, "displayName": u.upn.split('@').next().unwrap_or("")});
    if query
        .get("$select")
        .is_some_and(|s| s.split(',').any(|f| f.trim() == "accountEnabled"))
    {
        body["accountEnabled"] = json!(u.enabled);
    }
    Reply::ok(body)
}

fn inbox(state: &SimState, grant: &AccessGrant, id: &str) -> Reply {
    let Principal::User {
        user,
        scopes: granted,
    } = &grant.principal
    else {
        return Reply::graph(
            403,
            "ErrorAccessDenied",
            "Access is denied. Check credentials and try again.",
        );
    };
    if !granted
        .iter()
        .any(|s| s.to_ascii_lowercase().starts_with("mail.read"))
    {
        return Reply::graph(
            403,
            "ErrorAccessDenied",
            "Access is denied. Check credentials and try again.",
        );
    }
    let Some(u) = state.user(grant.tenant, id) else {
        return Reply::graph(
            404,
            "ErrorInvalidUser",
            &format!("The requested user '{id}' is invalid."),
        );
    };
    // Reading another account's mailbox needs a .Shared scope and an Exchange delegation,
    // which the simulator never has.
    if !u.id.eq_ignore_ascii_case(user) {
        return Reply::graph(
            403,
            "ErrorAccessDenied",
            "Access is denied. Check credentials and try again.",
        );
    }
    match u.mailbox {
        MailboxState::Ok => Reply::ok(json!({"id": format!("AAMkAG{}", &u.id[..8.min(u.id.len())]), "displayName": "Inbox", "parentFolderId": "AAMkAGVmMDEzI", "childFolderCount": 2, "unreadItemCount": 59, "totalItemCount": 60, "isHidden": false})),
        MailboxState::RestDisabled => Reply::graph(404, "MailboxNotEnabledForRESTAPI", "The mailbox is either inactive, soft-deleted, or is hosted on-premise."),
        MailboxState::None => Reply::graph(404, "ErrorItemNotFound", "The specified object was not found in the store., The process failed to get the correct properties."),
        MailboxState::AccessDenied => Reply::graph(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again."),
    }
}

fn batch(
    state: &mut SimState,
    _grant: &AccessGrant,
    body: &[u8],
    bearer: &str,
    base: &str,
) -> Reply {
    let Ok(req) = serde_json::from_slice::<Value>(body) else {
        return Reply::graph(400, "BadRequest", "Invalid batch payload format.");
    };
    let Some(items) = req["requests"].as_array() else {
        return Reply::graph(400, "BadRequest", "Invalid batch payload format.");
    };
    if items.len() > 20 {
        return Reply::graph(
            400,
            "BadRequest",
            "The number of batch requests exceeds the limit of 20.",
        );
    }
    // Answers come back in reverse order: clients must correlate by id, as with the real service.
    let mut answered = Vec::new();
    let responses: Vec<Value> = items
        .iter()
        .rev()
        .map(|item| {
            let url = item["url"].as_str().unwrap_or("");
            let (path, q) = url.split_once('?').unwrap_or((url, ""));
            let query = super::parse_query(q);
            let path = super::decode(path);
            // A throttled item answers with its own status and `Retry-After` header, as Graph's do.
            let r = match super::faults::pick_item(state, url) {
                Some(f) => super::faults::item_reply(&f),
                None => handle(
                    state,
                    item["method"].as_str().unwrap_or("GET"),
                    &path,
                    &query,
                    Some(bearer),
                    b"",
                    base,
                ),
            };
            let mut headers = json!({"Content-Type": "application/json"});
            if let Some(ra) = r.retry_after {
                headers["Retry-After"] = json!(super::reply::format_retry_after(ra));
            }
            answered.push((url.to_string(), r.status));
            json!({"id": item["id"], "status": r.status, "headers": headers, "body": r.body})
        })
        .collect();
    state.batches.push(answered);
    Reply::ok(json!({"responses": responses}))
}

fn owners(state: &SimState, grant: &AccessGrant, client_id: &str) -> Reply {
    if !allowed(grant, &["Application.Read.All", "Directory.Read.All"]) {
        return denied();
    }
    let Some(app) = state.app(grant.tenant, client_id) else {
        return Reply::graph(
            404,
            "Request_ResourceNotFound",
            &format!("Resource '{client_id}' does not exist."),
        );
    };
    let value: Vec<Value> = app
        .owners
        .iter()
        .filter_map(|id| state.user(grant.tenant, id))
        .map(|u| json!({"@odata.type": "#microsoft.graph.user", "id": u.id, "mail": u.upn, "userPrincipalName": u.upn}))
        .collect();
    Reply::ok(
        json!({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#directoryObjects", "value": value}),
    )
}

/// One page of a listing: `$top` (at most `max`) from `$skiptoken` (an offset), and the
/// `@odata.nextLink` to the rest.
fn listing(
    items: Vec<Value>,
    query: &HashMap<String, String>,
    max: usize,
    next: impl Fn(usize, usize) -> String,
) -> Value {
    let top = query
        .get("$top")
        .and_then(|t| t.parse::<usize>().ok())
        .unwrap_or(100)
        .clamp(1, max);
    let skip = query
        .get("$skiptoken")
        .and_then(|t| t.strip_prefix("X'"))
        .and_then(|t| t.trim_end_matches('\'').parse::<usize>().ok())
        .unwrap_or(0);
    let total = items.len();
    let page: Vec<Value> = items.into_iter().skip(skip).take(top).collect();
    let mut body = json!({ "value": page });
    if skip + top < total {
        body["@odata.nextLink"] = json!(next(top, skip + top));
    }
    body
}

/// `GET /applications`: every app registration of the tenant, paged at up to 999.
fn list_applications(
    state: &SimState,
    grant: &AccessGrant,
    query: &HashMap<String, String>,
    base: &str,
) -> Reply {
    list_apps_as(state, grant, query, base, "applications", |a| {
        (!a.home_elsewhere).then(|| application(state, grant, &a.client_id).body)
    })
}

/// The directory that registered linkwatch's monitor app (the MSP's own tenant).
const LINKWATCH_HOME: &str = "0f1e2d3c-0000-4000-8000-00000000beef";

/// `GET /servicePrincipals`: the service principal of every app registration, paged.
fn list_service_principals(
    state: &SimState,
    grant: &AccessGrant,
    query: &HashMap<String, String>,
    base: &str,
) -> Reply {
    let tid = state.tenant_guid(grant.tenant);
    list_apps_as(state, grant, query, base, "servicePrincipals", |a| {
        Some(
            json!({"id": sp_id(&a.client_id), "appId": a.client_id, "displayName": a.name, "appOwnerOrganizationId": if a.home_elsewhere { LINKWATCH_HOME.to_string() } else { tid.clone() }, "accountEnabled": !a.disabled}),
        )
    })
}

/// One directory collection with an item per app of the tenant, behind Application.Read.All.
fn list_apps_as(
    state: &SimState,
    grant: &AccessGrant,
    query: &HashMap<String, String>,
    base: &str,
    collection: &str,
    item: impl Fn(&super::scenario::SimApp) -> Option<Value>,
) -> Reply {
    if !allowed(grant, &["Application.Read.All", "Directory.Read.All"]) {
        return denied();
    }
    let items: Vec<Value> = state
        .tenant_at(grant.tenant)
        .apps
        .iter()
        .filter_map(item)
        .collect();
    let max = state
        .scenario
        .directory_page_size
        .unwrap_or(999)
        .clamp(1, 999);
    let mut body = listing(items, query, max, |top, skip| {
        format!("{base}/v1.0/{collection}?$top={top}&$skiptoken=X'{skip}'")
    });
    body["@odata.context"] = json!(format!(
        "https://graph.microsoft.com/v1.0/$metadata#{collection}"
    ));
    Reply::ok(body)
}

/// A policy's restrictions as Graph shows them (`maxLifetime` as an ISO 8601 duration).
fn restrictions(p: &super::scenario::SimPolicy) -> Value {
    let after = "2020-01-01T00:00:00Z";
    let mut passwords = Vec::new();
    if p.block_secrets {
        passwords.push(json!({"restrictionType": "passwordAddition", "maxLifetime": null, "restrictForAppsCreatedAfterDateTime": after}));
    }
    if let Some(days) = p.max_secret_days {
        passwords.push(json!({"restrictionType": "passwordLifetime", "maxLifetime": format!("P{days}D"), "restrictForAppsCreatedAfterDateTime": after}));
    }
    json!({"passwordCredentials": passwords, "keyCredentials": []})
}

/// `GET /policies/defaultAppManagementPolicy` (Policy.Read.All): disabled and empty unless the
/// tenant has one, as Microsoft's out-of-the-box policy.
fn default_policy(state: &SimState, grant: &AccessGrant) -> Reply {
    if !allowed(
        grant,
        &["Policy.Read.All", "Policy.Read.ApplicationConfiguration"],
    ) {
        return denied();
    }
    let tid = state.tenant_guid(grant.tenant);
    let policy = state.tenant_at(grant.tenant).app_policy.as_ref();
    Reply::ok(json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#policies/defaultAppManagementPolicy/$entity",
        "@odata.id": format!("https://graph.microsoft.com/v2/{tid}/defaultAppManagementPolicy/00000000-0000-0000-0000-000000000000"),
        "id": "00000000-0000-0000-0000-000000000000",
        "displayName": "Default app management tenant policy",
        "description": "Default tenant policy that enforces app management restrictions on applications and service principals. To apply policy to targeted resources, create a new policy under appManagementPolicies collection.",
        "isEnabled": policy.is_some(),
        "applicationRestrictions": policy.map(restrictions).unwrap_or_else(|| json!({"passwordCredentials": [], "keyCredentials": []})),
        "servicePrincipalRestrictions": {"passwordCredentials": [], "keyCredentials": []},
    }))
}

/// `GET /applications/{id}/appManagementPolicies`: the policy assigned to the app, if any.
fn app_policies(state: &SimState, grant: &AccessGrant, object_id: &str) -> Reply {
    if !allowed(
        grant,
        &["Policy.Read.All", "Policy.Read.ApplicationConfiguration"],
    ) || !allowed(grant, &["Application.Read.All", "Directory.Read.All"])
    {
        return denied();
    }
    let app = state.tenant_at(grant.tenant).apps.iter().find(|a| {
        format!("0b{}", a.client_id.get(2..).unwrap_or("")).eq_ignore_ascii_case(object_id)
    });
    let Some(app) = app else {
        return Reply::graph(404, "Request_ResourceNotFound", &format!("Resource '{object_id}' does not exist or one of its queried reference-property objects are not present."));
    };
    let value: Vec<Value> = app
        .app_policy
        .iter()
        .map(|p| json!({
            "id": format!("db9d4b58-3488-4da4-9994-{}", &app.client_id[app.client_id.len().saturating_sub(12)..]),
            "displayName": p.name.clone().unwrap_or_else(|| "Custom app management policy".into()),
            "description": "Custom policy that enforces app management restrictions on specific applications and service principals.",
            "isEnabled": true,
            "restrictions": restrictions(p),
        }))
        .collect();
    Reply::ok(
        json!({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#policies/appManagementPolicies", "value": value}),
    )
}
