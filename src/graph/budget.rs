//! The time budget of one target's check (`[checks] target_budget_secs`): every call and every
//! wait made while checking it counts against one deadline, so no target holds a cycle. The
//! budget travels with the task (a task-local), so the transport can refuse a `Retry-After`
//! wait that would overrun it, and say what it was waiting for when the budget ran out.
//!
//! Time spent queueing for a concurrency permit behind other targets is not the target's own:
//! the transport reports it with [`queued`] and the deadline moves by as much, so a cycle of
//! 10,000 mailboxes through 4 permits per tenant does not run every late mailbox out of time.

use super::error::{AadError, GraphError};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

tokio::task_local! {
    static BUDGET: Arc<Budget>;
}

#[derive(Debug)]
struct Budget {
    limit: Duration,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    deadline: Instant,
    last: Option<String>,
    /// The identity platform's error of the last reply that carried one (a 503 with
    /// AADSTS90033), kept however the budget ends.
    last_aad: Option<AadError>,
}

impl State {
    fn gave_up(&self, limit: Duration) -> GraphError {
        GraphError::GaveUp {
            after: limit,
            cause: self.last.clone().unwrap_or_else(|| "no answer yet".into()),
            aad: self.last_aad.clone().map(Box::new),
        }
    }
}

impl Budget {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// One target's budget: every [`Deadline::run`] on it shares the same deadline.
#[derive(Debug, Clone)]
pub struct Deadline(Option<Arc<Budget>>);

impl Deadline {
    /// A budget of `limit` from now; a zero limit means none.
    pub fn start(limit: Duration) -> Deadline {
        if limit.is_zero() {
            return Deadline(None);
        }
        Deadline(Some(Arc::new(Budget {
            limit,
            state: Mutex::new(State {
                deadline: Instant::now() + limit,
                last: None,
                last_aad: None,
            }),
        })))
    }

    /// Runs `fut` within what is left of the budget: past it the future is dropped and the
    /// result is [`GraphError::GaveUp`] with what the calls were doing at that moment.
    pub async fn run<F: Future>(&self, fut: F) -> Result<F::Output, GraphError> {
        let Some(budget) = &self.0 else {
            return Ok(fut.await);
        };
        {
            let state = budget.state();
            if Instant::now() >= state.deadline {
                return Err(state.gave_up(budget.limit));
            }
        }
        let fut = BUDGET.scope(budget.clone(), fut);
        tokio::pin!(fut);
        loop {
            let deadline = budget.state().deadline;
            tokio::select! {
                biased;
                out = &mut fut => return Ok(out),
                _ = tokio::time::sleep_until(deadline) => {
                    // The deadline may have moved while we slept (time queued for a permit).
                    let state = budget.state();
                    if Instant::now() >= state.deadline {
                        return Err(state.gave_up(budget.limit));
                    }
                }
            }
        }
    }

    /// [`Deadline::run`] for a fallible call: its own error, or the budget's.
    pub async fn call<T>(
        &self,
        fut: impl Future<Output = Result<T, GraphError>>,
    ) -> Result<T, GraphError> {
        self.run(fut).await.and_then(|r| r)
    }
}

/// Time left in the current budget; `None` outside one.
pub fn remaining() -> Option<Duration> {
    BUDGET
        .try_with(|b| b.state().deadline.saturating_duration_since(Instant::now()))
        .ok()
}

/// The budget's length; `None` outside one.
pub fn limit() -> Option<Duration> {
    BUDGET.try_with(|b| b.limit).ok()
}

/// Records what the current budget's calls are doing, for the message when it runs out.
pub fn note(what: impl FnOnce() -> String) {
    let _ = BUDGET.try_with(|b| b.state().last = Some(what()));
}

/// Records the identity platform's error of a reply that will be retried, so that the budget
/// running out keeps its AADSTS code.
pub fn note_aad(e: AadError) {
    let _ = BUDGET.try_with(|b| b.state().last_aad = Some(e));
}

/// Moves the current deadline by `d`: time spent queueing behind other targets.
pub fn queued(d: Duration) {
    if d.is_zero() {
        return;
    }
    let _ = BUDGET.try_with(|b| b.state().deadline += d);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_future_past_its_budget_gives_up_with_the_last_cause() {
        let dl = Deadline::start(Duration::from_millis(50));
        let r = dl
            .run(async {
                note(|| "waiting for a reply to POST /t/oauth2/v2.0/token".into());
                tokio::time::sleep(Duration::from_secs(5)).await;
            })
            .await;
        let e = r.unwrap_err();
        assert_eq!(
            e.to_string(),
            "gave up after 0.05 s: waiting for a reply to POST /t/oauth2/v2.0/token"
        );
        assert!(e.is_transient());
        // Later calls of the same target find the budget spent.
        let again = dl.run(async { 1 }).await.unwrap_err();
        assert_eq!(again.to_string(), e.to_string());
    }

    #[tokio::test]
    async fn time_queued_for_a_permit_moves_the_deadline() {
        let dl = Deadline::start(Duration::from_millis(100));
        let r = dl
            .run(async {
                tokio::time::sleep(Duration::from_millis(60)).await;
                queued(Duration::from_millis(200));
                tokio::time::sleep(Duration::from_millis(120)).await;
                remaining().unwrap()
            })
            .await;
        assert!(r.is_ok(), "{r:?}");
    }

    #[tokio::test]
    async fn within_budget_the_result_comes_through() {
        let dl = Deadline::start(Duration::from_secs(5));
        let left = dl.run(async { remaining().unwrap() }).await.unwrap();
        assert!(left <= Duration::from_secs(5));
        assert_eq!(remaining(), None);
        assert_eq!(
            Deadline::start(Duration::ZERO)
                .run(async { 7 })
                .await
                .unwrap(),
            7
        );
    }
}
