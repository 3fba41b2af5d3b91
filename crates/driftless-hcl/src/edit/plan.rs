//! What a plan is: the edits of one fix, and where the value at fault is set.

use crate::edit::error::PlanError;
use driftless_diagnostics::{Edit, ValueOrigin};

/// The edits of a fix, and where the value at fault is set when that is not the block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditPlan {
    /// The edits, minimal byte ranges of the files as read.
    pub edits: Vec<Edit>,
    /// Where the replaced value was set, when not a literal in the resource block.
    pub origin: Option<ValueOrigin>,
}

impl EditPlan {
    /// One edit in the resource block itself.
    #[must_use]
    pub fn local(edit: Edit) -> Self {
        Self {
            edits: vec![edit],
            origin: None,
        }
    }

    /// The edits of every plan in `plans` as one fix (for a finding that covers several
    /// blocks of one resource): an edit two plans share (two blocks set from one variable)
    /// appears once, and the first origin outside the block is kept.
    ///
    /// # Errors
    /// The first plan's error, as one fix that leaves a value at fault would not resolve the
    /// finding; or, for no plan at all, [`PlanError::NothingToEdit`].
    pub fn combine(
        plans: impl IntoIterator<Item = Result<Self, PlanError>>,
    ) -> Result<Self, PlanError> {
        let mut all: Option<Self> = None;
        for plan in plans {
            let plan = plan?;
            match &mut all {
                None => all = Some(plan),
                Some(all) => {
                    for edit in plan.edits {
                        if !all.edits.contains(&edit) {
                            all.edits.push(edit);
                        }
                    }
                    if all.origin.is_none() {
                        all.origin = plan.origin;
                    }
                }
            }
        }
        all.ok_or(PlanError::NothingToEdit)
    }
}
