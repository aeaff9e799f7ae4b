//! The reliability suite: `linkwatch serve` killed with SIGKILL at 50 random moments while it
//! checks every second against a simulator with strict refresh-token rotation, then started
//! once more and stopped with SIGTERM. Afterwards every link still works, the database passes
//! `PRAGMA integrity_check`, and every incident reached the webhook, under one message id.
//!
//! The simulator keeps a redeemed refresh token valid for a grace window (as rotating identity
//! providers do for replies lost on the way): a kill between the identity platform's answer and
//! linkwatch's commit loses the new token, and only redeeming the old one again can recover it.
//! Microsoft's refresh tokens are not single-use, so production is kinder than this test.

mod support;

#[path = "support/receivers.rs"]
mod receivers;

use rand::{Rng, SeedableRng};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;
use support::World;

const KILLS: usize = 50;
const HEALTHY: usize = 20;
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

fn user(i: usize) -> String {
    format!("11111111-0000-4000-8000-{i:012}")
}

/// 20 healthy links and 2 revoked ones; every reply 10 ms late, so cycles take a while.
fn world_text(hook_port: u16) -> (String, String) {
    let n = HEALTHY + 2;
    let mut s = String::from("strict_rotation = true\nrotation_grace_secs = 600\nlatency_ms = 10\npage_size = 50\n[[tenants]]\nid = \"t.example.org\"\n");
    let mut c = format!("[schedule]\nchecks = \"* * * * * *\"\njitter_secs = 0\n[alerts]\ndeliver_every_secs = 1\nlease_secs = 2\n[[alerts.channels]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"http://127.0.0.1:{hook_port}/hook\"\nsecret = \"{SECRET}\"\n[[tenants]]\nid = \"t.example.org\"\n[[tenants.apps]]\nclient_id = \"a0000000-0000-4000-8000-000000000001\"\nname = \"App\"\nclient_secret = \"abc-secret-value\"\nrequired_scopes = [\"Mail.Read\"]\n");
    for i in 1..=n {
        let revoked = i > HEALTHY;
        s += &format!(
            "[[tenants.users]]\nid = \"{}\"\nupn = \"m{i}@t.example.org\"\nrevoked = {revoked}\n",
            user(i)
        );
        c += &format!(
            "[[tenants.apps.mailboxes]]\naddress = \"m{i}@t.example.org\"\nobject_id = \"{}\"\n",
            user(i)
        );
    }
    s += "[[tenants.apps]]\nclient_id = \"a0000000-0000-4000-8000-000000000001\"\nname = \"App\"\nroles = [\"Application.Read.All\", \"DelegatedPermissionGrant.Read.All\", \"User.Read.All\"]\nconfigured_scopes = [\"Mail.Read\"]\nsecrets = [{ value = \"abc-secret-value\" }]\ngrants = [{ principal = \"all\", scopes = [\"Mail.Read\"] }]\n";
    for i in 1..=n {
        s += &format!(
            "[[tenants.apps.links]]\nuser = \"{}\"\nrefresh_token = \"rt-{i:08}\"\n",
            user(i)
        );
    }
    (s, c)
}

fn serve(w: &World) -> tokio::process::Child {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_linkwatch"))
        .arg("--config")
        .arg(&w.config)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("LINKWATCH_KEY", support::KEY)
        .env_remove("LINKWATCH_LOG")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("linkwatch starts")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_at_random_moments_loses_no_link_and_no_alert() {
    let (hook_port, hooks, _server) = receivers::webhook_receiver(0, SECRET).await;
    let (scenario, config) = world_text(hook_port);
    let w = World::start(&scenario, &config).await;
    w.seed_links(&scenario);
    let seed: u64 = std::env::var("LINKWATCH_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261121);
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let started = std::time::Instant::now();
    for kill in 0..KILLS {
        if kill == KILLS / 2 {
            // A new incident in the middle of the storm: an account is disabled.
            w.sim.state().user_mut(&user(5)).unwrap().enabled = false;
        }
        let mut child = serve(&w);
        tokio::time::sleep(Duration::from_millis(rng.gen_range(50..2500))).await;
        child.start_kill().unwrap();
        child.wait().await.unwrap();
    }
    let killed_in = started.elapsed();
    let store = w.store();
    assert_eq!(
        store.integrity_check().unwrap(),
        "ok",
        "after {KILLS} kills"
    );

    // Once more, to the end: a full cycle after the restart, the outbox empty, then SIGTERM.
    let restart = chrono::Utc::now();
    let mut last = serve(&w);
    let mut settled = false;
    for _ in 0..600 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let cycled = store
            .last_cycle_finished()
            .unwrap()
            .is_some_and(|t| t > restart);
        let stats = store.outbox_stats().unwrap();
        if cycled && stats.pending == 0 && hooks_for(&hooks, "m5@t.example.org") > 0 {
            settled = true;
            break;
        }
    }
    assert!(
        settled,
        "no full cycle with an empty outbox within 60 s: {:?}",
        store.outbox_stats().unwrap()
    );
    support::sigterm(&last);
    let status = tokio::time::timeout(Duration::from_secs(40), last.wait())
        .await
        .expect("stops within 40 s of SIGTERM")
        .unwrap();
    assert!(status.success(), "graceful stop: {status:?}");
    assert_eq!(store.integrity_check().unwrap(), "ok");
    assert_eq!(store.outbox_stats().unwrap().dead, 0, "no dead letter");

    // Every link still works: a fresh check redeems each stored token once more.
    let (_, json) = w.check_json().await;
    for i in 1..=HEALTHY + 2 {
        let name = format!("m{i}@t.example.org");
        let t = support::target(&json, &name);
        let codes: Vec<&str> = t["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        match i {
            5 => assert_eq!(codes, ["account_disabled"], "{name}: {t}"),
            i if i > HEALTHY => assert_eq!(codes, ["link_revoked"], "{name}: {t}"),
            _ => assert_eq!(t["status"], "ok", "{name} lost its link: {t}"),
        }
    }

    // Every incident reached the webhook, signed, under one message id each.
    let hooks = hooks.lock().unwrap().clone();
    assert!(hooks.iter().all(|h| h.verified));
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for h in hooks
        .iter()
        .filter(|h| h.body["type"] == "linkwatch.problem")
    {
        let name = h.body["data"]["target"]["name"].as_str().unwrap_or("");
        ids.entry(name.to_string())
            .or_default()
            .insert(h.id.clone());
    }
    for name in [
        "m5@t.example.org",
        &format!("m{}@t.example.org", HEALTHY + 1),
        &format!("m{}@t.example.org", HEALTHY + 2),
    ] {
        assert_eq!(
            ids.get(name).map(BTreeSet::len),
            Some(1),
            "{name}: one problem alert, one message id: {ids:?}"
        );
    }
    let recovered = w.sim.state().grace_redemptions;
    println!(
        "{KILLS} kills in {killed_in:.1?} (seed {seed}); replies lost by a kill and recovered by \
         redeeming the old token again: {recovered}; webhook calls: {}, problem alerts: {}",
        hooks.len(),
        ids.len()
    );
}

fn hooks_for(hooks: &std::sync::Mutex<Vec<receivers::Hook>>, name: &str) -> usize {
    hooks
        .lock()
        .unwrap()
        .iter()
        .filter(|h| h.body["data"]["target"]["name"] == name)
        .count()
}
