//! No module of the shell imports another that imports it back (issue 23):
//! the shell's `commands.rs` (the one `call`) reaches the session and the
//! demo, and neither reaches back. The graph is read from the source files
//! by the core's architecture test code.

#[path = "../crates/core/tests/architecture/module_graph.rs"]
mod module_graph;

use std::path::Path;

fn shell() -> module_graph::Graph {
    module_graph::load("xinfang-app", &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

#[test]
fn no_module_of_the_shell_imports_one_that_imports_it_back() {
    let graph = shell();
    let cycles = graph.describe_cycles();
    assert!(cycles.is_empty(), "import cycles in the shell:\n{cycles}");
}

/// The check above passes because there is no cycle, not because nothing was read.
#[test]
fn the_graph_holds_the_shell_s_known_edges() {
    let graph = shell();
    assert!(graph.has_edge("commands", "demo"), "{:?}", graph.modules);
    assert!(graph.has_edge("commands", "session"));
    assert!(graph.has_edge("demo", "error"));
}
