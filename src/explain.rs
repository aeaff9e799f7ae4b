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

    /// Picks the text of this language.
    pub fn pick<'a>(self, en: &'a str, nl: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Nl => nl,
        }
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

/// AADSTS codes linkwatch explains: (code, English, Dutch).
pub const AADSTS: &[(u32, &str, &str)] = &[
    (
        700027,
        "The certificate that signed the client assertion is not on the app registration (or has expired): upload its public part under Certificates & secrets.",
        "Het certificaat waarmee de clientassertie is ondertekend staat niet bij de app-registratie (of is verlopen): upload het openbare deel onder Certificaten en geheimen.",
    ),
    (
        700021,
        "The client assertion names another application than the client id it was sent with.",
        "De clientassertie noemt een andere applicatie dan de client-ID waarmee zij is verstuurd.",
    ),
    (
        700023,
        "The client assertion was made for another tenant's token endpoint.",
        "De clientassertie is gemaakt voor het tokenendpoint van een andere tenant.",
    ),
    (
        700024,
        "The client assertion is not valid at this time: check the server's clock.",
        "De clientassertie is op dit moment niet geldig: controleer de klok van de server.",
    ),
    (
        7000222,
        "The client secret has expired.",
        "Het clientgeheim is verlopen.",
    ),
    (
        7000215,
        "The client secret is wrong (or its ID was used instead of its value).",
        "Het clientgeheim is onjuist (of de ID is gebruikt in plaats van de waarde).",
    ),
    (
        7000218,
        "No client secret was sent.",
        "Er is geen clientgeheim meegestuurd.",
    ),
    (
        700016,
        "The application was not found in the tenant.",
        "De applicatie is niet gevonden in de tenant.",
    ),
    (
        7000112,
        "The application is disabled.",
        "De applicatie is uitgeschakeld.",
    ),
    (
        70001,
        "The application is disabled.",
        "De applicatie is uitgeschakeld.",
    ),
    (
        90002,
        "The tenant was not found (wrong tenant ID or wrong cloud).",
        "De tenant is niet gevonden (verkeerde tenant-ID of verkeerde cloud).",
    ),
    (
        90038,
        "The tenant belongs to another (national) cloud.",
        "De tenant hoort bij een andere (nationale) cloud.",
    ),
    (
        65001,
        "The user or an administrator has not consented to the application.",
        "De gebruiker of een beheerder heeft geen toestemming gegeven aan de applicatie.",
    ),
    (
        65004,
        "The user declined consent.",
        "De gebruiker heeft toestemming geweigerd.",
    ),
    (
        90094,
        "An administrator must approve this application.",
        "Een beheerder moet deze applicatie goedkeuren.",
    ),
    (
        50011,
        "The redirect URI is not registered on the application.",
        "De omleidings-URI is niet geregistreerd bij de applicatie.",
    ),
    (
        50173,
        "The grant was revoked, for example by a password change.",
        "De toestemming is ingetrokken, bijvoorbeeld door een wachtwoordwijziging.",
    ),
    (
        70000,
        "The grant is invalid or was already used.",
        "De toestemming is ongeldig of al gebruikt.",
    ),
    (
        70008,
        "The refresh token expired or was revoked.",
        "Het vernieuwingstoken is verlopen of ingetrokken.",
    ),
    (
        700082,
        "The refresh token expired after 90 days without use.",
        "Het vernieuwingstoken is verlopen na 90 dagen zonder gebruik.",
    ),
    (
        70043,
        "A Conditional Access sign-in frequency requires signing in again.",
        "Een aanmeldfrequentie uit voorwaardelijke toegang vereist opnieuw aanmelden.",
    ),
    (
        50076,
        "Multi-factor authentication is required.",
        "Meervoudige verificatie is vereist.",
    ),
    (
        50079,
        "The user must enrol in multi-factor authentication.",
        "De gebruiker moet zich registreren voor meervoudige verificatie.",
    ),
    (
        53003,
        "Blocked by a Conditional Access policy.",
        "Geblokkeerd door beleid voor voorwaardelijke toegang.",
    ),
    (
        530003,
        "A managed device is required.",
        "Een beheerd apparaat is vereist.",
    ),
    (
        50055,
        "The password has expired.",
        "Het wachtwoord is verlopen.",
    ),
    (
        50158,
        "An external security challenge was not satisfied.",
        "Aan een externe beveiligingscontrole is niet voldaan.",
    ),
    (
        50057,
        "The user account is disabled.",
        "Het gebruikersaccount is uitgeschakeld.",
    ),
    (
        50034,
        "The user account does not exist.",
        "Het gebruikersaccount bestaat niet.",
    ),
    (
        500011,
        "The resource (API) is not present in the tenant.",
        "De resource (API) bestaat niet in de tenant.",
    ),
    (
        50196,
        "Too many identical requests (loop detected); linkwatch backs off.",
        "Te veel gelijke verzoeken (lus gedetecteerd); linkwatch wacht even.",
    ),
    (
        90033,
        "Microsoft's directory service is temporarily unavailable.",
        "De directoryservice van Microsoft is tijdelijk niet beschikbaar.",
    ),
    (
        50033,
        "A temporary error; retried later.",
        "Een tijdelijke fout; later opnieuw geprobeerd.",
    ),
    (
        50087,
        "A temporary error; retried later.",
        "Een tijdelijke fout; later opnieuw geprobeerd.",
    ),
    (
        90006,
        "A temporary error at Microsoft; retried later.",
        "Een tijdelijke fout bij Microsoft; later opnieuw geprobeerd.",
    ),
    (
        90024,
        "Microsoft's request budget was exceeded; retried later.",
        "Het verzoekbudget van Microsoft is overschreden; later opnieuw geprobeerd.",
    ),
    (
        90090,
        "A temporary Graph error; retried later.",
        "Een tijdelijke Graph-fout; later opnieuw geprobeerd.",
    ),
    (
        90055,
        "The tenant is being throttled; retried later.",
        "De tenant wordt beperkt; later opnieuw geprobeerd.",
    ),
];

/// Where in a consuming application its mail connection is set, by consumer kind.
pub fn consumer_settings(kind: crate::targets::ConsumerKind, app: &str, lang: Lang) -> String {
    use crate::targets::ConsumerKind::*;
    match (kind, lang) {
        (Econobis, Lang::En) => "Econobis → Settings → Mailboxes".into(),
        (Econobis, Lang::Nl) => "Econobis → Instellingen → Mailboxen".into(),
        (ImageCapture, Lang::En) => "ImageCapture → Settings → E-mail → Microsoft 365".into(),
        (ImageCapture, Lang::Nl) => "ImageCapture → Instellingen → E-mail → Microsoft 365".into(),
        (Generic, Lang::En) => format!("{app}'s mail settings"),
        (Generic, Lang::Nl) => format!("de mailinstellingen van {app}"),
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

/// What to do in the consuming application for an AADSTS code its own sign-ins fail with.
pub fn consumer_fix(
    code: u32,
    kind: crate::targets::ConsumerKind,
    app: &str,
    lang: Lang,
) -> String {
    let at = consumer_settings(kind, app, lang);
    match (code, lang) {
        (7000215 | 7000222, Lang::En) => format!("{app} still sends an old or expired secret: paste the new secret's value in {at}."),
        (7000215 | 7000222, Lang::Nl) => format!("{app} stuurt nog een oud of verlopen geheim: plak de waarde van het nieuwe geheim in {at}."),
        (7000112 | 700016, Lang::En) => format!("The app registration {app} uses is disabled or deleted: enable it in Entra, or give {app} the right client id in {at}."),
        (7000112 | 700016, Lang::Nl) => format!("De app-registratie die {app} gebruikt is uitgeschakeld of verwijderd: schakel haar in Entra in, of geef {app} de juiste client-ID in {at}."),
        (50173 | 70000 | 70008 | 700082 | 65001, Lang::En) => format!("{app}'s own link for this mailbox no longer works: connect the mailbox again in {at} (sign in as the mailbox's account)."),
        (50173 | 70000 | 70008 | 700082 | 65001, Lang::Nl) => format!("De eigen koppeling van {app} voor deze mailbox werkt niet meer: koppel de mailbox opnieuw in {at} (meld u aan met het account van de mailbox)."),
        (50076 | 50079 | 53003 | 530003 | 50055 | 50158 | 70043, Lang::En) => format!("The mailbox's account must sign in again (MFA, Conditional Access or an expired password): reconnect it in {at}."),
        (50076 | 50079 | 53003 | 530003 | 50055 | 50158 | 70043, Lang::Nl) => format!("Het account van de mailbox moet zich opnieuw aanmelden (MFA, voorwaardelijke toegang of een verlopen wachtwoord): koppel opnieuw in {at}."),
        (50057 | 50034, Lang::En) => format!("The mailbox's account is disabled or deleted: enable it in Entra, or remove the mailbox from {app}."),
        (50057 | 50034, Lang::Nl) => format!("Het account van de mailbox is uitgeschakeld of verwijderd: schakel het in Entra in, of haal de mailbox weg uit {app}."),
        (_, Lang::En) => format!("Look up AADSTS{code} and check the connection in {at}."),
        (_, Lang::Nl) => format!("Zoek AADSTS{code} op en controleer de koppeling in {at}."),
    }
}

/// The explanation of an AADSTS code, if linkwatch knows it.
pub fn aadsts(code: u32, lang: Lang) -> Option<&'static str> {
    AADSTS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, en, nl)| lang.pick(en, nl))
}

/// What an audit log action means, in words (`None` for one this table does not know).
pub fn action(code: &str, l: Lang) -> Option<&'static str> {
    let (en, nl) = match code {
        "check_now" => ("checked now", "nu gecontroleerd"),
        "relink.start" => ("started a re-link", "begon opnieuw koppelen"),
        "relink.done" => ("re-linked a mailbox", "koppelde een mailbox opnieuw"),
        "relink.refused" => (
            "a re-link answer was refused",
            "een antwoord op opnieuw koppelen werd geweigerd",
        ),
        "relink.error" => (
            "Microsoft refused a re-link",
            "Microsoft weigerde opnieuw koppelen",
        ),
        "relink.identity_mismatch" => (
            "signed in with the wrong account; nothing stored",
            "meldde zich aan met het verkeerde account; niets opgeslagen",
        ),
        "relink.missing_scopes" => (
            "a re-link lacked permissions; nothing stored",
            "bij opnieuw koppelen ontbraken machtigingen; niets opgeslagen",
        ),
        "secret.rotate" => ("rotated the client secret", "verving het clientgeheim"),
        "secret.rotate.refused" => (
            "Microsoft refused a new secret",
            "Microsoft weigerde een nieuw geheim",
        ),
        "tenant.save" => ("saved a tenant", "sloeg een tenant op"),
        "tenant.delete" => ("deleted a tenant", "verwijderde een tenant"),
        "tenant.connect.start" => (
            "started connecting a tenant",
            "begon een tenant te koppelen",
        ),
        "tenant.connect" => ("connected a tenant", "koppelde een tenant"),
        "tenant.connect.refused" => (
            "a tenant's consent was refused or cancelled",
            "de toestemming van een tenant werd geweigerd of geannuleerd",
        ),
        "tenant.connect.failed" => (
            "a tenant could not be connected",
            "een tenant kon niet worden gekoppeld",
        ),
        "tenant.watch_all" => (
            "changed watching every app registration",
            "wijzigde het bewaken van elke app-registratie",
        ),
        "app.save" => ("saved an app registration", "sloeg een app-registratie op"),
        "app.delete" => (
            "deleted an app registration",
            "verwijderde een app-registratie",
        ),
        "app.watch" => (
            "watched an app found by discovery",
            "bewaakte een app uit Ontdekken",
        ),
        "mailbox.save" => ("saved a mailbox", "sloeg een mailbox op"),
        "mailbox.delete" => ("deleted a mailbox", "verwijderde een mailbox"),
        "discover.new_app" => (
            "discovery found a new mail app",
            "Ontdekken vond een nieuwe mail-app",
        ),
        "discover.dismiss" => (
            "left a new mail app unwatched",
            "liet een nieuwe mail-app onbewaakt",
        ),
        "channel.save" => ("saved an alert channel", "sloeg een meldingskanaal op"),
        "channel.delete" => ("deleted an alert channel", "verwijderde een meldingskanaal"),
        "alert.test" => ("sent a test message", "stuurde een testbericht"),
        "alert.acknowledge" => ("acknowledged a problem", "bevestigde een probleem"),
        "alert.silence" => ("muted alerts", "dempte meldingen"),
        "alert.unsilence" => ("unmuted alerts", "hief het dempen op"),
        "outbox.requeue" => (
            "queued failed messages again",
            "zette mislukte berichten opnieuw in de wachtrij",
        ),
        "fix.confirmed" => (
            "confirmed the application has the fix",
            "bevestigde dat de applicatie is hersteld",
        ),
        "login.failed" => ("a sign-in failed", "een aanmelding mislukte"),
        "password.change" => ("changed their password", "wijzigde het wachtwoord"),
        "sessions.end" => ("signed out other sessions", "meldde andere sessies af"),
        "user.create" | "user.upsert" => ("added a user", "voegde een gebruiker toe"),
        "user.update" => ("changed a user", "wijzigde een gebruiker"),
        "user.delete" => ("deleted a user", "verwijderde een gebruiker"),
        "api_token.create" => ("created an API token", "maakte een API-token"),
        "api_token.delete" => ("revoked an API token", "trok een API-token in"),
        _ => return None,
    };
    Some(l.pick(en, nl))
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
