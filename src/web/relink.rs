//! Re-linking a mailbox: an authorization-code flow with PKCE whose state is bound to the
//! session and the mailbox, used once and valid 10 minutes. The signed-in account is checked
//! against the mailbox's account before anything is stored.

use super::auth::Ctx;
use super::error::WebError;
use super::session::CsrfForm;
use super::views::relink::{self, Problem};
use super::WebState;
use crate::accounts::{random_token, token_hash, Role};
use crate::cycle::Scope;
use crate::graph::token::AuthorizeRequest;
use crate::linking::Verdict;
use crate::scopes;
use crate::store::{AppDetail, MailboxDetail, RelinkRefused};
use actix_web::{web, HttpRequest};
use chrono::Utc;

use serde::Deserialize;

/// The callback's address: `{public_url}/oauth/callback`, or this request's own host.
pub fn redirect_uri(req: &HttpRequest, state: &WebState) -> String {
    let base = match &state.public_url {
        Some(u) => u.trim_end_matches('/').to_string(),
        None => {
            let ci = req.connection_info();
            format!("{}://{}", ci.scheme(), ci.host())
        }
    };
    format!("{base}/oauth/callback")
}

async fn load(
    state: &web::Data<WebState>,
    id: i64,
) -> Result<(MailboxDetail, AppDetail), WebError> {
    let found = super::db(state, move |st| {
        let Some(m) = st.mailbox(id)? else {
            return Ok(None);
        };
        Ok(st.app(m.app_ref)?.map(|a| (m, a)))
    })
    .await?;
    found.ok_or(WebError::NotFound)
}

fn required(m: &MailboxDetail, a: &AppDetail) -> Vec<String> {
    m.required_scopes
        .clone()
        .unwrap_or_else(|| a.required_scopes.clone())
        .into_iter()
        .filter(|s| !scopes::is_oidc(s))
        .collect()
}

/// GET /mailboxes/{id}/relink: what is about to happen (the stable URL alerts carry).
pub async fn confirm(
    ctx: Ctx,
    id: web::Path<i64>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    ctx.require(Role::Operator)?;
    let (m, a) = load(&state, *id).await?;
    let page = relink::confirm(&ctx, m.id, &m.address, &a.name, &required(&m, &a));
    // This form's answer redirects to the identity platform: the policy must allow that one
    // origin as a form target (browsers apply form-action to redirects too).
    let origin = url::Url::parse(&state.login_url)
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_default();
    let csp = super::CSP.replace(
        "form-action 'self'",
        &format!("form-action 'self' {origin}"),
    );
    Ok(super::Reply::html(actix_web::http::StatusCode::OK, page)
        .header("Content-Security-Policy", csp))
}

/// POST /mailboxes/{id}/relink: starts the flow and sends the browser to Microsoft.
pub async fn start(
    req: HttpRequest,
    ctx: Ctx,
    id: web::Path<i64>,
    form: web::Form<CsrfForm>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    let s = ctx.require_form(Role::Operator, &form.csrf)?;
    let (m, a) = load(&state, *id).await?;
    let flow_state = random_token();
    let scopes = required(&m, &a);
    let redirect = redirect_uri(&req, &state);
    let (url, verifier) = state
        .checker
        .graph
        .authorize_url(&AuthorizeRequest {
            tenant: &a.tenant_id,
            client_id: &a.client_id,
            redirect_uri: &redirect,
            scopes: &scopes,
            state: &flow_state,
            login_hint: &m.address,
        })
        .map_err(WebError::internal)?;
    let session = token_hash(ctx.token.as_deref().unwrap_or(""));
    let (fs, who, mailbox) = (flow_state.clone(), s.user.name.clone(), m.id);
    super::db(&state, move |st| {
        st.start_relink(&fs, mailbox, &session, verifier.expose(), &who, Utc::now())
    })
    .await?;
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

fn admin_consent_url(state: &WebState, a: &AppDetail, scopes: &[String], redirect: &str) -> String {
    let graph = "https://graph.microsoft.com";
    let scope: Vec<String> = scopes.iter().map(|s| format!("{graph}/{s}")).collect();
    let q = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("client_id", &a.client_id)
        .append_pair("scope", &scope.join(" "))
        .append_pair("redirect_uri", redirect)
        .finish();
    format!(
        "{}/{}/v2.0/adminconsent?{q}",
        state.login_url.trim_end_matches('/'),
        a.tenant_id
    )
}

/// GET /oauth/callback.
pub async fn callback(
    req: HttpRequest,
    ctx: Ctx,
    q: web::Query<Callback>,
    state: web::Data<WebState>,
) -> Result<super::Reply, WebError> {
    let s = ctx.require(Role::Operator)?;
    let l = ctx.lang;
    let page = |p: Problem| {
        Ok(super::Reply::html(
            actix_web::http::StatusCode::BAD_REQUEST,
            relink::problem(&ctx, &p),
        ))
    };
    let session = token_hash(ctx.token.as_deref().unwrap_or(""));
    let flow = q.state.clone().unwrap_or_default();
    let taken = super::db(&state, move |st| {
        st.take_relink(&flow, &session, Utc::now())
    })
    .await?;
    let who = s.user.name.clone();
    let audit = |action: &'static str, target: Option<String>, detail: Option<String>| {
        let who = who.clone();
        super::db(&state, move |st| {
            st.audit(
                Utc::now(),
                &who,
                action,
                target.as_deref(),
                detail.as_deref(),
            )
        })
    };
    let (mailbox_id, verifier) = match taken {
        Ok(t) => t,
        Err(why) => {
            let detail = match why {
                RelinkRefused::Unknown => l.pick("This sign-in was not started from this linkwatch, or its mailbox was removed.", "Deze aanmelding is niet vanuit deze linkwatch gestart, of de mailbox is verwijderd."),
                RelinkRefused::Replayed => l.pick("This sign-in result was already used once; it cannot be used again.", "Dit aanmeldresultaat is al een keer gebruikt; het kan niet nog eens."),
                RelinkRefused::Expired => l.pick("The sign-in took longer than 10 minutes and has expired.", "De aanmelding duurde langer dan 10 minuten en is verlopen."),
                RelinkRefused::OtherSession => l.pick("This sign-in was started in another dashboard session.", "Deze aanmelding is in een andere dashboardsessie gestart."),
            };
            let _ = audit("relink.refused", None, Some(format!("{why:?}"))).await;
            return page(Problem {
                title: l
                    .pick("The mailbox was not linked", "De mailbox is niet gekoppeld")
                    .into(),
                detail: detail.into(),
                steps: vec![l
                    .pick(
                        "Start the re-link again from the mailbox's page.",
                        "Start het opnieuw koppelen nogmaals vanaf de pagina van de mailbox.",
                    )
                    .into()],
                links: vec![],
                retry: Some("/".into()),
            });
        }
    };
    let (m, a) = load(&state, mailbox_id).await?;
    let retry = Some(crate::key::paths::mailbox_sub(m.id, "relink"));
    let redirect = redirect_uri(&req, &state);
    let scopes = required(&m, &a);
    if let Some(error) = &q.error {
        let mut p = relink::callback_error(
            l,
            error,
            q.error_description.as_deref().unwrap_or(""),
            &a.client_id,
            &redirect,
            &admin_consent_url(&state, &a, &scopes, &redirect),
        );
        p.retry = retry;
        let _ = audit(
            "relink.error",
            Some(format!("mailbox:{}", m.id)),
            q.error_description.clone(),
        )
        .await;
        return page(p);
    }
    let app_id = a.id;
    let secret = super::db(&state, move |st| st.load_tenants())
        .await?
        .into_iter()
        .flat_map(|t| t.apps)
        .find(|x| x.id == app_id)
        .and_then(|x| x.client_secret)
        .ok_or(WebError::NotFound)?;
    let graph = &state.checker.graph;
    let redeemed = match graph
        .exchange_code(
            &a.tenant_id,
            &a.client_id,
            &secret,
            q.code.as_deref().unwrap_or(""),
            &verifier,
            &redirect,
        )
        .await
    {
        Ok(r) => r,
        Err(e) => {
            return page(Problem {
                title: l
                    .pick(
                        "Microsoft did not link the mailbox",
                        "Microsoft heeft de mailbox niet gekoppeld",
                    )
                    .into(),
                detail: e.to_string(),
                steps: vec![],
                links: vec![],
                retry,
            });
        }
    };
    match crate::linking::finish(graph, &state.store, &a.tenant_id, m.id, &m.object_id, &scopes, redeemed, &s.user.name).await? {
        Verdict::Stored { .. } => {}
        Verdict::WrongAccount { who } => {
            return page(Problem {
                title: l.pick("Signed in with the wrong account: nothing was stored", "Aangemeld met het verkeerde account: er is niets opgeslagen").into(),
                detail: format!("{} {who}, {} {}.", l.pick("Microsoft signed in", "Microsoft meldde aan:"), l.pick("but this mailbox is", "maar deze mailbox is"), m.address),
                steps: vec![format!("{} {} {}", l.pick("Try again. When Microsoft asks which account, choose \"Use another account\" and type", "Probeer opnieuw. Vraagt Microsoft welk account, kies dan \"Een ander account gebruiken\" en typ"), m.address, l.pick("with its password.", "met het wachtwoord ervan."))],
                links: vec![],
                retry,
            })
        }
        Verdict::MissingScopes(missing) => {
            return page(Problem {
                title: l.pick("Permissions are missing: nothing was stored", "Er ontbreken machtigingen: er is niets opgeslagen").into(),
                detail: format!("{} {}", l.pick("Microsoft granted the link without:", "Microsoft gaf de koppeling zonder:"), missing.join(", ")),
                steps: vec![l.pick("Have an administrator grant consent for the organisation, then re-link.", "Laat een beheerder toestemming geven voor de organisatie en koppel daarna opnieuw.").into()],
                links: vec![(l.pick("Grant admin consent (as an administrator)", "Beheerderstoestemming geven (als beheerder)").into(), admin_consent_url(&state, &a, &missing, &redirect))],
                retry,
            })
        }
        Verdict::NoRefreshToken => {
            return page(Problem { title: l.pick("No refresh token came back", "Er kwam geen vernieuwingstoken terug").into(), detail: l.pick("Microsoft did not return a refresh token (offline_access was not granted).", "Microsoft gaf geen vernieuwingstoken terug (offline_access is niet toegekend).").into(), steps: vec![], links: vec![], retry })
        }
    }
    state.checker.run(Scope::Mailbox(m.id)).await?;
    Ok(super::see_other(&format!(
        "{}?relinked=1",
        crate::key::paths::mailbox(m.id)
    )))
}
