//! The Account API and Verification API against the fake Logto: what a signed-in user sees when
//! reading and editing their account, proving who they are, and managing their sessions.

#![allow(clippy::unwrap_used)]

use logto_core::{
    AccountError, AccountUpdate, BaseUrl, FieldControl, LogtoClient, LogtoSettings,
    VerificationRecord,
    account::SESSIONS_SCOPE,
    verification_code::{CodeIdentifier, PendingCode},
};
use logto_fake::{FakeLogto, VERIFICATION_TTL_SECS};
use serde_json::json;

const PASSWORD: &str = "correct horse battery staple";

async fn setup() -> (FakeLogto, LogtoClient) {
    let logto = FakeLogto::start().await;
    let client = setup_client(&logto);
    logto.set_password(PASSWORD);
    (logto, client)
}

/// A client of `logto`, for a user who has no password.
fn setup_client(logto: &FakeLogto) -> LogtoClient {
    let settings = LogtoSettings::builder(
        logto.endpoint(),
        FakeLogto::CLIENT_ID,
        FakeLogto::CLIENT_SECRET,
    )
    .build()
    .unwrap();
    let base_url = BaseUrl::parse("http://127.0.0.1:3000").unwrap();
    LogtoClient::new(settings, base_url).unwrap()
}

fn everything_editable(logto: &FakeLogto) {
    let fields = json!({
        "name": "Edit", "avatar": "Edit", "username": "ReadOnly", "email": "ReadOnly",
        "profile": "Edit", "session": "Edit",
    });
    logto.set_account_center(true, fields);
}

fn session_token(logto: &FakeLogto) -> String {
    logto.issue_access_token(&["openid", "profile", SESSIONS_SCOPE])
}

#[tokio::test]
async fn the_account_center_settings_are_read_without_a_token() {
    let (logto, client) = setup().await;
    let settings = client.account_center().await.unwrap();
    assert!(!settings.enabled, "Logto's default is off");

    logto.set_account_center(true, json!({"name": "Edit", "session": "ReadOnly"}));
    let settings = client.account_center().await.unwrap();
    assert!(settings.enabled);
    assert_eq!(settings.fields.name, FieldControl::Edit);
    assert_eq!(settings.fields.session, FieldControl::ReadOnly);
    assert_eq!(
        settings.fields.password,
        FieldControl::Off,
        "left out means Off"
    );
}

#[tokio::test]
async fn the_user_reads_their_profile_without_the_fields_that_are_off() {
    let (logto, client) = setup().await;
    logto.set_account_center(true, json!({"name": "ReadOnly", "username": "ReadOnly"}));
    let token = logto.issue_access_token(&["openid", "profile"]);
    let account = client.my_account(&token).await.unwrap();
    assert_eq!(account.id.as_deref(), Some("uya6v1344ikr"));
    assert_eq!(account.name.as_deref(), Some("Test User"));
    assert_eq!(account.username.as_deref(), Some("testuser"));
    assert_eq!(account.primary_email, None, "email is Off");
}

#[tokio::test]
async fn the_user_renames_themselves_and_the_new_name_sticks() {
    let (logto, client) = setup().await;
    everything_editable(&logto);
    let token = logto.issue_access_token(&["openid", "profile"]);
    let update = AccountUpdate {
        name: Some("Ada Lovelace".into()),
        ..AccountUpdate::default()
    };
    let account = client.update_my_account(&token, &update).await.unwrap();
    assert_eq!(account.name.as_deref(), Some("Ada Lovelace"));
    let again = client.my_account(&token).await.unwrap();
    assert_eq!(again.name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(
        again.username.as_deref(),
        Some("testuser"),
        "unset fields are not sent"
    );
}

#[tokio::test]
async fn the_user_edits_their_given_name_in_the_profile() {
    let (logto, client) = setup().await;
    everything_editable(&logto);
    let token = logto.issue_access_token(&["openid", "profile"]);
    let change = json!({"givenName": "Ada"}).as_object().unwrap().clone();
    let profile = client.update_my_profile(&token, &change).await.unwrap();
    assert_eq!(profile["givenName"], "Ada");
}

#[tokio::test]
async fn a_read_only_field_is_refused_in_logtos_words() {
    let (logto, client) = setup().await;
    everything_editable(&logto);
    let token = logto.issue_access_token(&["openid", "profile"]);
    let update = AccountUpdate {
        username: Some("ada".into()),
        ..AccountUpdate::default()
    };
    let err = client.update_my_account(&token, &update).await.unwrap_err();
    match err {
        AccountError::FieldNotEditable { message } => {
            assert_eq!(message, "Field is not editable.")
        }
        other => panic!("expected FieldNotEditable, got {other:?}"),
    }
    let account = client.my_account(&token).await.unwrap();
    assert_eq!(account.username.as_deref(), Some("testuser"), "unchanged");
}

#[tokio::test]
async fn an_account_center_that_is_off_refuses_everything() {
    let (logto, client) = setup().await;
    let token = logto.issue_access_token(&["openid", "profile"]);
    let err = client.my_account(&token).await.unwrap_err();
    assert!(matches!(err, AccountError::NotEnabled { .. }), "{err:?}");
}

#[tokio::test]
async fn after_verifying_the_password_the_user_lists_their_sessions() {
    let (logto, client) = setup().await;
    everything_editable(&logto);
    logto.add_session("session-laptop", false);
    logto.add_session("session-phone", false);
    let token = session_token(&logto);
    let verification = client.verify_password(&token, PASSWORD).await.unwrap();
    assert!(
        verification.expires_at.ends_with('Z'),
        "{}",
        verification.expires_at
    );
    let sessions = client.my_sessions(&token, &verification).await.unwrap();
    let ids: Vec<_> = sessions.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["session-laptop", "session-phone"]);
    assert_eq!(sessions[0].client_id.as_deref(), Some(FakeLogto::CLIENT_ID));
    assert!(sessions[0].expires_at.is_some());
}

#[tokio::test]
async fn ending_a_session_with_its_grants_signs_that_browser_out() {
    let (logto, client) = setup().await;
    everything_editable(&logto);
    let other_browser = logto.issue_access_token(&["openid", "profile"]);
    logto.add_session("session-phone", true);
    let token = session_token(&logto);
    let verification = client.verify_password(&token, PASSWORD).await.unwrap();
    client
        .end_my_session(&token, &verification, "session-phone", true)
        .await
        .unwrap();
    assert!(logto.sessions().is_empty());
    assert_eq!(logto.ended_sessions(), [("session-phone".to_owned(), true)]);
    let err = client.my_account(&other_browser).await.unwrap_err();
    assert!(matches!(err, AccountError::Unauthorized { .. }), "{err:?}");
    assert!(
        client.my_account(&token).await.is_ok(),
        "this browser stays in"
    );
}

#[tokio::test]
async fn listing_sessions_without_a_verification_is_refused() {
    let (logto, client) = setup().await;
    everything_editable(&logto);
    let token = session_token(&logto);
    let made_up = VerificationRecord::from_parts("not-a-record", "2030-01-01T00:00:00.000Z");
    let err = client.my_sessions(&token, &made_up).await.unwrap_err();
    match err {
        AccountError::VerificationRequired { message } => {
            assert_eq!(message, "Permission denied, please re-authenticate.")
        }
        other => panic!("expected VerificationRequired, got {other:?}"),
    }
}

#[tokio::test]
async fn an_expired_verification_is_refused() {
    let (logto, client) = setup().await;
    everything_editable(&logto);
    let token = session_token(&logto);
    let verification = client.verify_password(&token, PASSWORD).await.unwrap();
    logto.age_verifications(VERIFICATION_TTL_SECS + 1);
    let err = client.my_sessions(&token, &verification).await.unwrap_err();
    assert!(
        matches!(err, AccountError::VerificationRequired { .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_token_without_the_sessions_scope_cannot_list_sessions() {
    let (logto, client) = setup().await;
    everything_editable(&logto);
    let token = logto.issue_access_token(&["openid", "profile"]);
    let verification = client.verify_password(&token, PASSWORD).await.unwrap();
    let err = client.my_sessions(&token, &verification).await.unwrap_err();
    match err {
        AccountError::MissingScope { scope, .. } => assert_eq!(scope, SESSIONS_SCOPE),
        other => panic!("expected MissingScope, got {other:?}"),
    }
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_verifies_nothing() {
    let (logto, client) = setup().await;
    everything_editable(&logto);
    let token = session_token(&logto);
    let err = client.verify_password(&token, "guess").await.unwrap_err();
    match err {
        AccountError::WrongPassword { message } => {
            assert_eq!(
                message,
                "Incorrect account or password. Please check your input."
            )
        }
        other => panic!("expected WrongPassword, got {other:?}"),
    }
}

#[tokio::test]
async fn read_only_sessions_are_listed_but_cannot_be_ended() {
    let (logto, client) = setup().await;
    logto.set_account_center(true, json!({"session": "ReadOnly"}));
    logto.add_session("session-phone", false);
    let token = session_token(&logto);
    let verification = client.verify_password(&token, PASSWORD).await.unwrap();
    assert_eq!(
        client
            .my_sessions(&token, &verification)
            .await
            .unwrap()
            .len(),
        1
    );
    let err = client
        .end_my_session(&token, &verification, "session-phone", false)
        .await
        .unwrap_err();
    assert!(
        matches!(err, AccountError::FieldNotEditable { .. }),
        "{err:?}"
    );
    assert_eq!(logto.sessions(), ["session-phone"]);
}

#[test]
fn a_verification_record_hides_its_id_when_printed() {
    let record = VerificationRecord::from_parts("secret-record-id", "2030-01-01T00:00:00.000Z");
    let printed = format!("{record:?}");
    assert!(!printed.contains("secret-record-id"), "{printed}");
    assert!(printed.contains("2030-01-01"));
}

#[tokio::test]
async fn a_session_names_the_sid_it_gave_this_app_and_the_browser_it_signed_in_from() {
    let (logto, client) = setup().await;
    everything_editable(&logto);
    let token = session_token(&logto);
    logto.add_signed_in_session("session-phone", "Mozilla/5.0 (iPhone)", "203.0.113.7");
    logto.add_session("session-old", false);
    let verification = client.verify_password(&token, PASSWORD).await.unwrap();
    let sessions = client.my_sessions(&token, &verification).await.unwrap();
    let phone = &sessions[0];
    assert_eq!(phone.sid_for(FakeLogto::CLIENT_ID), Some("sid-of-grant-0"));
    assert_eq!(phone.sid_for("another-app"), None);
    let context = phone.sign_in_context();
    assert_eq!(context.user_agent.as_deref(), Some("Mozilla/5.0 (iPhone)"));
    assert_eq!(context.ip.as_deref(), Some("203.0.113.7"));
    assert_eq!(context.country, None);
    // A session Logto kept no sign-in context for (`lastSubmission: null`).
    assert_eq!(sessions[1].sid_for(FakeLogto::CLIENT_ID), None);
    assert_eq!(sessions[1].sign_in_context(), Default::default());
}

const EMAIL: &str = "test.user@example.com";
const PHONE: &str = "15555550123";

fn sessions_on(logto: &FakeLogto) -> String {
    logto.set_account_center(true, json!({"session": "Edit"}));
    logto.add_session("session-a", false);
    session_token(logto)
}

#[tokio::test]
async fn a_user_without_a_password_verifies_with_an_email_code_and_lists_their_sessions() {
    let logto = FakeLogto::start().await;
    let client = setup_client(&logto);
    let token = sessions_on(&logto);
    let email = CodeIdentifier::Email(EMAIL.into());
    let pending = client.send_verification_code(&token, &email).await.unwrap();
    assert_eq!(pending.identifier, email);
    assert!(pending.expires_at.ends_with('Z'), "{}", pending.expires_at);
    assert!(
        !format!("{pending:?}").contains(pending.id()),
        "the record id stays out of logs"
    );
    // Sent but not yet typed back: it proves nothing.
    let unverified = VerificationRecord::from_parts(pending.id(), &pending.expires_at);
    assert!(matches!(
        client.my_sessions(&token, &unverified).await,
        Err(AccountError::VerificationRequired { .. })
    ));

    let code = logto.last_verification_code(EMAIL).unwrap();
    let record = client.verify_code(&token, &pending, &code).await.unwrap();
    assert_eq!(record.id(), pending.id());
    assert_eq!(record.expires_at, pending.expires_at);
    let sessions = client.my_sessions(&token, &record).await.unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].id, "session-a");
}

#[tokio::test]
async fn an_sms_code_to_the_primary_phone_verifies_the_user_too() {
    let logto = FakeLogto::start().await;
    let client = setup_client(&logto);
    let token = sessions_on(&logto);
    let phone = CodeIdentifier::Phone(PHONE.into());
    let pending = client.send_verification_code(&token, &phone).await.unwrap();
    let code = logto.last_verification_code(PHONE).unwrap();
    let record = client.verify_code(&token, &pending, &code).await.unwrap();
    assert_eq!(client.my_sessions(&token, &record).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_wrong_code_is_refused_in_logtos_words_and_the_right_one_still_works() {
    let logto = FakeLogto::start().await;
    let client = setup_client(&logto);
    let token = sessions_on(&logto);
    let pending = client
        .send_verification_code(&token, &CodeIdentifier::Email(EMAIL.into()))
        .await
        .unwrap();
    let code = logto.last_verification_code(EMAIL).unwrap();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let err = client
        .verify_code(&token, &pending, wrong)
        .await
        .unwrap_err();
    assert!(matches!(err, AccountError::WrongCode { .. }), "{err:?}");
    assert_eq!(err.logto_message(), Some("Invalid verification code."));
    let record = client.verify_code(&token, &pending, &code).await.unwrap();
    assert!(client.my_sessions(&token, &record).await.is_ok());
    // Used once: Logto no longer finds it.
    let again = client
        .verify_code(&token, &pending, &code)
        .await
        .unwrap_err();
    assert!(
        matches!(again, AccountError::CodeExpired { .. }),
        "{again:?}"
    );
}

#[tokio::test]
async fn a_code_typed_after_ten_minutes_is_refused_as_expired() {
    let logto = FakeLogto::start().await;
    let client = setup_client(&logto);
    let token = sessions_on(&logto);
    let pending = client
        .send_verification_code(&token, &CodeIdentifier::Email(EMAIL.into()))
        .await
        .unwrap();
    let code = logto.last_verification_code(EMAIL).unwrap();
    logto.age_verifications(VERIFICATION_TTL_SECS + 1);
    let err = client
        .verify_code(&token, &pending, &code)
        .await
        .unwrap_err();
    assert!(matches!(err, AccountError::CodeExpired { .. }), "{err:?}");
    assert!(err.logto_message().unwrap().contains("expired"));
}

#[tokio::test]
async fn after_ten_wrong_codes_even_the_right_one_is_refused() {
    let logto = FakeLogto::start().await;
    let client = setup_client(&logto);
    let token = sessions_on(&logto);
    let pending = client
        .send_verification_code(&token, &CodeIdentifier::Email(EMAIL.into()))
        .await
        .unwrap();
    let code = logto.last_verification_code(EMAIL).unwrap();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..10 {
        let err = client
            .verify_code(&token, &pending, wrong)
            .await
            .unwrap_err();
        assert!(matches!(err, AccountError::WrongCode { .. }), "{err:?}");
    }
    let err = client
        .verify_code(&token, &pending, &code)
        .await
        .unwrap_err();
    assert!(matches!(err, AccountError::TooManyTries { .. }), "{err:?}");
}

#[tokio::test]
async fn a_code_sent_to_an_address_that_is_not_the_users_verifies_nobody() {
    let logto = FakeLogto::start().await;
    let client = setup_client(&logto);
    let token = sessions_on(&logto);
    let other = "attacker@example.net";
    let pending = client
        .send_verification_code(&token, &CodeIdentifier::Email(other.into()))
        .await
        .unwrap();
    let code = logto.last_verification_code(other).unwrap();
    let record = client.verify_code(&token, &pending, &code).await.unwrap();
    let err = client.my_sessions(&token, &record).await.unwrap_err();
    assert!(
        matches!(err, AccountError::VerificationRequired { .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_code_checked_against_another_address_is_refused_as_a_mismatch() {
    let logto = FakeLogto::start().await;
    let client = setup_client(&logto);
    let token = sessions_on(&logto);
    let pending = client
        .send_verification_code(&token, &CodeIdentifier::Email(EMAIL.into()))
        .await
        .unwrap();
    let code = logto.last_verification_code(EMAIL).unwrap();
    let swapped = PendingCode::from_parts(
        pending.id(),
        CodeIdentifier::Email("someone.else@example.com".into()),
        &pending.expires_at,
    );
    let err = client
        .verify_code(&token, &swapped, &code)
        .await
        .unwrap_err();
    match err {
        AccountError::Refused { status, code, .. } => {
            assert_eq!(status, 400);
            assert_eq!(code, "verification_code.email_mismatch");
        }
        other => panic!("{other:?}"),
    }
}
