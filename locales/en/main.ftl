# English: the reference catalogue.
#
# Every key here must exist in each other catalogue (pt-BR, es-ES, fr, zh-CN), and they may
# have no key that English lacks: the tests in src/i18n/tests.rs enforce both, and check that
# every message formats. At run time a missing message falls back to English, then to its key.
#
# Keys are kebab-case, grouped by page: layout-, home-, signed-in-, sign-out-, setup-, error-,
# expiry-. Variables such as { $name } are filled by the code (Tr::t_args); keep them, in any
# order the sentence needs. Messages are plain text: no HTML (templates escape it anyway).
# Product names (Logto, Logto Cloud, Hugging Face) stay untranslated.

## Layout: every page

# The site's name, in the header and after every page title ("Sign in · Logto sign-in").
layout-brand = Logto sign-in
layout-brand-note = Rust reference app
layout-footer = Tokens stay on the server; your browser holds only a session cookie.
# The language switcher's label, and its submit button if it is a form.
layout-language = Language
layout-language-apply = Apply

## Home, signed out

home-page-title = Sign in
home-signed-out-notice = You are signed out.
home-welcome = Welcome
home-intro = Sign in or create an account with Logto.
# aria-label of the list of sign-in buttons.
home-ways-in-label = Ways to sign in
home-continue-email = Continue with email
home-continue-phone = Continue with phone
home-continue-huggingface = Continue with Hugging Face
# Button beside the email-or-phone field: continue as whoever that is.
home-continue-as = Continue as…
# Label of the field that pre-fills Logto's sign-in form.
home-email-or-phone = Email or phone number
# Before the two create-account links.
home-new-here = New here?
home-create-account = Create account
home-create-account-email = Create account with email
home-create-account-phone = Create account with phone
home-more-ways = More ways to sign in
home-one-time-code-hint = Email and phone sign-in use a one-time code that Logto sends you.

## Home, signed in

signed-in-page-title = Signed in
signed-in-email = Email
signed-in-phone = Phone
# Badges next to the email address or phone number.
signed-in-verified = verified
signed-in-not-verified = not verified
# Shown instead of a missing email address or phone number.
signed-in-none = none
signed-in-linked-accounts = Linked accounts
signed-in-roles = Roles
signed-in-organizations = Organizations
signed-in-organization-roles = Organization roles
signed-in-custom-data = Custom data
# Followed by a date.
signed-in-member-since = Member since
# Followed by a date.
signed-in-profile-updated = Profile updated
signed-in-refresh-profile = Refresh profile
# Heading of the session facts.
signed-in-session = Session
# Followed by the date and time of sign-in.
signed-in-signed-in-at = Signed in
signed-in-access-token = Access token
signed-in-refresh-token = Refresh token
signed-in-refresh-token-held = held on the server
signed-in-refresh-token-none = none (sign in again when the access token expires)
signed-in-scopes = Scopes
# Shown when a token has no scopes (Scopes is feminine in some languages).
signed-in-no-scopes = none
signed-in-refresh-tokens = Refresh tokens now
# Button before a sensitive action that needs a fresh sign-in.
signed-in-reauthenticate = Sign in again to confirm
signed-in-api-resources = API resources
signed-in-get-token = Get a token
signed-in-get-organization-token = Get an organization token
# Column heading: the API resource (indicator) a token is for.
signed-in-audience = Audience
# Column heading: when a token expires.
signed-in-expires = Expires
# Followed by Logto's own error text when it refuses a token.
signed-in-logto-answered = Logto answered:
signed-in-sign-out = Sign out

## When the access token expires (the "Access token" line)
## $at: a date and time such as "2026-11-22 07:58 UTC".

expiry-in-minutes =
    { $minutes ->
        [one] expires in { $minutes } minute ({ $at })
       *[other] expires in { $minutes } minutes ({ $at })
    }
expiry-in-seconds =
    { $seconds ->
        [one] expires in { $seconds } second ({ $at })
       *[other] expires in { $seconds } seconds ({ $at })
    }
expiry-expired-at = expired at { $at }
expiry-none = no expiry given

## Sign out

sign-out-page-title = Sign out
sign-out-title = Sign out?
# $name: the signed-in user's display name.
sign-out-signed-in-as = You are signed in as { $name }.
sign-out-ends-logto-session = Signing out also ends your Logto session in this browser.
sign-out-confirm = Sign out
sign-out-stay = Stay signed in

## Setup: shown until the Logto settings are in place
## Quoted names are the labels of Logto's console in that language.

setup-page-title = Set up
setup-title = Connect this app to Logto
setup-intro = This app has no Logto settings yet. It takes five minutes:
setup-step-create-app = In the Logto console (Logto Cloud or your own Logto), open “Applications” and create a “Traditional web” application.
# Followed by the redirect URI.
setup-step-redirect-uri = Under “Redirect URIs”, add:
# Followed by the post sign-out redirect URI.
setup-step-post-sign-out-uri = Under “Post sign-out redirect URIs”, add:
setup-step-backchannel-uri = Under “Backchannel logout”, set the URI to the address below and turn on “Is session required”, so a sign-out elsewhere ends exactly that session here:
# $file: ".env"; $manifest: "Cargo.toml". Followed by the three LOGTO_ lines.
setup-step-env-file = Copy the endpoint, the App ID and the App secret into a { $file } file beside { $manifest }:
# $command: "cargo run".
setup-step-restart = Restart the app ({ $command }) and reload this page.
# $variable: "APP_BASE_URL"; $url: its current value.
setup-base-url-hint = The URIs above come from { $variable } (now { $url }). Set it to the address users type in their browser.

## Error page: a title and a message for each kind of failure, and two ways on

error-sign-in-again = Sign in again
error-home = Home

error-not-configured-title = Sign-in is not set up yet
error-not-configured-message = This app has no Logto settings yet. The home page explains what to set.
error-bad-query-title = That link is not valid
error-bad-query-message = The address has parameters this app cannot read. Start again from the home page.
error-invalid-sign-in-title = That sign-in link is not valid
error-invalid-sign-in-message = The sign-in link asked for something this app does not offer. Start again from the home page.
error-unknown-sign-in-title = This sign-in has expired or was already used
error-unknown-sign-in-message = Sign-in links work once and for ten minutes, in the browser that started them. Please sign in again.
error-malformed-callback-title = The sign-in response was incomplete
error-malformed-callback-message = Logto's answer did not contain what this app needs. Please sign in again.
error-sign-in-cancelled-title = Sign-in was cancelled
error-sign-in-cancelled-message = You left the sign-in before it finished, so you are still signed out. You can try again whenever you like.
error-sign-in-denied-title = Logto could not sign you in
error-sign-in-denied-message = The sign-in did not complete. Please try again; if it keeps happening, contact the site's team.
error-csrf-mismatch-title = Sign-out was not confirmed
error-csrf-mismatch-message = The sign-out form was stale or did not come from this site. Use the sign-out button again.
error-session-ended-title = Please sign in again
error-session-ended-message = Your session has ended: Logto no longer accepts it (it may have expired or been revoked). Sign in again to continue.
error-invalid-grant-title = This sign-in has expired
error-invalid-grant-message = Logto no longer accepts this sign-in (it was used already or took too long). Please sign in again.
error-token-rejected-title = We could not verify your sign-in
error-token-rejected-message = The answer from the sign-in service failed our security checks, so you were not signed in. Please sign in again.
error-logto-timeout-title = Logto is taking too long
error-logto-timeout-message = The sign-in service did not answer in time. Please try again in a moment.
error-client-rejected-title = Sign-in is misconfigured
error-client-rejected-message = Logto did not accept this app's credentials. The site's team needs to check its settings.
error-logto-unreachable-title = Logto is unreachable
error-logto-unreachable-message = The sign-in service is not answering properly right now. Please try again in a moment.
error-session-store-title = Sessions are unavailable
error-session-store-message = This app cannot reach its session storage right now. Please try again in a moment.
error-not-found-title = Page not found
error-not-found-message = There is no page at this address. The home page has everything this app offers.
error-unknown-api-target-title = That API is not available here
error-unknown-api-target-message = Tokens can be had for this app's configured APIs and your own organizations only.
error-internal-title = Something went wrong
error-internal-message = This is our fault. Please try again.
