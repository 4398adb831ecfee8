//! The catalogues against English, every message formatted in every language, the fallbacks,
//! the negotiation rules, the extractor and the way templates call [`Tr`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use axum::{extract::FromRequestParts, http::Request};
use fluent_bundle::FluentValue;
use fluent_syntax::ast;

use super::*;

/// Every shipped catalogue, as compiled into the binary.
const CATALOGUES: [(Lang, &str); 5] = [
    (Lang::En, include_str!("../../locales/en/main.ftl")),
    (Lang::PtBr, include_str!("../../locales/pt-BR/main.ftl")),
    (Lang::EsEs, include_str!("../../locales/es-ES/main.ftl")),
    (Lang::Fr, include_str!("../../locales/fr/main.ftl")),
    (Lang::ZhHans, include_str!("../../locales/zh-CN/main.ftl")),
];

/// Messages allowed to contain `<` or `>`, with the reason. None: the templates hold the markup,
/// the catalogues hold text (which Askama escapes).
const ANGLE_BRACKETS_ALLOWED: &[&str] = &[];

/// Each message's id and the variables it uses, parsed with Fluent's own parser.
fn messages(lang: Lang, source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(resource) => resource,
        Err((_, errors)) => panic!("{} does not parse: {errors:?}", lang.tag()),
    };
    let mut messages = BTreeMap::new();
    for entry in &resource.body {
        match entry {
            ast::Entry::Message(message) => {
                let value = message
                    .value
                    .as_ref()
                    .unwrap_or_else(|| panic!("{}: {} has no value", lang.tag(), message.id.name));
                let mut variables = BTreeSet::new();
                pattern_variables(value, &mut variables);
                let previous = messages.insert(message.id.name.to_string(), variables);
                assert!(
                    previous.is_none(),
                    "{}: {} is defined twice",
                    lang.tag(),
                    message.id.name
                );
            }
            ast::Entry::Term(term) => panic!(
                "{}: term -{} (keep catalogues to messages, so their keys compare one to one)",
                lang.tag(),
                term.id.name
            ),
            ast::Entry::Junk { content } => panic!("{}: cannot read {content:?}", lang.tag()),
            _ => {}
        }
    }
    messages
}

fn pattern_variables(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(expression: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for variant in variants {
                pattern_variables(&variant.value, out);
            }
        }
        ast::Expression::Inline(inline) => inline_variables(inline, out),
    }
}

fn inline_variables(inline: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, out),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_variables(argument, out);
            }
            for argument in &arguments.named {
                inline_variables(&argument.value, out);
            }
        }
        _ => {}
    }
}

fn english() -> BTreeMap<String, BTreeSet<String>> {
    messages(Lang::En, CATALOGUES[0].1)
}

/// A plausible value for each variable the messages use.
fn plausible(variable: &str) -> &'static str {
    match variable {
        "minutes" => "5",
        "seconds" => "30",
        "at" => "2026-11-22 07:58 UTC",
        "name" => "Ada Lovelace",
        "file" => ".env",
        "manifest" => "Cargo.toml",
        "command" => "cargo run",
        "variable" => "APP_BASE_URL",
        "url" => "http://localhost:3000",
        "prefix" => "Hx3v",
        "length" => "43",
        "ms" => "12",
        "passed" => "7",
        "total" => "8",
        "opened" => "http://127.0.0.1:3000",
        "configured" => "http://localhost:3000",
        "callback" => "http://localhost:3000/callback",
        "destination" => "t•••@example.com",
        other => panic!("add a plausible value for ${other} to the tests"),
    }
}

#[test]
fn every_catalogue_has_every_key_english_has() {
    let english = english();
    let mut missing = Vec::new();
    for (lang, source) in &CATALOGUES[1..] {
        let theirs = messages(*lang, source);
        let lacking: Vec<&str> = english
            .keys()
            .filter(|key| !theirs.contains_key(*key))
            .map(String::as_str)
            .collect();
        if !lacking.is_empty() {
            missing.push(format!("{} lacks: {}", lang.tag(), lacking.join(", ")));
        }
    }
    assert!(missing.is_empty(), "\n{}", missing.join("\n"));
}

#[test]
fn no_catalogue_has_a_key_english_lacks() {
    let english = english();
    let mut extra = Vec::new();
    for (lang, source) in &CATALOGUES[1..] {
        let surplus: Vec<String> = messages(*lang, source)
            .into_keys()
            .filter(|key| !english.contains_key(key))
            .collect();
        if !surplus.is_empty() {
            extra.push(format!("{} has: {}", lang.tag(), surplus.join(", ")));
        }
    }
    assert!(
        extra.is_empty(),
        "keys that English does not have (add them to en/main.ftl or remove them):\n{}",
        extra.join("\n")
    );
}

#[test]
fn translations_use_the_same_variables_as_english() {
    let english = english();
    let mut wrong = Vec::new();
    for (lang, source) in &CATALOGUES[1..] {
        for (key, variables) in messages(*lang, source) {
            if let Some(expected) = english.get(&key)
                && *expected != variables
            {
                wrong.push(format!(
                    "{} {key}: uses {variables:?}, English uses {expected:?}",
                    lang.tag()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn every_message_formats_in_every_language_without_errors() {
    for (key, variables) in english() {
        for lang in Lang::ALL {
            let args: HashMap<&str, FluentValue> = variables
                .iter()
                .map(|v| (v.as_str(), fluent_value(plausible(v))))
                .collect();
            let text = LOCALES
                .lookup_single_language(lang.langid(), &key, Some(&args))
                .unwrap_or_else(|e| panic!("{} {key}: {e}", lang.tag()));
            assert!(!text.trim().is_empty(), "{} {key} is empty", lang.tag());
            assert!(
                !text.contains(['\u{2068}', '\u{2069}']),
                "{} {key} has bidi isolation marks: {text:?}",
                lang.tag()
            );
            for variable in &variables {
                assert!(
                    text.contains(plausible(variable)),
                    "{} {key} does not show ${variable}: {text:?}",
                    lang.tag()
                );
            }
        }
    }
}

#[test]
fn no_translation_contains_angle_brackets() {
    let mut offending = Vec::new();
    for (lang, source) in CATALOGUES {
        let resource = fluent_syntax::parser::parse(source).expect("parses");
        for entry in &resource.body {
            if let ast::Entry::Message(message) = entry {
                let key = message.id.name;
                let mut text = String::new();
                if let Some(value) = &message.value {
                    pattern_text(value, &mut text);
                }
                if text.contains(['<', '>']) && !ANGLE_BRACKETS_ALLOWED.contains(&key) {
                    offending.push(format!("{} {key}: {text}", lang.tag()));
                }
            }
        }
    }
    assert!(
        offending.is_empty(),
        "markup belongs in the templates, not the catalogues:\n{}",
        offending.join("\n")
    );
}

/// All literal text of a pattern, including every variant of a selector.
fn pattern_text(pattern: &ast::Pattern<&str>, out: &mut String) {
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => out.push_str(value),
            ast::PatternElement::Placeable {
                expression: ast::Expression::Select { variants, .. },
            } => {
                for variant in variants {
                    pattern_text(&variant.value, out);
                }
            }
            ast::PatternElement::Placeable {
                expression: ast::Expression::Inline(ast::InlineExpression::StringLiteral { value }),
            } => out.push_str(value),
            ast::PatternElement::Placeable { .. } => {}
        }
    }
}

#[test]
fn french_punctuation_has_non_breaking_spaces() {
    let source = CATALOGUES[3].1;
    for line in source.lines().filter(|l| !l.starts_with('#')) {
        for mark in [" ;", " :", " ?", " !", "« ", " »"] {
            assert!(
                !line.contains(mark),
                "fr: use a non-breaking space in {mark:?}: {line}"
            );
        }
    }
}

#[test]
fn the_locales_folder_holds_exactly_the_five_catalogues() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let mut found = BTreeSet::new();
    for entry in std::fs::read_dir(&root).expect("locales/ is readable") {
        let entry = entry.expect("locales/ entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        let files: Vec<String> = std::fs::read_dir(entry.path())
            .unwrap_or_else(|e| panic!("locales/{name} is not a folder: {e}"))
            .map(|f| {
                f.expect("catalogue file")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(
            files,
            ["main.ftl"],
            "locales/{name} should hold main.ftl only"
        );
        found.insert(name);
    }
    let expected: BTreeSet<String> = Lang::ALL.iter().map(|l| l.tag().to_owned()).collect();
    assert_eq!(found, expected);
}

#[test]
fn plurals_follow_each_languages_rules() {
    let one = |lang| Tr::new(lang).t_args("expiry-in-seconds", &[("seconds", "1"), ("at", "AT")]);
    let two = |lang| Tr::new(lang).t_args("expiry-in-minutes", &[("minutes", "2"), ("at", "AT")]);
    assert_eq!(one(Lang::En), "expires in 1 second (AT)");
    assert_eq!(two(Lang::En), "expires in 2 minutes (AT)");
    assert_eq!(one(Lang::PtBr), "expira em 1 segundo (AT)");
    assert_eq!(two(Lang::PtBr), "expira em 2 minutos (AT)");
    assert_eq!(one(Lang::EsEs), "caduca dentro de 1 segundo (AT)");
    assert_eq!(two(Lang::EsEs), "caduca dentro de 2 minutos (AT)");
    assert_eq!(one(Lang::Fr), "expire dans 1 seconde (AT)");
    assert_eq!(two(Lang::Fr), "expire dans 2 minutes (AT)");
    assert_eq!(one(Lang::ZhHans), "1 秒后过期（AT）");
    assert_eq!(two(Lang::ZhHans), "2 分钟后过期（AT）");
    // French counts 0 as singular; English does not.
    let zero = |lang| Tr::new(lang).t_args("expiry-in-seconds", &[("seconds", "0"), ("at", "AT")]);
    assert_eq!(zero(Lang::Fr), "expire dans 0 seconde (AT)");
    assert_eq!(zero(Lang::En), "expires in 0 seconds (AT)");
}

#[test]
fn english_reads_as_the_app_did_before_translation() {
    let en = Tr::new(Lang::En);
    assert_eq!(
        en.t_args(
            "expiry-in-minutes",
            &[("minutes", "60"), ("at", "2026-11-22 07:58 UTC")]
        ),
        "expires in 60 minutes (2026-11-22 07:58 UTC)"
    );
    assert_eq!(
        en.t_args("expiry-expired-at", &[("at", "X")]),
        "expired at X"
    );
    assert_eq!(en.t("expiry-none"), "no expiry given");
    assert_eq!(
        en.t("error-sign-in-cancelled-title"),
        "Sign-in was cancelled"
    );
    assert_eq!(
        en.t_args("sign-out-signed-in-as", &[("name", "Ada")]),
        "You are signed in as Ada."
    );
}

#[test]
fn only_canonical_integers_become_numbers() {
    assert!(matches!(fluent_value("5"), FluentValue::Number(_)));
    assert!(matches!(fluent_value("-3"), FluentValue::Number(_)));
    for text in ["+15555550199", "0800", "5.0", "1e3", "Ada", ""] {
        assert!(
            matches!(fluent_value(text), FluentValue::String(_)),
            "{text:?} should stay text"
        );
    }
    // A phone number shown through a variable keeps its plus sign.
    assert_eq!(
        Tr::new(Lang::En).t_args("sign-out-signed-in-as", &[("name", "+15555550199")]),
        "You are signed in as +15555550199."
    );
}

// The fallback chain, on a fixture whose French lacks a key (the real catalogues may not).
fluent_templates::static_loader! {
    static FIXTURE = {
        locales: "./src/i18n/testdata",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

#[test]
fn a_key_missing_in_a_language_falls_back_to_english() {
    assert_eq!(
        lookup(&FIXTURE, Lang::Fr, "both", None),
        "Les deux, en français"
    );
    assert_eq!(
        lookup(&FIXTURE, Lang::Fr, "only-in-english", None),
        "Only in English"
    );
    // A language with no catalogue at all gets English too.
    assert_eq!(
        lookup(&FIXTURE, Lang::ZhHans, "both", None),
        "Both, in English"
    );
}

#[test]
fn a_key_missing_everywhere_shows_the_key() {
    assert_eq!(
        lookup(&FIXTURE, Lang::Fr, "no-such-key", None),
        "no-such-key"
    );
    for lang in Lang::ALL {
        let tr = Tr::new(lang);
        assert_eq!(tr.t("no-such-key"), "no-such-key");
        assert_eq!(tr.t_args("no-such-key", &[("name", "x")]), "no-such-key");
        // Odd keys do not panic either (a dot asks Fluent for an attribute).
        assert_eq!(tr.t(""), "");
        assert_eq!(tr.t("home-welcome.nope"), "home-welcome.nope");
    }
}

#[test]
fn variables_are_filled_and_no_isolation_marks_are_added() {
    let args = [("name", "Ada")];
    let mut fixture_args = HashMap::new();
    fixture_args.insert("name", FluentValue::from("Ada"));
    assert_eq!(
        lookup(&FIXTURE, Lang::Fr, "greeting", Some(&fixture_args)),
        "Bonjour Ada"
    );
    assert_eq!(
        Tr::new(Lang::Fr).t_args("sign-out-signed-in-as", &args),
        "Compte connecté\u{a0}: Ada."
    );
    assert_eq!(
        Tr::new(Lang::ZhHans).t_args("sign-out-signed-in-as", &args),
        "你当前以 Ada 的身份登录。"
    );
}

#[test]
fn a_message_missing_its_variable_falls_back_rather_than_half_formatting() {
    // No `$name`: French and English both fail to format, so the key shows (visibly wrong,
    // which is what a forgotten argument should be).
    assert_eq!(
        Tr::new(Lang::Fr).t("sign-out-signed-in-as"),
        "sign-out-signed-in-as"
    );
}

// Tags.

#[test]
fn tags_are_what_logto_ui_locales_understands() {
    let tags: Vec<&str> = Lang::ALL.iter().map(|l| l.tag()).collect();
    assert_eq!(tags, ["en", "pt-BR", "es-ES", "fr", "zh-CN"]);
    for lang in Lang::ALL {
        assert_eq!(lang.langid().to_string(), lang.tag());
        assert_eq!(lang.to_string(), lang.tag());
        assert_eq!(Lang::ALL[lang as usize], lang);
    }
}

#[test]
fn from_tag_reads_exact_tags_in_any_case() {
    for lang in Lang::ALL {
        assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        assert_eq!(Lang::from_tag(&lang.tag().to_uppercase()), Some(lang));
        assert_eq!(Lang::from_tag(&lang.tag().to_lowercase()), Some(lang));
    }
    for other in ["", "pt", "es", "zh", "zh-Hans", "en-US", "de", "pt_BR", "*"] {
        assert_eq!(Lang::from_tag(other), None, "{other:?}");
    }
}

#[test]
fn native_names_are_written_in_their_own_language() {
    let names: Vec<&str> = Lang::ALL.iter().map(|l| l.native_name()).collect();
    assert_eq!(
        names,
        [
            "English",
            "Português (Brasil)",
            "Español (España)",
            "Français",
            "简体中文"
        ]
    );
}

// Negotiation.

fn accept(header: &str) -> Lang {
    Lang::negotiate(None, Some(header))
}

#[test]
fn a_remembered_choice_wins_over_accept_language() {
    assert_eq!(Lang::negotiate(Some("fr"), Some("zh-CN")), Lang::Fr);
    assert_eq!(Lang::negotiate(Some("PT-br"), None), Lang::PtBr);
}

#[test]
fn an_invalid_remembered_choice_is_ignored() {
    assert_eq!(Lang::negotiate(Some("klingon"), Some("es")), Lang::EsEs);
    assert_eq!(Lang::negotiate(Some(""), Some("fr-FR")), Lang::Fr);
    assert_eq!(Lang::negotiate(Some("de"), None), Lang::En);
}

#[test]
fn nothing_to_go_on_means_english() {
    assert_eq!(Lang::negotiate(None, None), Lang::En);
    assert_eq!(accept(""), Lang::En);
    assert_eq!(accept("*"), Lang::En);
    assert_eq!(accept("de-DE, ja;q=0.5"), Lang::En);
    assert_eq!(accept(",,;q=,garbage!!,"), Lang::En);
}

#[test]
fn any_portuguese_gets_brazilian_portuguese() {
    assert_eq!(accept("pt"), Lang::PtBr);
    assert_eq!(accept("pt-BR"), Lang::PtBr);
    assert_eq!(accept("pt-PT"), Lang::PtBr);
    assert_eq!(accept("pt-AO,en;q=0.5"), Lang::PtBr);
}

#[test]
fn any_spanish_gets_european_spanish() {
    assert_eq!(accept("es"), Lang::EsEs);
    assert_eq!(accept("es-ES"), Lang::EsEs);
    assert_eq!(accept("es-MX,es;q=0.9"), Lang::EsEs);
    assert_eq!(accept("es-419"), Lang::EsEs);
}

#[test]
fn simplified_chinese_tags_get_simplified_chinese() {
    for tag in [
        "zh",
        "zh-CN",
        "zh-Hans",
        "zh-Hans-CN",
        "zh-SG",
        "zh-Hans-TW",
    ] {
        assert_eq!(accept(tag), Lang::ZhHans, "{tag}");
    }
}

#[test]
fn traditional_chinese_falls_through_to_the_next_preference() {
    for tag in [
        "zh-TW",
        "zh-HK",
        "zh-MO",
        "zh-Hant",
        "zh-Hant-TW",
        "zh-Hant-CN",
    ] {
        assert_eq!(accept(tag), Lang::En, "{tag} alone");
        assert_eq!(accept(&format!("{tag}, fr;q=0.8")), Lang::Fr, "{tag}, fr");
        assert_eq!(
            accept(&format!("{tag}, zh-CN;q=0.8")),
            Lang::ZhHans,
            "{tag}, zh-CN"
        );
    }
}

#[test]
fn any_french_gets_french_and_any_english_gets_english() {
    assert_eq!(accept("fr"), Lang::Fr);
    assert_eq!(accept("fr-CA"), Lang::Fr);
    assert_eq!(accept("fr-BE;q=0.9"), Lang::Fr);
    assert_eq!(accept("en-GB"), Lang::En);
    assert_eq!(accept("en-US,fr;q=0.9"), Lang::En);
}

#[test]
fn the_first_supported_preference_wins() {
    assert_eq!(accept("de-DE,de;q=0.9,fr;q=0.8,en;q=0.7"), Lang::Fr);
    assert_eq!(accept("ja, pt-BR;q=0.8, en;q=0.5"), Lang::PtBr);
    assert_eq!(accept("  ES-es ;q=0.9 ,en"), Lang::EsEs);
}

// The extractor.

async fn extract(headers: &[(&str, &str)]) -> Lang {
    let mut request = Request::builder();
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let (mut parts, ()) = request.body(()).expect("request").into_parts();
    match Lang::from_request_parts(&mut parts, &()).await {
        Ok(lang) => lang,
        Err(never) => match never {},
    }
}

#[tokio::test]
async fn the_extractor_reads_the_cookie_then_accept_language() {
    assert_eq!(extract(&[]).await, Lang::En);
    assert_eq!(
        extract(&[("accept-language", "fr-CA,fr;q=0.9")]).await,
        Lang::Fr
    );
    assert_eq!(
        extract(&[
            ("accept-language", "fr"),
            ("cookie", "logto_app_session=abc; lang=zh-CN; other=1"),
        ])
        .await,
        Lang::ZhHans
    );
    // A cookie that names no language of ours is ignored.
    assert_eq!(
        extract(&[("accept-language", "es"), ("cookie", "lang=xx")]).await,
        Lang::EsEs
    );
    // HTTP/2 may split cookies over several headers.
    assert_eq!(
        extract(&[("cookie", "a=1"), ("cookie", "lang=pt-BR")]).await,
        Lang::PtBr
    );
    // A quoted cookie value is read too.
    assert_eq!(extract(&[("cookie", "lang=\"fr\"")]).await, Lang::Fr);
    // Only the `lang` cookie counts, not one whose value happens to be a tag.
    assert_eq!(extract(&[("cookie", "theme=fr")]).await, Lang::En);
}

// How templates use it: the calls the module docs promise compile and render as shown.

#[derive(askama::Template)]
#[template(
    ext = "html",
    source = r#"<html lang="{{ t.lang.tag() }}"><h1>{{ t.h("home-welcome") }}</h1><p>{{ t.t_args("sign-out-signed-in-as", [("name", display_name.as_str())]) }}</p><label>{{ t.h("layout-language") }}</label>{% for lang in crate::i18n::Lang::ALL %}<a href="?lang={{ lang.tag() }}"{% if lang == t.lang %} aria-current="true"{% endif %}>{{ lang.native_name() }}</a>{% endfor %}"#
)]
struct Demo {
    t: Tr,
    display_name: String,
}

#[test]
fn templates_call_tr_on_a_field_and_askama_escapes_the_result() {
    use askama::Template;
    let page = Demo {
        t: Tr::new(Lang::Fr),
        display_name: "<b>Ada</b>".into(),
    }
    .render()
    .expect("renders");
    assert!(
        page.starts_with(r#"<html lang="fr"><h1>Bienvenue</h1>"#),
        "{page}"
    );
    assert!(
        page.contains("&#60;b&#62;Ada&#60;/b&#62;") || page.contains("&lt;b&gt;Ada"),
        "{page}"
    );
    assert!(
        page.contains(r#"<a href="?lang=fr" aria-current="true">Français</a>"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<a href="?lang=zh-CN">简体中文</a>"#),
        "{page}"
    );
}
