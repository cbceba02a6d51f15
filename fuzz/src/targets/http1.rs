//! Random bytes as HTTP/1.1 responses and chunked bodies, and random text as
//! the parts of a request head: nothing panics; the end of a head is found
//! the same whether it arrives at once or in pieces, and so is a chunked
//! body decoded; what a parser accepts holds what it promises; and the work
//! stays linear (a leading 0xFF byte: the rest repeated to 64 KiB, as in
//! `rostzeug_fuzz::fuzz_text`).

use crate::LONG_INPUT;
use rostzeug_core::http1::{
    find_head_end, parse_response_head, BodyLength, ChunkStep, ChunkedError, ChunkedFraming,
    RequestHead, MAX_HEADER_LINES,
};

/// Piece sizes taken from the input itself, so that libFuzzer explores
/// the splits too.
fn piece_sizes(data: &[u8]) -> impl FnMut() -> usize + '_ {
    let mut index = 0;
    move || {
        index += 1;
        usize::from(data.get(index % data.len().max(1)).copied().unwrap_or(1) % 16) + 1
    }
}

fn check_head(data: &[u8]) {
    let whole = find_head_end(data, 0);
    // The same search with the bytes arriving in pieces.
    let mut next_size = piece_sizes(data);
    let mut length = 0;
    let mut searched = 0;
    let pieces = loop {
        length = (length + next_size()).min(data.len());
        let found = find_head_end(&data[..length], searched);
        searched = length;
        if !matches!(found, Ok(None)) || length == data.len() {
            break found;
        }
    };
    assert_eq!(whole, pieces);
    let Ok(Some(end)) = whole else {
        return;
    };
    let Ok(head) = parse_response_head(&data[..end]) else {
        return;
    };
    assert!((100..=999).contains(&head.status));
    assert!(head.headers.len() <= MAX_HEADER_LINES);
    assert!(!head
        .reason
        .iter()
        .any(|byte| matches!(byte, b'\r' | b'\n' | 0)));
    for header in &head.headers {
        assert!(!header.name.is_empty());
        assert!(header
            .name
            .iter()
            .all(|&byte| byte.is_ascii_graphic() && byte != b':'));
        assert!(!header
            .value
            .iter()
            .any(|byte| matches!(byte, b'\r' | b'\n' | 0)));
    }
    for request_was_head in [false, true] {
        let Ok(framing) = head.framing(request_was_head) else {
            continue;
        };
        if framing.body == BodyLength::UntilClose {
            assert!(!framing.keep_alive);
        }
        for header in head.relayed_headers(&framing) {
            assert!(!header.name.eq_ignore_ascii_case(b"connection"));
            assert!(!header.name.eq_ignore_ascii_case(b"transfer-encoding"));
        }
    }
}

/// Decodes a chunked body fed in pieces from `next_size`: the data, and
/// where the body ended, or the error.
fn decode_chunked(
    body: &[u8],
    mut next_size: impl FnMut() -> usize,
) -> Result<(Vec<u8>, Option<usize>), ChunkedError> {
    let mut framing = ChunkedFraming::new();
    let mut data = Vec::new();
    let mut position = 0;
    let mut pending = 0usize;
    while position < body.len() {
        let end = (position + next_size()).min(body.len());
        if pending > 0 {
            let take = (end - position).min(pending);
            data.extend_from_slice(&body[position..position + take]);
            pending -= take;
            position += take;
            continue;
        }
        let (taken, step) = framing.feed(&body[position..end])?;
        assert!(taken <= end - position);
        position += taken;
        match step {
            ChunkStep::NeedMore => assert_eq!(position, end),
            ChunkStep::Data(size) => {
                assert!(size > 0);
                pending = usize::try_from(size).unwrap_or(usize::MAX);
            }
            ChunkStep::End => {
                assert!(framing.is_done());
                return Ok((data, Some(position)));
            }
        }
    }
    Ok((data, None))
}

fn check_chunked(body: &[u8]) {
    let whole = decode_chunked(body, || body.len().max(1));
    let pieces = decode_chunked(body, piece_sizes(body));
    match (&whole, &pieces) {
        (Ok(whole), Ok(pieces)) => assert_eq!(whole, pieces),
        // Data before an error depends on where the pieces end.
        (Err(whole), Err(pieces)) => assert_eq!(whole, pieces),
        _ => panic!("{whole:?} at once, {pieces:?} in pieces"),
    }
}

fn check_request(text: &str) {
    let mut parts = text.split('\u{1}');
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return;
    };
    let Ok(mut head) = RequestHead::new(method, target) else {
        return;
    };
    let mut lines = 2;
    while let (Some(name), Some(value)) = (parts.next(), parts.next()) {
        let added = if name.starts_with('_') {
            head.environ_header(name, value)
        } else {
            head.header(name, value)
        };
        lines += usize::from(added.is_ok());
    }
    let bytes = head.finish();
    // Every line ends with CR LF and no value adds one.
    assert_eq!(bytes.iter().filter(|&&byte| byte == b'\n').count(), lines);
    assert_eq!(bytes.iter().filter(|&&byte| byte == b'\r').count(), lines);
    assert!(bytes.ends_with(b"\r\n\r\n"));
}

fn check_linear(rest: &[u8]) {
    if rest.is_empty() {
        return;
    }
    let mut long = b"HTTP/1.1 200 OK\r\n".to_vec();
    while long.len() < LONG_INPUT {
        long.extend_from_slice(rest);
    }
    if let Ok(Some(end)) = find_head_end(&long, 0) {
        if let Ok(head) = parse_response_head(&long[..end]) {
            if let Ok(framing) = head.framing(false) {
                head.relayed_headers(&framing).count();
            }
        }
    }
    let _ = decode_chunked(&long[17..], || 4096);
}

/// Checks one input; panics on a finding.
pub fn run(data: &[u8]) {
    if let Some((&0xFF, rest)) = data.split_first() {
        check_linear(rest);
        return;
    }
    check_head(data);
    check_chunked(data);
    if let Ok(text) = std::str::from_utf8(data) {
        check_request(text);
    }
}
