//! Whole-directory reads for discovery: every application (paged at 999, as Graph allows) and
//! every service principal, with the tenant's monitor credential. Each page's
//! `@odata.nextLink` must stay on the Graph host.

use super::api::{Page, MAX_PAGES};
use super::error::GraphError;
use super::GraphClient;
use crate::observed::policies::{secret_rules, AppPolicy, DefaultPolicy, SecretRules};
use crate::observed::Application;
use crate::targets::Secret;
use serde::Deserialize;

/// A service principal as the listing shows it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePrincipalSummary {
    /// Object id (what grants name as `clientId`).
    pub id: String,
    /// The application's client id.
    #[serde(default)]
    pub app_id: Option<String>,
    /// Display name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// The tenant that owns the application (Microsoft's own first-party apps have theirs).
    #[serde(default)]
    pub app_owner_organization_id: Option<String>,
}

impl GraphClient {
    /// Every item of a Graph collection, following `@odata.nextLink` on the Graph host.
    pub(super) async fn all_pages<T: serde::de::DeserializeOwned>(
        &self,
        tenant: &str,
        token: &Secret,
        first: String,
        what: &str,
    ) -> Result<Vec<T>, GraphError> {
        let mut url = first;
        let mut out = Vec::new();
        for _ in 0..MAX_PAGES {
            let page: Page<T> = self.get(tenant, token, &url, what).await?;
            if let Some(p) = &self.progress {
                p.page(what, page.value.len(), page.next_link.is_none());
            }
            out.extend(page.value);
            match page.next_link {
                Some(next) => url = self.same_origin(&next)?,
                None => return Ok(out),
            }
        }
        Err(GraphError::Malformed(format!(
            "{what}: more than {MAX_PAGES} pages"
        )))
    }

    /// Every app registration of the tenant with its credentials and configured permissions.
    pub async fn applications(
        &self,
        tenant: &str,
        token: &Secret,
    ) -> Result<Vec<Application>, GraphError> {
        let url = format!("{}/v1.0/applications?$select=id,appId,displayName,passwordCredentials,keyCredentials,requiredResourceAccess,web,spa,publicClient&$top=999", self.graph_url);
        self.all_pages(tenant, token, url, "applications page")
            .await
    }

    /// Every service principal of the tenant.
    pub async fn service_principals(
        &self,
        tenant: &str,
        token: &Secret,
    ) -> Result<Vec<ServicePrincipalSummary>, GraphError> {
        let url = format!(
            "{}/v1.0/servicePrincipals?$select=id,appId,displayName,appOwnerOrganizationId&$top=999",
            self.graph_url
        );
        self.all_pages(tenant, token, url, "servicePrincipals page")
            .await
    }

    /// What the tenant's app management policies allow for a new client secret of
    /// `client_id`: its own policies (if assigned) or else the tenant default, for an app
    /// created when it was. Needs Policy.Read.All and Application.Read.All.
    pub async fn secret_rules(
        &self,
        tenant: &str,
        token: &Secret,
        client_id: &str,
    ) -> Result<SecretRules, GraphError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Object {
            id: String,
            #[serde(default)]
            created_date_time: Option<chrono::DateTime<chrono::Utc>>,
        }
        let base = &self.graph_url;
        let app: Object = self
            .get(
                tenant,
                token,
                &format!(
                    "{base}/v1.0/applications(appId='{client_id}')?$select=id,createdDateTime"
                ),
                "application",
            )
            .await?;
        let own: Page<AppPolicy> = self
            .get(
                tenant,
                token,
                &format!("{base}/v1.0/applications/{}/appManagementPolicies", app.id),
                "the app's management policies",
            )
            .await?;
        let default: DefaultPolicy = self
            .get(
                tenant,
                token,
                &format!("{base}/v1.0/policies/defaultAppManagementPolicy"),
                "the default app management policy",
            )
            .await?;
        Ok(secret_rules(
            Some(&default),
            &own.value,
            app.created_date_time,
        ))
    }
}
