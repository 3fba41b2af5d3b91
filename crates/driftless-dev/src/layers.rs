//! Import circles between the modules of a crate.
//!
//! Each crate is meant to read as layers (docs/architecture.md §3): a module uses the modules
//! of the layers before it and never one after it, so a reader can understand a module
//! without reading what is built on top of it. Cargo already refuses a circle between crates;
//! this finds circles between the modules inside one crate, which the compiler accepts.
//!
//! The graph is read from the source text: every `crate::a::b` and `super::x` path in a
//! module's file (comments and the `#[cfg(test)]` part at the end of the file left out)
//! is an edge from that module to the module the path names, taken at the level where the
//! two first differ (`store::users` using `store::audit` is an edge between those siblings;
//! `store` using its own child `store::users` is no edge). A circle is a strongly connected
//! set of two or more sibling modules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path inside a crate: `["store", "users"]`; empty for the crate root.
pub type ModulePath = Vec<String>;

/// The module graph of one crate: for each module, the sibling-level modules it uses.
#[derive(Debug, Default)]
pub struct ModuleGraph {
    /// Edges, from a module to the modules it uses (both at the level where they differ).
    pub edges: BTreeMap<ModulePath, BTreeSet<ModulePath>>,
}

/// One import circle: the modules in it and the edges between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Circle {
    /// The modules, sorted, as `a::b`.
    pub modules: Vec<String>,
    /// The edges inside the circle, as (`from`, `to`).
    pub edges: Vec<(String, String)>,
}

impl std::fmt::Display for Circle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:", self.modules.join(" <-> "))?;
        for (from, to) in &self.edges {
            write!(f, " {from} -> {to};")?;
        }
        Ok(())
    }
}

/// Errors reading a crate's sources.
#[derive(Debug, thiserror::Error)]
pub enum LayersError {
    /// A folder or file could not be read.
    #[error("cannot read {path}")]
    Io {
        /// The path.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// Reads the module graph of the crate whose `src` folder is `src`.
///
/// # Errors
/// When a folder or a `.rs` file cannot be read.
pub fn module_graph(src: &Path) -> Result<ModuleGraph, LayersError> {
    let mut files = Vec::new();
    rust_files(src, &mut files)?;
    let modules: BTreeMap<ModulePath, PathBuf> = files
        .into_iter()
        .map(|f| (module_path(src, &f), f))
        .collect();
    let known: BTreeSet<&ModulePath> = modules.keys().collect();
    let mut graph = ModuleGraph::default();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(file).map_err(|source| LayersError::Io {
            path: file.clone(),
            source,
        })?;
        for path in referenced_paths(module, &code_of(&text)) {
            let Some(target) = deepest_known(&path, &known) else {
                continue;
            };
            let common = module
                .iter()
                .zip(target.iter())
                .take_while(|(a, b)| a == b)
                .count();
            if common == module.len() || common == target.len() {
                continue; // an ancestor or a descendant: parents re-export their children
            }
            graph
                .edges
                .entry(module[..=common].to_vec())
                .or_default()
                .insert(target[..=common].to_vec());
        }
    }
    Ok(graph)
}

/// The import circles of `graph`, each with its edges.
#[must_use]
pub fn circles(graph: &ModuleGraph) -> Vec<Circle> {
    strongly_connected(&graph.edges)
        .into_iter()
        .filter(|set| set.len() > 1)
        .map(|set| {
            let name = |m: &ModulePath| m.join("::");
            let mut edges: Vec<(String, String)> = set
                .iter()
                .flat_map(|from| {
                    graph
                        .edges
                        .get(*from)
                        .into_iter()
                        .flatten()
                        .filter(|to| set.contains(to))
                        .map(|to| (name(from), name(to)))
                })
                .collect();
            edges.sort();
            let mut modules: Vec<String> = set.iter().map(|m| name(m)).collect();
            modules.sort();
            Circle { modules, edges }
        })
        .collect()
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), LayersError> {
    let io = |source| LayersError::Io {
        path: dir.to_path_buf(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.is_dir() {
            rust_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// The module a file defines: `src/store/users.rs` and `src/store/users/mod.rs` are
/// `store::users`; `lib.rs` and `main.rs` are the root.
fn module_path(src: &Path, file: &Path) -> ModulePath {
    let mut parts: ModulePath = file
        .strip_prefix(src)
        .unwrap_or(file)
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts
        .last()
        .is_some_and(|l| l == "lib" || l == "main" || l == "mod")
    {
        parts.pop();
    }
    parts
}

/// The code a module contributes to the graph: line comments dropped, `$crate` (a macro's
/// own crate) dropped, and nothing from the first `#[cfg(test)]` on (the unit tests at the
/// end of a file may use anything).
fn code_of(text: &str) -> String {
    let text = text.find("#[cfg(test)]").map_or(text, |at| &text[..at]);
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("$crate", "")
}

/// The module paths `code` names through `crate::` and `super::`, resolved from `module`.
fn referenced_paths(module: &ModulePath, code: &str) -> Vec<ModulePath> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    for start in 0..bytes.len() {
        if !matches!(bytes[start], b'c' | b's') {
            continue;
        }
        if start > 0 && (is_ident(bytes[start - 1]) || bytes[start - 1] == b':') {
            continue;
        }
        let rest = &code[start..];
        let (base, tail) = if let Some(tail) = rest.strip_prefix("crate::") {
            (Vec::new(), tail)
        } else if rest.starts_with("super::") {
            let mut tail = rest;
            let mut base = module.clone();
            while let Some(t) = tail.strip_prefix("super::") {
                base.pop();
                tail = t;
            }
            (base, tail)
        } else {
            continue;
        };
        out.extend(expand(base, tail));
    }
    out
}

/// The module paths of one path expression that follows `crate::` or `super::`, appended to
/// `base`: `store::users::User` is one path; `store::{audit::Log, users}` (a grouped import,
/// nested groups and `self` included) is one path for each item.
fn expand(mut base: ModulePath, mut tail: &str) -> Vec<ModulePath> {
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    loop {
        let len = tail
            .bytes()
            .position(|b| !is_ident(b))
            .unwrap_or(tail.len());
        if len == 0 {
            break;
        }
        base.push(tail[..len].to_owned());
        match tail[len..].strip_prefix("::") {
            Some(t) => tail = t,
            None => return vec![base],
        }
    }
    let Some(group) = tail.strip_prefix('{') else {
        return vec![base];
    };
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut item_start = 0;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            ',' | '}' if depth == 0 => {
                let item = group[item_start..i].trim();
                if item.split_whitespace().next() == Some("self") {
                    out.push(base.clone());
                } else if !item.is_empty() {
                    out.extend(expand(base.clone(), item));
                }
                if c == '}' {
                    break;
                }
                item_start = i + 1;
            }
            _ => {}
        }
    }
    out
}

/// The longest prefix of `path` that is a module of the crate.
fn deepest_known<'a>(
    path: &ModulePath,
    known: &BTreeSet<&'a ModulePath>,
) -> Option<&'a ModulePath> {
    (1..=path.len())
        .rev()
        .find_map(|n| known.get(&path[..n].to_vec()).copied())
}

/// The strongly connected sets of `edges` (Tarjan's algorithm, iterative).
fn strongly_connected(
    edges: &BTreeMap<ModulePath, BTreeSet<ModulePath>>,
) -> Vec<BTreeSet<&ModulePath>> {
    let nodes: BTreeSet<&ModulePath> = edges
        .iter()
        .flat_map(|(from, to)| std::iter::once(from).chain(to))
        .collect();
    let mut walk = Tarjan {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
    };
    let mut sets = Vec::new();
    for &root in &nodes {
        if walk.index.contains_key(root) {
            continue;
        }
        // Each frame: a node and the successors it has still to visit.
        let mut frames: Vec<(&ModulePath, Vec<&ModulePath>)> = vec![walk.enter(root)];
        while let Some((node, todo)) = frames.last_mut() {
            let node = *node;
            if let Some(succ) = todo.pop() {
                if let Some(&i) = walk.index.get(succ) {
                    if walk.on_stack.contains(succ) {
                        let l = walk.low[node].min(i);
                        walk.low.insert(node, l);
                    }
                } else {
                    frames.push(walk.enter(succ));
                }
                continue;
            }
            frames.pop();
            if let Some((parent, _)) = frames.last() {
                let l = walk.low[*parent].min(walk.low[node]);
                walk.low.insert(parent, l);
            }
            if walk.low[node] == walk.index[node] {
                let mut set = BTreeSet::new();
                while let Some(top) = walk.stack.pop() {
                    walk.on_stack.remove(top);
                    set.insert(top);
                    if top == node {
                        break;
                    }
                }
                sets.push(set);
            }
        }
    }
    sets
}

/// The bookkeeping of [`strongly_connected`]: each node's visit order and lowest reachable
/// visit order, and the stack of nodes not yet assigned to a set.
struct Tarjan<'a> {
    edges: &'a BTreeMap<ModulePath, BTreeSet<ModulePath>>,
    index: BTreeMap<&'a ModulePath, usize>,
    low: BTreeMap<&'a ModulePath, usize>,
    stack: Vec<&'a ModulePath>,
    on_stack: BTreeSet<&'a ModulePath>,
}

impl<'a> Tarjan<'a> {
    /// Visits `node` for the first time: numbers it, pushes it on the stack, and returns its
    /// frame (the node and the successors it has still to visit).
    fn enter(&mut self, node: &'a ModulePath) -> (&'a ModulePath, Vec<&'a ModulePath>) {
        let next = self.index.len();
        self.index.insert(node, next);
        self.low.insert(node, next);
        self.stack.push(node);
        self.on_stack.insert(node);
        let successors = self
            .edges
            .get(node)
            .map(|s| s.iter().collect())
            .unwrap_or_default();
        (node, successors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn a_circle_between_siblings_is_found_with_its_edges() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "lib.rs", "mod a;\nmod b;\nmod c;\n");
        write(dir.path(), "a.rs", "use crate::b::Thing;\n");
        write(
            dir.path(),
            "b/mod.rs",
            "mod inner;\nuse super::c::f; // crate::a in a comment\n",
        );
        write(dir.path(), "b/inner.rs", "fn g() { crate::a::h(); }\n");
        write(
            dir.path(),
            "c.rs",
            "pub fn f() {}\n#[cfg(test)]\nmod tests { use crate::a; }\n",
        );
        let graph = module_graph(dir.path()).unwrap();
        let found = circles(&graph);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].modules, ["a", "b"]);
        assert_eq!(
            found[0].edges,
            [
                ("a".to_owned(), "b".to_owned()),
                ("b".to_owned(), "a".to_owned())
            ]
        );
    }

    #[test]
    fn grouped_imports_count_like_single_ones() {
        let module = vec!["store".to_owned(), "audit".to_owned()];
        let code = "use super::{campaigns, db::{Exec, Pool}, self as here};\nuse crate::model::{Id, violation::V};";
        let paths = referenced_paths(&module, code);
        let names: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
        assert_eq!(
            names,
            [
                "store::campaigns",
                "store::db::Exec",
                "store::db::Pool",
                "store",
                "model::Id",
                "model::violation::V"
            ]
        );
    }

    #[test]
    fn parents_children_and_one_way_siblings_make_no_circle() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "lib.rs",
            "mod store;\npub use store::users::User;\n",
        );
        write(
            dir.path(),
            "store/mod.rs",
            "mod audit;\nmod users;\npub use users::User;\n",
        );
        write(
            dir.path(),
            "store/users.rs",
            "use super::audit::Log;\nuse crate::store::Error;\n",
        );
        write(dir.path(), "store/audit.rs", "pub struct Log;\n");
        let graph = module_graph(dir.path()).unwrap();
        assert!(circles(&graph).is_empty());
        let users = vec!["store".to_owned(), "users".to_owned()];
        let audit = vec!["store".to_owned(), "audit".to_owned()];
        assert_eq!(graph.edges[&users], BTreeSet::from([audit]));
    }
}
