# The commands of the README. Everything runs inside .venv, created on demand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export VIRTUAL_ENV := $(abspath $(VENV))
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: serve test dev build pth lint check-rust check-python pytest conformance bench bench-e2e clean

serve: build
	$(BIN)/python -m rostzeug serve showcase:application --host 127.0.0.1 --port 8000

test: build check-rust check-python pytest conformance

# Release build of the native module into .venv.
build: $(VENV)/.deps
	$(BIN)/maturin develop --release --quiet
	$(MAKE) --no-print-directory pth

# An editable install leaves out the .pth file that the wheel installs
# (ROSTZEUG_AS_WERKZEUG=1 switches `import werkzeug` to rostzeug): copy it.
pth:
	cp python/rostzeug_as_werkzeug.pth "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/"

# Fast debug build, for working on the code.
dev: $(VENV)/.deps
	$(BIN)/maturin develop --quiet
	$(MAKE) --no-print-directory pth

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.deps: requirements/build.txt requirements/dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $@

check-rust:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	cargo test --workspace --locked --exclude rostzeug-py

check-python: $(VENV)/.deps
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

pytest: build
	$(BIN)/python -m pytest -q -rs

conformance: build
	$(BIN)/python tests/conformance/run.py --suite werkzeug
	$(BIN)/python tests/conformance/run.py --suite flask

lint: check-rust check-python

bench: build
	$(BIN)/python -m benches

# Flask on each toolkit under gunicorn and granian, loaded by wrk (apt-get
# install wrk); minutes long, not part of `make test`.
bench-e2e: build
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/bench-e2e.txt
	$(BIN)/python -m benches.e2e

clean:
	rm -rf $(VENV) target
