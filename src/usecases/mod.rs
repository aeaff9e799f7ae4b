//! What a person does, whichever way they come in (the dashboard or the command line): check
//! now, confirm a fix, rotate a secret, finish a re-link, send a test alert, watch an app found by discovery. Each calls
//! Microsoft, saves, audits and re-checks here, once; handlers and commands parse their input,
//! call one of these, and render the outcome.

pub mod check;
pub mod connect;
pub mod rediscover;
pub mod relink;
pub mod rotate;
pub mod test_alert;
pub mod watch;
