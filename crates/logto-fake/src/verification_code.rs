//! The one-time code routes of Logto's Verification API, as Logto 1.37 answers them
//! (logto-io/logto `packages/core/src/routes/verification/index.ts`, the checks of
//! `packages/core/src/libraries/passcode.ts` in their order, messages of
//! `packages/phrases/src/locales/en/errors/verification-code.ts` and `verification-record.ts`):
//!
//! - `POST /api/verifications/verification-code`: 201 `{verificationRecordId, expiresAt}`; the
//!   code is "sent" (kept for [`FakeLogto::last_verification_code`](crate::FakeLogto::last_verification_code)).
//!   The record is tied to the user only when the identifier is their primary email or phone.
//! - `POST /api/verifications/verification-code/verify`: 200 `{verificationRecordId}`; 400
//!   `verification_record.not_found`, `verification_code.not_found` (already used),
//!   `email_mismatch`/`phone_mismatch`, `expired` (ten minutes), `exceed_max_try` (ten wrong
//!   codes), `code_mismatch`.

use serde_json::{Value, json};

use super::account::{AccountRequest, Caller, VERIFICATION_TTL_SECS, error, iso8601};
use super::account_state::{SentCode, Verification};
use super::clock::now;
use super::random::opaque;
use super::reply::Reply;
use super::state::State;

/// Logto's `passcodeExpiration`: ten minutes.
const CODE_TTL_SECS: i64 = 600;
/// Logto's `passcodeMaxTryCount`.
const MAX_TRIES: u32 = 10;

fn invalid_input() -> Reply {
    error(400, "guard.invalid_input", "The request body is invalid.")
}

/// `{"type": "email" | "phone", "value": "…"}`, as `verificationCodeIdentifierGuard` takes it.
fn identifier(body: &Value) -> Option<(String, String)> {
    let kind = body["identifier"]["type"].as_str()?;
    let value = body["identifier"]["value"].as_str()?;
    matches!(kind, "email" | "phone").then(|| (kind.to_owned(), value.to_owned()))
}

/// Six digits, like Logto's `customAlphabet('1234567890', 6)`.
fn six_digits() -> String {
    opaque()
        .bytes()
        .filter(u8::is_ascii_digit)
        .chain(std::iter::repeat(b'0'))
        .take(6)
        .map(char::from)
        .collect()
}

/// Whether `value` is the caller's primary email or phone.
fn is_primary(caller: &Caller, kind: &str, value: &str) -> bool {
    let claim = if kind == "email" {
        "email"
    } else {
        "phone_number"
    };
    caller.user.claims[claim].as_str() == Some(value)
}

impl State {
    /// `POST /api/verifications/verification-code`.
    pub fn send_verification_code(&mut self, request: &AccountRequest<'_>) -> Reply {
        let caller = match self.caller(request.authorization) {
            Ok(caller) => caller,
            Err(reply) => return reply,
        };
        let body: Value = serde_json::from_slice(request.body).unwrap_or_default();
        let Some((kind, value)) = identifier(&body) else {
            return invalid_input();
        };
        let id = opaque();
        let expires_at = now() + VERIFICATION_TTL_SECS;
        let sub = is_primary(&caller, &kind, &value).then(|| caller.user.sub.clone());
        let record = Verification {
            sub,
            expires_at,
            verified: false,
        };
        self.account.verifications.insert(id.clone(), record);
        let sent = SentCode {
            kind,
            value,
            code: six_digits(),
            created_at: now(),
            tries: 0,
            consumed: false,
            seq: self.account.codes.len(),
        };
        self.account.codes.insert(id.clone(), sent);
        let body = json!({ "verificationRecordId": id, "expiresAt": iso8601(expires_at) });
        Reply::json(201, &body)
    }

    /// `POST /api/verifications/verification-code/verify`.
    pub fn verify_code(&mut self, request: &AccountRequest<'_>) -> Reply {
        if let Err(reply) = self.caller(request.authorization) {
            return reply;
        }
        let body: Value = serde_json::from_slice(request.body).unwrap_or_default();
        let (Some((kind, value)), Some(id), Some(code)) = (
            identifier(&body),
            body["verificationId"].as_str(),
            body["code"].as_str(),
        ) else {
            return invalid_input();
        };
        // `buildVerificationRecordByIdAndType`: a record of this id and of the identifier's type.
        let Some(sent) = self
            .account
            .codes
            .get_mut(id)
            .filter(|sent| sent.kind == kind)
        else {
            return error(
                400,
                "verification_record.not_found",
                "Verification record not found.",
            );
        };
        if sent.consumed {
            let message = "Verification code not found. Please send verification code first.";
            return error(400, "verification_code.not_found", message);
        }
        if sent.value != value {
            let (code_name, message) = if kind == "email" {
                (
                    "verification_code.email_mismatch",
                    "Email mismatch. Please request a new verification code.",
                )
            } else {
                (
                    "verification_code.phone_mismatch",
                    "Phone mismatch. Please request a new verification code.",
                )
            };
            return error(400, code_name, message);
        }
        if sent.created_at + CODE_TTL_SECS < now() {
            let message = "Verification code has expired. Please request a new verification code.";
            return error(400, "verification_code.expired", message);
        }
        if sent.tries >= MAX_TRIES {
            let message = "Verification code retries limitation exceeded. Please request a new verification code.";
            return error(400, "verification_code.exceed_max_try", message);
        }
        if sent.code != code {
            sent.tries += 1;
            return error(
                400,
                "verification_code.code_mismatch",
                "Invalid verification code.",
            );
        }
        sent.consumed = true;
        if let Some(record) = self.account.verifications.get_mut(id) {
            record.verified = true;
        }
        Reply::json(200, &json!({ "verificationRecordId": id }))
    }
}
