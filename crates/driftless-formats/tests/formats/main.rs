//! Tests of the JSON, SARIF, JUnit, CSV, Markdown and text writers on one hand-built report.

mod csv;
mod json;
mod junit;
mod markdown;
mod sample;
mod sarif;
mod sarif_schema;
mod snapshots;
mod text;
