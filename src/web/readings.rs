//! Directory reads of the Discover page that can outlast a request (a tenant with thousands of
//! app registrations takes many pages): one read per tenant at a time, shown with its progress
//! while it runs, its result given to the next view of the page.

use crate::discovery::FoundApp;
use crate::graph::progress::{ReadProgress, Snapshot};
use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// What a read found, or why the directory could not be read.
pub type Found = Result<Vec<FoundApp>, String>;

/// A read older than this without a result is started again (it cannot be running still:
/// every Graph call has a timeout).
const STALE: Duration = Duration::from_secs(15 * 60);

struct Reading {
    started: Instant,
    progress: ReadProgress,
    result: watch::Receiver<Option<Found>>,
}

/// How a read stands.
pub enum Status {
    /// Finished.
    Done(Found),
    /// Still reading: what it read so far, and for how long.
    Running(Snapshot, Duration),
}

/// The reads in progress, by tenant row id.
#[derive(Default)]
pub struct Readings(Mutex<HashMap<i64, Reading>>);

impl Readings {
    /// Joins the read of `tenant` in progress, or starts `read` with a fresh progress;
    /// waits up to `patience` for it to finish.
    pub async fn follow<F, Fut>(&self, tenant: i64, read: F, patience: Duration) -> Status
    where
        F: FnOnce(ReadProgress) -> Fut,
        Fut: Future<Output = Found> + 'static,
    {
        let (mut rx, progress, started) = {
            let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
            let fresh = map
                .get(&tenant)
                .is_some_and(|r| r.started.elapsed() < STALE);
            if !fresh {
                let progress = ReadProgress::default();
                let (tx, rx) = watch::channel(None);
                let fut = read(progress.clone());
                actix_web::rt::spawn(async move {
                    let _ = tx.send(Some(fut.await));
                });
                map.insert(
                    tenant,
                    Reading {
                        started: Instant::now(),
                        progress,
                        result: rx,
                    },
                );
            }
            let r = &map[&tenant];
            (r.result.clone(), r.progress.clone(), r.started)
        };
        let done = tokio::time::timeout(patience, rx.wait_for(Option::is_some)).await;
        match done {
            Ok(Ok(found)) => {
                let found = found.clone().unwrap_or_else(|| Err("no result".into()));
                let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
                if map.get(&tenant).is_some_and(|r| r.started == started) {
                    map.remove(&tenant);
                }
                Status::Done(found)
            }
            Ok(Err(_)) => {
                // The read's task ended without a result (it panicked): start afresh next time.
                self.0
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .remove(&tenant);
                Status::Done(Err("the directory read stopped unexpectedly".into()))
            }
            Err(_) => Status::Running(progress.snapshot(), started.elapsed()),
        }
    }
}
