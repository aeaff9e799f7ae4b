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
        l.t("tenant"),
        "select",
        get(v, "tenant_ref"),
        true,
        "",
        errors,
    );
    tenant.options = tenants;
    let mut kind = field(
        "consumer_kind",
        l.t("used-by"),
        "select",
        get(v, "consumer_kind"),
        true,
        l.t("sets-the-default-scopes-and-the"),
        errors,
    );
    kind.options = ["econobis", "imagecapture", "generic"]
        .iter()
        .map(|k| (k.to_string(), k.to_string()))
        .collect();
    let secret_help = match &hint {
        Some(h) => format!(
            "{} {h}… {}",
            l.t("stored-starts-with"),
            l.t("leave-empty-to-keep-it")
        ),
        None => l.t("the-secret-s-value-not-its").to_string(),
    };
    FormPage {
        title: l.t("app-registration").into(),
        action: frame.action,
        error: frame.error,
        delete: frame.delete,
        delete_label: None,
        fields: vec![
            tenant,
            field(
                "client_id",
                l.t("application-client-id"),
                "text",
                get(v, "client_id"),
                true,
                "",
                errors,
            ),
            field(
                "name",
                l.t("name"),
                "text",
                get(v, "name"),
                true,
                "",
                errors,
            ),
            field(
                "client_secret",
                l.t("client-secret"),
                "password",
                "",
                hint.is_none(),
                &secret_help,
                errors,
            ),
            field(
                "secret_expires",
                l.t("secret-expires"),
                "date",
                get(v, "secret_expires"),
                false,
                l.t("only-needed-when-linkwatch-may-not"),
                errors,
            ),
            kind,
            field(
                "required_scopes",
                l.t("required-scopes"),
                "text",
                get(v, "required_scopes"),
                false,
                l.t("separated-by-spaces-empty-the-defaults"),
                errors,
            ),
            field(
                "consumer_url",
                l.t("application-url"),
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
    let tenant_ref = chosen(v, "tenant_ref", tenants);
    let scopes = scope_list(v, "required_scopes");
    let draft = input::AppDraft {
        client_id: get(v, "client_id"),
        name: Some(get(v, "name")),
        secret: input::SecretDraft {
            value: f_opt(v, "client_secret"),
            env_var: None,
            stored: has_secret,
        },
        secret_expires: Some(get(v, "secret_expires")).filter(|d| !d.is_empty()),
        consumer_kind: Some(get(v, "consumer_kind")),
        consumer_name: None,
        consumer_url: Some(get(v, "consumer_url")).filter(|u| !u.is_empty()),
        required_scopes: (!scopes.is_empty()).then_some(scopes),
        secret_optional: false,
    };
    let (tenant_ref, a) = with_parent(
        l,
        input::app(&draft, &no_env),
        tenant_ref,
        ("tenant_ref", l.t("choose-a-tenant")),
    )?;
    Ok(AppInput {
        tenant_ref,
        client_id: a.client_id.into(),
        name: a.name,
        client_secret: a.client_secret.map(|s| s.expose().to_string()),
        secret_expires: a.secret_expires,
        required_scopes: a.required_scopes.into_iter().map(String::from).collect(),
        consumer_kind: a.consumer.kind.as_str().into(),
        consumer_url: a.consumer.url,
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
        Ok(shown(&ctx, "apps", id, |frame, errors| {
            app_form(ctx.lang, frame, &v, errors, tenants, hint)
        }))
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
        Ok(answer(&ctx, ("apps", id), result, |frame, errors| {
            app_form(ctx.lang, frame, &form, errors, tenants, hint)
        }))
    })
    .await
}
