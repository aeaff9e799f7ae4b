//! The one `Config`: defaults, then the TOML file, then `LINKWATCH_SECTION__KEY` environment
//! overrides. Validated once, with every problem named by its field path.

pub use crate::alerts::channel::ChannelDraft as ChannelConfig;
use crate::input;
pub use crate::input::parse_date;
use crate::targets::{AppSpec, MailboxSpec, TenantSpec};
use serde::Deserialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Why the configuration could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has wrong types.
    #[error("config file {path}: {message}")]
    Parse {
        /// The file.
        path: String,
        /// What the parser said, with line and field.
        message: String,
    },
    /// One or more fields are wrong.
    #[error("invalid configuration:\n  - {}", .0.join("\n  - "))]
    Invalid(Vec<String>),
}

/// The whole configuration.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Login and Graph base URLs.
    pub cloud: CloudConfig,
    /// The web server.
    pub server: ServerConfig,
    /// The database.
    pub storage: StorageConfig,
    /// When checks run.
    pub schedule: ScheduleConfig,
    /// Check thresholds and client limits.
    pub checks: ChecksConfig,
    /// Alert rules and channels.
    pub alerts: AlertsConfig,
    /// Tenants declared in the file.
    pub tenants: Vec<TenantConfig>,
}

/// Base URLs of the identity platform and Graph.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CloudConfig {
    /// e.g. `https://login.microsoftonline.com`.
    pub login_url: String,
    /// e.g. `https://graph.microsoft.com`.
    pub graph_url: String,
}

impl Default for CloudConfig {
    fn default() -> Self {
        CloudConfig {
            login_url: "https://login.microsoftonline.com".into(),
            graph_url: "https://graph.microsoft.com".into(),
        }
    }
}

/// The web server.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    /// Address to listen on.
    pub listen: String,
    /// The URL people reach linkwatch at, for links in alerts and OAuth redirects.
    pub public_url: Option<String>,
    /// Addresses of reverse proxies in front of linkwatch: from these peers the client's
    /// address is read from `X-Forwarded-For` (for the sign-in limit and the audit log).
    pub trusted_proxies: Vec<String>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            listen: "127.0.0.1:8080".into(),
            public_url: None,
            trusted_proxies: Vec::new(),
        }
    }
}

impl ServerConfig {
    /// The trusted proxies as addresses (validated by [`Config::validate`]).
    pub fn trusted_proxy_ips(&self) -> Vec<std::net::IpAddr> {
        self.trusted_proxies
            .iter()
            .filter_map(|p| p.parse().ok())
            .collect()
    }
}

/// The database.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StorageConfig {
    /// SQLite file.
    pub path: PathBuf,
    /// Days of history kept: cycles, superseded status changes and delivered or dead alerts
    /// older than this are deleted after each full cycle (a target's latest change is kept).
    /// 0 (the default) keeps everything.
    pub keep_days: u32,
}

impl Default for StorageConfig {
    fn default() -> Self {
        StorageConfig {
            path: "linkwatch.db".into(),
            keep_days: 0,
        }
    }
}

/// When checks run.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScheduleConfig {
    /// Cron expression with seconds.
    pub checks: String,
    /// Largest random delay before each target's check, in seconds.
    pub jitter_secs: u64,
}

impl Default for ScheduleConfig {
    fn default() -> Self {
        ScheduleConfig {
            checks: "0 */15 * * * *".into(),
            jitter_secs: 5,
        }
    }
}

/// Thresholds and client limits.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ChecksConfig {
    /// `secret_expiring` turns warning at this many days left.
    pub warn_days: i64,
    /// `secret_expiring` turns critical at this many days left.
    pub critical_days: i64,
    /// Failures in a row before a `probe_failed` alerts.
    pub probe_failed_after: u32,
    /// Requests in flight at once, all tenants together.
    pub concurrency: usize,
    /// Requests in flight at once per tenant.
    pub per_tenant_concurrency: usize,
    /// Timeout of one HTTP request.
    pub timeout_secs: u64,
    /// Largest response body read, in bytes.
    pub max_response_bytes: usize,
    /// Longest total wait for `Retry-After` on one request before giving up.
    pub retry_budget_secs: u64,
    /// Time all of one target's calls and waits may take in a cycle; past it the target is
    /// `probe_failed` for this cycle ("gave up after 20 s: …").
    pub target_budget_secs: u64,
    /// `consumer_idle` when the application has not signed in for a mailbox this long.
    pub consumer_idle_hours: i64,
}

impl Default for ChecksConfig {
    fn default() -> Self {
        ChecksConfig {
            warn_days: 30,
            critical_days: 7,
            probe_failed_after: 3,
            concurrency: 16,
            per_tenant_concurrency: 4,
            timeout_secs: 30,
            max_response_bytes: 4 * 1024 * 1024,
            retry_budget_secs: 120,
            target_budget_secs: 20,
            consumer_idle_hours: 24,
        }
    }
}

/// Alert rules; channels are validated by the alerts module.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AlertsConfig {
    /// Reminder interval while a target stays critical.
    pub remind_every: String,
    /// Days before expiry at which to alert once.
    pub thresholds_days: Vec<i64>,
    /// Where alerts go.
    pub channels: Vec<ChannelConfig>,
    /// How often the delivery worker looks for due messages, in seconds.
    pub deliver_every_secs: u64,
    /// When the daily digest of open problems goes out (cron with seconds); empty: never.
    pub digest: String,
    /// How long a claimed message is left to its sender before another may retry it.
    pub lease_secs: u64,
    /// Called (GET) after each full cycle, and `{url}/fail` when a cycle could not run, so that
    /// an outside monitor (Healthchecks.io, Uptime Kuma push) notices when linkwatch stops.
    pub heartbeat_url: Option<String>,
}

impl Default for AlertsConfig {
    fn default() -> Self {
        AlertsConfig {
            remind_every: "24h".into(),
            thresholds_days: vec![30, 14, 7, 3, 1],
            channels: Vec::new(),
            deliver_every_secs: 15,
            digest: "0 0 8 * * *".into(),
            lease_secs: 120,
            heartbeat_url: None,
        }
    }
}

/// `[[tenants]]`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct TenantConfig {
    /// GUID or verified domain.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Optional app-only credential for directory reads.
    #[serde(default)]
    pub monitor_client_id: Option<String>,
    /// Environment variable holding the monitor secret.
    #[serde(default)]
    pub monitor_client_secret_env: Option<String>,
    /// The monitor secret itself.
    #[serde(default)]
    pub monitor_client_secret: Option<String>,
    /// App registrations.
    #[serde(default)]
    pub apps: Vec<AppConfig>,
}

/// `[[tenants.apps]]`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AppConfig {
    /// The application (client) id.
    pub client_id: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Environment variable holding the client secret.
    #[serde(default)]
    pub client_secret_env: Option<String>,
    /// The client secret itself.
    #[serde(default)]
    pub client_secret: Option<String>,
    /// Delegated scopes each mailbox needs.
    #[serde(default)]
    pub required_scopes: Option<Vec<String>>,
    /// `YYYY-MM-DD` or RFC 3339.
    #[serde(default)]
    pub secret_expires: Option<String>,
    /// Who uses this app.
    #[serde(default)]
    pub consumer: Option<ConsumerConfig>,
    /// Linked mailboxes.
    #[serde(default)]
    pub mailboxes: Vec<MailboxConfig>,
}

/// `consumer = { kind, name, url }`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ConsumerConfig {
    /// econobis | imagecapture | generic.
    pub kind: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Where it runs.
    #[serde(default)]
    pub url: Option<String>,
}

/// `[[tenants.apps.mailboxes]]`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct MailboxConfig {
    /// SMTP address.
    pub address: String,
    /// The account's object id.
    pub object_id: String,
    /// Scopes, when they differ from the app's.
    #[serde(default)]
    pub required_scopes: Option<Vec<String>>,
}

/// Environment variables that are not config overrides.
const NOT_OVERRIDES: [&str; 3] = ["LINKWATCH_KEY", "LINKWATCH_KEY_FILE", "LINKWATCH_CONFIG"];

impl Config {
    /// Loads the file (when it exists or was named) and applies `LINKWATCH_*` overrides.
    ///
    /// `explicit` says whether the path was asked for: a missing default file means "defaults".
    pub fn load(path: &Path, explicit: bool) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => String::new(),
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.into(),
                    source,
                })
            }
        };
        let env: Vec<(String, String)> = std::env::vars().collect();
        Config::from_toml(&text, &path.display().to_string(), &env)
    }

    /// Parses TOML text and applies overrides from the given environment.
    pub fn from_toml(
        text: &str,
        origin: &str,
        env: &[(String, String)],
    ) -> Result<Config, ConfigError> {
        let parse_err = |message: String| ConfigError::Parse {
            path: origin.to_string(),
            message,
        };
        let mut table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| parse_err(e.to_string()))?;
        apply_env_overrides(&mut table, env).map_err(parse_err)?;
        toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| parse_err(e.to_string()))
    }

    /// Checks every field and resolves secrets; returns the declared tenants.
    pub fn validate(
        &self,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Vec<TenantSpec>, ConfigError> {
        let mut v = Validator::default();
        for (field, url) in [
            ("cloud.login_url", &self.cloud.login_url),
            ("cloud.graph_url", &self.cloud.graph_url),
        ] {
            v.url(field, url);
        }
        for (i, p) in self.server.trusted_proxies.iter().enumerate() {
            if p.parse::<std::net::IpAddr>().is_err() {
                v.fail(
                    &format!("server.trusted_proxies[{i}]"),
                    format!("{p:?} is not an IP address such as 127.0.0.1"),
                );
            }
        }
        if let Some(url) = &self.server.public_url {
            v.url("server.public_url", url);
        }
        if self.server.listen.parse::<std::net::SocketAddr>().is_err() {
            v.fail(
                "server.listen",
                format!(
                    "{:?} is not an address such as 127.0.0.1:8080",
                    self.server.listen
                ),
            );
        }
        if let Err(e) = croner::Cron::new(&self.schedule.checks)
            .with_seconds_required()
            .parse()
        {
            v.fail(
                "schedule.checks",
                format!(
                    "{:?} is not a cron expression with seconds ({e}); example: \"0 */15 * * * *\"",
                    self.schedule.checks
                ),
            );
        }
        if (1..7).contains(&self.storage.keep_days) {
            v.fail(
                "storage.keep_days",
                format!(
                    "{} is too short: keep at least 7 days, or 0 to keep everything",
                    self.storage.keep_days
                ),
            );
        }
        let c = &self.checks;
        if c.critical_days < 0 || c.warn_days < c.critical_days {
            v.fail(
                "checks.warn_days",
                format!(
                    "must be at least checks.critical_days ({}) and not negative",
                    c.critical_days
                ),
            );
        }
        for (field, n) in [
            ("checks.probe_failed_after", c.probe_failed_after as usize),
            ("checks.concurrency", c.concurrency),
            ("checks.per_tenant_concurrency", c.per_tenant_concurrency),
            ("checks.timeout_secs", c.timeout_secs as usize),
            ("checks.target_budget_secs", c.target_budget_secs as usize),
            (
                "checks.consumer_idle_hours",
                c.consumer_idle_hours.max(0) as usize,
            ),
        ] {
            if n == 0 {
                v.fail(field, "must be at least 1".into());
            }
        }
        if let Some(u) = self
            .alerts
            .heartbeat_url
            .as_deref()
            .filter(|u| !u.trim().is_empty())
        {
            let ok = url::Url::parse(u.trim())
                .is_ok_and(|p| matches!(p.scheme(), "http" | "https") && p.host().is_some());
            if !ok {
                v.fail(
                    "alerts.heartbeat_url",
                    "must be an http(s) URL, e.g. \"https://hc-ping.com/<uuid>\"".into(),
                );
            }
        }
        if !self.alerts.digest.is_empty() {
            if let Err(e) = croner::Cron::new(&self.alerts.digest)
                .with_seconds_required()
                .parse()
            {
                v.fail("alerts.digest", format!("{:?} is not a cron expression with seconds ({e}); example: \"0 0 8 * * *\"", self.alerts.digest));
            }
        }
        if parse_duration(&self.alerts.remind_every).is_none() {
            v.fail(
                "alerts.remind_every",
                format!(
                    "{:?} is not a duration such as 24h, 30m or 2d",
                    self.alerts.remind_every
                ),
            );
        }
        let tenants = self
            .tenants
            .iter()
            .enumerate()
            .map(|(i, t)| v.tenant(i, t, env))
            .collect();
        v.finish(tenants)
    }
}

/// Parses `90s`, `30m`, `24h`, `2d` into seconds.
pub fn parse_duration(s: &str) -> Option<u64> {
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit())?);
    let n: u64 = num.parse().ok()?;
    let mult = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86400,
        _ => return None,
    };
    (n > 0).then_some(n * mult)
}

fn apply_env_overrides(table: &mut toml::Table, env: &[(String, String)]) -> Result<(), String> {
    for (name, value) in env {
        let Some(rest) = name.strip_prefix("LINKWATCH_") else {
            continue;
        };
        if NOT_OVERRIDES.contains(&name.as_str()) {
            continue;
        }
        let Some((section, key)) = rest.split_once("__") else {
            continue;
        };
        let (section, key) = (section.to_ascii_lowercase(), key.to_ascii_lowercase());
        // A value that parses as TOML keeps its type (numbers, arrays); anything else is a string.
        let parsed = format!("v = {value}")
            .parse::<toml::Table>()
            .ok()
            .and_then(|mut t| t.remove("v"))
            .unwrap_or_else(|| toml::Value::String(value.clone()));
        let entry = table
            .entry(section.clone())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        let toml::Value::Table(section_table) = entry else {
            return Err(format!("{name}: [{section}] is not a table"));
        };
        section_table.insert(key, parsed);
    }
    Ok(())
}

#[derive(Default)]
struct Validator {
    problems: Vec<String>,
}

impl Validator {
    fn fail(&mut self, field: &str, msg: String) {
        self.problems.push(format!("{field}: {msg}"));
    }

    fn url(&mut self, field: &str, value: &str) {
        match url::Url::parse(value) {
            Ok(u) if u.scheme() == "https" || u.scheme() == "http" => {}
            _ => self.fail(field, format!("{value:?} is not an http(s) URL")),
        }
    }

    /// Records a draft's field errors under `at` (`tenants[0].apps[1]`).
    fn fields(&mut self, at: &str, errors: input::FieldErrors) {
        for (field, problem) in errors.iter() {
            self.fail(
                &format!("{at}.{}", field.file_key()),
                problem.file_text(*field),
            );
        }
    }

    fn tenant(&mut self, i: usize, t: &TenantConfig, env: input::Env) -> TenantSpec {
        let at = format!("tenants[{i}]");
        let draft = input::TenantDraft {
            tenant_id: &t.id,
            name: t.name.as_deref(),
            monitor_client_id: t.monitor_client_id.as_deref(),
            monitor_secret: input::SecretDraft {
                value: t.monitor_client_secret.as_deref(),
                env_var: t.monitor_client_secret_env.as_deref(),
                stored: false,
            },
        };
        let parsed = input::tenant(&draft, env)
            .map_err(|e| self.fields(&at, e))
            .ok();
        let mut seen = HashSet::new();
        let apps = t
            .apps
            .iter()
            .enumerate()
            .filter_map(|(j, a)| {
                let field = format!("{at}.apps[{j}]");
                if !seen.insert(a.client_id.to_ascii_lowercase()) {
                    self.fail(
                        &format!("{field}.client_id"),
                        format!("{} is declared twice in this tenant", a.client_id),
                    );
                }
                self.app(&field, a, env)
            })
            .collect();
        let Some(parsed) = parsed else {
            return TenantSpec {
                id: 0,
                from_config: true,
                tenant_id: t.id.clone(),
                name: t.id.clone(),
                monitor: None,
                apps,
            };
        };
        TenantSpec {
            id: 0,
            from_config: true,
            tenant_id: parsed.tenant_id.into(),
            name: parsed.name,
            monitor: parsed
                .monitor_client_id
                .zip(parsed.monitor_secret)
                .map(|(id, s)| (id.into(), s)),
            apps,
        }
    }

    fn app(&mut self, at: &str, a: &AppConfig, env: input::Env) -> Option<AppSpec> {
        let draft = input::AppDraft {
            client_id: &a.client_id,
            name: a.name.as_deref(),
            secret: input::SecretDraft {
                value: a.client_secret.as_deref(),
                env_var: a.client_secret_env.as_deref(),
                stored: false,
            },
            secret_expires: a.secret_expires.as_deref(),
            consumer_kind: a.consumer.as_ref().map(|c| c.kind.as_str()),
            consumer_name: a.consumer.as_ref().and_then(|c| c.name.as_deref()),
            consumer_url: a.consumer.as_ref().and_then(|c| c.url.as_deref()),
            required_scopes: a
                .required_scopes
                .as_ref()
                .map(|s| s.iter().map(String::as_str).collect()),
        };
        let parsed = input::app(&draft, env).map_err(|e| self.fields(at, e)).ok();
        let mut seen = HashSet::new();
        let mailboxes = a
            .mailboxes
            .iter()
            .enumerate()
            .filter_map(|(k, m)| {
                let field = format!("{at}.mailboxes[{k}]");
                if !seen.insert(m.address.to_ascii_lowercase()) {
                    self.fail(
                        &format!("{field}.address"),
                        format!("{} is declared twice for this app", m.address),
                    );
                }
                let draft = input::MailboxDraft {
                    address: &m.address,
                    object_id: &m.object_id,
                    required_scopes: m
                        .required_scopes
                        .as_ref()
                        .map(|s| s.iter().map(String::as_str).collect()),
                };
                let m = input::mailbox(&draft)
                    .map_err(|e| self.fields(&field, e))
                    .ok()?;
                Some(MailboxSpec {
                    id: 0,
                    from_config: true,
                    address: m.address.into(),
                    object_id: m.object_id.into(),
                    required_scopes: m.required_scopes.map(strings),
                    link: None,
                })
            })
            .collect();
        let a = parsed?;
        Some(AppSpec {
            id: 0,
            from_config: true,
            client_id: a.client_id.into(),
            name: a.name,
            client_secret: a.client_secret,
            secret_expires: a.secret_expires,
            required_scopes: strings(a.required_scopes),
            consumer: a.consumer,
            mailboxes,
        })
    }

    fn finish(self, tenants: Vec<TenantSpec>) -> Result<Vec<TenantSpec>, ConfigError> {
        if self.problems.is_empty() {
            Ok(tenants)
        } else {
            Err(ConfigError::Invalid(self.problems))
        }
    }
}

/// Scope names as the specs keep them.
fn strings(scopes: Vec<input::Scope>) -> Vec<String> {
    scopes.into_iter().map(String::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
        [checks]
        warn_days = 20
        [[tenants]]
        id = "contoso.onmicrosoft.com"
        [[tenants.apps]]
        client_id = "46e6adf4-a9cf-4b60-9390-0ba6fb00bf6b"
        client_secret_env = "APP_SECRET"
        consumer = { kind = "econobis" }
        [[tenants.apps.mailboxes]]
        address = "info@contoso.nl"
        object_id = "87d349ed-44d7-43e1-9a83-5f2406dee5bd"
    "#;

    fn env_with_secret(name: &str) -> Option<String> {
        (name == "APP_SECRET").then(|| "s3cret-value".to_string())
    }

    #[test]
    fn good_file_validates_with_defaults() {
        let cfg = Config::from_toml(GOOD, "test", &[]).unwrap();
        assert_eq!(cfg.checks.warn_days, 20);
        assert_eq!(cfg.checks.critical_days, 7);
        assert_eq!(
            cfg.storage.keep_days, 0,
            "history kept unless asked otherwise"
        );
        let tenants = cfg.validate(&env_with_secret).unwrap();
        let app = &tenants[0].apps[0];
        assert_eq!(app.client_secret.as_ref().unwrap().expose(), "s3cret-value");
        assert!(app
            .required_scopes
            .contains(&"Mail.Send.Shared".to_string()));
    }

    #[test]
    fn env_overrides_keep_types() {
        let env = vec![
            ("LINKWATCH_CHECKS__WARN_DAYS".to_string(), "45".to_string()),
            (
                "LINKWATCH_SERVER__LISTEN".to_string(),
                "0.0.0.0:9000".to_string(),
            ),
            ("LINKWATCH_KEY".to_string(), "ignored".to_string()),
        ];
        let cfg = Config::from_toml(GOOD, "test", &env).unwrap();
        assert_eq!(cfg.checks.warn_days, 45);
        assert_eq!(cfg.server.listen, "0.0.0.0:9000");
    }

    #[test]
    fn errors_name_the_field() {
        let cases = [
            (
                GOOD.replace("46e6adf4-a9cf-4b60-9390-0ba6fb00bf6b", "nope"),
                "tenants[0].apps[0].client_id: \"nope\" is not a GUID",
            ),
            (
                GOOD.replace("info@contoso.nl", "info"),
                "tenants[0].apps[0].mailboxes[0].address",
            ),
            (
                GOOD.replace("APP_SECRET", "MISSING_VAR"),
                "tenants[0].apps[0].client_secret_env: environment variable MISSING_VAR",
            ),
            (
                GOOD.replace("econobis", "exchange"),
                "tenants[0].apps[0].consumer.kind",
            ),
            (
                GOOD.replace("warn_days = 20", "warn_days = 3"),
                "checks.warn_days",
            ),
            (
                format!("[schedule]\nchecks = \"every minute\"\n{GOOD}"),
                "schedule.checks",
            ),
            (
                format!("[storage]\nkeep_days = 3\n{GOOD}"),
                "storage.keep_days: 3 is too short",
            ),
            (
                format!("[server]\ntrusted_proxies = [\"127.0.0.1\", \"nginx\"]\n{GOOD}"),
                "server.trusted_proxies[1]: \"nginx\" is not an IP address",
            ),
        ];
        for (text, want) in cases {
            let err = Config::from_toml(&text, "t", &[])
                .unwrap()
                .validate(&env_with_secret)
                .unwrap_err()
                .to_string();
            assert!(err.contains(want), "want {want:?} in {err}");
        }
    }

    #[test]
    fn unknown_keys_and_wrong_types_are_parse_errors() {
        let err = Config::from_toml("[checks]\nwarn_dayz = 3", "f.toml", &[])
            .unwrap_err()
            .to_string();
        assert!(err.contains("warn_dayz"), "{err}");
        let err = Config::from_toml("[checks]\nwarn_days = \"soon\"", "f.toml", &[])
            .unwrap_err()
            .to_string();
        assert!(err.contains("warn_days"), "{err}");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("24h"), Some(86400));
        assert_eq!(parse_duration("30m"), Some(1800));
        assert_eq!(parse_duration("x"), None);
        assert_eq!(parse_duration("0h"), None);
    }
}
