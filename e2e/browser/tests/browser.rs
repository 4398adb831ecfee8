//! End-to-end: a headless Chromium clicks through the app and the Logto-like provider
//! (`e2e/op`). Each test starts its own provider, app, chromedriver and browser (see `harness`).
//!
//! Run with `e2e/run.sh` (installs what is missing), or, with the prerequisites in place:
//! `cargo test -p logto-axum-e2e --locked -- --test-threads=1`. One test at a time: each one
//! runs a Chromium, a node process and the app, which is as much as 2 cores carry reliably.
//! Screenshots land in `e2e/artifacts/<test>/`.

mod harness;

use std::{sync::Arc, time::Duration};

use harness::{Options, TestEnv};
use serde_json::Value;

const EMAIL: &str = "test.user@example.com";
const EMAIL_USER_PHONE: &str = "15555550123";
const PHONE_ONLY: &str = "15555550199";

// ----- shared steps ------------------------------------------------------------------------------

/// From the signed-out home: "Continue with email", the provider's code flow, back on the
/// signed-in home.
async fn sign_in_with_email(env: &TestEnv, shot_prefix: &str) {
    env.goto_app("/").await;
    env.click("#sign-in-email").await;
    env.wait_screen("sign-in:email").await;
    env.sign_in_with_code(EMAIL, shot_prefix).await;
    env.wait_app("#user-name").await;
}

/// `css` shows `value` with a "verified" badge (and not "not verified").
async fn assert_verified(env: &TestEnv, css: &str, value: &str) {
    let text = env.text(css).await;
    assert!(text.contains(value), "{css} should show {value}: {text:?}");
    assert!(
        !text.contains("not verified"),
        "{css} should be verified: {text:?}"
    );
    let badge = env.text(&format!("{css} .badge.ok")).await;
    assert_eq!(badge.trim(), "verified", "{css} badge");
}

fn field<'a>(value: &'a Value, name: &str) -> &'a Value {
    value.get(name).unwrap_or(&Value::Null)
}

/// The provider's events of `kind` that match every `(field, value)` pair.
async fn matching_events(env: &TestEnv, kind: &str, wanted: &[(&str, Value)]) -> Vec<Value> {
    env.events(kind)
        .await
        .into_iter()
        .filter(|event| {
            wanted
                .iter()
                .all(|(name, value)| field(event, name) == value)
        })
        .collect()
}

// ----- scenarios ---------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_email_one_time_code_signs_the_user_in_and_shows_the_verified_email() {
    Options::new("email_code")
        .run(|env: Arc<TestEnv>| async move {
            env.goto_app("/").await;
            env.wait_app("#sign-in-email").await;
            env.shot("app-signed-out-home").await;

            env.click("#sign-in-email").await;
            env.wait_screen("sign-in:email").await;
            env.sign_in_with_code(EMAIL, "email").await;

            env.wait_app("#user-name").await;
            env.shot("app-signed-in-home").await;
            assert_eq!(env.text("#user-name").await, "Test User");
            assert_eq!(env.text("#user-username").await, "@testuser");
            assert_verified(&env, "#user-email", EMAIL).await;
            assert_verified(&env, "#user-phone", EMAIL_USER_PHONE).await;
            assert!(
                env.text("#refresh-token-held").await.contains("held"),
                "the app should hold a refresh token"
            );
            assert!(
                env.text("#access-token-expiry")
                    .await
                    .starts_with("expires in"),
                "a fresh access token"
            );
            let sign_ins = matching_events(
                &env,
                "sign_in",
                &[
                    ("method", "email-otp".into()),
                    ("sub", "testuser0001".into()),
                ],
            )
            .await;
            assert_eq!(sign_ins.len(), 1, "one email sign-in at the provider");
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_one_time_code_signs_in_a_phone_only_user_without_showing_an_email() {
    Options::new("phone_code")
        .run(|env: Arc<TestEnv>| async move {
            env.goto_app("/").await;
            env.click("#sign-in-phone").await;
            env.wait_screen("sign-in:phone").await;
            env.sign_in_with_code(PHONE_ONLY, "phone").await;

            env.wait_app("#user-name").await;
            env.shot("app-signed-in-home-phone-user").await;
            // No name: the heading is the username, not repeated as "@phoneuser" under it.
            assert_eq!(env.text("#user-name").await, "phoneuser");
            assert_verified(&env, "#user-phone", PHONE_ONLY).await;
            let email = env.text("#user-email").await;
            assert!(
                !email.contains('@') && !email.contains("verified"),
                "no email for the phone-only user: {email:?}"
            );
            assert!(env.find_now("#user-email .badge").await.is_none());
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn continue_with_hugging_face_signs_in_directly_and_shows_the_hugging_face_identity() {
    Options::new("hugging_face")
        .run(|env: Arc<TestEnv>| async move {
            env.goto_app("/").await;
            env.click("#sign-in-huggingface").await;
            // Straight to the connector: no identifier screen first.
            env.wait_screen("social:huggingface").await;
            env.shot("provider-hugging-face").await;
            env.click("#authorize").await;

            let identity = env
                .wait_app(r#"#user-identities li.identity[data-provider="huggingface"]"#)
                .await;
            env.shot("app-signed-in-home-hugging-face").await;
            let text = identity.text().await.expect("identity text");
            assert!(text.contains("Hugging Face"), "identity: {text:?}");
            assert_eq!(env.text("#user-name").await, "Hugging Face User");
            assert_eq!(env.text("#user-username").await, "@hfuser");
            let auth = env.last_auth().await;
            assert_eq!(
                auth["params"]["direct_sign_in"], "social:huggingface",
                "{auth}"
            );
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_account_opens_the_registration_screen_first_and_ends_signed_in() {
    Options::new("create_account")
        .run(|env: Arc<TestEnv>| async move {
            let new_email = "new.person@example.com";
            env.goto_app("/").await;
            env.click("#create-account").await;
            env.wait_screen("register").await;
            assert_eq!(env.text("#heading").await, "Create account");
            env.sign_in_with_code(new_email, "register").await;

            env.wait_app("#user-name").await;
            env.shot("app-signed-in-home-new-user").await;
            assert_verified(&env, "#user-email", new_email).await;
            let registered =
                matching_events(&env, "sign_in", &[("registered", Value::Bool(true))]).await;
            assert_eq!(registered.len(), 1, "the provider registered one new user");
        })
        .await;
}

/// Logto (and `e2e/op`, like it) keeps one sign-in interaction per browser: its `_interaction`
/// cookie has `path=/`, so the second tab's sign-in replaces the first tab's interaction, and once
/// the second tab has finished, the first tab's form is refused ("Session not found"). What the app
/// must get right is that the first tab's sign-in (its `state`, nonce and PKCE verifier) survives
/// the second tab's completed sign-in: when the first tab goes through its own authorization
/// request again, Logto's session answers it without credentials and the app accepts the
/// callback.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tabs_that_start_signing_in_at_once_both_end_signed_in() {
    Options::new("two_tabs")
        .run(|env: Arc<TestEnv>| async move {
            let client = &env.client;
            env.goto_app("/sign-in?method=email").await;
            env.wait_screen("sign-in:email").await;
            let first = client.window().await.expect("the first tab");

            let second = client.new_window(true).await.expect("a second tab").handle;
            client
                .switch_to_window(second.clone())
                .await
                .expect("to the second tab");
            env.goto_app("/sign-in?method=email").await;
            env.wait_screen("sign-in:email").await;
            let requests = env.auth_requests().await;
            assert_eq!(requests.len(), 2, "two sign-ins started: {requests:?}");
            let first_state = requests[0]["params"]["state"].clone();
            assert_ne!(first_state, requests[1]["params"]["state"]);

            // The second tab (the provider's current interaction) finishes with a code.
            env.sign_in_with_code(EMAIL, "tab2").await;
            env.wait_app("#user-name").await;
            env.shot("tab2-signed-in").await;
            assert_eq!(env.text("#user-name").await, "Test User");

            // The first tab's provider page is stale now; the user tries it anyway.
            client
                .switch_to_window(first.clone())
                .await
                .expect("to the first tab");
            env.wait_screen("sign-in:email").await;
            env.type_into("#identifier", EMAIL).await;
            env.click("#submit").await;
            env.wait_screen("error").await;
            env.shot("tab1-provider-refuses-the-stale-interaction")
                .await;

            // The first tab's own authorization request again: same state, no credentials asked.
            env.client
                .goto(&env.authorization_url(&requests[0]))
                .await
                .expect("the first tab's authorization request");
            env.wait_app("#user-name").await;
            env.shot("tab1-signed-in").await;
            assert_eq!(env.text("#user-name").await, "Test User");
            let url = env.current_url().await;
            assert_eq!(url.strip_prefix(&env.app_url), Some("/"), "tab 1 at {url}");
            let code_sign_ins = env.events("sign_in").await;
            assert_eq!(code_sign_ins.len(), 1, "only the second tab typed a code");
            let tokens = matching_events(
                &env,
                "token",
                &[
                    ("grant_type", "authorization_code".into()),
                    ("ok", Value::Bool(true)),
                ],
            )
            .await;
            assert_eq!(tokens.len(), 2, "both tabs' codes were exchanged");

            // And the second tab is still signed in.
            client
                .switch_to_window(second)
                .await
                .expect("back to the second tab");
            env.goto_app("/").await;
            env.wait_app("#user-name").await;
            assert_eq!(env.text("#user-name").await, "Test User");
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_at_the_provider_shows_a_friendly_error_and_sign_in_again_works() {
    Options::new("cancel")
        .run(|env: Arc<TestEnv>| async move {
            env.goto_app("/").await;
            env.click("#sign-in-email").await;
            env.wait_screen("sign-in:email").await;
            env.click("#cancel").await;

            let title = env.wait_app("#error-title").await;
            env.shot("app-error-cancelled").await;
            let title = title.text().await.expect("error title");
            assert!(
                title.to_lowercase().contains("cancelled"),
                "error title: {title:?}"
            );
            assert!(!env.text("#error-message").await.is_empty());

            env.click("#sign-in-again").await;
            env.wait_screen("sign-in").await;
            env.sign_in_with_code(EMAIL, "again").await;
            env.wait_app("#user-name").await;
            assert_eq!(env.text("#user-name").await, "Test User");
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn return_to_brings_the_user_back_to_the_page_they_asked_for() {
    Options::new("return_to")
        .run(|env: Arc<TestEnv>| async move {
            env.goto_app("/sign-in?return_to=%2F%3Ffrom%3Dtest").await;
            env.wait_screen("sign-in").await;
            env.sign_in_with_code(EMAIL, "return-to").await;

            env.wait_app("#user-name").await;
            let url = env.current_url().await;
            assert_eq!(
                url.strip_prefix(&env.app_url),
                Some("/?from=test"),
                "landed on {url}"
            );
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_ends_the_provider_session_and_revokes_the_refresh_token() {
    Options::new("sign_out")
        .run(|env: Arc<TestEnv>| async move {
            sign_in_with_email(&env, "email").await;

            env.click("#sign-out-link").await;
            env.wait_app("#sign-out-confirm").await;
            env.shot("app-sign-out-confirmation").await;
            env.click("#sign-out-confirm").await;

            // The provider's sign-out page (its button), or straight back if it went on by itself.
            let op_prefix = env.op("/");
            let on_provider = env
                .wait_until("the provider's sign-out page or the app", || async {
                    let url = env.current_url().await;
                    if url.starts_with(&op_prefix) {
                        let screen = env.find_now("#screen").await?.text().await.ok()?;
                        return (screen == "sign-out").then_some(true);
                    }
                    env.find_now("#signed-out-notice").await.map(|_| false)
                })
                .await;
            if on_provider {
                env.shot("provider-sign-out").await;
                if env.find_now("#logout-confirm").await.is_some() {
                    env.click("#logout-confirm").await;
                }
            }
            env.wait_app("#signed-out-notice").await;
            env.shot("app-signed-out-notice").await;
            let url = env.current_url().await;
            let path = url.strip_prefix(&env.app_url).unwrap_or(&url);
            assert!(
                path == "/" || path.starts_with("/?"),
                "back on the app's home: {url}"
            );

            // The refresh token was revoked, with HTTP Basic client authentication.
            let revoked = matching_events(
                &env,
                "revocation",
                &[
                    ("ok", Value::Bool(true)),
                    ("revoked_token_type", "refresh_token".into()),
                ],
            )
            .await;
            assert_eq!(revoked.len(), 1, "one refresh token revoked: {revoked:?}");
            assert_eq!(revoked[0]["client_auth"], "basic", "{:?}", revoked[0]);
            let confirmed = matching_events(
                &env,
                "end_session",
                &[("step", "confirm".into()), ("logout", Value::Bool(true))],
            )
            .await;
            assert_eq!(confirmed.len(), 1, "the provider session was ended");

            // Signing in again asks for credentials: the provider session is gone.
            env.click("#sign-in-email").await;
            env.wait_screen("sign-in:email").await;
            env.shot("provider-asks-again").await;
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_access_token_is_refreshed_without_asking_the_user_again() {
    Options::new("refresh")
        .op_env("OP_ACCESS_TOKEN_TTL", "30")
        .run(|env: Arc<TestEnv>| async move {
            sign_in_with_email(&env, "email").await;
            let signed_in_at = std::time::Instant::now();
            let expiry = env.text("#access-token-expiry").await;
            assert!(
                expiry.starts_with("expires in") && expiry.contains("seconds"),
                "a 30-second access token: {expiry:?}"
            );

            // The one long wait: let the 30 s access token expire.
            tokio::time::sleep(Duration::from_secs(32).saturating_sub(signed_in_at.elapsed()))
                .await;
            env.goto_app("/").await;
            assert!(
                env.find_now("#sign-in-email").await.is_none(),
                "signed out after the access token expired"
            );
            env.wait_app("#user-name").await;
            env.shot("app-signed-in-after-refresh").await;
            assert!(
                env.current_url().await.starts_with(&env.app_url),
                "no trip to the provider"
            );
            let expiry = env.text("#access-token-expiry").await;
            assert!(
                expiry.starts_with("expires in"),
                "the access token should have been refreshed: {expiry:?}"
            );
            let refreshed = matching_events(
                &env,
                "token",
                &[
                    ("grant_type", "refresh_token".into()),
                    ("ok", Value::Bool(true)),
                    ("rotated", Value::Bool(true)),
                ],
            )
            .await;
            assert!(
                !refreshed.is_empty(),
                "the provider saw a successful, rotating refresh grant; token events: {:?}",
                env.events("token").await
            );
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_browser_language_reaches_the_provider_as_ui_locales() {
    Options::new("language")
        .lang("fr-FR")
        .run(|env: Arc<TestEnv>| async move {
            env.goto_app("/").await;
            env.click("#sign-in-email").await;
            env.wait_screen("sign-in:email").await;
            env.shot("provider-sign-in-french").await;

            let auth = env.last_auth().await;
            let ui_locales = auth["params"]["ui_locales"].as_str().unwrap_or_default();
            assert!(ui_locales.starts_with("fr"), "ui_locales: {auth}");
            let shown = env.text("#ui-locales").await;
            assert!(shown.contains("fr-FR"), "#ui-locales: {shown:?}");
            let lang = env
                .wait_css("html")
                .await
                .attr("lang")
                .await
                .expect("html lang")
                .unwrap_or_default();
            assert!(lang.starts_with("fr"), "<html lang={lang:?}>");
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_page_answers_404() {
    Options::new("not_found")
        .run(|env: Arc<TestEnv>| async move {
            env.goto_app("/no-such-page").await;
            env.shot("app-not-found").await;
            assert_eq!(env.app_status("/no-such-page").await, 404);
            assert_eq!(env.app_status("/static/no-such-file.css").await, 404);
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_logto_settings_the_app_shows_its_setup_page() {
    Options::new("setup")
        .without_provider()
        .run(|env: Arc<TestEnv>| async move {
            env.goto_app("/").await;
            env.wait_app("#setup-title").await;
            env.shot("app-setup").await;
            assert!(env.text("#redirect-uri").await.ends_with("/callback"));
            env.goto_app("/sign-in?method=email").await;
            env.wait_app("#setup-title").await;
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switching_the_language_translates_the_pages_and_the_provider_receives_it() {
    Options::new("language_switch")
        .run(|env: Arc<TestEnv>| async move {
            env.goto_app("/").await;
            env.wait_app("#language-select")
                .await
                .select_by_value("fr")
                .await
                .expect("choose French");
            env.click("#language-apply").await;
            env.wait_until("the French home page", || async {
                let html = env.find_now("html").await?;
                let lang = html.attr("lang").await.ok().flatten()?;
                (lang == "fr").then_some(())
            })
            .await;
            env.shot("app-home-french").await;
            assert!(env.text("#sign-in-email").await.contains("Continuer"));

            // The choice is remembered across pages and sent to Logto first.
            env.goto_app("/").await;
            env.click("#sign-in-email").await;
            env.wait_screen("sign-in:email").await;
            let auth = env.last_auth().await;
            let ui_locales = auth["params"]["ui_locales"].as_str().unwrap_or_default();
            assert!(ui_locales.starts_with("fr "), "ui_locales: {auth}");
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_api_resource_token_is_obtained_and_shown_decoded_on_the_page() {
    const API: &str = "https://api.example.com";
    Options::new("api_resource")
        .app_env("LOGTO_RESOURCES", API)
        .run(|env: Arc<TestEnv>| async move {
            sign_in_with_email(&env, "provider").await;
            env.click(&format!("li[data-resource=\"{API}\"] button"))
                .await;
            let audience = env
                .wait_app(&format!("li[data-resource=\"{API}\"] .token-audience"))
                .await;
            env.shot("app-signed-in-api-token").await;
            assert_eq!(audience.text().await.expect("audience"), API);
            let page = env.client.source().await.expect("page source");
            assert!(
                !page.contains("eyJ"),
                "the token itself never reaches the page"
            );
            let grants = matching_events(
                &env,
                "token",
                &[("grant_type", Value::from("refresh_token"))],
            )
            .await;
            assert_eq!(
                grants.len(),
                1,
                "one refresh-token grant for the resource: {grants:?}"
            );
        })
        .await;
}

// ----- back-channel logout -------------------------------------------------------------------

const SECOND_APP_ID: &str = "e2e-second-app";

/// In a new tab: signs in to the provider's second app (the provider session is reused, so no
/// screen), then signs out from it with the provider's confirm. Returns to the app's tab
/// without doing anything there.
async fn sign_out_of_the_second_app_in_another_tab(env: &TestEnv) {
    let client = &env.client;
    let app_tab = client.window().await.expect("the app's tab");
    let tab = client.new_window(true).await.expect("a second tab").handle;
    client
        .switch_to_window(tab.clone())
        .await
        .expect("to the second tab");
    client
        .goto(&env.op("/second-app/sign-in"))
        .await
        .expect("open the second app");
    env.wait_screen("second-app:signed-in").await;
    env.shot("second-app-signed-in").await;
    assert_eq!(env.text("#second-app-user").await, "testuser0001");
    let sign_ins = env.events("sign_in").await;
    assert_eq!(
        sign_ins.len(),
        1,
        "the second app reused the provider session: {sign_ins:?}"
    );

    env.click("#second-app-sign-out").await;
    env.wait_screen("sign-out").await;
    env.shot("provider-sign-out-from-the-second-app").await;
    env.click("#logout-confirm").await;
    env.wait_screen("second-app").await;
    env.shot("second-app-signed-out").await;

    client.close_window().await.expect("close the second tab");
    client
        .switch_to_window(app_tab)
        .await
        .expect("back to the app's tab");
}

/// The provider's back-channel sends to our app.
async fn logouts_sent_to_the_app(env: &TestEnv) -> Vec<Value> {
    matching_events(
        env,
        "backchannel_logout",
        &[("client_id", harness::CLIENT_ID.into())],
    )
    .await
}

/// Waits until the provider saw our app revoke a refresh token (the app revokes it after it
/// has answered the logout, so it may come a moment later).
async fn wait_for_refresh_token_revocation(env: &TestEnv) {
    env.wait_until("the app to revoke its refresh token", || async {
        let revoked = matching_events(
            env,
            "revocation",
            &[
                ("ok", Value::Bool(true)),
                ("revoked_token_type", "refresh_token".into()),
            ],
        )
        .await;
        (!revoked.is_empty()).then_some(())
    })
    .await;
}

/// The page in the app's tab, reloaded: the signed-out home, no user.
async fn reload_shows_the_signed_out_home(env: &TestEnv, label: &str) {
    env.client.refresh().await.expect("reload the app's page");
    env.wait_app("#sign-in-email").await;
    env.shot(label).await;
    assert!(
        env.find_now("#user-name").await.is_none(),
        "no user on the signed-out page"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_of_a_second_app_signs_the_user_out_of_this_one_with_no_action_in_its_tab() {
    Options::new("backchannel_second_app")
        .run(|env: Arc<TestEnv>| async move {
            sign_in_with_email(&env, "email").await;
            env.shot("app-signed-in").await;
            assert!(
                logouts_sent_to_the_app(&env).await.is_empty(),
                "no logout yet"
            );

            sign_out_of_the_second_app_in_another_tab(&env).await;

            // The provider told our app, as Logto does: one form POST, answered 200, with a
            // `sid` and no `exp`.
            let sent = logouts_sent_to_the_app(&env).await;
            assert_eq!(sent.len(), 1, "one logout sent to the app: {sent:?}");
            let sent = &sent[0];
            assert_eq!(sent["uri"], env.app("/backchannel-logout"), "{sent}");
            assert_eq!(sent["status"], 200, "{sent}");
            assert_eq!(sent["sid_sent"], true, "{sent}");
            assert_eq!(sent["header"]["typ"], "logout+jwt", "{sent}");
            let claims: Vec<&str> = sent["claims"]
                .as_array()
                .expect("claim names")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            assert_eq!(
                claims,
                ["aud", "events", "iat", "iss", "jti", "sid", "sub"],
                "Logto's claims, no exp: {sent}"
            );
            let to_second_app = matching_events(
                &env,
                "backchannel_logout",
                &[
                    ("client_id", SECOND_APP_ID.into()),
                    ("ok", Value::Bool(true)),
                ],
            )
            .await;
            assert_eq!(to_second_app.len(), 1, "the initiator was told too");

            // Nothing was done in the app's tab; its page, reloaded, is signed out.
            reload_shows_the_signed_out_home(&env, "app-signed-out-by-the-second-app").await;
            wait_for_refresh_token_revocation(&env).await;
            let sign_outs =
                matching_events(&env, "end_session", &[("step", "request".into())]).await;
            assert!(
                sign_outs.iter().all(|e| e["client_id"] == SECOND_APP_ID),
                "only the second app went to the provider's end-session: {sign_outs:?}"
            );

            // Signing in again asks for credentials: the provider session is gone too.
            env.click("#sign-in-email").await;
            env.wait_screen("sign-in:email").await;
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_two_replicas_a_logout_received_by_one_signs_the_user_out_on_the_other() {
    Options::new("backchannel_two_replicas")
        .two_replicas_on_redis()
        .run(|env: Arc<TestEnv>| async move {
            let other = env.replica.as_ref().expect("two replicas").url.clone();
            sign_in_with_email(&env, "email").await;

            // The other replica knows the session too (and now holds it in its cache).
            env.client
                .goto(&format!("{other}/"))
                .await
                .expect("open the other replica");
            env.wait_css("#user-name").await;
            env.shot("other-replica-signed-in").await;
            env.goto_app("/").await;
            env.wait_app("#user-name").await;

            sign_out_of_the_second_app_in_another_tab(&env).await;

            // The logout landed on the other replica, which answered 200.
            let sent = logouts_sent_to_the_app(&env).await;
            assert_eq!(sent.len(), 1, "one logout sent to the app: {sent:?}");
            assert_eq!(
                sent[0]["uri"],
                format!("{other}/backchannel-logout"),
                "{:?}",
                sent[0]
            );
            assert_eq!(sent[0]["status"], 200, "{:?}", sent[0]);

            // The user's page, served by this replica, is signed out.
            reload_shows_the_signed_out_home(&env, "app-signed-out-on-the-other-replica").await;
            wait_for_refresh_token_revocation(&env).await;

            // And so is the other replica's.
            env.client
                .goto(&format!("{other}/"))
                .await
                .expect("open the other replica");
            env.wait_css("#sign-in-email").await;
            assert!(env.find_now("#user-name").await.is_none());
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_flow_inspector_draws_the_sign_in_with_every_check_and_no_token() {
    Options::new("inspect")
        .run(|env: Arc<TestEnv>| async move {
            sign_in_with_email(&env, "email").await;
            env.click("#inspect-link").await;
            let sign_in = r#"section[data-kind="sign-in"]"#;
            env.wait_app(sign_in).await;
            assert_eq!(
                env.wait_css(sign_in)
                    .await
                    .attr("data-status")
                    .await
                    .expect("the flow's status")
                    .as_deref(),
                Some("ok"),
                "the sign-in through the provider completed"
            );
            let steps = env
                .client
                .find_all(fantoccini::Locator::Css(&format!("{sign_in} li.step")))
                .await
                .expect("the steps");
            assert_eq!(steps.len(), 6, "authorize … new session");
            for check in env
                .client
                .find_all(fantoccini::Locator::Css(&format!("{sign_in} li.check")))
                .await
                .expect("the checks")
            {
                let key = check.attr("data-check").await.ok().flatten();
                let outcome = check.attr("data-outcome").await.ok().flatten();
                assert_eq!(outcome.as_deref(), Some("passed"), "{key:?}");
            }

            // The page as a reader first sees it, then the ID token's checks opened (no
            // JavaScript: <details>), and at a phone's width.
            env.goto_app("/inspect#flow-1").await;
            env.wait_app(sign_in).await;
            env.shot("app-inspect").await;
            env.click(&format!(r#"{sign_in} li[data-step="id-token"] summary"#))
                .await;
            env.wait_css(&format!(r#"{sign_in} li[data-check="nonce"]"#))
                .await;
            env.shot("app-inspect-id-token").await;
            env.shot_sized("app-inspect-phone", 390, 1800).await;

            // Tokens appear as a prefix and a length only: no JWT, no opaque token.
            let page = env.client.source().await.expect("page source");
            for (at, _) in page.match_indices("eyJ") {
                let after: String = page[at..].chars().take(6).collect();
                assert!(after.contains('…'), "a JWT on the page: {after}");
            }
            assert!(!page.contains(harness::CLIENT_SECRET));
            assert!(
                page.contains("characters)"),
                "masked values show their length"
            );
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_email_set_in_logtos_account_center_shows_in_the_app_on_the_way_back() {
    Options::new("account_center")
        .run(|env: Arc<TestEnv>| async move {
            sign_in_with_email(&env, "account").await;
            // The links follow the tenant's Account Center settings: email, phone, username and
            // password are Edit at the provider; two-step verification is Off.
            env.wait_app("#account-email").await;
            for link in ["#account-phone", "#account-username", "#account-password"] {
                assert!(env.find_now(link).await.is_some(), "{link} is offered");
            }
            assert!(env.find_now("#account-two-step").await.is_none());
            env.shot_sized("app-manage-your-account", 1280, 1400).await;

            env.click("#account-email").await;
            env.wait_screen("account:email").await;
            env.type_into("#account-value", "new.address@example.com")
                .await;
            env.shot("account-center-new-email").await;
            env.click("#account-save").await;

            // Back in the app: the profile read again, and the page says what changed.
            env.wait_app("#account-changes").await;
            env.shot("app-account-updated").await;
            assert_eq!(
                env.text("#account-changes").await.trim(),
                "Your email changed."
            );
            assert_verified(&env, "#user-email", "new.address@example.com").await;
            let updates = matching_events(
                &env,
                "account_updated",
                &[("field", "email".into()), ("sub", "testuser0001".into())],
            )
            .await;
            assert_eq!(updates.len(), 1, "one change at the provider");

            // Coming back again with nothing changed says so, instead of inventing a change.
            env.goto_app("/?account=updated").await;
            env.wait_app("#account-changes").await;
            assert_eq!(
                env.text("#account-changes").await.trim(),
                "Your account is as it was."
            );
        })
        .await;
}
