//! What a finding says it saw, in the reader's language. The checks write one English sentence
//! per finding (the JSON contract's `message`, kept as it is in the store and the API); the
//! dashboard reads it back through the templates below: linkwatch's own words are translated,
//! values are kept, and the parts that quote Microsoft (AADSTS descriptions, Graph's error
//! messages) are kept word for word and marked as English. Pure.

use crate::explain::Lang;

/// One piece of a sentence as shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// linkwatch's words (translated) or a value (a name, a date, a scope).
    Text(String),
    /// Microsoft's own words, quoted as they came (English).
    Microsoft(String),
}

/// Placeholders: `{}` a value kept as it is, `{t}` a phrase translated by these same
/// templates, `{ms}` Microsoft's words. Most specific first: the first that fits is used.
const TEMPLATES: &[(&str, &str)] = &[
    // Findings of app registrations.
    ("no client secret is stored for this app registration, so it cannot be checked", "er is geen clientgeheim opgeslagen voor deze app-registratie, dus die kan niet worden gecontroleerd"),
    ("{t} may not read the application ({ms}); expiry dates and permissions were not checked", "{t} mag de applicatie niet lezen ({ms}); vervaldatums en machtigingen zijn niet gecontroleerd"),
    ("the tenant's monitor credential", "de monitor-app van de tenant"),
    ("the app's own credential (no monitor credential is configured)", "de eigen referentie van de app (er is geen monitor-app ingesteld)"),
    ("the application was not found in the directory", "de applicatie is niet gevonden in de directory"),
    ("the directory credential may not read {}; those checks were skipped", "de referentie voor de directory mag {} niet lezen; die controles zijn overgeslagen"),
    ("the stored secret ({}…) matches no secret on the app registration (secrets there start with: {t})", "het opgeslagen geheim ({}…) komt met geen enkel geheim van de app-registratie overeen (die beginnen met: {t})"),
    ("none", "geen"),
    ("the app registration's API permissions lack {}", "de API-machtigingen van de app-registratie missen {}"),
    ("{t} expired on {}", "{t} is verlopen op {}"),
    ("{t} expires on {} ({} days left)", "{t} verloopt op {} (nog {} dagen)"),
    ("the client secret (expiry entered by hand)", "het clientgeheim (vervaldatum met de hand ingevuld)"),
    ("the client secret in use ({}…)", "het gebruikte clientgeheim ({}…)"),
    ("the client secret in use {} ({}…)", "het gebruikte clientgeheim {} ({}…)"),
    ("the client secret that lasts longest ({}…; linkwatch does not hold the app's secret)", "het clientgeheim dat het langst geldig is ({}…; linkwatch heeft het geheim van de app niet)"),
    ("the certificate {}", "het certificaat {}"),
    // Findings of mailboxes.
    ("mail stops for this mailbox: {t} (on the app registration)", "de mail stopt voor deze mailbox: {t} (bij de app-registratie)"),
    ("linkwatch has no link to this mailbox yet, so only directory signals are checked; link it to watch the grant", "linkwatch heeft nog geen koppeling met deze mailbox, dus alleen de directory wordt gecontroleerd; koppel hem om de toestemming te bewaken"),
    ("the link was made by {}, not by this mailbox's account ({}); re-link while signed in as the mailbox", "de koppeling is gemaakt door {}, niet door het account van deze mailbox ({}); koppel opnieuw terwijl u bent aangemeld als de mailbox"),
    ("the link's token lacks {}", "het token van de koppeling mist {}"),
    ("Graph cannot reach the mailbox: {}: {ms}", "Graph kan de mailbox niet bereiken: {}: {ms}"),
    ("the mailbox account is disabled in the directory (accountEnabled: false)", "het mailboxaccount is uitgeschakeld in de directory (accountEnabled: false)"),
    ("the mailbox account was not found in the directory (deleted?)", "het mailboxaccount is niet gevonden in de directory (verwijderd?)"),
    ("no delegated grant for this account covers {}", "geen gedelegeerde toestemming voor dit account dekt {}"),
    // The application's own sign-ins.
    ("{}'s own sign-ins {t} fail since {} ({} failed, latest AADSTS{} at {}){t}", "de eigen aanmeldingen van {} {t} mislukken sinds {} ({} mislukt, laatste AADSTS{} om {}){t}"),
    ("for this mailbox", "voor deze mailbox"),
    ("as itself (client credentials)", "als zichzelf (clientreferenties)"),
    ("; its last success was {}", "; de laatste gelukte was {}"),
    ("; no success in the sign-in log", "; geen gelukte in het aanmeldlogboek"),
    ("{} has not signed in for this mailbox since {}; its refresh token dies of inactivity on {}", "{} heeft zich voor deze mailbox niet meer aangemeld sinds {}; het vernieuwingstoken vervalt door inactiviteit op {}"),
    ("{} has not signed in for this mailbox in the sign-in log since {}", "{} heeft zich voor deze mailbox niet aangemeld volgens het aanmeldlogboek sinds {}"),
    ("the application's own sign-ins cannot be read: grant the monitor app AuditLog.Read.All and Directory.Read.All ({ms})", "de eigen aanmeldingen van de applicatie zijn niet te lezen: geef de monitor-app AuditLog.Read.All en Directory.Read.All ({ms})"),
    ("Still to do in {}: {t} ({t} on {} by {}; {t})", "Nog te doen in {}: {t} ({t} op {} door {}; {t})"),
    ("the secret was rotated in linkwatch", "het geheim is vervangen in linkwatch"),
    ("the mailbox was re-linked in linkwatch", "de mailbox is opnieuw gekoppeld in linkwatch"),
    ("this closes when {}'s own sign-ins succeed, or when an operator confirms it", "dit sluit zodra de eigen aanmeldingen van {} lukken, of zodra een operator het bevestigt"),
    ("this tenant's sign-in log cannot be read, so an operator confirms it once done", "het aanmeldlogboek van deze tenant is niet te lezen, dus een operator bevestigt het als het klaar is"),
    ("connect {} again in {t}", "koppel {} opnieuw in {t}"),
    ("paste the new secret's value in {t}", "plak de waarde van het nieuwe geheim in {t}"),
    ("Econobis → Settings → Mailboxes", "Econobis → Instellingen → Mailboxen"),
    ("ImageCapture → Settings → E-mail → Microsoft 365", "ImageCapture → Instellingen → E-mail → Microsoft 365"),
    ("{}'s mail settings", "de mailinstellingen van {}"),
    // Reading the tenant's app management policies (the rotation wizard).
    ("the tenant has no monitor credential", "de tenant heeft geen monitor-app"),
    ("the monitor credential could not get a token: {t}", "de monitor-app kreeg geen token: {t}"),
    ("the monitor app may not read app management policies (Policy.Read.All)", "de monitor-app mag het beleid voor app-beheer niet lezen (Policy.Read.All)"),
    // How a directory read went (app pages).
    ("failed: {t}", "mislukt: {t}"),
    ("denied: {t}", "geweigerd: {t}"),
    ("not tried: {t}", "niet geprobeerd: {t}"),
    // Checks that could not run.
    ("{t} did not complete: Microsoft's sign-in service was temporarily unavailable ({ms})", "{t} is niet gelukt: de aanmelddienst van Microsoft was tijdelijk niet beschikbaar ({ms})"),
    ("{t} did not complete: {t}", "{t} is niet gelukt: {t}"),
    ("reading the mailbox", "het lezen van de mailbox"),
    ("reading the mailbox account", "het lezen van het mailboxaccount"),
    ("reading the application from the directory", "het lezen van de applicatie uit de directory"),
    ("the token request with the app's secret", "de tokenaanvraag met het geheim van de app"),
    ("token request refused: {ms}", "tokenaanvraag geweigerd: {ms}"),
    ("Graph answered {} {}: {ms}", "Graph antwoordde {} {}: {ms}"),
    ("Graph answered {}: {ms}", "Graph antwoordde {}: {ms}"),
    ("no reply within {}", "geen antwoord binnen {}"),
    ("network error: {ms}", "netwerkfout: {ms}"),
];

/// `message` as a reader of `lang` reads it.
pub fn seen(message: &str, lang: Lang) -> Vec<Part> {
    // A message that is Microsoft's answer itself.
    if message.starts_with("AADSTS") {
        return vec![Part::Microsoft(message.to_string())];
    }
    // Every phrase known, else the first template that fits (unknown phrases kept).
    if let Some(parts) = translate(message, lang, true).or_else(|| translate(message, lang, false))
    {
        return merge(parts);
    }
    vec![Part::Text(message.to_string())]
}

/// The plain text of [`seen`], Microsoft's words included.
pub fn seen_text(message: &str, lang: Lang) -> String {
    seen(message, lang)
        .into_iter()
        .map(|p| match p {
            Part::Text(t) | Part::Microsoft(t) => t,
        })
        .collect()
}

/// `strict`: only when every `{t}` phrase is known too.
fn translate(message: &str, lang: Lang, strict: bool) -> Option<Vec<Part>> {
    if message.starts_with("AADSTS") {
        return Some(vec![Part::Microsoft(message.to_string())]);
    }
    TEMPLATES.iter().find_map(|(en, nl)| {
        let values = fit(en, message)?;
        let target = match lang {
            Lang::En => en,
            Lang::Nl => nl,
        };
        fill(target, &values, lang, strict)
    })
}

/// A template's pieces: literal text, and placeholders (`""`, `"t"`, `"ms"`).
fn pieces(template: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        if open > 0 {
            out.push((false, &rest[..open]));
        }
        out.push((true, &rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        out.push((false, rest));
    }
    out
}

/// The values of `message` for the placeholders of `template`, when it fits.
fn fit<'a>(template: &str, message: &'a str) -> Option<Vec<&'a str>> {
    let p = pieces(template);
    let mut values = Vec::new();
    let mut at = 0;
    let mut i = 0;
    while i < p.len() {
        let (hole, text) = p[i];
        if !hole {
            if !message[at..].starts_with(text) {
                return None;
            }
            at += text.len();
            i += 1;
            continue;
        }
        // A placeholder runs to the next literal (the last one to the end).
        match p.get(i + 1) {
            None => {
                values.push(&message[at..]);
                at = message.len();
            }
            Some((_, next)) if i + 2 == p.len() => {
                // The last literal ends the message.
                let end = message.len().checked_sub(next.len())?;
                if end < at || !message.ends_with(next) {
                    return None;
                }
                values.push(&message[at..end]);
                at = end;
            }
            Some((_, next)) => {
                let found = message[at..].find(next)?;
                values.push(&message[at..at + found]);
                at += found;
            }
        }
        i += 1;
    }
    (at == message.len() && values.iter().all(|v| !v.is_empty())).then_some(values)
}

fn fill(template: &str, values: &[&str], lang: Lang, strict: bool) -> Option<Vec<Part>> {
    let mut out = Vec::new();
    let mut n = 0;
    for (hole, text) in pieces(template) {
        if !hole {
            out.push(Part::Text(text.to_string()));
            continue;
        }
        let v = values.get(n).copied().unwrap_or("");
        n += 1;
        match text {
            "ms" => out.push(Part::Microsoft(v.to_string())),
            "t" => match translate(v, lang, strict) {
                Some(parts) => out.extend(parts),
                None if strict => return None,
                None => out.push(Part::Text(v.to_string())),
            },
            _ => out.push(Part::Text(v.to_string())),
        }
    }
    Some(out)
}

/// Joins neighbouring pieces of the same kind.
fn merge(parts: Vec<Part>) -> Vec<Part> {
    let mut out: Vec<Part> = Vec::new();
    for p in parts {
        match (out.last_mut(), p) {
            (Some(Part::Text(a)), Part::Text(b)) => a.push_str(&b),
            (Some(Part::Microsoft(a)), Part::Microsoft(b)) => a.push_str(&b),
            (_, p) => out.push(p),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nl(m: &str) -> String {
        seen_text(m, Lang::Nl)
    }

    #[test]
    fn linkwatchs_own_sentences_read_in_dutch_with_their_values_kept() {
        assert_eq!(
            nl("the link's token lacks Mail.Send.Shared"),
            "het token van de koppeling mist Mail.Send.Shared"
        );
        assert_eq!(
            nl("the client secret in use \"imagecapture\" (Img…) expires on 2026-12-13 (12 days left)"),
            "het gebruikte clientgeheim \"imagecapture\" (Img…) verloopt op 2026-12-13 (nog 12 dagen)"
        );
        assert_eq!(
            nl("mail stops for this mailbox: the client secret in use (Hlp…) expired on 2026-11-28 (on the app registration)"),
            "de mail stopt voor deze mailbox: het gebruikte clientgeheim (Hlp…) is verlopen op 2026-11-28 (bij de app-registratie)"
        );
        assert_eq!(
            nl("Still to do in Econobis: connect info@contoso.nl again in Econobis → Settings → Mailboxes (the mailbox was re-linked in linkwatch on 2026-12-01 10:00 UTC by alice; this closes when Econobis's own sign-ins succeed, or when an operator confirms it)"),
            "Nog te doen in Econobis: koppel info@contoso.nl opnieuw in Econobis → Instellingen → Mailboxen (de mailbox is opnieuw gekoppeld in linkwatch op 2026-12-01 10:00 UTC door alice; dit sluit zodra de eigen aanmeldingen van Econobis lukken, of zodra een operator het bevestigt)"
        );
    }

    #[test]
    fn microsofts_words_are_kept_and_marked() {
        let parts = seen(
            "Graph cannot reach the mailbox: MailboxNotEnabledForRESTAPI: The mailbox is either inactive, soft-deleted, or is hosted on-premise.",
            Lang::Nl,
        );
        assert_eq!(
            parts,
            vec![
                Part::Text(
                    "Graph kan de mailbox niet bereiken: MailboxNotEnabledForRESTAPI: ".into()
                ),
                Part::Microsoft(
                    "The mailbox is either inactive, soft-deleted, or is hosted on-premise.".into()
                ),
            ]
        );
        assert_eq!(
            seen(
                "AADSTS7000222: The provided client secret keys are expired.",
                Lang::Nl
            ),
            vec![Part::Microsoft(
                "AADSTS7000222: The provided client secret keys are expired.".into()
            )]
        );
        // Unknown sentences stay as they are (and a test of the pages finds them).
        assert_eq!(nl("something new"), "something new");
        // English readers read the message as it was written.
        assert_eq!(
            seen_text("the link's token lacks Mail.Read", Lang::En),
            "the link's token lacks Mail.Read"
        );
    }
}
