# Prevent Casework. Two commands do everything on a fresh clone:
#   make run    install, migrate, load the demo data, start the worker and serve http://127.0.0.1:8000
#   make test   install what the tests need and run the whole suite
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
PYTEST_WORKERS ?= auto
export DJANGO_SETTINGS_MODULE ?= prevent_casework.settings.dev

# The first Python 3.12 or newer on the PATH (pyenv's shims honour .python-version).
PYTHON := $(shell for p in python3.13 python3.12 python3 python; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; \
	then echo $$p; break; fi; done)

.PHONY: help run test lint install install-dev browser migrate demo demo-code clean check-python bench

help:
	@echo "make run        install, migrate, load demo data, start the worker and serve http://$(HOST):$(PORT)"
	@echo "make test       install test needs (Chromium too) and run the whole suite"
	@echo "make lint       ruff, the import contract (lint-imports), mypy and makemigrations --check"
	@echo "make demo-code  print the current authenticator code for the demo personas"

check-python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "Prevent Casework needs Python 3.12 or newer, and none was found on the PATH." >&2; \
		echo "Install Python 3.13 (see .python-version) and run this again." >&2; exit 1; fi

$(VENV)/.base-installed: requirements/base.txt | check-python
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements/base.txt
	@touch $@

$(VENV)/.dev-installed: requirements/dev.txt $(VENV)/.base-installed
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.txt
	@touch $@

install: $(VENV)/.base-installed
install-dev: $(VENV)/.dev-installed

migrate: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py createcachetable

demo: migrate
	@mkdir -p var
	@if [ ! -f var/.demo-loaded ]; then $(PY) manage.py load_demo --quiet-personas && touch var/.demo-loaded; fi

demo-code: install
	@$(PY) manage.py demo_code

run: demo
	@$(PY) manage.py shell -c "from prevent_casework.management.commands.load_demo import persona_table; print(persona_table('http://$(HOST):$(PORT)/'))" 2>/dev/null
	@echo "Starting the background worker and the periodic runner beside the server (Ctrl-C stops all three)."
	@trap 'kill 0' EXIT INT TERM; \
	$(PY) manage.py db_worker --queue-name '*' --interval 1 > var/worker.log 2>&1 & \
	$(PY) manage.py run_periodic > var/periodic.log 2>&1 & \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Debian's Chromium for the browser tests; installed when missing and we are root (as in CI).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing Debian's chromium for the browser tests..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else echo "Browser tests need /usr/bin/chromium: sudo apt-get install chromium" >&2; exit 1; fi; fi

# The suite runs in parallel (pytest-xdist), one worker per core; each worker has its own test database
# (test_<name>_gw0, _gw1, ... on PostgreSQL). PYTEST_WORKERS=0 runs it in one process.
test: install-dev browser
	DJANGO_SETTINGS_MODULE=prevent_casework.settings.test $(PY) -m pytest -n $(PYTEST_WORKERS) --dist load $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=prevent_casework.settings.test $(VENV)/bin/mypy .
	DJANGO_SETTINGS_MODULE=prevent_casework.settings.test $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var

# Benchmarks: results go to docs/performance.md (SQLite, then PostgreSQL when BENCH_DATABASE_URL is set).
bench: install-dev
	$(PY) bench/bench_foundation.py --write
	@if [ -n "$(BENCH_DATABASE_URL)" ]; then DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/bench_foundation.py --write; fi
