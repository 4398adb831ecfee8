//! Proving who the user is with a one-time code sent to their primary email or phone, through
//! Logto's Verification API: for users who signed up by email or SMS code, or with a social
//! account, and have no password.
//!
//! Two calls, read from Logto's source (logto-io/logto,
//! `packages/core/src/routes/verification/index.ts`, the code checks of
//! `packages/core/src/libraries/passcode.ts`, messages in
//! `packages/phrases/src/locales/en/errors/verification-code.ts`):
//! - `POST /api/verifications/verification-code` with `{"identifier": {"type", "value"}}`
//!   sends the code and answers 201 `{verificationRecordId, expiresAt}`. Logto ties the record
//!   to the user only when the identifier is the user's primary email or phone; a record for
//!   any other address does not open the Account API's security calls.
//! - `POST /api/verifications/verification-code/verify` with `{identifier, verificationId,
//!   code}` answers 200 `{verificationRecordId}` and marks the record verified. Refusals (400):
//!   `verification_code.code_mismatch` ([`AccountError::WrongCode`]),
//!   `verification_code.expired` or `.not_found` ([`AccountError::CodeExpired`]),
//!   `verification_code.exceed_max_try` ([`AccountError::TooManyTries`], after ten wrong codes),
//!   `verification_code.email_mismatch` / `.phone_mismatch` and
//!   `verification_record.not_found` (kept as Logto's words).
//!
//! The code and the record id are never logged; `Debug` hides the id.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{
    LogtoClient,
    account::{AccountError, Call, VerificationRecord},
};

/// Where Logto sends the code (`verificationCodeIdentifierGuard`): serialized as
/// `{"type": "email" | "phone", "value": "…"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum CodeIdentifier {
    /// An email address (the user's primary email, for a record that verifies them).
    Email(String),
    /// A phone number as Logto stores it (the user's primary phone).
    Phone(String),
}

impl CodeIdentifier {
    /// The address or number.
    pub fn value(&self) -> &str {
        match self {
            Self::Email(value) | Self::Phone(value) => value,
        }
    }
}

/// A code Logto sent and has not yet seen typed back: the record's id, where the code went and
/// when the record expires. Kept by the caller between the two calls; the id is a secret until
/// then (with the code, it verifies the user), so `Debug` hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct PendingCode {
    id: String,
    /// Where the code was sent.
    pub identifier: CodeIdentifier,
    /// When Logto stops accepting the record, as Logto wrote it (ISO 8601).
    pub expires_at: String,
}

impl PendingCode {
    /// A pending code known by its record id (kept by the caller between requests).
    pub fn from_parts(
        id: impl Into<String>,
        identifier: CodeIdentifier,
        expires_at: impl Into<String>,
    ) -> Self {
        Self {
            id: id.into(),
            identifier,
            expires_at: expires_at.into(),
        }
    }

    /// The verification record id, to keep until the code comes back.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl fmt::Debug for PendingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingCode")
            .field("id", &"[redacted]")
            .field("identifier", &self.identifier)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Sent {
    verification_record_id: String,
    expires_at: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Verified {
    verification_record_id: String,
}

impl LogtoClient {
    /// Asks Logto to send a one-time code to `identifier`
    /// (`POST /api/verifications/verification-code`). Send the user's primary email or phone:
    /// Logto ties only those to the user, and a record for another address verifies nobody.
    /// Logto needs an email or SMS connector for it (501 otherwise, kept as
    /// [`AccountError::Refused`]).
    pub async fn send_verification_code(
        &self,
        access_token: &str,
        identifier: &CodeIdentifier,
    ) -> Result<PendingCode, AccountError> {
        let request = self.authorized(
            reqwest::Method::POST,
            "verifications/verification-code",
            access_token,
        );
        let body = serde_json::json!({ "identifier": identifier });
        let request = Self::with_json(request, &body);
        let answer = self.account_call(Call::Verification, request).await?;
        let Sent {
            verification_record_id,
            expires_at,
        } = Self::parse(Call::Verification, &answer)?;
        Ok(PendingCode::from_parts(
            verification_record_id,
            identifier.clone(),
            expires_at,
        ))
    }

    /// Gives Logto the code the user typed for `pending`
    /// (`POST /api/verifications/verification-code/verify`). On success the record is verified
    /// and good, like a password's, on calls that need a verified identity until the expiry the
    /// send answered (Logto's verify answer carries none). A wrong code can be typed again
    /// ([`AccountError::WrongCode`]); an expired or overused one needs a new send.
    pub async fn verify_code(
        &self,
        access_token: &str,
        pending: &PendingCode,
        code: &str,
    ) -> Result<VerificationRecord, AccountError> {
        let request = self.authorized(
            reqwest::Method::POST,
            "verifications/verification-code/verify",
            access_token,
        );
        let body = serde_json::json!({
            "identifier": pending.identifier,
            "verificationId": pending.id,
            "code": code,
        });
        let request = Self::with_json(request, &body);
        let answer = self.account_call(Call::Verification, request).await?;
        let Verified {
            verification_record_id,
        } = Self::parse(Call::Verification, &answer)?;
        Ok(VerificationRecord::from_parts(
            verification_record_id,
            pending.expires_at.clone(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::{CodeIdentifier, PendingCode};

    #[test]
    fn identifiers_are_written_as_logto_reads_them() {
        let email = serde_json::to_value(CodeIdentifier::Email("a@example.com".into()));
        assert_eq!(
            email.ok(),
            Some(serde_json::json!({"type": "email", "value": "a@example.com"}))
        );
        let phone = serde_json::to_value(CodeIdentifier::Phone("15555550123".into()));
        assert_eq!(
            phone.ok(),
            Some(serde_json::json!({"type": "phone", "value": "15555550123"}))
        );
    }

    #[test]
    fn a_pending_codes_debug_hides_its_id() {
        let pending = PendingCode::from_parts(
            "secret-record-id",
            CodeIdentifier::Email("a@example.com".into()),
            "2025-01-01T00:10:00.000Z",
        );
        assert!(!format!("{pending:?}").contains("secret-record-id"));
    }
}
