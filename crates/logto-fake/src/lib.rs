//! A fake Logto (OpenID Connect provider) for tests, served by axum on 127.0.0.1:0 inside the
//! test process: an app adds it as a dev-dependency to test its own sign-in without a Logto
//! server. It answers like the captures in `fixtures/logto/`: the discovery
//! document, an ES384 P-384 key set, `client_secret_basic`, PKCE S256, refresh-token rotation with
//! reuse detection, Logto's JSON error bodies, and the RFC 9207 `iss` on the callback.
//!
//! The user "signs in" instantly: `GET /oidc/auth` (or [`FakeLogto::authorize`], without an HTTP
//! hop) answers 303 to `{redirect_uri}?code=…&state=…&iss=…` for the user set by
//! [`FakeLogto::set_user`]. [`Misbehaviour`]s make it deviate on purpose.
//!
//! It is as strict as Logto where the app could get something wrong (`authorize.rs` lists the
//! authorization checks): only registered redirect URIs ([`FakeLogto::register_app`]), Logto's
//! own parameters validated together, `prompt`, `scope` and `resource` checked, codes that
//! expire ([`FakeLogto::age_codes`]), refresh-grant `resource`s limited to those authorized and
//! `organization_id`s to the user's organizations, and end-session as in
//! `sign-out-results.json`: `client_id`/`id_token_hint` checked, a registered
//! `post_logout_redirect_uri`, and a page whose form posts to `/oidc/session/end/confirm`, which
//! redirects with the `state`.
//!
//! Things worth knowing when writing tests against it:
//! - ID tokens are issued only when `scope` contains `openid`; a refresh token only when `scope`
//!   has `offline_access` and `prompt` contains `consent` (Logto's rule).
//! - Claims are filtered by scope like Logto (`email` → `email`, `email_verified`; `identities` →
//!   userinfo `identities`…); claims outside Logto's table always pass.
//! - A refresh, or `/oidc/me`, uses the current [`TestUser`] when it has the grant's `sub` (a live
//!   profile), else the user who signed in.
//! - Access tokens from `resource=` / `organization_id=` are JWTs; `/oidc/me` refuses them.
//! - Revoking a refresh token, reusing a rotated one, reusing a code, or `RefreshInvalidGrant`
//!   ends the whole grant: its refresh and access tokens stop working.
//!
//! The parts: `routes` (the axum router) hands each request to `State` (`state`), whose
//! methods live beside what they answer (`authorize`, `token_endpoint`, `account`,
//! `verification_code`); `tokens` signs with `keys`; `account_state` and `account_setup` hold
//! and set the Account API's data;
//! `recorded`, `reply`, `clock`, `random`, `jwt`, `users` and `misbehaviour` are leaves. This
//! root holds [`FakeLogto`], what a test calls; nothing imports it back.
//!
//! ```no_run
//! # async fn example(base: &str) {
//! use logto_fake::{Browser, FakeLogto, location};
//!
//! let fake = FakeLogto::start().await; // LOGTO_ENDPOINT = fake.endpoint()
//! fake.register_app(base); // the app's base URL, bound before the settings are built
//! // Settings: fake.endpoint(), FakeLogto::CLIENT_ID, FakeLogto::CLIENT_SECRET.
//! let mut browser = Browser::new();
//! let back = fake.sign_in(&mut browser, &format!("{base}/sign-in")).await;
//! assert_eq!(location(&back), "/"); // signed in, and home
//! # }
//! ```
//!
//! A whole test: the README's "Test it" step, or `crates/logto-axum/tests/minimal_example.rs`.

#![deny(missing_docs)]

mod account;
mod account_setup;
mod account_state;
mod authorize;
mod browser;
mod clock;
mod jwt;
mod keys;
mod misbehaviour;
mod random;
mod recorded;
mod reply;
mod routes;
mod state;
mod token_endpoint;
mod tokens;
mod users;
mod verification_code;

use std::sync::{Arc, Mutex};

use tokio::task::JoinHandle;

pub use account::VERIFICATION_TTL_SECS;
pub use browser::{Browser, location};
pub use misbehaviour::Misbehaviour;
pub use recorded::{Endpoint, RecordedRequest};
pub use state::{CODE_TTL_SECS, FIXTURE_POST_LOGOUT_REDIRECT_URI, FIXTURE_REDIRECT_URI};
pub use users::TestUser;

use state::State;
use state::{SharedState, lock};

/// The fake Logto server. Dropping it stops the server.
pub struct FakeLogto {
    state: SharedState,
    endpoint: String,
    server: JoinHandle<()>,
}

impl FakeLogto {
    /// The app id ("Traditional web" application) the fake knows.
    pub const CLIENT_ID: &'static str = state::CLIENT_ID;
    /// Its secret.
    pub const CLIENT_SECRET: &'static str = state::CLIENT_SECRET;

    /// Starts on 127.0.0.1 with a random port: issuer `{endpoint}/oidc`, one P-384 key (ES384),
    /// user [`TestUser::email_user`], access tokens for 3600 s, no misbehaviour.
    pub async fn start() -> FakeLogto {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake Logto to 127.0.0.1:0");
        let address = listener.local_addr().expect("the fake Logto's address");
        let endpoint = format!("http://{address}");
        let state = Arc::new(Mutex::new(State::new(endpoint.clone())));
        let app = routes::router(state.clone());
        let server = tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("the fake Logto serves");
        });
        FakeLogto {
            state,
            endpoint,
            server,
        }
    }

    /// `http://127.0.0.1:PORT`: what the app gets as `LOGTO_ENDPOINT`.
    pub fn endpoint(&self) -> String {
        self.endpoint.clone()
    }

    /// `{endpoint}/oidc`.
    pub fn issuer(&self) -> String {
        format!("{}/oidc", self.endpoint)
    }

    /// Who signs in at the next authorization (default [`TestUser::email_user`]). Tokens already
    /// issued to a user with the same `sub` see the new claims too (refresh, userinfo).
    pub fn set_user(&self, user: TestUser) {
        lock(&self.state).user = user;
    }

    /// Adds a misbehaviour; it stays until [`clear_misbehaviour`](Self::clear_misbehaviour).
    pub fn misbehave(&self, m: Misbehaviour) {
        lock(&self.state).misbehaviours.push(m);
    }

    /// Back to behaving like Logto.
    pub fn clear_misbehaviour(&self) {
        lock(&self.state).misbehaviours.clear();
    }

    /// Publishes the RSA key (kid `rsa-2`), signs new tokens RS256, and makes discovery advertise
    /// `["RS256"]`. The EC keys stay in the JWKS.
    pub fn rotate_to_rsa(&self) {
        lock(&self.state).keys.rotate_to_rsa();
    }

    /// Publishes the pending P-384 key (a new kid), signs new tokens with it (ES384), and makes
    /// discovery advertise `["ES384"]` again after [`rotate_to_rsa`](Self::rotate_to_rsa). Also
    /// ends [`Misbehaviour::IdTokenUnknownKid`], whose key this is.
    pub fn rotate_to_new_ec_key(&self) {
        let mut s = lock(&self.state);
        s.keys.rotate_to_new_ec_key();
        s.misbehaviours
            .retain(|m| *m != Misbehaviour::IdTokenUnknownKid);
    }

    /// A logout token for the current user, signed with the current key, as Logto would post it
    /// to a back-channel logout URI.
    pub fn logout_token(&self) -> String {
        let s = lock(&self.state);
        tokens::logout_token(&s, &s.user.sub, None)
    }

    /// Turns on what Logto's "Backchannel logout: session required" does: every sign-in's ID
    /// tokens carry a `sid` (`sid-of-grant-<n>`), repeated at refresh.
    pub fn require_backchannel_session(&self) {
        lock(&self.state).backchannel_sid = true;
    }

    /// The `sid` the latest sign-in's ID tokens carry (with [`Self::require_backchannel_session`]).
    pub fn latest_sid(&self) -> String {
        format!(
            "sid-of-grant-{}",
            lock(&self.state).grants.len().saturating_sub(1)
        )
    }

    /// The claims of a logout token Logto would send for `sub` and/or `sid`, to change and sign.
    pub fn logout_claims(&self, sub: Option<&str>, sid: Option<&str>) -> serde_json::Value {
        tokens::logout_claims(&lock(&self.state), sub, sid)
    }

    /// A logout token as Logto sends it for `sub` and/or `sid` (the claims of
    /// [`logout_claims`](Self::logout_claims), `typ: logout+jwt`), signed with the current key:
    /// what a test posts to the app's back-channel logout route.
    pub fn logout_token_for(&self, sub: Option<&str>, sid: Option<&str>) -> String {
        let claims = self.logout_claims(sub, sid);
        self.sign_logout_token(serde_json::json!({"typ": "logout+jwt"}), &claims)
    }

    /// Signs `claims` under `header` with the key that signs ID tokens now (its `alg` and `kid`
    /// are filled in where `header` leaves them out).
    pub fn sign_logout_token(
        &self,
        header: serde_json::Value,
        claims: &serde_json::Value,
    ) -> String {
        let s = lock(&self.state);
        let key = &s.keys.current;
        let mut header = header;
        if header.get("alg").is_none() {
            header["alg"] = serde_json::json!(key.alg());
        }
        if header.get("kid").is_none() {
            header["kid"] = serde_json::json!(key.kid);
        }
        tokens::jws(&header, claims, key)
    }

    /// [`logout_token`](Self::logout_token) with a made-up `kid` in its header.
    pub fn logout_token_with_kid(&self, kid: &str) -> String {
        let s = lock(&self.state);
        tokens::logout_token(&s, &s.user.sub, Some(kid))
    }

    /// The kid of the key that signs new tokens now.
    pub fn current_kid(&self) -> String {
        lock(&self.state).keys.current.kid.clone()
    }

    /// How many requests `e` has received (including refused ones).
    pub fn calls(&self, e: Endpoint) -> usize {
        lock(&self.state).calls.get(&e).copied().unwrap_or_default()
    }

    /// The query pairs of the last authorization request, in order.
    pub fn last_authorization(&self) -> Option<Vec<(String, String)>> {
        lock(&self.state).last_authorization.clone()
    }

    /// Every token request so far, in order.
    pub fn token_requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state).token_requests.clone()
    }

    /// How many refresh-token grants the token endpoint has received (refused ones too).
    pub fn refresh_grants(&self) -> usize {
        lock(&self.state)
            .token_requests
            .iter()
            .filter(|r| r.form_value("grant_type") == Some("refresh_token"))
            .count()
    }

    /// Every access, ID and refresh token the token endpoint has issued.
    pub fn issued_tokens(&self) -> Vec<String> {
        lock(&self.state).issued.clone()
    }

    /// Every revocation request so far, in order.
    pub fn revocations(&self) -> Vec<RecordedRequest> {
        lock(&self.state).revocations.clone()
    }

    /// The query pairs of every `GET /oidc/session/end` so far.
    pub fn end_session_requests(&self) -> Vec<Vec<(String, String)>> {
        lock(&self.state).end_sessions.clone()
    }

    /// Registers an application at `base` (`http://127.0.0.1:PORT`): redirect URI
    /// `{base}/callback` and post sign-out redirect URI `{base}/`, as in the Logto console. Logto
    /// refuses any other (the captures' `http://127.0.0.1:3000/…` are registered from the start).
    pub fn register_app(&self, base: &str) {
        let mut s = lock(&self.state);
        s.redirect_uris.push(format!("{base}/callback"));
        s.post_logout_redirect_uris.push(format!("{base}/"));
    }

    /// Registers an app whose routes are mounted elsewhere: `callback` as a redirect URI and
    /// `after_sign_out` as a post sign-out redirect URI (full URLs, as in Logto's console).
    pub fn register_redirects(&self, callback: &str, after_sign_out: &str) {
        let mut s = lock(&self.state);
        s.redirect_uris.push(callback.to_owned());
        s.post_logout_redirect_uris.push(after_sign_out.to_owned());
    }

    /// Adds an API resource to the tenant (besides `https://api.example.com` and
    /// `https://billing.example.com`).
    pub fn add_api_resource(&self, indicator: &str) {
        lock(&self.state).api_resources.push(indicator.to_owned());
    }

    /// Makes every authorization code issued so far `secs` older (codes live
    /// [`CODE_TTL_SECS`] seconds).
    pub fn age_codes(&self, secs: i64) {
        for code in lock(&self.state).codes.values_mut() {
            code.issued_at -= secs;
        }
    }

    /// Logto's own parameters (`first_screen`, `login_hint`, `ui_locales`…) as the last accepted
    /// authorization applied them: all that were sent, or none when one was invalid (Logto drops
    /// them together, silently).
    pub fn applied_logto_params(&self) -> Option<Vec<(String, String)>> {
        lock(&self.state).applied_logto_params.clone()
    }

    /// `expires_in` and lifetime of new access tokens (default 3600; 0 or less: already expired
    /// at userinfo).
    pub fn set_access_token_ttl(&self, secs: i64) {
        lock(&self.state).access_token_ttl = secs;
    }

    /// Does what `GET /oidc/auth` does for `authorize_url` (the app's full redirect to
    /// `/oidc/auth`) and returns the callback URL the fake would redirect to: with `code`, or with
    /// `error` when the request is refused or the user cancels. Counts as an
    /// [`Endpoint::Authorize`] call. Panics, with Logto's JSON error, when Logto would not redirect
    /// at all (wrong `client_id`, missing or unparsable `redirect_uri`, not a URL).
    pub fn authorize(&self, authorize_url: &str) -> String {
        let url = url::Url::parse(authorize_url).expect("authorize() takes an absolute URL");
        let pairs = routes::pairs(url.query().unwrap_or_default().as_bytes());
        let mut s = lock(&self.state);
        s.count(Endpoint::Authorize);
        let reply = s.authorize(pairs);
        match reply.location() {
            Some(location) => location.to_owned(),
            None => panic!(
                "the fake Logto refused {authorize_url} with {}: {}",
                reply.status, reply.body
            ),
        }
    }

    /// The user set by [`FakeLogto::set_user`] signs in to the app through `browser`, as in a
    /// browser: `GET sign_in_url` on the app (its 303 to Logto, setting the attempt cookies),
    /// Logto's answer ([`FakeLogto::authorize`]), then `GET` of the app's callback. Returns the
    /// callback's answer: a 303 to where the user was headed when the sign-in succeeded, an
    /// error page when the app refused it. Panics when the app does not send the browser to
    /// Logto.
    pub async fn sign_in(&self, browser: &mut Browser, sign_in_url: &str) -> reqwest::Response {
        let to_logto = browser.get(sign_in_url).await;
        assert!(
            to_logto.status().is_redirection(),
            "GET {sign_in_url} answered {} instead of a redirect to Logto",
            to_logto.status()
        );
        let callback = self.authorize(&location(&to_logto));
        browser.get(&callback).await
    }

    /// The user confirms signing out at Logto: does what `GET /oidc/session/end` and its
    /// auto-submitted form do for `end_session_url` (the app's redirect from its sign-out), and
    /// returns where Logto then sends the browser: the app's registered post-sign-out page with
    /// `state`, or Logto's own "signed out" page when the app sent none. Counts as an
    /// [`Endpoint::EndSession`] and an [`Endpoint::EndSessionConfirm`] call. Panics, with
    /// Logto's JSON error, when Logto would refuse it.
    pub fn sign_out(&self, end_session_url: &str) -> String {
        let url = url::Url::parse(end_session_url).expect("sign_out() takes an absolute URL");
        let query = routes::pairs(url.query().unwrap_or_default().as_bytes());
        let mut s = lock(&self.state);
        s.count(Endpoint::EndSession);
        s.end_sessions.push(query.clone());
        let xsrf = match s.begin_logout(&query) {
            Ok(xsrf) => xsrf,
            Err(refused) => panic!(
                "the fake Logto refused {end_session_url} with {}: {}",
                refused.status, refused.body
            ),
        };
        s.count(Endpoint::EndSessionConfirm);
        let reply = s.end_session_confirm(&[("xsrf".to_string(), xsrf)]);
        reply
            .location()
            .expect("a confirmed sign-out redirects")
            .to_owned()
    }
}

impl Drop for FakeLogto {
    fn drop(&mut self) {
        self.server.abort();
    }
}
