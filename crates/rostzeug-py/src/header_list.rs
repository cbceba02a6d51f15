//! Hot paths of `Headers` on its list of `(key, value)` pairs: replacing
//! one header in a short list, and the header list a response sends.
//!
//! Each function handles the common case only (ASCII string keys, string
//! values) and returns None or False for anything else, so that the Python
//! code, which is the reference, takes over unchanged.

use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};

/// The key of `pair` when it is a `(str, str)` tuple with an ASCII key, or
/// None. Python compares keys with `str.lower()`, which folds a few
/// non-ASCII characters onto ASCII ones (the Kelvin sign onto `k`), so only
/// ASCII keys may be compared byte-wise.
fn ascii_key<'a>(pair: &'a Bound<'_, PyAny>) -> Option<Bound<'a, PyString>> {
    let pair = pair.cast::<PyTuple>().ok()?;
    if pair.len() != 2 {
        return None;
    }
    let key = pair.get_item(0).ok()?.cast_into_exact::<PyString>().ok()?;
    key.to_str().ok()?.is_ascii().then_some(key)
}

/// Whether a header value may be stored as it is: a `str` without CR or LF.
fn is_plain_value(value: &Bound<'_, PyAny>) -> Option<()> {
    let text = value.cast_exact::<PyString>().ok()?.to_str().ok()?;
    (!text.contains(['\r', '\n'])).then_some(())
}

/// Sets header `key` to `value` in `items`, the pair list of a `Headers`
/// that has no lookup index, as `Headers.set` does: the first pair with
/// that key (compared case-insensitively) is replaced in place and any
/// later ones removed; a new key goes at the end.
///
/// Returns False, changing nothing, when the list has `limit` pairs or
/// more, or when a key or the value is not a plain ASCII string case.
#[pyfunction]
fn set_in_short_header_list(
    items: &Bound<'_, PyList>,
    key: &Bound<'_, PyAny>,
    value: &Bound<'_, PyAny>,
    #[pyo3(from_py_with = limit_arg)] limit: usize,
) -> PyResult<bool> {
    let size = items.len();
    if size >= limit || is_plain_value(value).is_none() {
        return Ok(false);
    }
    let Some(key_text) = key
        .cast_exact::<PyString>()
        .ok()
        .and_then(|key| key.to_str().ok())
        .filter(|text| text.is_ascii())
    else {
        return Ok(false);
    };
    let mut first = None;
    let mut later = Vec::new();
    for (position, pair) in items.iter().enumerate() {
        let Some(item_key) = ascii_key(&pair) else {
            return Ok(false);
        };
        if item_key.to_str()?.eq_ignore_ascii_case(key_text) {
            if first.is_none() {
                first = Some(position);
            } else {
                later.push(position);
            }
        }
    }
    let new_pair = PyTuple::new(items.py(), [key, value])?;
    let Some(first) = first else {
        items.append(new_pair)?;
        return Ok(true);
    };
    items.set_item(first, new_pair)?;
    // From the end, so that the positions still to remove hold.
    for &position in later.iter().rev() {
        items.del_slice(position, position + 1)?;
    }
    Ok(true)
}

/// The `(key, value)` pairs a response sends, from `items`, the pair list
/// of its headers: a copy, with `Content-Length: body_length` added when
/// `body_length` is given and the list has no `Content-Length`.
///
/// Returns None when the list holds a `Location` or `Content-Location`
/// header, which are rewritten before sending, or a pair that is not a
/// plain ASCII string case; the caller then builds the list in Python.
#[pyfunction]
#[pyo3(signature = (items, body_length=None))]
fn plain_wsgi_header_list<'py>(
    items: &Bound<'py, PyList>,
    #[pyo3(from_py_with = body_length_arg)] body_length: Option<usize>,
) -> PyResult<Option<Bound<'py, PyList>>> {
    let mut has_content_length = false;
    for pair in items.iter() {
        let Some(key) = ascii_key(&pair) else {
            return Ok(None);
        };
        let key = key.to_str()?;
        if key.eq_ignore_ascii_case("content-length") {
            has_content_length = true;
        } else if key.eq_ignore_ascii_case("location")
            || key.eq_ignore_ascii_case("content-location")
        {
            return Ok(None);
        }
    }
    let pairs = items.get_slice(0, items.len());
    if let (false, Some(length)) = (has_content_length, body_length) {
        pairs.append(("Content-Length", length.to_string()))?;
    }
    Ok(Some(pairs))
}

pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(set_in_short_header_list, module)?)?;
    module.add_function(wrap_pyfunction!(plain_wsgi_header_list, module)?)?;
    Ok(())
}

fn limit_arg(value: &Bound<'_, PyAny>) -> PyResult<usize> {
    Ok(crate::args::size_limit(value, "limit")?.unwrap_or(usize::MAX))
}

fn body_length_arg(value: &Bound<'_, PyAny>) -> PyResult<Option<usize>> {
    if value.is_none() {
        return Ok(None);
    }
    crate::args::int(value, "body_length", "None or an int from 0 to 2**64 - 1").map(Some)
}
