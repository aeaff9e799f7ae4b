# linkwatch: de teksten van het dashboard en de meldingen, in het Nederlands (Project Fluent).
# `id = tekst`, gegroepeerd per bronbestand dat ze gebruikt. Laat {" "} (een spatie aan het
# begin of eind van een tekst) en {"{"} {"}"} (accolades) staan zoals ze zijn. Teksten met een
# getal kiezen hun woorden met de meervoudsregels van Fluent, aan het eind van het bestand.
# en.ftl bevat dezelfde id's.


## alerts/channel.rs
required = Verplicht.
is-not = is niet
is-not-a-mail-address = is geen mailadres
enter-at-least-one-recipient = Vul ten minste één ontvanger in.
is-not-an-http-s-url = is geen http(s)-URL
is-not-a-standard-webhooks-secret = is geen Standard Webhooks-geheim (whsec_ gevolgd door base64)
enter-both-the-user-name-and = Vul de gebruikersnaam en het wachtwoord allebei in, of geen van beide.
enter-the-value = Vul de waarde in.

## alerts/message.rs
ok = OK
warning = WAARSCHUWING
critical = KRITIEK
unknown = ONBEKEND
app-registration = App-registratie
mailbox = Mailbox
works-again = werkt weer
test-message = testbericht
recovered = HERSTELD
still = NOG STEEDS
tenant = Tenant
the-problem-is-gone-mail-works = {"\u000A"}Het probleem is opgelost: de mail werkt weer.{"\u000A"}
seen = Gezien
what-to-do = Wat te doen
mailboxes-that-fail-because-of-this = Mailboxen die hierdoor niet werken
open-in-linkwatch = Openen in linkwatch
the-problem-is-gone-mail-works-2 = Het probleem is opgelost: de mail werkt weer.
seen-2 = Gezien:{" "}
open-in-the-azure-portal = Openen in de Azure-portal
new-mail-app-in = Nieuwe mail-app in
not-watched = niet bewaakt
linkwatch-found-an-app-registration-with = linkwatch vond een app-registratie met Microsoft Graph-mailmachtigingen die het niet bewaakt:
if-mail-depends-on-it-watch = Als er mail van afhangt, bewaak hem dan (Ontdekken → Bewaken…), zodat linkwatch u waarschuwt wanneer het geheim verloopt of de koppeling breekt; zo niet, kies Niet bewaken.
application-id = toepassings-ID
problems-still-open = problemen staan nog open
still-open-today = Vandaag nog open:

## explain.rs
another-application = een andere applicatie
client-secret-expires-soon = Clientgeheim verloopt binnenkort
the-secret-or-certificate-this-application = Het geheim (of certificaat) waarmee deze applicatie zich aanmeldt werkt niet meer na de getoonde datum. Vanaf dan stopt de mail via deze app-registratie voor alle mailboxen.
open-the-app-registration-s-certificates = Open in de Azure-portal de pagina Certificaten en geheimen van de app-registratie.
add-a-new-client-secret-12 = Voeg een nieuw clientgeheim toe (Microsoft adviseert 12 maanden) en kopieer de waarde meteen: die wordt maar één keer getoond.
enter-the-new-value-in-every = Vul de nieuwe waarde in bij elke applicatie die deze app-registratie gebruikt, en in linkwatch.
delete-the-old-secret-once-everything = Verwijder het oude geheim zodra alles met het nieuwe werkt.
client-secret-has-expired = Clientgeheim is verlopen
microsoft-refuses-the-application-s-secret = Microsoft weigert het geheim van de applicatie omdat het verlopen is (AADSTS7000222). Er wordt geen mail gelezen of verstuurd via deze app-registratie tot er een nieuw geheim is ingevuld.
add-a-new-client-secret-and = Voeg een nieuw clientgeheim toe en kopieer de waarde (niet de ID).
enter-it-in-every-application-that = Vul het in bij elke applicatie die deze app-registratie gebruikt, en in linkwatch; controleer daarna opnieuw.
client-secret-is-not-accepted = Clientgeheim wordt niet geaccepteerd
the-stored-secret-matches-no-secret = Het opgeslagen geheim hoort bij geen enkel geheim van de app-registratie (AADSTS7000215): het is verwijderd of vervangen, of de ID is ingevuld in plaats van de waarde.
compare-the-first-three-characters-shown = Vergelijk de eerste drie tekens in de portal met die in linkwatch.
if-the-secret-was-replaced-enter = Is het geheim vervangen, vul dan de nieuwe waarde hier en in de applicaties in; voeg anders een nieuw geheim toe.
app-registration-not-found = App-registratie niet gevonden
microsoft-cannot-find-this-application-in = Microsoft vindt deze applicatie niet in de tenant, of ze is uitgeschakeld (AADSTS700016, 7000112), of de tenant zelf bestaat niet (AADSTS90002). Er werkt niets via deze app.
check-the-tenant-id-and-the = Controleer de tenant-ID en de applicatie-ID (client-ID) op typefouten.
in-entra-id-check-whether-the = Kijk in Entra ID of de app-registratie is verwijderd (Verwijderde toepassingen, 30 dagen herstelbaar) of is uitgeschakeld bij Bedrijfstoepassingen.
a-required-api-permission-is-missing = Een vereiste API-machtiging ontbreekt
the-app-registration-no-longer-lists = De app-registratie bevat een Microsoft Graph-machtiging niet meer die de mailkoppeling nodig heeft. Nieuwe aanmeldingen kunnen die niet toekennen en bestaande koppelingen verliezen haar bij vernieuwen.
open-api-permissions-choose-add-a = Open API-machtigingen, kies Een machtiging toevoegen, Microsoft Graph, Gedelegeerde machtigingen, en voeg de ontbrekende toe.
choose-grant-admin-consent-then-re = Kies Beheerderstoestemming verlenen en koppel daarna de mailboxen opnieuw als hun meldingen daarom vragen.
permission-not-granted-for-this-mailbox = Toestemming ontbreekt voor deze mailbox
the-mailbox-s-account-has-not = Het account van de mailbox heeft niet ingestemd met alle machtigingen die de applicatie nodig heeft (AADSTS65001), of de toestemming is ingetrokken. Mailfuncties die de ontbrekende machtiging nodig hebben mislukken.
grant-admin-consent-for-the-app = Verleen beheerderstoestemming voor de app-registratie (API-machtigingen, Beheerderstoestemming verlenen), of
re-link-the-mailbox-while-signed = koppel de mailbox opnieuw terwijl u bent aangemeld als de mailbox, en accepteer de machtigingen.
mailbox-link-no-longer-works = Mailboxkoppeling werkt niet meer
the-mailbox-s-sign-in-grant = De aanmeldtoestemming van de mailbox is ingetrokken of verlopen (bijvoorbeeld na een wachtwoordwijziging, AADSTS50173, of na 90 dagen zonder gebruik, AADSTS700082). De applicatie kan de mail van deze mailbox niet meer lezen of versturen.
re-link-the-mailbox-sign-in = Koppel de mailbox opnieuw: meld u aan met het account van de mailbox als daarom gevraagd wordt.
re-link-it-in-the-consuming = Koppel hem ook opnieuw in de applicatie die hem gebruikt (bij de mailinstellingen).
the-account-must-sign-in-again = Het account moet zich opnieuw aanmelden
microsoft-demands-an-interactive-sign-in = Microsoft eist een interactieve aanmelding: meervoudige verificatie, een beleid voor voorwaardelijke toegang, een beheerd apparaat of een nieuw wachtwoord (AADSTS50076, 50079, 53003, 530003, 50055). Tot die tijd werkt de koppeling niet.
re-link-the-mailbox-and-complete = Koppel de mailbox opnieuw en voltooi de aanmelding, met MFA, als het account van de mailbox.
if-this-keeps-returning-exclude-the = Komt dit steeds terug, sluit het serviceaccount dan uit van het beleid voor aanmeldfrequentie of gebruik een toegestane locatie.
the-mailbox-account-is-disabled = Het mailboxaccount is uitgeschakeld
the-account-behind-this-mailbox-is = Het account achter deze mailbox is uitgeschakeld of verwijderd in Entra ID (AADSTS50057, 50034). Geen enkele applicatie kan het gebruiken.
if-the-mailbox-is-still-needed = Is de mailbox nog nodig, schakel het account dan in (Gebruikers, het account, Eigenschappen bewerken, Account ingeschakeld).
if-it-is-not-remove-the = Zo niet, verwijder de mailbox dan uit de applicatie en uit linkwatch.
graph-cannot-reach-the-mailbox = Graph kan de mailbox niet bereiken
sign-in-works-but-microsoft-graph = Aanmelden lukt, maar Microsoft Graph weigert de mailbox of vindt hem niet (403, 404, MailboxNotEnabledForRESTAPI): hij is misschien inactief, voorlopig verwijderd, on-premises, zonder licentie, of niet gedeeld met het aangemelde account.
check-in-the-microsoft-365-admin = Controleer in het Microsoft 365-beheercentrum dat het account een Exchange Online-licentie en een actieve mailbox heeft.
for-a-shared-mailbox-check-that = Controleer bij een gedeelde mailbox dat het gekoppelde account er Volledige toegang toe heeft.
linked-with-the-wrong-account = Gekoppeld met het verkeerde account
the-link-was-made-while-signed = De koppeling is gemaakt terwijl een ander account dan dat van de mailbox was aangemeld. Mail zou worden gelezen of verstuurd als dat andere account.
re-link-the-mailbox-when-microsoft = Koppel de mailbox opnieuw. Kies (of typ) het eigen adres van de mailbox als Microsoft vraagt een account te kiezen.
mailbox-not-linked-yet = Mailbox nog niet gekoppeld
linkwatch-has-no-link-of-its = linkwatch heeft nog geen eigen koppeling met deze mailbox en kan dus alleen de directory controleren, niet of aanmelden en mailtoegang echt werken.
link-the-mailbox-from-its-page = Koppel de mailbox vanaf de pagina (aanmelden als de mailbox), of importeer een vernieuwingstoken met `linkwatch link import`.
directory-checks-were-skipped = Directorycontroles zijn overgeslagen
the-credential-linkwatch-uses-to-read = Het account waarmee linkwatch de directory leest mag de app-registratie, de toestemmingen of de accounts niet lezen, dus vervaldatums en machtigingen worden niet in Entra ID gecontroleerd.
give-the-tenant-s-monitor-app = Geef de monitor-app van de tenant de toepassingsmachtigingen Application.Read.All, DelegatedPermissionGrant.Read.All en User.Read.All, en verleen beheerderstoestemming.
or-enter-the-secret-s-expiry = Of vul de vervaldatum van het geheim met de hand in, zodat linkwatch toch op tijd waarschuwt.
the-check-could-not-run = De controle kon niet worden uitgevoerd
linkwatch-could-not-complete-this-check = linkwatch kon deze controle niet voltooien (netwerk, een storing bij Microsoft, beperking of een onleesbaar antwoord). De status is onbekend, niet gezond; de laatst bekende status staat ernaast.
wait-for-the-next-cycle-a = Wacht de volgende ronde af: één fout is vaak een hapering.
if-it-persists-read-the-detail = Blijft het, lees dan de details, controleer de netwerktoegang van linkwatch tot Microsoft en de servicestatus van Microsoft 365.
the-application-itself-cannot-sign-in = De applicatie zelf kan zich niet aanmelden
microsoft-s-sign-in-log-shows = Het aanmeldlogboek van Microsoft laat zien dat de eigen aanmeldingen van de bedrijfsapplicatie mislukken sinds het getoonde tijdstip, ook als de eigen koppeling van linkwatch werkt: de applicatie stuurt nog een oud geheim, of haar eigen koppeling voor deze mailbox is ingetrokken. Haar mail ligt stil.
read-the-aadsts-code-and-the = Lees de AADSTS-code en de oplossing eronder: die zegt wat er in de applicatie moet gebeuren.
after-the-fix-the-problem-closes = Na de oplossing sluit het probleem vanzelf zodra de volgende aanmelding van de applicatie lukt (meestal binnen haar pollinterval plus een paar minuten).
the-application-has-stopped-signing-in = De applicatie meldt zich niet meer aan
the-business-application-has-not-signed = De bedrijfsapplicatie heeft zich langer dan de inactiviteitsgrens niet aangemeld voor deze mailbox: het ophalen van mail is gestopt (een gestopte service of planner, een verwijderde mailbox). Haar vernieuwingstoken vervalt 90 dagen na de laatste aanmelding door inactiviteit (AADSTS700082).
check-that-the-application-s-mail = Controleer of de maildienst of geplande taak van de applicatie draait.
if-the-mailbox-is-no-longer = Wordt de mailbox niet meer gebruikt, stop dan met bewaken in linkwatch.
still-to-do-in-the-application = Nog te doen in de applicatie
linkwatch-s-part-of-the-fix = Het deel van de oplossing in linkwatch is gedaan (een nieuw geheim, een nieuwe koppeling), maar de bedrijfsapplicatie heeft zich sindsdien niet met succes aangemeld: zij heeft de oplossing nog niet.
do-the-step-shown-in-the = Voer de getoonde stap uit in de applicatie (het draaiboek toont de schermen).
the-problem-closes-when-the-application = Het probleem sluit zodra de eigen aanmeldingen van de applicatie lukken, of wanneer een operator het hier bevestigt.

## input/mod.rs
enter-a-guid-or-a-domain = Vul een GUID of een domeinnaam in.
not-a-guid-a-guid-has = Geen GUID. Een GUID heeft 8-4-4-4-12 hexadecimale tekens.
not-a-mail-address-such-as = Geen mailadres zoals info@contoso.nl.
not-a-date-such-as-2027 = Geen datum zoals 2027-05-01.
not-a-web-address-such-as = Geen webadres zoals https://contoso.econobis.nl
scope-names-such-as-mail-send = Namen zoals Mail.Send.Shared, gescheiden door spaties.
choose-econobis-imagecapture-or-generic = Kies econobis, imagecapture of generic.
enter-a-name = Vul een naam in.
enter-the-secret-s-value = Vul de waarde van het geheim in.
enter-the-client-secret-s-value = Vul de waarde van het clientgeheim in.
enter-the-monitor-app-s-secret = Vul het geheim van de monitor-app in.
enter-the-monitor-app-s-client = Vul de client-ID van de monitor-app in bij het geheim.

## web/account.rs
current-password = Huidig wachtwoord
your-account = Uw account
name = Naam
role = Rol
change-your-password = Uw wachtwoord wijzigen
your-other-sessions-are-signed-out = Uw andere sessies worden afgemeld; deze blijft.
change-password = Wachtwoord wijzigen
time-zone = Tijdzone
show-times-in = Tijden tonen in
the-server-s-time-zone = De tijdzone van de server
now = Nu:{" "}
save-time-zone = Tijdzone opslaan
other-sessions = Andere sessies
you-are-signed-in-only-here = U bent alleen hier aangemeld.
signed-in-elsewhere-too = Ook elders aangemeld:{" "}
other-sessions-each-lasts-12-hours = andere sessies (elk geldt 12 uur).
sign-out-everywhere-else = Overal elders afmelden
you-can-read-every-page = u kunt elke pagina lezen.
you-can-read-check-now-re = u kunt lezen, nu controleren, opnieuw koppelen en meldingen dempen.
you-can-do-everything-including-managing = u kunt alles, ook doelen, gebruikers en instellingen beheren.
password-changed-your-other-sessions-were = Wachtwoord gewijzigd. Uw andere sessies zijn afgemeld.
time-zone-saved-times-are-shown = Tijdzone opgeslagen: tijden worden er op elke pagina in getoond.
your-other-sessions-were-signed-out = Uw andere sessies zijn afgemeld.
choose-a-time-zone-from-the = Kies een tijdzone uit de lijst.
too-many-wrong-passwords-wait-15 = Te vaak een verkeerd wachtwoord: wacht 15 minuten en probeer het opnieuw.
this-is-not-your-current-password = Dit is niet uw huidige wachtwoord.

## web/alerting.rs
test-message-sent-through = Testbericht verstuurd via
the-test-message-failed = Het testbericht is mislukt:
dead-letters-queued-again-and-tried = opgegeven berichten opnieuw in de wachtrij gezet en meteen geprobeerd; de lijst hieronder toont hoe elk ging.

## web/channels.rs
destination-is-internal = { $address } is een adres van deze machine of van het interne netwerk: meldingen die in het dashboard zijn ingesteld mogen daar niet heen. De beheerder van de server kan het toestaan in het configuratiebestand met [alerts] allow_private_destinations = true.
a-test-message-was-delivered-through = Er is een testbericht afgeleverd via{" "}
save-to-use-the-channel = . Sla op om het kanaal te gebruiken.
not-a-port-number = Geen poortnummer.
a-channel-of-the-config-file = Een kanaal uit het configuratiebestand heeft deze naam.

## web/connect.rs
enter-the-tenant-s-domain-such = Vul het domein van de tenant in (zoals contoso.onmicrosoft.com) of de tenant-ID.
microsoft-does-not-know-the-tenant = Microsoft kent de tenant { $tenant } niet (AADSTS90002). Typ het oorspronkelijke domein van de tenant (naam.onmicrosoft.com, te zien in het Entra-beheercentrum onder Overzicht) of de tenant-ID, een GUID.

## web/guides.rs
paste-the-secret-s-value = Plak de waarde van het geheim.
that-is-the-secret-id-a = Dat is de geheim-ID (een GUID), niet het geheim: kopieer de kolom Waarde (die is alleen direct na het toevoegen zichtbaar).
the-expiry-is-not-a-date = De vervaldatum is geen datum zoals 2027-05-01.

## web/manage/apps.rs
used-by = Gebruikt door
sets-the-default-scopes-and-the = Bepaalt de standaardmachtigingen en het herkoppel-draaiboek.
stored-starts-with = Opgeslagen, begint met
leave-empty-to-keep-it = Laat leeg om het te houden.
the-secret-s-value-not-its = De waarde van het geheim (niet de ID). Het wordt versleuteld en nooit meer getoond.
application-client-id = Applicatie-ID (client)
client-secret = Clientgeheim
secret-expires = Geheim verloopt
only-needed-when-linkwatch-may-not = Alleen nodig als linkwatch de directory niet mag lezen.
required-scopes = Vereiste machtigingen
separated-by-spaces-empty-the-defaults = Gescheiden door spaties; leeg: de standaard van het soort applicatie.
application-url = URL van de applicatie
choose-a-tenant = Kies een tenant.

## web/manage/mailboxes.rs
address = Adres
account-object-id = Object-ID van het account
entra-id-users-the-account-object = Entra ID, Gebruikers, het account, Object-ID.
only-when-they-differ-from-the = Alleen als ze afwijken van die van de app-registratie.
choose-an-app-registration = Kies een app-registratie.

## web/manage/mod.rs
saved-the-next-check-cycle-includes = Opgeslagen. De volgende controleronde neemt het mee; gebruik Nu controleren op de pagina om meteen te controleren.
deleted = Verwijderd.

## web/manage/tenants.rs
tenant-id = Tenant-ID
the-directory-s-guid-or-a = De GUID van de directory of een geverifieerd domein, bijv. contoso.onmicrosoft.com
monitor-app-client-id = Client-ID van de monitor-app
optional-an-app-with-application-read = Optioneel: een app met Application.Read.All, DelegatedPermissionGrant.Read.All en User.Read.All
monitor-app-secret = Geheim van de monitor-app
stored-leave-empty-to-keep-it = Opgeslagen. Laat leeg om het te houden.

## web/manage/users.rs
reads = leest
also-checks-now-re-links-and = controleert ook, koppelt opnieuw en zet stil
also-manages-targets-users-and-settings = beheert ook doelen, gebruikers en instellingen
leave-both-empty-to-keep-the = Laat beide leeg om het huidige wachtwoord te houden. Minstens 10 tekens.
at-least-10-characters = Minstens 10 tekens.
new-password = Nieuw wachtwoord
new-password-again = Nieuw wachtwoord nogmaals
use-at-least-10-characters = Gebruik minstens 10 tekens.
the-two-passwords-differ = De twee wachtwoorden verschillen.
used-to-sign-in-letters-digits = Om mee aan te melden: letters, cijfers en . _ - @, hoogstens 64 tekens.
user = Gebruiker
new-user = Nieuwe gebruiker
yes-delete-this-account-and-sign = Ja, verwijder dit account en meld het af
use-1-to-64-letters-digits = Gebruik 1 tot 64 letters, cijfers en . _ - @.
an-account-with-this-name-already = Er bestaat al een account met deze naam.
choose-a-role = Kies een rol.
you-cannot-delete-your-own-account = U kunt uw eigen account niet verwijderen; een andere beheerder kan dat.
this-is-the-last-admin-account = Dit is het laatste beheerdersaccount: maak eerst een ander account beheerder, zodat iemand linkwatch kan blijven beheren.

## web/relink.rs
this-sign-in-was-not-started = Deze aanmelding is niet vanuit deze linkwatch gestart, of de mailbox is verwijderd.
this-sign-in-result-was-already = Dit aanmeldresultaat is al een keer gebruikt; het kan niet nog eens.
the-sign-in-took-longer-than = De aanmelding duurde langer dan 10 minuten en is verlopen.
this-sign-in-was-started-in = Deze aanmelding is in een andere dashboardsessie gestart.
the-mailbox-was-not-linked = De mailbox is niet gekoppeld
start-the-re-link-again-from = Start het opnieuw koppelen nogmaals vanaf de pagina van de mailbox.
microsoft-did-not-link-the-mailbox = Microsoft heeft de mailbox niet gekoppeld
signed-in-with-the-wrong-account = Aangemeld met het verkeerde account: er is niets opgeslagen
microsoft-signed-in = Microsoft meldde aan:
but-this-mailbox-is = maar deze mailbox is
try-again-when-microsoft-asks-which = Probeer opnieuw. Vraagt Microsoft welk account, kies dan "Een ander account gebruiken" en typ
with-its-password = met het wachtwoord ervan.
permissions-are-missing-nothing-was-stored = Er ontbreken machtigingen: er is niets opgeslagen
microsoft-granted-the-link-without = Microsoft gaf de koppeling zonder:
have-an-administrator-grant-consent-for = Laat een beheerder toestemming geven voor de organisatie en koppel daarna opnieuw.
grant-admin-consent-as-an-administrator = Beheerderstoestemming geven (als beheerder)
no-refresh-token-came-back = Er kwam geen vernieuwingstoken terug
microsoft-did-not-return-a-refresh = Microsoft gaf geen vernieuwingstoken terug (offline_access is niet toegekend).

## web/session.rs
wrong-user-name-or-password = Onjuiste gebruikersnaam of wachtwoord.
sign-in-held-for-name =
    { $minutes ->
        [one] Te vaak een verkeerd wachtwoord voor deze naam vanaf uw adres. Probeer het over 1 minuut opnieuw, of meld u aan vanaf een ander apparaat; een beheerder kan het wachtwoord opnieuw instellen.
       *[other] Te vaak een verkeerd wachtwoord voor deze naam vanaf uw adres. Probeer het over { $minutes } minuten opnieuw, of meld u aan vanaf een ander apparaat; een beheerder kan het wachtwoord opnieuw instellen.
    }
sign-in-held-for-address =
    { $minutes ->
        [one] Te vaak een verkeerd wachtwoord vanaf uw adres. Probeer het over 1 minuut opnieuw.
       *[other] Te vaak een verkeerd wachtwoord vanaf uw adres. Probeer het over { $minutes } minuten opnieuw.
    }

## web/tokens.rs
api-tokens = API-tokens
tokens-for-the-read-only-json = Tokens voor de alleen-lezen JSON-API (
send-them-as-authorization-bearer-token = ). Stuur ze mee als Authorization: Bearer <token>.
copy-the-token-now-it-is = Kopieer het token nu: het wordt maar één keer getoond.
created = Gemaakt
last-used = Laatst gebruikt
revoke = Intrekken
new-token = Nieuw token
what-it-is-for = Waarvoor
create = Aanmaken

## web/views/alerting.rs
for-how-long = Hoe lang
t-1-hour = 1 uur
t-4-hours = 4 uur
t-1-day = 1 dag
t-1-week = 1 week
alerts = Meldingen
last-alert = Laatste melding:{" "}
none = geen
acknowledged-by = Bevestigd door{" "}
no-reminders-until-the-status-changes = {" "}— geen herinneringen tot de status verandert
silenced-until = Gedempt tot{" "}
the-tenant-is-in-maintenance-until = De tenant is in onderhoud tot{" "}
acknowledge = Bevestigen
end-the-silence = Stilte beëindigen
reason = reden
reason-2 = Reden
silence = Dempen
maintenance-window = Onderhoudsvenster
no-alerts-for-this-tenant-until = Geen meldingen voor deze tenant tot{" "}
none-alerts-go-out-as-usual = Geen: meldingen gaan zoals gewoonlijk.
end-the-maintenance-window = Onderhoudsvenster beëindigen
start-maintenance = Onderhoud starten
heartbeat = Hartslag
not-set-if-linkwatch-itself-stops = Niet ingesteld: als linkwatch zelf stopt, hoort niemand het. Zet [alerts] heartbeat_url op een push-URL van Healthchecks.io of Uptime Kuma; linkwatch roept die aan na elke controleronde, en {"{"}url{"}"}/fail als een ronde niet kon draaien.
after-every-check-cycle-linkwatch-calls = Na elke controleronde roept linkwatch{" "}
and-fail-when-a-cycle-could = {" "}aan (en …/fail als een ronde niet kon draaien).
no-ping-sent-yet-the-first = Nog geen ping verstuurd: de eerste gaat na de volgende ronde.
last-ping = Laatste ping:{" "}
cycle-ok = ronde in orde
reported-as-failed = gemeld als mislukt
the-monitor-accepted-it = de monitor heeft hem ontvangen.
the-ping-failed = de ping is mislukt:{" "}
never = nooit
every-day-at = elke dag om
open-incidents = Open incidenten
nothing-is-broken = Er is niets kapot.
all-of-them-on-the-overview = Allemaal op het overzicht
acknowledged-and-silenced = Bevestigd en gedempt
nothing-is-acknowledged-or-silenced-every = Niets is bevestigd of gedempt: elk probleem wordt gemeld zoals gewoonlijk.
app-or-mailbox = App of mailbox
state = Stand
by = door{" "}
maintenance-windows = Onderhoudsvensters
no-tenant-is-in-maintenance-start = Geen tenant is in onderhoud. Start een venster op de pagina van een tenant: de meldingen wachten tot het eindigt.
no-alerts-until = geen meldingen tot{" "}
when-alerts-go-out = Wanneer meldingen worden verstuurd
problems = Problemen
once-when-a-target-turns-warning = één keer als een doel waarschuwing of kritiek wordt, en één keer als het weer werkt
expiry = Vervaldatum
once-at-each-of = één keer bij elk van{" "}
days-before = {" "}dagen ervoor
reminders = Herinneringen
every = elke{" "}
hours-while-critical-and-not-acknowledged = {" "}uur zolang kritiek en niet bevestigd
checks-that-could-not-run = Controles die niet konden draaien
after = na{" "}
failures-in-a-row = {" "}mislukte pogingen op rij
daily-digest-email = Dagelijks overzicht (e-mail)
set-under-alerts-in-linkwatch-toml = In te stellen onder [alerts] in linkwatch.toml.
waiting = Wachtend:{" "}
sent = verzonden:{" "}
given-up-dead-letters = opgegeven:{" "}
send-the-dead-letters-again = Opgegeven berichten opnieuw versturen
once-the-channel-s-cause-is = Zodra de oorzaak bij het kanaal is verholpen (zie de fouten hieronder). Ontvangers die er een al kregen zien hetzelfde bericht-ID.
channels = Kanalen
add-a-channel = Kanaal toevoegen
no-channels-add-one-here-or = Geen kanalen: voeg er hier een toe, of [[alerts.channels]] aan het configuratiebestand.
kind = Soort
language = Taal
scope = Bereik
edit = Wijzigen
config-file = configuratiebestand
everything = alles
send-a-test-message = Testbericht sturen
recent-messages = Recente berichten
channel = Kanaal
about = Over
state-2 = Status
attempts = Pogingen
last-error = Laatste fout

## web/views/channels.rs
email = E-mail
webhook = Webhook
slack = Slack
microsoft-teams = Microsoft Teams
through-your-smtp-server-in-english = Via uw SMTP-server, in het Engels of Nederlands, naar vaste adressen en desgewenst naar de eigenaren van de app-registratie.
json-to-your-own-endpoint-signed = JSON naar uw eigen endpoint, ondertekend volgens Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).
a-slack-incoming-webhook-block-kit = Een inkomende webhook van Slack (Block Kit-bericht).
a-teams-workflows-webhook-adaptive-card = Een Workflows-webhook van Teams (Adaptive Card).
add-an-alert-channel = Meldingskanaal toevoegen
where-should-alerts-go = Waar moeten meldingen heen?
alert-channel = Meldingskanaal
kept-leave-empty-to-keep-it = Bewaard; laat leeg om te houden.
alert-channel-2 = meldingskanaal
new-alert-channel = nieuw meldingskanaal
the-test-message-was-not-delivered = Het testbericht is niet afgeleverd:{" "}
name-2 = Naam *
how-alerts-and-the-alerts-page = Hoe meldingen en de pagina Meldingen het noemen.
smtp-server = SMTP-server *
port = Poort
t-587-for-starttls-465-for-tls = 587 voor starttls, 465 voor tls, 25 zonder versleuteling (none).
connection = Verbinding
user-name = Gebruikersnaam
empty-no-sign-in-at-the = Leeg: zonder aanmelden bij de server.
password = Wachtwoord
encrypted-at-rest-never-shown-again = Versleuteld opgeslagen, nooit meer getoond.
from = Afzender *
to = Ontvangers *
addresses-separated-by-spaces-or-commas = Adressen gescheiden door spaties of komma's.
also-to-the-owners-of-the = Ook naar de eigenaren van de betreffende app-registratie (gelezen uit Graph; vereist Application.Read.All)
url = URL *
encrypted-at-rest-urls-with-tokens = Versleuteld opgeslagen: URL's met tokens zijn geheimen.
signing-secret-whsec = Ondertekengeheim (whsec_…)
optional-the-receiver-checks-webhook-signature = Optioneel; de ontvanger controleert er webhook-signature mee.
webhook-url = Webhook-URL *
which-alerts = Welke meldingen
nothing-ticked-every-tenant-and-app = Niets aangevinkt: elke tenant en app-registratie.
tenant-2 = Tenant{" "}
app-registration-2 = App-registratie{" "}
send-a-test = Test versturen
save = Opslaan
send-a-test-delivers-one-test = Test versturen levert één testbericht af met deze instellingen, zonder ze op te slaan.
delete = Verwijderen
yes-delete-this-channel = Ja, verwijder dit kanaal

## web/views/connect.rs
manage = Beheer
connect-a-tenant = Tenant koppelen
application-permission = Toepassingsmachtiging
what-linkwatch-watches-with-it = Wat linkwatch ermee bewaakt
an-administrator-of-the-tenant-consents = Een beheerder van de tenant geeft één keer toestemming aan de monitor-app van linkwatch; linkwatch leest daarmee de app-registraties, toestemmingen en aanmeldingen van de tenant, en biedt de mail-apps die het vindt aan om te bewaken. Geen app-registratie per klant, geen ID's om te typen.
once-register-linkwatch-s-monitor-app = Eenmalig: de monitor-app van linkwatch registreren
in-your-own-tenant-entra-id = In uw eigen tenant: Entra ID → App-registraties → Nieuwe registratie. Ondersteunde accounttypen:{" "}
accounts-in-any-organizational-directory-multitenant = Accounts in een organisatieadreslijst (multitenant)
redirect-uri-platform-web = Omleidings-URI, platform Web:{" "}
api-permissions-add-a-permission-microsoft = API-machtigingen → Een machtiging toevoegen → Microsoft Graph → Toepassingsmachtigingen; voeg deze toe (toestemming geven hoeft daar niet):
certificates-secrets-certificates-upload-certificate-recommended = Certificaten en geheimen → Certificaten → Certificaat uploaden (aanbevolen: een RSA-certificaat van 2048 bits of meer; de privésleutel blijft bij linkwatch), of Nieuw clientgeheim en kopieer de waarde.
in-linkwatch-toml-then-restart-linkwatch = In linkwatch.toml, en start linkwatch daarna opnieuw:
or-with-a-client-secret = of, met een clientgeheim:
no-monitor-app-is-configured-yet = Er is nog geen monitor-app ingesteld ([monitor] in linkwatch.toml): registreer hem eerst zoals hierboven.
monitor-app = Monitor-app:{" "}
its-domain-contoso-onmicrosoft-com-or = Het domein (contoso.onmicrosoft.com of een geverifieerd domein) of de tenant-ID.
name-in-linkwatch = Naam in linkwatch
also-watch-every-app-registration-s = Ook de geheimen en certificaten van elke app-registratie bewaken, niet alleen van mail-apps (die Microsoft zelf vernieuwt, zoals ConnectSyncProvisioning_* van Entra Connect en CWAP_AuthSecret van Application Proxy, blijven buiten beschouwing)
a-global-administrator-or-privileged-role = Een globale beheerder of beheerder met bevoorrechte rollen van die tenant meldt zich aan bij Microsoft en accepteert. Er wordt niets opgeslagen totdat Microsoft het bevestigt.
continue-to-microsoft = Verder naar Microsoft
waiting-for-microsoft = Wachten op Microsoft…
the-consent-was-given-microsoft-s = De toestemming is gegeven. De tokendienst van Microsoft heeft tot enkele minuten nodig om die toe te passen; deze pagina controleert elke 3 seconden opnieuw.
waiting-2 = Wachten
s-of-at-most = {" "}s van hoogstens{" "}
minutes = {" "}minuten ·{" "}
connected = Gekoppeld:{" "}
microsoft-applied-the-consent-and-linkwatch = Microsoft heeft de toestemming toegepast en linkwatch heeft de tenant met de monitor-app opgeslagen.
what-linkwatch-can-watch-here = Wat linkwatch hier kan bewaken
was-not-granted = {" "}is niet verleend
discover-its-mail-apps = Mail-apps ontdekken
open-the-tenant = De tenant openen
the-tenant-was-not-connected = De tenant is niet gekoppeld
try-again = Opnieuw proberen
this-answer-does-not-belong-to = Dit antwoord hoort niet bij een koppeling die hier is gestart (de link is mogelijk vervalst).
this-answer-was-already-used-once = Dit antwoord is al een keer gebruikt; het kan niet nog eens.
the-consent-took-longer-than-15 = De toestemming duurde langer dan 15 minuten; begin opnieuw.
this-connection-was-started-in-another = Deze koppeling is in een andere dashboardsessie gestart.
the-administrator-cancelled = De beheerder heeft geannuleerd
the-consent-was-declined-at-microsoft = De toestemming is bij Microsoft geweigerd, dus er is niets opgeslagen. Begin opnieuw en kies Accepteren zodra u zover bent.
signed-in-with-an-account-of = Aangemeld met een account uit een andere directory
the-account-used-at-microsoft-does = Het account dat bij Microsoft werd gebruikt hoort niet bij deze tenant. Begin opnieuw en meld u aan met een beheerder van de tenant zelf.
microsoft-did-not-give-the-consent = Microsoft heeft de toestemming niet gegeven
start-again = Opnieuw beginnen
no-token-yet = nog geen token
the-token-has-no-permissions-yet = het token heeft nog geen machtigingen
of = van de
permissions-so-far = machtigingen tot nu toe

## web/views/consumer.rs
not-available-this-tenant-has-no = Niet beschikbaar: deze tenant heeft geen monitoraccount. Met een monitoraccount met AuditLog.Read.All en Directory.Read.All ziet linkwatch ook de eigen aanmeldingen van de applicatie.
not-available-this-tenant-has-no-2 = Niet beschikbaar: deze tenant heeft geen licentie voor Microsoft Entra ID P1 of P2, en Microsoft geeft het aanmeldlogboek alleen daarmee aan Graph. linkwatch bewaakt zijn eigen koppeling; bevestig na een oplossing met de hand dat de applicatie weer werkt.
not-available-the-monitor-credential-may = Niet beschikbaar: het monitoraccount mag geen aanmeldlogboeken lezen. Geef het de toepassingsmachtigingen AuditLog.Read.All en Directory.Read.All, met beheerderstoestemming.
the-sign-in-log-could-not = Het aanmeldlogboek kon de laatste keer niet worden gelezen; linkwatch probeert het elke ronde opnieuw.
last-successful-sign-in = Laatste geslaagde aanmelding
none-in-the-sign-in-log = geen in het aanmeldlogboek
since = sinds
failed-sign-ins-since-then = Mislukte aanmeldingen sindsdien
first = eerste{" "}
latest = laatste{" "}
runbook = Draaiboek
still-to-do-in = Nog te doen in{" "}
open = Open{" "}
the-secret-was-rotated-in-linkwatch = Het geheim is in linkwatch vervangen{" "}
the-mailbox-was-re-linked-in = De mailbox is in linkwatch opnieuw gekoppeld{" "}
this-closes-by-itself-when = Dit sluit vanzelf zodra{" "}
s-own-sign-ins-succeed-or = {" "}zich zelf weer met succes aanmeldt, of wanneer een operator het bevestigt.
the-application-s-sign-ins-cannot = De aanmeldingen van de applicatie zijn hier niet te lezen: bevestig zodra het weer werkt.
confirm = Bevestigen:{" "}
has-the-fix = {" "}heeft de oplossing
done = Klaar:{" "}
s-own-sign-ins-succeed-again = {" "}meldt zich weer met succes aan sinds{" "}
done-confirmed-by = Klaar: bevestigd door{" "}
itself = {" "}zelf
from-microsoft-s-sign-in-log = Uit het aanmeldlogboek van Microsoft: wat de applicatie zelf doet, niet alleen de eigen koppeling van linkwatch.
credential-it-signs-in-with = Referentie waarmee zij zich aanmeldt:{" "}
last = laatst{" "}
not-seen-in-the-sign-in = niet gezien in het aanmeldlogboek
sign-in-log-read = Aanmeldlogboek gelezen{" "}
which-secret = Welk geheim{" "}
uses = {" "}gebruikt
delete-the-old-secret-only-after = Verwijder het oude geheim pas nadat u de instellingen van de applicatie zelf hebt gecontroleerd.
the-new-secret = het nieuwe geheim
signs-in-with-it-last = {" "}meldt zich ermee aan (laatst{" "}
not-used-by = nog niet gebruikt door{" "}
yet = .
still-tries-it = {" "}probeert het nog
give-it-the-new-secret-first = : geef eerst het nieuwe geheim.
signed-in-with-it = {" "}meldde zich ermee aan{" "}
not-safe-to-delete-yet = : nog niet veilig om te verwijderen.
last-signed-in-with-it = {" "}meldde zich er het laatst mee aan{" "}
not-used-by-2 = niet gebruikt door{" "}
last-use-by-anyone-linkwatch-included = {" "}(laatste gebruik door wie dan ook, linkwatch inbegrepen:{" "}
since-2 = {" "}sinds{" "}
safe-to-delete-once-the-new = : veilig om te verwijderen zodra het nieuwe overal werkt.

## web/views/detail.rs
check-now = Nu controleren
checked = gecontroleerd{" "}
last-known = laatst bekend:{" "}
failed-checks-in-a-row = {" "}mislukte controles op rij
no-changes-recorded-yet = Nog geen wijzigingen vastgelegd.
overview = Overzicht
monitor-credential = Monitoraccount
none-each-app-s-own-credential = geen: voor directory-lezen wordt het account van elke app geprobeerd
source = Bron
the-applications-own-sign-ins = Eigen aanmeldingen van de applicaties
available-read-from-microsoft-s-sign = beschikbaar: gelezen uit het aanmeldlogboek van Microsoft
every-app-registration-s-expiry = Vervaldatum van elke app-registratie
on-the-secrets-and-certificates-of = Aan: de geheimen en certificaten van elke app-registratie hier worden bewaakt, niet alleen die van mail-apps.
off-only-the-apps-listed-below = Uit: alleen de apps hieronder worden bewaakt.
left-out = Buiten beschouwing:{" "}
and-application-proxy-s-cwap-authsecret = en de CWAP_AuthSecret-geheimen van Application Proxy (Microsoft vernieuwt ze).
watch-every-app-registration-s-secrets = De geheimen en certificaten van elke app-registratie bewaken
leave-out-app-registrations-named-one = Laat app-registraties weg met de naam (één patroon per regel, * voor willekeurige tekst)
app-registrations = App-registraties
discover-mail-apps = Mail-apps ontdekken
every-app-with-mail-permissions-in = elke app met mailmachtigingen in deze tenant, en welke niet worden bewaakt
status = Status
mailboxes = Mailboxen
declared-in-the-config-file-read = gedeclareerd in het configuratiebestand (hier alleen-lezen)
managed-in-the-dashboard = beheerd in het dashboard
watched-with = Bewaakt, met{" "}
mailbox-2 = mailbox
mailboxes-2 = mailboxen
the-check-below-ran-just-now = . De controle hieronder is zojuist uitgevoerd.
stored-secret = Opgeslagen geheim
first-characters-only = (alleen de eerste tekens)
signals = Signalen
every-app-registration-of-the-tenant = elke app-registratie van de tenant: bewaakt op de vervaldatum van geheimen en certificaten
redirect-uri-for-re-linking = Omleidings-URI voor opnieuw koppelen
add-it-under-authentication-platform-web = Voeg hem eenmalig toe onder Verificatie, platform Web, per app-registratie.
guides = Handleidingen
runbook-for = Draaiboek voor{" "}
rotate-the-client-secret = Het clientgeheim vervangen
azure-portal = Azure-portal
certificates-secrets = Certificaten en geheimen
api-permissions = API-machtigingen
authentication = Verificatie
a-new-client-secret-is-not = Een nieuw clientgeheim is hier niet toegestaan
the-secret-is-running-out-while = Het geheim raakt op terwijl het beleid voor app-beheer van de tenant nieuwe geheimen voor deze app blokkeert: vervang het met een certificaat, of vraag een uitzondering op het beleid.
a-new-client-secret-may-last = Een nieuw clientgeheim mag hier hoogstens{" "}
days-here = {" "}dagen geldig zijn
secrets-and-certificates = Geheimen en certificaten
permissions = Machtigingen
no-mailboxes = Geen mailboxen.
link = Koppeling
linked = gekoppeld
not-linked = niet gekoppeld
history = Geschiedenis
the-app-registration-has-no-secrets = De app-registratie heeft geen geheimen of certificaten.
expires = Verloopt
days-left = Dagen over
in-use = in gebruik
as-read-from-the-directory = Zoals gelezen uit de directory{" "}
the-directory-could-not-be-read = De directory kon niet worden gelezen:{" "}
expiry-entered-by-hand = Met de hand ingevulde vervaldatum:{" "}
not-checked-yet = Nog niet gecontroleerd.
yes = ja
no = nee
scope-2 = Machtiging
required-2 = Vereist
configured-on-the-app = Ingesteld op de app
granted-mailboxes = Toegekend (mailboxen)
not-read = niet gelezen
re-linked-the-check-below-ran = Opnieuw gekoppeld. De controle hieronder is zojuist uitgevoerd.
rotate-the-secret-of = Het geheim vervangen van{" "}
this-mailbox-fails-because-of-its = Deze mailbox werkt niet door het geheim van haar app-registratie.
re-link-this-mailbox = Deze mailbox opnieuw koppelen
link-this-mailbox = Deze mailbox koppelen
linkwatch-has-no-link-to-this = linkwatch heeft geen koppeling met deze mailbox.
linked-2 = Gekoppeld
signed-in-account = Aangemeld account
not-known-yet = nog niet bekend
granted-scopes = Toegekende machtigingen
token-renewed = Token vernieuwd
not-yet = nog niet
account = Account
object-id = Object-ID
open-in-entra = Het account openen in Entra
account-enabled = Account ingeschakeld
sign-in-with-its-secret-on = Aanmelden met het geheim: aan.
sign-in-with-its-secret-off = Aanmelden met het geheim: uit — er is geen eigen geheim opgeslagen (voeg het toe onder Beheer).
mailbox-probes = Mailboxcontroles:{" "}
of-2 = {" "}van{" "}
linked-in-linkwatch = {" "}gekoppeld in linkwatch.
directory-read = Directory: gelezen.
directory-not-read-see-the-problems = Directory: niet gelezen (zie de problemen hieronder).
directory-not-read-yet = Directory: nog niet gelezen.
the-application-s-sign-ins-read = Aanmeldingen van de applicatie: gelezen.
the-application-s-sign-ins-not = Aanmeldingen van de applicatie: niet beschikbaar in deze tenant.

## web/views/discover.rs
discover = Ontdekken
mail-apps-in = Mail-apps in{" "}
read-just-now-from-the-tenant = Zojuist gelezen uit de directory van de tenant met de monitor-app: elke app-registratie met Microsoft Graph-mailmachtigingen. Een app die niet wordt bewaakt kan stoppen met mailen zonder dat iemand het merkt: kies Bewaken om hem met zijn mailboxen toe te voegen.
the-directory-could-not-be-read-2 = De directory kon niet worden gelezen.
no-app-registration-in-this-tenant = Geen enkele app-registratie in deze tenant heeft Microsoft Graph-mailmachtigingen.
apps-with-mail-permissions = {" "}apps met mailmachtigingen,{" "}
not-watched-2 = {" "}niet bewaakt.
mail-permissions = Mailmachtigingen
reaches = Bereikt
enterprise-applications = Bedrijfstoepassingen
delegated-permission-grants = Gedelegeerde machtigingen
other-objects = Overige objecten
read-so-far = tot nu toe gelezen
page = pagina
reading-the-directory-of = De directory lezen van{" "}
a-large-directory-is-read-999 = Een grote directory wordt gelezen in pagina's van 999 objecten; deze pagina kijkt elke 3 seconden opnieuw en toont de mail-apps zodra elke pagina is gelezen. Er wordt niets opgeslagen tot u Bewaken kiest.
asking-microsoft-for-a-token = Token aanvragen bij Microsoft…
reading-for = Bezig sinds{" "}
text = .
watched = bewaakt
probably = waarschijnlijk{" "}
watch = Bewaken…
app-only-every-mailbox = app-only: elke mailbox
every-account-admin-consent = elk account (beheerderstoestemming)
every-mailbox-once-an-admin-granted = elke mailbox, zodra een beheerder de toepassingsmachtiging heeft verleend
no-consent = geen toestemming
secret = geheim
certificate = certificaat
expired = verlopen{" "}
until = tot{" "}
microsoft-refused-a-token-with-this = Microsoft weigerde een token met dit geheim, dus er is niets opgeslagen. Kopieer de waarde van het geheim (niet de ID), of laat het veld leeg:
is-not-a-mailbox-this-app = is geen mailbox die deze app (nog) bereikt. Vink hem uit en probeer opnieuw.
nothing-was-saved-see-the-fields = Er is niets opgeslagen: zie de velden hieronder.
watch-2 = Bewaken:{" "}
mail-permissions-2 = Mailmachtigingen:{" "}
guessed-from-the-app-registration-s = Geraden uit de naam en de omleidings-URI's van de app-registratie. Dit bepaalt de machtigingen die elke mailbox nodig heeft en het herkoppel-draaiboek.
mailboxes-to-watch = Te bewaken mailboxen
no-account-has-consented-to-this = Nog geen account heeft toestemming gegeven aan deze app. Bewaken bewaakt dan nog steeds zijn referenties, machtigingen en aanmeldingen.
this-app-reaches-every-mailbox-with = Deze app bereikt elke mailbox met zijn toepassingsmachtiging; linkwatch bewaakt zijn referenties, machtigingen en aanmeldingen.
no-mail-address-in-the-directory = (geen mailadres in de directory)
the-app-s-client-secret-optional = Clientgeheim van de app (optioneel)
its-value-from-certificates-secrets-with = De waarde, uit Certificaten en geheimen. Daarmee meldt linkwatch zich ook aan als de app en kan het mailboxen opnieuw koppelen; zonder wordt de app bewaakt via de directory en zijn eigen aanmeldingen. Versleuteld, nooit meer getoond.
what-linkwatch-will-watch = Wat linkwatch gaat bewaken
directory = Directory:{" "}
its-secrets-and-certificates-expiry-its = de vervaldatum van geheimen en certificaten, de machtigingen en de toestemming van de accounts, met het monitoraccount.
the-application-s-sign-ins = Aanmeldingen van de applicatie:{" "}
available-linkwatch-sees-when-the-application = beschikbaar: linkwatch ziet wanneer de applicatie zelf faalt.
not-available-in-this-tenant-entra = niet beschikbaar in deze tenant (Entra ID P1 of P2 en AuditLog.Read.All zijn nodig).
app-sign-in-with-its-secret = Aanmelden met het geheim:{" "}
only-when-you-give-the-secret = alleen als u hierboven het geheim invult.
after-each-mailbox-is-re-linked = nadat elke mailbox in linkwatch opnieuw is gekoppeld (daarvoor is het geheim nodig).
watch-this-app = Deze app bewaken
watch-3 = Bewaken
the-directory-could-not-be-read-3 = De directory kon niet worden gelezen, dus er is niets bewaakt:
this-app-registration-is-not-among = Deze app-registratie hoort niet (meer) bij de mail-apps van de tenant.
this-app-registration-is-watched-already = Deze app-registratie wordt al bewaakt.
nothing-was-watched = Er is niets bewaakt
back-to-discover = Terug naar Ontdekken

## web/views/guides.rs
rotate-the-client-secret-of = Clientgeheim vervangen van{" "}
new-client-secrets-are-blocked-for = Nieuwe clientgeheimen zijn voor deze app geblokkeerd
the-portal-will-refuse-a-new = De portal zal een nieuw geheim weigeren. Gebruik een certificaat: Certificaten en geheimen → Certificaten → Certificaat uploaden, en geef de applicatie de privésleutel (als die certificaten ondersteunt); of vraag de beheerder van het beleid om een uitzondering voor deze app.
new-client-secrets-may-last-at = Nieuwe clientgeheimen mogen hoogstens{" "}
the-expiry-below-keeps-within-it = De vervaldatum hieronder blijft daarbinnen.
linkwatch-could-not-read-the-tenant = linkwatch kon het beleid voor app-beheer van de tenant niet lezen (
the-portal-says-so-if-a = ); de portal meldt het als een nieuw geheim niet is toegestaan.
microsoft-refused-this-secret-nothing-was = Microsoft weigerde dit geheim; er is niets opgeslagen.
did-you-paste-the-secret-s = Hebt u de ID geplakt in plaats van de waarde? Kopieer de kolom Waarde.
open-certificates-secrets-in-the-azure = Open Certificaten en geheimen in de Azure-portal
in-this-demo-microsoft-is-simulated = In deze demo is Microsoft gesimuleerd:{" "}
its-certificates-secrets-page = de pagina Certificaten en geheimen daarvan
choose-new-client-secret-description = Kies Nieuw clientgeheim. Beschrijving:{" "}
expires-180-days-the-portal-s = . Verloopt: 180 dagen (aanbevolen door de portal; hooguit 24 maanden) of wat het beleid toestaat, dus{" "}
copy-the-value-not-the-secret = Kopieer meteen de Waarde (niet de geheim-ID): die wordt maar één keer getoond.
paste-it-here-linkwatch-tries-it = Plak hem hier. linkwatch probeert hem bij Microsoft voordat er iets wordt opgeslagen.
new-client-secret-value = Nieuw clientgeheim (Waarde)
expires-as-shown-in-the-portal = Verloopt (zoals in de portal)
optional-when-linkwatch-may-read-the = Optioneel als linkwatch de directory mag lezen: dan leest het de datum zelf.
test-and-save = Testen en opslaan
rotate-the-client-secret-2 = Clientgeheim vervangen
the-new-secret-works = Het nieuwe geheim werkt
microsoft-accepted-it-and-linkwatch-saved = Microsoft accepteerde het en linkwatch heeft het (versleuteld) opgeslagen.{" "}
it-expires-on = Het verloopt op{" "}
microsoft-accepted-it-this-app-registration = Microsoft accepteerde het. Deze app-registratie staat in het configuratiebestand van linkwatch: zet de nieuwe waarde in de variabele van client_secret_env (of client_secret) en herstart linkwatch.
the-azure-portal-shows-the-secret = De Azure-portal toont de waarde van het geheim maar één keer: bewaar haar tot de applicatie haar heeft, en gooi haar daarna weg.
checklist = Checklist
econobis-stores-the-secret-per-mailbox = Econobis bewaart het geheim per mailbox; alle mailboxen van deze installatie delen het. Werk het bij in elk:
these-mailboxes-are-linked-through-this = Deze mailboxen zijn via deze app-registratie gekoppeld; controleer elk zodra de applicatie het nieuwe geheim heeft:
imagecapture-holds-one-client-secret-per = ImageCapture bewaart één clientgeheim per account: vervang het in de Microsoft Graph-mailinstellingen van elk account.
wait-for-the-next-check-or = Wacht de volgende controle af (of gebruik Nu controleren) en kijk of alle mailboxen groen blijven.
then-delete-the-old-secret-in = Verwijder daarna het oude geheim in Certificaten en geheimen
it-starts-with = het begint met{" "}
this-follows-from = Dit volgt uit{" "}
fixing-that-fixes-this-too = {" "}hierboven: los dat op en dit verdwijnt ook.
action-see-what-to-do = Bekijk wat te doen
open-2 = Openen
the-problem-stays-open-until = het probleem blijft open tot{" "}
itself-signs-in-with-the-new = {" "}zich zelf met het nieuwe geheim aanmeldt, of tot u het bevestigt op de pagina van de app-registratie.
back-to = Terug naar{" "}
enter-the-new-secret-in = Vul het nieuwe geheim in bij{" "}
the-application-that-uses-this-app = {" "}(de applicatie die deze app-registratie gebruikt).
client-id = Client-ID
the-full-value-is-in-your = (de volledige waarde staat in uw wachtwoordkluis; linkwatch toont hem nooit)
application = Applicatie
re-link-in-linkwatch = Opnieuw koppelen in linkwatch
open-econobis-in-microsoft-edge-any = Open Econobis in Microsoft Edge (elke browser werkt als u eerst afmeldt bij Microsoft).
sign-in-to-econobis-with-your = Meld u aan in Econobis met uw eigen Econobis-account; ga naar Instellingen › Mailboxen en open de mailbox.
set-incoming-email-type-to-microsoft = Zet "inkomende email type" op Microsoft API (als dat nog niet zo is).
under-microsoft-azure-api-settings-fill = Vul bij "Microsoft Azure API instellingen" de waarden hierboven in: client-ID, tenant-ID en clientgeheim zijn voor elke mailbox gelijk; de object-ID verschilt per mailbox.
save-microsoft-s-sign-in-page = Sla op. De aanmeldpagina van Microsoft opent: meld u aan met het eigen adres en wachtwoord van de mailbox, niet met uw eigen account.
before-the-next-mailbox-sign-out = Meld u vóór de volgende mailbox af bij Microsoft (of sluit het privévenster): een sessie die nog is aangemeld koppelt het verkeerde account. linkwatch toont identity_mismatch als dat gebeurde.
the-app-registration-is-single-tenant = De app-registratie is single tenant, met een Web-omleidings-URI (die van ImageCapture zelf, uit de installatiehandleiding).
api-permissions-microsoft-graph-delegated-mail = API-machtigingen: Microsoft Graph, gedelegeerd, Mail.ReadWrite.Shared (mail ophalen) en Mail.Send.Shared (mail versturen).
in-imagecapture-replace-the-microsoft-exchange = Vervang in ImageCapture het Microsoft Exchange-mailaccount door een Microsoft Graph-mailaccount met de waarden hierboven.
imagecapture-holds-one-client-secret-per-2 = ImageCapture bewaart één clientgeheim per account: werk na een vervanging elk account bij.
secrets-can-no-longer-be-set = Geheimen kunnen niet meer op "Nooit" verlopen staan (hooguit 24 maanden): linkwatch waarschuwt vóór de datum.
in-the-application-s-mail-settings = Vul in de mailinstellingen van de applicatie de tenant-ID, client-ID en het clientgeheim hierboven in.
start-its-microsoft-sign-in-and = Start de Microsoft-aanmelding en meld u aan met het eigen account van de mailbox.
check-the-mailbox-s-page-here = Kijk daarna op de pagina van de mailbox hier: die moet groen worden.
runbook-2 = Draaiboek:{" "}
the-values = De waarden
steps = Stappen
linkwatch-s-own-link-uses-this = De eigen koppeling van linkwatch gebruikt deze omleidings-URI (platform Web):{" "}

## web/views/layout.rs
your-account-and-password = Uw account en wachtwoord
sign-out = Afmelden
main = Hoofdmenu
menu = Menu
warning-2 = Waarschuwing
critical-2 = Kritiek
unknown-2 = Onbekend
not-checked-yet-2 = Nog niet gecontroleerd
just-now = zojuist

## web/views/manage.rs
targets-from-the-config-file-are = Tenants, apps en mailboxen uit het configuratiebestand zijn hier alleen-lezen: wijzig ze in het bestand.
sections = Onderdelen
tenants = Tenants
dashboard-users = Dashboardgebruikers
add-a-tenant-by-hand = Tenant met de hand toevoegen
add-an-app-registration = App-registratie toevoegen
add-a-mailbox = Mailbox toevoegen
find-a-mailbox = Mailbox zoeken
address-or-app = adres of app
search = Zoeken
add-a-user = Gebruiker toevoegen
last-signed-in = Laatst aangemeld
actions = Acties
you = u
open-sessions = open sessies
yes-delete-it-with-its-history = Ja, verwijder het met zijn koppelingen
viewer = Kijker
operator = Operator
admin = Beheerder

## web/views/misc.rs
sign-in = Aanmelden
demo-sign-in-as = Demo: meld u aan als{" "}
with-password = {" "}met wachtwoord{" "}
forgot-your-password-an-admin-resets = Wachtwoord vergeten? Een beheerder stelt het opnieuw in bij Beheer → Dashboardgebruikers, of op de server:{" "}
find = Zoeken
mailbox-app-user-or-action = mailbox, app, gebruiker of actie
show = Tonen
everything-2 = Alles
status-changes = Statuswijzigingen
any = Alle
anyone = Iedereen
from-2 = Van
to-2 = Tot en met
filter = Filteren
clear = Wissen
none-with-these-filters = Geen met deze filters.
when = Wanneer
change = Wijziging
no-longer-watched = (niet meer bewaakt)
actions-audit-log = Acties (auditlog)
show-sign-ins-too = Aanmeldingen ook tonen
who = Wie
what = Wat
on = Op

## web/views/overview.rs
rotate-the-secret = Geheim vervangen
re-link = Opnieuw koppelen
grant-consent = Toestemming geven
fix-in = Oplossen in{" "}
open-the-runbook = Draaiboek openen
app-registration-3 = app-registratie
mailbox-of = mailbox van{" "}
acknowledged-by-2 = bevestigd door{" "}
silenced-until-2 = gedempt tot{" "}
breaks = Treft:{" "}
status-counts = Aantallen per status
what-is-broken = Wat er mis is
all-problems = Alle problemen
nobody-will-be-told = Niemand krijgt bericht.
no-alert-channel-is-configured-so = Er is geen meldingskanaal ingesteld, dus problemen staan alleen hier: voeg een e-mail-, webhook-, Slack- of Teams-kanaal toe.
new-mail-apps-found = Nieuwe mail-apps gevonden
discovery-found-these-since-it-first = Ontdekken vond deze sinds de eerste keer dat het hun tenant las; niemand bewaakt ze nog.
found = gevonden{" "}
leave-unwatched = Niet bewaken
last-check = Laatste controle:{" "}
no-full-check-has-run-yet = Er is nog geen volledige controle geweest.
next = volgende:{" "}
check-everything-now = Alles nu controleren
expiring-in-the-next-90-days = Verloopt in de komende 90 dagen
expired-and-still-in-use = Verlopen en nog in gebruik:{" "}
everything-watched = Alles wat wordt bewaakt
nothing-matches = Niets gevonden.
problem = Probleem
checked-2 = Gecontroleerd
all = alle{" "}
all-2 = alle

## web/views/parts.rs
caused-by-the-app-registration-s = Veroorzaakt door het probleem van de app-registratie: los dat eerst op
missing = Ontbreekt:{" "}
expiry-2 = Vervaldatum:{" "}
how-to-fix = Zo lost u het op
what-was-seen = Wat er is gezien
expiries-in-the-next-90-days = Vervaldatums in de komende 90 dagen
today = vandaag
secrets-and-certificates-that-expire-within = Geheimen en certificaten die binnen 90 dagen verlopen.
expiries = Vervaldatums
credential = Referentie
pages = Pagina's
previous = Vorige
page-2 = Pagina{" "}
items = {" "}items
next-2 = Volgende

## web/views/relink.rs
re-link-2 = Opnieuw koppelen:{" "}
you-go-to-microsoft-s-sign = U gaat naar de aanmeldpagina van Microsoft. Houd het wachtwoord van de mailbox (en het MFA-apparaat) bij de hand.
sign-in-as = Meld u aan als{" "}
when-microsoft-shows-your-own-account = . Toont Microsoft uw eigen account, kies dan "Een ander account gebruiken".
no-private-window-is-needed-linkwatch = Een privévenster is niet nodig: linkwatch controleert welk account zich aanmeldde en slaat niets op als het het verkeerde is.
accept-the-permissions = Accepteer de machtigingen die{" "}
asks-for = {" "}vraagt:{" "}
you-come-back-here-and-linkwatch = U komt hier terug en linkwatch controleert de mailbox meteen.
in-the-app-registration-s-authentication = Voeg in de pagina Verificatie van de app-registratie, onder Web, exact deze omleidings-URI toe:
save-wait-a-minute-and-try = Sla op, wacht een minuut en probeer opnieuw.
open-authentication-in-the-azure-portal = Verificatie openen in de Azure-portal
try-again-and-choose-accept-on = Probeer opnieuw en kies Accepteren op de machtigingenpagina van Microsoft: zonder toestemming kan de applicatie niet bij de mailbox.
an-administrator-must-grant-consent-for = Een beheerder moet eenmalig toestemming geven voor de hele organisatie; daarna kan de mailbox gekoppeld worden.
the-sign-in-was-cancelled-try = De aanmelding is geannuleerd. Probeer opnieuw als u het wachtwoord van de mailbox bij de hand hebt.


## explain.rs: AADSTS-codes in woorden
aadsts-700027 = Het certificaat waarmee de clientassertie is ondertekend staat niet bij de app-registratie (of is verlopen): upload het openbare deel onder Certificaten en geheimen.
aadsts-700021 = De clientassertie noemt een andere applicatie dan de client-ID waarmee zij is verstuurd.
aadsts-700023 = De clientassertie is gemaakt voor het tokenendpoint van een andere tenant.
aadsts-700024 = De clientassertie is op dit moment niet geldig: controleer de klok van de server.
aadsts-7000222 = Het clientgeheim is verlopen.
aadsts-7000215 = Het clientgeheim is onjuist (of de ID is gebruikt in plaats van de waarde).
aadsts-7000218 = Er is geen clientgeheim meegestuurd.
aadsts-700016 = De applicatie is niet gevonden in de tenant.
aadsts-7000112 = De applicatie is uitgeschakeld.
aadsts-70001 = De applicatie is uitgeschakeld.
aadsts-90002 = De tenant is niet gevonden (verkeerde tenant-ID of verkeerde cloud).
aadsts-90038 = De tenant hoort bij een andere (nationale) cloud.
aadsts-65001 = De gebruiker of een beheerder heeft geen toestemming gegeven aan de applicatie.
aadsts-65004 = De gebruiker heeft toestemming geweigerd.
aadsts-90094 = Een beheerder moet deze applicatie goedkeuren.
aadsts-50011 = De omleidings-URI is niet geregistreerd bij de applicatie.
aadsts-50173 = De toestemming is ingetrokken, bijvoorbeeld door een wachtwoordwijziging.
aadsts-70000 = De toestemming is ongeldig of al gebruikt.
aadsts-70008 = Het vernieuwingstoken is verlopen of ingetrokken.
aadsts-700082 = Het vernieuwingstoken is verlopen na 90 dagen zonder gebruik.
aadsts-70043 = Een aanmeldfrequentie uit voorwaardelijke toegang vereist opnieuw aanmelden.
aadsts-50076 = Meervoudige verificatie is vereist.
aadsts-50079 = De gebruiker moet zich registreren voor meervoudige verificatie.
aadsts-53003 = Geblokkeerd door beleid voor voorwaardelijke toegang.
aadsts-530003 = Een beheerd apparaat is vereist.
aadsts-50055 = Het wachtwoord is verlopen.
aadsts-50158 = Aan een externe beveiligingscontrole is niet voldaan.
aadsts-50057 = Het gebruikersaccount is uitgeschakeld.
aadsts-50034 = Het gebruikersaccount bestaat niet.
aadsts-500011 = De resource (API) bestaat niet in de tenant.
aadsts-50196 = Te veel gelijke verzoeken (lus gedetecteerd); linkwatch wacht even.
aadsts-90033 = De directoryservice van Microsoft is tijdelijk niet beschikbaar.
aadsts-50033 = Een tijdelijke fout; later opnieuw geprobeerd.
aadsts-50087 = Een tijdelijke fout; later opnieuw geprobeerd.
aadsts-90006 = Een tijdelijke fout bij Microsoft; later opnieuw geprobeerd.
aadsts-90024 = Het verzoekbudget van Microsoft is overschreden; later opnieuw geprobeerd.
aadsts-90090 = Een tijdelijke Graph-fout; later opnieuw geprobeerd.
aadsts-90055 = De tenant wordt beperkt; later opnieuw geprobeerd.

## explain.rs: acties in het auditlog als zinnen
action-check-now = nu gecontroleerd
action-relink-start = begon opnieuw koppelen
action-relink-done = koppelde een mailbox opnieuw
action-relink-refused = een antwoord op opnieuw koppelen werd geweigerd
action-relink-error = Microsoft weigerde opnieuw koppelen
action-relink-identity-mismatch = meldde zich aan met het verkeerde account; niets opgeslagen
action-relink-missing-scopes = bij opnieuw koppelen ontbraken machtigingen; niets opgeslagen
action-secret-rotate = verving het clientgeheim
action-secret-rotate-refused = Microsoft weigerde een nieuw geheim
action-tenant-save = sloeg een tenant op
action-tenant-delete = verwijderde een tenant
action-tenant-connect-start = begon een tenant te koppelen
action-tenant-connect = koppelde een tenant
action-tenant-connect-refused = de toestemming van een tenant werd geweigerd of geannuleerd
action-tenant-connect-failed = een tenant kon niet worden gekoppeld
action-tenant-watch-all = wijzigde het bewaken van elke app-registratie
action-app-save = sloeg een app-registratie op
action-app-delete = verwijderde een app-registratie
action-app-watch = bewaakte een app uit Ontdekken
action-mailbox-save = sloeg een mailbox op
action-mailbox-delete = verwijderde een mailbox
action-discover-new-app = Ontdekken vond een nieuwe mail-app
action-discover-dismiss = liet een nieuwe mail-app onbewaakt
action-channel-save = sloeg een meldingskanaal op
action-channel-delete = verwijderde een meldingskanaal
action-alert-test = stuurde een testbericht
action-alert-acknowledge = bevestigde een probleem
action-alert-silence = dempte meldingen
action-alert-unsilence = hief het dempen op
action-outbox-requeue = zette mislukte berichten opnieuw in de wachtrij
action-fix-confirmed = bevestigde dat de applicatie is hersteld
action-login-failed = een aanmelding mislukte
action-login-held = te vaak een verkeerd wachtwoord: dit adres mag deze naam 15 minuten niet proberen
action-login-held-address = te vaak een verkeerd wachtwoord: dit adres mag zich 15 minuten niet aanmelden
action-login-slowed = veel verkeerde wachtwoorden voor deze naam: verkeerde pogingen krijgen nu later antwoord
action-password-change = wijzigde het wachtwoord
action-sessions-end = meldde andere sessies af
action-user-upsert = voegde een gebruiker toe
action-user-update = wijzigde een gebruiker
action-user-delete = verwijderde een gebruiker
action-api-token-create = maakte een API-token
action-api-token-delete = trok een API-token in

## monitor.rs: waarvoor elke machtiging van de monitor-app dient
permission-application-read-all = app-registraties: vervaldatum van geheimen en certificaten, ingestelde machtigingen; het ontdekken van mail-apps
permission-delegatedpermissiongrant-read-all = toestemming: welke mailboxen een app welke machtigingen gaven
permission-user-read-all = accounts: mailadressen, en of een account is uitgeschakeld
permission-auditlog-read-all = de eigen aanmeldingen van de applicaties (met Entra ID P1 of P2)
permission-policy-read-all = beleid voor app-beheer: of nieuwe geheimen zijn toegestaan, en hoe lang

## Teksten met waarden ({ $naam } wordt ingevuld)
settings-econobis = Econobis → Instellingen → Mailboxen
settings-imagecapture = ImageCapture → Instellingen → E-mail → Microsoft 365
settings-generic = de mailinstellingen van { $app }
consumer-fix-secret = { $app } stuurt nog een oud of verlopen geheim: plak de waarde van het nieuwe geheim in { $at }.
consumer-fix-app-missing = De app-registratie die { $app } gebruikt is uitgeschakeld of verwijderd: schakel haar in Entra in, of geef { $app } de juiste client-ID in { $at }.
consumer-fix-link = De eigen koppeling van { $app } voor deze mailbox werkt niet meer: koppel de mailbox opnieuw in { $at } (meld u aan met het account van de mailbox).
consumer-fix-reauth = Het account van de mailbox moet zich opnieuw aanmelden (MFA, voorwaardelijke toegang of een verlopen wachtwoord): koppel opnieuw in { $at }.
consumer-fix-account = Het account van de mailbox is uitgeschakeld of verwijderd: schakel het in Entra in, of haal de mailbox weg uit { $app }.
consumer-fix-other = Zoek AADSTS{ $code } op en controleer de koppeling in { $at }.
gave-up-no-monitor-app = Er is geen monitor-app ingesteld ([monitor] in linkwatch.toml).
gave-up-not-propagated = Na { $minutes } minuten weigert Microsoft nog steeds een token voor de monitor-app in deze tenant: { $error }
gave-up-not-jwt = Het token is geen JWT, dus de machtigingen zijn niet te lezen.
gave-up-other-tenant = De toestemming kwam terug voor een andere tenant ({ $returned }) dan gevraagd ({ $asked }, { $tid }): er is niets opgeslagen.
gave-up-no-roles = Het token voor deze tenant heeft geen enkele machtiging: de toestemming verleende er geen.
gave-up-monitor-credential = Microsoft weigert de eigen referentie van de monitor-app ({ $error }). Controleer [monitor] in linkwatch.toml: de waarde van het clientgeheim, of dat het certificaat bij de monitor-app is geüpload onder Certificaten en geheimen. Er is niets opgeslagen.
gave-up-refused = Deze tenant staat in het configuratiebestand: wijzig de monitor-app daar.
todo-paste-new-secret = plak de waarde van het nieuwe geheim in { $settings }.
todo-connect-again = koppel de mailbox opnieuw in { $settings }.
fixed-by-relink = na opnieuw koppelen door { $who }
fixed-by-rotate = na het vervangen van het geheim door { $who }
closed-by-sign-ins = Gesloten door de eigen aanmeldingen van de applicatie: die lukken weer sinds { $at }.
closed-by-hand = Met de hand gesloten: { $who } bevestigde om { $at } dat de applicatie de oplossing heeft.
error-forbidden = Uw rol mag dit niet. Vraag een beheerder.
error-csrf = Het formulier is verlopen of kwam niet van deze site. Ga terug, herlaad en probeer opnieuw.
error-not-found = Deze pagina bestaat niet (meer).
error-too-many = Te veel pogingen. Wacht een paar minuten en probeer opnieuw.
error-internal = Er ging iets mis aan onze kant.

## Getallen (meervoud volgens Fluent: [one] bij 1, *[other] bij elk ander getal)
n-days-left =
    { $n ->
        [one] nog 1 dag
       *[other] nog { $n } dagen
    }
n-expired-days-ago =
    { $n ->
        [one] 1 dag geleden verlopen
       *[other] { $n } dagen geleden verlopen
    }
n-ago-minutes =
    { $n ->
        [one] 1 minuut geleden
       *[other] { $n } minuten geleden
    }
n-ago-hours =
    { $n ->
        [one] 1 uur geleden
       *[other] { $n } uur geleden
    }
n-ago-days =
    { $n ->
        [one] 1 dag geleden
       *[other] { $n } dagen geleden
    }
n-in-minutes =
    { $n ->
        [one] over 1 minuut
       *[other] over { $n } minuten
    }
n-in-hours =
    { $n ->
        [one] over 1 uur
       *[other] over { $n } uur
    }
n-in-days =
    { $n ->
        [one] over 1 dag
       *[other] over { $n } dagen
    }
n-for-minutes =
    { $n ->
        [one] al 1 minuut
       *[other] al { $n } minuten
    }
n-for-hours =
    { $n ->
        [one] al 1 uur
       *[other] al { $n } uur
    }
n-for-days =
    { $n ->
        [one] al 1 dag
       *[other] al { $n } dagen
    }
n-mailboxes-broken =
    { $n ->
        [one] { $broken } van 1 mailbox werkt niet
       *[other] { $broken } van { $n } mailboxen werken niet
    }
n-app-mailboxes-still-work =
    { $n ->
        [one] app-registratie; de 1 mailbox werkt nog
       *[other] app-registratie; de { $n } mailboxen werken nog
    }
n-all-mailboxes-work =
    { $n ->
        [one] de mailbox werkt
       *[other] alle { $n } mailboxen werken
    }
n-sign-ins-not-listed =
    { $n ->
        [one] 1 aanmelding niet getoond.
       *[other] { $n } aanmeldingen niet getoond.
    }
n-apps-left-out =
    { $n ->
        [one] 1 app-registratie buiten beschouwing gelaten bij de laatste controle
       *[other] { $n } app-registraties buiten beschouwing gelaten bij de laatste controle
    }
