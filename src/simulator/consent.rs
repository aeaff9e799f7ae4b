//! Admin consent to linkwatch's multi-tenant monitor app, as Microsoft's
//! `/{tenant}/v2.0/adminconsent` answers: a consent page, then a redirect with
//! `admin_consent=True&tenant=…&scope=…&state=…`, or — when the admin cancels — the real
//! reply, which differs from the documentation: `error=access_denied` with AADSTS65004, an
//! `error_uri`, no `tenant`, and a stray trailing `#`. The new service principal's roles reach
//! the token service only after `consent_delay_secs`.

use super::scenario::{SimApp, SimSecret};
use super::state::SimState;
use actix_web::HttpResponse;
use chrono::{Duration, Utc};
use maud::{html, DOCTYPE};
use std::collections::HashMap;

fn page(status: u16, title: &str, body: maud::Markup) -> (u16, HttpResponse) {
    let html = html! {
        (DOCTYPE)
        html lang="en" { head { meta charset="utf-8"; meta name="viewport" content="width=device-width, initial-scale=1"; title { (title) } }
            body style="font-family: sans-serif; max-width: 32rem; margin: 2rem auto; padding: 0 1rem" { main { (body) } } }
    };
    (
        status,
        HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap_or_default())
            .content_type("text/html; charset=utf-8")
            .body(html.into_string()),
    )
}

fn error(status: u16, code: u32, text: &str) -> (u16, HttpResponse) {
    page(
        status,
        "Sign in",
        html! { h1 { "Sorry, but we're having trouble signing you in." } p { "AADSTS" (code) ": " (text) } },
    )
}

fn redirect(to: String) -> (u16, HttpResponse) {
    (
        302,
        HttpResponse::Found()
            .insert_header(("Location", to))
            .finish(),
    )
}

/// Gives the monitor app a service principal in tenant `ti`, its roles effective after the
/// scenario's delay (0: at once).
pub fn consent(state: &mut SimState, ti: usize, delay: Duration) {
    let Some(m) = state.scenario.monitor_app.clone() else {
        return;
    };
    let apps = &mut state.scenario.tenants[ti].apps;
    if !apps
        .iter()
        .any(|a| a.client_id.eq_ignore_ascii_case(&m.client_id))
    {
        apps.push(SimApp {
            client_id: m.client_id.clone(),
            name: m.name.clone(),
            roles: m.roles.clone(),
            secrets: vec![SimSecret {
                value: m.secret.clone(),
                display_name: Some("linkwatch".into()),
                expires_in_days: Some(730),
                ..SimSecret::default()
            }],
            certificates: m
                .certificate
                .iter()
                .map(|pem| SimSecret {
                    pem: Some(pem.clone()),
                    display_name: Some("CN=linkwatch".into()),
                    expires_in_days: Some(365),
                    ..SimSecret::default()
                })
                .collect(),
            redirect_uris: m.redirect_uris.clone(),
            home_elsewhere: true,
            ..SimApp::default()
        });
    }
    state.consents.insert(ti, Utc::now() + delay);
}

/// Whether the roles of tenant `ti`'s consent are still on their way to the token service.
pub fn roles_pending(state: &SimState, ti: usize, client_id: &str) -> bool {
    let is_monitor = state
        .scenario
        .monitor_app
        .as_ref()
        .is_some_and(|m| m.client_id.eq_ignore_ascii_case(client_id));
    is_monitor && state.consents.get(&ti).is_some_and(|at| *at > Utc::now())
}

/// `GET` (the consent page) and `POST` (the admin's answer) of `/{tenant}/v2.0/adminconsent`.
pub fn admin_consent(
    state: &mut SimState,
    tenant_name: &str,
    q: &HashMap<String, String>,
    answer: Option<&str>,
) -> (u16, HttpResponse) {
    let Some(ti) = state.tenant(tenant_name) else {
        return error(400, 90002, &format!("Tenant '{tenant_name}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."));
    };
    let client_id = q.get("client_id").map(String::as_str).unwrap_or("");
    let Some(m) = state
        .scenario
        .monitor_app
        .clone()
        .filter(|m| m.client_id.eq_ignore_ascii_case(client_id))
    else {
        return error(400, 700016, &format!("Application with identifier '{client_id}' was not found in the directory '{tenant_name}'."));
    };
    let redirect_uri = q.get("redirect_uri").cloned().unwrap_or_default();
    if redirect_uri.is_empty()
        || (!m.redirect_uris.is_empty() && !m.redirect_uris.contains(&redirect_uri))
    {
        return error(400, 50011, &format!("The redirect URI '{redirect_uri}' specified in the request does not match the redirect URIs configured for the application '{client_id}'."));
    }
    let scope = q.get("scope").cloned().unwrap_or_default();
    if !scope.split(' ').any(|s| s.ends_with("/.default")) {
        return error(400, 70011, "The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid.");
    }
    let state_param = q.get("state").cloned().unwrap_or_default();
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let sep = if redirect_uri.contains('?') { '&' } else { '?' };
    match answer {
        Some("accept") => {
            let delay = Duration::seconds(m.consent_delay_secs as i64);
            consent(state, ti, delay);
            let tid = state.tenant_guid(ti);
            redirect(format!(
                "{redirect_uri}{sep}admin_consent=True&tenant={tid}&scope={}&state={}",
                enc(&scope),
                enc(&state_param)
            ))
        }
        Some(_) => {
            // The real cancel (2023): no `tenant`, `admin_consent` after the error, and a `#`.
            let trace = uuid::Uuid::new_v4();
            let correlation = uuid::Uuid::new_v4();
            let description = format!(
                "AADSTS65004: User declined to consent to access the app.\r\nTrace ID: {trace}\r\nCorrelation ID: {correlation}\r\nTimestamp: {}",
                Utc::now().format("%Y-%m-%d %H:%M:%SZ")
            );
            redirect(format!(
                "{redirect_uri}{sep}error=access_denied&error_description={}&error_uri={}&admin_consent=True&state={}#",
                enc(&description),
                enc("https://login.microsoftonline.com/error?code=65004"),
                enc(&state_param)
            ))
        }
        None => {
            let hidden = [
                ("client_id", client_id.to_string()),
                ("redirect_uri", redirect_uri.clone()),
                ("scope", scope.clone()),
                ("state", state_param.clone()),
            ];
            page(
                200,
                "Permissions requested",
                html! {
                    p { "Simulated Microsoft sign-in · " (tenant_name) " · signed in as admin@" (tenant_name) }
                    h1 { "Permissions requested" }
                    p { strong { (m.name) } " · Accept for your organization" }
                    p { "This app would like to:" }
                    ul { @for r in &m.roles { li { (r) } } }
                    p { "If you accept, this app will get access to the specified resources for all users in your organization. No one else will be prompted to review these permissions." }
                    form method="post" {
                        @for (k, v) in &hidden { input type="hidden" name=(k) value=(v); }
                        button type="submit" name="answer" value="cancel" { "Cancel" } " "
                        button type="submit" name="answer" value="accept" { "Accept" }
                    }
                },
            )
        }
    }
}
