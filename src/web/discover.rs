//! The Discover page of a tenant (its mail apps, read live with its monitor credential) and
//! watching one of them without typing an id.

use super::auth::Ctx;
use super::error::WebError;
use super::readings::Status;
use super::views;
use super::WebState;
use crate::accounts::Role;
use crate::activity::TenantActivity;
use crate::targets::TenantSpec;
use crate::usecases::watch::{self, Choice, WatchError};
use actix_web::web;
use chrono::Utc;
use maud::Markup;
use serde::Deserialize;

/// The tenant and its sign-in activity, in one trip to the blocking pool.
async fn tenant(
    state: &web::Data<WebState>,
    id: i64,
) -> Result<(TenantSpec, TenantActivity), WebError> {
    super::db(state, move |st| {
        let t = st.load_tenant(id)?;
        let activity = t.as_ref().map(|_| st.tenant_activity(id)).transpose()?;
        Ok(t.zip(activity))
    })
    .await?
    .ok_or(WebError::NotFound)
}

/// The Discover page of one tenant.
pub async fn page(
    ctx: Ctx,
    id: web::Path<i64>,
    state: web::Data<WebState>,
) -> Result<Markup, WebError> {
    ctx.require(Role::Operator)?;
    let (t, activity) = tenant(&state, *id).await?;
    let signed_in = crate::discover::signed_in(activity);
    let (graph, spec) = (state.checker.graph.clone(), t.clone());
    let read = move |progress| async move {
        let graph = graph.with_progress(progress);
        crate::discover::read_tenant(&graph, &spec, &signed_in).await
    };
    let found = match state.readings.follow(t.id, read, PATIENCE).await {
        Status::Done(found) => found,
        Status::Running(so_far, since) => {
            return Ok(views::discover::reading(
                &ctx, t.id, &t.name, &so_far, since,
            ))
        }
    };
    if let Ok(apps) = &found {
        // What was seen now is the baseline the daily discovery compares with.
        crate::usecases::rediscover::record(&state.checker, &t, apps).await?;
    }
    Ok(views::discover::discover(
        &ctx,
        t.id,
        &t.name,
        &found,
        Utc::now(),
    ))
}

/// How long the Discover page waits for a directory read before it shows its progress
/// instead (and looks again every few seconds).
const PATIENCE: std::time::Duration = std::time::Duration::from_millis(1500);

/// `?app=CLIENT_ID`: the app picked from the list.
#[derive(Deserialize)]
pub struct Picked {
    app: String,
}

/// GET /tenants/{id}/discover/watch?app=…: what watching the app means, with its mailboxes
/// to choose.
pub async fn watch_form(
    ctx: Ctx,
    id: web::Path<i64>,
    q: web::Query<Picked>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    ctx.require(Role::Admin)?;
    let (t, activity) = tenant(&state, *id).await?;
    let signal = activity.state.clone();
    let found = match watch::find(&state.checker, &t, activity, &q.app).await {
        Ok(f) => f,
        Err(e) => return Ok(refused(&ctx, &t, &e)),
    };
    let choice = Choice {
        client_id: found.client_id.clone(),
        name: found.name.clone(),
        consumer_kind: found.consumer_kind.as_str().into(),
        secret: None,
        mailboxes: found
            .accounts
            .iter()
            .filter(|a| a.address.is_some())
            .map(|a| a.object_id.clone())
            .collect(),
    };
    let page = views::discover::watch_form(&ctx, (t.id, &t.name), &found, &choice, &signal, None);
    Ok(super::Reply::html(actix_web::http::StatusCode::OK, page))
}

/// POST /tenants/{id}/discover/watch: watches the app with the mailboxes ticked.
pub async fn watch_save(
    ctx: Ctx,
    id: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    let value = |k: &str| {
        form.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let s = ctx.require_form(Role::Admin, &value("_csrf"))?;
    let (t, activity) = tenant(&state, *id).await?;
    let signal = activity.state.clone();
    let choice = Choice {
        client_id: value("app"),
        name: value("name"),
        consumer_kind: value("consumer_kind"),
        secret: Some(value("client_secret")).filter(|v| !v.trim().is_empty()),
        mailboxes: form
            .iter()
            .filter(|(n, _)| n == "mailbox")
            .map(|(_, v)| v.clone())
            .collect(),
    };
    // Read again now: only what the directory holds at this moment is watched.
    let found = match watch::find(&state.checker, &t, activity, &choice.client_id).await {
        Ok(f) => f,
        Err(e) => return Ok(refused(&ctx, &t, &e)),
    };
    match watch::watch(&state.checker, &t, &found, &choice, &s.user.name).await {
        Ok(app_id) => Ok(super::see_other(&format!(
            "{}?watched=1",
            crate::key::paths::app(app_id)
        ))),
        Err(WatchError::Store(e)) => Err(e.into()),
        Err(
            e @ (WatchError::Invalid(_)
            | WatchError::SecretRefused(_)
            | WatchError::UnknownAccount(_)),
        ) => {
            // The form again, with what was chosen and what is wrong.
            let page = views::discover::watch_form(
                &ctx,
                (t.id, &t.name),
                &found,
                &Choice {
                    secret: None,
                    ..choice
                },
                &signal,
                Some(&e),
            );
            Ok(super::Reply::html(
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                page,
            ))
        }
        Err(e) => Ok(refused(&ctx, &t, &e)),
    }
}

/// Why nothing can be watched (the directory, the app gone or watched already).
fn refused(ctx: &Ctx, t: &TenantSpec, e: &WatchError) -> super::Reply {
    super::Reply::html(
        actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
        views::discover::watch_refused(ctx, (t.id, &t.name), e),
    )
}

/// The dismiss form.
#[derive(Deserialize)]
pub struct Dismiss {
    #[serde(rename = "_csrf")]
    csrf: String,
    app: String,
}

/// POST /tenants/{id}/discover/dismiss: an admin has seen a new mail app and leaves it
/// unwatched.
pub async fn dismiss(
    ctx: Ctx,
    id: web::Path<i64>,
    form: web::Form<Dismiss>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    let s = ctx.require_form(Role::Admin, &form.csrf)?;
    let (tenant_ref, app, who) = (*id, form.app.clone(), s.user.name.clone());
    super::db(&state, move |st| {
        st.dismiss_new_app(tenant_ref, &app, &who, Utc::now())
    })
    .await?;
    Ok(super::see_other("/"))
}

/// The "every app registration" form.
#[derive(Deserialize)]
pub struct WatchAllForm {
    #[serde(rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    on: Option<String>,
    #[serde(default)]
    exclude: String,
}

/// POST /tenants/{id}/watch-all: watch every app registration's expiry, or not (the next full
/// cycle adds or removes them).
pub async fn watch_all(
    ctx: Ctx,
    id: web::Path<i64>,
    form: web::Form<WatchAllForm>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    let s = ctx.require_form(Role::Admin, &form.csrf)?;
    let (tenant_ref, on, exclude, who) = (
        *id,
        form.on.is_some(),
        form.exclude.clone(),
        s.user.name.clone(),
    );
    super::db(&state, move |st| {
        st.set_watch_all(tenant_ref, on, &exclude, &who, Utc::now())
    })
    .await?;
    Ok(super::see_other(&format!(
        "{}#all-apps",
        crate::key::paths::tenant(tenant_ref)
    )))
}
