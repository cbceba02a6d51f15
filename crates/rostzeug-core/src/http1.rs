//! HTTP/1.1 messages as a proxy's client side sees them (RFC 9112): the head
//! of a request it sends, the head of a response it receives, how that
//! response's body is framed, and the framing of a chunked body.
//!
//! Responses are read strictly wherever leniency would let the server make
//! the proxy misjudge where a response ends on a kept-alive connection, or
//! pass on something that the next hop reads differently: folded lines,
//! bare CR, invalid names and values, and conflicting lengths are errors. A
//! line may end with LF alone, as many servers accept.

use std::fmt;

use memchr::memchr;

use crate::header::is_token_byte;
use crate::percent::hex_value;

/// The largest response head (status line and header section) accepted.
pub const MAX_HEAD_SIZE: usize = 64 * 1024;
/// The most header lines a response head, or the trailer section of a
/// chunked body, may have.
pub const MAX_HEADER_LINES: usize = 100;
/// The longest chunk-size line, extensions included.
pub const MAX_CHUNK_LINE: usize = 4096;
/// The most interim (1xx) responses accepted before the final one: a server
/// sending them without end would otherwise hold the reader forever.
pub const MAX_INTERIM_RESPONSES: usize = 16;

/// The headers that describe one connection, never forwarded (RFC 9110
/// section 7.6.1, with the older `Keep-Alive`, `Proxy-*` and `Trailer`),
/// lower-case.
const HOP_BY_HOP: [&[u8]; 8] = [
    b"connection",
    b"keep-alive",
    b"proxy-authenticate",
    b"proxy-authorization",
    b"te",
    b"trailer",
    b"transfer-encoding",
    b"upgrade",
];

// ---------------------------------------------------------------- response head

/// Why a response head is not acceptable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseError {
    /// The response does not start with `HTTP/`.
    NotHttp,
    /// The status line is not `HTTP/1.x` followed by a three-digit status.
    BadStatusLine,
    /// An HTTP version other than 1.x.
    UnsupportedVersion,
    /// The head is larger than [`MAX_HEAD_SIZE`].
    HeadTooLarge,
    /// More than [`MAX_HEADER_LINES`] header lines.
    TooManyHeaders,
    /// A header line that starts with whitespace, continuing the previous
    /// one (obsolete line folding).
    ObsoleteLineFolding,
    /// A header line without a colon, or whose name is not a token.
    BadHeaderName,
    /// A header value with a control character (bare CR and NUL included).
    BadHeaderValue,
    /// A `Content-Length` that is not a number, or values that disagree.
    BadContentLength,
    /// More than [`MAX_INTERIM_RESPONSES`] interim responses.
    TooManyInterimResponses,
}

impl ResponseError {
    /// What was wrong, as a sentence fragment for an error message.
    pub fn message(self) -> &'static str {
        match self {
            Self::NotHttp => "the response does not start with 'HTTP/'",
            Self::BadStatusLine => "the status line is malformed",
            Self::UnsupportedVersion => "the HTTP version is not 1.x",
            Self::HeadTooLarge => "the response head is larger than 64 KiB",
            Self::TooManyHeaders => "the response has more than 100 header lines",
            Self::ObsoleteLineFolding => "a header line is folded onto the next",
            Self::BadHeaderName => "a header line has no valid name",
            Self::BadHeaderValue => "a header value has a control character",
            Self::BadContentLength => "the Content-Length is invalid",
            Self::TooManyInterimResponses => "more than 16 interim (1xx) responses came first",
        }
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.message())
    }
}

impl std::error::Error for ResponseError {}

/// Where the head at the start of `buffer` ends: the index just past the
/// empty line that closes the header section, `Ok(None)` while that line has
/// not arrived.
///
/// `searched` is the length `buffer` had at the previous call for the same
/// head (0 at first), so that a head received in many pieces is scanned
/// once. Fails as soon as the start cannot be a status line or the head
/// outgrows [`MAX_HEAD_SIZE`], so a server sending something else is not
/// waited for.
pub fn find_head_end(buffer: &[u8], searched: usize) -> Result<Option<usize>, ResponseError> {
    let prefix = buffer.get(..5).unwrap_or(buffer);
    if !b"HTTP/".starts_with(prefix) {
        return Err(ResponseError::NotHttp);
    }
    // A line feed found before may be followed by the empty line only now.
    let mut position = searched.saturating_sub(2);
    while let Some(rest) = buffer.get(position..) {
        let Some(offset) = memchr(b'\n', rest) else {
            break;
        };
        let after = position + offset + 1;
        let end = match (buffer.get(after), buffer.get(after + 1)) {
            (Some(b'\n'), _) => Some(after + 1),
            (Some(b'\r'), Some(b'\n')) => Some(after + 2),
            (None, _) | (Some(b'\r'), None) => break,
            _ => None,
        };
        if let Some(end) = end {
            return if end > MAX_HEAD_SIZE {
                Err(ResponseError::HeadTooLarge)
            } else {
                Ok(Some(end))
            };
        }
        position = after;
    }
    if buffer.len() > MAX_HEAD_SIZE {
        Err(ResponseError::HeadTooLarge)
    } else {
        Ok(None)
    }
}

/// One header line of a response, its value without surrounding whitespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header<'a> {
    pub name: &'a [u8],
    pub value: &'a [u8],
}

/// A parsed response head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseHead<'a> {
    /// The minor version of `HTTP/1.x`.
    pub minor_version: u8,
    pub status: u16,
    /// The reason phrase, without surrounding whitespace; may be empty.
    pub reason: &'a [u8],
    pub headers: Vec<Header<'a>>,
}

/// How the body of a response is delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyLength {
    /// No body: the answer to `HEAD`, an interim response, 204 or 304.
    Empty,
    /// `Content-Length` bytes.
    Exactly(u64),
    /// Chunked transfer coding; see [`ChunkedFraming`].
    Chunked,
    /// Everything until the server closes the connection.
    UntilClose,
}

/// The body framing of a response and whether its connection may carry
/// another request once the body has been read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Framing {
    pub body: BodyLength,
    pub keep_alive: bool,
    /// Whether `Content-Length` must not be relayed: the body is framed by
    /// `Transfer-Encoding`, which wins over it.
    pub drop_content_length: bool,
}

/// Splits `input` into lines at LF, each without its line ending; a CR
/// right before the LF belongs to the ending. The last piece (after the last
/// LF) is returned too.
fn lines(input: &[u8]) -> impl Iterator<Item = &[u8]> {
    input
        .split(|&byte| byte == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
}

fn trim_ows(mut value: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = value {
        value = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = value {
        value = rest;
    }
    value
}

/// Whether `byte` may appear in a field value or reason phrase: visible
/// ASCII, space, tab and obs-text.
#[inline]
fn is_field_byte(byte: u8) -> bool {
    (byte >= 0x20 && byte != 0x7F) || byte == b'\t'
}

/// Parses the status line `HTTP/1.x SP status [SP reason]`; more than one
/// space between the parts is accepted.
fn parse_status_line(line: &[u8]) -> Result<(u8, u16, &[u8]), ResponseError> {
    let rest = line.strip_prefix(b"HTTP/").ok_or(ResponseError::NotHttp)?;
    let (major, minor, rest) = match rest {
        [major, b'.', minor, rest @ ..] if major.is_ascii_digit() && minor.is_ascii_digit() => {
            (major - b'0', minor - b'0', rest)
        }
        _ => return Err(ResponseError::BadStatusLine),
    };
    if major != 1 {
        return Err(ResponseError::UnsupportedVersion);
    }
    let status_start = rest
        .iter()
        .position(|&byte| byte != b' ')
        .filter(|&start| start > 0)
        .ok_or(ResponseError::BadStatusLine)?;
    let (status, reason) = match rest.get(status_start..) {
        Some([a, b, c, reason @ ..])
            if a.is_ascii_digit() && b.is_ascii_digit() && c.is_ascii_digit() =>
        {
            let status = u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0');
            (status, reason)
        }
        _ => return Err(ResponseError::BadStatusLine),
    };
    if status < 100 || !matches!(reason.first(), None | Some(b' ')) {
        return Err(ResponseError::BadStatusLine);
    }
    if !reason.iter().all(|&byte| is_field_byte(byte)) {
        return Err(ResponseError::BadStatusLine);
    }
    Ok((minor, status, trim_ows(reason)))
}

/// Parses a complete response head, as delimited by [`find_head_end`]: the
/// status line, the header lines, and the empty line that ends them.
pub fn parse_response_head(head: &[u8]) -> Result<ResponseHead<'_>, ResponseError> {
    if head.len() > MAX_HEAD_SIZE {
        return Err(ResponseError::HeadTooLarge);
    }
    let mut lines = lines(head);
    let (minor_version, status, reason) = parse_status_line(lines.next().unwrap_or_default())?;
    let mut headers = Vec::new();
    for line in lines {
        let Some(&first) = line.first() else {
            // The empty line: the end of the head.
            break;
        };
        if first == b' ' || first == b'\t' {
            return Err(ResponseError::ObsoleteLineFolding);
        }
        if headers.len() == MAX_HEADER_LINES {
            return Err(ResponseError::TooManyHeaders);
        }
        let colon = memchr(b':', line).ok_or(ResponseError::BadHeaderName)?;
        let (name, value) = (line.get(..colon), line.get(colon + 1..));
        let (Some(name), Some(value)) = (name, value) else {
            return Err(ResponseError::BadHeaderName);
        };
        if name.is_empty() || !name.iter().all(|&byte| is_token_byte(byte)) {
            return Err(ResponseError::BadHeaderName);
        }
        if !value.iter().all(|&byte| is_field_byte(byte)) {
            return Err(ResponseError::BadHeaderValue);
        }
        headers.push(Header {
            name,
            value: trim_ows(value),
        });
    }
    Ok(ResponseHead {
        minor_version,
        status,
        reason,
        headers,
    })
}

/// The non-empty items of a comma-separated header value, trimmed.
fn list_items(value: &[u8]) -> impl Iterator<Item = &[u8]> {
    value
        .split(|&byte| byte == b',')
        .map(trim_ows)
        .filter(|item| !item.is_empty())
}

/// Parses a `Content-Length` value: digits, or a list of equal numbers
/// (RFC 9110 section 8.6 lets a recipient take `42, 42` as 42).
fn parse_content_length(value: &[u8]) -> Option<u64> {
    let mut length = None;
    for item in value.split(|&byte| byte == b',').map(trim_ows) {
        if item.is_empty() || item.len() > 19 || !item.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let number = item
            .iter()
            .fold(0u64, |number, digit| number * 10 + u64::from(digit - b'0'));
        if length.is_some_and(|length| length != number) {
            return None;
        }
        length = Some(number);
    }
    length
}

impl ResponseHead<'_> {
    /// Whether this is an interim (1xx) response that a final one follows:
    /// all but `101 Switching Protocols`.
    pub fn is_interim(&self) -> bool {
        (100..200).contains(&self.status) && self.status != 101
    }

    fn values<'s>(&'s self, name: &'s [u8]) -> impl Iterator<Item = &'s [u8]> + 's {
        self.headers
            .iter()
            .filter(move |header| header.name.eq_ignore_ascii_case(name))
            .map(|header| header.value)
    }

    /// The lower-case-insensitive options of the `Connection` headers.
    fn connection_options(&self) -> impl Iterator<Item = &[u8]> {
        self.values(b"connection").flat_map(list_items)
    }

    /// How the body is framed (RFC 9112 section 6.3) and whether the
    /// connection can be reused after it; `request_was_head` when the
    /// request was `HEAD`.
    pub fn framing(&self, request_was_head: bool) -> Result<Framing, ResponseError> {
        let mut close = false;
        let mut keep_alive_option = false;
        for option in self.connection_options() {
            close |= option.eq_ignore_ascii_case(b"close");
            keep_alive_option |= option.eq_ignore_ascii_case(b"keep-alive");
        }
        let mut keep_alive = if self.minor_version == 0 {
            keep_alive_option && !close
        } else {
            !close
        };
        if request_was_head || self.status < 200 || self.status == 204 || self.status == 304 {
            return Ok(Framing {
                body: BodyLength::Empty,
                // After 101 the connection speaks another protocol.
                keep_alive: keep_alive && self.status != 101,
                drop_content_length: false,
            });
        }
        let mut transfer_encoded = false;
        let mut last_coding: &[u8] = b"";
        // `identity`, from older specifications, codes nothing: a header
        // with only that does not override Content-Length.
        let codings = self
            .values(b"transfer-encoding")
            .flat_map(list_items)
            .filter(|coding| !coding.eq_ignore_ascii_case(b"identity"));
        for coding in codings {
            transfer_encoded = true;
            last_coding = coding;
        }
        let mut content_length = None;
        for value in self.values(b"content-length") {
            let length = parse_content_length(value).ok_or(ResponseError::BadContentLength)?;
            if content_length.is_some_and(|known| known != length) {
                return Err(ResponseError::BadContentLength);
            }
            content_length = Some(length);
        }
        let body = if transfer_encoded {
            // Both lengths at once may be an attempt to split responses:
            // the body is read by Transfer-Encoding, and the connection is
            // not trusted with another request.
            keep_alive &= content_length.is_none();
            if last_coding.eq_ignore_ascii_case(b"chunked") {
                BodyLength::Chunked
            } else {
                BodyLength::UntilClose
            }
        } else {
            match content_length {
                Some(length) => BodyLength::Exactly(length),
                None => BodyLength::UntilClose,
            }
        };
        if body == BodyLength::UntilClose {
            keep_alive = false;
        }
        Ok(Framing {
            body,
            keep_alive,
            drop_content_length: transfer_encoded,
        })
    }

    /// The headers to pass on: all but the hop-by-hop ones, those that the
    /// `Connection` headers name, and a `Content-Length` that the framing
    /// says to drop.
    pub fn relayed_headers<'s>(
        &'s self,
        framing: &Framing,
    ) -> impl Iterator<Item = &'s Header<'s>> {
        let listed: Vec<&[u8]> = self.connection_options().collect();
        let drop_content_length = framing.drop_content_length;
        self.headers.iter().filter(move |header| {
            let name = header.name;
            !(HOP_BY_HOP.iter().any(|hop| name.eq_ignore_ascii_case(hop))
                || listed
                    .iter()
                    .any(|option| name.eq_ignore_ascii_case(option))
                || drop_content_length && name.eq_ignore_ascii_case(b"content-length"))
        })
    }
}

/// Appends `name` to `out` with `str.title()` casing: a letter is upper-case
/// when it follows no letter, lower-case otherwise. Header names are tokens,
/// so ASCII casing is all there is.
pub fn push_title_case(name: &[u8], out: &mut Vec<u8>) {
    let mut after_letter = false;
    for &byte in name {
        let is_letter = byte.is_ascii_alphabetic();
        out.push(if !is_letter {
            byte
        } else if after_letter {
            byte.to_ascii_lowercase()
        } else {
            byte.to_ascii_uppercase()
        });
        after_letter = is_letter;
    }
}

// ---------------------------------------------------------------- chunked bodies

/// Why a chunked body is malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkedError {
    /// A chunk size that is not hexadecimal, or larger than 16 hex digits.
    BadChunkSize,
    /// A chunk-size line longer than [`MAX_CHUNK_LINE`], extensions included.
    ChunkLineTooLong,
    /// Chunk data not followed by a line ending, or a bare CR.
    BadLineEnding,
    /// A control character in a chunk extension or trailer line.
    BadCharacter,
    /// A trailer section larger than [`MAX_HEAD_SIZE`] or with more than
    /// [`MAX_HEADER_LINES`] lines.
    TrailersTooLarge,
}

impl ChunkedError {
    /// What was wrong, as a sentence fragment for an error message.
    pub fn message(self) -> &'static str {
        match self {
            Self::BadChunkSize => "a chunk size is not a hexadecimal number",
            Self::ChunkLineTooLong => "a chunk-size line is longer than 4096 bytes",
            Self::BadLineEnding => "a chunk does not end with a line break",
            Self::BadCharacter => "a chunk extension or trailer has a control character",
            Self::TrailersTooLarge => "the trailer section is too large",
        }
    }
}

impl fmt::Display for ChunkedError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.message())
    }
}

impl std::error::Error for ChunkedError {}

/// What the framing of a chunked body asks for next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkStep {
    /// The input is used up within the framing; feed more.
    NeedMore,
    /// This many bytes of chunk data follow (never 0); pass them on, then
    /// feed what comes after them.
    Data(u64),
    /// The last chunk and the trailer section have been read: the body is
    /// complete.
    End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChunkState {
    /// After chunk data: CR LF (or LF) must follow.
    DataEnd,
    /// After chunk data and CR.
    DataEndLf,
    /// The first hex digit of a chunk size.
    SizeStart,
    /// More hex digits.
    Size,
    /// Whitespace after the size.
    SizeSpace,
    /// A chunk extension, up to the line ending.
    Extension,
    /// The CR of a chunk-size line has been read.
    SizeLf,
    /// The start of a trailer line, or of the empty line that ends them.
    TrailerStart,
    /// Inside a trailer line.
    Trailer,
    /// The CR of a trailer line has been read.
    TrailerLf,
    /// The CR of the final empty line has been read.
    FinalLf,
    Done,
}

/// The framing of a chunked body (RFC 9112 section 7.1), read
/// incrementally: chunk-size lines (extensions skipped), the line endings
/// after chunk data, and the trailer section (discarded). The chunk data is
/// not fed through it: [`ChunkStep::Data`] says how much of it comes next.
///
/// Every byte is looked at once, whatever the pieces it arrives in, and
/// each line is bounded, so a server cannot make it buffer or rescan.
#[derive(Debug, Clone)]
pub struct ChunkedFraming {
    state: ChunkState,
    size: u64,
    line_length: usize,
    trailer_bytes: usize,
    trailer_lines: usize,
}

impl Default for ChunkedFraming {
    fn default() -> Self {
        Self::new()
    }
}

impl ChunkedFraming {
    /// The framing of a body, which starts with a chunk-size line.
    pub fn new() -> Self {
        Self {
            state: ChunkState::SizeStart,
            size: 0,
            line_length: 0,
            trailer_bytes: 0,
            trailer_lines: 0,
        }
    }

    /// Whether the whole body has been read.
    pub fn is_done(&self) -> bool {
        self.state == ChunkState::Done
    }

    /// Reads framing from the start of `input`; returns how many bytes it
    /// took and what comes next. After [`ChunkStep::Data`] the data starts
    /// right after the bytes taken; after [`ChunkStep::End`], what follows
    /// belongs to no response. Once done, takes nothing and says `End`.
    pub fn feed(&mut self, input: &[u8]) -> Result<(usize, ChunkStep), ChunkedError> {
        if self.state == ChunkState::Done {
            return Ok((0, ChunkStep::End));
        }
        for (index, &byte) in input.iter().enumerate() {
            if let Some(step) = self.step(byte)? {
                return Ok((index + 1, step));
            }
        }
        Ok((input.len(), ChunkStep::NeedMore))
    }

    /// Takes one byte; returns a step when it ends a chunk-size line or the
    /// body.
    fn step(&mut self, byte: u8) -> Result<Option<ChunkStep>, ChunkedError> {
        use ChunkState::*;
        if matches!(
            self.state,
            SizeStart | Size | SizeSpace | Extension | SizeLf
        ) {
            self.line_length += 1;
            if self.line_length > MAX_CHUNK_LINE {
                return Err(ChunkedError::ChunkLineTooLong);
            }
        }
        if matches!(self.state, TrailerStart | Trailer | TrailerLf | FinalLf) {
            self.trailer_bytes += 1;
            if self.trailer_bytes > MAX_HEAD_SIZE {
                return Err(ChunkedError::TrailersTooLarge);
            }
        }
        match (self.state, byte) {
            (Done, _) => return Ok(Some(ChunkStep::End)),
            (DataEnd, b'\r') => self.state = DataEndLf,
            (DataEnd | DataEndLf, b'\n') => self.start_size_line(),
            (DataEnd | DataEndLf, _) => return Err(ChunkedError::BadLineEnding),
            (SizeStart | Size, _) if hex_value(byte).is_some() => {
                if self.size >> 60 != 0 {
                    // A 17th significant digit: more than u64 holds.
                    return Err(ChunkedError::BadChunkSize);
                }
                self.size = (self.size << 4) | u64::from(hex_value(byte).unwrap_or(0));
                self.state = Size;
            }
            (SizeStart, _) => return Err(ChunkedError::BadChunkSize),
            (Size | SizeSpace, b' ' | b'\t') => self.state = SizeSpace,
            (Size | SizeSpace, b';') => self.state = Extension,
            (Size | SizeSpace | Extension, b'\r') => self.state = SizeLf,
            (Size | SizeSpace | Extension | SizeLf, b'\n') => return Ok(self.end_size_line()),
            (Size | SizeSpace, _) => return Err(ChunkedError::BadChunkSize),
            (Extension, _) if is_field_byte(byte) => {}
            (Extension, _) => return Err(ChunkedError::BadCharacter),
            (SizeLf, _) => return Err(ChunkedError::BadLineEnding),
            (TrailerStart, b'\r') => self.state = FinalLf,
            (TrailerStart | FinalLf, b'\n') => {
                self.state = Done;
                return Ok(Some(ChunkStep::End));
            }
            (TrailerStart, _) => {
                self.trailer_lines += 1;
                if self.trailer_lines > MAX_HEADER_LINES {
                    return Err(ChunkedError::TrailersTooLarge);
                }
                if !is_field_byte(byte) {
                    return Err(ChunkedError::BadCharacter);
                }
                self.state = Trailer;
            }
            (Trailer, b'\r') => self.state = TrailerLf,
            (Trailer | TrailerLf, b'\n') => self.state = TrailerStart,
            (FinalLf | TrailerLf, _) => return Err(ChunkedError::BadLineEnding),
            (Trailer, _) if is_field_byte(byte) => {}
            (Trailer, _) => return Err(ChunkedError::BadCharacter),
        }
        Ok(None)
    }

    fn start_size_line(&mut self) {
        self.state = ChunkState::SizeStart;
        self.size = 0;
        self.line_length = 0;
    }

    fn end_size_line(&mut self) -> Option<ChunkStep> {
        if self.size == 0 {
            self.state = ChunkState::TrailerStart;
            None
        } else {
            self.state = ChunkState::DataEnd;
            Some(ChunkStep::Data(self.size))
        }
    }
}

// ---------------------------------------------------------------- request head

/// Why a request head cannot be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestError {
    /// The method is not a token.
    BadMethod,
    /// The request target is empty or has whitespace or control characters.
    BadTarget,
    /// A header name that is not a token.
    BadHeaderName,
    /// A header value with CR, LF or NUL, which would end the line early.
    LineBreakInValue,
    /// A character above U+00FF, which has no byte in a header.
    NotLatin1,
}

impl RequestError {
    /// What was wrong, as a sentence for an error message.
    pub fn message(self) -> &'static str {
        match self {
            Self::BadMethod => "The request method is not valid.",
            Self::BadTarget => "The request target is not valid.",
            Self::BadHeaderName => "A request header name is not valid.",
            Self::LineBreakInValue => "A request header value contains a line break.",
            Self::NotLatin1 => "A request header value has characters that are not latin-1.",
        }
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.message())
    }
}

impl std::error::Error for RequestError {}

/// A request line and header section being written; every part is checked
/// so that nothing can end a line early or smuggle in another header.
#[derive(Debug, Clone)]
pub struct RequestHead {
    bytes: Vec<u8>,
}

impl RequestHead {
    /// Starts the head with `method target HTTP/1.1`.
    pub fn new(method: &str, target: &str) -> Result<Self, RequestError> {
        if method.is_empty() || !method.bytes().all(is_token_byte) {
            return Err(RequestError::BadMethod);
        }
        if target.is_empty() || !target.bytes().all(|byte| byte > b' ' && byte != 0x7F) {
            return Err(RequestError::BadTarget);
        }
        let mut bytes = Vec::with_capacity(1024);
        bytes.extend_from_slice(method.as_bytes());
        bytes.push(b' ');
        bytes.extend_from_slice(target.as_bytes());
        bytes.extend_from_slice(b" HTTP/1.1\r\n");
        Ok(Self { bytes })
    }

    /// Adds `name: value`; the value is written as latin-1.
    pub fn header(&mut self, name: &str, value: &str) -> Result<(), RequestError> {
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return Err(RequestError::BadHeaderName);
        }
        let start = self.bytes.len();
        self.bytes.extend_from_slice(name.as_bytes());
        self.push_value(value)
            .inspect_err(|_| self.bytes.truncate(start))
    }

    /// Adds the header of a WSGI environ key without its `HTTP_` prefix:
    /// `_` becomes `-` and the name is title-cased (`X_REQUEST_ID` becomes
    /// `X-Request-Id`), as the name a client sent cannot be known.
    pub fn environ_header(&mut self, key: &str, value: &str) -> Result<(), RequestError> {
        if key.is_empty() {
            return Err(RequestError::BadHeaderName);
        }
        let start = self.bytes.len();
        let mut after_letter = false;
        for byte in key.bytes() {
            let byte = if byte == b'_' { b'-' } else { byte };
            if !is_token_byte(byte) {
                self.bytes.truncate(start);
                return Err(RequestError::BadHeaderName);
            }
            let is_letter = byte.is_ascii_alphabetic();
            self.bytes.push(if !is_letter {
                byte
            } else if after_letter {
                byte.to_ascii_lowercase()
            } else {
                byte.to_ascii_uppercase()
            });
            after_letter = is_letter;
        }
        self.push_value(value)
            .inspect_err(|_| self.bytes.truncate(start))
    }

    fn push_value(&mut self, value: &str) -> Result<(), RequestError> {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(b": ");
        let result = if value.is_ascii() {
            if value.bytes().any(|byte| matches!(byte, b'\r' | b'\n' | 0)) {
                Err(RequestError::LineBreakInValue)
            } else {
                self.bytes.extend_from_slice(value.as_bytes());
                Ok(())
            }
        } else {
            self.push_latin1(value)
        };
        match result {
            Ok(()) => {
                self.bytes.extend_from_slice(b"\r\n");
                Ok(())
            }
            Err(error) => {
                self.bytes.truncate(start);
                Err(error)
            }
        }
    }

    fn push_latin1(&mut self, value: &str) -> Result<(), RequestError> {
        let mut not_latin1 = false;
        for character in value.chars() {
            match u8::try_from(u32::from(character)) {
                Ok(b'\r' | b'\n' | 0) => return Err(RequestError::LineBreakInValue),
                Ok(byte) => self.bytes.push(byte),
                // A line break later in the value is the worse error.
                Err(_) => not_latin1 = true,
            }
        }
        if not_latin1 {
            Err(RequestError::NotLatin1)
        } else {
            Ok(())
        }
    }

    /// The head, with the empty line that ends it.
    pub fn finish(mut self) -> Vec<u8> {
        self.bytes.extend_from_slice(b"\r\n");
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &[u8]) -> Result<ResponseHead<'_>, ResponseError> {
        let end = find_head_end(text, 0)?.ok_or(ResponseError::HeadTooLarge)?;
        parse_response_head(&text[..end])
    }

    fn framing(text: &[u8], request_was_head: bool) -> Result<Framing, ResponseError> {
        head(text)?.framing(request_was_head)
    }

    fn relayed(text: &[u8]) -> Vec<(String, String)> {
        let head = head(text).unwrap();
        let framing = head.framing(false).unwrap();
        head.relayed_headers(&framing)
            .map(|header| {
                (
                    String::from_utf8_lossy(header.name).into_owned(),
                    String::from_utf8_lossy(header.value).into_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn finds_the_end_of_the_head() {
        let text = b"HTTP/1.1 200 OK\r\nA: 1\r\n\r\nbody";
        assert_eq!(find_head_end(text, 0), Ok(Some(text.len() - 4)));
        assert_eq!(
            find_head_end(b"HTTP/1.1 200 OK\nA: 1\n\nbody", 0),
            Ok(Some(22))
        );
        assert_eq!(find_head_end(b"HTTP/1.1 200 OK\r\n\r\n", 0), Ok(Some(19)));
        assert_eq!(find_head_end(b"HTTP/1.1 200 OK\r\nA: 1\r\n", 0), Ok(None));
        assert_eq!(find_head_end(b"HTTP/1.1 200 OK\r\nA: 1\r\n\r", 0), Ok(None));
        assert_eq!(find_head_end(b"HTT", 0), Ok(None));
        assert_eq!(find_head_end(b"", 0), Ok(None));
    }

    #[test]
    fn finds_the_end_whatever_the_pieces() {
        let text = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX: y\r\n\r\nok";
        let expected = text.len() - 2;
        for step in 1..text.len() {
            let mut searched = 0;
            let mut found = None;
            let mut length = 0;
            while found.is_none() && length < text.len() {
                length = (length + step).min(text.len());
                found = find_head_end(&text[..length], searched).unwrap();
                searched = length;
            }
            assert_eq!(found, Some(expected), "pieces of {step}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_response_early() {
        assert_eq!(find_head_end(b"SSH-2.0", 0), Err(ResponseError::NotHttp));
        assert_eq!(find_head_end(b"<html>", 0), Err(ResponseError::NotHttp));
        assert_eq!(find_head_end(b"\r\n\r\n", 0), Err(ResponseError::NotHttp));
        assert_eq!(find_head_end(b"HTTX", 0), Err(ResponseError::NotHttp));
    }

    #[test]
    fn bounds_the_head() {
        let mut text = b"HTTP/1.1 200 OK\r\n".to_vec();
        while text.len() <= MAX_HEAD_SIZE {
            text.extend_from_slice(b"X-Filler: 0123456789\r\n");
        }
        assert_eq!(find_head_end(&text, 0), Err(ResponseError::HeadTooLarge));
        text.extend_from_slice(b"\r\n");
        assert_eq!(find_head_end(&text, 0), Err(ResponseError::HeadTooLarge));
        assert_eq!(parse_response_head(&text), Err(ResponseError::HeadTooLarge));
    }

    #[test]
    fn parses_status_line_and_headers() {
        let parsed = head(b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nX-Empty:\r\nX-Pad: \t a b \t\r\n\r\n").unwrap();
        assert_eq!(parsed.minor_version, 1);
        assert_eq!(parsed.status, 404);
        assert_eq!(parsed.reason, b"Not Found");
        assert_eq!(
            parsed.headers,
            vec![
                Header {
                    name: b"Content-Type",
                    value: b"text/plain"
                },
                Header {
                    name: b"X-Empty",
                    value: b""
                },
                Header {
                    name: b"X-Pad",
                    value: b"a b"
                },
            ]
        );
    }

    #[test]
    fn accepts_lenient_status_lines() {
        let parsed = head(b"HTTP/1.0 200\r\n\r\n").unwrap();
        assert_eq!(
            (parsed.minor_version, parsed.status, parsed.reason),
            (0, 200, &b""[..])
        );
        let parsed = head(b"HTTP/1.1  201  Created \r\n\r\n").unwrap();
        assert_eq!((parsed.status, parsed.reason), (201, &b"Created"[..]));
        let parsed = head(b"HTTP/1.1 200 \xc4rger\n\n").unwrap();
        assert_eq!(parsed.reason, b"\xc4rger");
    }

    #[test]
    fn refuses_malformed_status_lines() {
        for line in [
            &b"HTTP/1.1\r\n\r\n"[..],
            b"HTTP/1.1 20\r\n\r\n",
            b"HTTP/1.1 2000 OK\r\n\r\n",
            b"HTTP/1.1 abc OK\r\n\r\n",
            b"HTTP/1.1 099 Low\r\n\r\n",
            b"HTTP/1.1200 OK\r\n\r\n",
            b"HTTP/1 200 OK\r\n\r\n",
            b"HTTP/1.1 200 O\x00K\r\n\r\n",
            b"HTTP/1.1 200 O\rK\r\n\r\n",
        ] {
            assert_eq!(
                head(line).map(|_| ()),
                Err(ResponseError::BadStatusLine),
                "{line:?}"
            );
        }
        assert_eq!(
            head(b"HTTP/2.0 200 OK\r\n\r\n").map(|_| ()),
            Err(ResponseError::UnsupportedVersion)
        );
        assert_eq!(
            head(b"HTTP/0.9 200 OK\r\n\r\n").map(|_| ()),
            Err(ResponseError::UnsupportedVersion)
        );
    }

    #[test]
    fn refuses_malformed_header_lines() {
        let cases: [(&[u8], ResponseError); 8] = [
            (
                b"HTTP/1.1 200 OK\r\nA: 1\r\n continued\r\n\r\n",
                ResponseError::ObsoleteLineFolding,
            ),
            (
                b"HTTP/1.1 200 OK\r\n\tA: 1\r\n\r\n",
                ResponseError::ObsoleteLineFolding,
            ),
            (
                b"HTTP/1.1 200 OK\r\nNo colon\r\n\r\n",
                ResponseError::BadHeaderName,
            ),
            (
                b"HTTP/1.1 200 OK\r\n: empty\r\n\r\n",
                ResponseError::BadHeaderName,
            ),
            (
                b"HTTP/1.1 200 OK\r\nA B: 1\r\n\r\n",
                ResponseError::BadHeaderName,
            ),
            (
                b"HTTP/1.1 200 OK\r\nName : 1\r\n\r\n",
                ResponseError::BadHeaderName,
            ),
            (
                b"HTTP/1.1 200 OK\r\nA: 1\r2\r\n\r\n",
                ResponseError::BadHeaderValue,
            ),
            (
                b"HTTP/1.1 200 OK\r\nA: \x001\r\n\r\n",
                ResponseError::BadHeaderValue,
            ),
        ];
        for (text, error) in cases {
            assert_eq!(head(text).map(|_| ()), Err(error), "{text:?}");
        }
    }

    #[test]
    fn bounds_the_header_lines() {
        let mut text = b"HTTP/1.1 200 OK\r\n".to_vec();
        for _ in 0..MAX_HEADER_LINES {
            text.extend_from_slice(b"A: 1\r\n");
        }
        let mut exact = text.clone();
        exact.extend_from_slice(b"\r\n");
        assert_eq!(head(&exact).unwrap().headers.len(), MAX_HEADER_LINES);
        text.extend_from_slice(b"A: 1\r\n\r\n");
        assert_eq!(head(&text).map(|_| ()), Err(ResponseError::TooManyHeaders));
    }

    #[test]
    fn frames_bodies() {
        let chunked = BodyLength::Chunked;
        let cases: [(&[u8], bool, BodyLength, bool); 14] = [
            (
                b"HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n",
                false,
                BodyLength::Exactly(12),
                true,
            ),
            (
                b"HTTP/1.1 200 OK\r\nContent-Length: 12, 12\r\nContent-Length: 12\r\n\r\n",
                false,
                BodyLength::Exactly(12),
                true,
            ),
            (
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                false,
                chunked,
                true,
            ),
            (
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: Chunked\r\n\r\n",
                false,
                chunked,
                true,
            ),
            (
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
                false,
                BodyLength::UntilClose,
                false,
            ),
            (
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n",
                false,
                chunked,
                false,
            ),
            (
                b"HTTP/1.1 200 OK\r\n\r\n",
                false,
                BodyLength::UntilClose,
                false,
            ),
            (
                b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\n",
                false,
                BodyLength::Exactly(5),
                false,
            ),
            (
                b"HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\n",
                false,
                BodyLength::Exactly(5),
                false,
            ),
            (
                b"HTTP/1.0 200 OK\r\nContent-Length: 5\r\nConnection: Keep-Alive\r\n\r\n",
                false,
                BodyLength::Exactly(5),
                true,
            ),
            (
                b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n",
                true,
                BodyLength::Empty,
                true,
            ),
            (
                b"HTTP/1.1 304 Not Modified\r\nContent-Length: 500\r\n\r\n",
                false,
                BodyLength::Empty,
                true,
            ),
            (
                b"HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n",
                false,
                BodyLength::Empty,
                true,
            ),
            (
                b"HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: x\r\n\r\n",
                false,
                BodyLength::Empty,
                false,
            ),
        ];
        for (text, request_was_head, body, keep_alive) in cases {
            let framing = framing(text, request_was_head).unwrap();
            assert_eq!(
                (framing.body, framing.keep_alive),
                (body, keep_alive),
                "{text:?}"
            );
        }
    }

    #[test]
    fn identity_coding_leaves_the_length() {
        let text = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\nContent-Length: 3\r\n\r\n";
        let found = framing(text, false).unwrap();
        assert_eq!(found.body, BodyLength::Exactly(3));
        assert!(found.keep_alive && !found.drop_content_length);
        let text = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: identity, chunked\r\n\r\n";
        assert_eq!(framing(text, false).unwrap().body, BodyLength::Chunked);
    }

    #[test]
    fn refuses_invalid_content_lengths() {
        for value in [
            &b"-1"[..],
            b"+5",
            b"0x10",
            b"1_0",
            b"5, 6",
            b"",
            b"5,",
            b"99999999999999999999",
        ] {
            let mut text = b"HTTP/1.1 200 OK\r\nContent-Length: ".to_vec();
            text.extend_from_slice(value);
            text.extend_from_slice(b"\r\n\r\n");
            assert_eq!(
                framing(&text, false),
                Err(ResponseError::BadContentLength),
                "{value:?}"
            );
        }
        assert_eq!(
            framing(
                b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
                false
            ),
            Err(ResponseError::BadContentLength)
        );
        assert_eq!(
            framing(
                b"HTTP/1.1 200 OK\r\nContent-Length: 9999999999999999999\r\n\r\n",
                false
            )
            .map(|framing| framing.body),
            Ok(BodyLength::Exactly(9_999_999_999_999_999_999))
        );
    }

    #[test]
    fn interim_responses() {
        assert!(head(b"HTTP/1.1 100 Continue\r\n\r\n").unwrap().is_interim());
        assert!(head(b"HTTP/1.1 103 Early Hints\r\n\r\n")
            .unwrap()
            .is_interim());
        assert!(!head(b"HTTP/1.1 101 Switching\r\n\r\n")
            .unwrap()
            .is_interim());
        assert!(!head(b"HTTP/1.1 200 OK\r\n\r\n").unwrap().is_interim());
    }

    #[test]
    fn relays_end_to_end_headers_only() {
        let text = b"HTTP/1.1 200 OK\r\nConnection: X-Internal, close\r\nconnection: x-other\r\nX-Internal: 1\r\nX-OTHER: 2\r\nKeep-Alive: timeout=5\r\nX-Visible: 3\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\nSet-Cookie: a\r\nSet-Cookie: b\r\n\r\n";
        assert_eq!(
            relayed(text),
            [("X-Visible", "3"), ("Set-Cookie", "a"), ("Set-Cookie", "b")]
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
        );
        let text = b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\nUpgrade: x\r\nTE: y\r\nTrailer: z\r\nProxy-Authenticate: w\r\n\r\n";
        assert_eq!(
            relayed(text),
            [("Content-Length".to_owned(), "4".to_owned())]
        );
    }

    #[test]
    fn title_cases_like_python() {
        for (name, expected) in [
            ("content-type", "Content-Type"),
            ("X-UA-COMPATIBLE", "X-Ua-Compatible"),
            ("x-1a2b", "X-1A2B"),
            ("www-authenticate", "Www-Authenticate"),
            ("a.b_c", "A.B_C"),
        ] {
            let mut out = Vec::new();
            push_title_case(name.as_bytes(), &mut out);
            assert_eq!(out, expected.as_bytes());
        }
    }

    /// Decodes a chunked body fed in pieces of `step` bytes; returns the
    /// data and what follows the body.
    fn decode(body: &[u8], step: usize) -> Result<(Vec<u8>, Vec<u8>), ChunkedError> {
        let mut framing = ChunkedFraming::new();
        let mut data = Vec::new();
        let mut position = 0;
        let mut pending: u64 = 0;
        while position < body.len() {
            let end = (position + step).min(body.len());
            if pending > 0 {
                let take = (end - position).min(pending as usize);
                data.extend_from_slice(&body[position..position + take]);
                pending -= take as u64;
                position += take;
                continue;
            }
            let (taken, next) = framing.feed(&body[position..end])?;
            position += taken;
            match next {
                ChunkStep::NeedMore => {}
                ChunkStep::Data(size) => pending = size,
                ChunkStep::End => return Ok((data, body[position..].to_vec())),
            }
        }
        Err(ChunkedError::BadLineEnding)
    }

    #[test]
    fn decodes_chunked_bodies_in_any_pieces() {
        let body = b"5\r\nhello\r\n1A;name=value;x=\"q\"\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nTrailer: 1\r\nOther: 2\r\n\r\nnext";
        for step in 1..body.len() {
            let (data, rest) = decode(body, step).unwrap_or_else(|e| panic!("{step}: {e:?}"));
            assert_eq!(data, b"helloabcdefghijklmnopqrstuvwxyz");
            assert_eq!(rest, b"next");
        }
        assert_eq!(decode(b"0\r\n\r\n", 1).unwrap(), (vec![], vec![]));
        assert_eq!(decode(b"3  \nabc\n0\n\n", 2).unwrap().0, b"abc");
        assert_eq!(
            decode(b"10000000000000000 ;x\r\n", 99),
            Err(ChunkedError::BadChunkSize)
        );
        assert_eq!(
            decode(b"0000000000000000000003\r\nabc\r\n0\r\n\r\n", 5)
                .unwrap()
                .0,
            b"abc"
        );
        assert_eq!(
            decode(b"000000000000000f\r\n0123456789abcde\r\n0\r\n\r\n", 7)
                .unwrap()
                .0,
            b"0123456789abcde"
        );
    }

    #[test]
    fn refuses_bad_chunked_framing() {
        let cases: [(&[u8], ChunkedError); 9] = [
            (b"x\r\n", ChunkedError::BadChunkSize),
            (b"\r\n", ChunkedError::BadChunkSize),
            (b"-1\r\n", ChunkedError::BadChunkSize),
            (b"0x5\r\n", ChunkedError::BadChunkSize),
            (b"5 5\r\n", ChunkedError::BadChunkSize),
            (b"5\r\nhelloX\r\n", ChunkedError::BadLineEnding),
            (b"5\rX", ChunkedError::BadLineEnding),
            (b"5;a\x01\r\n", ChunkedError::BadCharacter),
            (b"0\r\nA: \x00\r\n\r\n", ChunkedError::BadCharacter),
        ];
        for (body, error) in cases {
            assert_eq!(decode(body, 3).map(|_| ()), Err(error), "{body:?}");
        }
        let mut long = b"5;".to_vec();
        long.resize(MAX_CHUNK_LINE + 10, b'x');
        assert_eq!(
            decode(&long, 100).map(|_| ()),
            Err(ChunkedError::ChunkLineTooLong)
        );
        let mut trailers = b"0\r\n".to_vec();
        for _ in 0..=MAX_HEADER_LINES {
            trailers.extend_from_slice(b"A: 1\r\n");
        }
        assert_eq!(
            decode(&trailers, 100).map(|_| ()),
            Err(ChunkedError::TrailersTooLarge)
        );
        let mut big = b"0\r\nA: ".to_vec();
        big.resize(MAX_HEAD_SIZE + 10, b'x');
        assert_eq!(
            decode(&big, 1000).map(|_| ()),
            Err(ChunkedError::TrailersTooLarge)
        );
    }

    #[test]
    fn done_framing_takes_nothing() {
        let mut framing = ChunkedFraming::new();
        assert_eq!(framing.feed(b"0\r\n\r\nrest"), Ok((5, ChunkStep::End)));
        assert!(framing.is_done());
        assert_eq!(framing.feed(b"rest"), Ok((0, ChunkStep::End)));
    }

    #[test]
    fn writes_checked_request_heads() {
        let mut head = RequestHead::new("GET", "/a?b=c").unwrap();
        head.header("Host", "example.com").unwrap();
        head.environ_header("X_REQUEST_ID", "caf\u{e9}").unwrap();
        head.environ_header("ACCEPT", "").unwrap();
        assert_eq!(
            head.finish(),
            b"GET /a?b=c HTTP/1.1\r\nHost: example.com\r\nX-Request-Id: caf\xe9\r\nAccept: \r\n\r\n"
        );
    }

    #[test]
    fn refuses_what_would_break_a_request_head() {
        assert_eq!(
            RequestHead::new("GE T", "/").map(|_| ()),
            Err(RequestError::BadMethod)
        );
        assert_eq!(
            RequestHead::new("", "/").map(|_| ()),
            Err(RequestError::BadMethod)
        );
        assert_eq!(
            RequestHead::new("GET", "/a b").map(|_| ()),
            Err(RequestError::BadTarget)
        );
        assert_eq!(
            RequestHead::new("GET", "/\r\n").map(|_| ()),
            Err(RequestError::BadTarget)
        );
        let mut head = RequestHead::new("GET", "/").unwrap();
        assert_eq!(head.header("X Y", "1"), Err(RequestError::BadHeaderName));
        assert_eq!(head.header("", "1"), Err(RequestError::BadHeaderName));
        assert_eq!(
            head.environ_header("X:Y", "1"),
            Err(RequestError::BadHeaderName)
        );
        assert_eq!(
            head.environ_header("\u{e9}", "1"),
            Err(RequestError::BadHeaderName)
        );
        assert_eq!(
            head.header("X", "a\r\nB: 1"),
            Err(RequestError::LineBreakInValue)
        );
        assert_eq!(head.header("X", "a\0"), Err(RequestError::LineBreakInValue));
        assert_eq!(
            head.header("X", "\u{e9}\n"),
            Err(RequestError::LineBreakInValue)
        );
        assert_eq!(
            head.header("X", "\u{20ac}\n"),
            Err(RequestError::LineBreakInValue)
        );
        assert_eq!(
            head.environ_header("X", "\u{20ac}"),
            Err(RequestError::NotLatin1)
        );
        // Nothing of a refused header is left behind.
        assert_eq!(head.finish(), b"GET / HTTP/1.1\r\n\r\n");
    }
}
