//! Printing a cycle: the JSON contract of DESIGN.md, and a table for people.

use crate::model::{CycleReport, Severity, TargetKind};
use std::fmt::Write;

/// The cycle as the stable JSON document.
pub fn to_json(report: &CycleReport) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// The cycle as a table: one line per target, its findings indented below it.
pub fn to_table(report: &CycleReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "linkwatch check at {} — overall {}",
        report.checked_at.format("%Y-%m-%d %H:%M:%S UTC"),
        label(report.status)
    );
    let _ = writeln!(out, "{:<9} {:<8} {:<40} TENANT", "STATUS", "KIND", "TARGET");
    for t in &report.targets {
        let kind = match t.kind {
            TargetKind::App => "app",
            TargetKind::Mailbox => "mailbox",
        };
        let _ = writeln!(
            out,
            "{:<9} {:<8} {:<40} {}",
            label(t.status),
            kind,
            truncate(&t.name, 40),
            t.tenant_id
        );
        for f in &t.findings {
            let aadsts = f
                .aadsts
                .map(|c| format!(" [AADSTS{c}]"))
                .unwrap_or_default();
            let cause = f
                .caused_by
                .as_deref()
                .map(|c| format!(" (caused by {c})"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "          - {} {}{}: {}{}",
                f.severity, f.code, aadsts, f.message, cause
            );
        }
    }
    let count = |s: Severity| report.targets.iter().filter(|t| t.status == s).count();
    let _ = writeln!(
        out,
        "{} targets: {} ok, {} warning, {} critical, {} unknown",
        report.targets.len(),
        count(Severity::Ok),
        count(Severity::Warning),
        count(Severity::Critical),
        count(Severity::Unknown)
    );
    out
}

fn label(s: Severity) -> String {
    s.as_str().to_uppercase()
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}
