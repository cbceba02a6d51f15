//! Sans-IO parsers and formatters behind rostzeug.
//!
//! Every function here works on `&[u8]` or `&str`, allocates only what it
//! returns, runs in time linear in its input and never panics: malformed input
//! becomes an error value or is handled as Werkzeug handles it.

pub mod accept;
pub mod cache_control;
pub mod cookie;
pub mod csp;
pub mod date;
pub mod etag;
pub mod header;
pub mod http1;
pub mod multipart;
mod ordered_map;
pub mod percent;
pub mod query;
pub mod range;
pub mod user_agent;
