//! Bytes to text. State and plan files come from `terraform show -json > plan.json` in
//! PowerShell (UTF-16 LE with a byte order mark), from editors that add a UTF-8 byte order
//! mark, and from everything else as plain UTF-8.
//!
//! RFC 8259 section 8.1 asks for UTF-8 without a byte order mark, and RFC 4627 section 3 shows
//! how to tell the UTF-16 forms apart when the mark is missing: JSON text starts with an ASCII
//! character, so its first two bytes hold one NUL.

use crate::error::StateErrorKind;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The encodings [`decode`] recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without byte order mark.
    Utf8,
    /// UTF-8 with byte order mark `EF BB BF`.
    Utf8Bom,
    /// UTF-16 little endian, with byte order mark `FF FE` or detected by its NUL bytes.
    Utf16Le,
    /// UTF-16 big endian, with byte order mark `FE FF` or detected by its NUL bytes.
    Utf16Be,
}

/// Which encoding `bytes` are in, from the byte order mark or, for UTF-16 without one, from
/// where the NUL bytes of the first (ASCII) character are.
#[must_use]
pub fn detect(bytes: &[u8]) -> Encoding {
    match bytes {
        [0xEF, 0xBB, 0xBF, ..] => Encoding::Utf8Bom,
        [0xFF, 0xFE, ..] => Encoding::Utf16Le,
        [0xFE, 0xFF, ..] => Encoding::Utf16Be,
        [b0, 0, ..] if *b0 != 0 => Encoding::Utf16Le,
        [0, b1, ..] if *b1 != 0 => Encoding::Utf16Be,
        _ => Encoding::Utf8,
    }
}

/// Decodes a state or plan file to text, without its byte order mark.
///
/// Accepts UTF-8 with or without byte order mark, and UTF-16 LE or BE with a byte order mark
/// or detected as [`detect`] says. The returned text may still be empty or blank; callers
/// decide what that means.
///
/// # Errors
/// Returns [`StateErrorKind::Encoding`] with the 0-based byte offset of the first byte that is
/// not valid in the detected encoding (an unpaired UTF-16 surrogate, an odd trailing byte, an
/// invalid UTF-8 sequence).
///
/// # Example
/// ```
/// let utf16: Vec<u8> = [0xFF, 0xFE, b'{', 0, b'}', 0].to_vec();
/// assert_eq!(driftless_state::decode(utf16).unwrap(), "{}");
/// ```
pub fn decode(bytes: Vec<u8>) -> Result<String, StateErrorKind> {
    match detect(&bytes) {
        Encoding::Utf8 => utf8(bytes, 0),
        Encoding::Utf8Bom => {
            let mut bytes = bytes;
            bytes.drain(..UTF8_BOM.len());
            utf8(bytes, UTF8_BOM.len())
        }
        Encoding::Utf16Le => utf16(&bytes, u16::from_le_bytes, [0xFF, 0xFE]),
        Encoding::Utf16Be => utf16(&bytes, u16::from_be_bytes, [0xFE, 0xFF]),
    }
}

fn utf8(bytes: Vec<u8>, skipped: usize) -> Result<String, StateErrorKind> {
    String::from_utf8(bytes).map_err(|e| StateErrorKind::Encoding {
        offset: skipped + e.utf8_error().valid_up_to(),
        message: "not valid UTF-8",
    })
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, bom: [u8; 2]) -> Result<String, StateErrorKind> {
    let skip = if bytes.starts_with(&bom) { 2 } else { 0 };
    let body = &bytes[skip..];
    if !body.chunks_exact(2).remainder().is_empty() {
        return Err(StateErrorKind::Encoding {
            offset: bytes.len() - 1,
            message: "UTF-16 text with an odd number of bytes",
        });
    }
    let units = body.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut out = String::with_capacity(body.len() / 2);
    let mut offset = skip;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                out.push(c);
                offset += c.len_utf16() * 2;
            }
            Err(_) => {
                return Err(StateErrorKind::Encoding {
                    offset,
                    message: "unpaired UTF-16 surrogate",
                });
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        out.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    fn utf16be(s: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFE, 0xFF] } else { Vec::new() };
        out.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        out
    }

    #[test]
    fn every_encoding_decodes_to_the_same_text() {
        let text = "{\"name\": \"caf\u{e9} \u{1F600}\"}";
        let mut bom8 = UTF8_BOM.to_vec();
        bom8.extend_from_slice(text.as_bytes());
        for (bytes, encoding) in [
            (text.as_bytes().to_vec(), Encoding::Utf8),
            (bom8, Encoding::Utf8Bom),
            (utf16le(text, true), Encoding::Utf16Le),
            (utf16le(text, false), Encoding::Utf16Le),
            (utf16be(text, true), Encoding::Utf16Be),
            (utf16be(text, false), Encoding::Utf16Be),
        ] {
            assert_eq!(detect(&bytes), encoding);
            assert_eq!(decode(bytes).unwrap(), text);
        }
    }

    #[test]
    fn bad_bytes_name_their_offset() {
        let err = decode(b"{\"a\": \"\xFF\"}".to_vec()).unwrap_err();
        assert!(matches!(
            err,
            StateErrorKind::Encoding {
                offset: 7,
                message: "not valid UTF-8"
            }
        ));
        // Offsets count the byte order mark.
        let err = decode(b"\xEF\xBB\xBF{\xC3".to_vec()).unwrap_err();
        assert!(matches!(err, StateErrorKind::Encoding { offset: 4, .. }));

        let mut odd = utf16le("{}", true);
        odd.push(b' ');
        let err = decode(odd).unwrap_err();
        assert_eq!(
            err.to_string(),
            "UTF-16 text with an odd number of bytes at byte offset 6"
        );

        // `{` then a lone high surrogate at byte offset 4.
        let lone = vec![0xFF, 0xFE, b'{', 0, 0x00, 0xD8, b'}', 0];
        let err = decode(lone).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unpaired UTF-16 surrogate at byte offset 4"
        );
    }
}
