//! One module per command.

pub mod campaign;
pub mod demo;
pub mod exception;
pub mod map;
pub mod repo;
pub mod rules;
pub mod scan;
pub mod serve;
pub mod store;
pub mod user;
pub mod violation;
