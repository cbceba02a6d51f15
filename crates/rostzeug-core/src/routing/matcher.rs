//! The state machine that matches a domain and path to a rule, with the
//! semantics of Werkzeug's `StateMachineMatcher`.
//!
//! Each rule is a chain of parts from the root state: static parts are
//! transitions by exact text, dynamic parts by a pattern. Matching follows
//! static transitions first, then dynamic ones in weight order, and
//! backtracks when the rest of the path does not match. Dynamic parts whose
//! converters are all built in are matched natively; the others are handed
//! to an [`ExternalMatcher`] (Python's `re` in the binding).

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::converter::{ConverterSpec, Program};
use super::rule::{
    empty_domain_part, merge_slashes as merge_slashes_in, parse_parts_into, variable_count,
    RuleError, RulePart, Token,
};

/// What the matcher needs of one rule.
#[derive(Debug, Clone)]
pub struct RuleSpec<'a> {
    /// Tokens of the subdomain rule (or of the host rule with host
    /// matching); empty means "" (a static empty part, as Werkzeug).
    pub domain: Vec<Token<'a>>,
    /// Tokens of the path rule, after `merge_slashes` when the rule merges
    /// slashes.
    pub path: Vec<Token<'a>>,
    /// One per variable, domain variables first.
    pub converters: Vec<ConverterSpec>,
    /// Upper-case method names, or `None` for any method.
    pub methods: Option<Methods>,
    /// Whether the rule matches WebSocket requests only (else HTTP only).
    pub websocket: bool,
    /// Whether a branch URL without its trailing slash is redirected to it
    /// (else matched as it is).
    pub strict_slashes: bool,
    /// Whether a path that matches once its slashes are merged is
    /// redirected to the merged path.
    pub merge_slashes: bool,
}

/// The methods named in [`Methods`] by a bit each, in this order.
const COMMON_METHODS: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT",
];

/// A set of method names (upper case, as the rule gives them): the common
/// methods as bits, others by name. Rules name a few methods each, and a
/// set of common ones takes no allocation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Methods {
    common: u16,
    other: Vec<String>,
}

impl Methods {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// The bit of a common method (its index in [`COMMON_METHODS`]).
    #[inline]
    fn bit(method: &str) -> Option<u16> {
        let index = match method.as_bytes() {
            b"GET" => 0,
            b"HEAD" => 1,
            b"POST" => 2,
            b"PUT" => 3,
            b"DELETE" => 4,
            b"PATCH" => 5,
            b"OPTIONS" => 6,
            b"TRACE" => 7,
            b"CONNECT" => 8,
            _ => return None,
        };
        Some(1 << index)
    }

    /// Adds `method` (compared as given, case-sensitively).
    pub fn insert(&mut self, method: &str) {
        match Self::bit(method) {
            Some(bit) => self.common |= bit,
            None => {
                if !self.other.iter().any(|m| m == method) {
                    self.other.push(method.to_owned());
                }
            }
        }
    }

    /// Whether `method` is in the set.
    pub fn contains(&self, method: &str) -> bool {
        match Self::bit(method) {
            Some(bit) => self.common & bit != 0,
            None => self.other.iter().any(|m| m == method),
        }
    }

    /// The methods, common ones first.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        COMMON_METHODS
            .iter()
            .enumerate()
            .filter(|&(index, _)| self.common & (1 << index) != 0)
            .map(|(_, method)| *method)
            .chain(self.other.iter().map(String::as_str))
    }
}

impl<S: AsRef<str>> FromIterator<S> for Methods {
    fn from_iter<I: IntoIterator<Item = S>>(methods: I) -> Self {
        let mut set = Methods::new();
        for method in methods {
            set.insert(method.as_ref());
        }
        set
    }
}

/// A rule, numbered 0, 1, 2... in the order it was added.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct RuleId(pub usize);

/// A part matched by an [`ExternalMatcher`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct ExternalPartId(pub usize);

/// A part the engine cannot match natively.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalPart {
    /// The id [`ExternalMatcher::match_part`] is called with.
    pub id: ExternalPartId,
    /// The part's regex source, exactly the `content` Werkzeug builds for
    /// it: `re.escape`d static text, `(?P<__werkzeug_N>regex)` groups, `/`
    /// inside final parts, `(?<!/)(/?)` for suffixed parts, then `\Z`.
    pub regex: String,
    /// Number of converter groups (`__werkzeug_0` .. `__werkzeug_{n-1}`).
    pub groups: usize,
    /// Whether the regex ends with the optional slash group whose match
    /// [`ExternalMatch::slash_suffix`] reports.
    pub suffixed: bool,
}

/// What [`Matcher::add`] made of a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    /// The new rule's id.
    pub rule: RuleId,
    /// Parts that need a Python regex, new ones only (a part equal to one
    /// already in the machine reuses its id).
    pub external: Vec<ExternalPart>,
}

/// The result of an external part match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalMatch {
    /// The converter groups in order.
    pub groups: Vec<String>,
    /// `match.groups()[-1] == "/"` for suffixed parts.
    pub slash_suffix: bool,
}

/// Matches the parts the engine cannot match natively.
pub trait ExternalMatcher {
    /// What a failed call reports; matching stops with it.
    type Error;
    /// `re.match` of the part's regex on `target`.
    fn match_part(
        &mut self,
        part: ExternalPartId,
        target: &str,
    ) -> Result<Option<ExternalMatch>, Self::Error>;
}

/// An [`ExternalMatcher`] for machines without external parts: it never
/// matches.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoExternal;

impl ExternalMatcher for NoExternal {
    type Error = std::convert::Infallible;
    fn match_part(
        &mut self,
        _part: ExternalPartId,
        _target: &str,
    ) -> Result<Option<ExternalMatch>, Self::Error> {
        Ok(None)
    }
}

/// The result of [`Matcher::match_path`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<'p> {
    /// `values`: one per converter of the rule, in its order (strings as
    /// matched, not converted).
    Match {
        rule: RuleId,
        values: Vec<Cow<'p, str>>,
    },
    /// Werkzeug's `RequestPath`: redirect to this path (strict slashes
    /// append "/", or the path with merged slashes).
    RequestPath(String),
    /// No rule matched. `have_match_for` holds the methods of rules that
    /// matched the path with another method, without duplicates.
    NoMatch {
        have_match_for: Vec<String>,
        websocket_mismatch: bool,
    },
}

#[derive(Debug, Clone)]
struct RuleInfo {
    methods: Option<Methods>,
    websocket: bool,
    strict_slashes: bool,
    merge_slashes: bool,
}

impl RuleInfo {
    fn allows(&self, method: &str) -> bool {
        self.methods
            .as_ref()
            .is_none_or(|methods| methods.contains(method))
    }
}

#[derive(Debug, Clone)]
enum Kind {
    Native(Program),
    External(ExternalPartId),
}

/// What Werkzeug's `RulePart` equality compares, of a dynamic part.
#[derive(Debug, Clone)]
struct PartKey {
    content: String,
    is_final: bool,
    suffixed: bool,
    weight: super::rule::Weighting,
}

impl PartKey {
    fn same_as(&self, part: &RulePart<'_>) -> bool {
        !part.is_static
            && self.content == *part.content
            && self.is_final == part.is_final
            && self.suffixed == part.suffixed
            && self.weight == part.weight
    }
}

/// A dynamic transition's part.
#[derive(Debug, Clone)]
struct DynamicPart {
    part: PartKey,
    kind: Kind,
    /// Literal text the target must start with.
    prefix: String,
    /// Literal text the target must end with.
    suffix: String,
}

/// Dynamic transitions of one state indexed by the literal text their part
/// starts with: a byte trie whose nodes list the transitions (by position
/// in the sorted list) whose prefix ends there.
#[derive(Debug, Clone, Default)]
struct PrefixIndex {
    nodes: Vec<TrieNode>,
}

#[derive(Debug, Clone, Default)]
struct TrieNode {
    children: Vec<(u8, usize)>,
    items: Vec<usize>,
}

impl PrefixIndex {
    fn build<'a>(prefixes: impl Iterator<Item = &'a str>) -> Self {
        let mut nodes = vec![TrieNode::default()];
        for (item, prefix) in prefixes.enumerate() {
            let mut node = 0;
            for byte in prefix.bytes() {
                let children = match nodes.get(node) {
                    Some(found) => &found.children,
                    None => break,
                };
                node = match children.binary_search_by_key(&byte, |&(b, _)| b) {
                    Ok(found) => children.get(found).map_or(0, |&(_, child)| child),
                    Err(at) => {
                        let child = nodes.len();
                        nodes.push(TrieNode::default());
                        if let Some(parent) = nodes.get_mut(node) {
                            parent.children.insert(at, (byte, child));
                        }
                        child
                    }
                };
            }
            if let Some(found) = nodes.get_mut(node) {
                found.items.push(item);
            }
        }
        PrefixIndex { nodes }
    }

    /// Transitions whose prefix starts `segment`, in list order.
    fn candidates(&self, segment: &str, out: &mut Vec<usize>) {
        let mut node = 0;
        let mut bytes = segment.bytes();
        while let Some(found) = self.nodes.get(node) {
            out.extend_from_slice(&found.items);
            let Some(byte) = bytes.next() else { break };
            match found.children.binary_search_by_key(&byte, |&(b, _)| b) {
                Ok(at) => match found.children.get(at) {
                    Some(&(_, child)) => node = child,
                    None => break,
                },
                Err(_) => break,
            }
        }
        out.sort_unstable();
    }
}

/// A fast hash for the transition tables (the default SipHash was most of
/// the time of a static lookup). Flooding is no concern: the keys come from
/// the rules; requests only look them up.
#[derive(Default, Clone, Copy)]
struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            for (to, from) in word.iter_mut().zip(rest) {
                *to = *from;
            }
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        // A full avalanche (MurmurHash3's finalizer): keys that differ only
        // in high bytes of a word must still spread over the buckets.
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^ (x >> 33)
    }
}

fn hash_text(text: &str) -> u64 {
    let mut hasher = WordHasher::default();
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// Byte equality compared a word at a time. Static lookups compare short
/// keys; the C library's `memcmp` costs more per call than the comparison.
fn same_text(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut left = a.chunks_exact(8);
    let mut right = b.chunks_exact(8);
    for (x, y) in (&mut left).zip(&mut right) {
        let (mut wx, mut wy) = ([0u8; 8], [0u8; 8]);
        wx.copy_from_slice(x);
        wy.copy_from_slice(y);
        if u64::from_ne_bytes(wx) != u64::from_ne_bytes(wy) {
            return false;
        }
    }
    let (mut wx, mut wy) = ([0u8; 8], [0u8; 8]);
    for (to, from) in wx.iter_mut().zip(left.remainder()) {
        *to = *from;
    }
    for (to, from) in wy.iter_mut().zip(right.remainder()) {
        *to = *from;
    }
    wx == wy
}

/// The slots of an open-addressing table: entry index + 1 per slot, 0 for
/// an empty slot; a power of two long, at most half full.
#[derive(Debug, Clone, Default)]
struct Slots(Vec<u32>);

impl Slots {
    /// The first entry with this hash that `is` accepts.
    #[inline]
    fn find(&self, hash: u64, mut is: impl FnMut(usize) -> bool) -> Option<usize> {
        let mask = self.0.len().wrapping_sub(1);
        let mut slot = (hash as usize) & mask;
        loop {
            let index = (*self.0.get(slot)? as usize).checked_sub(1)?;
            if is(index) {
                return Some(index);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Places the last of `count` entries, growing the table (and placing
    /// every entry again) when it would be more than half full.
    fn added(&mut self, count: usize, hash_of: impl Fn(usize) -> u64) {
        if self.0.len() < 2 * count {
            let size = (4 * count).next_power_of_two().max(4);
            self.0.clear();
            self.0.resize(size, 0);
            for index in 0..count {
                self.place(index, hash_of(index));
            }
        } else if let Some(last) = count.checked_sub(1) {
            self.place(last, hash_of(last));
        }
    }

    fn place(&mut self, index: usize, hash: u64) {
        let mask = self.0.len().wrapping_sub(1);
        let mut slot = (hash as usize) & mask;
        while let Some(taken) = self.0.get_mut(slot) {
            if *taken == 0 {
                *taken = u32::try_from(index + 1).unwrap_or(u32::MAX);
                return;
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// The static transitions of a state: an open-addressing table of text to
/// next state.
#[derive(Debug, Clone, Default)]
struct StaticTable {
    slots: Slots,
    entries: Vec<(u64, String, usize)>,
}

impl StaticTable {
    #[inline]
    fn get(&self, key: &str) -> Option<usize> {
        if self.entries.is_empty() {
            return None;
        }
        let hash = hash_text(key);
        let entries = &self.entries;
        let found = self.slots.find(hash, |index| {
            entries.get(index).is_some_and(|(entry_hash, text, _)| {
                *entry_hash == hash && same_text(text.as_bytes(), key.as_bytes())
            })
        })?;
        entries.get(found).map(|&(_, _, next)| next)
    }

    /// Adds a key that is not in the table (its text is kept, not copied).
    fn insert(&mut self, key: String, next: usize) {
        self.entries.push((hash_text(&key), key, next));
        let entries = &self.entries;
        self.slots.added(entries.len(), |index| {
            entries.get(index).map_or(0, |&(hash, _, _)| hash)
        });
    }
}

/// Rules whose parts are all static, by their whole domain and path: the
/// state their chain of static transitions ends in. The search tries static
/// transitions first, so the first rule it can find is one of this state's;
/// one lookup finds it instead of one per segment.
#[derive(Debug, Clone, Default)]
struct RouteTable {
    slots: Slots,
    /// (hash, domain and path one after the other, length of the domain,
    /// state).
    entries: Vec<(u64, String, usize, usize)>,
}

fn route_hash(domain: &str, path: &str) -> u64 {
    let mut hasher = WordHasher::default();
    hasher.write(domain.as_bytes());
    hasher.write_u8(b'/');
    hasher.write(path.as_bytes());
    hasher.finish()
}

impl RouteTable {
    #[inline]
    fn get(&self, domain: &str, path: &str) -> Option<usize> {
        if self.entries.is_empty() {
            return None;
        }
        let hash = route_hash(domain, path);
        let entries = &self.entries;
        let found = self.slots.find(hash, |index| {
            entries
                .get(index)
                .is_some_and(|(entry_hash, text, domain_len, _)| {
                    *entry_hash == hash
                        && text.len() == domain.len() + path.len()
                        && *domain_len == domain.len()
                        && text
                            .as_bytes()
                            .split_at_checked(*domain_len)
                            .is_some_and(|(d, p)| {
                                same_text(d, domain.as_bytes()) && same_text(p, path.as_bytes())
                            })
                })
        })?;
        entries.get(found).map(|&(_, _, _, state)| state)
    }

    /// Adds the route of `text`, a domain of `domain_len` bytes and a path.
    fn insert(&mut self, text: String, domain_len: usize, state: usize) {
        let Some((domain, path)) = text.split_at_checked(domain_len) else {
            return;
        };
        if self.get(domain, path).is_some() {
            return;
        }
        let hash = route_hash(domain, path);
        self.entries.push((hash, text, domain_len, state));
        let entries = &self.entries;
        self.slots.added(entries.len(), |index| {
            entries.get(index).map_or(0, |&(hash, _, _, _)| hash)
        });
    }
}

/// Below this many dynamic transitions a state is scanned in order.
const INDEX_THRESHOLD: usize = 8;

#[derive(Debug, Clone, Default)]
struct State {
    static_: StaticTable,
    /// (part index, next state), sorted by weight after `update`.
    dynamic: Vec<(usize, usize)>,
    rules: Vec<RuleId>,
    /// Dynamic transitions by the hash of their content (the first one
    /// with that hash), to find an equal part when adding.
    by_content: HashMap<u64, usize, BuildHasherDefault<WordHasher>>,
    index: Option<PrefixIndex>,
    sorted: bool,
}

/// Werkzeug's state machine matcher.
#[derive(Debug, Clone)]
pub struct Matcher {
    states: Vec<State>,
    routes: RouteTable,
    parts: Vec<DynamicPart>,
    rules: Vec<RuleInfo>,
    external: HashMap<(String, bool), ExternalPartId>,
    external_count: usize,
    dirty: bool,
    /// States with at least this many dynamic transitions get an index.
    index_threshold: usize,
}

impl Default for Matcher {
    fn default() -> Self {
        Self::new()
    }
}

/// Stops the search early.
enum Stop<E> {
    /// A rule matches with a trailing slash added.
    SlashRequired,
    External(E),
}

/// Which parts are left of `[domain, *path.split("/")]`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rest {
    /// All of them, the domain first.
    Domain,
    /// The path segments from this byte offset on.
    Path(usize),
    /// Only an empty segment, left by a slash-suffixed final part.
    TrailingSlash,
    /// None.
    Done,
}

/// What the searches learn about rules that matched the path otherwise.
#[derive(Default)]
struct Mismatch {
    have_match_for: Vec<String>,
    websocket_mismatch: bool,
}

struct Search<'m, 's, 'e, E: ExternalMatcher> {
    matcher: &'m Matcher,
    domain: &'s str,
    path: &'s str,
    method: &'m str,
    websocket: bool,
    mismatch: Mismatch,
    external: &'e mut E,
    values: Vec<Cow<'s, str>>,
    candidates: Vec<usize>,
    depth: usize,
}

/// Most parts a match follows (Python's default recursion limit is 1000).
const MAX_DEPTH: usize = 1000;

impl<'m, 's, 'e, E: ExternalMatcher> Search<'m, 's, 'e, E> {
    fn new(
        matcher: &'m Matcher,
        domain: &'s str,
        path: &'s str,
        method: &'m str,
        websocket: bool,
        mismatch: Mismatch,
        external: &'e mut E,
    ) -> Self {
        Search {
            matcher,
            domain,
            path,
            method,
            websocket,
            mismatch,
            external,
            values: Vec::new(),
            candidates: Vec::new(),
            depth: 0,
        }
    }

    /// The head part, the parts after it, and whether it is the only part
    /// left and empty (Werkzeug's `parts == [""]`); `None` without parts.
    fn split(&self, rest: Rest) -> Option<(&'s str, Rest, bool)> {
        match rest {
            Rest::Domain => Some((self.domain, Rest::Path(0), false)),
            Rest::Path(offset) => {
                let tail = self.path.get(offset..)?;
                match memchr::memchr(b'/', tail.as_bytes()) {
                    Some(end) => Some((
                        tail.get(..end).unwrap_or_default(),
                        Rest::Path(offset + end + 1),
                        false,
                    )),
                    None => Some((tail, Rest::Done, tail.is_empty())),
                }
            }
            Rest::TrailingSlash => Some(("", Rest::Done, true)),
            Rest::Done => None,
        }
    }

    /// `"/".join(parts)`.
    fn joined(&self, rest: Rest) -> Cow<'s, str> {
        match rest {
            Rest::Domain => Cow::Owned(format!("{}/{}", self.domain, self.path)),
            Rest::Path(offset) => Cow::Borrowed(self.path.get(offset..).unwrap_or_default()),
            Rest::TrailingSlash | Rest::Done => Cow::Borrowed(""),
        }
    }

    fn note_method_mismatch(&mut self, rule: &RuleInfo) {
        if let Some(methods) = &rule.methods {
            for method in methods.iter() {
                if !self.mismatch.have_match_for.iter().any(|m| m == method) {
                    self.mismatch.have_match_for.push(method.to_owned());
                }
            }
        }
    }

    fn find(&mut self, state: usize, rest: Rest) -> Result<Option<RuleId>, Stop<E::Error>> {
        // Each level follows one part of a rule, so the depth is bounded by
        // the longest rule; rules deeper than this are not followed, where
        // Werkzeug's recursion would already have failed.
        if self.depth >= MAX_DEPTH {
            return Ok(None);
        }
        self.depth += 1;
        let found = self.find_in(state, rest);
        self.depth -= 1;
        found
    }

    fn find_in(&mut self, state: usize, rest: Rest) -> Result<Option<RuleId>, Stop<E::Error>> {
        let matcher = self.matcher;
        let Some(node) = matcher.states.get(state) else {
            return Ok(None);
        };
        let Some((part, next_rest, only_empty)) = self.split(rest) else {
            for &id in &node.rules {
                let Some(rule) = matcher.rules.get(id.0) else {
                    continue;
                };
                if !rule.allows(self.method) {
                    self.note_method_mismatch(rule);
                } else if rule.websocket != self.websocket {
                    self.mismatch.websocket_mismatch = true;
                } else {
                    return Ok(Some(id));
                }
            }
            // A rule that matches with a trailing slash added.
            if let Some(slash_state) = node.static_.get("").and_then(|s| matcher.states.get(s)) {
                for &id in &slash_state.rules {
                    let Some(rule) = matcher.rules.get(id.0) else {
                        continue;
                    };
                    if rule.websocket == self.websocket && rule.allows(self.method) {
                        if rule.strict_slashes {
                            return Err(Stop::SlashRequired);
                        }
                        return Ok(Some(id));
                    }
                }
            }
            return Ok(None);
        };

        if let Some(next) = node.static_.get(part) {
            if let Some(found) = self.find(next, next_rest)? {
                return Ok(Some(found));
            }
        }

        let mut candidates = std::mem::take(&mut self.candidates);
        candidates.clear();
        let indexed = match &node.index {
            Some(index) => {
                index.candidates(part, &mut candidates);
                true
            }
            None => false,
        };
        let count = if indexed {
            candidates.len()
        } else {
            node.dynamic.len()
        };
        let mut result = Ok(None);
        for k in 0..count {
            let position = if indexed {
                match candidates.get(k) {
                    Some(&position) => position,
                    None => break,
                }
            } else {
                k
            };
            let Some(&(part_index, next)) = node.dynamic.get(position) else {
                continue;
            };
            let Some(dynamic) = matcher.parts.get(part_index) else {
                continue;
            };
            match self.try_part(dynamic, part, rest, next_rest, next) {
                Ok(Some(found)) => {
                    result = Ok(Some(found));
                    break;
                }
                Ok(None) => {}
                Err(stop) => {
                    result = Err(stop);
                    break;
                }
            }
        }
        // Hand the buffer back for reuse by the next state.
        self.candidates = candidates;
        if !matches!(result, Ok(None)) {
            return result;
        }

        // Rules without strict slashes match with a trailing slash.
        if only_empty {
            for &id in &node.rules {
                let Some(rule) = matcher.rules.get(id.0) else {
                    continue;
                };
                if rule.strict_slashes {
                    continue;
                }
                if !rule.allows(self.method) {
                    self.note_method_mismatch(rule);
                } else if rule.websocket != self.websocket {
                    self.mismatch.websocket_mismatch = true;
                } else {
                    return Ok(Some(id));
                }
            }
        }
        Ok(None)
    }

    /// Tries one dynamic transition on the head segment.
    fn try_part(
        &mut self,
        dynamic: &DynamicPart,
        segment: &'s str,
        rest: Rest,
        next_rest: Rest,
        next: usize,
    ) -> Result<Option<RuleId>, Stop<E::Error>> {
        let (target, mut remaining) = if dynamic.part.is_final {
            (self.joined(rest), Rest::Done)
        } else {
            (Cow::Borrowed(segment), next_rest)
        };
        if !has_ends(&target, &dynamic.prefix, &dynamic.suffix) {
            return Ok(None);
        }
        let depth = self.values.len();
        let slash_suffix = match &dynamic.kind {
            Kind::Native(program) => {
                let values = &mut self.values;
                let found = match &target {
                    Cow::Borrowed(text) => {
                        program.match_target(text, |v| values.push(Cow::Borrowed(v)))
                    }
                    Cow::Owned(text) => {
                        program.match_target(text, |v| values.push(Cow::Owned(v.to_owned())))
                    }
                };
                match found {
                    Some(slash_suffix) => slash_suffix,
                    None => return Ok(None),
                }
            }
            Kind::External(id) => {
                let found = self
                    .external
                    .match_part(*id, &target)
                    .map_err(Stop::External)?;
                let Some(found) = found else {
                    return Ok(None);
                };
                self.values.extend(found.groups.into_iter().map(Cow::Owned));
                found.slash_suffix
            }
        };
        if dynamic.part.suffixed && slash_suffix {
            remaining = Rest::TrailingSlash;
        }
        let found = self.find(next, remaining);
        if !matches!(found, Ok(Some(_))) {
            self.values.truncate(depth);
        }
        found
    }
}

impl Matcher {
    /// An empty machine.
    pub fn new() -> Self {
        Matcher {
            states: vec![State::default()],
            routes: RouteTable::default(),
            parts: Vec::new(),
            rules: Vec::new(),
            external: HashMap::new(),
            external_count: 0,
            dirty: false,
            index_threshold: INDEX_THRESHOLD,
        }
    }

    /// A machine that indexes states from this many dynamic transitions on.
    #[cfg(test)]
    pub(crate) fn with_index_threshold(threshold: usize) -> Self {
        Matcher {
            index_threshold: threshold,
            ..Self::new()
        }
    }

    /// Number of rules added.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether no rule was added.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Adds a rule at the end of its state's rules.
    pub fn add(&mut self, rule: RuleSpec<'_>) -> Result<Added, RuleError> {
        let domain_variables = variable_count(&rule.domain);
        let variables = domain_variables + variable_count(&rule.path);
        if variables != rule.converters.len() {
            return Err(RuleError::ConverterCount {
                variables,
                converters: rule.converters.len(),
            });
        }
        let (domain_converters, path_converters) = rule
            .converters
            .split_at_checked(domain_variables)
            .ok_or(RuleError::ConverterCount {
                variables,
                converters: rule.converters.len(),
            })?;
        // One part per slash, the domain part and a possible empty last one.
        let slashes = rule
            .path
            .iter()
            .filter(|token| matches!(token, Token::Slash))
            .count();
        let mut parts = Vec::with_capacity(slashes + 3);
        if rule.domain.is_empty() {
            parts.push(empty_domain_part());
        } else {
            parse_parts_into(&rule.domain, domain_converters, 0, &mut parts)?;
        }
        parse_parts_into(&rule.path, path_converters, domain_variables, &mut parts)?;

        // A rule of static parts only (and not deeper than the search goes)
        // is found by its whole domain and path: the parts joined as the
        // search splits them, the first one the domain.
        let route = match parts.split_first() {
            Some((first, rest))
                if !rest.is_empty()
                    && parts.len() + 2 < MAX_DEPTH
                    && parts.iter().all(|part| part.is_static) =>
            {
                // The domain and the path in one string, sized up front.
                let size = parts.iter().map(|part| part.content.len() + 1).sum();
                let mut text = String::with_capacity(size);
                text.push_str(&first.content);
                for (i, part) in rest.iter().enumerate() {
                    if i > 0 {
                        text.push('/');
                    }
                    text.push_str(&part.content);
                }
                Some((text, first.content.len()))
            }
            _ => None,
        };

        let mut external = Vec::new();
        let mut state = 0;
        for part in parts {
            state = if part.is_static {
                self.static_transition(state, part.content)
            } else {
                self.dynamic_transition(state, part, &rule.converters, &mut external)
            };
        }
        let id = RuleId(self.rules.len());
        self.rules.push(RuleInfo {
            methods: rule.methods,
            websocket: rule.websocket,
            strict_slashes: rule.strict_slashes,
            merge_slashes: rule.merge_slashes,
        });
        if let Some(node) = self.states.get_mut(state) {
            node.rules.push(id);
        }
        if let Some((text, domain_len)) = route {
            self.routes.insert(text, domain_len, state);
        }
        Ok(Added { rule: id, external })
    }

    fn new_state(&mut self) -> usize {
        self.states.push(State::default());
        self.states.len() - 1
    }

    fn static_transition(&mut self, state: usize, content: Cow<'_, str>) -> usize {
        if let Some(next) = self.states.get(state).and_then(|s| s.static_.get(&content)) {
            return next;
        }
        let next = self.new_state();
        if let Some(node) = self.states.get_mut(state) {
            node.static_.insert(content.into_owned(), next);
        }
        next
    }

    fn dynamic_transition(
        &mut self,
        state: usize,
        part: RulePart<'_>,
        converters: &[ConverterSpec],
        external: &mut Vec<ExternalPart>,
    ) -> usize {
        let hash = hash_text(&part.content);
        if let Some(node) = self.states.get(state) {
            if let Some(&position) = node.by_content.get(&hash) {
                let same = |&(index, _): &(usize, usize)| {
                    self.parts.get(index).is_some_and(|p| p.part.same_as(&part))
                };
                if let Some(&(_, next)) = node.dynamic.get(position).filter(|t| same(t)) {
                    return next;
                }
                // Equal content with another weight, or a hash collision.
                if let Some(&(_, next)) = node.dynamic.iter().find(|t| same(t)) {
                    return next;
                }
            }
        }
        let kind = match Program::compile(&part.pieces, converters, part.suffixed) {
            Some(program) => Kind::Native(program),
            None => {
                let key = (part.content.to_string(), part.suffixed);
                let id = match self.external.get(&key) {
                    Some(&id) => id,
                    None => {
                        let id = ExternalPartId(self.external_count);
                        self.external_count += 1;
                        self.external.insert(key, id);
                        external.push(ExternalPart {
                            id,
                            regex: part.content.to_string(),
                            groups: part
                                .pieces
                                .iter()
                                .filter(|p| matches!(p, super::rule::Piece::Converter(_)))
                                .count(),
                            suffixed: part.suffixed,
                        });
                        id
                    }
                };
                Kind::External(id)
            }
        };
        let (prefix, suffix) = literal_ends(&part);
        let part_index = self.parts.len();
        self.parts.push(DynamicPart {
            part: PartKey {
                content: part.content.into_owned(),
                is_final: part.is_final,
                suffixed: part.suffixed,
                weight: part.weight,
            },
            kind,
            prefix,
            suffix,
        });
        let next = self.new_state();
        if let Some(node) = self.states.get_mut(state) {
            let position = node.dynamic.len();
            node.dynamic.push((part_index, next));
            node.by_content.entry(hash).or_insert(position);
            node.index = None;
            node.sorted = false;
        }
        self.dirty = true;
        next
    }

    /// Sorts dynamic transitions by weight (stable) and rebuilds the
    /// indexes. Cheap when nothing changed since the last call.
    pub fn update(&mut self) {
        if !self.dirty {
            return;
        }
        let parts = &self.parts;
        let threshold = self.index_threshold;
        for node in &mut self.states {
            if node.sorted {
                continue;
            }
            node.dynamic
                .sort_by(|a, b| match (parts.get(a.0), parts.get(b.0)) {
                    (Some(a), Some(b)) => a.part.weight.compare(&b.part.weight),
                    _ => std::cmp::Ordering::Equal,
                });
            node.by_content.clear();
            for (position, &(index, _)) in node.dynamic.iter().enumerate() {
                if let Some(found) = parts.get(index) {
                    node.by_content
                        .entry(hash_text(&found.part.content))
                        .or_insert(position);
                }
            }
            node.index = (node.dynamic.len() >= threshold).then(|| {
                PrefixIndex::build(
                    node.dynamic
                        .iter()
                        .map(|&(index, _)| parts.get(index).map_or("", |p| p.prefix.as_str())),
                )
            });
            node.sorted = true;
        }
        self.dirty = false;
    }

    /// Matches a domain and a path (normalised as Werkzeug's `MapAdapter`
    /// does) for a method, as Werkzeug's `StateMachineMatcher.match`,
    /// without converting values.
    pub fn match_path<'p, E: ExternalMatcher>(
        &self,
        domain: &'p str,
        path: &'p str,
        method: &str,
        websocket: bool,
        merge_slashes: bool,
        external: &mut E,
    ) -> Result<Outcome<'p>, E::Error> {
        // The rule the search would find first, when the path is a static
        // route and one of its rules takes the method and kind of request.
        if let Some(node) = self
            .routes
            .get(domain, path)
            .and_then(|state| self.states.get(state))
        {
            for &id in &node.rules {
                if self
                    .rules
                    .get(id.0)
                    .is_some_and(|rule| rule.websocket == websocket && rule.allows(method))
                {
                    return Ok(Outcome::Match {
                        rule: id,
                        values: Vec::new(),
                    });
                }
            }
        }
        let mut search = Search::new(
            self,
            domain,
            path,
            method,
            websocket,
            Mismatch::default(),
            external,
        );
        match search.find(0, Rest::Domain) {
            Ok(Some(rule)) => {
                return Ok(Outcome::Match {
                    rule,
                    values: search.values,
                })
            }
            Ok(None) => {}
            Err(Stop::SlashRequired) => return Ok(Outcome::RequestPath(format!("{path}/"))),
            Err(Stop::External(error)) => return Err(error),
        }
        let mut mismatch = search.mismatch;
        if merge_slashes {
            // A path without repeated slashes would be searched again as
            // it was, with the same result.
            if let Cow::Owned(merged) = merge_slashes_in(path) {
                let mut search =
                    Search::new(self, domain, &merged, method, websocket, mismatch, external);
                let found = search.find(0, Rest::Domain);
                mismatch = search.mismatch;
                match found {
                    Ok(Some(rule)) => {
                        if self.rules.get(rule.0).is_some_and(|r| r.merge_slashes) {
                            return Ok(Outcome::RequestPath(merged));
                        }
                    }
                    Ok(None) => {}
                    Err(Stop::SlashRequired) => {
                        return Ok(Outcome::RequestPath(format!("{merged}/")))
                    }
                    Err(Stop::External(error)) => return Err(error),
                }
            }
        }
        Ok(Outcome::NoMatch {
            have_match_for: mismatch.have_match_for,
            websocket_mismatch: mismatch.websocket_mismatch,
        })
    }
}

/// Whether `target` starts with `prefix` and, after it, ends with `suffix`.
/// Empty literals are common and skipped without a comparison call.
pub(crate) fn has_ends(target: &str, prefix: &str, suffix: &str) -> bool {
    let (target, prefix, suffix) = (target.as_bytes(), prefix.as_bytes(), suffix.as_bytes());
    if target.len() < prefix.len() + suffix.len() {
        return false;
    }
    (prefix.is_empty() || target.starts_with(prefix))
        && (suffix.is_empty() || target.ends_with(suffix))
}

/// The literal text a dynamic part's target must start and end with.
fn literal_ends(part: &RulePart<'_>) -> (String, String) {
    use super::rule::Piece;
    let mut prefix = String::new();
    for piece in &part.pieces {
        match piece {
            Piece::Literal(text) => prefix.push_str(text),
            Piece::Converter(_) => break,
        }
    }
    let mut suffix_pieces = Vec::new();
    if !part.suffixed {
        for piece in part.pieces.iter().rev() {
            match piece {
                Piece::Literal(text) => suffix_pieces.push(*text),
                Piece::Converter(_) => break,
            }
        }
    }
    suffix_pieces.reverse();
    (prefix, suffix_pieces.concat())
}

#[cfg(test)]
mod tests {
    use super::super::testing::{machine, machine_with, run, run_full, Opts};

    fn ok(rule: usize, values: &[&str]) -> Result<(usize, Vec<String>), String> {
        Ok((rule, values.iter().map(|v| (*v).to_owned()).collect()))
    }

    #[test]
    fn static_and_dynamic() {
        let m = machine(&["/", "/foo", "/foo/<int:id>", "/foo/<name>", "/bar/"]);
        assert_eq!(run(&m, "/"), ok(0, &[]));
        assert_eq!(run(&m, "/foo"), ok(1, &[]));
        assert_eq!(run(&m, "/foo/42"), ok(2, &["42"]));
        assert_eq!(run(&m, "/foo/x42"), ok(3, &["x42"]));
        assert_eq!(run(&m, "/bar/"), ok(4, &[]));
        assert_eq!(run(&m, "/bar"), Err("redirect /bar/".to_owned()));
        assert_eq!(
            run(&m, "/nope"),
            Err("no match [] websocket_mismatch=false".to_owned())
        );
    }

    #[test]
    fn static_routes_are_found_as_the_search_finds_them() {
        let m = machine_with([
            ("/a/b", Opts::default()),
            ("/a/<x>", Opts::default()),
            (
                "/a/b",
                Opts {
                    domain: "api",
                    ..Opts::default()
                },
            ),
            (
                "/<y>/b",
                Opts {
                    domain: "www",
                    ..Opts::default()
                },
            ),
            (
                "/m",
                Opts {
                    methods: Some(&["POST"]),
                    ..Opts::default()
                },
            ),
            (
                "/m",
                Opts {
                    websocket: true,
                    ..Opts::default()
                },
            ),
            ("/m", Opts::default()),
            ("/", Opts::default()),
            ("/d/", Opts::default()),
        ]);
        assert_eq!(run_full(&m, "", "/a/b", "GET", false), ok(0, &[]));
        assert_eq!(run_full(&m, "", "/a/c", "GET", false), ok(1, &["c"]));
        assert_eq!(run_full(&m, "api", "/a/b", "GET", false), ok(2, &[]));
        assert_eq!(run_full(&m, "www", "/a/b", "GET", false), ok(3, &["a"]));
        assert_eq!(
            run_full(&m, "a", "pi/a/b", "GET", false),
            Err("no match [] websocket_mismatch=false".to_owned())
        );
        // The first rule of the path that takes the method and kind.
        assert_eq!(run_full(&m, "", "/m", "POST", false), ok(4, &[]));
        assert_eq!(run_full(&m, "", "/m", "GET", true), ok(5, &[]));
        assert_eq!(run_full(&m, "", "/m", "GET", false), ok(6, &[]));
        assert_eq!(run_full(&m, "", "/", "GET", false), ok(7, &[]));
        assert_eq!(run_full(&m, "", "/d/", "GET", false), ok(8, &[]));
        assert_eq!(
            run_full(&m, "", "/d", "GET", false),
            Err("redirect /d/".to_owned())
        );
        assert_eq!(
            run_full(&m, "", "//a/b", "GET", false),
            Err("redirect /a/b".to_owned())
        );
        assert_eq!(
            run_full(&m, "", "", "GET", false),
            Err("redirect /".to_owned())
        );
    }

    #[test]
    fn methods_and_websocket() {
        let m = machine_with([
            (
                "/a",
                Opts {
                    methods: Some(&["POST"]),
                    ..Opts::default()
                },
            ),
            (
                "/a",
                Opts {
                    methods: Some(&["PUT", "POST"]),
                    ..Opts::default()
                },
            ),
            (
                "/ws",
                Opts {
                    websocket: true,
                    ..Opts::default()
                },
            ),
        ]);
        assert_eq!(
            run_full(&m, "", "/a", "GET", false),
            Err("no match [\"POST\", \"PUT\"] websocket_mismatch=false".to_owned())
        );
        assert_eq!(run_full(&m, "", "/a", "PUT", false), ok(1, &[]));
        assert_eq!(
            run_full(&m, "", "/ws", "GET", false),
            Err("no match [] websocket_mismatch=true".to_owned())
        );
        assert_eq!(run_full(&m, "", "/ws", "GET", true), ok(2, &[]));
    }

    #[test]
    fn external_parts() {
        use super::super::testing::{spec, FakeExternal};
        use super::{ExternalMatch, Outcome};
        let mut m = super::Matcher::new();
        let mut merged = String::new();
        let added = m.add(spec("/x/<re(a+b):v>.txt", &Opts::default(), &mut merged));
        let Ok(added) = added else {
            unreachable!("refused: {added:?}")
        };
        assert_eq!(added.external.len(), 1);
        assert_eq!(
            added.external.first().map(|p| p.regex.as_str()),
            Some("(?P<__werkzeug_0>a+b)\\.txt\\Z")
        );
        m.update();
        let mut external = FakeExternal {
            answer: |_, target: &str| {
                Some(ExternalMatch {
                    groups: vec![target.trim_end_matches(".txt").to_owned()],
                    slash_suffix: false,
                })
            },
            calls: Vec::new(),
        };
        let outcome = m.match_path("", "/x/aab.txt", "GET", false, false, &mut external);
        assert!(matches!(outcome, Ok(Outcome::Match { ref values, .. }) if values == &["aab"]));
        // The literal suffix is checked before asking.
        let outcome = m.match_path("", "/x/aab.png", "GET", false, false, &mut external);
        assert!(matches!(outcome, Ok(Outcome::NoMatch { .. })));
        assert_eq!(external.calls.len(), 1);
        let outcome = m.match_path("", "/x/fail.txt", "GET", false, false, &mut external);
        assert!(outcome.is_err());
        let _ = merged;
    }

    /// Checks one outcome, written as `match N [values]`, `redirect PATH`
    /// or `no match [methods] websocket_mismatch=B`.
    fn check(
        m: &super::Matcher,
        domain: &str,
        path: &str,
        method: &str,
        websocket: bool,
        merge: bool,
        expected: &str,
    ) {
        let got = match super::super::testing::run_merge(m, domain, path, method, websocket, merge)
        {
            Ok((rule, values)) => format!("match {rule} {values:?}"),
            Err(other) => other,
        };
        assert_eq!(
            got, expected,
            "{domain:?} {path:?} {method} websocket={websocket}"
        );
    }

    #[test]
    fn strict_slashes() {
        let m = machine_with([
            (
                "/foo/",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/bar/",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: false,
                    merge_slashes: true,
                },
            ),
            (
                "/baz",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: false,
                    merge_slashes: true,
                },
            ),
            (
                "/leaf",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/files/<path:p>/",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/docs/<path:p>/",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: false,
                    merge_slashes: true,
                },
            ),
            (
                "/<path:p>/edit",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
        ]);
        // Expected outcomes computed with Werkzeug 3.1.9's StateMachineMatcher.
        let merge = true;
        check(&m, "", "/foo", "GET", false, merge, "redirect /foo/");
        check(&m, "", "/foo/", "GET", false, merge, "match 0 []");
        check(&m, "", "/bar", "GET", false, merge, "match 1 []");
        check(&m, "", "/bar/", "GET", false, merge, "match 1 []");
        check(&m, "", "/baz/", "GET", false, merge, "match 2 []");
        check(&m, "", "/baz", "GET", false, merge, "match 2 []");
        check(
            &m,
            "",
            "/leaf/",
            "GET",
            false,
            merge,
            "no match [] websocket_mismatch=false",
        );
        check(
            &m,
            "",
            "/files/a/b",
            "GET",
            false,
            merge,
            "redirect /files/a/b/",
        );
        check(
            &m,
            "",
            "/files/a/b/",
            "GET",
            false,
            merge,
            "match 4 [\"a/b\"]",
        );
        check(
            &m,
            "",
            "/files/a//",
            "GET",
            false,
            merge,
            "redirect /files/a/",
        );
        check(&m, "", "/docs/a", "GET", false, merge, "match 5 [\"a\"]");
        check(&m, "", "/docs/a/", "GET", false, merge, "match 5 [\"a\"]");
        check(
            &m,
            "",
            "/x/y/edit",
            "GET",
            false,
            merge,
            "match 6 [\"x/y\"]",
        );
        check(
            &m,
            "",
            "/x/edit/",
            "GET",
            false,
            merge,
            "no match [] websocket_mismatch=false",
        );
        check(
            &m,
            "",
            "/foo",
            "POST",
            true,
            merge,
            "no match [] websocket_mismatch=false",
        );
    }

    #[test]
    fn merge_slashes() {
        let m = machine_with([
            (
                "/a/b",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/c/d/",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/raw//x",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: false,
                },
            ),
            (
                "/keep/<int:n>",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: false,
                },
            ),
            (
                "/p/<path:rest>",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
        ]);
        // Expected outcomes computed with Werkzeug 3.1.9's StateMachineMatcher.
        let merge = true;
        check(&m, "", "/a//b", "GET", false, merge, "redirect /a/b");
        check(&m, "", "//a/b", "GET", false, merge, "redirect /a/b");
        check(&m, "", "/c//d", "GET", false, merge, "redirect /c/d/");
        check(&m, "", "/c//d/", "GET", false, merge, "redirect /c/d/");
        check(&m, "", "/raw//x", "GET", false, merge, "match 2 []");
        check(
            &m,
            "",
            "/raw/x",
            "GET",
            false,
            merge,
            "no match [] websocket_mismatch=false",
        );
        check(
            &m,
            "",
            "/keep//1",
            "GET",
            false,
            merge,
            "no match [] websocket_mismatch=false",
        );
        check(&m, "", "/p/a//b", "GET", false, merge, "match 4 [\"a//b\"]");
        check(
            &m,
            "",
            "/a/b//",
            "GET",
            false,
            merge,
            "no match [] websocket_mismatch=false",
        );
        check(&m, "", "/a///b", "POST", false, merge, "redirect /a/b");
    }

    #[test]
    fn methods_websocket() {
        let m = machine_with([
            (
                "/r",
                Opts {
                    domain: "",
                    methods: Some(&["GET", "HEAD"]),
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/r",
                Opts {
                    domain: "",
                    methods: Some(&["POST", "PUT"]),
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/w",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: true,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/w",
                Opts {
                    domain: "",
                    methods: Some(&["POST"]),
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/both/",
                Opts {
                    domain: "",
                    methods: Some(&["DELETE"]),
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/m/<int:i>",
                Opts {
                    domain: "",
                    methods: Some(&["PATCH"]),
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/m/<x>",
                Opts {
                    domain: "",
                    methods: Some(&["GET", "HEAD"]),
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
        ]);
        // Expected outcomes computed with Werkzeug 3.1.9's StateMachineMatcher.
        let merge = true;
        check(&m, "", "/r", "GET", false, merge, "match 0 []");
        check(&m, "", "/r", "HEAD", false, merge, "match 0 []");
        check(&m, "", "/r", "PUT", false, merge, "match 1 []");
        check(
            &m,
            "",
            "/r",
            "DELETE",
            false,
            merge,
            "no match [\"GET\", \"HEAD\", \"POST\", \"PUT\"] websocket_mismatch=false",
        );
        check(&m, "", "/w", "GET", true, merge, "match 2 []");
        check(
            &m,
            "",
            "/w",
            "GET",
            false,
            merge,
            "no match [\"POST\"] websocket_mismatch=true",
        );
        check(&m, "", "/w", "POST", false, merge, "match 3 []");
        check(&m, "", "/w", "POST", true, merge, "match 2 []");
        check(
            &m,
            "",
            "/both",
            "GET",
            false,
            merge,
            "no match [] websocket_mismatch=false",
        );
        check(&m, "", "/both", "DELETE", false, merge, "redirect /both/");
        check(
            &m,
            "",
            "/both/",
            "GET",
            false,
            merge,
            "no match [\"DELETE\"] websocket_mismatch=false",
        );
        check(&m, "", "/m/1", "GET", false, merge, "match 6 [\"1\"]");
        check(&m, "", "/m/1", "PATCH", false, merge, "match 5 [\"1\"]");
        check(
            &m,
            "",
            "/m/1",
            "POST",
            false,
            merge,
            "no match [\"GET\", \"HEAD\", \"PATCH\"] websocket_mismatch=false",
        );
        check(
            &m,
            "",
            "/r",
            "GET",
            true,
            merge,
            "no match [\"POST\", \"PUT\"] websocket_mismatch=true",
        );
    }

    #[test]
    fn backtracking_and_weights() {
        let m = machine_with([
            (
                "/a/<x>/c",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/<y>/b/d",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/<int:n>",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/<s>",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/<path:p>",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/n/<float:f>",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/n/<int:i>",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/n/<any(x,y):a>",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/n/x<int:i>",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/n/<p>-<q>",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/n/<string(length=2):s>",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/u/<uuid:u>",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/u/<u>",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
        ]);
        // Expected outcomes computed with Werkzeug 3.1.9's StateMachineMatcher.
        let merge = true;
        check(&m, "", "/a/b/d", "GET", false, merge, "match 1 [\"a\"]");
        check(&m, "", "/a/z/c", "GET", false, merge, "match 0 [\"z\"]");
        check(&m, "", "/12", "GET", false, merge, "match 2 [\"12\"]");
        check(&m, "", "/x12", "GET", false, merge, "match 3 [\"x12\"]");
        check(&m, "", "/a/b", "GET", false, merge, "match 4 [\"a/b\"]");
        check(&m, "", "/n/1.5", "GET", false, merge, "match 5 [\"1.5\"]");
        check(&m, "", "/n/15", "GET", false, merge, "match 6 [\"15\"]");
        check(&m, "", "/n/x", "GET", false, merge, "match 7 [\"x\"]");
        check(&m, "", "/n/x5", "GET", false, merge, "match 8 [\"5\"]");
        check(
            &m,
            "",
            "/n/a-b-c",
            "GET",
            false,
            merge,
            "match 9 [\"a-b\", \"c\"]",
        );
        check(&m, "", "/n/ab", "GET", false, merge, "match 10 [\"ab\"]");
        check(&m, "", "/n/abc", "GET", false, merge, "match 4 [\"n/abc\"]");
        check(
            &m,
            "",
            "/u/12345678-1234-1234-1234-1234567890ab",
            "GET",
            false,
            merge,
            "match 11 [\"12345678-1234-1234-1234-1234567890ab\"]",
        );
        check(&m, "", "/u/x", "GET", false, merge, "match 12 [\"x\"]");
        check(
            &m,
            "",
            "",
            "GET",
            false,
            merge,
            "no match [] websocket_mismatch=false",
        );
        check(
            &m,
            "",
            "/",
            "GET",
            false,
            merge,
            "no match [] websocket_mismatch=false",
        );
    }

    #[test]
    fn subdomains() {
        let m = machine_with([
            (
                "/",
                Opts {
                    domain: "<user>",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/",
                Opts {
                    domain: "www",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/s/<int:n>",
                Opts {
                    domain: "<user>.<int:id>",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/",
                Opts {
                    domain: "",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/p",
                Opts {
                    domain: "api",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
        ]);
        // Expected outcomes computed with Werkzeug 3.1.9's StateMachineMatcher.
        let merge = true;
        check(&m, "www", "/", "GET", false, merge, "match 1 []");
        check(&m, "bob", "/", "GET", false, merge, "match 0 [\"bob\"]");
        check(&m, "", "/", "GET", false, merge, "match 3 []");
        check(
            &m,
            "a.7",
            "/s/3",
            "GET",
            false,
            merge,
            "match 2 [\"a\", \"7\", \"3\"]",
        );
        check(
            &m,
            "a.b.7",
            "/s/3",
            "GET",
            false,
            merge,
            "match 2 [\"a.b\", \"7\", \"3\"]",
        );
        check(&m, "api", "/p", "GET", false, merge, "match 4 []");
        check(
            &m,
            "api",
            "/x",
            "GET",
            false,
            merge,
            "no match [] websocket_mismatch=false",
        );
        check(
            &m,
            "x",
            "/p",
            "GET",
            false,
            merge,
            "no match [] websocket_mismatch=false",
        );
    }

    #[test]
    fn host_matching() {
        let m = machine_with([
            (
                "/",
                Opts {
                    domain: "<sub>.example.com",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/x",
                Opts {
                    domain: "example.com",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
            (
                "/y",
                Opts {
                    domain: "<path:h>",
                    methods: None,
                    websocket: false,
                    strict_slashes: true,
                    merge_slashes: true,
                },
            ),
        ]);
        // Expected outcomes computed with Werkzeug 3.1.9's StateMachineMatcher.
        let merge = true;
        check(
            &m,
            "a.example.com",
            "/",
            "GET",
            false,
            merge,
            "match 0 [\"a\"]",
        );
        check(&m, "example.com", "/x", "GET", false, merge, "match 1 []");
        check(
            &m,
            "example.com",
            "/",
            "GET",
            false,
            merge,
            "no match [] websocket_mismatch=false",
        );
        check(
            &m,
            "a/b",
            "/y",
            "GET",
            false,
            merge,
            "no match [] websocket_mismatch=false",
        );
        check(
            &m,
            "h",
            "/y",
            "GET",
            false,
            merge,
            "no match [] websocket_mismatch=false",
        );
    }

    /// Native matching work for one match of `path`.
    fn steps(m: &super::Matcher, path: &str) -> (Result<(usize, Vec<String>), String>, usize) {
        super::super::converter::STEPS.with(|steps| steps.set(0));
        let outcome = run(m, path);
        let steps = super::super::converter::STEPS.with(|steps| steps.get());
        (outcome, steps)
    }

    #[test]
    fn hostile_segments_take_linear_work() {
        let m = machine(&[
            "/<a>-<b>-<c>",
            "/<a>-<b>-<c>-<int:d>.<int:e>",
            "/<string(minlength=2):a>-<b>-<c>/x",
            "/<path:a>/x/<path:b>/y",
            "/<path:a>-<b>-<c>",
            "/<any(a,aa,aaa):a><a>-<b>",
        ]);
        let n = 100_000;
        let hostile = [
            format!("/{}", "-".repeat(n)),
            format!("/{}", "a-".repeat(n / 2)),
            format!("/{}", "a".repeat(n)),
            format!("/{}b", "a-".repeat(n / 2)),
            format!("/{}", "a/".repeat(n / 2)),
            format!("/{}/y/", "a/x".repeat(n / 3)),
            format!("/{}.", "1-".repeat(n / 2)),
        ];
        for path in &hostile {
            let (_, work) = steps(&m, path);
            // Six rules of at most eight atoms each, a few steps per
            // character and atom: a backtracking matcher would need far
            // more (quadratic or exponential) on these.
            assert!(
                work <= 200 * path.len(),
                "{} steps for a path of {} characters",
                work,
                path.len()
            );
        }
        // And the values are still Python's.
        let path = format!("/{}-b-c", "a".repeat(n));
        let (outcome, _) = steps(&m, &path);
        let expected_first = "a".repeat(n);
        assert_eq!(outcome, ok(0, &[expected_first.as_str(), "b", "c"]));
    }

    #[test]
    fn thousand_dynamic_rules_at_one_level() {
        let rules: Vec<String> = (0..1000).map(|i| format!("/p/item{i}-<int:id>")).collect();
        let refs: Vec<&str> = rules.iter().map(String::as_str).collect();
        let mut m = machine(&refs);
        for i in [0usize, 1, 10, 99, 100, 500, 999] {
            assert_eq!(run(&m, &format!("/p/item{i}-42")), ok(i, &["42"]));
        }
        assert_eq!(
            run(&m, "/p/item1000-42"),
            Err("no match [] websocket_mismatch=false".to_owned())
        );
        // Both "item1-" and "item1" are candidate prefixes of "item1-7";
        // the index tries them in weight order (the longer static text
        // first), as Werkzeug's sorted scan does. Werkzeug gives
        // (1000, n=5) for /p/item15 and (1, id=7) for /p/item1-7.
        let mut merged = String::new();
        let added = m.add(super::super::testing::spec(
            "/p/item1<int:n>",
            &Opts::default(),
            &mut merged,
        ));
        assert!(added.is_ok());
        // Before update the new transition is unindexed but matchable.
        assert!(run(&m, "/p/item15").is_ok());
        m.update();
        assert_eq!(run(&m, "/p/item15"), ok(1000, &["5"]));
        assert_eq!(run(&m, "/p/item1-7"), ok(1, &["7"]));
        // Only the candidates sharing the prefix are tried.
        super::super::converter::STEPS.with(|s| s.set(0));
        assert_eq!(run(&m, "/p/item7-3"), ok(7, &["3"]));
        let work = super::super::converter::STEPS.with(|s| s.get());
        assert!(work < 100, "{work} steps");
    }

    #[test]
    fn ten_thousand_rules() {
        let mut rules = Vec::new();
        for i in 0..2500 {
            rules.push(format!("/s{i}/static"));
            rules.push(format!("/s{i}/<int:id>"));
            rules.push(format!("/d/v{i}.<name>"));
            rules.push(format!("/e/{i}/<path:rest>/"));
        }
        let refs: Vec<&str> = rules.iter().map(String::as_str).collect();
        let m = machine(&refs);
        assert_eq!(m.len(), 10_000);
        for i in [0usize, 7, 1234, 2499] {
            assert_eq!(run(&m, &format!("/s{i}/static")), ok(4 * i, &[]));
            assert_eq!(run(&m, &format!("/s{i}/9")), ok(4 * i + 1, &["9"]));
            assert_eq!(run(&m, &format!("/d/v{i}.x")), ok(4 * i + 2, &["x"]));
            assert_eq!(run(&m, &format!("/e/{i}/a/b/")), ok(4 * i + 3, &["a/b"]));
            assert_eq!(
                run(&m, &format!("/e/{i}/a/b")),
                Err(format!("redirect /e/{i}/a/b/"))
            );
        }
        assert!(run(&m, "/d/w1.x").is_err());
    }

    #[test]
    fn index_agrees_with_scanning() {
        use super::super::testing::{run_merge, spec};
        let templates = [
            "/p/<a>",
            "/p/a<a>",
            "/p/ab<int:a>",
            "/p/a<a>b",
            "/p/<a>-<b>",
            "/p/b<int:a>.<int:b>",
            "/p/<int:a>",
            "/p/<path:a>",
            "/p/a<path:a>/x",
            "/p/ab/<a>",
            "/p/<any(a,ab,b):a>",
            "/p/aa<string(length=2):a>",
            "/p/<a>b",
            "/p/<a>ab",
            "/p/é<a>",
            "/p/é<int:a>",
        ];
        let paths = [
            "/p/a",
            "/p/ab",
            "/p/abc",
            "/p/ab1",
            "/p/a1b",
            "/p/a-b",
            "/p/b1.2",
            "/p/12",
            "/p/a/b",
            "/p/ab/x",
            "/p/ax/y/x",
            "/p/aaxy",
            "/p/aab",
            "/p/éx",
            "/p/é1",
            "/p/",
            "/p/b",
            "/p/ab/c",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..200 {
            let count = 1 + (next() % 24) as usize;
            let rules: Vec<&str> = (0..count)
                .map(|_| templates[(next() % templates.len() as u64) as usize])
                .collect();
            let mut indexed = super::Matcher::with_index_threshold(0);
            let mut scanned = super::Matcher::with_index_threshold(usize::MAX);
            for rule in &rules {
                let mut merged = String::new();
                assert!(indexed
                    .add(spec(rule, &Opts::default(), &mut merged))
                    .is_ok());
                let mut merged = String::new();
                assert!(scanned
                    .add(spec(rule, &Opts::default(), &mut merged))
                    .is_ok());
            }
            indexed.update();
            scanned.update();
            for path in paths {
                assert_eq!(
                    run_merge(&indexed, "", path, "GET", false, true),
                    run_merge(&scanned, "", path, "GET", false, true),
                    "{rules:?} {path}"
                );
            }
        }
    }

    /// Adds a rule whose variables named `u*` use the given user regexes
    /// (in order) and the others built-in converters.
    fn add_user(m: &mut super::Matcher, rule: &str, user: &[(&str, bool)]) -> super::Added {
        use super::super::converter::ConverterSpec;
        use super::super::rule::{tokenize, Token};
        let tokens = tokenize(rule).unwrap();
        let mut user = user.iter();
        let converters = tokens
            .iter()
            .filter_map(|t| match t {
                Token::Variable {
                    converter, name, ..
                } if name.starts_with('u') => {
                    let _ = converter;
                    let (regex, isolating) = user.next().unwrap();
                    Some(ConverterSpec {
                        regex: (*regex).to_owned(),
                        weight: 100.0,
                        part_isolating: *isolating,
                    })
                }
                Token::Variable {
                    converter,
                    arguments,
                    ..
                } => Some(super::super::testing::builtin(converter, *arguments)),
                _ => None,
            })
            .collect();
        m.add(super::RuleSpec {
            domain: Vec::new(),
            path: tokens,
            converters,
            methods: None,
            websocket: false,
            strict_slashes: true,
            merge_slashes: true,
        })
        .unwrap()
    }

    #[test]
    fn external_regex_sources_as_werkzeug() {
        // Expected sources: the `content` of the dynamic parts Werkzeug
        // 3.1.9 builds for the same rules with converters of these regexes
        // (computed with Python 3.11).
        /// Rule, user regexes and whether each is part isolating, then the
        /// expected source, group count and suffix flag.
        type Case = (
            &'static str,
            &'static [(&'static str, bool)],
            &'static str,
            usize,
            bool,
        );
        let cases: &[Case] = &[
            (
                "/x/<u>.txt",
                &[("(a)(b)+", true)],
                "(?P<__werkzeug_0>(a)(b)+)\\.txt\\Z",
                1,
                false,
            ),
            (
                "/<u>-<int:b>",
                &[("[a-z]+", true)],
                "(?P<__werkzeug_0>[a-z]+)\\-(?P<__werkzeug_1>\\d+)\\Z",
                2,
                false,
            ),
            (
                "/f/<u>/",
                &[("[^/]+/(?:x|y)", false)],
                "(?P<__werkzeug_0>[^/]+/(?:x|y))(?<!/)(/?)\\Z",
                1,
                true,
            ),
            (
                "/f/<u>/<int:n>",
                &[("[^/]+/(?:x|y)", false)],
                "(?P<__werkzeug_0>[^/]+/(?:x|y))/(?P<__werkzeug_1>\\d+)\\Z",
                2,
                false,
            ),
            (
                "/q/a.b<u>",
                &[("x|y", true)],
                "a\\.b(?P<__werkzeug_0>x|y)\\Z",
                1,
                false,
            ),
            (
                "/é <u>",
                &[("\\d{2}", true)],
                "é\\ (?P<__werkzeug_0>\\d{2})\\Z",
                1,
                false,
            ),
        ];
        for (rule, user, regex, groups, suffixed) in cases {
            let mut m = super::Matcher::new();
            let added = add_user(&mut m, rule, user);
            assert_eq!(added.external.len(), 1, "{rule}");
            let part = &added.external[0];
            assert_eq!(part.regex, *regex, "{rule}");
            assert_eq!(part.groups, *groups, "{rule}");
            assert_eq!(part.suffixed, *suffixed, "{rule}");
        }
    }

    #[test]
    fn external_parts_are_shared_and_driven_by_the_caller() {
        use super::super::testing::FakeExternal;
        use super::{ExternalMatch, Outcome};
        let mut m = super::Matcher::new();
        let first = add_user(&mut m, "/a/<u>", &[("[a-z]+", true)]);
        // The same part under another state reuses the regex id; the same
        // part at the same state is the same transition.
        let second = add_user(&mut m, "/b/<u>", &[("[a-z]+", true)]);
        let third = add_user(&mut m, "/a/<u>", &[("[a-z]+", true)]);
        let suffixed = add_user(&mut m, "/f/<u>/", &[("[^/]+/x", false)]);
        m.update();
        assert_eq!(first.external.len(), 1);
        assert!(second.external.is_empty());
        assert!(third.external.is_empty());
        assert_eq!(suffixed.external.len(), 1);
        let slashy = suffixed.external[0].id;
        let mut external = FakeExternal {
            answer: |part, target: &str| {
                if part == slashy {
                    // As Python would for "(?P<__werkzeug_0>[^/]+/x)(?<!/)(/?)\Z".
                    let (value, slash) = match target.strip_suffix('/') {
                        Some(value) => (value, true),
                        None => (target, false),
                    };
                    return (value.len() > 2 && value.ends_with("/x")).then(|| ExternalMatch {
                        groups: vec![value.to_owned()],
                        slash_suffix: slash,
                    });
                }
                target
                    .bytes()
                    .all(|b| b.is_ascii_lowercase())
                    .then(|| ExternalMatch {
                        groups: vec![target.to_owned()],
                        slash_suffix: false,
                    })
            },
            calls: Vec::new(),
        };
        let mut go = |path: &str| match m.match_path("", path, "GET", false, true, &mut external) {
            Ok(Outcome::Match { rule, values }) => format!("{} {:?}", rule.0, values),
            Ok(Outcome::RequestPath(path)) => format!("redirect {path}"),
            Ok(Outcome::NoMatch { .. }) => "no match".to_owned(),
            Err(error) => format!("error {error}"),
        };
        assert_eq!(go("/a/abc"), "0 [\"abc\"]");
        assert_eq!(go("/b/xyz"), "1 [\"xyz\"]");
        assert_eq!(go("/a/ABC"), "no match");
        assert_eq!(go("/f/q/x/"), "3 [\"q/x\"]");
        assert_eq!(go("/f/q/x"), "redirect /f/q/x/");
        assert_eq!(go("/a/fail"), "error external failure");
        assert_eq!(external.calls.first().map(|c| c.1.as_str()), Some("abc"));
    }

    #[test]
    fn deep_rules_are_bounded() {
        let deep = format!("/{}", "a/".repeat(2000));
        let shallow = format!("/{}", "a/".repeat(500));
        let m = machine(&[deep.as_str(), shallow.as_str()]);
        assert_eq!(run(&m, &shallow), ok(1, &[]));
        assert_eq!(
            run(&m, &deep),
            Err("no match [] websocket_mismatch=false".to_owned())
        );
    }

    #[test]
    fn unicode_rules() {
        // Expected outcomes computed with Werkzeug 3.1.9's StateMachineMatcher.
        let m = machine(&[
            "/é/ü",
            "/é/<string(length=2):v>",
            "/日本/<int:n>/",
            "/x/<v>ü",
        ]);
        assert_eq!(run(&m, "/é/ü"), ok(0, &[]));
        assert_eq!(run(&m, "/é/üü"), ok(1, &["üü"]));
        assert_eq!(run(&m, "/é/ab"), ok(1, &["ab"]));
        assert_eq!(
            run(&m, "/é/abc"),
            Err("no match [] websocket_mismatch=false".to_owned())
        );
        assert_eq!(run(&m, "/日本/٣/"), ok(2, &["٣"]));
        assert_eq!(run(&m, "/日本/12"), Err("redirect /日本/12/".to_owned()));
        assert_eq!(run(&m, "/x/aüü"), ok(3, &["aü"]));
        assert_eq!(
            run(&m, "/x/ü"),
            Err("no match [] websocket_mismatch=false".to_owned())
        );
    }

    #[test]
    fn update_sorts_only_what_changed_and_clones_match_alike() {
        let mut m = super::Matcher::default();
        assert!(m.is_empty());
        let mut merged = String::new();
        let _ = m.add(super::super::testing::spec(
            "/<name>",
            &Opts::default(),
            &mut merged,
        ));
        let mut merged = String::new();
        let _ = m.add(super::super::testing::spec(
            "/<int:n>",
            &Opts::default(),
            &mut merged,
        ));
        // Before update, transitions are tried in the order they were added,
        // as in Werkzeug before `update()`.
        assert_eq!(run(&m, "/5"), ok(0, &["5"]));
        m.update();
        assert_eq!(run(&m, "/5"), ok(1, &["5"]));
        let copy = m.clone();
        m.update();
        assert_eq!(run(&copy, "/5"), run(&m, "/5"));
        assert_eq!(m.len(), 2);
    }

    /// Greedy and weighted paths, many converters in one part, a newline,
    /// strict_slashes=False, paths followed by static text.
    #[test]
    fn greedy_paths_and_converter_runs() {
        let m = machine_with([
            ("/home", Opts { domain: "", methods: None, websocket: false, strict_slashes: true, merge_slashes: true }),
            ("/<path:first>", Opts { domain: "", methods: None, websocket: false, strict_slashes: true, merge_slashes: true }),
            ("/<path:first>/<path:second>", Opts { domain: "", methods: None, websocket: false, strict_slashes: true, merge_slashes: true }),
            ("/<path:p>/z", Opts { domain: "", methods: None, websocket: false, strict_slashes: true, merge_slashes: true }),
            ("/<path:p>/<x>/<y>", Opts { domain: "", methods: None, websocket: false, strict_slashes: true, merge_slashes: true }),
            ("/w/<int:n>", Opts { domain: "", methods: None, websocket: false, strict_slashes: true, merge_slashes: true }),
            ("/w/<uuid:n>", Opts { domain: "", methods: None, websocket: false, strict_slashes: true, merge_slashes: true }),
            ("/r<int:x>.<int:y>", Opts { domain: "", methods: None, websocket: false, strict_slashes: true, merge_slashes: true }),
            ("/.<int:n>", Opts { domain: "", methods: None, websocket: false, strict_slashes: true, merge_slashes: true }),
            ("/n/<int:k0>_<int:k1>_<int:k2>_<int:k3>_<int:k4>_<int:k5>_<int:k6>_<int:k7>_<int:k8>_<int:k9>_<int:k10>_<int:k11>", Opts { domain: "", methods: None, websocket: false, strict_slashes: true, merge_slashes: true }),
            ("/greet", Opts { domain: "", methods: None, websocket: false, strict_slashes: true, merge_slashes: true }),
            ("/s/one", Opts { domain: "", methods: None, websocket: false, strict_slashes: false, merge_slashes: true }),
            ("/s/two/", Opts { domain: "", methods: None, websocket: false, strict_slashes: false, merge_slashes: true }),
            ("/s/<path:rest>", Opts { domain: "", methods: None, websocket: false, strict_slashes: false, merge_slashes: true }),
            ("/t/<path:doc>;view", Opts { domain: "", methods: None, websocket: false, strict_slashes: true, merge_slashes: true }),
            ("/t/<path:doc>;<path:mode>", Opts { domain: "", methods: None, websocket: false, strict_slashes: true, merge_slashes: true }),
            ("/t/<path:a>/deep/<path:b>/show", Opts { domain: "", methods: None, websocket: false, strict_slashes: true, merge_slashes: true }),
            ("/t/Member:<who>/note/<int:n>-<int:m>", Opts { domain: "", methods: None, websocket: false, strict_slashes: true, merge_slashes: true }),
            ("/t/Topic:<path:name>", Opts { domain: "", methods: None, websocket: false, strict_slashes: true, merge_slashes: true }),
        ]);
        // Expected outcomes computed with Werkzeug 3.1.9's StateMachineMatcher.
        let merge = true;
        check(&m, "", "/home", "GET", false, merge, "match 0 []");
        check(&m, "", "/page", "GET", false, merge, "match 1 [\"page\"]");
        check(
            &m,
            "",
            "/x/y",
            "GET",
            false,
            merge,
            "match 2 [\"x\", \"y\"]",
        );
        check(&m, "", "/q/r/z", "GET", false, merge, "match 3 [\"q/r\"]");
        check(
            &m,
            "",
            "/w/0c2f1a8e-53b4-4e71-a0d2-6f5c9d3e8b17",
            "GET",
            false,
            merge,
            "match 6 [\"0c2f1a8e-53b4-4e71-a0d2-6f5c9d3e8b17\"]",
        );
        check(&m, "", "/w/77", "GET", false, merge, "match 5 [\"77\"]");
        check(
            &m,
            "",
            "/r3.14",
            "GET",
            false,
            merge,
            "match 7 [\"3\", \"14\"]",
        );
        check(&m, "", "/.7", "GET", false, merge, "match 8 [\"7\"]");
        check(&m, "", "/x7", "GET", false, merge, "match 1 [\"x7\"]");
        check(&m, "", "/n/0_3_6_9_12_15_18_21_24_27_30_33", "GET", false, merge, "match 9 [\"0\", \"3\", \"6\", \"9\", \"12\", \"15\", \"18\", \"21\", \"24\", \"27\", \"30\", \"33\"]");
        check(
            &m,
            "",
            "/greet\n",
            "GET",
            false,
            merge,
            "no match [] websocket_mismatch=false",
        );
        check(&m, "", "/s/one/", "GET", false, merge, "match 11 []");
        check(&m, "", "/s/two", "GET", false, merge, "match 12 []");
        check(
            &m,
            "",
            "/s/else/",
            "GET",
            false,
            merge,
            "match 13 [\"else/\"]",
        );
        check(
            &m,
            "",
            "/t/Doc;view",
            "GET",
            false,
            merge,
            "match 14 [\"Doc\"]",
        );
        check(
            &m,
            "",
            "/t/Doc;edit",
            "GET",
            false,
            merge,
            "match 15 [\"Doc\", \"edit\"]",
        );
        check(
            &m,
            "",
            "/t/a/b/deep/c/d/show",
            "GET",
            false,
            merge,
            "match 16 [\"a/b\", \"c/d\"]",
        );
        check(
            &m,
            "",
            "/t/Member:ann/note/12-34",
            "GET",
            false,
            merge,
            "match 17 [\"ann\", \"12\", \"34\"]",
        );
        check(
            &m,
            "",
            "/t/Topic:Main/x",
            "GET",
            false,
            merge,
            "match 18 [\"Main/x\"]",
        );
    }

    #[test]
    fn method_sets() {
        use super::{Methods, COMMON_METHODS};
        for (index, method) in COMMON_METHODS.iter().enumerate() {
            assert_eq!(Methods::bit(method), Some(1 << index), "{method}");
        }
        assert_eq!(Methods::bit("get"), None);
        let methods: Methods = ["POST", "PROPFIND", "GET", "PROPFIND", "HEAD"]
            .into_iter()
            .collect();
        assert_eq!(
            methods.iter().collect::<Vec<_>>(),
            ["GET", "HEAD", "POST", "PROPFIND"]
        );
        for method in ["GET", "HEAD", "POST", "PROPFIND"] {
            assert!(methods.contains(method), "{method}");
        }
        for method in ["PUT", "get", "PROP", "", "PROPFINDX"] {
            assert!(!methods.contains(method), "{method}");
        }
        assert!(Methods::new().iter().next().is_none());
    }

    #[test]
    fn matchers_can_be_shared_between_threads() {
        fn shared<T: Send + Sync + Clone + Default>() {}
        shared::<super::Matcher>();
    }
}
