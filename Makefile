# The two commands: `make run` (whole stack on embedded defaults) and `make test`.
VENV   ?= .venv
PYTHON ?= python3
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run test lint typecheck unit migrate bench clean-data

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) -m medallion.devstack

test: install lint typecheck
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy .

unit: install
	$(PY) -m pytest tests/unit

migrate: install
	$(PY) -m medallion.migrate

bench: install
	$(PY) -m benchmarks

clean-data:
	rm -rf .data
