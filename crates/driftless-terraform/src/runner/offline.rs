//! The files that make a scratch copy plan offline: driftless's CLI configuration (providers
//! from the mirror only, one shared plugin cache) and, in each copied folder with
//! `provider "aws"` blocks, an override file
//! (<https://developer.hashicorp.com/terraform/language/files/override>) that gives every one
//! of them, aliases included:
//!
//! - dummy static credentials, with `profile` and `token` unset (so no shared configuration
//!   file, role or session of the user is read), and the provider's skips of the credential
//!   check, the account id lookup and the instance metadata service;
//! - a region (`us-east-1`) when the block sets none (the user's `AWS_REGION` does not reach
//!   the provider);
//! - `max_retries = 1`, so a call that cannot succeed fails at once (the provider's default
//!   retries take about 25 s);
//! - a static `assume_role` block with an empty `role_arn` where the block has one, which
//!   the provider skips (a role is only a source of credentials, which a plan without refresh
//!   does not use).
//!
//! The root module's override also sets the local backend: with the user's backend (`s3`,
//! `cloud`...) in place, `init -backend=false` leaves a plan refusing to run ("Backend
//! initialization required"), while the local backend initialises without a network and reads
//! the state the runner puts next to the configuration. A root module without a default
//! `provider "aws"` block gets one in a file of its own (an override cannot add a block).
//!
//! What cannot be made offline: a data source that reads from the API (`aws_ami`,
//! `aws_caller_identity`, `aws_availability_zones`...), a `dynamic "assume_role"` block, and a
//! provider block in a `.tf.json` file (not read here). Each makes the plan fail at once with
//! [`RunError::NeedsApi`](super::RunError::NeedsApi) or Terraform's own error.

use super::folder::ProviderBlock;
use std::fmt::Write as _;
use std::path::Path;

/// The override file the runner writes into copied folders.
pub const OVERRIDE_FILE: &str = "zz_driftless_offline_override.tf";

/// The file holding the default provider block the runner adds to a root module without one.
pub const PROVIDER_FILE: &str = "zz_driftless_offline_provider.tf";

/// The region a provider block without one gets.
pub const DEFAULT_REGION: &str = "us-east-1";

/// The settings every provider block gets, as `name = value` lines.
const SETTINGS: [(&str, &str); 8] = [
    ("access_key", "\"driftless-offline\""),
    ("secret_key", "\"driftless-offline\""),
    ("token", "null"),
    ("profile", "null"),
    ("skip_credentials_validation", "true"),
    ("skip_requesting_account_id", "true"),
    ("skip_metadata_api_check", "true"),
    ("max_retries", "1"),
];

/// `text` as an HCL string literal: a JSON string (HCL reads its escapes) with template
/// sequences (`${`, `%{`) escaped.
fn quoted(text: &str) -> String {
    serde_json::Value::from(text)
        .to_string()
        .replace("${", "$${")
        .replace("%{", "%%{")
}

/// Driftless's CLI configuration: providers from `mirror` only (no `direct` installation),
/// cached in `plugin_cache`.
pub(crate) fn cli_config(mirror: &Path, plugin_cache: &Path) -> String {
    format!(
        "# Written by driftless for one run: providers come from the local mirror only.\n\
         provider_installation {{\n  filesystem_mirror {{\n    path = {}\n  }}\n}}\n\
         plugin_cache_dir = {}\n\
         plugin_cache_may_break_dependency_lock_file = true\n\
         disable_checkpoint = true\n",
        quoted(&mirror.to_string_lossy()),
        quoted(&plugin_cache.to_string_lossy()),
    )
}

/// One provider block with the offline settings; `base` is the block it overrides (`None` for
/// the added default block).
fn provider_block(out: &mut String, base: Option<&ProviderBlock>) {
    out.push_str("provider \"aws\" {\n");
    if let Some(alias) = base.and_then(|b| b.alias.as_deref()) {
        let _ = writeln!(out, "  alias = {}", quoted(alias));
    }
    for (name, value) in SETTINGS {
        let _ = writeln!(out, "  {name} = {value}");
    }
    if !base.is_some_and(|b| b.sets_region) {
        let _ = writeln!(out, "  region = {}", quoted(DEFAULT_REGION));
    }
    if base.is_some_and(|b| b.assumes_role) {
        out.push_str("  assume_role {\n    role_arn = \"\"\n  }\n");
    }
    out.push_str("}\n");
}

/// The override file of a folder with `providers`; `root` adds the local backend.
pub(crate) fn override_file(providers: &[ProviderBlock], root: bool) -> Option<String> {
    if providers.is_empty() && !root {
        return None;
    }
    let mut out = String::from("# Written by driftless: plan this copy offline.\n");
    if root {
        out.push_str("terraform {\n  backend \"local\" {}\n}\n");
    }
    for block in providers {
        provider_block(&mut out, Some(block));
    }
    Some(out)
}

/// The default provider block for a root module without one, `None` when it has one.
pub(crate) fn provider_file(providers: &[ProviderBlock]) -> Option<String> {
    if providers.iter().any(|p| p.alias.is_none()) {
        return None;
    }
    let mut out = String::from("# Written by driftless: the default AWS provider, offline.\n");
    provider_block(&mut out, None);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_block_is_overridden_and_aliases_kept() {
        let blocks = [
            ProviderBlock {
                alias: None,
                sets_region: true,
                assumes_role: false,
            },
            ProviderBlock {
                alias: Some("us".into()),
                sets_region: false,
                assumes_role: true,
            },
        ];
        let text = override_file(&blocks, true).unwrap();
        assert_eq!(
            text,
            "# Written by driftless: plan this copy offline.\n\
             terraform {\n  backend \"local\" {}\n}\n\
             provider \"aws\" {\n  access_key = \"driftless-offline\"\n  secret_key = \"driftless-offline\"\n  \
             token = null\n  profile = null\n  skip_credentials_validation = true\n  \
             skip_requesting_account_id = true\n  skip_metadata_api_check = true\n  max_retries = 1\n}\n\
             provider \"aws\" {\n  alias = \"us\"\n  access_key = \"driftless-offline\"\n  \
             secret_key = \"driftless-offline\"\n  token = null\n  profile = null\n  \
             skip_credentials_validation = true\n  skip_requesting_account_id = true\n  \
             skip_metadata_api_check = true\n  max_retries = 1\n  region = \"us-east-1\"\n  \
             assume_role {\n    role_arn = \"\"\n  }\n}\n"
        );
        assert!(hcl_edit::parser::parse_body(&text).is_ok());
        assert!(provider_file(&blocks).is_none());
        assert!(
            provider_file(&blocks[1..])
                .unwrap()
                .contains("region = \"us-east-1\"")
        );
        assert!(override_file(&[], false).is_none());
    }

    #[test]
    fn paths_and_names_are_quoted() {
        assert_eq!(quoted(r#"a"b\c${d}%{e}$f"#), r#""a\"b\\c$${d}%%{e}$f""#);
        let text = cli_config(Path::new("/opt/tf plugins"), Path::new("/c/\"x\""));
        assert!(text.contains("path = \"/opt/tf plugins\""), "{text}");
        assert!(
            text.contains("plugin_cache_dir = \"/c/\\\"x\\\"\""),
            "{text}"
        );
        assert!(hcl_edit::parser::parse_body(&text).is_ok());
    }
}
