//! What the Logto client tells the flow inspector: openidconnect's responses and errors turned
//! into steps and checks of a [`Trace`]. Only shapes, names, times and outcomes go in; secrets
//! only masked (`crate::observe`).

use std::time::Duration;

use openidconnect::{OAuth2TokenResponse, TokenResponse};
use serde_json::Value;

use super::{
    LogtoError,
    discovery::{LogtoTokenResponse, LogtoUserInfo, Provider},
};
use crate::observe::{
    CheckId, Fact, Outcome, StepKind, StepRecorder, Trace, Val, fact, jwt, mask::text,
};

/// The checks an ID token goes through, in the order openidconnect and `verify.rs` make them.
const ID_TOKEN_CHECKS: [CheckId; 8] = [
    CheckId::Header,
    CheckId::Issuer,
    CheckId::Audience,
    CheckId::Signature,
    CheckId::Expiry,
    CheckId::IssuedAt,
    CheckId::Nonce,
    CheckId::AtHash,
];

/// RFC 9207: the callback's `iss` against the issuer, as [`super::sign_in`] decided.
pub fn callback_issuer(
    trace: &mut Trace,
    provider: &Provider,
    iss: Option<&str>,
    decision: &Result<(), LogtoError>,
) {
    let mut step = trace.last(StepKind::Callback);
    let expected = vec![fact("issuer", &provider.issuer)];
    match (decision, iss) {
        (Ok(()), Some(_)) => step.check(CheckId::CallbackIss, Outcome::Passed, vec![]),
        (Ok(()), None) => step.check(CheckId::CallbackIss, Outcome::NotApplicable, vec![]),
        (Err(err), _) => step.check_failed(CheckId::CallbackIss, &err.to_string(), expected),
    };
}

/// The shape of a token endpoint answer (never a token: masked), or why there is none.
/// `sent_refresh_token` tells whether the refresh token rotated.
pub fn token_response(
    step: &mut StepRecorder<'_>,
    response: Result<&LogtoTokenResponse, &LogtoError>,
    sent_refresh_token: Option<&str>,
) {
    let response = match response {
        Ok(response) => response,
        Err(err) => {
            step.error(err);
            return;
        }
    };
    step.received("token_type", response.token_type().as_ref());
    if let Some(expires_in) = response.expires_in() {
        let secs = i64::try_from(expires_in.as_secs()).unwrap_or(i64::MAX);
        step.received_val("expires_in", Val::Number(secs));
    }
    if let Some(scopes) = response.scopes() {
        let scopes: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
        step.received("scope", &scopes.join(" "));
    }
    step.received("access_token", response.access_token().secret());
    match response.id_token() {
        Some(id_token) => step.received("id_token", &id_token.to_string()),
        None => step.received_val("id_token", Val::Flag(false)),
    };
    match (response.refresh_token(), sent_refresh_token) {
        (Some(new), Some(old)) => step
            .received("refresh_token", new.secret())
            .received_val("rotated", Val::Flag(new.secret() != old)),
        (Some(new), None) => step.received("refresh_token", new.secret()),
        (None, _) => step.received_val("refresh_token", Val::Flag(false)),
    };
}

/// What the token endpoint was sent besides the grant's own parameters: how the app proved who
/// it is. openidconnect (like Logto's own SDKs) uses HTTP Basic; the secret is never recorded.
pub fn client_authentication(step: &mut StepRecorder<'_>) {
    step.sent("client_authentication", "client_secret_basic");
}

/// How the ID token verification went, as checks: those before the failed one passed, those
/// after it were not reached. `failed` is the check `verify.rs` saw fail, if it knew.
/// The claims and header fields a check compares are shown with it from the step's received
/// values (`view.rs`), so only what they are compared with is recorded here.
pub struct IdTokenReport<'a> {
    pub raw: &'a str,
    pub issuer: &'a str,
    pub leeway: Duration,
    pub nonce_required: bool,
    /// `(keys fetched at, re-fetched for this token)` of the provider that verified it.
    pub keys: Option<(i64, bool)>,
}

pub fn id_token(
    trace: &mut Trace,
    report: &IdTokenReport<'_>,
    outcome: Result<(), (&LogtoError, Option<CheckId>)>,
) {
    if !trace.is_on() {
        return;
    }
    let (header, claims) = jwt::describe(report.raw);
    let claim = |name: &str| {
        claims
            .iter()
            .chain(&header)
            .find(|f| f.0 == name)
            .map(|f| f.1.clone())
    };
    let failed = match &outcome {
        Ok(()) => None,
        // Keys that could not be fetched stop the signature check itself.
        Err((LogtoError::KeysUnavailable(_), _)) => Some(CheckId::Signature),
        Err((_, Some(check))) => Some(*check),
        Err((_, None)) => Some(CheckId::Claims),
    };
    let leeway = Val::Number(i64::try_from(report.leeway.as_secs()).unwrap_or(i64::MAX));
    let mut step = trace.step(StepKind::IdToken);
    step.received_facts(header.clone());
    step.received_facts(claims.clone());
    if failed == Some(CheckId::Claims) {
        if let Err((err, _)) = outcome {
            step.check_failed(CheckId::Claims, &err.to_string(), vec![]);
        }
        return;
    }
    let mut reached = true;
    for check in ID_TOKEN_CHECKS {
        let mut args = Vec::new();
        let mut with = |name: &str, value: Option<Val>| {
            if let Some(value) = value {
                args.push(Fact(name.to_string(), value));
            }
        };
        match check {
            CheckId::Issuer if Some(check) == failed => {
                with("issuer", Some(Val::Text(text(report.issuer))))
            }
            CheckId::Signature => {
                if let Some((fetched_at, refetched)) = report.keys {
                    with("keys_fetched_at", Some(Val::Time { t: fetched_at }));
                    with("refetched", Some(Val::Flag(refetched)));
                }
            }
            CheckId::Expiry | CheckId::IssuedAt => with("leeway", Some(leeway.clone())),
            _ => {}
        }
        let absent = match check {
            CheckId::AtHash => claim("at_hash").is_none(),
            CheckId::Nonce => !report.nonce_required && claim("nonce").is_none(),
            _ => false,
        };
        if Some(check) == failed {
            if let Err((err, _)) = &outcome {
                step.check_failed(check, &err.to_string(), args);
            }
            reached = false;
        } else if !reached {
            step.check(check, Outcome::NotReached, args);
        } else if absent {
            step.check(check, Outcome::NotApplicable, args);
        } else {
            step.check(check, Outcome::Passed, args);
        }
    }
}

/// Userinfo: which claims came back, and the `sub` check.
pub fn userinfo(
    step: &mut StepRecorder<'_>,
    sub: &str,
    result: &Result<LogtoUserInfo, LogtoError>,
) {
    let expected = vec![fact("sub", sub)];
    match result {
        Ok(userinfo) => {
            if let Ok(Value::Object(claims)) = serde_json::to_value(userinfo) {
                step.received("sub", sub);
                let names: Vec<&str> = claims
                    .iter()
                    .filter(|(name, value)| *name != "sub" && !value.is_null())
                    .map(|(name, _)| name.as_str())
                    .collect();
                step.received("…", &names.join(" "));
            }
            step.check(CheckId::UserinfoSub, Outcome::Passed, expected);
        }
        Err(err @ LogtoError::TokenRejected(_)) => {
            step.check_failed(CheckId::UserinfoSub, &err.to_string(), expected);
        }
        Err(err) => {
            step.error(err)
                .check(CheckId::UserinfoSub, Outcome::NotReached, expected);
        }
    }
}
