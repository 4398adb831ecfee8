//! The axum router: Logto's paths, each counting its calls and delegating to [`State`].

use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State as Shared};
use axum::http::{HeaderMap, Method, Uri, header};
use axum::routing::{delete, get, patch, post};

use super::Misbehaviour;
use super::account::{AccountRequest, VERIFICATION_HEADER};
use super::recorded::{Endpoint, RecordedRequest};
use super::reply::Reply;
use super::state::{SharedState, lock};

pub fn router(state: SharedState) -> Router {
    Router::new()
        .route("/oidc/.well-known/openid-configuration", get(discovery))
        .route("/oidc/jwks", get(jwks))
        .route("/oidc/auth", get(authorize))
        .route("/oidc/token", post(token))
        .route("/oidc/me", get(userinfo).post(userinfo))
        .route("/oidc/token/revocation", post(revocation))
        .route("/oidc/session/end", get(end_session))
        .route("/oidc/session/end/confirm", post(end_session_confirm))
        .route("/oidc/session/end/success", get(end_session_success))
        .route("/api/.well-known/account-center", get(account_center))
        .route("/api/my-account", get(my_account).patch(update_my_account))
        .route("/api/my-account/profile", patch(update_my_profile))
        .route("/api/my-account/sessions", get(my_sessions))
        .route("/api/my-account/sessions/{id}", delete(end_my_session))
        .route("/api/verifications/password", post(verify_password))
        .route(
            "/api/verifications/verification-code",
            post(send_verification_code),
        )
        .route(
            "/api/verifications/verification-code/verify",
            post(verify_code),
        )
        .with_state(state)
}

pub fn pairs(encoded: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(encoded)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn authorization(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

async fn sleep_if(delay: Duration) {
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
}

async fn discovery(Shared(state): Shared<SharedState>) -> Reply {
    let delay = {
        let mut s = lock(&state);
        s.count(Endpoint::Discovery);
        s.find(|m| match m {
            Misbehaviour::DiscoveryDelay(d) => Some(*d),
            _ => None,
        })
        .unwrap_or_default()
    };
    sleep_if(delay).await;
    lock(&state).discovery()
}

async fn jwks(Shared(state): Shared<SharedState>) -> Reply {
    let mut s = lock(&state);
    s.count(Endpoint::Jwks);
    s.jwks()
}

async fn authorize(Shared(state): Shared<SharedState>, RawQuery(query): RawQuery) -> Reply {
    let mut s = lock(&state);
    s.count(Endpoint::Authorize);
    s.authorize(pairs(query.unwrap_or_default().as_bytes()))
}

fn record(method: &Method, uri: &Uri, headers: &HeaderMap, body: &Bytes) -> RecordedRequest {
    RecordedRequest {
        method: method.to_string(),
        path: uri.path().to_owned(),
        authorization: authorization(headers),
        form: pairs(body),
    }
}

async fn token(
    Shared(state): Shared<SharedState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    let request = record(&method, &uri, &headers, &body);
    let delay = {
        let mut s = lock(&state);
        s.count(Endpoint::Token);
        s.token_requests.push(request.clone());
        s.token_delay(&request.form)
    };
    sleep_if(delay).await;
    let (reply, answer_delay) = {
        let mut s = lock(&state);
        let reply = s.token_request(request.authorization.as_deref(), &request.form);
        (reply, s.token_answer_delay(&request.form))
    };
    sleep_if(answer_delay).await;
    reply
}

async fn userinfo(Shared(state): Shared<SharedState>, headers: HeaderMap) -> Reply {
    let delay = {
        let mut s = lock(&state);
        s.count(Endpoint::Userinfo);
        s.find(|m| match m {
            Misbehaviour::UserinfoDelay(d) => Some(*d),
            _ => None,
        })
        .unwrap_or_default()
    };
    sleep_if(delay).await;
    lock(&state).userinfo(authorization(&headers).as_deref())
}

async fn revocation(
    Shared(state): Shared<SharedState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    let request = record(&method, &uri, &headers, &body);
    let mut s = lock(&state);
    s.count(Endpoint::Revocation);
    s.revocations.push(request.clone());
    s.revoke(request.authorization.as_deref(), &request.form)
}

async fn end_session(Shared(state): Shared<SharedState>, RawQuery(query): RawQuery) -> Reply {
    let mut s = lock(&state);
    s.count(Endpoint::EndSession);
    let query = pairs(query.unwrap_or_default().as_bytes());
    s.end_sessions.push(query.clone());
    s.end_session(&query)
}

async fn end_session_confirm(Shared(state): Shared<SharedState>, body: Bytes) -> Reply {
    let mut s = lock(&state);
    s.count(Endpoint::EndSessionConfirm);
    s.end_session_confirm(&pairs(&body))
}

async fn end_session_success(Shared(state): Shared<SharedState>) -> Reply {
    lock(&state).end_session_success()
}

fn header_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn account_request<'a>(headers: &'a HeaderMap, body: &'a [u8]) -> AccountRequest<'a> {
    AccountRequest {
        authorization: header_value(headers, header::AUTHORIZATION.as_str()),
        verification: header_value(headers, VERIFICATION_HEADER),
        body,
    }
}

async fn account_center(Shared(state): Shared<SharedState>) -> Reply {
    let mut s = lock(&state);
    s.count(Endpoint::AccountCenter);
    s.account_center()
}

async fn my_account(Shared(state): Shared<SharedState>, headers: HeaderMap) -> Reply {
    let mut s = lock(&state);
    s.count(Endpoint::MyAccount);
    s.my_account(&account_request(&headers, &[]))
}

async fn update_my_account(
    Shared(state): Shared<SharedState>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    let mut s = lock(&state);
    s.count(Endpoint::MyAccount);
    s.update_my_account(&account_request(&headers, &body))
}

async fn update_my_profile(
    Shared(state): Shared<SharedState>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    let mut s = lock(&state);
    s.count(Endpoint::MyAccount);
    s.update_my_profile(&account_request(&headers, &body))
}

async fn my_sessions(Shared(state): Shared<SharedState>, headers: HeaderMap) -> Reply {
    let mut s = lock(&state);
    s.count(Endpoint::MyAccount);
    s.my_sessions(&account_request(&headers, &[]))
}

async fn end_my_session(
    Shared(state): Shared<SharedState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Reply {
    let mut s = lock(&state);
    s.count(Endpoint::MyAccount);
    let query = pairs(query.unwrap_or_default().as_bytes());
    s.end_my_session(&account_request(&headers, &[]), &id, &query)
}

async fn verify_password(
    Shared(state): Shared<SharedState>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    let mut s = lock(&state);
    s.count(Endpoint::Verification);
    s.verify_password(&account_request(&headers, &body))
}

async fn send_verification_code(
    Shared(state): Shared<SharedState>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    let mut s = lock(&state);
    s.count(Endpoint::VerificationCode);
    s.send_verification_code(&account_request(&headers, &body))
}

async fn verify_code(Shared(state): Shared<SharedState>, headers: HeaderMap, body: Bytes) -> Reply {
    let mut s = lock(&state);
    s.count(Endpoint::VerificationCode);
    s.verify_code(&account_request(&headers, &body))
}
