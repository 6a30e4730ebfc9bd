# The two commands a newcomer needs are `make run` and `make test`; every other target
# is a step they share. Steps are skipped when their inputs have not changed.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .make
MANAGE := $(BIN)/python manage.py
FRONTEND_SOURCES := $(shell find frontend/scss frontend/js frontend/images frontend/build.mjs -type f 2>/dev/null)

.PHONY: help run test setup install frontend migrate demo lint check pytest format clean browser-tools screenshots serve bench bench-tools messages

help:
	@echo "make run    set up everything that is missing, then serve http://127.0.0.1:8000"
	@echo "make test   the same set-up, then lint, Django checks and the whole test suite"
	@echo "make serve  production-like: gunicorn and the background worker on 127.0.0.1:8000 (or PORT)"
	@echo "make bench  measure throughput against stock Wagtail pages on PostgreSQL (long; BENCH_SCALE=small)"
	@echo "make lint | check | pytest | format | clean | screenshots"

run: setup
	$(MANAGE) runserver 127.0.0.1:8000

test: setup lint check pytest

setup: install frontend migrate demo

install: $(STAMPS)/python

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMPS)/python: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@mkdir -p $(STAMPS) && touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

frontend: frontend/build/css/main.css

frontend/build/css/main.css: node_modules/.package-lock.json $(FRONTEND_SOURCES)
	npm run --silent build

# createcachetable makes the table of any database cache the settings use (production's
# shared cache when REDIS_URL is unset); it does nothing when there is none.
migrate: install
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable
	$(MANAGE) set_site_address --verbosity 0

demo: migrate
	$(MANAGE) seed_demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

check: install
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run --noinput

# Two runs: everything but the browser tests in as many processes as PYTEST_WORKERS
# (pytest-xdist; each file stays in one process), then the browser tests, which share
# one live server, in one. pytest exits with 5 when it collects nothing: an empty run
# proves nothing, so either run failing that way fails the target.
PYTEST_WORKERS ?= 2
pytest: install frontend browser-tools
	@for run in "-n $(PYTEST_WORKERS) --dist loadfile --ignore=tests/browser" "tests/browser"; do \
		$(BIN)/pytest $$run; status=$$?; \
		if [ $$status -eq 5 ]; then echo "pytest collected no tests ($$run): failing." >&2; exit 1; fi; \
		if [ $$status -ne 0 ]; then exit $$status; fi; \
	done

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The interface's translations: the compiled .mo files are committed (a fresh machine
# may have no gettext), so run this after editing a .po file.
messages:
	@for po in locale/*/LC_MESSAGES/django.po; do msgfmt --check -o "$${po%.po}.mo" "$$po" || exit 1; done

clean:
	rm -rf $(VENV) $(STAMPS) node_modules frontend/build static

# Production settings on this machine: migrations, collectstatic and `check --deploy`,
# then gunicorn and `manage.py db_worker` together (see config/serve.py).
serve: install frontend
	$(BIN)/python -m config.serve

# Not part of `make test`: it takes long and measures the machine as much as the code.
# Needs PostgreSQL (BENCH_POSTGRES_URL); installs wrk and Redis when missing.
bench: install frontend bench-tools
	$(BIN)/python -m bench.run

bench-tools:
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -q && $(APT_INSTALL) wrk; }
	@command -v redis-server >/dev/null || { $(SUDO) apt-get update -q && $(APT_INSTALL) redis-server; }

# Browser tests drive Debian's Chromium (browser downloads do not work here) and check
# HTML with the Nu HTML Checker on Java. Installed only when missing; apt-get needs root,
# so use sudo (non-interactively) when not running as root.
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo "sudo -n")
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q

browser-tools: $(CHROMIUM)
	@command -v java >/dev/null || { $(SUDO) apt-get update -q && $(APT_INSTALL) default-jre-headless; }

$(CHROMIUM):
	$(SUDO) apt-get update -q
	$(APT_INSTALL) chromium chromium-driver

# Pictures of the main screens at desktop and mobile widths, for the README.
screenshots: install frontend browser-tools
	$(BIN)/pytest -q -p no:cacheprovider tests/browser/screenshots.py
