//! No module of sync imports another that imports it back (issue 23). The
//! graph is read from the source files by the core's architecture test code.

#[path = "../../core/tests/architecture/module_graph.rs"]
mod module_graph;

use std::path::Path;

fn sync() -> module_graph::Graph {
    module_graph::load("xinfang-sync", &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let graph = sync();
    let cycles = graph.describe_cycles();
    assert!(cycles.is_empty(), "import cycles in sync:\n{cycles}");
}

/// The checks above pass because there is no cycle, not because nothing was read.
#[test]
fn the_graph_holds_sync_s_known_edges() {
    let graph = sync();
    assert!(graph.modules.len() > 20, "{} modules", graph.modules.len());
    assert!(graph.has_edge("export", "bundle"));
    assert!(graph.has_edge("http::server", "import"));
}
