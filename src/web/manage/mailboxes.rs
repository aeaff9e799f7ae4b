//! The mailbox form: its fields, their checks, the page and the save.

use super::*;

fn mailbox_form(
    l: Lang,
    frame: Frame,
    v: &HashMap<String, String>,
    errors: &FieldErrors,
    apps: Vec<(String, String)>,
) -> FormPage {
    let mut app = field(
        "app_ref",
        l.t("app-registration"),
        "select",
        get(v, "app_ref"),
        true,
        "",
        errors,
    );
    app.options = apps;
    FormPage {
        title: l.t("mailbox").into(),
        action: frame.action,
        error: frame.error,
        delete: frame.delete,
        delete_label: None,
        fields: vec![
            app,
            field(
                "address",
                l.t("address"),
                "email",
                get(v, "address"),
                true,
                "",
                errors,
            ),
            field(
                "object_id",
                l.t("account-object-id"),
                "text",
                get(v, "object_id"),
                true,
                l.t("entra-id-users-the-account-object"),
                errors,
            ),
            field(
                "required_scopes",
                l.t("required-scopes"),
                "text",
                get(v, "required_scopes"),
                false,
                l.t("only-when-they-differ-from-the"),
                errors,
            ),
        ],
    }
}

fn validate_mailbox(
    l: Lang,
    v: &HashMap<String, String>,
    apps: &[(String, String)],
) -> Result<MailboxInput, FieldErrors> {
    let app_ref = chosen(v, "app_ref", apps);
    let scopes = scope_list(v, "required_scopes");
    let draft = input::MailboxDraft {
        address: get(v, "address"),
        object_id: get(v, "object_id"),
        required_scopes: (!scopes.is_empty()).then_some(scopes),
    };
    let (app_ref, m) = with_parent(
        l,
        input::mailbox(&draft),
        app_ref,
        ("app_ref", l.t("choose-an-app-registration")),
    )?;
    Ok(MailboxInput {
        app_ref,
        address: m.address.into(),
        object_id: m.object_id.into(),
        required_scopes: m
            .required_scopes
            .map(|s| s.into_iter().map(String::from).collect()),
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
    crate::web::blocking(move || {
        ctx.require(Role::Admin)?;
        let mut v = HashMap::new();
        let id = id.map(|i| *i);
        if let Some(id) = id {
            let m = state
                .store
                .mailbox(id)?
                .filter(|m| !m.from_config)
                .ok_or(WebError::NotFound)?;
            v.insert("app_ref".into(), m.app_ref.to_string());
            v.insert("address".into(), m.address.clone());
            v.insert("object_id".into(), m.object_id.clone());
            v.insert(
                "required_scopes".into(),
                m.required_scopes.clone().unwrap_or_default().join(" "),
            );
        }
        let apps = app_options(&state)?;
        Ok(shown(&ctx, "mailboxes", id, |frame, errors| {
            mailbox_form(ctx.lang, frame, &v, errors, apps)
        }))
    })
    .await
}

/// POST /manage/mailboxes/new and /manage/mailboxes/{id}.
pub async fn mailbox_save(
    ctx: Ctx,
    id: Option<web::Path<i64>>,
    form: Form,
    state: web::Data<WebState>,
) -> Result<crate::web::Reply, WebError> {
    crate::web::blocking(move || {
        let s = ctx.require_post(Role::Admin, &form)?;
        let id = id.map(|i| *i);
        let apps = app_options(&state)?;
        let result = try_save(validate_mailbox(ctx.lang, &form, &apps), |input| {
            state
                .store
                .save_mailbox(id, input, &s.user.name, Utc::now())
        })?;
        Ok(answer(&ctx, ("mailboxes", id), result, |frame, errors| {
            mailbox_form(ctx.lang, frame, &form, errors, apps)
        }))
    })
    .await
}
