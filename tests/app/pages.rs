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

#[tokio::test]
async fn the_session_cookie_is_httponly_lax_and_named_apart_from_logtos() {
    let app = TestApp::spawn().await;
    let response = app.get("/sign-in").await;
    let cookie = response
        .headers()
        .get(header::SET_COOKIE)
        .expect("a cookie")
        .to_str()
        .expect("ascii");
    assert!(cookie.starts_with(&format!("{COOKIE}=")));
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
        cookie.contains("Max-Age=600"),
        "a session with only a sign-in in flight lives 10 minutes"
    );
    assert!(!cookie.contains("Secure"), "plain http in development");
}

#[tokio::test]
async fn over_https_the_cookie_is_secure_and_host_prefixed() {
    let logto = std::sync::Arc::new(FakeLogto::start().await);
    let app = TestApp::spawn_with(logto, &[("APP_BASE_URL", "https://app.example.com")]).await;
    let response = app.send(app.client.get(app.url("/sign-in"))).await;
    let cookie = response
        .headers()
        .get(header::SET_COOKIE)
        .expect("a cookie")
        .to_str()
        .expect("ascii");
    assert!(cookie.starts_with("__Host-logto_app_session="), "{cookie}");
    assert!(cookie.contains("Secure"));
    assert!(!cookie.contains("Domain"));
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
    assert_eq!(
        app.get("/static/../Cargo.toml").await.status(),
        StatusCode::NOT_FOUND
    );
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
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_logto-axum"))
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
