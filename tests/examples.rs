//! The shipped example files stay valid.

use linkwatch::config::Config;

#[test]
fn annotated_example_config_validates() {
    let text = include_str!("../examples/linkwatch.toml");
    let cfg = Config::from_toml(text, "examples/linkwatch.toml", &[]).unwrap();
    let env = |name: &str| {
        Some(match name {
            "HOOK_SECRET" => "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".to_string(),
            "TEAMS_WORKFLOW_URL" => "https://prod.example.org/workflows/x".to_string(),
            other => format!("value-of-{other}"),
        })
    };
    let tenants = cfg.validate(&env).unwrap();
    assert_eq!(tenants[0].apps[0].mailboxes.len(), 2);
    assert!(tenants[0].monitor.is_some());
    let policy = linkwatch::alerts::policy(&cfg, &env).unwrap();
    assert_eq!(policy.channels.len(), 3);
}

#[test]
fn demo_files_parse() {
    linkwatch::simulator::Scenario::parse(linkwatch::commands::DEMO_SCENARIO).unwrap();
    Config::from_toml(linkwatch::commands::DEMO_CONFIG, "demo", &[])
        .unwrap()
        .validate(&|_| None)
        .unwrap();
}
