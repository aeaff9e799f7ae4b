//! The simulated sign-in page: `/authorize` shows a form (with the `login_hint` filled in),
//! and on submit redirects back with a code (PKCE S256) or with the errors Entra ID sends:
//! the user cancelled, consent declined (AADSTS65004), admin approval required (AADSTS90094);
//! an unregistered redirect URI (AADSTS50011) is an error page, as on the real service.

use super::state::{AuthCode, SimState};
use crate::scopes;
use actix_web::{http::header, HttpResponse};
use base64::Engine;
use maud::{html, DOCTYPE};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

fn page(title: &str, body: maud::Markup) -> HttpResponse {
    let html = html! {
        (DOCTYPE)
        html lang="en" {
            head { meta charset="utf-8"; meta name="viewport" content="width=device-width, initial-scale=1"; title { (title) } }
            body { main { h1 { (title) } (body) } }
        }
    };
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(html.into_string())
}

fn error_page(status: u16, code: u32, text: &str) -> (u16, HttpResponse) {
    let html = html! { (DOCTYPE) html lang="en" { head { meta charset="utf-8"; title { "Sign in" } } body { main { h1 { "Sorry, but we're having trouble signing you in." } p { "AADSTS" (code) ": " (text) } } } } };
    (
        status,
        HttpResponse::build(
            actix_web::http::StatusCode::from_u16(status)
                .unwrap_or(actix_web::http::StatusCode::BAD_REQUEST),
        )
        .content_type("text/html; charset=utf-8")
        .body(html.into_string()),
    )
}

fn redirect(uri: &str, params: &[(&str, &str)]) -> (u16, HttpResponse) {
    let mut url =
        url::Url::parse(uri).unwrap_or_else(|_| url::Url::parse("http://invalid/").unwrap());
    url.query_pairs_mut().extend_pairs(params);
    (
        302,
        HttpResponse::Found()
            .insert_header((header::LOCATION, url.to_string()))
            .finish(),
    )
}

/// GET or POST `/{tenant}/oauth2/v2.0/authorize`.
pub fn authorize(
    state: &mut SimState,
    tenant_name: &str,
    q: &HashMap<String, String>,
    submitted: bool,
) -> (u16, HttpResponse) {
    let get = |k: &str| q.get(k).map(String::as_str).unwrap_or("");
    let Some(ti) = state.tenant(tenant_name) else {
        return error_page(400, 90002, &format!("Tenant '{tenant_name}' not found."));
    };
    let client_id = get("client_id");
    let Some(app) = state.app(ti, client_id).cloned() else {
        return error_page(400, 700016, &format!("Application with identifier '{client_id}' was not found in the directory '{tenant_name}'."));
    };
    let redirect_uri = get("redirect_uri").to_string();
    if !app.redirect_uris.is_empty() && !app.redirect_uris.contains(&redirect_uri) {
        return error_page(400, 50011, &format!("The redirect URI '{redirect_uri}' specified in the request does not match the redirect URIs configured for the application '{client_id}'."));
    }
    let st = get("state").to_string();
    if !submitted {
        return (200, sign_in_form(&app.name, q, None));
    }
    let back = |params: &[(&str, &str)]| {
        let mut p = params.to_vec();
        p.push(("state", st.as_str()));
        redirect(&redirect_uri, &p)
    };
    match get("action") {
        "cancel" => {
            return back(&[
                ("error", "access_denied"),
                (
                    "error_description",
                    "AADSTS50058: the user canceled the authentication",
                ),
            ])
        }
        "decline" => {
            return back(&[
                ("error", "access_denied"),
                (
                    "error_description",
                    "AADSTS65004: User declined to consent to access the app.",
                ),
            ])
        }
        _ => {}
    }
    let Some(user) = state.user(ti, get("username")).cloned() else {
        return (
            200,
            sign_in_form(
                &app.name,
                q,
                Some("Your account or password is incorrect. (AADSTS50126)"),
            ),
        );
    };
    if user.password.as_deref().unwrap_or("demo") != get("password") {
        return (
            200,
            sign_in_form(
                &app.name,
                q,
                Some("Your account or password is incorrect. (AADSTS50126)"),
            ),
        );
    }
    if !user.enabled {
        return back(&[
            ("error", "access_denied"),
            (
                "error_description",
                "AADSTS50057: The user account is disabled.",
            ),
        ]);
    }
    if app.admin_approval_required {
        return back(&[
            ("error", "access_denied"),
            (
                "error_description",
                "AADSTS90094: The grant requires admin permission.",
            ),
        ]);
    }
    let requested: Vec<String> = scopes::parse_list(get("scope"));
    // Signing in and accepting consents to the Graph scopes asked for, for this user.
    let wanted: Vec<String> = requested
        .iter()
        .filter(|s| !scopes::is_oidc(s))
        .cloned()
        .collect();
    if let Some(a) = state.scenario.tenants[ti]
        .apps
        .iter_mut()
        .find(|a| a.client_id.eq_ignore_ascii_case(client_id))
    {
        a.grants.push(super::scenario::SimGrant {
            principal: user.id.clone(),
            scopes: wanted,
        });
    }
    let code = format!("sim-code-{}", super::state::random(40));
    let challenge =
        (get("code_challenge_method") == "S256").then(|| get("code_challenge").to_string());
    state.codes.insert(
        code.clone(),
        AuthCode {
            tenant: ti,
            client_id: client_id.to_ascii_lowercase(),
            user: user.id.to_ascii_lowercase(),
            scopes: requested,
            challenge,
            redirect_uri: redirect_uri.clone(),
            used: false,
        },
    );
    back(&[("code", code.as_str()), ("session_state", "sim-session")])
}

fn sign_in_form(app_name: &str, q: &HashMap<String, String>, error: Option<&str>) -> HttpResponse {
    let hint = q.get("login_hint").cloned().unwrap_or_default();
    page(
        "Sign in to your account",
        html! {
            p { "Microsoft (simulated) · " strong { (app_name) } " asks for: " (q.get("scope").cloned().unwrap_or_default()) }
            p class="hint" { "Demo: every account here signs in with the password " code { "demo" } "." }
            @if let Some(e) = error { p role="alert" id="error" { (e) } }
            form method="post" {
                @for (k, v) in q { @if !["username", "password", "action"].contains(&k.as_str()) { input type="hidden" name=(k) value=(v); } }
                label for="username" { "Email, phone, or Skype" } input id="username" name="username" value=(hint);
                label for="password" { "Password" } input id="password" name="password" type="password";
                button type="submit" name="action" value="accept" id="accept" { "Sign in and accept" }
                button type="submit" name="action" value="decline" id="decline" { "Do not accept" }
                button type="submit" name="action" value="cancel" id="cancel" { "Cancel" }
            }
        },
    )
}

/// The authorization-code grant at the token endpoint: PKCE checked, one use per code.
pub fn redeem_code(
    state: &mut SimState,
    ti: usize,
    client_id: &str,
    form: &HashMap<String, String>,
) -> super::reply::Reply {
    use super::reply::Reply;
    let code = form.get("code").map(String::as_str).unwrap_or("");
    let Some(c) = state
        .codes
        .get(code)
        .cloned()
        .filter(|c| c.tenant == ti && c.client_id == client_id)
    else {
        return Reply::aad(
            400,
            "invalid_grant",
            70000,
            "The provided authorization code is invalid or malformed.",
            None,
        );
    };
    if c.used {
        return Reply::aad(400, "invalid_grant", 54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.", None);
    }
    if form.get("redirect_uri").map(String::as_str) != Some(c.redirect_uri.as_str()) {
        return Reply::aad(
            400,
            "invalid_grant",
            70000,
            "The redirect URI does not match the one the code was issued for.",
            None,
        );
    }
    if let Some(ch) = &c.challenge {
        let verifier = form.get("code_verifier").map(String::as_str).unwrap_or("");
        let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(Sha256::digest(verifier.as_bytes()));
        if &computed != ch {
            return Reply::aad(400, "invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.", None);
        }
    }
    if let Some(x) = state.codes.get_mut(code) {
        x.used = true;
    }
    super::identity::issue_delegated(state, ti, client_id, &c.user, &c.scopes)
}

/// POST `/{tenant}/oauth2/v2.0/devicecode`.
pub fn device_code(
    state: &mut SimState,
    tenant_name: &str,
    form: &HashMap<String, String>,
    base: &str,
) -> super::reply::Reply {
    use super::reply::Reply;
    let Some(ti) = state.tenant(tenant_name) else {
        return Reply::aad(
            400,
            "invalid_tenant",
            90002,
            &format!("Tenant '{tenant_name}' not found."),
            None,
        );
    };
    let client_id = form.get("client_id").map(String::as_str).unwrap_or("");
    if state.app(ti, client_id).is_none() {
        return Reply::aad(400, "unauthorized_client", 700016, &format!("Application with identifier '{client_id}' was not found in the directory '{tenant_name}'."), None);
    }
    let device = format!("sim-device-{}", super::state::random(40));
    let user_code = super::state::random(8).to_uppercase();
    state.devices.insert(
        device.clone(),
        super::state::DeviceAuth {
            tenant: ti,
            client_id: client_id.to_ascii_lowercase(),
            user_code: user_code.clone(),
            scopes: scopes::parse_list(form.get("scope").map(String::as_str).unwrap_or("")),
            approved_user: None,
            declined: false,
        },
    );
    let uri = format!("{base}/devicelogin");
    Reply::ok(serde_json::json!({
        "user_code": user_code, "device_code": device, "verification_uri": uri, "expires_in": 900, "interval": 1,
        "message": format!("To sign in, use a web browser to open the page {uri} and enter the code {user_code} to authenticate."),
    }))
}

/// GET and POST `/devicelogin`: the page where the person types the code and signs in.
pub fn device_login(
    state: &mut SimState,
    form: Option<&HashMap<String, String>>,
) -> (u16, HttpResponse) {
    let form_page = |error: Option<&str>| {
        page(
            "Enter code",
            html! {
                @if let Some(e) = error { p role="alert" id="error" { (e) } }
                form method="post" {
                    label for="code" { "Code" } input id="code" name="code";
                    label for="username" { "Email" } input id="username" name="username";
                    label for="password" { "Password" } input id="password" name="password" type="password";
                    button type="submit" name="action" value="accept" id="accept" { "Sign in and accept" }
                    button type="submit" name="action" value="decline" id="decline" { "Do not accept" }
                }
            },
        )
    };
    let Some(f) = form else {
        return (200, form_page(None));
    };
    let get = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
    let Some((device, auth)) = state
        .devices
        .iter()
        .find(|(_, d)| d.user_code.eq_ignore_ascii_case(get("code").trim()))
        .map(|(k, v)| (k.clone(), v.clone()))
    else {
        return (
            200,
            form_page(Some(
                "That code didn't work. Check the code and try again. (AADSTS70000)",
            )),
        );
    };
    if get("action") == "decline" {
        if let Some(d) = state.devices.get_mut(&device) {
            d.declined = true;
        }
        return (
            200,
            page("You declined", html! { p { "You can close this window." } }),
        );
    }
    let Some(user) = state
        .user(auth.tenant, get("username"))
        .cloned()
        .filter(|u| u.password.as_deref().unwrap_or("demo") == get("password") && u.enabled)
    else {
        return (
            200,
            form_page(Some("Your account or password is incorrect. (AADSTS50126)")),
        );
    };
    let wanted: Vec<String> = auth
        .scopes
        .iter()
        .filter(|s| !scopes::is_oidc(s))
        .cloned()
        .collect();
    if let Some(a) = state.scenario.tenants[auth.tenant]
        .apps
        .iter_mut()
        .find(|a| a.client_id.eq_ignore_ascii_case(&auth.client_id))
    {
        a.grants.push(super::scenario::SimGrant {
            principal: user.id.clone(),
            scopes: wanted,
        });
    }
    if let Some(d) = state.devices.get_mut(&device) {
        d.approved_user = Some(user.id.to_ascii_lowercase());
    }
    (
        200,
        page(
            "You have signed in",
            html! { p { "You have signed in to the application on your device. You may now close this window." } },
        ),
    )
}

/// The device-code grant at the token endpoint.
pub fn redeem_device(
    state: &mut SimState,
    ti: usize,
    client_id: &str,
    form: &HashMap<String, String>,
) -> super::reply::Reply {
    use super::reply::Reply;
    let code = form.get("device_code").map(String::as_str).unwrap_or("");
    let Some(d) = state
        .devices
        .get(code)
        .cloned()
        .filter(|d| d.tenant == ti && d.client_id == client_id)
    else {
        return Reply::aad(
            400,
            "expired_token",
            70019,
            "Verification code expired.",
            None,
        );
    };
    if d.declined {
        state.devices.remove(code);
        return Reply::aad(
            400,
            "authorization_declined",
            70018,
            "The user declined the authorization request.",
            None,
        );
    }
    let Some(user) = d.approved_user else {
        return Reply::aad(
            400,
            "authorization_pending",
            70016,
            "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
            None,
        );
    };
    state.devices.remove(code);
    super::identity::issue_delegated(state, ti, client_id, &user, &d.scopes)
}

/// GET and POST `/{tenant}/portal/apps/{client_id}/secrets`: a stand-in for the portal's
/// Certificates & secrets blade, so the demo's rotation can be done end to end. A new secret's
/// value is shown once.
pub fn portal_secrets(
    state: &mut SimState,
    tenant_name: &str,
    client_id: &str,
    form: Option<&HashMap<String, String>>,
) -> (u16, HttpResponse) {
    let Some(ti) = state.tenant(tenant_name) else {
        return error_page(404, 90002, "Tenant not found.");
    };
    let started = state.started;
    let mut created = None;
    if let Some(f) = form {
        let months: i64 = f
            .get("months")
            .and_then(|m| m.parse().ok())
            .unwrap_or(12)
            .clamp(1, 24);
        let value = format!("{}~{}", &super::state::random(3), super::state::random(34));
        let days = (chrono::Utc::now() - started).num_days() + months * 30;
        if let Some(app) = state.scenario.tenants[ti]
            .apps
            .iter_mut()
            .find(|a| a.client_id.eq_ignore_ascii_case(client_id))
        {
            app.secrets.push(super::scenario::SimSecret {
                value: value.clone(),
                display_name: f.get("description").cloned(),
                expires: None,
                expires_in_days: Some(days),
                pem: None,
            });
            created = Some(value);
        }
    }
    let Some(app) = state.app(ti, client_id).cloned() else {
        return error_page(404, 700016, "Application not found.");
    };
    (
        200,
        page(
            &format!("Certificates & secrets — {}", app.name),
            html! {
                p { "Simulated Azure portal · " (tenant_name) }
                @if let Some(v) = &created {
                    p role="status" { "Copy the new client secret value now. You won't be able to retrieve it after you leave this page." }
                    p { "Value: " code id="secret-value" { (v) } }
                }
                table { thead { tr { th { "Description" } th { "Expires" } th { "Value" } } }
                    tbody { @for s in &app.secrets { tr { td { (s.display_name.clone().unwrap_or_default()) } td { (s.end(started).format("%Y-%m-%d")) } td { (s.value.chars().take(3).collect::<String>()) "***" } } } }
                }
                h2 { "New client secret" }
                form method="post" {
                    label for="description" { "Description" } input id="description" name="description" value="linkwatch";
                    label for="months" { "Expires (months)" } input id="months" name="months" value="12";
                    button type="submit" id="add" { "Add" }
                }
            },
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::Scenario;

    #[test]
    fn pkce_s256_is_enforced_and_codes_work_once() {
        let scenario = Scenario::parse("[[tenants]]\nid = \"t.example.org\"\nusers = [{ id = \"u1\", upn = \"a@t.example.org\" }]\n[[tenants.apps]]\nclient_id = \"c1\"\nsecrets = [{ value = \"s\" }]\n").unwrap();
        let mut state = SimState::new(scenario);
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(Sha256::digest(verifier.as_bytes()));
        // RFC 7636 appendix B's example.
        assert_eq!(challenge, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        let q: HashMap<String, String> = [
            ("client_id", "c1"),
            ("redirect_uri", "http://lw/cb"),
            ("scope", "Mail.Read offline_access"),
            ("state", "st"),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
            ("username", "a@t.example.org"),
            ("password", "demo"),
            ("action", "accept"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let (status, resp) = authorize(&mut state, "t.example.org", &q, true);
        assert_eq!(status, 302);
        let loc = resp
            .headers()
            .get("location")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let code = url::Url::parse(&loc)
            .unwrap()
            .query_pairs()
            .find(|(k, _)| k == "code")
            .unwrap()
            .1
            .to_string();
        let form = |v: &str| -> HashMap<String, String> {
            [
                ("code", code.as_str()),
                ("redirect_uri", "http://lw/cb"),
                ("code_verifier", v),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
        };
        let wrong = redeem_code(
            &mut state,
            0,
            "c1",
            &form("not-the-verifier-not-the-verifier-not-the-v"),
        );
        assert_eq!(wrong.body["error_codes"][0], 501481);
        let ok = redeem_code(&mut state, 0, "c1", &form(verifier));
        assert_eq!(ok.status, 200, "{}", ok.body);
        assert!(ok.body["refresh_token"].is_string());
        let again = redeem_code(&mut state, 0, "c1", &form(verifier));
        assert_eq!(again.body["error_codes"][0], 54005, "a code works once");
    }
}
