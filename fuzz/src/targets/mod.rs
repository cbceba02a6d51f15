//! The body of each fuzz target, as a plain function: `fuzz_targets/<name>.rs`
//! hands libFuzzer's inputs to it, and the replay test runs it over the
//! committed corpus and past findings on the stable toolchain.

pub mod accept;
pub mod cache_control;
pub mod cookie;
pub mod csp;
pub mod date;
pub mod etag;
pub mod http1;
pub mod multipart;
pub mod options_header;
pub mod range;
pub mod reloader_fnmatch;
pub mod routing;
pub mod user_agent;

/// A target's body: checks one input, panicking on a finding.
pub type Target = fn(&[u8]);

/// Each target's name (its directory under `corpus/` and `regressions/`)
/// and body.
pub const TARGETS: &[(&str, Target)] = &[
    ("accept", accept::run),
    ("cache_control", cache_control::run),
    ("cookie", cookie::run),
    ("csp", csp::run),
    ("date", date::run),
    ("etag", etag::run),
    ("http1", http1::run),
    ("multipart", multipart::run),
    ("options_header", options_header::run),
    ("range", range::run),
    ("reloader_fnmatch", reloader_fnmatch::run),
    ("routing", routing::run),
    ("user_agent", user_agent::run),
];
