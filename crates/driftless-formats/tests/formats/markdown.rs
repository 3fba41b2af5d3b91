use crate::sample;
use driftless_diagnostics::{Finding, InputError, InputErrorKind};
use driftless_formats::{Emit, GITHUB_COMMENT_LIMIT, MarkdownEmitter, Report, to_markdown};

const SAMPLE: &str = "\
**driftless**: 2 open findings (1 high, 1 medium); 1 fixable with `--fix --applicability review`; \
1 fixed in this run; 2 fixes verified by terraform 1.11.4; 1 suppressed; 1 input error; \
1 input skipped.

| severity | rule | resource | location | fix |
| --- | --- | --- | --- | --- |
| high | `aws-ec2-imdsv2-required` | `module.web.aws_instance.this[0]` | `modules/web/main.tf:6` | review (verified: update in place) |
| medium | `aws-s3-bucket-logging-enabled` | `module.cdn.aws_s3_bucket.this` | `.terraform/modules/cdn/main.tf:2` | — |

**Input errors**

- `broken.tf:3:5`: expected \\`}\\`
- `big.tf.json` (skipped): larger than 8 MiB
";

#[test]
fn sample_report_exact_text() {
    let sample = sample::Sample::new();
    let report = sample.report_without_sources();
    let mut out = Vec::new();
    MarkdownEmitter::default().emit(&report, &mut out).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), SAMPLE);
}

#[test]
fn sorted_by_severity_with_fix_column_and_escaped_cells() {
    let mut acl = sample::acl();
    acl.suppressed = None;
    let mut refused = sample::imds();
    refused.fix_refused = Some("the fix adds a finding".into());
    refused.address = r#"module.web["a|b`c"].aws_instance.this"#.parse().unwrap();
    refused.location.path = "dir|x/main.tf".into();
    let findings = vec![sample::logging(), refused, acl];
    let md = to_markdown(&Report::new("0.1.0", &findings), GITHUB_COMMENT_LIMIT);
    assert_eq!(
        md,
        "**driftless**: 3 open findings (1 critical, 1 high, 1 medium); 1 fixable with `--fix`.\n\
         \n\
         | severity | rule | resource | location | fix |\n\
         | --- | --- | --- | --- | --- |\n\
         | critical | `aws-s3-bucket-no-public-acl` | `aws_s3_bucket.logs` | `s3.tf:4` | safe |\n\
         | high | `aws-ec2-imdsv2-required` | ``module.web[\"a\\|b`c\"].aws_instance.this`` \
         | `dir\\|x/main.tf:6` | manual |\n\
         | medium | `aws-s3-bucket-logging-enabled` | `module.cdn.aws_s3_bucket.this` \
         | `.terraform/modules/cdn/main.tf:2` | — |\n"
    );
}

#[test]
fn verifications_are_counted_and_shown_in_the_fix_cell() {
    let mut replaced = sample::imds();
    replaced.fix_verification = Some(sample::ebs_replaced());
    let mut fixed = sample::fixed();
    fixed[0].fix_verification = Some(sample::not_verified());
    let findings = vec![replaced];
    let md = to_markdown(
        &Report::new("0.1.0", &findings).with_fixed(&fixed),
        GITHUB_COMMENT_LIMIT,
    );
    assert_eq!(
        md,
        "**driftless**: 1 open finding (1 high); 1 fixable with `--fix --applicability review`; \
         1 fixed in this run; 1 fix verified by terraform 1.11.4; 1 fix not verified: Terraform was \
         not found on PATH (--terraform or DRIFTLESS\\_TERRAFORM names it).\n\
         \n\
         | severity | rule | resource | location | fix |\n\
         | --- | --- | --- | --- | --- |\n\
         | high | `aws-ec2-imdsv2-required` | `module.web.aws_instance.this[0]` \
         | `modules/web/main.tf:6` | review (verified: replaces aws\\_ebs\\_volume.scratch: \
         \\`encrypted\\` forces replacement) |\n"
    );
}

#[test]
fn input_error_messages_cannot_inject_markup() {
    let errors = vec![InputError {
        kind: InputErrorKind::Unresolved,
        path: "main.tf".into(),
        position: None,
        message: "module `x` <img src=y> [link](z) *b*\nsecond | line".into(),
    }];
    assert_eq!(
        to_markdown(&Report::new("0.1.0", &[]).with_errors(&errors), 1000),
        "**driftless**: no open findings; 1 input error.\n\
         \n\
         **Input errors**\n\
         \n\
         - `main.tf`: module \\`x\\` \\<img src=y\\> \\[link\\](z) \\*b\\* second \\| line\n"
    );
}

fn many(n: usize) -> Vec<Finding> {
    (0..n)
        .map(|i| {
            let mut f = sample::imds();
            f.address = format!("module.web.aws_instance.this[{i}]")
                .parse()
                .unwrap();
            f.fix_verification = None;
            f
        })
        .collect()
}

/// The number of table rows and the `N` of the final `… and N more findings` line, if any.
fn rows_and_rest(md: &str) -> (usize, Option<usize>) {
    let rows = md.lines().filter(|l| l.starts_with("| high |")).count();
    let rest = md.lines().find_map(|l| {
        l.strip_prefix("… and ")?
            .strip_suffix(" more findings (see the SARIF or JSON report)")?
            .parse()
            .ok()
    });
    (rows, rest)
}

#[test]
fn long_tables_are_cut_under_githubs_limit() {
    let findings = many(2000);
    let md = to_markdown(&Report::new("0.1.0", &findings), GITHUB_COMMENT_LIMIT);
    // 594 rows of 106 to 108 bytes fit, with the summary, the header and the last line.
    assert_eq!(md.len(), 65_467);
    assert_eq!(rows_and_rest(&md), (594, Some(1406)));
    assert!(md.ends_with("|\n\n… and 1406 more findings (see the SARIF or JSON report)\n"));
    // The rows kept are the first ones.
    assert!(md.contains("`module.web.aws_instance.this[0]`"));
    assert!(!md.contains("`module.web.aws_instance.this[1999]`"));
}

#[test]
fn cutting_keeps_a_quarter_for_input_errors() {
    let findings = many(50);
    let errors: Vec<InputError> = (0..50)
        .map(|i| InputError {
            kind: InputErrorKind::Syntax,
            path: format!("broken{i}.tf"),
            position: None,
            message: "expected `}`".into(),
        })
        .collect();
    let report = Report::new("0.1.0", &findings).with_errors(&errors);
    for limit in [800, 2000, 4000] {
        let md = to_markdown(&report, limit);
        assert!(md.len() <= limit, "{} > {limit}", md.len());
        let (rows, rest) = rows_and_rest(&md);
        assert_eq!(rows + rest.unwrap(), 50, "limit {limit}");
        let items = md.lines().filter(|l| l.starts_with("- `broken")).count();
        let more: usize = md
            .lines()
            .find_map(|l| {
                l.strip_prefix("- … and ")?
                    .strip_suffix(" more input errors (see the SARIF or JSON report)")?
                    .parse()
                    .ok()
            })
            .unwrap();
        assert_eq!(items + more, 50, "limit {limit}");
        assert!(items > 0 || limit < 1000, "limit {limit}");
    }
    // Everything fits: no cut at all.
    let md = to_markdown(&report, GITHUB_COMMENT_LIMIT);
    assert_eq!(rows_and_rest(&md), (50, None));
    assert_eq!(
        md.lines().filter(|l| l.starts_with("- `broken")).count(),
        50
    );
}
