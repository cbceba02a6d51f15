//! Streaming `multipart/form-data` decoder.
//!
//! [`Decoder`] takes the body in chunks of any size and yields [`Event`]s:
//! the preamble, the headers of each part, the part's data as it arrives,
//! and the epilogue. It follows Werkzeug's `MultipartDecoder`: line breaks
//! may be CRLF, LF or CR alone, the first boundary needs no line break before
//! it, blanks (space, tab, VT, FF) may follow a boundary, and the part
//! headers end at the first `CRLF CRLF`, `CR CR` or `LF LF`.
//!
//! The work is linear in the body: the boundary is searched with
//! `memchr::memmem`, and every search resumes where the previous one
//! stopped, so no byte is scanned again when data arrives in small chunks.
//! Only the bytes that may still begin a boundary are held back.

pub mod headers;

use memchr::memmem::Finder;

use headers::{
    disposition_names, header_value, option, parse_header_lines, parse_options,
    MAX_PART_HEADER_COUNT,
};

/// Default for the largest header section of one part, in bytes (see
/// [`Decoder::set_part_header_limits`]). Werkzeug bounds it only by the
/// form memory limit, and a 10 MB header line costs it 41 MB.
pub const MAX_PART_HEADER_SIZE: usize = 16 * 1024;

const HEADER_TOO_LARGE: &str = "a part's header section exceeds the size limit \
     (max_part_header_size, or max_form_memory_size when smaller)";

/// Most blanks accepted after a boundary before its line break. A longer
/// run means the line was not a boundary but data.
const MAX_BOUNDARY_PADDING: usize = 1024;

/// Why decoding stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The body is not valid `multipart/form-data`.
    Malformed(String),
    /// A limit was exceeded: part count, field size or header size.
    TooLarge(&'static str),
}

/// Where the decoder is in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Preamble,
    Part,
    DataStart,
    Data,
    Epilogue,
    Complete,
}

impl State {
    /// The name Werkzeug's `State` enum gives this state.
    pub fn name(self) -> &'static str {
        match self {
            State::Preamble => "PREAMBLE",
            State::Part => "PART",
            State::DataStart => "DATA_START",
            State::Data => "DATA",
            State::Epilogue => "EPILOGUE",
            State::Complete => "COMPLETE",
        }
    }
}

/// The headers of one part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Header lines in order, names as sent.
    pub headers: Vec<(String, String)>,
    /// The `name` parameter of `Content-Disposition`.
    pub name: Option<String>,
    /// The `filename` parameter; a part with one is a file.
    pub filename: Option<String>,
}

impl Part {
    /// The charset to decode a field's value with: the `charset` parameter
    /// of `Content-Type` when it is ASCII, UTF-8 or ISO-8859-1, else UTF-8.
    pub fn charset(&self) -> &'static str {
        let charset = header_value(&self.headers, "content-type").and_then(|content_type| {
            let (_, options) = parse_options(content_type);
            option(&options, "charset").map(str::to_ascii_lowercase)
        });
        match charset.as_deref() {
            Some("ascii") => "ascii",
            Some("us-ascii") => "us-ascii",
            Some("iso-8859-1") => "iso-8859-1",
            _ => "utf-8",
        }
    }
}

/// What the decoder found next.
#[derive(Debug, PartialEq, Eq)]
pub enum Event<'a> {
    /// More data (or the end of the body) is needed to go on.
    NeedData,
    /// Everything before the first boundary.
    Preamble(&'a [u8]),
    /// The headers of a part; a field when it has no filename.
    Part(Part),
    /// Data of the current part; `more_data` is false on its last piece.
    Data { data: &'a [u8], more_data: bool },
    /// Everything after the last boundary, once the body is complete.
    Epilogue(&'a [u8]),
}

/// Result of looking at the bytes after a boundary.
enum Tail {
    /// A boundary ending at `end`; `last` for the closing `--boundary--`.
    Match { end: usize, last: bool },
    /// Not a boundary.
    NoMatch,
    /// Cannot tell before more bytes arrive.
    Incomplete,
}

/// Result of a boundary search.
enum Search {
    Found {
        start: usize,
        end: usize,
        last: bool,
    },
    /// A boundary may start at `start`; more bytes will tell.
    Pending {
        start: usize,
    },
    NotFound,
}

fn is_line_break(byte: u8) -> bool {
    byte == b'\r' || byte == b'\n'
}

/// Blanks that may follow a boundary: Python's `[^\S\n\r]` on bytes.
fn is_padding(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\x0b' | b'\x0c')
}

/// Length of the line break at the start of `bytes` (CRLF, LF or CR).
fn line_break_len(bytes: &[u8]) -> usize {
    match bytes {
        [b'\r', b'\n', ..] => 2,
        [b'\r' | b'\n', ..] => 1,
        _ => 0,
    }
}

/// The part of an epilogue after the rest of the closing boundary's line.
fn strip_closing_line(epilogue: &[u8]) -> &[u8] {
    let blanks = epilogue.iter().take_while(|&&b| is_padding(b)).count();
    let rest = epilogue.get(blanks..).unwrap_or_default();
    rest.get(line_break_len(rest)..).unwrap_or_default()
}

/// Streaming decoder of one `multipart/form-data` body.
pub struct Decoder {
    /// `--` and the boundary.
    delimiter_len: usize,
    finder: Finder<'static>,
    buffer: Vec<u8>,
    /// Start of the bytes not yet consumed; positions below are relative to it.
    head: usize,
    state: State,
    complete: bool,
    /// Keep the preamble and epilogue to report them, or drop them early.
    keep_outer: bool,
    max_field_size: Option<usize>,
    max_parts: Option<usize>,
    parts: usize,
    /// Size of the current field's data so far; `None` in a file.
    field_size: Option<usize>,
    /// No search match can start before this position.
    scanned: usize,
    /// Blanks already checked after the pending boundary candidate.
    padding_checked: usize,
    /// Length of the line break that opens a part's data and may still
    /// belong to a boundary right after the headers (an empty part).
    leading_break: usize,
    /// Buffer range of the last data event.
    last_data: std::ops::Range<usize>,
    /// Bytes received so far, over all chunks.
    received: usize,
    /// Where the data of the last data event starts in the body.
    last_data_offset: usize,
    /// Limits on each part's header section: bytes and lines.
    max_header_size: Option<usize>,
    max_header_lines: Option<usize>,
    /// Limit on the preamble and on the epilogue, each, when they are
    /// dropped (see [`Decoder::set_outer_limit`]).
    max_outer_size: Option<usize>,
    /// Bytes of the current preamble or epilogue dropped so far.
    outer_dropped: usize,
}

impl Decoder {
    /// A decoder for the body delimited by `boundary`.
    ///
    /// `max_field_size` limits the data of each part without a filename,
    /// and the header section of every part; `max_parts` limits the number
    /// of parts. `keep_outer` keeps the preamble and epilogue in memory to
    /// report them; without it they are dropped as they arrive.
    ///
    /// A boundary cannot contain CR or LF: those would make line breaks and
    /// boundaries ambiguous, and no header can carry one.
    pub fn new(
        boundary: &[u8],
        max_field_size: Option<usize>,
        max_parts: Option<usize>,
        keep_outer: bool,
    ) -> Result<Self, Error> {
        if boundary.iter().any(|&b| is_line_break(b)) {
            return Err(Error::Malformed(
                "the multipart boundary contains a line break; use a boundary of \
                 printable characters"
                    .into(),
            ));
        }
        let mut delimiter = b"--".to_vec();
        delimiter.extend_from_slice(boundary);
        Ok(Decoder {
            delimiter_len: delimiter.len(),
            finder: Finder::new(&delimiter).into_owned(),
            buffer: Vec::new(),
            head: 0,
            state: State::Preamble,
            complete: false,
            keep_outer,
            max_field_size,
            max_parts,
            parts: 0,
            field_size: None,
            scanned: 0,
            padding_checked: 0,
            leading_break: 0,
            last_data: 0..0,
            received: 0,
            last_data_offset: 0,
            max_header_size: Some(MAX_PART_HEADER_SIZE),
            max_header_lines: Some(MAX_PART_HEADER_COUNT),
            max_outer_size: None,
            outer_dropped: 0,
        })
    }

    /// Sets the limits on each part's header section, in bytes and in
    /// lines; `None` removes one. Exceeding one is [`Error::TooLarge`]. The
    /// defaults are [`MAX_PART_HEADER_SIZE`] and [`MAX_PART_HEADER_COUNT`];
    /// the header section is also bounded by `max_field_size` either way,
    /// as in Werkzeug, where it counts against the form memory limit.
    pub fn set_part_header_limits(&mut self, max_size: Option<usize>, max_lines: Option<usize>) {
        self.max_header_size = max_size;
        self.max_header_lines = max_lines;
    }

    /// Limits the preamble, and the epilogue, each to `max` bytes when they
    /// are dropped rather than kept (`keep_outer` false): more is
    /// [`Error::TooLarge`], as when Werkzeug buffers them against its form
    /// memory limit. No limit by default: dropped bytes cost no memory.
    pub fn set_outer_limit(&mut self, max: Option<usize>) {
        self.max_outer_size = max;
    }

    /// Counts `count` dropped bytes of the preamble or epilogue against the
    /// outer limit.
    fn count_outer(&mut self, count: usize) -> Result<(), Error> {
        self.outer_dropped = self.outer_dropped.saturating_add(count);
        if self
            .max_outer_size
            .is_some_and(|max| self.outer_dropped > max)
        {
            return Err(Error::TooLarge(
                "the data before the first boundary or after the closing one \
                 exceeds max_form_memory_size",
            ));
        }
        Ok(())
    }

    pub fn state(&self) -> State {
        self.state
    }

    /// Whether the end of the body was received.
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// Bytes received and not yet consumed by an event.
    pub fn buffered_len(&self) -> usize {
        self.buffer.len().saturating_sub(self.head)
    }

    /// Adds the next chunk of the body.
    pub fn receive_data(&mut self, data: &[u8]) {
        if self.head > 0 {
            // Consumed bytes go before the buffer grows; what stays is small
            // (a held-back boundary prefix or part of a header section).
            self.buffer.drain(..self.head);
            self.head = 0;
        }
        self.last_data = 0..0;
        self.received = self.received.saturating_add(data.len());
        self.buffer.extend_from_slice(data);
    }

    /// The data of the last [`Event::Data`]; empty again once another chunk
    /// is received.
    pub fn last_data(&self) -> &[u8] {
        self.buffer.get(self.last_data.clone()).unwrap_or_default()
    }

    /// Where the data of the last [`Event::Data`] starts in the body, as
    /// the number of bytes received before it; this lets a caller that
    /// keeps the chunks it passed in find the data there.
    pub fn last_data_offset(&self) -> usize {
        self.last_data_offset
    }

    /// Makes `range` of the buffer the last data.
    fn set_last_data(&mut self, range: std::ops::Range<usize>) {
        let after = self.buffer.len().saturating_sub(range.start);
        self.last_data_offset = self.received.saturating_sub(after);
        self.last_data = range;
    }

    /// Takes the file data that `data`, the next chunk of the body, starts
    /// with, so that the caller can use it in place instead of through a
    /// copy: returns how many leading bytes of `data` are certainly data of
    /// the current file part, and counts them as received and reported.
    /// Pass the rest of `data` to [`Decoder::receive_data`].
    ///
    /// Bytes held back from earlier chunks that `data` shows to be file data
    /// come first: they are reported through [`Decoder::last_data`] and
    /// [`Decoder::last_data_offset`] (empty when there are none).
    ///
    /// Only the bytes before the first delimiter in `data` (less the line
    /// break that may open a boundary) are taken, or, without a delimiter,
    /// all but a last line break and what follows it when that may still
    /// grow into a boundary (usually all of `data`). Nothing is taken
    /// outside a file's data, or when a boundary may start in the held-back
    /// bytes, so events go on exactly as if all of `data` had been received.
    pub fn take_file_data(&mut self, data: &[u8]) -> usize {
        self.last_data = 0..0;
        let held = self.buffered_len();
        let clean = self.state == State::Data
            && !self.complete
            && self.field_size.is_none()
            && self.leading_break == 0
            && held <= self.delimiter_len + 2;
        if !clean {
            return 0;
        }
        if held > 0 {
            // A delimiter that starts in the held bytes ends within this
            // many bytes of `data`.
            let ahead = data.get(..self.delimiter_len * 2 + 2).unwrap_or(data);
            let mut window = self.pending().to_vec();
            window.extend_from_slice(ahead);
            if self.finder.find(&window).is_some_and(|at| at < held + 2) {
                return 0;
            }
        }
        let taken = match self.finder.find(data) {
            Some(at) => at.saturating_sub(2),
            None if held > 0 && data.len() < self.delimiter_len + 2 => {
                // The start of a boundary line may lie in the held bytes;
                // then nothing is taken.
                let mut window = self.pending().to_vec();
                window.extend_from_slice(data);
                data.len().saturating_sub(self.boundary_start_len(&window))
            }
            None => data.len() - self.boundary_start_len(data),
        };
        if taken == 0 {
            return 0;
        }
        if held > 0 {
            self.set_last_data(self.head..self.buffer.len());
            self.head = self.buffer.len();
        }
        self.received = self.received.saturating_add(taken);
        self.scanned = 0;
        self.padding_checked = 0;
        taken
    }

    /// The length of the shortest end of `data`, which holds no delimiter,
    /// that may be the start of a boundary line: a line break (CR LF, LF or
    /// CR) and a beginning of the delimiter. 0 when there is none.
    fn boundary_start_len(&self, data: &[u8]) -> usize {
        let delimiter = self.finder.needle();
        // A longer end would hold a whole delimiter.
        let window_start = data.len().saturating_sub(delimiter.len() + 2);
        let window = data.get(window_start..).unwrap_or_default();
        let mut candidates = memchr::memchr2_iter(b'\r', b'\n', window);
        let start = candidates.find(|&at| {
            let rest = window.get(at..).unwrap_or_default();
            let after_break = rest.get(line_break_len(rest)..).unwrap_or_default();
            // CR and LF are the first half of CR LF; CR alone is a line break.
            after_break.is_empty() || delimiter.starts_with(after_break)
        });
        start.map_or(0, |at| window.len() - at)
    }

    /// Marks the end of the body.
    pub fn receive_end(&mut self) {
        self.complete = true;
    }

    fn pending(&self) -> &[u8] {
        self.buffer.get(self.head..).unwrap_or_default()
    }

    /// Consumes `count` bytes, moving the relative positions with them.
    fn consume(&mut self, count: usize) {
        self.head = (self.head + count).min(self.buffer.len());
        self.scanned = self.scanned.saturating_sub(count);
    }

    fn malformed_end(&self) -> Error {
        let detail = match self.state {
            State::Preamble => {
                "before its first boundary; check that the boundary matches the body"
            }
            State::Part => "inside a part's headers, which need a blank line after them",
            State::DataStart | State::Data => "inside a part, without a closing boundary",
            State::Epilogue | State::Complete => "and was read completely already",
        };
        Error::Malformed(format!(
            "Invalid form-data cannot parse beyond State.{}: the body ended {detail}",
            self.state.name()
        ))
    }

    /// Returns the next event.
    ///
    /// Data and the preamble borrow from the decoder until the next call.
    pub fn next_event(&mut self) -> Result<Event<'_>, Error> {
        let event = match self.state {
            State::Preamble => self.preamble_step()?,
            State::Part => self.part_step()?,
            State::DataStart | State::Data => self.data_step()?,
            State::Epilogue if self.complete => {
                let start = self.head;
                if !self.keep_outer {
                    self.count_outer(self.buffer.len() - start)?;
                }
                self.head = self.buffer.len();
                self.state = State::Complete;
                let epilogue = self.buffer.get(start..).unwrap_or_default();
                return Ok(Event::Epilogue(if self.keep_outer {
                    strip_closing_line(epilogue)
                } else {
                    &[]
                }));
            }
            State::Epilogue => {
                if !self.keep_outer {
                    self.count_outer(self.buffer.len() - self.head)?;
                    self.head = self.buffer.len();
                }
                Step::NeedData
            }
            State::Complete => Step::NeedData,
        };
        match event {
            Step::NeedData if self.complete => Err(self.malformed_end()),
            Step::NeedData => Ok(Event::NeedData),
            Step::Preamble { start, end } => Ok(Event::Preamble(
                self.buffer.get(start..end).unwrap_or_default(),
            )),
            Step::Part(part) => Ok(Event::Part(part)),
            Step::Data {
                start,
                end,
                more_data,
            } => Ok(Event::Data {
                data: self.buffer.get(start..end).unwrap_or_default(),
                more_data,
            }),
        }
    }

    /// Checks the bytes after a boundary candidate at `after`.
    fn tail(&mut self, after: usize) -> Tail {
        let complete = self.complete;
        let bytes = self.pending();
        match bytes.get(after..after + 2) {
            Some(b"--") => {
                return Tail::Match {
                    end: after + 2,
                    last: true,
                }
            }
            None if !complete && bytes.get(after..).unwrap_or_default() == b"-" => {
                return Tail::Incomplete
            }
            _ => {}
        }
        let mut position = after + self.padding_checked;
        while bytes.get(position).copied().is_some_and(is_padding) {
            position += 1;
        }
        let padding = position - after;
        if padding > MAX_BOUNDARY_PADDING {
            return Tail::NoMatch;
        }
        match bytes.get(position) {
            Some(b'\n') => Tail::Match {
                end: position + 1,
                last: false,
            },
            Some(b'\r') => match bytes.get(position + 1) {
                Some(b'\n') => Tail::Match {
                    end: position + 2,
                    last: false,
                },
                Some(_) => Tail::Match {
                    end: position + 1,
                    last: false,
                },
                None if complete => Tail::Match {
                    end: position + 1,
                    last: false,
                },
                None => {
                    self.padding_checked = padding;
                    Tail::Incomplete
                }
            },
            Some(_) => Tail::NoMatch,
            None if complete => Tail::NoMatch,
            None => {
                self.padding_checked = padding;
                Tail::Incomplete
            }
        }
    }

    /// Finds the first boundary at or after `self.scanned`. With
    /// `needs_break`, it must follow a line break, which then starts it.
    fn search(&mut self, needs_break: bool) -> Search {
        let mut from = self.scanned;
        loop {
            let bytes = self.pending();
            let found = bytes.get(from..).and_then(|rest| self.finder.find(rest));
            let Some(offset) = found else {
                let len = bytes.len();
                self.scanned = from.max((len + 1).saturating_sub(self.delimiter_len));
                self.padding_checked = 0;
                return Search::NotFound;
            };
            let at = from + offset;
            let before = at.checked_sub(1).and_then(|i| bytes.get(i)).copied();
            let start = if before.is_some_and(is_line_break) {
                let crlf = at >= 2 && bytes.get(at - 2..at) == Some(b"\r\n");
                if crlf {
                    at - 2
                } else {
                    at - 1
                }
            } else if needs_break {
                from = at + 1;
                self.padding_checked = 0;
                continue;
            } else {
                at
            };
            if at != self.scanned {
                self.padding_checked = 0;
            }
            match self.tail(at + self.delimiter_len) {
                Tail::Match { end, last } => {
                    self.padding_checked = 0;
                    return Search::Found { start, end, last };
                }
                Tail::Incomplete => {
                    self.scanned = at;
                    return Search::Pending { start };
                }
                Tail::NoMatch => {
                    self.padding_checked = 0;
                    from = at + 1;
                }
            }
        }
    }

    fn preamble_step(&mut self) -> Result<Step, Error> {
        match self.search(false) {
            Search::Found { start, end, last } => {
                if !self.keep_outer {
                    self.count_outer(start)?;
                    // The epilogue is counted on its own.
                    self.outer_dropped = 0;
                }
                self.state = if last { State::Epilogue } else { State::Part };
                let preamble_start = self.head;
                self.consume(end);
                self.scanned = 0;
                let preamble_end = if self.keep_outer {
                    preamble_start + start
                } else {
                    preamble_start
                };
                Ok(Step::Preamble {
                    start: preamble_start,
                    end: preamble_end,
                })
            }
            Search::Pending { start } => {
                self.drop_preamble_before(start)?;
                Ok(Step::NeedData)
            }
            Search::NotFound => {
                // A boundary may still begin with the last bytes.
                let keep_from = self.scanned.saturating_sub(2);
                self.drop_preamble_before(keep_from)?;
                Ok(Step::NeedData)
            }
        }
    }

    fn drop_preamble_before(&mut self, position: usize) -> Result<(), Error> {
        if !self.keep_outer {
            self.count_outer(position)?;
            self.consume(position);
        }
        Ok(())
    }

    fn part_step(&mut self) -> Result<Step, Error> {
        let limit = match (self.max_field_size, self.max_header_size) {
            (Some(field), Some(header)) => Some(field.min(header)),
            (field, header) => field.or(header),
        };
        let complete = self.complete;
        let mut position = self.scanned;
        let mut blank_line = None;
        // Where a blank line may still begin when the buffer ends inside
        // one: the header section is at least that long.
        let mut undecided_at = None;
        let bytes = self.buffer.get(self.head..).unwrap_or_default();
        while let Some(offset) = bytes
            .get(position..)
            .and_then(|rest| memchr::memchr2(b'\r', b'\n', rest))
        {
            let at = position + offset;
            let next = bytes.get(at + 1).copied();
            let (found, undecided) = match (bytes.get(at).copied(), next) {
                (_, None) => (None, true),
                (Some(b'\n'), Some(b'\n')) | (Some(b'\r'), Some(b'\r')) => (Some(at + 2), false),
                (Some(b'\r'), Some(b'\n')) => match bytes.get(at + 2..at + 4) {
                    Some(b"\r\n") => (Some(at + 4), false),
                    Some(_) => (None, false),
                    // "\r\n\r" may become a blank line; "\r\n\n" holds one later.
                    None => (None, matches!(bytes.get(at + 2), None | Some(b'\r'))),
                },
                _ => (None, false),
            };
            if let Some(end) = found {
                blank_line = Some((at, end));
                break;
            }
            if undecided && !complete {
                position = at;
                undecided_at = Some(at);
                break;
            }
            position = at + 1;
        }
        let buffered = bytes.len();
        let Some((start, end)) = blank_line else {
            self.scanned = position.min(buffered);
            // Only bytes known to come before the blank line count, so that
            // the outcome does not depend on where a chunk ends.
            let header_len = undecided_at.unwrap_or(buffered);
            if limit.is_some_and(|limit| header_len > limit) {
                return Err(Error::TooLarge(HEADER_TOO_LARGE));
            }
            return Ok(Step::NeedData);
        };
        if limit.is_some_and(|limit| start > limit) {
            return Err(Error::TooLarge(HEADER_TOO_LARGE));
        }
        let headers = parse_header_lines(
            bytes.get(..start).unwrap_or_default(),
            self.max_header_lines,
        )?;
        let Some(disposition) = header_value(&headers, "content-disposition") else {
            return Err(Error::Malformed(
                "Missing Content-Disposition header: every part needs \
                 'Content-Disposition: form-data; name=\"...\"'"
                    .into(),
            ));
        };
        let (name, filename) = disposition_names(disposition);
        // The blank line's second half opens the data.
        self.consume((start + end) / 2);
        self.scanned = 0;
        self.state = State::DataStart;
        self.parts += 1;
        if self.max_parts.is_some_and(|max| self.parts > max) {
            return Err(Error::TooLarge("the body has more parts than allowed"));
        }
        self.field_size = if filename.is_none() { Some(0) } else { None };
        Ok(Step::Part(Part {
            headers,
            name,
            filename,
        }))
    }

    fn data_step(&mut self) -> Result<Step, Error> {
        let first = self.state == State::DataStart;
        if first {
            let bytes = self.pending();
            if bytes == b"\r" && !self.complete {
                // CR alone or CRLF: the next byte decides where data begins.
                return Ok(Step::NeedData);
            }
            self.leading_break = line_break_len(bytes);
            self.state = State::Data;
        }
        let skip = self.leading_break;
        let (data_end, consumed, more_data) = match self.search(true) {
            Search::Found { start, end, last } => {
                self.state = if last { State::Epilogue } else { State::Part };
                (start, end, false)
            }
            found => {
                let held = match found {
                    Search::Pending { start } => start,
                    _ if skip > 0 && self.delimiter_prefix_follows(skip) => 0,
                    _ => self.pending().len(),
                };
                let safe = self.safe_end(skip).min(held);
                (safe, safe, true)
            }
        };
        // The opening line break is never data, even when a boundary
        // right after the headers starts with it.
        let data_start = self.head + skip;
        let data_stop = self.head + data_end.max(skip);
        let size = data_stop - data_start;
        if let Some(field_size) = self.field_size.as_mut() {
            *field_size += size;
            if self.max_field_size.is_some_and(|max| *field_size > max) {
                return Err(Error::TooLarge(
                    "a form field's data exceeds max_form_memory_size",
                ));
            }
        }
        self.consume(consumed);
        self.leading_break = skip.saturating_sub(consumed);
        if !more_data {
            self.scanned = 0;
            self.leading_break = 0;
        }
        if size == 0 && more_data && !first {
            return Ok(Step::NeedData);
        }
        self.set_last_data(data_start..data_stop);
        Ok(Step::Data {
            start: data_start,
            end: data_stop,
            more_data,
        })
    }

    /// Whether the bytes from `position` on are the start of `--boundary`,
    /// so a line break before them may open the closing boundary.
    fn delimiter_prefix_follows(&self, position: usize) -> bool {
        let rest = self.pending().get(position..).unwrap_or_default();
        self.finder.needle().starts_with(rest)
    }

    /// How far data can be reported without a boundary in sight: up to the
    /// earliest CR or LF among the last bytes that a boundary line would
    /// fill, as Werkzeug holds back.
    fn safe_end(&self, skip: usize) -> usize {
        let bytes = self.pending();
        let region = bytes.get(skip..).unwrap_or_default();
        let window_start = region.len().saturating_sub(self.delimiter_len + 2);
        let window = region.get(window_start..).unwrap_or_default();
        let last_cr = memchr::memrchr(b'\r', window);
        let last_lf = memchr::memrchr(b'\n', window);
        let held = match (last_cr, last_lf) {
            (Some(cr), Some(lf)) => cr.min(lf),
            (Some(found), None) | (None, Some(found)) => found,
            (None, None) => window.len(),
        };
        skip + window_start + held
    }
}

/// A step's outcome, in positions of the buffer, turned into an [`Event`].
enum Step {
    NeedData,
    /// The preamble, as positions in the buffer.
    Preamble {
        start: usize,
        end: usize,
    },
    Part(Part),
    Data {
        start: usize,
        end: usize,
        more_data: bool,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An event with data merged per part, for comparing decodings.
    #[derive(Debug, PartialEq)]
    enum Seen {
        Preamble(Vec<u8>),
        Part(Part),
        Data(Vec<u8>),
        Epilogue(Vec<u8>),
        Failed(Error),
    }

    struct Limits {
        field: Option<usize>,
        parts: Option<usize>,
        keep_outer: bool,
        /// Header section bytes and lines.
        header_size: Option<usize>,
        header_lines: Option<usize>,
        outer: Option<usize>,
    }

    const DEFAULT: Limits = Limits {
        field: None,
        parts: None,
        keep_outer: true,
        header_size: Some(MAX_PART_HEADER_SIZE),
        header_lines: Some(MAX_PART_HEADER_COUNT),
        outer: None,
    };

    fn decode_with(boundary: &[u8], body: &[u8], chunks: &[usize], limits: &Limits) -> Vec<Seen> {
        decode_chunks(boundary, body, chunks, limits, false)
    }

    /// Decodes `body` in chunks of the sizes in `chunks`, in turn; with
    /// `take`, file data is taken with `take_file_data` where it can be.
    fn decode_chunks(
        boundary: &[u8],
        body: &[u8],
        chunks: &[usize],
        limits: &Limits,
        take: bool,
    ) -> Vec<Seen> {
        let mut decoder =
            match Decoder::new(boundary, limits.field, limits.parts, limits.keep_outer) {
                Ok(decoder) => decoder,
                Err(error) => return vec![Seen::Failed(error)],
            };
        decoder.set_part_header_limits(limits.header_size, limits.header_lines);
        decoder.set_outer_limit(limits.outer);
        let mut seen = Vec::new();
        let mut open_data = false;
        let mut rest = body;
        let mut sizes = chunks.iter().copied().cycle();
        loop {
            if rest.is_empty() {
                decoder.receive_end();
            } else {
                let size = sizes.next().unwrap_or(rest.len()).clamp(1, rest.len());
                let (mut chunk, after) = rest.split_at(size);
                let taken = if take {
                    decoder.take_file_data(chunk)
                } else {
                    0
                };
                if taken > 0 {
                    let (file_data, unread) = chunk.split_at(taken);
                    match seen.last_mut() {
                        Some(Seen::Data(merged)) if open_data => {
                            merged.extend_from_slice(decoder.last_data());
                            merged.extend_from_slice(file_data);
                        }
                        _ => panic!("file data taken outside a file's data"),
                    }
                    chunk = unread;
                }
                decoder.receive_data(chunk);
                rest = after;
            }
            loop {
                match decoder.next_event() {
                    Err(error) => {
                        seen.push(Seen::Failed(error));
                        return seen;
                    }
                    Ok(Event::NeedData) => break,
                    Ok(Event::Preamble(data)) => seen.push(Seen::Preamble(data.to_vec())),
                    Ok(Event::Part(part)) => seen.push(Seen::Part(part)),
                    Ok(Event::Data { data, more_data }) => {
                        match seen.last_mut() {
                            Some(Seen::Data(merged)) if open_data => merged.extend_from_slice(data),
                            _ => seen.push(Seen::Data(data.to_vec())),
                        }
                        open_data = more_data;
                    }
                    Ok(Event::Epilogue(data)) => {
                        seen.push(Seen::Epilogue(data.to_vec()));
                        return seen;
                    }
                }
            }
        }
    }

    fn decode(boundary: &[u8], body: &[u8]) -> Vec<Seen> {
        decode_with(boundary, body, &[body.len().max(1)], &DEFAULT)
    }

    fn part(name: &str, filename: Option<&str>, headers: &[(&str, &str)]) -> Seen {
        Seen::Part(Part {
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            name: Some(name.to_owned()),
            filename: filename.map(str::to_owned),
        })
    }

    fn field(name: &str) -> Seen {
        let disposition = format!("form-data; name=\"{name}\"");
        part(name, None, &[("Content-Disposition", &disposition)])
    }

    fn data(bytes: &[u8]) -> Seen {
        Seen::Data(bytes.to_vec())
    }

    const BODY: &[u8] = b"preamble\r\n--b0undary\r\n\
        Content-Disposition: form-data; name=\"text\"\r\n\r\n\
        first line\r\nsecond --b0undar line\r\n\
        --b0undary\r\n\
        Content-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n\
        Content-Type: application/octet-stream\r\n\r\n\
        \r\n\r\x00\xff\n--\r\n\
        --b0undary\r\n\
        Content-Disposition: form-data; name=\"empty\"\r\n\r\n\
        \r\n--b0undary--\r\nepilogue";

    fn expected_body() -> Vec<Seen> {
        vec![
            Seen::Preamble(b"preamble".to_vec()),
            field("text"),
            data(b"first line\r\nsecond --b0undar line"),
            part(
                "file",
                Some("a.bin"),
                &[
                    (
                        "Content-Disposition",
                        "form-data; name=\"file\"; filename=\"a.bin\"",
                    ),
                    ("Content-Type", "application/octet-stream"),
                ],
            ),
            data(b"\r\n\r\x00\xff\n--"),
            field("empty"),
            data(b""),
            Seen::Epilogue(b"epilogue".to_vec()),
        ]
    }

    #[test]
    fn decodes_a_body_at_once() {
        assert_eq!(decode(b"b0undary", BODY), expected_body());
    }

    #[test]
    fn every_split_gives_the_same_events() {
        for split in 1..BODY.len() {
            let chunks = [split, BODY.len()];
            assert_eq!(
                decode_with(b"b0undary", BODY, &chunks, &DEFAULT),
                expected_body(),
                "split at {split}"
            );
        }
        for size in 1..8 {
            assert_eq!(
                decode_with(b"b0undary", BODY, &[size], &DEFAULT),
                expected_body(),
                "chunks of {size}"
            );
        }
    }

    #[test]
    fn taking_file_data_gives_the_same_events() {
        let mut content = Vec::new();
        for round in 0..40u8 {
            content.extend_from_slice(b"data\r\n--b0undar\r--b0undaryX\n\r");
            content.extend(std::iter::repeat_n(round, usize::from(round)));
        }
        let mut body = BODY.to_vec();
        body.extend_from_slice(
            b"\r\n--b0undary\r\n\
            Content-Disposition: form-data; name=\"big\"; filename=\"b\"\r\n\r\n",
        );
        body.extend_from_slice(&content);
        body.extend_from_slice(b"\r\n--b0undary--\r\n");
        // A BODY that continues: its closing boundary was not the last line.
        let body = body.as_slice();
        for size in (1..40).chain([97, 500, 1000]) {
            let chunks = [size, size + 3, 2 * size];
            let expected = decode_chunks(b"b0undary", body, &chunks, &DEFAULT, false);
            assert_eq!(
                decode_chunks(b"b0undary", body, &chunks, &DEFAULT, true),
                expected,
                "chunks of {size}"
            );
        }
        for split in 1..BODY.len() {
            let chunks = [split, BODY.len()];
            assert_eq!(
                decode_chunks(b"b0undary", BODY, &chunks, &DEFAULT, true),
                expected_body(),
                "split at {split}"
            );
        }
        let mut decoder =
            Decoder::new(b"b0undary", None, None, false).unwrap_or_else(|_| unreachable!());
        decoder.receive_data(b"--b0undary\r\nContent-Disposition: form-data; filename=f\r\n\r\nab");
        while !matches!(decoder.next_event(), Ok(Event::NeedData)) {}
        assert_eq!(decoder.take_file_data(b"cdefghijklmnopqrstuvwxyz"), 24);
        // Only a last line break and a beginning of the delimiter wait.
        assert_eq!(
            decoder.take_file_data(b"cdefghijklmnopqrstu\r\n--b0und"),
            19
        );
        assert_eq!(decoder.take_file_data(b"cdefghijklmnopqrstu\n--b0und"), 19);
        assert_eq!(decoder.take_file_data(b"cdefghijklmnopqrstu\r--b0"), 19);
        assert_eq!(decoder.take_file_data(b"cdefghijklmnopqrstu\r\n"), 19);
        assert_eq!(decoder.take_file_data(b"cdefghijklmnopqrstu\r"), 19);
        assert_eq!(decoder.take_file_data(b"cdefghijklmnopqrstu\r\n\r\n-"), 21);
        assert_eq!(decoder.take_file_data(b"cdefghijklmnopqrstu\r\n--b0x"), 26);
        assert_eq!(decoder.take_file_data(b"cdefghijklmnopqrstu\n\r--"), 20);
        assert_eq!(decoder.take_file_data(b"cd\r\n--b0undary--"), 2);
        decoder.receive_data(b"\r\n--b0undary--");
        assert_eq!(decoder.take_file_data(b"more"), 0);

        // Held-back bytes that the next chunk shows to be data come first.
        let mut decoder =
            Decoder::new(b"b0undary", None, None, false).unwrap_or_else(|_| unreachable!());
        decoder
            .receive_data(b"--b0undary\r\nContent-Disposition: form-data; filename=f\r\n\r\nab\r");
        while !matches!(decoder.next_event(), Ok(Event::NeedData)) {}
        assert_eq!(decoder.take_file_data(b"\n--b0undary--"), 0);
        assert_eq!(decoder.take_file_data(b"cdefghijklmnopqrstuvwxyz"), 24);
        assert_eq!(decoder.last_data(), b"\r");
        assert_eq!(decoder.last_data_offset(), 60);
        assert_eq!(decoder.buffered_len(), 0);
    }

    #[test]
    fn taking_file_data_among_boundary_fragments() {
        // File content made of the bytes a boundary line is made of, so that
        // chunks end in every partial boundary line there is.
        let alphabet = b"\r\n-b0undary x";
        let mut state: u32 = 1;
        let content: Vec<u8> = (0..6000)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                alphabet[(state >> 16) as usize % alphabet.len()]
            })
            .collect();
        let mut body = b"--b0undary\r\nContent-Disposition: form-data; name=\"f\"; \
            filename=\"f\"\r\n\r\n"
            .to_vec();
        body.extend_from_slice(&content);
        body.extend_from_slice(b"\r\n--b0undary--\r\n");
        for size in 1..60 {
            let chunks = [size, size + 7, 3 * size + 1];
            let expected = decode_chunks(b"b0undary", &body, &chunks, &DEFAULT, false);
            assert_eq!(
                decode_chunks(b"b0undary", &body, &chunks, &DEFAULT, true),
                expected,
                "chunks of {size}"
            );
        }
    }

    #[test]
    fn bare_line_breaks() {
        for line_break in ["\n", "\r"] {
            let body = [
                "--x",
                "Content-Disposition: form-data; name=\"a\"",
                "",
                "one",
                "--x",
                "Content-Disposition: form-data; name=\"b\"",
                "",
                "two",
                "--x--",
            ]
            .join(line_break);
            for size in [1, 2, 3, body.len()] {
                assert_eq!(
                    decode_with(b"x", body.as_bytes(), &[size], &DEFAULT),
                    vec![
                        Seen::Preamble(Vec::new()),
                        field("a"),
                        data(b"one"),
                        field("b"),
                        data(b"two"),
                        Seen::Epilogue(Vec::new()),
                    ]
                );
            }
        }
    }

    #[test]
    fn dropped_preamble_and_epilogue() {
        let limits = Limits {
            keep_outer: false,
            ..DEFAULT
        };
        let mut expected = expected_body();
        expected[0] = Seen::Preamble(Vec::new());
        expected[7] = Seen::Epilogue(Vec::new());
        assert_eq!(decode_with(b"b0undary", BODY, &[3], &limits), expected);
    }

    #[test]
    fn empty_body_and_boundary_padding() {
        assert_eq!(
            decode(b"x", b"--x--"),
            vec![Seen::Preamble(Vec::new()), Seen::Epilogue(Vec::new())]
        );
        let body = b"--x \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--x\x0b\r\n\
            Content-Disposition: form-data; name=\"b\"\r\n\r\nw\r\n--x-- \r\n";
        assert_eq!(
            decode_with(b"x", body, &[1], &DEFAULT),
            vec![
                Seen::Preamble(Vec::new()),
                field("a"),
                data(b"v"),
                field("b"),
                data(b"w"),
                Seen::Epilogue(Vec::new()),
            ]
        );
    }

    #[test]
    fn over_long_padding_is_data() {
        let padding = " ".repeat(MAX_BOUNDARY_PADDING + 1);
        let body = format!(
            "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--x{padding}\r\nw\r\n--x--"
        );
        let expected_data = format!("v\r\n--x{padding}\r\nw");
        for size in [1, 100, body.len()] {
            let seen = decode_with(b"x", body.as_bytes(), &[size], &DEFAULT);
            assert_eq!(seen.get(2), Some(&data(expected_data.as_bytes())));
        }
    }

    #[test]
    fn malformed_bodies() {
        let failed =
            |seen: Vec<Seen>| matches!(seen.last(), Some(Seen::Failed(Error::Malformed(_))));
        // No closing boundary.
        assert!(failed(decode(
            b"x",
            b"--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue"
        )));
        // No Content-Disposition.
        assert!(failed(decode(b"x", b"--x\r\nX: y\r\n\r\nvalue\r\n--x--")));
        // Headers that never end.
        assert!(failed(decode(
            b"x",
            b"--x\r\nContent-Disposition: form-data"
        )));
        // Headers that are not UTF-8.
        assert!(failed(decode(b"x", b"--x\r\nA: \xff\r\n\r\nv\r\n--x--")));
        // Another boundary than the body's.
        assert!(failed(decode(b"y", BODY)));
        // A boundary with a line break.
        assert!(failed(decode(b"a\nb", BODY)));
        // Anything after the end.
        let mut decoder = Decoder::new(b"x", None, None, true).unwrap_or_else(|_| unreachable!());
        decoder.receive_data(b"--x--");
        decoder.receive_end();
        assert!(matches!(decoder.next_event(), Ok(Event::Preamble(_))));
        assert!(matches!(decoder.next_event(), Ok(Event::Epilogue(_))));
        assert!(matches!(decoder.next_event(), Err(Error::Malformed(_))));
    }

    #[test]
    fn part_limit() {
        let body = b"--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n\
            --x\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n--x--";
        let limited = |parts| Limits {
            parts: Some(parts),
            ..DEFAULT
        };
        let last = |parts| decode_with(b"x", body, &[7], &limited(parts)).pop();
        assert!(matches!(last(2), Some(Seen::Epilogue(_))));
        assert!(matches!(last(1), Some(Seen::Failed(Error::TooLarge(_)))));
    }

    #[test]
    fn field_size_counts_across_data_events() {
        let field_value = "v".repeat(60);
        let file_value = "f".repeat(200);
        let body = format!(
            "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n{field_value}\r\n\
             --x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f\"\r\n\r\n\
             {file_value}\r\n--x--"
        );
        let limited = |max| Limits {
            field: Some(max),
            ..DEFAULT
        };
        for size in [1, 7, body.len()] {
            // Files do not count; the header sections fit.
            let at_limit = decode_with(b"x", body.as_bytes(), &[size], &limited(60)).pop();
            assert!(
                matches!(at_limit, Some(Seen::Epilogue(_))),
                "chunks of {size}"
            );
            let below = decode_with(b"x", body.as_bytes(), &[size], &limited(59)).pop();
            assert!(matches!(below, Some(Seen::Failed(Error::TooLarge(_)))));
        }
    }

    #[test]
    fn header_size_limit() {
        let header = |len: usize| {
            let filler = "a".repeat(len - "Content-Disposition: form-data; name=\"a\"; x=".len());
            format!(
                "--x\r\nContent-Disposition: form-data; name=\"a\"; x={filler}\r\n\r\nv\r\n--x--"
            )
        };
        let fits = header(MAX_PART_HEADER_SIZE);
        assert!(matches!(
            decode(b"x", fits.as_bytes()).pop(),
            Some(Seen::Epilogue(_))
        ));
        let too_large = header(MAX_PART_HEADER_SIZE + 1);
        for size in [1000, too_large.len()] {
            let seen = decode_with(b"x", too_large.as_bytes(), &[size], &DEFAULT);
            assert!(matches!(
                seen.last(),
                Some(Seen::Failed(Error::TooLarge(_)))
            ));
        }
        // Without the blank line, the limit also ends the wait for one.
        let endless = format!("--x\r\nA: {}", "a".repeat(MAX_PART_HEADER_SIZE));
        let seen = decode_with(b"x", endless.as_bytes(), &[4096], &DEFAULT);
        assert!(matches!(
            seen.last(),
            Some(Seen::Failed(Error::TooLarge(_)))
        ));
    }

    #[test]
    fn header_limits_can_be_changed() {
        let body = |lines: usize, filler: usize| {
            format!(
                "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n{}X: {}\r\n\r\nv\r\n--x--",
                "Y: z\r\n".repeat(lines),
                "a".repeat(filler)
            )
        };
        let outcome =
            |body: &str, limits: &Limits| match decode_with(b"x", body.as_bytes(), &[4096], limits)
                .pop()
            {
                Some(Seen::Epilogue(_)) => "ok",
                Some(Seen::Failed(Error::TooLarge(_))) => "too large",
                _ => "other",
            };
        let many_lines = body(MAX_PART_HEADER_COUNT, 1);
        let long_line = body(0, MAX_PART_HEADER_SIZE);
        assert_eq!(outcome(&many_lines, &DEFAULT), "too large");
        assert_eq!(outcome(&long_line, &DEFAULT), "too large");
        let unlimited = Limits {
            header_size: None,
            header_lines: None,
            ..DEFAULT
        };
        assert_eq!(outcome(&many_lines, &unlimited), "ok");
        assert_eq!(outcome(&body(0, 1 << 20), &unlimited), "ok");
        let tight = Limits {
            header_size: Some(100),
            header_lines: Some(2),
            ..DEFAULT
        };
        assert_eq!(outcome(&body(0, 10), &tight), "ok");
        assert_eq!(outcome(&body(1, 10), &tight), "too large");
        assert_eq!(outcome(&body(0, 100), &tight), "too large");
        // The field limit still bounds the header section without a size limit.
        let by_field = Limits {
            field: Some(1000),
            ..unlimited
        };
        assert_eq!(outcome(&body(0, 999), &by_field), "too large");
    }

    #[test]
    fn header_limit_does_not_depend_on_chunking() {
        // A header section of exactly the limit, with the body cut inside
        // its blank line: bytes of the blank line do not count.
        let header = "Content-Disposition: form-data; name=\"a\"";
        let body = format!("--x\r\n{header}\r\n\r\nv\r\n--x--");
        let limits = Limits {
            header_size: Some(header.len()),
            ..DEFAULT
        };
        let at_once = decode_with(b"x", body.as_bytes(), &[body.len()], &limits);
        assert!(matches!(at_once.last(), Some(Seen::Epilogue(_))));
        for size in 1..body.len() {
            let chunked = decode_with(b"x", body.as_bytes(), &[size], &limits);
            assert_eq!(chunked, at_once, "chunks of {size}");
        }
        let split = format!("--x\r\n{header}\r\n\r");
        let seen = decode_with(b"x", body.as_bytes(), &[split.len(), body.len()], &limits);
        assert_eq!(seen, at_once);
    }

    #[test]
    fn outer_data_limit_when_dropped() {
        let body = |junk: usize| {
            format!(
                "{}\r\n--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--x--\r\n{}",
                "j".repeat(junk),
                "e".repeat(junk)
            )
        };
        let dropped = |outer| Limits {
            keep_outer: false,
            outer,
            ..DEFAULT
        };
        for size in [1, 100, 1 << 20] {
            // No limit: megabytes of junk on either side are skipped.
            let seen = decode_with(b"x", body(1 << 20).as_bytes(), &[size], &dropped(None));
            assert!(matches!(seen.last(), Some(Seen::Epilogue(_))), "{size}");
            let seen = decode_with(b"x", body(500).as_bytes(), &[size], &dropped(Some(1000)));
            assert!(matches!(seen.last(), Some(Seen::Epilogue(_))), "{size}");
            for junk_side in [body(2000), format!("{}{}", body(0), "e".repeat(2000))] {
                let seen = decode_with(b"x", junk_side.as_bytes(), &[size], &dropped(Some(1000)));
                assert!(
                    matches!(seen.last(), Some(Seen::Failed(Error::TooLarge(_)))),
                    "{size}"
                );
            }
        }
    }

    #[test]
    fn long_run_after_a_line_break_is_linear() {
        // A part starting with CR then megabytes without CR or LF
        // (CVE-2023-46136): each byte is scanned a bounded number of times.
        let mut body =
            b"--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f\"\r\n\r\n\r".to_vec();
        body.extend(std::iter::repeat_n(b'a', 4 << 20));
        body.extend_from_slice(b"\r\n--x--");
        let limits = Limits {
            keep_outer: false,
            ..DEFAULT
        };
        let seen = decode_with(b"x", &body, &[64 * 1024], &limits);
        let Some(Seen::Data(file)) = seen.get(2) else {
            unreachable!("no data: {:?}", seen.last())
        };
        assert_eq!(file.len(), 1 + (4 << 20));
    }

    #[test]
    fn last_data() {
        let mut decoder = Decoder::new(b"x", None, None, false).unwrap_or_else(|_| unreachable!());
        decoder.receive_data(b"--x\r\nContent-Disposition: form-data; name=f\r\n\r\nab\r");
        assert!(matches!(decoder.next_event(), Ok(Event::Preamble(_))));
        assert!(matches!(decoder.next_event(), Ok(Event::Part(_))));
        assert!(matches!(
            decoder.next_event(),
            Ok(Event::Data { data: b"ab", .. })
        ));
        assert_eq!(decoder.last_data(), b"ab");
        assert_eq!(decoder.last_data_offset(), 47);
        decoder.receive_data(b"cd\r\n--x--");
        assert_eq!(decoder.last_data(), b"");
        assert!(matches!(
            decoder.next_event(),
            Ok(Event::Data { data: b"\rcd", .. })
        ));
        assert_eq!(decoder.last_data(), b"\rcd");
        // The "\r" held back was the last byte of the first chunk.
        assert_eq!(decoder.last_data_offset(), 49);
    }

    #[test]
    fn charset_of_fields() {
        let with_type = |content_type: &str| Part {
            headers: vec![("Content-Type".to_owned(), content_type.to_owned())],
            name: None,
            filename: None,
        };
        assert_eq!(
            with_type("text/plain; charset=ISO-8859-1").charset(),
            "iso-8859-1"
        );
        assert_eq!(
            with_type("text/plain; charset=\"us-ascii\"").charset(),
            "us-ascii"
        );
        assert_eq!(with_type("text/plain; charset=koi8-r").charset(), "utf-8");
        assert_eq!(with_type("text/plain").charset(), "utf-8");
    }
}
