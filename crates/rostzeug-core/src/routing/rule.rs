//! Werkzeug's rule grammar: rule strings into tokens, tokens into parts.
//!
//! A rule string such as `/page/<int(min=1):id>` is a sequence of slashes,
//! static text and `<converter(arguments):name>` variables ([`tokenize`]).
//! The matcher splits a rule's tokens at the slashes into parts, one per path
//! segment, except that a part turns *final* once it holds a converter that
//! may match slashes: from there on it takes the whole rest of the path.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

use super::converter::ConverterSpec;

/// One piece of a rule string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token<'a> {
    /// A `/`.
    Slash,
    /// Text without `<` or `/`, taken literally.
    Static(&'a str),
    /// `<converter(arguments):name>`; `converter` is "default" when absent.
    Variable {
        converter: &'a str,
        arguments: Option<&'a str>,
        name: &'a str,
    },
}

/// Why a rule could not be turned into parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleError {
    /// The rule string does not follow the rule grammar.
    Malformed,
    /// The rule has a different number of variables than converters given.
    ConverterCount { variables: usize, converters: usize },
}

impl RuleError {
    /// What was wrong, for the exception the caller raises.
    pub fn message(&self) -> String {
        match self {
            RuleError::Malformed => "malformed url rule: a '<' starts no valid \
                 '<converter(arguments):name>' variable"
                .to_owned(),
            RuleError::ConverterCount {
                variables,
                converters,
            } => format!(
                "the rule has {variables} variable(s) but {converters} converter(s) were \
                 given; pass one converter per variable, domain variables first"
            ),
        }
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for RuleError {}

/// End of an ASCII identifier (`[a-zA-Z_][a-zA-Z0-9_]*`) starting at `start`.
fn identifier_end(bytes: &[u8], start: usize) -> Option<usize> {
    let first = *bytes.get(start)?;
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return None;
    }
    let rest = bytes.get(start + 1..).unwrap_or_default();
    let len = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count();
    Some(start + 1 + len)
}

/// End of `name>` starting at `start`, with the end of the name.
fn name_and_close(bytes: &[u8], start: usize) -> Option<(usize, usize)> {
    let end = identifier_end(bytes, start)?;
    (bytes.get(end) == Some(&b'>')).then_some((end, end + 1))
}

/// The variable starting with the `<` at `pos`, and where it ends.
///
/// Reproduces the backtracking of Werkzeug's pattern: with a converter and
/// arguments first (the arguments end at the first `)` after which `:name>`
/// follows, never spanning a newline), then with a converter only, then a
/// bare name.
fn variable(rule: &str, pos: usize) -> Option<(Token<'_>, usize)> {
    let bytes = rule.as_bytes();
    let start = pos + 1;
    if let Some(converter_end) = identifier_end(bytes, start) {
        let converter = rule.get(start..converter_end)?;
        if bytes.get(converter_end) == Some(&b'(') {
            let arguments_start = converter_end + 1;
            let mut at = arguments_start;
            while let Some(offset) = bytes
                .get(at..)
                .and_then(|rest| memchr::memchr2(b')', b'\n', rest))
            {
                let close = at + offset;
                if bytes.get(close) == Some(&b'\n') {
                    break;
                }
                if bytes.get(close + 1) == Some(&b':') {
                    if let Some((name_end, end)) = name_and_close(bytes, close + 2) {
                        let token = Token::Variable {
                            converter,
                            arguments: Some(rule.get(arguments_start..close)?),
                            name: rule.get(close + 2..name_end)?,
                        };
                        return Some((token, end));
                    }
                }
                at = close + 1;
            }
        }
        if bytes.get(converter_end) == Some(&b':') {
            if let Some((name_end, end)) = name_and_close(bytes, converter_end + 1) {
                let token = Token::Variable {
                    converter,
                    arguments: None,
                    name: rule.get(converter_end + 1..name_end)?,
                };
                return Some((token, end));
            }
        }
    }
    let (name_end, end) = name_and_close(bytes, start)?;
    let token = Token::Variable {
        converter: "default",
        arguments: None,
        name: rule.get(start..name_end)?,
    };
    Some((token, end))
}

/// Splits a rule string into tokens as Werkzeug's `_part_re` loop does.
///
/// Fails with [`RuleError::Malformed`] where no token starts, which is at a
/// `<` that does not open a valid variable.
pub fn tokenize(rule: &str) -> Result<Vec<Token<'_>>, RuleError> {
    let bytes = rule.as_bytes();
    let mut tokens = Vec::new();
    let mut pos = 0;
    while let Some(&byte) = bytes.get(pos) {
        match byte {
            b'/' => {
                tokens.push(Token::Slash);
                pos += 1;
            }
            b'<' => {
                let (token, end) = variable(rule, pos).ok_or(RuleError::Malformed)?;
                tokens.push(token);
                pos = end;
            }
            _ => {
                let rest = bytes.get(pos..).unwrap_or_default();
                let end = pos + memchr::memchr2(b'<', b'/', rest).unwrap_or(rest.len());
                tokens.push(Token::Static(
                    rule.get(pos..end).ok_or(RuleError::Malformed)?,
                ));
                pos = end;
            }
        }
    }
    Ok(tokens)
}

/// Replaces every run of two or more slashes with one slash.
pub fn merge_slashes(s: &str) -> Cow<'_, str> {
    if !s.contains("//") {
        return Cow::Borrowed(s);
    }
    let mut merged = String::with_capacity(s.len());
    let mut after_slash = false;
    for c in s.chars() {
        if c == '/' {
            if !after_slash {
                merged.push(c);
            }
            after_slash = true;
        } else {
            merged.push(c);
            after_slash = false;
        }
    }
    Cow::Owned(merged)
}

/// Whether Python's `re.escape` escapes `c`.
fn is_regex_special(c: char) -> bool {
    matches!(
        c,
        '(' | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '?'
            | '*'
            | '+'
            | '-'
            | '|'
            | '^'
            | '$'
            | '\\'
            | '.'
            | '&'
            | '~'
            | '#'
            | ' '
            | '\t'
            | '\n'
            | '\r'
            | '\u{b}'
            | '\u{c}'
    )
}

/// Python's `re.escape`: a backslash before each character that is special
/// in a regular expression.
pub fn re_escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_regex_special) {
        return Cow::Borrowed(s);
    }
    let mut escaped = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_regex_special(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    Cow::Owned(escaped)
}

/// Undoes [`re_escape`]; `None` when `s` is not the escape of any string.
pub(crate) fn re_unescape(s: &str) -> Option<String> {
    let mut plain = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            let escaped = chars.next()?;
            if !is_regex_special(escaped) {
                return None;
            }
            plain.push(escaped);
        } else if is_regex_special(c) {
            return None;
        } else {
            plain.push(c);
        }
    }
    Some(plain)
}

/// Werkzeug's `Weighting` of a part: fewer static pieces and arguments sort
/// later; within equals, longer static text earlier and lighter converters
/// earlier.
#[derive(Debug, Clone, PartialEq)]
pub struct Weighting {
    /// Minus the number of static pieces.
    pub number_static_weights: i64,
    /// `(index, -length in characters)` of each static piece.
    pub static_weights: Vec<(i64, i64)>,
    /// Minus the number of converters.
    pub number_argument_weights: i64,
    /// The weight of each converter.
    pub argument_weights: Vec<f64>,
}

impl Weighting {
    fn empty() -> Self {
        Weighting {
            number_static_weights: 0,
            static_weights: Vec::new(),
            number_argument_weights: 0,
            argument_weights: Vec::new(),
        }
    }

    /// Python's tuple order. Floats compare by value (-0.0 equals 0.0); a
    /// NaN sorts after every number so the order stays total.
    pub fn compare(&self, other: &Self) -> Ordering {
        fn number(a: f64, b: f64) -> Ordering {
            a.partial_cmp(&b)
                .unwrap_or_else(|| a.is_nan().cmp(&b.is_nan()))
        }
        self.number_static_weights
            .cmp(&other.number_static_weights)
            .then_with(|| self.static_weights.cmp(&other.static_weights))
            .then_with(|| {
                self.number_argument_weights
                    .cmp(&other.number_argument_weights)
            })
            .then_with(|| {
                for (a, b) in self.argument_weights.iter().zip(&other.argument_weights) {
                    let order = number(*a, *b);
                    if order != Ordering::Equal {
                        return order;
                    }
                }
                self.argument_weights
                    .len()
                    .cmp(&other.argument_weights.len())
            })
    }
}

/// One piece of a dynamic part, for the native matcher.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece {
    /// Literal text (static text, or `/` inside a final part).
    Literal(String),
    /// The converter with this index among the rule's converters.
    Converter(usize),
}

/// One part of a rule: Werkzeug's `RulePart`, plus the pieces it was made of.
#[derive(Debug, Clone)]
pub(crate) struct RulePart {
    /// The static text, or the regex source of a dynamic part.
    pub content: String,
    pub is_final: bool,
    pub is_static: bool,
    pub suffixed: bool,
    pub weight: Weighting,
    /// Static text and converters in order; the literal `/` a suffixed
    /// part ends with is left out.
    pub pieces: Vec<Piece>,
}

impl RulePart {
    /// Werkzeug's `RulePart.__eq__`.
    pub fn same_as(&self, other: &RulePart) -> bool {
        self.content == other.content
            && self.is_final == other.is_final
            && self.is_static == other.is_static
            && self.suffixed == other.suffixed
            && self.weight == other.weight
    }
}

/// Builds the parts of one rule string (Werkzeug's `_parse_rule`).
///
/// `converters` holds the specs of this rule string's variables in order;
/// `first` is the index of the first of them among all the rule's
/// converters.
pub(crate) fn parse_parts(
    tokens: &[Token<'_>],
    converters: &[ConverterSpec],
    first: usize,
) -> Result<Vec<RulePart>, RuleError> {
    let mut parts = Vec::new();
    let mut content = String::new();
    let mut is_static = true;
    let mut static_weights: Vec<(i64, i64)> = Vec::new();
    let mut argument_weights: Vec<f64> = Vec::new();
    let mut is_final = false;
    let mut group = 0usize;
    let mut pieces: Vec<Piece> = Vec::new();
    let mut converter_index = 0usize;

    fn weighting(static_weights: &[(i64, i64)], argument_weights: &[f64]) -> Weighting {
        Weighting {
            number_static_weights: -(static_weights.len() as i64),
            static_weights: static_weights.to_vec(),
            number_argument_weights: -(argument_weights.len() as i64),
            argument_weights: argument_weights.to_vec(),
        }
    }

    for token in tokens {
        match *token {
            Token::Static(text) => {
                let length = text.chars().count() as i64;
                static_weights.push((static_weights.len() as i64, -length));
                if is_static {
                    content.push_str(text);
                } else {
                    content.push_str(&re_escape(text));
                }
                pieces.push(Piece::Literal(text.to_owned()));
            }
            Token::Variable { .. } => {
                let spec = converters
                    .get(converter_index)
                    .ok_or(RuleError::ConverterCount {
                        variables: converter_index + 1,
                        converters: converters.len(),
                    })?;
                if is_static {
                    content = re_escape(&content).into_owned();
                }
                is_static = false;
                if !spec.part_isolating {
                    is_final = true;
                }
                content.push_str("(?P<__werkzeug_");
                content.push_str(&group.to_string());
                content.push('>');
                content.push_str(&spec.regex);
                content.push(')');
                group += 1;
                argument_weights.push(spec.weight);
                pieces.push(Piece::Converter(first + converter_index));
                converter_index += 1;
            }
            Token::Slash => {
                if is_final {
                    content.push('/');
                    pieces.push(Piece::Literal("/".to_owned()));
                } else {
                    if !is_static {
                        content.push_str("\\Z");
                    }
                    parts.push(RulePart {
                        content: std::mem::take(&mut content),
                        is_final,
                        is_static,
                        suffixed: false,
                        weight: weighting(&static_weights, &argument_weights),
                        pieces: std::mem::take(&mut pieces),
                    });
                    is_static = true;
                    static_weights.clear();
                    argument_weights.clear();
                    group = 0;
                }
            }
        }
    }

    // A final part ending in a slash matches with or without that slash, so
    // that the missing slash can be redirected to.
    let suffixed = is_final && content.ends_with('/');
    if suffixed {
        content.pop();
        content.push_str("(?<!/)(/?)");
        pieces.pop();
    }
    if !is_static {
        content.push_str("\\Z");
    }
    let weight = weighting(&static_weights, &argument_weights);
    parts.push(RulePart {
        content,
        is_final,
        is_static,
        suffixed,
        weight: weight.clone(),
        pieces,
    });
    if suffixed {
        parts.push(RulePart {
            content: String::new(),
            is_final: false,
            is_static: true,
            suffixed: false,
            weight,
            pieces: Vec::new(),
        });
    }
    if converter_index != converters.len() {
        return Err(RuleError::ConverterCount {
            variables: converter_index,
            converters: converters.len(),
        });
    }
    Ok(parts)
}

/// The part a rule without a domain rule starts with.
pub(crate) fn empty_domain_part() -> RulePart {
    RulePart {
        content: String::new(),
        is_final: false,
        is_static: true,
        suffixed: false,
        weight: Weighting::empty(),
        pieces: Vec::new(),
    }
}

/// Number of variables among `tokens`.
pub(crate) fn variable_count(tokens: &[Token<'_>]) -> usize {
    tokens
        .iter()
        .filter(|token| matches!(token, Token::Variable { .. }))
        .count()
}
