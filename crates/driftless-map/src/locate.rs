//! Finding the code of a resource address: the evaluated block of that instance (or of the
//! block whose `count`/`for_each` was unknown), else the `module` block that leads into code
//! this repository does not hold (a registry or git module that is not downloaded, a missing
//! folder). A module fetched from a registry or git is never edited: the fix goes to the
//! calling module's arguments (`docs/architecture.md`, "Decisions that cut across crates": an
//! edit goes where the value is set).

use driftless_diagnostics::{CallSite, ResourceAddress, SourceLocation};
use driftless_hcl::{Evaluation, Resource};
use std::collections::HashMap;

/// Where the code of an address is.
#[derive(Debug, Clone)]
pub enum Located<'a> {
    /// The evaluated resource.
    Resource(&'a Resource),
    /// The module call whose code is not in the repository.
    ModuleCall {
        /// The call's name, `vpc`.
        name: String,
        /// Its `source`.
        source: String,
        /// The `module` block.
        location: SourceLocation,
        /// Its header line.
        header: SourceLocation,
        /// The calls above it, outermost first.
        call_chain: Vec<CallSite>,
    },
}

/// Indexes an evaluation by root module and address.
pub struct Locator<'a> {
    evaluation: &'a Evaluation,
    by_address: HashMap<(&'a str, String), usize>,
    by_block: HashMap<(&'a str, String), Vec<usize>>,
}

impl<'a> Locator<'a> {
    /// Indexes `evaluation`.
    #[must_use]
    pub fn new(evaluation: &'a Evaluation) -> Self {
        let mut by_address = HashMap::new();
        let mut by_block: HashMap<(&str, String), Vec<usize>> = HashMap::new();
        for (i, r) in evaluation.resources.iter().enumerate() {
            let root = evaluation.module_of(r).root_module.as_str();
            by_address.insert((root, r.address.to_string()), i);
            by_block
                .entry((root, r.address.block_address().to_string()))
                .or_default()
                .push(i);
        }
        Self {
            evaluation,
            by_address,
            by_block,
        }
    }

    /// The code of `address` in root module `root` (repository-relative folder).
    #[must_use]
    pub fn locate(&self, root: &str, address: &ResourceAddress) -> Option<Located<'a>> {
        let eval = self.evaluation;
        if let Some(&i) = self.by_address.get(&(root, address.to_string())) {
            return Some(Located::Resource(&eval.resources[i]));
        }
        if let Some(block) = self
            .by_block
            .get(&(root, address.block_address().to_string()))
        {
            let r = block
                .iter()
                .map(|&i| &eval.resources[i])
                .find(|r| r.repetition_unknown || r.address.key.is_none())
                .or_else(|| block.first().map(|&i| &eval.resources[i]));
            if let Some(r) = r {
                return Some(Located::Resource(r));
            }
        }
        self.module_call(root, address)
    }

    /// The deepest module call on `address`'s path that the evaluation could not enter.
    fn module_call(&self, root: &str, address: &ResourceAddress) -> Option<Located<'a>> {
        let names: Vec<&str> = address
            .module_path
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        if names.is_empty() {
            return None;
        }
        // The deepest evaluated module instance whose path is a prefix of the address's.
        let parent = self
            .evaluation
            .module_instances
            .iter()
            .filter(|m| m.root_module == root && m.path.len() < names.len())
            .filter(|m| m.path.iter().zip(&names).all(|(s, n)| s.name == *n))
            .max_by_key(|m| m.path.len())?;
        let call = parent
            .module
            .module_calls
            .iter()
            .find(|c| c.name == names[parent.path.len()])?;
        let location = call.location();
        let header_end = call.file.text[location.range.to_usize()]
            .find('\n')
            .map_or(location.range.end, |i| {
                location.range.start + u32::try_from(i).unwrap_or(0)
            });
        let header = call.file.location(driftless_diagnostics::TextRange::new(
            location.range.start,
            header_end,
        ));
        Some(Located::ModuleCall {
            name: call.name.clone(),
            source: call.source.clone().unwrap_or_default(),
            location,
            header,
            call_chain: parent.call_chain.clone(),
        })
    }
}
