use crate::sample;
use driftless_diagnostics::{
    CrossRefs, ExternalRef, InputError, InputErrorKind, RuleId, RuleSummary, Severity,
};
use driftless_formats::{Emit, JunitEmitter, Report, to_junit};

/// A rule that ran and found nothing.
fn quiet_rule() -> RuleSummary {
    RuleSummary {
        id: RuleId::from_static("aws-kms-key-rotation-required"),
        title: "KMS keys rotate".into(),
        severity: Severity::Medium,
        help_markdown: String::new(),
        references: vec![],
        cross_refs: CrossRefs::default(),
        fixable: true,
    }
}

const SAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="driftless" tests="6" failures="2" errors="1" skipped="2">
  <testsuite name="aws-ec2-imdsv2-required" tests="1" failures="1" errors="0" skipped="0">
    <testcase name="module.web.aws_instance.this[0]" classname="aws-ec2-imdsv2-required" file="modules/web/main.tf" line="6">
      <failure message="Instance accepts IMDSv1 requests" type="high">modules/web/main.tf:6:35
Instance accepts IMDSv1 requests
Fix (review): Require IMDSv2 session tokens
IMDSv1 clients stop receiving credentials. The value is set in terraform.tfvars.
verified: update in place</failure>
    </testcase>
  </testsuite>
  <testsuite name="aws-s3-bucket-no-public-acl" tests="1" failures="0" errors="0" skipped="1">
    <testcase name="aws_s3_bucket.logs" classname="aws-s3-bucket-no-public-acl" file="s3.tf" line="4">
      <skipped message="suppressed by checkov:skip: public website logs (expires 2027-01-31)"/>
    </testcase>
  </testsuite>
  <testsuite name="aws-kms-key-rotation-required" tests="1" failures="0" errors="0" skipped="0">
    <testcase name="aws-kms-key-rotation-required" classname="aws-kms-key-rotation-required"/>
  </testsuite>
  <testsuite name="aws-s3-bucket-logging-enabled" tests="1" failures="1" errors="0" skipped="0">
    <testcase name="module.cdn.aws_s3_bucket.this" classname="aws-s3-bucket-logging-enabled" file=".terraform/modules/cdn/main.tf" line="2">
      <failure message="Bucket access is not logged" type="medium">.terraform/modules/cdn/main.tf:2:42
Bucket access is not logged
Recommendation: Set `logging` on module &quot;cdn&quot;; registry modules are never edited.</failure>
    </testcase>
  </testsuite>
  <testsuite name="driftless.inputs" tests="2" failures="0" errors="1" skipped="1">
    <testcase name="broken.tf" classname="driftless.inputs" file="broken.tf" line="3">
      <error message="expected `}`" type="syntax">broken.tf:3:5: expected `}`</error>
    </testcase>
    <testcase name="big.tf.json" classname="driftless.inputs" file="big.tf.json">
      <skipped message="larger than 8 MiB"/>
    </testcase>
  </testsuite>
</testsuites>
"#;

#[test]
fn sample_report_exact_text() {
    let mut sample = sample::Sample::new();
    sample.rules.push(quiet_rule());
    let report = sample.report_without_sources();
    let mut out = Vec::new();
    JunitEmitter.emit(&report, &mut out).unwrap();
    let xml = String::from_utf8(out).unwrap();
    assert_eq!(xml, SAMPLE);
    check_well_formed(&xml);
}

#[test]
fn empty_report_has_no_suite() {
    assert_eq!(
        to_junit(&Report::new("0.1.0", &[])),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <testsuites name=\"driftless\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\">\n\
         </testsuites>\n"
    );
}

#[test]
fn hostile_text_is_escaped_and_the_document_stays_well_formed() {
    let mut f = sample::logging();
    f.message = "<script>alert('x')</script> & \"q\"\u{1b}[31m\r\nnext".into();
    f.recommendation = Some("]]> <!-- --> <![CDATA[".into());
    f.external = Some(ExternalRef {
        tool: "Wiz".into(),
        finding_id: "1".into(),
        rule: "r".into(),
        resource_id: "arn:aws:s3:::a<b>".into(),
    });
    let errors = vec![InputError {
        kind: InputErrorKind::Unreadable,
        path: "a&b.tf".into(),
        position: None,
        message: "not UTF-8: \u{0}".into(),
    }];
    let findings = vec![f];
    let xml = to_junit(&Report::new("0.1.0", &findings).with_errors(&errors));
    check_well_formed(&xml);
    assert!(xml.contains(
        "<failure message=\"&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; \
         &quot;q&quot;\u{fffd}[31m&#13;&#10;next\" type=\"medium\">"
    ));
    assert!(xml.contains("\nRecommendation: ]]&gt; &lt;!-- --&gt; &lt;![CDATA[</failure>"));
    assert!(xml.contains(
        "<testcase name=\"a&amp;b.tf\" classname=\"driftless.inputs\" file=\"a&amp;b.tf\">\n      \
         <error message=\"not UTF-8: \u{fffd}\" type=\"unreadable\">a&amp;b.tf: not UTF-8: \u{fffd}</error>"
    ));
    assert!(xml.contains(
        "<testsuites name=\"driftless\" tests=\"2\" failures=\"1\" errors=\"1\" skipped=\"0\">"
    ));
}

#[test]
fn the_well_formedness_check_is_not_vacuous() {
    for bad in [
        "<a><b></a></b>",
        "<a>",
        "<a>x & y</a>",
        "<a t=\"1 < 2\"/>",
        "<a t=\"x\u{1}\"/>",
        "<a/><b/>",
        "<a>&bogus;</a>",
    ] {
        let result = std::panic::catch_unwind(|| check_well_formed(bad));
        assert!(result.is_err(), "accepted {bad:?}");
    }
    check_well_formed("<?xml version=\"1.0\"?>\n<a x=\"&amp;&#10;\"><b/>t&lt;</a>\n");
}

/// A tiny XML well-formedness check for what the JUnit writer produces: one root element,
/// balanced tags, quoted attributes without `<`, only known entity and character references,
/// and no character XML 1.0 forbids.
fn check_well_formed(xml: &str) {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .or_else(|| xml.strip_prefix("<?xml version=\"1.0\"?>\n"))
        .unwrap_or(xml);
    assert!(
        !body
            .chars()
            .any(|c| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}'),
        "forbidden character"
    );
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    let mut rest = body;
    while !rest.is_empty() {
        let lt = rest.find('<').unwrap_or(rest.len());
        check_text(&rest[..lt]);
        assert!(
            !stack.is_empty() || rest[..lt].trim().is_empty(),
            "text outside the root element"
        );
        rest = &rest[lt..];
        if rest.is_empty() {
            break;
        }
        let gt = rest.find('>').expect("unclosed tag");
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name), "unbalanced </{name}>");
            continue;
        }
        if stack.is_empty() {
            roots += 1;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let (name, mut attrs) = tag.split_once(' ').unwrap_or((tag, ""));
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.'),
            "bad tag name {name:?}"
        );
        while !attrs.trim().is_empty() {
            let (key, after) = attrs.trim_start().split_once("=\"").expect("attribute");
            assert!(key.chars().all(|c| c.is_ascii_alphabetic()), "key {key:?}");
            let (value, after) = after.split_once('"').expect("closing quote");
            assert!(!value.contains('<'), "< in an attribute");
            check_text(value);
            attrs = after;
        }
        if !self_closing {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
    assert_eq!(roots, 1, "one root element");
}

/// Every `&` starts a known entity or a character reference.
fn check_text(text: &str) {
    assert!(!text.contains("]]>"), "]]> in text");
    for (i, _) in text.match_indices('&') {
        let reference = &text[i..=i + text[i..].find(';').expect("unterminated reference")];
        let known = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].contains(&reference)
            || reference
                .strip_prefix("&#")
                .and_then(|n| n.strip_suffix(';'))
                .is_some_and(|n| n.parse::<u32>().is_ok());
        assert!(known, "unknown reference {reference}");
    }
}
