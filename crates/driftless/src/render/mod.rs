//! What the CLI adds to the output formats of `driftless-formats`: the progress bar, and a
//! scan's files as the formats read them.

pub mod progress;
pub mod scanned;
