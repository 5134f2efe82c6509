//! skillgate: lint AI review skills, run their gates against fixtures and release records,
//! and report the results for people (terminal, Markdown) and machines (SARIF, JSON).

pub mod baseline;
pub mod cli;
pub mod commands;
pub mod config;
pub mod descriptor;
pub mod diag;
pub mod docs;
pub mod finding;
pub mod fix;
pub mod fixtures;
pub mod gates;
pub mod refs;
pub mod report;
pub mod rules;
pub mod skill;
pub mod source;
pub mod suppress;
pub mod walk;
pub mod yaml;

pub use docs::rules_markdown;
