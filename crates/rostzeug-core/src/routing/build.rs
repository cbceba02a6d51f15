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
    pub domain: Vec<BuildOp>,
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
