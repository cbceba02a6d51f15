//! Test helpers: rules with Werkzeug's built-in converters, as the binding
//! would describe them, and an external matcher for the tests that need one.

use std::collections::HashMap;

use super::converter::ConverterSpec;
use super::matcher::{
    ExternalMatch, ExternalMatcher, ExternalPartId, Matcher, NoExternal, Outcome, RuleSpec,
};
use super::rule::{re_escape, tokenize, Token};

/// The spec of a built-in converter, from its name and argument text (a
/// small subset of Werkzeug's argument syntax: `name=value` pairs and
/// quoted or bare positional items).
pub(crate) fn builtin(converter: &str, arguments: Option<&str>) -> ConverterSpec {
    let mut positional = Vec::new();
    let mut named = HashMap::new();
    for item in arguments.unwrap_or("").split(',') {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        match item.split_once('=') {
            Some((name, value)) => {
                named.insert(name.trim().to_owned(), value.trim().to_owned());
            }
            None => positional.push(item.trim_matches(|c| c == '"' || c == '\'').to_owned()),
        }
    }
    let signed = named.get("signed").is_some_and(|v| v == "True");
    let (regex, weight, part_isolating) = match converter {
        "default" | "string" => {
            let counts = match (
                named.get("length"),
                named.get("minlength"),
                named.get("maxlength"),
            ) {
                (Some(length), _, _) => format!("{{{length}}}"),
                (None, min, max) => format!(
                    "{{{},{}}}",
                    min.map_or("1", String::as_str),
                    max.map_or("", String::as_str)
                ),
            };
            (format!("[^/]{counts}"), 100.0, true)
        }
        "any" => {
            let items: Vec<String> = positional
                .iter()
                .map(|s| re_escape(s).into_owned())
                .collect();
            (format!("(?:{})", items.join("|")), 100.0, true)
        }
        "path" => ("[^/].*?".to_owned(), 200.0, false),
        "int" => (
            if signed { "-?\\d+" } else { "\\d+" }.to_owned(),
            50.0,
            true,
        ),
        "float" => (
            if signed {
                "-?\\d+\\.\\d+"
            } else {
                "\\d+\\.\\d+"
            }
            .to_owned(),
            50.0,
            true,
        ),
        "uuid" => (
            "[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}"
                .to_owned(),
            100.0,
            true,
        ),
        // Any other name: a user converter with the regex given as its
        // argument, matched externally.
        _ => {
            let regex = arguments.unwrap_or("[^/]+").to_owned();
            let isolating = !regex.contains('/');
            (regex, 100.0, isolating)
        }
    };
    ConverterSpec {
        regex,
        weight,
        part_isolating,
    }
}

/// Options of a test rule.
#[derive(Clone)]
pub(crate) struct Opts {
    pub domain: &'static str,
    pub methods: Option<&'static [&'static str]>,
    pub websocket: bool,
    pub strict_slashes: bool,
    pub merge_slashes: bool,
}

impl Default for Opts {
    fn default() -> Self {
        Opts {
            domain: "",
            methods: None,
            websocket: false,
            strict_slashes: true,
            merge_slashes: true,
        }
    }
}

pub(crate) fn converters_of(tokens: &[Token<'_>]) -> Vec<ConverterSpec> {
    tokens
        .iter()
        .filter_map(|token| match token {
            Token::Variable {
                converter,
                arguments,
                ..
            } => Some(builtin(converter, *arguments)),
            _ => None,
        })
        .collect()
}

/// The spec of a rule string with built-in converters.
pub(crate) fn spec<'a>(rule: &'a str, opts: &Opts, merged: &'a mut String) -> RuleSpec<'a> {
    *merged = if opts.merge_slashes {
        super::rule::merge_slashes(rule).into_owned()
    } else {
        rule.to_owned()
    };
    let domain = tokenize(opts.domain).unwrap_or_default();
    let path = tokenize(merged).unwrap_or_default();
    let mut converters = converters_of(&domain);
    converters.extend(converters_of(&path));
    RuleSpec {
        domain,
        path,
        converters,
        methods: opts.methods.map(|m| m.iter().collect()),
        websocket: opts.websocket,
        strict_slashes: opts.strict_slashes,
        merge_slashes: opts.merge_slashes,
    }
}

/// A matcher of rules with default options.
pub(crate) fn machine(rules: &[&str]) -> Matcher {
    machine_with(rules.iter().map(|r| (*r, Opts::default())))
}

pub(crate) fn machine_with<'a>(rules: impl IntoIterator<Item = (&'a str, Opts)>) -> Matcher {
    let mut matcher = Matcher::new();
    for (rule, opts) in rules {
        let mut merged = String::new();
        let added = matcher.add(spec(rule, &opts, &mut merged));
        assert!(added.is_ok(), "rule {rule:?} refused: {added:?}");
    }
    matcher.update();
    matcher
}

/// `(rule index, values)` for a match, else a description of the outcome.
pub(crate) fn run(matcher: &Matcher, path: &str) -> Result<(usize, Vec<String>), String> {
    run_full(matcher, "", path, "GET", false)
}

pub(crate) fn run_full(
    matcher: &Matcher,
    domain: &str,
    path: &str,
    method: &str,
    websocket: bool,
) -> Result<(usize, Vec<String>), String> {
    run_merge(matcher, domain, path, method, websocket, true)
}

pub(crate) fn run_merge(
    matcher: &Matcher,
    domain: &str,
    path: &str,
    method: &str,
    websocket: bool,
    merge_slashes: bool,
) -> Result<(usize, Vec<String>), String> {
    let outcome = matcher.match_path(
        domain,
        path,
        method,
        websocket,
        merge_slashes,
        &mut NoExternal,
    );
    match outcome {
        Ok(Outcome::Match { rule, values }) => {
            Ok((rule.0, values.into_iter().map(|v| v.into_owned()).collect()))
        }
        Ok(Outcome::RequestPath(path)) => Err(format!("redirect {path}")),
        Ok(Outcome::NoMatch {
            mut have_match_for,
            websocket_mismatch,
        }) => {
            have_match_for.sort();
            Err(format!(
                "no match {have_match_for:?} websocket_mismatch={websocket_mismatch}"
            ))
        }
        Err(never) => match never {},
    }
}

/// An external matcher for tests: answers from a closure per part id and
/// records the calls.
pub(crate) struct FakeExternal<F> {
    pub answer: F,
    pub calls: Vec<(ExternalPartId, String)>,
}

impl<F> ExternalMatcher for FakeExternal<F>
where
    F: FnMut(ExternalPartId, &str) -> Option<ExternalMatch>,
{
    type Error = String;
    fn match_part(
        &mut self,
        part: ExternalPartId,
        target: &str,
    ) -> Result<Option<ExternalMatch>, String> {
        self.calls.push((part, target.to_owned()));
        if target.starts_with("fail") {
            return Err("external failure".to_owned());
        }
        Ok((self.answer)(part, target))
    }
}
