//! Random accept headers: parsing, sorting and matching never panic, every
//! kept quality lies in 0..=1, the sorted order holds, and the work stays
//! linear.

use crate::fuzz_text;
use rostzeug_core::accept::{
    best_match, media_type_specificity, parse_accept, parse_accept_sorted, MatchRule, Specificity,
};

fn check(text: &str) {
    for item in parse_accept(text) {
        assert!((0.0..=1.0).contains(&item.quality.value()));
    }
    let plain = parse_accept_sorted(text, Specificity::Plain);
    for pair in plain.windows(2) {
        if let [a, b] = pair {
            let key = |v: &str, q: f64| (v != "*", q);
            assert!(key(&a.value, a.quality.value()) >= key(&b.value, b.quality.value()));
        }
    }
    let media = parse_accept_sorted(text, Specificity::MediaType);
    for pair in media.windows(2) {
        if let [a, b] = pair {
            assert!(media_type_specificity(&a.value) >= media_type_specificity(&b.value));
        }
    }
    let accepted: Vec<(&str, f64)> = plain
        .iter()
        .map(|item| (item.value.as_ref(), item.quality.value()))
        .collect();
    let offered: Vec<&str> = text.split(',').take(16).collect();
    for rule in [MatchRule::Plain, MatchRule::Language] {
        if let Some(index) = best_match(&accepted, &offered, rule) {
            assert!(index < offered.len());
        }
    }
}

/// Checks one input; panics on a finding.
pub fn run(data: &[u8]) {
    fuzz_text(data, check, |long| {
        parse_accept_sorted(long, Specificity::MediaType);
        parse_accept_sorted(long, Specificity::Plain);
    });
}
