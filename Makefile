# Set-up is part of every target: a fresh machine needs nothing but python3.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-postgres lint bench eval clean catalogs messages

# Message catalogs: the .po files are kept in git, their compiled .mo files are built here.
LOCALE := briefing/present/locale
CATALOGS := $(patsubst %.po,%.mo,$(wildcard $(LOCALE)/*/LC_MESSAGES/citybrief.po))

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(LOCALE)/%/LC_MESSAGES/citybrief.mo: $(LOCALE)/%/LC_MESSAGES/citybrief.po | $(STAMP)
	$(VENV)/bin/pybabel compile --statistics -i $< -o $@

catalogs: $(CATALOGS)

# After changing the English strings (briefing/present/messages.py): refresh the template and
# merge it into each language's .po, then translate what is new.
messages: $(STAMP)
	$(VENV)/bin/pybabel extract --no-default-keywords -k N_ --no-location -w 99 \
		--project citybrief --version 0.1.0 -o $(LOCALE)/citybrief.pot briefing/present
	$(VENV)/bin/pybabel update --ignore-obsolete -w 99 -D citybrief \
		-i $(LOCALE)/citybrief.pot -d $(LOCALE)

run: $(STAMP) catalogs
	$(VENV)/bin/citybrief

test: $(STAMP) catalogs lint
	$(VENV)/bin/pytest -q

# The whole suite again with every store on PostgreSQL (a fresh schema per run); fails if the
# server does not answer. TEST_DATABASE_URL overrides the local server.
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
test-postgres: $(STAMP) catalogs
	TEST_DATABASE_URL='$(TEST_DATABASE_URL)' $(PY) -m tests.postgres_reachable
	TEST_DATABASE_URL='$(TEST_DATABASE_URL)' $(VENV)/bin/pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

bench: $(STAMP) catalogs
	$(PY) -m bench.ingest
	$(PY) -m bench.answer
	$(PY) -m bench.passages
	$(PY) -m bench.updates
	$(PY) -m bench.fanout
	$(PY) -m bench.webhook
	$(PY) -m bench.features
	$(PY) -m bench.timezones
	$(PY) -m bench.flood

eval: $(STAMP) catalogs
	$(PY) -m evaluation

clean:
	rm -rf $(VENV) data .mypy_cache .pytest_cache .ruff_cache $(CATALOGS)
