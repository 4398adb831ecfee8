//! Bad input: the fuzzers' properties as proptest twins (so plain `cargo test` checks them too),
//! and oversized or malformed HTTP requests against the real app in front of the fake Logto.
//!
//! Every HTTP request here is written byte for byte on a TCP socket, so the exact request is in
//! the test and a failure names it. Each answer must be a 4xx, or a normal 200/303 where the app
//! simply ignores the bad part; never a 5xx, never a dropped connection (a panic), and the app
//! must keep serving afterwards.

#[path = "support/mod.rs"]
mod support;

#[path = "bad_input/properties.rs"]
mod properties;

use std::{
    collections::HashMap,
    net::SocketAddr,
    sync::{
        Once,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use logto_app::{AppState, Config, app};
use proptest::prelude::*;
use support::fake_logto::FakeLogto;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
    task::JoinHandle,
};

// ---------------------------------------------------------------------------------------------
// The proptest twins of fuzz/fuzz_targets/{return_to,sign_in_params}.rs.

/// Pieces that make return_to values interesting: separators, dots, encodings, schemes, hosts.
fn return_to_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "/",
            "//",
            "\\",
            "%2f",
            "%2F",
            "%5c",
            "%5C",
            "..",
            ".",
            "%2e",
            "%2E",
            "%2e%2e",
            "@",
            ":",
            "?",
            "#",
            "&",
            "=",
            "\t",
            "\n",
            "\r",
            "\0",
            "%09",
            "%0a",
            "%0d",
            "%00",
            " ",
            "%20",
            "evil.example",
            "a",
            "http:",
            "https://",
            "javascript:",
            "callback",
            "sign-in",
            "sign-out",
            "ä",
            "\u{2028}",
            "\u{ff0f}",
            "%",
            "%e2%80",
            "%ff",
        ])
        .prop_map(str::to_string),
        "[ -~]{0,4}",
        any::<char>().prop_map(String::from),
    ]
}

/// Starts that dot-segment normalization may collapse to `/`, then separators and a host: the
/// shape of the open redirects (`/.//evil.example` → `//evil.example`).
fn return_to_collapsing() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec![
            "/",
            "/.",
            "/..",
            "/%2e",
            "/%2E",
            "/%2e%2e",
            "/.%2e",
            "/a/..",
            "/a/%2e%2e",
            "/a/b/../..",
        ]),
        prop::sample::select(vec![
            "/", "//", "%2f", "%2F", "/%2f", "\\", "%5c", "/./", "?//",
        ]),
        prop::sample::select(vec!["evil.example", "/evil.example", "", "a?b=c"]),
    )
        .prop_map(|(start, separator, rest)| format!("{start}{separator}{rest}"))
}

fn return_to_input() -> impl Strategy<Value = String> {
    prop_oneof![
        ".*",
        return_to_collapsing(),
        prop::collection::vec(return_to_piece(), 0..12).prop_map(|pieces| pieces.concat()),
        prop::collection::vec(return_to_piece(), 0..12).prop_map(|p| format!("/{}", p.concat())),
    ]
}

/// A field as the fuzzer sees it: a value the app knows, or anything at all.
fn field(known: &'static [&'static str]) -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![
        prop::sample::select(known).prop_map(str::to_string),
        ".*",
        "[ -~]{0,30}",
    ])
}

const METHODS: &[&str] = &["email", "phone", "huggingface", "", "Email"];
const MODES: &[&str] = &["sign-in", "sign-up", "", "register"];
const HINTS: &[&str] = &[
    "ada@example.com",
    "+44 20 7946 0958",
    " ada@example.com ",
    "(555) 123-4567",
    "a@b.c",
    "+12345",
    "ada@example.com\u{85}",
];
const LANGUAGES: &[&str] = &[
    "fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5",
    "en;q=0.2, pt-BR",
    "zh-Hans-CN, x_y, <script>, es;q=0",
    "en;q=NaN, de;q=-1, fr;q=1e9, it;q=inf",
];

fn accept_language() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![
        prop::sample::select(LANGUAGES).prop_map(str::to_string),
        ".*",
        "([a-zA-Z0-9*_ -]{0,10}(;q=[-0-9.a-zA-Z]{0,5})?,){0,6}",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn return_to_never_panics_and_only_ever_yields_a_path_on_this_site(raw in return_to_input()) {
        properties::check_return_to(&raw);
    }

    #[test]
    fn sign_in_options_never_panics_and_only_ever_sends_logto_values_it_accepts(
        method in field(METHODS),
        mode in field(MODES),
        login_hint in field(HINTS),
        accept_language in accept_language(),
    ) {
        properties::check_sign_in_options(
            method.as_deref(),
            mode.as_deref(),
            login_hint.as_deref(),
            accept_language.as_deref(),
        );
    }
}

#[test]
fn the_return_to_property_holds_for_the_known_attacks_and_the_usual_paths() {
    let mut failures = Vec::new();
    for raw in [
        "/",
        "/account/settings?tab=2",
        "/a/../b",
        "//evil.example",
        "/\\evil.example",
        "/%2e%2e/%2fevil.example",
        "/%2e%2e//evil.example",
        "/x/..//evil.example",
        "/.//evil.example",
        "/%2E/%2Fevil.example",
        "/?%2f%2f",
        "/a?b\\c",
        "/\u{ff0f}evil.example",
        "/ä?ö=ü",
    ] {
        if let Err(panic) = std::panic::catch_unwind(|| properties::check_return_to(raw)) {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_else(|| format!("{raw:?}: the check panicked"));
            failures.push(message);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// The real app over HTTP.

/// Panics on the server's threads. The app runs on a multi-thread runtime whose workers are
/// named `tokio-runtime-worker`; the test bodies run on the test threads, so only the app's (and
/// the fake Logto's) panics are counted.
static APP_PANICS: AtomicUsize = AtomicUsize::new(0);

fn count_server_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some("tokio-runtime-worker") {
                APP_PANICS.fetch_add(1, Ordering::SeqCst);
            }
            default(info);
        }));
    });
}

/// The app (the same `app()` as `main`, memory sessions) in front of the fake Logto.
struct App {
    addr: SocketAddr,
    logto: FakeLogto,
    server: JoinHandle<()>,
}

impl Drop for App {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// One answer, as read off the socket.
#[derive(Debug)]
struct Answer {
    status: u16,
    head: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    /// The value of our session cookie in `Set-Cookie`, if the answer sets one.
    fn session_cookie(&self) -> Option<String> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            let rest = n
                .eq_ignore_ascii_case("set-cookie")
                .then(|| v.trim().strip_prefix(&format!("{COOKIE}=")))??;
            Some(rest.split(';').next().unwrap_or_default().to_string())
        })
    }

    /// The `name=value` of the sign-in attempt cookie the answer sets, if any, with the
    /// browser binding cookie it is bound to: what the callback needs, as a `Cookie` header value.
    fn attempt_cookie(&self) -> Option<String> {
        let set = |prefix: &str| {
            self.head.lines().skip(1).find_map(|line| {
                let (n, v) = line.split_once(':')?;
                let v = v.trim();
                (n.eq_ignore_ascii_case("set-cookie") && v.starts_with(prefix))
                    .then(|| v.split(';').next().unwrap_or_default().to_string())
            })
        };
        Some(format!(
            "{}; {}",
            set("logto_app_attempt_")?,
            set("logto_app_browser=")?
        ))
    }
}

const COOKIE: &str = "logto_app_session";

impl App {
    async fn spawn() -> Self {
        count_server_panics();
        let logto = FakeLogto::start().await;
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the app");
        let addr = listener.local_addr().expect("the app's address");
        let base = format!("http://{addr}");
        logto.register_app(&base);
        let endpoint = logto.endpoint();
        let settings: HashMap<&str, &str> = HashMap::from([
            ("LOGTO_ENDPOINT", endpoint.as_str()),
            ("LOGTO_APP_ID", FakeLogto::CLIENT_ID),
            ("LOGTO_APP_SECRET", FakeLogto::CLIENT_SECRET),
            ("APP_BASE_URL", base.as_str()),
            ("SESSION_STORE", "memory"),
        ]);
        let config = Config::from_lookup(|name| settings.get(name).map(|v| v.to_string()))
            .expect("test configuration is valid");
        let state = AppState::build(config).await.expect("the app state builds");
        let server = tokio::spawn(async move {
            axum::serve(listener, app(state))
                .await
                .expect("the app serves");
        });
        Self {
            addr,
            logto,
            server,
        }
    }

    /// Sends `head` (request line and headers, without the blank line; `Host` and
    /// `Connection: close` are added) and `body`, and reads the answer. The body is written
    /// while the answer is read, so an early refusal is seen even if the app stops reading.
    async fn send(&self, head: &[u8], body: &[u8]) -> Answer {
        let mut request = head.to_vec();
        request.extend_from_slice(
            format!("\r\nHost: {}\r\nConnection: close\r\n\r\n", self.addr).as_bytes(),
        );
        let shown = String::from_utf8_lossy(&request[..request.len().min(300)]).into_owned();
        let stream = TcpStream::connect(self.addr)
            .await
            .expect("connect to the app");
        let (mut reader, mut writer) = stream.into_split();
        let body = body.to_vec();
        let writing = tokio::spawn(async move {
            if writer.write_all(&request).await.is_ok() {
                let _ = writer.write_all(&body).await;
            }
            // Keep our side open until the answer is read.
            writer
        });
        let mut received = Vec::new();
        let mut buffer = vec![0; 64 * 1024];
        let read_all = async {
            loop {
                match reader.read(&mut buffer).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => received.extend_from_slice(&buffer[..n]),
                }
            }
        };
        let _ = tokio::time::timeout(Duration::from_secs(20), read_all).await;
        writing.abort();
        let text = String::from_utf8_lossy(&received);
        let head = text
            .split("\r\n\r\n")
            .next()
            .unwrap_or_default()
            .to_string();
        let status = head
            .strip_prefix("HTTP/1.1 ")
            .and_then(|rest| rest.get(..3))
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| {
                panic!(
                    "no HTTP answer (the connection was dropped: a panic?) to:\n{shown}\n\
                     received: {text:?}"
                )
            });
        Answer { status, head }
    }

    async fn get(&self, target: &[u8], headers: &[u8]) -> Answer {
        let mut head = b"GET ".to_vec();
        head.extend_from_slice(target);
        head.extend_from_slice(b" HTTP/1.1");
        if !headers.is_empty() {
            head.extend_from_slice(b"\r\n");
            head.extend_from_slice(headers);
        }
        self.send(&head, b"").await
    }

    async fn get_with_cookie(&self, target: &str, cookie: &str) -> Answer {
        self.get(
            target.as_bytes(),
            format!("Cookie: {COOKIE}={cookie}").as_bytes(),
        )
        .await
    }

    /// A whole sign-in; returns the signed-in session cookie.
    async fn sign_in(&self) -> String {
        let begin = self.get(b"/sign-in", b"").await;
        assert_eq!(begin.status, 303, "{begin:?}");
        let pending = begin
            .attempt_cookie()
            .expect("/sign-in sets an attempt cookie");
        let authorize = begin.header("location").expect("a Location").to_string();
        let callback = url::Url::parse(&self.logto.authorize(&authorize)).expect("callback URL");
        let target = format!(
            "{}?{}",
            callback.path(),
            callback.query().unwrap_or_default()
        );
        let done = self
            .get(target.as_bytes(), format!("Cookie: {pending}").as_bytes())
            .await;
        assert_eq!(done.status, 303, "the callback succeeds: {done:?}");
        done.session_cookie()
            .expect("the callback sets the signed-in cookie")
    }

    async fn is_signed_in(&self, cookie: &str) -> bool {
        let home = self.get_with_cookie("/", cookie).await;
        assert_eq!(home.status, 200, "{home:?}");
        self.body_of("/", cookie)
            .await
            .contains("id=\"sign-out-link\"")
    }

    /// The body of `GET target` (small answers only), through reqwest for simplicity.
    async fn body_of(&self, target: &str, cookie: &str) -> String {
        reqwest::Client::new()
            .get(format!("http://{}{target}", self.addr))
            .header("cookie", format!("{COOKIE}={cookie}"))
            .send()
            .await
            .expect("the app answers")
            .text()
            .await
            .expect("a body")
    }

    /// The app still answers normally, and nothing on its threads has panicked.
    async fn still_serves(&self) {
        let health = self.get(b"/healthz", b"").await;
        assert_eq!(
            health.status, 200,
            "/healthz after the bad input: {health:?}"
        );
        let home = self.get(b"/", b"").await;
        assert_eq!(home.status, 200, "/ after the bad input: {home:?}");
        let sign_in = self.get(b"/sign-in", b"").await;
        assert_eq!(
            sign_in.status, 303,
            "/sign-in after the bad input: {sign_in:?}"
        );
        assert_eq!(
            APP_PANICS.load(Ordering::SeqCst),
            0,
            "the app panicked (see the panic message above)"
        );
    }
}

/// Asserts `answer` is one of `expected` (all 2xx, 3xx or 4xx), naming the request on failure.
#[track_caller]
fn assert_answer(request: &str, answer: &Answer, expected: &[u16]) {
    assert!(
        answer.status < 500,
        "{request} got a server error {}: {answer:?}",
        answer.status
    );
    assert!(
        expected.contains(&answer.status),
        "{request} got {} (expected one of {expected:?}): {answer:?}",
        answer.status
    );
}

fn long(len: usize) -> String {
    "a".repeat(len)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_100_kb_query_string_is_refused_on_sign_in_callback_and_home() {
    let app = App::spawn().await;
    for path in ["/sign-in", "/callback", "/"] {
        for query in [
            format!("return_to=/{}", long(100 * 1024)),
            format!("state={}", long(100 * 1024)),
            format!("x={}", long(100 * 1024)),
            "a=b&".repeat(25 * 1024),
        ] {
            let target = format!("{path}?{query}");
            let answer = app.get(target.as_bytes(), b"").await;
            // Longer than any URI hyper reads (64 KiB), so it never reaches the app.
            assert_answer(&format!("GET {path}?<100 KB>"), &answer, &[400, 414, 431]);
        }
    }
    app.still_serves().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_60_kb_query_string_reaches_the_handlers_and_is_refused_or_ignored() {
    let app = App::spawn().await;
    let size = 60 * 1024;
    let cases: Vec<(String, &[u16])> = vec![
        // Too long to be a return_to: ignored, the sign-in goes on to "/".
        (format!("/sign-in?return_to=/{}", long(size)), &[303]),
        (format!("/sign-in?login_hint={}", long(size)), &[400]),
        (format!("/sign-in?method={}", long(size)), &[400]),
        (format!("/sign-in?mode={}", long(size)), &[400]),
        // Unknown fields are ignored.
        (format!("/sign-in?organization_id={}", long(size)), &[400]),
        (format!("/sign-in?prompt={}", long(size)), &[400]),
        (format!("/sign-in?x={}", long(size)), &[303]),
        (format!("/sign-in?{}", "a=b&".repeat(size / 4)), &[303]),
        (format!("/callback?state={}", long(size)), &[400]),
        (
            format!("/callback?code=c&state=s&iss={}", long(size)),
            &[400],
        ),
        (format!("/callback?state=s&error={}", long(size)), &[400]),
        (format!("/?state={}", long(size)), &[200]),
        (format!("/?{}", "a=b&".repeat(size / 4)), &[200]),
    ];
    for (target, expected) in cases {
        let answer = app.get(target.as_bytes(), b"").await;
        let shown = format!("GET {}…", &target[..target.len().min(40)]);
        assert_answer(&shown, &answer, expected);
    }
    app.still_serves().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_64_kb_header_is_ignored_or_refused_never_a_server_error() {
    let app = App::spawn().await;
    let size = 64 * 1024;
    let cases: Vec<(&str, String, &[u16])> = vec![
        ("/", format!("X-Padding: {}", long(size)), &[200, 431]),
        (
            "/sign-in",
            format!("X-Padding: {}", long(size)),
            &[303, 431],
        ),
        // Parsed by the app: at most three well-formed tags are kept.
        (
            "/sign-in",
            format!("Accept-Language: {}", long(size)),
            &[303, 431],
        ),
        (
            "/sign-in",
            format!("Accept-Language: {}", "en;q=0.5,".repeat(size / 9)),
            &[303, 431],
        ),
        (
            "/callback?state=s",
            format!("X-Padding: {}", long(size)),
            &[400, 431],
        ),
        // Many small headers instead of one big one.
        (
            "/",
            "X-Many: a\r\n".repeat(2000).trim_end().to_string(),
            &[200, 431],
        ),
    ];
    for (target, header, expected) in cases {
        let answer = app.get(target.as_bytes(), header.as_bytes()).await;
        let shown = format!("GET {target} with {}…", &header[..header.len().min(24)]);
        assert_answer(&shown, &answer, expected);
    }
    app.still_serves().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_64_kb_cookie_is_treated_as_no_session() {
    let app = App::spawn().await;
    let size = 64 * 1024;
    let cookies = [
        format!("Cookie: {COOKIE}={}", long(size)),
        format!("Cookie: other={}", long(size)),
        format!("Cookie: {}", "c=1; ".repeat(size / 5)),
        format!(
            "Cookie: {}{COOKIE}=AAAAAAAAAAAAAAAAAAAAAA",
            "c=1; ".repeat(size / 5)
        ),
    ];
    for cookie in &cookies {
        let shown = format!("with {}…", &cookie[..cookie.len().min(30)]);
        let home = app.get(b"/", cookie.as_bytes()).await;
        assert_answer(&format!("GET / {shown}"), &home, &[200, 431]);
        let callback = app
            .get(b"/callback?state=s&code=c", cookie.as_bytes())
            .await;
        assert_answer(&format!("GET /callback {shown}"), &callback, &[400, 431]);
        let sign_in = app.get(b"/sign-in", cookie.as_bytes()).await;
        assert_answer(&format!("GET /sign-in {shown}"), &sign_in, &[303, 431]);
    }
    app.still_serves().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_garbage_session_cookie_is_just_signed_out() {
    let app = App::spawn().await;
    let signed_in = app.sign_in().await;
    assert!(app.is_signed_in(&signed_in).await);
    let mut tampered = signed_in.clone().into_bytes();
    tampered[0] = if tampered[0] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).expect("ASCII");
    let garbage = [
        "".to_string(),
        "!!!!".to_string(),
        "not base64 at all".to_string(),
        // Valid base64, wrong lengths.
        "AAAA".to_string(),
        "AAAAAAAAAAAAAAAAAAAAA".to_string(),
        "AAAAAAAAAAAAAAAAAAAAAAAA".to_string(),
        // The right length, invalid characters or padding.
        "AAAAAAAAAAAAAAAAAAAA==".to_string(),
        "AAAAAAAAAAAAAAAAAAAA+/".to_string(),
        "AAAAAAAAAAAAAAAAAAAA.*".to_string(),
        // The right length, non-canonical last character.
        "AAAAAAAAAAAAAAAAAAAAAB".to_string(),
        // A well-formed id no session has.
        "AAAAAAAAAAAAAAAAAAAAAA".to_string(),
        tampered,
        format!("{signed_in}x"),
        format!("\"{signed_in}\""),
        "%00%ff%zz%".to_string(),
        "a=b=c".to_string(),
    ];
    for value in &garbage {
        let home = app.get_with_cookie("/", value).await;
        assert_answer(&format!("GET / with {COOKIE}={value:?}"), &home, &[200]);
        assert!(!app.is_signed_in(value).await, "{value:?} is not a session");
        let sign_out = app.get_with_cookie("/sign-out", value).await;
        assert_answer(&format!("GET /sign-out with {value:?}"), &sign_out, &[303]);
        let callback = app.get_with_cookie("/callback?state=s&code=c", value).await;
        assert_answer(&format!("GET /callback with {value:?}"), &callback, &[400]);
        let sign_in = app.get_with_cookie("/sign-in", value).await;
        assert_answer(&format!("GET /sign-in with {value:?}"), &sign_in, &[303]);
        let post = app
            .send(
                format!(
                    "POST /sign-out HTTP/1.1\r\nCookie: {COOKIE}={value}\r\n\
                     Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 6"
                )
                .as_bytes(),
                b"csrf=x",
            )
            .await;
        assert_answer(&format!("POST /sign-out with {value:?}"), &post, &[303]);
    }
    // Non-UTF-8 bytes in the cookie header (valid in a header value, not in a cookie).
    for value in [
        &b"\xff\xfe\xfd"[..],
        b"AAAAAAAAAAAAAAAAAAAA\xc3\x28",
        b"\x80",
    ] {
        let mut header = format!("Cookie: {COOKIE}=").into_bytes();
        header.extend_from_slice(value);
        let home = app.get(b"/", &header).await;
        assert_answer(&format!("GET / with {COOKIE}={value:?}"), &home, &[200]);
    }
    // The real session survived all of it.
    assert!(app.is_signed_in(&signed_in).await);
    app.still_serves().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicate_query_fields_are_refused_where_they_are_read() {
    let app = App::spawn().await;
    let cases: [(&str, &[u16]); 10] = [
        ("/sign-in?method=email&method=phone", &[400]),
        ("/sign-in?mode=sign-up&mode=sign-up", &[400]),
        ("/sign-in?login_hint=a@b.c&login_hint=c@d.e", &[400]),
        ("/sign-in?return_to=/a&return_to=//evil.example", &[400]),
        ("/sign-in?organization_id=a&organization_id=b", &[400]),
        ("/sign-in?prompt=login&prompt=login", &[400]),
        ("/callback?state=a&state=b&code=c", &[400]),
        ("/callback?code=a&code=b&state=s", &[400]),
        ("/callback?state=s&error=access_denied&error=x", &[400]),
        // The home page ignores a query it cannot read.
        ("/?state=a&state=b", &[200]),
    ];
    for (target, expected) in cases {
        let answer = app.get(target.as_bytes(), b"").await;
        assert_answer(&format!("GET {target}"), &answer, expected);
    }
    app.still_serves().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_percent_encoding_is_refused_or_ignored() {
    let app = App::spawn().await;
    let cases: [(&str, &[u16]); 16] = [
        ("/sign-in?return_to=%", &[303]),
        ("/sign-in?return_to=/%zz", &[303]),
        ("/sign-in?return_to=/%ff%fe", &[303]),
        ("/sign-in?return_to=%2f%2fevil.example", &[303]),
        ("/sign-in?login_hint=%", &[400]),
        // Decoded lossily to `a@b.c\u{FFFD}`: U+FFFD is no character a user typed, so refused.
        ("/sign-in?login_hint=a%40b.c%e2%82", &[400]),
        ("/sign-in?method=%ff", &[400]),
        ("/sign-in?method=email%00", &[400]),
        ("/sign-in?organization_id=%ff%fe", &[400]),
        ("/sign-in?prompt=login%00", &[400]),
        ("/sign-in?%ff=%fe", &[303]),
        ("/callback?state=%&code=%zz", &[400]),
        ("/callback?state=%ff%fe&code=%c3%28", &[400]),
        ("/callback?%=%", &[400]),
        ("/?state=%e2%82", &[200]),
        ("/?%%%%", &[200]),
    ];
    for (target, expected) in cases {
        let answer = app.get(target.as_bytes(), b"").await;
        assert_answer(&format!("GET {target}"), &answer, expected);
        if target.starts_with("/sign-in?return_to") {
            // The pending sign-in goes back to "/", not to the malformed target.
            assert!(
                answer.attempt_cookie().is_some(),
                "GET {target}: {answer:?}"
            );
        }
    }
    app.still_serves().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn non_utf8_bytes_in_the_query_are_refused() {
    let app = App::spawn().await;
    let targets: [&[u8]; 7] = [
        b"/sign-in?return_to=/\xff\xfe",
        b"/sign-in?login_hint=\xc3\x28@example.com",
        b"/sign-in?method=\x80",
        b"/callback?state=\xff&code=\xfe",
        b"/?state=\xe2\x82",
        b"/\xff",
        b"/sign-in?a=\x00",
    ];
    for target in targets {
        let answer = app.get(target, b"").await;
        // hyper refuses bytes that are not visible ASCII in the request target.
        assert_answer(
            &format!("GET {}", String::from_utf8_lossy(target)),
            &answer,
            &[400],
        );
    }
    app.still_serves().await;
}

/// The routes that read a form body (all with the same 16 KiB limit).
const FORM_ROUTES: [&str; 4] = ["/sign-out", "/refresh", "/api-token", "/profile/refresh"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_1_mb_post_to_sign_out_or_any_other_form_is_refused_and_the_user_stays_signed_in() {
    let app = App::spawn().await;
    let signed_in = app.sign_in().await;
    let body = format!("csrf={}", long(1024 * 1024));
    for route in FORM_ROUTES {
        for cookie in [None, Some(signed_in.as_str())] {
            let cookie_line = cookie
                .map(|c| format!("\r\nCookie: {COOKIE}={c}"))
                .unwrap_or_default();
            let with_length = format!(
                "POST {route} HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
                 Content-Length: {}{cookie_line}",
                body.len()
            );
            let answer = app.send(with_length.as_bytes(), body.as_bytes()).await;
            assert_answer(
                &format!("POST {route} with 1 MB (Content-Length), cookie {cookie:?}"),
                &answer,
                &[413],
            );
            // The same without a length: chunked.
            let chunked = format!(
                "POST {route} HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
                 Transfer-Encoding: chunked{cookie_line}"
            );
            let mut chunks = Vec::new();
            for piece in body.as_bytes().chunks(16 * 1024) {
                chunks.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
                chunks.extend_from_slice(piece);
                chunks.extend_from_slice(b"\r\n");
            }
            chunks.extend_from_slice(b"0\r\n\r\n");
            let answer = app.send(chunked.as_bytes(), &chunks).await;
            assert_answer(
                &format!("POST {route} with 1 MB (chunked), cookie {cookie:?}"),
                &answer,
                &[413],
            );
        }
    }
    assert!(
        app.is_signed_in(&signed_in).await,
        "a refused form leaves the user signed in"
    );
    app.still_serves().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_return_to_that_normalizes_to_two_slashes_never_sends_the_user_to_another_site() {
    let app = App::spawn().await;
    for return_to in [
        "/.//evil.example",
        "/a/..//evil.example",
        "/%2e%2e//evil.example",
        "/%2e//evil.example",
        "/a/%2e%2e//evil.example",
        "/%2e%2e/%2fevil.example",
        "/.%2e/%2Fevil.example",
    ] {
        let target = format!(
            "/sign-in?return_to={}",
            url::form_urlencoded::byte_serialize(return_to.as_bytes()).collect::<String>()
        );
        let begin = app.get(target.as_bytes(), b"").await;
        assert_answer(&format!("GET {target}"), &begin, &[303]);
        let pending = begin.attempt_cookie().expect("a pending sign-in");
        let authorize = begin.header("location").expect("a Location").to_string();
        let callback = url::Url::parse(&app.logto.authorize(&authorize)).expect("callback URL");
        let callback = format!(
            "{}?{}",
            callback.path(),
            callback.query().unwrap_or_default()
        );
        let done = app
            .get(callback.as_bytes(), format!("Cookie: {pending}").as_bytes())
            .await;
        assert_answer(&format!("the callback after GET {target}"), &done, &[303]);
        let location = done.header("location").expect("a Location");
        let base = url::Url::parse(&format!("http://{}/", app.addr)).expect("base");
        let destination = base.join(location).expect("a resolvable Location");
        assert_eq!(
            destination.origin(),
            base.origin(),
            "GET {target} then the callback sends the browser to {location:?}: another site"
        );
        properties::assert_same_origin_path(return_to, location);
    }
    app.still_serves().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_sign_out_form_is_refused_and_the_user_stays_signed_in() {
    let app = App::spawn().await;
    let signed_in = app.sign_in().await;
    let bodies: [&[u8]; 7] = [
        b"",
        b"csrf",
        b"csrf=%",
        b"csrf=%ff%fe",
        b"csrf=a&csrf=b",
        b"\xff\xfe\x00",
        b"&&&==&",
    ];
    for body in bodies {
        let head = format!(
            "POST /sign-out HTTP/1.1\r\nCookie: {COOKIE}={signed_in}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}",
            body.len()
        );
        let answer = app.send(head.as_bytes(), body).await;
        assert_answer(
            &format!("POST /sign-out with {:?}", String::from_utf8_lossy(body)),
            &answer,
            &[403],
        );
    }
    assert!(app.is_signed_in(&signed_in).await);
    app.still_serves().await;
}
