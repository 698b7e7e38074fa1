# Two commands for a newcomer: `make run` and `make test` (README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails and the signed pledge's QR code point at the server make run starts.
SITE_URL ?= http://$(HOST):$(PORT)
# Test workers: two by default (the CI machine has two cores).
TEST_WORKERS ?= 2

# A Python 3.12 or newer: $PYTHON if given, else the first one found on PATH or under pyenv.
find_python = $(shell for p in "$$PYTHON" python3.13 python3.12 python3.14 \
	$$(ls -d $$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV) \
	python3; do \
	  [ -n "$$p" ] && command -v "$$p" >/dev/null 2>&1 && \
	  "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && \
	  { command -v "$$p"; break; }; \
	done)

.PHONY: help
help:
	@echo "make run    install, migrate SQLite, load demo data, start web server and worker"
	@echo "make test   the whole test suite (PostgreSQL when DATABASE_URL is set)"
	@echo "make lint   ruff (lint and format check) and mypy"
	@echo "make bench  the benchmarks in bench/ (not part of the test suite)"

$(VENV)/bin/python:
	@BOOT="$(call find_python)"; \
	if [ -z "$$BOOT" ]; then \
	  echo "Python 3.12 or newer is needed and none was found."; \
	  echo "Install one (e.g. 'pyenv install 3.13') or run: make run PYTHON=/path/to/python3.13"; \
	  exit 1; \
	fi; \
	echo "Creating $(VENV) with $$BOOT ($$($$BOOT --version))"; \
	"$$BOOT" -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip

# Stamps: reinstall only when the pinned requirements change.
$(VENV)/.base: requirements/base.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements/base.txt
	@touch $@

$(VENV)/.dev: requirements/dev.txt $(VENV)/.base
	$(PY) -m pip install --quiet -r requirements/dev.txt
	@touch $@

# A checkout's own secret key (settings read it when SECRET_KEY is not set; they write nothing).
var/secret_key: | $(VENV)/bin/python
	@mkdir -p var/staticfiles
	@umask 077; $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

.PHONY: install install-dev messages compilemessages
install: $(VENV)/.base var/secret_key compilemessages
install-dev: $(VENV)/.dev var/secret_key compilemessages

# Translations are compiled in the build, never committed (.mo files are ignored by git).
compilemessages: $(VENV)/.base var/secret_key
	@$(PY) manage.py compilemessages -l vi --ignore '$(VENV)/*' --ignore 'var/*' -v 0

# Refresh every catalogue after changing strings: each app's strings go to its own locale/,
# templates/ and config/ to the project's. Entries no code marks any more are dropped; a new
# msgid shows up untranslated, and tests/test_translations.py fails until it is translated.
messages: $(VENV)/.base var/secret_key
	$(PY) manage.py makemessages -l vi --no-location --no-obsolete \
	  --ignore '$(VENV)/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'static/*'

.PHONY: run
run: install
	@mkdir -p var
	@DEBUG=1 $(PY) manage.py migrate --no-input -v 0
	@DEBUG=1 $(PY) manage.py seed_demo
	@echo
	@echo "  Open http://$(HOST):$(PORT)/  (Ctrl-C stops the web server and the worker)"
	@echo
	@DEBUG=1 $(PY) manage.py demo_logins
	@echo
	@export DEBUG=1 REQUIRE_2FA=0 SITE_URL='$(SITE_URL)'; \
	trap 'kill 0' EXIT; \
	$(VENV)/bin/celery -A config worker --beat --loglevel=warning --concurrency=1 \
	  --queues=celery,$${REPORTS_QUEUE:-celery} & \
	$(PY) manage.py runserver $(HOST):$(PORT)

.PHONY: test
test: install-dev
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

.PHONY: lint
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy core accounts blocs pledges meetings awards reports config
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

.PHONY: format
format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# A synthetic province (30 blocs, 450 agencies, 10 years) in the configured database
# (DATABASE_URL, else a SQLite file of its own, var/bench.sqlite3), then the board's pages
# timed on it.
# bench/make_run.sh times `make run` from a fresh clone.
# bench/load.py (PostgreSQL only): the same pages under load, gunicorn with 2 workers and wrk with
# 20 connections, each page's p95 against a bare login-required view's (README.md, "Load").
# bench/pdf.py: what a PDF costs (engine overhead, 2-page roster, 1 to 30 pages, a real worker).
# bench/pledges_*.py: a bloc of 20 agencies and 80 criteria: the pledge pages, a 500-criterion
# Excel import, the signed PDF.
# bench/meetings_pages.py: 30 blocs × 15 agencies with their reviews: the meetings pages and
# dashboards, and one invitation's PDF and calendar file.
# bench/excel_bomb.py: how fast Excel bombs are refused, and what the guard costs a real list.
# bench/documents.py (PostgreSQL and Redis): 2 real workers, 100 documents across 34 provinces
# (makespan against the renders' sum ÷ 2) and a roster's wait behind twenty 38-page lists.
.PHONY: bench
bench: export DATABASE_URL ?= sqlite:///$(CURDIR)/var/bench.sqlite3
bench: install-dev wrk
	$(PY) manage.py migrate --no-input -v 0
	$(PY) bench/synthetic.py
	$(PY) bench/pages.py
	@if [[ "$$DATABASE_URL" == postgres* ]]; then $(PY) bench/load.py; \
	else echo "bench/load.py skipped: it measures PostgreSQL (set DATABASE_URL=postgres://...)"; fi
	$(PY) bench/pdf.py
	$(PY) bench/pledges_pages.py
	$(PY) bench/pledges_import.py
	$(PY) bench/pledges_pdf.py
	$(PY) bench/meetings_pages.py
	$(PY) bench/excel_bomb.py
	@if [[ "$$DATABASE_URL" == postgres* && -n "$$REDIS_URL" ]]; then $(PY) bench/documents.py; \
	else echo "bench/documents.py skipped: it needs PostgreSQL and REDIS_URL"; fi

# wrk drives bench/load.py (a Debian package).
.PHONY: wrk
wrk:
	@command -v wrk >/dev/null 2>&1 || $$([ "$$(id -u)" -eq 0 ] || echo sudo) \
	  apt-get install -y --no-install-recommends wrk

# Regenerate the pinned requirements from pyproject.toml (needs network).
.PHONY: lock
lock: $(VENV)/.base
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --python-version 3.12 --no-header -q -o requirements/base.txt
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.12 --no-header -q -o requirements/dev.txt

.PHONY: clean
clean:
	rm -rf $(VENV) var
