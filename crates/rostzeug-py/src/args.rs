//! Integer arguments of native functions.
//!
//! PyO3 raises an OverflowError for an int outside the Rust type's range,
//! and names the argument only in a note. Here a wrong int is a TypeError or
//! ValueError whose message names the argument, and a size limit saturates
//! instead: one larger than any size allows everything and a negative one
//! allows nothing, as the same int compares in Python.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyInt;

fn not_an_int(value: &Bound<'_, PyAny>, name: &str) -> PyErr {
    let type_name = value
        .get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |name| name.to_string());
    PyTypeError::new_err(format!("{name} must be an int, not {type_name}"))
}

/// Extracts an int argument `name` of type `T`; `expected` says in the
/// error which ints it takes.
pub fn int<'py, T>(value: &Bound<'py, PyAny>, name: &str, expected: &str) -> PyResult<T>
where
    T: for<'a> FromPyObject<'a, 'py>,
{
    let Ok(int) = value.cast::<PyInt>() else {
        return Err(not_an_int(value, name));
    };
    int.extract::<T>()
        .map_err(|_| PyValueError::new_err(format!("{name} is out of range: pass {expected}")))
}

/// A size limit argument `name`: None for no limit, 0 for a negative int,
/// `usize::MAX` for an int beyond `usize`.
pub fn size_limit(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Option<usize>> {
    if value.is_none() {
        return Ok(None);
    }
    let Ok(int) = value.cast::<PyInt>() else {
        return Err(not_an_int(value, name));
    };
    match int.extract::<i64>() {
        Ok(max) => Ok(Some(usize::try_from(max).unwrap_or(0))),
        Err(_) if int.lt(0)? => Ok(Some(0)),
        Err(_) => Ok(Some(usize::MAX)),
    }
}

/// A limit argument `name` as an `i64`; ints beyond act as its ends.
pub fn saturating_i64(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Option<i64>> {
    if value.is_none() {
        return Ok(None);
    }
    let Ok(int) = value.cast::<PyInt>() else {
        return Err(not_an_int(value, name));
    };
    match int.extract::<i64>() {
        Ok(max) => Ok(Some(max)),
        Err(_) if int.lt(0)? => Ok(Some(i64::MIN)),
        Err(_) => Ok(Some(i64::MAX)),
    }
}
