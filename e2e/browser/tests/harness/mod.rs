//! One isolated world per test: the Logto-like provider (`node e2e/op/server.js`), the app
//! (in-process, on its own port, memory sessions), chromedriver and a headless Chromium with a
//! fresh profile. Everything listens on 127.0.0.1 and everything is stopped by PID at the end,
//! also when the test panics.
//!
//! With [`Options::two_replicas_on_redis`], the app runs as two replicas sharing a Redis of
//! their own (Debian's `redis-server`): see [`Replica`] for the topology.
//!
//! Missing prerequisites (Chromium, chromedriver, node, the provider's npm packages) make a test
//! fail with a message that names them: these tests never skip.

use std::{
    collections::HashMap,
    fs::{self, File},
    future::Future,
    io::{BufRead, BufReader},
    os::unix::process::CommandExt,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
        mpsc,
    },
    time::{Duration, Instant},
};

use fantoccini::{Client, ClientBuilder, Locator, elements::Element};
use hyper_util::client::legacy::connect::HttpConnector;
use logto_app::{AppState, Config, app};
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::task::JoinHandle;

/// How long any single wait (an element, a screen, a URL) may take before the test fails.
pub const WAIT: Duration = Duration::from_secs(20);
/// A whole scenario, including a 30 s token expiry, must finish within this.
const SCENARIO_LIMIT: Duration = Duration::from_secs(240);
/// How long one provider may take to start (it usually takes about a second): a guard against a
/// provider that never starts, not a timing assertion. See `start_provider` for the second try.
const PROVIDER_START: Duration = Duration::from_secs(45);
const POLL: Duration = Duration::from_millis(100);

pub const CLIENT_ID: &str = "e2e-app";
pub const CLIENT_SECRET: &str = "e2e-secret";

/// What a test wants different from the defaults.
pub struct Options {
    name: String,
    op_env: Vec<(String, String)>,
    app_env: Vec<(String, String)>,
    lang: Option<String>,
    with_provider: bool,
    two_replicas: bool,
}

impl Options {
    /// `name` names the artifacts folder: `e2e/artifacts/<name>/`.
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_string(),
            op_env: Vec::new(),
            app_env: Vec::new(),
            lang: None,
            with_provider: true,
            two_replicas: false,
        }
    }

    /// Two replicas of the app on one Redis (`SESSION_STORE=redis://…`), the provider's
    /// back-channel logout URI on the other replica than the browser's: see [`Replica`].
    pub fn two_replicas_on_redis(mut self) -> Self {
        self.two_replicas = true;
        self
    }

    /// An extra environment variable for the provider, e.g. `OP_ACCESS_TOKEN_TTL`.
    pub fn op_env(mut self, name: &str, value: &str) -> Self {
        self.op_env.push((name.to_string(), value.to_string()));
        self
    }

    /// An extra setting for the app, e.g. `LOGTO_RESOURCES`.
    pub fn app_env(mut self, name: &str, value: &str) -> Self {
        self.app_env.push((name.to_string(), value.to_string()));
        self
    }

    /// The browser's language (`--lang` and its Accept-Language), e.g. `fr-FR`. Default `en-US`.
    pub fn lang(mut self, lang: &str) -> Self {
        self.lang = Some(lang.to_string());
        self
    }

    /// No provider and no Logto settings: the app starts in setup mode.
    pub fn without_provider(mut self) -> Self {
        self.with_provider = false;
        self
    }

    /// Starts a [`TestEnv`], runs `scenario` in it, and tears everything down whatever happens.
    /// A failed scenario leaves `failure.png` and `failure.html` in its artifacts folder.
    pub async fn run<F, Fut>(self, scenario: F)
    where
        F: FnOnce(Arc<TestEnv>) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        init_logging();
        let env = Arc::new(TestEnv::start(self).await);
        let task = tokio::spawn(tokio::time::timeout(SCENARIO_LIMIT, scenario(env.clone())));
        let outcome = task.await;
        let failed = !matches!(outcome, Ok(Ok(())));
        if failed {
            env.save_failure_evidence().await;
        }
        env.shutdown().await;
        drop(env);
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(_)) => panic!("the scenario did not finish within {SCENARIO_LIMIT:?}"),
            Err(err) if err.is_panic() => std::panic::resume_unwind(err.into_panic()),
            Err(err) => panic!("the scenario task failed: {err}"),
        }
    }
}

/// The app's log lines go to the test's captured output (shown when a test fails).
fn init_logging() {
    let filter = std::env::var("RUST_LOG").unwrap_or_else(|_| "info,tower_http=warn".into());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_ansi(false)
        .with_test_writer()
        .try_init();
}

/// A child process that is killed and reaped when dropped. With `group`, the child leads its own
/// process group and the whole group is killed (chromedriver and the Chromium it started).
struct ChildGuard {
    name: &'static str,
    child: Child,
    group: bool,
    stopped: bool,
}

impl ChildGuard {
    fn spawn(name: &'static str, mut cmd: Command, group: bool) -> Self {
        if group {
            cmd.process_group(0);
        }
        let child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name} ({cmd:?}): {e}"));
        Self {
            name,
            child,
            group,
            stopped: false,
        }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `Some(status)` if the process has already exited.
    fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    fn stop(&mut self) {
        if self.stopped {
            return;
        }
        self.stopped = true;
        if self.group && self.exited().is_none() {
            // Our own process group (its id is the child's PID): chromedriver and its browser.
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", self.child.id())])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        let _ = self.child.kill();
        if let Err(e) = self.child.wait() {
            eprintln!(
                "could not reap {} (pid {}): {e}",
                self.name,
                self.child.id()
            );
        }
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The second replica of [`Options::two_replicas_on_redis`].
///
/// The topology, the simplest honest one: two `AppState`s built from the same settings serve two
/// ports of this process. The app keeps no process-wide state, so they share nothing but Redis
/// (sessions, the sid/sub index, the logout-token replay cache, invalidations), as two processes
/// would; each has its own caches, keys and Redis connections. Both have `APP_BASE_URL` = the
/// browser's replica ([`TestEnv::app_url`]), as behind a load balancer; the browser only ever
/// talks to that one, and the provider's back-channel logout URI points at this one's port, so
/// a logout always lands on the replica that does not serve the user's page. (Cookies do not
/// depend on the port, so the browser's session cookie is valid here too.)
pub struct Replica {
    /// `http://127.0.0.1:<port>` of this replica, no trailing slash.
    pub url: String,
    server: JoinHandle<()>,
    redis: Mutex<ChildGuard>,
}

/// Everything one test runs against.
pub struct TestEnv {
    pub client: Client,
    /// `http://127.0.0.1:<port>` of the app, no trailing slash (the browser's replica when there
    /// are two; it is also the app's `APP_BASE_URL`).
    pub app_url: String,
    /// The other replica, with [`Options::two_replicas_on_redis`].
    pub replica: Option<Replica>,
    /// `http://127.0.0.1:<port>` of the provider (its issuer is `{op_url}/oidc`).
    pub op_url: Option<String>,
    http: reqwest::Client,
    artifacts: PathBuf,
    shots: AtomicUsize,
    server: JoinHandle<()>,
    // Stopped in this order by `Drop`, before the temp dirs go.
    chromedriver: Mutex<ChildGuard>,
    provider: Option<Mutex<ChildGuard>>,
    _profile_dir: TempDir,
    _op_state_dir: Option<TempDir>,
}

impl TestEnv {
    async fn start(options: Options) -> Self {
        let prerequisites = Prerequisites::find();
        let artifacts = repo_root().join("e2e/artifacts").join(&options.name);
        let _ = fs::remove_dir_all(&artifacts);
        fs::create_dir_all(&artifacts)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", artifacts.display()));
        let http = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .expect("an HTTP client");

        // 1. The app's port first: the provider must know the redirect URIs.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the app's port");
        let app_port = listener.local_addr().expect("the app's address").port();
        let app_url = format!("http://127.0.0.1:{app_port}");
        let mut op_env = options.op_env.clone();
        let replica = if options.two_replicas {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind the second replica's port");
            let port = listener.local_addr().expect("the replica's address").port();
            let url = format!("http://127.0.0.1:{port}");
            if !op_env.iter().any(|(k, _)| k == "OP_BACKCHANNEL_LOGOUT_URI") {
                op_env.push((
                    "OP_BACKCHANNEL_LOGOUT_URI".into(),
                    format!("{url}/backchannel-logout"),
                ));
            }
            let (redis, redis_url) = start_redis(&artifacts).await;
            Some((listener, url, redis, redis_url))
        } else {
            None
        };

        // 2. The provider.
        let (provider, op_url, op_state_dir) = if options.with_provider {
            let state_dir = tempfile::Builder::new()
                .prefix("e2e-op-state-")
                .tempdir()
                .expect("a temp dir for the provider");
            let (guard, url) = start_provider(
                &prerequisites,
                &app_url,
                state_dir.path(),
                &op_env,
                &artifacts,
            );
            (Some(Mutex::new(guard)), Some(url), Some(state_dir))
        } else {
            (None, None, None)
        };

        // 3. The app, in this process.
        let session_store = match &replica {
            Some((_, _, _, redis_url)) => redis_url.clone(),
            None => "memory".to_string(),
        };
        let mut vars: HashMap<&str, String> = HashMap::from([
            ("APP_BASE_URL", app_url.clone()),
            ("SESSION_STORE", session_store),
        ]);
        if let Some(op_url) = &op_url {
            vars.insert("LOGTO_ENDPOINT", op_url.clone());
            vars.insert("LOGTO_APP_ID", CLIENT_ID.to_string());
            vars.insert("LOGTO_APP_SECRET", CLIENT_SECRET.to_string());
        }
        for (name, value) in &options.app_env {
            vars.insert(name.as_str(), value.clone());
        }
        let server = serve_app(&vars, listener).await;
        let ready = if op_url.is_some() {
            // Discovery loaded and the session store answers.
            "/readyz"
        } else {
            "/healthz"
        };
        wait_http_ok(&http, &format!("{app_url}{ready}"), "the app").await;
        let replica = match replica {
            Some((listener, url, redis, _)) => {
                // Same settings, APP_BASE_URL included; only the port differs.
                let server = serve_app(&vars, listener).await;
                wait_http_ok(&http, &format!("{url}{ready}"), "the second replica").await;
                Some(Replica {
                    url,
                    server,
                    redis: Mutex::new(redis),
                })
            }
            None => None,
        };

        // 4. chromedriver and the browser.
        let profile_dir = tempfile::Builder::new()
            .prefix("e2e-chromium-profile-")
            .tempdir()
            .expect("a temp dir for the browser profile");
        let (chromedriver, driver_url) =
            start_chromedriver(&prerequisites, &http, &artifacts).await;
        let client = connect_browser(
            &prerequisites,
            &driver_url,
            profile_dir.path(),
            options.lang.as_deref(),
        )
        .await;

        Self {
            client,
            app_url,
            replica,
            op_url,
            http,
            artifacts,
            shots: AtomicUsize::new(1),
            server,
            chromedriver: Mutex::new(chromedriver),
            provider,
            _profile_dir: profile_dir,
            _op_state_dir: op_state_dir,
        }
    }

    /// Quits the browser through WebDriver (Chromium and its helpers exit), then stops every
    /// child process and the app.
    async fn shutdown(&self) {
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.clone().close()).await;
        self.stop_servers();
        self.stop_children();
    }

    fn stop_servers(&self) {
        self.server.abort();
        if let Some(replica) = &self.replica {
            replica.server.abort();
        }
    }

    fn stop_children(&self) {
        if let Ok(mut driver) = self.chromedriver.lock() {
            driver.stop();
        }
        if let Some(provider) = &self.provider
            && let Ok(mut provider) = provider.lock()
        {
            provider.stop();
        }
        if let Some(replica) = &self.replica
            && let Ok(mut redis) = replica.redis.lock()
        {
            redis.stop();
        }
    }

    async fn save_failure_evidence(&self) {
        if let Ok(Ok(png)) =
            tokio::time::timeout(Duration::from_secs(10), self.client.screenshot()).await
        {
            let _ = fs::write(self.artifacts.join("failure.png"), png);
        }
        if let Ok(Ok(html)) =
            tokio::time::timeout(Duration::from_secs(10), self.client.source()).await
        {
            let _ = fs::write(self.artifacts.join("failure.html"), html);
        }
        eprintln!(
            "artifacts of the failed scenario: {}",
            self.artifacts.display()
        );
    }

    // ----- browser helpers -------------------------------------------------------------------

    /// An absolute URL on the app.
    pub fn app(&self, path: &str) -> String {
        format!("{}{path}", self.app_url)
    }

    /// An absolute URL on the provider.
    pub fn op(&self, path: &str) -> String {
        format!(
            "{}{path}",
            self.op_url
                .as_deref()
                .expect("this test runs without a provider")
        )
    }

    pub async fn goto_app(&self, path: &str) {
        let url = self.app(path);
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    /// Saves a PNG of the current page as `e2e/artifacts/<test>/<NN>-<label>.png`.
    pub async fn shot(&self, label: &str) -> PathBuf {
        let n = self.shots.fetch_add(1, Ordering::SeqCst);
        let png = self
            .client
            .screenshot()
            .await
            .unwrap_or_else(|e| panic!("screenshot {label}: {e}"));
        let path = self.artifacts.join(format!("{n:02}-{label}.png"));
        fs::write(&path, png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        path
    }

    /// [`shot`](Self::shot) with the window at `width` x `height` (a phone, a tall page), then
    /// back to the default size.
    pub async fn shot_sized(&self, label: &str, width: u32, height: u32) -> PathBuf {
        let resize = |w, h| async move {
            self.client
                .set_window_size(w, h)
                .await
                .unwrap_or_else(|e| panic!("set the window size to {w}x{h}: {e}"));
        };
        resize(width, height).await;
        let path = self.shot(label).await;
        resize(1280, 900).await;
        path
    }

    pub async fn current_url(&self) -> String {
        self.client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default()
    }

    /// The element if it is on the page right now.
    pub async fn find_now(&self, css: &str) -> Option<Element> {
        self.client.find(Locator::Css(css)).await.ok()
    }

    /// Polls until `probe` gives a value; fails after [`WAIT`] with the current URL and page text.
    pub async fn wait_until<T, F, Fut>(&self, what: &str, mut probe: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Option<T>>,
    {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(value) = probe().await {
                return value;
            }
            if Instant::now() >= deadline {
                let url = self.current_url().await;
                let text = match self.find_now("body").await {
                    Some(body) => body.text().await.unwrap_or_default(),
                    None => String::new(),
                };
                let text: String = text.chars().take(1500).collect();
                panic!(
                    "timed out after {WAIT:?} waiting for {what}\n  at {url}\n  page text:\n{text}"
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits for an element on whatever page the browser is on.
    pub async fn wait_css(&self, css: &str) -> Element {
        self.wait_until(&format!("`{css}`"), || self.find_now(css))
            .await
    }

    /// Waits until the browser is on the app (not the provider) and `css` is on the page.
    pub async fn wait_app(&self, css: &str) -> Element {
        let prefix = &format!("{}/", self.app_url);
        self.wait_until(&format!("the app's page with `{css}`"), || async move {
            if !self.current_url().await.starts_with(prefix.as_str()) {
                return None;
            }
            self.find_now(css).await
        })
        .await
    }

    /// Waits for a provider screen (`<h1 id="screen">NAME</h1>`).
    pub async fn wait_screen(&self, name: &str) {
        let prefix = &format!("{}/", self.op(""));
        self.wait_until(&format!("the provider's `{name}` screen"), || async move {
            if !self.current_url().await.starts_with(prefix.as_str()) {
                return None;
            }
            let screen = self.find_now("#screen").await?;
            (screen.text().await.ok()?.trim() == name).then_some(())
        })
        .await
    }

    /// The visible text of `css` (which must be on the page now).
    pub async fn text(&self, css: &str) -> String {
        let Some(element) = self.find_now(css).await else {
            panic!("`{css}` is not on {}", self.current_url().await);
        };
        element
            .text()
            .await
            .unwrap_or_else(|e| panic!("text of `{css}`: {e}"))
    }

    pub async fn click(&self, css: &str) {
        self.wait_css(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click `{css}`: {e}"));
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        let input = self.wait_css(css).await;
        input
            .clear()
            .await
            .unwrap_or_else(|e| panic!("clear `{css}`: {e}"));
        input
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into `{css}`: {e}"));
    }

    /// On a provider identifier screen: enters `identifier`, submits, reads the one-time code
    /// from the provider and submits it. Screenshots the identifier and code screens.
    pub async fn sign_in_with_code(&self, identifier: &str, shot_prefix: &str) {
        self.type_into("#identifier", identifier).await;
        self.shot(&format!("{shot_prefix}-provider-identifier"))
            .await;
        self.click("#submit").await;
        self.wait_screen("code").await;
        let code = self.otp(identifier).await;
        self.type_into("#code", &code).await;
        self.shot(&format!("{shot_prefix}-provider-code")).await;
        self.click("#submit").await;
    }

    // ----- provider test endpoints -----------------------------------------------------------

    async fn op_get(&self, path: &str) -> (u16, String) {
        let url = self.op(path);
        let response = self
            .http
            .get(&url)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {url}: {e}"));
        let status = response.status().as_u16();
        let body = response
            .text()
            .await
            .unwrap_or_else(|e| panic!("GET {url} body: {e}"));
        (status, body)
    }

    /// The latest one-time code sent to `to` (waits until there is one).
    pub async fn otp(&self, to: &str) -> String {
        let path = &format!("/test/otp?to={}", percent_encode(to));
        self.wait_until(&format!("a one-time code for {to}"), || async move {
            let (status, body) = self.op_get(path).await;
            (status == 200 && !body.trim().is_empty()).then(|| body.trim().to_string())
        })
        .await
    }

    /// `/test/last-auth`: the last authorization request the provider received.
    pub async fn last_auth(&self) -> Value {
        let (status, body) = self.op_get("/test/last-auth").await;
        assert_eq!(status, 200, "no authorization request recorded: {body}");
        serde_json::from_str(&body).expect("last-auth is JSON")
    }

    /// `/test/auth-requests`: every authorization request, oldest first.
    pub async fn auth_requests(&self) -> Vec<Value> {
        let (status, body) = self.op_get("/test/auth-requests").await;
        assert_eq!(status, 200, "auth-requests: {body}");
        serde_json::from_str(&body).expect("auth-requests are a JSON array")
    }

    /// The provider's authorization URL of a recorded request (from [`Self::auth_requests`]).
    pub fn authorization_url(&self, request: &Value) -> String {
        let mut query = Vec::new();
        if let Some(params) = request["params"].as_object() {
            for (name, value) in params {
                let values = match value {
                    Value::Array(values) => values.iter().filter_map(Value::as_str).collect(),
                    other => other.as_str().into_iter().collect::<Vec<_>>(),
                };
                for value in values {
                    query.push(format!(
                        "{}={}",
                        percent_encode(name),
                        percent_encode(value)
                    ));
                }
            }
        }
        self.op(&format!("/oidc/auth?{}", query.join("&")))
    }

    /// `/test/events?type=…`, oldest first.
    pub async fn events(&self, kind: &str) -> Vec<Value> {
        let (status, body) = self.op_get(&format!("/test/events?type={kind}")).await;
        assert_eq!(status, 200, "events: {body}");
        serde_json::from_str(&body).expect("events are a JSON array")
    }

    /// The HTTP status of `path` on the app, as a plain client sees it (no cookies).
    pub async fn app_status(&self, path: &str) -> u16 {
        let url = self.app(path);
        self.http
            .get(&url)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {url}: {e}"))
            .status()
            .as_u16()
    }
}

impl Drop for TestEnv {
    /// A last resort (the normal path is `shutdown`): never leave a process behind.
    fn drop(&mut self) {
        self.stop_servers();
        self.stop_children();
    }
}

/// `…/e2e/browser/../..`, resolved.
pub fn repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Where the external programs are; every one missing is a failure, never a skip.
struct Prerequisites {
    chromium: PathBuf,
    chromedriver: PathBuf,
    node: PathBuf,
    op_dir: PathBuf,
}

impl Prerequisites {
    fn find() -> Self {
        let from_env = |var: &str, default: &str| {
            PathBuf::from(std::env::var(var).unwrap_or_else(|_| default.to_string()))
        };
        let chromium = from_env("E2E_CHROMIUM", "/usr/bin/chromium");
        let chromedriver = from_env("E2E_CHROMEDRIVER", "/usr/bin/chromedriver");
        let node = from_env("E2E_NODE", "node");
        let op_dir = repo_root().join("e2e/op");
        let mut missing = Vec::new();
        if !chromium.is_file() {
            missing.push(format!(
                "Chromium at {} (apt-get install chromium, or set E2E_CHROMIUM)",
                chromium.display()
            ));
        }
        if !chromedriver.is_file() {
            missing.push(format!(
                "chromedriver at {} (apt-get install chromium-driver, or set E2E_CHROMEDRIVER)",
                chromedriver.display()
            ));
        }
        let node_ok = Command::new(&node)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !node_ok {
            missing.push(format!(
                "Node.js 20+ as `{}` (install nodejs, or set E2E_NODE)",
                node.display()
            ));
        }
        if !op_dir.join("node_modules/oidc-provider").is_dir() {
            missing.push(format!(
                "the provider's npm packages in {} (run `npm ci` there)",
                op_dir.display()
            ));
        }
        assert!(
            missing.is_empty(),
            "end-to-end prerequisites are missing (e2e/run.sh installs them):\n  - {}",
            missing.join("\n  - ")
        );
        Self {
            chromium,
            chromedriver,
            node,
            op_dir,
        }
    }
}

fn start_provider(
    prerequisites: &Prerequisites,
    app_url: &str,
    state_dir: &Path,
    extra_env: &[(String, String)],
    artifacts: &Path,
) -> (ChildGuard, String) {
    // Node has twice been seen alive but silent before `OP_READY` (its log stopped after the
    // state dir line, on a busy and on a quiet machine alike). A second provider, started
    // afresh, is cheaper than a failed scenario; a provider that fails twice fails the test.
    match try_start_provider(
        prerequisites,
        app_url,
        state_dir,
        extra_env,
        artifacts,
        "provider.log",
    ) {
        Ok(started) => started,
        Err(first) => {
            eprintln!("the provider did not start ({first}); starting another");
            try_start_provider(
                prerequisites,
                app_url,
                state_dir,
                extra_env,
                artifacts,
                "provider-second-try.log",
            )
            .unwrap_or_else(|second| panic!("{second} (a first try failed too: {first})"))
        }
    }
}

fn try_start_provider(
    prerequisites: &Prerequisites,
    app_url: &str,
    state_dir: &Path,
    extra_env: &[(String, String)],
    artifacts: &Path,
    log_name: &str,
) -> Result<(ChildGuard, String), String> {
    let log_path = artifacts.join(log_name);
    let log = File::create(&log_path).expect("the provider's log file");
    let mut cmd = Command::new(&prerequisites.node);
    cmd.arg("server.js").current_dir(&prerequisites.op_dir);
    // Only this test's settings reach the provider, never an OP_* left in the environment.
    for (name, _) in std::env::vars() {
        if name.starts_with("OP_") {
            cmd.env_remove(name);
        }
    }
    cmd.env("OP_PORT", "0")
        .env("OP_STATE_DIR", state_dir)
        .env("OP_CLIENT_ID", CLIENT_ID)
        .env("OP_CLIENT_SECRET", CLIENT_SECRET)
        .env("OP_REDIRECT_URI", format!("{app_url}/callback"))
        .env("OP_POST_LOGOUT_REDIRECT_URI", format!("{app_url}/"))
        .envs(extra_env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(log);
    let mut guard = ChildGuard::spawn("the provider (node server.js)", cmd, false);
    let stdout = guard.child.stdout.take().expect("the provider's stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        // Reads to the end so the provider never blocks on a full pipe.
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some(url) = line.strip_prefix("OP_READY ") {
                let _ = tx.send(Some(url.trim().trim_end_matches('/').to_string()));
            }
        }
        let _ = tx.send(None);
    });
    match rx.recv_timeout(PROVIDER_START) {
        Ok(Some(url)) => Ok((guard, url)),
        other => {
            let status = guard.exited();
            drop(guard);
            let log = fs::read_to_string(&log_path).unwrap_or_default();
            let tail: String = log
                .lines()
                .rev()
                .take(30)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
                .join("\n");
            Err(format!(
                "the provider did not print OP_READY ({}; exit status {status:?}); its log:\n{tail}",
                if matches!(other, Ok(None)) {
                    "its stdout closed"
                } else {
                    "timed out"
                }
            ))
        }
    }
}

/// Builds the app from `vars` and serves it on `listener` in a task of this process.
async fn serve_app(
    vars: &HashMap<&str, String>,
    listener: tokio::net::TcpListener,
) -> JoinHandle<()> {
    let config = Config::from_lookup(|name| vars.get(name).cloned()).expect("a valid app config");
    let state = AppState::build(config).await.expect("the app's state");
    state.spawn_background_tasks();
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app(state)).await {
            eprintln!("the app stopped: {e}");
        }
    })
}

/// Debian's `redis-server` on a free port of 127.0.0.1, nothing saved to disk; its log goes to
/// the artifacts folder. Returns it and its `redis://` URL once it accepts connections.
async fn start_redis(artifacts: &Path) -> (ChildGuard, String) {
    let program = [
        "/usr/bin/redis-server",
        "/usr/sbin/redis-server",
        "/usr/local/bin/redis-server",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.is_file())
    .unwrap_or_else(|| {
        panic!("redis-server is missing: install Debian's redis-server package (e2e/run.sh does)")
    });
    let port = free_port();
    let log = File::create(artifacts.join("redis.log")).expect("redis' log file");
    let mut cmd = Command::new(program);
    cmd.args(["--bind", "127.0.0.1", "--port", &port.to_string()])
        .args([
            "--save",
            "",
            "--appendonly",
            "no",
            "--protected-mode",
            "yes",
        ])
        .arg("--dir")
        .arg(artifacts)
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("redis' log file"))
        .stderr(log);
    let mut guard = ChildGuard::spawn("redis-server", cmd, false);
    let deadline = Instant::now() + WAIT;
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Some(status) = guard.exited() {
            panic!(
                "redis-server exited at start with {status}; see {}",
                artifacts.join("redis.log").display()
            );
        }
        assert!(
            Instant::now() < deadline,
            "redis-server did not listen on port {port}"
        );
        tokio::time::sleep(POLL).await;
    }
    (guard, format!("redis://127.0.0.1:{port}"))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

async fn start_chromedriver(
    prerequisites: &Prerequisites,
    http: &reqwest::Client,
    artifacts: &Path,
) -> (ChildGuard, String) {
    let log = File::create(artifacts.join("chromedriver.log")).expect("chromedriver's log");
    let port = free_port();
    let mut cmd = Command::new(&prerequisites.chromedriver);
    cmd.arg(format!("--port={port}"))
        .arg("--allowed-ips=127.0.0.1")
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("chromedriver's log"))
        .stderr(log);
    let mut guard = ChildGuard::spawn("chromedriver", cmd, true);
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + WAIT;
    loop {
        if let Ok(response) = http.get(format!("{url}/status")).send().await
            && response.status().is_success()
        {
            break;
        }
        if let Some(status) = guard.exited() {
            panic!(
                "chromedriver (pid {}) exited at start with {status}; see {}",
                guard.pid(),
                artifacts.join("chromedriver.log").display()
            );
        }
        assert!(
            Instant::now() < deadline,
            "chromedriver did not answer on {url} within {WAIT:?}"
        );
        tokio::time::sleep(POLL).await;
    }
    (guard, url)
}

async fn connect_browser(
    prerequisites: &Prerequisites,
    driver_url: &str,
    profile_dir: &Path,
    lang: Option<&str>,
) -> Client {
    let lang = lang.unwrap_or("en-US");
    let primary = lang.split('-').next().unwrap_or(lang);
    let accept_languages = if primary == lang {
        lang.to_string()
    } else {
        format!("{lang},{primary}")
    };
    let args = vec![
        "--headless".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-quic".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--disable-dev-shm-usage".into(),
        "--no-proxy-server".into(),
        "--window-size=1280,900".into(),
        format!("--lang={lang}"),
        format!("--user-data-dir={}", profile_dir.display()),
    ];
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": prerequisites.chromium,
            "args": args,
            "prefs": { "intl.accept_languages": accept_languages },
        },
    });
    let Value::Object(capabilities) = capabilities else {
        unreachable!("a JSON object")
    };
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(driver_url)
        .await
        .unwrap_or_else(|e| panic!("cannot start headless Chromium through chromedriver: {e}"));
    client
        .set_window_size(1280, 900)
        .await
        .unwrap_or_else(|e| panic!("set the window size: {e}"));
    client
}

async fn wait_http_ok(http: &reqwest::Client, url: &str, what: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        let last = match http.get(url).send().await {
            Ok(response) if response.status().is_success() => return,
            Ok(response) => format!(
                "{} {}",
                response.status(),
                response.text().await.unwrap_or_default()
            ),
            Err(e) => e.to_string(),
        };
        assert!(
            Instant::now() < deadline,
            "{what} did not answer 200 within {WAIT:?}; last answer: {last}"
        );
        tokio::time::sleep(POLL).await;
    }
}
