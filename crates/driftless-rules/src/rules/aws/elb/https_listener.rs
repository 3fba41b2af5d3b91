//! `aws-elb-https-listener`: load balancer listeners do not serve plain HTTP.

use crate::checker::{Checker, attach_fix};
use crate::declare_rule;
use crate::meta::{FixAvailability, RuleStatus};
use driftless_diagnostics::{Applicability, CrossRefs, Edit, IssueKind, Severity, TextRange};
use driftless_hcl::edit::{EditPlan, PlanError, block_lines, replace_block};
use driftless_hcl::{BlockView, Resource};

declare_rule! {
    /// ## What it checks
    /// `aws_lb_listener` and `aws_alb_listener` blocks that serve plain HTTP: `protocol` is
    /// `"HTTP"`, or absent, which means HTTP on an Application Load Balancer
    /// (<https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb_listener#protocol>),
    /// and whose default action is not a redirect to HTTPS (`type = "redirect"` with
    /// `redirect { protocol = "HTTPS" }`). A listener without `protocol` is not reported when
    /// its load balancer is declared in the same module as a Network or Gateway Load Balancer;
    /// when the load balancer is not in the configuration it is taken for an Application Load
    /// Balancer, the only type whose listeners default to HTTP (a Gateway Load Balancer's
    /// listener would then need a suppression). A protocol or redirect protocol unknown before
    /// apply is not reported. Listener rules (`aws_lb_listener_rule`) are not read: only the
    /// default action is.
    ///
    /// ## Why it matters
    /// Over plain HTTP, everything between the client and the load balancer travels in clear
    /// text: session cookies, credentials, API tokens and personal data can be read and
    /// changed by anyone on the path (public Wi-Fi, a compromised router). An HTTPS listener
    /// with a certificate encrypts the connection, and an HTTP listener that only redirects to
    /// HTTPS keeps old links working without serving content in the clear
    /// (<https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html>).
    /// Security Hub control ELB.1 requires the redirect
    /// (<https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-1>).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_lb_listener" "http" {
    ///   load_balancer_arn = aws_lb.web.arn
    ///   port              = 80
    ///   protocol          = "HTTP"
    ///
    ///   default_action {
    ///     type             = "forward"
    ///     target_group_arn = aws_lb_target_group.web.arn
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```hcl
    /// resource "aws_lb_listener" "http" {
    ///   load_balancer_arn = aws_lb.web.arn
    ///   port              = 80
    ///   protocol          = "HTTP"
    ///
    ///   default_action {
    ///     type = "redirect"
    ///
    ///     redirect {
    ///       port        = "443"
    ///       protocol    = "HTTPS"
    ///       status_code = "HTTP_301"
    ///     }
    ///   }
    /// }
    /// ```
    /// with an HTTPS listener (`protocol = "HTTPS"`, `certificate_arn`) on port 443.
    ///
    /// ## Fix
    /// When the same module declares an HTTPS listener on the same load balancer, the fix
    /// replaces the HTTP listener's default action(s) with a permanent redirect (`HTTP_301`)
    /// to HTTPS on that listener's port. Otherwise the finding gets a recommendation: an HTTPS
    /// listener needs a certificate (an ACM certificate ARN) that only its owner can choose,
    /// so driftless does not write one. A default action from a `dynamic` block also gets a
    /// recommendation.
    ///
    /// ## Fix safety
    /// `review`: the listener stops serving content and answers every request with a redirect.
    /// Browsers follow it, but clients that do not follow redirects (some API clients,
    /// webhooks, health checks from outside) break, and a redirected `POST` may lose its body
    /// or become a `GET`. Listener rules attached to the listener keep serving HTTP: move them
    /// to the HTTPS listener.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html>
    /// - <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions>
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-1>
    /// - Security Hub FSBP `ELB.1`; Checkov `CKV_AWS_2`; Trivy `AVD-AWS-0054`
    ///   (`aws-elb-http-not-used`); KICS `de7f5e83-da88-4046-871f-ea18504b1d43`
    ///   (`alb_listening_on_http`); Prowler `elbv2_ssl_listeners`
    /// - Differences kept on purpose: Checkov `CKV_AWS_2` fails every listener without
    ///   `protocol`, including those of a Gateway Load Balancer declared in the configuration,
    ///   which have no protocol and carry no HTTP; Checkov passes a redirect without
    ///   `protocol`, which keeps HTTP (`#{protocol}`) and driftless reports.
    /// - Terrascan `AC_AWS_0491` also fails every listener on port 80, one that redirects to
    ///   HTTPS included, so it is not cross-referenced; its `#ts:skip=` silences this rule all
    ///   the same
    pub struct HttpsListener {
        id: "aws-elb-https-listener",
        title: "Load balancer listeners use HTTPS or redirect to it",
        severity: Severity::High,
        status: RuleStatus::Preview { since: "0.1.0" },
        resource_types: &["aws_alb_listener", "aws_lb_listener"],
        fix: FixAvailability::Sometimes,
        references: &[
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html",
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-1",
        ],
        cross_refs: CrossRefs {
            checkov: &["CKV_AWS_2"],
            trivy: &["AVD-AWS-0054", "AWS-0054", "aws-elb-http-not-used", "AWS004"],
            kics: &["de7f5e83-da88-4046-871f-ea18504b1d43"],
            prowler: &["elbv2_ssl_listeners"],
            security_hub: &["ELB.1"],
            terrascan: &[],
        },
        suppressed_by: &["AC_AWS_0491", "AWS.ALL.IS.MEDIUM.0046"],
        check: https_listener,
    }
}

const LISTENER_TYPES: &[&str] = &["aws_lb_listener", "aws_alb_listener"];
const LB_TYPES: &[&str] = &["aws_lb", "aws_alb"];

/// The load balancer `listener` belongs to, as `aws_lb.<name>`, when its `load_balancer_arn`
/// refers to one of the configuration.
fn load_balancer_reference(listener: &Resource) -> Option<&str> {
    let attr = listener.block.attribute("load_balancer_arn")?;
    attr.references
        .iter()
        .map(String::as_str)
        .find(|r| LB_TYPES.iter().any(|t| r.starts_with(&format!("{t}."))))
}

/// The type of the load balancer `reference` names in `listener`'s module instance:
/// `Some("application")` when absent, `None` when unknown or not declared there.
fn load_balancer_type(cx: &Checker<'_>, listener: &Resource, reference: &str) -> Option<String> {
    let (ty, name) = reference.split_once('.')?;
    let lb = cx.siblings(listener, ty).find(|r| r.address.name == name)?;
    match lb.block.value("load_balancer_type") {
        None => Some("application".to_owned()),
        Some(v) if v.is_null() => Some("application".to_owned()),
        Some(v) => v.as_str().map(std::borrow::Cow::into_owned),
    }
}

/// Whether a default action redirects to HTTPS: `None` when its protocol is unknown.
fn redirects_to_https(action: &BlockView) -> Option<bool> {
    if action
        .value("type")
        .and_then(driftless_hcl::Value::as_str)
        .as_deref()
        != Some("redirect")
    {
        return Some(false);
    }
    let Some(redirect) = action.block("redirect") else {
        return Some(false);
    };
    match redirect.value("protocol") {
        None => Some(false),
        Some(p) if p.is_null() => Some(false),
        Some(p) => p.as_str().map(|p| p.eq_ignore_ascii_case("HTTPS")),
    }
}

/// `aws-elb-https-listener`
fn https_listener(cx: &mut Checker<'_>, resource: &Resource) {
    let block = &resource.block;
    let lb = load_balancer_reference(resource);
    let (kind, location, how) = match block.attribute("protocol") {
        None => {
            let ty = lb.and_then(|r| load_balancer_type(cx, resource, r));
            if ty.is_some_and(|t| t != "application") {
                return;
            }
            (
                IssueKind::MissingAttribute,
                &block.header,
                "`protocol` defaults to HTTP",
            )
        }
        Some(attr) => match attr.value.as_str() {
            Some(p) if p.eq_ignore_ascii_case("HTTP") => (
                IssueKind::IncorrectValue,
                &attr.value_location,
                "`protocol = \"HTTP\"`",
            ),
            _ => return,
        },
    };
    let actions: Vec<&BlockView> = block.blocks_of("default_action").collect();
    if actions.iter().any(|a| a.unknown_repetition) {
        return;
    }
    let mut redirect = Some(false);
    for action in &actions {
        match redirects_to_https(action) {
            Some(true) => return,
            None => redirect = None,
            Some(false) => {}
        }
    }
    if redirect.is_none() {
        return;
    }
    // Without `protocol`, a redirect that keeps HTTP is the value at fault.
    let http_redirect = actions
        .iter()
        .filter_map(|a| a.block("redirect"))
        .filter_map(|r| r.attribute("protocol"))
        .find(|p| p.value.as_str().is_some());
    let (kind, location) = match (kind, http_redirect) {
        (IssueKind::MissingAttribute, Some(p)) => (IssueKind::IncorrectValue, &p.value_location),
        _ => (kind, location),
    };
    let message = format!(
        "Listener serves plain HTTP ({how}) and its default action does not redirect to HTTPS"
    );
    let https = lb.and_then(|r| https_port(cx, resource, r));
    let finding = cx.report(resource, kind, location, message);
    let planned = match https {
        None => Err(RedirectError::NoHttpsListener),
        Some(port) => plan_redirect(&actions, &port),
    };
    attach_fix(
        finding,
        planned,
        "Serve HTTPS: redirect this listener to an HTTPS listener of the load balancer.",
        |fix| {
            fix.with_applicability(Applicability::Review)
                .with_title("Redirect HTTP to HTTPS")
                .with_note("The listener answers every request with a redirect to HTTPS: clients that do not follow redirects (API clients, webhooks) break, and redirected POSTs may lose their body. Listener rules on this listener keep serving HTTP.")
        },
    );
}

/// The port of an HTTPS listener of the same module instance on the load balancer
/// `reference` (`"443"` when its port is not known), if there is one.
fn https_port(cx: &Checker<'_>, listener: &Resource, reference: &str) -> Option<String> {
    LISTENER_TYPES
        .iter()
        .flat_map(|t| cx.siblings(listener, t))
        .filter(|other| other.address.name != listener.address.name)
        .filter(|other| load_balancer_reference(other) == Some(reference))
        .find(|other| {
            other
                .block
                .value("protocol")
                .and_then(|p| p.as_str().map(|p| p.eq_ignore_ascii_case("HTTPS")))
                == Some(true)
        })
        .map(|other| {
            other
                .block
                .value("port")
                .and_then(driftless_hcl::Value::as_number)
                .map_or_else(|| "443".to_owned(), driftless_hcl::format_number)
        })
}

/// Why the listener cannot be made a redirect by an edit.
#[derive(Debug, thiserror::Error)]
enum RedirectError {
    /// No HTTPS listener to redirect to.
    #[error(
        "No HTTPS listener of the same load balancer is declared here: add one (`protocol = \"HTTPS\"`, an ACM `certificate_arn`, a current `ssl_policy`), then make this listener's default action a redirect to it."
    )]
    NoHttpsListener,
    /// No `default_action` block to replace.
    #[error("The listener has no `default_action` block to replace.")]
    NoDefaultAction,
    /// The default action is made by a `dynamic` block.
    #[error(
        "The default action comes from a `dynamic` block: change the input that feeds it to a redirect to HTTPS."
    )]
    DynamicDefaultAction,
    /// An edit cannot be planned.
    #[error(transparent)]
    Plan(#[from] PlanError),
}

/// The edits that replace the default actions with one redirect to HTTPS on `port`.
fn plan_redirect(actions: &[&BlockView], port: &str) -> Result<EditPlan, RedirectError> {
    let Some(first) = actions.first() else {
        return Err(RedirectError::NoDefaultAction);
    };
    if actions.iter().any(|a| a.dynamic) {
        return Err(RedirectError::DynamicDefaultAction);
    }
    let indent = &first.layout.indent;
    let text = format!(
        "default_action {{\n{indent}  type = \"redirect\"\n\n{indent}  redirect {{\n{indent}    port        = \"{port}\"\n{indent}    protocol    = \"HTTPS\"\n{indent}    status_code = \"HTTP_301\"\n{indent}  }}\n{indent}}}"
    );
    let path = first.file.path.clone();
    let mut planned = EditPlan::local(replace_block(first, &text)?);
    for other in &actions[1..] {
        planned
            .edits
            .push(Edit::deletion(path.clone(), whole_lines(other)));
    }
    Ok(planned)
}

/// The lines nested block `b` sits on, with their line endings, when nothing else shares
/// them; else its own bytes.
fn whole_lines(b: &BlockView) -> TextRange {
    match block_lines(b) {
        Some(lines) if lines.after.is_empty() => lines.range,
        _ => b.location.range,
    }
}
