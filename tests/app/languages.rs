//! Every page in the visitor's language: from Accept-Language, or the switcher's remembered
//! choice, which Logto also receives as `ui_locales`.

use reqwest::{StatusCode, header};

use crate::helpers::{TestApp, location, param, query_pairs};

async fn page(app: &TestApp, path: &str, accept_language: &str) -> String {
    let response = app
        .send(
            app.client
                .get(app.url(path))
                .header(header::ACCEPT_LANGUAGE, accept_language),
        )
        .await;
    response.text().await.expect("page")
}

#[tokio::test]
async fn the_signed_out_page_speaks_the_browsers_language() {
    let app = TestApp::spawn().await;
    for (accept, lang, phrase) in [
        ("fr-FR,fr;q=0.9", "fr", "Continuer avec"),
        ("pt-BR", "pt-BR", "Continuar com"),
        ("es-ES,es;q=0.8", "es-ES", "Continuar con"),
        ("zh-CN,zh;q=0.9", "zh-CN", "继续"),
        ("de-DE", "en", "Continue with email"),
    ] {
        let html = page(&app, "/", accept).await;
        assert!(
            html.contains(&format!("<html lang=\"{lang}\">")),
            "{accept}"
        );
        assert!(html.contains(phrase), "{accept}: expected {phrase:?}");
    }
}

#[tokio::test]
async fn the_switcher_remembers_the_choice_and_logto_receives_it_first() {
    let app = TestApp::spawn().await;
    let response = app.get("/language?lang=zh-CN&return_to=%2F").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/");
    let cookie = response
        .headers()
        .get(header::SET_COOKIE)
        .expect("a cookie")
        .to_str()
        .expect("ascii");
    assert!(
        cookie.starts_with("lang=zh-CN;")
            && cookie.contains("Max-Age=31536000")
            && cookie.contains("SameSite=Lax")
    );

    // The browser sends the cookie back; it wins over Accept-Language.
    let chosen = |request: reqwest::RequestBuilder| {
        request
            .header(header::COOKIE, "lang=zh-CN")
            .header(header::ACCEPT_LANGUAGE, "fr-FR,en;q=0.5")
    };
    let html = chosen(app.client.get(app.url("/")))
        .send()
        .await
        .expect("home")
        .text()
        .await
        .expect("page");
    assert!(html.contains("<html lang=\"zh-CN\">"));
    let sign_in = chosen(app.client.get(app.url("/sign-in")))
        .send()
        .await
        .expect("sign-in");
    let pairs = query_pairs(&location(&sign_in));
    assert_eq!(
        param(&pairs, "ui_locales").as_deref(),
        Some("zh-CN fr-FR en")
    );
}

#[tokio::test]
async fn the_switcher_refuses_unknown_languages_and_foreign_return_paths() {
    let app = TestApp::spawn().await;
    assert_eq!(
        app.get("/language?lang=xx").await.status(),
        StatusCode::BAD_REQUEST
    );
    let response = app
        .get("/language?lang=fr&return_to=%2F%2Fevil.example")
        .await;
    assert_eq!(location(&response), "/");
}

#[tokio::test]
async fn error_pages_are_translated_too() {
    let app = TestApp::spawn().await;
    let response = app
        .send(
            app.client
                .get(app.url("/callback?state=x&code=y"))
                .header(header::ACCEPT_LANGUAGE, "fr"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let html = response.text().await.expect("page");
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html.contains("id=\"sign-in-again\""));
    assert!(
        !html.contains("This sign-in has expired"),
        "not English: {html}"
    );
}

#[tokio::test]
async fn the_signed_in_page_is_translated_including_dates_and_expiry() {
    let app = TestApp::spawn().await;
    app.signed_in_home().await;
    let html = page(&app, "/", "pt-BR").await;
    assert!(html.contains("<html lang=\"pt-BR\">"));
    assert!(html.contains("Test User"));
    assert!(!html.contains(">Sign out<"), "buttons are translated");
    assert!(
        !html.contains("expires in"),
        "the expiry line is translated"
    );
}
