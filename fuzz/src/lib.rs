//! What every text fuzz target shares: the split between checking an input
//! and checking that parsing stays linear in its length.

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
