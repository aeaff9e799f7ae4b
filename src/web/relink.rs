//! Re-linking a mailbox: an authorization-code flow with PKCE whose state is bound to the
//! session and the mailbox, used once and valid 10 minutes. The signed-in account is checked
//! against the mailbox's account before anything is stored.

use super::auth::Ctx;
use super::error::WebError;
use super::session::CsrfForm;
use super::views::relink::{self as views, Problem};
use super::WebState;
use crate::accounts::{token_hash, Role};
use crate::linking::Verdict;
use crate::store::{AppDetail, MailboxDetail, RelinkRefused};
use crate::usecases::relink::{self, Target};
use actix_web::web;

use serde::Deserialize;

/// The callback's address: `{public_url}/oauth/callback`, or the listen address's (never the
/// request's `Host` or forwarded headers, which anyone can write).
pub fn redirect_uri(state: &WebState) -> String {
    format!("{}/oauth/callback", state.site.base_url)
}

async fn load(
    state: &web::Data<WebState>,
    id: i64,
) -> Result<(MailboxDetail, AppDetail), WebError> {
    relink::load(&state.checker, id)
        .await?
        .ok_or(WebError::NotFound)
}

/// GET /mailboxes/{id}/relink: what is about to happen (the stable URL alerts carry).
pub async fn confirm(
    ctx: Ctx,
    id: web::Path<i64>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    ctx.require(Role::Operator)?;
    let (m, a) = load(&state, *id).await?;
    let page = views::confirm(
        &ctx,
        m.id,
        &m.address,
        &a.name,
        &Target::of_detail(&m, &a).scopes,
    );
    Ok(to_microsoft(&state, actix_web::http::StatusCode::OK, page))
}

/// A page whose form's answer redirects to the identity platform: the policy allows that one
/// origin as a form target (browsers apply form-action to redirects too).
pub(super) fn to_microsoft(
    state: &WebState,
    status: actix_web::http::StatusCode,
    page: maud::Markup,
) -> super::Reply {
    let origin = url::Url::parse(state.checker.graph.login_url())
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_default();
    let csp = super::CSP.replace(
        "form-action 'self'",
        &format!("form-action 'self' {origin}"),
    );
    super::Reply::html(status, page).header("Content-Security-Policy", csp)
}

/// POST /mailboxes/{id}/relink: starts the flow and sends the browser to Microsoft.
pub async fn start(
    ctx: Ctx,
    id: web::Path<i64>,
    form: web::Form<CsrfForm>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    let s = ctx.require_form(Role::Operator, &form.csrf)?;
    let (m, a) = load(&state, *id).await?;
    let session = token_hash(ctx.token.as_deref().unwrap_or(""));
    let redirect = redirect_uri(&state);
    let url = relink::start(
        &state.checker,
        &Target::of_detail(&m, &a),
        session,
        &redirect,
        &s.user.name,
    )
    .await
    .map_err(WebError::internal)?;
    Ok(super::Reply::redirect_away(url))
}

/// What comes back to the redirect URI.
#[derive(Deserialize)]
pub struct Callback {
    state: Option<String>,
    code: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

fn admin_consent_url(state: &WebState, t: &Target, scopes: &[String], redirect: &str) -> String {
    state
        .checker
        .graph
        .admin_consent_url(&t.tenant_id, &t.client_id, scopes, redirect)
}

/// GET /oauth/callback.
pub async fn callback(
    ctx: Ctx,
    q: web::Query<Callback>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    let s = ctx.require(Role::Operator)?;
    let l = ctx.lang;
    let page = |p: Problem| {
        Ok(super::Reply::html(
            actix_web::http::StatusCode::BAD_REQUEST,
            views::problem(&ctx, &p),
        ))
    };
    let session = token_hash(ctx.token.as_deref().unwrap_or(""));
    let flow = q.state.clone().unwrap_or_default();
    let who = s.user.name.clone();
    let (mailbox_id, verifier) = match relink::take(&state.checker, flow, session, &who).await? {
        Ok(t) => t,
        Err(why) => {
            let detail = match why {
                RelinkRefused::Unknown => l.t("this-sign-in-was-not-started"),
                RelinkRefused::Replayed => l.t("this-sign-in-result-was-already"),
                RelinkRefused::Expired => l.t("the-sign-in-took-longer-than"),
                RelinkRefused::OtherSession => l.t("this-sign-in-was-started-in"),
            };
            return page(Problem {
                title: l.t("the-mailbox-was-not-linked").into(),
                detail: detail.into(),
                steps: vec![l.t("start-the-re-link-again-from").into()],
                links: vec![],
                retry: Some("/".into()),
            });
        }
    };
    let (m, a) = load(&state, mailbox_id).await?;
    let target = Target::of_detail(&m, &a);
    let retry = Some(crate::key::paths::mailbox_sub(m.id, "relink"));
    let redirect = redirect_uri(&state);
    let scopes = target.scopes.clone();
    if let Some(error) = &q.error {
        let mut p = views::callback_error(
            l,
            error,
            q.error_description.as_deref().unwrap_or(""),
            &a.client_id,
            &redirect,
            &admin_consent_url(&state, &target, &scopes, &redirect),
        );
        p.retry = retry;
        relink::refused_by_microsoft(&state.checker, &target, q.error_description.clone(), &who)
            .await?;
        return page(p);
    }
    let code = q.code.as_deref().unwrap_or("");
    let verdict = match relink::redeem_code(
        &state.checker,
        &target,
        code,
        &verifier,
        &redirect,
        &who,
    )
    .await
    {
        Ok(v) => v,
        Err(relink::RelinkError::Store(e)) => return Err(e.into()),
        Err(relink::RelinkError::Gone) => return Err(WebError::NotFound),
        Err(e) => {
            return page(Problem {
                title: l.t("microsoft-did-not-link-the-mailbox").into(),
                detail: e.to_string(),
                steps: vec![],
                links: vec![],
                retry,
            });
        }
    };
    match verdict {
        Verdict::Stored { .. } => {}
        Verdict::WrongAccount { who } => {
            return page(Problem {
                title: l.t("signed-in-with-the-wrong-account").into(),
                detail: format!(
                    "{} {who}, {} {}.",
                    l.t("microsoft-signed-in"),
                    l.t("but-this-mailbox-is"),
                    m.address
                ),
                steps: vec![format!(
                    "{} {} {}",
                    l.t("try-again-when-microsoft-asks-which"),
                    m.address,
                    l.t("with-its-password")
                )],
                links: vec![],
                retry,
            })
        }
        Verdict::MissingScopes(missing) => {
            return page(Problem {
                title: l.t("permissions-are-missing-nothing-was-stored").into(),
                detail: format!(
                    "{} {}",
                    l.t("microsoft-granted-the-link-without"),
                    missing.join(", ")
                ),
                steps: vec![l.t("have-an-administrator-grant-consent-for").into()],
                links: vec![(
                    l.t("grant-admin-consent-as-an-administrator").into(),
                    admin_consent_url(&state, &target, &missing, &redirect),
                )],
                retry,
            })
        }
        Verdict::NoRefreshToken => {
            return page(Problem {
                title: l.t("no-refresh-token-came-back").into(),
                detail: l.t("microsoft-did-not-return-a-refresh").into(),
                steps: vec![],
                links: vec![],
                retry,
            })
        }
    }
    Ok(super::see_other(&format!(
        "{}?relinked=1",
        crate::key::paths::mailbox(m.id)
    )))
}
