use crate::sample;
use driftless_formats::{Report, TextEmitter, text_summary, to_text};

const PLAIN: TextEmitter = TextEmitter {
    show_suppressed: false,
    color: false,
};

#[test]
fn suppressed_findings_are_shown_only_when_asked_and_always_counted() {
    let (findings, sources) = (sample::findings(), sample::sources());
    let report = Report::new("0.1.0", &findings).with_sources(&sources);
    let hidden = to_text(&report, PLAIN);
    assert!(!hidden.contains("(suppressed)"), "{hidden}");
    let shown = to_text(
        &report,
        TextEmitter {
            show_suppressed: true,
            ..PLAIN
        },
    );
    assert!(
        shown.contains("note[aws-s3-bucket-no-public-acl]: Bucket grants public read through its ACL (suppressed)"),
        "{shown}"
    );
    let summary = "Found 2 findings (1 high, 1 medium). 1 more with --fix --applicability review. \
                   1 fix verified by terraform 1.11.4. 1 suppressed (--show-suppressed lists them).\n";
    assert!(hidden.ends_with(summary) && shown.ends_with(summary));
    assert_eq!(text_summary(&report), summary);
}

#[test]
fn one_frame_per_rule_location_and_fix_lists_the_other_addresses() {
    let mut findings = Vec::new();
    for i in 0..3 {
        let mut f = sample::imds();
        f.address = format!("module.web[\"{i}\"].aws_instance.this[0]")
            .parse()
            .unwrap();
        f.instances = vec![
            f.address.clone(),
            format!("module.web[\"{i}\"].aws_instance.this[1]")
                .parse()
                .unwrap(),
        ];
        findings.push(f);
    }
    let sources = sample::sources();
    let text = to_text(
        &Report::new("0.1.0", &findings).with_sources(&sources),
        PLAIN,
    );
    assert_eq!(
        text.matches("error[aws-ec2-imdsv2-required]").count(),
        1,
        "{text}"
    );
    assert!(
        text.contains(
            "module.web[\"0\"].aws_instance.this[0] (and module.web[\"0\"].aws_instance.this[1], \
             module.web[\"1\"].aws_instance.this[0], module.web[\"1\"].aws_instance.this[1] and 2 more)"
        ),
        "{text}"
    );
    assert!(text.ends_with(
        "Found 3 findings (3 high). 3 more with --fix --applicability review. \
         3 fixes verified by terraform 1.11.4.\n"
    ));
    assert_eq!(
        text.matches("= note: verified: update in place").count(),
        1,
        "one frame, one verification line: {text}"
    );
}

#[test]
fn without_the_file_text_a_finding_gets_its_location_as_a_note_and_no_patch() {
    let findings = [sample::imds()];
    let text = to_text(&Report::new("0.1.0", &findings), PLAIN);
    assert!(
        text.contains(
            "= note: at modules/web/main.tf:6:35 (module.web.aws_instance.this[0] (and module.web.aws_instance.this[1]))"
        ),
        "{text}"
    );
    assert!(!text.contains(" + "), "no patch without the file: {text}");
}

#[test]
fn input_errors_come_first_and_colour_only_when_asked() {
    let sample = sample::Sample::new();
    let report = sample.report();
    let plain = to_text(&report, PLAIN);
    assert!(
        plain.starts_with(
            "error: broken.tf:3:5: expected `}`\nnote: big.tf.json: larger than 8 MiB\n\n"
        ),
        "{plain}"
    );
    assert!(
        plain.ends_with(" 1 input could not be read or parsed.\n"),
        "{plain}"
    );
    assert!(!plain.contains('\u{1b}'));
    let coloured = to_text(
        &report,
        TextEmitter {
            color: true,
            ..PLAIN
        },
    );
    assert!(coloured.contains("\u{1b}["));
}

#[test]
fn a_replacement_is_a_warning_after_the_fix_and_a_skip_says_why() {
    let mut findings = vec![sample::imds()];
    findings[0].fix_verification = Some(sample::ebs_replaced());
    let sources = sample::sources();
    let text = to_text(
        &Report::new("0.1.0", &findings).with_sources(&sources),
        PLAIN,
    );
    assert!(
        text.contains(
            "  = note: IMDSv1 clients stop receiving credentials. The value is set in terraform.tfvars.\n  \
             = warning: verified: replaces aws_ebs_volume.scratch: `encrypted` forces replacement\n"
        ),
        "{text}"
    );
    findings[0].fix_verification = Some(sample::not_verified());
    let report = Report::new("0.1.0", &findings).with_sources(&sources);
    let text = to_text(&report, PLAIN);
    assert!(
        text.contains(
            "  = note: not verified: Terraform was not found on PATH (--terraform or DRIFTLESS_TERRAFORM names it).\n"
        ),
        "{text}"
    );
    assert_eq!(
        text_summary(&report),
        "Found 1 finding (1 high). 1 more with --fix --applicability review. 1 fix not verified: \
         Terraform was not found on PATH (--terraform or DRIFTLESS_TERRAFORM names it).\n"
    );
}

#[test]
fn findings_of_several_root_modules_show_each_distinct_verification() {
    let mut findings = vec![sample::imds(), sample::imds()];
    findings[1].root_module = "env/prod".into();
    findings[1].fix_verification = Some(sample::ebs_replaced());
    let sources = sample::sources();
    let text = to_text(
        &Report::new("0.1.0", &findings).with_sources(&sources),
        PLAIN,
    );
    assert_eq!(text.matches("error[aws-ec2-imdsv2-required]").count(), 1);
    assert!(text.contains("  = note: verified: update in place\n  = warning: verified: replaces"));
}

#[test]
fn fixes_of_this_run_are_listed_with_their_verification_only_when_verified() {
    let mut fixed = sample::fixed();
    let mut unverified = fixed.clone();
    unverified[0].fix_verification = None;
    let report = Report::new("0.1.0", &[]).with_fixed(&unverified);
    assert_eq!(to_text(&report, PLAIN), "No findings.\n");
    let mut other = sample::imds();
    other.location = sample::loc(sample::WEB, "64");
    other.fix_verification = Some(sample::not_verified());
    fixed.push(other);
    let report = Report::new("0.1.0", &[]).with_fixed(&fixed);
    assert_eq!(
        to_text(&report, PLAIN),
        "Fixes in this run:\n  \
         aws-ec2-imdsv2-required at modules/web/main.tf:6: module.web.aws_instance.this[0] (and 1 more)\n    \
         verified: update in place\n  \
         aws-ec2-imdsv2-required at modules/web/main.tf:7: module.web.aws_instance.this[0] (and 1 more)\n    \
         not verified: Terraform was not found on PATH (--terraform or DRIFTLESS_TERRAFORM names it).\n\n\
         No findings. 1 fix verified by terraform 1.11.4. 1 fix not verified: Terraform was not found \
         on PATH (--terraform or DRIFTLESS_TERRAFORM names it).\n"
    );
}
