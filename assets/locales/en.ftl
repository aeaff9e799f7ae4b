# linkwatch: the words of the dashboard and the alerts, in English (Project Fluent).
# `id = text`, grouped by the source file that uses them. Keep {" "} (a space at the start or
# the end of a text) and {"{"} {"}"} (braces) as they are. Messages with a number choose their
# words with Fluent's plural rules at the end of the file. nl.ftl holds the same ids.


## alerts/channel.rs
required = Required.
is-not = is not
is-not-a-mail-address = is not a mail address
enter-at-least-one-recipient = Enter at least one recipient.
is-not-an-http-s-url = is not an http(s) URL
is-not-a-standard-webhooks-secret = is not a Standard Webhooks secret (whsec_ followed by base64)
enter-both-the-user-name-and = Enter both the user name and the password, or neither.
enter-the-value = Enter the value.

## alerts/message.rs
ok = OK
warning = WARNING
critical = CRITICAL
unknown = UNKNOWN
app-registration = App registration
mailbox = Mailbox
works-again = works again
test-message = test message
recovered = RECOVERED
still = STILL
tenant = Tenant
the-problem-is-gone-mail-works = {"\u000A"}The problem is gone: mail works again.{"\u000A"}
seen = Seen
what-to-do = What to do
mailboxes-that-fail-because-of-this = Mailboxes that fail because of this
open-in-linkwatch = Open in linkwatch
the-problem-is-gone-mail-works-2 = The problem is gone: mail works again.
seen-2 = Seen:{" "}
open-in-the-azure-portal = Open in the Azure portal
new-mail-app-in = New mail app in
not-watched = not watched
linkwatch-found-an-app-registration-with = linkwatch found an app registration with Microsoft Graph mail permissions that it does not watch:
if-mail-depends-on-it-watch = If mail depends on it, watch it (Discover → Watch…) so that linkwatch tells you when its secret runs out or its link breaks; if not, choose Leave unwatched.
application-id = application ID
problems-still-open = problems still open
still-open-today = Still open today:

## explain.rs
another-application = another application
client-secret-expires-soon = Client secret expires soon
the-secret-or-certificate-this-application = The secret (or certificate) this application signs in with stops working on the date shown. From then on, mail through this app registration stops for every mailbox.
open-the-app-registration-s-certificates = Open the app registration's Certificates & secrets page in the Azure portal.
add-a-new-client-secret-12 = Add a new client secret (12 months is Microsoft's advice) and copy its value at once: it is shown only once.
enter-the-new-value-in-every = Enter the new value in every application that uses this app registration, and in linkwatch.
delete-the-old-secret-once-everything = Delete the old secret once everything works with the new one.
client-secret-has-expired = Client secret has expired
microsoft-refuses-the-application-s-secret = Microsoft refuses the application's secret because it has expired (AADSTS7000222). No mail is read or sent through this app registration until a new secret is entered.
add-a-new-client-secret-and = Add a new client secret and copy its value (not its ID).
enter-it-in-every-application-that = Enter it in every application that uses this app registration, and in linkwatch; then check again.
client-secret-is-not-accepted = Client secret is not accepted
the-stored-secret-matches-no-secret = The stored secret matches no secret on the app registration (AADSTS7000215): it was deleted or replaced, or the secret's ID was entered instead of its value.
compare-the-first-three-characters-shown = Compare the first three characters shown in the portal with the ones linkwatch shows.
if-the-secret-was-replaced-enter = If the secret was replaced, enter the new value here and in the applications; otherwise add a new secret.
app-registration-not-found = App registration not found
microsoft-cannot-find-this-application-in = Microsoft cannot find this application in the tenant, or it is disabled (AADSTS700016, 7000112), or the tenant itself is not found (AADSTS90002). Nothing works through it.
check-the-tenant-id-and-the = Check the tenant ID and the application (client) ID for typing errors.
in-entra-id-check-whether-the = In Entra ID, check whether the app registration was deleted (Deleted applications, restorable for 30 days) or disabled under Enterprise applications.
a-required-api-permission-is-missing = A required API permission is missing
the-app-registration-no-longer-lists = The app registration no longer lists a Microsoft Graph permission the mail link needs. New sign-ins cannot grant it, and existing links lose it when they are renewed.
open-api-permissions-choose-add-a = Open API permissions, choose Add a permission, Microsoft Graph, Delegated permissions, and add the missing ones.
choose-grant-admin-consent-then-re = Choose Grant admin consent, then re-link the mailboxes if their findings ask for it.
permission-not-granted-for-this-mailbox = Permission not granted for this mailbox
the-mailbox-s-account-has-not = The mailbox's account has not consented to every permission the application needs (AADSTS65001), or the consent was withdrawn. Mail functions that need the missing permission fail.
grant-admin-consent-for-the-app = Grant admin consent for the app registration (API permissions, Grant admin consent), or
re-link-the-mailbox-while-signed = re-link the mailbox while signed in as the mailbox and accept the permissions.
mailbox-link-no-longer-works = Mailbox link no longer works
the-mailbox-s-sign-in-grant = The mailbox's sign-in grant was revoked or expired (for example after a password change, AADSTS50173, or 90 days without use, AADSTS700082). The application can no longer read or send this mailbox's mail.
re-link-the-mailbox-sign-in = Re-link the mailbox: sign in as the mailbox's account when asked.
re-link-it-in-the-consuming = Re-link it in the consuming application too (its mail settings).
the-account-must-sign-in-again = The account must sign in again
microsoft-demands-an-interactive-sign-in = Microsoft demands an interactive sign-in: multi-factor authentication, a Conditional Access policy, a managed device, or a new password (AADSTS50076, 50079, 53003, 530003, 50055). Until then the link does not work.
re-link-the-mailbox-and-complete = Re-link the mailbox and complete the sign-in, including MFA, as the mailbox's account.
if-this-keeps-returning-exclude-the = If this keeps returning, exclude the service account from the sign-in frequency policy or use a compliant location.
the-mailbox-account-is-disabled = The mailbox account is disabled
the-account-behind-this-mailbox-is = The account behind this mailbox is disabled or deleted in Entra ID (AADSTS50057, 50034). No application can use it.
if-the-mailbox-is-still-needed = If the mailbox is still needed, enable the account (Users, the account, Edit properties, Account enabled).
if-it-is-not-remove-the = If it is not, remove the mailbox from the application and from linkwatch.
graph-cannot-reach-the-mailbox = Graph cannot reach the mailbox
sign-in-works-but-microsoft-graph = Sign-in works, but Microsoft Graph refuses or cannot find the mailbox (403, 404, MailboxNotEnabledForRESTAPI): it may be inactive, soft-deleted, on-premises, without a licence, or not shared with the signed-in account.
check-in-the-microsoft-365-admin = Check in the Microsoft 365 admin center that the account has an Exchange Online licence and an active mailbox.
for-a-shared-mailbox-check-that = For a shared mailbox, check that the linked account has Full Access to it.
linked-with-the-wrong-account = Linked with the wrong account
the-link-was-made-while-signed = The link was made while signed in as another account than the mailbox's. Mail would be read or sent as that other account.
re-link-the-mailbox-when-microsoft = Re-link the mailbox. When Microsoft asks to pick an account, choose (or type) the mailbox's own address.
mailbox-not-linked-yet = Mailbox not linked yet
linkwatch-has-no-link-of-its = linkwatch has no link of its own to this mailbox, so it can only check the directory, not whether sign-in and mail access really work.
link-the-mailbox-from-its-page = Link the mailbox from its page (sign in as the mailbox), or import a refresh token with `linkwatch link import`.
directory-checks-were-skipped = Directory checks were skipped
the-credential-linkwatch-uses-to-read = The credential linkwatch uses to read the directory may not read the app registration, its permission grants or the accounts, so expiry dates and permissions are not checked from Entra ID.
give-the-tenant-s-monitor-app = Give the tenant's monitor app the application permissions Application.Read.All, DelegatedPermissionGrant.Read.All and User.Read.All, and grant admin consent.
or-enter-the-secret-s-expiry = Or enter the secret's expiry date by hand, so linkwatch can still warn in time.
the-check-could-not-run = The check could not run
linkwatch-could-not-complete-this-check = linkwatch could not complete this check (network, a Microsoft outage, throttling, or an unreadable reply). The status is unknown, not healthy; the last known status is shown beside it.
wait-for-the-next-cycle-a = Wait for the next cycle: a single failure is often a blip.
if-it-persists-read-the-detail = If it persists, read the detail, check linkwatch's network access to Microsoft, and the Microsoft 365 service health page.
the-application-itself-cannot-sign-in = The application itself cannot sign in
microsoft-s-sign-in-log-shows = Microsoft's sign-in log shows that the business application's own sign-ins fail since the time shown, even if linkwatch's own link works: the application still sends an old secret, or its own link for this mailbox was revoked. Its mail has stopped.
read-the-aadsts-code-and-the = Read the AADSTS code and the fix below it: it says what to do in the application.
after-the-fix-the-problem-closes = After the fix, the problem closes by itself once the application's next sign-in succeeds (usually within its polling interval plus a few minutes).
the-application-has-stopped-signing-in = The application has stopped signing in
the-business-application-has-not-signed = The business application has not signed in for this mailbox for longer than the idle limit: its mail polling stopped (a stopped service or scheduler, a removed mailbox). Its refresh token dies of inactivity 90 days after its last sign-in (AADSTS700082).
check-that-the-application-s-mail = Check that the application's mail service or scheduled task runs.
if-the-mailbox-is-no-longer = If the mailbox is no longer used, stop watching it in linkwatch.
still-to-do-in-the-application = Still to do in the application
linkwatch-s-part-of-the-fix = linkwatch's part of the fix is done (a new secret, a new link), but the business application has not signed in successfully since: it does not have the fix yet.
do-the-step-shown-in-the = Do the step shown in the application (its runbook has the screens).
the-problem-closes-when-the-application = The problem closes when the application's own sign-ins succeed, or when an operator confirms it here.

## input/mod.rs
enter-a-guid-or-a-domain = Enter a GUID or a domain name.
not-a-guid-a-guid-has = Not a GUID. A GUID has 8-4-4-4-12 hexadecimal characters.
not-a-mail-address-such-as = Not a mail address such as info@contoso.nl.
not-a-date-such-as-2027 = Not a date such as 2027-05-01.
not-a-web-address-such-as = Not a web address such as https://contoso.econobis.nl
scope-names-such-as-mail-send = Scope names such as Mail.Send.Shared, separated by spaces.
choose-econobis-imagecapture-or-generic = Choose econobis, imagecapture or generic.
enter-a-name = Enter a name.
enter-the-secret-s-value = Enter the secret's value.
enter-the-client-secret-s-value = Enter the client secret's value.
enter-the-monitor-app-s-secret = Enter the monitor app's secret.
enter-the-monitor-app-s-client = Enter the monitor app's client ID with its secret.

## web/account.rs
current-password = Current password
your-account = Your account
name = Name
role = Role
change-your-password = Change your password
your-other-sessions-are-signed-out = Your other sessions are signed out; this one stays.
change-password = Change password
time-zone = Time zone
show-times-in = Show times in
the-server-s-time-zone = The server's time zone
now = Now:{" "}
save-time-zone = Save time zone
other-sessions = Other sessions
you-are-signed-in-only-here = You are signed in only here.
signed-in-elsewhere-too = Signed in elsewhere too:{" "}
other-sessions-each-lasts-12-hours = other sessions (each lasts 12 hours).
sign-out-everywhere-else = Sign out everywhere else
you-can-read-every-page = you can read every page.
you-can-read-check-now-re = you can read, check now, re-link and silence alerts.
you-can-do-everything-including-managing = you can do everything, including managing targets, users and settings.
password-changed-your-other-sessions-were = Password changed. Your other sessions were signed out.
time-zone-saved-times-are-shown = Time zone saved: times are shown in it on every page.
your-other-sessions-were-signed-out = Your other sessions were signed out.
choose-a-time-zone-from-the = Choose a time zone from the list.
too-many-wrong-passwords-wait-15 = Too many wrong passwords: wait 15 minutes and try again.
this-is-not-your-current-password = This is not your current password.

## web/alerting.rs
test-message-sent-through = Test message sent through
the-test-message-failed = The test message failed:
dead-letters-queued-again-and-tried = dead letters queued again and tried at once; the list below shows how each went.

## web/channels.rs
destination-is-internal = { $address } is an address on this machine or the internal network: alerts set up in the dashboard may not go there. The server's operator can allow it in the configuration file with [alerts] allow_private_destinations = true.
a-test-message-was-delivered-through = A test message was delivered through{" "}
save-to-use-the-channel = . Save to use the channel.
not-a-port-number = Not a port number.
a-channel-of-the-config-file = A channel of the config file has this name.

## web/connect.rs
enter-the-tenant-s-domain-such = Enter the tenant's domain (such as contoso.onmicrosoft.com) or its tenant ID.
microsoft-does-not-know-the-tenant = Microsoft does not know the tenant { $tenant } (AADSTS90002). Type the tenant's initial domain (name.onmicrosoft.com, shown in the Entra admin center under Overview) or its tenant ID, a GUID.

## web/guides.rs
paste-the-secret-s-value = Paste the secret's Value.
that-is-the-secret-id-a = That is the Secret ID (a GUID), not the secret: copy the Value column instead (it is shown only right after the secret was added).
the-expiry-is-not-a-date = The expiry is not a date such as 2027-05-01.

## web/manage/apps.rs
used-by = Used by
sets-the-default-scopes-and-the = Sets the default scopes and the re-link runbook.
stored-starts-with = Stored, starts with
leave-empty-to-keep-it = Leave empty to keep it.
the-secret-s-value-not-its = The secret's value (not its ID). It is encrypted and never shown again.
application-client-id = Application (client) ID
client-secret = Client secret
secret-expires = Secret expires
only-needed-when-linkwatch-may-not = Only needed when linkwatch may not read the directory.
required-scopes = Required scopes
separated-by-spaces-empty-the-defaults = Separated by spaces; empty: the defaults of the consumer kind.
application-url = Application URL
choose-a-tenant = Choose a tenant.

## web/manage/mailboxes.rs
address = Address
account-object-id = Account object ID
entra-id-users-the-account-object = Entra ID, Users, the account, Object ID.
only-when-they-differ-from-the = Only when they differ from the app registration's.
choose-an-app-registration = Choose an app registration.

## web/manage/mod.rs
saved-the-next-check-cycle-includes = Saved. The next check cycle includes it; use Check now on its page to check at once.
deleted = Deleted.

## web/manage/tenants.rs
tenant-id = Tenant ID
the-directory-s-guid-or-a = The directory's GUID or a verified domain, e.g. contoso.onmicrosoft.com
monitor-app-client-id = Monitor app (client) ID
optional-an-app-with-application-read = Optional: an app with Application.Read.All, DelegatedPermissionGrant.Read.All and User.Read.All
monitor-app-secret = Monitor app secret
stored-leave-empty-to-keep-it = Stored. Leave empty to keep it.

## web/manage/users.rs
reads = reads
also-checks-now-re-links-and = also checks now, re-links and silences
also-manages-targets-users-and-settings = also manages targets, users and settings
leave-both-empty-to-keep-the = Leave both empty to keep the current password. At least 10 characters.
at-least-10-characters = At least 10 characters.
new-password = New password
new-password-again = New password again
use-at-least-10-characters = Use at least 10 characters.
the-two-passwords-differ = The two passwords differ.
used-to-sign-in-letters-digits = Used to sign in: letters, digits and . _ - @, up to 64 characters.
user = User
new-user = New user
yes-delete-this-account-and-sign = Yes, delete this account and sign it out
use-1-to-64-letters-digits = Use 1 to 64 letters, digits and . _ - @.
an-account-with-this-name-already = An account with this name already exists.
choose-a-role = Choose a role.
you-cannot-delete-your-own-account = You cannot delete your own account; another admin can.
this-is-the-last-admin-account = This is the last admin account: make another account admin first, so somebody can still manage linkwatch.

## web/relink.rs
this-sign-in-was-not-started = This sign-in was not started from this linkwatch, or its mailbox was removed.
this-sign-in-result-was-already = This sign-in result was already used once; it cannot be used again.
the-sign-in-took-longer-than = The sign-in took longer than 10 minutes and has expired.
this-sign-in-was-started-in = This sign-in was started in another dashboard session.
the-mailbox-was-not-linked = The mailbox was not linked
start-the-re-link-again-from = Start the re-link again from the mailbox's page.
microsoft-did-not-link-the-mailbox = Microsoft did not link the mailbox
signed-in-with-the-wrong-account = Signed in with the wrong account: nothing was stored
microsoft-signed-in = Microsoft signed in
but-this-mailbox-is = but this mailbox is
try-again-when-microsoft-asks-which = Try again. When Microsoft asks which account, choose "Use another account" and type
with-its-password = with its password.
permissions-are-missing-nothing-was-stored = Permissions are missing: nothing was stored
microsoft-granted-the-link-without = Microsoft granted the link without:
have-an-administrator-grant-consent-for = Have an administrator grant consent for the organisation, then re-link.
grant-admin-consent-as-an-administrator = Grant admin consent (as an administrator)
no-refresh-token-came-back = No refresh token came back
microsoft-did-not-return-a-refresh = Microsoft did not return a refresh token (offline_access was not granted).

## web/session.rs
wrong-user-name-or-password = Wrong user name or password.
sign-in-held-for-name =
    { $minutes ->
        [one] Too many wrong passwords for this name from your address. Try again in 1 minute, or sign in from another device; an admin can reset the password.
       *[other] Too many wrong passwords for this name from your address. Try again in { $minutes } minutes, or sign in from another device; an admin can reset the password.
    }
sign-in-held-for-address =
    { $minutes ->
        [one] Too many wrong passwords from your address. Try again in 1 minute.
       *[other] Too many wrong passwords from your address. Try again in { $minutes } minutes.
    }

## web/tokens.rs
api-tokens = API tokens
tokens-for-the-read-only-json = Tokens for the read-only JSON API (
send-them-as-authorization-bearer-token = ). Send them as Authorization: Bearer <token>.
copy-the-token-now-it-is = Copy the token now: it is shown only this once.
created = Created
last-used = Last used
revoke = Revoke
new-token = New token
what-it-is-for = What it is for
create = Create

## web/views/alerting.rs
for-how-long = For how long
t-1-hour = 1 hour
t-4-hours = 4 hours
t-1-day = 1 day
t-1-week = 1 week
alerts = Alerts
last-alert = Last alert:{" "}
none = none
acknowledged-by = Acknowledged by{" "}
no-reminders-until-the-status-changes = {" "}— no reminders until the status changes
silenced-until = Silenced until{" "}
the-tenant-is-in-maintenance-until = The tenant is in maintenance until{" "}
acknowledge = Acknowledge
end-the-silence = End the silence
reason = reason
reason-2 = Reason
silence = Silence
maintenance-window = Maintenance window
no-alerts-for-this-tenant-until = No alerts for this tenant until{" "}
none-alerts-go-out-as-usual = None: alerts go out as usual.
end-the-maintenance-window = End the maintenance window
start-maintenance = Start maintenance
heartbeat = Heartbeat
not-set-if-linkwatch-itself-stops = Not set: if linkwatch itself stops, nobody is told. Set [alerts] heartbeat_url to a Healthchecks.io or Uptime Kuma push URL; linkwatch calls it after every check cycle, and {"{"}url{"}"}/fail when a cycle could not run.
after-every-check-cycle-linkwatch-calls = After every check cycle linkwatch calls{" "}
and-fail-when-a-cycle-could = {" "}(and …/fail when a cycle could not run).
no-ping-sent-yet-the-first = No ping sent yet: the first goes out after the next cycle.
last-ping = Last ping:{" "}
cycle-ok = cycle ok
reported-as-failed = reported as failed
the-monitor-accepted-it = the monitor accepted it.
the-ping-failed = the ping failed:{" "}
never = never
every-day-at = every day at
open-incidents = Open incidents
nothing-is-broken = Nothing is broken.
all-of-them-on-the-overview = All of them on the overview
acknowledged-and-silenced = Acknowledged and silenced
nothing-is-acknowledged-or-silenced-every = Nothing is acknowledged or silenced: every problem alerts as usual.
app-or-mailbox = App or mailbox
state = State
by = by{" "}
maintenance-windows = Maintenance windows
no-tenant-is-in-maintenance-start = No tenant is in maintenance. Start a window on a tenant's page: its alerts wait until it ends.
no-alerts-until = no alerts until{" "}
when-alerts-go-out = When alerts go out
problems = Problems
once-when-a-target-turns-warning = once when a target turns warning or critical, and once when it works again
expiry = Expiry
once-at-each-of = once at each of{" "}
days-before = {" "}days before
reminders = Reminders
every = every{" "}
hours-while-critical-and-not-acknowledged = {" "}hours while critical and not acknowledged
checks-that-could-not-run = Checks that could not run
after = after{" "}
failures-in-a-row = {" "}failures in a row
daily-digest-email = Daily digest (email)
set-under-alerts-in-linkwatch-toml = Set under [alerts] in linkwatch.toml.
waiting = Waiting:{" "}
sent = sent:{" "}
given-up-dead-letters = given up (dead letters):{" "}
send-the-dead-letters-again = Send the dead letters again
once-the-channel-s-cause-is = Once the channel's cause is fixed (see the errors below). Receivers that already got one see the same message id.
channels = Channels
add-a-channel = Add a channel
no-channels-add-one-here-or = No channels: add one here, or [[alerts.channels]] to the config file.
kind = Kind
language = Language
scope = Scope
edit = Edit
config-file = config file
everything = everything
send-a-test-message = Send a test message
recent-messages = Recent messages
channel = Channel
about = About
state-2 = State
attempts = Attempts
last-error = Last error

## web/views/channels.rs
email = Email
webhook = Webhook
slack = Slack
microsoft-teams = Microsoft Teams
through-your-smtp-server-in-english = Through your SMTP server, in English or Dutch, to fixed addresses and optionally to the app registration's owners.
json-to-your-own-endpoint-signed = JSON to your own endpoint, signed as Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).
a-slack-incoming-webhook-block-kit = A Slack incoming webhook (Block Kit message).
a-teams-workflows-webhook-adaptive-card = A Teams Workflows webhook (Adaptive Card).
add-an-alert-channel = Add an alert channel
where-should-alerts-go = Where should alerts go?
alert-channel = Alert channel
kept-leave-empty-to-keep-it = Kept; leave empty to keep it.
alert-channel-2 = alert channel
new-alert-channel = new alert channel
the-test-message-was-not-delivered = The test message was not delivered:{" "}
name-2 = Name *
how-alerts-and-the-alerts-page = How alerts and the Alerts page name it.
smtp-server = SMTP server *
port = Port
t-587-for-starttls-465-for-tls = 587 for starttls, 465 for tls, 25 without encryption (none).
connection = Connection
user-name = User name
empty-no-sign-in-at-the = Empty: no sign-in at the server.
password = Password
encrypted-at-rest-never-shown-again = Encrypted at rest, never shown again.
from = From *
to = To *
addresses-separated-by-spaces-or-commas = Addresses separated by spaces or commas.
also-to-the-owners-of-the = Also to the owners of the app registration concerned (read from Graph; needs Application.Read.All)
url = URL *
encrypted-at-rest-urls-with-tokens = Encrypted at rest: URLs with tokens are secrets.
signing-secret-whsec = Signing secret (whsec_…)
optional-the-receiver-checks-webhook-signature = Optional; the receiver checks webhook-signature with it.
webhook-url = Webhook URL *
which-alerts = Which alerts
nothing-ticked-every-tenant-and-app = Nothing ticked: every tenant and app registration.
tenant-2 = Tenant{" "}
app-registration-2 = App registration{" "}
send-a-test = Send a test
save = Save
send-a-test-delivers-one-test = Send a test delivers one test message through these settings without saving them.
delete = Delete
yes-delete-this-channel = Yes, delete this channel

## web/views/connect.rs
manage = Manage
connect-a-tenant = Connect a tenant
application-permission = Application permission
what-linkwatch-watches-with-it = What linkwatch watches with it
an-administrator-of-the-tenant-consents = An administrator of the tenant consents once to linkwatch's monitor app; linkwatch then reads the tenant's app registrations, consent and sign-ins with it, and offers the mail apps it finds to watch. No app registration per customer, no IDs to type.
once-register-linkwatch-s-monitor-app = Once: register linkwatch's monitor app
in-your-own-tenant-entra-id = In your own tenant: Entra ID → App registrations → New registration. Supported account types:{" "}
accounts-in-any-organizational-directory-multitenant = Accounts in any organizational directory (multitenant)
redirect-uri-platform-web = Redirect URI, platform Web:{" "}
api-permissions-add-a-permission-microsoft = API permissions → Add a permission → Microsoft Graph → Application permissions; add these (no need to grant consent there):
certificates-secrets-certificates-upload-certificate-recommended = Certificates & secrets → Certificates → Upload certificate (recommended: an RSA certificate of 2048 bits or more, the private key stays with linkwatch), or New client secret and copy its Value.
in-linkwatch-toml-then-restart-linkwatch = In linkwatch.toml, then restart linkwatch:
or-with-a-client-secret = or, with a client secret:
no-monitor-app-is-configured-yet = No monitor app is configured yet ([monitor] in linkwatch.toml): register it as above first.
monitor-app = Monitor app:{" "}
its-domain-contoso-onmicrosoft-com-or = Its domain (contoso.onmicrosoft.com or a verified domain) or its tenant ID.
name-in-linkwatch = Name in linkwatch
also-watch-every-app-registration-s = Also watch every app registration's secrets and certificates, not only mail apps (those Microsoft renews itself, such as Entra Connect's ConnectSyncProvisioning_* and Application Proxy's CWAP_AuthSecret, are left out)
a-global-administrator-or-privileged-role = A Global Administrator or Privileged Role Administrator of that tenant signs in at Microsoft and accepts. Nothing is saved until Microsoft confirms.
continue-to-microsoft = Continue to Microsoft
waiting-for-microsoft = Waiting for Microsoft…
the-consent-was-given-microsoft-s = The consent was given. Microsoft's token service takes up to a few minutes to apply it; this page checks again every 3 seconds.
waiting-2 = Waiting
s-of-at-most = {" "}s of at most{" "}
minutes = {" "}minutes ·{" "}
connected = Connected:{" "}
microsoft-applied-the-consent-and-linkwatch = Microsoft applied the consent and linkwatch saved the tenant with its monitor app.
what-linkwatch-can-watch-here = What linkwatch can watch here
was-not-granted = {" "}was not granted
discover-its-mail-apps = Discover its mail apps
open-the-tenant = Open the tenant
the-tenant-was-not-connected = The tenant was not connected
try-again = Try again
this-answer-does-not-belong-to = This answer does not belong to a connection started here (the link may be forged).
this-answer-was-already-used-once = This answer was already used once; it cannot be used again.
the-consent-took-longer-than-15 = The consent took longer than 15 minutes; start again.
this-connection-was-started-in-another = This connection was started in another dashboard session.
the-administrator-cancelled = The administrator cancelled
the-consent-was-declined-at-microsoft = The consent was declined at Microsoft, so nothing was saved. Start again and choose Accept when you are ready.
signed-in-with-an-account-of = Signed in with an account of another directory
the-account-used-at-microsoft-does = The account used at Microsoft does not belong to this tenant. Start again and sign in with an administrator of the tenant itself.
microsoft-did-not-give-the-consent = Microsoft did not give the consent
start-again = Start again
no-token-yet = no token yet
the-token-has-no-permissions-yet = the token has no permissions yet
of = of
permissions-so-far = permissions so far

## web/views/consumer.rs
not-available-this-tenant-has-no = Not available: this tenant has no monitor credential. With one that has AuditLog.Read.All and Directory.Read.All, linkwatch also sees the application's own sign-ins.
not-available-this-tenant-has-no-2 = Not available: this tenant has no Microsoft Entra ID P1 or P2 licence, and Microsoft gives the sign-in log to Graph only with one. linkwatch watches its own link; after a fix, confirm by hand that the application works again.
not-available-the-monitor-credential-may = Not available: the monitor credential may not read sign-in logs. Grant it the application permissions AuditLog.Read.All and Directory.Read.All, with admin consent.
the-sign-in-log-could-not = The sign-in log could not be read the last time; linkwatch tries again each cycle.
last-successful-sign-in = Last successful sign-in
none-in-the-sign-in-log = none in the sign-in log
since = since
failed-sign-ins-since-then = Failed sign-ins since then
first = first{" "}
latest = latest{" "}
runbook = Runbook
still-to-do-in = Still to do in{" "}
open = Open{" "}
the-secret-was-rotated-in-linkwatch = The secret was rotated in linkwatch{" "}
the-mailbox-was-re-linked-in = The mailbox was re-linked in linkwatch{" "}
this-closes-by-itself-when = This closes by itself when{" "}
s-own-sign-ins-succeed-or = 's own sign-ins succeed, or when an operator confirms it.
the-application-s-sign-ins-cannot = The application's sign-ins cannot be read here: confirm once it works again.
confirm = Confirm:{" "}
has-the-fix = {" "}has the fix
done = Done:{" "}
s-own-sign-ins-succeed-again = 's own sign-ins succeed again since{" "}
done-confirmed-by = Done: confirmed by{" "}
itself = {" "}itself
from-microsoft-s-sign-in-log = From Microsoft's sign-in log: what the application does, not only linkwatch's own link.
credential-it-signs-in-with = Credential it signs in with:{" "}
last = last{" "}
not-seen-in-the-sign-in = not seen in the sign-in log
sign-in-log-read = Sign-in log read{" "}
which-secret = Which secret{" "}
uses = {" "}uses
delete-the-old-secret-only-after = Delete the old secret only after you have checked the application's own settings.
the-new-secret = the new secret
signs-in-with-it-last = {" "}signs in with it (last{" "}
not-used-by = not used by{" "}
yet = {" "}yet.
still-tries-it = {" "}still tries it
give-it-the-new-secret-first = : give it the new secret first.
signed-in-with-it = {" "}signed in with it{" "}
not-safe-to-delete-yet = : not safe to delete yet.
last-signed-in-with-it = {" "}last signed in with it{" "}
not-used-by-2 = not used by{" "}
last-use-by-anyone-linkwatch-included = {" "}(last use by anyone, linkwatch included:{" "}
since-2 = {" "}since{" "}
safe-to-delete-once-the-new = : safe to delete once the new one works everywhere.

## web/views/detail.rs
check-now = Check now
checked = checked{" "}
last-known = last known:{" "}
failed-checks-in-a-row = {" "}failed checks in a row
no-changes-recorded-yet = No changes recorded yet.
overview = Overview
monitor-credential = Monitor credential
none-each-app-s-own-credential = none: each app's own credential is tried for directory reads
source = Source
the-applications-own-sign-ins = The applications' own sign-ins
available-read-from-microsoft-s-sign = available: read from Microsoft's sign-in log
every-app-registration-s-expiry = Every app registration's expiry
on-the-secrets-and-certificates-of = On: the secrets and certificates of every app registration here are watched, not only mail apps'.
off-only-the-apps-listed-below = Off: only the apps listed below are watched.
left-out = Left out:{" "}
and-application-proxy-s-cwap-authsecret = and Application Proxy's CWAP_AuthSecret secrets (Microsoft renews them).
watch-every-app-registration-s-secrets = Watch every app registration's secrets and certificates
leave-out-app-registrations-named-one = Leave out app registrations named (one pattern per line, * for any text)
app-registrations = App registrations
discover-mail-apps = Discover mail apps
every-app-with-mail-permissions-in = every app with mail permissions in this tenant, and which are not watched
status = Status
mailboxes = Mailboxes
declared-in-the-config-file-read = declared in the config file (read-only here)
managed-in-the-dashboard = managed in the dashboard
watched-with = Watched, with{" "}
mailbox-2 = mailbox
mailboxes-2 = mailboxes
the-check-below-ran-just-now = . The check below ran just now.
stored-secret = Stored secret
first-characters-only = (first characters only)
signals = Signals
every-app-registration-of-the-tenant = every app registration of the tenant: watched for its secrets' and certificates' expiry
redirect-uri-for-re-linking = Redirect URI for re-linking
add-it-under-authentication-platform-web = Add it under Authentication, platform Web, once per app registration.
guides = Guides
runbook-for = Runbook for{" "}
rotate-the-client-secret = Rotate the client secret
azure-portal = Azure portal
certificates-secrets = Certificates & secrets
api-permissions = API permissions
authentication = Authentication
a-new-client-secret-is-not = A new client secret is not allowed here
the-secret-is-running-out-while = The secret is running out while the tenant's app management policy blocks new secrets for this app: rotate with a certificate, or ask for an exception to the policy.
a-new-client-secret-may-last = A new client secret may last at most{" "}
days-here = {" "}days here
secrets-and-certificates = Secrets and certificates
permissions = Permissions
no-mailboxes = No mailboxes.
link = Link
linked = linked
not-linked = not linked
history = History
the-app-registration-has-no-secrets = The app registration has no secrets or certificates.
expires = Expires
days-left = Days left
in-use = in use
as-read-from-the-directory = As read from the directory{" "}
the-directory-could-not-be-read = The directory could not be read:{" "}
expiry-entered-by-hand = Expiry entered by hand:{" "}
not-checked-yet = Not checked yet.
yes = yes
no = no
scope-2 = Scope
required-2 = Required
configured-on-the-app = Configured on the app
granted-mailboxes = Granted (mailboxes)
not-read = not read
re-linked-the-check-below-ran = Re-linked. The check below ran just now.
rotate-the-secret-of = Rotate the secret of{" "}
this-mailbox-fails-because-of-its = This mailbox fails because of its app registration's secret.
re-link-this-mailbox = Re-link this mailbox
link-this-mailbox = Link this mailbox
linkwatch-has-no-link-to-this = linkwatch has no link to this mailbox.
linked-2 = Linked
signed-in-account = Signed-in account
not-known-yet = not known yet
granted-scopes = Granted scopes
token-renewed = Token renewed
not-yet = not yet
account = Account
object-id = Object ID
open-in-entra = Open the account in Entra
account-enabled = Account enabled
sign-in-with-its-secret-on = Sign-in with its secret: on.
sign-in-with-its-secret-off = Sign-in with its secret: off — no secret of its own is stored (add it under Manage).
mailbox-probes = Mailbox probes:{" "}
of-2 = {" "}of{" "}
linked-in-linkwatch = {" "}linked in linkwatch.
directory-read = Directory: read.
directory-not-read-see-the-problems = Directory: not read (see the problems below).
directory-not-read-yet = Directory: not read yet.
the-application-s-sign-ins-read = The application's sign-ins: read.
the-application-s-sign-ins-not = The application's sign-ins: not available in this tenant.

## web/views/discover.rs
discover = Discover
mail-apps-in = Mail apps in{" "}
read-just-now-from-the-tenant = Read just now from the tenant's directory with its monitor credential: every app registration with Microsoft Graph mail permissions. An app that is not watched can stop mailing without anyone noticing: choose Watch to add it with its mailboxes.
the-directory-could-not-be-read-2 = The directory could not be read.
no-app-registration-in-this-tenant = No app registration in this tenant has Microsoft Graph mail permissions.
apps-with-mail-permissions = {" "}apps with mail permissions,{" "}
not-watched-2 = {" "}not watched.
mail-permissions = Mail permissions
reaches = Reaches
enterprise-applications = Enterprise applications
delegated-permission-grants = Delegated permission grants
other-objects = Other objects
read-so-far = read so far
page = page
reading-the-directory-of = Reading the directory of{" "}
a-large-directory-is-read-999 = A large directory is read 999 objects a page; this page looks again every 3 seconds and shows the mail apps once every page is read. Nothing is saved until you choose Watch.
asking-microsoft-for-a-token = Asking Microsoft for a token…
reading-for = Reading for{" "}
text = ,
watched = watched
probably = probably{" "}
watch = Watch…
app-only-every-mailbox = app-only: every mailbox
every-account-admin-consent = every account (admin consent)
every-mailbox-once-an-admin-granted = every mailbox, once an admin granted the application permission
no-consent = no consent
secret = secret
certificate = certificate
expired = expired{" "}
until = until{" "}
microsoft-refused-a-token-with-this = Microsoft refused a token with this secret, so nothing was saved. Copy the secret's Value (not its ID), or leave the field empty:
is-not-a-mailbox-this-app = is not a mailbox this app reaches (any more). Untick it and try again.
nothing-was-saved-see-the-fields = Nothing was saved: see the fields below.
watch-2 = Watch{" "}
mail-permissions-2 = Mail permissions:{" "}
guessed-from-the-app-registration-s = Guessed from the app registration's name and redirect URIs. It sets the permissions each mailbox needs and the re-link runbook.
mailboxes-to-watch = Mailboxes to watch
no-account-has-consented-to-this = No account has consented to this app yet. Watching it still watches its credentials, permissions and sign-ins.
this-app-reaches-every-mailbox-with = This app reaches every mailbox with its application permission; linkwatch watches its credentials, permissions and sign-ins.
no-mail-address-in-the-directory = (no mail address in the directory)
the-app-s-client-secret-optional = The app's client secret (optional)
its-value-from-certificates-secrets-with = Its Value, from Certificates & secrets. With it, linkwatch also signs in as the app and can re-link mailboxes; without it, the app is watched through the directory and its own sign-ins. Encrypted, never shown again.
what-linkwatch-will-watch = What linkwatch will watch
directory = Directory:{" "}
its-secrets-and-certificates-expiry-its = its secrets' and certificates' expiry, its permissions and the accounts' consent, with the monitor credential.
the-application-s-sign-ins = The application's sign-ins:{" "}
available-linkwatch-sees-when-the-application = available: linkwatch sees when the application itself fails.
not-available-in-this-tenant-entra = not available in this tenant (Entra ID P1 or P2 and AuditLog.Read.All are needed).
app-sign-in-with-its-secret = App sign-in with its secret:{" "}
only-when-you-give-the-secret = only when you give the secret above.
after-each-mailbox-is-re-linked = after each mailbox is re-linked in linkwatch (this needs the secret).
watch-this-app = Watch this app
watch-3 = Watch
the-directory-could-not-be-read-3 = The directory could not be read, so nothing was watched:
this-app-registration-is-not-among = This app registration is not among the tenant's mail apps (any more).
this-app-registration-is-watched-already = This app registration is watched already.
nothing-was-watched = Nothing was watched
back-to-discover = Back to Discover

## web/views/guides.rs
rotate-the-client-secret-of = Rotate the client secret of{" "}
new-client-secrets-are-blocked-for = New client secrets are blocked for this app
the-portal-will-refuse-a-new = The portal will refuse a new secret. Use a certificate instead: Certificates & secrets → Certificates → Upload certificate, and give the application its private key (if it supports certificates); or ask whoever manages the policy for an exception for this app.
new-client-secrets-may-last-at = New client secrets may last at most{" "}
the-expiry-below-keeps-within-it = The expiry below keeps within it.
linkwatch-could-not-read-the-tenant = linkwatch could not read the tenant's app management policies (
the-portal-says-so-if-a = ); the portal says so if a new secret is not allowed.
microsoft-refused-this-secret-nothing-was = Microsoft refused this secret; nothing was saved.
did-you-paste-the-secret-s = Did you paste the secret's ID instead of its Value? Copy the Value column.
open-certificates-secrets-in-the-azure = Open Certificates & secrets in the Azure portal
in-this-demo-microsoft-is-simulated = In this demo Microsoft is simulated:{" "}
its-certificates-secrets-page = its Certificates & secrets page
choose-new-client-secret-description = Choose New client secret. Description:{" "}
expires-180-days-the-portal-s = . Expires: 180 days (the portal's recommendation; 24 months at most) or what the policy allows, that is{" "}
copy-the-value-not-the-secret = Copy the Value (not the Secret ID) at once: it is shown only this once.
paste-it-here-linkwatch-tries-it = Paste it here. linkwatch tries it with Microsoft before saving anything.
new-client-secret-value = New client secret (Value)
expires-as-shown-in-the-portal = Expires (as shown in the portal)
optional-when-linkwatch-may-read-the = Optional when linkwatch may read the directory: then it reads the date itself.
test-and-save = Test and save
rotate-the-client-secret-2 = Rotate the client secret
the-new-secret-works = The new secret works
microsoft-accepted-it-and-linkwatch-saved = Microsoft accepted it and linkwatch saved it (encrypted).{" "}
it-expires-on = It expires on{" "}
microsoft-accepted-it-this-app-registration = Microsoft accepted it. This app registration is declared in linkwatch's config file: put the new value in its client_secret_env variable (or client_secret) and restart linkwatch.
the-azure-portal-shows-the-secret = The Azure portal shows the secret's value only once: keep it until the application has it, then let it go.
checklist = Checklist
econobis-stores-the-secret-per-mailbox = Econobis stores the secret per mailbox; every mailbox of this installation shares it. Update it in each:
these-mailboxes-are-linked-through-this = These mailboxes are linked through this app registration; check each once the application has the new secret:
imagecapture-holds-one-client-secret-per = ImageCapture holds one client secret per account: replace it in each account's Microsoft Graph email settings.
wait-for-the-next-check-or = Wait for the next check (or use Check now) and confirm every mailbox stays green.
then-delete-the-old-secret-in = Then delete the old secret in Certificates & secrets
it-starts-with = it starts with{" "}
this-follows-from = This follows from{" "}
fixing-that-fixes-this-too = {" "}above: fix that and this goes too.
action-see-what-to-do = See what to do
open-2 = Open
the-problem-stays-open-until = the problem stays open until{" "}
itself-signs-in-with-the-new = {" "}itself signs in with the new secret, or until you confirm it on the app registration's page.
back-to = Back to{" "}
enter-the-new-secret-in = Enter the new secret in{" "}
the-application-that-uses-this-app = {" "}(the application that uses this app registration).
client-id = Client ID
the-full-value-is-in-your = (the full value is in your password manager; linkwatch never shows it)
application = Application
re-link-in-linkwatch = Re-link in linkwatch
open-econobis-in-microsoft-edge-any = Open Econobis in Microsoft Edge (any browser works if you sign out of Microsoft first).
sign-in-to-econobis-with-your = Sign in to Econobis with your own Econobis account; go to Settings › Mailboxes and open the mailbox.
set-incoming-email-type-to-microsoft = Set "incoming email type" to Microsoft API (if it is not already).
under-microsoft-azure-api-settings-fill = Under "Microsoft Azure API settings" fill in the values above: client ID, tenant ID and client secret are the same for every mailbox; the object ID differs per mailbox.
save-microsoft-s-sign-in-page = Save. Microsoft's sign-in page opens: sign in with the mailbox's own address and password, not your own account.
before-the-next-mailbox-sign-out = Before the next mailbox, sign out of Microsoft (or close the private window): a session that is still signed in links the wrong account. linkwatch shows identity_mismatch when that happened.
the-app-registration-is-single-tenant = The app registration is single tenant, with a Web redirect URI (ImageCapture's own, from its setup guide).
api-permissions-microsoft-graph-delegated-mail = API permissions: Microsoft Graph, delegated, Mail.ReadWrite.Shared (to fetch mail) and Mail.Send.Shared (to send).
in-imagecapture-replace-the-microsoft-exchange = In ImageCapture, replace the Microsoft Exchange email account by a Microsoft Graph email account with the values above.
imagecapture-holds-one-client-secret-per-2 = ImageCapture holds one client secret per account: after a rotation, update every account.
secrets-can-no-longer-be-set = Secrets can no longer be set to "Never" expire (24 months at most): linkwatch warns before the date.
in-the-application-s-mail-settings = In the application's mail settings, enter the tenant ID, client ID and client secret above.
start-its-microsoft-sign-in-and = Start its Microsoft sign-in and sign in as the mailbox's own account.
check-the-mailbox-s-page-here = Check the mailbox's page here afterwards: it must turn green.
runbook-2 = Runbook:{" "}
the-values = The values
steps = Steps
linkwatch-s-own-link-uses-this = linkwatch's own link uses this redirect URI (Web platform):{" "}

## web/views/layout.rs
your-account-and-password = Your account and password
sign-out = Sign out
main = Main
menu = Menu
warning-2 = Warning
critical-2 = Critical
unknown-2 = Unknown
not-checked-yet-2 = Not checked yet
just-now = just now

## web/views/manage.rs
targets-from-the-config-file-are = Targets from the config file are read-only here: change them in the file.
sections = Sections
tenants = Tenants
dashboard-users = Dashboard users
add-a-tenant-by-hand = Add a tenant by hand
add-an-app-registration = Add an app registration
add-a-mailbox = Add a mailbox
find-a-mailbox = Find a mailbox
address-or-app = address or app
search = Search
add-a-user = Add a user
last-signed-in = Last signed in
actions = Actions
you = you
open-sessions = open sessions
yes-delete-it-with-its-history = Yes, delete it with its history of links
viewer = Viewer
operator = Operator
admin = Admin

## web/views/misc.rs
sign-in = Sign in
demo-sign-in-as = Demo: sign in as{" "}
with-password = {" "}with password{" "}
forgot-your-password-an-admin-resets = Forgot your password? An admin resets it under Manage → Dashboard users, or on the server:{" "}
find = Find
mailbox-app-user-or-action = mailbox, app, user or action
show = Show
everything-2 = Everything
status-changes = Status changes
any = Any
anyone = Anyone
from-2 = From
to-2 = To
filter = Filter
clear = Clear
none-with-these-filters = None with these filters.
when = When
change = Change
no-longer-watched = (no longer watched)
actions-audit-log = Actions (audit log)
show-sign-ins-too = Show sign-ins too
who = Who
what = What
on = On

## web/views/overview.rs
rotate-the-secret = Rotate the secret
re-link = Re-link
grant-consent = Grant consent
fix-in = Fix in{" "}
open-the-runbook = Open the runbook
app-registration-3 = app registration
mailbox-of = mailbox of{" "}
acknowledged-by-2 = acknowledged by{" "}
silenced-until-2 = silenced until{" "}
breaks = Breaks:{" "}
status-counts = Status counts
what-is-broken = What is broken
all-problems = All problems
nobody-will-be-told = Nobody will be told.
no-alert-channel-is-configured-so = No alert channel is configured, so problems are only shown here: add an email, webhook, Slack or Teams channel.
new-mail-apps-found = New mail apps found
discovery-found-these-since-it-first = Discovery found these since it first read their tenant; nobody watches them yet.
found = found{" "}
leave-unwatched = Leave unwatched
last-check = Last check:{" "}
no-full-check-has-run-yet = No full check has run yet.
next = next:{" "}
check-everything-now = Check everything now
expiring-in-the-next-90-days = Expiring in the next 90 days
expired-and-still-in-use = Expired and still in use:{" "}
everything-watched = Everything watched
nothing-matches = Nothing matches.
problem = Problem
checked-2 = Checked
all = all{" "}
all-2 = all

## web/views/parts.rs
caused-by-the-app-registration-s = Caused by the app registration's problem: fix that first
missing = Missing:{" "}
expiry-2 = Expiry:{" "}
how-to-fix = How to fix
what-was-seen = What was seen
expiries-in-the-next-90-days = Expiries in the next 90 days
today = today
secrets-and-certificates-that-expire-within = Secrets and certificates that expire within 90 days.
expiries = Expiries
credential = Credential
pages = Pages
previous = Previous
page-2 = Page{" "}
items = {" "}items
next-2 = Next

## web/views/relink.rs
re-link-2 = Re-link{" "}
you-go-to-microsoft-s-sign = You go to Microsoft's sign-in page. Have the mailbox's password (and its MFA device) at hand.
sign-in-as = Sign in as{" "}
when-microsoft-shows-your-own-account = . When Microsoft shows your own account, choose "Use another account".
no-private-window-is-needed-linkwatch = No private window is needed: linkwatch checks which account signed in and stores nothing if it is the wrong one.
accept-the-permissions = Accept the permissions{" "}
asks-for = {" "}asks for:{" "}
you-come-back-here-and-linkwatch = You come back here and linkwatch checks the mailbox at once.
in-the-app-registration-s-authentication = In the app registration's Authentication page, under Web, add the redirect URI exactly:
save-wait-a-minute-and-try = Save, wait a minute, and try again.
open-authentication-in-the-azure-portal = Open Authentication in the Azure portal
try-again-and-choose-accept-on = Try again and choose Accept on Microsoft's permissions page: without consent the application cannot reach the mailbox.
an-administrator-must-grant-consent-for = An administrator must grant consent for the whole organisation once, then the mailbox can be linked.
the-sign-in-was-cancelled-try = The sign-in was cancelled. Try again when you have the mailbox's password at hand.


## explain.rs: AADSTS codes in words
aadsts-700027 = The certificate that signed the client assertion is not on the app registration (or has expired): upload its public part under Certificates & secrets.
aadsts-700021 = The client assertion names another application than the client id it was sent with.
aadsts-700023 = The client assertion was made for another tenant's token endpoint.
aadsts-700024 = The client assertion is not valid at this time: check the server's clock.
aadsts-7000222 = The client secret has expired.
aadsts-7000215 = The client secret is wrong (or its ID was used instead of its value).
aadsts-7000218 = No client secret was sent.
aadsts-700016 = The application was not found in the tenant.
aadsts-7000112 = The application is disabled.
aadsts-70001 = The application is disabled.
aadsts-90002 = The tenant was not found (wrong tenant ID or wrong cloud).
aadsts-90038 = The tenant belongs to another (national) cloud.
aadsts-65001 = The user or an administrator has not consented to the application.
aadsts-65004 = The user declined consent.
aadsts-90094 = An administrator must approve this application.
aadsts-50011 = The redirect URI is not registered on the application.
aadsts-50173 = The grant was revoked, for example by a password change.
aadsts-70000 = The grant is invalid or was already used.
aadsts-70008 = The refresh token expired or was revoked.
aadsts-700082 = The refresh token expired after 90 days without use.
aadsts-70043 = A Conditional Access sign-in frequency requires signing in again.
aadsts-50076 = Multi-factor authentication is required.
aadsts-50079 = The user must enrol in multi-factor authentication.
aadsts-53003 = Blocked by a Conditional Access policy.
aadsts-530003 = A managed device is required.
aadsts-50055 = The password has expired.
aadsts-50158 = An external security challenge was not satisfied.
aadsts-50057 = The user account is disabled.
aadsts-50034 = The user account does not exist.
aadsts-500011 = The resource (API) is not present in the tenant.
aadsts-50196 = Too many identical requests (loop detected); linkwatch backs off.
aadsts-90033 = Microsoft's directory service is temporarily unavailable.
aadsts-50033 = A temporary error; retried later.
aadsts-50087 = A temporary error; retried later.
aadsts-90006 = A temporary error at Microsoft; retried later.
aadsts-90024 = Microsoft's request budget was exceeded; retried later.
aadsts-90090 = A temporary Graph error; retried later.
aadsts-90055 = The tenant is being throttled; retried later.

## explain.rs: audit log actions as sentences
action-check-now = checked now
action-relink-start = started a re-link
action-relink-done = re-linked a mailbox
action-relink-refused = a re-link answer was refused
action-relink-error = Microsoft refused a re-link
action-relink-identity-mismatch = signed in with the wrong account; nothing stored
action-relink-missing-scopes = a re-link lacked permissions; nothing stored
action-secret-rotate = rotated the client secret
action-secret-rotate-refused = Microsoft refused a new secret
action-tenant-save = saved a tenant
action-tenant-delete = deleted a tenant
action-tenant-connect-start = started connecting a tenant
action-tenant-connect = connected a tenant
action-tenant-connect-refused = a tenant's consent was refused or cancelled
action-tenant-connect-failed = a tenant could not be connected
action-tenant-watch-all = changed watching every app registration
action-app-save = saved an app registration
action-app-delete = deleted an app registration
action-app-watch = watched an app found by discovery
action-mailbox-save = saved a mailbox
action-mailbox-delete = deleted a mailbox
action-discover-new-app = discovery found a new mail app
action-discover-dismiss = left a new mail app unwatched
action-channel-save = saved an alert channel
action-channel-delete = deleted an alert channel
action-alert-test = sent a test message
action-alert-acknowledge = acknowledged a problem
action-alert-silence = muted alerts
action-alert-unsilence = unmuted alerts
action-outbox-requeue = queued failed messages again
action-fix-confirmed = confirmed the application has the fix
action-login-failed = a sign-in failed
action-login-held = too many wrong passwords: this address may not try this name for 15 minutes
action-login-held-address = too many wrong passwords: this address may not sign in for 15 minutes
action-login-slowed = many wrong passwords for this name: wrong answers are now slowed down
action-password-change = changed their password
action-sessions-end = signed out other sessions
action-user-upsert = added a user
action-user-update = changed a user
action-user-delete = deleted a user
action-api-token-create = created an API token
action-api-token-delete = revoked an API token

## monitor.rs: what each permission of the monitor app feeds
permission-application-read-all = app registrations: secret and certificate expiry, configured permissions; discovery of mail apps
permission-delegatedpermissiongrant-read-all = consent: which mailboxes gave an app which permissions
permission-user-read-all = accounts: mail addresses, and whether an account is disabled
permission-auditlog-read-all = the applications' own sign-ins (with Entra ID P1 or P2)
permission-policy-read-all = app management policies: whether new secrets are allowed, and for how long

## Messages with values ({ $name } is filled in)
settings-econobis = Econobis → Settings → Mailboxes
settings-imagecapture = ImageCapture → Settings → E-mail → Microsoft 365
settings-generic = { $app }'s mail settings
consumer-fix-secret = { $app } still sends an old or expired secret: paste the new secret's value in { $at }.
consumer-fix-app-missing = The app registration { $app } uses is disabled or deleted: enable it in Entra, or give { $app } the right client id in { $at }.
consumer-fix-link = { $app }'s own link for this mailbox no longer works: connect the mailbox again in { $at } (sign in as the mailbox's account).
consumer-fix-reauth = The mailbox's account must sign in again (MFA, Conditional Access or an expired password): reconnect it in { $at }.
consumer-fix-account = The mailbox's account is disabled or deleted: enable it in Entra, or remove the mailbox from { $app }.
consumer-fix-other = Look up AADSTS{ $code } and check the connection in { $at }.
gave-up-no-monitor-app = No monitor app is configured ([monitor] in linkwatch.toml).
gave-up-not-propagated = After { $minutes } minutes Microsoft still refuses a token for the monitor app in this tenant: { $error }
gave-up-not-jwt = The token is not a JWT, so its permissions cannot be read.
gave-up-other-tenant = The consent came back for another tenant ({ $returned }) than the one asked for ({ $asked }, { $tid }): nothing was saved.
gave-up-no-roles = The token for this tenant carries no permission: the consent did not grant any.
gave-up-monitor-credential = Microsoft refuses the monitor app's own credential ({ $error }). Check [monitor] in linkwatch.toml: the client secret's value, or that the certificate is uploaded to the monitor app under Certificates & secrets. Nothing was saved.
gave-up-refused = This tenant is in the configuration file: change its monitor app there.
todo-paste-new-secret = paste the new secret's value in { $settings }.
todo-connect-again = connect the mailbox again in { $settings }.
fixed-by-relink = after { $who } re-linked it
fixed-by-rotate = after { $who } rotated the app's secret
closed-by-sign-ins = Closed by the application's own sign-ins: they succeed again since { $at }.
closed-by-hand = Closed by hand: { $who } confirmed at { $at } that the application has the fix.
error-forbidden = Your role may not do this. Ask an admin.
error-csrf = The form expired or did not come from this site. Go back, reload and try again.
error-not-found = This page does not exist (any more).
error-too-many = Too many attempts. Wait a few minutes and try again.
error-internal = Something went wrong on our side.

## Numbers (Fluent plurals: [one] for 1, *[other] for every other number)
n-days-left =
    { $n ->
        [one] 1 day left
       *[other] { $n } days left
    }
n-expired-days-ago =
    { $n ->
        [one] expired 1 day ago
       *[other] expired { $n } days ago
    }
n-ago-minutes =
    { $n ->
        [one] 1 minute ago
       *[other] { $n } minutes ago
    }
n-ago-hours =
    { $n ->
        [one] 1 hour ago
       *[other] { $n } hours ago
    }
n-ago-days =
    { $n ->
        [one] 1 day ago
       *[other] { $n } days ago
    }
n-in-minutes =
    { $n ->
        [one] in 1 minute
       *[other] in { $n } minutes
    }
n-in-hours =
    { $n ->
        [one] in 1 hour
       *[other] in { $n } hours
    }
n-in-days =
    { $n ->
        [one] in 1 day
       *[other] in { $n } days
    }
n-for-minutes =
    { $n ->
        [one] for 1 minute
       *[other] for { $n } minutes
    }
n-for-hours =
    { $n ->
        [one] for 1 hour
       *[other] for { $n } hours
    }
n-for-days =
    { $n ->
        [one] for 1 day
       *[other] for { $n } days
    }
n-mailboxes-broken =
    { $n ->
        [one] { $broken } of 1 mailbox broken
       *[other] { $broken } of { $n } mailboxes broken
    }
n-app-mailboxes-still-work =
    { $n ->
        [one] app registration; its 1 mailbox still works
       *[other] app registration; its { $n } mailboxes still work
    }
n-all-mailboxes-work =
    { $n ->
        [one] its mailbox works
       *[other] all { $n } mailboxes work
    }
n-sign-ins-not-listed =
    { $n ->
        [one] 1 sign-in not listed.
       *[other] { $n } sign-ins not listed.
    }
n-apps-left-out =
    { $n ->
        [one] 1 app registration left out at the last check
       *[other] { $n } app registrations left out at the last check
    }
