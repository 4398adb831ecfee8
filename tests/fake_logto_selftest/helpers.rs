//! An openidconnect relying party (and a raw HTTP one) to drive the fake with.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use openidconnect::core::{
    CoreAuthPrompt, CoreAuthenticationFlow, CoreClient, CoreIdTokenClaims, CoreProviderMetadata,
    CoreTokenResponse,
};
use openidconnect::{
    AccessTokenHash, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet,
    EndpointNotSet, EndpointSet, IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge,
    RedirectUrl, Scope, TokenResponse,
};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::support::fake_logto::FakeLogto;

pub const REDIRECT_URI: &str = "http://127.0.0.1:3000/callback";
/// The PKCE verifier of the raw (non-openidconnect) flows.
pub const RAW_VERIFIER: &str = "raw-pkce-verifier-0123456789-0123456789-0123456789";

pub type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a reqwest client")
}

pub async fn try_discover(fake: &FakeLogto) -> Result<(CoreProviderMetadata, Client), String> {
    let issuer = IssuerUrl::new(fake.issuer()).expect("issuer URL");
    let metadata = CoreProviderMetadata::discover_async(issuer, &http())
        .await
        .map_err(|e| format!("{e:?}"))?;
    let client = CoreClient::from_provider_metadata(
        metadata.clone(),
        ClientId::new(FakeLogto::CLIENT_ID.to_owned()),
        Some(ClientSecret::new(FakeLogto::CLIENT_SECRET.to_owned())),
    )
    .set_redirect_uri(RedirectUrl::new(REDIRECT_URI.to_owned()).expect("redirect URL"));
    Ok((metadata, client))
}

pub async fn discover(fake: &FakeLogto) -> Client {
    try_discover(fake).await.expect("discovery works").1
}

#[derive(Debug)]
pub struct Flow {
    pub tokens: CoreTokenResponse,
    pub nonce: Nonce,
}

/// The query parameter `name` of `url`.
pub fn query_value(url: &str, name: &str) -> Option<String> {
    let url = url::Url::parse(url).expect("a URL");
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// A code flow as the app does it: PKCE, state, nonce, `prompt=consent`, offline_access.
pub async fn code_flow(fake: &FakeLogto, client: &Client) -> Result<Flow, String> {
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scopes(["profile", "email", "phone", "offline_access"].map(|s| Scope::new(s.into())))
        .add_prompt(CoreAuthPrompt::Consent)
        .set_pkce_challenge(challenge)
        .url();
    let callback = fake.authorize(url.as_str());
    assert_eq!(
        query_value(&callback, "state").as_deref(),
        Some(state.secret().as_str())
    );
    let code = query_value(&callback, "code").ok_or(format!("no code in {callback}"))?;
    let tokens = client
        .exchange_code(AuthorizationCode::new(code))
        .expect("token URL")
        .set_pkce_verifier(verifier)
        .request_async(&http())
        .await
        .map_err(|e| format!("{e:?}"))?;
    Ok(Flow { tokens, nonce })
}

/// Verifies the ID token as the app must: signature with the discovered algorithms, iss, aud,
/// exp, nonce, and at_hash.
pub fn verify(
    client: &Client,
    tokens: &CoreTokenResponse,
    nonce: &Nonce,
) -> Result<CoreIdTokenClaims, String> {
    let id_token = tokens.id_token().ok_or("no id_token")?;
    let verifier = client
        .id_token_verifier()
        .set_issue_time_verifier_fn(|iat| {
            if iat.timestamp() > now() + 60 {
                Err("issued in the future".to_owned())
            } else {
                Ok(())
            }
        });
    let claims = id_token
        .claims(&verifier, nonce)
        .map_err(|e| format!("{e:?}"))?;
    if let Some(expected) = claims.access_token_hash() {
        let alg = id_token.signing_alg().map_err(|e| format!("{e:?}"))?;
        let key = id_token
            .signing_key(&verifier)
            .map_err(|e| format!("{e:?}"))?;
        let actual = AccessTokenHash::from_token(tokens.access_token(), alg, key)
            .map_err(|e| format!("{e:?}"))?;
        if actual != *expected {
            return Err("at_hash mismatch".to_owned());
        }
    }
    Ok(claims.clone())
}

/// Seconds since the epoch.
pub fn now() -> i64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970");
    i64::try_from(since.as_secs()).expect("fits")
}

/// A code flow plus verification, any failure as a string.
pub async fn sign_in(
    fake: &FakeLogto,
    client: &Client,
) -> Result<(Flow, CoreIdTokenClaims), String> {
    let flow = code_flow(fake, client).await?;
    let claims = verify(client, &flow.tokens, &flow.nonce)?;
    Ok((flow, claims))
}

/// The decoded header and claims of a JWT (no verification).
pub fn jwt_parts(token: &str) -> (Value, Value) {
    let mut parts = token.split('.');
    let mut decode = || {
        let part = parts.next().expect("a JWT part");
        serde_json::from_slice(&B64URL.decode(part).expect("base64url")).expect("JSON")
    };
    (decode(), decode())
}

/// A raw HTTP answer.
pub struct Raw {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Raw {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("a JSON body")
    }
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }
}

pub async fn raw(request: reqwest::RequestBuilder) -> Raw {
    let response = request.send().await.expect("the fake answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.text().await.expect("a body");
    Raw {
        status,
        headers,
        body,
    }
}

/// The authorization URL the raw flows use (PKCE with [`RAW_VERIFIER`]).
pub fn raw_authorize_url(fake: &FakeLogto, scope: &str, prompt: &str) -> String {
    raw_authorize_url_with(fake, scope, prompt, &[])
}

/// [`raw_authorize_url`] plus `extra` pairs (`resource`, Logto's own parameters…).
pub fn raw_authorize_url_with(
    fake: &FakeLogto,
    scope: &str,
    prompt: &str,
    extra: &[(&str, &str)],
) -> String {
    let challenge = B64URL.encode(Sha256::digest(RAW_VERIFIER.as_bytes()));
    let mut url = url::Url::parse(&format!("{}/auth", fake.issuer())).expect("URL");
    url.query_pairs_mut()
        .append_pair("client_id", FakeLogto::CLIENT_ID)
        .append_pair("response_type", "code")
        .append_pair("redirect_uri", REDIRECT_URI)
        .append_pair("scope", scope)
        .append_pair("prompt", prompt)
        .append_pair("state", "raw-state")
        .append_pair("nonce", "raw-nonce")
        .append_pair("code_challenge", &challenge)
        .append_pair("code_challenge_method", "S256");
    for (name, value) in extra {
        url.query_pairs_mut().append_pair(name, value);
    }
    url.into()
}

/// POST to the token endpoint with client_secret_basic (`basic`) and a form.
pub async fn raw_token(
    fake: &FakeLogto,
    basic: Option<(&str, &str)>,
    form: &[(&str, &str)],
) -> Raw {
    let mut request = http().post(format!("{}/token", fake.issuer())).form(form);
    if let Some((id, secret)) = basic {
        request = request.basic_auth(id, Some(secret));
    }
    raw(request).await
}

/// A fresh code from a raw authorization request.
pub fn raw_code(fake: &FakeLogto, scope: &str, prompt: &str) -> String {
    let callback = fake.authorize(&raw_authorize_url(fake, scope, prompt));
    query_value(&callback, "code").expect("a code")
}

/// A raw code exchange with the right credentials and verifier.
pub async fn raw_exchange(fake: &FakeLogto, scope: &str, prompt: &str) -> Raw {
    raw_exchange_code(fake, &raw_code(fake, scope, prompt)).await
}

/// Redeems `code` (from a raw authorization) with the right credentials and verifier.
pub async fn raw_exchange_code(fake: &FakeLogto, code: &str) -> Raw {
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", REDIRECT_URI),
        ("code_verifier", RAW_VERIFIER),
    ];
    raw_token(fake, Some(CREDENTIALS), &form).await
}

pub const CREDENTIALS: (&str, &str) = (FakeLogto::CLIENT_ID, FakeLogto::CLIENT_SECRET);
