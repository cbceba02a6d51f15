//! User agent parsing: the binding of `rostzeug_core::user_agent`.

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PySlice, PyString, PyTuple};

use rostzeug_core::user_agent::{self, Browser, Platform};

/// The platform and browser names as Python strings, made once.
struct Names {
    platforms: Vec<Py<PyString>>,
    browsers: Vec<Py<PyString>>,
}

static NAMES: PyOnceLock<Names> = PyOnceLock::new();

fn names(py: Python<'_>) -> &Names {
    NAMES.get_or_init(py, || Names {
        platforms: Platform::ALL
            .iter()
            .map(|platform| PyString::intern(py, platform.name()).unbind())
            .collect(),
        browsers: Browser::ALL
            .iter()
            .map(|browser| PyString::intern(py, browser.name()).unbind())
            .collect(),
    })
}

fn name<'py>(py: Python<'py>, table: &[Py<PyString>], index: Option<usize>) -> Bound<'py, PyAny> {
    match index.and_then(|index| table.get(index)) {
        Some(name) => name.bind(py).clone().into_any(),
        None => py.None().into_bound(py),
    }
}

fn optional<'py>(py: Python<'py>, value: Option<&str>) -> Bound<'py, PyAny> {
    match value {
        Some(value) => PyString::new(py, value).into_any(),
        None => py.None().into_bound(py),
    }
}

/// Parses a `User-Agent` value into `(platform, browser, version, language)`,
/// with `rostzeug.useragents`' corrections unless `as_werkzeug_2_0`.
#[pyfunction]
#[pyo3(signature = (value, /, as_werkzeug_2_0 = false))]
fn parse_user_agent<'py>(
    value: &Bound<'py, PyString>,
    as_werkzeug_2_0: bool,
) -> PyResult<Bound<'py, PyTuple>> {
    let py = value.py();
    let parse = if as_werkzeug_2_0 {
        user_agent::parse_werkzeug_2_0
    } else {
        user_agent::parse
    };
    let names = names(py);
    let parts = |info: &user_agent::UserAgentInfo<'_>, version, language| {
        PyTuple::new(
            py,
            [
                name(py, &names.platforms, info.platform.map(|p| p as usize)),
                name(py, &names.browsers, info.browser.map(|b| b as usize)),
                version,
                language,
            ],
        )
    };
    if let Ok(text) = value.to_str() {
        let info = parse(text);
        return parts(
            &info,
            optional(py, info.version),
            optional(py, info.language),
        );
    }
    // Lone surrogates (a string decoded with `surrogateescape`) have no
    // UTF-8 form. They are neither letters, digits nor space, like U+FFFF,
    // which stands in for each; the parts are then cut from the original.
    let units = value.call_method1(intern!(py, "encode"), ("utf-32-le", "surrogatepass"))?;
    let units = units.cast::<PyBytes>()?.as_bytes();
    let stand_in: String = units
        .chunks_exact(4)
        .map(|unit| {
            let code = u32::from_le_bytes([unit[0], unit[1], unit[2], unit[3]]);
            char::from_u32(code).unwrap_or('\u{ffff}')
        })
        .collect();
    let info = parse(&stand_in);
    let cut = |part: Option<&str>| -> PyResult<Bound<'py, PyAny>> {
        let Some(part) = part else {
            return Ok(py.None().into_bound(py));
        };
        let offset = part.as_ptr() as usize - stand_in.as_ptr() as usize;
        let start = stand_in
            .get(..offset)
            .map_or(0, |before| before.chars().count());
        let end = start + part.chars().count();
        value.get_item(PySlice::new(py, start as isize, end as isize, 1))
    };
    parts(&info, cut(info.version)?, cut(info.language)?)
}

pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(parse_user_agent, module)?)?;
    Ok(())
}
