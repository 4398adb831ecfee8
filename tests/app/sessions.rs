use std::sync::Arc;

use reqwest::StatusCode;

use crate::helpers::{COOKIE, Endpoint, FakeLogto, TestApp, TestUser};

#[tokio::test]
async fn the_session_id_changes_at_every_sign_in_and_the_old_one_is_dead() {
    let app = TestApp::spawn().await;
    app.signed_in_home().await;
    let before = app.session_cookie().expect("signed in");
    app.begin_sign_in("").await;
    assert_eq!(
        app.session_cookie().as_ref(),
        Some(&before),
        "starting a sign-in leaves the session alone"
    );
    app.signed_in_home().await;
    let after = app.session_cookie().expect("signed in again");
    assert_ne!(before, after, "no session fixation");
    app.set_session_cookie(Some(before));
    assert!(!app.is_signed_in().await, "the earlier id is dead");
}

#[tokio::test]
async fn every_session_in_sqlite_survives_an_app_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = format!("sqlite://{}", dir.path().join("sessions.db").display());
    let logto = Arc::new(FakeLogto::start().await);
    let first = TestApp::spawn_with(logto, &[("SESSION_STORE", &store)]).await;
    let users = [
        TestUser::email_user(),
        TestUser::phone_user(),
        TestUser::huggingface_user(),
    ];
    let mut cookies = Vec::new();
    for user in users {
        first.clear_cookies();
        first.logto.set_user(user);
        first.signed_in_home().await;
        cookies.push(first.session_cookie());
    }
    let logto = first.logto.clone();
    drop(first); // stops the first app; Logto stays up

    let second = TestApp::spawn_with(logto, &[("SESSION_STORE", &store)]).await;
    let names = ["Test User", "15555550199", "Social Mock User"];
    for (cookie, name) in cookies.into_iter().zip(names) {
        second.set_session_cookie(cookie);
        let home = second.home().await;
        assert!(
            home.contains(name),
            "{name} is still signed in after the restart"
        );
    }
}

/// The sessions file's bytes, with its write-ahead log: everything a stolen volume would give.
fn store_dump(dir: &std::path::Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for name in ["sessions.db", "sessions.db-wal"] {
        if let Ok(b) = std::fs::read(dir.join(name)) {
            bytes.extend(b);
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

async fn sqlite_rows(dir: &std::path::Path) -> i64 {
    let pool =
        sqlx::SqlitePool::connect(&format!("sqlite://{}", dir.join("sessions.db").display()))
            .await
            .expect("open the store");
    sqlx::query_scalar("select count(*) from sessions")
        .fetch_one(&pool)
        .await
        .expect("count sessions")
}

async fn sqlite_app(dir: &std::path::Path) -> TestApp {
    let store = format!("sqlite://{}", dir.join("sessions.db").display());
    TestApp::spawn_with(
        Arc::new(FakeLogto::start().await),
        &[("SESSION_STORE", &store)],
    )
    .await
}

#[tokio::test]
async fn a_flood_of_anonymous_sign_ins_writes_nothing_to_the_store() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = sqlite_app(dir.path()).await;
    for _ in 0..200 {
        app.clear_cookies();
        app.begin_sign_in("").await;
    }
    assert_eq!(
        sqlite_rows(dir.path()).await,
        0,
        "no row for a sign-in in flight"
    );
    // The last of them still completes: the attempt travelled in its cookie.
    let authorize = app.begin_sign_in("").await;
    let response = app.callback(&app.logto.authorize(&authorize)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        sqlite_rows(dir.path()).await,
        1,
        "one row per signed-in browser"
    );
}

#[tokio::test]
async fn a_signed_in_session_ends_in_the_store_14_days_after_its_last_write_and_its_index_with_it()
{
    // The cookie's Max-Age binds only an honest browser: a copied cookie works for as long as
    // the record lives, so the store must let it go after 14 days. Its index entries (which a
    // back-channel logout follows) must live exactly as long, or a logout could miss it.
    const FOURTEEN_DAYS: i64 = 14 * 24 * 60 * 60;
    let now = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("after 1970")
            .as_secs() as i64
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let app = sqlite_app(dir.path()).await;
    let before = now();
    app.signed_in_home().await;
    let after = now();
    let pool = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        dir.path().join("sessions.db").display()
    ))
    .await
    .expect("open the store");
    let expiries: Vec<i64> = sqlx::query_scalar("select expires_at from sessions")
        .fetch_all(&pool)
        .await
        .expect("the sessions");
    assert_eq!(expiries.len(), 1, "one signed-in browser");
    assert!(
        (before + FOURTEEN_DAYS..=after + FOURTEEN_DAYS).contains(&expiries[0]),
        "the session ends at {}, not 14 days after the sign-in ({before}..={after})",
        expiries[0]
    );
    let index: Vec<i64> = sqlx::query_scalar("select expires_at from session_index")
        .fetch_all(&pool)
        .await
        .expect("the index");
    assert!(!index.is_empty(), "the session is indexed by its user");
    assert!(index.iter().all(|at| *at == expiries[0]), "{index:?}");
}

#[tokio::test]
async fn a_copy_of_the_store_holds_no_token_and_no_session_id() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = sqlite_app(dir.path()).await;
    let mut cookies = Vec::new();
    for user in [TestUser::email_user(), TestUser::phone_user()] {
        app.clear_cookies();
        app.logto.set_user(user);
        let home = app.signed_in_home().await;
        // A refresh rotates the refresh token: the new tokens are stored too.
        let csrf = crate::helpers::csrf_field(&home);
        app.post_form("/refresh", &[("csrf", &csrf)]).await;
        cookies.push(app.session_cookie().expect("signed in"));
    }
    let issued = app.logto.issued_tokens();
    assert!(
        issued.len() >= 6,
        "the fake issued tokens: {}",
        issued.len()
    );
    let dump = store_dump(dir.path());
    assert!(!dump.is_empty());
    for token in &issued {
        assert!(
            !contains(&dump, token),
            "a token is in the store in the clear"
        );
    }
    for cookie in &cookies {
        assert!(!contains(&dump, cookie), "a session id is in the store");
        let raw = base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, cookie)
            .expect("a base64url id");
        assert!(
            !dump.windows(raw.len()).any(|w| w == raw.as_slice()),
            "a session id's bytes are in the store"
        );
    }
    assert!(!contains(&dump, "Test User"), "the profile is sealed too");
}

#[tokio::test]
async fn six_tabs_keep_the_newest_five_sign_ins_and_each_of_those_completes() {
    let app = TestApp::spawn().await;
    let mut authorizations = Vec::new();
    for _ in 0..6 {
        authorizations.push(app.begin_sign_in("").await);
    }
    assert_eq!(
        app.attempt_cookies().len(),
        5,
        "the oldest attempt was dropped"
    );
    let oldest = app.logto.authorize(&authorizations[0]);
    crate::helpers::assert_error_page(
        app.callback(&oldest).await,
        StatusCode::BAD_REQUEST,
        "expired or was already used",
    )
    .await;
    for authorize in authorizations.iter().skip(1).rev() {
        let response = app.callback(&app.logto.authorize(authorize)).await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "each newer tab completes"
        );
    }
    assert!(
        app.attempt_cookies().is_empty(),
        "each callback cleared its own cookie"
    );
    let headers: usize = app
        .cookies()
        .iter()
        .map(|(n, v, _)| n.len() + v.len() + 2)
        .sum();
    assert!(
        headers < 4096,
        "the browser's cookies stay small: {headers} bytes"
    );
}

#[tokio::test]
async fn an_index_cookie_listing_ids_the_app_never_made_is_ignored() {
    // Only 16 hex digits name an attempt: other ids are dropped from the index, never used to
    // name a cookie to remove, and do not push real attempts out.
    let app = TestApp::spawn().await;
    let now = logto_core::unix_now();
    let forged: Vec<String> = [
        "ghijklmnopqrstuv",
        "zzzzzzzzzzzzzzzz",
        "abcdef",
        "0123456789abcdef0",
        "GHIJKLMNOPQRSTUV",
        "________________",
    ]
    .iter()
    .map(|id| format!("{id}-{now}"))
    .collect();
    app.set_cookie("logto_app_attempts", Some(forged.join(".")), "/sign-in");
    let response = app.get("/sign-in").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let set: Vec<String> = response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().expect("ascii").to_string())
        .collect();
    assert_eq!(
        set.len(),
        3,
        "the browser binding, the new attempt and the index, nothing removed: {set:?}"
    );
    let index = app.cookie("logto_app_attempts").expect("an index");
    assert_eq!(index.split('.').count(), 1, "only the new attempt: {index}");
    assert_eq!(app.attempt_cookies().len(), 1);
}

#[tokio::test]
async fn index_entries_ten_minutes_old_no_longer_count_against_the_cap() {
    // Their attempt cookies have expired (Max-Age=600): five of them push nothing out. (The app's
    // clock can only be later than this one, so they are at least ten minutes old there.)
    let app = TestApp::spawn().await;
    let then = logto_core::unix_now() - logto_axum::session::test_util::attempt::ATTEMPT_TTL_SECS;
    let old: Vec<String> = (0..5).map(|i| format!("{i:016x}-{then}")).collect();
    app.set_cookie("logto_app_attempts", Some(old.join(".")), "/sign-in");
    let response = app.get("/sign-in").await;
    let removed = response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter(|v| v.to_str().unwrap_or_default().contains("Max-Age=0"))
        .count();
    assert_eq!(removed, 0);
    let index = app.cookie("logto_app_attempts").expect("an index");
    assert_eq!(index.split('.').count(), 1, "{index}");
}

#[tokio::test]
async fn a_tampered_attempt_cookie_is_refused_with_a_way_forward_and_no_code_is_exchanged() {
    let app = TestApp::spawn().await;
    let authorize = app.begin_sign_in("").await;
    let (name, value) = app.attempt_cookies().pop().expect("an attempt cookie");
    let mut tampered = value.into_bytes();
    let middle = tampered.len() / 2;
    tampered[middle] = if tampered[middle] == b'A' { b'B' } else { b'A' };
    app.set_cookie(
        &name,
        Some(String::from_utf8(tampered).expect("ascii")),
        "/callback",
    );
    assert_attempt_refused(&app, &authorize).await;
    assert!(app.session_cookie().is_none());
}

#[tokio::test]
async fn an_attempt_cookie_too_short_to_hold_a_nonce_is_refused_without_a_panic() {
    // 0, 3 and 23 bytes once decoded: less than the 24-byte nonce every sealed value starts with.
    for short in ["AAAA", &"A".repeat(31), "A"] {
        let app = TestApp::spawn().await;
        let authorize = app.begin_sign_in("").await;
        let (name, _) = app.attempt_cookies().pop().expect("an attempt cookie");
        app.set_cookie(&name, Some(short.to_string()), "/callback");
        crate::helpers::assert_error_page(
            app.callback(&app.logto.authorize(&authorize)).await,
            StatusCode::BAD_REQUEST,
            "expired or was already used",
        )
        .await;
        assert_eq!(app.logto.calls(Endpoint::Token), 0, "{short}");
    }
}

#[tokio::test]
async fn an_attempt_cookie_sealed_by_another_deployment_is_refused() {
    let logto = Arc::new(FakeLogto::start().await);
    let ours = TestApp::spawn_with(logto.clone(), &[]).await;
    let secret = "another deployment's cookie secret, 32+ chars";
    let theirs = TestApp::spawn_with(logto.clone(), &[("APP_COOKIE_SECRET", secret)]).await;
    let authorize = theirs.begin_sign_in("").await;
    let callback = url::Url::parse(&logto.authorize(&authorize)).expect("callback URL");
    for (name, value, path) in theirs.cookies() {
        ours.set_cookie(&name, Some(value), &path);
    }
    let response = ours
        .get(&format!(
            "{}?{}",
            callback.path(),
            callback.query().unwrap_or_default()
        ))
        .await;
    crate::helpers::assert_error_page(
        response,
        StatusCode::BAD_REQUEST,
        "expired or was already used",
    )
    .await;
    assert_eq!(logto.calls(Endpoint::Token), 0);
}

#[tokio::test]
async fn an_apps_own_sealed_cookie_opens_only_under_its_name_and_binding_and_never_as_the_sdks() {
    let app = TestApp::spawn().await;
    let sessions = &app.sessions;
    let sealed = sessions
        .seal_cookie("verification", b"csrf", b"record 42")
        .expect("sealed");
    assert_eq!(
        sessions.open_cookie("verification", b"csrf", &sealed),
        Some(b"record 42".to_vec())
    );
    assert_eq!(sessions.open_cookie("identity", b"csrf", &sealed), None);
    assert_eq!(
        sessions.open_cookie("verification", b"other", &sealed),
        None
    );

    // Under the name of one of the SDK's cookies, neither opens as the other.
    app.begin_sign_in("").await;
    let (name, value) = app.attempt_cookies().pop().expect("an attempt cookie");
    let browser = app.browser_binding();
    assert_eq!(sessions.open_cookie(&name, &browser, &value), None);
    let forged = sessions
        .seal_cookie(&name, &browser, b"{}")
        .expect("sealed");
    assert!(app.keys().open_cookie(&name, &browser, &forged).is_none());
}

#[tokio::test]
async fn an_attempt_older_than_ten_minutes_is_refused_even_if_the_browser_kept_it() {
    use logto_axum::session::{CookiePolicy, PendingSignIn, test_util::attempt};
    let app = TestApp::spawn().await;
    let authorize = app.begin_sign_in("").await;
    let (name, value) = app.attempt_cookies().pop().expect("an attempt cookie");
    // The key comes from LOGTO_APP_SECRET when APP_COOKIE_SECRET is unset.
    let keys = app.keys();
    let browser = app.browser_binding();
    let plain = keys
        .open_cookie(&name, &browser, &value)
        .expect("the attempt opens with the app's key");
    let mut pending: PendingSignIn = serde_json::from_slice(&plain).expect("an attempt");
    pending.created_at -= attempt::ATTEMPT_TTL_SECS + 1;
    let resealed = attempt::seal_attempt(&keys, &name, &browser, &pending).expect("seal");
    assert_eq!(
        name,
        attempt::attempt_cookie_name(CookiePolicy { https: false }, &pending.state)
    );
    app.set_cookie(&name, Some(resealed), "/callback");
    assert_attempt_refused(&app, &authorize).await;
}

#[tokio::test]
async fn an_attempt_from_nine_minutes_ago_or_a_replica_a_minute_ahead_still_completes() {
    use logto_axum::session::{PendingSignIn, test_util::attempt};
    let now = logto_core::unix_now();
    // Set from this test's clock; the app's can only be later, so both stay inside the window.
    for created_at in [now - 9 * 60, now + 60] {
        let app = TestApp::spawn().await;
        let authorize = app.begin_sign_in("").await;
        let (name, value) = app.attempt_cookies().pop().expect("an attempt cookie");
        let (keys, browser) = (app.keys(), app.browser_binding());
        let plain = keys.open_cookie(&name, &browser, &value).expect("opens");
        let mut pending: PendingSignIn = serde_json::from_slice(&plain).expect("an attempt");
        pending.created_at = created_at;
        let resealed = attempt::seal_attempt(&keys, &name, &browser, &pending).expect("seal");
        app.set_cookie(&name, Some(resealed), "/callback");
        let response = app.callback(&app.logto.authorize(&authorize)).await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "made at {created_at} (now {now})"
        );
    }
}

#[cfg(unix)]
#[tokio::test]
async fn the_sessions_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let app = sqlite_app(dir.path()).await;
    app.signed_in_home().await;
    for name in ["sessions.db", "sessions.db-wal"] {
        let mode = std::fs::metadata(dir.path().join(name))
            .expect("the file exists")
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "{name} is {mode:o}");
    }
}

#[tokio::test]
async fn an_earlier_versions_sessions_in_the_clear_are_erased_at_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sessions.db");
    {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true);
        let pool = sqlx::SqlitePool::connect_with(options)
            .await
            .expect("create");
        sqlx::query(
            "create table tower_sessions (id text primary key, data blob, expiry_date integer)",
        )
        .execute(&pool)
        .await
        .expect("round one's table");
        sqlx::query("insert into tower_sessions values ('id', 'refresh-token-in-the-clear', 0)")
            .execute(&pool)
            .await
            .expect("a round-one session");
        pool.close().await;
    }
    assert!(contains(
        &store_dump(dir.path()),
        "refresh-token-in-the-clear"
    ));
    let app = sqlite_app(dir.path()).await;
    app.signed_in_home().await;
    assert!(
        !contains(&store_dump(dir.path()), "refresh-token-in-the-clear"),
        "not even in free pages"
    );
}

/// The callback for `authorize` gets "Sign in again" (400), and no code is exchanged.
async fn assert_attempt_refused(app: &TestApp, authorize: &str) {
    crate::helpers::assert_error_page(
        app.callback(&app.logto.authorize(authorize)).await,
        StatusCode::BAD_REQUEST,
        "expired or was already used",
    )
    .await;
    assert_eq!(app.logto.calls(Endpoint::Token), 0);
}

#[tokio::test]
async fn with_sqlite_fifty_concurrent_page_views_with_an_expiring_token_make_one_refresh_grant() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = sqlite_app(dir.path()).await;
    app.logto.set_access_token_ttl(2);
    let response = app.sign_in().await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    app.logto.set_access_token_ttl(3600);
    // Past half of the 2 s lifetime: every page view now wants a refresh.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let pages = futures::future::join_all((0..50).map(|_| app.get("/"))).await;
    for page in pages {
        assert_eq!(page.status(), StatusCode::OK);
        assert!(
            page.text()
                .await
                .expect("page")
                .contains("id=\"sign-out-link\"")
        );
    }
    let grants = app.logto.refresh_grants();
    assert_eq!(grants, 1, "one grant for the whole burst");
    assert!(
        app.logto.revocations().is_empty(),
        "no refresh token presented twice"
    );
}

#[tokio::test]
async fn expired_sessions_are_deleted_from_the_sqlite_file_from_the_moment_the_app_starts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = format!("sqlite://{}", dir.path().join("sessions.db").display());
    let app = sqlite_app(dir.path()).await;
    app.signed_in_home().await;
    let pool = sqlx::SqlitePool::connect(&store)
        .await
        .expect("open the store");
    // Two weeks have passed for this record and its index entries.
    for table in ["sessions", "session_index"] {
        sqlx::query(&format!("update {table} set expires_at = 1000"))
            .execute(&pool)
            .await
            .expect("age the record");
    }
    drop(app);

    // Started as `main` starts it: the store's upkeep runs at once, then every minute.
    let _app = TestApp::spawn_as_main(
        Arc::new(FakeLogto::start().await),
        &[("SESSION_STORE", &store)],
    )
    .await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let rows: i64 = sqlx::query_scalar(
            "select (select count(*) from sessions) + (select count(*) from session_index)",
        )
        .fetch_one(&pool)
        .await
        .expect("count");
        if rows == 0 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{rows} expired rows still stored"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[cfg(unix)]
#[tokio::test]
async fn a_sessions_file_in_a_directory_that_does_not_exist_yet_gets_one_only_its_owner_can_open() {
    // As on a fresh checkout (`data/sessions.db`) or an empty volume.
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let nested = dir.path().join("data").join("app");
    let store = format!("sqlite://{}", nested.join("sessions.db").display());
    let app = TestApp::spawn_with(
        Arc::new(FakeLogto::start().await),
        &[("SESSION_STORE", &store)],
    )
    .await;
    app.signed_in_home().await;
    let mode = std::fs::metadata(&nested)
        .expect("the directory was made")
        .permissions()
        .mode();
    assert_eq!(mode & 0o077, 0, "the directory is {mode:o}");
    assert!(nested.join("sessions.db").exists());
}

#[tokio::test]
async fn a_session_cookie_whose_session_ended_elsewhere_is_removed_at_the_next_visit() {
    let app = TestApp::spawn().await;
    app.logto.require_backchannel_session();
    app.signed_in_home().await;
    // Logto ends the session over the back channel: the browser still holds its cookie.
    let sid = app.logto.latest_sid();
    let token = app.logto.logout_token_for(None, Some(&sid));
    assert_eq!(app.post_logout_token(&token).await.status(), StatusCode::OK);
    assert!(app.session_cookie().is_some());

    let response = app.get("/").await;
    let set: Vec<&str> = response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    assert!(
        set.iter()
            .any(|v| v.starts_with(&format!("{COOKIE}=")) && v.contains("Max-Age=0")),
        "the stale session cookie is removed: {set:?}"
    );
    assert!(app.session_cookie().is_none());
    assert!(!app.is_signed_in().await);
}
