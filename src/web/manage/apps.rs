//! The app registration form: its fields (secret, expiry, scopes, consumer), their checks,
//! the page and the save.

use super::*;

fn app_form(
    l: Lang,
    frame: Frame,
    v: &HashMap<String, String>,
    errors: &FieldErrors,
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
        delete_label: None,
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
) -> Result<AppInput, FieldErrors> {
    let mut e = FieldErrors::new();
    let tenant_ref = chosen(v, "tenant_ref", tenants);
    if tenant_ref.is_none() {
        fail(
            &mut e,
            "tenant_ref",
            l.pick("Choose a tenant.", "Kies een tenant."),
        );
    }
    if !is_guid(get(v, "client_id")) {
        fail(&mut e, "client_id", not_a_guid(l));
    }
    if get(v, "name").is_empty() {
        fail(&mut e, "name", l.pick("Enter a name.", "Vul een naam in."));
    }
    let secret = f_opt(v, "client_secret");
    if secret.is_none() && !has_secret {
        fail(
            &mut e,
            "client_secret",
            l.pick(
                "Enter the client secret's value.",
                "Vul de waarde van het clientgeheim in.",
            ),
        );
    }
    let expires = opt(v, "secret_expires").map(|d| parse_date(&d));
    if let Some(None) = expires {
        fail(
            &mut e,
            "secret_expires",
            l.pick(
                "Not a date such as 2027-05-01.",
                "Geen datum zoals 2027-05-01.",
            ),
        );
    }
    let kind = ConsumerKind::parse(get(v, "consumer_kind"));
    if kind.is_none() {
        fail(
            &mut e,
            "consumer_kind",
            l.pick(
                "Choose econobis, imagecapture or generic.",
                "Kies econobis, imagecapture of generic.",
            ),
        );
    }
    let scopes = scope_list(v, "required_scopes");
    if scopes.iter().any(|s| {
        !s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
    }) {
        fail(
            &mut e,
            "required_scopes",
            l.pick(
                "Scope names such as Mail.Send.Shared, separated by spaces.",
                "Namen zoals Mail.Send.Shared, gescheiden door spaties.",
            ),
        );
    }
    let url = opt(v, "consumer_url");
    if url.as_deref().is_some_and(|u| {
        !url::Url::parse(u).is_ok_and(|u| u.scheme() == "https" || u.scheme() == "http")
    }) {
        fail(
            &mut e,
            "consumer_url",
            l.pick(
                "Not a web address such as https://contoso.econobis.nl",
                "Geen webadres zoals https://contoso.econobis.nl",
            ),
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
    crate::web::blocking(move || {
        ctx.require(Role::Admin)?;
        let tenants = tenant_options(&state)?;
        let mut v = HashMap::new();
        v.insert("consumer_kind".to_string(), "generic".to_string());
        let id = id.map(|i| *i);
        let hint = match id {
            None => None,
            Some(id) => {
                let a = state
                    .store
                    .app(id)?
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
                a.secret_hint.clone()
            }
        };
        Ok(manage::form(
            &ctx,
            &app_form(
                ctx.lang,
                Frame::of("apps", id),
                &v,
                &HashMap::new(),
                tenants,
                hint,
            ),
        ))
    })
    .await
}

/// POST /manage/apps/new and /manage/apps/{id}.
pub async fn app_save(
    ctx: Ctx,
    id: Option<web::Path<i64>>,
    form: Form,
    state: web::Data<WebState>,
) -> Result<crate::web::Reply, WebError> {
    crate::web::blocking(move || {
        let s = ctx.require_post(Role::Admin, &form)?;
        let id = id.map(|i| *i);
        let hint = match id {
            Some(i) => state.store.app(i)?.ok_or(WebError::NotFound)?.secret_hint,
            None => None,
        };
        let tenants = tenant_options(&state)?;
        let result = try_save(
            validate_app(ctx.lang, &form, &tenants, hint.is_some()),
            |input| state.store.save_app(id, input, &s.user.name, Utc::now()),
        )?;
        Ok(match result {
            None => crate::web::see_other("/manage?done=saved"),
            Some((errors, msg)) => invalid(manage::form(
                &ctx,
                &app_form(
                    ctx.lang,
                    Frame::refused("apps", id, msg),
                    &form,
                    &errors,
                    tenants,
                    hint,
                ),
            )),
        })
    })
    .await
}
