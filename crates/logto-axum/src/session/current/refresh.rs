//! Keeping tokens fresh: the access token is refreshed shortly before it expires, and tokens for
//! API resources and organizations are had (and kept) from refresh-token grants. Every grant goes
//! through [`AuthSession::locked_grant`]: one at a time per session, run to its end.

use std::sync::Arc;

use logto_core::{
    LogtoClient, LogtoError, Refreshed, TokenTarget, claims::describe_access_token, observe::Why,
    unix_now,
};

use super::super::{ApiToken, SignedInUser};
use super::AuthSession;
use crate::Error;

/// Refresh when the access token has less than 60 s left, or less than half its life for
/// short-lived tokens (a 30 s token would otherwise be refreshed on every request).
pub fn needs_refresh(user: &SignedInUser, now: i64) -> bool {
    let (Some(expires_at), Some(_)) = (user.access_token_expires_at, &user.refresh_token) else {
        return false;
    };
    let lifetime = (expires_at - user.access_token_received_at).max(0);
    expires_at - now <= 60.min(lifetime / 2)
}

impl AuthSession {
    /// Refreshes the access token when it is about to expire. Logto being unreachable does not
    /// end the session: the page still shows, with the old token.
    pub async fn refresh_if_needed(&mut self, logto: &Arc<LogtoClient>) -> Result<(), Error> {
        self.refresh_access_token(logto, false).await
    }

    /// Refreshes now, whatever the expiry.
    pub async fn refresh_now(&mut self, logto: &Arc<LogtoClient>) -> Result<(), Error> {
        self.refresh_access_token(logto, true).await
    }

    async fn refresh_access_token(
        &mut self,
        logto: &Arc<LogtoClient>,
        force: bool,
    ) -> Result<(), Error> {
        let needed = |u: &SignedInUser| force || needs_refresh(u, unix_now());
        let apply = |user: &mut SignedInUser, outcome: Result<Refreshed, &LogtoError>| match outcome
        {
            Ok(refreshed) => {
                user.access_token = refreshed.access_token;
                user.access_token_expires_at = refreshed.access_token_expires_at;
                user.access_token_received_at = unix_now();
                tracing::info!("access token refreshed");
                true
            }
            // Nothing to remember: the next page view tries again.
            Err(_) => false,
        };
        let why = if force {
            Why::Requested
        } else {
            Why::Expiring(0)
        };
        match self
            .locked_grant(logto, None, why, needed, Box::new(apply))
            .await?
        {
            Ok(_) => Ok(()),
            Err(err) => {
                tracing::warn!(cause = %err.chain(), "could not refresh the access token; keeping the session");
                Ok(())
            }
        }
    }
}

/// A cached token is reused while it has more than a minute left.
fn still_fresh(token: &ApiToken, now: i64) -> bool {
    token.expires_at.is_some_and(|at| at - now > 60)
}

impl AuthSession {
    /// Gets (or reuses) the token for `target`. Logto refusing it (say `invalid_target` for an
    /// API the user may not use) is recorded for the page, not treated as a failure of the app.
    pub async fn api_token(
        &mut self,
        logto: &Arc<LogtoClient>,
        target: &TokenTarget,
    ) -> Result<(), Error> {
        let key = target.key();
        let needed = |user: &SignedInUser| {
            !user
                .api_tokens
                .get(&key)
                .is_some_and(|t| still_fresh(t, unix_now()))
        };
        let target_key = key.clone();
        let apply =
            move |user: &mut SignedInUser, outcome: Result<Refreshed, &LogtoError>| match outcome {
                Ok(refreshed) => {
                    let (audience, scopes, exp) = describe_access_token(&refreshed.access_token);
                    let token = ApiToken {
                        access_token: refreshed.access_token,
                        expires_at: refreshed.access_token_expires_at.or(exp),
                        audience,
                        scopes,
                    };
                    user.api_errors.remove(&target_key);
                    user.api_tokens.insert(target_key, token);
                    true
                }
                Err(LogtoError::OAuth { code, description }) => {
                    user.api_errors
                        .insert(target_key, format!("{code}: {description}"));
                    true
                }
                Err(_) => false,
            };
        match self
            .locked_grant(logto, Some(target), Why::ApiToken, needed, Box::new(apply))
            .await?
        {
            Ok(_) | Err(LogtoError::OAuth { .. }) => Ok(()),
            Err(other) => Err(Error::Logto(other)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use logto_core::Profile;

    fn user(received_at: i64, expires_at: i64, refresh: bool) -> SignedInUser {
        SignedInUser {
            profile: Profile::default(),
            id_token: String::new(),
            nonce: String::new(),
            access_token: String::new(),
            access_token_expires_at: Some(expires_at),
            access_token_received_at: received_at,
            refresh_token: refresh.then(String::new),
            scopes: vec![],
            signed_in_at: received_at,
            csrf_token: String::new(),
            api_tokens: Default::default(),
            api_errors: Default::default(),
        }
    }

    #[test]
    fn an_hour_long_token_is_refreshed_in_its_last_minute_only() {
        let u = user(0, 3600, true);
        assert!(!needs_refresh(&u, 3000));
        assert!(needs_refresh(&u, 3541));
        assert!(needs_refresh(&u, 4000));
    }

    #[test]
    fn a_thirty_second_token_is_refreshed_after_half_its_life() {
        let u = user(0, 30, true);
        assert!(!needs_refresh(&u, 10));
        assert!(needs_refresh(&u, 15));
    }

    #[test]
    fn a_thirty_second_token_received_today_is_not_refreshed_on_every_page_view() {
        // Real timestamps: a lifetime computed from them, not from 0.
        let at = 1_765_000_000;
        let u = user(at, at + 30, true);
        assert!(!needs_refresh(&u, at + 10));
        assert!(needs_refresh(&u, at + 15));
    }

    #[test]
    fn an_api_token_is_reused_only_while_it_has_more_than_a_minute_left() {
        let token = |expires_at| ApiToken {
            access_token: String::new(),
            expires_at,
            audience: vec![],
            scopes: vec![],
        };
        let now = 1_765_000_000;
        assert!(still_fresh(&token(Some(now + 120)), now));
        assert!(!still_fresh(&token(Some(now + 60)), now), "a minute left");
        assert!(!still_fresh(&token(Some(now - 5)), now), "expired");
        assert!(!still_fresh(&token(None), now), "no expiry known");
    }

    #[test]
    fn without_a_refresh_token_nothing_is_refreshed() {
        assert!(!needs_refresh(&user(0, 30, false), 100));
    }
}
