//! Sans-IO parsers and formatters behind rostzeug.
//!
//! Every function here works on `&[u8]` or `&str`, allocates only what it
//! returns, runs in time linear in its input and never panics: malformed input
//! becomes an error value or is handled as Werkzeug handles it. The one
//! exception is [`reloader`], which watches files through the operating system
//! for the development server.

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
pub mod reloader;
pub mod routing;
pub mod user_agent;
