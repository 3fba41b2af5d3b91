//! One module per command, and `states`: the state-file options `scan` and `map` share.

pub mod campaign;
pub mod demo;
pub mod exception;
pub mod map;
pub mod repo;
pub mod rules;
pub mod scan;
pub mod serve;
mod states;
pub mod store;
pub mod user;
pub mod verify;
pub mod violation;
