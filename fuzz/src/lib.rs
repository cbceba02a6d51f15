//! The fuzz targets' checks (`targets`), and what every text target shares:
//! the split between checking an input and checking that parsing stays
//! linear in its length.

pub mod targets;

/// How long the repeated input of the linearity check is, in bytes.
pub const LONG_INPUT: usize = 64 * 1024;

/// Runs one text target. A leading 0xFF byte (never valid UTF-8) selects the
/// linearity check: `parse` gets the rest of the input repeated to at least
/// [`LONG_INPUT`] bytes, which has to finish within libFuzzer's time limit
/// (`-timeout=N`). Any other input that is UTF-8 goes to `check`.
pub fn fuzz_text(data: &[u8], check: impl FnOnce(&str), parse: impl FnOnce(&str)) {
    if let Some((&0xFF, rest)) = data.split_first() {
        if let Ok(text) = std::str::from_utf8(rest) {
            if !text.is_empty() {
                parse(&text.repeat(LONG_INPUT / text.len() + 1));
            }
        }
    } else if let Ok(text) = std::str::from_utf8(data) {
        check(text);
    }
}

/// Replays, on the stable toolchain, every file of `corpus/<target>/` (a
/// small minimized corpus, committed) and `regressions/<target>/` (past
/// findings, kept for good) through its target, so that a regression fails
/// `cargo test` without nightly or libFuzzer.
#[cfg(test)]
mod replay {
    use std::panic::{catch_unwind, AssertUnwindSafe};
    use std::path::{Path, PathBuf};

    use super::targets::TARGETS;

    fn inputs(dir: &Path) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|entry| entry.path())
                    .filter(|path| path.is_file())
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    }

    #[test]
    fn corpus_and_regressions() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut failures = Vec::new();
        for (name, run) in TARGETS {
            let corpus = inputs(&root.join("corpus").join(name));
            assert!(
                !corpus.is_empty(),
                "fuzz/corpus/{name}/ is empty: run `make fuzz` and commit its minimized corpus"
            );
            let regressions = inputs(&root.join("regressions").join(name));
            for path in corpus.iter().chain(&regressions) {
                let data = std::fs::read(path).unwrap_or_default();
                if catch_unwind(AssertUnwindSafe(|| run(&data))).is_err() {
                    failures.push(path.display().to_string());
                }
            }
        }
        assert!(failures.is_empty(), "inputs that fail: {failures:#?}");
    }
}
