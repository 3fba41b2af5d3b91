//! Inline suppressions: comments that silence a rule for one block, in driftless's own syntax
//! and in the syntaxes other scanners' users already have in their code, matched through the
//! rule's cross-reference ids.
//!
//! | syntax | example | where |
//! | --- | --- | --- |
//! | driftless | `# driftless:ignore aws-ec2-imdsv2-required reason="legacy agent" expires=2027-01-31` | in, on or above the block or attribute |
//! | Checkov | `# checkov:skip=CKV_AWS_79:legacy agent` | in the block |
//! | tfsec / Trivy | `# trivy:ignore:AVD-AWS-0028:exp:2027-01-31`, `#tfsec:ignore:aws-ec2-enforce-http-token-imds` | above the block, or trailing the attribute line |
//! | KICS | `# kics-scan ignore-line`, `# kics-scan ignore-block` | above the line or the block |
//!
//! A comment on a `module` block covers findings inside that call only.

use crate::meta::RuleMeta;
use driftless_diagnostics::{Finding, Suppressed, SuppressionSource, TextRange};
use driftless_hcl::SourceFile;

/// One suppression comment, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Which syntax.
    pub source: SuppressionSource,
    /// The ids it names (rule ids, Checkov ids, AVD or tfsec long ids); empty for KICS
    /// `ignore-line`/`ignore-block`, which silence every rule.
    pub ids: Vec<String>,
    /// For KICS: whether it covers only the next line.
    pub line_only: bool,
    /// The reason given.
    pub reason: Option<String>,
    /// Expiry date `YYYY-MM-DD`.
    pub expires: Option<String>,
}

/// Parses the comment text after `#` or `//` (or inside `/* */`).
#[must_use]
pub fn parse_comment(comment: &str) -> Option<Directive> {
    let c = comment.trim();
    if let Some(rest) = c.strip_prefix("driftless:ignore") {
        let (ids_part, kv) = split_kv(rest);
        let ids = ids_part
            .split([',', ' '])
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        return Some(Directive {
            source: SuppressionSource::Driftless,
            ids,
            line_only: false,
            reason: kv_get(kv, "reason"),
            expires: kv_get(kv, "expires"),
        });
    }
    if let Some(rest) = c.strip_prefix("checkov:skip=") {
        let (id, reason) = rest
            .split_once(':')
            .map_or((rest, None), |(i, r)| (i, Some(r.trim().to_owned())));
        return Some(Directive {
            source: SuppressionSource::Checkov,
            ids: vec![id.trim().to_owned()],
            line_only: false,
            reason: reason.filter(|r| !r.is_empty()),
            expires: None,
        });
    }
    for (prefix, source) in [
        ("tfsec:ignore:", SuppressionSource::Tfsec),
        ("trivy:ignore:", SuppressionSource::Trivy),
    ] {
        if let Some(rest) = c.strip_prefix(prefix) {
            // `id[:exp:YYYY-MM-DD][:ws:workspace]`, possibly several ignores on one line.
            let first = rest.split_whitespace().next().unwrap_or_default();
            let mut parts = first.split(':');
            let id = parts.next().unwrap_or_default().to_owned();
            let mut expires = None;
            while let Some(p) = parts.next() {
                if p == "exp" {
                    expires = parts.next().map(str::to_owned);
                }
            }
            return Some(Directive {
                source,
                ids: vec![id],
                line_only: false,
                reason: None,
                expires,
            });
        }
    }
    if let Some(rest) = c.strip_prefix("kics-scan") {
        let rest = rest.trim();
        if rest.starts_with("ignore-line") || rest.starts_with("ignore-block") {
            return Some(Directive {
                source: SuppressionSource::Kics,
                ids: Vec::new(),
                line_only: rest.starts_with("ignore-line"),
                reason: None,
                expires: None,
            });
        }
    }
    None
}

fn split_kv(rest: &str) -> (&str, &str) {
    match rest.find('=') {
        Some(eq) => {
            let start = rest[..eq].rfind(' ').map_or(0, |i| i + 1);
            (&rest[..start], &rest[start..])
        }
        None => (rest, ""),
    }
}

fn kv_get(kv: &str, key: &str) -> Option<String> {
    let at = kv.find(&format!("{key}="))?;
    let value = &kv[at + key.len() + 1..];
    if let Some(quoted) = value.strip_prefix('"') {
        quoted.find('"').map(|end| quoted[..end].to_owned())
    } else {
        Some(
            value
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned(),
        )
    }
}

/// Whether `directive` names `rule` (by id, alias or cross-reference id).
#[must_use]
pub fn names_rule(directive: &Directive, rule: &RuleMeta) -> bool {
    if directive.ids.is_empty() {
        return true;
    }
    directive.ids.iter().any(|id| {
        id == rule.id.as_str()
            || rule.aliases.contains(&id.as_str())
            || rule
                .cross_refs
                .iter()
                .any(|(_, x)| x.eq_ignore_ascii_case(id))
            || (id == "*" && directive.source == SuppressionSource::Driftless)
    })
}

/// A comment in a file: its 1-based line, the text after the comment marker, its range, and
/// whether code precedes it on the line (a trailing comment).
#[derive(Debug, Clone)]
struct Comment {
    line: u32,
    text: String,
    range: TextRange,
    trailing: bool,
}

/// Finds `#` and `//` comments on lines `first..=last` of `file`, skipping string contents.
fn comments(file: &SourceFile, first: u32, last: u32) -> Vec<Comment> {
    let mut out = Vec::new();
    // The closing delimiter of the heredoc being skipped: its lines are string content, and
    // a `#` there is text, not a comment.
    let mut heredoc: Option<String> = None;
    for line in first.max(1)..=last {
        let Some(start) = file.line_index.line_start(line) else {
            break;
        };
        let text = file.line_index.line_text(&file.text, line);
        if let Some(delimiter) = &heredoc {
            if text.trim() == delimiter {
                heredoc = None;
            }
            continue;
        }
        heredoc = heredoc_opener(text);
        let mut in_string = false;
        let mut escaped = false;
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if in_string {
                match (b, escaped) {
                    (b'\\', false) => escaped = true,
                    (b'"', false) => in_string = false,
                    _ => escaped = false,
                }
                continue;
            }
            let marker = match b {
                b'"' => {
                    in_string = true;
                    continue;
                }
                b'#' => 1,
                b'/' if bytes.get(i + 1) == Some(&b'/') => 2,
                b'/' if bytes.get(i + 1) == Some(&b'*') => 2,
                _ => continue,
            };
            let body = text[i + marker..].trim_end_matches("*/");
            out.push(Comment {
                line,
                text: body.to_owned(),
                range: TextRange::new(
                    start + u32::try_from(i).unwrap_or(0),
                    start + u32::try_from(text.len()).unwrap_or(0),
                ),
                trailing: !text[..i].trim().is_empty(),
            });
            break;
        }
    }
    out
}

/// The delimiter of a heredoc that `line` opens (`<<EOT` or `<<-EOT` outside a string and
/// before any comment), if any.
fn heredoc_opener(line: &str) -> Option<String> {
    let mut in_string = false;
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' if i == 0 || bytes[i - 1] != b'\\' => in_string = !in_string,
            b'#' if !in_string => return None,
            b'<' if !in_string && bytes.get(i + 1) == Some(&b'<') => {
                let rest = line[i + 2..].trim_start_matches('-');
                let ident: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                return (!ident.is_empty()).then_some(ident);
            }
            _ => {}
        }
    }
    None
}

/// The comment lines directly above 1-based line `line` (no blank line between).
fn leading_comments(file: &SourceFile, line: u32) -> Vec<Comment> {
    let mut first = line;
    while first > 1 {
        let t = file
            .line_index
            .line_text(&file.text, first - 1)
            .trim_start();
        if t.starts_with('#') || t.starts_with("//") || t.starts_with("/*") || t.starts_with('*') {
            first -= 1;
        } else {
            break;
        }
    }
    if first == line {
        Vec::new()
    } else {
        comments(file, first, line - 1)
    }
}

/// Today's date as `YYYY-MM-DD` (UTC), for expiry checks.
#[must_use]
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date(i64::try_from(secs / 86_400).unwrap_or(0))
}

/// Days since 1970-01-01 to `YYYY-MM-DD` (Howard Hinnant's `civil_from_days`).
#[must_use]
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Whether `text` is a `YYYY-MM-DD` date.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// What the suppression check found for one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// No suppression applies.
    None,
    /// Suppressed.
    Suppressed(Suppressed),
    /// A suppression applies but expired on this date; the finding stands.
    Expired(Suppressed),
}

/// Looks for a suppression of `rule` that covers `finding`: comments inside the resource block
/// (`block_file` holds it), directly above it, trailing the finding's line, or on the module
/// calls of its call chain (`call_files` gives each call's file).
#[must_use]
pub fn check<'a>(
    rule: &RuleMeta,
    finding: &Finding,
    block_file: &'a SourceFile,
    call_files: &'a [Option<std::sync::Arc<SourceFile>>],
    today: &str,
) -> Verdict {
    let mut candidates: Vec<(Comment, &SourceFile)> = Vec::new();
    let block = &finding.block;
    let mut push = |file: &'a SourceFile, list: Vec<Comment>| {
        candidates.extend(list.into_iter().map(|c| (c, file)));
    };
    push(block_file, leading_comments(block_file, block.start.line));
    push(
        block_file,
        comments(block_file, block.start.line, block.end.line),
    );
    if finding.location.path == block_file.path
        && !block.within_lines(finding.location.start.line, finding.location.start.line)
    {
        push(
            block_file,
            leading_comments(block_file, finding.location.start.line),
        );
    }
    for (site, file) in finding.call_chain.iter().zip(call_files) {
        if let Some(file) = file {
            push(file, leading_comments(file, site.location.start.line));
            push(
                file,
                comments(file, site.location.start.line, site.location.end.line),
            );
        }
    }
    let mut expired = None;
    for (comment, file) in candidates {
        let Some(d) = parse_comment(&comment.text) else {
            continue;
        };
        if !names_rule(&d, rule) {
            continue;
        }
        // KICS ignore-line covers the finding's line only when it sits right above it.
        if d.line_only && comment.line + 1 != finding.location.start.line {
            continue;
        }
        // A trailing tfsec/trivy comment covers its own line only.
        if comment.trailing
            && matches!(
                d.source,
                SuppressionSource::Tfsec | SuppressionSource::Trivy
            )
            && comment.line != finding.location.start.line
            && comment.line != block.start.line
        {
            continue;
        }
        let s = Suppressed {
            source: d.source,
            reason: d.reason.clone(),
            expires: d.expires.clone(),
            location: file.location(comment.range),
        };
        match &d.expires {
            // An expiry that is not a date suppresses nothing: a typo must not silence a
            // finding forever.
            Some(date) if !is_date(date) => expired = Some(s),
            Some(date) if date.as_str() < today => expired = Some(s),
            _ => return Verdict::Suppressed(s),
        }
    }
    expired.map_or(Verdict::None, Verdict::Expired)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_syntax() {
        let d = parse_comment(
            r#" driftless:ignore aws-ec2-imdsv2-required reason="legacy agent" expires=2027-01-31"#,
        )
        .unwrap();
        assert_eq!(d.ids, ["aws-ec2-imdsv2-required"]);
        assert_eq!(d.reason.as_deref(), Some("legacy agent"));
        assert_eq!(d.expires.as_deref(), Some("2027-01-31"));
        let d = parse_comment("checkov:skip=CKV_AWS_79:Legacy agent needs IMDSv1").unwrap();
        assert_eq!(
            (d.ids[0].as_str(), d.reason.as_deref()),
            ("CKV_AWS_79", Some("Legacy agent needs IMDSv1"))
        );
        let d = parse_comment("trivy:ignore:AVD-AWS-0028:exp:2026-01-01").unwrap();
        assert_eq!(
            (d.ids[0].as_str(), d.expires.as_deref()),
            ("AVD-AWS-0028", Some("2026-01-01"))
        );
        let d = parse_comment("tfsec:ignore:aws-ec2-enforce-http-token-imds").unwrap();
        assert_eq!(d.source, SuppressionSource::Tfsec);
        assert!(parse_comment("kics-scan ignore-line").unwrap().line_only);
        assert!(parse_comment("just a comment").is_none());
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_422), "2025-11-30");
        assert_eq!(civil_date(11_016), "2000-02-29");
    }
}
