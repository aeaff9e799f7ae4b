//! The simulator passes for Microsoft with a second, independent client: MSAL for Python
//! (Microsoft's own library) discovers the tenant's OpenID configuration, redeems a refresh
//! token, reads the id token's claims and `client_info`, caches the account and redeems the
//! rotated refresh token silently. `scripts/test` installs msal when it is missing.

use linkwatch::simulator::{Scenario, Simulator};
use serde_json::Value;

const SCENARIO: &str = r#"
[[tenants]]
id = "contoso.onmicrosoft.com"
[[tenants.users]]
id = "8f2c1d3e-0000-4000-8000-00000000000a"
upn = "info@contoso.nl"
[[tenants.apps]]
client_id = "a0000000-0000-4000-8000-000000000001"
name = "Econobis"
configured_scopes = ["User.Read", "Mail.Read"]
secrets = [{ value = "econobis-secret-value" }]
grants = [{ principal = "8f2c1d3e-0000-4000-8000-00000000000a", scopes = ["User.Read", "Mail.Read"] }]
links = [{ user = "8f2c1d3e-0000-4000-8000-00000000000a", refresh_token = "rt-msal-first" }]
"#;

async fn start() -> Simulator {
    Simulator::start(
        Scenario::parse(SCENARIO).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_discovery_document_names_the_simulators_endpoints() {
    let sim = start().await;
    let doc: Value = reqwest::get(format!(
        "{}/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration",
        sim.url()
    ))
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let issuer = doc["issuer"].as_str().unwrap();
    let tid = issuer
        .strip_prefix(&format!("{}/", sim.url()))
        .and_then(|r| r.strip_suffix("/v2.0"))
        .unwrap();
    assert!(uuid::Uuid::parse_str(tid).is_ok(), "tid is a GUID: {tid}");
    assert_eq!(
        doc["token_endpoint"],
        format!("{}/{tid}/oauth2/v2.0/token", sim.url())
    );
    // The GUID works wherever the domain does.
    let by_guid = reqwest::get(format!(
        "{}/{tid}/v2.0/.well-known/openid-configuration",
        sim.url()
    ))
    .await
    .unwrap();
    assert_eq!(by_guid.status(), 200);
    let unknown = reqwest::get(format!(
        "{}/nowhere.example/v2.0/.well-known/openid-configuration",
        sim.url()
    ))
    .await
    .unwrap();
    assert_eq!(unknown.status(), 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn msal_redeems_a_refresh_token_and_then_the_rotated_one() {
    let sim = start().await;
    let out = tokio::process::Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/clients/msal_refresh.py"
        ))
        .args([
            &sim.url(),
            "contoso.onmicrosoft.com",
            "a0000000-0000-4000-8000-000000000001",
            "econobis-secret-value",
            "rt-msal-first",
            "https://graph.microsoft.com/Mail.Read",
        ])
        .output()
        .await
        .expect("python3 runs (scripts/test installs it with msal)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the MSAL client failed: {stderr}");
    let r: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {} {stderr}", String::from_utf8_lossy(&out.stdout)));
    assert_eq!(r["first"]["error"], Value::Null, "{r:#}");
    assert_eq!(r["got_access_token"], true, "{r:#}");
    let claims = &r["first"]["id_token_claims"];
    for claim in [
        "sub",
        "oid",
        "tid",
        "preferred_username",
        "ver",
        "iss",
        "aud",
        "exp",
    ] {
        assert!(
            !claims[claim].is_null(),
            "id token claim {claim}: {claims:#}"
        );
    }
    assert_eq!(claims["oid"], "8f2c1d3e-0000-4000-8000-00000000000a");
    assert_eq!(claims["preferred_username"], "info@contoso.nl");
    assert_eq!(claims["ver"], "2.0");
    assert_eq!(claims["aud"], "a0000000-0000-4000-8000-000000000001");
    let tid = claims["tid"].as_str().unwrap();
    // client_info gave MSAL the account's home id, `{oid}.{tid}`.
    assert_eq!(
        r["accounts"][0]["home_account_id"],
        format!("8f2c1d3e-0000-4000-8000-00000000000a.{tid}"),
        "{r:#}"
    );
    assert_eq!(r["accounts"][0]["username"], "info@contoso.nl");
    // The first refresh token was spent (strict rotation): the silent call only works with the
    // rotated one MSAL kept.
    assert_eq!(r["silent"]["error"], Value::Null, "{r:#}");
    assert_eq!(r["silent_got_access_token"], true, "{r:#}");
    let redeemed = sim
        .state()
        .log
        .iter()
        .filter(|e| e.path.ends_with("/oauth2/v2.0/token") && e.status == 200)
        .count();
    assert_eq!(redeemed, 2);
}
