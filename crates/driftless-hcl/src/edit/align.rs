//! `terraform fmt`'s alignment, for the lines a fix touches: after a fix's edits, every run of
//! attribute lines they touch has its `=` aligned, and every run of trailing comments its
//! comments, as `terraform fmt` (hclwrite's `formatCells`) aligns them, so that a file that was
//! `terraform fmt`-clean stays clean. Nothing else is reformatted.
//!
//! The rules, from hclwrite's formatter (hashicorp/hcl, `hclwrite/format.go`) and checked
//! against `terraform fmt` 1.11:
//! - A *line* is a physical line, except that a heredoc (`<<EOF` to its closing marker) or a
//!   block comment spanning lines belongs to the line that opens it.
//! - A line has an *assign cell* when its first `=` (not `==`, `<=`, `>=`, `!=`, `=>`) comes
//!   after its first token and opens no bracket it does not close (`name = {` has none;
//!   `policy = <<EOF` has one: the heredoc does not count).
//! - A line has a *comment cell* when it ends with a comment and holds something before it.
//! - Consecutive lines with an assign cell form a run; each `=` goes one space after the
//!   longest lead of the run. Then consecutive lines with a comment cell form a run; each
//!   comment goes one space after the longest lead and assign cell of the run.

use crate::SourceFile;
use driftless_diagnostics::{Edit, TextRange, apply_edits};
use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

/// The edits of one fix, re-made so that the runs of `=` and of trailing comments they touch
/// are aligned as `terraform fmt` aligns them: per file, one edit per run of changed lines,
/// each the smallest replacement that makes them. `file_of(path)` gives a file as read. `None` when the edits already leave
/// every run they touch aligned (or a file cannot be read): keep them as they are.
#[must_use]
pub fn align_edits(
    edits: &[Edit],
    file_of: impl Fn(&str) -> Option<Arc<SourceFile>>,
) -> Option<Vec<Edit>> {
    let paths: BTreeSet<&str> = edits.iter().map(|e| e.path.as_str()).collect();
    let mut changed = false;
    let mut out: Vec<Edit> = Vec::new();
    for path in paths {
        let mine: Vec<&Edit> = edits.iter().filter(|e| e.path == path).collect();
        let Some(file) = file_of(path) else {
            out.extend(mine.into_iter().cloned());
            continue;
        };
        let original = file.text.as_str();
        let retabbed: Vec<Edit> = if indents_with_tabs(original) {
            mine.iter().map(|e| with_tab_indents(original, e)).collect()
        } else {
            Vec::new()
        };
        let retabbed_changed = retabbed.iter().zip(&mine).any(|(a, b)| a != *b);
        let mine: Vec<&Edit> = if retabbed_changed {
            retabbed.iter().collect()
        } else {
            mine
        };
        // Applied with the file's own line ends, so that every line of the result has them.
        let native: Vec<Edit> = mine
            .iter()
            .map(|e| Edit {
                content: if file.crlf && !e.content.contains('\r') {
                    e.content.replace('\n', "\r\n")
                } else {
                    e.content.clone()
                },
                ..(*e).clone()
            })
            .collect();
        let native: Vec<&Edit> = native.iter().collect();
        let applied = apply_edits(original, &native);
        let aligned = align(&applied, &edited_ranges(&native));
        if aligned == applied {
            changed |= retabbed_changed;
            out.extend(mine.into_iter().cloned());
        } else {
            changed = true;
            out.extend(line_hunks(path, original, &aligned));
        }
    }
    changed.then_some(out)
}

/// `after` (a fixed version of `before`) with the runs of `=` and of trailing comments that
/// hold a changed line aligned as `terraform fmt` aligns them: where the edits of several
/// fixes meet in one run, each aligned on its own ([`align_edits`]) but not with the others.
#[must_use]
pub fn align_text(before: &str, after: &str) -> String {
    let (head, tail) = common_lines(before, after);
    let new_middle = &after[head..after.len() - tail];
    let diff = similar::TextDiff::from_lines(&before[head..before.len() - tail], new_middle);
    let starts = line_starts(new_middle);
    let changed: Vec<Range<usize>> = diff
        .ops()
        .iter()
        .filter(|op| op.tag() != similar::DiffTag::Equal)
        .map(|op| {
            let new = op.new_range();
            head + starts[new.start]..head + starts[new.end]
        })
        .collect();
    if changed.is_empty() {
        return after.to_owned();
    }
    align(after, &changed)
}

/// How many bytes `before` and `after` share at their start and at their end, each a whole
/// number of lines.
fn common_lines(before: &str, after: &str) -> (usize, usize) {
    let common = before
        .bytes()
        .zip(after.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let head = before[..common].rfind('\n').map_or(0, |n| n + 1);
    let tail_common = before[head..]
        .bytes()
        .rev()
        .zip(after[head..].bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let tail = before[before.len() - tail_common..]
        .find('\n')
        .map_or(0, |n| tail_common - n - 1);
    (head, tail)
}

/// Whether `text` indents with tabs: more of its indented lines start with a tab than with a
/// space.
fn indents_with_tabs(text: &str) -> bool {
    let (mut tabs, mut spaces) = (0usize, 0usize);
    for line in text.lines() {
        match line.as_bytes().first() {
            Some(b'\t') => tabs += 1,
            Some(b' ') => spaces += 1,
            _ => {}
        }
    }
    tabs > spaces
}

/// `edit` with the indentation of every line it starts made of tabs: the tabs it has, then
/// one tab per two spaces (the fixes indent nested lines by two spaces).
fn with_tab_indents(text: &str, edit: &Edit) -> Edit {
    let at_line_start =
        edit.range.start == 0 || text.as_bytes().get(edit.range.start as usize - 1) == Some(&b'\n');
    let mut content = String::with_capacity(edit.content.len());
    for (k, line) in edit.content.split('\n').enumerate() {
        if k > 0 {
            content.push('\n');
        }
        if k == 0 && !at_line_start {
            content.push_str(line);
            continue;
        }
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let (lead, rest) = line.split_at(indent);
        let tabs = lead.matches('\t').count() + lead.matches(' ').count() / 2;
        content.push_str(&"\t".repeat(tabs));
        content.push_str(rest);
    }
    Edit {
        content,
        ..edit.clone()
    }
}

/// Where `edits` (non-overlapping, one file) put their text in the edited file.
fn edited_ranges(edits: &[&Edit]) -> Vec<Range<usize>> {
    let mut sorted: Vec<&&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut delta: isize = 0;
    sorted
        .into_iter()
        .map(|e| {
            let r = e.range.to_usize();
            let start = r.start.saturating_add_signed(delta);
            delta += e.content.len().cast_signed() - (r.end - r.start).cast_signed();
            start..start + e.content.len()
        })
        .collect()
}

/// The differences between `before` and `after` as edits of `before`: one per run of changed
/// lines, trimmed to the bytes that differ.
/// Only the middle that differs is diffed: the lines both texts begin and end with are
/// skipped first, so a fix in a large file costs little more than a pass over it.
fn line_hunks(path: &str, before: &str, after: &str) -> Vec<Edit> {
    let (head, tail) = common_lines(before, after);
    let old_middle = &before[head..before.len() - tail];
    let new_middle = &after[head..after.len() - tail];
    let diff = similar::TextDiff::from_lines(old_middle, new_middle);
    let old_starts = line_starts(old_middle);
    let new_starts = line_starts(new_middle);
    let mut edits = Vec::new();
    for op in diff.ops() {
        if op.tag() == similar::DiffTag::Equal {
            continue;
        }
        let old = op.old_range();
        let new = op.new_range();
        let old_text = &old_middle[old_starts[old.start]..old_starts[old.end]];
        let new_text = &new_middle[new_starts[new.start]..new_starts[new.end]];
        // The smallest replacement within the hunk, on character boundaries.
        let mut prefix = old_text
            .bytes()
            .zip(new_text.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        while !old_text.is_char_boundary(prefix) || !new_text.is_char_boundary(prefix) {
            prefix -= 1;
        }
        let mut suffix = old_text[prefix..]
            .bytes()
            .rev()
            .zip(new_text[prefix..].bytes().rev())
            .take_while(|(a, b)| a == b)
            .count();
        while !old_text.is_char_boundary(old_text.len() - suffix)
            || !new_text.is_char_boundary(new_text.len() - suffix)
        {
            suffix -= 1;
        }
        let from = head + old_starts[old.start] + prefix;
        let to = head + old_starts[old.end] - suffix;
        // Edits carry `\n` line ends; the writer restores a CRLF file's.
        edits.push(Edit::replacement(
            path,
            TextRange::new(offset(from), offset(to)),
            new_text[prefix..new_text.len() - suffix].replace("\r\n", "\n"),
        ));
    }
    edits
}

/// The byte offset of the start of every line, and the text's length last.
fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(
        text.bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i + 1),
    );
    if starts.last() != Some(&text.len()) {
        starts.push(text.len());
    }
    starts
}

fn offset(at: usize) -> u32 {
    u32::try_from(at).expect("source files are under 4 GiB")
}

/// `text` with the runs of assign cells, then of comment cells, that hold a line overlapping
/// one of `touched` (byte ranges of `text`; an empty range touches the line it is in)
/// aligned. Lines outside those runs are left as they are.
#[must_use]
pub(crate) fn align(text: &str, touched: &[Range<usize>]) -> String {
    let window = window(text, touched);
    let head = &text[..window.start];
    let tail = &text[window.end..];
    let body = &text[window.clone()];
    let shifted: Vec<Range<usize>> = touched
        .iter()
        .map(|r| r.start.saturating_sub(window.start)..r.end.saturating_sub(window.start))
        .collect();
    let lines = lex(body);
    let hit: Vec<bool> = lines
        .iter()
        .map(|l| shifted.iter().any(|r| r.start <= l.end && l.start <= r.end))
        .collect();
    let mut cells: Vec<Cells> = lines.iter().map(|l| Cells::of(body, l)).collect();
    // Assign cells; a line whose assign cell moves is touched for the comment cells.
    let mut hit = hit;
    for run in runs(&cells, &hit, |c| c.assign.is_some()) {
        let width = run.clone().map(|i| columns(&cells[i].lead)).max();
        for i in run {
            let gap = width.unwrap_or(0) - columns(&cells[i].lead) + 1;
            hit[i] |= gap != cells[i].assign_gap;
            cells[i].assign_gap = gap;
        }
    }
    // Comment cells, measured after the assign cells moved.
    for run in runs(&cells, &hit, |c| c.comment.is_some()) {
        let width = run.clone().map(|i| cells[i].before_comment_width()).max();
        for i in run {
            cells[i].comment_gap = width.unwrap_or(0) - cells[i].before_comment_width() + 1;
        }
    }
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str(head);
    let mut last = 0;
    for (line, cell) in lines.iter().zip(&cells) {
        out.push_str(&body[last..line.start]);
        out.push_str(&cell.render(&body[line.start..line.end]));
        last = line.end;
    }
    out.push_str(&body[last..]);
    out.push_str(tail);
    out
}

/// The part of `text` to lex: from the last top-level block header at or before the first
/// touched byte to the next one after the last (the whole text when there is none, as in a
/// `.tfvars` file). Runs never cross a block header, which holds no assign cell.
fn window(text: &str, touched: &[Range<usize>]) -> Range<usize> {
    let first = touched.iter().map(|r| r.start).min().unwrap_or(0);
    let last = touched.iter().map(|r| r.end).max().unwrap_or(text.len());
    let starts = line_starts(text);
    let headers: Vec<usize> = starts
        .iter()
        .copied()
        .filter(|&s| s < text.len() && is_block_header(&text[s..]))
        .collect();
    let start = headers
        .iter()
        .rev()
        .find(|&&s| s <= first)
        .copied()
        .unwrap_or(0);
    let end = headers
        .iter()
        .find(|&&s| s > last)
        .copied()
        .unwrap_or(text.len());
    start..end
}

/// Whether a line starts a top-level block: `resource "aws_s3_bucket" "logs" {`, `locals {`.
fn is_block_header(line: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "resource",
        "data",
        "module",
        "variable",
        "output",
        "locals",
        "provider",
        "terraform",
        "moved",
        "import",
        "removed",
        "check",
    ];
    let Some(rest) = KEYWORDS.iter().find_map(|k| line.strip_prefix(k)) else {
        return false;
    };
    let rest = rest.trim_start_matches(' ');
    rest.starts_with('"') || rest.starts_with('{')
}

/// The runs of consecutive lines that `has` holds for, of which one line is `hit`.
fn runs(cells: &[Cells], hit: &[bool], has: impl Fn(&Cells) -> bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for i in 0..=cells.len() {
        let inside = i < cells.len() && has(&cells[i]);
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if hit[s..i].iter().any(|h| *h) {
                    out.push(s..i);
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// How many columns `text` takes: its characters, a byte order mark (at the start of a
/// file) taking none.
fn columns(text: &str) -> usize {
    text.chars().filter(|c| *c != '\u{feff}').count()
}

/// One line's cells: the lead (up to the assign cell, trailing spaces dropped), the assign
/// cell (from `=` to the comment, trailing spaces dropped), the comment cell; with the gaps
/// to put before the assign and comment cells.
#[derive(Debug)]
struct Cells {
    lead: String,
    assign: Option<String>,
    comment: Option<String>,
    assign_gap: usize,
    comment_gap: usize,
}

impl Cells {
    fn of(body: &str, line: &Line) -> Self {
        let text = &body[line.start..line.end];
        let rel = |at: usize| at - line.start;
        let comment_at = line.comment.map(rel);
        let assign_at = line.assign.map(rel);
        let lead_end = assign_at.or(comment_at).unwrap_or(text.len());
        let lead = text[..lead_end].trim_end().to_owned();
        let assign = assign_at.map(|a| {
            text[a..comment_at.unwrap_or(text.len())]
                .trim_end()
                .to_owned()
        });
        let comment = comment_at.map(|c| text[c..].to_owned());
        let gap = |from: usize, to: usize| text[from..to].len() - text[from..to].trim_start().len();
        let assign_gap = assign_at.map_or(0, |a| gap(lead.len(), a));
        let comment_gap = comment_at.map_or(0, |c| {
            let before =
                assign_at.map_or(lead.len(), |a| a + assign.as_deref().map_or(0, str::len));
            gap(before, c)
        });
        Self {
            lead,
            assign,
            comment,
            assign_gap,
            comment_gap,
        }
    }

    /// The width of the lead and the assign cell, in characters, with the gap between them.
    fn before_comment_width(&self) -> usize {
        let lead = columns(&self.lead);
        match &self.assign {
            Some(a) => lead + self.assign_gap + columns(a),
            None => lead,
        }
    }

    /// The line again, with its gaps. A line with neither cell is returned as it was.
    fn render(&self, original: &str) -> String {
        if self.assign.is_none() && self.comment.is_none() {
            return original.to_owned();
        }
        let mut out = self.lead.clone();
        if let Some(a) = &self.assign {
            out.push_str(&" ".repeat(self.assign_gap));
            out.push_str(a);
        }
        if let Some(c) = &self.comment {
            out.push_str(&" ".repeat(self.comment_gap));
            out.push_str(c);
        }
        out
    }
}

/// One line as the formatter sees it: `start..end` (end before the newline, heredoc bodies
/// and multi-line block comments included), and where its assign and comment cells start.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    start: usize,
    end: usize,
    assign: Option<usize>,
    comment: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Equal,
    Open,
    Close,
    Heredoc,
    Comment,
    Other,
}

/// Splits `text` into the formatter's lines, finding each line's cells.
fn lex(text: &str) -> Vec<Line> {
    let b = text.as_bytes();
    let mut lines = Vec::new();
    let mut toks: Vec<(Tok, usize)> = Vec::new();
    let mut heredocs: Vec<String> = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i <= b.len() {
        if i == b.len() || b[i] == b'\n' {
            if !heredocs.is_empty() && i < b.len() {
                // The bodies belong to this line: skip to the end of the last marker's line.
                i = skip_heredocs(text, i + 1, &mut heredocs);
                continue;
            }
            let end = if i > start && b[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            lines.push(cells_of(start, end, &toks));
            toks.clear();
            i += 1;
            start = i;
            continue;
        }
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\r' => i += 1,
            b'#' => {
                toks.push((Tok::Comment, i));
                i = text[i..].find('\n').map_or(b.len(), |n| i + n);
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                toks.push((Tok::Comment, i));
                i = text[i..].find('\n').map_or(b.len(), |n| i + n);
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                // Not a comment cell: `terraform fmt` aligns line comments only.
                toks.push((Tok::Other, i));
                i = text[i + 2..].find("*/").map_or(b.len(), |n| i + 2 + n + 2);
            }
            b'"' => {
                toks.push((Tok::Other, i));
                i = skip_string(b, i + 1);
            }
            b'<' if b.get(i + 1) == Some(&b'<') => {
                let mut j = i + 2;
                if b.get(j) == Some(&b'-') {
                    j += 1;
                }
                let name_end = j + b[j..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c == b'-')
                    .count();
                if name_end > j {
                    heredocs.push(text[j..name_end].to_owned());
                    toks.push((Tok::Heredoc, i));
                    i = name_end;
                } else {
                    toks.push((Tok::Other, i));
                    i += 2;
                }
            }
            b'=' | b'!' | b'<' | b'>' => {
                let next = b.get(i + 1).copied();
                if c == b'=' && !matches!(next, Some(b'=' | b'>')) {
                    toks.push((Tok::Equal, i));
                    i += 1;
                } else {
                    toks.push((Tok::Other, i));
                    i += if matches!(next, Some(b'=' | b'>')) {
                        2
                    } else {
                        1
                    };
                }
            }
            b'(' | b'[' | b'{' => {
                toks.push((Tok::Open, i));
                i += 1;
            }
            b')' | b']' | b'}' => {
                toks.push((Tok::Close, i));
                i += 1;
            }
            _ => {
                toks.push((Tok::Other, i));
                i += 1;
                while i < b.len()
                    && !matches!(
                        b[i],
                        b' ' | b'\t'
                            | b'\r'
                            | b'\n'
                            | b'#'
                            | b'"'
                            | b'='
                            | b'!'
                            | b'<'
                            | b'>'
                            | b'('
                            | b'['
                            | b'{'
                            | b')'
                            | b']'
                            | b'}'
                            | b'/'
                    )
                {
                    i += 1;
                }
                // Keep UTF-8 boundaries: continuation bytes are never special.
            }
        }
    }
    lines
}

/// The cells of the line `start..end` with tokens `toks`.
fn cells_of(start: usize, end: usize, toks: &[(Tok, usize)]) -> Line {
    let comment = match toks {
        [_, .., (Tok::Comment, at)] => Some(*at),
        _ => None,
    };
    let code = if comment.is_some() {
        &toks[..toks.len() - 1]
    } else {
        toks
    };
    let assign = code
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, (t, _))| *t == Tok::Equal)
        .and_then(|(k, (_, at))| {
            let mut net = 0i32;
            for (t, _) in &code[k..] {
                match t {
                    Tok::Open => net += 1,
                    Tok::Close => net -= 1,
                    Tok::Heredoc => break,
                    _ => {}
                }
            }
            (net == 0).then_some(*at)
        });
    Line {
        start,
        end,
        assign,
        comment,
    }
}

/// The index after the quoted string whose body starts at `i`: escapes skipped, `${ }` and
/// `%{ }` sequences followed through nested braces and strings.
fn skip_string(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            b'\n' => return i,
            b'$' | b'%'
                if b.get(i + 1) == Some(&b'{') && b.get(i.wrapping_sub(1)) != Some(&b[i]) =>
            {
                i = skip_braces(b, i + 2);
            }
            _ => i += 1,
        }
    }
    i
}

/// The index after the `}` that closes a `{` whose contents start at `i`.
fn skip_braces(b: &[u8], mut i: usize) -> usize {
    let mut depth = 1;
    while i < b.len() {
        match b[i] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            b'"' => {
                i = skip_string(b, i + 1);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    i
}

/// The index of the newline that ends the closing-marker line of the last of `heredocs`,
/// whose bodies start at `i`, each on the line after the previous one's marker; `heredocs`
/// is emptied. A body without its marker runs to the end of the text.
fn skip_heredocs(text: &str, mut i: usize, heredocs: &mut Vec<String>) -> usize {
    let markers: Vec<String> = std::mem::take(heredocs);
    for (k, marker) in markers.iter().enumerate() {
        loop {
            let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
            if text[i..end].trim() == marker || end == text.len() {
                i = end;
                break;
            }
            i = end + 1;
        }
        if k + 1 < markers.len() && i < text.len() {
            i += 1;
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` as the editable file `path` of the repository.
    fn source(path: &str, text: &str) -> Arc<SourceFile> {
        Arc::new(SourceFile::from_text(
            text.to_owned(),
            format!("/{path}").into(),
            path.to_owned(),
            true,
        ))
    }

    /// `text` with every run touching line `line` (1-based) aligned.
    fn aligned_at(text: &str, line: usize) -> String {
        let start = line_starts(text)[line - 1];
        align(text, std::slice::from_ref(&(start..start)))
    }

    #[test]
    fn a_longer_key_realigns_its_run_and_only_its_run() {
        let text = "resource \"aws_lb\" \"x\" {\n  subnets = [\"a\"]\n  drop_invalid_header_fields = true\n\n  name = \"x\"\n  internal = true\n}\n";
        assert_eq!(
            aligned_at(text, 3),
            "resource \"aws_lb\" \"x\" {\n  subnets                    = [\"a\"]\n  drop_invalid_header_fields = true\n\n  name = \"x\"\n  internal = true\n}\n"
        );
    }

    #[test]
    fn a_heredoc_continues_the_run_and_a_multi_line_value_breaks_it() {
        // As `terraform fmt` 1.11 formats it.
        let text = "resource \"a\" \"b\" {\n  name = \"x\"\n  policy = <<EOF\n{ \"a\" = 1 }\nEOF\n  tags_all_x = {}\n  k = [\n    1,\n  ]\n  zz = 2\n}\n";
        assert_eq!(
            aligned_at(text, 6),
            "resource \"a\" \"b\" {\n  name       = \"x\"\n  policy     = <<EOF\n{ \"a\" = 1 }\nEOF\n  tags_all_x = {}\n  k = [\n    1,\n  ]\n  zz = 2\n}\n"
        );
    }

    #[test]
    fn a_line_that_opens_a_bracket_is_not_in_the_run() {
        let text = "  policy = jsonencode({\n    Version   = \"2012-10-17\"\n    Statement = [{\n      Sid = \"x\"\n    }]\n  })\n";
        assert_eq!(
            aligned_at(text, 2),
            "  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Sid = \"x\"\n    }]\n  })\n"
        );
    }

    #[test]
    fn comments_align_after_the_assign_cells_and_comment_lines_break_runs() {
        let text = "  r = 2 // a\n  sss = 100 # hi\n  t = 1 /* x */\n  # alone\n  u = 1 # b\n";
        assert_eq!(
            aligned_at(text, 2),
            "  r   = 2   // a\n  sss = 100 # hi\n  t   = 1 /* x */\n  # alone\n  u = 1 # b\n"
        );
    }

    #[test]
    fn operators_strings_and_interpolations_are_not_assignments() {
        let text = "  a = x == 1 ? \"=\" : \"${b}=c\"\n  long_name = a >= 1\n  b = 1 # x\n  for_expression = { for k, v in m : k => v } # y\n  c = 2 # z\n";
        assert_eq!(
            aligned_at(text, 1),
            "  a              = x == 1 ? \"=\" : \"${b}=c\"\n  long_name      = a >= 1\n  b              = 1                          # x\n  for_expression = { for k, v in m : k => v } # y\n  c              = 2                          # z\n"
        );
    }

    #[test]
    fn fixes_that_meet_in_one_run_are_aligned_together() {
        let before = "resource \"aws_rds_cluster\" \"a\" {\n  engine = \"aurora\"\n}\n";
        // Two insertions, each aligned with the original run alone.
        let after = "resource \"aws_rds_cluster\" \"a\" {\n  engine              = \"aurora\"\n  deletion_protection = true\n  storage_encrypted   = true\n}\n";
        assert_eq!(
            align_text(before, after),
            "resource \"aws_rds_cluster\" \"a\" {\n  engine              = \"aurora\"\n  deletion_protection = true\n  storage_encrypted   = true\n}\n"
        );
        let after = "resource \"aws_rds_cluster\" \"a\" {\n  engine            = \"aurora\"\n  deletion_protection = true\n  storage_encrypted = true\n}\n";
        assert_eq!(
            align_text(before, after),
            "resource \"aws_rds_cluster\" \"a\" {\n  engine              = \"aurora\"\n  deletion_protection = true\n  storage_encrypted   = true\n}\n"
        );
        assert_eq!(align_text(before, before), before);
    }

    #[test]
    fn a_byte_order_mark_takes_no_column() {
        let text = "\u{feff}retention = 3\nname = \"x\" # n\n";
        assert_eq!(
            aligned_at(text, 2),
            "\u{feff}retention = 3\nname      = \"x\" # n\n"
        );
    }

    #[test]
    fn a_crlf_file_gets_edits_with_newlines_only() {
        let text = "resource \"aws_lb\" \"x\" {\r\n  subnets = [\"a\"]\r\n  name = \"x\"\r\n}\r\n";
        let at = offset(text.find('}').unwrap());
        let insert = Edit::insertion("lb.tf", at, "  drop_invalid_header_fields = true\n");
        let file = source("lb.tf", text);
        let edits = align_edits(&[insert], |_| Some(Arc::clone(&file))).unwrap();
        assert!(edits.iter().all(|e| !e.content.contains('\r')), "{edits:?}");
        let crlf: Vec<Edit> = edits
            .iter()
            .map(|e| Edit {
                content: e.content.replace('\n', "\r\n"),
                ..e.clone()
            })
            .collect();
        assert_eq!(
            apply_edits(text, &crlf.iter().collect::<Vec<_>>()),
            "resource \"aws_lb\" \"x\" {\r\n  subnets                    = [\"a\"]\r\n  name                       = \"x\"\r\n  drop_invalid_header_fields = true\r\n}\r\n"
        );
    }

    #[test]
    fn a_file_indented_with_tabs_gets_tabs() {
        let text = "resource \"aws_instance\" \"web\" {\n\tami = \"ami-1\"\n}\n";
        let at = offset(text.find('}').unwrap());
        let insert = Edit::insertion(
            "main.tf",
            at,
            "\n\tmetadata_options {\n\t  http_tokens = \"required\"\n\t}\n",
        );
        let file = source("main.tf", text);
        let edits = align_edits(&[insert], |_| Some(Arc::clone(&file))).unwrap();
        assert_eq!(
            edits[0].content,
            "\n\tmetadata_options {\n\t\thttp_tokens = \"required\"\n\t}\n"
        );
    }

    #[test]
    fn an_edit_is_remade_only_when_alignment_changes_a_line() {
        let text = "resource \"aws_lb\" \"x\" {\n  subnets = [\"a\"]\n}\n";
        let at = offset(text.find('}').unwrap());
        let insert = Edit::insertion("lb.tf", at, "  drop_invalid_header_fields = true\n");
        let file = source("lb.tf", text);
        let edits =
            align_edits(std::slice::from_ref(&insert), |_| Some(Arc::clone(&file))).unwrap();
        let refs: Vec<&Edit> = edits.iter().collect();
        assert_eq!(
            apply_edits(text, &refs),
            "resource \"aws_lb\" \"x\" {\n  subnets                    = [\"a\"]\n  drop_invalid_header_fields = true\n}\n"
        );
        // One run of changed lines: from the realigned `=` to the inserted line.
        assert_eq!(edits.len(), 1);
        let eq = offset(text.find("= [").unwrap());
        assert_eq!(
            (edits[0].range, edits[0].content.as_str()),
            (
                TextRange::new(eq, eq + 7),
                "                   = [\"a\"]\n  drop_invalid_header_fields = true"
            )
        );
        let short = Edit::insertion("lb.tf", at, "  name    = \"x\"\n");
        assert!(align_edits(&[short], |_| Some(Arc::clone(&file))).is_none());
    }
}
