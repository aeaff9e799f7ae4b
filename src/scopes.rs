//! Delegated Microsoft Graph scopes: their names, permission GUIDs, and how scope lists are
//! read from token responses and grants (space, `+` or `,` separated, maybe URL-encoded,
//! maybe prefixed with the Graph resource URL).

/// The Microsoft Graph application id (resourceAppId in requiredResourceAccess).
pub const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";

/// Delegated (type `Scope`) permission GUIDs of Microsoft Graph (shared/graph-samples/FACTS.md §1).
pub const DELEGATED: &[(&str, &str)] = &[
    (
        "Mail.ReadWrite.Shared",
        "5df07973-7d5d-46ed-9847-1271055cbd51",
    ),
    ("Mail.Send.Shared", "a367ab51-6b49-43bf-a716-a1fb06d2a174"),
    ("offline_access", "7427e0e9-2fba-42fe-b0c0-848c9e6a8182"),
    ("User.Read", "e1fe6dd8-ba31-4d61-89e7-88639da4683d"),
    ("openid", "37f7f235-527c-4136-accd-4a02d197296e"),
    ("profile", "14dad69e-099b-42c9-810b-d002981feec1"),
    ("Mail.ReadWrite", "024d486e-b451-40bb-833d-3e66d98c5c73"),
    ("Mail.Send", "e383f46e-2787-4529-855e-0e479a3ffac0"),
    ("Mail.Read.Shared", "7b9103a5-4610-446b-9670-80643382c1fa"),
    ("Mail.Read", "570282fd-fa5c-430d-a7fd-fc8dc98a9dca"),
    ("email", "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0"),
];

/// Application (type `Role`) mail permission GUIDs of Microsoft Graph, from the Microsoft Graph
/// permissions reference: app-only access to every mailbox of the tenant.
pub const APPLICATION_MAIL: &[(&str, &str)] = &[
    ("Mail.Read", "810c84a8-4a9e-49e6-bf7d-12d183f40d01"),
    ("Mail.ReadWrite", "e2a3a72e-5f79-4c64-b1b1-878b674786c9"),
    ("Mail.Send", "b633e1c5-b582-4048-a93e-9f11b44c7e96"),
    ("Mail.ReadBasic.All", "693c5e45-0940-467d-9b8a-1022fb9d42ef"),
];

/// The name of a Graph application mail permission GUID, if known.
pub fn role_name_of(guid: &str) -> Option<&'static str> {
    find(APPLICATION_MAIL, guid, false)
}

/// The GUID of a Graph application mail permission, if known.
pub fn role_guid_of(name: &str) -> Option<&'static str> {
    find(APPLICATION_MAIL, name, true)
}

/// OpenID Connect scopes: never listed as Graph permissions to configure or grant.
pub const OIDC: &[&str] = &["offline_access", "openid", "profile", "email"];

/// The GUID of a delegated Graph scope, if known.
pub fn guid_of(name: &str) -> Option<&'static str> {
    find(DELEGATED, name, true)
}

/// The name of a delegated Graph scope GUID, if known.
pub fn name_of(guid: &str) -> Option<&'static str> {
    find(DELEGATED, guid, false)
}

/// Looks `key` up in a (name, GUID) table by name (giving the GUID) or by GUID (giving the name).
fn find(table: &[(&'static str, &'static str)], key: &str, by_name: bool) -> Option<&'static str> {
    table
        .iter()
        .map(|&(n, g)| if by_name { (n, g) } else { (g, n) })
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

/// Whether `scope` is an OpenID Connect scope.
pub fn is_oidc(scope: &str) -> bool {
    OIDC.iter().any(|o| o.eq_ignore_ascii_case(scope))
}

/// Reads a scope list as the identity platform or Graph writes it, into short names.
pub fn parse_list(raw: &str) -> Vec<String> {
    let decoded = percent_decode(raw);
    decoded
        .split([' ', '+', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(short_name)
        .collect()
}

/// `https://graph.microsoft.com/Mail.Read` → `Mail.Read`.
pub fn short_name(scope: &str) -> String {
    let s = scope.trim();
    match s.rfind('/') {
        Some(i) if s.starts_with("http") || s.starts_with("00000003") => s[i + 1..].to_string(),
        _ => s.to_string(),
    }
}

/// Required scopes (OIDC ones left out) that `have` does not cover, case-insensitively.
pub fn missing(required: &[String], have: &[String]) -> Vec<String> {
    required
        .iter()
        .filter(|r| !is_oidc(r))
        .filter(|r| !have.iter().any(|h| h.eq_ignore_ascii_case(r)))
        .cloned()
        .collect()
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_delimiter_and_encoding() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Mail.Read User.Read profile openid email",
                &["Mail.Read", "User.Read", "profile", "openid", "email"],
            ),
            ("Mail.Read+User.Read", &["Mail.Read", "User.Read"]),
            ("Mail.Read,User.Read", &["Mail.Read", "User.Read"]),
            (
                "https%3A%2F%2Fgraph.microsoft.com%2Fmail.read",
                &["mail.read"],
            ),
            (
                "https://graph.microsoft.com/Mail.Send.Shared offline_access",
                &["Mail.Send.Shared", "offline_access"],
            ),
            ("", &[]),
        ];
        for (raw, want) in cases {
            assert_eq!(
                parse_list(raw),
                want.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "{raw}"
            );
        }
    }

    #[test]
    fn missing_ignores_case_and_oidc() {
        let req: Vec<String> = [
            "Mail.Send.Shared",
            "offline_access",
            "Mail.ReadWrite.Shared",
        ]
        .map(String::from)
        .to_vec();
        let have: Vec<String> = ["mail.send.shared"].map(String::from).to_vec();
        assert_eq!(
            missing(&req, &have),
            vec!["Mail.ReadWrite.Shared".to_string()]
        );
    }

    #[test]
    fn guid_table_round_trips() {
        assert_eq!(
            name_of("7427e0e9-2fba-42fe-b0c0-848c9e6a8182"),
            Some("offline_access")
        );
        assert_eq!(
            name_of("7427e0e9-2fba-42fe-b0c0-848c9e6a818b"),
            None,
            "the circulating wrong GUID"
        );
        for (n, g) in DELEGATED {
            assert_eq!(guid_of(n), Some(*g));
        }
    }
}
