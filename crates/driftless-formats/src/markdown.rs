//! Markdown for a pull-request or merge-request comment.
//!
//! A summary line (open findings by severity, what `--fix` and `--fix --applicability review`
//! would fix, the fixes Terraform verified or did not, suppressed findings, input errors), then a table of the open findings
//! (`| severity | rule | resource | location | fix |`) sorted by severity, critical first, in
//! report order within a severity, then a list of the input errors when there are any.
//! Suppressed findings are counted, not listed; findings fixed in this run are counted.
//!
//! The fix column is the fix's applicability (`safe`, `review`, `manual`), `manual` for a fix
//! that was refused (shown, never applied), and `—` for a finding without a fix; a fix Terraform
//! checked adds the verification's line: `review (verified: update in place)`. Cells are code
//! spans or escaped text, with `|` escaped and line breaks turned into spaces, so no value can
//! break the table or inject markup.
//!
//! GitHub refuses comments over 65,536 characters ([`GITHUB_COMMENT_LIMIT`]); the document never
//! exceeds [`MarkdownEmitter::max_bytes`] bytes (bytes are never fewer than characters or
//! UTF-16 units): the table is cut short with a last line `… and N more findings (see the SARIF
//! or JSON report)`, keeping the most severe findings, and so is the input error list, which
//! gets the room the table leaves and at least a quarter of it.

use crate::report::shown_verification;
use crate::{Emit, Report};
use driftless_diagnostics::{Applicability, Finding, InputError, Severity};
use std::io;

/// The largest comment GitHub accepts, in characters.
pub const GITHUB_COMMENT_LIMIT: usize = 65_536;

/// The table's header and delimiter rows.
pub const TABLE_HEADER: &str =
    "| severity | rule | resource | location | fix |\n| --- | --- | --- | --- | --- |\n";

/// Markdown as an [`Emit`] format, limited to `max_bytes`.
#[derive(Debug, Clone, Copy)]
pub struct MarkdownEmitter {
    /// The most bytes the document may take, the final newline included; the default is
    /// [`GITHUB_COMMENT_LIMIT`].
    pub max_bytes: usize,
}

impl Default for MarkdownEmitter {
    fn default() -> Self {
        Self {
            max_bytes: GITHUB_COMMENT_LIMIT,
        }
    }
}

impl Emit for MarkdownEmitter {
    fn emit(&self, report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
        out.write_all(to_markdown(report, self.max_bytes).as_bytes())
    }
}

/// Writes the Markdown comment of `report` to `out`, within [`GITHUB_COMMENT_LIMIT`].
///
/// # Errors
/// Returns the I/O error of `out`.
pub fn write_markdown(report: &Report<'_>, mut out: impl io::Write) -> io::Result<()> {
    MarkdownEmitter::default().emit(report, &mut out)
}

/// Builds the Markdown comment of `report`, at most `max_bytes` long (a limit too small for
/// the summary and the table header still gets them).
///
/// # Example
/// ```
/// use driftless_formats::{Report, to_markdown};
/// let md = to_markdown(&Report::new("0.1.0", &[]), 65_536);
/// assert_eq!(md, "**driftless**: no open findings.\n");
/// ```
#[must_use]
pub fn to_markdown(report: &Report<'_>, max_bytes: usize) -> String {
    let mut head = summary_line(report);
    head.push('\n');
    let mut open: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.suppressed.is_none())
        .collect();
    // Stable: report order within a severity.
    open.sort_by_key(|f| std::cmp::Reverse(f.severity));
    if !open.is_empty() {
        head.push('\n');
        head.push_str(TABLE_HEADER);
    }
    let rows: Vec<String> = open.iter().map(|f| row(f)).collect();
    let items: Vec<String> = report
        .errors
        .iter()
        .map(|e| {
            let kind = if e.is_error() { "" } else { " (skipped)" };
            format!(
                "- {}{kind}: {}\n",
                code(&error_location(e)),
                text(&e.message)
            )
        })
        .collect();

    let room = max_bytes.saturating_sub(head.len());
    let errors_section = |room: usize| -> String {
        if items.is_empty() {
            return String::new();
        }
        let mut s = String::from("\n**Input errors**\n\n");
        s.push_str(&fit(&items, room.saturating_sub(s.len()), more_errors));
        s
    };
    // The errors get the room the table leaves, and at least a quarter of it.
    let rows_len: usize = rows.iter().map(String::len).sum();
    let errors = errors_section(room.saturating_sub(rows_len).max(room / 4));
    let table = fit(&rows, room.saturating_sub(errors.len()), more_findings);
    head + &table + &errors
}

/// `lines` joined, or as many as fit in `room` bytes followed by `note(n)` for the `n` left out.
fn fit(lines: &[String], room: usize, note: impl Fn(usize) -> String) -> String {
    if lines.iter().map(String::len).sum::<usize>() <= room {
        return lines.concat();
    }
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        // Whether `line` and the note after it still fit.
        if out.len() + line.len() + note(lines.len() - i - 1).len() > room {
            out.push_str(&note(lines.len() - i));
            return out;
        }
        out.push_str(line);
    }
    out
}

/// The last line of a cut table; the blank line before it ends the table.
fn more_findings(n: usize) -> String {
    format!(
        "\n… and {n} more finding{} (see the SARIF or JSON report)\n",
        plural(n)
    )
}

/// The last item of a cut input error list.
fn more_errors(n: usize) -> String {
    format!(
        "- … and {n} more input error{} (see the SARIF or JSON report)\n",
        plural(n)
    )
}

fn summary_line(report: &Report<'_>) -> String {
    let s = report.summary();
    let mut parts: Vec<String> = Vec::new();
    if s.open == 0 {
        parts.push("**driftless**: no open findings".to_owned());
    } else {
        let by_severity: Vec<String> = Severity::ALL
            .iter()
            .rev()
            .filter(|&&sev| s.count(sev) > 0)
            .map(|&sev| format!("{} {sev}", s.count(sev)))
            .collect();
        parts.push(format!(
            "**driftless**: {} open finding{} ({})",
            s.open,
            plural(s.open),
            by_severity.join(", ")
        ));
    }
    if s.fixable > 0 {
        parts.push(format!("{} fixable with `--fix`", s.fixable));
    }
    if s.fixable_review > 0 {
        parts.push(format!(
            "{} {} with `--fix --applicability review`",
            s.fixable_review,
            if s.fixable > 0 { "more" } else { "fixable" }
        ));
    }
    if s.fixed > 0 {
        parts.push(format!("{} fixed in this run", s.fixed));
    }
    parts.extend(
        report
            .verification_tally()
            .clauses()
            .iter()
            .map(|c| text(c)),
    );
    if s.suppressed > 0 {
        parts.push(format!("{} suppressed", s.suppressed));
    }
    if s.errors > 0 {
        parts.push(format!("{} input error{}", s.errors, plural(s.errors)));
    }
    if s.skipped > 0 {
        parts.push(format!("{} input{} skipped", s.skipped, plural(s.skipped)));
    }
    parts.join("; ") + "."
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn row(f: &Finding) -> String {
    let mut fix = match (&f.fix, &f.fix_refused) {
        (None, _) => "—",
        (Some(_), Some(_)) => Applicability::Manual.as_str(),
        (Some(fix), None) => fix.applicability().as_str(),
    }
    .to_owned();
    if let Some(v) = shown_verification(f) {
        fix = format!("{fix} ({})", text(&v.summary()));
    }
    format!(
        "| {} | {} | {} | {} | {fix} |\n",
        f.severity,
        code(f.rule_id.as_str()),
        code(&f.address.to_string()),
        code(&format!("{}:{}", f.location.path, f.location.start.line)),
    )
}

/// Where an input error is: `path:line:column`, or `path` when the position is unknown.
fn error_location(e: &InputError) -> String {
    match e.position {
        Some(p) => format!("{}:{}:{}", e.path, p.line, p.column),
        None => e.path.clone(),
    }
}

/// `value` as a code span that is safe in a table cell: line breaks become spaces, `|` is
/// escaped (GFM unescapes it inside code spans in tables), and the fence is one backtick longer
/// than the longest run of backticks in the value.
fn code(value: &str) -> String {
    let value: String = value
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let longest = value.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if value.starts_with('`') || value.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{}{pad}{fence}", value.replace('|', "\\|"))
}

/// `value` as plain text: ASCII punctuation that means something inline is backslash-escaped,
/// line breaks become spaces.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{code, text};

    #[test]
    fn code_spans_survive_pipes_backticks_and_newlines() {
        assert_eq!(code("main.tf:3"), "`main.tf:3`");
        assert_eq!(code("a|b\nc"), "`a\\|b c`");
        assert_eq!(code("x`y``z"), "```x`y``z```");
        assert_eq!(code("`x"), "`` `x ``");
    }

    #[test]
    fn text_escapes_inline_markup() {
        assert_eq!(
            text("expected `}` <b>*x*</b> | a_b\nnext"),
            "expected \\`}\\` \\<b\\>\\*x\\*\\</b\\> \\| a\\_b next"
        );
    }
}
