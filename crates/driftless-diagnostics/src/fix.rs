//! A fix: the edits that resolve one finding, how safe they are, and what they can break.

use crate::Edit;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How far a fix can be trusted, ordered `Manual < Review < Safe` (`docs/architecture.md`,
/// "Words": fix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Shown, never applied: the edit needs a value or a decision only a human has.
    Manual,
    /// Applied by `--fix --applicability review`: correct, but can break clients or force a
    /// resource replacement; the impact note says how.
    Review,
    /// Applied by `--fix`: keeps the configuration's meaning except for the misconfiguration.
    Safe,
}

impl Applicability {
    /// The lowercase name used on the command line and in every output format.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Manual => "manual",
            Self::Review => "review",
            Self::Safe => "safe",
        }
    }
}

impl fmt::Display for Applicability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Applicability {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "manual" => Ok(Self::Manual),
            "review" => Ok(Self::Review),
            "safe" => Ok(Self::Safe),
            other => Err(format!(
                "unknown applicability `{other}`: expected safe, review or manual"
            )),
        }
    }
}

/// At least one [`Edit`], sorted by path then start offset, with an [`Applicability`], a title
/// ("Require IMDSv2 session tokens") and an impact note (what applying it can break, and where
/// the edit is when it is not in the resource's own block).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Fix {
    edits: Vec<Edit>,
    applicability: Applicability,
    title: String,
    note: String,
    /// Whether applying the fix destroys and re-creates the resource (the note says why).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    replaces: bool,
}

impl Fix {
    fn new(
        applicability: Applicability,
        first: Edit,
        rest: impl IntoIterator<Item = Edit>,
    ) -> Self {
        let mut edits: Vec<Edit> = std::iter::once(first).chain(rest).collect();
        edits.sort();
        edits.dedup();
        Self {
            edits,
            applicability,
            title: String::new(),
            note: String::new(),
            replaces: false,
        }
    }

    /// A fix that `--fix` applies.
    #[must_use]
    pub fn safe(first: Edit, rest: impl IntoIterator<Item = Edit>) -> Self {
        Self::new(Applicability::Safe, first, rest)
    }

    /// A fix that needs `--applicability review`.
    #[must_use]
    pub fn review(first: Edit, rest: impl IntoIterator<Item = Edit>) -> Self {
        Self::new(Applicability::Review, first, rest)
    }

    /// A fix that is shown and never applied.
    #[must_use]
    pub fn manual(first: Edit, rest: impl IntoIterator<Item = Edit>) -> Self {
        Self::new(Applicability::Manual, first, rest)
    }

    /// Sets the title, what the fix does: "Require IMDSv2 session tokens".
    #[must_use]
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// Sets the impact note: what applying the fix can break.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = note.into();
        self
    }

    /// The same fix (applicability, title, note, declared replacement) with other edits: the
    /// same edits in CRLF files, or two fixes of one block merged.
    #[must_use]
    pub fn with_edits(&self, first: Edit, rest: impl IntoIterator<Item = Edit>) -> Self {
        Self {
            title: self.title.clone(),
            note: self.note.clone(),
            replaces: self.replaces,
            ..Self::new(self.applicability, first, rest)
        }
    }

    /// Declares that applying the fix destroys and re-creates the resource (Terraform plans a
    /// replacement: the provider marks an attribute it sets as forcing one). The note must say
    /// what that breaks; verification refuses a fix whose plan replaces or deletes an instance
    /// when the fix does not declare it.
    #[must_use]
    pub fn replacing(mut self) -> Self {
        self.replaces = true;
        self
    }

    /// Whether the fix declares that it replaces the resource ([`Fix::replacing`]).
    #[must_use]
    pub fn declares_replacement(&self) -> bool {
        self.replaces
    }

    /// Appends a sentence to the impact note.
    pub fn append_note(&mut self, sentence: &str) {
        if !self.note.is_empty() && !self.note.ends_with(' ') {
            self.note.push(' ');
        }
        self.note.push_str(sentence);
    }

    /// Changes the applicability (configuration overrides, or a fix whose edit site is shared).
    #[must_use]
    pub fn with_applicability(mut self, applicability: Applicability) -> Self {
        self.applicability = applicability;
        self
    }

    /// The edits, sorted by path and start offset; never empty.
    #[must_use]
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    /// How far the fix can be trusted.
    #[must_use]
    pub fn applicability(&self) -> Applicability {
        self.applicability
    }

    /// What the fix does.
    #[must_use]
    pub fn title(&self) -> &str {
        &self.title
    }

    /// What applying it can break; empty when nothing.
    #[must_use]
    pub fn note(&self) -> &str {
        &self.note
    }

    /// Whether the fix is applied when the caller asks for `required` or better.
    #[must_use]
    pub fn applies(&self, required: Applicability) -> bool {
        self.applicability != Applicability::Manual && self.applicability >= required
    }
}
