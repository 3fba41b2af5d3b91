//! Tracing repetition: a block's `count` or `for_each` (a resource, a module call, a
//! `dynamic` block) to the conditions under which it exists and the element it is made from.

use super::expr::Ctx;
use super::sym::{Cond, Sym};
use driftless_hcl::SourceFile;
use driftless_hcl::knowledge_base::{KbTest, RepeatKind};
use hcl_edit::expr::Expression;
use hcl_edit::structure::Body;

impl Ctx<'_> {
    /// The repetition of a block with `count`/`for_each` (a resource, a module call, or a
    /// `dynamic` block's `for_each`): its condition, the element sym, and which meta-argument.
    pub(super) fn repeat_of(&self, body: &Body, file: &SourceFile) -> (Cond, Sym, RepeatKind) {
        if let Some(count) = body.get_attribute("count") {
            return (
                self.count(&count.value, file),
                Sym::Unknown,
                RepeatKind::Count,
            );
        }
        if let Some(for_each) = body.get_attribute("for_each") {
            let (c, e) = self.for_each(&for_each.value, file);
            return (c, e, RepeatKind::ForEach);
        }
        (Cond::default(), Sym::Unknown, RepeatKind::None)
    }

    fn count(&self, expr: &Expression, file: &SourceFile) -> Cond {
        if let Some(c) = self.fold(expr, file) {
            return Cond {
                never: c.as_f64() == Some(0.0),
                untraced: c.as_f64().is_none_or(|n| n > 1.0),
                ..Cond::default()
            };
        }
        match expr {
            Expression::Parenthesis(p) => self.count(p.inner(), file),
            Expression::Conditional(c) => {
                let zero =
                    |e: &Expression| self.fold(e, file).and_then(|v| v.as_f64()) == Some(0.0);
                if zero(&c.false_expr) {
                    self.cond(&c.cond_expr, file, 0)
                        .and(&self.count(&c.true_expr, file))
                } else {
                    Cond::untraced()
                }
            }
            Expression::FuncCall(call)
                if call.name.name.as_str() == "length" && call.args.len() == 1 =>
            {
                let arg = call.args.iter().next().expect("one argument");
                match self.trace(arg, file, 0) {
                    Sym::Input { path, .. } => Cond {
                        each: Some(path),
                        ..Cond::default()
                    },
                    _ => Cond::untraced(),
                }
            }
            _ => Cond::untraced(),
        }
    }

    /// A `for_each`: its condition and element.
    pub(super) fn for_each(&self, expr: &Expression, file: &SourceFile) -> (Cond, Sym) {
        if let Some(c) = self.fold(expr, file) {
            let n = c
                .as_array()
                .map(Vec::len)
                .or_else(|| c.as_object().map(serde_json::Map::len));
            let element = c
                .as_array()
                .and_then(|a| a.first())
                .cloned()
                .map_or(Sym::Unknown, Sym::Const);
            return (
                Cond {
                    never: n == Some(0),
                    untraced: n != Some(1),
                    ..Cond::default()
                },
                element,
            );
        }
        match expr {
            Expression::Parenthesis(p) => self.for_each(p.inner(), file),
            Expression::Conditional(c) => {
                let empty = |e: &Expression| {
                    self.fold(e, file).is_some_and(|v| {
                        v.as_array().is_some_and(Vec::is_empty)
                            || v.as_object().is_some_and(serde_json::Map::is_empty)
                    })
                };
                if empty(&c.false_expr) {
                    let (inner, element) = self.for_each(&c.true_expr, file);
                    (self.cond(&c.cond_expr, file, 0).and(&inner), element)
                } else {
                    (Cond::untraced(), Sym::Unknown)
                }
            }
            // `[x]`: one instance, made from x.
            Expression::Array(items) if items.len() == 1 => {
                let x = items.iter().next().expect("one item");
                (Cond::default(), self.trace(x, file, 0))
            }
            // `try([x], [])`: one instance when x exists.
            Expression::FuncCall(call)
                if call.name.name.as_str() == "try" && call.args.len() == 2 =>
            {
                let mut args = call.args.iter();
                let (first, second) = (args.next().expect("two"), args.next().expect("two"));
                let empty = self
                    .fold(second, file)
                    .is_some_and(|v| v.as_array().is_some_and(Vec::is_empty));
                match (first, empty) {
                    (Expression::Array(items), true) if items.len() == 1 => {
                        let x = self.trace(items.iter().next().expect("one"), file, 0);
                        match x.input() {
                            Some(p) => (
                                Cond {
                                    atoms: vec![(p.to_vec(), KbTest::NotNull)],
                                    ..Cond::default()
                                },
                                x,
                            ),
                            None => (Cond::untraced(), Sym::Unknown),
                        }
                    }
                    _ => (Cond::untraced(), Sym::Unknown),
                }
            }
            _ => match self.trace(expr, file, 0) {
                Sym::Input { path, .. } => {
                    let element = Sym::Input {
                        path: path.iter().cloned().chain(["*".to_owned()]).collect(),
                        fallback: None,
                        when: Vec::new(),
                    };
                    (
                        Cond {
                            each: Some(path),
                            ..Cond::default()
                        },
                        element,
                    )
                }
                _ => (Cond::untraced(), Sym::Unknown),
            },
        }
    }
}
