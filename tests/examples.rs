//! The shipped example files stay valid.

use linkwatch::config::Config;

#[test]
fn annotated_example_config_validates() {
    let text = include_str!("../examples/linkwatch.toml");
    let cfg = Config::from_toml(text, "examples/linkwatch.toml", &[]).unwrap();
    let env = |name: &str| Some(format!("value-of-{name}"));
    let tenants = cfg.validate(&env).unwrap();
    assert_eq!(tenants[0].apps[0].mailboxes.len(), 2);
    assert!(tenants[0].monitor.is_some());
}

#[test]
fn demo_files_parse() {
    linkwatch::simulator::Scenario::parse(linkwatch::commands::DEMO_SCENARIO).unwrap();
    Config::from_toml(linkwatch::commands::DEMO_CONFIG, "demo", &[])
        .unwrap()
        .validate(&|_| None)
        .unwrap();
}
