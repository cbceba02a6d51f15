//! URL building: quoting static text and templates of literal text and
//! converter values.

use std::borrow::Cow;

use super::rule::Token;

/// Whether `quote_segment` leaves `byte` as it is: letters, digits, `_.-~`
/// (always safe for `urllib.parse.quote`) and `!$&'()*+,/:;=@` (the
/// characters allowed in a URL path segment).
fn is_safe(byte: u8) -> bool {
    byte.is_ascii_alphanumeric()
        || matches!(
            byte,
            b'_' | b'.'
                | b'-'
                | b'~'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b'/'
                | b':'
                | b';'
                | b'='
                | b'@'
        )
}

/// Python's `urllib.parse.quote(s, safe="!$&'()*+,/:;=@")`: every UTF-8
/// byte outside the safe set as `%XX` with upper-case hex digits.
pub fn quote_segment(s: &str) -> Cow<'_, str> {
    if s.bytes().all(is_safe) {
        return Cow::Borrowed(s);
    }
    fn hex(nibble: u8) -> char {
        char::from(if nibble < 10 {
            b'0' + nibble
        } else {
            b'A' + nibble - 10
        })
    }
    let mut quoted = String::with_capacity(s.len() + 16);
    for byte in s.bytes() {
        if is_safe(byte) {
            quoted.push(char::from(byte));
        } else {
            quoted.push('%');
            quoted.push(hex(byte >> 4));
            quoted.push(hex(byte & 0x0F));
        }
    }
    Cow::Owned(quoted)
}

/// One step of a build template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildOp {
    /// Text to copy, already quoted.
    Literal(String),
    /// The converted value of the converter with this index.
    Variable(usize),
}

/// How to build a rule's domain and path from its values.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BuildTemplate {
    /// The subdomain (or host), empty without a domain rule.
    pub domain: Vec<BuildOp>,
    /// The path.
    pub path: Vec<BuildOp>,
}

fn ops(tokens: &[Token<'_>], next_variable: &mut usize) -> Vec<BuildOp> {
    let mut ops: Vec<BuildOp> = Vec::new();
    for token in tokens {
        let text = match token {
            Token::Slash => Cow::Borrowed("/"),
            Token::Static(text) => quote_segment(text),
            Token::Variable { .. } => {
                ops.push(BuildOp::Variable(*next_variable));
                *next_variable += 1;
                continue;
            }
        };
        if let Some(BuildOp::Literal(last)) = ops.last_mut() {
            last.push_str(&text);
        } else {
            ops.push(BuildOp::Literal(text.into_owned()));
        }
    }
    ops
}

impl BuildTemplate {
    /// The template of a rule: its domain tokens (empty without a domain
    /// rule) and path tokens. Variables are numbered as the converters,
    /// domain first.
    pub fn new(domain: &[Token<'_>], path: &[Token<'_>]) -> Self {
        let mut next_variable = 0;
        let domain = ops(domain, &mut next_variable);
        let path = ops(path, &mut next_variable);
        BuildTemplate { domain, path }
    }
}

#[cfg(test)]
mod tests {
    use super::super::rule::tokenize;
    use super::*;

    #[test]
    fn quote_segment_as_urllib() {
        // Expected values from Python 3.11:
        // urllib.parse.quote(s, safe="!$&'()*+,/:;=@")
        let cases = [
            ("abc", "abc"),
            ("a b/c", "a%20b/c"),
            ("é", "%C3%A9"),
            ("%", "%25"),
            ("!$&'()*+,/:;=@", "!$&'()*+,/:;=@"),
            ("_.-~", "_.-~"),
            ("\"<>#?[]{}|\\^`", "%22%3C%3E%23%3F%5B%5D%7B%7D%7C%5C%5E%60"),
            ("\u{0}\u{7f}", "%00%7F"),
            ("😀", "%F0%9F%98%80"),
            ("ü/ä", "%C3%BC/%C3%A4"),
        ];
        for (plain, quoted) in cases {
            assert_eq!(quote_segment(plain), quoted, "{plain:?}");
        }
        assert!(matches!(quote_segment("plain/path"), Cow::Borrowed(_)));
    }

    #[test]
    fn templates_fold_literals_and_number_variables() {
        let domain = tokenize("<user>.example").unwrap();
        let path = tokenize("/a b/<int:id>/x/<path:rest>.é").unwrap();
        let template = BuildTemplate::new(&domain, &path);
        assert_eq!(
            template.domain,
            vec![
                BuildOp::Variable(0),
                BuildOp::Literal(".example".to_owned())
            ]
        );
        assert_eq!(
            template.path,
            vec![
                BuildOp::Literal("/a%20b/".to_owned()),
                BuildOp::Variable(1),
                BuildOp::Literal("/x/".to_owned()),
                BuildOp::Variable(2),
                BuildOp::Literal(".%C3%A9".to_owned()),
            ]
        );
        let empty = BuildTemplate::new(&[], &tokenize("/").unwrap());
        assert!(empty.domain.is_empty());
        assert_eq!(empty.path, vec![BuildOp::Literal("/".to_owned())]);
    }
}
