//! Random user agent strings: the parser never panics, the version and the
//! language are slices of the input, the corrections change only what they
//! are documented to change, and the work stays linear (long runs of
//! `Trident/`, white space and semicolons included).

use crate::fuzz_text;
use rostzeug_core::user_agent::{parse, parse_werkzeug_2_0, Browser};

fn is_slice_of(part: &str, text: &str) -> bool {
    let start = part.as_ptr() as usize;
    let base = text.as_ptr() as usize;
    start >= base && start + part.len() <= base + text.len()
}

fn check(text: &str) {
    let exact = parse_werkzeug_2_0(text);
    let corrected = parse(text);
    for part in [
        exact.version,
        exact.language,
        corrected.version,
        corrected.language,
    ]
    .into_iter()
    .flatten()
    {
        assert!(is_slice_of(part, text));
    }
    if let Some(version) = corrected.version {
        assert!(version.chars().next().is_some_and(char::is_numeric));
    }
    assert_eq!(exact.platform, corrected.platform);
    if corrected.browser != exact.browser || corrected.version != exact.version {
        let lower = text.to_lowercase();
        let keyword = match corrected.browser {
            Some(Browser::Google) => "googlebot",
            Some(Browser::Msn) => "msnbot",
            Some(Browser::Baidu) => "baiduspider",
            Some(Browser::Bing) => "bingbot",
            Some(Browser::Firefox) => "fxios",
            Some(Browser::Opera) => "opios",
            other => panic!("unexpected correction to {other:?}"),
        };
        // ASCII spellings only: other characters that fold to these letters
        // make the plain lowercase search miss.
        if text.is_ascii() {
            assert!(lower.contains(keyword));
        }
    }
    if corrected.language != exact.language {
        if let Some(language) = corrected.language {
            assert!(language.len() >= 2);
        }
    }
}

/// Checks one input; panics on a finding.
pub fn run(data: &[u8]) {
    fuzz_text(data, check, |long| {
        parse(long);
        parse_werkzeug_2_0(long);
    });
}
