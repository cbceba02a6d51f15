//! The `rostzeug._native` extension module: turns the results of
//! `rostzeug-core` into finished Python objects.

use pyo3::prelude::*;

mod query;

#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    query::register(module)?;
    Ok(())
}
