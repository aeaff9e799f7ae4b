//! The business applications and the sign-in log they leave: each app registration may have a
//! simulated consumer (Econobis, a help desk) that redeems its mailboxes' refresh tokens on a
//! schedule with the secret it was given; every redemption, and every token request of
//! linkwatch itself, becomes a record of the beta sign-in log (`/beta/auditLogs/signIns`) and
//! counts in the credential activity report (`/beta/reports/appCredentialSignInActivities`).
//! Both are served as Microsoft does (graph-samples, FACTS.md §12–14): records show late (a
//! configurable delay) and now and then twice, newest first, paged at 1,000 with
//! `@odata.nextLink`, 403 `Authentication_RequestFromNonPremiumTenantOrB2CTenant` for a tenant
//! without a premium licence, 403 without AuditLog.Read.All, and 429 past 5 requests per 10 s
//! per app per tenant.

use super::reply::{graph_time, Reply};
use super::scenario::{SimApp, SimConsumer};
use super::state::{AccessGrant, Principal, SimState};
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};
use std::collections::HashMap;

/// One record of the sign-in log.
#[derive(Debug, Clone)]
pub struct SimSignIn {
    /// Record id.
    pub id: String,
    /// Tenant index.
    pub tenant: usize,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// The client application.
    pub app_id: String,
    /// Its display name.
    pub app_name: String,
    /// The account (empty for app-only sign-ins).
    pub user_id: String,
    /// Its sign-in name, lower case as the log writes it.
    pub upn: String,
    /// `nonInteractiveUser` or `servicePrincipal`.
    pub event: &'static str,
    /// 0 on success.
    pub error_code: u32,
    /// The credential's `keyId`, when a secret of the app was presented.
    pub key_id: String,
    /// `client-request-id` of the request, when it sent one.
    pub correlation_id: String,
    /// The requester's `User-Agent`.
    pub user_agent: String,
}

fn failure_reason(code: u32) -> &'static str {
    match code {
        0 => "Other.",
        7000215 => "Invalid client secret is provided.",
        7000222 => "The provided client secret keys are expired.",
        7000112 => "Application is disabled.",
        50173 => "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.",
        50057 => "User account is disabled. The account has been disabled by an administrator.",
        50076 => "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.",
        65001 => "The user or administrator has not consented to use the application.",
        _ => "Other.",
    }
}

impl SimSignIn {
    fn to_json(&self, tenant_guid: &str) -> Value {
        let user_row = self.event == "nonInteractiveUser";
        let mut head = json!({
            "id": self.id,
            "createdDateTime": graph_time(self.at).replace(".0000000Z", "Z"),
            "userDisplayName": if user_row { self.upn.split('@').next().unwrap_or("") } else { "" },
            "userPrincipalName": self.upn,
            "userId": self.user_id,
            "appId": self.app_id,
            "appDisplayName": self.app_name,
            "ipAddress": "203.0.113.10",
            "ipAddressFromResourceProvider": null,
            "clientAppUsed": if user_row { "Mobile Apps and Desktop clients" } else { "" },
            "userAgent": self.user_agent,
            "correlationId": self.correlation_id,
            "conditionalAccessStatus": "notApplied",
            "originalRequestId": "",
            "isInteractive": false,
            "tokenIssuerName": "",
            "tokenIssuerType": "AzureAD",
            "processingTimeInMilliseconds": 41,
            "riskDetail": "none",
            "riskLevelAggregated": "none",
            "riskLevelDuringSignIn": "none",
            "riskState": "none",
            "riskEventTypes_v2": []
        });
        let more = json!({
            "resourceDisplayName": "Microsoft Graph",
            "resourceId": "00000003-0000-0000-c000-000000000000",
            "resourceTenantId": tenant_guid,
            "homeTenantId": if user_row { tenant_guid } else { "" },
            "homeTenantName": "",
            "authenticationMethodsUsed": [],
            "authenticationRequirement": "singleFactorAuthentication",
            "signInIdentifier": "",
            "signInIdentifierType": null,
            "servicePrincipalName": if user_row { "" } else { self.app_name.as_str() },
            "signInEventTypes": [self.event],
            "servicePrincipalId": if user_row { String::new() } else { super::graph::sp_id(&self.app_id) },
            "federatedCredentialId": "",
            "userType": if user_row { "member" } else { "" },
            "flaggedForReview": false,
            "isTenantRestricted": false,
            "crossTenantAccessType": "none",
            "clientCredentialType": if self.key_id.is_empty() { "none" } else { "clientSecret" },
            "servicePrincipalCredentialKeyId": self.key_id,
            "servicePrincipalCredentialThumbprint": "",
            "uniqueTokenIdentifier": "",
            "incomingTokenType": if user_row { "unknownFutureValue" } else { "none" },
            "authenticationProtocol": "none",
            "resourceServicePrincipalId": "943603e4-e787-4fe9-93d1-e30f749aae39",
            "mfaDetail": null,
            "status": {
                "errorCode": self.error_code,
                "failureReason": failure_reason(self.error_code),
                "additionalDetails": null
            },
            "deviceDetail": {"deviceId": "", "displayName": "", "operatingSystem": "", "browser": "", "isCompliant": false, "isManaged": false, "trustType": ""},
            "location": {"city": "Amsterdam", "state": "Noord-Holland", "countryOrRegion": "NL", "geoCoordinates": {}},
            "appliedConditionalAccessPolicies": [],
            "authenticationProcessingDetails": [],
            "networkLocationDetails": [],
            "authenticationDetails": [],
            "authenticationRequirementPolicies": [],
            "sessionLifetimePolicies": []
        });
        if let (Value::Object(a), Value::Object(b)) = (&mut head, more) {
            a.extend(b);
        }
        head
    }
}

/// The `keyId` the directory shows for the secret at `index` of an app (as `/applications`
/// lists it: numbered from 1).
pub fn key_id(index: usize) -> String {
    let n = index + 1;
    format!("{n:08x}-0000-4000-8000-{n:012x}")
}

/// What a redemption with `secret` for `user` (None: app-only) gives now: the error code (0:
/// success) and the key id of the secret, when it is one of the app's.
fn outcome(
    state: &SimState,
    ti: usize,
    app: &SimApp,
    secret: &str,
    user: Option<&str>,
    consumer: Option<&SimConsumer>,
) -> (u32, String) {
    let found = app.secrets.iter().position(|s| s.value == secret);
    let key = found.map(key_id).unwrap_or_default();
    if app.disabled {
        return (7000112, key);
    }
    let Some(i) = found else {
        return (7000215, key);
    };
    if app.secrets[i].end(state.started) <= Utc::now() {
        return (7000222, key);
    }
    let Some(user) = user else {
        return (0, key);
    };
    let Some(u) = state.user(ti, user) else {
        return (50034, key);
    };
    // Connected again in the application (an interactive sign-in): a revoked session or an
    // MFA demand of the account no longer stops its new token.
    let reconnected =
        consumer.is_some_and(|c| c.reconnected.iter().any(|r| r.eq_ignore_ascii_case(user)));
    let code = if !u.enabled {
        50057
    } else if (u.revoked && !reconnected)
        || consumer.is_some_and(|c| c.revoked.iter().any(|r| r.eq_ignore_ascii_case(user)))
    {
        50173
    } else if u.mfa_required && !reconnected {
        50076
    } else if super::identity::granted_scopes(state, ti, &app.client_id, user).is_empty() {
        65001
    } else {
        0
    };
    (code, key)
}

/// The mailboxes a consumer polls: its own list, else the users of the app's links.
fn polled(app: &SimApp, c: &SimConsumer) -> Vec<String> {
    c.mailboxes.clone().unwrap_or_else(|| {
        let mut users: Vec<String> = app.links.iter().map(|l| l.user.clone()).collect();
        users.dedup();
        users
    })
}

/// Every consumer polls until `now`: one record per mailbox per poll (and one app-only record
/// when it uses client credentials too). Called before each request is answered. A stopped
/// consumer's polls end at its stop; one that is started again polls from now on, not for the
/// time it was stopped.
pub fn advance(state: &mut SimState, now: DateTime<Utc>) {
    let mut consumers = Vec::new();
    for (ti, t) in state.scenario.tenants.iter().enumerate() {
        for app in &t.apps {
            let Some(c) = &app.consumer else { continue };
            let every = Duration::minutes(c.every_minutes.unwrap_or(15).max(1) as i64);
            let first = state.started - Duration::hours(c.history_hours.unwrap_or(48) as i64);
            let until = match c.stopped_hours_ago {
                0 => now,
                h => (state.started - Duration::hours(h as i64)).min(now),
            };
            consumers.push((ti, app.client_id.clone(), first, every, until));
        }
    }
    for (ti, client, first, every, until) in consumers {
        let key = (ti, client.to_ascii_lowercase());
        let mut at = match state.consumer_next.get(&key) {
            Some(&next) if next < now - every * 2 && until == now => now,
            Some(&next) => next,
            None => first,
        };
        while at <= until {
            poll(state, ti, &client, at);
            at += every;
        }
        state.consumer_next.insert(key, at);
    }
}

/// One poll of an app's consumer at `at`: a record per mailbox it polls.
pub fn poll(state: &mut SimState, ti: usize, client: &str, at: DateTime<Utc>) {
    let Some(app) = state.app(ti, client).cloned() else {
        return;
    };
    let Some(c) = app.consumer.clone() else {
        return;
    };
    let secret = c
        .secret
        .clone()
        .or_else(|| app.secrets.first().map(|s| s.value.clone()))
        .unwrap_or_default();
    let mut records = Vec::new();
    for user in polled(&app, &c) {
        let (code, key) = outcome(state, ti, &app, &secret, Some(&user), Some(&c));
        let upn = state
            .user(ti, &user)
            .map(|u| u.upn.to_ascii_lowercase())
            .unwrap_or_default();
        records.push(record(
            ti,
            &app,
            at,
            &user,
            &upn,
            "nonInteractiveUser",
            code,
            key,
            "",
            "Econobis/2.5 (+php-curl)",
        ));
    }
    if c.client_credentials {
        let (code, key) = outcome(state, ti, &app, &secret, None, Some(&c));
        records.push(record(
            ti,
            &app,
            at,
            "",
            "",
            "servicePrincipal",
            code,
            key,
            "",
            "",
        ));
    }
    state.signins.extend(records);
}

#[allow(clippy::too_many_arguments)]
fn record(
    ti: usize,
    app: &SimApp,
    at: DateTime<Utc>,
    user: &str,
    upn: &str,
    event: &'static str,
    code: u32,
    key: String,
    correlation: &str,
    agent: &str,
) -> SimSignIn {
    SimSignIn {
        id: uuid::Uuid::new_v4().to_string(),
        tenant: ti,
        at,
        app_id: app.client_id.to_ascii_lowercase(),
        app_name: app.name.clone(),
        user_id: user.to_ascii_lowercase(),
        upn: upn.to_string(),
        event,
        error_code: code,
        key_id: key,
        correlation_id: if correlation.is_empty() {
            uuid::Uuid::new_v4().to_string()
        } else {
            correlation.to_string()
        },
        user_agent: agent.to_string(),
    }
}

/// Logs a token request answered by the token endpoint (linkwatch's own, or anyone's), with
/// its `client-request-id` as the record's `correlationId` and its `User-Agent`.
pub fn log_token_request(
    state: &mut SimState,
    ti: usize,
    client_id: &str,
    secret: &str,
    user: Option<&str>,
    reply: &Reply,
) {
    let Some(app) = state.app(ti, client_id).cloned() else {
        return;
    };
    let code = if (200..300).contains(&reply.status) {
        0
    } else {
        reply.body["error_codes"][0].as_u64().unwrap_or(0) as u32
    };
    let key = app
        .secrets
        .iter()
        .position(|s| s.value == secret)
        .map(key_id)
        .unwrap_or_default();
    let upn = user
        .and_then(|u| state.user(ti, u))
        .map(|u| u.upn.to_ascii_lowercase())
        .unwrap_or_default();
    let event = if user.is_some() {
        "nonInteractiveUser"
    } else {
        "servicePrincipal"
    };
    let (correlation, agent) = (
        state.request.client_request_id.clone().unwrap_or_default(),
        state.request.user_agent.clone(),
    );
    let r = record(
        ti,
        &app,
        Utc::now(),
        user.unwrap_or(""),
        &upn,
        event,
        code,
        key,
        &correlation,
        &agent,
    );
    state.signins.push(r);
}

/// `GET|POST /{tenant}/apps/{client}/settings`: the simulated application's own mail settings
/// page (as Econobis → Settings → Mailboxes): which secret it sends, and a field to paste a
/// new one. Saving tests the connection at once, as the real applications do.
pub fn settings_page(
    state: &mut SimState,
    tenant: &str,
    client: &str,
    form: Option<&HashMap<String, String>>,
) -> (u16, actix_web::HttpResponse) {
    let Some(ti) = state.tenant(tenant) else {
        return (
            404,
            actix_web::HttpResponse::NotFound().body("no such tenant"),
        );
    };
    let mut saved = false;
    if let Some(user) = form.and_then(|f| f.get("reconnect")).cloned() {
        // "Connect again" for one mailbox: the application signs in as the account anew.
        if let Some(app) = state.scenario.tenants[ti]
            .apps
            .iter_mut()
            .find(|a| a.client_id.eq_ignore_ascii_case(client))
        {
            let c = app.consumer.get_or_insert_with(Default::default);
            c.revoked.retain(|r| !r.eq_ignore_ascii_case(&user));
            c.reconnected.push(user);
            saved = true;
        }
        if saved {
            poll(state, ti, client, Utc::now());
        }
    }
    if let Some(secret) = form
        .and_then(|f| f.get("secret"))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
    {
        if let Some(app) = state.scenario.tenants[ti]
            .apps
            .iter_mut()
            .find(|a| a.client_id.eq_ignore_ascii_case(client))
        {
            let c = app.consumer.get_or_insert_with(Default::default);
            c.secret = Some(secret);
            c.stopped_hours_ago = 0;
            saved = true;
        }
        if saved {
            poll(state, ti, client, Utc::now());
        }
    }
    let Some(app) = state.app(ti, client).cloned() else {
        return (
            404,
            actix_web::HttpResponse::NotFound().body("no such application"),
        );
    };
    let sends = app
        .consumer
        .as_ref()
        .and_then(|c| c.secret.clone())
        .or_else(|| app.secrets.first().map(|s| s.value.clone()))
        .unwrap_or_default();
    let last = state
        .signins
        .iter()
        .rev()
        .find(|r| {
            r.tenant == ti
                && r.app_id.eq_ignore_ascii_case(client)
                && r.correlation_id.len() == 36
                && r.user_agent.starts_with("Econobis")
        })
        .map(|r| (r.at, r.error_code));
    let html = maud::html! {
        (maud::DOCTYPE)
        html lang="en" { head { meta charset="utf-8"; title { (app.name) " — mail settings (simulated application)" } }
        body {
            h1 { (app.name) " — mail settings" }
            p { "Simulated business application · tenant " (tenant) " · client id " code { (app.client_id) } }
            @if saved { p role="status" id="saved" { "Saved. Connection tested." } }
            p { "Client secret in use: " code id="secret-hint" { (sends.chars().take(3).collect::<String>()) "***" } }
            @if let Some((at, code)) = last {
                p id="last-connection" { "Last connection: " (at.format("%Y-%m-%d %H:%M:%S UTC")) " — " @if code == 0 { "OK" } @else { "failed (AADSTS" (code) ")" } }
            }
            form method="post" {
                label for="secret" { "Client secret (Value)" }
                input id="secret" name="secret" type="password" autocomplete="off";
                button type="submit" id="save" { "Save and test" }
            }
            h2 { "Mailboxes" }
            ul {
                @for user in app.consumer.as_ref().map(|c| polled(&app, c)).unwrap_or_default() {
                    li {
                        (state.user(ti, &user).map(|u| u.upn.clone()).unwrap_or(user.clone())) " "
                        form method="post" style="display:inline" {
                            input type="hidden" name="reconnect" value=(user);
                            button type="submit" { "Connect again" }
                        }
                    }
                }
            }
        } }
    };
    (
        200,
        actix_web::HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .body(html.into_string()),
    )
}

/// Whether the reporting API refuses this request: a tenant without premium licence, a
/// caller without AuditLog.Read.All, or more than 5 requests in 10 s for this app and tenant.
fn refusal(state: &mut SimState, grant: &AccessGrant) -> Option<Reply> {
    let roles = match &grant.principal {
        Principal::App { roles } => roles.clone(),
        Principal::User { .. } => Vec::new(),
    };
    if !state.tenant_at(grant.tenant).premium {
        return Some(Reply::graph(
            403,
            "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
            "Neither tenant is B2C or tenant doesn't have premium license",
        ));
    }
    if !roles
        .iter()
        .any(|r| r.eq_ignore_ascii_case("AuditLog.Read.All"))
    {
        return Some(Reply::graph(
            403,
            "Authorization_RequestDenied",
            "Calling principal does not have required MSGraph permissions AuditLog.Read.All",
        ));
    }
    let now = std::time::Instant::now();
    let calls = state
        .report_calls
        .entry((grant.tenant, grant.client_id.clone()))
        .or_default();
    calls.retain(|t| now.duration_since(*t) < std::time::Duration::from_secs(10));
    if calls.len() >= 5 {
        let oldest = calls[0];
        let wait = 10.0 - now.duration_since(oldest).as_secs_f64();
        let mut r = Reply::throttled(429, Some((wait.max(0.1) * 10.0).ceil() / 10.0));
        r.body["error"]["message"] = json!("Too many requests. Please retry after some time.");
        return Some(r);
    }
    calls.push(now);
    None
}

/// What a `$filter` of the sign-in log asks for: app ids, the earliest time, event types.
#[derive(Debug, Default, PartialEq)]
struct Filter {
    apps: Vec<String>,
    since: Option<DateTime<Utc>>,
    events: Vec<String>,
}

fn quoted_after<'a>(text: &'a str, marker: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(marker) {
        rest = &rest[i + marker.len()..];
        let r = rest.trim_start();
        if let Some(r) = r.strip_prefix('\'') {
            if let Some(end) = r.find('\'') {
                out.push(&r[..end]);
            }
        }
    }
    out
}

fn parse_filter(f: &str) -> Filter {
    let since = f.find("createdDateTime ge ").and_then(|i| {
        let v = f[i + 19..].split([' ', ')']).next()?.trim_matches('\'');
        DateTime::parse_from_rfc3339(v)
            .ok()
            .map(|d| d.with_timezone(&Utc))
    });
    Filter {
        apps: quoted_after(f, "appId eq")
            .into_iter()
            .map(|s| s.to_ascii_lowercase())
            .collect(),
        since,
        events: quoted_after(f, "t eq")
            .into_iter()
            .map(String::from)
            .collect(),
    }
}

/// `GET /beta/auditLogs/signIns`.
pub fn list(
    state: &mut SimState,
    grant: &AccessGrant,
    query: &HashMap<String, String>,
    base: &str,
) -> Reply {
    if let Some(r) = refusal(state, grant) {
        return r;
    }
    let filter_text = query.get("$filter").cloned().unwrap_or_default();
    let filter = parse_filter(&filter_text);
    // Without an event type filter the API lists interactive sign-ins only.
    let events: Vec<String> = if filter.events.is_empty() {
        vec!["interactiveUser".into()]
    } else {
        filter.events.clone()
    };
    let visible_before = Utc::now() - Duration::seconds(state.scenario.signin_delay_secs as i64);
    let mut rows: Vec<&SimSignIn> = state
        .signins
        .iter()
        .filter(|r| r.tenant == grant.tenant)
        .filter(|r| r.at <= visible_before)
        .filter(|r| filter.apps.is_empty() || filter.apps.contains(&r.app_id))
        .filter(|r| filter.since.is_none_or(|s| r.at >= s))
        .filter(|r| events.iter().any(|e| e == r.event))
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.at));
    // Now and then a record is published twice (reports FAQ): list it twice.
    let every = state.scenario.signin_duplicate_every;
    let mut listed: Vec<&SimSignIn> = Vec::with_capacity(rows.len());
    for (i, r) in rows.into_iter().enumerate() {
        listed.push(r);
        if every > 0 && (i as u64 + 1) % every == 0 {
            listed.push(r);
        }
    }
    let top = query
        .get("$top")
        .and_then(|t| t.parse::<usize>().ok())
        .unwrap_or(1000)
        .clamp(1, 1000)
        .min(state.scenario.signin_page_size.max(1));
    let skip = query
        .get("$skiptoken")
        .and_then(|t| usize::from_str_radix(t.get(24..).unwrap_or(""), 16).ok())
        .unwrap_or(0);
    let guid = state.tenant_guid(grant.tenant);
    let select: Option<Vec<String>> = query
        .get("$select")
        .map(|s| s.split(',').map(|f| f.trim().to_string()).collect());
    let page: Vec<Value> = listed
        .iter()
        .skip(skip)
        .take(top)
        .map(|r| {
            let mut v = r.to_json(&guid);
            if let (Some(fields), Value::Object(map)) = (&select, &mut v) {
                map.retain(|k, _| fields.iter().any(|f| f == k));
            }
            v
        })
        .collect();
    let mut body = json!({
        "@odata.context": "https://graph.microsoft.com/beta/$metadata#auditLogs/signIns",
        "value": page,
    });
    if skip + top < listed.len() {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        q.append_pair("$filter", &filter_text);
        if let Some(s) = query.get("$select") {
            q.append_pair("$select", s);
        }
        let q = q
            .append_pair("$top", &top.to_string())
            .append_pair(
                "$skiptoken",
                &format!("186ac5626b89ae2a991ff26b{:x}", skip + top),
            )
            .finish();
        body["@odata.nextLink"] = json!(format!("{base}/beta/auditLogs/signins?{q}"));
    }
    Reply::ok(body)
}

/// `GET /beta/reports/appCredentialSignInActivities`: per credential of the app, the last
/// sign-in with it, across all flows (the application's and linkwatch's alike).
pub fn credential_activity(
    state: &mut SimState,
    grant: &AccessGrant,
    query: &HashMap<String, String>,
) -> Reply {
    if let Some(r) = refusal(state, grant) {
        return r;
    }
    let filter = parse_filter(query.get("$filter").map(String::as_str).unwrap_or(""));
    let mut rows = Vec::new();
    for app in &state.tenant_at(grant.tenant).apps {
        let id = app.client_id.to_ascii_lowercase();
        if !filter.apps.is_empty() && !filter.apps.contains(&id) {
            continue;
        }
        for (i, s) in app.secrets.iter().enumerate() {
            let key = key_id(i);
            let last = state
                .signins
                .iter()
                .filter(|r| {
                    r.tenant == grant.tenant
                        && r.app_id == id
                        && r.key_id == key
                        && r.error_code == 0
                })
                .map(|r| r.at)
                .max();
            let Some(last) = last else { continue };
            rows.push(json!({
                "id": base64::Engine::encode(&base64::engine::general_purpose::STANDARD, format!("{key}|application")),
                "keyId": key,
                "keyType": "secret",
                "keyUsage": "sign",
                "appId": app.client_id,
                "appObjectId": format!("0b{}", app.client_id.get(2..).unwrap_or("")),
                "servicePrincipalObjectId": super::graph::sp_id(&app.client_id),
                "resourceId": "00000003-0000-0000-c000-000000000000",
                "credentialOrigin": "application",
                "expirationDate": graph_time(s.end(state.started)),
                "signInActivity": {"lastSignInDateTime": graph_time(last), "lastSignInRequestId": uuid::Uuid::new_v4().to_string()}
            }));
        }
    }
    Reply::ok(json!({
        "@odata.context": "https://graph.microsoft.com/beta/$metadata#reports/appCredentialSignInActivities",
        "value": rows
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_as_linkwatch_and_microsofts_examples_write_them() {
        let f = parse_filter("(appId eq 'A0000000-0000-4000-8000-000000000001' or appId eq 'b') and createdDateTime ge 2026-11-24T10:00:00Z and signInEventTypes/any(t: t eq 'nonInteractiveUser' or t eq 'servicePrincipal')");
        assert_eq!(f.apps, vec!["a0000000-0000-4000-8000-000000000001", "b"]);
        assert_eq!(f.since.unwrap().to_rfc3339(), "2026-11-24T10:00:00+00:00");
        assert_eq!(f.events, vec!["nonInteractiveUser", "servicePrincipal"]);
        let f = parse_filter("signInEventTypes/any(t: t eq 'servicePrincipal')");
        assert_eq!(f.events, vec!["servicePrincipal"]);
        assert!(f.apps.is_empty() && f.since.is_none());
    }
}
