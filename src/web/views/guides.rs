//! The secret rotation wizard and the runbooks of the consuming applications, with the real
//! values filled in, in English and Dutch (from the procedures in shared/seeds).

use super::layout::{csrf, page};
use crate::explain::{portal_url, Blade, Lang};
use crate::observed::policies::SecretRules;
use crate::store::{AppDetail, MailboxDetail};
use crate::targets::ConsumerKind;
use crate::web::auth::Ctx;
use chrono::{DateTime, Utc};
use maud::{html, Markup};

/// The rotation wizard's first page (and the form again with an error).
pub fn rotate_form(
    ctx: &Ctx,
    a: &AppDetail,
    error: Option<(&str, Option<u32>)>,
    recommended: DateTime<Utc>,
    simulated_portal: Option<&str>,
    rules: Option<&Result<SecretRules, String>>,
) -> Markup {
    let l = ctx.lang;
    let body = html! {
        p class="crumbs" { a href=(crate::key::paths::app(a.id)) { (a.name) } }
        h1 { (l.pick("Rotate the client secret of ", "Clientgeheim vervangen van ")) (a.name) }
        @match rules {
            Some(Ok(r)) if r.blocked => div class="finding critical" role="alert" {
                p { strong { (l.pick("New client secrets are blocked for this app", "Nieuwe clientgeheimen zijn voor deze app geblokkeerd")) } " (" (r.by.as_deref().unwrap_or("")) ")." }
                p { (l.pick("The portal will refuse a new secret. Use a certificate instead: Certificates & secrets → Certificates → Upload certificate, and give the application its private key (if it supports certificates); or ask whoever manages the policy for an exception for this app.", "De portal zal een nieuw geheim weigeren. Gebruik een certificaat: Certificaten en geheimen → Certificaten → Certificaat uploaden, en geef de applicatie de privésleutel (als die certificaten ondersteunt); of vraag de beheerder van het beleid om een uitzondering voor deze app.")) }
            },
            Some(Ok(r)) if r.max_days.is_some() => p class="notice" role="status" {
                (l.pick("New client secrets may last at most ", "Nieuwe clientgeheimen mogen hoogstens "))
                (r.max_days.unwrap_or_default()) (l.pick(" days here", " dagen geldig zijn")) " (" (r.by.as_deref().unwrap_or("")) "). "
                (l.pick("The expiry below keeps within it.", "De vervaldatum hieronder blijft daarbinnen."))
            },
            Some(Err(why)) => p class="muted small" { (l.pick("linkwatch could not read the tenant's app management policies (", "linkwatch kon het beleid voor app-beheer van de tenant niet lezen (")) (super::parts::said(why, l)) (l.pick("); the portal says so if a new secret is not allowed.", "); de portal meldt het als een nieuw geheim niet is toegestaan.")) },
            _ => {}
        }
        @if let Some((msg, code)) = error {
            div class="error" role="alert" {
                p { strong { (l.pick("Microsoft refused this secret; nothing was saved.", "Microsoft weigerde dit geheim; er is niets opgeslagen.")) } }
                p { (msg) }
                @if let Some(c) = code { @if let Some(t) = crate::explain::aadsts(c, l) { p { "AADSTS" (c) ": " (t) } } }
                @if code == Some(7000215) { p { (l.pick("Did you paste the secret's ID instead of its Value? Copy the Value column.", "Hebt u de ID geplakt in plaats van de waarde? Kopieer de kolom Waarde.")) } }
            }
        }
        ol class="steps" {
            li {
                a href=(portal_url(Blade::Credentials, &a.client_id, None)) rel="noopener noreferrer" target="_blank" { (l.pick("Open Certificates & secrets in the Azure portal", "Open Certificaten en geheimen in de Azure-portal")) " ↗" }
                @if let Some(base) = simulated_portal {
                    br; (l.pick("In this demo Microsoft is simulated: ", "In deze demo is Microsoft gesimuleerd: "))
                    a href=(format!("{base}/{}/portal/apps/{}/secrets", a.tenant_id, a.client_id)) { (l.pick("its Certificates & secrets page", "de pagina Certificaten en geheimen daarvan")) }
                }
            }
            li { (l.pick("Choose New client secret. Description: ", "Kies Nieuw clientgeheim. Beschrijving: ")) code { "linkwatch " (Utc::now().format("%Y-%m")) } (l.pick(". Expires: 180 days (the portal's recommendation; 24 months at most) or what the policy allows, that is ", ". Verloopt: 180 dagen (aanbevolen door de portal; hooguit 24 maanden) of wat het beleid toestaat, dus ")) (ctx.clock().date(recommended)) "." }
            li { (l.pick("Copy the Value (not the Secret ID) at once: it is shown only this once.", "Kopieer meteen de Waarde (niet de geheim-ID): die wordt maar één keer getoond.")) }
            li { (l.pick("Paste it here. linkwatch tries it with Microsoft before saving anything.", "Plak hem hier. linkwatch probeert hem bij Microsoft voordat er iets wordt opgeslagen.")) }
        }
        form method="post" action=(crate::key::paths::app_sub(a.id, "rotate")) class="stack" {
            (csrf(ctx))
            label for="secret" { (l.pick("New client secret (Value)", "Nieuw clientgeheim (Waarde)")) input id="secret" name="secret" type="password" autocomplete="off" required; }
            label for="expires" { (l.pick("Expires (as shown in the portal)", "Verloopt (zoals in de portal)")) input id="expires" name="expires" type="date"; span class="help" { (l.pick("Optional when linkwatch may read the directory: then it reads the date itself.", "Optioneel als linkwatch de directory mag lezen: dan leest het de datum zelf.")) } }
            button type="submit" { (l.pick("Test and save", "Testen en opslaan")) }
        }
    };
    page(
        ctx,
        l.pick("Rotate the client secret", "Clientgeheim vervangen"),
        body,
    )
}

/// After a secret was accepted: where it must go now.
pub fn rotate_done(
    ctx: &Ctx,
    a: &AppDetail,
    mailboxes: &[MailboxDetail],
    saved: bool,
    expires: Option<DateTime<Utc>>,
    old_hint: Option<&str>,
    secret_uses: &Markup,
) -> Markup {
    let l = ctx.lang;
    let body = html! {
        h1 { (l.pick("The new secret works", "Het nieuwe geheim werkt")) }
        @if saved {
            p class="notice ok" role="status" { (l.pick("Microsoft accepted it and linkwatch saved it (encrypted). ", "Microsoft accepteerde het en linkwatch heeft het (versleuteld) opgeslagen. ")) @if let Some(e) = expires { (l.pick("It expires on ", "Het verloopt op ")) (ctx.clock().datetime(e)) "." } }
        } @else {
            p class="notice ok" role="status" { (l.pick("Microsoft accepted it. This app registration is declared in linkwatch's config file: put the new value in its client_secret_env variable (or client_secret) and restart linkwatch.", "Microsoft accepteerde het. Deze app-registratie staat in het configuratiebestand van linkwatch: zet de nieuwe waarde in de variabele van client_secret_env (of client_secret) en herstart linkwatch.")) }
        }
        p { strong { (l.pick("The Azure portal shows the secret's value only once: keep it until the application has it, then let it go.", "De Azure-portal toont de waarde van het geheim maar één keer: bewaar haar tot de applicatie haar heeft, en gooi haar daarna weg.")) } }
        h2 { (l.pick("Checklist", "Checklist")) }
        ol class="steps" {
            li { (consumer_step(a, l)) }
            @if !mailboxes.is_empty() {
                li {
                    @if a.consumer_kind == ConsumerKind::Econobis {
                        (l.pick("Econobis stores the secret per mailbox; every mailbox of this installation shares it. Update it in each:", "Econobis bewaart het geheim per mailbox; alle mailboxen van deze installatie delen het. Werk het bij in elk:"))
                    } @else {
                        (l.pick("These mailboxes are linked through this app registration; check each once the application has the new secret:", "Deze mailboxen zijn via deze app-registratie gekoppeld; controleer elk zodra de applicatie het nieuwe geheim heeft:"))
                    }
                    ul { @for m in mailboxes { li { a href=(crate::key::paths::mailbox(m.id)) { (m.address) } } } }
                }
            }
            @if a.consumer_kind == ConsumerKind::ImageCapture { li { (l.pick("ImageCapture holds one client secret per account: replace it in each account's Microsoft Graph email settings.", "ImageCapture bewaart één clientgeheim per account: vervang het in de Microsoft Graph-mailinstellingen van elk account.")) } }
            li { (l.pick("Wait for the next check (or use Check now) and confirm every mailbox stays green.", "Wacht de volgende controle af (of gebruik Nu controleren) en kijk of alle mailboxen groen blijven.")) }
            li { (l.pick("Then delete the old secret in Certificates & secrets", "Verwijder daarna het oude geheim in Certificaten en geheimen")) @if let Some(h) = old_hint { " (" (l.pick("it starts with ", "het begint met ")) code { (h) "…" } ")" } ". " a href=(portal_url(Blade::Credentials, &a.client_id, None)) rel="noopener noreferrer" target="_blank" { (l.pick("Open", "Openen")) " ↗" } }
        }
        (secret_uses)
        p id="still-to-do" { strong { (l.pick("Still to do in ", "Nog te doen in ")) (a.name) ": " } (l.pick("the problem stays open until ", "het probleem blijft open tot ")) (a.name) (l.pick(" itself signs in with the new secret, or until you confirm it on the app registration's page.", " zich zelf met het nieuwe geheim aanmeldt, of tot u het bevestigt op de pagina van de app-registratie.")) }
        div class="actions" {
            @if ctx.can(crate::accounts::Role::Operator) {
                form method="post" action=(crate::key::paths::app_sub(a.id, "check")) class="inline" { (super::layout::csrf(ctx)) button type="submit" { (l.pick("Check now", "Nu controleren")) } }
            }
            a class="button" href=(crate::key::paths::app(a.id)) { (l.pick("Back to ", "Terug naar ")) (a.name) }
        }
    };
    page(
        ctx,
        l.pick("The new secret works", "Het nieuwe geheim werkt"),
        body,
    )
}

fn consumer_step(a: &AppDetail, l: Lang) -> Markup {
    // The application by its name (the consumer's, else the app registration's), never by
    // its kind ("generic").
    let name = a.consumer_name.clone().unwrap_or_else(|| a.name.clone());
    html! {
        (l.pick("Enter the new secret in ", "Vul het nieuwe geheim in bij "))
        @match &a.consumer_url { Some(u) => a href=(u) rel="noopener noreferrer" { (name) }, None => (name) }
        (l.pick(" (the application that uses this app registration).", " (de applicatie die deze app-registratie gebruikt)."))
    }
}

/// The runbook of the consuming application, with this app registration's values.
pub fn runbook(
    ctx: &Ctx,
    a: &AppDetail,
    mailboxes: &[MailboxDetail],
    redirect_uri: &str,
) -> Markup {
    let l = ctx.lang;
    let values = html! {
        dl class="facts" {
            dt { (l.pick("Tenant ID", "Tenant-ID")) } dd { code { (a.tenant_id) } }
            dt { (l.pick("Client ID", "Client-ID")) } dd { code { (a.client_id) } }
            dt { (l.pick("Client secret", "Clientgeheim")) } dd { @match &a.secret_hint { Some(h) => { code { (h) "…" } " " span class="muted" { (l.pick("(the full value is in your password manager; linkwatch never shows it)", "(de volledige waarde staat in uw wachtwoordkluis; linkwatch toont hem nooit)")) } }, None => "—" } }
            @if let Some(u) = &a.consumer_url { dt { (l.pick("Application", "Applicatie")) } dd { a href=(u) rel="noopener noreferrer" { (u) } } }
        }
        table { thead { tr { th { (l.pick("Mailbox", "Mailbox")) } th { (l.pick("Object ID", "Object-ID")) } th {} } }
            tbody { @for m in mailboxes { tr { td { (m.address) } td { code { (m.object_id) } } td { a href=(crate::key::paths::mailbox_sub(m.id, "relink")) { (l.pick("Re-link in linkwatch", "Opnieuw koppelen in linkwatch")) } } } } }
        }
    };
    let steps: Vec<String> = match a.consumer_kind {
        ConsumerKind::Econobis => vec![
            l.pick("Open Econobis in Microsoft Edge (any browser works if you sign out of Microsoft first).", "Open Econobis in Microsoft Edge (elke browser werkt als u eerst afmeldt bij Microsoft).").into(),
            l.pick("Sign in to Econobis with your own Econobis account; go to Settings › Mailboxes and open the mailbox.", "Meld u aan in Econobis met uw eigen Econobis-account; ga naar Instellingen › Mailboxen en open de mailbox.").into(),
            l.pick("Set \"incoming email type\" to Microsoft API (if it is not already).", "Zet \"inkomende email type\" op Microsoft API (als dat nog niet zo is).").into(),
            l.pick("Under \"Microsoft Azure API settings\" fill in the values above: client ID, tenant ID and client secret are the same for every mailbox; the object ID differs per mailbox.", "Vul bij \"Microsoft Azure API instellingen\" de waarden hierboven in: client-ID, tenant-ID en clientgeheim zijn voor elke mailbox gelijk; de object-ID verschilt per mailbox.").into(),
            l.pick("Save. Microsoft's sign-in page opens: sign in with the mailbox's own address and password, not your own account.", "Sla op. De aanmeldpagina van Microsoft opent: meld u aan met het eigen adres en wachtwoord van de mailbox, niet met uw eigen account.").into(),
            l.pick("Before the next mailbox, sign out of Microsoft (or close the private window): a session that is still signed in links the wrong account. linkwatch shows identity_mismatch when that happened.", "Meld u vóór de volgende mailbox af bij Microsoft (of sluit het privévenster): een sessie die nog is aangemeld koppelt het verkeerde account. linkwatch toont identity_mismatch als dat gebeurde.").into(),
        ],
        ConsumerKind::ImageCapture => vec![
            l.pick("The app registration is single tenant, with a Web redirect URI (ImageCapture's own, from its setup guide).", "De app-registratie is single tenant, met een Web-omleidings-URI (die van ImageCapture zelf, uit de installatiehandleiding).").into(),
            l.pick("API permissions: Microsoft Graph, delegated, Mail.ReadWrite.Shared (to fetch mail) and Mail.Send.Shared (to send).", "API-machtigingen: Microsoft Graph, gedelegeerd, Mail.ReadWrite.Shared (mail ophalen) en Mail.Send.Shared (mail versturen).").into(),
            l.pick("In ImageCapture, replace the Microsoft Exchange email account by a Microsoft Graph email account with the values above.", "Vervang in ImageCapture het Microsoft Exchange-mailaccount door een Microsoft Graph-mailaccount met de waarden hierboven.").into(),
            l.pick("ImageCapture holds one client secret per account: after a rotation, update every account.", "ImageCapture bewaart één clientgeheim per account: werk na een vervanging elk account bij.").into(),
            l.pick("Secrets can no longer be set to \"Never\" expire (24 months at most): linkwatch warns before the date.", "Geheimen kunnen niet meer op \"Nooit\" verlopen staan (hooguit 24 maanden): linkwatch waarschuwt vóór de datum.").into(),
        ],
        ConsumerKind::Generic => vec![
            l.pick("In the application's mail settings, enter the tenant ID, client ID and client secret above.", "Vul in de mailinstellingen van de applicatie de tenant-ID, client-ID en het clientgeheim hierboven in.").into(),
            l.pick("Start its Microsoft sign-in and sign in as the mailbox's own account.", "Start de Microsoft-aanmelding en meld u aan met het eigen account van de mailbox.").into(),
            l.pick("Check the mailbox's page here afterwards: it must turn green.", "Kijk daarna op de pagina van de mailbox hier: die moet groen worden.").into(),
        ],
    };
    let body = html! {
        p class="crumbs" { a href=(crate::key::paths::app(a.id)) { (a.name) } }
        h1 { (l.pick("Runbook: ", "Draaiboek: ")) (crate::explain::consumer_word(a.consumer_kind, l)) " — " (a.name) }
        h2 { (l.pick("The values", "De waarden")) }
        (values)
        h2 { (l.pick("Steps", "Stappen")) }
        ol class="steps" { @for s in &steps { li { (s) } } }
        p class="hint" { (l.pick("linkwatch's own link uses this redirect URI (Web platform): ", "De eigen koppeling van linkwatch gebruikt deze omleidings-URI (platform Web): ")) code { (redirect_uri) } }
    };
    page(ctx, l.pick("Runbook", "Draaiboek"), body)
}
