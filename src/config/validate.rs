//! Checking a loaded [`Config`]: every section's values, then each tenant, app registration and
//! mailbox through [`crate::input`], every problem named by its path in the file.

use super::{parse_duration, AppConfig, Config, ConfigError, TenantConfig};
use crate::input;
use crate::targets::{AppSpec, MailboxSpec, TenantSpec};
use std::collections::HashSet;

impl Config {
    /// `[monitor]` resolved: its client id and secret, when set; else what is wrong.
    pub fn monitor_app(
        &self,
        env: input::Env,
    ) -> Result<Option<(input::ClientId, crate::targets::Secret)>, Vec<String>> {
        let m = &self.monitor;
        let secret = input::secret(
            m.client_secret.as_deref(),
            m.client_secret_env.as_deref(),
            env,
        );
        let mut problems = Vec::new();
        let id = m.client_id.as_deref().map(|id| {
            input::ClientId::parse(id).ok_or_else(|| {
                problems.push(format!("monitor.client_id: {id:?} is not a GUID"));
            })
        });
        let secret = match secret {
            Ok(s) if m.certificate_file.is_some() || m.private_key_file.is_some() => {
                if s.is_some() {
                    problems.push(
                        "monitor.certificate_file: set a client secret or a certificate, not both"
                            .into(),
                    );
                    None
                } else {
                    monitor_certificate(m).map_err(|p| problems.push(p)).ok()
                }
            }
            Ok(s) => s,
            Err((on_var, p)) => {
                let field = if on_var {
                    input::Field::ClientSecretEnv
                } else {
                    input::Field::ClientSecret
                };
                problems.push(format!(
                    "monitor.{}: {}",
                    field.file_key(),
                    p.file_text(field)
                ));
                None
            }
        };
        match (id, secret) {
            (Some(Ok(id)), Some(s)) if problems.is_empty() => Ok(Some((id, s))),
            (Some(_), None) if problems.is_empty() => Err(vec![
                "monitor.client_secret_env: monitor.client_id is set, so its client_secret, client_secret_env or certificate_file is required".into(),
            ]),
            (None, Some(_)) => Err(vec!["monitor.client_id: a monitor secret is set without client_id".into()]),
            (None, None) if problems.is_empty() => Ok(None),
            _ => Err(problems),
        }
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
        if let Some(zone) = &self.server.time_zone {
            if let Err(e) = crate::web::views::clock::parse_zone(zone) {
                v.fail("server.time_zone", e);
            }
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
        if !self.schedule.discover.is_empty() {
            if let Err(e) = croner::Cron::new(&self.schedule.discover)
                .with_seconds_required()
                .parse()
            {
                v.fail(
                    "schedule.discover",
                    format!(
                        "{:?} is not a cron expression with seconds ({e}); example: \"0 30 6 * * *\"",
                        self.schedule.discover
                    ),
                );
            }
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
        if let Err(e) = self.monitor_app(env) {
            v.problems.extend(e);
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
        if let Some(patterns) = &t.exclude_apps {
            if patterns.iter().any(|p| p.trim().is_empty()) {
                self.fail(&format!("{at}.exclude_apps"), "a pattern is empty".into());
            }
        }
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
            secret_optional: false,
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
            expiry_only: false,
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

/// `[monitor]`'s certificate and key read from their files and checked to sign, as one PEM
/// text; else the problem, naming the key and the file.
fn monitor_certificate(m: &super::MonitorConfig) -> Result<crate::targets::Secret, String> {
    use crate::graph::assertion::{CertError, Certificate};
    let Some(cert_path) = m.certificate_file.as_deref() else {
        return Err("monitor.certificate_file: private_key_file is set, so certificate_file (the certificate's PEM file) is required".into());
    };
    let read = |key: &str, path: &str| {
        std::fs::read_to_string(path)
            .map_err(|e| format!("monitor.{key}: cannot read {path:?}: {e}"))
    };
    let mut pem = read("certificate_file", cert_path)?;
    if let Some(key_path) = m.private_key_file.as_deref() {
        pem.push('\n');
        pem.push_str(&read("private_key_file", key_path)?);
    }
    match Certificate::from_pem(&pem) {
        Ok(_) => Ok(crate::targets::Secret::new(pem)),
        Err(e @ (CertError::NoKey | CertError::NotRsa(_))) if m.private_key_file.is_some() => {
            Err(format!(
                "monitor.private_key_file: {:?}: {e}",
                m.private_key_file.as_deref().unwrap_or_default()
            ))
        }
        Err(e) => Err(format!("monitor.certificate_file: {cert_path:?}: {e}")),
    }
}
