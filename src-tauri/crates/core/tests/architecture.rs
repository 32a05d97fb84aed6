//! The core's modules keep their layers (ARCHITECTURE.md, issue 23): no
//! module imports another that imports it back, and the arrows point down
//! only: commands → access/report/session → store → domain.
//!
//! The graph is read from the source files (see `architecture/module_graph.rs`,
//! which sync's own `tests/architecture.rs` shares).

mod module_graph;

use module_graph::Graph;
use std::path::Path;

fn core() -> Graph {
    module_graph::load("xinfang-core", &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let graph = core();
    let cycles = graph.describe_cycles();
    assert!(cycles.is_empty(), "import cycles in the core:\n{cycles}");
}

/// Each layer and what it may not name: the domain is rules without I/O,
/// the store is SQL over domain types, the access rules read only the
/// account; none of them reaches up.
const LAYERS: &[(&str, &[&str])] = &[
    ("domain", &["store", "commands", "session", "access", "report", "demo"]),
    ("store", &["commands", "session", "access", "report", "demo"]),
    ("access", &["commands", "session", "report", "demo"]),
];

#[test]
fn lower_layers_name_no_higher_one() {
    let graph = core();
    let mut wrong = Vec::new();
    for (layer, forbidden) in LAYERS {
        wrong.extend(graph.layer_violations(layer, forbidden));
    }
    assert!(wrong.is_empty(), "imports against the layers:\n{}", wrong.join("\n"));
}

/// The graph sees what the code says: the checks above pass because there is
/// no cycle, not because nothing was read.
#[test]
fn the_graph_holds_the_core_s_known_edges() {
    let graph = core();
    assert!(graph.modules.len() > 80, "{} modules", graph.modules.len());
    assert!(graph.modules.contains("commands::case") && graph.modules.contains("store::changelog::tests"));
    // `use super::{Ledger, NoArgs}` and a `crate::store::…` path.
    assert!(graph.has_edge("commands::device", "commands"));
    assert!(graph.has_edge("commands", "store"));
    assert!(graph.has_edge("commands", "access"), "`crate::access::permit(…)` inside the command macro");
    // A module's own submodules are part of it: no edge down to them.
    assert!(!graph.has_edge("store", "store::changelog"));
}

fn sources(files: &[(&str, &str)]) -> Graph {
    let files: Vec<(String, String)> = files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
    module_graph::from_sources("example", &files)
}

#[test]
fn paths_resolve_to_the_longest_module_they_name() {
    let g = sources(&[
        ("lib.rs", "pub mod a; pub mod b; pub mod c; pub use a::Thing;"),
        ("a/mod.rs", "pub mod inner; pub struct Thing;"),
        ("a/inner.rs", "use super::Thing; pub fn f() { crate::b::g(); }"),
        ("b.rs", "use crate::a::inner::f; pub fn g() { let _ = crate::a::Thing; }"),
        (
            "c.rs",
            r#"
            use crate::{a::{self, inner as deep}, b};
            // crate::nothing::here
            /* crate::nor::here */
            const S: &str = "crate::b::not_a_path";
            fn h<'a>(x: &'a str) -> char { let _ = a::Thing; deep::f(); b::g(); 'x' }
            mod inner { const QUOTES: [char; 3] = ['\'', '\u{7b}', '{']; }
            fn after() { crate::a::inner::f(); }
            #[cfg(test)]
            mod tests {
                use super::*;
                fn t() { h("s"); crate::c::h("t"); }
            }
            "#,
        ),
    ]);
    assert!(g.has_edge("a::inner", "a"));
    assert!(g.has_edge("a::inner", "b"));
    assert!(g.has_edge("b", "a::inner"));
    assert!(g.has_edge("b", "a"));
    assert_eq!(g.targets("c"), ["a", "a::inner", "b"].into_iter().collect());
    assert_eq!(g.targets("c::tests"), ["c"].into_iter().collect());
    assert!(g.modules.contains("c::inner") && g.targets("c::inner").is_empty(), "no brace in a character literal");
    assert!(!g.has_edge("c", "c::tests"));
    assert_eq!(g.cycles(), vec![vec!["a::inner", "b"]]);
    let text = g.describe_cycles();
    assert!(text.contains("example: a cycle of 2 modules: a::inner, b"), "{text}");
    assert!(text.contains("b -> a::inner   src/b.rs:1 `crate::a::inner::f`"), "{text}");
    assert_eq!(g.layer_violations("a", &["b"]).len(), 1);
}

#[test]
fn super_in_an_inline_module_is_its_file() {
    let g = sources(&[
        ("lib.rs", "mod x; mod y;"),
        ("x.rs", "fn f() {} mod deep { fn g() { super::f(); super::super::y::h(); } }"),
        ("y.rs", "pub fn h() {}"),
    ]);
    assert!(g.has_edge("x::deep", "y"));
    assert!(g.has_edge("x::deep", "x"), "up to its parent");
    assert!(!g.has_edge("x", "x::deep"), "a module's own submodule is part of it");
    assert!(g.cycles().is_empty());
}

/// Every line of SQL is in `store/` (ARCHITECTURE.md): the commands, the
/// reports, the session and the domain call the store's functions. Tests
/// (a `#[cfg(test)]` module at a file's end, or a `tests.rs`) may look
/// into the tables directly.
#[test]
fn no_sql_outside_the_store() {
    const SQL: &[&str] = &["SELECT ", "INSERT INTO", "INSERT OR ", "UPDATE ", "DELETE FROM", "CREATE TABLE", "DROP TABLE"];
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    let mut read = 0;
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
            if path.is_dir() {
                if rel != "store" {
                    stack.push(path);
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") || path.file_name().is_some_and(|n| n == "tests.rs") {
                continue;
            }
            read += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for (n, line) in code.lines().enumerate() {
                let in_string = line.split('"').skip(1).step_by(2).collect::<String>();
                if SQL.iter().any(|s| in_string.contains(s)) {
                    found.push(format!("src/{rel}:{}: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(read > 50, "{read} files read");
    assert!(found.is_empty(), "SQL outside store/:\n{}", found.join("\n"));
}
