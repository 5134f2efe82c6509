//! Test support for format readers: read a document with the reference skill's gate file and
//! list what the reader wrote (stages, references, fields, notes), with 1-based lines.

use std::path::Path;
use std::sync::Arc;

use crate::gates::GateFile;
use crate::gates::evidence::{Evidence, ReadOptions};
use crate::source::SourceFile;

/// What a reader wrote, flattened for assertions.
#[derive(Debug, Default)]
pub(super) struct Read {
    /// The format of the first document a reader recognised.
    pub format: Option<String>,
    /// (stage kind, stage name) of every stage.
    pub stages: Vec<(String, String)>,
    /// Reader references: (role, line, text, stage kind, class).
    pub refs: Vec<(String, usize, String, String, String)>,
    /// Reader fields that are not references: (key, line, text).
    pub fields: Vec<(String, usize, String)>,
    /// Notes: (line, message).
    pub notes: Vec<(usize, String)>,
}

impl Read {
    /// (role, line, text) of every reference.
    pub(super) fn references(&self) -> Vec<(String, usize, String)> {
        self.refs
            .iter()
            .map(|(r, l, t, _, _)| (r.clone(), *l, t.clone()))
            .collect()
    }
}

/// The reference skill's gate file.
pub(super) fn gates() -> GateFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("skills/ai-security/model-supply-chain/gates.yaml");
    match crate::gates::load::load(&path, 1 << 20) {
        Ok(g) => g,
        Err(e) => panic!("gate file: {e:?}"),
    }
}

/// Reads `text` as one record file checked alone.
pub(super) fn read_alone(text: &str) -> Read {
    let gf = gates();
    let file = Arc::new(SourceFile::new("record.yaml".into(), text.to_string()));
    let ev = match Evidence::parse(file, &gf.vocab) {
        Ok(ev) => ev,
        Err(e) => panic!("parse: {e}"),
    };
    flatten(&ev)
}

/// Reads `text` as the file `named.yaml` that a record's deploy stage names
/// (`deploy: {manifest: named.yaml}`), in a temporary repository.
pub(super) fn read_named(text: &str) -> Read {
    let gf = gates();
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("tempdir: {e}"),
    };
    let root = dir.path();
    let write = |p: &str, t: &str| {
        if let Err(e) = std::fs::write(root.join(p), t) {
            panic!("write {p}: {e}");
        }
    };
    if let Err(e) = std::fs::create_dir_all(root.join(".git")) {
        panic!("mkdir: {e}");
    }
    write("record.yaml", "deploy:\n  manifest: named.yaml\n");
    write("named.yaml", text);
    let opts = ReadOptions {
        root: Some(root.to_path_buf()),
        max: 1 << 20,
    };
    let ev = match Evidence::load_release(&[root.join("record.yaml")], &gf.vocab, &opts) {
        Ok(ev) => ev,
        Err(e) => panic!("load: {e}"),
    };
    flatten(&ev)
}

fn flatten(ev: &Evidence) -> Read {
    let mut out = Read {
        format: ev.formats.first().map(|f| f.2.to_string()),
        ..Read::default()
    };
    for s in &ev.stages {
        out.stages.push((s.kind.clone(), s.name.clone()));
        for f in s.fields.iter().filter(|f| f.reader.is_some()) {
            let line = ev.file_of(f.file).line_col(f.span.start).0;
            if f.reference {
                out.refs.push((
                    f.role.clone(),
                    line,
                    f.text.clone(),
                    s.kind.clone(),
                    f.class.class.to_string(),
                ));
            } else {
                out.fields.push((f.key.clone(), line, f.text.clone()));
            }
        }
    }
    for (file, span, msg) in &ev.notes {
        out.notes
            .push((ev.file_of(*file).line_col(span.start).0, msg.clone()));
    }
    out
}
