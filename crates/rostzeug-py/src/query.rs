//! Query-string parsing into the storage of a MultiDict.

use std::sync::{Mutex, MutexGuard};

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

use rostzeug_core::query::{raw_pairs, Decoder};

use crate::http_basic::multi_dict_classes;

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

/// How many names [`NAME_CACHE`] holds: a power of two.
const NAME_CACHE_SLOTS: usize = 1024;

/// Names longer than this are not cached: field and parameter names are
/// short, and the cache stays small.
const NAME_CACHE_MAX_LEN: usize = 40;

/// One slot of [`NAME_CACHE`]: a name and the string made for it.
type NameSlot = Option<(Box<str>, Py<PyString>)>;

/// Python strings of recently parsed names, in slots chosen by a hash of
/// the name, a newer name replacing an older one in its slot.
///
/// The same forms and query parameters arrive request after request; with
/// their names shared, a request makes and frees no string for them, and
/// the dict finds the hash the string already cached. Strings are
/// immutable, so sharing one is the same as making an equal one.
static NAME_CACHE: Mutex<Vec<NameSlot>> = Mutex::new(Vec::new());

/// The slot of `name` in [`NAME_CACHE`] (FNV-1a, cheap for short names).
fn name_slot(name: &str) -> usize {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in name.as_bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    // Only the low bits are kept, so the truncation on 32-bit targets is harmless.
    (hash as usize) & (NAME_CACHE_SLOTS - 1)
}

/// Makes the Python strings of names, through [`NAME_CACHE`] while it is
/// held.
pub(crate) struct NameStrings {
    /// None when the cache is busy: only when parsing runs again inside
    /// itself (a finalizer run by the garbage collector, say) or in another
    /// thread; names are then made without it rather than waited for.
    cache: Option<MutexGuard<'static, Vec<NameSlot>>>,
}

impl NameStrings {
    pub(crate) fn new() -> Self {
        Self {
            cache: NAME_CACHE.try_lock().ok(),
        }
    }

    /// A Python string equal to `name`, from the cache when it holds one.
    pub(crate) fn get<'py>(&mut self, py: Python<'py>, name: &str) -> Bound<'py, PyString> {
        let Some(slots) = self.cache.as_deref_mut() else {
            return PyString::new(py, name);
        };
        if name.len() > NAME_CACHE_MAX_LEN {
            return PyString::new(py, name);
        }
        if slots.is_empty() {
            slots.resize_with(NAME_CACHE_SLOTS, || None);
        }
        let Some(slot) = slots.get_mut(name_slot(name)) else {
            return PyString::new(py, name);
        };
        if let Some((text, string)) = slot {
            if **text == *name {
                return string.bind(py).clone();
            }
        }
        let string = PyString::new(py, name);
        *slot = Some((name.into(), string.clone().unbind()));
        string
    }
}

/// Adds `value` to the list of `name` in `target`, the storage of a
/// MultiDict, making the list when `name` is new.
///
/// The dict itself groups the values: the name's string caches its hash, so
/// looking it up and then inserting it hashes it once, and no other map is
/// needed.
pub(crate) fn add_to_lists<'py>(
    target: &Bound<'py, PyDict>,
    name: Bound<'py, PyString>,
    value: Bound<'py, PyString>,
) -> PyResult<()> {
    match target.get_item(&name)? {
        Some(values) => values.cast_into::<PyList>()?.append(value),
        None => target.set_item(name, PyList::new(target.py(), [value])?),
    }
}

/// Parses a query string into a list of `(name, value)` tuples.
#[pyfunction]
fn parse_query_pairs<'py>(data: &Bound<'py, PyBytes>) -> PyResult<Bound<'py, PyList>> {
    let py = data.py();
    let list = PyList::empty(py);
    let mut decoder = Decoder::default();
    for (name, value) in raw_pairs(as_utf8(data)?) {
        let name = PyString::new(py, &decoder.decode(name));
        let value = PyString::new(py, &decoder.decode(value));
        list.append((name, value))?;
    }
    Ok(list)
}

/// Fills `target`, a dict or the storage of a dict subclass, with each
/// name of `query` mapped to the list of its values, in order.
fn fill_lists(target: &Bound<'_, PyDict>, query: &str) -> PyResult<()> {
    let py = target.py();
    let mut decoder = Decoder::default();
    let mut names = NameStrings::new();
    for (name, value) in raw_pairs(query) {
        let name = names.get(py, &decoder.decode(name));
        let value = PyString::new(py, &decoder.decode(value));
        add_to_lists(target, name, value)?;
    }
    Ok(())
}

/// Parses a query string into a dict mapping each name to the list of its
/// values in order: the storage layout of a MultiDict.
#[pyfunction]
fn parse_query_lists<'py>(data: &Bound<'py, PyBytes>) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(data.py());
    fill_lists(&dict, as_utf8(data)?)?;
    Ok(dict)
}

/// Parses a query string into an instance of `cls`, a MultiDict class.
///
/// Gives what `cls._from_lists(parse_query_lists(data))` gives, or, for a
/// class whose `_from_lists` is None, `cls(parse_query_pairs(data))`.
/// MultiDict and ImmutableMultiDict themselves, whose `_from_lists` is
/// `__new__` and a `dict.update`, are filled in place instead, which saves
/// building and copying an intermediate dict.
#[pyfunction]
fn parse_query<'py>(
    data: &Bound<'py, PyBytes>,
    cls: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = data.py();
    let classes = multi_dict_classes(py)?;
    if cls.is(classes.multi_dict.bind(py)) || cls.is(classes.immutable_multi_dict.bind(py)) {
        let query = as_utf8(data)?;
        let instance = classes.dict_new.bind(py).call1((cls,))?;
        fill_lists(instance.cast::<PyDict>()?, query)?;
        return Ok(instance);
    }
    match cls.getattr_opt(intern!(py, "_from_lists"))? {
        Some(from_lists) if !from_lists.is_none() => from_lists.call1((parse_query_lists(data)?,)),
        _ => cls.call1((parse_query_pairs(data)?,)),
    }
}

pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(parse_query_pairs, module)?)?;
    module.add_function(wrap_pyfunction!(parse_query_lists, module)?)?;
    module.add_function(wrap_pyfunction!(parse_query, module)?)?;
    Ok(())
}
