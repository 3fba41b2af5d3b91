//! The [`StateIndex`]: cloud ids and ARNs to resource addresses, across every state of a
//! repository, each state bound to the root module directory that owns it. A lookup matches
//! `arn`, then `id`, then the ARNs derived per resource type.

use crate::arn::{Arn, ArnContext, DerivedKind, derived_arn};
use crate::error::StateError;
use crate::model::{ResourceInstance, State};
use crate::read::load;
use crate::redaction::Redaction;
use crate::spec::{StateSpec, normalize_root_dir};
use driftless_diagnostics::ResourceAddress;
use std::collections::HashMap;
use std::fmt;

/// How a lookup found an instance, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MatchedBy {
    /// The instance's `arn` attribute (or its `id`, when that is an ARN and there is no `arn`).
    Arn,
    /// The provider's `id` attribute.
    Id,
    /// An ARN built from the instance's id or name ([`crate::derived_arn`]).
    DerivedArn,
    /// The ARN of the bucket an S3 split-out resource (`aws_s3_bucket_versioning`...)
    /// configures; ranked after the bucket itself.
    CompanionArn,
    /// The id at the end of an ARN that nothing else matched (`i-0abc` of
    /// `arn:aws:ec2:...:instance/i-0abc`), looked up as an `id`; any resource type.
    ArnResourceId,
    /// The resource address.
    Address,
    /// The `volume_id` of one of an `aws_instance`'s `root_block_device` or
    /// `ebs_block_device` blocks: the volume is the instance's, and its settings are written
    /// in the instance's block (kept by [`crate::Redaction::for_mapping`]).
    AttachedVolume,
}

/// One instance a lookup found.
#[derive(Clone, Copy)]
pub struct Match<'a> {
    /// The root module directory the instance's state is bound to, repository-relative with
    /// `/` separators, `.` for the repository root.
    pub root_dir: &'a str,
    /// The state or plan file the instance came from.
    pub state: &'a State,
    /// The instance: address (with instance key) and kept attributes.
    pub instance: &'a ResourceInstance,
    /// How the lookup found it.
    pub matched_by: MatchedBy,
}

impl fmt::Debug for Match<'_> {
    /// Names the state by its path rather than printing every instance in it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Match")
            .field("root_dir", &self.root_dir)
            .field("state", &self.state.path)
            .field("instance", self.instance)
            .field("matched_by", &self.matched_by)
            .finish()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slot {
    state: u32,
    instance: u32,
    by: MatchedBy,
}

/// One slot, or several; most keys have one, and this keeps it off the heap.
#[derive(Debug, Clone)]
enum Slots {
    One(Slot),
    Many(Vec<Slot>),
}

impl Slots {
    fn as_slice(&self) -> &[Slot] {
        match self {
            Self::One(s) => std::slice::from_ref(s),
            Self::Many(v) => v,
        }
    }

    /// Adds `slot` after every slot that ranks as well or better, so lookups list the best
    /// first and, among equals, the first indexed first.
    fn push(&mut self, slot: Slot) {
        let mut all = match std::mem::replace(self, Self::Many(Vec::new())) {
            Self::One(s) => vec![s],
            Self::Many(v) => v,
        };
        let at = all.partition_point(|s| s.by <= slot.by);
        all.insert(at, slot);
        *self = Self::Many(all);
    }
}

fn add(map: &mut HashMap<Box<str>, Slots>, key: &str, slot: Slot) {
    let key = normalize_key(key);
    if key.is_empty() {
        return;
    }
    match map.get_mut(key) {
        Some(slots) => slots.push(slot),
        None => {
            map.insert(key.into(), Slots::One(slot));
        }
    }
}

/// Lookup keys are compared exactly (case-sensitive, as AWS compares ARNs), after trimming
/// white space and trailing `/` (`arn:aws:s3:::bucket/` names the bucket).
fn normalize_key(key: &str) -> &str {
    key.trim().trim_end_matches('/')
}

/// Cloud ids and ARNs to resource instances, over one or several states, each bound to a root
/// module directory.
///
/// Only managed resources are indexed by id and ARN: a data source reads a resource that some
/// other configuration (or nobody) manages, so a finding about it belongs to the manager.
/// Data sources are still found by address.
///
/// # Example
/// ```
/// use driftless_state::{MatchedBy, Redaction, StateIndex, parse};
/// let text = r#"{"version": 4, "resources": [{"mode": "managed", "type": "aws_s3_bucket",
///   "name": "logs", "each": "list", "instances": [
///     {"index_key": 0, "attributes": {"id": "acme-logs-0", "bucket": "acme-logs-0"}}]}]}"#;
/// let state = parse(text.into(), "prod.tfstate".as_ref(), &Redaction::new()).unwrap();
/// let mut index = StateIndex::new();
/// index.insert(state, "envs/prod");
/// let found = index.by_arn("arn:aws:s3:::acme-logs-0").unwrap();
/// assert_eq!(found.instance.address.to_string(), "aws_s3_bucket.logs[0]");
/// assert_eq!(found.root_dir, "envs/prod");
/// assert_eq!(found.matched_by, MatchedBy::DerivedArn);
/// ```
#[derive(Debug, Default)]
pub struct StateIndex {
    states: Vec<(String, State)>,
    by_arn: HashMap<Box<str>, Slots>,
    by_id: HashMap<Box<str>, Slots>,
    by_address: HashMap<ResourceAddress, Slots>,
}

impl StateIndex {
    /// An empty index.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Loads every file of `specs` with `redaction` and indexes those that load. A file that
    /// fails is returned as an error and the others are indexed all the same: a broken input is
    /// reported, and the run goes on (`docs/architecture.md`, "Decisions that cut across
    /// crates": one broken input never stops the rest).
    #[must_use]
    pub fn load(specs: &[StateSpec], redaction: &Redaction) -> (Self, Vec<StateError>) {
        let mut index = Self::new();
        let mut errors = Vec::new();
        for spec in specs {
            match load(&spec.path, redaction) {
                Ok(state) => index.insert(state, &spec.root_dir),
                Err(e) => errors.push(e),
            }
        }
        (index, errors)
    }

    /// Adds `state`, bound to `root_dir` (repository-relative; normalised as
    /// [`StateSpec::new`] does, so `./envs/prod/` is `envs/prod` and the empty string is `.`).
    ///
    /// # Panics
    /// Panics past 4,294,967,295 states or instances in one state.
    pub fn insert(&mut self, state: State, root_dir: &str) {
        let state_no = u32::try_from(self.states.len()).expect("fewer than 2^32 states");
        let context = ArnContext::from_state(&state);
        let n = state.instances.len();
        self.by_address.reserve(n);
        self.by_id.reserve(n);
        self.by_arn.reserve(n);
        for (i, instance) in state.instances.iter().enumerate() {
            let slot = |by| Slot {
                state: state_no,
                instance: u32::try_from(i).expect("fewer than 2^32 instances"),
                by,
            };
            let by_address = slot(MatchedBy::Address);
            match self.by_address.get_mut(&instance.address) {
                Some(slots) => slots.push(by_address),
                None => {
                    self.by_address
                        .insert(instance.address.clone(), Slots::One(by_address));
                }
            }
            if !instance.is_managed() {
                continue;
            }
            let id = instance.id();
            if let Some(id) = id {
                add(&mut self.by_id, id, slot(MatchedBy::Id));
            }
            for volume in attached_volumes(instance) {
                add(&mut self.by_id, volume, slot(MatchedBy::AttachedVolume));
            }
            let own_arn = instance
                .arn()
                .or_else(|| id.filter(|id| Arn::parse(id).is_some()));
            if let Some(arn) = own_arn {
                add(&mut self.by_arn, arn, slot(MatchedBy::Arn));
            } else if let Some((arn, kind)) = derived_arn(instance, &context) {
                let by = match kind {
                    DerivedKind::Own => MatchedBy::DerivedArn,
                    DerivedKind::Companion => MatchedBy::CompanionArn,
                };
                add(&mut self.by_arn, &arn, slot(by));
            }
        }
        self.states.push((normalize_root_dir(root_dir), state));
    }

    fn get_match(&self, slot: Slot) -> Match<'_> {
        let (root_dir, state) = &self.states[slot.state as usize];
        Match {
            root_dir,
            state,
            instance: &state.instances[slot.instance as usize],
            matched_by: slot.by,
        }
    }

    fn matches<'s>(&'s self, slots: Option<&'s Slots>) -> impl Iterator<Item = Match<'s>> + 's {
        slots
            .map_or(&[][..], Slots::as_slice)
            .iter()
            .map(|&s| self.get_match(s))
    }

    /// The states, each with the root module directory it is bound to, in insertion order.
    pub fn states(&self) -> impl Iterator<Item = (&str, &State)> {
        self.states
            .iter()
            .map(|(root, state)| (root.as_str(), state))
    }

    /// Number of resource instances, managed and data, over every state.
    #[must_use]
    pub fn len(&self) -> usize {
        self.states.iter().map(|(_, s)| s.instances.len()).sum()
    }

    /// Whether no state holds any instance.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The managed instance whose ARN is `arn`: its `arn` attribute first, then a derived ARN
    /// of the resource itself, then an S3 split-out resource of the bucket. When two states
    /// hold the same ARN, the one inserted first wins; [`StateIndex::by_arn_all`] lists them
    /// all.
    #[must_use]
    pub fn by_arn(&self, arn: &str) -> Option<Match<'_>> {
        self.by_arn
            .get(normalize_key(arn))
            .map(|slots| self.get_match(slots.as_slice()[0]))
    }

    /// Every managed instance indexed under `arn`, best first (see [`StateIndex::by_arn`]):
    /// an `aws_s3_bucket` and then its `aws_s3_bucket_versioning`, for instance.
    #[must_use]
    pub fn by_arn_all(&self, arn: &str) -> Vec<Match<'_>> {
        self.matches(self.by_arn.get(normalize_key(arn))).collect()
    }

    /// Every managed instance whose `id` is `id`, in insertion order. Ids are unique only
    /// within a resource type and account (an IAM role and an IAM user may both be `deploy`),
    /// so callers check the type and the root directory of each candidate.
    #[must_use]
    pub fn by_id(&self, id: &str) -> Vec<Match<'_>> {
        self.matches(self.by_id.get(normalize_key(id))).collect()
    }

    /// Every instance at `address` (with its instance key), in every state: one per root
    /// module that declares it, plus any deposed objects, current objects first.
    #[must_use]
    pub fn by_address(&self, address: &ResourceAddress) -> Vec<Match<'_>> {
        let mut out: Vec<Match<'_>> = self.matches(self.by_address.get(address)).collect();
        out.sort_by_key(|m| m.instance.deposed.is_some());
        out
    }

    /// The current (not deposed) instance at `address` in the states bound to `root_dir`.
    #[must_use]
    pub fn get(&self, root_dir: &str, address: &ResourceAddress) -> Option<Match<'_>> {
        let root_dir = normalize_root_dir(root_dir);
        self.matches(self.by_address.get(address))
            .find(|m| m.root_dir == root_dir && m.instance.deposed.is_none())
    }

    /// Resolves a scanner's resource identifier (an ASFF `Resources[].Id`, an OCSF
    /// `resources[].uid`, a SARIF location's fully qualified name) to candidates, trying in
    /// order and stopping at the first step that finds any:
    ///
    /// 1. an `arn` attribute equal to `uid` ([`MatchedBy::Arn`]);
    /// 2. an `id` equal to `uid` ([`MatchedBy::Id`]);
    /// 3. a derived ARN, the resource's own before S3 split-out resources
    ///    ([`MatchedBy::DerivedArn`], [`MatchedBy::CompanionArn`]);
    /// 4. when `uid` is an ARN, the id at its end ([`MatchedBy::ArnResourceId`]), for states
    ///    that know neither the ARN nor enough to derive it.
    ///
    /// # Example
    /// ```
    /// use driftless_state::{MatchedBy, Redaction, StateIndex, parse};
    /// let text = r#"{"version": 4, "resources": [{"mode": "managed", "type": "aws_instance",
    ///   "name": "web", "instances": [{"attributes": {"id": "i-0abc"}}]}]}"#;
    /// let mut index = StateIndex::new();
    /// index.insert(parse(text.into(), "s".as_ref(), &Redaction::new()).unwrap(), ".");
    /// // No region or account in this state, so no derived ARN: the id at the end matches.
    /// let found = index.resolve("arn:aws:ec2:us-east-1:111122223333:instance/i-0abc");
    /// assert_eq!(found[0].instance.address.to_string(), "aws_instance.web");
    /// assert_eq!(found[0].matched_by, MatchedBy::ArnResourceId);
    /// ```
    #[must_use]
    pub fn resolve(&self, uid: &str) -> Vec<Match<'_>> {
        let uid = normalize_key(uid);
        let arn_slots = self.by_arn.get(uid).map_or(&[][..], Slots::as_slice);
        let real: Vec<Match<'_>> = arn_slots
            .iter()
            .filter(|s| s.by == MatchedBy::Arn)
            .map(|&s| self.get_match(s))
            .collect();
        if !real.is_empty() {
            return real;
        }
        let by_id = self.by_id(uid);
        if !by_id.is_empty() {
            return by_id;
        }
        if !arn_slots.is_empty() {
            return arn_slots.iter().map(|&s| self.get_match(s)).collect();
        }
        let Some(arn) = Arn::parse(uid) else {
            return Vec::new();
        };
        let id = arn.resource_id();
        self.matches(self.by_id.get(id))
            .map(|m| Match {
                matched_by: if m.matched_by == MatchedBy::AttachedVolume {
                    MatchedBy::AttachedVolume
                } else {
                    MatchedBy::ArnResourceId
                },
                ..m
            })
            .collect()
    }
}

/// The volume ids of an `aws_instance`'s `root_block_device` and `ebs_block_device` blocks
/// (AWS provider schema: each block's computed `volume_id`), when the redaction kept them.
fn attached_volumes(instance: &ResourceInstance) -> impl Iterator<Item = &str> {
    let blocks: &[&str] = if instance.resource_type() == "aws_instance" {
        &["root_block_device", "ebs_block_device"]
    } else {
        &[]
    };
    blocks
        .iter()
        .filter_map(|b| instance.attributes.get(*b).and_then(|v| v.as_array()))
        .flatten()
        .filter_map(|d| d.get("volume_id").and_then(|v| v.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{StateFormat, ValuesFrom};
    use serde_json::json;
    use std::path::PathBuf;

    fn state(path: &str, instances: &[(&str, serde_json::Value)]) -> State {
        State {
            path: PathBuf::from(path),
            format: StateFormat::StateV4,
            terraform_version: None,
            instances: instances
                .iter()
                .map(|(address, attributes)| ResourceInstance {
                    address: address.parse().unwrap(),
                    deposed: None,
                    values_from: ValuesFrom::State,
                    attributes: serde_json::from_value(attributes.clone()).unwrap(),
                })
                .collect(),
            variables: std::collections::BTreeMap::new(),
        }
    }

    fn addresses(matches: &[Match<'_>]) -> Vec<(String, String, MatchedBy)> {
        matches
            .iter()
            .map(|m| {
                (
                    m.root_dir.to_owned(),
                    m.instance.address.to_string(),
                    m.matched_by,
                )
            })
            .collect()
    }

    #[test]
    fn lookups_over_two_roots() {
        let prod = state(
            "prod.tfstate",
            &[
                (
                    "aws_iam_role.deploy",
                    json!({"id": "deploy", "arn": "arn:aws:iam::111122223333:role/deploy"}),
                ),
                (
                    "aws_s3_bucket.logs",
                    json!({"id": "acme-logs", "bucket": "acme-logs"}),
                ),
                (
                    "aws_s3_bucket_versioning.logs",
                    json!({"id": "acme-logs", "bucket": "acme-logs"}),
                ),
                (
                    r#"module.net["eu"].aws_security_group.web[1]"#,
                    json!({"id": "sg-1"}),
                ),
                (
                    "data.aws_s3_bucket.shared",
                    json!({"id": "shared", "arn": "arn:aws:s3:::shared"}),
                ),
                (
                    "aws_sns_topic.alerts",
                    json!({"id": "arn:aws:sns:eu-west-1:111122223333:alerts"}),
                ),
            ],
        );
        let stage = state(
            "stage.tfstate",
            &[
                ("aws_iam_user.deploy", json!({"id": "deploy"})),
                ("aws_s3_bucket.logs", json!({"id": "acme-stage-logs"})),
            ],
        );
        let mut index = StateIndex::new();
        index.insert(prod, "./envs/prod/");
        index.insert(stage, "envs/stage");
        assert_eq!(index.len(), 8);

        // ARNs: unique, trailing slash ignored, case-sensitive.
        let m = index
            .by_arn("arn:aws:iam::111122223333:role/deploy/")
            .unwrap();
        assert_eq!(m.instance.address.to_string(), "aws_iam_role.deploy");
        assert_eq!(m.root_dir, "envs/prod");
        let debug = format!("{m:?}");
        assert!(debug.contains(r#"state: "prod.tfstate""#), "{debug}");
        assert!(!debug.contains("acme-logs"), "{debug}");
        assert!(
            index
                .by_arn("ARN:AWS:IAM::111122223333:ROLE/DEPLOY")
                .is_none()
        );

        // The bucket ranks before its split-out companion.
        assert_eq!(
            addresses(&index.by_arn_all("arn:aws:s3:::acme-logs")),
            vec![
                (
                    "envs/prod".to_owned(),
                    "aws_s3_bucket.logs".to_owned(),
                    MatchedBy::DerivedArn
                ),
                (
                    "envs/prod".to_owned(),
                    "aws_s3_bucket_versioning.logs".to_owned(),
                    MatchedBy::CompanionArn
                ),
            ]
        );
        // An id that is an ARN counts as the ARN.
        assert_eq!(
            index
                .by_arn("arn:aws:sns:eu-west-1:111122223333:alerts")
                .unwrap()
                .matched_by,
            MatchedBy::Arn
        );
        // Data sources are found by address only.
        assert!(index.by_arn("arn:aws:s3:::shared").is_none());
        assert!(index.by_id("shared").is_empty());
        let data: ResourceAddress = "data.aws_s3_bucket.shared".parse().unwrap();
        assert_eq!(index.by_address(&data).len(), 1);

        // Ids are not unique: every candidate, with its root.
        assert_eq!(
            addresses(&index.by_id("deploy")),
            vec![
                (
                    "envs/prod".to_owned(),
                    "aws_iam_role.deploy".to_owned(),
                    MatchedBy::Id
                ),
                (
                    "envs/stage".to_owned(),
                    "aws_iam_user.deploy".to_owned(),
                    MatchedBy::Id
                ),
            ]
        );

        // The security group's state knows its region and account from the other ARNs.
        let sg = index
            .by_arn("arn:aws:ec2:eu-west-1:111122223333:security-group/sg-1")
            .unwrap();
        assert_eq!(
            sg.instance.address.to_string(),
            r#"module.net["eu"].aws_security_group.web[1]"#
        );

        // Addresses: per root.
        let logs: ResourceAddress = "aws_s3_bucket.logs".parse().unwrap();
        assert_eq!(index.by_address(&logs).len(), 2);
        assert_eq!(
            index.get("envs/stage", &logs).unwrap().instance.id(),
            Some("acme-stage-logs")
        );
        assert!(index.get("envs/dev", &logs).is_none());
    }

    #[test]
    fn resolve_tries_arn_id_derived_then_the_id_in_the_arn() {
        let s = state(
            "s.tfstate",
            &[
                (
                    "aws_iam_role.r",
                    json!({"id": "r", "arn": "arn:aws:iam::111122223333:role/r"}),
                ),
                ("aws_s3_bucket.b", json!({"id": "b"})),
                (
                    "aws_instance.web[0]",
                    json!({"id": "i-0abc", "availability_zone": "us-east-1a"}),
                ),
                ("aws_lambda_function.f", json!({"id": "f"})),
            ],
        );
        let mut index = StateIndex::new();
        index.insert(s, ".");
        let one = |uid: &str| {
            let found = index.resolve(uid);
            assert_eq!(found.len(), 1, "{uid}");
            (found[0].instance.address.to_string(), found[0].matched_by)
        };
        assert_eq!(
            one("arn:aws:iam::111122223333:role/r"),
            ("aws_iam_role.r".to_owned(), MatchedBy::Arn)
        );
        assert_eq!(one("r"), ("aws_iam_role.r".to_owned(), MatchedBy::Id));
        assert_eq!(
            one(" arn:aws:s3:::b/ "),
            ("aws_s3_bucket.b".to_owned(), MatchedBy::DerivedArn)
        );
        assert_eq!(
            one("arn:aws:ec2:us-east-1:111122223333:instance/i-0abc"),
            ("aws_instance.web[0]".to_owned(), MatchedBy::DerivedArn)
        );
        assert_eq!(
            one("arn:aws:lambda:us-east-1:111122223333:function:f"),
            ("aws_lambda_function.f".to_owned(), MatchedBy::ArnResourceId)
        );
        assert!(index.resolve("arn:aws:s3:::nope").is_empty());
        assert!(index.resolve("nope").is_empty());
        assert!(index.resolve("").is_empty());
    }

    #[test]
    fn deposed_objects_come_after_the_current_one() {
        let mut s = state(
            "s.tfstate",
            &[
                ("aws_instance.web", json!({"id": "i-old"})),
                ("aws_instance.web", json!({"id": "i-new"})),
            ],
        );
        s.instances[0].deposed = Some("00000001".to_owned());
        let mut index = StateIndex::new();
        index.insert(s, "");
        let web: ResourceAddress = "aws_instance.web".parse().unwrap();
        let all = index.by_address(&web);
        assert_eq!(all[0].instance.id(), Some("i-new"));
        assert_eq!(all[1].instance.id(), Some("i-old"));
        assert_eq!(index.get(".", &web).unwrap().instance.id(), Some("i-new"));
        assert_eq!(index.by_id("i-old")[0].instance.address, web);
    }
}
