//! The dashboard through actix-web's test service with the real app factory, against the
//! simulator's demo tenant: routes, roles, CSRF, sessions, languages, headers, and that no
//! secret or token is ever rendered.

#[macro_use]
mod support;

use actix_web::http::StatusCode;
use actix_web::test;
use linkwatch::commands::DEMO_SCENARIO;
use support::dash::{csrf_of, dash, get, login, login_with, post, post_to, Dash, PASSWORD};

fn id_of(d: &Dash, address: &str) -> i64 {
    let tenants = d.data.store.load_tenants().unwrap();
    tenants
        .iter()
        .flat_map(|t| &t.apps)
        .flat_map(|a| &a.mailboxes)
        .find(|m| m.address == address)
        .unwrap()
        .id
}

#[actix_web::test]
async fn signed_out_goes_to_login_and_login_works() {
    let d = dash().await;
    let app = app!(d);
    let resp = test::call_service(&app, test::TestRequest::get().uri("/apps/1").to_request()).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        resp.headers().get("location").unwrap(),
        "/login?next=%2Fapps%2F1"
    );

    // Wrong password: 401, a message, no session.
    assert_eq!(
        login_with(&app, "alice", "nope nope nope")
            .await
            .unwrap_err(),
        StatusCode::UNAUTHORIZED
    );
    // A login POST without the pre-login token is refused.
    let req = test::TestRequest::post()
        .uri("/login")
        .set_form([
            ("_csrf", "x"),
            ("username", "alice"),
            ("password", PASSWORD),
        ])
        .to_request();
    assert_eq!(
        test::call_service(&app, req).await.status(),
        StatusCode::FORBIDDEN
    );

    let s = login(&app, "alice").await;
    let (st, body) = get(&app, "/", Some(&s), None).await;
    assert_eq!(st, StatusCode::OK);
    assert!(body.contains("<h1>Overview</h1>"));
    // Sign out ends the session.
    let req = test::TestRequest::post()
        .uri("/logout")
        .cookie(s.clone())
        .set_form([("_csrf", csrf_of(&body))])
        .to_request();
    assert_eq!(
        test::call_service(&app, req).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        get(&app, "/", Some(&s), None).await.0,
        StatusCode::SEE_OTHER
    );
}

#[actix_web::test]
async fn every_page_renders_for_a_viewer_with_safe_headers_and_no_script() {
    let d = dash().await;
    let app = app!(d);
    let s = login(&app, "vera").await;
    let finance = id_of(&d, "finance@contoso.nl");
    let pages = [
        "/".to_string(),
        "/tenants/1".into(),
        "/apps/2".into(),
        format!("/mailboxes/{finance}"),
        "/history".into(),
        "/?status=critical&page=1".into(),
        "/?q=contoso&code=link_revoked".into(),
    ];
    for p in &pages {
        let resp = test::call_service(
            &app,
            test::TestRequest::get()
                .uri(p)
                .cookie(s.clone())
                .to_request(),
        )
        .await;
        assert_eq!(resp.status(), StatusCode::OK, "{p}");
        let h = resp.headers();
        let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
        assert!(
            csp.contains("default-src 'none'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
        assert_eq!(h.get("x-frame-options").unwrap(), "DENY");
        let body = String::from_utf8_lossy(&test::read_body(resp).await).into_owned();
        assert!(!body.contains("<script"), "{p}: no script needed");
        assert!(body.contains("name=\"viewport\""), "{p}: phone-ready");
    }
    assert_eq!(
        get(&app, "/apps/9999", Some(&s), None).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/nowhere", Some(&s), None).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/assets/style.css", None, None).await.0,
        StatusCode::OK
    );
}

#[actix_web::test]
async fn roles_and_csrf_guard_every_action() {
    let d = dash().await;
    let app = app!(d);
    let finance = id_of(&d, "finance@contoso.nl");
    let path = format!("/mailboxes/{finance}/check");
    // A viewer may not check now.
    let vera = login(&app, "vera").await;
    let (_, page) = get(&app, "/", Some(&vera), None).await;
    assert!(
        !page.contains("action=\"/check\""),
        "viewers see no check button"
    );
    let req = test::TestRequest::post()
        .uri(&path)
        .cookie(vera.clone())
        .set_form([("_csrf", csrf_of(&page))])
        .to_request();
    assert_eq!(
        test::call_service(&app, req).await.status(),
        StatusCode::FORBIDDEN
    );
    // An operator may, with the session's CSRF token only.
    let oscar = login(&app, "oscar").await;
    let (_, page) = get(&app, &format!("/mailboxes/{finance}"), Some(&oscar), None).await;
    for bad in ["", "forged-token"] {
        let req = test::TestRequest::post()
            .uri(&path)
            .cookie(oscar.clone())
            .set_form([("_csrf", bad)])
            .to_request();
        assert_eq!(
            test::call_service(&app, req).await.status(),
            StatusCode::FORBIDDEN,
            "csrf {bad:?}"
        );
    }
    // The user re-links in real life; here the simulator forgets the revocation, Econobis
    // itself polls again (its own sign-ins must work too), and "check now" shows the new
    // state when the page reloads.
    {
        let mut sim = d.world.sim.state();
        sim.user_mut("finance@contoso.nl").unwrap().revoked = false;
        linkwatch::simulator::signins::poll(
            &mut sim,
            0,
            "a0000000-0000-4000-8000-000000000001",
            chrono::Utc::now(),
        );
    }
    let req = test::TestRequest::post()
        .uri(&path)
        .cookie(oscar.clone())
        .set_form([("_csrf", csrf_of(&page))])
        .to_request();
    let resp = test::call_service(&app, req).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let (_, after) = get(&app, &format!("/mailboxes/{finance}"), Some(&oscar), None).await;
    assert!(after.contains("badge ok"), "finance@ is OK after the check");
    assert!(!after.contains("link_revoked</code></h3>"));
    let audit = d.data.store.audit_log(10, 0).unwrap();
    assert!(audit.iter().any(|a| a.actor == "oscar"
        && a.action == "check_now"
        && a.target.as_deref() == Some(&format!("mailbox:{finance}")[..])));
    // Unauthenticated POSTs go to login.
    let req = test::TestRequest::post()
        .uri("/check")
        .set_form([("_csrf", "x")])
        .to_request();
    assert_eq!(
        test::call_service(&app, req).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[actix_web::test]
async fn dutch_and_english_follow_the_browser_and_the_switch() {
    let d = dash().await;
    let app = app!(d);
    let s = login(&app, "vera").await;
    let finance = format!("/mailboxes/{}", id_of(&d, "finance@contoso.nl"));
    let (_, nl) = get(&app, &finance, Some(&s), Some("nl-NL,nl;q=0.9,en;q=0.5")).await;
    assert!(nl.contains("<html lang=\"nl\">"));
    assert!(
        nl.contains("Mailboxkoppeling werkt niet meer"),
        "finding title in Dutch"
    );
    assert!(
        nl.contains("Koppel de mailbox opnieuw"),
        "fix steps in Dutch"
    );
    assert!(
        nl.contains("De toestemming is ingetrokken"),
        "AADSTS50173 explained in Dutch"
    );
    let (_, en) = get(&app, &finance, Some(&s), Some("en-GB")).await;
    assert!(en.contains("Mailbox link no longer works") && en.contains("Re-link the mailbox"));
    // The switch is remembered in a cookie and wins over the browser.
    let resp = test::call_service(
        &app,
        test::TestRequest::get()
            .uri("/lang/en?next=/history")
            .to_request(),
    )
    .await;
    assert_eq!(resp.headers().get("location").unwrap(), "/history");
    let lang = resp
        .response()
        .cookies()
        .find(|c| c.name() == "lw_lang")
        .unwrap()
        .into_owned();
    let req = test::TestRequest::get()
        .uri(&finance)
        .cookie(s.clone())
        .cookie(lang)
        .insert_header(("accept-language", "nl"))
        .to_request();
    let body = String::from_utf8_lossy(&test::read_body(test::call_service(&app, req).await).await)
        .into_owned();
    assert!(body.contains("<html lang=\"en\">"));
    // An open redirect is not possible through the switch.
    let resp = test::call_service(
        &app,
        test::TestRequest::get()
            .uri("/lang/nl?next=//evil.example")
            .to_request(),
    )
    .await;
    assert_eq!(resp.headers().get("location").unwrap(), "/");
}

#[actix_web::test]
async fn overview_filters_and_explains() {
    let d = dash().await;
    let app = app!(d);
    let s = login(&app, "vera").await;
    let (_, all) = get(&app, "/", Some(&s), None).await;
    assert!(
        all.contains("<span class=\"n\">13</span><span class=\"label\">Critical</span>"),
        "counts per status"
    );
    assert!(
        all.contains("Expiring in the next 90 days") && all.contains("<svg class=\"timeline\"")
    );
    assert!(
        all.contains("ImageCapture"),
        "the expiring secret is on the timeline"
    );
    let crit_pos = all.find("badge critical").unwrap();
    let ok_pos = all.find("badge ok").unwrap();
    assert!(crit_pos < ok_pos, "worst first");
    let (_, revoked) = get(&app, "/?code=link_revoked", Some(&s), None).await;
    assert!(revoked.contains("finance@contoso.nl") && !revoked.contains("info@contoso.nl"));
    let (_, q) = get(&app, "/?q=archive", Some(&s), None).await;
    assert!(q.contains("archive@contoso.nl") && !q.contains("finance@contoso.nl"));
    let (_, ok) = get(&app, "/?status=ok", Some(&s), None).await;
    assert!(!ok.contains("badge critical\""), "only ok rows");
    let app_page = get(&app, "/apps/2", Some(&s), None).await.1;
    assert!(app_page.contains("Secrets and certificates") && app_page.contains("in use"));
    assert!(
        app_page.contains("<table class=\"matrix\">"),
        "permission matrix"
    );
}

#[actix_web::test]
async fn overview_is_each_users_own_and_follows_every_change_at_once() {
    let d = dash().await;
    let app = app!(d);
    let (a, v) = (login(&app, "alice").await, login(&app, "vera").await);
    let (_, pa) = get(&app, "/", Some(&a), None).await;
    let (_, pv) = get(&app, "/", Some(&v), None).await;
    assert_ne!(
        csrf_of(&pa),
        csrf_of(&pv),
        "each session its own CSRF token"
    );
    assert!(pa.contains("alice (admin)") && !pa.contains("vera"));
    assert!(pv.contains("vera (viewer)") && !pv.contains("alice"));
    assert!(pa.contains("href=\"/manage\"") && !pv.contains("href=\"/manage\""));
    let tenant = |name: &str| linkwatch::store::TenantInput {
        tenant_id: format!("{}.example", name.to_lowercase().replace(' ', "-")),
        name: name.into(),
        monitor_client_id: None,
        monitor_secret: None,
    };
    // A commit by another connection to the file, as `check --once` beside `serve` makes.
    d.world
        .store()
        .save_tenant(None, &tenant("Fabrikam Zeta"), "test", chrono::Utc::now())
        .unwrap();
    let (_, after) = get(&app, "/", Some(&v), None).await;
    assert!(
        after.contains("Fabrikam Zeta"),
        "another process's commit shows at once"
    );
    // A write through the server's own connection.
    d.data
        .store
        .save_tenant(None, &tenant("Fabrikam Eta"), "test", chrono::Utc::now())
        .unwrap();
    let (_, after) = get(&app, "/", Some(&v), None).await;
    assert!(
        after.contains("Fabrikam Eta"),
        "our own write shows at once"
    );
    assert_eq!(csrf_of(&after), csrf_of(&pv), "still vera's token");
}

#[actix_web::test]
async fn no_secret_or_token_is_ever_rendered() {
    let d = dash().await;
    let app = app!(d);
    let s = login(&app, "alice").await;
    let mut secrets: Vec<String> = Vec::new();
    for t in d.data.store.load_tenants().unwrap() {
        if let Some((_, m)) = &t.monitor {
            secrets.push(m.expose().to_string());
        }
        for a in &t.apps {
            secrets.extend(a.client_secret.as_ref().map(|s| s.expose().to_string()));
            for m in &a.mailboxes {
                secrets.extend(
                    m.link
                        .as_ref()
                        .map(|l| l.refresh_token.expose().to_string()),
                );
            }
        }
    }
    secrets.extend(
        linkwatch::simulator::Scenario::parse(DEMO_SCENARIO)
            .unwrap()
            .tenants
            .iter()
            .flat_map(|t| {
                t.apps
                    .iter()
                    .flat_map(|a| a.links.iter().map(|l| l.refresh_token.clone()))
            }),
    );
    assert!(secrets.len() > 20);
    let mut paths = vec![
        "/".to_string(),
        "/history".into(),
        "/tenants/1".into(),
        "/tenants/2".into(),
    ];
    for t in d.data.store.load_tenants().unwrap() {
        for a in &t.apps {
            paths.push(format!("/apps/{}", a.id));
            paths.extend(a.mailboxes.iter().map(|m| format!("/mailboxes/{}", m.id)));
        }
    }
    for p in &paths {
        let (st, body) = get(&app, p, Some(&s), None).await;
        assert_eq!(st, StatusCode::OK, "{p}");
        for secret in &secrets {
            assert!(
                !body.contains(secret.as_str()),
                "{p} shows a secret or token"
            );
        }
    }
}

#[actix_web::test]
async fn sign_in_attempts_are_rate_limited() {
    let d = dash().await;
    let app = app!(d);
    let resp = test::call_service(&app, test::TestRequest::get().uri("/login").to_request()).await;
    let pre = resp
        .response()
        .cookies()
        .find(|c| c.name() == "lw_login")
        .unwrap()
        .into_owned();
    let mut statuses = Vec::new();
    for _ in 0..7 {
        let req = test::TestRequest::post()
            .uri("/login")
            .cookie(pre.clone())
            .set_form([
                ("_csrf", pre.value()),
                ("username", "alice"),
                ("password", "guess guess guess"),
            ])
            .to_request();
        statuses.push(test::call_service(&app, req).await.status().as_u16());
    }
    assert_eq!(statuses, vec![401, 401, 401, 401, 401, 429, 429]);
}

#[actix_web::test]
async fn admins_manage_targets_with_validation_and_nothing_half_saved() {
    let d = dash().await;
    let app = app!(d);
    for who in ["vera", "oscar"] {
        let s = login(&app, who).await;
        assert_eq!(
            get(&app, "/manage", Some(&s), None).await.0,
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }
    let s = login(&app, "alice").await;
    let (st, page) = get(&app, "/manage/tenants/new", Some(&s), None).await;
    assert_eq!(st, StatusCode::OK);
    let csrf = csrf_of(&page);
    let tenants_before = d.data.store.tenants().unwrap().len();

    // Wrong fields: the form comes back with a message next to each, nothing is written.
    let (st, body) = post(
        &app,
        "/manage/tenants/new",
        &s,
        &[
            ("_csrf", &csrf),
            ("tenant_id", "not a tenant"),
            ("monitor_client_id", "xyz"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("Enter a GUID or a domain name.") && body.contains("Not a GUID."),
        "{body}"
    );
    assert!(body.contains("aria-invalid=\"true\""));
    assert_eq!(d.data.store.tenants().unwrap().len(), tenants_before);
    // Without the CSRF token: refused.
    assert_eq!(
        post(
            &app,
            "/manage/tenants/new",
            &s,
            &[("tenant_id", "new.example.org")]
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );

    // A tenant, an app registration and a mailbox.
    let (st, _) = post(
        &app,
        "/manage/tenants/new",
        &s,
        &[
            ("_csrf", &csrf),
            ("tenant_id", "new.example.org"),
            ("name", "New Co"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let tenant = d
        .data
        .store
        .tenants()
        .unwrap()
        .into_iter()
        .find(|t| t.tenant_id == "new.example.org")
        .unwrap();
    assert!(!tenant.from_config);
    let tid = tenant.id.to_string();
    let (st, body) = post(
        &app,
        "/manage/apps/new",
        &s,
        &[
            ("_csrf", &csrf),
            ("tenant_ref", &tid),
            ("client_id", "nope"),
            ("name", ""),
            ("consumer_kind", "generic"),
            ("secret_expires", "next year"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    for msg in [
        "Not a GUID",
        "Enter a name.",
        "Enter the client secret",
        "Not a date such as 2027-05-01.",
    ] {
        assert!(body.contains(msg), "{msg}");
    }
    let secret = "Zq9~a-very-secret-value-for-the-form";
    let (st, _) = post(
        &app,
        "/manage/apps/new",
        &s,
        &[
            ("_csrf", &csrf),
            ("tenant_ref", &tid),
            ("client_id", "c0000000-0000-4000-8000-000000000001"),
            ("name", "Ticketing"),
            ("client_secret", secret),
            ("consumer_kind", "generic"),
            ("secret_expires", "2027-05-01"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let new_app = d.data.store.apps_of_tenant(tenant.id).unwrap().remove(0);
    assert_eq!(new_app.secret_hint.as_deref(), Some("Zq9"));
    assert_eq!(
        new_app.required_scopes,
        vec!["User.Read", "Mail.Read", "offline_access"],
        "defaults of the consumer kind"
    );
    let aid = new_app.id.to_string();
    let desk = [
        ("_csrf", csrf.as_str()),
        ("app_ref", aid.as_str()),
        ("address", "desk@new.example.org"),
        ("object_id", "d0000000-0000-4000-8000-000000000001"),
    ];
    let (st, _) = post(&app, "/manage/mailboxes/new", &s, &desk).await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    // The same mailbox twice: a message, not an error page.
    let (st, body) = post(&app, "/manage/mailboxes/new", &s, &desk).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("already exists"));

    // The secret is never shown again: not on the edit form, not on the app page.
    for p in [
        format!("/manage/apps/{aid}"),
        format!("/apps/{aid}"),
        "/".into(),
        "/history".into(),
    ] {
        let (st, body) = get(&app, &p, Some(&s), None).await;
        assert_eq!(st, StatusCode::OK, "{p}");
        assert!(!body.contains(secret), "{p}");
    }
    // Editing without a new secret keeps the stored one.
    let (st, _) = post(
        &app,
        &format!("/manage/apps/{aid}"),
        &s,
        &[
            ("_csrf", &csrf),
            ("tenant_ref", &tid),
            ("client_id", "c0000000-0000-4000-8000-000000000001"),
            ("name", "Ticketing 2"),
            ("consumer_kind", "generic"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let t = d
        .data
        .store
        .load_tenants()
        .unwrap()
        .into_iter()
        .find(|t| t.tenant_id == "new.example.org")
        .unwrap();
    assert_eq!(t.apps[0].client_secret.as_ref().unwrap().expose(), secret);
    assert_eq!(t.apps[0].name, "Ticketing 2");

    // Targets from the config file are read-only.
    assert_eq!(
        get(&app, "/manage/apps/1", Some(&s), None).await.0,
        StatusCode::NOT_FOUND
    );
    let (st, body) = post(
        &app,
        "/manage/apps/1",
        &s,
        &[
            ("_csrf", &csrf),
            ("tenant_ref", "1"),
            ("client_id", "a0000000-0000-4000-8000-000000000001"),
            ("name", "Hijack"),
            ("consumer_kind", "generic"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("declared in the config file"));
    assert_eq!(
        post(
            &app,
            "/manage/tenants/1/delete",
            &s,
            &[("_csrf", &csrf), ("confirm", "yes")]
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );

    // Delete, confirmed: the tenant goes with its app and mailbox.
    assert_eq!(
        post(
            &app,
            &format!("/manage/tenants/{tid}/delete"),
            &s,
            &[("_csrf", &csrf), ("confirm", "yes")]
        )
        .await
        .0,
        StatusCode::SEE_OTHER
    );
    assert!(d.data.store.tenant(tenant.id).unwrap().is_none());
    let actions: Vec<String> = d
        .data
        .store
        .audit_log(50, 0)
        .unwrap()
        .into_iter()
        .filter(|a| a.actor == "alice")
        .map(|a| a.action)
        .collect();
    for a in ["tenant.save", "app.save", "mailbox.save", "tenant.delete"] {
        assert!(
            actions.iter().any(|x| x == a),
            "{a} in the audit log: {actions:?}"
        );
    }
}

#[actix_web::test]
async fn operators_acknowledge_and_silence_viewers_cannot() {
    let d = dash().await;
    let app = app!(d);
    let finance = id_of(&d, "finance@contoso.nl");
    let key =
        "mailbox:contoso.onmicrosoft.com/a0000000-0000-4000-8000-000000000001/finance@contoso.nl";
    let page_path = format!("/mailboxes/{finance}");
    let vera = login(&app, "vera").await;
    let (_, page) = get(&app, &page_path, Some(&vera), None).await;
    assert!(
        !page.contains("action=\"/alerts/ack\""),
        "viewers see no alert actions"
    );
    let (st, _) = post(
        &app,
        "/alerts/ack",
        &vera,
        &[
            ("_csrf", &csrf_of(&page)),
            ("key", key),
            ("back", &page_path),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    let oscar = login(&app, "oscar").await;
    let (_, page) = get(&app, &page_path, Some(&oscar), None).await;
    let csrf = csrf_of(&page);
    assert_eq!(
        post(
            &app,
            "/alerts/ack",
            &oscar,
            &[("_csrf", &csrf), ("key", key), ("back", &page_path)]
        )
        .await
        .0,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        post(
            &app,
            "/alerts/silence",
            &oscar,
            &[
                ("_csrf", &csrf),
                ("key", key),
                ("back", &page_path),
                ("hours", "4"),
                ("reason", "user on holiday")
            ]
        )
        .await
        .0,
        StatusCode::SEE_OTHER
    );
    let (_, page) = get(&app, &page_path, Some(&oscar), None).await;
    assert!(
        page.contains("Acknowledged by oscar")
            && page.contains("Silenced until")
            && page.contains("user on holiday"),
        "state shown on the page"
    );
    let s = d
        .data
        .store
        .alert_state(key, "contoso.onmicrosoft.com")
        .unwrap();
    assert_eq!(s.acked_by.as_deref(), Some("oscar"));
    assert!(s.silenced_until.unwrap() > chrono::Utc::now() + chrono::Duration::hours(3));
    // Unknown keys are refused; the audit log has both actions.
    assert_eq!(
        post(
            &app,
            "/alerts/ack",
            &oscar,
            &[("_csrf", &csrf), ("key", "mailbox:nope"), ("back", "/")]
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let actions: Vec<_> = d
        .data
        .store
        .audit_log(20, 0)
        .unwrap()
        .into_iter()
        .filter(|a| a.actor == "oscar")
        .map(|a| a.action)
        .collect();
    assert!(
        actions.contains(&"alert.acknowledge".to_string())
            && actions.contains(&"alert.silence".to_string())
    );

    // A tenant maintenance window, from the tenant page.
    let (_, tpage) = get(&app, "/tenants/1", Some(&oscar), None).await;
    assert!(tpage.contains("Maintenance window"));
    assert_eq!(
        post(
            &app,
            "/alerts/silence",
            &oscar,
            &[
                ("_csrf", &csrf),
                ("key", "tenant:contoso.onmicrosoft.com"),
                ("back", "/tenants/1"),
                ("hours", "24"),
                ("reason", "tenant migration")
            ]
        )
        .await
        .0,
        StatusCode::SEE_OTHER
    );
    let (_, tpage) = get(&app, "/tenants/1", Some(&oscar), None).await;
    assert!(
        tpage.contains("No alerts for this tenant until") && tpage.contains("tenant migration")
    );
    let (st, alerts) = get(&app, "/alerts", Some(&vera), None).await;
    assert_eq!(st, StatusCode::OK);
    assert!(
        alerts.contains("No channels"),
        "the alerts page explains an empty configuration"
    );
}

#[actix_web::test]
async fn health_and_readiness() {
    let d = dash().await;
    let app = app!(d);
    assert_eq!(
        get(&app, "/healthz", None, None).await,
        (StatusCode::OK, "ok".to_string())
    );
    let (st, body) = get(&app, "/readyz", None, None).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["ready"], true);
    assert_eq!(json["database"], "ok");
    assert_eq!(json["max_age_secs"], 2700, "three 15-minute intervals");
}

#[actix_web::test]
async fn prometheus_metrics_for_loopback_only() {
    let d = dash().await;
    let app = app!(d);
    let remote = test::TestRequest::get()
        .uri("/metrics")
        .peer_addr("192.0.2.10:5000".parse().unwrap())
        .to_request();
    assert_eq!(
        test::call_service(&app, remote).await.status(),
        StatusCode::FORBIDDEN
    );
    let proxied = test::TestRequest::get()
        .uri("/metrics")
        .peer_addr("127.0.0.1:5000".parse().unwrap())
        .insert_header(("x-forwarded-for", "198.51.100.7"))
        .to_request();
    assert_eq!(
        test::call_service(&app, proxied).await.status(),
        StatusCode::FORBIDDEN,
        "relayed by a local proxy is not local"
    );
    let local = test::TestRequest::get()
        .uri("/metrics")
        .peer_addr("127.0.0.1:5000".parse().unwrap())
        .to_request();
    let resp = test::call_service(&app, local).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let text = String::from_utf8_lossy(&test::read_body(resp).await).into_owned();
    assert!(text.contains("linkwatch_credential_expiry_timestamp_seconds{tenant=\"contoso.onmicrosoft.com\",app=\"a0000000-0000-4000-8000-000000000004\""), "{text}");
    let finance = text
        .lines()
        .find(|l| l.starts_with("linkwatch_target_status{") && l.contains("finance@contoso.nl"))
        .unwrap();
    assert!(finance.ends_with(" 2"), "critical is 2: {finance}");
    assert!(text.contains("linkwatch_cycle_duration_seconds "));
    assert!(text.contains("linkwatch_http_calls_total{outcome=\"ok\"}"));
    assert!(text.contains("linkwatch_outbox_messages{state=\"dead\"} 0"));
    // Seconds since the application's own last successful sign-in (signal 4).
    let age = |target: &str| -> Option<f64> {
        text.lines()
            .find(|l| {
                l.starts_with("linkwatch_consumer_last_success_age_seconds{")
                    && l.contains(&format!("target=\"{target}\""))
            })
            .and_then(|l| l.rsplit(' ').next()?.parse().ok())
    };
    assert!(
        age("info@contoso.nl").is_some_and(|s| s < 3600.0),
        "Econobis polls info@ every 15 minutes:\n{text}"
    );
    assert!(
        // 72 h before the simulator started, give or take the second the times are cut to.
        age("scan@contoso.nl").is_some_and(|s| s > 3.0 * 86400.0 - 2.0),
        "ImageCapture stopped 3 days ago"
    );
    assert_eq!(
        age("welcome@contoso.nl"),
        None,
        "never succeeded in the look-back"
    );
    assert!(text.trim_end().ends_with("# EOF"));
}

#[actix_web::test]
async fn json_api_with_tokens_matches_its_openapi_document() {
    let d = dash().await;
    let app = app!(d);
    let alice = login(&app, "alice").await;
    // Admins create a token on the dashboard; it is shown once.
    let (_, page) = get(&app, "/api-tokens", Some(&alice), None).await;
    let req = test::TestRequest::post()
        .uri("/api-tokens")
        .cookie(alice.clone())
        .set_form([("_csrf", csrf_of(&page).as_str()), ("name", "grafana")])
        .to_request();
    let body = String::from_utf8_lossy(&test::read_body(test::call_service(&app, req).await).await)
        .into_owned();
    let i = body.find("id=\"new-token\">").unwrap() + 15;
    let token = body[i..i + body[i..].find('<').unwrap()].to_string();
    assert!(token.starts_with("lw_"));
    assert!(
        !get(&app, "/api-tokens", Some(&alice), None)
            .await
            .1
            .contains(&token),
        "never shown again"
    );
    let vera = login(&app, "vera").await;
    assert_eq!(
        get(&app, "/api-tokens", Some(&vera), None).await.0,
        StatusCode::FORBIDDEN
    );

    let api = |path: &str, bearer: Option<&str>| {
        let mut r = test::TestRequest::get().uri(path);
        if let Some(b) = bearer {
            r = r.insert_header(("authorization", format!("Bearer {b}")));
        }
        r.to_request()
    };
    assert_eq!(
        test::call_service(&app, api("/api/v1/status", None))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        test::call_service(&app, api("/api/v1/status", Some("lw_forged")))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );

    let doc: serde_json::Value = serde_json::from_slice(
        &test::read_body(test::call_service(&app, api("/api/v1/openapi.json", None)).await).await,
    )
    .unwrap();
    let schemas = doc["components"]["schemas"].clone();
    let resolve = |s: &serde_json::Value| -> serde_json::Value {
        match s["$ref"].as_str() {
            Some(r) => schemas[r.rsplit('/').next().unwrap()].clone(),
            None => s.clone(),
        }
    };
    // Every documented path answers with every required field, one level of arrays deep.
    for (path, item) in doc["paths"].as_object().unwrap() {
        let resp = test::call_service(&app, api(&format!("/api/v1{path}"), Some(&token))).await;
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        let body: serde_json::Value = serde_json::from_slice(&test::read_body(resp).await).unwrap();
        let schema = &item["get"]["responses"]["200"]["content"]["application/json"]["schema"];
        for field in schema["required"].as_array().unwrap() {
            let field = field.as_str().unwrap();
            assert!(body.get(field).is_some(), "{path}: {field} missing");
            let prop = resolve(&schema["properties"][field]);
            if prop["type"] == "array" {
                let items = resolve(&prop["items"]);
                for element in body[field].as_array().unwrap() {
                    for f in items["required"].as_array().into_iter().flatten() {
                        assert!(
                            element.get(f.as_str().unwrap()).is_some(),
                            "{path}: {field}[].{f} missing"
                        );
                    }
                }
                assert!(
                    !body[field].as_array().unwrap().is_empty(),
                    "{path}: {field} has items to check"
                );
            }
        }
    }
    let status: serde_json::Value = serde_json::from_slice(
        &test::read_body(test::call_service(&app, api("/api/v1/status", Some(&token))).await).await,
    )
    .unwrap();
    assert_eq!(status["status"], "critical");
    assert_eq!(status["counts"]["critical"], 13);
    let crit: serde_json::Value = serde_json::from_slice(
        &test::read_body(
            test::call_service(
                &app,
                api("/api/v1/targets?status=critical&per_page=5", Some(&token)),
            )
            .await,
        )
        .await,
    )
    .unwrap();
    assert_eq!(
        (
            crit["total"].as_u64(),
            crit["targets"].as_array().unwrap().len()
        ),
        (Some(13), 5)
    );
    assert!(d.data.store.api_tokens().unwrap()[0].last_used_at.is_some());
}

#[actix_web::test]
async fn manage_finds_mailboxes_and_pages_through_them() {
    let d = dash().await;
    let app = app!(d);
    let s = login(&app, "alice").await;
    let (_, page) = get(&app, "/manage?q=FINANCE", Some(&s), None).await;
    assert!(page.contains("finance@contoso.nl") && !page.contains("info@contoso.nl"));
    assert!(
        page.contains("value=\"FINANCE\""),
        "the search stays in its field"
    );
    let (_, page) = get(&app, "/manage?q=helpdesk", Some(&s), None).await;
    assert!(
        page.contains("helpdesk@contoso.nl"),
        "found by its app's name"
    );
    assert!(!page.contains("rel=\"next\""), "one page");

    let tenant = d.data.store.tenants().unwrap()[0].id;
    let app_ref = d.data.store.apps_of_tenant(tenant).unwrap()[0].id;
    for i in 0..130 {
        let m = linkwatch::store::MailboxInput {
            app_ref,
            address: format!("bulk{i:03}@contoso.nl"),
            object_id: format!("22222222-0000-4000-8000-{i:012}"),
            required_scopes: None,
        };
        d.data
            .store
            .save_mailbox(None, &m, "test", chrono::Utc::now())
            .unwrap();
    }
    let (_, first) = get(&app, "/manage?q=bulk", Some(&s), None).await;
    assert!(
        first.contains("bulk000@") && first.contains("bulk099@") && !first.contains("bulk100@")
    );
    assert!(first.contains("Page 1 / 2 · 130 items"), "{first}");
    assert!(first.contains("href=\"/manage?q=bulk&amp;page=2\""));
    let (_, second) = get(&app, "/manage?q=bulk&page=2", Some(&s), None).await;
    assert!(
        second.contains("bulk100@") && second.contains("bulk129@") && !second.contains("bulk099@")
    );
    let (status, past) = get(&app, "/manage?q=bulk&page=99", Some(&s), None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        past.contains("Page 2 / 2"),
        "a page past the end shows the last"
    );
}

#[actix_web::test]
async fn history_finds_a_targets_changes_and_a_users_actions() {
    let d = dash().await;
    let app = app!(d);
    let s = login(&app, "vera").await;
    let _ = login(&app, "alice").await;
    let (_, all) = get(&app, "/history", Some(&s), None).await;
    assert!(all.contains("finance@contoso.nl") && all.contains("info@contoso.nl"));
    let (status, page) = get(&app, "/history?q=FINANCE", Some(&s), None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("finance@contoso.nl") && !page.contains("info@contoso.nl"));
    assert!(
        page.contains("value=\"FINANCE\""),
        "the search stays in its field"
    );
    let finance = id_of(&d, "finance@contoso.nl");
    assert!(
        page.contains(&format!(
            "<a href=\"/mailboxes/{finance}\">finance@contoso.nl</a>"
        )),
        "each change links to its target's page"
    );
    let helpdesk_app = "a0000000-0000-4000-8000-000000000002";
    let (_, page) = get(&app, &format!("/history?q={helpdesk_app}"), Some(&s), None).await;
    assert!(
        page.contains("\">Helpdesk</a>") && page.contains("\">helpdesk@contoso.nl</a>"),
        "an app registration's changes and its mailboxes', by client id"
    );
    // Sign-ins are folded: counted, listed on request.
    let (_, page) = get(&app, "/history?q=alice", Some(&s), None).await;
    assert!(
        page.contains("1 sign-in not listed.") && !page.contains("<code>login</code>"),
        "{page}"
    );
    let (_, page) = get(&app, "/history?q=alice&signins=1", Some(&s), None).await;
    assert!(page.contains("<td>alice</td>") && page.contains("<code>login</code>"));
    assert!(!page.contains("<td>vera</td>"), "only alice's actions");
    // Keys of targets that no longer exist (or are not keys) get no link.
    let links = d
        .data
        .store
        .target_links(&[
            "mailbox:t.example.org/a0000000-0000-4000-8000-000000000009/x@y",
            "app:x",
            "junk",
        ])
        .unwrap();
    assert!(links.is_empty(), "{links:?}");
    // LIKE's wildcards are taken literally.
    let (_, page) = get(&app, "/history?q=%25", Some(&s), None).await;
    assert!(!page.contains("finance@contoso.nl") && !page.contains("<td>alice</td>"));
}

#[actix_web::test]
async fn discover_page_lists_the_tenants_mail_apps_unwatched_first() {
    let d = dash().await;
    let app = app!(d);
    let tenants = d.data.store.load_tenants().unwrap();
    let id = |name: &str| tenants.iter().find(|t| t.tenant_id == name).unwrap().id;
    let contoso = format!("/tenants/{}/discover", id("contoso.onmicrosoft.com"));

    let vera = login(&app, "vera").await;
    let (code, _) = get(&app, &contoso, Some(&vera), None).await;
    assert_eq!(
        code,
        StatusCode::FORBIDDEN,
        "a viewer does not read the directory"
    );

    let oscar = login(&app, "oscar").await;
    let (_, tenant_page) = get(
        &app,
        &format!("/tenants/{}", id("contoso.onmicrosoft.com")),
        Some(&oscar),
        None,
    )
    .await;
    assert!(
        tenant_page.contains(&contoso),
        "the tenant page links to Discover"
    );
    let (code, en) = get(&app, &contoso, Some(&oscar), Some("en")).await;
    assert_eq!(code, StatusCode::OK);
    assert!(en.contains("not watched."), "{en}");
    let scanner = en
        .find("Invoice scanner")
        .expect("the unwatched delegated app");
    let mailer = en
        .find("Alerts mailer")
        .expect("the unwatched app-only app");
    let econobis = en.find("Econobis").expect("a watched app");
    assert!(
        mailer < econobis && scanner < econobis,
        "unwatched apps come first"
    );
    assert!(en.contains("app-only: every mailbox"));
    assert!(
        en.contains("sales@contoso.nl"),
        "the account the scanner reaches"
    );
    assert!(!en.contains("Inv~demo"), "no secret value is rendered");

    let (_, nl) = get(&app, &contoso, Some(&oscar), Some("nl-NL")).await;
    assert!(
        nl.contains("niet bewaakt") && nl.contains("Mailmachtigingen"),
        "Dutch"
    );

    let fabrikam = format!("/tenants/{}/discover", id("fabrikam.onmicrosoft.com"));
    let (code, page) = get(&app, &fabrikam, Some(&oscar), None).await;
    assert_eq!(code, StatusCode::OK);
    assert!(
        page.contains("could not be read") && page.contains("Application.Read.All"),
        "says which permission the monitor app lacks: {page}"
    );
}

#[actix_web::test]
async fn an_admin_watches_a_discovered_app_with_its_mailboxes_without_typing_an_id() {
    let d = dash().await;
    let app = app!(d);
    let store = &d.data.store;
    let tenants = store.load_tenants().unwrap();
    let tenant = |name: &str| tenants.iter().find(|t| t.tenant_id == name).unwrap().id;
    let contoso = tenant("contoso.onmicrosoft.com");
    let scanner = "a0000000-0000-4000-8000-000000000007";
    let form_url = format!("/tenants/{contoso}/discover/watch");

    // Operators see the list but not the action; admins get a Watch link per unwatched app.
    let oscar = login(&app, "oscar").await;
    let (_, list) = get(
        &app,
        &format!("/tenants/{contoso}/discover"),
        Some(&oscar),
        None,
    )
    .await;
    assert!(!list.contains("discover/watch"), "operators cannot watch");
    let (code, _) = get(
        &app,
        &format!("{form_url}?app={scanner}"),
        Some(&oscar),
        None,
    )
    .await;
    assert_eq!(code, StatusCode::FORBIDDEN);
    let alice = login(&app, "alice").await;
    let (_, list) = get(
        &app,
        &format!("/tenants/{contoso}/discover"),
        Some(&alice),
        None,
    )
    .await;
    assert!(
        list.contains(&format!("{form_url}?app={scanner}")),
        "{list}"
    );

    // The form: the name and the guessed kind filled in, the account it reaches ticked, nothing
    // to type but an optional secret; it says which signals the app will have.
    let (code, form) = get(
        &app,
        &format!("{form_url}?app={scanner}"),
        Some(&alice),
        Some("en"),
    )
    .await;
    assert_eq!(code, StatusCode::OK);
    assert!(form.contains("value=\"Invoice scanner\""), "{form}");
    assert!(form.contains("sales@contoso.nl") && form.contains("checked"));
    assert!(
        form.contains("What linkwatch will watch")
            && form.contains("only when you give the secret")
    );
    assert!(!form.contains("Inv~demo"), "no secret value is rendered");
    let csrf = csrf_of(&form);
    let (_, nl) = get(
        &app,
        &format!("{form_url}?app={scanner}"),
        Some(&alice),
        Some("nl"),
    )
    .await;
    assert!(
        nl.contains("Te bewaken mailboxen") && nl.contains("Deze app bewaken"),
        "Dutch"
    );

    let apps_before = store.apps_of_tenant(contoso).unwrap().len();
    // A wrong secret: Microsoft refuses it, nothing is saved.
    let sales = "11111111-0000-4000-8000-000000000002";
    let (code, page) = post(
        &app,
        &form_url,
        &alice,
        &[
            ("_csrf", &csrf),
            ("app", scanner),
            ("name", "Scanner"),
            ("consumer_kind", "generic"),
            ("mailbox", sales),
            ("client_secret", "not-the-secret"),
        ],
    )
    .await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Microsoft refused a token with this secret"),
        "{page}"
    );
    assert!(
        !page.contains("not-the-secret"),
        "a typed secret is not echoed"
    );
    // An account the app does not reach: refused by name, nothing saved.
    let (code, page) = post(
        &app,
        &form_url,
        &alice,
        &[
            ("_csrf", &csrf),
            ("app", scanner),
            ("name", "Scanner"),
            ("consumer_kind", "generic"),
            ("mailbox", "11111111-0000-4000-8000-000000000099"),
        ],
    )
    .await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("is not a mailbox this app reaches"), "{page}");
    // A blank name: the field says so.
    let (code, page) = post(
        &app,
        &form_url,
        &alice,
        &[
            ("_csrf", &csrf),
            ("app", scanner),
            ("name", " "),
            ("consumer_kind", "generic"),
            ("mailbox", sales),
        ],
    )
    .await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Enter a name."), "{page}");
    // An app that is not a mail app of this tenant.
    let (code, page) = post(
        &app,
        &form_url,
        &alice,
        &[
            ("_csrf", &csrf),
            ("app", "a0000000-0000-4000-8000-00000000ffff"),
            ("name", "X"),
            ("consumer_kind", "generic"),
        ],
    )
    .await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("not among the tenant's mail apps"), "{page}");
    assert_eq!(
        store.apps_of_tenant(contoso).unwrap().len(),
        apps_before,
        "nothing half-saved"
    );

    // Watched: the app and its mailbox, no secret, checked at once and audited.
    let (code, _) = post(
        &app,
        &form_url,
        &alice,
        &[
            ("_csrf", &csrf),
            ("app", scanner),
            ("name", "Invoice scanner"),
            ("consumer_kind", "generic"),
            ("mailbox", sales),
        ],
    )
    .await;
    assert_eq!(code, StatusCode::SEE_OTHER);
    let watched = store
        .apps_of_tenant(contoso)
        .unwrap()
        .into_iter()
        .find(|a| a.client_id == scanner)
        .expect("the app is watched");
    assert_eq!(watched.name, "Invoice scanner");
    assert!(watched.secret_hint.is_none());
    assert_eq!(
        watched.required_scopes,
        ["Mail.ReadWrite"],
        "the mail permissions it has"
    );
    let mailboxes = store.mailboxes_of_app(watched.id).unwrap();
    assert_eq!(mailboxes.len(), 1);
    assert_eq!(
        (
            mailboxes[0].address.as_str(),
            mailboxes[0].object_id.as_str()
        ),
        ("sales@contoso.nl", sales)
    );
    let key = format!("app:contoso.onmicrosoft.com/{scanner}");
    assert!(
        store.target_state(&key).unwrap().is_some(),
        "checked at once"
    );
    assert!(store
        .audit_log(20, 0)
        .unwrap()
        .iter()
        .any(|e| e.action == "app.watch" && e.actor == "alice"));
    let (_, page) = get(
        &app,
        &format!("/apps/{}?watched=1", watched.id),
        Some(&alice),
        Some("en"),
    )
    .await;
    assert!(page.contains("Watched, with 1 mailbox."), "{page}");
    // Without its secret it is still checked: through the directory (the secret that lasts
    // longest expires in 20 days) and the application's sign-ins.
    let findings = store.target_state(&key).unwrap().unwrap().findings;
    assert_eq!(
        findings.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(),
        ["secret_expiring"],
        "{findings:?}"
    );
    let mailbox = store
        .target_state(&format!(
            "mailbox:contoso.onmicrosoft.com/{scanner}/sales@contoso.nl"
        ))
        .unwrap()
        .unwrap();
    assert!(
        mailbox
            .findings
            .iter()
            .all(|f| f.code.as_str() != "not_linked"),
        "watched through the sign-ins, so not 'not linked': {:?}",
        mailbox.findings
    );
    assert!(
        page.contains("Sign-in with its secret: off"),
        "the page says which signals it has"
    );
    // Discover now says it is watched, and a second watch is refused.
    let (_, list) = get(
        &app,
        &format!("/tenants/{contoso}/discover"),
        Some(&alice),
        None,
    )
    .await;
    assert!(!list.contains(&format!("{form_url}?app={scanner}")));
    let (code, page) = post(
        &app,
        &form_url,
        &alice,
        &[
            ("_csrf", &csrf),
            ("app", scanner),
            ("name", "Again"),
            ("consumer_kind", "generic"),
            ("mailbox", sales),
        ],
    )
    .await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("watched already"), "{page}");

    // A tenant whose directory cannot be read: nothing is created from a failed read.
    let fabrikam = tenant("fabrikam.onmicrosoft.com");
    let before = store.apps_of_tenant(fabrikam).unwrap().len();
    let (code, page) = post(
        &app,
        &format!("/tenants/{fabrikam}/discover/watch"),
        &alice,
        &[
            ("_csrf", &csrf),
            ("app", scanner),
            ("name", "X"),
            ("consumer_kind", "generic"),
        ],
    )
    .await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("could not be read") && page.contains("Application.Read.All"),
        "{page}"
    );
    assert_eq!(store.apps_of_tenant(fabrikam).unwrap().len(), before);
}

/// Answers Microsoft's simulated admin-consent page (`accept` or `cancel`): where it sends the
/// admin back, as the path and query linkwatch receives.
async fn consent_at_microsoft(consent_url: &str, answer: &str) -> String {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = http.get(consent_url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Permissions requested"));
    let url = url::Url::parse(consent_url).unwrap();
    let mut form: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    form.push(("answer".into(), answer.into()));
    let back = http.post(consent_url).form(&form).send().await.unwrap();
    assert_eq!(back.status(), 302);
    let to = url::Url::parse(back.headers()["location"].to_str().unwrap()).unwrap();
    // The browser drops the fragment (the real cancel ends in a stray `#`).
    format!("{}?{}", to.path(), to.query().unwrap_or(""))
}

#[actix_web::test]
async fn an_admin_connects_a_tenant_with_one_consent_and_nothing_is_saved_until_it_applies() {
    let d = dash().await;
    let app = app!(d);
    let store = &d.data.store;
    let alice = login(&app, "alice").await;
    let tenants_before = store.tenants().unwrap().len();

    // The page: the monitor app's permissions and which signal each feeds; English and Dutch.
    let (code, page) = get(&app, "/manage/tenants/connect", Some(&alice), Some("en")).await;
    assert_eq!(code, StatusCode::OK);
    for want in [
        "Connect a tenant",
        "Application.Read.All",
        "AuditLog.Read.All",
        "d0000000-0000-4000-8000-0000000000ff",
        "/oauth/adminconsent",
    ] {
        assert!(page.contains(want), "{want}: {page}");
    }
    let (_, nl) = get(&app, "/manage/tenants/connect", Some(&alice), Some("nl")).await;
    assert!(nl.contains("Tenant koppelen") && nl.contains("Verder naar Microsoft"));
    let oscar = login(&app, "oscar").await;
    assert_eq!(
        get(&app, "/manage/tenants/connect", Some(&oscar), None)
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let csrf = csrf_of(&page);

    // Not a tenant: said next to the field, nothing started.
    let (code, _, body) = post_to(
        &app,
        "/manage/tenants/connect",
        &alice,
        &[("_csrf", &csrf), ("tenant", "not a tenant")],
    )
    .await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Enter the tenant's domain"), "{body}");
    // A domain Microsoft does not know (its discovery document answers AADSTS90002): refused
    // here, with what to type instead, instead of leaving the admin on Microsoft's error page.
    let (code, to, body) = post_to(
        &app,
        "/manage/tenants/connect",
        &alice,
        &[("_csrf", &csrf), ("tenant", "northwind.nl")],
    )
    .await;
    assert_eq!((code, to.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, ""));
    assert!(
        body.contains("Microsoft does not know the tenant northwind.nl (AADSTS90002)")
            && body.contains("name.onmicrosoft.com"),
        "{body}"
    );
    let req = test::TestRequest::post()
        .uri("/manage/tenants/connect")
        .cookie(alice.clone())
        .insert_header(("accept-language", "nl"))
        .set_form([("_csrf", csrf.as_str()), ("tenant", "northwind.nl")])
        .to_request();
    let nl = String::from_utf8_lossy(&test::read_body(test::call_service(&app, req).await).await)
        .into_owned();
    assert!(
        nl.contains("Microsoft kent de tenant northwind.nl niet"),
        "{nl}"
    );
    assert!(
        d.data
            .store
            .tenants()
            .unwrap()
            .iter()
            .all(|t| t.tenant_id != "northwind.nl"),
        "nothing saved"
    );

    let start = |name: &'static str| {
        let (app, alice, csrf) = (&app, &alice, csrf.clone());
        async move {
            let (code, to, _) = post_to(
                app,
                "/manage/tenants/connect",
                alice,
                &[
                    ("_csrf", &csrf),
                    ("tenant", "northwind.onmicrosoft.com"),
                    ("name", name),
                    ("watch_all", "yes"),
                ],
            )
            .await;
            assert_eq!(code, StatusCode::SEE_OTHER);
            assert!(
                to.contains("/northwind.onmicrosoft.com/v2.0/adminconsent?")
                    && to.contains("state="),
                "{to}"
            );
            to
        }
    };

    // The admin cancels at Microsoft (the real reply: no tenant, a trailing #): said plainly.
    let url = start("Northwind").await;
    let back = consent_at_microsoft(&url, "cancel").await;
    assert!(
        back.contains("error=access_denied") && !back.contains("tenant="),
        "{back}"
    );
    let (code, page) = get(&app, &back, Some(&alice), Some("en")).await;
    assert_eq!(code, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("The administrator cancelled") && page.contains("nothing was saved"),
        "{page}"
    );
    // The same answer again: replayed.
    let (_, page) = get(&app, &back, Some(&alice), Some("en")).await;
    assert!(page.contains("already used once"), "{page}");
    // A forged state.
    let (code, page) = get(
        &app,
        "/oauth/adminconsent?admin_consent=True&tenant=x&state=forged",
        Some(&alice),
        Some("en"),
    )
    .await;
    assert_eq!(code, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("does not belong to a connection started here"),
        "{page}"
    );
    // Another session of the same admin cannot take it.
    let url = start("Northwind").await;
    let back = consent_at_microsoft(&url, "accept").await;
    let other = login(&app, "alice").await;
    let (_, page) = get(&app, &back, Some(&other), Some("en")).await;
    assert!(page.contains("another dashboard session"), "{page}");
    assert_eq!(
        store.tenants().unwrap().len(),
        tenants_before,
        "nothing saved so far"
    );

    // Accepted: linkwatch waits until the consent reaches the token service, then saves.
    let url = start("Northwind").await;
    let back = consent_at_microsoft(&url, "accept").await;
    assert!(
        back.contains("admin_consent=True")
            && back.contains("tenant=6f1b2c3d-0000-4000-8000-0000000000a7"),
        "{back}"
    );
    let req = test::TestRequest::get()
        .uri(&back)
        .cookie(alice.clone())
        .to_request();
    let resp = test::call_service(&app, req).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let wait = resp
        .headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let (code, page) = get(&app, &wait, Some(&alice), Some("en")).await;
    assert_eq!(code, StatusCode::OK);
    assert!(
        page.contains("Waiting for Microsoft") && page.contains("http-equiv=\"refresh\""),
        "the consent takes a few seconds to apply: {page}"
    );
    assert_eq!(
        store.tenants().unwrap().len(),
        tenants_before,
        "not saved while waiting"
    );
    let mut page = String::new();
    for _ in 0..30 {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        page = get(&app, &wait, Some(&alice), Some("en")).await.1;
        if !page.contains("Waiting for Microsoft") {
            break;
        }
    }
    assert!(page.contains("Connected: Northwind"), "{page}");
    assert!(
        page.contains("✓") && !page.contains("✗"),
        "every permission granted: {page}"
    );
    let t = store
        .tenants()
        .unwrap()
        .into_iter()
        .find(|t| t.name == "Northwind")
        .expect("saved");
    assert_eq!(
        t.tenant_id, "6f1b2c3d-0000-4000-8000-0000000000a7",
        "the directory's id, from the token"
    );
    assert_eq!(
        t.monitor_client_id.as_deref(),
        Some("d0000000-0000-4000-8000-0000000000ff")
    );
    assert!(store
        .audit_log(50, 0)
        .unwrap()
        .iter()
        .any(|e| e.action == "tenant.connect"
            && e.detail
                .as_deref()
                .is_some_and(|d| d.contains("Application.Read.All"))));
    // Every app registration's expiry is watched too (the box was ticked): after a cycle, the
    // payroll connector's secret is critical; Entra Connect's app is left out, and Application
    // Proxy's self-renewing secrets never page.
    d.data
        .checker
        .run(linkwatch::cycle::Scope::All)
        .await
        .unwrap();
    let apps = store.apps_of_tenant(t.id).unwrap();
    let names: Vec<&str> = apps.iter().map(|a| a.name.as_str()).collect();
    assert!(
        names.contains(&"Payroll connector") && names.contains(&"Intranet (Application Proxy)"),
        "{names:?}"
    );
    assert!(
        !names
            .iter()
            .any(|n| n.starts_with("ConnectSyncProvisioning_")),
        "{names:?}"
    );
    assert!(apps.iter().all(|a| a.expiry_only));
    let state = |client: &str| {
        store
            .target_state(&format!("app:{}/{client}", t.tenant_id))
            .unwrap()
            .unwrap()
    };
    let payroll = state("c0000000-0000-4000-8000-000000000002");
    assert_eq!(
        payroll.status,
        linkwatch::model::Severity::Critical,
        "{:?}",
        payroll.findings
    );
    assert_eq!(payroll.findings[0].code.as_str(), "secret_expiring");
    let proxy = state("c0000000-0000-4000-8000-000000000003");
    assert!(proxy.findings.is_empty(), "{:?}", proxy.findings);
    // Its mail apps can be discovered at once, the consumer guessed from the redirect URI.
    let (code, page) = get(
        &app,
        &format!("/tenants/{}/discover", t.id),
        Some(&alice),
        Some("en"),
    )
    .await;
    assert_eq!(code, StatusCode::OK);
    assert!(
        page.contains("Mail koppeling")
            && page.contains("probably Econobis")
            && page.contains("info@northwind.nl"),
        "{page}"
    );

    // A consent that came back for another tenant than asked: refused, nothing saved.
    let url = start("Elsewhere").await;
    let back = consent_at_microsoft(&url, "accept").await;
    let forged = back.replace(
        "tenant=6f1b2c3d-0000-4000-8000-0000000000a7",
        "tenant=6f1b2c3d-0000-4000-8000-00000000fab1",
    );
    let req = test::TestRequest::get()
        .uri(&forged)
        .cookie(alice.clone())
        .to_request();
    let resp = test::call_service(&app, req).await;
    let wait = resp
        .headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let (code, page) = get(&app, &wait, Some(&alice), Some("en")).await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("another tenant"), "{page}");
    assert!(!store
        .tenants()
        .unwrap()
        .iter()
        .any(|t| t.name == "Elsewhere"));
}

#[actix_web::test]
async fn the_rotation_wizard_says_what_the_tenants_app_management_policies_allow() {
    let d = dash().await;
    let app = app!(d);
    let store = &d.data.store;
    let alice = login(&app, "alice").await;
    let tenants = store.load_tenants().unwrap();
    let app_id = |name: &str| {
        tenants
            .iter()
            .flat_map(|t| t.apps.iter())
            .find(|a| a.name == name)
            .unwrap()
            .id
    };
    // A policy assigned to ImageCapture blocks new secrets: said before the admin goes to the
    // portal, with the certificate as the way out; and on its page, since its secret runs out.
    let scanner = app_id("ImageCapture");
    let (code, page) = get(
        &app,
        &format!("/apps/{scanner}/rotate"),
        Some(&alice),
        Some("en"),
    )
    .await;
    assert_eq!(code, StatusCode::OK);
    assert!(
        page.contains("New client secrets are blocked for this app")
            && page.contains("Certificates only")
            && page.contains("Upload certificate"),
        "{page}"
    );
    let (_, page) = get(&app, &format!("/apps/{scanner}"), Some(&alice), Some("nl")).await;
    assert!(
        page.contains("Een nieuw clientgeheim is hier niet toegestaan"),
        "{page}"
    );
    // The tenant's default caps secrets at a year: the recommended expiry keeps within it.
    let helpdesk = app_id("Helpdesk");
    let (_, page) = get(
        &app,
        &format!("/apps/{helpdesk}/rotate"),
        Some(&alice),
        Some("en"),
    )
    .await;
    assert!(
        page.contains("may last at most 365 days") && page.contains("the tenant's default policy"),
        "{page}"
    );
    assert!(!page.contains("are blocked"));
    // Fabrikam's monitor app may not read them: said, and the wizard still works.
    let orders = app_id("Fabrikam orders");
    let (code, page) = get(
        &app,
        &format!("/apps/{orders}/rotate"),
        Some(&alice),
        Some("en"),
    )
    .await;
    assert_eq!(code, StatusCode::OK);
    assert!(
        page.contains("could not read the tenant's app management policies"),
        "{page}"
    );
}

#[actix_web::test]
async fn a_mail_app_that_appears_later_is_noticed_once_until_watched_or_dismissed() {
    let d = dash().await;
    let app = app!(d);
    let store = &d.data.store;
    let contoso = store
        .tenants()
        .unwrap()
        .into_iter()
        .find(|t| t.tenant_id == "contoso.onmicrosoft.com")
        .unwrap()
        .id;
    // The first read is the baseline: nothing is new.
    let alice = login(&app, "alice").await;
    get(
        &app,
        &format!("/tenants/{contoso}/discover"),
        Some(&alice),
        None,
    )
    .await;
    let checker = &d.data.checker;
    assert_eq!(
        linkwatch::usecases::rediscover::every_tenant(checker)
            .await
            .unwrap(),
        0
    );
    // A new app registration with mail permissions appears in the tenant.
    support::quote_mailer_appears(&d.world.sim);
    assert_eq!(
        linkwatch::usecases::rediscover::every_tenant(checker)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        linkwatch::usecases::rediscover::every_tenant(checker)
            .await
            .unwrap(),
        0,
        "noticed once"
    );
    assert!(store
        .audit_log(20, 0)
        .unwrap()
        .iter()
        .any(|e| e.action == "discover.new_app"));
    // The overview says so to operators and admins (below the incidents), not to viewers.
    let (_, page) = get(&app, "/", Some(&alice), Some("en")).await;
    assert!(
        page.contains("New mail apps found") && page.contains("Quote mailer"),
        "{page}"
    );
    assert!(page.find("What is broken").unwrap() < page.find("New mail apps found").unwrap());
    let vera = login(&app, "vera").await;
    let (_, page) = get(&app, "/", Some(&vera), Some("en")).await;
    assert!(!page.contains("Quote mailer"));
    let (_, nl) = get(&app, "/", Some(&alice), Some("nl")).await;
    assert!(nl.contains("Nieuwe mail-apps gevonden") && nl.contains("Niet bewaken"));
    // Dismissed: gone from the overview, audited.
    let csrf = csrf_of(&page_of(&app, &alice).await);
    let (code, _) = post(
        &app,
        &format!("/tenants/{contoso}/discover/dismiss"),
        &alice,
        &[
            ("_csrf", &csrf),
            ("app", "a0000000-0000-4000-8000-0000000000aa"),
        ],
    )
    .await;
    assert_eq!(code, StatusCode::SEE_OTHER);
    let (_, page) = get(&app, "/", Some(&alice), Some("en")).await;
    assert!(!page.contains("Quote mailer"), "{page}");
    assert!(store
        .audit_log(20, 0)
        .unwrap()
        .iter()
        .any(|e| e.action == "discover.dismiss" && e.actor == "alice"));
}

async fn page_of<S, B>(app: &S, session: &actix_web::cookie::Cookie<'static>) -> String
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    get(app, "/", Some(session), Some("en")).await.1
}

#[actix_web::test]
async fn every_app_registration_can_be_watched_for_expiry_per_tenant_with_exclusions() {
    let d = dash().await;
    let app = app!(d);
    let store = &d.data.store;
    let contoso = store
        .tenants()
        .unwrap()
        .into_iter()
        .find(|t| t.tenant_id == "contoso.onmicrosoft.com")
        .unwrap()
        .id;
    let alice = login(&app, "alice").await;
    let (_, page) = get(
        &app,
        &format!("/tenants/{contoso}"),
        Some(&alice),
        Some("en"),
    )
    .await;
    assert!(
        page.contains("Every app registration's expiry")
            && page.contains("ConnectSyncProvisioning_*"),
        "{page}"
    );
    let csrf = csrf_of(&page);
    let (code, _) = post(
        &app,
        &format!("/tenants/{contoso}/watch-all"),
        &alice,
        &[
            ("_csrf", &csrf),
            ("on", "yes"),
            ("exclude", "Alerts*\nConnectSyncProvisioning_*"),
        ],
    )
    .await;
    assert_eq!(code, StatusCode::SEE_OTHER);
    d.data
        .checker
        .run(linkwatch::cycle::Scope::All)
        .await
        .unwrap();
    let expiry_only: Vec<String> = store
        .apps_of_tenant(contoso)
        .unwrap()
        .into_iter()
        .filter(|a| a.expiry_only)
        .map(|a| a.name)
        .collect();
    assert!(
        expiry_only.contains(&"Invoice scanner".to_string()),
        "{expiry_only:?}"
    );
    assert!(
        !expiry_only.iter().any(|n| n.starts_with("Alerts")),
        "excluded by its pattern: {expiry_only:?}"
    );
    assert!(
        !expiry_only.contains(&"Econobis".to_string()),
        "watched already as a mail app"
    );
    // The tenant page names what the patterns left out, with the pattern that did it.
    let (_, page) = get(
        &app,
        &format!("/tenants/{contoso}"),
        Some(&alice),
        Some("en"),
    )
    .await;
    let left_out = page
        .split("id=\"left-out\"")
        .nth(1)
        .and_then(|p| p.split("</details>").next())
        .unwrap_or_else(|| panic!("a list of what was left out: {page}"));
    assert!(
        left_out.contains("app registration left out at the last check")
            && left_out.contains("Alerts mailer")
            && left_out.contains("<code>Alerts*</code>"),
        "{left_out}"
    );
    let scanner = store
        .target_state("app:contoso.onmicrosoft.com/a0000000-0000-4000-8000-000000000007")
        .unwrap()
        .expect("checked like any target");
    assert_eq!(scanner.findings[0].code.as_str(), "secret_expiring");
    assert!(store
        .audit_log(20, 0)
        .unwrap()
        .iter()
        .any(|e| e.action == "tenant.watch_all"));
    // Off again: the expiry-only targets go.
    let (code, _) = post(
        &app,
        &format!("/tenants/{contoso}/watch-all"),
        &alice,
        &[("_csrf", &csrf), ("exclude", "")],
    )
    .await;
    assert_eq!(code, StatusCode::SEE_OTHER);
    assert!(store
        .apps_of_tenant(contoso)
        .unwrap()
        .iter()
        .all(|a| !a.expiry_only));
}

#[actix_web::test]
async fn a_mailbox_broken_by_its_app_names_the_app_and_links_to_it_not_its_key() {
    let d = dash().await;
    let app = app!(d);
    let store = &d.data.store;
    let crm = store
        .load_tenants()
        .unwrap()
        .into_iter()
        .flat_map(|t| t.apps)
        .find(|a| a.name == "CRM")
        .unwrap();
    let m = &crm.mailboxes[0];
    let oscar = login(&app, "oscar").await;
    let (_, page) = get(
        &app,
        &format!("/mailboxes/{}", m.id),
        Some(&oscar),
        Some("en"),
    )
    .await;
    assert!(
        page.contains("Caused by the app registration's problem"),
        "{page}"
    );
    assert!(
        page.contains(&format!("href=\"/apps/{}\">CRM</a>", crm.id)),
        "{page}"
    );
    assert!(
        !page.contains("app:contoso.onmicrosoft.com/"),
        "no internal key: {page}"
    );
}

#[actix_web::test]
async fn a_count_leads_to_its_filtered_list_marked_and_expired_secrets_are_not_expiring() {
    let d = dash().await;
    let app = app!(d);
    let vera = login(&app, "vera").await;
    let (_, all) = get(&app, "/", Some(&vera), Some("en")).await;
    assert!(
        all.contains("href=\"/?status=critical#targets\""),
        "counts jump to the list"
    );
    assert!(all.contains("id=\"targets\""));
    // Helpdesk's secret in use expired 3 days ago: an incident, not "expiring".
    let timeline = &all
        [all.find("Expiring in the next 90 days").unwrap()..all.find("id=\"targets\"").unwrap()];
    assert!(
        timeline.contains("Expired and still in use") && timeline.contains(">Helpdesk<"),
        "{timeline}"
    );
    let svg = &timeline[timeline.find("<svg").unwrap()..timeline.find("</svg>").unwrap()];
    assert!(!svg.contains("Helpdesk"), "not drawn as expiring: {svg}");
    let (_, critical) = get(&app, "/?status=critical", Some(&vera), Some("en")).await;
    assert!(
        critical.contains("count critical selected") && critical.contains("aria-current=\"true\""),
        "the selected state shows"
    );
}

#[actix_web::test]
async fn an_incident_says_how_many_mailboxes_it_breaks_in_words_that_fit_the_count() {
    let d = dash().await;
    let app = app!(d);
    let vera = login(&app, "vera").await;
    let (_, page) = get(&app, "/", Some(&vera), Some("en")).await;
    // CRM's secret breaks its one mailbox; Newsletter's missing permission breaks none of its own.
    assert!(page.contains("1 of 1 mailbox broken"), "{page}");
    assert!(
        !page.contains(">0 of ") && !page.contains(" 0 of "),
        "no '0 of N broken': {page}"
    );
    assert!(
        page.contains("app registration; its 1 mailbox still works"),
        "{page}"
    );
    let (_, nl) = get(&app, "/", Some(&vera), Some("nl")).await;
    assert!(nl.contains("1 van 1 mailbox werkt niet"), "{nl}");
}

#[actix_web::test]
async fn the_overview_warns_when_no_channel_would_tell_anyone() {
    let d = dash().await;
    let app = app!(d);
    let oscar = login(&app, "oscar").await;
    let (_, page) = get(&app, "/", Some(&oscar), Some("en")).await;
    assert!(page.contains("Nobody will be told."), "{page}");
    let (_, nl) = get(&app, "/", Some(&oscar), Some("nl")).await;
    assert!(nl.contains("Niemand krijgt bericht."));
    // A channel added on the dashboard: the warning goes.
    let alice = login(&app, "alice").await;
    let (_, form) = get(&app, "/alerts/channels/new", Some(&alice), None).await;
    let csrf = csrf_of(&form);
    let (code, _) = post(
        &app,
        "/alerts/channels/new",
        &alice,
        &[
            ("_csrf", &csrf),
            ("name", "ops"),
            ("kind", "webhook"),
            ("url", "https://203.0.113.10/hook"),
        ],
    )
    .await;
    assert_eq!(code, StatusCode::SEE_OTHER);
    let (_, page) = get(&app, "/", Some(&oscar), Some("en")).await;
    assert!(!page.contains("Nobody will be told."), "{page}");
}

#[actix_web::test]
async fn the_audit_log_reads_as_sentences_with_names_not_row_ids() {
    let d = dash().await;
    let app = app!(d);
    let store = &d.data.store;
    let m = store
        .load_tenants()
        .unwrap()
        .into_iter()
        .flat_map(|t| t.apps)
        .flat_map(|a| a.mailboxes)
        .find(|m| m.address == "finance@contoso.nl")
        .unwrap();
    let oscar = login(&app, "oscar").await;
    let (_, page) = get(&app, &format!("/mailboxes/{}", m.id), Some(&oscar), None).await;
    let csrf = csrf_of(&page);
    let (code, _) = post(
        &app,
        &format!("/mailboxes/{}/check", m.id),
        &oscar,
        &[("_csrf", &csrf)],
    )
    .await;
    assert_eq!(code, StatusCode::SEE_OTHER);
    let (_, history) = get(&app, "/history", Some(&oscar), Some("en")).await;
    assert!(history.contains("checked now"), "{history}");
    assert!(
        history.contains(&format!(
            "href=\"/mailboxes/{}\">finance@contoso.nl</a>",
            m.id
        )),
        "{history}"
    );
    assert!(
        !history.contains(&format!(">mailbox:{}<", m.id)),
        "no row id: {history}"
    );
    let (_, nl) = get(&app, "/history", Some(&oscar), Some("nl")).await;
    assert!(nl.contains("nu gecontroleerd"));
}

/// The demo, with linkwatch's monitor app signing in with the test certificate
/// (`tests/fixtures/certificates/monitor.*`) and Microsoft holding `registered` for it.
async fn dash_with_monitor_certificate(registered: &str) -> Dash {
    let fixture = |name: &str| {
        format!(
            "{}/tests/fixtures/certificates/{name}",
            env!("CARGO_MANIFEST_DIR")
        )
    };
    let mut scenario = linkwatch::simulator::Scenario::parse(DEMO_SCENARIO).unwrap();
    let m = scenario.monitor_app.as_mut().unwrap();
    m.secret = String::new();
    m.certificate = Some(std::fs::read_to_string(fixture(registered)).unwrap());
    let demo = linkwatch::commands::DEMO_CONFIG;
    let secret_line = "client_secret = \"Lw~demo-linkwatch-monitor-app-secret\"";
    assert!(demo.contains(secret_line));
    let config = demo.replacen(
        secret_line,
        &format!(
            "certificate_file = {:?}\nprivate_key_file = {:?}",
            fixture("monitor.crt"),
            fixture("monitor.key")
        ),
        1,
    );
    support::dash::dash_in(support::World::start_with(scenario, &config).await).await
}

/// Connects Northwind as `who`: the form, Microsoft's consent page accepted, then the waiting
/// page until it settles. Returns the last page.
async fn connect_northwind<S: support::dash::Svc<B>, B: actix_web::body::MessageBody>(
    app: &S,
    who: &actix_web::cookie::Cookie<'static>,
) -> String {
    let (_, page) = get(app, "/manage/tenants/connect", Some(who), Some("en")).await;
    let (code, to, _) = post_to(
        app,
        "/manage/tenants/connect",
        who,
        &[
            ("_csrf", &csrf_of(&page)),
            ("tenant", "northwind.onmicrosoft.com"),
            ("name", "Northwind"),
            ("watch_all", "yes"),
        ],
    )
    .await;
    assert_eq!(code, StatusCode::SEE_OTHER);
    let back = consent_at_microsoft(&to, "accept").await;
    let (code, wait, _) = {
        let req = test::TestRequest::get()
            .uri(&back)
            .cookie(who.clone())
            .to_request();
        let resp = test::call_service(app, req).await;
        let to = resp
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        (resp.status(), to, ())
    };
    assert_eq!(code, StatusCode::SEE_OTHER);
    let mut page = String::new();
    for _ in 0..40 {
        page = get(app, &wait, Some(who), Some("en")).await.1;
        if !page.contains("Waiting for Microsoft") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    page
}

#[actix_web::test]
async fn the_monitor_app_can_sign_in_with_a_certificate_instead_of_a_secret() {
    let d = dash_with_monitor_certificate("monitor.crt").await;
    let app = app!(d);
    let store = &d.data.store;
    let alice = login(&app, "alice").await;
    let page = connect_northwind(&app, &alice).await;
    assert!(
        page.contains("Connected: Northwind") && !page.contains("✗"),
        "the certificate's assertion is accepted: {page}"
    );
    let t = store
        .tenants()
        .unwrap()
        .into_iter()
        .find(|t| t.name == "Northwind")
        .expect("saved");
    // The cycle reads the tenant's directory with the same certificate: its app
    // registrations' expiry is watched.
    d.data
        .checker
        .run(linkwatch::cycle::Scope::All)
        .await
        .unwrap();
    let names: Vec<String> = store
        .apps_of_tenant(t.id)
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert!(names.iter().any(|n| n == "Payroll connector"), "{names:?}");
    // The private key is kept encrypted, like a secret.
    let raw = std::fs::read(d.world.db()).unwrap();
    let text = String::from_utf8_lossy(&raw);
    assert!(!text.contains("PRIVATE KEY") && !text.contains("BEGIN CERTIFICATE"));
}

#[actix_web::test]
async fn a_monitor_certificate_microsoft_does_not_know_fails_the_connection_at_once_in_words() {
    let d = dash_with_monitor_certificate("other.crt").await;
    let app = app!(d);
    let alice = login(&app, "alice").await;
    let started = std::time::Instant::now();
    let page = connect_northwind(&app, &alice).await;
    assert!(
        page.contains("refuses the monitor app&#39;s own credential")
            || page.contains("refuses the monitor app's own credential"),
        "{page}"
    );
    assert!(
        page.contains("AADSTS700027") && page.contains("Certificates &amp; secrets"),
        "{page}"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "no five-minute wait for a credential Microsoft refuses"
    );
    assert!(d
        .data
        .store
        .tenants()
        .unwrap()
        .iter()
        .all(|t| t.name != "Northwind"));
}

#[actix_web::test]
async fn a_large_directory_is_read_with_its_progress_shown_then_its_mail_apps() {
    let d = dash().await;
    let app = app!(d);
    let tenants = d.data.store.load_tenants().unwrap();
    let contoso = tenants
        .iter()
        .find(|t| t.tenant_id == "contoso.onmicrosoft.com")
        .unwrap()
        .id;
    let url = format!("/tenants/{contoso}/discover");
    {
        // One object a page, each reply slow: the read takes longer than a request waits.
        let mut s = d.world.sim.state();
        s.scenario.latency_ms = 150;
        s.scenario.directory_page_size = Some(1);
    }
    let oscar = login(&app, "oscar").await;
    let (code, page) = get(&app, &url, Some(&oscar), Some("en")).await;
    assert_eq!(code, StatusCode::OK);
    assert!(
        page.contains("Reading the directory of Contoso")
            && page.contains("http-equiv=\"refresh\""),
        "{page}"
    );
    assert!(
        page.contains("<strong>App registrations</strong>: "),
        "how far it has come: {page}"
    );
    // A second look joins the same read (no second read starts), in Dutch too.
    let (_, nl) = get(&app, &url, Some(&oscar), Some("nl")).await;
    assert!(nl.contains("De directory lezen van Contoso"), "{nl}");
    let mut last = String::new();
    for _ in 0..60 {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        last = get(&app, &url, Some(&oscar), Some("en")).await.1;
        if !last.contains("Reading the directory") {
            break;
        }
    }
    assert!(
        last.contains("Mail apps in Contoso") && last.contains("Invoice scanner"),
        "{last}"
    );
    let reads = d
        .world
        .sim
        .state()
        .log
        .iter()
        .filter(|r| r.path.contains("/applications") && !r.path.contains("skiptoken"))
        .count();
    assert_eq!(
        reads, 1,
        "one read of the first page, however often the page was looked at"
    );
}

/// Every `<time datetime="…">text</time>` of a page: the instant and what the reader sees.
fn shown_times(page: &str) -> Vec<(chrono::DateTime<chrono::Utc>, String)> {
    page.split("<time datetime=\"")
        .skip(1)
        .filter_map(|rest| {
            let (iso, rest) = rest.split_once('"')?;
            let text = rest.split_once('>')?.1.split_once("</time>")?.0;
            let at = chrono::DateTime::parse_from_rfc3339(iso).ok()?;
            Some((at.with_timezone(&chrono::Utc), text.replace('\u{a0}', " ")))
        })
        // Absolute times only ("3 hours ago" carries the absolute one in its title).
        .filter(|(at, text)| text.contains(&chrono::Datelike::year(at).to_string()))
        .collect()
}

#[actix_web::test]
async fn times_are_shown_in_the_readers_time_zone_and_language() {
    use chrono_tz::Europe::Amsterdam;
    let d = dash().await;
    let app = app!(d);
    let vera = login(&app, "vera").await;
    // The server's zone by default (UTC here), said as such.
    let (_, history) = get(&app, "/history", Some(&vera), Some("en")).await;
    let times = shown_times(&history);
    assert!(!times.is_empty(), "{history}");
    for (at, text) in &times {
        assert_eq!(text, &at.format("%-d %b %Y, %H:%M UTC").to_string());
    }
    // A wrong zone is refused next to the field; nothing changes.
    let (_, account) = get(&app, "/account", Some(&vera), Some("en")).await;
    assert!(account.contains("Europe/Amsterdam") && account.contains("name=\"time_zone\""));
    let csrf = csrf_of(&account);
    let (code, page) = post(
        &app,
        "/account/time-zone",
        &vera,
        &[("_csrf", &csrf), ("time_zone", "Mars/Olympus")],
    )
    .await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Choose a time zone from the list."), "{page}");
    // Vera's own zone: every time on the page in Amsterdam's time, in Dutch.
    let (code, _) = post(
        &app,
        "/account/time-zone",
        &vera,
        &[("_csrf", &csrf), ("time_zone", "Europe/Amsterdam")],
    )
    .await;
    assert_eq!(code, StatusCode::SEE_OTHER);
    let (_, history) = get(&app, "/history", Some(&vera), Some("nl")).await;
    let times = shown_times(&history);
    assert!(!times.is_empty());
    for (at, text) in &times {
        let local = at.with_timezone(&Amsterdam);
        let month = [
            "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
        ][chrono::Datelike::month0(&local) as usize];
        assert_eq!(
            text,
            &format!(
                "{} {month} {} {}",
                chrono::Datelike::day(&local),
                chrono::Datelike::year(&local),
                local.format("%H:%M")
            )
        );
    }
    // The overview (a cached page) too, and only for her: Oscar still reads UTC.
    let (_, overview) = get(&app, "/", Some(&vera), Some("en")).await;
    assert!(shown_times(&overview)
        .iter()
        .all(|(_, t)| !t.ends_with("UTC")));
    let oscar = login(&app, "oscar").await;
    let (_, overview) = get(&app, "/", Some(&oscar), Some("en")).await;
    let times = shown_times(&overview);
    assert!(!times.is_empty() && times.iter().all(|(_, t)| t.ends_with("UTC")));
}

#[actix_web::test]
async fn history_filters_by_kind_status_user_and_day_and_names_the_fix_behind_a_recovery() {
    let d = dash().await;
    let app = app!(d);
    let store = &d.data.store;
    let alice = login(&app, "alice").await;
    // Alice checks a mailbox now (an action by her); Vera does nothing.
    let finance = id_of(&d, "finance@contoso.nl");
    let (_, page) = get(&app, &format!("/mailboxes/{finance}"), Some(&alice), None).await;
    let csrf = csrf_of(&page);
    post(
        &app,
        &format!("/mailboxes/{finance}/check"),
        &alice,
        &[("_csrf", &csrf)],
    )
    .await;
    let vera = login(&app, "vera").await;
    // Only actions, only Alice's.
    let (_, page) = get(
        &app,
        "/history?kind=actions&user=alice",
        Some(&vera),
        Some("en"),
    )
    .await;
    assert!(!page.contains("<h2>Status changes</h2>"), "{page}");
    assert!(page.contains("checked now") && !page.contains("<td>vera</td>"));
    assert!(
        page.contains("<option value=\"alice\" selected>alice</option>"),
        "the filter stays chosen"
    );
    // Only status changes to Critical: no OK or Warning badge after the arrow.
    let (_, page) = get(
        &app,
        "/history?kind=changes&status=critical",
        Some(&vera),
        Some("en"),
    )
    .await;
    assert!(!page.contains("Actions (audit log)"));
    assert!(
        page.contains("badge critical") && !page.contains("→ <span class=\"badge ok\">"),
        "{page}"
    );
    // Days, in the reader's time zone: yesterday and before has nothing of today.
    let yesterday = (chrono::Utc::now() - chrono::Duration::days(2))
        .format("%Y-%m-%d")
        .to_string();
    let (_, page) = get(
        &app,
        &format!("/history?to={yesterday}"),
        Some(&vera),
        Some("en"),
    )
    .await;
    assert!(
        page.matches("None with these filters.").count() == 2,
        "{page}"
    );
    // The pager keeps the filters.
    for i in 0..60 {
        store
            .audit(
                chrono::Utc::now(),
                "alice",
                "check_now",
                Some(&format!("mailbox:{finance}")),
                Some(&format!("{i}")),
            )
            .unwrap();
    }
    let (_, page) = get(
        &app,
        "/history?kind=actions&user=alice",
        Some(&vera),
        Some("en"),
    )
    .await;
    assert!(
        page.contains("href=\"/history?kind=actions&amp;user=alice&amp;page=2\""),
        "{page}"
    );

    // A recovery names the fix made in linkwatch before it: Econobis' secret runs short
    // (a warning), Alice rotates it, the new one lasts: back to OK, "after alice rotated…".
    let set_secret_days = |days: i64| {
        let mut sim = d.world.sim.state();
        let app = sim
            .scenario
            .tenants
            .iter_mut()
            .flat_map(|t| t.apps.iter_mut())
            .find(|a| a.name == "Econobis")
            .unwrap();
        for s in app
            .secrets
            .iter_mut()
            .filter(|s| s.value.starts_with("Eco~"))
        {
            s.expires_in_days = Some(days);
        }
    };
    set_secret_days(20);
    d.data
        .checker
        .run(linkwatch::cycle::Scope::All)
        .await
        .unwrap();
    let orders = store
        .load_tenants()
        .unwrap()
        .into_iter()
        .flat_map(|t| t.apps)
        .find(|a| a.name == "Econobis")
        .unwrap();
    store
        .record_rotation(
            orders.id,
            &orders.client_id,
            None,
            "rotated in the test",
            "alice",
            chrono::Utc::now(),
        )
        .unwrap();
    set_secret_days(400);
    d.data
        .checker
        .run(linkwatch::cycle::Scope::All)
        .await
        .unwrap();
    let (_, page) = get(
        &app,
        "/history?kind=changes&status=ok",
        Some(&vera),
        Some("en"),
    )
    .await;
    assert!(
        page.contains("after alice rotated the app&#39;s secret")
            || page.contains("after alice rotated the app's secret"),
        "{page}"
    );
    // The rotation's audit entry names the app (it was recorded by its client id).
    let (_, page) = get(
        &app,
        "/history?kind=actions&q=secret.rotate",
        Some(&vera),
        Some("en"),
    )
    .await;
    assert!(
        page.contains(&format!("<a href=\"/apps/{}\">Econobis</a>", orders.id))
            && !page.contains(&format!("<td>{}</td>", orders.client_id)),
        "{page}"
    );
}

#[actix_web::test]
async fn the_alerts_page_says_what_is_open_who_is_on_it_what_is_quiet_and_when_alerts_go_out() {
    let d = dash().await;
    let app = app!(d);
    let oscar = login(&app, "oscar").await;
    let (_, page) = get(&app, "/alerts", Some(&oscar), Some("en")).await;
    let csrf = csrf_of(&page);
    let finance = id_of(&d, "finance@contoso.nl");
    let tenants = d.data.store.tenants().unwrap();
    let fabrikam = tenants.iter().find(|t| t.name == "Fabrikam").unwrap();
    let key_of = |address: &str| {
        d.data
            .store
            .load_tenants()
            .unwrap()
            .into_iter()
            .flat_map(|t| {
                let tid = t.tenant_id.clone();
                t.apps.into_iter().flat_map(move |a| {
                    let (tid, cid) = (tid.clone(), a.client_id.clone());
                    a.mailboxes.into_iter().map(move |m| {
                        (
                            m.address.clone(),
                            format!("mailbox:{tid}/{cid}/{}", m.address),
                        )
                    })
                })
            })
            .find(|(a, _)| a == address)
            .unwrap()
            .1
    };
    let back = format!("/mailboxes/{finance}");
    for (path, form) in [
        (
            "/alerts/silence",
            vec![
                ("_csrf", csrf.clone()),
                ("key", key_of("finance@contoso.nl")),
                ("back", back.clone()),
                ("hours", "4".into()),
                ("reason", "Finance re-links it after lunch".into()),
            ],
        ),
        (
            "/alerts/ack",
            vec![
                ("_csrf", csrf.clone()),
                ("key", key_of("support@contoso.nl")),
                ("back", back.clone()),
            ],
        ),
        (
            "/alerts/silence",
            vec![
                ("_csrf", csrf.clone()),
                ("key", format!("tenant:{}", fabrikam.tenant_id)),
                ("back", back.clone()),
                ("hours", "8".into()),
                ("reason", "Exchange migration".into()),
            ],
        ),
    ] {
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (code, _) = post(&app, path, &oscar, &form).await;
        assert_eq!(code, StatusCode::SEE_OTHER, "{path}");
    }
    // Every role reads it.
    let vera = login(&app, "vera").await;
    let (_, page) = get(&app, "/alerts", Some(&vera), Some("en")).await;
    // Open incidents first, each with its action.
    assert!(
        page.contains("Open incidents (") && page.contains("Rotate the secret"),
        "{page}"
    );
    // Who is on what, by name.
    let quiet = support::between(&page, "quiet", "maintenance");
    assert!(
        quiet.contains(&format!(
            "<a href=\"/mailboxes/{finance}\">finance@contoso.nl</a>"
        )) && quiet.contains("Silenced until")
            && quiet.contains("by oscar")
            && quiet.contains("Finance re-links it after lunch"),
        "{quiet}"
    );
    assert!(
        quiet.contains("support@contoso.nl") && quiet.contains("Acknowledged by oscar"),
        "{quiet}"
    );
    let windows = support::between(&page, "maintenance", "settings");
    assert!(
        windows.contains(">Fabrikam</a>")
            && windows.contains("Exchange migration")
            && windows.contains("(by oscar)"),
        "{windows}"
    );
    // The settings in force.
    assert!(
        page.contains("once at each of 30, 14, 7, 3, 1 days before")
            && page.contains("every day at 08:00"),
        "{page}"
    );
    // In Dutch too.
    let (_, nl) = get(&app, "/alerts", Some(&oscar), Some("nl")).await;
    assert!(
        nl.contains("Open incidenten")
            && nl.contains("Bevestigd en gedempt")
            && nl.contains("Onderhoudsvensters")
    );
}

#[actix_web::test]
async fn an_app_registration_row_rolls_up_its_mailboxes() {
    let d = dash().await;
    let app = app!(d);
    let vera = login(&app, "vera").await;
    // Econobis itself is OK, but some of its mailboxes are not: its row says how many.
    let (_, page) = get(&app, "/?q=Econobis", Some(&vera), Some("en")).await;
    let targets = page.split("id=\"targets\"").nth(1).unwrap_or(&page);
    let econobis = store_app_id(&d, "Econobis");
    let row = targets
        .split("<tr>")
        .find(|r| r.contains(&format!("href=\"/apps/{econobis}\"")))
        .unwrap_or_else(|| panic!("an Econobis row: {targets}"));
    let rows = d
        .data
        .store
        .overview(&Default::default(), 10_000, 0)
        .unwrap()
        .0;
    let mine: Vec<_> = rows
        .iter()
        .filter(|r| r.kind == "mailbox" && r.app_id == econobis)
        .collect();
    let broken = mine
        .iter()
        .filter(|r| {
            r.status
                .is_some_and(|s| s != linkwatch::model::Severity::Ok)
        })
        .count();
    assert!(broken > 0 && broken < mine.len());
    assert!(
        row.contains(&format!("{broken} of {} mailboxes broken", mine.len())),
        "{row}"
    );
    let (_, nl) = get(&app, "/?q=Econobis", Some(&vera), Some("nl")).await;
    assert!(nl.contains(&format!(
        "{broken} van {} mailboxen werken niet",
        mine.len()
    )));
}

fn store_app_id(d: &Dash, name: &str) -> i64 {
    d.data
        .store
        .load_tenants()
        .unwrap()
        .into_iter()
        .flat_map(|t| t.apps)
        .find(|a| a.name == name)
        .unwrap()
        .id
}

#[actix_web::test]
async fn a_secret_finding_leads_to_the_rotation_wizard_and_every_finding_to_its_runbook() {
    let d = dash().await;
    let app = app!(d);
    let helpdesk = store_app_id(&d, "Helpdesk");
    let finding = |page: &str| -> String {
        page.split("<article class=\"finding")
            .nth(1)
            .and_then(|f| f.split("</article>").next())
            .unwrap_or_default()
            .to_string()
    };
    let alice = login(&app, "alice").await;
    let (_, page) = get(&app, &format!("/apps/{helpdesk}"), Some(&alice), Some("en")).await;
    let card = finding(&page);
    assert!(
        card.contains(&format!(
            "href=\"/apps/{helpdesk}/rotate\">Rotate the secret</a>"
        )) && card.contains(&format!(
            "href=\"/apps/{helpdesk}/runbook\">Open the runbook</a>"
        )),
        "{card}"
    );
    // How to fix comes before what was seen, which folds away.
    assert!(card.find("How to fix").unwrap() < card.find("<details class=\"detail\">").unwrap());
    // A viewer cannot rotate: the runbook only.
    let vera = login(&app, "vera").await;
    let (_, page) = get(&app, &format!("/apps/{helpdesk}"), Some(&vera), Some("en")).await;
    let card = finding(&page);
    assert!(
        !card.contains("/rotate\"") && card.contains("/runbook\""),
        "{card}"
    );
}

#[actix_web::test]
async fn a_finding_that_follows_from_another_says_so_instead_of_its_own_fix() {
    let d = dash().await;
    let app = app!(d);
    let vera = login(&app, "vera").await;
    let support = id_of(&d, "support@contoso.nl");
    let (_, page) = get(
        &app,
        &format!("/mailboxes/{support}"),
        Some(&vera),
        Some("en"),
    )
    .await;
    let cards: Vec<&str> = page.split("<article class=\"finding").skip(1).collect();
    let unreachable = cards
        .iter()
        .find(|c| c.contains("mailbox_unreachable"))
        .unwrap_or_else(|| panic!("{page}"));
    assert!(
        unreachable
            .contains("This follows from <strong>Linked with the wrong account</strong> above"),
        "{unreachable}"
    );
    assert!(
        !unreachable.contains("<ol>"),
        "no steps of its own: {unreachable}"
    );
    let (_, nl) = get(
        &app,
        &format!("/mailboxes/{support}"),
        Some(&vera),
        Some("nl"),
    )
    .await;
    assert!(nl.contains("Dit volgt uit"), "{nl}");
}
