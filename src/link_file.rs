//! The file of `link import --file`: many mailbox links at once, for migrations. One mailbox
//! per line, `address<TAB>refresh token`, or a JSON line `{"mailbox": "…", "refresh_token":
//! "…"}` (`address` is taken for `mailbox`). Blank lines and `#` comments are skipped. Every
//! line is checked before anything is stored; the problems come back together, by line.

use crate::targets::Secret;

/// Why a string is not a refresh token, as the end of a sentence ("… does not look like …").
pub fn check_refresh_token(token: &str) -> Result<(), &'static str> {
    if token.len() < 8 || !token.chars().all(|c| c.is_ascii_graphic()) {
        return Err(
            "does not look like a refresh token (too short, or characters a token never has)",
        );
    }
    if token.starts_with('{') {
        return Err("looks like JSON: give the refresh_token value, not the whole token response");
    }
    Ok(())
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonLine {
    #[serde(alias = "address")]
    mailbox: String,
    refresh_token: String,
}

/// Parses the file into `(line number, address, token)`; or every problem, by line.
pub fn parse_link_file(text: &str) -> Result<Vec<(usize, String, Secret)>, Vec<String>> {
    let mut out: Vec<(usize, String, Secret)> = Vec::new();
    let mut problems = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (address, token) = if line.starts_with('{') {
            match serde_json::from_str::<JsonLine>(line) {
                Ok(j) => (
                    j.mailbox.trim().to_string(),
                    j.refresh_token.trim().to_string(),
                ),
                Err(e) => {
                    problems.push(format!(
                        "line {n}: not a JSON line with \"mailbox\" and \"refresh_token\": {e}"
                    ));
                    continue;
                }
            }
        } else {
            match line.split_once('\t') {
                Some((a, t)) => (a.trim().to_string(), t.trim().to_string()),
                None => {
                    problems.push(format!(
                        "line {n}: expected the address, a tab, then the refresh token"
                    ));
                    continue;
                }
            }
        };
        if !crate::targets::is_address(&address) {
            problems.push(format!("line {n}: {address:?} is not a mail address"));
            continue;
        }
        if token.contains(char::is_whitespace) {
            problems.push(format!(
                "line {n} ({address}): the refresh token holds spaces or tabs"
            ));
            continue;
        }
        if let Err(why) = check_refresh_token(&token) {
            problems.push(format!("line {n} ({address}): the refresh token {why}"));
            continue;
        }
        if let Some((first, _, _)) = out
            .iter()
            .find(|(_, a, _)| a.eq_ignore_ascii_case(&address))
        {
            problems.push(format!("line {n}: {address} is on line {first} already"));
            continue;
        }
        out.push((n, address, Secret::new(token)));
    }
    if out.is_empty() && problems.is_empty() {
        problems.push("the file holds no links".into());
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_and_json_lines_with_comments_and_blanks() {
        let text = "# exported 2026-12-01\n\ninfo@contoso.nl\t0.AAAA-token-one\n{\"mailbox\": \"crm@contoso.nl\", \"refresh_token\": \"0.AAAA-token-two\"}\n{\"address\": \"hr@contoso.nl\", \"refresh_token\": \"0.AAAA-token-3\"}\n";
        let items = parse_link_file(text).unwrap();
        let got: Vec<_> = items
            .iter()
            .map(|(n, a, t)| (*n, a.as_str(), t.expose().to_string()))
            .collect();
        assert_eq!(
            got,
            vec![
                (3, "info@contoso.nl", "0.AAAA-token-one".to_string()),
                (4, "crm@contoso.nl", "0.AAAA-token-two".to_string()),
                (5, "hr@contoso.nl", "0.AAAA-token-3".to_string()),
            ]
        );
    }

    #[test]
    fn every_bad_line_is_named() {
        let text = "info@contoso.nl 0.AAAA-token\nnot-an-address\t0.AAAA-token\ncrm@contoso.nl\tshort\n{\"mailbox\": 1}\nok@contoso.nl\t0.AAAA-token\nOK@contoso.nl\t0.AAAA-other\nx@contoso.nl\t{\"refresh_token\":1}\n";
        let problems = parse_link_file(text).unwrap_err();
        assert_eq!(problems.len(), 6, "{problems:#?}");
        for (p, want) in problems.iter().zip([
            "line 1: expected the address, a tab",
            "line 2: \"not-an-address\" is not a mail address",
            "line 3 (crm@contoso.nl): the refresh token does not look like",
            "line 4: not a JSON line",
            "line 6: OK@contoso.nl is on line 5 already",
            "line 7 (x@contoso.nl): the refresh token looks like JSON",
        ]) {
            assert!(p.starts_with(want), "{p} / {want}");
        }
        assert_eq!(
            parse_link_file("# nothing\n\n").unwrap_err(),
            vec!["the file holds no links"]
        );
    }
}
