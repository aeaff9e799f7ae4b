//! The simulator's mutable state: issued access and refresh tokens, counters and the request
//! log that tests read to prove, for example, that no call came before its `Retry-After`.

use super::scenario::{Scenario, SimApp, SimTenant, SimUser};
use base64::Engine;
use chrono::{DateTime, Utc};
use rand::distributions::Alphanumeric;
use rand::Rng;
use std::collections::HashMap;
use std::time::Instant;

/// Who an access token was issued to.
#[derive(Debug, Clone)]
pub enum Principal {
    /// App-only (client credentials), with the app's roles.
    App {
        /// Application permissions.
        roles: Vec<String>,
    },
    /// Delegated, for a user.
    User {
        /// Object id.
        user: String,
        /// Granted scopes.
        scopes: Vec<String>,
    },
}

/// An issued access token.
#[derive(Debug, Clone)]
pub struct AccessGrant {
    /// Index of the tenant.
    pub tenant: usize,
    /// Client id.
    pub client_id: String,
    /// For whom.
    pub principal: Principal,
}

/// An issued refresh token.
#[derive(Debug, Clone)]
pub struct RefreshGrant {
    /// Tenant index.
    pub tenant: usize,
    /// Client id.
    pub client_id: String,
    /// User object id.
    pub user: String,
    /// When issued (a revoked user's older tokens fail).
    pub issued_at: DateTime<Utc>,
    /// Still redeemable.
    pub valid: bool,
    /// First redeemed at (strict rotation with a grace window: redeemable until it closes).
    pub redeemed_at: Option<DateTime<Utc>>,
}

/// One request seen, for tests.
#[derive(Debug, Clone)]
pub struct LogEntry {
    /// Monotonic time of arrival.
    pub at: Instant,
    /// Method.
    pub method: String,
    /// Path and query.
    pub path: String,
    /// Status answered.
    pub status: u16,
    /// `Retry-After` answered, in seconds.
    pub retry_after: Option<f64>,
    /// Monotonic time of the answer.
    pub answered: Instant,
    /// A hash of the request's credentials and body: with method and path, tells one request
    /// (and its retries) from another to the same address (token requests differ only in
    /// their bodies, `/me` calls only in their bearer tokens).
    pub request_hash: u64,
}

/// What the request being answered says about its client.
#[derive(Debug, Clone, Default)]
pub struct RequestContext {
    /// `http://127.0.0.1:PORT`, or `https://…` behind a proxy that says so.
    pub base: String,
    /// The token request asked for `client_info=1` (MSAL does).
    pub client_info: bool,
    /// Its `client-request-id` header: the sign-in record's `correlationId`.
    pub client_request_id: Option<String>,
    /// Its `User-Agent`.
    pub user_agent: String,
}

/// Everything the simulator knows and has done.
pub struct SimState {
    /// The scenario, as loaded (users and apps may be changed by tests).
    pub scenario: Scenario,
    /// When the simulator started: relative expiries count from here.
    pub started: DateTime<Utc>,
    /// Admin consents to the monitor app, by tenant index: when their roles reach tokens.
    pub consents: HashMap<usize, DateTime<Utc>>,
    /// Access tokens.
    pub access: HashMap<String, AccessGrant>,
    /// Refresh tokens.
    pub refresh: HashMap<String, RefreshGrant>,
    /// How many matching requests each fault has seen.
    pub fault_hits: Vec<u64>,
    /// Every request.
    pub log: Vec<LogEntry>,
    /// The items of every `$batch`, in order: each item's URL and the status it answered.
    pub batches: Vec<Vec<(String, u16)>>,
    /// The sign-in log: the simulated applications' polls and every token request.
    pub signins: Vec<super::signins::SimSignIn>,
    /// When each app's consumer polls next, by (tenant, client id).
    pub consumer_next: HashMap<(usize, String), DateTime<Utc>>,
    /// Reporting API calls in the last 10 s, by (tenant, calling client id).
    pub report_calls: HashMap<(usize, String), Vec<std::time::Instant>>,
    /// The request being answered: the base URL it came to (scheme as the client saw it,
    /// behind a proxy too) and whether it asked for `client_info`.
    pub request: RequestContext,
    /// Requests in flight now, and the most ever.
    pub in_flight: (usize, usize),
    /// Authorization codes issued by the sign-in page.
    pub codes: HashMap<String, AuthCode>,
    /// Device-code sign-ins in progress, by device code.
    pub devices: HashMap<String, DeviceAuth>,
    /// Redemptions of a refresh token already redeemed, inside the rotation grace window: each
    /// is a reply the caller lost (killed before it stored the new token).
    pub grace_redemptions: u64,
}

/// A device-code sign-in.
#[derive(Debug, Clone)]
pub struct DeviceAuth {
    /// Tenant index.
    pub tenant: usize,
    /// Client id.
    pub client_id: String,
    /// The code the person types.
    pub user_code: String,
    /// Scopes asked for.
    pub scopes: Vec<String>,
    /// Who signed in, once someone has.
    pub approved_user: Option<String>,
    /// The person declined.
    pub declined: bool,
}

/// An authorization code waiting to be redeemed.
#[derive(Debug, Clone)]
pub struct AuthCode {
    /// Tenant index.
    pub tenant: usize,
    /// Client id.
    pub client_id: String,
    /// Who signed in.
    pub user: String,
    /// Scopes asked for.
    pub scopes: Vec<String>,
    /// PKCE S256 challenge.
    pub challenge: Option<String>,
    /// Where the code was sent.
    pub redirect_uri: String,
    /// Redeemed already.
    pub used: bool,
}

impl SimState {
    /// State for a scenario, with its seeded refresh tokens.
    pub fn new(scenario: Scenario) -> SimState {
        let started = Utc::now();
        let mut refresh = HashMap::new();
        for (ti, t) in scenario.tenants.iter().enumerate() {
            for a in &t.apps {
                for l in &a.links {
                    refresh.insert(
                        l.refresh_token.clone(),
                        RefreshGrant {
                            tenant: ti,
                            client_id: a.client_id.to_ascii_lowercase(),
                            user: l.user.to_ascii_lowercase(),
                            issued_at: started - chrono::Duration::days(1),
                            valid: true,
                            redeemed_at: None,
                        },
                    );
                }
            }
        }
        let consented: Vec<usize> = (0..scenario.tenants.len())
            .filter(|&i| scenario.tenants[i].monitor_consented)
            .collect();
        let mut state = SimState {
            fault_hits: vec![0; scenario.faults.len()],
            scenario,
            started,
            consents: HashMap::new(),
            access: HashMap::new(),
            refresh,
            log: Vec::new(),
            batches: Vec::new(),
            signins: Vec::new(),
            consumer_next: HashMap::new(),
            report_calls: HashMap::new(),
            request: RequestContext::default(),
            in_flight: (0, 0),
            codes: HashMap::new(),
            devices: HashMap::new(),
            grace_redemptions: 0,
        };
        for ti in consented {
            super::consent::consent(&mut state, ti, chrono::Duration::zero());
        }
        state
    }

    /// The tenant named in a URL, by domain or GUID.
    pub fn tenant(&self, name: &str) -> Option<usize> {
        (0..self.scenario.tenants.len()).find(|&i| {
            self.scenario.tenants[i].id.eq_ignore_ascii_case(name)
                || self.tenant_guid(i).eq_ignore_ascii_case(name)
        })
    }

    /// A tenant by index.
    pub fn tenant_at(&self, i: usize) -> &SimTenant {
        &self.scenario.tenants[i]
    }

    /// A tenant's GUID: the scenario's, or one derived from its domain (Entra's `tid` is always
    /// a GUID).
    pub fn tenant_guid(&self, i: usize) -> String {
        let t = self.tenant_at(i);
        t.guid.clone().unwrap_or_else(|| {
            use sha2::Digest;
            let h = sha2::Sha256::digest(t.id.to_ascii_lowercase().as_bytes());
            let mut b = [0u8; 16];
            b.copy_from_slice(&h[..16]);
            uuid::Builder::from_random_bytes(b).into_uuid().to_string()
        })
    }

    /// An app in a tenant.
    pub fn app(&self, tenant: usize, client_id: &str) -> Option<&SimApp> {
        self.scenario.tenants[tenant]
            .apps
            .iter()
            .find(|a| a.client_id.eq_ignore_ascii_case(client_id))
    }

    /// A user in a tenant.
    pub fn user(&self, tenant: usize, id: &str) -> Option<&SimUser> {
        self.scenario.tenants[tenant]
            .users
            .iter()
            .find(|u| u.id.eq_ignore_ascii_case(id) || u.upn.eq_ignore_ascii_case(id))
    }

    /// Issues an access token.
    pub fn issue_access(&mut self, grant: AccessGrant) -> String {
        // App-only tokens are JWTs, as Microsoft's: their `roles` and `tid` claims can be read.
        let token = match &grant.principal {
            Principal::App { roles } => {
                let b64 = |v: serde_json::Value| {
                    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
                };
                let tid = self.tenant_guid(grant.tenant);
                format!(
                    "{}.{}.{}",
                    b64(serde_json::json!({"typ": "JWT", "alg": "RS256", "kid": "sim"})),
                    b64(serde_json::json!({
                        "aud": "https://graph.microsoft.com",
                        "iss": format!("https://sts.windows.net/{tid}/"),
                        "tid": tid,
                        "appid": grant.client_id,
                        "idtyp": "app",
                        "roles": roles,
                        "uti": random(22),
                    })),
                    random(43)
                )
            }
            _ => format!("sim-at-{}", random(32)),
        };
        self.access.insert(token.clone(), grant);
        token
    }

    /// Issues a refresh token.
    pub fn issue_refresh(&mut self, tenant: usize, client_id: &str, user: &str) -> String {
        let token = format!("sim-rt-{}", random(48));
        self.refresh.insert(
            token.clone(),
            RefreshGrant {
                tenant,
                client_id: client_id.to_ascii_lowercase(),
                user: user.to_ascii_lowercase(),
                issued_at: Utc::now(),
                valid: true,
                redeemed_at: None,
            },
        );
        token
    }

    /// Mutable access to a user, for tests that change the world mid-run.
    pub fn user_mut(&mut self, id: &str) -> Option<&mut SimUser> {
        self.scenario
            .tenants
            .iter_mut()
            .flat_map(|t| t.users.iter_mut())
            .find(|u| u.id.eq_ignore_ascii_case(id) || u.upn.eq_ignore_ascii_case(id))
    }
}

/// A random alphanumeric string.
pub fn random(n: usize) -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(n)
        .map(char::from)
        .collect()
}
