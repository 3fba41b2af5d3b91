//! Why an expression has no value.

/// Why an expression has no value: Terraform would fail here (a missing attribute, an index
/// out of range, a type mismatch). `try` and `can` catch it; elsewhere it becomes Unknown.
/// The `Display` text says what failed, in Terraform's terms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum EvalError {
    /// `try(...)` with no argument that evaluates.
    #[error("no argument of try() evaluated")]
    NoTryArgument,
    /// A function called with the wrong number of arguments.
    #[error("wrong number of arguments to {function}()")]
    Arity {
        /// The function's name.
        function: String,
    },
    /// `coalesce(...)` with only null or empty arguments.
    #[error("no non-null argument to coalesce()")]
    NothingToCoalesce,
    /// `coalescelist(...)` with only empty lists.
    #[error("no non-empty list to coalescelist()")]
    NoListToCoalesce,
    /// `lookup(map, key)` with a key that is no string.
    #[error("lookup key is not a string")]
    LookupKeyNotString,
    /// A map has no such key (`lookup` without default, `map["key"]`).
    #[error("no key `{key}`")]
    NoKey {
        /// The key.
        key: String,
    },
    /// `one(list)` of a list with several elements.
    #[error("one() of a list of several")]
    SeveralForOne,
    /// `jsondecode(s)` of a string that is not JSON.
    #[error("jsondecode: {reason}")]
    InvalidJson {
        /// The JSON parser's message.
        reason: String,
    },
    /// `yamldecode(s)` of a string that is not one YAML document Terraform accepts.
    #[error("yamldecode: {reason}")]
    InvalidYaml {
        /// What is wrong, in the words of Terraform's message where it has one.
        reason: String,
    },
    /// `csvdecode(s)` of a string that is not CSV with a header line.
    #[error("csvdecode: {reason}")]
    InvalidCsv {
        /// What is wrong.
        reason: String,
    },
    /// `base64decode(s)` of a string that is not standard padded base64.
    #[error("base64decode: not valid base64")]
    InvalidBase64,
    /// Bytes that are not UTF-8 where Terraform needs a string (`file`, `base64decode`).
    #[error("{what} is not valid UTF-8")]
    NotUtf8 {
        /// What was read or decoded.
        what: String,
    },
    /// `file(path)` or `templatefile(path, vars)` of a path inside the repository where no
    /// file is.
    #[error("no file exists at {path}")]
    NoFile {
        /// The path as given.
        path: String,
    },
    /// A `templatefile` template calls `templatefile`, which Terraform forbids.
    #[error("templatefile cannot be called from a template file")]
    RecursiveTemplate,
    /// Arithmetic or a comparison on a value that is no number.
    #[error("arithmetic on a non-number")]
    NotANumber,
    /// `/` or `%` by zero.
    #[error("division by zero")]
    DivisionByZero,
    /// `object.name` of an object without that attribute.
    #[error("no attribute `{name}`")]
    NoAttribute {
        /// The attribute's name.
        name: String,
    },
    /// `value.name` of a value that is no object.
    #[error("cannot read attribute `{name}` of this value")]
    NotAnObject {
        /// The attribute's name.
        name: String,
    },
    /// `list[i]` with an `i` that is no number.
    #[error("list index is not a number")]
    IndexNotANumber,
    /// `list[i]` with a negative or fractional `i`.
    #[error("bad list index")]
    BadIndex,
    /// `list[i]` past the end of the list.
    #[error("list index out of range")]
    IndexOutOfRange,
    /// `map[k]` with a `k` that is no string.
    #[error("map key is not a string")]
    KeyNotAString,
    /// `value[k]` of a value that is neither a list nor a map.
    #[error("cannot index this value")]
    NotIndexable,
}

/// The result of evaluating one expression.
pub(crate) type EvalResult = Result<crate::value::Value, EvalError>;
