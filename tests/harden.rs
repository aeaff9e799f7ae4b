//! linkwatch probed as an attacker on loopback would: alert destinations aimed at this machine
//! or the internal network, a stranger guessing an admin's password, redirects off the site,
//! forged forwarded headers and login-form tokens. Each test failed before the fix it covers.

#[macro_use]
mod support;
#[path = "support/receivers.rs"]
mod receivers;

use actix_web::http::StatusCode;
use actix_web::test;
use chrono::Utc;
use linkwatch::alerts::channel::ChannelDraft;
use std::time::{Duration, Instant};
use support::dash::{csrf_of, dash, get, login, post_to, pre_login, PASSWORD};
use support::World;

/// How the addresses of this machine can be written, and where each lands.
const LOOPBACK_FORMS: [(&str, &str); 9] = [
    ("127.0.0.1", "127.0.0.1"),
    ("[::1]", "::1"),
    ("localhost", "127.0.0.1"),
    ("0.0.0.0", "0.0.0.0"),
    ("2130706433", "127.0.0.1"),
    ("0x7f.1", "127.0.0.1"),
    ("127.1", "127.0.0.1"),
    ("[::ffff:127.0.0.1]", "127.0.0.1"),
    ("169.254.169.254", "169.254.169.254"),
];

#[actix_web::test]
async fn a_channel_entered_in_the_dashboard_cannot_reach_this_machine_or_the_internal_network() {
    let d = dash().await;
    let app = app!(d);
    let alice = login(&app, "alice").await;
    let (_, form) = get(
        &app,
        "/alerts/channels/new?kind=webhook",
        Some(&alice),
        None,
    )
    .await;
    let csrf = csrf_of(&form);
    let (port, hooks, _h) = receivers::plain_receiver().await;
    let (smtp_port, mails) = receivers::smtp_server();
    for (host, lands) in LOOPBACK_FORMS {
        for (kind, action) in [("webhook", "test"), ("slack", "test"), ("teams", "save")] {
            let url = format!("http://{host}:{port}/probe");
            let (status, _, page) = post_to(
                &app,
                "/alerts/channels/new",
                &alice,
                &[
                    ("_csrf", &csrf),
                    ("kind", kind),
                    ("name", "probe"),
                    ("url", &url),
                    ("action", action),
                ],
            )
            .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{kind} {host}");
            assert!(
                page.contains("is an address on this machine or the internal network")
                    && page.contains(lands),
                "{kind} {host}: the refusal names the address {lands}"
            );
        }
        let (status, _, page) = post_to(
            &app,
            "/alerts/channels/new",
            &alice,
            &[
                ("_csrf", &csrf),
                ("kind", "email"),
                ("name", "probe"),
                (
                    "smtp_host",
                    host.trim_start_matches('[').trim_end_matches(']'),
                ),
                ("smtp_port", &smtp_port.to_string()),
                ("tls", "none"),
                ("from", "lw@contoso.nl"),
                ("to", "it@contoso.nl"),
                ("action", "test"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "email {host}");
        assert!(
            page.contains("is an address on this machine"),
            "email {host}"
        );
    }
    assert!(
        hooks.lock().unwrap().is_empty(),
        "no request reached the listener"
    );
    assert!(
        mails.lock().unwrap().is_empty(),
        "no mail reached the SMTP server"
    );
    assert!(d.data.store.channels().unwrap().is_empty(), "nothing saved");
    // In Dutch too, naming the field's address.
    let (_, _, page) = post_to(
        &app,
        "/alerts/channels/new",
        &alice,
        &[
            ("_csrf", &csrf),
            ("kind", "webhook"),
            ("name", "probe"),
            ("url", "http://localhost:9101/x"),
            ("action", "save"),
        ],
    )
    .await;
    assert!(page.contains("localhost (127.0.0.1)"), "{page}");
}

/// A world with one revoked mailbox, whose alerts go to a channel stored as the dashboard
/// stores it.
async fn world_with_dashboard_channel(
    extra: &str,
    url: &str,
) -> (World, linkwatch::commands::Runtime) {
    let s = support::scenario(1, "").replace(
        "upn = \"m1@t.example.org\"\n",
        "upn = \"m1@t.example.org\"\nrevoked = true\n",
    );
    let w = World::start(&s, &format!("{extra}\n{}", support::config(1, ""))).await;
    w.seed_links(&s);
    let rt = w.runtime();
    let draft = ChannelDraft {
        name: "dash-hook".into(),
        kind: "webhook".into(),
        url: Some(url.into()),
        ..Default::default()
    };
    rt.store
        .save_channel(None, &draft, "alice", Utc::now())
        .unwrap();
    rt.alerting.channels.reload(&rt.store).unwrap();
    (w, rt)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_dashboard_channel_is_refused_at_delivery_unless_the_operator_allows_it() {
    let (port, hooks, _h) = receivers::plain_receiver().await;
    let url = format!("http://localhost:{port}/x");
    let (_w, rt) = world_with_dashboard_channel("", &url).await;
    let channel = rt.alerting.channels.get("dash-hook").unwrap();
    // Send a test: refused, naming the address; the audit log says so, without any reply.
    let err = linkwatch::usecases::test_alert::send(&rt.delivery(), &rt.store, &channel, "alice")
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("refused: localhost resolves to 127.0.0.1, which is a loopback address"),
        "{err}"
    );
    let audit = rt.store.audit_log(1, 0).unwrap();
    assert!(
        audit[0].detail.as_deref().unwrap().contains("loopback"),
        "{audit:?}"
    );
    // A delivery from the outbox: a permanent error, dead-lettered at once.
    rt.checker(Duration::ZERO).run_cycle().await.unwrap();
    let mut queued = 0;
    for m in rt.store.outbox_messages(50).unwrap() {
        queued += 1;
        assert_eq!(m.channel, "dash-hook");
    }
    assert!(queued > 0, "the cycle queued alerts");
    rt.delivery().deliver_due(Utc::now()).await;
    for m in rt.store.outbox_messages(50).unwrap() {
        assert_eq!(m.state, "dead", "{m:?}");
        let e = m.last_error.unwrap();
        assert!(
            e.contains("permanent error, not retried: refused: localhost resolves to 127.0.0.1"),
            "{e}"
        );
    }
    assert!(hooks.lock().unwrap().is_empty());

    // The operator allows private destinations: the same channel delivers.
    let (_w, rt) =
        world_with_dashboard_channel("[alerts]\nallow_private_destinations = true", &url).await;
    let channel = rt.alerting.channels.get("dash-hook").unwrap();
    linkwatch::usecases::test_alert::send(&rt.delivery(), &rt.store, &channel, "alice")
        .await
        .unwrap();
    assert_eq!(hooks.lock().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_are_not_followed_and_replies_show_their_status_not_their_body() {
    let (target, hits, _t) = receivers::plain_receiver().await;
    let (redirect, redirects, _r) =
        receivers::redirect_receiver(format!("http://127.0.0.1:{target}/internal")).await;
    let (missing, _, _m) = receivers::status_receiver(404, None).await;
    let (http_port, _, _p) = receivers::plain_receiver().await;
    let (heartbeat, pings, _b) =
        receivers::redirect_receiver(format!("http://127.0.0.1:{target}/ping")).await;
    let channels = format!(
        "[alerts]\nheartbeat_url = \"http://127.0.0.1:{heartbeat}/hb\"\n\
         [[alerts.channels]]\nname = \"moved\"\nkind = \"webhook\"\nurl = \"http://127.0.0.1:{redirect}/hook\"\n\
         [[alerts.channels]]\nname = \"missing\"\nkind = \"webhook\"\nurl = \"http://127.0.0.1:{missing}/hook\"\n\
         [[alerts.channels]]\nname = \"not-smtp\"\nkind = \"email\"\nsmtp_host = \"127.0.0.1\"\nsmtp_port = {http_port}\ntls = \"none\"\nfrom = \"lw@contoso.nl\"\nto = [\"it@contoso.nl\"]\n"
    );
    let s = support::scenario(1, "");
    let w = World::start(&s, &format!("{channels}{}", support::config(1, ""))).await;
    let rt = w.runtime();
    let delivery = rt.delivery();
    let test = |name: &str| {
        let channel = rt.alerting.channels.get(name).unwrap();
        let (delivery, store) = (delivery.clone(), rt.store.clone());
        async move {
            linkwatch::usecases::test_alert::send(&delivery, &store, &channel, "alice")
                .await
                .unwrap_err()
                .to_string()
        }
    };
    let moved = test("moved").await;
    assert!(
        moved.contains("302 Found (redirects are not followed)"),
        "{moved}"
    );
    assert_eq!(*redirects.lock().unwrap(), 1);
    let missing = test("missing").await;
    assert!(missing.contains("404 Not Found"), "{missing}");
    assert!(
        !missing.contains("as configured"),
        "the body is not shown: {missing}"
    );
    // An email channel aimed at an HTTP server: not SMTP, and its banner is never shown.
    let not_smtp = test("not-smtp").await;
    assert!(not_smtp.contains("not SMTP"), "{not_smtp}");
    assert!(!not_smtp.contains("HTTP/1.1"), "{not_smtp}");
    // The heartbeat does not follow its monitor's redirect either.
    rt.checker(Duration::ZERO).run_cycle().await.unwrap();
    let last = rt.store.last_heartbeat().unwrap().unwrap();
    assert!(
        last.error
            .as_deref()
            .unwrap_or("")
            .contains("redirects are not followed"),
        "{last:?}"
    );
    assert!(*pings.lock().unwrap() >= 1);
    assert!(
        hits.lock().unwrap().is_empty(),
        "nothing reached the redirect's target"
    );
}

/// A sign-in as a browser makes it: from `ip`, in `lang`, with a `next` path.
struct Attempt<'a> {
    ip: &'a str,
    user: &'a str,
    password: &'a str,
    lang: &'a str,
    next: &'a str,
}

/// The answer to a sign-in: status, where it redirects ("" when it does not), the page, and
/// how long the answer took.
struct Answer {
    status: StatusCode,
    location: String,
    page: String,
    took: Duration,
}

/// Gets the sign-in page, then posts the form from the attempt's address.
async fn sign_in<S, B>(app: &S, a: Attempt<'_>) -> Answer
where
    S: support::dash::Svc<B>,
    B: actix_web::body::MessageBody,
{
    let peer: std::net::SocketAddr = format!("{}:40000", a.ip).parse().unwrap();
    let pre = pre_login(app, test::TestRequest::get().peer_addr(peer)).await;
    let started = Instant::now();
    let post = test::TestRequest::post()
        .uri("/login")
        .peer_addr(peer)
        .insert_header(("accept-language", a.lang))
        .cookie(pre.clone())
        .set_form([
            ("_csrf", pre.value()),
            ("username", a.user),
            ("password", a.password),
            ("next", a.next),
        ]);
    let resp = test::call_service(app, post.to_request()).await;
    let took = started.elapsed();
    let (status, location) = (
        resp.status(),
        resp.headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default(),
    );
    let page = String::from_utf8_lossy(&test::read_body(resp).await).into_owned();
    Answer {
        status,
        location,
        page,
        took,
    }
}

/// [`sign_in`] in English to `/`: the status, the page and how long it took.
async fn sign_in_from<S, B>(
    app: &S,
    ip: &str,
    user: &str,
    password: &str,
) -> (StatusCode, String, Duration)
where
    S: support::dash::Svc<B>,
    B: actix_web::body::MessageBody,
{
    let a = Attempt {
        ip,
        user,
        password,
        lang: "en",
        next: "/",
    };
    let r = sign_in(app, a).await;
    (r.status, r.page, r.took)
}

#[actix_web::test]
async fn a_stranger_guessing_a_password_cannot_lock_its_owner_out() {
    let d = dash().await;
    let app = app!(d);
    let stranger = "127.0.0.9";
    for _ in 0..5 {
        let (status, _, _) = sign_in_from(&app, stranger, "alice", "guess guess guess").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    // The stranger's address may not try Alice again, however the name is written.
    for name in ["alice", "alice ", " Alice", "ALICE"] {
        let (status, page, _) = sign_in_from(&app, stranger, name, PASSWORD).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{name:?}");
        assert!(
            page.contains(
                "Too many wrong passwords for this name from your address. Try again in 15 minutes"
            ),
            "told plainly: {page}"
        );
    }
    // Alice, from her own address, signs in at once with her correct password.
    let (status, _, _) = sign_in_from(&app, "127.0.0.2", "alice", PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "the owner is not locked out");
    // Further wrong guesses from other addresses are answered late, growing: the name is
    // under attack. A correct password still goes through.
    let (status, _, took) = sign_in_from(&app, "127.0.0.3", "alice", "guess again").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        took >= Duration::from_secs(1),
        "the 6th wrong password waited {took:?}"
    );
    let (status, _, took) = sign_in_from(&app, "127.0.0.4", "alice", "guess again!").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        took >= Duration::from_secs(2),
        "the 7th wrong password waited {took:?}"
    );
    let (status, _, _) = sign_in_from(&app, "127.0.0.5", "Alice", PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // The hold and the slowing are in the audit log, with the address.
    let audit = d.data.store.audit_log(50, 0).unwrap();
    let held = audit
        .iter()
        .find(|e| e.action == "login.held")
        .expect("held audited");
    assert_eq!(
        (held.actor.as_str(), held.detail.as_deref()),
        ("alice", Some(stranger))
    );
    assert!(
        audit.iter().any(|e| e.action == "login.slowed"),
        "{audit:?}"
    );
    // In Dutch too.
    let attempt = Attempt {
        ip: stranger,
        user: "alice",
        password: PASSWORD,
        lang: "nl",
        next: "/",
    };
    let body = sign_in(&app, attempt).await.page;
    assert!(
        body.contains("Te vaak een verkeerd wachtwoord voor deze naam vanaf uw adres"),
        "{body}"
    );
}

#[actix_web::test]
async fn redirect_targets_stay_on_the_site_and_never_answer_500() {
    let d = dash().await;
    let app = app!(d);
    let location = |resp: &actix_web::dev::ServiceResponse<_>| {
        resp.headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let hostile = [
        "/%09/127.0.0.1:9101/x",
        "/%0a/evil.example",
        "/%0d%0aSet-Cookie:%20x=y",
        "/%00",
        "//evil.example",
        "/%5Cevil.example",
        "https://evil.example",
        "/%20/evil.example",
        "evil",
    ];
    for next in hostile {
        let resp = test::call_service(
            &app,
            test::TestRequest::get()
                .uri(&format!("/lang/en?next={next}"))
                .to_request(),
        )
        .await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{next}");
        assert_eq!(location(&resp), "/", "{next}");
    }
    // A plain local path is kept.
    let resp = test::call_service(
        &app,
        test::TestRequest::get()
            .uri("/lang/nl?next=/apps/1%3Ftab%3Dx")
            .to_request(),
    )
    .await;
    assert_eq!(location(&resp), "/apps/1?tab=x");
    // The login form's next and the ack/silence forms' back field.
    let oscar = login(&app, "oscar").await;
    let (_, page) = get(&app, "/", Some(&oscar), None).await;
    let csrf = csrf_of(&page);
    let key =
        "mailbox:contoso.onmicrosoft.com/a0000000-0000-4000-8000-000000000001/finance@contoso.nl";
    for back in [
        "/\t/127.0.0.1:9101/x",
        "/\n/evil.example",
        "/\r\nX: y",
        "/\0",
    ] {
        for (path, extra) in [
            ("/alerts/ack", vec![]),
            ("/alerts/silence", vec![("hours", "1"), ("reason", "test")]),
        ] {
            let mut form = vec![("_csrf", csrf.as_str()), ("key", key), ("back", back)];
            form.extend(extra);
            let (status, to, _) = post_to(&app, path, &oscar, &form).await;
            assert_eq!(
                (status, to.as_str()),
                (StatusCode::SEE_OTHER, "/"),
                "{path} {back:?}"
            );
        }
    }
    let attempt = Attempt {
        ip: "127.0.0.1",
        user: "oscar",
        password: PASSWORD,
        lang: "en",
        next: "/\t/127.0.0.1:9101/x",
    };
    let answer = sign_in(&app, attempt).await;
    assert_eq!(
        (answer.status, answer.location.as_str()),
        (StatusCode::SEE_OTHER, "/")
    );
}

#[actix_web::test]
async fn links_are_built_from_the_configuration_not_from_the_request() {
    let d = dash().await;
    let app = app!(d);
    let alice = login(&app, "alice").await;
    for path in ["/apps/1", "/manage/tenants/connect"] {
        let resp = test::call_service(
            &app,
            test::TestRequest::get()
                .uri(path)
                .cookie(alice.clone())
                .insert_header(("host", "evil.example"))
                .insert_header(("x-forwarded-host", "evil.example"))
                .insert_header(("x-forwarded-proto", "https"))
                .insert_header(("forwarded", "host=evil.example;proto=https"))
                .to_request(),
        )
        .await;
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        let page = String::from_utf8_lossy(&test::read_body(resp).await).into_owned();
        assert!(
            !page.contains("evil.example"),
            "{path}: a forged host in a link"
        );
        assert!(
            page.contains("http://127.0.0.1:8080/oauth/"),
            "{path}: the listen address"
        );
    }
    // The login form's token is signed by the server: a value planted in both the cookie and
    // the form does not pass.
    for planted in ["x", "abc.def"] {
        let resp = test::call_service(
            &app,
            test::TestRequest::post()
                .uri("/login")
                .cookie(actix_web::cookie::Cookie::new("lw_login", planted))
                .set_form([
                    ("_csrf", planted),
                    ("username", "alice"),
                    ("password", PASSWORD),
                ])
                .to_request(),
        )
        .await;
        assert_eq!(resp.status(), StatusCode::FORBIDDEN, "{planted}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_server_sends_hsts_behind_https_and_serve_needs_a_public_url_off_loopback() {
    let w = World::demo().await;
    let head = |public: Option<&str>| {
        let mut rt = w.runtime();
        rt.config.server.public_url = public.map(str::to_string);
        let state = rt.web_state(rt.checker(Duration::ZERO));
        let (addr, server) = linkwatch::web::start(state, "127.0.0.1:0").unwrap();
        tokio::spawn(server);
        async move {
            let r = reqwest::get(format!("http://{addr}/healthz"))
                .await
                .unwrap();
            r.headers()
                .get("strict-transport-security")
                .map(|v| v.to_str().unwrap().to_string())
        }
    };
    assert_eq!(
        head(Some("https://linkwatch.example.org")).await.as_deref(),
        Some("max-age=31536000")
    );
    assert_eq!(head(None).await, None);
    // Listening beyond loopback without a public URL: serve refuses, naming the setting.
    let out = w.run(&["serve", "--listen", "0.0.0.0:0"], None).await;
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("server.public_url: is required when the dashboard listens on 0.0.0.0:0"),
        "{err}"
    );
}
