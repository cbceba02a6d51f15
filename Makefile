# The commands of the README. Everything runs inside .venv, created on demand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export VIRTUAL_ENV := $(abspath $(VENV))
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: serve test docs dev build pth lint check-rust check-python stubtest pytest typing conformance bench bench-e2e clean fuzz fuzz-replay fuzz-diff wheels wheels-check

serve: build
	$(BIN)/python -m rostzeug serve showcase:application --host 127.0.0.1 --port 8000 --debug --reload

test: build check-rust fuzz-replay check-python stubtest docs pytest conformance

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

$(VENV)/.deps: requirements/build.txt requirements/dev.txt requirements/docs.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $@

check-rust:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	cargo test --workspace --locked --exclude rostzeug-py
	cargo fmt --manifest-path fuzz/Cargo.toml -- --check
	cargo clippy --manifest-path fuzz/Cargo.toml --all-targets --locked -- -D warnings

# Every fuzz target over its committed corpus and past findings
# (fuzz/corpus/<target>/, fuzz/regressions/<target>/), on the stable toolchain.
fuzz-replay:
	cargo test --manifest-path fuzz/Cargo.toml --locked --lib

# Runs every fuzz target for FUZZ_SECONDS (nightly and cargo-fuzz), then
# minimizes its corpus in fuzz/corpus/<target>/. A finding stops it; keep
# the input in fuzz/regressions/<target>/ once it is fixed.
FUZZ_SECONDS ?= 60
fuzz:
	cd fuzz && for target in $$(cargo +nightly fuzz list); do \
		mkdir -p corpus/$$target && \
		cargo +nightly fuzz run -O $$target corpus/$$target -- \
			-max_total_time=$(FUZZ_SECONDS) -timeout=10 && \
		cargo +nightly fuzz cmin -O $$target corpus/$$target || exit 1; \
	done

# tests/differential (rostzeug against Werkzeug on drawn inputs) with the
# "long" Hypothesis profile: many more examples, a new seed each run (pass
# HYPOTHESIS_ARGS=--hypothesis-seed=N to repeat one; DIFF_EXAMPLES sets the
# examples per test, 5000 by default). `make test` runs the
# same tests with the "ci" profile: a fixed seed, about a minute.
HYPOTHESIS_ARGS ?=
DIFF_EXAMPLES ?= 5000
fuzz-diff: build
	ROSTZEUG_DIFF_PROFILE=long ROSTZEUG_DIFF_EXAMPLES=$(DIFF_EXAMPLES) $(BIN)/python -m pytest -q --timeout=0 \
		--hypothesis-show-statistics $(HYPOTHESIS_ARGS) tests/differential

check-python: $(VENV)/.deps
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

# python/rostzeug/_native.pyi against the built native module: names,
# parameters, defaults and classes must agree (it imports the module, so it
# runs after the build). No allowlist: a difference is fixed in the stub or
# in the binding's signature.
stubtest: build
	$(BIN)/python -m mypy.stubtest rostzeug._native

pytest: build
	$(BIN)/python -m pytest -q -rs

# User programs checked with mypy and basedpyright against rostzeug and
# Werkzeug (tests/typing/); `make pytest` runs it too.
typing: build
	$(BIN)/python -m pytest -q tests/typing

# Flask's suite first: its one listed failure fails with Werkzeug too, and
# the last line printed is Werkzeug's suite, which has none.
conformance: build
	$(BIN)/python tests/conformance/run.py --suite flask
	$(BIN)/python tests/conformance/run.py --suite werkzeug

lint: check-rust check-python

# The documentation site, from docs/ into docs/_build/html: any warning
# (a docstring's bad reST, a reference that does not resolve) fails it.
docs: build
	$(BIN)/sphinx-build -W --keep-going -n -q -b html docs docs/_build/html

bench: build
	$(BIN)/python -m benches

# Flask on each toolkit under gunicorn and granian, loaded by wrk (apt-get
# install wrk); minutes long, not part of `make test`.
bench-e2e: build
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/bench-e2e.txt
	$(BIN)/python -m benches.e2e

# The release artifacts in dist/: a manylinux2014 (glibc 2.17) x86_64 wheel
# for each supported CPython, linked by Zig, and the source distribution;
# then tests/wheels/check_wheels.py checks them and installs each into a
# fresh virtualenv of its Python (see CONTRIBUTING.md). Minutes long, not
# part of `make test`. `make wheels-check` checks dist/ again, no build.
wheels: $(VENV)/.wheel-deps
	rm -rf dist
	$(BIN)/python tests/wheels/check_wheels.py --build dist

wheels-check: $(VENV)/.wheel-deps
	$(BIN)/python tests/wheels/check_wheels.py dist

$(VENV)/.wheel-deps: requirements/wheels.txt requirements/build.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/wheels.txt
	touch $@

clean:
	rm -rf $(VENV) target dist docs/_build
