//! The simulated identity platform's token endpoint: client credentials and refresh tokens,
//! with the AADSTS errors of the real one.

use super::reply::Reply;
use super::state::{AccessGrant, Principal, SimState};
use crate::scopes;
use base64::Engine;
use chrono::Utc;
use serde_json::json;
use std::collections::HashMap;

/// Handles `POST /{tenant}/oauth2/v2.0/token`; client-credentials and refresh-token requests
/// of a known app go to the sign-in log, with the request's `client-request-id`.
pub fn token(state: &mut SimState, tenant_name: &str, form: &HashMap<String, String>) -> Reply {
    let grant_type = form.get("grant_type").map(String::as_str);
    let user = match grant_type {
        Some("refresh_token") => form
            .get("refresh_token")
            .and_then(|t| state.refresh.get(t))
            .map(|g| Some(g.user.clone())),
        Some("client_credentials") => Some(None),
        _ => None,
    };
    let reply = token_reply(state, tenant_name, form);
    if let (Some(user), Some(ti)) = (user, state.tenant(tenant_name)) {
        let client = form.get("client_id").cloned().unwrap_or_default();
        let secret = form.get("client_secret").cloned().unwrap_or_default();
        super::signins::log_token_request(state, ti, &client, &secret, user.as_deref(), &reply);
    }
    reply
}

fn token_reply(state: &mut SimState, tenant_name: &str, form: &HashMap<String, String>) -> Reply {
    let Some(ti) = state.tenant(tenant_name) else {
        return Reply::aad(400, "invalid_tenant", 90002, &format!("Tenant '{tenant_name}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."), None);
    };
    let client_id = form.get("client_id").map(String::as_str).unwrap_or("");
    let multi_tenant = state
        .scenario
        .monitor_app
        .as_ref()
        .is_some_and(|m| m.client_id.eq_ignore_ascii_case(client_id));
    if multi_tenant && state.app(ti, client_id).is_none() {
        let tid = state.tenant_guid(ti);
        return Reply::aad(401, "invalid_client", 7000229, &format!("The client application {client_id} is missing service principal in the tenant {tid}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119"), None);
    }
    let Some(app) = state.app(ti, client_id) else {
        return Reply::aad(400, "unauthorized_client", 700016, &format!("Application with identifier '{client_id}' was not found in the directory '{tenant_name}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant."), None);
    };
    if app.disabled {
        return Reply::aad(
            400,
            "unauthorized_client",
            7000112,
            &format!("Application '{client_id}'({}) is disabled.", app.name),
            None,
        );
    }
    if let Some(jwt) = form.get("client_assertion") {
        if let Err(refused) = super::assertion::check(app, tenant_name, form, jwt, state.started) {
            return refused;
        }
    } else if let Some(given) = form.get("client_secret") {
        match app.secrets.iter().find(|s| &s.value == given) {
        None => return Reply::aad(401, "invalid_client", 7000215, &format!("Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{client_id}'."), None),
        Some(s) if s.end(state.started) <= Utc::now() => {
            return Reply::aad(401, "invalid_client", 7000222, &format!("The provided client secret keys for app '{client_id}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds."), None)
        }
        Some(_) => {}
    }
    } else {
        return Reply::aad(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", None);
    }
    // Right after an admin consent the token service does not know the roles yet.
    let roles = if super::consent::roles_pending(state, ti, client_id) {
        Vec::new()
    } else {
        app.roles.clone()
    };
    let client_id = app.client_id.to_ascii_lowercase();
    let requested = form
        .get("scope")
        .map(|s| scopes::parse_list(s))
        .unwrap_or_default();
    match form.get("grant_type").map(String::as_str) {
        Some("client_credentials") => {
            if !requested.iter().any(|s| s == ".default") {
                return Reply::aad(400, "invalid_scope", 1002012, "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).", None);
            }
            let at = state.issue_access(AccessGrant {
                tenant: ti,
                client_id,
                principal: Principal::App { roles },
            });
            Reply::ok(
                json!({"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": at}),
            )
        }
        Some("refresh_token") => refresh(
            state,
            ti,
            &client_id,
            form.get("refresh_token").map(String::as_str).unwrap_or(""),
            &requested,
        ),
        Some("authorization_code") => super::signin::redeem_code(state, ti, &client_id, form),
        Some("urn:ietf:params:oauth:grant-type:device_code") => {
            super::signin::redeem_device(state, ti, &client_id, form)
        }
        other => Reply::aad(
            400,
            "unsupported_grant_type",
            70003,
            &format!(
                "The app requested an unsupported grant type '{}'.",
                other.unwrap_or("")
            ),
            None,
        ),
    }
}

fn refresh(
    state: &mut SimState,
    ti: usize,
    client_id: &str,
    rt: &str,
    requested: &[String],
) -> Reply {
    let grant = match state.refresh.get(rt) {
        Some(g)
            if g.valid
                && g.tenant == ti
                && g.client_id == client_id
                && g.redeemed_at.is_none_or(|at| {
                    (Utc::now() - at).as_seconds_f64() <= state.scenario.rotation_grace_secs
                }) =>
        {
            if g.redeemed_at.is_some() {
                state.grace_redemptions += 1;
            }
            g.clone()
        }
        _ => {
            return Reply::aad(
                400,
                "invalid_grant",
                70000,
                "Provided grant is invalid or malformed.",
                None,
            )
        }
    };
    let Some(user) = state.user(ti, &grant.user).cloned() else {
        return Reply::aad(
            400,
            "invalid_grant",
            50034,
            "The user account does not exist in the directory.",
            None,
        );
    };
    if !user.enabled {
        return Reply::aad(
            400,
            "invalid_grant",
            50057,
            "The user account is disabled.",
            None,
        );
    }
    // Revocation and MFA demands apply to grants from before the change: a fresh interactive
    // sign-in (the re-link flow) satisfies them.
    let stale = grant.issued_at < state.started;
    if user.revoked && stale {
        let text = format!("The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '{}' and the TokensValidFrom date (before which tokens are not valid) for this user is '{}'.", super::reply::graph_time(grant.issued_at), super::reply::graph_time(state.started));
        return Reply::aad(400, "invalid_grant", 50173, &text, None);
    }
    if user.mfa_required && stale {
        let mut r = Reply::aad(400, "invalid_grant", 50076, "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'.", Some("basic_action"));
        r.body["claims"] = json!("{\"access_token\":{\"capolids\":{\"essential\":true,\"values\":[\"aaaabbbb-0000-cccc-1111-dddd2222eeee\"]}}}");
        return r;
    }
    let reply = issue_delegated(state, ti, client_id, &user.id, requested);
    if reply.status == 200 && state.scenario.strict_rotation {
        let grace = state.scenario.rotation_grace_secs > 0.0;
        if let Some(g) = state.refresh.get_mut(rt) {
            // The window runs from the first redemption: a reply lost on the way (the caller
            // killed before it stored the new token) can be made good by redeeming again.
            g.redeemed_at.get_or_insert_with(Utc::now);
            g.valid = grace;
        }
    }
    reply
}

/// Issues access, refresh (and id) tokens to a user for the scopes the grants cover; 65001
/// when they cover none of the Graph scopes asked for.
pub fn issue_delegated(
    state: &mut SimState,
    ti: usize,
    client_id: &str,
    user_id: &str,
    requested: &[String],
) -> Reply {
    let Some(user) = state.user(ti, user_id).cloned() else {
        return Reply::aad(
            400,
            "invalid_grant",
            50034,
            "The user account does not exist in the directory.",
            None,
        );
    };
    let covered = granted_scopes(state, ti, client_id, &user.id);
    let wanted: Vec<&String> = requested.iter().filter(|s| !scopes::is_oidc(s)).collect();
    let granted: Vec<String> = wanted
        .iter()
        .filter(|s| covered.iter().any(|c| c.eq_ignore_ascii_case(s)))
        .map(|s| s.to_string())
        .collect();
    if granted.is_empty() && !wanted.is_empty() {
        let app_name = state
            .app(ti, client_id)
            .map(|a| a.name.clone())
            .unwrap_or_default();
        return Reply::aad(400, "invalid_grant", 65001, &format!("The user or administrator has not consented to use the application with ID '{client_id}' named '{app_name}'. Send an interactive authorization request for this user and resource."), Some("consent_required"));
    }
    let new_rt = state.issue_refresh(ti, client_id, &user.id);
    let at = state.issue_access(AccessGrant {
        tenant: ti,
        client_id: client_id.to_string(),
        principal: Principal::User {
            user: user.id.to_ascii_lowercase(),
            scopes: granted.clone(),
        },
    });
    let mut scope_list = granted;
    scope_list.extend(
        requested
            .iter()
            .filter(|s| scopes::is_oidc(s) && s.as_str() != "offline_access")
            .cloned(),
    );
    let mut body = json!({
        "token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599,
        "scope": scope_list.join(" "), "access_token": at, "refresh_token": new_rt,
    });
    let tid = state.tenant_guid(ti);
    if requested.iter().any(|s| s == "openid") {
        let issuer = format!("{}/{tid}/v2.0", state.request.base);
        body["id_token"] = json!(id_token(&IdClaims {
            issuer: &issuer,
            oid: &user.id,
            upn: &user.upn,
            name: user.upn.split('@').next().unwrap_or(""),
            aud: client_id,
            tid: &tid,
        }));
    }
    // MSAL asks for `client_info=1`: the account's home ids, `{uid}.{utid}`.
    if state.request.client_info {
        body["client_info"] = json!(base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(json!({"uid": user.id.to_ascii_lowercase(), "utid": tid}).to_string()));
    }
    Reply::ok(body)
}

/// Scopes granted to the app for a user: admin consent for all plus the user's own grants.
pub fn granted_scopes(state: &SimState, ti: usize, client_id: &str, user: &str) -> Vec<String> {
    state
        .app(ti, client_id)
        .map(|a| {
            a.grants
                .iter()
                .filter(|g| g.principal == "all" || g.principal.eq_ignore_ascii_case(user))
                .flat_map(|g| g.scopes.iter().cloned())
                .collect()
        })
        .unwrap_or_default()
}

/// Who an id token is about and for.
pub struct IdClaims<'a> {
    /// `iss`: `{base}/{tid}/v2.0`, as the discovery document says.
    pub issuer: &'a str,
    /// The account's object id.
    pub oid: &'a str,
    /// Its sign-in name.
    pub upn: &'a str,
    /// Its display name.
    pub name: &'a str,
    /// The client id.
    pub aud: &'a str,
    /// The tenant GUID.
    pub tid: &'a str,
}

/// An unsigned id token (`alg: none`) with the claims Entra's v2.0 id tokens carry: `sub` is
/// pairwise (per account and app, as Entra's), `oid` and `tid` are GUIDs, `ver` is `2.0`.
pub fn id_token(c: &IdClaims<'_>) -> String {
    use sha2::Digest;
    let enc = |v: serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    let sub = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(
        format!(
            "{}|{}",
            c.oid.to_ascii_lowercase(),
            c.aud.to_ascii_lowercase()
        )
        .as_bytes(),
    ));
    let now = Utc::now().timestamp();
    let header = enc(json!({"typ": "JWT", "alg": "none"}));
    let payload = enc(json!({
        "aud": c.aud, "iss": c.issuer, "iat": now, "nbf": now, "exp": now + 3600,
        "name": c.name, "oid": c.oid, "preferred_username": c.upn, "sub": sub,
        "tid": c.tid, "uti": uuid::Uuid::new_v4().simple().to_string(), "ver": "2.0",
    }));
    format!("{header}.{payload}.")
}

/// `GET /{tenant}/v2.0/.well-known/openid-configuration`: the discovery document of the
/// tenant, in the shape of Entra's (endpoints under this simulator's base URL).
pub fn openid_configuration(state: &SimState, tenant: &str, base: &str) -> Reply {
    let Some(ti) = state.tenant(tenant) else {
        return Reply::aad(400, "invalid_tenant", 90002, &format!("Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."), None);
    };
    let tid = state.tenant_guid(ti);
    let at = |p: &str| format!("{base}/{tid}/{p}");
    Reply::ok(json!({
        "token_endpoint": at("oauth2/v2.0/token"),
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        "jwks_uri": format!("{base}/{tid}/discovery/v2.0/keys"),
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "issuer": format!("{base}/{tid}/v2.0"),
        "request_uri_parameter_supported": false,
        "userinfo_endpoint": format!("{base}/oidc/userinfo"),
        "authorization_endpoint": at("oauth2/v2.0/authorize"),
        "device_authorization_endpoint": at("oauth2/v2.0/devicecode"),
        "http_logout_supported": true,
        "frontchannel_logout_supported": true,
        "end_session_endpoint": at("oauth2/v2.0/logout"),
        "claims_supported": ["sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"],
        "kerberos_endpoint": at("kerberos"),
        "tenant_region_scope": "EU",
        "cloud_instance_name": "microsoftonline.com",
        "cloud_graph_host_name": "graph.windows.net",
        "msgraph_host": "graph.microsoft.com",
        "rbac_url": "https://pas.windows.net"
    }))
}
