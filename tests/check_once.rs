//! `linkwatch check --once` against the simulator: the JSON contract, every finding code, and
//! the Nagios exit codes, through the real binary.

mod support;

use linkwatch::commands::DEMO_SCENARIO;
use linkwatch::model::FindingCode;
use support::{codes, target, World};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_tenant_gives_every_finding_in_the_documented_json() {
    let w = World::demo().await;
    w.seed_links(DEMO_SCENARIO);
    let (code, json) = w.check_json().await;
    assert_eq!(code, 2, "critical findings exit 2");
    assert_eq!(json["status"], "critical");
    assert!(chrono::DateTime::parse_from_rfc3339(json["checked_at"].as_str().unwrap()).is_ok());

    // Every code of the vocabulary appears, but consumer_pending: that one follows a fix made
    // in linkwatch (tests/consumer.rs).
    let all: Vec<String> = FindingCode::ALL
        .iter()
        .filter(|c| **c != FindingCode::ConsumerPending)
        .map(|c| c.as_str().to_string())
        .collect();
    let mut want = all.clone();
    want.sort();
    assert_eq!(codes(&json), want, "every code of the vocabulary appears");

    // Field names of the contract.
    let t = target(&json, "helpdesk@contoso.nl");
    assert_eq!(t["kind"], "mailbox");
    assert_eq!(t["tenant_id"], "contoso.onmicrosoft.com");
    assert_eq!(t["client_id"], "a0000000-0000-4000-8000-000000000002");
    assert_eq!(t["address"], "helpdesk@contoso.nl");
    assert_eq!(t["status"], "critical");
    let f = &t["findings"][0];
    assert_eq!(f["code"], "secret_expired");
    assert_eq!(f["severity"], "critical");
    assert_eq!(f["aadsts"], 7000222);
    assert_eq!(
        f["caused_by"],
        "app:contoso.onmicrosoft.com/a0000000-0000-4000-8000-000000000002"
    );
    assert!(f["message"].as_str().unwrap().contains("AADSTS7000222"));

    let app = target(&json, "ImageCapture");
    assert_eq!(app["kind"], "app");
    assert!(app.get("address").is_none(), "apps have no address");
    let exp = &app["findings"][0];
    assert_eq!(exp["code"], "secret_expiring");
    assert_eq!(exp["severity"], "warning");
    assert!(chrono::DateTime::parse_from_rfc3339(exp["expires_at"].as_str().unwrap()).is_ok());

    let sales = target(&json, "sales@contoso.nl");
    assert_eq!(sales["findings"][0]["code"], "consent_missing");
    assert_eq!(
        sales["findings"][0]["scopes"],
        serde_json::json!(["Mail.Send.Shared"])
    );

    let news = target(&json, "Newsletter");
    assert_eq!(
        news["findings"][0]["scopes"],
        serde_json::json!(["Mail.Send.Shared"])
    );

    for (name, code, aadsts) in [
        ("finance@contoso.nl", "link_revoked", Some(50173)),
        ("director@contoso.nl", "reauth_required", Some(50076)),
        (
            "former.employee@contoso.nl",
            "account_disabled",
            Some(50057),
        ),
        ("archive@contoso.nl", "mailbox_unreachable", None),
        ("support@contoso.nl", "identity_mismatch", None),
        // No link of linkwatch's own, but Econobis's own sign-ins show it: watched through them.
        ("welcome@contoso.nl", "consumer_failing", Some(50173)),
        ("info@fabrikam.com", "not_linked", None),
        ("projects@contoso.nl", "probe_failed", None),
        ("CRM", "secret_invalid", Some(7000215)),
        ("Old portal", "app_missing", Some(700016)),
        ("Fabrikam orders", "monitor_access_missing", None),
    ] {
        let f = &target(&json, name)["findings"][0];
        assert_eq!(f["code"], code, "{name}");
        assert_eq!(f["aadsts"].as_u64(), aadsts.map(|a: u64| a), "{name}");
    }
    // The application's own sign-ins (signal 4), in the contract's fields.
    let welcome = &target(&json, "welcome@contoso.nl")["findings"];
    assert_eq!(
        welcome.as_array().unwrap().len(),
        1,
        "no not_linked: {welcome}"
    );
    assert_eq!(welcome[0]["source"], "consumer");
    assert_eq!(welcome[0]["severity"], "critical");
    assert!(
        welcome[0].get("last_success_at").is_none(),
        "never succeeded in the look-back"
    );
    let scan = &target(&json, "scan@contoso.nl");
    assert_eq!(
        scan["status"], "warning",
        "ImageCapture stopped polling 3 days ago"
    );
    let idle = &scan["findings"][0];
    assert_eq!(
        (idle["code"].as_str(), idle["source"].as_str()),
        (Some("consumer_idle"), Some("consumer"))
    );
    let last =
        chrono::DateTime::parse_from_rfc3339(idle["last_success_at"].as_str().unwrap()).unwrap();
    let until = chrono::DateTime::parse_from_rfc3339(idle["idle_until"].as_str().unwrap()).unwrap();
    assert_eq!(until - last, chrono::Duration::days(90));
    assert!(chrono::Utc::now().signed_duration_since(last) > chrono::Duration::hours(71));
    // Helpdesk still sends its expired secret: the app's incident, its mailbox caused by it.
    let helpdesk_app = &target(&json, "Helpdesk")["findings"];
    assert!(helpdesk_app
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "consumer_failing" && f["aadsts"] == 7000222));
    let helpdesk = &target(&json, "helpdesk@contoso.nl")["findings"];
    assert!(helpdesk
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "consumer_failing"
            && f["caused_by"]
                == "app:contoso.onmicrosoft.com/a0000000-0000-4000-8000-000000000002"));
    for healthy in [
        "info@contoso.nl",
        "Econobis",
        "orders@fabrikam.com",
        "newsletter@contoso.nl",
    ] {
        assert_eq!(target(&json, healthy)["status"], "ok", "{healthy}");
        assert_eq!(
            target(&json, healthy)["findings"],
            serde_json::json!([]),
            "{healthy}"
        );
    }
    let probe = &target(&json, "projects@contoso.nl");
    assert_eq!(
        probe["status"], "unknown",
        "a check that could not run is never ok"
    );
    assert!(
        probe["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("text/html"),
        "{}",
        probe["findings"][0]["message"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn table_format_and_rotation_survive_a_second_cycle() {
    let w = World::demo().await;
    w.seed_links(DEMO_SCENARIO);
    let first = w.run(&["check", "--once"], None).await;
    let table = String::from_utf8_lossy(&first.stdout);
    assert!(
        table.contains("CRITICAL  mailbox  finance@contoso.nl"),
        "{table}"
    );
    assert!(
        table.contains("22 targets: 4 ok, 4 warning, 13 critical, 1 unknown"),
        "{table}"
    );
    // Strict rotation: the first cycle's refresh tokens are dead now; the stored ones must be
    // the rotated ones, or every healthy mailbox would turn link_revoked.
    let (code, json) = w.check_json().await;
    assert_eq!(code, 2);
    assert_eq!(target(&json, "info@contoso.nl")["status"], "ok");
    assert_eq!(target(&json, "newsletter@contoso.nl")["status"], "ok");
}

const HEALTHY_SCENARIO: &str = r#"
[[tenants]]
id = "t.example.org"
users = [{ id = "11111111-0000-4000-8000-000000000001", upn = "a@t.example.org" },
         { id = "11111111-0000-4000-8000-000000000002", upn = "b@t.example.org" }]
[[tenants.apps]]
client_id = "a0000000-0000-4000-8000-000000000001"
name = "App"
roles = ["Application.Read.All", "DelegatedPermissionGrant.Read.All", "User.Read.All"]
configured_scopes = ["User.Read", "Mail.Read"]
secrets = [{ value = "abc-secret-value", expires_in_days = 300 }]
grants = [{ principal = "all", scopes = ["User.Read", "Mail.Read"] }]
links = [{ user = "11111111-0000-4000-8000-000000000001", refresh_token = "rt-a-000001" }]
"#;

fn healthy_config(extra_mailbox: bool) -> String {
    let mut c = String::from(
        r#"
[[tenants]]
id = "t.example.org"
[[tenants.apps]]
client_id = "a0000000-0000-4000-8000-000000000001"
name = "App"
client_secret = "abc-secret-value"
required_scopes = ["User.Read", "Mail.Read", "offline_access"]
[[tenants.apps.mailboxes]]
address = "a@t.example.org"
object_id = "11111111-0000-4000-8000-000000000001"
"#,
    );
    if extra_mailbox {
        c.push_str("[[tenants.apps.mailboxes]]\naddress = \"b@t.example.org\"\nobject_id = \"11111111-0000-4000-8000-000000000002\"\n");
    }
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_codes_follow_nagios() {
    // 0: everything ok.
    let w = World::start(HEALTHY_SCENARIO, &healthy_config(false)).await;
    w.seed_links(HEALTHY_SCENARIO);
    let (code, json) = w.check_json().await;
    assert_eq!(
        (code, json["status"].as_str().unwrap()),
        (0, "ok"),
        "{json}"
    );

    // 1: a mailbox without a link is a warning.
    let w = World::start(HEALTHY_SCENARIO, &healthy_config(true)).await;
    w.seed_links(HEALTHY_SCENARIO);
    let (code, json) = w.check_json().await;
    assert_eq!(
        (code, json["status"].as_str().unwrap()),
        (1, "warning"),
        "{json}"
    );

    // 3: the identity platform answers 503 forever: the check could not run.
    let scenario = format!(
        "{HEALTHY_SCENARIO}\n[[faults]]\npath = \"/token\"\nkind = \"status\"\nstatus = 500\n"
    );
    let w = World::start(&scenario, &healthy_config(false)).await;
    w.seed_links(HEALTHY_SCENARIO);
    let (code, json) = w.check_json().await;
    assert_eq!(
        (code, json["status"].as_str().unwrap()),
        (3, "unknown"),
        "{json}"
    );
    assert!(codes(&json).iter().all(|c| c == "probe_failed"), "{json}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_config_names_the_field_exits_unknown_and_changes_nothing() {
    let w = World::start(HEALTHY_SCENARIO, &healthy_config(false)).await;
    w.seed_links(HEALTHY_SCENARIO);
    let before = w.store().load_tenants().unwrap();
    let bad = std::fs::read_to_string(&w.config)
        .unwrap()
        .replace("11111111-0000-4000-8000-000000000001", "not-a-guid")
        .replace("App\"", "App renamed\"");
    std::fs::write(&w.config, bad).unwrap();
    let out = w.run(&["check", "--once"], None).await;
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("tenants[0].apps[0].mailboxes[0].object_id: \"not-a-guid\" is not a GUID"),
        "{err}"
    );
    assert_eq!(
        w.store().load_tenants().unwrap(),
        before,
        "nothing changed in the database"
    );

    std::fs::write(&w.config, "[checks\nwarn_days = 3").unwrap();
    let out = w.run(&["check", "--once"], None).await;
    assert_eq!(out.status.code(), Some(3));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("linkwatch.toml"),
        "parse errors name the file"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_never_contain_a_secret_or_token_even_at_trace_level() {
    let w = World::demo().await;
    w.seed_links(DEMO_SCENARIO);
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_linkwatch"))
        .arg("--config")
        .arg(&w.config)
        .args(["check", "--once"])
        .env("LINKWATCH_KEY", support::KEY)
        .env("LINKWATCH_LOG", "trace")
        .output()
        .await
        .unwrap();
    let logs =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        logs.len() > 10_000,
        "trace logging is on ({} bytes)",
        logs.len()
    );
    let mut secrets: Vec<String> = Vec::new();
    for t in w.store().load_tenants().unwrap() {
        secrets.extend(t.monitor.iter().map(|(_, s)| s.expose().to_string()));
        for a in &t.apps {
            secrets.extend(a.client_secret.iter().map(|s| s.expose().to_string()));
            secrets.extend(
                a.mailboxes
                    .iter()
                    .filter_map(|m| m.link.as_ref())
                    .map(|l| l.refresh_token.expose().to_string()),
            );
        }
    }
    let sim = w.sim.state();
    secrets.extend(sim.access.keys().cloned());
    secrets.extend(sim.refresh.keys().cloned());
    assert!(secrets.len() > 40);
    for s in &secrets {
        assert!(
            !logs.contains(s.as_str()),
            "a secret or token appears in the logs"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_cycle_prunes_history_older_than_keep_days() {
    let w = World::demo().await;
    let text = std::fs::read_to_string(&w.config).unwrap();
    let env = [("LINKWATCH_STORAGE__KEEP_DAYS".to_string(), "30".to_string())];
    let cfg = linkwatch::config::Config::from_toml(&text, "test", &env).unwrap();
    assert_eq!(cfg.storage.keep_days, 30);
    let rt = linkwatch::commands::Runtime::from_config(
        cfg,
        Some(linkwatch::vault::Vault::from_base64(support::KEY, "test").unwrap()),
    )
    .unwrap();
    // A cycle from a year ago.
    let old = chrono::Utc::now() - chrono::Duration::days(365);
    let report = linkwatch::model::CycleReport {
        checked_at: old,
        status: linkwatch::model::Severity::Ok,
        targets: Vec::new(),
    };
    rt.store
        .record_cycle(&report, "all", &Default::default(), old, 0, &|_| {
            Default::default()
        })
        .unwrap();
    assert_eq!(rt.store.cycle_count().unwrap(), 1);
    rt.checker(std::time::Duration::ZERO)
        .run_cycle()
        .await
        .unwrap();
    assert_eq!(
        rt.store.cycle_count().unwrap(),
        1,
        "the year-old cycle is pruned, today's is kept"
    );
}
