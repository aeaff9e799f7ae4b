//! The one `Config`: defaults, then the TOML file, then `LINKWATCH_SECTION__KEY` environment
//! overrides. Validated once, with every problem named by its field path.

mod tenants;
mod validate;

pub use crate::alerts::channel::ChannelDraft as ChannelConfig;
pub use crate::input::parse_date;
use serde::Deserialize;
use std::path::{Path, PathBuf};
pub use tenants::{AppConfig, ConsumerConfig, MailboxConfig, TenantConfig};

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
    /// linkwatch's own multi-tenant monitor app, for connecting tenants with one consent.
    pub monitor: MonitorConfig,
    /// Tenants declared in the file.
    pub tenants: Vec<TenantConfig>,
}

/// `[monitor]`: linkwatch's own app registration (multi-tenant) that admins consent to.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct MonitorConfig {
    /// Its application (client) id.
    pub client_id: Option<String>,
    /// Its client secret.
    pub client_secret: Option<String>,
    /// The environment variable holding its client secret.
    pub client_secret_env: Option<String>,
    /// Instead of a secret: a PEM file with its certificate (and the private key, unless
    /// `private_key_file` is set). Microsoft recommends certificates over secrets.
    pub certificate_file: Option<String>,
    /// The PEM file with the certificate's private key (RSA), when not in `certificate_file`.
    pub private_key_file: Option<String>,
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
    /// The time zone the dashboard shows times in, unless an account chose its own (a name of
    /// the time-zone database, such as Europe/Amsterdam; default UTC).
    pub time_zone: Option<String>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            listen: "127.0.0.1:8080".into(),
            public_url: None,
            trusted_proxies: Vec::new(),
            time_zone: None,
        }
    }
}

impl ServerConfig {
    /// Where the dashboard is reached, without a trailing `/`: `public_url`, else
    /// `http://{listen}`.
    pub fn base_url(&self) -> String {
        match &self.public_url {
            Some(u) => u.trim_end_matches('/').to_string(),
            None => format!("http://{}", self.listen),
        }
    }

    /// Why `serve` cannot run on these settings: a listen address other than loopback needs a
    /// `public_url`, since links in alerts and OAuth redirects are built from it.
    pub fn public_url_problem(&self) -> Option<String> {
        if self.public_url.is_some() {
            return None;
        }
        let host = self
            .listen
            .rsplit_once(':')
            .map(|(h, _)| h)
            .unwrap_or(&self.listen)
            .trim_start_matches('[')
            .trim_end_matches(']');
        let loopback = host.eq_ignore_ascii_case("localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        (!loopback).then(|| {
            format!(
                "server.public_url: is required when the dashboard listens on {} (not a loopback address): links in alerts and sign-in redirects are built from it, never from a request's Host header",
                self.listen
            )
        })
    }

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
    /// When discovery reads every tenant again and notices new mail apps (cron with seconds);
    /// empty: never.
    pub discover: String,
}

impl Default for ScheduleConfig {
    fn default() -> Self {
        ScheduleConfig {
            checks: "0 */15 * * * *".into(),
            jitter_secs: 5,
            discover: "0 30 6 * * *".into(),
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
    /// Whether channels set up in the dashboard may send to loopback, private, link-local,
    /// shared or unique-local addresses (an internal SMTP relay). Channels in this file always
    /// may.
    pub allow_private_destinations: bool,
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
            allow_private_destinations: false,
        }
    }
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

#[cfg(test)]
mod monitor_tests {
    use super::*;

    fn fixture(name: &str) -> String {
        format!(
            "{}/tests/fixtures/certificates/{name}",
            env!("CARGO_MANIFEST_DIR")
        )
    }

    fn monitor(body: &str) -> Result<Option<String>, Vec<String>> {
        let text =
            format!("[monitor]\nclient_id = \"d0000000-0000-4000-8000-0000000000ff\"\n{body}");
        let cfg = Config::from_toml(&text, "test", &[]).unwrap();
        let none = |_: &str| None;
        cfg.monitor_app(&none)
            .map(|m| m.map(|(_, s)| s.expose().to_string()))
    }

    #[test]
    fn a_monitor_certificate_is_read_with_its_key_and_each_fault_is_named() {
        let pem = monitor(&format!(
            "certificate_file = {:?}\nprivate_key_file = {:?}",
            fixture("monitor.crt"),
            fixture("monitor.key")
        ))
        .unwrap()
        .unwrap();
        assert!(crate::graph::assertion::is_certificate(&pem));
        assert!(crate::graph::assertion::Certificate::from_pem(&pem).is_ok());

        let fault = |body: String| monitor(&body).unwrap_err().join("\n");
        let e = fault(format!("certificate_file = {:?}", fixture("monitor.crt")));
        assert!(
            e.starts_with("monitor.certificate_file:") && e.contains("no private key"),
            "{e}"
        );
        let e = fault(format!(
            "certificate_file = {:?}\nprivate_key_file = {:?}",
            fixture("other.crt"),
            fixture("monitor.key")
        ));
        assert!(e.contains("does not belong to the certificate"), "{e}");
        let e = fault(format!(
            "certificate_file = {:?}\nprivate_key_file = {:?}",
            fixture("monitor.crt"),
            fixture("ec.key")
        ));
        assert!(
            e.starts_with("monitor.private_key_file:") && e.contains("not an RSA key"),
            "{e}"
        );
        let e = fault(format!("certificate_file = {:?}", fixture("missing.crt")));
        assert!(
            e.contains("cannot read") && e.contains("missing.crt"),
            "{e}"
        );
        let e = fault(format!(
            "certificate_file = {:?}\nprivate_key_file = {:?}\nclient_secret = \"x\"",
            fixture("monitor.crt"),
            fixture("monitor.key")
        ));
        assert!(e.contains("not both"), "{e}");
        let e = fault(format!("private_key_file = {:?}", fixture("monitor.key")));
        assert!(
            e.contains("certificate_file") && e.contains("required"),
            "{e}"
        );
    }
}

#[cfg(test)]
mod time_zone_tests {
    use super::*;

    #[test]
    fn the_servers_time_zone_must_be_one_of_the_time_zone_database() {
        let none = |_: &str| None;
        let ok =
            Config::from_toml("[server]\ntime_zone = \"Europe/Amsterdam\"\n", "t", &[]).unwrap();
        assert!(ok.validate(&none).is_ok());
        let bad = Config::from_toml("[server]\ntime_zone = \"CEST\"\n", "t", &[]).unwrap();
        let e = bad.validate(&none).unwrap_err().to_string();
        assert!(
            e.contains("server.time_zone") && e.contains("Europe/Amsterdam"),
            "{e}"
        );
    }
}
