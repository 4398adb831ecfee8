use reqwest::{StatusCode, header};

use crate::helpers::{COOKIE, FakeLogto, TestApp};

#[tokio::test]
async fn an_anonymous_visit_stores_no_session() {
    let app = TestApp::spawn().await;
    let response = app.get("/").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get(header::SET_COOKIE).is_none());
    let body = response.text().await.expect("body");
    for id in [
        "sign-in-email",
        "sign-in-phone",
        "sign-in-huggingface",
        "create-account",
        "sign-in-default",
    ] {
        assert!(
            body.contains(&format!("id=\"{id}\"")),
            "the signed-out page offers {id}"
        );
    }
}

/// The `Set-Cookie` values of a response that set (not remove) a cookie whose name starts so.
fn set_cookies(response: &reqwest::Response, prefix: &str) -> Vec<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter(|v| v.starts_with(prefix) && !v.contains("Max-Age=0"))
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn the_session_cookie_is_httponly_lax_and_named_apart_from_logtos() {
    let app = TestApp::spawn().await;
    let response = app.sign_in().await;
    let cookies = set_cookies(&response, &format!("{COOKIE}="));
    let [cookie] = cookies.as_slice() else {
        panic!("one session cookie at sign-in: {cookies:?}");
    };
    assert!(
        !["_session", "_interaction", "_logto"]
            .iter()
            .any(|name| cookie.starts_with(&format!("{name}=")))
    );
    assert!(cookie.contains("HttpOnly"));
    assert!(
        cookie.contains("SameSite=Lax"),
        "Lax, or the cookie is lost on the way back from Logto"
    );
    assert!(cookie.contains("Path=/"));
    assert!(
        cookie.contains("Max-Age=1209600"),
        "a signed-in session lasts 14 days, like Logto's refresh token: {cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain http in development");
}

#[tokio::test]
async fn a_sign_in_attempt_cookie_is_httponly_lax_scoped_to_the_callback_and_lives_ten_minutes() {
    let app = TestApp::spawn().await;
    let response = app.get("/sign-in").await;
    assert!(
        set_cookies(&response, &format!("{COOKIE}=")).is_empty(),
        "no session for a sign-in in flight"
    );
    let attempts = set_cookies(&response, "logto_app_attempt_");
    let [cookie] = attempts.as_slice() else {
        panic!("one attempt cookie: {attempts:?}");
    };
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/callback", "Max-Age=600"] {
        assert!(cookie.contains(flag), "{flag} in {cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http in development");
    // The index of attempts (ids and times only) goes to /sign-in alone.
    let index = set_cookies(&response, "logto_app_attempts=");
    let [index] = index.as_slice() else {
        panic!("one index cookie: {index:?}");
    };
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/sign-in"] {
        assert!(index.contains(flag), "{flag} in {index}");
    }
}

#[tokio::test]
async fn over_https_every_cookie_is_secure_and_the_session_cookie_host_prefixed() {
    let logto = std::sync::Arc::new(FakeLogto::start().await);
    let app = TestApp::spawn_with(logto, &[("APP_BASE_URL", "https://app.example.com")]).await;
    let response = app.get("/sign-in").await;
    let attempts = set_cookies(&response, "__Secure-logto_app_attempt_");
    assert_eq!(attempts.len(), 1, "{attempts:?}");
    assert!(attempts[0].contains("Secure"));
    // The fake sends the browser to https://app.example.com/callback; this app is that origin.
    let authorize = crate::helpers::location(&response);
    let callback = url::Url::parse(&app.logto.authorize(&authorize)).expect("callback URL");
    let response = app
        .get(&format!(
            "{}?{}",
            callback.path(),
            callback.query().unwrap_or_default()
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let sessions = set_cookies(&response, "__Host-logto_app_session=");
    let [cookie] = sessions.as_slice() else {
        panic!("one __Host- session cookie: {sessions:?}");
    };
    assert!(cookie.contains("Secure"));
    assert!(cookie.contains("Path=/"));
    assert!(!cookie.contains("Domain"));
    // The attempts' index and, at sign-out, the sign-out state's cookie are prefixed too.
    let index = set_cookies(&app.get("/sign-in").await, "__Secure-logto_app_attempts=");
    assert!(index.len() == 1 && index[0].contains("Secure"), "{index:?}");
    let page = app.get("/sign-out").await.text().await.expect("page");
    let csrf = crate::helpers::csrf_field(&page);
    let signed_out = app.post_form("/sign-out", &[("csrf", &csrf)]).await;
    assert_eq!(signed_out.status(), StatusCode::SEE_OTHER);
    let sign_out = set_cookies(&signed_out, "__Host-logto_app_sign_out=");
    let [sign_out] = sign_out.as_slice() else {
        panic!("one __Host- sign-out cookie: {sign_out:?}");
    };
    for flag in ["Secure", "HttpOnly", "Path=/"] {
        assert!(sign_out.contains(flag), "{flag} in {sign_out}");
    }
    assert!(!sign_out.contains("Domain"));
}

#[tokio::test]
async fn the_sign_out_state_travels_in_its_own_cookie_until_logto_sends_the_browser_back() {
    let app = TestApp::spawn().await;
    let home = app.signed_in_home().await;
    let csrf = crate::helpers::csrf_field(&home);
    let signed_out = app.post_form("/sign-out", &[("csrf", &csrf)]).await;
    let cookies = set_cookies(&signed_out, "logto_app_sign_out=");
    let [cookie] = cookies.as_slice() else {
        panic!("one sign-out cookie: {cookies:?}");
    };
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} in {cookie}");
    }
    assert!(app.cookie("logto_app_sign_out").is_some());
}

#[tokio::test]
async fn every_page_carries_the_security_headers_and_user_pages_are_not_cached() {
    let app = TestApp::spawn().await;
    app.signed_in_home().await;
    for path in ["/", "/sign-out", "/callback?state=x&code=y", "/nope"] {
        let response = app.get(path).await;
        let h = response.headers();
        let csp = h
            .get(header::CONTENT_SECURITY_POLICY)
            .expect("CSP")
            .to_str()
            .expect("ascii");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(
            csp.contains(&format!("form-action 'self' {}", app.logto.endpoint())),
            "forms may lead to Logto"
        );
        assert_eq!(
            h.get(header::X_CONTENT_TYPE_OPTIONS).map(|v| v.as_bytes()),
            Some(&b"nosniff"[..])
        );
        assert_eq!(
            h.get(header::REFERRER_POLICY).map(|v| v.as_bytes()),
            Some(&b"no-referrer"[..])
        );
        assert_eq!(
            h.get(header::CACHE_CONTROL).map(|v| v.as_bytes()),
            Some(&b"no-store"[..]),
            "{path}"
        );
        assert!(h.get("x-request-id").is_some());
    }
    let css = app.get("/static/style.css").await;
    assert_eq!(css.status(), StatusCode::OK);
    assert_eq!(
        css.headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.as_bytes()),
        Some(&b"text/css; charset=utf-8"[..])
    );
    assert!(
        css.headers()
            .get(header::CACHE_CONTROL)
            .is_some_and(|v| v.as_bytes().starts_with(b"public"))
    );
    // Sent as is: an HTTP client would resolve the dot segments itself and ask for /Cargo.toml,
    // which only the fallback route would answer.
    for target in [
        "/static/../Cargo.toml",
        "/static/%2e%2e/Cargo.toml",
        "/static/..%2fCargo.toml",
        "/static/../static/style.css",
    ] {
        let answer = raw_get(&app, target).await;
        assert!(answer.starts_with("HTTP/1.1 404"), "{target}: {answer}");
        assert!(!answer.contains("[package]"), "{target}");
    }
    assert!(
        raw_get(&app, "/static/style.css")
            .await
            .starts_with("HTTP/1.1 200")
    );
}

/// `GET target` written to the app's socket byte for byte; the whole answer as text.
async fn raw_get(app: &TestApp, target: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = app.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connect to the app");
    let request = format!("GET {target} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .await
        .expect("send the request");
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .await
        .expect("read the answer");
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn pages_contain_no_inline_script() {
    let app = TestApp::spawn().await;
    let mut pages = vec![app.home().await];
    pages.push(app.signed_in_home().await);
    pages.push(app.get("/sign-out").await.text().await.expect("page"));
    pages.push(
        app.get("/callback?state=x&code=y")
            .await
            .text()
            .await
            .expect("page"),
    );
    for page in pages {
        assert!(!page.contains("<script"), "{page}");
        assert!(!page.contains("style=\""), "{page}");
    }
}

#[tokio::test]
async fn an_invalid_setting_stops_start_up_with_a_message_naming_it() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_logto-app"))
        .env_clear()
        .env("APP_BASE_URL", "https://app.example.com/sub/path")
        .current_dir(std::env::temp_dir())
        .output()
        .expect("the binary runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("APP_BASE_URL") && stderr.contains("origin only"),
        "{stderr}"
    );
}

#[tokio::test]
async fn an_unknown_address_gets_a_404_page_with_a_way_home() {
    let app = TestApp::spawn().await;
    let response = app.get("/no/such/page").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body = response.text().await.expect("page");
    assert!(body.contains("Page not found") && body.contains("href=\"/\""));
}

#[tokio::test]
async fn avatars_served_by_logto_itself_are_allowed_even_over_plain_http() {
    let app = TestApp::spawn().await;
    let response = app.get("/").await;
    let csp = response
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .expect("CSP");
    let csp = csp.to_str().expect("ascii");
    let endpoint = app.logto.endpoint();
    assert!(
        csp.contains(&format!("img-src 'self' https: data: {endpoint}")),
        "{csp}"
    );
}

#[tokio::test]
async fn a_proxys_request_id_is_kept_and_one_that_could_forge_log_fields_is_replaced() {
    let logs = crate::helpers::capture_logs();
    let app = TestApp::spawn().await;
    let sent_id =
        |id: &'static str| app.send(app.client.get(app.url("/")).header("x-request-id", id));

    // nginx's `$request_id`, or any plain token: the app's line can be matched with the proxy's.
    let response = sent_id("edge-42.a:b_c").await;
    assert_eq!(response.headers()["x-request-id"], "edge-42.a:b_c");
    // A value with a space and `=` would write `status=500` into the request's log line.
    let response = sent_id("x status=500").await;
    let replaced = response.headers()["x-request-id"]
        .to_str()
        .expect("text")
        .to_string();
    assert_ne!(replaced, "x status=500");
    assert!(uuid::Uuid::parse_str(&replaced).is_ok(), "{replaced}");

    let log = logs.text();
    let line = |id: &str| {
        log.lines()
            .filter(|l| l.contains("handled") && l.contains(&format!("id={id} ")))
            .count()
    };
    assert_eq!(line("edge-42.a:b_c"), 1, "{log}");
    assert_eq!(line(&replaced), 1, "{log}");
    assert!(!log.contains("status=500"), "{log}");
}

#[tokio::test]
async fn over_https_every_answer_tells_browsers_to_use_https_for_a_year_and_over_http_none_does() {
    let logto = std::sync::Arc::new(FakeLogto::start().await);
    let app = TestApp::spawn_with(logto, &[("APP_BASE_URL", "https://app.example.com")]).await;
    for path in [
        "/",
        "/sign-in",
        "/no-such-page",
        "/static/style.css",
        "/healthz",
    ] {
        let response = app.get(path).await;
        assert_eq!(
            response
                .headers()
                .get("strict-transport-security")
                .and_then(|v| v.to_str().ok()),
            Some("max-age=31536000"),
            "{path}"
        );
    }
    let plain = TestApp::spawn().await;
    assert!(
        plain
            .get("/")
            .await
            .headers()
            .get("strict-transport-security")
            .is_none(),
        "over plain http the header means nothing and is not sent"
    );
}

#[tokio::test]
async fn every_page_describes_the_app_for_search_results_in_the_readers_language() {
    let app = TestApp::spawn().await;
    let home = app.home().await;
    assert!(
        home.contains(
            "<meta name=\"description\" content=\"Sign in with Logto: email or SMS one-time codes"
        ),
        "{home}"
    );
    let french = app
        .send(app.client.get(app.url("/")).header("accept-language", "fr"))
        .await
        .text()
        .await
        .expect("a page");
    assert!(french.contains("<meta name=\"description\" content=\"Connexion avec Logto"));
}

#[tokio::test]
async fn opened_at_127_0_0_1_while_set_up_for_localhost_the_app_says_so_and_signs_in_on_localhost()
{
    let logto = std::sync::Arc::new(FakeLogto::start().await);
    // The browser uses 127.0.0.1 (the test's client), APP_BASE_URL says localhost.
    let app = TestApp::spawn_with(logto, &[("APP_BASE_URL", "http://localhost:3999")]).await;
    let home = app.home().await;
    assert!(home.contains("id=\"host-mismatch\""), "{home}");
    assert!(
        home.contains(&format!("You opened this app at {}", app.base)),
        "{home}"
    );
    assert!(home.contains("http://localhost:3999/callback"), "{home}");

    let response = app.get("/sign-in?method=email").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        crate::helpers::location(&response),
        "http://localhost:3999/sign-in?origin_checked=1&method=email"
    );
    assert!(
        app.attempt_cookies().is_empty(),
        "no sign-in starts at an origin the callback will not come back to"
    );
    // Checked once: a proxy that rewrites Host cannot make it loop.
    let again = app.get("/sign-in?origin_checked=1&method=email").await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    assert!(crate::helpers::location(&again).starts_with(&app.logto.issuer()));

    let same = TestApp::spawn().await;
    assert!(!same.home().await.contains("host-mismatch"));
}
