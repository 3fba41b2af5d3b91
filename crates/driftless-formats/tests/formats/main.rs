//! Tests of the JSON, SARIF, JUnit, CSV and Markdown writers on one hand-built report.

mod csv;
mod json;
mod junit;
mod markdown;
mod sample;
mod sarif;
mod sarif_schema;
