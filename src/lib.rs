//! linkwatch: a watchdog for the Entra ID app registrations and mailbox links that business
//! applications use to read and send mail through Microsoft Graph.

pub mod checks;
pub mod config;
pub mod graph;
pub mod model;
pub mod observed;
pub mod scopes;
pub mod store;
pub mod targets;
pub mod vault;
