//! Streaming the items of a JSON document one at a time: the elements of a top-level array,
//! or of the array found by following object keys (`{"Findings": [...]}`,
//! `{"detail": {"findings": [...]}}`), or the top-level object itself when no key path matches.
//! Each item is deserialized into its typed struct and handed over before the next is read,
//! so memory holds one item at a time.

use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::io::Read;
use std::marker::PhantomData;

/// Streams the items of the document read from `reader` into `sink`.
///
/// `paths` are the key paths that lead to the item array inside a top-level object; a
/// top-level array is the item array itself; a top-level object that none of `paths` matches
/// is one item.
///
/// # Errors
/// The JSON error (with line and column) when the document is malformed or an item does not
/// have the expected shape.
pub(crate) fn stream<T: DeserializeOwned, R: Read>(
    reader: R,
    paths: &[&[&str]],
    sink: &mut dyn FnMut(T),
) -> Result<(), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_reader(reader);
    Top {
        paths,
        sink,
        at_root: true,
        _t: PhantomData,
    }
    .deserialize(&mut de)?;
    de.end()
}

struct Top<'s, T> {
    paths: &'s [&'s [&'s str]],
    sink: &'s mut dyn FnMut(T),
    /// Whether this is the document itself (only then may an object be an item).
    at_root: bool,
    _t: PhantomData<T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Top<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for Top<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON array or object of findings")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(item) = seq.next_element::<T>()? {
            (self.sink)(item);
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // Keys that do not lead to the items are kept, in case the object is itself an item.
        let mut rest = serde_json::Map::new();
        let mut streamed = false;
        while let Some(key) = map.next_key::<String>()? {
            let next: Vec<&[&str]> = self
                .paths
                .iter()
                .filter(|p| p.first() == Some(&key.as_str()))
                .map(|p| &p[1..])
                .collect();
            if next.is_empty() {
                if self.at_root {
                    rest.insert(key, map.next_value()?);
                } else {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
                continue;
            }
            streamed = true;
            if next.iter().any(|p| p.is_empty()) {
                map.next_value_seed(Top {
                    paths: &[],
                    sink: &mut *self.sink,
                    at_root: false,
                    _t: PhantomData::<T>,
                })?;
            } else {
                map.next_value_seed(Top {
                    paths: &next,
                    sink: &mut *self.sink,
                    at_root: false,
                    _t: PhantomData::<T>,
                })?;
            }
        }
        if !streamed && self.at_root {
            let item = T::deserialize(serde_json::Value::Object(rest))
                .map_err(serde::de::Error::custom)?;
            (self.sink)(item);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::stream;

    fn ids(doc: &str, paths: &[&[&str]]) -> Vec<u32> {
        #[derive(serde::Deserialize)]
        struct Item {
            id: u32,
        }
        let mut out = Vec::new();
        stream::<Item, _>(doc.as_bytes(), paths, &mut |i| out.push(i.id)).unwrap();
        out
    }

    #[test]
    fn streams_every_shape() {
        let paths: &[&[&str]] = &[&["Findings"], &["detail", "findings"]];
        assert_eq!(ids(r#"[{"id": 1}, {"id": 2}]"#, paths), [1, 2]);
        assert_eq!(ids(r#"{"x": 0, "Findings": [{"id": 3}]}"#, paths), [3]);
        assert_eq!(
            ids(
                r#"{"detail": {"a": 1, "findings": [{"id": 4}, {"id": 5}]}}"#,
                paths
            ),
            [4, 5]
        );
        assert_eq!(ids(r#"{"id": 6, "other": [1, 2]}"#, paths), [6]);
    }

    #[test]
    fn errors_carry_line_and_column() {
        #[derive(serde::Deserialize, Debug)]
        struct Item {
            // Only deserialized: the test is about the error.
            #[allow(dead_code)]
            id: u32,
        }
        let err = stream::<Item, _>(
            "[\n  {\"id\": 1},\n  {\"id\": }\n]".as_bytes(),
            &[],
            &mut |_| {},
        )
        .unwrap_err();
        assert_eq!((err.line(), err.column()), (3, 10));
    }
}
