//! Streaming `multipart/form-data` decoding: the event decoder behind
//! `rostzeug.sansio.multipart`, and a batch parser for form parsing that
//! hands whole fields to Python and writes file data straight to a stream.

use std::collections::VecDeque;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use pyo3::PyClass;

use rostzeug_core::multipart::headers::decode_text;
use rostzeug_core::multipart::headers::MAX_PART_HEADER_COUNT;
use rostzeug_core::multipart::{Decoder, Error, Event, Part, MAX_PART_HEADER_SIZE};

use crate::query::{add_to_lists, new_string, NameStrings};

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

/// Borrows a parser for a call. A call made while another runs (from the
/// write callback of `parse`, or from another thread while the GIL is
/// released) is refused with a ValueError rather than PyO3's RuntimeError.
fn in_use<'py, T: PyClass<Frozen = pyo3::pyclass::boolean_struct::False>>(
    slf: &Bound<'py, T>,
) -> PyResult<PyRefMut<'py, T>> {
    slf.try_borrow_mut().map_err(|_| busy::<T>())
}

fn in_use_ref<'py, T: PyClass>(slf: &Bound<'py, T>) -> PyResult<PyRef<'py, T>> {
    slf.try_borrow().map_err(|_| busy::<T>())
}

fn busy<T: PyClass>() -> PyErr {
    PyValueError::new_err(format!(
        "this {} is already running a call: it cannot be used from a callback \
         of that call (such as parse()'s write) or from another thread until \
         the call returns; continue after it returns",
        T::NAME
    ))
}

fn max_form_memory_size_arg(value: &Bound<'_, PyAny>) -> PyResult<Option<usize>> {
    crate::args::size_limit(value, "max_form_memory_size")
}

fn max_part_header_size_arg(value: &Bound<'_, PyAny>) -> PyResult<Option<usize>> {
    crate::args::size_limit(value, "max_part_header_size")
}

fn max_part_header_lines_arg(value: &Bound<'_, PyAny>) -> PyResult<Option<usize>> {
    crate::args::size_limit(value, "max_part_header_lines")
}

fn max_outer_size_arg(value: &Bound<'_, PyAny>) -> PyResult<Option<usize>> {
    crate::args::size_limit(value, "max_outer_size")
}

fn max_parts_arg(value: &Bound<'_, PyAny>) -> PyResult<Option<usize>> {
    crate::args::size_limit(value, "max_parts")
}

/// At least 1; an int beyond `usize` reads as much as Python allows.
fn buffer_size_arg(value: &Bound<'_, PyAny>) -> PyResult<usize> {
    Ok(crate::args::size_limit(value, "buffer_size")?.map_or(1, |size| size.max(1)))
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
        Some(data) => receive_bytes(py, decoder, data.as_bytes()),
    }
}

fn receive_bytes(py: Python<'_>, decoder: &mut Decoder, bytes: &[u8]) {
    if bytes.len() >= DETACH_THRESHOLD {
        py.detach(|| decoder.receive_data(bytes));
    } else {
        decoder.receive_data(bytes);
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
    #[pyo3(signature = (
        boundary, max_form_memory_size=None, max_parts=None, *,
        max_part_header_size=Some(MAX_PART_HEADER_SIZE),
        max_part_header_lines=Some(MAX_PART_HEADER_COUNT),
    ))]
    fn new(
        boundary: &[u8],
        #[pyo3(from_py_with = max_form_memory_size_arg)] max_form_memory_size: Option<usize>,
        #[pyo3(from_py_with = max_parts_arg)] max_parts: Option<usize>,
        #[pyo3(from_py_with = max_part_header_size_arg)] max_part_header_size: Option<usize>,
        #[pyo3(from_py_with = max_part_header_lines_arg)] max_part_header_lines: Option<usize>,
    ) -> PyResult<Self> {
        let mut decoder = Decoder::new(boundary, max_form_memory_size, max_parts, true)
            .map_err(|error| Python::attach(|py| to_py_err(py, error)))?;
        decoder.set_part_header_limits(max_part_header_size, max_part_header_lines);
        Ok(MultipartDecoder {
            decoder: Box::new(decoder),
            max_form_memory_size,
        })
    }

    fn receive_data(slf: &Bound<'_, Self>, data: Option<&Bound<'_, PyBytes>>) -> PyResult<()> {
        let py = slf.py();
        let mut guard = in_use(slf)?;
        let this = &mut *guard;
        if let (Some(max), Some(bytes)) = (this.max_form_memory_size, data) {
            // Bounds what waits in memory, as Werkzeug does per chunk.
            if this.decoder.buffered_len() + bytes.as_bytes().len() > max {
                return Err(to_py_err(
                    py,
                    Error::TooLarge("the buffered form data exceeds max_form_memory_size"),
                ));
            }
        }
        receive(py, &mut this.decoder, data);
        Ok(())
    }

    fn next_event<'py>(slf: &Bound<'py, Self>) -> PyResult<Option<Bound<'py, PyTuple>>> {
        let py = slf.py();
        let mut guard = in_use(slf)?;
        let this = &mut *guard;
        let event = next_event(py, &mut this.decoder).map_err(|error| to_py_err(py, error))?;
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
    fn state(slf: &Bound<'_, Self>) -> PyResult<&'static str> {
        let this = in_use_ref(slf)?;
        Ok(this.decoder.state().name())
    }

    #[getter]
    fn complete(slf: &Bound<'_, Self>) -> PyResult<bool> {
        let this = in_use_ref(slf)?;
        Ok(this.decoder.is_complete())
    }
}

/// File writes start at multiples of at least this in the file: 64 KiB
/// writes at other offsets took the kernel half as long again, and 256 KiB
/// writes at multiples of 64 KiB a tenth longer than at multiples of their
/// own size (measured on ext4).
const MIN_ALIGNMENT: usize = 64 * 1024;

/// The multiple of which file writes start at, for reads of up to
/// `buffer_size` bytes: the largest power of two that fits in
/// `buffer_size`, and at least [`MIN_ALIGNMENT`].
fn alignment_for(buffer_size: usize) -> usize {
    match buffer_size.checked_ilog2() {
        Some(log) => (1usize << log).max(MIN_ALIGNMENT),
        None => MIN_ALIGNMENT,
    }
}

/// File data in a received chunk shorter than this is copied rather than
/// kept as a slice of the chunk, which bounds the segments held when the
/// body arrives in small reads.
const MIN_SLICE: usize = 4 * 1024;

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
    /// Names come from the shared name strings.
    Lists(&'a Bound<'py, PyDict>, NameStrings),
}

impl FieldSink<'_, '_> {
    fn add(&mut self, py: Python<'_>, name: Option<&str>, value: &str) -> PyResult<()> {
        let value = new_string(py, value.as_bytes())?;
        match self {
            FieldSink::Pairs(list) => list.append((name, value)),
            FieldSink::Lists(dict, names) => match name {
                Some(name) => add_to_lists(dict, names.get(py, name), value),
                None => add_to_lists(dict, py.None().into_bound(py), value),
            },
        }
    }
}

/// File data known to be complete but not written yet.
enum Segment {
    /// A range of a chunk as it was received: written without a copy when
    /// it is the whole chunk and fills a whole aligned piece.
    Chunk {
        chunk: Py<PyBytes>,
        start: usize,
        end: usize,
    },
    /// Bytes copied out of the decoder.
    Copied(Vec<u8>),
}

impl Segment {
    fn bytes<'a>(&'a self, py: Python<'a>) -> &'a [u8] {
        match self {
            Segment::Chunk { chunk, start, end } => {
                chunk.as_bytes(py).get(*start..*end).unwrap_or_default()
            }
            Segment::Copied(bytes) => bytes,
        }
    }
}

/// Batch parser for form parsing: finished fields are added to a list as
/// `(name, value)` or to a dict of value lists, with the value decoded, and
/// file data goes to a `write` callable, so Python runs once per file rather
/// than once per event.
///
/// File data is written in pieces that start at multiples of an alignment
/// in the file (see [`alignment_for`]). The received chunks are kept while
/// their data waits to be written, so that a piece that is a whole chunk
/// (as `read_size` arranges) is passed on as the same object, uncopied.
#[pyclass(module = "rostzeug._native", name = "MultipartParser")]
struct MultipartParser {
    // Boxed for the alignment of the searcher, as in `MultipartDecoder`.
    decoder: Box<Decoder>,
    /// The most bytes `read_size` asks for.
    buffer_size: usize,
    /// File writes start at multiples of this in the file.
    alignment: usize,
    field: Option<OpenField>,
    finished: bool,
    /// The last chunk received and the one before, each with where it
    /// starts in the body: data the decoder held back at the end of one
    /// chunk is reported with the next.
    chunk: Option<(Py<PyBytes>, usize)>,
    previous_chunk: Option<(Py<PyBytes>, usize)>,
    /// Bytes received so far.
    received: usize,
    /// The current file's data not written yet, in order.
    unwritten: VecDeque<Segment>,
    unwritten_len: usize,
    /// Bytes of the current file written so far.
    written: usize,
    /// Whether a file's data is being read and more is to come.
    in_file_data: bool,
}

#[pymethods]
impl MultipartParser {
    #[new]
    #[pyo3(signature = (
        boundary, max_form_memory_size=None, max_parts=None, buffer_size=64 * 1024, *,
        max_part_header_size=Some(MAX_PART_HEADER_SIZE),
        max_part_header_lines=Some(MAX_PART_HEADER_COUNT),
        max_outer_size=None,
    ))]
    fn new(
        boundary: &[u8],
        #[pyo3(from_py_with = max_form_memory_size_arg)] max_form_memory_size: Option<usize>,
        #[pyo3(from_py_with = max_parts_arg)] max_parts: Option<usize>,
        #[pyo3(from_py_with = buffer_size_arg)] buffer_size: usize,
        #[pyo3(from_py_with = max_part_header_size_arg)] max_part_header_size: Option<usize>,
        #[pyo3(from_py_with = max_part_header_lines_arg)] max_part_header_lines: Option<usize>,
        #[pyo3(from_py_with = max_outer_size_arg)] max_outer_size: Option<usize>,
    ) -> PyResult<Self> {
        let mut decoder = Decoder::new(boundary, max_form_memory_size, max_parts, false)
            .map_err(|error| Python::attach(|py| to_py_err(py, error)))?;
        decoder.set_part_header_limits(max_part_header_size, max_part_header_lines);
        decoder.set_outer_limit(max_outer_size);
        Ok(MultipartParser {
            decoder: Box::new(decoder),
            buffer_size,
            alignment: alignment_for(buffer_size),
            field: None,
            finished: false,
            chunk: None,
            previous_chunk: None,
            received: 0,
            unwritten: VecDeque::new(),
            unwritten_len: 0,
            written: 0,
            in_file_data: false,
        })
    }

    /// Receives the next chunk, or the end of the body with `None`. File
    /// data at the start of the chunk that cannot hold a boundary is kept
    /// as a range of the chunk, and the decoder gets only the rest.
    fn receive_data(slf: &Bound<'_, Self>, data: Option<&Bound<'_, PyBytes>>) -> PyResult<()> {
        let py = slf.py();
        let mut guard = in_use(slf)?;
        let this = &mut *guard;
        let Some(data) = data else {
            this.decoder.receive_end();
            return Ok(());
        };
        let bytes = data.as_bytes();
        let offset = this.received;
        this.received = offset.saturating_add(bytes.len());
        let chunk = data.clone().unbind();
        let decoder = &mut this.decoder;
        let taken = if bytes.len() >= DETACH_THRESHOLD {
            py.detach(|| decoder.take_file_data(bytes))
        } else {
            decoder.take_file_data(bytes)
        };
        // Bytes held back before this chunk and released by it come first.
        this.keep_last_data(py);
        let (file_data, rest) = bytes.split_at(taken.min(bytes.len()));
        this.unwritten_len += file_data.len();
        push_chunk_range(py, &mut this.unwritten, &chunk, 0, file_data);
        this.previous_chunk = this.chunk.replace((chunk, offset));
        receive_bytes(py, &mut this.decoder, rest);
        Ok(())
    }

    /// How many bytes to read next, at most `buffer_size`: in a file's
    /// data, as many as end the chunk at a multiple of the alignment in the
    /// file when that is possible, so that its pieces are whole chunks.
    fn read_size(slf: &Bound<'_, Self>) -> PyResult<usize> {
        let this = in_use_ref(slf)?;
        let buffer_size = this.buffer_size;
        if !this.in_file_data {
            return Ok(buffer_size);
        }
        // Where the next chunk starts in the file.
        let position = this.written + this.unwritten_len + this.decoder.buffered_len();
        let end = position.saturating_add(buffer_size);
        let aligned_end = end - end % this.alignment;
        Ok(if aligned_end > position {
            aligned_end - position
        } else {
            buffer_size
        })
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
        slf: &Bound<'py, Self>,
        fields: &Bound<'py, PyAny>,
        write: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Option<Bound<'py, PyTuple>>> {
        let py = slf.py();
        let mut guard = in_use(slf)?;
        let this = &mut *guard;
        if this.finished {
            return Ok(None);
        }
        let mut fields = match fields.cast::<PyDict>() {
            Ok(dict) => FieldSink::Lists(dict, NameStrings::new()),
            Err(_) => FieldSink::Pairs(fields.cast::<PyList>()?),
        };
        match write {
            // File data taken on receiving, complete pieces of it first.
            Some(write) => this.write_pieces(write, false)?,
            // Without a stream to write to, file data is dropped.
            None => {
                this.unwritten.clear();
                this.unwritten_len = 0;
            }
        }
        loop {
            let event = next_event(py, &mut this.decoder).map_err(|error| to_py_err(py, error))?;
            match event {
                Event::NeedData => return Ok(None),
                Event::Preamble(_) => {}
                Event::Epilogue(_) => {
                    this.finished = true;
                    return Ok(None);
                }
                Event::Part(part) => {
                    this.unwritten.clear();
                    this.unwritten_len = 0;
                    this.written = 0;
                    this.in_file_data = false;
                    if let Some(filename) = part.filename.as_deref() {
                        this.field = None;
                        let headers = headers_list(py, &part)?;
                        return Ok(Some(
                            (part.name.as_deref(), filename, headers).into_pyobject(py)?,
                        ));
                    }
                    this.field = Some(OpenField {
                        charset: part.charset(),
                        name: part.name,
                        value: Vec::new(),
                    });
                }
                Event::Data { data, more_data } => match this.field.as_mut() {
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
                        this.field = None;
                    }
                    None => {
                        if let Some(write) = write {
                            this.write_file_data(py, write, !more_data)?;
                        }
                    }
                },
            }
        }
    }

    /// Whether the closing boundary and the end of the body were read.
    #[getter]
    fn finished(slf: &Bound<'_, Self>) -> PyResult<bool> {
        let this = in_use_ref(slf)?;
        Ok(this.finished)
    }
}

impl MultipartParser {
    /// Adds the data of the last event to the file's unwritten data and
    /// passes what fills whole aligned pieces to `write`; on the file's
    /// `last` call, the rest too.
    fn write_file_data(
        &mut self,
        py: Python<'_>,
        write: &Bound<'_, PyAny>,
        last: bool,
    ) -> PyResult<()> {
        self.keep_last_data(py);
        self.in_file_data = !last;
        self.write_pieces(write, last)
    }

    /// Passes the unwritten data to `write` in pieces that end at
    /// multiples of the alignment in the file; with `last`, the rest too.
    ///
    /// Until `last`, the data of the latest chunk waits when the decoder
    /// holds the chunk's last bytes back (they may begin a boundary) until
    /// the next chunk shows they do not: with them the chunk is passed on
    /// whole, uncopied. A piece that is a whole chunk is written alone;
    /// other pieces take all the data that is ready, copied into one bytes
    /// object.
    fn write_pieces(&mut self, write: &Bound<'_, PyAny>, last: bool) -> PyResult<()> {
        let py = write.py();
        let waiting = if last { 0 } else { self.latest_chunk_len(py) };
        while self.unwritten_len > waiting {
            let ready = self.unwritten_len - waiting;
            let size = if last {
                ready
            } else {
                let end = self.written + ready;
                (end - end % self.alignment).saturating_sub(self.written)
            };
            if size == 0 {
                break;
            }
            let size = match self.unwritten.front() {
                Some(Segment::Chunk { chunk, start, end })
                    if *start == 0
                        && *end == chunk.as_bytes(py).len()
                        && *end <= size
                        && (*end == size || (self.written + *end) % self.alignment == 0) =>
                {
                    *end
                }
                _ => size,
            };
            let piece = self.take_unwritten(py, size)?;
            self.written += size;
            write.call1((piece,))?;
        }
        Ok(())
    }

    /// The unwritten bytes at the end that are a range of the latest chunk
    /// received which the decoder holds the chunk's last bytes back from.
    fn latest_chunk_len(&self, py: Python<'_>) -> usize {
        match (self.unwritten.back(), &self.chunk) {
            (Some(Segment::Chunk { chunk, start, end }), Some((latest, _)))
                if chunk.is(latest) && *end < chunk.as_bytes(py).len() =>
            {
                end - start
            }
            _ => 0,
        }
    }

    /// Appends the data of the last event to `unwritten`: what lies in the
    /// last two chunks received as ranges of them, the rest copied.
    fn keep_last_data(&mut self, py: Python<'_>) {
        let mut rest = self.decoder.last_data();
        if rest.is_empty() {
            return;
        }
        let mut offset = self.decoder.last_data_offset();
        self.unwritten_len += rest.len();
        for (chunk, chunk_offset) in [&self.previous_chunk, &self.chunk].into_iter().flatten() {
            let before = chunk_offset.saturating_sub(offset).min(rest.len());
            let (copied, after) = rest.split_at(before);
            push_copied(&mut self.unwritten, copied);
            offset += before;
            // The decoder's buffer holds copies of the chunks, so the same
            // positions hold the same bytes in the chunk.
            let start = offset.saturating_sub(*chunk_offset);
            let inside = chunk
                .as_bytes(py)
                .len()
                .saturating_sub(start)
                .min(after.len());
            let (in_chunk, after) = after.split_at(inside);
            debug_assert!(
                inside == 0 || chunk.as_bytes(py).get(start..start + inside) == Some(in_chunk)
            );
            push_chunk_range(py, &mut self.unwritten, chunk, start, in_chunk);
            offset += inside;
            rest = after;
        }
        push_copied(&mut self.unwritten, rest);
    }

    /// Removes the first `size` unwritten bytes and returns them as one
    /// bytes object: the received chunk itself when they are exactly that.
    fn take_unwritten<'py>(
        &mut self,
        py: Python<'py>,
        size: usize,
    ) -> PyResult<Bound<'py, PyBytes>> {
        if let Some(Segment::Chunk { chunk, start, end }) = self.unwritten.front() {
            if *start == 0 && *end == size && chunk.as_bytes(py).len() == size {
                let chunk = chunk.bind(py).clone();
                self.unwritten.pop_front();
                self.unwritten_len -= size;
                return Ok(chunk);
            }
        }
        let unwritten = &mut self.unwritten;
        let piece = PyBytes::new_with(py, size, |buffer| {
            let mut filled = 0;
            while filled < size {
                let Some(front) = unwritten.front_mut() else {
                    break;
                };
                let available = front.bytes(py);
                let count = available.len().min(size - filled);
                if let (Some(target), Some(source)) = (
                    buffer.get_mut(filled..filled + count),
                    available.get(..count),
                ) {
                    target.copy_from_slice(source);
                }
                filled += count;
                if count == available.len() {
                    unwritten.pop_front();
                } else {
                    match front {
                        Segment::Chunk { start, .. } => *start += count,
                        Segment::Copied(bytes) => {
                            bytes.drain(..count);
                        }
                    }
                }
            }
            Ok(())
        })?;
        self.unwritten_len = self.unwritten_len.saturating_sub(size);
        Ok(piece)
    }
}

/// Appends copied bytes to the unwritten data of a file.
fn push_copied(unwritten: &mut VecDeque<Segment>, bytes: &[u8]) {
    if bytes.is_empty() {
        return;
    }
    if let Some(Segment::Copied(last)) = unwritten.back_mut() {
        last.extend_from_slice(bytes);
    } else {
        unwritten.push_back(Segment::Copied(bytes.to_vec()));
    }
}

/// Appends `bytes`, found at `start` in `chunk`, to the unwritten data of a
/// file: as a range of the chunk when that extends the last range or is
/// long enough to be worth keeping the chunk for, else copied.
fn push_chunk_range(
    py: Python<'_>,
    unwritten: &mut VecDeque<Segment>,
    chunk: &Py<PyBytes>,
    start: usize,
    bytes: &[u8],
) {
    if bytes.is_empty() {
        return;
    }
    let end = start + bytes.len();
    if let Some(Segment::Chunk {
        chunk: last,
        end: last_end,
        ..
    }) = unwritten.back_mut()
    {
        if last.is(chunk) && *last_end == start {
            *last_end = end;
            return;
        }
    }
    if bytes.len() < MIN_SLICE {
        push_copied(unwritten, bytes);
    } else {
        unwritten.push_back(Segment::Chunk {
            chunk: chunk.clone_ref(py),
            start,
            end,
        });
    }
}

pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<MultipartDecoder>()?;
    module.add_class::<MultipartParser>()?;
    Ok(())
}
