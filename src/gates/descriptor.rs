//! A gate's [`Descriptor`]: what `skillgate rules`, `skillgate explain`, `docs/rules.md` and
//! SARIF show about it.

use super::{Gate, GateFile};
use crate::descriptor::{Descriptor, Kind};

impl Gate {
    /// The descriptor of this gate, declared by the skill named `skill` (its folder name).
    pub fn descriptor(&self, skill: Option<String>) -> Descriptor {
        Descriptor {
            id: self.id.clone(),
            kind: Kind::Gate,
            severity: self.severity,
            summary: self.title.clone(),
            docs: self.help.clone(),
            precision: "high".to_string(),
            tags: Vec::new(),
            skill,
            category: self.category.clone(),
            checklist: self.checklist.clone(),
            output_field: self.output_field.clone(),
        }
    }
}

impl GateFile {
    /// The skill folder's name, if it has one.
    pub fn skill_folder_name(&self) -> Option<String> {
        self.skill_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
    }

    /// Every gate's descriptor, in file order.
    pub fn descriptors(&self) -> Vec<Descriptor> {
        let skill = self.skill_folder_name();
        self.gates
            .iter()
            .map(|g| g.descriptor(skill.clone()))
            .collect()
    }
}
