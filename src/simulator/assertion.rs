//! The token endpoint's check of a client assertion (a JWT signed with a certificate of the
//! app), with the AADSTS errors the real service gives (Microsoft's certificate-credentials
//! page; the Azure SDK's troubleshooting tables for 700021, 700023, 700024, 700027).

use super::reply::Reply;
use super::scenario::SimApp;
use crate::graph::assertion;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// Accepts the assertion `jwt` of `app` at the token endpoint of `tenant_name`, or the
/// reply that refuses it.
pub fn check(
    app: &SimApp,
    tenant_name: &str,
    form: &HashMap<String, String>,
    jwt: &str,
    started: DateTime<Utc>,
) -> Result<(), Reply> {
    let client_id = app.client_id.as_str();
    if form.get("client_assertion_type").map(String::as_str) != Some(assertion::ASSERTION_TYPE) {
        return Err(refuse(
            400,
            "invalid_request",
            50027,
            "Invalid JWT token. The client_assertion_type parameter is missing or invalid.",
        ));
    }
    let parts: Vec<&str> = jwt.split('.').collect();
    let decode = |p: &str| -> Option<serde_json::Value> {
        serde_json::from_slice(&B64.decode(p.trim_end_matches('=')).ok()?).ok()
    };
    let (Some(header), Some(claims), Some(signature), 3) = (
        parts.first().and_then(|p| decode(p)),
        parts.get(1).and_then(|p| decode(p)),
        parts.get(2).and_then(|p| B64.decode(p).ok()),
        parts.len(),
    ) else {
        return Err(refuse(
            400,
            "invalid_request",
            50027,
            "Invalid JWT token. Token format not valid.",
        ));
    };
    let text = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or("").to_string();
    let pss = match text(&header, "alg").as_str() {
        "RS256" => false,
        "PS256" => true,
        other => {
            return Err(refuse(
                400,
                "invalid_request",
                5002730,
                &format!("Invalid JWT token. Unsupported key for the signing algorithm '{other}'."),
            ))
        }
    };
    // x5t is the SHA-1 thumbprint, x5t#S256 the SHA-256 one (both base64url).
    let (sha1, sha256) = (text(&header, "x5t"), text(&header, "x5t#S256"));
    let registered = app.certificates.iter().find_map(|c| {
        let der = assertion::certificates(c.pem.as_deref()?)
            .into_iter()
            .next()?;
        let matches = (!sha1.is_empty() && B64.encode(assertion::thumbprint_sha1(&der)) == sha1)
            || (!sha256.is_empty() && B64.encode(assertion::thumbprint_sha256(&der)) == sha256);
        matches.then_some((der, c))
    });
    let thumb = B64
        .decode(if sha1.is_empty() { &sha256 } else { &sha1 })
        .map(|b| b.iter().map(|x| format!("{x:02X}")).collect::<String>())
        .unwrap_or_default();
    let Some((der, cred)) = registered else {
        return Err(refuse(401, "invalid_client", 700027, &format!("The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '{thumb}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '{client_id}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments if you are not using a client credential scope.]")));
    };
    if cred.end(started) <= Utc::now() {
        return Err(refuse(401, "invalid_client", 700027, &format!("Client assertion failed signature validation. [Reason - The key used is expired., Thumbprint of key used by client: '{thumb}', Found key 'Start=…, End={}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '{client_id}'.]", cred.end(started).format("%m/%d/%Y %H:%M:%S"))));
    }
    let signed = format!("{}.{}", parts[0], parts[1]);
    if assertion::verify(&der, signed.as_bytes(), &signature, pss).is_err() {
        return Err(refuse(
            401,
            "invalid_client",
            700027,
            "Client assertion contains an invalid signature. [Reason - The key was not found.]",
        ));
    }
    if !text(&claims, "iss").eq_ignore_ascii_case(client_id)
        || !text(&claims, "sub").eq_ignore_ascii_case(client_id)
    {
        return Err(refuse(401, "invalid_client", 700021, "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://docs.microsoft.com/en-us/azure/active-directory/develop/active-directory-certificate-credentials ."));
    }
    let aud = text(&claims, "aud");
    if !aud.ends_with(&format!("/{tenant_name}/oauth2/v2.0/token"))
        && !aud.ends_with(&format!("/{tenant_name}/oauth2/token"))
    {
        return Err(refuse(401, "invalid_client", 700023, "Client assertion audience claim does not match Realm issuer. Review the documentation at https://docs.microsoft.com/en-us/azure/active-directory/develop/active-directory-certificate-credentials ."));
    }
    let now = Utc::now().timestamp();
    let (nbf, exp) = (
        claims["nbf"].as_i64().unwrap_or(0),
        claims["exp"].as_i64().unwrap_or(0),
    );
    // The service allows five minutes of clock skew.
    if nbf > now + 300 || exp < now - 300 {
        return Err(refuse(401, "invalid_client", 700024, &format!("Client assertion is not within its valid time range. Current time: {}, assertion valid from {}, expiry time of assertion {}. Review the documentation at https://docs.microsoft.com/en-us/azure/active-directory/develop/active-directory-certificate-credentials .", stamp(now), stamp(nbf), stamp(exp))));
    }
    Ok(())
}

fn stamp(t: i64) -> String {
    DateTime::from_timestamp(t, 0)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%S%.7fZ").to_string())
        .unwrap_or_default()
}

fn refuse(status: u16, error: &str, code: u32, text: &str) -> Reply {
    Reply::aad(status, error, code, text, None)
}
