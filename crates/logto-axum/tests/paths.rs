//! An app that mounts the SDK's routes elsewhere than `/sign-in`, `/callback` and `/sign-out`:
//! Logto is sent the configured URLs, the sign-in cookies are scoped to the configured paths,
//! and the default paths are not routes at all.

use axum::{Router, middleware, routing::get};
use logto_axum::{
    Logto, LogtoClient, Paths, SignedIn,
    logto_core::{BaseUrl, LogtoSettings},
    session::StoreSetupError,
};
use logto_fake::FakeLogto;
use reqwest::{StatusCode, header};

fn paths() -> Paths {
    Paths {
        sign_in: "/auth/login".into(),
        callback: "/auth/callback".into(),
        sign_out: "/auth/logout".into(),
        backchannel_logout: "/auth/backchannel".into(),
        after_sign_out: "/bye".into(),
    }
}

fn settings(fake: &FakeLogto) -> LogtoSettings {
    LogtoSettings::builder(
        fake.endpoint(),
        FakeLogto::CLIENT_ID,
        FakeLogto::CLIENT_SECRET,
    )
    .build()
    .expect("valid settings")
}

async fn home(logto: LogtoClient) -> String {
    match (logto.id_token_claims(), logto.csrf_token()) {
        (Some(user), Some(csrf)) => format!("signed in as {} csrf={csrf}.", user.sub),
        _ => "signed out".into(),
    }
}

async fn private(SignedIn(logto): SignedIn) -> String {
    logto
        .id_token_claims()
        .map(|u| u.sub.clone())
        .unwrap_or_default()
}

fn set_cookies(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().expect("ascii").to_string())
        .collect()
}

fn location(response: &reqwest::Response) -> String {
    response.headers()[header::LOCATION]
        .to_str()
        .expect("a Location")
        .to_string()
}

/// `name=value` of each cookie set and not removed, for the next request.
fn cookie_header(set: &[String]) -> String {
    set.iter()
        .filter(|c| !c.contains("Max-Age=0"))
        .filter_map(|c| c.split(';').next())
        .collect::<Vec<_>>()
        .join("; ")
}

#[tokio::test]
async fn routes_mounted_elsewhere_sign_in_and_out_through_the_configured_paths_only() {
    let fake = FakeLogto::start().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    fake.register_redirects(&format!("{base}/auth/callback"), &format!("{base}/bye"));
    let logto = Logto::builder(settings(&fake), BaseUrl::parse(&base).expect("an origin"))
        .paths(paths())
        .build()
        .await
        .expect("the SDK starts");
    let app = Router::new()
        .route("/", get(home))
        .route("/private", get(private))
        .with_state(logto.clone())
        .merge(logto.router())
        .layer(middleware::from_fn(logto_axum::session_cookies));
    tokio::spawn(async move { axum::serve(listener, app).await });
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    let url = |path: &str| format!("{base}{path}");

    for default in ["/sign-in", "/callback"] {
        let answer = http.get(url(default)).send().await.expect("an answer");
        assert_eq!(answer.status(), StatusCode::NOT_FOUND, "{default}");
    }

    // The guard sends a stranger to the configured sign-in, and back to the page after.
    let guarded = http.get(url("/private")).send().await.expect("an answer");
    assert_eq!(location(&guarded), "/auth/login?return_to=%2Fprivate");
    let to_logto = http
        .get(url("/auth/login?return_to=%2Fprivate"))
        .send()
        .await
        .expect("an answer");
    assert_eq!(to_logto.status(), StatusCode::SEE_OTHER);
    let authorize = url::Url::parse(&location(&to_logto)).expect("Logto's URL");
    let redirect_uri = authorize
        .query_pairs()
        .find(|(k, _)| k == "redirect_uri")
        .map(|(_, v)| v.into_owned());
    assert_eq!(redirect_uri, Some(url("/auth/callback")));
    let set = set_cookies(&to_logto);
    let attempt = set
        .iter()
        .find(|c| c.contains("Path=/auth/callback"))
        .expect("the attempt cookie, scoped to the callback");
    assert!(attempt.contains("HttpOnly"), "{attempt}");
    assert!(
        set.iter().any(|c| c.contains("Path=/auth/login")),
        "the attempt index, scoped to sign-in: {set:?}"
    );
    assert!(
        !set.iter()
            .any(|c| c.contains("Path=/callback") || c.contains("Path=/sign-in")),
        "nothing scoped to the default paths: {set:?}"
    );

    let callback = fake.authorize(authorize.as_str());
    assert!(callback.starts_with(&url("/auth/callback?")), "{callback}");
    let back = http
        .get(&callback)
        .header(header::COOKIE, cookie_header(&set))
        .send()
        .await
        .expect("an answer");
    assert_eq!(
        back.status(),
        StatusCode::SEE_OTHER,
        "the callback succeeds"
    );
    assert_eq!(location(&back), "/private");
    let session = cookie_header(&set_cookies(&back));
    let page = http
        .get(url("/"))
        .header(header::COOKIE, &session)
        .send()
        .await
        .expect("an answer")
        .text()
        .await
        .expect("a page");
    let csrf = page
        .split("csrf=")
        .nth(1)
        .and_then(|rest| rest.split('.').next())
        .expect("signed in")
        .to_string();

    // Sign-out at the configured path; Logto is told to come back to the configured page.
    let out = http
        .post(url("/auth/logout"))
        .header(header::COOKIE, &session)
        .form(&[("csrf", csrf)])
        .send()
        .await
        .expect("an answer");
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let end_session = url::Url::parse(&location(&out)).expect("Logto's URL");
    let after = end_session
        .query_pairs()
        .find(|(k, _)| k == "post_logout_redirect_uri")
        .map(|(_, v)| v.into_owned());
    assert_eq!(after, Some(url("/bye")));
}

#[tokio::test]
async fn a_return_to_into_the_configured_routes_lands_home_instead_of_looping() {
    let fake = FakeLogto::start().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    fake.register_redirects(&format!("{base}/auth/callback"), &format!("{base}/bye"));
    let logto = Logto::builder(settings(&fake), BaseUrl::parse(&base).expect("an origin"))
        .paths(paths())
        .build()
        .await
        .expect("the SDK starts");
    let app = Router::new()
        .merge(logto.router())
        .layer(middleware::from_fn(logto_axum::session_cookies));
    tokio::spawn(async move { axum::serve(listener, app).await });
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    for (asked, lands) in [
        ("%2Fauth%2Fcallback%3Fcode%3Dx", "/"),
        ("%2Fauth%2Flogin", "/"),
        ("%2Fauth%2Flogout%2Fagain", "/"),
        ("%2Fauthors", "/authors"),
    ] {
        let to_logto = http
            .get(format!("{base}/auth/login?return_to={asked}"))
            .send()
            .await
            .expect("an answer");
        let set = set_cookies(&to_logto);
        let callback = fake.authorize(&location(&to_logto));
        let back = http
            .get(&callback)
            .header(header::COOKIE, cookie_header(&set))
            .send()
            .await
            .expect("an answer");
        assert_eq!(location(&back), lands, "return_to={asked}");
    }
}

#[tokio::test]
async fn paths_a_browser_or_logto_could_misread_are_refused_at_build() {
    let fake = FakeLogto::start().await;
    let bad = [
        Paths {
            callback: "auth/callback".into(),
            ..paths()
        },
        Paths {
            sign_in: "//evil.example/x".into(),
            ..paths()
        },
        Paths {
            sign_out: "/out?x=1".into(),
            ..paths()
        },
        Paths {
            sign_in: "/sign in".into(),
            ..paths()
        },
        Paths {
            after_sign_out: "/bye\u{7f}".into(),
            ..paths()
        },
        Paths {
            backchannel_logout: "/back\\channel".into(),
            ..paths()
        },
        Paths {
            sign_out: "/auth/callback".into(),
            ..paths()
        },
    ];
    for paths in bad {
        let built = Logto::builder(
            settings(&fake),
            BaseUrl::parse("http://127.0.0.1:3000").expect("an origin"),
        )
        .paths(paths.clone())
        .build()
        .await;
        assert!(
            matches!(built, Err(StoreSetupError::Paths(_))),
            "{paths:?} accepted"
        );
    }
}
