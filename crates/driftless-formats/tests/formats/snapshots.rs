//! One snapshot per output format of the sample report (`snapshots/<format>.snap` beside this
//! file), so that any change in what a format writes shows up in review. After a deliberate
//! change: `INSTA_UPDATE=always cargo test -p driftless-formats --test formats snapshots`.

use crate::sample::Sample;
use driftless_formats::{
    CsvEmitter, Emit, JsonEmitter, JunitEmitter, MarkdownEmitter, SarifEmitter, TextEmitter,
};

/// Writes the whole sample report (findings, errors, fixed findings, rules and sources) with
/// `emitter` and compares it with the snapshot `name`.
fn assert_sample_snapshot(name: &str, emitter: &dyn Emit) {
    let mut out = Vec::new();
    emitter.emit(&Sample::new().report(), &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

#[test]
fn json() {
    assert_sample_snapshot("json", &JsonEmitter);
}

#[test]
fn sarif() {
    assert_sample_snapshot("sarif", &SarifEmitter);
}

#[test]
fn junit() {
    assert_sample_snapshot("junit", &JunitEmitter);
}

#[test]
fn csv() {
    assert_sample_snapshot("csv", &CsvEmitter);
}

#[test]
fn markdown() {
    assert_sample_snapshot("markdown", &MarkdownEmitter::default());
}

#[test]
fn text() {
    let text = TextEmitter {
        show_suppressed: true,
        color: false,
    };
    assert_sample_snapshot("text", &text);
}
