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
        /// The converter name, "default" when the rule gives none.
        converter: &'a str,
        /// The text between the parentheses, if any.
        arguments: Option<&'a str>,
        /// The variable name.
        name: &'a str,
    },
}

/// Why a rule could not be turned into parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleError {
    /// The rule string does not follow the rule grammar.
    Malformed,
    /// The rule has a different number of variables than converters given.
    ConverterCount {
        /// Variables in the domain and path rules.
        variables: usize,
        /// Converter specs given.
        converters: usize,
    },
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
pub(crate) enum Piece<'a> {
    /// Literal text (static text, or `/` inside a final part).
    Literal(&'a str),
    /// The converter with this index among the rule's converters.
    Converter(usize),
}

/// One part of a rule: Werkzeug's `RulePart`, plus the pieces it was made of.
#[derive(Debug, Clone)]
pub(crate) struct RulePart<'a> {
    /// The static text (borrowed from the rule string where it can be), or
    /// the regex source of a dynamic part.
    pub content: Cow<'a, str>,
    pub is_final: bool,
    pub is_static: bool,
    pub suffixed: bool,
    /// The weight of a dynamic part. Static parts are matched by their text
    /// and never ordered, so theirs is left empty.
    pub weight: Weighting,
    /// Static text and converters in order; the literal `/` a suffixed
    /// part ends with is left out. Empty for a static part, which is
    /// matched by its content.
    pub pieces: Vec<Piece<'a>>,
}

impl<'a> RulePart<'a> {
    fn static_part(content: Cow<'a, str>) -> Self {
        RulePart {
            content,
            is_final: false,
            is_static: true,
            suffixed: false,
            weight: Weighting::empty(),
            pieces: Vec::new(),
        }
    }
}

/// Builds the parts of one rule string (Werkzeug's `_parse_rule`).
///
/// `converters` holds the specs of this rule string's variables in order;
/// `first` is the index of the first of them among all the rule's
/// converters.
#[cfg(test)]
pub(crate) fn parse_parts<'a>(
    tokens: &[Token<'a>],
    converters: &[ConverterSpec],
    first: usize,
) -> Result<Vec<RulePart<'a>>, RuleError> {
    let mut parts = Vec::new();
    parse_parts_into(tokens, converters, first, &mut parts)?;
    Ok(parts)
}

/// [`parse_parts`], appending the parts to `parts`: a rule's domain and
/// path parts go into one vector.
pub(crate) fn parse_parts_into<'a>(
    tokens: &[Token<'a>],
    converters: &[ConverterSpec],
    first: usize,
    parts: &mut Vec<RulePart<'a>>,
) -> Result<(), RuleError> {
    // The text of a part while it is static: usually one token, borrowed.
    let mut text: Cow<'a, str> = Cow::Borrowed("");
    // The regex source of a part once it holds a converter.
    let mut content = String::new();
    let mut is_static = true;
    // Sized once: a part holds at most all the tokens.
    let mut static_weights: Vec<(i64, i64)> = Vec::with_capacity(tokens.len());
    let mut argument_weights: Vec<f64> = Vec::with_capacity(converters.len());
    let mut is_final = false;
    let mut group = 0usize;
    let mut pieces: Vec<Piece<'a>> = Vec::with_capacity(tokens.len());
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
            Token::Static(piece) => {
                let length = piece.chars().count() as i64;
                static_weights.push((static_weights.len() as i64, -length));
                if !is_static {
                    content.push_str(&re_escape(piece));
                } else if text.is_empty() {
                    text = Cow::Borrowed(piece);
                } else {
                    text.to_mut().push_str(piece);
                }
                pieces.push(Piece::Literal(piece));
            }
            Token::Variable { .. } => {
                let spec = converters
                    .get(converter_index)
                    .ok_or(RuleError::ConverterCount {
                        variables: converter_index + 1,
                        converters: converters.len(),
                    })?;
                if is_static {
                    content = String::with_capacity(text.len() + spec.regex.len() + 24);
                    content.push_str(&re_escape(&text));
                    text = Cow::Borrowed("");
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
                    pieces.push(Piece::Literal("/"));
                    continue;
                }
                if is_static {
                    // The matcher reads the pieces of dynamic parts only.
                    pieces.clear();
                    parts.push(RulePart::static_part(std::mem::take(&mut text)));
                } else {
                    content.push_str("\\Z");
                    parts.push(RulePart {
                        content: Cow::Owned(std::mem::take(&mut content)),
                        is_final,
                        is_static,
                        suffixed: false,
                        weight: weighting(&static_weights, &argument_weights),
                        pieces: std::mem::take(&mut pieces),
                    });
                }
                is_static = true;
                static_weights.clear();
                argument_weights.clear();
                group = 0;
            }
        }
    }

    if is_static {
        parts.push(RulePart::static_part(text));
    } else {
        // A final part ending in a slash matches with or without that
        // slash, so that the missing slash can be redirected to.
        let suffixed = is_final && content.ends_with('/');
        if suffixed {
            content.pop();
            content.push_str("(?<!/)(/?)");
            pieces.pop();
        }
        content.push_str("\\Z");
        parts.push(RulePart {
            content: Cow::Owned(content),
            is_final,
            is_static,
            suffixed,
            weight: weighting(&static_weights, &argument_weights),
            pieces,
        });
        if suffixed {
            parts.push(RulePart::static_part(Cow::Borrowed("")));
        }
    }
    if converter_index != converters.len() {
        return Err(RuleError::ConverterCount {
            variables: converter_index,
            converters: converters.len(),
        });
    }
    Ok(())
}

/// The part a rule without a domain rule starts with.
pub(crate) fn empty_domain_part() -> RulePart<'static> {
    RulePart::static_part(Cow::Borrowed(""))
}

/// Number of variables among `tokens`.
pub(crate) fn variable_count(tokens: &[Token<'_>]) -> usize {
    tokens
        .iter()
        .filter(|token| matches!(token, Token::Variable { .. }))
        .count()
}

#[cfg(test)]
mod tests {
    use super::super::testing::converters_of;
    use super::*;
    use Token::{Slash, Static, Variable};

    #[test]
    fn tokenize_as_werkzeug() {
        // Expected tokens computed with Python 3.11 by running Werkzeug
        // 3.1.9's `_part_re` loop over each rule.
        #[rustfmt::skip]
        let cases: &[(&str, Result<Vec<Token<'_>>, RuleError>)] = &[
        ("/", Ok(vec![Slash])),
        ("", Ok(vec![])),
        ("/foo/<bar>", Ok(vec![Slash, Static("foo"), Slash, Variable { converter: "default", arguments: None, name: "bar" }])),
        ("/<int(min=1):id>.json", Ok(vec![Slash, Variable { converter: "int", arguments: Some("min=1"), name: "id" }, Static(".json")])),
        ("/x<a>y", Ok(vec![Slash, Static("x"), Variable { converter: "default", arguments: None, name: "a" }, Static("y")])),
        ("<a(b)c):d>", Ok(vec![Variable { converter: "a", arguments: Some("b)c"), name: "d" }])),
        ("/<a(b\n):c>", Err(RuleError::Malformed)),
        ("/<a(x)y:z>", Err(RuleError::Malformed)),
        ("/<a(x>", Err(RuleError::Malformed)),
        ("/<>", Err(RuleError::Malformed)),
        ("/<1a>", Err(RuleError::Malformed)),
        ("/<a:>", Err(RuleError::Malformed)),
        ("/<a:b:c>", Err(RuleError::Malformed)),
        ("a>b", Ok(vec![Static("a>b")])),
        ("/é/<ü>", Err(RuleError::Malformed)),
        ("/<a b>", Err(RuleError::Malformed)),
        ("/<a( x ):b>/<c>", Ok(vec![Slash, Variable { converter: "a", arguments: Some(" x "), name: "b" }, Slash, Variable { converter: "default", arguments: None, name: "c" }])),
        ("/<a()b):c>", Ok(vec![Slash, Variable { converter: "a", arguments: Some(")b"), name: "c" }])),
        ("/<a(b))):c>", Ok(vec![Slash, Variable { converter: "a", arguments: Some("b))"), name: "c" }])),
        ("<_:_>", Ok(vec![Variable { converter: "_", arguments: None, name: "_" }])),
        ("/<a", Err(RuleError::Malformed)),
        ("//x//", Ok(vec![Slash, Slash, Static("x"), Slash, Slash])),
        ];
        for (rule, expected) in cases {
            assert_eq!(&tokenize(rule), expected, "{rule:?}");
        }
    }

    /// A part as `content|final static suffixed|weights`, the way the
    /// expectations below were printed from Werkzeug's `Rule._parts`. The
    /// weights of static parts are not kept (nothing orders static parts),
    /// so those are described by content and flags only.
    fn describe(part: &RulePart) -> String {
        let flags = format!(
            "{}|{}{}{}",
            part.content,
            u8::from(part.is_final),
            u8::from(part.is_static),
            u8::from(part.suffixed),
        );
        if part.is_static {
            return flags;
        }
        let w = &part.weight;
        let statics: Vec<String> = w
            .static_weights
            .iter()
            .map(|(i, l)| format!("({i}, {l})"))
            .collect();
        let arguments: Vec<String> = w.argument_weights.iter().map(|a| a.to_string()).collect();
        format!(
            "{flags}|{}|[{}]|{}|[{}]",
            w.number_static_weights,
            statics.join(", "),
            w.number_argument_weights,
            arguments.join(", ")
        )
    }

    #[test]
    fn parts_as_werkzeug() {
        // Expected parts computed with Python 3.11 from Werkzeug 3.1.9's
        // `Rule._parts` (rule, subdomain) on a default Map.
        #[rustfmt::skip]
        let cases: &[(&str, &str, &[&str])] = &[
        ("/", "", &["|010|0|[]|0|[]", "|010|0|[]|0|[]", "|010|0|[]|0|[]"]),
        ("/foo/bar/", "", &["|010|0|[]|0|[]", "|010|0|[]|0|[]", "foo|010|-1|[(0, -3)]|0|[]", "bar|010|-1|[(0, -3)]|0|[]", "|010|0|[]|0|[]"]),
        ("/foo/<int:id>.json", "", &["|010|0|[]|0|[]", "|010|0|[]|0|[]", "foo|010|-1|[(0, -3)]|0|[]", "(?P<__werkzeug_0>\\d+)\\.json\\Z|000|-1|[(0, -5)]|-1|[50]"]),
        ("/a.b/<x>-<y>/c d", "", &["|010|0|[]|0|[]", "|010|0|[]|0|[]", "a.b|010|-1|[(0, -3)]|0|[]", "(?P<__werkzeug_0>[^/]{1,})\\-(?P<__werkzeug_1>[^/]{1,})\\Z|000|-1|[(0, -1)]|-2|[100, 100]", "c d|010|-1|[(0, -3)]|0|[]"]),
        ("/<path:p>/edit", "", &["|010|0|[]|0|[]", "|010|0|[]|0|[]", "(?P<__werkzeug_0>[^/].*?)/edit\\Z|100|-1|[(0, -4)]|-1|[200]"]),
        ("/files/<path:p>/", "", &["|010|0|[]|0|[]", "|010|0|[]|0|[]", "files|010|-1|[(0, -5)]|0|[]", "(?P<__werkzeug_0>[^/].*?)(?<!/)(/?)\\Z|101|0|[]|-1|[200]", "|010|0|[]|-1|[200]"]),
        ("/x<path:a>/y/<int:b>/", "", &["|010|0|[]|0|[]", "|010|0|[]|0|[]", "x(?P<__werkzeug_0>[^/].*?)/y/(?P<__werkzeug_1>\\d+)(?<!/)(/?)\\Z|101|-2|[(0, -1), (1, -1)]|-2|[200, 50]", "|010|-2|[(0, -1), (1, -1)]|-2|[200, 50]"]),
        ("/<any(a, 'b.c'):x>/<float(signed=True):f>", "", &["|010|0|[]|0|[]", "|010|0|[]|0|[]", "(?P<__werkzeug_0>(?:a|b\\.c))\\Z|000|0|[]|-1|[100]", "(?P<__werkzeug_0>-?\\d+\\.\\d+)\\Z|000|0|[]|-1|[50]"]),
        ("/p", "<user>.example", &["(?P<__werkzeug_0>[^/]{1,})\\.example\\Z|000|-1|[(0, -8)]|-1|[100]", "|010|0|[]|0|[]", "p|010|-1|[(0, -1)]|0|[]"]),
        ("/q/", "www", &["www|010|-1|[(0, -3)]|0|[]", "|010|0|[]|0|[]", "q|010|-1|[(0, -1)]|0|[]", "|010|0|[]|0|[]"]),
        ];
        for (rule, domain, expected) in cases {
            let domain_tokens = tokenize(domain).unwrap_or_default();
            let path_tokens = tokenize(rule).unwrap_or_default();
            let mut converters = converters_of(&domain_tokens);
            let first = converters.len();
            converters.extend(converters_of(&path_tokens));
            let mut parts = if domain.is_empty() {
                vec![empty_domain_part()]
            } else {
                parse_parts(
                    &domain_tokens,
                    converters.get(..first).unwrap_or_default(),
                    0,
                )
                .unwrap_or_default()
            };
            parts.extend(
                parse_parts(
                    &path_tokens,
                    converters.get(first..).unwrap_or_default(),
                    first,
                )
                .unwrap_or_default(),
            );
            let described: Vec<String> = parts.iter().map(describe).collect();
            // Static parts (flags `x1x`) are compared without their weights.
            let expected: Vec<String> = expected
                .iter()
                .map(|text| {
                    let fields: Vec<&str> = text.splitn(3, '|').collect();
                    match fields.as_slice() {
                        [content, flags, _] if flags.get(1..2) == Some("1") => {
                            format!("{content}|{flags}")
                        }
                        _ => (*text).to_owned(),
                    }
                })
                .collect();
            assert_eq!(described, expected, "{rule:?} {domain:?}");
        }
    }

    #[test]
    fn converter_count_is_checked() {
        let tokens = tokenize("/<a>/<b>").unwrap_or_default();
        let one = converters_of(&tokens[..1.min(tokens.len())]);
        assert!(matches!(
            parse_parts(&tokens, &one, 0),
            Err(RuleError::ConverterCount { .. })
        ));
        assert!(RuleError::Malformed
            .message()
            .contains("malformed url rule"));
    }

    #[test]
    fn merge_slashes_as_re_sub() {
        assert_eq!(merge_slashes("/a/b"), Cow::Borrowed("/a/b"));
        assert_eq!(merge_slashes("//a///b/"), "/a/b/");
        assert_eq!(merge_slashes("a//"), "a/");
        assert_eq!(merge_slashes("é//ü"), "é/ü");
    }

    #[test]
    fn re_escape_as_python() {
        // Python 3.11: re.escape("a-b.c()[]{}?*+|^$\\&~# \t\n\r\v\f/:é_%")
        assert_eq!(
            re_escape("a-b.c()[]{}?*+|^$\\&~# \t\n\r\u{b}\u{c}/:é_%"),
            "a\\-b\\.c\\(\\)\\[\\]\\{\\}\\?\\*\\+\\|\\^\\$\\\\\\&\\~\\#\\ \\\t\\\n\\\r\\\u{b}\\\u{c}/:é_%"
        );
        assert_eq!(re_escape("plain/text"), Cow::Borrowed("plain/text"));
        assert_eq!(re_unescape("a\\-b\\ c").as_deref(), Some("a-b c"));
        assert_eq!(re_unescape("a\\d"), None);
        assert_eq!(re_unescape("a.b"), None);
    }

    #[test]
    fn weighting_orders_as_python_tuples() {
        let w = |n: i64, s: Vec<(i64, i64)>, a: Vec<f64>| Weighting {
            number_static_weights: n,
            static_weights: s,
            number_argument_weights: -(a.len() as i64),
            argument_weights: a,
        };
        // More static pieces first, then longer static text, then fewer
        // converters, then lighter converters.
        assert_eq!(
            w(-2, vec![(0, -1), (1, -1)], vec![50.0]).compare(&w(-1, vec![(0, -9)], vec![50.0])),
            Ordering::Less
        );
        assert_eq!(
            w(-1, vec![(0, -4)], vec![]).compare(&w(-1, vec![(0, -3)], vec![])),
            Ordering::Less
        );
        assert_eq!(
            w(0, vec![], vec![50.0, 100.0]).compare(&w(0, vec![], vec![100.0])),
            Ordering::Less
        );
        assert_eq!(
            w(0, vec![], vec![50.0]).compare(&w(0, vec![], vec![100.0])),
            Ordering::Less
        );
        assert_eq!(
            w(0, vec![], vec![-0.0]).compare(&w(0, vec![], vec![0.0])),
            Ordering::Equal
        );
        assert_eq!(
            w(0, vec![], vec![f64::NAN]).compare(&w(0, vec![], vec![1.0])),
            Ordering::Greater
        );
    }
}
