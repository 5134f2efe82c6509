//! Layers point one way: `main`/`cli` → `commands` → `report` → the domains (`rules`,
//! `fixtures`, `skill`, `gates`, `refs`) → the foundation (`config`, `suppress`, `fix`,
//! `finding`, `descriptor`, `yaml`, `source`, `walk`, `diag`). This test reads every file under `src/`, takes
//! the top-level module each `crate::` path (and each `super::` path that climbs to the crate
//! root) names, and fails when two top-level modules depend on each other, directly or through
//! others, naming the cycle and a file for each edge of it.
//!
//! Comments are not read: an intra-doc link is documentation, not a dependency.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// `from` → `to` → the files (relative to `src/`) whose paths make the edge.
type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

#[test]
fn top_level_modules_form_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = module_graph(&src);
    assert!(
        graph.len() >= 10,
        "read too few modules under {}: {:?}",
        src.display(),
        graph.keys().collect::<Vec<_>>()
    );
    let cycles = cycles(&graph);
    if !cycles.is_empty() {
        let mut msg = String::from("top-level modules of src/ depend on each other:\n");
        for c in &cycles {
            msg.push_str(&format!("  cycle: {}\n", c.join(" -> ")));
            for w in c.windows(2) {
                let files = &graph[&w[0]][&w[1]];
                let shown: Vec<&str> = files.iter().take(3).map(String::as_str).collect();
                msg.push_str(&format!("    {} -> {}: {}\n", w[0], w[1], shown.join(", ")));
            }
        }
        panic!("{msg}");
    }
}

#[test]
fn the_cycle_finder_finds_a_cycle_through_others() {
    let mut g = Graph::new();
    for (a, b) in [("report", "gates"), ("gates", "skill"), ("skill", "report")] {
        g.entry(a.into())
            .or_default()
            .entry(b.into())
            .or_default()
            .insert(format!("{a}.rs"));
    }
    g.entry("source".into()).or_default();
    let found = cycles(&g);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].first(), found[0].last());
    assert_eq!(found[0].len(), 4, "{found:?}");
    // And the reader sees `crate::{a, b::c}` groups, `super::` at the top, not comments.
    let deps = deps_of(
        "use crate::{gates::X, refs};\n// crate::report\nuse super::fixtures::Y;\nlet _ = crate::yaml::f();",
        1,
    );
    let want: BTreeSet<String> = ["gates", "refs", "fixtures", "yaml"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(deps, want);
}

fn module_graph(src: &Path) -> Graph {
    let mut files = Vec::new();
    collect(src, &mut files);
    let mut tops: BTreeSet<String> = BTreeSet::new();
    for f in &files {
        tops.insert(top_of(src, f));
    }
    tops.remove("lib");
    tops.remove("main");
    let mut graph = Graph::new();
    for f in &files {
        let top = top_of(src, f);
        if !tops.contains(&top) {
            continue;
        }
        let rel = f
            .strip_prefix(src)
            .unwrap_or(f)
            .to_string_lossy()
            .replace('\\', "/");
        // How many `super::` reach the crate root from this file.
        let depth = rel.matches('/').count() + usize::from(!rel.ends_with("mod.rs"));
        let text = std::fs::read_to_string(f).unwrap_or_default();
        let node = graph.entry(top.clone()).or_default();
        for d in deps_of(&text, depth) {
            if d != top && tops.contains(&d) {
                node.entry(d).or_default().insert(rel.clone());
            }
        }
    }
    graph
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn top_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap_or(file);
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    first.strip_suffix(".rs").unwrap_or(&first).to_string()
}

/// The top-level modules a file's code names: `crate::x`, `crate::{x, y::z}`, and
/// `super::…::x` where the `super`s climb `depth` levels to the crate root.
fn deps_of(text: &str, depth: usize) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + "crate::".len()..];
            if let Some(group) = after.strip_prefix('{') {
                let body = group.split('}').next().unwrap_or("");
                for item in body.split(',') {
                    if let Some(name) = ident(item.trim()) {
                        out.insert(name);
                    }
                }
            } else if let Some(name) = ident(after) {
                out.insert(name);
            }
            rest = after;
        }
        if depth > 0 {
            let climb = "super::".repeat(depth);
            let mut rest = code;
            while let Some(i) = rest.find(&climb) {
                let after = &rest[i + climb.len()..];
                if !after.starts_with("super::") {
                    if let Some(group) = after.strip_prefix('{') {
                        let body = group.split('}').next().unwrap_or("");
                        for item in body.split(',') {
                            if let Some(name) = ident(item.trim()) {
                                out.insert(name);
                            }
                        }
                    } else if let Some(name) = ident(after) {
                        out.insert(name);
                    }
                }
                rest = after;
            }
        }
    }
    out
}

fn ident(s: &str) -> Option<String> {
    let name: String = s
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty() && name.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .then_some(name)
}

/// One cycle (first node repeated at the end) per strongly connected component of more than
/// one module.
fn cycles(g: &Graph) -> Vec<Vec<String>> {
    let nodes: BTreeSet<&String> = g.keys().chain(g.values().flat_map(|m| m.keys())).collect();
    let mut out = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for start in nodes {
        if seen.contains(start) {
            continue;
        }
        // The shortest path back to `start`, breadth first.
        let mut prev: BTreeMap<String, String> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start.clone()]);
        let mut found = None;
        while let Some(n) = queue.pop_front() {
            for next in g.get(&n).into_iter().flat_map(|m| m.keys()) {
                if next == start {
                    found = Some(n.clone());
                    break;
                }
                if !prev.contains_key(next) {
                    prev.insert(next.clone(), n.clone());
                    queue.push_back(next.clone());
                }
            }
            if found.is_some() {
                break;
            }
        }
        if let Some(last) = found {
            let mut path = vec![start.clone()];
            let mut cur = last;
            let mut back = vec![];
            while &cur != start {
                back.push(cur.clone());
                cur = prev[&cur].clone();
            }
            back.reverse();
            path.extend(back);
            path.push(start.clone());
            seen.extend(path.iter().cloned());
            out.push(path);
        }
    }
    out
}
