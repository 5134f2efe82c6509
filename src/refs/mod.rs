//! Artifact reference classifier: does a reference pin exact content, or can it move?
