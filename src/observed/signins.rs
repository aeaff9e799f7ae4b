//! The consuming application's own sign-ins, as the beta sign-in log and the credential
//! activity report describe them (graph-samples, FACTS.md §12–14). Read defensively: each
//! record is taken field by field, `""` means absent, an unknown event type or credential type
//! is kept as text, times may carry offsets such as `-8:00`, and a record whose id, time or
//! outcome cannot be read is counted as unreadable and left out, never guessed at.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::Value;

/// What kind of sign-in a record is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventType {
    /// The application redeemed a user's refresh token (a mailbox link).
    NonInteractiveUser,
    /// The application signed in as itself (client credentials).
    ServicePrincipal,
    /// Anything else (interactive, managed identity, a value added later).
    Other(String),
}

/// One sign-in record.
#[derive(Debug, Clone, PartialEq)]
pub struct SignIn {
    /// Record id (duplicates share it).
    pub id: String,
    /// When.
    pub at: DateTime<Utc>,
    /// The client application's id, lower case.
    pub app_id: String,
    /// The account's object id, lower case; `None` on app-only records.
    pub user_id: Option<String>,
    /// The account's sign-in name, lower case.
    pub upn: Option<String>,
    /// 0 on success, else the AADSTS code.
    pub error_code: u32,
    /// Microsoft's text ("Other." even on success: never used to decide).
    pub failure_reason: Option<String>,
    /// The event type.
    pub event: EventType,
    /// The credential's `keyId`, when the record names one.
    pub key_id: Option<String>,
    /// The request's `client-request-id`.
    pub correlation_id: Option<String>,
    /// The requester's `User-Agent`.
    pub user_agent: Option<String>,
}

impl SignIn {
    /// Whether it succeeded.
    pub fn is_success(&self) -> bool {
        self.error_code == 0
    }
}

/// A text field; `""` and null are absent.
fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A time as the reports write them: RFC 3339 with any number of fractional digits, an offset
/// with a one-digit hour (`-8:00`, in Microsoft's examples), or none at all (read as UTC).
pub fn lenient_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    // `…T00:00:00-8:00` → `…T00:00:00-08:00`.
    if let Some(i) = s.rfind(['+', '-']).filter(|&i| i > 10) {
        let (head, off) = s.split_at(i);
        let (sign, rest) = off.split_at(1);
        if let Some((h, m)) = rest.split_once(':') {
            if h.len() == 1 && h.chars().all(|c| c.is_ascii_digit()) {
                let fixed = format!("{head}{sign}0{h}:{m}");
                if let Ok(t) = DateTime::parse_from_rfc3339(&fixed) {
                    return Some(t.with_timezone(&Utc));
                }
            }
        }
    }
    let naive = s.trim_end_matches('Z');
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(naive, f).ok())
    .map(|n| n.and_utc())
}

/// Reads one record; `None` when its id, time or outcome cannot be read.
pub fn read_sign_in(v: &Value) -> Option<SignIn> {
    let id = text(v, "id")?;
    let at = lenient_time(v.get("createdDateTime")?.as_str()?)?;
    let status = v.get("status")?;
    let error_code = match status.get("errorCode")? {
        Value::Number(n) => u32::try_from(n.as_u64()?).ok()?,
        Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    let user_id = text(v, "userId")
        .filter(|u| u != "00000000-0000-0000-0000-000000000000")
        .map(|u| u.to_ascii_lowercase());
    let event = match v
        .get("signInEventTypes")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .and_then(Value::as_str)
    {
        Some("nonInteractiveUser") => EventType::NonInteractiveUser,
        Some("servicePrincipal") => EventType::ServicePrincipal,
        Some(other) => EventType::Other(other.to_string()),
        // v1.0 records have no event type: a user row, or an app-only one.
        None if user_id.is_some() => EventType::Other("interactiveUser".into()),
        None => EventType::ServicePrincipal,
    };
    Some(SignIn {
        id,
        at,
        app_id: text(v, "appId").unwrap_or_default().to_ascii_lowercase(),
        upn: text(v, "userPrincipalName").map(|u| u.to_ascii_lowercase()),
        user_id,
        error_code,
        failure_reason: status
            .get("failureReason")
            .and_then(Value::as_str)
            .map(str::to_string),
        event,
        key_id: text(v, "servicePrincipalCredentialKeyId").map(|k| k.to_ascii_lowercase()),
        correlation_id: text(v, "correlationId").map(|c| c.to_ascii_lowercase()),
        user_agent: text(v, "userAgent"),
    })
}

/// A page of the sign-in log: the records read, how many could not be read, and the next page.
#[derive(Debug, Default)]
pub struct SignInPage {
    /// Records read.
    pub records: Vec<SignIn>,
    /// Records left out because their id, time or outcome could not be read.
    pub unreadable: usize,
    /// `@odata.nextLink`.
    pub next_link: Option<String>,
}

/// Reads a page of the sign-in log (`{"value": [...]}`); a reply without `value` is an error.
pub fn read_sign_in_page(body: &Value) -> Result<SignInPage, String> {
    let Some(values) = body.get("value").and_then(Value::as_array) else {
        return Err("the sign-in log reply has no `value` array".into());
    };
    let mut page = SignInPage {
        next_link: text(body, "@odata.nextLink"),
        ..Default::default()
    };
    for v in values {
        match read_sign_in(v) {
            Some(r) => page.records.push(r),
            None => page.unreadable += 1,
        }
    }
    Ok(page)
}

/// What a read of the sign-in log keeps, page by page: of each account's successes (each
/// app's, for app-only records) only the newest, which is all the signal needs (the last
/// success and the credential it used), and every failure once (by record id); the time span
/// of all records read. So a read of a week of a busy tenant holds one record per account,
/// not every refresh of every mailbox.
#[derive(Debug, Default)]
pub struct Folded {
    successes: std::collections::HashMap<(String, Option<String>), SignIn>,
    failures: std::collections::HashMap<String, SignIn>,
    /// The newest record's time.
    pub newest: Option<DateTime<Utc>>,
    /// The oldest record's time.
    pub oldest: Option<DateTime<Utc>>,
}

impl Folded {
    /// Takes one record in.
    pub fn add(&mut self, r: SignIn) {
        self.newest = Some(self.newest.map_or(r.at, |n| n.max(r.at)));
        self.oldest = Some(self.oldest.map_or(r.at, |o| o.min(r.at)));
        if !r.is_success() {
            self.failures.entry(r.id.clone()).or_insert(r);
            return;
        }
        match self.successes.entry((r.app_id.clone(), r.user_id.clone())) {
            std::collections::hash_map::Entry::Occupied(mut e) => {
                if r.at > e.get().at {
                    e.insert(r);
                }
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(r);
            }
        }
    }

    /// The records kept, oldest first.
    pub fn into_records(self) -> Vec<SignIn> {
        let mut out: Vec<SignIn> = self
            .successes
            .into_values()
            .chain(self.failures.into_values())
            .collect();
        out.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
        out
    }
}

/// The last use of one credential, from the credential activity report.
#[derive(Debug, Clone, PartialEq)]
pub struct CredentialUse {
    /// The application's client id, lower case.
    pub app_id: String,
    /// The credential's `keyId`, lower case.
    pub key_id: String,
    /// `secret`, `clientSecret`, `certificate`, …
    pub key_type: Option<String>,
    /// When anyone last signed in with it (the application or linkwatch: the report does not
    /// tell them apart).
    pub last_sign_in_at: Option<DateTime<Utc>>,
}

/// Reads the credential activity report: a list (`value`) or, from the by-id route, one bare
/// object. Rows without an app id or key id are left out.
pub fn read_credential_uses(body: &Value) -> Vec<CredentialUse> {
    let rows: Vec<&Value> = match body.get("value").and_then(Value::as_array) {
        Some(a) => a.iter().collect(),
        None if body.get("keyId").is_some() => vec![body],
        None => Vec::new(),
    };
    rows.into_iter()
        .filter_map(|r| {
            Some(CredentialUse {
                app_id: text(r, "appId")?.to_ascii_lowercase(),
                key_id: text(r, "keyId")?.to_ascii_lowercase(),
                key_type: text(r, "keyType"),
                last_sign_in_at: r
                    .get("signInActivity")
                    .and_then(|a| a.get("lastSignInDateTime"))
                    .and_then(Value::as_str)
                    .and_then(lenient_time),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_with_microsofts_offsets() {
        for (s, want) in [
            (
                "2020-03-13T19:15:41.6195833Z",
                "2020-03-13T19:15:41.619583300+00:00",
            ),
            ("2021-06-30T16:34:32Z", "2021-06-30T16:34:32+00:00"),
            ("2021-04-01T21:36:48-8:00", "2021-04-02T05:36:48+00:00"),
            ("2021-04-01T21:36:48+1:30", "2021-04-01T20:06:48+00:00"),
            ("2021-04-01T21:36:48", "2021-04-01T21:36:48+00:00"),
        ] {
            assert_eq!(
                lenient_time(s).map(|t| t.to_rfc3339()),
                Some(want.into()),
                "{s}"
            );
        }
        assert_eq!(lenient_time("yesterday"), None);
        assert_eq!(lenient_time(""), None);
    }

    #[test]
    fn records_with_missing_empty_and_odd_fields() {
        let page = serde_json::json!({"value": [
            {"id": "a", "createdDateTime": "2026-12-01T10:00:00Z", "appId": "APP", "userId": "", "userPrincipalName": null,
             "status": {"errorCode": 0, "failureReason": "Other."}, "signInEventTypes": ["servicePrincipal"], "servicePrincipalCredentialKeyId": ""},
            {"id": "b", "createdDateTime": "2026-12-01T10:00:00Z", "appId": "app", "userId": "U1", "status": {"errorCode": "50173"},
             "signInEventTypes": ["unknownFutureValue"]},
            {"id": "c", "createdDateTime": "not a time", "status": {"errorCode": 0}},
            {"id": "d", "createdDateTime": "2026-12-01T10:00:00Z"},
            {"createdDateTime": "2026-12-01T10:00:00Z", "status": {"errorCode": 0}},
            42
        ]});
        let p = read_sign_in_page(&page).unwrap();
        assert_eq!(p.unreadable, 4);
        assert_eq!(p.records.len(), 2);
        let a = &p.records[0];
        assert!(a.is_success() && a.user_id.is_none() && a.key_id.is_none() && a.upn.is_none());
        assert_eq!(a.app_id, "app");
        assert_eq!(a.event, EventType::ServicePrincipal);
        let b = &p.records[1];
        assert_eq!((b.error_code, b.user_id.as_deref()), (50173, Some("u1")));
        assert_eq!(b.event, EventType::Other("unknownFutureValue".into()));
        assert!(read_sign_in_page(&serde_json::json!({"error": {}})).is_err());
    }

    #[test]
    fn a_read_keeps_each_accounts_newest_success_and_every_failure_once() {
        let r = |id: &str, minute: u32, user: Option<&str>, code: u32| SignIn {
            id: id.into(),
            at: DateTime::parse_from_rfc3339(&format!("2026-12-01T10:{minute:02}:00Z"))
                .unwrap()
                .with_timezone(&Utc),
            app_id: "app".into(),
            user_id: user.map(str::to_string),
            upn: None,
            error_code: code,
            failure_reason: None,
            event: EventType::NonInteractiveUser,
            key_id: Some(format!("key-{minute}")),
            correlation_id: None,
            user_agent: None,
        };
        let mut f = Folded::default();
        for rec in [
            r("1", 5, Some("u1"), 0),
            r("2", 20, Some("u1"), 0),
            r("3", 10, Some("u1"), 0),
            r("4", 30, Some("u1"), 50173),
            r("4", 30, Some("u1"), 50173),
            r("5", 1, Some("u2"), 0),
            r("6", 15, None, 0),
            r("7", 40, None, 7000222),
        ] {
            f.add(rec);
        }
        assert_eq!(f.oldest.unwrap().to_rfc3339(), "2026-12-01T10:01:00+00:00");
        assert_eq!(f.newest.unwrap().to_rfc3339(), "2026-12-01T10:40:00+00:00");
        let kept: Vec<(String, u32)> = f
            .into_records()
            .into_iter()
            .map(|r| (r.id, r.error_code))
            .collect();
        assert_eq!(
            kept,
            vec![
                ("5".into(), 0),
                ("6".into(), 0),
                ("2".into(), 0),
                ("4".into(), 50173),
                ("7".into(), 7000222)
            ]
        );
    }

    #[test]
    fn credential_report_as_list_or_bare_object() {
        let list = serde_json::json!({"value": [
            {"appId": "A", "keyId": "K", "keyType": "secret", "signInActivity": {"lastSignInDateTime": "2021-03-18T00:00:00-8:00"}},
            {"appId": "A"},
        ]});
        let uses = read_credential_uses(&list);
        assert_eq!(uses.len(), 1);
        assert_eq!(
            uses[0].last_sign_in_at.unwrap().to_rfc3339(),
            "2021-03-18T08:00:00+00:00"
        );
        let bare = serde_json::json!({"appId": "A", "keyId": "K2", "signInActivity": null});
        assert_eq!(read_credential_uses(&bare)[0].key_id, "k2");
        assert!(read_credential_uses(&serde_json::json!({})).is_empty());
    }
}
