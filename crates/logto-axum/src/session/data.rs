//! What a session holds. Only signed-in browsers have a session record; sign-ins in flight live
//! in their own cookies (see `attempt.rs`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use logto_core::Profile;
use logto_core::observe::{Flow, Flows};

/// Everything this app remembers about one signed-in browser, sealed in the store.
#[derive(Clone, Default, Deserialize, Serialize)]
pub struct SessionData {
    /// The signed-in user; `None` when nobody is signed in (a session saved without a user is
    /// deleted instead).
    #[serde(default)]
    pub user: Option<SignedInUser>,
    /// What the flow inspector recorded for this session (`src/inspect/`); empty when it is off.
    #[serde(default, skip_serializing_if = "Flows::is_empty")]
    pub flows: Flows,
}

/// A user after a verified callback. No `Debug`: it holds tokens.
#[derive(Clone, Deserialize, Serialize)]
pub struct SignedInUser {
    /// The user's claims: from the verified ID token (replaced when a refresh brings a new one),
    /// with what userinfo adds (identities, custom data).
    pub profile: Profile,
    /// The latest raw ID token, sent as `id_token_hint` to Logto's end-session endpoint.
    pub id_token: String,
    /// The nonce of the sign-in: Logto repeats it in refreshed ID tokens.
    pub nonce: String,
    /// The access token for Logto's userinfo endpoint, refreshed shortly before it expires.
    pub access_token: String,
    /// When the access token expires (unix seconds); `None` when Logto did not say, and then it
    /// is not refreshed ahead of time.
    pub access_token_expires_at: Option<i64>,
    /// When the current access token arrived (unix seconds), to know its lifetime.
    pub access_token_received_at: i64,
    /// The refresh token, replaced at each grant (Logto rotates it); `None` when Logto issued
    /// none, and then the access token is not refreshed and no API or organization token is had.
    pub refresh_token: Option<String>,
    /// The scopes Logto granted at sign-in.
    pub scopes: Vec<String>,
    /// When the user signed in (unix seconds).
    pub signed_in_at: i64,
    /// Must come back with the forms that change the session (sign-out, refresh, tokens).
    pub csrf_token: String,
    /// Access tokens for API resources and organizations, by `TokenTarget::key`, reused until
    /// shortly before they expire.
    #[serde(default)]
    pub api_tokens: BTreeMap<String, ApiToken>,
    /// Logto's answer when it refused one of those tokens, shown as is on the page.
    #[serde(default)]
    pub api_errors: BTreeMap<String, String>,
}

/// An access token for an API resource or an organization, with what the page shows of it.
#[derive(Clone, Deserialize, Serialize)]
pub struct ApiToken {
    /// The access token Logto issued for the API resource or organization.
    pub access_token: String,
    /// When it expires (unix seconds), from Logto's answer or else the token's `exp`; `None` when
    /// neither says, and then it is asked for again each time it is needed.
    pub expires_at: Option<i64>,
    /// Decoded from the token for display; the API itself verifies it.
    pub audience: Vec<String>,
    /// The scopes the token grants, decoded from it for display.
    pub scopes: Vec<String>,
}

/// One sign-in in flight, keyed by its `state`. No `Debug`: it holds secrets.
#[derive(Clone, Deserialize, Serialize)]
pub struct PendingSignIn {
    /// The `state` sent to Logto, which the callback must bring back; it also names the attempt's
    /// cookie.
    pub state: String,
    /// The nonce sent to Logto, which the ID token (and every refreshed one) must repeat.
    pub nonce: String,
    /// The PKCE code verifier, presented with the authorization code at the callback.
    pub pkce_verifier: String,
    /// Where the user goes after the callback: a path on this site (see
    /// [`crate::return_to::same_origin_path`]).
    pub return_to: String,
    /// When the sign-in began (unix seconds); the attempt is refused ten minutes later.
    pub created_at: i64,
    /// The inspector's record of the authorization request, carried to the callback (no store
    /// write for a sign-in in flight); `None` when the inspector is off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<Flow>,
}
