//! Streaming `multipart/form-data` decoding: the event decoder behind
//! `rostzeug.sansio.multipart`, and a batch parser for form parsing that
//! hands whole fields to Python and writes file data straight to a stream.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use rostzeug_core::multipart::headers::decode_text;
use rostzeug_core::multipart::{Decoder, Error, Event, Part};

/// Buffered bytes from which a search runs without the GIL; below this,
/// releasing and taking it back costs more than it frees.
const DETACH_THRESHOLD: usize = 256 * 1024;

/// Event kinds returned by `MultipartDecoder.next_event`.
const PREAMBLE: u8 = 0;
const FIELD: u8 = 1;
const FILE: u8 = 2;
const DATA: u8 = 3;
const EPILOGUE: u8 = 4;

fn to_py_err(py: Python<'_>, error: Error) -> PyErr {
    match error {
        Error::Malformed(message) => PyValueError::new_err(message),
        Error::TooLarge(message) => {
            // Imported when needed: the exceptions module imports much more.
            let raised = py
                .import("rostzeug.exceptions")
                .and_then(|module| module.getattr("RequestEntityTooLarge"))
                .and_then(|class| class.call1((message,)));
            match raised {
                Ok(exception) => PyErr::from_value(exception),
                Err(import_error) => import_error,
            }
        }
    }
}

/// A limit from Python: `None` is no limit, a negative number allows nothing.
fn limit(value: Option<i64>) -> Option<usize> {
    value.map(|max| usize::try_from(max).unwrap_or(0))
}

fn headers_list<'py>(py: Python<'py>, part: &Part) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for (name, value) in &part.headers {
        list.append(PyTuple::new(
            py,
            [PyString::new(py, name), PyString::new(py, value)],
        )?)?;
    }
    Ok(list)
}

/// Runs the next step, without the GIL when much data is buffered.
fn next_event<'d>(py: Python<'_>, decoder: &'d mut Decoder) -> Result<Event<'d>, Error> {
    if decoder.buffered_len() >= DETACH_THRESHOLD {
        py.detach(|| decoder.next_event())
    } else {
        decoder.next_event()
    }
}

fn receive<'py>(py: Python<'py>, decoder: &mut Decoder, data: Option<&Bound<'py, PyBytes>>) {
    match data {
        None => decoder.receive_end(),
        Some(data) => {
            let bytes = data.as_bytes();
            if bytes.len() >= DETACH_THRESHOLD {
                py.detach(|| decoder.receive_data(bytes));
            } else {
                decoder.receive_data(bytes);
            }
        }
    }
}

/// Event decoder: each call of `next_event` returns one event as a tuple
/// `(kind, ...)`, or `None` when more data is needed.
#[pyclass(module = "rostzeug._native", name = "MultipartDecoder")]
struct MultipartDecoder {
    // Boxed: the searcher inside may need more alignment than Python
    // objects have.
    decoder: Box<Decoder>,
    max_form_memory_size: Option<usize>,
}

#[pymethods]
impl MultipartDecoder {
    #[new]
    #[pyo3(signature = (boundary, max_form_memory_size=None, max_parts=None))]
    fn new(
        boundary: &[u8],
        max_form_memory_size: Option<i64>,
        max_parts: Option<i64>,
    ) -> PyResult<Self> {
        let max_form_memory_size = limit(max_form_memory_size);
        let decoder = Decoder::new(boundary, max_form_memory_size, limit(max_parts), true)
            .map_err(|error| Python::attach(|py| to_py_err(py, error)))?;
        Ok(MultipartDecoder {
            decoder: Box::new(decoder),
            max_form_memory_size,
        })
    }

    fn receive_data(&mut self, py: Python<'_>, data: Option<&Bound<'_, PyBytes>>) -> PyResult<()> {
        if let (Some(max), Some(bytes)) = (self.max_form_memory_size, data) {
            // Bounds what waits in memory, as Werkzeug does per chunk.
            if self.decoder.buffered_len() + bytes.as_bytes().len() > max {
                return Err(to_py_err(
                    py,
                    Error::TooLarge("the buffered form data exceeds max_form_memory_size"),
                ));
            }
        }
        receive(py, &mut self.decoder, data);
        Ok(())
    }

    fn next_event<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyTuple>>> {
        let event = next_event(py, &mut self.decoder).map_err(|error| to_py_err(py, error))?;
        let tuple = match event {
            Event::NeedData => return Ok(None),
            Event::Preamble(data) => (PREAMBLE, PyBytes::new(py, data)).into_pyobject(py)?,
            Event::Part(part) => {
                let headers = headers_list(py, &part)?;
                match part.filename {
                    None => (FIELD, part.name, headers).into_pyobject(py)?,
                    Some(filename) => (FILE, part.name, filename, headers).into_pyobject(py)?,
                }
            }
            Event::Data { data, more_data } => {
                (DATA, PyBytes::new(py, data), more_data).into_pyobject(py)?
            }
            Event::Epilogue(data) => (EPILOGUE, PyBytes::new(py, data)).into_pyobject(py)?,
        };
        Ok(Some(tuple))
    }

    /// The name of the current state, as in the `State` enum.
    #[getter]
    fn state(&self) -> &'static str {
        self.decoder.state().name()
    }

    #[getter]
    fn complete(&self) -> bool {
        self.decoder.is_complete()
    }
}

/// File writes start at multiples of this in the file: 64 KiB writes at
/// other offsets took the kernel half as long again (measured on ext4).
const ALIGNMENT: usize = 64 * 1024;

/// The field being read by [`MultipartParser`].
struct OpenField {
    name: Option<String>,
    charset: &'static str,
    value: Vec<u8>,
}

/// Where [`MultipartParser::parse`] puts finished fields.
enum FieldSink<'a, 'py> {
    /// `(name, value)` tuples, in order.
    Pairs(&'a Bound<'py, PyList>),
    /// The list of values of each name, in order: a MultiDict's storage.
    Lists(&'a Bound<'py, PyDict>),
}

impl FieldSink<'_, '_> {
    fn add(&self, py: Python<'_>, name: Option<&str>, value: &str) -> PyResult<()> {
        let value = PyString::new(py, value);
        match self {
            FieldSink::Pairs(list) => list.append((name, value)),
            FieldSink::Lists(dict) => {
                let name = name.into_pyobject(py)?;
                match dict.get_item(&name)? {
                    Some(values) => values.cast::<PyList>()?.append(value),
                    None => dict.set_item(name, PyList::new(py, [value])?),
                }
            }
        }
    }
}

/// Batch parser for form parsing: finished fields are added to a list as
/// `(name, value)` or to a dict of value lists, with the value decoded, and
/// file data goes to a `write` callable, so Python runs once per file rather
/// than once per event.
#[pyclass(module = "rostzeug._native", name = "MultipartParser")]
struct MultipartParser {
    // Boxed for the alignment of the searcher, as in `MultipartDecoder`.
    decoder: Box<Decoder>,
    field: Option<OpenField>,
    finished: bool,
    /// File data held back to keep the file's writes aligned.
    carry: Vec<u8>,
}

#[pymethods]
impl MultipartParser {
    #[new]
    #[pyo3(signature = (boundary, max_form_memory_size=None, max_parts=None))]
    fn new(
        boundary: &[u8],
        max_form_memory_size: Option<i64>,
        max_parts: Option<i64>,
    ) -> PyResult<Self> {
        let decoder = Decoder::new(
            boundary,
            limit(max_form_memory_size),
            limit(max_parts),
            false,
        )
        .map_err(|error| Python::attach(|py| to_py_err(py, error)))?;
        Ok(MultipartParser {
            decoder: Box::new(decoder),
            field: None,
            finished: false,
            carry: Vec::new(),
        })
    }

    fn receive_data(&mut self, py: Python<'_>, data: Option<&Bound<'_, PyBytes>>) {
        receive(py, &mut self.decoder, data);
    }

    /// Parses what was received. Returns `(name, filename, headers)` when a
    /// file part starts (call again with its stream's `write`), or `None`
    /// when all input is used up or the body is finished.
    ///
    /// `fields` is a list, which gets a `(name, value)` tuple per field, or a
    /// dict, which gets each name's values in a list.
    ///
    /// A file's data is written in pieces that start at multiples of 64 KiB
    /// in the file; what is left is written when the part ends.
    #[pyo3(signature = (fields, write=None))]
    fn parse<'py>(
        &mut self,
        py: Python<'py>,
        fields: &Bound<'py, PyAny>,
        write: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Option<Bound<'py, PyTuple>>> {
        if self.finished {
            return Ok(None);
        }
        let fields = match fields.cast::<PyDict>() {
            Ok(dict) => FieldSink::Lists(dict),
            Err(_) => FieldSink::Pairs(fields.cast::<PyList>()?),
        };
        loop {
            let event = next_event(py, &mut self.decoder).map_err(|error| to_py_err(py, error))?;
            match event {
                Event::NeedData => return Ok(None),
                Event::Preamble(_) => {}
                Event::Epilogue(_) => {
                    self.finished = true;
                    return Ok(None);
                }
                Event::Part(part) => {
                    self.carry.clear();
                    if let Some(filename) = part.filename.as_deref() {
                        self.field = None;
                        let headers = headers_list(py, &part)?;
                        return Ok(Some(
                            (part.name.as_deref(), filename, headers).into_pyobject(py)?,
                        ));
                    }
                    self.field = Some(OpenField {
                        charset: part.charset(),
                        name: part.name,
                        value: Vec::new(),
                    });
                }
                Event::Data { data, more_data } => match self.field.as_mut() {
                    Some(field) => {
                        if more_data {
                            field.value.extend_from_slice(data);
                            continue;
                        }
                        let value = if field.value.is_empty() {
                            decode_text(data, field.charset)
                        } else {
                            field.value.extend_from_slice(data);
                            decode_text(&field.value, field.charset)
                        };
                        fields.add(py, field.name.as_deref(), &value)?;
                        self.field = None;
                    }
                    None => {
                        let pending = !data.is_empty() || !self.carry.is_empty();
                        if let (Some(write), true) = (write, pending) {
                            self.write_file_data(py, write, !more_data)?;
                        }
                    }
                },
            }
        }
    }

    /// Whether the closing boundary and the end of the body were read.
    #[getter]
    fn finished(&self) -> bool {
        self.finished
    }
}

impl MultipartParser {
    /// Passes the data of the last event to the file's `write` in pieces
    /// that start at multiples of [`ALIGNMENT`] in the file: the remainder
    /// is carried to the next call, and all of it goes on the file's `last`
    /// call. Writes at unaligned offsets cost the kernel more than the copy.
    fn write_file_data(
        &mut self,
        py: Python<'_>,
        write: &Bound<'_, PyAny>,
        last: bool,
    ) -> PyResult<()> {
        let data = self.decoder.last_data();
        let total = self.carry.len() + data.len();
        let write_len = if last {
            total
        } else {
            total - total % ALIGNMENT
        };
        if write_len == 0 || write_len < self.carry.len() {
            self.carry.extend_from_slice(data);
            return Ok(());
        }
        let (now, later) = data.split_at(write_len - self.carry.len());
        let carry = &self.carry;
        let bytes = PyBytes::new_with(py, write_len, |buffer| {
            let (head, tail) = buffer.split_at_mut(carry.len());
            head.copy_from_slice(carry);
            tail.copy_from_slice(now);
            Ok(())
        })?;
        self.carry = later.to_vec();
        write.call1((bytes,))?;
        Ok(())
    }
}

pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<MultipartDecoder>()?;
    module.add_class::<MultipartParser>()?;
    Ok(())
}
