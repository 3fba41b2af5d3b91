//! Everything the CLI prints: the terminal report, the progress bar.

pub mod progress;
pub mod text;
