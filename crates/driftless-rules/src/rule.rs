//! What a rule is: its metadata ([`RuleMeta`]) and a check over one resource instance;
//! [`declare_rule!`](crate::declare_rule) declares both from one block.

use crate::checker::Checker;
use crate::meta::RuleMeta;
use driftless_hcl::Resource;

/// A built-in rule.
pub trait Rule: Sync + Send {
    /// Its metadata.
    fn meta(&self) -> &'static RuleMeta;
    /// Checks one resource instance of one of `meta().resource_types`, reporting through `cx`.
    fn check(&self, cx: &mut Checker<'_>, resource: &Resource);
}

/// Declares a rule: a unit struct whose `///` comment becomes [`RuleMeta::doc`], its
/// metadata, and the function that checks one resource. `suppressed_by` is optional
/// ([`RuleMeta::suppressed_by`]).
#[macro_export]
macro_rules! declare_rule {
    (@or_empty) => { &[] };
    (@or_empty $ids:expr) => { $ids };
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $name:ident {
            id: $id:literal,
            title: $title:literal,
            severity: $severity:expr,
            status: $status:expr,
            resource_types: $types:expr,
            fix: $fix:expr,
            references: $refs:expr,
            cross_refs: $xrefs:expr,
            $(suppressed_by: $suppressed_by:expr,)?
            check: $check:path $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, Default)]
        $vis struct $name;

        impl $crate::rule::Rule for $name {
            fn meta(&self) -> &'static $crate::meta::RuleMeta {
                static META: $crate::meta::RuleMeta = $crate::meta::RuleMeta {
                    id: driftless_diagnostics::RuleId::from_static($id),
                    title: $title,
                    severity: $severity,
                    status: $status,
                    resource_types: $types,
                    fix: $fix,
                    cross_refs: $xrefs,
                    suppressed_by: $crate::declare_rule!(@or_empty $($suppressed_by)?),
                    references: $refs,
                    aliases: &[],
                    doc: concat!($($doc, "\n"),*),
                };
                &META
            }

            fn check(&self, cx: &mut $crate::checker::Checker<'_>, resource: &driftless_hcl::Resource) {
                $check(cx, resource);
            }
        }
    };
}
