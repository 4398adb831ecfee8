//! Test users and Logto's scope-to-claims rule.

use serde_json::{Map, Value, json};

/// Who "signs in" at the fake's `/oidc/auth`.
#[derive(Clone, Debug, PartialEq)]
pub struct TestUser {
    /// The stable user id (Logto's `sub`).
    pub sub: String,
    /// Profile claims that go into the ID token and userinfo (filtered by scope, like Logto).
    pub claims: Value,
    /// Claims that only userinfo returns (`identities`, `custom_data`, `organization_data`…).
    pub userinfo_extra: Value,
}

impl TestUser {
    /// Mirrors the fixture's "email-otp" sign-in: name, username, email and phone, both verified.
    pub fn email_user() -> Self {
        Self::new(
            "uya6v1344ikr",
            json!({
                "name": "Test User",
                "picture": null,
                "updated_at": 1_795_334_315_071_i64,
                "username": "testuser",
                "created_at": 1_795_334_225_501_i64,
                "email": "test.user@example.com",
                "email_verified": true,
                "phone_number": "15555550123",
                "phone_number_verified": true,
            }),
        )
    }

    /// A user who signed up by SMS: a phone number only (no name, no email, no username).
    pub fn phone_user() -> Self {
        Self::new(
            "phn7x2k9q4wz",
            json!({
                "name": null,
                "picture": null,
                "updated_at": 1_795_334_316_317_i64,
                "username": null,
                "created_at": 1_795_334_300_000_i64,
                "email": null,
                "email_verified": false,
                "phone_number": "15555550199",
                "phone_number_verified": true,
            }),
        )
    }

    /// Mirrors the fixture's "social" sign-in, plus a Hugging Face identity in userinfo.
    pub fn huggingface_user() -> Self {
        let mut user = Self::new(
            "newdncqamh3q",
            json!({
                "name": "Social Mock User",
                "picture": null,
                "updated_at": 1_795_334_305_146_i64,
                "username": "socialuser4956",
                "created_at": 1_795_334_305_049_i64,
                "email": null,
                "email_verified": false,
                "phone_number": null,
                "phone_number_verified": false,
            }),
        );
        user.userinfo_extra = json!({
            "identities": {
                "huggingface": {
                    "userId": "hf-123",
                    "details": {
                        "id": "hf-123",
                        "name": "Hugging Face User",
                        "username": "hfuser",
                        "email": null,
                        "avatar": "https://example.invalid/hf.png",
                        "rawData": {}
                    }
                }
            },
            "sso_identities": [],
        });
        user
    }

    /// A user who signed up with a username only: no name, email or phone.
    pub fn username_only_user() -> Self {
        Self::new(
            "usr0nly5ub88",
            json!({
                "name": null,
                "picture": null,
                "updated_at": 1_795_334_320_000_i64,
                "username": "solo_user",
                "created_at": 1_795_334_320_000_i64,
                "email": null,
                "email_verified": false,
                "phone_number": null,
                "phone_number_verified": false,
            }),
        )
    }

    fn new(sub: &str, claims: Value) -> Self {
        TestUser {
            sub: sub.to_owned(),
            claims,
            userinfo_extra: json!({}),
        }
    }

    /// The same user with another `sub`.
    pub fn with_sub(mut self, sub: &str) -> Self {
        sub.clone_into(&mut self.sub);
        self
    }

    /// The same user with one profile claim set (ID token and userinfo).
    pub fn with_claim(mut self, name: &str, value: Value) -> Self {
        object(&mut self.claims).insert(name.to_owned(), value);
        self
    }

    /// The same user with one userinfo-only claim set (e.g. `custom_data`, `organization_data`).
    pub fn with_userinfo_claim(mut self, name: &str, value: Value) -> Self {
        object(&mut self.userinfo_extra).insert(name.to_owned(), value);
        self
    }

    /// Profile claims allowed by `scope` (claims outside Logto's table are always included).
    pub fn id_token_claims(&self, scope: &str) -> Map<String, Value> {
        filter_by_scope(&self.claims, scope)
    }

    /// The userinfo body for `scope`: `sub`, then profile claims and userinfo-only claims.
    pub fn userinfo(&self, scope: &str) -> Map<String, Value> {
        let mut out = Map::new();
        out.insert("sub".to_owned(), json!(self.sub));
        out.extend(filter_by_scope(&self.claims, scope));
        out.extend(filter_by_scope(&self.userinfo_extra, scope));
        out
    }
}

impl Default for TestUser {
    fn default() -> Self {
        Self::email_user()
    }
}

fn object(value: &mut Value) -> &mut Map<String, Value> {
    if !value.is_object() {
        *value = json!({});
    }
    value.as_object_mut().expect("just made an object")
}

/// Logto's scope → claims table (packages/core/src/oidc/scope.ts, userinfo side).
const SCOPE_CLAIMS: &[(&str, &[&str])] = &[
    (
        "profile",
        &[
            "name",
            "family_name",
            "given_name",
            "middle_name",
            "nickname",
            "preferred_username",
            "profile",
            "picture",
            "website",
            "gender",
            "birthdate",
            "zoneinfo",
            "locale",
            "updated_at",
            "username",
            "created_at",
        ],
    ),
    ("email", &["email", "email_verified"]),
    ("phone", &["phone_number", "phone_number_verified"]),
    ("address", &["address"]),
    ("custom_data", &["custom_data"]),
    ("identities", &["identities", "sso_identities"]),
    ("roles", &["roles"]),
    (
        "urn:logto:scope:organizations",
        &["organizations", "organization_data"],
    ),
    (
        "urn:logto:scope:organization_roles",
        &["organization_roles"],
    ),
];

fn filter_by_scope(claims: &Value, scope: &str) -> Map<String, Value> {
    let granted: Vec<&str> = scope.split_whitespace().collect();
    let allowed = |claim: &str| {
        let mut governed = false;
        for (scope_name, names) in SCOPE_CLAIMS {
            if names.contains(&claim) {
                governed = true;
                if granted.contains(scope_name) {
                    return true;
                }
            }
        }
        !governed
    };
    claims
        .as_object()
        .map(|map| {
            map.iter()
                .filter(|(name, _)| allowed(name))
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect()
        })
        .unwrap_or_default()
}
