//! The crates' insides stay layered: no two source files of `crates/web/src` or
//! `crates/jobs/src` use each other, directly or through others, and the jobs crate knows
//! nothing of HTTP. A circle between files means neither can be understood, tested or moved
//! without the other; the worker once imported a renewal handler this way.
//!
//! The files are read as text (std only): each `crate::`, `super::`, `self::` path and each
//! path through a child module the file declares, use groups `{a::{b, c}}` included, names
//! the deepest module file it reaches. Comments and the `#[cfg(test)]` module at a file's end
//! are left out: unit tests may use anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module path (`handlers::renewal`; `""` for the crate root) → what it uses.
type Graph = BTreeMap<String, BTreeSet<String>>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `handlers/renewal.rs` → `handlers::renewal`; `handlers/mod.rs` → `handlers`.
fn module_of(relative: &Path) -> String {
    let mut parts: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts.join("::")
}

/// The source without comments, string literals' contents and the unit tests at its end.
fn code_of(source: &str) -> String {
    let source = match source.find("#[cfg(test)]\nmod tests") {
        Some(at) => &source[..at],
        None => source,
    };
    let mut code = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        code.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            // A character literal (`'"'`, `'\\''`), not a lifetime.
            '\'' if chars.clone().nth(1) == Some('\'') || chars.peek() == Some(&'\\') => {
                let mut escaped = false;
                for c in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '\'' {
                        break;
                    }
                }
            }
            '"' => {
                // A raw string (`r#"…"#`) ends at a quote followed by as many hashes.
                let hashes = code.len() - code.trim_end_matches('#').len();
                let raw = code.trim_end_matches('#').ends_with('r');
                code.push(' ');
                let mut escaped = false;
                while let Some(c) = chars.next() {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' && !raw {
                        escaped = true;
                    } else if c == '"'
                        && (!raw || (0..hashes).all(|_| chars.next_if_eq(&'#').is_some()))
                    {
                        break;
                    }
                }
            }
            _ => code.push(c),
        }
    }
    code
}

#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    Path,
    Open,
    Close,
    Comma,
    Other,
}

fn tokens(code: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            let mut word = c.to_string();
            while let Some(&n) = chars.peek() {
                if n.is_alphanumeric() || n == '_' {
                    word.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(Token::Word(word));
        } else if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            out.push(Token::Path);
        } else if c == '{' {
            out.push(Token::Open);
        } else if c == '}' {
            out.push(Token::Close);
        } else if c == ',' {
            out.push(Token::Comma);
        } else if !c.is_whitespace() {
            out.push(Token::Other);
        }
    }
    out
}

/// Reads the path (or use tree) starting at `tokens[at]` (a word followed by `::`), pushing
/// every complete path it names onto `out`.
fn read_tree(tokens: &[Token], mut at: usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut path = prefix;
    loop {
        match tokens.get(at) {
            Some(Token::Word(word)) => {
                path.push(word.clone());
                at += 1;
                if tokens.get(at) == Some(&Token::Path) {
                    at += 1;
                    continue;
                }
                out.push(path);
                return;
            }
            Some(Token::Open) => {
                // A group: each comma-separated branch continues the path so far.
                at += 1;
                let mut depth = 0;
                let mut branch_start = at;
                while let Some(token) = tokens.get(at) {
                    match token {
                        Token::Open => depth += 1,
                        Token::Close if depth > 0 => depth -= 1,
                        Token::Close | Token::Comma if depth == 0 => {
                            if branch_start < at {
                                read_tree(tokens, branch_start, path.clone(), out);
                            }
                            if *token == Token::Close {
                                return;
                            }
                            branch_start = at + 1;
                        }
                        _ => {}
                    }
                    at += 1;
                }
                return;
            }
            _ => {
                out.push(path);
                return;
            }
        }
    }
}

/// What one file uses, as module paths of the crate's files.
fn uses(
    module: &str,
    is_mod_file: bool,
    code: &str,
    modules: &BTreeSet<String>,
) -> BTreeSet<String> {
    let tokens = tokens(code);
    let here: Vec<String> = module
        .split("::")
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    // `super` of `handlers/renewal.rs` is `handlers`; of `handlers/mod.rs`, the crate root.
    // Only a `mod.rs` (or the root) has child modules in files beside it.
    let parent = {
        let mut p = here.clone();
        p.pop();
        p
    };
    let children: BTreeSet<String> = modules
        .iter()
        .filter_map(|m| {
            let rest = if module.is_empty() {
                m.as_str()
            } else {
                m.strip_prefix(module)?.strip_prefix("::")?
            };
            (!rest.is_empty() && !rest.contains("::")).then(|| rest.to_string())
        })
        .collect();
    let mut paths = Vec::new();
    for (at, token) in tokens.iter().enumerate() {
        let Token::Word(word) = token else { continue };
        if tokens.get(at + 1) != Some(&Token::Path) {
            continue;
        }
        // Only the start of a path: `a::b::c` is read once, from `a`.
        if at > 0 && tokens[at - 1] == Token::Path {
            continue;
        }
        let start = match word.as_str() {
            "crate" => Vec::new(),
            "super" => parent.clone(),
            "self" => here.clone(),
            child if is_mod_file || module.is_empty() => {
                if !children.contains(child) {
                    continue;
                }
                let mut p = here.clone();
                p.push(child.to_string());
                read_tree(&tokens, at + 2, p, &mut paths);
                continue;
            }
            _ => continue,
        };
        // `super::super::x`, `self::x`: read on from after the keyword.
        let mut start = start;
        let mut next = at + 2;
        while let Some(Token::Word(w)) = tokens.get(next) {
            if w == "super" && tokens.get(next + 1) == Some(&Token::Path) {
                start.pop();
                next += 2;
            } else {
                break;
            }
        }
        if word == "super" && tokens.get(next) != Some(&Token::Open) {
            // `use super::*;` or `super::f()` reach the parent itself at least.
            paths.push(start.clone());
        }
        read_tree(&tokens, next, start, &mut paths);
    }
    let mut used = BTreeSet::new();
    for path in paths {
        // Down to one segment: a path the crate root answers (`crate::Config`, a re-export) is
        // no use of a file; `lib.rs` is the crate's public face, not a layer.
        for len in (1..=path.len()).rev() {
            let candidate = path[..len].join("::");
            if modules.contains(&candidate) {
                if candidate != module {
                    used.insert(candidate);
                }
                break;
            }
        }
    }
    used
}

/// The graph of the crate whose sources are in `src`. Binaries under `src/bin` are their own
/// crates; `lib.rs` only declares modules and re-exports them, so it is no layer of its own.
fn graph(src: &Path) -> Graph {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let files: Vec<(String, bool, PathBuf)> = files
        .into_iter()
        .filter_map(|path| {
            let relative = path.strip_prefix(src).expect("under src").to_path_buf();
            if relative.starts_with("bin")
                || relative == Path::new("main.rs")
                || relative == Path::new("lib.rs")
            {
                return None;
            }
            let is_mod_file = relative.file_name().is_some_and(|n| n == "mod.rs");
            Some((module_of(&relative), is_mod_file, path))
        })
        .collect();
    let modules: BTreeSet<String> = files.iter().map(|(m, _, _)| m.clone()).collect();
    files
        .into_iter()
        .map(|(module, is_mod_file, path)| {
            let source = std::fs::read_to_string(&path).expect("source file");
            let used = uses(&module, is_mod_file, &code_of(&source), &modules);
            (module, used)
        })
        .collect()
}

/// Tarjan's strongly connected components with more than one member, each sorted.
fn circles(graph: &Graph) -> Vec<Vec<String>> {
    struct Walk<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        found: Vec<Vec<String>>,
    }
    impl<'g> Walk<'g> {
        fn visit(&mut self, v: &'g str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            for w in self.graph.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !self.graph.contains_key(w) {
                    continue;
                }
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.stack.contains(&w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    component.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !walk.index.contains_key(v.as_str()) {
            walk.visit(v);
        }
    }
    walk.found
}

/// Each circle with the edges inside it, for the failure message.
fn describe(graph: &Graph, found: &[Vec<String>]) -> String {
    let name = |m: &str| {
        if m.is_empty() {
            "lib".to_string()
        } else {
            m.to_string()
        }
    };
    let mut text = String::new();
    for component in found {
        text.push_str(&format!("a circle of {} files:\n", component.len()));
        for m in component {
            let inside: Vec<String> = graph[m]
                .iter()
                .filter(|w| component.contains(w))
                .map(|w| name(w))
                .collect();
            text.push_str(&format!("  {} uses {}\n", name(m), inside.join(", ")));
        }
    }
    text
}

fn crate_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(name)
}

fn assert_no_circles(krate: &str) {
    let graph = graph(&crate_dir(krate).join("src"));
    assert!(graph.len() > 3, "{krate}: too few files read: {graph:?}");
    let found = circles(&graph);
    assert!(
        found.is_empty(),
        "crates/{krate}/src has import circles (move what both files need below both):\n{}",
        describe(&graph, &found)
    );
}

#[test]
fn no_file_of_the_web_crate_uses_itself_through_others() {
    assert_no_circles("web");
}

#[test]
fn no_file_of_the_jobs_crate_uses_itself_through_others() {
    assert_no_circles("jobs");
}

#[test]
fn the_reader_finds_circles_through_groups_and_super() {
    // The reader itself, on a made-up crate, so a blind parser cannot pass the tests above.
    let modules: BTreeSet<String> = ["", "a", "b", "handlers", "handlers::x"]
        .into_iter()
        .map(str::to_string)
        .collect();
    let mut graph = Graph::new();
    graph.insert(
        "a".into(),
        uses(
            "a",
            false,
            &code_of("use crate::{b::{T, U}, x};\n"),
            &modules,
        ),
    );
    graph.insert(
        "b".into(),
        uses(
            "b",
            false,
            &code_of("// crate::a\nfn f() { crate::handlers::x::g() }\n"),
            &modules,
        ),
    );
    graph.insert(
        "handlers::x".into(),
        uses(
            "handlers::x",
            false,
            &code_of("use super::{page, h};\n"),
            &modules,
        ),
    );
    graph.insert(
        "handlers".into(),
        uses(
            "handlers",
            true,
            &code_of("pub mod x;\nfn h() { crate::a::f(); }\n"),
            &modules,
        ),
    );
    let found = circles(&graph);
    assert_eq!(
        found,
        vec![vec![
            "a".to_string(),
            "b".into(),
            "handlers".into(),
            "handlers::x".into()
        ]],
        "{}",
        describe(&graph, &found)
    );
    // A comment or the unit tests naming a module is no use of it.
    graph.insert(
        "handlers".into(),
        uses(
            "handlers",
            true,
            &code_of("/* crate::a */\n#[cfg(test)]\nmod tests { use crate::a; }\n"),
            &modules,
        ),
    );
    assert!(circles(&graph).is_empty(), "{graph:?}");
}

#[test]
fn the_jobs_crate_knows_nothing_of_http() {
    let dir = crate_dir("jobs");
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("jobs/Cargo.toml");
    for line in manifest.lines() {
        let name = line.split(['=', '.', ' ']).next().unwrap_or("").trim();
        for refused in ["lattice-web", "axum", "axum-extra", "tower-http", "askama"] {
            assert_ne!(
                name, refused,
                "crates/jobs/Cargo.toml depends on {refused}: {line}"
            );
        }
    }
    let mut files = Vec::new();
    rust_files(&dir.join("src"), &mut files);
    assert!(!files.is_empty(), "no sources in crates/jobs/src");
    for path in files {
        let code = code_of(&std::fs::read_to_string(&path).expect("source"));
        for word in ["handlers", "lattice_web", "axum"] {
            assert!(
                !code.contains(word),
                "{} mentions `{word}`: jobs never import HTTP handlers",
                path.display()
            );
        }
    }
}
