//! One module per command.

pub mod demo;
pub mod rules;
pub mod scan;
