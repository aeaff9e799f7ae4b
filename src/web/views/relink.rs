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
        h1 { (l.t("re-link-2")) (address) }
        ol class="steps" {
            li { (l.t("you-go-to-microsoft-s-sign")) }
            li { strong { (l.t("sign-in-as")) code { (address) } } (l.t("when-microsoft-shows-your-own-account")) " " (l.t("no-private-window-is-needed-linkwatch")) }
            li { (l.t("accept-the-permissions")) (app) (l.t("asks-for")) @for s in scopes { code { (s) } " " } }
            li { (l.t("you-come-back-here-and-linkwatch")) }
        }
        form method="post" action=(crate::key::paths::mailbox_sub(mailbox_id, "relink")) {
            (csrf(ctx))
            button type="submit" { (l.t("continue-to-microsoft")) }
        }
    };
    page(ctx, l.t("re-link"), body)
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
        @if !p.steps.is_empty() { h2 { (l.t("what-to-do")) } ol { @for s in &p.steps { li { (s) } } } }
        @for (label, url) in &p.links { p { a href=(url) rel="noopener noreferrer" { (label) } } }
        @if let Some(r) = &p.retry { p { a class="button" href=(r) { (l.t("try-again")) } } }
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
            vec![
                format!(
                    "{} {redirect_uri}",
                    l.t("in-the-app-registration-s-authentication")
                ),
                l.t("save-wait-a-minute-and-try").to_string(),
            ],
            vec![(
                l.t("open-authentication-in-the-azure-portal").to_string(),
                explain::portal_url(Blade::Authentication, client_id, None),
            )],
        ),
        Some(65004) => (
            vec![l.t("try-again-and-choose-accept-on").to_string()],
            vec![],
        ),
        Some(90094) | Some(65001) => (
            vec![l.t("an-administrator-must-grant-consent-for").to_string()],
            vec![(
                l.t("grant-admin-consent-as-an-administrator").to_string(),
                admin_consent.to_string(),
            )],
        ),
        Some(50058) | None if error == "access_denied" => (
            vec![l.t("the-sign-in-was-cancelled-try").to_string()],
            vec![],
        ),
        _ => (vec![], vec![]),
    };
    Problem {
        title: l.t("microsoft-did-not-link-the-mailbox").to_string(),
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
