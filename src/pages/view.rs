//! What the signed-in page shows, formatted for people: real dates from Logto's milliseconds,
//! a name for every user, no tokens.

use crate::{
    auth::SignedInUser,
    dates::{Utc, push_digits},
    i18n::Tr,
};
use logto_core::{Profile, TokenTarget, unix_now};

pub struct UserView {
    pub display_name: String,
    /// For the avatar placeholder when there is no picture.
    pub initial: String,
    pub username: Option<String>,
    pub picture: Option<String>,
    pub email: Option<String>,
    pub email_verified: bool,
    pub phone: Option<String>,
    pub phone_verified: bool,
    pub identities: Vec<IdentityView>,
    pub roles: Vec<String>,
    pub organizations: Vec<String>,
    /// Logto's `custom_data`, pretty-printed.
    pub custom_data: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

/// An API resource or organization on the signed-in page.
pub struct ApiTargetView {
    /// The resource indicator or organization id (what the form sends back).
    pub value: String,
    pub label: String,
    /// Organization roles (empty for API resources).
    pub roles: Vec<String>,
    pub token: Option<TokenView>,
    /// Logto's answer when it refused the token.
    pub error: Option<String>,
}

/// What is shown of an access token: never the token itself.
pub struct TokenView {
    pub audience: String,
    pub scopes: String,
    pub expiry: String,
}

pub struct IdentityView {
    pub provider: String,
    pub label: String,
    pub name: Option<String>,
    pub username: Option<String>,
    pub avatar: Option<String>,
}

impl UserView {
    pub fn new(profile: &Profile) -> Self {
        let display_name = profile.display_name().to_string();
        Self {
            initial: display_name
                .chars()
                .next()
                .map(|c| c.to_uppercase().to_string())
                .unwrap_or_default(),
            // "@name" under a heading that already says "name" reads as a repeat.
            username: profile.username.clone().filter(|u| *u != display_name),
            display_name,
            picture: profile.picture.clone().filter(|p| is_https_or_http(p)),
            email: profile.email.clone(),
            email_verified: profile.email_verified,
            phone: profile.phone_number.clone(),
            phone_verified: profile.phone_number_verified,
            identities: profile
                .identities
                .iter()
                .map(|i| IdentityView {
                    label: provider_label(&i.provider),
                    provider: i.provider.clone(),
                    name: i.name.clone(),
                    username: i.username.clone(),
                    avatar: i.avatar.clone().filter(|a| is_https_or_http(a)),
                })
                .collect(),
            roles: profile.roles.clone(),
            organizations: profile.organizations.clone(),
            custom_data: profile
                .custom_data
                .as_ref()
                .filter(|v| v.as_object().is_none_or(|o| !o.is_empty()))
                .and_then(|v| serde_json::to_string_pretty(v).ok()),
            created_at: profile.created_at_ms.and_then(format_millis),
            updated_at: profile.updated_at_ms.and_then(format_millis),
        }
    }
}

pub struct SessionView {
    /// For the forms that change the session.
    pub csrf: String,
    /// The app's API resources, each with its token when one was obtained.
    pub api_resources: Vec<ApiTargetView>,
    /// The user's organizations, with their roles and token.
    pub organizations: Vec<ApiTargetView>,
    pub signed_in_at: String,
    pub access_token_expiry: String,
    pub has_refresh_token: bool,
    pub scopes: String,
}

impl SessionView {
    pub fn new(user: &SignedInUser, resources: &[String], t: Tr) -> Self {
        let now = unix_now();
        let view = |target: TokenTarget, label: String, roles: Vec<String>| {
            let key = target.key();
            ApiTargetView {
                value: match &target {
                    TokenTarget::Resource(value) | TokenTarget::Organization(value) => {
                        value.clone()
                    }
                },
                label,
                roles,
                token: user.api_tokens.get(&key).map(|token| TokenView {
                    audience: token.audience.join(" "),
                    scopes: if token.scopes.is_empty() {
                        t.t("signed-in-no-scopes").into_owned()
                    } else {
                        token.scopes.join(" ")
                    },
                    expiry: token.expires_at.map_or_else(
                        || t.t("expiry-none").into_owned(),
                        |at| describe_expiry(t, at, now),
                    ),
                }),
                error: user.api_errors.get(&key).cloned(),
            }
        };
        Self {
            csrf: user.csrf_token.clone(),
            api_resources: resources
                .iter()
                .map(|r| view(TokenTarget::Resource(r.clone()), r.clone(), vec![]))
                .collect(),
            organizations: user
                .profile
                .organizations
                .iter()
                .map(|id| {
                    // `organization_roles` entries are "<organization id>:<role name>".
                    let roles = user
                        .profile
                        .organization_roles
                        .iter()
                        .filter_map(|r| {
                            r.split_once(':')
                                .filter(|(org, _)| org == id)
                                .map(|(_, role)| role.to_string())
                        })
                        .collect();
                    view(TokenTarget::Organization(id.clone()), id.clone(), roles)
                })
                .collect(),
            signed_in_at: format_seconds(user.signed_in_at).unwrap_or_default(),
            access_token_expiry: match user.access_token_expires_at {
                Some(at) => describe_expiry(t, at, now),
                None => t.t("expiry-none").into_owned(),
            },
            has_refresh_token: user.refresh_token.is_some(),
            scopes: user.scopes.join(" "),
        }
    }
}

/// Pictures are shown with `<img src>`: only web URLs, never `javascript:` or `data:`.
fn is_https_or_http(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

fn provider_label(target: &str) -> String {
    match target {
        "huggingface" => "Hugging Face".into(),
        "github" => "GitHub".into(),
        "google" => "Google".into(),
        other => other.to_string(),
    }
}

fn describe_expiry(t: Tr, expires_at: i64, now: i64) -> String {
    let at = format_seconds(expires_at).unwrap_or_default();
    let left = expires_at - now;
    if left <= 0 {
        t.t_number_at("expiry-expired-at", None, &at)
    } else if left < 120 {
        t.t_number_at("expiry-in-seconds", Some(("seconds", left)), &at)
    } else {
        t.t_number_at("expiry-in-minutes", Some(("minutes", left / 60)), &at)
    }
}

/// Logto's `created_at` / `updated_at` are epoch milliseconds.
pub fn format_millis(millis: i64) -> Option<String> {
    format_seconds(millis.div_euclid(1000))
}

/// `2026-11-22 07:58 UTC`. Written digit by digit: a page shows several of these, and `format!`
/// with padded fields was a visible share of a page view's CPU.
pub fn format_seconds(seconds: i64) -> Option<String> {
    let t = Utc::from_unix(seconds)?;
    let mut text = Vec::with_capacity(20);
    for (value, width, after) in [
        (t.year, 4, b'-'),
        (t.month, 2, b'-'),
        (t.day, 2, b' '),
        (t.hour, 2, b':'),
        (t.minute, 2, b' '),
    ] {
        push_digits(&mut text, value, width);
        text.push(after);
    }
    text.extend_from_slice(b"UTC");
    String::from_utf8(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn logtos_millisecond_dates_show_as_real_dates() {
        assert_eq!(
            format_millis(1_795_334_305_146).as_deref(),
            Some("2026-11-22 07:58 UTC")
        );
    }

    #[test]
    fn dates_are_padded_and_years_past_9999_or_before_0_are_not_shown() {
        assert_eq!(format_seconds(0).as_deref(), Some("1970-01-01 00:00 UTC"));
        assert_eq!(
            format_seconds(253_402_300_799).as_deref(),
            Some("9999-12-31 23:59 UTC")
        );
        assert_eq!(format_seconds(253_402_300_800), None);
        assert_eq!(format_seconds(-1).as_deref(), Some("1969-12-31 23:59 UTC"));
        assert_eq!(format_seconds(-62_167_219_201), None);
    }

    #[test]
    fn expiry_reads_naturally() {
        let en = Tr::new(Lang::En);
        assert!(describe_expiry(en, 1_000 + 3_600, 1_000).starts_with("expires in 60 minutes"));
        assert!(describe_expiry(en, 1_000 + 30, 1_000).starts_with("expires in 30 seconds"));
        assert!(describe_expiry(en, 1_000, 2_000).starts_with("expired at"));
        let fr = Tr::new(Lang::Fr);
        assert!(describe_expiry(fr, 1_000 + 3_600, 1_000).contains("60"));
        // Asked twice (the second answer comes from the memo), the same text.
        for _ in 0..2 {
            assert_eq!(
                describe_expiry(en, 1_000 + 61, 1_000),
                "expires in 61 seconds (1970-01-01 00:17 UTC)"
            );
            assert_eq!(
                describe_expiry(en, 1_000 + 1, 1_000),
                "expires in 1 second (1970-01-01 00:16 UTC)"
            );
        }
    }

    #[test]
    fn a_phone_only_user_without_picture_gets_an_initial_and_no_email() {
        let profile = Profile {
            sub: "u1".into(),
            phone_number: Some("15555550199".into()),
            phone_number_verified: true,
            picture: Some("javascript:alert(1)".into()),
            ..Profile::default()
        };
        let view = UserView::new(&profile);
        assert_eq!(view.display_name, "15555550199");
        assert_eq!(view.initial, "1");
        assert_eq!(view.picture, None);
        assert_eq!(view.email, None);
    }
}
