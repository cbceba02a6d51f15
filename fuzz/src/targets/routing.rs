//! Random small rule sets and paths: building the matcher and matching never
//! panic, matching is deterministic (twice, and on a clone), outcomes are
//! consistent with the rules, and matching stays linear on long paths.

use std::borrow::Cow;
use std::collections::HashMap;
use std::convert::Infallible;

use crate::fuzz_text;
use rostzeug_core::routing::{
    merge_slashes, quote_segment, tokenize, BuildTemplate, ConverterSpec, ExternalMatch,
    ExternalMatcher, ExternalPartId, Matcher, Outcome, RuleSpec, Token,
};

/// The spec Werkzeug's built-in converter of this name would give, roughly:
/// the argument text picks lengths or items; unknown names get the argument
/// text as their regex, which the engine hands to the external matcher.
fn converter(name: &str, arguments: Option<&str>) -> ConverterSpec {
    let arguments = arguments.unwrap_or("");
    let numbers: Vec<&str> = arguments
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    let (regex, weight, part_isolating) = match name {
        "default" | "string" => {
            let regex = match numbers.as_slice() {
                [] => "[^/]{1,}".to_owned(),
                [n] => format!("[^/]{{{n}}}"),
                [m, n, ..] => format!("[^/]{{{m},{n}}}"),
            };
            (regex, 100.0, true)
        }
        "int" => ("\\d+".to_owned(), 50.0, true),
        "signed" => ("-?\\d+".to_owned(), 50.0, true),
        "float" => ("\\d+\\.\\d+".to_owned(), 50.0, true),
        "path" => ("[^/].*?".to_owned(), 200.0, false),
        "uuid" => (
            "[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}"
                .to_owned(),
            100.0,
            true,
        ),
        "any" => {
            let items: Vec<String> = arguments
                .split(',')
                .map(|item| rostzeug_core::routing::re_escape(item.trim()).into_owned())
                .collect();
            (format!("(?:{})", items.join("|")), 100.0, true)
        }
        _ => (arguments.to_owned(), 75.0, !arguments.contains('/')),
    };
    ConverterSpec {
        regex,
        weight,
        part_isolating,
    }
}

/// Answers for external parts from the target alone, so that matching
/// stays deterministic; knows how many groups each part has.
struct Echo<'a>(&'a HashMap<ExternalPartId, usize>);

impl ExternalMatcher for Echo<'_> {
    type Error = Infallible;
    fn match_part(
        &mut self,
        part: ExternalPartId,
        target: &str,
    ) -> Result<Option<ExternalMatch>, Infallible> {
        if target.len().is_multiple_of(3) {
            return Ok(None);
        }
        let groups = self.0.get(&part).copied().unwrap_or(0);
        Ok(Some(ExternalMatch {
            groups: vec![target.to_owned(); groups],
            slash_suffix: target.ends_with('/'),
        }))
    }
}

struct Built<'a> {
    matcher: Matcher,
    converters: Vec<usize>,
    external: Vec<bool>,
    groups: HashMap<ExternalPartId, usize>,
    _tokens: Vec<Vec<Token<'a>>>,
}

/// A rule field: an optional flags digit, then `domain|path` or a path.
/// With `update_every`, the machine is also updated after that many rules,
/// as a map that gets rules added after it matched.
fn build<'a>(fields: &[&'a str], update_every: Option<usize>) -> Built<'a> {
    let mut matcher = Matcher::new();
    let mut converters = Vec::new();
    let mut external = Vec::new();
    let mut groups = HashMap::new();
    let mut kept = Vec::new();
    for field in fields {
        let (flags, rule) = match field.as_bytes().first() {
            Some(digit @ b'0'..=b'9') => (digit - b'0', field.get(1..).unwrap_or("")),
            _ => (0, *field),
        };
        let (domain, path) = rule.split_once('|').unwrap_or(("", rule));
        let (Ok(domain), Ok(path)) = (tokenize(domain), tokenize(path)) else {
            continue;
        };
        let specs: Vec<ConverterSpec> = domain
            .iter()
            .chain(&path)
            .filter_map(|token| match token {
                Token::Variable {
                    converter: name,
                    arguments,
                    ..
                } => Some(converter(name, *arguments)),
                _ => None,
            })
            .collect();
        let template = BuildTemplate::new(&domain, &path);
        let _ = template;
        let count = specs.len();
        let methods = match flags % 4 {
            1 => Some(["GET", "HEAD"].into_iter().collect()),
            2 => Some(["POST"].into_iter().collect()),
            _ => None,
        };
        let spec = RuleSpec {
            domain: domain.clone(),
            path: path.clone(),
            converters: specs,
            methods,
            websocket: flags & 4 != 0,
            strict_slashes: flags & 8 == 0,
            merge_slashes: flags % 3 != 0,
        };
        let added = matcher.add(spec);
        let Ok(added) = added else {
            panic!("a rule with one converter per variable was refused: {added:?}");
        };
        assert_eq!(added.rule.0, converters.len());
        for part in &added.external {
            assert!(part.regex.ends_with("\\Z"));
            assert_eq!(part.suffixed, part.regex.ends_with("(?<!/)(/?)\\Z"));
            assert!(groups.insert(part.id, part.groups).is_none());
        }
        converters.push(count);
        external.push(!added.external.is_empty());
        if update_every.is_some_and(|every| converters.len() % every.max(1) == 0) {
            matcher.update();
        }
        kept.push(domain);
        kept.push(path);
    }
    matcher.update();
    Built {
        matcher,
        converters,
        external,
        groups,
        _tokens: kept,
    }
}

fn outcome_of<'p>(
    built: &Built<'_>,
    m: &Matcher,
    domain: &'p str,
    path: &'p str,
    method: &str,
    ws: bool,
) -> Outcome<'p> {
    match m.match_path(domain, path, method, ws, true, &mut Echo(&built.groups)) {
        Ok(outcome) => outcome,
        Err(never) => match never {},
    }
}

fn check(text: &str) {
    let mut fields: Vec<&str> = text.split('\t').collect();
    let split = fields.len().min(8) / 2 + 1;
    let paths = fields.split_off(split.min(fields.len()));
    let built = build(&fields, None);
    let copy = built.matcher.clone();
    // Updating in between gives the same machine: sorting is stable.
    let stepwise = build(&fields, Some(1 + text.len() % 3));
    for (i, path) in paths.iter().enumerate() {
        let (domain, path) = path.split_once('|').unwrap_or(("", path));
        let method = ["GET", "POST", "PUT"][i % 3];
        let websocket = i % 4 == 3;
        let first = outcome_of(&built, &built.matcher, domain, path, method, websocket);
        assert_eq!(
            first,
            outcome_of(&built, &built.matcher, domain, path, method, websocket)
        );
        assert_eq!(
            first,
            outcome_of(&built, &copy, domain, path, method, websocket)
        );
        assert_eq!(
            first,
            outcome_of(
                &stepwise,
                &stepwise.matcher,
                domain,
                path,
                method,
                websocket
            )
        );
        match first {
            Outcome::Match { rule, values } => {
                assert_eq!(Some(&values.len()), built.converters.get(rule.0));
                if built.external.get(rule.0) == Some(&false) {
                    // Native values are pieces of the domain and path.
                    let whole = format!("{domain}/{path}");
                    for value in &values {
                        assert!(whole.contains(value.as_ref()));
                    }
                }
            }
            Outcome::RequestPath(target) => {
                assert!(target.ends_with('/') || !target.contains("//"));
            }
            Outcome::NoMatch { have_match_for, .. } => {
                let mut unique = have_match_for.clone();
                unique.sort();
                unique.dedup();
                assert_eq!(unique.len(), have_match_for.len());
            }
        }
        let merged = merge_slashes(path);
        assert!(!merged.contains("//"));
        assert_eq!(merge_slashes(&merged), merged);
        let quoted = quote_segment(path);
        assert!(quoted.is_ascii());
        if let Cow::Borrowed(same) = quoted {
            assert_eq!(same, path);
        }
    }
}

/// Checks one input; panics on a finding.
pub fn run(data: &[u8]) {
    fuzz_text(data, check, |long| {
        let built = build(
            &[
                "/<a>-<b>-<c>",
                "/<path:a>/x/<path:b>/",
                "/<a>.<int:b>",
                "/<any(a,aa,b):a><string(2,9):b>-<c>",
                "/<int:a><b>",
            ],
            None,
        );
        // A quarter of the shared length: the comparisons libFuzzer traces
        // make every character costly, and a quadratic matcher would still
        // take 16K x 16K steps here.
        let mut end = long.len().min(16 * 1024);
        while !long.is_char_boundary(end) {
            end -= 1;
        }
        let long = long.get(..end).unwrap_or(long);
        let path = format!("/{long}");
        let _ = outcome_of(&built, &built.matcher, "", &path, "GET", false);
        let _ = tokenize(long);
    });
}
