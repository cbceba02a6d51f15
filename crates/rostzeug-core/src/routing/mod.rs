//! URL routing: Werkzeug's rule grammar, its state machine matcher and URL
//! building templates.
//!
//! The binding turns each Python `Rule` into a [`RuleSpec`] (its tokens and
//! what it knows of the converters), adds it to a [`Matcher`], and asks
//! [`Matcher::match_path`] for the rule a request path selects. Parts whose
//! converter regexes are not Werkzeug's built-in ones are matched by the
//! caller through [`ExternalMatcher`], with the regex source the engine gives
//! for them.

mod build;
mod converter;
mod digits;
mod matcher;
mod rule;
#[cfg(test)]
mod testing;

pub use build::{quote_segment, BuildOp, BuildTemplate};
pub use converter::{recognize, ConverterSpec, Pattern};
pub use matcher::{
    Added, ExternalMatch, ExternalMatcher, ExternalPart, ExternalPartId, Matcher, Methods,
    NoExternal, Outcome, RuleId, RuleSpec,
};
pub use rule::{merge_slashes, re_escape, tokenize, RuleError, Token, Weighting};
