//! `User-Agent` strings: the platform, browser, version and language that
//! Werkzeug's parsing user agent (last shipped in Werkzeug 2.0) reported.
//!
//! Werkzeug looked for keywords with case-insensitive regular expressions,
//! in a fixed order, and the first keyword found named the result. This
//! module gives the same answers without a regular expression engine: the
//! string is folded once into one byte per character; one pass over that copy
//! finds the platform and the language, another the browser and its version,
//! so the work stays linear in the input whatever it holds.
//!
//! Folding follows Python's case-insensitive Unicode matching: ASCII letters
//! match either case, `İ` and `ı` match `i`, `ſ` matches `s` and the Kelvin
//! sign matches `k`. Python's character classes are kept too: `\x1c`-`\x1f`,
//! `\x85` and `\xa0` are white space, `²` is a word character but no digit.
//! The tables of digits and word characters are Python 3.11's (Unicode 14).

mod tables;

use std::sync::OnceLock;

/// The operating system a user agent names, in the order they are tested:
/// the first one found in the string wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    ChromeOs,
    Iphone,
    Ipad,
    MacOs,
    Windows,
    Android,
    NetBsd,
    OpenBsd,
    FreeBsd,
    DragonflyBsd,
    Solaris,
    Linux,
    Wii,
    Irix,
    HpUx,
    Aix,
    Sco,
    Bsd,
    Amiga,
    Blackberry,
    Symbian,
}

impl Platform {
    /// Every platform, in the order they are tested.
    pub const ALL: [Platform; 21] = [
        Platform::ChromeOs,
        Platform::Iphone,
        Platform::Ipad,
        Platform::MacOs,
        Platform::Windows,
        Platform::Android,
        Platform::NetBsd,
        Platform::OpenBsd,
        Platform::FreeBsd,
        Platform::DragonflyBsd,
        Platform::Solaris,
        Platform::Linux,
        Platform::Wii,
        Platform::Irix,
        Platform::HpUx,
        Platform::Aix,
        Platform::Sco,
        Platform::Bsd,
        Platform::Amiga,
        Platform::Blackberry,
        Platform::Symbian,
    ];

    /// The name Werkzeug gave it.
    pub fn name(self) -> &'static str {
        match self {
            Platform::ChromeOs => "chromeos",
            Platform::Iphone => "iphone",
            Platform::Ipad => "ipad",
            Platform::MacOs => "macos",
            Platform::Windows => "windows",
            Platform::Android => "android",
            Platform::NetBsd => "netbsd",
            Platform::OpenBsd => "openbsd",
            Platform::FreeBsd => "freebsd",
            Platform::DragonflyBsd => "dragonflybsd",
            Platform::Solaris => "solaris",
            Platform::Linux => "linux",
            Platform::Wii => "wii",
            Platform::Irix => "irix",
            Platform::HpUx => "hpux",
            Platform::Aix => "aix",
            Platform::Sco => "sco",
            Platform::Bsd => "bsd",
            Platform::Amiga => "amiga",
            Platform::Blackberry => "blackberry",
            Platform::Symbian => "symbian",
        }
    }
}

/// The browser (or robot, or library) a user agent names, in the order they
/// are tested: the first one found wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Browser {
    Google,
    Msn,
    Yahoo,
    Ask,
    Aol,
    Opera,
    Edge,
    Chrome,
    Seamonkey,
    Firefox,
    Galeon,
    Safari,
    Webkit,
    Camino,
    Konqueror,
    Kmeleon,
    Netscape,
    Msie,
    Lynx,
    Links,
    Baidu,
    Bing,
    Mozilla,
}

impl Browser {
    /// Every browser, in the order they are tested.
    pub const ALL: [Browser; 23] = [
        Browser::Google,
        Browser::Msn,
        Browser::Yahoo,
        Browser::Ask,
        Browser::Aol,
        Browser::Opera,
        Browser::Edge,
        Browser::Chrome,
        Browser::Seamonkey,
        Browser::Firefox,
        Browser::Galeon,
        Browser::Safari,
        Browser::Webkit,
        Browser::Camino,
        Browser::Konqueror,
        Browser::Kmeleon,
        Browser::Netscape,
        Browser::Msie,
        Browser::Lynx,
        Browser::Links,
        Browser::Baidu,
        Browser::Bing,
        Browser::Mozilla,
    ];

    /// The name Werkzeug gave it.
    pub fn name(self) -> &'static str {
        match self {
            Browser::Google => "google",
            Browser::Msn => "msn",
            Browser::Yahoo => "yahoo",
            Browser::Ask => "ask",
            Browser::Aol => "aol",
            Browser::Opera => "opera",
            Browser::Edge => "edge",
            Browser::Chrome => "chrome",
            Browser::Seamonkey => "seamonkey",
            Browser::Firefox => "firefox",
            Browser::Galeon => "galeon",
            Browser::Safari => "safari",
            Browser::Webkit => "webkit",
            Browser::Camino => "camino",
            Browser::Konqueror => "konqueror",
            Browser::Kmeleon => "kmeleon",
            Browser::Netscape => "netscape",
            Browser::Msie => "msie",
            Browser::Lynx => "lynx",
            Browser::Links => "links",
            Browser::Baidu => "baidu",
            Browser::Bing => "bing",
            Browser::Mozilla => "mozilla",
        }
    }
}

/// What a user agent string says, each part None when it was not found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UserAgentInfo<'a> {
    pub platform: Option<Platform>,
    pub browser: Option<Browser>,
    /// The version after the browser's keyword, a slice of the input.
    pub version: Option<&'a str>,
    /// A two-letter language tag, with an optional two-character region
    /// (`en`, `en-US`), a slice of the input.
    pub language: Option<&'a str>,
}

/// Parses a `User-Agent` value as Werkzeug 2.0 did, with the corrections
/// listed in the module documentation of `rostzeug.useragents`:
///
/// - the robots Werkzeug knows (Googlebot, msnbot, Baiduspider, bingbot)
///   are named wherever their keyword is, also when a browser product
///   follows their comment;
/// - Firefox and Opera for iOS (`FxiOS/`, `OPiOS/`) are `firefox` and
///   `opera`, as Chrome and Edge for iOS (`CriOS/`, `EdgiOS/`) already were,
///   not the `safari` of the WebKit they embed;
/// - a language starts with two letters and is not `wv` (Android's WebView
///   marker): Werkzeug took `Android 13;` for the language `13`.
pub fn parse(value: &str) -> UserAgentInfo<'_> {
    parse_with(value, true)
}

/// Parses a `User-Agent` value exactly as Werkzeug 2.0 did, without the
/// corrections of [`parse`].
pub fn parse_werkzeug_2_0(value: &str) -> UserAgentInfo<'_> {
    parse_with(value, false)
}

fn parse_with(value: &str, corrected: bool) -> UserAgentInfo<'_> {
    let ascii = value.is_ascii();
    // Folded, then padded with zeros (which no keyword holds), so that the
    // 16 bytes from any position can be read at once.
    let mut padded: Vec<u8> = Vec::with_capacity(value.len() + PADDING);
    if ascii {
        padded.extend(value.bytes().map(|b| b.to_ascii_lowercase()));
    } else {
        padded.extend(value.chars().map(fold));
    }
    let length = padded.len();
    padded.resize(length + PADDING, 0);
    let text = Text {
        bytes: padded.get(..length).unwrap_or_default(),
        padded: &padded,
    };
    let folded = text.bytes;
    let original = Original {
        original: value,
        length,
        ascii,
    };

    let whole = scan(&text, corrected);

    // The browser keyword is looked for after the last `)`, where products
    // follow the comment, unless the string is an IE 11 style `Trident/...
    // rv:` one, whose keyword is in the comment, or ends with the `)`.
    let trident = find_trident(folded);
    let mut start = 0;
    if trident.is_none() && folded.last() != Some(&b')') {
        if let Some(position) = memchr::memrchr(b')', folded) {
            start = position;
        }
    }
    let mut found = find_browser(&text, start, trident);
    if corrected {
        if let Some(correction) = whole.correction(found.map(|(browser, _)| browser)) {
            found = Some(correction);
        }
    }
    let (browser, version) = match found {
        Some((browser, end)) => (Some(browser), find_version(folded, end)),
        None => (None, None),
    };
    let platform = Platform::ALL
        .get(whole.platforms.trailing_zeros() as usize)
        .copied();
    let language = whole.language;

    UserAgentInfo {
        platform,
        browser,
        version: version.and_then(|(from, to)| original.slice(from, to)),
        language: language.and_then(|(from, to)| original.slice(from, to)),
    }
}

// ---------------------------------------------------------------- folding

/// Folded class of a non-ASCII white space character.
const SPACE: u8 = 0x80;
/// Folded class of a non-ASCII decimal digit.
const DIGIT: u8 = 0x81;
/// Folded class of any other non-ASCII word character.
const WORD: u8 = 0x82;
/// Folded class of every other non-ASCII character.
const OTHER: u8 = 0x83;

/// One byte per character: ASCII lowercased, the characters that Python's
/// case-insensitive matching equates with an ASCII letter as that letter,
/// any other character as its class.
fn fold(c: char) -> u8 {
    if c.is_ascii() {
        return (c as u8).to_ascii_lowercase();
    }
    match c {
        '\u{130}' | '\u{131}' => b'i',
        '\u{17f}' => b's',
        '\u{212a}' => b'k',
        '\u{85}'
        | '\u{a0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200a}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{202f}'
        | '\u{205f}'
        | '\u{3000}' => SPACE,
        c if in_runs(&tables::DECIMAL_RUNS, c) => DIGIT,
        c if in_runs(&tables::WORD_RUNS, c) => WORD,
        _ => OTHER,
    }
}

/// Whether `c` is in one of `runs` (sorted, inclusive ranges).
fn in_runs(runs: &[(u32, u32)], c: char) -> bool {
    let c = u32::from(c);
    let after = runs.partition_point(|&(first, _)| first <= c);
    after
        .checked_sub(1)
        .and_then(|index| runs.get(index))
        .is_some_and(|&(_, last)| c <= last)
}

/// A byte's classes, one bit each, looked up in [`CLASSES`]: testing the
/// ranges at every position cost more than the rest of a pass.
const SPACE_CLASS: u8 = 1;
const DIGIT_CLASS: u8 = 2;
const WORD_CLASS: u8 = 4;
const START: u8 = 8;
/// What a language tag's opening starts with: white space, `;`, `(`, `[`.
const OPENING: u8 = 16;

/// [`SPACE_CLASS`], [`DIGIT_CLASS`], [`WORD_CLASS`] and [`START`] of every
/// folded byte.
static CLASSES: [u8; 256] = {
    let mut classes = [0u8; 256];
    let mut slots: &mut [u8] = &mut classes;
    let mut byte = 0u8;
    while let [slot, rest @ ..] = slots {
        let mut class = 0;
        // Python's `\s`.
        if matches!(byte, b'\t'..=b'\r' | 0x1c..=b' ' | SPACE) {
            class |= SPACE_CLASS | START | OPENING;
        }
        // Python's `\d`.
        if byte.is_ascii_digit() || byte == DIGIT {
            class |= DIGIT_CLASS;
        }
        // Python's `\w`.
        if byte.is_ascii_alphanumeric() || matches!(byte, b'_' | DIGIT | WORD) {
            class |= WORD_CLASS;
        }
        if byte.is_ascii_lowercase() {
            class |= START;
        }
        if matches!(byte, b';' | b'(' | b'[') {
            class |= START | OPENING;
        }
        *slot = class;
        slots = rest;
        byte = byte.wrapping_add(1);
    }
    classes
};

#[inline(always)]
fn class(b: u8) -> u8 {
    CLASSES.get(usize::from(b)).copied().unwrap_or(0)
}

/// Python's `\s`.
#[inline(always)]
fn is_space(b: u8) -> bool {
    class(b) & SPACE_CLASS != 0
}

/// Python's `\d`.
#[inline(always)]
fn is_digit(b: u8) -> bool {
    class(b) & DIGIT_CLASS != 0
}

/// Python's `\w`.
#[inline(always)]
fn is_word(b: u8) -> bool {
    class(b) & WORD_CLASS != 0
}

/// The input, to turn positions in the folded text (one byte per
/// character) back into slices of it.
struct Original<'a> {
    original: &'a str,
    /// The number of characters.
    length: usize,
    ascii: bool,
}

impl<'a> Original<'a> {
    fn slice(&self, from: usize, to: usize) -> Option<&'a str> {
        if self.ascii {
            return self.original.get(from..to);
        }
        let offset = |index: usize| {
            if index >= self.length {
                Some(self.original.len())
            } else {
                self.original.char_indices().nth(index).map(|(at, _)| at)
            }
        };
        self.original.get(offset(from)?..offset(to)?)
    }
}

// ---------------------------------------------------------------- matching

/// How many zeros follow the folded text.
const PADDING: usize = 16;

/// The folded text, and the same followed by [`PADDING`] zeros.
struct Text<'a> {
    bytes: &'a [u8],
    padded: &'a [u8],
}

impl Text<'_> {
    /// The 16 bytes from `position`, the first in the lowest bits.
    #[inline(always)]
    fn window(&self, position: usize) -> u128 {
        self.padded
            .get(position..)
            .and_then(<[u8]>::first_chunk::<PADDING>)
            .map_or(0, |bytes| u128::from_le_bytes(*bytes))
    }
}

/// A keyword of at most 16 bytes, to compare with a [`Text::window`] in
/// one step: comparing byte by byte at every position cost more than the
/// rest of the parsing together.
#[derive(Clone, Copy)]
struct Key {
    value: u128,
    mask: u128,
    len: usize,
}

impl Key {
    const fn new(word: &[u8]) -> Key {
        let mut value = 0;
        let mut mask = 0;
        let mut shift = 0;
        let mut rest = word;
        while let [byte, tail @ ..] = rest {
            value |= (*byte as u128) << shift;
            mask |= 0xff << shift;
            shift += 8;
            rest = tail;
        }
        Key {
            value,
            mask,
            len: word.len(),
        }
    }

    /// The window starts with the keyword.
    #[inline(always)]
    fn at(self, window: u128) -> bool {
        window & self.mask == self.value
    }

    /// The window starts with the keyword and no word character follows.
    #[inline(always)]
    fn ends_word_at(self, window: u128) -> bool {
        self.at(window) && !is_word((window >> (8 * self.len)) as u8)
    }

    /// The keyword's length if the window starts with it.
    #[inline(always)]
    fn length_at(self, window: u128) -> Option<usize> {
        self.at(window).then_some(self.len)
    }
}

/// Every keyword [`scan`] and [`find_browser`] look for.
const KEYWORDS: [&[u8]; 63] = [
    b" cros ",
    b"iphone",
    b"ios",
    b"ipad",
    b"irix",
    b"i86os",
    b"darwin",
    b"dragonfly",
    b"mac",
    b"os",
    b"openbsd",
    b"win",
    b"android",
    b"aix",
    b"amiga",
    b"netbsd",
    b"nintendo",
    b"freebsd",
    b"sunos",
    b"sco",
    b"symbian",
    b"x11",
    b"lin",
    b"hpux",
    b"hp-ux",
    b"unix_sv",
    b"bsd",
    b"blackberry",
    b"playbook",
    b"googlebot",
    b"galeon",
    b"msnbot",
    b"msie",
    b"microsoft",
    b"mozilla",
    b"yahoo",
    b"ask jeeves",
    b"aol",
    b"america",
    b"opera",
    b"opr",
    b"edg",
    b"chrome",
    b"crios",
    b"camino",
    b"seamonkey",
    b"safari",
    b"firefox",
    b"firebird",
    b"phoenix",
    b"iceweasel",
    b"version",
    b"webkit",
    b"konqueror",
    b"k-meleon",
    b"netscape",
    b"lynx",
    b"links",
    b"baiduspider",
    b"bingbot",
    b"fxios",
    b"opios",
    b"trident/",
];

/// One bit per pair of bytes that starts a keyword.
static PREFIXES: OnceLock<Vec<u64>> = OnceLock::new();

/// Whether something can start at a position holding `b`: a keyword (a
/// letter or a space) or a language tag's opening (white space, `;`, `(`,
/// `[`). Digits and most punctuation, a third of a typical string, are
/// passed over at once.
#[inline(always)]
fn may_start(b: u8) -> bool {
    class(b) & START != 0
}

/// The table of [`PREFIXES`], made on first use.
fn prefixes() -> &'static [u64] {
    PREFIXES.get_or_init(|| {
        let mut table = vec![0u64; 1 << 10];
        for keyword in KEYWORDS {
            if let [a, b, ..] = keyword {
                let pair = usize::from(u16::from_le_bytes([*a, *b]));
                if let Some(word) = table.get_mut(pair >> 6) {
                    *word |= 1 << (pair & 63);
                }
            }
        }
        table
    })
}

/// Whether a keyword can start where `window` starts, by [`prefixes`].
/// Most positions start none, and this one predictable test lets them skip
/// the dispatch on their first byte, whose mispredicted branches cost more
/// than the tests.
#[inline(always)]
fn may_start_keyword(table: &[u64], window: u128) -> bool {
    let pair = usize::from(window as u16);
    table
        .get(pair >> 6)
        .is_some_and(|word| word >> (pair & 63) & 1 != 0)
}

/// The byte at `position`, in the lowest bits of a window.
#[inline(always)]
fn first(window: u128) -> u8 {
    window as u8
}

/// The length of the white space run starting at `position`.
fn space_run(bytes: &[u8], position: usize) -> usize {
    bytes
        .get(position..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&b| is_space(b))
        .count()
}

/// `rest` starts with `words` separated by white space runs (of at least
/// `min_space` characters); returns the length matched.
fn spaced(rest: &[u8], words: &[&[u8]], min_space: usize) -> Option<usize> {
    let mut length = 0;
    for (index, word) in words.iter().enumerate() {
        if index > 0 {
            let run = space_run(rest, length);
            if run < min_space {
                return None;
            }
            length += run;
        }
        if !rest.get(length..)?.starts_with(word) {
            return None;
        }
        length += word.len();
    }
    Some(length)
}

/// Where `needle` first occurs in `bytes`. Needles here are short words:
/// looking for their first byte and comparing the rest is quicker than
/// setting up a substring searcher for each.
fn find(bytes: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    memchr::memchr_iter(first, bytes).find(|&at| {
        bytes
            .get(at + 1..)
            .is_some_and(|tail| tail.starts_with(rest))
    })
}

// ---------------------------------------------------------------- whole string

/// The keywords of the corrections, in the order they are applied: the
/// robots first, then the iOS browsers (only over `safari` or `webkit`).
const CORRECTIONS: [(Key, Browser); 6] = [
    (Key::new(b"googlebot"), Browser::Google),
    (Key::new(b"msnbot"), Browser::Msn),
    (Key::new(b"baiduspider"), Browser::Baidu),
    (Key::new(b"bingbot"), Browser::Bing),
    (Key::new(b"fxios"), Browser::Firefox),
    (Key::new(b"opios"), Browser::Opera),
];

/// What one pass over the whole string finds.
#[derive(Default)]
struct Whole {
    /// One bit per platform found anywhere; the lowest one wins.
    platforms: u32,
    /// Where each of [`CORRECTIONS`] first ends, when looked for.
    corrections: [Option<usize>; 6],
    language: Option<(usize, usize)>,
}

impl Whole {
    /// The browser that [`parse`] names instead of Werkzeug 2.0's `found`,
    /// and where its keyword ends.
    fn correction(&self, found: Option<Browser>) -> Option<(Browser, usize)> {
        let mut keywords = CORRECTIONS.iter().zip(self.corrections);
        for (&(_, robot), end) in keywords.by_ref().take(4) {
            if let Some(end) = end {
                return (found != Some(robot)).then_some((robot, end));
            }
        }
        if matches!(found, None | Some(Browser::Safari | Browser::Webkit)) {
            for (&(_, browser), end) in keywords {
                if let Some(end) = end {
                    return Some((browser, end));
                }
            }
        }
        None
    }
}

/// The platforms, the keywords of the corrections (when `corrected`) and
/// the language, in one pass over the whole string.
fn scan(text: &Text<'_>, corrected: bool) -> Whole {
    const CROS: Key = Key::new(b" cros ");
    const IPHONE: Key = Key::new(b"iphone");
    const IOS: Key = Key::new(b"ios");
    const IPAD: Key = Key::new(b"ipad");
    const IRIX: Key = Key::new(b"irix");
    const I86OS: Key = Key::new(b"i86os");
    const DARWIN: Key = Key::new(b"darwin");
    const DRAGONFLY: Key = Key::new(b"dragonfly");
    const MAC: Key = Key::new(b"mac");
    const OS: Key = Key::new(b"os");
    const OPENBSD: Key = Key::new(b"openbsd");
    const WIN: Key = Key::new(b"win");
    const ANDROID: Key = Key::new(b"android");
    const AIX: Key = Key::new(b"aix");
    const AMIGA: Key = Key::new(b"amiga");
    const NETBSD: Key = Key::new(b"netbsd");
    const NINTENDO: Key = Key::new(b"nintendo");
    const FREEBSD: Key = Key::new(b"freebsd");
    const SUNOS: Key = Key::new(b"sunos");
    const SCO: Key = Key::new(b"sco");
    const SYMBIAN: Key = Key::new(b"symbian");
    const X11: Key = Key::new(b"x11");
    const LIN: Key = Key::new(b"lin");
    const HPUX: Key = Key::new(b"hpux");
    const HP_UX: Key = Key::new(b"hp-ux");
    const UNIX_SV: Key = Key::new(b"unix_sv");
    const BSD: Key = Key::new(b"bsd");
    const BLACKBERRY: Key = Key::new(b"blackberry");
    const PLAYBOOK: Key = Key::new(b"playbook");

    let bytes = text.bytes;
    let table = prefixes();
    let mut whole = Whole::default();
    let mut found = 0u32;
    let mut previous: Option<u8> = None;
    for position in 0..bytes.len() {
        let window = text.window(position);
        let b = first(window);
        if !may_start(b) {
            previous = Some(b);
            continue;
        }
        let keyword = may_start_keyword(table, window);
        let platform = if !keyword {
            None
        } else {
            match b {
                b' ' if CROS.at(window) => Some(Platform::ChromeOs),
                b'i' => {
                    if IPHONE.at(window) || IOS.at(window) {
                        Some(Platform::Iphone)
                    } else if IPAD.at(window) {
                        Some(Platform::Ipad)
                    } else if IRIX.at(window) {
                        Some(Platform::Irix)
                    } else if I86OS.at(window) {
                        Some(Platform::Solaris)
                    } else {
                        None
                    }
                }
                b'd' => {
                    if DARWIN.ends_word_at(window) {
                        Some(Platform::MacOs)
                    } else if DRAGONFLY.at(window) {
                        Some(Platform::DragonflyBsd)
                    } else {
                        None
                    }
                }
                b'm' if MAC.ends_word_at(window) => Some(Platform::MacOs),
                b'o' => {
                    if OS.at(window)
                        && bytes
                            .get(position + 2 + space_run(bytes, position + 2))
                            .is_some_and(|&x| x == b'x')
                    {
                        Some(Platform::MacOs)
                    } else if OPENBSD.at(window) {
                        Some(Platform::OpenBsd)
                    } else {
                        None
                    }
                }
                b'w' if WIN.at(window) => Some(Platform::Windows),
                b'a' => {
                    if ANDROID.at(window) {
                        Some(Platform::Android)
                    } else if AIX.at(window) {
                        Some(Platform::Aix)
                    } else if AMIGA.at(window) {
                        Some(Platform::Amiga)
                    } else {
                        None
                    }
                }
                b'n' => {
                    if NETBSD.at(window) {
                        Some(Platform::NetBsd)
                    } else if NINTENDO.at(window)
                        && spaced(
                            bytes.get(position..).unwrap_or_default(),
                            &[b"nintendo", b"wii"],
                            1,
                        )
                        .is_some()
                    {
                        Some(Platform::Wii)
                    } else {
                        None
                    }
                }
                b'f' if FREEBSD.at(window) => Some(Platform::FreeBsd),
                b's' => {
                    if SUNOS.at(window) {
                        Some(Platform::Solaris)
                    } else if SCO.at(window) {
                        Some(Platform::Sco)
                    } else if SYMBIAN.at(window) {
                        Some(Platform::Symbian)
                    } else {
                        None
                    }
                }
                // Werkzeug's rule also matched a bare `lin`, word end or not.
                b'x' if X11.ends_word_at(window) => Some(Platform::Linux),
                b'l' if LIN.at(window) => Some(Platform::Linux),
                b'h' if HPUX.at(window) || HP_UX.at(window) => Some(Platform::HpUx),
                b'u' if UNIX_SV.at(window) => Some(Platform::Sco),
                b'b' => {
                    if BSD.at(window) {
                        Some(Platform::Bsd)
                    } else if BLACKBERRY.at(window) {
                        Some(Platform::Blackberry)
                    } else {
                        None
                    }
                }
                b'p' if PLAYBOOK.at(window) => Some(Platform::Blackberry),
                _ => None,
            }
        };
        if let Some(platform) = platform {
            found |= 1 << platform as u32;
        }
        if corrected && keyword && matches!(b, b'g' | b'm' | b'b' | b'f' | b'o') {
            for ((key, _), end) in CORRECTIONS.iter().zip(whole.corrections.iter_mut()) {
                if end.is_none() && key.at(window) {
                    *end = Some(position + key.len);
                }
            }
        }
        if class(b) & OPENING != 0 && whole.language.is_none() {
            let accept = |&(from, to): &(usize, usize)| {
                // A language starts with two letters and is not Android's
                // WebView marker; Werkzeug 2.0 took any two word characters.
                !corrected
                    || bytes
                        .get(from..to)
                        .and_then(|tag| tag.get(..2))
                        .is_some_and(|primary| {
                            primary.iter().all(u8::is_ascii_lowercase) && primary != b"wv"
                        })
            };
            whole.language = language_at(text, position, b, previous).filter(accept);
        }
        previous = Some(b);
    }
    whole.platforms = found;
    whole
}

// ---------------------------------------------------------------- browser

/// Where an IE 11 style `trident/` ... ` rv:` match starts and ends: the
/// first `trident/` followed, after at least one character and within the
/// same line, by ` rv:` (the first such ` rv:`).
fn find_trident(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut from = 0;
    // The first ` rv:` at or after a position; positions only grow, so the
    // text is searched once.
    let mut next_rv: Option<(usize, usize)> = None;
    loop {
        let start = from + find(bytes.get(from..)?, b"trident/")?;
        let body = start + 8;
        let want = body + 1;
        let found = match next_rv {
            Some((searched_from, found)) if searched_from <= want && found >= want => found,
            _ => {
                let found = want + find(bytes.get(want..)?, b" rv:")?;
                next_rv = Some((want, found));
                found
            }
        };
        match memchr::memchr(b'\n', bytes.get(body..found)?) {
            // A later `trident/` has to start after the line break.
            Some(offset) => from = body + offset + 1,
            None => return Some((start, found + 4)),
        }
    }
}

/// The first browser keyword found at or after `start`, and where its
/// earliest occurrence ends.
fn find_browser(
    text: &Text<'_>,
    start: usize,
    trident: Option<(usize, usize)>,
) -> Option<(Browser, usize)> {
    const GOOGLEBOT: Key = Key::new(b"googlebot");
    const GALEON: Key = Key::new(b"galeon");
    const MSNBOT: Key = Key::new(b"msnbot");
    const MSIE: Key = Key::new(b"msie");
    const MICROSOFT: Key = Key::new(b"microsoft");
    const MOZILLA: Key = Key::new(b"mozilla");
    const YAHOO: Key = Key::new(b"yahoo");
    const ASK_JEEVES: Key = Key::new(b"ask jeeves");
    const AOL: Key = Key::new(b"aol");
    const AMERICA: Key = Key::new(b"america");
    const OPERA: Key = Key::new(b"opera");
    const OPR: Key = Key::new(b"opr");
    // `edge` or `edg`: the letters after the keyword are skipped anyway, so
    // `edg` alone decides.
    const EDG: Key = Key::new(b"edg");
    const CHROME: Key = Key::new(b"chrome");
    const CRIOS: Key = Key::new(b"crios");
    const CAMINO: Key = Key::new(b"camino");
    const SEAMONKEY: Key = Key::new(b"seamonkey");
    const SAFARI: Key = Key::new(b"safari");
    const FIREFOX: Key = Key::new(b"firefox");
    const FIREBIRD: Key = Key::new(b"firebird");
    const PHOENIX: Key = Key::new(b"phoenix");
    const ICEWEASEL: Key = Key::new(b"iceweasel");
    const VERSION: Key = Key::new(b"version");
    const WEBKIT: Key = Key::new(b"webkit");
    const KONQUEROR: Key = Key::new(b"konqueror");
    const K_MELEON: Key = Key::new(b"k-meleon");
    const NETSCAPE: Key = Key::new(b"netscape");
    const LYNX: Key = Key::new(b"lynx");
    const LINKS: Key = Key::new(b"links");
    const BAIDUSPIDER: Key = Key::new(b"baiduspider");
    const BINGBOT: Key = Key::new(b"bingbot");

    let bytes = text.bytes;
    let table = prefixes();
    // The best (lowest) browser found so far: its index, position, end.
    let mut best: Option<(usize, usize, usize)> = None;
    for position in start..bytes.len() {
        let window = text.window(position);
        if !may_start(first(window)) || !may_start_keyword(table, window) {
            continue;
        }
        let limit = best.map_or(Browser::ALL.len(), |(index, _, _)| index);
        // Candidates at this position, in rule order, as (browser, length).
        let candidate = |browser: Browser, length: Option<usize>| {
            length
                .filter(|_| (browser as usize) < limit)
                .map(|length| (browser, length))
        };
        let rest = || bytes.get(position..).unwrap_or_default();
        let hit = match first(window) {
            b'g' => candidate(Browser::Google, GOOGLEBOT.length_at(window))
                .or_else(|| candidate(Browser::Galeon, GALEON.length_at(window))),
            b'm' => candidate(Browser::Msn, MSNBOT.length_at(window))
                .or_else(|| candidate(Browser::Msie, MSIE.length_at(window)))
                .or_else(|| {
                    let spelled = MICROSOFT
                        .at(window)
                        .then(|| spaced(rest(), &[b"microsoft", b"internet", b"explorer"], 1));
                    candidate(Browser::Msie, spelled.flatten())
                })
                .or_else(|| candidate(Browser::Mozilla, MOZILLA.length_at(window))),
            b'y' => candidate(Browser::Yahoo, YAHOO.length_at(window)),
            b'a' => candidate(Browser::Ask, ASK_JEEVES.length_at(window))
                .or_else(|| candidate(Browser::Aol, AOL.length_at(window)))
                .or_else(|| {
                    let spelled = AMERICA
                        .at(window)
                        .then(|| spaced(rest(), &[b"america", b"online", b"browser"], 1));
                    candidate(Browser::Aol, spelled.flatten())
                }),
            b'o' => candidate(
                Browser::Opera,
                OPERA.length_at(window).or_else(|| OPR.length_at(window)),
            ),
            b'e' => candidate(Browser::Edge, EDG.length_at(window)),
            b'c' => candidate(
                Browser::Chrome,
                CHROME.length_at(window).or_else(|| CRIOS.length_at(window)),
            )
            .or_else(|| candidate(Browser::Camino, CAMINO.length_at(window))),
            b's' => candidate(Browser::Seamonkey, SEAMONKEY.length_at(window))
                .or_else(|| candidate(Browser::Safari, SAFARI.length_at(window))),
            b'f' => candidate(
                Browser::Firefox,
                FIREFOX
                    .length_at(window)
                    .or_else(|| FIREBIRD.length_at(window)),
            ),
            b'p' => candidate(Browser::Firefox, PHOENIX.length_at(window)),
            b'i' => candidate(Browser::Firefox, ICEWEASEL.length_at(window)),
            b'v' => candidate(Browser::Safari, VERSION.length_at(window)),
            b'w' => candidate(Browser::Webkit, WEBKIT.length_at(window)),
            b'k' => candidate(Browser::Konqueror, KONQUEROR.length_at(window))
                .or_else(|| candidate(Browser::Kmeleon, K_MELEON.length_at(window))),
            b'n' => candidate(Browser::Netscape, NETSCAPE.length_at(window)),
            b'l' => candidate(Browser::Lynx, LYNX.length_at(window))
                .or_else(|| candidate(Browser::Links, LINKS.length_at(window))),
            b'b' => candidate(Browser::Baidu, BAIDUSPIDER.length_at(window))
                .or_else(|| candidate(Browser::Bing, BINGBOT.length_at(window))),
            _ => None,
        };
        if let Some((browser, length)) = hit {
            best = Some((browser as usize, position, position + length));
            if browser == Browser::Google {
                // Nothing can beat the first browser.
                break;
            }
        }
    }
    // The `trident/... rv:` spelling of `msie`: searched for on the whole
    // string, and only then is the search here on the whole string too.
    if let Some((trident_start, trident_end)) = trident.filter(|_| start == 0) {
        let msie = Browser::Msie as usize;
        match best {
            Some((index, at, _)) if index < msie || (index == msie && at < trident_start) => {}
            _ => best = Some((msie, trident_start, trident_end)),
        }
    }
    let (index, _, end) = best?;
    Some((*Browser::ALL.get(index)?, end))
}

/// The version after a browser keyword ending at `end`: past slashes,
/// parentheses, letters and white space, a run of digits, dots and letters
/// that starts with a digit and is at least two characters long.
fn find_version(bytes: &[u8], end: usize) -> Option<(usize, usize)> {
    let rest = bytes.get(end..)?;
    let skipped = rest
        .iter()
        .take_while(|&&b| b == b'/' || b == b'(' || b.is_ascii_lowercase() || is_space(b))
        .count();
    let tail = rest.get(skipped..)?;
    if !tail.first().is_some_and(|&b| is_digit(b)) {
        return None;
    }
    let length = tail
        .iter()
        .take_while(|&&b| b == b'.' || is_digit(b) || b.is_ascii_lowercase())
        .count();
    let from = end + skipped;
    (length >= 2).then_some((from, from + length))
}

// ---------------------------------------------------------------- language

/// The language tag found from `position` (holding `b`, after `previous`):
/// a two-character word (optionally `-` and two more) that follows `;` or
/// white space and is followed by `;`, or that follows `(`, `[` or `;` and
/// is followed by `]`, `)` or `;`, white space allowed around it. The
/// string's language is the first one found.
fn language_at(
    text: &Text<'_>,
    position: usize,
    b: u8,
    previous: Option<u8>,
) -> Option<(usize, usize)> {
    let after = |from: usize| from + space_run(text.bytes, from);
    match b {
        b';' => {
            let start = after(position + 1);
            language_tag(text, start, b";").or_else(|| language_tag(text, start, b"]);"))
        }
        // A run of white space (or one after `;`) was tried from its first
        // character already.
        _ if is_space(b) && !previous.is_some_and(|p| p == b';' || is_space(p)) => {
            language_tag(text, after(position), b";")
        }
        b'(' | b'[' => language_tag(text, after(position + 1), b"]);"),
        _ => None,
    }
}

/// The tag at `start` if white space and then one of `closers` follow it.
fn language_tag(text: &Text<'_>, start: usize, closers: &[u8]) -> Option<(usize, usize)> {
    let window = text.window(start);
    let byte = |index: u32| (window >> (8 * index)) as u8;
    // Two word characters, then none.
    let pair =
        |from: u32| is_word(byte(from)) && is_word(byte(from + 1)) && !is_word(byte(from + 2));
    if !pair(0) {
        return None;
    }
    let closed = |end: usize| {
        text.bytes
            .get(end + space_run(text.bytes, end))
            .is_some_and(|b| closers.contains(b))
    };
    let long = start + 5;
    if byte(2) == b'-' && pair(3) && closed(long) {
        return Some((start, long));
    }
    let short = start + 2;
    closed(short).then_some((start, short))
}

#[cfg(test)]
mod tests {
    use super::*;

    type Parts<'a> = (
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
    );

    fn parts(value: &str) -> Parts<'_> {
        as_parts(parse_werkzeug_2_0(value))
    }

    fn corrected(value: &str) -> Parts<'_> {
        as_parts(parse(value))
    }

    fn as_parts(info: UserAgentInfo<'_>) -> Parts<'_> {
        (
            info.platform.map(Platform::name),
            info.browser.map(Browser::name),
            info.version,
            info.language,
        )
    }

    #[test]
    fn firefox_on_linux() {
        assert_eq!(
            parts("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"),
            (Some("linux"), Some("firefox"), Some("128.0"), None)
        );
    }

    #[test]
    fn chrome_on_windows() {
        assert_eq!(
            parts(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 \
                 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
            ),
            (Some("windows"), Some("chrome"), Some("131.0.0.0"), None)
        );
    }

    #[test]
    fn old_firefox_with_language() {
        assert_eq!(
            parts("Mozilla/5.0 (Windows; U; Windows NT 5.1; en-US; rv:1.9.0.1) Gecko/2008070208 Firefox/3.0.1"),
            (Some("windows"), Some("firefox"), Some("3.0.1"), Some("en-US"))
        );
    }

    #[test]
    fn ie11_keyword_inside_the_comment() {
        assert_eq!(
            parts("Mozilla/5.0 (Windows NT 10.0; Trident/7.0; rv:11.0) like Gecko"),
            (Some("windows"), Some("msie"), Some("11.0"), None)
        );
    }

    #[test]
    fn trident_needs_rv_on_the_same_line() {
        // Without a match on one line the browser is looked for after `)`.
        let (_, browser, _, _) = parts("Trident/7.0;\n rv:11.0) Gecko/1 Firefox/2");
        assert_eq!(browser, Some("firefox"));
        let (_, browser, version, _) = parts("Trident/7.0;\nTrident/6.0; rv:10.0) Gecko/1");
        assert_eq!((browser, version), (Some("msie"), Some("10.0")));
    }

    #[test]
    fn a_single_digit_is_no_version() {
        assert_eq!(parts("curl/7").2, None);
        assert_eq!(parts("links/7a").2, Some("7a"));
        assert_eq!(parts("links/75").2, Some("75"));
    }

    #[test]
    fn unicode_folding_and_classes() {
        // Dotless i and long s match `i` and `s`; Arabic-Indic digits are digits.
        assert_eq!(parts("ſafarı/١٢").1, Some("safari"));
        assert_eq!(parts("ſafarı/١٢").2, Some("١٢"));
        // `²` is a word character but not a digit.
        assert_eq!(parts("Mac² Firefox/²2").0, None);
        assert_eq!(parts("Firefox/²2").2, None);
        // `\x1c` is white space for Python.
        assert_eq!(parts("Firefox/\x1c12").2, Some("12"));
    }

    #[test]
    fn language_forms() {
        assert_eq!(parts("x (de)").3, Some("de"));
        assert_eq!(parts("x [fr-CA]").3, Some("fr-CA"));
        assert_eq!(parts("x; en ;").3, Some("en"));
        assert_eq!(parts("x; en)").3, Some("en"));
        assert_eq!(parts("x; eng)").3, None);
        assert_eq!(parts("x; en-USA)").3, None);
        assert_eq!(parts("x  pt-BR  ;").3, Some("pt-BR"));
    }

    #[test]
    fn robots_are_named_wherever_they_are() {
        let bing = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; \
                    bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36";
        assert_eq!(parts(bing).1, Some("chrome"));
        assert_eq!(corrected(bing), (None, Some("bing"), Some("2.0"), None));
        let google = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
        assert_eq!(corrected(google), parts(google));
    }

    #[test]
    fn ios_firefox_and_opera() {
        let firefox =
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_7 like Mac OS X) AppleWebKit/605.1.15 \
                       (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15";
        assert_eq!(parts(firefox).1, Some("safari"));
        assert_eq!(
            corrected(firefox),
            (Some("iphone"), Some("firefox"), Some("133.0"), None)
        );
        // Another browser found first keeps its name.
        assert_eq!(corrected("Chrome/1.0 FxiOS/2.0").1, Some("chrome"));
    }

    #[test]
    fn a_language_has_two_letters() {
        let android = "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36";
        assert_eq!(parts(android).3, Some("13"));
        assert_eq!(corrected(android).3, None);
        let webview = "Mozilla/5.0 (Linux; Android 9; AFTMM Build/PS7242; wv) AppleWebKit/537.36";
        assert_eq!(corrected(webview).3, None);
        // The search goes on past what is not a language.
        let old = "Mozilla/5.0 (Linux; U; Android 10; en-US; RMX2020) AppleWebKit/537.36";
        assert_eq!(parts(old).3, Some("10"));
        assert_eq!(corrected(old).3, Some("en-US"));
    }

    #[test]
    fn empty_and_odd_input() {
        assert_eq!(parts(""), (None, None, None, None));
        assert_eq!(parts(")"), (None, None, None, None));
        assert_eq!(parts("\u{0}\u{ffff}\u{10ffff}"), (None, None, None, None));
    }

    #[test]
    fn long_input_stays_linear() {
        let long = "Trident/\n".repeat(50_000) + " rv:1";
        assert_eq!(parts(&long).1, None);
        let spaces = " ".repeat(200_000) + "; ".repeat(100_000).as_str();
        assert_eq!(parts(&spaces), (None, None, None, None));
    }
}
