//! The module dependency graph of a crate, read from its source files: which
//! module names which. Shared by the architecture tests of the core
//! (`core/tests/architecture.rs`) and of sync (`sync/tests/architecture.rs`).
//!
//! - A module is a file (`lib.rs` is the crate root, `a/mod.rs` and `a.rs`
//!   are `a`, `a/b.rs` is `a::b`) or a `mod name { … }` written inside one.
//! - An edge is a path that starts with `crate::`, `super::` or `self::`, in
//!   a `use` declaration or anywhere in the code, or a path that starts with
//!   a name such a `use` brought in (`use crate::store;` then
//!   `store::cases::list`). It goes to the longest prefix of the path that is
//!   a module: `crate::a::b::Item` is an edge to `a::b` if that module
//!   exists, else to `a`. A `use` naming a module itself (`use crate::store;`,
//!   `{self, …}`) is no edge: the paths through its name are.
//! - A module's edges to its own submodules are not counted: it declares them
//!   (`mod tests;`), so they are part of it. The edges of a submodule up to
//!   its parent and to anything else are.
//! - Comments (doc links included) and string literals are not read.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Where an edge was seen: the file, the line and the path as written.
#[derive(Debug, Clone)]
pub struct Site {
    pub file: String,
    pub line: usize,
    pub path: String,
}

#[derive(Debug, Default)]
pub struct Graph {
    /// The crate, for messages (`xinfang-core`).
    pub crate_name: String,
    /// Every module, `""` being the crate root.
    pub modules: BTreeSet<String>,
    /// `(from, to)` and where each was seen.
    pub edges: BTreeMap<(String, String), Vec<Site>>,
}

/// A module's name for messages: `crate` for the root.
pub fn shown(module: &str) -> &str {
    if module.is_empty() { "crate" } else { module }
}

/// The graph of the crate whose `src` directory is `src`.
pub fn load(crate_name: &str, src: &Path) -> Graph {
    let mut files = Vec::new();
    collect(src, src, &mut files);
    assert!(!files.is_empty(), "no source files under {}", src.display());
    let sources: Vec<(String, String)> = files
        .into_iter()
        .map(|(rel, path)| {
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (rel, text)
        })
        .collect();
    from_sources(crate_name, &sources)
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            out.push((rel, path));
        }
    }
}

/// The module a file under `src/` is: `lib.rs` → `""`, `a/mod.rs` → `a`,
/// `a/b.rs` → `a::b`.
pub fn module_of_file(rel: &str) -> String {
    let stem = rel.strip_suffix(".rs").unwrap_or(rel);
    let mut parts: Vec<&str> = stem.split('/').collect();
    if matches!(parts.last(), Some(&"mod") | Some(&"lib") | Some(&"main")) {
        parts.pop();
    }
    parts.join("::")
}

/// The graph of the files `(path under src/, text)`.
pub fn from_sources(crate_name: &str, sources: &[(String, String)]) -> Graph {
    let mut graph = Graph { crate_name: crate_name.to_owned(), ..Graph::default() };
    let parsed: Vec<(String, String, Vec<Token>)> =
        sources.iter().map(|(rel, text)| (rel.clone(), module_of_file(rel), tokens(text))).collect();
    // Every module first (files and the `mod x { … }` inside them), so that
    // paths resolve to the longest existing one.
    for (_, module, toks) in &parsed {
        graph.modules.insert(module.clone());
        for inline in inline_modules(module, toks) {
            graph.modules.insert(inline);
        }
    }
    for (rel, module, toks) in &parsed {
        for (from, segments, written, line) in references(module, toks, &graph.modules) {
            let to = graph.resolve(&segments);
            if to == from || is_within(&to, &from) {
                continue;
            }
            let site = Site { file: format!("src/{rel}"), line, path: written };
            graph.edges.entry((from, to)).or_default().push(site);
        }
    }
    graph
}

/// Whether `inner` is `outer` or one of its submodules.
pub fn is_within(inner: &str, outer: &str) -> bool {
    outer.is_empty() || inner == outer || inner.starts_with(&format!("{outer}::"))
}

impl Graph {
    /// The longest prefix of the absolute `segments` that is a module.
    fn resolve(&self, segments: &[String]) -> String {
        for n in (0..=segments.len()).rev() {
            let candidate = segments[..n].join("::");
            if self.modules.contains(&candidate) {
                return candidate;
            }
        }
        String::new()
    }

    /// The modules `from` has an edge to.
    pub fn targets(&self, from: &str) -> BTreeSet<&str> {
        self.edges.keys().filter(|(f, _)| f == from).map(|(_, t)| t.as_str()).collect()
    }

    /// Whether `from` has an edge to `to`.
    pub fn has_edge(&self, from: &str, to: &str) -> bool {
        self.edges.contains_key(&(from.to_owned(), to.to_owned()))
    }

    /// The strongly connected components of more than one module: each a set
    /// of modules every one of which reaches every other.
    pub fn cycles(&self) -> Vec<Vec<String>> {
        let nodes: Vec<&str> = self.modules.iter().map(String::as_str).collect();
        let index: BTreeMap<&str, usize> = nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let mut adjacent = vec![Vec::new(); nodes.len()];
        for (from, to) in self.edges.keys() {
            adjacent[index[from.as_str()]].push(index[to.as_str()]);
        }
        let mut components: Vec<Vec<String>> = tarjan(&adjacent)
            .into_iter()
            .filter(|c| c.len() > 1)
            .map(|c| {
                let mut names: Vec<String> = c.into_iter().map(|i| nodes[i].to_owned()).collect();
                names.sort();
                names
            })
            .collect();
        components.sort();
        components
    }

    /// Every cycle with the edges inside it and where each was seen; empty
    /// when there is none.
    pub fn describe_cycles(&self) -> String {
        let mut out = String::new();
        for component in self.cycles() {
            let members: BTreeSet<&str> = component.iter().map(String::as_str).collect();
            let names: Vec<&str> = component.iter().map(|m| shown(m)).collect();
            out.push_str(&format!(
                "{}: a cycle of {} modules: {}\n",
                self.crate_name,
                component.len(),
                names.join(", ")
            ));
            for ((from, to), sites) in &self.edges {
                if members.contains(from.as_str()) && members.contains(to.as_str()) {
                    let site = &sites[0];
                    let more = if sites.len() > 1 { format!(" (+{} more)", sites.len() - 1) } else { String::new() };
                    out.push_str(&format!(
                        "    {} -> {}   {}:{} `{}`{more}\n",
                        shown(from),
                        shown(to),
                        site.file,
                        site.line,
                        site.path
                    ));
                }
            }
        }
        out
    }

    /// The edges from a module within `layer` to one within any of
    /// `forbidden`, each with where it was seen.
    pub fn layer_violations(&self, layer: &str, forbidden: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        for ((from, to), sites) in &self.edges {
            if !is_within(from, layer) {
                continue;
            }
            for f in forbidden {
                if is_within(to, f) {
                    for site in sites {
                        out.push(format!(
                            "{}: {} -> {}   {}:{} `{}`",
                            self.crate_name,
                            shown(from),
                            shown(to),
                            site.file,
                            site.line,
                            site.path
                        ));
                    }
                }
            }
        }
        out
    }
}

/// Tarjan's strongly connected components.
fn tarjan(adjacent: &[Vec<usize>]) -> Vec<Vec<usize>> {
    struct State<'a> {
        adjacent: &'a [Vec<usize>],
        next: usize,
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        out: Vec<Vec<usize>>,
    }
    fn visit(s: &mut State<'_>, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for &w in &s.adjacent[v] {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(i) if s.on_stack[w] => s.low[v] = s.low[v].min(i),
                Some(_) => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut component = Vec::new();
            loop {
                let w = s.stack.pop().unwrap();
                s.on_stack[w] = false;
                component.push(w);
                if w == v {
                    break;
                }
            }
            s.out.push(component);
        }
    }
    let n = adjacent.len();
    let mut s = State {
        adjacent,
        next: 0,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        out: Vec::new(),
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    s.out
}

// ---- Reading the source: tokens without comments and literals ----

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Ident(String),
    /// `::`
    PathSep,
    Punct(char),
    /// A string, character or number literal (its content is not read).
    Literal,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub tok: Tok,
    pub line: usize,
}

/// The tokens of Rust source, comments and literal contents left out.
pub fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    let n = chars.len();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < n {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < n && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < n {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if let Some(len) = raw_string_start(&chars, i) {
            // r"…", r#"…"#, br#"…"#: `len` is up to and including the opening quote.
            let hashes = chars[i..i + len].iter().filter(|&&c| c == '#').count();
            let start_line = line;
            i += len;
            loop {
                if i >= n {
                    break;
                }
                if chars[i] == '"' && (1..=hashes).all(|k| at(i + k) == '#') {
                    i += 1 + hashes;
                    break;
                }
                if chars[i] == '\n' {
                    line += 1;
                }
                i += 1;
            }
            out.push(Token { tok: Tok::Literal, line: start_line });
        } else if c == '"' || (c == 'b' && at(i + 1) == '"') || (c == 'c' && at(i + 1) == '"') {
            let start_line = line;
            i += if c == '"' { 1 } else { 2 };
            while i < n && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if at(i) == '\n' {
                    line += 1;
                }
                i += 1;
            }
            i += 1;
            out.push(Token { tok: Tok::Literal, line: start_line });
        } else if c == '\'' || (c == 'b' && at(i + 1) == '\'') {
            let q = if c == '\'' { i } else { i + 1 };
            if at(q + 1) == '\\' {
                // An escaped character (`'\''`, `'\u{7b}'`): past the escape,
                // to the closing quote.
                i = q + 3;
                while i < n && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
                out.push(Token { tok: Tok::Literal, line });
            } else if at(q + 2) == '\'' {
                i = q + 3;
                out.push(Token { tok: Tok::Literal, line });
            } else {
                // A lifetime or label: the quote alone; its name follows as an identifier.
                out.push(Token { tok: Tok::Punct('\''), line });
                i = q + 1;
            }
        } else if c == 'r' && at(i + 1) == '#' && is_ident_start(at(i + 2)) {
            // A raw identifier.
            let start = i + 2;
            i = start;
            while i < n && is_ident_continue(chars[i]) {
                i += 1;
            }
            out.push(Token { tok: Tok::Ident(chars[start..i].iter().collect()), line });
        } else if is_ident_start(c) || (c == '$' && is_ident_start(at(i + 1))) {
            let start = i;
            i += 1;
            while i < n && is_ident_continue(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            // `$crate` in a macro is this crate.
            let word = if word == "$crate" { "crate".to_owned() } else { word };
            out.push(Token { tok: Tok::Ident(word), line });
        } else if c.is_ascii_digit() {
            while i < n && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token { tok: Tok::Literal, line });
        } else if c == ':' && at(i + 1) == ':' {
            out.push(Token { tok: Tok::PathSep, line });
            i += 2;
        } else {
            out.push(Token { tok: Tok::Punct(c), line });
            i += 1;
        }
    }
    out
}

fn raw_string_start(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    if chars.get(j) == Some(&'b') || chars.get(j) == Some(&'c') {
        j += 1;
    }
    if chars.get(j) != Some(&'r') {
        return None;
    }
    // Not the middle of an identifier such as `for`.
    if i > 0 && is_ident_continue(chars[i - 1]) {
        return None;
    }
    j += 1;
    while chars.get(j) == Some(&'#') {
        j += 1;
    }
    (chars.get(j) == Some(&'"')).then_some(j + 1 - i)
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_continue(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

// ---- From tokens to references ----

fn ident(t: Option<&Token>) -> Option<&str> {
    match t.map(|t| &t.tok) {
        Some(Tok::Ident(s)) => Some(s),
        _ => None,
    }
}

fn is(t: Option<&Token>, tok: &Tok) -> bool {
    t.is_some_and(|t| &t.tok == tok)
}

/// The `mod name { … }` modules written inside the file of `module`.
fn inline_modules(module: &str, toks: &[Token]) -> Vec<String> {
    let mut out = Vec::new();
    walk_modules(module, toks, |_, _| {}, &mut out);
    out
}

/// Walks the tokens keeping track of the module each one is in; calls
/// `each(index, module path)` for every token and collects the inline
/// modules into `found`.
fn walk_modules(module: &str, toks: &[Token], mut each: impl FnMut(usize, &[String]), found: &mut Vec<String>) {
    let mut path: Vec<String> = module.split("::").filter(|s| !s.is_empty()).map(str::to_owned).collect();
    // (brace depth at which the inline module opened)
    let mut open: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < toks.len() {
        each(i, &path);
        match &toks[i].tok {
            Tok::Ident(w)
                if w == "mod" && ident(toks.get(i + 1)).is_some() && is(toks.get(i + 2), &Tok::Punct('{')) =>
            {
                let name = ident(toks.get(i + 1)).unwrap().to_owned();
                path.push(name);
                found.push(path.join("::"));
                open.push(depth);
                depth += 1;
                each(i + 1, &path);
                each(i + 2, &path);
                i += 3;
                continue;
            }
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                depth = depth.saturating_sub(1);
                if open.last() == Some(&depth) {
                    open.pop();
                    path.pop();
                }
            }
            _ => {}
        }
        i += 1;
    }
}

/// An entry of a `use` tree: the path as written and the name it brings in
/// (`None` for a glob).
struct UseEntry {
    segments: Vec<String>,
    name: Option<String>,
    line: usize,
}

/// Parses the use tree starting at `i` (after `use`) with `prefix` before
/// it; returns the index after it.
fn use_tree(toks: &[Token], mut i: usize, prefix: &[String], out: &mut Vec<UseEntry>) -> usize {
    let mut segments = prefix.to_vec();
    // A leading `::` (an external crate).
    if is(toks.get(i), &Tok::PathSep) {
        i += 1;
    }
    loop {
        match toks.get(i).map(|t| &t.tok) {
            Some(Tok::Ident(w)) => {
                let line = toks[i].line;
                segments.push(w.clone());
                i += 1;
                if is(toks.get(i), &Tok::PathSep) {
                    i += 1;
                    continue;
                }
                let mut name = w.clone();
                if ident(toks.get(i)) == Some("as") {
                    name = ident(toks.get(i + 1)).unwrap_or("_").to_owned();
                    i += 2;
                }
                // `{self, …}` names the prefix itself.
                if w == "self" && segments.len() > 1 {
                    segments.pop();
                    if name == "self" {
                        name = segments.last().cloned().unwrap_or_default();
                    }
                }
                out.push(UseEntry { segments, name: Some(name), line });
                return i;
            }
            Some(Tok::Punct('*')) => {
                out.push(UseEntry { segments, name: None, line: toks[i].line });
                return i + 1;
            }
            Some(Tok::Punct('{')) => {
                i += 1;
                loop {
                    match toks.get(i).map(|t| &t.tok) {
                        Some(Tok::Punct('}')) => return i + 1,
                        Some(Tok::Punct(',')) => i += 1,
                        None => return i,
                        _ => i = use_tree(toks, i, &segments, out),
                    }
                }
            }
            _ => return i,
        }
    }
}

/// `segments` as written in `module`, made absolute (from the crate root),
/// if they start with `crate`, `super` or `self`.
fn absolute(module: &[String], segments: &[String]) -> Option<Vec<String>> {
    let first = segments.first()?;
    let mut base: Vec<String>;
    let mut rest = segments;
    match first.as_str() {
        "crate" => {
            base = Vec::new();
            rest = &rest[1..];
        }
        "self" => {
            base = module.to_vec();
            rest = &rest[1..];
        }
        "super" => {
            base = module.to_vec();
            while rest.first().map(String::as_str) == Some("super") {
                base.pop();
                rest = &rest[1..];
            }
        }
        _ => return None,
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// Every reference of the file of `module`: (from module, absolute path,
/// the path as written, line). `modules` are every module of the crate.
fn references(module: &str, toks: &[Token], modules: &BTreeSet<String>) -> Vec<(String, Vec<String>, String, usize)> {
    // Which module each token is in.
    let mut module_at: Vec<Vec<String>> = vec![Vec::new(); toks.len()];
    walk_modules(module, toks, |i, path| module_at[i] = path.to_vec(), &mut Vec::new());

    // First the `use` declarations: the names they bring in, per module.
    let mut aliases: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    let mut out = Vec::new();
    let mut in_use = vec![false; toks.len()];
    let mut i = 0;
    while i < toks.len() {
        if ident(toks.get(i)) == Some("use") {
            let here = &module_at[i];
            let mut entries = Vec::new();
            let end = use_tree(toks, i + 1, &[], &mut entries);
            for flag in &mut in_use[i..end.min(toks.len())] {
                *flag = true;
            }
            for e in entries {
                let Some(abs) = absolute(here, &e.segments) else { continue };
                let written = e.segments.join("::");
                let names_a_module = e.name.is_some() && modules.contains(&abs.join("::"));
                if let Some(name) = &e.name {
                    aliases.entry(here.join("::")).or_default().insert(name.clone(), abs.clone());
                }
                if !names_a_module {
                    out.push((here.join("::"), abs, written, e.line));
                }
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }

    // Then every other path: from `crate`/`super`/`self`, or from a name a
    // `use` brought in.
    let mut i = 0;
    while i < toks.len() {
        if in_use[i] {
            i += 1;
            continue;
        }
        let Some(first) = ident(toks.get(i)) else {
            i += 1;
            continue;
        };
        let after_sep = i > 0 && is(toks.get(i - 1), &Tok::PathSep);
        let after_dot = i > 0 && is(toks.get(i - 1), &Tok::Punct('.'));
        if after_sep || after_dot || !is(toks.get(i + 1), &Tok::PathSep) {
            i += 1;
            continue;
        }
        let mut segments = vec![first.to_owned()];
        let mut j = i + 1;
        while is(toks.get(j), &Tok::PathSep) {
            match ident(toks.get(j + 1)) {
                Some(w) => {
                    segments.push(w.to_owned());
                    j += 2;
                }
                None => break,
            }
        }
        let here = &module_at[i];
        let written = segments.join("::");
        let abs = absolute(here, &segments).or_else(|| {
            // A name brought in by a `use` of this module or of the modules
            // around it in the same file (`use super::*` in `mod tests`).
            let mut scope = here.clone();
            loop {
                if let Some(target) = aliases.get(&scope.join("::")).and_then(|a| a.get(&segments[0])) {
                    let mut abs = target.clone();
                    abs.extend(segments[1..].iter().cloned());
                    return Some(abs);
                }
                if scope.len() <= module.split("::").filter(|s| !s.is_empty()).count() {
                    return None;
                }
                scope.pop();
            }
        });
        if let Some(abs) = abs {
            out.push((here.join("::"), abs, written, toks[i].line));
        }
        i = j;
    }
    out
}
