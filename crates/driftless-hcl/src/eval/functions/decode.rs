//! Terraform's decoding functions over strings: `jsondecode`, `yamldecode`, `csvdecode`,
//! `base64decode`. Each gives the value Terraform gives, an [`EvalError`] where Terraform's
//! function fails (so `try` and `can` see it), or `None` (Unknown) for an input past a named
//! limit or a form this evaluator does not reproduce.
//!
//! Sources: <https://developer.hashicorp.com/terraform/language/functions/yamldecode>,
//! <https://developer.hashicorp.com/terraform/language/functions/csvdecode>,
//! <https://developer.hashicorp.com/terraform/language/functions/base64decode>; every case the
//! tests pin was checked with `terraform console` (Terraform 1.11).

use crate::eval::error::EvalError;
use crate::value::{Kind, Value, to_display_string};
use base64::Engine as _;
use std::collections::BTreeMap;
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::TScalarStyle;

/// How deep YAML collections may nest; deeper input is Unknown (no real configuration nests
/// past a few levels, and the builder recurses once per level).
pub(crate) const MAX_YAML_DEPTH: usize = 64;

/// How many values a YAML document may decode to, aliases counted at their expanded size:
/// a document past it ("billion laughs", an alias of an alias of ...) is Unknown before the
/// expansion is built.
pub(crate) const MAX_YAML_NODES: usize = 100_000;

/// `jsondecode(s)`.
pub(super) fn json(text: &str) -> Result<Kind, EvalError> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(json) => Ok(Value::from_json(&json).kind),
        Err(e) => Err(EvalError::InvalidJson {
            reason: e.to_string(),
        }),
    }
}

/// `base64decode(s)`: standard alphabet with padding; line breaks are skipped and trailing
/// bits need not be zero, as Go's `base64.StdEncoding` decodes. The bytes must be UTF-8.
pub(super) fn base64(text: &str) -> Result<Kind, EvalError> {
    const ENGINE: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true),
    );
    let cleaned: String = text.chars().filter(|c| !matches!(c, '\r' | '\n')).collect();
    let bytes = ENGINE
        .decode(cleaned)
        .map_err(|_| EvalError::InvalidBase64)?;
    String::from_utf8(bytes)
        .map(Kind::String)
        .map_err(|_| EvalError::NotUtf8 {
            what: "base64decode result".to_owned(),
        })
}

/// `csvdecode(s)`: RFC 4180 CSV whose first line names the columns; a list of objects, one
/// per further line, every value a string. No header line, a repeated column name or a line
/// with another number of fields fails.
pub(super) fn csv(text: &str) -> Result<Kind, EvalError> {
    let fail = |reason: String| EvalError::InvalidCsv { reason };
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(fail(e.to_string())),
        None => return Err(fail("missing header line".to_owned())),
    };
    let names: Vec<String> = header.iter().map(str::to_owned).collect();
    for (i, n) in names.iter().enumerate() {
        if names[..i].contains(n) {
            return Err(fail(format!("duplicate column name {n:?}")));
        }
    }
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|e| fail(e.to_string()))?;
        rows.push(Value::new(Kind::Object(
            names
                .iter()
                .zip(record.iter())
                .map(|(k, v)| (k.clone(), Value::string(v)))
                .collect(),
        )));
    }
    Ok(Kind::List(rows))
}

/// `yamldecode(s)`: one YAML document, resolved as Terraform resolves it (YAML 1.1 plain
/// scalars: `yes`/`no`/`on`/`off`/`y`/`n` are booleans, `~` and `null` are null, `0x`/`0o`
/// integers, `.inf`; quoted scalars are strings; `!!str` and `!!binary` give the text;
/// mapping keys become strings; `<<` merge keys merge; a repeated key keeps its last value).
/// A timestamp with a time of day is Unknown (Terraform reformats it; a date alone is
/// reproduced). `Ok(None)` past [`MAX_YAML_DEPTH`] or [`MAX_YAML_NODES`].
///
/// # Errors
/// Where Terraform's function fails: no document or several, a syntax error, an unsupported
/// tag (`!Ref`), a mapping key that is null or a collection, `.nan`.
pub(super) fn yaml(text: &str) -> Result<Option<Kind>, EvalError> {
    let mut b = YamlBuilder {
        parser: Parser::new_from_str(text),
        anchors: BTreeMap::new(),
        nodes: 0,
    };
    match b.document() {
        Ok(v) => Ok(Some(v.kind)),
        Err(YamlFail::Error(e)) => Err(e),
        Err(YamlFail::Limit) => Ok(None),
    }
}

enum YamlFail {
    Error(EvalError),
    Limit,
}

fn yaml_error(reason: impl Into<String>) -> YamlFail {
    YamlFail::Error(EvalError::InvalidYaml {
        reason: reason.into(),
    })
}

struct YamlBuilder<'a> {
    parser: Parser<std::str::Chars<'a>>,
    /// Anchored values by anchor id, with their size in nodes.
    anchors: BTreeMap<usize, (Value, usize)>,
    nodes: usize,
}

impl YamlBuilder<'_> {
    fn next(&mut self) -> Result<Event, YamlFail> {
        self.parser
            .next_token()
            .map(|(event, _)| event)
            .map_err(|e| {
                // The parser's own bound on flow nesting: a limit, as MAX_YAML_DEPTH is.
                if e.info() == "recursion limit exceeded" {
                    YamlFail::Limit
                } else {
                    yaml_error(e.to_string())
                }
            })
    }

    fn count(&mut self, n: usize) -> Result<(), YamlFail> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_YAML_NODES {
            return Err(YamlFail::Limit);
        }
        Ok(())
    }

    fn document(&mut self) -> Result<Value, YamlFail> {
        let mut value = None;
        loop {
            match self.next()? {
                Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
                Event::DocumentStart if value.is_some() => {
                    return Err(yaml_error("unexpected extra content after value"));
                }
                Event::DocumentStart => {
                    let first = self.next()?;
                    value = Some(self.node(first, 0)?.0);
                }
                Event::StreamEnd => {
                    return value.ok_or_else(|| yaml_error("missing start of document"));
                }
                _ => return Err(yaml_error("unexpected event")),
            }
        }
    }

    /// The value starting with `event`, and its size in nodes.
    fn node(&mut self, event: Event, depth: usize) -> Result<(Value, usize), YamlFail> {
        if depth > MAX_YAML_DEPTH {
            return Err(YamlFail::Limit);
        }
        let (value, size, anchor) = match event {
            Event::Alias(id) => {
                let (v, size) = self
                    .anchors
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| yaml_error("unknown anchor"))?;
                // Counted before cloning: the budget bounds the memory an expansion takes.
                self.count(size)?;
                return Ok((v, size));
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.count(1)?;
                (Value::new(scalar(text, style, tag.as_ref())?), 1, anchor)
            }
            Event::SequenceStart(anchor, tag) => {
                check_collection_tag(tag.as_ref(), "seq")?;
                self.count(1)?;
                let mut items = Vec::new();
                let mut size = 1;
                loop {
                    match self.next()? {
                        Event::SequenceEnd => break,
                        e => {
                            let (v, s) = self.node(e, depth + 1)?;
                            size += s;
                            items.push(v);
                        }
                    }
                }
                (Value::new(Kind::List(items)), size, anchor)
            }
            Event::MappingStart(anchor, tag) => {
                check_collection_tag(tag.as_ref(), "map")?;
                self.count(1)?;
                let (map, size) = self.mapping(depth)?;
                (Value::new(Kind::Object(map)), size, anchor)
            }
            _ => return Err(yaml_error("unexpected event")),
        };
        if anchor > 0 {
            self.anchors.insert(anchor, (value.clone(), size));
        }
        Ok((value, size))
    }

    fn mapping(&mut self, depth: usize) -> Result<(BTreeMap<String, Value>, usize), YamlFail> {
        let mut map = BTreeMap::new();
        let mut merged = BTreeMap::new();
        let mut size = 1;
        loop {
            let key_event = match self.next()? {
                Event::MappingEnd => break,
                e => e,
            };
            let merge =
                matches!(&key_event, Event::Scalar(k, TScalarStyle::Plain, _, None) if k == "<<");
            let (key, key_size) = self.node(key_event, depth + 1)?;
            let value_event = self.next()?;
            let (value, value_size) = self.node(value_event, depth + 1)?;
            size += key_size + value_size;
            if merge {
                // `<<: *base` or `<<: [*a, *b]`: the merged keys lose to the mapping's own.
                let sources = match value.kind {
                    Kind::List(items) => items,
                    _ => vec![value],
                };
                for source in sources.into_iter().rev() {
                    match source.kind {
                        Kind::Object(m) => merged.extend(m),
                        _ => return Err(yaml_error("map merge requires map or sequence of maps")),
                    }
                }
                continue;
            }
            let key = match &key.kind {
                Kind::Null => return Err(yaml_error("mapping key cannot be null")),
                _ => to_display_string(&key)
                    .ok_or_else(|| yaml_error("only strings are allowed as mapping keys"))?,
            };
            map.insert(key, value);
        }
        for (k, v) in merged {
            map.entry(k).or_insert(v);
        }
        Ok((map, size))
    }
}

/// The YAML core tags' prefix (`!!` unless a `%TAG` directive changes it).
const CORE: &str = "tag:yaml.org,2002:";

fn check_collection_tag(tag: Option<&Tag>, expected: &str) -> Result<(), YamlFail> {
    match tag {
        None => Ok(()),
        Some(t) if t.handle == CORE && t.suffix == expected => Ok(()),
        Some(t) => Err(yaml_error(format!(
            "unsupported tag \"{}{}\"",
            t.handle, t.suffix
        ))),
    }
}

/// A scalar as Terraform resolves it.
fn scalar(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Result<Kind, YamlFail> {
    if let Some(t) = tag {
        let core = t.handle == CORE;
        return match t.suffix.as_str() {
            "str" | "binary" if core => Ok(Kind::String(text)),
            // A quoted scalar stays a string whatever its tag (`!!int "12"` is "12").
            "int" | "float" | "bool" | "null" if core && style != TScalarStyle::Plain => {
                Ok(Kind::String(text))
            }
            "int" | "float" | "bool" | "null" if core => plain(text),
            _ => Err(yaml_error(format!(
                "unsupported tag \"{}{}\"",
                if core { "!!" } else { &t.handle },
                t.suffix
            ))),
        };
    }
    if style == TScalarStyle::Plain {
        plain(text)
    } else {
        Ok(Kind::String(text))
    }
}

/// A plain (unquoted) scalar: YAML 1.1 resolution, as Terraform's decoder applies it.
fn plain(text: String) -> Result<Kind, YamlFail> {
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Ok(Kind::Null),
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            return Ok(Kind::Bool(true));
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            return Ok(Kind::Bool(false));
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Ok(Kind::Number(f64::INFINITY));
        }
        "-.inf" | "-.Inf" | "-.INF" => return Ok(Kind::Number(f64::NEG_INFINITY)),
        ".nan" | ".NaN" | ".NAN" => {
            return Err(yaml_error("floating point NaN is not supported"));
        }
        _ => {}
    }
    let radix = |prefix: &str, radix: u32| {
        text.strip_prefix(prefix)
            .filter(|d| !d.is_empty())
            .and_then(|d| u64::from_str_radix(d, radix).ok())
    };
    // Exact below 2^53; a larger literal is as exact as an f64 can be.
    #[allow(clippy::cast_precision_loss)]
    if let Some(n) = radix("0x", 16).or_else(|| radix("0o", 8)) {
        return Ok(Kind::Number(n as f64));
    }
    if let Some(n) = is_decimal(&text)
        .then(|| text.parse::<f64>().ok())
        .flatten()
    {
        return Ok(Kind::Number(n));
    }
    if is_timestamp(&text) {
        let b = text.as_bytes();
        if b.len() == 10 {
            return Ok(Kind::String(format!("{text}T00:00:00Z")));
        }
        // Terraform reformats a timestamp with a time of day (drops fractions, normalises
        // the zone); not reproduced.
        return Err(YamlFail::Limit);
    }
    Ok(Kind::String(text))
}

/// `[-+]?(digits(.digits?)?|.digits)([eE][-+]?digits)?`: an integer or a float in YAML's
/// decimal forms (leading zeros are decimal, as Terraform reads `010` as 10).
fn is_decimal(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let digits = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => {
            (digits(int) && (frac.is_empty() || digits(frac))) || (int.is_empty() && digits(frac))
        }
        None => digits(mantissa),
    };
    mantissa_ok && exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)))
}

/// `YYYY-MM-DD` alone, or followed by `T`, `t` or a space and a time.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && (b.len() == 10 || matches!(b[10], b'T' | b't' | b' '))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    fn y(text: &str) -> String {
        match yaml(text) {
            Ok(Some(k)) => Value::new(k).to_json().to_string(),
            Ok(None) => "unknown".to_owned(),
            Err(e) => format!("error: {e}"),
        }
    }

    /// Each expected value is what `terraform console` (1.11) prints for the same input.
    #[test]
    fn yaml_resolves_scalars_as_terraform_does() {
        assert_eq!(
            y(
                "a: 1\nb: 1.5\nc: true\nd: null\ne: ~\nf: '1'\ng: [1, x]\n1: k\nh: 0x10\ni: 2001-12-14\nk: 010"
            ),
            r#"{"1":"k","a":1,"b":1.5,"c":true,"d":null,"e":null,"f":"1","g":[1,"x"],"h":16,"i":"2001-12-14T00:00:00Z","k":10}"#
        );
        assert_eq!(
            y(
                "l: 0o10\nm: 0b11\nn: y\no: on\np: 1_000\nq: !!str 1\nr: 1e3\ns: +1\nt: \"yes\"\nu: -.5"
            ),
            r#"{"false":true,"l":8,"m":"0b11","o":true,"p":"1_000","q":"1","r":1000,"s":1,"t":"yes","u":-0.5}"#
        );
        assert_eq!(
            y("a: 1.5e+3\nb: -0x10\nc: +.5\nd: 0o17\ne: 0X1F\nf: 1."),
            r#"{"a":1500,"b":"-0x10","c":0.5,"d":15,"e":"0X1F","f":1}"#
        );
        assert_eq!(
            y("a: True\nb: FALSE\nc: Off\nd: NULL\ne: Null\nf: nULL"),
            r#"{"a":true,"b":false,"c":false,"d":null,"e":null,"f":"nULL"}"#
        );
        assert_eq!(y("a: !!int \"12\""), r#"{"a":"12"}"#);
        assert_eq!(y("a: !!binary aGVsbG8="), r#"{"a":"aGVsbG8="}"#);
        assert_eq!(y("- a\n- b"), r#"["a","b"]"#);
        assert_eq!(y("a"), r#""a""#);
        assert_eq!(y("a: b\na: c"), r#"{"a":"c"}"#);
        assert_eq!(y("a: &x 1\nb: *x"), r#"{"a":1,"b":1}"#);
        assert_eq!(
            y("a: &x {b: 1}\nc:\n  <<: *x\n  d: 2"),
            r#"{"a":{"b":1},"c":{"b":1,"d":2}}"#
        );
    }

    #[test]
    fn yaml_fails_where_terraform_fails() {
        for (text, reason) in [
            ("", "missing start of document"),
            ("---\na: 1\n---\nb: 2", "extra content"),
            ("? [1,2]\n: x", "only strings"),
            ("~: x", "cannot be null"),
            ("a: !Ref x", "unsupported tag \"!Ref\""),
            ("a: .nan", "NaN"),
            ("a: [1", ""),
        ] {
            let got = y(text);
            assert!(
                got.starts_with("error:") && got.contains(reason),
                "{text:?}: {got}"
            );
        }
        // A time of day is reformatted by Terraform; not reproduced, so unknown.
        assert_eq!(y("a: 2001-12-14 21:59:43.10"), "unknown");
    }

    #[test]
    fn hostile_yaml_hits_a_limit_not_memory() {
        // Billion laughs: each level doubles... tenfold; 10^9 strings if expanded.
        let mut doc = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = i - 1;
            let refs = vec![format!("*a{prev}"); 10].join(", ");
            writeln!(doc, "a{i}: &a{i} [{refs}]").unwrap();
        }
        assert_eq!(y(&doc), "unknown");
        // Nesting past the depth limit, ours and the parser's.
        for depth in [MAX_YAML_DEPTH + 2, 10_000] {
            let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            assert_eq!(y(&deep), "unknown");
        }
        let mut block = String::new();
        for i in 0..MAX_YAML_DEPTH + 2 {
            block.push_str(&" ".repeat(i));
            block.push_str("k:\n");
        }
        assert_eq!(y(&block), "unknown");
        let nested = format!("{}{}", "[".repeat(10), "]".repeat(10));
        assert_eq!(y(&nested), "[[[[[[[[[[]]]]]]]]]]");
    }

    #[test]
    fn csv_and_base64_as_terraform() {
        let c = |t: &str| match csv(t) {
            Ok(k) => Value::new(k).to_json().to_string(),
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(
            c("a,b\n1,2\n3,4\n"),
            r#"[{"a":"1","b":"2"},{"a":"3","b":"4"}]"#
        );
        assert_eq!(
            c("a,b\n\"x,1\",\"y\"\"q\"\n"),
            r#"[{"a":"x,1","b":"y\"q"}]"#
        );
        assert_eq!(c("a,b\n"), "[]");
        assert!(c("").contains("missing header line"));
        assert!(c("a,a\n1,2\n").contains("duplicate column name \"a\""));
        assert!(c("a,b\n1,2,3\n").starts_with("error:"));
        assert_eq!(base64("aGVsbG8="), Ok(Kind::String("hello".into())));
        assert_eq!(base64("aGVs\nbG8="), Ok(Kind::String("hello".into())));
        assert_eq!(base64("aGVsbG8"), Err(EvalError::InvalidBase64));
        assert!(matches!(base64("/w=="), Err(EvalError::NotUtf8 { .. })));
    }
}
