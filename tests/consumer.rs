//! Signal 4 through the real client against the simulator's sign-in log: linkwatch's own
//! sign-ins are left out, the watermark (7 days back, then 15 minutes before the newest record)
//! reads nothing twice and skips nothing, pages and duplicates are handled, the reporting
//! limit is kept, a tenant without premium licence is information only, a missing permission is
//! `monitor_access_missing`, and a failed or oversized read never makes a mailbox idle.

#[path = "support/receivers.rs"]
mod receivers;
mod support;

use linkwatch::model::{CycleReport, FindingCode, Severity};
use std::time::Duration;
use support::World;

const USER: &str = "11111111-0000-4000-8000-000000000001";

/// A tenant with a monitor app and one app registration with `mailboxes` linked accounts,
/// whose consumer is described by `consumer` (TOML inline table, or "" for none).
fn scenario(mailboxes: usize, consumer: &str, extra: &str, tenant_extra: &str) -> String {
    let mut s = format!("{extra}\n[[tenants]]\nid = \"t.example.org\"\n{tenant_extra}\n");
    for i in 1..=mailboxes {
        s += &format!("[[tenants.users]]\nid = \"11111111-0000-4000-8000-{i:012}\"\nupn = \"m{i}@t.example.org\"\n");
    }
    s += "[[tenants.apps]]\nclient_id = \"f0000000-0000-4000-8000-000000000000\"\nname = \"monitor\"\nroles = [\"Application.Read.All\", \"DelegatedPermissionGrant.Read.All\", \"User.Read.All\", \"AuditLog.Read.All\", \"Directory.Read.All\"]\nsecrets = [{ value = \"monitor-secret\" }]\n";
    s += "[[tenants.apps]]\nclient_id = \"a0000000-0000-4000-8000-000000000001\"\nname = \"Helpdesk\"\nconfigured_scopes = [\"User.Read\", \"Mail.Read\"]\nsecrets = [{ value = \"app-secret-value\" }]\ngrants = [{ principal = \"all\", scopes = [\"User.Read\", \"Mail.Read\"] }]\n";
    if !consumer.is_empty() {
        s += &format!("consumer = {consumer}\n");
    }
    for i in 1..=mailboxes {
        s += &format!("[[tenants.apps.links]]\nuser = \"11111111-0000-4000-8000-{i:012}\"\nrefresh_token = \"rt-{i:06}\"\n");
    }
    s
}

fn config(mailboxes: usize, roles_ok: bool) -> String {
    let monitor = if roles_ok {
        "f0000000-0000-4000-8000-000000000000"
    } else {
        "f0000000-0000-4000-8000-0000000000aa"
    };
    let mut c = format!("[[tenants]]\nid = \"t.example.org\"\nmonitor_client_id = \"{monitor}\"\nmonitor_client_secret = \"monitor-secret\"\n[[tenants.apps]]\nclient_id = \"a0000000-0000-4000-8000-000000000001\"\nname = \"Helpdesk\"\nclient_secret = \"app-secret-value\"\nrequired_scopes = [\"User.Read\", \"Mail.Read\", \"offline_access\"]\n");
    for i in 1..=mailboxes {
        c += &format!("[[tenants.apps.mailboxes]]\naddress = \"m{i}@t.example.org\"\nobject_id = \"11111111-0000-4000-8000-{i:012}\"\n");
    }
    c
}

async fn cycle(w: &World) -> CycleReport {
    w.runtime()
        .checker(Duration::ZERO)
        .run_cycle()
        .await
        .unwrap()
        .report
}

fn codes_of(r: &CycleReport, name: &str) -> Vec<FindingCode> {
    r.targets
        .iter()
        .find(|t| t.name == name)
        .unwrap()
        .findings
        .iter()
        .map(|f| f.code)
        .collect()
}

/// The `createdDateTime ge …` of every sign-in log request, in order.
fn reads_since(w: &World) -> Vec<chrono::DateTime<chrono::Utc>> {
    w.sim
        .state()
        .log
        .iter()
        .filter(|e| {
            e.path.to_ascii_lowercase().contains("auditlogs/signins")
                && !e.path.contains("skiptoken")
        })
        .filter_map(|e| {
            let q = e.path.split_once('?')?.1;
            let filter = url::form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "$filter")?
                .1
                .to_string();
            let i = filter.find("createdDateTime ge ")?;
            let v = filter[i + 19..].split(' ').next()?;
            chrono::DateTime::parse_from_rfc3339(v)
                .ok()
                .map(|t| t.with_timezone(&chrono::Utc))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn linkwatchs_own_sign_ins_are_left_out() {
    // The application never polls; only linkwatch redeems the links, with the same app, user
    // and secret. Without telling its own records apart, m1 would look healthy.
    let s = scenario(
        1,
        "{ stopped_hours_ago = 200, history_hours = 200 }",
        "",
        "",
    );
    let w = World::start(&s, &config(1, true)).await;
    w.seed_links(&s);
    let r = cycle(&w).await;
    assert_eq!(
        codes_of(&r, "m1@t.example.org"),
        vec![FindingCode::ConsumerIdle],
        "{:#?}",
        r.targets
    );
    // linkwatch's own refreshes are in the log, with its tagged client-request-id and agent.
    let own: Vec<_> = w
        .sim
        .state()
        .signins
        .iter()
        .filter(|r| r.user_id == USER && !r.user_agent.starts_with("Econobis"))
        .map(|r| (r.error_code, r.correlation_id.clone(), r.user_agent.clone()))
        .collect();
    assert!(!own.is_empty());
    let tag = w.runtime().checker(Duration::ZERO).graph.tag().clone();
    for (code, correlation, agent) in own {
        assert_eq!(code, 0);
        assert!(tag.is_ours(&correlation), "{correlation} {agent}");
        assert!(agent.starts_with("linkwatch/"), "{agent}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_watermark_reads_7_days_back_then_15_minutes_before_the_newest_record() {
    let s = scenario(2, "{ every_minutes = 15, history_hours = 400 }", "", "");
    let w = World::start(&s, &config(2, true)).await;
    w.seed_links(&s);
    let start = chrono::Utc::now();
    let r = cycle(&w).await;
    assert!(
        r.targets.iter().all(|t| t.status == Severity::Ok),
        "{:#?}",
        r.targets
    );
    // A later cycle (past the 60 s shared-read window) reads from 15 minutes before the newest
    // record it saw: the consumer's last poll, at most 15 minutes ago.
    age_last_read(&w, 120);
    cycle(&w).await;
    let since = reads_since(&w);
    assert_eq!(since.len(), 2, "{since:?}");
    let first_back = start - since[0];
    assert!(
        (first_back - chrono::Duration::days(7)).num_seconds().abs() < 60,
        "first read {first_back:?} back"
    );
    let newest = w
        .sim
        .state()
        .signins
        .iter()
        .filter(|r| r.user_agent.starts_with("Econobis"))
        .map(|r| r.at)
        .max()
        .unwrap();
    assert_eq!(since[1], {
        let t = newest - chrono::Duration::minutes(15);
        chrono::DateTime::parse_from_rfc3339(&t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            .unwrap()
            .with_timezone(&chrono::Utc)
    });
}

/// Makes the last read look `secs` old, as if the next cycle came later.
fn age_last_read(w: &World, secs: i64) {
    let db = rusqlite::Connection::open(w.db()).unwrap();
    db.execute(
        "UPDATE consumer_reads SET read_at = ?1",
        [(chrono::Utc::now() - chrono::Duration::seconds(secs)).to_rfc3339()],
    )
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_and_duplicates_count_each_failure_once() {
    // 3 mailboxes whose application lost its grant for m2 12 hours ago (every 10 minutes):
    // 72 failures, listed in pages of 25 with every 7th record twice.
    let s = scenario(
        3,
        "{ every_minutes = 10, history_hours = 12, revoked = [\"11111111-0000-4000-8000-000000000002\"] }",
        "signin_page_size = 25\nsignin_duplicate_every = 7",
        "",
    );
    let w = World::start(&s, &config(3, true)).await;
    w.seed_links(&s);
    let r = cycle(&w).await;
    let m2 = r
        .targets
        .iter()
        .find(|t| t.name == "m2@t.example.org")
        .unwrap();
    let f = m2
        .findings
        .iter()
        .find(|f| f.code == FindingCode::ConsumerFailing)
        .unwrap();
    assert_eq!(f.aadsts, Some(50173));
    let failures = w
        .sim
        .state()
        .signins
        .iter()
        .filter(|r| r.user_agent.starts_with("Econobis") && r.error_code == 50173)
        .count();
    assert!(
        f.message.contains(&format!("({failures} failed,")),
        "{} / {failures}",
        f.message
    );
    let pages = w
        .sim
        .state()
        .log
        .iter()
        .filter(|e| e.path.to_ascii_lowercase().contains("auditlogs/signins"))
        .count();
    assert!(
        pages >= 9,
        "{pages} pages of 25 for 216 records and their duplicates"
    );
    assert_eq!(m2.status, Severity::Critical);
    assert!(codes_of(&r, "m1@t.example.org").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reporting_limit_is_kept() {
    // 40 app registrations (3 queries of at most 15, and 3 credential reports): more than the
    // 5 requests per 10 s the reporting API allows, so linkwatch waits rather than be throttled.
    let mut s = scenario(1, "{}", "", "");
    let mut c = config(1, true);
    for i in 2..=40 {
        s += &format!("[[tenants.apps]]\nclient_id = \"a0000000-0000-4000-8000-{i:012}\"\nname = \"App {i}\"\nsecrets = [{{ value = \"secret-{i}\" }}]\nconsumer = {{ mailboxes = [] }}\n");
        c += &format!("[[tenants.apps]]\nclient_id = \"a0000000-0000-4000-8000-{i:012}\"\nname = \"App {i}\"\nclient_secret = \"secret-{i}\"\n");
    }
    let w = World::start(&s, &c).await;
    w.seed_links(&s);
    cycle(&w).await;
    let reports: Vec<_> = w
        .sim
        .state()
        .log
        .iter()
        .filter(|e| e.path.starts_with("/beta/"))
        .map(|e| (e.at, e.status))
        .collect();
    assert_eq!(reports.len(), 6, "{reports:?}");
    assert!(
        reports.iter().all(|(_, s)| *s == 200),
        "never throttled: {reports:?}"
    );
    let spread = reports[5].0 - reports[0].0;
    assert!(
        spread >= Duration::from_secs(9),
        "the sixth request waited: {spread:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_premium_licence_is_information_and_a_missing_permission_is_named() {
    let s = scenario(1, "{}", "", "premium = false");
    let w = World::start(&s, &config(1, true)).await;
    w.seed_links(&s);
    let r = cycle(&w).await;
    assert!(
        r.targets.iter().all(|t| t.status == Severity::Ok),
        "{:#?}",
        r.targets
    );
    let a = w.runtime().store.tenant_activity(1).unwrap();
    assert_eq!(a.state, linkwatch::activity::SignalState::NoPremium);

    // A monitor app without AuditLog.Read.All.
    let mut s = scenario(1, "{}", "", "");
    s += "[[tenants.apps]]\nclient_id = \"f0000000-0000-4000-8000-0000000000aa\"\nname = \"monitor without audit\"\nroles = [\"Application.Read.All\", \"DelegatedPermissionGrant.Read.All\", \"User.Read.All\"]\nsecrets = [{ value = \"monitor-secret\" }]\n";
    let w = World::start(&s, &config(1, false)).await;
    w.seed_links(&s);
    let r = cycle(&w).await;
    let app = r.targets.iter().find(|t| t.name == "Helpdesk").unwrap();
    let f = app
        .findings
        .iter()
        .find(|f| f.code == FindingCode::MonitorAccessMissing)
        .unwrap();
    assert!(f.message.contains("AuditLog.Read.All"), "{}", f.message);
    assert_eq!(app.status, Severity::Warning);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_or_oversized_read_never_makes_a_mailbox_idle() {
    // The application stopped 3 days ago: idle once the log is read. But the first read fails
    // (a 10 MB reply), then the log answers 503 past the budget: no conclusion either time.
    for fault in [
        "[[faults]]\npath = \"/beta/auditLogs\"\nkind = \"huge\"\n",
        "[[faults]]\npath = \"/beta/auditLogs\"\nkind = \"status\"\nstatus = 500\n",
        "[[faults]]\npath = \"/beta/auditLogs\"\nkind = \"wrong_types\"\n",
    ] {
        let s = scenario(
            1,
            "{ stopped_hours_ago = 72, history_hours = 200 }",
            fault,
            "",
        );
        let w = World::start(
            &s,
            &format!("[checks]\ntarget_budget_secs = 2\n{}", config(1, true)),
        )
        .await;
        w.seed_links(&s);
        let r = cycle(&w).await;
        assert!(
            codes_of(&r, "m1@t.example.org").is_empty(),
            "{fault}: {:#?}",
            r.targets
        );
        // The fault gone, the next read shows it.
        w.sim.state().scenario.faults.clear();
        age_last_read(&w, 120);
        let r = cycle(&w).await;
        assert_eq!(
            codes_of(&r, "m1@t.example.org"),
            vec![FindingCode::ConsumerIdle],
            "{fault}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_signal_a_fix_stays_open_until_an_operator_confirms_it() {
    // Entra ID Free: the sign-in log cannot be read, so after a rotation only a person can
    // say the application has the new secret.
    let s = scenario(1, "{}", "", "premium = false");
    let (hook_port, hooks, _h) = receivers::plain_receiver().await;
    let channel = format!("[[alerts.channels]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"http://127.0.0.1:{hook_port}/\"\n");
    let w = World::start(&s, &format!("{channel}{}", config(1, true))).await;
    w.seed_links(&s);
    let rt = w.runtime();
    let r = cycle(&w).await;
    assert!(
        r.targets.iter().all(|t| t.status == Severity::Ok),
        "{:#?}",
        r.targets
    );
    let app = rt.store.load_tenants().unwrap()[0].apps[0].clone();
    rt.store
        .record_rotation(
            app.id,
            &app.client_id,
            None,
            "saved",
            "anna",
            chrono::Utc::now(),
        )
        .unwrap();
    let r = cycle(&w).await;
    let helpdesk = r.targets.iter().find(|t| t.name == "Helpdesk").unwrap();
    assert_eq!(helpdesk.status, Severity::Warning);
    let f = &helpdesk.findings[0];
    assert_eq!(f.code, FindingCode::ConsumerPending);
    assert!(
        f.message.starts_with(
            "Still to do in Helpdesk: paste the new secret's value in Helpdesk's mail settings"
        ),
        "{}",
        f.message
    );
    assert!(
        f.message.contains("an operator confirms it"),
        "{}",
        f.message
    );
    rt.delivery().deliver_due(chrono::Utc::now()).await;

    // A viewer may not confirm; an operator does, audited, and the app is checked at once.
    let signed_in = |name: &str, role| {
        rt.store
            .upsert_user(name, role, "$argon2id$unused", chrono::Utc::now())
            .unwrap();
        let (user, _) = rt.store.user_by_name(name).unwrap().unwrap();
        let token = rt.store.create_session(&user, chrono::Utc::now()).unwrap();
        let csrf = rt
            .store
            .session(&token, chrono::Utc::now())
            .unwrap()
            .unwrap()
            .csrf;
        (actix_web::cookie::Cookie::new("lw_session", token), csrf)
    };
    let (viewer, viewer_csrf) = signed_in("vera", linkwatch::accounts::Role::Viewer);
    let (oscar, oscar_csrf) = signed_in("oscar", linkwatch::accounts::Role::Operator);
    let web =
        actix_web::test::init_service(actix_web::App::new().configure(linkwatch::web::configure(
            actix_web::web::Data::new(rt.web_state(rt.checker(Duration::ZERO))),
        )))
        .await;
    let page = actix_web::test::TestRequest::get()
        .uri(&format!("/apps/{}", app.id))
        .cookie(oscar.clone())
        .to_request();
    let body =
        String::from_utf8_lossy(&actix_web::test::call_and_read_body(&web, page).await).to_string();
    assert!(
        body.contains("Still to do in Helpdesk") && body.contains("has the fix"),
        "{body}"
    );
    assert!(
        body.contains("no Microsoft Entra ID P1 or P2 licence"),
        "the signal is information: {body}"
    );
    let confirm = |c: &actix_web::cookie::Cookie<'static>, csrf: &str| {
        actix_web::test::TestRequest::post()
            .uri(&format!("/apps/{}/fix/confirm", app.id))
            .cookie(c.clone())
            .set_form([("_csrf", csrf)])
            .to_request()
    };
    let resp = actix_web::test::call_service(&web, confirm(&viewer, &viewer_csrf)).await;
    assert_eq!(resp.status(), 403);
    let resp = actix_web::test::call_service(&web, confirm(&oscar, &oscar_csrf)).await;
    assert_eq!(resp.status(), 303);
    let audit = rt.store.audit_log(10, 0).unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "fix.confirmed" && e.actor == "oscar"),
        "{audit:?}"
    );
    let state = rt
        .store
        .target_state(&format!("app:t.example.org/{}", app.client_id))
        .unwrap()
        .unwrap();
    assert_eq!(
        state.status,
        Severity::Ok,
        "checked again at once: {:?}",
        state.findings
    );
    // The recovery says who closed it.
    rt.delivery().deliver_due(chrono::Utc::now()).await;
    let hooks = hooks.lock().unwrap().clone();
    let recovery = hooks
        .iter()
        .find(|h| h.body["type"] == "linkwatch.recovery")
        .unwrap_or_else(|| panic!("{hooks:#?}"));
    assert_eq!(recovery.body["data"]["fix_closed"]["by"], "operator");
    assert_eq!(recovery.body["data"]["fix_closed"]["confirmed_by"], "oscar");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relink_stays_open_until_the_applications_own_sign_in_for_that_mailbox() {
    // The application's own grant for m1 was revoked; linkwatch's link is re-made (as the
    // re-link flow stores it). The incident stays open until the application itself works.
    let s = scenario(
        1,
        "{ revoked = [\"11111111-0000-4000-8000-000000000001\"] }",
        "",
        "",
    );
    let (hook_port, hooks, _h) = receivers::plain_receiver().await;
    let channel = format!("[[alerts.channels]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"http://127.0.0.1:{hook_port}/\"\n");
    let w = World::start(&s, &format!("{channel}{}", config(1, true))).await;
    let rt = w.seed_links(&s);
    let r = cycle(&w).await;
    assert_eq!(
        codes_of(&r, "m1@t.example.org"),
        vec![FindingCode::ConsumerFailing]
    );
    rt.delivery().deliver_due(chrono::Utc::now()).await;
    let m = rt.store.load_tenants().unwrap()[0].apps[0].mailboxes[0].clone();
    let link = m.link.clone().unwrap();
    rt.store
        .store_link(
            m.id,
            &link.refresh_token,
            "anna",
            USER,
            Some("m1@t.example.org"),
            &["Mail.Read".into()],
            chrono::Utc::now(),
        )
        .unwrap();
    age_last_read(&w, 120);
    let r = cycle(&w).await;
    assert_eq!(
        codes_of(&r, "m1@t.example.org"),
        vec![FindingCode::ConsumerFailing, FindingCode::ConsumerPending]
    );
    // The application is re-connected (its grant restored) and polls again.
    {
        let mut st = w.sim.state();
        let app = &mut st.scenario.tenants[0].apps[1];
        app.consumer.as_mut().unwrap().revoked.clear();
        let started = chrono::Utc::now();
        linkwatch::simulator::signins::poll(
            &mut st,
            0,
            "a0000000-0000-4000-8000-000000000001",
            started,
        );
    }
    age_last_read(&w, 120);
    let r = cycle(&w).await;
    assert!(
        codes_of(&r, "m1@t.example.org").is_empty(),
        "{:#?}",
        r.targets
    );
    rt.delivery().deliver_due(chrono::Utc::now()).await;
    let hooks = hooks.lock().unwrap().clone();
    let recovery = hooks
        .iter()
        .find(|h| h.body["type"] == "linkwatch.recovery")
        .unwrap_or_else(|| panic!("{hooks:#?}"));
    assert_eq!(recovery.body["data"]["fix_closed"]["by"], "sign_ins");
}
