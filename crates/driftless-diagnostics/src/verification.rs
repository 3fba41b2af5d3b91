//! What the real Terraform said about a fix: the patched configuration validated and planned
//! against the state of the unpatched one, and what that plan does to each resource instance.
//!
//! The words are Terraform's JSON plan format's
//! (<https://developer.hashicorp.com/terraform/internals/json-format#change-representation>):
//! a change's `actions` list gives its [`PlanAction`], its `replace_paths` the attributes that
//! force a replacement.

use crate::ResourceAddress;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a plan does to one resource instance (a change's `actions` list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanAction {
    /// `["no-op"]`: the configuration matches the prior state.
    NoOp,
    /// `["create"]`: a new object.
    Create,
    /// `["read"]`: a data source read during apply (its arguments are not known yet).
    Read,
    /// `["update"]`: an in-place update.
    Update,
    /// `["delete"]`: the object is destroyed.
    Delete,
    /// `["delete", "create"]` or `["create", "delete"]`: destroyed and created again, in this
    /// order (`create_before_destroy` gives [`ReplaceOrder::CreateThenDelete`]).
    Replace(ReplaceOrder),
    /// `["forget"]`: removed from the state without being destroyed (a `removed` block).
    Forget,
}

/// The order of the two halves of a replacement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplaceOrder {
    /// `["delete", "create"]`: the default.
    DeleteThenCreate,
    /// `["create", "delete"]`: under `create_before_destroy`.
    CreateThenDelete,
}

impl PlanAction {
    /// The action of Terraform's `actions` list, `None` for a list Terraform does not write.
    #[must_use]
    pub fn from_actions<S: AsRef<str>>(actions: &[S]) -> Option<Self> {
        let actions: Vec<&str> = actions.iter().map(AsRef::as_ref).collect();
        Some(match actions.as_slice() {
            ["no-op"] => Self::NoOp,
            ["create"] => Self::Create,
            ["read"] => Self::Read,
            ["update"] => Self::Update,
            ["delete"] => Self::Delete,
            ["delete", "create"] => Self::Replace(ReplaceOrder::DeleteThenCreate),
            ["create", "delete"] => Self::Replace(ReplaceOrder::CreateThenDelete),
            ["forget"] => Self::Forget,
            _ => return None,
        })
    }

    /// The one-word name machine formats use: `no-op`, `create`, `read`, `update`, `delete`,
    /// `replace`, `forget` (the order of a replacement is [`PlanAction::Replace`]'s).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NoOp => "no-op",
            Self::Create => "create",
            Self::Read => "read",
            Self::Update => "update",
            Self::Delete => "delete",
            Self::Replace(_) => "replace",
            Self::Forget => "forget",
        }
    }

    /// Whether the running object is lost: destroyed, or destroyed and created again.
    #[must_use]
    pub fn is_destructive(self) -> bool {
        matches!(self, Self::Delete | Self::Replace(_))
    }
}

impl fmt::Display for PlanAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NoOp => "no change",
            Self::Create => "create",
            Self::Read => "read",
            Self::Update => "update in place",
            Self::Delete => "delete",
            Self::Replace(ReplaceOrder::DeleteThenCreate) => "replace (destroy, then create)",
            Self::Replace(ReplaceOrder::CreateThenDelete) => "replace (create, then destroy)",
            Self::Forget => "forget",
        })
    }
}

/// What the plan of a fixed configuration does to one resource instance the fix changes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PlannedChange {
    /// The root module planned, repository-relative (`.` for the repository's root).
    pub root_module: String,
    /// The instance, `module.db.aws_db_instance.this[0]`.
    pub address: ResourceAddress,
    /// What the plan does to it.
    pub action: PlanAction,
    /// For a replacement, the attributes whose change forces it (Terraform's `replace_paths`),
    /// `root_block_device[0].encrypted`.
    pub replace_paths: Vec<String>,
    /// The outermost attribute paths whose value the plan changes, `metadata_options[0].http_tokens`.
    pub changed_paths: Vec<String>,
}

impl PlannedChange {
    /// "update in place", or "replace (destroy, then create): `encrypted` forces replacement".
    #[must_use]
    pub fn describe(&self) -> String {
        match self.forces() {
            Some(forces) => format!("{}: {forces}", self.action),
            None => self.action.to_string(),
        }
    }

    /// For a replacement with replace paths, "`encrypted` forces replacement".
    fn forces(&self) -> Option<String> {
        if self.replace_paths.is_empty() || !matches!(self.action, PlanAction::Replace(_)) {
            return None;
        }
        let paths: Vec<String> = self
            .replace_paths
            .iter()
            .map(|p| format!("`{p}`"))
            .collect();
        let verb = if paths.len() == 1 { "forces" } else { "force" };
        Some(format!("{} {verb} replacement", paths.join(", ")))
    }
}

/// Whether, and how, Terraform checked a fix.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Verification {
    /// The configuration with the fix applied validated and planned, in every root module the
    /// fix touches, against the state of the unfixed configuration: the user's state file
    /// when one was given for that root module (`scan --state`), else a state built from the
    /// unfixed configuration's own plan.
    Planned {
        /// The tool and its version, `terraform 1.11.4`.
        tool: String,
        /// The root modules planned, repository-relative, sorted.
        root_modules: Vec<String>,
        /// The state files (format version 4, paths as the user gave them) that root modules
        /// were planned against, sorted; empty when every one was planned against a state
        /// built from its unfixed plan.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        state_files: Vec<String>,
        /// What the plan does to the instances the fix changes (the finding's instances, and
        /// any other instance whose plan only the fix explains); empty when it changes nothing.
        changes: Vec<PlannedChange>,
    },
    /// Not checked, and why: "Terraform was not found: ...", "--no-verify", or what keeps a
    /// root module from planning offline.
    Skipped {
        /// Why, in one sentence.
        reason: String,
    },
}

impl Verification {
    /// One line for people: "verified: update in place", "verified: replaces" and the
    /// instance and what forces it (see the tests), "verified: no change to managed
    /// resources", or "not verified: " and the reason; "verified against terraform.tfstate:
    /// ..." when the plan started from the user's state file.
    #[must_use]
    pub fn summary(&self) -> String {
        match self {
            Self::Skipped { reason } => format!("not verified: {reason}"),
            Self::Planned {
                changes,
                state_files,
                ..
            } => {
                let verified = if state_files.is_empty() {
                    "verified".to_owned()
                } else {
                    format!("verified against {}", state_files.join(", "))
                };
                let changed: Vec<&PlannedChange> = changes
                    .iter()
                    .filter(|c| c.action != PlanAction::NoOp)
                    .collect();
                let Some(first) = changed.first() else {
                    return format!("{verified}: no change to managed resources");
                };
                let destructive: Vec<&&PlannedChange> = changed
                    .iter()
                    .filter(|c| c.action.is_destructive())
                    .collect();
                if destructive.is_empty() {
                    if changed.iter().all(|c| c.action == first.action) {
                        return format!("{verified}: {}", first.action);
                    }
                    let list: Vec<String> = changed
                        .iter()
                        .map(|c| format!("{} {}", c.address, c.action))
                        .collect();
                    return format!("{verified}: {}", list.join("; "));
                }
                let list: Vec<String> = destructive
                    .iter()
                    .map(|c| {
                        let what = if c.action == PlanAction::Delete {
                            "deletes"
                        } else {
                            "replaces"
                        };
                        match c.forces() {
                            Some(forces) => format!("{what} {}: {forces}", c.address),
                            None => format!("{what} {}", c.address),
                        }
                    })
                    .collect();
                format!("{verified}: {}", list.join("; "))
            }
        }
    }

    /// Whether Terraform planned the fix.
    #[must_use]
    pub fn is_planned(&self) -> bool {
        matches!(self, Self::Planned { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(address: &str, action: PlanAction, replace: &[&str]) -> PlannedChange {
        PlannedChange {
            root_module: ".".into(),
            address: address.parse().unwrap(),
            action,
            replace_paths: replace.iter().map(|s| (*s).to_owned()).collect(),
            changed_paths: vec!["encrypted".into()],
        }
    }

    fn planned(changes: Vec<PlannedChange>) -> Verification {
        Verification::Planned {
            tool: "terraform 1.11.4".into(),
            root_modules: vec![".".into()],
            state_files: Vec::new(),
            changes,
        }
    }

    #[test]
    fn actions_from_terraforms_lists() {
        assert_eq!(
            PlanAction::from_actions(&["delete", "create"]),
            Some(PlanAction::Replace(ReplaceOrder::DeleteThenCreate))
        );
        assert_eq!(
            PlanAction::from_actions(&["update"]).map(PlanAction::as_str),
            Some("update")
        );
        assert_eq!(PlanAction::from_actions(&["create", "create"]), None);
        assert!(PlanAction::Delete.is_destructive());
        assert!(!PlanAction::Update.is_destructive());
    }

    #[test]
    fn summaries_name_the_action_and_what_forces_a_replacement() {
        let update = planned(vec![change("aws_instance.web", PlanAction::Update, &[])]);
        assert_eq!(update.summary(), "verified: update in place");
        let replace = planned(vec![change(
            "aws_ebs_volume.scratch",
            PlanAction::Replace(ReplaceOrder::DeleteThenCreate),
            &["encrypted"],
        )]);
        assert_eq!(
            replace.summary(),
            "verified: replaces aws_ebs_volume.scratch: `encrypted` forces replacement"
        );
        assert_eq!(
            planned(Vec::new()).summary(),
            "verified: no change to managed resources"
        );
        let mixed = planned(vec![
            change("aws_instance.a", PlanAction::Update, &[]),
            change("aws_instance.b", PlanAction::Create, &[]),
        ]);
        assert_eq!(
            mixed.summary(),
            "verified: aws_instance.a update in place; aws_instance.b create"
        );
        let skipped = Verification::Skipped {
            reason: "Terraform was not found".into(),
        };
        assert_eq!(skipped.summary(), "not verified: Terraform was not found");
        let against_state = Verification::Planned {
            tool: "terraform 1.11.4".into(),
            root_modules: vec!["envs/prod".into()],
            state_files: vec!["prod.tfstate".into()],
            changes: vec![change("aws_instance.web", PlanAction::Update, &[])],
        };
        assert_eq!(
            against_state.summary(),
            "verified against prod.tfstate: update in place"
        );
        assert!(!skipped.is_planned());
    }

    #[test]
    fn a_change_describes_its_replace_paths() {
        let c = change(
            "aws_db_instance.db",
            PlanAction::Replace(ReplaceOrder::CreateThenDelete),
            &["storage_encrypted", "kms_key_id"],
        );
        assert_eq!(
            c.describe(),
            "replace (create, then destroy): `storage_encrypted`, `kms_key_id` force replacement"
        );
    }

    #[test]
    fn verification_serialises_with_a_status_tag() {
        let v = planned(vec![change("aws_instance.web", PlanAction::Update, &[])]);
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!(json["status"], "planned");
        assert_eq!(json["changes"][0]["action"], "update");
        let back: Verification = serde_json::from_value(json).unwrap();
        assert_eq!(back, v);
    }
}
