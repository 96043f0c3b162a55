# Set-up is part of every target: a fresh machine needs nothing but python3.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench eval clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/citybrief

test: $(STAMP) lint
	$(VENV)/bin/pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) -m bench.ingest
	$(PY) -m bench.answer
	$(PY) -m bench.updates
	$(PY) -m bench.fanout

eval: $(STAMP)
	$(PY) -m evaluation

clean:
	rm -rf $(VENV) data .mypy_cache .pytest_cache .ruff_cache
