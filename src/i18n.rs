//! The dashboard's and the alerts' words, in Project Fluent files a translator can work on:
//! `assets/locales/en.ftl` and `assets/locales/nl.ftl`, compiled in. [`Lang::t`] gives a
//! message without variables (formatted once, then kept); [`Lang::count`] a message that
//! depends on a number, with the language's plural rules (`{ $n -> [one] … *[other] … }`).

use crate::explain::Lang;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

/// The English messages.
pub const EN: &str = include_str!("../assets/locales/en.ftl");
/// The Dutch messages.
pub const NL: &str = include_str!("../assets/locales/nl.ftl");

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: OnceLock<(Bundle, Bundle)> = OnceLock::new();
    let (en, nl) = BUNDLES.get_or_init(|| (build("en", EN), build("nl", NL)));
    match lang {
        Lang::En => en,
        Lang::Nl => nl,
    }
}

fn build(code: &str, text: &str) -> Bundle {
    let id: unic_langid::LanguageIdentifier = code.parse().expect("a language code");
    let mut b = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around values: they would end up in HTML and mails.
    b.set_use_isolating(false);
    let resource = FluentResource::try_new(text.to_string()).unwrap_or_else(|(r, errors)| {
        // A broken entry loses only itself; the test of the files names it.
        tracing::error!(lang = code, ?errors, "a translation file has errors");
        r
    });
    if let Err(errors) = b.add_resource(resource) {
        tracing::error!(
            lang = code,
            ?errors,
            "a translation file has duplicate messages"
        );
    }
    b
}

/// Formats `key` with `args`; the key itself when the message is missing.
fn format(lang: Lang, key: &str, args: Option<&FluentArgs<'_>>) -> String {
    let b = bundle(lang);
    let Some(pattern) = b.get_message(key).and_then(|m| m.value()) else {
        return key.to_string();
    };
    let mut errors = Vec::new();
    b.format_pattern(pattern, args, &mut errors).into_owned()
}

impl Lang {
    /// The message `key` (without variables) in this language.
    pub fn t(self, key: &'static str) -> &'static str {
        static CACHE: OnceLock<RwLock<HashMap<(Lang, &'static str), &'static str>>> =
            OnceLock::new();
        let cache = CACHE.get_or_init(Default::default);
        if let Some(s) = cache
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&(self, key))
        {
            return s;
        }
        // Formatted once per language and message: a bounded set, kept for the process.
        let text: &'static str = Box::leak(format(self, key, None).into_boxed_str());
        cache
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert((self, key), text);
        text
    }

    /// The message `key` for the number `n` (`$n` in the message).
    pub fn count(self, key: &str, n: i64) -> String {
        self.args(key, &[("n", n)])
    }

    /// The message `key` with texts (`$name` in the message).
    pub fn with(self, key: &str, values: &[(&'static str, &str)]) -> String {
        let mut args = FluentArgs::new();
        for (name, v) in values {
            args.set(*name, v.to_string());
        }
        format(self, key, Some(&args))
    }

    /// The message `key` with numbers (`$name` in the message).
    pub fn args(self, key: &str, values: &[(&'static str, i64)]) -> String {
        let mut args = FluentArgs::new();
        for (name, v) in values {
            args.set(*name, *v);
        }
        format(self, key, Some(&args))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Message ids of a Fluent file.
    fn ids(text: &str) -> Vec<String> {
        text.lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
            .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_string()))
            .collect()
    }

    #[test]
    fn both_files_parse_and_hold_the_same_messages() {
        for (code, text) in [("en", EN), ("nl", NL)] {
            if let Err((_, errors)) = FluentResource::try_new(text.to_string()) {
                panic!("{code}.ftl: {errors:?}");
            }
        }
        let (mut en, mut nl) = (ids(EN), ids(NL));
        en.sort();
        nl.sort();
        assert_eq!(en, nl, "en.ftl and nl.ftl must hold the same message ids");
        assert!(en.len() > 500, "{}", en.len());
    }

    /// Every Rust source file below `src/`, with its text.
    fn sources() -> Vec<(std::path::PathBuf, String)> {
        let mut out = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    out.push((p, text));
                }
            }
        }
        out
    }

    #[test]
    fn every_message_the_code_asks_for_exists() {
        let known: std::collections::HashSet<String> = ids(EN).into_iter().collect();
        let mut missing = Vec::new();
        for (p, text) in sources() {
            for call in [".t(\"", ".count(\"", ".args(\"", ".with(\""] {
                for chunk in text.split(call).skip(1) {
                    let key = chunk.split('"').next().unwrap_or("");
                    if !known.contains(key) {
                        missing.push(format!("{}: {key}", p.display()));
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "messages missing from en.ftl: {missing:#?}"
        );
    }

    #[test]
    fn every_message_is_used() {
        let src: String = sources().into_iter().map(|(_, t)| t).collect();
        let unused: Vec<String> = ids(EN)
            .into_iter()
            .filter(|id| !src.contains(&format!("\"{id}\"")))
            .collect();
        assert!(unused.is_empty(), "messages no code asks for: {unused:?}");
    }

    #[test]
    fn plurals_follow_the_language() {
        assert_eq!(Lang::En.count("n-days-left", 1), "1 day left");
        assert_eq!(Lang::En.count("n-days-left", 12), "12 days left");
        assert_eq!(Lang::Nl.count("n-days-left", 1), "nog 1 dag");
        assert_eq!(Lang::Nl.count("n-days-left", 12), "nog 12 dagen");
        assert_eq!(Lang::Nl.t("overview"), "Overzicht");
    }
}
