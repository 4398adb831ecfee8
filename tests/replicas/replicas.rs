use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::{
    harness::Replicas,
    support::{
        browser::{Browser, csrf_field, post_refresh},
        fake_logto::Misbehaviour,
    },
};

fn refresh_grants(replicas: &Replicas) -> usize {
    replicas.logto.refresh_grants()
}

/// Replica `index` stops serving the session as soon as the announcement of its end reaches it
/// through Redis pub/sub (milliseconds; the bound only keeps a broken build from hanging).
/// Without the announcement it would serve its cached copy for 30 s: the bound fails that.
async fn signed_out_soon(replicas: &Replicas, browser: &Browser, index: usize) {
    let started = Instant::now();
    while replicas
        .signed_in_at(browser, &replicas.direct_url(index, "/"))
        .await
    {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "replica {index} still serves a session another replica ended"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    println!(
        "replica {index} signed out {:?} after the end",
        started.elapsed()
    );
}

/// Signs `browser` out through the proxy (the confirmation page, then its form); returns the
/// response to the form.
async fn sign_out(replicas: &Replicas, browser: &Browser) -> reqwest::Response {
    let page = browser
        .get(&replicas.url("/sign-out"))
        .await
        .text()
        .await
        .expect("page");
    browser
        .post_form(&replicas.url("/sign-out"), &[("csrf", &csrf_field(&page))])
        .await
}

/// A logout token as Logto sends it for the session `sid`.
fn logout_token(replicas: &Replicas, sid: &str) -> String {
    let claims = replicas.logto.logout_claims(None, Some(sid));
    replicas
        .logto
        .sign_logout_token(serde_json::json!({"typ": "logout+jwt"}), &claims)
}

/// Posts `token` to replica `index`'s back-channel logout endpoint, as Logto does.
async fn post_logout(replicas: &Replicas, index: usize, token: &str) -> StatusCode {
    reqwest::Client::new()
        .post(replicas.direct_url(index, "/backchannel-logout"))
        .form(&[("logout_token", token)])
        .send()
        .await
        .unwrap_or_else(|err| panic!("replica {index} answers: {err}"))
        .status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_in_through_one_replica_is_signed_in_on_all_and_signed_out_on_all_at_once() {
    let replicas = Replicas::start().await;
    let browser = Browser::new();
    replicas.sign_in(&browser).await;

    // Each replica, asked directly, knows the session (and now has it cached).
    for index in 0..2 {
        assert!(
            replicas
                .signed_in_at(&browser, &replicas.direct_url(index, "/"))
                .await,
            "replica {index} sees the sign-in"
        );
    }
    for _ in 0..10 {
        assert!(replicas.signed_in_at(&browser, &replicas.url("/")).await);
    }

    let old_cookie = browser.cookie("logto_app_session").expect("signed in");

    // Sign out through the proxy (whichever replica answers)...
    let response = sign_out(&replicas, &browser).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(
        browser.cookie("logto_app_session").is_none(),
        "the browser was told to forget its session cookie"
    );
    // ...and the very next request to either replica with the old cookie (say, from a copy of
    // it) is signed out, although both had the session cached.
    let copy = Browser::new();
    copy.set_cookie("logto_app_session", Some(old_cookie), "/");
    for index in 0..2 {
        signed_out_soon(&replicas, &copy, index).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_requests_over_two_replicas_make_exactly_one_refresh_grant() {
    let replicas = Replicas::start().await;
    let browser = Browser::new();
    replicas.logto.set_access_token_ttl(2);
    replicas.sign_in(&browser).await;
    replicas.logto.set_access_token_ttl(3600);
    // Past half of the 2 s lifetime: every page view now wants a refresh.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(refresh_grants(&replicas), 0);

    let pages = futures::future::join_all((0..50).map(|i| {
        // Half through the proxy, half straight at each replica: both replicas race for sure.
        let url = match i % 4 {
            0 => replicas.direct_url(0, "/"),
            1 => replicas.direct_url(1, "/"),
            _ => replicas.url("/"),
        };
        let browser = &browser;
        async move { browser.get(&url).await }
    }))
    .await;
    for page in pages {
        assert_eq!(page.status(), StatusCode::OK);
        assert!(
            page.text()
                .await
                .expect("page")
                .contains("id=\"sign-out-link\"")
        );
    }
    assert_eq!(
        refresh_grants(&replicas),
        1,
        "one grant for the whole burst"
    );
    assert!(
        replicas.logto.revocations().is_empty(),
        "no refresh token was presented twice (Logto would revoke the grant)"
    );
    for index in 0..2 {
        assert!(
            replicas
                .signed_in_at(&browser, &replicas.direct_url(index, "/"))
                .await
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_killed_while_holding_the_lock_blocks_the_others_only_until_the_lock_expires() {
    let mut replicas = Replicas::start().await;
    let browser = Browser::new();
    replicas.sign_in(&browser).await;
    let page = browser
        .get(&replicas.direct_url(0, "/"))
        .await
        .text()
        .await
        .expect("page");
    let csrf = csrf_field(&page);
    // Another user, whose session has a lock of its own.
    let other = Browser::new();
    replicas.sign_in(&other).await;
    let other_page = other
        .get(&replicas.direct_url(1, "/"))
        .await
        .text()
        .await
        .expect("page");
    let other_csrf = csrf_field(&other_page);

    // Replica 0 takes the lock for a refresh, and Logto keeps it waiting.
    replicas
        .logto
        .misbehave(Misbehaviour::TokenDelay(Duration::from_secs(60)));
    // Its connection dies with the replica: the error is the point, not a failure.
    let stuck = tokio::spawn(post_refresh(
        replicas.direct_url(0, "/refresh"),
        browser.cookie("logto_app_session").expect("signed in"),
        csrf.clone(),
        None,
    ));
    let deadline = Instant::now() + Duration::from_secs(20);
    while refresh_grants(&replicas) == 0 {
        assert!(Instant::now() < deadline, "replica 0 never asked Logto");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    replicas.kill(0);
    stuck.abort();
    replicas.logto.clear_misbehaviour();

    // Replica 1 waits for the dead replica's lock to expire, then refreshes.
    let sets_before = replicas.redis_calls("set");
    // Meanwhile the other user refreshes on replica 1 too: the dead lock is not theirs.
    let (url, form) = (
        replicas.direct_url(1, "/refresh"),
        [("csrf", csrf.as_str())],
    );
    let started = Instant::now();
    let (response, (other_status, other_waited)) =
        tokio::join!(browser.post_form(&url, &form), async {
            let response = other
                .post_form(
                    &replicas.direct_url(1, "/refresh"),
                    &[("csrf", &other_csrf)],
                )
                .await;
            (response.status(), started.elapsed())
        });
    let waited = started.elapsed();
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "the refresh went through"
    );
    assert_eq!(other_status, StatusCode::SEE_OTHER);
    println!("the other user's refresh took {other_waited:?}");
    assert!(
        other_waited * 2 < waited,
        "the other user did not wait for the dead lock: {other_waited:?} of {waited:?}"
    );
    assert_eq!(
        refresh_grants(&replicas),
        3,
        "replica 1 made its own grant, and the other user's"
    );
    assert!(
        replicas
            .signed_in_at(&browser, &replicas.direct_url(1, "/"))
            .await
    );
    assert!(
        replicas.logged(1, "access token refreshed").await,
        "replica 1 did the refresh"
    );
    println!("replica 1 waited {waited:?} for the dead replica's lock");
    // It asked for the lock again and again while waiting, but with pauses that grow to 50 ms:
    // at most a few hundred tries in the lock's 5 s, not a loop against Redis.
    let tries = replicas.redis_calls("set") - sets_before;
    assert!(tries < 300, "{tries} SETs while waiting {waited:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lock_held_longer_than_its_expiry_is_extended_and_never_reported_lost() {
    let replicas = Replicas::start().await;
    let browser = Browser::new();
    replicas.sign_in(&browser).await;
    let page = browser
        .get(&replicas.direct_url(0, "/"))
        .await
        .text()
        .await
        .expect("page");
    // Logto takes 4 s: the lock (5 s) is extended every 1.5 s while the refresh waits.
    replicas
        .logto
        .misbehave(Misbehaviour::RefreshDelay(Duration::from_secs(4)));
    let response = browser
        .post_form(
            &replicas.direct_url(0, "/refresh"),
            &[("csrf", &csrf_field(&page))],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(refresh_grants(&replicas), 1);
    assert!(
        !replicas.log(0).contains("lost a session lock"),
        "{}",
        replicas.log(0)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_views_on_a_replica_that_holds_the_session_do_not_read_redis() {
    let replicas = Replicas::start().await;
    let browser = Browser::new();
    replicas.sign_in(&browser).await;
    // The first view reads the session from Redis; the next 20 come from the replica's cache,
    // which announcements keep right.
    assert!(
        replicas
            .signed_in_at(&browser, &replicas.direct_url(1, "/"))
            .await
    );
    let gets = replicas.redis_calls("get");
    for _ in 0..20 {
        assert!(
            replicas
                .signed_in_at(&browser, &replicas.direct_url(1, "/"))
                .await
        );
    }
    assert_eq!(replicas.redis_calls("get"), gets, "no store round trip");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dump_of_redis_holds_no_token_and_no_session_id() {
    let replicas = Replicas::start().await;
    let browser = Browser::new();
    replicas.sign_in(&browser).await;
    let page = browser
        .get(&replicas.url("/"))
        .await
        .text()
        .await
        .expect("page");
    browser
        .post_form(&replicas.url("/refresh"), &[("csrf", &csrf_field(&page))])
        .await;
    // A flood of anonymous sign-ins writes nothing either.
    for _ in 0..50 {
        let stranger = Browser::new();
        assert_eq!(stranger.get(&replicas.url("/sign-in")).await.status(), 303);
    }
    let dump = replicas.redis_dump();
    let keys = String::from_utf8_lossy(&dump)
        .matches("logto-axum:session:")
        .count();
    assert_eq!(
        keys, 1,
        "one record: the signed-in browser's, none for strangers"
    );
    let cookie = browser.cookie("logto_app_session").expect("signed in");
    let secrets = replicas.logto.issued_tokens();
    assert!(secrets.len() >= 4);
    for secret in secrets.iter().chain([&cookie]) {
        assert!(
            !dump.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "a token or session id is in Redis in the clear"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_back_channel_logout_received_by_one_replica_signs_the_user_out_on_the_other() {
    let replicas = Replicas::start().await;
    replicas.logto.require_backchannel_session();
    let browser = Browser::new();
    replicas.sign_in(&browser).await;
    let sid = replicas.logto.latest_sid();
    // Replica 1 has the session cached.
    assert!(
        replicas
            .signed_in_at(&browser, &replicas.direct_url(1, "/"))
            .await
    );

    let token = logout_token(&replicas, &sid);
    assert_eq!(post_logout(&replicas, 0, &token).await, StatusCode::OK);
    signed_out_soon(&replicas, &browser, 1).await;
    // The same token again, at the other replica: the replay cache is shared.
    assert_eq!(
        post_logout(&replicas, 1, &token).await,
        StatusCode::BAD_REQUEST,
        "a replayed jti"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_logout_naming_a_session_already_signed_out_drops_its_stale_index_entry_in_redis() {
    let replicas = Replicas::start().await;
    replicas.logto.require_backchannel_session();
    let browser = Browser::new();
    replicas.sign_in(&browser).await;
    let sid = replicas.logto.latest_sid();
    let response = sign_out(&replicas, &browser).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let indexed = replicas.redis_keys("logto-axum:index:*").len();
    assert!(indexed > 0, "the signed-out session is still indexed");

    let token = logout_token(&replicas, &sid);
    assert_eq!(post_logout(&replicas, 1, &token).await, StatusCode::OK);
    assert_eq!(
        replicas.redis_keys("logto-axum:index:*").len(),
        indexed - 1,
        "the entry under the sid is dropped; the one under the sub waits for its own logout"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_replica_is_ready_while_redis_answers_and_unready_when_it_does_not() {
    let mut replicas = Replicas::start().await;
    let client = reqwest::Client::new();
    for index in 0..2 {
        let ready = client
            .get(replicas.direct_url(index, "/readyz"))
            .send()
            .await
            .expect("the replica answers");
        assert_eq!(ready.status(), StatusCode::OK, "replica {index}");
    }
    replicas.stop_redis();
    for index in 0..2 {
        // A guard against a hang, not a timing assertion: the client may wait out a reconnect.
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let status = client
                .get(replicas.direct_url(index, "/readyz"))
                .send()
                .await
                .expect("the replica answers")
                .status();
            if status == StatusCode::SERVICE_UNAVAILABLE {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "replica {index} still says {status}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_paused_past_its_lock_cannot_bring_back_a_session_signed_out_meanwhile() {
    let replicas = Replicas::start().await;
    let browser = Browser::new();
    replicas.sign_in(&browser).await;
    let page = browser
        .get(&replicas.direct_url(1, "/"))
        .await
        .text()
        .await
        .expect("page");
    let csrf = csrf_field(&page);
    let old_cookie = browser.cookie("logto_app_session").expect("signed in");

    // Replica 0 refreshes; Logto answers after 1 s (rotating the refresh token), by which time
    // replica 0 is paused, its lock unextended.
    replicas
        .logto
        .misbehave(Misbehaviour::RefreshDelay(Duration::from_secs(1)));
    let refresh = tokio::spawn(post_refresh(
        replicas.direct_url(0, "/refresh"),
        old_cookie.clone(),
        csrf.clone(),
        None,
    ));
    let deadline = Instant::now() + Duration::from_secs(20);
    while refresh_grants(&replicas) == 0 {
        assert!(Instant::now() < deadline, "replica 0 never asked Logto");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    replicas.pause(0);

    // The user signs out through replica 1, which gets the lock once replica 0's has expired.
    let started = Instant::now();
    let response = browser
        .post_form(
            &replicas.direct_url(1, "/sign-out"),
            &[("csrf", csrf.as_str())],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "signed out");
    println!("replica 1 signed out after {:?}", started.elapsed());
    tokio::time::sleep(Duration::from_millis(500)).await;
    replicas.resume(0);

    // Replica 0 reads Logto's answer and tries to save: its lock is gone, so nothing is written.
    let status = refresh
        .await
        .expect("the refresh task")
        .expect("replica 0 answers once resumed");
    assert_eq!(status, StatusCode::CONFLICT, "{}", replicas.log(0));
    // The old cookie, kept (or stolen) from before the sign-out.
    browser.set_cookie("logto_app_session", Some(old_cookie), "/");
    for index in [0, 1] {
        assert!(
            !replicas
                .signed_in_at(&browser, &replicas.direct_url(index, "/"))
                .await,
            "the signed-out session stays out on replica {index}"
        );
    }
    assert!(
        replicas
            .logged(0, "the new refresh token was revoked")
            .await,
        "the token Logto issued to the lost refresh is revoked: {}",
        replicas.log(0)
    );
}
