//! A small HCL tokenizer for the code view: comments, strings (heredocs included), numbers,
//! block keywords, attribute names and literals; everything else is plain text.
//!
//! It never fails: any byte sequence of valid UTF-8 comes out as the same text, split into
//! lines of classed segments, so a file the parser would refuse is still shown. The text is
//! escaped by the template, never here.
//!
//! ```
//! use driftless_server::highlight::{Class, highlight};
//! let lines = highlight("resource \"aws_instance\" \"web\" { # EC2\n  ami = \"ami-0abc\"\n}\n");
//! assert_eq!(lines.len(), 3);
//! assert_eq!(lines[0][0], (Class::Keyword, "resource".to_owned()));
//! assert_eq!(lines[1][1], (Class::Attribute, "ami".to_owned()));
//! assert!(lines[0].contains(&(Class::Comment, "# EC2".to_owned())));
//! ```

/// The kind of a segment; its CSS class is [`Class::css`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Anything else: punctuation, expressions, spaces.
    Plain,
    /// `# ...`, `// ...`, `/* ... */`.
    Comment,
    /// `"..."` and heredocs.
    String,
    /// `42`, `1.5e3`.
    Number,
    /// A block type at the start of a line: `resource`, `module`, `dynamic`...
    Keyword,
    /// The name before `=`.
    Attribute,
    /// `true`, `false`, `null`.
    Literal,
}

impl Class {
    /// The CSS class (`tok-comment`...), empty for plain text.
    #[must_use]
    pub fn css(self) -> &'static str {
        match self {
            Self::Plain => "",
            Self::Comment => "tok-comment",
            Self::String => "tok-string",
            Self::Number => "tok-number",
            Self::Keyword => "tok-keyword",
            Self::Attribute => "tok-attr",
            Self::Literal => "tok-literal",
        }
    }
}

/// Block types of Terraform and OpenTofu configurations.
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
    "check",
    "removed",
    "dynamic",
    "content",
    "backend",
    "required_providers",
    "lifecycle",
    "provisioner",
    "connection",
];

/// One line: its segments, in order.
pub type Line = Vec<(Class, String)>;

/// Splits `text` into lines of classed segments (a final newline gives no empty last line).
#[must_use]
pub fn highlight(text: &str) -> Vec<Line> {
    let mut lines: Vec<Line> = vec![Vec::new()];
    for (class, segment) in tokens(text) {
        let mut parts = segment.split('\n');
        if let Some(first) = parts.next() {
            push(&mut lines, class, first);
        }
        for part in parts {
            lines.push(Vec::new());
            push(&mut lines, class, part);
        }
    }
    if text.ends_with('\n') {
        lines.pop();
    }
    lines
}

fn push(lines: &mut [Line], class: Class, text: &str) {
    let text = text.strip_suffix('\r').unwrap_or(text);
    if text.is_empty() {
        return;
    }
    let Some(line) = lines.last_mut() else {
        return;
    };
    match line.last_mut() {
        Some((c, t)) if *c == class => t.push_str(text),
        _ => line.push((class, text.to_owned())),
    }
}

/// The tokens of `text`, covering it whole.
fn tokens(text: &str) -> Vec<(Class, &str)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line_start = true;
    while i < bytes.len() {
        let start = i;
        let b = bytes[i];
        let class = if b == b'#' || (b == b'/' && bytes.get(i + 1) == Some(&b'/')) {
            i = find_from(bytes, i, b"\n").unwrap_or(bytes.len());
            Class::Comment
        } else if b == b'/' && bytes.get(i + 1) == Some(&b'*') {
            i = find_from(bytes, i + 2, b"*/").map_or(bytes.len(), |e| e + 2);
            Class::Comment
        } else if b == b'"' {
            i = string_end(bytes, i + 1);
            Class::String
        } else if b == b'<' && bytes.get(i + 1) == Some(&b'<') {
            if let Some(end) = heredoc_end(text, i) {
                i = end;
                Class::String
            } else {
                i += 2;
                Class::Plain
            }
        } else if b.is_ascii_digit() {
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric()
                    || bytes[i] == b'.'
                    || ((bytes[i] == b'+' || bytes[i] == b'-')
                        && matches!(bytes[i - 1], b'e' | b'E')))
            {
                i += 1;
            }
            Class::Number
        } else if b.is_ascii_alphabetic() || b == b'_' {
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'-')
            {
                i += 1;
            }
            let word = &text[start..i];
            let rest = text[i..].trim_start_matches([' ', '\t']);
            if rest.starts_with('=') && !rest.starts_with("==") {
                Class::Attribute
            } else if line_start && KEYWORDS.contains(&word) {
                Class::Keyword
            } else if matches!(word, "true" | "false" | "null") {
                Class::Literal
            } else {
                Class::Plain
            }
        } else {
            // One character (UTF-8 aware).
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            Class::Plain
        };
        let token = &text[start..i];
        if token.contains('\n') {
            line_start = token.ends_with('\n')
                || token[token.rfind('\n').unwrap_or(0) + 1..]
                    .trim()
                    .is_empty();
        } else if !token.trim().is_empty() {
            line_start = false;
        }
        out.push((class, token));
    }
    out
}

fn find_from(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The end (exclusive) of a quoted string starting after its `"`: the closing quote, or the
/// end of the line for an unterminated one. `${ ... }` may hold quotes of its own.
fn string_end(bytes: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'\n' if depth == 0 => return i,
            b'$' | b'%' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth > 0 => depth -= 1,
            b'"' if depth == 0 => return i + 1,
            b'"' => {
                // A string inside an interpolation.
                i = string_end(bytes, i + 1);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// The end (exclusive) of a heredoc starting at `<<` (`<<EOT` or `<<-EOT`): after its
/// closing marker line, or the end of the text when it is never closed.
fn heredoc_end(text: &str, start: usize) -> Option<usize> {
    let rest = &text[start + 2..];
    let rest_marker = rest.strip_prefix('-').unwrap_or(rest);
    let marker: String = rest_marker
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if marker.is_empty() {
        return None;
    }
    let header_end = text[start..].find('\n').map(|n| start + n + 1)?;
    let mut pos = header_end;
    for line in text[header_end..].split_inclusive('\n') {
        pos += line.len();
        if line.trim() == marker {
            return Some(pos - usize::from(line.ends_with('\n')));
        }
    }
    Some(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(line: &Line) -> Vec<(Class, &str)> {
        line.iter().map(|(c, t)| (*c, t.as_str())).collect()
    }

    #[test]
    fn text_is_kept_whole() {
        let text =
            "a = \"x\" /* c\nd */ b = <<-EOT\n  hi ${var.x}\n  EOT\nc = 1.5e+3 # é\r\n\"open\n";
        let lines = highlight(text);
        let joined: Vec<String> = lines
            .iter()
            .map(|l| l.iter().map(|(_, t)| t.as_str()).collect())
            .collect();
        assert_eq!(
            joined.join("\n") + "\n",
            text.replace("\r\n", "\n"),
            "every character comes out once"
        );
    }

    #[test]
    fn classes_of_a_block() {
        let lines = highlight(
            "resource \"aws_s3_bucket\" \"b\" {\n  // note\n  force_destroy = true\n  count = 2\n  tags = { a = \"x=#y\" }\n}\n",
        );
        assert_eq!(
            classes(&lines[0])[..3],
            [
                (Class::Keyword, "resource"),
                (Class::Plain, " "),
                (Class::String, "\"aws_s3_bucket\"")
            ]
        );
        assert_eq!(classes(&lines[1])[1], (Class::Comment, "// note"));
        assert_eq!(classes(&lines[2])[1], (Class::Attribute, "force_destroy"));
        assert!(classes(&lines[2]).contains(&(Class::Literal, "true")));
        assert!(classes(&lines[3]).contains(&(Class::Number, "2")));
        assert!(classes(&lines[4]).contains(&(Class::String, "\"x=#y\"")));
        assert!(!classes(&lines[4]).iter().any(|(c, _)| *c == Class::Comment));
    }

    #[test]
    fn multi_line_comments_and_heredocs_span_lines() {
        let lines = highlight("/* a\nb */\nx = <<EOT\n\"quoted\" # not a comment\nEOT\ny = 1\n");
        assert_eq!(classes(&lines[0]), [(Class::Comment, "/* a")]);
        assert_eq!(classes(&lines[1])[0], (Class::Comment, "b */"));
        assert_eq!(
            classes(&lines[3]),
            [(Class::String, "\"quoted\" # not a comment")]
        );
        assert_eq!(classes(&lines[4]), [(Class::String, "EOT")]);
        assert_eq!(classes(&lines[5])[0], (Class::Attribute, "y"));
    }

    #[test]
    fn keywords_only_at_line_start() {
        let lines = highlight("x = data.aws_ami.a.id\n  dynamic \"ingress\" {\n");
        assert!(!classes(&lines[0]).contains(&(Class::Keyword, "data")));
        assert_eq!(classes(&lines[1])[1], (Class::Keyword, "dynamic"));
    }
}
