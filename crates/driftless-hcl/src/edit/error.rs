//! Why no edit can be planned. The `Display` text of each variant is the recommendation a
//! finding carries when its fix cannot be generated, so it is user-facing and stable.

use driftless_terraform::schema::SchemaError;

/// Why no edit can be planned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The edit is not valid against the provider's schema (an unknown attribute, a value of
    /// another type, one block too many beside a `dynamic` block, a deprecated attribute):
    /// Terraform would reject it, so it is not offered.
    #[error("{0}")]
    Schema(#[from] SchemaError),
    /// The code is in a module fetched into `.terraform/modules`, which is never edited.
    #[error(
        "The code is in a module fetched into .terraform/modules, which driftless never edits: set it through the module call's arguments, or upgrade the module."
    )]
    FetchedModule,
    /// The value has no origin: it is computed, not written anywhere.
    #[error("The value of `{attribute}` is computed, so no edit can be generated.")]
    ComputedValue {
        /// The attribute whose value it is.
        attribute: String,
    },
    /// The value is computed where it is set (a template, a function call, an expression, the
    /// chosen branch of a conditional), so replacing that text would change its meaning.
    #[error(
        "The value of `{attribute}` is computed at {path}:{line} (a template, function call or expression), so no edit can be generated."
    )]
    ComputedAt {
        /// The attribute whose value it is.
        attribute: String,
        /// The file that computes it.
        path: String,
        /// The 1-based line of the expression.
        line: u32,
    },
    /// The block is made by a registry module evaluated from the knowledge base, and the
    /// module has no input for the setting (`None`: for any change of the block itself).
    #[error(
        "The resource is made by the registry module {module}, which has no input for {}; driftless never edits a module's code: use the module's own options, or a module that exposes it.",
        describe_setting(.setting.as_deref())
    )]
    NoModuleInput {
        /// The registry module's address.
        module: String,
        /// The setting: `http_tokens`, `metadata_options.http_tokens`.
        setting: Option<String>,
    },
    /// No module input path to set (an empty path).
    #[error("No module input to set.")]
    NoInputPath,
    /// The module call argument that sets the input is computed (a variable, a function
    /// call), so no edit can be made without changing its meaning.
    #[error(
        "The module argument `{argument}` is computed, so no edit can be generated: set `{input}` to {value}."
    )]
    ComputedArgument {
        /// The argument's name.
        argument: String,
        /// The input path, dotted: `metadata_options.http_tokens`.
        input: String,
        /// The HCL the input should be set to.
        value: String,
    },
    /// The object the missing key would go into is computed.
    #[error(
        "The module argument `{argument}` is computed, so no edit can be generated: add `{keys} = {value}` to it."
    )]
    ComputedArgumentObject {
        /// The argument's name.
        argument: String,
        /// The keys to add, dotted.
        keys: String,
        /// The HCL value to add.
        value: String,
    },
    /// The object the missing key would go into is written in another file than the call.
    #[error(
        "The module argument `{argument}` is set at {path}:{line}; add `{keys} = {value}` there."
    )]
    ArgumentElsewhere {
        /// The argument's name.
        argument: String,
        /// The file where the object is written.
        path: String,
        /// Its 1-based line.
        line: u32,
        /// The keys to add, dotted.
        keys: String,
        /// The HCL value to add.
        value: String,
    },
    /// The argument the missing key would go into is no `{ ... }` literal.
    #[error("The module argument `{argument}` is no object literal.")]
    NotAnObjectLiteral {
        /// The argument's name.
        argument: String,
    },
    /// Several plans combined, and none was given.
    #[error("No edit can be generated.")]
    NothingToEdit,
    /// The configuration already says what it should: no edit to make.
    #[error("No edit is needed.")]
    NoEditNeeded,
    /// A list element to remove is not written inside the list literal (it comes from a
    /// variable or an iterator, say).
    #[error("`{element}` is not written in the list at {path}:{line}, so no edit is generated.")]
    NotInList {
        /// The element, as its string value.
        element: String,
        /// The file holding the list.
        path: String,
        /// The list's 1-based line.
        line: u32,
    },
    /// Comments sit between list elements where a comma would be removed.
    #[error(
        "The list at {path}:{line} has comments between its elements, so no edit is generated."
    )]
    CommentsInList {
        /// The file holding the list.
        path: String,
        /// The line of the element next to the comment.
        line: u32,
    },
}

/// `` `setting` ``, or `this change` when the whole block would change.
fn describe_setting(setting: Option<&str>) -> String {
    setting.map_or_else(|| "this change".to_owned(), |s| format!("`{s}`"))
}
