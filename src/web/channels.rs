//! Alert channels managed on the dashboard: a form per kind's fields, parsed by the channel's
//! own parse (its field errors shown next to each field), sealed in the store, and the channels
//! in use merged again after each save or delete.

use super::auth::Ctx;
use super::error::WebError;
use super::views::manage::{self as forms, Field, FormPage};
use super::WebState;
use crate::accounts::Role;
use crate::alerts::channel::ChannelDraft;
use actix_web::web;
use chrono::Utc;
use maud::Markup;
use std::collections::HashMap;

fn words(s: &str) -> Option<Vec<String>> {
    let v: Vec<String> = s
        .split([' ', ',', ';'])
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect();
    (!v.is_empty()).then_some(v)
}

fn channel_fields(
    l: crate::explain::Lang,
    v: &HashMap<String, String>,
    errors: &HashMap<String, String>,
    stored: bool,
) -> Vec<Field> {
    let get = |k: &str| v.get(k).cloned().unwrap_or_default();
    let f = |name: &'static str, label: &str, kind: &'static str, help: &str| Field {
        name,
        label: label.into(),
        value: if kind == "password" {
            String::new()
        } else {
            get(name)
        },
        kind,
        options: Vec::new(),
        help: help.into(),
        error: errors.get(name).cloned(),
        required: matches!(name, "name" | "kind"),
    };
    let keep = if stored {
        l.pick(
            "Stored; leave empty to keep it.",
            "Opgeslagen; laat leeg om te houden.",
        )
    } else {
        ""
    };
    let mut kind = f("kind", l.pick("Kind", "Soort"), "select", "");
    kind.options = ["email", "webhook", "slack", "teams"]
        .iter()
        .map(|k| (k.to_string(), k.to_string()))
        .collect();
    let mut lang = f("language", l.pick("Language", "Taal"), "select", "");
    lang.options = vec![
        ("en".into(), "English".into()),
        ("nl".into(), "Nederlands".into()),
    ];
    let mut owners = f(
        "owners",
        l.pick(
            "Email: also to the app registration's owners",
            "E-mail: ook naar de eigenaren van de app-registratie",
        ),
        "select",
        l.pick(
            "Read from Graph (needs Application.Read.All).",
            "Gelezen uit Graph (vereist Application.Read.All).",
        ),
    );
    owners.options = vec![
        ("no".into(), l.pick("no", "nee").into()),
        ("yes".into(), l.pick("yes", "ja").into()),
    ];
    let mut tls = f(
        "tls",
        l.pick("Email: connection", "E-mail: verbinding"),
        "select",
        "",
    );
    tls.options = ["starttls", "tls", "none"]
        .iter()
        .map(|k| (k.to_string(), k.to_string()))
        .collect();
    vec![
        f("name", l.pick("Name", "Naam"), "text", ""),
        kind,
        lang,
        f(
            "tenants",
            l.pick("Only these tenants", "Alleen deze tenants"),
            "text",
            l.pick(
                "Tenant ids separated by spaces; empty: all.",
                "Tenant-ID's gescheiden door spaties; leeg: alle.",
            ),
        ),
        f(
            "apps",
            l.pick(
                "Only these app registrations",
                "Alleen deze app-registraties",
            ),
            "text",
            l.pick(
                "Client ids separated by spaces; empty: all.",
                "Client-ID's gescheiden door spaties; leeg: alle.",
            ),
        ),
        f(
            "smtp_host",
            l.pick("Email: SMTP server", "E-mail: SMTP-server"),
            "text",
            "",
        ),
        f(
            "smtp_port",
            l.pick("Email: port", "E-mail: poort"),
            "text",
            l.pick(
                "587 for starttls, 465 for tls, 25 for none.",
                "587 voor starttls, 465 voor tls, 25 voor none.",
            ),
        ),
        tls,
        f(
            "username",
            l.pick("Email: user name", "E-mail: gebruikersnaam"),
            "text",
            "",
        ),
        f(
            "password",
            l.pick("Email: password", "E-mail: wachtwoord"),
            "password",
            keep,
        ),
        f(
            "from",
            l.pick("Email: from", "E-mail: afzender"),
            "text",
            "",
        ),
        f(
            "to",
            l.pick("Email: to", "E-mail: ontvangers"),
            "text",
            l.pick(
                "Addresses separated by spaces or commas.",
                "Adressen gescheiden door spaties of komma's.",
            ),
        ),
        owners,
        f(
            "url",
            l.pick(
                "Webhook, Slack or Teams: URL",
                "Webhook, Slack of Teams: URL",
            ),
            "password",
            if stored {
                keep
            } else {
                l.pick(
                    "Encrypted; URLs with tokens are secrets.",
                    "Versleuteld; URL's met tokens zijn geheimen.",
                )
            },
        ),
        f(
            "secret",
            l.pick(
                "Webhook: signing secret (whsec_…)",
                "Webhook: ondertekengeheim (whsec_…)",
            ),
            "password",
            keep,
        ),
    ]
}

fn channel_page(
    ctx: &Ctx,
    id: Option<i64>,
    v: &HashMap<String, String>,
    errors: &HashMap<String, String>,
    error: Option<String>,
) -> Markup {
    let l = ctx.lang;
    let page = FormPage {
        title: l.pick("Alert channel", "Meldingskanaal").into(),
        action: id
            .map(|i| format!("/alerts/channels/{i}"))
            .unwrap_or_else(|| "/alerts/channels/new".into()),
        error,
        delete: id.map(|i| format!("/alerts/channels/{i}/delete")),
        delete_label: Some(
            l.pick("Yes, delete this channel", "Ja, verwijder dit kanaal")
                .into(),
        ),
        fields: channel_fields(l, v, errors, id.is_some()),
    };
    forms::form(ctx, &page)
}

/// GET /alerts/channels/new and /alerts/channels/{id}.
pub async fn channel_form(
    ctx: Ctx,
    id: Option<web::Path<i64>>,
    state: web::Data<WebState>,
) -> Result<Markup, WebError> {
    crate::web::blocking(move || {
        ctx.require(Role::Admin)?;
        let mut v: HashMap<String, String> = HashMap::new();
        if let Some(id) = &id {
            let (_, c) = state
                .store
                .channels()?
                .into_iter()
                .find(|(i, _)| i == &**id)
                .ok_or(WebError::NotFound)?;
            for (k, val) in [
                ("name", Some(c.name)),
                ("kind", Some(c.kind)),
                ("language", c.language),
                ("smtp_host", c.smtp_host),
                ("tls", c.tls),
                ("username", c.username),
                ("from", c.from),
            ] {
                v.insert(k.into(), val.unwrap_or_default());
            }
            v.insert(
                "smtp_port".into(),
                c.smtp_port.map(|p| p.to_string()).unwrap_or_default(),
            );
            v.insert("to".into(), c.to.unwrap_or_default().join(", "));
            v.insert(
                "owners".into(),
                if c.owners == Some(true) {
                    "yes".into()
                } else {
                    "no".into()
                },
            );
            v.insert("tenants".into(), c.tenants.unwrap_or_default().join(" "));
            v.insert("apps".into(), c.apps.unwrap_or_default().join(" "));
        }
        Ok(channel_page(
            &ctx,
            id.map(|i| *i),
            &v,
            &HashMap::new(),
            None,
        ))
    })
    .await
}

/// POST /alerts/channels/new and /alerts/channels/{id}: validated like the config file's.
pub async fn channel_save(
    ctx: Ctx,
    id: Option<web::Path<i64>>,
    form: web::Form<HashMap<String, String>>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    crate::web::blocking(move || {
        let s = ctx.require_post(Role::Admin, &form)?;
        let id = id.map(|i| *i);
        let old = match id {
            Some(i) => Some(
                state
                    .store
                    .channels()?
                    .into_iter()
                    .find(|(x, _)| *x == i)
                    .ok_or(WebError::NotFound)?
                    .1,
            ),
            None => None,
        };
        let get = |k: &str| {
            form.get(k)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let mut errors: HashMap<String, String> = HashMap::new();
        let port = match get("smtp_port") {
            None => None,
            Some(p) => match p.parse::<u16>() {
                Ok(p) => Some(p),
                Err(_) => {
                    errors.insert(
                        "smtp_port".into(),
                        ctx.lang
                            .pick("Not a port number.", "Geen poortnummer.")
                            .into(),
                    );
                    None
                }
            },
        };
        // Secrets left empty keep their stored values.
        let keep = |k: &str, stored: Option<String>| get(k).or(stored);
        let kind = get("kind").unwrap_or_default();
        let cfg = ChannelDraft {
            name: get("name").unwrap_or_default(),
            language: get("language"),
            tenants: get("tenants").as_deref().and_then(words),
            apps: get("apps").as_deref().and_then(words),
            smtp_host: get("smtp_host").filter(|_| kind == "email"),
            smtp_port: port.filter(|_| kind == "email"),
            tls: get("tls").filter(|_| kind == "email"),
            username: get("username").filter(|_| kind == "email"),
            password: keep("password", old.as_ref().and_then(|o| o.password.clone()))
                .filter(|_| kind == "email" && get("username").is_some()),
            from: get("from").filter(|_| kind == "email"),
            to: get("to")
                .as_deref()
                .and_then(words)
                .filter(|_| kind == "email"),
            owners: get("owners")
                .map(|o| o == "yes")
                .filter(|o| *o && kind == "email"),
            url: keep("url", old.as_ref().and_then(|o| o.url.clone())).filter(|_| kind != "email"),
            secret: keep("secret", old.as_ref().and_then(|o| o.secret.clone()))
                .filter(|_| kind == "webhook"),
            kind,
            ..Default::default()
        };
        if let Err(problems) = crate::alerts::channel::parse(&cfg, &|_| None) {
            for (field, p) in problems.iter() {
                errors
                    .entry(field.trim_end_matches("_env").to_string())
                    .or_insert_with(|| p.form_text(ctx.lang));
            }
        }
        if state.alerts.channels.is_declared(&cfg.name) {
            errors.insert(
                "name".into(),
                ctx.lang
                    .pick(
                        "A channel of the config file has this name.",
                        "Een kanaal uit het configuratiebestand heeft deze naam.",
                    )
                    .into(),
            );
        }
        let values: HashMap<String, String> =
            form.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        if !errors.is_empty() {
            return Ok(super::Reply::invalid(channel_page(
                &ctx, id, &values, &errors, None,
            )));
        }
        match state.store.save_channel(id, &cfg, &s.user.name, Utc::now()) {
            Ok(_) => {
                state.alerts.channels.reload(&state.store)?;
                Ok(super::see_other("/alerts?saved=1"))
            }
            Err(crate::store::StoreError::Invalid(m)) => Ok(super::Reply::invalid(channel_page(
                &ctx,
                id,
                &values,
                &HashMap::new(),
                Some(m),
            ))),
            Err(e) => Err(e.into()),
        }
    })
    .await
}

/// POST /alerts/channels/{id}/delete.
pub async fn channel_delete(
    ctx: Ctx,
    id: web::Path<i64>,
    form: web::Form<HashMap<String, String>>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    crate::web::blocking(move || {
        let s = ctx.require_post(Role::Admin, &form)?;
        if form.get("confirm").map(String::as_str) != Some("yes") {
            return Ok(super::see_other("/alerts"));
        }
        state.store.delete_channel(*id, &s.user.name, Utc::now())?;
        state.alerts.channels.reload(&state.store)?;
        Ok(super::see_other("/alerts"))
    })
    .await
}
