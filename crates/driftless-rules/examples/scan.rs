//! Development aid: scans a folder with the whole catalog (or `--select ID`), prints each
//! finding with its fix, then the files as one pass of every review-or-safer fix leaves them.
use driftless_diagnostics::{Applicability, apply_fixes};
use driftless_hcl::LoadOptions;
use driftless_rules::{Selection, scan_path};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: scan <dir> [--select ID]");
    let mut selection = Selection::default();
    if args.next().as_deref() == Some("--select") {
        selection.select = args.collect();
    }
    let scan = scan_path(
        std::path::Path::new(&path),
        &LoadOptions::default(),
        &selection,
        "",
    );
    for e in &scan.errors {
        println!("input: {e}");
    }
    for f in &scan.findings {
        println!(
            "{} {} {} [{}] {}",
            f.location, f.rule_id, f.address, f.severity, f.message
        );
        if let Some(s) = &f.suppressed {
            println!("    suppressed by {:?}: {:?}", s.source, s.reason);
        }
        if let Some(fix) = &f.fix {
            println!(
                "    fix ({}): {} — {}",
                fix.applicability(),
                fix.title(),
                fix.note()
            );
            for e in fix.edits() {
                println!(
                    "      {}:{}..{} => {:?}",
                    e.path, e.range.start, e.range.end, e.content
                );
            }
        }
        if let Some(r) = &f.recommendation {
            println!("    recommendation: {r}");
        }
    }
    let sources = scan.project.files();
    let fixes: Vec<_> = scan
        .findings
        .iter()
        .filter(|f| f.suppressed.is_none())
        .filter_map(|f| f.fix.as_ref())
        .collect();
    let applied = apply_fixes(&fixes, Applicability::Review, |p| {
        sources.get(p).map(|f| f.text.as_str())
    });
    for (path, text) in &applied.texts {
        println!("===== {path} after one pass =====\n{text}");
    }
}
