//! The sandbox every Markdown template is rendered in: the built-in ones, a skill's own
//! `templates/report.md.tera` (which a pull request can change) and `--template FILE` alike.
//!
//! A template can read the report's context and nothing else, and its cost is bounded:
//!
//! * **No environment, no files, no clock.** The engine's tables are rebuilt from an
//!   allow-list: every function, filter and tester tera 1.20 registers is either kept (pure,
//!   and metered) or removed ([`REMOVED_FUNCTIONS`]: `get_env`, `now`, `get_random`); a
//!   template that names a removed or unknown one is refused before anything renders. There is
//!   one template and no loader, so `include`, `extends` and `import` (which could only name
//!   the template itself) are refused too.
//! * **Bounded recursion.** A macro that calls itself, directly or through others, is refused;
//!   so are macro call chains deeper than [`MAX_MACRO_DEPTH`] and block or bracket nesting
//!   deeper than [`MAX_NESTING`] (checked on the text, before tera's parser recurses into it).
//! * **Bounded time and memory.** Rendering draws on a work budget ([`Limits`]): every loop
//!   iteration and macro call costs [`TICK`] plus the text its body writes; every value a
//!   template creates (a filter's or function's result, a `set`, a `~` concatenation, an array
//!   literal, a macro argument, a printed value, an `==` or `in` operand) costs its size, and is
//!   estimated *before* a filter runs, so `" " | indent(prefix=huge)` is refused, not
//!   allocated. Values may nest at most [`MAX_VALUE_DEPTH`] deep; `range` yields at most
//!   [`MAX_RANGE`] numbers; `%` cannot overflow. Once the budget is spent every later step
//!   fails, even one whose error tera would swallow.
//! * **Bounded output**: the rendered text stops at [`Limits::output`] bytes.
//!
//! The instrumentation is an AST rewrite (a hidden tick call at the top of each loop and macro
//! body, a hidden metering filter on the expressions above); it changes no output.

use std::collections::{BTreeSet, HashMap};
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

use tera::ast::{Expr, ExprVal, FunctionCall, LogicOperator, MathOperator, Node};
use tera::{Filter, Function, Tera, Test, Value};

/// Deepest nesting of block tags (`if`, `for`, `macro`, `block`, `filter`, `raw`) and of
/// brackets inside tags.
pub const MAX_NESTING: usize = 48;
/// Longest chain of macro calls (macro `a` calls `b` calls `c` …).
pub const MAX_MACRO_DEPTH: usize = 16;
/// Deepest nesting of a value a template builds.
pub const MAX_VALUE_DEPTH: usize = 64;
/// Most numbers one `range` call yields.
pub const MAX_RANGE: usize = 100_000;
/// Work one loop iteration or macro call costs, besides the text it writes.
pub const TICK: i64 = 256;
/// What one value costs besides its text (roughly its memory).
const VALUE_COST: usize = 32;

/// The name of the template inside the engine.
pub const NAME: &str = "report";

/// Functions tera 1.20 may register that the sandbox removes, and why.
pub const REMOVED_FUNCTIONS: &[(&str, &str)] = &[
    (
        "get_env",
        "it reads the environment (secrets such as GITHUB_TOKEN)",
    ),
    ("now", "it reads the clock"),
    ("get_random", "it reads a random source"),
];

/// Functions kept: `range` (replaced by a bounded one) and `throw` (fails the render).
pub const KEPT_FUNCTIONS: &[&str] = &["range", "throw"];

/// Filters tera 1.20 may register that the sandbox does not offer, and why.
pub const REMOVED_FILTERS: &[(&str, &str)] = &[(
    "date",
    "it formats times with the time-zone database (and needs tera's `builtins` feature)",
)];

/// Filters kept (pure; each metered). `default` and `safe` are tera keywords, always there.
pub const KEPT_FILTERS: &[&str] = &[
    "upper",
    "lower",
    "trim",
    "trim_start",
    "trim_end",
    "trim_start_matches",
    "trim_end_matches",
    "truncate",
    "wordcount",
    "replace",
    "capitalize",
    "title",
    "linebreaksbr",
    "indent",
    "striptags",
    "spaceless",
    "urlencode",
    "urlencode_strict",
    "escape",
    "escape_xml",
    "slugify",
    "addslashes",
    "split",
    "int",
    "float",
    "first",
    "last",
    "nth",
    "join",
    "sort",
    "unique",
    "slice",
    "group_by",
    "filter",
    "map",
    "concat",
    "abs",
    "pluralize",
    "round",
    "filesizeformat",
    "length",
    "reverse",
    "json_encode",
    "as_str",
    "get",
];

/// Testers kept (all pure; each metered).
pub const KEPT_TESTERS: &[&str] = &[
    "defined",
    "undefined",
    "odd",
    "even",
    "string",
    "number",
    "divisibleby",
    "iterable",
    "object",
    "starting_with",
    "ending_with",
    "containing",
    "matching",
];

/// The hidden function called at the top of every loop and macro body.
const TICK_FN: &str = "__skillgate_tick";
/// The hidden filter that meters a value.
const METER: &str = "__skillgate_meter";
/// The hidden function `%` is rewritten to.
const MOD_FN: &str = "__skillgate_mod";

/// The budget of one render.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Work units (about one per byte created, [`TICK`] per loop iteration or macro call).
    pub work: i64,
    /// Bytes of output.
    pub output: usize,
}

impl Limits {
    /// Limits for a context of `context_size` bytes: 64 Mi work units plus 16 per context byte,
    /// and 16 MiB of output plus 2 bytes per context byte, so a large report renders and a
    /// template that multiplies its input does not.
    pub fn for_context(context_size: usize) -> Limits {
        Limits {
            work: (64i64 << 20).saturating_add((context_size as i64).saturating_mul(16)),
            output: (16usize << 20).saturating_add(context_size.saturating_mul(2)),
        }
    }
}

/// A template checked, instrumented and ready to render in the sandbox.
pub struct Sandboxed {
    tera: Tera,
    budget: Arc<Budget>,
}

/// Checks `source` and builds its sandboxed engine. Errors say what is refused and, where it
/// can be found in the text, on which line.
pub fn build(source: &str) -> Result<Sandboxed, String> {
    check_nesting(source)?;
    let mut tera = Tera::default();
    tera.autoescape_on(Vec::new());
    tera.add_raw_template(NAME, source).map_err(|e| chain(&e))?;
    let budget = Arc::new(Budget::new(Limits::for_context(0)));
    let pristine = Arc::new(Tera::default());
    let template = tera
        .templates
        .get_mut(NAME)
        .ok_or_else(|| "the template did not load".to_string())?;
    check_macros(template, source)?;
    let mut errors = Vec::new();
    for node in template.ast.iter_mut() {
        instrument(node, &mut errors);
    }
    for m in template.macros.values_mut() {
        m.body.insert(0, tick_node(text_bytes(&m.body)));
        for node in m.body.iter_mut() {
            instrument(node, &mut errors);
        }
    }
    if let Some(first) = errors.into_iter().next() {
        return Err(first.with_line(source));
    }
    tera.functions.clear();
    tera.filters.clear();
    tera.testers.clear();
    tera.register_function("range", Range(budget.clone()));
    tera.register_function("throw", Metered::function(&pristine, "throw", &budget)?);
    tera.register_function(TICK_FN, Tick(budget.clone()));
    tera.register_function(MOD_FN, Modulo(budget.clone()));
    for name in KEPT_FILTERS {
        if *name == "abs" {
            tera.register_filter("abs", Abs(budget.clone()));
        } else if let Ok(f) = Metered::filter(&pristine, name, &budget) {
            tera.register_filter(name, f);
        }
    }
    tera.register_filter(METER, Meter(budget.clone()));
    for name in KEPT_TESTERS {
        tera.register_tester(name, Metered::tester(&pristine, name, &budget)?);
    }
    Ok(Sandboxed { tera, budget })
}

impl Sandboxed {
    /// Renders with `context` within the limits for its size.
    pub fn render(&self, context: &tera::Context) -> Result<String, String> {
        let size = measure(&context.clone().into_json()).0;
        let limits = Limits::for_context(size);
        self.budget.reset(limits);
        let mut out = Capped {
            buf: Vec::with_capacity(4096),
            limit: limits.output,
        };
        let rendered = self.tera.render_to(NAME, context, &mut out);
        if let Some(e) = self.budget.error() {
            return Err(e);
        }
        rendered.map_err(|e| {
            if out.buf.len() >= limits.output {
                format!(
                    "the report is over the {}-byte output limit of the template sandbox",
                    limits.output
                )
            } else {
                chain(&e)
            }
        })?;
        String::from_utf8(out.buf).map_err(|_| "the report is not valid UTF-8".to_string())
    }

    /// The engine (for tests that inspect what is registered).
    pub fn tera(&self) -> &Tera {
        &self.tera
    }
}

/// A tera error with its causes (tera puts the useful part in `source()`).
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(s) = cur {
        parts.push(s.to_string());
        cur = s.source();
    }
    parts.join(": ")
}

/// A refusal, with the text to look for to give a line.
struct Refusal {
    message: String,
    needle: String,
}

impl Refusal {
    fn new(message: String, needle: &str) -> Refusal {
        Refusal {
            message,
            needle: needle.to_string(),
        }
    }

    fn with_line(self, source: &str) -> String {
        match source.find(&self.needle) {
            Some(at) if !self.needle.is_empty() => {
                let line = source[..at].matches('\n').count() + 1;
                format!("line {line}: {}", self.message)
            }
            _ => self.message,
        }
    }
}

/// Refuses block-tag or bracket nesting deeper than [`MAX_NESTING`], scanning the text (tera's
/// parser recurses once per level and would overflow the stack first).
fn check_nesting(source: &str) -> Result<(), String> {
    const OPEN: [&str; 6] = ["if", "for", "macro", "block", "filter", "raw"];
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut line = 1usize;
    let mut i = 0;
    let too_deep = |line: usize| {
        Err(format!(
            "line {line}: nested deeper than {MAX_NESTING} levels (the template sandbox's limit)"
        ))
    };
    while i + 1 < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            line += 1;
        }
        if b != b'{' || !matches!(bytes[i + 1], b'%' | b'{') {
            i += 1;
            continue;
        }
        let close: &[u8] = if bytes[i + 1] == b'%' { b"%}" } else { b"}}" };
        let inner_start = i + 2;
        let Some(len) = find(&bytes[inner_start..], close) else {
            break;
        };
        let inner = &source[inner_start..inner_start + len];
        let mut brackets = 0usize;
        for c in inner.bytes() {
            match c {
                b'(' | b'[' => {
                    brackets += 1;
                    if brackets > MAX_NESTING {
                        return too_deep(line);
                    }
                }
                b')' | b']' => brackets = brackets.saturating_sub(1),
                _ => {}
            }
        }
        if close == b"%}" {
            let word = inner
                .trim_start_matches('-')
                .split_whitespace()
                .next()
                .unwrap_or("");
            if OPEN.contains(&word) {
                depth += 1;
                if depth > MAX_NESTING {
                    return too_deep(line);
                }
            } else if word.starts_with("end") {
                depth = depth.saturating_sub(1);
            }
        }
        line += inner.matches('\n').count();
        i = inner_start + len + 2;
    }
    Ok(())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Refuses macro recursion and call chains deeper than [`MAX_MACRO_DEPTH`].
fn check_macros(template: &tera::Template, source: &str) -> Result<(), String> {
    let mut calls: HashMap<&str, BTreeSet<String>> = HashMap::new();
    for (name, m) in &template.macros {
        let mut out = BTreeSet::new();
        for n in &m.body {
            macro_calls_in_node(n, &mut out);
        }
        calls.insert(name.as_str(), out);
    }
    // Depth-first, iteratively, with colours: 0 new, 1 on the path, 2 done (with its depth).
    let mut state: HashMap<&str, (u8, usize)> = HashMap::new();
    let names: Vec<&str> = calls.keys().copied().collect();
    for root in names {
        if state.get(root).is_some_and(|s| s.0 == 2) {
            continue;
        }
        let mut stack: Vec<(&str, Vec<&str>)> = vec![(root, callees(&calls, root))];
        state.insert(root, (1, 0));
        while let Some((name, todo)) = stack.last_mut() {
            let name = *name;
            match todo.pop() {
                Some(next) => match state.get(next).map(|s| s.0) {
                    Some(1) => {
                        return Err(Refusal::new(
                            format!(
                                "macro `{next}` calls itself (through `{name}`): recursion is not allowed in a sandboxed template"
                            ),
                            &format!("macro {next}"),
                        )
                        .with_line(source));
                    }
                    Some(_) => {}
                    None => {
                        state.insert(next, (1, 0));
                        stack.push((next, callees(&calls, next)));
                    }
                },
                None => {
                    let depth = 1 + calls[name]
                        .iter()
                        .filter_map(|c| state.get(c.as_str()).map(|s| s.1))
                        .max()
                        .unwrap_or(0);
                    if depth > MAX_MACRO_DEPTH {
                        return Err(format!(
                            "macro `{name}` starts a chain of more than {MAX_MACRO_DEPTH} macro calls (the template sandbox's limit)"
                        ));
                    }
                    state.insert(name, (2, depth));
                    stack.pop();
                }
            }
        }
    }
    Ok(())
}

fn callees<'a>(calls: &'a HashMap<&str, BTreeSet<String>>, name: &str) -> Vec<&'a str> {
    calls
        .get(name)
        .map(|c| {
            c.iter()
                .filter(|n| calls.contains_key(n.as_str()))
                .map(String::as_str)
                .collect()
        })
        .unwrap_or_default()
}

fn macro_calls_in_node(node: &Node, out: &mut BTreeSet<String>) {
    each_child_expr(node, &mut |e| macro_calls_in_expr(e, out));
    for body in child_bodies(node) {
        for n in body {
            macro_calls_in_node(n, out);
        }
    }
}

fn macro_calls_in_expr(e: &Expr, out: &mut BTreeSet<String>) {
    if let ExprVal::MacroCall(m) = &e.val {
        out.insert(m.name.clone());
    }
    each_sub_expr(e, &mut |s| macro_calls_in_expr(s, out));
}

/// The bodies directly inside a node.
fn child_bodies(node: &Node) -> Vec<&Vec<Node>> {
    match node {
        Node::Forloop(_, f, _) => {
            let mut v = vec![&f.body];
            if let Some(e) = &f.empty_body {
                v.push(e);
            }
            v
        }
        Node::If(i, _) => {
            let mut v: Vec<&Vec<Node>> = i.conditions.iter().map(|(_, _, b)| b).collect();
            if let Some((_, b)) = &i.otherwise {
                v.push(b);
            }
            v
        }
        Node::Block(_, b, _) => vec![&b.body],
        Node::FilterSection(_, f, _) => vec![&f.body],
        Node::MacroDefinition(_, m, _) => vec![&m.body],
        _ => Vec::new(),
    }
}

/// Calls `f` on the expressions a node holds itself (not those of its bodies).
fn each_child_expr(node: &Node, f: &mut dyn FnMut(&Expr)) {
    let mut all: Vec<&Expr> = Vec::new();
    match node {
        Node::VariableBlock(_, e) => all.push(e),
        Node::Set(_, s) => all.push(&s.value),
        Node::Forloop(_, l, _) => all.push(&l.container),
        Node::If(i, _) => all.extend(i.conditions.iter().map(|(_, e, _)| e)),
        Node::FilterSection(_, s, _) => all.extend(s.filter.args.values()),
        Node::MacroDefinition(_, m, _) => all.extend(m.args.values().flatten()),
        _ => {}
    }
    for e in all {
        f(e);
    }
}

/// Calls `f` on the expressions directly inside `e`.
fn each_sub_expr(e: &Expr, f: &mut dyn FnMut(&Expr)) {
    let mut all: Vec<&Expr> = Vec::new();
    for filter in &e.filters {
        all.extend(filter.args.values());
    }
    match &e.val {
        ExprVal::Math(m) => all.extend([&*m.lhs, &*m.rhs]),
        ExprVal::Logic(l) => all.extend([&*l.lhs, &*l.rhs]),
        ExprVal::Test(t) => all.extend(&t.args),
        ExprVal::MacroCall(m) => all.extend(m.args.values()),
        ExprVal::FunctionCall(c) => all.extend(c.args.values()),
        ExprVal::Array(items) => all.extend(items),
        ExprVal::In(i) => all.extend([&*i.lhs, &*i.rhs]),
        ExprVal::StringConcat(c) => {
            for v in &c.values {
                if let ExprVal::FunctionCall(call) = v {
                    all.extend(call.args.values());
                }
            }
        }
        _ => {}
    }
    for x in all {
        f(x);
    }
}

/// Checks one node and rewrites it for metering (see the module docs); refusals are pushed to
/// `errors`.
fn instrument(node: &mut Node, errors: &mut Vec<Refusal>) {
    match node {
        Node::Extends(_, name) => errors.push(Refusal::new(
            format!("`extends \"{name}\"`: a sandboxed template cannot load another template"),
            "extends",
        )),
        Node::Include(_, names, _) => errors.push(Refusal::new(
            format!(
                "`include {}`: a sandboxed template cannot load another template (or itself)",
                names.join(", ")
            ),
            "include",
        )),
        Node::ImportMacro(_, file, _) => errors.push(Refusal::new(
            format!("`import \"{file}\"`: a sandboxed template cannot load another template"),
            "import",
        )),
        Node::VariableBlock(_, e) => {
            instrument_expr(e, errors);
            meter(e);
        }
        Node::Set(_, s) => {
            instrument_expr(&mut s.value, errors);
            meter(&mut s.value);
        }
        Node::Forloop(_, l, _) => {
            instrument_expr(&mut l.container, errors);
            let cost = text_bytes(&l.body);
            for n in l.body.iter_mut() {
                instrument(n, errors);
            }
            l.body.insert(0, tick_node(cost));
            if let Some(b) = &mut l.empty_body {
                for n in b.iter_mut() {
                    instrument(n, errors);
                }
            }
        }
        Node::If(i, _) => {
            for (_, e, body) in i.conditions.iter_mut() {
                instrument_expr(e, errors);
                for n in body.iter_mut() {
                    instrument(n, errors);
                }
            }
            if let Some((_, body)) = &mut i.otherwise {
                for n in body.iter_mut() {
                    instrument(n, errors);
                }
            }
        }
        Node::Block(_, b, _) => {
            for n in b.body.iter_mut() {
                instrument(n, errors);
            }
        }
        Node::FilterSection(_, s, _) => {
            check_filter_name(&s.filter.name, errors);
            for a in s.filter.args.values_mut() {
                instrument_expr(a, errors);
            }
            for n in s.body.iter_mut() {
                instrument(n, errors);
            }
        }
        // Macro bodies are instrumented from `Template::macros`, which is what tera renders.
        Node::MacroDefinition(..)
        | Node::Super
        | Node::Text(_)
        | Node::Raw(..)
        | Node::Break(_)
        | Node::Continue(_)
        | Node::Comment(..) => {}
    }
}

fn instrument_expr(e: &mut Expr, errors: &mut Vec<Refusal>) {
    for f in e.filters.iter_mut() {
        check_filter_name(&f.name, errors);
        for a in f.args.values_mut() {
            instrument_expr(a, errors);
        }
    }
    let mut meter_self = false;
    match &mut e.val {
        ExprVal::Ident(name) if name == "__tera_context" => meter_self = true,
        ExprVal::Math(m) => {
            instrument_expr(&mut m.lhs, errors);
            instrument_expr(&mut m.rhs, errors);
        }
        ExprVal::Logic(l) => {
            instrument_expr(&mut l.lhs, errors);
            instrument_expr(&mut l.rhs, errors);
            if matches!(l.operator, LogicOperator::Eq | LogicOperator::NotEq) {
                meter(&mut l.lhs);
                meter(&mut l.rhs);
            }
        }
        ExprVal::Test(t) => {
            if !KEPT_TESTERS.contains(&t.name.as_str()) {
                errors.push(Refusal::new(
                    format!(
                        "tester `{}` is not available in a sandboxed template",
                        t.name
                    ),
                    &t.name,
                ));
            }
            for a in t.args.iter_mut() {
                instrument_expr(a, errors);
            }
        }
        ExprVal::MacroCall(m) => {
            for a in m.args.values_mut() {
                instrument_expr(a, errors);
                meter(a);
            }
        }
        ExprVal::FunctionCall(c) => instrument_call(c, errors),
        ExprVal::Array(items) => {
            for a in items.iter_mut() {
                instrument_expr(a, errors);
            }
            meter_self = true;
        }
        ExprVal::In(i) => {
            instrument_expr(&mut i.lhs, errors);
            instrument_expr(&mut i.rhs, errors);
            meter(&mut i.rhs);
        }
        ExprVal::StringConcat(c) => {
            for v in c.values.iter_mut() {
                if let ExprVal::FunctionCall(call) = v {
                    instrument_call(call, errors);
                }
            }
            meter_self = true;
        }
        ExprVal::String(_)
        | ExprVal::Int(_)
        | ExprVal::Float(_)
        | ExprVal::Bool(_)
        | ExprVal::Ident(_) => {}
    }
    if let ExprVal::Math(m) = &mut e.val {
        if m.operator == MathOperator::Modulo {
            let lhs = std::mem::replace(&mut *m.lhs, Expr::new(ExprVal::Int(0)));
            let rhs = std::mem::replace(&mut *m.rhs, Expr::new(ExprVal::Int(0)));
            let mut args = HashMap::new();
            args.insert("a".to_string(), lhs);
            args.insert("b".to_string(), rhs);
            e.val = ExprVal::FunctionCall(FunctionCall {
                name: MOD_FN.into(),
                args,
            });
        }
    }
    if meter_self {
        meter(e);
    }
}

fn instrument_call(c: &mut FunctionCall, errors: &mut Vec<Refusal>) {
    if let Some((_, why)) = REMOVED_FUNCTIONS.iter().find(|(n, _)| *n == c.name) {
        errors.push(Refusal::new(
            format!(
                "function `{}` is not available in a sandboxed template: {why}",
                c.name
            ),
            &c.name,
        ));
    } else if !KEPT_FUNCTIONS.contains(&c.name.as_str()) && c.name != MOD_FN {
        errors.push(Refusal::new(
            format!(
                "function `{}` is not available in a sandboxed template",
                c.name
            ),
            &c.name,
        ));
    }
    for a in c.args.values_mut() {
        instrument_expr(a, errors);
    }
}

fn check_filter_name(name: &str, errors: &mut Vec<Refusal>) {
    if name == "default" || name == "safe" || KEPT_FILTERS.contains(&name) {
        return;
    }
    let why = REMOVED_FILTERS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, w)| format!(": {w}"))
        .unwrap_or_default();
    errors.push(Refusal::new(
        format!("filter `{name}` is not available in a sandboxed template{why}"),
        name,
    ));
}

/// Appends the metering filter to `e`.
fn meter(e: &mut Expr) {
    e.filters.push(FunctionCall {
        name: METER.into(),
        args: HashMap::new(),
    });
}

/// `{{ __skillgate_tick(n=COST) }}`: renders nothing, costs [`TICK`] + `text`.
fn tick_node(text: usize) -> Node {
    let mut args = HashMap::new();
    args.insert(
        "n".to_string(),
        Expr::new(ExprVal::Int(i64::try_from(text).unwrap_or(i64::MAX))),
    );
    Node::VariableBlock(
        Default::default(),
        Expr::new(ExprVal::FunctionCall(FunctionCall {
            name: TICK_FN.into(),
            args,
        })),
    )
}

/// Bytes of literal text a body writes itself (nested loops and macros pay their own).
fn text_bytes(body: &[Node]) -> usize {
    let mut n = 0;
    for node in body {
        match node {
            Node::Text(t) | Node::Raw(_, t, _) => n += t.len(),
            Node::Forloop(..) | Node::MacroDefinition(..) => {}
            other => {
                for b in child_bodies(other) {
                    n += text_bytes(b);
                }
            }
        }
    }
    n
}

/// The shared budget of one render. Once spent it stays spent, so an error tera swallows (in an
/// `if` condition) cannot let the render go on.
struct Budget {
    remaining: AtomicI64,
    spent: AtomicBool,
    limit: AtomicI64,
}

impl Budget {
    fn new(l: Limits) -> Budget {
        Budget {
            remaining: AtomicI64::new(l.work),
            spent: AtomicBool::new(false),
            limit: AtomicI64::new(l.work),
        }
    }

    fn reset(&self, l: Limits) {
        self.remaining.store(l.work, Ordering::SeqCst);
        self.limit.store(l.work, Ordering::SeqCst);
        self.spent.store(false, Ordering::SeqCst);
    }

    fn charge(&self, units: usize) -> tera::Result<()> {
        let units = i64::try_from(units).unwrap_or(i64::MAX);
        let left = self.remaining.fetch_sub(units, Ordering::SeqCst);
        if self.spent.load(Ordering::SeqCst) || left < units {
            self.spent.store(true, Ordering::SeqCst);
            self.remaining.store(-1, Ordering::SeqCst);
            return Err(tera::Error::msg(self.message()));
        }
        Ok(())
    }

    fn message(&self) -> String {
        format!(
            "the template went over the sandbox's work budget ({} units: loops, macro calls and the values it builds)",
            self.limit.load(Ordering::SeqCst)
        )
    }

    fn error(&self) -> Option<String> {
        self.spent.load(Ordering::SeqCst).then(|| self.message())
    }
}

/// Size (bytes of text plus [`VALUE_COST`] per value) and nesting depth of a value, without
/// recursion.
pub fn measure(v: &Value) -> (usize, usize) {
    let mut size = 0usize;
    let mut depth = 0usize;
    let mut todo: Vec<(&Value, usize)> = vec![(v, 1)];
    while let Some((x, d)) = todo.pop() {
        depth = depth.max(d);
        size = size.saturating_add(VALUE_COST);
        match x {
            Value::String(s) => size = size.saturating_add(s.len()),
            Value::Array(items) => todo.extend(items.iter().map(|i| (i, d + 1))),
            Value::Object(map) => {
                for (k, i) in map {
                    size = size.saturating_add(k.len());
                    todo.push((i, d + 1));
                }
            }
            _ => {}
        }
    }
    (size, depth)
}

/// Charges for a value that was created, refusing it when it nests too deep.
fn charge_value(budget: &Budget, v: &Value) -> tera::Result<()> {
    let (size, depth) = measure(v);
    if depth > MAX_VALUE_DEPTH {
        return Err(tera::Error::msg(format!(
            "a value nests deeper than {MAX_VALUE_DEPTH} levels (the template sandbox's limit)"
        )));
    }
    budget.charge(size)
}

/// The metering filter: charges the value's size and passes it on.
struct Meter(Arc<Budget>);

impl Filter for Meter {
    fn filter(&self, value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
        charge_value(&self.0, value)?;
        Ok(value.clone())
    }
}

/// The tick function: charges a loop iteration or macro call.
struct Tick(Arc<Budget>);

impl Function for Tick {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let text = args
            .get("n")
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(0);
        self.0.charge((TICK as usize).saturating_add(text))?;
        Ok(Value::String(String::new()))
    }
}

/// `range(end, start=0, step_by=1)`, as tera's, but refusing more than [`MAX_RANGE`] numbers
/// and a zero step (tera's loops forever on one).
struct Range(Arc<Budget>);

impl Function for Range {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let arg = |name: &str, default: Option<u64>| -> tera::Result<u64> {
            match args.get(name) {
                Some(v) => v.as_u64().ok_or_else(|| {
                    tera::Error::msg(format!(
                        "Function `range` received {name}={v} but `{name}` can only be a number"
                    ))
                }),
                None => default.ok_or_else(|| {
                    tera::Error::msg("Function `range` was called without a `end` argument")
                }),
            }
        };
        let start = arg("start", Some(0))?;
        let end = arg("end", None)?;
        let step = arg("step_by", Some(1))?;
        if start > end {
            return Err(tera::Error::msg(
                "Function `range` was called with a `start` argument greater than the `end` one",
            ));
        }
        if step == 0 {
            return Err(tera::Error::msg(
                "Function `range` needs a `step_by` above 0",
            ));
        }
        let count = (end - start).div_ceil(step);
        if count > MAX_RANGE as u64 {
            return Err(tera::Error::msg(format!(
                "`range` would yield {count} numbers, over the template sandbox's limit of {MAX_RANGE}"
            )));
        }
        self.0.charge((count as usize).saturating_mul(VALUE_COST))?;
        let mut out = Vec::with_capacity(count as usize);
        let mut i = start;
        while i < end {
            out.push(Value::from(i));
            i = i.saturating_add(step);
        }
        Ok(Value::Array(out))
    }
}

/// `a % b` without overflow or division by zero (`%` is rewritten to this).
struct Modulo(Arc<Budget>);

impl Function for Modulo {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        self.0.charge(TICK as usize)?;
        let (Some(a), Some(b)) = (args.get("a"), args.get("b")) else {
            return Err(tera::Error::msg("`%` needs two numbers"));
        };
        if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
            return x.checked_rem(y).map(Value::from).ok_or_else(|| {
                tera::Error::msg(format!("`{a} % {b}` divides by zero or overflows"))
            });
        }
        if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
            return x
                .checked_rem(y)
                .map(Value::from)
                .ok_or_else(|| tera::Error::msg(format!("`{a} % {b}` divides by zero")));
        }
        match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => Ok(tera::Number::from_f64(x % y)
                .map_or_else(|| Value::String("NaN".into()), Value::Number)),
            _ => Err(tera::Error::msg(format!(
                "`%` needs two numbers, got {a} and {b}"
            ))),
        }
    }
}

/// `abs`, as tera's, without overflowing on the smallest integer.
struct Abs(Arc<Budget>);

impl Filter for Abs {
    fn filter(&self, value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
        self.0.charge(TICK as usize)?;
        if value.as_u64().is_some() {
            Ok(value.clone())
        } else if let Some(n) = value.as_i64() {
            n.checked_abs()
                .map(Value::from)
                .ok_or_else(|| tera::Error::msg("Filter `abs` overflowed"))
        } else if let Some(n) = value.as_f64() {
            Ok(tera::Number::from_f64(n.abs()).map_or(Value::Null, Value::Number))
        } else {
            Err(tera::Error::msg(
                "Filter `abs` was used on a value that isn't a number.",
            ))
        }
    }
}

/// A kept function, filter or tester of a pristine engine, charged for what it takes and
/// makes.
struct Metered {
    name: &'static str,
    source: Arc<Tera>,
    budget: Arc<Budget>,
}

impl Metered {
    fn function(
        pristine: &Arc<Tera>,
        name: &'static str,
        budget: &Arc<Budget>,
    ) -> Result<Self, String> {
        pristine
            .functions
            .get(name)
            .ok_or_else(|| format!("tera has no function `{name}`"))?;
        Ok(Self::new(pristine, name, budget))
    }

    fn filter(
        pristine: &Arc<Tera>,
        name: &'static str,
        budget: &Arc<Budget>,
    ) -> Result<Self, String> {
        pristine
            .filters
            .get(name)
            .ok_or_else(|| format!("tera has no filter `{name}`"))?;
        Ok(Self::new(pristine, name, budget))
    }

    fn tester(
        pristine: &Arc<Tera>,
        name: &'static str,
        budget: &Arc<Budget>,
    ) -> Result<Self, String> {
        pristine
            .testers
            .get(name)
            .ok_or_else(|| format!("tera has no tester `{name}`"))?;
        Ok(Self::new(pristine, name, budget))
    }

    fn new(pristine: &Arc<Tera>, name: &'static str, budget: &Arc<Budget>) -> Self {
        // NOTE: the kept functions come from a pristine engine of the sandbox's own; only its
        // tables are used.
        Metered {
            name,
            source: pristine.clone(),
            budget: budget.clone(),
        }
    }
}

impl Function for Metered {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        for a in args.values() {
            charge_value(&self.budget, a)?;
        }
        let f = self
            .source
            .functions
            .get(self.name)
            .ok_or_else(|| tera::Error::msg(format!("no function `{}`", self.name)))?;
        let out = f.call(args)?;
        charge_value(&self.budget, &out)?;
        Ok(out)
    }
}

impl Filter for Metered {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
        self.budget.charge(TICK as usize)?;
        let mut arg_size = 0usize;
        for a in args.values() {
            let (s, d) = measure(a);
            if d > MAX_VALUE_DEPTH {
                return Err(tera::Error::msg("a filter argument nests too deep"));
            }
            arg_size = arg_size.saturating_add(s);
        }
        // Charge the most the filter can make before it runs, so nothing huge is allocated; a
        // filter that only looks at its input (`length`, `first`, …) pays for what it returns.
        let cheap = CHEAP_FILTERS.contains(&self.name);
        let before = if cheap {
            value.as_str().map_or(0, str::len)
        } else {
            estimate(self.name, value, args)
        };
        self.budget.charge(before.saturating_add(arg_size))?;
        let f = self
            .source
            .filters
            .get(self.name)
            .ok_or_else(|| tera::Error::msg(format!("no filter `{}`", self.name)))?;
        let out = f.filter(value, args)?;
        let (size, depth) = measure(&out);
        if cheap {
            self.budget.charge(size)?;
        }
        if depth > MAX_VALUE_DEPTH {
            return Err(tera::Error::msg(format!(
                "a value nests deeper than {MAX_VALUE_DEPTH} levels (the template sandbox's limit)"
            )));
        }
        Ok(out)
    }
}

impl Test for Metered {
    fn test(&self, value: Option<&Value>, args: &[Value]) -> tera::Result<bool> {
        // NOTE: tera clones the tested value for every test, so the test costs its size.
        let mut cost = TICK as usize;
        if let Some(v) = value {
            cost = cost.saturating_add(measure(v).0);
        }
        for a in args {
            cost = cost.saturating_add(measure(a).0);
        }
        if self.name == "matching" {
            // A regex is compiled per call.
            cost = cost.saturating_add(args.iter().map(|a| measure(a).0).sum::<usize>() * 64);
        }
        self.budget.charge(cost)?;
        let t = self
            .source
            .testers
            .get(self.name)
            .ok_or_else(|| tera::Error::msg(format!("no tester `{}`", self.name)))?;
        t.test(value, args)
    }
}

/// Filters that return a number or one element of their input without walking all of it: they
/// are charged for their result, after it is made, so `{{ items | length }}` in a loop stays
/// cheap.
const CHEAP_FILTERS: &[&str] = &[
    "length",
    "wordcount",
    "int",
    "float",
    "round",
    "first",
    "last",
    "nth",
    "get",
    "pluralize",
];

/// The most a kept filter can make from `value` and `args`, in [`measure`] units.
fn estimate(name: &str, value: &Value, args: &HashMap<String, Value>) -> usize {
    let (size, depth) = measure(value);
    let str_arg = |k: &str, default: usize| {
        args.get(k)
            .map_or(default, |v| v.as_str().map_or(measure(v).0, str::len))
    };
    let text_len = value.as_str().map_or(size, str::len);
    match name {
        "replace" => {
            let from = str_arg("from", 1).max(1);
            let to = str_arg("to", 0);
            let hits = if args.get("from").and_then(Value::as_str) == Some("") {
                text_len + 1
            } else {
                text_len / from + 1
            };
            size.saturating_add(hits.saturating_mul(to))
        }
        "indent" => {
            let lines = value
                .as_str()
                .map_or(1, |s| s.bytes().filter(|b| *b == b'\n').count() + 1);
            size.saturating_add(lines.saturating_mul(str_arg("prefix", 4)))
        }
        "join" => {
            let n = value.as_array().map_or(1, Vec::len);
            size.saturating_add(n.saturating_mul(str_arg("sep", 0)))
        }
        "truncate" => size.saturating_add(str_arg("end", 3)),
        "split" => size.saturating_add((text_len + 2).saturating_mul(VALUE_COST)),
        "concat" => size.saturating_add(args.get("with").map_or(0, |v| measure(v).0)),
        "json_encode" | "as_str" => size.saturating_mul(2 * depth + 2),
        // Case mapping can triple a character; escapes grow one into six.
        "upper" | "lower" | "title" | "capitalize" => size.saturating_mul(3),
        "escape" | "escape_xml" | "linebreaksbr" | "urlencode" | "urlencode_strict" => {
            size.saturating_mul(6)
        }
        "addslashes" => size.saturating_mul(2),
        "group_by" | "filter" | "map" | "sort" | "unique" | "reverse" | "slice" => {
            size.saturating_mul(2)
        }
        _ => size.saturating_add(VALUE_COST),
    }
}

/// A writer that stops at `limit` bytes.
struct Capped {
    buf: Vec<u8>,
    limit: usize,
}

impl io::Write for Capped {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.buf.len().saturating_add(data.len()) > self.limit {
            let room = self.limit.saturating_sub(self.buf.len());
            self.buf.extend_from_slice(&data[..room]);
            return Err(io::Error::other("output limit reached"));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
