//! Which attribute names hold secrets, by their name alone: one list for every place that
//! keeps values out of what it stores or shows (`docs/architecture.md`, "Decisions that cut
//! across crates": secrets): the redaction of hard-coded values in stored fix diffs, and of
//! planned values read from Terraform.

/// Words of attribute names (split at `_`) whose values are secrets. `http_tokens` is not one
/// (its words are `http` and `tokens`).
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "credential",
    "credentials",
];

/// Whole attribute names that hold secrets without a secret word.
const SECRET_NAMES: &[&str] = &[
    "private_key",
    "access_key",
    "key_material",
    "sensitive_value",
];

/// Whether an attribute named `name` holds a secret, by its name (in any case).
///
/// # Example
/// ```
/// use driftless_diagnostics::is_secret_name;
/// assert!(is_secret_name("master_password") && is_secret_name("tls_private_key"));
/// assert!(!is_secret_name("http_tokens") && !is_secret_name("kms_key_id"));
/// ```
#[must_use]
pub fn is_secret_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.split('_').any(|w| SECRET_WORDS.contains(&w))
        || SECRET_NAMES.iter().any(|n| name.ends_with(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for name in [
            "password",
            "db_password",
            "secret_string",
            "private_key",
            "auth_token",
            "Password",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "http_tokens",
            "kms_key_id",
            "key_name",
            "passwordless",
            "engine",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }
}
