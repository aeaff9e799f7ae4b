//! The tenant form: its fields, their checks, the page and the save.

use super::*;

fn tenant_form(
    l: Lang,
    frame: Frame,
    v: &HashMap<String, String>,
    errors: &FieldErrors,
    has_secret: bool,
) -> FormPage {
    FormPage {
        title: l.t("tenant").into(),
        action: frame.action,
        error: frame.error,
        delete: frame.delete,
        delete_label: None,
        fields: vec![
            field(
                "tenant_id",
                l.t("tenant-id"),
                "text",
                get(v, "tenant_id"),
                true,
                l.t("the-directory-s-guid-or-a"),
                errors,
            ),
            field(
                "name",
                l.t("name"),
                "text",
                get(v, "name"),
                false,
                "",
                errors,
            ),
            field(
                "monitor_client_id",
                l.t("monitor-app-client-id"),
                "text",
                get(v, "monitor_client_id"),
                false,
                l.t("optional-an-app-with-application-read"),
                errors,
            ),
            field(
                "monitor_secret",
                l.t("monitor-app-secret"),
                "password",
                "",
                false,
                if has_secret {
                    l.t("stored-leave-empty-to-keep-it")
                } else {
                    ""
                },
                errors,
            ),
        ],
    }
}

fn validate_tenant(
    l: Lang,
    v: &HashMap<String, String>,
    has_secret: bool,
) -> Result<TenantInput, FieldErrors> {
    let draft = input::TenantDraft {
        tenant_id: get(v, "tenant_id"),
        name: Some(get(v, "name")),
        monitor_client_id: Some(get(v, "monitor_client_id")).filter(|m| !m.is_empty()),
        monitor_secret: input::SecretDraft {
            value: f_opt(v, "monitor_secret"),
            env_var: None,
            stored: has_secret,
        },
    };
    let t = input::tenant(&draft, &no_env).map_err(|e| form_errors(l, &e))?;
    Ok(TenantInput {
        tenant_id: t.tenant_id.into(),
        name: t.name,
        monitor_client_id: t.monitor_client_id.map(String::from),
        monitor_secret: t.monitor_secret.map(|s| s.expose().to_string()),
    })
}

/// GET /manage/tenants/new and /manage/tenants/{id}.
pub async fn tenant_page(
    ctx: Ctx,
    id: Option<web::Path<i64>>,
    state: web::Data<WebState>,
) -> Result<Markup, WebError> {
    crate::web::blocking(move || {
        ctx.require(Role::Admin)?;
        let mut v = HashMap::new();
        let id = id.map(|i| *i);
        let has_secret = match id {
            None => false,
            Some(id) => {
                let t = state
                    .store
                    .tenant(id)?
                    .filter(|t| !t.from_config)
                    .ok_or(WebError::NotFound)?;
                v.insert("tenant_id".into(), t.tenant_id.clone());
                v.insert("name".into(), t.name.clone());
                v.insert(
                    "monitor_client_id".into(),
                    t.monitor_client_id.clone().unwrap_or_default(),
                );
                t.monitor_client_id.is_some()
            }
        };
        Ok(shown(&ctx, "tenants", id, |frame, errors| {
            tenant_form(ctx.lang, frame, &v, errors, has_secret)
        }))
    })
    .await
}

/// POST /manage/tenants/new and /manage/tenants/{id}.
pub async fn tenant_save(
    ctx: Ctx,
    id: Option<web::Path<i64>>,
    form: Form,
    state: web::Data<WebState>,
) -> Result<crate::web::Reply, WebError> {
    crate::web::blocking(move || {
        let s = ctx.require_post(Role::Admin, &form)?;
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
        let result = try_save(validate_tenant(ctx.lang, &form, has_secret), |input| {
            state.store.save_tenant(id, input, &s.user.name, Utc::now())
        })?;
        Ok(answer(&ctx, ("tenants", id), result, |frame, errors| {
            tenant_form(ctx.lang, frame, &form, errors, has_secret)
        }))
    })
    .await
}
