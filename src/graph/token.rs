//! Token requests with the oauth2 crate over linkwatch's transport: client credentials with
//! the app's own secret, and refresh-token redemption for mailbox links.

use super::assertion;
use super::error::{AadError, GraphError};
use super::GraphClient;
use crate::scopes;
use crate::targets::Secret;
use base64::Engine;
use oauth2::basic::{
    BasicRevocationErrorResponse, BasicTokenIntrospectionResponse, BasicTokenType,
};
use oauth2::{
    AuthType, ClientId, ClientSecret, EndpointNotSet, EndpointSet, ExtraTokenFields, RefreshToken,
    RequestTokenError, Scope, StandardRevocableToken, StandardTokenResponse, TokenResponse,
    TokenUrl,
};
use serde::{Deserialize, Serialize};

/// Extra fields of Entra ID token replies.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct EntraFields {
    /// Present when `openid` was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
}
impl ExtraTokenFields for EntraFields {}

type EntraTokenResponse = StandardTokenResponse<EntraFields, BasicTokenType>;
type EntraClient = oauth2::Client<
    AadError,
    EntraTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

impl Redeemed {
    /// Reads a token reply; without a `scope` field the grant is for what was asked (`wanted`).
    fn from_response(resp: &EntraTokenResponse, wanted: &[String]) -> Redeemed {
        Redeemed {
            access_token: Secret::new(resp.access_token().secret().clone()),
            refresh_token: resp
                .refresh_token()
                .map(|r| Secret::new(r.secret().clone())),
            scopes: resp
                .scopes()
                .map(|s| s.iter().flat_map(|x| scopes::parse_list(x)).collect())
                .unwrap_or_else(|| wanted.to_vec()),
            account: resp
                .extra_fields()
                .id_token
                .as_deref()
                .and_then(decode_id_token),
        }
    }
}

/// The signed-in account, from an id token's claims.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct IdClaims {
    /// Object id.
    pub oid: Option<String>,
    /// Sign-in name.
    pub preferred_username: Option<String>,
}

/// What redeeming a refresh token gave.
#[derive(Debug)]
pub struct Redeemed {
    /// For Graph calls as the account.
    pub access_token: Secret,
    /// The rotated refresh token; store it before anything else.
    pub refresh_token: Option<Secret>,
    /// Granted scopes, short names.
    pub scopes: Vec<String>,
    /// The account, when an id token came back.
    pub account: Option<IdClaims>,
}

/// The transport as the oauth2 crate's HTTP client, for one tenant's limits. A named type
/// rather than a closure, so the token futures stay `Send` for every lifetime.
struct TenantHttp {
    transport: super::Transport,
    tenant: String,
    tag: super::tag::RequestTag,
}

impl<'c> oauth2::AsyncHttpClient<'c> for TenantHttp {
    type Error = GraphError;
    type Future = std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<oauth2::HttpResponse, GraphError>> + Send + 'c>,
    >;

    fn call(&'c self, mut request: oauth2::HttpRequest) -> Self::Future {
        // linkwatch's own sign-ins are recognised by this id in the sign-in log.
        if let Ok(v) = http::HeaderValue::from_str(&self.tag.issue()) {
            request.headers_mut().insert("client-request-id", v);
        }
        Box::pin(self.transport.send(&self.tenant, request))
    }
}

impl GraphClient {
    fn http_for(&self, tenant: &str) -> TenantHttp {
        TenantHttp {
            transport: self.transport.clone(),
            tenant: tenant.to_string(),
            tag: self.tag.clone(),
        }
    }

    fn token_url(&self, tenant: &str) -> String {
        format!("{}/{}/oauth2/v2.0/token", self.login_url, urlencode(tenant))
    }

    fn oauth_client(
        &self,
        tenant: &str,
        client_id: &str,
        secret: &Secret,
    ) -> Result<EntraClient, GraphError> {
        let token_url = TokenUrl::new(self.token_url(tenant))
            .map_err(|e| GraphError::Malformed(format!("token URL: {e}")))?;
        Ok(oauth2::Client::new(ClientId::new(client_id.to_string()))
            .set_client_secret(ClientSecret::new(secret.expose().to_string()))
            .set_auth_type(AuthType::RequestBody)
            .set_token_uri(token_url))
    }

    /// An app-only token for Graph (`/.default`), with the client's own credential: a
    /// client secret, or a certificate with its key (PEM), which signs a client assertion.
    pub async fn app_token(
        &self,
        tenant: &str,
        client_id: &str,
        credential: &Secret,
    ) -> Result<Secret, GraphError> {
        let http = self.http_for(tenant);
        let scope = Scope::new(format!("{}/.default", self.graph_url));
        let resp = if assertion::is_certificate(credential.expose()) {
            let cert = assertion::Certificate::from_pem(credential.expose())
                .map_err(|e| GraphError::Credential(format!("the monitor certificate: {e}")))?;
            let jwt = cert
                .assertion(client_id, &self.token_url(tenant), chrono::Utc::now())
                .map_err(|_| {
                    GraphError::Credential("the monitor certificate could not sign".into())
                })?;
            let token_url = TokenUrl::new(self.token_url(tenant))
                .map_err(|e| GraphError::Malformed(format!("token URL: {e}")))?;
            let client: oauth2::Client<
                AadError,
                EntraTokenResponse,
                BasicTokenIntrospectionResponse,
                StandardRevocableToken,
                BasicRevocationErrorResponse,
            > = oauth2::Client::new(ClientId::new(client_id.to_string()));
            client
                .set_auth_type(AuthType::RequestBody)
                .set_token_uri(token_url)
                .exchange_client_credentials()
                .add_scope(scope)
                .add_extra_param("client_assertion_type", assertion::ASSERTION_TYPE)
                .add_extra_param("client_assertion", jwt)
                .request_async(&http)
                .await
        } else {
            self.oauth_client(tenant, client_id, credential)?
                .exchange_client_credentials()
                .add_scope(scope)
                .request_async(&http)
                .await
        }
        .map_err(map_token_error)?;
        Ok(Secret::new(resp.access_token().secret().clone()))
    }

    /// Redeems a link's refresh token for `scopes` (short names; Graph scopes are qualified).
    pub async fn redeem(
        &self,
        tenant: &str,
        client_id: &str,
        secret: &Secret,
        refresh_token: &Secret,
        wanted: &[String],
    ) -> Result<Redeemed, GraphError> {
        let client = self.oauth_client(tenant, client_id, secret)?;
        let http = self.http_for(tenant);
        let rt = RefreshToken::new(refresh_token.expose().to_string());
        let resp = client
            .exchange_refresh_token(&rt)
            .add_scopes(wanted.iter().map(|s| Scope::new(self.qualify(s))))
            .request_async(&http)
            .await
            .map_err(map_token_error)?;
        Ok(Redeemed::from_response(&resp, wanted))
    }

    /// The admin-consent address of `client_id` in `tenant` for `scopes` (on the configured
    /// login and Graph URLs), coming back to `redirect_uri`.
    pub fn admin_consent_url(
        &self,
        tenant: &str,
        client_id: &str,
        scopes: &[String],
        redirect_uri: &str,
    ) -> String {
        let scope: Vec<String> = scopes.iter().map(|s| self.qualify(s)).collect();
        let q = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("client_id", client_id)
            .append_pair("scope", &scope.join(" "))
            .append_pair("redirect_uri", redirect_uri)
            .finish();
        format!("{}/{tenant}/v2.0/adminconsent?{q}", self.login_url)
    }

    /// The admin-consent address that grants `client_id` (linkwatch's monitor app) every
    /// permission it lists (`/.default`) in `tenant`, coming back to `redirect_uri` with `state`.
    pub fn tenant_consent_url(
        &self,
        tenant: &str,
        client_id: &str,
        redirect_uri: &str,
        state: &str,
    ) -> String {
        let q = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("client_id", client_id)
            .append_pair("scope", &format!("{}/.default", self.graph_url))
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("state", state)
            .finish();
        format!("{}/{tenant}/v2.0/adminconsent?{q}", self.login_url)
    }

    /// `Mail.Read` → `https://graph.microsoft.com/Mail.Read`; OIDC scopes stay short.
    fn qualify(&self, scope: &str) -> String {
        if scopes::is_oidc(scope) || scope.contains("://") {
            scope.to_string()
        } else {
            format!("{}/{}", self.graph_url, scope)
        }
    }
}

/// Reads a token endpoint reply with the same oauth2 client, error mapping and reading as
/// [`GraphClient::redeem`], from canned bytes instead of the network: the entry point of the
/// token-reply fuzz target.
#[doc(hidden)]
pub fn read_token_reply(
    status: u16,
    body: &[u8],
    wanted: &[String],
) -> Result<Redeemed, GraphError> {
    let token_url = TokenUrl::new("http://127.0.0.1/token".into())
        .map_err(|e| GraphError::Malformed(format!("token URL: {e}")))?;
    let client: EntraClient = oauth2::Client::new(ClientId::new("fuzz".into()))
        .set_client_secret(ClientSecret::new("fuzz".into()))
        .set_auth_type(AuthType::RequestBody)
        .set_token_uri(token_url);
    let reply = |_: oauth2::HttpRequest| -> Result<oauth2::HttpResponse, GraphError> {
        http::Response::builder()
            .status(status)
            .header(
                http::header::CONTENT_TYPE,
                "application/json; charset=utf-8",
            )
            .body(body.to_vec())
            .map_err(|e| GraphError::Malformed(format!("reply: {e}")))
    };
    let resp = client
        .exchange_refresh_token(&RefreshToken::new("fuzz".into()))
        .request(&reply)
        .map_err(map_token_error)?;
    Ok(Redeemed::from_response(&resp, wanted))
}

fn map_token_error(e: RequestTokenError<GraphError, AadError>) -> GraphError {
    match e {
        RequestTokenError::ServerResponse(aad) => GraphError::Token(aad),
        RequestTokenError::Request(g) => g,
        RequestTokenError::Parse(err, body) => GraphError::malformed(
            "token endpoint reply",
            None,
            &body,
            format!("{} (field {})", err.inner(), err.path()),
        ),
        RequestTokenError::Other(msg) => {
            GraphError::Malformed(format!("token endpoint reply: {msg}"))
        }
    }
}

/// Reads the claims of an id token. It came straight from the token endpoint over TLS, so its
/// signature adds nothing here; a token that does not decode gives `None`.
pub fn decode_id_token(jwt: &str) -> Option<IdClaims> {
    let payload = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Percent-encodes one path segment.
pub fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// What the authorization request asks for.
pub struct AuthorizeRequest<'a> {
    /// Tenant id or domain.
    pub tenant: &'a str,
    /// The app registration.
    pub client_id: &'a str,
    /// Where the identity platform sends the user back.
    pub redirect_uri: &'a str,
    /// Scopes (short names); `offline_access openid profile` are added.
    pub scopes: &'a [String],
    /// The flow's state.
    pub state: &'a str,
    /// The mailbox address, pre-filled on the sign-in page.
    pub login_hint: &'a str,
}

impl GraphClient {
    /// The `/authorize` URL of an authorization-code flow with PKCE (S256) and
    /// `prompt=select_account`; returns it with the PKCE verifier to keep.
    pub fn authorize_url(&self, r: &AuthorizeRequest<'_>) -> Result<(String, Secret), GraphError> {
        let auth = oauth2::AuthUrl::new(format!(
            "{}/{}/oauth2/v2.0/authorize",
            self.login_url,
            urlencode(r.tenant)
        ))
        .map_err(|e| GraphError::Malformed(e.to_string()))?;
        let redirect = oauth2::RedirectUrl::new(r.redirect_uri.to_string())
            .map_err(|e| GraphError::Malformed(format!("redirect URI: {e}")))?;
        let client = oauth2::basic::BasicClient::new(ClientId::new(r.client_id.to_string()))
            .set_auth_uri(auth)
            .set_redirect_uri(redirect);
        let (challenge, verifier) = oauth2::PkceCodeChallenge::new_random_sha256();
        let state = r.state.to_string();
        let mut req = client
            .authorize_url(move || oauth2::CsrfToken::new(state))
            .set_pkce_challenge(challenge);
        let mut wanted: Vec<String> = r
            .scopes
            .iter()
            .filter(|s| !scopes::is_oidc(s))
            .map(|s| self.qualify(s))
            .collect();
        wanted.extend(["offline_access", "openid", "profile"].map(String::from));
        for s in wanted {
            req = req.add_scope(Scope::new(s));
        }
        let domain = r
            .login_hint
            .rsplit_once('@')
            .map(|(_, d)| d.to_string())
            .unwrap_or_default();
        let (url, _) = req
            .add_extra_param("login_hint", r.login_hint)
            .add_extra_param("prompt", "select_account")
            .add_extra_param("domain_hint", domain)
            .url();
        Ok((url.to_string(), Secret::new(verifier.secret().clone())))
    }

    /// Redeems an authorization code with its PKCE verifier.
    pub async fn exchange_code(
        &self,
        tenant: &str,
        client_id: &str,
        secret: &Secret,
        code: &str,
        verifier: &Secret,
        redirect_uri: &str,
    ) -> Result<Redeemed, GraphError> {
        let redirect = oauth2::RedirectUrl::new(redirect_uri.to_string())
            .map_err(|e| GraphError::Malformed(format!("redirect URI: {e}")))?;
        let client = self
            .oauth_client(tenant, client_id, secret)?
            .set_redirect_uri(redirect);
        let http = self.http_for(tenant);
        let resp = client
            .exchange_code(oauth2::AuthorizationCode::new(code.to_string()))
            .set_pkce_verifier(oauth2::PkceCodeVerifier::new(verifier.expose().to_string()))
            .request_async(&http)
            .await
            .map_err(map_token_error)?;
        Ok(Redeemed::from_response(&resp, &[]))
    }
}

/// A device-code sign-in in progress.
pub struct DeviceSignIn {
    /// What the person types.
    pub user_code: String,
    /// Where they type it.
    pub verification_uri: String,
    details: oauth2::StandardDeviceAuthorizationResponse,
}

impl GraphClient {
    fn device_client(
        &self,
        tenant: &str,
        client_id: &str,
        secret: &Secret,
    ) -> Result<(oauth2::DeviceAuthorizationUrl, EntraClient), GraphError> {
        let url = format!(
            "{}/{}/oauth2/v2.0/devicecode",
            self.login_url,
            urlencode(tenant)
        );
        let d = oauth2::DeviceAuthorizationUrl::new(url)
            .map_err(|e| GraphError::Malformed(e.to_string()))?;
        Ok((d, self.oauth_client(tenant, client_id, secret)?))
    }

    /// Starts a device-code sign-in for `scopes` (plus `offline_access openid profile`).
    pub async fn device_start(
        &self,
        tenant: &str,
        client_id: &str,
        secret: &Secret,
        wanted: &[String],
    ) -> Result<DeviceSignIn, GraphError> {
        let (url, client) = self.device_client(tenant, client_id, secret)?;
        let client = client.set_device_authorization_url(url);
        let http = self.http_for(tenant);
        let mut req = client.exchange_device_code();
        let mut all: Vec<String> = wanted
            .iter()
            .filter(|s| !scopes::is_oidc(s))
            .map(|s| self.qualify(s))
            .collect();
        all.extend(["offline_access", "openid", "profile"].map(String::from));
        for s in all {
            req = req.add_scope(Scope::new(s));
        }
        let details: oauth2::StandardDeviceAuthorizationResponse =
            req.request_async(&http).await.map_err(map_token_error)?;
        Ok(DeviceSignIn {
            user_code: details.user_code().secret().clone(),
            verification_uri: details.verification_uri().to_string(),
            details,
        })
    }

    /// Waits (polling as the identity platform asks) until the person has signed in.
    pub async fn device_finish(
        &self,
        tenant: &str,
        client_id: &str,
        secret: &Secret,
        sign_in: &DeviceSignIn,
        timeout: std::time::Duration,
    ) -> Result<Redeemed, GraphError> {
        let (url, client) = self.device_client(tenant, client_id, secret)?;
        let client = client.set_device_authorization_url(url);
        let http = self.http_for(tenant);
        let resp = client
            .exchange_device_access_token(&sign_in.details)
            .request_async(&http, tokio::time::sleep, Some(timeout))
            .await
            .map_err(|e| match e {
                RequestTokenError::ServerResponse(r) => GraphError::Token(AadError {
                    error: serde_json::to_value(r.error())
                        .ok()
                        .and_then(|v| v.as_str().map(String::from))
                        .unwrap_or_else(|| "device_code_error".into()),
                    error_description: r.error_description().cloned(),
                    error_codes: Vec::new(),
                    suberror: None,
                    correlation_id: None,
                }),
                RequestTokenError::Request(g) => g,
                RequestTokenError::Parse(err, body) => {
                    GraphError::malformed("token endpoint reply", None, &body, err.inner())
                }
                RequestTokenError::Other(m) => GraphError::Malformed(m),
            })?;
        Ok(Redeemed::from_response(&resp, &[]))
    }
}
