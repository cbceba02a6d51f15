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

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
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

/// Watches directory trees and single directories, and reports the first
/// change that passes its [`ChangeFilter`].
///
/// A tree is watched directory by directory rather than with the service's
/// own recursive mode, so that some subtrees can be left out: those under a
/// skipped prefix (the interpreter's and the virtualenv's installation) and
/// those with a skipped name (`__pycache__`, `.git`). Directories created
/// later inside a tree are added as their creation is reported.
pub struct FileWatcher {
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
    filter: ChangeFilter,
    skip_prefixes: Vec<PathBuf>,
    skip_names: Vec<OsString>,
    trees: BTreeSet<PathBuf>,
    singles: BTreeSet<PathBuf>,
    watched: BTreeSet<PathBuf>,
}

impl FileWatcher {
    /// Starts the operating system's notification service.
    ///
    /// Trees are walked without entering directories below one of
    /// `skip_prefixes` or named as one of `skip_names`.
    pub fn new(
        filter: ChangeFilter,
        skip_prefixes: Vec<PathBuf>,
        skip_names: Vec<OsString>,
    ) -> Result<Self, WatchError> {
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
            skip_prefixes,
            skip_names,
            trees: BTreeSet::new(),
            singles: BTreeSet::new(),
            watched: BTreeSet::new(),
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

    /// The directories that have a watch now.
    pub fn watched(&self) -> impl Iterator<Item = &Path> {
        self.watched.iter().map(PathBuf::as_path)
    }

    fn skipped(&self, dir: &Path) -> bool {
        self.skip_prefixes
            .iter()
            .any(|prefix| dir.starts_with(prefix))
            || dir
                .file_name()
                .is_some_and(|name| self.skip_names.iter().any(|skip| skip == name))
    }

    fn add(&mut self, dir: &Path) -> Result<(), WatchError> {
        self.watcher
            .watch(dir, RecursiveMode::NonRecursive)
            .map_err(|error| WatchError::Path {
                path: dir.to_path_buf(),
                reason: error.to_string(),
            })?;
        self.watched.insert(dir.to_path_buf());
        Ok(())
    }

    /// Watches `top` and the directories below it that are not skipped.
    /// Returns a matching file found on the way when `report_existing`: a
    /// directory that appears with files already in it (moved in, or
    /// created before its watch) is a change itself.
    fn add_tree(
        &mut self,
        top: &Path,
        report_existing: bool,
    ) -> Result<Option<PathBuf>, WatchError> {
        let mut found = None;
        let mut pending = vec![top.to_path_buf()];
        while let Some(dir) = pending.pop() {
            if self.skipped(&dir) {
                continue;
            }
            match self.add(&dir) {
                Ok(()) => {}
                // Below the top, a directory may vanish while it is walked.
                Err(_) if dir != top => continue,
                Err(error) => return Err(error),
            }
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                // file_type() does not follow symbolic links, so a link to a
                // directory is not entered (no cycles).
                match entry.file_type() {
                    Ok(kind) if kind.is_dir() => pending.push(path),
                    Ok(_)
                        if report_existing
                            && found.is_none()
                            && path.to_str().is_some_and(|text| self.filter.matches(text)) =>
                    {
                        found = Some(path);
                    }
                    _ => {}
                }
            }
        }
        Ok(found)
    }

    /// Watches `dir`: with the directories below it when `recursive`, else
    /// only the entries directly in it.
    pub fn watch(&mut self, dir: &Path, recursive: bool) -> Result<(), WatchError> {
        if recursive {
            self.add_tree(dir, false)?;
            self.trees.insert(dir.to_path_buf());
        } else {
            self.add(dir)?;
            self.singles.insert(dir.to_path_buf());
        }
        Ok(())
    }

    /// Stops watching `dir` (and, if it was watched as a tree, the
    /// directories below it that no other watch covers). A directory that
    /// was deleted meanwhile is no error: its watch is gone already.
    pub fn unwatch(&mut self, dir: &Path) -> Result<(), WatchError> {
        let was_tree = self.trees.remove(dir);
        self.singles.remove(dir);
        let candidates: Vec<PathBuf> = if was_tree {
            self.watched
                .range(dir.to_path_buf()..)
                .take_while(|path| path.starts_with(dir))
                .cloned()
                .collect()
        } else {
            vec![dir.to_path_buf()]
        };
        for path in candidates {
            let covered = self.singles.contains(&path)
                || self.trees.iter().any(|tree| path.starts_with(tree));
            if covered {
                continue;
            }
            self.watched.remove(&path);
            match self.watcher.unwatch(&path) {
                Ok(()) => {}
                Err(error) if matches!(error.kind, notify::ErrorKind::WatchNotFound) => {}
                Err(error) => {
                    return Err(WatchError::Path {
                        path,
                        reason: error.to_string(),
                    })
                }
            }
        }
        Ok(())
    }

    /// Blocks until a change that matters arrives and returns its path, or
    /// returns `None` after `timeout`. Lost events (an overflowed queue) count
    /// as a change of the directory reported, or of the first tree. A
    /// directory that appears inside a
    /// watched tree gets its watches on the way. Errors the service reports
    /// while watching (a watch that vanished with its directory) are skipped.
    pub fn wait(&mut self, timeout: Duration) -> Option<PathBuf> {
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
            if event.need_rescan() {
                // The system dropped events (its queue overflowed): any file
                // may have changed unseen, so this counts as a change.
                let place = event.paths.first().or_else(|| self.trees.first());
                if let Some(place) = place {
                    return Some(place.clone());
                }
            }
            if !is_change(&event.kind) {
                continue;
            }
            for path in &event.paths {
                if path.to_str().is_some_and(|text| self.filter.matches(text)) {
                    return Some(path.clone());
                }
            }
            if matches!(
                event.kind,
                EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_))
            ) {
                let new_dirs: Vec<PathBuf> = event
                    .paths
                    .iter()
                    .filter(|path| {
                        path.is_dir() && self.trees.iter().any(|tree| path.starts_with(tree))
                    })
                    .cloned()
                    .collect();
                for dir in new_dirs {
                    if let Ok(Some(found)) = self.add_tree(&dir, true) {
                        return Some(found);
                    }
                }
            }
        }
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
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(dir.join("sub"))?;
        let filter = ChangeFilter::new(vec!["*.py".into()], vec![]);
        let mut watcher = FileWatcher::new(filter, vec![], vec!["skip".into()])?;
        fs::create_dir_all(dir.join("skip"))?;
        watcher.watch(&dir, true)?;
        assert!(watcher.watched().any(|path| path == dir.join("sub")));
        assert!(!watcher.watched().any(|path| path == dir.join("skip")));
        fs::write(dir.join("skip").join("ignored.py"), "x")?;
        fs::write(dir.join("notes.txt"), "x")?;
        assert_eq!(watcher.wait(Duration::from_millis(200)), None);
        let module = dir.join("sub").join("mod.py");
        fs::write(&module, "x = 1")?;
        let changed = watcher.wait(Duration::from_secs(5));
        assert_eq!(changed, Some(module));
        // Writing a file is reported several times (created, written, closed).
        while watcher.wait(Duration::from_millis(100)).is_some() {}
        // A directory made later is watched as soon as it is reported.
        fs::create_dir(dir.join("later"))?;
        assert_eq!(watcher.wait(Duration::from_millis(200)), None);
        let later = dir.join("later").join("new.py");
        fs::write(&later, "x")?;
        let changed = watcher.wait(Duration::from_secs(5));
        watcher.unwatch(&dir)?;
        assert_eq!(watcher.watched().count(), 0);
        fs::remove_dir_all(&dir)?;
        assert_eq!(changed, Some(later));
        Ok(())
    }
}
