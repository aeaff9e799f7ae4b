//! Every sample in shared/graph-samples (copied to tests/fixtures/graph) goes through the
//! product's real parsers: the oauth2-based token client and the Graph client, over HTTP.

#[path = "support/replay.rs"]
mod replay;

use linkwatch::checks::aadsts::{classify, Flow};
use linkwatch::graph::{GraphClient, GraphError, Transport, TransportConfig};
use linkwatch::model::FindingCode;
use linkwatch::observed::Credential;
use linkwatch::targets::Secret;
use replay::{start, Canned};
use std::time::Duration;

fn client(url: &str) -> GraphClient {
    let cfg = TransportConfig {
        concurrency: 4,
        per_tenant_concurrency: 4,
        timeout: Duration::from_secs(10),
        max_response_bytes: 1 << 20,
        retry_budget: Duration::from_secs(10),
    };
    GraphClient::new(url, url, Transport::new(cfg).unwrap())
}

fn secret(s: &str) -> Secret {
    Secret::new(s)
}

#[tokio::test]
async fn token_samples() {
    let ok = start(vec![Canned::sample(
        200,
        "token-client-credentials-ok.json",
    )])
    .await;
    let tok = client(&ok.0)
        .app_token("contoso.onmicrosoft.com", "app", &secret("s"))
        .await
        .unwrap();
    assert!(tok.expose().starts_with("eyJ0eX"));

    let refresh = start(vec![Canned::sample(200, "token-refresh-ok.json")]).await;
    let r = client(&refresh.0)
        .redeem(
            "t",
            "app",
            &secret("s"),
            &secret("rt"),
            &["Mail.Read".into()],
        )
        .await
        .unwrap();
    assert_eq!(
        r.scopes,
        vec!["mail.read".to_string()],
        "URL-encoded scope from the doc sample is decoded"
    );
    assert!(r.refresh_token.unwrap().expose().starts_with("AwABAAAA"));

    let errors: &[(&str, u16, u32, Flow, FindingCode)] = &[
        (
            "token-error-expired-secret-7000222.json",
            401,
            7000222,
            Flow::App,
            FindingCode::SecretExpired,
        ),
        (
            "token-error-invalid-client-secret-7000215.json",
            401,
            7000215,
            Flow::App,
            FindingCode::SecretInvalid,
        ),
        (
            "token-error-app-not-found-700016.json",
            400,
            700016,
            Flow::App,
            FindingCode::AppMissing,
        ),
        (
            "token-error-tenant-not-found-90002.json",
            400,
            90002,
            Flow::App,
            FindingCode::AppMissing,
        ),
        (
            "token-refresh-error-consent-65001.json",
            400,
            65001,
            Flow::Link,
            FindingCode::ConsentMissing,
        ),
        (
            "token-refresh-error-mfa-50076.json",
            400,
            50076,
            Flow::Link,
            FindingCode::ReauthRequired,
        ),
        (
            "token-refresh-error-revoked-50173.json",
            400,
            50173,
            Flow::Link,
            FindingCode::LinkRevoked,
        ),
    ];
    for (file, status, code, flow, want) in errors {
        let (url, _) = start(vec![Canned::sample(*status, file)]).await;
        let c = client(&url);
        let err = match flow {
            Flow::App => c.app_token("t", "app", &secret("s")).await.unwrap_err(),
            Flow::Link => c
                .redeem(
                    "t",
                    "app",
                    &secret("s"),
                    &secret("rt"),
                    &["Mail.Read".into()],
                )
                .await
                .unwrap_err(),
        };
        let GraphError::Token(e) = err else {
            panic!("{file}: {err}")
        };
        assert_eq!(e.aadsts(), Some(*code), "{file}");
        assert!(
            !e.summary().contains("Trace ID"),
            "{file}: summary without trace lines"
        );
        assert_eq!(classify(&e, *flow), *want, "{file}");
    }
}

#[tokio::test]
async fn graph_samples() {
    let (url, _) = start(vec![
        Canned::sample(200, "graph-application-with-passwordCredentials.json"),
        Canned::sample(
            200,
            "graph-application-by-appid-requiredResourceAccess.json",
        ),
        Canned::sample(200, "graph-serviceprincipal.json"),
        Canned::sample(200, "graph-oauth2PermissionGrants-list.json"),
        Canned::sample(200, "graph-user.json"),
        Canned::sample(200, "graph-mailfolder-inbox.json"),
        Canned::sample(403, "graph-error-403-ErrorAccessDenied.json"),
        Canned::sample(404, "graph-error-404-ErrorItemNotFound.json"),
        Canned::sample(404, "graph-error-MailboxNotEnabledForRESTAPI.json"),
    ])
    .await;
    let c = client(&url);
    let tok = secret("at");
    let app = c
        .application("t", &tok, "46e6adf4-a9cf-4b60-9390-0ba6fb00bf6b")
        .await
        .unwrap();
    assert_eq!(app.password_credentials.len(), 2);
    assert_eq!(app.password_credentials[0].hint.as_deref(), Some("[6g"));
    assert_eq!(app.password_credentials[1].hint, None);
    assert_eq!(
        app.password_credentials[0]
            .end_date_time
            .unwrap()
            .to_rfc3339(),
        "2021-09-09T19:50:29.308638100+00:00",
        "seven fractional digits"
    );
    assert_eq!(
        app.key_credentials[0].display_name.as_deref(),
        Some("CN=awsAPI")
    );

    let app = c
        .application("t", &tok, "46e6adf4-a9cf-4b60-9390-0ba6fb00bf6b")
        .await
        .unwrap();
    let names: Vec<_> = app.required_resource_access[0]
        .resource_access
        .iter()
        .filter_map(|a| linkwatch::scopes::name_of(&a.id))
        .collect();
    assert_eq!(
        names,
        vec!["User.Read"],
        "known GUIDs resolve; unknown ones are not guessed"
    );

    let sp = c.service_principal("t", &tok, "x").await.unwrap().unwrap();
    assert_eq!(sp.id, "00af5dfb-85da-4b41-a677-0c6b86dd34f8");
    assert_eq!(sp.app_id.as_deref(), Some("appId-value"));

    let grants = c.grants("t", &tok, "sp").await.unwrap();
    assert_eq!(grants.len(), 2);
    assert_eq!(grants[0].principal_id, None);
    assert!(
        linkwatch::scopes::parse_list(grants[1].scope.as_deref().unwrap())
            .contains(&"Mail.Send.Shared".to_string())
    );

    let me = c.me("t", &tok).await.unwrap();
    assert_eq!(
        me.user_principal_name.as_deref(),
        Some("AdeleV@contoso.com")
    );
    assert_eq!(me.account_enabled, None, "not in the default property set");

    c.probe_inbox("t", &tok, "87d349ed-44d7-43e1-9a83-5f2406dee5bd")
        .await
        .unwrap();
    for (status, code) in [
        (403, "ErrorAccessDenied"),
        (404, "ErrorItemNotFound"),
        (404, "MailboxNotEnabledForRESTAPI"),
    ] {
        match c.probe_inbox("t", &tok, "x").await {
            Err(GraphError::Api {
                status: s, code: c, ..
            }) => assert_eq!((s, c.as_str()), (status, code)),
            other => panic!("{other:?}"),
        }
    }
}

#[tokio::test]
async fn throttle_sample_with_fractional_retry_after_is_honoured() {
    let (url, state) = start(vec![
        Canned::sample(429, "graph-error-429-throttled.json").with("retry-after", "0.75"),
        Canned::sample(200, "graph-mailfolder-inbox.json"),
    ])
    .await;
    let c = client(&url);
    c.probe_inbox("t", &secret("at"), "x").await.unwrap();
    let seen = &state.lock().unwrap().seen;
    assert_eq!(seen.len(), 2);
    let gap = seen[1].0 - seen[0].0;
    assert!(
        gap >= Duration::from_millis(750),
        "retried after {gap:?}, before Retry-After"
    );
}

#[test]
fn add_password_sample_parses_as_a_credential() {
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/graph/graph-application-addPassword-response.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let c: Credential = serde_json::from_str(&text).unwrap();
    assert_eq!(c.hint.as_deref(), Some("[6g"));
    assert_eq!(c.key_id, "f0b0b335-1d71-4883-8f98-567911bfdca6");
}

#[tokio::test]
async fn batch_request_sample_is_answered_by_the_simulator_per_id() {
    use linkwatch::simulator::{Scenario, Simulator};
    let scenario = Scenario::parse("[[tenants]]\nid = \"t.example.org\"\nusers = [{ id = \"161ab652-cdbc-490d-82a4-0ada1f0db247\", upn = \"u@t.example.org\" }]\n[[tenants.apps]]\nclient_id = \"a0000000-0000-4000-8000-000000000001\"\nroles = [\"User.Read.All\"]\nsecrets = [{ value = \"sec-value\" }]\n").unwrap();
    let sim = Simulator::start(scenario, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let c = client(&sim.url());
    let tok = c
        .app_token(
            "t.example.org",
            "a0000000-0000-4000-8000-000000000001",
            &secret("sec-value"),
        )
        .await
        .unwrap();
    let body = std::fs::read(format!(
        "{}/tests/fixtures/graph/graph-batch-request.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let resp = reqwest::Client::new()
        .post(format!("{}/v1.0/$batch", sim.url()))
        .bearer_auth(tok.expose())
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.status(),
        200,
        "the outer status is 200 even when items fail"
    );
    let json: serde_json::Value = resp.json().await.unwrap();
    let mut ids: Vec<&str> = json["responses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, vec!["1", "2", "3", "4", "5"]);
    // /me with an app token is a 400 inside the batch, not a failure of the batch.
    let first = json["responses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "1")
        .unwrap();
    assert_eq!(first["status"], 400);
}

/// Every sign-in sample through the sign-in parser: Microsoft's `""` for absent values,
/// `failureReason` "Other." on success, v1.0 records without event types.
#[test]
fn sign_in_samples_parse_field_by_field() {
    use linkwatch::observed::signins::{read_sign_in_page, EventType};
    let read = |f: &str| {
        let text = std::fs::read_to_string(format!(
            "{}/tests/fixtures/graph/{f}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        read_sign_in_page(&serde_json::from_str(&text).unwrap()).unwrap()
    };
    let p = read("graph-signins-list-beta-noninteractive.json");
    assert_eq!(p.unreadable, 0);
    let r = &p.records[0];
    assert_eq!(r.event, EventType::NonInteractiveUser);
    assert!(
        r.is_success(),
        "errorCode 0 with failureReason \"Other.\" is a success"
    );
    assert_eq!(r.key_id, None, "\"\" is absent");
    assert!(p.next_link.unwrap().contains("skiptoken"));
    let p = read("graph-signins-beta-noninteractive-failed-50173.json");
    assert_eq!(
        (p.records[0].error_code, p.records[0].event.clone()),
        (50173, EventType::NonInteractiveUser)
    );
    let p = read("graph-signins-beta-serviceprincipal-failed-7000222.json");
    let r = &p.records[0];
    assert_eq!(
        (r.error_code, r.event.clone(), r.user_id.clone()),
        (7000222, EventType::ServicePrincipal, None)
    );
    assert_eq!(
        r.key_id.as_deref(),
        Some("f0b0b335-1d71-4883-8f98-567911bfdca6")
    );
    let p = read("graph-signins-list-beta-interactive-failure.json");
    assert_eq!(
        p.records[0].event,
        EventType::Other("interactiveUser".into())
    );
    let p = read("graph-signins-list-v1.json");
    assert_eq!(
        p.records[0].event,
        EventType::Other("interactiveUser".into()),
        "v1.0: no event type, a user row"
    );
}

/// The sign-in log and the credential report over HTTP: a page, the no-premium 403, the
/// report as a list (with `-8:00` offsets) and as a bare object.
#[tokio::test]
async fn sign_in_reports_over_http() {
    use linkwatch::graph::signins::ReportError;
    let (url, _) = start(vec![
        Canned::sample(
            200,
            "graph-signins-beta-serviceprincipal-failed-7000222.json",
        ),
        Canned::sample(403, "graph-signins-error-no-premium-license.json"),
        Canned::sample(200, "graph-appCredentialSignInActivities.json"),
        Canned::sample(200, "graph-appCredentialSignInActivity-by-keyId.json"),
    ])
    .await;
    let c = client(&url);
    let since = chrono::Utc::now() - chrono::Duration::days(7);
    let read = c
        .sign_ins(
            "t",
            &secret("tok"),
            &["46e6adf4-a9cf-4b60-9390-0ba6fb00bf6b".into()],
            since,
            &|_| true,
        )
        .await
        .unwrap();
    assert_eq!((read.records.len(), read.complete), (1, true));
    let e = c
        .sign_ins("t", &secret("tok"), &["a".into()], since, &|_| true)
        .await
        .unwrap_err();
    assert!(matches!(e, ReportError::NoPremium), "{e}");
    let uses = c
        .credential_uses("t", &secret("tok"), &["a".into()])
        .await
        .unwrap();
    assert_eq!(uses.len(), 2);
    assert_eq!(
        uses[0].last_sign_in_at.unwrap().to_rfc3339(),
        "2021-03-18T08:00:00+00:00"
    );
    let uses = c
        .credential_uses("t", &secret("tok"), &["a".into()])
        .await
        .unwrap();
    assert_eq!(uses[0].key_id, "83f45296-fb8f-4aaa-a399-ac51084e02b7");
}
