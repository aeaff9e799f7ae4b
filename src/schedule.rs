//! The scheduler: a tokio-cron-scheduler job on the `[schedule] checks` expression. A cycle
//! never overlaps the next: a tick that finds one still running is skipped and logged.

use crate::cycle::Checker;
use std::sync::Arc;
use tokio::sync::Mutex;
use tokio_cron_scheduler::{Job, JobScheduler, JobSchedulerError};

/// Runs one cycle unless one is already running; logs the summary. Returns false when skipped.
pub async fn run_guarded(checker: &Checker, running: &Mutex<()>) -> bool {
    let Ok(_guard) = running.try_lock() else {
        tracing::warn!("previous check cycle still running; this tick is skipped");
        return false;
    };
    match checker.run_cycle().await {
        Ok(out) => {
            let count = |s| out.report.targets.iter().filter(|t| t.status == s).count();
            use crate::model::Severity::*;
            tracing::info!(
                status = %out.report.status,
                targets = out.report.targets.len(),
                ok = count(Ok),
                warning = count(Warning),
                critical = count(Critical),
                unknown = count(Unknown),
                changes = out.changes.len(),
                http_calls = out.http_calls,
                elapsed_ms = out.elapsed.as_millis() as u64,
                "check cycle finished"
            );
        }
        Err(e) => tracing::error!(error = %e, "check cycle could not be recorded"),
    }
    true
}

/// Starts the scheduler with one job on `cron`; the returned scheduler keeps running until shut
/// down. `running` is held during each cycle; share it with anything else that runs cycles.
pub async fn start(
    checker: Checker,
    cron: &str,
    running: Arc<Mutex<()>>,
) -> Result<JobScheduler, JobSchedulerError> {
    let sched = JobScheduler::new().await?;
    let job = Job::new_async(cron, move |_id, _lock| {
        let checker = checker.clone();
        let running = running.clone();
        Box::pin(async move {
            run_guarded(&checker, &running).await;
        })
    })?;
    sched.add(job).await?;
    sched.start().await?;
    Ok(sched)
}

/// Adds the daily digest job to a running scheduler.
pub async fn add_digest(
    sched: &JobScheduler,
    cron: &str,
    store: crate::store::Store,
    policy: Arc<crate::alerts::AlertPolicy>,
) -> Result<(), JobSchedulerError> {
    let job = Job::new_async(cron, move |_id, _lock| {
        let (store, policy) = (store.clone(), policy.clone());
        Box::pin(async move {
            match crate::alerts::queue_digest(&store, &policy, chrono::Utc::now()) {
                Ok(n) => tracing::info!(messages = n, "daily digest queued"),
                Err(e) => tracing::error!(error = %e, "daily digest failed"),
            }
        })
    })?;
    sched.add(job).await.map(|_| ())
}

/// Adds the daily discovery job to a running scheduler: every tenant's mail apps are read and
/// new ones noticed.
pub async fn add_discovery(
    sched: &JobScheduler,
    cron: &str,
    checker: Checker,
) -> Result<(), JobSchedulerError> {
    let job = Job::new_async(cron, move |_id, _lock| {
        let checker = checker.clone();
        Box::pin(async move {
            match crate::usecases::rediscover::every_tenant(&checker).await {
                Ok(n) => tracing::info!(new_apps = n, "daily discovery finished"),
                Err(e) => tracing::error!(error = %e, "daily discovery could not be recorded"),
            }
        })
    })?;
    sched.add(job).await.map(|_| ())
}
