//! The commands an admin runs by hand: link import and device-code links, accounts, a test
//! alert, a backup.

use super::*;

/// `link import --mailbox ADDR` (token on standard input) or `link import --file FILE`.
pub fn link(config: Option<&Path>, cmd: &LinkCommand) -> Result<()> {
    match cmd {
        LinkCommand::Import {
            mailbox: Some(mailbox),
            ..
        } => {
            let mut input = String::new();
            std::io::stdin()
                .read_to_string(&mut input)
                .context("reading the refresh token from standard input")?;
            let token = parse_refresh_token(&input)?;
            let rt = Runtime::open(config)?;
            rt.store
                .import_link(mailbox, &token, "import", chrono::Utc::now())?;
            println!("Stored the link for {mailbox}. The next check cycle verifies it (or run: linkwatch check --once).");
            Ok(())
        }
        LinkCommand::Import {
            file: Some(file), ..
        } => {
            let mut input = String::new();
            if file.as_os_str() == "-" {
                std::io::stdin()
                    .read_to_string(&mut input)
                    .context("reading links from standard input")?;
            } else {
                input = std::fs::read_to_string(file)
                    .with_context(|| format!("reading {}", file.display()))?;
            }
            let items = crate::link_file::parse_link_file(&input).map_err(|problems| {
                anyhow::anyhow!("{}\nNothing was imported.", problems.join("\n"))
            })?;
            let rt = Runtime::open(config)?;
            let replaced = rt
                .store
                .import_links(&items, "import", chrono::Utc::now())
                .map_err(|e| anyhow::anyhow!("{e}\nNothing was imported."))?;
            let n_replaced = replaced.iter().filter(|r| **r).count();
            println!(
                "Imported {} links in one transaction ({} new, {n_replaced} replacing an earlier link).",
                items.len(),
                items.len() - n_replaced
            );
            for ((line, address, _), _) in items.iter().zip(&replaced).filter(|(_, r)| **r) {
                println!("  replaced: {address} (line {line})");
            }
            println!("The next check cycle verifies them (or run: linkwatch check --once).");
            Ok(())
        }
        LinkCommand::Import { .. } => bail!("give --mailbox ADDR or --file FILE"),
    }
}

/// Checks what was piped in looks like one refresh token.
pub fn parse_refresh_token(input: &str) -> Result<Secret> {
    let token = input.trim();
    if token.is_empty() {
        bail!("standard input is empty: pipe the refresh token in, e.g. `linkwatch link import --mailbox info@contoso.nl < token.txt`");
    }
    if token.lines().count() > 1 || token.contains(char::is_whitespace) {
        bail!("standard input holds more than one word: give only the refresh token, on one line");
    }
    crate::link_file::check_refresh_token(token)
        .map_err(|why| anyhow::anyhow!("standard input {why}"))?;
    Ok(Secret::new(token))
}

/// `user add NAME --role ROLE`: password from a prompt, or standard input when it is not a terminal.
pub fn user(config: Option<&Path>, cmd: &UserCommand) -> Result<()> {
    match cmd {
        UserCommand::Add { name, role } => {
            validate_name(name)?;
            let role = Role::parse(role)
                .with_context(|| format!("--role {role:?}: use admin, operator or viewer"))?;
            let password = read_password()?;
            let hash = hash_password(&password)?;
            let rt = Runtime::open(config)?;
            rt.store
                .upsert_user(name, role, &hash, chrono::Utc::now())?;
            println!(
                "Account {name} ({}) saved; its open sessions, if any, are signed out.",
                role.as_str()
            );
            Ok(())
        }
        UserCommand::List => {
            let rt = Runtime::open(config)?;
            let rows = rt.store.user_rows(chrono::Utc::now())?;
            println!(
                "{:<24} {:<9} {:<21} SESSIONS",
                "NAME", "ROLE", "LAST SIGN-IN"
            );
            for r in &rows {
                let last = r
                    .last_login_at
                    .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                    .unwrap_or_else(|| "never".into());
                println!(
                    "{:<24} {:<9} {:<21} {}",
                    r.user.name,
                    r.user.role.as_str(),
                    last,
                    r.sessions
                );
            }
            if rows.is_empty() {
                println!("(no accounts yet: linkwatch user add NAME --role admin)");
            }
            Ok(())
        }
    }
}

fn read_password() -> Result<String> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ")?;
        let again = rpassword::prompt_password("Again: ")?;
        if first != again {
            bail!("the passwords differ");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .context("reading the password from standard input")?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

/// `alert test CHANNEL`: sends a test message through one channel now and says how it went.
pub async fn alert_test(config: Option<&Path>, channel: &str) -> Result<()> {
    let rt = Runtime::open(config)?;
    let delivery = rt.delivery();
    let Some(c) = delivery.channel(channel) else {
        let names: Vec<_> = rt
            .alerting
            .channels
            .all()
            .iter()
            .map(|c| c.name.clone())
            .collect();
        bail!(
            "no channel {channel:?} in the configuration (channels: {})",
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        );
    };
    let id = crate::usecases::test_alert::send(&delivery, &rt.store, &c, "cli")
        .await
        .map_err(|e| anyhow::anyhow!("sending through {channel}: {e}"))?;
    println!("Test message {id} sent through {channel}.");
    Ok(())
}

/// `link --mailbox ADDR`: a device-code sign-in from the terminal, with the account checked
/// before anything is stored.
pub async fn link_device(config: Option<&Path>, address: &str) -> Result<()> {
    let rt = Runtime::open(config)?;
    let tenants = rt.store.load_tenants()?;
    let found: Vec<_> = tenants
        .iter()
        .flat_map(|t| t.apps.iter().map(move |a| (t, a)))
        .flat_map(|(t, a)| {
            a.mailboxes
                .iter()
                .filter(|m| m.address.eq_ignore_ascii_case(address))
                .map(move |m| (t, a, m))
        })
        .collect();
    let (t, a, m) = match found.as_slice() {
        [one] => *one,
        [] => bail!("no mailbox {address} is configured"),
        _ => bail!(
            "{address} is linked through {} app registrations; link it from the dashboard",
            found.len()
        ),
    };
    let target = crate::usecases::relink::Target::of_spec(t, a, m);
    let checker = rt.checker(Duration::ZERO);
    let show = |sign_in: &crate::graph::token::DeviceSignIn| {
        println!(
            "To link {address}, open {} and enter the code {}",
            sign_in.verification_uri, sign_in.user_code
        );
        println!("Sign in as {address} (not as yourself). Waiting…");
    };
    let verdict = crate::usecases::relink::by_device_code(&checker, &target, show, "cli")
        .await
        .map_err(|e| match e {
            crate::usecases::relink::RelinkError::Microsoft(e) => {
                anyhow::anyhow!("the sign-in did not complete: {e}")
            }
            other => anyhow::anyhow!(other),
        })?;
    let upn = match verdict {
        crate::linking::Verdict::Stored { upn } => upn,
        crate::linking::Verdict::WrongAccount { who } => bail!("signed in as {who}, but {address} is another account: nothing was stored. Run again and sign in as {address}."),
        crate::linking::Verdict::MissingScopes(missing) => bail!("the sign-in did not grant {}: nothing was stored. Have an administrator grant consent for the app registration, then run again.", missing.join(", ")),
        crate::linking::Verdict::NoRefreshToken => bail!("no refresh token came back (offline_access not granted): nothing was stored"),
    };
    let status = checker
        .store
        .target_state(
            &crate::key::TargetKey::mailbox(&t.tenant_id, &a.client_id, &m.address).to_string(),
        )?
        .map(|s| s.status)
        .unwrap_or(crate::model::Severity::Unknown);
    println!(
        "Linked {address} as {}. Its check now says: {status}.",
        upn.unwrap_or_else(|| m.object_id.clone())
    );
    Ok(())
}

/// `backup FILE`: an online copy of the database.
pub fn backup(config: Option<&Path>, file: &Path) -> Result<()> {
    let rt = Runtime::open(config)?;
    rt.store.backup_to(file)?;
    println!("Database copied to {} (integrity ok). Keep it with the encryption key: the copy is useless without it.", file.display());
    Ok(())
}
