//! The dashboard through actix-web's test service: the demo tenant checked once, three
//! accounts (alice admin, oscar operator, vera viewer), sign-in, and GET/POST helpers.

use super::World;
use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::test;
use linkwatch::accounts::{hash_password, Role};
use linkwatch::commands::DEMO_SCENARIO;
use linkwatch::web::WebState;
use std::time::Duration;

/// The service `test::init_service` makes of the app.
pub trait Svc<B>:
    actix_web::dev::Service<
    actix_http::Request,
    Response = actix_web::dev::ServiceResponse<B>,
    Error = actix_web::Error,
>
{
}

impl<S, B> Svc<B> for S where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >
{
}

pub const PASSWORD: &str = "correct horse battery";

pub struct Dash {
    pub world: World,
    pub data: actix_web::web::Data<WebState>,
}

pub async fn dash() -> Dash {
    dash_in(World::demo().await).await
}

/// [`dash`] over another world that runs the demo scenario's tenants.
pub async fn dash_in(world: World) -> Dash {
    let rt = world.seed_links(DEMO_SCENARIO);
    rt.checker(Duration::ZERO).run_cycle().await.unwrap();
    let hash = hash_password(PASSWORD).unwrap();
    for (name, role) in [
        ("alice", Role::Admin),
        ("oscar", Role::Operator),
        ("vera", Role::Viewer),
    ] {
        rt.store
            .upsert_user(name, role, &hash, chrono::Utc::now())
            .unwrap();
    }
    let mut state = WebState {
        alerts: Default::default(),
        delivery: linkwatch::alerts::delivery::Delivery::new(
            rt.store.clone(),
            Vec::new(),
            None,
            60,
        ),
        ..rt.web_state(rt.checker(Duration::ZERO))
    };
    state.site.schedule = "0 */15 * * * *".into();
    Dash {
        world,
        data: actix_web::web::Data::new(state),
    }
}

/// The real app factory behind actix-web's test service.
#[allow(unused_macros)]
macro_rules! app {
    ($d:expr) => {
        actix_web::test::init_service(
            actix_web::App::new()
                .wrap(linkwatch::web::security_headers())
                .configure(linkwatch::web::configure($d.data.clone())),
        )
        .await
    };
}

/// Signs in with the test password and returns the session cookie.
pub async fn login<S, B>(app: &S, user: &str) -> Cookie<'static>
where
    S: Svc<B>,
    B: actix_web::body::MessageBody,
{
    login_with(app, user, PASSWORD)
        .await
        .unwrap_or_else(|s| panic!("login as {user}: {s}"))
}

/// The sign-in page's pre-login cookie, as a browser at `req`'s address gets it.
pub async fn pre_login<S, B>(app: &S, req: test::TestRequest) -> Cookie<'static>
where
    S: Svc<B>,
    B: actix_web::body::MessageBody,
{
    let resp = test::call_service(app, req.uri("/login").to_request()).await;
    resp.response()
        .cookies()
        .find(|c| c.name() == "lw_login")
        .expect("the sign-in page sets its cookie")
        .into_owned()
}

/// Signs in with `password`: the session cookie, or the status a refused sign-in answered
/// (without a session cookie).
pub async fn login_with<S, B>(
    app: &S,
    user: &str,
    password: &str,
) -> Result<Cookie<'static>, StatusCode>
where
    S: Svc<B>,
    B: actix_web::body::MessageBody,
{
    let pre = pre_login(app, test::TestRequest::get()).await;
    let req = test::TestRequest::post()
        .uri("/login")
        .cookie(pre.clone())
        .set_form([
            ("_csrf", pre.value()),
            ("username", user),
            ("password", password),
            ("next", "/"),
        ])
        .to_request();
    let resp = test::call_service(app, req).await;
    if resp.status() != StatusCode::SEE_OTHER {
        assert!(
            resp.response().cookies().all(|c| c.name() != "lw_session"),
            "a refused sign-in sets no session"
        );
        return Err(resp.status());
    }
    let c = resp
        .response()
        .cookies()
        .find(|c| c.name() == "lw_session")
        .expect("session cookie")
        .into_owned();
    assert!(c.http_only().unwrap_or(false));
    assert_eq!(c.same_site(), Some(actix_web::cookie::SameSite::Lax));
    Ok(c)
}

pub async fn get<S, B>(
    app: &S,
    path: &str,
    session: Option<&Cookie<'static>>,
    lang: Option<&str>,
) -> (StatusCode, String)
where
    S: Svc<B>,
    B: actix_web::body::MessageBody,
{
    let mut req = test::TestRequest::get().uri(path);
    if let Some(c) = session {
        req = req.cookie(c.clone());
    }
    if let Some(l) = lang {
        req = req.insert_header(("accept-language", l));
    }
    let resp = test::call_service(app, req.to_request()).await;
    let status = resp.status();
    let body = test::read_body(resp).await;
    (status, String::from_utf8_lossy(&body).into_owned())
}

pub fn csrf_of(html: &str) -> String {
    let i = html
        .find("name=\"_csrf\" value=\"")
        .expect("a form with a CSRF token")
        + 20;
    html[i..i + html[i..].find('"').unwrap()].to_string()
}

pub async fn post<S, B>(
    app: &S,
    path: &str,
    session: &Cookie<'static>,
    form: &[(&str, &str)],
) -> (StatusCode, String)
where
    S: Svc<B>,
    B: actix_web::body::MessageBody,
{
    let (status, _, body) = post_to(app, path, session, form).await;
    (status, body)
}

/// POSTs a form: the status, where it redirects (empty when it does not), and the body.
pub async fn post_to<S, B>(
    app: &S,
    path: &str,
    session: &Cookie<'static>,
    form: &[(&str, &str)],
) -> (StatusCode, String, String)
where
    S: Svc<B>,
    B: actix_web::body::MessageBody,
{
    let req = test::TestRequest::post()
        .uri(path)
        .cookie(session.clone())
        .set_form(form)
        .to_request();
    let resp = test::call_service(app, req).await;
    let status = resp.status();
    let location = resp
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (
        status,
        location,
        String::from_utf8_lossy(&test::read_body(resp).await).into_owned(),
    )
}
