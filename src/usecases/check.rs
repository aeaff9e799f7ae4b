//! "Check now" and "the application has the fix".

use crate::cycle::{Checker, CycleOutcome, Scope};
use crate::store::StoreError;
use chrono::Utc;

/// Checks `scope` now, audited under `by`.
pub async fn now(checker: &Checker, scope: Scope, by: &str) -> Result<CycleOutcome, StoreError> {
    let (by, label) = (by.to_string(), scope.label());
    checker
        .store
        .run_blocking(move |s| s.audit(Utc::now(), &by, "check_now", Some(&label), None))
        .await?;
    checker.run(scope).await
}

/// Records that an operator confirmed the application has the fix of `target` (`app` or
/// `mailbox`, row `id`), then checks it again at once.
pub async fn confirm_fix(
    checker: &Checker,
    (target, id): (&'static str, i64),
    scope: Scope,
    by: &str,
) -> Result<CycleOutcome, StoreError> {
    let by = by.to_string();
    checker
        .store
        .run_blocking(move |s| s.confirm_fix(target, id, &by, Utc::now()))
        .await?;
    checker.run(scope).await
}
