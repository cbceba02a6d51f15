//! Query-string parsing into the storage of a MultiDict.

use std::sync::{Mutex, MutexGuard};

use pyo3::ffi;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

use rostzeug_core::query::{max_pairs, raw_pairs, Decoder};

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

/// Python strings of recently parsed names. A hash of the name chooses a
/// pair of slots, the name used most recently first; a new name takes the
/// place of the one used less recently.
///
/// The same forms and query parameters arrive request after request; with
/// their names shared, a request makes and frees no string for them, and
/// the dict finds the hash the string already cached. Strings are
/// immutable, so sharing one is the same as making an equal one.
static NAME_CACHE: Mutex<Vec<Option<CachedName>>> = Mutex::new(Vec::new());

/// A name as [`NAME_CACHE`] compares it: its length and its first and
/// last eight bytes (zero-padded when shorter), which are the whole name
/// when it has at most 16 bytes. Two loads make it, and comparing it needs
/// no call, for the short names that forms and query strings use.
#[derive(Clone, Copy, PartialEq, Eq)]
struct NameKey {
    len: usize,
    head: u64,
    tail: u64,
}

/// Longest name that its [`NameKey`] holds whole.
const KEY_HOLDS_WHOLE: usize = 16;

impl NameKey {
    fn of(name: &[u8]) -> Self {
        let len = name.len();
        let (head, tail) = match (name.first_chunk::<8>(), name.last_chunk::<8>()) {
            (Some(head), Some(tail)) => (u64::from_le_bytes(*head), u64::from_le_bytes(*tail)),
            _ => {
                let short = name
                    .iter()
                    .rev()
                    .fold(0, |word, &byte| word << 8 | u64::from(byte));
                (short, short)
            }
        };
        Self { len, head, tail }
    }

    /// The first of the two slots the name may take in [`NAME_CACHE`].
    fn slot(&self) -> usize {
        // A folded multiply mixes every bit of both words into both halves.
        let product = u128::from(self.head ^ 0x243f_6a88_85a3_08d3)
            * u128::from(self.tail ^ self.len as u64 ^ 0x1319_8a2e_0370_7344);
        // Only the low bits are kept, so the truncation is harmless.
        let mixed = ((product >> 64) as u64 ^ product as u64) as usize;
        mixed & (NAME_CACHE_SLOTS - 2)
    }
}

/// One name in [`NAME_CACHE`] and the string made for it.
struct CachedName {
    key: NameKey,
    /// The name itself when its key does not hold it whole.
    long_name: Option<Box<str>>,
    string: Py<PyString>,
}

impl CachedName {
    fn is(&self, key: &NameKey, name: &str) -> bool {
        self.key == *key && (key.len <= KEY_HOLDS_WHOLE || self.long_name.as_deref() == Some(name))
    }
}

/// Makes the Python strings of names, through [`NAME_CACHE`] while it is
/// held.
pub(crate) struct NameStrings {
    /// None when the cache is busy: only when parsing runs again inside
    /// itself (a finalizer run by the garbage collector, say) or in another
    /// thread; names are then made without it rather than waited for.
    cache: Option<MutexGuard<'static, Vec<Option<CachedName>>>>,
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
        let key = NameKey::of(name.as_bytes());
        let first = key.slot();
        let Some([recent, older]) = slots
            .get_mut(first..first + 2)
            .and_then(|pair| <&mut [_; 2]>::try_from(pair).ok())
        else {
            return PyString::new(py, name);
        };
        if let Some(cached) = recent.as_ref().filter(|cached| cached.is(&key, name)) {
            return cached.string.bind(py).clone();
        }
        if older.as_ref().is_some_and(|cached| cached.is(&key, name)) {
            // The most recently used name of the two goes first.
            std::mem::swap(recent, older);
            if let Some(cached) = recent {
                return cached.string.bind(py).clone();
            }
        }
        let string = PyString::new(py, name);
        // The name used less recently of the two gives way.
        *older = recent.replace(CachedName {
            key,
            long_name: (name.len() > KEY_HOLDS_WHOLE).then(|| name.into()),
            string: string.clone().unbind(),
        });
        string
    }
}

/// Adds `value` to the list of `name` in `target`, the storage of a
/// MultiDict, making the list when `name` is new.
///
/// One `setdefault` of the dict finds the name's list or inserts a new
/// one, so the name is looked up once; the name's string caches its hash.
/// A repeated name (rare in forms) costs the list that was not needed.
pub(crate) fn add_to_lists<'py, Name>(
    target: &Bound<'py, PyDict>,
    name: Bound<'py, Name>,
    value: Bound<'py, PyString>,
) -> PyResult<()> {
    let py = target.py();
    let list = PyList::new(py, [&value])?;
    // SAFETY: all three pointers are valid objects for the call, and the
    // GIL is held; the result is a borrowed reference (or NULL with an
    // exception set), made owned at once.
    let found = unsafe {
        let found = ffi::PyDict_SetDefault(target.as_ptr(), name.as_ptr(), list.as_ptr());
        Bound::from_borrowed_ptr_or_err(py, found)?
    };
    if found.is(&list) {
        return Ok(());
    }
    found.cast_into::<PyList>()?.append(value)
}

/// A Python string of `text`, UTF-8 bytes.
///
/// ASCII text of two or more characters, the usual form value, is copied
/// into a string made with `PyUnicode_New`; other text goes through
/// CPython's UTF-8 decoder, which also gives the interpreter's shared
/// empty and one-character strings. Bytes that are not UTF-8 raise
/// `UnicodeDecodeError`.
pub(crate) fn new_string<'py>(py: Python<'py>, text: &[u8]) -> PyResult<Bound<'py, PyString>> {
    let len = text.len();
    let size = ffi::Py_ssize_t::try_from(len)?;
    // SAFETY: `text` is valid for `size` bytes. PyUnicode_DecodeUTF8 returns
    // a new string, and PyUnicode_New(size, 127) a new compact ASCII string
    // with room for `size` one-byte characters (and the terminating NUL it
    // writes itself), or NULL with an exception set. That string is filled
    // before any other code sees it, with ASCII bytes as its kind requires.
    unsafe {
        if len < 2 || !text.is_ascii() {
            let decoded = ffi::PyUnicode_DecodeUTF8(text.as_ptr().cast(), size, std::ptr::null());
            return Ok(Bound::from_owned_ptr_or_err(py, decoded)?.cast_into_unchecked::<PyString>());
        }
        let string = Bound::from_owned_ptr_or_err(py, ffi::PyUnicode_New(size, 127))?;
        let data = ffi::PyUnicode_DATA(string.as_ptr()).cast::<u8>();
        std::ptr::copy_nonoverlapping(text.as_ptr(), data, len);
        Ok(string.cast_into_unchecked::<PyString>())
    }
}

extern "C" {
    /// CPython's dict constructor with room for `minused` items, which
    /// `BUILD_MAP` uses; not in the limited API, which this module does not
    /// build against.
    fn _PyDict_NewPresized(minused: ffi::Py_ssize_t) -> *mut ffi::PyObject;
}

/// The most items a dict is presized for: beyond it, growing as needed
/// costs little next to the parsing, and a body of repeated names cannot
/// make a large empty table.
const MAX_PRESIZE: usize = 1024;

/// An empty dict with room for `items` items (up to [`MAX_PRESIZE`]), so
/// that filling it does not grow its table again and again.
fn presized_dict(py: Python<'_>, items: usize) -> PyResult<Bound<'_, PyDict>> {
    let items = ffi::Py_ssize_t::try_from(items.min(MAX_PRESIZE)).unwrap_or(0);
    // SAFETY: the call returns a new dict, or NULL with an exception set.
    unsafe {
        Ok(
            Bound::from_owned_ptr_or_err(py, _PyDict_NewPresized(items))?
                .cast_into_unchecked::<PyDict>(),
        )
    }
}

/// Parses a query string into a list of `(name, value)` tuples.
#[pyfunction]
fn parse_query_pairs<'py>(data: &Bound<'py, PyBytes>) -> PyResult<Bound<'py, PyList>> {
    let py = data.py();
    let list = PyList::empty(py);
    let mut decoder = Decoder::default();
    for (name, value) in raw_pairs(as_utf8(data)?) {
        let name = new_string(py, decoder.decode_bytes(name))?;
        let value = new_string(py, decoder.decode_bytes(value))?;
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
        let value = new_string(py, decoder.decode_bytes(value))?;
        add_to_lists(target, name, value)?;
    }
    Ok(())
}

/// A dict mapping each name of `query` to the list of its values.
fn query_lists<'py>(py: Python<'py>, query: &str) -> PyResult<Bound<'py, PyDict>> {
    let dict = presized_dict(py, max_pairs(query))?;
    fill_lists(&dict, query)?;
    Ok(dict)
}

/// Parses a query string into a dict mapping each name to the list of its
/// values in order: the storage layout of a MultiDict.
#[pyfunction]
fn parse_query_lists<'py>(data: &Bound<'py, PyBytes>) -> PyResult<Bound<'py, PyDict>> {
    query_lists(data.py(), as_utf8(data)?)
}

/// Parses a query string into an instance of `cls`, a MultiDict class.
///
/// Gives what `cls._from_lists(parse_query_lists(data))` gives, or, for a
/// class whose `_from_lists` is None, `cls(parse_query_pairs(data))`.
/// MultiDict and ImmutableMultiDict themselves, whose `_from_lists` is
/// `__new__` and a `dict.update`, are built without calling Python code.
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
        let storage = instance.cast::<PyDict>()?;
        if max_pairs(query) <= SMALL_QUERY_PAIRS {
            // Fits the table of a new dict as it is.
            fill_lists(storage, query)?;
        } else {
            // Filled at its final size, then taken over by the instance,
            // which copies the table in one piece.
            storage.update(query_lists(py, query)?.as_mapping())?;
        }
        return Ok(instance);
    }
    match cls.getattr_opt(intern!(py, "_from_lists"))? {
        Some(from_lists) if !from_lists.is_none() => from_lists.call1((parse_query_lists(data)?,)),
        _ => cls.call1((parse_query_pairs(data)?,)),
    }
}

/// The most pairs a new, empty dict holds without growing (CPython's
/// smallest table has 8 slots, 5 of them usable).
const SMALL_QUERY_PAIRS: usize = 5;

pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(parse_query_pairs, module)?)?;
    module.add_function(wrap_pyfunction!(parse_query_lists, module)?)?;
    module.add_function(wrap_pyfunction!(parse_query, module)?)?;
    Ok(())
}
