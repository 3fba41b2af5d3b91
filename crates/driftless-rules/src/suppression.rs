//! Inline suppressions: comments that silence a rule for one block, in driftless's own syntax
//! and in the syntaxes other scanners' users already have in their code, matched through the
//! rule's cross-reference ids and the ids it is [suppressed by](RuleMeta::suppressed_by)
//! (case-insensitively, as tfsec, Trivy and Terrascan compare ids). [`parse_comment`] gives
//! each syntax's exact grammar and its source.
//!
//! | syntax | example | ids | where |
//! | --- | --- | --- | --- |
//! | driftless | `# driftless:ignore aws-ec2-imdsv2-required reason="legacy agent" expires=2027-01-31` | rule ids, aliases, `*` | in, on or above the block or attribute |
//! | Checkov ([doc](https://www.checkov.io/2.Basics/Suppressing%20and%20Skipping%20Policies.html)) | `# checkov:skip=CKV_AWS_79:legacy agent`, `# checkov:skip=CKV_AWS_20,CKV_AWS_57:website` | Checkov ids, several separated by commas; also `bridgecrew:skip=`, anywhere in the comment | in the block (above it is accepted too) |
//! | tfsec / Trivy ([tfsec](https://aquasecurity.github.io/tfsec/latest/guides/configuration/ignores/), [Trivy](https://trivy.dev/latest/docs/scanner/misconfiguration/#skipping-detected-misconfigurations-by-inline-comments)) | `# trivy:ignore:AVD-AWS-0028:exp:2027-01-31`, `#tfsec:ignore:aws-s3-enable-bucket-encryption tfsec:ignore:aws-s3-enable-bucket-logging`, `# tfsec:ignore:aws-ec2-enforce-http-token-imds - legacy agent` | AVD ids, Trivy ids and long ids, tfsec long ids, aliases and legacy ids (`AWS002`), `*`; several per comment, each with its own `:exp:`; the words after them are the reason | above the block, or trailing the block's first line or the attribute line |
//! | Terrascan ([doc](https://runterrascan.io/docs/usage/in-file_instrumentation/)) | `#ts:skip=AC_AWS_0497 logs go to the central bucket`, `#ts:skip=AWS.S3Bucket.IAM.High.0370 "reason"` | policy ids and reference ids; one per comment, the rest of the line is the reason | inside the resource block only, written `#ts:skip=` with nothing between |
//! | KICS | `# kics-scan ignore-line`, `# kics-scan ignore-block` | none: every rule | above the line or the block |
//!
//! A comment on a `module` block covers findings inside that call only (Terrascan's does not:
//! Terrascan reads `#ts:skip=` in resource blocks).

use crate::meta::RuleMeta;
use driftless_diagnostics::{Finding, Suppressed, SuppressionSource, TextRange};
use driftless_hcl::SourceFile;

/// One suppression, parsed from a comment (a comment can hold several: tfsec and Trivy accept
/// several ignores on one line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Which syntax.
    pub source: SuppressionSource,
    /// The ids it names (rule ids, Checkov ids, AVD ids, tfsec or Trivy long ids, Terrascan
    /// ids); empty for KICS `ignore-line`/`ignore-block`, which silence every rule.
    pub ids: Vec<String>,
    /// For KICS: whether it covers only the next line.
    pub line_only: bool,
    /// The reason given.
    pub reason: Option<String>,
    /// Expiry date `YYYY-MM-DD`.
    pub expires: Option<String>,
}

/// Parses the comment text after `#` or `//` (or inside `/* */`) into the suppressions it
/// holds, none for an ordinary comment. Linear in the comment's length, however many ids it
/// names.
///
/// - `driftless:ignore <ids> reason="..." expires=YYYY-MM-DD`: ids separated by spaces or
///   commas.
/// - `checkov:skip=<id>[,<id>...]:<reason>`, as Checkov documents it
///   (<https://www.checkov.io/2.Basics/Suppressing%20and%20Skipping%20Policies.html>), also
///   `bridgecrew:skip=` and `cortex:skip=`, anywhere in the comment, as Checkov's
///   `COMMENT_REGEX` reads them (see `checkov_skip`).
/// - `tfsec:ignore:<id>[:exp:YYYY-MM-DD][:ws:<workspace>]` and the same with `trivy:ignore:`
///   (<https://aquasecurity.github.io/tfsec/latest/guides/configuration/ignores/>,
///   <https://trivy.dev/latest/docs/scanner/misconfiguration/#skipping-detected-misconfigurations-by-inline-comments>):
///   the comment's words are read as Trivy's parser reads them (`pkg/iac/ignore/parse.go`):
///   every word that starts with `tfsec:` or `trivy:` after its leading `#`, `/` and `*` is an
///   ignore, its `:`-separated sections read in key-value pairs, so
///   `#tfsec:ignore:A tfsec:ignore:B` and `#tfsec:ignore:A #trivy:ignore:B:exp:2027-01-31`
///   give two. The comment must start with one (as tfsec and Trivy apply an ignore to the
///   next line only when it starts the line). An ignore scoped to a workspace other than
///   `default` (`:ws:development`) is not honoured, since tfsec and Trivy honour it only in
///   that workspace and driftless reads the code as they do by default. The other words are
///   the description, which becomes the reason (its first 500 characters):
///   `# tfsec:ignore:ID - legacy agent needs IMDSv1` gives "legacy agent needs IMDSv1". An
///   id with a value filter (`ID[from_port=443]`) is not honoured, since the filter is not
///   evaluated: it would silence more than the author meant.
/// - `ts:skip=<id> <reason>`, Terrascan's in-file instrumentation
///   (<https://runterrascan.io/docs/usage/in-file_instrumentation/>; `pkg/utils/skip_rules.go`
///   reads `#ts:skip=` then the id, and the rest of the line as the comment). Quotes around
///   the reason are dropped.
/// - `kics-scan ignore-line`, `kics-scan ignore-block`.
#[must_use]
pub fn parse_comment(comment: &str) -> Vec<Directive> {
    let c = comment.trim();
    if let Some(rest) = c.strip_prefix("driftless:ignore") {
        let (ids_part, kv) = split_kv(rest);
        let ids = ids_part
            .split([',', ' '])
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        return vec![Directive {
            source: SuppressionSource::Driftless,
            ids,
            line_only: false,
            reason: kv_get(kv, "reason"),
            expires: kv_get(kv, "expires"),
        }];
    }
    if c.starts_with("tfsec:") || c.starts_with("trivy:") {
        return tfsec_ignores(c);
    }
    if let Some(rest) = comment.strip_prefix("ts:skip=") {
        let rest = rest.trim_end();
        let (id, reason) = rest
            .split_once([' ', '\t'])
            .map_or((rest, ""), |(id, reason)| (id, reason.trim()));
        if id.is_empty() {
            return Vec::new();
        }
        let reason = reason
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix('"'))
            .unwrap_or(reason);
        return vec![Directive {
            source: SuppressionSource::Terrascan,
            ids: vec![id.to_owned()],
            line_only: false,
            reason: (!reason.is_empty()).then(|| reason.to_owned()),
            expires: None,
        }];
    }
    if let Some(rest) = c.strip_prefix("kics-scan") {
        let rest = rest.trim();
        if rest.starts_with("ignore-line") || rest.starts_with("ignore-block") {
            return vec![Directive {
                source: SuppressionSource::Kics,
                ids: Vec::new(),
                line_only: rest.starts_with("ignore-line"),
                reason: None,
                expires: None,
            }];
        }
    }
    checkov_skip(c).into_iter().collect()
}

/// A Checkov skip anywhere in the comment, read as Checkov's `COMMENT_REGEX`
/// (`checkov/common/comment/enum.py`) reads it: `checkov:skip=`, `bridgecrew:skip=` or
/// `cortex:skip=`, spaces, ids of letters, digits, `_` and `-` separated by commas, and
/// `:reason` right after them.
fn checkov_skip(comment: &str) -> Option<Directive> {
    let rest = ["checkov:skip=", "bridgecrew:skip=", "cortex:skip="]
        .iter()
        .filter_map(|prefix| comment.find(prefix).map(|at| (at, prefix.len())))
        .min()
        .map(|(at, len)| comment[at + len..].trim_start_matches(' '))?;
    let is_id = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    // The id list: ids separated by single commas, a trailing comma left out.
    let mut end = 0;
    let bytes = rest.as_bytes();
    while end < bytes.len() && is_id(char::from(bytes[end])) {
        end += 1;
        if end + 1 < bytes.len() && bytes[end] == b',' && is_id(char::from(bytes[end + 1])) {
            end += 1;
        }
    }
    let ids: Vec<String> = rest[..end].split(',').map(str::to_owned).collect();
    let reason = rest[end..]
        .strip_prefix(':')
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(clip);
    Some(Directive {
        source: SuppressionSource::Checkov,
        ids: ids.into_iter().filter(|id| !id.is_empty()).collect(),
        line_only: false,
        reason,
        expires: None,
    })
    .filter(|d| !d.ids.is_empty())
}

/// The tfsec and Trivy ignores of a comment that starts with one (see [`parse_comment`]).
fn tfsec_ignores(comment: &str) -> Vec<Directive> {
    let mut out = Vec::new();
    let mut description: Vec<&str> = Vec::new();
    for word in comment.split_whitespace() {
        let word = word.trim_start_matches(['#', '/', '*']);
        let (source, sections) = if let Some(rest) = word.strip_prefix("tfsec:") {
            (SuppressionSource::Tfsec, rest)
        } else if let Some(rest) = word.strip_prefix("trivy:") {
            (SuppressionSource::Trivy, rest)
        } else {
            if !word.is_empty() {
                description.push(word);
            }
            continue;
        };
        // Sections in key-value pairs: `ignore:<id>`, `exp:<date>`, `ws:<workspace>`.
        let mut parts = sections.split(':');
        let mut id = None;
        let mut expires = None;
        let mut workspace = None;
        while let (Some(key), Some(value)) = (parts.next(), parts.next()) {
            match key {
                "ignore" => id = Some(value),
                "exp" => expires = Some(value.to_owned()),
                "ws" => workspace = Some(value),
                _ => {}
            }
        }
        let Some(id) = id.filter(|id| !id.is_empty() && !id.contains('[')) else {
            continue;
        };
        // An ignore scoped to a workspace holds only when tfsec or Trivy run in it; driftless
        // reads the code as they do by default, in the `default` workspace.
        if workspace.is_some_and(|ws| ws != "default") {
            continue;
        }
        out.push(Directive {
            source,
            ids: vec![id.to_owned()],
            line_only: false,
            reason: None,
            expires,
        });
    }
    let joined = description.join(" ");
    let reason = clip(
        joined
            .trim_start_matches(['-', ':', '\u{2013}', '\u{2014}'])
            .trim(),
    );
    if !reason.is_empty() {
        for d in &mut out {
            d.reason = Some(reason.clone());
        }
    }
    out
}

/// The longest reason kept from a tfsec or Trivy description, in characters: every ignore of
/// the comment carries it, so a hostile line of many ignores and a long description stays
/// linear in size.
const MAX_REASON: usize = 500;

/// `text` cut to [`MAX_REASON`] characters, with `…` when cut.
fn clip(text: &str) -> String {
    match text.char_indices().nth(MAX_REASON) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
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

/// Whether `directive` names `rule` (by id, alias, cross-reference id or one of the ids it
/// is [suppressed by](RuleMeta::suppressed_by); other tools' ids
/// case-insensitively, as tfsec, Trivy and Terrascan compare them). `*` names every rule in
/// driftless's syntax and in tfsec's and Trivy's, which accept it too.
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
                .map(|(_, x)| x)
                .chain(rule.suppressed_by.iter().copied())
                .any(|x| x.eq_ignore_ascii_case(id))
            || (id == "*"
                && matches!(
                    directive.source,
                    SuppressionSource::Driftless
                        | SuppressionSource::Tfsec
                        | SuppressionSource::Trivy
                ))
    })
}

/// A comment in a file: its 1-based line, the text after the comment marker, its range,
/// whether code precedes it on the line (a trailing comment), and whether its marker is `#`.
#[derive(Debug, Clone)]
struct Comment {
    line: u32,
    text: String,
    range: TextRange,
    trailing: bool,
    hash: bool,
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
                hash: b == b'#',
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

/// Whether `text` is a `YYYY-MM-DD` date of the Gregorian calendar (`2020-13-45` is not).
#[must_use]
pub fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    let well_formed = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !well_formed {
        return false;
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
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
    // Each candidate comment with whether it lies inside the resource block.
    let mut candidates: Vec<(Comment, &SourceFile, bool)> = Vec::new();
    let block = &finding.block;
    let mut push = |file: &'a SourceFile, list: Vec<Comment>, inside: bool| {
        candidates.extend(list.into_iter().map(|c| (c, file, inside)));
    };
    push(
        block_file,
        leading_comments(block_file, block.start.line),
        false,
    );
    push(
        block_file,
        comments(block_file, block.start.line, block.end.line),
        true,
    );
    if finding.location.path == block_file.path
        && !block.within_lines(finding.location.start.line, finding.location.start.line)
    {
        push(
            block_file,
            leading_comments(block_file, finding.location.start.line),
            false,
        );
    }
    for (site, file) in finding.call_chain.iter().zip(call_files) {
        if let Some(file) = file {
            push(
                file,
                leading_comments(file, site.location.start.line),
                false,
            );
            push(
                file,
                comments(file, site.location.start.line, site.location.end.line),
                false,
            );
        }
    }
    let mut expired = None;
    for (comment, file, inside) in candidates {
        for d in parse_comment(&comment.text) {
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
            // Terrascan reads `#ts:skip=` inside the resource block's body only.
            if d.source == SuppressionSource::Terrascan && !(inside && comment.hash) {
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
    }
    expired.map_or(Verdict::None, Verdict::Expired)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (QA): `:exp:2020-13-45` was reported as "expired on 2020-13-45".
    #[test]
    fn an_expiry_is_a_date_of_the_calendar() {
        for good in ["2027-01-31", "2028-02-29", "2000-02-29"] {
            assert!(is_date(good), "{good}");
        }
        for bad in [
            "2020-13-45",
            "2027-02-29",
            "1900-02-29",
            "2027-04-31",
            "2027-00-10",
            "27-01-31",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    fn one(comment: &str) -> Directive {
        let mut all = parse_comment(comment);
        assert_eq!(all.len(), 1, "{comment}: {all:?}");
        all.remove(0)
    }

    #[test]
    fn parses_every_syntax() {
        let d = one(
            r#" driftless:ignore aws-ec2-imdsv2-required reason="legacy agent" expires=2027-01-31"#,
        );
        assert_eq!(d.ids, ["aws-ec2-imdsv2-required"]);
        assert_eq!(d.reason.as_deref(), Some("legacy agent"));
        assert_eq!(d.expires.as_deref(), Some("2027-01-31"));
        let d = one("checkov:skip=CKV_AWS_79:Legacy agent needs IMDSv1");
        assert_eq!(
            (d.ids[0].as_str(), d.reason.as_deref()),
            ("CKV_AWS_79", Some("Legacy agent needs IMDSv1"))
        );
        let d = one("legacy: checkov:skip=CKV_AWS_20,CKV_AWS_57:public website");
        assert_eq!(
            (d.ids.as_slice(), d.reason.as_deref()),
            (
                ["CKV_AWS_20".to_owned(), "CKV_AWS_57".to_owned()].as_slice(),
                Some("public website")
            )
        );
        let d = one("checkov:skip=CKV_AWS_79 the reason needs a colon");
        assert_eq!(
            (d.ids.as_slice(), d.reason),
            (["CKV_AWS_79".to_owned()].as_slice(), None)
        );
        assert_eq!(
            one("bridgecrew:skip=BC_AWS_GENERAL_31").ids,
            ["BC_AWS_GENERAL_31"]
        );
        assert!(parse_comment("checkov:skip=").is_empty());
        let d = one("trivy:ignore:AVD-AWS-0028:exp:2026-01-01");
        assert_eq!(
            (d.ids[0].as_str(), d.expires.as_deref()),
            ("AVD-AWS-0028", Some("2026-01-01"))
        );
        let d = one("tfsec:ignore:aws-ec2-enforce-http-token-imds");
        assert_eq!(d.source, SuppressionSource::Tfsec);
        let d = one("ts:skip=AC_AWS_0479 \"vendor agent\"");
        assert_eq!(
            (d.source, d.ids[0].as_str(), d.reason.as_deref()),
            (
                SuppressionSource::Terrascan,
                "AC_AWS_0479",
                Some("vendor agent")
            )
        );
        assert!(
            parse_comment(" ts:skip=AC_AWS_0479").is_empty(),
            "Terrascan reads `#ts:skip=` with nothing between"
        );
        assert!(one("kics-scan ignore-line").line_only);
        assert!(parse_comment("just a comment").is_empty());
    }

    #[test]
    fn several_tfsec_ignores_and_a_description() {
        let all = parse_comment(
            "tfsec:ignore:aws-s3-enable-bucket-encryption:exp:2027-01-31  #trivy:ignore:AVD-AWS-0089 - log bucket",
        );
        let got: Vec<_> = all
            .iter()
            .map(|d| {
                (
                    d.source,
                    d.ids[0].as_str(),
                    d.expires.as_deref(),
                    d.reason.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    SuppressionSource::Tfsec,
                    "aws-s3-enable-bucket-encryption",
                    Some("2027-01-31"),
                    Some("log bucket")
                ),
                (
                    SuppressionSource::Trivy,
                    "AVD-AWS-0089",
                    None,
                    Some("log bucket")
                ),
            ]
        );
        // A colon right after the id, as some repositories write it, is not part of the id.
        let d = one("tfsec:ignore:aws-s3-enable-bucket-logging: log bucket");
        assert_eq!(
            (d.ids[0].as_str(), d.reason.as_deref()),
            ("aws-s3-enable-bucket-logging", Some("log bucket"))
        );
        // tfsec's documented example: the second ignore holds in the `development` workspace
        // only.
        let all =
            parse_comment("tfsec:ignore:AWS006:exp:2221-01-02 #tfsec:ignore:AWS018:ws:development");
        assert_eq!(
            all.iter().map(|d| d.ids[0].as_str()).collect::<Vec<_>>(),
            ["AWS006"]
        );
        assert_eq!(one("tfsec:ignore:AWS018:ws:default").ids, ["AWS018"]);
        assert!(
            parse_comment("tfsec:ignore:aws-vpc-no-public-ingress-sgr[from_port=443]").is_empty(),
            "a value filter is not evaluated, so the ignore is not honoured"
        );
    }

    #[test]
    fn a_hostile_comment_parses_in_linear_time() {
        let mut ids = String::new();
        for i in 0..20_000 {
            ids.push_str(" tfsec:ignore:id-");
            ids.push_str(&i.to_string());
        }
        let started = std::time::Instant::now();
        assert_eq!(parse_comment(&ids[1..]).len(), 20_000);
        let long = format!("ts:skip=AC_AWS_0479 {}", "x".repeat(1_000_000));
        assert_eq!(parse_comment(&long).len(), 1);
        let described = format!("{} {}", &ids[1..], "why ".repeat(250_000));
        let all = parse_comment(&described);
        assert_eq!(all.len(), 20_000);
        assert_eq!(
            all[0].reason.as_ref().map(|r| r.chars().count()),
            Some(MAX_REASON + 1)
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_422), "2025-11-30");
        assert_eq!(civil_date(11_016), "2000-02-29");
    }
}
