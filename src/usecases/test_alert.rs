//! "Send a test": one message through one channel now, audited with how it went.

use crate::alerts::delivery::{message_id, Delivery, DeliveryError};
use crate::alerts::rules::test_alert;
use crate::alerts::Channel;
use crate::store::{Store, StoreError};
use chrono::Utc;

/// Why a test message did not go.
#[derive(Debug, thiserror::Error)]
pub enum TestError {
    /// The channel refused or could not be reached.
    #[error(transparent)]
    Delivery(#[from] DeliveryError),
    /// The audit entry could not be written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Sends a test message through `channel`; returns its message id.
pub async fn send(
    delivery: &Delivery,
    store: &Store,
    channel: &Channel,
    by: &str,
) -> Result<String, TestError> {
    let id = message_id();
    let result = delivery
        .send_alert(channel, &test_alert(Utc::now()), &id)
        .await;
    let (by, name, detail) = (
        by.to_string(),
        channel.name.clone(),
        result.as_ref().err().map(|e| e.to_string()),
    );
    store
        .run_blocking(move |s| {
            s.audit(
                Utc::now(),
                &by,
                "alert.test",
                Some(&name),
                detail.as_deref(),
            )
        })
        .await?;
    result?;
    Ok(id)
}
