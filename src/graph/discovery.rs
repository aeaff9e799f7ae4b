//! Whether Microsoft knows a tenant, before an admin is sent there: the tenant's OpenID
//! discovery document (`{login}/{tenant}/v2.0/.well-known/openid-configuration`), whose
//! `issuer` carries the tenant id; an unknown domain answers 400 with AADSTS90002.

use super::error::{AadError, GraphError};
use super::GraphClient;

/// The tenant id in a discovery document's `issuer` (`https://login…/{tenant id}/v2.0`).
pub fn issuer_tenant(body: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let issuer = v.get("issuer")?.as_str()?;
    let id = issuer.trim_end_matches('/').trim_end_matches("/v2.0");
    let id = id.rsplit('/').next()?;
    crate::input::is_guid(id).then(|| id.to_ascii_lowercase())
}

impl GraphClient {
    /// The tenant id of `tenant` (a domain or an id) as Microsoft knows it; an unknown tenant
    /// is [`GraphError::Token`] with AADSTS90002.
    pub async fn tenant_id_of(&self, tenant: &str) -> Result<String, GraphError> {
        let url = format!(
            "{}/{tenant}/v2.0/.well-known/openid-configuration",
            self.login_url()
        );
        let req = http::Request::builder()
            .method(http::Method::GET)
            .uri(url)
            .header(http::header::ACCEPT, "application/json")
            .body(Vec::new())
            .map_err(|e| GraphError::Malformed(format!("request: {e}")))?;
        let resp = self.transport().send(tenant, req).await?;
        let status = resp.status().as_u16();
        if status == 200 {
            return issuer_tenant(resp.body()).ok_or_else(|| {
                GraphError::malformed(
                    "OpenID discovery document",
                    Some("application/json"),
                    resp.body(),
                    "no tenant id in its issuer",
                )
            });
        }
        match AadError::from_body(resp.body()) {
            Some(e) => Err(GraphError::Token(e)),
            None => Err(super::api::api_error(status, resp.body())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tenant_id_is_read_from_the_issuer() {
        let doc = br#"{"issuer": "https://login.microsoftonline.com/6f1b2c3d-0000-4000-8000-000000000001/v2.0"}"#;
        assert_eq!(
            issuer_tenant(doc).as_deref(),
            Some("6f1b2c3d-0000-4000-8000-000000000001")
        );
        assert_eq!(
            issuer_tenant(br#"{"issuer": "https://x/{tenantid}/v2.0"}"#),
            None
        );
        assert_eq!(issuer_tenant(b"<html>"), None);
    }
}
