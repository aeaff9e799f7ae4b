//! The command line (clap). Contracts from DESIGN.md: extend, never break.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// linkwatch watches Entra ID app registrations and the Microsoft 365 mailbox links that
/// business applications use through Microsoft Graph, and says early when one will break.
#[derive(Debug, Parser)]
#[command(name = "linkwatch", version, about, long_about = None)]
pub struct Cli {
    /// Configuration file [default: linkwatch.toml in the working directory]
    #[arg(long, global = true, env = "LINKWATCH_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the scheduler (checks on the `[schedule] checks` cron expression) and the dashboard
    /// until stopped.
    Serve(ServeArgs),
    /// Start the simulated identity platform and Graph, seed a demo tenant with one of every
    /// problem, run a check cycle, and serve the dashboard. No Azure account needed.
    Demo(ServeArgs),
    /// Run one full check cycle and print it. Exit code: 0 ok, 1 warning, 2 critical,
    /// 3 unknown (Nagios plugin convention).
    Check(CheckArgs),
    /// Read each tenant's directory with its monitor credential and list every app with
    /// Microsoft Graph mail permissions: credentials, consent, the mailboxes it reaches, and
    /// whether it is watched.
    Discover(DiscoverArgs),
    /// Run the simulated identity platform and Graph on their own.
    Simulate(SimulateArgs),
    /// Link a mailbox from a terminal (`--mailbox ADDR`, a device-code sign-in), or import a
    /// refresh token (`link import`).
    Link(LinkArgs),
    /// Manage dashboard accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Alert channels.
    #[command(subcommand)]
    Alert(AlertCommand),
    /// Copy the database to FILE while linkwatch runs (SQLite online backup). Restore: stop
    /// linkwatch, put the copy in place of `[storage] path`, start it with the same key.
    Backup {
        /// Where the copy goes (must not exist).
        file: std::path::PathBuf,
    },
}

/// `alert …`.
#[derive(Debug, Subcommand)]
pub enum AlertCommand {
    /// Send a test message through a channel of `[[alerts.channels]]` now.
    Test {
        /// The channel's name.
        channel: String,
    },
}

/// `user …`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a dashboard account (or reset its password and role). The password comes from a
    /// prompt, or from standard input when it is not a terminal. At least 10 characters.
    Add {
        /// Login name.
        name: String,
        /// admin (everything), operator (also check now, re-link, silence) or viewer (read only).
        #[arg(long)]
        role: String,
    },
    /// List the dashboard accounts with their role, last sign-in and open sessions.
    List,
}

/// `serve` and `demo`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on [default: `[server] listen`, 127.0.0.1:8080]
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,
}

/// `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Run one cycle and exit (the only mode of `check`; `serve` runs on a schedule).
    #[arg(long)]
    pub once: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `discover`.
#[derive(Debug, Args)]
pub struct DiscoverArgs {
    /// Only this tenant (its id or domain, as configured).
    #[arg(long, value_name = "ID")]
    pub tenant: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Aligned text for people.
    Table,
    /// The stable JSON document of DESIGN.md.
    Json,
}

/// `simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8081")]
    pub listen: String,
    /// Scenario file [default: the embedded demo scenario]
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
}

/// `link --mailbox ADDR` or `link import …`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct LinkArgs {
    /// Import instead of signing in.
    #[command(subcommand)]
    pub command: Option<LinkCommand>,
    /// The mailbox to link: prints a URL and a code; sign in there as the mailbox's account.
    #[arg(long, value_name = "ADDR")]
    pub mailbox: Option<String>,
}

/// `link …`.
#[derive(Debug, Subcommand)]
pub enum LinkCommand {
    /// Store a refresh token read from standard input as a mailbox's link (for migrations and
    /// scripted set-ups). The next check cycle verifies it.
    ///
    /// With `--file`, many at once, in one transaction (all or nothing): one mailbox per line,
    /// `address<TAB>refresh token`, or JSON lines `{"mailbox": "…", "refresh_token": "…"}`;
    /// blank lines and lines starting with `#` are skipped. `--file -` reads standard input.
    Import {
        /// The mailbox address, as configured (the token comes on standard input).
        #[arg(
            long,
            value_name = "ADDR",
            required_unless_present = "file",
            conflicts_with = "file"
        )]
        mailbox: Option<String>,
        /// A file of many links (`-`: standard input).
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
    },
}
