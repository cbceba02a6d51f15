//! Converters as the engine sees them, and the native matcher for the
//! regexes of Werkzeug's built-in converters.
//!
//! A dynamic part whose converters all have a regex recognised here is
//! matched without Python's `re`, with the same result: the pieces of the
//! part are matched against the target anchored at both ends, and where a
//! piece can match in several ways the one Python's backtracking would keep
//! is chosen (greedy repeats longest first, `.*?` shortest first,
//! alternatives in order). A table of which positions can still reach the
//! end is built first, from the end backwards, so the choice never
//! backtracks: the work is O(target length x pieces).

use super::digits::is_digit;
use super::rule::{re_escape, re_unescape, Piece};

/// What the engine knows of one converter instance.
#[derive(Debug, Clone, PartialEq)]
pub struct ConverterSpec {
    /// The converter's `regex` attribute (Python regex syntax).
    pub regex: String,
    /// The converter's `weight` attribute.
    pub weight: f64,
    /// Whether the converter never matches a slash.
    pub part_isolating: bool,
}

/// A converter regex the engine matches natively, or `External`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    /// `[^/]{min,max}`: characters other than `/`, greedy.
    Chars { min: usize, max: Option<usize> },
    /// `(?:a|b)`: the items in order, as `re.escape` wrote them.
    Any(Vec<String>),
    /// `[^/].*?`: one character other than `/`, then as few characters
    /// other than a newline as possible.
    Path,
    /// `\d+` or `-?\d+`.
    Int { signed: bool },
    /// `\d+\.\d+` or `-?\d+\.\d+`.
    Float { signed: bool },
    /// Werkzeug's `UUIDConverter` regex.
    Uuid,
    /// Anything else: matched by Python's `re`.
    External,
}

#[cfg(test)]
thread_local! {
    /// Work done by native part matching on this thread: one step per
    /// character examined or table cell filled. Tests bound it to prove
    /// matching linear.
    pub(crate) static STEPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
fn step(count: usize) {
    STEPS.with(|steps| steps.set(steps.get() + count));
}

#[cfg(not(test))]
#[inline(always)]
fn step(_count: usize) {}

const UUID_REGEX: &str =
    "[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}";

/// Python's `re` refuses repeat counts from this value on.
const MAX_REPEAT: u64 = 4_294_967_295;

/// A repeat count: ASCII digits only, below Python's limit.
fn repeat_count(text: &str) -> Option<usize> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let trimmed = text.trim_start_matches('0');
    if trimmed.len() > 10 {
        return None;
    }
    let value: u64 = if trimmed.is_empty() {
        0
    } else {
        trimmed.parse().ok()?
    };
    if value >= MAX_REPEAT {
        return None;
    }
    usize::try_from(value).ok()
}

/// Recognises the regexes of Werkzeug's built-in converters by their exact
/// text. Anything else, including the forms Python's `re` would refuse
/// (`{3,2}`, counts too large), is [`Pattern::External`].
pub fn recognize(regex: &str) -> Pattern {
    match regex {
        "[^/]+" => return Pattern::Chars { min: 1, max: None },
        "[^/].*?" => return Pattern::Path,
        "\\d+" => return Pattern::Int { signed: false },
        "-?\\d+" => return Pattern::Int { signed: true },
        "\\d+\\.\\d+" => return Pattern::Float { signed: false },
        "-?\\d+\\.\\d+" => return Pattern::Float { signed: true },
        UUID_REGEX => return Pattern::Uuid,
        _ => {}
    }
    if let Some(counts) = regex
        .strip_prefix("[^/]{")
        .and_then(|rest| rest.strip_suffix('}'))
    {
        return match counts.split_once(',') {
            None => match repeat_count(counts) {
                Some(n) => Pattern::Chars {
                    min: n,
                    max: Some(n),
                },
                None => Pattern::External,
            },
            Some((min, "")) => match repeat_count(min) {
                Some(min) => Pattern::Chars { min, max: None },
                None => Pattern::External,
            },
            Some((min, max)) => match (repeat_count(min), repeat_count(max)) {
                (Some(min), Some(max)) if min <= max => Pattern::Chars {
                    min,
                    max: Some(max),
                },
                _ => Pattern::External,
            },
        };
    }
    if let Some(inner) = regex
        .strip_prefix("(?:")
        .and_then(|rest| rest.strip_suffix(')'))
    {
        let mut items = Vec::new();
        for escaped in split_alternatives(inner) {
            match re_unescape(escaped) {
                Some(item) => items.push(item),
                None => return Pattern::External,
            }
        }
        // Only what re.escape could have written is taken as literal items.
        let rebuilt: Vec<String> = items.iter().map(|s| re_escape(s).into_owned()).collect();
        if format!("(?:{})", rebuilt.join("|")) == regex {
            return Pattern::Any(items);
        }
    }
    Pattern::External
}

/// Splits at the `|` that are not escaped.
fn split_alternatives(s: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '|' {
            pieces.push(s.get(start..i).unwrap_or_default());
            start = i + 1;
        }
    }
    pieces.push(s.get(start..).unwrap_or_default());
    pieces
}

/// One step of a native part program.
#[derive(Debug, Clone, PartialEq)]
enum Atom {
    /// Literal text, with its length in characters.
    Literal { text: String, chars: usize },
    /// `[^/]{min,max}`, greedy.
    Chars { min: usize, max: Option<usize> },
    /// `[^/].*?`.
    Path,
    /// `-?`, greedy.
    Minus,
    /// `\d+`, greedy.
    Digits,
    /// The 36 characters of a UUID.
    Uuid,
    /// Alternatives in order, each with its length in characters.
    Any(Vec<(String, usize)>),
    /// `(?<!/)(/?)`: not after a slash, then an optional slash.
    Suffix,
}

/// A native matcher for one dynamic part: its atoms, anchored at both ends.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Program {
    atoms: Vec<Atom>,
    /// Per converter group, the range of atoms it spans.
    groups: Vec<(usize, usize)>,
    /// Set when the part is one converter between literal text: matched
    /// by checking the text between them.
    simple: Option<Simple>,
}

/// A part that is `prefix <converter> suffix`.
#[derive(Debug, Clone, PartialEq)]
struct Simple {
    prefix: String,
    pattern: Pattern,
    suffix: String,
}

fn pattern_atoms(pattern: &Pattern, atoms: &mut Vec<Atom>) -> bool {
    match pattern {
        Pattern::Chars { min, max } => atoms.push(Atom::Chars {
            min: *min,
            max: *max,
        }),
        Pattern::Any(items) => atoms.push(Atom::Any(
            items
                .iter()
                .map(|item| (item.clone(), item.chars().count()))
                .collect(),
        )),
        Pattern::Path => atoms.push(Atom::Path),
        Pattern::Int { signed } => {
            if *signed {
                atoms.push(Atom::Minus);
            }
            atoms.push(Atom::Digits);
        }
        Pattern::Float { signed } => {
            if *signed {
                atoms.push(Atom::Minus);
            }
            atoms.push(Atom::Digits);
            atoms.push(Atom::Literal {
                text: ".".to_owned(),
                chars: 1,
            });
            atoms.push(Atom::Digits);
        }
        Pattern::Uuid => atoms.push(Atom::Uuid),
        Pattern::External => return false,
    }
    true
}

impl Program {
    /// Compiles a part's pieces; `None` when a converter is not native.
    pub(crate) fn compile(
        pieces: &[Piece<'_>],
        converters: &[super::converter::ConverterSpec],
        suffixed: bool,
    ) -> Option<Program> {
        // Adjacent literals are merged: the literal runs are then exactly
        // the part's prefix and suffix in the simple case.
        let mut merged: Vec<Result<String, Pattern>> = Vec::new();
        for piece in pieces {
            match piece {
                Piece::Literal(text) => {
                    if let Some(Ok(last)) = merged.last_mut() {
                        last.push_str(text);
                    } else {
                        merged.push(Ok((*text).to_owned()));
                    }
                }
                Piece::Converter(index) => {
                    let pattern = recognize(&converters.get(*index)?.regex);
                    if pattern == Pattern::External {
                        return None;
                    }
                    merged.push(Err(pattern));
                }
            }
        }
        let mut atoms = Vec::new();
        let mut groups = Vec::new();
        for item in &merged {
            match item {
                Ok(text) => atoms.push(Atom::Literal {
                    text: text.clone(),
                    chars: text.chars().count(),
                }),
                Err(pattern) => {
                    let start = atoms.len();
                    if !pattern_atoms(pattern, &mut atoms) {
                        return None;
                    }
                    groups.push((start, atoms.len()));
                }
            }
        }
        if suffixed {
            atoms.push(Atom::Suffix);
        }
        let simple = if suffixed || groups.len() != 1 {
            None
        } else {
            let mut prefix = String::new();
            let mut suffix = String::new();
            let mut pattern = None;
            for item in merged {
                match item {
                    Ok(text) if pattern.is_none() => prefix = text,
                    Ok(text) => suffix = text,
                    Err(found) => pattern = Some(found),
                }
            }
            pattern.map(|pattern| Simple {
                prefix,
                pattern,
                suffix,
            })
        };
        Some(Program {
            atoms,
            groups,
            simple,
        })
    }

    /// Matches the whole target as Python's `re.match` of the part's
    /// regex (which ends with `\Z`) would. On a match, hands each group's
    /// value to `value` in order and returns whether the slash suffix
    /// matched "/".
    pub(crate) fn match_target<'t>(
        &self,
        target: &'t str,
        value: impl FnMut(&'t str),
    ) -> Option<bool> {
        let mut value = value;
        if let Some(simple) = &self.simple {
            if !super::matcher::has_ends(target, &simple.prefix, &simple.suffix) {
                return None;
            }
            let middle = target.get(simple.prefix.len()..target.len() - simple.suffix.len())?;
            step(middle.len() + 1);
            if !full_match(&simple.pattern, middle) {
                return None;
            }
            value(middle);
            return Some(false);
        }
        // Cheap rejections before the table: the literal text at the ends.
        if let Some(Atom::Literal { text, .. }) = self.atoms.first() {
            if !target.starts_with(text.as_str()) {
                return None;
            }
        }
        if let Some(Atom::Literal { text, .. }) = self.atoms.last() {
            if !target.ends_with(text.as_str()) {
                return None;
            }
        }
        // Every literal in between has to occur somewhere: a search far
        // cheaper than the table, and it rejects most long mismatches.
        for atom in &self.atoms {
            if let Atom::Literal { text, .. } = atom {
                step(target.len() / 64 + 1);
                memchr::memmem::find(target.as_bytes(), text.as_bytes())?;
            }
        }
        self.run(target, value)
    }

    fn run<'t>(&self, target: &'t str, mut value: impl FnMut(&'t str)) -> Option<bool> {
        let text = Text::new(target, &self.atoms);
        let n = text.chars.len();
        let count = self.atoms.len();
        // reach[i][p]: atoms i.. can match the target from character p to
        // its end.
        let mut reach: Vec<Vec<bool>> = Vec::with_capacity(count + 1);
        let mut last = vec![false; n + 1];
        if let Some(end) = last.get_mut(n) {
            *end = true;
        }
        reach.push(last);
        for atom in self.atoms.iter().rev() {
            let next = reach.last()?;
            let row = text.reach_row(atom, next);
            reach.push(row);
        }
        reach.reverse();
        if !reach.first()?.first().copied().unwrap_or(false) {
            return None;
        }
        let mut positions = Vec::with_capacity(count + 1);
        let mut p = 0;
        positions.push(p);
        let mut slash_suffix = false;
        for (i, atom) in self.atoms.iter().enumerate() {
            let next = reach.get(i + 1)?;
            let q = text.first_choice(atom, p, next)?;
            if *atom == Atom::Suffix {
                slash_suffix = q > p;
            }
            p = q;
            positions.push(p);
        }
        let mut values = Vec::with_capacity(self.groups.len());
        for &(start, end) in &self.groups {
            let from = *text.bounds.get(*positions.get(start)?)?;
            let to = *text.bounds.get(*positions.get(end)?)?;
            values.push(target.get(from..to)?);
        }
        values.into_iter().for_each(&mut value);
        Some(slash_suffix)
    }
}

/// Whether `pattern` matches all of `s`.
fn full_match(pattern: &Pattern, s: &str) -> bool {
    fn digits(s: &str) -> bool {
        !s.is_empty() && s.chars().all(is_digit)
    }
    fn unsigned(s: &str, signed: bool) -> &str {
        if signed {
            s.strip_prefix('-').unwrap_or(s)
        } else {
            s
        }
    }
    match pattern {
        Pattern::Chars { min, max } => {
            if s.contains('/') {
                return false;
            }
            let count = s.chars().count();
            count >= *min && max.is_none_or(|max| count <= max)
        }
        Pattern::Any(items) => items.iter().any(|item| item == s),
        Pattern::Path => {
            let mut chars = s.chars();
            match chars.next() {
                Some(first) => first != '/' && !chars.as_str().contains('\n'),
                None => false,
            }
        }
        Pattern::Int { signed } => digits(unsigned(s, *signed)),
        Pattern::Float { signed } => match unsigned(s, *signed).split_once('.') {
            Some((whole, fraction)) => digits(whole) && digits(fraction),
            None => false,
        },
        Pattern::Uuid => is_uuid(s),
        Pattern::External => false,
    }
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// The target as characters, with the byte offset of each and the runs
/// the atoms need.
struct Text<'t> {
    target: &'t str,
    chars: Vec<char>,
    /// Byte offset of each character, then the length.
    bounds: Vec<usize>,
    /// Characters other than `/` from each position on.
    not_slash: Vec<usize>,
    /// Characters other than a newline from each position on.
    not_newline: Vec<usize>,
    /// Digits from each position on.
    digits: Vec<usize>,
}

fn runs(chars: &[char], keep: impl Fn(char) -> bool) -> Vec<usize> {
    let mut run = vec![0; chars.len() + 1];
    let mut count = 0;
    for (slot, c) in run.iter_mut().rev().skip(1).zip(chars.iter().rev()) {
        count = if keep(*c) { count + 1 } else { 0 };
        *slot = count;
    }
    run
}

impl<'t> Text<'t> {
    fn new(target: &'t str, atoms: &[Atom]) -> Self {
        let chars: Vec<char> = target.chars().collect();
        step(chars.len() + 1);
        let mut bounds: Vec<usize> = target.char_indices().map(|(i, _)| i).collect();
        bounds.push(target.len());
        let needs = |f: fn(&Atom) -> bool| atoms.iter().any(f);
        let not_slash = if needs(|a| matches!(a, Atom::Chars { .. })) {
            runs(&chars, |c| c != '/')
        } else {
            Vec::new()
        };
        let not_newline = if needs(|a| matches!(a, Atom::Path)) {
            runs(&chars, |c| c != '\n')
        } else {
            Vec::new()
        };
        let digits = if needs(|a| matches!(a, Atom::Digits)) {
            runs(&chars, is_digit)
        } else {
            Vec::new()
        };
        Text {
            target,
            chars,
            bounds,
            not_slash,
            not_newline,
            digits,
        }
    }

    fn char_at(&self, p: usize) -> Option<char> {
        self.chars.get(p).copied()
    }

    fn literal_at(&self, p: usize, text: &str) -> bool {
        self.bounds
            .get(p)
            .and_then(|&offset| self.target.get(offset..))
            .is_some_and(|rest| rest.starts_with(text))
    }

    /// The range of end positions of a repeat atom at `p`, and whether it
    /// is greedy (tried longest first).
    fn range(&self, atom: &Atom, p: usize) -> Option<(usize, usize, bool)> {
        match atom {
            Atom::Chars { min, max } => {
                let run = *self.not_slash.get(p)?;
                let most = max.map_or(run, |max| max.min(run));
                (most >= *min).then_some((p + min, p + most, true))
            }
            Atom::Digits => {
                let run = *self.digits.get(p)?;
                (run >= 1).then_some((p + 1, p + run, true))
            }
            Atom::Path => {
                if self.char_at(p)? == '/' {
                    return None;
                }
                let run = *self.not_newline.get(p + 1)?;
                Some((p + 1, p + 1 + run, false))
            }
            _ => None,
        }
    }

    /// The end positions of a fixed atom at `p`, in the order Python's
    /// `re` tries them (at most two).
    fn fixed(&self, atom: &Atom, p: usize) -> [Option<usize>; 2] {
        match atom {
            Atom::Literal { text, chars } => [self.literal_at(p, text).then_some(p + chars), None],
            Atom::Minus => {
                if self.char_at(p) == Some('-') {
                    [Some(p + 1), Some(p)]
                } else {
                    [Some(p), None]
                }
            }
            Atom::Uuid => {
                let end = p + 36;
                let ok = match (self.bounds.get(p), self.bounds.get(end)) {
                    (Some(&from), Some(&to)) => self.target.get(from..to).is_some_and(is_uuid),
                    _ => false,
                };
                [ok.then_some(end), None]
            }
            Atom::Suffix => {
                let after_slash = p > 0 && self.char_at(p - 1) == Some('/');
                if after_slash {
                    [None, None]
                } else if self.char_at(p) == Some('/') {
                    [Some(p + 1), Some(p)]
                } else {
                    [Some(p), None]
                }
            }
            _ => [None, None],
        }
    }

    /// reach row of `atom` from the row of the atoms after it.
    fn reach_row(&self, atom: &Atom, next: &[bool]) -> Vec<bool> {
        let n = self.chars.len();
        let at = |q: usize| next.get(q).copied().unwrap_or(false);
        let mut row = vec![false; n + 1];
        match atom {
            Atom::Chars { .. } | Atom::Digits | Atom::Path => {
                // The range's low end grows with p (p + min, or p + 1), so
                // one pointer to the first reachable position at or after
                // it moves forward only: linear in all.
                step(2 * n + 2);
                let mut reachable = 0;
                for (p, slot) in row.iter_mut().enumerate() {
                    if let Some((low, high, _)) = self.range(atom, p) {
                        reachable = reachable.max(low);
                        while reachable <= n && !at(reachable) {
                            reachable += 1;
                        }
                        *slot = reachable <= high;
                    }
                }
            }
            Atom::Any(items) => {
                step((n + 1) * items.len());
                for (p, slot) in row.iter_mut().enumerate() {
                    *slot = items
                        .iter()
                        .any(|(item, len)| at(p + len) && self.literal_at(p, item));
                }
            }
            _ => {
                step(n + 1);
                for (p, slot) in row.iter_mut().enumerate() {
                    *slot = self.fixed(atom, p).into_iter().flatten().any(at);
                }
            }
        }
        row
    }

    /// The first end position of `atom` at `p`, in Python's order, from
    /// which the rest of the part can match.
    fn first_choice(&self, atom: &Atom, p: usize, next: &[bool]) -> Option<usize> {
        let at = |q: usize| {
            step(1);
            next.get(q).copied().unwrap_or(false)
        };
        match atom {
            Atom::Chars { .. } | Atom::Digits | Atom::Path => {
                let (low, high, greedy) = self.range(atom, p)?;
                if greedy {
                    (low..=high).rev().find(|&q| at(q))
                } else {
                    (low..=high).find(|&q| at(q))
                }
            }
            Atom::Any(items) => items
                .iter()
                .find(|(item, len)| at(p + len) && self.literal_at(p, item))
                .map(|(_, len)| p + len),
            _ => self.fixed(atom, p).into_iter().flatten().find(|&q| at(q)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::rule::{parse_parts, tokenize};
    use super::super::testing::converters_of;
    use super::*;

    /// Values and slash suffix of a match, or no match.
    type Expected = Option<(Vec<&'static str>, bool)>;

    /// Compiles the single dynamic part of `part` (a rule without its
    /// leading slash) and matches `target` with it.
    fn part_match(part: &str, target: &str) -> Option<(Vec<String>, bool)> {
        let rule = format!("/{part}");
        let tokens = tokenize(&rule).ok()?;
        let converters = converters_of(&tokens);
        let parts = parse_parts(&tokens, &converters, 0).ok()?;
        let dynamic = parts.iter().rfind(|p| !p.is_static)?;
        let program = Program::compile(&dynamic.pieces, &converters, dynamic.suffixed)?;
        let mut values = Vec::new();
        let slash_suffix = program.match_target(target, |v| values.push(v.to_owned()))?;
        Some((values, slash_suffix))
    }

    #[test]
    fn parts_match_as_python_re() {
        // Expected values computed with Python 3.11: `re.compile(content)
        // .match(target)` for the part content Werkzeug 3.1.9 builds, its
        // `__werkzeug_N` groups in order and whether the slash suffix
        // group matched "/".
        #[rustfmt::skip]
        let cases: &[(&str, &str, Expected)] = &[
        (r#"<string(length=2):a>"#, "ab", Some((vec!["ab"], false))),
        (r#"<string(length=2):a>"#, "a", None),
        (r#"<string(length=2):a>"#, "abc", None),
        (r#"<string(length=2):a>"#, "é٣", Some((vec!["é٣"], false))),
        (r#"<string(length=2):a>"#, "", None),
        (r#"<string(minlength=2,maxlength=3):a>-<b>"#, "ab-c", Some((vec!["ab", "c"], false))),
        (r#"<string(minlength=2,maxlength=3):a>-<b>"#, "abcd-e", None),
        (r#"<string(minlength=2,maxlength=3):a>-<b>"#, "a-b-c", Some((vec!["a-b", "c"], false))),
        (r#"<string(minlength=2,maxlength=3):a>-<b>"#, "ab-cd-e", Some((vec!["ab", "cd-e"], false))),
        (r#"<string(minlength=2,maxlength=3):a>-<b>"#, "abc-d-e", Some((vec!["abc", "d-e"], false))),
        (r#"<a>-<b>"#, "a-b-c", Some((vec!["a-b", "c"], false))),
        (r#"<a>-<b>"#, "-a", None),
        (r#"<a>-<b>"#, "a-", None),
        (r#"<a>-<b>"#, "--", None),
        (r#"<a>-<b>"#, "a--b", Some((vec!["a-", "b"], false))),
        (r#"<a>-<b>"#, "a\nb-c", Some((vec!["a\nb", "c"], false))),
        (r#"<a>-<b>-<c>"#, "a-b-c-d", Some((vec!["a-b", "c", "d"], false))),
        (r#"<a>-<b>-<c>"#, "a--b-c", Some((vec!["a-", "b", "c"], false))),
        (r#"<a>-<b>-<c>"#, "a-b", None),
        (r#"<a>.<b>"#, "a.b.c", Some((vec!["a.b", "c"], false))),
        (r#"<a>.<b>"#, "é.ü.x", Some((vec!["é.ü", "x"], false))),
        (r#"<string(minlength=0):a><int:b>"#, "abc123", Some((vec!["abc12", "3"], false))),
        (r#"<string(minlength=0):a><int:b>"#, "123", Some((vec!["12", "3"], false))),
        (r#"<string(minlength=0):a><int:b>"#, "ab", None),
        (r#"<a><int:b>"#, "x12", Some((vec!["x1", "2"], false))),
        (r#"<a><int:b>"#, "12", Some((vec!["1", "2"], false))),
        (r#"<a><int:b>"#, "1", None),
        (r#"<int:a><b>"#, "123", Some((vec!["12", "3"], false))),
        (r#"<int:a><b>"#, "12a", Some((vec!["12", "a"], false))),
        (r#"<int:a><b>"#, "1", None),
        (r#"<int:a><int:b>"#, "123", Some((vec!["12", "3"], false))),
        (r#"<int:a><int:b>"#, "1", None),
        (r#"<path:a>"#, "a/b", Some((vec!["a/b"], false))),
        (r#"<path:a>"#, "/a", None),
        (r#"<path:a>"#, "a\nb", None),
        (r#"<path:a>"#, "\n", Some((vec!["\n"], false))),
        (r#"<path:a>"#, "a/", Some((vec!["a/"], false))),
        (r#"<path:a>"#, "a\n", None),
        (r#"<path:a>-<b>"#, "a-b-c", Some((vec!["a", "b-c"], false))),
        (r#"<path:a>-<b>"#, "a/b-c", Some((vec!["a/b", "c"], false))),
        (r#"<path:a>-<b>"#, "a-b/c", None),
        (r#"<path:a>/<b>"#, "a/b/c", Some((vec!["a/b", "c"], false))),
        (r#"<path:a>/<b>"#, "a/b", Some((vec!["a", "b"], false))),
        (r#"<path:a>/<b>"#, "a", None),
        (r#"<path:a>/<b>"#, "a\n/b", None),
        (r#"<path:a>/<b>"#, "a//b", Some((vec!["a/", "b"], false))),
        (r#"<path:a>/"#, "a/b/", Some((vec!["a/b"], true))),
        (r#"<path:a>/"#, "a/b", Some((vec!["a/b"], false))),
        (r#"<path:a>/"#, "a//", None),
        (r#"<path:a>/"#, "a", Some((vec!["a"], false))),
        (r#"<path:a>/"#, "a/b//", None),
        (r#"p<path:a>/x"#, "pa/x", Some((vec!["a"], false))),
        (r#"p<path:a>/x"#, "p/x", None),
        (r#"p<path:a>/x"#, "pa/x/x", Some((vec!["a/x"], false))),
        (r#"<any(a,b):a><path:b>"#, "ab/c", Some((vec!["a", "b/c"], false))),
        (r#"<any(a,b):a><path:b>"#, "a", None),
        (r#"<any(a,b):a><path:b>"#, "ba", Some((vec!["b", "a"], false))),
        (r#"<int:a>"#, "123", Some((vec!["123"], false))),
        (r#"<int:a>"#, "٣٤", Some((vec!["٣٤"], false))),
        (r#"<int:a>"#, "-1", None),
        (r#"<int:a>"#, "1.5", None),
        (r#"<int:a>"#, "", None),
        (r#"<int:a>"#, "²", None),
        (r#"<int:a>"#, "１２", Some((vec!["１２"], false))),
        (r#"<int(signed=True):a>"#, "-12", Some((vec!["-12"], false))),
        (r#"<int(signed=True):a>"#, "--1", None),
        (r#"<int(signed=True):a>"#, "-", None),
        (r#"<int(signed=True):a>"#, "12", Some((vec!["12"], false))),
        (r#"<float:a>"#, "1.5", Some((vec!["1.5"], false))),
        (r#"<float:a>"#, "1.", None),
        (r#"<float:a>"#, ".5", None),
        (r#"<float:a>"#, "1.5.5", None),
        (r#"<float:a>"#, "٣.٤", Some((vec!["٣.٤"], false))),
        (r#"<float(signed=True):a>"#, "-1.5", Some((vec!["-1.5"], false))),
        (r#"<float(signed=True):a>"#, "1.5", Some((vec!["1.5"], false))),
        (r#"<float(signed=True):a>"#, "-.5", None),
        (r#"a<int:x>.<int:y>"#, "a1.2", Some((vec!["1", "2"], false))),
        (r#"a<int:x>.<int:y>"#, "a12.34", Some((vec!["12", "34"], false))),
        (r#"a<int:x>.<int:y>"#, "a1.2.3", None),
        (r#"a<int:x>.<int:y>"#, "a.2", None),
        (r#"<int:a>.<int:b>.<int:c>"#, "1.2.3", Some((vec!["1", "2", "3"], false))),
        (r#"<int:a>.<int:b>.<int:c>"#, "1.2", None),
        (r#"<float:a>.<int:b>"#, "1.5.3", Some((vec!["1.5", "3"], false))),
        (r#"<float:a>.<int:b>"#, "1.5.3.4", None),
        (r#"<any(a,ab):x>b"#, "ab", Some((vec!["a"], false))),
        (r#"<any(a,ab):x>b"#, "abb", Some((vec!["ab"], false))),
        (r#"<any(a,ab):x>b"#, "b", None),
        (r#"<any(a,ab,b):x><any(b,bb):y>"#, "abb", Some((vec!["a", "bb"], false))),
        (r#"<any(a,ab,b):x><any(b,bb):y>"#, "ab", Some((vec!["a", "b"], false))),
        (r#"<any(a,ab,b):x><any(b,bb):y>"#, "bbb", Some((vec!["b", "bb"], false))),
        (r#"<any("a.b","c-d"):x>"#, "a.b", Some((vec!["a.b"], false))),
        (r#"<any("a.b","c-d"):x>"#, "axb", None),
        (r#"<any("a.b","c-d"):x>"#, "c-d", Some((vec!["c-d"], false))),
        (r#"<uuid:a>"#, "12345678-1234-1234-1234-1234567890ab", Some((vec!["12345678-1234-1234-1234-1234567890ab"], false))),
        (r#"<uuid:a>"#, "12345678-1234-1234-1234-1234567890AB", Some((vec!["12345678-1234-1234-1234-1234567890AB"], false))),
        (r#"<uuid:a>"#, "12345678-1234-1234-1234-1234567890a", None),
        (r#"<uuid:a>"#, "g2345678-1234-1234-1234-1234567890ab", None),
        (r#"<string(length=3):a><string(length=3):b>"#, "abcdef", Some((vec!["abc", "def"], false))),
        (r#"<string(length=3):a><string(length=3):b>"#, "abcde", None),
        (r#"<string(length=3):a><string(length=3):b>"#, "ééééé٣", Some((vec!["ééé", "éé٣"], false))),
        (r#"<string(maxlength=2):a><b>"#, "abcd", Some((vec!["ab", "cd"], false))),
        (r#"<string(maxlength=2):a><b>"#, "a", None),
        ];
        for (part, target, expected) in cases {
            let expected = expected.as_ref().map(|(values, suffix)| {
                (values.iter().map(|v| (*v).to_owned()).collect(), *suffix)
            });
            assert_eq!(part_match(part, target), expected, "{part} on {target:?}");
        }
    }

    #[test]
    fn recognizes_builtin_regexes() {
        assert_eq!(recognize("[^/]+"), Pattern::Chars { min: 1, max: None });
        assert_eq!(recognize("[^/]{1,}"), Pattern::Chars { min: 1, max: None });
        assert_eq!(recognize("[^/]{0,}"), Pattern::Chars { min: 0, max: None });
        assert_eq!(
            recognize("[^/]{2,5}"),
            Pattern::Chars {
                min: 2,
                max: Some(5)
            }
        );
        assert_eq!(
            recognize("[^/]{3}"),
            Pattern::Chars {
                min: 3,
                max: Some(3)
            }
        );
        assert_eq!(recognize("[^/].*?"), Pattern::Path);
        assert_eq!(recognize("\\d+"), Pattern::Int { signed: false });
        assert_eq!(recognize("-?\\d+"), Pattern::Int { signed: true });
        assert_eq!(recognize("\\d+\\.\\d+"), Pattern::Float { signed: false });
        assert_eq!(recognize("-?\\d+\\.\\d+"), Pattern::Float { signed: true });
        assert_eq!(recognize(UUID_REGEX), Pattern::Uuid);
        assert_eq!(
            recognize("(?:a|b\\.c|\\ x)"),
            Pattern::Any(vec!["a".to_owned(), "b.c".to_owned(), " x".to_owned()])
        );
        assert_eq!(recognize("(?:)"), Pattern::Any(vec![String::new()]));
        assert_eq!(
            recognize("(?:é|/)"),
            Pattern::Any(vec!["é".to_owned(), "/".to_owned()])
        );
    }

    #[test]
    fn other_regexes_are_external() {
        for regex in [
            "[^/]{5,2}",        // Python refuses it: "min repeat greater than max repeat"
            "[^/]{4294967295}", // and this: "the repetition number is too large"
            "[^/]{-1,}",        // Python reads the braces literally
            "[^/]{,3}",         // valid, but not what UnicodeConverter writes
            "[^/]{1,2,3}",
            "[^/]{١}",   // only ASCII digits count in repeats
            "(?:a|b.c)", // an unescaped '.' is a wildcard
            "(?:a\\d)",
            "(?:a)|(?:b)",
            "\\d*",
            ".+",
            "[a-z]+",
            "",
        ] {
            assert_eq!(recognize(regex), Pattern::External, "{regex}");
        }
        assert_eq!(
            recognize("[^/]{4294967294}"),
            Pattern::Chars {
                min: 4294967294,
                max: Some(4294967294)
            }
        );
    }

    /// A plain backtracking matcher over the atoms, trying choices in the
    /// order Python's `re` does: the reference the table-driven matcher
    /// must agree with. Exponential in the worst case; fine for short
    /// targets.
    fn backtrack(
        atoms: &[Atom],
        chars: &[char],
        i: usize,
        p: usize,
        ends: &mut Vec<usize>,
    ) -> bool {
        let Some(atom) = atoms.get(i) else {
            return p == chars.len();
        };
        let at = |k: usize| chars.get(k).copied();
        let mut choices = Vec::new();
        match atom {
            Atom::Literal { text, .. } => {
                let want: Vec<char> = text.chars().collect();
                if chars.get(p..p + want.len()) == Some(&want[..]) {
                    choices.push(p + want.len());
                }
            }
            Atom::Chars { min, max } => {
                let mut k = p;
                while at(k).is_some_and(|c| c != '/') && max.is_none_or(|m| k - p < m) {
                    k += 1;
                }
                while k >= p + min {
                    choices.push(k);
                    if k == p {
                        break;
                    }
                    k -= 1;
                }
            }
            Atom::Path => {
                if at(p).is_some_and(|c| c != '/') {
                    let mut k = p + 1;
                    choices.push(k);
                    while at(k).is_some_and(|c| c != '\n') {
                        k += 1;
                        choices.push(k);
                    }
                }
            }
            Atom::Minus => {
                if at(p) == Some('-') {
                    choices.push(p + 1);
                }
                choices.push(p);
            }
            Atom::Digits => {
                let mut k = p;
                while at(k).is_some_and(is_digit) {
                    k += 1;
                }
                while k > p {
                    choices.push(k);
                    k -= 1;
                }
            }
            Atom::Uuid => {
                let s: String = chars.get(p..p + 36).unwrap_or_default().iter().collect();
                if is_uuid(&s) {
                    choices.push(p + 36);
                }
            }
            Atom::Any(items) => {
                for (item, len) in items {
                    let want: Vec<char> = item.chars().collect();
                    if chars.get(p..p + len) == Some(&want[..]) {
                        choices.push(p + len);
                    }
                }
            }
            Atom::Suffix => {
                if p == 0 || at(p - 1) != Some('/') {
                    if at(p) == Some('/') {
                        choices.push(p + 1);
                    }
                    choices.push(p);
                }
            }
        }
        for q in choices {
            ends.push(q);
            if backtrack(atoms, chars, i + 1, q, ends) {
                return true;
            }
            ends.pop();
        }
        false
    }

    #[test]
    fn table_agrees_with_backtracking() {
        let parts = [
            "<a>-<b>",
            "<a>-<b>-<c>",
            "<string(minlength=0):a><int:b>",
            "<string(length=2):a><b>",
            "<string(minlength=1,maxlength=2):a><string(minlength=2,maxlength=3):b>",
            "<int:a><int:b>",
            "<int(signed=True):a><float:b>",
            "<float(signed=True):a>.<int:b>",
            "<any(a,ab,b,ba):a><any(b,ab,a):b>",
            "<path:a>/<b>",
            "<path:a>-<path:b>",
            "<path:a>/",
            "x<path:a>/y/<int:b>/",
            "<a><path:b>/",
            "<any(a,-):a><path:b>-<c>",
        ];
        let alphabet = ['a', 'b', '-', '.', '/', '1', '2', '٣', '\n', 'x', 'y'];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for part in parts {
            let rule = format!("/{part}");
            let tokens = tokenize(&rule).unwrap();
            let converters = converters_of(&tokens);
            let parsed = parse_parts(&tokens, &converters, 0).unwrap();
            let dynamic = parsed.iter().rfind(|p| !p.is_static).unwrap();
            let program = Program::compile(&dynamic.pieces, &converters, dynamic.suffixed).unwrap();
            for _ in 0..3000 {
                let len = (next() % 9) as usize;
                let target: String = (0..len)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect();
                let chars: Vec<char> = target.chars().collect();
                let mut ends = vec![0];
                let expected = backtrack(&program.atoms, &chars, 0, 0, &mut ends).then(|| {
                    let byte = |k: usize| chars[..k].iter().map(|c| c.len_utf8()).sum::<usize>();
                    let values: Vec<String> = program
                        .groups
                        .iter()
                        .map(|&(s, e)| target[byte(ends[s])..byte(ends[e])].to_owned())
                        .collect();
                    let suffix = program
                        .atoms
                        .iter()
                        .position(|a| *a == Atom::Suffix)
                        .is_some_and(|i| ends[i + 1] > ends[i]);
                    (values, suffix)
                });
                let mut values = Vec::new();
                let got = program
                    .match_target(&target, |v| values.push(v.to_owned()))
                    .map(|suffix| (values, suffix));
                assert_eq!(got, expected, "{part} on {target:?}");
            }
        }
    }
}
