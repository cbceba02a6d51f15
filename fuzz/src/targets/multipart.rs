//! Random multipart bodies in random chunks: the decoder must never panic,
//! and every chunking must give the same events as the body at once, also
//! when file data is taken straight from the chunks (`take_file_data`),
//! under limits on part headers and on the preamble and epilogue drawn from
//! the input.

use rostzeug_core::multipart::{Decoder, Error, Event, Part, MAX_PART_HEADER_SIZE};

/// Decoder settings drawn from the input's first byte.
#[derive(Clone, Copy)]
struct Settings {
    keep_outer: bool,
    header_size: Option<usize>,
    header_lines: Option<usize>,
    outer: Option<usize>,
}

impl Settings {
    /// `flags` are the first byte's bits above the boundary length; zero
    /// gives the settings every input had before limits were drawn.
    fn from_flags(flags: u8) -> Self {
        let small = usize::from(flags) * 4;
        Settings {
            keep_outer: flags & 8 == 0,
            header_size: match flags & 3 {
                0 => Some(MAX_PART_HEADER_SIZE),
                1 => None,
                _ => Some(small),
            },
            header_lines: if flags & 4 == 0 {
                Some(64)
            } else {
                Some(usize::from(flags >> 3))
            },
            outer: (flags & 16 != 0).then_some(small),
        }
    }
}

#[derive(Debug, PartialEq)]
enum Seen {
    Preamble(Vec<u8>),
    Part(Part),
    Data(Vec<u8>),
    Epilogue(Vec<u8>),
    Failed(Error),
}

/// Decodes `body` in chunks of the sizes `chunk_size` gives, merging the
/// data of each part. Data before an error is left out: how much of it is
/// held back when the body ends early depends on the chunking.
fn decode(
    boundary: &[u8],
    body: &[u8],
    settings: Settings,
    mut chunk_size: impl FnMut() -> usize,
    take: bool,
) -> Vec<Seen> {
    let Ok(mut decoder) = Decoder::new(boundary, Some(4096), Some(64), settings.keep_outer) else {
        return Vec::new();
    };
    decoder.set_part_header_limits(settings.header_size, settings.header_lines);
    decoder.set_outer_limit(settings.outer);
    let mut seen = Vec::new();
    let mut open_data = false;
    let mut rest = body;
    loop {
        if rest.is_empty() {
            decoder.receive_end();
        } else {
            let (mut chunk, after) = rest.split_at(chunk_size().clamp(1, rest.len()));
            let taken = if take {
                decoder.take_file_data(chunk)
            } else {
                0
            };
            if taken > 0 {
                // Held-back bytes released first, then the taken bytes.
                let (file_data, unread) = chunk.split_at(taken);
                let mut data = decoder.last_data().to_vec();
                data.extend_from_slice(file_data);
                match seen.last_mut() {
                    Some(Seen::Data(merged)) if open_data => merged.extend_from_slice(&data),
                    _ => seen.push(Seen::Data(data)),
                }
                open_data = true;
                chunk = unread;
            }
            decoder.receive_data(chunk);
            rest = after;
        }
        loop {
            match decoder.next_event() {
                Err(error) => {
                    if open_data {
                        seen.pop();
                    }
                    seen.push(Seen::Failed(error));
                    return seen;
                }
                Ok(Event::NeedData) => break,
                Ok(Event::Preamble(data)) => seen.push(Seen::Preamble(data.to_vec())),
                Ok(Event::Part(part)) => seen.push(Seen::Part(part)),
                Ok(Event::Data { data, more_data }) => {
                    let data = data.to_vec();
                    assert_eq!(decoder.last_data(), &data[..]);
                    match seen.last_mut() {
                        Some(Seen::Data(merged)) if open_data => merged.extend_from_slice(&data),
                        _ => seen.push(Seen::Data(data)),
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

/// Checks one input; panics on a finding.
pub fn run(input: &[u8]) {
    let [first, seed @ ..] = input else {
        return;
    };
    let boundary_len = usize::from(*first % 8);
    let settings = Settings::from_flags(*first >> 3);
    if seed.len() < 4 + boundary_len {
        return;
    }
    let (seed, rest) = seed.split_at(4);
    let (boundary, body) = rest.split_at(boundary_len);
    let mut state = u32::from_le_bytes([seed[0], seed[1], seed[2], seed[3]]) | 1;
    let random_size = move || {
        // xorshift: cheap, and replays the same splits for the same input.
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        1 + (state % 24) as usize
    };
    let at_once = decode(boundary, body, settings, || usize::MAX, false);
    let chunked = decode(boundary, body, settings, random_size, false);
    assert_eq!(at_once, chunked);
    let taken = decode(boundary, body, settings, random_size, true);
    assert_eq!(at_once, taken);
}
