//! Rendered overview pages, kept while the data they show is current.
//!
//! A page is rendered once per (data snapshot, language, role, address, minute, next cycle)
//! with placeholders where the signed-in user's name and CSRF token go; each request fills them
//! in. The snapshot is the store's [`OverviewData`]: when the database changes, the store
//! builds a new one and every page rendered from the old one is dropped. The minute in the key
//! keeps "3 minutes ago" honest.

use super::auth::Ctx;
use crate::accounts::{random_token, Role};
use crate::store::{OverviewData, Session, User};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// Pages kept per snapshot at most (addresses differ by filter and page number).
const MAX_PAGES: usize = 256;

/// What varies between requests for the same snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageKey {
    /// Language code.
    pub lang: &'static str,
    /// Role of the viewer.
    pub role: Role,
    /// Path and query.
    pub path: String,
    /// Minutes since the epoch.
    pub minute: i64,
    /// The next scheduled cycle, as a Unix time.
    pub next_cycle: Option<i64>,
    /// The reader's time zone.
    pub tz: chrono_tz::Tz,
}

enum Part {
    Text(String),
    Csrf,
    User,
}

/// A rendered page with holes for the session's own values.
pub struct Template(Vec<Part>);

impl Template {
    /// The page for this session: its CSRF token and name filled in (HTML-escaped).
    pub fn fill(&self, session: &Session) -> String {
        let csrf = maud::html! { (session.csrf) }.into_string();
        let user = maud::html! { (session.user.name) }.into_string();
        let mut out = String::with_capacity(
            self.0
                .iter()
                .map(|p| match p {
                    Part::Text(t) => t.len(),
                    _ => 64,
                })
                .sum(),
        );
        for p in &self.0 {
            out.push_str(match p {
                Part::Text(t) => t,
                Part::Csrf => &csrf,
                Part::User => &user,
            });
        }
        out
    }
}

/// The data snapshot the pages were rendered from, and the pages.
type Snapshot = (Arc<OverviewData>, HashMap<PageKey, Arc<Template>>);

/// The cache: one snapshot's pages.
pub struct PageCache {
    csrf_mark: String,
    user_mark: String,
    pages: Mutex<Option<Snapshot>>,
    schedule: OnceLock<Option<croner::Cron>>,
    /// The last next-cycle time found, and from when it holds: it is the answer for every
    /// moment from then until it passes.
    next: Mutex<Option<(DateTime<Utc>, DateTime<Utc>)>>,
}

impl Default for PageCache {
    fn default() -> Self {
        // Random marks: no name, address or finding can contain them by chance or on purpose.
        let nonce: String = random_token()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        PageCache {
            csrf_mark: format!("lwcsrf{nonce}"),
            user_mark: format!("lwuser{nonce}"),
            pages: Mutex::new(None),
            schedule: OnceLock::new(),
            next: Mutex::new(None),
        }
    }
}

impl PageCache {
    /// When the schedule `cron` (parsed once) next runs after `now`.
    /// Found once until that time passes, not on every request.
    pub fn next_cycle(&self, cron: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if let Some((from, next)) = *self.next.lock().unwrap_or_else(|e| e.into_inner()) {
            if from <= now && now < next {
                return Some(next);
            }
        }
        let next = self
            .schedule
            .get_or_init(|| croner::Cron::new(cron).with_seconds_required().parse().ok())
            .as_ref()?
            .find_next_occurrence(&now, false)
            .ok()?;
        *self.next.lock().unwrap_or_else(|e| e.into_inner()) = Some((now, next));
        Some(next)
    }

    /// The page for `key` rendered from `data`, if it is in the cache.
    pub fn cached(&self, data: &Arc<OverviewData>, key: &PageKey) -> Option<Arc<Template>> {
        let pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        match pages.as_ref() {
            Some((d, map)) if Arc::ptr_eq(d, data) => map.get(key).cloned(),
            _ => None,
        }
    }

    /// The page for `key` rendered from `data`: from the cache, or by `render` with a context
    /// whose session holds the marks (the same role and language as the caller's).
    pub fn get(
        &self,
        data: &Arc<OverviewData>,
        key: PageKey,
        ctx: &Ctx,
        render: impl FnOnce(&Ctx) -> String,
    ) -> Arc<Template> {
        {
            let pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((d, map)) = pages.as_ref() {
                if Arc::ptr_eq(d, data) {
                    if let Some(t) = map.get(&key) {
                        return t.clone();
                    }
                }
            }
        }
        let marked = Ctx {
            session: ctx.session.as_ref().map(|s| Session {
                user: User {
                    id: s.user.id,
                    name: self.user_mark.clone(),
                    role: s.user.role,
                },
                csrf: self.csrf_mark.clone(),
                time_zone: None,
            }),
            lang: ctx.lang,
            path: ctx.path.clone(),
            token: None,
            tz: ctx.tz,
        };
        let template = Arc::new(self.split(&render(&marked)));
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        match pages.as_mut() {
            Some((d, map)) if Arc::ptr_eq(d, data) => {
                if map.len() >= MAX_PAGES {
                    map.clear();
                }
                map.insert(key, template.clone());
            }
            _ => *pages = Some((data.clone(), HashMap::from([(key, template.clone())]))),
        }
        template
    }

    fn split(&self, mut html: &str) -> Template {
        let mut parts = Vec::new();
        loop {
            let next = [(&self.csrf_mark, true), (&self.user_mark, false)]
                .into_iter()
                .filter_map(|(mark, csrf)| {
                    html.find(mark.as_str()).map(|at| (at, mark.len(), csrf))
                })
                .min_by_key(|&(at, _, _)| at);
            let Some((at, len, csrf)) = next else {
                parts.push(Part::Text(html.to_string()));
                return Template(parts);
            };
            parts.push(Part::Text(html[..at].to_string()));
            parts.push(if csrf { Part::Csrf } else { Part::User });
            html = &html[at + len..];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_filled_in_escaped_and_nothing_else_changes() {
        let cache = PageCache::default();
        let page = format!(
            "<p title=\"{u}\">a</p><input value=\"{c}\"><b>{u}</b>",
            u = cache.user_mark,
            c = cache.csrf_mark
        );
        let session = Session {
            user: User {
                id: 1,
                name: "<eve & co>".into(),
                role: Role::Viewer,
            },
            time_zone: None,
            csrf: "tok".into(),
        };
        assert_eq!(
            cache.split(&page).fill(&session),
            "<p title=\"&lt;eve &amp; co&gt;\">a</p><input value=\"tok\"><b>&lt;eve &amp; co&gt;</b>"
        );
        assert_eq!(cache.split("plain").fill(&session), "plain");
    }
}
