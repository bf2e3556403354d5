# The two commands: `make run` (whole stack on embedded defaults) and `make test`.
# Everything installs from uv.lock: `make install`, CI (`.ci/run` -> `make test`) and the image.
VENV   ?= .venv
PYTHON ?= python3
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

# uv lives in a venv of its own, so syncing .venv can never remove it.
UV_VERSION := 0.13.8
TOOLS      := .tools
UV         := $(TOOLS)/bin/uv
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS    := never

.PHONY: install lock run test lint fmt typecheck unit migrate bench chaos clean-data

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# --locked: fail, rather than re-resolve, when pyproject.toml and uv.lock disagree.
$(STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --python $(PYTHON) --quiet
	touch $(STAMP)

install: $(STAMP)

# After changing dependencies in pyproject.toml: re-resolve and rewrite uv.lock.
lock: | $(UV)
	$(UV) lock

run: install
	$(PY) -m medallion.devstack

# Tests run in random order: pytest-randomly prints "Using --randomly-seed=N"; pass that flag to
# replay an order (make test PYTEST_ARGS=--randomly-seed=N).
# They run in TEST_WORKERS processes (pytest-xdist), each with its own Postgres and Temporal:
# a test mostly waits on those, so more workers than cores pay off. worksteal hands a worker
# left idle tests queued behind a slow one. TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= 4
test: install lint typecheck
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Fix what lint reports: format, then apply ruff's safe autofixes.
fmt: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

typecheck: install
	$(VENV)/bin/mypy .

unit: install
	$(PY) -m pytest tests/unit

migrate: install
	$(PY) -m medallion.platform.migrate

bench: install
	$(PY) -m benchmarks

# Cases through the API while parts of the stack are killed and the sources misbehave; prints
# what it did and found, exits 1 when a case is lost, wedged, duplicated or built differently.
# CHAOS_CASES=N (default 1000), CHAOS_SEED=S to replay a run, CHAOS_POSTGRES_DOWN_S=S (default 3)
# for a longer database outage.
chaos: install
	$(PY) -m chaos

clean-data:
	rm -rf .data
