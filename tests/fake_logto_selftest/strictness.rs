//! The fake is as strict as Logto: registered redirect URIs, end-session with its confirm step,
//! Logto's own parameters, `prompt`, `scope` and `resource`, code expiry, and the resources and
//! organizations of refresh grants. Each answer is compared with the captures (copied into
//! `crates/logto-fake/fixtures/logto/` from `shared/fixtures/logto/`).

use serde_json::{Value, json};

use crate::endpoint_misbehaviours::{refresh, refresh_token_for};
use crate::helpers::{
    REDIRECT_URI, Raw, http, query_value, raw, raw_authorize_url, raw_authorize_url_with, raw_code,
    raw_exchange, raw_exchange_code,
};
use crate::support::fake_logto::{
    CODE_TTL_SECS, Endpoint, FIXTURE_POST_LOGOUT_REDIRECT_URI, FakeLogto, TestUser,
};

const BAD_REDIRECT: &str =
    include_str!("../../crates/logto-fake/fixtures/logto/auth-error-bad-redirect.txt");
const SIGN_OUT: &str = include_str!("../../crates/logto-fake/fixtures/logto/sign-out-results.json");
const INVALID_GRANT: &str =
    include_str!("../../crates/logto-fake/fixtures/logto/token-error-invalid-grant.txt");

/// The body of a captured HTTP response.
fn body_of(capture: &str) -> &str {
    capture
        .split("\r\n\r\n")
        .nth(1)
        .or_else(|| capture.split("\n\n").nth(1))
        .expect("a body")
}

/// A header of a captured HTTP response.
fn header_of<'a>(capture: &'a str, name: &str) -> Option<&'a str> {
    capture.lines().find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

fn sign_out_capture() -> Value {
    serde_json::from_str(SIGN_OUT).expect("sign-out-results.json")
}

#[test]
fn the_copied_captures_are_the_shared_ones() {
    let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/logto");
    if !std::path::Path::new(shared).is_dir() {
        eprintln!("{shared} is not here: comparing nothing");
        return;
    }
    for (name, copy) in [
        ("auth-error-bad-redirect.txt", BAD_REDIRECT),
        ("sign-out-results.json", SIGN_OUT),
        ("token-error-invalid-grant.txt", INVALID_GRANT),
    ] {
        let original = std::fs::read_to_string(format!("{shared}/{name}")).expect(name);
        assert_eq!(
            original, copy,
            "{name} was changed in shared/: copy it again"
        );
    }
}

// --- Redirect URIs --------------------------------------------------------------------------------

#[tokio::test]
async fn an_unregistered_redirect_uri_gets_the_captured_400_and_no_redirect() {
    let fake = FakeLogto::start().await;
    let url = raw_authorize_url(&fake, "openid", "consent")
        .replace("%2Fcallback", "%2Fevil")
        .replace("state=raw-state", "state=s");
    let answer = raw(http().get(&url)).await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.header("location"), None);
    let captured = body_of(BAD_REDIRECT).replace("http://127.0.0.1:3001/oidc", &fake.issuer());
    assert_eq!(
        answer.json(),
        serde_json::from_str::<Value>(&captured).expect("JSON")
    );
    for name in ["content-type", "cache-control"] {
        assert_eq!(
            answer.header(name).as_deref(),
            header_of(BAD_REDIRECT, name),
            "{name}"
        );
    }
    // Another port, a trailing slash, another path: Logto compares the whole string.
    for almost in [
        "http://127.0.0.1:3001/callback",
        "http://127.0.0.1:3000/callback/",
        "http://localhost:3000/callback",
    ] {
        let url = raw_authorize_url(&fake, "openid", "consent")
            .replace(&urlencode(REDIRECT_URI), &urlencode(almost));
        assert_eq!(raw(http().get(&url)).await.status, 400, "{almost}");
    }
    assert!(
        fake.last_authorization().is_some(),
        "refused requests are recorded too"
    );
}

#[tokio::test]
async fn register_app_adds_the_apps_callback_and_home_as_logtos_console_would() {
    let fake = FakeLogto::start().await;
    let base = "http://127.0.0.1:4567";
    let url = raw_authorize_url(&fake, "openid", "consent").replace(
        &urlencode(REDIRECT_URI),
        &urlencode(&format!("{base}/callback")),
    );
    assert_eq!(
        raw(http().get(&url)).await.status,
        400,
        "not registered yet"
    );
    fake.register_app(base);
    let answer = raw(http().get(&url)).await;
    assert_eq!(answer.status, 303);
    assert!(
        answer
            .header("location")
            .is_some_and(|l| l.starts_with(&format!("{base}/callback?code=")))
    );
    let end = end_session(
        &fake,
        &[
            ("client_id", FakeLogto::CLIENT_ID),
            ("post_logout_redirect_uri", &format!("{base}/")),
        ],
    )
    .await;
    assert_eq!(end.status, 200);
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

// --- End session ----------------------------------------------------------------------------------

async fn end_session(fake: &FakeLogto, params: &[(&str, &str)]) -> Raw {
    raw(http()
        .get(format!("{}/session/end", fake.issuer()))
        .query(params))
    .await
}

/// The form on Logto's end-session page: its action and xsrf value.
fn confirm_form(page: &str) -> (String, String) {
    let attribute = |name: &str| {
        let start = page.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
        page[start..].split('"').next().expect(name).to_owned()
    };
    assert!(page.contains("name=\"xsrf\""), "{page}");
    (attribute("action"), attribute("value"))
}

async fn confirm(action: &str, xsrf: &str) -> Raw {
    raw(http()
        .post(action)
        .form(&[("xsrf", xsrf), ("logout", "yes")]))
    .await
}

/// Runs one captured case of `sign-out-results.json` ("A".."D") against the fake, with the
/// capture's parameters (an `id_token_hint` is replaced by one the fake issued).
async fn run_captured_case(fake: &FakeLogto, case: &Value, id_token: &str) -> (Raw, Option<Raw>) {
    let params: Vec<(String, String)> = case["params"]
        .as_object()
        .expect("params")
        .iter()
        .map(|(k, v)| {
            let v = if k == "id_token_hint" {
                id_token
            } else {
                v.as_str().expect("a string")
            };
            (k.clone(), v.to_owned())
        })
        .collect();
    let params: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let page = end_session(fake, &params).await;
    if page.status != 200 {
        return (page, None);
    }
    let (action, xsrf) = confirm_form(&page.body);
    let confirmed = confirm(&action, &xsrf).await;
    (page, Some(confirmed))
}

#[tokio::test]
async fn end_session_answers_each_captured_case_like_logto() {
    let fake = FakeLogto::start().await;
    let id_token = raw_exchange(&fake, "openid", "consent").await.json()["id_token"]
        .as_str()
        .expect("an ID token")
        .to_owned();
    let capture = sign_out_capture();
    let captured_issuer = "http://127.0.0.1:3001/oidc";
    for name in ["A", "B", "C", "D"] {
        let case = &capture[name];
        let (page, confirmed) = run_captured_case(&fake, case, &id_token).await;
        assert_eq!(
            u64::from(page.status),
            case["getStatus"].as_u64().expect("status"),
            "{name}"
        );
        assert_eq!(
            page.header("content-type").as_deref(),
            case["getContentType"].as_str(),
            "{name}"
        );
        let Some(confirmed) = confirmed else {
            assert_eq!(page.json(), case["getBody"], "{name}");
            continue;
        };
        let (action, _) = confirm_form(&page.body);
        let expected_action = case["formAction"]
            .as_str()
            .expect("formAction")
            .replace(captured_issuer, &fake.issuer());
        assert_eq!(action, expected_action, "{name}");
        assert_eq!(
            u64::from(confirmed.status),
            case["confirmStatus"].as_u64().expect("status"),
            "{name}"
        );
        let expected = case["confirmLocation"]
            .as_str()
            .expect("location")
            .replace(captured_issuer, &fake.issuer());
        assert_eq!(
            confirmed.header("location"),
            Some(expected.clone()),
            "{name}"
        );
        if let Some(body) = case["followBody"].as_str() {
            let follow = raw(http().get(&expected)).await;
            assert_eq!(
                u64::from(follow.status),
                case["followStatus"].as_u64().expect("status")
            );
            assert!(
                body.contains("<title>Sign Out</title>")
                    && follow.body.contains("<title>Sign Out</title>")
            );
        }
    }
    assert_eq!(fake.calls(Endpoint::EndSession), 4);
    assert_eq!(fake.calls(Endpoint::EndSessionConfirm), 3);
}

#[tokio::test]
async fn end_session_checks_the_client_the_hint_and_the_xsrf_and_drops_a_uri_without_a_client() {
    let fake = FakeLogto::start().await;
    let registered = FIXTURE_POST_LOGOUT_REDIRECT_URI;
    let other_client = end_session(
        &fake,
        &[
            ("client_id", "someone-else"),
            ("post_logout_redirect_uri", registered),
        ],
    )
    .await;
    assert_eq!(
        (other_client.status, other_client.json()["error"].as_str()),
        (400, Some("invalid_client"))
    );
    let forged = end_session(
        &fake,
        &[
            ("id_token_hint", "eyJhbGciOiJub25lIn0.e30."),
            ("post_logout_redirect_uri", registered),
        ],
    )
    .await;
    assert_eq!(
        (forged.status, forged.json()["error"].as_str()),
        (400, Some("invalid_request"))
    );
    // No client_id, no id_token_hint: the redirect URI is silently dropped (LOGTO.md).
    let page = end_session(
        &fake,
        &[("post_logout_redirect_uri", registered), ("state", "s")],
    )
    .await;
    let (action, xsrf) = confirm_form(&page.body);
    let confirmed = confirm(&action, &xsrf).await;
    assert_eq!(
        confirmed.header("location"),
        Some(format!("{}/session/end/success", fake.issuer()))
    );
    let again = confirm(&action, &xsrf).await;
    assert_eq!(
        (again.status, again.json()["error"].as_str()),
        (400, Some("invalid_request")),
        "an xsrf value works once"
    );
    let made_up = confirm(&action, "made-up").await;
    assert_eq!(made_up.status, 400);
}

// --- Authorization parameters ------------------------------------------------------------------

#[tokio::test]
async fn logtos_own_parameters_are_applied_together_or_all_dropped() {
    let fake = FakeLogto::start().await;
    let authorize = |extra: &[(&str, &str)]| {
        let callback = fake.authorize(&raw_authorize_url_with(&fake, "openid", "consent", extra));
        assert!(
            query_value(&callback, "code").is_some(),
            "a bad value of Logto's is no error: {callback}"
        );
        fake.applied_logto_params().expect("recorded")
    };
    let good = [
        ("first_screen", "identifier:sign_in"),
        ("identifier", "email phone"),
        ("login_hint", "ada@example.com"),
        ("organization_id", "org1"),
        ("ui_locales", "fr-CA en"),
    ];
    let applied = authorize(&good);
    let expected: Vec<(String, String)> = good
        .iter()
        .map(|(k, v)| ((*k).into(), (*v).into()))
        .collect();
    assert_eq!(applied, expected);
    assert_eq!(
        authorize(&[
            ("direct_sign_in", "social:huggingface"),
            ("login_hint", "x@y.z")
        ])
        .len(),
        2
    );
    assert_eq!(authorize(&[("first_screen", "register")]).len(), 1);
    for bad in [
        [
            ("first_screen", "sign-in"),
            ("login_hint", "ada@example.com"),
        ],
        [("first_screen", "register"), ("identifier", "email")],
        [
            ("first_screen", "identifier:sign_in"),
            ("identifier", "fax"),
        ],
        [
            ("direct_sign_in", "huggingface"),
            ("login_hint", "ada@example.com"),
        ],
        [
            ("interaction_mode", "sign_up"),
            ("login_hint", "ada@example.com"),
        ],
        [("ui_locales", "fr_CA"), ("login_hint", "ada@example.com")],
    ] {
        assert_eq!(
            authorize(&bad),
            Vec::new(),
            "{bad:?}: one bad value drops them all"
        );
    }
}

#[tokio::test]
async fn prompt_scope_and_resource_are_checked_and_refused_through_the_callback() {
    let fake = FakeLogto::start().await;
    let error = |scope: &str, prompt: &str, extra: &[(&str, &str)]| {
        let callback = fake.authorize(&raw_authorize_url_with(&fake, scope, prompt, extra));
        assert_eq!(
            query_value(&callback, "state").as_deref(),
            Some("raw-state")
        );
        assert_eq!(query_value(&callback, "iss"), Some(fake.issuer()));
        (
            query_value(&callback, "error"),
            query_value(&callback, "code").is_some(),
        )
    };
    let refused = |e: &str| (Some(e.to_owned()), false);
    assert_eq!(
        error("openid", "consent select", &[]),
        refused("invalid_request")
    );
    assert_eq!(
        error("openid", "none consent", &[]),
        refused("invalid_request")
    );
    assert_eq!(
        error("profile email", "consent", &[]),
        refused("invalid_request"),
        "a nonce without openid"
    );
    assert_eq!(
        error(
            "openid",
            "consent",
            &[("resource", "https://api.example.com#x")]
        ),
        refused("invalid_target")
    );
    assert_eq!(
        error("openid", "consent", &[("resource", "api")]),
        refused("invalid_target")
    );
    assert_eq!(
        error(
            "openid",
            "consent",
            &[("resource", "https://unknown.example.com")]
        ),
        refused("invalid_target")
    );
    assert_eq!(
        error(
            "openid",
            "login consent",
            &[("resource", "https://api.example.com")]
        ),
        (None, true)
    );
    fake.add_api_resource("https://unknown.example.com");
    assert_eq!(
        error(
            "openid",
            "consent",
            &[("resource", "https://unknown.example.com")]
        ),
        (None, true)
    );
    // Unknown scopes are dropped from the grant, not refused.
    let code = raw_code(&fake, "openid profile made:up", "consent");
    let tokens = raw_exchange_code(&fake, &code).await.json();
    assert_eq!(tokens["scope"], "openid profile");
}

// --- Codes ----------------------------------------------------------------------------------------

#[tokio::test]
async fn a_code_expires_after_its_lifetime_with_the_captured_invalid_grant() {
    let fake = FakeLogto::start().await;
    let fresh_enough = raw_code(&fake, "openid", "consent");
    fake.age_codes(CODE_TTL_SECS - 5);
    assert_eq!(raw_exchange_code(&fake, &fresh_enough).await.status, 200);
    let stale = raw_code(&fake, "openid", "consent");
    fake.age_codes(CODE_TTL_SECS);
    let answer = raw_exchange_code(&fake, &stale).await;
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (400, body_of(INVALID_GRANT))
    );
}

// --- Resources and organizations at refresh --------------------------------------------------------

#[tokio::test]
async fn a_refresh_gets_tokens_only_for_authorized_resources_and_the_users_organizations() {
    let fake = FakeLogto::start().await;
    fake.set_user(TestUser::email_user().with_claim("organizations", json!(["org1"])));
    let plain = refresh_token_for(&fake, "openid offline_access", &[]).await;
    let api = [("resource", "https://api.example.com")];
    let refused = refresh(&fake, &plain, &api).await;
    assert_eq!(
        (refused.status, refused.json()["error"].as_str()),
        (400, Some("invalid_target")),
        "not authorized at sign-in"
    );
    let no_scope = refresh(&fake, &plain, &[("organization_id", "org1")]).await;
    assert_eq!(
        (no_scope.status, no_scope.json()["error"].as_str()),
        (403, Some("insufficient_scope"))
    );
    assert_eq!(
        refresh(&fake, &plain, &[]).await.status,
        200,
        "refusals leave the token unused"
    );

    let scope = "openid offline_access urn:logto:scope:organizations";
    let extra = [api[0], ("resource", "urn:logto:resource:organizations")];
    let token = refresh_token_for(&fake, scope, &extra).await;
    let not_member = refresh(&fake, &token, &[("organization_id", "org2")]).await;
    assert_eq!(
        (not_member.status, not_member.json()["error"].as_str()),
        (400, Some("access_denied"))
    );
    let other_api = refresh(
        &fake,
        &token,
        &[("resource", "https://billing.example.com")],
    )
    .await;
    assert_eq!(other_api.json()["error"], "invalid_target");
    let member = refresh(&fake, &token, &[("organization_id", "org1")]).await;
    assert_eq!(member.status, 200);
    let token = member.json()["refresh_token"]
        .as_str()
        .expect("rotated")
        .to_owned();
    assert_eq!(refresh(&fake, &token, &api).await.status, 200);
}
