//! Structured header values: accept headers, `Cache-Control`,
//! `Content-Security-Policy`, entity tags and ranges. Each function returns
//! the finished Python values the datastructures are built from.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};

use rostzeug_core::accept::{self, MatchRule, Quality, Specificity};
use rostzeug_core::cache_control::parse_cache_control;
use rostzeug_core::csp::parse_csp;
use rostzeug_core::etag;
use rostzeug_core::range::{self, ByteRange, PlainInt};

/// Orders `parse_accept` can return its items in.
const ORDER_HEADER: u8 = 0;
const ORDER_PLAIN: u8 = 1;
const ORDER_MEDIA_TYPE: u8 = 2;

/// Parses an accept header into `(value, quality)` tuples.
///
/// `order` 0 keeps header order, 1 sorts as `Accept` does, 2 as
/// `MIMEAccept` does. The quality is the int `1` when no `q` was given.
#[pyfunction]
fn parse_accept<'py>(
    value: &Bound<'py, PyString>,
    #[pyo3(from_py_with = order_arg)] order: u8,
) -> PyResult<Bound<'py, PyList>> {
    let py = value.py();
    let text = value.to_str()?;
    let items = match order {
        ORDER_HEADER => accept::parse_accept(text),
        ORDER_PLAIN => accept::parse_accept_sorted(text, Specificity::Plain),
        ORDER_MEDIA_TYPE => accept::parse_accept_sorted(text, Specificity::MediaType),
        _ => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "order must be 0 (header), 1 (plain) or 2 (media type), not {order}"
            )))
        }
    };
    let one = 1i32.into_pyobject(py)?;
    let tuples = items
        .iter()
        .map(|item| {
            let quality = match item.quality {
                Quality::Implicit => one.clone().into_any(),
                Quality::Explicit(q) => PyFloat::new(py, q).into_any(),
            };
            PyTuple::new(py, [PyString::new(py, &item.value).into_any(), quality])
        })
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, tuples)
}

fn order_arg(value: &Bound<'_, PyAny>) -> PyResult<u8> {
    crate::args::int(value, "order", "0 (header), 1 (plain) or 2 (media type)")
}

/// The `(value, quality)` tuples of recently parsed accept headers, one
/// dict per order. A client sends the same `Accept*` values with every
/// request and few distinct values are in use, so most requests find theirs
/// here. The tuples and what they hold are immutable, so instances can share
/// them.
static PLAIN_ACCEPT_CACHE: PyOnceLock<Py<PyDict>> = PyOnceLock::new();
static MEDIA_TYPE_ACCEPT_CACHE: PyOnceLock<Py<PyDict>> = PyOnceLock::new();
/// Entries kept per order; the dict is emptied when it is full.
const ACCEPT_CACHE_ENTRIES: usize = 256;
/// Longer values are parsed every time rather than kept.
const ACCEPT_CACHE_MAX_LEN: usize = 1024;

/// The `(value, quality)` tuples of an accept header in the given order.
fn sorted_accept_items<'py>(
    value: &Bound<'py, PyString>,
    specificity: Specificity,
) -> PyResult<Bound<'py, PyTuple>> {
    let py = value.py();
    let text = value.to_str()?;
    // Only exact str keys: a subclass may hash or compare its own way.
    let cache = if text.len() <= ACCEPT_CACHE_MAX_LEN && value.is_exact_instance_of::<PyString>() {
        let cell = match specificity {
            Specificity::Plain => &PLAIN_ACCEPT_CACHE,
            Specificity::MediaType => &MEDIA_TYPE_ACCEPT_CACHE,
        };
        let cache = cell.get_or_init(py, || PyDict::new(py).unbind()).bind(py);
        if let Some(items) = cache.get_item(value)? {
            return Ok(items.cast_into::<PyTuple>()?);
        }
        Some(cache)
    } else {
        None
    };
    let one = 1i32.into_pyobject(py)?;
    let mut tuples = Vec::new();
    for item in accept::parse_accept_sorted(text, specificity) {
        let quality = match item.quality {
            Quality::Implicit => one.clone().into_any(),
            Quality::Explicit(q) => PyFloat::new(py, q).into_any(),
        };
        tuples.push(PyTuple::new(
            py,
            [PyString::new(py, &item.value).into_any(), quality],
        )?);
    }
    let items = PyTuple::new(py, tuples)?;
    if let Some(cache) = cache {
        if cache.len() >= ACCEPT_CACHE_ENTRIES {
            cache.clear();
        }
        cache.set_item(value, &items)?;
    }
    Ok(items)
}

/// Parses an accept header straight into a new, empty instance of `cls`
/// (a list subclass created with `cls.__new__`, so its constructor does not
/// sort again), adding the `(value, quality)` tuples in the order `order`
/// gives (1 or 2 as for `parse_accept`) and setting `provided` to True.
#[pyfunction]
fn parse_accept_into<'py>(
    cls: &Bound<'py, PyType>,
    value: &Bound<'py, PyString>,
    #[pyo3(from_py_with = order_arg)] order: u8,
) -> PyResult<Bound<'py, PyAny>> {
    let py = value.py();
    let specificity = match order {
        ORDER_PLAIN => Specificity::Plain,
        ORDER_MEDIA_TYPE => Specificity::MediaType,
        _ => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "order must be 1 (plain) or 2 (media type), not {order}"
            )))
        }
    };
    let items = sorted_accept_items(value, specificity)?;
    let instance = cls.call_method1(pyo3::intern!(py, "__new__"), (cls,))?;
    instance.cast::<PyList>()?.set_slice(0, 0, &items)?;
    instance.setattr(pyo3::intern!(py, "provided"), true)?;
    Ok(instance)
}

/// Picks the best of `offered` for an `Accept` list of `(value, quality)`
/// tuples (in the order the object keeps them), or returns `default`.
///
/// With `language` true, values compare as language tags and the primary
/// subtag fallbacks of `LanguageAccept` apply; otherwise they compare
/// case-insensitively as in `Accept`.
#[pyfunction]
fn accept_best_match<'py>(
    accepted: &Bound<'py, PyAny>,
    offered: &Bound<'py, PyAny>,
    default: Bound<'py, PyAny>,
    language: bool,
) -> PyResult<Bound<'py, PyAny>> {
    // Lists (an Accept is one) and tuples are read without the iterator
    // protocol; anything else is collected into a list first.
    let accepted = as_sequence(accepted)?;
    let offered = as_sequence(offered)?;
    // The strings are kept alive here while the matcher borrows their text.
    let mut accepted_values = Vec::with_capacity(accepted.len());
    for item in accepted.iter_borrowed() {
        let pair = item.cast::<PyTuple>()?;
        let value = pair.get_borrowed_item(0)?.cast::<PyString>()?.to_owned();
        let quality: f64 = pair.get_borrowed_item(1)?.extract()?;
        accepted_values.push((value, quality));
    }
    let mut offered_values = Vec::with_capacity(offered.len());
    for item in offered.iter_borrowed() {
        let text = item.cast::<PyString>().map_err(|_| {
            PyTypeError::new_err(format!(
                "best_match takes an iterable of str, found {}",
                item.get_type()
                    .name()
                    .map_or_else(|_| "?".to_owned(), |name| name.to_string())
            ))
        })?;
        offered_values.push(text.to_owned());
    }
    // Filled in loops rather than collected from fallible iterators, whose
    // unknown length grows the vectors step by step.
    let mut accepted_text = Vec::with_capacity(accepted_values.len());
    for (value, quality) in &accepted_values {
        accepted_text.push((value.to_str()?, *quality));
    }
    let mut offered_text = Vec::with_capacity(offered_values.len());
    for value in &offered_values {
        offered_text.push(value.to_str()?);
    }
    let rule = if language {
        MatchRule::Language
    } else {
        MatchRule::Plain
    };
    match accept::best_match(&accepted_text, &offered_text, rule) {
        Some(index) => offered.get_item(index).map(Bound::into_any),
        None => Ok(default),
    }
}

/// A tuple of the items of `items`: the object itself when it is a tuple,
/// a copy of a list (cheap), or the collected items of another iterable.
fn as_sequence<'py>(items: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyTuple>> {
    if let Ok(tuple) = items.cast::<PyTuple>() {
        return Ok(tuple.clone());
    }
    if let Ok(list) = items.cast::<PyList>() {
        return Ok(list.to_tuple());
    }
    PyTuple::new(
        py_of(items),
        items.try_iter()?.collect::<PyResult<Vec<_>>>()?,
    )
}

fn py_of<'py>(object: &Bound<'py, PyAny>) -> Python<'py> {
    object.py()
}

/// Parses a `Cache-Control` value into a dict of directives; directives
/// without a value map to None.
#[pyfunction]
fn parse_cache_control_dict<'py>(value: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyDict>> {
    let py = value.py();
    let dict = PyDict::new(py);
    for (key, directive) in parse_cache_control(value.to_str()?) {
        match directive {
            Some(directive) => dict.set_item(key.as_ref(), directive.as_ref())?,
            None => dict.set_item(key.as_ref(), py.None())?,
        }
    }
    Ok(dict)
}

/// Parses a `Content-Security-Policy` value into `(directive, value)` pairs.
#[pyfunction]
fn parse_csp_pairs<'py>(value: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyList>> {
    let py = value.py();
    let pairs = parse_csp(value.to_str()?)
        .into_iter()
        .map(|(directive, text)| PyTuple::new(py, [directive, text]))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, pairs)
}

/// Parses an `If-Match` / `If-None-Match` value into
/// `(star, strong_tags, weak_tags)`.
///
/// An empty quoted tag `""` becomes None, which is what Werkzeug stores.
#[pyfunction]
fn parse_etag_lists<'py>(value: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyTuple>> {
    let py = value.py();
    let parsed = etag::parse_etags(value.to_str()?);
    let to_list = |tags: &[&str]| {
        PyList::new(
            py,
            tags.iter().map(|tag| {
                if tag.is_empty() {
                    py.None().into_bound(py)
                } else {
                    PyString::new(py, tag).into_any()
                }
            }),
        )
    };
    (
        parsed.star,
        to_list(&parsed.strong)?,
        to_list(&parsed.weak)?,
    )
        .into_pyobject(py)
}

/// Splits one entity tag into `(tag, weak)`; `(None, None)` when empty.
#[pyfunction]
fn unquote_etag<'py>(value: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyTuple>> {
    let py = value.py();
    match etag::unquote_etag(value.to_str()?) {
        Some((tag, weak)) => (tag, weak).into_pyobject(py),
        None => (py.None(), py.None()).into_pyobject(py),
    }
}

/// Below this many digits CPython never applies its `int(str)` limit (it is
/// also the smallest limit `sys.set_int_max_str_digits` accepts).
const INT_LIMIT_THRESHOLD: usize = 640;

/// Whether `int(str)` would convert a number of `written` digits: false
/// beyond `sys.get_int_max_str_digits()`, where Werkzeug's `int()` call
/// raises the ValueError it turns into "malformed". When an application
/// has lifted the limit (0), CPython's default still bounds the digits, so
/// a header can never make a quadratic-time conversion.
fn int_convertible(py: Python<'_>, written: usize) -> PyResult<bool> {
    if written <= INT_LIMIT_THRESHOLD {
        return Ok(true);
    }
    let sys = py.import("sys")?;
    let mut limit: usize = sys.getattr("get_int_max_str_digits")?.call0()?.extract()?;
    if limit == 0 {
        limit = sys
            .getattr("int_info")?
            .getattr("default_max_str_digits")?
            .extract()?;
    }
    Ok(written <= limit)
}

/// Converts `number` (plus one when `plus_one`) to a Python int of any size,
/// or None when it has more digits than `int(str)` converts.
fn py_int<'py>(
    py: Python<'py>,
    number: PlainInt<'_>,
    plus_one: bool,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    // Leading zeros count too: `int()` refuses `0...07` past the limit.
    if !int_convertible(py, number.written_digits)? {
        return Ok(None);
    }
    let add = i64::from(plus_one);
    if let Some(value) = number.to_i64().and_then(|n| n.checked_add(add)) {
        return Ok(Some(value.into_pyobject(py)?.into_any()));
    }
    let sign = if number.negative { "-" } else { "" };
    let big = py
        .get_type::<PyInt>()
        .call1((format!("{sign}{}", number.digits),))?;
    Ok(Some(if plus_one { big.add(1)? } else { big }))
}

/// Lower-cases `units` as `str.lower` does.
fn lower_units<'py>(py: Python<'py>, units: &str) -> PyResult<Bound<'py, PyAny>> {
    if units.is_ascii() {
        if units == "bytes" {
            return Ok(pyo3::intern!(py, "bytes").clone().into_any());
        }
        return Ok(PyString::new(py, &units.to_ascii_lowercase()).into_any());
    }
    PyString::new(py, units).call_method0("lower")
}

/// Parses a `Range` value into `(units, [(start, stop), ...])` with
/// exclusive stops (None when open) and negative starts for suffix
/// ranges, or None when it is malformed.
#[pyfunction]
fn parse_range_spec<'py>(value: &Bound<'py, PyString>) -> PyResult<Option<Bound<'py, PyTuple>>> {
    let py = value.py();
    let Some(parsed) = range::parse_range(value.to_str()?) else {
        return Ok(None);
    };
    // A number `int(str)` refuses makes the whole value malformed, as in
    // Werkzeug.
    let mut ranges = Vec::with_capacity(parsed.ranges.len());
    for byte_range in &parsed.ranges {
        let (start, stop) = match *byte_range {
            ByteRange::Suffix { length } => {
                let start = PlainInt {
                    negative: true,
                    ..length
                };
                (py_int(py, start, false)?, Some(py.None().into_bound(py)))
            }
            ByteRange::From { first, last } => (
                py_int(py, first, false)?,
                match last {
                    Some(last) => py_int(py, last, true)?,
                    None => Some(py.None().into_bound(py)),
                },
            ),
        };
        let (Some(start), Some(stop)) = (start, stop) else {
            return Ok(None);
        };
        ranges.push(PyTuple::new(py, [start, stop])?);
    }
    let units = lower_units(py, parsed.units)?;
    Ok(Some((units, PyList::new(py, ranges)?).into_pyobject(py)?))
}

/// Parses a `Content-Range` value into `(units, start, stop, length)` with
/// an exclusive stop, or None when it is malformed or not valid.
#[pyfunction]
fn parse_content_range_spec<'py>(
    value: &Bound<'py, PyString>,
) -> PyResult<Option<Bound<'py, PyTuple>>> {
    let py = value.py();
    let Some(parsed) = range::parse_content_range(value.to_str()?) else {
        return Ok(None);
    };
    let none = || Some(py.None().into_bound(py));
    let (start, stop) = match parsed.range {
        Some((first, last)) => (py_int(py, first, false)?, py_int(py, last, true)?),
        None => (none(), none()),
    };
    let length = match parsed.length {
        Some(length) => py_int(py, length, false)?,
        None => none(),
    };
    // A number `int(str)` refuses makes the whole value malformed.
    let (Some(start), Some(stop), Some(length)) = (start, stop, length) else {
        return Ok(None);
    };
    let units = if parsed.units == "bytes" {
        pyo3::intern!(py, "bytes").clone().into_any()
    } else {
        PyString::new(py, parsed.units).into_any()
    };
    Ok(Some(PyTuple::new(py, [units, start, stop, length])?))
}

pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(parse_accept, module)?)?;
    module.add_function(wrap_pyfunction!(parse_accept_into, module)?)?;
    module.add_function(wrap_pyfunction!(accept_best_match, module)?)?;
    module.add_function(wrap_pyfunction!(parse_cache_control_dict, module)?)?;
    module.add_function(wrap_pyfunction!(parse_csp_pairs, module)?)?;
    module.add_function(wrap_pyfunction!(parse_etag_lists, module)?)?;
    module.add_function(wrap_pyfunction!(unquote_etag, module)?)?;
    module.add_function(wrap_pyfunction!(parse_range_spec, module)?)?;
    module.add_function(wrap_pyfunction!(parse_content_range_spec, module)?)?;
    Ok(())
}
