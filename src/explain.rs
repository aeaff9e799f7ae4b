//! Plain-language explanations, in English and Dutch, of every finding code and every AADSTS
//! code linkwatch knows, with the steps that fix them and deep links into the Azure portal.

use crate::model::FindingCode;

/// A language of the UI and the alerts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Dutch.
    Nl,
}

impl Lang {
    /// `en` or `nl`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }

    /// Parses `en`/`nl` (and regional forms such as `nl-BE`).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s == "nl" || s.starts_with("nl-") {
            Some(Lang::Nl)
        } else if s == "en" || s.starts_with("en-") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The preferred supported language of an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut it = part.split(';');
            let tag = it.next().unwrap_or("");
            let q = it
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse().ok())
                .unwrap_or(1.0);
            if let Some(l) = Lang::parse(tag) {
                if best.is_none_or(|(bq, _)| q > bq) {
                    best = Some((q, l));
                }
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }
}

/// What a finding means and how to fix it.
#[derive(Debug, Clone)]
pub struct Explanation {
    /// A short title.
    pub title: &'static str,
    /// What is wrong and why it matters, in one or two sentences.
    pub meaning: &'static str,
    /// The steps that fix it.
    pub steps: Vec<&'static str>,
    /// Where in the Azure portal to do it.
    pub portal: Option<Blade>,
}

/// A blade of an app registration in the Azure portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blade {
    /// Overview.
    Overview,
    /// Certificates & secrets.
    Credentials,
    /// API permissions (and "Grant admin consent").
    ApiPermissions,
    /// Authentication (redirect URIs).
    Authentication,
    /// The user's profile.
    User,
}

/// The portal URL of a blade for an app (client id) or a user (object id).
pub fn portal_url(blade: Blade, client_id: &str, user_id: Option<&str>) -> String {
    const APP: &str =
        "https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~";
    match blade {
        Blade::Overview => format!("{APP}/Overview/appId/{client_id}"),
        Blade::Credentials => format!("{APP}/Credentials/appId/{client_id}/isMSAApp~/false"),
        Blade::ApiPermissions => format!("{APP}/CallAnAPI/appId/{client_id}"),
        Blade::Authentication => format!("{APP}/Authentication/appId/{client_id}"),
        Blade::User => format!("https://entra.microsoft.com/#view/Microsoft_AAD_UsersAndTenants/UserProfileMenuBlade/~/overview/userId/{}", user_id.unwrap_or("")),
    }
}

/// The explanation of a finding code.
pub fn finding(code: FindingCode, lang: Lang) -> Explanation {
    use FindingCode::*;
    let (title, meaning, steps, portal): (&str, &str, Vec<&str>, Option<Blade>) = match code {
        SecretExpiring => (
            lang.t("client-secret-expires-soon"),
            lang.t("the-secret-or-certificate-this-application"),
            vec![
                lang.t("open-the-app-registration-s-certificates"),
                lang.t("add-a-new-client-secret-12"),
                lang.t("enter-the-new-value-in-every"),
                lang.t("delete-the-old-secret-once-everything"),
            ],
            Some(Blade::Credentials),
        ),
        SecretExpired => (
            lang.t("client-secret-has-expired"),
            lang.t("microsoft-refuses-the-application-s-secret"),
            vec![
                lang.t("open-the-app-registration-s-certificates"),
                lang.t("add-a-new-client-secret-and"),
                lang.t("enter-it-in-every-application-that"),
            ],
            Some(Blade::Credentials),
        ),
        SecretInvalid => (
            lang.t("client-secret-is-not-accepted"),
            lang.t("the-stored-secret-matches-no-secret"),
            vec![
                lang.t("compare-the-first-three-characters-shown"),
                lang.t("if-the-secret-was-replaced-enter"),
            ],
            Some(Blade::Credentials),
        ),
        AppMissing => (
            lang.t("app-registration-not-found"),
            lang.t("microsoft-cannot-find-this-application-in"),
            vec![
                lang.t("check-the-tenant-id-and-the"),
                lang.t("in-entra-id-check-whether-the"),
            ],
            Some(Blade::Overview),
        ),
        PermissionNotConfigured => (
            lang.t("a-required-api-permission-is-missing"),
            lang.t("the-app-registration-no-longer-lists"),
            vec![
                lang.t("open-api-permissions-choose-add-a"),
                lang.t("choose-grant-admin-consent-then-re"),
            ],
            Some(Blade::ApiPermissions),
        ),
        ConsentMissing => (
            lang.t("permission-not-granted-for-this-mailbox"),
            lang.t("the-mailbox-s-account-has-not"),
            vec![
                lang.t("grant-admin-consent-for-the-app"),
                lang.t("re-link-the-mailbox-while-signed"),
            ],
            Some(Blade::ApiPermissions),
        ),
        LinkRevoked => (
            lang.t("mailbox-link-no-longer-works"),
            lang.t("the-mailbox-s-sign-in-grant"),
            vec![
                lang.t("re-link-the-mailbox-sign-in"),
                lang.t("re-link-it-in-the-consuming"),
            ],
            None,
        ),
        ReauthRequired => (
            lang.t("the-account-must-sign-in-again"),
            lang.t("microsoft-demands-an-interactive-sign-in"),
            vec![
                lang.t("re-link-the-mailbox-and-complete"),
                lang.t("if-this-keeps-returning-exclude-the"),
            ],
            None,
        ),
        AccountDisabled => (
            lang.t("the-mailbox-account-is-disabled"),
            lang.t("the-account-behind-this-mailbox-is"),
            vec![
                lang.t("if-the-mailbox-is-still-needed"),
                lang.t("if-it-is-not-remove-the"),
            ],
            Some(Blade::User),
        ),
        MailboxUnreachable => (
            lang.t("graph-cannot-reach-the-mailbox"),
            lang.t("sign-in-works-but-microsoft-graph"),
            vec![
                lang.t("check-in-the-microsoft-365-admin"),
                lang.t("for-a-shared-mailbox-check-that"),
            ],
            Some(Blade::User),
        ),
        IdentityMismatch => (
            lang.t("linked-with-the-wrong-account"),
            lang.t("the-link-was-made-while-signed"),
            vec![lang.t("re-link-the-mailbox-when-microsoft")],
            None,
        ),
        NotLinked => (
            lang.t("mailbox-not-linked-yet"),
            lang.t("linkwatch-has-no-link-of-its"),
            vec![lang.t("link-the-mailbox-from-its-page")],
            None,
        ),
        MonitorAccessMissing => (
            lang.t("directory-checks-were-skipped"),
            lang.t("the-credential-linkwatch-uses-to-read"),
            vec![
                lang.t("give-the-tenant-s-monitor-app"),
                lang.t("or-enter-the-secret-s-expiry"),
            ],
            Some(Blade::ApiPermissions),
        ),
        ProbeFailed => (
            lang.t("the-check-could-not-run"),
            lang.t("linkwatch-could-not-complete-this-check"),
            vec![
                lang.t("wait-for-the-next-cycle-a"),
                lang.t("if-it-persists-read-the-detail"),
            ],
            None,
        ),
        ConsumerFailing => (
            lang.t("the-application-itself-cannot-sign-in"),
            lang.t("microsoft-s-sign-in-log-shows"),
            vec![
                lang.t("read-the-aadsts-code-and-the"),
                lang.t("after-the-fix-the-problem-closes"),
            ],
            None,
        ),
        ConsumerIdle => (
            lang.t("the-application-has-stopped-signing-in"),
            lang.t("the-business-application-has-not-signed"),
            vec![
                lang.t("check-that-the-application-s-mail"),
                lang.t("if-the-mailbox-is-no-longer"),
            ],
            None,
        ),
        ConsumerPending => (
            lang.t("still-to-do-in-the-application"),
            lang.t("linkwatch-s-part-of-the-fix"),
            vec![
                lang.t("do-the-step-shown-in-the"),
                lang.t("the-problem-closes-when-the-application"),
            ],
            None,
        ),
    };
    Explanation {
        title,
        meaning,
        steps,
        portal,
    }
}

/// AADSTS codes linkwatch explains: (code, message id).
pub const AADSTS: &[(u32, &str)] = &[
    (700027, "aadsts-700027"),
    (700021, "aadsts-700021"),
    (700023, "aadsts-700023"),
    (700024, "aadsts-700024"),
    (7000222, "aadsts-7000222"),
    (7000215, "aadsts-7000215"),
    (7000218, "aadsts-7000218"),
    (700016, "aadsts-700016"),
    (7000112, "aadsts-7000112"),
    (70001, "aadsts-70001"),
    (90002, "aadsts-90002"),
    (90038, "aadsts-90038"),
    (65001, "aadsts-65001"),
    (65004, "aadsts-65004"),
    (90094, "aadsts-90094"),
    (50011, "aadsts-50011"),
    (50173, "aadsts-50173"),
    (70000, "aadsts-70000"),
    (70008, "aadsts-70008"),
    (700082, "aadsts-700082"),
    (70043, "aadsts-70043"),
    (50076, "aadsts-50076"),
    (50079, "aadsts-50079"),
    (53003, "aadsts-53003"),
    (530003, "aadsts-530003"),
    (50055, "aadsts-50055"),
    (50158, "aadsts-50158"),
    (50057, "aadsts-50057"),
    (50034, "aadsts-50034"),
    (500011, "aadsts-500011"),
    (50196, "aadsts-50196"),
    (90033, "aadsts-90033"),
    (50033, "aadsts-50033"),
    (50087, "aadsts-50087"),
    (90006, "aadsts-90006"),
    (90024, "aadsts-90024"),
    (90090, "aadsts-90090"),
    (90055, "aadsts-90055"),
];

/// Where in a consuming application its mail connection is set, by consumer kind.
pub fn consumer_settings(kind: crate::targets::ConsumerKind, app: &str, lang: Lang) -> String {
    use crate::targets::ConsumerKind::*;
    match kind {
        Econobis => lang.t("settings-econobis").into(),
        ImageCapture => lang.t("settings-imagecapture").into(),
        Generic => lang.with("settings-generic", &[("app", app)]),
    }
}

/// The application that uses an app registration, named for the reader: Econobis,
/// ImageCapture, or another application (generic).
pub fn consumer_word(kind: crate::targets::ConsumerKind, lang: Lang) -> &'static str {
    use crate::targets::ConsumerKind::*;
    match kind {
        Econobis => "Econobis",
        ImageCapture => "ImageCapture",
        Generic => lang.t("another-application"),
    }
}

/// Whose runbook an app registration's is: its consumer's (Econobis, ImageCapture), else the
/// app registration's own name.
pub fn runbook_of(kind: crate::targets::ConsumerKind, app: &str) -> &str {
    use crate::targets::ConsumerKind::*;
    match kind {
        Econobis => "Econobis",
        ImageCapture => "ImageCapture",
        Generic => app,
    }
}

/// What to do in the consuming application for an AADSTS code its own sign-ins fail with.
pub fn consumer_fix(
    code: u32,
    kind: crate::targets::ConsumerKind,
    app: &str,
    lang: Lang,
) -> String {
    let at = consumer_settings(kind, app, lang);
    let key = match code {
        7000215 | 7000222 => "consumer-fix-secret",
        7000112 | 700016 => "consumer-fix-app-missing",
        50173 | 70000 | 70008 | 700082 | 65001 => "consumer-fix-link",
        50076 | 50079 | 53003 | 530003 | 50055 | 50158 | 70043 => "consumer-fix-reauth",
        50057 | 50034 => "consumer-fix-account",
        _ => "consumer-fix-other",
    };
    lang.with(
        key,
        &[("app", app), ("at", &at), ("code", &code.to_string())],
    )
}

/// The explanation of an AADSTS code, if linkwatch knows it.
pub fn aadsts(code: u32, lang: Lang) -> Option<&'static str> {
    AADSTS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, key)| lang.t(key))
}

/// What an audit log action means, in words (`None` for one this table does not know).
pub fn action(code: &str, l: Lang) -> Option<&'static str> {
    let key = match code {
        "check_now" => "action-check-now",
        "relink.start" => "action-relink-start",
        "relink.done" => "action-relink-done",
        "relink.refused" => "action-relink-refused",
        "relink.error" => "action-relink-error",
        "relink.identity_mismatch" => "action-relink-identity-mismatch",
        "relink.missing_scopes" => "action-relink-missing-scopes",
        "secret.rotate" => "action-secret-rotate",
        "secret.rotate.refused" => "action-secret-rotate-refused",
        "tenant.save" => "action-tenant-save",
        "tenant.delete" => "action-tenant-delete",
        "tenant.connect.start" => "action-tenant-connect-start",
        "tenant.connect" => "action-tenant-connect",
        "tenant.connect.refused" => "action-tenant-connect-refused",
        "tenant.connect.failed" => "action-tenant-connect-failed",
        "tenant.watch_all" => "action-tenant-watch-all",
        "app.save" => "action-app-save",
        "app.delete" => "action-app-delete",
        "app.watch" => "action-app-watch",
        "mailbox.save" => "action-mailbox-save",
        "mailbox.delete" => "action-mailbox-delete",
        "discover.new_app" => "action-discover-new-app",
        "discover.dismiss" => "action-discover-dismiss",
        "channel.save" => "action-channel-save",
        "channel.delete" => "action-channel-delete",
        "alert.test" => "action-alert-test",
        "alert.acknowledge" => "action-alert-acknowledge",
        "alert.silence" => "action-alert-silence",
        "alert.unsilence" => "action-alert-unsilence",
        "outbox.requeue" => "action-outbox-requeue",
        "fix.confirmed" => "action-fix-confirmed",
        "login.failed" => "action-login-failed",
        "login.held" => "action-login-held",
        "login.held_address" => "action-login-held-address",
        "login.slowed" => "action-login-slowed",
        "password.change" => "action-password-change",
        "sessions.end" => "action-sessions-end",
        "user.upsert" => "action-user-upsert",
        "user.update" => "action-user-update",
        "user.delete" => "action-user-delete",
        "api_token.create" => "action-api-token-create",
        "api_token.delete" => "action-api-token-delete",
        _ => return None,
    };
    Some(l.t(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_explained_in_both_languages_with_steps() {
        for code in FindingCode::ALL {
            let en = finding(code, Lang::En);
            let nl = finding(code, Lang::Nl);
            assert!(
                !en.steps.is_empty() && en.steps.len() == nl.steps.len(),
                "{code}"
            );
            assert_ne!(en.title, nl.title, "{code}");
            assert_ne!(en.meaning, nl.meaning, "{code}");
        }
    }

    #[test]
    fn every_aadsts_code_the_checks_know_is_explained() {
        for (code, _) in crate::checks::aadsts::KNOWN {
            assert!(aadsts(*code, Lang::Nl).is_some(), "AADSTS{code}");
        }
        for code in crate::checks::aadsts::TRANSIENT {
            assert!(aadsts(*code, Lang::En).is_some(), "AADSTS{code}");
        }
    }

    #[test]
    fn accept_language() {
        assert_eq!(
            Lang::from_accept_language("nl-NL,nl;q=0.9,en;q=0.8"),
            Lang::Nl
        );
        assert_eq!(
            Lang::from_accept_language("de-DE,en;q=0.5,nl;q=0.7"),
            Lang::Nl
        );
        assert_eq!(Lang::from_accept_language("fr"), Lang::En);
        assert_eq!(Lang::from_accept_language(""), Lang::En);
    }
}
