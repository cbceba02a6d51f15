//! URL routing: `rostzeug.routing`'s rules in the core's state machine, the
//! matched text converted into values, and URLs built from templates.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::ffi;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::{MutexExt, PyOnceLock};
use pyo3::types::{
    PyBool, PyDict, PyFrozenSet, PyInt, PyList, PyNone, PySet, PyString, PyTuple, PyType,
};
use pyo3::{PyTraverseError, PyVisit};

use rostzeug_core::routing::{
    merge_slashes as merge_rule_slashes, quote_segment, tokenize, BuildOp, BuildTemplate,
    ConverterSpec, ExternalMatch, ExternalMatcher, ExternalPart, ExternalPartId, Matcher, Methods,
    NoExternal, Outcome, RuleError, RuleId, RuleSpec, Token,
};

/// The exception classes of `rostzeug.routing` and the other Python names
/// the engine calls, imported on first use (the routing package imports
/// this module).
struct RoutingNames {
    no_match: Py<PyType>,
    request_path: Py<PyType>,
    request_alias_redirect: Py<PyType>,
    validation_error: Py<PyType>,
    uuid: Py<PyAny>,
    re_compile: Py<PyAny>,
}

static ROUTING_NAMES: PyOnceLock<RoutingNames> = PyOnceLock::new();

fn names(py: Python<'_>) -> PyResult<&RoutingNames> {
    ROUTING_NAMES.get_or_try_init(py, || {
        let exceptions = py.import("rostzeug.routing.exceptions")?;
        let class = |name: &str| -> PyResult<Py<PyType>> {
            Ok(exceptions.getattr(name)?.cast_into::<PyType>()?.unbind())
        };
        Ok::<_, PyErr>(RoutingNames {
            no_match: class("NoMatch")?,
            request_path: class("RequestPath")?,
            request_alias_redirect: class("RequestAliasRedirect")?,
            validation_error: py
                .import("rostzeug.routing.converters")?
                .getattr("ValidationError")?
                .cast_into::<PyType>()?
                .unbind(),
            uuid: py.import("uuid")?.getattr("UUID")?.unbind(),
            re_compile: py.import("re")?.getattr("compile")?.unbind(),
        })
    })
}

fn rule_error(rule: &str, error: RuleError) -> PyErr {
    match error {
        // Werkzeug's message, which names the rule.
        RuleError::Malformed => {
            PyValueError::new_err(format!("malformed url rule: {}", python_repr(rule)))
        }
        other => PyValueError::new_err(other.message()),
    }
}

/// `repr(text)` for the messages above, without calling into Python.
fn python_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// The tokens of a rule string, for `Rule.compile`.
#[pyfunction]
fn tokenize_rule<'py>(py: Python<'py>, rule: &str) -> PyResult<Bound<'py, PyList>> {
    let tokens = tokenize(rule).map_err(|error| rule_error(rule, error))?;
    let list = PyList::empty(py);
    for token in tokens {
        match token {
            Token::Slash => list.append(intern!(py, "/"))?,
            Token::Static(text) => list.append(text)?,
            Token::Variable {
                converter,
                arguments,
                name,
            } => list.append((converter, arguments, name))?,
        }
    }
    Ok(list)
}

/// `re.sub("/{2,}", "/", path)`.
#[pyfunction]
fn merge_slashes<'py>(path: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyString>> {
    let text = path.to_str()?;
    Ok(match merge_rule_slashes(text) {
        Cow::Borrowed(_) => path.clone(),
        Cow::Owned(merged) => PyString::new(path.py(), &merged),
    })
}

// ------------------------------------------------------------------ matching

/// How matched text becomes a value (the `conversion` codes of
/// `rostzeug.routing.rules`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum ToPython {
    Text,
    Int { fixed_digits: usize },
    Float,
    Uuid,
    Call,
}

/// The built-in `to_python` methods whose results the engine gives
/// natively, and the number types `NumberConverter` converts with.
struct BuiltinConversions {
    base: Py<PyAny>,
    number: Py<PyAny>,
    uuid: Py<PyAny>,
    int: Py<PyAny>,
    float: Py<PyAny>,
    /// `types.MethodType`, the type of `converter.to_python` when it is the
    /// class's function bound to the converter.
    method_type: Py<PyAny>,
}

static BUILTIN_CONVERSIONS: PyOnceLock<BuiltinConversions> = PyOnceLock::new();

fn builtin_conversions(py: Python<'_>) -> PyResult<&BuiltinConversions> {
    BUILTIN_CONVERSIONS.get_or_try_init(py, || {
        let module = py.import("rostzeug.routing.converters")?;
        let method = |class: &str| -> PyResult<Py<PyAny>> {
            Ok(module.getattr(class)?.getattr("to_python")?.unbind())
        };
        Ok::<_, PyErr>(BuiltinConversions {
            base: method("BaseConverter")?,
            number: method("NumberConverter")?,
            uuid: method("UUIDConverter")?,
            int: py.get_type::<PyInt>().into_any().unbind(),
            float: py.get_type::<pyo3::types::PyFloat>().into_any().unbind(),
            method_type: py.import("types")?.getattr("MethodType")?.unbind(),
        })
    })
}

/// How the engine converts the matched text of `converter`: natively when
/// its `to_python` is a built-in one with settings the engine handles, by
/// calling it otherwise.
fn native_conversion<'py>(py: Python<'py>, converter: &Bound<'py, PyAny>) -> PyResult<ToPython> {
    let builtins = builtin_conversions(py)?;
    // The function behind `converter.to_python` when it is bound to the
    // converter itself: anything else (a callable set on the instance, a
    // method of another object) is called as it is.
    let bound = converter.getattr(intern!(py, "to_python"))?;
    if !bound.get_type().is(builtins.method_type.bind(py))
        || !bound.getattr(intern!(py, "__self__"))?.is(converter)
    {
        return Ok(ToPython::Call);
    }
    let method = bound.getattr(intern!(py, "__func__"))?;
    if method.is(builtins.base.bind(py)) {
        return Ok(ToPython::Text);
    }
    if method.is(builtins.uuid.bind(py)) {
        return Ok(ToPython::Uuid);
    }
    if !method.is(builtins.number.bind(py)) {
        return Ok(ToPython::Call);
    }
    let attribute = |name: &Bound<'py, PyString>| converter.getattr(name).ok();
    let unbounded = attribute(intern!(py, "min")).is_some_and(|v| v.is_none())
        && attribute(intern!(py, "max")).is_some_and(|v| v.is_none());
    let Some(digits) = attribute(intern!(py, "fixed_digits")) else {
        return Ok(ToPython::Call);
    };
    let Ok(digits) = digits.cast_exact::<PyInt>() else {
        return Ok(ToPython::Call);
    };
    let Ok(fixed_digits) = digits.extract::<usize>() else {
        return Ok(ToPython::Call);
    };
    let convert = attribute(intern!(py, "num_convert"));
    Ok(match convert {
        Some(convert) if unbounded && convert.is(builtins.int.bind(py)) => {
            ToPython::Int { fixed_digits }
        }
        Some(convert) if unbounded && fixed_digits == 0 && convert.is(builtins.float.bind(py)) => {
            ToPython::Float
        }
        _ => ToPython::Call,
    })
}

/// One placeholder of a rule, as the matcher converts its text.
struct Placeholder {
    name: Py<PyString>,
    converter: Py<PyAny>,
    to_python: ToPython,
}

/// The interned equal of a placeholder name: the keyword names of a view
/// function and the keys of the caller's values are interned, so lookups
/// and keyword matching find it by identity instead of comparing text.
fn interned(name: Bound<'_, PyString>) -> Bound<'_, PyString> {
    if !name.is_exact_instance_of::<PyString>() {
        return name;
    }
    match name.to_str() {
        Ok(text) => PyString::intern(name.py(), text),
        Err(_) => name,
    }
}

/// What the matcher keeps of a Python rule.
struct RuleEntry {
    rule: Py<PyAny>,
    placeholders: Vec<Placeholder>,
}

/// A compiled Python pattern of an external part, with the group names it
/// reads.
struct ExternalPattern {
    pattern: Py<PyAny>,
    group_names: Py<PyTuple>,
    groups: usize,
    /// `pattern.groups`: the index of the slash-suffix group of suffixed
    /// parts.
    last_group: usize,
    suffixed: bool,
}

/// Everything a match reads. Matching works on a clone of the `Arc`, so
/// adding rules never waits for a match that calls into Python, and a match
/// never sees a rule half added.
#[derive(Clone, Default)]
struct Engine {
    matcher: Matcher,
    rules: Vec<Arc<RuleEntry>>,
    patterns: Vec<Option<Arc<ExternalPattern>>>,
}

/// Matches external parts with their compiled Python patterns.
struct PythonParts<'a, 'py> {
    py: Python<'py>,
    patterns: &'a [Option<Arc<ExternalPattern>>],
}

impl ExternalMatcher for PythonParts<'_, '_> {
    type Error = PyErr;

    fn match_part(
        &mut self,
        part: ExternalPartId,
        target: &str,
    ) -> Result<Option<ExternalMatch>, PyErr> {
        let py = self.py;
        let Some(Some(pattern)) = self.patterns.get(part.0) else {
            return Ok(None);
        };
        let found = pattern
            .pattern
            .bind(py)
            .call_method1(intern!(py, "match"), (target,))?;
        if found.is_none() {
            return Ok(None);
        }
        let mut groups = Vec::with_capacity(pattern.groups);
        if pattern.groups > 0 {
            let values = found.call_method1(intern!(py, "group"), pattern.group_names.bind(py))?;
            if pattern.groups == 1 {
                groups.push(group_text(&values)?);
            } else {
                for value in values.cast::<PyTuple>()?.iter() {
                    groups.push(group_text(&value)?);
                }
            }
        }
        let slash_suffix = pattern.suffixed && {
            let last = found.call_method1(intern!(py, "group"), (pattern.last_group,))?;
            !last.is_none() && last.cast::<PyString>().is_ok_and(|s| s == "/")
        };
        Ok(Some(ExternalMatch {
            groups,
            slash_suffix,
        }))
    }
}

/// A converter group's text; a group that did not take part is empty.
fn group_text(value: &Bound<'_, PyAny>) -> PyResult<String> {
    if value.is_none() {
        return Ok(String::new());
    }
    Ok(value.cast::<PyString>()?.to_str()?.to_owned())
}

/// Why conversion stopped: a converter rejected the text (the match is a
/// `NoMatch`), or an exception to raise as it is.
enum ConvertError {
    Rejected(PyErr),
    Raised(PyErr),
}

/// Python's `int(text)` for text the `\d+` / `-?\d+` regexes matched, done
/// natively when it fits an `i64`; anything else goes through `int()` so its
/// results (Unicode digits, its digit limit) are Python's.
fn to_int<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if !digits.is_empty() && digits.len() <= 18 && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(number) = text.parse::<i64>() {
            return Ok(number.into_pyobject(py)?.into_any());
        }
    }
    py.get_type::<PyInt>().call1((text,))
}

/// Python's `float(text)`, natively for the ASCII `-?\d+\.\d+` form (Rust
/// and Python both round correctly).
fn to_float<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let plain = unsigned.split_once('.').is_some_and(|(whole, fraction)| {
        !whole.is_empty()
            && !fraction.is_empty()
            && whole.bytes().all(|b| b.is_ascii_digit())
            && fraction.bytes().all(|b| b.is_ascii_digit())
    });
    if plain {
        if let Ok(number) = text.parse::<f64>() {
            return Ok(number.into_pyobject(py)?.into_any());
        }
    }
    py.get_type::<pyo3::types::PyFloat>().call1((text,))
}

fn convert<'py>(
    py: Python<'py>,
    names: &RoutingNames,
    placeholder: &Placeholder,
    text: &str,
) -> Result<Bound<'py, PyAny>, ConvertError> {
    let rejected = |error: PyErr| {
        if error.is_instance(py, names.validation_error.bind(py)) {
            ConvertError::Rejected(error)
        } else {
            ConvertError::Raised(error)
        }
    };
    match placeholder.to_python {
        ToPython::Text => Ok(PyString::new(py, text).into_any()),
        ToPython::Int { fixed_digits } => {
            if fixed_digits != 0 && text.chars().count() != fixed_digits {
                return Err(ConvertError::Rejected(PyValueError::new_err(
                    "wrong number of digits",
                )));
            }
            // int()'s ValueError (digit limit included) is the converter's
            // ValidationError: a 404, never a 500.
            to_int(py, text).map_err(|error| {
                if error.is_instance_of::<PyValueError>(py) {
                    ConvertError::Rejected(error)
                } else {
                    ConvertError::Raised(error)
                }
            })
        }
        ToPython::Float => to_float(py, text).map_err(|error| {
            if error.is_instance_of::<PyValueError>(py) {
                ConvertError::Rejected(error)
            } else {
                ConvertError::Raised(error)
            }
        }),
        ToPython::Uuid => names
            .uuid
            .bind(py)
            .call1((text,))
            .map_err(ConvertError::Raised),
        ToPython::Call => placeholder
            .converter
            .bind(py)
            .call_method1(intern!(py, "to_python"), (text,))
            .map_err(rejected),
    }
}

fn no_match(
    py: Python<'_>,
    names: &RoutingNames,
    have_match_for: &[String],
    websocket_mismatch: bool,
) -> PyResult<PyErr> {
    let methods = PySet::new(py, have_match_for)?;
    let error = names
        .no_match
        .bind(py)
        .call1((methods, websocket_mismatch))?;
    Ok(PyErr::from_value(error))
}

/// The state machine of a map: the base class of `StateMachineMatcher`.
#[pyclass(frozen, subclass, module = "rostzeug._native")]
struct RuleMatcher {
    engine: Mutex<Arc<Engine>>,
    merge_slashes: AtomicBool,
}

impl RuleMatcher {
    /// The engine as it is now; matching runs on this snapshot.
    fn snapshot(&self, py: Python<'_>) -> Arc<Engine> {
        // Waiting for the lock detaches from the interpreter, so a thread
        // adding a rule (which calls into Python) can always finish.
        match self.engine.lock_py_attached(py) {
            Ok(engine) => Arc::clone(&engine),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Matches and converts; the `Ok(Err(..))` are the routing exceptions.
    fn find<'py>(
        &self,
        py: Python<'py>,
        domain: &str,
        path: &str,
        method: &str,
        websocket: bool,
        merge_slashes: bool,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyDict>)> {
        let names = names(py)?;
        let engine = self.snapshot(py);
        let mut parts = PythonParts {
            py,
            patterns: &engine.patterns,
        };
        let outcome = engine.matcher.match_path(
            domain,
            path,
            method,
            websocket,
            merge_slashes,
            &mut parts,
        )?;
        let (rule_id, values) = match outcome {
            Outcome::Match { rule, values } => (rule, values),
            Outcome::RequestPath(path) => {
                let error = names.request_path.bind(py).call1((path,))?;
                return Err(PyErr::from_value(error));
            }
            Outcome::NoMatch {
                have_match_for,
                websocket_mismatch,
            } => return Err(no_match(py, names, &have_match_for, websocket_mismatch)?),
        };
        let Some(entry) = engine.rules.get(rule_id.0) else {
            return Err(PyValueError::new_err(
                "the routing engine returned a rule it does not hold",
            ));
        };
        let result = PyDict::new(py);
        for (placeholder, text) in entry.placeholders.iter().zip(values.iter()) {
            match convert(py, names, placeholder, text) {
                Ok(value) => result.set_item(placeholder.name.bind(py), value)?,
                Err(ConvertError::Rejected(cause)) => {
                    let error = no_match(py, names, &[], false)?;
                    error.set_cause(py, Some(cause));
                    return Err(error);
                }
                Err(ConvertError::Raised(error)) => return Err(error),
            }
        }
        let rule = entry.rule.bind(py);
        let defaults = rule.getattr(intern!(py, "defaults"))?;
        if defaults.is_truthy()? {
            result.call_method1(intern!(py, "update"), (&defaults,))?;
        }
        if rule.getattr(intern!(py, "alias"))?.is_truthy()?
            && rule
                .getattr(intern!(py, "map"))?
                .getattr(intern!(py, "redirect_defaults"))?
                .is_truthy()?
        {
            let endpoint = rule.getattr(intern!(py, "endpoint"))?;
            let error = names
                .request_alias_redirect
                .bind(py)
                .call1((&result, endpoint))?;
            return Err(PyErr::from_value(error));
        }
        Ok((rule.clone(), result))
    }
}

#[pymethods]
impl RuleMatcher {
    /// The rules and converters reference their map, which references this
    /// matcher: the cycle collector must see these references.
    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        // A locked engine is being changed by a running thread, which the
        // collector never interrupts; there is nothing consistent to visit.
        let Ok(engine) = self.engine.try_lock() else {
            return Ok(());
        };
        for entry in &engine.rules {
            visit.call(&entry.rule)?;
            for placeholder in &entry.placeholders {
                visit.call(&placeholder.converter)?;
            }
        }
        Ok(())
    }

    fn __clear__(&self) {
        if let Ok(mut engine) = self.engine.try_lock() {
            *engine = Arc::new(Engine::default());
        }
    }

    #[new]
    #[pyo3(signature = (*_args, **_kwargs))]
    fn new(_args: &Bound<'_, PyTuple>, _kwargs: Option<&Bound<'_, PyDict>>) -> Self {
        RuleMatcher {
            engine: Mutex::new(Arc::new(Engine::default())),
            merge_slashes: AtomicBool::new(true),
        }
    }

    /// Whether a failed match is tried again with runs of slashes merged.
    #[getter]
    fn get_merge_slashes(&self) -> bool {
        self.merge_slashes.load(Ordering::Relaxed)
    }

    #[setter]
    fn set_merge_slashes(&self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        self.merge_slashes
            .store(value.is_truthy()?, Ordering::Relaxed);
        Ok(())
    }

    /// The rules added, in order (for copies, which add them again).
    #[pyo3(name = "_rules")]
    fn added_rules<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let engine = self.snapshot(py);
        PyList::new(py, engine.rules.iter().map(|entry| entry.rule.bind(py)))
    }

    #[pyo3(name = "_update")]
    fn update(&self, py: Python<'_>) {
        let mut guard = match self.engine.lock_py_attached(py) {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        Arc::make_mut(&mut guard).matcher.update();
    }

    #[pyo3(name = "_match")]
    fn match_path<'py>(
        &self,
        py: Python<'py>,
        domain: &str,
        path: &str,
        method: &str,
        websocket: bool,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyDict>)> {
        let merge_slashes = self.merge_slashes.load(Ordering::Relaxed);
        self.find(py, domain, path, method, websocket, merge_slashes)
    }

    /// Adds a bound rule, reading what the engine needs from its
    /// attributes: the rule strings `compile` chose, its converters, methods
    /// and flags.
    #[pyo3(name = "_add_rule")]
    fn add_bound_rule(&self, rule: Bound<'_, PyAny>) -> PyResult<()> {
        let py = rule.py();
        let own = plain_rule_dict(&rule)?;
        let get = |name| own_attribute(&rule, own.as_ref(), name);
        let domain_rule = get(intern!(py, "_domain_rule"))?;
        let path_rule = get(intern!(py, "_path_rule"))?;
        let domain_rule = domain_rule.cast::<PyString>()?.to_str()?;
        let path_rule = path_rule.cast::<PyString>()?.to_str()?;
        let domain = tokenize(domain_rule).map_err(|error| rule_error(domain_rule, error))?;
        let path = tokenize(path_rule).map_err(|error| rule_error(path_rule, error))?;
        let converters = get(intern!(py, "_converters"))?;
        self.add_tokens(
            py,
            &rule,
            own.as_ref(),
            domain,
            path,
            path_rule,
            converters.cast()?,
        )
    }

    /// `Rule.bind` followed by `_add_rule` (unless the rule is build-only),
    /// for a rule whose class keeps `Rule.bind` and `Rule.compile`.
    #[pyo3(name = "_bind_rule")]
    fn bind_rule_py<'py>(&self, rule: Bound<'py, PyAny>, map: Bound<'py, PyAny>) -> PyResult<()> {
        self.bind_rule(rule, &MapSettings::of(map)?)
    }

    /// `Map.add` for each of `factories`: instances of `Rule` itself are
    /// bound, compiled and added here and listed under their endpoint in
    /// `by_endpoint`; every other factory is handed to `add_other`. The
    /// map's settings are read once for all of them.
    #[pyo3(name = "_add_factories")]
    fn add_factories<'py>(
        &self,
        map: Bound<'py, PyAny>,
        factories: Bound<'py, PyAny>,
        by_endpoint: Bound<'py, PyDict>,
        add_other: Bound<'py, PyAny>,
    ) -> PyResult<()> {
        let py = map.py();
        let rule_class = compile_names(py)?.rule_class.bind(py).clone();
        let settings = MapSettings::of(map)?;
        for factory in factories.try_iter()? {
            let factory = factory?;
            if !factory.get_type().is(&rule_class) {
                add_other.call1((factory,))?;
                continue;
            }
            self.bind_rule(factory.clone(), &settings)?;
            let endpoint = factory.getattr(intern!(py, "endpoint"))?;
            match by_endpoint.get_item(&endpoint)? {
                None => by_endpoint.set_item(endpoint, PyList::new(py, [factory])?)?,
                Some(rules) => match rules.cast_exact::<PyList>() {
                    Ok(list) => list.append(factory)?,
                    Err(_) => {
                        rules.call_method1(intern!(py, "append"), (factory,))?;
                    }
                },
            }
        }
        Ok(())
    }
}

/// The settings of a map that rules without their own take.
struct MapSettings<'py> {
    map: Bound<'py, PyAny>,
    strict_slashes: Bound<'py, PyAny>,
    merge_slashes: Bound<'py, PyAny>,
    default_subdomain: Bound<'py, PyAny>,
    host_matching: bool,
}

impl<'py> MapSettings<'py> {
    /// The settings of `map`, read as attributes (a subclass may make any
    /// of them a property).
    fn of(map: Bound<'py, PyAny>) -> PyResult<Self> {
        let py = map.py();
        Ok(MapSettings {
            strict_slashes: map.getattr(intern!(py, "strict_slashes"))?,
            merge_slashes: map.getattr(intern!(py, "merge_slashes"))?,
            default_subdomain: map.getattr(intern!(py, "default_subdomain"))?,
            host_matching: map.getattr(intern!(py, "host_matching"))?.is_truthy()?,
            map,
        })
    }
}

impl RuleMatcher {
    /// `Rule.bind` and `_add_rule` in one step: the rule strings are read
    /// once, for the converters and the state machine. The trace is left to
    /// `Rule._trace`, which makes it from the rule strings when read.
    fn bind_rule<'py>(&self, rule: Bound<'py, PyAny>, settings: &MapSettings<'py>) -> PyResult<()> {
        let map = &settings.map;
        let host_matching = settings.host_matching;
        let strict_slashes = &settings.strict_slashes;
        let merge_slashes = &settings.merge_slashes;
        let default_subdomain = &settings.default_subdomain;
        let py = rule.py();
        let own = plain_rule_dict(&rule)?;
        let get = |name: &Bound<'py, PyString>| own_attribute(&rule, own.as_ref(), name);
        let set = |name: &Bound<'py, PyString>, value: &Bound<'py, PyAny>| match own.as_ref() {
            Some(own) => own.set_item(name, value),
            None => rule.setattr(name, value),
        };

        // Rule.bind
        let bound_to = get(intern!(py, "map"))?;
        if !bound_to.is_none() {
            return Err(pyo3::exceptions::PyRuntimeError::new_err(format!(
                "url rule {} already bound to map {}",
                rule.repr()?,
                bound_to.repr()?
            )));
        }
        set(intern!(py, "map"), map)?;
        let setting = |name: &Bound<'py, PyString>, default: &Bound<'py, PyAny>| {
            let value = get(name)?;
            if !value.is_none() {
                return Ok(value);
            }
            set(name, default)?;
            Ok::<_, PyErr>(default.clone())
        };
        setting(intern!(py, "strict_slashes"), strict_slashes)?;
        let merge = setting(intern!(py, "merge_slashes"), merge_slashes)?;
        let subdomain = setting(intern!(py, "subdomain"), default_subdomain)?;

        // Rule.compile
        let domain_rule = if host_matching {
            get(intern!(py, "host"))?
        } else {
            subdomain
        };
        let domain_rule = if domain_rule.is_truthy()? {
            domain_rule.cast_into::<PyString>()?
        } else {
            PyString::intern(py, "")
        };
        let path_rule = get(intern!(py, "rule"))?.cast_into::<PyString>()?;
        let merged;
        let path_rule = if merge.is_truthy()? && path_rule.to_str()?.contains("//") {
            merged = PyString::new(py, &merge_rule_slashes(path_rule.to_str()?));
            &merged
        } else {
            &path_rule
        };
        let domain_text = domain_rule.to_str()?;
        let path_text = path_rule.to_str()?;
        let domain = tokenize(domain_text).map_err(|error| rule_error(domain_text, error))?;
        let path = tokenize(path_text).map_err(|error| rule_error(path_text, error))?;
        let (_, converters) = compile_tokens(py, &rule, map, &domain, &path, false)?;
        set(intern!(py, "_converters"), converters.as_any())?;
        set(intern!(py, "_domain_rule"), domain_rule.as_any())?;
        set(intern!(py, "_path_rule"), path_rule.as_any())?;
        set(intern!(py, "_builder"), &py.None().into_bound(py))?;

        if get(intern!(py, "build_only"))?.is_truthy()? {
            return Ok(());
        }
        self.add_tokens(
            py,
            &rule,
            own.as_ref(),
            domain,
            path,
            path_text,
            &converters,
        )
    }
}

/// The `__dict__` of an instance of `rostzeug.routing.Rule` itself, whose
/// attributes are plain entries there (no properties); `None` for other
/// classes, whose attributes are read and set through `getattr`/`setattr`.
fn plain_rule_dict<'py>(rule: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyDict>>> {
    let py = rule.py();
    if !rule.get_type().is(compile_names(py)?.rule_class.bind(py)) {
        return Ok(None);
    }
    Ok(rule
        .getattr(intern!(py, "__dict__"))
        .ok()
        .and_then(|d| d.cast_into_exact::<PyDict>().ok()))
}

/// `object.name`, from `own` (the object's `__dict__`) when given and
/// holding it.
fn own_attribute<'py>(
    object: &Bound<'py, PyAny>,
    own: Option<&Bound<'py, PyDict>>,
    name: &Bound<'py, PyString>,
) -> PyResult<Bound<'py, PyAny>> {
    if let Some(own) = own {
        if let Some(value) = own.get_item(name)? {
            return Ok(value);
        }
    }
    object.getattr(name)
}

impl RuleMatcher {
    /// Adds a compiled rule from the tokens of its rule strings, reading
    /// its converters (`regex`, `weight`, `part_isolating`, how their
    /// values are converted), methods and flags.
    #[allow(clippy::too_many_arguments)]
    fn add_tokens<'py>(
        &self,
        py: Python<'py>,
        rule: &Bound<'py, PyAny>,
        own: Option<&Bound<'py, PyDict>>,
        domain: Vec<Token<'_>>,
        path: Vec<Token<'_>>,
        path_rule: &str,
        converters: &Bound<'py, PyDict>,
    ) -> PyResult<()> {
        let get = |name| own_attribute(rule, own, name);
        let methods = get(intern!(py, "methods"))?;
        let methods = if methods.is_none() {
            None
        } else {
            let mut set = Methods::new();
            for method in methods.try_iter()? {
                set.insert(method?.cast::<PyString>()?.to_str()?);
            }
            Some(set)
        };
        let websocket = get(intern!(py, "websocket"))?.is_truthy()?;
        let strict_slashes = get(intern!(py, "strict_slashes"))?.is_truthy()?;
        let merge_slashes = get(intern!(py, "merge_slashes"))?.is_truthy()?;
        let mut placeholders = Vec::with_capacity(converters.len());
        let mut specs = Vec::with_capacity(converters.len());
        for (name, converter) in converters.iter() {
            let name = interned(name.cast_into::<PyString>()?);
            let regex: String = converter.getattr(intern!(py, "regex"))?.extract()?;
            let weight: f64 = converter.getattr(intern!(py, "weight"))?.extract()?;
            let part_isolating = converter
                .getattr(intern!(py, "part_isolating"))?
                .is_truthy()?;
            let to_python = native_conversion(py, &converter)?;
            placeholders.push(Placeholder {
                name: name.unbind(),
                converter: converter.unbind(),
                to_python,
            });
            specs.push(ConverterSpec {
                regex,
                weight,
                part_isolating,
            });
        }
        let spec = RuleSpec {
            domain,
            path,
            converters: specs,
            methods,
            websocket,
            strict_slashes,
            merge_slashes,
        };
        let entry = Arc::new(RuleEntry {
            rule: rule.clone().unbind(),
            placeholders,
        });

        // Held while Python compiles the new parts' patterns: rules are
        // added one at a time, and a match waiting for the lock detaches
        // from the interpreter, so this thread can go on.
        let mut guard = match self.engine.lock_py_attached(py) {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        let engine = Arc::make_mut(&mut guard);
        let added = engine
            .matcher
            .add(spec)
            .map_err(|error| rule_error(path_rule, error))?;
        if engine.rules.len() != added.rule.0 {
            return Err(PyValueError::new_err(
                "the routing engine numbered a rule out of order",
            ));
        }
        engine.rules.push(entry);
        // A part whose pattern does not compile keeps no pattern and never
        // matches; the error is raised once the other parts are stored.
        let mut failure = None;
        for part in &added.external {
            match compile_part(py, part) {
                Ok(pattern) => {
                    if engine.patterns.len() <= part.id.0 {
                        engine.patterns.resize(part.id.0 + 1, None);
                    }
                    if let Some(slot) = engine.patterns.get_mut(part.id.0) {
                        *slot = Some(Arc::new(pattern));
                    }
                }
                Err(error) => failure = failure.or(Some(error)),
            }
        }
        if let Some(error) = failure {
            return Err(error);
        }
        Ok(())
    }
}

fn compile_part(py: Python<'_>, part: &ExternalPart) -> PyResult<ExternalPattern> {
    let pattern = names(py)?
        .re_compile
        .bind(py)
        .call1((part.regex.as_str(),))?;
    let last_group: usize = pattern.getattr(intern!(py, "groups"))?.extract()?;
    let group_names = PyTuple::new(
        py,
        (0..part.groups).map(|index| format!("__werkzeug_{index}")),
    )?;
    Ok(ExternalPattern {
        pattern: pattern.unbind(),
        group_names: group_names.unbind(),
        groups: part.groups,
        last_group,
        suffixed: part.suffixed,
    })
}

// ------------------------------------------------------------------ building

/// How a value becomes URL text (the `conversion` codes of `_url_conversion`
/// in `rostzeug.routing.rules`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum ToUrl {
    Quote,
    Int { fixed_digits: usize },
    Str,
    Call,
}

struct BuildPlaceholder {
    name: Py<PyString>,
    converter: Py<PyAny>,
    to_url: ToUrl,
    /// The URL text of the rule's default for this placeholder.
    fixed: Option<String>,
}

/// The URL builder of one rule, for `Rule.build`.
#[pyclass(frozen, module = "rostzeug._native")]
struct RuleBuilder {
    rule: Py<PyAny>,
    template: BuildTemplate,
    placeholders: Vec<BuildPlaceholder>,
    /// Names that never go into the query string: the placeholders and the
    /// rule's defaults.
    known: Py<PySet>,
    validation_error: Py<PyType>,
}

fn zero_fill(text: String, width: usize) -> String {
    let digits = text.strip_prefix(['-', '+']).map_or(text.len(), str::len);
    let length = text.chars().count();
    if length >= width {
        return text;
    }
    let zeros = "0".repeat(width - length);
    if digits < text.len() {
        let (sign, rest) = text.split_at(1);
        format!("{sign}{zeros}{rest}")
    } else {
        zeros + &text
    }
}

impl RuleBuilder {
    /// The URL text of one value.
    fn url_text(
        &self,
        py: Python<'_>,
        placeholder: &BuildPlaceholder,
        value: &Bound<'_, PyAny>,
        out: &mut String,
    ) -> PyResult<()> {
        match placeholder.to_url {
            ToUrl::Quote => {
                if let Ok(text) = value.cast::<PyString>() {
                    out.push_str(&quote_segment(text.to_str()?));
                } else {
                    out.push_str(&quote_segment(value.str()?.to_str()?));
                }
                return Ok(());
            }
            ToUrl::Int { fixed_digits: 0 } if value.get_type().is(py.get_type::<PyInt>()) => {
                // Machine-sized integers are written without a temporary.
                match value.extract::<i64>() {
                    Ok(number) => {
                        use std::fmt::Write as _;
                        let _ = write!(out, "{number}");
                    }
                    Err(_) => out.push_str(value.str()?.to_str()?),
                }
                return Ok(());
            }
            ToUrl::Int { fixed_digits } if value.get_type().is(py.get_type::<PyInt>()) => {
                let text = match value.extract::<i64>() {
                    Ok(number) => number.to_string(),
                    Err(_) => value.str()?.to_str()?.to_owned(),
                };
                out.push_str(&zero_fill(text, fixed_digits));
                return Ok(());
            }
            ToUrl::Str => {
                out.push_str(value.str()?.to_str()?);
                return Ok(());
            }
            ToUrl::Int { .. } | ToUrl::Call => {}
        }
        let text = placeholder
            .converter
            .bind(py)
            .call_method1(intern!(py, "to_url"), (value,))?;
        out.push_str(text.cast::<PyString>()?.to_str()?);
        Ok(())
    }

    fn fill(
        &self,
        py: Python<'_>,
        ops: &[BuildOp],
        values: &Bound<'_, PyAny>,
        out: &mut String,
    ) -> PyResult<()> {
        for op in ops {
            match op {
                BuildOp::Literal(text) => out.push_str(text),
                BuildOp::Variable(index) => {
                    let Some(placeholder) = self.placeholders.get(*index) else {
                        return Err(PyValueError::new_err(
                            "the build template names a placeholder the rule does not have",
                        ));
                    };
                    if let Some(fixed) = &placeholder.fixed {
                        out.push_str(fixed);
                        continue;
                    }
                    let name = placeholder.name.bind(py);
                    let value = match values.get_item(name) {
                        Ok(value) => value,
                        Err(error) if error.is_instance_of::<pyo3::exceptions::PyKeyError>(py) => {
                            return Err(PyTypeError::new_err(format!(
                                "building the URL of the rule {} needs a value for {name:?}; \
                                 pass it among the values",
                                self.rule.bind(py).str()?
                            )));
                        }
                        Err(error) => return Err(error),
                    };
                    self.url_text(py, placeholder, &value, out)?;
                }
            }
        }
        Ok(())
    }
}

/// One converter as `Rule._get_builder` describes it.
type BuildRow<'py> = (Bound<'py, PyString>, Bound<'py, PyAny>, u8, usize);

#[pymethods]
impl RuleBuilder {
    /// The rule and its converters lead back to this builder.
    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        visit.call(&self.rule)?;
        for placeholder in &self.placeholders {
            visit.call(&placeholder.converter)?;
        }
        Ok(())
    }

    #[new]
    fn new(
        py: Python<'_>,
        rule: Bound<'_, PyAny>,
        domain_rule: &str,
        path_rule: &str,
        converters: Vec<BuildRow<'_>>,
        fixed: Bound<'_, PyDict>,
        default_names: Bound<'_, PyFrozenSet>,
    ) -> PyResult<Self> {
        let domain = tokenize(domain_rule).map_err(|error| rule_error(domain_rule, error))?;
        let path = tokenize(path_rule).map_err(|error| rule_error(path_rule, error))?;
        let template = BuildTemplate::new(&domain, &path);
        let known = PySet::empty(py)?;
        let mut placeholders = Vec::with_capacity(converters.len());
        for item in default_names.iter() {
            known.add(item)?;
        }
        for (name, converter, code, fixed_digits) in converters {
            let name = interned(name);
            let to_url = match code {
                0 => ToUrl::Quote,
                1 => ToUrl::Int { fixed_digits },
                2 => ToUrl::Str,
                3 => ToUrl::Call,
                _ => {
                    return Err(PyValueError::new_err(format!(
                        "unknown URL conversion code {code}; expected 0 to 3"
                    )))
                }
            };
            let fixed = match fixed.get_item(&name)? {
                Some(text) => Some(text.cast::<PyString>()?.to_str()?.to_owned()),
                None => None,
            };
            known.add(&name)?;
            placeholders.push(BuildPlaceholder {
                name: name.unbind(),
                converter: converter.unbind(),
                to_url,
                fixed,
            });
        }
        Ok(RuleBuilder {
            rule: rule.unbind(),
            template,
            placeholders,
            known: known.unbind(),
            validation_error: names(py)?.validation_error.clone_ref(py),
        })
    }

    fn build(
        &self,
        py: Python<'_>,
        values: Bound<'_, PyAny>,
        append_unknown: bool,
    ) -> PyResult<Option<(String, String)>> {
        self.build_url(py, &values, append_unknown, false)
    }
}

impl RuleBuilder {
    /// `Rule.build`; with `native_query`, the query string of plain text
    /// and integer values is encoded here instead of by
    /// `rule._encode_query_vars` (the caller checked that the rule's class
    /// and the map's sorting leave that method's result the same).
    fn build_url(
        &self,
        py: Python<'_>,
        values: &Bound<'_, PyAny>,
        append_unknown: bool,
        native_query: bool,
    ) -> PyResult<Option<(String, String)>> {
        let mut domain = String::new();
        // Room for a usual path and query: no reallocation while filling.
        let mut path = String::with_capacity(96);
        let filled = self
            .fill(py, &self.template.domain, values, &mut domain)
            .and_then(|()| self.fill(py, &self.template.path, values, &mut path));
        if let Err(error) = filled {
            if error.is_instance(py, self.validation_error.bind(py)) {
                return Ok(None);
            }
            return Err(error);
        }
        if !append_unknown {
            return Ok(Some((domain, path)));
        }
        let known = self.known.bind(py);
        let dict = values.cast::<PyDict>().ok();
        if let (true, Some(dict)) = (native_query, dict) {
            // Each unknown value written after the path as it is found,
            // without collecting them first; taken back when a value needs
            // the Python encoder.
            let end = path.len();
            path.push('?');
            let mut plain = true;
            for (key, value) in dict.iter() {
                if !known.contains(&key)? && !encode_plain_pair(&key, &value, &mut path, end + 1)? {
                    plain = false;
                    break;
                }
            }
            if plain {
                if path.len() == end + 1 {
                    path.truncate(end);
                }
                return Ok(Some((domain, path)));
            }
            path.truncate(end);
        }
        let mut unknown: Option<Bound<'_, PyDict>> = None;
        let mut pairs: Vec<(Bound<'_, PyAny>, Bound<'_, PyAny>)> = Vec::new();
        if let Some(dict) = dict {
            for (key, value) in dict.iter() {
                if !known.contains(&key)? {
                    pairs.push((key, value));
                }
            }
        } else {
            let items = values.call_method0(intern!(py, "items"))?;
            for item in items.try_iter()? {
                let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
                if !known.contains(&key)? {
                    pairs.push((key, value));
                }
            }
        }
        if pairs.is_empty() {
            return Ok(Some((domain, path)));
        }
        if native_query && dict.is_none() {
            // Written after the path at once; taken back when a value
            // needs the Python encoder.
            let end = path.len();
            path.push('?');
            if encode_plain_query(&pairs, &mut path, end + 1)? {
                if path.len() == end + 1 {
                    path.truncate(end);
                }
                return Ok(Some((domain, path)));
            }
            path.truncate(end);
        }
        for (key, value) in pairs {
            unknown
                .get_or_insert_with(|| PyDict::new(py))
                .set_item(key, value)?;
        }
        if let Some(unknown) = unknown {
            let query = self
                .rule
                .bind(py)
                .call_method1(intern!(py, "_encode_query_vars"), (unknown,))?;
            let query = query.cast::<PyString>()?.to_str()?;
            if !query.is_empty() {
                path.push('?');
                path.push_str(query);
            }
        }
        Ok(Some((domain, path)))
    }
}

/// `urllib.parse.quote_plus(text, safe="!$'()*,/:;?@")`, the form
/// `rostzeug.urls._urlencode` writes query names and values in.
fn quote_query(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'_'
            | b'.'
            | b'-'
            | b'~'
            | b'!'
            | b'$'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b','
            | b'/'
            | b':'
            | b';'
            | b'?'
            | b'@' => out.push(char::from(byte)),
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0x0F)]));
            }
        }
    }
}

/// The query string of `pairs` when every name is text and every value
/// text or an integer; false (writing nothing useful) otherwise, for the
/// Python encoder to handle lists, bytes and other values.
fn encode_plain_query(
    pairs: &[(Bound<'_, PyAny>, Bound<'_, PyAny>)],
    out: &mut String,
    start: usize,
) -> PyResult<bool> {
    for (key, value) in pairs {
        if !encode_plain_pair(key, value, out, start)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// One `name=value` of [`encode_plain_query`], after a `&` when `out` has
/// more than `start` bytes; false for a pair the Python encoder writes.
fn encode_plain_pair(
    key: &Bound<'_, PyAny>,
    value: &Bound<'_, PyAny>,
    out: &mut String,
    start: usize,
) -> PyResult<bool> {
    let Ok(key) = key.cast_exact::<PyString>() else {
        return Ok(false);
    };
    let Ok(key) = key.to_str() else {
        return Ok(false);
    };
    if out.len() > start {
        out.push('&');
    }
    quote_query(key, out);
    out.push('=');
    if let Ok(text) = value.cast_exact::<PyString>() {
        let Ok(text) = text.to_str() else {
            return Ok(false);
        };
        quote_query(text, out);
    } else if let Ok(number) = value.cast_exact::<PyInt>() {
        // Machine-sized integers are written without a Python string.
        match number.extract::<i64>() {
            Ok(small) => {
                use std::fmt::Write as _;
                let _ = write!(out, "{small}");
            }
            Err(_) => out.push_str(value.str()?.to_str()?),
        }
    } else {
        return Ok(false);
    }
    Ok(true)
}

pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(tokenize_rule, module)?)?;
    module.add_function(wrap_pyfunction!(merge_slashes, module)?)?;
    module.add_class::<RuleMatcher>()?;
    module.add_class::<RuleBuilder>()?;
    module.add_function(wrap_pyfunction!(adapter_match, module)?)?;
    module.add_function(wrap_pyfunction!(adapter_build, module)?)?;
    module.add_function(wrap_pyfunction!(map_bind_to_environ, module)?)?;
    module.add_function(wrap_pyfunction!(compile_rule, module)?)?;
    module.add_class::<MapBase>()?;
    module.add_class::<MapAdapterBase>()?;
    let adapter_class = module.py().get_type::<MapAdapterBase>();
    install_positional_method(&adapter_class, "match", match_positional, &GENERAL_MATCH)?;
    install_positional_method(&adapter_class, "build", build_positional, &GENERAL_BUILD)?;
    let map_class = module.py().get_type::<MapBase>();
    install_positional_method(
        &map_class,
        "bind_to_environ",
        bind_to_environ_positional,
        &GENERAL_BIND_TO_ENVIRON,
    )?;
    Ok(())
}

// ---------------------------------------------------- positional fast calls

/// The function of a method as pyo3 generated it, which parses positional
/// and keyword arguments alike; the positional-only entry point hands it
/// every call with keywords.
type FastCall = ffi::PyCFunctionFastWithKeywords;

static GENERAL_MATCH: std::sync::OnceLock<FastCall> = std::sync::OnceLock::new();
static GENERAL_BUILD: std::sync::OnceLock<FastCall> = std::sync::OnceLock::new();
static GENERAL_BIND_TO_ENVIRON: std::sync::OnceLock<FastCall> = std::sync::OnceLock::new();

/// Puts `positional` in place of the method `name` of `class`, under the
/// same name, flags and documentation (so the same text signature), and
/// keeps the function it replaces in `general` for the calls `positional`
/// does not take. A match is called once per request, mostly with one
/// positional argument or none: the general argument parser is a good part
/// of its time.
fn install_positional_method(
    class: &Bound<'_, PyType>,
    name: &str,
    positional: FastCall,
    general: &std::sync::OnceLock<FastCall>,
) -> PyResult<()> {
    let py = class.py();
    let method = class.getattr(name)?;
    let descriptor_type = std::ptr::addr_of_mut!(ffi::PyMethodDescr_Type);
    // SAFETY: `method` is a live object; the type check reads its type.
    if unsafe { ffi::PyObject_TypeCheck(method.as_ptr(), descriptor_type) } == 0 {
        return Err(PyTypeError::new_err(format!(
            "{name} of the native class is not a method descriptor; \
             the positional entry point cannot replace it"
        )));
    }
    // SAFETY: a method descriptor is a PyMethodDescrObject, whose method
    // definition lives as long as the class (pyo3 leaks it).
    let definition = unsafe { *(*method.as_ptr().cast::<ffi::PyMethodDescrObject>()).d_method };
    let fast_keywords = ffi::METH_FASTCALL | ffi::METH_KEYWORDS;
    if definition.ml_flags & !ffi::METH_COEXIST != fast_keywords {
        return Err(PyTypeError::new_err(format!(
            "{name} of the native class is not a fast call with keywords; \
             the positional entry point cannot replace it"
        )));
    }
    // SAFETY: the flags say the function has this calling convention.
    let replaced = unsafe { definition.ml_meth.PyCFunctionFastWithKeywords };
    if general.set(replaced).is_err() && general.get() != Some(&replaced) {
        return Err(PyTypeError::new_err(format!(
            "{name} of the native class was replaced by another function already"
        )));
    }
    // The definition must outlive the descriptor: the class lives as long
    // as the module, so it is leaked, as pyo3 does for its own.
    let positional_definition = Box::leak(Box::new(ffi::PyMethodDef {
        ml_meth: ffi::PyMethodDefPointer {
            PyCFunctionFastWithKeywords: positional,
        },
        ..definition
    }));
    // SAFETY: the class is a live type object and the definition is
    // leaked; the call returns a new reference or NULL with an exception.
    let descriptor = unsafe {
        Bound::from_owned_ptr_or_err(
            py,
            ffi::PyDescr_NewMethod(class.as_type_ptr(), positional_definition),
        )
    }?;
    class.setattr(name, descriptor)
}

/// Runs the body of a positional entry point: the interpreter is attached
/// (CPython calls methods so), errors are raised, a panic becomes an
/// exception instead of crossing into C.
fn run_positional(
    body: impl FnOnce(Python<'_>) -> PyResult<*mut ffi::PyObject>,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls a method's function with the interpreter
    // attached.
    let py = unsafe { Python::assume_attached() };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| body(py))) {
        Ok(Ok(result)) => result,
        Ok(Err(error)) => {
            error.restore(py);
            std::ptr::null_mut()
        }
        Err(_) => {
            pyo3::panic::PanicException::new_err("the native routing code panicked").restore(py);
            std::ptr::null_mut()
        }
    }
}

/// The positional arguments of a fast call, when there are no keywords
/// and `least` to `most` of them; None hands the call to the general
/// parser (which also says what is wrong with the call).
///
/// # Safety
/// `args` and `nargs` are those CPython passed to the function.
unsafe fn positional_arguments(
    args: &*const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
    least: usize,
    most: usize,
) -> Option<&[*mut ffi::PyObject]> {
    // SAFETY: kwnames is NULL or a tuple (CPython's vectorcall protocol).
    if !kwnames.is_null() && unsafe { ffi::PyTuple_GET_SIZE(kwnames) } != 0 {
        return None;
    }
    let count = usize::try_from(nargs)
        .ok()
        .filter(|count| (least..=most).contains(count))?;
    if count == 0 {
        return Some(&[]);
    }
    // SAFETY: CPython passes `nargs` valid object pointers at `args`.
    Some(unsafe { std::slice::from_raw_parts(*args, count) })
}

/// A positional call as an entry point receives it: the instance the
/// method was called on and the arguments given, borrowed for the call.
struct PositionalCall<'a, 'py> {
    instance: &'a Bound<'py, PyAny>,
    given: &'a [*mut ffi::PyObject],
}

impl<'a, 'py> PositionalCall<'a, 'py> {
    /// The argument at `index`, None when the call did not give it.
    fn argument(&self, index: usize) -> Option<&'a Bound<'py, PyAny>> {
        let py = self.instance.py();
        self.given
            .get(index)
            // SAFETY: a borrowed argument of this call.
            .map(|pointer| unsafe { Bound::<PyAny>::ref_from_ptr(py, pointer) })
    }
}

/// Runs `body` on a call of `least` to `most` positional arguments and no
/// keywords; any other call goes to the function kept in `general`, whose
/// argument parser takes it (or says what is wrong with it).
///
/// # Safety
/// `slf`, `args`, `nargs` and `kwnames` are those CPython passed to a
/// method's function.
#[allow(clippy::too_many_arguments)]
unsafe fn call_positional(
    slf: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
    least: usize,
    most: usize,
    general: &std::sync::OnceLock<FastCall>,
    body: impl for<'a, 'py> FnOnce(PositionalCall<'a, 'py>) -> PyResult<Bound<'py, PyAny>>,
) -> *mut ffi::PyObject {
    // SAFETY: the arguments are CPython's.
    let Some(given) = (unsafe { positional_arguments(&args, nargs, kwnames, least, most) }) else {
        return match general.get() {
            // SAFETY: the same call, to the function this one stands in for.
            Some(general) => unsafe { general(slf, args, nargs, kwnames) },
            None => not_installed(),
        };
    };
    run_positional(|py| {
        // SAFETY: the method descriptor passes its instance, borrowed for
        // the call.
        let instance = unsafe { Bound::ref_from_ptr(py, &slf) };
        body(PositionalCall { instance, given }).map(Bound::into_ptr)
    })
}

/// `MapAdapterBase.match` for positional calls.
unsafe extern "C" fn match_positional(
    slf: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: the arguments are those CPython passed.
    unsafe {
        call_positional(slf, args, nargs, kwnames, 0, 5, &GENERAL_MATCH, |call| {
            let py = call.instance.py();
            let none = PyNone::get(py);
            let none = none.as_any();
            let no = PyBool::new(py, false);
            let no = no.as_any();
            adapter_match(
                py,
                call.instance,
                call.argument(0).unwrap_or(none),
                call.argument(1).unwrap_or(none),
                call.argument(2).unwrap_or(no),
                call.argument(3).unwrap_or(none),
                call.argument(4).unwrap_or(none),
            )
        })
    }
}

// ------------------------------------------------------------- fast paths

/// The attributes of a `Map` that matching and building read, kept in
/// fields so the native paths read them without attribute lookups. `Map`
/// (Python) sets them in its constructor, as any attribute.
#[pyclass(subclass, module = "rostzeug._native")]
struct MapBase {
    #[pyo3(get, set, name = "_matcher")]
    matcher: Py<PyAny>,
    #[pyo3(get, set, name = "_rules_by_endpoint")]
    rules_by_endpoint: Py<PyAny>,
    #[pyo3(get, set, name = "_remap")]
    remap: bool,
    #[pyo3(get, set)]
    host_matching: Py<PyAny>,
    #[pyo3(get, set)]
    redirect_defaults: Py<PyAny>,
    #[pyo3(get, set)]
    sort_parameters: Py<PyAny>,
}

#[pymethods]
impl MapBase {
    #[new]
    #[pyo3(signature = (*_args, **_kwargs))]
    fn new(
        py: Python<'_>,
        _args: &Bound<'_, PyTuple>,
        _kwargs: Option<&Bound<'_, PyDict>>,
    ) -> Self {
        MapBase {
            matcher: py.None(),
            rules_by_endpoint: py.None(),
            remap: true,
            host_matching: py.None(),
            redirect_defaults: py.None(),
            sort_parameters: py.None(),
        }
    }

    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        visit.call(&self.matcher)?;
        visit.call(&self.rules_by_endpoint)?;
        visit.call(&self.host_matching)?;
        visit.call(&self.redirect_defaults)?;
        visit.call(&self.sort_parameters)?;
        Ok(())
    }

    fn __clear__(&mut self) {
        Python::attach(|py| {
            self.matcher = py.None();
            self.rules_by_endpoint = py.None();
        });
    }

    /// A ``MapAdapter`` for the request of a WSGI environ (or request
    /// object); see ``Map.bind_to_environ``. Plain environs are read
    /// natively, every other case by ``_bind_to_environ``.
    #[pyo3(signature = (environ, server_name=None, subdomain=None))]
    fn bind_to_environ<'py>(
        slf: &Bound<'py, Self>,
        environ: Bound<'py, PyAny>,
        server_name: Option<Bound<'py, PyAny>>,
        subdomain: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let none = py.None().into_bound(py);
        map_bind_to_environ(
            py,
            slf.as_any(),
            &environ,
            server_name.as_ref().unwrap_or(&none),
            subdomain.as_ref().unwrap_or(&none),
        )
    }
}

/// The attributes of a `MapAdapter`, in fields for the native paths.
#[pyclass(subclass, module = "rostzeug._native")]
struct MapAdapterBase {
    #[pyo3(get, set)]
    map: Py<PyAny>,
    #[pyo3(get, set)]
    server_name: Py<PyAny>,
    #[pyo3(get, set)]
    script_name: Py<PyAny>,
    #[pyo3(get, set)]
    subdomain: Py<PyAny>,
    #[pyo3(get, set)]
    url_scheme: Py<PyAny>,
    #[pyo3(get, set)]
    path_info: Py<PyAny>,
    #[pyo3(get, set)]
    default_method: Py<PyAny>,
    #[pyo3(get, set)]
    query_args: Py<PyAny>,
    #[pyo3(get, set)]
    websocket: Py<PyAny>,
}

#[pymethods]
impl MapAdapterBase {
    #[new]
    #[pyo3(signature = (*_args, **_kwargs))]
    fn new(
        py: Python<'_>,
        _args: &Bound<'_, PyTuple>,
        _kwargs: Option<&Bound<'_, PyDict>>,
    ) -> Self {
        MapAdapterBase {
            map: py.None(),
            server_name: py.None(),
            script_name: py.None(),
            subdomain: py.None(),
            url_scheme: py.None(),
            path_info: py.None(),
            default_method: py.None(),
            query_args: py.None(),
            websocket: py.None(),
        }
    }

    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        visit.call(&self.map)?;
        visit.call(&self.query_args)?;
        Ok(())
    }

    /// Find the rule for a path and return ``(endpoint, values)``, or
    /// ``(rule, values)`` with ``return_rule``; raises ``NotFound``,
    /// ``MethodNotAllowed``, ``RequestRedirect`` or ``WebsocketMismatch``.
    /// The common case runs natively, every other by ``_match``.
    #[pyo3(signature = (path_info=None, method=None, return_rule=None, query_args=None, websocket=None))]
    // The defaults `MapAdapter` documents; None, given or not, acts as them.
    #[pyo3(
        text_signature = "($self, path_info=None, method=None, return_rule=False, \
        query_args=None, websocket=None)"
    )]
    fn r#match<'py>(
        slf: &Bound<'py, Self>,
        path_info: Option<Bound<'py, PyAny>>,
        method: Option<Bound<'py, PyAny>>,
        return_rule: Option<Bound<'py, PyAny>>,
        query_args: Option<Bound<'py, PyAny>>,
        websocket: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let none = py.None().into_bound(py);
        adapter_match(
            py,
            slf.as_any(),
            path_info.as_ref().unwrap_or(&none),
            method.as_ref().unwrap_or(&none),
            return_rule
                .as_ref()
                .unwrap_or(&false.into_pyobject(py)?.to_owned().into_any()),
            query_args.as_ref().unwrap_or(&none),
            websocket.as_ref().unwrap_or(&none),
        )
    }

    /// Build the URL of ``endpoint`` from ``values``; raises ``BuildError``
    /// when no rule of the endpoint can be built. The common case runs
    /// natively, every other by ``_build``.
    #[pyo3(signature = (endpoint, values=None, method=None, force_external=None, append_unknown=None, url_scheme=None))]
    // The defaults `MapAdapter` documents; None, given or not, acts as them.
    #[pyo3(
        text_signature = "($self, endpoint, values=None, method=None, force_external=False, \
        append_unknown=True, url_scheme=None)"
    )]
    fn build<'py>(
        slf: &Bound<'py, Self>,
        endpoint: Bound<'py, PyAny>,
        values: Option<Bound<'py, PyAny>>,
        method: Option<Bound<'py, PyAny>>,
        force_external: Option<Bound<'py, PyAny>>,
        append_unknown: Option<Bound<'py, PyAny>>,
        url_scheme: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let none = py.None().into_bound(py);
        let no = false.into_pyobject(py)?.to_owned().into_any();
        let yes = true.into_pyobject(py)?.to_owned().into_any();
        adapter_build(
            py,
            slf.as_any(),
            &endpoint,
            values.as_ref().unwrap_or(&none),
            method.as_ref().unwrap_or(&none),
            force_external.as_ref().unwrap_or(&no),
            append_unknown.as_ref().unwrap_or(&yes),
            url_scheme.as_ref().unwrap_or(&none),
        )
    }

    fn __clear__(&mut self) {
        Python::attach(|py| {
            self.map = py.None();
            self.query_args = py.None();
        });
    }
}

/// The fields of a `MapAdapterBase`, read at once: no borrow of the adapter
/// is held while Python code runs (another thread may set an attribute).
struct AdapterFields<'py> {
    map: Bound<'py, PyAny>,
    server_name: Bound<'py, PyAny>,
    script_name: Bound<'py, PyAny>,
    subdomain: Bound<'py, PyAny>,
    url_scheme: Bound<'py, PyAny>,
    path_info: Bound<'py, PyAny>,
    default_method: Bound<'py, PyAny>,
    websocket: Bound<'py, PyAny>,
}

impl MapAdapterBase {
    fn fields<'py>(&self, py: Python<'py>) -> AdapterFields<'py> {
        AdapterFields {
            map: self.map.bind(py).clone(),
            server_name: self.server_name.bind(py).clone(),
            script_name: self.script_name.bind(py).clone(),
            subdomain: self.subdomain.bind(py).clone(),
            url_scheme: self.url_scheme.bind(py).clone(),
            path_info: self.path_info.bind(py).clone(),
            default_method: self.default_method.bind(py).clone(),
            websocket: self.websocket.bind(py).clone(),
        }
    }
}

/// The fields of a `MapBase`, read at once (see [`AdapterFields`]).
struct MapFields<'py> {
    matcher: Bound<'py, PyAny>,
    rules_by_endpoint: Bound<'py, PyAny>,
    remap: bool,
    host_matching: Bound<'py, PyAny>,
    redirect_defaults: Bound<'py, PyAny>,
    sort_parameters: Bound<'py, PyAny>,
}

impl MapBase {
    fn fields<'py>(&self, py: Python<'py>) -> MapFields<'py> {
        MapFields {
            matcher: self.matcher.bind(py).clone(),
            rules_by_endpoint: self.rules_by_endpoint.bind(py).clone(),
            remap: self.remap,
            host_matching: self.host_matching.bind(py).clone(),
            redirect_defaults: self.redirect_defaults.bind(py).clone(),
            sort_parameters: self.sort_parameters.bind(py).clone(),
        }
    }
}

/// The classes whose methods the fast paths stand in for: an instance of a
/// subclass may override any of them, so it takes the Python path.
struct ExactClasses {
    map_adapter: Py<PyType>,
    map: Py<PyType>,
    state_machine_matcher: Py<PyType>,
    rule: Py<PyType>,
    /// The 404 that `MapAdapter.match` raises when no rule matches at all.
    not_found: Py<PyType>,
}

static EXACT_CLASSES: PyOnceLock<ExactClasses> = PyOnceLock::new();

fn exact_classes(py: Python<'_>) -> PyResult<&ExactClasses> {
    EXACT_CLASSES.get_or_try_init(py, || {
        let map = py.import("rostzeug.routing.map")?;
        let matcher = py.import("rostzeug.routing.matcher")?;
        Ok::<_, PyErr>(ExactClasses {
            map_adapter: map.getattr("MapAdapter")?.cast_into::<PyType>()?.unbind(),
            map: map.getattr("Map")?.cast_into::<PyType>()?.unbind(),
            not_found: map.getattr("NotFound")?.cast_into::<PyType>()?.unbind(),
            state_machine_matcher: matcher
                .getattr("StateMachineMatcher")?
                .cast_into::<PyType>()?
                .unbind(),
            rule: py
                .import("rostzeug.routing.rules")?
                .getattr("Rule")?
                .cast_into::<PyType>()?
                .unbind(),
        })
    })
}

/// Reads attributes of a `Rule` instance from its `__dict__` when its class
/// is `Rule` itself (no subclass can put a property in the way): a dict
/// lookup instead of a full attribute lookup. Anything else uses getattr.
struct RuleAttrs<'py> {
    rule: Bound<'py, PyAny>,
    dict: Option<Bound<'py, PyDict>>,
}

impl<'py> RuleAttrs<'py> {
    fn new(rule: &Bound<'py, PyAny>, classes: &ExactClasses) -> Self {
        let py = rule.py();
        let dict = if rule.get_type().is(classes.rule.bind(py)) {
            // SAFETY: `rule` is a valid object and PyObject_GenericGetDict
            // returns a new reference or NULL with an exception set.
            let raw = unsafe { ffi::PyObject_GenericGetDict(rule.as_ptr(), std::ptr::null_mut()) };
            // SAFETY: `raw` is a new reference or NULL.
            match unsafe { Bound::from_owned_ptr_or_err(py, raw) } {
                Ok(dict) => dict.cast_into::<PyDict>().ok(),
                Err(_) => None,
            }
        } else {
            None
        };
        RuleAttrs {
            rule: rule.clone(),
            dict,
        }
    }

    fn get(&self, name: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyAny>> {
        if let Some(dict) = &self.dict {
            if let Some(value) = dict.get_item(name)? {
                return Ok(value);
            }
        }
        self.rule.getattr(name)
    }
}

/// `bool(value)`; None, True and False (most flags and settings) are
/// answered without the protocol call.
#[inline]
fn truthy(value: &Bound<'_, PyAny>) -> PyResult<bool> {
    if value.is_none() {
        return Ok(false);
    }
    if let Ok(flag) = value.cast_exact::<PyBool>() {
        return Ok(flag.is_true());
    }
    value.is_truthy()
}

/// `"/" + path_info.lstrip("/")`, or "" for an empty path, as the adapter
/// passes paths to the matcher.
fn path_part(path_info: &str) -> Cow<'_, str> {
    if path_info.is_empty() {
        return Cow::Borrowed("");
    }
    let bytes = path_info.as_bytes();
    if bytes.first() == Some(&b'/') && bytes.get(1) != Some(&b'/') {
        return Cow::Borrowed(path_info);
    }
    let stripped = path_info.trim_start_matches('/');
    if path_info.len() - stripped.len() == 1 {
        Cow::Borrowed(path_info)
    } else {
        Cow::Owned(format!("/{stripped}"))
    }
}

/// `MapAdapter.match` for the common case: the adapter, map and matcher of
/// rostzeug's own classes, a rule matched without redirect. Returns None
/// for anything else, which the caller hands to the Python method.
/// The fields of an adapter and its map when both are of the exact classes
/// (no subclass can override what the fast paths stand in for) and the map
/// needs no update; `None` sends the caller to the Python path.
fn plain_adapter_and_map<'py>(
    py: Python<'py>,
    adapter: &Bound<'py, PyAny>,
    classes: &ExactClasses,
) -> Option<(AdapterFields<'py>, MapFields<'py>)> {
    if !adapter.get_type().is(classes.map_adapter.bind(py)) {
        return None;
    }
    // SAFETY: the adapter's class is `MapAdapter`, a subclass of
    // `MapAdapterBase` (the checked cast would walk its MRO again).
    let adapter = unsafe { adapter.cast_unchecked::<MapAdapterBase>() }
        .borrow()
        .fields(py);
    let map_object = &adapter.map;
    if !map_object.get_type().is(classes.map.bind(py)) {
        return None;
    }
    // SAFETY: the map's class is `Map`, a subclass of `MapBase`.
    let map = unsafe { map_object.cast_unchecked::<MapBase>() }
        .borrow()
        .fields(py);
    if map.remap {
        return None;
    }
    Some((adapter, map))
}

/// The rule and values of a match, `Some((None, _))` when no rule matched
/// at all (no method or websocket mismatch either: Werkzeug's plain 404),
/// and `None` for the outcomes the Python path handles (redirects, 405s,
/// websocket mismatches).
fn matched(outcome: Outcome<'_>) -> Option<(Option<RuleId>, Vec<Cow<'_, str>>)> {
    match outcome {
        Outcome::Match { rule, values } => Some((Some(rule), values)),
        Outcome::NoMatch {
            have_match_for,
            websocket_mismatch: false,
        } if have_match_for.is_empty() => Some((None, Vec::new())),
        _ => None,
    }
}

/// `NotFound()` as `MapAdapter.match` raises it: `raise NotFound() from None`.
fn not_found(classes: &ExactClasses, py: Python<'_>) -> PyResult<PyErr> {
    let error = classes.not_found.bind(py).call0()?;
    error.setattr(intern!(py, "__suppress_context__"), true)?;
    Ok(PyErr::from_value(error))
}

fn match_fast<'py>(
    py: Python<'py>,
    adapter: &Bound<'py, PyAny>,
    path_info: &Bound<'py, PyAny>,
    method: &Bound<'py, PyAny>,
    return_rule: bool,
    websocket: &Bound<'py, PyAny>,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    let classes = exact_classes(py)?;
    let Some((adapter, map)) = plain_adapter_and_map(py, adapter, classes) else {
        return Ok(None);
    };
    let matcher_object = &map.matcher;
    if !matcher_object
        .get_type()
        .is(classes.state_machine_matcher.bind(py))
    {
        return Ok(None);
    }
    // SAFETY: the matcher's class is `StateMachineMatcher`, a subclass of
    // `RuleMatcher`.
    let matcher = unsafe { matcher_object.cast_unchecked::<RuleMatcher>() }.get();
    let merge_slashes = matcher.merge_slashes.load(Ordering::Relaxed);

    let path_info = if path_info.is_none() {
        &adapter.path_info
    } else {
        path_info
    };
    let Ok(path_info) = path_info.cast::<PyString>() else {
        return Ok(None);
    };
    let method = if truthy(method)? {
        method
    } else {
        &adapter.default_method
    };
    let Ok(method) = method.cast::<PyString>() else {
        return Ok(None);
    };
    let method = method.to_str()?;
    // Usually already upper case ASCII: one pass to see that.
    let method: Cow<'_, str> = if method
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_lowercase())
    {
        Cow::Borrowed(method)
    } else if method.is_ascii() {
        Cow::Owned(method.to_ascii_uppercase())
    } else {
        return Ok(None);
    };
    let websocket = if websocket.is_none() {
        truthy(&adapter.websocket)?
    } else {
        truthy(websocket)?
    };
    let domain_object = if truthy(&map.host_matching)? || adapter.subdomain.is_none() {
        &adapter.server_name
    } else {
        &adapter.subdomain
    };
    let Ok(domain) = domain_object.cast::<PyString>() else {
        return Ok(None);
    };
    let domain = domain.to_str()?;
    let path = path_part(path_info.to_str()?);

    let names = names(py)?;
    let found = {
        let guard = match matcher.engine.lock_py_attached(py) {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if guard.patterns.is_empty() {
            // No part needs a Python pattern, so matching calls no Python
            // code: it runs under the lock, without a snapshot, and the
            // lock is released before any Python code runs.
            let Ok(outcome) = guard.matcher.match_path(
                domain,
                &path,
                &method,
                websocket,
                merge_slashes,
                &mut NoExternal,
            );
            let Some((rule, values)) = matched(outcome) else {
                return Ok(None);
            };
            match rule {
                // No rule at all: a 404, raised once the lock is released.
                None => None,
                Some(rule) => {
                    let Some(entry) = guard.rules.get(rule.0) else {
                        return Ok(None);
                    };
                    // A rule without values needs no placeholders: a reference
                    // to the rule is enough, without touching the entry's
                    // counter.
                    let placeholders = (!values.is_empty()).then(|| Arc::clone(entry));
                    Some((entry.rule.bind(py).clone(), placeholders, values))
                }
            }
        } else {
            let snapshot = Arc::clone(&guard);
            drop(guard);
            let mut parts = PythonParts {
                py,
                patterns: &snapshot.patterns,
            };
            let outcome = snapshot.matcher.match_path(
                domain,
                &path,
                &method,
                websocket,
                merge_slashes,
                &mut parts,
            )?;
            let Some((rule, values)) = matched(outcome) else {
                return Ok(None);
            };
            let Some(rule) = rule else {
                return Err(not_found(classes, py)?);
            };
            let Some(entry) = snapshot.rules.get(rule.0) else {
                return Ok(None);
            };
            Some((entry.rule.bind(py).clone(), Some(Arc::clone(entry)), values))
        }
    };
    let Some((rule, entry, values)) = found else {
        return Err(not_found(classes, py)?);
    };
    let rule = &rule;
    let attrs = RuleAttrs::new(rule, classes);
    if !attrs.get(intern!(py, "redirect_to"))?.is_none()
        || truthy(&attrs.get(intern!(py, "alias"))?)?
    {
        return Ok(None);
    }
    let endpoint = attrs.get(intern!(py, "endpoint"))?;
    if truthy(&map.redirect_defaults)? {
        // Only an earlier rule of the endpoint can be a redirect target.
        let Ok(by_endpoint) = &map.rules_by_endpoint.cast::<PyDict>() else {
            return Ok(None);
        };
        let Some(rules) = by_endpoint.get_item(&endpoint)? else {
            return Ok(None);
        };
        let Ok(rules) = rules.cast::<PyList>() else {
            return Ok(None);
        };
        if !rules.get_item(0).is_ok_and(|first| first.is(rule)) {
            return Ok(None);
        }
    }
    let result = PyDict::new(py);
    let placeholders = entry
        .as_ref()
        .map_or(&[][..], |entry| &entry.placeholders[..]);
    for (placeholder, text) in placeholders.iter().zip(values.iter()) {
        match convert(py, names, placeholder, text) {
            Ok(value) => result.set_item(placeholder.name.bind(py), value)?,
            Err(_) => return Ok(None),
        }
    }
    let defaults = attrs.get(intern!(py, "defaults"))?;
    if truthy(&defaults)? {
        result.call_method1(intern!(py, "update"), (&defaults,))?;
    }
    let first = if return_rule { rule.clone() } else { endpoint };
    Ok(Some((first, result).into_pyobject(py)?.into_any()))
}

/// `MapAdapter.match`: the common case natively, everything else (errors,
/// redirects, subclasses) by `adapter._match`.
#[pyfunction]
fn adapter_match<'py>(
    py: Python<'py>,
    adapter: &Bound<'py, PyAny>,
    path_info: &Bound<'py, PyAny>,
    method: &Bound<'py, PyAny>,
    return_rule: &Bound<'py, PyAny>,
    query_args: &Bound<'py, PyAny>,
    websocket: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    if let Some(found) = match_fast(
        py,
        adapter,
        path_info,
        method,
        truthy(return_rule)?,
        websocket,
    )? {
        return Ok(found);
    }
    adapter.call_method1(
        intern!(py, "_match"),
        (path_info, method, return_rule, query_args, websocket),
    )
}

/// `Rule.suitable_for(values, method)` for a rule of the `Rule` class.
fn suitable_for(
    py: Python<'_>,
    rule: &RuleAttrs<'_>,
    values: &Bound<'_, PyDict>,
    method: Option<&Bound<'_, PyAny>>,
) -> PyResult<bool> {
    if let Some(method) = method {
        let methods = rule.get(intern!(py, "methods"))?;
        if !methods.is_none() && !methods.contains(method)? {
            return Ok(false);
        }
    }
    let defaults = rule.get(intern!(py, "defaults"))?;
    let defaults = if truthy(&defaults)? {
        Some(defaults)
    } else {
        None
    };
    let missing =
        |name: &Bound<'_, PyAny>| -> PyResult<bool> {
            Ok(!values.contains(name)?
                && !defaults.as_ref().map_or(Ok(false), |d| d.contains(name))?)
        };
    let arguments = rule.get(intern!(py, "arguments"))?;
    if let Ok(arguments) = arguments.cast_exact::<PySet>() {
        // A set is walked in place, without an iterator object.
        for name in arguments.iter() {
            if missing(&name)? {
                return Ok(false);
            }
        }
    } else {
        for name in arguments.try_iter()? {
            if missing(&name?)? {
                return Ok(false);
            }
        }
    }
    if let Some(defaults) = defaults {
        let items = defaults.call_method0(intern!(py, "items"))?;
        for item in items.try_iter()? {
            let (name, default): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
            if let Some(value) = values.get_item(&name)? {
                if default.ne(&value)? {
                    return Ok(false);
                }
            }
        }
    }
    Ok(true)
}

/// A built URL: the domain part, the path and whether the rule is for
/// WebSockets.
type Built = (String, String, bool);

/// The built URL of the first rule of `rules` that suits, as
/// `MapAdapter._partial_build` for one method. `Err(())` asks for the
/// Python path.
#[allow(clippy::too_many_arguments)]
fn partial_build(
    py: Python<'_>,
    classes: &ExactClasses,
    rules: &Bound<'_, PyList>,
    values: &Bound<'_, PyDict>,
    method: Option<&Bound<'_, PyAny>>,
    append_unknown: bool,
    native_query: bool,
    host_matching: Option<&str>,
) -> PyResult<Result<Option<Built>, ()>> {
    let mut first = None;
    for rule in rules.iter() {
        if !rule.get_type().is(classes.rule.bind(py)) {
            return Ok(Err(()));
        }
        let attrs = RuleAttrs::new(&rule, classes);
        if !suitable_for(py, &attrs, values, method)? {
            continue;
        }
        let mut builder = attrs.get(intern!(py, "_builder"))?;
        if builder.is_none() {
            builder = rule.call_method0(intern!(py, "_get_builder"))?;
        }
        let Ok(builder) = builder.cast::<RuleBuilder>() else {
            return Ok(Err(()));
        };
        let Some((domain, path)) =
            builder
                .get()
                .build_url(py, values.as_any(), append_unknown, native_query)?
        else {
            continue;
        };
        let websocket = truthy(&attrs.get(intern!(py, "websocket"))?)?;
        match host_matching {
            Some(server_name) if domain != server_name => {
                if first.is_none() {
                    first = Some((domain, path, websocket));
                }
            }
            _ => return Ok(Ok(Some((domain, path, websocket)))),
        }
    }
    Ok(Ok(first))
}

/// `MapAdapter.build` for the common case; None hands the call to Python.
#[allow(clippy::too_many_arguments)]
fn build_fast(
    py: Python<'_>,
    adapter: &Bound<'_, PyAny>,
    endpoint: &Bound<'_, PyAny>,
    values: &Bound<'_, PyAny>,
    method: &Bound<'_, PyAny>,
    force_external: bool,
    append_unknown: bool,
    url_scheme: &Bound<'_, PyAny>,
) -> PyResult<Option<String>> {
    let classes = exact_classes(py)?;
    let Some((adapter, map)) = plain_adapter_and_map(py, adapter, classes) else {
        return Ok(None);
    };
    // Values without None, as the Python method makes them; the caller's
    // dict itself when it holds no None (it is only read).
    let given = if values.is_none() {
        PyDict::new(py)
    } else {
        let Ok(values) = values.cast_exact::<PyDict>() else {
            return Ok(None);
        };
        if values.iter().any(|(_, value)| value.is_none()) {
            let given = PyDict::new(py);
            for (key, value) in values.iter() {
                if !value.is_none() {
                    given.set_item(key, value)?;
                }
            }
            given
        } else {
            values.clone()
        }
    };
    let Ok(by_endpoint) = &map.rules_by_endpoint.cast::<PyDict>() else {
        return Ok(None);
    };
    let Some(rules) = by_endpoint.get_item(endpoint)? else {
        return Ok(None);
    };
    let Ok(rules) = rules.cast_into::<PyList>() else {
        return Ok(None);
    };
    let native_query = !truthy(&map.sort_parameters)?;
    let host_matching = truthy(&map.host_matching)?;
    let server_name_object = &adapter.server_name;
    let Ok(server_name) = server_name_object.cast::<PyString>() else {
        return Ok(None);
    };
    let server_name = server_name.to_str()?;
    let host_filter = host_matching.then_some(server_name);

    let mut found = None;
    if method.is_none() {
        let default_method = &adapter.default_method;
        match partial_build(
            py,
            classes,
            &rules,
            &given,
            Some(default_method),
            append_unknown,
            native_query,
            host_filter,
        )? {
            Ok(result) => found = result,
            Err(()) => return Ok(None),
        }
    }
    if found.is_none() {
        let method = (!method.is_none()).then_some(method);
        match partial_build(
            py,
            classes,
            &rules,
            &given,
            method,
            append_unknown,
            native_query,
            host_filter,
        )? {
            Ok(result) => found = result,
            Err(()) => return Ok(None),
        }
    }
    // No rule builds: the Python method raises the BuildError.
    let Some((domain, path, websocket)) = found else {
        return Ok(None);
    };

    let subdomain = &adapter.subdomain;
    let host: Cow<'_, str> = if host_matching {
        Cow::Borrowed(domain.as_str())
    } else if domain.is_empty() {
        Cow::Borrowed(server_name)
    } else {
        Cow::Owned(format!("{domain}.{server_name}"))
    };
    let Ok(script_name) = &adapter.script_name.cast::<PyString>() else {
        return Ok(None);
    };
    let script_name = script_name.to_str()?;
    let built = path;
    let path = built.trim_start_matches('/');
    let same_place = if host_matching {
        host == server_name
    } else {
        subdomain
            .cast::<PyString>()
            .is_ok_and(|subdomain| subdomain == domain.as_str())
    };
    if !force_external && !websocket && same_place {
        let root = script_name.trim_end_matches('/');
        if root.is_empty() && built.len() - path.len() == 1 {
            // The built path already is the URL: one slash, then the rest.
            return Ok(Some(built));
        }
        return Ok(Some(format!("{root}/{path}")));
    }
    let scheme_object = if url_scheme.is_none() {
        &adapter.url_scheme
    } else {
        url_scheme
    };
    let Ok(scheme) = scheme_object.cast::<PyString>() else {
        return Ok(None);
    };
    let scheme = scheme.to_str()?;
    let secure = scheme == "https" || scheme == "wss";
    let scheme = if websocket {
        if secure {
            "wss"
        } else {
            "ws"
        }
    } else if scheme.is_empty() {
        ""
    } else if secure {
        "https"
    } else {
        "http"
    };
    let colon = if scheme.is_empty() { "" } else { ":" };
    // `script_name[:-1]`: the script root without its last character.
    let root = script_name
        .char_indices()
        .last()
        .map_or("", |(last, _)| script_name.get(..last).unwrap_or(""));
    Ok(Some(format!("{scheme}{colon}//{host}{root}/{path}")))
}

/// `MapAdapter.build`: the common case natively, everything else (build
/// errors, subclasses, MultiDict values) by `adapter._build`.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn adapter_build<'py>(
    py: Python<'py>,
    adapter: &Bound<'py, PyAny>,
    endpoint: &Bound<'py, PyAny>,
    values: &Bound<'py, PyAny>,
    method: &Bound<'py, PyAny>,
    force_external: &Bound<'py, PyAny>,
    append_unknown: &Bound<'py, PyAny>,
    url_scheme: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    if let Some(url) = build_fast(
        py,
        adapter,
        endpoint,
        values,
        method,
        truthy(force_external)?,
        truthy(append_unknown)?,
        url_scheme,
    )? {
        return Ok(PyString::new(py, &url).into_any());
    }
    adapter.call_method1(
        intern!(py, "_build"),
        (
            endpoint,
            values,
            method,
            force_external,
            append_unknown,
            url_scheme,
        ),
    )
}

/// The `Host` header when it is a plain host name or IPv4 address with an
/// optional port (labels of letters, digits and hyphens, 1 to 63 long): a
/// host that `get_host` keeps and the IDNA codec leaves as it is.
fn plain_host(host: &str) -> bool {
    // One pass over the name, up to the first colon.
    let bytes = host.as_bytes();
    let mut label = 0usize;
    let mut name_end = bytes.len();
    for (index, &byte) in bytes.iter().enumerate() {
        match byte {
            b':' => {
                name_end = index;
                break;
            }
            b'.' if label == 0 => return false,
            b'.' => label = 0,
            b'-' | b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z' if label < 63 => label += 1,
            _ => return false,
        }
    }
    if label == 0 {
        // An empty name or an empty last label.
        return false;
    }
    match bytes.get(name_end + 1..) {
        // No colon at all.
        None => true,
        Some(port) => !port.is_empty() && port.iter().all(u8::is_ascii_digit),
    }
}

/// A WSGI environ string that is ASCII, so the latin-1 to UTF-8 decoding
/// leaves it as it is; None for anything else.
fn ascii_environ_text<'py>(
    environ: &Bound<'py, PyDict>,
    key: &Bound<'py, PyString>,
) -> PyResult<Option<Option<Bound<'py, PyString>>>> {
    match environ.get_item(key)? {
        None => Ok(Some(None)),
        Some(value) => match value.cast_into_exact::<PyString>() {
            Ok(text) if text.to_str().is_ok_and(str::is_ascii) => Ok(Some(Some(text))),
            _ => Ok(None),
        },
    }
}

/// `cls.__new__(cls)` through the type's slot, without looking the method
/// up: `MapAdapter`'s slot is `MapAdapterBase`'s, which sets every field to
/// None and takes no arguments.
fn new_instance<'py>(class: &Bound<'py, PyType>) -> PyResult<Bound<'py, PyAny>> {
    let py = class.py();
    let tp = class.as_type_ptr();
    // SAFETY: `tp` points to a live type object (held by `class`).
    let Some(tp_new) = (unsafe { (*tp).tp_new }) else {
        return Err(PyTypeError::new_err(
            "the adapter class cannot be instantiated",
        ));
    };
    let args = PyTuple::empty(py);
    // SAFETY: tp_new receives its own type and a tuple of arguments, and
    // returns a new reference or NULL with an exception set.
    let raw = unsafe { tp_new(tp, args.as_ptr(), std::ptr::null_mut()) };
    // SAFETY: `raw` is a new reference or NULL.
    unsafe { Bound::from_owned_ptr_or_err(py, raw) }
}

/// `Map.bind_to_environ(environ)` for a plain environ: a `Host` header
/// with a plain host name, ASCII paths. None hands the call to Python.
fn bind_to_environ_fast<'py>(
    py: Python<'py>,
    map: &Bound<'py, PyAny>,
    environ: &Bound<'py, PyAny>,
    given_subdomain: &Bound<'py, PyAny>,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    let classes = exact_classes(py)?;
    if !map.get_type().is(classes.map.bind(py)) {
        return Ok(None);
    }
    let Ok(environ) = environ.cast_exact::<PyDict>() else {
        return Ok(None);
    };
    let Some(scheme) = environ.get_item(intern!(py, "wsgi.url_scheme"))? else {
        return Ok(None);
    };
    let Ok(scheme) = scheme.cast_into_exact::<PyString>() else {
        return Ok(None);
    };
    let Some(host) = environ.get_item(intern!(py, "HTTP_HOST"))? else {
        return Ok(None);
    };
    let Ok(host_object) = host.cast_into_exact::<PyString>() else {
        return Ok(None);
    };
    let host = host_object.to_str()?;
    if !plain_host(host) {
        return Ok(None);
    }
    let scheme_text = scheme.to_str()?;
    let default_port = match scheme_text {
        "http" | "ws" => Some(":80"),
        "https" | "wss" => Some(":443"),
        _ => None,
    };
    let strip = default_port.is_some_and(|port| host.ends_with(port));
    // The header's own string when it already is the server name: lower
    // case, without a default port.
    let server_name = if !strip && !host.bytes().any(|b| b.is_ascii_uppercase()) {
        host_object.clone().into_any()
    } else {
        let mut host = host.to_ascii_lowercase();
        if let Some(port) = default_port.filter(|_| strip) {
            host.truncate(host.len() - port.len());
        }
        PyString::new(py, &host).into_any()
    };

    let mut url_scheme = scheme.clone().into_any();
    let mut websocket = scheme_text == "ws" || scheme_text == "wss";
    if let Some(connection) = environ.get_item(intern!(py, "HTTP_CONNECTION"))? {
        let Ok(connection) = connection.cast_into_exact::<PyString>() else {
            return Ok(None);
        };
        let connection = connection.to_str()?;
        if !connection.is_ascii() {
            return Ok(None);
        }
        let upgrade = connection.as_bytes().split(|&b| b == b',').any(|token| {
            let blank = |b: &u8| *b == b' ' || *b == b'\t';
            let start = token.iter().position(|b| !blank(b)).unwrap_or(token.len());
            let end = token
                .iter()
                .rposition(|b| !blank(b))
                .map_or(start, |end| end + 1);
            token
                .get(start..end)
                .is_some_and(|token| token.eq_ignore_ascii_case(b"upgrade"))
        });
        if upgrade {
            let upgrade_to_websocket = match environ.get_item(intern!(py, "HTTP_UPGRADE"))? {
                None => false,
                Some(value) => {
                    let Ok(value) = value.cast_into_exact::<PyString>() else {
                        return Ok(None);
                    };
                    let value = value.to_str()?;
                    if !value.is_ascii() {
                        return Ok(None);
                    }
                    value.eq_ignore_ascii_case("websocket")
                }
            };
            if upgrade_to_websocket {
                let secure = scheme_text == "https";
                url_scheme = PyString::new(py, if secure { "wss" } else { "ws" }).into_any();
                websocket = true;
            }
        }
    }

    let Some(method) = environ.get_item(intern!(py, "REQUEST_METHOD"))? else {
        return Ok(None);
    };
    let Some(script_name) = ascii_environ_text(environ, intern!(py, "SCRIPT_NAME"))? else {
        return Ok(None);
    };
    let Some(path_info) = ascii_environ_text(environ, intern!(py, "PATH_INFO"))? else {
        return Ok(None);
    };
    let Some(query_args) = ascii_environ_text(environ, intern!(py, "QUERY_STRING"))? else {
        return Ok(None);
    };

    // SAFETY: the map's class is `Map`, a subclass of `MapBase`.
    let map_base = unsafe { map.cast_unchecked::<MapBase>() }.borrow();
    let subdomain = if truthy(map_base.host_matching.bind(py))? {
        if !given_subdomain.is_none() {
            // Map.bind raises for this; the Python path says so.
            return Ok(None);
        }
        py.None()
    } else if given_subdomain.is_none() {
        // The server name is the request's host, so no subdomain is left.
        intern!(py, "").clone().into_any().unbind()
    } else {
        // Flask passes the subdomain ("" without subdomain matching).
        given_subdomain.clone().unbind()
    };
    drop(map_base);

    let script_name = match script_name {
        Some(text) if text.to_str()?.ends_with('/') => text.into_any(),
        Some(text) if text.to_str()?.is_empty() => intern!(py, "/").clone().into_any(),
        Some(text) => PyString::new(py, &format!("{}/", text.to_str()?)).into_any(),
        None => intern!(py, "/").clone().into_any(),
    };
    let path_info = match path_info {
        Some(text) => text.into_any(),
        None => intern!(py, "/").clone().into_any(),
    };
    let adapter = new_instance(classes.map_adapter.bind(py))?;
    {
        // SAFETY: `new_instance` made an instance of `MapAdapter`, a
        // subclass of `MapAdapterBase`.
        let mut fields = unsafe { adapter.cast_unchecked::<MapAdapterBase>() }.borrow_mut();
        // The None each field starts with is released here, attached,
        // instead of through the deferred path of a dropped `Py`.
        let put = |slot: &mut Py<PyAny>, value: Bound<'py, PyAny>| {
            drop(std::mem::replace(slot, value.unbind()).into_bound(py));
        };
        put(&mut fields.map, map.clone());
        put(&mut fields.server_name, server_name);
        put(&mut fields.script_name, script_name);
        put(&mut fields.subdomain, subdomain.into_bound(py));
        put(&mut fields.url_scheme, url_scheme);
        put(&mut fields.path_info, path_info);
        put(&mut fields.default_method, method);
        put(
            &mut fields.query_args,
            query_args.map_or_else(|| py.None().into_bound(py), Bound::into_any),
        );
        put(
            &mut fields.websocket,
            websocket.into_pyobject(py)?.to_owned().into_any(),
        );
    }
    Ok(Some(adapter))
}

/// `Map.bind_to_environ`: plain environs natively, with or without a given
/// subdomain, everything else (a server name given, a request object, other
/// hosts) by `map._bind_to_environ`.
#[pyfunction]
fn map_bind_to_environ<'py>(
    py: Python<'py>,
    map: &Bound<'py, PyAny>,
    environ: &Bound<'py, PyAny>,
    server_name: &Bound<'py, PyAny>,
    subdomain: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    if server_name.is_none()
        && (subdomain.is_none() || subdomain.is_exact_instance_of::<PyString>())
    {
        if let Some(adapter) = bind_to_environ_fast(py, map, environ, subdomain)? {
            return Ok(adapter);
        }
    }
    map.call_method1(
        intern!(py, "_bind_to_environ"),
        (environ, server_name, subdomain),
    )
}

// ---------------------------------------------------------------- compiling

/// What `compile_rule` calls back into: `Rule.get_converter` (to see
/// whether a subclass overrides it) and the cache of parsed converter
/// arguments.
struct CompileNames {
    /// `rostzeug.routing.Rule`, whose instances keep these attributes in
    /// their `__dict__`.
    rule_class: Py<PyAny>,
    rule_get_converter: Py<PyAny>,
    converter_args: Py<PyAny>,
    /// The trace entry of a slash, `(False, "/")`: one shared tuple.
    slash: Py<PyTuple>,
}

static COMPILE_NAMES: PyOnceLock<CompileNames> = PyOnceLock::new();

fn compile_names(py: Python<'_>) -> PyResult<&CompileNames> {
    COMPILE_NAMES.get_or_try_init(py, || {
        let rules = py.import("rostzeug.routing.rules")?;
        Ok::<_, PyErr>(CompileNames {
            rule_class: rules.getattr("Rule")?.unbind(),
            rule_get_converter: rules.getattr("Rule")?.getattr("get_converter")?.unbind(),
            converter_args: rules.getattr("_cached_converter_args")?.unbind(),
            slash: (false, intern!(py, "/")).into_pyobject(py)?.unbind(),
        })
    })
}

/// Appends the tokens of one rule string to `trace` (when given) and
/// creates the converters of its variables, as `Rule.compile` does.
#[allow(clippy::too_many_arguments)]
fn read_rule<'py>(
    py: Python<'py>,
    rule: &Bound<'py, PyAny>,
    map: &Bound<'py, PyAny>,
    tokens: &[Token<'_>],
    own_get_converter: bool,
    trace: Option<&Bound<'py, PyList>>,
    converters: &Bound<'py, PyDict>,
    arguments: &Bound<'py, PyAny>,
    map_converters: &mut Option<Bound<'py, PyAny>>,
) -> PyResult<()> {
    let names = compile_names(py)?;
    for &token in tokens {
        let (converter_name, argstr, name) = match token {
            Token::Slash => {
                if let Some(trace) = trace {
                    trace.append(names.slash.bind(py))?;
                }
                continue;
            }
            Token::Static(text) => {
                if let Some(trace) = trace {
                    trace.append((false, text))?;
                }
                continue;
            }
            Token::Variable {
                converter,
                arguments,
                name,
            } => (converter, arguments, name),
        };
        let (args, kwargs) = match argstr {
            Some(argstr) if !argstr.is_empty() => {
                let parsed = names.converter_args.bind(py).call1((argstr,))?;
                let (args, kwargs): (Bound<'py, PyTuple>, Bound<'py, PyDict>) = parsed.extract()?;
                (args, Some(kwargs))
            }
            _ => (PyTuple::empty(py), None),
        };
        let name = PyString::new(py, name);
        let converter = if own_get_converter {
            let table = match map_converters {
                Some(table) => table.clone(),
                None => {
                    let table = map.getattr(intern!(py, "converters"))?;
                    *map_converters = Some(table.clone());
                    table
                }
            };
            // A plain dict answers in one lookup; another mapping as
            // Werkzeug asks it, `in` then `[]`.
            let class = match table.cast_exact::<PyDict>() {
                Ok(dict) => dict.get_item(converter_name)?,
                Err(_) if table.contains(converter_name)? => Some(table.get_item(converter_name)?),
                Err(_) => None,
            };
            let Some(class) = class else {
                return Err(pyo3::exceptions::PyLookupError::new_err(format!(
                    "the converter {} does not exist",
                    python_repr(converter_name)
                )));
            };
            if args.is_empty() && kwargs.is_none() {
                class.call1((map,))?
            } else {
                let mut positional = Vec::with_capacity(args.len() + 1);
                positional.push(map.clone());
                positional.extend(args.iter());
                let call_args = PyTuple::new(py, positional)?;
                class.call(call_args, kwargs.as_ref())?
            }
        } else {
            let kwargs = kwargs.unwrap_or_else(|| PyDict::new(py));
            rule.call_method1(
                intern!(py, "get_converter"),
                (&name, converter_name, args, kwargs),
            )?
        };
        converters.set_item(&name, converter)?;
        // A plain set takes the name without a method lookup; anything
        // else (a set subclass, another container) through its `add`.
        match arguments.cast_exact::<PySet>() {
            Ok(set) => set.add(&name)?,
            Err(_) => {
                arguments.call_method1(intern!(py, "add"), (&name,))?;
            }
        }
        if let Some(trace) = trace {
            trace.append((true, &name))?;
        }
    }
    Ok(())
}

/// `Rule.compile`'s reading of the rule strings: the trace of static text
/// and variable names (a `|` between domain and path) and the converters
/// by variable name; each variable's name is added to `rule.arguments`.
#[pyfunction]
fn compile_rule<'py>(
    py: Python<'py>,
    rule: &Bound<'py, PyAny>,
    map: &Bound<'py, PyAny>,
    domain_rule: &str,
    path_rule: &str,
) -> PyResult<(Bound<'py, PyList>, Bound<'py, PyDict>)> {
    let domain = tokenize(domain_rule).map_err(|error| rule_error(domain_rule, error))?;
    let path = tokenize(path_rule).map_err(|error| rule_error(path_rule, error))?;
    let (trace, converters) = compile_tokens(py, rule, map, &domain, &path, true)?;
    Ok((trace.unwrap_or_else(|| PyList::empty(py)), converters))
}

/// [`compile_rule`] on the tokens of the rule strings; the trace only
/// `with_trace`.
fn compile_tokens<'py>(
    py: Python<'py>,
    rule: &Bound<'py, PyAny>,
    map: &Bound<'py, PyAny>,
    domain: &[Token<'_>],
    path: &[Token<'_>],
    with_trace: bool,
) -> PyResult<(Option<Bound<'py, PyList>>, Bound<'py, PyDict>)> {
    let names = compile_names(py)?;
    let own_get_converter = rule
        .get_type()
        .getattr(intern!(py, "get_converter"))?
        .is(names.rule_get_converter.bind(py));
    let trace = with_trace.then(|| PyList::empty(py));
    let converters = PyDict::new(py);
    let arguments = rule.getattr(intern!(py, "arguments"))?;
    let mut map_converters = None;
    if !domain.is_empty() {
        read_rule(
            py,
            rule,
            map,
            domain,
            own_get_converter,
            trace.as_ref(),
            &converters,
            &arguments,
            &mut map_converters,
        )?;
    }
    if let Some(trace) = &trace {
        trace.append((false, intern!(py, "|")))?;
    }
    read_rule(
        py,
        rule,
        map,
        path,
        own_get_converter,
        trace.as_ref(),
        &converters,
        &arguments,
        &mut map_converters,
    )?;
    Ok((trace, converters))
}

/// `MapAdapterBase.build` for positional calls.
unsafe extern "C" fn build_positional(
    slf: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: the arguments are those CPython passed.
    unsafe {
        call_positional(slf, args, nargs, kwnames, 1, 6, &GENERAL_BUILD, |call| {
            let py = call.instance.py();
            let none = py.None().into_bound(py);
            let no = PyBool::new(py, false).to_owned().into_any();
            let yes = PyBool::new(py, true).to_owned().into_any();
            adapter_build(
                py,
                call.instance,
                call.argument(0).unwrap_or(&none),
                call.argument(1).unwrap_or(&none),
                call.argument(2).unwrap_or(&none),
                call.argument(3).unwrap_or(&no),
                call.argument(4).unwrap_or(&yes),
                call.argument(5).unwrap_or(&none),
            )
        })
    }
}

/// `MapBase.bind_to_environ` for positional calls.
unsafe extern "C" fn bind_to_environ_positional(
    slf: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: the arguments are those CPython passed.
    unsafe {
        call_positional(
            slf,
            args,
            nargs,
            kwnames,
            1,
            3,
            &GENERAL_BIND_TO_ENVIRON,
            |call| {
                let py = call.instance.py();
                let none = py.None().into_bound(py);
                map_bind_to_environ(
                    py,
                    call.instance,
                    call.argument(0).unwrap_or(&none),
                    call.argument(1).unwrap_or(&none),
                    call.argument(2).unwrap_or(&none),
                )
            },
        )
    }
}

/// The error of a positional entry point called before its general
/// function was kept (cannot happen: both are set at import).
fn not_installed() -> *mut ffi::PyObject {
    run_positional(|_| {
        Err(PyTypeError::new_err(
            "the native method was called before rostzeug._native finished importing; \
             import rostzeug.routing first",
        ))
    })
}
