use std::sync::Arc;

use reqwest::StatusCode;

use crate::helpers::{FakeLogto, TestApp, TestUser};

#[tokio::test]
async fn the_session_id_changes_at_sign_in() {
    let app = TestApp::spawn().await;
    let authorize = app.begin_sign_in("").await;
    let before = app
        .session_cookie()
        .expect("a pending sign-in has a session");
    let callback = app.logto.authorize(&authorize);
    assert_eq!(
        app.callback(&callback).await.status(),
        StatusCode::SEE_OTHER
    );
    let after = app.session_cookie().expect("signed in");
    assert_ne!(before, after, "no session fixation");
    app.set_session_cookie(Some(before));
    assert!(!app.is_signed_in().await, "the pre-sign-in id is dead");
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
        first.set_session_cookie(None);
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
