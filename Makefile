# Two set-up commands: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench lint gazetteer eval clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/analyst main

test: lint
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) -m bench.run

lint: $(STAMP)
	$(PY) -m ruff check bot store tests bench
	$(PY) -m ruff format --check bot store tests bench
	$(PY) -m mypy

gazetteer: $(STAMP)
	$(PY) -m store.geo.build --geonames ../shared/geonames --basemap ../shared/basemap --places ../shared/places

eval: $(STAMP)
	$(VENV)/bin/analyst eval ../shared/eval/*.jsonl

clean:
	rm -rf $(VENV) .pytest_cache
