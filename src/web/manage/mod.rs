//! Admins add, edit and delete tenants, app registrations and mailboxes. Every field is
//! checked first and the form comes back with a message next to each wrong field; nothing is
//! written until all are right. A secret entered is never shown again (its hint at most).

use super::auth::Ctx;
use super::error::WebError;
use super::views::manage::{self, Field, FormPage};
use super::WebState;
use crate::accounts::Role;
use crate::explain::Lang;
use crate::input;
use crate::store::{AppInput, MailboxInput, Managed, StoreError, TenantInput};
use actix_web::web;
use chrono::Utc;
use maud::Markup;
use std::collections::HashMap;

mod apps;
mod mailboxes;
mod tenants;
mod users;

pub use apps::{app_page, app_save};
pub use mailboxes::{mailbox_page, mailbox_save};
pub use tenants::{tenant_page, tenant_save};
pub(in crate::web) use users::{new_password, password_fields};
pub use users::{user_delete, user_page, user_save};

type Form = web::Form<HashMap<String, String>>;

/// `?done=` after a save or delete; `?q=` and `?page=` for the mailbox list.
#[derive(serde::Deserialize)]
pub struct Done {
    done: Option<String>,
    q: Option<String>,
    page: Option<usize>,
}

/// Mailboxes listed per page on Manage.
const MAILBOXES_PER_PAGE: usize = 100;

/// GET /manage.
pub async fn index(
    ctx: Ctx,
    q: web::Query<Done>,
    state: web::Data<WebState>,
) -> Result<Markup, WebError> {
    crate::web::blocking(move || {
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
        let q_text = q.q.as_deref().unwrap_or("").trim().to_lowercase();
        if !q_text.is_empty() {
            mailboxes.retain(|(m, app)| {
                m.address.to_lowercase().contains(&q_text) || app.to_lowercase().contains(&q_text)
            });
        }
        let total = mailboxes.len();
        let page = q
            .page
            .unwrap_or(1)
            .clamp(1, total.div_ceil(MAILBOXES_PER_PAGE).max(1));
        let shown: Vec<_> = mailboxes
            .into_iter()
            .skip((page - 1) * MAILBOXES_PER_PAGE)
            .take(MAILBOXES_PER_PAGE)
            .collect();
        let list = manage::MailboxList {
            rows: &shown,
            q: q.q.as_deref().unwrap_or("").trim(),
            page,
            per_page: MAILBOXES_PER_PAGE,
            total: total as u64,
        };
        let users = state.store.user_rows(Utc::now())?;
        let notice = match q.done.as_deref() {
            Some("saved") => Some(l.t("saved-the-next-check-cycle-includes")),
            Some("deleted") => Some(l.t("deleted")),
            _ => None,
        };
        Ok(manage::index(&ctx, &tenants, &apps, &list, &users, notice))
    })
    .await
}

fn get<'a>(f: &'a HashMap<String, String>, k: &str) -> &'a str {
    f.get(k).map(|s| s.trim()).unwrap_or("")
}

fn field(
    name: &'static str,
    label: &str,
    kind: &'static str,
    value: &str,
    required: bool,
    help: &str,
    errors: &FieldErrors,
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

impl Frame {
    /// The form of `kind` (`tenants`, `apps`, `mailboxes`, `users`): a new one, or row `id`
    /// with its delete action.
    fn of(kind: &str, id: Option<i64>) -> Frame {
        Frame {
            action: match id {
                Some(i) => format!("/manage/{kind}/{i}"),
                None => format!("/manage/{kind}/new"),
            },
            error: None,
            delete: id.map(|i| format!("/manage/{kind}/{i}/delete")),
        }
    }

    /// The same form shown again after a refused save: `error` above it, no delete action.
    fn refused(kind: &str, id: Option<i64>, error: Option<String>) -> Frame {
        Frame {
            error,
            delete: None,
            ..Frame::of(kind, id)
        }
    }
}

/// Field errors by field name.
pub(in crate::web) type FieldErrors = HashMap<&'static str, String>;

/// Records `text` as the error of `field`.
fn fail(e: &mut FieldErrors, field: &'static str, text: &str) {
    e.insert(field, text.to_string());
}

/// The id chosen in select `k`, if it is one of `options`.
fn chosen(v: &HashMap<String, String>, k: &str, options: &[(String, String)]) -> Option<i64> {
    let id = get(v, k);
    options
        .iter()
        .any(|(o, _)| o == id)
        .then(|| id.parse().ok())
        .flatten()
}

/// A draft's field errors, worded for the form in `l`.
fn form_errors(l: Lang, e: &input::FieldErrors) -> FieldErrors {
    let mut out = FieldErrors::new();
    for (field, problem) in e.iter() {
        out.entry(field.form_key())
            .or_insert_with(|| problem.form_text(l));
    }
    out
}

/// A draft parsed together with the parent row chosen in its select (`field`): both values, or
/// every error of both (`missing` when no parent was chosen).
fn with_parent<T>(
    l: Lang,
    parsed: Result<T, input::FieldErrors>,
    parent: Option<i64>,
    (field, missing): (&'static str, &str),
) -> Result<(i64, T), FieldErrors> {
    match (parent, parsed) {
        (Some(p), Ok(v)) => Ok((p, v)),
        (parent, parsed) => {
            let mut e = parsed.err().map(|e| form_errors(l, &e)).unwrap_or_default();
            if parent.is_none() {
                fail(&mut e, field, missing);
            }
            Err(e)
        }
    }
}

/// Forms name no environment variables.
fn no_env(_: &str) -> Option<String> {
    None
}

/// Scope names separated by spaces or commas.
fn scope_list<'a>(v: &'a HashMap<String, String>, k: &str) -> Vec<&'a str> {
    get(v, k)
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .collect()
}

/// Field errors, and a message above the form.
type Refused = (FieldErrors, Option<String>);

/// Saves validated input: `None` once saved, else the field errors or the store's refusal for
/// the form to show again.
fn try_save<T>(
    validated: Result<T, FieldErrors>,
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

/// The answer to a save of a `kind` form: back to Manage once saved, else the form again
/// (`render`) with its field errors and the store's refusal above it.
fn answer(
    ctx: &Ctx,
    (kind, id): (&str, Option<i64>),
    result: Option<Refused>,
    render: impl FnOnce(Frame, &FieldErrors) -> FormPage,
) -> crate::web::Reply {
    match result {
        None => crate::web::see_other("/manage?done=saved"),
        Some((errors, msg)) => invalid(manage::form(
            ctx,
            &render(Frame::refused(kind, id, msg), &errors),
        )),
    }
}

/// A form as first shown: empty, or filled with the row's values.
fn shown(
    ctx: &Ctx,
    kind: &str,
    id: Option<i64>,
    render: impl FnOnce(Frame, &FieldErrors) -> FormPage,
) -> Markup {
    manage::form(ctx, &render(Frame::of(kind, id), &HashMap::new()))
}

fn invalid(page: Markup) -> crate::web::Reply {
    crate::web::Reply::invalid(page)
}

/// Secrets are taken as typed (no trimming of inner characters), but an empty field is none.
fn f_opt<'a>(v: &'a HashMap<String, String>, k: &str) -> Option<&'a str> {
    v.get(k)
        .map(String::as_str)
        .filter(|s| !s.trim().is_empty())
}

/// POST /manage/{kind}/{id}/delete.
pub async fn delete(
    ctx: Ctx,
    path: web::Path<(String, i64)>,
    form: Form,
    state: web::Data<WebState>,
) -> Result<crate::web::Reply, WebError> {
    crate::web::blocking(move || {
        let s = ctx.require_post(Role::Admin, &form)?;
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
    })
    .await
}
