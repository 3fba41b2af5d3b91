//! One module per command.

pub mod campaign;
pub mod demo;
pub mod demo_campaign;
pub mod map;
pub mod people;
pub mod rules;
pub mod scan;
pub mod serve;
pub mod store;
