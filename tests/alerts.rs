//! Alerts end to end: a real SMTP server and a webhook receiver on 127.0.0.1 get the demo
//! tenant's alerts once per incident; an outage loses nothing; a crash mid-delivery resends;
//! `probe_failed` waits for its threshold; recoveries are announced.

mod support;

#[path = "support/receivers.rs"]
mod receivers;

use chrono::{Duration, Utc};
use linkwatch::commands::{DEMO_CONFIG, DEMO_SCENARIO};
use mail_parser::MessageParser;
use support::World;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

fn channels(smtp_port: u16, hook_port: u16) -> String {
    format!(
        r#"
[server]
public_url = "https://linkwatch.example.org"

[[alerts.channels]]
name = "it-mail"
kind = "email"
smtp_host = "127.0.0.1"
smtp_port = {smtp_port}
tls = "none"
from = "linkwatch@contoso.nl"
to = ["it@contoso.nl", "oncall@contoso.nl"]
language = "nl"

[[alerts.channels]]
name = "ops-hook"
kind = "webhook"
url = "http://127.0.0.1:{hook_port}/hook"
secret = "{SECRET}"
"#
    )
}

async fn cycle(w: &World) -> linkwatch::commands::Runtime {
    let rt = w.runtime();
    rt.checker(std::time::Duration::ZERO)
        .run_cycle()
        .await
        .unwrap();
    rt
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_alerts_reach_mail_and_webhook_once_per_incident() {
    let (smtp_port, mails) = receivers::smtp_server();
    let (hook_port, hooks, _h) = receivers::webhook_receiver(0, SECRET).await;
    let w = World::start(
        DEMO_SCENARIO,
        &format!("{}\n{DEMO_CONFIG}", channels(smtp_port, hook_port)),
    )
    .await;
    w.seed_links(DEMO_SCENARIO);
    let rt = cycle(&w).await;
    let sent = rt.delivery().deliver_due(Utc::now()).await;
    let mails = mails.lock().unwrap().clone();
    let hooks = hooks.lock().unwrap().clone();
    // 17 targets with a problem; helpdesk@ and crm@ fold into their app registration's alert.
    assert_eq!(mails.len(), 15, "one mail per incident");
    assert_eq!(hooks.len(), 15, "one webhook per incident");
    assert_eq!(sent, 30);

    // The mail: subject, recipients, both parts, the links, in Dutch.
    let parsed: Vec<_> = mails
        .iter()
        .map(|m| (m, MessageParser::default().parse(&m.raw).unwrap()))
        .collect();
    let (raw, helpdesk) = parsed
        .iter()
        .find(|(_, p)| p.subject().unwrap_or("").contains("Helpdesk"))
        .expect("a mail about Helpdesk");
    assert_eq!(
        helpdesk.subject().unwrap(),
        "[linkwatch] KRITIEK: Helpdesk — Clientgeheim is verlopen"
    );
    assert_eq!(raw.to, vec!["it@contoso.nl", "oncall@contoso.nl"]);
    assert_eq!(raw.from, "linkwatch@contoso.nl");
    let text = helpdesk.body_text(0).unwrap();
    let html = helpdesk.body_html(0).unwrap();
    assert!(
        text.contains("helpdesk@contoso.nl"),
        "the mailboxes it breaks are listed:\n{text}"
    );
    assert!(
        text.contains("Wat te doen") && text.contains("Voeg een nieuw clientgeheim toe"),
        "{text}"
    );
    let app_id = w.store().load_tenants().unwrap()[0]
        .apps
        .iter()
        .find(|a| a.name == "Helpdesk")
        .unwrap()
        .id;
    let link = format!("https://linkwatch.example.org/apps/{app_id}");
    assert!(
        text.contains(&link) && html.contains(&link),
        "links to the dashboard page"
    );
    assert!(
        html.contains("Credentials/appId/a0000000-0000-4000-8000-000000000002"),
        "deep link to Certificates & secrets"
    );
    assert!(
        !parsed
            .iter()
            .any(|(_, p)| p.subject().unwrap_or("").contains(": helpdesk@contoso.nl")),
        "no separate mail for the mailbox it breaks"
    );

    // The webhooks: signed, with the contract's finding vocabulary.
    assert!(hooks.iter().all(|h| h.verified), "every signature verifies");
    let ids: std::collections::HashSet<_> = hooks.iter().map(|h| h.id.clone()).collect();
    assert_eq!(ids.len(), 15);
    let finance = hooks
        .iter()
        .find(|h| h.body["data"]["target"]["name"] == "finance@contoso.nl")
        .unwrap();
    assert_eq!(finance.body["type"], "linkwatch.problem");
    assert_eq!(finance.body["data"]["findings"][0]["code"], "link_revoked");
    assert!(finance.body["data"]["url"]
        .as_str()
        .unwrap()
        .starts_with("https://linkwatch.example.org/mailboxes/"));

    // The same problems at the next cycle: no new message.
    let rt = cycle(&w).await;
    assert_eq!(rt.delivery().deliver_due(Utc::now()).await, 0);
    assert_eq!(rt.store.outbox_stats().unwrap().sent, 30);
}

fn revoked_scenario(n: usize) -> (String, String) {
    let mut s = String::from("[[tenants]]\nid = \"t.example.org\"\n");
    let mut c = String::from("[[tenants]]\nid = \"t.example.org\"\n[[tenants.apps]]\nclient_id = \"a0000000-0000-4000-8000-000000000001\"\nname = \"App\"\nclient_secret = \"abc-secret-value\"\nrequired_scopes = [\"Mail.Read\"]\n");
    for i in 1..=n {
        s += &format!("[[tenants.users]]\nid = \"11111111-0000-4000-8000-{i:012}\"\nupn = \"m{i}@t.example.org\"\nrevoked = true\n");
        c += &format!("[[tenants.apps.mailboxes]]\naddress = \"m{i}@t.example.org\"\nobject_id = \"11111111-0000-4000-8000-{i:012}\"\n");
    }
    s += "[[tenants.apps]]\nclient_id = \"a0000000-0000-4000-8000-000000000001\"\nname = \"App\"\nroles = [\"Application.Read.All\", \"DelegatedPermissionGrant.Read.All\", \"User.Read.All\"]\nconfigured_scopes = [\"Mail.Read\"]\nsecrets = [{ value = \"abc-secret-value\" }]\ngrants = [{ principal = \"all\", scopes = [\"Mail.Read\"] }]\n";
    for i in 1..=n {
        s += &format!("[[tenants.apps.links]]\nuser = \"11111111-0000-4000-8000-{i:012}\"\nrefresh_token = \"rt-{i:08}\"\n");
    }
    (s, c)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_of_the_receiver_loses_nothing() {
    let (scenario, config) = revoked_scenario(20);
    let hook_port = receivers::free_port();
    let w = World::start(&scenario, &format!("[[alerts.channels]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"http://127.0.0.1:{hook_port}/\"\nsecret = \"{SECRET}\"\n{config}")).await;
    w.seed_links(&scenario);
    let rt = cycle(&w).await;
    let delivery = rt.delivery();
    let now = Utc::now();
    // The receiver is down: 20 alerts fail and wait.
    assert_eq!(delivery.deliver_due(now).await, 0);
    let stats = rt.store.outbox_stats().unwrap();
    assert_eq!((stats.pending, stats.sent), (20, 0));
    // Not before the back-off.
    assert_eq!(delivery.deliver_due(now + Duration::seconds(30)).await, 0);
    // The receiver comes back; after the first back-off every alert arrives, once.
    let (_, hooks, _h) = receivers::webhook_receiver(hook_port, SECRET).await;
    assert_eq!(delivery.deliver_due(now + Duration::seconds(61)).await, 20);
    let hooks = hooks.lock().unwrap().clone();
    assert_eq!(hooks.len(), 20);
    let names: std::collections::HashSet<_> = hooks
        .iter()
        .map(|h| {
            h.body["data"]["target"]["name"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(names.len(), 20, "every mailbox's alert, none twice");
    assert!(hooks.iter().all(|h| h.verified));
    assert_eq!(rt.store.outbox_stats().unwrap().sent, 20);
}

/// A dashboard session of a new account `name` with `role`: its cookie and CSRF token.
fn signed_in(
    rt: &linkwatch::commands::Runtime,
    name: &str,
    role: linkwatch::accounts::Role,
) -> (actix_web::cookie::Cookie<'static>, String) {
    rt.store
        .upsert_user(name, role, "$argon2id$unused", Utc::now())
        .unwrap();
    let (user, _) = rt.store.user_by_name(name).unwrap().unwrap();
    let token = rt.store.create_session(&user, Utc::now()).unwrap();
    let csrf = rt.store.session(&token, Utc::now()).unwrap().unwrap().csrf;
    (actix_web::cookie::Cookie::new("lw_session", token), csrf)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_keep_their_id_then_dead_letter() {
    let (scenario, config) = revoked_scenario(1);
    let hook_port = receivers::free_port();
    let w = World::start(&scenario, &format!("[[alerts.channels]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"http://127.0.0.1:{hook_port}/\"\n{config}")).await;
    w.seed_links(&scenario);
    let rt = cycle(&w).await;
    let delivery = rt.delivery();
    let mut t = Utc::now();
    for wait in [0, 60, 300, 1800, 7200, 21600] {
        t += Duration::seconds(wait + 1);
        assert_eq!(delivery.deliver_due(t).await, 0);
    }
    let stats = rt.store.outbox_stats().unwrap();
    assert_eq!(
        (stats.pending, stats.dead),
        (0, 1),
        "dead-lettered after 6 attempts"
    );
    let msgs = rt.store.outbox_messages(10).unwrap();
    assert_eq!(msgs[0].attempts, 6, "attempts");
    assert!(
        msgs[0]
            .last_error
            .as_deref()
            .unwrap()
            .contains("POST failed"),
        "{:?}",
        msgs[0].last_error
    );
    assert!(
        delivery.deliver_due(t + Duration::days(1)).await == 0,
        "dead letters are not retried"
    );

    // The receiver is fixed; an operator sends the dead letters again from the alerts page.
    let (_, hooks, _h) = receivers::plain_receiver_on(hook_port).await;
    let (cookie, csrf) = signed_in(&rt, "oscar", linkwatch::accounts::Role::Operator);
    let (viewer, viewer_csrf) = signed_in(&rt, "vera", linkwatch::accounts::Role::Viewer);
    let app =
        actix_web::test::init_service(actix_web::App::new().configure(linkwatch::web::configure(
            actix_web::web::Data::new(rt.web_state(rt.checker(std::time::Duration::ZERO))),
        )))
        .await;
    let page = |c: &actix_web::cookie::Cookie<'static>| {
        actix_web::test::TestRequest::get()
            .uri("/alerts")
            .cookie(c.clone())
            .to_request()
    };
    let body = actix_web::test::call_and_read_body(&app, page(&cookie)).await;
    assert!(String::from_utf8_lossy(&body).contains("Send the dead letters again"));
    let body = actix_web::test::call_and_read_body(&app, page(&viewer)).await;
    assert!(!String::from_utf8_lossy(&body).contains("Send the dead letters again"));
    let requeue = |c: &actix_web::cookie::Cookie<'static>, csrf: &str| {
        actix_web::test::TestRequest::post()
            .uri("/alerts/requeue")
            .cookie(c.clone())
            .set_form([("_csrf", csrf)])
            .to_request()
    };
    let resp = actix_web::test::call_service(&app, requeue(&viewer, &viewer_csrf)).await;
    assert_eq!(resp.status(), 403, "viewers cannot");
    let resp = actix_web::test::call_service(&app, requeue(&cookie, &csrf)).await;
    assert_eq!(resp.status(), 303);
    assert_eq!(
        resp.headers().get("location").unwrap(),
        "/alerts?requeued=1"
    );
    let hooks = hooks.lock().unwrap().clone();
    assert_eq!(hooks.len(), 1, "sent at once");
    assert_eq!(hooks[0].id, msgs[0].message_id, "under its own message id");
    let stats = rt.store.outbox_stats().unwrap();
    assert_eq!((stats.dead, stats.sent), (0, 1));
    let audit = rt.store.audit_log(5, 0).unwrap();
    assert!(audit.iter().any(|e| e.action == "outbox.requeue"
        && e.actor == "oscar"
        && e.detail.as_deref() == Some("1 dead letters queued again")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_mid_delivery_resends_after_the_lease() {
    let (scenario, config) = revoked_scenario(2);
    let (hook_port, hooks, _h) = receivers::webhook_receiver(0, SECRET).await;
    let w = World::start(&scenario, &format!("[alerts]\nlease_secs = 5\n[[alerts.channels]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"http://127.0.0.1:{hook_port}/\"\nsecret = \"{SECRET}\"\n{config}")).await;
    w.seed_links(&scenario);
    let rt = cycle(&w).await;
    let now = Utc::now();
    // A worker claims both messages and dies before sending or recording anything.
    let claimed = rt.store.claim_due(now, 10, Duration::seconds(5)).unwrap();
    assert_eq!(claimed.len(), 2);
    drop(claimed);
    let delivery = rt.delivery();
    assert_eq!(
        delivery.deliver_due(now + Duration::seconds(2)).await,
        0,
        "the claim holds during its lease"
    );
    assert_eq!(
        delivery.deliver_due(now + Duration::seconds(6)).await,
        2,
        "then the messages are sent"
    );
    assert_eq!(hooks.lock().unwrap().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probe_failed_alerts_after_three_failures_and_recovery_is_announced() {
    let (scenario, config) = revoked_scenario(1);
    let scenario = scenario.replace("revoked = true", "revoked = false")
        + "[[faults]]\npath = \"/mailFolders\"\nkind = \"html\"\n";
    let (hook_port, hooks, _h) = receivers::webhook_receiver(0, SECRET).await;
    let w = World::start(&scenario, &format!("[[alerts.channels]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"http://127.0.0.1:{hook_port}/\"\nsecret = \"{SECRET}\"\n{config}")).await;
    w.seed_links(&scenario);
    let mut counts = Vec::new();
    for _ in 0..4 {
        let rt = cycle(&w).await;
        rt.delivery().deliver_due(Utc::now()).await;
        counts.push(hooks.lock().unwrap().len());
    }
    assert_eq!(
        counts,
        vec![0, 0, 1, 1],
        "one alert, at the third failure in a row"
    );
    assert_eq!(
        hooks.lock().unwrap()[0].body["data"]["findings"][0]["code"],
        "probe_failed"
    );
    w.sim.state().scenario.faults.clear();
    let rt = cycle(&w).await;
    rt.delivery().deliver_due(Utc::now()).await;
    let hooks = hooks.lock().unwrap().clone();
    assert_eq!(hooks.len(), 2);
    assert_eq!(hooks[1].body["type"], "linkwatch.recovery");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alert_test_command_sends_through_the_named_channel() {
    let (smtp_port, mails) = receivers::smtp_server();
    let (scenario, config) = revoked_scenario(1);
    let w = World::start(&scenario, &format!("[[alerts.channels]]\nname = \"it-mail\"\nkind = \"email\"\nsmtp_host = \"127.0.0.1\"\nsmtp_port = {smtp_port}\ntls = \"none\"\nfrom = \"lw@t.example.org\"\nto = [\"it@t.example.org\"]\n{config}")).await;
    let out = w.run(&["alert", "test", "it-mail"], None).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mails = mails.lock().unwrap().clone();
    assert_eq!(mails.len(), 1);
    let m = MessageParser::default().parse(&mails[0].raw).unwrap();
    assert!(m.subject().unwrap().contains("test message"));
    let out = w.run(&["alert", "test", "nope"], None).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("channels: it-mail"));
}

#[tokio::test]
async fn bad_channel_config_names_the_field() {
    let (scenario, config) = revoked_scenario(1);
    let w = World::start(&scenario, &format!("[[alerts.channels]]\nname = \"x\"\nkind = \"email\"\nfrom = \"nobody\"\n[[alerts.channels]]\nname = \"y\"\nkind = \"webhook\"\nurl = \"ftp://x\"\nsecret = \"nope!\"\n{config}")).await;
    let out = w.run(&["check", "--once"], None).await;
    let err = String::from_utf8_lossy(&out.stderr);
    for want in [
        "alerts.channels[0].smtp_host: is required",
        "alerts.channels[0].from: \"nobody\" is not a mail address",
        "alerts.channels[0].to: needs at least one recipient",
        "alerts.channels[1].url: is not an http(s) URL",
        "alerts.channels[1].secret: is not a Standard Webhooks secret",
    ] {
        assert!(err.contains(want), "want {want:?} in {err}");
    }
    assert!(!w.db().exists(), "nothing written");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_from_a_customers_directory_stay_text_in_slack_and_teams() {
    let (slack_port, slack, _a) = receivers::plain_receiver().await;
    let (teams_port, teams, _b) = receivers::plain_receiver().await;
    // An app registration and its expiring secret named as markup, as anyone with access to
    // the customer's directory can name them.
    let hostile =
        "</title><script>x</script> <https://evil.example|click> [ok](https://evil.example)";
    let (scenario, config) = revoked_scenario(1);
    let scenario = scenario.replace(
        "secrets = [{ value = \"abc-secret-value\" }]",
        &format!("secrets = [{{ value = \"abc-secret-value\", display_name = \"{hostile}\", expires_in_days = 3 }}]"),
    );
    let config = config.replace("name = \"App\"", &format!("name = \"{hostile}\""));
    let w = World::start(&scenario, &format!("[[alerts.channels]]\nname = \"chat\"\nkind = \"slack\"\nurl = \"http://127.0.0.1:{slack_port}/services/T/B/X\"\n[[alerts.channels]]\nname = \"teams\"\nkind = \"teams\"\nurl = \"http://127.0.0.1:{teams_port}/workflows/x\"\n{config}")).await;
    w.seed_links(&scenario);
    let rt = cycle(&w).await;
    rt.delivery().deliver_due(Utc::now()).await;
    let about_app = |hooks: &[receivers::Hook]| {
        hooks
            .iter()
            .map(|h| h.body.clone())
            .find(|b| b.to_string().contains("evil.example"))
            .expect("the app registration's alert")
    };
    // Slack: &, < and > as entities (Slack's rule) in the mrkdwn section and the fallback.
    let s = about_app(&slack.lock().unwrap());
    let section = s["blocks"][1]["text"]["text"].as_str().unwrap();
    assert_eq!(s["blocks"][1]["text"]["type"], "mrkdwn");
    assert!(
        section.contains(
            "&lt;/title&gt;&lt;script&gt;x&lt;/script&gt; &lt;https://evil.example|click&gt;"
        ),
        "{section}"
    );
    for text in [section, s["text"].as_str().unwrap()] {
        assert!(!text.contains('<') && !text.contains('>'), "{text}");
    }
    // Teams: every Markdown character of the card's text escaped: no tag, link or emphasis.
    let t = about_app(&teams.lock().unwrap());
    let card = &t["attachments"][0]["content"];
    for block in card["body"].as_array().unwrap() {
        let text = block["text"].as_str().unwrap();
        let mut prev = ' ';
        for c in text.chars() {
            if "<>[]()*_`".contains(c) {
                assert_eq!(prev, '\\', "{c:?} unescaped in {text}");
            }
            prev = c;
        }
    }
    let text = card["body"][1]["text"].as_str().unwrap();
    assert!(
        text.contains(r"\<https://evil.example\|click\> \[ok\]\(https://evil.example\)"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slack_and_teams_get_their_own_formats() {
    let (slack_port, slack, _a) = receivers::plain_receiver().await;
    let (teams_port, teams, _b) = receivers::plain_receiver().await;
    let (scenario, config) = revoked_scenario(1);
    let w = World::start(&scenario, &format!("[server]\npublic_url = \"https://lw.example.org\"\n[[alerts.channels]]\nname = \"chat\"\nkind = \"slack\"\nurl = \"http://127.0.0.1:{slack_port}/services/T/B/X\"\n[[alerts.channels]]\nname = \"teams\"\nkind = \"teams\"\nurl = \"http://127.0.0.1:{teams_port}/workflows/x\"\nlanguage = \"nl\"\n{config}")).await;
    w.seed_links(&scenario);
    let rt = cycle(&w).await;
    assert_eq!(rt.delivery().deliver_due(Utc::now()).await, 2);
    let s = slack.lock().unwrap()[0].body.clone();
    assert!(s["text"].as_str().unwrap().contains("m1@t.example.org"));
    assert_eq!(s["blocks"][0]["type"], "header");
    assert!(s["blocks"][2]["elements"][0]["url"]
        .as_str()
        .unwrap()
        .starts_with("https://lw.example.org/mailboxes/"));
    let t = teams.lock().unwrap()[0].body.clone();
    assert_eq!(t["type"], "message");
    assert_eq!(
        t["attachments"][0]["contentType"],
        "application/vnd.microsoft.card.adaptive"
    );
    let card = &t["attachments"][0]["content"];
    assert_eq!(card["type"], "AdaptiveCard");
    assert!(
        card["body"][0]["text"]
            .as_str()
            .unwrap()
            .contains("KRITIEK"),
        "Dutch for this channel"
    );
    assert_eq!(card["actions"][0]["type"], "Action.OpenUrl");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daily_digest_lists_what_is_open_and_nothing_when_nothing_is() {
    let (smtp_port, mails) = receivers::smtp_server();
    let mail = format!("[[alerts.channels]]\nname = \"it-mail\"\nkind = \"email\"\nsmtp_host = \"127.0.0.1\"\nsmtp_port = {smtp_port}\ntls = \"none\"\nfrom = \"lw@contoso.nl\"\nto = [\"it@contoso.nl\"]\n");
    let w = World::start(
        DEMO_SCENARIO,
        &format!("[server]\npublic_url = \"https://lw.example.org\"\n{mail}\n{DEMO_CONFIG}"),
    )
    .await;
    w.seed_links(DEMO_SCENARIO);
    let rt = cycle(&w).await;
    let delivery = rt.delivery();
    delivery.deliver_due(Utc::now()).await;
    let before = mails.lock().unwrap().len();
    assert_eq!(
        linkwatch::alerts::queue_digest(&rt.store, &rt.alerting, Utc::now()).unwrap(),
        1
    );
    delivery.deliver_due(Utc::now()).await;
    let mails = mails.lock().unwrap().clone();
    assert_eq!(mails.len(), before + 1);
    let digest = MessageParser::default()
        .parse(&mails.last().unwrap().raw)
        .unwrap();
    assert_eq!(
        digest.subject().unwrap(),
        "[linkwatch] 18 problems still open"
    );
    let text = digest.body_text(0).unwrap();
    assert!(
        text.contains("finance@contoso.nl") && text.contains("https://lw.example.org/mailboxes/"),
        "{text}"
    );

    // Nothing open: no digest.
    let (scenario, config) = revoked_scenario(1);
    let healthy = scenario.replace("revoked = true", "revoked = false");
    let w = World::start(&healthy, &format!("{mail}\n{config}")).await;
    w.seed_links(&healthy);
    let rt = cycle(&w).await;
    assert_eq!(
        linkwatch::alerts::queue_digest(&rt.store, &rt.alerting, Utc::now()).unwrap(),
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silenced_target_and_a_tenant_in_maintenance_send_nothing() {
    let (scenario, config) = revoked_scenario(2);
    let (hook_port, hooks, _h) = receivers::webhook_receiver(0, SECRET).await;
    let w = World::start(&scenario, &format!("[[alerts.channels]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"http://127.0.0.1:{hook_port}/\"\nsecret = \"{SECRET}\"\n{config}")).await;
    w.seed_links(&scenario);
    let rt = w.runtime();
    let now = Utc::now();
    rt.store
        .silence(
            "mailbox:t.example.org/a0000000-0000-4000-8000-000000000001/m1@t.example.org",
            Some(now + Duration::hours(4)),
            "migration",
            "anna",
            now,
        )
        .unwrap();
    rt.checker(std::time::Duration::ZERO)
        .run_cycle()
        .await
        .unwrap();
    rt.delivery().deliver_due(Utc::now()).await;
    let names: Vec<_> = hooks
        .lock()
        .unwrap()
        .iter()
        .map(|h| {
            h.body["data"]["target"]["name"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(names, vec!["m2@t.example.org"], "m1 is silenced");
    // A tenant maintenance window silences everything in it, recoveries included.
    rt.store
        .silence(
            "tenant:t.example.org",
            Some(now + Duration::hours(4)),
            "planned work",
            "anna",
            now,
        )
        .unwrap();
    for i in 1..=2 {
        w.sim
            .state()
            .user_mut(&format!("m{i}@t.example.org"))
            .unwrap()
            .revoked = false;
    }
    rt.checker(std::time::Duration::ZERO)
        .run_cycle()
        .await
        .unwrap();
    rt.delivery().deliver_due(Utc::now()).await;
    assert_eq!(hooks.lock().unwrap().len(), 1);
}

/// A receiver that hangs on its first call (the sender is killed meanwhile) and records the rest.
async fn hanging_receiver() -> (u16, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
    let seen: std::sync::Arc<std::sync::Mutex<Vec<String>>> = Default::default();
    let s = seen.clone();
    let server = HttpServer::new(move || {
        let s = s.clone();
        App::new().default_service(web::to(move |req: HttpRequest| {
            let s = s.clone();
            async move {
                let id = req
                    .headers()
                    .get("webhook-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_string();
                let first = {
                    let mut seen = s.lock().unwrap();
                    seen.push(id);
                    seen.len() == 1
                };
                if first {
                    tokio::time::sleep(std::time::Duration::from_secs(60)).await;
                }
                HttpResponse::NoContent().finish()
            }
        }))
    })
    .workers(2)
    .disable_signals()
    .bind("127.0.0.1:0")
    .unwrap();
    let port = server.addrs()[0].port();
    tokio::spawn(server.run());
    (port, seen)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_process_delivers_the_alert_after_restart() {
    let (port, seen) = hanging_receiver().await;
    let (scenario, config) = revoked_scenario(1);
    let w = World::start(&scenario, &format!("[schedule]\nchecks = \"0 0 0 1 1 *\"\njitter_secs = 0\n[alerts]\ndeliver_every_secs = 1\nlease_secs = 3\n[[alerts.channels]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"http://127.0.0.1:{port}/\"\n{config}")).await;
    w.seed_links(&scenario);
    let spawn = || {
        tokio::process::Command::new(env!("CARGO_BIN_EXE_linkwatch"))
            .arg("--config")
            .arg(&w.config)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .env("LINKWATCH_KEY", support::KEY)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap()
    };
    let mut first = spawn();
    // Wait until the alert is on its way (the receiver holds the request open).
    for _ in 0..300 {
        if !seen.lock().unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(seen.lock().unwrap().len(), 1, "delivery started");
    // kill -9 in the middle of the delivery.
    first.start_kill().unwrap();
    first.wait().await.unwrap();
    let mut second = spawn();
    // Until the receiver got it again and the restarted process recorded it as sent (the
    // receiver sees the request a moment before its answer reaches the sender).
    for _ in 0..300 {
        if seen.lock().unwrap().len() >= 2 && w.store().outbox_stats().unwrap().sent == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    second.start_kill().unwrap();
    second.wait().await.unwrap();
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2, "delivered after the restart");
    assert_eq!(
        seen[0], seen[1],
        "the same message id, so the receiver can drop a duplicate"
    );
    assert_eq!(w.store().outbox_stats().unwrap().sent, 1);
    assert_eq!(w.store().integrity_check().unwrap(), "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn channels_managed_on_the_dashboard_are_validated_encrypted_and_used() {
    use actix_web::{test, App};
    let (hook_port, hooks, _h) = receivers::webhook_receiver(0, SECRET).await;
    let (scenario, config) = revoked_scenario(1);
    // The test receiver listens on loopback, where dashboard channels may go only when the
    // operator allows it.
    let w = World::start(
        &scenario,
        &format!("[alerts]\nallow_private_destinations = true\n{config}"),
    )
    .await;
    w.seed_links(&scenario);
    let rt = w.runtime();
    let (cookie, csrf) = signed_in(&rt, "alice", linkwatch::accounts::Role::Admin);
    let app = test::init_service(App::new().configure(linkwatch::web::configure(
        actix_web::web::Data::new(rt.web_state(rt.checker(std::time::Duration::ZERO))),
    )))
    .await;
    let post = |path: &str, form: Vec<(&str, String)>| {
        test::TestRequest::post()
            .uri(path)
            .cookie(cookie.clone())
            .set_form(form)
            .to_request()
    };
    // Wrong fields: named next to each, nothing stored.
    let url = format!("http://127.0.0.1:{hook_port}/hook-with-token-abc123");
    let resp = test::call_service(
        &app,
        post(
            "/alerts/channels/new",
            vec![
                ("_csrf", csrf.clone()),
                ("name", "ops".into()),
                ("kind", "webhook".into()),
                ("url", "ftp://nope".into()),
                ("secret", "not-whsec!".into()),
            ],
        ),
    )
    .await;
    assert_eq!(resp.status(), 422);
    let body = String::from_utf8_lossy(&test::read_body(resp).await).into_owned();
    assert!(
        body.contains("is not an http(s) URL")
            && body.contains("is not a Standard Webhooks secret"),
        "{body}"
    );
    assert!(rt.store.channels().unwrap().is_empty());
    // A good one.
    let resp = test::call_service(
        &app,
        post(
            "/alerts/channels/new",
            vec![
                ("_csrf", csrf.clone()),
                ("name", "ops".into()),
                ("kind", "webhook".into()),
                ("language", "nl".into()),
                ("url", url.clone()),
                ("secret", SECRET.into()),
            ],
        ),
    )
    .await;
    assert_eq!(resp.status(), 303);
    // Encrypted at rest: neither the URL's token nor the secret is in the database file.
    let mut bytes = std::fs::read(w.db()).unwrap();
    bytes.extend(std::fs::read(w.dir.path().join("lw.db-wal")).unwrap_or_default());
    for needle in ["hook-with-token-abc123", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"] {
        assert!(
            !bytes.windows(needle.len()).any(|x| x == needle.as_bytes()),
            "{needle} in clear"
        );
    }
    // Editing without the secrets keeps them; the page never shows them.
    let id = rt.store.channels().unwrap()[0].0;
    let resp = test::call_service(
        &app,
        test::TestRequest::get()
            .uri(&format!("/alerts/channels/{id}"))
            .cookie(cookie.clone())
            .to_request(),
    )
    .await;
    let body = String::from_utf8_lossy(&test::read_body(resp).await).into_owned();
    assert!(
        !body.contains("abc123") && !body.contains("MfKQ9r8"),
        "secrets never rendered"
    );
    let resp = test::call_service(
        &app,
        post(
            &format!("/alerts/channels/{id}"),
            vec![
                ("_csrf", csrf.clone()),
                ("name", "ops".into()),
                ("kind", "webhook".into()),
                ("language", "en".into()),
            ],
        ),
    )
    .await;
    assert_eq!(resp.status(), 303);
    assert_eq!(
        rt.store.channels().unwrap()[0].1.url.as_deref(),
        Some(url.as_str())
    );
    // It is used: a test message and the cycle's alert arrive, signed.
    let resp = test::call_service(
        &app,
        post(
            "/alerts/test",
            vec![("_csrf", csrf.clone()), ("channel", "ops".into())],
        ),
    )
    .await;
    assert_eq!(resp.headers().get("location").unwrap(), "/alerts?sent=ops");
    rt.checker(std::time::Duration::ZERO)
        .run_cycle()
        .await
        .unwrap();
    rt.delivery().deliver_due(Utc::now()).await;
    let hooks = hooks.lock().unwrap().clone();
    assert_eq!(hooks.len(), 2);
    assert!(hooks.iter().all(|h| h.verified));
    assert_eq!(hooks[1].body["data"]["target"]["name"], "m1@t.example.org");
    // Delete.
    let resp = test::call_service(
        &app,
        post(
            &format!("/alerts/channels/{id}/delete"),
            vec![("_csrf", csrf.clone()), ("confirm", "yes".into())],
        ),
    )
    .await;
    assert_eq!(resp.status(), 303);
    assert!(rt.store.channels().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_channels_can_also_write_to_the_app_registrations_owners() {
    let (smtp_port, mails) = receivers::smtp_server();
    let (scenario, config) = revoked_scenario(1);
    // The app has an owner; its secret has expired.
    let scenario = scenario
        .replace("[[tenants.users]]\nid = \"11111111-0000-4000-8000-000000000001\"", "[[tenants.users]]\nid = \"22222222-0000-4000-8000-000000000001\"\nupn = \"owner@t.example.org\"\n[[tenants.users]]\nid = \"11111111-0000-4000-8000-000000000001\"")
        .replace("secrets = [{ value = \"abc-secret-value\" }]", "secrets = [{ value = \"abc-secret-value\", expires_in_days = -1 }]\nowners = [\"22222222-0000-4000-8000-000000000001\"]")
        + "[[tenants.apps]]\nclient_id = \"f0000000-0000-4000-8000-000000000001\"\nroles = [\"Application.Read.All\", \"DelegatedPermissionGrant.Read.All\", \"User.Read.All\"]\nsecrets = [{ value = \"monitor-secret\" }]\n";
    let config = config.replace("id = \"t.example.org\"\n", "id = \"t.example.org\"\nmonitor_client_id = \"f0000000-0000-4000-8000-000000000001\"\nmonitor_client_secret = \"monitor-secret\"\n");
    let mail = |owners: bool| {
        format!("[[alerts.channels]]\nname = \"it-mail\"\nkind = \"email\"\nsmtp_host = \"127.0.0.1\"\nsmtp_port = {smtp_port}\ntls = \"none\"\nfrom = \"lw@t.example.org\"\nto = [\"it@t.example.org\"]\nowners = {owners}\n")
    };
    let w = World::start(&scenario, &format!("{}\n{config}", mail(true))).await;
    w.seed_links(&scenario);
    let rt = cycle(&w).await;
    rt.delivery().deliver_due(Utc::now()).await;
    let got = mails.lock().unwrap().clone();
    assert_eq!(got.len(), 1, "one incident: the app, listing its mailbox");
    assert_eq!(got[0].to, vec!["it@t.example.org", "owner@t.example.org"]);
    // Without `owners = true` only the configured recipients get it, and no owner read is made.
    mails.lock().unwrap().clear();
    let w = World::start(&scenario, &format!("{}\n{config}", mail(false))).await;
    w.seed_links(&scenario);
    let rt = cycle(&w).await;
    rt.delivery().deliver_due(Utc::now()).await;
    assert_eq!(mails.lock().unwrap()[0].to, vec!["it@t.example.org"]);
    assert!(!w.sim.state().log.iter().any(|e| e.path.contains("/owners")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn permanent_delivery_errors_are_dead_lettered_at_once_transient_ones_wait() {
    let (scenario, config) = revoked_scenario(1);
    let (gone, gone_calls, _h1) = receivers::status_receiver(410, None).await;
    let (busy, busy_calls, _h2) = receivers::status_receiver(429, Some("7200")).await;
    let (down, _, _h3) = receivers::status_receiver(503, None).await;
    let refused = receivers::smtp_server_refusing(550, "5.1.1 Mailbox unavailable");
    let later = receivers::smtp_server_refusing(451, "4.3.0 Try again later");
    let mail = |name: &str, port: u16| {
        format!("[[alerts.channels]]\nname = \"{name}\"\nkind = \"email\"\nsmtp_host = \"127.0.0.1\"\nsmtp_port = {port}\ntls = \"none\"\nfrom = \"linkwatch@contoso.nl\"\nto = [\"it@contoso.nl\"]\n")
    };
    let hook = |name: &str, port: u16| {
        format!("[[alerts.channels]]\nname = \"{name}\"\nkind = \"webhook\"\nurl = \"http://127.0.0.1:{port}/\"\n")
    };
    let channels = [
        hook("gone", gone),
        hook("busy", busy),
        hook("down", down),
        mail("refused", refused),
        mail("later", later),
    ]
    .concat();
    let w = World::start(&scenario, &format!("{channels}{config}")).await;
    w.seed_links(&scenario);
    let rt = cycle(&w).await;
    let delivery = rt.delivery();
    let now = Utc::now();
    assert_eq!(delivery.deliver_due(now).await, 0);
    let by_channel = |name: &str| {
        rt.store
            .outbox_messages(50)
            .unwrap()
            .into_iter()
            .find(|m| m.channel == name)
            .unwrap()
    };
    for (name, reason) in [("gone", "410 Gone"), ("refused", "550")] {
        let m = by_channel(name);
        assert_eq!((m.state.as_str(), m.attempts), ("dead", 1), "{name}: {m:?}");
        let err = m.last_error.unwrap();
        assert!(
            err.contains("permanent error, not retried") && err.contains(reason),
            "{name}: {err}"
        );
    }
    for name in ["busy", "down", "later"] {
        let m = by_channel(name);
        assert_eq!(m.state, "pending", "{name}: {m:?}");
        assert!(!m.last_error.unwrap().contains("permanent"), "{name}");
    }
    // A minute later the 503 and the SMTP 451 are tried again; the 429 asked for two hours.
    assert_eq!(delivery.deliver_due(now + Duration::seconds(61)).await, 0);
    assert_eq!(by_channel("down").attempts, 2);
    assert_eq!(by_channel("later").attempts, 2);
    assert_eq!(
        by_channel("busy").attempts,
        1,
        "Retry-After: 7200 is honoured"
    );
    assert_eq!(*busy_calls.lock().unwrap(), 1);
    delivery.deliver_due(now + Duration::seconds(7201)).await;
    assert_eq!(by_channel("busy").attempts, 2);
    assert_eq!(*gone_calls.lock().unwrap(), 1, "a 410 is never tried again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_heartbeat_is_called_after_each_cycle_and_fail_when_nothing_could_be_checked() {
    let (scenario, config) = revoked_scenario(2);
    let (port, pings, _h) = receivers::plain_receiver().await;
    let heartbeat = format!(
        "[alerts]\nheartbeat_url = \"http://127.0.0.1:{port}/ping/5f3c-secret-uuid\"\n[checks]\ntarget_budget_secs = 1\n"
    );
    let w = World::start(&scenario, &format!("{heartbeat}{config}")).await;
    w.seed_links(&scenario);
    let rt = cycle(&w).await;
    {
        let p = pings.lock().unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(
            (p[0].method.as_str(), p[0].path.as_str()),
            ("GET", "/ping/5f3c-secret-uuid")
        );
    }
    let last = rt.store.last_heartbeat().unwrap().unwrap();
    assert!(last.cycle_ok && last.error.is_none(), "{last:?}");

    // Microsoft unreachable: every token and Graph call answers 503, no target can be checked.
    {
        let mut st = w.sim.state();
        st.scenario
            .faults
            .push(linkwatch::simulator::scenario::Fault {
                path: "/".into(),
                kind: linkwatch::simulator::scenario::FaultKind::Status,
                status: Some(503),
                ..Default::default()
            });
        st.fault_hits.push(0);
    }
    let rt = cycle(&w).await;
    {
        let p = pings.lock().unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].path, "/ping/5f3c-secret-uuid/fail");
    }
    let last = rt.store.last_heartbeat().unwrap().unwrap();
    assert!(!last.cycle_ok, "{last:?}");
    assert!(last
        .cycle_problem
        .unwrap()
        .contains("none of the 3 targets could be checked"));

    // The Alerts page says where the pings go without the secret path, and how the last went.
    let (cookie, _) = signed_in(&rt, "vera", linkwatch::accounts::Role::Viewer);
    let app =
        actix_web::test::init_service(actix_web::App::new().configure(linkwatch::web::configure(
            actix_web::web::Data::new(rt.web_state(rt.checker(std::time::Duration::ZERO))),
        )))
        .await;
    let req = actix_web::test::TestRequest::get()
        .uri("/alerts")
        .cookie(cookie)
        .to_request();
    let body =
        String::from_utf8_lossy(&actix_web::test::call_and_read_body(&app, req).await).to_string();
    assert!(body.contains("http://127.0.0.1/…"), "{body}");
    assert!(!body.contains("5f3c-secret-uuid"));
    assert!(body.contains("reported as failed") && body.contains("the monitor accepted it"));

    // A monitor that is down is recorded, and the cycle itself is unaffected.
    _h.stop(true).await;
    w.sim.state().scenario.faults.clear();
    let rt = cycle(&w).await;
    let last = rt.store.last_heartbeat().unwrap().unwrap();
    assert!(last.cycle_ok);
    assert!(last.error.unwrap().starts_with("no answer"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_mail_app_found_by_discovery_is_announced_once_by_mail_and_webhook() {
    let (smtp_port, mails) = receivers::smtp_server();
    let (hook_port, hooks, _h) = receivers::webhook_receiver(0, SECRET).await;
    let w = World::start(
        DEMO_SCENARIO,
        &format!("{}\n{DEMO_CONFIG}", channels(smtp_port, hook_port)),
    )
    .await;
    w.seed_links(DEMO_SCENARIO);
    let rt = cycle(&w).await;
    let delivery = rt.delivery();
    delivery.deliver_due(Utc::now()).await;
    let (mails_before, hooks_before) = (mails.lock().unwrap().len(), hooks.lock().unwrap().len());
    let checker = rt.checker(std::time::Duration::ZERO);
    let rediscover = || linkwatch::usecases::rediscover::every_tenant(&checker);
    assert_eq!(
        rediscover().await.unwrap(),
        0,
        "the first read is the baseline"
    );
    support::quote_mailer_appears(&w.sim);
    assert_eq!(rediscover().await.unwrap(), 1);
    assert_eq!(rediscover().await.unwrap(), 0, "announced once");
    delivery.deliver_due(Utc::now()).await;
    let mails = mails.lock().unwrap().clone();
    let hooks = hooks.lock().unwrap().clone();
    assert_eq!(mails.len(), mails_before + 1, "one mail");
    assert_eq!(hooks.len(), hooks_before + 1, "one webhook");
    let mail = MessageParser::default()
        .parse(&mails.last().unwrap().raw)
        .unwrap();
    assert_eq!(
        mail.subject().unwrap(),
        "[linkwatch] Nieuwe mail-app in Contoso: Quote mailer — niet bewaakt"
    );
    let text = mail.body_text(0).unwrap();
    assert!(
        text.contains("a0000000-0000-4000-8000-0000000000aa")
            && text.contains("Bewaken")
            && text.contains("https://linkwatch.example.org/tenants/")
            && text.contains("/discover"),
        "{text}"
    );
    let hook = hooks.last().unwrap();
    assert!(hook.verified);
    assert_eq!(hook.body["type"], "linkwatch.new_app");
    let target = &hook.body["data"]["target"];
    assert_eq!(target["client_id"], "a0000000-0000-4000-8000-0000000000aa");
    assert_eq!(target["name"], "Quote mailer");
    assert_eq!(target["tenant_name"], "Contoso");
    assert!(
        hook.body["data"]["url"]
            .as_str()
            .is_some_and(|u| u.ends_with("/discover")),
        "{}",
        hook.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_channel_form_per_kind_sends_a_test_before_saving_and_picks_its_scope_from_lists() {
    use actix_web::{test, App};
    let (hook_port, hooks, _h) = receivers::webhook_receiver(0, SECRET).await;
    // The test receiver listens on loopback: allowed by the operator.
    let w = World::start(
        DEMO_SCENARIO,
        &format!("[alerts]\nallow_private_destinations = true\n{DEMO_CONFIG}"),
    )
    .await;
    w.seed_links(DEMO_SCENARIO);
    let rt = w.runtime();
    let (cookie, csrf) = signed_in(&rt, "alice", linkwatch::accounts::Role::Admin);
    let app = test::init_service(App::new().configure(linkwatch::web::configure(
        actix_web::web::Data::new(rt.web_state(rt.checker(std::time::Duration::ZERO))),
    )))
    .await;
    let get = |path: &str| {
        test::TestRequest::get()
            .uri(path)
            .cookie(cookie.clone())
            .to_request()
    };
    let post = |form: Vec<(&str, String)>| {
        test::TestRequest::post()
            .uri("/alerts/channels/new")
            .cookie(cookie.clone())
            .set_form(form)
            .to_request()
    };
    let body = |resp: actix_web::dev::ServiceResponse| async move {
        String::from_utf8_lossy(&test::read_body(resp).await).into_owned()
    };
    // The kind first; then only that kind's fields, and the scope as lists of names.
    let chooser = body(test::call_service(&app, get("/alerts/channels/new")).await).await;
    for kind in ["email", "webhook", "slack", "teams"] {
        assert!(
            chooser.contains(&format!("/alerts/channels/new?kind={kind}")),
            "{chooser}"
        );
    }
    let webhook =
        body(test::call_service(&app, get("/alerts/channels/new?kind=webhook")).await).await;
    assert!(webhook.contains("name=\"secret\"") && !webhook.contains("name=\"smtp_host\""));
    assert!(
        webhook.contains("name=\"tenant\" value=\"contoso.onmicrosoft.com\"")
            && webhook.contains("<strong>Contoso</strong>")
            && webhook.contains("name=\"app\" value=\"a0000000-0000-4000-8000-000000000001\""),
        "tenants and apps picked by name: {webhook}"
    );
    let email = body(test::call_service(&app, get("/alerts/channels/new?kind=email")).await).await;
    assert!(email.contains("name=\"smtp_host\"") && !email.contains("name=\"secret\""));

    // Send a test through the channel as typed: delivered, nothing saved, the URL not shown.
    let url = format!("http://127.0.0.1:{hook_port}/hook-with-token-xyz789");
    let resp = test::call_service(
        &app,
        post(vec![
            ("_csrf", csrf.clone()),
            ("kind", "webhook".into()),
            ("name", "ops".into()),
            ("language", "en".into()),
            ("url", url.clone()),
            ("secret", SECRET.into()),
            ("tenant", "contoso.onmicrosoft.com".into()),
            ("action", "test".into()),
        ]),
    )
    .await;
    assert_eq!(resp.status(), 200);
    let page = body(resp).await;
    assert!(
        page.contains("A test message was delivered through ops"),
        "{page}"
    );
    assert!(
        !page.contains("xyz789") && !page.contains("MfKQ9r8"),
        "secrets never rendered"
    );
    assert!(
        rt.store.channels().unwrap().is_empty(),
        "a test saves nothing"
    );
    {
        let hooks = hooks.lock().unwrap();
        assert_eq!(hooks.len(), 1);
        assert!(hooks[0].verified && hooks[0].body["type"] == "linkwatch.test");
    }
    // Save without typing the secrets again: they were carried sealed.
    let sealed = page
        .split("name=\"sealed\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the secrets carried sealed")
        .to_string();
    let resp = test::call_service(
        &app,
        post(vec![
            ("_csrf", csrf.clone()),
            ("kind", "webhook".into()),
            ("name", "ops".into()),
            ("language", "en".into()),
            ("sealed", sealed.clone()),
            ("tenant", "contoso.onmicrosoft.com".into()),
            ("action", "save".into()),
        ]),
    )
    .await;
    assert_eq!(resp.status(), 303);
    let saved = &rt.store.channels().unwrap()[0].1;
    assert_eq!(saved.url.as_deref(), Some(url.as_str()));
    assert_eq!(saved.secret.as_deref(), Some(SECRET));
    assert_eq!(
        saved.tenants.as_deref(),
        Some(&["contoso.onmicrosoft.com".to_string()][..])
    );
    // A sealed value is bound to the session that made it: another session cannot use it.
    let (other, other_csrf) = signed_in(&rt, "bob", linkwatch::accounts::Role::Admin);
    let resp = test::call_service(
        &app,
        test::TestRequest::post()
            .uri("/alerts/channels/new")
            .cookie(other)
            .set_form(vec![
                ("_csrf", other_csrf),
                ("kind", "webhook".to_string()),
                ("name", "ops2".to_string()),
                ("sealed", sealed),
                ("action", "save".to_string()),
            ])
            .to_request(),
    )
    .await;
    assert_eq!(
        resp.status(),
        422,
        "no URL: the sealed one is not this session's"
    );
    // A test that cannot be delivered says why, in the form.
    let resp = test::call_service(
        &app,
        post(vec![
            ("_csrf", csrf.clone()),
            ("kind", "webhook".into()),
            ("name", "dead".into()),
            ("url", "http://127.0.0.1:9/nothing-listens".into()),
            ("action", "test".into()),
        ]),
    )
    .await;
    let page = body(resp).await;
    assert!(
        page.contains("The test message was not delivered"),
        "{page}"
    );
}
