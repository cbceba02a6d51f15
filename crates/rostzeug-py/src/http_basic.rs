//! Header grammar, cookies and dates: the binding of
//! `rostzeug_core::{header, cookie, date}`.

use std::borrow::Cow;
use std::time::{SystemTime, UNIX_EPOCH};

use pyo3::exceptions::{PyOverflowError, PyUserWarning, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyDate, PyDateAccess, PyDateTime, PyDelta, PyDict, PyFloat, PyInt, PyList, PyString,
    PyTimeAccess, PyTuple, PyType, PyTzInfo, PyTzInfoAccess,
};

use rostzeug_core::cookie::{self, Attribute};
use rostzeug_core::date::{self, ParsedDate};
use rostzeug_core::header;

use crate::query::{add_to_lists, NameStrings};

/// The classes cookies and query arguments are stored in by default, and
/// `dict.__new__`, which makes an empty instance of them.
pub(crate) struct MultiDictClasses {
    pub(crate) multi_dict: Py<PyType>,
    pub(crate) immutable_multi_dict: Py<PyType>,
    pub(crate) dict_new: Py<PyAny>,
}

static MULTI_DICT_CLASSES: PyOnceLock<MultiDictClasses> = PyOnceLock::new();

/// The MultiDict classes of `rostzeug.datastructures`, imported on first use.
pub(crate) fn multi_dict_classes(py: Python<'_>) -> PyResult<&MultiDictClasses> {
    MULTI_DICT_CLASSES.get_or_try_init(py, || {
        let module = py.import("rostzeug.datastructures")?;
        Ok::<_, PyErr>(MultiDictClasses {
            multi_dict: module.getattr("MultiDict")?.cast_into::<PyType>()?.unbind(),
            immutable_multi_dict: module
                .getattr("ImmutableMultiDict")?
                .cast_into::<PyType>()?
                .unbind(),
            dict_new: py.get_type::<PyDict>().getattr("__new__")?.unbind(),
        })
    })
}

// ---------------------------------------------------------------- header grammar

/// Quotes a header value unless it is a token.
#[pyfunction]
#[pyo3(signature = (value, allow_token = true))]
fn quote_header_value<'py>(
    value: &Bound<'py, PyAny>,
    allow_token: bool,
) -> PyResult<Bound<'py, PyString>> {
    let py = value.py();
    let text = match value.cast::<PyString>() {
        Ok(text) => text.clone(),
        Err(_) => value.str()?,
    };
    match header::quote(text.to_str()?, allow_token) {
        Cow::Borrowed(_) => Ok(text),
        Cow::Owned(quoted) => Ok(PyString::new(py, &quoted)),
    }
}

/// Appends `key=value` to `out`, quoting the value unless the key ends in
/// `*` (its value is then an already encoded RFC 2231 value).
fn push_parameter(
    out: &mut String,
    key: &Bound<'_, PyAny>,
    value: &Bound<'_, PyAny>,
) -> PyResult<()> {
    let key = key.cast::<PyString>()?.to_str()?;
    out.push_str(key);
    out.push('=');
    let text = value.str()?;
    let text = text.to_str()?;
    if key.ends_with('*') {
        out.push_str(text);
    } else {
        out.push_str(&header::quote(text, true));
    }
    Ok(())
}

/// Joins a header value and its parameters with `; `.
#[pyfunction]
fn dump_options_header<'py>(
    header: Option<&Bound<'py, PyAny>>,
    options: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyString>> {
    let py = options.py();
    let mut out = String::new();
    if let Some(header) = header {
        out.push_str(header.cast::<PyString>()?.to_str()?);
    }
    let mut first = header.is_none();
    let mut add = |key: &Bound<'py, PyAny>, value: &Bound<'py, PyAny>| -> PyResult<()> {
        if value.is_none() {
            return Ok(());
        }
        if !first {
            out.push_str("; ");
        }
        first = false;
        push_parameter(&mut out, key, value)
    };
    // Exact dicts are read directly; anything else (a MultiDict, say) may
    // define `items` its own way.
    match options.cast_exact::<PyDict>() {
        Ok(dict) => {
            for (key, value) in dict.iter() {
                add(&key, &value)?;
            }
        }
        Err(_) => {
            for item in options.call_method0(intern!(py, "items"))?.try_iter()? {
                let (key, value) = item?.extract::<(Bound<'py, PyAny>, Bound<'py, PyAny>)>()?;
                add(&key, &value)?;
            }
        }
    }
    Ok(PyString::new(py, &out))
}

/// Joins items, or the `key=value` pairs of a dict, with `, `.
#[pyfunction]
fn dump_header<'py>(iterable: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyString>> {
    let py = iterable.py();
    let mut out = String::new();
    if iterable.is_instance_of::<PyDict>() {
        let pairs: Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)> =
            match iterable.cast_exact::<PyDict>() {
                Ok(dict) => dict.iter().collect(),
                Err(_) => iterable
                    .call_method0(intern!(py, "items"))?
                    .try_iter()?
                    .map(|item| item?.extract())
                    .collect::<PyResult<_>>()?,
            };
        for (index, (key, value)) in pairs.iter().enumerate() {
            if index > 0 {
                out.push_str(", ");
            }
            if value.is_none() {
                out.push_str(key.cast::<PyString>()?.to_str()?);
            } else {
                push_parameter(&mut out, key, value)?;
            }
        }
    } else {
        for (index, item) in iterable.try_iter()?.enumerate() {
            if index > 0 {
                out.push_str(", ");
            }
            let text = item?.str()?;
            out.push_str(&header::quote(text.to_str()?, true));
        }
    }
    Ok(PyString::new(py, &out))
}

/// Removes surrounding double quotes and backslash escapes.
#[pyfunction]
fn unquote_header_value<'py>(value: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyString>> {
    let text = value.to_str()?;
    let unquoted = header::unquote(text);
    if unquoted.len() == text.len() {
        // Nothing was removed: return the same object.
        return Ok(value.clone());
    }
    Ok(PyString::new(value.py(), &unquoted))
}

/// Splits a comma-separated header into its (unquoted) items.
#[pyfunction]
fn parse_list_header<'py>(py: Python<'py>, value: &str) -> PyResult<Bound<'py, PyList>> {
    PyList::new(
        py,
        header::parse_list(value).iter().map(|item| item.as_ref()),
    )
}

/// Parses a comma-separated list of `key=value` items into a dict.
#[pyfunction]
fn parse_dict_header<'py>(py: Python<'py>, value: &str) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (key, value) in header::parse_dict(value) {
        dict.set_item(key, value)?;
    }
    Ok(dict)
}

/// Parses `value; key=value; ...` into the value and a dict of parameters.
#[pyfunction]
fn parse_options_header<'py>(
    py: Python<'py>,
    value: Option<&str>,
) -> PyResult<Bound<'py, PyTuple>> {
    let dict = PyDict::new(py);
    let Some(value) = value else {
        return PyTuple::new(py, [intern!(py, "").as_any(), dict.as_any()]);
    };
    let parsed = header::parse_options(value);
    for (key, value) in &parsed.parameters {
        dict.set_item(key, value)?;
    }
    PyTuple::new(
        py,
        [PyString::new(py, parsed.value).as_any(), dict.as_any()],
    )
}

// ---------------------------------------------------------------- cookies

/// An argument whose default differs from an explicit `None`.
enum Given<'py> {
    Default,
    Value(Bound<'py, PyAny>),
}

impl<'a, 'py> FromPyObject<'a, 'py> for Given<'py> {
    type Error = std::convert::Infallible;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> Result<Self, Self::Error> {
        Ok(Self::Value(obj.to_owned()))
    }
}

/// Fills a dict (or the storage of a dict subclass) with each name's list
/// of values, names in first-seen order.
fn fill_lists(target: &Bound<'_, PyDict>, pairs: &[(&str, Cow<'_, str>)]) -> PyResult<()> {
    let py = target.py();
    let mut names = NameStrings::new();
    for (name, value) in pairs {
        add_to_lists(target, names.get(py, name), PyString::new(py, value))?;
    }
    Ok(())
}

/// Builds the result of a cookie parser in `cls` (MultiDict by default).
///
/// MultiDict and ImmutableMultiDict are filled directly in their storage
/// layout; other classes with a `_from_lists` get a dict of value lists, and
/// the rest are called with the `(name, value)` pairs.
fn build_cookies<'py>(
    py: Python<'py>,
    text: &str,
    cls: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let classes = multi_dict_classes(py)?;
    let class = match cls {
        Some(class) if !class.is_none() => class.clone(),
        _ => classes.multi_dict.bind(py).clone().into_any(),
    };
    let pairs = cookie::parse(text);
    if class.is(classes.multi_dict.bind(py)) || class.is(classes.immutable_multi_dict.bind(py)) {
        // Neither class overrides `__new__` or `_from_lists`.
        let instance = classes.dict_new.bind(py).call1((&class,))?;
        fill_lists(instance.cast::<PyDict>()?, &pairs)?;
        return Ok(instance);
    }
    let from_lists = class.getattr_opt(intern!(py, "_from_lists"))?;
    if let Some(from_lists) = from_lists.filter(|f| !f.is_none()) {
        let lists = PyDict::new(py);
        fill_lists(&lists, &pairs)?;
        return from_lists.call1((lists,));
    }
    let list = PyList::empty(py);
    for (name, value) in &pairs {
        list.append((*name, value.as_ref()))?;
    }
    class.call1((list,))
}

/// Parses a `Cookie` header given as text.
#[pyfunction]
#[pyo3(signature = (cookie = None, cls = None))]
fn parse_cookie_text<'py>(
    py: Python<'py>,
    cookie: Option<&str>,
    cls: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    build_cookies(py, cookie.unwrap_or_default(), cls)
}

/// Parses a `Cookie` header from a WSGI environ or a WSGI string (UTF-8
/// bytes as Latin-1 characters).
#[pyfunction]
#[pyo3(signature = (header, cls = None))]
fn parse_cookie<'py>(
    header: &Bound<'py, PyAny>,
    cls: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = header.py();
    let environ_value;
    let value = match header.cast::<PyDict>() {
        Ok(environ) => {
            environ_value = environ.get_item(intern!(py, "HTTP_COOKIE"))?;
            match &environ_value {
                Some(value) => value,
                None => return build_cookies(py, "", cls),
            }
        }
        Err(_) => header,
    };
    if value.is_none() {
        return build_cookies(py, "", cls);
    }
    let text = value.cast::<PyString>()?;
    let raw = text.to_str()?;
    if raw.is_ascii() {
        return build_cookies(py, raw, cls);
    }
    match cookie::latin1_to_utf8(raw) {
        Some(decoded) => build_cookies(py, &decoded, cls),
        None => {
            // Let Python raise the exact encode or decode error.
            text.call_method1(intern!(py, "encode"), (intern!(py, "latin1"),))?
                .call_method0(intern!(py, "decode"))?;
            Err(PyValueError::new_err(
                "the cookie header is not UTF-8 sent as Latin-1 characters",
            ))
        }
    }
}

/// An optional `Set-Cookie` attribute the way Werkzeug writes any value:
/// `None` and `False` leave it out, `True` writes the bare name, anything
/// else writes `Name=str(value)`.
fn attribute_of<'a>(value: Option<&Bound<'_, PyAny>>) -> PyResult<Attribute<'a>> {
    let Some(value) = value else {
        return Ok(Attribute::Absent);
    };
    if value.is_none() {
        return Ok(Attribute::Absent);
    }
    let py = value.py();
    if value.is(pyo3::types::PyBool::new(py, false).as_any()) {
        return Ok(Attribute::Absent);
    }
    if value.is(pyo3::types::PyBool::new(py, true).as_any()) {
        return Ok(Attribute::Flag);
    }
    if let Ok(number) = value.cast_exact::<PyInt>() {
        // `str()` of an int, without the call: max_age is one.
        if let Ok(number) = number.extract::<i64>() {
            return Ok(Attribute::Value(Cow::Owned(number.to_string())));
        }
    }
    Ok(Attribute::Value(Cow::Owned(
        value.str()?.to_str()?.to_owned(),
    )))
}

/// The current time as a float timestamp, like `time.time()`.
fn max_size_arg(value: &Bound<'_, PyAny>) -> PyResult<Option<i64>> {
    crate::args::saturating_i64(value, "max_size")
}

fn now_timestamp() -> f64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(elapsed) => elapsed.as_secs_f64(),
        Err(before) => -before.duration().as_secs_f64(),
    }
}

/// Domain encoding outside the ASCII fast path, done by Python's `idna`
/// codec so that results and errors are exactly Python's.
fn idna_domain(domain: &Bound<'_, PyAny>) -> PyResult<String> {
    let py = domain.py();
    let host = domain
        .call_method1(intern!(py, "partition"), (":",))?
        .get_item(0)?
        .call_method1(intern!(py, "lstrip"), (".",))?;
    let encoded = host
        .call_method1(intern!(py, "encode"), ("idna",))?
        .call_method1(intern!(py, "decode"), ("ascii",))?;
    Ok(encoded.cast::<PyString>()?.to_str()?.to_owned())
}

/// Builds a `Set-Cookie` header value.
// The text signature shows the defaults as Werkzeug documents them, which
// the ones in `signature` act as: `path` and `max_size` have theirs behind
// sentinels, and None leaves a flag out as False does.
#[pyfunction]
#[pyo3(signature = (
    key, value = "", max_age = None, expires = None, path = Given::Default, domain = None,
    secure = None, httponly = None, sync_expires = true, max_size = Some(4093),
    samesite = None, partitioned = None,
))]
#[pyo3(
    text_signature = "(key, value=\"\", max_age=None, expires=None, path=\"/\", \
    domain=None, secure=False, httponly=False, sync_expires=True, max_size=4093, \
    samesite=None, partitioned=False)"
)]
#[allow(clippy::too_many_arguments)]
fn dump_cookie<'py>(
    py: Python<'py>,
    key: &str,
    value: &str,
    max_age: Option<&Bound<'py, PyAny>>,
    expires: Option<&Bound<'py, PyAny>>,
    path: Given<'py>,
    domain: Option<&Bound<'py, PyAny>>,
    secure: Option<&Bound<'py, PyAny>>,
    httponly: Option<&Bound<'py, PyAny>>,
    sync_expires: bool,
    #[pyo3(from_py_with = max_size_arg)] max_size: Option<i64>,
    samesite: Option<&Bound<'py, PyAny>>,
    partitioned: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyString>> {
    let path = match &path {
        Given::Default => Attribute::Value(Cow::Borrowed("/")),
        Given::Value(path) if path.is_none() => Attribute::Absent,
        Given::Value(path) => match path.cast::<PyString>() {
            Ok(text) => {
                Attribute::Value(Cow::Owned(cookie::quote_path(text.to_str()?).into_owned()))
            }
            Err(_) => {
                let quoted = py
                    .import("urllib.parse")?
                    .getattr("quote")?
                    .call1((path, "%!$&'()*+,/:=@"))?;
                Attribute::Value(Cow::Owned(quoted.cast::<PyString>()?.to_str()?.to_owned()))
            }
        },
    };

    let domain = match domain {
        None => Attribute::Absent,
        Some(domain) if !domain.is_truthy()? => attribute_of(Some(domain))?,
        Some(domain) => {
            let text = domain.cast::<PyString>()?.to_str()?;
            match cookie::prepare_domain(text) {
                Ok(host) => Attribute::Value(Cow::Owned(host.to_owned())),
                Err(_) => Attribute::Value(Cow::Owned(idna_domain(domain)?)),
            }
        }
    };

    let mut max_age_number: Option<Bound<'py, PyAny>> = None;
    let max_age = match max_age {
        None => Attribute::Absent,
        Some(age) => {
            let age = match age.cast::<PyDelta>() {
                Ok(delta) => {
                    // `int(age.total_seconds())`, with Python's rounding.
                    let total = delta.call_method0(intern!(py, "total_seconds"))?;
                    py.get_type::<PyInt>().call1((total,))?
                }
                Err(_) => age.clone(),
            };
            let attribute = attribute_of(Some(&age))?;
            max_age_number = Some(age);
            attribute
        }
    };

    let expires = match expires {
        Some(when) if !when.is_none() => match when.cast::<PyString>() {
            Ok(text) => Attribute::Value(Cow::Owned(text.to_str()?.to_owned())),
            Err(_) => Attribute::Value(Cow::Owned(format_http_date(when)?)),
        },
        _ => match (&max_age_number, sync_expires) {
            (Some(age), true) => {
                let formatted = match age.extract::<i64>() {
                    Ok(seconds) if seconds.unsigned_abs() < 1 << 52 => {
                        format_float_timestamp(py, now_timestamp() + seconds as f64)?
                    }
                    _ => {
                        let when = PyFloat::new(py, now_timestamp()).add(age)?;
                        format_http_date(&when)?
                    }
                };
                Attribute::Value(Cow::Owned(formatted))
            }
            _ => Attribute::Absent,
        },
    };

    let samesite = match samesite {
        Some(name) if !name.is_none() => {
            let text = name.cast::<PyString>()?;
            let raw = text.to_str()?;
            let canonical = if raw.is_ascii() {
                cookie::samesite_name(raw)
            } else {
                let titled = text.call_method0(intern!(py, "title"))?;
                let titled = titled.cast::<PyString>()?.to_str()?.to_owned();
                ["Strict", "Lax", "None"].into_iter().find(|n| *n == titled)
            };
            match canonical {
                Some(canonical) => Attribute::Value(Cow::Borrowed(canonical)),
                None => {
                    return Err(PyValueError::new_err(format!(
                        "SameSite must be 'Strict', 'Lax' or 'None', got {:?}.",
                        raw
                    )))
                }
            }
        }
        _ => Attribute::Absent,
    };

    let partitioned_set = match partitioned {
        Some(flag) => flag.is_truthy()?,
        None => false,
    };
    let secure = if partitioned_set {
        Attribute::Flag
    } else {
        attribute_of(secure)?
    };

    let quoted_value = cookie::quote_value(value);
    let header = cookie::format_set_cookie(
        key,
        &quoted_value,
        &[
            ("Domain", domain),
            ("Expires", expires),
            ("Max-Age", max_age),
            ("Secure", secure),
            ("HttpOnly", attribute_of(httponly)?),
            ("Path", path),
            ("SameSite", samesite),
            ("Partitioned", attribute_of(partitioned)?),
        ],
    );

    let size = if header.is_ascii() {
        header.len()
    } else {
        header.chars().count()
    };
    let limit = max_size.unwrap_or(0);
    if limit != 0 && i64::try_from(size).unwrap_or(i64::MAX) > limit {
        let value_size = quoted_value.len();
        // A NUL cannot pass through the C string of the warning: escape it.
        let shown_key = key.replace('\0', "\\0");
        let message = format!(
            "The '{shown_key}' cookie is too large: the header is {size} bytes but the limit is \
             {limit} bytes, so browsers may silently ignore it. Shorten the value \
             ({value_size} bytes) or raise max_size."
        );
        let category = py.get_type::<PyUserWarning>();
        PyErr::warn(py, &category, &std::ffi::CString::new(message)?, 1)?;
    }
    Ok(PyString::new(py, &header))
}

// ---------------------------------------------------------------- dates

/// Parses an HTTP date into an aware datetime, or `None`.
#[pyfunction]
fn parse_date<'py>(
    py: Python<'py>,
    value: Option<&Bound<'py, PyAny>>,
) -> PyResult<Option<Bound<'py, PyDateTime>>> {
    let Some(text) = value.and_then(|v| v.cast::<PyString>().ok()) else {
        return Ok(None);
    };
    match date::parse_date(text.to_str()?) {
        ParsedDate::Invalid => Ok(None),
        ParsedDate::Overflow => Err(PyOverflowError::new_err(
            "a number in the date is too large to convert to a datetime",
        )),
        ParsedDate::Valid(parsed) => {
            let zone = match parsed.offset {
                None | Some(0) => PyTzInfo::utc(py)?.to_owned(),
                Some(offset) => PyTzInfo::fixed_offset(py, PyDelta::new(py, 0, offset, 0, true)?)?,
            };
            PyDateTime::new(
                py,
                parsed.year,
                parsed.month,
                parsed.day,
                parsed.hour,
                parsed.minute,
                parsed.second,
                0,
                Some(&zone),
            )
            .map(Some)
        }
    }
}

/// Formats a float timestamp, deferring to Python for out-of-range values
/// so that the error is Python's.
fn format_float_timestamp(py: Python<'_>, timestamp: f64) -> PyResult<String> {
    if let Some(text) =
        date::float_timestamp_seconds(timestamp).and_then(date::format_unix_timestamp)
    {
        return Ok(text);
    }
    python_formatdate(&PyFloat::new(py, timestamp).into_any())
}

/// `email.utils.formatdate(value, usegmt=True)`, for the values the fast
/// paths do not cover.
fn python_formatdate(value: &Bound<'_, PyAny>) -> PyResult<String> {
    let py = value.py();
    let kwargs = PyDict::new(py);
    kwargs.set_item("usegmt", true)?;
    let text = py
        .import("email.utils")?
        .getattr("formatdate")?
        .call((value,), Some(&kwargs))?;
    Ok(text.cast::<PyString>()?.to_str()?.to_owned())
}

fn format_datetime_fields(value: &Bound<'_, PyDateTime>) -> String {
    date::format_http_date(
        value.get_year(),
        value.get_month(),
        value.get_day(),
        value.get_hour(),
        value.get_minute(),
        value.get_second(),
    )
}

/// `http_date` for any accepted value.
fn format_http_date(value: &Bound<'_, PyAny>) -> PyResult<String> {
    let py = value.py();
    if let Ok(moment) = value.cast::<PyDateTime>() {
        return match moment.get_tzinfo() {
            None => Ok(format_datetime_fields(moment)),
            Some(zone) if zone.is(PyTzInfo::utc(py)?.as_any()) => {
                Ok(format_datetime_fields(moment))
            }
            Some(_) => {
                let in_utc =
                    moment.call_method1(intern!(py, "astimezone"), (PyTzInfo::utc(py)?,))?;
                Ok(format_datetime_fields(in_utc.cast::<PyDateTime>()?))
            }
        };
    }
    if let Ok(day) = value.cast::<PyDate>() {
        return Ok(date::format_http_date(
            day.get_year(),
            day.get_month(),
            day.get_day(),
            0,
            0,
            0,
        ));
    }
    if value.is_none() {
        return format_float_timestamp(py, now_timestamp());
    }
    if let Ok(number) = value.cast::<PyFloat>() {
        return format_float_timestamp(py, number.value());
    }
    if value.is_instance_of::<PyInt>() {
        if let Some(text) = value
            .extract::<i64>()
            .ok()
            .and_then(date::format_unix_timestamp)
        {
            return Ok(text);
        }
        return python_formatdate(value);
    }
    let struct_time = py.import("time")?.getattr("struct_time")?;
    if value.is_instance(&struct_time)? {
        let seconds = py.import("time")?.getattr("mktime")?.call1((value,))?;
        return format_http_date(&seconds);
    }
    python_formatdate(value)
}

/// Formats a datetime, date or timestamp as an HTTP date.
#[pyfunction]
#[pyo3(signature = (timestamp = None))]
fn http_date<'py>(
    py: Python<'py>,
    timestamp: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyString>> {
    let text = match timestamp {
        Some(value) => format_http_date(value)?,
        None => format_float_timestamp(py, now_timestamp())?,
    };
    Ok(PyString::new(py, &text))
}

pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(quote_header_value, module)?)?;
    module.add_function(wrap_pyfunction!(unquote_header_value, module)?)?;
    module.add_function(wrap_pyfunction!(dump_options_header, module)?)?;
    module.add_function(wrap_pyfunction!(dump_header, module)?)?;
    module.add_function(wrap_pyfunction!(parse_list_header, module)?)?;
    module.add_function(wrap_pyfunction!(parse_dict_header, module)?)?;
    module.add_function(wrap_pyfunction!(parse_options_header, module)?)?;
    module.add_function(wrap_pyfunction!(parse_cookie, module)?)?;
    module.add_function(wrap_pyfunction!(parse_cookie_text, module)?)?;
    module.add_function(wrap_pyfunction!(dump_cookie, module)?)?;
    module.add_function(wrap_pyfunction!(parse_date, module)?)?;
    module.add_function(wrap_pyfunction!(http_date, module)?)?;
    Ok(())
}
