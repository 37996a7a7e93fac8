# Two set-up commands: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench lint gazetteer eval clean pyc

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Byte-code for the project's modules, written even where PYTHONDONTWRITEBYTECODE is set (each CLI
# start would otherwise compile ~25 modules again: 0.06-0.1 s); cheap when nothing changed.
pyc: $(STAMP)
	$(PY) -m compileall -q bot store bench

run: pyc
	$(VENV)/bin/analyst main

test: lint
	$(PY) -m pytest

bench: pyc
	$(PY) -m bench.run

lint: $(STAMP)
	$(PY) -m ruff check bot store tests bench
	$(PY) -m ruff format --check bot store tests bench
	$(PY) -m mypy

gazetteer: $(STAMP)
	$(PY) -m store.geo.build --geonames ../shared/geonames --basemap ../shared/basemap --places ../shared/places

eval: pyc
	$(VENV)/bin/analyst eval ../shared/eval/*.jsonl

clean:
	rm -rf $(VENV) .pytest_cache
