//! linkwatch: a watchdog for the Entra ID app registrations and mailbox links that business
//! applications use to read and send mail through Microsoft Graph.

pub mod aad;
pub mod accounts;
pub mod activity;
pub mod alerts;
pub mod checks;
pub mod cli;
pub mod commands;
pub mod config;
pub mod cycle;
pub mod discover;
pub mod discovery;
pub mod expiry;
pub mod explain;
#[doc(hidden)]
pub mod fuzzing;
pub mod graph;
pub mod i18n;
pub mod incidents;
pub mod input;
pub mod key;
pub mod link_file;
pub mod linking;
pub mod memory;
pub mod model;
pub mod monitor;
pub mod observed;
pub mod report;
pub mod schedule;
pub mod scopes;
pub mod seen;
pub mod simulator;
pub mod store;
pub mod targets;
pub mod usecases;
pub mod vault;
pub mod web;
