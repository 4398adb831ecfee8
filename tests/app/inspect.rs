//! The flow inspector (`/inspect`): every step and check of the visitor's own flows, nothing
//! secret, and nothing at all when it is off.

use std::sync::Arc;

use reqwest::{StatusCode, header};

use crate::helpers::{
    COOKIE, FakeLogto, Misbehaviour, TestApp, csrf_field, location, param, query_pairs,
};

/// The checks of a sign-in, in the order they are made.
const SIGN_IN_CHECKS: [&str; 12] = [
    "state",
    "callback-iss",
    "header",
    "issuer",
    "audience",
    "signature",
    "expiry",
    "issued-at",
    "nonce",
    "at-hash",
    "userinfo-sub",
    "new-session-id",
];

async fn inspector(app: &TestApp) -> String {
    let response = app.get("/inspect").await;
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.expect("the inspector page")
}

/// The section of the page that shows the flow of `kind` (`sign-in`, `refresh`, `sign-out`…).
fn flow<'a>(page: &'a str, kind: &str) -> &'a str {
    let at = page
        .find(&format!("data-kind=\"{kind}\""))
        .unwrap_or_else(|| panic!("a {kind} flow on the page:\n{page}"));
    let rest = &page[page[..at].rfind("<section").unwrap_or(at)..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

/// The outcomes shown for check `key`, in order.
fn outcomes<'a>(section: &'a str, key: &str) -> Vec<&'a str> {
    let marker = format!("data-check=\"{key}\" data-outcome=\"");
    section
        .match_indices(&marker)
        .filter_map(|(at, _)| section[at + marker.len()..].split('"').next())
        .collect()
}

/// The arguments shown under one check (`<p class="args">`), or "" when it has none.
fn check_args<'a>(section: &'a str, key: &str) -> &'a str {
    let start = section
        .find(&format!("data-check=\"{key}\""))
        .unwrap_or_else(|| panic!("check {key} in {section}"));
    let item = &section[start..start + section[start..].find("</li>").expect("its end")];
    match item.find("<p class=\"args\">") {
        Some(at) => &item[at..at + item[at..].find("</p>").expect("the end of its arguments")],
        None => "",
    }
}

fn steps(section: &str) -> Vec<&str> {
    section
        .match_indices("data-step=\"")
        .filter_map(|(at, m)| section[at + m.len()..].split('"').next())
        .collect()
}

fn status(section: &str) -> &str {
    let marker = "data-status=\"";
    let at = section.find(marker).expect("a status") + marker.len();
    section[at..].split('"').next().expect("a status value")
}

#[tokio::test]
async fn a_sign_in_is_shown_step_by_step_with_every_check_passed() {
    let app = TestApp::spawn().await;
    let home = app.signed_in_home().await;
    assert!(home.contains("id=\"inspect-link\""), "linked from the page");
    let page = inspector(&app).await;
    let sign_in = flow(&page, "sign-in");
    assert_eq!(status(sign_in), "ok");
    assert_eq!(
        steps(sign_in),
        [
            "authorize",
            "callback",
            "token",
            "id-token",
            "userinfo",
            "session"
        ]
    );
    for check in SIGN_IN_CHECKS {
        assert_eq!(outcomes(sign_in, check), ["passed"], "{check}");
    }
    // The authorization request, parameter by parameter, and its URL with secrets masked.
    for parameter in [
        "state",
        "nonce",
        "code_challenge",
        "code_challenge_method",
        "prompt",
        "scope",
        "redirect_uri",
    ] {
        assert!(
            sign_in.contains(&format!("<code>{parameter}</code>")),
            "{parameter}"
        );
    }
    assert!(sign_in.contains("code_challenge_method=S256"));
    assert!(sign_in.contains("prompt=consent"));
    // The code exchange: how the app authenticated and what came back, timed.
    assert!(sign_in.contains("client_secret_basic"));
    assert!(sign_in.contains("<code>code_verifier</code>"));
    assert!(sign_in.contains("<code>expires_in</code>"));
    assert!(sign_in.contains(" ms</span>"), "calls to Logto are timed");
    // The ID token's header, and the key and algorithm that verified it.
    assert!(sign_in.contains("ES384"));
    assert!(sign_in.contains(&app.logto.current_kid()));
    // Discovery and keys in use.
    let keys = &page[page.find("id=\"keys\"").expect("the keys section")..];
    assert!(keys.contains(&app.logto.issuer()));
    // Each key with its type, algorithm and curve (the fake publishes Logto's P-384 key).
    assert!(
        keys.contains(&format!(
            "<code class=\"kid\">{}</code> EC ES384 P-384</li>",
            app.logto.current_kid()
        )),
        "{keys}"
    );
}

#[tokio::test]
async fn no_token_code_verifier_or_secret_from_logto_ever_reaches_the_inspector_page() {
    let app = TestApp::spawn().await;
    let authorize = app.begin_sign_in("").await;
    let callback = app.logto.authorize(&authorize);
    assert_eq!(
        app.callback(&callback).await.status(),
        StatusCode::SEE_OTHER
    );
    let csrf = csrf_field(&app.home().await);
    app.post_form("/refresh", &[("csrf", &csrf)]).await;
    let mut page = inspector(&app).await;
    let sign_out = app.post_form("/sign-out", &[("csrf", &csrf)]).await;
    let state = param(&query_pairs(&location(&sign_out)), "state").expect("a state");
    app.get(&format!("/?state={state}")).await;
    page.push_str(&inspector(&app).await);

    let mut secrets = app.logto.issued_tokens();
    assert!(secrets.len() >= 6, "tokens were issued: {}", secrets.len());
    for name in ["state", "nonce", "code_challenge"] {
        secrets.extend(param(&query_pairs(&authorize), name));
    }
    secrets.extend(param(&query_pairs(&callback), "code"));
    secrets.push(state);
    for request in app.logto.token_requests() {
        secrets.extend(request.form_value("code_verifier").map(str::to_string));
    }
    secrets.push(FakeLogto::CLIENT_SECRET.to_string());
    for secret in &secrets {
        assert!(!page.contains(secret.as_str()), "{secret} is on the page");
    }
    // Each is shown as a prefix and its length.
    assert!(page.contains("… (43 characters)") || page.contains("characters)"));
}

#[tokio::test]
async fn a_refresh_shows_why_it_happened_that_the_refresh_token_rotated_and_the_new_id_token_checks()
 {
    let app = TestApp::spawn().await;
    let csrf = csrf_field(&app.signed_in_home().await);
    app.post_form("/refresh", &[("csrf", &csrf)]).await;
    let page = inspector(&app).await;
    let refresh = flow(&page, "refresh");
    assert_eq!(status(refresh), "ok");
    assert!(refresh.contains("because you asked for fresh tokens"));
    assert_eq!(steps(refresh), ["refresh", "id-token"]);
    let rotated = &refresh[refresh.find(">rotated<").expect("rotation shown")..];
    assert!(rotated[..200].contains(">yes<"), "{rotated}");
    // The refreshed ID token carries the sign-in's nonce, as Logto's do: it is compared.
    for check in [
        "signature",
        "issuer",
        "audience",
        "expiry",
        "nonce",
        "at-hash",
        "same-subject",
    ] {
        assert_eq!(outcomes(refresh, check), ["passed"], "{check}");
    }
    // The sign-in is still there, beside it.
    assert_eq!(status(flow(&page, "sign-in")), "ok");
}

/// A 6-second access token is refreshed once it has 3 s or less left (half its life); the
/// inspector says how long it had, counted down from its expiry (not up, not a ratio).
#[tokio::test]
async fn an_automatic_refresh_shows_how_many_seconds_the_access_token_had_left() {
    let app = TestApp::spawn().await;
    app.logto.set_access_token_ttl(6);
    assert_eq!(app.sign_in().await.status(), StatusCode::SEE_OTHER);
    app.logto.set_access_token_ttl(3600);
    tokio::time::sleep(std::time::Duration::from_millis(3100)).await;
    assert_eq!(app.get("/").await.status(), StatusCode::OK);
    assert_eq!(app.logto.refresh_grants(), 1, "the page view refreshed");
    let page = inspector(&app).await;
    let refresh = flow(&page, "refresh");
    let left = ["3 seconds", "2 seconds"]
        .iter()
        .find(|left| refresh.contains(&format!("because the access token had {left} left")));
    assert!(left.is_some(), "{refresh}");
}

#[tokio::test]
async fn a_refreshed_id_token_without_a_nonce_shows_that_check_as_nothing_to_check_and_at_hash_as_passed()
 {
    // A refresh sends no nonce, so a refreshed ID token may leave it out; the inspector must say
    // there was nothing to compare, not that a comparison passed.
    let app = TestApp::spawn().await;
    let csrf = csrf_field(&app.signed_in_home().await);
    app.logto.misbehave(Misbehaviour::IdTokenMissingNonce);
    app.post_form("/refresh", &[("csrf", &csrf)]).await;
    let page = inspector(&app).await;
    let refresh = flow(&page, "refresh");
    assert_eq!(status(refresh), "ok");
    assert_eq!(outcomes(refresh, "nonce"), ["not-applicable"]);
    assert_eq!(outcomes(refresh, "at-hash"), ["passed"]);
    // At sign-in the nonce was there and was compared.
    assert_eq!(outcomes(flow(&page, "sign-in"), "nonce"), ["passed"]);
}

#[tokio::test]
async fn sign_out_shows_the_revocation_the_end_session_request_and_the_state_that_came_back() {
    let app = TestApp::spawn().await;
    let csrf = csrf_field(&app.signed_in_home().await);
    let response = app.post_form("/sign-out", &[("csrf", &csrf)]).await;
    let end_session = location(&response);

    // At Logto still: the sign-out so far, waiting for the browser to come back.
    let page = inspector(&app).await;
    let sign_out = flow(&page, "sign-out");
    assert_eq!(status(sign_out), "open");
    assert_eq!(
        steps(sign_out),
        ["revocation", "session-ended", "end-session"]
    );
    assert!(sign_out.contains("token_type_hint"));
    assert!(sign_out.contains("<code>id_token_hint</code>"));

    let state = param(&query_pairs(&end_session), "state").expect("a state");
    app.get(&format!("/?state={state}")).await;
    let page = inspector(&app).await;
    let sign_out = flow(&page, "sign-out");
    assert_eq!(status(sign_out), "ok");
    assert_eq!(outcomes(sign_out, "sign-out-state"), ["passed"]);
    assert!(
        sign_out.contains(">200<"),
        "Logto's answer to the revocation"
    );
    assert!(
        !page.contains("data-kind=\"sign-in\""),
        "the sign-in went with the session"
    );
}

#[tokio::test]
async fn a_sign_in_with_the_wrong_nonce_shows_the_nonce_check_failed_where_it_is_made_and_why() {
    let app = TestApp::spawn().await;
    app.logto.misbehave(Misbehaviour::IdTokenWrongNonce);
    let response = app.sign_in().await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let cookie = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("logto_app_inspect="))
        .expect("the failed sign-in is kept in the inspector's cookie")
        .to_string();
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/inspect", "Max-Age=600"] {
        assert!(cookie.contains(flag), "{flag} in {cookie}");
    }
    let value = cookie.split(';').next().unwrap_or_default();
    eprintln!("failed sign-in cookie: {} bytes", value.len());
    assert!(value.len() < 3000, "well under 4 KB: {} bytes", value.len());
    let error_page = response.text().await.expect("the error page");
    assert!(error_page.contains("id=\"inspect-link\""));
    assert!(app.session_cookie().is_none(), "nobody is signed in");

    let page = inspector(&app).await;
    let sign_in = flow(&page, "sign-in");
    assert_eq!(status(sign_in), "failed");
    for passed in ["state", "callback-iss", "issuer", "signature", "expiry"] {
        assert_eq!(outcomes(sign_in, passed), ["passed"], "{passed}");
    }
    assert_eq!(outcomes(sign_in, "nonce"), ["failed"]);
    assert_eq!(outcomes(sign_in, "at-hash"), ["not-reached"]);
    let failure = &sign_in[sign_in.find("class=\"failure\"").expect("a failure box")..];
    assert!(failure.contains("nonce"));
    assert!(failure.contains("nonce mismatch"), "the reason: {failure}");
    assert!(failure.contains("crates/logto-core/src/verify.rs"));
    assert!(failure.contains("openid-connect-core-1_0.html#IDTokenValidation"));
}

#[tokio::test]
async fn a_token_from_another_issuer_shows_the_iss_check_failed_before_the_signature() {
    let app = TestApp::spawn().await;
    app.logto.misbehave(Misbehaviour::IdTokenWrongIssuer);
    app.sign_in().await;
    let page = inspector(&app).await;
    let sign_in = flow(&page, "sign-in");
    assert_eq!(outcomes(sign_in, "issuer"), ["failed"]);
    assert_eq!(outcomes(sign_in, "signature"), ["not-reached"]);
    assert!(sign_in.contains("wrong-tenant"), "what was found is shown");
    // Beside what was found, what was expected: this app's Logto tenant.
    let args = check_args(sign_in, "issuer");
    assert!(args.contains("expected issuer"), "{args}");
    assert!(args.contains(&app.logto.issuer()), "{args}");
    // Only a failed issuer check names the expected issuer; the passed checks keep their own.
    assert!(!check_args(sign_in, "audience").contains("expected issuer"));
}

#[tokio::test]
async fn an_id_token_without_at_hash_shows_that_check_as_nothing_to_check() {
    let app = TestApp::spawn().await;
    app.logto.misbehave(Misbehaviour::IdTokenMissingAtHash);
    app.signed_in_home().await;
    let page = inspector(&app).await;
    let sign_in = flow(&page, "sign-in");
    assert_eq!(outcomes(sign_in, "at-hash"), ["not-applicable"]);
    assert_eq!(outcomes(sign_in, "nonce"), ["passed"]);
}

#[tokio::test]
async fn userinfo_shows_the_claims_that_came_back_without_sub_and_without_empty_ones() {
    let app = TestApp::spawn().await;
    app.signed_in_home().await;
    let page = inspector(&app).await;
    let sign_in = flow(&page, "sign-in");
    let start = sign_in
        .find("data-step=\"userinfo\"")
        .expect("a userinfo step");
    let step = &sign_in[start..start + sign_in[start..].find("</details>").expect("its end")];
    // The "…" fact, shown as "other claims".
    let names = step
        .split("<dt>other claims</dt>")
        .nth(1)
        .and_then(|rest| rest.split("<span class=\"value\">").nth(1))
        .and_then(|rest| rest.split("</span>").next())
        .unwrap_or_else(|| panic!("the claims that came back: {step}"));
    let names: Vec<&str> = names.split(' ').collect();
    for expected in [
        "name",
        "username",
        "email",
        "email_verified",
        "phone_number",
    ] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    // `sub` is shown on its own, above; `picture` came back as null.
    assert!(!names.contains(&"sub"), "{names:?}");
    assert!(!names.contains(&"picture"), "{names:?}");
}

#[tokio::test]
async fn each_id_token_check_shows_what_it_compared_with_keys_when_fetched_and_the_clock_leeway() {
    let app = TestApp::spawn().await;
    app.signed_in_home().await;
    let page = inspector(&app).await;
    let sign_in = flow(&page, "sign-in");
    assert_eq!(outcomes(sign_in, "issuer"), ["passed"]);
    let issuer = check_args(sign_in, "issuer");
    assert!(
        issuer.contains(&app.logto.issuer()) && !issuer.contains("expected issuer"),
        "a passed check shows what it found, no expected value beside it: {issuer}"
    );
    let signature = check_args(sign_in, "signature");
    assert!(signature.contains("keys fetched"), "{signature}");
    assert!(
        signature.contains("fetched again for this token"),
        "{signature}"
    );
    for check in ["expiry", "issued-at"] {
        let args = check_args(sign_in, check);
        assert!(args.contains("leeway (seconds)"), "{check}: {args}");
        assert!(args.contains("60"), "{check}: {args}");
    }
}

#[tokio::test]
async fn the_signature_check_says_whether_logtos_keys_were_fetched_again_for_the_token() {
    const REFETCHED: &str = "fetched again for this token</span>";
    let app = TestApp::spawn().await;
    app.signed_in_home().await;
    let page = inspector(&app).await;
    let signature = check_args(flow(&page, "sign-in"), "signature");
    assert!(
        signature.contains(&format!("{REFETCHED} no<")),
        "the keys fetched with discovery served: {signature}"
    );

    // Logto rotates its key: the next ID token names a key the app has not seen.
    app.logto.rotate_to_new_ec_key();
    app.clear_cookies();
    app.signed_in_home().await;
    let page = inspector(&app).await;
    let signature = check_args(flow(&page, "sign-in"), "signature");
    assert_eq!(outcomes(flow(&page, "sign-in"), "signature"), ["passed"]);
    assert!(
        signature.contains(&format!("{REFETCHED} yes<")),
        "the new key was fetched for this token: {signature}"
    );
}

#[tokio::test]
async fn an_id_token_issued_in_the_future_fails_the_iat_check_and_an_expired_one_the_exp_check() {
    for (misbehaviour, failed, passed) in [
        (
            Misbehaviour::IdTokenIatInFuture(3600),
            "issued-at",
            "expiry",
        ),
        (Misbehaviour::IdTokenExpired, "expiry", "issued-at"),
    ] {
        let app = TestApp::spawn().await;
        app.logto.misbehave(misbehaviour);
        assert_eq!(app.sign_in().await.status(), StatusCode::UNAUTHORIZED);
        let page = inspector(&app).await;
        let sign_in = flow(&page, "sign-in");
        assert_eq!(status(sign_in), "failed");
        assert_eq!(outcomes(sign_in, failed), ["failed"], "{failed}");
        assert_ne!(outcomes(sign_in, passed), ["failed"], "{passed}");
    }
}

#[tokio::test]
async fn a_callback_from_another_issuer_shows_the_rfc_9207_check_failed_and_no_code_exchanged() {
    let app = TestApp::spawn().await;
    app.logto.misbehave(Misbehaviour::CallbackWrongIss);
    app.sign_in().await;
    let page = inspector(&app).await;
    let sign_in = flow(&page, "sign-in");
    assert_eq!(outcomes(sign_in, "callback-iss"), ["failed"]);
    assert_eq!(steps(sign_in), ["authorize", "callback"]);
    assert!(sign_in.contains("rfc9207#section-2.4"));
    assert!(sign_in.contains("crates/logto-core/src/sign_in.rs"));
}

#[tokio::test]
async fn a_replayed_callback_shows_that_no_sign_in_in_flight_matched_its_state() {
    let app = TestApp::spawn().await;
    let callback = app.logto.authorize(&app.begin_sign_in("").await);
    app.callback(&callback).await;
    app.callback(&callback).await;
    let page = inspector(&app).await;
    // The newest sign-in record is the replay (in the cookie); the session keeps the first.
    let replay = &page[page.find("data-status=\"failed\"").expect("a failed flow")..];
    assert_eq!(outcomes(replay, "state").first(), Some(&"failed"));
    assert!(replay.contains("crates/logto-axum/src/session/attempt.rs"));
}

#[tokio::test]
async fn a_stranger_sees_an_empty_inspector_and_gets_no_cookie() {
    let app = TestApp::spawn().await;
    let response = app.get("/inspect").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get(header::SET_COOKIE).is_none());
    assert_eq!(
        response
            .headers()
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let page = response.text().await.expect("page");
    assert!(page.contains("id=\"inspect-empty\""));
    assert!(!page.contains("<script"), "usable without JavaScript");
}

#[tokio::test]
async fn with_the_inspector_off_the_page_is_not_found_and_nothing_is_recorded() {
    use logto_axum::session::PendingSignIn;
    let logto = Arc::new(FakeLogto::start().await);
    let app = TestApp::spawn_with(logto, &[("APP_INSPECTOR", "false")]).await;
    assert_eq!(app.get("/inspect").await.status(), StatusCode::NOT_FOUND);
    app.begin_sign_in("").await;
    let (name, value) = app.attempt_cookies().pop().expect("an attempt cookie");
    let plain = app
        .keys()
        .open_cookie(&name, &app.browser_binding(), &value)
        .expect("opens");
    let pending: PendingSignIn = serde_json::from_slice(&plain).expect("an attempt");
    assert!(pending.flow.is_none(), "the attempt carries no record");

    app.logto.misbehave(Misbehaviour::IdTokenWrongNonce);
    let failed = app.sign_in().await;
    assert!(
        !failed
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .any(|v| v
                .to_str()
                .unwrap_or_default()
                .starts_with("logto_app_inspect")),
        "no inspector cookie"
    );
    assert!(
        !failed
            .text()
            .await
            .expect("error page")
            .contains("inspect-link")
    );
    app.logto.clear_misbehaviour();
    assert!(!app.signed_in_home().await.contains("inspect-link"));
    assert!(app.cookie(COOKIE).is_some());
}

#[tokio::test]
async fn the_records_kept_with_a_session_stay_small_and_sealed_and_a_failed_sign_in_writes_nothing()
{
    let size = |inspector: &'static str| async move {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = format!("sqlite://{}", dir.path().join("sessions.db").display());
        let app = TestApp::spawn_with(
            Arc::new(FakeLogto::start().await),
            &[("SESSION_STORE", &store), ("APP_INSPECTOR", inspector)],
        )
        .await;
        let pool = sqlx::SqlitePool::connect(&store).await.expect("the store");
        app.logto.misbehave(Misbehaviour::IdTokenWrongNonce);
        app.sign_in().await;
        let rows: i64 = sqlx::query_scalar("select count(*) from sessions")
            .fetch_one(&pool)
            .await
            .expect("count");
        assert_eq!(rows, 0, "a failed sign-in writes nothing to the store");
        app.logto.clear_misbehaviour();
        app.signed_in_home().await;
        let length: i64 = sqlx::query_scalar("select length(value) from sessions")
            .fetch_one(&pool)
            .await
            .expect("one record");
        length
    };
    let with = size("true").await;
    let without = size("false").await;
    eprintln!("sealed session record: {with} bytes with the sign-in recorded, {without} without");
    assert!(
        with - without < 4096,
        "the sign-in record adds {} bytes",
        with - without
    );
}
