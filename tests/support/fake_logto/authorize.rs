//! `GET /oidc/auth`: validation like Logto's, then an instant sign-in and the 303 to the callback.

use serde_json::json;
use url::Url;

use super::reply::Reply;
use super::state::{Code, State, value};
use super::tokens::opaque;
use super::{FakeLogto, Misbehaviour};

impl State {
    /// `GET /oidc/auth`: the user signs in at once; 303 to the callback, or 400 when Logto could
    /// not redirect (unknown client, missing or unparsable `redirect_uri`).
    pub fn authorize(&mut self, pairs: Vec<(String, String)>) -> Reply {
        let get = |name: &str| value(&pairs, name).map(str::to_owned);
        let state = get("state");
        if get("client_id").as_deref() != Some(FakeLogto::CLIENT_ID) {
            self.last_authorization = Some(pairs);
            return Reply::oidc_error(400, "invalid_client", "client is invalid");
        }
        let Some(redirect_uri) = get("redirect_uri") else {
            self.last_authorization = Some(pairs);
            let description = "missing required parameter 'redirect_uri'";
            return Reply::oidc_error(400, "invalid_request", description);
        };
        let Ok(mut callback) = Url::parse(&redirect_uri) else {
            self.last_authorization = Some(pairs);
            return Reply::json(
                400,
                &json!({
                    "code": "oidc.invalid_redirect_uri",
                    "message": "`redirect_uri` did not match any of the client's registered `redirect_uris`.",
                    "error": "invalid_redirect_uri",
                    "error_description": "redirect_uri did not match any of the client's registered redirect_uris",
                    "state": state,
                    "iss": self.issuer(),
                }),
            );
        };
        let challenge = get("code_challenge");
        let refusal = if get("response_type").as_deref() != Some("code") {
            Some((
                "unsupported_response_type",
                "unsupported response_type requested",
            ))
        } else if challenge.is_none() {
            Some((
                "invalid_request",
                "Authorization Server policy requires PKCE to be used for this request",
            ))
        } else if get("code_challenge_method").as_deref() != Some("S256") {
            Some((
                "invalid_request",
                "not supported value of code_challenge_method",
            ))
        } else if self.has(&Misbehaviour::UserCancels) {
            Some(("access_denied", "End-User aborted interaction"))
        } else {
            None
        };
        {
            let mut query = callback.query_pairs_mut();
            if let Some((error, description)) = refusal {
                query.append_pair("error", error);
                query.append_pair("error_description", description);
            } else {
                let code = opaque();
                self.codes.insert(
                    code.clone(),
                    Code {
                        redirect_uri: redirect_uri.clone(),
                        code_challenge: challenge.unwrap_or_default(),
                        nonce: get("nonce"),
                        scope: get("scope").unwrap_or_default(),
                        prompt: get("prompt").unwrap_or_default(),
                        user: self.user.clone(),
                        grant: None,
                    },
                );
                query.append_pair("code", &code);
            }
            if let Some(state) = &state {
                query.append_pair("state", state);
            }
            if self.has(&Misbehaviour::CallbackWrongIss) {
                query.append_pair("iss", &self.wrong_issuer());
            } else if !self.has(&Misbehaviour::CallbackMissingIss) {
                query.append_pair("iss", &self.issuer());
            }
        }
        self.last_authorization = Some(pairs);
        Reply::see_other(callback.into())
    }
}
