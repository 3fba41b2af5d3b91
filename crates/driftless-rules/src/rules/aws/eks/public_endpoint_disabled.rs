//! `aws-eks-public-endpoint-disabled`: EKS clusters do not expose their Kubernetes API server
//! endpoint to the internet.

use crate::checker::{Checker, attach_fix};
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use crate::rules::aws::vpc::ingress::is_world;
use driftless_diagnostics::{Applicability, CrossRefs, IssueKind, Severity};
use driftless_hcl::edit::{EditPlan, PlanError, insert_attributes, set_attribute};
use driftless_hcl::{BlockView, Resource};

declare_rule! {
    /// ## What it checks
    /// `aws_eks_cluster` blocks whose `vpc_config.endpoint_public_access` is absent (the
    /// default is `true`) or `true`: the cluster's Kubernetes API server then has a public
    /// endpoint, reachable from the CIDR blocks of `public_access_cidrs`, which default to
    /// `0.0.0.0/0`
    /// (<https://docs.aws.amazon.com/eks/latest/APIReference/API_VpcConfigRequest.html>). A
    /// public endpoint restricted to a few CIDR blocks is reported too (the message says it is
    /// restricted): the requirement is a private endpoint, as in Security Hub EKS.1. A value
    /// unknown before apply is not reported.
    ///
    /// ## Why it matters
    /// The API server controls everything in the cluster. A public endpoint is found by
    /// internet scanners, and then only authentication stands between an attacker and the
    /// cluster: a leaked kubeconfig or token, a misconfigured `system:anonymous` or
    /// `system:unauthenticated` binding, or an API server vulnerability is then enough. With
    /// the endpoint private, the API is reachable only from the VPC and the networks connected
    /// to it (<https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html>).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_eks_cluster" "main" {
    ///   name     = "main"
    ///   role_arn = aws_iam_role.cluster.arn
    ///
    ///   vpc_config {
    ///     subnet_ids = var.private_subnet_ids
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_eks_cluster" "main" {
    ///   name     = "main"
    ///   role_arn = aws_iam_role.cluster.arn
    ///
    ///   vpc_config {
    ///     subnet_ids              = var.private_subnet_ids
    ///     endpoint_private_access = true
    ///     endpoint_public_access  = false
    ///   }
    /// }
    /// ```
    ///
    /// ## Fix
    /// Sets `endpoint_public_access = false` where the value is set (the block, a variable
    /// default, a `.tfvars` entry or the calling module's argument), or inserts it. A cluster
    /// needs one endpoint, so the fix also turns on the private endpoint
    /// (`endpoint_private_access = true`) when it is absent or `false`; when that value is
    /// unknown the finding gets a recommendation instead.
    ///
    /// ## Fix safety
    /// `review`: the change applies in place (the cluster is updated, not replaced, and the
    /// update takes several minutes), but every client outside the VPC loses the API: `kubectl`
    /// from laptops, CI/CD runners and GitOps controllers outside the VPC, and the Terraform
    /// `kubernetes` and `helm` providers if they run outside. Give them a path first (a VPN,
    /// Direct Connect, a bastion or a runner inside the VPC), and make sure the cluster's
    /// security group lets them reach port 443. Nodes then reach the API through the private
    /// endpoint.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html>
    /// - <https://docs.aws.amazon.com/eks/latest/APIReference/API_VpcConfigRequest.html>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/eks-controls.html#eks-1>
    /// - Security Hub FSBP `EKS.1`; Checkov `CKV_AWS_39`; Trivy `AVD-AWS-0040`
    ///   (`aws-eks-no-public-cluster-access`); KICS `42f4b905-3736-4213-bfe9-c0660518cda8`
    ///   (`eks_cluster_has_public_access`); Prowler `eks_cluster_not_publicly_accessible`
    /// - Not cross-referenced: Trivy `AVD-AWS-0041` (`aws-eks-no-public-cluster-access-to-cidr`)
    ///   fails the same clusters when one of their public CIDR blocks is not private, but
    ///   points at `public_access_cidrs`, a line this rule's finding (on
    ///   `endpoint_public_access`) does not share when both are written.
    pub struct PublicEndpointDisabled {
        id: "aws-eks-public-endpoint-disabled",
        title: "EKS cluster API endpoints are not public",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_eks_cluster"],
        fix: FixAvailability::Always,
        references: &[
            "https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html",
            "https://docs.aws.amazon.com/eks/latest/APIReference/API_VpcConfigRequest.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/eks-controls.html#eks-1",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_39"],
            trivy: &["AVD-AWS-0040", "AWS-0040", "aws-eks-no-public-cluster-access", "AWS069"],
            kics: &["42f4b905-3736-4213-bfe9-c0660518cda8"],
            prowler: &["eks_cluster_not_publicly_accessible"],
            security_hub: &["EKS.1"],
            terrascan: &[],
        },
        check: public_endpoint_disabled,
    }
}

const PUBLIC: &str = "endpoint_public_access";
const PRIVATE: &str = "endpoint_private_access";

/// Who can reach the public endpoint: `the whole internet`, or `N CIDR blocks`; `None` when
/// `public_access_cidrs` is unknown.
fn audience(vpc: &BlockView) -> Option<String> {
    let Some(value) = vpc.value("public_access_cidrs") else {
        return Some("the whole internet (`public_access_cidrs` defaults to `0.0.0.0/0`)".into());
    };
    if value.is_null() {
        return Some("the whole internet (`public_access_cidrs` defaults to `0.0.0.0/0`)".into());
    }
    let cidrs = value.as_list()?;
    let known: Vec<String> = cidrs
        .iter()
        .filter_map(|c| c.as_str().map(std::borrow::Cow::into_owned))
        .collect();
    if known.iter().any(|c| is_world(c)) {
        return Some("the whole internet (`0.0.0.0/0` in `public_access_cidrs`)".into());
    }
    Some(match cidrs.len() {
        1 => "one CIDR block of `public_access_cidrs`".to_owned(),
        n => format!("{n} CIDR blocks of `public_access_cidrs`"),
    })
}

/// `aws-eks-public-endpoint-disabled`
fn public_endpoint_disabled(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    let Some(vpc) = block.block("vpc_config") else {
        // `vpc_config` is required; a dynamic one with an unknown `for_each` is unknown.
        return;
    };
    if vpc.unknown_repetition {
        return;
    }
    let public = vpc.attribute(PUBLIC);
    let (kind, location) = match public {
        None => (IssueKind::MissingAttribute, &vpc.header),
        Some(attr) if attr.value.is_null() || attr.value.as_bool() == Some(true) => {
            (IssueKind::IncorrectValue, &attr.value_location)
        }
        Some(_) => return,
    };
    let who = audience(vpc).unwrap_or_else(|| "the CIDR blocks of `public_access_cidrs`".into());
    let how = if public.is_none() {
        "`endpoint_public_access` defaults to true"
    } else {
        "`endpoint_public_access = true`"
    };
    let message = format!("EKS cluster API endpoint is public ({how}), reachable from {who}");
    let finding = cx.report(resource, kind, location, message);
    attach_fix(
        finding,
        plan(vpc),
        "Set `vpc_config { endpoint_public_access = false, endpoint_private_access = true }`.",
        |fix| {
            fix.with_applicability(Applicability::Review)
                .with_title("Make the cluster endpoint private")
                .with_note("Clients outside the VPC (kubectl on laptops, CI/CD runners, the kubernetes and helm providers) lose the API: give them a path through the VPC first. The cluster is updated in place.")
        },
    );
}

/// Why the endpoints cannot be switched by an edit.
#[derive(Debug, thiserror::Error)]
enum EndpointPlanError {
    /// Whether the private endpoint is on is not known: turning the public one off could
    /// leave the cluster without an API endpoint.
    #[error("`{PRIVATE}` is unknown here: make sure it is true, then set `{PUBLIC} = false`.")]
    PrivateUnknown,
    /// An edit cannot be planned.
    #[error(transparent)]
    Plan(#[from] PlanError),
}

/// The edits that turn the public endpoint off and the private one on.
fn plan(vpc: &BlockView) -> Result<EditPlan, EndpointPlanError> {
    let private = match vpc.attribute(PRIVATE) {
        None => None,
        Some(attr) if attr.value.as_bool() == Some(true) => Some(true),
        Some(attr) if attr.value.is_null() || attr.value.as_bool() == Some(false) => Some(false),
        Some(_) => return Err(EndpointPlanError::PrivateUnknown),
    };
    match (vpc.attribute(PUBLIC), private) {
        // Both absent: one insertion, aligned together.
        (None, None) => Ok(insert_attributes(
            vpc,
            &[(PRIVATE, "true".to_owned()), (PUBLIC, "false".to_owned())],
        )
        .map(EditPlan::local)?),
        (_, private) => {
            // Replaced where it is set when present, inserted when absent.
            let public_plan = set_attribute(vpc, PUBLIC, "false");
            let private_plan = match private {
                Some(true) => None,
                _ => Some(set_attribute(vpc, PRIVATE, "true")),
            };
            Ok(EditPlan::combine(
                std::iter::once(public_plan).chain(private_plan),
            )?)
        }
    }
}
