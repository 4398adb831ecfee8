//! The tower-sessions example (`examples/tower_sessions.rs`), run against the fake Logto as a
//! browser (and an attacker) would: the browser's session is the app's tower-sessions session,
//! which holds only a sealed pointer; the tokens stay in the SDK's SQLite file, under its lock.

#[path = "../examples/tower_sessions.rs"]
#[allow(dead_code)] // its `main`: the tests serve `app` themselves
mod example;

use logto_fake::{Browser, location};

use std::{collections::HashMap, path::PathBuf, sync::Arc, time::Duration};

use logto_axum::{
    Logto,
    logto_core::{BaseUrl, LogtoSettings},
    session::{SessionStoreConfig, TOWER_SESSIONS_KEY},
};
use logto_fake::{FakeLogto, Misbehaviour, TestUser};
use reqwest::{StatusCode, header};
use tower_sessions::{
    SessionStore,
    session::{Id, Record},
    session_store,
};

/// tower-sessions' cookie (its default name).
const TOWER_COOKIE: &str = "id";

/// A tower-sessions store whose every record can be read back, as from a copy of the store.
#[derive(Clone, Debug, Default)]
struct DumpStore(Arc<tokio::sync::Mutex<HashMap<Id, Record>>>);

#[async_trait::async_trait]
impl SessionStore for DumpStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let mut records = self.0.lock().await;
        while records.contains_key(&record.id) {
            record.id = Id::default();
        }
        records.insert(record.id, record.clone());
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.0.lock().await.insert(record.id, record.clone());
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        Ok(self.0.lock().await.get(id).cloned())
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.0.lock().await.remove(id);
        Ok(())
    }
}

impl DumpStore {
    /// Every record, as text.
    async fn dump(&self) -> String {
        let records = self.0.lock().await;
        serde_json::to_string(&*records.values().collect::<Vec<_>>()).expect("records serialize")
    }

    /// A copy of the store, to put back later (a backup restored, or a copy replayed).
    async fn copy(&self) -> HashMap<Id, Record> {
        self.0.lock().await.clone()
    }

    async fn restore(&self, copy: HashMap<Id, Record>) {
        *self.0.lock().await = copy;
    }
}

/// The example app, served on a random port, with its tower-sessions store and the SDK's
/// SQLite file at hand.
struct App {
    fake: FakeLogto,
    base: String,
    store: DumpStore,
    sdk_file: PathBuf,
    _dir: tempfile::TempDir,
}

impl App {
    async fn spawn() -> Self {
        let fake = FakeLogto::start().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let base = format!("http://{}", listener.local_addr().expect("an address"));
        fake.register_app(&base);
        let settings = LogtoSettings::builder(
            fake.endpoint(),
            FakeLogto::CLIENT_ID,
            FakeLogto::CLIENT_SECRET,
        )
        .build()
        .expect("valid settings");
        let dir = tempfile::tempdir().expect("a temporary directory");
        let sdk_file = dir.path().join("sessions.db");
        let store_config = SessionStoreConfig::parse(&format!("sqlite://{}", sdk_file.display()))
            .expect("a SQLite store");
        let logto = Logto::builder(settings, BaseUrl::parse(&base).expect("an origin"))
            .session_store(store_config)
            .use_tower_sessions()
            .build()
            .await
            .expect("the SDK starts");
        let store = DumpStore::default();
        let app = example::app(logto, store.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self {
            fake,
            base,
            store,
            sdk_file,
            _dir: dir,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Signs `browser` in through `/sign-in`, the fake Logto and `/callback`.
    async fn sign_in(&self, browser: &mut Browser) {
        let to_logto = browser.get(&self.url("/sign-in")).await;
        assert_eq!(to_logto.status(), StatusCode::SEE_OTHER);
        let callback = self.fake.authorize(&location(&to_logto));
        let back = browser.get(&callback).await;
        assert_eq!(
            back.status(),
            StatusCode::SEE_OTHER,
            "the callback succeeds"
        );
    }

    /// How many records the SDK's SQLite file holds.
    async fn sdk_records(&self) -> i64 {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", self.sdk_file.display()))
            .await
            .expect("the SDK's file opens");
        let (count,): (i64,) = sqlx::query_as("select count(*) from sessions")
            .fetch_one(&pool)
            .await
            .expect("a count");
        pool.close().await;
        count
    }

    /// Signs out through the home page's form (with its CSRF token).
    async fn sign_out(&self, browser: &mut Browser) -> reqwest::Response {
        let home = browser.page(&self.url("/")).await;
        let csrf = home
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("the sign-out form")
            .to_string();
        let request = browser
            .client
            .post(self.url("/sign-out"))
            .form(&[("csrf", csrf)]);
        browser.send(request).await
    }
}

fn signed_in(page: &str) -> bool {
    page.contains("Hello, Test User")
}

#[tokio::test]
async fn a_user_signs_in_through_the_tower_sessions_session_and_the_app_keeps_its_own_data() {
    let app = App::spawn().await;
    let mut browser = Browser::new();
    let home = browser.page(&app.url("/")).await;
    assert!(
        home.contains("Visits: 1") && home.contains("Sign in"),
        "{home}"
    );

    app.sign_in(&mut browser).await;

    let home = browser.page(&app.url("/")).await;
    assert!(signed_in(&home), "{home}");
    assert!(
        home.contains("Visits: 2"),
        "the app's own data survives sign-in: {home}"
    );
    let account = browser.page(&app.url("/account")).await;
    let email = TestUser::email_user().claims["email"]
        .as_str()
        .expect("an email")
        .to_string();
    assert!(account.contains(&email), "{account}");
    assert!(account.contains("Access token: ready"), "{account}");
    assert!(
        browser.jar.contains_key(TOWER_COOKIE),
        "the browser's session is tower-sessions'"
    );
    assert!(
        !browser
            .jar
            .keys()
            .any(|name| name.ends_with("logto_app_session")),
        "the SDK's own session cookie is not used: {:?}",
        browser.jar.keys()
    );
    assert_eq!(
        app.sdk_records().await,
        1,
        "the tokens are in the SDK's store"
    );
}

#[tokio::test]
async fn fifty_concurrent_requests_with_an_expiring_access_token_make_exactly_one_refresh_grant() {
    let app = App::spawn().await;
    let mut browser = Browser::new();
    app.fake.set_access_token_ttl(2);
    app.sign_in(&mut browser).await;
    app.fake.set_access_token_ttl(3600);
    // Past half of the 2 s lifetime: every request now wants a refresh.
    tokio::time::sleep(Duration::from_millis(1500)).await;

    let cookies = browser.cookie_header();
    let requests = (0..50).map(|_| {
        browser
            .client
            .get(app.url("/account"))
            .header(header::COOKIE, cookies.clone())
            .send()
    });
    for response in futures_join_all(requests).await {
        let response = response.expect("the app answers");
        assert_eq!(response.status(), StatusCode::OK);
        let page = response.text().await.expect("a page");
        assert!(page.contains("Access token: ready"), "{page}");
    }
    assert_eq!(
        app.fake.refresh_grants(),
        1,
        "one grant for the whole burst"
    );
    assert!(
        app.fake.revocations().is_empty(),
        "no refresh token was presented twice (Logto would revoke the grant)"
    );
    // And the rotated refresh token is the one kept: the session refreshes again later.
    let home = browser.page(&app.url("/")).await;
    assert!(signed_in(&home), "{home}");
}

#[tokio::test]
async fn sign_out_ends_both_the_sdk_record_and_the_tower_sessions_session() {
    let app = App::spawn().await;
    let mut browser = Browser::new();
    app.sign_in(&mut browser).await;
    let before = browser.clone();
    let copy = app.store.copy().await;
    assert_eq!(app.sdk_records().await, 1);

    let out = app.sign_out(&mut browser).await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert!(location(&out).starts_with(&format!("{}/session/end?", app.fake.issuer())));

    assert_eq!(app.sdk_records().await, 0, "the SDK's record is gone");
    assert!(
        !browser.jar.contains_key(TOWER_COOKIE),
        "the browser was told to forget the tower-sessions cookie"
    );
    assert!(
        !app.store.dump().await.contains(TOWER_SESSIONS_KEY),
        "no pointer is left in the tower-sessions store"
    );
    let home = browser.page(&app.url("/")).await;
    assert!(
        home.contains("Sign in") && home.contains("Visits: 1"),
        "{home}"
    );

    // Whoever kept the old cookies, or a copy of the tower-sessions store from before the
    // sign-out, reaches no signed-in session: the pointer names a record that is gone.
    let mut old = before.clone();
    let home = old.page(&app.url("/")).await;
    assert!(!signed_in(&home), "the old cookie: {home}");
    app.store.restore(copy).await;
    let mut replayed = before.clone();
    let home = replayed.page(&app.url("/")).await;
    assert!(!signed_in(&home), "a restored copy of the store: {home}");
    let account = replayed.get(&app.url("/account")).await;
    assert_eq!(account.status(), StatusCode::SEE_OTHER, "sent to sign in");
}

#[tokio::test]
async fn a_refresh_logto_refuses_ends_both_the_sdk_record_and_the_tower_sessions_session() {
    let app = App::spawn().await;
    let mut browser = Browser::new();
    app.fake.set_access_token_ttl(2);
    app.sign_in(&mut browser).await;
    app.fake.set_access_token_ttl(3600);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    app.fake.misbehave(Misbehaviour::RefreshInvalidGrant);

    let account = browser.get(&app.url("/account")).await;
    assert_eq!(
        account.status(),
        StatusCode::UNAUTHORIZED,
        "the session ended"
    );
    assert_eq!(app.fake.refresh_grants(), 1);
    assert_eq!(app.sdk_records().await, 0, "the SDK's record is gone");
    assert!(
        !browser.jar.contains_key(TOWER_COOKIE),
        "the browser was told to forget the tower-sessions cookie"
    );
    assert!(!app.store.dump().await.contains(TOWER_SESSIONS_KEY));
    let home = browser.page(&app.url("/")).await;
    assert!(!signed_in(&home) && home.contains("Visits: 1"), "{home}");
}

#[tokio::test]
async fn a_back_channel_logout_signs_the_browser_out_and_leaves_the_apps_own_data() {
    let app = App::spawn().await;
    let mut browser = Browser::new();
    app.sign_in(&mut browser).await;
    let home = browser.page(&app.url("/")).await;
    assert!(signed_in(&home) && home.contains("Visits: 1"), "{home}");

    // Logto ends the user's session; the request comes from Logto, not from the browser.
    let logout = reqwest::Client::new()
        .post(app.url("/backchannel-logout"))
        .form(&[("logout_token", app.fake.logout_token())])
        .send()
        .await
        .expect("the app answers");
    assert_eq!(logout.status(), StatusCode::OK);
    assert_eq!(app.sdk_records().await, 0, "the SDK's record is gone");

    let home = browser.page(&app.url("/")).await;
    assert!(!signed_in(&home), "signed out at the next request: {home}");
    assert!(
        home.contains("Visits: 2"),
        "the app's own session goes on: {home}"
    );
    assert!(
        !app.store.dump().await.contains(TOWER_SESSIONS_KEY),
        "the pointer to nothing was removed"
    );
}

#[tokio::test]
async fn a_dump_of_the_tower_sessions_store_holds_no_token() {
    let app = App::spawn().await;
    let mut browser = Browser::new();
    app.fake.set_access_token_ttl(2);
    app.sign_in(&mut browser).await;
    app.fake.set_access_token_ttl(3600);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    // A refresh too, so rotated tokens are among those looked for.
    let account = browser.page(&app.url("/account")).await;
    assert!(account.contains("Access token: ready"), "{account}");
    assert_eq!(app.fake.refresh_grants(), 1);
    assert!(signed_in(&browser.page(&app.url("/")).await));

    let dump = app.store.dump().await;
    assert!(
        dump.contains(TOWER_SESSIONS_KEY) && dump.contains("visits"),
        "the dump holds the pointer and the app's data: {dump}"
    );
    let tokens = app.fake.issued_tokens();
    assert!(
        tokens.len() >= 4,
        "access, ID and refresh tokens, and the refreshed ones"
    );
    for token in &tokens {
        assert!(
            !dump.contains(token.as_str()),
            "a token is in the tower-sessions store"
        );
        for part in token.split('.').filter(|part| part.len() >= 16) {
            assert!(
                !dump.contains(part),
                "a piece of a token is in the tower-sessions store"
            );
        }
    }
}

#[tokio::test]
async fn signing_in_cycles_the_tower_sessions_id_so_a_planted_id_signs_no_one_in() {
    let app = App::spawn().await;
    let mut browser = Browser::new();
    browser.page(&app.url("/")).await;
    let planted = browser.jar[TOWER_COOKIE].clone();

    app.sign_in(&mut browser).await;

    let now = browser.jar[TOWER_COOKIE].clone();
    assert_ne!(now, planted, "the tower-sessions id changed at sign-in");
    let mut attacker = Browser::new();
    attacker.jar.insert(TOWER_COOKIE.into(), planted);
    let home = attacker.page(&app.url("/")).await;
    assert!(!signed_in(&home), "the planted id is not signed in: {home}");
    assert!(
        home.contains("Visits: 1"),
        "it names no session at all: {home}"
    );
    assert!(signed_in(&browser.page(&app.url("/")).await));
}

#[tokio::test]
async fn without_the_tower_sessions_layer_the_sdk_refuses_to_guess_a_session() {
    let fake = FakeLogto::start().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let settings = LogtoSettings::builder(
        fake.endpoint(),
        FakeLogto::CLIENT_ID,
        FakeLogto::CLIENT_SECRET,
    )
    .build()
    .expect("valid settings");
    let logto = Logto::builder(settings, BaseUrl::parse(&base).expect("an origin"))
        .use_tower_sessions()
        .build()
        .await
        .expect("the SDK starts");
    // The app forgot its SessionManagerLayer: the SDK must not fall back to a cookie of its own.
    let app = axum::Router::new()
        .route(
            "/",
            axum::routing::get(|logto: logto_axum::LogtoClient| async move {
                logto.is_authenticated().to_string()
            }),
        )
        .with_state(logto.clone())
        .merge(logto.router())
        .layer(axum::middleware::from_fn(logto_axum::session_cookies));
    tokio::spawn(async move { axum::serve(listener, app).await });
    let mut browser = Browser::new();
    for path in ["/", "/sign-in"] {
        let response = browser.get(&format!("{base}{path}")).await;
        assert_eq!(
            response.status(),
            StatusCode::INTERNAL_SERVER_ERROR,
            "{path}"
        );
    }
    assert!(
        browser.jar.is_empty(),
        "no cookie was set: {:?}",
        browser.jar
    );
}

/// `futures::future::join_all`, without the dependency: every request runs at once.
async fn futures_join_all<F: std::future::Future + Send + 'static>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output>
where
    F::Output: Send + 'static,
{
    let tasks: Vec<_> = futures.map(tokio::spawn).collect();
    let mut outputs = Vec::with_capacity(tasks.len());
    for task in tasks {
        outputs.push(task.await.expect("the request task ends"));
    }
    outputs
}
