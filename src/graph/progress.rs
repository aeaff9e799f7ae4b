//! How far a whole-directory read has come, so a page can say so while thousands of app
//! registrations are read (999 a page, up to [`super::api::MAX_PAGES`] pages).

use std::sync::{Arc, Mutex};

/// Which collection is being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collection {
    /// `/applications`.
    Applications,
    /// `/servicePrincipals`.
    ServicePrincipals,
    /// `/oauth2PermissionGrants`.
    Grants,
    /// Anything else paged.
    Other,
}

impl Collection {
    /// The collection a paged read names (`"applications page"` …).
    fn of(what: &str) -> Collection {
        if what.starts_with("applications") {
            Collection::Applications
        } else if what.starts_with("servicePrincipals") {
            Collection::ServicePrincipals
        } else if what.starts_with("oauth2PermissionGrants") {
            Collection::Grants
        } else {
            Collection::Other
        }
    }
}

/// What has been read so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    /// Collections read to the end, with their item counts.
    pub done: Vec<(Collection, usize)>,
    /// The collection being read, items so far and pages so far.
    pub reading: Option<(Collection, usize, usize)>,
}

/// Shared between a read and whoever shows it; cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct ReadProgress(Arc<Mutex<Snapshot>>);

impl ReadProgress {
    fn with(&self, f: impl FnOnce(&mut Snapshot)) {
        f(&mut self.0.lock().unwrap_or_else(|e| e.into_inner()));
    }

    /// A page of `what` with `items` items was read (`last`: no further page).
    pub(super) fn page(&self, what: &str, items: usize, last: bool) {
        let c = Collection::of(what);
        self.with(|s| {
            let (items, pages) = match s.reading {
                Some((r, n, p)) if r == c => (n + items, p + 1),
                _ => (items, 1),
            };
            if last {
                s.reading = None;
                s.done.push((c, items));
            } else {
                s.reading = Some((c, items, pages));
            }
        });
    }

    /// A copy of what has been read so far.
    pub fn snapshot(&self) -> Snapshot {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_add_up_per_collection() {
        let p = ReadProgress::default();
        p.page("applications page", 999, false);
        p.page("applications page", 999, false);
        assert_eq!(
            p.snapshot().reading,
            Some((Collection::Applications, 1998, 2))
        );
        p.page("applications page", 3, true);
        p.page("servicePrincipals page", 999, false);
        let s = p.snapshot();
        assert_eq!(s.done, vec![(Collection::Applications, 2001)]);
        assert_eq!(s.reading, Some((Collection::ServicePrincipals, 999, 1)));
    }
}
