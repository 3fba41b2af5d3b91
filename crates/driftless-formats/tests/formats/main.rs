//! Tests of the JSON and SARIF writers on one hand-built report.

mod json;
mod sample;
mod sarif;
mod sarif_schema;
