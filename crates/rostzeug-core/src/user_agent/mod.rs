//! `User-Agent` strings: the platform, browser, version and language that
//! Werkzeug's parsing user agent (last shipped in Werkzeug 2.0) reported.
//!
//! Werkzeug looked for keywords with case-insensitive regular expressions,
//! in a fixed order, and the first keyword found named the result. This
//! module gives the same answers without a regular expression engine: the
//! string is folded once into one byte per character, and each question is
//! answered in a single pass over that copy, so the work stays linear in the
//! input whatever it holds.
//!
//! Folding follows Python's case-insensitive Unicode matching: ASCII letters
//! match either case, `İ` and `ı` match `i`, `ſ` matches `s` and the Kelvin
//! sign matches `k`. Python's character classes are kept too: `\x1c`-`\x1f`,
//! `\x85` and `\xa0` are white space, `²` is a word character but no digit.
//! The tables of digits and word characters are Python 3.11's (Unicode 14).

mod tables;

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
    let folded: Vec<u8> = if ascii {
        value.bytes().map(|b| b.to_ascii_lowercase()).collect()
    } else {
        value.chars().map(fold).collect()
    };
    let text = Folded {
        original: value,
        length: folded.len(),
        ascii,
    };

    let platform = find_platform(&folded);

    // The browser keyword is looked for after the last `)`, where products
    // follow the comment, unless the string is an IE 11 style `Trident/...
    // rv:` one, whose keyword is in the comment, or ends with the `)`.
    let trident = find_trident(&folded);
    let mut start = 0;
    if trident.is_none() && folded.last() != Some(&b')') {
        if let Some(position) = memchr::memrchr(b')', &folded) {
            start = position;
        }
    }
    let mut found = find_browser(&folded, start, trident);
    if corrected {
        if let Some(correction) = correct_browser(&folded, found.map(|(browser, _)| browser)) {
            found = Some(correction);
        }
    }
    let (browser, version) = match found {
        Some((browser, end)) => (Some(browser), find_version(&folded, end)),
        None => (None, None),
    };
    let language = if corrected {
        find_language(&folded, |tag| {
            tag.get(..2).is_some_and(|primary| {
                primary.iter().all(u8::is_ascii_lowercase) && primary != b"wv"
            })
        })
    } else {
        find_language(&folded, |_| true)
    };

    UserAgentInfo {
        platform,
        browser,
        version: version.and_then(|(from, to)| text.slice(from, to)),
        language: language.and_then(|(from, to)| text.slice(from, to)),
    }
}

/// The browser that [`parse`] names instead of Werkzeug 2.0's `found`, and
/// where its keyword ends.
fn correct_browser(bytes: &[u8], found: Option<Browser>) -> Option<(Browser, usize)> {
    let robots: [(&[u8], Browser); 4] = [
        (b"googlebot", Browser::Google),
        (b"msnbot", Browser::Msn),
        (b"baiduspider", Browser::Baidu),
        (b"bingbot", Browser::Bing),
    ];
    for (keyword, robot) in robots {
        if let Some(at) = memchr::memmem::find(bytes, keyword) {
            return (found != Some(robot)).then_some((robot, at + keyword.len()));
        }
    }
    if matches!(found, None | Some(Browser::Safari | Browser::Webkit)) {
        let ios: [(&[u8], Browser); 2] = [(b"fxios", Browser::Firefox), (b"opios", Browser::Opera)];
        for (keyword, browser) in ios {
            if let Some(at) = memchr::memmem::find(bytes, keyword) {
                return Some((browser, at + keyword.len()));
            }
        }
    }
    None
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

/// Python's `\s`.
fn is_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | 0x1c..=b' ' | SPACE)
}

/// Python's `\d`.
fn is_digit(b: u8) -> bool {
    b.is_ascii_digit() || b == DIGIT
}

/// Python's `\w`.
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | DIGIT | WORD)
}

fn is_word_at(bytes: &[u8], position: usize) -> bool {
    bytes.get(position).is_some_and(|&b| is_word(b))
}

/// The input and its folded copy, to turn folded positions back into
/// slices of the input.
struct Folded<'a> {
    original: &'a str,
    /// The number of characters.
    length: usize,
    ascii: bool,
}

impl<'a> Folded<'a> {
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

/// The length of the white space run starting at `position`.
fn space_run(bytes: &[u8], position: usize) -> usize {
    bytes
        .get(position..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&b| is_space(b))
        .count()
}

/// `rest` starts with `word` and no word character follows it.
fn word_ends(rest: &[u8], word: &[u8]) -> bool {
    rest.starts_with(word) && !is_word_at(rest, word.len())
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

/// Calls `visit` with every position's remaining bytes, in order, until it
/// returns true.
fn each_suffix(bytes: &[u8], mut visit: impl FnMut(usize, &[u8]) -> bool) {
    let mut rest = bytes;
    let mut position = 0;
    while let Some((_, tail)) = rest.split_first() {
        if visit(position, rest) {
            return;
        }
        rest = tail;
        position += 1;
    }
}

// ---------------------------------------------------------------- platform

fn find_platform(bytes: &[u8]) -> Option<Platform> {
    // One bit per platform found anywhere; the lowest one wins.
    let mut found: u32 = 0;
    each_suffix(bytes, |_, rest| {
        let Some(&first) = rest.first() else {
            return true;
        };
        let mut hit = |platform: Platform| found |= 1 << platform as u32;
        match first {
            b' ' if rest.starts_with(b" cros ") => hit(Platform::ChromeOs),
            b'i' => {
                if rest.starts_with(b"iphone") || rest.starts_with(b"ios") {
                    hit(Platform::Iphone);
                } else if rest.starts_with(b"ipad") {
                    hit(Platform::Ipad);
                } else if rest.starts_with(b"irix") {
                    hit(Platform::Irix);
                } else if rest.starts_with(b"i86os") {
                    hit(Platform::Solaris);
                }
            }
            b'd' => {
                if word_ends(rest, b"darwin") {
                    hit(Platform::MacOs);
                } else if rest.starts_with(b"dragonfly") {
                    hit(Platform::DragonflyBsd);
                }
            }
            b'm' if word_ends(rest, b"mac") => hit(Platform::MacOs),
            b'o' => {
                if spaced(rest, &[b"os", b"x"], 0).is_some() {
                    hit(Platform::MacOs);
                } else if rest.starts_with(b"openbsd") {
                    hit(Platform::OpenBsd);
                }
            }
            b'w' if rest.starts_with(b"win") => hit(Platform::Windows),
            b'a' => {
                if rest.starts_with(b"android") {
                    hit(Platform::Android);
                } else if rest.starts_with(b"aix") {
                    hit(Platform::Aix);
                } else if rest.starts_with(b"amiga") {
                    hit(Platform::Amiga);
                }
            }
            b'n' => {
                if rest.starts_with(b"netbsd") {
                    hit(Platform::NetBsd);
                } else if spaced(rest, &[b"nintendo", b"wii"], 1).is_some() {
                    hit(Platform::Wii);
                }
            }
            b'f' if rest.starts_with(b"freebsd") => hit(Platform::FreeBsd),
            b's' => {
                if rest.starts_with(b"sunos") {
                    hit(Platform::Solaris);
                } else if rest.starts_with(b"sco") {
                    hit(Platform::Sco);
                } else if rest.starts_with(b"symbian") {
                    hit(Platform::Symbian);
                }
            }
            // Werkzeug's rule also matched a bare `lin`, word end or not.
            b'x' if word_ends(rest, b"x11") => hit(Platform::Linux),
            b'l' if rest.starts_with(b"lin") => hit(Platform::Linux),
            b'h' if rest.starts_with(b"hpux") || rest.starts_with(b"hp-ux") => hit(Platform::HpUx),
            b'u' if rest.starts_with(b"unix_sv") => hit(Platform::Sco),
            b'b' => {
                if rest.starts_with(b"bsd") {
                    hit(Platform::Bsd);
                } else if rest.starts_with(b"blackberry") {
                    hit(Platform::Blackberry);
                }
            }
            b'p' if rest.starts_with(b"playbook") => hit(Platform::Blackberry),
            _ => {}
        }
        // Nothing can beat the first platform.
        found & 1 != 0
    });
    Platform::ALL.get(found.trailing_zeros() as usize).copied()
}

// ---------------------------------------------------------------- browser

/// Where an IE 11 style `trident/` ... ` rv:` match starts and ends: the
/// first `trident/` followed, after at least one character and within the
/// same line, by ` rv:` (the first such ` rv:`).
fn find_trident(bytes: &[u8]) -> Option<(usize, usize)> {
    let finder = memchr::memmem::Finder::new(b"trident/");
    let rv = memchr::memmem::Finder::new(b" rv:");
    let mut from = 0;
    // The first ` rv:` at or after a position; positions only grow, so the
    // text is searched once.
    let mut next_rv: Option<(usize, usize)> = None;
    loop {
        let start = from + finder.find(bytes.get(from..)?)?;
        let body = start + 8;
        let want = body + 1;
        let found = match next_rv {
            Some((searched_from, found)) if searched_from <= want && found >= want => found,
            _ => {
                let found = want + rv.find(bytes.get(want..)?)?;
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
    bytes: &[u8],
    start: usize,
    trident: Option<(usize, usize)>,
) -> Option<(Browser, usize)> {
    let searched = bytes.get(start..)?;
    // The best (lowest) browser found so far: its index, position, end.
    let mut best: Option<(usize, usize, usize)> = None;
    each_suffix(searched, |position, rest| {
        let Some(&first) = rest.first() else {
            return true;
        };
        let limit = best.map_or(Browser::ALL.len(), |(index, _, _)| index);
        // Candidates at this position, in rule order, as (browser, length).
        let candidate = |browser: Browser, length: Option<usize>| {
            length
                .filter(|_| (browser as usize) < limit)
                .map(|length| (browser, length))
        };
        let lit = |word: &[u8]| rest.starts_with(word).then_some(word.len());
        let hit = match first {
            b'g' => candidate(Browser::Google, lit(b"googlebot"))
                .or_else(|| candidate(Browser::Galeon, lit(b"galeon"))),
            b'm' => candidate(Browser::Msn, lit(b"msnbot"))
                .or_else(|| candidate(Browser::Msie, lit(b"msie")))
                .or_else(|| {
                    candidate(
                        Browser::Msie,
                        spaced(rest, &[b"microsoft", b"internet", b"explorer"], 1),
                    )
                })
                .or_else(|| candidate(Browser::Mozilla, lit(b"mozilla"))),
            b'y' => candidate(Browser::Yahoo, lit(b"yahoo")),
            b'a' => candidate(Browser::Ask, lit(b"ask jeeves"))
                .or_else(|| candidate(Browser::Aol, lit(b"aol")))
                .or_else(|| {
                    candidate(
                        Browser::Aol,
                        spaced(rest, &[b"america", b"online", b"browser"], 1),
                    )
                }),
            b'o' => candidate(Browser::Opera, lit(b"opera").or_else(|| lit(b"opr"))),
            // `edge` or `edg`: the letters after the keyword are skipped
            // anyway, so `edg` alone decides.
            b'e' => candidate(Browser::Edge, lit(b"edg")),
            b'c' => candidate(Browser::Chrome, lit(b"chrome").or_else(|| lit(b"crios")))
                .or_else(|| candidate(Browser::Camino, lit(b"camino"))),
            b's' => candidate(Browser::Seamonkey, lit(b"seamonkey"))
                .or_else(|| candidate(Browser::Safari, lit(b"safari"))),
            b'f' => candidate(
                Browser::Firefox,
                lit(b"firefox").or_else(|| lit(b"firebird")),
            ),
            b'p' => candidate(Browser::Firefox, lit(b"phoenix")),
            b'i' => candidate(Browser::Firefox, lit(b"iceweasel")),
            b'v' => candidate(Browser::Safari, lit(b"version")),
            b'w' => candidate(Browser::Webkit, lit(b"webkit")),
            b'k' => candidate(Browser::Konqueror, lit(b"konqueror"))
                .or_else(|| candidate(Browser::Kmeleon, lit(b"k-meleon"))),
            b'n' => candidate(Browser::Netscape, lit(b"netscape")),
            b'l' => candidate(Browser::Lynx, lit(b"lynx"))
                .or_else(|| candidate(Browser::Links, lit(b"links"))),
            b'b' => candidate(Browser::Baidu, lit(b"baiduspider"))
                .or_else(|| candidate(Browser::Bing, lit(b"bingbot"))),
            _ => None,
        };
        if let Some((browser, length)) = hit {
            let at = start + position;
            best = Some((browser as usize, at, at + length));
        }
        best.is_some_and(|(index, _, _)| index == 0)
    });
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

/// Where the language tag is: the first two-character word (optionally
/// `-` and two more) that follows `;` or white space and is followed by
/// `;`, or that follows `(`, `[` or `;` and is followed by `]`, `)` or `;`
/// (white space allowed around it in both cases). A tag that `accept`
/// refuses is passed over.
fn find_language(bytes: &[u8], accept: impl Fn(&[u8]) -> bool) -> Option<(usize, usize)> {
    let mut found = None;
    let mut previous: Option<u8> = None;
    each_suffix(bytes, |position, rest| {
        let Some(&b) = rest.first() else {
            return true;
        };
        let after = |from: usize| from + space_run(bytes, from);
        found = match b {
            b';' => {
                let start = after(position + 1);
                language_tag(bytes, start, b";").or_else(|| language_tag(bytes, start, b"]);"))
            }
            // A run of white space (or one after `;`) was tried from its
            // first character already.
            _ if is_space(b) && !previous.is_some_and(|p| p == b';' || is_space(p)) => {
                language_tag(bytes, after(position), b";")
            }
            b'(' | b'[' => language_tag(bytes, after(position + 1), b"]);"),
            _ => None,
        }
        .filter(|&(from, to)| bytes.get(from..to).is_some_and(&accept));
        previous = Some(b);
        found.is_some()
    });
    found
}

/// The tag at `start` if white space and then one of `closers` follow it.
fn language_tag(bytes: &[u8], start: usize, closers: &[u8]) -> Option<(usize, usize)> {
    let pair = |at: usize| {
        is_word_at(bytes, at) && is_word_at(bytes, at + 1) && !is_word_at(bytes, at + 2)
    };
    if !pair(start) {
        return None;
    }
    let closed = |end: usize| {
        bytes
            .get(end + space_run(bytes, end))
            .is_some_and(|b| closers.contains(b))
    };
    let long = start + 5;
    if bytes.get(start + 2) == Some(&b'-') && pair(start + 3) && closed(long) {
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
