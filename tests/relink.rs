//! Re-linking a mailbox through the real servers: linkwatch's dashboard and the simulator's
//! sign-in page, over HTTP on 127.0.0.1, following the redirects as a browser would.

mod support;

use linkwatch::accounts::{hash_password, token_hash, Role};
use linkwatch::commands::DEMO_SCENARIO;
use linkwatch::web::WebState;
use reqwest::header::{COOKIE, LOCATION};
use reqwest::redirect::Policy;
use std::time::Duration;
use support::World;

struct Env {
    world: World,
    base: String,
    http: reqwest::Client,
    session: String,
    store: linkwatch::store::Store,
}

async fn env() -> Env {
    env_with(linkwatch::commands::DEMO_CONFIG).await
}

async fn env_with(config: &str) -> Env {
    let world = World::start(DEMO_SCENARIO, config).await;
    let rt = world.runtime();
    let _ = linkwatch::commands::seed_demo_links(
        &rt.store,
        &linkwatch::simulator::Scenario::parse(DEMO_SCENARIO).unwrap(),
    );
    rt.checker(Duration::ZERO).run_cycle().await.unwrap();
    rt.store
        .upsert_user(
            "oscar",
            Role::Operator,
            &hash_password("correct horse battery").unwrap(),
            chrono::Utc::now(),
        )
        .unwrap();
    let mut state: WebState = rt.web_state(rt.checker(Duration::ZERO));
    state.site.schedule = "0 */15 * * * *".into();
    let (addr, server) = linkwatch::web::start(state, "127.0.0.1:0").unwrap();
    tokio::spawn(server);
    let http = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap();
    let base = format!("http://{addr}");
    let session = login(&http, &base).await;
    Env {
        world,
        base,
        http,
        session,
        store: rt.store.clone(),
    }
}

fn cookie_of(resp: &reqwest::Response, name: &str) -> String {
    resp.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(|c| c.split(';').next().unwrap().to_string())
        .unwrap()
}

async fn login(http: &reqwest::Client, base: &str) -> String {
    let r = http.get(format!("{base}/login")).send().await.unwrap();
    let pre = cookie_of(&r, "lw_login");
    let token = pre.split('=').nth(1).unwrap().to_string();
    let r = http
        .post(format!("{base}/login"))
        .header(COOKIE, &pre)
        .form(&[
            ("_csrf", token.as_str()),
            ("username", "oscar"),
            ("password", "correct horse battery"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    cookie_of(&r, "lw_session")
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Hidden inputs of the first form of a page.
fn hidden(html: &str) -> Vec<(String, String)> {
    html.split("<input")
        .skip(1)
        .filter(|i| i.contains("type=\"hidden\""))
        .filter_map(|i| {
            let attr = |a: &str| {
                i.split(&format!("{a}=\""))
                    .nth(1)
                    .and_then(|r| r.split('"').next())
                    .map(unescape)
            };
            Some((attr("name")?, attr("value").unwrap_or_default()))
        })
        .collect()
}

impl Env {
    fn mailbox(&self, address: &str) -> i64 {
        self.store
            .load_tenants()
            .unwrap()
            .iter()
            .flat_map(|t| &t.apps)
            .flat_map(|a| &a.mailboxes)
            .find(|m| m.address == address)
            .unwrap()
            .id
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.base))
            .header(COOKIE, &self.session)
            .send()
            .await
            .unwrap()
    }

    /// Posts the form of the page at `page` (its CSRF token only) to `action`; expects a 303
    /// and returns where it leads.
    async fn post_from(&self, page: &str, action: &str) -> String {
        let page = self.get(page).await.text().await.unwrap();
        let csrf = hidden(&page)
            .into_iter()
            .find(|(k, _)| k == "_csrf")
            .unwrap()
            .1;
        let r = self
            .http
            .post(format!("{}{action}", self.base))
            .header(COOKIE, &self.session)
            .form(&[("_csrf", csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        r.headers()[LOCATION].to_str().unwrap().to_string()
    }

    /// Starts a re-link; returns the authorize URL linkwatch sent the browser to.
    async fn start(&self, id: i64) -> String {
        let relink = format!("/mailboxes/{id}/relink");
        self.post_from(&relink, &relink).await
    }

    /// Signs in on the simulator's page; returns where it redirects (the callback).
    async fn sign_in(&self, authorize: &str, user: &str, action: &str) -> String {
        let page = self
            .http
            .get(authorize)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        // The demo's sign-in page says the password it types below.
        assert!(
            page.contains("signs in with the password <code>demo</code>"),
            "{page}"
        );
        let mut form = hidden(&page);
        form.retain(|(k, _)| k != "username");
        form.push(("username".into(), user.into()));
        form.push(("password".into(), "demo".into()));
        form.push(("action".into(), action.into()));
        let r = self.http.post(authorize).form(&form).send().await.unwrap();
        assert_eq!(r.status(), 302, "{}", r.text().await.unwrap());
        r.headers()[LOCATION].to_str().unwrap().to_string()
    }

    /// Econobis is connected to the mailbox's account again, on its own settings page.
    async fn econobis_reconnects(&self, user: &str) {
        let r = self
            .http
            .post(format!(
                "{}/contoso.onmicrosoft.com/apps/a0000000-0000-4000-8000-000000000001/settings",
                self.world.sim.url()
            ))
            .form(&[("reconnect", user)])
            .send()
            .await
            .unwrap();
        assert!(r.text().await.unwrap().contains("Connection tested"));
    }

    /// "Check now" on a mailbox's page; returns the page after it.
    async fn check_mailbox(&self, id: i64) -> String {
        let page = format!("/mailboxes/{id}");
        self.post_from(&page, &format!("{page}/check")).await;
        self.get(&page).await.text().await.unwrap()
    }

    /// Follows the callback with the session.
    async fn callback(&self, url: &str) -> reqwest::Response {
        self.http
            .get(url)
            .header(COOKIE, &self.session)
            .send()
            .await
            .unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relink_fixes_a_revoked_mailbox_and_refuses_every_trap() {
    let e = env().await;
    let finance = e.mailbox("finance@contoso.nl");
    let before = e.store.link_token(finance).unwrap().unwrap();

    // The authorize URL asks for what it must.
    let authorize = e.start(finance).await;
    let url = url::Url::parse(&authorize).unwrap();
    let q: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
    assert!(url
        .path()
        .ends_with("/contoso.onmicrosoft.com/oauth2/v2.0/authorize"));
    assert_eq!(q["login_hint"], "finance@contoso.nl");
    assert_eq!(q["prompt"], "select_account");
    assert_eq!(q["domain_hint"], "contoso.nl");
    assert_eq!(q["code_challenge_method"], "S256");
    assert!(
        q["scope"].contains("offline_access")
            && q["scope"].contains(&format!("{}/Mail.Send.Shared", e.world.sim.url()))
    );
    assert!(q["redirect_uri"].ends_with("/oauth/callback"));

    // The wrong account signs in: nothing is stored, and the page says who and how to retry.
    let cb = e.sign_in(&authorize, "it-admin@contoso.nl", "accept").await;
    let r = e.callback(&cb).await;
    assert_eq!(r.status(), 400);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("wrong account")
            && body.contains("it-admin@contoso.nl")
            && body.contains("finance@contoso.nl"),
        "{body}"
    );
    assert_eq!(
        e.store.link_token(finance).unwrap().unwrap(),
        before,
        "nothing stored"
    );
    // The same callback again: refused, used once.
    let body = e.callback(&cb).await.text().await.unwrap();
    assert!(body.contains("already used"), "{body}");

    // Consent declined: explained.
    let cb = e
        .sign_in(&e.start(finance).await, "finance@contoso.nl", "decline")
        .await;
    let body = e.callback(&cb).await.text().await.unwrap();
    assert!(
        body.contains("AADSTS65004") && body.contains("choose Accept"),
        "{body}"
    );

    // The right account: stored and checked at once; linkwatch's link works, but Econobis
    // itself still fails for the mailbox: what is still to do there stays on the page.
    let cb = e
        .sign_in(&e.start(finance).await, "finance@contoso.nl", "accept")
        .await;
    let r = e.callback(&cb).await;
    assert_eq!(r.status(), 303);
    let to = r.headers()[LOCATION].to_str().unwrap().to_string();
    assert_eq!(to, format!("/mailboxes/{finance}?relinked=1"));
    let page = e.get(&to).await.text().await.unwrap();
    assert!(
        page.contains("Re-linked.")
            && page.contains("Still to do in Econobis")
            && !page.contains("link_revoked</code></h3>")
            && !page.contains("badge ok"),
        "finance@: linkwatch's part done, Econobis's not: {page}"
    );
    // Econobis is connected to the mailbox again (on its settings page): the next check is green.
    e.econobis_reconnects("11111111-0000-4000-8000-000000000003")
        .await;
    let page = e.check_mailbox(finance).await;
    assert!(
        page.contains("badge ok") && page.contains("own sign-ins succeed again"),
        "finance@ is OK now: {page}"
    );
    let t = e.store.load_tenants().unwrap();
    let link = t
        .iter()
        .flat_map(|t| &t.apps)
        .flat_map(|a| &a.mailboxes)
        .find(|m| m.id == finance)
        .unwrap()
        .link
        .clone()
        .unwrap();
    assert_ne!(link.refresh_token, before);
    assert_eq!(link.linked_by, "oscar");
    assert_eq!(link.account_upn.as_deref(), Some("finance@contoso.nl"));
    let actions: Vec<_> = e
        .store
        .audit_log(30, 0)
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    for a in [
        "relink.start",
        "relink.identity_mismatch",
        "relink.refused",
        "relink.error",
        "relink.done",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} in the audit log");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_and_foreign_states_and_missing_csrf_are_refused() {
    let e = env().await;
    let id = e.mailbox("director@contoso.nl");
    // Without the CSRF token the flow does not start.
    let r = e
        .http
        .post(format!("{}/mailboxes/{id}/relink", e.base))
        .header(COOKIE, &e.session)
        .form(&[("_csrf", "nope")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // A state older than 10 minutes.
    let session_hash = token_hash(e.session.split('=').nth(1).unwrap());
    e.store
        .start_relink(
            "old-state",
            id,
            &session_hash,
            "verifier-verifier-verifier-verifier-verifier",
            "oscar",
            chrono::Utc::now() - chrono::Duration::minutes(11),
        )
        .unwrap();
    let body = e
        .callback(&format!("{}/oauth/callback?state=old-state&code=x", e.base))
        .await
        .text()
        .await
        .unwrap();
    assert!(body.contains("longer than 10 minutes"), "{body}");
    // A state of another session.
    e.store
        .start_relink(
            "their-state",
            id,
            "another-session",
            "verifier-verifier-verifier-verifier-verifier",
            "oscar",
            chrono::Utc::now(),
        )
        .unwrap();
    let body = e
        .callback(&format!(
            "{}/oauth/callback?state=their-state&code=x",
            e.base
        ))
        .await
        .text()
        .await
        .unwrap();
    assert!(body.contains("another dashboard session"), "{body}");
    // An unknown one.
    let body = e
        .callback(&format!("{}/oauth/callback?state=forged&code=x", e.base))
        .await
        .text()
        .await
        .unwrap();
    assert!(body.contains("not started from this linkwatch"), "{body}");
    // MFA: the interactive sign-in satisfies it; once Econobis is connected again too,
    // director@ is green.
    let cb = e
        .sign_in(&e.start(id).await, "director@contoso.nl", "accept")
        .await;
    assert_eq!(e.callback(&cb).await.status(), 303);
    e.econobis_reconnects("11111111-0000-4000-8000-000000000004")
        .await;
    assert!(e.check_mailbox(id).await.contains("badge ok"));
    drop(e.world);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unregistered_redirect_uri_is_explained_with_the_uri_to_add() {
    let scenario = DEMO_SCENARIO.replace(
        "name = \"Econobis\"\n",
        "name = \"Econobis\"\nredirect_uris = [\"https://elsewhere.example.org/cb\"]\n",
    );
    assert_ne!(scenario, DEMO_SCENARIO);
    let e = env().await;
    // The demo world accepts any redirect URI; check the app page shows the one to register.
    let app_page = e.get("/apps/1").await.text().await.unwrap();
    assert!(
        app_page.contains(&format!("{}/oauth/callback", e.base)),
        "the exact redirect URI is shown"
    );
    assert!(
        app_page.contains("Authentication/appId/a0000000-0000-4000-8000-000000000001"),
        "with the Authentication blade"
    );
    // And the simulator refuses an unregistered one as Entra ID does (AADSTS50011).
    let sim = linkwatch::simulator::Simulator::start(
        linkwatch::simulator::Scenario::parse(&scenario).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    let authorize = e
        .start(e.mailbox("info@contoso.nl"))
        .await
        .replace(&e.world.sim.url(), &sim.url());
    let r = e.http.get(&authorize).send().await.unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("AADSTS50011"));
}

const CONTOSO_ONLY: &str = r#"
[[tenants]]
id = "contoso.onmicrosoft.com"
name = "Contoso"
monitor_client_id = "a0000000-0000-4000-8000-0000000000ff"
monitor_client_secret = "Mon~demo-monitor-secret-value"
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotating_a_secret_tries_it_with_microsoft_before_saving() {
    let e = env_with(CONTOSO_ONLY).await;
    // The CRM app registration, managed in the dashboard, with the secret it no longer has.
    let now = chrono::Utc::now();
    let app = e
        .store
        .save_app(
            None,
            &linkwatch::store::AppInput {
                tenant_ref: 1,
                client_id: "a0000000-0000-4000-8000-000000000003".into(),
                name: "CRM".into(),
                client_secret: Some("Crm~the-old-secret-before-rotation".into()),
                secret_expires: None,
                required_scopes: vec!["User.Read".into(), "Mail.Read".into()],
                consumer_kind: "econobis".into(),
                consumer_url: Some("https://crm.contoso.nl".into()),
            },
            "test",
            now,
        )
        .unwrap();
    e.store
        .save_mailbox(
            None,
            &linkwatch::store::MailboxInput {
                app_ref: app,
                address: "crm@contoso.nl".into(),
                object_id: "11111111-0000-4000-8000-000000000012".into(),
                required_scopes: None,
            },
            "test",
            now,
        )
        .unwrap();
    e.store
        .import_link(
            "crm@contoso.nl",
            &linkwatch::targets::Secret::new("demo-rt-crm-0012"),
            "test",
            now,
        )
        .unwrap();
    e.store
        .upsert_user(
            "alice",
            Role::Admin,
            &hash_password("correct horse battery").unwrap(),
            now,
        )
        .unwrap();
    let admin = {
        let r = e
            .http
            .get(format!("{}/login", e.base))
            .send()
            .await
            .unwrap();
        let pre = cookie_of(&r, "lw_login");
        let t = pre.split('=').nth(1).unwrap().to_string();
        let r = e
            .http
            .post(format!("{}/login", e.base))
            .header(COOKIE, &pre)
            .form(&[
                ("_csrf", t.as_str()),
                ("username", "alice"),
                ("password", "correct horse battery"),
            ])
            .send()
            .await
            .unwrap();
        cookie_of(&r, "lw_session")
    };
    // Operators may not rotate.
    assert_eq!(e.get(&format!("/apps/{app}/rotate")).await.status(), 403);
    let page = e
        .http
        .get(format!("{}/apps/{app}/rotate", e.base))
        .header(COOKIE, &admin)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Credentials/appId/a0000000-0000-4000-8000-000000000003"),
        "deep link to Certificates & secrets"
    );
    let csrf = hidden(&page)
        .into_iter()
        .find(|(k, _)| k == "_csrf")
        .unwrap()
        .1;
    let rotate = |secret: &'static str| {
        e.http
            .post(format!("{}/apps/{app}/rotate", e.base))
            .header(COOKIE, &admin)
            .form(&[
                ("_csrf", csrf.as_str()),
                ("secret", secret),
                ("expires", ""),
            ])
            .send()
    };
    // The Secret ID (a GUID) pasted instead of the value: refused before Microsoft is asked.
    let tokens_before = e
        .world
        .sim
        .state()
        .log
        .iter()
        .filter(|l| l.path.ends_with("/token"))
        .count();
    let r = rotate("8f2c1d3e-1234-4abc-9def-0123456789ab")
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("That is the Secret ID"), "{body}");
    let tokens_after = e
        .world
        .sim
        .state()
        .log
        .iter()
        .filter(|l| l.path.ends_with("/token"))
        .count();
    assert_eq!(tokens_before, tokens_after, "Microsoft was not asked");
    // crm@'s page leads to the fix of its cause: the app's secret, not a re-link.
    e.world
        .runtime()
        .checker(std::time::Duration::ZERO)
        .run_cycle()
        .await
        .unwrap();
    let crm_page = e
        .http
        .get(format!(
            "{}/mailboxes/{}",
            e.base,
            e.mailbox("crm@contoso.nl")
        ))
        .header(COOKIE, &admin)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        crm_page.contains(&format!(
            "href=\"/apps/{app}/rotate\">Rotate the secret of CRM"
        )) && !crm_page.contains("Re-link this mailbox"),
        "{crm_page}"
    );
    // A wrong secret: refused by Microsoft, explained, nothing saved.
    let r = rotate("Crm~still-not-the-right-one").await.unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("nothing was saved") && body.contains("AADSTS7000215"),
        "{body}"
    );
    let stored = |e: &Env| {
        e.store
            .load_tenants()
            .unwrap()
            .into_iter()
            .flat_map(|t| t.apps)
            .find(|a| a.id == app)
            .unwrap()
            .client_secret
            .unwrap()
    };
    assert_eq!(stored(&e).expose(), "Crm~the-old-secret-before-rotation");
    // The right one: saved, checked, and the checklist names every mailbox that shares it.
    let r = rotate("Crm~the-rotated-new-secret").await.unwrap();
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("The new secret works")
            && body.contains("crm@contoso.nl")
            && body.contains("delete the old secret"),
        "{body}"
    );
    assert!(
        body.contains("It expires on"),
        "the expiry read from the directory"
    );
    assert!(
        !body.contains("Crm~the-rotated-new-secret"),
        "never shown again"
    );
    assert_eq!(stored(&e).expose(), "Crm~the-rotated-new-secret");
    let app_page = e
        .http
        .get(format!("{}/apps/{app}", e.base))
        .header(COOKIE, &admin)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        app_page.contains("badge ok"),
        "the app registration is green after the rotation"
    );
    // The runbook, with the values filled in.
    let rb = e
        .get(&format!("/apps/{app}/runbook"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        rb.contains("a0000000-0000-4000-8000-000000000003")
            && rb.contains("11111111-0000-4000-8000-000000000012")
            && rb.contains("object ID differs per mailbox"),
        "{rb}"
    );
}
