//! Plain-language explanations, in English and Dutch, of every finding code and every AADSTS
//! code linkwatch knows, with the steps that fix them and deep links into the Azure portal.

use crate::model::FindingCode;

/// A language of the UI and the alerts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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
    let l = |en, nl| lang.pick(en, nl);
    let (title, meaning, steps, portal): (&str, &str, Vec<&str>, Option<Blade>) = match code {
        SecretExpiring => (
            l("Client secret expires soon", "Clientgeheim verloopt binnenkort"),
            l("The secret (or certificate) this application signs in with stops working on the date shown. From then on, mail through this app registration stops for every mailbox.",
              "Het geheim (of certificaat) waarmee deze applicatie zich aanmeldt werkt niet meer na de getoonde datum. Vanaf dan stopt de mail via deze app-registratie voor alle mailboxen."),
            vec![
                l("Open the app registration's Certificates & secrets page in the Azure portal.", "Open in de Azure-portal de pagina Certificaten en geheimen van de app-registratie."),
                l("Add a new client secret (12 months is Microsoft's advice) and copy its value at once: it is shown only once.", "Voeg een nieuw clientgeheim toe (Microsoft adviseert 12 maanden) en kopieer de waarde meteen: die wordt maar één keer getoond."),
                l("Enter the new value in every application that uses this app registration, and in linkwatch.", "Vul de nieuwe waarde in bij elke applicatie die deze app-registratie gebruikt, en in linkwatch."),
                l("Delete the old secret once everything works with the new one.", "Verwijder het oude geheim zodra alles met het nieuwe werkt."),
            ],
            Some(Blade::Credentials),
        ),
        SecretExpired => (
            l("Client secret has expired", "Clientgeheim is verlopen"),
            l("Microsoft refuses the application's secret because it has expired (AADSTS7000222). No mail is read or sent through this app registration until a new secret is entered.",
              "Microsoft weigert het geheim van de applicatie omdat het verlopen is (AADSTS7000222). Er wordt geen mail gelezen of verstuurd via deze app-registratie tot er een nieuw geheim is ingevuld."),
            vec![
                l("Open the app registration's Certificates & secrets page in the Azure portal.", "Open in de Azure-portal de pagina Certificaten en geheimen van de app-registratie."),
                l("Add a new client secret and copy its value (not its ID).", "Voeg een nieuw clientgeheim toe en kopieer de waarde (niet de ID)."),
                l("Enter it in every application that uses this app registration, and in linkwatch; then check again.", "Vul het in bij elke applicatie die deze app-registratie gebruikt, en in linkwatch; controleer daarna opnieuw."),
            ],
            Some(Blade::Credentials),
        ),
        SecretInvalid => (
            l("Client secret is not accepted", "Clientgeheim wordt niet geaccepteerd"),
            l("The stored secret matches no secret on the app registration (AADSTS7000215): it was deleted or replaced, or the secret's ID was entered instead of its value.",
              "Het opgeslagen geheim hoort bij geen enkel geheim van de app-registratie (AADSTS7000215): het is verwijderd of vervangen, of de ID is ingevuld in plaats van de waarde."),
            vec![
                l("Compare the first three characters shown in the portal with the ones linkwatch shows.", "Vergelijk de eerste drie tekens in de portal met die in linkwatch."),
                l("If the secret was replaced, enter the new value here and in the applications; otherwise add a new secret.", "Is het geheim vervangen, vul dan de nieuwe waarde hier en in de applicaties in; voeg anders een nieuw geheim toe."),
            ],
            Some(Blade::Credentials),
        ),
        AppMissing => (
            l("App registration not found", "App-registratie niet gevonden"),
            l("Microsoft cannot find this application in the tenant, or it is disabled (AADSTS700016, 7000112), or the tenant itself is not found (AADSTS90002). Nothing works through it.",
              "Microsoft vindt deze applicatie niet in de tenant, of ze is uitgeschakeld (AADSTS700016, 7000112), of de tenant zelf bestaat niet (AADSTS90002). Er werkt niets via deze app."),
            vec![
                l("Check the tenant ID and the application (client) ID for typing errors.", "Controleer de tenant-ID en de applicatie-ID (client-ID) op typefouten."),
                l("In Entra ID, check whether the app registration was deleted (Deleted applications, restorable for 30 days) or disabled under Enterprise applications.", "Kijk in Entra ID of de app-registratie is verwijderd (Verwijderde toepassingen, 30 dagen herstelbaar) of is uitgeschakeld bij Bedrijfstoepassingen."),
            ],
            Some(Blade::Overview),
        ),
        PermissionNotConfigured => (
            l("A required API permission is missing", "Een vereiste API-machtiging ontbreekt"),
            l("The app registration no longer lists a Microsoft Graph permission the mail link needs. New sign-ins cannot grant it, and existing links lose it when they are renewed.",
              "De app-registratie bevat een Microsoft Graph-machtiging niet meer die de mailkoppeling nodig heeft. Nieuwe aanmeldingen kunnen die niet toekennen en bestaande koppelingen verliezen haar bij vernieuwen."),
            vec![
                l("Open API permissions, choose Add a permission, Microsoft Graph, Delegated permissions, and add the missing ones.", "Open API-machtigingen, kies Een machtiging toevoegen, Microsoft Graph, Gedelegeerde machtigingen, en voeg de ontbrekende toe."),
                l("Choose Grant admin consent, then re-link the mailboxes if their findings ask for it.", "Kies Beheerderstoestemming verlenen en koppel daarna de mailboxen opnieuw als hun meldingen daarom vragen."),
            ],
            Some(Blade::ApiPermissions),
        ),
        ConsentMissing => (
            l("Permission not granted for this mailbox", "Toestemming ontbreekt voor deze mailbox"),
            l("The mailbox's account has not consented to every permission the application needs (AADSTS65001), or the consent was withdrawn. Mail functions that need the missing permission fail.",
              "Het account van de mailbox heeft niet ingestemd met alle machtigingen die de applicatie nodig heeft (AADSTS65001), of de toestemming is ingetrokken. Mailfuncties die de ontbrekende machtiging nodig hebben mislukken."),
            vec![
                l("Grant admin consent for the app registration (API permissions, Grant admin consent), or", "Verleen beheerderstoestemming voor de app-registratie (API-machtigingen, Beheerderstoestemming verlenen), of"),
                l("re-link the mailbox while signed in as the mailbox and accept the permissions.", "koppel de mailbox opnieuw terwijl u bent aangemeld als de mailbox, en accepteer de machtigingen."),
            ],
            Some(Blade::ApiPermissions),
        ),
        LinkRevoked => (
            l("Mailbox link no longer works", "Mailboxkoppeling werkt niet meer"),
            l("The mailbox's sign-in grant was revoked or expired (for example after a password change, AADSTS50173, or 90 days without use, AADSTS700082). The application can no longer read or send this mailbox's mail.",
              "De aanmeldtoestemming van de mailbox is ingetrokken of verlopen (bijvoorbeeld na een wachtwoordwijziging, AADSTS50173, of na 90 dagen zonder gebruik, AADSTS700082). De applicatie kan de mail van deze mailbox niet meer lezen of versturen."),
            vec![
                l("Re-link the mailbox: sign in as the mailbox's account when asked.", "Koppel de mailbox opnieuw: meld u aan met het account van de mailbox als daarom gevraagd wordt."),
                l("Re-link it in the consuming application too (its mail settings).", "Koppel hem ook opnieuw in de applicatie die hem gebruikt (bij de mailinstellingen)."),
            ],
            None,
        ),
        ReauthRequired => (
            l("The account must sign in again", "Het account moet zich opnieuw aanmelden"),
            l("Microsoft demands an interactive sign-in: multi-factor authentication, a Conditional Access policy, a managed device, or a new password (AADSTS50076, 50079, 53003, 530003, 50055). Until then the link does not work.",
              "Microsoft eist een interactieve aanmelding: meervoudige verificatie, een beleid voor voorwaardelijke toegang, een beheerd apparaat of een nieuw wachtwoord (AADSTS50076, 50079, 53003, 530003, 50055). Tot die tijd werkt de koppeling niet."),
            vec![
                l("Re-link the mailbox and complete the sign-in, including MFA, as the mailbox's account.", "Koppel de mailbox opnieuw en voltooi de aanmelding, met MFA, als het account van de mailbox."),
                l("If this keeps returning, exclude the service account from the sign-in frequency policy or use a compliant location.", "Komt dit steeds terug, sluit het serviceaccount dan uit van het beleid voor aanmeldfrequentie of gebruik een toegestane locatie."),
            ],
            None,
        ),
        AccountDisabled => (
            l("The mailbox account is disabled", "Het mailboxaccount is uitgeschakeld"),
            l("The account behind this mailbox is disabled or deleted in Entra ID (AADSTS50057, 50034). No application can use it.",
              "Het account achter deze mailbox is uitgeschakeld of verwijderd in Entra ID (AADSTS50057, 50034). Geen enkele applicatie kan het gebruiken."),
            vec![
                l("If the mailbox is still needed, enable the account (Users, the account, Edit properties, Account enabled).", "Is de mailbox nog nodig, schakel het account dan in (Gebruikers, het account, Eigenschappen bewerken, Account ingeschakeld)."),
                l("If it is not, remove the mailbox from the application and from linkwatch.", "Zo niet, verwijder de mailbox dan uit de applicatie en uit linkwatch."),
            ],
            Some(Blade::User),
        ),
        MailboxUnreachable => (
            l("Graph cannot reach the mailbox", "Graph kan de mailbox niet bereiken"),
            l("Sign-in works, but Microsoft Graph refuses or cannot find the mailbox (403, 404, MailboxNotEnabledForRESTAPI): it may be inactive, soft-deleted, on-premises, without a licence, or not shared with the signed-in account.",
              "Aanmelden lukt, maar Microsoft Graph weigert de mailbox of vindt hem niet (403, 404, MailboxNotEnabledForRESTAPI): hij is misschien inactief, voorlopig verwijderd, on-premises, zonder licentie, of niet gedeeld met het aangemelde account."),
            vec![
                l("Check in the Microsoft 365 admin center that the account has an Exchange Online licence and an active mailbox.", "Controleer in het Microsoft 365-beheercentrum dat het account een Exchange Online-licentie en een actieve mailbox heeft."),
                l("For a shared mailbox, check that the linked account has Full Access to it.", "Controleer bij een gedeelde mailbox dat het gekoppelde account er Volledige toegang toe heeft."),
            ],
            Some(Blade::User),
        ),
        IdentityMismatch => (
            l("Linked with the wrong account", "Gekoppeld met het verkeerde account"),
            l("The link was made while signed in as another account than the mailbox's. Mail would be read or sent as that other account.",
              "De koppeling is gemaakt terwijl een ander account dan dat van de mailbox was aangemeld. Mail zou worden gelezen of verstuurd als dat andere account."),
            vec![
                l("Re-link the mailbox. When Microsoft asks to pick an account, choose (or type) the mailbox's own address.", "Koppel de mailbox opnieuw. Kies (of typ) het eigen adres van de mailbox als Microsoft vraagt een account te kiezen."),
            ],
            None,
        ),
        NotLinked => (
            l("Mailbox not linked yet", "Mailbox nog niet gekoppeld"),
            l("linkwatch has no link of its own to this mailbox, so it can only check the directory, not whether sign-in and mail access really work.",
              "linkwatch heeft nog geen eigen koppeling met deze mailbox en kan dus alleen de directory controleren, niet of aanmelden en mailtoegang echt werken."),
            vec![l("Link the mailbox from its page (sign in as the mailbox), or import a refresh token with `linkwatch link import`.", "Koppel de mailbox vanaf de pagina (aanmelden als de mailbox), of importeer een vernieuwingstoken met `linkwatch link import`.")],
            None,
        ),
        MonitorAccessMissing => (
            l("Directory checks were skipped", "Directorycontroles zijn overgeslagen"),
            l("The credential linkwatch uses to read the directory may not read the app registration, its permission grants or the accounts, so expiry dates and permissions are not checked from Entra ID.",
              "Het account waarmee linkwatch de directory leest mag de app-registratie, de toestemmingen of de accounts niet lezen, dus vervaldatums en machtigingen worden niet in Entra ID gecontroleerd."),
            vec![
                l("Give the tenant's monitor app the application permissions Application.Read.All, DelegatedPermissionGrant.Read.All and User.Read.All, and grant admin consent.", "Geef de monitor-app van de tenant de toepassingsmachtigingen Application.Read.All, DelegatedPermissionGrant.Read.All en User.Read.All, en verleen beheerderstoestemming."),
                l("Or enter the secret's expiry date by hand, so linkwatch can still warn in time.", "Of vul de vervaldatum van het geheim met de hand in, zodat linkwatch toch op tijd waarschuwt."),
            ],
            Some(Blade::ApiPermissions),
        ),
        ProbeFailed => (
            l("The check could not run", "De controle kon niet worden uitgevoerd"),
            l("linkwatch could not complete this check (network, a Microsoft outage, throttling, or an unreadable reply). The status is unknown, not healthy; the last known status is shown beside it.",
              "linkwatch kon deze controle niet voltooien (netwerk, een storing bij Microsoft, beperking of een onleesbaar antwoord). De status is onbekend, niet gezond; de laatst bekende status staat ernaast."),
            vec![
                l("Wait for the next cycle: a single failure is often a blip.", "Wacht de volgende ronde af: één fout is vaak een hapering."),
                l("If it persists, read the detail, check linkwatch's network access to Microsoft, and the Microsoft 365 service health page.", "Blijft het, lees dan de details, controleer de netwerktoegang van linkwatch tot Microsoft en de servicestatus van Microsoft 365."),
            ],
            None,
        ),
        ConsumerFailing => (
            l("The application itself cannot sign in", "De applicatie zelf kan zich niet aanmelden"),
            l("Microsoft's sign-in log shows that the business application's own sign-ins fail since the time shown, even if linkwatch's own link works: the application still sends an old secret, or its own link for this mailbox was revoked. Its mail has stopped.",
              "Het aanmeldlogboek van Microsoft laat zien dat de eigen aanmeldingen van de bedrijfsapplicatie mislukken sinds het getoonde tijdstip, ook als de eigen koppeling van linkwatch werkt: de applicatie stuurt nog een oud geheim, of haar eigen koppeling voor deze mailbox is ingetrokken. Haar mail ligt stil."),
            vec![
                l("Read the AADSTS code and the fix below it: it says what to do in the application.", "Lees de AADSTS-code en de oplossing eronder: die zegt wat er in de applicatie moet gebeuren."),
                l("After the fix, the problem closes by itself once the application's next sign-in succeeds (usually within its polling interval plus a few minutes).", "Na de oplossing sluit het probleem vanzelf zodra de volgende aanmelding van de applicatie lukt (meestal binnen haar pollinterval plus een paar minuten)."),
            ],
            None,
        ),
        ConsumerIdle => (
            l("The application has stopped signing in", "De applicatie meldt zich niet meer aan"),
            l("The business application has not signed in for this mailbox for longer than the idle limit: its mail polling stopped (a stopped service or scheduler, a removed mailbox). Its refresh token dies of inactivity 90 days after its last sign-in (AADSTS700082).",
              "De bedrijfsapplicatie heeft zich langer dan de inactiviteitsgrens niet aangemeld voor deze mailbox: het ophalen van mail is gestopt (een gestopte service of planner, een verwijderde mailbox). Haar vernieuwingstoken vervalt 90 dagen na de laatste aanmelding door inactiviteit (AADSTS700082)."),
            vec![
                l("Check that the application's mail service or scheduled task runs.", "Controleer of de maildienst of geplande taak van de applicatie draait."),
                l("If the mailbox is no longer used, stop watching it in linkwatch.", "Wordt de mailbox niet meer gebruikt, stop dan met bewaken in linkwatch."),
            ],
            None,
        ),
        ConsumerPending => (
            l("Still to do in the application", "Nog te doen in de applicatie"),
            l("linkwatch's part of the fix is done (a new secret, a new link), but the business application has not signed in successfully since: it does not have the fix yet.",
              "Het deel van de oplossing in linkwatch is gedaan (een nieuw geheim, een nieuwe koppeling), maar de bedrijfsapplicatie heeft zich sindsdien niet met succes aangemeld: zij heeft de oplossing nog niet."),
            vec![
                l("Do the step shown in the application (its runbook has the screens).", "Voer de getoonde stap uit in de applicatie (het draaiboek toont de schermen)."),
                l("The problem closes when the application's own sign-ins succeed, or when an operator confirms it here.", "Het probleem sluit zodra de eigen aanmeldingen van de applicatie lukken, of wanneer een operator het hier bevestigt."),
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
        Generic => lang.pick("another application", "een andere applicatie"),
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
