//! File change notifications for the development server's reloader.
//!
//! This is the one module of the core that does I/O: it asks the operating
//! system (inotify, FSEvents, kqueue, ReadDirectoryChangesW, through the
//! `notify` crate) to report changes under directories, and blocks the
//! calling thread until a change that matters arrives or a timeout passes.
//! Waiting costs no CPU, unlike polling every file's modification time.
//!
//! Which changes matter is decided by a [`ChangeFilter`]: a path counts when
//! it matches one of the include patterns and none of the exclude patterns,
//! both `fnmatch` patterns as Python's `fnmatch.fnmatchcase` reads them
//! (`*` also matches `/`).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{Event, RecommendedWatcher, RecursiveMode, Watcher, WatcherKind};

/// What can go wrong while setting up or changing the watches.
#[derive(Debug)]
pub enum WatchError {
    /// The operating system's notification service could not be started.
    Backend(String),
    /// A directory could not be watched, or unwatched.
    Path { path: PathBuf, reason: String },
}

impl WatchError {
    /// A sentence saying what failed and why.
    pub fn message(&self) -> String {
        match self {
            WatchError::Backend(reason) => {
                format!("cannot start watching files for changes: {reason}")
            }
            WatchError::Path { path, reason } => {
                format!("cannot watch {} for changes: {reason}", path.display())
            }
        }
    }
}

impl std::fmt::Display for WatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for WatchError {}

/// Matches `name` against the shell-style `pattern` as `fnmatch.fnmatchcase`
/// does: `*` is any run of characters, `?` any one character, `[abc]`, `[a-z]`
/// and `[!abc]` a set, and anything else itself.
pub fn fnmatch(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    let (mut p, mut n) = (0, 0);
    // Where to resume after the last `*`: (pattern index after it, name index).
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        let step = match pattern.get(p) {
            Some('*') => {
                star = Some((p + 1, n));
                p += 1;
                continue;
            }
            Some('?') => Some(p + 1),
            Some('[') => match_set(&pattern, p, name.get(n).copied()),
            Some(&c) if Some(&c) == name.get(n) => Some(p + 1),
            _ => None,
        };
        match (step, star) {
            (Some(next), _) => {
                p = next;
                n += 1;
            }
            (None, Some((after_star, from))) => {
                // Let the last `*` take one more character and retry.
                p = after_star;
                n = from + 1;
                star = Some((after_star, from + 1));
            }
            (None, None) => return false,
        }
    }
    pattern
        .get(p..)
        .is_some_and(|rest| rest.iter().all(|&c| c == '*'))
}

/// Matches `c` against the set starting at `pattern[open]` (a `[`); returns
/// the index after the set if it matches. A `[` without a closing `]` is a
/// literal `[`, as in Python.
fn match_set(pattern: &[char], open: usize, c: Option<char>) -> Option<usize> {
    let c = c?;
    let mut i = open + 1;
    let negate = matches!(pattern.get(i), Some('!'));
    if negate {
        i += 1;
    }
    let first = i;
    let mut found = false;
    loop {
        match pattern.get(i) {
            None => return (c == '[').then_some(open + 1),
            Some(']') if i > first => break,
            Some(&low) => {
                if let (Some('-'), Some(&high)) = (pattern.get(i + 1), pattern.get(i + 2)) {
                    if high != ']' {
                        found |= low <= c && c <= high;
                        i += 3;
                        continue;
                    }
                }
                found |= low == c;
                i += 1;
            }
        }
    }
    (found != negate).then_some(i + 1)
}

/// Decides which changed paths matter to the reloader.
#[derive(Debug, Clone, Default)]
pub struct ChangeFilter {
    include: Vec<String>,
    exclude: Vec<String>,
}

impl ChangeFilter {
    /// A filter that takes paths matching one of `include` and none of
    /// `exclude`.
    pub fn new(include: Vec<String>, exclude: Vec<String>) -> Self {
        ChangeFilter { include, exclude }
    }

    /// Whether a change of `path` matters.
    pub fn matches(&self, path: &str) -> bool {
        self.include.iter().any(|p| fnmatch(p, path))
            && !self.exclude.iter().any(|p| fnmatch(p, path))
    }
}

/// Whether an event says that something was written, created, removed or
/// renamed (not merely opened, read or closed without writing).
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Watches directories recursively and reports the first change that
/// passes its [`ChangeFilter`].
pub struct FileWatcher {
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
    filter: ChangeFilter,
}

impl FileWatcher {
    /// Starts the operating system's notification service.
    pub fn new(filter: ChangeFilter) -> Result<Self, WatchError> {
        let (sender, events) = channel();
        let watcher = notify::recommended_watcher(move |event| {
            // The receiver is gone only when the watcher is being dropped.
            let _ = sender.send(event);
        })
        .map_err(|error| WatchError::Backend(error.to_string()))?;
        Ok(FileWatcher {
            watcher,
            events,
            filter,
        })
    }

    /// The name of the notification service in use, such as `"inotify"`.
    pub fn backend() -> &'static str {
        match RecommendedWatcher::kind() {
            WatcherKind::Inotify => "inotify",
            WatcherKind::Fsevent => "fsevents",
            WatcherKind::Kqueue => "kqueue",
            WatcherKind::ReadDirectoryChangesWatcher => "windows",
            WatcherKind::PollWatcher => "poll",
            _ => "other",
        }
    }

    /// Watches `dir` and everything below it.
    pub fn watch(&mut self, dir: &Path) -> Result<(), WatchError> {
        self.watcher
            .watch(dir, RecursiveMode::Recursive)
            .map_err(|error| WatchError::Path {
                path: dir.to_path_buf(),
                reason: error.to_string(),
            })
    }

    /// Stops watching `dir`. A directory that was deleted meanwhile is no
    /// error: its watch is gone already.
    pub fn unwatch(&mut self, dir: &Path) -> Result<(), WatchError> {
        match self.watcher.unwatch(dir) {
            Ok(()) => Ok(()),
            Err(error) if matches!(error.kind, notify::ErrorKind::WatchNotFound) => Ok(()),
            Err(error) => Err(WatchError::Path {
                path: dir.to_path_buf(),
                reason: error.to_string(),
            }),
        }
    }

    /// Blocks until a change that matters arrives and returns its path, or
    /// returns `None` after `timeout`. Errors the service reports while
    /// watching (a watch that vanished with its directory) are skipped.
    pub fn wait(&self, timeout: Duration) -> Option<PathBuf> {
        let deadline = Instant::now().checked_add(timeout);
        loop {
            let left = match deadline {
                Some(deadline) => deadline.saturating_duration_since(Instant::now()),
                None => Duration::MAX,
            };
            let event = match self.events.recv_timeout(left) {
                Ok(Ok(event)) => event,
                Ok(Err(_)) => continue,
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
            };
            if let Some(path) = self.relevant_path(&event) {
                return Some(path);
            }
        }
    }

    fn relevant_path(&self, event: &Event) -> Option<PathBuf> {
        if !is_change(&event.kind) {
            return None;
        }
        event
            .paths
            .iter()
            .find(|path| path.to_str().is_some_and(|text| self.filter.matches(text)))
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn fnmatch_as_python() {
        assert!(fnmatch("*.py", "/a/b/c.py"));
        assert!(!fnmatch("*.py", "/a/b/c.pyc"));
        assert!(fnmatch("*/__pycache__/*", "/a/__pycache__/b.pyc"));
        assert!(!fnmatch("*/__pycache__/*", "/a/__pycache__"));
        assert!(fnmatch("/srv/app*", "/srv/app/x/y.py"));
        assert!(fnmatch("a?c", "abc"));
        assert!(!fnmatch("a?c", "ac"));
        assert!(fnmatch("[ab]x", "bx"));
        assert!(!fnmatch("[!ab]x", "bx"));
        assert!(fnmatch("[a-c]", "b"));
        assert!(fnmatch("[]]", "]"));
        assert!(fnmatch("[", "["));
        assert!(fnmatch("*", ""));
        assert!(!fnmatch("", "a"));
        assert!(fnmatch("*a*b*c", "xxaxxbxxc"));
        assert!(!fnmatch("*a*b*c", "xxaxxcxxb"));
    }

    #[test]
    fn filter_includes_and_excludes() {
        let filter = ChangeFilter::new(
            vec!["*.py".into(), "/etc/app.cfg".into()],
            vec!["*/__pycache__/*".into(), "*/skip/*".into()],
        );
        assert!(filter.matches("/p/a.py"));
        assert!(filter.matches("/etc/app.cfg"));
        assert!(!filter.matches("/p/a.txt"));
        assert!(!filter.matches("/p/skip/a.py"));
        assert!(!filter.matches("/p/__pycache__/a.py"));
    }

    #[test]
    fn reports_a_matching_change_only() -> Result<(), Box<dyn std::error::Error>> {
        let dir = std::env::temp_dir().join(format!("rostzeug-watch-{}", std::process::id()));
        fs::create_dir_all(dir.join("sub"))?;
        let mut watcher = FileWatcher::new(ChangeFilter::new(vec!["*.py".into()], vec![]))?;
        watcher.watch(&dir)?;
        fs::write(dir.join("notes.txt"), "x")?;
        assert_eq!(watcher.wait(Duration::from_millis(200)), None);
        let module = dir.join("sub").join("mod.py");
        fs::write(&module, "x = 1")?;
        let changed = watcher.wait(Duration::from_secs(5));
        fs::remove_dir_all(&dir)?;
        assert_eq!(changed, Some(module));
        Ok(())
    }
}
