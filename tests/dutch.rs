//! Every page rendered in Dutch carries none of linkwatch's own English: no English message of
//! `assets/locales/en.ftl`, and no sentence of English function words (linkwatch's finding
//! and error sentences). Microsoft's own words are quoted in `lang="en"` elements, codes in
//! `<code>`, and people's data (names of apps and mailboxes) is not linkwatch's to translate.

#[macro_use]
mod support;

use support::dash::{dash, get, login, Dash};

/// linkwatch's English messages (`assets/locales/en.ftl`) of three words or more that the
/// Dutch file words differently (shorter ones can be Dutch too: "mailbox of").
fn english_messages() -> Vec<String> {
    let values = |text: &str| -> std::collections::HashMap<String, String> {
        text.lines()
            .filter_map(|l| l.split_once(" = "))
            .filter(|(k, _)| k.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
            .map(|(k, v)| (k.to_string(), v.replace("{\" \"}", " ").trim().to_string()))
            .collect()
    };
    let en = values(linkwatch::i18n::EN);
    let nl = values(linkwatch::i18n::NL);
    let mut out: Vec<String> = en
        .iter()
        .filter(|(k, v)| {
            v.split_whitespace().count() >= 3
                && !v.contains('{')
                && nl.get(*k).is_some_and(|n| !n.contains(v.as_str()))
        })
        .map(|(_, v)| v.clone())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The page's readable text, without `<code>`, `<pre>`, `<script>`, `<style>`, `<option>`
/// (time zones) and elements marked `lang="en"`.
fn dutch_text(html: &str) -> String {
    let mut out = String::new();
    let mut skip: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        if skip.is_empty() {
            out.push_str(&rest[..lt]);
        }
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let void = matches!(
            name.as_str(),
            "br" | "input" | "meta" | "link" | "img" | "hr"
        ) || tag.ends_with('/');
        if tag.starts_with('/') {
            if skip.last() == Some(&name) {
                skip.pop();
            }
            out.push(' ');
        } else if !void
            && (!skip.is_empty()
                || matches!(
                    name.as_str(),
                    "code" | "pre" | "script" | "style" | "option"
                )
                || tag.contains("lang=\"en\""))
        {
            skip.push(name);
        } else {
            out.push(' ');
        }
    }
    out.push_str(rest);
    out.replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace('\u{a0}', " ")
}

/// Words that mark an English sentence (none is a Dutch word).
const ENGLISH: &[&str] = &[
    "the", "and", "are", "not", "with", "this", "your", "has", "have", "which", "when", "been",
    "its", "from", "that", "cannot", "could", "should", "would", "lacks",
];

/// Sentences (runs between punctuation) with two or more English marker words.
fn english_sentences(text: &str) -> Vec<String> {
    text.split(['.', ':', ';', '!', '?', '\n', '—', '(', ')', '·'])
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| {
            let marks = s
                .split(|c: char| !c.is_alphanumeric() && c != '\'')
                .filter(|w| ENGLISH.contains(&w.to_lowercase().as_str()))
                .count();
            marks >= 2
        })
        .collect()
}

async fn pages(d: &Dash) -> Vec<String> {
    let store = &d.data.store;
    let mut pages: Vec<String> = [
        "/",
        "/history",
        "/alerts",
        "/alerts/channels/new",
        "/alerts/channels/new?kind=email",
        "/alerts/channels/new?kind=webhook",
        "/account",
        "/manage",
        "/manage/tenants/connect",
        "/manage/tenants/new",
        "/manage/apps/new",
        "/manage/mailboxes/new",
        "/manage/users/new",
        "/api-tokens",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for t in store.tenants().unwrap() {
        pages.push(format!("/tenants/{}", t.id));
        if t.monitor_client_id.is_some() {
            pages.push(format!("/tenants/{}/discover", t.id));
        }
        for a in store.apps_of_tenant(t.id).unwrap() {
            pages.push(format!("/apps/{}", a.id));
            pages.push(format!("/apps/{}/rotate", a.id));
            pages.push(format!("/apps/{}/runbook", a.id));
        }
    }
    let rows = store.overview(&Default::default(), 10_000, 0).unwrap().0;
    for r in rows.iter().filter(|r| r.kind == "mailbox") {
        pages.push(format!("/mailboxes/{}", r.id));
        pages.push(format!("/mailboxes/{}/relink", r.id));
    }
    pages
}

#[actix_web::test]
async fn every_page_in_dutch_carries_none_of_linkwatchs_own_english() {
    let d = dash().await;
    let app = app!(d);
    let alice = login(&app, "alice").await;
    let pairs = english_messages();
    assert!(
        pairs.len() > 300,
        "the pairs are read from the sources: {}",
        pairs.len()
    );
    let mut found = Vec::new();
    for path in pages(&d).await {
        let (code, html) = get(&app, &path, Some(&alice), Some("nl")).await;
        if code.is_redirection() {
            continue;
        }
        assert!(html.contains("<html lang=\"nl\""), "{path} is not in Dutch");
        let text = dutch_text(&html);
        for en in &pairs {
            if text.contains(en.as_str()) {
                found.push(format!("{path}: pair text {en:?}"));
            }
        }
        for s in english_sentences(&text) {
            // Where it is in the page, to find the view that wrote it.
            let head: String = s.chars().take(24).collect();
            let context = html
                .find(head.as_str())
                .map(|at| {
                    let from = html[..at]
                        .char_indices()
                        .rev()
                        .nth(160)
                        .map(|(i, _)| i)
                        .unwrap_or(0);
                    html[from..at].to_string()
                })
                .unwrap_or_default();
            found.push(format!("{path}: sentence {s:?}\n    after: {context}"));
        }
    }
    // Error pages are in both languages (the language is not known on every error path): the
    // Dutch paragraph is Dutch.
    for path in ["/apps/999999", "/no-such-page"] {
        let (_, html) = get(&app, path, Some(&alice), Some("nl")).await;
        let nl = html
            .split("<p lang=\"nl\">")
            .nth(1)
            .and_then(|p| p.split("</p>").next())
            .unwrap_or_else(|| panic!("{path}: no Dutch paragraph: {html}"));
        assert!(nl.contains("bestaat niet"), "{path}: {nl}");
    }
    // Signed out: the sign-in page, and a viewer's refusal.
    for (who, path) in [
        (None, "/login"),
        (Some(login(&app, "vera").await), "/manage"),
    ] {
        let (_, html) = get(&app, path, who.as_ref(), Some("nl")).await;
        for s in english_sentences(&dutch_text(&html)) {
            found.push(format!("{path}: sentence {s:?}"));
        }
        for en in &pairs {
            if dutch_text(&html).contains(en.as_str()) {
                found.push(format!("{path}: message {en:?}"));
            }
        }
    }
    found.sort();
    found.dedup();
    assert!(
        found.is_empty(),
        "{} English texts in Dutch pages:\n{}",
        found.len(),
        found.join("\n")
    );
}
