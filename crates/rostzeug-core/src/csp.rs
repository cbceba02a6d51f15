//! `Content-Security-Policy` values: `;`-separated `directive value` pairs.

use crate::header::trim_space_tab;

/// Parses a policy into `(directive, value)` pairs in header order, as
/// Werkzeug's `parse_csp_header`: each `;`-separated policy is stripped of
/// spaces and tabs and split at its first space; policies without a space
/// are skipped.
pub fn parse_csp(value: &str) -> Vec<(&str, &str)> {
    value
        .split(';')
        .filter_map(|policy| {
            let (directive, value) = trim_space_tab(policy).split_once(' ')?;
            Some((trim_space_tab(directive), trim_space_tab(value)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_in_order() {
        assert_eq!(
            parse_csp("default-src 'self'; script-src 'unsafe-inline' *; img-src"),
            vec![
                ("default-src", "'self'"),
                ("script-src", "'unsafe-inline' *")
            ]
        );
    }

    #[test]
    fn spaces_and_tabs() {
        assert_eq!(
            parse_csp(" \ta\t  b c \t;;  ; x\ty;d  ;e \t f"),
            vec![("a", "b c"), ("e", "f")]
        );
        assert!(parse_csp("").is_empty());
    }
}
