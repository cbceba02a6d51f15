//! Query-string parsing into the storage of a MultiDict.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use rostzeug_core::query::{parse_groups, parse_pairs};

/// Reads `data` as UTF-8, raising the same `UnicodeDecodeError` as
/// `bytes.decode()` when it is not.
fn as_utf8<'a>(data: &'a Bound<'_, PyBytes>) -> PyResult<&'a str> {
    match std::str::from_utf8(data.as_bytes()) {
        Ok(text) => Ok(text),
        Err(_) => {
            // Let Python build the exception so its message and offsets match.
            data.call_method0("decode")?;
            Err(pyo3::exceptions::PyUnicodeDecodeError::new_err(
                "query string is not valid UTF-8",
            ))
        }
    }
}

/// Parses a query string into a list of `(name, value)` tuples.
#[pyfunction]
fn parse_query_pairs<'py>(data: &Bound<'py, PyBytes>) -> PyResult<Bound<'py, PyList>> {
    let py = data.py();
    let list = PyList::empty(py);
    for (name, value) in parse_pairs(as_utf8(data)?) {
        let pair = PyTuple::new(py, [PyString::new(py, &name), PyString::new(py, &value)])?;
        list.append(pair)?;
    }
    Ok(list)
}

/// Parses a query string into a dict mapping each name to the list of its
/// values in order: the storage layout of a MultiDict.
///
/// The pairs are grouped in Rust first, so that each name becomes one
/// Python string and the dict is only written to.
#[pyfunction]
fn parse_query_lists<'py>(data: &Bound<'py, PyBytes>) -> PyResult<Bound<'py, PyDict>> {
    let py = data.py();
    let dict = PyDict::new(py);
    for group in parse_groups(as_utf8(data)?) {
        let values = PyList::new(py, [PyString::new(py, &group.first)])?;
        for value in &group.more {
            values.append(PyString::new(py, value))?;
        }
        dict.set_item(PyString::new(py, &group.name), values)?;
    }
    Ok(dict)
}

pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(parse_query_pairs, module)?)?;
    module.add_function(wrap_pyfunction!(parse_query_lists, module)?)?;
    Ok(())
}
