//! Alert channels managed on the dashboard: a form per kind's fields, parsed by the channel's
//! own parse (its field errors shown next to each field), sealed in the store, and the channels
//! in use merged again after each save or delete.

use super::auth::Ctx;
use super::error::WebError;
use super::WebState;
use crate::accounts::Role;
use crate::alerts::channel::ChannelDraft;
use actix_web::web;
use chrono::Utc;
use maud::Markup;
use std::collections::HashMap;

/// `?kind=` of a new channel.
#[derive(serde::Deserialize)]
pub struct KindQuery {
    kind: Option<String>,
}

/// The tenants (id, name) and app registrations (client id, name, tenant name) a channel can
/// be limited to: every tenant, and the apps watched as mail apps.
type Choices = (Vec<(String, String)>, Vec<(String, String, String)>);

fn choices(state: &WebState) -> Result<Choices, WebError> {
    let tenants = state.store.tenants()?;
    let mut apps = Vec::new();
    for t in &tenants {
        for a in state.store.apps_of_tenant(t.id)? {
            if !a.expiry_only {
                apps.push((a.client_id, a.name, t.name.clone()));
            }
        }
    }
    let tenants = tenants.into_iter().map(|t| (t.tenant_id, t.name)).collect();
    Ok((tenants, apps))
}

/// The secret fields of a kind.
fn secret_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        "email" => &["password"],
        "webhook" => &["url", "secret"],
        _ => &["url"],
    }
}

/// What the form shows again after a test or a refused save.
struct Shown {
    id: Option<i64>,
    kind: String,
    values: HashMap<String, String>,
    picked: (Vec<String>, Vec<String>),
    errors: HashMap<String, String>,
    error: Option<String>,
    sealed: Option<String>,
    kept: Vec<&'static str>,
}

fn render(
    ctx: &Ctx,
    state: &WebState,
    shown: &Shown,
    tested: Option<Result<String, String>>,
) -> Result<Markup, WebError> {
    let (tenants, apps) = choices(state)?;
    Ok(super::views::channels::channel_form(
        ctx,
        &super::views::channels::ChannelForm {
            id: shown.id,
            kind: &shown.kind,
            values: &shown.values,
            picked: (&shown.picked.0, &shown.picked.1),
            tenants: &tenants,
            apps: &apps,
            errors: &shown.errors,
            error: shown.error.clone(),
            tested,
            sealed: shown.sealed.clone(),
            kept: &shown.kept,
        },
    ))
}

/// GET /alerts/channels/new (the kind first, then its form) and /alerts/channels/{id}.
pub async fn channel_form(
    ctx: Ctx,
    id: Option<web::Path<i64>>,
    q: web::Query<KindQuery>,
    state: web::Data<WebState>,
) -> Result<Markup, WebError> {
    crate::web::blocking(move || {
        ctx.require(Role::Admin)?;
        let Some(id) = id.map(|i| *i) else {
            return match q
                .kind
                .as_deref()
                .filter(|k| super::views::channels::KINDS.contains(k))
            {
                None => Ok(super::views::channels::kind_chooser(&ctx)),
                Some(kind) => render(
                    &ctx,
                    &state,
                    &Shown {
                        id: None,
                        kind: kind.into(),
                        values: HashMap::new(),
                        picked: (Vec::new(), Vec::new()),
                        errors: HashMap::new(),
                        error: None,
                        sealed: None,
                        kept: Vec::new(),
                    },
                    None,
                ),
            };
        };
        let (_, c) = state
            .store
            .channels()?
            .into_iter()
            .find(|(i, _)| *i == id)
            .ok_or(WebError::NotFound)?;
        let mut v: HashMap<String, String> = HashMap::new();
        for (k, val) in [
            ("name", Some(c.name.clone())),
            ("language", c.language.clone()),
            ("smtp_host", c.smtp_host.clone()),
            ("tls", c.tls.clone()),
            ("username", c.username.clone()),
            ("from", c.from.clone()),
        ] {
            v.insert(k.into(), val.unwrap_or_default());
        }
        v.insert(
            "smtp_port".into(),
            c.smtp_port.map(|p| p.to_string()).unwrap_or_default(),
        );
        v.insert("to".into(), c.to.clone().unwrap_or_default().join(", "));
        v.insert(
            "owners".into(),
            if c.owners == Some(true) { "yes" } else { "no" }.into(),
        );
        let kept = secret_fields(&c.kind)
            .iter()
            .copied()
            .filter(|f| match *f {
                "password" => c.password.is_some(),
                "url" => c.url.is_some(),
                _ => c.secret.is_some(),
            })
            .collect();
        render(
            &ctx,
            &state,
            &Shown {
                id: Some(id),
                kind: c.kind.clone(),
                values: v,
                picked: (
                    c.tenants.clone().unwrap_or_default(),
                    c.apps.clone().unwrap_or_default(),
                ),
                errors: HashMap::new(),
                error: None,
                sealed: None,
                kept,
            },
            None,
        )
    })
    .await
}

/// What a post of the channel form comes to.
enum Posted {
    /// Saved: back to the Alerts page.
    Saved,
    /// Refused: the form again.
    Refused(Markup),
    /// A test to send through the channel as typed, then the form again.
    Test(Box<(crate::alerts::channel::Channel, Shown, String)>),
}

/// POST /alerts/channels/new and /alerts/channels/{id}: "Send a test" (`action=test`) sends one
/// test message through the channel as typed and shows the form again; "Save" validates it
/// like the config file's and stores it. Secrets typed once are carried sealed, not shown.
pub async fn channel_save(
    ctx: Ctx,
    id: Option<web::Path<i64>>,
    form: web::Form<Vec<(String, String)>>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    let pairs = form.into_inner();
    let st = state.clone();
    let ctx2 = ctx.clone();
    let posted = crate::web::blocking(move || posted(&ctx2, &st, id.map(|i| *i), &pairs)).await?;
    match posted {
        Posted::Saved => Ok(super::see_other("/alerts?saved=1")),
        Posted::Refused(page) => Ok(super::Reply::invalid(page)),
        Posted::Test(test) => {
            let (channel, shown, by) = *test;
            let result =
                crate::usecases::test_alert::send(&state.delivery, &state.store, &channel, &by)
                    .await;
            let l = ctx.lang;
            let tested = match result {
                Ok(_) => Ok(format!(
                    "{}{}{}",
                    l.t("a-test-message-was-delivered-through"),
                    channel.name,
                    l.t("save-to-use-the-channel")
                )),
                Err(crate::usecases::test_alert::TestError::Store(e)) => return Err(e.into()),
                Err(e) => Err(e.to_string()),
            };
            let page =
                crate::web::blocking(move || render(&ctx, &state, &shown, Some(tested))).await?;
            Ok(super::Reply::html(actix_web::http::StatusCode::OK, page))
        }
    }
}

fn posted(
    ctx: &Ctx,
    state: &WebState,
    id: Option<i64>,
    pairs: &[(String, String)],
) -> Result<Posted, WebError> {
    let map: HashMap<String, String> = pairs.iter().cloned().collect();
    let s = ctx.require_post(Role::Admin, &map)?;
    let l = ctx.lang;
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
        map.get(k)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let all = |k: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(n, v)| n == k && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    };
    let kind = match &old {
        Some(o) => o.kind.clone(),
        None => get("kind")
            .filter(|k| super::views::channels::KINDS.contains(&k.as_str()))
            .ok_or(WebError::NotFound)?,
    };
    // Secrets: typed now, else typed before a test (sealed), else stored.
    let purpose = format!("channel-form:{}", s.csrf);
    let sealed: HashMap<String, String> = get("sealed")
        .and_then(|t| state.store.open_from_form(&purpose, &t))
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default();
    let mut carried = HashMap::new();
    let mut secret = |k: &str, stored: Option<String>| {
        let typed = get(k).or_else(|| sealed.get(k).cloned());
        if let Some(t) = &typed {
            carried.insert(k.to_string(), t.clone());
        }
        typed.or(stored)
    };
    let password = secret("password", old.as_ref().and_then(|o| o.password.clone()));
    let url = secret("url", old.as_ref().and_then(|o| o.url.clone()));
    let signing = secret("secret", old.as_ref().and_then(|o| o.secret.clone()));
    let mut errors: HashMap<String, String> = HashMap::new();
    let port = match get("smtp_port") {
        None => None,
        Some(p) => match p.parse::<u16>() {
            Ok(p) => Some(p),
            Err(_) => {
                errors.insert("smtp_port".into(), l.t("not-a-port-number").into());
                None
            }
        },
    };
    let email = kind == "email";
    let (tenants, apps) = (all("tenant"), all("app"));
    let cfg = ChannelDraft {
        name: get("name").unwrap_or_default(),
        language: get("language"),
        tenants: (!tenants.is_empty()).then(|| tenants.clone()),
        apps: (!apps.is_empty()).then(|| apps.clone()),
        smtp_host: get("smtp_host").filter(|_| email),
        smtp_port: port.filter(|_| email),
        tls: get("tls").filter(|_| email),
        username: get("username").filter(|_| email),
        password: password.filter(|_| email && get("username").is_some()),
        from: get("from").filter(|_| email),
        to: get("to")
            .as_deref()
            .and_then(crate::input::words)
            .filter(|_| email),
        owners: get("owners").map(|o| o == "yes").filter(|o| *o && email),
        url: url.filter(|_| !email),
        secret: signing.filter(|_| kind == "webhook"),
        kind: kind.clone(),
        ..Default::default()
    };
    let parsed = crate::alerts::channel::parse(&cfg, &|_| None);
    if let Err(problems) = &parsed {
        for (field, p) in problems.iter() {
            errors
                .entry(field.trim_end_matches("_env").to_string())
                .or_insert_with(|| p.form_text(l));
        }
    }
    if let Some((field, r)) = parsed.as_ref().ok().and_then(|c| state.delivery.refused(c)) {
        errors.insert(field.into(), r.form_text(l));
    }
    if state.alerts.channels.is_declared(&cfg.name) {
        errors.insert("name".into(), l.t("a-channel-of-the-config-file").into());
    }
    let stored_kept = |f: &str| match f {
        "password" => old.as_ref().is_some_and(|o| o.password.is_some()),
        "url" => old.as_ref().is_some_and(|o| o.url.is_some()),
        _ => old.as_ref().is_some_and(|o| o.secret.is_some()),
    };
    let kept = secret_fields(&kind)
        .iter()
        .copied()
        .filter(|f| carried.contains_key(*f) || stored_kept(f))
        .collect();
    let shown = Shown {
        id,
        kind: kind.clone(),
        values: map.clone(),
        picked: (tenants, apps),
        errors,
        error: None,
        sealed: (!carried.is_empty())
            .then(|| serde_json::to_string(&carried).ok())
            .flatten()
            .map(|j| state.store.seal_for_form(&purpose, &j)),
        kept,
    };
    if !shown.errors.is_empty() {
        return Ok(Posted::Refused(render(ctx, state, &shown, None)?));
    }
    if get("action").as_deref() == Some("test") {
        let channel = parsed.map_err(|_| WebError::internal("a parsed channel was refused"))?;
        return Ok(Posted::Test(Box::new((
            channel,
            shown,
            s.user.name.clone(),
        ))));
    }
    match state.store.save_channel(id, &cfg, &s.user.name, Utc::now()) {
        Ok(_) => {
            state.alerts.channels.reload(&state.store)?;
            Ok(Posted::Saved)
        }
        Err(crate::store::StoreError::Invalid(m)) => {
            let shown = Shown {
                error: Some(m),
                ..shown
            };
            Ok(Posted::Refused(render(ctx, state, &shown, None)?))
        }
        Err(e) => Err(e.into()),
    }
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
