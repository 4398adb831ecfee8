//! Translations: which language a visitor reads, and every page's text in that language.
//!
//! - [`Lang`] is one request's language. As an axum extractor it reads the [`LANG_COOKIE`]
//!   (the language switcher's remembered choice) and then `Accept-Language`;
//!   [`Lang::negotiate`] is the same rule without a request. [`Lang::tag`] is the BCP 47 tag to
//!   put in `<html lang>`, in the cookie, and in Logto's `ui_locales`.
//! - [`Tr`] formats messages from the Fluent catalogues `locales/<tag>/main.ftl`, which are
//!   compiled into the binary. Give every template struct a `t: Tr` field and write
//!   `{{ t.t("home-welcome") }}`, or with variables
//!   `{{ t.t_args("sign-out-signed-in-as", [("name", display_name.as_str())]) }}` (no `&` before
//!   the array in a template: Askama borrows arguments itself).
//!   The result is plain text: Askama escapes it like any other value. In templates, messages
//!   without variables are written `{{ t.h("home-welcome") }}`: the same text, escaped for HTML
//!   once when the catalogue is read instead of on every page view ([`Html`]).
//!
//! English (`locales/en/main.ftl`) is the reference catalogue. A missing message falls back to
//! English, then to the key itself, and never panics; the tests in `tests.rs` fail when a
//! catalogue lacks a key that English has, has a key English lacks, or cannot format one.

use std::{
    borrow::Cow,
    collections::HashMap,
    convert::Infallible,
    sync::{Arc, LazyLock, RwLock},
};

use axum::{
    extract::FromRequestParts,
    http::{HeaderMap, header, request::Parts},
};
use fluent_bundle::FluentValue;
use fluent_langneg::{NegotiationStrategy, negotiate_languages};
use fluent_templates::StaticLoader;
use rustc_hash::FxHashMap;

use logto_axum::session::cookies::request_cookies;
use unic_langid::LanguageIdentifier;

#[cfg(test)]
mod tests;

fluent_templates::static_loader! {
    // Every catalogue under `locales/`, embedded at compile time.
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Fluent wraps each inserted value in Unicode bidi isolation marks (U+2068 … U+2069) by
        // default. They are invisible but end up in the HTML, in copied text and in tests, and
        // none of our languages is right-to-left: turn them off.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The name of the cookie that remembers the language chosen with the switcher. Its value is a
/// [`Lang::tag`], e.g. `lang=pt-BR`.
pub const LANG_COOKIE: &str = "lang";

/// A language the app is translated into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    PtBr,
    EsEs,
    Fr,
    ZhHans,
}

impl Lang {
    /// Every language, in the order the switcher lists them.
    pub const ALL: [Lang; 5] = [Lang::En, Lang::PtBr, Lang::EsEs, Lang::Fr, Lang::ZhHans];

    /// The BCP 47 tag: for `<html lang>`, the [`LANG_COOKIE`] value and Logto's `ui_locales`
    /// (Logto calls Simplified Chinese `zh-CN`). It is also the catalogue's folder under
    /// `locales/`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::PtBr => "pt-BR",
            Lang::EsEs => "es-ES",
            Lang::Fr => "fr",
            Lang::ZhHans => "zh-CN",
        }
    }

    /// The language's name in itself, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::PtBr => "Português (Brasil)",
            Lang::EsEs => "Español (España)",
            Lang::Fr => "Français",
            Lang::ZhHans => "简体中文",
        }
    }

    /// The language whose [`tag`](Lang::tag) this is, ignoring case (`pt-br` works). Only the
    /// five exact tags: this reads our own cookie and query values, not what browsers send
    /// (that is [`negotiate`](Lang::negotiate)'s job).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim();
        Lang::ALL
            .into_iter()
            .find(|lang| lang.tag().eq_ignore_ascii_case(tag))
    }

    /// The user's language: a valid remembered choice (cookie value) wins, else the best match
    /// for Accept-Language, else English.
    ///
    /// Accept-Language is parsed by `fluent-langneg` and read in the order the browser lists
    /// languages (browsers list them by descending weight; the `q` weights themselves, even
    /// `q=0`, are ignored). Matching goes by
    /// language, so `pt-PT` gets Brazilian Portuguese, `es-MX` European Spanish, `fr-CA` French,
    /// `en-GB` English, and `zh`, `zh-CN`, `zh-Hans`, `zh-SG` Simplified Chinese. Traditional
    /// Chinese (`zh-TW`, `zh-HK`, `zh-MO`, `zh-Hant…`) is not offered Simplified: the next
    /// listed language is tried instead.
    pub fn negotiate(cookie: Option<&str>, accept_language: Option<&str>) -> Lang {
        if let Some(lang) = cookie.and_then(Lang::from_tag) {
            return lang;
        }
        accept_language.map_or(Lang::En, from_accept_language)
    }

    /// [`negotiate`](Lang::negotiate) on a request's headers: every `Cookie` header is searched
    /// for [`LANG_COOKIE`], every `Accept-Language` header is read in order. What the extractor
    /// uses; handy where only headers are at hand (a middleware, a fallback).
    pub fn from_headers(headers: &HeaderMap) -> Lang {
        Lang::chosen(headers).unwrap_or_else(|| {
            // One header (the usual case) is negotiated as is, without copying it.
            let mut values = headers.get_all(header::ACCEPT_LANGUAGE).iter();
            match (values.next(), values.next()) {
                (None, _) => return Lang::En,
                (Some(only), None) => {
                    return only
                        .to_str()
                        .map_or(Lang::En, |v| Lang::negotiate(None, Some(v)));
                }
                _ => {}
            }
            let accept_language = headers
                .get_all(header::ACCEPT_LANGUAGE)
                .iter()
                .filter_map(|value| value.to_str().ok())
                .collect::<Vec<_>>()
                .join(",");
            Lang::negotiate(None, Some(&accept_language))
        })
    }

    /// The language the visitor picked with the switcher ([`LANG_COOKIE`]), if any: an explicit
    /// choice, which goes first in Logto's `ui_locales`.
    pub fn chosen(headers: &HeaderMap) -> Option<Lang> {
        request_cookies(headers)
            .filter(|(name, _)| *name == LANG_COOKIE)
            .find_map(|(_, value)| {
                // A value may come in double quotes (RFC 6265's cookie-value).
                let unquoted = value
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .unwrap_or(value);
                Lang::from_tag(unquoted)
            })
    }

    fn langid(self) -> &'static LanguageIdentifier {
        static IDS: LazyLock<[LanguageIdentifier; 5]> = LazyLock::new(|| {
            Lang::ALL.map(|lang| {
                lang.tag()
                    .parse()
                    .unwrap_or_else(|_| LanguageIdentifier::default())
            })
        });
        &IDS[self as usize]
    }
}

impl std::fmt::Display for Lang {
    /// The [`tag`](Lang::tag), so `{{ lang }}` works in templates.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}

/// How many Accept-Language entries are looked at: real browsers send a handful.
const MAX_ACCEPTED: usize = 16;

fn from_accept_language(header: &str) -> Lang {
    // The parser trims around each entry but not before `;q=`, where HTTP allows spaces too;
    // no language tag contains whitespace, so dropping it all is safe.
    let header: String = header
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let requested: Vec<LanguageIdentifier> = fluent_langneg::accepted_languages::parse(&header)
        .into_iter()
        .filter(|id| !is_traditional_chinese(id))
        .take(MAX_ACCEPTED)
        .collect();
    let available: Vec<&LanguageIdentifier> = Lang::ALL.iter().map(|l| l.langid()).collect();
    let english = Lang::En.langid();
    let chosen = negotiate_languages(
        &requested,
        &available,
        Some(&english),
        NegotiationStrategy::Lookup,
    );
    chosen
        .first()
        .and_then(|id| Lang::ALL.into_iter().find(|lang| lang.langid() == **id))
        .unwrap_or(Lang::En)
}

/// Chinese written in Traditional characters: `zh-Hant…`, or a Chinese tag with no script from
/// a region that writes Traditional. Without this, language-only matching would hand
/// `zh-TW` readers our Simplified catalogue.
fn is_traditional_chinese(id: &LanguageIdentifier) -> bool {
    if id.language.as_str() != "zh" {
        return false;
    }
    match id.script {
        Some(script) => script.as_str() == "Hant",
        None => matches!(
            id.region.as_ref().map(|r| r.as_str()),
            Some("TW" | "HK" | "MO")
        ),
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    /// The `lang` cookie if it names a language we have, else Accept-Language, else English.
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::from_headers(&parts.headers))
    }
}

/// Translations for one language; cheap to copy into every template struct.
#[derive(Clone, Copy, Debug)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Self { lang }
    }

    /// The message `key` (e.g. `"home-welcome"`). A key missing from this language's catalogue
    /// falls back to English, then to the key itself. Never panics.
    ///
    /// Borrowed from the preformatted messages when possible: a page asks for dozens of these.
    pub fn t(&self, key: &str) -> Cow<'static, str> {
        match PLAIN
            .get(key)
            .and_then(|message| message.text[self.lang as usize].as_deref())
        {
            Some(text) => Cow::Borrowed(text),
            None => Cow::Owned(lookup(&LOCALES, self.lang, key, None)),
        }
    }

    /// [`t`](Tr::t) for a template: the message already escaped for HTML, which Askama writes
    /// as it is. Same fallbacks.
    pub fn h(&self, key: &str) -> Html {
        match PLAIN
            .get(key)
            .and_then(|message| message.html[self.lang as usize].as_deref())
        {
            Some(html) => Html(Cow::Borrowed(html)),
            None => Html(Cow::Owned(escape_html(&self.t(key)))),
        }
    }

    /// The message `key` with Fluent variables:
    /// `t_args("sign-out-signed-in-as", &[("name", "Ada")])` fills `{ $name }`. A value that is a plain integer (`"5"`, `"-3"`; not `"05"` or
    /// `"+5"`) is passed as a number, so plural selectors (`[one]`, `*[other]`) work.
    /// Fallbacks as [`t`](Tr::t); a message whose variables are missing also falls back.
    pub fn t_args(&self, key: &str, args: &[(&str, &str)]) -> String {
        let args: HashMap<&str, FluentValue> = args
            .iter()
            .map(|&(name, value)| (name, fluent_value(value)))
            .collect();
        lookup(&LOCALES, self.lang, key, Some(&args))
    }
}

impl Tr {
    /// `t_args(key, [(name, number), ("at", at)])` (the number is optional), with Fluent's work
    /// done once per language, message and number: the signed-in page shows an expiry or two on
    /// every view, and formatting them through Fluent each time was about 5% of a page view's CPU.
    /// The memo keeps the message with a marker where `at` goes; `at` is put in per call.
    pub fn t_number_at(&self, key: &'static str, number: Option<(&str, i64)>, at: &str) -> String {
        /// Where `at` goes: a character no translation contains.
        const AT: &str = "\u{0}";
        /// Entries kept at most (each a short text); past that the memo starts over.
        const MAX_ENTRIES: usize = 4096;
        type Memo = FxHashMap<(Lang, &'static str, Option<i64>), Arc<str>>;
        static MEMO: LazyLock<RwLock<Memo>> = LazyLock::new(RwLock::default);

        let memo_key = (self.lang, key, number.map(|(_, n)| n));
        let cached = MEMO
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&memo_key)
            .cloned();
        let pattern = cached.unwrap_or_else(|| {
            let n = number.map(|(_, n)| n.to_string());
            let mut args: Vec<(&str, &str)> = vec![("at", AT)];
            if let (Some((name, _)), Some(n)) = (number, n.as_deref()) {
                args.push((name, n));
            }
            let pattern: Arc<str> = self.t_args(key, &args).into();
            let mut memo = MEMO.write().unwrap_or_else(|p| p.into_inner());
            if memo.len() >= MAX_ENTRIES {
                memo.clear();
            }
            memo.insert(memo_key, pattern.clone());
            pattern
        });
        pattern.replace(AT, at)
    }
}

/// A message, as text and as HTML, in each language.
struct PlainMessage {
    /// Indexed by `Lang as usize`; `None` where a catalogue lacks the message, and `t()` falls
    /// back as usual.
    text: [Option<String>; 5],
    /// Escaped for HTML, with the fallback to English already applied.
    html: [Option<Box<str>>; 5],
}

/// Every message without variables, formatted once per language: a page asks for dozens per
/// request, and formatting them through Fluent each time made a page view about 40% dearer
/// (measured with scripts/soak.sh). Found through FxHash, which hashes a short key in a few
/// nanoseconds (the standard SipHash was 3% of a page view's CPU, a binary search over the
/// sorted keys 5%); the keys are ours, never a visitor's, so a hash that does not resist chosen
/// collisions is fine.
static PLAIN: LazyLock<FxHashMap<&'static str, PlainMessage>> = LazyLock::new(plain_messages);

fn plain_messages() -> FxHashMap<&'static str, PlainMessage> {
    let english = include_str!("../../locales/en/main.ftl");
    let Ok(resource) = fluent_syntax::parser::parse(english) else {
        return FxHashMap::default();
    };
    resource
        .body
        .iter()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(message) => Some(message.id.name),
            _ => None,
        })
        .map(|key| {
            let text = Lang::ALL.map(|lang| {
                LOCALES
                    .lookup_single_language::<&str>(lang.langid(), key, None)
                    .ok()
            });
            // A language without the message shows English, as `lookup` does; a message that
            // needs variables has no text here, and `h()` formats it (with its fallbacks) when
            // asked.
            let html = Lang::ALL.map(|lang| {
                text[lang as usize]
                    .as_deref()
                    .or(text[Lang::En as usize].as_deref())
                    .map(|text| escape_html(text).into_boxed_str())
            });
            (key, PlainMessage { text, html })
        })
        .collect()
}

/// A message escaped for HTML (by Askama's own HTML escaper), for a template to write as is.
pub struct Html(Cow<'static, str>);

impl std::fmt::Display for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl askama::filters::HtmlSafe for Html {}

impl askama::FastWritable for Html {
    fn write_into(
        &self,
        dest: &mut dyn std::fmt::Write,
        _: &dyn askama::Values,
    ) -> askama::Result<()> {
        Ok(dest.write_str(&self.0)?)
    }
}

fn escape_html(text: &str) -> String {
    askama::filters::escape(text, askama::filters::Html)
        .map(|escaped| escaped.to_string())
        .unwrap_or_default()
}

/// An integer (in its one canonical spelling, so phone numbers like `"+15555550199"` or
/// `"0800…"` stay text) becomes a Fluent number; anything else is text.
fn fluent_value(value: &str) -> FluentValue<'_> {
    match value.parse::<i64>() {
        Ok(n) if n.to_string() == value => FluentValue::from(n),
        _ => FluentValue::from(value),
    }
}

/// `lang`'s message, else English's, else the key.
fn lookup(
    loader: &StaticLoader,
    lang: Lang,
    key: &str,
    args: Option<&HashMap<&str, FluentValue>>,
) -> String {
    match loader.lookup_single_language(lang.langid(), key, args) {
        Ok(text) => return text,
        Err(error) if lang != Lang::En => {
            tracing::debug!(key, lang = lang.tag(), %error, "translation missing; using English");
        }
        Err(_) => {}
    }
    match loader.lookup_single_language(Lang::En.langid(), key, args) {
        Ok(text) => text,
        Err(error) => {
            tracing::warn!(key, %error, "no English text for this message; showing its key");
            key.to_owned()
        }
    }
}

#[cfg(test)]
mod cache_tests {
    use super::*;

    #[test]
    fn the_preformatted_messages_are_exactly_what_fluent_formats() {
        assert!(PLAIN.len() > 80, "the catalogue's messages were found");
        for (key, message) in PLAIN.iter() {
            for lang in Lang::ALL {
                let formatted = lookup(&LOCALES, lang, key, None);
                if let Some(cached) = &message.text[lang as usize] {
                    assert_eq!(cached, &formatted, "{key} in {}", lang.tag());
                }
                assert_eq!(Tr::new(lang).t(key), formatted, "{key} in {}", lang.tag());
            }
        }
    }

    #[test]
    fn preparing_the_messages_logs_nothing() {
        let lines = crate::telemetry::captured::Captured::default();
        let sink = lines.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || sink.clone())
            .finish();
        let messages = tracing::subscriber::with_default(subscriber, plain_messages);
        assert!(messages.len() > 80);
        let logged = lines.text();
        assert!(logged.is_empty(), "{logged}");
    }

    #[test]
    fn a_messages_html_is_its_text_escaped_in_every_language_and_for_unknown_keys() {
        for (key, _) in PLAIN.iter() {
            for lang in Lang::ALL {
                let t = Tr::new(lang);
                assert_eq!(t.h(key).to_string(), escape_html(&t.t(key)), "{key}");
            }
        }
        // The escaping itself: a text with markup in it never reaches a page as markup.
        assert_eq!(
            escape_html("<b>\"Tom\" & 'Jerry'</b>"),
            "&#60;b&#62;&#34;Tom&#34; &#38; &#39;Jerry&#39;&#60;/b&#62;"
        );
        let unknown = Tr::new(Lang::En).h("<no-such-key>").to_string();
        assert!(!unknown.contains('<'), "{unknown}");
    }
}
