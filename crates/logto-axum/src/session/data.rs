//! What a session holds. Only signed-in browsers have a session record; sign-ins in flight live
//! in their own cookies (see `attempt.rs`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use logto_core::Profile;
use logto_core::observe::{Flow, Flows};

/// Everything this app remembers about one signed-in browser, sealed in the store.
#[derive(Clone, Default, Deserialize, Serialize)]
pub struct SessionData {
    #[serde(default)]
    pub user: Option<SignedInUser>,
    /// What the flow inspector recorded for this session (`src/inspect/`); empty when it is off.
    #[serde(default, skip_serializing_if = "Flows::is_empty")]
    pub flows: Flows,
}

/// A user after a verified callback. No `Debug`: it holds tokens.
#[derive(Clone, Deserialize, Serialize)]
pub struct SignedInUser {
    pub profile: Profile,
    pub id_token: String,
    /// The nonce of the sign-in: Logto repeats it in refreshed ID tokens.
    pub nonce: String,
    pub access_token: String,
    pub access_token_expires_at: Option<i64>,
    /// When the current access token arrived (unix seconds), to know its lifetime.
    pub access_token_received_at: i64,
    pub refresh_token: Option<String>,
    pub scopes: Vec<String>,
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
    pub access_token: String,
    pub expires_at: Option<i64>,
    /// Decoded from the token for display; the API itself verifies it.
    pub audience: Vec<String>,
    pub scopes: Vec<String>,
}

/// One sign-in in flight, keyed by its `state`. No `Debug`: it holds secrets.
#[derive(Clone, Deserialize, Serialize)]
pub struct PendingSignIn {
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub return_to: String,
    pub created_at: i64,
    /// The inspector's record of the authorization request, carried to the callback (no store
    /// write for a sign-in in flight); `None` when the inspector is off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<Flow>,
}
