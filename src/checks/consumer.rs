//! Signal 4 rules: from the consuming application's own sign-ins (as [`TenantActivity`] holds
//! them) to `consumer_failing` and `consumer_idle` findings, per mailbox and per app
//! registration. Pure: `now` comes in. DESIGN.md: failures with a secret error are the app
//! registration's incident (its mailboxes carry `caused_by`); failures after the last success
//! are `consumer_failing` only (not also idle); a mailbox with no sign-in in the whole
//! look-back is idle without a `last_success_at`; a failed or partial read concludes nothing.

use super::Policy;
use crate::activity::{Activity, Closed, Fix, FixKind, SignalState, TenantActivity};
use crate::model::{Finding, FindingCode, Source};
use chrono::{DateTime, Duration, Utc};

/// AADSTS codes that mean the application's credential is refused: the app registration's
/// incident, not the mailbox's.
pub const SECRET_CODES: &[u32] = &[7000215, 7000222, 7000218, 7000112, 700016];

/// A refresh token dies after this long without use (AADSTS700082).
pub const REFRESH_TOKEN_INACTIVITY_DAYS: i64 = 90;

fn when(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// The application's failures since its last success, as one `consumer_failing`, if any.
fn failing(a: &Activity, app_name: &str, whom: &str) -> Option<Finding> {
    let last = a.failures.last()?;
    let first = a.first_failure_at.unwrap_or(last.at);
    let since = match a.last_success_at {
        Some(ok) => format!("; its last success was {}", when(ok)),
        None => "; no success in the sign-in log".into(),
    };
    let mut f = Finding::new(
        FindingCode::ConsumerFailing,
        Source::Consumer,
        format!(
            "{app_name}'s own sign-ins {whom} fail since {} ({} failed, latest AADSTS{} at {}){since}",
            when(first),
            a.failure_count.max(a.failures.len()),
            last.code,
            when(last.at)
        ),
    )
    .with_aadsts(Some(last.code));
    f.last_success_at = a.last_success_at;
    Some(f)
}

/// What the tenant's signal says of one mailbox of an app registration (`app_key`, for
/// `caused_by`).
pub fn mailbox(
    t: &TenantActivity,
    client_id: &str,
    object_id: &str,
    app_name: &str,
    app_key: &str,
    policy: &Policy,
    now: DateTime<Utc>,
) -> Vec<Finding> {
    if t.state != SignalState::Available {
        return Vec::new();
    }
    let empty = Activity::default();
    let a = t.of(client_id, object_id).unwrap_or(&empty);
    if let Some(mut f) = failing(a, app_name, "for this mailbox") {
        if a.failures
            .last()
            .is_some_and(|l| SECRET_CODES.contains(&l.code))
        {
            f.caused_by = Some(app_key.to_string());
        }
        return vec![f];
    }
    // Idle only when the log was read without a gap over the whole idle window: a failed or
    // partial read says nothing about silence.
    let horizon = now - Duration::hours(policy.consumer_idle_hours);
    let recent = t.read_at.is_some_and(|r| r >= now - Duration::hours(1));
    if !recent || t.covered_since.is_none_or(|c| c > horizon) {
        return Vec::new();
    }
    match a.last_success_at {
        Some(ok) if ok >= horizon => Vec::new(),
        Some(ok) => {
            let until = ok + Duration::days(REFRESH_TOKEN_INACTIVITY_DAYS);
            let mut f = Finding::new(
                FindingCode::ConsumerIdle,
                Source::Consumer,
                format!(
                    "{app_name} has not signed in for this mailbox since {}; its refresh token dies of inactivity on {}",
                    when(ok),
                    until.format("%Y-%m-%d")
                ),
            );
            f.last_success_at = Some(ok);
            f.idle_until = Some(until);
            vec![f]
        }
        None => vec![Finding::new(
            FindingCode::ConsumerIdle,
            Source::Consumer,
            format!(
                "{app_name} has not signed in for this mailbox in the sign-in log since {}",
                when(t.covered_since.unwrap_or(horizon))
            ),
        )],
    }
}

/// What the tenant's signal says of an app registration: its own app-only sign-ins, and a
/// secret refused on any of its mailboxes' sign-ins (`object_ids`); a refused read permission
/// is `monitor_access_missing`.
pub fn app(
    t: &TenantActivity,
    client_id: &str,
    object_ids: &[String],
    app_name: &str,
) -> Vec<Finding> {
    match &t.state {
        SignalState::Denied(why) => {
            return vec![Finding::new(
                FindingCode::MonitorAccessMissing,
                Source::Consumer,
                format!("the application's own sign-ins cannot be read: grant the monitor app AuditLog.Read.All and Directory.Read.All ({why})"),
            )]
        }
        SignalState::Available => {}
        _ => return Vec::new(),
    }
    if let Some(f) = t
        .of(client_id, "")
        .and_then(|a| failing(a, app_name, "as itself (client credentials)"))
    {
        return vec![f];
    }
    // The latest secret refusal among its mailboxes' sign-ins, with the activity it is in.
    let refused = object_ids
        .iter()
        .filter_map(|id| t.of(client_id, id))
        .filter(|a| {
            a.failures
                .last()
                .is_some_and(|l| SECRET_CODES.contains(&l.code))
        })
        .max_by_key(|a| a.failures.last().map(|l| l.at));
    refused
        .and_then(|a| failing(a, app_name, "with its secret"))
        .into_iter()
        .collect()
}

/// What became of a fix made in linkwatch (a re-link, a rotation) this cycle.
#[derive(Debug, Clone, PartialEq)]
pub enum FixOutcome {
    /// Still to do in the application: this finding says what.
    Open(Finding),
    /// The application's own sign-ins succeeded after the fix (at this time): close it.
    ClosedBySignIns(DateTime<Utc>),
    /// It was closed before (an operator confirmed it): note how, once.
    Closed(crate::model::FixClosed),
}

/// Whether the application has the fix: for a re-link, a successful sign-in for the mailbox
/// (`object_id`) after it; for a rotation, a successful sign-in with the secret linkwatch now
/// holds (`new_key`: whenever it was, it proves the application has it), or when that is not
/// known, one after the rotation with another credential than before. `todo` is what to do
/// in the application, in words.
pub fn fix_outcome(
    fix: &Fix,
    t: &TenantActivity,
    (client_id, object_id, new_key): (&str, Option<&str>, Option<&str>),
    app_name: &str,
    todo: &str,
) -> FixOutcome {
    match &fix.closed {
        Some(Closed::Confirmed { by, at }) => {
            return FixOutcome::Closed(crate::model::FixClosed {
                confirmed_by: Some(by.clone()),
                at: *at,
            })
        }
        Some(Closed::BySignIns(at)) => {
            return FixOutcome::Closed(crate::model::FixClosed {
                confirmed_by: None,
                at: *at,
            })
        }
        None => {}
    }
    if t.state == SignalState::Available {
        let id = client_id.to_ascii_lowercase();
        let success = t
            .by_principal
            .iter()
            .filter(|((c, p), _)| *c == id && object_id.is_none_or(|o| p.eq_ignore_ascii_case(o)))
            .filter_map(|(_, a)| Some((a.last_success_at?, a.last_success_key.clone())))
            .filter(|(at, key)| match (fix.kind, new_key) {
                (FixKind::Relink, _) => *at > fix.fixed_at,
                (FixKind::Rotate, Some(new)) => {
                    key.as_deref().is_some_and(|k| k.eq_ignore_ascii_case(new))
                }
                (FixKind::Rotate, None) => {
                    *at > fix.fixed_at
                        && (fix.old_key.is_none() || key.as_deref() != fix.old_key.as_deref())
                }
            })
            .map(|(at, _)| at)
            .max();
        if let Some(at) = success {
            return FixOutcome::ClosedBySignIns(at);
        }
    }
    let what = match fix.kind {
        FixKind::Rotate => "the secret was rotated in linkwatch",
        FixKind::Relink => "the mailbox was re-linked in linkwatch",
    };
    let how_closed = if t.state == SignalState::Available {
        format!(
            "this closes when {app_name}'s own sign-ins succeed, or when an operator confirms it"
        )
    } else {
        "this tenant's sign-in log cannot be read, so an operator confirms it once done".to_string()
    };
    FixOutcome::Open(Finding::new(
        FindingCode::ConsumerPending,
        Source::Consumer,
        format!(
            "Still to do in {app_name}: {todo} ({what} on {} by {}; {how_closed})",
            when(fix.fixed_at),
            fix.fixed_by
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::Failure;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-01T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn policy() -> Policy {
        Policy {
            warn_days: 30,
            critical_days: 7,
            consumer_idle_hours: 24,
        }
    }

    /// (principal, hours since the last success, failures as (hours ago, code)).
    type Row<'a> = (&'a str, Option<i64>, &'a [(i64, u32)]);
    type Case = (
        &'static str,
        TenantActivity,
        Vec<(FindingCode, Option<u32>, bool)>,
    );

    fn tenant(covered_hours: i64, rows: &[Row<'_>]) -> TenantActivity {
        let mut t = TenantActivity::unavailable(SignalState::Available);
        t.covered_since = Some(now() - Duration::hours(covered_hours));
        t.read_at = Some(now() - Duration::minutes(5));
        for (who, ok, fails) in rows {
            t.by_principal.insert(
                ("app".into(), who.to_string()),
                Activity {
                    last_success_at: ok.map(|h| now() - Duration::hours(h)),
                    last_success_key: Some("k".into()),
                    failures: fails
                        .iter()
                        .map(|(h, code)| Failure {
                            at: now() - Duration::hours(*h),
                            code: *code,
                            key_id: None,
                        })
                        .collect(),
                    failure_count: fails.len(),
                    first_failure_at: fails.first().map(|(h, _)| now() - Duration::hours(*h)),
                },
            );
        }
        t
    }

    fn codes(f: &[Finding]) -> Vec<(FindingCode, Option<u32>, bool)> {
        f.iter()
            .map(|f| (f.code, f.aadsts, f.caused_by.is_some()))
            .collect()
    }

    #[test]
    fn mailbox_rules() {
        use FindingCode::*;
        let cases: Vec<Case> = vec![
            (
                "recent success",
                tenant(168, &[("u", Some(1), &[])]),
                vec![],
            ),
            (
                "revoked since its last success",
                tenant(168, &[("u", Some(30), &[(20, 50173), (2, 50173)])]),
                vec![(ConsumerFailing, Some(50173), false)],
            ),
            (
                "old secret: the app's incident",
                tenant(168, &[("u", Some(30), &[(2, 7000222)])]),
                vec![(ConsumerFailing, Some(7000222), true)],
            ),
            (
                "failing is not also idle",
                tenant(168, &[("u", Some(72), &[(50, 50076)])]),
                vec![(ConsumerFailing, Some(50076), false)],
            ),
            (
                "idle for three days",
                tenant(168, &[("u", Some(72), &[])]),
                vec![(ConsumerIdle, None, false)],
            ),
            (
                "never seen in a full look-back",
                tenant(168, &[]),
                vec![(ConsumerIdle, None, false)],
            ),
            (
                "never seen, but only 6 h of log read",
                tenant(6, &[]),
                vec![],
            ),
            (
                "idle, but the log has a recent gap",
                tenant(12, &[("u", Some(72), &[])]),
                vec![],
            ),
            (
                "idle, but the last reads failed for 3 h",
                {
                    let mut t = tenant(168, &[("u", Some(72), &[])]);
                    t.read_at = Some(now() - Duration::hours(3));
                    t
                },
                vec![],
            ),
            (
                "failing is still known when the last read failed",
                {
                    let mut t = tenant(168, &[("u", Some(30), &[(20, 50173)])]);
                    t.read_at = Some(now() - Duration::hours(3));
                    t
                },
                vec![(ConsumerFailing, Some(50173), false)],
            ),
        ];
        for (name, t, want) in cases {
            let got = mailbox(&t, "APP", "U", "Econobis", "app:t/app", &policy(), now());
            assert_eq!(codes(&got), want, "{name}: {got:#?}");
        }
        let idle = &mailbox(
            &tenant(168, &[("u", Some(72), &[])]),
            "app",
            "u",
            "E",
            "k",
            &policy(),
            now(),
        )[0];
        assert_eq!(idle.last_success_at, Some(now() - Duration::hours(72)));
        assert_eq!(
            idle.idle_until,
            Some(now() - Duration::hours(72) + Duration::days(90))
        );
        let fail = &mailbox(
            &tenant(168, &[("u", Some(30), &[(20, 50173), (2, 50173)])]),
            "app",
            "u",
            "Econobis",
            "k",
            &policy(),
            now(),
        )[0];
        assert!(
            fail.message
                .contains("since 2026-11-30 16:00 UTC (2 failed, latest AADSTS50173"),
            "{}",
            fail.message
        );
        assert_eq!(fail.source, Source::Consumer);
    }

    #[test]
    fn an_unavailable_signal_concludes_nothing() {
        for state in [
            SignalState::NotConfigured,
            SignalState::NoPremium,
            SignalState::Failed("x".into()),
            SignalState::Denied("403".into()),
        ] {
            let mut t = tenant(168, &[]);
            t.state = state.clone();
            assert!(
                mailbox(&t, "app", "u", "E", "k", &policy(), now()).is_empty(),
                "{state:?}"
            );
        }
    }

    #[test]
    fn fixes_close_on_the_applications_own_success_or_by_hand() {
        let fix = |kind, hours_ago: i64, old_key: Option<&str>| Fix {
            target: "app",
            target_ref: 1,
            kind,
            fixed_at: now() - Duration::hours(hours_ago),
            fixed_by: "anna".into(),
            old_key: old_key.map(String::from),
            closed: None,
        };
        // The application signed in 1 h ago with key "k".
        let t = tenant(168, &[("u", Some(1), &[])]);
        let cases = [
            (
                "rotated 2 h ago, success since",
                fix(FixKind::Rotate, 2, None),
                None,
                None,
                true,
            ),
            (
                "rotated 30 min ago, no success since",
                fix(FixKind::Rotate, 0, None),
                None,
                None,
                false,
            ),
            (
                "rotated, but it still uses the old key",
                fix(FixKind::Rotate, 2, Some("k")),
                None,
                None,
                false,
            ),
            (
                "rotated, now on another key",
                fix(FixKind::Rotate, 2, Some("old")),
                None,
                None,
                true,
            ),
            (
                "rotated; it signed in with the new secret before",
                fix(FixKind::Rotate, 0, None),
                None,
                Some("K"),
                true,
            ),
            (
                "rotated; it still signs in with another secret",
                fix(FixKind::Rotate, 2, None),
                None,
                Some("new"),
                false,
            ),
            (
                "re-linked, this mailbox succeeded since",
                fix(FixKind::Relink, 2, None),
                Some("U"),
                None,
                true,
            ),
            (
                "re-linked, another mailbox succeeded",
                fix(FixKind::Relink, 2, None),
                Some("other"),
                None,
                false,
            ),
        ];
        for (name, f, object, new_key, closed) in cases {
            let got = fix_outcome(&f, &t, ("app", object, new_key), "Helpdesk", "paste it");
            assert_eq!(
                matches!(got, FixOutcome::ClosedBySignIns(_)),
                closed,
                "{name}: {got:?}"
            );
            if !closed {
                let FixOutcome::Open(f) = got else {
                    panic!("{name}")
                };
                assert_eq!(f.code, FindingCode::ConsumerPending);
                assert!(
                    f.message.starts_with("Still to do in Helpdesk: paste it"),
                    "{}",
                    f.message
                );
            }
        }
        let mut no_signal = tenant(168, &[("u", Some(1), &[])]);
        no_signal.state = SignalState::NoPremium;
        let FixOutcome::Open(f) = fix_outcome(
            &fix(FixKind::Rotate, 2, None),
            &no_signal,
            ("app", None, None),
            "H",
            "x",
        ) else {
            panic!("without the signal only a person can close it")
        };
        assert!(f.message.contains("an operator confirms it"));
        let mut done = fix(FixKind::Rotate, 2, None);
        done.closed = Some(Closed::Confirmed {
            by: "oscar".into(),
            at: now(),
        });
        assert_eq!(
            fix_outcome(&done, &t, ("app", None, None), "H", "x"),
            FixOutcome::Closed(crate::model::FixClosed {
                confirmed_by: Some("oscar".into()),
                at: now()
            })
        );
    }

    #[test]
    fn app_rules() {
        use FindingCode::*;
        let ids = vec!["u1".to_string(), "u2".to_string()];
        let t = tenant(
            168,
            &[("u1", Some(1), &[]), ("u2", Some(30), &[(3, 7000222)])],
        );
        assert_eq!(
            codes(&app(&t, "app", &ids, "Helpdesk")),
            vec![(ConsumerFailing, Some(7000222), false)]
        );
        let t = tenant(
            168,
            &[("", Some(30), &[(1, 7000215)]), ("u1", Some(1), &[])],
        );
        assert_eq!(
            codes(&app(&t, "app", &ids, "CRM")),
            vec![(ConsumerFailing, Some(7000215), false)]
        );
        let t = tenant(168, &[("u1", Some(30), &[(3, 50173)])]);
        assert!(
            app(&t, "app", &ids, "E").is_empty(),
            "a mailbox's own problem is not the app's"
        );
        let mut t = tenant(168, &[]);
        t.state = SignalState::Denied("403 Authorization_RequestDenied".into());
        let f = app(&t, "app", &ids, "E");
        assert_eq!(f[0].code, MonitorAccessMissing);
        assert!(f[0].message.contains("AuditLog.Read.All"));
        t.state = SignalState::NoPremium;
        assert!(
            app(&t, "app", &ids, "E").is_empty(),
            "no licence is information, never a finding"
        );
    }
}
