# Two commands: `make run` (set up and start the site) and `make test` (everything CI checks).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/careshift_test
CHROMIUM := /usr/bin/chromium

.PHONY: run test install install-dev documents-libs chromium lint test-sqlite test-postgres

run: install
	$(BIN)/careshift serve

test: install-dev chromium lint test-sqlite test-postgres

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q uv

# WeasyPrint (board packs as PDF) needs Pango and a font; Debian's packages, installed once if missing.
DOC_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core

install: $(BIN)/python documents-libs
	$(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python -r requirements.lock -e .
	npm ci --no-audit --no-fund --loglevel=error

documents-libs:
	@dpkg -s $(DOC_PACKAGES) >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq $(DOC_PACKAGES); } || { \
	  echo "ERROR: WeasyPrint needs $(DOC_PACKAGES): install them as root (sudo apt-get install -y $(DOC_PACKAGES))."; \
	  exit 1; }

install-dev: install
	$(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python -e '.[dev]' -r requirements.lock

chromium:
	@test -x $(CHROMIUM) || { apt-get update -qq && apt-get install -y -qq chromium; } || { \
	  echo "ERROR: $(CHROMIUM) is missing and 'apt-get install -y chromium' failed."; \
	  echo "       Install Debian's chromium package as root (sudo apt-get install -y chromium), then run make test again."; \
	  exit 1; }

lint:
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

test-sqlite:
	$(BIN)/pytest -n 2 -q

# Required: CI fails if PostgreSQL is unreachable (a plain `pytest` without it still passes).
test-postgres:
	@$(BIN)/python -c "import psycopg; psycopg.connect('postgresql://postgres@127.0.0.1:5432/postgres', connect_timeout=5).close()" \
	  || { echo "ERROR: PostgreSQL is not reachable at 127.0.0.1:5432 (user postgres); the PostgreSQL test run is required."; exit 1; }
	DATABASE_URL=$(PG_URL) CARESHIFT_REQUIRE_DATABASE=postgresql $(BIN)/pytest -n 2 -q tests/integration tests/e2e
