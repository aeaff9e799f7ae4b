//! The command line as an admin uses it: `link import`, `--help`, several processes on one
//! database, and the scheduler.

mod support;

use std::time::Duration;
use support::{target, World};

const SCENARIO: &str = r#"
[[tenants]]
id = "t.example.org"
users = [{ id = "11111111-0000-4000-8000-000000000001", upn = "a@t.example.org" }]
[[tenants.apps]]
client_id = "a0000000-0000-4000-8000-000000000001"
name = "App"
roles = ["Application.Read.All", "DelegatedPermissionGrant.Read.All", "User.Read.All"]
configured_scopes = ["User.Read", "Mail.Read"]
secrets = [{ value = "abc-secret-value", expires_in_days = 300 }]
grants = [{ principal = "all", scopes = ["User.Read", "Mail.Read"] }]
links = [{ user = "11111111-0000-4000-8000-000000000001", refresh_token = "rt-issued-by-entra-0001" }]
"#;

const CONFIG: &str = r#"
[[tenants]]
id = "t.example.org"
[[tenants.apps]]
client_id = "a0000000-0000-4000-8000-000000000001"
name = "App"
client_secret_env = "APP_SECRET_FOR_TEST"
required_scopes = ["User.Read", "Mail.Read", "offline_access"]
[[tenants.apps.mailboxes]]
address = "a@t.example.org"
object_id = "11111111-0000-4000-8000-000000000001"
"#;

async fn world() -> World {
    std::env::set_var("APP_SECRET_FOR_TEST", "abc-secret-value");
    World::start(SCENARIO, CONFIG).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn link_import_stores_a_token_and_refuses_bad_input() {
    let w = world().await;
    let (code, json) = w.check_json().await;
    assert_eq!(code, 1);
    assert_eq!(
        target(&json, "a@t.example.org")["findings"][0]["code"],
        "not_linked"
    );

    for (input, mailbox, want) in [
        ("", "a@t.example.org", "standard input is empty"),
        ("two words\n", "a@t.example.org", "more than one word"),
        (
            "{\"refresh_token\":\"x\"}",
            "a@t.example.org",
            "looks like JSON",
        ),
        (
            "rt-issued-by-entra-0001",
            "nobody@t.example.org",
            "no mailbox nobody@t.example.org",
        ),
    ] {
        let out = w
            .run(&["link", "import", "--mailbox", mailbox], Some(input))
            .await;
        assert_eq!(out.status.code(), Some(1), "{input:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "want {want:?} in {err}");
        assert!(
            !err.contains("rt-issued-by-entra"),
            "the token is never echoed"
        );
    }
    assert!(
        w.store().load_tenants().unwrap()[0].apps[0].mailboxes[0]
            .link
            .is_none(),
        "nothing half-saved"
    );

    let out = w
        .run(
            &["link", "import", "--mailbox", "a@t.example.org"],
            Some("rt-issued-by-entra-0001\n"),
        )
        .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (code, json) = w.check_json().await;
    assert_eq!(code, 0, "{json}");
    // The link was rotated and the signed-in account learned.
    let link = w.store().load_tenants().unwrap()[0].apps[0].mailboxes[0]
        .link
        .clone()
        .unwrap();
    assert_ne!(link.refresh_token.expose(), "rt-issued-by-entra-0001");
    assert_eq!(
        link.account_id.as_deref(),
        Some("11111111-0000-4000-8000-000000000001")
    );
    assert_eq!(link.account_upn.as_deref(), Some("a@t.example.org"));
}

#[tokio::test]
async fn help_explains_every_command() {
    let cfg = std::path::Path::new("unused.toml");
    for (args, want) in [
        (vec!["--help"], "check"),
        (vec!["check", "--help"], "Nagios"),
        (vec!["demo", "--help"], "No Azure account needed"),
        (vec!["simulate", "--help"], "--scenario"),
        (vec!["link", "import", "--help"], "standard input"),
        (vec!["serve", "--help"], "--listen"),
    ] {
        let out = support::run_binary(cfg, &args, None).await;
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(want), "{args:?}: want {want:?} in {text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_processes_share_the_database() {
    let w = world().await;
    w.seed_links(SCENARIO);
    let runs = (0..4).map(|i| {
        let w = &w;
        async move {
            if i % 2 == 0 {
                w.run(&["check", "--once", "--format", "json"], None).await
            } else {
                w.run(
                    &["link", "import", "--mailbox", "a@t.example.org"],
                    Some("rt-not-valid-anymore"),
                )
                .await
            }
        }
    });
    let outs = futures_util::future::join_all(runs).await;
    for o in &outs {
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!err.contains("locked"), "{err}");
        assert!(matches!(o.status.code(), Some(0..=2)), "{err}");
    }
    assert_eq!(w.store().integrity_check().unwrap(), "ok");
    assert_eq!(w.store().cycle_count().unwrap(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scheduler_runs_cycles_on_the_cron_and_never_overlaps() {
    let w = world().await;
    w.seed_links(SCENARIO);
    let rt = w.runtime();
    let checker = rt.checker(Duration::ZERO);
    let lock = tokio::sync::Mutex::new(());
    let held = lock.lock().await;
    assert!(
        !linkwatch::schedule::run_guarded(&checker, &lock).await,
        "a tick during a cycle is skipped"
    );
    drop(held);
    assert!(linkwatch::schedule::run_guarded(&checker, &lock).await);
    let mut sched = linkwatch::schedule::start(checker, "* * * * * *")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(3500)).await;
    sched.shutdown().await.unwrap();
    let n = rt.store.cycle_count().unwrap();
    assert!(
        n >= 3,
        "one cycle per second from the cron expression, saw {n}"
    );
}
