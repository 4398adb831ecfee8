//! Logto's claims beyond the OpenID standard ones, and the [`Profile`] the pages show.

use std::collections::BTreeMap;

use openidconnect::{
    AdditionalClaims, GenderClaim, IdTokenClaims, StandardClaims, UserInfoClaims,
    core::CoreGenderClaim,
};
use serde::{Deserialize, Deserializer, Serialize, de::DeserializeOwned};

/// Claims Logto adds to ID tokens and userinfo. Every field is lenient: a value of an unexpected
/// shape is dropped rather than failing the whole sign-in.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct LogtoClaims {
    /// The user's username in Logto, when they have one.
    #[serde(default, deserialize_with = "lenient")]
    pub username: Option<String>,
    /// Epoch milliseconds (Logto's unit, unlike `updated_at` in the OpenID spec).
    #[serde(default, deserialize_with = "lenient")]
    pub created_at: Option<i64>,
    /// The names of the user's roles (the `roles` scope).
    #[serde(default, deserialize_with = "lenient")]
    pub roles: Option<Vec<String>>,
    /// The ids of the organizations the user is a member of (the `urn:logto:scope:organizations`
    /// scope).
    #[serde(default, deserialize_with = "lenient")]
    pub organizations: Option<Vec<String>>,
    /// `"<organization id>:<role name>"` pairs.
    #[serde(default, deserialize_with = "lenient")]
    pub organization_roles: Option<Vec<String>>,
    /// The user's custom data, any JSON value (the `custom_data` scope).
    #[serde(default, deserialize_with = "lenient")]
    pub custom_data: Option<serde_json::Value>,
    /// Social identities, keyed by connector target (`huggingface`, `google`…). Userinfo only.
    #[serde(default, deserialize_with = "lenient")]
    pub identities: Option<BTreeMap<String, Identity>>,
    /// The Logto session this sign-in belongs to, per application; only in ID tokens, and only
    /// when back-channel logout with "session required" is on. Back-channel logout names it.
    #[serde(default, deserialize_with = "lenient")]
    pub sid: Option<String>,
}

impl AdditionalClaims for LogtoClaims {}

/// One entry of [`LogtoClaims::identities`]: the user's account at one social connector, as
/// Logto sends it.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct Identity {
    /// The user's id at the social provider (`userId` in Logto's JSON).
    #[serde(rename = "userId", default, deserialize_with = "lenient")]
    pub user_id: Option<String>,
    /// What the provider told Logto about the user; None when Logto sent no details.
    #[serde(default, deserialize_with = "lenient")]
    pub details: Option<IdentityDetails>,
}

/// The part of a social provider's answer about the user that the app reads; the other fields
/// Logto sends (`id`, `rawData`…) are ignored.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct IdentityDetails {
    /// The user's display name at the provider.
    #[serde(default, deserialize_with = "lenient")]
    pub name: Option<String>,
    /// The user's username at the provider.
    #[serde(default, deserialize_with = "lenient")]
    pub username: Option<String>,
    /// The email address the provider gave for the user.
    #[serde(default, deserialize_with = "lenient")]
    pub email: Option<String>,
    /// The URL of the user's picture at the provider.
    #[serde(default, deserialize_with = "lenient")]
    pub avatar: Option<String>,
}

/// What the page shows of an access token for an API or organization: its audience, scopes and
/// expiry, read from the JWT's payload. Not verified: the token is for the API, which verifies
/// it; we only received it from Logto over a direct, authenticated call.
pub fn describe_access_token(jwt: &str) -> (Vec<String>, Vec<String>, Option<i64>) {
    use base64::Engine;
    let payload = jwt
        .split('.')
        .nth(1)
        .and_then(|p| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(p)
                .ok()
        })
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .unwrap_or_default();
    let audience = match &payload["aud"] {
        serde_json::Value::String(aud) => vec![aud.clone()],
        serde_json::Value::Array(auds) => auds
            .iter()
            .filter_map(|a| a.as_str().map(str::to_string))
            .collect(),
        _ => vec![],
    };
    let scopes = payload["scope"]
        .as_str()
        .map(|s| s.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default();
    (audience, scopes, payload["exp"].as_i64())
}

/// Parses userinfo-shaped JSON (no subject check: callers compare `sub` themselves).
pub fn userinfo_from_json(
    json: &[u8],
) -> Result<UserInfoClaims<LogtoClaims, CoreGenderClaim>, String> {
    UserInfoClaims::from_json::<std::io::Error>(json, None).map_err(|e| e.to_string())
}

fn lenient<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(serde_json::from_value(value).ok())
}

/// A linked social identity, as the page shows it.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct LinkedIdentity {
    /// The connector target, e.g. `huggingface`.
    pub provider: String,
    /// The user's id at the provider, when Logto sent it.
    pub user_id: Option<String>,
    /// The user's display name at the provider.
    pub name: Option<String>,
    /// The user's username at the provider.
    pub username: Option<String>,
    /// The email address the provider gave for the user.
    pub email: Option<String>,
    /// The URL of the user's picture at the provider.
    pub avatar: Option<String>,
}

/// Who the signed-in user is: the verified ID token's claims, refreshed by userinfo.
#[derive(Clone, Debug, Deserialize, Serialize, Default)]
pub struct Profile {
    /// The user's id in Logto (the `sub` claim): the one value that identifies the user.
    pub sub: String,
    /// The user's full name (`name`), when set.
    pub name: Option<String>,
    /// The user's Logto username, else the `preferred_username` claim, when either is set.
    pub username: Option<String>,
    /// The URL of the user's avatar (`picture`), when set.
    pub picture: Option<String>,
    /// The user's primary email address, when set and the `email` scope was granted.
    pub email: Option<String>,
    /// Whether Logto verified [`email`](Self::email); false when there is none.
    pub email_verified: bool,
    /// The user's primary phone number, when set and the `phone` scope was granted.
    pub phone_number: Option<String>,
    /// Whether Logto verified [`phone_number`](Self::phone_number); false when there is none.
    pub phone_number_verified: bool,
    /// The names of the user's roles; empty when Logto sent none (it needs the `roles` scope).
    pub roles: Vec<String>,
    /// The ids of the user's organizations; empty when Logto sent none (it needs
    /// [`ORGANIZATIONS_SCOPE`](crate::ORGANIZATIONS_SCOPE)).
    pub organizations: Vec<String>,
    /// The user's organization roles as `"<organization id>:<role name>"` pairs; empty when
    /// Logto sent none.
    pub organization_roles: Vec<String>,
    /// The social identities linked to the user, one per connector; empty when Logto sent none
    /// (they come with userinfo and the `identities` scope).
    pub identities: Vec<LinkedIdentity>,
    /// The user's custom data, any JSON value; None when unset or `null`.
    pub custom_data: Option<serde_json::Value>,
    /// Epoch milliseconds.
    pub created_at_ms: Option<i64>,
    /// Epoch milliseconds.
    pub updated_at_ms: Option<i64>,
    /// The ID token's `sid`, when Logto sends one (see [`LogtoClaims::sid`]).
    #[serde(default)]
    pub sid: Option<String>,
}

impl Profile {
    /// openidconnect exposes ID-token claims one accessor at a time; reading them through the
    /// userinfo shape (same claim names) lets one `merge` serve both sources.
    pub fn from_id_token(
        claims: &IdTokenClaims<LogtoClaims, CoreGenderClaim>,
    ) -> Result<Self, String> {
        let json = serde_json::to_vec(claims).map_err(|e| e.to_string())?;
        let as_userinfo = userinfo_from_json(&json)?;
        let mut profile = Profile {
            sub: claims.subject().to_string(),
            sid: claims.additional_claims().sid.clone(),
            ..Profile::default()
        };
        profile.merge_userinfo(&as_userinfo);
        Ok(profile)
    }

    /// Userinfo is fresher than the ID token: its values win where present.
    pub fn merge_userinfo<G: GenderClaim>(&mut self, userinfo: &UserInfoClaims<LogtoClaims, G>) {
        self.merge(userinfo.standard_claims(), userinfo.additional_claims());
    }

    /// What to call the user: name, else username, else email or phone, else the subject.
    pub fn display_name(&self) -> &str {
        [&self.name, &self.username, &self.email, &self.phone_number]
            .into_iter()
            .flatten()
            .find(|s| !s.trim().is_empty())
            .map(String::as_str)
            .unwrap_or(&self.sub)
    }

    fn merge<G: GenderClaim>(&mut self, std: &StandardClaims<G>, extra: &LogtoClaims) {
        if let Some(name) = std.name().and_then(|c| c.get(None)) {
            self.name = Some(name.to_string());
        }
        if let Some(picture) = std.picture().and_then(|c| c.get(None)) {
            self.picture = Some(picture.to_string());
        }
        if let Some(email) = std.email() {
            self.email = Some(email.to_string());
            self.email_verified = std.email_verified().unwrap_or(false);
        }
        if let Some(phone) = std.phone_number() {
            self.phone_number = Some(phone.to_string());
            self.phone_number_verified = std.phone_number_verified().unwrap_or(false);
        }
        if let Some(username) = extra
            .username
            .clone()
            .or_else(|| std.preferred_username().map(|u| u.to_string()))
        {
            self.username = Some(username);
        }
        // openidconnect reads `updated_at` as seconds; Logto sends milliseconds, and the
        // conversion keeps the number, so read it back unchanged.
        if let Some(updated) = std.updated_at() {
            self.updated_at_ms = Some(updated.timestamp());
        }
        if let Some(created) = extra.created_at {
            self.created_at_ms = Some(created);
        }
        if let Some(roles) = &extra.roles {
            self.roles = roles.clone();
        }
        if let Some(organizations) = &extra.organizations {
            self.organizations = organizations.clone();
        }
        if let Some(organization_roles) = &extra.organization_roles {
            self.organization_roles = organization_roles.clone();
        }
        if let Some(custom_data) = &extra.custom_data {
            self.custom_data = Some(custom_data.clone()).filter(|v| !v.is_null());
        }
        if let Some(identities) = &extra.identities {
            self.identities = identities
                .iter()
                .map(|(provider, identity)| {
                    let details = identity.details.clone().unwrap_or_default();
                    LinkedIdentity {
                        provider: provider.clone(),
                        user_id: identity.user_id.clone(),
                        name: details.name,
                        username: details.username,
                        email: details.email,
                        avatar: details.avatar,
                    }
                })
                .collect();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The userinfo of a social sign-in as a real Logto answered it, plus a Hugging Face identity.
    const SOCIAL_USERINFO: &str = r#"{
        "sub": "newdncqamh3q", "name": "Social Mock User", "picture": null,
        "updated_at": 1795334305146, "username": "socialuser4956", "created_at": 1795334305049,
        "email": null, "email_verified": false, "phone_number": null, "phone_number_verified": false,
        "identities": {"huggingface": {"userId": "hf-123", "details": {"id": "hf-123",
            "name": "HF Name", "email": null, "avatar": "https://example.invalid/a.png", "rawData": {}}}},
        "custom_data": {"plan": "pro"}, "roles": "not-a-list"
    }"#;

    #[test]
    fn logto_userinfo_with_nulls_and_milliseconds_parses_into_a_profile() {
        let userinfo =
            userinfo_from_json(SOCIAL_USERINFO.as_bytes()).expect("Logto's userinfo parses");
        let mut profile = Profile {
            sub: "newdncqamh3q".into(),
            ..Profile::default()
        };
        profile.merge_userinfo(&userinfo);
        assert_eq!(profile.name.as_deref(), Some("Social Mock User"));
        assert_eq!(profile.picture, None);
        assert_eq!(profile.email, None);
        assert_eq!(profile.updated_at_ms, Some(1_795_334_305_146));
        assert_eq!(profile.created_at_ms, Some(1_795_334_305_049));
        assert_eq!(profile.identities[0].provider, "huggingface");
        assert_eq!(
            profile.identities[0].avatar.as_deref(),
            Some("https://example.invalid/a.png")
        );
        assert_eq!(
            profile.custom_data,
            Some(serde_json::json!({"plan": "pro"}))
        );
        assert!(
            profile.roles.is_empty(),
            "a malformed claim is dropped, not fatal"
        );
    }

    #[test]
    fn a_username_only_user_is_greeted_by_username_and_a_bare_user_by_subject() {
        let mut profile = Profile {
            sub: "abc".into(),
            username: Some("neo".into()),
            ..Profile::default()
        };
        assert_eq!(profile.display_name(), "neo");
        profile.username = None;
        assert_eq!(profile.display_name(), "abc");
    }

    fn jwt(claims: serde_json::Value) -> String {
        use base64::Engine;
        let encode = |v: &serde_json::Value| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
        };
        format!(
            "{}.{}.signature",
            encode(&serde_json::json!({"alg": "ES384"})),
            encode(&claims)
        )
    }

    #[test]
    fn an_access_tokens_audience_scopes_and_expiry_are_read_whether_aud_is_one_or_many() {
        let one = jwt(serde_json::json!({
            "aud": "https://api.example.com", "scope": "read write", "exp": 1_795_334_305
        }));
        assert_eq!(
            describe_access_token(&one),
            (
                vec!["https://api.example.com".to_string()],
                vec!["read".to_string(), "write".to_string()],
                Some(1_795_334_305)
            )
        );
        let many = jwt(serde_json::json!({"aud": ["https://a.example", 7, "https://b.example"]}));
        assert_eq!(
            describe_access_token(&many).0,
            ["https://a.example", "https://b.example"],
            "every audience that is a string"
        );
        assert_eq!(describe_access_token("not a jwt"), (vec![], vec![], None));
    }
}
