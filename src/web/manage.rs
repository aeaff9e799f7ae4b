//! Admins add, edit and delete tenants, app registrations and mailboxes. Every field is
//! checked first and the form comes back with a message next to each wrong field; nothing is
//! written until all are right. A secret entered is never shown again (its hint at most).

use super::auth::Ctx;
use super::error::WebError;
use super::views::manage::{self, Field, FormPage};
use super::WebState;
use crate::accounts::Role;
use crate::config::parse_date;
use crate::explain::Lang;
use crate::store::{AppInput, MailboxInput, Managed, StoreError, TenantInput};
use crate::targets::{is_address, is_guid, is_tenant_id, ConsumerKind};
use actix_web::{web, HttpResponse};
use chrono::Utc;
use maud::Markup;
use std::collections::HashMap;

type Form = web::Form<HashMap<String, String>>;

/// `?done=` after a save or delete.
#[derive(serde::Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// GET /manage.
pub async fn index(
    ctx: Ctx,
    q: web::Query<Done>,
    state: web::Data<WebState>,
) -> Result<Markup, WebError> {
    ctx.require(Role::Admin)?;
    let l = ctx.lang;
    let tenants = state.store.tenants()?;
    let mut apps = Vec::new();
    for t in &tenants {
        apps.extend(state.store.apps_of_tenant(t.id)?);
    }
    let mut mailboxes = Vec::new();
    for a in &apps {
        mailboxes.extend(
            state
                .store
                .mailboxes_of_app(a.id)?
                .into_iter()
                .map(|m| (m, a.name.clone())),
        );
    }
    let notice = match q.done.as_deref() {
        Some("saved") => Some(l.pick("Saved. The next check cycle includes it; use Check now on its page to check at once.", "Opgeslagen. De volgende controleronde neemt het mee; gebruik Nu controleren op de pagina om meteen te controleren.")),
        Some("deleted") => Some(l.pick("Deleted.", "Verwijderd.")),
        _ => None,
    };
    Ok(manage::index(&ctx, &tenants, &apps, &mailboxes, notice))
}

fn get<'a>(f: &'a HashMap<String, String>, k: &str) -> &'a str {
    f.get(k).map(|s| s.trim()).unwrap_or("")
}

fn opt(f: &HashMap<String, String>, k: &str) -> Option<String> {
    Some(get(f, k).to_string()).filter(|s| !s.is_empty())
}

fn field(
    name: &'static str,
    label: &str,
    kind: &'static str,
    value: &str,
    required: bool,
    help: &str,
    errors: &HashMap<&'static str, String>,
) -> Field {
    Field {
        name,
        label: label.into(),
        value: value.into(),
        kind,
        options: Vec::new(),
        help: help.into(),
        error: errors.get(name).cloned(),
        required,
    }
}

/// Where a form posts, a message above it, and its delete action.
struct Frame {
    action: String,
    error: Option<String>,
    delete: Option<String>,
}

/// Field errors, and a message above the form.
type Refused = (HashMap<&'static str, String>, Option<String>);

/// Saves validated input: `None` once saved, else the field errors or the store's refusal for
/// the form to show again.
fn try_save<T>(
    validated: Result<T, HashMap<&'static str, String>>,
    save: impl FnOnce(&T) -> Result<i64, StoreError>,
) -> Result<Option<Refused>, WebError> {
    match validated {
        Err(errors) => Ok(Some((errors, None))),
        Ok(input) => match save(&input) {
            Ok(_) => Ok(None),
            Err(e) => Ok(Some((HashMap::new(), Some(form_error(e)?)))),
        },
    }
}

/// Turns a store refusal into a message on the form; other errors stay errors.
fn form_error(e: StoreError) -> Result<String, WebError> {
    match e {
        StoreError::Invalid(m) | StoreError::NotFound(m) => Ok(m),
        other => Err(other.into()),
    }
}

// ---------- tenants ----------

fn tenant_form(
    l: Lang,
    frame: Frame,
    v: &HashMap<String, String>,
    errors: &HashMap<&'static str, String>,
    has_secret: bool,
) -> FormPage {
    FormPage {
        title: l.pick("Tenant", "Tenant").into(),
        action: frame.action,
        error: frame.error,
        delete: frame.delete,
        fields: vec![
            field("tenant_id", l.pick("Tenant ID", "Tenant-ID"), "text", get(v, "tenant_id"), true, l.pick("The directory's GUID or a verified domain, e.g. contoso.onmicrosoft.com", "De GUID van de directory of een geverifieerd domein, bijv. contoso.onmicrosoft.com"), errors),
            field("name", l.pick("Name", "Naam"), "text", get(v, "name"), false, "", errors),
            field("monitor_client_id", l.pick("Monitor app (client) ID", "Client-ID van de monitor-app"), "text", get(v, "monitor_client_id"), false, l.pick("Optional: an app with Application.Read.All, DelegatedPermissionGrant.Read.All and User.Read.All", "Optioneel: een app met Application.Read.All, DelegatedPermissionGrant.Read.All en User.Read.All"), errors),
            field("monitor_secret", l.pick("Monitor app secret", "Geheim van de monitor-app"), "password", "", false, if has_secret { l.pick("Stored. Leave empty to keep it.", "Opgeslagen. Laat leeg om het te houden.") } else { "" }, errors),
        ],
    }
}

fn validate_tenant(
    l: Lang,
    v: &HashMap<String, String>,
    has_secret: bool,
) -> Result<TenantInput, HashMap<&'static str, String>> {
    let mut e = HashMap::new();
    let tenant_id = get(v, "tenant_id");
    if !is_tenant_id(tenant_id) {
        e.insert(
            "tenant_id",
            l.pick(
                "Enter a GUID or a domain name.",
                "Vul een GUID of een domeinnaam in.",
            )
            .to_string(),
        );
    }
    let monitor = opt(v, "monitor_client_id");
    if monitor.as_deref().is_some_and(|m| !is_guid(m)) {
        e.insert(
            "monitor_client_id",
            l.pick("Not a GUID.", "Geen GUID.").to_string(),
        );
    }
    let secret = opt(v, "monitor_secret");
    if monitor.is_some() && secret.is_none() && !has_secret {
        e.insert(
            "monitor_secret",
            l.pick(
                "Enter the monitor app's secret.",
                "Vul het geheim van de monitor-app in.",
            )
            .to_string(),
        );
    }
    if !e.is_empty() {
        return Err(e);
    }
    Ok(TenantInput {
        tenant_id: tenant_id.to_string(),
        name: opt(v, "name").unwrap_or_else(|| tenant_id.to_string()),
        monitor_client_id: monitor.map(|m| m.to_ascii_lowercase()),
        monitor_secret: secret,
    })
}

/// GET /manage/tenants/new and /manage/tenants/{id}.
pub async fn tenant_page(
    ctx: Ctx,
    id: Option<web::Path<i64>>,
    state: web::Data<WebState>,
) -> Result<Markup, WebError> {
    ctx.require(Role::Admin)?;
    let mut v = HashMap::new();
    let (action, delete, has_secret) = match id {
        None => ("/manage/tenants/new".to_string(), None, false),
        Some(id) => {
            let t = state
                .store
                .tenant(*id)?
                .filter(|t| !t.from_config)
                .ok_or(WebError::NotFound)?;
            v.insert("tenant_id".into(), t.tenant_id.clone());
            v.insert("name".into(), t.name.clone());
            v.insert(
                "monitor_client_id".into(),
                t.monitor_client_id.clone().unwrap_or_default(),
            );
            (
                format!("/manage/tenants/{}", t.id),
                Some(format!("/manage/tenants/{}/delete", t.id)),
                t.monitor_client_id.is_some(),
            )
        }
    };
    Ok(manage::form(
        &ctx,
        &tenant_form(
            ctx.lang,
            Frame {
                action,
                error: None,
                delete,
            },
            &v,
            &HashMap::new(),
            has_secret,
        ),
    ))
}

/// POST /manage/tenants/new and /manage/tenants/{id}.
pub async fn tenant_save(
    ctx: Ctx,
    id: Option<web::Path<i64>>,
    form: Form,
    state: web::Data<WebState>,
) -> Result<HttpResponse, WebError> {
    let s = ctx.require_form(Role::Admin, get(&form, "_csrf"))?;
    let id = id.map(|i| *i);
    let has_secret = match id {
        Some(i) => state
            .store
            .tenant(i)?
            .ok_or(WebError::NotFound)?
            .monitor_client_id
            .is_some(),
        None => false,
    };
    let action = id
        .map(|i| format!("/manage/tenants/{i}"))
        .unwrap_or_else(|| "/manage/tenants/new".into());
    let result = try_save(validate_tenant(ctx.lang, &form, has_secret), |input| {
        state.store.save_tenant(id, input, &s.user.name, Utc::now())
    })?;
    Ok(match result {
        None => super::see_other("/manage?done=saved"),
        Some((errors, msg)) => invalid(manage::form(
            &ctx,
            &tenant_form(
                ctx.lang,
                Frame {
                    action,
                    error: msg,
                    delete: None,
                },
                &form,
                &errors,
                has_secret,
            ),
        )),
    })
}

fn invalid(page: Markup) -> HttpResponse {
    HttpResponse::UnprocessableEntity()
        .content_type("text/html; charset=utf-8")
        .body(page.into_string())
}

// ---------- apps ----------

fn app_form(
    l: Lang,
    frame: Frame,
    v: &HashMap<String, String>,
    errors: &HashMap<&'static str, String>,
    tenants: Vec<(String, String)>,
    hint: Option<String>,
) -> FormPage {
    let mut tenant = field(
        "tenant_ref",
        l.pick("Tenant", "Tenant"),
        "select",
        get(v, "tenant_ref"),
        true,
        "",
        errors,
    );
    tenant.options = tenants;
    let mut kind = field(
        "consumer_kind",
        l.pick("Used by", "Gebruikt door"),
        "select",
        get(v, "consumer_kind"),
        true,
        l.pick(
            "Sets the default scopes and the re-link runbook.",
            "Bepaalt de standaardmachtigingen en het herkoppel-draaiboek.",
        ),
        errors,
    );
    kind.options = ["econobis", "imagecapture", "generic"]
        .iter()
        .map(|k| (k.to_string(), k.to_string()))
        .collect();
    let secret_help = match &hint {
        Some(h) => format!("{} {h}… {}", l.pick("Stored, starts with", "Opgeslagen, begint met"), l.pick("Leave empty to keep it.", "Laat leeg om het te houden.")),
        None => l.pick("The secret's value (not its ID). It is encrypted and never shown again.", "De waarde van het geheim (niet de ID). Het wordt versleuteld en nooit meer getoond.").to_string(),
    };
    FormPage {
        title: l.pick("App registration", "App-registratie").into(),
        action: frame.action,
        error: frame.error,
        delete: frame.delete,
        fields: vec![
            tenant,
            field(
                "client_id",
                l.pick("Application (client) ID", "Applicatie-ID (client)"),
                "text",
                get(v, "client_id"),
                true,
                "",
                errors,
            ),
            field(
                "name",
                l.pick("Name", "Naam"),
                "text",
                get(v, "name"),
                true,
                "",
                errors,
            ),
            field(
                "client_secret",
                l.pick("Client secret", "Clientgeheim"),
                "password",
                "",
                hint.is_none(),
                &secret_help,
                errors,
            ),
            field(
                "secret_expires",
                l.pick("Secret expires", "Geheim verloopt"),
                "date",
                get(v, "secret_expires"),
                false,
                l.pick(
                    "Only needed when linkwatch may not read the directory.",
                    "Alleen nodig als linkwatch de directory niet mag lezen.",
                ),
                errors,
            ),
            kind,
            field(
                "required_scopes",
                l.pick("Required scopes", "Vereiste machtigingen"),
                "text",
                get(v, "required_scopes"),
                false,
                l.pick(
                    "Separated by spaces; empty: the defaults of the consumer kind.",
                    "Gescheiden door spaties; leeg: de standaard van het soort applicatie.",
                ),
                errors,
            ),
            field(
                "consumer_url",
                l.pick("Application URL", "URL van de applicatie"),
                "url",
                get(v, "consumer_url"),
                false,
                "",
                errors,
            ),
        ],
    }
}

fn validate_app(
    l: Lang,
    v: &HashMap<String, String>,
    tenants: &[(String, String)],
    has_secret: bool,
) -> Result<AppInput, HashMap<&'static str, String>> {
    let mut e = HashMap::new();
    let tenant_ref = get(v, "tenant_ref")
        .parse::<i64>()
        .ok()
        .filter(|t| tenants.iter().any(|(id, _)| *id == t.to_string()));
    if tenant_ref.is_none() {
        e.insert(
            "tenant_ref",
            l.pick("Choose a tenant.", "Kies een tenant.").to_string(),
        );
    }
    if !is_guid(get(v, "client_id")) {
        e.insert(
            "client_id",
            l.pick(
                "Not a GUID (8-4-4-4-12 hexadecimal characters).",
                "Geen GUID (8-4-4-4-12 hexadecimale tekens).",
            )
            .to_string(),
        );
    }
    if get(v, "name").is_empty() {
        e.insert(
            "name",
            l.pick("Enter a name.", "Vul een naam in.").to_string(),
        );
    }
    let secret = f_opt(v, "client_secret");
    if secret.is_none() && !has_secret {
        e.insert(
            "client_secret",
            l.pick(
                "Enter the client secret's value.",
                "Vul de waarde van het clientgeheim in.",
            )
            .to_string(),
        );
    }
    let expires = opt(v, "secret_expires").map(|d| parse_date(&d));
    if let Some(None) = expires {
        e.insert(
            "secret_expires",
            l.pick(
                "Not a date such as 2027-05-01.",
                "Geen datum zoals 2027-05-01.",
            )
            .to_string(),
        );
    }
    let kind = ConsumerKind::parse(get(v, "consumer_kind"));
    if kind.is_none() {
        e.insert(
            "consumer_kind",
            l.pick(
                "Choose econobis, imagecapture or generic.",
                "Kies econobis, imagecapture of generic.",
            )
            .to_string(),
        );
    }
    let scopes: Vec<String> = get(v, "required_scopes")
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    if scopes.iter().any(|s| {
        !s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
    }) {
        e.insert(
            "required_scopes",
            l.pick(
                "Scope names such as Mail.Send.Shared, separated by spaces.",
                "Namen zoals Mail.Send.Shared, gescheiden door spaties.",
            )
            .to_string(),
        );
    }
    let url = opt(v, "consumer_url");
    if url.as_deref().is_some_and(|u| {
        !url::Url::parse(u).is_ok_and(|u| u.scheme() == "https" || u.scheme() == "http")
    }) {
        e.insert(
            "consumer_url",
            l.pick(
                "Not a web address such as https://contoso.econobis.nl",
                "Geen webadres zoals https://contoso.econobis.nl",
            )
            .to_string(),
        );
    }
    if !e.is_empty() {
        return Err(e);
    }
    let kind = kind.unwrap_or_default();
    Ok(AppInput {
        tenant_ref: tenant_ref.unwrap_or_default(),
        client_id: get(v, "client_id").to_ascii_lowercase(),
        name: get(v, "name").to_string(),
        client_secret: secret,
        secret_expires: expires.flatten(),
        required_scopes: if scopes.is_empty() {
            kind.default_scopes()
        } else {
            scopes
        },
        consumer_kind: kind.as_str().into(),
        consumer_url: url,
    })
}

/// Secrets are taken as typed (no trimming of inner characters), but an empty field is none.
fn f_opt(v: &HashMap<String, String>, k: &str) -> Option<String> {
    v.get(k).filter(|s| !s.trim().is_empty()).cloned()
}

fn tenant_options(state: &WebState) -> Result<Vec<(String, String)>, WebError> {
    Ok(state
        .store
        .tenants()?
        .into_iter()
        .map(|t| (t.id.to_string(), t.name))
        .collect())
}

/// GET /manage/apps/new and /manage/apps/{id}.
pub async fn app_page(
    ctx: Ctx,
    id: Option<web::Path<i64>>,
    state: web::Data<WebState>,
) -> Result<Markup, WebError> {
    ctx.require(Role::Admin)?;
    let tenants = tenant_options(&state)?;
    let mut v = HashMap::new();
    v.insert("consumer_kind".to_string(), "generic".to_string());
    let (action, delete, hint) = match id {
        None => ("/manage/apps/new".to_string(), None, None),
        Some(id) => {
            let a = state
                .store
                .app(*id)?
                .filter(|a| !a.from_config)
                .ok_or(WebError::NotFound)?;
            v.insert("tenant_ref".into(), a.tenant_ref.to_string());
            v.insert("client_id".into(), a.client_id.clone());
            v.insert("name".into(), a.name.clone());
            v.insert(
                "secret_expires".into(),
                a.secret_expires
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
            );
            v.insert("consumer_kind".into(), a.consumer_kind.as_str().into());
            v.insert("required_scopes".into(), a.required_scopes.join(" "));
            v.insert(
                "consumer_url".into(),
                a.consumer_url.clone().unwrap_or_default(),
            );
            (
                format!("/manage/apps/{}", a.id),
                Some(format!("/manage/apps/{}/delete", a.id)),
                a.secret_hint.clone(),
            )
        }
    };
    Ok(manage::form(
        &ctx,
        &app_form(
            ctx.lang,
            Frame {
                action,
                error: None,
                delete,
            },
            &v,
            &HashMap::new(),
            tenants,
            hint,
        ),
    ))
}

/// POST /manage/apps/new and /manage/apps/{id}.
pub async fn app_save(
    ctx: Ctx,
    id: Option<web::Path<i64>>,
    form: Form,
    state: web::Data<WebState>,
) -> Result<HttpResponse, WebError> {
    let s = ctx.require_form(Role::Admin, get(&form, "_csrf"))?;
    let id = id.map(|i| *i);
    let hint = match id {
        Some(i) => state.store.app(i)?.ok_or(WebError::NotFound)?.secret_hint,
        None => None,
    };
    let tenants = tenant_options(&state)?;
    let action = id
        .map(|i| format!("/manage/apps/{i}"))
        .unwrap_or_else(|| "/manage/apps/new".into());
    let result = try_save(
        validate_app(ctx.lang, &form, &tenants, hint.is_some()),
        |input| state.store.save_app(id, input, &s.user.name, Utc::now()),
    )?;
    Ok(match result {
        None => super::see_other("/manage?done=saved"),
        Some((errors, msg)) => invalid(manage::form(
            &ctx,
            &app_form(
                ctx.lang,
                Frame {
                    action,
                    error: msg,
                    delete: None,
                },
                &form,
                &errors,
                tenants,
                hint,
            ),
        )),
    })
}

// ---------- mailboxes ----------

fn mailbox_form(
    l: Lang,
    frame: Frame,
    v: &HashMap<String, String>,
    errors: &HashMap<&'static str, String>,
    apps: Vec<(String, String)>,
) -> FormPage {
    let mut app = field(
        "app_ref",
        l.pick("App registration", "App-registratie"),
        "select",
        get(v, "app_ref"),
        true,
        "",
        errors,
    );
    app.options = apps;
    FormPage {
        title: l.pick("Mailbox", "Mailbox").into(),
        action: frame.action,
        error: frame.error,
        delete: frame.delete,
        fields: vec![
            app,
            field(
                "address",
                l.pick("Address", "Adres"),
                "email",
                get(v, "address"),
                true,
                "",
                errors,
            ),
            field(
                "object_id",
                l.pick("Account object ID", "Object-ID van het account"),
                "text",
                get(v, "object_id"),
                true,
                l.pick(
                    "Entra ID, Users, the account, Object ID.",
                    "Entra ID, Gebruikers, het account, Object-ID.",
                ),
                errors,
            ),
            field(
                "required_scopes",
                l.pick("Required scopes", "Vereiste machtigingen"),
                "text",
                get(v, "required_scopes"),
                false,
                l.pick(
                    "Only when they differ from the app registration's.",
                    "Alleen als ze afwijken van die van de app-registratie.",
                ),
                errors,
            ),
        ],
    }
}

fn validate_mailbox(
    l: Lang,
    v: &HashMap<String, String>,
    apps: &[(String, String)],
) -> Result<MailboxInput, HashMap<&'static str, String>> {
    let mut e = HashMap::new();
    let app_ref = get(v, "app_ref")
        .parse::<i64>()
        .ok()
        .filter(|a| apps.iter().any(|(id, _)| *id == a.to_string()));
    if app_ref.is_none() {
        e.insert(
            "app_ref",
            l.pick("Choose an app registration.", "Kies een app-registratie.")
                .to_string(),
        );
    }
    if !is_address(get(v, "address")) {
        e.insert(
            "address",
            l.pick(
                "Not a mail address such as info@contoso.nl.",
                "Geen mailadres zoals info@contoso.nl.",
            )
            .to_string(),
        );
    }
    if !is_guid(get(v, "object_id")) {
        e.insert(
            "object_id",
            l.pick(
                "Not a GUID (8-4-4-4-12 hexadecimal characters).",
                "Geen GUID (8-4-4-4-12 hexadecimale tekens).",
            )
            .to_string(),
        );
    }
    let scopes: Vec<String> = get(v, "required_scopes")
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    if !e.is_empty() {
        return Err(e);
    }
    Ok(MailboxInput {
        app_ref: app_ref.unwrap_or_default(),
        address: get(v, "address").to_string(),
        object_id: get(v, "object_id").to_ascii_lowercase(),
        required_scopes: (!scopes.is_empty()).then_some(scopes),
    })
}

fn app_options(state: &WebState) -> Result<Vec<(String, String)>, WebError> {
    let mut out = Vec::new();
    for t in state.store.tenants()? {
        out.extend(
            state
                .store
                .apps_of_tenant(t.id)?
                .into_iter()
                .map(|a| (a.id.to_string(), format!("{} ({})", a.name, t.name))),
        );
    }
    Ok(out)
}

/// GET /manage/mailboxes/new and /manage/mailboxes/{id}.
pub async fn mailbox_page(
    ctx: Ctx,
    id: Option<web::Path<i64>>,
    state: web::Data<WebState>,
) -> Result<Markup, WebError> {
    ctx.require(Role::Admin)?;
    let mut v = HashMap::new();
    let (action, delete) = match id {
        None => ("/manage/mailboxes/new".to_string(), None),
        Some(id) => {
            let m = state
                .store
                .mailbox(*id)?
                .filter(|m| !m.from_config)
                .ok_or(WebError::NotFound)?;
            v.insert("app_ref".into(), m.app_ref.to_string());
            v.insert("address".into(), m.address.clone());
            v.insert("object_id".into(), m.object_id.clone());
            v.insert(
                "required_scopes".into(),
                m.required_scopes.clone().unwrap_or_default().join(" "),
            );
            (
                format!("/manage/mailboxes/{}", m.id),
                Some(format!("/manage/mailboxes/{}/delete", m.id)),
            )
        }
    };
    Ok(manage::form(
        &ctx,
        &mailbox_form(
            ctx.lang,
            Frame {
                action,
                error: None,
                delete,
            },
            &v,
            &HashMap::new(),
            app_options(&state)?,
        ),
    ))
}

/// POST /manage/mailboxes/new and /manage/mailboxes/{id}.
pub async fn mailbox_save(
    ctx: Ctx,
    id: Option<web::Path<i64>>,
    form: Form,
    state: web::Data<WebState>,
) -> Result<HttpResponse, WebError> {
    let s = ctx.require_form(Role::Admin, get(&form, "_csrf"))?;
    let id = id.map(|i| *i);
    let apps = app_options(&state)?;
    let action = id
        .map(|i| format!("/manage/mailboxes/{i}"))
        .unwrap_or_else(|| "/manage/mailboxes/new".into());
    let result = try_save(validate_mailbox(ctx.lang, &form, &apps), |input| {
        state
            .store
            .save_mailbox(id, input, &s.user.name, Utc::now())
    })?;
    Ok(match result {
        None => super::see_other("/manage?done=saved"),
        Some((errors, msg)) => invalid(manage::form(
            &ctx,
            &mailbox_form(
                ctx.lang,
                Frame {
                    action,
                    error: msg,
                    delete: None,
                },
                &form,
                &errors,
                apps,
            ),
        )),
    })
}

/// POST /manage/{kind}/{id}/delete.
pub async fn delete(
    ctx: Ctx,
    path: web::Path<(String, i64)>,
    form: Form,
    state: web::Data<WebState>,
) -> Result<HttpResponse, WebError> {
    let s = ctx.require_form(Role::Admin, get(&form, "_csrf"))?;
    let (kind, id) = path.into_inner();
    let kind = match kind.as_str() {
        "tenants" => Managed::Tenant,
        "apps" => Managed::App,
        "mailboxes" => Managed::Mailbox,
        _ => return Err(WebError::NotFound),
    };
    if get(&form, "confirm") != "yes" {
        return Ok(super::see_other("/manage"));
    }
    match state
        .store
        .delete_managed(kind, id, &s.user.name, Utc::now())
    {
        Ok(()) => Ok(super::see_other("/manage?done=deleted")),
        Err(StoreError::Invalid(_)) => Err(WebError::Forbidden),
        Err(StoreError::NotFound(_)) => Err(WebError::NotFound),
        Err(e) => Err(e.into()),
    }
}
