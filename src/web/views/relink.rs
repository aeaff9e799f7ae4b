//! The re-link pages: before going to Microsoft, and what came back.

use super::layout::{csrf, page};
use crate::explain::{self, Blade, Lang};
use crate::web::auth::Ctx;
use maud::{html, Markup};

/// Before the sign-in: who to sign in as, and the one trap to avoid.
pub fn confirm(ctx: &Ctx, mailbox_id: i64, address: &str, app: &str, scopes: &[String]) -> Markup {
    let l = ctx.lang;
    let body = html! {
        p class="crumbs" { a href=(crate::key::paths::mailbox(mailbox_id)) { (address) } }
        h1 { (l.pick("Re-link ", "Opnieuw koppelen: ")) (address) }
        ol class="steps" {
            li { (l.pick("You go to Microsoft's sign-in page. Have the mailbox's password (and its MFA device) at hand.", "U gaat naar de aanmeldpagina van Microsoft. Houd het wachtwoord van de mailbox (en het MFA-apparaat) bij de hand.")) }
            li { strong { (l.pick("Sign in as ", "Meld u aan als ")) code { (address) } } (l.pick(". When Microsoft shows your own account, choose \"Use another account\".", ". Toont Microsoft uw eigen account, kies dan \"Een ander account gebruiken\".")) " " (l.pick("No private window is needed: linkwatch checks which account signed in and stores nothing if it is the wrong one.", "Een privévenster is niet nodig: linkwatch controleert welk account zich aanmeldde en slaat niets op als het het verkeerde is.")) }
            li { (l.pick("Accept the permissions ", "Accepteer de machtigingen die ")) (app) (l.pick(" asks for: ", " vraagt: ")) @for s in scopes { code { (s) } " " } }
            li { (l.pick("You come back here and linkwatch checks the mailbox at once.", "U komt hier terug en linkwatch controleert de mailbox meteen.")) }
        }
        form method="post" action=(crate::key::paths::mailbox_sub(mailbox_id, "relink")) {
            (csrf(ctx))
            button type="submit" { (l.pick("Continue to Microsoft", "Verder naar Microsoft")) }
        }
    };
    page(ctx, l.pick("Re-link", "Opnieuw koppelen"), body)
}

/// What went wrong, why, and how to try again.
pub struct Problem {
    /// Heading.
    pub title: String,
    /// What happened.
    pub detail: String,
    /// The steps that fix it.
    pub steps: Vec<String>,
    /// Links: (label, URL).
    pub links: Vec<(String, String)>,
    /// Where to try again.
    pub retry: Option<String>,
}

/// A problem page of the flow.
pub fn problem(ctx: &Ctx, p: &Problem) -> Markup {
    let l = ctx.lang;
    let body = html! {
        h1 { (p.title) }
        p class="error" role="alert" { (p.detail) }
        @if !p.steps.is_empty() { h2 { (l.pick("What to do", "Wat te doen")) } ol { @for s in &p.steps { li { (s) } } } }
        @for (label, url) in &p.links { p { a href=(url) rel="noopener noreferrer" { (label) } } }
        @if let Some(r) = &p.retry { p { a class="button" href=(r) { (l.pick("Try again", "Opnieuw proberen")) } } }
    };
    page(ctx, &p.title, body)
}

/// Explains an error the identity platform sent to the redirect URI.
pub fn callback_error(
    l: Lang,
    error: &str,
    description: &str,
    client_id: &str,
    redirect_uri: &str,
    admin_consent: &str,
) -> Problem {
    let code = description.split("AADSTS").nth(1).and_then(|r| {
        r.chars()
            .take_while(|c| c.is_ascii_digit())
            .collect::<String>()
            .parse::<u32>()
            .ok()
    });
    let known = code.and_then(|c| explain::aadsts(c, l)).map(String::from);
    let (steps, links): (Vec<String>, Vec<(String, String)>) = match code {
        Some(50011) => (
            vec![format!("{} {redirect_uri}", l.pick("In the app registration's Authentication page, under Web, add the redirect URI exactly:", "Voeg in de pagina Verificatie van de app-registratie, onder Web, exact deze omleidings-URI toe:")), l.pick("Save, wait a minute, and try again.", "Sla op, wacht een minuut en probeer opnieuw.").to_string()],
            vec![(l.pick("Open Authentication in the Azure portal", "Verificatie openen in de Azure-portal").to_string(), explain::portal_url(Blade::Authentication, client_id, None))],
        ),
        Some(65004) => (vec![l.pick("Try again and choose Accept on Microsoft's permissions page: without consent the application cannot reach the mailbox.", "Probeer opnieuw en kies Accepteren op de machtigingenpagina van Microsoft: zonder toestemming kan de applicatie niet bij de mailbox.").to_string()], vec![]),
        Some(90094) | Some(65001) => (
            vec![l.pick("An administrator must grant consent for the whole organisation once, then the mailbox can be linked.", "Een beheerder moet eenmalig toestemming geven voor de hele organisatie; daarna kan de mailbox gekoppeld worden.").to_string()],
            vec![(l.pick("Grant admin consent (as an administrator)", "Beheerderstoestemming geven (als beheerder)").to_string(), admin_consent.to_string())],
        ),
        Some(50058) | None if error == "access_denied" => (vec![l.pick("The sign-in was cancelled. Try again when you have the mailbox's password at hand.", "De aanmelding is geannuleerd. Probeer opnieuw als u het wachtwoord van de mailbox bij de hand hebt.").to_string()], vec![]),
        _ => (vec![], vec![]),
    };
    Problem {
        title: l
            .pick(
                "Microsoft did not link the mailbox",
                "Microsoft heeft de mailbox niet gekoppeld",
            )
            .to_string(),
        detail: format!(
            "{}{}",
            known.map(|k| format!("{k} ")).unwrap_or_default(),
            description.lines().next().unwrap_or(error)
        ),
        steps,
        links,
        retry: None,
    }
}
