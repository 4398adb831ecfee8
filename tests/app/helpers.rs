//! `TestApp`: the real app (the same `app()` as `main`) on a random port, in front of a fake
//! Logto, with a client that keeps the session cookie and never follows redirects.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use logto_app::{AppState, Config, app};
use logto_axum::session::Sessions;
use reqwest::{Response, StatusCode};
use tokio::{net::TcpListener, task::JoinHandle};

pub use crate::support::fake_logto::{CODE_TTL_SECS, Endpoint, FakeLogto, Misbehaviour, TestUser};

use crate::support::browser::Browser;
pub use crate::support::browser::{SESSION_COOKIE as COOKIE, csrf_field, location};

pub struct TestApp {
    pub base: String,
    pub logto: Arc<FakeLogto>,
    pub client: reqwest::Client,
    /// The app's own sessions, for what only the process can see (the cache's gauges).
    pub sessions: Arc<Sessions>,
    browser: Browser,
    server: JoinHandle<()>,
}

/// A configuration as the environment would give it, without touching the process environment.
pub fn config(pairs: &[(&str, &str)]) -> Config {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Config::from_lookup(|name| map.get(name).cloned()).expect("test configuration is valid")
}

impl TestApp {
    /// The app with a memory store in front of a well-behaved fake Logto.
    pub async fn spawn() -> Self {
        Self::spawn_with(Arc::new(FakeLogto::start().await), &[]).await
    }

    /// The app in front of `logto`, with extra settings (e.g. `SESSION_STORE`). Its background
    /// tasks are not started, so Logto is called only when a test's requests need it.
    pub async fn spawn_with(logto: Arc<FakeLogto>, extra: &[(&str, &str)]) -> Self {
        Self::spawn_inner(logto, extra, false).await
    }

    /// As `main` runs it: with its background tasks (Logto's warm-up and re-reads, the store's
    /// upkeep) started before the first request.
    pub async fn spawn_as_main(logto: Arc<FakeLogto>, extra: &[(&str, &str)]) -> Self {
        Self::spawn_inner(logto, extra, true).await
    }

    async fn spawn_inner(logto: Arc<FakeLogto>, extra: &[(&str, &str)], background: bool) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the app");
        let base = format!("http://{}", listener.local_addr().expect("app address"));
        let endpoint = logto.endpoint();
        let mut pairs = vec![
            ("LOGTO_ENDPOINT", endpoint.as_str()),
            ("LOGTO_APP_ID", FakeLogto::CLIENT_ID),
            ("LOGTO_APP_SECRET", FakeLogto::CLIENT_SECRET),
            ("APP_BASE_URL", base.as_str()),
            ("SESSION_STORE", "memory"),
        ];
        pairs.extend_from_slice(extra);
        // Registered in the Logto console as the app's redirect URIs: the base it runs under.
        let public_base = pairs
            .iter()
            .rev()
            .find(|(name, _)| *name == "APP_BASE_URL")
            .map_or(base.as_str(), |(_, value)| *value);
        logto.register_app(public_base);
        let (server, sessions) = serve_inner(listener, config(&pairs), background).await;
        Self {
            base,
            logto,
            sessions,
            client: client(),
            browser: Browser::new(),
            server,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn session_cookie(&self) -> Option<String> {
        self.cookie(COOKIE)
    }

    pub fn set_session_cookie(&self, value: Option<String>) {
        self.set_cookie(COOKIE, value, "/");
    }

    /// The value of the browser's cookie `name`.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.browser.cookie(name)
    }

    pub fn set_cookie(&self, name: &str, value: Option<String>, path: &str) {
        self.browser.set_cookie(name, value, path);
    }

    /// Every cookie the browser holds: `(name, value, path)`.
    pub fn cookies(&self) -> Vec<(String, String, String)> {
        self.browser.cookies()
    }

    /// The app's keys, as it derives them (from LOGTO_APP_SECRET when APP_COOKIE_SECRET is
    /// unset, for this deployment's client id and base URL).
    pub fn keys(&self) -> logto_axum::session::test_util::keys::ServerKeys {
        use logto_axum::session::test_util::keys::{ServerKeys, deployment};
        ServerKeys::derive(
            FakeLogto::CLIENT_SECRET.as_bytes(),
            &deployment(FakeLogto::CLIENT_ID, &self.base),
        )
    }

    /// What the browser's binding cookie binds sign-ins in flight (and the inspector's record) to.
    pub fn browser_binding(&self) -> [u8; 32] {
        let value = self
            .cookie("logto_app_browser")
            .expect("the browser has a binding cookie");
        logto_axum::session::test_util::attempt::browser_binding(&value).expect("a binding of ours")
    }

    /// The sign-in attempt cookies the browser holds.
    pub fn attempt_cookies(&self) -> Vec<(String, String)> {
        self.cookies()
            .into_iter()
            .filter(|(n, _, _)| n.starts_with("logto_app_attempt_"))
            .map(|(n, v, _)| (n, v))
            .collect()
    }

    /// Forgets every cookie: a new browser.
    pub fn clear_cookies(&self) {
        self.browser.clear();
    }

    /// A request with the browser's cookies for its path; the answer's cookies update the jar.
    pub async fn send(&self, request: reqwest::RequestBuilder) -> Response {
        self.browser.send(request).await
    }

    pub async fn get(&self, path: &str) -> Response {
        self.send(self.client.get(self.url(path))).await
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> Response {
        self.send(self.client.post(self.url(path)).form(form)).await
    }

    /// Posts a logout token to `/backchannel-logout` as Logto does: server to server (no
    /// browser cookies), a form with `logout_token=…`.
    pub async fn post_logout_token(&self, token: &str) -> Response {
        self.client
            .post(self.url("/backchannel-logout"))
            .form(&[("logout_token", token)])
            .send()
            .await
            .expect("the app answers")
    }

    /// `GET /sign-in?{query}`; returns where the app sends the browser (Logto's authorize URL).
    pub async fn begin_sign_in(&self, query: &str) -> String {
        let response = self.get(&format!("/sign-in?{query}")).await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "/sign-in redirects to Logto"
        );
        location(&response)
    }

    /// Follows a callback URL (absolute, from the fake) on the app.
    pub async fn callback(&self, callback_url: &str) -> Response {
        self.follow(callback_url).await
    }

    /// Follows a URL Logto sent the browser to, which must be on this app.
    pub async fn follow(&self, absolute_url: &str) -> Response {
        let url = url::Url::parse(absolute_url).expect("an absolute URL");
        assert!(
            absolute_url.starts_with(&format!("{}/", self.base)),
            "Logto sends the browser back to this app: {absolute_url}"
        );
        let path = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_string(),
        };
        self.get(&path).await
    }

    /// The browser at Logto's end-session URL: Logto's page, whose form (auto-submitted) posts
    /// to `/oidc/session/end/confirm`, which redirects. Returns where Logto sends the browser.
    pub async fn through_logto_end_session(&self, end_session_url: &str) -> String {
        assert!(end_session_url.starts_with(&format!("{}/session/end?", self.logto.issuer())));
        let page = self
            .client
            .get(end_session_url)
            .send()
            .await
            .expect("Logto answers");
        assert_eq!(
            page.status(),
            StatusCode::OK,
            "Logto shows its sign-out page"
        );
        let page = page.text().await.expect("Logto's page");
        let attribute = |name: &str| {
            let start = page.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
            page[start..].split('"').next().expect(name).to_string()
        };
        let action = attribute("action");
        let xsrf = attribute("value");
        let confirm = self
            .client
            .post(&action)
            .form(&[("xsrf", xsrf.as_str()), ("logout", "yes")])
            .send()
            .await
            .expect("Logto answers");
        assert_eq!(
            confirm.status(),
            StatusCode::SEE_OTHER,
            "the confirm step redirects"
        );
        location(&confirm)
    }

    /// A whole sign-in for the fake's current user; returns the callback's response.
    pub async fn sign_in(&self) -> Response {
        let authorize = self.begin_sign_in("").await;
        let callback = self.logto.authorize(&authorize);
        self.callback(&callback).await
    }

    /// A sign-in that must succeed; returns the home page's HTML.
    pub async fn signed_in_home(&self) -> String {
        let response = self.sign_in().await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "the callback succeeds"
        );
        self.home().await
    }

    pub async fn home(&self) -> String {
        let response = self.get("/").await;
        assert_eq!(response.status(), StatusCode::OK);
        response.text().await.expect("home page body")
    }

    /// Whether `/` shows a signed-in user.
    pub async fn is_signed_in(&self) -> bool {
        self.home().await.contains("id=\"sign-out-link\"")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Builds the state and serves `app()` on `listener` until the handle is aborted.
pub async fn serve(listener: TcpListener, config: Config) -> JoinHandle<()> {
    serve_inner(listener, config, false).await.0
}

async fn serve_inner(
    listener: TcpListener,
    config: Config,
    background: bool,
) -> (JoinHandle<()>, Arc<Sessions>) {
    let state = AppState::build(config).await.expect("the app state builds");
    if background {
        state.spawn_background_tasks();
    }
    let sessions = state.sessions.clone();
    let server = tokio::spawn(async move {
        axum::serve(listener, app(state))
            .await
            .expect("the app serves");
    });
    (server, sessions)
}

/// A client that does not follow redirects (each hop is asserted) and keeps no cookies itself.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("test client")
}

/// The query pairs of a URL, in order.
pub fn query_pairs(url: &str) -> Vec<(String, String)> {
    url::Url::parse(url)
        .expect("absolute URL")
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

pub fn param(pairs: &[(String, String)], name: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

/// Asserts the error page: status, a message, and a way forward.
pub async fn assert_error_page(response: Response, status: StatusCode, says: &str) -> String {
    assert_eq!(response.status(), status);
    let body = response.text().await.expect("error page body");
    assert!(
        body.contains(says),
        "the error page says {says:?}; it was:\n{body}"
    );
    assert!(
        body.contains("id=\"sign-in-again\""),
        "the error page offers to sign in again"
    );
    body
}

/// Captures what the app logs while the test runs. One global subscriber writes each line to
/// the buffer of the thread it happens on: `#[tokio::test]` runs the app's tasks on the test's
/// own thread, so every test sees its own requests' lines. (Thread-local subscribers would be
/// simpler, but tracing caches per-callsite interest across threads and drops lines.)
pub struct LogCapture {
    buffer: Arc<Mutex<Vec<u8>>>,
}

thread_local! {
    static SINK: std::cell::RefCell<Option<Arc<Mutex<Vec<u8>>>>> = const { std::cell::RefCell::new(None) };
}

pub fn capture_logs() -> LogCapture {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let _ = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_max_level(tracing::Level::INFO)
            .with_writer(|| ThreadSink)
            .try_init();
    });
    let buffer = Arc::new(Mutex::new(Vec::new()));
    SINK.with(|sink| *sink.borrow_mut() = Some(buffer.clone()));
    LogCapture { buffer }
}

impl LogCapture {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.buffer.lock().expect("log buffer")).into_owned()
    }
}

struct ThreadSink;

impl std::io::Write for ThreadSink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        SINK.with(|sink| {
            if let Some(buffer) = sink.borrow().as_ref() {
                buffer.lock().expect("log buffer").extend_from_slice(bytes);
            }
        });
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
