//! The `rostzeug._native` extension module: turns the results of
//! `rostzeug-core` into finished Python objects.

use pyo3::prelude::*;

mod args;
mod header_list;
mod http1;
mod http_basic;
mod http_structured;
mod multipart;
mod query;
mod reloader;
mod routing;
mod user_agent;

#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    header_list::register(module)?;
    http1::register(module)?;
    http_basic::register(module)?;
    http_structured::register(module)?;
    multipart::register(module)?;
    query::register(module)?;
    reloader::register(module)?;
    routing::register(module)?;
    user_agent::register(module)?;
    Ok(())
}
