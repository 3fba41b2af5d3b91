//! One module per command.

pub mod demo;
pub mod map;
pub mod rules;
pub mod scan;
