//! Random fnmatch patterns and paths for the reloader's change filter: no
//! panic, and every path matches the pattern that spells it out literally.

use rostzeug_core::reloader::{fnmatch, ChangeFilter};

/// A pattern that matches exactly `name`: the wildcard characters in brackets.
fn literal(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '*' | '?' | '[' => format!("[{c}]"),
            _ => c.to_string(),
        })
        .collect()
}

/// Checks one input (a pattern, a newline, a path); panics on a finding.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (pattern, name) = text.split_once('\n').unwrap_or((text, ""));
    let _ = fnmatch(pattern, name);
    assert!(fnmatch(&literal(name), name));
    assert!(fnmatch("*", name));
    let filter = ChangeFilter::new(vec![pattern.to_owned()], vec!["*".to_owned()]);
    assert!(!filter.matches(name));
}
