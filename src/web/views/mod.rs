//! The pages, as maud functions of typed structs.

pub mod alerting;
pub mod channels;
pub mod clock;
pub mod connect;
pub mod consumer;
pub mod detail;
pub mod discover;
pub mod guides;
pub mod layout;
pub mod manage;
pub mod misc;
pub mod overview;
pub mod parts;
pub mod relink;
