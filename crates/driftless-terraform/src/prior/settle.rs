//! Settling a prior state: a value the first plan left unknown gets the value the unchanged
//! configuration computes from the other stand-ins, so that it plans to no change.

use super::PriorState;
use crate::plan::PlanAction;
use crate::plan::raw::RawPlan;
use serde_json::Value;

/// Takes into `prior` what `check` (the unchanged configuration planned against `prior`)
/// changes in top-level attributes the first plan left unknown, where `check` knows the new
/// value. Returns whether it took anything; an attribute the configuration sets itself is never
/// touched.
pub(crate) fn settle(prior: &mut PriorState, check: &RawPlan) -> bool {
    let mut taken = false;
    for change in check
        .resource_changes
        .iter()
        .filter(|c| c.deposed.is_none())
    {
        let action = PlanAction::from_actions(&change.change.actions);
        if !matches!(action, Some(PlanAction::Update | PlanAction::Replace(_))) {
            continue;
        }
        let Value::Object(after) = &change.change.after else {
            continue;
        };
        let Some(instance) = prior.instance_mut(&change.address) else {
            continue;
        };
        for (name, value) in after {
            let still_unknown = change
                .change
                .after_unknown
                .get(name)
                .is_some_and(holds_unknown);
            let differs = instance.attributes.get(name) != Some(value);
            if differs && instance.unknown.contains(name) && !still_unknown {
                instance.attributes.insert(name.clone(), value.clone());
                taken = true;
            }
        }
    }
    taken
}

/// Whether `after_unknown` marks (`true`, or objects and lists holding `true`) mark anything.
fn holds_unknown(marks: &Value) -> bool {
    marks.as_bool() == Some(true)
        || marks
            .as_array()
            .is_some_and(|items| items.iter().any(holds_unknown))
        || marks
            .as_object()
            .is_some_and(|fields| fields.values().any(holds_unknown))
}
