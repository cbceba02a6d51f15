//! HTTP/1.1 client-side messages for the proxy middleware: the binding of
//! `rostzeug_core::http1`.

use std::borrow::Cow;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use rostzeug_core::http1::{
    find_head_end, parse_response_head, push_title_case, BodyLength, ChunkStep, ChunkedFraming,
    Framing, RequestError, RequestHead, ResponseError, ResponseHead, MAX_INTERIM_RESPONSES,
};

/// Reads `bytes` as latin-1, as HTTP header bytes are read in WSGI.
fn latin1(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) if bytes.is_ascii() => Cow::Borrowed(text),
        _ => Cow::Owned(bytes.iter().map(|&byte| char::from(byte)).collect()),
    }
}

/// What a scan of the received bytes found.
enum Scan<'a> {
    /// The head of the final response, and the bytes after it.
    Final(ResponseHead<'a>, Framing, &'a [u8]),
    /// No final head yet: the first `consumed` bytes were interim responses
    /// and can go; the rest has been searched up to `searched`.
    Incomplete { consumed: usize, searched: usize },
}

/// `interim` counts the interim responses skipped so far for this request.
fn scan<'a>(
    input: &'a [u8],
    mut searched: usize,
    request_was_head: bool,
    interim: &mut usize,
) -> PyResult<Scan<'a>> {
    let invalid = |message: &str| PyValueError::new_err(message.to_owned());
    let mut start = 0;
    loop {
        let current = input.get(start..).unwrap_or_default();
        let Some(end) = find_head_end(current, searched).map_err(|e| invalid(e.message()))? else {
            return Ok(Scan::Incomplete {
                consumed: start,
                searched: current.len(),
            });
        };
        let (head, rest) = current.split_at(end.min(current.len()));
        let head = parse_response_head(head).map_err(|e| invalid(e.message()))?;
        if head.is_interim() {
            *interim += 1;
            if *interim > MAX_INTERIM_RESPONSES {
                return Err(invalid(ResponseError::TooManyInterimResponses.message()));
            }
            start += end;
            searched = 0;
            continue;
        }
        let framing = head
            .framing(request_was_head)
            .map_err(|e| invalid(e.message()))?;
        return Ok(Scan::Final(head, framing, rest));
    }
}

/// `(status, reason, headers, content_length, chunked, keep_alive, rest)`.
fn final_head<'py>(
    py: Python<'py>,
    head: &ResponseHead<'_>,
    framing: &Framing,
    rest: &[u8],
) -> PyResult<Bound<'py, PyTuple>> {
    let headers = PyList::empty(py);
    let mut name = Vec::with_capacity(64);
    for header in head.relayed_headers(framing) {
        name.clear();
        push_title_case(header.name, &mut name);
        headers.append((
            PyString::new(py, &latin1(&name)),
            PyString::new(py, &latin1(header.value)),
        ))?;
    }
    let (content_length, chunked) = match framing.body {
        BodyLength::Empty => (0, false),
        BodyLength::Exactly(length) => (i128::from(length), false),
        BodyLength::Chunked => (-1, true),
        BodyLength::UntilClose => (-1, false),
    };
    (
        head.status,
        PyString::new(py, &latin1(head.reason)),
        headers,
        content_length,
        chunked,
        framing.keep_alive,
        PyBytes::new(py, rest),
    )
        .into_pyobject(py)
}

/// Collects the head of an upstream response as its bytes arrive, one
/// response at a time; interim (1xx) responses are skipped.
#[pyclass(module = "rostzeug._native", name = "ResponseHeadReader")]
#[derive(Default)]
struct ResponseHeadReader {
    /// Received bytes of a head that is not complete yet.
    buffer: Vec<u8>,
    /// How much of `buffer` has been searched for the head's end.
    searched: usize,
    /// How many interim responses have been skipped for this request.
    interim: usize,
}

#[pymethods]
impl ResponseHeadReader {
    #[new]
    fn new() -> Self {
        Self::default()
    }

    /// Takes received bytes; returns the final response's head once it is
    /// complete, else None. Raises `ValueError` for an invalid head.
    fn feed<'py>(
        &mut self,
        py: Python<'py>,
        data: &[u8],
        request_was_head: bool,
    ) -> PyResult<Option<Bound<'py, PyTuple>>> {
        let mut buffer = std::mem::take(&mut self.buffer);
        let input = if buffer.is_empty() {
            data
        } else {
            buffer.extend_from_slice(data);
            &buffer
        };
        let outcome = scan(input, self.searched, request_was_head, &mut self.interim);
        self.searched = 0;
        match outcome? {
            Scan::Final(head, framing, rest) => {
                self.interim = 0;
                final_head(py, &head, &framing, rest).map(Some)
            }
            Scan::Incomplete { consumed, searched } => {
                if buffer.is_empty() {
                    buffer.extend_from_slice(data.get(consumed..).unwrap_or_default());
                } else {
                    buffer.drain(..consumed.min(buffer.len()));
                }
                self.buffer = buffer;
                self.searched = searched;
                Ok(None)
            }
        }
    }

    /// Whether part of a head has been received.
    #[getter]
    fn started(&self) -> bool {
        !self.buffer.is_empty()
    }

    /// Forgets a partly received head.
    fn clear(&mut self) {
        self.buffer = Vec::new();
        self.searched = 0;
        self.interim = 0;
    }
}

/// The framing of a chunked response body, read incrementally.
#[pyclass(module = "rostzeug._native", name = "ChunkedFraming")]
#[derive(Default)]
struct PyChunkedFraming {
    framing: ChunkedFraming,
}

#[pymethods]
impl PyChunkedFraming {
    #[new]
    fn new() -> Self {
        Self::default()
    }

    /// Reads framing from `data[position:]`; returns the position after it
    /// and the size of the chunk data that starts there, -1 when `data` is
    /// used up (feed more), or 0 at the end of the body. Raises
    /// `ValueError` for malformed framing.
    fn feed(
        &mut self,
        data: &[u8],
        #[pyo3(from_py_with = position_arg)] position: usize,
    ) -> PyResult<(usize, i128)> {
        let input = data.get(position..).unwrap_or_default();
        let (taken, step) = self
            .framing
            .feed(input)
            .map_err(|e| PyValueError::new_err(e.message()))?;
        let size = match step {
            ChunkStep::NeedMore => -1,
            ChunkStep::Data(size) => i128::from(size),
            ChunkStep::End => 0,
        };
        Ok((position.min(data.len()) + taken, size))
    }
}

fn request_error(error: RequestError) -> PyErr {
    PyValueError::new_err(error.message())
}

/// The request line and header section of an upstream request: the
/// environ's `HTTP_*` headers whose keys are not in `skipped`, then
/// `headers`. Raises `ValueError` when a part would break the head.
#[pyfunction]
fn request_head<'py>(
    py: Python<'py>,
    method: &Bound<'py, PyString>,
    target: &str,
    environ: &Bound<'py, PyDict>,
    skipped: &Bound<'py, PyAny>,
    headers: &Bound<'py, PyList>,
) -> PyResult<Bound<'py, PyBytes>> {
    let mut head = RequestHead::new(method.to_str()?, target).map_err(|error| match error {
        RequestError::BadMethod => match method.repr() {
            Ok(repr) => PyValueError::new_err(format!("The request method {repr} is not valid.")),
            Err(error) => error,
        },
        other => request_error(other),
    })?;
    for (key, value) in environ.iter() {
        let Ok(key) = key.cast::<PyString>() else {
            continue;
        };
        let key_text = key
            .to_str()
            .map_err(|_| request_error(RequestError::BadHeaderName))?;
        let Some(name) = key_text.strip_prefix("HTTP_") else {
            continue;
        };
        if skipped.contains(key)? {
            continue;
        }
        let value = match value.cast::<PyString>() {
            Ok(value) => value.clone(),
            Err(_) => value.str()?,
        };
        let value = value
            .to_str()
            .map_err(|_| request_error(RequestError::NotLatin1))?;
        head.environ_header(name, value).map_err(request_error)?;
    }
    for item in headers.iter() {
        let (name, value): (Bound<'py, PyString>, Bound<'py, PyString>) = item.extract()?;
        let name = name
            .to_str()
            .map_err(|_| request_error(RequestError::BadHeaderName))?;
        let value = value
            .to_str()
            .map_err(|_| request_error(RequestError::NotLatin1))?;
        head.header(name, value).map_err(request_error)?;
    }
    Ok(PyBytes::new(py, &head.finish()))
}

pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<ResponseHeadReader>()?;
    module.add_class::<PyChunkedFraming>()?;
    module.add_function(wrap_pyfunction!(request_head, module)?)?;
    Ok(())
}

fn position_arg(value: &Bound<'_, PyAny>) -> PyResult<usize> {
    crate::args::int(value, "position", "an int from 0 to 2**64 - 1")
}
