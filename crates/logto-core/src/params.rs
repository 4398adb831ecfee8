//! Logto's own authorization parameters, built only from values Logto accepts.
//!
//! Logto validates `first_screen`, `identifier`, `direct_sign_in`, `login_hint`, `ui_locales`…
//! together: one invalid value silently drops every one of them. So nothing user-supplied reaches
//! the authorization URL without passing the checks here first.

/// How the user chose to sign in on our page (`/sign-in?method=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// With an email address, on Logto's email screen.
    Email,
    /// With a phone number, on Logto's phone screen.
    Phone,
    /// Straight through the Hugging Face social connector (`direct_sign_in`), without Logto's
    /// sign-in page.
    HuggingFace,
}

impl Method {
    /// Reads the value of `?method=`: `email`, `phone` or `huggingface`; None for anything else.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "email" => Some(Self::Email),
            "phone" => Some(Self::Phone),
            "huggingface" => Some(Self::HuggingFace),
            _ => None,
        }
    }
}

/// What the user asked for, already validated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignInOptions {
    /// How to sign in; None opens Logto's sign-in page as configured in the console.
    pub method: Option<Method>,
    /// Open the sign-up screen instead of the sign-in one (`?mode=sign-up`).
    pub sign_up: bool,
    /// An email address or phone number Logto fills in (`login_hint`), checked to be one.
    pub login_hint: Option<String>,
    /// BCP 47 tags, best first: the language the user chose here, else the browser's.
    pub ui_locales: Vec<String>,
    /// Apply this organization's sign-in experience.
    pub organization_id: Option<String>,
    /// Ask for credentials again even with a live Logto session (`prompt=login consent`).
    pub reauthenticate: bool,
}

impl SignInOptions {
    /// Logto's parameters for these options, in a stable order.
    pub fn logto_params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        let identifier = |first_screen: &str, identifier: &str| {
            vec![
                ("first_screen", first_screen.to_string()),
                ("identifier", identifier.to_string()),
            ]
        };
        match (self.method, self.sign_up) {
            (Some(Method::Email), false) => {
                params.extend(identifier("identifier:sign_in", "email"))
            }
            (Some(Method::Phone), false) => {
                params.extend(identifier("identifier:sign_in", "phone"))
            }
            (Some(Method::Email), true) => {
                params.extend(identifier("identifier:register", "email"))
            }
            (Some(Method::Phone), true) => {
                params.extend(identifier("identifier:register", "phone"))
            }
            // A social sign-in creates the account on first use, so sign-up needs nothing more.
            (Some(Method::HuggingFace), _) => {
                params.push(("direct_sign_in", "social:huggingface".to_string()))
            }
            // `identifier:register` without an identifier leads to a missing page in Logto's
            // sign-in app (see LOGTO.md); plain `register` works with every sign-up setting.
            (None, true) => params.push(("first_screen", "register".to_string())),
            (None, false) => {}
        }
        if let Some(hint) = &self.login_hint {
            params.push(("login_hint", hint.clone()));
        }
        if let Some(organization_id) = &self.organization_id {
            params.push(("organization_id", organization_id.clone()));
        }
        if !self.ui_locales.is_empty() {
            params.push(("ui_locales", self.ui_locales.join(" ")));
        }
        params
    }
}

/// Why a `/sign-in` request was refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum InvalidSignIn {
    /// `method` is not `email`, `phone` or `huggingface`; holds the value as [`loggable`] shows
    /// it (at most 40 characters).
    #[error("`{0}` is not a sign-in method; use email, phone or huggingface")]
    Method(String),
    /// `mode` is neither `sign-in` nor `sign-up`; holds the value as [`loggable`] shows it.
    #[error("`{0}` is not a mode; use sign-up or leave it out")]
    Mode(String),
    /// The login hint is not an email address or phone number (of the chosen method's kind,
    /// when there is one), or is too long.
    #[error("the sign-in hint is not a usable email address or phone number")]
    LoginHint,
    /// `organization_id` is not shaped like a Logto id ([`is_logto_id`]); holds the value as
    /// [`loggable`] shows it.
    #[error("`{0}` is not an organization id")]
    OrganizationId(String),
    /// `prompt` is something other than `login`; holds the value as [`loggable`] shows it.
    #[error("`{0}` is not a prompt this app sends; use login or leave it out")]
    Prompt(String),
}

/// Checks the query of `/sign-in` and turns it into [`SignInOptions`].
pub fn sign_in_options(
    method: Option<&str>,
    mode: Option<&str>,
    login_hint: Option<&str>,
    accept_language: Option<&str>,
) -> Result<SignInOptions, InvalidSignIn> {
    let method = match method.filter(|m| !m.is_empty()) {
        None => None,
        Some(m) => Some(Method::parse(m).ok_or_else(|| InvalidSignIn::Method(truncate(m)))?),
    };
    let sign_up = match mode.filter(|m| !m.is_empty()) {
        None | Some("sign-in") => false,
        Some("sign-up") => true,
        Some(other) => return Err(InvalidSignIn::Mode(truncate(other))),
    };
    let login_hint = match login_hint.map(str::trim).filter(|h| !h.is_empty()) {
        None => None,
        Some(hint) if is_login_hint(hint, method) => Some(hint.to_string()),
        Some(_) => return Err(InvalidSignIn::LoginHint),
    };
    // "Continue as ada@example.com": a hint without a method opens Logto's screen for its kind.
    // The hint was checked above to be an email address or a phone number.
    let method = method.or_else(|| {
        let hint = login_hint.as_deref()?;
        Some(if is_login_hint(hint, Some(Method::Email)) {
            Method::Email
        } else {
            Method::Phone
        })
    });
    Ok(SignInOptions {
        method,
        sign_up,
        login_hint,
        ui_locales: accept_language.map(ui_locales).unwrap_or_default(),
        organization_id: None,
        reauthenticate: false,
    })
}

/// `?organization_id=`: Logto's ids are short lowercase alphanumerics.
pub fn organization_id(raw: Option<&str>) -> Result<Option<String>, InvalidSignIn> {
    match raw.filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(id) if is_logto_id(id) => Ok(Some(id.to_string())),
        Some(other) => Err(InvalidSignIn::OrganizationId(truncate(other))),
    }
}

/// An id as Logto generates them (and as tests use): 1 to 64 ASCII letters, digits, `-`, `_`.
pub fn is_logto_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `?prompt=login`: "sign in again to confirm".
pub fn reauthenticate(prompt: Option<&str>) -> Result<bool, InvalidSignIn> {
    match prompt.filter(|v| !v.is_empty()) {
        None => Ok(false),
        Some("login") => Ok(true),
        Some(other) => Err(InvalidSignIn::Prompt(truncate(other))),
    }
}

/// An email address or phone number, short and printable; with a method, of that method's kind.
fn is_login_hint(hint: &str, method: Option<Method>) -> bool {
    // U+FFFD is what a broken percent-encoding decodes to: not something a user typed.
    let printable = hint.len() <= 254 && hint.chars().all(|c| !c.is_control() && c != '\u{FFFD}');
    let email = hint.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !hint.contains(char::is_whitespace)
    });
    let digits = hint.chars().filter(char::is_ascii_digit).count();
    let phone = (5..=20).contains(&digits)
        && hint
            .trim_start_matches('+')
            .chars()
            .all(|c| c.is_ascii_digit() || " -()".contains(c));
    printable
        && match method {
            Some(Method::Email) => email,
            Some(Method::Phone) => phone,
            Some(Method::HuggingFace) | None => email || phone,
        }
}

/// The browser's languages from `Accept-Language`, best first, at most three, each a
/// well-formed BCP 47 tag (anything else is left out rather than risk Logto dropping everything).
pub fn ui_locales(accept_language: &str) -> Vec<String> {
    let mut ranked: Vec<(u16, usize, String)> = accept_language
        .split(',')
        .enumerate()
        .filter_map(|(position, part)| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim();
            let quality =
                pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1000), |q| {
                        q.parse::<f32>()
                            .ok()
                            .map(|q| (q.clamp(0.0, 1.0) * 1000.0) as u16)
                    })?;
            (quality > 0 && is_language_tag(tag)).then(|| (quality, position, tag.to_string()))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.into_iter().map(|(_, _, tag)| tag).take(3).collect()
}

fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let primary_ok = subtags
        .next()
        .is_some_and(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    primary_ok
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// A user-supplied value fit for an error message (and so the log): at most `max_chars`
/// characters, every one outside [`is_plain`] percent-encoded. Control characters could forge
/// lines, and a space, `=` or a quote could forge fields in the pretty format
/// (`error=access_denied request_id=forged`); encoded, they are visible and harmless.
pub fn loggable(value: &str, max_chars: usize) -> String {
    let mut shown = String::new();
    for c in value.chars().take(max_chars) {
        if c.is_ascii() && is_plain(c as u8) {
            shown.push(c);
        } else {
            let mut bytes = [0; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                shown.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    shown
}

/// The characters a value written into a log line as it is may hold: letters, digits and
/// `-_.:/`. None of them can end a field or start another (a space, `=`, a quote), in the pretty
/// format or the JSON one. The request id follows the same rule.
pub fn is_plain(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"-_.:/".contains(&byte)
}

fn truncate(value: &str) -> String {
    loggable(value, 40)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_that_could_forge_log_fields_is_written_percent_encoded() {
        assert_eq!(
            loggable("access_denied request_id=forged status=200", 64),
            "access_denied%20request_id%3Dforged%20status%3D200"
        );
        assert_eq!(loggable("a\"b\nc\\d%", 64), "a%22b%0Ac%5Cd%25");
        assert_eq!(loggable("é", 64), "%C3%A9");
        assert_eq!(
            loggable("https://tenant.logto.app/oidc", 64),
            "https://tenant.logto.app/oidc",
            "an issuer reads as it is"
        );
        assert_eq!(loggable("abcdef", 3), "abc");
    }

    fn params(method: Option<&str>, mode: Option<&str>) -> Vec<(&'static str, String)> {
        sign_in_options(method, mode, None, None)
            .expect("valid")
            .logto_params()
    }

    fn owned(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
    }

    #[test]
    fn each_method_and_mode_maps_to_exactly_logtos_parameters() {
        assert_eq!(params(None, None), vec![]);
        assert_eq!(
            params(Some("email"), None),
            owned(&[
                ("first_screen", "identifier:sign_in"),
                ("identifier", "email")
            ])
        );
        assert_eq!(
            params(Some("phone"), None),
            owned(&[
                ("first_screen", "identifier:sign_in"),
                ("identifier", "phone")
            ])
        );
        assert_eq!(
            params(Some("huggingface"), None),
            owned(&[("direct_sign_in", "social:huggingface")])
        );
        assert_eq!(
            params(None, Some("sign-up")),
            owned(&[("first_screen", "register")])
        );
        assert_eq!(
            params(Some("email"), Some("sign-up")),
            owned(&[
                ("first_screen", "identifier:register"),
                ("identifier", "email")
            ])
        );
        assert_eq!(
            params(Some("phone"), Some("sign-up")),
            owned(&[
                ("first_screen", "identifier:register"),
                ("identifier", "phone")
            ])
        );
    }

    #[test]
    fn a_hint_without_a_method_opens_logtos_screen_for_its_kind() {
        let email = sign_in_options(None, None, Some("ada@example.com"), None).expect("valid");
        assert_eq!(email.method, Some(Method::Email));
        let phone =
            sign_in_options(None, Some("sign-up"), Some("+1 555 0100"), None).expect("valid");
        assert_eq!(
            phone.logto_params(),
            owned(&[
                ("first_screen", "identifier:register"),
                ("identifier", "phone"),
                ("login_hint", "+1 555 0100")
            ])
        );
    }

    #[test]
    fn refused_values_reach_the_log_without_line_breaks() {
        let err = sign_in_options(Some("x\nFAKE log line"), None, None, None).expect_err("refused");
        assert_eq!(err, InvalidSignIn::Method("x%0AFAKE%20log%20line".into()));
    }

    #[test]
    fn organization_ids_and_prompts_are_checked() {
        assert_eq!(
            organization_id(Some("org_abc123")),
            Ok(Some("org_abc123".into()))
        );
        assert!(organization_id(Some("a b")).is_err());
        assert!(organization_id(Some(&"x".repeat(65))).is_err());
        assert_eq!(reauthenticate(Some("login")), Ok(true));
        assert!(reauthenticate(Some("none")).is_err());
    }

    #[test]
    fn unknown_methods_and_modes_are_refused_not_forwarded() {
        assert!(matches!(
            sign_in_options(Some("google"), None, None, None),
            Err(InvalidSignIn::Method(_))
        ));
        assert!(matches!(
            sign_in_options(None, Some("register"), None, None),
            Err(InvalidSignIn::Mode(_))
        ));
    }

    #[test]
    fn login_hints_must_fit_the_method() {
        let ok = |m, h| sign_in_options(m, None, Some(h), None).is_ok();
        assert!(ok(Some("email"), "ada@example.com"));
        assert!(!ok(Some("email"), "+44 20 7946 0958"));
        assert!(ok(Some("phone"), "+44 20 7946 0958"));
        assert!(!ok(Some("phone"), "ada@example.com"));
        assert!(ok(None, "ada@example.com"));
        assert!(!ok(None, "ada\n@example.com"));
        let too_long = format!("{}@example.com", "a".repeat(300));
        assert!(!ok(None, &too_long));
        assert!(!ok(None, "robert'); drop table"));
        assert!(
            !ok(None, "ada@example.com\u{FFFD}"),
            "a broken percent-encoding is refused"
        );
    }

    #[test]
    fn an_email_hint_needs_a_name_a_dotted_domain_and_no_spaces_and_any_hint_must_be_printable() {
        let email = |h| sign_in_options(Some("email"), None, Some(h), None).is_ok();
        assert!(email("ada@mail.example.com"));
        for hint in [
            "@example.com",
            "ada@localhost",
            "ada@.example.com",
            "ada lovelace@example.com",
            "ada@exam ple.com",
            "ada\u{7}@example.com",
        ] {
            assert!(!email(hint), "{hint:?}");
        }
        let phone = |h| sign_in_options(Some("phone"), None, Some(h), None).is_ok();
        assert!(phone("+1 (555) 555-0199"));
        // Five to twenty digits, and nothing but digits, `+`, spaces, dashes and brackets.
        assert!(!phone("call 555 0199"), "letters");
        assert!(!phone("555-0"), "four digits");
        let twenty_one = "1".repeat(21);
        assert!(!phone(&twenty_one), "twenty-one digits");
        assert!(!phone("+1 555\u{7}5550199"), "a control character");
        let too_long = "1".repeat(255);
        assert!(!phone(&too_long), "longer than any address");
    }

    #[test]
    fn ui_locales_follow_the_browsers_preference_and_skip_malformed_tags() {
        assert_eq!(
            ui_locales("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5"),
            ["fr-CH", "fr", "en"]
        );
        assert_eq!(ui_locales("en;q=0.2, pt-BR"), ["pt-BR", "en"]);
        assert_eq!(
            ui_locales("zh-Hans-CN, x_y, <script>, es;q=0"),
            ["zh-Hans-CN"]
        );
        assert!(ui_locales("").is_empty());
    }
}
