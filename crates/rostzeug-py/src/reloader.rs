//! The native reloader's file watcher: `rostzeug-core`'s `FileWatcher`,
//! waiting for changes without the GIL.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use pyo3::exceptions::{PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;

use rostzeug_core::reloader::{ChangeFilter, FileWatcher as CoreWatcher, WatchError};

fn to_py_err(error: WatchError) -> PyErr {
    PyOSError::new_err(error.message())
}

fn poisoned() -> PyErr {
    PyRuntimeError::new_err("the file watcher failed earlier and cannot be used")
}

/// Watches directories and reports the first change of a matching file.
#[pyclass(module = "rostzeug._native", frozen)]
pub struct FileWatcher {
    inner: Mutex<CoreWatcher>,
}

#[pymethods]
impl FileWatcher {
    #[new]
    fn new(
        include: Vec<String>,
        exclude: Vec<String>,
        skip_prefixes: Vec<PathBuf>,
        skip_names: Vec<OsString>,
    ) -> PyResult<Self> {
        let filter = ChangeFilter::new(include, exclude);
        let watcher = CoreWatcher::new(filter, skip_prefixes, skip_names).map_err(to_py_err)?;
        Ok(FileWatcher {
            inner: Mutex::new(watcher),
        })
    }

    #[getter]
    fn backend(&self) -> &'static str {
        CoreWatcher::backend()
    }

    #[pyo3(signature = (path, recursive = true))]
    fn watch(&self, py: Python<'_>, path: PathBuf, recursive: bool) -> PyResult<()> {
        // Watching a large tree walks it; that runs without the GIL too.
        py.detach(|| {
            let mut watcher = self.inner.lock().map_err(|_| poisoned())?;
            watcher.watch(&path, recursive).map_err(to_py_err)
        })
    }

    fn watched(&self) -> PyResult<Vec<OsString>> {
        let watcher = self.inner.lock().map_err(|_| poisoned())?;
        Ok(watcher
            .watched()
            .map(|path| path.as_os_str().to_os_string())
            .collect())
    }

    fn unwatch(&self, path: PathBuf) -> PyResult<()> {
        let mut watcher = self.inner.lock().map_err(|_| poisoned())?;
        watcher.unwatch(&path).map_err(to_py_err)
    }

    /// Paths go back to Python as `str` (undecodable bytes as surrogates,
    /// as `os.fsdecode` gives them).
    fn wait(&self, py: Python<'_>, timeout: f64) -> PyResult<Option<OsString>> {
        let timeout = Duration::try_from_secs_f64(timeout).map_err(|_| {
            PyValueError::new_err(format!(
                "timeout must be a finite number of seconds >= 0, got {timeout}"
            ))
        })?;
        py.detach(|| {
            let mut watcher = self.inner.lock().map_err(|_| poisoned())?;
            Ok(watcher.wait(timeout).map(PathBuf::into_os_string))
        })
    }
}

pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<FileWatcher>()
}
