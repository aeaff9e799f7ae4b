//! linkwatch's entry point: parse the command line, set up logging, run the command.

use clap::Parser;
use linkwatch::cli::{Cli, Command};
use linkwatch::commands;
use std::process::ExitCode;

/// One thread for linkwatch's own work: a check cycle is one task whose HTTP connections are
/// driven beside it, so a second thread only adds wake-ups between the two (a third of the
/// cycle's CPU at 10,000 mailboxes, `cargo bench --bench cycle`). The dashboard's workers have
/// their own threads (actix-web), and SQLite's long writes run on the blocking pool.
#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    linkwatch::memory::limit_arenas();
    let cli = Cli::parse();
    let quiet = matches!(
        cli.command,
        Command::Check(_)
            | Command::Discover(_)
            | Command::Link(_)
            | Command::User(_)
            | Command::Alert(_)
            | Command::Demo(_)
    );
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("LINKWATCH_LOG").unwrap_or_else(|_| {
            tracing_subscriber::EnvFilter::new(if quiet { "warn" } else { "info" })
        });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .init();
    let config = cli.config.as_deref();
    let result = match &cli.command {
        Command::Check(args) => commands::check(config, args).await,
        Command::Discover(args) => linkwatch::discover::run(config, args).await.map(|()| 0),
        Command::Serve(args) => commands::serve(config, args).await.map(|()| 0),
        Command::Demo(args) => commands::demo(args).await.map(|()| 0),
        Command::Simulate(args) => commands::simulate(args).await.map(|()| 0),
        Command::Link(args) => match (&args.command, &args.mailbox) {
            (Some(cmd), _) => commands::link(config, cmd).map(|()| 0),
            (None, Some(addr)) => commands::link_device(config, addr).await.map(|()| 0),
            (None, None) => Err(anyhow::anyhow!("say which mailbox: linkwatch link --mailbox ADDR (or linkwatch link import --mailbox ADDR)")),
        },
        Command::User(cmd) => commands::user(config, cmd).map(|()| 0),
        Command::Backup { file } => commands::backup(config, file).map(|()| 0),
        Command::Alert(linkwatch::cli::AlertCommand::Test { channel }) => {
            commands::alert_test(config, channel).await.map(|()| 0)
        }
    };
    match result {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            eprintln!("linkwatch: {e:#}");
            // A check that could not run is UNKNOWN to Nagios.
            ExitCode::from(if matches!(cli.command, Command::Check(_)) {
                3
            } else {
                1
            })
        }
    }
}
