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
layout-description = Sign in with Logto: email or SMS one-time codes, Hugging Face, or a password, in the Rust reference app for Logto.
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
home-one-time-code-hint = Email and phone sign-in use a one-time code that Logto sends you. “More ways to sign in” opens Logto's own page, with a username and password if your Logto offers them.
home-host-mismatch = You opened this app at { $opened }, but it is set up as { $configured } (APP_BASE_URL). To Logto these are different origins: signing in takes you to { $configured }, and Logto must list { $callback } as a redirect URI.

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
setup-step-env-file = Copy the endpoint, the App ID and the App secret into a { $file } file beside { $manifest }. A self-hosted Logto's endpoint is its own address, such as http://localhost:3001, without /oidc:
# $command: "cargo run".
setup-step-restart = Restart the app ({ $command }) and reload this page.
setup-step-sign-in = Sign in. A new Logto offers a username and a password: choose “More ways to sign in”. Email and SMS one-time codes and Hugging Face work once you turn them on in the Logto console.
# $variable: "APP_BASE_URL"; $url: its current value.
setup-base-url-hint = The URIs above come from { $variable } (now { $url }). Set it to the address users type in their browser. To Logto, localhost and 127.0.0.1 are different origins: open the app at exactly that address, and register the URIs with the same host.
setup-account-center-hint = To let users change their email, phone, username or password from this app: in the Logto console, Sign-in & account → Account center, turn it on and set those fields to “Edit”. The signed-in page then links to Logto’s Account Center for each.
setup-devices-hint = For “Your devices” (users see and end their signed-in sessions): in the Account center set Sessions to “Edit” (or “Read-only” to list them only), and add urn:logto:scope:sessions to LOGTO_SCOPES. Logto asks users for their password before it lists them.

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
error-session-changed-title = Your session changed meanwhile
error-session-changed-message = Your session was changed or signed out by something else while this request was working: another tab, another device, or Logto signing you out. Nothing was saved. Go back to the home page to see where you stand, or sign in again.
error-not-found-title = Page not found
error-not-found-message = There is no page at this address. The home page has everything this app offers.
error-unknown-api-target-title = That API is not available here
error-unknown-api-target-message = Tokens can be had for this app's configured APIs and your own organizations only.
error-internal-title = Something went wrong
error-internal-message = This is our fault. Please try again.

## Flow inspector (/inspect): the visitor's own sign-in, refresh and sign-out, step by step
## Protocol names (state, nonce, iss, sub, PKCE, ID token…) stay as they are.

inspect-page-title = Flow inspector
inspect-title = See the protocol
inspect-intro = Your own most recent sign-in, refresh, API-token request and sign-out, drawn between your browser, this app and Logto, with every parameter and every check the app made.
inspect-secrets = No token, code, verifier or secret is shown, or stored readably: such values appear as their first characters and their length.
inspect-kept = These records are kept with your session and end with it; a failed sign-in or a sign-out is kept for ten minutes in a sealed cookie that only this page receives.
inspect-empty = Nothing recorded yet: sign in, then come back to this page.
# Link on the signed-in page.
inspect-link = See the protocol: every step of your sign-in, explained
# Link on the error page after a failed sign-in.
inspect-link-failed = See which check failed, and why
inspect-actor-browser = Browser
inspect-actor-app = This app
inspect-flow-sign-in = Sign-in
inspect-flow-refresh = Token refresh
inspect-flow-api-token = API token
inspect-flow-sign-out = Sign-out
# Badges beside a flow's title.
inspect-status-ok = completed
inspect-status-failed = failed
inspect-status-open = unfinished
# $at: a date and time.
inspect-started = started { $at }
inspect-why-expiring =
    { $seconds ->
        [one] because the access token had { $seconds } second left
       *[other] because the access token had { $seconds } seconds left
    }
inspect-why-requested = because you asked for fresh tokens
inspect-why-api-token = because a token for an API or an organization was asked for
# Followed by a step and the check that stopped the flow.
inspect-failed-at = Stopped at:
inspect-sent = Sent
inspect-received = Received
inspect-checks = Checks
inspect-checks-passed =
    { $total ->
        [one] { $passed } of { $total } check passed
       *[other] { $passed } of { $total } checks passed
    }
inspect-took = { $ms } ms
# Before a link to the specification section.
inspect-spec = Specification
# Before the path of the source file that makes the check.
inspect-code = Made in
inspect-outcome-passed = passed
inspect-outcome-failed = failed
inspect-outcome-not-reached = not reached (an earlier check failed)
inspect-outcome-not-applicable = nothing to check
inspect-yes = yes
inspect-no = no
# A masked secret: its first characters, then its length.
inspect-masked =
    { $length ->
        [one] { $prefix }… ({ $length } character)
       *[other] { $prefix }… ({ $length } characters)
    }
inspect-other-claims = other claims
inspect-arg-issuer = expected issuer
inspect-arg-keys-fetched-at = keys fetched
inspect-arg-refetched = fetched again for this token
inspect-arg-leeway = leeway (seconds)
inspect-arg-previous-session = replaced a session
inspect-arg-status = HTTP status
inspect-arg-rotated = rotated
inspect-keys-title = Discovery and keys in use
inspect-keys-issuer = Issuer
inspect-keys-fetched-label = Fetched
# $at: a date and time; $ms: milliseconds.
inspect-keys-fetched = { $at }, in { $ms } ms
inspect-keys-algorithms = ID token algorithms
inspect-keys-keys = Signing keys
inspect-keys-endpoints = Endpoints
inspect-keys-none = Logto's discovery document is not loaded yet.

## Inspector: the steps of a flow (a title, and what happens in it)

inspect-step-authorize-title = Authorization request
inspect-step-authorize-about = The app sends your browser to Logto with what it asks for, and with values that tie Logto's answer to this browser and this sign-in.
inspect-step-callback-title = Back at the callback
inspect-step-callback-about = Logto sends your browser back with a one-time code. The app checks that the answer belongs to a sign-in this browser started, and that it comes from its own Logto.
inspect-step-token-title = Code exchange
inspect-step-token-about = Server to server: the app trades the code for tokens, proving who it is (its secret) and that it started this sign-in (the PKCE verifier).
inspect-step-id-token-title = ID token verification
inspect-step-id-token-about = Before believing any claim, the app checks who signed the token, for whom, when, and that it answers this very sign-in.
inspect-step-userinfo-title = Userinfo
inspect-step-userinfo-about = The app reads the full profile with the access token, and accepts it only for the same user as the ID token.
inspect-step-session-title = New session
inspect-step-session-about = The tokens stay on the server, in a session under a new id; the browser receives only an opaque cookie.
inspect-step-refresh-title = Refresh-token grant
inspect-step-refresh-about = The app uses the refresh token for new tokens, one request at a time per session: Logto revokes the whole grant when a used refresh token comes back.
inspect-step-revocation-title = Revocation
inspect-step-revocation-about = The app revokes the refresh token: ending Logto's session alone would leave the grant, and its refresh token, alive.
inspect-step-session-ended-title = Session ended here
inspect-step-session-ended-about = The session record is deleted and the browser told to forget its cookie.
inspect-step-end-session-title = End session at Logto
inspect-step-end-session-about = Your browser goes to Logto's end-session endpoint, which ends Logto's own session and sends it back with the state.
inspect-step-sign-out-return-title = Back from Logto
inspect-step-sign-out-return-about = The app checks the state Logto sent back before telling you that you are signed out.

## Inspector: each check (a name, and what it protects against)

inspect-check-state-name = state matches a sign-in this browser started
inspect-check-state-why = The state comes back in the callback and must open one of this browser's sealed attempt cookies. Without it, an attacker could make your browser finish a sign-in they started (login CSRF).
inspect-check-callback-iss-name = iss of the callback (RFC 9207)
inspect-check-callback-iss-why = Logto says which issuer answered. A different or missing issuer means the code may come from another provider (a mix-up attack), so it is never exchanged.
inspect-check-header-name = token header
inspect-check-header-why = The JOSE header must describe a signed token this app can verify: no encryption, no unknown critical fields.
inspect-check-signature-name = signature
inspect-check-signature-why = The token must be signed with a key Logto publishes, using an algorithm its discovery document allows. An unknown key makes the app fetch Logto's keys again (a key rotation), then decide.
inspect-check-issuer-name = iss
inspect-check-issuer-why = The token's issuer must be exactly the Logto issuer from discovery: a token minted elsewhere is refused.
inspect-check-audience-name = aud
inspect-check-audience-why = The token must be meant for this app (its client id): a token Logto issued to another application is refused.
inspect-check-expiry-name = exp
inspect-check-expiry-why = An expired token is refused; a small leeway allows for clocks that differ slightly.
inspect-check-issued-at-name = iat
inspect-check-issued-at-why = A token issued in the future (beyond the leeway) is refused: the clocks disagree or the token is forged.
inspect-check-nonce-name = nonce
inspect-check-nonce-why = The nonce sent with the authorization request must come back in the ID token, so a token captured from another sign-in cannot be replayed into this one.
inspect-check-at-hash-name = at_hash
inspect-check-at-hash-why = When present, it binds the access token to the ID token: an access token swapped in transit is detected.
inspect-check-claims-name = readable claims
inspect-check-claims-why = The token must carry the claims every ID token has (sub, iss, aud, exp, iat) in the right form.
inspect-check-userinfo-sub-name = userinfo sub
inspect-check-userinfo-sub-why = The profile from userinfo must be about the same user as the ID token, or it is not used.
inspect-check-same-subject-name = same user after refresh
inspect-check-same-subject-why = A refreshed ID token must be about the user who signed in; otherwise the session ends.
inspect-check-new-session-id-name = new session id
inspect-check-new-session-id-why = The session id changes at sign-in, so an id planted in the browser beforehand (session fixation) is worthless.
inspect-check-sign-out-state-name = state after sign-out
inspect-check-sign-out-state-why = The state Logto echoes must be the one this app sent, or no one is told they are signed out.

## Inspector: what each parameter is for

inspect-param-response-type = code: the authorization code flow, where tokens never pass through the browser.
inspect-param-client-id = Which application is asking: this app's id in Logto.
inspect-param-redirect-uri = Where Logto sends the browser back; it must be registered in the Logto console exactly.
inspect-param-scope = What the app asks for: openid for an ID token, offline_access for a refresh token, profile, email and more for claims.
inspect-param-state = A random value kept in a sealed cookie; it must come back unchanged, tying the answer to this browser.
inspect-param-nonce = A random value that Logto puts in the ID token, tying the token to this sign-in.
inspect-param-code-challenge = PKCE: the hash of a secret verifier kept by the app; only the app can later prove it knows the verifier.
inspect-param-code-challenge-method = S256: the challenge is the SHA-256 of the verifier.
inspect-param-prompt = consent makes Logto issue a refresh token; login asks for credentials again.
inspect-param-resource = An API the app wants access tokens for (a resource indicator, RFC 8707).
inspect-param-ui-locales = The languages for Logto's pages, your chosen one first.
inspect-param-first-screen = Logto's own parameter: which screen of the sign-in experience opens first.
inspect-param-identifier = Logto's own parameter: which identifiers (email, phone) that screen asks for.
inspect-param-direct-sign-in = Logto's own parameter: go straight to a social or SSO connector.
inspect-param-login-hint = Pre-fills Logto's first screen with what you typed.
inspect-param-organization-id = Applies that organization's sign-in experience, or asks for its token.
inspect-param-code = The one-time authorization code; worthless without the app's secret and PKCE verifier.
inspect-param-iss = The issuer that answered (RFC 9207).
inspect-param-error = Logto's reason for not issuing a code (for example, the user cancelled).
inspect-param-grant-type = Which grant: a code exchange, or a refresh.
inspect-param-code-verifier = PKCE: the secret whose hash was sent as the code_challenge; Logto compares them.
inspect-param-client-authentication = How the app proves its identity: HTTP Basic with its id and secret (the secret is never shown).
inspect-param-refresh-token = The refresh token presented for new tokens; Logto answers with a new one (rotation).
inspect-param-token = The token to revoke: the refresh token, which ends the grant.
inspect-param-token-type-hint = Tells Logto what kind of token it is.
inspect-param-id-token-hint = The ID token, so Logto knows whose session to end (an expired one is fine).
inspect-param-post-logout-redirect-uri = Where Logto sends the browser afterwards; it must be registered in the Logto console.

## Manage your account: Logto's Account Center, and what changed when the user comes back
account-title = Manage your account
account-change-email = Change email
account-change-phone = Change phone number
account-change-username = Change username
account-change-password = Change password
account-two-step = Two-step verification
account-passkeys = Passkeys
account-nothing-changed = Your account is as it was.
account-changed-email = Your email changed.
account-changed-phone = Your phone number changed.
account-changed-username = Your username changed.
account-changed-name = Your name changed.
account-changed-picture = Your picture changed.
account-name-label = Your name
account-save = Save
account-refused-title = Logto did not make the change
account-back = Back to your account

## Your profile and your devices, edited from this app through Logto's Account API
profile-title = Edit your profile
profile-saved = Your profile is saved.
profile-nothing-editable = Logto lets you change none of your profile from this app.
profile-avatar = Picture (an https address)
profile-avatar-hint = The address of an image, starting with https://. It is not loaded on this page.
profile-given-name = Given name
profile-family-name = Family name
profile-middle-name = Middle name
profile-nickname = Nickname
profile-website = Website
profile-birthdate = Birthdate
profile-invalid-title = The change was not sent
profile-avatar-not-https = The picture must be an https:// address, such as https://example.com/me.png.
profile-avatar-too-long = The picture’s address is too long (at most 2,048 characters).
profile-value-too-long = A field is too long (at most 256 characters).
devices-title = Your devices
devices-intro = The browsers and devices signed in to your account at Logto. Ending one signs it out.
devices-ended = That device is signed out.
devices-none = No device is signed in.
devices-unknown-browser = Unknown browser
devices-this-browser = This browser
devices-ip = IP address
devices-place = Where
devices-signed-in-at = Signed in
devices-end = Sign this device out
devices-scope-missing = To list your devices, this app must ask Logto for this scope when you sign in (the operator adds it to LOGTO_SCOPES); then sign in again:
verify-title = Confirm it is you
verify-intro = Logto asks you to confirm it is you before it shows or ends your signed-in devices: with your password, or with a one-time code sent to your email or phone. It goes to Logto only; this app does not keep it.
verify-password-label = Password
verify-submit = Continue
verify-code-send-email = Send a code to { $destination }
verify-code-send-phone = Text me a code at { $destination }
verify-code-sent = Logto sent a code to { $destination }. Type it here; it is valid for 10 minutes.
verify-code-label = Code
verify-no-way = Your account has no password, email or phone to confirm it is you with. Add one in the Account Center, then come back.
