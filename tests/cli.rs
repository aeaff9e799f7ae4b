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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn link_import_file_stores_many_links_in_one_transaction() {
    const N: usize = 1000;
    let sim = support::scenario(N, "");
    let w = World::start(&sim, &support::config(N, "")).await;
    // The simulator issued rt-initial-000001 … to each account: the export of the old tool.
    let mut file = String::from("# address<TAB>refresh token, exported from the old tool\n");
    for i in 1..=N {
        if i % 2 == 0 {
            file += &format!("m{i}@t.example.org\trt-initial-{i:06}\n");
        } else {
            file += &format!("{{\"mailbox\": \"m{i}@t.example.org\", \"refresh_token\": \"rt-initial-{i:06}\"}}\n");
        }
    }
    let path = w.db().with_file_name("links.tsv");

    // One bad line among 1,000 (an unknown mailbox, a token with a space): nothing is stored.
    let bad = format!(
        "{file}nobody@t.example.org\trt-initial-999999\nm1@t.example.org\tspace in token\n"
    );
    std::fs::write(&path, &bad).unwrap();
    let out = w
        .run(&["link", "import", "--file", path.to_str().unwrap()], None)
        .await;
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("line {}", N + 3)) && err.contains("refresh token holds spaces"),
        "{err}"
    );
    assert!(err.contains("Nothing was imported"), "{err}");
    assert!(!err.contains("rt-initial"), "no token is echoed: {err}");
    let bad = format!("{file}nobody@t.example.org\trt-initial-999999\n");
    std::fs::write(&path, &bad).unwrap();
    let out = w
        .run(&["link", "import", "--file", path.to_str().unwrap()], None)
        .await;
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("line {}: no mailbox nobody@t.example.org", N + 2)),
        "{err}"
    );
    let linked = |w: &World| {
        w.store().load_tenants().unwrap()[0].apps[0]
            .mailboxes
            .iter()
            .filter(|m| m.link.is_some())
            .count()
    };
    assert_eq!(linked(&w), 0, "nothing half-imported");

    std::fs::write(&path, &file).unwrap();
    let started = std::time::Instant::now();
    let out = w
        .run(&["link", "import", "--file", path.to_str().unwrap()], None)
        .await;
    let took = started.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(&format!(
            "Imported {N} links in one transaction ({N} new, 0 replacing"
        )),
        "{stdout}"
    );
    assert_eq!(linked(&w), N);
    println!("link import --file: {N} links in {took:.2?} (one process, one transaction)");

    // Standard input works too, and a second import says what it replaced.
    let out = w
        .run(
            &["link", "import", "--file", "-"],
            Some("m7@t.example.org\trt-initial-000007\n"),
        )
        .await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("(0 new, 1 replacing")
            && stdout.contains("replaced: m7@t.example.org (line 1)"),
        "{stdout}"
    );

    // The imported tokens are the live ones: a cycle over all of them is green.
    let (code, json) = w.check_json().await;
    assert_eq!(
        code,
        0,
        "{}",
        &json.to_string()[..2000.min(json.to_string().len())]
    );
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
    let mut sched = linkwatch::schedule::start(checker, "* * * * * *", Default::default())
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

/// Starts the binary with piped output and returns the child.
fn spawn(args: &[&str], config: Option<&std::path::Path>) -> tokio::process::Child {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_linkwatch"));
    if let Some(c) = config {
        cmd.arg("--config").arg(c);
    }
    cmd.args(args)
        .env("LINKWATCH_KEY", support::KEY)
        .env("LINKWATCH_LOG", "info")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true);
    cmd.spawn().unwrap()
}

/// Reads lines from `stream` until one contains `want`; returns it and keeps draining the
/// stream, so the child never writes to a closed pipe.
async fn wait_for_line(
    stream: impl tokio::io::AsyncRead + Unpin + Send + 'static,
    want: &str,
) -> String {
    use tokio::io::AsyncBufReadExt;
    let mut lines = tokio::io::BufReader::new(stream).lines();
    let mut seen = String::new();
    let found = tokio::time::timeout(Duration::from_secs(30), async {
        while let Ok(Some(line)) = lines.next_line().await {
            if line.contains(want) {
                return Some(line);
            }
            seen += &line;
            seen.push('\n');
        }
        None
    })
    .await;
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    match found {
        Ok(Some(line)) => line,
        Ok(None) => panic!("the process ended without a line with {want:?}:\n{seen}"),
        Err(_) => panic!("no line with {want:?} within 30 s:\n{seen}"),
    }
}

fn drain(stream: impl tokio::io::AsyncRead + Unpin + Send + 'static) {
    use tokio::io::AsyncBufReadExt;
    let mut lines = tokio::io::BufReader::new(stream).lines();
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_logs_each_cycle_and_stops_on_sigterm() {
    let w = world().await;
    w.seed_links(SCENARIO);
    let mut child = spawn(&["serve", "--listen", "127.0.0.1:0"], Some(&w.config));
    let line = wait_for_line(child.stderr.take().unwrap(), "check cycle finished").await;
    assert!(
        line.contains("targets=2") && line.contains("status=ok"),
        "{line}"
    );
    assert!(!line.contains("abc-secret-value"));
    support::sigterm(&child);
    let status = tokio::time::timeout(Duration::from_secs(60), child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success(), "{status:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_prints_every_finding_then_serves_the_dashboard() {
    use tokio::io::AsyncBufReadExt;
    let mut child = spawn(&["demo", "--listen", "127.0.0.1:0"], None);
    // Logs go to stderr: read them, so a full pipe never blocks the process.
    drain(child.stderr.take().unwrap());
    let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let mut text = String::new();
    let url = tokio::time::timeout(Duration::from_secs(60), async {
        while let Ok(Some(line)) = lines.next_line().await {
            text.push_str(&line);
            text.push('\n');
            if let Some(u) = line.strip_prefix("Dashboard: ") {
                return u.to_string();
            }
        }
        panic!("demo ended without a dashboard: {text}");
    })
    .await
    .unwrap();
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    // Every code but consumer_pending, which follows a fix made in linkwatch.
    for code in linkwatch::model::FindingCode::ALL {
        if code != linkwatch::model::FindingCode::ConsumerPending {
            assert!(text.contains(code.as_str()), "{code} missing from:\n{text}");
        }
    }
    assert!(text.contains("Sign in as \"demo\""), "{text}");
    let login = reqwest::get(format!("{url}login")).await.unwrap();
    assert_eq!(login.status(), 200);
    assert!(
        login.text().await.unwrap().contains("linkwatch-demo"),
        "the login page hints the demo account"
    );
    support::sigterm(&child);
    assert!(tokio::time::timeout(Duration::from_secs(60), child.wait())
        .await
        .unwrap()
        .unwrap()
        .success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simulate_serves_the_demo_scenario() {
    let mut child = spawn(&["simulate", "--listen", "127.0.0.1:0"], None);
    // Logs go to stderr: read them, so a full pipe never blocks the process.
    drain(child.stderr.take().unwrap());
    let line = wait_for_line(child.stdout.take().unwrap(), "Graph at http://").await;
    let url = line.rsplit(' ').next().unwrap().to_string();
    let resp = reqwest::Client::new()
        .post(format!("{url}/contoso.onmicrosoft.com/oauth2/v2.0/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "a0000000-0000-4000-8000-000000000002"),
            ("client_secret", "Hlp~demo-helpdesk-secret-value"),
            ("scope", "https://graph.microsoft.com/.default"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["error_codes"][0], 7000222, "the demo's expired secret");
    support::sigterm(&child);
    assert!(tokio::time::timeout(Duration::from_secs(60), child.wait())
        .await
        .unwrap()
        .unwrap()
        .success());
}

/// Runs `link --mailbox ADDR`, signs in on the simulator's device page as `user`; returns the
/// command's exit status and output.
async fn device_link(w: &World, address: &str, user: &str) -> (bool, String) {
    use tokio::io::AsyncBufReadExt;
    let mut child = spawn(&["link", "--mailbox", address], Some(&w.config));
    let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    // "To link ADDR, open URL and enter the code CODE"
    let url = first
        .split("open ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .to_string();
    let code = first.rsplit(' ').next().unwrap().to_string();
    let page = reqwest::Client::new()
        .post(&url)
        .form(&[
            ("code", code.as_str()),
            ("username", user),
            ("password", "demo"),
            ("action", "accept"),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("You have signed in"), "{page}");
    let mut out = first.clone();
    while let Ok(Some(l)) = lines.next_line().await {
        out.push('\n');
        out.push_str(&l);
    }
    let mut err = String::new();
    tokio::io::AsyncReadExt::read_to_string(&mut child.stderr.take().unwrap(), &mut err)
        .await
        .unwrap();
    let ok = child.wait().await.unwrap().success();
    (ok, format!("{out}\n{err}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn link_from_a_terminal_with_a_device_code_checks_the_account() {
    let scenario = SCENARIO.replace("users = [{ id = \"11111111-0000-4000-8000-000000000001\", upn = \"a@t.example.org\" }]", "users = [{ id = \"11111111-0000-4000-8000-000000000001\", upn = \"a@t.example.org\" }, { id = \"11111111-0000-4000-8000-000000000002\", upn = \"admin@t.example.org\" }]");
    std::env::set_var("APP_SECRET_FOR_TEST", "abc-secret-value");
    let w = World::start(&scenario, CONFIG).await;
    // The wrong account: nothing stored.
    let (ok, out) = device_link(&w, "a@t.example.org", "admin@t.example.org").await;
    assert!(!ok, "{out}");
    assert!(
        out.contains("nothing was stored") && out.contains("admin@t.example.org"),
        "{out}"
    );
    assert!(w.store().load_tenants().unwrap()[0].apps[0].mailboxes[0]
        .link
        .is_none());
    // The right one: linked, and checked at once.
    let (ok, out) = device_link(&w, "a@t.example.org", "a@t.example.org").await;
    assert!(ok, "{out}");
    assert!(
        out.contains("Linked a@t.example.org as a@t.example.org. Its check now says: ok."),
        "{out}"
    );
    let link = w.store().load_tenants().unwrap()[0].apps[0].mailboxes[0]
        .link
        .clone()
        .unwrap();
    assert_eq!(link.linked_by, "cli");
    assert_eq!(
        link.account_id.as_deref(),
        Some("11111111-0000-4000-8000-000000000001")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_copies_a_live_database_and_the_copy_restores() {
    let w = world().await;
    w.seed_links(SCENARIO);
    assert!(w.run(&["check", "--once"], None).await.status.success());
    let copy = w.dir.path().join("backup.db");
    let out = w.run(&["backup", copy.to_str().unwrap()], None).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("integrity ok"));
    let again = w.run(&["backup", copy.to_str().unwrap()], None).await;
    assert!(
        !again.status.success()
            && String::from_utf8_lossy(&again.stderr).contains("exists already")
    );
    // Restore: the copy replaces the database; the link (rotated since the import) still works.
    let before = w.store().load_tenants().unwrap();
    std::fs::remove_file(w.db()).unwrap();
    let _ = std::fs::remove_file(w.dir.path().join("lw.db-wal"));
    let _ = std::fs::remove_file(w.dir.path().join("lw.db-shm"));
    std::fs::copy(&copy, w.db()).unwrap();
    assert_eq!(w.store().load_tenants().unwrap(), before);
    let (code, json) = w.check_json().await;
    assert_eq!(code, 0, "{json}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_add_creates_resets_and_lists_accounts() {
    let w = world().await;
    for (args, stdin, want) in [
        (
            ["user", "add", "anna", "--role", "root"],
            "a long pass phrase\n",
            "--role \"root\": use admin, operator or viewer",
        ),
        (
            ["user", "add", "anna", "--role", "admin"],
            "short\n",
            "at least 10 characters",
        ),
        (
            ["user", "add", "an na", "--role", "admin"],
            "a long pass phrase\n",
            "name: may contain letters, digits",
        ),
    ] {
        let out = w.run(&args, Some(stdin)).await;
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "want {want:?} in {err}");
    }
    let out = w.run(&["user", "list"], None).await;
    assert!(String::from_utf8_lossy(&out.stdout).contains("no accounts yet"));

    let out = w
        .run(
            &["user", "add", "anna", "--role", "admin"],
            Some("a long pass phrase\n"),
        )
        .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = w.runtime().store;
    let (anna, hash) = store.user_by_name("anna").unwrap().expect("anna exists");
    assert_eq!(anna.role, linkwatch::accounts::Role::Admin);
    assert!(linkwatch::accounts::verify_password(
        "a long pass phrase",
        &hash
    ));
    let session = store.create_session(&anna, chrono::Utc::now()).unwrap();

    // The same name again: a new password and role, and the open session is signed out.
    let out = w
        .run(
            &["user", "add", "anna", "--role", "viewer"],
            Some("another pass phrase\n"),
        )
        .await;
    assert!(out.status.success());
    let (anna, hash) = store.user_by_name("anna").unwrap().unwrap();
    assert_eq!(anna.role, linkwatch::accounts::Role::Viewer);
    assert!(linkwatch::accounts::verify_password(
        "another pass phrase",
        &hash
    ));
    assert!(store
        .session(&session, chrono::Utc::now())
        .unwrap()
        .is_none());

    let out = w.run(&["user", "list"], None).await;
    let text = String::from_utf8_lossy(&out.stdout);
    let row = text
        .lines()
        .find(|l| l.starts_with("anna"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        row.contains("viewer") && row.split_whitespace().last() == Some("0"),
        "{row}"
    );
    assert!(
        !row.contains("never"),
        "the session's sign-in is recorded: {row}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discover_lists_mail_apps_and_says_which_are_not_watched() {
    let w = World::demo().await;
    let out = w.run(&["discover", "--format", "json"], None).await;
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "Fabrikam cannot be read: {err}");
    assert!(err.contains("1 of 2 tenants could not be read"), "{err}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let tenants = json["tenants"].as_array().unwrap();
    let fabrikam = &tenants[1];
    assert_eq!(fabrikam["tenant_id"], "fabrikam.onmicrosoft.com");
    assert!(
        fabrikam["error"]
            .as_str()
            .unwrap()
            .contains("Application.Read.All"),
        "names the missing permission: {fabrikam}"
    );
    let apps = tenants[0]["apps"].as_array().unwrap();
    let app = |name: &str| {
        apps.iter()
            .find(|a| a["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {apps:?}"))
    };
    let scanner = app("Invoice scanner");
    assert_eq!(scanner["watched"], false);
    assert_eq!(scanner["consent"], "users");
    assert_eq!(scanner["accounts"][0]["address"], "sales@contoso.nl");
    assert_eq!(
        scanner["mail_scopes"],
        serde_json::json!(["Mail.ReadWrite"])
    );
    assert_eq!(scanner["credentials"][0]["kind"], "secret");
    assert!(
        !out.stdout.windows(7).any(|w| w == b"Inv~dem"),
        "a secret's value is never printed"
    );
    let mailer = app("Alerts mailer");
    assert_eq!(
        mailer["mail_roles"],
        serde_json::json!(["Mail.Send"]),
        "an application permission"
    );
    assert_eq!(mailer["mail_scopes"], serde_json::json!([]));
    assert_eq!(mailer["credentials"][0]["kind"], "certificate");
    assert_eq!(mailer["watched"], false);
    let econobis = app("Econobis");
    assert_eq!(econobis["watched"], true);
    assert_eq!(econobis["accounts"].as_array().unwrap().len(), 10);
    let newsletter = app("Newsletter");
    assert_eq!(newsletter["consent"], "tenant");
    assert_eq!(
        newsletter["accounts"],
        serde_json::json!([]),
        "a tenant-wide consent names no accounts before the sign-in log is read"
    );
    assert!(
        apps.iter().all(|a| a["name"] != "linkwatch monitor"),
        "an app without mail permissions is left out"
    );

    // After a check cycle has read the application's own sign-ins (signal 4), a tenant-wide
    // consent lists the accounts the application signs in as.
    w.check_json().await;
    let out = w
        .run(
            &[
                "discover",
                "--format",
                "json",
                "--tenant",
                "contoso.onmicrosoft.com",
            ],
            None,
        )
        .await;
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let apps = json["tenants"][0]["apps"].as_array().unwrap();
    let newsletter = apps.iter().find(|a| a["name"] == "Newsletter").unwrap();
    assert_eq!(
        newsletter["accounts"][0]["address"], "newsletter@contoso.nl",
        "{newsletter}"
    );
    assert_eq!(
        newsletter["accounts"][0]["scopes"],
        serde_json::json!(["Mail.Read", "Mail.Send.Shared"])
    );

    let table = w
        .run(&["discover", "--tenant", "contoso.onmicrosoft.com"], None)
        .await;
    assert_eq!(table.status.code(), Some(0));
    let text = String::from_utf8_lossy(&table.stdout);
    let line = text
        .lines()
        .find(|l| l.contains("Invoice scanner"))
        .unwrap();
    assert!(
        line.contains("NOT WATCHED") && line.contains("1 account"),
        "{line}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discover_follows_every_page_of_a_large_directory() {
    // Graph pages /applications and /servicePrincipals (999 at most; fewer when it likes):
    // with two per page, discovery must follow every nextLink to find the same apps. Each
    // reply is slow, so the read lasts long enough to report its progress on stderr.
    let scenario = format!(
        "directory_page_size = 2\nlatency_ms = 300\n{}",
        linkwatch::commands::DEMO_SCENARIO
    );
    let w = World::start(&scenario, linkwatch::commands::DEMO_CONFIG).await;
    let out = w
        .run(
            &[
                "discover",
                "--tenant",
                "contoso.onmicrosoft.com",
                "--format",
                "json",
            ],
            None,
        )
        .await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = json["tenants"][0]["apps"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["name"].as_str())
        .collect();
    for want in ["Econobis", "Invoice scanner", "Alerts mailer", "Newsletter"] {
        assert!(names.contains(&want), "{want} in {names:?}");
    }
    let pages = w
        .sim
        .state()
        .log
        .iter()
        .filter(|e| e.path.starts_with("/v1.0/applications?"))
        .count();
    let registered = w.sim.state().scenario.tenants[0].apps.len();
    assert!(registered > 4);
    assert_eq!(pages, registered.div_ceil(2), "every page was read, once");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Contoso: ") && stderr.contains(" app registrations"),
        "progress on stderr, the JSON alone on stdout: {stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_config_file_can_watch_every_app_registration_of_a_tenant() {
    let with = |extra: &str| {
        linkwatch::commands::DEMO_CONFIG.replacen(
            "name = \"Contoso\"\n",
            &format!("name = \"Contoso\"\n{extra}"),
            1,
        )
    };
    let config = with("watch_all_apps = true\nexclude_apps = [\"Alerts*\"]\n");
    let w = World::start(linkwatch::commands::DEMO_SCENARIO, &config).await;
    let (_, json) = w.check_json().await;
    let names: Vec<&str> = json["targets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["kind"] == "app")
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert!(
        names.contains(&"Invoice scanner"),
        "every app registration: {names:?}"
    );
    assert!(
        !names.contains(&"Alerts mailer"),
        "left out by its pattern: {names:?}"
    );
    // A blank pattern is named in the error, nothing is checked.
    let w = World::start(
        linkwatch::commands::DEMO_SCENARIO,
        &with("watch_all_apps = true\nexclude_apps = [\" \"]\n"),
    )
    .await;
    let out = w.run(&["check", "--once"], None).await;
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("tenants[0].exclude_apps: a pattern is empty"),
        "{err}"
    );
}
