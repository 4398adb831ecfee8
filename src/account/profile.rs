//! `GET|POST /account/profile`: the avatar and the OIDC profile fields (given name, family
//! name…) edited from this app through Logto's Account API, for the fields the tenant sets to
//! Edit (Account Center: `avatar`, and `profile` for all the profile fields at once). No identity
//! check is needed for these (`routes/account/index.ts`). A field that is not Edit has no input
//! here; a form that sends it all the same is refused by Logto, in its words.
//!
//! The avatar must be an https URL: checked here before anything is sent (Logto only checks
//! that it is a URL). The value is shown back only as escaped text in the form. It is not
//! previewed in an `<img>` on this page: the URL is whatever the user typed, and loading it
//! would tell that host this user's IP address the moment they type it. The home page shows
//! the avatar Logto then has, as it shows social avatars: https only, no referrer, under the
//! CSP's `img-src` (the user's own choice of image, seen only by them).

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    body::Bytes,
    extract::{RawQuery, State},
    response::{IntoResponse, Redirect, Response},
};
use logto_axum::session::{AuthSession, CsrfProtected};
use logto_core::account::{AccountError, AccountUpdate, FieldControl};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::steps::{access_token, refused, sign_in_first};
use crate::{
    error::AppError,
    i18n::{Lang, Tr},
    pages::account::RETURN_QUERY,
    query::parse_query,
    state::AppState,
};

const PATH: &str = "/account/profile";
/// Longest avatar URL sent (Logto stores it in a 2048-character column).
const MAX_AVATAR: usize = 2048;
/// Longest profile value sent.
const MAX_VALUE: usize = 256;

/// The profile fields this page edits: Logto's name (`userProfileGuard`), the label's key, and
/// the browser's autocomplete hint.
pub const PROFILE_FIELDS: [(&str, &str, &str); 6] = [
    ("givenName", "profile-given-name", "given-name"),
    ("familyName", "profile-family-name", "family-name"),
    ("middleName", "profile-middle-name", "additional-name"),
    ("nickname", "profile-nickname", "nickname"),
    ("website", "profile-website", "url"),
    ("birthdate", "profile-birthdate", "bday"),
];

/// One input of the form.
pub struct FieldView {
    pub name: &'static str,
    pub label: &'static str,
    pub autocomplete: &'static str,
    pub value: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "account_profile.html")]
pub struct AccountProfilePage {
    t: Tr,
    csrf: String,
    /// The avatar's input, when the tenant sets it to Edit: Logto's value.
    avatar: Option<String>,
    /// The profile's inputs, when the tenant sets `profile` to Edit.
    fields: Vec<FieldView>,
    /// Back from saving the profile fields.
    saved: bool,
}

#[derive(Deserialize, Default)]
struct ProfileQuery {
    saved: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    lang: Lang,
    RawQuery(query): RawQuery,
    mut session: AuthSession,
) -> Result<Response, AppError> {
    let query: ProfileQuery = parse_query(query.as_deref()).unwrap_or_default();
    let logto = state.logto.as_ref().ok_or(AppError::NotConfigured)?;
    let Some(token) = access_token(&mut session, logto).await? else {
        return Ok(sign_in_first(PATH));
    };
    let t = Tr::new(lang);
    let settings = state.account_center.current(logto).await;
    let editable = |c: FieldControl| settings.enabled && c == FieldControl::Edit;
    let (avatar_on, profile_on) = (
        editable(settings.fields.avatar),
        editable(settings.fields.profile),
    );
    // Logto's current values, for the inputs (it leaves out the fields that are Off).
    let account = if avatar_on || profile_on {
        match logto.my_account(&token).await {
            Ok(account) => account,
            Err(AccountError::Logto(err)) => return Err(err.into()),
            Err(other) => {
                tracing::warn!(cause = %other, "Logto refused to read the account");
                let message = other.logto_message().unwrap_or_default().to_owned();
                return Ok(refused(t, "account-refused-title", message));
            }
        }
    } else {
        Default::default()
    };
    let profile = account.profile.unwrap_or_default();
    let fields = if profile_on {
        PROFILE_FIELDS
            .iter()
            .map(|(name, label, autocomplete)| FieldView {
                name,
                label,
                autocomplete,
                value: profile
                    .get(*name)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let Some(user) = session.user() else {
        return Ok(sign_in_first(PATH));
    };
    Ok(AccountProfilePage {
        t,
        csrf: user.csrf_token.clone(),
        avatar: avatar_on.then(|| account.avatar.unwrap_or_default()),
        fields,
        saved: query.saved.is_some(),
    }
    .into_response())
}

/// The form: every field optional, only those sent are changed.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileForm {
    #[serde(default)]
    csrf: String,
    avatar: Option<String>,
    given_name: Option<String>,
    family_name: Option<String>,
    middle_name: Option<String>,
    nickname: Option<String>,
    website: Option<String>,
    birthdate: Option<String>,
}

impl CsrfProtected for ProfileForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

impl ProfileForm {
    /// The profile fields sent, by Logto's names, trimmed.
    fn profile(&self) -> Map<String, Value> {
        let values = [
            &self.given_name,
            &self.family_name,
            &self.middle_name,
            &self.nickname,
            &self.website,
            &self.birthdate,
        ];
        PROFILE_FIELDS
            .iter()
            .zip(values)
            .filter_map(|((name, ..), value)| {
                let value = value.as_deref()?.trim();
                Some(((*name).to_owned(), Value::String(value.to_owned())))
            })
            .collect()
    }
}

/// Why this app refuses an avatar before asking Logto (a catalogue key).
fn check_avatar(raw: &str) -> Result<(), &'static str> {
    if raw.len() > MAX_AVATAR {
        return Err("profile-avatar-too-long");
    }
    match url::Url::parse(raw) {
        Ok(url)
            if url.scheme() == "https"
                && url.host_str().is_some_and(|h| !h.is_empty())
                && url.username().is_empty()
                && url.password().is_none() =>
        {
            Ok(())
        }
        _ => Err("profile-avatar-not-https"),
    }
}

pub async fn save(
    State(state): State<AppState>,
    lang: Lang,
    mut session: AuthSession,
    body: Bytes,
) -> Result<Response, AppError> {
    let Some(form) = session.checked_form::<ProfileForm>(&body)? else {
        return Ok(Redirect::to("/").into_response());
    };
    let t = Tr::new(lang);
    let avatar = form
        .avatar
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty());
    if let Some(avatar) = avatar
        && let Err(key) = check_avatar(avatar)
    {
        // Our refusal, before Logto is asked: nothing is changed.
        return Ok(refused(t, "profile-invalid-title", t.t(key).into_owned()));
    }
    let profile = form.profile();
    if profile
        .values()
        .any(|v| v.as_str().is_some_and(|s| s.len() > MAX_VALUE))
    {
        let message = t.t("profile-value-too-long").into_owned();
        return Ok(refused(t, "profile-invalid-title", message));
    }
    let logto = state.logto.as_ref().ok_or(AppError::NotConfigured)?;
    let Some(token) = access_token(&mut session, logto).await? else {
        return Ok(sign_in_first(PATH));
    };
    let mut result = Ok(());
    if let Some(avatar) = avatar {
        let update = AccountUpdate {
            avatar: Some(avatar.to_owned()),
            ..Default::default()
        };
        result = logto.update_my_account(&token, &update).await.map(drop);
    }
    if result.is_ok() && !profile.is_empty() {
        result = logto.update_my_profile(&token, &profile).await.map(drop);
    }
    match result {
        // Profile fields are not in the ID token: back to this page, which shows Logto's values.
        Ok(()) if !profile.is_empty() => {
            Ok(Redirect::to(&format!("{PATH}?saved=1")).into_response())
        }
        // The avatar alone: back home, where the profile is read again and the page says what
        // changed (and shows the new picture).
        Ok(()) => Ok(Redirect::to(&format!("/?{RETURN_QUERY}")).into_response()),
        Err(AccountError::Logto(err)) => Err(err.into()),
        Err(other) => {
            tracing::warn!(cause = %other, "Logto refused to change the profile");
            let message = other.logto_message().unwrap_or_default().to_owned();
            Ok(refused(t, "account-refused-title", message))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check_avatar;

    #[test]
    fn only_https_urls_with_a_host_and_no_credentials_are_avatars() {
        assert_eq!(check_avatar("https://cdn.example.com/a.png"), Ok(()));
        for bad in [
            "http://cdn.example.com/a.png",
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
            "https://user:pass@cdn.example.com/a.png",
            "//cdn.example.com/a.png",
            "not a url",
        ] {
            assert_eq!(check_avatar(bad), Err("profile-avatar-not-https"), "{bad}");
        }
        let long = format!("https://cdn.example.com/{}", "a".repeat(2100));
        assert_eq!(check_avatar(&long), Err("profile-avatar-too-long"));
    }
}
