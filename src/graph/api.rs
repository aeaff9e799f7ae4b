//! Graph v1.0 reads: the application and its credentials, the service principal and its
//! delegated grants (paged), accounts (batched by 20), and the mailbox probe.

use super::batch::Answers;
use super::error::{GraphError, GraphErrorBody};
use super::token::urlencode;
use super::GraphClient;
use crate::observed::{Application, Grant, MailFolder, ServicePrincipal, User};
use crate::targets::Secret;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::collections::HashMap;

/// Pages read at most per listing.
pub(super) const MAX_PAGES: usize = 100;
const BATCH_SIZE: usize = super::batch::MAX_ITEMS;

/// One page of a Graph collection.
#[derive(Deserialize)]
pub(super) struct Page<T> {
    #[serde(default = "Vec::new")]
    pub(super) value: Vec<T>,
    #[serde(rename = "@odata.nextLink", default)]
    pub(super) next_link: Option<String>,
}

/// What [`GraphClient::app_bundle`] read.
pub struct AppBundle {
    /// The application object.
    pub application: Result<Application, GraphError>,
    /// Its service principal (`None`: not in the tenant).
    pub service_principal: Result<Option<ServicePrincipal>, GraphError>,
    /// Accounts by object id.
    pub users: HashMap<String, Result<User, GraphError>>,
}

impl GraphClient {
    fn v1(&self, path: &str) -> String {
        format!("{}/v1.0/{}", self.graph_url, path.trim_start_matches('/'))
    }

    /// Sends one Graph request; a success gives the body and its content type.
    async fn call(
        &self,
        tenant: &str,
        token: &Secret,
        method: http::Method,
        url: &str,
        body: Option<serde_json::Value>,
    ) -> Result<Reply, GraphError> {
        let mut req = http::Request::builder()
            .method(method)
            .uri(url)
            .header(
                http::header::AUTHORIZATION,
                format!("Bearer {}", token.expose()),
            )
            .header(http::header::ACCEPT, "application/json");
        let bytes = match body {
            Some(b) => {
                req = req.header(http::header::CONTENT_TYPE, "application/json");
                serde_json::to_vec(&b).map_err(|e| GraphError::Malformed(e.to_string()))?
            }
            None => Vec::new(),
        };
        let req = req
            .body(bytes)
            .map_err(|e| GraphError::Malformed(format!("request: {e}")))?;
        let resp = self.transport.send(tenant, req).await?;
        let status = resp.status().as_u16();
        if (200..300).contains(&status) {
            let content_type = resp
                .headers()
                .get(http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            return Ok(Reply {
                content_type,
                body: resp.into_body(),
            });
        }
        Err(api_error(status, resp.body()))
    }

    /// POSTs JSON to a Graph v1.0 path; a success gives the body.
    pub(super) async fn post_json(
        &self,
        tenant: &str,
        token: &Secret,
        path: &str,
        body: serde_json::Value,
    ) -> Result<Vec<u8>, GraphError> {
        let url = self.v1(path);
        Ok(self
            .call(tenant, token, http::Method::POST, &url, Some(body))
            .await?
            .body)
    }

    pub(super) async fn get<T: DeserializeOwned>(
        &self,
        tenant: &str,
        token: &Secret,
        url: &str,
        what: &str,
    ) -> Result<T, GraphError> {
        let reply = self
            .call(tenant, token, http::Method::GET, url, None)
            .await?;
        reply.decode(what)
    }

    /// The application with its credentials and configured permissions.
    pub async fn application(
        &self,
        tenant: &str,
        token: &Secret,
        client_id: &str,
    ) -> Result<Application, GraphError> {
        let url = self.v1(&format!(
            "applications(appId='{}')?$select=id,appId,displayName,passwordCredentials,keyCredentials,requiredResourceAccess",
            urlencode(client_id)
        ));
        self.get(tenant, token, &url, "application").await
    }

    /// The mail addresses of the application's owners.
    pub async fn owners(
        &self,
        tenant: &str,
        token: &Secret,
        client_id: &str,
    ) -> Result<Vec<String>, GraphError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Owner {
            #[serde(default)]
            mail: Option<String>,
            #[serde(default)]
            user_principal_name: Option<String>,
        }
        let url = self.v1(&format!(
            "applications(appId='{}')/owners?$select=mail,userPrincipalName",
            urlencode(client_id)
        ));
        let page: Page<Owner> = self.get(tenant, token, &url, "owners").await?;
        Ok(page
            .value
            .into_iter()
            .filter_map(|o| o.mail.or(o.user_principal_name))
            .filter(|m| crate::targets::is_address(m))
            .collect())
    }

    /// The app's service principal in the tenant, `None` when there is none.
    pub async fn service_principal(
        &self,
        tenant: &str,
        token: &Secret,
        client_id: &str,
    ) -> Result<Option<ServicePrincipal>, GraphError> {
        let url = self.v1(&format!(
            "servicePrincipals(appId='{}')?$select=id,appId,accountEnabled",
            urlencode(client_id)
        ));
        match self.get(tenant, token, &url, "service principal").await {
            Err(GraphError::Api { status: 404, .. }) => Ok(None),
            other => other.map(Some),
        }
    }

    /// Every delegated grant of the service principal, following `@odata.nextLink`.
    pub async fn grants(
        &self,
        tenant: &str,
        token: &Secret,
        sp_id: &str,
    ) -> Result<Vec<Grant>, GraphError> {
        let filter = urlencode(&format!("clientId eq '{sp_id}'"));
        let first = self.v1(&format!("oauth2PermissionGrants?$filter={filter}"));
        self.all_pages(tenant, token, first, "oauth2PermissionGrants page")
            .await
    }

    /// Every delegated grant in the tenant (one listing for all its app registrations).
    pub async fn tenant_grants(
        &self,
        tenant: &str,
        token: &Secret,
    ) -> Result<Vec<Grant>, GraphError> {
        self.all_pages(
            tenant,
            token,
            self.v1("oauth2PermissionGrants"),
            "oauth2PermissionGrants page",
        )
        .await
    }

    /// The application, its service principal and up to 18 accounts in one `$batch`, the other
    /// accounts in further batches: the app-level directory reads in as few calls as Graph allows.
    pub async fn app_bundle(
        &self,
        tenant: &str,
        token: &Secret,
        client_id: &str,
        ids: &[String],
    ) -> Result<AppBundle, GraphError> {
        let app_url = format!("/applications(appId='{}')?$select=id,appId,displayName,passwordCredentials,keyCredentials,requiredResourceAccess", urlencode(client_id));
        let sp_url = format!(
            "/servicePrincipals(appId='{}')?$select=id,appId,accountEnabled",
            urlencode(client_id)
        );
        let (first, rest) = ids.split_at(ids.len().min(BATCH_SIZE - 2));
        let mut requests = vec![("app".to_string(), app_url), ("sp".to_string(), sp_url)];
        requests.extend(user_requests(first));
        let answers = self.batch(tenant, token, &requests).await?;
        let mut bundle = batch_answers(answers, first);
        if !rest.is_empty() {
            bundle.users.extend(self.users(tenant, token, rest).await?);
        }
        Ok(bundle)
    }

    /// Accounts by object id with `accountEnabled`, in JSON batches of 20. Each id gets its own result.
    pub async fn users(
        &self,
        tenant: &str,
        token: &Secret,
        ids: &[String],
    ) -> Result<HashMap<String, Result<User, GraphError>>, GraphError> {
        let mut out = HashMap::new();
        for chunk in ids.chunks(BATCH_SIZE) {
            let mut answers = self.batch(tenant, token, &user_requests(chunk)).await?;
            out.extend(user_answers(&mut answers, chunk));
        }
        Ok(out)
    }

    /// Reads the inbox folder's id as the linked account: proves Graph can reach the mailbox.
    /// No mail content is read.
    pub async fn probe_inbox(
        &self,
        tenant: &str,
        token: &Secret,
        object_id: &str,
    ) -> Result<(), GraphError> {
        let url = self.v1(&format!(
            "users/{}/mailFolders/inbox?$select=id",
            urlencode(object_id)
        ));
        let _: MailFolder = self.get(tenant, token, &url, "mail folder").await?;
        Ok(())
    }

    /// The signed-in account of a delegated token.
    pub async fn me(&self, tenant: &str, token: &Secret) -> Result<User, GraphError> {
        self.get(
            tenant,
            token,
            &self.v1("me?$select=id,userPrincipalName,mail"),
            "me",
        )
        .await
    }

    /// A nextLink must stay on the configured Graph host: tokens are never sent elsewhere.
    pub(super) fn same_origin(&self, next: &str) -> Result<String, GraphError> {
        let ok = url::Url::parse(next)
            .ok()
            .zip(url::Url::parse(&self.graph_url).ok())
            .is_some_and(|(a, b)| a.origin() == b.origin());
        if ok {
            Ok(next.to_string())
        } else {
            Err(GraphError::Malformed(format!(
                "@odata.nextLink points away from {}",
                self.graph_url
            )))
        }
    }
}

/// Batch requests for accounts, with their position as id.
fn user_requests(ids: &[String]) -> Vec<(String, String)> {
    ids.iter()
        .enumerate()
        .map(|(i, id)| {
            (
                i.to_string(),
                format!(
                    "/users/{}?$select=id,userPrincipalName,mail,accountEnabled",
                    urlencode(id)
                ),
            )
        })
        .collect()
}

/// The accounts `ids` (by position) from a batch's answers.
fn user_answers(
    answers: &mut Answers,
    ids: &[String],
) -> HashMap<String, Result<User, GraphError>> {
    ids.iter()
        .enumerate()
        .map(|(i, id)| {
            let result = match answers.remove(&i.to_string()) {
                Some(Ok(body)) => decode(&body, None, "user"),
                Some(Err(e)) => Err(e),
                None => Err(GraphError::Malformed(
                    "$batch reply has no answer for this account".into(),
                )),
            };
            (id.clone(), result)
        })
        .collect()
}

/// The application, service principal and accounts (`first`, by position) from a `$batch`'s
/// answers; each gets its own result, and one the reply does not answer is an error.
fn batch_answers(mut answers: Answers, first: &[String]) -> AppBundle {
    let application = match answers.remove("app") {
        Some(r) => r.and_then(|b| decode(&b, None, "application")),
        None => Err(GraphError::Malformed(
            "$batch reply has no answer for the application".into(),
        )),
    };
    let service_principal = match answers.remove("sp") {
        Some(Ok(b)) => decode(&b, None, "service principal").map(Some),
        Some(Err(GraphError::Api { status: 404, .. })) => Ok(None),
        Some(Err(e)) => Err(e),
        None => Err(GraphError::Malformed(
            "$batch reply has no answer for the service principal".into(),
        )),
    };
    let users = user_answers(&mut answers, first);
    AppBundle {
        application,
        service_principal,
        users,
    }
}

/// Reads a `$batch` reply for the application, its service principal and `first` accounts as
/// [`GraphClient::app_bundle`] does, from canned bytes: the entry point of the Graph-reply
/// fuzz target.
#[doc(hidden)]
pub fn read_bundle_reply(body: &[u8], first: &[String]) -> Result<AppBundle, GraphError> {
    let answers = super::batch::read_reply(body)?
        .into_iter()
        .map(|(id, item)| (id, super::batch::answer(item)))
        .collect();
    Ok(batch_answers(answers, first))
}

/// Reads a page of `T` (`value` and `@odata.nextLink`) as the paged reads do.
#[doc(hidden)]
pub fn read_page<T: DeserializeOwned>(body: &[u8]) -> Result<(Vec<T>, Option<String>), GraphError> {
    let page: Page<T> = decode(body, Some("application/json"), "page")?;
    Ok((page.value, page.next_link))
}

/// Decodes a JSON body, naming the field that did not fit.
pub fn decode<T: DeserializeOwned>(
    body: &[u8],
    content_type: Option<&str>,
    what: &str,
) -> Result<T, GraphError> {
    serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_slice(body)).map_err(|e| {
        let at = match e.path().to_string().as_str() {
            "." => String::new(),
            p => format!(" (field {p})"),
        };
        GraphError::malformed(what, content_type, body, format!("{}{at}", e.inner()))
    })
}

/// A successful Graph reply.
struct Reply {
    content_type: Option<String>,
    body: Vec<u8>,
}

impl Reply {
    fn decode<T: DeserializeOwned>(&self, what: &str) -> Result<T, GraphError> {
        decode(&self.body, self.content_type.as_deref(), what)
    }
}

/// A Graph error reply as a `GraphError::Api`, reading the envelope when there is one.
pub fn api_error(status: u16, body: &[u8]) -> GraphError {
    match serde_json::from_slice::<GraphErrorBody>(body) {
        Ok(b) => GraphError::Api {
            status,
            code: b.error.code,
            message: b.error.message,
        },
        Err(_) => {
            let snippet: String = String::from_utf8_lossy(&body[..body.len().min(120)])
                .chars()
                .filter(|c| !c.is_control())
                .collect();
            GraphError::Api {
                status,
                code: String::new(),
                message: format!(
                    "unreadable error body ({} bytes, starts {:?})",
                    body.len(),
                    snippet.trim()
                ),
            }
        }
    }
}
