//! What tracing produces: a traced value ([`Sym`]) and a traced condition ([`Cond`]).

use driftless_hcl::knowledge_base::{KbCondition, KbRepeat, KbTest, RepeatKind};

/// A traced value.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Sym {
    /// A constant.
    Const(serde_json::Value),
    /// A module input path, with the module's fallback when it is absent or null.
    Input {
        path: Vec<String>,
        fallback: Option<serde_json::Value>,
        when: Vec<(Vec<String>, KbTest)>,
    },
    /// Other resources' attributes.
    Refs(Vec<String>),
    /// A `dynamic` iterator or `each`: `.value` is the element, `.key` unknown.
    Iter(Box<Sym>),
    /// `count`: `.index` is the element key.
    CountIter,
    /// The element key (`count.index`, `each.key`).
    Star,
    /// Not traced.
    Unknown,
}

impl Sym {
    pub(super) fn get(&self, key: &str) -> Self {
        match self {
            Self::Input {
                path,
                fallback,
                when,
            } => Self::Input {
                path: path.iter().cloned().chain([key.to_owned()]).collect(),
                fallback: fallback.as_ref().and_then(|f| f.get(key)).cloned(),
                when: when.clone(),
            },
            Self::Const(c) => Self::Const(c.get(key).cloned().unwrap_or(serde_json::Value::Null)),
            Self::Refs(r) => Self::Refs(r.clone()),
            Self::Iter(e) if key == "value" => (**e).clone(),
            Self::Iter(_) if key == "key" => Self::Star,
            Self::CountIter if key == "index" => Self::Star,
            _ => Self::Unknown,
        }
    }

    pub(super) fn input(&self) -> Option<&[String]> {
        match self {
            Self::Input { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// A traced condition: all `atoms` must hold; `untraced` when a part could not be traced;
/// `never` when it is constantly false.
#[derive(Debug, Clone, Default)]
pub(super) struct Cond {
    /// Tests of inputs (input path, test) that must all hold.
    pub(super) atoms: Vec<(Vec<String>, KbTest)>,
    /// Part of the condition could not be traced.
    pub(super) untraced: bool,
    /// The condition is constantly false.
    pub(super) never: bool,
    /// One instance per element of this input.
    pub(super) each: Option<Vec<String>>,
}

impl Cond {
    pub(super) fn untraced() -> Self {
        Self {
            untraced: true,
            ..Self::default()
        }
    }

    pub(super) fn and(mut self, other: &Self) -> Self {
        self.atoms.extend(other.atoms.iter().cloned());
        self.untraced |= other.untraced;
        self.never |= other.never;
        match (&self.each, &other.each) {
            (None, Some(e)) => self.each = Some(e.clone()),
            (Some(_), Some(_)) => self.untraced = true,
            _ => {}
        }
        self
    }

    pub(super) fn into_repeat(self, kind: RepeatKind) -> KbRepeat {
        let mut when: Vec<KbCondition> = Vec::new();
        for (path, test) in self.atoms {
            let c = KbCondition {
                input: format!("var.{}", path.join(".")),
                test,
            };
            if !when.contains(&c) {
                when.push(c);
            }
        }
        KbRepeat {
            kind,
            when,
            each: self.each.map(|p| format!("var.{}", p.join("."))),
            untraced: self.untraced,
        }
    }
}

pub(super) fn negate(t: KbTest) -> KbTest {
    match t {
        KbTest::True => KbTest::False,
        KbTest::False => KbTest::True,
        KbTest::NotNull => KbTest::Null,
        KbTest::Null => KbTest::NotNull,
        KbTest::NonEmpty => KbTest::Empty,
        KbTest::Empty => KbTest::NonEmpty,
    }
}
